//! Files being opened: the native Open dialog, the File menu, reads on worker threads with
//! their progress and cancel buttons, and the per-file choices a reread keeps (coordinate
//! system, the style a restored session gives). Finished reads are handed to the app, which
//! turns them into layers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::Ui;

use super::loader::{LoadedFile, PendingLoad, off_ui_thread};
use super::notices::Notice;
use super::session::SessionFile;
use crate::i18n::{tr, trf};
use crate::io::crs::Crs;
pub use crate::io::file_name;
use crate::io::{ReadError, ReadOptions};
use crate::model::LayerId;

/// What to do with a file once it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnArrival {
    /// Fit the view to it (a file the user just opened).
    FitView,
    /// Leave the view alone (reopening a session, rereading in place).
    KeepView,
}

/// A read that has finished, well or not.
pub struct FinishedLoad {
    pub path: PathBuf,
    pub on_arrival: OnArrival,
    /// The layer it replaces in place (a reread with another CRS).
    pub replace: Option<LayerId>,
    pub result: Result<LoadedFile, ReadError>,
}

/// A file whose coordinate system the user is asked for: why it was refused, what they typed.
struct CrsPrompt {
    path: PathBuf,
    problem: String,
    viewport: [f64; 2],
    on_arrival: OnArrival,
    typed: String,
    refused: Option<String>,
}

/// A file whose layers the user is picking, and how to open it once picked.
struct LayerPick {
    path: PathBuf,
    viewport: [f64; 2],
    on_arrival: OnArrival,
    layers: Vec<(String, bool)>,
}

#[derive(Default)]
pub struct FileLoads {
    ctx: egui::Context,
    pending: Vec<(PendingLoad, OnArrival)>,
    /// A native Open dialog running on its own thread.
    open_dialog: Option<Receiver<Vec<PathBuf>>>,
    /// The File menu's path field (machines without a native file dialog).
    path_input: String,
    /// CRS chosen per file (GCJ-02 files are converted on load), kept across sessions.
    pub file_crs: HashMap<PathBuf, Crs>,
    /// Text encoding chosen per file (DBF, CSV), kept across sessions.
    pub file_encoding: HashMap<PathBuf, &'static encoding_rs::Encoding>,
    /// Columns chosen to place a table's rows, per file, kept across sessions.
    pub file_placement: HashMap<PathBuf, crate::model::Placement>,
    /// Layers picked per file that holds several (a GeoPackage), kept across sessions.
    pub file_layers: HashMap<PathBuf, Vec<String>>,
    /// A file waiting for the user to pick which of its layers to open.
    layer_pick: Option<LayerPick>,
    /// A file that could not be placed, waiting for the user to name its coordinate system.
    crs_prompt: Option<CrsPrompt>,
    /// Style to give files reopened from a saved session, applied when they arrive.
    pub restyle: HashMap<PathBuf, SessionFile>,
}

impl FileLoads {
    pub fn new(ctx: egui::Context) -> Self {
        Self {
            ctx,
            ..Self::default()
        }
    }

    /// Starts reading a file in the background, in the CRS remembered for it. `viewport` is
    /// the map's size, to prepare the zoom band the layer will be shown at.
    pub fn open(
        &mut self,
        path: &Path,
        viewport: [f64; 2],
        on_arrival: OnArrival,
        replace: Option<LayerId>,
    ) {
        // Absolute, so a saved session reopens it from any working directory.
        let path = &std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if replace.is_none()
            && !self.file_layers.contains_key(path)
            && let Some(names) = crate::io::pickable_layers(path)
        {
            self.layer_pick = Some(LayerPick {
                path: path.clone(),
                viewport,
                on_arrival,
                layers: names.into_iter().map(|n| (n, true)).collect(),
            });
            return;
        }
        let options = ReadOptions {
            crs_override: self.file_crs.get(path).copied(),
            encoding: self.file_encoding.get(path).copied(),
            placement: self.file_placement.get(path).cloned(),
            layers: self.file_layers.get(path).cloned(),
            within: None,
        };
        let mut load = PendingLoad::start(path, options, viewport, self.ctx.clone());
        load.replace = replace;
        self.pending.push((load, on_arrival));
    }

