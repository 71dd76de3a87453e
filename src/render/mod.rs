//! Turning layers into what is drawn: geometry prepared once per zoom band, label placement,
//! and a CPU rasteriser for the headless `render` command. Shared by the window and the CLI.

pub mod gpu_buffers;
pub mod labels;
pub mod points;
pub mod prepared;
pub mod raster;
pub mod raster_points;

pub use prepared::{PreparedLayer, label_text};
