//! The legend: each layer's symbol drawn as on the map (click it to change the colour), and
//! a key to the marks that are not layers (uncertainty rings, clusters, displaced points).

use egui::{Color32, Pos2, Rect, Response, Sense, Shape, Stroke, Ui, pos2, vec2};

use crate::i18n::{tr, trf};
use crate::model::{Categories, Layer, OTHER_CATEGORY, Rgba, Symbol};
use crate::ui::map::marks::{color32, paint_symbol};
use crate::ui::panels::graduated::class_swatch;

const ICON: egui::Vec2 = vec2(26.0, 18.0);

/// The layer's symbol as a legend icon; clicking it opens a colour picker.
pub fn layer_swatch(ui: &mut Ui, layer: &mut Layer) -> Response {
    let (rect, response) = ui.allocate_exact_size(ICON, Sense::click());
    let painter = ui.painter_at(rect.expand(2.0));
    let color = color32(layer.style.stroke.faded(layer.opacity.max(0.35)));
    let kinds = layer.kinds;
    if kinds.polygons || !(kinds.points || kinds.lines) {
        let r = rect.shrink2(vec2(3.0, 2.0));
        painter.rect(
            r,
            2.0,
            color32(layer.style.fill.with_alpha(layer.style.fill.0[3].max(90))),
            Stroke::new(1.5, color),
            egui::StrokeKind::Inside,
        );
    }
    if kinds.lines {
        let y = rect.center().y;
        painter.line(
            vec![
                pos2(rect.left() + 1.0, y + 5.0),
                pos2(rect.left() + 9.0, y - 4.0),
                pos2(rect.right() - 9.0, y + 4.0),
                pos2(rect.right() - 1.0, y - 5.0),
            ],
            Stroke::new(2.5, color),
        );
    }
    if kinds.points {
        paint_symbol(
            &painter,
            layer.style.symbol,
            rect.center(),
            layer.style.point_radius.min(6.5),
            color,
        );
    }
    let response = response.on_hover_text(tr("Layer symbol · click to change the colour"));
    egui::Popup::from_toggle_button_response(&response).show(|ui| {
        let mut c = color32(layer.style.stroke);
        if egui::color_picker::color_picker_color32(ui, &mut c, egui::color_picker::Alpha::Opaque) {
            let [r, g, b, _] = c.to_array();
            layer.style.stroke = Rgba::rgb(r, g, b);
            layer.style.fill = Rgba::rgb(r, g, b).with_alpha(layer.style.fill.0[3]);
        }
    });
    response
}

/// What a layer is coloured by.
#[derive(Clone, PartialEq)]
enum ColourBy {
    Single,
    /// One colour per value (QGIS "Categorized").
    Categories(String),
    /// Classes of a numeric property (QGIS "Graduated").
    Classes(String),
}

