//! The dark theme, from View → Theme: the window and the map go dark, and the map's labels
//! turn light on dark halos so they stay legible.

use chongqing_atlas::i18n::Language;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use chongqing_atlas::ui::AtlasApp;

use crate::common::*;

/// Shares of the map's pixels that are dark (luminance < 0.25) and light (> 0.75).
fn dark_and_light_shares(harness: &mut Harness<'_, AtlasApp>) -> (f64, f64) {
    let image = harness.render().expect("render");
    let rect = harness.state().map_rect().unwrap();
    let (mut dark, mut light, mut all) = (0usize, 0usize, 0usize);
    for y in rect.top() as u32 + 2..rect.bottom() as u32 - 40 {
        for x in rect.left() as u32 + 2..rect.right() as u32 - 2 {
            let [r, g, b, _] = image.get_pixel(x, y).0;
            let luminance =
                (0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b)) / 255.0;
            all += 1;
            dark += usize::from(luminance < 0.25);
            light += usize::from(luminance > 0.75);
        }
    }
    (dark as f64 / all as f64, light as f64 / all as f64)
}

#[test]
fn view_theme_dark_darkens_the_window_and_the_map_and_keeps_the_labels_light() {
    let mut harness = harness();
    let (dark_before, _) = dark_and_light_shares(&mut harness);
    assert!(dark_before < 0.05, "the light map is light: {dark_before}");
    choose_from_menu(&mut harness, &["View", "Theme", "Dark"]);
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    let (dark, light) = dark_and_light_shares(&mut harness);
    assert!(dark > 0.6, "the dark map is mostly dark: {dark}");
    // District names and outlines are drawn light on the dark areas.
    assert!(light > 0.005, "light ink on the dark map: {light}");
    snapshot(&mut harness, "startup_dark");
    choose_from_menu(&mut harness, &["View", "Theme", "Light"]);
    assert_eq!(harness.ctx.theme(), egui::Theme::Light);
}

#[test]
fn the_dark_theme_in_chinese() {
    let mut harness = harness_with(|c| c.language = Some(Language::Chinese));
    choose_from_menu(&mut harness, &["视图", "主题", "深色"]);
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    snapshot(&mut harness, "startup_dark_zh");
}

#[test]
fn the_charts_read_on_the_dark_theme_in_chinese() {
    let mut harness = harness_with(|c| c.language = Some(Language::Chinese));
    choose_from_menu(&mut harness, &["视图", "主题", "深色"]);
    harness.get_by_label("图表").click();
    harness.run();
    harness.get_by_label("重庆新能源汽车产量 (辆)");
    assert_eq!(harness.query_all_by_label("来源：").count(), 6);
    harness.get_by_label("软件业务收入 (十亿元)");
    snapshot(&mut harness, "charts_dark_zh");
}
