//! Any bytes through every reader and the decoders in front of them (encodings, gzip), under
//! each name a file could have: it must never panic, and whatever loads must be valid WGS84
//! that indexes, prepares and hit-tests.
#![no_main]

use std::path::Path;

use chongqing_atlas::geometry::hit::hit_test;
use chongqing_atlas::io::{Progress, ReadOptions, read_bytes};
use chongqing_atlas::render::PreparedLayer;
use geo::CoordsIter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["f.geojson", "f.geojsonl", "f.topojson", "f.json", "f.geojson.gz"] {
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
            let _ = hit_test(&layer.features, &prepared.index, 106.5, 29.5, 1e-3);
        }
    }
});
