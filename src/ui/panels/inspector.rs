//! The inspector: the selected feature's card in the right panel.

use egui::{RichText, Ui};

use crate::i18n::tr;
use crate::model::Layer;
use crate::ui::picks::Picks;

/// The selected feature's card in the right panel, with a button that clears the selection.
/// `detail`: the selected feature as the database returned it for the click (full geometry),
/// shown in place of the view's simplified copy.
/// Returns the id of a related feature clicked in the card.
pub fn inspector_panel(
    ui: &mut Ui,
    picks: &mut Picks,
    open: &mut bool,
    layers: &[Layer],
    detail: Option<&crate::model::Feature>,
) -> Option<String> {
    let selection = picks.selection.clone()?;
    let layer = layers.iter().find(|l| l.id == selection.layer)?;
    let feature = detail.or_else(|| layer.features.get(selection.feature))?;
    let kind = layer.kind;
    egui::Panel::right("inspector")
        .resizable(true)
        .default_size(300.0)
        .size_range(220.0..=600.0)
        .show_collapsible(ui, open, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(tr("Selected")).weak());
                ui.label(
                    RichText::new(crate::i18n::layer_title(&layer.name))
                        .weak()
                        .italics(),
                )
                .on_hover_text(tr("The layer this feature belongs to"));
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
                    let why_unplaced = (!feature.has_location())
                        .then(|| {
                            (layer.warnings.iter())
                                .find(|w| w.feature_index == Some(feature.source_index))
                                .map(|w| w.message.as_str())
                        })
                        .flatten();
                    crate::ui::panels::card::feature_card(ui, feature, kind, layers, why_unplaced)
                })
                .inner
        })?
        .inner
}
