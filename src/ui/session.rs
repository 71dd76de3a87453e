//! What is restored on the next start (eframe storage): the files loaded with their CRS
//! choice and style, the view, the basemap and the administrative vintage.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::app::AtlasApp;
use super::basemap::BasemapChoice;
use crate::io::crs::Crs;
use crate::io::embedded::Vintage;
use crate::model::{LayerKind, LayerSource, Rgba};

/// Key of the session in eframe's storage.
pub const STORAGE_KEY: &str = "chongqing-atlas-session";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionFile {
    pub path: PathBuf,
    pub visible: bool,
    pub opacity: f32,
    pub color: Rgba,
    /// Property the layer is coloured by, if categorised.
    #[serde(default)]
    pub colour_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Session {
    /// Files in drawing order (bottom first).
    pub files: Vec<SessionFile>,
    /// Files the user said are GCJ-02 (converted on load), remembered even after removal.
    pub gcj02_files: Vec<PathBuf>,
    /// Centre lon, lat and zoom.
    pub view: Option<(f64, f64, f64)>,
    pub vintage: Vintage,
    pub basemap: BasemapChoice,
}

impl AtlasApp {
    /// The state worth restoring next time.
    pub fn session(&self) -> Session {
        let files = self
            .layers
            .iter()
            .filter(|l| l.kind == LayerKind::User)
            .filter_map(|l| match &l.source {
                LayerSource::File(path) => Some(SessionFile {
                    path: path.clone(),
                    visible: l.visible,
                    opacity: l.opacity,
                    color: l.style.stroke,
                    colour_by: l.style.categories.as_ref().map(|c| c.property.clone()),
                }),
                LayerSource::Embedded(_) => None,
            })
            .collect();
        let view = self.view.map(|v| {
            let (lon, lat) = crate::geometry::mercator_to_lonlat(v.center);
            (lon, lat, v.zoom())
        });
        let mut gcj02_files: Vec<PathBuf> = self
            .file_crs
            .iter()
            .filter(|(_, crs)| **crs == Crs::Gcj02)
            .map(|(p, _)| p.clone())
            .collect();
        gcj02_files.sort();
        Session {
            files,
            gcj02_files,
            view,
            vintage: self.vintage,
            basemap: self.basemap_choice.clone(),
        }
    }

    /// Reopens a saved session's files (in the background, as any open) and its view. Files
    /// that are gone are reported and skipped.
    pub fn restore(&mut self, session: Session) {
        for path in session.gcj02_files {
            self.file_crs.insert(path, Crs::Gcj02);
        }
        self.set_vintage(session.vintage);
        if session.basemap != BasemapChoice::Offline {
            self.set_basemap(session.basemap);
        }
        for file in session.files {
            if !file.path.exists() {
                self.notify(
                    format!("{}: not found, not reopened", file.path.display()),
                    true,
                );
                continue;
            }
            self.restyle.insert(file.path.clone(), file.clone());
            self.open_file_with(&file.path, false, None);
        }
        if let Some((lon, lat, zoom)) = session.view {
            self.center_at(lon, lat, zoom);
        }
    }
}
