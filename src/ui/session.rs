//! What is restored on the next start (eframe storage): the files loaded with their CRS
//! choice and style, the view, the basemap and the administrative vintage.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::io::embedded::Vintage;
use crate::model::Rgba;
use crate::ui::basemap::sources::BasemapChoice;

/// Key of the session in eframe's storage.
pub const STORAGE_KEY: &str = "chongqing-atlas-session";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionFile {
    pub path: PathBuf,
    /// The layer's name inside the file, for files that hold several (a GeoPackage's table,
    /// a GPX's tracks); `None`: the file is one layer.
    #[serde(default)]
    pub layer: Option<String>,
    pub visible: bool,
    pub opacity: f32,
    pub color: Rgba,
    /// Property the layer is coloured by, if categorised.
    #[serde(default)]
    pub colour_by: Option<String>,
    /// Its classes, if graduated (bounds, colours, method and ramp).
    #[serde(default)]
    pub graduated: Option<crate::model::Graduated>,
    /// Its filter expression, as typed.
    #[serde(default)]
    pub filter: Option<String>,
}

/// A PostGIS table shown as a layer (the password is never stored: it comes from
/// PGPASSWORD, ~/.pgpass or the layer's retry field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionDatabaseLayer {
    pub address: crate::model::database::PgAddress,
    pub table: crate::model::database::TableRef,
    pub visible: bool,
    pub opacity: f32,
    pub color: Rgba,
    /// Column the layer is coloured by (its classes come from the server again).
    #[serde(default)]
    pub colour_by: Option<String>,
    /// Its filter expression (the server's `WHERE`).
    #[serde(default)]
    pub filter: Option<String>,
}

/// How a bundled layer (districts, thematic layers, airports) was shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionBundled {
    pub id: String,
    pub visible: bool,
    pub opacity: f32,
    #[serde(default)]
    pub colour_by: Option<String>,
    #[serde(default)]
    pub graduated: Option<crate::model::Graduated>,
    #[serde(default)]
    pub filter: Option<String>,
}

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
