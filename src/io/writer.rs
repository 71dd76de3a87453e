//! Saving a layer (or some of its features) in the format its file name asks for: GeoPackage,
//! Shapefile (UTF-8, with a `.cpg`), FlatGeobuf, GeoJSON or CSV (a WKT column and the
//! properties). Every writer works on a temporary name and renames at the end, so a failed
//! save never leaves a half-written file under the chosen name. Positions are written as held:
//! WGS84 longitude/latitude.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::model::Feature;

/// What a save wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub features: usize,
    /// Features the format could not hold (a Shapefile holds one kind of geometry).
    pub left_out: usize,
}

/// The formats a layer can be saved in: name and file extensions, for the Save dialog.
pub const SAVE_FORMATS: &[(&str, &[&str])] = &[
    ("GeoPackage", &["gpkg"]),
    ("Shapefile", &["shp"]),
    ("FlatGeobuf", &["fgb"]),
    ("GeoJSON", &["geojson", "json"]),
    ("CSV (WKT geometry)", &["csv"]),
];

/// Writes `features` to `path` in the format its extension names; `name` is the layer's name
/// inside the file.
pub fn write_layer(path: &Path, name: &str, features: &[&Feature]) -> Result<Written, String> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let all = |features: usize| Written {
        features,
        left_out: 0,
    };
    let fail = |e: String| format!("{}: {e}", path.display());
    match extension.as_str() {
        "geojson" | "json" => super::write_geojson(path, name, features.iter().copied()).map(all),
        "gpkg" => super::gpkg_writer::write(path, name, features)
            .map(all)
            .map_err(fail),
        "shp" => super::shapefile_writer::write(path, features).map_err(fail),
        "fgb" => super::fgb_writer::write(path, name, features)
            .map(all)
            .map_err(fail),
        "csv" => super::csv_writer::write(path, features)
            .map(all)
            .map_err(fail),
        other => Err(format!(
            "{}: cannot save as \".{other}\"; choose .gpkg, .shp, .fgb, .geojson or .csv",
            path.display()
        )),
    }
}

/// A temporary name beside `path` for writing, renamed to `path` when done.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

/// Runs `write` on the temporary name and renames the result to `path`; on failure the
/// temporary file is removed and nothing appears under the chosen name.
pub fn via_partial<T>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<T, String>,
) -> Result<T, String> {
    let partial = partial_path(path);
    let _ = std::fs::remove_file(&partial);
    let result = write(&partial).and_then(|value| {
        std::fs::rename(&partial, path)
            .map(|()| value)
            .map_err(|e| e.to_string())
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// What a column holds across all features, for formats with typed columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Integer,
    Real,
    Boolean,
    Text,
}

/// The columns of some features: every property name in first-seen order, with the type that
/// holds all its values.
pub fn schema(features: &[&Feature]) -> Vec<(String, ColumnType)> {
    let mut columns: Vec<(String, Option<ColumnType>)> = Vec::new();
    for feature in features {
        for (key, value) in &feature.properties {
            let position = match columns.iter().position(|(name, _)| name == key) {
                Some(i) => i,
                None => {
                    columns.push((key.clone(), None));
                    columns.len() - 1
                }
            };
            let kind = match value {
                Value::Null => continue,
                Value::Bool(_) => ColumnType::Boolean,
                Value::Number(n) if n.is_i64() || n.is_u64() => ColumnType::Integer,
                Value::Number(_) => ColumnType::Real,
                _ => ColumnType::Text,
            };
            let slot = &mut columns[position].1;
            *slot = Some(match (*slot, kind) {
                (None, kind) => kind,
                (Some(a), b) if a == b => a,
                (Some(ColumnType::Integer), ColumnType::Real)
                | (Some(ColumnType::Real), ColumnType::Integer) => ColumnType::Real,
                _ => ColumnType::Text,
            });
        }
    }
    columns
        .into_iter()
        .map(|(name, kind)| (name, kind.unwrap_or(ColumnType::Text)))
        .collect()
}

/// A property as text, for text columns: strings as they are, anything else as JSON.
pub fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_schema_types_each_column_over_all_features() {
        let feature = |properties: Value| {
            Feature::without_geometry(properties.as_object().unwrap().clone(), 0)
        };
        let a = feature(json!({"code": 1, "area": 2, "name": "a", "ok": true}));
        let b = feature(json!({"code": 2, "area": 2.5, "name": null, "ok": "yes", "extra": 1}));
        let columns = schema(&[&a, &b]);
        let kinds: Vec<(&str, ColumnType)> =
            columns.iter().map(|(n, k)| (n.as_str(), *k)).collect();
        assert!(kinds.contains(&("code", ColumnType::Integer)));
        assert!(kinds.contains(&("area", ColumnType::Real)));
        assert!(kinds.contains(&("name", ColumnType::Text)));
        assert!(kinds.contains(&("ok", ColumnType::Text)));
        assert!(kinds.contains(&("extra", ColumnType::Integer)));
    }
}
