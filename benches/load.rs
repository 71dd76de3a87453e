//! Issue 4: from choosing the 104 MB all-China county file to a drawable, clickable layer.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use chongqing_atlas::io::{Progress, ReadOptions, read_geojson_file};

mod common;

fn load(c: &mut Criterion) {
    let Some(path) = common::china_counties() else {
        return;
    };
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
    group.bench_function("read_index_prepare_first_frame", |b| {
        b.iter(|| {
            black_box(
                chongqing_atlas::ui::load_file(
                    &path,
                    &ReadOptions::default(),
                    &Progress::default(),
                    [1920.0, 1080.0],
                )
                .unwrap(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
