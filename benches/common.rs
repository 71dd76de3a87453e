//! What the benches share: the benchmark file of issue 4 (all counties of China, built by
//! tools/build_bench_china.py), and the UI thread's CPU clock.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]
#![allow(dead_code)] // each bench uses its own subset

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

/// CPU time of the calling thread, in milliseconds. A frame's cost on the UI thread: wall-clock
/// time would also count the moments background workers (or a server) held the 2 cores.
pub fn thread_cpu_ms() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1e6
}

/// Sorts `frames` by `of`, slowest last, and gives their p50, p95, p99 and maximum (ms).
#[allow(dead_code)] // Not every bench that includes this module reports frames.
pub fn spread<T>(frames: &mut [T], of: impl Fn(&T) -> f64) -> [f64; 4] {
    frames.sort_by(|a, b| of(a).total_cmp(&of(b)));
    let at = |q: f64| of(&frames[((frames.len() - 1) as f64 * q) as usize]);
    [at(0.5), at(0.95), at(0.99), at(1.0)]
}
