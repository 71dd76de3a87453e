use std::path::PathBuf;

use egui::Pos2;
use walkers::{MapMemory, Tiles, lon_lat};

use crate::geometry::{ViewTransform, lonlat_to_mercator};
use crate::io::crs::Crs;
use crate::io::embedded::{DISTRICTS_LAYER_ID, Vintage, default_layers, district_layer};
use crate::model::{Feature, Layer, LayerId};
use crate::render::PreparedLayer;
use crate::ui::basemap::{BasemapChoice, BasemapStatus};
use crate::ui::loader::PendingLoad;

mod basemap;
mod export;
mod files;

/// West, south, east, north of Chongqing municipality.
pub const CHONGQING_BBOX: [f64; 4] = [105.2, 28.1, 110.2, 32.3];

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
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            basemap: true,
            files: Vec::new(),
            cache_dir: crate::ui::basemap::cache_dir(),
            restore_session: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub layer: LayerId,
    pub feature: usize,
}

/// A message for the user in the notices area.
#[derive(Debug, Clone)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

pub struct AtlasApp {
    pub(crate) layers: Vec<Layer>,
    pub(crate) prepared: Vec<PreparedLayer>,
    /// Polygon and line layers are drawn by the GPU (`map_gpu`), not as egui shapes.
    pub(crate) gpu_map: bool,
    pub(crate) vintage: Vintage,
    pub(crate) map_memory: MapMemory,
    pub(crate) basemap: Option<Box<dyn Tiles>>,
    pub(crate) selection: Option<Selection>,
    pub(crate) hover: Option<Selection>,
    /// The view drawn last frame (Mercator → screen).
    pub(crate) view: Option<ViewTransform>,
    pub(crate) map_rect: Option<egui::Rect>,
    pub(crate) cursor_lonlat: Option<(f64, f64)>,
    pub(crate) pending_fit: Option<[f64; 4]>,
    pub(crate) notices: Vec<Notice>,
    pub(crate) pending: Vec<PendingLoad>,
    pub(crate) search: String,
    pub(crate) egui_ctx: Option<egui::Context>,
    /// Paths typed into File ▸ Open path (machines without a native file dialog).
    pub(crate) path_input: String,
    /// A native Open dialog running on its own thread.
    pub(crate) open_dialog: Option<std::sync::mpsc::Receiver<Vec<PathBuf>>>,
    /// The attribute table, when open.
    pub(crate) table: Option<crate::ui::table::TableState>,
    /// Where the thematic points were drawn last frame (after decluttering).
    pub(crate) point_layout: crate::render::points::PointLayout,
    /// The charts window is shown.
    pub(crate) charts_open: bool,
    pub(crate) basemap_choice: BasemapChoice,
    /// Tiles of the chosen online source or local file, drawn over the offline basemap.
    pub(crate) online_basemap: Option<Box<dyn Tiles>>,
    pub(crate) basemap_probe: Option<std::sync::mpsc::Receiver<Result<(), String>>>,
    pub(crate) basemap_status: BasemapStatus,
    pub(crate) cache_dir: PathBuf,
    /// Text fields of the basemap picker.
    pub(crate) custom_tile_url: String,
    pub(crate) pmtiles_path: String,
    /// The picker's text field: `Some(true)` custom URL, `Some(false)` PMTiles path.
    pub(crate) basemap_form: Option<bool>,
    /// Points of the measure tool while it is on.
    pub(crate) measure: Option<Vec<(f64, f64)>>,
    /// A PNG export asked for, waiting for the next frame.
    pub(crate) export_request: Option<PathBuf>,
    pub(crate) export: Option<crate::ui::tools::PendingExport>,
    /// A native Save dialog for the PNG export, running on its own thread.
    pub(crate) save_dialog: Option<std::sync::mpsc::Receiver<Option<PathBuf>>>,
    pub(crate) export_input: String,
    /// CRS chosen per file (GCJ-02 files are converted on load), kept across sessions.
    pub(crate) file_crs: std::collections::HashMap<PathBuf, Crs>,
    /// Background jobs (layer exports) that may report back with a notice: (text, is_error).
    pub(crate) jobs: Vec<std::sync::mpsc::Receiver<Option<(String, bool)>>>,
    /// Style to give files reopened from a saved session, applied when they arrive.
    pub(crate) restyle: std::collections::HashMap<PathBuf, crate::ui::session::SessionFile>,
}

