//! CPU rendering to an RGBA image (tiny-skia + ab_glyph): the headless `render` command and
//! image tests, no GPU or window needed.

use std::sync::OnceLock;

use ab_glyph::{Font, FontArc, PxScale, ScaleFont, point};
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, PremultipliedColorU8, Stroke,
    StrokeDash, Transform,
};

use super::labels::{LabelCandidate, place_labels};
use super::{PreparedLayer, label_text};
use crate::geometry::ViewTransform;
use crate::geometry::projection::{mercator_to_lonlat, metres_to_mercator};
use crate::model::{Layer, LayerKind, LocationPrecision, Rgba};

pub const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttf");

/// The bundled CJK-capable font (WenQuanYi Micro Hei).
pub fn bundled_font() -> &'static FontArc {
    static FONT: OnceLock<FontArc> = OnceLock::new();
    FONT.get_or_init(|| FontArc::try_from_slice(FONT_BYTES).expect("bundled font parses"))
}

/// Land colour behind everything when no basemap is drawn.
pub const PAPER: Rgba = Rgba::rgb(242, 239, 233);

fn color(c: Rgba) -> Color {
    let [r, g, b, a] = c.0;
    Color::from_rgba8(r, g, b, a)
}

pub(crate) fn paint(c: Rgba) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(color(c));
    p.anti_alias = true;
    p
}

fn polyline(points: &[[f64; 2]], view: &ViewTransform, close: bool, pb: &mut PathBuilder) {
    let mut iter = points.iter().map(|&p| view.to_screen(p));
    if let Some([x, y]) = iter.next() {
        pb.move_to(x, y);
        for [x, y] in iter {
            pb.line_to(x, y);
        }
        if close {
            pb.close();
        }
    }
}

/// One path of all the polylines (closed as rings when `close`); `None` when there are none.
fn build_path<'a>(
    parts: impl Iterator<Item = &'a [[f64; 2]]>,
    view: &ViewTransform,
    close: bool,
) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    for part in parts {
        polyline(part, view, close, &mut pb);
    }
    pb.finish()
}

