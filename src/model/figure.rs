//! Figures quoted in the seed articles, as the thematic layers carry them.

use serde::Deserialize;

use super::{Feature, Layer, LayerKind};

/// One number from a seed article, with what it measures and where it is said.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Figure {
    pub label: String,
    pub value: f64,
    pub unit: String,
    pub period: String,
    #[serde(default)]
    pub yoy_percent: Option<f64>,
    pub seed: String,
    pub date: String,
    pub quote: String,
}

impl Figure {
    /// A goal rather than a result ("2025 target").
    pub fn is_target(&self) -> bool {
        self.period.contains("target")
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
pub fn seed_charts(layers: &[Layer]) -> Vec<Chart> {
    let figures: Vec<(String, Figure)> = layers
        .iter()
        .filter(|l| l.kind == LayerKind::Thematic)
        .flat_map(|l| l.features.iter())
        .flat_map(|f| {
            let about = f.display_name();
            f.figures().into_iter().map(move |g| (about.clone(), g))
        })
        .collect();
    let nev = Chart {
        title: "NEV production in Chongqing".into(),
        unit: "vehicles".into(),
        bars: figures
            .iter()
            .filter(|(_, g)| g.label.starts_with("NEV"))
            .map(|(about, g)| ChartBar {
                name: g.period.clone(),
                value: g.value,
                figure: g.clone(),
                about: about.clone(),
            })
            .collect(),
    };
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
            figure: g.clone(),
            about: about.clone(),
        });
    }
    growth.sort_by(|a, b| b.value.total_cmp(&a.value));
    [
        nev,
        Chart {
            title: "Growth year on year".into(),
            unit: "%".into(),
            bars: growth,
        },
    ]
    .into_iter()
    .filter(|c| !c.bars.is_empty())
    .collect()
}
