//! Issues 4, 12 and 16: from choosing the 104 MB all-China county file to a drawable, clickable
//! layer, as a FeatureCollection and as a GeoJSONSeq of the same features, side by side.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chongqing_atlas::io::{Progress, ReadOptions, read_geojson_file};

mod common;

/// The same features, byte for byte, one per line (GeoJSONSeq), written next to the
/// FeatureCollection once (tools/build_bench_china.py writes one feature per line).
fn as_sequence(collection: &Path) -> PathBuf {
    let seq = collection.with_extension("geojsonl");
    if seq.exists() {
        return seq;
    }
    let text = std::fs::read_to_string(collection).expect("benchmark file reads");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&seq).unwrap());
    for line in text
        .lines()
        .filter(|l| l.starts_with("{\"type\": \"Feature\""))
    {
        out.write_all(line.trim_end_matches(',').as_bytes())
            .unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
    seq
}

fn load(c: &mut Criterion) {
    let Some(path) = common::china_counties() else {
        return;
    };
    let seq = as_sequence(&path);
    let mut group = c.benchmark_group("china_counties_104MB");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("read_geojson", |b| {
        b.iter(|| {
            black_box(
                read_geojson_file(&path, &ReadOptions::default(), &Progress::default()).unwrap(),
            )
        })
    });
    for (name, file) in [("feature_collection", &path), ("geojsonseq", &seq)] {
        group.bench_function(format!("{name}/read_index_prepare_first_frame"), |b| {
            b.iter(|| {
                black_box(
                    chongqing_atlas::load::load_file(
                        file,
                        &ReadOptions::default(),
                        &Progress::default(),
                        [1920.0, 1080.0],
                    )
                    .unwrap(),
                )
            })
        });
    }
    // Issue 27: the same file read again as GCJ-02 (the layer panel's Coordinates choice).
    let as_gcj02 = ReadOptions {
        crs_override: Some(chongqing_atlas::io::crs::Crs::Gcj02),
        ..ReadOptions::default()
    };
    group.bench_function(
        "feature_collection_as_gcj02/read_index_prepare_first_frame",
        |b| {
            b.iter(|| {
                black_box(
                    chongqing_atlas::load::load_file(
                        &path,
                        &as_gcj02,
                        &Progress::default(),
                        [1920.0, 1080.0],
                    )
                    .unwrap(),
                )
            })
        },
    );
    group.finish();
}

/// Issue 12: the same counties as Shapefile, GeoPackage, FlatGeobuf and GeoJSON (written by
/// benches/compare_formats.sh), each from choosing the file to drawable and clickable.
fn load_formats(c: &mut Criterion) {
    let Some(path) = common::china_counties() else {
        return;
    };
    let mut group = c.benchmark_group("china_counties_formats");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for extension in ["geojson", "shp", "gpkg", "fgb"] {
        let file = path.with_extension(extension);
        if !file.exists() {
            eprintln!(
                "skipping {}: run benches/compare_formats.sh first",
                file.display()
            );
            continue;
        }
        group.bench_function(format!("{extension}/read_index_prepare_first_frame"), |b| {
            b.iter(|| {
                black_box(
                    chongqing_atlas::load::load_file(
                        &file,
                        &ReadOptions::default(),
                        &Progress::default(),
                        [1920.0, 1080.0],
                    )
                    .unwrap(),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, load, load_formats);
criterion_main!(benches);
