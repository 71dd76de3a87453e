//! Turning layers into what is drawn: geometry prepared once per zoom band, GPU band buffers,
//! the backend-neutral marks above the geometry (symbols, clusters, labels, scale bar) with
//! their style, and a CPU rasteriser for the headless `render` command. Shared by the window
//! and the CLI; nothing here knows egui.

pub mod fetch_window;
pub mod gpu_buffers;
pub mod label_marks;
pub mod labels;
pub mod layer_marks;
pub mod layer_stack;
pub mod map_theme;
pub mod mark;
pub mod mark_style;
pub mod marks;
pub mod points;
pub mod prepared;
pub mod raster;
pub mod text;

pub use layer_stack::{LayerStack, StackEntry};
pub use prepared::{PreparedLayer, label_text};
