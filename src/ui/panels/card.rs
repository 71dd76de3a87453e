//! The info card of a selected feature: names, precision warning, figures with their sources,
//! and for a district what the thematic layers place inside it.

use egui::{Color32, RichText, Ui};
use geo::{Contains, Geometry};
use serde_json::Value;

use crate::geometry::measure::area_km2;
use crate::i18n::{tr, tr_text, trf};
use crate::model::{Feature, Figure, Layer, LayerKind, LocationPrecision, number_text};

/// Keys shown in their own sections rather than in the generic property table.
const SHOWN_APART: &[&str] = &[
    "approximation_note",
    "sources",
    "summary",
    "name_en",
    "name_zh",
    "name_note",
    "location_note",
    "data_note",
    "event_date",
    "event_date_note",
    "article_dates",
    "related",
];

/// A caution box: what to be careful about, in bold, then why.
fn warning(ui: &mut Ui, headline: &str, detail: &str) {
    let ink = Color32::from_rgb(120, 80, 0);
    egui::Frame::new()
        .fill(Color32::from_rgb(255, 243, 205))
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(headline).strong().color(ink));
            if !detail.is_empty() {
                ui.label(RichText::new(detail).size(12.0).color(ink));
            }
        });
}

pub use crate::model::format_number;

pub fn property_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        Value::Number(n) if n.is_f64() => n.as_f64().map_or_else(|| n.to_string(), number_text),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

fn figures_table(ui: &mut Ui, figures: &[Figure]) {
    ui.label(RichText::new(tr("Figures")).strong());
    egui::Grid::new("figures")
        .num_columns(4)
        .min_col_width(60.0)
        .striped(true)
        .show(ui, |ui| {
            for f in figures {
                // Wrapped at a fixed width, left-aligned (add_sized would justify it).
                ui.scope(|ui| {
                    ui.set_max_width(130.0);
                    let label = match &f.scope {
                        Some(scope) => format!("{} ({})", f.label, tr_text(scope)),
                        None => f.label.clone(),
                    };
                    ui.add(egui::Label::new(label).wrap());
                });
                ui.label(RichText::new(f.amount_text()).strong());
                ui.label(&f.period);
                ui.label(f.yoy_text().unwrap_or_default())
                    .on_hover_text(format!(
                        "“{}”\n{}",
                        f.quote,
                        crate::ui::panels::cite::quoted_from(&f.seed)
                    ));
                ui.end_row();
            }
        });
}

fn sources_list(ui: &mut Ui, sources: &[Value]) {
    ui.label(RichText::new(tr("Sources")).strong());
    for s in sources {
        let text = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or("");
        ui.add(egui::Label::new(RichText::new(format!("“{}”", text("quote"))).italics()).wrap());
        ui.label(
            RichText::new(crate::ui::panels::cite::quoted_from(text("seed")))
                .weak()
                .small(),
        );
        ui.add_space(2.0);
    }
}

fn features_inside(ui: &mut Ui, district: &Feature, layers: &[Layer]) {
    let inside: Vec<(String, String)> = layers
        .iter()
        .filter(|l| l.kind.is_bundled_facts() && l.visible)
        .flat_map(|l| {
            l.features.iter().filter_map(move |f| match &f.geometry {
                Geometry::Point(p) if district.geometry.contains(p) => {
                    Some((l.name.clone(), f.display_name()))
                }
                _ => None,
            })
        })
        .collect();
    if inside.is_empty() {
        return;
    }
    ui.separator();
    ui.label(RichText::new(trf("In this district ({n})", &[("n", &inside.len())])).strong());
    for (layer, name) in inside {
        ui.label(format!("• {name}")).on_hover_text(layer);
    }
}

/// When it happened and when it was reported: the event's date (what the time slider filters
/// on) and the dates of the articles cited.
fn dates_section(ui: &mut Ui, feature: &Feature) {
    let Some(event) = feature.str_property("event_date") else {
        return;
    };
    ui.label(trf("Event date: {date}", &[("date", &event)]))
        .on_hover_text(feature.str_property("event_date_note").unwrap_or(""));
    if let Some(Value::Array(dates)) = feature.properties.get("article_dates") {
        let dates: Vec<&str> = dates.iter().filter_map(Value::as_str).collect();
        ui.label(
            RichText::new(trf("Articles of {dates}", &[("dates", &dates.join(", "))]))
                .small()
                .weak(),
        );
    }
}

/// Buttons to the features this one is about too (the airport record of a thematic airport,
/// the company behind a project); returns the id of the one clicked.
fn related_links(ui: &mut Ui, feature: &Feature, layers: &[Layer]) -> Option<String> {
    let Some(Value::Array(ids)) = feature.properties.get("related") else {
        return None;
    };
    let mut clicked = None;
    ui.separator();
    ui.label(RichText::new(tr("Related")).strong());
    for id in ids.iter().filter_map(Value::as_str) {
        let Some(target) = layers
            .iter()
            .flat_map(|l| l.features.iter())
            .find(|f| f.str_property("id") == Some(id))
        else {
            continue;
        };
        if ui.link(format!("→ {}", target.display_name())).clicked() {
            clicked = Some(id.to_string());
        }
    }
    clicked
}

