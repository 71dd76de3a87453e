//! The map's keys and wheel, as in QGIS and Leaflet: a notch is one zoom level around the
//! pointer, the zoom stays within 3–19, arrows pan, + and − zoom, Home fits Chongqing, Esc
//! clears the selection, Ctrl+F goes to the search box.

use egui::{Event, Key, Modifiers, MouseWheelUnit, Pos2, TouchPhase, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use chongqing_atlas::ui::AtlasApp;
use chongqing_atlas::ui::Probe as _;

use crate::common::*;

fn wheel(harness: &mut Harness<'_, AtlasApp>, at: Pos2, notches: f32) {
    harness.event(Event::PointerMoved(at));
    harness.step();
    harness.event(Event::MouseWheel {
        unit: MouseWheelUnit::Line,
        delta: vec2(0.0, notches),
        phase: TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    harness.run();
}

fn centre(harness: &Harness<'_, AtlasApp>) -> (f64, f64) {
    let app = harness.state();
    app.lonlat_at(app.map_rect().unwrap().center()).unwrap()
}

#[test]
fn a_wheel_notch_is_one_zoom_level_around_the_pointer() {
    let mut harness = harness();
    let start = harness.state().zoom();
    let at = harness.state().map_rect().unwrap().center() + vec2(120.0, -80.0);
    let under = harness.state().lonlat_at(at).unwrap();
    wheel(&mut harness, at, 1.0);
    let zoom = harness.state().zoom();
    assert!((zoom - (start + 1.0)).abs() < 1e-6, "{start} → {zoom}");
    let still = harness.state().lonlat_at(at).unwrap();
    assert!(
        (still.0 - under.0).abs() < 1e-4 && (still.1 - under.1).abs() < 1e-4,
        "{under:?} moved to {still:?}"
    );
    wheel(&mut harness, at, -2.0);
    let zoom = harness.state().zoom();
    assert!((zoom - (start - 1.0)).abs() < 1e-6, "{start} → {zoom}");
}

#[test]
fn the_zoom_stays_between_3_and_19() {
    let mut harness = harness();
    let at = harness.state().map_rect().unwrap().center();
    for _ in 0..8 {
        wheel(&mut harness, at, 3.0);
    }
    assert_eq!(harness.state().zoom(), 19.0);
    for _ in 0..12 {
        wheel(&mut harness, at, -3.0);
    }
    assert_eq!(harness.state().zoom(), 3.0);
}

#[test]
fn arrows_pan_plus_and_minus_zoom_and_home_fits_chongqing() {
    let mut harness = harness();
    let (start_zoom, start) = (harness.state().zoom(), centre(&harness));
    harness.key_press(Key::ArrowRight);
    harness.run();
    let east = centre(&harness);
    assert!(
        east.0 > start.0 + 0.1 && (east.1 - start.1).abs() < 1e-6,
        "{start:?} → {east:?}"
    );
    harness.key_press(Key::ArrowUp);
    harness.run();
    assert!(centre(&harness).1 > east.1 + 0.1, "north");
    harness.key_press(Key::Plus);
    harness.run();
    assert!((harness.state().zoom() - (start_zoom + 1.0)).abs() < 1e-6);
    harness.key_press(Key::Minus);
    harness.key_press(Key::Minus);
    harness.run();
    assert!((harness.state().zoom() - (start_zoom - 1.0)).abs() < 1e-6);
    harness.key_press(Key::Home);
    harness.run();
    let home = centre(&harness);
    assert!((harness.state().zoom() - start_zoom).abs() < 1e-6);
    assert!((home.0 - start.0).abs() < 1e-6 && (home.1 - start.1).abs() < 1e-6);
}

#[test]
fn escape_clears_the_selection() {
    let mut harness = harness();
    let pos = inside(&harness, "梁平区");
    click_at(&mut harness, pos);
    assert!(harness.state().selected_feature().is_some());
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().selected_feature().is_none());
}

#[test]
fn ctrl_f_goes_to_the_search_box_and_typing_there_does_not_move_the_map() {
    let mut harness = harness();
    let zoom = harness.state().zoom();
    assert!(!harness.get_by_label("Search").is_focused());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(harness.get_by_label("Search").is_focused());
    // What is typed now goes to the search box, and "−" is text, not a zoom out.
    harness.event(Event::Text("巫山".into()));
    harness.key_press(Key::Minus);
    harness.run();
    harness.get_by_label_contains("Wushan County");
    assert_eq!(harness.state().zoom(), zoom);
}
