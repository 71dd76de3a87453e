//! Any bytes through the KML and KMZ reader alone, so that libFuzzer's coverage feedback
//! goes deep into one format: never a panic, and whatever loads is valid WGS84 that
//! prepares for drawing.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod check;

fuzz_target!(|data: &[u8]| {
    check::read_under_each_name(data, &["f.kml", "f.kmz"]);
});
