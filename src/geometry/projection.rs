//! Web Mercator on the unit square: x = 0 at 180°W, 1 at 180°E; y = 0 at the north edge.
//! Walkers (and every XYZ tile server) uses the same projection, scaled by 256·2^zoom.

use std::f64::consts::PI;

pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;
/// Pixels of the whole world at zoom 0 (the XYZ tile convention).
pub const WORLD_PX_AT_ZOOM_0: f64 = 256.0;

pub fn lonlat_to_mercator(lon: f64, lat: f64) -> [f64; 2] {
    let lat = lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0;
    [x, y]
}

pub fn mercator_to_lonlat(p: [f64; 2]) -> (f64, f64) {
    let lon = p[0] * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * p[1])).sinh().atan().to_degrees();
    (lon, lat)
}

/// Equatorial circumference of the WGS84 ellipsoid, metres: one Mercator unit at the equator.
pub const EARTH_CIRCUMFERENCE_M: f64 = 40_075_016.686;

/// Mercator units spanned by `metres` on the ground at latitude `lat`.
pub fn metres_to_mercator(metres: f64, lat: f64) -> f64 {
    metres / (EARTH_CIRCUMFERENCE_M * lat.to_radians().cos())
}

/// Pixels per Mercator unit at which a lon/lat box (W, S, E, N) fills `fill` (0..1) of a
/// `width`×`height` viewport in its tighter direction.
pub fn fit_scale(bbox: [f64; 4], width: f64, height: f64, fill: f64) -> f64 {
    let a = lonlat_to_mercator(bbox[0], bbox[3]);
    let b = lonlat_to_mercator(bbox[2], bbox[1]);
    let span_x = (b[0] - a[0]).abs().max(1e-12);
    let span_y = (b[1] - a[1]).abs().max(1e-12);
    (width * fill / span_x).min(height * fill / span_y)
}

/// The closest the map goes: past 19 the basemap has no tiles and a scale bar nothing to
/// measure.
pub const MAX_MAP_ZOOM: f64 = 19.0;

/// The closest a fit goes: a point or a tiny extent is framed with its neighbourhood (a few
/// km), not at street level where one pin on an empty basemap shows nowhere.
pub const FIT_MAX_ZOOM: f64 = 13.0;

/// Map zoom at which a lon/lat box fills a `width`×`height` pixel view (with a margin).
pub fn fit_zoom(bbox: [f64; 4], width: f64, height: f64) -> f64 {
    let scale = fit_scale(bbox, width, height, 0.92);
    (scale / WORLD_PX_AT_ZOOM_0).log2().clamp(2.0, FIT_MAX_ZOOM)
}

/// The lon/lat a box is centred on in the map: the middle in Mercator, not in latitude
/// (they differ by a degree and more for a box the size of China).
pub fn fit_center(bbox: [f64; 4]) -> (f64, f64) {
    let a = lonlat_to_mercator(bbox[0], bbox[1]);
    let b = lonlat_to_mercator(bbox[2], bbox[3]);
    mercator_to_lonlat([(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0])
}

/// An affine map from Mercator units to screen pixels (no rotation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewTransform {
    /// Mercator position shown at `screen_center`.
    pub center: [f64; 2],
    /// Screen pixels per Mercator unit.
    pub scale: f64,
    pub screen_center: [f32; 2],
}

impl ViewTransform {
    pub fn new(center: [f64; 2], zoom: f64, screen_center: [f32; 2]) -> Self {
        Self {
            center,
            scale: WORLD_PX_AT_ZOOM_0 * zoom.exp2(),
            screen_center,
        }
    }

    /// The view that fits a lon/lat box into a `width`×`height` image with a margin.
    pub fn fit_bbox(west: f64, south: f64, east: f64, north: f64, width: u32, height: u32) -> Self {
        let a = lonlat_to_mercator(west, north);
        let b = lonlat_to_mercator(east, south);
        Self {
            center: [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0],
            scale: fit_scale(
                [west, south, east, north],
                width as f64,
                height as f64,
                0.94,
            )
            .min(WORLD_PX_AT_ZOOM_0 * MAX_MAP_ZOOM.exp2()),
            screen_center: [width as f32 / 2.0, height as f32 / 2.0],
        }
    }

