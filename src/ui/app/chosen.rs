//! What the bar over the map does with the features chosen by shape or Ctrl-click: their
//! statistics, the table showing only them, an export of them, a layer of their own.

use super::AtlasApp;
use crate::model::{Layer, LayerKind, LayerSource, Style};
use crate::ui::export::ExportScope;
use crate::ui::map::select::{ChosenAction, chosen_bar};

impl AtlasApp {
    /// The bar over the map while features are chosen, and what it was asked.
    pub(super) fn chosen_features_bar(&mut self, ctx: &egui::Context) {
        let asked = chosen_bar(
            ctx,
            self.map.rect,
            &self.layers,
            &mut self.picks,
            &self.map.select,
        );
        let (Some(action), Some(chosen)) = (asked, self.picks.chosen.clone()) else {
            return;
        };
        let Some(index) = self.layers.position(&chosen.layer) else {
            return;
        };
        match action {
            ChosenAction::Statistics => self.analysis.statistics.open_for(&chosen.layer, true),
            ChosenAction::Table => {
                if self.table.as_ref().is_none_or(|t| t.layer != chosen.layer) {
                    self.toggle_table(index);
                }
                if let Some(table) = self.table.as_mut() {
                    table.selected_only = true;
                }
            }
            ChosenAction::Export => self.export_layer(index, ExportScope::OnlySelected, None),
            ChosenAction::NewLayer => self.layer_of_chosen(index),
            ChosenAction::Clear => self.picks.chosen = None,
        }
    }

    /// The chosen features of the layer at `index` as a layer of their own, on top.
    fn layer_of_chosen(&mut self, index: usize) {
        let (Some(layer), Some(chosen)) = (self.layers.get(index), self.picks.chosen.as_ref())
        else {
            return;
        };
        let features: Vec<_> = (chosen.features.iter())
            .filter_map(|&i| layer.features.get(i).cloned())
            .collect();
        let name = crate::i18n::trf(
            "{n} chosen of {layer}",
            &[("n", &features.len()), ("layer", &layer.name)],
        );
        let mut style = Style::from_base(crate::model::palette_color(self.user_layer_count() + 4));
        style.point_radius = layer.style.point_radius;
        let mut made = Layer::new(
            format!("chosen:{}:{}", layer.id.0, self.layers.len()),
            name.clone(),
            LayerKind::User,
            LayerSource::Derived(name),
            features,
            style,
        );
        made.field_aliases = layer.field_aliases.clone();
        let prepared = crate::render::PreparedLayer::new(&made.features);
        self.layers.push(made, prepared);
    }
}
