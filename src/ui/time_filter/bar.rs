//! The time filter's bar: play and speed, the dates kept, and the timeline (a histogram of
//! when features happen, under the range that drags by its ends or whole) with its axis.

use egui::{Color32, Pos2, Rect, RichText, Sense, Stroke, Ui, vec2};

use super::{BINS, Grip, PlaySpeed, SECONDS_PER_DAY, TimeFilter, clamp};
use crate::i18n::{tr, trf};
use crate::model::{TimeSpan, format_time};

impl TimeFilter {
    /// The bar under the menu: play, the timeline with its histogram and range, and the dates.
    pub fn bar(&mut self, ui: &mut Ui) {
        let Some(extent) = self.extent() else {
            ui.label(tr("No layer has dates or times to filter on."));
            return;
        };
        let range = self.active_range().unwrap_or(extent);
        ui.horizontal(|ui| {
            let text = if self.playing {
                format!("‖ {}", tr("Pause"))
            } else {
                format!("▶ {}", tr("Play"))
            };
            if ui.button(text).clicked() {
                self.toggle_play();
            }
            let caption = ui.label(RichText::new(tr("Speed")).small());
            egui::ComboBox::from_id_salt("play speed")
                .selected_text(tr(self.speed.label()))
                .width(70.0)
                .show_ui(ui, |ui| {
                    for speed in [PlaySpeed::Slow, PlaySpeed::Normal, PlaySpeed::Fast] {
                        ui.selectable_value(&mut self.speed, speed, tr(speed.label()));
                    }
                })
                .response
                .labelled_by(caption.id);
            let clock = extent.end - extent.start < 3 * SECONDS_PER_DAY;
            ui.label(
                RichText::new(format!(
                    "{} – {}",
                    format_time(range.start, clock),
                    format_time(range.end, clock)
                ))
                .monospace()
                .strong(),
            );
            if ui
                .button(tr("Whole timeline"))
                .on_hover_text(tr("Keep every date"))
                .clicked()
            {
                self.range = None;
                self.playing = false;
            }
            if self.is_working() {
                ui.spinner().on_hover_text(tr("Filtering…"));
            }
            let (shown, dated) = self.counts(range);
            ui.label(
                RichText::new(trf(
                    "{shown} of {dated} dated features",
                    &[("shown", &shown), ("dated", &dated)],
                ))
                .small()
                .weak(),
            )
            .on_hover_text(self.fields_text());
        });
        self.timeline(ui, extent, range);
    }

    fn counts(&self, range: TimeSpan) -> (usize, usize) {
        (self.cuts.summary()).map_or((0, 0), |s| (s.count_in(range), s.total()))
    }

