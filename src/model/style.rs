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
    /// Colour by classes of a numeric property (takes precedence over `categories`).
    #[serde(default)]
    pub graduated: Option<Graduated>,
    /// Circles sized by a numeric property.
    #[serde(default)]
    pub proportional: Option<super::Proportional>,
    /// Labels from a property.
    #[serde(default)]
    pub labels: Option<super::FieldLabels>,
}

/// Graduated colouring, as QGIS's "Graduated" renderer: the values of a numeric property in
/// classes, each class a colour of a ramp; features without a number are "no data".
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Graduated {
    pub property: String,
    /// The `classes + 1` bounds, ascending; upper bounds inclusive.
    pub bounds: Vec<f64>,
    /// One colour per class.
    pub colours: Vec<Rgba>,
    /// Features per class, and without a number.
    pub counts: Vec<usize>,
    pub no_data: usize,
    /// How the bounds were made (the analysis module's method and ramp names), to show and
    /// to make again; bounds edited by hand say "manual".
    pub method: String,
    pub ramp: String,
    pub reversed: bool,
}

/// Colour of features with no number under a graduated style.
pub const NO_DATA: Rgba = Rgba::rgb(200, 200, 200);

impl Graduated {
    /// The class of a value under these bounds (see [`class_of`]).
    pub fn class_of(&self, value: f64) -> Option<usize> {
        class_of(value, &self.bounds)
    }

    pub fn color_for(&self, feature: &super::Feature) -> Rgba {
        let value = feature
            .properties
            .get(&self.property)
            .and_then(number_value);
        value
            .and_then(|v| self.class_of(v))
            .and_then(|class| self.colours.get(class).copied())
            .unwrap_or(NO_DATA)
    }
}

/// The class (0-based) of `value` for ascending `bounds`: the first class whose upper bound
/// it does not exceed (upper bounds inclusive, as in QGIS); `None` for a value outside the
/// bounds or not a number.
pub fn class_of(value: f64, bounds: &[f64]) -> Option<usize> {
    let (first, last) = (*bounds.first()?, *bounds.last()?);
    if !value.is_finite() || bounds.len() < 2 || value < first || value > last {
        return None;
    }
    let uppers = &bounds[1..];
    Some(
        uppers
            .partition_point(|upper| *upper < value)
            .min(uppers.len() - 1),
    )
}

/// A property as a number: a JSON number, or text that reads as one (a spreadsheet's "12.5").
pub fn number_value(value: &serde_json::Value) -> Option<f64> {
    match value {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|v| v.is_finite())
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
/// Classes at most when the values are colours themselves (a KML's styles): a map drawn in a
/// few dozen colours keeps them all.
pub const MAX_COLOUR_CATEGORIES: usize = 64;

/// The property a KML's styles arrive in, as `#rrggbb` (from the KML reader).
pub const KML_COLOUR_PROPERTY: &str = "kml_color";

/// `#rrggbb` as a colour.
pub fn parse_hex_colour(text: &str) -> Option<Rgba> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Rgba::rgb(channel(0)?, channel(2)?, channel(4)?))
}

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
    /// values get colours, the rest of `total` is "other". Values that are all colours
    /// (`#rrggbb`, as a KML's styles arrive) are drawn in those colours, as Google Earth and
    /// QGIS draw a KML.
    pub fn from_counts(property: &str, mut values: Vec<(String, usize)>, total: usize) -> Self {
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut valued = values.iter().filter(|(v, _)| v != "(none)").peekable();
        let own_colours =
            valued.peek().is_some() && valued.all(|(v, _)| parse_hex_colour(v).is_some());
        values.truncate(if own_colours {
            MAX_COLOUR_CATEGORIES
        } else {
            MAX_CATEGORIES
        });
        let named: usize = values.iter().map(|(_, n)| n).sum();
        let classes = values
            .into_iter()
            .enumerate()
            .map(|(i, (value, n))| {
                let colour = match parse_hex_colour(&value) {
                    Some(own) if own_colours => own,
                    _ if own_colours => OTHER_CATEGORY,
                    _ => palette_color(i),
                };
                (value, colour, n)
            })
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
    /// The style a file's layer opens with: `base`, coloured by the file's own colours when
    /// its features carry them (a KML's styles).
    pub fn for_file(base: Rgba, features: &[super::Feature]) -> Self {
        let mut style = Self::from_base(base);
        if features
            .iter()
            .any(|f| f.str_property(KML_COLOUR_PROPERTY).is_some())
        {
            style.categories = Some(Categories::build(features, KML_COLOUR_PROPERTY));
        }
        style
    }

    /// Fill and outline of one feature: the layer's, or its class's or category's. A
    /// graduated polygon is filled nearly opaque (the class is the message) with a thin
    /// darker outline; a category keeps the layer's translucency.
    pub fn colors_for(&self, feature: &super::Feature) -> (Rgba, Rgba) {
        if let Some(g) = &self.graduated {
            let base = g.color_for(feature);
            return (base.with_alpha(self.fill.0[3].max(210)), darker(base));
        }
        match &self.categories {
            None => (self.fill, self.stroke),
            Some(c) => {
                let base = c.color_for(feature);
                (base.with_alpha(self.fill.0[3].max(110)), base)
            }
        }
    }
}

fn darker(c: Rgba) -> Rgba {
    let [r, g, b, _] = c.0;
    let shade = |v: u8| (f32::from(v) * 0.6) as u8;
    Rgba::rgb(shade(r), shade(g), shade(b))
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
            graduated: None,
            proportional: None,
            labels: None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Feature;

    fn feature(colour: Option<&str>, i: usize) -> Feature {
        let mut properties = serde_json::Map::new();
        if let Some(c) = colour {
            properties.insert(KML_COLOUR_PROPERTY.into(), c.into());
        }
        Feature::new(geo::Point::new(106.5, 29.5).into(), properties, i)
    }

    #[test]
    fn a_files_own_colours_colour_its_layer() {
        let features = vec![
            feature(Some("#ff0000"), 0),
            feature(Some("#00aa44"), 1),
            feature(Some("#ff0000"), 2),
            feature(None, 3),
        ];
        let style = Style::for_file(palette_color(0), &features);
        let categories = style.categories.as_ref().expect("coloured by the file");
        assert_eq!(categories.property, KML_COLOUR_PROPERTY);
        assert_eq!(style.colors_for(&features[0]).1, Rgba::rgb(255, 0, 0));
        assert_eq!(style.colors_for(&features[1]).1, Rgba::rgb(0, 170, 68));
        assert_eq!(style.colors_for(&features[3]).1, OTHER_CATEGORY);
        // Values that are not all colours get the palette, as any other column.
        let mixed = Categories::build(
            &[feature(Some("#ff0000"), 0), feature(Some("red"), 1)],
            KML_COLOUR_PROPERTY,
        );
        assert!(
            mixed
                .classes
                .iter()
                .all(|(_, c, _)| *c != Rgba::rgb(255, 0, 0))
        );
        // A file without colours keeps the one colour it was given.
        assert!(
            Style::for_file(palette_color(0), &[feature(None, 0)])
                .categories
                .is_none()
        );
        assert_eq!(parse_hex_colour("#0a0B0c"), Some(Rgba::rgb(10, 11, 12)));
        assert_eq!(parse_hex_colour("#0a0B0"), None);
        assert_eq!(parse_hex_colour("#ééé"), None);
    }
}
