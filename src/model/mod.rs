//! The data as the app holds it: features, layers and their styles. Knows nothing of egui.

mod feature;
mod layer;
mod style;

pub use feature::{Feature, LocationPrecision};
pub use layer::{Layer, LayerId, LayerKind, LayerSource, LoadWarning};
pub use style::{Rgba, Style, palette_color};
