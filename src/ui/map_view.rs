//! The map: walkers widget with the basemap, our layers drawn from prepared geometry on top,
//! and hover / click hit-testing.

use egui::epaint::{Mesh, Vertex};
use egui::{Align2, Color32, FontId, Pos2, Rect, Shape, Stroke, Ui, pos2};
use walkers::{Map, Projector, Tiles, lon_lat};

use super::app::{AtlasApp, Selection};
use super::basemap::BasemapStatus;
use crate::geometry::tessellate::PreparedShape;
use crate::geometry::{ViewTransform, hit::hit_test_where, lonlat_to_mercator, mercator_to_lonlat};
use crate::model::{Layer, LayerKind, Rgba, Symbol};
use crate::render::PreparedLayer;
use crate::render::labels::{LabelCandidate, place_labels};
use crate::render::points::{
    PlacedPoint, PointLayout, is_decluttered, layout_points, point_items, point_label_candidates,
};
use crate::render::raster::{approximate_ring_px, halo_colors, label_candidates};
use crate::render::raster_points::{THEMATIC_RADIUS, text_shade};

/// Hit tolerance around points and lines, screen points.
const HIT_TOLERANCE_PX: f64 = 7.0;
const SELECTED: Color32 = Color32::from_rgb(0, 122, 255);

