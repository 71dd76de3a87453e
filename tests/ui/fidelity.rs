//! What issue 29 made readable, as a user meets it: an Albers Shapefile drawn in place over
//! Chongqing, a KML of addresses listed as rows that say why they have no place, and a GPX's
//! track points chosen in the file's layer choice and filtered by the time slider.

use chongqing_atlas::ui::{AtlasApp, Probe as _};
use egui::Pos2;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use crate::common::*;

fn named<'a>(
    harness: &'a Harness<'_, AtlasApp>,
    name: &str,
) -> Option<&'a chongqing_atlas::model::Layer> {
    harness.state().layers().iter().find(|l| l.name == name)
}

fn projection_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projections")
        .join(name)
}

#[test]
fn an_albers_shapefile_is_drawn_in_place_over_chongqing() {
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    drop_files(&mut harness, &[projection_fixture("districts_albers.shp")]);
    let layer = named(&harness, "districts_albers.shp").unwrap();
    let bbox = layer.bounding_rect().unwrap();
    assert!(
        (105.2..105.4).contains(&bbox.min().x) && (110.1..110.3).contains(&bbox.max().x),
        "{bbox:?}"
    );
    // A click where the bundled districts put Youyang picks Youyang in the Albers layer.
    harness.get_by_label("Districts & counties").click();
    harness.run();
    let at = inside(&harness, "酉阳土家族苗族自治县");
    harness.get_by_label("Districts & counties").click();
    harness.run();
    click_at(&mut harness, at);
    let picked = harness.state().selected_feature().unwrap();
    assert_eq!(picked.str_property("name_zh"), Some("酉阳土家族苗族自治县"));
    let coordinates = harness.get_by_label("Coordinates").value();
    assert_eq!(
        coordinates.as_deref(),
        Some("As the file says: Krasovsky_1940_Albers")
    );
    snapshot(&mut harness, "albers_in_place");
}

#[test]
fn a_kml_of_addresses_is_a_table_whose_rows_say_why_they_have_no_place() {
    let mut harness = harness();
    let path = write_temp(
        "addresses.kml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>果园港</name><address>重庆市江北区鱼嘴镇</address></Placemark>
<Placemark><name>团结村中心站</name><address>重庆市沙坪坝区团结村</address><Point><coordinates/></Point></Placemark>
</Document></kml>"#,
    );
    drop_files(&mut harness, &[path]);
    assert_eq!(named(&harness, "addresses.kml").unwrap().features.len(), 2);
    harness.get_all_by_label("Table").next().unwrap().click();
    harness.run();
    harness.get_by_label("重庆市江北区鱼嘴镇");
    harness.get_by_label("团结村中心站").click();
    harness.run();
    harness.get_by_label("No location");
    harness.get_by_label_contains("a Point has 0 positions");
}

const RIDE: &str = r#"<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>delivery drone</name><trkseg>
<trkpt lat="29.50" lon="106.50"><time>2020-06-01T08:00:00Z</time></trkpt>
<trkpt lat="29.55" lon="106.55"><time>2023-06-01T08:00:00Z</time></trkpt>
<trkpt lat="29.60" lon="106.60"><time>2025-11-25T08:00:00Z</time></trkpt>
</trkseg></trk></gpx>"#;

fn points(harness: &Harness<'_, AtlasApp>) -> usize {
    named(harness, "ride.gpx · track_points").map_or(0, |l| l.features.len())
}

#[test]
fn gpx_track_points_are_offered_off_by_default_and_follow_the_time_slider() {
    let mut harness = harness();
    drop_files(&mut harness, &[write_temp("ride.gpx", RIDE)]);
    harness.get_by_label_contains("Layers of ride.gpx");
    assert_eq!(
        harness.get_by_label("tracks").accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    let track_points = harness.get_by_label("track_points");
    assert_eq!(
        track_points.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::False)
    );
    track_points.click();
    harness.run();
    harness.get_by_label("Open").click();
    wait_loads(&mut harness);
    assert_eq!(points(&harness), 3);
    harness.get_by_label("Time").click();
    harness.run();
    let track = harness.get_by_label("Time range").rect();
    drag(
        &mut harness,
        Pos2::new(track.left() + 1.0, track.center().y),
        track.center(),
    );
    let range = harness.state().time_range().unwrap();
    let shown = points(&harness);
    assert!((1..3).contains(&shown), "{shown} points in {range:?}");
}
