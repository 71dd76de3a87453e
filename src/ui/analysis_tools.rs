//! The Analysis menu's tools, each a small window that owns its choices: **Count points in
//! polygons** (with a numeric field's sum, mean, minimum and maximum) and **Join a table by
//! key**. The work runs on a worker (a million points take a fraction of a second, but the
//! window never waits); its result is a new layer like any other, coloured in classes of what
//! it computed, and a notice says what was done (for a join: which keys matched nothing).

use std::sync::Arc;
use std::sync::mpsc::Receiver;

use egui::{RichText, Ui};

use crate::analysis::graduate::{graduate, numeric_properties};
use crate::analysis::join::{Joined, join_by_key};
use crate::analysis::spatial_count::{count_points, with_tally_columns};
use crate::i18n::{tr, trf};
use crate::model::{Feature, Layer, LayerId, LayerKind, LayerSource, Style};

/// What a finished tool hands the app.
pub struct Made {
    pub layer: Layer,
    /// What to tell the user, and whether it is a warning (unmatched keys).
    pub report: String,
    pub warn: bool,
    /// A join's keys that matched nothing: (table row from 1, key as written).
    pub unmatched: Vec<(usize, String)>,
}

#[derive(Default)]
struct CountChoice {
    polygons: Option<LayerId>,
    points: Option<LayerId>,
    field: Option<String>,
}

#[derive(Default)]
struct JoinChoice {
    layer: Option<LayerId>,
    layer_key: Option<String>,
    table: Option<LayerId>,
    table_key: Option<String>,
}

#[derive(Default)]
pub struct AnalysisTools {
    count: Option<CountChoice>,
    join: Option<JoinChoice>,
    running: Option<(String, Receiver<Made>)>,
    /// The last join's keys that matched nothing, listed until the window closes.
    unmatched: Option<(String, Vec<(usize, String)>)>,
    pub statistics: crate::ui::panels::statistics::StatisticsWindow,
}

impl AnalysisTools {
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub fn menu(&mut self, ui: &mut Ui) {
        ui.menu_button(tr("Analysis"), |ui| {
            if ui.button(tr("Count points in polygons…")).clicked() {
                self.count = Some(CountChoice::default());
            }
            if ui.button(tr("Join a table by key…")).clicked() {
                self.join = Some(JoinChoice::default());
            }
            ui.separator();
            if ui.button(tr("Statistics…")).clicked() {
                self.statistics.open = true;
            }
        });
    }

    /// The tools' windows; returns a finished tool's layer.
    pub fn windows(
        &mut self,
        ctx: &egui::Context,
        layers: &[Layer],
        chosen: Option<&crate::ui::picks::ChosenSet>,
    ) -> Option<Made> {
        let busy = self.running.is_some();
        if let Some(choice) = &mut self.count {
            match count_window(ctx, choice, layers, busy) {
                Window::Started(start) => {
                    self.running = Some(start(ctx));
                    self.count = None;
                }
                Window::Closed => self.count = None,
                Window::Open => {}
            }
        }
        if let Some(choice) = &mut self.join {
            match join_window(ctx, choice, layers, busy) {
                Window::Started(start) => {
                    self.running = Some(start(ctx));
                    self.join = None;
                }
                Window::Closed => self.join = None,
                Window::Open => {}
            }
        }
        self.unmatched_window(ctx);
        self.statistics.show(ctx, layers, chosen);
        let (_, receiver) = self.running.as_ref()?;
        let made = receiver.try_recv().ok()?;
        self.running = None;
        if !made.unmatched.is_empty() {
            self.unmatched = Some((made.layer.name.clone(), made.unmatched.clone()));
        }
        Some(made)
    }

    fn unmatched_window(&mut self, ctx: &egui::Context) {
        let Some((layer, keys)) = &self.unmatched else {
            return;
        };
        let mut open = true;
        egui::Window::new(trf("Keys that matched nothing · {layer}", &[("layer", layer)]))
            .open(&mut open)
            .default_width(320.0)
            .show(ctx, |ui| {
                ui.label(tr("Fix these in the table (spelling, a code, the district's current name) and join again:"));
                egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
                    for (row, key) in keys {
                        ui.label(trf("row {row}: {key}", &[("row", row), ("key", key)]));
                    }
                });
            });
        if !open {
            self.unmatched = None;
        }
    }
}

type Start = Box<dyn FnOnce(&egui::Context) -> (String, Receiver<Made>)>;

/// What a tool's window ended its frame with.
enum Window {
    Open,
    /// Its close button.
    Closed,
    /// Its Run button: the work to start.
    Started(Start),
}

