//! `inspect FILE…`: reads each file as the window would and summarises every layer (features,
//! geometry types, bbox, CRS, encoding, problems); exits 1 on any problem.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use geo::Geometry;

use crate::io::{Progress, ReadOptions, ReadOutcome, read_file};

fn geometry_type(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::Line(_) | Geometry::LineString(_) => "LineString",
        Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => "Polygon",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
    }
}

/// The file's layers; when its coordinate system is unknown (the window would ask for it),
/// its records are still counted, as GDAL counts them: read again as WGS84, each record whose
/// position is not longitude/latitude becomes a row without a place, and the system's
/// problem heads the layer's problems.
fn unknown_system(outcome: &ReadOutcome) -> bool {
    (outcome.warnings.first()).is_some_and(|w| w.message.starts_with(UNKNOWN_SYSTEM))
}

const UNKNOWN_SYSTEM: &str = "coordinate system unknown";

fn read_for_inspection(
    path: &Path,
) -> Result<(&'static str, Vec<ReadOutcome>), crate::io::ReadError> {
    match read_file(path, &ReadOptions::default(), &Progress::default()) {
        Err(crate::io::ReadError::Crs(problem)) => {
            let as_degrees = ReadOptions {
                crs_override: Some(crate::io::crs::Crs::Wgs84),
                ..ReadOptions::default()
            };
            let (format, mut outcomes) = read_file(path, &as_degrees, &Progress::default())
                .map_err(|_| crate::io::ReadError::Crs(problem.clone()))?;
            for outcome in &mut outcomes {
                let unknown =
                    crate::model::LoadWarning::file_level(format!("{UNKNOWN_SYSTEM}: {problem}"));
                outcome.warnings.insert(0, unknown);
            }
            Ok((format, outcomes))
        }
        other => other,
    }
}

/// A human-readable summary of one file (each of its layers), and whether it is free of
/// problems.
pub fn inspect_file(path: &Path) -> (String, bool) {
    let name = path.display();
    match read_for_inspection(path) {
        Err(e) => (format!("{name}: ERROR: {e}"), false),
        Ok((format, outcomes)) => {
            let mut out = String::new();
            let mut ok = true;
            for outcome in &outcomes {
                let title = match &outcome.layer_name {
                    Some(layer) => format!("{name} · {layer}"),
                    None => name.to_string(),
                };
                let (text, clean) = summarise(&title, format, outcome);
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&text);
                ok &= clean;
            }
            (out, ok)
        }
    }
}

