//! One frame of the window: background work polled, then the top bar, status bar, side
//! panels, attribute table, map and floating windows, each given the part it shows; what
//! they hand back is applied here.

use std::path::PathBuf;

use egui::{RichText, Ui};

use super::AtlasApp;
use crate::i18n::{Language, tr, tr_text};
use crate::io::embedded::Vintage;
use crate::model::CHONGQING_BBOX;
use crate::ui::basemap::picker::basemap_picker;
use crate::ui::files::FileMenuChoice;
use crate::ui::panels::layers::{LayerListContext, layer_list};
use crate::ui::panels::table::TableClick;
use crate::ui::session::ThemeChoice;
use crate::ui::shortcuts::{EXPORT_SHORTCUT, OPEN_SHORTCUT, QUIT_SHORTCUT, SEARCH_SHORTCUT};

impl AtlasApp {
    /// One frame of the window, as eframe runs it (benchmarks run it on their own context).
    pub fn run_frame(&mut self, ui: &mut Ui) {
        self.frame(ui);
    }

    pub(super) fn frame(&mut self, ui: &mut Ui) {
        crate::i18n::set_language(self.language);
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        dropped.iter().for_each(|p| self.open_file(p));
        self.shortcuts(ui);
        self.poll_loads();
        self.poll_projects();
        self.poll_databases(ui.ctx());
        self.basemap.poll();
        let finished = self.export.poll(ui, self.map.rect);
        self.notices.extend(finished);

        self.time.advance(ui.ctx());
        self.time.sync(&mut self.layers, &mut self.picks);
        if self.time.is_working() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(30));
        }
        self.top_bar(ui);
        if self.time.open {
            egui::Panel::top("time_bar").show(ui, |ui| self.time.bar(ui));
        }
        crate::ui::panels::status_bar::status_bar(
            ui,
            self.map.cursor_lonlat,
            self.zoom(),
            &self.basemap,
        );
        self.side_panel(ui);
        self.inspector_and_table(ui);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| self.show_map(ui));
        self.chosen_features_bar(ui.ctx());
        self.exchange_with_databases();
        crate::ui::map::measure::measure_panel(
            ui,
            &mut self.measure,
            self.map.rect,
            self.map.cursor_lonlat,
        );
        if self.charts_open {
            let mut open = true;
            crate::ui::panels::charts::charts_window(
                ui.ctx(),
                self.layers.layers(),
                self.time.active_range(),
                &mut open,
            );
            self.charts_open = open;
        }
        self.about.show(ui.ctx());
        if let Some(made) =
            (self.analysis).windows(ui.ctx(), self.layers.layers(), self.picks.chosen.as_ref())
        {
            self.place_analysis(made);
        }
        if let Some(action) = self.notices.toasts(ui.ctx(), self.map.rect) {
            self.act_on(action);
        }
        crate::ui::files::drop_hint::drop_hint(ui);
    }

    /// A tool's layer goes on top of the others, and its report into a notice.
    fn place_analysis(&mut self, mut made: crate::ui::analysis_tools::Made) {
        let name = made.layer.name.clone();
        // Run again, the tool's layer takes the place of the one it made before.
        // A tool's layer is a file the app wrote, known by the name it gave it.
        let made_before = (self.layers.layers().iter()).position(|l| {
            matches!(&l.source, crate::model::LayerSource::File(path)
                if self.files.file_names.get(path) == Some(&name))
        });
        if let Some(at) = made_before {
            self.layers.remove(at);
        }
        self.keep_on_disk(&mut made.layer);
        let prepared = crate::render::PreparedLayer::new(&made.layer.features);
        self.layers.push(made.layer, prepared);
        let text = format!("{name}: {}", made.report);
        self.notices.push(if made.warn {
            crate::ui::notices::Notice::error(text)
        } else {
            crate::ui::notices::Notice::info(text)
        });
    }

    /// The selected feature's card on the right and the attribute table below the map.
    fn inspector_and_table(&mut self, ui: &mut Ui) {
        // The server's answer to the click, if it is about the selected feature (or the
        // selection is a cell of counted points, whose nearest point the server found).
        let detail = self.picks.selection.as_ref().and_then(|s| {
            let detail = self.pg.identified(&s.layer)?;
            let selected = self.layers.by_id(&s.layer.0)?.features.get(s.feature)?;
            let about_it =
                selected.cluster_count().is_some() || selected.source_index == detail.source_index;
            about_it.then_some(detail)
        });
        if self.picks.selection != self.inspected {
            self.inspected = self.picks.selection.clone();
            self.inspector_open |= self.inspected.is_some();
        }
        let related = crate::ui::panels::inspector::inspector_panel(
            ui,
            &mut self.picks,
            &mut self.inspector_open,
            self.layers.layers(),
            detail,
        );
        if let Some(id) = related {
            self.select_feature_by_id(&id);
        }
        let selected = (self.table.as_ref()).and_then(|t| self.picks.selected_in(&t.layer));
        let chosen = (self.table.as_ref()).and_then(|t| self.picks.chosen_in(&t.layer));
        let server = match &self.table {
            Some(t) if self.pg.contains(&t.layer) => {
                let id = t.layer.clone();
                self.pg.table(&id)
            }
            _ => None,
        };
        let row = crate::ui::panels::table::attribute_table(
            ui,
            &mut self.table,
            self.layers.layers(),
            (selected, chosen),
            server,
        );
        match row {
            Some(TableClick::Feature(layer, feature)) => self.select_and_fly_to(layer, feature),
            Some(TableClick::ServerRow(layer, feature)) => self.fly_to_server_row(layer, *feature),
            None => {}
        }
    }

    /// Ctrl+O opens, Ctrl+F searches, Ctrl+E exports the view, Esc clears the selection (the
    /// measuring tool takes its own Esc). The map's keys are the map's (`map_input`).
    fn shortcuts(&mut self, ui: &mut Ui) {
        if ui.input_mut(|i| i.consume_shortcut(&OPEN_SHORTCUT)) {
            self.files.show_open_dialog();
        }
        if ui.input_mut(|i| i.consume_shortcut(&SEARCH_SHORTCUT)) {
            ui.ctx()
                .memory_mut(|m| m.request_focus(crate::ui::panels::search::search_box_id()));
        }
        if ui.input_mut(|i| i.consume_shortcut(&EXPORT_SHORTCUT)) {
            self.export.show_save_dialog();
        }
        if ui.input_mut(|i| i.consume_shortcut(&QUIT_SHORTCUT)) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let escape =
            !ui.ctx().egui_wants_keyboard_input() && ui.input(|i| i.key_pressed(egui::Key::Escape));
        if escape && !self.measure.is_on() {
            self.picks.selection = None;
            self.picks.chosen = None;
        }
    }

    fn top_bar(&mut self, ui: &mut Ui) {
        egui::Panel::top("top_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.toggle_value(&mut self.layers_panel_open, tr("Layers panel"))
                    .on_hover_text(tr("Show or hide the layers panel"));
                match self.files.menu(ui) {
                    Some(FileMenuChoice::Open(path)) => self.open_file(&path),
                    Some(FileMenuChoice::AddPostgis) => self.open_postgis_dialog(),
                    Some(FileMenuChoice::SaveProject(path)) => self.save_project(&path),
                    None => {}
                }
                self.export.menu(ui);
                self.analysis.menu(ui);
                ui.menu_button(tr("View"), |ui| {
                    if ui.button(tr("Zoom to Chongqing")).clicked() {
                        self.zoom_to(CHONGQING_BBOX);
                    }
                    ui.checkbox(&mut self.charts_open, tr("Charts"));
                    ui.checkbox(&mut self.inspector_open, tr("Inspector panel"));
                    ui.separator();
                    ui.menu_button(tr("Theme"), |ui| {
                        for (theme, name) in [
                            (ThemeChoice::System, tr("As the system")),
                            (ThemeChoice::Light, tr("Light")),
                            (ThemeChoice::Dark, tr("Dark")),
                        ] {
                            if ui.radio_value(&mut self.theme, theme, name).changed() {
                                ui.ctx().set_theme(theme.preference());
                            }
                        }
                    });
                    ui.menu_button(tr("Language"), |ui| {
                        for (language, name) in
                            [(Language::Chinese, "中文"), (Language::English, "English")]
                        {
                            ui.radio_value(&mut self.language, language, name);
                        }
                    });
                });
                let mut measuring = self.measure.is_on();
                if ui
                    .toggle_value(&mut measuring, tr("Measure"))
                    .on_hover_text(tr(
                        "Measure distance and area on the ellipsoid: click points on the map",
                    ))
                    .changed()
                {
                    self.set_measuring(measuring);
                }
                ui.toggle_value(&mut self.map.select.lasso, tr("Lasso"))
                    .on_hover_text(tr(
                        "Drag on the map to choose the features a freehand shape touches (Shift-drag: a rectangle; Ctrl adds; Esc clears)",
                    ));
                ui.toggle_value(&mut self.charts_open, tr("Charts"))
                    .on_hover_text(tr("The seeds' figures as charts"));
                ui.toggle_value(&mut self.time.open, tr("Time"))
                    .on_hover_text(tr(
                        "Filter the map and the charts by date: a timeline with play, as in kepler.gl",
                    ));
                ui.menu_button(tr("Help"), |ui| {
                    if ui.button(tr("About Chongqing Atlas")).clicked() {
                        self.about.open = true;
                    }
                });
                ui.separator();
                ui.label(RichText::new("Chongqing Atlas · 重庆地图").strong());
            });
        });
    }

    /// Search, basemap, vintage, the layer list, the map key, reads in progress and the
    /// history of notices, scrolling when they are taller than the window. The panel is
    /// resizable, and closes from the top bar or by dragging its edge in.
    fn side_panel(&mut self, ui: &mut Ui) {
        let mut open = self.layers_panel_open;
        egui::Panel::left("layers")
            .resizable(true)
            .default_size(280.0)
            .size_range(200.0..=560.0)
            .show_collapsible(ui, &mut open, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("layers panel")
                    .auto_shrink([false, false])
                    .show(ui, |ui| self.side_panel_contents(ui));
            });
        self.layers_panel_open = open;
        self.files.layer_pick_window(ui.ctx());
        self.files.crs_prompt_window(ui.ctx());
    }

    fn side_panel_contents(&mut self, ui: &mut Ui) {
        let layers = self.layers.layers();
        if let Some((layer, feature)) =
            crate::ui::panels::search::search_box(ui, &mut self.search, layers)
        {
            self.select_and_fly_to(layer, feature);
        }
        ui.separator();
        ui.heading(tr("Layers"));
        ui.add_space(4.0);
        if let Some(refused) = basemap_picker(ui, &mut self.basemap) {
            self.notices.push(refused);
        }
        ui.add_space(2.0);
        self.vintage_picker(ui);
        ui.separator();
        let selected_layer = self.picks.selection.as_ref().map(|s| s.layer.clone());
        let context = LayerListContext {
            file_crs: &self.files.file_crs,
            selected_layer: selected_layer.as_ref(),
            databases: &self.pg,
        };
        if let Some(action) = layer_list(ui, &mut self.layers, &context) {
            self.apply(action);
        }
        ui.add_space(4.0);
        egui::CollapsingHeader::new(tr("Map key"))
            .id_salt("map key")
            .default_open(true)
            .show(ui, crate::ui::panels::legend::map_key);
        self.files.progress(ui);
        self.notices.history(ui);
    }

    fn vintage_picker(&mut self, ui: &mut Ui) {
        let mut vintage = self.vintage;
        let caption = ui.label(tr("Administrative map"));
        egui::ComboBox::from_id_salt("vintage")
            .selected_text(tr_text(vintage.label()))
            .width(ui.available_width() - 8.0)
            .show_ui(ui, |ui| {
                for v in [Vintage::Current, Vintage::Before2025Reform] {
                    ui.selectable_value(&mut vintage, v, tr_text(v.label()));
                }
            })
            .response
            .labelled_by(caption.id);
        self.set_vintage(vintage);
    }
}
