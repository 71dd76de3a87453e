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

/// A point guaranteed inside polygons (where labels go); the centroid for other geometries.
pub fn label_point(geometry: &Geometry<f64>) -> Option<Point<f64>> {
    match geometry {
        Geometry::Polygon(_) | Geometry::MultiPolygon(_) => geometry.interior_point(),
        _ => geometry.centroid(),
    }
}
