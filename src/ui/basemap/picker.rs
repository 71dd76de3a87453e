//! The basemap picker in the layers panel: a list of sources, and a field for a custom URL
//! or a local file.

use egui::{Color32, RichText, Ui};

use super::sources::{BasemapChoice, BasemapStatus};
use super::{BasemapForm, BasemapState};
use crate::i18n::tr;
use crate::ui::notices::Notice;

/// The picker: a list of sources, and a field for a custom URL or a local file.
pub fn basemap_picker(ui: &mut Ui, state: &mut BasemapState) -> Option<Notice> {
    let caption = ui.label(tr("Basemap"));
    let mut pick: Option<BasemapChoice> = None;
    let current = state.choice.clone();
    egui::ComboBox::from_id_salt("basemap")
        .selected_text(current.label())
        .width(ui.available_width() - 8.0)
        .show_ui(ui, |ui| {
            for choice in [
                BasemapChoice::Offline,
                BasemapChoice::OpenStreetMap,
                BasemapChoice::OpenTopoMap,
            ] {
                if ui
                    .selectable_label(current == choice, choice.label())
                    .clicked()
                {
                    pick = Some(choice);
                }
            }
            for (label, is_current, form) in [
                (
                    tr("Custom XYZ URL"),
                    matches!(current, BasemapChoice::Custom(_)),
                    BasemapForm::CustomUrl,
                ),
                (
                    tr("Local .pmtiles file"),
                    matches!(current, BasemapChoice::LocalPmtiles(_)),
                    BasemapForm::PmtilesPath,
                ),
            ] {
                if ui.selectable_label(is_current, label).clicked() {
                    state.form = Some(form);
                }
            }
        })
        .response
        .labelled_by(caption.id);
    if let Some(form) = state.form {
        let custom = form == BasemapForm::CustomUrl;
        let (field, hint, name) = if custom {
            (
                &mut state.custom_tile_url,
                "https://tile.example.org/{z}/{x}/{y}.png",
                tr("Tile URL"),
            )
        } else {
            (
                &mut state.pmtiles_path,
                "/path/to/tiles.pmtiles",
                tr("PMTiles path"),
            )
        };
        let caption = ui.label(RichText::new(name).small());
        ui.horizontal(|ui| {
            let edit = ui
                .add(
                    egui::TextEdit::singleline(field)
                        .hint_text(hint)
                        .desired_width(ui.available_width() - 60.0),
                )
                .labelled_by(caption.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(tr("Use")).clicked() || enter {
                let text = field.trim().to_string();
                pick = Some(if custom {
                    BasemapChoice::Custom(text)
                } else {
                    BasemapChoice::LocalPmtiles(text.into())
                });
            }
        });
    }
    let mut refused = None;
    if let Some(choice) = pick {
        match state.set(choice) {
            Ok(()) => state.form = None,
            Err(notice) => refused = Some(notice),
        }
    }
    if let Some(text) = state.status_text() {
        let color = match state.status {
            BasemapStatus::Unreachable(_) | BasemapStatus::Invalid(_) => {
                Color32::from_rgb(180, 100, 0)
            }
            _ => ui.visuals().weak_text_color(),
        };
        ui.label(RichText::new(text).small().color(color));
    }
    refused
}
