//! The data as the app holds it: features, layers and their styles. Knows nothing of egui.

mod bbox;
mod citation;
pub mod database;
mod feature;
mod figure;
mod layer;
mod number;
mod reading;
mod style;
mod symbols;
mod time;

pub use bbox::{CHONGQING_BBOX, union_rects};
pub use citation::{Citation, SEED_ARTICLES, citation};
pub use feature::{Feature, LocationPrecision};
pub use figure::{Chart, ChartBar, Figure, seed_charts};
pub use layer::{GeometryKinds, Layer, LayerId, LayerKind, LayerSource, LoadWarning};
pub use number::{format_number, number_text};
pub use reading::{Placement, Reading};
pub use style::{
    Categories, Graduated, MAX_CATEGORIES, NO_DATA, OTHER_CATEGORY, Rgba, Style, Symbol,
    category_key, class_of, number_value, palette_color,
};
pub use symbols::{FieldLabels, Proportional, name_like_field};
pub use time::{TimeField, TimeSpan, format_time, parse_span, parse_time, time_extent};
