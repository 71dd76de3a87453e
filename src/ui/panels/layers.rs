//! The layer list, as in QGIS: top row drawn on top; per layer its swatch, visibility,
//! feature count, opacity, zoom-to, table, export, order, removal, coordinate choice, colour
//! legend and load warnings. The list edits the layers' look in place and hands back the
//! one action that changes more than a layer (zoom, order, remove, table, export, reread).

use std::collections::HashMap;
use std::path::PathBuf;

use egui::{Color32, RichText, Ui};

use crate::i18n::{tr, trf};
use crate::io::crs::Crs;
use crate::model::{Layer, LayerId, LayerKind, LayerSource};
use crate::render::LayerStack;
use crate::render::layer_stack::Direction;
use crate::ui::export::ExportScope;
use crate::ui::panels::reading_rows::{ReadChange, columns_row, encoding_row};

/// Something the user asked of one layer (by its index in the stack).
#[derive(Debug, Clone, PartialEq)]
pub enum LayerAction {
    Export {
        index: usize,
        scope: ExportScope,
    },
    /// Reread the file with a reading choice changed.
    Reread {
        index: usize,
        change: ReadChange,
    },
    ZoomTo {
        index: usize,
    },
    Move {
        index: usize,
        direction: Direction,
    },
    Remove {
        index: usize,
    },
    ToggleTable {
        index: usize,
    },
    /// Connect a database layer again, with the password typed (if any).
    Retry {
        index: usize,
        password: Option<String>,
    },
}

/// What the rows need to know beyond the layers themselves.
pub struct LayerListContext<'a> {
    /// The coordinate system each file is read in, when the user chose one.
    pub file_crs: &'a HashMap<PathBuf, Crs>,
    /// The layer holding the selected feature.
    pub selected_layer: Option<&'a LayerId>,
    /// The database layers: how each stands, and its columns (its features in view may be
    /// counted cells without them).
    pub databases: &'a crate::live::postgis::PgLayers,
}

/// The rows of every layer, top-down in drawing order.
pub fn layer_list(
    ui: &mut Ui,
    stack: &mut LayerStack,
    context: &LayerListContext,
) -> Option<LayerAction> {
    let mut action = None;
    let count = stack.len();
    for (i, layer) in stack.iter_mut().rev() {
        ui.push_id(layer.id.0.clone(), |ui| {
            ui.horizontal(|ui| {
                crate::ui::panels::legend::layer_swatch(ui, layer);
                ui.checkbox(&mut layer.visible, crate::i18n::layer_title(&layer.name));
                ui.label(RichText::new(shown_count(layer)).weak());
            });
            let has_selection = context.selected_layer == Some(&layer.id);
            if let Some(a) = layer_buttons(ui, layer, i, count, has_selection) {
                action = Some(a);
            }
            let columns = context.databases.columns(&layer.id);
            crate::ui::panels::filter::filter_row(ui, layer, |layer| match columns {
                Some(columns) => columns.to_vec(),
                None => crate::ui::panels::legend::property_keys(&layer.features),
            });
            if let Some(reason) = context.databases.filter_refused(&layer.id) {
                ui.horizontal_wrapped(|ui| {
                    ui.add_space(22.0);
                    let text = trf(
                        "The server refused the filter: {reason}",
                        &[("reason", &reason)],
                    );
                    ui.colored_label(ui.visuals().error_fg_color, text);
                });
            }
            if let LayerSource::File(path) = &layer.source {
                let crs = coordinates_row(
                    ui,
                    context.file_crs.get(path).copied(),
                    &layer.reading.source_crs,
                );
                let encoding = encoding_row(ui, &layer.reading);
                let columns = columns_row(ui, &layer.reading);
                if let Some(change) = crs.map(ReadChange::Crs).or(encoding).or(columns) {
                    action = Some(LayerAction::Reread { index: i, change });
                }
            }
            if let Some(status) = context.databases.status(&layer.id)
                && let Some(password) = live_row(ui, &layer.id, status)
            {
                action = Some(LayerAction::Retry { index: i, password });
            }
            if !layer.kind.is_bundled_facts() {
                let columns = context.databases.columns(&layer.id);
                crate::ui::panels::legend::categories_row(ui, layer, columns);
            }
            let columns = context.databases.columns(&layer.id);
            crate::ui::panels::symbols::symbol_rows(ui, layer, &|layer| match columns {
                Some(columns) => columns.to_vec(),
                None => crate::ui::panels::legend::property_keys(&layer.features),
            });
            warnings(ui, layer);
        });
    }
    action
}

/// "50,000", or "1,234 of 50,000 shown" while a filter applies.
fn shown_count(layer: &Layer) -> String {
    let shown = crate::model::format_number(layer.features.len() as f64);
    match layer.unfiltered_count {
        Some(all) => trf(
            "{shown} of {all} shown",
            &[
                ("shown", &shown),
                ("all", &crate::model::format_number(all as f64)),
            ],
        ),
        None => shown,
    }
}