    /// Opens the native file dialog without blocking the window; chosen files load when it
    /// closes.
    pub fn show_open_dialog(&mut self) {
        if self.open_dialog.is_some() {
            return;
        }
        self.open_dialog = Some(off_ui_thread(&self.ctx, || {
            let mut dialog = rfd::FileDialog::new().set_title(tr("Open map files"));
            let mut all: Vec<&str> = crate::io::reader::READERS
                .iter()
                .flat_map(|r| r.extensions().iter().copied())
                .collect();
            all.extend(["gz", "zip"]);
            dialog = dialog.add_filter(tr("Map files"), &all);
            for reader in crate::io::reader::READERS {
                dialog = dialog.add_filter(reader.name(), reader.extensions());
            }
            dialog
                .add_filter(tr("Compressed (.gz, .zip)"), &["gz", "zip"])
                .add_filter(tr("All files"), &["*"])
                .pick_files()
                .unwrap_or_default()
        }));
    }

    pub fn is_loading(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Files chosen in the Open dialog since the last call, and a notice if it failed to open.
    pub fn poll_dialog(&mut self) -> Result<Vec<PathBuf>, Notice> {
        let Some(dialog) = &self.open_dialog else {
            return Ok(Vec::new());
        };
        match dialog.try_recv() {
            Ok(files) => {
                self.open_dialog = None;
                Ok(files)
            }
            Err(TryRecvError::Disconnected) => {
                self.open_dialog = None;
                Err(Notice::error(tr(
                    "The file dialog could not open; use File ▸ Open path, drop files on the \
                     window, or pass them on the command line",
                )))
            }
            Err(TryRecvError::Empty) => Ok(Vec::new()),
        }
    }

    /// Reads that finished since the last call.
    pub fn poll_finished(&mut self) -> Vec<FinishedLoad> {
        let mut finished = Vec::new();
        let mut still_pending = Vec::new();
        for (load, on_arrival) in std::mem::take(&mut self.pending) {
            match load.poll() {
                None => still_pending.push((load, on_arrival)),
                Some(result) => finished.push(FinishedLoad {
                    path: load.path.clone(),
                    on_arrival,
                    replace: load.replace.clone(),
                    result,
                }),
            }
        }
        self.pending = still_pending;
        finished
    }

    /// The File menu; returns a typed path to open.
    pub fn menu(&mut self, ui: &mut Ui) -> Option<FileMenuChoice> {
        let mut typed = None;
        let mut postgis = false;
        ui.menu_button(tr("File"), |ui| {
            let open = egui::Button::new(tr("Open…"))
                .shortcut_text(ui.ctx().format_shortcut(&crate::ui::app::OPEN_SHORTCUT));
            if ui.add(open).clicked() {
                self.show_open_dialog();
                ui.close();
            }
            if ui.button(tr("Add PostGIS layer…")).clicked() {
                postgis = true;
                ui.close();
            }
            ui.separator();
            typed = super::path_field::path_field(
                ui,
                &mut self.path_input,
                tr("Open path"),
                "/path/to/file.shp, .gpkg, .kml, .csv, .geojson…",
                tr("Open"),
            );
            if typed.is_some() {
                self.path_input.clear();
                ui.close();
            }
        });
        if postgis {
            return Some(FileMenuChoice::AddPostgis);
        }
        typed.map(FileMenuChoice::Open)
    }

    /// Asks the user for the coordinate system of a file that could not be placed.
    pub fn ask_crs(
        &mut self,
        path: &Path,
        problem: &str,
        viewport: [f64; 2],
        on_arrival: OnArrival,
    ) {
        self.crs_prompt = Some(CrsPrompt {
            path: path.to_path_buf(),
            problem: problem.to_string(),
            viewport,
            on_arrival,
            typed: String::new(),
            refused: None,
        });
    }

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
                ui.checkbox(chosen, name.as_str());
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

    /// A progress bar with a Cancel button for each file being read.
    pub fn progress(&self, ui: &mut Ui) {
        for (load, _) in &self.pending {
            ui.separator();
            ui.label(trf("Reading {file}…", &[("file", &load.file_name())]));
            ui.horizontal(|ui| {
                ui.add(
                    egui::ProgressBar::new(load.progress.fraction())
                        .desired_width(150.0)
                        .show_percentage(),
                );
                if ui.button(tr("Cancel")).clicked() {
                    load.progress.cancel();
                }
            });
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
}

/// What the File menu asked for.
pub enum FileMenuChoice {
    /// A path typed in the menu.
    Open(PathBuf),
    /// The "Add PostGIS layer…" dialog.
    AddPostgis,
}
