//! The basemap picker in the layers panel, and the basemap part of the status bar.

use egui::{Color32, RichText, Ui};

use super::app::AtlasApp;
use super::basemap::{BasemapChoice, BasemapStatus};

pub fn basemap_picker(app: &mut AtlasApp, ui: &mut Ui) {
    let caption = ui.label("Basemap");
    let mut pick: Option<BasemapChoice> = None;
    let current = app.basemap_choice.clone();
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
            for (label, is_current) in [
                (
                    "Custom XYZ URL",
                    matches!(current, BasemapChoice::Custom(_)),
                ),
                (
                    "Local .pmtiles file",
                    matches!(current, BasemapChoice::LocalPmtiles(_)),
                ),
            ] {
                if ui.selectable_label(is_current, label).clicked() {
                    app.basemap_form = Some(label == "Custom XYZ URL");
                }
            }
        })
        .response
        .labelled_by(caption.id);
    if let Some(custom) = app.basemap_form {
        let (field, hint, name) = if custom {
            (
                &mut app.custom_tile_url,
                "https://tile.example.org/{z}/{x}/{y}.png",
                "Tile URL",
            )
        } else {
            (
                &mut app.pmtiles_path,
                "/path/to/tiles.pmtiles",
                "PMTiles path",
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
            if ui.button("Use").clicked() || enter {
                let text = field.trim().to_string();
                pick = Some(if custom {
                    BasemapChoice::Custom(text)
                } else {
                    BasemapChoice::LocalPmtiles(text.into())
                });
            }
        });
    }
    if let Some(choice) = pick {
        app.set_basemap(choice);
        if !matches!(app.basemap_status, BasemapStatus::Invalid(_)) {
            app.basemap_form = None;
        }
    }
    if let Some(text) = status_text(&app.basemap_status, &app.basemap_choice) {
        let color = match app.basemap_status {
            BasemapStatus::Unreachable(_) | BasemapStatus::Invalid(_) => {
                Color32::from_rgb(180, 100, 0)
            }
            _ => ui.visuals().weak_text_color(),
        };
        ui.label(RichText::new(text).small().color(color));
    }
}

/// One line on the state of the basemap, `None` when it is simply the offline one.
pub fn status_text(status: &BasemapStatus, choice: &BasemapChoice) -> Option<String> {
    match status {
        BasemapStatus::Offline => None,
        BasemapStatus::Checking => Some(format!("{}: connecting…", choice.label())),
        BasemapStatus::Online => Some(format!("{}: online, tiles cached on disk", choice.label())),
        BasemapStatus::Unreachable(why) => Some(format!(
            "{} unreachable, showing the offline basemap ({why})",
            choice.label()
        )),
        BasemapStatus::Invalid(why) => Some(why.clone()),
    }
}
