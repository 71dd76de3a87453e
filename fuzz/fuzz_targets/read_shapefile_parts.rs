//! A Shapefile whose .shp, .shx, .dbf, .prj and .cpg are all fuzzed: the first bytes give the
//! parts' lengths, the rest is cut into them and written beside each other. Never a panic; a
//! bad part is a message or a warning.
#![no_main]

use chongqing_atlas::io::{Progress, ReadOptions, read_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let lengths: Vec<usize> = data[..4].iter().map(|&b| usize::from(b) * 16).collect();
    let mut rest = &data[4..];
    let dir = std::env::temp_dir().join(format!("fuzz-shp-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    for (ext, length) in ["shx", "dbf", "prj", "cpg"].iter().zip(&lengths) {
        let (part, tail) = rest.split_at((*length).min(rest.len()));
        let _ = std::fs::write(dir.join(format!("f.{ext}")), part);
        rest = tail;
    }
    let _ = std::fs::write(dir.join("f.shp"), rest);
    let _ = read_file(
        &dir.join("f.shp"),
        &ReadOptions::default(),
        &Progress::default(),
    );
});
