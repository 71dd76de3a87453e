//! Layers bundled in the binary, read through the same reader as user files.

use crate::io::{Progress, ReadOptions, read_geojson_str};
use crate::model::{Layer, LayerKind, LayerSource, Rgba, Style, Symbol};

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

/// A bundled GeoJSON file as a layer, with the warnings its reading met.
fn bundled_layer(
    id: &str,
    name: &str,
    kind: LayerKind,
    file: &'static str,
    text: &str,
    style: Style,
) -> Layer {
    let outcome = read_geojson_str(text, &ReadOptions::default(), &Progress::default())
        .unwrap_or_else(|e| panic!("bundled {file} is checked by tests: {e}"));
    let mut layer = Layer::new(
        id,
        name,
        kind,
        LayerSource::Embedded(file),
        outcome.features,
        style,
    );
    layer.warnings = outcome.warnings;
    layer
}

/// The districts and counties of Chongqing for a vintage.
pub fn district_layer(vintage: Vintage) -> Layer {
    let (file, text) = vintage.file();
    let style = Style {
        fill: Rgba([233, 196, 106, 46]),
        stroke: Rgba::rgb(120, 84, 40),
        stroke_width: 1.2,
        point_radius: 4.0,
        symbol: Symbol::Circle,
        categories: None,
        graduated: None,
        proportional: None,
        labels: None,
    };
    let mut layer = bundled_layer(
        DISTRICTS_LAYER_ID,
        "Districts & counties",
        LayerKind::Districts,
        file,
        text,
        style,
    );
    // The area as a column, so a thematic map can be coloured by it: geodesic, from the
    // boundary itself, to a tenth of a km² (the boundary is no finer).
    let mut features = (*layer.features).clone();
    for feature in &mut features {
        let area = crate::geometry::measure::area_km2(&feature.geometry);
        let rounded = (area * 10.0).round() / 10.0;
        feature
            .properties
            .insert(AREA_COLUMN.into(), serde_json::Value::from(rounded));
    }
    layer.features = std::sync::Arc::new(features);
    layer
}

/// The districts' computed area column (km²).
pub const AREA_COLUMN: &str = "area_km2";

/// A layer built from the seed articles by `tools/build_thematic.py`.
pub struct ThematicLayer {
    pub id: &'static str,
    pub name: &'static str,
    pub file: &'static str,
    text: &'static str,
    pub color: Rgba,
    pub symbol: Symbol,
}

pub const THEMATIC_LAYERS: &[ThematicLayer] = &[
    ThematicLayer {
        id: "logistics",
        name: "Logistics hubs & corridors",
        file: "thematic/logistics.geojson",
        text: include_str!("../../geodata/thematic/logistics.geojson"),
        color: Rgba::rgb(31, 119, 180),
        symbol: Symbol::Square,
    },
    ThematicLayer {
        id: "industry",
        name: "Industrial projects & clusters",
        file: "thematic/industry.geojson",
        text: include_str!("../../geodata/thematic/industry.geojson"),
        color: Rgba::rgb(214, 39, 40),
        symbol: Symbol::Diamond,
    },
    ThematicLayer {
        id: "low_altitude",
        name: "Low-altitude economy",
        file: "thematic/low_altitude.geojson",
        text: include_str!("../../geodata/thematic/low_altitude.geojson"),
        color: Rgba::rgb(148, 73, 196),
        symbol: Symbol::Triangle,
    },
    ThematicLayer {
        id: "figures",
        name: "Municipal figures",
        file: "thematic/figures.geojson",
        text: include_str!("../../geodata/thematic/figures.geojson"),
        color: Rgba::rgb(44, 160, 44),
        symbol: Symbol::Circle,
    },
];

impl ThematicLayer {
    pub fn load(&self) -> Layer {
        let style = Style {
            fill: self.color.with_alpha(60),
            stroke: self.color,
            stroke_width: 2.5,
            point_radius: 6.0,
            symbol: self.symbol,
            categories: None,
            graduated: None,
            proportional: None,
            labels: None,
        };
        bundled_layer(
            self.id,
            self.name,
            LayerKind::Thematic,
            self.file,
            self.text,
            style,
        )
    }
}

/// The airports in and around Chongqing (PyPI `airportsdata`, built by
/// `tools/build_airports.py`): the airspace context of the low-altitude layer.
pub fn airports_layer() -> Layer {
    const FILE: &str = "airports.geojson";
    let text = include_str!("../../geodata/airports.geojson");
    let slate = Rgba::rgb(82, 96, 112);
    let style = Style {
        fill: slate.with_alpha(60),
        stroke: slate,
        stroke_width: 2.0,
        point_radius: 5.0,
        symbol: Symbol::Hexagon,
        categories: None,
        graduated: None,
        proportional: None,
        labels: None,
    };
    bundled_layer(
        "airports",
        "Airports",
        LayerKind::Reference,
        FILE,
        text,
        style,
    )
}

/// The districts (bottom), the airports and every thematic layer, as the app starts.
pub fn default_layers(vintage: Vintage) -> Vec<Layer> {
    let mut layers = vec![district_layer(vintage), airports_layer()];
    layers.extend(THEMATIC_LAYERS.iter().rev().map(ThematicLayer::load));
    layers
}

/// Where the bundled basemap has tiles: zoom range and lon/lat box (W, S, E, N). The whole
/// world at zooms 0–4, China and its neighbours to 7, narrowing to Chongqing at 11.
/// `tools/build_basemap.rs` renders these tiles; the window enlarges the deepest one it has
/// for any place and zoom beyond them.
pub const BASEMAP_COVERAGE: &[(u8, u8, [f64; 4])] = &[
    (0, 4, [-180.0, -85.0, 180.0, 85.0]),
    (5, 7, [95.0, 20.0, 120.0, 40.0]),
    (8, 8, [100.0, 24.0, 115.0, 36.0]),
    (9, 10, [103.5, 26.5, 112.0, 34.0]),
    (11, 11, [105.0, 28.0, 110.5, 32.5]),
];

/// The tile columns and rows (`x0..=x1`, `y0..=y1`) the bundled basemap has at `zoom`, one
/// range per coverage entry that includes the zoom.
pub fn basemap_tile_ranges(zoom: u8) -> impl Iterator<Item = ([u32; 2], [u32; 2])> {
    BASEMAP_COVERAGE
        .iter()
        .filter(move |(z0, z1, _)| (*z0..=*z1).contains(&zoom))
        .map(move |&(_, _, [w, s, e, n])| {
            let scale = f64::from(1u32 << zoom);
            let last = (1u32 << zoom) - 1;
            let a = crate::geometry::lonlat_to_mercator(w, n);
            let b = crate::geometry::lonlat_to_mercator(e, s);
            (
                [(a[0] * scale) as u32, ((b[0] * scale) as u32).min(last)],
                [(a[1] * scale) as u32, ((b[1] * scale) as u32).min(last)],
            )
        })
}

/// Whether the bundled basemap has the tile at `zoom`, `x`, `y`.
pub fn basemap_has_tile(zoom: u8, x: u32, y: u32) -> bool {
    basemap_tile_ranges(zoom)
        .any(|([x0, x1], [y0, y1])| (x0..=x1).contains(&x) && (y0..=y1).contains(&y))
}
