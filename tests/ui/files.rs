//! Opening files: drop, bad input, order, the attribute table.

use chongqing_atlas::ui::AtlasApp;
use chongqing_atlas::ui::Probe as _;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::*;

const TWO_SITES: &str = r#"{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "Test depot", "capacity_t": 12}, "geometry": {"type": "Point", "coordinates": [106.9, 29.9]}},
{"type": "Feature", "properties": {"name": "Test route"}, "geometry": {"type": "LineString", "coordinates": [[106.5, 29.5], [107.5, 30.5]]}}
]}"#;

#[test]
fn dropping_a_geojson_file_adds_a_clickable_layer_and_remove_takes_it_away() {
    let mut harness = harness();
    let path = write_temp("two_sites.geojson", TWO_SITES);
    let before = harness.state().layers().len();
    drop_files(&mut harness, &[path]);
    let app = harness.state();
    assert_eq!(app.layers().len(), before + 1, "{:?}", app.notices());
    let layer = app.layers().last().unwrap();
    assert_eq!(layer.name, "two_sites.geojson");
    assert_eq!(layer.features.len(), 2);
    // Listed in the panel (with its count), and its point can be clicked.
    assert!(harness.query_by_label("two_sites.geojson").is_some());
    let pos = harness.state().screen_pos(106.9, 29.9).unwrap();
    click_at(&mut harness, pos);
    assert_eq!(
        harness.state().selected_feature().and_then(|f| f.name_en()),
        Some("Test depot")
    );
    assert!(
        harness.query_all_by_label("capacity_t").count() >= 1,
        "all properties shown"
    );

    harness.get_by_label("×").click();
    harness.run();
    assert_eq!(harness.state().layers().len(), before);
    assert!(harness.query_by_label("two_sites.geojson").is_none());
    assert!(harness.state().selected_feature().is_none());
}

#[test]
fn a_dropped_single_point_is_framed_with_its_neighbourhood_not_at_street_level() {
    let mut harness = harness();
    let path = write_temp(
        "one_point.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"pin"},
            "geometry":{"type":"Point","coordinates":[107.2,29.1]}}]}"#,
    );
    drop_files(&mut harness, &[path]);
    let zoom = harness.state().zoom();
    assert_eq!(zoom, chongqing_atlas::geometry::projection::FIT_MAX_ZOOM);
    let p = harness.state().screen_pos(107.2, 29.1).unwrap();
    let center = harness.state().map_rect().unwrap().center();
    assert!(p.distance(center) < 2.0, "{p:?} vs {center:?}");
}

#[test]
fn a_bad_dropped_file_is_reported_and_nothing_loaded_is_lost() {
    let mut harness = harness();
    let good = write_temp("good.geojson", TWO_SITES);
    let bad = write_temp(
        "broken.geojson",
        "{\"type\": \"FeatureCollection\", \"features\": [\n{oops}\n]}",
    );
    drop_files(&mut harness, &[good, bad]);
    let app = harness.state();
    assert!(app.layer("districts").is_some());
    assert!(app.layers().iter().any(|l| l.name == "good.geojson"));
    let errors: Vec<&str> = app
        .notices()
        .iter()
        .filter(|n| n.is_error())
        .map(|n| n.text.as_str())
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("broken.geojson") && e.contains("line 2")),
        "{errors:?}"
    );
}

#[test]
fn layer_order_buttons_change_what_is_drawn_on_top() {
    let mut harness = harness();
    let path = write_temp("order.geojson", TWO_SITES);
    drop_files(&mut harness, &[path]);
    let top = |h: &Harness<'_, AtlasApp>| h.state().layers().last().unwrap().name.clone();
    assert_eq!(top(&harness), "order.geojson");
    // The first row is the top layer; its "move down" button is the first enabled one.
    harness.get_all_by_label("▼").next().unwrap().click();
    harness.run();
    assert_ne!(top(&harness), "order.geojson");
    let names: Vec<String> = harness
        .state()
        .layers()
        .iter()
        .map(|l| l.name.clone())
        .collect();
    assert_eq!(names[names.len() - 2], "order.geojson", "{names:?}");
}

#[test]
fn attribute_table_lists_sorts_and_zooms_to_a_clicked_row() {
    let mut harness = harness();
    let path = write_temp("table.geojson", TWO_SITES);
    drop_files(&mut harness, &[path]);
    // The top row of the layer list is the file just loaded.
    harness.get_all_by_label("Table").next().unwrap().click();
    harness.run();
    assert!(
        harness
            .query_by_label("Attributes · table.geojson")
            .is_some()
    );
    assert!(
        harness.query_by_label("capacity_t").is_some(),
        "a column per property"
    );
    assert!(harness.query_by_label("Test route").is_some());

    // Sorting by name puts "Test depot" before "Test route"; sorting again reverses.
    harness.get_by_label("name").click();
    harness.run();
    let y = |h: &Harness<'_, AtlasApp>, text: &str| h.get_by_label(text).rect().center().y;
    assert!(y(&harness, "Test depot") < y(&harness, "Test route"));
    harness.get_by_label("name ▲").click();
    harness.run();
    assert!(y(&harness, "Test depot") > y(&harness, "Test route"));

    let zoom_before = harness.state().zoom();
    harness.get_by_label("Test depot").click();
    harness.run();
    assert_eq!(
        harness.state().selected_feature().and_then(|f| f.name_en()),
        Some("Test depot")
    );
    assert!(
        harness.state().zoom() > zoom_before + 1.0,
        "zoomed to the point"
    );
}

fn variant(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/geojson_variants")
        .join(name)
}

#[test]
fn a_file_with_a_byte_order_mark_loads_as_a_layer() {
    let mut harness = harness();
    drop_files(&mut harness, &[variant("districts_bom.geojson")]);
    let app = harness.state();
    assert!(
        app.notices().iter().all(|n| !n.is_error()),
        "{:?}",
        app.notices()
    );
    let layer = app.layers().last().unwrap();
    assert_eq!(layer.name, "districts_bom.geojson");
    assert_eq!(layer.features.len(), 37);
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
    assert!(harness.query_by_label("districts_bom.geojson").is_some());
}

#[test]
fn rows_without_geometry_are_listed_in_the_table_and_their_card_says_no_location() {
    let mut harness = harness();
    drop_files(&mut harness, &[variant("with_null_geometry.geojson")]);
    assert_eq!(harness.state().layers().last().unwrap().features.len(), 40);
    // The top row of the layer list is the file just loaded.
    harness.get_all_by_label("Table").next().unwrap().click();
    harness.run();
    assert!(
        harness
            .query_by_label("Attributes · with_null_geometry.geojson")
            .is_some()
    );
    assert!(harness.query_by_label("40 features").is_some());
    // Sorting by value brings the three attribute-only rows (the only ones with a value) up.
    harness.get_by_label("value").click();
    harness.run();
    harness.get_by_label("统计行1").click();
    harness.run();
    let selected = harness
        .state()
        .selected_feature()
        .expect("the row is selected");
    assert_eq!(selected.str_property("name_zh"), Some("统计行1"));
    assert!(!selected.has_location());
    assert!(harness.query_by_label("No location").is_some());
}
