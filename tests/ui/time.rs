//! The time filter: the bar under the menu, its range dragged like kepler.gl's, play, the
//! layers that follow it (thematic, a spreadsheet's date column, GPX track times), and the
//! cards' related links.

use crate::common::*;
use chongqing_atlas::model::{TimeSpan, parse_span};
use chongqing_atlas::ui::Probe as _;
use egui::Pos2;
use egui_kittest::kittest::Queryable;

fn ids(
    harness: &egui_kittest::Harness<'_, chongqing_atlas::ui::AtlasApp>,
    layer: &str,
) -> Vec<String> {
    harness
        .state()
        .layer(layer)
        .unwrap()
        .features
        .iter()
        .filter_map(|f| f.str_property("id").map(str::to_string))
        .collect()
}

fn day(text: &str) -> TimeSpan {
    parse_span(&text.into()).unwrap()
}

fn open_time_bar(harness: &mut egui_kittest::Harness<'_, chongqing_atlas::ui::AtlasApp>) {
    harness.get_by_label("Time").click();
    harness.run();
}

#[test]
fn dragging_the_start_of_the_range_hides_what_happened_before_it() {
    let mut harness = harness();
    assert!(ids(&harness, "logistics").contains(&"xinsheng-port".to_string()));
    assert_eq!(
        harness.state().time_range(),
        None,
        "no filter before the bar opens"
    );
    open_time_bar(&mut harness);
    let whole = harness.state().time_range().expect("the bar filters");
    // The timeline runs from the oldest event (Tianfu airport, 2021) to the newest article.
    assert_eq!(whole.start, day("2021-06-27").start);
    assert_eq!(whole.end, day("2025-11-25").end);
    harness.get_by_label_contains("36 of 36 dated features");
    // Drag the start handle to the middle of the timeline.
    let track = harness.get_by_label("Time range").rect();
    drag(
        &mut harness,
        Pos2::new(track.left() + 1.0, track.center().y),
        track.center(),
    );
    let range = harness.state().time_range().unwrap();
    assert!(
        range.start > day("2023-06-01").start,
        "start moved: {range:?}"
    );
    assert_eq!(range.end, whole.end);
    let logistics = ids(&harness, "logistics");
    for gone in ["xinsheng-port", "tianfu-airport", "zhengzhou-chongqing-hsr"] {
        assert!(
            !logistics.contains(&gone.to_string()),
            "{gone} is before the range"
        );
    }
    assert!(logistics.contains(&"new-chongqing-airport".to_string()));
    assert!(
        ids(&harness, "industry").contains(&"matchmaking-2025".to_string()),
        "November 2025 is in range"
    );
    snapshot(&mut harness, "time_filtered");
    // The charts follow: they say which dates they show.
    harness.get_by_label("Charts").click();
    harness.run();
    harness.get_by_label_contains("Figures reported from 2023-");
    harness.get_by_label("Charts").click();
    harness.run();
    // The districts and the airports have no dates: they stay.
    assert_eq!(
        harness.state().layer("districts").unwrap().features.len(),
        37
    );
    assert!(harness.state().layer("airports").unwrap().features.len() >= 20);
    // Closing the bar puts everything back.
    open_time_bar(&mut harness);
    assert_eq!(harness.state().time_range(), None);
    assert!(ids(&harness, "logistics").contains(&"xinsheng-port".to_string()));
}

#[test]
fn dragging_the_middle_moves_the_whole_window_and_the_selection_follows_its_feature() {
    let mut harness = harness();
    harness.get_by_label("Search").focus();
    harness.run();
    harness.get_by_label("Search").type_text("Matchmaking");
    harness.run();
    harness
        .get_by_label_contains("Matchmaking Activities")
        .click();
    harness.run();
    let selected_id = |harness: &egui_kittest::Harness<'_, chongqing_atlas::ui::AtlasApp>| {
        harness
            .state()
            .selected_feature()
            .and_then(|f| f.str_property("id").map(str::to_string))
    };
    assert_eq!(selected_id(&harness).as_deref(), Some("matchmaking-2025"));
    open_time_bar(&mut harness);
    let track = harness.get_by_label("Time range").rect();
    // Narrow the range to its last fifth, then slide it back by a tenth.
    drag(
        &mut harness,
        Pos2::new(track.left() + 1.0, track.center().y),
        Pos2::new(track.left() + track.width() * 0.8, track.center().y),
    );
    let narrow = harness.state().time_range().unwrap();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("matchmaking-2025"),
        "its feature is still in range, at another index"
    );
    let at = Pos2::new(track.left() + track.width() * 0.9, track.center().y);
    drag(&mut harness, at, at - egui::vec2(track.width() * 0.1, 0.0));
    let moved = harness.state().time_range().unwrap();
    let length = |r: TimeSpan| r.end - r.start;
    assert!(
        moved.start < narrow.start && moved.end < narrow.end,
        "{narrow:?} → {moved:?}"
    );
    assert!(
        (length(moved) - length(narrow)).abs() <= 86_400,
        "same length"
    );
    // The selection followed the event while it stayed in range, and went with it.
    assert!(moved.end < day("2025-11-25").start);
    assert_eq!(selected_id(&harness), None);
}

