//! Fonts of the window: egui's defaults with the bundled CJK font as a fallback, and the
//! bundled font alone as the map's font so map text matches the PNG renderer.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

use crate::render::text::{FONT_BYTES, MAP_FONT_FAMILY};

/// egui's default fonts have no CJK glyphs; the bundled font is added as a fallback so
/// Chinese names render on a machine with no CJK fonts installed.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "wqy-microhei".into(),
        Arc::new(FontData::from_static(FONT_BYTES)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("wqy-microhei".into());
    }
    fonts.families.insert(
        FontFamily::Name(MAP_FONT_FAMILY.into()),
        vec!["wqy-microhei".into()],
    );
    ctx.set_fonts(fonts);
}