pub fn color32(c: Rgba) -> Color32 {
    let [r, g, b, a] = c.0;
    Color32::from_rgba_unmultiplied(r, g, b, a)
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

fn fit_zoom(bbox: [f64; 4], rect: Rect) -> f64 {
    crate::geometry::projection::fit_zoom(bbox, rect.width() as f64, rect.height() as f64)
}

pub fn show_map(app: &mut AtlasApp, ui: &mut Ui) {
    let rect = ui.available_rect_before_wrap();
    if let Some(bbox) = app.pending_fit.take() {
        let (lon, lat) = crate::geometry::projection::fit_center(bbox);
        app.map_memory.center_at(lon_lat(lon, lat));
        let _ = app.map_memory.set_zoom(fit_zoom(bbox, rect));
    }
    // Paper under the tiles: what shows where no tile has loaded yet (or no basemap is on).
    ui.painter()
        .rect_filled(rect, 0.0, color32(crate::render::raster::PAPER));
    let AtlasApp {
        layers,
        prepared,
        map_memory,
        basemap,
        selection,
        hover,
        view,
        map_rect,
        cursor_lonlat,
        point_layout,
        online_basemap,
        basemap_status,
        measure,
        gpu_map,
        ..
    } = app;
    let gpu_map = *gpu_map;
    let tiles: Option<&mut dyn Tiles> = basemap.as_deref_mut().map(|t| t as &mut dyn Tiles);
    let center = lon_lat(107.7, 30.2);
    let mut map = Map::new(tiles, map_memory, center).zoom_with_ctrl(false);
    // Online tiles go over the offline basemap: where they are missing, it shows through.
    if let Some(online) = online_basemap.as_deref_mut()
        && !matches!(basemap_status, BasemapStatus::Unreachable(_))
    {
        map = map.with_layer(online as &mut dyn Tiles, 1.0);
    }
    let zoom_into = map
        .show(ui, |ui, response, projector, _memory| {
            let current = view_from_projector(projector);
            *view = Some(current);
            *map_rect = Some(response.rect);
            let painter = ui.painter().with_clip_rect(response.rect);
            for (layer, prep) in layers.iter().zip(prepared.iter_mut()) {
                if layer.visible {
                    paint_layer(&painter, layer, prep, &current, response.rect, gpu_map);
                }
            }
            let r = response.rect;
            *point_layout = layout_points(
                &point_items(layers, &current, [r.min.x, r.min.y, r.max.x, r.max.y]),
                current.zoom(),
                current.scale,
                THEMATIC_RADIUS,
            );
            paint_points(&painter, layers, point_layout, &current);
            let highlights: Vec<(&Selection, Stroke)> = [
                (
                    hover.as_ref(),
                    Stroke::new(2.0, Color32::from_rgba_unmultiplied(255, 255, 255, 200)),
                ),
                (selection.as_ref(), Stroke::new(3.0, SELECTED)),
            ]
            .into_iter()
            .filter_map(|(s, stroke)| s.map(|s| (s, stroke)))
            .collect();
            paint_highlights(
                &painter,
                layers,
                prepared,
                point_layout,
                &highlights,
                &current,
                response.rect,
            );
            paint_labels(
                ui,
                &painter,
                layers,
                prepared,
                point_layout,
                &current,
                response.rect,
            );

            *cursor_lonlat = response
                .hover_pos()
                .map(|p| current.screen_to_lonlat([p.x, p.y]));
            let hit = |pos: Pos2| pick(layers, prepared, point_layout, &current, pos);
            let hovered = response.hover_pos().map(hit);
            *hover = match &hovered {
                Some(Pick::Feature(s)) => Some(s.clone()),
                _ => None,
            };
            crate::ui::tools::paint_scale_bar(&painter, &current, response.rect);
            let mut zoom_into = None;
            if let Some(points) = measure.as_mut() {
                if response.clicked()
                    && let Some(pos) = response.interact_pointer_pos()
                {
                    points.push(current.screen_to_lonlat([pos.x, pos.y]));
                }
                crate::ui::tools::paint_measure(&painter, &current, points, response.hover_pos());
                *hover = None;
            } else if response.clicked()
                && let Some(pos) = response.interact_pointer_pos()
            {
                match hit(pos) {
                    Pick::Cluster(bounds) => zoom_into = Some(bounds),
                    Pick::Feature(s) => *selection = Some(s),
                    Pick::Nothing => *selection = None,
                }
            }
            if let Some(Pick::Cluster(_)) = hovered
                && let Some(PlacedPoint::Cluster { members, .. }) = response
                    .hover_pos()
                    .and_then(|p| point_layout.hit([p.x, p.y], THEMATIC_RADIUS, 2.0))
            {
                let mut text = format!("{} features here · click to zoom in", members.len());
                for m in members.iter().take(8) {
                    text.push_str(&format!(
                        "\n• {}",
                        layers[m.layer].features[m.feature].display_name()
                    ));
                }
                if members.len() > 8 {
                    text.push_str(&format!("\n… and {} more", members.len() - 8));
                }
                response.clone().on_hover_text_at_pointer(text);
            }
            if let Some(h) = hover.as_ref()
                && let Some(feature) = layers
                    .iter()
                    .find(|l| l.id == h.layer)
                    .and_then(|l| l.features.get(h.feature))
            {
                let text = match feature.str_property("level") {
                    Some(level) => format!("{}\n{level}", feature.display_name()),
                    None => feature.display_name(),
                };
                response.clone().on_hover_text_at_pointer(text);
            }
            zoom_into
        })
        .inner;
    if let Some(bounds) = zoom_into {
        // Mercator y grows southward.
        let (w, n) = mercator_to_lonlat([bounds[0], bounds[1]]);
        let (e, s) = mercator_to_lonlat([bounds[2], bounds[3]]);
        let pad = 0.3 * (e - w).max(n - s);
        app.zoom_to([w - pad, s - pad, e + pad, n + pad]);
    }
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

fn to_pos(view: &ViewTransform, p: [f64; 2]) -> Pos2 {
    let [x, y] = view.to_screen(p);
    pos2(x, y)
}

/// A ring as an open polyline that returns to its start. epaint strokes closed paths with
/// unlimited miter joins, so a needle in a ring (common in county borders once simplified)
/// would shoot a spike across the map; open paths get their sharp corners cut.
fn ring_points(view: &ViewTransform, ring: &[[f64; 2]]) -> Vec<Pos2> {
    let mut points: Vec<Pos2> = ring.iter().map(|&p| to_pos(view, p)).collect();
    points.dedup_by(|a, b| (a.x - b.x).abs() < 0.25 && (a.y - b.y).abs() < 0.25);
    if points.len() > 1 && points.first() != points.last() {
        points.push(points[0]);
    }
    points
}

fn paint_shape(
    painter: &egui::Painter,
    shape: &PreparedShape,
    view: &ViewTransform,
    fill: Color32,
    stroke: Stroke,
    mesh: &mut Mesh,
) {
    if !shape.fill.indices.is_empty() && fill.a() > 0 {
        let base = mesh.vertices.len() as u32;
        mesh.vertices
            .extend(shape.fill.vertices.iter().map(|&p| Vertex {
                pos: to_pos(view, p),
                uv: egui::epaint::WHITE_UV,
                color: fill,
            }));
        mesh.indices
            .extend(shape.fill.indices.iter().map(|i| base + i));
    }
    for ring in shape.rings() {
        let points = ring_points(view, ring);
        if points.len() >= 4 {
            painter.add(Shape::line(points, stroke));
        }
    }
    for line in &shape.lines {
        let points: Vec<Pos2> = line.iter().map(|&p| to_pos(view, p)).collect();
        painter.add(Shape::line(points, stroke));
    }
}

/// Whether f32 positions relative to the layer's centre would be off by a visible fraction
/// of a pixel at this zoom (a world-wide layer zoomed to street level): then the f64 path.
fn needs_f64(prepared: &PreparedLayer, view: &ViewTransform) -> bool {
    prepared.index.bounds().is_none_or(|b| {
        let extent = ((b[2] - b[0]) / 2.0).max((b[3] - b[1]) / 2.0);
        extent * f64::from(f32::EPSILON) * view.scale > 0.2
    })
}

fn paint_layer(
    painter: &egui::Painter,
    layer: &Layer,
    prepared: &mut PreparedLayer,
    view: &ViewTransform,
    rect: Rect,
    gpu: bool,
) {
    let ctx = painter.ctx().clone();
    let visible_box = view.visible_box(rect.width(), rect.height());
    let Some(frame) =
        prepared.shapes_for_frame(&layer.features, view.zoom(), visible_box, move || {
            ctx.request_repaint()
        })
    else {
        return;
    };
    let shapes = &frame.shapes;
    let colors = |i: usize| {
        let (fill, stroke) = layer.style.colors_for(&layer.features[i]);
        (
            color32(fill.faded(layer.opacity)),
            Stroke::new(
                layer.style.stroke_width,
                color32(stroke.faded(layer.opacity)),
            ),
        )
    };
    let [x0, y0, x1, y1] = visible_box;
    let mut visible = prepared.index.query([x0, y0], [x1, y1]);
    visible.sort_unstable();
    let has_area_or_lines = layer.kinds.polygons || layer.kinds.lines;
    if gpu && has_area_or_lines && !needs_f64(prepared, view) {
        let (feature_colors, generation) = prepared.feature_colors(&layer.features, &layer.style);
        let draw = super::map_gpu::LayerDraw {
            key: super::map_gpu::BandKey {
                shapes: frame.id,
                generation,
            },
            source: super::map_gpu::BandSource {
                shapes: shapes.clone(),
                colors: feature_colors,
            },
            view: *view,
            rect,
            opacity: layer.opacity,
            line_width: layer.style.stroke_width,
            pixels_per_point: painter.ctx().pixels_per_point(),
            pass: painter.ctx().cumulative_pass_nr(),
        };
        painter.add(eframe::egui_wgpu::Callback::new_paint_callback(rect, draw));
    } else {
        let mut mesh = Mesh::default();
        let outlines_start = painter.add(Shape::Noop);
        for &i in &visible {
            let (fill, stroke) = colors(i);
            paint_shape(painter, &shapes[i], view, fill, stroke, &mut mesh);
        }
        // Fills go under every outline of the layer: put the mesh in the slot reserved first.
        painter.set(outlines_start, Shape::mesh(mesh));
    }
    if is_decluttered(layer) {
        return;
    }
    for &i in &visible {
        let precision = layer.features[i].precision();
        for &p in &shapes[i].points {
            let center = to_pos(view, p);
            if let Some(r) = approximate_ring_px(precision, view.scale, p, layer.style.point_radius)
            {
                paint_halo(painter, center, r, layer);
            }
            paint_symbol(
                painter,
                layer.style.symbol,
                center,
                layer.style.point_radius,
                colors(i).1.color,
            );
        }
    }
}

/// The uncertainty ring of an approximate point.
fn paint_halo(painter: &egui::Painter, center: Pos2, r: f32, layer: &Layer) {
    let (fill, outline) = halo_colors(layer.style.stroke, layer.opacity, r);
    painter.circle(center, r, color32(fill), Stroke::new(1.2, color32(outline)));
}

/// A point marker: filled shape with a white rim so it reads on any background.
pub fn paint_symbol(
    painter: &egui::Painter,
    symbol: Symbol,
    center: Pos2,
    radius: f32,
    fill: Color32,
) {
    let rim = Stroke::new(1.5, Color32::WHITE);
    match symbol.outline([center.x, center.y], radius) {
        None => {
            painter.circle(center, radius, fill, rim);
        }
        Some(outline) => {
            painter.add(Shape::convex_polygon(
                outline.into_iter().map(|[x, y]| pos2(x, y)).collect(),
                fill,
                rim,
            ));
        }
    }
}

/// Thematic points after decluttering: single markers, displaced markers with leader lines,
/// and cluster bubbles with a ring split by layer colour.
fn paint_points(
    painter: &egui::Painter,
    layers: &[Layer],
    layout: &PointLayout,
    view: &ViewTransform,
) {
    for placed in &layout.placed {
        match placed {
            PlacedPoint::Single(item) | PlacedPoint::Displaced { item, .. } => {
                let layer = &layers[item.layer];
                let color = color32(layer.style.stroke.faded(layer.opacity));
                let truth = pos2(item.screen[0], item.screen[1]);
                let precision = layer.features[item.feature].precision();
                if let Some(r) = approximate_ring_px(
                    precision,
                    view.scale,
                    item.mercator,
                    layer.style.point_radius,
                ) {
                    paint_halo(painter, truth, r, layer);
                }
                let [x, y] = placed.position();
                let at = pos2(x, y);
                if at != truth {
                    painter.line_segment([truth, at], Stroke::new(1.0, Color32::from_gray(70)));
                    painter.circle_filled(truth, 2.0, Color32::from_gray(50));
                }
                paint_symbol(
                    painter,
                    layer.style.symbol,
                    at,
                    layer.style.point_radius,
                    color,
                );
            }
            PlacedPoint::Cluster {
                members,
                at,
                radius,
                ..
            } => {
                let center = pos2(at[0], at[1]);
                painter.circle(
                    center,
                    *radius,
                    Color32::from_white_alpha(235),
                    Stroke::new(1.0, Color32::from_gray(90)),
                );
                for (layer, arc) in placed.layer_arcs(radius - 2.5) {
                    let arc = arc.into_iter().map(|[x, y]| pos2(x, y)).collect();
                    painter.add(Shape::line(
                        arc,
                        Stroke::new(4.5, color32(layers[layer].style.stroke)),
                    ));
                }
                painter.text(
                    center,
                    Align2::CENTER_CENTER,
                    members.len().to_string(),
                    FontId::proportional(13.0),
                    Color32::from_gray(30),
                );
            }
        }
    }
}

/// Outlines the hovered and selected features, each with its stroke (later ones on top).
fn paint_highlights(
    painter: &egui::Painter,
    layers: &[Layer],
    prepared: &mut [PreparedLayer],
    points: &PointLayout,
    highlights: &[(&Selection, Stroke)],
    view: &ViewTransform,
    rect: Rect,
) {
    let visible_box = view.visible_box(rect.width(), rect.height());
    for &(s, stroke) in highlights {
        let Some(i) = layers.iter().position(|l| l.id == s.layer && l.visible) else {
            continue;
        };
        let ctx = painter.ctx().clone();
        let Some(frame) = prepared[i].shapes_for_frame(
            &layers[i].features,
            view.zoom(),
            visible_box,
            move || ctx.request_repaint(),
        ) else {
            continue;
        };
        let Some(shape) = frame.shapes.get(s.feature) else {
            continue;
        };
        let halo = Stroke::new(stroke.width + 2.0, Color32::from_black_alpha(90));
        let rings = shape.rings().map(|ring| ring_points(view, ring));
        let lines = (shape.lines.iter()).map(|l| l.iter().map(|&p| to_pos(view, p)).collect());
        for path in rings.filter(|r| r.len() >= 4).chain(lines) {
            let path: Vec<Pos2> = path;
            for s in [halo, stroke] {
                painter.add(Shape::line(path.clone(), s));
            }
        }
        for &p in &shape.points {
            let at = points
                .drawn_at(i, s.feature)
                .map_or_else(|| to_pos(view, p), |[x, y]| pos2(x, y));
            painter.circle_stroke(at, layers[i].style.point_radius + 3.0, stroke);
        }
    }
}

fn paint_labels(
    ui: &Ui,
    painter: &egui::Painter,
    layers: &[Layer],
    prepared: &[PreparedLayer],
    points: &PointLayout,
    view: &ViewTransform,
    rect: Rect,
) {
    let font = FontId::proportional(12.5);
    let text_color = Color32::from_rgb(60, 45, 30);
    let measure = |t: &str| {
        let galley = ui
            .ctx()
            .fonts_mut(|f| f.layout_no_wrap(t.to_string(), font.clone(), text_color));
        [galley.size().x, galley.size().y]
    };
    let mut texts = Vec::new();
    let mut candidates = Vec::new();
    for (layer, prep) in layers.iter().zip(prepared) {
        if !layer.visible || layer.kind != LayerKind::Districts {
            continue;
        }
        for (candidate, text) in label_candidates(layer, prep, view, measure) {
            texts.push((text, text_color));
            candidates.push(LabelCandidate {
                feature: texts.len() - 1,
                ..candidate
            });
        }
    }
    for label in point_label_candidates(layers, points, view.zoom(), THEMATIC_RADIUS, measure) {
        let color = color32(text_shade(layers[label.layer].style.stroke));
        texts.push((label.text, color));
        candidates.extend(label.positions.into_iter().map(|c| LabelCandidate {
            feature: texts.len() - 1,
            ..c
        }));
    }
    let viewport = [rect.min.x, rect.min.y, rect.max.x, rect.max.y];
    let mut blocked = points.blocked_rects(THEMATIC_RADIUS);
    blocked.push(crate::ui::tools::scale_bar_footprint(rect));
    for label in place_labels(candidates, viewport, &blocked) {
        let pos = pos2(label.center[0], label.center[1]);
        let (text, color) = &texts[label.feature];
        for (dx, dy) in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
            painter.text(
                pos + egui::vec2(dx, dy),
                Align2::CENTER_CENTER,
                text,
                font.clone(),
                Color32::from_white_alpha(200),
            );
        }
        painter.text(pos, Align2::CENTER_CENTER, text, font.clone(), *color);
    }
}