/// A database layer's status; when it failed, a retry (with a password field if the server
/// wants one). Returns the retry asked for.
fn live_row(
    ui: &mut Ui,
    id: &LayerId,
    status: &crate::live::postgis::LiveStatus,
) -> Option<Option<String>> {
    let mut retry = None;
    ui.horizontal_wrapped(|ui| {
        ui.add_space(22.0);
        if status.is_failed() {
            ui.colored_label(ui.visuals().error_fg_color, status.describe());
        } else {
            ui.label(RichText::new(status.describe()).small().weak());
        }
    });
    if status.is_failed() {
        ui.horizontal(|ui| {
            ui.add_space(22.0);
            let typed_id = egui::Id::unique("pg_password").with(id.0.as_str());
            let mut typed: String = ui.data(|d| d.get_temp(typed_id)).unwrap_or_default();
            if status.needs_password() {
                let caption = ui.label(tr("Password"));
                ui.add(
                    egui::TextEdit::singleline(&mut typed)
                        .password(true)
                        .desired_width(110.0),
                )
                .labelled_by(caption.id);
                ui.data_mut(|d| d.insert_temp(typed_id, typed.clone()));
            }
            if ui.button(tr("Retry")).clicked() {
                ui.data_mut(|d| d.remove::<String>(typed_id));
                retry = Some(Some(typed).filter(|t| !t.is_empty()));
            }
        });
    }
    retry
}

/// Opacity, zoom to, table, export, move up/down, remove.
fn layer_buttons(
    ui: &mut Ui,
    layer: &mut Layer,
    index: usize,
    count: usize,
    has_selection: bool,
) -> Option<LayerAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        ui.spacing_mut().slider_width = 52.0;
        ui.add(egui::Slider::new(&mut layer.opacity, 0.0..=1.0).show_value(false))
            .on_hover_text(tr("Opacity"));
        if ui
            .small_button(tr("Zoom to"))
            .on_hover_text(tr("Zoom to layer"))
            .clicked()
        {
            action = Some(LayerAction::ZoomTo { index });
        }
        if ui
            .small_button(tr("Table"))
            .on_hover_text(tr("Attribute table"))
            .clicked()
        {
            action = Some(LayerAction::ToggleTable { index });
        }
        crate::ui::panels::filter::toggle(ui, layer);
        crate::ui::panels::symbols::toggle(ui, layer);
        if let Some(scope) = export_menu(ui, layer.features.len(), has_selection) {
            action = Some(LayerAction::Export { index, scope });
        }
        let moves = [
            (
                "▲",
                tr("Move up (draw on top)"),
                index + 1 < count,
                Direction::Up,
            ),
            ("▼", tr("Move down"), index > 0, Direction::Down),
        ];
        for (text, hint, enabled, direction) in moves {
            if ui
                .add_enabled(enabled, egui::Button::new(text).small())
                .on_hover_text(hint)
                .clicked()
            {
                action = Some(LayerAction::Move { index, direction });
            }
        }
        if layer.kind == LayerKind::User
            && ui
                .small_button("×")
                .on_hover_text(tr("Remove layer"))
                .clicked()
        {
            action = Some(LayerAction::Remove { index });
        }
    });
    action
}

fn export_menu(ui: &mut Ui, features: usize, has_selection: bool) -> Option<ExportScope> {
    let mut scope = None;
    ui.menu_button(tr("Export"), |ui| {
        if ui
            .button(trf("All {n} features…", &[("n", &features)]))
            .clicked()
        {
            scope = Some(ExportScope::AllFeatures);
            ui.close();
        }
        let selected = egui::Button::new(tr("Selected feature…"));
        if ui.add_enabled(has_selection, selected).clicked() {
            scope = Some(ExportScope::OnlySelected);
            ui.close();
        }
    })
    .response
    .on_hover_text(tr(
        "Save as GeoPackage, Shapefile, FlatGeobuf, GeoJSON or CSV",
    ));
    scope
}

/// How the file's coordinates are read: as it declares them (WGS84 by RFC 7946, or its own
/// CRS), or as China's GCJ-02 or BD-09, converted on load. Returns a changed choice.
fn coordinates_row(ui: &mut Ui, chosen: Option<Crs>, read_in: &str) -> Option<Option<Crs>> {
    let mut choice = chosen;
    let label = |crs: Option<Crs>| match crs {
        None if read_in.is_empty() => tr("As the file says").to_string(),
        None => trf("As the file says: {crs}", &[("crs", &read_in)]),
        Some(crs) => format!("{crs} → WGS84"),
    };
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        let caption = ui.label(RichText::new(tr("Coordinates")).small().weak());
        egui::ComboBox::from_id_salt("crs")
            .selected_text(label(chosen))
            .width(130.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut choice, None, label(None))
                    .on_hover_text(tr(
                        "WGS84 lon/lat (RFC 7946), or the coordinate system the file declares",
                    ));
                for (crs, hint) in [
                    (Crs::Gcj02, tr("China's GCJ-02 (Amap, Tencent)")),
                    (Crs::Bd09, tr("Baidu's BD-09")),
                ] {
                    ui.selectable_value(&mut choice, Some(crs), label(Some(crs)))
                        .on_hover_text(trf(
                            "The file is in {hint}: convert on load (remembered for this file)",
                            &[("hint", &tr(hint))],
                        ));
                }
            })
            .response
            .labelled_by(caption.id);
    });
    (choice != chosen).then_some(choice)
}

fn warnings(ui: &mut Ui, layer: &Layer) {
    if layer.warnings.is_empty() {
        return;
    }
    ui.collapsing(
        RichText::new(match layer.warnings.len() {
            1 => tr("1 warning").to_string(),
            n => trf("{n} warnings", &[("n", &n)]),
        })
        .color(Color32::from_rgb(200, 120, 0)),
        |ui| {
            egui::ScrollArea::vertical()
                .max_height(160.0)
                .show(ui, |ui| {
                    for w in &layer.warnings {
                        ui.label(RichText::new(w.to_string()).small());
                    }
                });
        },
    );
}
