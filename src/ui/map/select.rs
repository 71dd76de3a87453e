//! Choosing features by shape, as QGIS's selection tools: Shift-drag draws a rectangle, and
//! with "Lasso" on in the top bar a drag draws a freehand shape; Ctrl (⌘) adds to the
//! choice. The map does not pan while a shape is drawn. Which features the shape touches is
//! the core's ([`crate::geometry::select`]).

use egui::{Color32, Pos2, Rect, Response, Shape, Stroke};

use crate::geometry::ViewTransform;
use crate::geometry::select::features_touching;
use crate::render::LayerStack;
use crate::ui::picks::Picks;

/// A lasso keeps a vertex every this many screen points.
const LASSO_STEP: f32 = 3.0;

#[derive(Default)]
pub struct SelectTool {
    /// Plain drags draw a lasso (the top bar's "Lasso").
    pub lasso: bool,
    /// The shape being drawn, in screen points: the rectangle's two corners, or the lasso.
    drawing: Option<Drawing>,
    /// The last shape drawn (lon/lat ring), to choose in another layer from the bar.
    pub last_ring: Option<Vec<(f64, f64)>>,
}

struct Drawing {
    lasso: bool,
    points: Vec<Pos2>,
}

/// A shape drawn this frame, in lon/lat, and whether it adds to the choice.
pub struct DrawnShape {
    pub ring: Vec<(f64, f64)>,
    pub add: bool,
}

impl SelectTool {
    /// Whether a drag on the map draws a shape rather than panning: one is being drawn, the
    /// lasso is on, or Shift is held.
    pub fn holds_drag(&self, ui: &egui::Ui) -> bool {
        self.lasso || self.drawing.is_some() || ui.input(|i| i.modifiers.shift)
    }

    /// Follows the drag on the map; returns the shape when the button is released.
    pub fn track(
        &mut self,
        ui: &egui::Ui,
        response: &Response,
        view: &ViewTransform,
    ) -> Option<DrawnShape> {
        let pointer = response.interact_pointer_pos();
        // The shape starts where the button went down, not where the drag was recognised.
        let origin = ui.input(|i| i.pointer.press_origin()).or(pointer);
        if response.drag_started()
            && let Some(at) = origin
            && (self.lasso || ui.input(|i| i.modifiers.shift))
        {
            self.drawing = Some(Drawing {
                lasso: self.lasso && !ui.input(|i| i.modifiers.shift),
                points: vec![at],
            });
        }
        let drawing = self.drawing.as_mut()?;
        if response.dragged()
            && let Some(at) = pointer
        {
            if drawing.lasso {
                let far = (drawing.points.last()).is_none_or(|p| p.distance(at) >= LASSO_STEP);
                if far {
                    drawing.points.push(at);
                }
            } else {
                drawing.points.truncate(1);
                drawing.points.push(at);
            }
        }
        if !response.drag_stopped() {
            return None;
        }
        let drawing = self.drawing.take()?;
        let screen = screen_ring(&drawing)?;
        let ring: Vec<(f64, f64)> = (screen.iter())
            .map(|p| view.screen_to_lonlat([p.x, p.y]))
            .collect();
        self.last_ring = Some(ring.clone());
        Some(DrawnShape {
            ring,
            add: ui.input(|i| i.modifiers.command),
        })
    }

    /// The shape being drawn: a dashed outline on a light veil.
    pub fn paint(&self, painter: &egui::Painter) {
        let Some(ring) = self.drawing.as_ref().and_then(screen_ring) else {
            return;
        };
        let ink = Color32::from_rgb(255, 196, 0);
        if let [a, _, c, ..] = ring[..]
            && !self.drawing.as_ref().is_some_and(|d| d.lasso)
        {
            painter.rect_filled(Rect::from_two_pos(a, c), 0.0, ink.gamma_multiply(0.12));
        }
        let dark = Stroke::new(3.0, Color32::from_black_alpha(140));
        painter.add(Shape::line(ring.clone(), dark));
        painter.add(Shape::dashed_line(&ring, Stroke::new(1.5, ink), 6.0, 4.0));
    }
}

