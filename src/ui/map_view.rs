//! The map: walkers widget with the basemap, the layers drawn from prepared geometry on top,
//! the overlay of marks, and hover / click hit-testing.

use egui::{Pos2, Rect, Stroke, Ui};
use walkers::{Map, MapMemory, Projector, Tiles, lon_lat};

use super::basemap_picker::BasemapState;
use super::map_input::{ViewChange, changed_view, clamp_zoom, key_view_change, pointer_zoom};
use super::map_paint::{HOVERED, SELECTED, paint_highlights, paint_layer};
use super::paint::{color32, paint_marks};
use super::picks::{Picks, Selection};
use super::tools::{MeasureTool, paint_measure};
use crate::geometry::{ViewTransform, hit::hit_test_where, lonlat_to_mercator, mercator_to_lonlat};
use crate::i18n::{tr_text, trf};
use crate::model::Layer;
use crate::render::mark_style::THEMATIC_RADIUS;
use crate::render::marks::Overlay;
use crate::render::points::{PlacedPoint, PointLayout, is_decluttered};
use crate::render::{LayerStack, PreparedLayer};

/// Hit tolerance around points and lines, screen points.
const HIT_TOLERANCE_PX: f64 = 7.0;

/// West, south, east, north of Chongqing municipality.
pub const CHONGQING_BBOX: [f64; 4] = [105.2, 28.1, 110.2, 32.3];

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

