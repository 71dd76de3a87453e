//! A prepared zoom band packed for the GPU: f32 positions relative to the layer's centre,
//! per-vertex premultiplied colours, and spatial chunks so a frame draws only what is near
//! the view. Built once per band and style; no graphics API here, so it is testable and
//! shared by any GPU front end.

use std::ops::Range;

use super::prepared::Shapes;
use crate::model::Rgba;

/// Marks the end of a polyline in `line_points`: a segment touching it is not drawn.
pub const LINE_BREAK: [f32; 2] = [f32::MAX, f32::MAX];

/// Features are grouped until a chunk holds about this many vertices.
const CHUNK_VERTICES: usize = 16_384;

/// A run of features close together: its extent and where its data sits in the buffers.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    /// Mercator `[min_x, min_y, max_x, max_y]`.
    pub bbox: [f64; 4],
    /// Range in `fill_indices`.
    pub indices: Range<u32>,
    /// Segments `i` (from `line_points[i]` to `line_points[i + 1]`).
    pub segments: Range<u32>,
}

#[derive(Debug, Default)]
pub struct BandBuffers {
    /// Mercator point the f32 positions are relative to.
    pub origin: [f64; 2],
    /// Largest |position| stored, Mercator units: how much f32 precision is lost.
    pub extent: f64,
    pub fill_positions: Vec<[f32; 2]>,
    pub fill_colors: Vec<u32>,
    pub fill_indices: Vec<u32>,
    /// Polygon rings (closed by repeating their first point) and lines, each followed by
    /// `LINE_BREAK`.
    pub line_points: Vec<[f32; 2]>,
    /// Colour of the segment starting at each point.
    pub line_colors: Vec<u32>,
    pub chunks: Vec<Chunk>,
}

/// Colour as the GPU blends it: premultiplied alpha, gamma-space bytes, `r` in the low byte.
pub fn premultiplied(c: Rgba) -> u32 {
    let [r, g, b, a] = c.0;
    let m = |v: u8| ((u16::from(v) * u16::from(a) + 127) / 255) as u8;
    u32::from_le_bytes([m(r), m(g), m(b), a])
}

fn shape_bbox(shape: &crate::geometry::tessellate::PreparedShape) -> Option<[f64; 4]> {
    let mut bbox = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    let all = shape
        .fill
        .vertices
        .iter()
        .chain(shape.lines.iter().flatten());
    for p in all {
        bbox = [
            bbox[0].min(p[0]),
            bbox[1].min(p[1]),
            bbox[2].max(p[0]),
            bbox[3].max(p[1]),
        ];
    }
    (bbox[0] <= bbox[2]).then_some(bbox)
}

/// Z-order of a point in a 2^16 grid over `[0, 1]²` (Mercator units): features adjacent in
/// this order are close on the map, so chunks are compact.
fn morton(p: [f64; 2]) -> u32 {
    let spread = |v: f64| {
        let mut x = (v.clamp(0.0, 1.0) * 65_535.0) as u32;
        x = (x | (x << 8)) & 0x00FF_00FF;
        x = (x | (x << 4)) & 0x0F0F_0F0F;
        x = (x | (x << 2)) & 0x3333_3333;
        (x | (x << 1)) & 0x5555_5555
    };
    spread(p[0]) | (spread(p[1]) << 1)
}

