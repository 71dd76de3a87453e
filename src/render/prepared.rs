use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, OnceLock};

use crate::geometry::measure::label_point;
use crate::geometry::tessellate::{PreparedShape, prepare, tolerance_for_band};
use crate::geometry::{SpatialIndex, lonlat_to_mercator};
use crate::model::{Feature, Rgba, Style};

/// Finest zoom band; beyond it the band-16 geometry is exact to a third of a pixel anyway.
pub const MAX_BAND: u8 = 16;

/// Layers with fewer vertices prepare a band in a few milliseconds: do it inline.
const INLINE_PREPARE_VERTICES: usize = 250_000;

/// Bands kept per layer; the one farthest from the band in use goes first.
const MAX_CACHED_BANDS: usize = 3;

pub type Shapes = Arc<Vec<PreparedShape>>;

/// Where each feature's label goes and how much it matters.
#[derive(Debug)]
pub struct LabelInfo {
    /// Mercator position of each feature's label (inside polygons).
    pub anchors: Vec<Option<[f64; 2]>>,
    /// Geodesic area in km² per feature (0 for points and lines), for label priority.
    pub areas_km2: Vec<f64>,
}

/// A layer's geometry made ready to draw: spatial index, label anchors, and per-zoom-band
/// simplified, triangulated shapes built on first use and then reused every frame.
#[derive(Debug)]
pub struct PreparedLayer {
    /// Unique for the life of the process: names this layer's buffers in GPU caches.
    pub uid: u64,
    pub index: SpatialIndex,
    pub vertex_count: usize,
    labels: OnceLock<LabelInfo>,
    bands: HashMap<u8, Shapes>,
    in_flight: HashMap<u8, Receiver<Vec<PreparedShape>>>,
    colors: Option<FeatureColors>,
}

/// Each feature's `(fill, stroke)` under a style, and a generation that changes with it.
#[derive(Debug)]
struct FeatureColors {
    style: Style,
    colors: Arc<Vec<(Rgba, Rgba)>>,
    generation: u64,
}

static NEXT_UID: AtomicU64 = AtomicU64::new(1);

pub fn band_for_zoom(zoom: f64) -> u8 {
    zoom.floor().clamp(0.0, f64::from(MAX_BAND)) as u8
}

fn prepare_all(features: &[Feature], band: u8) -> Vec<PreparedShape> {
    let tolerance = tolerance_for_band(band);
    crate::parallel::par_map(features, 16, |f| {
        let mut shape = PreparedShape::default();
        prepare(&f.geometry, tolerance, &mut shape);
        shape
    })
}

impl PreparedLayer {
    pub fn new(features: &[Feature]) -> Self {
        Self {
            uid: NEXT_UID.fetch_add(1, Ordering::Relaxed),
            index: SpatialIndex::build(features),
            vertex_count: features
                .iter()
                .map(|f| geo::CoordsIter::coords_count(&f.geometry))
                .sum(),
            labels: OnceLock::new(),
            bands: HashMap::new(),
            in_flight: HashMap::new(),
            colors: None,
        }
    }

    /// Every feature's `(fill, stroke)` under `style` (opacity aside), recomputed only when
    /// the style changes; the generation number changes with it.
    pub fn feature_colors(
        &mut self,
        features: &[Feature],
        style: &Style,
    ) -> (Arc<Vec<(Rgba, Rgba)>>, u64) {
        match &self.colors {
            Some(c) if c.style == *style => (c.colors.clone(), c.generation),
            previous => {
                let generation = previous.as_ref().map_or(0, |c| c.generation + 1);
                let colors = Arc::new(features.iter().map(|f| style.colors_for(f)).collect());
                self.colors = Some(FeatureColors {
                    style: style.clone(),
                    colors: Arc::clone(&colors),
                    generation,
                });
                (colors, generation)
            }
        }
    }

    /// Label anchors and areas, computed on first use (only labelled layers pay for them).
    pub fn labels(&self, features: &[Feature]) -> &LabelInfo {
        self.labels.get_or_init(|| LabelInfo {
            anchors: crate::parallel::par_map(features, 16, |f| {
                label_point(&f.geometry).map(|p| lonlat_to_mercator(p.x(), p.y()))
            }),
            areas_km2: crate::parallel::par_map(features, 16, |f| {
                crate::geometry::measure::area_km2(&f.geometry)
            }),
        })
    }

    /// Shapes for drawing at `zoom`, one per feature, built now if the band is not cached.
    pub fn shapes(&mut self, features: &[Feature], zoom: f64) -> Shapes {
        let band = band_for_zoom(zoom);
        self.collect_finished();
        if let Some(shapes) = self.bands.get(&band) {
            return shapes.clone();
        }
        let shapes = Arc::new(prepare_all(features, band));
        self.insert(band, shapes.clone());
        shapes
    }

    /// Shapes for a frame that must not wait: a big layer's missing band is prepared on a
    /// background thread (`on_ready` is called when it lands) and the nearest cached band is
    /// drawn meanwhile. `None` only before any band of a big layer exists.
    pub fn shapes_for_frame(
        &mut self,
        features: &Arc<Vec<Feature>>,
        zoom: f64,
        on_ready: impl Fn() + Send + 'static,
    ) -> Option<(u8, Shapes)> {
        let band = band_for_zoom(zoom);
        self.collect_finished();
        if let Some(shapes) = self.bands.get(&band) {
            return Some((band, shapes.clone()));
        }
        if self.vertex_count <= INLINE_PREPARE_VERTICES {
            return Some((band, self.shapes(features, zoom)));
        }
        self.in_flight.entry(band).or_insert_with(|| {
            let (sender, receiver) = channel();
            let features = features.clone();
            std::thread::spawn(move || {
                if sender.send(prepare_all(&features, band)).is_ok() {
                    on_ready();
                }
            });
            receiver
        });
        self.bands
            .iter()
            .min_by_key(|(b, _)| (b.abs_diff(band), **b > band))
            .map(|(b, shapes)| (*b, shapes.clone()))
    }

    /// Whether a band is being prepared in the background.
    pub fn is_preparing(&self) -> bool {
        !self.in_flight.is_empty()
    }

    fn collect_finished(&mut self) {
        let finished: Vec<(u8, Vec<PreparedShape>)> = self
            .in_flight
            .iter()
            .filter_map(|(&band, r)| r.try_recv().ok().map(|s| (band, s)))
            .collect();
        for (band, shapes) in finished {
            self.in_flight.remove(&band);
            self.insert(band, Arc::new(shapes));
        }
    }

    fn insert(&mut self, band: u8, shapes: Shapes) {
        self.bands.insert(band, shapes);
        while self.bands.len() > MAX_CACHED_BANDS {
            let farthest = *self
                .bands
                .keys()
                .max_by_key(|b| b.abs_diff(band))
                .expect("more than one band");
            self.bands.remove(&farthest);
        }
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
