//! Asking the map questions (issue 30), as a planner does: colour the districts in classes of
//! their area, read the legend, change the classing.

use chongqing_atlas::i18n::Language;
use chongqing_atlas::model::Graduated;
use chongqing_atlas::ui::AtlasApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::*;

fn districts_style(harness: &Harness<'_, AtlasApp>) -> Graduated {
    let layer = (harness.state().layers().iter())
        .find(|l| l.name == "Districts & counties")
        .unwrap();
    layer.style.graduated.clone().expect("graduated")
}

fn colour_districts_by_area(harness: &mut Harness<'_, AtlasApp>, in_classes: &str) {
    harness
        .query_all_by_role_and_label(Role::ComboBox, "Colour by")
        .last()
        .unwrap()
        .click();
    harness.run();
    // The classes come after the categories, below the list's fold: scroll to them.
    harness.get_by_label(in_classes).scroll_to_me();
    harness.run();
    harness.get_by_label(in_classes).click();
    harness.run();
}

fn pixel_in(harness: &mut Harness<'_, AtlasApp>, name_zh: &str) -> [u8; 4] {
    let at = inside(harness, name_zh);
    harness
        .render()
        .unwrap()
        .get_pixel(at.x as u32, at.y as u32)
        .0
}

#[test]
fn districts_coloured_in_natural_break_classes_of_their_area_with_the_legend() {
    let mut harness = harness();
    colour_districts_by_area(&mut harness, "area_km2 in classes");
    let style = districts_style(&harness);
    assert_eq!(style.method, "jenks");
    assert_eq!(style.counts.len(), 5);
    assert_eq!(
        style.counts.iter().sum::<usize>(),
        37,
        "every district in a class"
    );
    assert_eq!(style.no_data, 0);
    assert_eq!(
        harness.get_by_label("Classes").value().as_deref(),
        Some("Natural breaks (Jenks)")
    );
    // The legend lists each class with its count.
    for count in &style.counts {
        harness
            .get_all_by_label(&format!("({count})"))
            .next()
            .unwrap();
    }
    // The largest district of the second class and of the last are drawn in different colours.
    let largest_in = |class: usize| {
        let layer = (harness.state().layers().iter())
            .find(|l| l.name == "Districts & counties")
            .unwrap();
        let area = |f: &chongqing_atlas::model::Feature| f.properties["area_km2"].as_f64().unwrap();
        (layer.features.iter())
            .filter(|f| style.class_of(area(f)) == Some(class))
            .max_by(|a, b| area(a).total_cmp(&area(b)))
            .map(|f| f.str_property("name_zh").unwrap().to_owned())
            .unwrap()
    };
    let (small, large) = (largest_in(1), largest_in(4));
    assert_ne!(
        pixel_in(&mut harness, &small),
        pixel_in(&mut harness, &large)
    );
    snapshot(&mut harness, "districts_area_jenks");

    // Quantiles put about as many districts in each class.
    harness.get_by_label("Classes").click();
    harness.run();
    harness.get_by_label("Quantile (equal count)").click();
    harness.run();
    let quantiles = districts_style(&harness);
    assert_eq!(quantiles.method, "quantile");
    assert!(
        quantiles.counts.iter().all(|n| (7..=8).contains(n)),
        "{:?}",
        quantiles.counts
    );
}

#[test]
fn in_chinese_the_classes_and_their_legend_speak_chinese() {
    let mut harness = harness_with(|c| c.language = Some(Language::Chinese));
    harness
        .query_all_by_role_and_label(Role::ComboBox, "着色依据")
        .last()
        .unwrap()
        .click();
    harness.run();
    harness.get_by_label("area_km2（分级）").scroll_to_me();
    harness.run();
    harness.get_by_label("area_km2（分级）").click();
    harness.run();
    assert_eq!(
        harness.get_by_label("分级").value().as_deref(),
        Some("自然断点（Jenks）")
    );
    snapshot(&mut harness, "districts_area_jenks_zh");
}