#[test]
fn play_slides_the_range_along_the_timeline() {
    let mut harness = harness();
    open_time_bar(&mut harness);
    let whole = harness.state().time_range().unwrap();
    harness.get_by_label("▶ Play").click();
    harness.step();
    let first = harness.state().time_range().unwrap();
    assert!(
        first.end < whole.end,
        "play starts from a window at the start: {first:?}"
    );
    for _ in 0..30 {
        harness.step();
    }
    let later = harness.state().time_range().unwrap();
    assert!(
        later.start > first.start,
        "the window moved: {first:?} → {later:?}"
    );
    // Pause stops it.
    harness.get_by_label("‖ Pause").click();
    harness.step();
    let paused = harness.state().time_range().unwrap();
    for _ in 0..10 {
        harness.step();
    }
    assert_eq!(harness.state().time_range().unwrap(), paused);
}

#[test]
fn a_spreadsheet_date_column_and_a_gpx_track_follow_the_filter() {
    let mut harness = harness();
    let csv = write_temp(
        "signings.csv",
        "项目,经度,纬度,签约日期\n早,106.5,29.5,2021-07-01\n晚,106.6,29.6,2025-11-25\n",
    );
    let gpx = std::path::PathBuf::from("tests/fixtures/formats/hubs.gpx");
    drop_files(&mut harness, &[csv, gpx]);
    accept_layer_choice(&mut harness);
    let names = |harness: &egui_kittest::Harness<'_, chongqing_atlas::ui::AtlasApp>, part: &str| {
        let layer = harness
            .state()
            .layers()
            .iter()
            .find(|l| l.name.contains(part))
            .unwrap_or_else(|| panic!("no layer {part}"));
        layer
            .features
            .iter()
            .map(|f| {
                f.str_property("项目")
                    .or(f.str_property("name"))
                    .unwrap_or("")
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    let layer_names: Vec<String> = harness
        .state()
        .layers()
        .iter()
        .map(|l| l.name.clone())
        .collect();
    assert_eq!(names(&harness, "signings"), ["早", "晚"], "{layer_names:?}");
    open_time_bar(&mut harness);
    let track = harness.get_by_label("Time range").rect();
    drag(
        &mut harness,
        Pos2::new(track.left() + 1.0, track.center().y),
        track.center(),
    );
    assert_eq!(
        names(&harness, "signings"),
        ["晚"],
        "the 2021 row is before the range"
    );
    // The drone track flew on 2025-11-25, inside the range; a track timed before the range
    // would go. The waypoints and routes carry no times: they are not filtered.
    assert_eq!(names(&harness, "tracks"), ["无人机航迹"], "{layer_names:?}");
    assert_eq!(names(&harness, "waypoints").len(), 6);
    let track = harness.get_by_label("Time range").rect();
    drag(
        &mut harness,
        Pos2::new(track.right() - 1.0, track.center().y),
        Pos2::new(track.center().x + 2.0, track.center().y),
    );
    let range = harness.state().time_range().unwrap();
    assert!(range.end < day("2025-11-25").start, "{range:?}");
    assert!(
        names(&harness, "tracks").is_empty(),
        "the flight is after the range"
    );
    assert!(names(&harness, "signings").is_empty());
}

#[test]
fn a_card_links_the_planned_airport_to_jiangbei_in_the_airports_layer() {
    let mut harness = harness();
    harness.get_by_label("Search").focus();
    harness.run();
    harness
        .get_by_label("Search")
        .type_text("New Chongqing airport");
    harness.run();
    harness
        .get_by_label_contains("New Chongqing airport (Bishan)")
        .click();
    harness.run();
    assert_eq!(
        harness
            .state()
            .selected_feature()
            .and_then(|f| f.str_property("id")),
        Some("new-chongqing-airport")
    );
    harness
        .get_by_label_contains("→ Chongqing Jiangbei International Airport 重庆江北国际机场")
        .click();
    harness.run();
    let selected = harness
        .state()
        .selected_feature()
        .expect("the link selects");
    assert_eq!(selected.str_property("icao"), Some("ZUCK"));
}
