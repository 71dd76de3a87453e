//! Polygons from a flat list of rings told apart by winding, as Esri formats store them (Esri
//! JSON, Shapefile): outer rings clockwise, holes counter-clockwise.

use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon};

/// Twice the signed area in a y-up plane: negative for clockwise rings (Esri outer rings).
fn signed_area2(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum()
}

/// Esri rings to polygons: each clockwise ring starts a polygon, each counter-clockwise one is
/// a hole of the outer ring that contains it (or, found in no outer ring, a polygon of its own,
/// so nothing is lost). A ring too short to have a winding becomes a polygon of its own, for
/// [`crate::io::read::validate::salvage`] to leave out by name.
pub fn polygons_from_esri_rings(rings: Vec<Vec<Coord<f64>>>) -> MultiPolygon<f64> {
    let mut outers: Vec<Polygon<f64>> = Vec::new();
    let mut holes = Vec::new();
    for mut ring in rings {
        if ring.len() >= 3 && ring.first() != ring.last() {
            ring.push(ring[0]);
        }
        if signed_area2(&ring) <= 0.0 {
            outers.push(Polygon::new(LineString(ring), Vec::new()));
        } else {
            holes.push(LineString(ring));
        }
    }
    // A ring with a non-finite position is no use for containment (and trips geo's checks):
    // it stays a polygon of its own, for validation to report.
    let finite = |ring: &LineString<f64>| ring.0.iter().all(|c| c.x.is_finite() && c.y.is_finite());
    for hole in holes {
        let inside = finite(&hole)
            .then(|| {
                outers.iter().position(|p| {
                    finite(p.exterior())
                        && (p.contains(&Point(hole.0[0])) || p.exterior().contains(&hole.0[0]))
                })
            })
            .flatten();
        match inside {
            Some(i) => outers[i].interiors_push(hole),
            None => outers.push(Polygon::new(hole, Vec::new())),
        }
    }
    MultiPolygon(outers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ring_with_nan_stays_its_own_polygon_instead_of_tripping_containment() {
        let outer = vec![
            Coord { x: 0.0, y: 0.0 },
            Coord { x: 0.0, y: 1.0 },
            Coord { x: 1.0, y: 1.0 },
            Coord { x: 1.0, y: 0.0 },
            Coord { x: 0.0, y: 0.0 },
        ];
        let broken = vec![
            Coord {
                x: f64::NAN,
                y: 0.2,
            },
            Coord { x: 0.8, y: 0.2 },
            Coord { x: 0.8, y: 0.8 },
            Coord { x: 0.2, y: 0.2 },
        ];
        let polygons = polygons_from_esri_rings(vec![outer, broken]);
        assert_eq!(polygons.0.len(), 2);
        assert!(polygons.0[0].interiors().is_empty());
    }
}
