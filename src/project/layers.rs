//! How each layer is kept: by its source (a bundled layer's id, a file and the layer inside
//! it, a PostGIS table) and its look (visibility, opacity, colour, categories or classes,
//! filter). The session and the project file both write layers this way.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::model::Rgba;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileLayer {
    pub path: PathBuf,
    /// The name shown, when it is not the file's (a tool's layer kept on disk).
    #[serde(default)]
    pub name: Option<String>,
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
    /// Circles sized by a field, if any.
    #[serde(default)]
    pub proportional: Option<crate::model::Proportional>,
    /// Labels from a field, if any.
    #[serde(default)]
    pub labels: Option<crate::model::FieldLabels>,
}

/// A PostGIS table shown as a layer (the password is never stored: it comes from
/// PGPASSWORD, ~/.pgpass or the layer's retry field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatabaseLayer {
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
pub struct BundledLayer {
    pub id: String,
    pub visible: bool,
    pub opacity: f32,
    #[serde(default)]
    pub colour_by: Option<String>,
    #[serde(default)]
    pub graduated: Option<crate::model::Graduated>,
    #[serde(default)]
    pub filter: Option<String>,
    /// Circles sized by a field, if any.
    #[serde(default)]
    pub proportional: Option<crate::model::Proportional>,
    /// Labels from a field, if any.
    #[serde(default)]
    pub labels: Option<crate::model::FieldLabels>,
}
