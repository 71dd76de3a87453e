//! The window and the PNG renderer paint one description of the map's marks: for the same
//! view they place the same labels and the same symbols.

use chongqing_atlas::geometry::ViewTransform;
use chongqing_atlas::io::embedded::{Vintage, default_layers};
use chongqing_atlas::render::PreparedLayer;
use chongqing_atlas::render::marks::Mark;
use chongqing_atlas::render::raster::render_view_with_overlay;

use crate::common::*;

/// Labels and symbols as (what, x, y) relative to the map's corner.
fn placed<'a>(marks: impl Iterator<Item = &'a Mark>, origin: [f32; 2]) -> Vec<(String, f32, f32)> {
    let at = |p: &[f32; 2]| (p[0] - origin[0], p[1] - origin[1]);
    marks
        .filter_map(|m| match m {
            Mark::Text { text, center, .. } => Some((format!("text {text}"), at(center))),
            Mark::Symbol { symbol, center, .. } => Some((format!("symbol {symbol:?}"), at(center))),
            _ => None,
        })
        .map(|(what, (x, y))| (what, x, y))
        .collect()
}

#[test]
fn the_window_and_the_png_of_the_same_view_place_the_same_labels_and_symbols() {
    let mut harness = harness();
    harness.state_mut().center_at(106.55, 29.57, 9.0);
    harness.run();
    let app = harness.state();
    let rect = app.map_rect().expect("map drawn");
    let window_view = app.view().expect("map drawn");
    let (width, height) = (rect.width(), rect.height());
    let png_view = ViewTransform {
        screen_center: [
            window_view.screen_center[0] - rect.min.x,
            window_view.screen_center[1] - rect.min.y,
        ],
        ..window_view
    };
    let layers = default_layers(Vintage::Current);
    let mut prepared: Vec<PreparedLayer> = layers
        .iter()
        .map(|l| PreparedLayer::new(&l.features))
        .collect();
    let (_, png) = render_view_with_overlay(
        &layers,
        &mut prepared,
        &png_view,
        width.round() as u32,
        height.round() as u32,
    );

    let window = placed(app.overlay().marks(), [rect.min.x, rect.min.y]);
    let png = placed(png.marks(), [0.0, 0.0]);
    let labels = window
        .iter()
        .filter(|(w, ..)| w.starts_with("text "))
        .count();
    let symbols = window
        .iter()
        .filter(|(w, ..)| w.starts_with("symbol "))
        .count();
    assert!(
        labels >= 10,
        "only {labels} labels in the window: {window:?}"
    );
    assert!(symbols >= 5, "only {symbols} symbols in the window");
    // The map's width in the window may be a fraction of a pixel off the PNG's whole pixels.
    let same = window.len() == png.len()
        && window
            .iter()
            .zip(&png)
            .all(|(a, b)| a.0 == b.0 && (a.1 - b.1).abs() < 0.6 && (a.2 - b.2).abs() < 0.6);
    assert!(
        same,
        "the window and the PNG disagree:\nwindow {window:?}\npng    {png:?}"
    );
}