fn layer_combo(ui: &mut Ui, id: &str, label: &str, chosen: &mut Option<LayerId>, offer: &[&Layer]) {
    ui.horizontal(|ui| {
        let caption = ui.label(label);
        let shown = (chosen.as_ref())
            .and_then(|id| offer.iter().find(|l| &l.id == id))
            .map_or_else(
                || tr("choose…").to_owned(),
                |l| crate::i18n::layer_title(&l.name),
            );
        egui::ComboBox::from_id_salt(id)
            .selected_text(shown)
            .width(200.0)
            .show_ui(ui, |ui| {
                for layer in offer {
                    let title = crate::i18n::layer_title(&layer.name);
                    ui.selectable_value(chosen, Some(layer.id.clone()), title);
                }
            })
            .response
            .labelled_by(caption.id);
    });
}

fn column_combo(
    ui: &mut Ui,
    id: &str,
    label: &str,
    chosen: &mut Option<String>,
    columns: &[String],
    none: Option<&str>,
) {
    ui.horizontal(|ui| {
        let caption = ui.label(label);
        let shown = chosen
            .clone()
            .unwrap_or_else(|| none.unwrap_or(tr("choose…")).to_owned());
        egui::ComboBox::from_id_salt(id)
            .selected_text(shown)
            .width(200.0)
            .show_ui(ui, |ui| {
                if let Some(none) = none {
                    ui.selectable_value(chosen, None, none);
                }
                for column in columns {
                    ui.selectable_value(chosen, Some(column.clone()), column.as_str());
                }
            })
            .response
            .labelled_by(caption.id);
    });
}

fn find<'a>(layers: &'a [Layer], id: &Option<LayerId>) -> Option<&'a Layer> {
    layers.iter().find(|l| Some(&l.id) == id.as_ref())
}

fn count_window(
    ctx: &egui::Context,
    choice: &mut CountChoice,
    layers: &[Layer],
    busy: bool,
) -> Window {
    let polygon_layers: Vec<&Layer> = layers.iter().filter(|l| l.kinds.polygons).collect();
    let point_layers: Vec<&Layer> = layers.iter().filter(|l| l.kinds.points).collect();
    let mut start = None;
    let mut open = true;
    egui::Window::new(tr("Count points in polygons"))
        .open(&mut open)
        .collapsible(false)
        .default_pos(egui::pos2(420.0, 90.0))
        .show(ctx, |ui| {
            layer_combo(
                ui,
                "count_polygons",
                tr("Polygons"),
                &mut choice.polygons,
                &polygon_layers,
            );
            layer_combo(
                ui,
                "count_points",
                tr("Points"),
                &mut choice.points,
                &point_layers,
            );
            let fields = find(layers, &choice.points)
                .map_or_else(Vec::new, |l| numeric_properties(&l.features));
            column_combo(
                ui,
                "count_field",
                tr("Also sum"),
                &mut choice.field,
                &fields,
                Some(tr("nothing")),
            );
            let ready = find(layers, &choice.polygons).zip(find(layers, &choice.points));
            if ui
                .add_enabled(ready.is_some() && !busy, egui::Button::new(tr("Count")))
                .clicked()
                && let Some((polygons, points)) = ready
            {
                start = Some(start_count(polygons, points, choice.field.clone()));
            }
        });
    ended(open, start)
}

fn ended(open: bool, start: Option<Start>) -> Window {
    match (open, start) {
        (_, Some(start)) => Window::Started(start),
        (false, None) => Window::Closed,
        (true, None) => Window::Open,
    }
}

fn start_count(polygons: &Layer, points: &Layer, field: Option<String>) -> Start {
    let (polygon_features, point_features) =
        (Arc::clone(&polygons.features), Arc::clone(&points.features));
    let name = trf(
        "{polygons} · points of {points}",
        &[
            ("polygons", &crate::i18n::layer_title(&polygons.name)),
            ("points", &crate::i18n::layer_title(&points.name)),
        ],
    );
    let id = format!("analysis:count:{}:{}", polygons.id.0, points.id.0);
    Box::new(move |ctx| {
        let what = name.clone();
        let receiver = crate::ui::worker::off_ui_thread(ctx, move || {
            let started = std::time::Instant::now();
            let tallies = count_points(
                &polygon_features,
                &point_features,
                field.as_deref(),
                &|| false,
            )
            .unwrap_or_default();
            let column = "points";
            let features =
                with_tally_columns(&polygon_features, &tallies, column, field.as_deref());
            let counted: usize = tallies.iter().map(|t| t.count).sum();
            let report = trf(
                "Counted {n} of {total} points in {polygons} polygons ({seconds} s)",
                &[
                    ("n", &crate::model::format_number(counted as f64)),
                    (
                        "total",
                        &crate::model::format_number(point_features.len() as f64),
                    ),
                    ("polygons", &polygon_features.len()),
                    (
                        "seconds",
                        &format!("{:.2}", started.elapsed().as_secs_f64()),
                    ),
                ],
            );
            Made {
                layer: derived_layer(id, name, features, column),
                report,
                warn: false,
                unmatched: Vec::new(),
            }
        });
        (what, receiver)
    })
}