    fn fields_text(&self) -> String {
        (self.cuts.fields())
            .map(|(id, field)| format!("{}: {field}", id.0))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The histogram with the range over it; its ends and its middle drag.
    fn timeline(&mut self, ui: &mut Ui, extent: TimeSpan, range: TimeSpan) {
        let width = ui.available_width().max(120.0);
        let (whole, response) = ui.allocate_exact_size(vec2(width, 40.0), Sense::drag());
        // Inset by a handle's half width, so the ends' handles sit inside the window.
        let rect = whole.shrink2(vec2(7.0, 0.0));
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, tr("Time range")));
        let length = (extent.end - extent.start).max(1) as f64;
        let x_of =
            |t: i64| rect.left() + ((t - extent.start) as f64 / length) as f32 * rect.width();
        let t_of = |x: f32| {
            extent.start
                + (((x - rect.left()) / rect.width()).clamp(0.0, 1.0) as f64 * length) as i64
        };
        if response.drag_started()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let (a, b) = (x_of(range.start), x_of(range.end));
            let grip = if (pos.x - a).abs() <= 8.0 && (pos.x - a).abs() <= (pos.x - b).abs() {
                Grip::Start
            } else if (pos.x - b).abs() <= 8.0 {
                Grip::End
            } else {
                Grip::Window
            };
            self.grip = Some((grip, range, pos.x));
            self.playing = false;
        }
        if let (Some((grip, from, x0)), Some(pos)) = (self.grip, response.interact_pointer_pos()) {
            let moved = t_of(pos.x) - t_of(x0);
            let new = match grip {
                Grip::Start => TimeSpan {
                    start: (from.start + moved).min(from.end),
                    end: from.end,
                },
                Grip::End => TimeSpan {
                    start: from.start,
                    end: (from.end + moved).max(from.start),
                },
                Grip::Window => {
                    let moved = moved.clamp(extent.start - from.start, extent.end - from.end);
                    TimeSpan {
                        start: from.start + moved,
                        end: from.end + moved,
                    }
                }
            };
            self.range = Some(clamp(new, extent));
        }
        if response.drag_stopped() {
            self.grip = None;
        }
        let range = self.active_range().unwrap_or(extent);
        let visuals = ui.visuals();
        let accent = visuals.hyperlink_color;
        let muted = visuals.weak_text_color().gamma_multiply(0.6);
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 3.0, visuals.extreme_bg_color);
        let bins = self.cuts.summary().map_or([0; BINS], |s| s.bins);
        let tallest = bins.iter().copied().max().unwrap_or(1).max(1) as f32;
        let bin_width = rect.width() / BINS as f32;
        for (i, count) in bins.iter().enumerate().filter(|(_, c)| **c > 0) {
            let left = rect.left() + i as f32 * bin_width;
            let height = (rect.height() - 8.0) * (*count as f32 / tallest).max(0.2);
            let bar = Rect::from_min_max(
                Pos2::new(left + 1.0, rect.bottom() - height),
                Pos2::new(left + bin_width - 1.0, rect.bottom()),
            );
            let middle = t_of(bar.center().x);
            let inside = middle >= range.start - (length / BINS as f64) as i64 / 2
                && middle <= range.end + (length / BINS as f64) as i64 / 2;
            painter.rect_filled(bar, 1.0, if inside { accent } else { muted });
        }
        let (a, b) = (x_of(range.start), x_of(range.end));
        let window = Rect::from_min_max(
            Pos2::new(a, rect.top()),
            Pos2::new(b.max(a + 2.0), rect.bottom()),
        );
        painter.rect_filled(window, 2.0, visuals.selection.bg_fill.gamma_multiply(0.5));
        let ink = visuals.strong_text_color();
        for x in [a, b] {
            painter.line_segment(
                [Pos2::new(x, rect.top()), Pos2::new(x, rect.bottom())],
                Stroke::new(2.0, ink),
            );
            painter.circle(
                Pos2::new(x, rect.center().y),
                5.0,
                Color32::WHITE,
                Stroke::new(1.5, ink),
            );
        }
        if response.hovered() || response.dragged() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
        }
        self.axis(ui, rect, extent);
    }

    /// Ticks under the timeline: years, or months over a short timeline, or days.
    fn axis(&self, ui: &mut Ui, track: Rect, extent: TimeSpan) {
        let (rect, _) = ui.allocate_exact_size(vec2(track.width(), 14.0), Sense::hover());
        let painter = ui.painter_at(rect);
        let ink = ui.visuals().weak_text_color();
        let font = egui::FontId::proportional(10.0);
        let length = (extent.end - extent.start).max(1) as f64;
        let mut last_label_right = f32::NEG_INFINITY;
        for (at, label) in ticks(extent) {
            let x = track.left() + ((at - extent.start) as f64 / length) as f32 * track.width();
            painter.line_segment(
                [Pos2::new(x, rect.top()), Pos2::new(x, rect.top() + 4.0)],
                Stroke::new(1.0, ink),
            );
            // Labels that would run into the previous one are left out.
            let galley = painter.layout_no_wrap(label, font.clone(), ink);
            let left = (x + 2.0).min(rect.right() - galley.size().x);
            if left > last_label_right + 6.0 {
                last_label_right = left + galley.size().x;
                painter.galley(Pos2::new(left, rect.top() + 2.0), galley, ink);
            }
        }
    }
}

/// Where the axis has its ticks, and their labels: the first day of each year, month or day
/// inside the timeline, the step chosen so a few dozen ticks at most.
fn ticks(extent: TimeSpan) -> Vec<(i64, String)> {
    use time::{Date, Month, OffsetDateTime, Time};
    let (Ok(first), Ok(last)) = (
        OffsetDateTime::from_unix_timestamp(extent.start),
        OffsetDateTime::from_unix_timestamp(extent.end),
    ) else {
        return Vec::new();
    };
    let at = |d: Date| d.with_time(Time::MIDNIGHT).assume_utc().unix_timestamp();
    let days = (extent.end - extent.start) / SECONDS_PER_DAY;
    let mut ticks = Vec::new();
    if days > 730 {
        for year in first.year() + 1..=last.year() {
            if let Ok(d) = Date::from_calendar_date(year, Month::January, 1) {
                ticks.push((at(d), year.to_string()));
            }
        }
    } else if days > 60 {
        let mut d = first.date().replace_day(1).unwrap_or(first.date());
        while at(d) <= extent.end {
            if at(d) >= extent.start {
                ticks.push((at(d), format!("{}-{:02}", d.year(), d.month() as u8)));
            }
            let next = d.month().next();
            let year = d.year() + i32::from(next == Month::January);
            d = Date::from_calendar_date(year, next, 1).unwrap_or(d);
        }
    } else {
        let mut d = first.date();
        while at(d) <= extent.end && ticks.len() < 62 {
            if at(d) >= extent.start {
                ticks.push((at(d), d.to_string()));
            }
            d = d.next_day().unwrap_or(d);
        }
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::time_filter::tests::span;

    #[test]
    fn the_axis_ticks_years_months_or_days_by_the_timeline_s_length() {
        let labels = |a, b| {
            ticks(span(a, b))
                .into_iter()
                .map(|(_, l)| l)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels("2021-06-27", "2025-11-25"),
            ["2022", "2023", "2024", "2025"]
        );
        assert_eq!(
            labels("2025-01-20", "2025-05-02"),
            ["2025-02", "2025-03", "2025-04", "2025-05"]
        );
        assert_eq!(
            labels("2025-11-25", "2025-11-27"),
            ["2025-11-25", "2025-11-26", "2025-11-27"]
        );
    }
}
