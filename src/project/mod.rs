//! Project files (`.atlas`): a map to keep, send and open again, as a QGIS `.qgz` is. JSON
//! that lists every layer in drawing order with its source and look (`layers.rs`: the same
//! records the automatic session keeps), the reading choices made per file (CRS, encoding,
//! columns, layers picked), the view, the administrative vintage and the basemap. Paths are
//! written relative to the project's folder, so a folder of data and its project moves as
//! one; a source that is gone opens as a row that says so. `build.rs` makes the layers of a
//! project without a window, for `render --project`.

pub mod build;
mod layers;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::io::embedded::Vintage;
pub use layers::{BundledLayer, DatabaseLayer, FileLayer};

/// The file's extension.
pub const EXTENSION: &str = "atlas";

/// What the `format` member says, to tell a project from any JSON.
const FORMAT: &str = "chongqing-atlas project";
/// The version written; a later one is refused with a message rather than half-read.
const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub format: String,
    pub version: u32,
    /// Every layer's id in drawing order (bottom first): bundled, files and tables.
    pub order: Vec<String>,
    pub bundled: Vec<BundledLayer>,
    /// File layers, bottom first; paths relative to the project's folder where they can be.
    pub files: Vec<FileLayer>,
    #[serde(default)]
    pub database_layers: Vec<DatabaseLayer>,
    #[serde(default)]
    pub gcj02_files: Vec<PathBuf>,
    #[serde(default)]
    pub bd09_files: Vec<PathBuf>,
    #[serde(default)]
    pub file_encodings: Vec<(PathBuf, String)>,
    #[serde(default)]
    pub file_placements: Vec<(PathBuf, crate::model::Placement)>,
    #[serde(default)]
    pub file_layers: Vec<(PathBuf, Vec<String>)>,
    /// Centre lon, lat and zoom.
    pub view: Option<(f64, f64, f64)>,
    #[serde(default)]
    pub vintage: Vintage,
    /// The basemap as the window names it (kept as written; a window that does not know it
    /// keeps its own).
    #[serde(default)]
    pub basemap: Option<serde_json::Value>,
}

impl Project {
    /// An empty project of the current format, to fill in.
    pub fn new(vintage: Vintage) -> Self {
        Self {
            format: FORMAT.into(),
            version: VERSION,
            order: Vec::new(),
            bundled: Vec::new(),
            files: Vec::new(),
            database_layers: Vec::new(),
            gcj02_files: Vec::new(),
            bd09_files: Vec::new(),
            file_encodings: Vec::new(),
            file_placements: Vec::new(),
            file_layers: Vec::new(),
            view: None,
            vintage,
            basemap: None,
        }
    }

    /// Writes the project to `path` (under a temporary name, then renamed: a failed save
    /// leaves the old project whole), its paths relative to `path`'s folder.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let folder = folder_of(path);
        let mut relative = self.clone();
        relative.map_paths(|p| pathdiff::diff_paths(p, &folder).unwrap_or_else(|| p.to_path_buf()));
        let text = serde_json::to_string_pretty(&relative)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        crate::platform::atomic::write(path, text.as_bytes())
            .map_err(|e| format!("cannot save {}: {e}", path.display()))
    }

    /// Reads the project at `path`, its paths made absolute again. An error says what is
    /// wrong and where (line and column for JSON).
    pub fn open(path: &Path) -> Result<Project, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        Self::from_text(&text, path)
    }

    /// A project from its text, as if read from `path`.
    pub fn from_text(text: &str, path: &Path) -> Result<Project, String> {
        let shown = path.display();
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            format!(
                "{shown}: not a project (line {}, column {}: {e})",
                e.line(),
                e.column()
            )
        })?;
        if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
            return Err(format!(
                "{shown}: not a Chongqing Atlas project (no \"format\": \"{FORMAT}\")"
            ));
        }
        let version = value.get("version").and_then(serde_json::Value::as_u64);
        if version.is_none_or(|v| v > u64::from(VERSION)) {
            return Err(format!(
                "{shown}: a project of version {} (this version of the app reads up to {VERSION})",
                version.map_or_else(|| "?".into(), |v| v.to_string())
            ));
        }
        let mut project: Project =
            serde_json::from_value(value).map_err(|e| format!("{shown}: damaged project: {e}"))?;
        let folder = folder_of(path);
        project.map_paths(|p| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                folder.join(p)
            }
        });
        Ok(project)
    }

    /// Every path the project holds, changed by `change`.
    fn map_paths(&mut self, change: impl Fn(&Path) -> PathBuf) {
        // A file layer's id holds its path: the drawing order follows the change.
        let id_of =
            |path: &Path, inner: Option<&str>| crate::load::user_layer_identity(path, inner).0.0;
        for file in &self.files {
            let (old, new) = (
                id_of(&file.path, file.layer.as_deref()),
                id_of(&change(&file.path), file.layer.as_deref()),
            );
            for id in self.order.iter_mut().filter(|id| **id == old) {
                id.clone_from(&new);
            }
        }
        for file in &mut self.files {
            file.path = change(&file.path);
        }
        for path in self.gcj02_files.iter_mut().chain(&mut self.bd09_files) {
            *path = change(path);
        }
        for (path, _) in &mut self.file_encodings {
            *path = change(path);
        }
        for (path, _) in &mut self.file_placements {
            *path = change(path);
        }
        for (path, _) in &mut self.file_layers {
            *path = change(path);
        }
    }
}

/// The folder a project file is in, absolute (paths are made relative to it).
fn folder_of(path: &Path) -> PathBuf {
    let folder = path.parent().unwrap_or(Path::new("."));
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf())
}

#[cfg(test)]
mod tests;
