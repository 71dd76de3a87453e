//! Turning layers into what is drawn: geometry prepared once per zoom band, label placement,
//! and a CPU rasteriser for the headless `render` command. Shared by the window and the CLI.

pub mod labels;
pub mod prepared;
pub mod raster;

pub use prepared::{PreparedLayer, label_text};
