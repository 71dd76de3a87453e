//! The charts window (egui_plot): the seeds' series as bar charts; hovering a bar shows the
//! quote and article it comes from.

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Plot, PlotPoint, Text};

use crate::i18n::{tr, tr_text, trf};
use crate::model::{Chart, seed_charts};
use crate::ui::panels::card::format_number;

const ACTUAL: Color32 = Color32::from_rgb(31, 119, 180);
const TARGET: Color32 = Color32::from_rgb(174, 199, 232);

fn chart_plot(ui: &mut Ui, index: usize, chart: &Chart) {
    // The titles are the app's own (model/figure.rs), so the catalogue has them.
    let (title, unit) = (tr_text(&chart.title), tr_text(&chart.unit));
    ui.label(RichText::new(format!("{title} ({unit})")).strong());
    let names: Vec<String> = chart.bars.iter().map(|b| b.name.clone()).collect();
    // Horizontal bars, first bar on top: bar i sits at y = -i.
    let bars: Vec<Bar> = chart
        .bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let fill = if b.figure.is_target() { TARGET } else { ACTUAL };
            Bar::new(-(i as f64), b.value)
                .name(format!(
                    "{}: {} ({})\n“{}”\n{}",
                    b.about,
                    b.value_text,
                    b.figure.period,
                    b.figure.quote,
                    crate::ui::panels::cite::quoted_from(&b.figure.seed)
                ))
                .fill(fill)
                .width(0.7)
        })
        .collect();
    // Each bar says its value at its end: with the unit in the title, ticks stay short and
    // egui_plot keeps them, and no bar has to be read off an axis.
    let values: Vec<Text> = (chart.bars.iter().enumerate())
        .map(|(i, b)| {
            Text::new(
                format!("value {i}"),
                PlotPoint::new(b.value, -(i as f64)),
                RichText::new(format!(" {}", b.value_text)).small(),
            )
            .anchor(egui::Align2::LEFT_CENTER)
        })
        .collect();
    let widest = chart.bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let chart_items = BarChart::new(chart.title.clone(), bars)
        .horizontal()
        .element_formatter(Box::new(|bar, _| bar.name.clone()));
    let height = 34.0 + 30.0 * chart.bars.len() as f32;
    Plot::new(("seed_chart", index))
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_grid([true, false])
        .include_x(0.0)
        // Room right of the longest bar for its value.
        .include_x(widest * 1.35)
        .y_axis_min_width(150.0)
        .y_axis_formatter(move |mark, _| {
            let i = -mark.value;
            if (i - i.round()).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_axis_formatter(|mark, _| compact_number(mark.value))
        .show(ui, |plot| {
            plot.bar_chart(chart_items);
            for value in values {
                plot.text(value);
            }
        });
    let seeds: std::collections::BTreeSet<&str> =
        chart.bars.iter().map(|b| b.figure.seed.as_str()).collect();
    ui.label(RichText::new(tr("Sources:")).small().weak());
    for seed in seeds {
        ui.add(
            egui::Label::new(
                RichText::new(crate::ui::panels::cite::cite(seed))
                    .small()
                    .weak(),
            )
            .wrap(),
        );
    }
}

/// An axis tick: 1,200,000 → "1.2M", 0.25 → "0.25"; short enough that egui_plot keeps
/// several ticks across a narrow plot.
fn compact_number(value: f64) -> String {
    let magnitude = value.abs();
    let (scaled, suffix) = if magnitude >= 1e9 {
        (value / 1e9, "B")
    } else if magnitude >= 1e6 {
        (value / 1e6, "M")
    } else if magnitude >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    format!("{}{suffix}", format_number(scaled))
}

/// The charts window, while `open`.
/// `range`: the time filter's, when it applies (only figures from articles in it are shown).
pub fn charts_window(
    ctx: &egui::Context,
    layers: &[crate::model::Layer],
    range: Option<crate::model::TimeSpan>,
    open: &mut bool,
) {
    // Never taller than the window: the charts scroll inside it.
    let room = ctx.content_rect().height() - 90.0;
    egui::Window::new(tr("Charts of the seed figures"))
        .open(open)
        .default_width(520.0)
        .default_pos([360.0, 60.0])
        .default_height(room.max(200.0))
        .max_height(room.max(200.0))
        .vscroll(true)
        .show(ctx, |ui| {
            let charts = seed_charts(layers, range);
            if let Some(range) = range {
                ui.label(
                    RichText::new(trf(
                        "Figures reported from {start} to {end} (the time filter)",
                        &[
                            ("start", &crate::model::format_time(range.start, false)),
                            ("end", &crate::model::format_time(range.end, false)),
                        ],
                    ))
                    .small(),
                );
            }
            if charts.is_empty() {
                ui.label(tr("No thematic layer with figures is loaded."));
            }
            for (i, chart) in charts.iter().enumerate() {
                if i > 0 {
                    ui.separator();
                }
                chart_plot(ui, i, chart);
            }
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, ACTUAL);
                ui.label(RichText::new(tr("result")).small());
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, TARGET);
                ui.label(RichText::new(tr("target")).small());
            });
        });
}
