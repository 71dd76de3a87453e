//! Geodesic measurement on the WGS84 ellipsoid.

use geo::orient::{Direction, Orient};
use geo::{Centroid, GeodesicArea, Geometry, InteriorPoint, Point};

/// Area in km² (0 for points and lines).
pub fn area_km2(geometry: &Geometry<f64>) -> f64 {
    // Geodesic area of a clockwise ring is the rest of the globe: orient first, as files
    // from outside RFC 7946 often wind the other way.
    match geometry {
        Geometry::Polygon(p) => p.orient(Direction::Default).geodesic_area_unsigned() / 1e6,
        Geometry::MultiPolygon(p) => p.orient(Direction::Default).geodesic_area_unsigned() / 1e6,
        Geometry::GeometryCollection(gc) => gc.iter().map(area_km2).sum(),
        _ => 0.0,
    }
}

/// Area in km² from the lon/lat shoelace, each ring scaled by the cosine of its mean latitude:
/// within about a percent of the geodesic area for shapes up to a province, and cheap enough to
/// rank thousands of labels (the geodesic area took most of a small render).
pub fn approx_area_km2(geometry: &Geometry<f64>) -> f64 {
    const KM_PER_DEGREE: f64 = 111.195;
    fn ring_km2(ring: &geo::LineString<f64>) -> f64 {
        let n = ring.0.len();
        if n < 3 {
            return 0.0;
        }
        let mean_lat = ring.0.iter().map(|c| c.y).sum::<f64>() / n as f64;
        let twice: f64 = ring
            .0
            .windows(2)
            .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
            .sum();
        (twice / 2.0).abs() * mean_lat.to_radians().cos() * KM_PER_DEGREE * KM_PER_DEGREE
    }
    fn polygon_km2(p: &geo::Polygon<f64>) -> f64 {
        (ring_km2(p.exterior()) - p.interiors().iter().map(ring_km2).sum::<f64>()).max(0.0)
    }
    match geometry {
        Geometry::Polygon(p) => polygon_km2(p),
        Geometry::MultiPolygon(mp) => mp.iter().map(polygon_km2).sum(),
        Geometry::GeometryCollection(gc) => gc.iter().map(approx_area_km2).sum(),
        _ => 0.0,
    }
}

/// A point guaranteed inside polygons (where labels go); the centroid for other geometries.
/// geo's interior point builds a graph of every edge; it is asked of a copy simplified to a
/// 400th of the shape's size first, and that point is kept when it lies inside the real shape.
pub fn label_point(geometry: &Geometry<f64>) -> Option<Point<f64>> {
    use geo::{BoundingRect, Contains, MultiPolygon, Polygon};
    // Rings that collapse below the tolerance are left out (geo warns on them, rightly).
    let coarse_ring = |r: &geo::LineString<f64>, tolerance: f64| {
        let ring = super::tessellate::simplify_planar(r, tolerance);
        (ring.0.len() >= 4 && geo::Area::unsigned_area(&Polygon::new(ring.clone(), vec![])) > 0.0)
            .then_some(ring)
    };
    let coarse_polygon = |p: &Polygon<f64>, tolerance: f64| {
        let exterior = coarse_ring(p.exterior(), tolerance)?;
        let holes = p
            .interiors()
            .iter()
            .filter_map(|r| coarse_ring(r, tolerance));
        Some(Polygon::new(exterior, holes.collect()))
    };
    let coarse = |tolerance: f64| match geometry {
        Geometry::Polygon(p) => coarse_polygon(p, tolerance).map(Geometry::Polygon),
        Geometry::MultiPolygon(mp) => {
            let parts: Vec<_> = mp
                .iter()
                .filter_map(|p| coarse_polygon(p, tolerance))
                .collect();
            (!parts.is_empty()).then_some(Geometry::MultiPolygon(MultiPolygon(parts)))
        }
        _ => None,
    };
    match geometry {
        Geometry::Polygon(_) | Geometry::MultiPolygon(_) => {
            let rect = geometry.bounding_rect()?;
            let tolerance = rect.width().max(rect.height()) / 400.0;
            coarse(tolerance)
                .and_then(|c| c.interior_point())
                .filter(|p| geometry.contains(p))
                .or_else(|| geometry.interior_point())
        }
        _ => geometry.centroid(),
    }
}

/// Geodesic length in metres of a path of lon/lat points (WGS84 ellipsoid, Karney).
pub fn path_length_m(points: &[(f64, f64)]) -> f64 {
    use geo::{Distance, Geodesic};
    points
        .windows(2)
        .map(|w| Geodesic.distance(Point::new(w[0].0, w[0].1), Point::new(w[1].0, w[1].1)))
        .sum()
}

