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

/// The search box's text, and which result the arrow keys point at.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    pub query: String,
    highlighted: usize,
}

/// The box, and its results in a list that floats over the panel below it (the layers stay
/// where they are). Enter picks the highlighted result (the first unless the arrow keys moved
/// it), a click picks any; either clears the box. Returns the (layer, feature) picked.
pub fn search_box(
    ui: &mut Ui,
    state: &mut SearchState,
    layers: &[Layer],
) -> Option<(usize, usize)> {
    let caption = ui.label(tr("Search"));
    let field = ui
        .add(
            egui::TextEdit::singleline(&mut state.query)
                .id(search_box_id())
                .hint_text(tr("Name, 中文 or pinyin"))
                .desired_width(f32::INFINITY),
        )
        .labelled_by(caption.id);
    if field.changed() {
        state.highlighted = 0;
    }
    let results = search(layers, &state.query);
    if results.is_empty() {
        return None;
    }
    let (enter, down, up) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::ArrowDown),
            i.key_pressed(egui::Key::ArrowUp),
        )
    });
    if field.has_focus() {
        if down {
            state.highlighted = (state.highlighted + 1).min(results.len() - 1);
        }
        if up {
            state.highlighted = state.highlighted.saturating_sub(1);
        }
    }
    let highlighted = state.highlighted.min(results.len() - 1);
    let mut chosen = (field.lost_focus() && enter).then(|| results[highlighted]);
    egui::Area::new(egui::Id::unique("search results"))
        .order(egui::Order::Foreground)
        .fixed_pos(field.rect.left_bottom() + egui::vec2(0.0, 2.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(field.rect.width() - 12.0);
                for (n, &(li, fi)) in results.iter().enumerate() {
                    let layer = &layers[li];
                    let text = format!(
                        "{} · {}",
                        layer.features[fi].display_name(),
                        crate::i18n::tr_text(&layer.name)
                    );
                    let button = egui::Button::new(text)
                        .wrap()
                        .frame(n == highlighted)
                        .selected(n == highlighted);
                    if ui.add(button).clicked() {
                        chosen = Some((li, fi));
                    }
                }
            });
        });
    if chosen.is_some() {
        state.query.clear();
        state.highlighted = 0;
    }
    chosen
}
