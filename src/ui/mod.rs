//! The egui window: app state, panels and the map plugin.

mod app;
mod basemap;
mod basemap_picker;
mod card;
mod charts;
mod fonts;
mod legend;
mod loader;
mod map_gpu;
mod map_view;
mod panels;
mod search;
mod session;
mod table;
mod tools;

pub use app::{AppConfig, AtlasApp, CHONGQING_BBOX, Notice, Selection};
pub use basemap::{BasemapChoice, BasemapStatus};
pub use fonts::install_fonts;
pub use loader::{LoadedFile, load_file};
pub use map_view::show_map;
pub use session::{Session, SessionFile};
