//! Exports, all written off the UI thread: the map view as a PNG (a screenshot of the next
//! frame, cut to the map area) and a layer (all of it, or the selected feature) as GeoJSON.
//! The Export menu of the top bar lives here too.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Rect, Ui};

use super::notices::Notice;
use crate::i18n::{tr, trf};
use crate::model::Layer;
use crate::ui::worker::off_ui_thread;

/// A PNG export in flight: the screenshot comes back in a later frame.
struct PendingPng {
    path: PathBuf,
    result: Receiver<Result<(usize, usize), String>>,
}

/// Which features of a layer to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportScope {
    AllFeatures,
    OnlySelected,
}

#[derive(Default)]
pub struct ExportState {
    ctx: egui::Context,
    /// A PNG export asked for, waiting for the next frame.
    png_request: Option<PathBuf>,
    png: Option<PendingPng>,
    /// A native Save dialog for the PNG export, running on its own thread.
    save_dialog: Option<Receiver<Option<PathBuf>>>,
    /// Export ▸ Export view to path….
    pub to_path: crate::ui::files::path_field::PathDialog,
    /// Layer exports: each reports back with a notice (or nothing, if its dialog was cancelled).
    layer_jobs: Vec<Receiver<Option<Notice>>>,
}

impl ExportState {
    pub fn new(ctx: egui::Context) -> Self {
        Self {
            ctx,
            ..Self::default()
        }
    }

    /// Writes the map as drawn in the next frame to a PNG file.
    pub fn request_png(&mut self, path: PathBuf) {
        self.png_request = Some(path);
    }

    /// Opens the native Save dialog for a PNG export without blocking the window.
    pub fn show_save_dialog(&mut self) {
        if self.save_dialog.is_some() {
            return;
        }
        self.save_dialog = Some(off_ui_thread(&self.ctx, || {
            rfd::FileDialog::new()
                .set_title(tr("Export view as PNG"))
                .set_file_name("chongqing-atlas.png")
                .add_filter(tr("PNG image"), &["png"])
                .save_file()
        }));
    }

    /// Whether a PNG export is still being written.
    pub fn is_exporting_png(&self) -> bool {
        self.png_request.is_some() || self.png.is_some()
    }

    /// Whether a layer export is still running.
    pub fn is_exporting_layer(&self) -> bool {
        !self.layer_jobs.is_empty()
    }

