//! Choosing features on the map (issue 30), as in QGIS: a rectangle (Shift-drag), a lasso,
//! Ctrl-click to add or take out, Esc to clear; the statistics of what is chosen, the table
//! showing only it, and a layer made of it.

use chongqing_atlas::i18n::Language;
use chongqing_atlas::ui::{AtlasApp, Probe as _};
use egui::accesskit::Role;
use egui::{Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use geo::Intersects as _;

use crate::analysis::{choose, layer_named};
use crate::common::*;

/// 400 deliveries on a lattice over the city, tonnes 0–38.
pub(crate) fn deliveries() -> String {
    let mut csv = String::from("id,lon,lat,tonnes\n");
    for i in 0..20 {
        for j in 0..20 {
            let (lon, lat) = (105.4 + i as f64 * 0.24, 28.3 + j as f64 * 0.19);
            csv.push_str(&format!("{},{lon:.3},{lat:.3},{}\n", i * 20 + j, i + j));
        }
    }
    csv
}

fn at(harness: &Harness<'_, AtlasApp>, lon: f64, lat: f64) -> Pos2 {
    harness.state().screen_pos(lon, lat).expect("map drawn")
}

/// A drag along `path` with `modifiers` held, as a hand draws a shape.
fn draw(harness: &mut Harness<'_, AtlasApp>, path: &[Pos2], modifiers: Modifiers) {
    harness.event(egui::Event::ModifiersChanged(modifiers));
    harness.hover_at(path[0]);
    harness.step();
    harness.drag_at(path[0]);
    harness.step();
    for pair in path.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        for k in 1..=8 {
            harness.hover_at(from + (to - from) * (k as f32 / 8.0));
            harness.step();
        }
    }
    harness.drop_at(*path.last().unwrap());
    harness.step();
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

fn loaded(language: Language) -> Harness<'static, AtlasApp> {
    let mut harness = harness_with(move |c| c.language = Some(language));
    drop_files(&mut harness, &[write_temp("chosen.csv", &deliveries())]);
    wait_loads(&mut harness);
    harness
}

fn chosen_count(harness: &Harness<'_, AtlasApp>) -> usize {
    harness.state().chosen().map_or(0, |c| c.features.len())
}

/// The deliveries inside a lon/lat box, and their tonnes.
fn inside_box(harness: &Harness<'_, AtlasApp>, [w, s, e, n]: [f64; 4]) -> (usize, f64) {
    let layer = layer_named(harness, "chosen.csv");
    let inside: Vec<_> = (layer.features.iter())
        .filter(|f| {
            let geo::Geometry::Point(p) = f.geometry else {
                return false;
            };
            (w..=e).contains(&p.x()) && (s..=n).contains(&p.y())
        })
        .collect();
    let tonnes = inside
        .iter()
        .map(|f| f.f64_property("tonnes").unwrap())
        .sum();
    (inside.len(), tonnes)
}

/// A chosen point on screen clear of every other layer's symbols (so a click there hits it),
/// with its tonnes.
fn clear_chosen_point(harness: &Harness<'_, AtlasApp>) -> (Pos2, f64) {
    let app = harness.state();
    let layer = layer_named(harness, "chosen.csv");
    let others: Vec<Pos2> = (app.layers().iter())
        .filter(|l| l.id != layer.id && l.visible)
        .flat_map(|l| l.features.iter())
        .filter_map(|f| match f.geometry {
            geo::Geometry::Point(p) => app.screen_pos(p.x(), p.y()),
            _ => None,
        })
        .collect();
    let chosen = app.chosen().unwrap();
    (chosen.features.iter())
        .map(|&i| {
            let geo::Geometry::Point(p) = layer.features[i].geometry else {
                unreachable!()
            };
            let tonnes = layer.features[i].f64_property("tonnes").unwrap();
            (at(harness, p.x(), p.y()), tonnes)
        })
        .max_by(|(a, _), (b, _)| {
            let clear = |p: &Pos2| {
                others
                    .iter()
                    .map(|o| o.distance(*p))
                    .fold(f32::MAX, f32::min)
            };
            clear(a).total_cmp(&clear(b))
        })
        .unwrap()
}

