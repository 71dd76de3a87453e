//! The geodesic measure tool: the points clicked, the path drawn over the map, and its
//! readout with Undo, Clear and Done.

use egui::{Color32, Pos2, Rect, RichText, Shape, Stroke, Ui, pos2};

use crate::geometry::ViewTransform;
use crate::geometry::measure::{enclosed_area_m2, format_area, format_distance, path_length_m};
use crate::i18n::{tr, trf};

const MEASURE: Color32 = Color32::from_rgb(230, 80, 0);

/// The measure tool: `Some` while it is on, with the lon/lat points clicked so far.
#[derive(Debug, Clone, Default)]
pub struct MeasureTool {
    pub points: Option<Vec<(f64, f64)>>,
}

impl MeasureTool {
    pub fn is_on(&self) -> bool {
        self.points.is_some()
    }

    pub fn set_on(&mut self, on: bool) {
        self.points = on.then(Vec::new);
    }
}

enum MeasureAction {
    Undo,
    Clear,
    Done,
}

/// The measured path, its vertices and the rubber band to the cursor.
pub fn paint_measure(
    painter: &egui::Painter,
    view: &ViewTransform,
    points: &[(f64, f64)],
    cursor: Option<Pos2>,
) {
    let screen: Vec<Pos2> = points
        .iter()
        .map(|&(lon, lat)| {
            let [x, y] = view.lonlat_to_screen(lon, lat);
            pos2(x, y)
        })
        .collect();
    if screen.len() >= 3
        && let (Some(&first), Some(&last)) = (screen.first(), screen.last())
    {
        painter.add(Shape::convex_polygon(
            screen.clone(),
            MEASURE.gamma_multiply(0.12),
            Stroke::NONE,
        ));
        painter.add(Shape::dashed_line(
            &[last, first],
            Stroke::new(1.5, MEASURE),
            6.0,
            4.0,
        ));
    }
    let halo = Stroke::new(4.5, Color32::from_white_alpha(200));
    let stroke = Stroke::new(2.5, MEASURE);
    if screen.len() >= 2 {
        painter.add(Shape::line(screen.clone(), halo));
        painter.add(Shape::line(screen.clone(), stroke));
    }
    if let (Some(last), Some(cursor)) = (screen.last(), cursor) {
        painter.add(Shape::dashed_line(&[*last, cursor], stroke, 6.0, 4.0));
    }
    for p in &screen {
        painter.circle(*p, 4.0, Color32::WHITE, Stroke::new(2.0, MEASURE));
    }
}

/// The measure tool's readout and buttons, over the top-right corner of the map.
pub fn measure_panel(
    ui: &mut Ui,
    tool: &mut MeasureTool,
    map_rect: Option<Rect>,
    cursor_lonlat: Option<(f64, f64)>,
) {
    let Some(points) = tool.points.as_ref() else {
        return;
    };
    let Some(rect) = map_rect else {
        return;
    };
    let mut path = points.clone();
    if let Some(cursor) = cursor_lonlat {
        path.push(cursor);
    }
    let length = path_length_m(&path);
    let area = enclosed_area_m2(points);
    let count = points.len();
    let mut action = None;
    egui::Area::new(egui::Id::unique("measure_panel"))
        .fixed_pos(pos2(rect.right() - 250.0, rect.top() + 10.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(230.0);
                ui.label(RichText::new(tr("Measure (geodesic, WGS84)")).strong());
                if count == 0 {
                    ui.label(tr("Click the map to add points."));
                }
                ui.label(trf("Distance: {d}", &[("d", &format_distance(length))]));
                if count >= 3 {
                    ui.label(trf("Area: {a}", &[("a", &format_area(area))]));
                }
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(count > 0, egui::Button::new(tr("Undo")))
                        .clicked()
                    {
                        action = Some(MeasureAction::Undo);
                    }
                    if ui
                        .add_enabled(count > 0, egui::Button::new(tr("Clear")))
                        .clicked()
                    {
                        action = Some(MeasureAction::Clear);
                    }
                    if ui.button(tr("Done")).clicked() {
                        action = Some(MeasureAction::Done);
                    }
                });
            });
        });
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
    match (action, escape) {
        (Some(MeasureAction::Undo), _) => {
            if let Some(p) = tool.points.as_mut() {
                p.pop();
            }
        }
        (Some(MeasureAction::Clear), _) => tool.points = Some(Vec::new()),
        (Some(MeasureAction::Done), _) | (_, true) => tool.points = None,
        _ => {}
    }
}
