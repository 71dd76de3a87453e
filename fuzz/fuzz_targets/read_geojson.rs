//! Any bytes through the whole load path: read (as WGS84 and as GCJ-02), then index, prepare
//! for drawing and hit-test. It must never panic, and whatever loads must be valid WGS84.
#![no_main]

use chongqing_atlas::geometry::hit::hit_test;
use chongqing_atlas::io::crs::Crs;
use chongqing_atlas::io::{Progress, ReadOptions, read_geojson_str};
use chongqing_atlas::render::PreparedLayer;
use geo::CoordsIter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for crs_override in [None, Some(Crs::Gcj02)] {
        let options = ReadOptions {
            crs_override,
            ..ReadOptions::default()
        };
        let Ok(outcome) = read_geojson_str(text, &options, &Progress::default()) else {
            continue;
        };
        for f in &outcome.features {
            for c in f.geometry.coords_iter() {
                assert!(c.x.is_finite() && c.y.is_finite(), "non-finite {c:?}");
                assert!((-180.0..=180.0).contains(&c.x), "lon {c:?}");
                assert!((-90.0..=90.0).contains(&c.y), "lat {c:?}");
            }
        }
        let mut prepared = PreparedLayer::new(&outcome.features);
        for zoom in [3.0, 9.0, 15.0] {
            let shapes = prepared.shapes(&outcome.features, zoom);
            assert_eq!(shapes.len(), outcome.features.len());
        }
        let _ = hit_test(&outcome.features, &prepared.index, 106.5, 29.5, 1e-3);
    }
});
