//! A layer's geometry made ready to draw: spatial index, label anchors, and per-zoom-band
//! simplified and triangulated shapes, prepared on first use (in the background, but for a
//! small layer's very first band) and reused every frame.

use std::cmp::Reverse;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, OnceLock};

use super::map_theme::MapTheme;
use crate::geometry::measure::label_point;
use crate::geometry::tessellate::{PreparedShape, prepare, tolerance_for_band};
use crate::geometry::{SpatialIndex, lonlat_to_mercator};
use crate::model::{Feature, Rgba, Style};

/// Finest zoom band; beyond it the band-16 geometry is exact to a third of a pixel anyway.
pub const MAX_BAND: u8 = 16;

/// Layers with fewer vertices keep every band they use (a few MB at most) and are never
/// windowed. Their first band is prepared inline (a few ms, with nothing else to draw); later
/// bands in the background like everyone else's, since even ~20 ms is a visible hitch.
const SMALL_LAYER_VERTICES: usize = 250_000;

/// Whole-layer bands kept per big layer; the one farthest from the band in use goes first.
const MAX_FULL_BANDS: usize = 3;

/// Windowed bands kept per big layer; the least recently drawn goes first.
const MAX_WINDOWED_BANDS: usize = 2;

/// A big layer's band is prepared for a window around the view (not the whole layer) when
/// that window covers less than this share of the layer's extent: at city zoom on a
/// country-sized layer, only the nearby features are simplified, triangulated and uploaded.
const WINDOWED_BELOW_SHARE: f64 = 0.25;

pub type Shapes = Arc<Vec<PreparedShape>>;

/// A Mercator box `[min_x, min_y, max_x, max_y]`.
pub type MercatorBox = [f64; 4];

/// Where each feature's label goes and how much it matters.
#[derive(Debug)]
pub struct LabelInfo {
    /// Mercator position of each feature's label (inside polygons).
    pub anchors: Vec<Option<[f64; 2]>>,
    /// Area in km² per feature (0 for points and lines), for label priority.
    pub areas_km2: Vec<f64>,
}

/// Shapes to draw a frame with: one per feature (empty outside a windowed band's window).
#[derive(Debug, Clone)]
pub struct FrameShapes {
    /// Unique for the life of the process: names these shapes in GPU caches.
    pub id: u64,
    pub band: u8,
    pub shapes: Shapes,
}

#[derive(Debug)]
struct CachedBand {
    frame: FrameShapes,
    /// `None`: the whole layer; otherwise only features meeting this box were prepared.
    window: Option<MercatorBox>,
    last_used: u64,
}

#[derive(Debug)]
struct InFlight {
    band: u8,
    window: Option<MercatorBox>,
    receiver: Receiver<Vec<PreparedShape>>,
}

/// A layer's geometry made ready to draw: spatial index, label anchors, and per-zoom-band
/// simplified, triangulated shapes built on first use and then reused every frame.
#[derive(Debug)]
pub struct PreparedLayer {
    pub index: SpatialIndex,
    pub vertex_count: usize,
    labels: OnceLock<LabelInfo>,
    bands: Vec<CachedBand>,
    /// At most one band is prepared in the background at a time, so a fast zoom does not
    /// start a thread per band it passes.
    in_flight: Option<InFlight>,
    colors: Option<FeatureColors>,
    uses: u64,
}

/// Each feature's `(fill, stroke)` under a style, and a generation that changes with it.
#[derive(Debug)]
struct FeatureColors {
    style: Style,
    theme: MapTheme,
    colors: Arc<Vec<(Rgba, Rgba)>>,
    generation: u64,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

pub fn band_for_zoom(zoom: f64) -> u8 {
    zoom.floor().clamp(0.0, f64::from(MAX_BAND)) as u8
}

fn prepare_one(feature: &Feature, tolerance: f64) -> PreparedShape {
    let mut shape = PreparedShape::default();
    prepare(&feature.geometry, tolerance, &mut shape);
    shape
}

fn prepare_all(features: &[Feature], band: u8, threads: usize) -> Vec<PreparedShape> {
    let tolerance = tolerance_for_band(band);
    crate::parallel::par_map_on(threads, features, 16, |f| prepare_one(f, tolerance))
}

/// Shapes for the features listed in `only`; the others stay empty.
fn prepare_some(features: &[Feature], band: u8, only: &[usize]) -> Vec<PreparedShape> {
    let tolerance = tolerance_for_band(band);
    let threads = crate::parallel::background_threads();
    let prepared =
        crate::parallel::par_map_on(threads, only, 16, |&i| prepare_one(&features[i], tolerance));
    let mut shapes: Vec<PreparedShape> = std::iter::repeat_with(PreparedShape::default)
        .take(features.len())
        .collect();
    for (&i, shape) in only.iter().zip(prepared) {
        shapes[i] = shape;
    }
    shapes
}

fn covers(window: Option<MercatorBox>, view: MercatorBox) -> bool {
    window.is_none_or(|w| w[0] <= view[0] && w[1] <= view[1] && w[2] >= view[2] && w[3] >= view[3])
}

fn area(b: MercatorBox) -> f64 {
    (b[2] - b[0]).max(0.0) * (b[3] - b[1]).max(0.0)
}

impl PreparedLayer {
    pub fn new(features: &[Feature]) -> Self {
        Self {
            index: SpatialIndex::build(features),
            vertex_count: features
                .iter()
                .map(|f| geo::CoordsIter::coords_count(&f.geometry))
                .sum(),
            labels: OnceLock::new(),
            bands: Vec::new(),
            in_flight: None,
            colors: None,
            uses: 0,
        }
    }

