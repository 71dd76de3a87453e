//! The charts window (egui_plot): the seeds' series as bar charts; hovering a bar shows the
//! quote and article it comes from.

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Plot};

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
                    trf(
                        "— seed article {seed} ({date})",
                        &[("seed", &b.figure.seed), ("date", &b.figure.date)],
                    )
                ))
                .fill(fill)
                .width(0.7)
        })
        .collect();
    let unit = tr_text(&chart.unit).to_owned();
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
        .y_axis_min_width(150.0)
        .y_axis_formatter(move |mark, _| {
            let i = -mark.value;
            if (i - i.round()).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_axis_formatter(move |mark, _| format!("{} {unit}", format_number(mark.value)))
        .show(ui, |plot| plot.bar_chart(chart_items));
    let seeds: std::collections::BTreeSet<String> = chart
        .bars
        .iter()
        .map(|b| format!("{} ({})", b.figure.seed, b.figure.date))
        .collect();
    ui.label(
        RichText::new(trf(
            "Source: seed articles {seeds}",
            &[("seeds", &seeds.into_iter().collect::<Vec<_>>().join(", "))],
        ))
        .small()
        .weak(),
    );
}

/// The charts window, while `open`.
/// `range`: the time filter's, when it applies (only figures from articles in it are shown).
pub fn charts_window(
    ctx: &egui::Context,
    layers: &[crate::model::Layer],
    range: Option<crate::model::TimeSpan>,
    open: &mut bool,
) {
    egui::Window::new(tr("Charts of the seed figures"))
        .open(open)
        .default_width(520.0)
        .default_pos([360.0, 60.0])
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
