//! Attribute table: a layer's features with all their properties, sortable by any column;
//! clicking a row selects the feature and zooms to it.

use std::cmp::Ordering;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use serde_json::Value;

use crate::i18n::{tr, trf};
use crate::model::{Feature, Layer, LayerId};
use crate::ui::panels::card::property_text;

/// Columns beyond this are left out of the table (the card still shows every property).
const MAX_COLUMNS: usize = 40;

pub struct TableState {
    pub layer: LayerId,
    /// Property name and ascending; `None` keeps file order.
    pub sort: Option<(String, bool)>,
    /// Feature indices in display order.
    order: Vec<usize>,
    columns: Vec<String>,
    /// The feature list `order` indexes (its address): a filter or the time filter swaps in
    /// another, and the order is made again for it.
    built_for: usize,
    /// Only the rows of the features chosen on the map.
    pub selected_only: bool,
}

/// A row the user clicked.
pub enum TableClick {
    /// A feature of the layer (layer index, feature index).
    Feature(usize, usize),
    /// A row of a database layer's table, as the server sent it (layer index, feature).
    ServerRow(usize, Box<Feature>),
}

impl TableState {
    /// The table of a database layer: its columns as the server describes them.
    pub fn with_columns(layer: LayerId, columns: Vec<String>) -> Self {
        Self {
            layer,
            sort: None,
            order: Vec::new(),
            columns: columns.into_iter().take(MAX_COLUMNS).collect(),
            built_for: 0,
            selected_only: false,
        }
    }

    pub fn new(layer: LayerId, features: &[Feature]) -> Self {
        let mut columns: Vec<String> = Vec::new();
        for f in features.iter().take(1000) {
            for key in f.properties.keys() {
                if columns.len() < MAX_COLUMNS && !columns.contains(key) {
                    columns.push(key.clone());
                }
            }
        }
        Self {
            layer,
            sort: None,
            order: (0..features.len()).collect(),
            columns,
            built_for: features.as_ptr() as usize,
            selected_only: false,
        }
    }

    /// Orders `features` afresh (in the same sort) if they are not the ones ordered.
    fn follow(&mut self, features: &[Feature]) {
        let address = features.as_ptr() as usize;
        if address == self.built_for && self.order.len() == features.len() {
            return;
        }
        self.order = (0..features.len()).collect();
        self.built_for = address;
        if let Some((column, ascending)) = self.sort.take() {
            // `sort_by` flips a column sorted already: ask for the other way to land on this.
            self.sort = Some((column.clone(), !ascending));
            self.sort_by(&column, features);
        }
    }

    fn sort_by(&mut self, column: &str, features: &[Feature]) {
        let ascending = match &self.sort {
            Some((c, asc)) if c == column => !asc,
            _ => true,
        };
        self.order.sort_by(|&a, &b| {
            let ordering = compare(
                features[a].properties.get(column),
                features[b].properties.get(column),
            );
            if ascending {
                ordering
            } else {
                ordering.reverse()
            }
        });
        self.sort = Some((column.to_string(), ascending));
    }
}

/// Numbers numerically, then text; missing values last.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(x), Some(y)) => property_text(x).cmp(&property_text(y)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The attribute table of the layer `table` shows, if it is open; `selected` is the selected
/// feature of that layer; `server`, for a database layer, holds the rows in the server's
/// order (every row of the table, not only those in view). Returns the row the user clicked.
pub fn attribute_table(
    ui: &mut Ui,
    table: &mut Option<TableState>,
    layers: &[Layer],
    (selected, chosen): (Option<usize>, Option<&std::collections::BTreeSet<usize>>),
    server: Option<&mut crate::live::postgis::ServerTable>,
) -> Option<TableClick> {
    let state = table.as_mut()?;
    let Some(layer_index) = layers.iter().position(|l| l.id == state.layer) else {
        *table = None;
        return None;
    };
    let layer = &layers[layer_index];
    let (outcome, clicked) = match server {
        Some(server) => {
            let note = trf(
                "~{n} rows on the server, sorted there",
                &[("n", &crate::model::format_number(server.total as f64))],
            );
            let header: Vec<(String, String)> = (state.columns.iter())
                .map(|c| {
                    (
                        header_title(c, &server.sort),
                        tr("Sort (on the server)").into(),
                    )
                })
                .collect();
            let rows = server.total;
            let outcome = table_panel(ui, (&layer.name, &note, None), &header, rows, |i| RowText {
                number: (i + 1).to_string(),
                cells: match server.row(i) {
                    Some(f) => cell_texts(f, &state.columns),
                    None => vec!["…".into(); state.columns.len()],
                },
                selected: false,
            });
            if let Some(column) = outcome.sort.map(|i| &state.columns[i]) {
                server.sort_by(column);
                state.sort = server.sort.clone();
            }
            let clicked = (outcome.clicked)
                .and_then(|i| server.row(i).cloned())
                .map(|f| TableClick::ServerRow(layer_index, Box::new(f)));
            (outcome, clicked)
        }
        None => {
            let features = layer.features.clone();
            state.follow(&features);
            let note = match layer.unfiltered_count {
                Some(all) => trf(
                    "{n} of {all} features (filtered)",
                    &[("n", &features.len()), ("all", &all)],
                ),
                None => trf("{n} features", &[("n", &features.len())]),
            };
            let header: Vec<(String, String)> = (state.columns.iter())
                .map(|column| {
                    let title = layer.field_aliases.get(column).unwrap_or(column);
                    let hint = match layer.field_aliases.get(column) {
                        Some(_) => trf("{column} · sort", &[("column", &column)]),
                        None => tr("Sort").to_string(),
                    };
                    (header_title_named(title, column, &state.sort), hint)
                })
                .collect();
            let mut only = state.selected_only && chosen.is_some();
            let kept: Vec<usize>;
            let order: &[usize] = match chosen.filter(|_| only) {
                Some(chosen) => {
                    kept = (state.order.iter())
                        .filter(|i| chosen.contains(i))
                        .copied()
                        .collect();
                    &kept
                }
                None => &state.order,
            };
            let toggle = chosen.map(|c| (&mut only, c.len()));
            let outcome = table_panel(
                ui,
                (&layer.name, &note, toggle),
                &header,
                order.len(),
                |i| {
                    let feature = &features[order[i]];
                    RowText {
                        number: feature.source_index.to_string(),
                        cells: cell_texts(feature, &state.columns),
                        selected: selected == Some(order[i])
                            || chosen.is_some_and(|c| c.contains(&order[i])),
                    }
                },
            );
            let clicked = (outcome.clicked).map(|i| TableClick::Feature(layer_index, order[i]));
            state.selected_only = only;
            if let Some(column) = outcome.sort.map(|i| state.columns[i].clone()) {
                state.sort_by(&column, &features);
            }
            (outcome, clicked)
        }
    };
    if outcome.close {
        *table = None;
    }
    clicked
}