    fn is_big(&self) -> bool {
        self.vertex_count > SMALL_LAYER_VERTICES
    }

    /// Every feature's `(fill, stroke)` under `style` (opacity aside), recomputed only when
    /// the style changes; the generation number changes with it.
    pub fn feature_colors(
        &mut self,
        features: &[Feature],
        style: &Style,
        theme: MapTheme,
    ) -> (Arc<Vec<(Rgba, Rgba)>>, u64) {
        match &self.colors {
            Some(c) if c.style == *style && c.theme == theme => (c.colors.clone(), c.generation),
            previous => {
                let generation = previous.as_ref().map_or(0, |c| c.generation + 1);
                let colors = Arc::new(
                    (features.iter())
                        .map(|f| {
                            let (fill, stroke) = style.colors_for(f);
                            (theme.area_fill(fill), theme.outline(stroke))
                        })
                        .collect(),
                );
                self.colors = Some(FeatureColors {
                    theme,
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
                crate::geometry::measure::approx_area_km2(&f.geometry)
            }),
        })
    }

    /// The whole layer's shapes at `zoom`, built now on every core if the band is not cached.
    pub fn shapes(&mut self, features: &[Feature], zoom: f64) -> Shapes {
        self.collect_finished();
        self.full_band(features, band_for_zoom(zoom)).shapes
    }

    /// Prepares the band for `zoom` on a background thread's budget (one core left free for
    /// the window), for workers that hand the layer to the window afterwards.
    pub fn prepare_in_background(&mut self, features: &[Feature], zoom: f64) {
        let band = band_for_zoom(zoom);
        if self
            .bands
            .iter()
            .any(|c| c.frame.band == band && c.window.is_none())
        {
            return;
        }
        let shapes = prepare_all(features, band, crate::parallel::background_threads());
        self.insert(band, None, Arc::new(shapes));
    }

    fn full_band(&mut self, features: &[Feature], band: u8) -> FrameShapes {
        if let Some(c) = self
            .bands
            .iter()
            .find(|c| c.frame.band == band && c.window.is_none())
        {
            return c.frame.clone();
        }
        let shapes = prepare_all(features, band, crate::parallel::cores());
        self.insert(band, None, Arc::new(shapes))
    }

    /// Shapes for a frame that must not wait, `view` being the visible Mercator box. A
    /// missing band is prepared on a background thread (`on_ready` is called when it lands) —
    /// for a big layer, for a window around the view when the view is small against the
    /// layer — and the nearest cached band that covers the view is drawn meanwhile. `None`
    /// only before any band of a big layer exists.
    pub fn shapes_for_frame(
        &mut self,
        features: &Arc<Vec<Feature>>,
        zoom: f64,
        view: MercatorBox,
        on_ready: impl Fn() + Send + 'static,
    ) -> Option<FrameShapes> {
        let band = band_for_zoom(zoom);
        self.collect_finished();
        self.uses += 1;
        let uses = self.uses;
        if let Some(c) = self
            .bands
            .iter_mut()
            .find(|c| c.frame.band == band && covers(c.window, view))
        {
            c.last_used = uses;
            return Some(c.frame.clone());
        }
        if self.bands.is_empty() && !self.is_big() {
            // Nothing to draw meanwhile: a small layer's first band is worth its few ms.
            return Some(self.full_band(features, band));
        }
        if self.in_flight.is_none() {
            let window = if self.is_big() {
                self.window_for(view)
            } else {
                None
            };
            let only = window.map(|w| self.index.query([w[0], w[1]], [w[2], w[3]]));
            let (sender, receiver) = channel();
            let features = features.clone();
            crate::parallel::spawn_background("zoom band", move || {
                let shapes = match only {
                    Some(only) => prepare_some(&features, band, &only),
                    None => prepare_all(&features, band, crate::parallel::background_threads()),
                };
                if sender.send(shapes).is_ok() {
                    on_ready();
                }
            });
            self.in_flight = Some(InFlight {
                band,
                window,
                receiver,
            });
        }
        let nearest = |c: &&mut CachedBand| (c.frame.band.abs_diff(band), c.frame.band > band);
        let best = match self
            .bands
            .iter_mut()
            .filter(|c| covers(c.window, view))
            .min_by_key(nearest)
        {
            Some(c) => c,
            None => self.bands.iter_mut().min_by_key(nearest)?,
        };
        best.last_used = uses;
        Some(best.frame.clone())
    }

