//! Saving a layer (or some of its features) in the format its file name asks for: GeoPackage,
//! Shapefile (UTF-8, with a `.cpg`), FlatGeobuf, GeoJSON or CSV (a WKT column and the
//! properties). Every writer works on a temporary name and renames at the end, so a failed
//! save never leaves a half-written file under the chosen name. Positions are written as held:
//! WGS84 longitude/latitude.

mod columns;
mod commit;
mod csv;
mod flatgeobuf;
mod geojson;
mod geopackage;
mod shapefile;

use std::path::Path;

use crate::model::Feature;

pub use commit::{Written, partial_path};
pub use geojson::write_geojson;

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
        "geojson" | "json" => geojson::write_geojson(path, name, features.iter().copied()).map(all),
        "gpkg" => geopackage::write(path, name, features)
            .map(all)
            .map_err(fail),
        "shp" => shapefile::write(path, features).map_err(fail),
        "fgb" => flatgeobuf::write(path, name, features)
            .map(all)
            .map_err(fail),
        "csv" => csv::write(path, features).map(all).map_err(fail),
        other => Err(format!(
            "{}: cannot save as \".{other}\"; choose .gpkg, .shp, .fgb, .geojson or .csv",
            path.display()
        )),
    }
}
