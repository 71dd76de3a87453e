//! The layer list: visibility, vintage, legend, colour by property, opacity, and how layers are drawn.

use chongqing_atlas::io::embedded::Vintage;
use chongqing_atlas::ui::AtlasApp;
use chongqing_atlas::ui::Probe as _;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::*;

/// Hides every bundled layer so only a dropped file is drawn on the paper.
/// A square with a long, thin needle east of it, its tip at 112.5° E on the 30.0005° N line.
const NEEDLE: &str = r#"{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "Needle"}, "geometry": {"type": "Polygon", "coordinates": [[
 [111.0, 29.8], [111.5, 29.8], [111.5, 30.0], [112.5, 30.0005], [111.5, 30.001], [111.5, 30.2], [111.0, 30.2], [111.0, 29.8]]]}}
]}"#;

#[test]
fn unticking_the_layer_checkbox_hides_the_districts() {
    let mut harness = harness();
    assert!(harness.state().layer("districts").unwrap().visible);
    harness.get_by_label("Districts & counties").click();
    harness.run();
    assert!(!harness.state().layer("districts").unwrap().visible);
    // A hidden layer cannot be picked.
    let pos = inside(&harness, "梁平区");
    click_at(&mut harness, pos);
    assert!(harness.state().selected_feature().is_none());
    snapshot(&mut harness, "districts_hidden");
}

#[test]
fn switching_to_the_2024_vintage_brings_back_jiangbei_and_yubei() {
    let mut harness = harness();
    assert_eq!(
        harness.state().layer("districts").unwrap().features.len(),
        37
    );
    harness.get_by_label("Administrative map").click();
    harness.run();
    harness
        .get_by_label(Vintage::Before2025Reform.label())
        .click();
    harness.run();
    assert_eq!(harness.state().vintage(), Vintage::Before2025Reform);
    let layer = harness.state().layer("districts").unwrap();
    assert_eq!(layer.features.len(), 38);
    assert!(layer.features.iter().any(|f| f.name_zh() == Some("渝北区")));
}

#[test]
fn startup_view_shows_all_of_chongqing() {
    let mut harness = harness();
    snapshot(&mut harness, "startup");
    let app = harness.state();
    for (lon, lat) in [
        (105.29, 29.5),
        (110.19, 31.2),
        (108.6, 32.2),
        (108.8, 28.16),
    ] {
        let p = app.screen_pos(lon, lat).unwrap();
        assert!(
            (0.0..1100.0).contains(&p.x) && (0.0..720.0).contains(&p.y),
            "{lon},{lat} off screen at {p:?}"
        );
    }
}

#[test]
fn each_thematic_layer_toggles_from_its_checkbox() {
    let mut harness = harness();
    for (id, name) in [
        ("logistics", "Logistics hubs & corridors"),
        ("industry", "Industrial projects & clusters"),
        ("low_altitude", "Low-altitude economy"),
        ("figures", "Municipal figures"),
    ] {
        assert!(
            harness.state().layer(id).unwrap().visible,
            "{id} starts visible"
        );
        harness.get_by_label(name).click();
        harness.run();
        assert!(
            !harness.state().layer(id).unwrap().visible,
            "{id} hidden after unticking"
        );
    }
    snapshot(&mut harness, "thematic_hidden");
}

#[test]
fn the_legend_draws_each_layer_symbol_and_explains_the_map_marks() {
    let harness = harness();
    harness.get_by_label("Map key");
    harness.get_by_label("Approximate location (ring ≈ uncertainty)");
    harness.get_by_label("Cluster: click to zoom in");
    let symbols: Vec<_> = harness
        .state()
        .layers()
        .iter()
        .filter(|l| l.id.0 != "districts")
        .map(|l| l.style.symbol)
        .collect();
    let mut distinct = symbols.clone();
    distinct.sort_by_key(|s| format!("{s:?}"));
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        symbols.len(),
        "each thematic layer its own marker"
    );
}

