//! The real window, driven like a user: clicks, hovers, and what the screen then shows.

use chongqing_atlas::geometry::measure::label_point;
use chongqing_atlas::io::embedded::Vintage;
use chongqing_atlas::ui::{AppConfig, AtlasApp};
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::Contains;

mod common;
use common::hide_bundled_layers;

fn harness() -> Harness<'static, AtlasApp> {
    let mut harness = Harness::builder()
        .with_size([1100.0, 720.0])
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_eframe(|cc| {
            AtlasApp::new(
                cc,
                AppConfig {
                    basemap: false,
                    restore_session: false,
                    ..AppConfig::default()
                },
            )
        });
    harness.run();
    harness
}

/// A point inside the named district, on screen, clear of every point symbol (so a click
/// there selects the district, not a project drawn on top of it).
fn inside(harness: &Harness<'_, AtlasApp>, name_zh: &str) -> Pos2 {
    let app = harness.state();
    let district = app
        .layer("districts")
        .unwrap()
        .features
        .iter()
        .find(|f| f.name_zh() == Some(name_zh))
        .unwrap();
    let symbols: Vec<Pos2> = app
        .layers()
        .iter()
        .filter(|l| l.id.0 != "districts")
        .flat_map(|l| l.features.iter())
        .filter_map(|f| match f.geometry {
            geo::Geometry::Point(p) => app.screen_pos(p.x(), p.y()),
            _ => None,
        })
        .collect();
    let start = label_point(&district.geometry).unwrap();
    let start = app.screen_pos(start.x(), start.y()).expect("map drawn");
    (0..400)
        .map(|i| {
            let (ring, step) = ((i / 8) as f32, (i % 8) as f32 * std::f32::consts::FRAC_PI_4);
            start + egui::vec2(step.cos(), step.sin()) * ring * 4.0
        })
        .find(|&pos| {
            let (lon, lat) = app.lonlat_at(pos).unwrap();
            district.geometry.contains(&geo::Point::new(lon, lat))
                && symbols.iter().all(|s| s.distance(pos) > 30.0)
        })
        .expect("a clear spot inside the district")
}

fn click_at(harness: &mut Harness<'_, AtlasApp>, pos: Pos2) {
    harness.event(Event::PointerMoved(pos));
    harness.step();
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
}

#[test]
fn clicking_liangping_selects_it_and_shows_its_card() {
    let mut harness = harness();
    assert_eq!(
        harness.query_all_by_label("Liangping District").count(),
        0,
        "no card before the click"
    );
    let pos = inside(&harness, "梁平区");
    click_at(&mut harness, pos);
    let selected = harness
        .state()
        .selected_feature()
        .expect("a district is selected");
    assert_eq!(selected.name_zh(), Some("梁平区"));
    assert_eq!(selected.str_property("adcode"), Some("500155"));
    // The inspector card shows both names (heading, and again in the property table).
    assert!(harness.query_all_by_label("Liangping District").count() >= 1);
    assert!(harness.query_all_by_label("梁平区").count() >= 1);
    harness.snapshot("liangping_selected");
}

#[test]
fn clicking_outside_chongqing_clears_the_selection() {
    let mut harness = harness();
    let pos = inside(&harness, "梁平区");
    click_at(&mut harness, pos);
    assert!(harness.state().selected_feature().is_some());
    // Just inside the map's top-left corner: Sichuan, outside every district.
    let corner = harness.state().map_rect().unwrap().left_top() + egui::vec2(15.0, 15.0);
    let (lon, lat) = harness.state().lonlat_at(corner).unwrap();
    // West of 107°E, Chongqing reaches no further north than ~30.7°N.
    assert!(lon < 107.0 && lat > 31.5, "{lon},{lat}");
    click_at(&mut harness, corner);
    assert!(harness.state().selected_feature().is_none());
}

#[test]
fn hovering_a_district_identifies_it() {
    let mut harness = harness();
    let pos = inside(&harness, "奉节县");
    harness.hover_at(pos);
    harness.run();
    assert_eq!(
        harness.state().hovered_feature().and_then(|f| f.name_en()),
        Some("Fengjie County")
    );
}

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
    harness.snapshot("districts_hidden");
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
    harness.snapshot("startup");
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
    harness.snapshot("thematic_hidden");
}

