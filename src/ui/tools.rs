//! Map tools drawn over the map: the scale bar, the geodesic measure tool, and exporting the
//! view as a PNG.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Shape, Stroke, Ui, pos2, vec2};

use super::app::AtlasApp;
use crate::geometry::ViewTransform;
use crate::geometry::measure::{
    enclosed_area_m2, format_area, format_distance, metres_per_pixel, path_length_m, scale_bar,
};

const INK: Color32 = Color32::from_rgb(40, 40, 40);
const MEASURE: Color32 = Color32::from_rgb(230, 80, 0);

const SCALE_BAR_MAX_PX: f32 = 120.0;

fn scale_bar_origin(rect: Rect) -> Pos2 {
    pos2(rect.left() + 14.0, rect.bottom() - 14.0)
}

/// The white box behind a scale bar `px` long.
fn scale_bar_backdrop(rect: Rect, px: f32) -> Rect {
    let origin = scale_bar_origin(rect);
    Rect::from_min_max(origin + vec2(-6.0, -24.0), origin + vec2(px + 6.0, 6.0))
}

/// The most the scale bar covers, `[min_x, min_y, max_x, max_y]`: labels keep out of it.
pub fn scale_bar_footprint(rect: Rect) -> [f32; 4] {
    let r = scale_bar_backdrop(rect, SCALE_BAR_MAX_PX);
    [r.min.x, r.min.y, r.max.x, r.max.y]
}

/// A round-length bar in the bottom-left corner of the map.
pub fn paint_scale_bar(painter: &egui::Painter, view: &ViewTransform, rect: Rect) {
    let (_, lat) = view.screen_to_lonlat([rect.center().x, rect.center().y]);
    let (metres, px) = scale_bar(
        metres_per_pixel(lat, view.zoom()),
        f64::from(SCALE_BAR_MAX_PX),
    );
    let px = px as f32;
    let origin = scale_bar_origin(rect);
    painter.rect_filled(
        scale_bar_backdrop(rect, px),
        3.0,
        Color32::from_white_alpha(190),
    );
    let stroke = Stroke::new(2.0, INK);
    painter.line_segment([origin, origin + vec2(px, 0.0)], stroke);
    for x in [0.0, px] {
        painter.line_segment([origin + vec2(x, -6.0), origin + vec2(x, 0.0)], stroke);
    }
    painter.text(
        origin + vec2(px / 2.0, -8.0),
        Align2::CENTER_BOTTOM,
        format_distance(metres),
        FontId::proportional(12.0),
        INK,
    );
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
    if screen.len() >= 3 {
        painter.add(Shape::convex_polygon(
            screen.clone(),
            MEASURE.gamma_multiply(0.12),
            Stroke::NONE,
        ));
        painter.add(Shape::dashed_line(
            &[*screen.last().unwrap(), screen[0]],
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
pub fn measure_panel(app: &mut AtlasApp, ui: &mut Ui) {
    let Some(points) = app.measure.as_ref() else {
        return;
    };
    let Some(rect) = app.map_rect else {
        return;
    };
    let mut path = points.clone();
    if let Some(cursor) = app.cursor_lonlat {
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
                ui.label(RichText::new("Measure (geodesic, WGS84)").strong());
                if count == 0 {
                    ui.label("Click the map to add points.");
                }
                ui.label(format!("Distance: {}", format_distance(length)));
                if count >= 3 {
                    ui.label(format!("Area: {}", format_area(area)));
                }
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(count > 0, egui::Button::new("Undo"))
                        .clicked()
                    {
                        action = Some("undo");
                    }
                    if ui
                        .add_enabled(count > 0, egui::Button::new("Clear"))
                        .clicked()
                    {
                        action = Some("clear");
                    }
                    if ui.button("Done").clicked() {
                        action = Some("done");
                    }
                });
            });
        });
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
    match (action, escape) {
        (Some("undo"), _) => {
            if let Some(p) = app.measure.as_mut() {
                p.pop();
            }
        }
        (Some("clear"), _) => app.measure = Some(Vec::new()),
        (Some("done"), _) | (_, true) => app.measure = None,
        _ => {}
    }
}

/// A PNG export of the map area in flight: the screenshot comes back in a later frame.
pub struct PendingExport {
    pub path: PathBuf,
    pub result: Receiver<Result<(usize, usize), String>>,
}

/// Asks for a screenshot of the next frame and writes the map area of it to `path` as PNG on
/// a worker thread.
pub fn request_export(app: &mut AtlasApp, ui: &Ui, path: PathBuf) {
    let Some(rect) = app.map_rect else {
        app.notify("Nothing to export yet: the map has not been drawn", true);
        return;
    };
    let (sender, receiver) = channel();
    let target = path.clone();
    let ppp = ui.ctx().pixels_per_point();
    let ctx = ui.ctx().clone();
    let callback = egui::ScreenshotCallback::new(move |image: std::sync::Arc<egui::ColorImage>| {
        std::thread::spawn(move || {
            let _ = sender.send(write_png(&image, rect, ppp, &target));
            ctx.request_repaint();
        });
    });
    ui.ctx()
        .send_viewport_cmd(egui::ViewportCommand::Screenshot(callback));
    app.export = Some(PendingExport {
        path,
        result: receiver,
    });
}

fn write_png(
    image: &egui::ColorImage,
    rect: Rect,
    ppp: f32,
    path: &std::path::Path,
) -> Result<(usize, usize), String> {
    let [w, h] = image.size;
    let x0 = ((rect.left() * ppp).round() as usize).min(w);
    let y0 = ((rect.top() * ppp).round() as usize).min(h);
    let x1 = ((rect.right() * ppp).round() as usize).clamp(x0, w);
    let y1 = ((rect.bottom() * ppp).round() as usize).clamp(y0, h);
    let mut out = image::RgbaImage::new((x1 - x0) as u32, (y1 - y0) as u32);
    for y in y0..y1 {
        for x in x0..x1 {
            let c = image.pixels[y * w + x].to_srgba_unmultiplied();
            out.put_pixel((x - x0) as u32, (y - y0) as u32, image::Rgba(c));
        }
    }
    out.save_with_format(path, image::ImageFormat::Png)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((x1 - x0, y1 - y0))
}

/// Reports a finished export.
pub fn poll_export(app: &mut AtlasApp) {
    let Some(export) = &app.export else {
        return;
    };
    match export.result.try_recv() {
        Ok(Ok((w, h))) => {
            let text = format!("Exported the view ({w}×{h}) to {}", export.path.display());
            app.export = None;
            app.notify(text, false);
        }
        Ok(Err(e)) => {
            app.export = None;
            app.notify(format!("Export failed: {e}"), true);
        }
        Err(std::sync::mpsc::TryRecvError::Empty) => {}
        Err(std::sync::mpsc::TryRecvError::Disconnected) => {
            app.export = None;
            app.notify("Export failed: no screenshot came back", true);
        }
    }
}