pub(crate) fn circle(
    pixmap: &mut Pixmap,
    center: [f32; 2],
    radius: f32,
    fill: Option<Rgba>,
    stroke: Option<(Rgba, f32, bool)>,
) {
    let Some(path) = PathBuilder::from_circle(center[0], center[1], radius.max(0.5)) else {
        return;
    };
    if let Some(fill) = fill {
        pixmap.fill_path(
            &path,
            &paint(fill),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
    if let Some((c, width, dashed)) = stroke {
        let mut s = Stroke {
            width,
            ..Stroke::default()
        };
        if dashed {
            s.dash = StrokeDash::new(vec![5.0, 4.0], 0.0);
        }
        pixmap.stroke_path(&path, &paint(c), &s, Transform::identity(), None);
    }
}

/// Screen radius of an approximate point's uncertainty halo.
pub fn halo_radius_px(view_scale: f64, merc: [f64; 2], uncertainty_km: f64) -> f32 {
    let (_, lat) = mercator_to_lonlat(merc);
    (metres_to_mercator(uncertainty_km * 1000.0, lat) * view_scale) as f32
}

/// Radius of the ring that marks an approximate point: sized to the stated uncertainty, or a
/// fixed ring where only "district seat" is known. `None` for exact points.
pub fn approximate_ring_px(
    precision: LocationPrecision,
    view_scale: f64,
    merc: [f64; 2],
    point_radius: f32,
) -> Option<f32> {
    match precision {
        LocationPrecision::Exact => None,
        LocationPrecision::Approximate { uncertainty_km } => {
            let halo = uncertainty_km.map_or(0.0, |km| halo_radius_px(view_scale, merc, km));
            Some(halo.max(point_radius * 2.2))
        }
    }
}

/// Fill and outline of an uncertainty ring of radius `r` px for a layer colour. Big rings
/// (a district-wide guess seen from close up) lose their fill so they do not wash the map.
pub fn halo_colors(base: Rgba, opacity: f32, r: f32) -> (Rgba, Rgba) {
    let fill_alpha = (28.0 * ((160.0 - r) / 100.0).clamp(0.0, 1.0)).round() as u8;
    (
        base.with_alpha(fill_alpha).faded(opacity),
        base.with_alpha(150).faded(opacity),
    )
}

/// Draws one layer's geometry (not its labels).
pub fn draw_layer(
    pixmap: &mut Pixmap,
    layer: &Layer,
    prepared: &mut PreparedLayer,
    view: &ViewTransform,
) {
    let shapes = prepared.shapes(&layer.features, view.zoom());
    let style = &layer.style;
    let stroke = Stroke {
        width: style.stroke_width,
        line_join: LineJoin::Round,
        line_cap: LineCap::Round,
        ..Stroke::default()
    };
    let (min, max) = view.visible_mercator(pixmap.width() as f32, pixmap.height() as f32);
    let mut visible = prepared.index.query(min, max);
    visible.sort_unstable();
    for &i in &visible {
        let shape = &shapes[i];
        let (fill, stroke_color) = style.colors_for(&layer.features[i]);
        let (fill, stroke_color) = (fill.faded(layer.opacity), stroke_color.faded(layer.opacity));
        let rings = build_path(shape.rings(), view, true);
        if let Some(path) = &rings {
            pixmap.fill_path(
                path,
                &paint(fill),
                FillRule::EvenOdd,
                Transform::identity(),
                None,
            );
        }
        let lines = build_path(shape.lines.iter().map(Vec::as_slice), view, false);
        for path in rings.iter().chain(&lines) {
            pixmap.stroke_path(
                path,
                &paint(stroke_color),
                &stroke,
                Transform::identity(),
                None,
            );
        }
        if !shape.points.is_empty() && !super::points::is_decluttered(layer) {
            let precision = layer.features[i].precision();
            for &p in &shape.points {
                let s = view.to_screen(p);
                if let Some(r) = approximate_ring_px(precision, view.scale, p, style.point_radius) {
                    let (fill, outline) = halo_colors(style.stroke, layer.opacity, r);
                    circle(pixmap, s, r, Some(fill), Some((outline, 1.2, true)));
                }
                super::raster_points::symbol(
                    pixmap,
                    style.symbol,
                    s,
                    style.point_radius,
                    stroke_color,
                );
            }
        }
    }
}

fn line_metrics(font: &FontArc, px: f32) -> (f32, f32) {
    let scaled = font.as_scaled(PxScale::from(px));
    (scaled.ascent(), scaled.height() + scaled.line_gap())
}

/// Width and height of (possibly multi-line) text.
pub fn text_size(font: &FontArc, px: f32, text: &str) -> [f32; 2] {
    let scaled = font.as_scaled(PxScale::from(px));
    let (_, line_height) = line_metrics(font, px);
    let width = text
        .lines()
        .map(|l| {
            l.chars()
                .map(|c| scaled.h_advance(font.glyph_id(c)))
                .sum::<f32>()
        })
        .fold(0.0, f32::max);
    [width, line_height * text.lines().count().max(1) as f32]
}

fn blend(pixmap: &mut Pixmap, x: i32, y: i32, c: Rgba, coverage: f32) {
    if x < 0 || y < 0 || x >= pixmap.width() as i32 || y >= pixmap.height() as i32 {
        return;
    }
    let idx = y as usize * pixmap.width() as usize + x as usize;
    let pixels = pixmap.pixels_mut();
    let dst = pixels[idx];
    let a = (c.0[3] as f32 / 255.0) * coverage.clamp(0.0, 1.0);
    let mix = |s: u8, d: u8| {
        (s as f32 * a + d as f32 * (1.0 - a))
            .round()
            .clamp(0.0, 255.0) as u8
    };
    let out_a = (a * 255.0 + dst.alpha() as f32 * (1.0 - a))
        .round()
        .clamp(0.0, 255.0) as u8;
    let r = mix(c.0[0], dst.red()).min(out_a);
    let g = mix(c.0[1], dst.green()).min(out_a);
    let b = mix(c.0[2], dst.blue()).min(out_a);
    if let Some(p) = PremultipliedColorU8::from_rgba(r, g, b, out_a) {
        pixels[idx] = p;
    }
}

fn draw_text_once(
    pixmap: &mut Pixmap,
    font: &FontArc,
    px: f32,
    text: &str,
    center: [f32; 2],
    c: Rgba,
    offset: [f32; 2],
) {
    let scaled = font.as_scaled(PxScale::from(px));
    let [_, total_h] = text_size(font, px, text);
    let (ascent, line_height) = line_metrics(font, px);
    for (row, line) in text.lines().enumerate() {
        let width: f32 = line
            .chars()
            .map(|ch| scaled.h_advance(font.glyph_id(ch)))
            .sum();
        let mut x = center[0] - width / 2.0 + offset[0];
        let baseline = center[1] - total_h / 2.0 + ascent + row as f32 * line_height + offset[1];
        for ch in line.chars() {
            let glyph = font
                .glyph_id(ch)
                .with_scale_and_position(PxScale::from(px), point(x, baseline));
            x += scaled.h_advance(glyph.id);
            if let Some(outlined) = font.outline_glyph(glyph) {
                let bounds = outlined.px_bounds();
                outlined.draw(|gx, gy, coverage| {
                    blend(
                        pixmap,
                        bounds.min.x as i32 + gx as i32,
                        bounds.min.y as i32 + gy as i32,
                        c,
                        coverage,
                    );
                });
            }
        }
    }
}

/// Text centred on `center`, with a light halo so it reads over any background.
pub fn draw_text(
    pixmap: &mut Pixmap,
    font: &FontArc,
    px: f32,
    text: &str,
    center: [f32; 2],
    c: Rgba,
) {
    let halo = Rgba([255, 255, 255, 210]);
    for offset in [
        [-1.0, 0.0],
        [1.0, 0.0],
        [0.0, -1.0],
        [0.0, 1.0],
        [-1.0, -1.0],
        [1.0, 1.0],
        [-1.0, 1.0],
        [1.0, -1.0],
    ] {
        draw_text_once(pixmap, font, px, text, center, halo, offset);
    }
    draw_text_once(pixmap, font, px, text, center, c, [0.0, 0.0]);
}

/// Label candidates for a layer's visible features, biggest areas first.
pub fn label_candidates(
    layer: &Layer,
    prepared: &PreparedLayer,
    view: &ViewTransform,
    mut measure: impl FnMut(&str) -> [f32; 2],
) -> Vec<(LabelCandidate, String)> {
    let labels = prepared.labels(&layer.features);
    layer
        .features
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let anchor = labels.anchors[i]?;
            let text = label_text(f);
            if text.is_empty() {
                return None;
            }
            let size = measure(&text);
            let priority = labels.areas_km2[i]
                + if layer.kind == LayerKind::Districts {
                    0.0
                } else {
                    1e6
                };
            Some((
                LabelCandidate {
                    center: view.to_screen(anchor),
                    size,
                    priority,
                    feature: i,
                },
                text,
            ))
        })
        .collect()
}

