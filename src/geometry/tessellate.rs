//! Polygons and lines turned into Mercator-space triangles and polylines, simplified for a
//! zoom band so drawing cost follows what is visible, not the source resolution.

use geo::{Coord, Geometry, LineString, Polygon, TriangulateEarcut};

use super::lonlat_to_mercator;
use crate::geometry::projection::WORLD_PX_AT_ZOOM_0;

/// Triangles of a feature's polygons, Mercator units.
#[derive(Debug, Clone, Default)]
pub struct MeshData {
    pub vertices: Vec<[f64; 2]>,
    pub indices: Vec<u32>,
}

/// Everything needed to draw one feature at one zoom band.
#[derive(Debug, Clone, Default)]
pub struct PreparedShape {
    /// Polygon triangles. The vertices are the polygon rings in order, without repeated
    /// closing points, so outlines are drawn from the same memory.
    pub fill: MeshData,
    /// `start..end` of each ring (exteriors and holes) in `fill.vertices`.
    ring_ranges: Vec<(u32, u32)>,
    /// Open line strings, Mercator units.
    pub lines: Vec<Vec<[f64; 2]>>,
    pub points: Vec<[f64; 2]>,
}

/// Simplification tolerance for a zoom band: a third of a pixel at the band's finest zoom.
pub fn tolerance_for_band(band: u8) -> f64 {
    0.33 / (WORLD_PX_AT_ZOOM_0 * f64::from(band + 1).exp2())
}

impl PreparedShape {
    /// Polygon rings (exteriors and holes) as open polylines, Mercator units.
    pub fn rings(&self) -> impl Iterator<Item = &[[f64; 2]]> {
        self.ring_ranges
            .iter()
            .map(|&(start, end)| &self.fill.vertices[start as usize..end as usize])
    }

    pub fn ring_count(&self) -> usize {
        self.ring_ranges.len()
    }

    pub fn vertex_count(&self) -> usize {
        self.fill.vertices.len()
            + self.lines.iter().map(Vec::len).sum::<usize>()
            + self.points.len()
    }
}

/// A line in Mercator, simplified to `tolerance`: first a linear pass drops every vertex within
/// half the tolerance of the last one kept (at a coarse zoom most of a detailed boundary), then
/// Ramer-Douglas-Peucker runs on what is left. The two passes stay within 1.5 × the tolerance,
/// half a pixel, of the source, at a fraction of RDP's cost over every vertex.
fn simplified_mercator_line(line: &LineString<f64>, tolerance: f64) -> LineString<f64> {
    let near = (tolerance * 0.5).powi(2);
    let mut kept: Vec<geo::Coord<f64>> = Vec::with_capacity(line.0.len().min(1024));
    let last = line.0.len().saturating_sub(1);
    // The last kept vertex in lon/lat and Mercator's north-south stretch there: a vertex is
    // measured against it in degrees (Mercator is 1/360 of the world per degree east, times
    // sec(latitude) north), so only the vertices kept pay for the projection's tan and log.
    let mut anchor: Option<(f64, f64, f64)> = None;
    for (i, c) in line.0.iter().enumerate() {
        if let Some((lon, lat, stretch)) = anchor
            && i != last
        {
            let dx = (c.x - lon) / 360.0;
            let dy = (c.y - lat) * stretch / 360.0;
            if dx * dx + dy * dy < near {
                continue;
            }
        }
        let [x, y] = lonlat_to_mercator(c.x, c.y);
        kept.push(geo::coord! { x: x, y: y });
        anchor = Some((c.x, c.y, 1.0 / c.y.to_radians().cos()));
    }
    LineString(ramer_douglas_peucker(&kept, tolerance))
}

/// A line simplified in its own units: the near-vertex pass, then Ramer–Douglas–Peucker.
pub fn simplify_planar(line: &LineString<f64>, tolerance: f64) -> LineString<f64> {
    let near = (tolerance * 0.5).powi(2);
    let last = line.0.len().saturating_sub(1);
    let mut kept: Vec<Coord<f64>> = Vec::new();
    for (i, &c) in line.0.iter().enumerate() {
        if let Some(k) = kept.last()
            && i != last
            && (c.x - k.x).powi(2) + (c.y - k.y).powi(2) < near
        {
            continue;
        }
        kept.push(c);
    }
    LineString(ramer_douglas_peucker(&kept, tolerance))
}

