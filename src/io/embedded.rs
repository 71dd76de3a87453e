//! Layers bundled in the binary, read through the same reader as user files.

use crate::io::{Progress, ReadOptions, read_geojson_str};
use crate::model::{Layer, LayerKind, LayerSource, Rgba, Style};

/// Which administrative map of Chongqing is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Vintage {
    /// 37 units: since 6 November 2025 Jiangbei and Yubei form the Liangjiang New Area district.
    #[default]
    Current,
    /// 38 units, as in 2024.
    Before2025Reform,
}

impl Vintage {
    pub fn label(self) -> &'static str {
        match self {
            Vintage::Current => "Current (Nov 2025–, 37 units)",
            Vintage::Before2025Reform => "2024 (before the reform, 38 units)",
        }
    }

    fn file(self) -> (&'static str, &'static str) {
        match self {
            Vintage::Current => (
                "chongqing_districts_2025.geojson",
                include_str!("../../geodata/chongqing_districts_2025.geojson"),
            ),
            Vintage::Before2025Reform => (
                "chongqing_districts_2024.geojson",
                include_str!("../../geodata/chongqing_districts_2024.geojson"),
            ),
        }
    }
}

pub const DISTRICTS_LAYER_ID: &str = "districts";

/// The districts and counties of Chongqing for a vintage.
pub fn district_layer(vintage: Vintage) -> Layer {
    let (file, text) = vintage.file();
    let outcome = read_geojson_str(text, &ReadOptions::default(), &Progress::default())
        .unwrap_or_else(|e| panic!("bundled {file} is checked by tests: {e}"));
    let style = Style {
        fill: Rgba([233, 196, 106, 46]),
        stroke: Rgba::rgb(120, 84, 40),
        stroke_width: 1.2,
        point_radius: 4.0,
    };
    let mut layer = Layer::new(
        DISTRICTS_LAYER_ID,
        "Districts & counties",
        LayerKind::Districts,
        LayerSource::Embedded(file),
        outcome.features,
        style,
    );
    layer.warnings = outcome.warnings;
    layer
}
