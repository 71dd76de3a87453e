//! Issue 30: counting a million points in the 37 districts, class breaks on a million
//! values, and a layer filter on a million points. The points are the CSV `benches/compare_count.sh` hands QGIS too (written here on
//! first use, from a fixed seed), read by the app's own CSV reader before the clock starts,
//! as QGIS's count is timed after its layer is open. The counts per district go to
//! `target/bench/counts_atlas.json` for the script to compare with QGIS's.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use chongqing_atlas::analysis::classify::{ClassMethod, breaks};
use chongqing_atlas::analysis::spatial_count::count_points;
use chongqing_atlas::io::embedded::{Vintage, district_layer};
use chongqing_atlas::io::{Progress, ReadOptions, read_file};
use criterion::{Criterion, criterion_group, criterion_main};

const POINTS: usize = 1_000_000;

/// `target/bench/points_1m.csv`: id, lon, lat, weight; uniform over Chongqing's box, from a
/// fixed seed (a 64-bit LCG), so every run and QGIS see the same points.
fn points_csv() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/points_1m.csv");
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(out, "id,lon,lat,weight").unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let [w, s, e, n] = chongqing_atlas::model::CHONGQING_BBOX;
    for id in 0..POINTS {
        let (lon, lat) = (w + (e - w) * next(), s + (n - s) * next());
        writeln!(out, "{id},{lon:.6},{lat:.6},{:.2}", next() * 100.0).unwrap();
    }
    out.flush().unwrap();
    path
}

fn count(c: &mut Criterion) {
    let districts = district_layer(Vintage::Current);
    let (_, mut layers) =
        read_file(&points_csv(), &ReadOptions::default(), &Progress::default()).unwrap();
    let points = layers.remove(0).features;
    assert_eq!(points.len(), POINTS);
    let tallies = count_points(&districts.features, &points, Some("weight"), &|| false).unwrap();
    let counts: serde_json::Map<String, serde_json::Value> = (districts.features.iter())
        .zip(&tallies)
        .map(|(d, t)| {
            (
                d.str_property("name_zh").unwrap().to_owned(),
                t.count.into(),
            )
        })
        .collect();
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/counts_atlas.json");
    std::fs::write(&out, serde_json::to_string_pretty(&counts).unwrap()).unwrap();
    let mut group = c.benchmark_group("count_points");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function(
        "1M points in 37 districts, with weight sum/mean/min/max",
        |b| {
            b.iter(|| {
                count_points(
                    black_box(&districts.features),
                    &points,
                    Some("weight"),
                    &|| false,
                )
            })
        },
    );
    group.finish();
}

fn classes(c: &mut Criterion) {
    let mut state: u64 = 42;
    let values: Vec<f64> = (0..POINTS)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            ((state >> 11) as f64 / (1u64 << 53) as f64).powi(3) * 1e4
        })
        .collect();
    for method in [
        ClassMethod::NaturalBreaks,
        ClassMethod::Quantile,
        ClassMethod::EqualInterval,
    ] {
        println!("{}: bounds {:?}", method.name(), breaks(&values, method, 5));
    }
    let mut group = c.benchmark_group("class_breaks");
    group.sample_size(10);
    for method in [
        ClassMethod::NaturalBreaks,
        ClassMethod::Quantile,
        ClassMethod::EqualInterval,
    ] {
        group.bench_function(
            format!("{} · 1M values · 5 classes", method.name()),
            |b| b.iter(|| breaks(black_box(&values), method, 5)),
        );
    }
    group.finish();
}

/// The filter `benches/compare_filter.sh` hands QGIS too.
const FILTER: &str =
    "(\"weight\" >= 20 AND \"weight\" <= 40) OR (\"id\" % 7 = 0 AND \"lon\" > 107)";

fn filter(c: &mut Criterion) {
    use chongqing_atlas::analysis::expression::Filter;
    let (_, mut layers) =
        read_file(&points_csv(), &ReadOptions::default(), &Progress::default()).unwrap();
    let points = layers.remove(0).features;
    let filter = Filter::parse(FILTER).unwrap();
    let kept = filter.keep(&points).iter().filter(|k| **k).count();
    println!("filter kept {kept} of {}", points.len());
    let mut group = c.benchmark_group("filter");
    group.sample_size(10);
    group.bench_function("1M points · parse and keep (every core)", |b| {
        b.iter(|| {
            let filter = Filter::parse(black_box(FILTER)).unwrap();
            filter.keep(&points).iter().filter(|k| **k).count()
        })
    });
    group.finish();
}

criterion_group!(benches, count, classes, filter);
criterion_main!(benches);
