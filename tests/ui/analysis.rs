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

/// Picks `item` in the combo box captioned `caption`.
pub(crate) fn choose(harness: &mut Harness<'_, AtlasApp>, caption: &str, item: &str) {
    choose_in(harness, caption, 0, item);
}

/// Picks `item` in the `nth` combo box captioned `caption`, scrolling its list to it.
pub(crate) fn choose_in(
    harness: &mut Harness<'_, AtlasApp>,
    caption: &str,
    nth: usize,
    item: &str,
) {
    let combo = harness
        .query_all_by_role_and_label(Role::ComboBox, caption)
        .nth(nth);
    combo.unwrap().click();
    harness.run();
    let node = harness.get_all_by_label(item).last().unwrap();
    node.scroll_to_me();
    harness.run();
    harness.get_all_by_label(item).last().unwrap().click();
    harness.run();
}

pub(crate) fn wait_analysis(harness: &mut Harness<'_, AtlasApp>) {
    wait_while(harness, "the analysis", |app| {
        chongqing_atlas::ui::Probe::is_analysing(app)
    });
}

pub(crate) fn layer_named<'a>(
    harness: &'a Harness<'_, AtlasApp>,
    part: &str,
) -> &'a chongqing_atlas::model::Layer {
    (harness.state().layers().iter())
        .find(|l| l.name.contains(part))
        .unwrap_or_else(|| panic!("no layer {part}"))
}

#[test]
fn points_counted_per_district_equal_a_brute_force_count_and_are_mapped_in_classes() {
    use geo::Contains as _;
    let mut harness = harness();
    // 400 points on a lattice over the city, one in a thousand places.
    let mut csv = String::from("id,lon,lat,tonnes\n");
    for i in 0..20 {
        for j in 0..20 {
            let (lon, lat) = (105.4 + i as f64 * 0.24, 28.3 + j as f64 * 0.19);
            csv.push_str(&format!("{},{lon:.3},{lat:.3},{}\n", i * 20 + j, i + j));
        }
    }
    drop_files(&mut harness, &[write_temp("deliveries.csv", &csv)]);
    choose_from_menu(&mut harness, &["Analysis", "Count points in polygons…"]);
    choose(&mut harness, "Polygons", "Districts & counties");
    choose(&mut harness, "Points", "deliveries.csv");
    choose(&mut harness, "Also sum", "tonnes");
    harness.get_by_label("Count").click();
    harness.run();
    wait_analysis(&mut harness);
    let counted = layer_named(&harness, "points of deliveries.csv");
    let districts = layer_named(&harness, "Districts & counties");
    let points = &layer_named(&harness, "deliveries.csv").features;
    assert_eq!(counted.features.len(), 37);
    for (district, result) in districts.features.iter().zip(counted.features.iter()) {
        let brute = points
            .iter()
            .filter(|p| district.geometry.contains(&p.geometry))
            .count();
        assert_eq!(
            result.properties["points"],
            brute,
            "{:?}",
            district.str_property("name_zh")
        );
    }
    assert!(
        counted
            .features
            .iter()
            .any(|f| f.properties["tonnes_sum"].as_f64() > Some(0.0))
    );
    let style = counted
        .style
        .graduated
        .as_ref()
        .expect("coloured in classes of the count");
    assert_eq!(style.property, "points");
    harness.get_by_label_contains("Counted");
}

