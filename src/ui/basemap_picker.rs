//! The basemap as the window holds it (the offline tiles, the chosen source drawn over them
//! and its reachability), its picker in the layers panel, and its line in the status bar.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::{Color32, RichText, Ui};
use walkers::Tiles;

use super::basemap::{BasemapChoice, BasemapStatus, open_choice};
use super::notices::Notice;
use crate::i18n::{tr, trf};

/// Which field the picker shows under its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BasemapForm {
    CustomUrl,
    PmtilesPath,
}

pub struct BasemapState {
    ctx: egui::Context,
    /// The bundled offline basemap, always under everything (when on).
    pub offline: Option<Box<dyn Tiles>>,
    /// Tiles of the chosen online source or local file, drawn over the offline basemap.
    pub online: Option<Box<dyn Tiles>>,
    choice: BasemapChoice,
    status: BasemapStatus,
    probe: Option<Receiver<Result<(), String>>>,
    cache_dir: PathBuf,
    custom_tile_url: String,
    pmtiles_path: String,
    form: Option<BasemapForm>,
}

impl BasemapState {
    pub fn new(ctx: egui::Context, offline: Option<Box<dyn Tiles>>, cache_dir: PathBuf) -> Self {
        Self {
            ctx,
            offline,
            online: None,
            choice: BasemapChoice::Offline,
            status: BasemapStatus::Offline,
            probe: None,
            cache_dir,
            custom_tile_url: String::new(),
            pmtiles_path: String::new(),
            form: None,
        }
    }

    pub fn choice(&self) -> &BasemapChoice {
        &self.choice
    }

    pub fn status(&self) -> &BasemapStatus {
        &self.status
    }

    /// Whether the online tiles should be drawn (their server is not known to be down).
    pub fn online_drawable(&self) -> bool {
        !matches!(self.status, BasemapStatus::Unreachable(_))
    }

    /// Switches the tiles drawn over the offline basemap. A choice that cannot work (bad
    /// template, not a PMTiles file) is refused with a notice and the current one stays.
    pub fn set(&mut self, choice: BasemapChoice) -> Result<(), Notice> {
        match open_choice(&choice, &self.cache_dir, &self.ctx) {
            Ok(online) => {
                self.status = match &online {
                    None => BasemapStatus::Offline,
                    Some(o) if o.probe.is_some() => BasemapStatus::Checking,
                    Some(_) => BasemapStatus::Online,
                };
                self.probe = None;
                self.online = None;
                if let Some(o) = online {
                    self.probe = o.probe;
                    self.online = Some(o.tiles);
                }
                self.choice = choice;
                Ok(())
            }
            Err(e) => {
                self.status = BasemapStatus::Invalid(e.clone());
                Err(Notice::error(trf("Basemap not changed: {e}", &[("e", &e)])))
            }
        }
    }

    /// Picks up the reachability probe of an online basemap.
    pub fn poll(&mut self) {
        let Some(rx) = &self.probe else {
            return;
        };
        match rx.try_recv() {
            Ok(Ok(())) => {
                self.status = BasemapStatus::Online;
                self.probe = None;
            }
            Ok(Err(e)) => {
                self.status = BasemapStatus::Unreachable(e);
                self.probe = None;
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => self.probe = None,
        }
    }

    /// Whether the online basemap's server check is still running.
    pub fn is_checking(&self) -> bool {
        self.probe.is_some()
    }

    /// The status line, `None` when it is simply the offline basemap.
    pub fn status_text(&self) -> Option<String> {
        status_text(&self.status, &self.choice)
    }
}

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

/// One line on the state of the basemap, `None` when it is simply the offline one.
fn status_text(status: &BasemapStatus, choice: &BasemapChoice) -> Option<String> {
    match status {
        BasemapStatus::Offline => None,
        BasemapStatus::Checking => Some(trf(
            "{basemap}: connecting…",
            &[("basemap", &choice.label())],
        )),
        BasemapStatus::Online => Some(trf(
            "{basemap}: online, tiles cached on disk",
            &[("basemap", &choice.label())],
        )),
        BasemapStatus::Unreachable(why) => Some(trf(
            "{basemap} unreachable, showing the offline basemap ({why})",
            &[("basemap", &choice.label()), ("why", why)],
        )),
        BasemapStatus::Invalid(why) => Some(why.clone()),
    }
}
