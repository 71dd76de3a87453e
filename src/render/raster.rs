//! CPU rendering to an RGBA image (tiny-skia + ab_glyph): the headless `render` command and
//! image tests, no GPU or window needed. Layer geometry is filled and stroked here; everything
//! above it comes as [`Mark`]s from [`marks`](super::marks), exactly as the window gets them.

use ab_glyph::{Font, PxScale, ScaleFont, point};
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, PixmapMut,
    PremultipliedColorU8, Rect as SkRect, Stroke, StrokeDash, Transform,
};

use super::PreparedLayer;
use super::mark_style::{
    HALO_OFFSETS, PAPER, SYMBOL_RIM, SYMBOL_RIM_WIDTH, outline_width, uncertainty_dash,
};
use super::marks::{Line, Mark, Overlay, layer_point_marks};
use super::text::{bundled_font, line_centers, line_metrics, line_width_px};
use crate::geometry::ViewTransform;
use crate::model::{Layer, Rgba, Symbol};

/// Writes the image as PNG: RGB when opaque (a rendered map is), with fdeflate's fast
/// compression. tiny-skia's own encoder used zlib's default level, a fifth of a small render.
/// Written atomically: a full disk or a kill leaves the previous file at `path` whole.
pub fn write_png(pixmap: &Pixmap, path: &std::path::Path) -> std::io::Result<()> {
    crate::platform::atomic::replace_with(path, |partial| encode_png(pixmap, partial))
}

fn encode_png(pixmap: &Pixmap, path: &std::path::Path) -> std::io::Result<()> {
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == u8::MAX);
    let (color, data): (png::ColorType, Vec<u8>) = if opaque {
        let rgb = pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]]);
        (png::ColorType::Rgb, rgb.collect())
    } else {
        let rgba = pixmap.pixels().iter().flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        });
        (png::ColorType::Rgba, rgba.collect())
    };
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut encoder = png::Encoder::new(file, pixmap.width(), pixmap.height());
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
    writer
        .write_image_data(&data)
        .map_err(std::io::Error::other)?;
    writer.finish().map_err(std::io::Error::other)
}

fn color(c: Rgba) -> Color {
    let [r, g, b, a] = c.0;
    Color::from_rgba8(r, g, b, a)
}

fn paint(c: Rgba) -> Paint<'static> {
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

fn screen_path(points: &[[f32; 2]], close: bool) -> Option<tiny_skia::Path> {
    let (first, rest) = points.split_first()?;
    let mut pb = PathBuilder::new();
    pb.move_to(first[0], first[1]);
    for p in rest {
        pb.line_to(p[0], p[1]);
    }
    if close {
        pb.close();
    }
    pb.finish()
}

/// Strokes a path; a dashed line is a ring of `radius` px (the only dashed mark).
fn stroke_with(pixmap: &mut Pixmap, path: &tiny_skia::Path, line: Line, radius: f32) {
    let mut stroke = Stroke {
        width: line.width,
        line_cap: LineCap::Round,
        ..Stroke::default()
    };
    if line.dashed {
        stroke.dash = StrokeDash::new(uncertainty_dash(radius).to_vec(), 0.0);
    }
    pixmap.stroke_path(
        path,
        &paint(line.color),
        &stroke,
        Transform::identity(),
        None,
    );
}

fn fill(pixmap: &mut Pixmap, path: &tiny_skia::Path, c: Rgba) {
    pixmap.fill_path(
        path,
        &paint(c),
        FillRule::Winding,
        Transform::identity(),
        None,
    );
}

/// A visible feature's paths in screen pixels, with its colours.
struct FeaturePaths {
    rings: Option<tiny_skia::Path>,
    lines: Option<tiny_skia::Path>,
    fill: Rgba,
    stroke: Rgba,
}

