//! The map: walkers widget with the basemap, our layers drawn from prepared geometry on top,
//! and hover / click hit-testing.

use egui::epaint::{Mesh, PathShape, PathStroke, Vertex};
use egui::{Align2, Color32, FontId, Pos2, Rect, Shape, Stroke, Ui, pos2};
use walkers::{Map, Projector, Tiles, lon_lat};

use super::app::{AtlasApp, Selection};
use crate::geometry::tessellate::PreparedShape;
use crate::geometry::{ViewTransform, hit::hit_test, lonlat_to_mercator};
use crate::model::{Layer, LayerKind, Rgba};
use crate::render::PreparedLayer;
use crate::render::labels::{LabelCandidate, place_labels};
use crate::render::raster::{approximate_ring_px, label_candidates};

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
        let [w, s, e, n] = bbox;
        app.map_memory
            .center_at(lon_lat((w + e) / 2.0, (s + n) / 2.0));
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
        ..
    } = app;
    let tiles: Option<&mut dyn Tiles> = basemap.as_deref_mut().map(|t| t as &mut dyn Tiles);
    let center = lon_lat(107.7, 30.2);
    Map::new(tiles, map_memory, center)
        .zoom_with_ctrl(false)
        .show(ui, |ui, response, projector, _memory| {
            let current = view_from_projector(projector);
            *view = Some(current);
            *map_rect = Some(response.rect);
            let painter = ui.painter().with_clip_rect(response.rect);
            for (layer, prep) in layers.iter().zip(prepared.iter_mut()) {
                if layer.visible {
                    paint_layer(&painter, layer, prep, &current, response.rect);
                }
            }
            for (s, color, width) in [
                (
                    hover.as_ref(),
                    Color32::from_rgba_unmultiplied(255, 255, 255, 200),
                    2.0,
                ),
                (selection.as_ref(), SELECTED, 3.0),
            ] {
                if let Some(s) = s {
                    paint_highlight(&painter, layers, prepared, s, &current, color, width);
                }
            }
            paint_labels(ui, &painter, layers, prepared, &current, response.rect);

            *cursor_lonlat = response
                .hover_pos()
                .map(|p| current.screen_to_lonlat([p.x, p.y]));
            let hit = |pos: Pos2| pick(layers, prepared, &current, pos);
            *hover = response.hover_pos().and_then(hit);
            if response.clicked()
                && let Some(pos) = response.interact_pointer_pos()
            {
                *selection = hit(pos);
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
        });
}

/// The topmost feature under `pos` (upper layers first).
fn pick(
    layers: &[Layer],
    prepared: &[PreparedLayer],
    view: &ViewTransform,
    pos: Pos2,
) -> Option<Selection> {
    let (lon, lat) = view.screen_to_lonlat([pos.x, pos.y]);
    let tolerance = HIT_TOLERANCE_PX / view.scale;
    layers
        .iter()
        .zip(prepared)
        .rev()
        .filter(|(l, _)| l.visible)
        .find_map(|(layer, prep)| {
            hit_test(&layer.features, &prep.index, lon, lat, tolerance).map(|feature| Selection {
                layer: layer.id.clone(),
                feature,
            })
        })
}

fn to_pos(view: &ViewTransform, p: [f64; 2]) -> Pos2 {
    let [x, y] = view.to_screen(p);
    pos2(x, y)
}

fn ring_points(view: &ViewTransform, ring: &[[f64; 2]]) -> Vec<Pos2> {
    let mut points: Vec<Pos2> = ring.iter().map(|&p| to_pos(view, p)).collect();
    // epaint closes the path itself; a repeated end point would draw a spike in the join.
    if points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    points.dedup_by(|a, b| (a.x - b.x).abs() < 0.25 && (a.y - b.y).abs() < 0.25);
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
        if points.len() >= 3 {
            painter.add(Shape::Path(PathShape::closed_line(
                points,
                PathStroke::from(stroke),
            )));
        }
    }
    for line in &shape.lines {
        let points: Vec<Pos2> = line.iter().map(|&p| to_pos(view, p)).collect();
        painter.add(Shape::line(points, stroke));
    }
}

