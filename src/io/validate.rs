//! Structural checks the `geojson` crate does not make (ring closure, position counts,
//! coordinate ranges) so a bad feature is reported precisely instead of drawn wrongly.

use geojson::{PointType, Value};

fn check_position(position: &PointType) -> Result<(), String> {
    if position.len() < 2 {
        return Err(format!(
            "position {position:?} has {} number(s), needs at least 2 (lon, lat)",
            position.len()
        ));
    }
    let (lon, lat) = (position[0], position[1]);
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

fn check_line(positions: &[PointType], what: &str) -> Result<(), String> {
    if positions.len() < 2 {
        return Err(format!(
            "{what} has {} position(s), needs at least 2",
            positions.len()
        ));
    }
    positions.iter().try_for_each(check_position)
}

fn check_polygon(rings: &[Vec<PointType>]) -> Result<(), String> {
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
        ring.iter().try_for_each(check_position)?;
        let (first, last) = (&ring[0], &ring[ring.len() - 1]);
        if first[0] != last[0] || first[1] != last[1] {
            return Err(format!(
                "{what} is not closed: first position {first:?} differs from last {last:?}"
            ));
        }
    }
    Ok(())
}

/// Checks one geometry; `depth` counts enclosing GeometryCollections.
pub fn check_geometry(value: &Value, depth: usize) -> Result<(), String> {
    match value {
        Value::Point(p) => check_position(p),
        Value::MultiPoint(ps) => ps.iter().try_for_each(check_position),
        Value::LineString(line) => check_line(line, "LineString"),
        Value::MultiLineString(lines) => lines
            .iter()
            .enumerate()
            .try_for_each(|(i, l)| check_line(l, &format!("line {i}"))),
        Value::Polygon(rings) => check_polygon(rings),
        Value::MultiPolygon(polygons) => polygons
            .iter()
            .enumerate()
            .try_for_each(|(i, p)| check_polygon(p).map_err(|e| format!("polygon {i}: {e}"))),
        Value::GeometryCollection(members) => {
            if depth > 0 {
                return Err("nested GeometryCollection (RFC 7946 §3.1.8 forbids nesting)".into());
            }
            members.iter().enumerate().try_for_each(|(i, g)| {
                check_geometry(&g.value, depth + 1).map_err(|e| format!("member {i}: {e}"))
            })
        }
    }
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
