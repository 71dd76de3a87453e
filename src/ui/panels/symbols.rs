//! A layer's "Size by" (proportional circles, with their legend of nested circles) and
//! "Labels" (a field, its size, colour and halo) rows in the layer panel. The marks
//! themselves are the core's ([`crate::render::layer_marks`]), so the PNG draws the same.

use egui::{RichText, Stroke, Ui, vec2};

use crate::i18n::{tr, trf};
use crate::model::{FieldLabels, Layer, Proportional, Rgba, format_number, name_like_field};
use crate::ui::map::marks::color32;

/// "Size by" and "Labels" for `layer`; `keys` lists its fields (asked for only when a menu
/// opens or a default is needed).
pub fn symbol_rows(ui: &mut Ui, layer: &mut Layer, keys: &dyn Fn(&Layer) -> Vec<String>) {
    let open: bool = ui.data(|d| d.get_temp(open_id(layer))).unwrap_or(false);
    if !open && layer.style.proportional.is_none() && layer.style.labels.is_none() {
        return;
    }
    size_row(ui, layer);
    if let Some(sizes) = layer.style.proportional.clone() {
        size_controls(ui, layer, sizes);
    }
    labels_row(ui, layer, keys);
}

fn open_id(layer: &Layer) -> egui::Id {
    egui::Id::unique("layer_symbols").with(layer.id.0.as_str())
}

/// The "Style" toggle for the layer's button row.
pub fn toggle(ui: &mut Ui, layer: &Layer) {
    let id = open_id(layer);
    let mut open: bool = ui.data(|d| d.get_temp(id)).unwrap_or(false);
    let styled = layer.style.proportional.is_some() || layer.style.labels.is_some();
    let button = egui::Button::new(tr("Style"))
        .small()
        .selected(open || styled);
    if ui
        .add(button)
        .on_hover_text(tr("Circles sized by a number, and labels from a field"))
        .clicked()
    {
        open = !open;
        ui.data_mut(|d| d.insert_temp(id, open));
    }
}

fn size_row(ui: &mut Ui, layer: &mut Layer) {
    let current = layer
        .style
        .proportional
        .as_ref()
        .map(|p| p.property.clone());
    let mut chosen = current.clone();
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        let caption = ui.label(RichText::new(tr("Size by")).small().weak());
        egui::ComboBox::from_id_salt("size_by")
            .selected_text(chosen.clone().unwrap_or_else(|| tr("same size").to_owned()))
            .width(130.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, tr("same size"));
                for key in crate::analysis::graduate::numeric_properties(&layer.features) {
                    let label = key.clone();
                    ui.selectable_value(&mut chosen, Some(key), label);
                }
            })
            .response
            .labelled_by(caption.id);
    });
    if chosen != current {
        layer.style.proportional = chosen.and_then(|p| Proportional::over(&layer.features, &p));
    }
}

/// The smallest and largest radius, and the legend: three nested circles for the largest
/// value, half and a tenth of it.
fn size_controls(ui: &mut Ui, layer: &mut Layer, mut sizes: Proportional) {
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        ui.label(RichText::new(tr("Radius")).small().weak());
        ui.add(
            egui::DragValue::new(&mut sizes.min_radius)
                .range(1.0..=20.0)
                .suffix(" px"),
        )
        .on_hover_text(tr("Smallest circle"));
        ui.label("–");
        ui.add(
            egui::DragValue::new(&mut sizes.max_radius)
                .range(4.0..=80.0)
                .suffix(" px"),
        )
        .on_hover_text(tr("Largest circle"));
    });
    sizes.max_radius = sizes.max_radius.max(sizes.min_radius);
    let color = color32(layer.style.stroke);
    let steps = [1.0, 0.5, 0.1].map(|f| sizes.max_value * f);
    let height = 2.0 * sizes.max_radius.min(40.0) + 4.0;
    ui.horizontal(|ui| {
        ui.add_space(26.0);
        let (rect, _) = ui.allocate_exact_size(
            vec2(2.0 * sizes.max_radius.min(40.0) + 4.0, height),
            egui::Sense::hover(),
        );
        let (labels, _) = ui.allocate_exact_size(vec2(70.0, height), egui::Sense::hover());
        let painter = ui.painter_at(rect.union(labels).expand(1.0));
        let base = rect.center_bottom().y - 1.0;
        let text = ui.visuals().text_color();
        let mut last_label_y = f32::NEG_INFINITY;
        for value in steps {
            let Some(radius) = sizes.radius(value) else {
                continue;
            };
            let radius = radius.min(40.0);
            let center = egui::pos2(rect.center().x, base - radius);
            painter.circle(
                center,
                radius,
                color.gamma_multiply(0.25),
                Stroke::new(1.0, color),
            );
            // Each value at the top of its circle, with a leader to it; kept apart when the
            // circles' tops crowd.
            let top = egui::pos2(rect.center().x, base - 2.0 * radius);
            let y = top.y.max(last_label_y + 11.0);
            last_label_y = y;
            let at = egui::pos2(labels.left() + 4.0, y);
            painter.line_segment([top, at], Stroke::new(0.6, text.gamma_multiply(0.6)));
            let font = egui::FontId::proportional(10.0);
            painter.text(
                at,
                egui::Align2::LEFT_CENTER,
                format_number(value),
                font,
                text,
            );
        }
    });
    if layer.style.proportional.as_ref() != Some(&sizes) {
        layer.style.proportional = Some(sizes);
    }
}

fn labels_row(ui: &mut Ui, layer: &mut Layer, keys: &dyn Fn(&Layer) -> Vec<String>) {
    let current = layer.style.labels.as_ref().map(|l| l.property.clone());
    let mut chosen = current.clone();
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        let caption = ui.label(RichText::new(tr("Labels")).small().weak());
        let response = egui::ComboBox::from_id_salt("labels_by")
            .selected_text(chosen.clone().unwrap_or_else(|| tr("none").to_owned()))
            .width(130.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, tr("none"));
                let fields = keys(layer);
                // The field that names the features first, marked.
                let named = name_like_field(&fields);
                if let Some(name) = &named {
                    let label = trf("{field} (names)", &[("field", name)]);
                    ui.selectable_value(&mut chosen, Some(name.clone()), label);
                }
                for key in fields.into_iter().filter(|k| Some(k) != named.as_ref()) {
                    let label = key.clone();
                    ui.selectable_value(&mut chosen, Some(key), label);
                }
            })
            .response;
        response.labelled_by(caption.id);
    });
    if chosen != current {
        layer.style.labels = chosen.map(|p| FieldLabels::new(&p));
    }
    let Some(labels) = layer.style.labels.as_mut() else {
        return;
    };
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        ui.add(
            egui::DragValue::new(&mut labels.size)
                .range(6.0..=48.0)
                .suffix(" px"),
        )
        .on_hover_text(tr("Text size"));
        let mut c = color32(labels.color);
        if egui::color_picker::color_edit_button_srgba(
            ui,
            &mut c,
            egui::color_picker::Alpha::Opaque,
        )
        .on_hover_text(tr("Text colour"))
        .changed()
        {
            let [r, g, b, _] = c.to_array();
            labels.color = Rgba::rgb(r, g, b);
        }
        ui.checkbox(&mut labels.halo, tr("Halo"));
    });
}
