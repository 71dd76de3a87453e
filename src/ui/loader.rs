//! Reads files on worker threads so the window stays responsive; the UI polls for results.
//! The worker also indexes the features and prepares the geometry for the zoom the layer
//! will be shown at, so the first frame after loading draws at once.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use crate::geometry::projection::fit_zoom;
use crate::io::{Progress, ReadError, ReadOptions, read_file};
use crate::model::{Feature, LoadWarning};
use crate::render::PreparedLayer;

/// One layer of a file, read and made ready to draw.
pub struct LoadedLayer {
    /// Its name inside the file, for formats that hold several; `None`: named after the file.
    pub name: Option<String>,
    pub features: Arc<Vec<Feature>>,
    pub prepared: PreparedLayer,
    pub warnings: Vec<LoadWarning>,
    pub field_aliases: std::collections::BTreeMap<String, String>,
    pub reading: crate::model::Reading,
}

/// A file read and made ready to draw.
pub struct LoadedFile {
    /// The format detected.
    pub format: &'static str,
    pub layers: Vec<LoadedLayer>,
    /// Lon/lat box of all its features (W, S, E, N).
    pub bbox: Option<[f64; 4]>,
}

pub struct PendingLoad {
    pub path: PathBuf,
    pub progress: Arc<Progress>,
    /// The layer this load replaces in place (reloading with another CRS).
    pub replace: Option<crate::model::LayerId>,
    receiver: Receiver<Result<LoadedFile, ReadError>>,
}

/// Everything between choosing a file and drawing it: read, index, prepare the zoom band a
/// `viewport`-sized map fitted to the layer shows.
pub fn load_file(
    path: &Path,
    options: &ReadOptions,
    progress: &Progress,
    viewport: [f64; 2],
) -> Result<LoadedFile, ReadError> {
    let (format, outcomes) = read_file(path, options, progress)?;
    let bbox = crate::model::union_rects(
        (outcomes.iter())
            .flat_map(|o| o.features.iter())
            .filter_map(Feature::bounding_rect),
    )
    .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]);
    let layers = outcomes
        .into_iter()
        .map(|outcome| {
            let mut prepared = PreparedLayer::new(&outcome.features);
            if let Some(bbox) = bbox {
                prepared.shapes(&outcome.features, fit_zoom(bbox, viewport[0], viewport[1]));
            }
            LoadedLayer {
                name: outcome.layer_name,
                features: Arc::new(outcome.features),
                prepared,
                warnings: outcome.warnings,
                field_aliases: outcome.field_aliases,
                reading: crate::model::Reading {
                    format,
                    encoding: outcome.encoding,
                    placement: outcome.placement,
                    columns: outcome.columns,
                },
            }
        })
        .collect();
    Ok(LoadedFile {
        format,
        layers,
        bbox,
    })
}

/// Runs `work` on its own thread so the window keeps drawing (file reads, native dialogs,
/// writes, server checks); its result arrives on the returned channel, with a repaint.
pub fn off_ui_thread<T: Send + 'static>(
    ctx: &egui::Context,
    work: impl FnOnce() -> T + Send + 'static,
) -> Receiver<T> {
    let (sender, receiver) = channel();
    let ctx = ctx.clone();
    crate::parallel::spawn_background("atlas work", move || {
        let _ = sender.send(work());
        ctx.request_repaint();
    });
    receiver
}

impl PendingLoad {
    /// `viewport` is the map's size in points, to prepare the zoom band the layer opens at.
    pub fn start(
        path: &Path,
        options: ReadOptions,
        viewport: [f64; 2],
        ctx: egui::Context,
    ) -> Self {
        let progress = Arc::new(Progress::default());
        let worker_progress = progress.clone();
        let worker_path = path.to_path_buf();
        let receiver = off_ui_thread(&ctx, move || {
            // A reader that panics on some file must not leave the load waiting forever.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                load_file(&worker_path, &options, &worker_progress, viewport)
            }))
            .unwrap_or_else(|panic| {
                let message = (panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Err(ReadError::Io(format!(
                    "the reader failed on this file ({message}); nothing else was affected. \
                     Please report the file"
                )))
            })
        });
        Self {
            path: path.to_path_buf(),
            progress,
            replace: None,
            receiver,
        }
    }

    /// The result once the worker is done.
    pub fn poll(&self) -> Option<Result<LoadedFile, ReadError>> {
        self.receiver.try_recv().ok()
    }

    pub fn file_name(&self) -> String {
        crate::io::file_name(&self.path)
    }
}