impl AtlasApp {
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        crate::ui::install_fonts(&cc.egui_ctx);
        // Maps read best light; the basemap is light too.
        cc.egui_ctx.set_theme(egui::Theme::Light);
        let basemap = config
            .basemap
            .then(|| crate::ui::basemap::offline(&cc.egui_ctx))
            .flatten();
        let mut app = Self::with_layers(default_layers(Vintage::Current));
        app.basemap = basemap;
        app.cache_dir = config.cache_dir.clone();
        app.egui_ctx = Some(cc.egui_ctx.clone());
        app.gpu_map = crate::ui::map_gpu::install(cc.wgpu_render_state.as_ref());
        if config.restore_session
            && let Some(mut session) = cc.storage.and_then(|s| {
                eframe::get_value::<crate::ui::session::Session>(s, crate::ui::session::STORAGE_KEY)
            })
        {
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
            app.open_file(file);
        }
        app
    }

    /// The app with the given layers and no basemap (what tests and benches build on).
    pub fn with_layers(layers: Vec<Layer>) -> Self {
        let prepared = layers
            .iter()
            .map(|l| PreparedLayer::new(&l.features))
            .collect();
        let mut map_memory = MapMemory::default();
        let [w, s, e, n] = CHONGQING_BBOX;
        map_memory.center_at(lon_lat((w + e) / 2.0, (s + n) / 2.0));
        Self {
            layers,
            prepared,
            gpu_map: false,
            vintage: Vintage::Current,
            map_memory,
            basemap: None,
            selection: None,
            hover: None,
            view: None,
            map_rect: None,
            cursor_lonlat: None,
            pending_fit: Some(CHONGQING_BBOX),
            notices: Vec::new(),
            pending: Vec::new(),
            search: String::new(),
            egui_ctx: None,
            path_input: String::new(),
            open_dialog: None,
            table: None,
            point_layout: Default::default(),
            charts_open: false,
            basemap_choice: BasemapChoice::Offline,
            online_basemap: None,
            basemap_probe: None,
            basemap_status: BasemapStatus::Offline,
            cache_dir: crate::ui::basemap::cache_dir(),
            custom_tile_url: String::new(),
            pmtiles_path: String::new(),
            basemap_form: None,
            measure: None,
            export_request: None,
            export: None,
            save_dialog: None,
            export_input: String::new(),
            file_crs: Default::default(),
            restyle: Default::default(),
            jobs: Vec::new(),
        }
    }

    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    pub fn layer(&self, id: &str) -> Option<&Layer> {
        self.layers.iter().find(|l| l.id.0 == id)
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    pub fn vintage(&self) -> Vintage {
        self.vintage
    }

    pub fn selection(&self) -> Option<&Selection> {
        self.selection.as_ref()
    }

    pub fn selected_feature(&self) -> Option<&Feature> {
        let s = self.selection.as_ref()?;
        self.layer(&s.layer.0)?.features.get(s.feature)
    }

    /// How the thematic points were drawn last frame (clusters, displaced points).
    pub fn point_layout(&self) -> &crate::render::points::PointLayout {
        &self.point_layout
    }

    pub fn hovered_feature(&self) -> Option<&Feature> {
        let s = self.hover.as_ref()?;
        self.layer(&s.layer.0)?.features.get(s.feature)
    }

    /// Where a lon/lat position was on screen in the last frame.
    pub fn screen_pos(&self, lon: f64, lat: f64) -> Option<Pos2> {
        let [x, y] = self.view?.to_screen(lonlat_to_mercator(lon, lat));
        Some(Pos2::new(x, y))
    }

    /// The lon/lat under a screen position in the last frame.
    pub fn lonlat_at(&self, pos: Pos2) -> Option<(f64, f64)> {
        Some(self.view?.screen_to_lonlat([pos.x, pos.y]))
    }

    /// Sets a layer's opacity (0 transparent … 1 opaque), as its slider does.
    pub fn set_layer_opacity(&mut self, index: usize, opacity: f32) {
        if let Some(layer) = self.layers.get_mut(index) {
            layer.opacity = opacity.clamp(0.0, 1.0);
        }
    }

    /// Whether polygon and line layers go to the GPU as uploaded buffers (a wgpu window).
    pub fn gpu_map(&self) -> bool {
        self.gpu_map
    }

    /// Builds the GPU draw commands even without a GPU: what a frame costs the CPU on that
    /// path, for benchmarks. A window sets this itself when it runs on wgpu.
    pub fn set_gpu_map(&mut self, on: bool) {
        self.gpu_map = on;
    }

    /// Where the map was drawn last frame.
    pub fn map_rect(&self) -> Option<egui::Rect> {
        self.map_rect
    }

    pub fn zoom(&self) -> f64 {
        self.map_memory.zoom()
    }

    /// Switches the district map between the 2024 and current vintages.
    pub fn set_vintage(&mut self, vintage: Vintage) {
        if vintage == self.vintage {
            return;
        }
        self.vintage = vintage;
        if let Some(i) = self
            .layers
            .iter()
            .position(|l| l.id.0 == DISTRICTS_LAYER_ID)
        {
            let old = &self.layers[i];
            let mut layer = district_layer(vintage);
            layer.visible = old.visible;
            layer.opacity = old.opacity;
            self.prepared[i] = PreparedLayer::new(&layer.features);
            self.layers[i] = layer;
            self.forget_picks_in(&LayerId(DISTRICTS_LAYER_ID.to_string()));
        }
    }

    /// Turns the measure tool on (clicks add points) or off.
    pub fn set_measuring(&mut self, on: bool) {
        self.measure = on.then(Vec::new);
    }

    /// The measure tool's points, when it is on.
    pub fn measure_points(&self) -> Option<&[(f64, f64)]> {
        self.measure.as_deref()
    }

    /// Centres the map on a lon/lat at a zoom level.
    pub fn center_at(&mut self, lon: f64, lat: f64, zoom: f64) {
        self.pending_fit = None;
        self.map_memory.center_at(lon_lat(lon, lat));
        let _ = self.map_memory.set_zoom(zoom);
    }

    /// Adds a layer (and its prepared geometry) on top of the others.
    pub fn add_layer(&mut self, layer: Layer, prepared: PreparedLayer) {
        self.layers.push(layer);
        self.prepared.push(prepared);
    }

    /// Selects a feature, makes its layer visible and flies the map to it.
    pub fn select_and_fly_to(&mut self, layer_index: usize, feature: usize) {
        let Some(layer) = self.layers.get_mut(layer_index) else {
            return;
        };
        layer.visible = true;
        let id = layer.id.clone();
        if let Some(r) = layer.features.get(feature).and_then(Feature::bounding_rect) {
            self.zoom_to([r.min().x, r.min().y, r.max().x, r.max().y]);
        }
        self.selection = Some(Selection { layer: id, feature });
    }

    /// Drops the selection and hover if they point into a layer that is being replaced.
    fn forget_picks_in(&mut self, layer: &LayerId) {
        for pick in [&mut self.selection, &mut self.hover] {
            if pick.as_ref().is_some_and(|p| &p.layer == layer) {
                *pick = None;
            }
        }
    }

    /// Removes a layer (and anything selected in it).
    pub fn remove_layer(&mut self, index: usize) {
        if index >= self.layers.len() {
            return;
        }
        let layer = self.layers.remove(index);
        self.prepared.remove(index);
        self.forget_picks_in(&layer.id);
        self.notify(format!("Removed layer {}", layer.name), false);
    }

    /// Opens (or, if it shows this layer, closes) the attribute table of a layer.
    pub fn toggle_table(&mut self, index: usize) {
        let Some(layer) = self.layers.get(index) else {
            return;
        };
        if self.table.as_ref().is_some_and(|t| t.layer == layer.id) {
            self.table = None;
        } else {
            self.table = Some(crate::ui::table::TableState::new(
                layer.id.clone(),
                &layer.features,
            ));
        }
    }

    /// Moves a layer one step up the drawing order (`up`: drawn later, on top).
    pub fn move_layer(&mut self, index: usize, up: bool) {
        let other = if up { index + 1 } else { index.wrapping_sub(1) };
        if index < self.layers.len() && other < self.layers.len() {
            self.layers.swap(index, other);
            self.prepared.swap(index, other);
        }
    }

    /// Fits the map to a lon/lat box on the next frame (when the map's size is known).
    pub fn zoom_to(&mut self, bbox: [f64; 4]) {
        self.pending_fit = Some(bbox);
    }

    pub fn zoom_to_layer(&mut self, index: usize) {
        if let Some(r) = self.layers.get(index).and_then(Layer::bounding_rect) {
            self.zoom_to([r.min().x, r.min().y, r.max().x, r.max().y]);
        }
    }

    pub(crate) fn notify(&mut self, text: impl Into<String>, is_error: bool) {
        self.notices.push(Notice {
            text: text.into(),
            is_error,
        });
    }
}

impl eframe::App for AtlasApp {
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, crate::ui::session::STORAGE_KEY, &self.session());
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        dropped.iter().for_each(|p| self.open_file(p));
        self.poll_loads();
        self.poll_basemap();
        self.poll_jobs();
        crate::ui::tools::poll_export(self);
        if let Some(rx) = &self.save_dialog
            && let Ok(path) = rx.try_recv()
        {
            self.save_dialog = None;
            if let Some(path) = path {
                self.export_view_png(path);
            }
        }
        if let Some(path) = self.export_request.take() {
            crate::ui::tools::request_export(self, ui, path);
        }
        crate::ui::panels::top_bar(self, ui);
        crate::ui::panels::status_bar(self, ui);
        crate::ui::panels::layer_panel(self, ui);
        crate::ui::panels::inspector_panel(self, ui);
        crate::ui::table::attribute_table(self, ui);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| crate::ui::map_view::show_map(self, ui));
        crate::ui::tools::measure_panel(self, ui);
        if self.charts_open {
            let mut open = true;
            crate::ui::charts::charts_window(ui.ctx(), &self.layers, &mut open);
            self.charts_open = open;
        }
        crate::ui::panels::drop_hint(ui);
    }
}
