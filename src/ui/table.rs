//! Attribute table: a layer's features with all their properties, sortable by any column;
//! clicking a row selects the feature and zooms to it.

use std::cmp::Ordering;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use serde_json::Value;

use super::card::property_text;
use crate::model::{Feature, Layer, LayerId};

/// Columns beyond this are left out of the table (the card still shows every property).
const MAX_COLUMNS: usize = 40;

pub struct TableState {
    pub layer: LayerId,
    /// Property name and ascending; `None` keeps file order.
    pub sort: Option<(String, bool)>,
    /// Feature indices in display order.
    order: Vec<usize>,
    columns: Vec<String>,
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
    selected: Option<usize>,
    server: Option<&mut crate::ui::postgis::ServerTable>,
) -> Option<TableClick> {
    let state = table.as_mut()?;
    let Some(layer_index) = layers.iter().position(|l| l.id == state.layer) else {
        *table = None;
        return None;
    };
    let layer = &layers[layer_index];
    if let Some(server) = server {
        return server_table(ui, table, layer, layer_index, server);
    }
    let features = layer.features.clone();
    let mut close = false;
    let mut clicked = None;
    egui::Panel::bottom("attribute_table")
        .resizable(true)
        .default_size(220.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong(format!("Attributes · {}", layer.name));
                ui.label(RichText::new(format!("{} features", features.len())).weak());
                if ui.small_button("Close").clicked() {
                    close = true;
                }
            });
            let mut sort_request = None;
            TableBuilder::new(ui)
                .striped(true)
                .sense(egui::Sense::click())
                .column(Column::auto().at_least(40.0))
                .columns(
                    Column::auto().at_least(60.0).clip(true).resizable(true),
                    state.columns.len(),
                )
                .header(20.0, |mut header| {
                    header.col(|ui| {
                        ui.strong("#");
                    });
                    for column in &state.columns {
                        header.col(|ui| {
                            let arrow = match &state.sort {
                                Some((c, true)) if c == column => " ▲",
                                Some((c, false)) if c == column => " ▼",
                                _ => "",
                            };
                            let title = layer.field_aliases.get(column).unwrap_or(column);
                            let hint = match layer.field_aliases.get(column) {
                                Some(_) => format!("{column} · sort"),
                                None => "Sort".to_string(),
                            };
                            if ui
                                .button(RichText::new(format!("{title}{arrow}")).strong())
                                .on_hover_text(hint)
                                .clicked()
                            {
                                sort_request = Some(column.clone());
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(18.0, state.order.len(), |mut row| {
                        let index = state.order[row.index()];
                        let feature = &features[index];
                        row.set_selected(selected == Some(index));
                        row.col(|ui| {
                            ui.label(RichText::new(feature.source_index.to_string()).weak());
                        });
                        for column in &state.columns {
                            row.col(|ui| {
                                let text = feature
                                    .properties
                                    .get(column)
                                    .map(property_text)
                                    .unwrap_or_default();
                                ui.add(egui::Label::new(text).truncate().selectable(false));
                            });
                        }
                        if row.response().clicked() {
                            clicked = Some(index);
                        }
                    });
                });
            if let Some(column) = sort_request {
                state.sort_by(&column, &features);
            }
        });
    if close {
        *table = None;
    }
    clicked.map(|index| TableClick::Feature(layer_index, index))
}

fn header_title(column: &str, sort: &Option<(String, bool)>) -> String {
    let arrow = match sort {
        Some((c, true)) if c == column => " ▲",
        Some((c, false)) if c == column => " ▼",
        _ => "",
    };
    format!("{column}{arrow}")
}

/// A database layer's table: every row of the table, a page at a time, sorted by the server.
fn server_table(
    ui: &mut Ui,
    table: &mut Option<TableState>,
    layer: &Layer,
    layer_index: usize,
    server: &mut crate::ui::postgis::ServerTable,
) -> Option<TableClick> {
    let state = table.as_mut()?;
    let mut close = false;
    let mut clicked = None;
    egui::Panel::bottom("attribute_table")
        .resizable(true)
        .default_size(220.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong(format!("Attributes · {}", layer.name));
                ui.label(
                    RichText::new(format!(
                        "~{} rows on the server, sorted there",
                        crate::model::format_number(server.total as f64)
                    ))
                    .weak(),
                );
                if ui.small_button("Close").clicked() {
                    close = true;
                }
            });
            let mut sort_request = None;
            TableBuilder::new(ui)
                .striped(true)
                .sense(egui::Sense::click())
                .column(Column::auto().at_least(40.0))
                .columns(
                    Column::auto().at_least(60.0).clip(true).resizable(true),
                    state.columns.len(),
                )
                .header(20.0, |mut header| {
                    header.col(|ui| {
                        ui.strong("#");
                    });
                    for column in &state.columns {
                        header.col(|ui| {
                            let title = header_title(column, &server.sort);
                            if ui
                                .button(RichText::new(title).strong())
                                .on_hover_text("Sort (on the server)")
                                .clicked()
                            {
                                sort_request = Some(column.clone());
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(18.0, server.total, |mut row| {
                        let index = row.index();
                        let feature = server.row(index).cloned();
                        row.col(|ui| {
                            ui.label(RichText::new((index + 1).to_string()).weak());
                        });
                        for column in &state.columns {
                            row.col(|ui| {
                                let text = match &feature {
                                    Some(f) => f
                                        .properties
                                        .get(column)
                                        .map(property_text)
                                        .unwrap_or_default(),
                                    None => "…".into(),
                                };
                                ui.add(egui::Label::new(text).truncate().selectable(false));
                            });
                        }
                        if row.response().clicked()
                            && let Some(f) = feature
                        {
                            clicked = Some(TableClick::ServerRow(layer_index, Box::new(f)));
                        }
                    });
                });
            if let Some(column) = sort_request {
                server.sort_by(&column);
                state.sort = server.sort.clone();
            }
        });
    if close {
        *table = None;
    }
    clicked
}
