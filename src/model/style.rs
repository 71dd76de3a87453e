/// Straight (not premultiplied) sRGB colour with alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
}

impl Style {
    /// Polygons filled lightly so the basemap shows through; points and lines solid.
    pub fn from_base(color: Rgba) -> Self {
        Self {
            fill: color.with_alpha(70),
            stroke: color,
            stroke_width: 1.5,
            point_radius: 5.0,
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
