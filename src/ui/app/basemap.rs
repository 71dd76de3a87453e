//! Choosing the basemap and watching an online server's reachability.

use super::AtlasApp;
use crate::ui::basemap::{BasemapChoice, BasemapStatus, open_choice};

impl AtlasApp {
    pub fn basemap_choice(&self) -> &BasemapChoice {
        &self.basemap_choice
    }

    pub fn basemap_status(&self) -> &BasemapStatus {
        &self.basemap_status
    }

    /// Switches the tiles drawn over the offline basemap. A choice that cannot work (bad
    /// template, not a PMTiles file) is refused with a notice and the current one stays.
    pub fn set_basemap(&mut self, choice: BasemapChoice) {
        let ctx = self.egui_ctx.clone().unwrap_or_default();
        match open_choice(&choice, &self.cache_dir, &ctx) {
            Ok(online) => {
                self.basemap_status = match &online {
                    None => BasemapStatus::Offline,
                    Some(o) if o.probe.is_some() => BasemapStatus::Checking,
                    Some(_) => BasemapStatus::Online,
                };
                self.basemap_probe = None;
                self.online_basemap = None;
                if let Some(o) = online {
                    self.basemap_probe = o.probe;
                    self.online_basemap = Some(o.tiles);
                }
                self.basemap_choice = choice;
            }
            Err(e) => {
                self.basemap_status = BasemapStatus::Invalid(e.clone());
                self.notify(format!("Basemap not changed: {e}"), true);
            }
        }
    }

    /// Picks up the reachability probe of an online basemap.
    pub(super) fn poll_basemap(&mut self) {
        let Some(rx) = &self.basemap_probe else {
            return;
        };
        match rx.try_recv() {
            Ok(Ok(())) => {
                self.basemap_status = BasemapStatus::Online;
                self.basemap_probe = None;
            }
            Ok(Err(e)) => {
                self.basemap_status = BasemapStatus::Unreachable(e);
                self.basemap_probe = None;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.basemap_probe = None,
        }
    }

    /// Whether the online basemap's server check is still running.
    pub fn is_checking_basemap(&self) -> bool {
        self.basemap_probe.is_some()
    }
}
