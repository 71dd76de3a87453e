//! A layer's filter, typed as a QGIS user types it (issue 30): a mistake says where and what
//! was expected and keeps the layer as it was; the fixed filter cuts the map, the row's count,
//! the attribute table and what the analysis tools count.

use chongqing_atlas::ui::AtlasApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::analysis::{choose, layer_named, wait_analysis};
use crate::common::*;

/// 400 deliveries on a lattice over the city: tonnes 0–38, every third by drone.
fn deliveries() -> String {
    let mut csv = String::from("id,lon,lat,tonnes,kind\n");
    for i in 0..20 {
        for j in 0..20 {
            let (lon, lat) = (105.4 + i as f64 * 0.24, 28.3 + j as f64 * 0.19);
            let kind = if (i * 20 + j) % 3 == 0 {
                "drone"
            } else {
                "truck"
            };
            csv.push_str(&format!(
                "{},{lon:.3},{lat:.3},{},{kind}\n",
                i * 20 + j,
                i + j
            ));
        }
    }
    csv
}

/// Types `text` as the (first open) layer filter and presses Enter.
pub(crate) fn type_filter(harness: &mut Harness<'_, AtlasApp>, text: &str) {
    let field = harness.get_by_role_and_label(Role::TextInput, "Filter");
    field.click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

#[test]
fn a_filter_with_a_syntax_error_says_where_then_fixed_it_cuts_map_table_and_counts() {
    let mut harness = harness();
    drop_files(&mut harness, &[write_temp("filtered.csv", &deliveries())]);
    wait_loads(&mut harness);
    // The newest layer's row is the first; its Filter button opens the field.
    harness
        .query_all_by_role_and_label(Role::Button, "Filter")
        .next()
        .unwrap()
        .click();
    harness.run();

    type_filter(&mut harness, "tonnes > 10 AND");
    // Where (just past the end: column 16) and what was expected.
    harness.get_by_label_contains("Not applied: column 16: expected an expression");
    assert_eq!(
        layer_named(&harness, "filtered.csv").features.len(),
        400,
        "a typo never clears the layer"
    );

    type_filter(&mut harness, "tonnes > 10 AND kind = 'drone'");
    let kept = |tonnes: usize, id: usize| tonnes > 10 && id.is_multiple_of(3);
    let expected = (0..20)
        .flat_map(|i| (0..20).map(move |j| (i + j, i * 20 + j)))
        .filter(|(t, id)| kept(*t, *id))
        .count();
    step_until(&mut harness, "the filter", |app| {
        (app.layers().iter()).any(|l| l.name == "filtered.csv" && l.features.len() == expected)
    });
    assert!(harness.query_by_label_contains("Not applied:").is_none());
    harness.get_by_label(&format!("{expected} of 400 shown"));
    let layer = layer_named(&harness, "filtered.csv");
    assert!(layer.features.iter().all(|f| {
        f.f64_property("tonnes").unwrap() > 10.0 && f.str_property("kind") == Some("drone")
    }));
    assert_eq!(
        layer.filter.as_deref(),
        Some("tonnes > 10 AND kind = 'drone'")
    );

    // The attribute table lists what the map shows.
    harness
        .query_all_by_role_and_label(Role::Button, "Table")
        .next()
        .unwrap()
        .click();
    harness.run();
    harness.get_by_label(&format!("{expected} of 400 features (filtered)"));

    // Counted per district, the filtered points are the ones counted.
    choose_from_menu(&mut harness, &["Analysis", "Count points in polygons…"]);
    choose(&mut harness, "Polygons", "Districts & counties");
    choose(&mut harness, "Points", "filtered.csv");
    harness.get_by_label("Count").click();
    harness.run();
    wait_analysis(&mut harness);
    let counted = layer_named(&harness, "points of filtered.csv");
    let total: u64 = (counted.features.iter())
        .map(|f| f.properties["points"].as_u64().unwrap())
        .sum();
    assert!(
        total <= expected as u64 && total > 0,
        "{total} of {expected}"
    );

    // An empty filter shows every feature again.
    type_filter(&mut harness, "");
    step_until(&mut harness, "every feature back", |app| {
        (app.layers().iter()).any(|l| l.name == "filtered.csv" && l.features.len() == 400)
    });
    assert_eq!(layer_named(&harness, "filtered.csv").unfiltered_count, None);
}