fn summarise(name: &str, format: &str, outcome: &ReadOutcome) -> (String, bool) {
    let mut out = String::new();
    let skipped = outcome.total_features - outcome.features.len();
    let _ = writeln!(
        out,
        "{name}: {} features ({} read, {skipped} skipped), {format}, {}",
        outcome.total_features,
        outcome.features.len(),
        outcome.encoding
    );
    let unlocated = without_geometry(outcome);
    if unlocated > 0 {
        let _ = writeln!(
            out,
            "  without geometry: {unlocated} (kept as attribute rows)"
        );
    }
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    let mut vertices = 0usize;
    for f in outcome.features.iter().filter(|f| f.has_location()) {
        *types.entry(geometry_type(&f.geometry)).or_default() += 1;
        vertices += geo::CoordsIter::coords_count(&f.geometry);
    }
    let types: Vec<String> = types.iter().map(|(t, n)| format!("{t} {n}")).collect();
    if types.is_empty() {
        let _ = writeln!(out, "  geometry: none (a table)");
    } else {
        let _ = writeln!(
            out,
            "  geometry: {} ({vertices} vertices)",
            types.join(", ")
        );
    }
    if let Some(r) = crate::geometry::union_rects(
        outcome
            .features
            .iter()
            .filter_map(crate::model::Feature::bounding_rect),
    ) {
        let _ = writeln!(
            out,
            "  bbox: {:.6}, {:.6}, {:.6}, {:.6} (W, S, E, N)",
            r.min().x,
            r.min().y,
            r.max().x,
            r.max().y
        );
    }
    let located = outcome.features.len() > unlocated;
    let crs = match &outcome.declared_crs {
        Some(declared) => {
            let shown: String = declared.chars().take(80).collect();
            let cut = if shown.len() < declared.len() { "…" } else { "" };
            format!("{} (declared {shown}{cut})", outcome.source_crs)
        }
        None if unknown_system(outcome) => {
            "unknown (the window asks for it; see the first problem)".into()
        }
        None if !located => "none needed (no feature has a place)".into(),
        None if format.contains("JSON") => "WGS84 lon/lat assumed (no \"crs\" member; RFC 7946 default). Chinese web-map data is often GCJ-02: if it sits ~500 m off the basemap, reload it as GCJ-02".into(),
        None => format!(
            "{} (the file declares no system). Chinese web-map data is often GCJ-02: if it sits \
             ~500 m off the basemap, reload it as GCJ-02",
            outcome.source_crs
        ),
    };
    let _ = writeln!(out, "  CRS: {crs}");
    if outcome.warnings.is_empty() {
        let _ = write!(out, "  problems: none");
    } else {
        let _ = writeln!(out, "  problems: {}", outcome.warnings.len());
        for w in outcome.warnings.iter().take(20) {
            let _ = writeln!(out, "    {w}");
        }
        if outcome.warnings.len() > 20 {
            let _ = writeln!(out, "    … and {} more", outcome.warnings.len() - 20);
        }
        out.pop();
    }
    let ok = outcome.warnings.is_empty();
    (out, ok)
}

fn without_geometry(outcome: &ReadOutcome) -> usize {
    outcome
        .features
        .iter()
        .filter(|f| !f.has_location())
        .count()
}

fn bbox(outcome: &ReadOutcome) -> Option<[f64; 4]> {
    crate::model::union_rects(
        outcome
            .features
            .iter()
            .filter_map(crate::model::Feature::bounding_rect),
    )
    .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
}

fn layer_json(name: &str, outcome: &ReadOutcome) -> serde_json::Value {
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    for f in outcome.features.iter().filter(|f| f.has_location()) {
        *types.entry(geometry_type(&f.geometry)).or_default() += 1;
    }
    serde_json::json!({
        "name": name,
        "features": outcome.features.len(),
        "skipped": outcome.total_features - outcome.features.len(),
        "without_geometry": without_geometry(outcome),
        "geometry_types": types,
        "bbox": bbox(outcome),
        "crs": outcome.source_crs.to_string(),
        "declared_crs": outcome.declared_crs,
        "encoding": outcome.encoding,
        "first_properties": outcome.features.first().map(|f| &f.properties),
        "problems": outcome.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

/// The `inspect --json` report of some files, for scripts, and whether all are free of
/// problems.
pub fn inspect_json(paths: &[&Path]) -> (String, bool) {
    let mut ok = true;
    let files: Vec<serde_json::Value> = paths
        .iter()
        .map(|path| match read_for_inspection(path) {
            Err(e) => {
                ok = false;
                serde_json::json!({"path": path.display().to_string(), "error": e.to_string(), "layers": []})
            }
            Ok((format, outcomes)) => {
                let stem = crate::io::file_name(path);
                let layers: Vec<serde_json::Value> = outcomes
                    .iter()
                    .map(|o| {
                        ok &= o.warnings.is_empty();
                        layer_json(o.layer_name.as_deref().unwrap_or(&stem), o)
                    })
                    .collect();
                serde_json::json!({"path": path.display().to_string(), "format": format, "layers": layers})
            }
        })
        .collect();
    let report = serde_json::json!({ "files": files });
    (
        serde_json::to_string_pretty(&report).unwrap_or_default(),
        ok,
    )
}
