//! A layer's filter in its row of the layer panel: an expression in QGIS's syntax, typed and
//! applied with Enter (or Apply). A mistake says where and what was expected, and the filter
//! in force stays: a typo never clears the layer. The cut itself is made by
//! [`crate::live::cuts`] (files) or by the server's `WHERE` (database layers).

use egui::{RichText, Ui};

use crate::analysis::expression::Filter;
use crate::i18n::tr;
use crate::model::Layer;

/// What the user is typing for one layer, kept between frames.
#[derive(Clone, Default)]
struct Draft {
    open: bool,
    text: String,
    error: Option<String>,
}

/// The "Filter" toggle for the layer's button row.
pub fn toggle(ui: &mut Ui, layer: &Layer) {
    let id = draft_id(layer);
    let mut draft: Draft = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let active = layer.filter.is_some();
    let label = if active {
        tr("Filter ✔")
    } else {
        tr("Filter")
    };
    let button = egui::Button::new(label)
        .small()
        .selected(draft.open || active);
    if ui
        .add(button)
        .on_hover_text(tr(
            "Show only the features an expression keeps (QGIS syntax)",
        ))
        .clicked()
    {
        draft.open = !draft.open;
        if draft.open && draft.text.is_empty() {
            draft.text = layer.filter.clone().unwrap_or_default();
        }
        ui.data_mut(|d| d.insert_temp(id, draft));
    }
}

fn draft_id(layer: &Layer) -> egui::Id {
    egui::Id::unique("layer_filter").with(layer.id.0.as_str())
}

/// The expression field, its error, and Apply / Clear, when open or when a filter applies.
/// `fields`: the layer's columns (asked for when applying), to name a field that is not one.
pub fn filter_row(ui: &mut Ui, layer: &mut Layer, fields: impl FnOnce(&Layer) -> Vec<String>) {
    let id = draft_id(layer);
    let mut draft: Draft = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    if !draft.open && layer.filter.is_none() {
        return;
    }
    if !draft.open {
        draft.text = layer.filter.clone().unwrap_or_default();
        draft.open = true;
    }
    let mut apply = false;
    let mut clear = false;
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        let caption = ui.label(RichText::new(tr("Filter")).small().weak());
        let edit = egui::TextEdit::singleline(&mut draft.text)
            .font(egui::TextStyle::Monospace)
            .hint_text("\"名称\" LIKE '%区'")
            .desired_width(150.0);
        let response = ui.add(edit).labelled_by(caption.id);
        apply |= response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        apply |= ui.small_button(tr("Apply")).clicked();
        if layer.filter.is_some() || !draft.text.is_empty() {
            clear |= ui
                .small_button("×")
                .on_hover_text(tr("Clear the filter: show every feature"))
                .clicked();
        }
    });
    if clear {
        layer.filter = None;
        draft = Draft::default();
    } else if apply {
        let fields = fields(layer);
        apply_draft(layer, &mut draft, &fields);
    }
    if let Some(error) = &draft.error {
        ui.horizontal_wrapped(|ui| {
            ui.add_space(22.0);
            ui.colored_label(ui.visuals().error_fg_color, error);
        });
    }
    ui.data_mut(|d| d.insert_temp(id, draft));
}

fn apply_draft(layer: &mut Layer, draft: &mut Draft, fields: &[String]) {
    if draft.text.trim().is_empty() {
        layer.filter = None;
        draft.error = None;
        return;
    }
    match Filter::parse_for(&draft.text, fields) {
        Ok(filter) => {
            layer.filter = Some(filter.text().to_owned());
            draft.error = None;
        }
        Err(error) => draft.error = Some(format!("{} {error}", tr("Not applied:"))),
    }
}
