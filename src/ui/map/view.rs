//! The map: walkers widget with the basemap, the layers drawn from prepared geometry on top,
//! the overlay of marks, and hover / click hit-testing.

use egui::{Pos2, Rect, Stroke, Ui};
use walkers::{Map, MapMemory, Projector, Tiles, lon_lat};

use crate::geometry::{ViewTransform, lonlat_to_mercator, mercator_to_lonlat};
use crate::model::CHONGQING_BBOX;
use crate::render::LayerStack;
use crate::render::marks::Overlay;
use crate::ui::basemap::BasemapState;
use crate::ui::map::input::{ViewChange, changed_view, clamp_zoom, key_view_change, pointer_zoom};
use crate::ui::map::layers::{HOVERED, SELECTED, paint_chosen, paint_highlights, paint_layer};
use crate::ui::map::marks::{color32, paint_marks};
use crate::ui::map::measure::{MeasureTool, paint_measure};
use crate::ui::map::pick::{Pick, pick, tooltip};
use crate::ui::map::select::{DrawnShape, SelectTool, choose_by_shape};
use crate::ui::picks::{Picks, Selection};

/// The map's view and what was drawn in the last frame.
pub struct MapState {
    pub memory: MapMemory,
    /// Polygon and line layers are drawn by the GPU (`map_gpu`), not as egui shapes.
    pub gpu: bool,
    /// The view drawn last frame (Mercator → screen).
    pub view: Option<ViewTransform>,
    /// Where the map was drawn last frame.
    pub rect: Option<Rect>,
    pub cursor_lonlat: Option<(f64, f64)>,
    /// Where the map was clicked this frame (not while measuring), for database identify.
    pub clicked_lonlat: Option<(f64, f64)>,
    /// A lon/lat box to fit on the next frame, when the map's size is known.
    pub pending_fit: Option<[f64; 4]>,
    /// Symbols, labels and scale bar as drawn last frame.
    pub overlay: Overlay,
    /// Choosing features by rectangle or lasso.
    pub select: SelectTool,
}

impl Default for MapState {
    fn default() -> Self {
        let mut memory = MapMemory::default();
        let [w, s, e, n] = CHONGQING_BBOX;
        memory.center_at(lon_lat((w + e) / 2.0, (s + n) / 2.0));
        Self {
            memory,
            gpu: false,
            view: None,
            rect: None,
            cursor_lonlat: None,
            clicked_lonlat: None,
            pending_fit: Some(CHONGQING_BBOX),
            overlay: Overlay::default(),
            select: SelectTool::default(),
        }
    }
}

impl MapState {
    /// Fits the map to a lon/lat box on the next frame.
    pub fn zoom_to(&mut self, bbox: [f64; 4]) {
        self.pending_fit = Some(bbox);
    }

    /// Centres the map on a lon/lat at a zoom level (within the map's zoom range).
    pub fn center_at(&mut self, lon: f64, lat: f64, zoom: f64) {
        self.pending_fit = None;
        self.memory.center_at(lon_lat(lon, lat));
        let _ = self.memory.set_zoom(clamp_zoom(zoom));
    }

    /// Pans, zooms or fits the map as the user asked with the wheel or the keyboard.
    pub fn apply(&mut self, change: ViewChange) {
        if change == ViewChange::FitChongqing {
            self.zoom_to(CHONGQING_BBOX);
            return;
        }
        if let Some((center, zoom)) = self.view.and_then(|v| changed_view(&v, change)) {
            tracing::debug!("view change {change:?}: zoom {zoom:.2}");
            let (lon, lat) = mercator_to_lonlat(center);
            self.center_at(lon, lat, zoom);
        }
    }

    /// The map's size in points (or a typical window's before the first frame).
    pub fn viewport(&self) -> [f64; 2] {
        self.rect.map_or([1280.0, 800.0], |r| {
            [f64::from(r.width()), f64::from(r.height())]
        })
    }
}

fn view_from_projector(projector: &Projector) -> ViewTransform {
    let rect = projector.clip_rect();
    let center = projector.unproject(rect.center().to_vec2());
    ViewTransform::new(
        lonlat_to_mercator(center.x(), center.y()),
        projector.zoom(),
        [rect.center().x, rect.center().y],
    )
}

/// The parts the map reads and changes.
pub struct MapParts<'a> {
    pub map: &'a mut MapState,
    pub stack: &'a mut LayerStack,
    pub picks: &'a mut Picks,
    pub basemap: &'a mut BasemapState,
    pub measure: &'a mut MeasureTool,
}

