//! Structural checks GeoJSON parsing alone does not make (ring closure, position counts,
//! coordinate ranges) so a bad feature is reported precisely instead of drawn wrongly.

use geo::Coord;

pub fn check_position(c: Coord<f64>) -> Result<(), String> {
    let (lon, lat) = (c.x, c.y);
    if !lon.is_finite() || !lat.is_finite() {
        return Err(format!("position [{lon}, {lat}] is not a finite number"));
    }
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "position [{lon}, {lat}] is outside lon -180..180 / lat -90..90: the file is \
             probably in a projected CRS (metres) or has lat/lon swapped"
        ));
    }
    Ok(())
}

pub fn check_line(positions: &[Coord<f64>], what: &str) -> Result<(), String> {
    if positions.len() < 2 {
        return Err(format!(
            "{what} has {} position(s), needs at least 2",
            positions.len()
        ));
    }
    positions.iter().try_for_each(|&c| check_position(c))
}

pub fn check_polygon(rings: &[Vec<Coord<f64>>]) -> Result<(), String> {
    if rings.is_empty() {
        return Err("polygon has no rings".into());
    }
    for (i, ring) in rings.iter().enumerate() {
        let what = if i == 0 {
            "exterior ring".to_string()
        } else {
            format!("hole {i}")
        };
        if ring.len() < 4 {
            return Err(format!(
                "{what} has {} position(s), a closed ring needs at least 4",
                ring.len()
            ));
        }
        ring.iter().try_for_each(|&c| check_position(c))?;
        let (first, last) = (ring[0], ring[ring.len() - 1]);
        if first != last {
            return Err(format!(
                "{what} is not closed: first position [{}, {}] differs from last [{}, {}]",
                first.x, first.y, last.x, last.y
            ));
        }
    }
    Ok(())
}

/// A bbox member must hold 2×dimension numbers with min ≤ max for latitude.
pub fn check_bbox(bbox: &[f64]) -> Result<(), String> {
    if bbox.len() != 4 && bbox.len() != 6 {
        return Err(format!("bbox has {} numbers, expected 4 or 6", bbox.len()));
    }
    let half = bbox.len() / 2;
    if bbox.iter().any(|v| !v.is_finite()) || bbox[1] > bbox[half + 1] {
        return Err(format!("bbox {bbox:?} is not [west, south, east, north]"));
    }
    Ok(())
}

/// The checks a parsed GeoJSON geometry gets, for geometries built another way (decoded
/// TopoJSON arcs, Esri rings, reprojected positions).
pub fn check_geometry(geometry: &geo::Geometry<f64>) -> Result<(), String> {
    use geo::Geometry as G;
    let rings = |p: &geo::Polygon<f64>| {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .map(|r| r.0.clone())
            .collect::<Vec<_>>()
    };
    match geometry {
        G::Point(p) => check_position(p.0),
        G::MultiPoint(m) => m.iter().try_for_each(|p| check_position(p.0)),
        G::LineString(l) => check_line(&l.0, "LineString"),
        G::MultiLineString(m) => {
            (m.iter().enumerate()).try_for_each(|(i, l)| check_line(&l.0, &format!("line {i}")))
        }
        G::Polygon(p) => check_polygon(&rings(p)),
        G::MultiPolygon(m) => m.iter().enumerate().try_for_each(|(i, p)| {
            check_polygon(&rings(p)).map_err(|e| format!("polygon {i}: {e}"))
        }),
        G::GeometryCollection(c) => c.iter().try_for_each(check_geometry),
        G::Line(l) => check_line(&[l.start, l.end], "Line"),
        G::Rect(r) => check_position(r.min()).and(check_position(r.max())),
        G::Triangle(t) => t.to_array().iter().try_for_each(|&c| check_position(c)),
    }
}