/// Squared distance from `p` to the segment `a`–`b`.
fn segment_distance_squared(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length_squared = dx * dx + dy * dy;
    let t = if length_squared == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / length_squared).clamp(0.0, 1.0)
    };
    let (ex, ey) = (p.x - (a.x + t * dx), p.y - (a.y + t * dy));
    ex * ex + ey * ey
}

/// Ramer–Douglas–Peucker with geo's choices (the last of equally far vertices splits, a
/// vertex exactly at the tolerance goes) on squared distances: geo's `Simplify` takes a
/// `hypot` per vertex per level, which was a tenth of a country-view render.
fn ramer_douglas_peucker(points: &[Coord<f64>], tolerance: f64) -> Vec<Coord<f64>> {
    let n = points.len();
    if n < 3 {
        return points.to_vec();
    }
    let tolerance_squared = tolerance * tolerance;
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut spans = vec![(0, n - 1)];
    while let Some((first, last)) = spans.pop() {
        if last - first < 2 {
            continue;
        }
        let (a, b) = (points[first], points[last]);
        let (mut farthest, mut farthest_squared) = (first + 1, -1.0);
        for (i, &p) in points.iter().enumerate().take(last).skip(first + 1) {
            let d = segment_distance_squared(p, a, b);
            if d >= farthest_squared {
                (farthest, farthest_squared) = (i, d);
            }
        }
        if farthest_squared > tolerance_squared {
            keep[farthest] = true;
            spans.push((first, farthest));
            spans.push((farthest, last));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter_map(|(&p, kept)| kept.then_some(p))
        .collect()
}

fn ring_points(line: &LineString<f64>) -> Vec<[f64; 2]> {
    line.0.iter().map(|c| [c.x, c.y]).collect()
}

fn add_polygon(polygon: &Polygon<f64>, tolerance: f64, out: &mut PreparedShape) {
    let exterior = simplified_mercator_line(polygon.exterior(), tolerance);
    if exterior.0.len() < 4 {
        // Collapsed below a pixel at this zoom: nothing visible to draw.
        return;
    }
    // earcut sizes its spatial hash by the exterior's box and panics on a hole that leaves it
    // (an invalid polygon, but files have them): such a hole is not filled around.
    let shell = geo::BoundingRect::bounding_rect(&exterior);
    let inside_shell = |r: &LineString<f64>| {
        shell.is_some_and(|b| {
            r.0.iter().all(|c| {
                (b.min().x..=b.max().x).contains(&c.x) && (b.min().y..=b.max().y).contains(&c.y)
            })
        })
    };
    let interiors: Vec<LineString<f64>> = polygon
        .interiors()
        .iter()
        .map(|r| simplified_mercator_line(r, tolerance))
        .filter(|r| r.0.len() >= 4 && inside_shell(r))
        .collect();
    let simplified = Polygon::new(exterior, interiors);
    let triangulated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        simplified.earcut_triangles_raw()
    }));
    let (vertices, triangles) = match triangulated {
        Ok(raw) => (raw.vertices, raw.triangle_indices),
        // Should earcut still panic on some other degenerate input, the outline is drawn
        // without its fill rather than losing the app.
        Err(_) => {
            let rings = std::iter::once(simplified.exterior()).chain(simplified.interiors());
            let points = rings
                .flat_map(|r| r.0[..r.0.len() - 1].iter().map(|c| [c.x, c.y]))
                .collect();
            (points, Vec::new())
        }
    };
    let base = out.fill.vertices.len() as u32;
    out.fill.vertices.extend(vertices.iter().copied());
    out.fill
        .indices
        .extend(triangles.iter().map(|&i| base + i as u32));
    // Earcut's vertices are the rings in order, each without its closing point.
    let mut start = base;
    for ring in std::iter::once(simplified.exterior()).chain(simplified.interiors()) {
        let end = start + ring.0.len() as u32 - 1;
        out.ring_ranges.push((start, end));
        start = end;
    }
    debug_assert_eq!(start as usize, out.fill.vertices.len());
}