/// What the pointer did over the map this frame, read while it was drawn and applied after.
struct MapInput {
    view: ViewTransform,
    rect: Rect,
    cursor: Option<(f64, f64)>,
    hovered: Option<Pick>,
    /// Where a click landed (screen, lon/lat) and what it hit.
    clicked: Option<(Pos2, (f64, f64), Pick)>,
    /// Wheel, pinch or double-click zoom.
    pointer_change: Option<ViewChange>,
    /// A rectangle or lasso finished this frame.
    shape: Option<DrawnShape>,
    /// Ctrl (⌘) was held: a click adds to or takes from the chosen features.
    command: bool,
}

/// The map: basemap, layers, marks and highlights drawn; then what the pointer did is applied
/// to the view, the picks and the measure tool.
pub fn show_map(ui: &mut Ui, parts: MapParts) {
    let MapParts {
        map,
        stack,
        picks,
        basemap,
        measure,
    } = parts;
    let rect = ui.available_rect_before_wrap();
    fit_pending(map, rect);
    let key_change = key_view_change(ui, rect.size());
    // Paper under the tiles: what shows where no tile has loaded yet (or no basemap is on).
    let theme = crate::ui::map::marks::map_theme(ui.ctx());
    ui.painter().rect_filled(rect, 0.0, color32(theme.paper()));
    let online_drawable = basemap.online_drawable();
    let tiles: Option<&mut dyn Tiles> = basemap.offline.as_deref_mut().map(|t| t as &mut dyn Tiles);
    let mut walkers_map =
        // Wheel and pinch zoom are ours (`map_input`): one level a notch, within 3–19.
        Map::new(tiles, &mut map.memory, lon_lat(107.7, 30.2))
            .zoom_gesture(false)
            .zoom_with_ctrl(false);
    // Online tiles go over the offline basemap: where they are missing, it shows through.
    if let Some(online) = basemap.online.as_deref_mut()
        && online_drawable
    {
        walkers_map = walkers_map.with_layer(online as &mut dyn Tiles, 1.0);
    }
    let gpu = map.gpu;
    let drawing_shape = map.select.holds_drag(ui) && measure.points.is_none();
    // While a shape is drawn the primary button draws it; the middle one still pans.
    let walkers_map = walkers_map.drag_pan_buttons(if drawing_shape {
        egui::DragPanButtons::MIDDLE
    } else {
        egui::DragPanButtons::PRIMARY
    });
    let select = &mut map.select;
    let (overlay, input) = walkers_map
        .show(ui, |ui, response, projector, _memory| {
            let view = view_from_projector(projector);
            let r = response.rect;
            let painter = ui.painter().with_clip_rect(r);
            // The tiles are drawn light: a veil makes them the dark map's.
            let veil = theme.basemap_veil();
            if veil > 0 {
                painter.rect_filled(r, 0.0, egui::Color32::from_black_alpha(veil));
            }
            let overlay = paint_layers(&painter, r, stack, picks, &view, gpu);
            let mut input = read_pointer(ui, response, stack, &overlay, view);
            if measure.points.is_none() {
                input.shape = select.track(ui, response, &view);
                select.paint(&painter);
            }
            let (layers, _) = stack.split_mut();
            let hovered = input.hovered.as_ref();
            if let Some(text) = tooltip(layers, &overlay.layout, response.hover_pos(), hovered) {
                response.clone().on_hover_text_at_pointer(text);
            }
            if let Some(points) = &measure.points {
                let mut points = points.clone();
                points.extend(input.clicked.as_ref().map(|(_, lonlat, _)| *lonlat));
                paint_measure(&painter, &view, &points, response.hover_pos());
            }
            (overlay, input)
        })
        .inner;
    map.overlay = overlay;
    apply_input(map, stack, picks, measure, input);
    if let Some(change) = key_change {
        map.apply(change);
    }
}

/// Fits the view to the box asked for, now that the map's size is known.
fn fit_pending(map: &mut MapState, rect: Rect) {
    if let Some(bbox) = map.pending_fit.take() {
        let (lon, lat) = crate::geometry::projection::fit_center(bbox);
        let zoom = crate::geometry::projection::fit_zoom(
            bbox,
            f64::from(rect.width()),
            f64::from(rect.height()),
        );
        map.center_at(lon, lat, zoom);
    }
}

