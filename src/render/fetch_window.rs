//! Which part of a remote table a view needs: the view's box grown by a margin and snapped
//! outward to the tile grid of its zoom band, so small pans stay inside what was fetched and
//! a new query starts only when the view leaves it or changes band.

use crate::geometry::measure::metres_per_pixel;
use crate::geometry::{ViewTransform, mercator_to_lonlat};

/// A box of lon/lat fetched for one zoom band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FetchWindow {
    /// Whole zoom level the geometry is simplified for.
    pub band: i32,
    /// W, S, E, N in degrees.
    pub bbox: [f64; 4],
    /// Ground metres per pixel at the window's centre for `band`.
    pub metres_per_pixel: f64,
}

/// How far past the view a fetch reaches, in view sizes on each side.
const MARGIN: f64 = 0.5;

impl FetchWindow {
    /// The window for a `width`×`height` view.
    pub fn for_view(view: &ViewTransform, width: f32, height: f32) -> Self {
        let band = view.zoom().floor().clamp(0.0, 22.0) as i32;
        let [w, s, e, n] = lonlat_box(view, width, height);
        let (dx, dy) = ((e - w) * MARGIN, (n - s) * MARGIN);
        // Tiles of the band in degrees: snap so nearby views share one window.
        let step = 360.0 / f64::from(1u32 << band.min(30) as u32);
        let snap_down = |v: f64| (v / step).floor() * step;
        let snap_up = |v: f64| (v / step).ceil() * step;
        let bbox = [
            snap_down(w - dx).max(-180.0),
            snap_down(s - dy).max(-85.06),
            snap_up(e + dx).min(180.0),
            snap_up(n + dy).min(85.06),
        ];
        let metres_per_pixel = metres_per_pixel((bbox[1] + bbox[3]) * 0.5, f64::from(band));
        Self {
            band,
            bbox,
            metres_per_pixel,
        }
    }

    /// Whether it serves the view drawn now (see [`covers`](Self::covers)).
    pub fn serves(&self, view: &ViewTransform, width: f32, height: f32) -> bool {
        let band = view.zoom().floor().clamp(0.0, 22.0) as i32;
        self.covers(lonlat_box(view, width, height), band)
    }

    /// Whether this window serves `other` (same band, `other`'s view inside it).
    pub fn covers(&self, view_box: [f64; 4], band: i32) -> bool {
        band == self.band
            && view_box[0] >= self.bbox[0] - 1e-9
            && view_box[1] >= self.bbox[1] - 1e-9
            && view_box[2] <= self.bbox[2] + 1e-9
            && view_box[3] <= self.bbox[3] + 1e-9
    }
}

/// The view's lon/lat box (W, S, E, N).
pub fn lonlat_box(view: &ViewTransform, width: f32, height: f32) -> [f64; 4] {
    let (min, max) = view.visible_mercator(width, height);
    let (w, n) = mercator_to_lonlat(min);
    let (e, s) = mercator_to_lonlat(max);
    [w, s, e, n]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::lonlat_to_mercator;

    #[test]
    fn small_pans_stay_in_the_window_and_zooming_a_band_leaves_it() {
        let view = ViewTransform::new(lonlat_to_mercator(106.5, 29.5), 10.3, [500.0, 400.0]);
        let window = FetchWindow::for_view(&view, 1000.0, 800.0);
        assert_eq!(window.band, 10);
        assert!((60.0..160.0).contains(&window.metres_per_pixel));
        let panned = ViewTransform::new(lonlat_to_mercator(106.6, 29.55), 10.3, [500.0, 400.0]);
        assert!(window.serves(&panned, 1000.0, 800.0));
        let far = ViewTransform::new(lonlat_to_mercator(108.0, 30.5), 10.3, [500.0, 400.0]);
        assert!(!window.serves(&far, 1000.0, 800.0));
        let closer = ViewTransform::new(lonlat_to_mercator(106.5, 29.5), 11.2, [500.0, 400.0]);
        assert!(!window.serves(&closer, 1000.0, 800.0));
        let [w, s, e, n] = window.bbox;
        assert!(
            w < 106.0 && e > 107.0 && s < 29.2 && n > 29.8,
            "{:?}",
            window.bbox
        );
    }
}