#[test]
fn colouring_a_layer_by_a_property_draws_each_class_in_its_colour_with_a_legend() {
    let mut harness = harness();
    let square = |x: f64, kind: &str| {
        format!(
            r#"{{"type": "Feature", "properties": {{"kind": "{kind}"}}, "geometry": {{"type": "Polygon",
            "coordinates": [[[{x}, 28.6], [{x2}, 28.6], [{x2}, 29.0], [{x}, 29.0], [{x}, 28.6]]]}}}}"#,
            x2 = x + 0.4
        )
    };
    let text = format!(
        r#"{{"type": "FeatureCollection", "features": [{}, {}, {}]}}"#,
        square(106.0, "port"),
        square(106.6, "port"),
        square(107.2, "rail")
    );
    let path = write_temp("kinds.geojson", &text);
    drop_files(&mut harness, std::slice::from_ref(&path));
    // Only this layer on the paper, so a pixel's colour is the class colour alone.
    hide_bundled_layers(&mut harness);
    // The file zoomed the view to itself; pixels at the squares' centres.
    let pixel = |harness: &mut Harness<'_, AtlasApp>, lon: f64| {
        let p = harness.state().screen_pos(lon, 28.8).unwrap();
        harness
            .render()
            .unwrap()
            .get_pixel(p.x as u32, p.y as u32)
            .0
    };
    let single = [pixel(&mut harness, 106.2), pixel(&mut harness, 107.4)];
    assert_eq!(single[0], single[1], "one colour for the layer");
    // The file's layer is listed first (top of the drawing order).
    harness
        .query_all_by_role_and_label(egui::accesskit::Role::ComboBox, "Colour by")
        .next()
        .unwrap()
        .click();
    harness.run();
    harness.get_by_label("kind").click();
    harness.run();
    harness.get_by_label("port (2)");
    harness.get_by_label("rail (1)");
    let port = [pixel(&mut harness, 106.2), pixel(&mut harness, 106.8)];
    let rail = pixel(&mut harness, 107.4);
    assert_eq!(port[0], port[1], "same class, same colour");
    assert_ne!(port[0], rail, "classes differ");
}

#[test]
fn a_needle_in_a_polygon_draws_no_spike_on_the_gpu_or_the_egui_path() {
    let mut harness = harness();
    assert!(
        harness.state().gpu_map(),
        "the wgpu window draws layers on the GPU"
    );
    let path = write_temp("needle.geojson", NEEDLE);
    drop_files(&mut harness, std::slice::from_ref(&path));
    hide_bundled_layers(&mut harness);
    harness.state_mut().zoom_to([110.5, 28.0, 116.0, 32.0]);
    harness.run();
    let stroke = harness.state().layers().last().unwrap().style.stroke.0;
    let is_stroke =
        |p: &image::Rgba<u8>| (0..3).all(|c| (i32::from(p.0[c]) - i32::from(stroke[c])).abs() < 60);
    for gpu in [true, false] {
        harness.state_mut().set_gpu_map(gpu);
        harness.run();
        let image = harness.render().unwrap();
        let app = harness.state();
        let rect = app.map_rect().unwrap();
        // The needle itself is drawn...
        let mid = app.screen_pos(112.0, 30.0005).unwrap();
        let drawn =
            (-3..=3).any(|dy| is_stroke(image.get_pixel(mid.x as u32, (mid.y as i32 + dy) as u32)));
        assert!(drawn, "gpu {gpu}: the needle is drawn");
        // ...and nothing in line with it beyond its tip (a miter join shoots far out).
        let tip = app.screen_pos(112.5, 30.0005).unwrap();
        for x in (tip.x as u32 + 12)..(rect.right() as u32 - 2) {
            for dy in -4..=4 {
                let y = (tip.y as i32 + dy) as u32;
                assert!(
                    !is_stroke(image.get_pixel(x, y)),
                    "gpu {gpu}: outline colour at ({x}, {y}), {} px past the tip",
                    x as f32 - tip.x
                );
            }
        }
    }
}

#[test]
fn layer_opacity_fades_what_the_gpu_draws() {
    let mut harness = harness();
    let path = write_temp("opaque.geojson", NEEDLE);
    drop_files(&mut harness, std::slice::from_ref(&path));
    hide_bundled_layers(&mut harness);
    let centre = |h: &mut Harness<'_, AtlasApp>| {
        let p = h.state().screen_pos(111.25, 30.1).unwrap();
        h.render().unwrap().get_pixel(p.x as u32, p.y as u32).0
    };
    let paper = {
        let p = harness.state().map_rect().unwrap().right_top() + egui::vec2(-5.0, 5.0);
        harness
            .render()
            .unwrap()
            .get_pixel(p.x as u32, p.y as u32)
            .0
    };
    let filled = centre(&mut harness);
    assert_ne!(filled, paper, "the square is filled");
    let index = harness.state().layers().len() - 1;
    harness.state_mut().set_layer_opacity(index, 0.0);
    harness.run();
    assert_eq!(
        centre(&mut harness),
        paper,
        "fully transparent shows the paper"
    );
}
