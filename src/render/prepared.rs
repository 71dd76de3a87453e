use std::collections::HashMap;
use std::sync::Arc;

use crate::geometry::measure::label_point;
use crate::geometry::tessellate::{PreparedShape, prepare, tolerance_for_band};
use crate::geometry::{SpatialIndex, lonlat_to_mercator};
use crate::model::{Feature, Layer};

/// Finest zoom band; beyond it the band-16 geometry is exact to a third of a pixel anyway.
pub const MAX_BAND: u8 = 16;

/// A layer's geometry made ready to draw: spatial index, label anchors, and per-zoom-band
/// simplified, triangulated shapes built on first use and then reused every frame.
#[derive(Debug)]
pub struct PreparedLayer {
    pub index: SpatialIndex,
    /// Mercator position of each feature's label (inside polygons).
    pub label_anchors: Vec<Option<[f64; 2]>>,
    /// Geodesic area in km² per feature (0 for points and lines), for label priority.
    pub areas_km2: Vec<f64>,
    bands: HashMap<u8, Arc<Vec<PreparedShape>>>,
}

pub fn band_for_zoom(zoom: f64) -> u8 {
    zoom.floor().clamp(0.0, f64::from(MAX_BAND)) as u8
}

fn prepare_all(features: &[Feature], tolerance: f64) -> Vec<PreparedShape> {
    crate::parallel::par_map(features, 64, |f| {
        let mut shape = PreparedShape::default();
        prepare(&f.geometry, tolerance, &mut shape);
        shape
    })
}

impl PreparedLayer {
    pub fn new(layer: &Layer) -> Self {
        Self {
            index: SpatialIndex::build(&layer.features),
            label_anchors: layer
                .features
                .iter()
                .map(|f| label_point(&f.geometry).map(|p| lonlat_to_mercator(p.x(), p.y())))
                .collect(),
            areas_km2: layer
                .features
                .iter()
                .map(|f| crate::geometry::measure::area_km2(&f.geometry))
                .collect(),
            bands: HashMap::new(),
        }
    }

    /// Shapes for drawing at `zoom`, one per feature, built on first request for the band.
    pub fn shapes(&mut self, features: &[Feature], zoom: f64) -> Arc<Vec<PreparedShape>> {
        let band = band_for_zoom(zoom);
        self.bands
            .entry(band)
            .or_insert_with(|| Arc::new(prepare_all(features, tolerance_for_band(band))))
            .clone()
    }
}

/// Two-line map label: short Latin name over the Chinese name.
pub fn label_text(feature: &Feature) -> String {
    let latin = feature
        .str_property("label_en")
        .or_else(|| feature.str_property("pinyin"))
        .or_else(|| feature.name_en());
    match (latin, feature.name_zh()) {
        (Some(l), Some(z)) => format!("{l}\n{z}"),
        (Some(n), None) | (None, Some(n)) => n.to_string(),
        (None, None) => String::new(),
    }
}
