//! Exports that run off the UI thread: the view as PNG, a layer as GeoJSON.

use std::path::PathBuf;

use super::AtlasApp;
use crate::ui::loader::off_ui_thread;

impl AtlasApp {
    /// Writes the map as drawn in the next frame to a PNG file.
    pub fn export_view_png(&mut self, path: PathBuf) {
        self.export_request = Some(path);
    }

    /// Opens the native Save dialog for a PNG export without blocking the window.
    pub fn show_export_dialog(&mut self) {
        if self.save_dialog.is_some() {
            return;
        }
        let ctx = self.egui_ctx.clone().unwrap_or_default();
        self.save_dialog = Some(off_ui_thread(&ctx, || {
            rfd::FileDialog::new()
                .set_title("Export view as PNG")
                .set_file_name("chongqing-atlas.png")
                .add_filter("PNG image", &["png"])
                .save_file()
        }));
    }

    /// Whether a PNG export is still being written.
    pub fn is_exporting(&self) -> bool {
        self.export_request.is_some() || self.export.is_some()
    }

    /// Writes a layer (or only its selected feature) to `path` as GeoJSON, off the UI thread;
    /// a notice reports the outcome. With `path` `None` a native Save dialog asks first.
    pub fn export_layer(&mut self, index: usize, only_selected: bool, path: Option<PathBuf>) {
        let Some(layer) = self.layers.get(index) else {
            return;
        };
        let selected = self
            .selection
            .as_ref()
            .filter(|s| s.layer == layer.id)
            .map(|s| s.feature);
        if only_selected && selected.is_none() {
            self.notify(format!("{}: nothing selected to export", layer.name), true);
            return;
        }
        let features = layer.features.clone();
        let name = layer.name.clone();
        let ctx = self.egui_ctx.clone().unwrap_or_default();
        let job = off_ui_thread(&ctx, move || {
            let stem = name.trim_end_matches(".geojson").to_string();
            let path = path.or_else(|| {
                rfd::FileDialog::new()
                    .set_title("Export layer as GeoJSON")
                    .set_file_name(format!("{stem}.geojson"))
                    .add_filter("GeoJSON", &["geojson", "json"])
                    .save_file()
            });
            // Cancelled in the dialog: nothing to report.
            let path = path?;
            let result = match selected.filter(|_| only_selected) {
                Some(i) => crate::io::write_geojson(&path, &stem, features.get(i)),
                None => crate::io::write_geojson(&path, &stem, features.iter()),
            };
            Some(match result {
                Ok(n) => (
                    format!("Exported {n} feature(s) of {name} to {}", path.display()),
                    false,
                ),
                Err(e) => (format!("Export failed: {e}"), true),
            })
        });
        self.jobs.push(job);
    }

    /// Whether a layer export is still running.
    pub fn is_exporting_layer(&self) -> bool {
        !self.jobs.is_empty()
    }

    pub(super) fn poll_jobs(&mut self) {
        let mut running = Vec::new();
        for job in std::mem::take(&mut self.jobs) {
            match job.try_recv() {
                Ok(Some((text, is_error))) => self.notify(text, is_error),
                Ok(None) => {}
                Err(std::sync::mpsc::TryRecvError::Empty) => running.push(job),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {}
            }
        }
        self.jobs = running;
    }
}