#[test]
fn clicking_a_project_point_shows_its_figures_source_and_precision() {
    let mut harness = harness();
    let pos = harness.state().screen_pos(109.62416, 31.39891).unwrap();
    click_at(&mut harness, pos);
    let selected = harness
        .state()
        .selected_feature()
        .expect("the point is selected");
    assert_eq!(
        selected.str_property("id"),
        Some("chint-spic-zero-carbon-wuxi")
    );
    harness.get_by_label("Figures");
    harness.get_by_label("Sources");
    harness.get_by_label_contains("more than 10 billion yuan");
    harness.get_by_label_contains("Location is district seat");
    harness.get_by_label_contains("Chint plans to work with SPIC Chongqing");
    harness.snapshot("project_selected");
}

#[test]
fn a_district_card_lists_the_projects_inside_it() {
    let mut harness = harness();
    let pos = inside(&harness, "巫溪县");
    click_at(&mut harness, pos);
    assert_eq!(
        harness.state().selected_feature().and_then(|f| f.name_zh()),
        Some("巫溪县")
    );
    harness.get_by_label("In this district (1)");
    harness.get_by_label_contains("zero-carbon rural demonstration, Wuxi");
}

#[test]
fn search_by_pinyin_selects_and_flies_to_the_feature() {
    let mut harness = harness();
    harness.get_by_label("Search").focus();
    harness.run();
    harness.get_by_label("Search").type_text("xinsheng");
    harness.run();
    harness.get_by_label_contains("Xinsheng Port").click();
    harness.run();
    let selected = harness
        .state()
        .selected_feature()
        .expect("search result selected");
    assert_eq!(selected.str_property("id"), Some("xinsheng-port"));
    assert!(
        harness.state().zoom() > 10.0,
        "flew in: zoom {}",
        harness.state().zoom()
    );
    // The feature is now in the middle of the map.
    let p = harness.state().screen_pos(108.03299, 30.29407).unwrap();
    let center = harness.state().map_rect().unwrap().center();
    assert!(p.distance(center) < 40.0, "{p:?} vs {center:?}");
}

#[test]
fn search_by_chinese_name_finds_the_district() {
    let mut harness = harness();
    harness.get_by_label("Search").focus();
    harness.run();
    harness.get_by_label("Search").type_text("巫山");
    harness.run();
    harness.get_by_label_contains("Wushan County").click();
    harness.run();
    assert_eq!(
        harness.state().selected_feature().and_then(|f| f.name_zh()),
        Some("巫山县")
    );
}