    pub fn zoom(&self) -> f64 {
        (self.scale / WORLD_PX_AT_ZOOM_0).log2()
    }

    pub fn to_screen(&self, p: [f64; 2]) -> [f32; 2] {
        [
            self.screen_center[0] + ((p[0] - self.center[0]) * self.scale) as f32,
            self.screen_center[1] + ((p[1] - self.center[1]) * self.scale) as f32,
        ]
    }

    pub fn lonlat_to_screen(&self, lon: f64, lat: f64) -> [f32; 2] {
        self.to_screen(lonlat_to_mercator(lon, lat))
    }

    pub fn from_screen(&self, s: [f32; 2]) -> [f64; 2] {
        [
            self.center[0] + (s[0] - self.screen_center[0]) as f64 / self.scale,
            self.center[1] + (s[1] - self.screen_center[1]) as f64 / self.scale,
        ]
    }

    pub fn screen_to_lonlat(&self, s: [f32; 2]) -> (f64, f64) {
        mercator_to_lonlat(self.from_screen(s))
    }

    /// Mercator box visible in a screen rectangle of the given size (min, max).
    pub fn visible_mercator(&self, width: f32, height: f32) -> ([f64; 2], [f64; 2]) {
        let half_w = width as f64 / 2.0 / self.scale;
        let half_h = height as f64 / 2.0 / self.scale;
        (
            [self.center[0] - half_w, self.center[1] - half_h],
            [self.center[0] + half_w, self.center[1] + half_h],
        )
    }

    /// The same box as `[min_x, min_y, max_x, max_y]`, the form bands and chunks are culled by.
    pub fn visible_box(&self, width: f32, height: f32) -> [f64; 4] {
        let (min, max) = self.visible_mercator(width, height);
        [min[0], min[1], max[0], max[1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_is_framed_at_neighbourhood_zoom_and_a_box_by_its_mercator_middle() {
        let point = [106.5, 29.5, 106.5, 29.5];
        assert_eq!(fit_zoom(point, 900.0, 700.0), FIT_MAX_ZOOM);
        let chongqing = [105.28, 28.16, 110.19, 32.2];
        let z = fit_zoom(chongqing, 900.0, 700.0);
        assert!((7.0..8.0).contains(&z), "{z}");
        let (lon, lat) = fit_center([73.5, 18.0, 135.0, 53.5]);
        assert!((lon - 104.25).abs() < 1e-9);
        // Mercator stretches the north: the middle lies north of the mean latitude 35.75.
        assert!(lat > 37.5 && lat < 38.2, "{lat}");
    }

    #[test]
    fn mercator_round_trips_and_matches_tile_convention() {
        let p = lonlat_to_mercator(106.55, 29.56);
        let (lon, lat) = mercator_to_lonlat(p);
        assert!((lon - 106.55).abs() < 1e-9 && (lat - 29.56).abs() < 1e-9);
        // Tile z=8 containing Yuzhong is x=203, y=105 (standard slippy-map maths).
        assert_eq!(((p[0] * 256.0) as u32, (p[1] * 256.0) as u32), (203, 105));
    }

    #[test]
    fn view_transform_inverts() {
        let view = ViewTransform::fit_bbox(105.2, 28.1, 110.2, 32.3, 800, 600);
        let s = view.lonlat_to_screen(107.8, 30.67);
        let (lon, lat) = view.screen_to_lonlat(s);
        assert!((lon - 107.8).abs() < 1e-4 && (lat - 30.67).abs() < 1e-4);
        assert!(view.zoom() > 6.0 && view.zoom() < 8.0, "{}", view.zoom());
    }
}
