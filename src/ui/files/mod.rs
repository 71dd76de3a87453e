//! Files being opened: the native Open dialog, the File menu, reads on worker threads with
//! their progress and cancel buttons, and the per-file choices a reread keeps (coordinate
//! system, the style a restored session gives). Finished reads are handed to the app, which
//! turns them into layers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::Ui;

pub mod drop_hint;
pub mod path_field;
mod prompts;

use crate::i18n::{tr, trf};
use crate::io::crs::Crs;
use crate::io::{ReadError, ReadOptions};
use crate::load::{LoadResult, LoadedFile, PendingLoad};
use crate::model::LayerId;
use crate::ui::notices::Notice;
use crate::ui::worker::off_ui_thread;

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
    pending: Vec<(PendingLoad, OnArrival, [f64; 2])>,
    /// A native Open dialog running on its own thread.
    open_dialog: Option<Receiver<Vec<PathBuf>>>,
    /// File ▸ Open path… (machines without a native file dialog).
    pub open_path: path_field::PathDialog,
    /// Names given to files the app wrote itself (a tool's layer kept on disk).
    pub file_names: HashMap<PathBuf, String>,
    /// File ▸ Save project….
    pub save_project: path_field::PathDialog,
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
        let options = ReadOptions {
            crs_override: self.file_crs.get(path).copied(),
            encoding: self.file_encoding.get(path).copied(),
            placement: self.file_placement.get(path).cloned(),
            layers: self.file_layers.get(path).cloned(),
            within: None,
        };
        // Which layers a file holds is asked on the worker too: it opens the file.
        let ask_layers = replace.is_none() && options.layers.is_none();
        let ctx = self.ctx.clone();
        let mut load = PendingLoad::start(path, options, viewport, ask_layers, move || {
            ctx.request_repaint()
        });
        load.replace = replace;
        self.pending.push((load, on_arrival, viewport));
    }

    /// Opens the native file dialog without blocking the window; chosen files load when it
    /// closes.
    pub fn show_open_dialog(&mut self) {
        if self.open_dialog.is_some() {
            return;
        }
        self.open_dialog = Some(off_ui_thread(&self.ctx, || {
            let mut dialog = rfd::FileDialog::new().set_title(tr("Open map files"));
            let mut all: Vec<&str> = crate::io::read::READERS
                .iter()
                .flat_map(|r| r.extensions().iter().copied())
                .collect();
            all.extend(["gz", "zip", crate::project::EXTENSION]);
            dialog = dialog.add_filter(tr("Map files"), &all);
            dialog = dialog.add_filter(tr("Projects (.atlas)"), &[crate::project::EXTENSION]);
            for reader in crate::io::read::READERS {
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

    /// Reads that finished since the last call. A file that turned out to hold several
    /// layers opens the window asking which, instead.
    pub fn poll_finished(&mut self) -> Vec<FinishedLoad> {
        let mut finished = Vec::new();
        let mut still_pending = Vec::new();
        for (load, on_arrival, viewport) in std::mem::take(&mut self.pending) {
            let result = match load.poll() {
                None => {
                    still_pending.push((load, on_arrival, viewport));
                    continue;
                }
                Some(Ok(LoadResult::PickLayers(names))) => {
                    self.layer_pick = Some(LayerPick {
                        path: load.path.clone(),
                        viewport,
                        on_arrival,
                        layers: names,
                    });
                    continue;
                }
                Some(Ok(LoadResult::Loaded(file))) => Ok(file),
                Some(Err(e)) => Err(e),
            };
            finished.push(FinishedLoad {
                path: load.path.clone(),
                on_arrival,
                replace: load.replace.clone(),
                result,
            });
        }
        self.pending = still_pending;
        finished
    }

    /// The File menu (and the Open path window); returns a typed path to open.
    pub fn menu(&mut self, ui: &mut Ui) -> Option<FileMenuChoice> {
        let mut postgis = false;
        ui.menu_button(tr("File"), |ui| {
            let open = egui::Button::new(tr("Open…")).shortcut_text(
                ui.ctx()
                    .format_shortcut(&crate::ui::shortcuts::OPEN_SHORTCUT),
            );
            if ui.add(open).clicked() {
                self.show_open_dialog();
                ui.close();
            }
            if ui.button(tr("Add PostGIS layer…")).clicked() {
                postgis = true;
                ui.close();
            }
            ui.separator();
            if ui.button(tr("Open path…")).clicked() {
                self.open_path.open();
                ui.close();
            }
            if ui
                .button(tr("Save project…"))
                .on_hover_text(tr(
                    "Keep the layers, their looks and filters, the view and the basemap in a .atlas file (paths relative to it)",
                ))
                .clicked()
            {
                self.save_project.open();
                ui.close();
            }
            ui.separator();
            let quit = egui::Button::new(tr("Quit")).shortcut_text(
                ui.ctx()
                    .format_shortcut(&crate::ui::shortcuts::QUIT_SHORTCUT),
            );
            if ui.add(quit).clicked() {
                // eframe saves the session on the way out, as on the window's close button.
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                ui.close();
            }
        });
        if postgis {
            return Some(FileMenuChoice::AddPostgis);
        }
        if let Some(path) = (self.save_project).show(
            ui.ctx(),
            tr("Save project"),
            "/path/to/map.atlas",
            tr("Save"),
        ) {
            return Some(FileMenuChoice::SaveProject(path));
        }
        let typed = self.open_path.show(
            ui.ctx(),
            tr("Open path"),
            "/path/to/file.shp, .gpkg, .kml, .csv, .geojson, .atlas…",
            tr("Open"),
        );
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

    /// A progress bar with a Cancel button for each file being read.
    pub fn progress(&self, ui: &mut Ui) {
        for (load, _, _) in &self.pending {
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
    /// Save the map as a project at this path.
    SaveProject(PathBuf),
}
