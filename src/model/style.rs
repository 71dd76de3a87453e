//! How a layer looks: colours, stroke, point symbol, and categorised colouring by a property.

/// Straight (not premultiplied) sRGB colour with alpha.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self([r, g, b, 255])
    }

    pub const fn with_alpha(self, a: u8) -> Self {
        let [r, g, b, _] = self.0;
        Self([r, g, b, a])
    }

    /// Multiplies alpha by `opacity` in 0..=1.
    pub fn faded(self, opacity: f32) -> Self {
        let [r, g, b, a] = self.0;
        Self([r, g, b, (a as f32 * opacity.clamp(0.0, 1.0)).round() as u8])
    }
}

/// How a layer is drawn.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Style {
    pub fill: Rgba,
    pub stroke: Rgba,
    /// Outline / line width in screen points.
    pub stroke_width: f32,
    /// Radius of point symbols in screen points.
    pub point_radius: f32,
    /// Marker drawn for points.
    #[serde(default)]
    pub symbol: Symbol,
    /// Colour by the value of a property instead of one colour for the layer.
    #[serde(default)]
    pub categories: Option<Categories>,
}

/// Categorised colouring, as QGIS's "Categorized" renderer: one colour per value of a
/// property, the most frequent values first; the rest share a grey "other" class.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Categories {
    pub property: String,
    /// Value (as text), its colour and how many features have it.
    pub classes: Vec<(String, Rgba, usize)>,
    /// Features with another value (or none).
    pub other: usize,
}

/// Colour of the features outside the named classes.
pub const OTHER_CATEGORY: Rgba = Rgba::rgb(150, 150, 150);
/// Named classes at most; more values than that go to "other".
pub const MAX_CATEGORIES: usize = 10;

/// A property value as the text a category is named by.
pub fn category_key(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => "(none)".into(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

impl Categories {
    pub fn build(features: &[super::Feature], property: &str) -> Self {
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for f in features {
            *counts
                .entry(category_key(f.properties.get(property)))
                .or_default() += 1;
        }
        let total = features.len();
        Self::from_counts(property, counts.into_iter().collect(), total)
    }

    /// Classes from counts made elsewhere (a database's top-N query): the most frequent
    /// values get colours, the rest of `total` is "other".
    pub fn from_counts(property: &str, mut values: Vec<(String, usize)>, total: usize) -> Self {
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        values.truncate(MAX_CATEGORIES);
        let named: usize = values.iter().map(|(_, n)| n).sum();
        let classes = values
            .into_iter()
            .enumerate()
            .map(|(i, (value, n))| (value, palette_color(i), n))
            .collect();
        Self {
            property: property.to_string(),
            classes,
            other: total.saturating_sub(named),
        }
    }

    pub fn color_for(&self, feature: &super::Feature) -> Rgba {
        let key = category_key(feature.properties.get(&self.property));
        self.classes
            .iter()
            .find(|(v, _, _)| *v == key)
            .map_or(OTHER_CATEGORY, |(_, c, _)| *c)
    }
}

impl Style {
    /// Fill and outline of one feature: the layer's, or its category's.
    pub fn colors_for(&self, feature: &super::Feature) -> (Rgba, Rgba) {
        match &self.categories {
            None => (self.fill, self.stroke),
            Some(c) => {
                let base = c.color_for(feature);
                (base.with_alpha(self.fill.0[3].max(110)), base)
            }
        }
    }
}

/// Point marker shapes; each thematic layer has its own so layers stay apart without colour.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Symbol {
    #[default]
    Circle,
    Square,
    Diamond,
    Triangle,
    Hexagon,
}

impl Symbol {
    /// Outline of the marker around `center` (screen, y down), `None` for a circle.
    /// Sizes are chosen so every shape has about the area of a circle of `radius`.
    pub fn outline(self, center: [f32; 2], radius: f32) -> Option<Vec<[f32; 2]>> {
        let [x, y] = center;
        match self {
            Symbol::Circle => None,
            Symbol::Square => {
                let h = radius * 0.89;
                Some(vec![
                    [x - h, y - h],
                    [x + h, y - h],
                    [x + h, y + h],
                    [x - h, y + h],
                ])
            }
            Symbol::Diamond => {
                let h = radius * 1.25;
                Some(vec![[x, y - h], [x + h, y], [x, y + h], [x - h, y]])
            }
            Symbol::Triangle => {
                let h = radius * 1.35;
                Some(vec![
                    [x, y - h],
                    [x + h * 0.866, y + h * 0.5],
                    [x - h * 0.866, y + h * 0.5],
                ])
            }
            Symbol::Hexagon => {
                let h = radius * 1.1;
                Some(
                    (0..6)
                        .map(|i| {
                            let a = std::f32::consts::FRAC_PI_3 * i as f32;
                            [x + h * a.cos(), y + h * a.sin()]
                        })
                        .collect(),
                )
            }
        }
    }
}

impl Style {
    /// Polygons filled lightly so the basemap shows through; points and lines solid.
    pub fn from_base(color: Rgba) -> Self {
        Self {
            fill: color.with_alpha(70),
            stroke: color,
            stroke_width: 1.5,
            point_radius: 5.0,
            symbol: Symbol::Circle,
            categories: None,
        }
    }
}

/// Distinct colours for successive layers (Tableau 10, colour-blind friendly enough and well
/// separated on both light and dark basemaps).
pub fn palette_color(index: usize) -> Rgba {
    const PALETTE: [Rgba; 10] = [
        Rgba::rgb(78, 121, 167),
        Rgba::rgb(242, 142, 43),
        Rgba::rgb(225, 87, 89),
        Rgba::rgb(118, 183, 178),
        Rgba::rgb(89, 161, 79),
        Rgba::rgb(237, 201, 72),
        Rgba::rgb(176, 122, 161),
        Rgba::rgb(255, 157, 167),
        Rgba::rgb(156, 117, 95),
        Rgba::rgb(186, 176, 172),
    ];
    PALETTE[index % PALETTE.len()]
}
