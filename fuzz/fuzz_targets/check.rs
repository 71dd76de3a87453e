//! What every reader fuzz target asks of whatever loads: valid WGS84 that indexes, prepares
//! for drawing and hit-tests.

use std::path::Path;

use chongqing_atlas::geometry::hit::hit_test;
use chongqing_atlas::io::{Progress, ReadOptions, ReadOutcome, read_bytes};
use chongqing_atlas::render::PreparedLayer;
use geo::CoordsIter;

pub fn check_layers(layers: Vec<ReadOutcome>) {
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

/// Reads `data` as a file under each of `names` and checks whatever loads.
pub fn read_under_each_name(data: &[u8], names: &[&str]) {
    for name in names {
        if let Ok((_, layers)) = read_bytes(
            Path::new(name),
            data.to_vec(),
            &ReadOptions::default(),
            &Progress::default(),
        ) {
            check_layers(layers);
        }
    }
}