/// Packs `shapes` (one per feature) with each feature's `(fill, stroke)` colour.
pub fn build_band_buffers(shapes: &Shapes, colors: &[(Rgba, Rgba)]) -> BandBuffers {
    let boxes: Vec<Option<[f64; 4]>> = shapes.iter().map(shape_bbox).collect();
    let mut order: Vec<(u32, usize)> = boxes
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.map(|b| (morton([(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0]), i)))
        .collect();
    order.sort_unstable();
    let mut total = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for b in boxes.iter().flatten() {
        total = [
            total[0].min(b[0]),
            total[1].min(b[1]),
            total[2].max(b[2]),
            total[3].max(b[3]),
        ];
    }
    let mut out = BandBuffers::default();
    if order.is_empty() {
        return out;
    }
    out.origin = [(total[0] + total[2]) / 2.0, (total[1] + total[3]) / 2.0];
    out.extent = ((total[2] - total[0]) / 2.0).max((total[3] - total[1]) / 2.0);
    let relative = |p: &[f64; 2]| [(p[0] - out.origin[0]) as f32, (p[1] - out.origin[1]) as f32];
    let (fill_count, line_count) = shapes.iter().fold((0, 0), |(f, l), s| {
        (
            f + s.fill.vertices.len(),
            l + s.fill.vertices.len()
                + 2 * s.ring_count()
                + s.lines.iter().map(|l| l.len() + 1).sum::<usize>(),
        )
    });
    out.fill_positions.reserve_exact(fill_count);
    out.fill_colors.reserve_exact(fill_count);
    out.line_points.reserve_exact(line_count);
    out.line_colors.reserve_exact(line_count);

    let mut chunk: Option<(Chunk, usize)> = None;
    for &(_, i) in &order {
        let shape = &shapes[i];
        let bbox = boxes[i].expect("ordered features have a box");
        let (fill, stroke) = colors.get(i).copied().unwrap_or_default();
        let (fill, stroke) = (premultiplied(fill), premultiplied(stroke));
        let (indices_at, points_at) = (out.fill_indices.len() as u32, out.line_points.len() as u32);
        let (current, vertices) = chunk.get_or_insert((
            Chunk {
                bbox,
                indices: indices_at..indices_at,
                segments: points_at..points_at,
            },
            0,
        ));

        let base = out.fill_positions.len() as u32;
        out.fill_positions
            .extend(shape.fill.vertices.iter().map(relative));
        out.fill_colors
            .extend(std::iter::repeat_n(fill, shape.fill.vertices.len()));
        out.fill_indices
            .extend(shape.fill.indices.iter().map(|&v| base + v));

        let polylines = shape
            .rings()
            .map(|r| (r, true))
            .chain(shape.lines.iter().map(|l| (l.as_slice(), false)));
        for (points, closed) in polylines {
            if points.len() < 2 {
                continue;
            }
            out.line_points.extend(points.iter().map(relative));
            if closed {
                out.line_points.push(relative(&points[0]));
            }
            out.line_points.push(LINE_BREAK);
        }
        out.line_colors.resize(out.line_points.len(), stroke);

        current.bbox = [
            current.bbox[0].min(bbox[0]),
            current.bbox[1].min(bbox[1]),
            current.bbox[2].max(bbox[2]),
            current.bbox[3].max(bbox[3]),
        ];
        current.indices.end = out.fill_indices.len() as u32;
        // The last point of the chunk is a break: no segment starts there.
        current.segments.end = (out.line_points.len() as u32).saturating_sub(1);
        *vertices += shape.vertex_count();
        if *vertices >= CHUNK_VERTICES {
            out.chunks.push(chunk.take().expect("a chunk is open").0);
        }
    }
    if let Some((last, _)) = chunk {
        out.chunks.push(last);
    }
    out
}

/// Chunks that overlap the Mercator box `[min_x, min_y, max_x, max_y]`.
pub fn visible_chunks(chunks: &[Chunk], view: [f64; 4]) -> impl Iterator<Item = &Chunk> {
    chunks.iter().filter(move |c| {
        c.bbox[0] <= view[2] && c.bbox[2] >= view[0] && c.bbox[1] <= view[3] && c.bbox[3] >= view[1]
    })
}

impl BandBuffers {
    /// Screen pixels of position error from f32 storage at `scale` (pixels per Mercator unit).
    pub fn precision_px(&self, scale: f64) -> f64 {
        self.extent * f64::from(f32::EPSILON) * scale
    }