#[derive(Debug)]
struct DroppedPath(std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops files on the window and steps until their loads finish.
fn drop_files(harness: &mut Harness<'_, AtlasApp>, paths: &[std::path::PathBuf]) {
    for p in paths {
        harness
            .input_mut()
            .dropped_files
            .push(std::sync::Arc::new(DroppedPath(p.clone())));
    }
    wait_loads(harness);
}

/// Steps the app until `busy` turns false, failing the test (not carrying on) after a generous
/// deadline: CI machines are small and run the tests side by side.
fn wait_while(harness: &mut Harness<'_, AtlasApp>, what: &str, busy: impl Fn(&AtlasApp) -> bool) {
    let start = std::time::Instant::now();
    harness.step();
    while busy(harness.state()) {
        assert!(
            start.elapsed().as_secs() < 60,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
    }
    harness.run();
}

fn wait_loads(harness: &mut Harness<'_, AtlasApp>) {
    wait_while(harness, "the loads", AtlasApp::is_loading);
}

fn wait_jobs(harness: &mut Harness<'_, AtlasApp>) {
    wait_while(harness, "the layer export", AtlasApp::is_exporting_layer);
}

fn write_temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cq-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

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
        .filter(|n| n.is_error)
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

#[test]
fn dense_points_never_overlap_and_a_cluster_opens_down_to_spread_out_points() {
    use chongqing_atlas::render::points::PlacedPoint;
    let mut harness = harness();
    let footprint = |p: &PlacedPoint| match p {
        PlacedPoint::Cluster { radius, .. } => *radius,
        _ => 6.0,
    };
    // Where the five municipal figures share one spot (the municipal government).
    let government = (106.5504, 29.5637);
    for _ in 0..6 {
        let layout = harness.state().point_layout().clone();
        for (i, a) in layout.placed.iter().enumerate() {
            for b in &layout.placed[i + 1..] {
                let [ax, ay] = a.position();
                let [bx, by] = b.position();
                let d = (ax - bx).hypot(ay - by);
                assert!(
                    d >= footprint(a) + footprint(b) - 0.5,
                    "symbols overlap at zoom {}: {a:?} / {b:?}",
                    harness.state().zoom()
                );
            }
        }
        let target = harness
            .state()
            .screen_pos(government.0, government.1)
            .unwrap();
        let cluster = layout.placed.iter().find(|p| match p {
            PlacedPoint::Cluster { members, .. } => members.iter().any(|m| {
                let [x, y] = m.screen;
                (x - target.x).hypot(y - target.y) < 1.0
            }),
            _ => false,
        });
        let Some(cluster) = cluster else { break };
        let zoom = harness.state().zoom();
        let [x, y] = cluster.position();
        click_at(&mut harness, Pos2::new(x, y));
        assert!(
            harness.state().zoom() > zoom + 0.5,
            "clicking a cluster zooms in (was {zoom}, now {})",
            harness.state().zoom()
        );
        assert!(
            harness.state().selection().is_none(),
            "a cluster is not a feature"
        );
    }
    // Now the figures are spread on a ring around their shared spot, each one clickable.
    let layout = harness.state().point_layout().clone();
    let figures: Vec<_> = layout
        .placed
        .iter()
        .filter_map(|p| match p {
            PlacedPoint::Displaced { item, at } => Some((item.feature, item.layer, *at)),
            _ => None,
        })
        .filter(|(_, layer, _)| harness.state().layers()[*layer].id.0 == "figures")
        .collect();
    assert_eq!(figures.len(), 5, "five figures spread out: {layout:?}");
    let (feature, _, at) = figures[2];
    click_at(&mut harness, Pos2::new(at[0], at[1]));
    let selection = harness
        .state()
        .selection()
        .expect("displaced point selected");
    assert_eq!(selection.layer.0, "figures");
    assert_eq!(selection.feature, feature);
    harness.get_by_label("Figures");
    harness.snapshot("core_spread_out");
}

#[test]
fn charts_window_shows_the_seed_series_with_their_sources() {
    let mut harness = harness();
    assert!(
        harness
            .query_by_label_contains("NEV production in Chongqing")
            .is_none()
    );
    harness.get_by_label("Charts").click();
    harness.run();
    harness.get_by_label("NEV production in Chongqing (vehicles)");
    harness.get_by_label("Growth year on year (%)");
    // NEV production: 2024 and Jan–Oct 2025 from seed 002, the 2025 target from seed 003.
    harness.get_by_label_contains(
        "Source: seed articles 002_095d29cdce9e3eb4.txt (2025-11-25), 003_ed158aa074f929e7.txt",
    );
    assert_eq!(
        harness
            .query_all_by_label_contains("Source: seed articles")
            .count(),
        2
    );
    harness.snapshot("charts");
    // Closing it again from the same toggle.
    harness.get_by_label("Charts").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("NEV production in Chongqing")
            .is_none()
    );
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
fn measuring_two_and_three_clicks_gives_geodesic_distance_and_area() {
    let mut harness = harness();
    harness.get_by_label("Measure").click();
    harness.run();
    harness.get_by_label("Click the map to add points.");
    // Three corners of a 0.5° box over western Chongqing (clear of the point symbols).
    let corners = [(106.0, 29.0), (106.5, 29.0), (106.5, 29.5)];
    for (lon, lat) in corners {
        let pos = harness.state().screen_pos(lon, lat).unwrap();
        click_at(&mut harness, pos);
    }
    let points = harness.state().measure_points().unwrap().to_vec();
    assert_eq!(points.len(), 3);
    assert!(
        harness.state().selection().is_none(),
        "measuring does not select"
    );
    // Clicks land within a pixel of the corners (a pixel is ~0.003° here).
    for (p, c) in points.iter().zip(corners) {
        assert!(
            (p.0 - c.0).abs() < 0.01 && (p.1 - c.1).abs() < 0.01,
            "{p:?} vs {c:?}"
        );
    }
    let expected_km = chongqing_atlas::geometry::measure::path_length_m(&points) / 1000.0;
    assert!((expected_km - 103.6).abs() < 1.5, "{expected_km}");
    harness.get_by_label_contains("Area: ");
    harness.snapshot("measure");
    harness.get_by_label("Done").click();
    harness.run();
    assert!(harness.state().measure_points().is_none());
    // Back to normal: a click selects again.
    let pos = inside(&harness, "梁平区");
    click_at(&mut harness, pos);
    assert!(harness.state().selection().is_some());
}

#[test]
fn the_scale_bar_shows_a_round_distance() {
    let mut harness = harness();
    let zoom = harness.state().zoom();
    let (m, _) = chongqing_atlas::geometry::measure::scale_bar(
        chongqing_atlas::geometry::measure::metres_per_pixel(30.2, zoom),
        120.0,
    );
    let text = chongqing_atlas::geometry::measure::format_distance(m);
    assert!(text.ends_with("km"), "{text}");
    let image = harness.render().expect("render");
    let rect = harness.state().map_rect().unwrap();
    // The bar is dark ink in the bottom-left corner of the map.
    let dark = (0..100).any(|dx| {
        let p = image.get_pixel(
            (rect.left() + 20.0) as u32 + dx,
            (rect.bottom() - 14.0) as u32,
        );
        p[0] < 80 && p[1] < 80 && p[2] < 80
    });
    assert!(dark, "scale bar drawn");
}

#[test]
fn export_view_writes_a_png_of_the_map_area() {
    let mut harness = harness();
    let out = std::env::temp_dir().join(format!("atlas-export-{}.png", std::process::id()));
    let _ = std::fs::remove_file(&out);
    harness.state_mut().export_view_png(out.clone());
    wait_while(&mut harness, "the PNG export", AtlasApp::is_exporting);
    let rect = harness.state().map_rect().unwrap();
    let png = image::open(&out).expect("a PNG was written").to_rgba8();
    assert_eq!(
        (png.width(), png.height()),
        (rect.width().round() as u32, rect.height().round() as u32)
    );
    // It is the map: many colours (districts, labels, symbols), not a blank frame.
    let colours: std::collections::HashSet<_> = png.pixels().map(|p| p.0).collect();
    assert!(colours.len() > 500, "{} colours", colours.len());
    harness.get_by_label_contains("Exported the view");
}

fn first_point(app: &AtlasApp, layer_name: &str) -> geo::Point<f64> {
    let layer = app.layers().iter().find(|l| l.name == layer_name).unwrap();
    match layer.features[0].geometry {
        geo::Geometry::Point(p) => p,
        ref g => panic!("{g:?}"),
    }
}

#[test]
fn a_file_reloaded_as_gcj02_shifts_onto_wgs84_and_the_next_session_restores_it() {
    let mut harness = harness();
    let path = write_temp(
        "gcj_site.geojson",
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"name": "Jiefangbei (GCJ-02)"},
        "geometry": {"type": "Point", "coordinates": [106.5770, 29.5572]}}]}"#,
    );
    drop_files(&mut harness, std::slice::from_ref(&path));
    let name = "gcj_site.geojson";
    let as_read = first_point(harness.state(), name);
    assert_eq!((as_read.x(), as_read.y()), (106.5770, 29.5572));
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Coordinates")
        .click();
    harness.run();
    harness.get_by_label("GCJ-02 → WGS84").click();
    wait_loads(&mut harness);
    let converted = first_point(harness.state(), name);
    let shift_m = chongqing_atlas::geometry::measure::path_length_m(&[
        (as_read.x(), as_read.y()),
        (converted.x(), converted.y()),
    ]);
    // GCJ-02 is offset a few hundred metres from WGS84 around Chongqing.
    assert!((200.0..800.0).contains(&shift_m), "shifted {shift_m} m");
    assert_eq!(
        harness.state().layers().len(),
        6,
        "replaced in place, not added"
    );
    assert_eq!(
        harness.state().file_crs(&path),
        Some(chongqing_atlas::io::crs::Crs::Gcj02)
    );
    // Hide it, then save the session the way eframe would and start again.
    harness.get_by_label(name).click();
    harness.run();
    let saved = serde_json::to_string(&harness.state().session()).unwrap();
    let zoom = harness.state().zoom();

    let mut next = self::harness();
    assert_eq!(next.state().layers().len(), 5);
    next.state_mut()
        .restore(serde_json::from_str(&saved).unwrap());
    wait_loads(&mut next);
    let app = next.state();
    let layer = app
        .layers()
        .iter()
        .find(|l| l.name == name)
        .expect("file reopened");
    assert!(!layer.visible, "its visibility is kept");
    let restored = first_point(app, name);
    assert_eq!((restored.x(), restored.y()), (converted.x(), converted.y()));
    assert!(
        (app.zoom() - zoom).abs() < 0.01,
        "view restored: {} vs {zoom}",
        app.zoom()
    );
}

