//! One step from a file to layers ready to draw, the same for the window, the CLI and the
//! benches: read ([`crate::io`]), index, prepare the zoom band the layer opens at, and give
//! each layer of the file its id, name and style ([`user_layer`]). Knows nothing of egui; the
//! window runs it on a worker ([`PendingLoad`]) and is told through a callback when it is done.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use crate::analysis::datum_check::{Telltale, suspect_shifted};
use crate::geometry::projection::fit_zoom;
use crate::io::{Progress, ReadError, ReadOptions, pickable_layers, read_file};
use crate::model::{Feature, Layer, LayerId, LayerKind, LayerSource, LoadWarning, Style};
use crate::model::{Reading, palette_color};
use crate::render::PreparedLayer;

/// One layer of a file, read and made ready to draw.
pub struct LoadedLayer {
    /// Its name inside the file, for formats that hold several; `None`: named after the file.
    pub name: Option<String>,
    pub features: Arc<Vec<Feature>>,
    pub prepared: PreparedLayer,
    pub warnings: Vec<LoadWarning>,
    pub field_aliases: std::collections::BTreeMap<String, String>,
    pub reading: Reading,
    /// Read as WGS84, but its name or its offset from the district boundaries says it is
    /// in GCJ-02 or BD-09: the window offers to read it again in that system.
    pub suspected: Option<(crate::io::crs::Crs, Telltale)>,
}

/// A file read and made ready to draw.
pub struct LoadedFile {
    /// The format detected.
    pub format: &'static str,
    pub layers: Vec<LoadedLayer>,
    /// Lon/lat box of all its features (W, S, E, N).
    pub bbox: Option<[f64; 4]>,
}

/// What a load in the window ends with: the file, or the question which of its layers to
/// open (a GeoPackage with several tables, a GPX with tracks and their points, and no choice
/// remembered).
pub enum LoadResult {
    Loaded(LoadedFile),
    /// Each layer with whether the choice starts with it ticked.
    PickLayers(Vec<(String, bool)>),
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
    let file_name = crate::io::file_name(path);
    let layers = outcomes
        .into_iter()
        .map(|outcome| {
            let suspected = (options.crs_override.is_none()
                && outcome.source_crs == crate::io::crs::Crs::Wgs84)
                .then(|| {
                    let name = format!(
                        "{file_name} {}",
                        outcome.layer_name.as_deref().unwrap_or("")
                    );
                    suspect_shifted(&name, &outcome.features)
                })
                .flatten();
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
                reading: Reading {
                    format,
                    encoding: outcome.encoding,
                    placement: outcome.placement,
                    columns: outcome.columns,
                    source_crs: outcome.source_crs.to_string(),
                },
                suspected,
            }
        })
        .collect();
    Ok(LoadedFile {
        format,
        layers,
        bbox,
    })
}

/// The id and name of a layer read from `path`: `inner` is its name inside the file, for
/// formats that hold several.
pub fn user_layer_identity(path: &Path, inner: Option<&str>) -> (LayerId, String) {
    let file = crate::io::file_name(path);
    match inner {
        Some(inner) => (
            LayerId(format!("file:{}#{inner}", path.display())),
            format!("{file} · {inner}"),
        ),
        None => (LayerId(format!("file:{}", path.display())), file),
    }
}

/// A file layer's name inside its file, read back from its id (the inverse of
/// [`user_layer_identity`]).
pub fn inner_name(id: &LayerId, path: &Path) -> Option<String> {
    let rest = id.0.strip_prefix(&format!("file:{}", path.display()))?;
    rest.strip_prefix('#').map(str::to_string)
}

/// A layer of the user's file, named after it and coloured with the `nth` colour of the
/// palette (the count of the user's layers before it); a column of `#rrggbb` colours (a
/// KML's styles) colours by itself.
pub fn user_layer(
    path: &Path,
    inner: Option<&str>,
    features: impl Into<Arc<Vec<Feature>>>,
    nth: usize,
) -> Layer {
    let features = features.into();
    let (id, name) = user_layer_identity(path, inner);
    let style = Style::for_file(palette_color(nth), &features);
    Layer::new(
        id.0,
        name,
        LayerKind::User,
        LayerSource::File(path.to_path_buf()),
        features,
        style,
    )
}

/// A file being read on a worker thread; the window polls it each frame.
pub struct PendingLoad {
    pub path: PathBuf,
    pub progress: Arc<Progress>,
    /// The layer this load replaces in place (reloading with another CRS).
    pub replace: Option<LayerId>,
    receiver: Receiver<Result<LoadResult, ReadError>>,
}

impl PendingLoad {
    /// Starts reading `path` on a worker; `viewport` is the map's size in points, to prepare
    /// the zoom band the layer opens at. With `ask_layers`, a file holding several layers
    /// comes back as the question which to open instead of being read. `notify` runs when the
    /// result is ready (the window asks for a repaint).
    pub fn start(
        path: &Path,
        options: ReadOptions,
        viewport: [f64; 2],
        ask_layers: bool,
        notify: impl FnOnce() + Send + 'static,
    ) -> Self {
        let progress = Arc::new(Progress::default());
        let worker_progress = progress.clone();
        let worker_path = path.to_path_buf();
        let work = move || {
            // A reader that panics on some file must not leave the load waiting forever.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if ask_layers && let Some(names) = pickable_layers(&worker_path) {
                    return Ok(LoadResult::PickLayers(names));
                }
                load_file(&worker_path, &options, &worker_progress, viewport)
                    .map(LoadResult::Loaded)
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
        };
        let receiver = crate::parallel::spawn_with_result("atlas load", work, notify);
        Self {
            path: path.to_path_buf(),
            progress,
            replace: None,
            receiver,
        }
    }

    /// The result once the worker is done.
    pub fn poll(&self) -> Option<Result<LoadResult, ReadError>> {
        self.receiver.try_recv().ok()
    }

    pub fn file_name(&self) -> String {
        crate::io::file_name(&self.path)
    }
}
