//! What the bar over the map does with the features chosen by shape or Ctrl-click: their
//! statistics, the table showing only them, an export of them, a layer of their own; and
//! how a layer made by a tool is kept on disk, for the session.

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
        self.keep_on_disk(&mut made);
        let prepared = crate::render::PreparedLayer::new(&made.features);
        self.layers.push(made, prepared);
    }
}

impl AtlasApp {
    /// A tool's layer kept on disk, so the session (and a project) keeps it as any file: its
    /// features are written as GeoJSON in the data folder (off the UI thread, under a
    /// temporary name), and the layer becomes that file's, under the tool's name.
    pub(super) fn keep_on_disk(&mut self, layer: &mut Layer) {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let stem: String = (layer.name.chars())
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .take(60)
            .collect();
        let path = (self.data_dir.join("derived")).join(format!("{stem}-{stamp}.geojson"));
        let features = layer.features.clone();
        let target = path.clone();
        crate::parallel::spawn_background("keep a tool's layer", move || {
            let written = std::fs::create_dir_all(target.parent().unwrap_or(&target))
                .map_err(|e| e.to_string())
                .and_then(|()| {
                    let all: Vec<&crate::model::Feature> = features.iter().collect();
                    crate::io::write_layer(&target, "derived", &all)
                });
            if let Err(e) = written {
                tracing::warn!(
                    "a tool's layer could not be kept at {}: {e}",
                    target.display()
                );
            }
        });
        let (id, _) = crate::load::user_layer_identity(&path, None);
        layer.id = id;
        layer.source = LayerSource::File(path.clone());
        self.files.file_names.insert(path, layer.name.clone());
    }
}
