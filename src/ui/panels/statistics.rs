//! Analysis ▸ Statistics: a field of a layer read as QGIS's statistics panel reads it —
//! count, empty values, distinct values, and for numbers their sum, mean, median, minimum and
//! maximum — with a histogram of the numbers (egui_plot). The figures come from
//! [`crate::analysis::statistics`]; the window owns only its choices. With features chosen
//! on the map (a rectangle, a lasso, Ctrl-clicks) it reads those, as QGIS's "selected
//! features only".

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Plot};

use crate::analysis::statistics::{field_statistics, number_of};
use crate::i18n::{tr, trf};
use crate::model::{Feature, Layer, LayerId, format_number};
use crate::ui::picks::ChosenSet;

/// Bars of the histogram.
const BINS: usize = 20;

#[derive(Default)]
pub struct StatisticsWindow {
    pub open: bool,
    layer: Option<LayerId>,
    field: Option<String>,
    /// Only the features chosen on the map, when they are in the layer.
    pub selected_only: bool,
}

impl StatisticsWindow {
    /// Opens on `layer`, on its chosen features only if `selected_only`.
    pub fn open_for(&mut self, layer: &LayerId, selected_only: bool) {
        self.open = true;
        self.layer = Some(layer.clone());
        self.selected_only = selected_only;
    }

    pub fn show(&mut self, ctx: &egui::Context, layers: &[Layer], chosen: Option<&ChosenSet>) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new(tr("Statistics"))
            .open(&mut open)
            .default_pos(egui::pos2(420.0, 120.0))
            .default_width(340.0)
            .show(ctx, |ui| self.contents(ui, layers, chosen));
        self.open = open;
    }

    fn contents(&mut self, ui: &mut Ui, layers: &[Layer], chosen: Option<&ChosenSet>) {
        let layer = layers.iter().find(|l| Some(&l.id) == self.layer.as_ref());
        ui.horizontal(|ui| {
            let caption = ui.label(tr("Layer"));
            let shown = layer.map_or_else(
                || tr("choose…").to_owned(),
                |l| crate::i18n::layer_title(&l.name),
            );
            egui::ComboBox::from_id_salt("statistics_layer")
                .selected_text(shown)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for l in layers {
                        let title = crate::i18n::layer_title(&l.name);
                        ui.selectable_value(&mut self.layer, Some(l.id.clone()), title);
                    }
                })
                .response
                .labelled_by(caption.id);
        });
        let Some(layer) = layer else {
            return;
        };
        let fields = crate::ui::panels::legend::property_keys(&layer.features);
        ui.horizontal(|ui| {
            let caption = ui.label(tr("Field"));
            egui::ComboBox::from_id_salt("statistics_field")
                .selected_text(
                    self.field
                        .clone()
                        .unwrap_or_else(|| tr("choose…").to_owned()),
                )
                .width(220.0)
                .show_ui(ui, |ui| {
                    for key in &fields {
                        ui.selectable_value(&mut self.field, Some(key.clone()), key.as_str());
                    }
                })
                .response
                .labelled_by(caption.id);
        });
        let chosen = chosen.filter(|c| c.layer == layer.id).map(|c| &c.features);
        if let Some(chosen) = chosen {
            let label = trf("Selected features only ({n})", &[("n", &chosen.len())]);
            ui.checkbox(&mut self.selected_only, label);
        }
        let Some(field) = self.field.as_deref() else {
            return;
        };
        let features: Vec<&Feature> = match chosen.filter(|_| self.selected_only) {
            Some(chosen) => chosen
                .iter()
                .filter_map(|&i| layer.features.get(i))
                .collect(),
            None => layer.features.iter().collect(),
        };
        figures(ui, &features, field);
    }
}

fn figures(ui: &mut Ui, features: &[&Feature], field: &str) {
    let stats = field_statistics(features.iter().copied(), field);
    let mut rows: Vec<(String, String)> = vec![
        (
            tr("Number of features").to_owned(),
            format_number(stats.count as f64),
        ),
        (tr("Empty").to_owned(), format_number(stats.nulls as f64)),
        (
            tr("Distinct values").to_owned(),
            format_number(stats.distinct as f64),
        ),
    ];
    if let Some(n) = stats.numbers {
        rows.extend([
            (tr("Sum").to_owned(), format_number(n.sum)),
            (tr("Mean").to_owned(), format_number(n.mean)),
            (tr("Median").to_owned(), format_number(n.median)),
            (tr("Minimum").to_owned(), format_number(n.min)),
            (tr("Maximum").to_owned(), format_number(n.max)),
        ]);
    }
    egui::Grid::new("statistics").striped(true).show(ui, |ui| {
        for (name, value) in rows {
            ui.label(RichText::new(name).weak());
            ui.label(value);
            ui.end_row();
        }
    });
    let Some(n) = stats.numbers.filter(|n| n.max > n.min) else {
        return;
    };
    let width = (n.max - n.min) / BINS as f64;
    let mut counts = [0usize; BINS];
    for value in (features.iter()).filter_map(|f| f.properties.get(field).and_then(number_of)) {
        let bin = (((value - n.min) / width) as usize).min(BINS - 1);
        counts[bin] += 1;
    }
    let bars: Vec<Bar> = (counts.iter().enumerate())
        .map(|(i, c)| Bar::new(n.min + width * (i as f64 + 0.5), *c as f64).width(width * 0.95))
        .collect();
    ui.label(RichText::new(trf("Histogram of {field}", &[("field", &field)])).small());
    Plot::new(("statistics_histogram", field))
        .height(140.0)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(field.to_owned(), bars))
        });
}
