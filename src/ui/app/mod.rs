//! The app: the parts that own the window's state, and the operations that span several of
//! them (open a file into a layer, select and fly to a feature, switch the vintage). Panels
//! outside this module take only the part they show.

use std::path::{Path, PathBuf};

use super::export::{ExportScope, ExportState};
use super::notices::{Notice, Notices};
use super::picks::{Picks, Selection};
use crate::io::crs::Crs;
use crate::io::embedded::{DISTRICTS_LAYER_ID, Vintage, default_layers, district_layer};
use crate::model::{Feature, Layer, LayerId, LayerSource};
use crate::render::layer_stack::Direction;
use crate::render::marks::Overlay;
use crate::render::{LayerStack, PreparedLayer};
use crate::ui::basemap::BasemapState;
use crate::ui::basemap::sources::BasemapChoice;
use crate::ui::files::{FileLoads, OnArrival};
use crate::ui::map::measure::MeasureTool;
use crate::ui::map::view::{MapParts, MapState};
use crate::ui::panels::layers::LayerAction;
use crate::ui::panels::reading_rows::ReadChange;
use crate::ui::panels::search::SearchState;
use crate::ui::panels::table::TableState;

mod chosen;
mod database;
mod files;
mod frame;
mod probe;
mod project;
mod restore;

pub use probe::Probe;

/// How the app starts; tests turn off what would make them slow or nondeterministic.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Draw the offline basemap under the layers.
    pub basemap: bool,
    /// GeoJSON files to open at start.
    pub files: Vec<PathBuf>,
    /// Where downloaded tiles (and the unpacked offline basemap) are kept.
    pub cache_dir: PathBuf,
    /// Reopen the files and view of the last session (eframe storage).
    pub restore_session: bool,
    /// Where crash reports and a session rescued from a crash are kept.
    pub data_dir: PathBuf,
    /// The interface's language; `None`: the session's choice, else the system's locale.
    pub language: Option<crate::i18n::Language>,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            basemap: true,
            files: Vec::new(),
            cache_dir: crate::platform::dirs::cache_dir(),
            restore_session: true,
            data_dir: crate::platform::dirs::data_dir(),
            language: None,
        }
    }
}

pub struct AtlasApp {
    layers: LayerStack,
    /// Which administrative map the districts layer shows.
    vintage: Vintage,
    map: MapState,
    picks: Picks,
    basemap: BasemapState,
    files: FileLoads,
    export: ExportState,
    notices: Notices,
    search: SearchState,
    /// The attribute table, when open.
    table: Option<TableState>,
    measure: MeasureTool,
    charts_open: bool,
    /// The left panel (search, basemap, layers, map key) is open; it also closes by dragging
    /// its edge.
    layers_panel_open: bool,
    /// The right panel (the selected feature's card) is open; a new selection opens it.
    inspector_open: bool,
    /// Layers removed this session, with their place, for Undo.
    removed: Vec<(usize, Layer, PreparedLayer)>,
    /// The selection the inspector last showed: a different one opens it again.
    inspected: Option<Selection>,
    /// The time filter and its bar (kepler.gl's timeline with play).
    time: crate::ui::time_filter::TimeFilter,
    /// PostGIS layers: their workers, status and the connect dialog.
    pg: crate::live::postgis::PgLayers,
    /// "Add PostGIS layer…".
    pg_dialog: crate::ui::postgis_dialog::ConnectDialog,
    about: crate::ui::panels::about::About,
    /// The interface's language (View → Language).
    language: crate::i18n::Language,
    /// The locale's language, read once: the session keeps a choice only when it differs.
    system_language: crate::i18n::Language,
    /// View → Theme; the map follows the window's theme.
    theme: crate::ui::session::ThemeChoice,
    /// The session as last handed to the crash handler, to hand it a new one only on change.
    kept_session: Option<crate::ui::session::Session>,
    /// Writes the session to the data folder after every change (when sessions are kept).
    session_saver: Option<crate::platform::session_store::SessionSaver>,
    /// The Analysis menu's tools and the work they run.
    analysis: crate::ui::analysis_tools::AnalysisTools,
    /// Project saves and opens in flight.
    project_jobs: Vec<project::ProjectJob>,
    /// For work that reports back from other threads.
    ctx: egui::Context,
    /// Where crash reports, the session and tools' layers are kept.
    data_dir: PathBuf,
}

