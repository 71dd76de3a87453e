//! Any bytes through every binary and XML/table reader (Shapefile without sidecars,
//! GeoPackage, FlatGeobuf, KML, KMZ, GPX, CSV, spreadsheets): never a panic, and whatever
//! loads is valid WGS84 that prepares for drawing.
#![no_main]

use std::path::Path;

use chongqing_atlas::io::{Progress, ReadOptions, read_bytes};
use chongqing_atlas::render::PreparedLayer;
use geo::CoordsIter;
use libfuzzer_sys::fuzz_target;

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
        for layer in layers {
            for f in &layer.features {
                for c in f.geometry.coords_iter() {
                    assert!(c.x.is_finite() && c.y.is_finite(), "non-finite {c:?}");
                    assert!((-180.0..=180.0).contains(&c.x), "lon {c:?}");
                    assert!((-90.0..=90.0).contains(&c.y), "lat {c:?}");
                }
            }
            let mut prepared = PreparedLayer::new(&layer.features);
            let shapes = prepared.shapes(&layer.features, 9.0);
            assert_eq!(shapes.len(), layer.features.len());
        }
    }
});
