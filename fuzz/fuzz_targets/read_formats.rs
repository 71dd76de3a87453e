//! Any bytes through every binary and XML/table reader (Shapefile without sidecars,
//! GeoPackage, FlatGeobuf, KML, KMZ, GPX, CSV, spreadsheets): never a panic, and whatever
//! loads is valid WGS84 that prepares for drawing.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod check;

fuzz_target!(|data: &[u8]| {
    check::read_under_each_name(
        data,
        &[
            "f.shp", "f.gpkg", "f.fgb", "f.kml", "f.kmz", "f.gpx", "f.csv", "f.tsv", "f.xlsx",
            "f.ods",
        ],
    );
});
