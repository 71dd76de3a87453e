//! Proportional circles and labels from a field (issue 30), set from a layer's Style rows: circle area follows the value, the legend shows nested circles, and the
//! field that names the features is offered first (here the XZQMC of Chinese survey data).

use chongqing_atlas::i18n::Language;
use chongqing_atlas::ui::AtlasApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::analysis::{choose, layer_named};
use crate::common::*;

/// Twelve hubs with their tonnage, named in the field Chinese survey data uses.
fn hubs() -> String {
    let mut csv = String::from("XZQMC,lon,lat,tonnes\n");
    for i in 0..12 {
        let (lon, lat) = (
            105.8 + f64::from(i % 4) * 0.9,
            28.9 + f64::from(i / 4) * 0.9,
        );
        csv.push_str(&format!(
            "枢纽{i},{lon:.2},{lat:.2},{}\n",
            (i + 1) * (i + 1) * 10
        ));
    }
    csv
}

fn loaded(language: Language) -> Harness<'static, AtlasApp> {
    let mut harness = harness_with(move |c| c.language = Some(language));
    if language == Language::English {
        hide_bundled_layers(&mut harness);
    } else {
        for name in [
            "物流枢纽与通道",
            "产业项目与集群",
            "低空经济",
            "全市数据",
            "机场",
            "区县",
        ] {
            harness.get_by_label(name).click();
            harness.run();
        }
    }
    drop_files(&mut harness, &[write_temp("hubs.csv", &hubs())]);
    wait_loads(&mut harness);
    harness
}

#[test]
fn circles_sized_by_tonnes_with_nested_legend_and_labels_from_the_name_field() {
    let mut harness = loaded(Language::English);
    harness
        .query_all_by_role_and_label(Role::Button, "Style")
        .next()
        .unwrap()
        .click();
    harness.run();
    choose(&mut harness, "Size by", "tonnes");
    let sizes = layer_named(&harness, "hubs.csv")
        .style
        .proportional
        .clone()
        .unwrap();
    assert_eq!(sizes.property, "tonnes");
    assert_eq!(sizes.max_value, 1440.0);
    // The legend's nested circles: the largest value, half and a tenth of it, whose radii
    // are as the square roots of the values.
    assert_eq!(sizes.radius(1440.0), Some(24.0));
    assert!((sizes.radius(360.0).unwrap() - 12.0).abs() < 1e-4);
    // The field that names the hubs comes first in the Labels menu.
    choose(&mut harness, "Labels", "XZQMC (names)");
    let labels = layer_named(&harness, "hubs.csv")
        .style
        .labels
        .clone()
        .unwrap();
    assert_eq!(labels.property, "XZQMC");
    snapshot(&mut harness, "proportional_hubs_labelled");
}

#[test]
fn in_chinese_the_size_and_label_rows_speak_chinese() {
    let mut harness = loaded(Language::Chinese);
    harness
        .query_all_by_role_and_label(Role::Button, "样式")
        .next()
        .unwrap()
        .click();
    harness.run();
    choose(&mut harness, "大小依据", "tonnes");
    choose(&mut harness, "标注", "XZQMC（名称）");
    snapshot(&mut harness, "proportional_hubs_labelled_zh");
}
