//! Painting the backend-neutral [`Mark`]s with egui, and the colour and symbol helpers the
//! panels' swatches share with the map.

use egui::{Align2, Color32, FontFamily, FontId, Painter, Pos2, Shape, Stroke, pos2, vec2};

use crate::model::{Rgba, Symbol};
use crate::render::mark_style::{HALO_OFFSETS, SYMBOL_RIM, SYMBOL_RIM_WIDTH, UNCERTAINTY_DASH};
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

/// A closed circle as points, for dashed outlines (egui has no dashed circle).
fn circle_path(center: Pos2, radius: f32) -> Vec<Pos2> {
    let n = ((radius * 0.8) as usize).clamp(16, 256);
    (0..=n)
        .map(|i| {
            let a = i as f32 / n as f32 * std::f32::consts::TAU;
            center + vec2(a.cos(), a.sin()) * radius
        })
        .collect()
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
        if let Some(halo) = halo {
            for [dx, dy] in HALO_OFFSETS {
                let shifted = pos(at) + vec2(dx, dy);
                painter.text(
                    shifted,
                    Align2::CENTER_CENTER,
                    line,
                    font.clone(),
                    color32(halo),
                );
            }
        }
        painter.text(
            pos(at),
            Align2::CENTER_CENTER,
            line,
            font.clone(),
            color32(c),
        );
    }
}

/// Paints marks in order.
pub fn paint_marks<'a>(painter: &Painter, marks: impl IntoIterator<Item = &'a Mark>) {
    for mark in marks {
        match mark {
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
                        let [dash, gap] = UNCERTAINTY_DASH;
                        painter.extend(Shape::dashed_line(
                            &circle_path(center, *radius),
                            stroke(*line),
                            dash,
                            gap,
                        ));
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
