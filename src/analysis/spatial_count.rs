//! Count points in polygons (QGIS's `native:countpointsinpolygon`), with the sum, mean,
//! minimum and maximum of a numeric field of the points: new columns on a copy of each
//! polygon. Every polygon's edges are bucketed by height once, so a point is tested against
//! the few edges that cross its row, not the thousands of a district's boundary; an R-tree of
//! the polygons' boxes finds the candidates; the points are split across the cores. A point on
//! no polygon is counted nowhere; one in two overlapping polygons counts in both, as in QGIS.

use geo::{BoundingRect, CoordsIter, Geometry};
use rstar::{AABB, RTree, RTreeObject};
use serde_json::Value;

use crate::model::{Feature, number_value};

/// A polygon ready for many point tests.
struct Polygon {
    /// Edges as (x1, y1, x2, y2), grouped by the horizontal band(s) they cross.
    bands: Vec<Vec<[f64; 4]>>,
    south: f64,
    band_height: f64,
}

impl Polygon {
    fn new(geometry: &Geometry<f64>) -> Option<Self> {
        let rect = geometry.bounding_rect()?;
        let mut edges = Vec::new();
        let mut rings: Vec<&geo::LineString<f64>> = Vec::new();
        match geometry {
            Geometry::Polygon(p) => {
                rings.push(p.exterior());
                rings.extend(p.interiors());
            }
            Geometry::MultiPolygon(m) => {
                for p in &m.0 {
                    rings.push(p.exterior());
                    rings.extend(p.interiors());
                }
            }
            _ => return None,
        }
        for ring in rings {
            for line in ring.lines() {
                edges.push([line.start.x, line.start.y, line.end.x, line.end.y]);
            }
        }
        let south = rect.min().y;
        let height = (rect.max().y - south).max(1e-12);
        let count = (edges.len() / 4).clamp(1, 4096);
        let band_height = height / count as f64;
        let mut bands = vec![Vec::new(); count];
        let band = |y: f64| (((y - south) / band_height) as usize).min(count - 1);
        for edge in edges {
            let (low, high) = (edge[1].min(edge[3]), edge[1].max(edge[3]));
            for slot in &mut bands[band(low)..=band(high)] {
                slot.push(edge);
            }
        }
        Some(Self {
            bands,
            south,
            band_height,
        })
    }

    /// Even-odd crossing test over the edges of the point's band: holes and parts included.
    fn contains(&self, x: f64, y: f64) -> bool {
        let at = (y - self.south) / self.band_height;
        if !(0.0..=self.bands.len() as f64).contains(&at) {
            return false;
        }
        let band = &self.bands[(at as usize).min(self.bands.len() - 1)];
        let mut inside = false;
        for &[x1, y1, x2, y2] in band {
            if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
                inside = !inside;
            }
        }
        inside
    }
}

struct Candidate {
    envelope: AABB<[f64; 2]>,
    polygon: usize,
}

impl RTreeObject for Candidate {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

/// Per polygon: how many points fell in it, and the sum, minimum and maximum of the field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tally {
    pub count: usize,
    /// Points with a number in the field.
    pub valued: usize,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
}

