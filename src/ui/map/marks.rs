//! Painting the backend-neutral [`Mark`]s with egui, and the colour and symbol helpers the
//! panels' swatches share with the map.

use egui::{Align2, Color32, FontFamily, FontId, Painter, Pos2, Shape, Stroke, pos2, vec2};

use crate::model::{Rgba, Symbol};
use crate::render::map_theme::MapTheme;
use crate::render::mark_style::{HALO_OFFSETS, SYMBOL_RIM, SYMBOL_RIM_WIDTH, uncertainty_dash};
use crate::render::marks::{Line, Mark};
use crate::render::text::{MAP_FONT_FAMILY, em_size, line_centers};

pub fn color32(c: Rgba) -> Color32 {
    let [r, g, b, a] = c.0;
    Color32::from_rgba_unmultiplied(r, g, b, a)
}

fn pos(p: [f32; 2]) -> Pos2 {
    pos2(p[0], p[1])
}

fn stroke(line: Line) -> Stroke {
    Stroke::new(line.width, color32(line.color))
}

/// The map font (the bundled one, as the PNG renderer uses) at `px`.
pub fn map_font(px: f32) -> FontId {
    FontId::new(em_size(px), FontFamily::Name(MAP_FONT_FAMILY.into()))
}

/// A point marker: filled shape with a white rim so it reads on any background.
pub fn paint_symbol(painter: &Painter, symbol: Symbol, center: Pos2, radius: f32, fill: Color32) {
    let rim = Stroke::new(SYMBOL_RIM_WIDTH, color32(SYMBOL_RIM));
    match symbol.outline([center.x, center.y], radius) {
        None => {
            painter.circle(center, radius, fill, rim);
        }
        Some(outline) => {
            painter.add(Shape::convex_polygon(
                outline.into_iter().map(pos).collect(),
                fill,
                rim,
            ));
        }
    }
}

/// The parts of a circle inside `clip`, as runs of points, for dashed outlines (egui has no
/// dashed circle). Only what shows is dashed: a ring hundreds of pixels wide at close zoom
/// would otherwise cost thousands of dash shapes a frame.
fn visible_arcs(center: Pos2, radius: f32, clip: egui::Rect) -> Vec<Vec<Pos2>> {
    let n = ((radius * 0.8) as usize).clamp(16, 512);
    let clip = clip.expand(4.0);
    let mut arcs: Vec<Vec<Pos2>> = Vec::new();
    let mut current: Vec<Pos2> = Vec::new();
    for i in 0..=n {
        let a = i as f32 / n as f32 * std::f32::consts::TAU;
        let p = center + vec2(a.cos(), a.sin()) * radius;
        if clip.contains(p) {
            current.push(p);
        } else if !current.is_empty() {
            arcs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        arcs.push(current);
    }
    arcs
}

fn paint_text(
    painter: &Painter,
    text: &str,
    center: [f32; 2],
    px: f32,
    c: Rgba,
    halo: Option<Rgba>,
) {
    let font = map_font(px);
    for (line, at) in line_centers(px, text, center) {
        // One layout per line, drawn under each halo offset and then in its colour.
        let galley = painter.layout_no_wrap(line.to_string(), font.clone(), color32(c));
        let origin = Align2::CENTER_CENTER
            .anchor_size(pos(at), galley.size())
            .min;
        if let Some(halo) = halo {
            for [dx, dy] in HALO_OFFSETS {
                painter.galley_with_override_text_color(
                    origin + vec2(dx, dy),
                    galley.clone(),
                    color32(halo),
                );
            }
        }
        painter.galley(origin, galley, color32(c));
    }
}

/// Dashes along a polyline, each as a straight anti-aliased quad, all in one mesh: egui's own
/// dashed line makes a shape per dash, which costs a ring at close zoom a third of a frame.
fn add_dashes(mesh: &mut egui::Mesh, points: &[Pos2], line: Line, dash: f32, gap: f32) {
    let color = color32(line.color);
    let half = line.width / 2.0;
    let mut quad = |a: Pos2, b: Pos2| {
        let along = (b - a).normalized();
        let normal = vec2(-along.y, along.x);
        let base = mesh.vertices.len() as u32;
        // Inner edge solid, outer edge a pixel further out and transparent: the feathering
        // egui gives its own lines.
        for (offset, c) in [
            (-half - 0.5, Color32::TRANSPARENT),
            (-half + 0.5, color),
            (half - 0.5, color),
            (half + 0.5, Color32::TRANSPARENT),
        ] {
            mesh.colored_vertex(a + normal * offset, c);
            mesh.colored_vertex(b + normal * offset, c);
        }
        for i in 0..3 {
            let k = base + 2 * i;
            mesh.add_triangle(k, k + 1, k + 2);
            mesh.add_triangle(k + 1, k + 3, k + 2);
        }
    };
    let mut on = true;
    let mut left = dash;
    let mut start = points.first().copied();
    for w in points.windows(2) {
        let (mut a, b) = (w[0], w[1]);
        let mut length = (b - a).length();
        while length > 0.0 {
            let step = left.min(length);
            let next = a + (b - a).normalized() * step;
            length -= step;
            left -= step;
            a = next;
            if left <= 0.0 {
                if on && let Some(s) = start {
                    quad(s, a);
                }
                on = !on;
                left = if on { dash } else { gap };
                start = on.then_some(a);
            }
        }
    }
    if on
        && let Some(s) = start
        && let Some(&end) = points.last()
    {
        quad(s, end);
    }
}

/// The map's look under the window's theme (View → Theme, or the system's).
pub fn map_theme(ctx: &egui::Context) -> MapTheme {
    match ctx.theme() {
        egui::Theme::Dark => MapTheme::Dark,
        egui::Theme::Light => MapTheme::Light,
    }
}

/// Paints marks in order, in the window's theme.
pub fn paint_marks<'a>(painter: &Painter, marks: impl IntoIterator<Item = &'a Mark>) {
    let theme = map_theme(painter.ctx());
    for mark in marks {
        let mark = theme.mark(mark);
        match mark.as_ref() {
            Mark::Circle {
                center,
                radius,
                fill,
                outline,
            } => {
                let (center, fill) = (pos(*center), fill.map_or(Color32::TRANSPARENT, color32));
                match outline {
                    Some(line) if line.dashed => {
                        painter.circle_filled(center, *radius, fill);
                        let [dash, gap] = uncertainty_dash(*radius);
                        let mut mesh = egui::Mesh::default();
                        for arc in visible_arcs(center, *radius, painter.clip_rect()) {
                            add_dashes(&mut mesh, &arc, *line, dash, gap);
                        }
                        painter.add(mesh);
                    }
                    Some(line) => {
                        painter.circle(center, *radius, fill, stroke(*line));
                    }
                    None => {
                        painter.circle_filled(center, *radius, fill);
                    }
                }
            }
            Mark::Symbol {
                center,
                symbol,
                radius,
                fill,
            } => paint_symbol(painter, *symbol, pos(*center), *radius, color32(*fill)),
            Mark::Path { points, line } => {
                painter.add(Shape::line(
                    points.iter().copied().map(pos).collect(),
                    stroke(*line),
                ));
            }
            Mark::Panel { rect, corner, fill } => {
                let r = egui::Rect::from_min_max(pos([rect[0], rect[1]]), pos([rect[2], rect[3]]));
                painter.rect_filled(r, *corner, color32(*fill));
            }
            Mark::Text {
                center,
                text,
                px,
                color,
                halo,
            } => paint_text(painter, text, *center, *px, *color, *halo),
        }
    }
}
