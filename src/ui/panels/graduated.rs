//! A graduated style's controls in the layer panel, under "Colour by … in classes": the
//! classing method, the number of classes, the colour ramp (reversible), and the legend of
//! classes with their ranges and counts, whose inner bounds can be dragged to any value.
//! The classes themselves are made by [`crate::analysis::graduate`].

use egui::{RichText, Sense, Stroke, Ui, vec2};

use crate::analysis::classify::{ClassMethod, MAX_CLASSES, MIN_CLASSES};
use crate::analysis::graduate::{MANUAL, graduate, method_named, ramp_named, regraduate};
use crate::analysis::ramp::Ramp;
use crate::i18n::{tr, tr_text, trf};
use crate::model::{Graduated, Layer, NO_DATA, Rgba, format_number};
use crate::ui::map::marks::color32;

/// Classes a graduated style opens with, as QGIS's defaults: natural breaks, five classes.
const FIRST_CLASSES: usize = 5;

/// The style a layer gets when "in classes" is first chosen for `property`.
pub fn first_classes(layer: &Layer, property: &str) -> Option<Graduated> {
    graduate(
        &layer.features,
        property,
        ClassMethod::NaturalBreaks,
        FIRST_CLASSES,
        Ramp::YellowOrangeRed,
        false,
    )
}

/// Method, classes, ramp and the legend; a change restyles the layer at once.
pub fn controls(ui: &mut Ui, layer: &mut Layer) {
    let Some(current) = layer.style.graduated.clone() else {
        return;
    };
    let mut method = method_named(&current.method);
    let mut classes = current.counts.len();
    let mut ramp = ramp_named(&current.ramp).unwrap_or(Ramp::YellowOrangeRed);
    let mut reversed = current.reversed;
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        let caption = ui.label(RichText::new(tr("Classes")).small().weak());
        let shown = method.map_or(tr("edited by hand"), |m| tr_text(m.name()));
        egui::ComboBox::from_id_salt("class_method")
            .selected_text(shown)
            .width(150.0)
            .show_ui(ui, |ui| {
                for m in ClassMethod::ALL {
                    ui.selectable_value(&mut method, Some(m), tr_text(m.name()));
                }
            })
            .response
            .labelled_by(caption.id);
        ui.add(egui::DragValue::new(&mut classes).range(MIN_CLASSES..=MAX_CLASSES))
            .on_hover_text(tr("How many classes (2–9)"));
    });
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        let caption = ui.label(RichText::new(tr("Colours")).small().weak());
        egui::ComboBox::from_id_salt("class_ramp")
            .selected_text(ramp.name())
            .width(110.0)
            .show_ui(ui, |ui| {
                for r in Ramp::ALL {
                    ui.horizontal(|ui| {
                        for colour in r.colours(5, reversed) {
                            class_swatch(ui, colour, 255);
                        }
                        ui.selectable_value(&mut ramp, r, r.name());
                    });
                }
            })
            .response
            .labelled_by(caption.id);
        ui.checkbox(&mut reversed, tr("Reverse"));
    });
    let recipe_changed = method != method_named(&current.method)
        || classes != current.counts.len()
        || ramp.name() != current.ramp
        || reversed != current.reversed;
    if recipe_changed {
        let method = method.unwrap_or(ClassMethod::NaturalBreaks);
        let made = graduate(
            &layer.features,
            &current.property,
            method,
            classes,
            ramp,
            reversed,
        );
        if let Some(made) = made {
            layer.style.graduated = Some(made);
        }
        return;
    }
    if let Some(bounds) = legend(ui, &current) {
        layer.style.graduated = Some(regraduate(&layer.features, &current, bounds));
    }
}

/// The classes as "from – to (count)", each inner bound draggable; returns the bounds when
/// one was moved.
fn legend(ui: &mut Ui, graduated: &Graduated) -> Option<Vec<f64>> {
    let mut bounds = graduated.bounds.clone();
    let span = bounds[bounds.len() - 1] - bounds[0];
    let speed = (span / 200.0).max(1e-9);
    let mut moved = false;
    let last = graduated.counts.len().saturating_sub(1);
    for (class, (colour, count)) in graduated.colours.iter().zip(&graduated.counts).enumerate() {
        ui.horizontal(|ui| {
            ui.add_space(26.0);
            class_swatch(ui, *colour, 230);
            ui.label(RichText::new(format_number(bounds[class])).small());
            ui.label(RichText::new("–").small());
            if class < last {
                let (low, high) = (bounds[class], bounds[class + 2]);
                let upper = egui::DragValue::new(&mut bounds[class + 1])
                    .speed(speed)
                    .range(low..=high)
                    .custom_formatter(|v, _| format_number(v));
                moved |= ui
                    .add(upper)
                    .on_hover_text(tr("Drag to move this class's upper bound"))
                    .changed();
            } else {
                ui.label(RichText::new(format_number(bounds[class + 1])).small());
            }
            ui.label(RichText::new(format!("({count})")).small().weak());
        });
    }
    if graduated.no_data > 0 {
        ui.horizontal(|ui| {
            ui.add_space(26.0);
            class_swatch(ui, NO_DATA, 230);
            ui.label(RichText::new(trf("no data ({n})", &[("n", &graduated.no_data)])).small());
        });
    }
    if graduated.method == MANUAL {
        ui.horizontal(|ui| {
            ui.add_space(26.0);
            ui.label(
                RichText::new(tr("Bounds edited by hand"))
                    .small()
                    .italics()
                    .weak(),
            );
        });
    }
    moved.then_some(bounds)
}

/// A class's colour as a small filled box.
pub fn class_swatch(ui: &mut Ui, color: Rgba, alpha: u8) {
    let (rect, _) = ui.allocate_exact_size(vec2(14.0, 11.0), Sense::hover());
    ui.painter().rect(
        rect,
        2.0,
        color32(color.with_alpha(alpha)),
        Stroke::new(1.0, color32(color)),
        egui::StrokeKind::Inside,
    );
}