/// tr("Colour by") a property, in categories (QGIS "Categorized") or in classes of its numbers
/// (QGIS "Graduated"), and the legend of its classes. `columns`: what to offer (a database
/// layer's columns); `None`: the features' properties.
pub fn categories_row(ui: &mut Ui, layer: &mut Layer, columns: Option<&[String]>) {
    let current = match (&layer.style.graduated, &layer.style.categories) {
        (Some(g), _) => ColourBy::Classes(g.property.clone()),
        (None, Some(c)) => ColourBy::Categories(c.property.clone()),
        (None, None) => ColourBy::Single,
    };
    let mut chosen = current.clone();
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        let caption = ui.label(egui::RichText::new(tr("Colour by")).small().weak());
        let shown = match &chosen {
            ColourBy::Single => tr("single colour").to_owned(),
            ColourBy::Categories(p) => p.clone(),
            ColourBy::Classes(p) => trf("{field} in classes", &[("field", p)]),
        };
        egui::ComboBox::from_id_salt("colour_by")
            .selected_text(shown)
            .width(130.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, ColourBy::Single, tr("single colour"));
                let keys = match columns {
                    Some(columns) => columns.to_vec(),
                    None => property_keys(&layer.features),
                };
                for key in keys {
                    let label = key.clone();
                    ui.selectable_value(&mut chosen, ColourBy::Categories(key), label);
                }
                if columns.is_none() {
                    ui.separator();
                    for key in crate::analysis::graduate::numeric_properties(&layer.features) {
                        let label = trf("{field} in classes", &[("field", &key)]);
                        ui.selectable_value(&mut chosen, ColourBy::Classes(key), label);
                    }
                }
            })
            .response
            .labelled_by(caption.id);
    });
    if chosen != current {
        layer.style.categories = None;
        layer.style.graduated = None;
        match chosen {
            ColourBy::Single => {}
            ColourBy::Categories(p) => {
                layer.style.categories = Some(Categories::build(&layer.features, &p));
            }
            ColourBy::Classes(p) => {
                layer.style.graduated = crate::ui::panels::graduated::first_classes(layer, &p);
            }
        }
    }
    if layer.style.graduated.is_some() {
        crate::ui::panels::graduated::controls(ui, layer);
        return;
    }
    let Some(categories) = &layer.style.categories else {
        return;
    };
    let other = (categories.other > 0).then_some((
        tr("other").to_string(),
        OTHER_CATEGORY,
        categories.other,
    ));
    for (value, color, count) in categories.classes.iter().cloned().chain(other) {
        ui.horizontal(|ui| {
            ui.add_space(26.0);
            class_swatch(ui, color, 160);
            ui.label(egui::RichText::new(format!("{value} ({count})")).small());
        });
    }
}

/// Property names of a layer's features (the first thousand are enough to know them).
pub fn property_keys(features: &[crate::model::Feature]) -> Vec<String> {
    let mut keys: std::collections::BTreeSet<&str> = Default::default();
    for f in features.iter().take(1000) {
        keys.extend(f.properties.keys().map(String::as_str));
    }
    keys.into_iter().map(str::to_string).collect()
}

fn key_row(ui: &mut Ui, text: &str, draw: impl FnOnce(&egui::Painter, Rect)) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(ICON, Sense::hover());
        draw(&ui.painter_at(rect.expand(2.0)), rect);
        ui.label(egui::RichText::new(text).small());
    });
}

/// What the marks that are not layer symbols mean.
pub fn map_key(ui: &mut Ui) {
    let grey = Color32::from_gray(110);
    let accent = Rgba::rgb(148, 73, 196);
    key_row(
        ui,
        tr("Approximate location (ring ≈ uncertainty)"),
        |p, r| {
            let c = r.center();
            p.circle(
                c,
                8.5,
                color32(accent.with_alpha(28)),
                Stroke::new(1.2, color32(accent.with_alpha(150))),
            );
            paint_symbol(p, Symbol::Circle, c, 4.0, color32(accent));
        },
    );
    key_row(ui, tr("Cluster: click to zoom in"), |p, r| {
        let c = r.center();
        p.circle(
            c,
            8.5,
            Color32::from_white_alpha(235),
            Stroke::new(1.0, grey),
        );
        p.add(Shape::circle_stroke(
            c,
            6.5,
            Stroke::new(3.0, color32(accent)),
        ));
        p.text(
            c,
            egui::Align2::CENTER_CENTER,
            "3",
            egui::FontId::proportional(9.0),
            Color32::from_gray(30),
        );
    });
    key_row(
        ui,
        tr("Several features at one spot, spread out"),
        |p, r| {
            let c = r.center();
            let spots: [Pos2; 3] = [c + vec2(-8.0, 4.0), c + vec2(0.0, -6.0), c + vec2(8.0, 4.0)];
            for s in spots {
                p.line_segment([c, s], Stroke::new(1.0, Color32::from_gray(70)));
            }
            p.circle_filled(c, 1.5, Color32::from_gray(50));
            for s in spots {
                paint_symbol(p, Symbol::Circle, s, 3.5, color32(accent));
            }
        },
    );
}
