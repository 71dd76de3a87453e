//! Projection helpers, spatial index and hit-testing, simplification/LOD, measurement.

pub mod hit;
pub mod index;
pub mod measure;
pub mod projection;
pub mod select;
pub mod tessellate;

pub use index::SpatialIndex;

pub use crate::model::union_rects;
pub use projection::{ViewTransform, lonlat_to_mercator, mercator_to_lonlat};