    /// Bytes the buffers take (what the GPU holds for this band).
    pub fn byte_size(&self) -> usize {
        8 * self.fill_positions.len()
            + 4 * (self.fill_colors.len() + self.fill_indices.len() + self.line_colors.len())
            + 8 * self.line_points.len()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use geo::{Geometry, LineString, polygon};

    use super::*;
    use crate::geometry::tessellate::{PreparedShape, prepare};

    fn shape(geometry: Geometry<f64>) -> PreparedShape {
        let mut s = PreparedShape::default();
        prepare(&geometry, 0.0, &mut s);
        s
    }

    fn square(x: f64, y: f64) -> Geometry<f64> {
        polygon![(x: x, y: y), (x: x + 1.0, y: y), (x: x + 1.0, y: y + 1.0), (x: x, y: y + 1.0), (x: x, y: y)].into()
    }

    #[test]
    fn rings_are_closed_and_polylines_separated() {
        let line: Geometry<f64> =
            LineString::from(vec![(100.0, 30.0), (101.0, 31.0), (102.0, 30.0)]).into();
        let shapes: Shapes = Arc::new(vec![shape(square(106.0, 29.0)), shape(line)]);
        let red = Rgba::rgb(255, 0, 0);
        let b = build_band_buffers(&shapes, &[(red, red), (red, red)]);
        // Square: 4 ring points + closing point + break; line: 3 points + break.
        assert_eq!(b.line_points.len(), 6 + 4);
        assert_eq!(
            b.line_points.iter().filter(|p| **p == LINE_BREAK).count(),
            2
        );
        assert_eq!(b.line_colors.len(), b.line_points.len());
        assert_eq!(b.fill_indices.len(), 6, "a square is two triangles");
        assert_eq!(b.fill_positions.len(), b.fill_colors.len());
        // Every segment of the chunks is a real one or touches a break.
        let segments: usize = b.chunks.iter().map(|c| c.segments.len()).sum();
        assert_eq!(segments, b.line_points.len() - 1);
    }

    #[test]
    fn positions_are_relative_to_the_centre_and_round_trip() {
        let shapes: Shapes = Arc::new(vec![shape(square(106.0, 29.0)), shape(square(108.0, 31.0))]);
        let c = (Rgba::rgb(1, 2, 3), Rgba::rgb(4, 5, 6));
        let b = build_band_buffers(&shapes, &[c, c]);
        let original = crate::geometry::lonlat_to_mercator(106.0, 29.0);
        let back = b.fill_positions.iter().any(|p| {
            (f64::from(p[0]) + b.origin[0] - original[0]).abs() < 1e-9
                && (f64::from(p[1]) + b.origin[1] - original[1]).abs() < 1e-9
        });
        assert!(
            back,
            "a corner of the first square survives the f32 round trip"
        );
        assert!(b.extent > 0.0 && b.extent < 0.01);
        // Country-sized extent: well under a pixel of error at city zoom.
        assert!(b.precision_px(256.0 * 2f64.powi(14)) < 0.1);
    }

    #[test]
    fn chunks_cull_far_features() {
        // 4 vertices each: several chunks' worth.
        let many: Vec<PreparedShape> = (0..12_000)
            .map(|i| {
                shape(square(
                    80.0 + (i % 80) as f64 * 0.5,
                    20.0 + (i / 80) as f64 * 0.2,
                ))
            })
            .collect();
        let colors = vec![(Rgba::rgb(0, 0, 0), Rgba::rgb(0, 0, 0)); many.len()];
        let b = build_band_buffers(&Arc::new(many), &colors);
        assert!(b.chunks.len() > 1, "{} chunks", b.chunks.len());
        let covered: u32 = b.chunks.iter().map(|c| c.indices.len() as u32).sum();
        assert_eq!(covered as usize, b.fill_indices.len());
        let a = crate::geometry::lonlat_to_mercator(80.0, 21.0);
        let z = crate::geometry::lonlat_to_mercator(81.0, 20.0);
        let near = visible_chunks(&b.chunks, [a[0], a[1], z[0], z[1]]).count();
        assert!(
            near >= 1 && near < b.chunks.len(),
            "{near} of {}",
            b.chunks.len()
        );
    }

    #[test]
    fn colours_are_premultiplied() {
        assert_eq!(
            premultiplied(Rgba([255, 128, 0, 255])),
            u32::from_le_bytes([255, 128, 0, 255])
        );
        assert_eq!(
            premultiplied(Rgba([255, 255, 255, 128])),
            u32::from_le_bytes([128, 128, 128, 128])
        );
    }
}