#[test]
fn a_rectangle_chooses_its_points_their_statistics_ctrl_click_esc_and_a_new_layer() {
    let mut harness = loaded(Language::English);
    let bbox = [106.3, 29.2, 107.3, 30.0];
    let (a, b) = (
        at(&harness, bbox[0], bbox[3]),
        at(&harness, bbox[2], bbox[1]),
    );
    // The box as drawn on screen, in lon/lat (a pixel's rounding either way).
    let (w, n) = harness.state().lonlat_at(a).unwrap();
    let (e, s) = harness.state().lonlat_at(b).unwrap();
    let (expected, tonnes) = inside_box(&harness, [w, s, e, n]);
    assert!(expected > 10, "{expected}");
    let view_before = harness.state().lonlat_at(a);
    draw(&mut harness, &[a, b], Modifiers::SHIFT);
    assert_eq!(
        harness.state().lonlat_at(a),
        view_before,
        "the map did not pan"
    );
    let chosen = harness.state().chosen().expect("a choice");
    assert_eq!(chosen.features.len(), expected);
    assert_eq!(chosen.layer.0, layer_named(&harness, "chosen.csv").id.0);
    harness.get_by_label(&format!("{expected} chosen"));
    snapshot(&mut harness, "chosen_rectangle");

    // Ctrl-click takes one out.
    let (first, out_tonnes) = clear_chosen_point(&harness);
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: first,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::COMMAND,
        },
        Modifiers::COMMAND,
    );
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: first,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::COMMAND,
        },
        Modifiers::COMMAND,
    );
    harness.run();
    assert_eq!(chosen_count(&harness), expected - 1);
    let (tonnes, expected) = (tonnes - out_tonnes, expected - 1);

    // Their statistics: only the chosen, by default.
    harness.get_by_label("Statistics").click();
    harness.run();
    choose(&mut harness, "Field", "tonnes");
    let label = format!("Selected features only ({expected})");
    let only = harness.get_by_label(&label);
    assert_eq!(
        only.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    harness.get_by_label(&chongqing_atlas::model::format_number(tonnes));

    // A layer of them.
    harness.get_by_label("New layer").click();
    harness.run();
    let made = layer_named(&harness, &format!("{expected} chosen of chosen.csv"));
    assert_eq!(made.features.len(), expected);

    // Esc clears the choice.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.state().chosen().is_none());
    assert!(harness.query_by_label_contains("chosen in").is_none());
}

#[test]
fn a_lasso_chooses_what_its_shape_touches_and_the_table_shows_only_them() {
    let mut harness = loaded(Language::English);
    harness.get_by_label("Lasso").click();
    harness.run();
    let corners = [(106.0, 28.7), (107.6, 28.9), (106.4, 30.1)];
    let path: Vec<Pos2> = corners.iter().map(|&(x, y)| at(&harness, x, y)).collect();
    draw(&mut harness, &path, Modifiers::NONE);
    // What the drawn triangle (closed back to its start) touches, by the book.
    let ring: Vec<(f64, f64)> = path
        .iter()
        .chain(std::iter::once(&path[0]))
        .map(|p| harness.state().lonlat_at(*p).unwrap())
        .collect();
    let triangle = geo::Polygon::new(ring.into(), vec![]);
    let layer = layer_named(&harness, "chosen.csv");
    let expected = (layer.features.iter())
        .filter(|f| f.geometry.intersects(&triangle))
        .count();
    assert!(expected > 5, "{expected}");
    // The lasso keeps a vertex every few pixels along its path; at the corners it is exact.
    let got = chosen_count(&harness);
    assert!(got.abs_diff(expected) <= 1, "{got} vs {expected}");

    harness.get_by_label("Show in table").click();
    harness.run();
    let label = format!("Selected only ({got})");
    let only = harness.get_by_label(&label);
    assert_eq!(
        only.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    let rows = harness.query_all_by_role(Role::Row).count();
    assert!(rows <= got + 1, "{rows} rows for {got} chosen");
}

#[test]
fn in_chinese_the_choice_and_its_statistics_speak_chinese() {
    let mut harness = loaded(Language::Chinese);
    let (a, b) = (at(&harness, 106.3, 30.0), at(&harness, 107.3, 29.2));
    draw(&mut harness, &[a, b], Modifiers::SHIFT);
    let n = chosen_count(&harness);
    assert!(n > 10);
    harness.get_by_label(&format!("已选 {n} 个"));
    harness.get_by_label("统计").click();
    harness.run();
    choose(&mut harness, "字段", "tonnes");
    snapshot(&mut harness, "chosen_rectangle_statistics_zh");
}
