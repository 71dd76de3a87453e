//! Opening files: the native dialog, background reads, and turning finished reads into
//! layers (or notices).

use super::AtlasApp;
use crate::io::ReadOptions;
use crate::io::crs::Crs;
use crate::model::{Layer, LayerId, LayerKind, LayerSource, Style, palette_color};
use crate::render::PreparedLayer;
use crate::ui::loader::{PendingLoad, off_ui_thread};

impl AtlasApp {
    /// Opens the native file dialog without blocking the window; chosen files load when
    /// it closes.
    pub fn show_open_dialog(&mut self) {
        if self.open_dialog.is_some() {
            return;
        }
        let ctx = self.egui_ctx.clone().unwrap_or_default();
        self.open_dialog = Some(off_ui_thread(&ctx, || {
            rfd::FileDialog::new()
                .set_title("Open GeoJSON")
                .add_filter("GeoJSON", &["geojson", "json"])
                .add_filter("All files", &["*"])
                .pick_files()
                .unwrap_or_default()
        }));
    }

    /// Starts reading a GeoJSON file in the background; it becomes a layer when done.
    pub fn open_file(&mut self, path: &std::path::Path) {
        self.open_file_with(path, true, None);
    }

    /// Starts reading a file in the background, in the CRS remembered for it. `fit`: zoom to
    /// it when loaded; `replace`: put it in place of that layer.
    pub(crate) fn open_file_with(
        &mut self,
        path: &std::path::Path,
        fit: bool,
        replace: Option<LayerId>,
    ) {
        // Absolute, so a saved session reopens it from any working directory.
        let path = &std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let ctx = self.egui_ctx.clone().unwrap_or_default();
        let viewport = self.map_rect.map_or([1280.0, 800.0], |r| {
            [f64::from(r.width()), f64::from(r.height())]
        });
        let options = ReadOptions {
            crs_override: self.file_crs.get(path).copied(),
        };
        let mut load = PendingLoad::start(path, options, viewport, ctx);
        load.fit = fit;
        load.replace = replace;
        self.pending.push(load);
    }

    /// The CRS a file's coordinates are read in, when the user chose one.
    pub fn file_crs(&self, path: &std::path::Path) -> Option<Crs> {
        self.file_crs.get(path).copied()
    }

    /// Rereads a loaded file taking its coordinates as `crs` (GCJ-02 is converted to WGS84),
    /// and remembers the choice for that file.
    pub fn reload_as(&mut self, index: usize, crs: Crs) {
        let Some(layer) = self.layers.get(index) else {
            return;
        };
        let LayerSource::File(path) = &layer.source else {
            return;
        };
        let (path, id) = (path.clone(), layer.id.clone());
        self.file_crs.insert(path.clone(), crs);
        self.open_file_with(&path, false, Some(id));
    }

    /// Whether some layer's geometry for another zoom band is still being prepared.
    pub fn is_preparing(&self) -> bool {
        self.prepared.iter().any(PreparedLayer::is_preparing)
    }

    /// Whether files are still being read.
    pub fn is_loading(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Moves finished background loads into layers (or error notices).
    pub fn poll_loads(&mut self) {
        if let Some(dialog) = &self.open_dialog {
            match dialog.try_recv() {
                Ok(files) => {
                    self.open_dialog = None;
                    files.iter().for_each(|f| self.open_file(f));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.open_dialog = None;
                    self.notify(
                        "The file dialog could not open; use File ▸ Open path, drop files on \
                         the window, or pass them on the command line",
                        true,
                    );
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
            }
        }
        let mut still_pending = Vec::new();
        for load in std::mem::take(&mut self.pending) {
            match load.poll() {
                None => still_pending.push(load),
                Some(Ok(loaded)) => {
                    let index = self
                        .layers
                        .iter()
                        .filter(|l| l.kind == LayerKind::User)
                        .count();
                    let name = load.file_name();
                    let mut layer = Layer::new(
                        format!("file:{}", load.path.display()),
                        name.clone(),
                        LayerKind::User,
                        LayerSource::File(load.path.clone()),
                        loaded.features,
                        Style::from_base(palette_color(index)),
                    );
                    if !loaded.warnings.is_empty() {
                        self.notify(
                            format!(
                                "{name}: loaded with {} problem(s), see the layer's warnings",
                                loaded.warnings.len()
                            ),
                            false,
                        );
                    }
                    layer.warnings = loaded.warnings;
                    if let Some(saved) = self.restyle.remove(&load.path) {
                        layer.visible = saved.visible;
                        layer.opacity = saved.opacity;
                        layer.style = Style::from_base(saved.color);
                        layer.style.categories = saved
                            .colour_by
                            .map(|p| crate::model::Categories::build(&layer.features, &p));
                    }
                    let slot = load
                        .replace
                        .as_ref()
                        .and_then(|id| self.layers.iter().position(|l| &l.id == id));
                    match slot {
                        Some(i) => {
                            let old = &self.layers[i];
                            layer.visible = old.visible;
                            layer.opacity = old.opacity;
                            layer.style = old.style.clone();
                            let id = old.id.clone();
                            self.layers[i] = layer;
                            self.prepared[i] = loaded.prepared;
                            self.forget_picks_in(&id);
                            if let Some(t) = &self.table
                                && t.layer == id
                            {
                                self.table = None;
                            }
                        }
                        None => {
                            self.prepared.push(loaded.prepared);
                            self.layers.push(layer);
                        }
                    }
                    if load.fit
                        && let Some(bbox) = loaded.bbox
                    {
                        self.zoom_to(bbox);
                    }
                }
                Some(Err(e)) => {
                    let text = format!("{}: {e}", load.path.display());
                    self.notify(text, true);
                }
            }
        }
        self.pending = still_pending;
    }
}
