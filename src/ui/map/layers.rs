//! Painting a layer's geometry in the window: through the wgpu paint callback from uploaded
//! band buffers, or as egui shapes where there is no GPU path; and the outlines of the
//! hovered and selected features.

use egui::epaint::{Mesh, Vertex};
use egui::{Color32, Pos2, Rect, Shape, Stroke, pos2};

use crate::geometry::ViewTransform;
use crate::geometry::tessellate::PreparedShape;
use crate::model::Layer;
use crate::render::PreparedLayer;
use crate::render::marks::layer_point_marks;
use crate::render::points::PointLayout;
use crate::ui::map::marks::{color32, paint_marks};
use crate::ui::picks::Selection;

/// The selection: amber on a dark casing, as QGIS's selection yellow; a blue line read as a
/// river along a district's edge.
pub const SELECTED: Color32 = Color32::from_rgb(255, 196, 0);
pub const HOVERED: Color32 = Color32::from_rgba_unmultiplied_const(255, 255, 255, 200);

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

/// Draws one layer: polygons and lines (GPU when `gpu`), then its own point markers.
pub fn paint_layer(
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
    let [x0, y0, x1, y1] = visible_box;
    let mut visible = prepared.index.query([x0, y0], [x1, y1]);
    visible.sort_unstable();
    let has_area_or_lines = layer.kinds.polygons || layer.kinds.lines;
    let line_width = crate::render::mark_style::outline_width(
        layer.style.stroke_width,
        visible.len(),
        rect.area(),
    );
    let theme = crate::ui::map::marks::map_theme(painter.ctx());
    if gpu && has_area_or_lines && !needs_f64(prepared, view) {
        let (feature_colors, generation) =
            prepared.feature_colors(&layer.features, &layer.style, theme);
        let draw = crate::ui::map::gpu::LayerDraw {
            key: crate::ui::map::gpu::BandKey {
                shapes: frame.id,
                generation,
            },
            source: crate::ui::map::gpu::BandSource {
                shapes: shapes.clone(),
                colors: feature_colors,
            },
            view: *view,
            rect,
            opacity: layer.opacity,
            line_width,
            pixels_per_point: painter.ctx().pixels_per_point(),
            pass: painter.ctx().cumulative_pass_nr(),
        };
        painter.add(eframe::egui_wgpu::Callback::new_paint_callback(rect, draw));
    } else {
        let mut mesh = Mesh::default();
        let outlines_start = painter.add(Shape::Noop);
        for &i in &visible {
            let (fill, stroke) = layer.style.colors_for(&layer.features[i]);
            let (fill, stroke) = (theme.area_fill(fill), theme.outline(stroke));
            let stroke = Stroke::new(line_width, color32(stroke.faded(layer.opacity)));
            let fill = color32(fill.faded(layer.opacity));
            paint_shape(painter, &shapes[i], view, fill, stroke, &mut mesh);
        }
        // Fills go under every outline of the layer: put the mesh in the slot reserved first.
        painter.set(outlines_start, Shape::mesh(mesh));
    }
    paint_marks(painter, &layer_point_marks(layer, shapes, &visible, view));
    let styled = crate::render::layer_marks::styled_marks(layer, &visible, view);
    paint_marks(painter, &styled);
}

/// Outlines the hovered and selected features, each with its stroke (later ones on top).
pub fn paint_highlights(
    painter: &egui::Painter,
    (layers, prepared): (&[Layer], &mut [PreparedLayer]),
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
        let halo = Stroke::new(stroke.width + 2.5, Color32::from_black_alpha(150));
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

/// Most chosen features outlined in one frame: past it the outlines would cost more than
/// the map (the bar still counts them all).
const MOST_CHOSEN_DRAWN: usize = 20_000;

/// Outlines the chosen features of `layer_index` that are in view, in the selection's amber.
pub fn paint_chosen(
    painter: &egui::Painter,
    (layers, prepared): (&[Layer], &mut [PreparedLayer]),
    points: &PointLayout,
    (layer_index, chosen): (usize, &std::collections::BTreeSet<usize>),
    view: &ViewTransform,
    rect: Rect,
) {
    let Some(layer) = layers.get(layer_index).filter(|l| l.visible) else {
        return;
    };
    let visible_box = view.visible_box(rect.width(), rect.height());
    let ctx = painter.ctx().clone();
    let Some(frame) = prepared[layer_index].shapes_for_frame(
        &layer.features,
        view.zoom(),
        visible_box,
        move || ctx.request_repaint(),
    ) else {
        return;
    };
    let [x0, y0, x1, y1] = visible_box;
    let in_view = prepared[layer_index].index.query([x0, y0], [x1, y1]);
    let stroke = Stroke::new(2.0, SELECTED);
    let halo = Stroke::new(4.0, Color32::from_black_alpha(140));
    let chosen_in_view = in_view.into_iter().filter(|i| chosen.contains(i));
    for i in chosen_in_view.take(MOST_CHOSEN_DRAWN) {
        let Some(shape) = frame.shapes.get(i) else {
            continue;
        };
        let rings = shape.rings().map(|ring| ring_points(view, ring));
        let lines = (shape.lines.iter()).map(|l| l.iter().map(|&p| to_pos(view, p)).collect());
        for path in rings.filter(|r| r.len() >= 4).chain(lines) {
            let path: Vec<Pos2> = path;
            painter.add(Shape::line(path.clone(), halo));
            painter.add(Shape::line(path, stroke));
        }
        for &p in &shape.points {
            let at = (points.drawn_at(layer_index, i))
                .map_or_else(|| to_pos(view, p), |[x, y]| pos2(x, y));
            let radius = layer.style.point_radius + 2.0;
            painter.circle(at, radius, SELECTED.gamma_multiply(0.55), halo);
            painter.circle_stroke(at, radius, stroke);
        }
    }
}