/// The card; returns the id of a related feature the user clicked, to select and show.
/// `why_unplaced`: the reader's reason when the row's geometry could not be drawn.
pub fn feature_card(
    ui: &mut Ui,
    feature: &Feature,
    layer_kind: LayerKind,
    layers: &[Layer],
    why_unplaced: Option<&str>,
) -> Option<String> {
    if let Some(en) = feature.name_en() {
        ui.heading(en);
    }
    if let Some(zh) = feature.name_zh() {
        ui.label(RichText::new(zh).size(18.0));
    }
    if let Some(note) = feature.str_property("name_note") {
        ui.label(RichText::new(note).small().italics());
    }
    warnings(ui, feature, layer_kind, why_unplaced);
    if let Some(summary) = feature.str_property("summary") {
        ui.add_space(4.0);
        ui.add(egui::Label::new(summary).wrap());
    }
    dates_section(ui, feature);
    let area = area_km2(&feature.geometry);
    if area > 0.0 {
        ui.label(trf(
            "Area: {km2} km² (computed from the boundary)",
            &[("km2", &format_number(area.round()))],
        ));
    }
    let figures = feature.figures();
    if !figures.is_empty() {
        ui.separator();
        figures_table(ui, &figures);
    }
    // Entries of another shape (a user's file) are not in the table: list them as they are.
    let figures_all_tabled = feature
        .properties
        .get("figures")
        .and_then(Value::as_array)
        .is_some_and(|all| all.len() == figures.len());
    if let Some(Value::Array(sources)) = feature.properties.get("sources")
        && !sources.is_empty()
    {
        ui.separator();
        sources_list(ui, sources);
    }
    let related = related_links(ui, feature, layers);
    if layer_kind == LayerKind::Districts {
        features_inside(ui, feature, layers);
    }
    ui.separator();
    all_properties(ui, feature, layer_kind, figures_all_tabled);
    related
}

/// What the reader should be warned of: a dataset at odds with the map, no location, an
/// approximate geometry or location.
fn warnings(ui: &mut Ui, feature: &Feature, layer_kind: LayerKind, why_unplaced: Option<&str>) {
    if let Some(note) = feature.str_property("data_note") {
        ui.add_space(4.0);
        warning(ui, tr("The dataset disagrees with the map"), note);
    }
    if !feature.has_location() {
        ui.add_space(4.0);
        let why = match why_unplaced {
            Some(reason) => trf(
                "Its geometry in the file cannot be drawn: {reason}",
                &[("reason", &reason)],
            ),
            None => tr("This row has no geometry in its file: it is listed, not drawn").to_owned(),
        };
        warning(ui, tr("No location"), &why);
    }
    if let Some(note) = feature.str_property("approximation_note") {
        ui.add_space(4.0);
        warning(
            ui,
            tr("Approximate geometry"),
            note.trim_start_matches("Approximate: "),
        );
    }
    if layer_kind == LayerKind::Thematic
        && let LocationPrecision::Approximate { uncertainty_km } = feature.precision()
    {
        let kind = feature
            .str_property("location_precision")
            .unwrap_or("approximate");
        let radius = uncertainty_km
            .map(|km| format!(" (±{} km)", format_number(km)))
            .unwrap_or_default();
        let note = feature.str_property("location_note").unwrap_or("");
        ui.add_space(4.0);
        warning(
            ui,
            &trf(
                "Location is {kind}{radius}, not a surveyed site",
                &[("kind", &tr_text(kind)), ("radius", &radius)],
            ),
            note,
        );
    }
}

/// Every property not shown above, as it is in the data.
fn all_properties(ui: &mut Ui, feature: &Feature, layer_kind: LayerKind, figures_all_tabled: bool) {
    egui::CollapsingHeader::new(tr("All properties"))
        .default_open(!layer_kind.is_bundled_facts())
        .show(ui, |ui| {
            egui::Grid::new("properties")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for (key, value) in &feature.properties {
                        // A district's area column is the "Area" line above.
                        let area_shown = layer_kind == LayerKind::Districts
                            && key == crate::io::embedded::AREA_COLUMN;
                        if SHOWN_APART.contains(&key.as_str())
                            || (key == "figures" && figures_all_tabled)
                            || area_shown
                        {
                            continue;
                        }
                        ui.label(RichText::new(key).weak());
                        ui.add(egui::Label::new(property_text(value)).wrap());
                        ui.end_row();
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn numbers_get_thousands_separators_and_keep_decimals() {
        assert_eq!(format_number(1_160_000.0), "1,160,000");
        assert_eq!(format_number(8.3), "8.3");
        assert_eq!(format_number(2.72), "2.72");
        assert_eq!(format_number(68.0), "68");
    }
}
