//! Issue 5: CPU time per frame at 1920×1080 with the all-China county file loaded and
//! visible (panning at country, province and city zoom: our drawing plus egui's
//! tessellation), on the GPU path the window uses and on the egui fallback side by side; the
//! one-off packing of a band for the GPU; the click hit-test; and cold start to the first
//! frame with the bundled data.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use chongqing_atlas::geometry::lonlat_to_mercator;
use chongqing_atlas::io::embedded::{Vintage, default_layers};
use chongqing_atlas::io::{Progress, ReadOptions};
use chongqing_atlas::load::{LoadedLayer, load_file};
use chongqing_atlas::model::{Layer, LayerKind, LayerSource, Style, palette_color};
use chongqing_atlas::render::gpu_buffers::{build_band_buffers, visible_chunks};
use chongqing_atlas::ui::AtlasApp;
use chongqing_atlas::ui::Probe as _;
use egui::{Pos2, RawInput, Rect, vec2};

mod common;

const SIZE: [f32; 2] = [1920.0, 1080.0];

fn input(frame: u64) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(SIZE[0], SIZE[1]))),
        time: Some(frame as f64 / 60.0),
        // The pointer over the map: every frame also hit-tests for the hover tooltip.
        events: vec![egui::Event::PointerMoved(Pos2::new(
            900.0 + (frame % 7) as f32,
            500.0,
        ))],
        ..RawInput::default()
    }
}

/// One frame: layout and paint the map, then tessellate what was painted.
fn frame(ctx: &egui::Context, app: &mut AtlasApp, n: u64) -> usize {
    let out = ctx.run_ui(input(n), |ui| {
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| app.show_map(ui));
    });
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

/// The benchmark file loaded once, as the app's worker loads it.
fn load_china() -> Option<(std::path::PathBuf, LoadedLayer)> {
    let path = common::china_counties()?;
    let loaded = load_file(
        &path,
        &ReadOptions::default(),
        &Progress::default(),
        [1920.0, 1080.0],
    )
    .expect("benchmark file loads");
    Some((path, loaded.layers.into_iter().next()?))
}

fn app_with(path: std::path::PathBuf, loaded: LoadedLayer) -> (egui::Context, AtlasApp) {
    let layer = Layer::new(
        "file:china",
        "china_counties",
        LayerKind::User,
        LayerSource::File(path),
        loaded.features,
        Style::from_base(palette_color(0)),
    );
    let ctx = egui::Context::default();
    chongqing_atlas::ui::install_fonts(&ctx);
    let mut app = AtlasApp::with_layers(default_layers(Vintage::Current));
    app.add_layer(layer, loaded.prepared);
    (ctx, app)
}

