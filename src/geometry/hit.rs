//! Which feature is under the cursor.

use geo::{Contains, Coord, Geometry, Point};

use super::{SpatialIndex, lonlat_to_mercator};
use crate::model::Feature;

/// How close (in Mercator units) a point must be to a point or line feature to hit it.
fn distance_to_geometry(geometry: &Geometry<f64>, p: [f64; 2]) -> Option<f64> {
    let to_m = |c: Coord<f64>| lonlat_to_mercator(c.x, c.y);
    let d2 = |a: [f64; 2]| (a[0] - p[0]).powi(2) + (a[1] - p[1]).powi(2);
    let segment = |a: [f64; 2], b: [f64; 2]| {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len2 = dx * dx + dy * dy;
        let t = if len2 == 0.0 {
            0.0
        } else {
            (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
        };
        d2([a[0] + t * dx, a[1] + t * dy])
    };
    let line = |ls: &geo::LineString<f64>| {
        ls.0.windows(2)
            .map(|w| segment(to_m(w[0]), to_m(w[1])))
            .fold(f64::INFINITY, f64::min)
    };
    let best = match geometry {
        Geometry::Point(pt) => d2(to_m(pt.0)),
        Geometry::MultiPoint(mp) => mp
            .iter()
            .map(|pt| d2(to_m(pt.0)))
            .fold(f64::INFINITY, f64::min),
        Geometry::LineString(ls) => line(ls),
        Geometry::MultiLineString(mls) => mls.iter().map(line).fold(f64::INFINITY, f64::min),
        Geometry::GeometryCollection(gc) => gc
            .iter()
            .filter_map(|g| distance_to_geometry(g, p))
            .map(|d| d * d)
            .fold(f64::INFINITY, f64::min),
        _ => return None,
    };
    Some(best.sqrt())
}

/// The feature at `lon`/`lat`: the nearest point or line within `tolerance` Mercator units,
/// else the polygon containing the position (the smallest, when polygons nest).
pub fn hit_test(
    features: &[Feature],
    index: &SpatialIndex,
    lon: f64,
    lat: f64,
    tolerance: f64,
) -> Option<usize> {
    hit_test_where(features, index, lon, lat, tolerance, |_| true)
}

/// [`hit_test`] among the features `accept` lets through.
pub fn hit_test_where(
    features: &[Feature],
    index: &SpatialIndex,
    lon: f64,
    lat: f64,
    tolerance: f64,
    accept: impl Fn(&Feature) -> bool,
) -> Option<usize> {
    let p = lonlat_to_mercator(lon, lat);
    let min = [p[0] - tolerance, p[1] - tolerance];
    let max = [p[0] + tolerance, p[1] + tolerance];
    let point = Point::new(lon, lat);
    let mut best_near: Option<(f64, usize)> = None;
    let mut best_area: Option<(f64, usize)> = None;
    for i in index.query(min, max) {
        if !accept(&features[i]) {
            continue;
        }
        let geometry = &features[i].geometry;
        if let Some(distance) = distance_to_geometry(geometry, p) {
            if distance <= tolerance && best_near.is_none_or(|(d, _)| distance < d) {
                best_near = Some((distance, i));
            }
        } else if geometry.contains(&point) {
            let area = features[i]
                .bounding_rect()
                .map_or(0.0, |r| r.width() * r.height());
            if best_area.is_none_or(|(a, _)| area < a) {
                best_area = Some((area, i));
            }
        }
    }
    best_near.or(best_area).map(|(_, i)| i)
}