/// Geodesic area in m² of the polygon the lon/lat points enclose (0 for fewer than three).
pub fn enclosed_area_m2(points: &[(f64, f64)]) -> f64 {
    if points.len() < 3 {
        return 0.0;
    }
    let ring: Vec<(f64, f64)> = points.to_vec();
    let polygon = geo::Polygon::new(geo::LineString::from(ring), vec![]);
    polygon.orient(Direction::Default).geodesic_area_unsigned()
}

/// Ground metres per screen pixel at latitude `lat` and map `zoom` (256-px tiles).
pub fn metres_per_pixel(lat: f64, zoom: f64) -> f64 {
    super::projection::EARTH_CIRCUMFERENCE_M * lat.to_radians().cos()
        / (super::projection::WORLD_PX_AT_ZOOM_0 * 2f64.powf(zoom))
}

/// A scale bar no longer than `max_px`: a round length (1, 2 or 5 × 10ⁿ metres) and its width
/// in pixels.
pub fn scale_bar(metres_per_px: f64, max_px: f64) -> (f64, f64) {
    let max_m = metres_per_px * max_px;
    let magnitude = 10f64.powf(max_m.log10().floor());
    let nice = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|f| f * magnitude)
        .find(|&m| m <= max_m)
        .unwrap_or(magnitude);
    (nice, nice / metres_per_px)
}

/// "850 m", "12.5 km", "1,200 km".
pub fn format_distance(metres: f64) -> String {
    if metres < 1000.0 {
        format!("{metres:.0} m")
    } else if metres < 100_000.0 {
        let km = format!("{:.2}", metres / 1000.0);
        format!("{} km", km.trim_end_matches('0').trim_end_matches('.'))
    } else {
        format!("{} km", group_thousands((metres / 1000.0).round() as u64))
    }
}

/// "0.85 km²", "1,234 km²", "5,000 m²".
pub fn format_area(m2: f64) -> String {
    if m2 < 100_000.0 {
        format!("{} m²", group_thousands(m2.round() as u64))
    } else if m2 < 1e8 {
        format!("{:.2} km²", m2 / 1e6)
    } else {
        format!("{} km²", group_thousands((m2 / 1e6).round() as u64))
    }
}

fn group_thousands(n: u64) -> String {
    crate::model::format_number(n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geodesic_distance_and_area_match_known_values() {
        // One degree of latitude along a meridian at 30°N is ~110.85 km on WGS84.
        let d = path_length_m(&[(106.5, 29.5), (106.5, 30.5)]);
        assert!((d - 110_850.0).abs() < 100.0, "{d}");
        // A 0.1° × 0.1° box near Chongqing: ~10.7 km × 11.1 km.
        let square = [(106.5, 29.5), (106.6, 29.5), (106.6, 29.6), (106.5, 29.6)];
        let a = enclosed_area_m2(&square);
        assert!((a / 1e6 - 107.2).abs() < 0.5, "{a}");
        // Winding does not matter.
        let mut reversed = square;
        reversed.reverse();
        assert!((enclosed_area_m2(&reversed) - a).abs() < 1.0);
        assert_eq!(enclosed_area_m2(&square[..2]), 0.0);
    }

    #[test]
    fn label_areas_and_points_hold_for_every_district() {
        use crate::io::embedded::{Vintage, district_layer};
        use geo::Contains;
        for vintage in [Vintage::Current, Vintage::Before2025Reform] {
            for f in district_layer(vintage).features.iter() {
                let (approx, geodesic) = (approx_area_km2(&f.geometry), area_km2(&f.geometry));
                assert!(
                    (approx / geodesic - 1.0).abs() < 0.01,
                    "{:?}: {approx} against {geodesic} km²",
                    f.name_en()
                );
                let point = label_point(&f.geometry).expect("a label point");
                assert!(f.geometry.contains(&point), "{:?}", f.name_en());
            }
        }
    }

    #[test]
    fn scale_bars_are_round_and_fit() {
        let (m, px) = scale_bar(37.0, 120.0);
        assert_eq!(m, 2000.0);
        assert!((px - 2000.0 / 37.0).abs() < 1e-9);
        let (m, px) = scale_bar(1.0, 120.0);
        assert_eq!((m, px), (100.0, 100.0));
        assert_eq!(format_distance(850.0), "850 m");
        assert_eq!(format_distance(12_500.0), "12.5 km");
        assert_eq!(format_distance(1_234_000.0), "1,234 km");
        assert_eq!(format_area(5000.0), "5,000 m²");
        assert_eq!(format_area(1.5e6), "1.50 km²");
    }
}
