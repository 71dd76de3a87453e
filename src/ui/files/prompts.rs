//! The windows that ask before a file is read: which of its layers to open, and the
//! coordinate system of a file that could not be placed.

use crate::i18n::{tr, trf};
use crate::ui::files::FileLoads;

impl FileLoads {
    /// The window asking for a refused file's coordinate system: an EPSG code (CGCS2000
    /// Gauss-Kruger 4491–4554, UTM 326xx, …) or GCJ-02/BD-09; the file is read again in it and
    /// the choice is remembered, as the layer panel's Coordinates choice is.
    pub fn crs_prompt_window(&mut self, ctx: &egui::Context) {
        let Some(prompt) = &mut self.crs_prompt else {
            return;
        };
        let mut decision = None;
        egui::Window::new(trf(
            "Coordinate system of {file}",
            &[("file", &crate::io::file_name(&prompt.path))],
        ))
        .collapsible(false)
        .resizable(false)
        .default_width(420.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(egui::RichText::new(&prompt.problem).small());
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let caption = ui.label(tr("EPSG code"));
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut prompt.typed)
                            .hint_text("4545, EPSG:32648, GCJ-02…")
                            .desired_width(160.0),
                    )
                    .labelled_by(caption.id);
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button(tr("Read with this system")).clicked() || entered {
                    decision = Some(true);
                }
            });
            if let Some(refused) = &prompt.refused {
                ui.colored_label(egui::Color32::from_rgb(190, 40, 30), refused);
            }
            if ui.button(tr("Cancel")).clicked() {
                decision = Some(false);
            }
        });
        match decision {
            Some(true) => {
                let typed = prompt.typed.trim();
                let name = if typed.chars().all(|c| c.is_ascii_digit()) {
                    format!("EPSG:{typed}")
                } else {
                    typed.to_string()
                };
                match crate::io::crs::crs_from_name(&name) {
                    Ok(crs) => {
                        let prompt = self.crs_prompt.take().expect("shown");
                        self.file_crs.insert(prompt.path.clone(), crs);
                        self.open(&prompt.path, prompt.viewport, prompt.on_arrival, None);
                    }
                    Err(problem) => prompt.refused = Some(problem),
                }
            }
            Some(false) => self.crs_prompt = None,
            None => {}
        }
    }

    /// The window where the user picks the layers of a file that holds several; opens them
    /// when confirmed.
    pub fn layer_pick_window(&mut self, ctx: &egui::Context) {
        let Some(pick) = &mut self.layer_pick else {
            return;
        };
        let mut decision = None;
        egui::Window::new(trf(
            "Layers of {file}",
            &[("file", &crate::io::file_name(&pick.path))],
        ))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(tr("This file holds several layers. Open:"));
            for (name, chosen) in &mut pick.layers {
                ui.checkbox(chosen, crate::i18n::layer_title(name));
            }
            ui.horizontal(|ui| {
                let any = pick.layers.iter().any(|(_, chosen)| *chosen);
                if ui.add_enabled(any, egui::Button::new(tr("Open"))).clicked() {
                    decision = Some(true);
                }
                if ui.button(tr("Cancel")).clicked() {
                    decision = Some(false);
                }
            });
        });
        match decision {
            Some(true) => {
                let pick = self.layer_pick.take().expect("shown");
                let chosen = (pick.layers.into_iter())
                    .filter(|(_, chosen)| *chosen)
                    .map(|(name, _)| name)
                    .collect();
                self.file_layers.insert(pick.path.clone(), chosen);
                self.open(&pick.path, pick.viewport, pick.on_arrival, None);
            }
            Some(false) => self.layer_pick = None,
            None => {}
        }
    }
}
