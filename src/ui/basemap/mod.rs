//! The basemap as the window holds it: the offline tiles, the chosen source drawn over them
//! and its reachability ([`BasemapState`]); the sources themselves ([`sources`]) and the
//! picker in the layers panel ([`picker`]).

pub mod picker;
pub mod sources;

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

use walkers::Tiles;

use crate::i18n::trf;
use crate::ui::notices::Notice;
use sources::{BasemapChoice, BasemapStatus, open_choice};

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
