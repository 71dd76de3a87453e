//! Colour ramps for graduated maps: ColorBrewer's sequential and diverging schemes and the
//! perceptually uniform viridis family, from the `colorous` crate, sampled into as many
//! colours as there are classes, and reversible.

use serde::{Deserialize, Serialize};

use crate::model::Rgba;

/// A ramp by name, as the layer panel offers and the session keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ramp {
    Blues,
    Greens,
    Oranges,
    Reds,
    Purples,
    YellowOrangeRed,
    YellowGreenBlue,
    Viridis,
    Magma,
    RedBlue,
    RedYellowGreen,
    Spectral,
}

impl Ramp {
    pub const ALL: [Ramp; 12] = [
        Ramp::YellowOrangeRed,
        Ramp::Blues,
        Ramp::Greens,
        Ramp::Oranges,
        Ramp::Reds,
        Ramp::Purples,
        Ramp::YellowGreenBlue,
        Ramp::Viridis,
        Ramp::Magma,
        Ramp::RedBlue,
        Ramp::RedYellowGreen,
        Ramp::Spectral,
    ];

    /// ColorBrewer's and matplotlib's own names.
    pub fn name(self) -> &'static str {
        match self {
            Ramp::Blues => "Blues",
            Ramp::Greens => "Greens",
            Ramp::Oranges => "Oranges",
            Ramp::Reds => "Reds",
            Ramp::Purples => "Purples",
            Ramp::YellowOrangeRed => "YlOrRd",
            Ramp::YellowGreenBlue => "YlGnBu",
            Ramp::Viridis => "viridis",
            Ramp::Magma => "magma",
            Ramp::RedBlue => "RdBu",
            Ramp::RedYellowGreen => "RdYlGn",
            Ramp::Spectral => "Spectral",
        }
    }

    fn gradient(self) -> colorous::Gradient {
        match self {
            Ramp::Blues => colorous::BLUES,
            Ramp::Greens => colorous::GREENS,
            Ramp::Oranges => colorous::ORANGES,
            Ramp::Reds => colorous::REDS,
            Ramp::Purples => colorous::PURPLES,
            Ramp::YellowOrangeRed => colorous::YELLOW_ORANGE_RED,
            Ramp::YellowGreenBlue => colorous::YELLOW_GREEN_BLUE,
            Ramp::Viridis => colorous::VIRIDIS,
            Ramp::Magma => colorous::MAGMA,
            Ramp::RedBlue => colorous::RED_BLUE,
            Ramp::RedYellowGreen => colorous::RED_YELLOW_GREEN,
            Ramp::Spectral => colorous::SPECTRAL,
        }
    }

    /// `count` colours from the ramp's light end to its dark end (reversed: the other way).
    /// Sequential ramps start a little in from their palest colour, which would vanish on
    /// the light basemap, as ColorBrewer's own class schemes do.
    pub fn colours(self, count: usize, reversed: bool) -> Vec<Rgba> {
        let sequential = !matches!(self, Ramp::RedBlue | Ramp::RedYellowGreen | Ramp::Spectral);
        let (from, to) = if sequential { (0.15, 1.0) } else { (0.0, 1.0) };
        let mut colours: Vec<Rgba> = (0..count)
            .map(|i| {
                let t = if count < 2 {
                    (from + to) / 2.0
                } else {
                    from + (to - from) * i as f64 / (count - 1) as f64
                };
                let c = self.gradient().eval_continuous(t);
                Rgba::rgb(c.r, c.g, c.b)
            })
            .collect();
        if reversed {
            colours.reverse();
        }
        colours
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ramp_gives_one_colour_per_class_light_to_dark_and_reverses() {
        let colours = Ramp::Blues.colours(5, false);
        assert_eq!(colours.len(), 5);
        let lightness = |c: &Rgba| u32::from(c.0[0]) + u32::from(c.0[1]) + u32::from(c.0[2]);
        assert!(
            colours
                .windows(2)
                .all(|w| lightness(&w[0]) > lightness(&w[1]))
        );
        let reversed = Ramp::Blues.colours(5, true);
        assert_eq!(reversed[0], colours[4]);
    }
}