fn join_window(
    ctx: &egui::Context,
    choice: &mut JoinChoice,
    layers: &[Layer],
    busy: bool,
) -> Window {
    let all: Vec<&Layer> = layers.iter().collect();
    let columns = |id: &Option<LayerId>| {
        find(layers, id).map_or_else(Vec::new, |l| {
            crate::ui::panels::legend::property_keys(&l.features)
        })
    };
    let mut start = None;
    let mut open = true;
    egui::Window::new(tr("Join a table by key"))
        .open(&mut open)
        .collapsible(false)
        .default_pos(egui::pos2(420.0, 90.0))
        .show(ctx, |ui| {
            layer_combo(ui, "join_layer", tr("Join to"), &mut choice.layer, &all);
            column_combo(ui, "join_layer_key", tr("Its key"), &mut choice.layer_key, &columns(&choice.layer), None);
            layer_combo(ui, "join_table", tr("Table"), &mut choice.table, &all);
            column_combo(ui, "join_table_key", tr("Its key"), &mut choice.table_key, &columns(&choice.table), None);
            ui.label(RichText::new(tr("District keys match with or without 区/县, in English or pinyin, or as 6- or 12-digit codes")).small().weak());
            let ready = find(layers, &choice.layer).zip(find(layers, &choice.table));
            let keys = choice.layer_key.clone().zip(choice.table_key.clone());
            if ui.add_enabled(ready.is_some() && keys.is_some() && !busy, egui::Button::new(tr("Join"))).clicked()
                && let (Some((layer, table)), Some((layer_key, table_key))) = (ready, keys)
            {
                start = Some(start_join(layer, layer_key, table, table_key));
            }
        });
    ended(open, start)
}

fn start_join(layer: &Layer, layer_key: String, table: &Layer, table_key: String) -> Start {
    let (layer_features, table_features) =
        (Arc::clone(&layer.features), Arc::clone(&table.features));
    let name = trf(
        "{layer} + {table}",
        &[
            ("layer", &crate::i18n::layer_title(&layer.name)),
            ("table", &crate::i18n::layer_title(&table.name)),
        ],
    );
    let id = format!("analysis:join:{}:{}", layer.id.0, table.id.0);
    Box::new(move |ctx| {
        let what = name.clone();
        let receiver = crate::ui::worker::off_ui_thread(ctx, move || {
            let joined = join_by_key(&layer_features, &layer_key, &table_features, &table_key);
            join_made(id, name, &table_features, joined)
        });
        (what, receiver)
    })
}

fn join_made(id: String, name: String, table: &[Feature], joined: Joined) -> Made {
    let mut report = trf(
        "Joined {matched} of {rows} rows; {unmatched} keys matched nothing",
        &[
            ("matched", &joined.matched_rows),
            ("rows", &table.len()),
            ("unmatched", &joined.unmatched.len()),
        ],
    );
    if !joined.duplicate_keys.is_empty() {
        report.push_str(&trf(
            "; {n} keys were given twice (the first row was used): {keys}",
            &[
                ("n", &joined.duplicate_keys.len()),
                ("keys", &joined.duplicate_keys.join(", ")),
            ],
        ));
    }
    let warn = !joined.unmatched.is_empty() || !joined.duplicate_keys.is_empty();
    let unmatched = joined.unmatched.clone();
    let first_number = table.first().and_then(|row| {
        numeric_properties(std::slice::from_ref(row))
            .into_iter()
            .next()
    });
    let mut layer = derived_layer(
        id,
        name,
        joined.features,
        first_number.as_deref().unwrap_or(""),
    );
    layer.warnings = (unmatched.iter())
        .map(|(row, key)| {
            crate::model::LoadWarning::file_level(trf(
                "table row {row}: key {key} matched nothing",
                &[("row", row), ("key", key)],
            ))
        })
        .collect();
    Made {
        layer,
        report,
        warn,
        unmatched,
    }
}

/// A layer made by a tool, coloured in natural-break classes of `column` when it has numbers.
fn derived_layer(id: String, name: String, features: Vec<Feature>, column: &str) -> Layer {
    let mut style = Style::from_base(crate::model::palette_color(3));
    style.graduated = graduate(
        &features,
        column,
        crate::analysis::classify::ClassMethod::NaturalBreaks,
        5,
        crate::analysis::ramp::Ramp::YellowOrangeRed,
        false,
    );
    Layer::new(
        id,
        name.clone(),
        LayerKind::User,
        LayerSource::Derived(name),
        features,
        style,
    )
}
