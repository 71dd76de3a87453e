//! Turning files into layers: opening (dialog, path, drop, command line) and placing each
//! finished read in the layer stack, or reporting why it failed.

use super::AtlasApp;
use crate::analysis::datum_check::Telltale;
use crate::i18n::trf;
use crate::io::crs::Crs;
use crate::load::user_layer;
use crate::model::{Categories, Layer};
use crate::render::PreparedLayer;
use crate::ui::files::{FinishedLoad, OnArrival};
use crate::ui::notices::{Notice, NoticeAction};
use crate::ui::panels::reading_rows::ReadChange;

impl AtlasApp {
    /// Opens the native file dialog without blocking the window; chosen files load when it
    /// closes.
    pub fn show_open_dialog(&mut self) {
        self.files.show_open_dialog();
    }

    /// Starts reading a file in the background; it becomes a layer when done and the view
    /// fits it.
    pub fn open_file(&mut self, path: &std::path::Path) {
        let is_project = (path.extension()).is_some_and(|e| e == crate::project::EXTENSION);
        if is_project {
            self.open_project(path);
            return;
        }
        let viewport = self.map.viewport();
        self.files.open(path, viewport, OnArrival::FitView, None);
    }

    /// Whether files are still being read.
    pub fn is_loading(&self) -> bool {
        self.files.is_loading()
    }

    /// Opens files chosen in the dialog and moves finished reads into layers (or notices).
    pub fn poll_loads(&mut self) {
        match self.files.poll_dialog() {
            Ok(paths) => paths.iter().for_each(|p| self.open_file(p)),
            Err(notice) => self.notices.push(notice),
        }
        for load in self.files.poll_finished() {
            self.place_load(load);
        }
    }

    /// Puts a layer in the stack: in place of the layer of the same id (a reread, a restored
    /// session's placeholder, the same file opened again), keeping its look; else on top.
    fn place_layer(&mut self, mut layer: Layer, prepared: PreparedLayer) {
        match self.layers.position(&layer.id) {
            Some(i) => {
                let old = &self.layers.layers()[i];
                layer.visible = old.visible;
                layer.opacity = old.opacity;
                layer.style = old.style.clone();
                layer.filter = old.filter.clone();
                if let Some(categories) = &old.style.categories {
                    // Classes are rebuilt from the features that arrived.
                    layer.style.categories =
                        Some(Categories::build(&layer.features, &categories.property));
                }
                if let Some(graduated) = &old.style.graduated {
                    layer.style.graduated = Some(crate::analysis::graduate::recount(
                        &layer.features,
                        graduated,
                    ));
                }
                let old = self.layers.replace(i, layer, prepared);
                self.picks.forget_layer(&old.id);
                if self.table.as_ref().is_some_and(|t| t.layer == old.id) {
                    self.table = None;
                }
            }
            None => self.layers.push(layer, prepared),
        }
    }

    fn place_load(&mut self, load: FinishedLoad) {
        let loaded = match load.result {
            Ok(loaded) => loaded,
            Err(e) => {
                if let crate::io::ReadError::Crs(problem) = &e
                    && load.replace.is_none()
                {
                    let viewport = self.map.viewport();
                    (self.files).ask_crs(&load.path, problem, viewport, load.on_arrival);
                }
                // The reason comes from the reader, in English, with its line and feature.
                let text = trf("{file}: {e}", &[("file", &load.path.display()), ("e", &e)]);
                self.notices.push(Notice::error(text));
                self.mark_unread(&load.path, &e);
                return;
            }
        };
        for part in loaded.layers {
            let nth = self.user_layer_count();
            let mut layer = user_layer(&load.path, part.name.as_deref(), part.features, nth);
            if let Some(given) = self.files.file_names.get(&load.path) {
                layer.name.clone_from(given);
            }
            let name = layer.name.clone();
            if !part.warnings.is_empty() {
                self.notices.push(Notice::info(trf(
                    "{name}: loaded with {n} problem(s), see the layer's warnings",
                    &[("name", &name), ("n", &part.warnings.len())],
                )));
            }
            if let Some((crs, telltale)) = &part.suspected
                && !self.files.file_crs.contains_key(&load.path)
            {
                self.notices.push(shifted_notice(&layer, *crs, telltale));
            }
            layer.warnings = part.warnings;
            layer.field_aliases = part.field_aliases;
            layer.reading = part.reading;
            // A restored session's placeholder gives way to it, keeping the saved look.
            self.place_layer(layer, part.prepared);
        }
        if load.on_arrival == OnArrival::FitView
            && let Some(bbox) = loaded.bbox
        {
            self.zoom_to(bbox);
        }
    }

    /// A restored session's placeholders for a file that could not be read again (its layers
    /// still without features) stay in the stack (the session keeps them), saying why.
    fn mark_unread(&mut self, path: &std::path::Path, error: &crate::io::ReadError) {
        let source = crate::model::LayerSource::File(path.to_path_buf());
        for (_, layer) in self.layers.iter_mut() {
            if layer.source == source && layer.features.is_empty() {
                layer
                    .warnings
                    .push(crate::model::LoadWarning::file_level(format!(
                        "the file could not be read again: {error}"
                    )));
            }
        }
    }

    /// Carries out a notice's button.
    pub(super) fn act_on(&mut self, action: NoticeAction) {
        match action {
            NoticeAction::ReadAs { layer, crs } => {
                if let Some(index) = self.layers.position(&layer) {
                    self.reread(index, ReadChange::Crs(Some(crs)));
                }
            }
            NoticeAction::Undo { layer } => self.undo_removal(&layer),
        }
    }
}

/// "May be in GCJ-02", saying why, with the button that reads it again in that system.
fn shifted_notice(layer: &Layer, crs: Crs, telltale: &Telltale) -> Notice {
    let why = match telltale {
        Telltale::Name(word) => trf("its name says “{word}”", &[("word", word)]),
        Telltale::Offset {
            as_read_m,
            converted_m,
        } => trf(
            "its lines run {m} m from the district boundaries, {c} m once converted",
            &[("m", &as_read_m.round()), ("c", &converted_m.round())],
        ),
    };
    let text = trf(
        "{name} may be in {crs}, which puts it 300–600 m off the map: {why}",
        &[("name", &layer.name), ("crs", &crs), ("why", &why)],
    );
    Notice::info(text).with_action(NoticeAction::ReadAs {
        layer: layer.id.clone(),
        crs,
    })
}
