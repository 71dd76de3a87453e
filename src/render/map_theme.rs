//! The map's light and dark looks. The light one is the palette the marks and layers are
//! written in (and the one the PNG renderer draws). The dark one is derived from it, so that
//! no colour has to be chosen twice: layers keep their hues, areas go dark, and neutral ink
//! (labels, halos, backdrops, leader lines) swaps light for dark, so labels stay legible.

use std::borrow::Cow;

use super::marks::Mark;
use crate::model::Rgba;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapTheme {
    #[default]
    Light,
    Dark,
}

/// Below this saturation a colour is ink (greys, browns), which the dark map inverts.
const NEUTRAL_BELOW: f32 = 0.3;

impl MapTheme {
    /// Land colour behind everything when no basemap tile is drawn.
    pub fn paper(self) -> Rgba {
        match self {
            Self::Light => super::mark_style::PAPER,
            Self::Dark => Rgba::rgb(30, 33, 38),
        }
    }

    /// How much black covers the basemap's raster tiles (the bundled ones are drawn light).
    pub fn basemap_veil(self) -> u8 {
        match self {
            Self::Light => 0,
            Self::Dark => 165,
        }
    }

    /// Text and its halo: the lightness turns over (dark text on a light halo becomes light
    /// text on a dark halo), the hue stays.
    pub fn text(self, c: Rgba) -> Rgba {
        match self {
            Self::Light => c,
            Self::Dark => with_lightness(c, |l| 1.0 - l),
        }
    }

    /// Marks that are not text: neutral ones (rims, backdrops, leaders, cluster discs) turn
    /// over as text does; coloured ones (symbols, a layer's rings) stay as they are.
    pub fn ink(self, c: Rgba) -> Rgba {
        match self {
            Self::Light => c,
            Self::Dark if hsl(c)[1] < NEUTRAL_BELOW => with_lightness(c, |l| 1.0 - l),
            Self::Dark => c,
        }
    }

    /// A polygon's fill: light fills go dark, keeping their hue.
    pub fn area_fill(self, c: Rgba) -> Rgba {
        match self {
            Self::Light => c,
            Self::Dark => with_lightness(c, |l| if l > 0.45 { 0.12 + (l - 0.45) * 0.3 } else { l }),
        }
    }

    /// An outline or a line: dark ones go light, so they show on the dark map.
    pub fn outline(self, c: Rgba) -> Rgba {
        match self {
            Self::Light => c,
            Self::Dark => with_lightness(c, |l| if l < 0.55 { 1.1 - l } else { l }),
        }
    }
}

impl MapTheme {
    /// A mark as this theme draws it.
    pub fn mark<'a>(self, mark: &'a Mark) -> Cow<'a, Mark> {
        if self == Self::Light {
            return Cow::Borrowed(mark);
        }
        let mut themed = mark.clone();
        match &mut themed {
            Mark::Circle { fill, outline, .. } => {
                if let Some(fill) = fill {
                    *fill = self.ink(*fill);
                }
                if let Some(line) = outline {
                    line.color = self.ink(line.color);
                }
            }
            Mark::Symbol { .. } => {}
            Mark::Path { line, .. } => line.color = self.ink(line.color),
            Mark::Panel { fill, .. } => *fill = self.ink(*fill),
            Mark::Text { color, halo, .. } => {
                *color = self.text(*color);
                if let Some(halo) = halo {
                    *halo = self.text(*halo);
                }
            }
        }
        Cow::Owned(themed)
    }
}

/// Hue (0–1), saturation and lightness of a colour.
fn hsl(c: Rgba) -> [f32; 3] {
    let [r, g, b, _] = c.0.map(|v| f32::from(v) / 255.0);
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let l = (max + min) / 2.0;
    if max == min {
        return [0.0, 0.0, l];
    }
    let d = max - min;
    let s = if l > 0.5 {
        d / (2.0 - max - min)
    } else {
        d / (max + min)
    };
    let h = if max == r {
        (g - b) / d + if g < b { 6.0 } else { 0.0 }
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    [h / 6.0, s, l]
}

fn from_hsl([h, s, l]: [f32; 3], alpha: u8) -> Rgba {
    let channel = |t: f32| {
        let q = if l < 0.5 {
            l * (1.0 + s)
        } else {
            l + s - l * s
        };
        let p = 2.0 * l - q;
        let t = t.rem_euclid(1.0);
        let v = if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        };
        (v.clamp(0.0, 1.0) * 255.0).round() as u8
    };
    if s == 0.0 {
        let v = (l.clamp(0.0, 1.0) * 255.0).round() as u8;
        return Rgba([v, v, v, alpha]);
    }
    Rgba([
        channel(h + 1.0 / 3.0),
        channel(h),
        channel(h - 1.0 / 3.0),
        alpha,
    ])
}

fn with_lightness(c: Rgba, f: impl Fn(f32) -> f32) -> Rgba {
    let [h, s, l] = hsl(c);
    from_hsl([h, s, f(l).clamp(0.0, 1.0)], c.0[3])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::mark_style::{DISTRICT_LABEL, LABEL_HALO};

    fn lightness(c: Rgba) -> f32 {
        hsl(c)[2]
    }

    #[test]
    fn colours_survive_the_round_trip() {
        for c in [
            Rgba::rgb(31, 119, 180),
            Rgba::rgb(242, 239, 233),
            Rgba::rgb(200, 40, 40),
        ] {
            let back = from_hsl(hsl(c), 255);
            for (a, b) in c.0.iter().zip(back.0) {
                assert!(a.abs_diff(b) <= 1, "{c:?} → {back:?}");
            }
        }
    }

    #[test]
    fn the_dark_map_keeps_labels_legible_and_areas_dark() {
        let dark = MapTheme::Dark;
        // Labels: light text on a dark halo, with as much contrast as the light map's.
        let (text, halo) = (dark.text(DISTRICT_LABEL), dark.text(LABEL_HALO));
        assert!(lightness(text) > 0.75 && lightness(halo) < 0.1);
        assert_eq!(halo.0[3], LABEL_HALO.0[3], "the halo keeps its alpha");
        // A beige district fill goes dark, its brown outline light.
        assert!(lightness(dark.area_fill(Rgba::rgb(240, 228, 200))) < 0.25);
        assert!(lightness(dark.outline(Rgba::rgb(120, 80, 40))) > 0.6);
        // A layer's red symbol stays red; the white rim around it turns dark.
        assert_eq!(dark.ink(Rgba::rgb(214, 39, 40)), Rgba::rgb(214, 39, 40));
        assert!(lightness(dark.ink(Rgba::rgb(255, 255, 255))) < 0.05);
        assert_eq!(MapTheme::Light.text(DISTRICT_LABEL), DISTRICT_LABEL);
    }
}
