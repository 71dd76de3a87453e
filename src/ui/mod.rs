//! The egui window, grouped by part: the app that holds the parts ([`app`]), the map
//! ([`map`]), the panels ([`panels`]), opening files ([`files`]), the basemap ([`basemap`]),
//! exports, PostGIS layers and the time filter. Each part owns its state; a panel takes the
//! part it shows. The work behind them (reading, cutting, querying) lives in egui-free
//! modules ([`crate::load`], [`crate::live`]).

mod analysis_tools;
mod app;
mod basemap;
mod export;
mod files;
mod fonts;
mod map;
mod notices;
mod panels;
mod picks;
mod postgis_dialog;
mod session;
mod shortcuts;
pub mod time_filter;
mod worker;

pub use app::{AppConfig, AtlasApp, Probe};
pub use basemap::sources::{BasemapChoice, BasemapStatus};
pub use export::ExportScope;
pub use fonts::install_fonts;
pub use notices::{Notice, NoticeLevel};
pub use panels::about::APP_ICON_PNG;
pub use picks::{ChosenSet, Selection};
pub use session::{Session, SessionFile};