/// Prepares a WGS84 geometry for drawing with the given simplification tolerance.
pub fn prepare(geometry: &Geometry<f64>, tolerance: f64, out: &mut PreparedShape) {
    match geometry {
        Geometry::Point(p) => out.points.push(lonlat_to_mercator(p.x(), p.y())),
        Geometry::MultiPoint(mp) => out
            .points
            .extend(mp.iter().map(|p| lonlat_to_mercator(p.x(), p.y()))),
        Geometry::Line(l) => out.lines.push(vec![
            lonlat_to_mercator(l.start.x, l.start.y),
            lonlat_to_mercator(l.end.x, l.end.y),
        ]),
        Geometry::LineString(ls) => out
            .lines
            .push(ring_points(&simplified_mercator_line(ls, tolerance))),
        Geometry::MultiLineString(mls) => out.lines.extend(
            mls.iter()
                .map(|ls| ring_points(&simplified_mercator_line(ls, tolerance))),
        ),
        Geometry::Polygon(p) => add_polygon(p, tolerance, out),
        Geometry::MultiPolygon(mp) => mp.iter().for_each(|p| add_polygon(p, tolerance, out)),
        Geometry::Rect(r) => add_polygon(&r.to_polygon(), tolerance, out),
        Geometry::Triangle(t) => add_polygon(&t.to_polygon(), tolerance, out),
        Geometry::GeometryCollection(gc) => gc.iter().for_each(|g| prepare(g, tolerance, out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Simplify, polygon};

    #[test]
    fn our_simplifier_keeps_the_vertices_geos_keeps() {
        // A noisy closed ring and an open zigzag, at several tolerances.
        let ring: Vec<Coord<f64>> = (0..=400)
            .map(|i| {
                let t = f64::from(i % 400) / 400.0 * std::f64::consts::TAU;
                let r = 1.0 + 0.05 * (7.0 * t).sin() + 0.01 * (53.0 * t).cos();
                geo::coord! { x: r * t.cos(), y: r * t.sin() }
            })
            .collect();
        let zigzag: Vec<Coord<f64>> = (0..300)
            .map(|i| geo::coord! { x: f64::from(i), y: f64::from((i * 37) % 11) * 0.1 })
            .collect();
        for line in [ring, zigzag] {
            for tolerance in [1e-4, 1e-3, 0.01, 0.05, 0.3] {
                let ours = ramer_douglas_peucker(&line, tolerance);
                let geos = LineString(line.clone()).simplify(tolerance).0;
                assert_eq!(ours, geos, "tolerance {tolerance}");
            }
        }
    }

    #[test]
    fn concave_polygon_with_hole_is_triangulated_inside_only() {
        let poly: Geometry<f64> = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 2.0), (x: 1.0, y: 1.0), (x: 0.0, y: 2.0), (x: 0.0, y: 0.0)],
            interiors: [[(x: 0.4, y: 0.4), (x: 0.6, y: 0.4), (x: 0.6, y: 0.6), (x: 0.4, y: 0.6), (x: 0.4, y: 0.4)]],
        )
        .into();
        let mut shape = PreparedShape::default();
        prepare(&poly, 0.0, &mut shape);
        assert_eq!(shape.fill.indices.len() % 3, 0);
        // Concave notch + hole: earcut needs more than the 3 triangles of a fan.
        assert!(shape.fill.indices.len() / 3 >= 6);
        assert_eq!(shape.ring_count(), 2);
        let rings: Vec<&[[f64; 2]]> = shape.rings().collect();
        assert_eq!(rings[0].len(), 5, "open exterior ring");
        assert_eq!(rings[1].len(), 4, "open hole");
    }

    #[test]
    fn coarser_bands_keep_fewer_vertices() {
        let ring: Vec<(f64, f64)> = (0..=720)
            .map(|i| {
                let a = (i % 720) as f64 / 720.0 * std::f64::consts::TAU;
                (107.0 + a.cos() + 0.001 * (a * 97.0).sin(), 30.0 + a.sin())
            })
            .collect();
        let poly: Geometry<f64> = Polygon::new(LineString::from(ring), vec![]).into();
        let count = |band| {
            let mut s = PreparedShape::default();
            prepare(&poly, tolerance_for_band(band), &mut s);
            s.rings().next().unwrap().len()
        };
        assert!(count(4) < count(12), "{} vs {}", count(4), count(12));
    }
}
