//! Issue 13: from adding a PostGIS table to a picture the window can draw, on the path the
//! window takes (the layer's worker): connect, find and describe the table, query the view
//! (estimate, then features or counts), index and prepare the zoom band. Drawing a prepared
//! band is one frame (≤ 8 ms, `cargo bench --bench frame`).
//!
//! Needs the benchmark tables: `tools/postgis_dev.sh bench`, then
//! `eval "$(tools/postgis_dev.sh env)"; cargo bench --bench postgis`. The side-by-side run
//! with QGIS is `benches/compare_postgis.sh`.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Instant;

use chongqing_atlas::geometry::ViewTransform;
use chongqing_atlas::io::postgis::address::ProcessEnv;
use chongqing_atlas::io::postgis::{PgClient, PgParams, TableRef, ViewRequest};
use chongqing_atlas::render::PreparedLayer;
use chongqing_atlas::render::fetch_window::FetchWindow;
use chongqing_atlas::ui::Probe as _;

const SIZE: (u32, u32) = (1920, 1080);

/// One run: seconds to the first picture and to the exact one (the same when no preview).
fn add_and_draw(uri: &str, password: &str, table: &str, bbox: [f64; 4]) -> (f64, f64, usize) {
    let start = Instant::now();
    let (address, _) = PgParams::parse(uri).unwrap().resolve(&ProcessEnv).unwrap();
    let mut client = PgClient::connect(&address, Some(password)).unwrap();
    let table = client
        .find_table(&TableRef {
            schema: "atlas".into(),
            table: table.into(),
            column: None,
        })
        .unwrap();
    let schema = client.describe(&table).unwrap();
    let view = ViewTransform::fit_bbox(bbox[0], bbox[1], bbox[2], bbox[3], SIZE.0, SIZE.1);
    let window = FetchWindow::for_view(&view, SIZE.0 as f32, SIZE.1 as f32);
    let exact = ViewRequest::new(window.bbox, window.metres_per_pixel);
    let mut request = exact.with_preview_above(1_500_000.0);
    let mut first = None;
    loop {
        let result = client.fetch_view(&schema, &request).unwrap();
        let mut prepared = PreparedLayer::new(&result.features);
        let _ = prepared.shapes(&result.features, view.zoom());
        let elapsed = start.elapsed().as_secs_f64();
        let first_seconds = *first.get_or_insert(elapsed);
        if !result.preview {
            return (first_seconds, elapsed, result.features.len());
        }
        request = exact;
    }
}

/// The window panning across a 5 M-point table and the counties for 600 frames, every frame
/// a full UI frame (panels, map, exchange with the layers' workers): the CPU time per frame,
/// while views are asked for, cancelled and swapped in.
fn panning(uri: &str, password: &str, with_database: bool) {
    use chongqing_atlas::io::embedded::{Vintage, default_layers};
    use chongqing_atlas::ui::AtlasApp;
    let mut app = AtlasApp::with_layers(default_layers(Vintage::Current));
    // As the window on wgpu draws polygons (`cargo bench --bench frame` does the same).
    app.set_gpu_map(true);
    if with_database {
        for table in ["points_5m", "china_counties"] {
            app.open_database(&format!("{uri}#atlas.{table}"), Some(password.to_string()));
        }
    }
    let ctx = egui::Context::default();
    let input = |n: u64| egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(SIZE.0 as f32, SIZE.1 as f32),
        )),
        time: Some(n as f64 / 60.0),
        ..Default::default()
    };
    let run = |app: &mut AtlasApp, n: u64| {
        let started = common::thread_cpu_ms();
        let out = ctx.run_ui(input(n), |ui| app.run_frame(ui));
        let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
        common::thread_cpu_ms() - started
    };
    // Settle: connected and the first views drawn.
    let start = Instant::now();
    let mut n = 0;
    while start.elapsed().as_secs_f64() < 8.0 {
        run(&mut app, n);
        n += 1;
        std::thread::sleep(std::time::Duration::from_millis(16));
    }
    let mut times = Vec::new();
    for i in 0..600u64 {
        // Across Chongqing and back at city zoom: new windows every few dozen frames.
        let t = i as f64 / 600.0;
        let lon = 106.0 + 2.5 * (t * std::f64::consts::TAU).sin().abs();
        let lat = 29.3 + 1.2 * t;
        app.center_at(lon, lat, 10.5);
        times.push(run(&mut app, n + i));
        std::thread::sleep(std::time::Duration::from_millis(4));
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let what = if with_database {
        "with 5 M points + counties from PostGIS"
    } else {
        "bundled layers only (baseline)"
    };
    println!(
        "panning, full UI frame, {what}: UI-thread CPU median {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} frames)",
        at(0.5),
        at(0.99),
        at(1.0),
        times.len()
    );
}

fn main() {
    // `cargo test --benches` runs this too: only a real `cargo bench` measures.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let Ok(uri) = std::env::var("ATLAS_PG_URI") else {
        eprintln!(
            "skipping: no PostGIS (tools/postgis_dev.sh bench; eval \"$(tools/postgis_dev.sh env)\")"
        );
        return;
    };
    let password = std::env::var("ATLAS_PG_PASSWORD").unwrap_or_default();
    let cases = [
        (
            "counties, country view",
            "china_counties",
            [73.5, 18.0, 135.1, 53.6],
        ),
        (
            "counties, Chongqing view",
            "china_counties",
            [105.28, 28.16, 110.19, 32.2],
        ),
        (
            "5 M points, Chongqing",
            "points_5m",
            [105.28, 28.16, 110.19, 32.2],
        ),
    ];
    panning(&uri, &password, false);
    panning(&uri, &password, true);
    println!("{}x{} view; each run from a new connection", SIZE.0, SIZE.1);
    for (name, table, bbox) in cases {
        for _ in 0..3 {
            let (first, exact, features) = add_and_draw(&uri, &password, table, bbox);
            if (first - exact).abs() < 1e-9 {
                println!("{name:<26} drawn in {first:.3} s ({features} features)");
            } else {
                println!(
                    "{name:<26} first picture {first:.3} s (sampled counts), exact counts {exact:.3} s ({features} cells)"
                );
            }
        }
    }
}