/// Runs `draw` on horizontal strips of the image, one per core, each given its strip and the
/// strip's top row: rasterising is most of a render, and rows are independent.
fn in_strips(pixmap: &mut Pixmap, draw: impl Fn(&mut PixmapMut<'_>, f32) + Sync) {
    let (width, height) = (pixmap.width(), pixmap.height());
    let strips = crate::parallel::cores().min(height as usize / 64).max(1) as u32;
    let rows_per_strip = height.div_ceil(strips);
    let bytes_per_strip = (rows_per_strip * width * 4) as usize;
    std::thread::scope(|scope| {
        let mut chunks = pixmap.data_mut().chunks_mut(bytes_per_strip).enumerate();
        let draw = &draw;
        let strip = move |(k, chunk): (usize, &mut [u8])| {
            let rows = (chunk.len() / (width as usize * 4)) as u32;
            if let Some(mut target) = PixmapMut::from_bytes(chunk, width, rows) {
                draw(&mut target, (k as u32 * rows_per_strip) as f32);
            }
        };
        let first = chunks.next();
        for rest in chunks {
            scope.spawn(move || strip(rest));
        }
        if let Some(first) = first {
            strip(first);
        }
    });
}

/// Draws one layer's geometry and its own point markers (not its labels).
pub fn draw_layer(
    pixmap: &mut Pixmap,
    layer: &Layer,
    prepared: &mut PreparedLayer,
    view: &ViewTransform,
) {
    let started = std::time::Instant::now();
    let shapes = prepared.shapes(&layer.features, view.zoom());
    tracing::debug!("{}: prepared in {:?}", layer.name, started.elapsed());
    let style = &layer.style;
    let (min, max) = view.visible_mercator(pixmap.width() as f32, pixmap.height() as f32);
    let mut visible = prepared.index.query(min, max);
    visible.sort_unstable();
    let view_area = (pixmap.width() * pixmap.height()) as f32;
    let width = outline_width(style.stroke_width, visible.len(), view_area);
    tracing::debug!(
        "{}: {} features in view, outlines {width} px",
        layer.name,
        visible.len()
    );
    // Up to a pixel tiny-skia draws a hairline; below two a bevel cannot be told from a round
    // join, and round joins made the stroker build an arc at every vertex.
    let line_join = if width <= 2.0 {
        LineJoin::Bevel
    } else {
        LineJoin::Round
    };
    let stroke = Stroke {
        width,
        line_join,
        line_cap: LineCap::Round,
        ..Stroke::default()
    };
    let paths = crate::parallel::par_map(&visible, 64, |&i| {
        let shape = &shapes[i];
        let (fill_color, stroke_color) = style.colors_for(&layer.features[i]);
        FeaturePaths {
            rings: build_path(shape.rings(), view, true),
            lines: build_path(shape.lines.iter().map(Vec::as_slice), view, false),
            fill: fill_color.faded(layer.opacity),
            stroke: stroke_color.faded(layer.opacity),
        }
    });
    let margin = width + 1.0;
    in_strips(pixmap, |target, top| {
        let bottom = top + target.height() as f32;
        let shift = Transform::from_translate(0.0, -top);
        let meets = |path: &tiny_skia::Path| {
            let b = path.bounds();
            b.bottom() + margin >= top && b.top() - margin <= bottom
        };
        for feature in &paths {
            if let Some(rings) = feature.rings.as_ref().filter(|p| meets(p)) {
                target.fill_path(rings, &paint(feature.fill), FillRule::EvenOdd, shift, None);
            }
            for path in feature
                .rings
                .iter()
                .chain(&feature.lines)
                .filter(|p| meets(p))
            {
                target.stroke_path(path, &paint(feature.stroke), &stroke, shift, None);
            }
        }
    });
    draw_marks(pixmap, &layer_point_marks(layer, &shapes, &visible, view));
    draw_marks(
        pixmap,
        &super::layer_marks::styled_marks(layer, &visible, view),
    );
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

/// One line of text centred on `center`, shifted by `offset` (for the halo).
fn draw_line(
    pixmap: &mut Pixmap,
    px: f32,
    line: &str,
    center: [f32; 2],
    c: Rgba,
    offset: [f32; 2],
) {
    let font = bundled_font();
    let scaled = font.as_scaled(PxScale::from(px));
    let (ascent, line_height) = line_metrics(px);
    let mut x = center[0] - line_width_px(px, line) / 2.0 + offset[0];
    let baseline = center[1] - line_height / 2.0 + ascent + offset[1];
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

fn draw_text(
    pixmap: &mut Pixmap,
    px: f32,
    text: &str,
    center: [f32; 2],
    c: Rgba,
    halo: Option<Rgba>,
) {
    for (line, at) in line_centers(px, text, center) {
        if let Some(halo) = halo {
            for offset in HALO_OFFSETS {
                draw_line(pixmap, px, line, at, halo, offset);
            }
        }
        draw_line(pixmap, px, line, at, c, [0.0, 0.0]);
    }
}

fn draw_symbol(
    pixmap: &mut Pixmap,
    symbol: Symbol,
    center: [f32; 2],
    radius: f32,
    fill_color: Rgba,
) {
    let rim = Line::solid(SYMBOL_RIM, SYMBOL_RIM_WIDTH);
    let path = match symbol.outline(center, radius) {
        None => PathBuilder::from_circle(center[0], center[1], radius.max(0.5)),
        Some(outline) => screen_path(&outline, true),
    };
    if let Some(path) = path {
        fill(pixmap, &path, fill_color);
        stroke_with(pixmap, &path, rim, radius);
    }
}

/// Paints marks in order.
pub fn draw_marks<'a>(pixmap: &mut Pixmap, marks: impl IntoIterator<Item = &'a Mark>) {
    for mark in marks {
        match mark {
            Mark::Circle {
                center,
                radius,
                fill: fill_color,
                outline,
            } => {
                let Some(path) = PathBuilder::from_circle(center[0], center[1], radius.max(0.5))
                else {
                    continue;
                };
                if let Some(c) = fill_color {
                    fill(pixmap, &path, *c);
                }
                if let Some(line) = outline {
                    stroke_with(pixmap, &path, *line, *radius);
                }
            }
            Mark::Symbol {
                center,
                symbol,
                radius,
                fill,
            } => draw_symbol(pixmap, *symbol, *center, *radius, *fill),
            Mark::Path { points, line } => {
                if let Some(path) = screen_path(points, false) {
                    stroke_with(pixmap, &path, *line, 0.0);
                }
            }
            Mark::Panel {
                rect,
                fill: fill_color,
                ..
            } => {
                if let Some(r) = SkRect::from_ltrb(rect[0], rect[1], rect[2], rect[3]) {
                    pixmap.fill_rect(r, &paint(*fill_color), Transform::identity(), None);
                }
            }
            Mark::Text {
                center,
                text,
                px,
                color,
                halo,
            } => draw_text(pixmap, *px, text, *center, *color, *halo),
        }
    }
}

/// Renders the visible layers (bottom first) with the overlay (decluttered points, labels,
/// scale bar) onto a paper background; also returns the overlay drawn.
pub fn render_view_with_overlay(
    layers: &[Layer],
    prepared: &mut [PreparedLayer],
    view: &ViewTransform,
    width: u32,
    height: u32,
) -> (Pixmap, Overlay) {
    let mut pixmap = Pixmap::new(width.max(1), height.max(1)).expect("non-zero size");
    pixmap.fill(color(PAPER));
    for (layer, prep) in layers.iter().zip(prepared.iter_mut()) {
        if layer.visible {
            draw_layer(&mut pixmap, layer, prep, view);
        }
    }
    let viewport = [0.0, 0.0, width as f32, height as f32];
    let overlay = Overlay::build(layers, prepared, view, viewport);
    draw_marks(&mut pixmap, overlay.marks());
    (pixmap, overlay)
}

/// Renders the visible layers with their overlay onto a paper background.
pub fn render_view(
    layers: &[Layer],
    prepared: &mut [PreparedLayer],
    view: &ViewTransform,
    width: u32,
    height: u32,
) -> Pixmap {
    render_view_with_overlay(layers, prepared, view, width, height).0
}
