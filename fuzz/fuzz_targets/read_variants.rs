//! Any bytes through every reader and the decoders in front of them (encodings, gzip), under
//! each name a file could have: it must never panic, and whatever loads must be valid WGS84
//! that indexes, prepares and hit-tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod check;

fuzz_target!(|data: &[u8]| {
    check::read_under_each_name(
        data,
        &[
            "f.geojson",
            "f.geojsonl",
            "f.topojson",
            "f.json",
            "f.geojson.gz",
        ],
    );
});
