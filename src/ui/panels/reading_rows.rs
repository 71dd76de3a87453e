//! The layer panel's rows for how a file's text and table were read: its text encoding (for
//! formats that do not fix one) and the columns that place a table's rows. Each hands back the
//! change the user made; the file is then reread in place.

use egui::{RichText, Ui};

use crate::i18n::{tr, tr_text, trf};
use crate::io::crs::Crs;
use crate::model::{Placement, Reading};

/// A choice of how to read a file; `None` goes back to what the file declares or detection
/// finds.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadChange {
    Crs(Option<Crs>),
    Encoding(Option<&'static encoding_rs::Encoding>),
    Placement(Option<crate::model::Placement>),
}

/// Encodings offered: those Chinese GIS files come in, then Western ones.
const ENCODINGS: &[(&encoding_rs::Encoding, &str)] = &[
    (encoding_rs::UTF_8, "UTF-8"),
    (encoding_rs::GBK, "GBK (简体中文 Windows, 936)"),
    (encoding_rs::GB18030, "GB18030"),
    (encoding_rs::BIG5, "Big5 (繁體中文)"),
    (encoding_rs::SHIFT_JIS, "Shift_JIS"),
    (encoding_rs::EUC_KR, "EUC-KR"),
    (encoding_rs::WINDOWS_1252, "Windows-1252 (Western)"),
];

/// The encoding choice of a file whose format leaves it open.
pub fn encoding_row(ui: &mut Ui, reading: &Reading) -> Option<ReadChange> {
    if !reading.encoding_is_a_choice() {
        return None;
    }
    let mut change = None;
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        let caption = ui.label(RichText::new(tr("Text encoding")).small().weak());
        egui::ComboBox::from_id_salt("encoding")
            .selected_text(reading.encoding)
            .width(130.0)
            .show_ui(ui, |ui| {
                for (encoding, label) in ENCODINGS {
                    let current = encoding.name() == reading.encoding;
                    if ui.selectable_label(current, tr_text(label)).clicked() && !current {
                        change = Some(ReadChange::Encoding(Some(*encoding)));
                    }
                }
                if ui
                    .selectable_label(false, tr("Detect again"))
                    .on_hover_text(tr(
                        "Forget the choice: use the file's .cpg, header or content",
                    ))
                    .clicked()
                {
                    change = Some(ReadChange::Encoding(None));
                }
            })
            .response
            .labelled_by(caption.id)
            .on_hover_text(tr(
                "If names show as � or nonsense, the file is in another encoding",
            ));
    });
    change
}

/// The longitude/latitude (or WKT) columns of a table.
pub fn columns_row(ui: &mut Ui, reading: &Reading) -> Option<ReadChange> {
    if !reading.is_table() || reading.columns.is_empty() {
        return None;
    }
    let placed = match &reading.placement {
        Some(Placement::LonLat { lon, lat }) => (lon.clone(), lat.clone()),
        _ => (String::new(), String::new()),
    };
    // A half-made choice (one column picked) is kept until the other is picked.
    let pending_id = ui.scope_id().with("placement being chosen");
    let (mut lon, mut lat) = ui
        .data(|d| d.get_temp::<(String, String)>(pending_id))
        .unwrap_or_else(|| placed.clone());
    let before = (lon.clone(), lat.clone());
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        for (caption, value, hint) in [
            (tr("Lon"), &mut lon, tr("The longitude (x) column")),
            (tr("Lat"), &mut lat, tr("The latitude (y) column")),
        ] {
            let caption = ui.label(RichText::new(caption).small().weak());
            let shown = if value.is_empty() {
                "—"
            } else {
                value.as_str()
            };
            egui::ComboBox::from_id_salt(caption.id)
                .selected_text(shown.to_string())
                .width(56.0)
                .show_ui(ui, |ui| {
                    for column in &reading.columns {
                        ui.selectable_value(value, column.clone(), column);
                    }
                })
                .response
                .labelled_by(caption.id)
                .on_hover_text(hint);
        }
    });
    if let Some(Placement::Wkt(column)) = &reading.placement {
        ui.horizontal(|ui| {
            ui.add_space(22.0);
            ui.label(
                RichText::new(trf(
                    "Placed by WKT column \"{column}\"",
                    &[("column", column)],
                ))
                .small()
                .weak(),
            );
        });
    }
    let changed = (&lon, &lat) != (&before.0, &before.1);
    if !changed {
        return None;
    }
    if lon.is_empty() || lat.is_empty() {
        ui.data_mut(|d| d.insert_temp(pending_id, (lon, lat)));
        return None;
    }
    ui.data_mut(|d| d.remove::<(String, String)>(pending_id));
    Some(ReadChange::Placement(Some(Placement::LonLat { lon, lat })))
}
