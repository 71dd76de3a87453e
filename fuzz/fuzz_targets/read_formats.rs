//! Any bytes through every binary and XML/table reader (Shapefile without sidecars,
//! GeoPackage, FlatGeobuf, KML, KMZ, GPX, CSV, spreadsheets): never a panic, and whatever
//! loads is valid WGS84 that prepares for drawing.
#![no_main]

use std::path::Path;

use chongqing_atlas::io::{Progress, ReadOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

mod check;

fuzz_target!(|data: &[u8]| {
    let names = [
        "f.shp", "f.gpkg", "f.fgb", "f.kml", "f.kmz", "f.gpx", "f.csv", "f.tsv", "f.xlsx", "f.ods",
    ];
    for name in names {
        let Ok((_, layers)) = read_bytes(
            Path::new(name),
            data.to_vec(),
            &ReadOptions::default(),
            &Progress::default(),
        ) else {
            continue;
        };
        check::check_layers(layers);
    }
});
