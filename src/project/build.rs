//! The layers of a project as the window shows them, made without a window (`render
//! --project`): the bundled layers of its vintage restyled, each file read with the choices
//! the project keeps for it (CRS, encoding, columns, layers), every layer with its look and
//! filter, in the project's drawing order. A file that is gone becomes an empty layer that
//! says so; the project still draws.

use std::path::{Path, PathBuf};

use super::{FileLayer, Project};
use crate::analysis::expression::Filter;
use crate::io::crs::Crs;
use crate::io::embedded::default_layers;
use crate::io::{Progress, ReadOptions, read_file};
use crate::load::user_layer;
use crate::model::{Categories, Graduated, Layer, LoadWarning, Rgba, Style};

/// How a layer looks, as a project keeps it.
pub struct Look<'a> {
    pub visible: bool,
    pub opacity: f32,
    /// The base colour (bundled layers keep their own).
    pub color: Option<Rgba>,
    pub colour_by: Option<&'a str>,
    pub graduated: Option<&'a Graduated>,
    pub filter: Option<&'a str>,
    pub proportional: Option<&'a crate::model::Proportional>,
    pub labels: Option<&'a crate::model::FieldLabels>,
}

/// Gives `layer` its look: colours, categories or classes, and the filter (the features it
/// keeps; the count before it in `unfiltered_count`). A filter that no longer parses is a
/// warning on the layer, and every feature shows.
pub fn apply_look(layer: &mut Layer, look: &Look) {
    layer.visible = look.visible;
    layer.opacity = look.opacity;
    if let Some(color) = look.color {
        layer.style = Style::from_base(color);
    }
    if let Some(text) = look.filter {
        match Filter::parse(text) {
            Ok(filter) => {
                let all = layer.features.len();
                let kept = filter.keep(&layer.features);
                let features: Vec<_> = (layer.features.iter().zip(kept))
                    .filter(|(_, keep)| *keep)
                    .map(|(f, _)| f.clone())
                    .collect();
                layer.features = features.into();
                layer.filter = Some(filter.text().to_owned());
                layer.unfiltered_count = Some(all);
            }
            Err(e) => layer.warnings.push(LoadWarning::file_level(format!(
                "filter {text:?} not applied: {e}"
            ))),
        }
    }
    layer.style.categories = look
        .colour_by
        .map(|p| Categories::build(&layer.features, p));
    layer.style.graduated =
        (look.graduated).map(|g| crate::analysis::graduate::recount(&layer.features, g));
    layer.style.proportional = look.proportional.cloned();
    layer.style.labels = look.labels.cloned();
}

/// Every layer of `project` but its database tables, in drawing order, and the problems met
/// (files gone or unreadable), each naming its file.
pub fn build_layers(project: &Project) -> (Vec<Layer>, Vec<String>) {
    let mut layers = default_layers(project.vintage);
    for layer in &mut layers {
        if let Some(saved) = project.bundled.iter().find(|b| b.id == layer.id.0) {
            let look = Look {
                visible: saved.visible,
                opacity: saved.opacity,
                color: None,
                colour_by: saved.colour_by.as_deref(),
                graduated: saved.graduated.as_ref(),
                filter: saved.filter.as_deref(),
                proportional: saved.proportional.as_ref(),
                labels: saved.labels.as_ref(),
            };
            apply_look(layer, &look);
        }
    }
    let mut problems = Vec::new();
    let mut paths: Vec<&PathBuf> = Vec::new();
    for file in &project.files {
        if !paths.contains(&&file.path) {
            paths.push(&file.path);
        }
    }
    let mut nth = 0;
    for path in paths {
        let wanted: Vec<&FileLayer> = project.files.iter().filter(|f| &f.path == path).collect();
        let outcomes = match read_file(path, &read_options(project, path), &Progress::default()) {
            Ok((_, outcomes)) => outcomes,
            Err(e) => {
                problems.push(format!("{}: {e}", path.display()));
                Vec::new()
            }
        };
        for file in wanted {
            let outcome = (outcomes.iter())
                .find(|o| o.layer_name == file.layer)
                .or_else(|| outcomes.first().filter(|_| outcomes.len() == 1));
            let features = outcome.map(|o| o.features.clone()).unwrap_or_default();
            let mut layer = user_layer(path, file.layer.as_deref(), features, nth);
            nth += 1;
            if outcome.is_none() {
                layer.warnings.push(LoadWarning::file_level(missing(path)));
            }
            apply_look(&mut layer, &file_look(file));
            layers.push(layer);
        }
    }
    let rank = |layer: &Layer| project.order.iter().position(|id| *id == layer.id.0);
    layers.sort_by_key(|l| rank(l).unwrap_or(usize::MAX));
    (layers, problems)
}

fn file_look(file: &FileLayer) -> Look<'_> {
    Look {
        visible: file.visible,
        opacity: file.opacity,
        color: Some(file.color),
        colour_by: file.colour_by.as_deref(),
        graduated: file.graduated.as_ref(),
        filter: file.filter.as_deref(),
        proportional: file.proportional.as_ref(),
        labels: file.labels.as_ref(),
    }
}

/// What an empty layer says when its file could not be read.
pub fn missing(path: &Path) -> String {
    format!(
        "source not found or unreadable: {} (put it back, or where the project expects it, and open the project again)",
        path.display()
    )
}

/// The reading choices the project keeps for `path`.
fn read_options(project: &Project, path: &Path) -> ReadOptions {
    let chosen = |list: &[PathBuf]| list.iter().any(|p| p == path);
    let crs_override = if chosen(&project.gcj02_files) {
        Some(Crs::Gcj02)
    } else if chosen(&project.bd09_files) {
        Some(Crs::Bd09)
    } else {
        None
    };
    ReadOptions {
        crs_override,
        encoding: kept_for(&project.file_encodings, path)
            .and_then(|name| encoding_rs::Encoding::for_label(name.as_bytes())),
        placement: kept_for(&project.file_placements, path).cloned(),
        layers: kept_for(&project.file_layers, path).cloned(),
        within: None,
    }
}

/// The value kept for `path` in a list of choices per file.
fn kept_for<'a, T>(list: &'a [(PathBuf, T)], path: &Path) -> Option<&'a T> {
    list.iter().find(|(p, _)| p == path).map(|(_, v)| v)
}
