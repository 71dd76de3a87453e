//! The headless renderer: what lands on which pixel, and a reference image.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

use chongqing_atlas::geometry::ViewTransform;
use chongqing_atlas::io::embedded::{Vintage, district_layer};
use chongqing_atlas::render::PreparedLayer;
use chongqing_atlas::render::mark_style::PAPER;
use chongqing_atlas::render::raster::render_view;

fn render(visible: bool) -> tiny_skia::Pixmap {
    let mut layer = district_layer(Vintage::Current);
    layer.visible = visible;
    let layers = vec![layer];
    let mut prepared: Vec<PreparedLayer> = layers
        .iter()
        .map(|l| PreparedLayer::new(&l.features))
        .collect();
    let view = ViewTransform::fit_bbox(105.2, 28.1, 110.2, 32.3, 640, 480);
    render_view(&layers, &mut prepared, &view, 640, 480)
}

fn pixel_at(pixmap: &tiny_skia::Pixmap, lon: f64, lat: f64) -> [u8; 3] {
    let view = ViewTransform::fit_bbox(105.2, 28.1, 110.2, 32.3, 640, 480);
    let [x, y] = view.lonlat_to_screen(lon, lat);
    let p = pixmap.pixel(x as u32, y as u32).unwrap();
    [p.red(), p.green(), p.blue()]
}

#[test]
fn districts_are_filled_where_they_are_and_paper_elsewhere() {
    let shown = render(true);
    let paper = [PAPER.0[0], PAPER.0[1], PAPER.0[2]];
    // Inside Pengshui, away from labels and borders; and in Sichuan, outside Chongqing.
    assert_ne!(pixel_at(&shown, 108.35, 29.15), paper);
    assert_eq!(pixel_at(&shown, 105.5, 31.9), paper);
    let hidden = render(false);
    assert_eq!(pixel_at(&hidden, 108.35, 29.15), paper);
}

#[test]
fn chongqing_matches_the_reference_image() {
    let pixmap = render(true);
    let image = image::RgbaImage::from_raw(pixmap.width(), pixmap.height(), pixmap.data().to_vec())
        .unwrap();
    egui_kittest::image_snapshot(&image, "render_chongqing_640x480");
}