/// The drawing as a closed ring of screen points; `None` until it encloses something.
fn screen_ring(drawing: &Drawing) -> Option<Vec<Pos2>> {
    let points = &drawing.points;
    if drawing.lasso {
        if points.len() < 3 {
            return None;
        }
        let mut ring = points.clone();
        ring.push(points[0]);
        return Some(ring);
    }
    let (a, c) = (*points.first()?, *points.get(1)?);
    if (a.x - c.x).abs() < 2.0 || (a.y - c.y).abs() < 2.0 {
        return None;
    }
    let (b, d) = (Pos2::new(c.x, a.y), Pos2::new(a.x, c.y));
    Some(vec![a, b, c, d, a])
}

/// Chooses what `shape` touches: in the chosen layer when adding to it, else in the topmost
/// visible layer it touches anything of. Returns whether anything was chosen.
pub fn choose_by_shape(stack: &LayerStack, picks: &mut Picks, shape: &DrawnShape) -> bool {
    let target = match (&picks.chosen, shape.add) {
        (Some(chosen), true) => stack.position(&chosen.layer),
        _ => None,
    };
    let candidates: Vec<usize> = match target {
        Some(i) => vec![i],
        None => (0..stack.len()).rev().collect(),
    };
    for index in candidates {
        let Some(crate::render::layer_stack::StackEntry { layer, prepared }) = stack.entry(index)
        else {
            continue;
        };
        if !layer.visible {
            continue;
        }
        let touched = features_touching(&layer.features, &prepared.index, &shape.ring);
        if !touched.is_empty() || target.is_some() {
            let id = layer.id.clone();
            picks.choose(&id, touched, shape.add);
            return picks.chosen.is_some();
        }
    }
    if !shape.add {
        picks.chosen = None;
    }
    false
}

/// Chooses what the last shape touched in the layer at `index` instead.
pub fn choose_again_in(stack: &LayerStack, picks: &mut Picks, tool: &SelectTool, index: usize) {
    let (Some(ring), Some(entry)) = (&tool.last_ring, stack.entry(index)) else {
        return;
    };
    let (layer, prepared) = (entry.layer, entry.prepared);
    let touched = features_touching(&layer.features, &prepared.index, ring);
    let id = layer.id.clone();
    picks.choose(&id, touched, false);
}

/// What the bar over the map was asked to do with the chosen features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChosenAction {
    Statistics,
    Table,
    Export,
    NewLayer,
    Clear,
}

/// The bar over the map while features are chosen: how many, in which layer (another can be
/// picked: the last shape chooses there), and what to do with them.
pub fn chosen_bar(
    ctx: &egui::Context,
    map_rect: Option<Rect>,
    stack: &LayerStack,
    picks: &mut Picks,
    tool: &SelectTool,
) -> Option<ChosenAction> {
    use crate::i18n::{tr, trf};
    let (chosen, rect) = (picks.chosen.clone()?, map_rect?);
    let layer = stack.by_id(&chosen.layer.0)?;
    let mut action = None;
    let mut switch_to = None;
    egui::Area::new(egui::Id::unique("chosen_bar"))
        .fixed_pos(rect.left_top() + egui::vec2(8.0, 8.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            ui.set_max_width((rect.width() - 16.0).max(200.0));
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    let title = crate::i18n::layer_title(&layer.name);
                    let count = crate::model::format_number(chosen.features.len() as f64);
                    ui.strong(trf("{n} chosen", &[("n", &count)]));
                    let caption = ui.label(tr("in"));
                    egui::ComboBox::from_id_salt("chosen_layer")
                        .selected_text(title)
                        .width(150.0)
                        .show_ui(ui, |ui| {
                            let visible = (0..stack.len()).rev().filter_map(|i| {
                                let l = stack.get(i)?;
                                (l.visible && tool.last_ring.is_some()).then_some((i, l))
                            });
                            for (i, l) in visible {
                                let name = crate::i18n::layer_title(&l.name);
                                if ui.selectable_label(l.id == chosen.layer, name).clicked() {
                                    switch_to = Some(i);
                                }
                            }
                        })
                        .response
                        .labelled_by(caption.id);
                    let buttons = [
                        (tr("Statistics"), ChosenAction::Statistics),
                        (tr("Show in table"), ChosenAction::Table),
                        (tr("Export…"), ChosenAction::Export),
                        (tr("New layer"), ChosenAction::NewLayer),
                        (tr("Clear (Esc)"), ChosenAction::Clear),
                    ];
                    for (label, asked) in buttons {
                        if ui.small_button(label).clicked() {
                            action = Some(asked);
                        }
                    }
                });
            });
        });
    if let Some(index) = switch_to {
        choose_again_in(stack, picks, tool, index);
    }
    action
}
