//! Issue 13: from adding a PostGIS table to a picture the window can draw, on the path the
//! window takes (the layer's worker): connect, find and describe the table, query the view
//! (estimate, then features or counts), index and prepare the zoom band. Drawing a prepared
//! band is one frame (≤ 8 ms, `cargo bench --bench frame`).
//!
//! Needs the benchmark tables: `tools/postgis_dev.sh bench`, then
//! `eval "$(tools/postgis_dev.sh env)"; cargo bench --bench postgis`. The side-by-side run
//! with QGIS is `benches/compare_postgis.sh`.

use std::time::Instant;

use chongqing_atlas::geometry::ViewTransform;
use chongqing_atlas::io::postgis::address::ProcessEnv;
use chongqing_atlas::io::postgis::{PgClient, PgParams, TableRef, ViewRequest};
use chongqing_atlas::render::PreparedLayer;
use chongqing_atlas::render::fetch_window::FetchWindow;

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
