//! CPU drawing of point markers and the decluttered thematic points (see `points`), matching
//! what the window draws.

use tiny_skia::{FillRule, LineCap, Paint, PathBuilder, Pixmap, Stroke, Transform};

use super::points::{PlacedPoint, PointLayout};
use super::raster::{approximate_ring_px, bundled_font, circle, draw_text, halo_colors, paint};
use crate::geometry::ViewTransform;
use crate::model::{Layer, Rgba, Symbol};

/// Marker radius of thematic points (their layers' style).
pub const THEMATIC_RADIUS: f32 = 6.0;

const WHITE: Rgba = Rgba::rgb(255, 255, 255);

/// A layer colour dark enough for text on a light map.
pub fn text_shade(c: Rgba) -> Rgba {
    let [r, g, b, _] = c.0;
    let d = |v: u8| (v as f32 * 0.6) as u8;
    Rgba::rgb(d(r), d(g), d(b))
}

fn stroke_path(pixmap: &mut Pixmap, path: &tiny_skia::Path, c: Rgba, width: f32) {
    let stroke = Stroke {
        width,
        line_cap: LineCap::Round,
        ..Stroke::default()
    };
    pixmap.stroke_path(path, &paint(c), &stroke, Transform::identity(), None);
}

fn segment(pixmap: &mut Pixmap, a: [f32; 2], b: [f32; 2], c: Rgba, width: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(a[0], a[1]);
    pb.line_to(b[0], b[1]);
    if let Some(path) = pb.finish() {
        stroke_path(pixmap, &path, c, width);
    }
}

/// A point marker: filled shape with a white rim.
pub fn symbol(pixmap: &mut Pixmap, symbol: Symbol, center: [f32; 2], radius: f32, fill: Rgba) {
    match symbol.outline(center, radius) {
        None => circle(
            pixmap,
            center,
            radius,
            Some(fill),
            Some((WHITE, 1.5, false)),
        ),
        Some(outline) => {
            let mut pb = PathBuilder::new();
            pb.move_to(outline[0][0], outline[0][1]);
            for p in &outline[1..] {
                pb.line_to(p[0], p[1]);
            }
            pb.close();
            if let Some(path) = pb.finish() {
                let fill_paint: Paint = paint(fill);
                pixmap.fill_path(
                    &path,
                    &fill_paint,
                    FillRule::Winding,
                    Transform::identity(),
                    None,
                );
                stroke_path(pixmap, &path, WHITE, 1.5);
            }
        }
    }
}

pub fn draw_points(
    pixmap: &mut Pixmap,
    layers: &[Layer],
    layout: &PointLayout,
    view: &ViewTransform,
) {
    for placed in &layout.placed {
        match placed {
            PlacedPoint::Single(item) | PlacedPoint::Displaced { item, .. } => {
                let layer = &layers[item.layer];
                let style = &layer.style;
                let color = style.stroke.faded(layer.opacity);
                let precision = layer.features[item.feature].precision();
                if let Some(r) =
                    approximate_ring_px(precision, view.scale, item.mercator, style.point_radius)
                {
                    let (fill, outline) = halo_colors(style.stroke, layer.opacity, r);
                    circle(
                        pixmap,
                        item.screen,
                        r,
                        Some(fill),
                        Some((outline, 1.2, true)),
                    );
                }
                let at = placed.position();
                if at != item.screen {
                    segment(pixmap, item.screen, at, Rgba::rgb(70, 70, 70), 1.0);
                    circle(pixmap, item.screen, 2.0, Some(Rgba::rgb(50, 50, 50)), None);
                }
                symbol(pixmap, style.symbol, at, style.point_radius, color);
            }
            PlacedPoint::Cluster {
                members,
                at,
                radius,
                ..
            } => {
                circle(
                    pixmap,
                    *at,
                    *radius,
                    Some(Rgba([255, 255, 255, 235])),
                    Some((Rgba::rgb(90, 90, 90), 1.0, false)),
                );
                for (layer, arc) in placed.layer_arcs(radius - 2.5) {
                    let mut pb = PathBuilder::new();
                    pb.move_to(arc[0][0], arc[0][1]);
                    for p in &arc[1..] {
                        pb.line_to(p[0], p[1]);
                    }
                    if let Some(path) = pb.finish() {
                        stroke_path(pixmap, &path, layers[layer].style.stroke, 4.5);
                    }
                }
                draw_text(
                    pixmap,
                    bundled_font(),
                    13.0,
                    &members.len().to_string(),
                    *at,
                    Rgba::rgb(30, 30, 30),
                );
            }
        }
    }
}
