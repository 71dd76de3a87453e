//! Find any feature or district by English, Chinese or pinyin name and fly to it.

use egui::Ui;

use crate::i18n::tr;
use crate::model::{Feature, Layer};

const MAX_RESULTS: usize = 8;

fn matches(feature: &Feature, query: &str) -> bool {
    ["name_en", "name_zh", "pinyin", "name", "label_en"]
        .iter()
        .filter_map(|k| feature.str_property(k))
        .any(|v| v.to_lowercase().contains(query))
}

/// Features whose names contain `query` (case-insensitive), as (layer index, feature index).
pub fn search(layers: &[Layer], query: &str) -> Vec<(usize, usize)> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    layers
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

/// The search box's widget id, for Ctrl+F.
pub fn search_box_id() -> egui::Id {
    egui::Id::unique("search box")
}

/// The search box's text.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    pub query: String,
}

/// The box and its results; returns the (layer, feature) the user picked.
pub fn search_box(
    ui: &mut Ui,
    state: &mut SearchState,
    layers: &[Layer],
) -> Option<(usize, usize)> {
    let caption = ui.label(tr("Search"));
    ui.add(
        egui::TextEdit::singleline(&mut state.query)
            .id(search_box_id())
            .hint_text(tr("Name, 中文 or pinyin"))
            .desired_width(f32::INFINITY),
    )
    .labelled_by(caption.id);
    let mut chosen = None;
    for (li, fi) in search(layers, &state.query) {
        let layer = &layers[li];
        let text = format!(
            "{} · {}",
            layer.features[fi].display_name(),
            crate::i18n::tr_text(&layer.name)
        );
        if ui
            .add(egui::Button::new(text).wrap().frame(false))
            .clicked()
        {
            chosen = Some((li, fi));
        }
    }
    if chosen.is_some() {
        state.query.clear();
    }
    chosen
}