#[test]
fn a_session_file_that_is_gone_is_reported_and_skipped() {
    let mut harness = harness();
    let session = chongqing_atlas::ui::Session {
        files: vec![chongqing_atlas::ui::SessionFile {
            path: "/nonexistent/gone.geojson".into(),
            visible: true,
            opacity: 1.0,
            color: chongqing_atlas::model::Rgba::rgb(1, 2, 3),
            colour_by: None,
        }],
        ..Default::default()
    };
    harness.state_mut().restore(session);
    wait_loads(&mut harness);
    harness.get_by_label_contains("gone.geojson: not found");
    assert_eq!(harness.state().layers().len(), 5);
}

#[test]
fn a_layer_exports_as_geojson_all_or_just_the_selected_feature() {
    use chongqing_atlas::io::{Progress, ReadOptions, read_geojson_file};
    let mut harness = harness();
    let path = write_temp("export_src.geojson", TWO_SITES);
    drop_files(&mut harness, std::slice::from_ref(&path));
    let index = harness.state().layers().len() - 1;
    let all = path.with_file_name("export_all.geojson");
    harness
        .state_mut()
        .export_layer(index, false, Some(all.clone()));
    wait_jobs(&mut harness);
    harness.get_by_label_contains("Exported 2 feature(s) of export_src.geojson");
    let read = |p: &std::path::Path| {
        read_geojson_file(p, &ReadOptions::default(), &Progress::default())
            .unwrap()
            .features
    };
    let original = read(&path);
    let exported = read(&all);
    assert_eq!(exported.len(), 2);
    for (a, b) in original.iter().zip(&exported) {
        assert_eq!(a.geometry, b.geometry);
        assert_eq!(a.properties, b.properties);
    }
    // Select the depot on the map, then export only it.
    let depot = harness.state().screen_pos(106.9, 29.9).unwrap();
    click_at(&mut harness, depot);
    assert_eq!(
        harness.state().selected_feature().and_then(|f| f.name_en()),
        Some("Test depot")
    );
    let one = path.with_file_name("export_one.geojson");
    harness
        .state_mut()
        .export_layer(index, true, Some(one.clone()));
    wait_jobs(&mut harness);
    let exported = read(&one);
    assert_eq!(exported.len(), 1);
    assert_eq!(exported[0].properties["capacity_t"], 12);
    // Nothing selected in another layer: refused with a notice, nothing written.
    harness
        .state_mut()
        .export_layer(0, true, Some(path.with_file_name("none.geojson")));
    wait_jobs(&mut harness);
    harness.get_by_label_contains("nothing selected to export");
    assert!(!path.with_file_name("none.geojson").exists());
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

/// Hides every bundled layer so only a dropped file is drawn on the paper.
/// A square with a long, thin needle east of it, its tip at 112.5° E on the 30.0005° N line.
const NEEDLE: &str = r#"{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "Needle"}, "geometry": {"type": "Polygon", "coordinates": [[
 [111.0, 29.8], [111.5, 29.8], [111.5, 30.0], [112.5, 30.0005], [111.5, 30.001], [111.5, 30.2], [111.0, 30.2], [111.0, 29.8]]]}}
]}"#;

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
