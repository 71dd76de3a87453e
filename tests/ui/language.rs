//! The interface in Chinese: switched from View → Language, or chosen at start, with nothing
//! left in English that the catalogue translates.

use chongqing_atlas::i18n::{Language, is_untranslated_interface_text};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use chongqing_atlas::ui::AtlasApp;

use crate::common::*;

/// Labels of every widget on screen that the catalogue has in Chinese but shows in English.
fn english_left(harness: &Harness<'_, AtlasApp>) -> Vec<String> {
    harness
        .root()
        .children_recursive()
        .filter_map(|node| node.accesskit_node().label())
        .filter(|label| is_untranslated_interface_text(label))
        .collect()
}

#[test]
fn view_language_switches_the_interface_to_chinese() {
    let mut harness = harness();
    choose_from_menu(&mut harness, &["View", "Language", "中文"]);
    for label in [
        "文件",
        "视图",
        "测量",
        "图表",
        "帮助",
        "图层",
        "底图",
        "行政区划",
        "搜索",
        "物流枢纽与通道",
        "产业项目与集群",
        "低空经济",
        "区县",
    ] {
        harness.get_by_label(label);
    }
    harness.get_by_label_contains("缩放 7.");
    assert_eq!(english_left(&harness), Vec::<String>::new());
    snapshot(&mut harness, "startup_zh");
}

#[test]
fn a_chinese_start_speaks_chinese_in_the_card_and_the_dialogs() {
    let mut harness = harness_with(|c| c.language = Some(Language::Chinese));
    let pos = inside(&harness, "梁平区");
    click_at(&mut harness, pos);
    harness.get_by_label("已选择");
    harness.get_by_label_contains("面积：");
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label("添加 PostGIS 图层…").click();
    harness.run();
    for label in ["地址", "连接", "密码"] {
        harness.get_by_label(label);
    }
    assert_eq!(english_left(&harness), Vec::<String>::new());
}

#[test]
fn a_file_that_cannot_be_read_is_reported_in_chinese_with_its_line() {
    let mut harness = harness_with(|c| c.language = Some(Language::Chinese));
    let bad = write_temp(
        "坏文件.geojson",
        "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {oops}\n]}",
    );
    drop_files(&mut harness, &[bad]);
    // The sentence is Chinese; the reader's reason keeps its place in the file.
    harness.get_by_label_contains("无法读取");
    harness.get_by_label_contains("坏文件.geojson");
    harness.get_by_label_contains("line 3");
}
