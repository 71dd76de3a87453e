//! Find any feature or district by English, Chinese or pinyin name and fly to it.

use egui::Ui;

use super::app::AtlasApp;
use crate::model::Feature;

const MAX_RESULTS: usize = 8;

fn matches(feature: &Feature, query: &str) -> bool {
    ["name_en", "name_zh", "pinyin", "name", "label_en"]
        .iter()
        .filter_map(|k| feature.str_property(k))
        .any(|v| v.to_lowercase().contains(query))
}

/// Features whose names contain `query` (case-insensitive), as (layer index, feature index).
pub fn search(app: &AtlasApp, query: &str) -> Vec<(usize, usize)> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    app.layers
        .iter()
        .enumerate()
        .flat_map(|(li, layer)| {
            layer
                .features
                .iter()
                .enumerate()
                .filter(|(_, f)| matches(f, &query))
                .map(move |(fi, _)| (li, fi))
        })
        .take(MAX_RESULTS)
        .collect()
}

pub fn search_box(app: &mut AtlasApp, ui: &mut Ui) {
    let caption = ui.label("Search");
    ui.add(
        egui::TextEdit::singleline(&mut app.search)
            .hint_text("Name, 中文 or pinyin")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(caption.id);
    let mut chosen = None;
    for (li, fi) in search(app, &app.search.clone()) {
        let layer = &app.layers[li];
        let text = format!("{} · {}", layer.features[fi].display_name(), layer.name);
        if ui
            .add(egui::Button::new(text).wrap().frame(false))
            .clicked()
        {
            chosen = Some((li, fi));
        }
    }
    if let Some((li, fi)) = chosen {
        app.select_and_fly_to(li, fi);
        app.search.clear();
    }
}
