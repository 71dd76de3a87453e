//! Selecting, hovering and searching: clicks on districts, points and clusters, and the cards they open.

use chongqing_atlas::ui::Probe as _;
use egui::Pos2;
use egui_kittest::kittest::Queryable;

use crate::common::*;

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
    snapshot(&mut harness, "liangping_selected");
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
    // CHINT's past investment is not a figure of the planned demonstrations: the card links to
    // CHINT in Chongqing, which carries it.
    assert!(harness.query_by_label("Figures").is_none());
    assert!(harness.query_by_label_contains("10 billion yuan").is_none());
    harness.get_by_label("Sources");
    harness.get_by_label_contains("Location is district seat");
    harness.get_by_label_contains("Chint plans to work with SPIC Chongqing");
    harness.get_by_label_contains("Event date: 2025-11-25");
    snapshot(&mut harness, "project_selected");
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
    let p = harness.state().screen_pos(107.935, 30.215).unwrap();
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

#[test]
fn dense_points_never_overlap_and_a_cluster_opens_down_to_spread_out_points() {
    use chongqing_atlas::render::points::PlacedPoint;
    let mut harness = harness();
    let footprint = |p: &PlacedPoint| match p {
        PlacedPoint::Cluster { radius, .. } => *radius,
        _ => 6.0,
    };
    // Where the municipal figures share one spot (the municipal government).
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
    let municipal = harness.state().layer("figures").unwrap().features.len();
    assert_eq!(
        figures.len(),
        municipal,
        "the figures spread out: {layout:?}"
    );
    let (feature, _, at) = figures[2];
    click_at(&mut harness, Pos2::new(at[0], at[1]));
    let selection = harness
        .state()
        .selection()
        .expect("displaced point selected");
    assert_eq!(selection.layer.0, "figures");
    assert_eq!(selection.feature, feature);
    harness.get_by_label("Figures");
    // The selection ring's edge lands between pixels: on an AMD EPYC one pixel of it passes
    // the colour threshold (0.6 < difference < 1.0) against the recorded image.
    snapshot_allowing(&mut harness, "core_spread_out", 3);
}