/// Renders the visible layers (bottom first) with their labels onto a paper background.
pub fn render_view(
    layers: &[Layer],
    prepared: &mut [PreparedLayer],
    view: &ViewTransform,
    width: u32,
    height: u32,
) -> Pixmap {
    let mut pixmap = Pixmap::new(width.max(1), height.max(1)).expect("non-zero size");
    pixmap.fill(color(PAPER));
    for (layer, prep) in layers.iter().zip(prepared.iter_mut()) {
        if layer.visible {
            draw_layer(&mut pixmap, layer, prep, view);
        }
    }
    let viewport = [0.0, 0.0, width as f32, height as f32];
    let layout = super::points::layout_points(
        &super::points::point_items(layers, view, viewport),
        view.zoom(),
        view.scale,
        super::raster_points::THEMATIC_RADIUS,
    );
    super::raster_points::draw_points(&mut pixmap, layers, &layout, view);
    let font = bundled_font();
    let px = 13.0;
    let district_color = Rgba::rgb(60, 45, 30);
    let mut texts = Vec::new();
    let mut candidates = Vec::new();
    for (layer, prep) in layers.iter().zip(prepared.iter()) {
        if layer.visible && layer.kind == LayerKind::Districts {
            for (candidate, text) in label_candidates(layer, prep, view, |t| text_size(font, px, t))
            {
                texts.push((text, district_color));
                candidates.push(LabelCandidate {
                    feature: texts.len() - 1,
                    ..candidate
                });
            }
        }
    }
    for label in super::points::point_label_candidates(
        layers,
        &layout,
        view.zoom(),
        super::raster_points::THEMATIC_RADIUS,
        |t| text_size(font, px, t),
    ) {
        let color = super::raster_points::text_shade(layers[label.layer].style.stroke);
        texts.push((label.text, color));
        candidates.extend(label.positions.into_iter().map(|c| LabelCandidate {
            feature: texts.len() - 1,
            ..c
        }));
    }
    let blocked = layout.blocked_rects(super::raster_points::THEMATIC_RADIUS);
    for label in place_labels(candidates, viewport, &blocked) {
        let (text, c) = &texts[label.feature];
        draw_text(&mut pixmap, font, px, text, label.center, *c);
    }
    pixmap
}
