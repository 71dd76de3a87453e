//! What is restored on the next start (eframe storage): the files loaded with their CRS
//! choice and style, the view, the basemap and the administrative vintage.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::io::embedded::Vintage;
use crate::ui::basemap::sources::BasemapChoice;

/// Key of the session in eframe's storage.
pub const STORAGE_KEY: &str = "chongqing-atlas-session";

pub use crate::project::{
    BundledLayer as SessionBundled, DatabaseLayer as SessionDatabaseLayer, FileLayer as SessionFile,
};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Session {
    /// Every layer's id in drawing order (bottom first): bundled, files and tables.
    #[serde(default)]
    pub order: Vec<String>,
    /// The bundled layers' visibility, opacity and colouring.
    #[serde(default)]
    pub bundled: Vec<SessionBundled>,
    /// The layers of files, in drawing order (bottom first), one entry per layer.
    pub files: Vec<SessionFile>,
    /// Files the user said are GCJ-02 (converted on load), remembered even after removal.
    pub gcj02_files: Vec<PathBuf>,
    /// Files the user said are BD-09.
    #[serde(default)]
    pub bd09_files: Vec<PathBuf>,
    /// Text encodings chosen per file, by name (DBF, CSV).
    #[serde(default)]
    pub file_encodings: Vec<(PathBuf, String)>,
    /// Columns chosen to place a table's rows, per file.
    #[serde(default)]
    pub file_placements: Vec<(PathBuf, crate::model::Placement)>,
    /// Layers picked per file that holds several.
    #[serde(default)]
    pub file_layers: Vec<(PathBuf, Vec<String>)>,
    /// PostGIS tables shown as layers, above the files.
    #[serde(default)]
    pub database_layers: Vec<SessionDatabaseLayer>,
    /// Databases connected to before, newest first, for the connect dialog.
    #[serde(default)]
    pub connections: Vec<crate::model::database::PgAddress>,
    /// Centre lon, lat and zoom.
    pub view: Option<(f64, f64, f64)>,
    pub vintage: Vintage,
    pub basemap: BasemapChoice,
    /// The interface's language, once the user picked one.
    #[serde(default)]
    pub language: Option<crate::i18n::Language>,
    #[serde(default)]
    pub theme: ThemeChoice,
}

/// View → Theme: the system's, or light or dark whatever the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }
}