/// Pans around (lon, lat) at a zoom, after letting background band preparation finish.
fn bench_pan(
    c: &mut Criterion,
    name: &str,
    ctx: &egui::Context,
    app: &mut AtlasApp,
    at: (f64, f64, f64),
) {
    let (lon, lat, zoom) = at;
    app.center_at(lon, lat, zoom);
    for n in 0..400 {
        frame(ctx, app, n);
        if !app.is_preparing() && n > 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut n = 0u64;
    c.bench_function(name, |b| {
        b.iter(|| {
            n += 1;
            // A few pixels per frame, back and forth: a drag.
            let dx = ((n % 40) as f64 - 20.0) * 0.002 * 2f64.powf(6.0 - zoom);
            app.center_at(lon + dx, lat, zoom);
            black_box(frame(ctx, app, n))
        })
    });
}

/// Zooms in and out between two levels around (lon, lat), a small step per frame, as a
/// scroll-wheel zoom does: frames cross zoom bands, whose preparation runs in the background
/// while the nearest cached band is drawn.
fn bench_zoom(
    c: &mut Criterion,
    name: &str,
    ctx: &egui::Context,
    app: &mut AtlasApp,
    at: (f64, f64, f64, f64),
) {
    let (lon, lat, from, to) = at;
    let steps = 60u64;
    let zoom_at = |n: u64| {
        let phase = n % (2 * steps);
        let t = if phase < steps {
            phase
        } else {
            2 * steps - phase
        } as f64
            / steps as f64;
        from + (to - from) * t
    };
    // The mean hides hitches: report the spread of single frames over a few sweeps too.
    // Wall-clock and UI-thread CPU time of each frame, with its zoom.
    let mut frames: Vec<(f64, f64, f64)> = (0..8 * steps)
        .map(|n| {
            let (wall, cpu) = (std::time::Instant::now(), common::thread_cpu_ms());
            app.center_at(lon, lat, zoom_at(n));
            black_box(frame(ctx, app, n));
            let cpu = common::thread_cpu_ms() - cpu;
            (wall.elapsed().as_secs_f64() * 1e3, cpu, zoom_at(n))
        })
        .collect();
    for (clock, of) in [
        ("wall", (|f| f.0) as fn(&(f64, f64, f64)) -> f64),
        ("UI-thread CPU", |f| f.1),
    ] {
        let [p50, p95, p99, max] = common::spread(&mut frames, of);
        let slowest: Vec<String> = (frames.iter().rev().take(4))
            .map(|f| format!("{:.1} ms at zoom {:.2}", of(f), f.2))
            .collect();
        println!(
            "{name}: single frames, {clock}: p50 {p50:.2} ms, p95 {p95:.2} ms, p99 {p99:.2} ms, \
             max {max:.2} ms (slowest: {})",
            slowest.join(", ")
        );
    }
    let mut n = 0u64;
    c.bench_function(name, |b| {
        b.iter(|| {
            n += 1;
            app.center_at(lon, lat, zoom_at(n));
            black_box(frame(ctx, app, n))
        })
    });
}

/// Hit-test and frame benches share one load of the 104 MB file.
fn with_china(c: &mut Criterion) {
    let Some((path, mut loaded)) = load_china() else {
        return;
    };
    // Central Chongqing, at city zoom: a 7 px tolerance.
    let tolerance = 7.0 / (256.0 * 2f64.powi(11));
    c.bench_function("hit_test/china_counties_click", |b| {
        b.iter(|| {
            black_box(chongqing_atlas::geometry::hit::hit_test(
                &loaded.features,
                &loaded.prepared.index,
                black_box(106.55),
                black_box(29.56),
                tolerance,
            ))
        })
    });
    let band_shapes = loaded.prepared.shapes(&loaded.features, 4.5);
    let (ctx, mut app) = app_with(path, loaded);
    {
        let features = &app.layers().last().unwrap().features;
        let colors: Vec<_> = features
            .iter()
            .map(|f| app.layers().last().unwrap().style.colors_for(f))
            .collect();
        let mut group = c.benchmark_group("gpu_upload");
        group.sample_size(10);
        group.bench_function("pack_country_band_4", |b| {
            b.iter(|| black_box(build_band_buffers(&band_shapes, &colors).byte_size()))
        });
        group.finish();
        // What the paint callback does per frame besides one uniform write: pick the chunks
        // in view (here all of China at zoom 4.5, the worst case).
        let buffers = build_band_buffers(&band_shapes, &colors);
        let (nw, se) = (
            lonlat_to_mercator(73.0, 54.0),
            lonlat_to_mercator(136.0, 17.0),
        );
        let china = [nw[0], nw[1], se[0], se[1]];
        c.bench_function("gpu_frame/cull_country_band_4", |b| {
            b.iter(|| {
                visible_chunks(&buffers.chunks, black_box(china))
                    .map(|c| (c.indices.clone(), c.segments.clone()))
                    .collect::<Vec<_>>()
            })
        });
    }
    // The window draws on the GPU (its per-frame CPU share: these commands, a uniform write
    // and a cull of a few hundred chunks); without wgpu it falls back to egui shapes.
    for (path_name, gpu) in [("gpu", true), ("egui_fallback", false)] {
        app.set_gpu_map(gpu);
        for (view, at) in [
            ("country_zoom_4.5", (104.0, 35.0, 4.5)),
            ("province_zoom_7.5", (107.7, 30.2, 7.5)),
            ("city_zoom_11.5", (106.55, 29.56, 11.5)),
        ] {
            let name = format!("frame_1920x1080/{path_name}/{view}");
            bench_pan(c, &name, &ctx, &mut app, at);
        }
        let name = format!("frame_1920x1080/{path_name}/zooming_4.5_to_11.5");
        bench_zoom(c, &name, &ctx, &mut app, (106.55, 29.56, 4.5, 11.5));
    }
}

fn cold_start(c: &mut Criterion) {
    let mut group = c.benchmark_group("cold_start");
    group.sample_size(20);
    group.bench_function("bundled_layers_to_first_frame", |b| {
        b.iter(|| {
            let ctx = egui::Context::default();
            chongqing_atlas::ui::install_fonts(&ctx);
            let mut app = AtlasApp::with_layers(default_layers(Vintage::Current));
            // The first frame only lays out (the map's size becomes known); the second draws.
            frame(&ctx, &mut app, 0);
            black_box(frame(&ctx, &mut app, 1))
        })
    });
    group.finish();
}

/// Building the marks above the layers (decluttered points, labels, scale bar) for one view of
/// the bundled layers: the part of a frame both painters share.
fn overlay(c: &mut Criterion) {
    use chongqing_atlas::geometry::ViewTransform;
    use chongqing_atlas::render::LayerStack;
    use chongqing_atlas::render::marks::Overlay;
    let mut stack = LayerStack::new(default_layers(Vintage::Current));
    for (name, zoom) in [("province_zoom_7.5", 7.5), ("city_zoom_10", 10.0)] {
        let view = ViewTransform::new(
            lonlat_to_mercator(106.9, 29.8),
            zoom,
            [SIZE[0] / 2.0, SIZE[1] / 2.0],
        );
        let (layers, prepared) = stack.split_mut();
        for (l, p) in layers.iter().zip(prepared.iter_mut()) {
            p.shapes(&l.features, zoom);
        }
        let viewport = [0.0, 0.0, SIZE[0], SIZE[1]];
        c.bench_function(&format!("overlay/bundled_layers/{name}"), |b| {
            b.iter(|| {
                black_box(
                    Overlay::build(layers, prepared, &view, viewport)
                        .labels
                        .len(),
                )
            })
        });
    }
}

/// Issue 14: the time filter playing over 200,000 dated points (a spreadsheet of events across
/// 2025): UI-thread CPU and wall-clock time of whole frames (panels, time bar, map) while the
/// range slides, the cuts of the big layer made on a worker.
fn time_filter(c: &mut Criterion) {
    use chongqing_atlas::render::PreparedLayer;
    let layer = dated_events_layer();
    let prepared = PreparedLayer::new(&layer.features);
    let ctx = egui::Context::default();
    chongqing_atlas::ui::install_fonts(&ctx);
    let mut app = AtlasApp::with_layers(default_layers(Vintage::Current));
    app.add_layer(layer, prepared);
    let run = |app: &mut AtlasApp, n: u64| {
        let out = ctx.run_ui(input(n), |ui| app.run_frame(ui));
        ctx.tessellate(out.shapes, out.pixels_per_point).len()
    };
    // The same frames with the bar closed, for comparison.
    let mut closed: Vec<f64> = (0..300u64)
        .map(|n| {
            let cpu = common::thread_cpu_ms();
            black_box(run(&mut app, n));
            common::thread_cpu_ms() - cpu
        })
        .collect();
    closed.sort_by(f64::total_cmp);
    println!(
        "time/playing_200k_points: bar closed, UI-thread CPU: p50 {:.2} ms, p99 {:.2} ms",
        closed[150], closed[297]
    );
    // Let the layer's times be read, then play.
    app.time_filter().open = true;
    for n in 0..400 {
        run(&mut app, n);
        if !app.time_filter().is_working() && n > 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    play_frames(&mut app, &run);
    // The points shown: frames with the layer drawn (the bar still playing).
    app.time_filter().open = false;
    if let Some(i) = app.layers().iter().position(|l| l.id.0 == "file:events") {
        app.set_layer_visible(i, true);
    }
    let mut drawn: Vec<f64> = (0..120u64)
        .map(|n| {
            let cpu = common::thread_cpu_ms();
            black_box(run(&mut app, 3000 + n));
            common::thread_cpu_ms() - cpu
        })
        .collect();
    drawn.sort_by(f64::total_cmp);
    println!(
        "time/drawing_200k_points: all 200,000 drawn, UI-thread CPU: p50 {:.2} ms, p99 {:.2} ms",
        drawn[60], drawn[118]
    );
    if let Some(i) = app.layers().iter().position(|l| l.id.0 == "file:events") {
        app.set_layer_visible(i, false);
    }
    app.time_filter().open = true;
    let mut n = 5000u64;
    c.bench_function("time/frame_while_playing_200k_points", |b| {
        b.iter(|| {
            n += 1;
            if !app.time_filter().playing {
                app.time_filter().toggle_play();
            }
            black_box(run(&mut app, n))
        })
    });
}

/// 200,000 points dated across 2025, as a spreadsheet of events would be, hidden: 200,000
/// point symbols drawn as egui shapes cost most of a second a frame on their own
/// (BENCHMARKS.md, issue 14); the bench measures what the filter adds to a frame.
fn dated_events_layer() -> Layer {
    use chongqing_atlas::model::Feature;
    let features: Vec<Feature> = (0..200_000usize)
        .map(|i| {
            let (col, row) = ((i % 500) as f64, (i / 500) as f64);
            let point = geo::Point::new(105.5 + col * 0.006, 28.5 + row * 0.007);
            let day = time::Date::from_ordinal_date(2025, (i % 365) as u16 + 1).unwrap();
            let mut props = serde_json::Map::new();
            props.insert("date".into(), day.to_string().into());
            Feature::new(point.into(), props, i)
        })
        .collect();
    let layer = Layer::new(
        "file:events",
        "events",
        LayerKind::User,
        LayerSource::File("events.csv".into()),
        features,
        Style::from_base(palette_color(0)),
    );
    let mut layer = layer;
    layer.visible = false;
    layer
}

/// 600 frames of play at 60 a second: wall-clock and UI-thread CPU, and how many cuts landed.
fn play_frames(app: &mut AtlasApp, run: &dyn Fn(&mut AtlasApp, u64) -> usize) {
    let mut frames: Vec<(f64, f64)> = Vec::new();
    let mut cuts = 0;
    let mut shown = std::ptr::null();
    for n in 0..600u64 {
        if !app.time_filter().playing {
            app.time_filter().toggle_play();
        }
        let (wall, cpu) = (std::time::Instant::now(), common::thread_cpu_ms());
        black_box(run(app, 1000 + n));
        frames.push((
            wall.elapsed().as_secs_f64() * 1e3,
            common::thread_cpu_ms() - cpu,
        ));
        let now = app
            .layer("file:events")
            .map_or(std::ptr::null(), |l| std::sync::Arc::as_ptr(&l.features));
        cuts += usize::from(now != shown);
        shown = now;
        // 60 frames a second, as the window paints while playing.
        std::thread::sleep(Duration::from_millis(16));
    }
    for (clock, of) in [
        ("wall", (|f| f.0) as fn(&(f64, f64)) -> f64),
        ("UI-thread CPU", |f| f.1),
    ] {
        let [p50, p95, p99, max] = common::spread(&mut frames, of);
        println!(
            "time/playing_200k_points: whole frames, {clock}: p50 {p50:.2} ms, p95 {p95:.2} ms, \
             p99 {p99:.2} ms, max {max:.2} ms; {cuts} cuts landed in 600 frames",
        );
    }
}

criterion_group!(benches, cold_start, overlay, with_china, time_filter);
criterion_main!(benches);
