//! Figures quoted in the seed articles, as the thematic layers carry them.

use serde::Deserialize;

use super::{Feature, Layer, LayerKind};

/// One number from a seed article, with what it measures and where it is said.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Figure {
    pub label: String,
    pub value: f64,
    /// "more than", "over", "nearly": how the article bounds the value.
    #[serde(default)]
    pub qualifier: Option<String>,
    pub unit: String,
    pub period: String,
    #[serde(default)]
    pub yoy_percent: Option<f64>,
    pub seed: String,
    pub date: String,
    pub quote: String,
    /// How the article says the amount when it says it in words ("one-third", "first"); the
    /// value is the number the words denote.
    #[serde(default)]
    pub words: Option<String>,
    /// "city-wide", "national", …: a figure about more than the feature it is shown on.
    #[serde(default)]
    pub scope: Option<String>,
    /// The chart the figure belongs to, with the others of its series or comparison.
    #[serde(default)]
    pub chart: Option<String>,
}

impl Figure {
    /// A goal rather than a result ("2025 target").
    pub fn is_target(&self) -> bool {
        self.period.contains("target")
    }

    /// The amount as a sentence says it: "more than 10 billion yuan", "over 50%", "7th".
    pub fn amount_text(&self) -> String {
        if let Some(words) = &self.words {
            return words.clone();
        }
        let number = super::format_number(self.value);
        let unit = self.unit.trim();
        let glued = unit.starts_with('%') || ["st", "nd", "rd", "th"].contains(&unit);
        let amount = match (unit.is_empty(), glued) {
            (true, _) => number,
            (false, true) => format!("{number}{unit}"),
            (false, false) => format!("{number} {unit}"),
        };
        match &self.qualifier {
            Some(q) => format!("{q} {amount}"),
            None => amount,
        }
    }

    /// "+109% YoY", unless the amount itself is the year-on-year change.
    pub fn yoy_text(&self) -> Option<String> {
        let yoy = self.yoy_percent?;
        (!self.unit.contains("YoY")).then(|| format!("{yoy:+}% YoY"))
    }
}

impl Feature {
    /// The feature's `figures`, skipping entries that do not have every field.
    pub fn figures(&self) -> Vec<Figure> {
        self.properties
            .get("figures")
            .and_then(|v| v.as_array())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| Figure::deserialize(v).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A bar of a chart: one figure, named for the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartBar {
    pub name: String,
    pub value: f64,
    /// The value as the article bounds it ("more than 944,000 vehicles", "+94.5%").
    pub value_text: String,
    pub figure: Figure,
    /// The feature the figure belongs to (display name).
    pub about: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub unit: String,
    pub bars: Vec<ChartBar>,
}

/// The charts the seeds support, built from the thematic layers' figures (so a chart shows
/// exactly what the map's cards cite): NEV production over time against its target, and every
/// year-on-year growth rate the seeds state.
///
/// With a time `range`, a figure shows when the article that states it is in the range (the
/// map's time filter; its feature must be on the map too).
pub fn seed_charts(layers: &[Layer], range: Option<super::TimeSpan>) -> Vec<Chart> {
    let reported_in_range = |g: &Figure| {
        let Some(range) = range else { return true };
        let day = g.date.split(' ').next().unwrap_or("");
        super::parse_span(&serde_json::Value::from(day)).is_some_and(|d| d.overlaps(&range))
    };
    let figures: Vec<(String, Figure)> = layers
        .iter()
        .filter(|l| l.kind == LayerKind::Thematic)
        .flat_map(|l| l.features.iter())
        .flat_map(|f| {
            let about = f.display_name();
            f.figures().into_iter().map(move |g| (about.clone(), g))
        })
        .filter(|(_, g)| reported_in_range(g))
        .collect();
    // Series and comparisons, in the order their first figure comes.
    let mut series: Vec<Chart> = Vec::new();
    for (about, g) in &figures {
        let Some(title) = &g.chart else { continue };
        let bar = ChartBar {
            name: g.period.clone(),
            value: g.value,
            value_text: g.amount_text(),
            figure: g.clone(),
            about: about.clone(),
        };
        match series.iter_mut().find(|c| &c.title == title) {
            Some(chart) if !chart.bars.iter().any(|b| b.figure == *g) => chart.bars.push(bar),
            Some(_) => {}
            None => series.push(Chart {
                title: title.clone(),
                unit: chart_unit(g),
                bars: vec![bar],
            }),
        }
    }
    // A comparison of different things at one time names its bars by what they are.
    for chart in &mut series {
        let periods: std::collections::HashSet<&str> = chart
            .bars
            .iter()
            .map(|b| b.figure.period.as_str())
            .collect();
        if periods.len() < chart.bars.len() || chart.bars.iter().any(|b| b.figure.words.is_some()) {
            for bar in &mut chart.bars {
                bar.name = bar.figure.label.clone();
            }
        }
    }
    let mut growth: Vec<ChartBar> = Vec::new();
    for (about, g) in &figures {
        let Some(yoy) = g.yoy_percent else { continue };
        // A fact repeated on several features (one per site) is one bar.
        if growth.iter().any(|b| b.figure == *g) {
            continue;
        }
        growth.push(ChartBar {
            name: format!("{} ({})", g.label.trim_end_matches(" growth"), g.period),
            value: yoy,
            value_text: format!("{yoy:+}%"),
            figure: g.clone(),
            about: about.clone(),
        });
    }
    growth.sort_by(|a, b| b.value.total_cmp(&a.value));
    series.push(Chart {
        title: "Growth year on year".into(),
        unit: "%".into(),
        bars: growth,
    });
    series.retain(|c| !c.bars.is_empty());
    series
}

/// The axis unit of a chart, from its first figure: a share in words is a share.
fn chart_unit(figure: &Figure) -> String {
    if figure.words.is_some() && figure.unit.is_empty() {
        "share".into()
    } else {
        figure.unit.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(value: f64, qualifier: Option<&str>, unit: &str, yoy: Option<f64>) -> Figure {
        Figure {
            label: "x".into(),
            value,
            qualifier: qualifier.map(Into::into),
            unit: unit.into(),
            period: "2025".into(),
            yoy_percent: yoy,
            seed: "s".into(),
            date: "d".into(),
            quote: "q".into(),
            words: None,
            scope: None,
            chart: None,
        }
    }

    #[test]
    fn amounts_read_as_the_article_bounds_them() {
        let f = figure(10.0, Some("more than"), "billion yuan", None);
        assert_eq!(f.amount_text(), "more than 10 billion yuan");
        assert_eq!(
            figure(50.0, Some("over"), "%", None).amount_text(),
            "over 50%"
        );
        assert_eq!(figure(7.0, None, "th", None).amount_text(), "7th");
        let hours = figure(190_000.0, None, "hours", Some(109.0));
        assert_eq!(hours.amount_text(), "190,000 hours");
        assert_eq!(hours.yoy_text().as_deref(), Some("+109% YoY"));
    }

    #[test]
    fn a_growth_figure_does_not_repeat_itself_as_yoy() {
        let growth = figure(41.0, None, "% YoY", Some(41.0));
        assert_eq!(growth.amount_text(), "41% YoY");
        assert_eq!(growth.yoy_text(), None);
    }
}
