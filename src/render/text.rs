//! The map's label font and text metrics. Marks are placed with these metrics, so the
//! window and the PNG renderer place every label at the same spot.

use std::sync::OnceLock;

use ab_glyph::{Font, FontArc, PxScale, ScaleFont};

pub const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttf");

/// The name the window registers the bundled font under for map text.
pub const MAP_FONT_FAMILY: &str = "map";

/// The bundled CJK-capable font (WenQuanYi Micro Hei).
pub fn bundled_font() -> &'static FontArc {
    static FONT: OnceLock<FontArc> = OnceLock::new();
    FONT.get_or_init(|| FontArc::try_from_slice(FONT_BYTES).expect("bundled font parses"))
}

/// Ascent and line height of the bundled font at `px`.
pub fn line_metrics(px: f32) -> (f32, f32) {
    let font = bundled_font();
    let scaled = font.as_scaled(PxScale::from(px));
    (scaled.ascent(), scaled.height() + scaled.line_gap())
}

fn line_width(px: f32, line: &str) -> f32 {
    let font = bundled_font();
    let scaled = font.as_scaled(PxScale::from(px));
    line.chars()
        .map(|c| scaled.h_advance(font.glyph_id(c)))
        .sum()
}

/// Width and height of (possibly multi-line) text in the bundled font.
pub fn text_size(px: f32, text: &str) -> [f32; 2] {
    let (_, line_height) = line_metrics(px);
    let width = text.lines().map(|l| line_width(px, l)).fold(0.0, f32::max);
    [width, line_height * text.lines().count().max(1) as f32]
}

/// Each line of `text` with the centre it is drawn at, for text centred on `center`: lines
/// are centred on one another, as map labels are.
pub fn line_centers(px: f32, text: &str, center: [f32; 2]) -> Vec<(&str, [f32; 2])> {
    let (_, line_height) = line_metrics(px);
    let [_, total] = text_size(px, text);
    text.lines()
        .enumerate()
        .map(|(row, line)| {
            let y = center[1] - total / 2.0 + line_height * (row as f32 + 0.5);
            (line, [center[0], y])
        })
        .collect()
}

/// Each line's width, for the rasteriser's glyph placement.
pub fn line_width_px(px: f32, line: &str) -> f32 {
    line_width(px, line)
}

/// The em size that gives glyphs of `px` pixel height (ab_glyph's scale: ascent to descent),
/// for painters such as egui that size fonts by the em.
pub fn em_size(px: f32) -> f32 {
    let font = bundled_font();
    let em = font.units_per_em().unwrap_or(1000.0);
    px * em / font.height_unscaled()
}
