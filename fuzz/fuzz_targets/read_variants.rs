//! Any bytes through every reader and the decoders in front of them (encodings, gzip), under
//! each name a file could have: it must never panic, and whatever loads must be valid WGS84
//! that indexes, prepares and hit-tests.
#![no_main]

use std::path::Path;

use chongqing_atlas::io::{Progress, ReadOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

mod check;

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
        check::check_layers(layers);
    }
});
