//! Structural checks GeoJSON parsing alone does not make (ring closure, position counts,
//! coordinate ranges) so a bad feature is reported precisely instead of drawn wrongly.

use geo::Coord;

/// What an out-of-range position's problem says; a file whose positions all say it is in a
/// projected system that it does not declare.
pub const OUTSIDE_DEGREES: &str = "is outside lon -180..180 / lat -90..90";

/// How far past ±180° / ±90° a position may be and still be the limit: writers' rounding
/// (Natural Earth's `180.00000000000003`) is not an error. [`clamp_rounding`] moves it back.
const ROUNDING: f64 = 1e-9;

pub fn check_position(c: Coord<f64>) -> Result<(), String> {
    let (lon, lat) = (c.x, c.y);
    if !lon.is_finite() || !lat.is_finite() {
        return Err(format!("position [{lon}, {lat}] is not a finite number"));
    }
    if lon.abs() > 180.0 + ROUNDING || lat.abs() > 90.0 + ROUNDING {
        return Err(format!(
            "position [{lon}, {lat}] {OUTSIDE_DEGREES}: the file is probably in a projected \
             CRS (metres) or has lat/lon swapped"
        ));
    }
    Ok(())
}

/// Positions a rounding error past ±180° / ±90° put exactly on the limit.
pub fn clamp_rounding(geometry: &mut geo::Geometry<f64>) {
    use geo::MapCoordsInPlace;
    let clamp = |v: f64, limit: f64| {
        if v.abs() > limit && v.abs() <= limit + ROUNDING {
            limit.copysign(v)
        } else {
            v
        }
    };
    geometry.map_coords_in_place(|c| Coord {
        x: clamp(c.x, 180.0),
        y: clamp(c.y, 90.0),
    });
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
        check_ring(ring, &what)?;
    }
    Ok(())
}