pub fn show_map(ui: &mut Ui, parts: MapParts) {
    let MapParts {
        map,
        stack,
        picks,
        basemap,
        measure,
    } = parts;
    let rect = ui.available_rect_before_wrap();
    if let Some(bbox) = map.pending_fit.take() {
        let (lon, lat) = crate::geometry::projection::fit_center(bbox);
        let zoom = crate::geometry::projection::fit_zoom(
            bbox,
            f64::from(rect.width()),
            f64::from(rect.height()),
        );
        map.center_at(lon, lat, zoom);
    }
    let key_change = key_view_change(ui, rect.size());
    // Paper under the tiles: what shows where no tile has loaded yet (or no basemap is on).
    let theme = super::paint::map_theme(ui.ctx());
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
    map.clicked_lonlat = None;
    let (view, map_rect, cursor, overlay, clicked_lonlat) = (
        &mut map.view,
        &mut map.rect,
        &mut map.cursor_lonlat,
        &mut map.overlay,
        &mut map.clicked_lonlat,
    );
    let gpu = map.gpu;
    let (zoom_into, pointer_change) = walkers_map
        .show(ui, |ui, response, projector, _memory| {
            let current = view_from_projector(projector);
            *view = Some(current);
            *map_rect = Some(response.rect);
            let r = response.rect;
            let painter = ui.painter().with_clip_rect(r);
            // The tiles are drawn light: a veil makes them the dark map's.
            let veil = theme.basemap_veil();
            if veil > 0 {
                painter.rect_filled(r, 0.0, egui::Color32::from_black_alpha(veil));
            }
            let (layers, prepared) = stack.split_mut();
            for (layer, prep) in layers.iter().zip(prepared.iter_mut()) {
                if layer.visible {
                    paint_layer(&painter, layer, prep, &current, r, gpu);
                }
            }
            *overlay = Overlay::build(
                layers,
                prepared,
                &current,
                [r.min.x, r.min.y, r.max.x, r.max.y],
            );
            paint_marks(&painter, &overlay.points);
            let highlights: Vec<(&Selection, Stroke)> = [
                (picks.hover.as_ref(), Stroke::new(2.0, HOVERED)),
                (picks.selection.as_ref(), Stroke::new(3.0, SELECTED)),
            ]
            .into_iter()
            .filter_map(|(s, stroke)| s.map(|s| (s, stroke)))
            .collect();
            paint_highlights(
                &painter,
                (layers, prepared),
                &overlay.layout,
                &highlights,
                &current,
                r,
            );
            paint_marks(&painter, overlay.labels.iter().chain(&overlay.scale_bar));

            *cursor = response
                .hover_pos()
                .map(|p| current.screen_to_lonlat([p.x, p.y]));
            let hit = |pos: Pos2| pick(layers, prepared, &overlay.layout, &current, pos);
            let hovered = response.hover_pos().map(hit);
            picks.hover = match &hovered {
                Some(Pick::Feature(s)) => Some(s.clone()),
                _ => None,
            };
            let clicked_at = response
                .clicked()
                .then(|| response.interact_pointer_pos())
                .flatten();
            let mut zoom_into = None;
            if let Some(points) = measure.points.as_mut() {
                if let Some(pos) = clicked_at {
                    points.push(current.screen_to_lonlat([pos.x, pos.y]));
                }
                paint_measure(&painter, &current, points, response.hover_pos());
                picks.hover = None;
            } else if let Some(pos) = clicked_at {
                *clicked_lonlat = Some(current.screen_to_lonlat([pos.x, pos.y]));
                match hit(pos) {
                    Pick::Cluster(bounds) => zoom_into = Some(bounds),
                    Pick::Feature(s) => picks.selection = Some(s),
                    Pick::Nothing => picks.selection = None,
                }
            }
            if let Some(text) = tooltip(
                layers,
                &overlay.layout,
                picks,
                response.hover_pos(),
                &hovered,
            ) {
                response.clone().on_hover_text_at_pointer(text);
            }
            (zoom_into, pointer_zoom(ui, response))
        })
        .inner;
    for change in [pointer_change, key_change].into_iter().flatten() {
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

/// What the pointer identifies: the features of a cluster, or the hovered feature's name.
fn tooltip(
    layers: &[Layer],
    layout: &PointLayout,
    picks: &Picks,
    pointer: Option<Pos2>,
    hovered: &Option<Pick>,
) -> Option<String> {
    if let Some(Pick::Cluster(_)) = hovered
        && let Some(PlacedPoint::Cluster { members, .. }) =
            pointer.and_then(|p| layout.hit([p.x, p.y], THEMATIC_RADIUS, 2.0))
    {
        let mut text = trf(
            "{n} features here · click to zoom in",
            &[("n", &members.len())],
        );
        for m in members.iter().take(8) {
            text.push_str(&format!(
                "\n• {}",
                layers[m.layer].features[m.feature].display_name()
            ));
        }
        if members.len() > 8 {
            text.push_str(&trf("\n… and {n} more", &[("n", &(members.len() - 8))]));
        }
        return Some(text);
    }
    let h = picks.hover.as_ref()?;
    let feature = layers
        .iter()
        .find(|l| l.id == h.layer)
        .and_then(|l| l.features.get(h.feature))?;
    Some(match feature.str_property("level") {
        Some(level) => format!("{}\n{}", feature.display_name(), tr_text(level)),
        None => feature.display_name(),
    })
}

/// What a click lands on.
enum Pick {
    Feature(Selection),
    /// A cluster bubble: zoom to these Mercator bounds.
    Cluster([f64; 4]),
    Nothing,
}

/// The topmost feature under `pos` (upper layers first).
fn pick(
    layers: &[Layer],
    prepared: &[PreparedLayer],
    points: &PointLayout,
    view: &ViewTransform,
    pos: Pos2,
) -> Pick {
    // Decluttered symbols are drawn above every layer, and away from their true spot.
    match points.hit([pos.x, pos.y], THEMATIC_RADIUS, 2.0) {
        Some(PlacedPoint::Cluster { bounds, .. }) => return Pick::Cluster(*bounds),
        Some(placed) => {
            if let Some(item) = placed.item() {
                return Pick::Feature(Selection {
                    layer: layers[item.layer].id.clone(),
                    feature: item.feature,
                });
            }
        }
        None => {}
    }
    let (lon, lat) = view.screen_to_lonlat([pos.x, pos.y]);
    let tolerance = HIT_TOLERANCE_PX / view.scale;
    layers
        .iter()
        .zip(prepared)
        .rev()
        .filter(|(l, _)| l.visible)
        .find_map(|(layer, prep)| {
            let declutter = is_decluttered(layer);
            // Points of decluttered layers were answered by the symbol layout above.
            let accept = |f: &crate::model::Feature| {
                !declutter
                    || !matches!(
                        f.geometry,
                        geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_)
                    )
            };
            hit_test_where(&layer.features, &prep.index, lon, lat, tolerance, accept).map(
                |feature| Selection {
                    layer: layer.id.clone(),
                    feature,
                },
            )
        })
        .map_or(Pick::Nothing, Pick::Feature)
}