/// The visible layers, their symbols, the hover and selection outlines, then labels and the
/// scale bar on top; returns the marks drawn, for hit-testing and tests.
fn paint_layers(
    painter: &egui::Painter,
    r: Rect,
    stack: &mut LayerStack,
    picks: &Picks,
    view: &ViewTransform,
    gpu: bool,
) -> Overlay {
    let (layers, prepared) = stack.split_mut();
    for (layer, prep) in layers.iter().zip(prepared.iter_mut()) {
        if layer.visible {
            paint_layer(painter, layer, prep, view, r, gpu);
        }
    }
    let overlay = Overlay::build(layers, prepared, view, [r.min.x, r.min.y, r.max.x, r.max.y]);
    paint_marks(painter, &overlay.points);
    let highlights: Vec<(&Selection, Stroke)> = [
        (picks.hover.as_ref(), Stroke::new(2.0, HOVERED)),
        (picks.selection.as_ref(), Stroke::new(3.0, SELECTED)),
    ]
    .into_iter()
    .filter_map(|(s, stroke)| s.map(|s| (s, stroke)))
    .collect();
    if let Some(chosen) = &picks.chosen
        && let Some(index) = layers.iter().position(|l| l.id == chosen.layer)
    {
        let both = (layers, &mut *prepared);
        let chosen = (index, &chosen.features);
        paint_chosen(painter, both, &overlay.layout, chosen, view, r);
    }
    let both = (layers, &mut *prepared);
    paint_highlights(painter, both, &overlay.layout, &highlights, view, r);
    paint_marks(painter, overlay.labels.iter().chain(&overlay.scale_bar));
    overlay
}

/// What the pointer is over and what it clicked, in this frame's view.
fn read_pointer(
    ui: &Ui,
    response: &egui::Response,
    stack: &mut LayerStack,
    overlay: &Overlay,
    view: ViewTransform,
) -> MapInput {
    let (layers, prepared) = stack.split_mut();
    let hit = |pos: Pos2| pick(layers, prepared, &overlay.layout, &view, pos);
    let hover_pos = response.hover_pos();
    let clicked = (response.clicked().then(|| response.interact_pointer_pos()))
        .flatten()
        .map(|pos| (pos, view.screen_to_lonlat([pos.x, pos.y]), hit(pos)));
    MapInput {
        view,
        rect: response.rect,
        cursor: hover_pos.map(|p| view.screen_to_lonlat([p.x, p.y])),
        hovered: hover_pos.map(hit),
        clicked,
        pointer_change: pointer_zoom(ui, response),
        shape: None,
        command: ui.input(|i| i.modifiers.command),
    }
}

/// Carries out what the pointer did: the view and cursor remembered, hover and selection set
/// (or the measure tool's point added), a cluster zoomed into, wheel zoom applied.
fn apply_input(
    map: &mut MapState,
    stack: &LayerStack,
    picks: &mut Picks,
    measure: &mut MeasureTool,
    input: MapInput,
) {
    map.view = Some(input.view);
    map.rect = Some(input.rect);
    map.cursor_lonlat = input.cursor;
    map.clicked_lonlat = None;
    picks.hover = input.hovered.as_ref().and_then(Pick::selection);
    let mut zoom_into = None;
    if let Some(points) = measure.points.as_mut() {
        points.extend(input.clicked.map(|(_, lonlat, _)| lonlat));
        picks.hover = None;
    } else if let Some((_, lonlat, hit)) = input.clicked {
        map.clicked_lonlat = Some(lonlat);
        match hit {
            Pick::Cluster(bounds) => zoom_into = Some(bounds),
            Pick::Feature(s) if input.command => {
                picks.toggle_chosen(&s);
                picks.selection = Some(s);
            }
            Pick::Feature(s) => picks.selection = Some(s),
            Pick::Nothing if input.command => {}
            Pick::Nothing => picks.selection = None,
        }
    }
    if let Some(shape) = &input.shape {
        choose_by_shape(stack, picks, shape);
    }
    if let Some(change) = input.pointer_change {
        map.apply(change);
    }
    if let Some(bounds) = zoom_into {
        // Mercator y grows southward.
        let (w, n) = mercator_to_lonlat([bounds[0], bounds[1]]);
        let (e, s) = mercator_to_lonlat([bounds[2], bounds[3]]);
        let pad = 0.3 * (e - w).max(n - s);
        map.zoom_to([w - pad, s - pad, e + pad, n + pad]);
    }
}
