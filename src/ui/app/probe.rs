//! What tests and benches ask of the app beyond what the window does: read back the
//! selection, the view and the parts' state, and set what a user would set through a panel.
//! One trait, so the app's own methods stay those the window uses; a test brings it in with
//! `use chongqing_atlas::ui::Probe`.

use std::path::PathBuf;

use egui::Pos2;

use super::AtlasApp;
use crate::geometry::lonlat_to_mercator;
use crate::live::postgis::LiveStatus;
use crate::model::{Feature, Layer, LayerId};
use crate::render::PreparedLayer;
use crate::render::points::PointLayout;
use crate::ui::basemap::sources::{BasemapChoice, BasemapStatus};

pub trait Probe {
    /// Adds a layer (and its prepared geometry) on top of the others.
    fn add_layer(&mut self, layer: Layer, prepared: PreparedLayer);
    fn basemap_choice(&self) -> &BasemapChoice;
    fn basemap_status(&self) -> &BasemapStatus;
    /// Writes the map as drawn in the next frame to a PNG file.
    fn export_view_png(&mut self, path: PathBuf);
    /// Whether polygon and line layers go to the GPU as uploaded buffers (a wgpu window).
    fn gpu_map(&self) -> bool;
    fn hovered_feature(&self) -> Option<&Feature>;
    /// Whether the online basemap's server check is still running.
    fn is_checking_basemap(&self) -> bool;
    /// Whether a PNG export is still being written.
    fn is_exporting(&self) -> bool;
    /// The lon/lat under a screen position in the last frame.
    fn lonlat_at(&self, pos: Pos2) -> Option<(f64, f64)>;
    /// The measure tool's points, when it is on.
    fn measure_points(&self) -> Option<&[(f64, f64)]>;
    /// How the thematic points were drawn last frame (clusters, displaced points).
    fn point_layout(&self) -> &PointLayout;
    /// Where a lon/lat position was on screen in the last frame.
    fn screen_pos(&self, lon: f64, lat: f64) -> Option<Pos2>;
    fn selected_feature(&self) -> Option<&Feature>;
    /// Builds the GPU draw commands even without a GPU: what a frame costs the CPU on that
    /// path, for benchmarks. A window sets this itself when it runs on wgpu.
    fn set_gpu_map(&mut self, on: bool);
    /// Colours a layer by a property (as its "Colour by" menu does), or one colour with `None`.
    fn set_layer_colour_by(&mut self, index: usize, property: Option<&str>);
    /// Sets a layer's opacity (0 transparent … 1 opaque), as its slider does.
    fn set_layer_opacity(&mut self, index: usize, opacity: f32);
    /// Shows or hides a layer, as its checkbox does (benchmarks).
    fn set_layer_visible(&mut self, index: usize, visible: bool);
    /// The range the time filter keeps, while its bar is open.
    fn time_range(&self) -> Option<crate::model::TimeSpan>;
    /// The app with the given layers and no basemap (what tests and benches build on).
    fn with_layers(layers: Vec<Layer>) -> Self
    where
        Self: Sized;
    /// The status of a database layer ("connecting…", "12 features in view", "disconnected").
    fn database_status(&self, id: &str) -> Option<&LiveStatus>;
    /// The feature the last click found on the server, in full detail.
    fn identified_feature(&self, id: &str) -> Option<&crate::model::Feature>;
    /// Whether a database layer is still connecting or fetching its view.
    fn is_fetching(&self) -> bool;
    /// Whether an analysis tool is still working.
    fn is_analysing(&self) -> bool;
    /// The features chosen by shape or Ctrl-click, and their layer.
    fn chosen(&self) -> Option<&crate::ui::ChosenSet>;
    /// How long a database layer's queries may go without an answer.
    fn set_database_deadline(&mut self, id: &str, deadline: std::time::Duration);
}

impl Probe for AtlasApp {
    fn add_layer(&mut self, layer: Layer, prepared: PreparedLayer) {
        self.layers.push(layer, prepared);
    }

    fn basemap_choice(&self) -> &BasemapChoice {
        self.basemap.choice()
    }

    fn basemap_status(&self) -> &BasemapStatus {
        self.basemap.status()
    }

    fn export_view_png(&mut self, path: PathBuf) {
        self.export.request_png(path);
    }

    fn gpu_map(&self) -> bool {
        self.map.gpu
    }

    fn hovered_feature(&self) -> Option<&Feature> {
        self.feature_of(self.picks.hover.as_ref())
    }

    fn is_checking_basemap(&self) -> bool {
        self.basemap.is_checking()
    }

    fn is_exporting(&self) -> bool {
        self.export.is_exporting_png()
    }

    fn is_analysing(&self) -> bool {
        self.analysis.is_running()
    }

    fn lonlat_at(&self, pos: Pos2) -> Option<(f64, f64)> {
        Some(self.map.view?.screen_to_lonlat([pos.x, pos.y]))
    }

    fn measure_points(&self) -> Option<&[(f64, f64)]> {
        self.measure.points.as_deref()
    }

    fn point_layout(&self) -> &PointLayout {
        &self.map.overlay.layout
    }

    fn screen_pos(&self, lon: f64, lat: f64) -> Option<Pos2> {
        let [x, y] = self.map.view?.to_screen(lonlat_to_mercator(lon, lat));
        Some(Pos2::new(x, y))
    }

    fn selected_feature(&self) -> Option<&Feature> {
        self.feature_of(self.picks.selection.as_ref())
    }

    fn set_gpu_map(&mut self, on: bool) {
        self.map.gpu = on;
    }

    fn set_layer_colour_by(&mut self, index: usize, property: Option<&str>) {
        if let Some(layer) = self.layers.get_mut(index) {
            layer.style.categories =
                property.map(|p| crate::model::Categories::build(&layer.features, p));
        }
    }

    fn set_layer_opacity(&mut self, index: usize, opacity: f32) {
        if let Some(layer) = self.layers.get_mut(index) {
            layer.opacity = opacity.clamp(0.0, 1.0);
        }
    }

    fn set_layer_visible(&mut self, index: usize, visible: bool) {
        if let Some(layer) = self.layers.get_mut(index) {
            layer.visible = visible;
        }
    }

    fn time_range(&self) -> Option<crate::model::TimeSpan> {
        self.time.active_range()
    }

    fn with_layers(layers: Vec<Layer>) -> Self {
        Self::with_layers_in(&egui::Context::default(), layers)
    }

    fn database_status(&self, id: &str) -> Option<&LiveStatus> {
        self.pg.status(&LayerId(id.to_string()))
    }

    fn identified_feature(&self, id: &str) -> Option<&crate::model::Feature> {
        self.pg.identified(&LayerId(id.to_string()))
    }

    fn is_fetching(&self) -> bool {
        self.pg.is_busy()
    }

    fn chosen(&self) -> Option<&crate::ui::ChosenSet> {
        self.picks.chosen.as_ref()
    }

    fn set_database_deadline(&mut self, id: &str, deadline: std::time::Duration) {
        self.pg.set_deadline(&LayerId(id.to_string()), deadline);
    }
}