/// One row as shown: its number, its cells' text, whether it is the selected feature.
struct RowText {
    number: String,
    cells: Vec<String>,
    selected: bool,
}

/// What the user did in the table panel: `sort` is the index of a column whose header was
/// clicked, `clicked` the index of a displayed row.
struct PanelOutcome {
    close: bool,
    sort: Option<usize>,
    clicked: Option<usize>,
}

fn cell_texts(feature: &Feature, columns: &[String]) -> Vec<String> {
    (columns.iter())
        .map(|c| {
            feature
                .properties
                .get(c)
                .map(property_text)
                .unwrap_or_default()
        })
        .collect()
}

/// The bottom panel: title and `note` (and a "selected only" toggle with how many are
/// chosen), a header button per column (title, hover hint) that asks for sorting, and `rows`
/// rows drawn as they scroll into view from `row`.
fn table_panel(
    ui: &mut Ui,
    (layer_name, note, selected_only): (&str, &str, Option<(&mut bool, usize)>),
    header: &[(String, String)],
    rows: usize,
    mut row_text: impl FnMut(usize) -> RowText,
) -> PanelOutcome {
    let mut outcome = PanelOutcome {
        close: false,
        sort: None,
        clicked: None,
    };
    egui::Panel::bottom("attribute_table")
        .resizable(true)
        .default_size(220.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong(trf("Attributes · {layer}", &[("layer", &layer_name)]));
                ui.label(RichText::new(note).weak());
                if let Some((only, n)) = selected_only {
                    ui.checkbox(only, trf("Selected only ({n})", &[("n", &n)]));
                }
                if ui.small_button(tr("Close")).clicked() {
                    outcome.close = true;
                }
            });
            TableBuilder::new(ui)
                .striped(true)
                .sense(egui::Sense::click())
                .column(Column::auto().at_least(40.0))
                .columns(
                    Column::auto().at_least(60.0).clip(true).resizable(true),
                    header.len(),
                )
                .header(20.0, |mut head| {
                    head.col(|ui| {
                        ui.strong("#");
                    });
                    for (i, (title, hint)) in header.iter().enumerate() {
                        head.col(|ui| {
                            if ui
                                .button(RichText::new(title).strong())
                                .on_hover_text(hint)
                                .clicked()
                            {
                                outcome.sort = Some(i);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(18.0, rows, |mut row| {
                        let index = row.index();
                        let text = row_text(index);
                        row.set_selected(text.selected);
                        row.col(|ui| {
                            ui.label(RichText::new(text.number).weak());
                        });
                        for cell in text.cells {
                            row.col(|ui| {
                                ui.add(egui::Label::new(cell).truncate().selectable(false));
                            });
                        }
                        if row.response().clicked() {
                            outcome.clicked = Some(index);
                        }
                    });
                });
        });
    outcome
}

fn header_title(column: &str, sort: &Option<(String, bool)>) -> String {
    header_title_named(column, column, sort)
}

/// `title` with an arrow when the table is sorted by `column`.
fn header_title_named(title: &str, column: &str, sort: &Option<(String, bool)>) -> String {
    let arrow = match sort {
        Some((c, true)) if c == column => " ▲",
        Some((c, false)) if c == column => " ▼",
        _ => "",
    };
    format!("{title}{arrow}")
}
