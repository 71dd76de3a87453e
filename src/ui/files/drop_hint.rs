//! While files are dragged over the window, what dropping them does.

use egui::{Color32, Ui};

use crate::i18n::trf;

/// While files are dragged over the window, say what dropping them does.
pub fn drop_hint(ui: &mut Ui) {
    let hovering = ui.input(|i| i.raw.hovered_files.len());
    if hovering == 0 {
        return;
    }
    let rect = ui.ctx().content_rect();
    let painter = ui.ctx().layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop_hint"),
    ));
    painter.rect_filled(rect, 0.0, Color32::from_black_alpha(120));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        trf("Drop to load {n} file(s)", &[("n", &hovering)]),
        egui::FontId::proportional(24.0),
        Color32::WHITE,
    );
}