impl AtlasApp {
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        let ctx = &cc.egui_ctx;
        // Notices made while starting speak the language the app will most likely use.
        let system_language = crate::i18n::Language::from_environment();
        crate::i18n::set_language(config.language.unwrap_or(system_language));
        crate::ui::install_fonts(ctx);
        let (offline, basemap_notice) = if config.basemap {
            crate::ui::basemap::sources::offline(ctx, &config.cache_dir)
        } else {
            (None, None)
        };
        let mut app = Self::with_layers_in(ctx, default_layers(Vintage::Current));
        app.notices.extend(basemap_notice);
        app.basemap = BasemapState::new(ctx.clone(), offline, config.cache_dir.clone());
        app.map.gpu = crate::ui::map::gpu::install(cc.wgpu_render_state.as_ref());
        app.data_dir.clone_from(&config.data_dir);
        for report in crate::platform::crash::announce_new_reports(&config.data_dir) {
            app.notices.push(Notice::error(crate::i18n::trf(
                "Chongqing Atlas crashed last time. The report is in {path}",
                &[("path", &report.display())],
            )));
        }
        let (session, session_notices) = if config.restore_session {
            restore::startup_session(cc.storage, &config.data_dir)
        } else {
            (None, Vec::new())
        };
        app.notices.extend(session_notices);
        if config.restore_session {
            crate::platform::atomic::remove_stale_partials(&config.data_dir);
            // GeoPackages unzipped by a process that was killed mid-read: a folder is read,
            // so not on the UI thread.
            crate::parallel::spawn_background("temporary files", || {
                let removed = crate::io::remove_stale_unpacked(&std::env::temp_dir());
                if removed > 0 {
                    tracing::info!("removed {removed} stale unzipped GeoPackage copies");
                }
            });
            app.session_saver = Some(crate::platform::session_store::SessionSaver::new(
                config.data_dir.clone(),
            ));
        }
        app.language = (config.language)
            .or_else(|| session.as_ref().and_then(|s| s.language))
            .unwrap_or(system_language);
        crate::i18n::set_language(app.language);
        app.system_language = system_language;
        app.theme = session.as_ref().map_or_else(Default::default, |s| s.theme);
        // Where the system does not say (many X11 desktops), the map's own light look.
        ctx.options_mut(|o| o.fallback_theme = egui::Theme::Light);
        ctx.set_theme(app.theme.preference());
        if let Some(mut session) = session {
            // Files also named on the command line open once, from there.
            let asked: Vec<PathBuf> = config
                .files
                .iter()
                .map(|f| std::fs::canonicalize(f).unwrap_or_else(|_| f.clone()))
                .collect();
            session.files.retain(|f| !asked.contains(&f.path));
            app.restore(session);
        }
        for file in &config.files {
            match file.to_str() {
                Some(text) if crate::io::postgis::is_database_address(text) => {
                    app.open_database(text, None)
                }
                _ => app.open_file(file),
            }
        }
        app
    }

    fn with_layers_in(ctx: &egui::Context, layers: Vec<Layer>) -> Self {
        let cache_dir = crate::platform::dirs::cache_dir();
        Self {
            layers: LayerStack::new(layers),
            vintage: Vintage::Current,
            map: MapState::default(),
            picks: Picks::default(),
            basemap: BasemapState::new(ctx.clone(), None, cache_dir),
            files: FileLoads::new(ctx.clone()),
            export: ExportState::new(ctx.clone()),
            notices: Notices::default(),
            search: SearchState::default(),
            table: None,
            measure: MeasureTool::default(),
            charts_open: false,
            layers_panel_open: true,
            inspector_open: true,
            inspected: None,
            removed: Vec::new(),
            time: Default::default(),
            pg: crate::live::postgis::PgLayers::new({
                let ctx = ctx.clone();
                std::sync::Arc::new(move || ctx.request_repaint())
            }),
            pg_dialog: crate::ui::postgis_dialog::ConnectDialog::new(ctx.clone()),
            about: crate::ui::panels::about::About::default(),
            language: crate::i18n::Language::English,
            system_language: crate::i18n::Language::English,
            theme: crate::ui::session::ThemeChoice::System,
            kept_session: None,
            session_saver: None,
            analysis: Default::default(),
            project_jobs: Vec::new(),
            ctx: ctx.clone(),
            data_dir: crate::platform::dirs::data_dir(),
        }
    }

    pub fn layers(&self) -> &[Layer] {
        self.layers.layers()
    }

    pub fn layer_stack(&self) -> &LayerStack {
        &self.layers
    }

    pub fn layer(&self, id: &str) -> Option<&Layer> {
        self.layers.by_id(id)
    }

    pub fn notices(&self) -> &[Notice] {
        self.notices.all()
    }

    pub fn vintage(&self) -> Vintage {
        self.vintage
    }

    pub fn selection(&self) -> Option<&Selection> {
        self.picks.selection.as_ref()
    }

    fn feature_of(&self, pick: Option<&Selection>) -> Option<&Feature> {
        let s = pick?;
        self.layer(&s.layer.0)?.features.get(s.feature)
    }

    /// Symbols, labels and scale bar as drawn last frame.
    pub fn overlay(&self) -> &Overlay {
        &self.map.overlay
    }

    /// The view drawn last frame.
    pub fn view(&self) -> Option<crate::geometry::ViewTransform> {
        self.map.view
    }

    /// Where the map was drawn last frame.
    pub fn map_rect(&self) -> Option<egui::Rect> {
        self.map.rect
    }

    pub fn zoom(&self) -> f64 {
        self.map.memory.zoom()
    }

    /// Switches the district map between the 2024 and current vintages.
    pub fn set_vintage(&mut self, vintage: Vintage) {
        if vintage == self.vintage {
            return;
        }
        self.vintage = vintage;
        let id = LayerId(DISTRICTS_LAYER_ID.to_string());
        if let Some(i) = self.layers.position(&id) {
            let old = &self.layers.layers()[i];
            let mut layer = district_layer(vintage);
            layer.visible = old.visible;
            layer.opacity = old.opacity;
            // Coloured by the same column, in the other vintage's classes.
            layer.style.categories = (old.style.categories.as_ref())
                .map(|c| crate::model::Categories::build(&layer.features, &c.property));
            let prepared = PreparedLayer::new(&layer.features);
            self.layers.replace(i, layer, prepared);
            self.picks.forget_layer(&id);
        }
    }

    /// Turns the measure tool on (clicks add points) or off.
    pub fn set_measuring(&mut self, on: bool) {
        self.measure.set_on(on);
    }

    /// Centres the map on a lon/lat at a zoom level.
    pub fn center_at(&mut self, lon: f64, lat: f64, zoom: f64) {
        self.map.center_at(lon, lat, zoom);
    }

    /// Selects a feature, makes its layer visible and flies the map to it.
    pub fn select_and_fly_to(&mut self, layer_index: usize, feature: usize) {
        let Some(layer) = self.layers.get_mut(layer_index) else {
            return;
        };
        layer.visible = true;
        let id = layer.id.clone();
        if let Some(r) = layer.features.get(feature).and_then(Feature::bounding_rect) {
            self.map
                .zoom_to([r.min().x, r.min().y, r.max().x, r.max().y]);
        }
        self.picks.selection = Some(Selection { layer: id, feature });
    }

    /// The time filter, to drive it without its bar (benchmarks).
    pub fn time_filter(&mut self) -> &mut crate::ui::time_filter::TimeFilter {
        &mut self.time
    }

    /// Selects the feature whose `id` property is `id` (a card's related link) and shows it.
    pub fn select_feature_by_id(&mut self, id: &str) {
        let found = self
            .layers
            .layers()
            .iter()
            .enumerate()
            .find_map(|(l, layer)| {
                let f = layer
                    .features
                    .iter()
                    .position(|f| f.str_property("id") == Some(id))?;
                Some((l, f))
            });
        if let Some((layer, feature)) = found {
            self.select_and_fly_to(layer, feature);
        }
    }

    /// Removes a layer (and anything selected in it).
    /// Removes a layer; its notice offers Undo, which puts it back where it was (a database
    /// layer's worker and connection are closed, so it is not kept).
    pub fn remove_layer(&mut self, index: usize) {
        let Some((layer, prepared)) = self.layers.take(index) else {
            return;
        };
        self.picks.forget_layer(&layer.id);
        let text = crate::i18n::trf("Removed layer {name}", &[("name", &layer.name)]);
        if layer.source.is_database() {
            self.pg.remove(&layer.id);
            self.notices.push(Notice::info(text));
            return;
        }
        let action = crate::ui::notices::NoticeAction::Undo {
            layer: layer.id.clone(),
        };
        self.removed.push((index, layer, prepared));
        self.notices.push(Notice::info(text).with_action(action));
    }

    /// Puts a removed layer back where it was.
    pub(super) fn undo_removal(&mut self, id: &LayerId) {
        if let Some(i) = self.removed.iter().position(|(_, l, _)| l.id == *id) {
            let (index, layer, prepared) = self.removed.remove(i);
            self.layers.insert(index, layer, prepared);
        }
    }

    /// Opens (or, if it shows this layer, closes) the attribute table of a layer.
    pub fn toggle_table(&mut self, index: usize) {
        let Some(layer) = self.layers.get(index) else {
            return;
        };
        if self.table.as_ref().is_some_and(|t| t.layer == layer.id) {
            self.table = None;
        } else if let Some(schema) = self.pg.schema(&layer.id) {
            let columns = schema.columns.iter().map(|c| c.name.clone()).collect();
            self.table = Some(TableState::with_columns(layer.id.clone(), columns));
        } else {
            self.table = Some(TableState::new(layer.id.clone(), &layer.features));
        }
    }

    /// Moves a layer one step in the drawing order.
    pub fn move_layer(&mut self, index: usize, direction: Direction) {
        self.layers.move_layer(index, direction);
    }

    /// Fits the map to a lon/lat box on the next frame (when the map's size is known).
    pub fn zoom_to(&mut self, bbox: [f64; 4]) {
        self.map.zoom_to(bbox);
    }

    pub fn zoom_to_layer(&mut self, index: usize) {
        if let Some(r) = self.layers.get(index).and_then(Layer::bounding_rect) {
            self.zoom_to([r.min().x, r.min().y, r.max().x, r.max().y]);
        }
    }

    /// Writes a layer (or only its chosen or selected features) to `path` as GeoJSON, off the UI thread;
    /// a notice reports the outcome. With `path` `None` a native Save dialog asks first.
    pub fn export_layer(&mut self, index: usize, scope: ExportScope, path: Option<PathBuf>) {
        let Some(layer) = self.layers.get(index) else {
            return;
        };
        // The features chosen on the map, else the one selected.
        let selected: Vec<usize> = match self.picks.chosen_in(&layer.id) {
            Some(chosen) => chosen.iter().copied().collect(),
            None => self.picks.selected_in(&layer.id).into_iter().collect(),
        };
        if let Err(notice) = self.export.export_layer(layer, scope, selected, path) {
            self.notices.push(notice);
        }
    }

    /// Whether a layer export is still running.
    pub fn is_exporting_layer(&self) -> bool {
        self.export.is_exporting_layer()
    }

    /// Switches the tiles drawn over the offline basemap; a choice that cannot work is
    /// refused with a notice.
    pub fn set_basemap(&mut self, choice: BasemapChoice) {
        if let Err(notice) = self.basemap.set(choice) {
            self.notices.push(notice);
        }
    }

    /// Whether some layer's geometry for another zoom band is still being prepared.
    pub fn is_preparing(&self) -> bool {
        self.layers.is_preparing()
    }

    /// Does what the layer list asked.
    fn apply(&mut self, action: LayerAction) {
        match action {
            LayerAction::ZoomTo { index } => self.zoom_to_layer(index),
            LayerAction::Move { index, direction } => self.move_layer(index, direction),
            LayerAction::Remove { index } => self.remove_layer(index),
            LayerAction::ToggleTable { index } => self.toggle_table(index),
            LayerAction::Export { index, scope } => self.export_layer(index, scope, None),
            LayerAction::Reread { index, change } => self.reread(index, change),
            LayerAction::Retry { index, password } => {
                if let Some(layer) = self.layers.get(index) {
                    let id = layer.id.clone();
                    self.pg.retry(&id, password);
                }
            }
        }
    }

    /// The CRS a file's coordinates are read in, when the user chose one.
    pub fn file_crs(&self, path: &std::path::Path) -> Option<Crs> {
        self.files.file_crs.get(path).copied()
    }

    /// Rereads a loaded file in place with one reading choice changed (its coordinate system,
    /// text encoding or placing columns; `None`: as the file declares or detection finds);
    /// remembers the choice for that file.
    pub fn reread(&mut self, index: usize, change: ReadChange) {
        let Some(layer) = self.layers.get(index) else {
            return;
        };
        let LayerSource::File(path) = &layer.source else {
            return;
        };
        let (path, id) = (path.clone(), layer.id.clone());
        fn remember<T>(
            choices: &mut std::collections::HashMap<PathBuf, T>,
            path: &Path,
            choice: Option<T>,
        ) {
            match choice {
                Some(choice) => choices.insert(path.to_path_buf(), choice),
                None => choices.remove(path),
            };
        }
        match change {
            ReadChange::Crs(crs) => remember(&mut self.files.file_crs, &path, crs),
            ReadChange::Encoding(e) => remember(&mut self.files.file_encoding, &path, e),
            ReadChange::Placement(p) => remember(&mut self.files.file_placement, &path, p),
        }
        let viewport = self.map.viewport();
        self.files
            .open(&path, viewport, OnArrival::KeepView, Some(id));
    }

    /// The map alone, without panels (benchmarks draw frames with it).
    pub fn show_map(&mut self, ui: &mut egui::Ui) {
        crate::ui::map::view::show_map(
            ui,
            MapParts {
                map: &mut self.map,
                stack: &mut self.layers,
                picks: &mut self.picks,
                basemap: &mut self.basemap,
                measure: &mut self.measure,
            },
        );
    }
}

impl eframe::App for AtlasApp {
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, crate::ui::session::STORAGE_KEY, &self.session());
    }

    fn on_exit(&mut self) {
        self.keep_session_for_a_crash();
        if let Some(saver) = &self.session_saver {
            saver.flush();
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
        self.keep_session_for_a_crash();
        // Once the files named at start are in, so that the crash has a session to save.
        if !self.is_loading() {
            crate::platform::crash::crash_if_asked("frame");
        }
    }
}
