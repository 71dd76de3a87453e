//! The egui window: the app and its parts (each owns its state: layer list, map, picks,
//! basemap, file loads, export, search, table, measure tool, notices), the panels that show
//! them, the walkers map, and the painters of the shared marks.

mod about;
mod app;
mod basemap;
mod basemap_picker;
mod card;
mod charts;
mod export;
mod file_loads;
mod fonts;
mod layer_panel;
mod legend;
mod loader;
mod map_gpu;
mod map_input;
mod map_paint;
mod map_view;
mod notices;
mod paint;
mod panels;
mod path_field;
mod picks;
pub mod postgis;
mod reading_rows;
mod search;
mod session;
mod table;
pub mod time_filter;
mod tools;

pub use about::APP_ICON_PNG;
pub use app::{AppConfig, AtlasApp};
pub use basemap::{BasemapChoice, BasemapStatus};
pub use export::ExportScope;
pub use fonts::install_fonts;
pub use loader::{LoadedFile, LoadedLayer, load_file};
pub use map_view::CHONGQING_BBOX;
pub use notices::{Notice, NoticeLevel};
pub use picks::Selection;
pub use session::{Session, SessionFile};