    /// The window a big layer's band is prepared for at this view: the view and one view's
    /// width and height around it, or `None` (the whole layer) when that is most of it.
    fn window_for(&self, view: MercatorBox) -> Option<MercatorBox> {
        let (w, h) = (view[2] - view[0], view[3] - view[1]);
        let window = [view[0] - w, view[1] - h, view[2] + w, view[3] + h];
        let layer = self.index.bounds()?;
        let overlap = [
            window[0].max(layer[0]),
            window[1].max(layer[1]),
            window[2].min(layer[2]),
            window[3].min(layer[3]),
        ];
        (area(overlap) < WINDOWED_BELOW_SHARE * area(layer)).then_some(window)
    }

    /// Whether a band is being prepared in the background.
    pub fn is_preparing(&self) -> bool {
        self.in_flight.is_some()
    }

    fn collect_finished(&mut self) {
        let Some(job) = &self.in_flight else {
            return;
        };
        match job.receiver.try_recv() {
            Ok(shapes) => {
                let (band, window) = (job.band, job.window);
                self.in_flight = None;
                self.insert(band, window, Arc::new(shapes));
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.in_flight = None,
        }
    }

    /// Caches a band, evicting beyond the limits, and returns it.
    fn insert(&mut self, band: u8, window: Option<MercatorBox>, shapes: Shapes) -> FrameShapes {
        self.uses += 1;
        let frame = FrameShapes {
            id: next_id(),
            band,
            shapes,
        };
        self.bands.push(CachedBand {
            frame: frame.clone(),
            window,
            last_used: self.uses,
        });
        let max_full = if self.is_big() {
            MAX_FULL_BANDS
        } else {
            usize::from(MAX_BAND) + 1
        };
        // Whole-layer bands go farthest band first, windowed ones least recently used first.
        self.evict_beyond(false, max_full, |c| c.frame.band.abs_diff(band));
        self.evict_beyond(true, MAX_WINDOWED_BANDS, |c| Reverse(c.last_used));
        frame
    }

    /// Removes the highest-`rank` bands of one kind (windowed or not) until `max` are left.
    fn evict_beyond<K: Ord>(
        &mut self,
        windowed: bool,
        max: usize,
        rank: impl Fn(&CachedBand) -> K,
    ) {
        loop {
            let of_kind =
                || (self.bands.iter().enumerate()).filter(|(_, c)| c.window.is_some() == windowed);
            if of_kind().count() <= max {
                return;
            }
            let Some(worst) = of_kind().max_by_key(|(_, c)| rank(c)).map(|(i, _)| i) else {
                return;
            };
            self.bands.remove(worst);
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

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Geometry, LineString, Polygon};

    /// A row of `n` wiggly squares of 0.5° side, 1° apart along the equator from 0°E, each
    /// with `vertices` points: past `SMALL_LAYER_VERTICES` in total, a "big" layer.
    fn squares(n: usize, vertices: usize) -> Arc<Vec<Feature>> {
        let features = (0..n)
            .map(|i| {
                let x0 = i as f64;
                let ring: Vec<(f64, f64)> = (0..vertices)
                    .map(|k| {
                        let t = k as f64 / vertices as f64 * 4.0;
                        let wiggle = if k % 2 == 0 { 0.001 } else { -0.001 };
                        let (x, y) = match t as u32 {
                            0 => (t, 0.0),
                            1 => (1.0, t - 1.0),
                            2 => (3.0 - t, 1.0),
                            _ => (0.0, 4.0 - t),
                        };
                        (x0 + x * 0.5 + wiggle, y * 0.5 + wiggle)
                    })
                    .collect();
                let polygon = Polygon::new(LineString::from(ring), vec![]);
                Feature::new(Geometry::Polygon(polygon), Default::default(), i)
            })
            .collect();
        Arc::new(features)
    }

    fn view_around(lon: f64, lat: f64, half_degrees: f64) -> MercatorBox {
        let a = lonlat_to_mercator(lon - half_degrees, lat + half_degrees);
        let b = lonlat_to_mercator(lon + half_degrees, lat - half_degrees);
        [a[0], a[1], b[0], b[1]]
    }

    /// Frames at one view until the background band lands.
    fn settle(
        layer: &mut PreparedLayer,
        features: &Arc<Vec<Feature>>,
        zoom: f64,
        view: MercatorBox,
    ) -> FrameShapes {
        let start = std::time::Instant::now();
        while start.elapsed().as_secs() < 60 {
            let frame = layer.shapes_for_frame(features, zoom, view, || {});
            if !layer.is_preparing() {
                return frame.expect("a band to draw");
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("band never landed within 60 s");
    }

    #[test]
    fn a_big_layer_at_close_zoom_prepares_only_a_window_around_the_view() {
        let features = squares(200, 2_000);
        let mut layer = PreparedLayer::new(&features);
        assert!(layer.is_big());
        // The whole row at low zoom: one full band.
        let full = layer.shapes(&features, 3.0);
        assert!(full.iter().all(|s| !s.fill.vertices.is_empty()));
        // Close in on square 100.
        let view = view_around(100.25, 0.25, 0.3);
        let first = layer
            .shapes_for_frame(&features, 12.0, view, || {})
            .unwrap();
        assert_eq!(
            first.band, 3,
            "the cached band is drawn while band 12 is prepared"
        );
        let close = settle(&mut layer, &features, 12.0, view);
        assert_eq!(close.band, 12);
        assert!(!close.shapes[100].fill.vertices.is_empty());
        let prepared = close
            .shapes
            .iter()
            .filter(|s| !s.fill.vertices.is_empty())
            .count();
        assert!(
            prepared <= 3,
            "{prepared} squares prepared for a view of one"
        );
        assert!(close.shapes[0].fill.vertices.is_empty());
        assert!(close.shapes[199].fill.vertices.is_empty());
    }

    #[test]
    fn panning_away_from_the_window_never_draws_a_band_that_misses_the_view() {
        let features = squares(200, 2_000);
        let mut layer = PreparedLayer::new(&features);
        layer.shapes(&features, 3.0);
        let here = view_around(20.25, 0.25, 0.3);
        settle(&mut layer, &features, 12.0, here);
        let there = view_around(150.25, 0.25, 0.3);
        let meanwhile = layer
            .shapes_for_frame(&features, 12.0, there, || {})
            .unwrap();
        assert!(
            !meanwhile.shapes[150].fill.vertices.is_empty(),
            "a band covering the new view (the coarse full one) is drawn meanwhile"
        );
        let settled = settle(&mut layer, &features, 12.0, there);
        assert_eq!(settled.band, 12);
        assert!(!settled.shapes[150].fill.vertices.is_empty());
        assert!(settled.shapes[20].fill.vertices.is_empty());
    }

    #[test]
    fn a_small_layer_draws_its_first_band_at_once_and_later_ones_when_ready() {
        let features = squares(4, 100);
        let mut layer = PreparedLayer::new(&features);
        assert!(!layer.is_big());
        let view = view_around(2.0, 0.25, 3.0);
        let first = layer.shapes_for_frame(&features, 5.0, view, || {});
        assert_eq!(first.map(|f| f.band), Some(5), "nothing to draw meanwhile");
        assert!(!layer.is_preparing());
        let meanwhile = layer.shapes_for_frame(&features, 9.0, view, || {}).unwrap();
        assert_eq!(meanwhile.band, 5, "zooming in never waits for a band");
        let ready = settle(&mut layer, &features, 9.0, view);
        assert_eq!(ready.band, 9);
        assert!(ready.shapes.iter().all(|s| !s.fill.vertices.is_empty()));
    }

    #[test]
    fn the_band_cache_stays_bounded() {
        let features = squares(200, 2_000);
        let mut layer = PreparedLayer::new(&features);
        for band in 0..8 {
            layer.shapes(&features, f64::from(band));
        }
        for lon in [10.0, 50.0, 90.0, 130.0, 170.0] {
            settle(&mut layer, &features, 13.0, view_around(lon, 0.25, 0.3));
        }
        let full = layer.bands.iter().filter(|c| c.window.is_none()).count();
        let windowed = layer.bands.len() - full;
        assert!(
            full <= MAX_FULL_BANDS && windowed <= MAX_WINDOWED_BANDS,
            "{full} + {windowed}"
        );
        // A small layer keeps every band it has used.
        let small = squares(4, 100);
        let mut layer = PreparedLayer::new(&small);
        for band in 0..=MAX_BAND {
            layer.shapes(&small, f64::from(band));
        }
        assert_eq!(layer.bands.len(), usize::from(MAX_BAND) + 1);
    }
}