    /// Writes a layer's features (or only the `selected` ones) to `path`, in the format its
    /// extension names (GeoPackage, Shapefile, FlatGeobuf, GeoJSON, CSV), off the UI thread;
    /// with `path` `None` a native Save dialog asks first.
    pub fn export_layer(
        &mut self,
        layer: &Layer,
        scope: ExportScope,
        selected: Vec<usize>,
        path: Option<PathBuf>,
    ) -> Result<(), Notice> {
        let only = match scope {
            ExportScope::AllFeatures => None,
            ExportScope::OnlySelected if selected.is_empty() => {
                return Err(Notice::error(trf(
                    "{layer}: nothing selected to export",
                    &[("layer", &layer.name)],
                )));
            }
            ExportScope::OnlySelected => Some(selected),
        };
        let features = layer.features.clone();
        let name = layer.name.clone();
        let job = off_ui_thread(&self.ctx, move || {
            let stem = std::path::Path::new(&name)
                .file_stem()
                .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned());
            let path = path.or_else(|| {
                let mut dialog = rfd::FileDialog::new()
                    .set_title(tr("Save layer as"))
                    .set_file_name(format!("{stem}.gpkg"));
                for (format, extensions) in crate::io::SAVE_FORMATS {
                    dialog = dialog.add_filter(*format, extensions);
                }
                dialog.save_file()
            });
            // Cancelled in the dialog: nothing to report.
            let path = path?;
            let chosen: Vec<&crate::model::Feature> = match &only {
                Some(indices) => indices.iter().filter_map(|&i| features.get(i)).collect(),
                None => features.iter().collect(),
            };
            let layer_name = stem.replace(['.', ' '], "_");
            Some(match crate::io::write_layer(&path, &layer_name, &chosen) {
                Ok(written) if written.left_out > 0 => Notice::info(trf(
                    "Saved {n} feature(s) of {name} to {path}; {left} left out (a Shapefile \
                     holds one kind of geometry, and rows with a place)",
                    &[
                        ("n", &written.features),
                        ("name", &name),
                        ("path", &path.display()),
                        ("left", &written.left_out),
                    ],
                )),
                Ok(written) => Notice::info(trf(
                    "Exported {n} feature(s) of {name} to {path}",
                    &[
                        ("n", &written.features),
                        ("name", &name),
                        ("path", &path.display()),
                    ],
                )),
                Err(e) => Notice::error(trf("Export failed: {e}", &[("e", &e)])),
            })
        });
        self.layer_jobs.push(job);
        Ok(())
    }

    /// Moves exports along: a chosen Save path, the screenshot asked for last frame, finished
    /// writes. `map_rect` is where the map was drawn. Returns what the user should be told.
    pub fn poll(&mut self, ui: &Ui, map_rect: Option<Rect>) -> Vec<Notice> {
        let mut notices = Vec::new();
        if let Some(rx) = &self.save_dialog
            && let Ok(path) = rx.try_recv()
        {
            self.save_dialog = None;
            if let Some(path) = path {
                self.png_request = Some(path);
            }
        }
        if let Some(path) = self.png_request.take() {
            match map_rect {
                Some(rect) => self.png = Some(request_screenshot(ui, rect, path)),
                None => notices.push(Notice::error(tr(
                    "Nothing to export yet: the map has not been drawn",
                ))),
            }
        }
        notices.extend(self.poll_png());
        let mut running = Vec::new();
        for job in std::mem::take(&mut self.layer_jobs) {
            match job.try_recv() {
                Ok(notice) => notices.extend(notice),
                Err(TryRecvError::Empty) => running.push(job),
                Err(TryRecvError::Disconnected) => {}
            }
        }
        self.layer_jobs = running;
        notices
    }

    fn poll_png(&mut self) -> Option<Notice> {
        let png = self.png.as_ref()?;
        let notice = match png.result.try_recv() {
            Ok(Ok((w, h))) => Notice::info(trf(
                "Exported the view ({w}×{h}) to {path}",
                &[("w", &w), ("h", &h), ("path", &png.path.display())],
            )),
            Ok(Err(e)) => Notice::error(trf("Export failed: {e}", &[("e", &e)])),
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => {
                Notice::error(tr("Export failed: no screenshot came back"))
            }
        };
        self.png = None;
        Some(notice)
    }

    /// The Export menu: the view as PNG, by dialog or by typed path (in its own window).
    pub fn menu(&mut self, ui: &mut Ui) {
        let typed = self.to_path.show(
            ui.ctx(),
            tr("Export view to path"),
            "/path/to/map.png",
            tr("Save PNG"),
        );
        if let Some(path) = typed {
            self.png_request = Some(path);
        }
        ui.menu_button(tr("Export"), |ui| {
            let png = egui::Button::new(tr("Export view as PNG…")).shortcut_text(
                ui.ctx()
                    .format_shortcut(&crate::ui::shortcuts::EXPORT_SHORTCUT),
            );
            if ui.add(png).clicked() {
                self.show_save_dialog();
                ui.close();
            }
            if ui.button(tr("Export view to path…")).clicked() {
                self.to_path.open();
                ui.close();
            }
        });
    }
}

/// Asks for a screenshot of the next frame and writes the map area of it to `path` as PNG on
/// a worker thread.
fn request_screenshot(ui: &Ui, rect: Rect, path: PathBuf) -> PendingPng {
    let (sender, receiver) = channel();
    let target = path.clone();
    let ppp = ui.ctx().pixels_per_point();
    let ctx = ui.ctx().clone();
    let callback = egui::ScreenshotCallback::new(move |image: std::sync::Arc<egui::ColorImage>| {
        std::thread::spawn(move || {
            let _ = sender.send(write_png(&image, rect, ppp, &target));
            ctx.request_repaint();
        });
    });
    ui.ctx()
        .send_viewport_cmd(egui::ViewportCommand::Screenshot(callback));
    PendingPng {
        path,
        result: receiver,
    }
}

fn write_png(
    image: &egui::ColorImage,
    rect: Rect,
    ppp: f32,
    path: &std::path::Path,
) -> Result<(usize, usize), String> {
    let [w, h] = image.size;
    let x0 = ((rect.left() * ppp).round() as usize).min(w);
    let y0 = ((rect.top() * ppp).round() as usize).min(h);
    let x1 = ((rect.right() * ppp).round() as usize).clamp(x0, w);
    let y1 = ((rect.bottom() * ppp).round() as usize).clamp(y0, h);
    let mut out = image::RgbaImage::new((x1 - x0) as u32, (y1 - y0) as u32);
    for y in y0..y1 {
        for x in x0..x1 {
            let c = image.pixels[y * w + x].to_srgba_unmultiplied();
            out.put_pixel((x - x0) as u32, (y - y0) as u32, image::Rgba(c));
        }
    }
    crate::platform::atomic::replace_with(path, |partial| {
        out.save_with_format(partial, image::ImageFormat::Png)
            .map_err(std::io::Error::other)
    })
    .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((x1 - x0, y1 - y0))
}