/// A closed ring of at least 4 finite, in-range positions.
pub fn check_ring(ring: &[Coord<f64>], what: &str) -> Result<(), String> {
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

/// A polygon from rings, the first the exterior; no rings gives an empty exterior, which
/// [`salvage`] and [`check_geometry`] report.
pub fn polygon_from_rings(mut rings: Vec<Vec<Coord<f64>>>) -> geo::Polygon<f64> {
    if rings.is_empty() {
        return geo::Polygon::new(geo::LineString(Vec::new()), Vec::new());
    }
    let exterior = geo::LineString(rings.remove(0));
    geo::Polygon::new(exterior, rings.into_iter().map(geo::LineString).collect())
}

/// A geometry with its broken parts left out: a part (a point, line or polygon of a multi
/// geometry, a member of a collection, a hole) that fails its check is dropped with a note
/// naming it (rings are already closed: `geo` closes them when a polygon is built, as GDAL
/// does). Only a geometry with nothing left, or whose single part is broken, is an error.
pub fn salvage(
    mut geometry: geo::Geometry<f64>,
) -> Result<(geo::Geometry<f64>, Vec<String>), String> {
    use geo::Geometry as G;
    clamp_rounding(&mut geometry);
    let mut notes = Vec::new();
    let salvaged = match geometry {
        G::MultiPoint(m) => G::MultiPoint(geo::MultiPoint(keep_parts(
            m.0,
            "point",
            |p| check_position(p.0).map(|()| p),
            &mut notes,
        )?)),
        G::MultiLineString(m) => G::MultiLineString(geo::MultiLineString(keep_parts(
            m.0,
            "line",
            |l| check_line(&l.0, "line").map(|()| l),
            &mut notes,
        )?)),
        G::Polygon(p) => G::Polygon(salvage_polygon(p, &mut notes)?),
        G::MultiPolygon(m) => G::MultiPolygon(geo::MultiPolygon(keep_parts(
            m.0,
            "polygon",
            |p| salvage_polygon(p, &mut Vec::new()),
            &mut notes,
        )?)),
        G::GeometryCollection(c) if !c.0.is_empty() => {
            G::GeometryCollection(geo::GeometryCollection(keep_parts(
                c.0,
                "member",
                |g| salvage(g).map(|(g, _)| g),
                &mut notes,
            )?))
        }
        other => {
            check_geometry(&other)?;
            other
        }
    };
    Ok((salvaged, notes))
}

/// The parts that pass `check`; each failing one is named in `notes`. All failing is an error.
fn keep_parts<T>(
    parts: Vec<T>,
    what: &str,
    mut check: impl FnMut(T) -> Result<T, String>,
    notes: &mut Vec<String>,
) -> Result<Vec<T>, String> {
    let count = parts.len();
    let mut kept = Vec::with_capacity(count);
    let mut first_problem = None;
    for (i, part) in parts.into_iter().enumerate() {
        match check(part) {
            Ok(part) => kept.push(part),
            Err(problem) if count == 1 => return Err(problem),
            Err(problem) => {
                notes.push(format!("{what} {i} left out: {problem}"));
                first_problem.get_or_insert(format!("{what} {i}: {problem}"));
            }
        }
    }
    match first_problem {
        Some(problem) if kept.is_empty() => Err(format!("every {what} is broken; {problem}")),
        _ => Ok(kept),
    }
}

fn salvage_polygon(
    polygon: geo::Polygon<f64>,
    notes: &mut Vec<String>,
) -> Result<geo::Polygon<f64>, String> {
    let (exterior, interiors) = polygon.into_inner();
    check_ring(&exterior.0, "exterior ring")?;
    let mut holes = Vec::with_capacity(interiors.len());
    for (i, hole) in interiors.into_iter().enumerate() {
        match check_ring(&hole.0, &format!("hole {}", i + 1)) {
            Ok(()) => holes.push(hole),
            Err(problem) => notes.push(format!("{problem}: left out")),
        }
    }
    Ok(geo::Polygon::new(exterior, holes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Geometry, MultiPolygon, Polygon, polygon};

    fn square(x: f64) -> Polygon<f64> {
        polygon![(x: x, y: 29.0), (x: x + 0.1, y: 29.0), (x: x + 0.1, y: 29.1), (x: x, y: 29.0)]
    }

    #[test]
    fn a_multipolygon_keeps_its_good_parts_and_names_the_broken_one() {
        let degenerate = Polygon::new(
            geo::LineString::from(vec![(106.0, 29.0), (106.1, 29.0), (106.0, 29.0)]),
            vec![],
        );
        let multi = MultiPolygon(vec![square(106.0), degenerate, square(107.0)]);
        let (kept, notes) = salvage(Geometry::MultiPolygon(multi)).unwrap();
        let Geometry::MultiPolygon(kept) = kept else {
            panic!("stays a MultiPolygon")
        };
        assert_eq!(kept.0.len(), 2);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("polygon 1 left out"), "{notes:?}");
    }

    #[test]
    fn an_unclosed_ring_is_closed_and_a_broken_single_polygon_is_an_error() {
        let open = Polygon::new(
            geo::LineString::from(vec![(106.0, 29.0), (106.1, 29.0), (106.1, 29.1)]),
            vec![],
        );
        let (closed, notes) = salvage(Geometry::Polygon(open)).unwrap();
        assert!(notes.is_empty());
        let Geometry::Polygon(closed) = closed else {
            panic!()
        };
        assert_eq!(closed.exterior().0.len(), 4);
        let nan = Polygon::new(
            geo::LineString::from(vec![(f64::NAN, 29.0), (106.1, 29.0), (106.1, 29.1)]),
            vec![],
        );
        assert!(salvage(Geometry::Polygon(nan)).is_err());
        let all_bad = MultiPolygon(vec![
            Polygon::new(geo::LineString::from(vec![(500.0, 29.0)]), vec![]),
            Polygon::new(geo::LineString::from(vec![(500.0, 29.0)]), vec![]),
        ]);
        let err = salvage(Geometry::MultiPolygon(all_bad)).unwrap_err();
        assert!(err.starts_with("every polygon is broken"), "{err}");
    }
}