fn paint_layer(
    painter: &egui::Painter,
    layer: &Layer,
    prepared: &mut PreparedLayer,
    view: &ViewTransform,
    rect: Rect,
) {
    let ctx = painter.ctx().clone();
    let Some(shapes) =
        prepared.shapes_for_frame(&layer.features, view.zoom(), move || ctx.request_repaint())
    else {
        return;
    };
    let fill = color32(layer.style.fill.faded(layer.opacity));
    let stroke = Stroke::new(
        layer.style.stroke_width,
        color32(layer.style.stroke.faded(layer.opacity)),
    );
    let (min, max) = view.visible_mercator(rect.width(), rect.height());
    let mut visible = prepared.index.query(min, max);
    visible.sort_unstable();
    let mut mesh = Mesh::default();
    let outlines_start = painter.add(Shape::Noop);
    for &i in &visible {
        paint_shape(painter, &shapes[i], view, fill, stroke, &mut mesh);
    }
    // Fills go under every outline of the layer: put the mesh in the slot reserved first.
    painter.set(outlines_start, Shape::mesh(mesh));
    for &i in &visible {
        let precision = layer.features[i].precision();
        for &p in &shapes[i].points {
            let center = to_pos(view, p);
            if let Some(r) = approximate_ring_px(precision, view.scale, p, layer.style.point_radius)
            {
                painter.circle(
                    center,
                    r,
                    color32(layer.style.stroke.with_alpha(28)),
                    Stroke::new(1.2, color32(layer.style.stroke.with_alpha(150))),
                );
            }
            painter.circle(
                center,
                layer.style.point_radius,
                stroke.color,
                Stroke::new(1.5, Color32::WHITE),
            );
        }
    }
}

fn paint_highlight(
    painter: &egui::Painter,
    layers: &[Layer],
    prepared: &mut [PreparedLayer],
    s: &Selection,
    view: &ViewTransform,
    color: Color32,
    width: f32,
) {
    let Some(i) = layers.iter().position(|l| l.id == s.layer && l.visible) else {
        return;
    };
    let ctx = painter.ctx().clone();
    let Some(shapes) = prepared[i].shapes_for_frame(&layers[i].features, view.zoom(), move || {
        ctx.request_repaint()
    }) else {
        return;
    };
    let Some(shape) = shapes.get(s.feature) else {
        return;
    };
    let halo = Stroke::new(width + 2.0, Color32::from_black_alpha(90));
    let stroke = Stroke::new(width, color);
    for ring in shape.rings() {
        let points = ring_points(view, ring);
        if points.len() >= 3 {
            for s in [halo, stroke] {
                painter.add(Shape::Path(PathShape::closed_line(
                    points.clone(),
                    PathStroke::from(s),
                )));
            }
        }
    }
    for line in &shape.lines {
        let points: Vec<Pos2> = line.iter().map(|&p| to_pos(view, p)).collect();
        for s in [halo, stroke] {
            painter.add(Shape::line(points.clone(), s));
        }
    }
    for &p in &shape.points {
        painter.circle_stroke(to_pos(view, p), layers[i].style.point_radius + 3.0, stroke);
    }
}

fn paint_labels(
    ui: &Ui,
    painter: &egui::Painter,
    layers: &[Layer],
    prepared: &[PreparedLayer],
    view: &ViewTransform,
    rect: Rect,
) {
    let font = FontId::proportional(12.5);
    let text_color = Color32::from_rgb(60, 45, 30);
    let mut texts = Vec::new();
    let mut candidates = Vec::new();
    for (layer, prep) in layers.iter().zip(prepared) {
        if !layer.visible || layer.kind != LayerKind::Districts {
            continue;
        }
        let measure = |t: &str| {
            let galley = ui
                .ctx()
                .fonts_mut(|f| f.layout_no_wrap(t.to_string(), font.clone(), text_color));
            [galley.size().x, galley.size().y]
        };
        for (candidate, text) in label_candidates(layer, prep, view, measure) {
            texts.push(text);
            candidates.push(LabelCandidate {
                feature: texts.len() - 1,
                ..candidate
            });
        }
    }
    let viewport = [rect.min.x, rect.min.y, rect.max.x, rect.max.y];
    for label in place_labels(candidates, viewport, &[]) {
        let pos = pos2(label.center[0], label.center[1]);
        let text = &texts[label.feature];
        for (dx, dy) in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
            painter.text(
                pos + egui::vec2(dx, dy),
                Align2::CENTER_CENTER,
                text,
                font.clone(),
                Color32::from_white_alpha(200),
            );
        }
        painter.text(pos, Align2::CENTER_CENTER, text, font.clone(), text_color);
    }
}