#[test]
fn a_spreadsheet_with_mixed_district_keys_joins_and_lists_what_matched_nothing() {
    let mut harness = harness();
    let csv =
        "区县,企业数\n渝中,120\n渝北区,300\nYuzhong District,999\nShizhu,8\n500101,45\n火星区,1\n";
    drop_files(&mut harness, &[write_temp("enterprises.csv", csv)]);
    choose_from_menu(&mut harness, &["Analysis", "Join a table by key…"]);
    choose(&mut harness, "Join to", "Districts & counties");
    let keys = harness
        .query_all_by_role_and_label(Role::ComboBox, "Its key")
        .count();
    assert_eq!(keys, 2);
    choose_in(&mut harness, "Its key", 0, "name_zh");
    choose(&mut harness, "Table", "enterprises.csv");
    choose_in(&mut harness, "Its key", 1, "区县");
    harness.get_by_label("Join").click();
    harness.run();
    wait_analysis(&mut harness);
    let joined = layer_named(&harness, "Districts & counties + enterprises.csv");
    let value = |name: &str| {
        let f = (joined.features.iter())
            .find(|f| f.str_property("name_zh") == Some(name))
            .unwrap();
        f.properties.get("企业数").cloned()
    };
    assert_eq!(
        value("渝中区"),
        Some(120.into()),
        "the first of 渝中 / Yuzhong District"
    );
    assert_eq!(value("石柱土家族自治县"), Some(8.into()));
    assert_eq!(value("万州区"), Some(45.into()), "by its code");
    assert_eq!(value("北碚区"), None, "no row for it");
    // The keys that matched nothing are listed: 渝北区 is part of 两江新区 since the
    // November 2025 reform (the 2024 map has it), and 火星区 is no district at all.
    harness.get_by_label("row 2: 渝北区");
    harness.get_by_label("row 6: 火星区");
    harness.get_by_label_contains("Yuzhong District");
}

#[test]
fn statistics_of_the_district_areas_match_the_analysis_module_and_show_a_histogram() {
    let mut harness = harness();
    choose_from_menu(&mut harness, &["Analysis", "Statistics…"]);
    choose(&mut harness, "Layer", "Districts & counties");
    choose(&mut harness, "Field", "area_km2");
    let districts = layer_named(&harness, "Districts & counties");
    let stats = chongqing_atlas::analysis::statistics::field_statistics(
        districts.features.iter(),
        "area_km2",
    );
    let numbers = stats.numbers.unwrap();
    for shown in [
        chongqing_atlas::model::format_number(numbers.sum),
        chongqing_atlas::model::format_number(numbers.median),
        chongqing_atlas::model::format_number(numbers.max),
    ] {
        harness.get_by_label(&shown);
    }
    harness.get_by_label("Number of features");
    // 37 features: in the statistics and in the layer list.
    assert!(harness.get_all_by_label("37").count() >= 2);
    harness.get_by_label("Histogram of area_km2");
}

#[test]
fn a_count_made_by_the_tool_is_kept_by_the_session_and_comes_back_named_as_it_was() {
    let mut harness = harness();
    let mut csv = String::from("id,lon,lat\n");
    for i in 0..30 {
        csv.push_str(&format!(
            "{i},{:.3},{:.3}\n",
            106.3 + f64::from(i) * 0.02,
            29.5
        ));
    }
    drop_files(&mut harness, &[write_temp("kept.csv", &csv)]);
    choose_from_menu(&mut harness, &["Analysis", "Count points in polygons…"]);
    choose(&mut harness, "Polygons", "Districts & counties");
    choose(&mut harness, "Points", "kept.csv");
    harness.get_by_label("Count").click();
    harness.run();
    wait_analysis(&mut harness);
    let counted = layer_named(&harness, "points of kept.csv");
    let (name, total) = (
        counted.name.clone(),
        (counted.features.iter())
            .map(|f| f.properties["points"].as_u64().unwrap())
            .sum::<u64>(),
    );
    let session = harness.state().session();
    let kept = (session.files.iter())
        .find(|f| f.name.as_deref() == Some(name.as_str()))
        .expect("the tool's layer is in the session")
        .path
        .clone();
    let start = std::time::Instant::now();
    while !kept.exists() {
        assert!(
            start.elapsed().as_secs() < 30,
            "written to {}",
            kept.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }

    let mut next = self::harness();
    next.state_mut().restore(session);
    wait_loads(&mut next);
    let back = layer_named(&next, &name);
    assert_eq!(back.name, name);
    assert_eq!(back.features.len(), 37);
    let again: u64 = (back.features.iter())
        .map(|f| f.properties["points"].as_u64().unwrap())
        .sum();
    assert_eq!(again, total);
    assert!(back.style.graduated.is_some(), "in its classes again");
}
