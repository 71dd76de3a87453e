//! The benchmark file of issue 4 (all counties of China), built by tools/build_bench_china.py.

use std::path::PathBuf;

/// `CQ_BENCH_FILE`, or `target/bench/china_counties.geojson`; `None` (with a hint) if absent.
pub fn china_counties() -> Option<PathBuf> {
    let path = std::env::var_os("CQ_BENCH_FILE").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/china_counties.geojson"),
        PathBuf::from,
    );
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipping: {} not found; build it with benches/compare_load.sh (or set CQ_BENCH_FILE)",
            path.display()
        );
        None
    }
}