impl Default for Tally {
    fn default() -> Self {
        Self {
            count: 0,
            valued: 0,
            sum: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Tally {
    fn add(&mut self, value: Option<f64>) {
        self.count += 1;
        if let Some(v) = value {
            self.valued += 1;
            self.sum += v;
            self.min = self.min.min(v);
            self.max = self.max.max(v);
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.count += other.count;
        self.valued += other.valued;
        self.sum += other.sum;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }
}

/// Points per chunk of work: enough to amortise a thread's start, small enough to cancel.
const CHUNK: usize = 1 << 15;

/// The tally of each polygon (in `polygons`' order) for `points`; a multipoint counts once
/// per polygon holding any of its points. `field`: the numeric field to sum, if any.
/// `cancelled` is asked between chunks; `None` when it said yes.
pub fn count_points(
    polygons: &[Feature],
    points: &[Feature],
    field: Option<&str>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Tally>> {
    let prepared: Vec<Option<Polygon>> =
        polygons.iter().map(|f| Polygon::new(&f.geometry)).collect();
    let tree = RTree::bulk_load(
        (polygons.iter().enumerate())
            .filter_map(|(i, f)| {
                let r = f.geometry.bounding_rect()?;
                Some(Candidate {
                    envelope: AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    polygon: i,
                })
            })
            .collect(),
    );
    let chunks: Vec<&[Feature]> = points.chunks(CHUNK).collect();
    let partials = crate::parallel::par_map(&chunks, 1, |chunk| {
        if cancelled() {
            return None;
        }
        let mut tallies = vec![Tally::default(); polygons.len()];
        let mut hit = Vec::new();
        for point in *chunk {
            let value = field
                .and_then(|f| point.properties.get(f))
                .and_then(number_value);
            hit.clear();
            for c in point.geometry.coords_iter() {
                let at = [c.x, c.y];
                for candidate in tree.locate_in_envelope_intersecting(&AABB::from_point(at)) {
                    let inside = prepared[candidate.polygon]
                        .as_ref()
                        .is_some_and(|p| p.contains(c.x, c.y));
                    if inside && !hit.contains(&candidate.polygon) {
                        hit.push(candidate.polygon);
                    }
                }
                if !matches!(point.geometry, Geometry::MultiPoint(_)) {
                    break;
                }
            }
            for &polygon in &hit {
                tallies[polygon].add(value);
            }
        }
        Some(tallies)
    });
    let mut total = vec![Tally::default(); polygons.len()];
    for partial in partials {
        for (sum, part) in total.iter_mut().zip(&partial?) {
            sum.merge(part);
        }
    }
    Some(total)
}

/// Copies of `polygons` with the tally as columns: `column` (the count) and, with a field,
/// `{field}_sum`, `_mean`, `_min`, `_max` (null where no point had a number).
pub fn with_tally_columns(
    polygons: &[Feature],
    tallies: &[Tally],
    column: &str,
    field: Option<&str>,
) -> Vec<Feature> {
    let number = |v: f64| serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number);
    polygons
        .iter()
        .zip(tallies)
        .map(|(polygon, tally)| {
            let mut feature = polygon.clone();
            let properties = &mut feature.properties;
            properties.insert(column.to_owned(), Value::from(tally.count));
            if let Some(field) = field {
                let valued = tally.valued > 0;
                let stat = |v: f64| if valued { number(v) } else { Value::Null };
                properties.insert(format!("{field}_sum"), stat(tally.sum));
                properties.insert(
                    format!("{field}_mean"),
                    stat(tally.sum / tally.valued.max(1) as f64),
                );
                properties.insert(format!("{field}_min"), stat(tally.min));
                properties.insert(format!("{field}_max"), stat(tally.max));
            }
            feature
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use geo::Contains;

    fn square_with_hole() -> Feature {
        let outer = geo::LineString::from(vec![
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 4.0),
            (0.0, 4.0),
            (0.0, 0.0),
        ]);
        let hole = geo::LineString::from(vec![
            (1.0, 1.0),
            (2.0, 1.0),
            (2.0, 2.0),
            (1.0, 2.0),
            (1.0, 1.0),
        ]);
        let geometry = Geometry::Polygon(geo::Polygon::new(outer, vec![hole]));
        Feature::new(geometry, serde_json::Map::new(), 0)
    }

    fn point(x: f64, y: f64, value: f64) -> Feature {
        let mut properties = serde_json::Map::new();
        properties.insert("v".into(), value.into());
        Feature::new(Geometry::Point(geo::Point::new(x, y)), properties, 0)
    }

    #[test]
    fn counts_equal_a_brute_force_count_holes_included() {
        let polygons = [square_with_hole()];
        // A lattice over and around the square, off the edges.
        let points: Vec<Feature> = (0..60)
            .flat_map(|i| {
                (0..60).map(move |j| point(-1.03 + i as f64 * 0.1, -1.07 + j as f64 * 0.1, 1.0))
            })
            .collect();
        let tallies = count_points(&polygons, &points, Some("v"), &|| false).unwrap();
        let brute = (points.iter())
            .filter(|p| polygons[0].geometry.contains(&p.geometry))
            .count();
        assert!(brute > 0);
        assert_eq!(tallies[0].count, brute);
        assert_eq!(tallies[0].sum, brute as f64);
    }

    #[test]
    fn the_columns_carry_count_sum_mean_min_max() {
        let polygons = [square_with_hole()];
        let points = [
            point(0.5, 0.5, 2.0),
            point(3.5, 3.5, 6.0),
            point(1.5, 1.5, 100.0),
        ];
        let tallies = count_points(&polygons, &points, Some("v"), &|| false).unwrap();
        let out = with_tally_columns(&polygons, &tallies, "points", Some("v"));
        let p = &out[0].properties;
        assert_eq!(p["points"], 2, "the one in the hole is not counted");
        assert_eq!(
            (p["v_sum"].as_f64(), p["v_mean"].as_f64()),
            (Some(8.0), Some(4.0))
        );
        assert_eq!(
            (p["v_min"].as_f64(), p["v_max"].as_f64()),
            (Some(2.0), Some(6.0))
        );
        assert!(
            count_points(&polygons, &points, None, &|| true).is_none(),
            "cancelled"
        );
    }
}
