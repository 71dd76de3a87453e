//! What goes on the map above the layers' filled and stroked geometry, described once for
//! both painters: point symbols with their uncertainty rings, cluster bubbles, displacement
//! leaders, labels with their halos, and the scale bar. The window paints these marks with
//! egui, the `render` command with tiny-skia; neither decides placement or style itself.

use super::PreparedLayer;
use super::label_marks::label_marks;
use super::mark_style::{
    CLUSTER_COUNT, CLUSTER_FILL, CLUSTER_RIM, CLUSTER_RIM_WIDTH, CLUSTER_RING_INSET,
    CLUSTER_RING_WIDTH, LABEL_HALO, LABEL_PX, LEADER, LEADER_WIDTH, SCALE_BAR_BACKDROP,
    SCALE_BAR_INK, SCALE_BAR_LABEL_PX, SCALE_BAR_MAX_PX, THEMATIC_RADIUS, TRUE_SPOT,
    TRUE_SPOT_RADIUS, UNCERTAINTY_OUTLINE_WIDTH, approximate_ring_px, halo_colors,
};
use super::points::{PlacedPoint, PointLayout, is_decluttered, layout_points, point_items};
use super::text::text_size;
use crate::geometry::ViewTransform;
use crate::geometry::measure::{format_distance, metres_per_pixel, scale_bar};
use crate::geometry::tessellate::PreparedShape;
use crate::model::Layer;

pub use super::mark::{Line, Mark};

/// Everything above the layers for one view, in painting order after the layers: decluttered
/// points, labels, scale bar. The point layout is kept for hit-testing clicks on symbols.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    pub layout: PointLayout,
    pub points: Vec<Mark>,
    pub labels: Vec<Mark>,
    pub scale_bar: Vec<Mark>,
}

impl Overlay {
    /// Builds the overlay of `layers` seen through `view` on `viewport`
    /// (`[min_x, min_y, max_x, max_y]`, the map's area on screen).
    pub fn build(
        layers: &[Layer],
        prepared: &[PreparedLayer],
        view: &ViewTransform,
        viewport: [f32; 4],
    ) -> Self {
        let layout = layout_points(
            &point_items(layers, view, viewport),
            view.zoom(),
            view.scale,
            THEMATIC_RADIUS,
        );
        let points = decluttered_point_marks(layers, &layout, view);
        let mut keep_out = layout.blocked_rects(THEMATIC_RADIUS);
        keep_out.push(scale_bar_footprint(viewport));
        let labels = label_marks(layers, prepared, &layout, view, viewport, &keep_out);
        let scale_bar = scale_bar_marks(view, viewport);
        Self {
            layout,
            points,
            labels,
            scale_bar,
        }
    }

    /// All marks in painting order.
    pub fn marks(&self) -> impl Iterator<Item = &Mark> {
        self.points
            .iter()
            .chain(&self.labels)
            .chain(&self.scale_bar)
    }
}

/// The uncertainty ring of an approximate point, if it is one.
fn uncertainty_ring(
    layer: &Layer,
    feature: usize,
    view: &ViewTransform,
    mercator: [f64; 2],
    center: [f32; 2],
) -> Option<Mark> {
    let style = &layer.style;
    let precision = layer.features[feature].precision();
    let radius = approximate_ring_px(precision, view.scale, mercator, style.point_radius)?;
    let (fill, outline) = halo_colors(style.stroke, layer.opacity, radius);
    Some(Mark::Circle {
        center,
        radius,
        fill: Some(fill),
        outline: Some(Line {
            color: outline,
            width: UNCERTAINTY_OUTLINE_WIDTH,
            dashed: true,
        }),
    })
}

/// Past this many point symbols in view, a layer draws one symbol per cell the size of its
/// diameter (the one drawn last, which would be on top), its opacity telling how many points
/// the cell holds: painting hundreds of thousands of overlapping shapes holds a frame for most
/// of a second and shows no more than a solid blot.
const DENSE_POINTS: usize = 10_000;

/// Point markers of a layer drawn as it is (not decluttered), for the `visible` features.
pub fn layer_point_marks(
    layer: &Layer,
    shapes: &[PreparedShape],
    visible: &[usize],
    view: &ViewTransform,
) -> Vec<Mark> {
    // Sized circles stand for the points (`layer_marks`).
    if is_decluttered(layer) || layer.style.proportional.is_some() {
        return Vec::new();
    }
    let points: usize = visible
        .iter()
        .filter_map(|&i| shapes.get(i))
        .map(|s| s.points.len())
        .sum();
    if points > DENSE_POINTS {
        return dense_point_marks(layer, shapes, visible, view);
    }
    let mut marks = Vec::new();
    for &i in visible {
        let Some(shape) = shapes.get(i) else { continue };
        if shape.points.is_empty() {
            continue;
        }
        let feature = &layer.features[i];
        if let Some(count) = feature.cluster_count() {
            for &p in &shape.points {
                marks.extend(cell_marks(view.to_screen(p), count, feature, layer));
            }
            continue;
        }
        let (_, stroke) = layer.style.colors_for(feature);
        for &p in &shape.points {
            let center = view.to_screen(p);
            marks.extend(uncertainty_ring(layer, i, view, p, center));
            marks.push(Mark::Symbol {
                center,
                symbol: layer.style.symbol,
                radius: layer.style.point_radius,
                fill: stroke.faded(layer.opacity),
            });
        }
    }
    marks
}

/// The symbols of a dense point layer, one per occupied cell of the symbol's diameter, in
/// drawing order.
fn dense_point_marks(
    layer: &Layer,
    shapes: &[PreparedShape],
    visible: &[usize],
    view: &ViewTransform,
) -> Vec<Mark> {
    let cell = 2.0 * layer.style.point_radius.max(1.0);
    // Per occupied cell: the feature and position on top, and how many points fall in it.
    let mut cells: std::collections::HashMap<(i32, i32), usize> = Default::default();
    let mut tops: Vec<(usize, [f32; 2], u32)> = Vec::new();
    // Last drawn first, so each cell keeps the symbol that would be on top.
    for &i in visible.iter().rev() {
        let Some(shape) = shapes.get(i) else { continue };
        for &p in shape.points.iter().rev() {
            let center = view.to_screen(p);
            let key = (
                (center[0] / cell).floor() as i32,
                (center[1] / cell).floor() as i32,
            );
            match cells.entry(key) {
                std::collections::hash_map::Entry::Occupied(e) => tops[*e.get()].2 += 1,
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(tops.len());
                    tops.push((i, center, 1));
                }
            }
        }
    }
    // Density shows as opacity, on a log scale: a lone point faint, the busiest cell solid.
    let busiest = tops.iter().map(|t| t.2).max().unwrap_or(1).max(2) as f32;
    tops.iter()
        .rev()
        .map(|&(i, center, count)| {
            let (_, stroke) = layer.style.colors_for(&layer.features[i]);
            let density = 0.35 + 0.65 * (count as f32).ln() / busiest.ln();
            Mark::Symbol {
                center,
                symbol: layer.style.symbol,
                radius: layer.style.point_radius,
                fill: stroke.faded(layer.opacity * density),
            }
        })
        .collect()
}

/// A bubble sized by the log of its count, in the layer's colour, with the exact count.
fn cell_marks(
    center: [f32; 2],
    count: u64,
    feature: &crate::model::Feature,
    layer: &Layer,
) -> [Mark; 2] {
    let radius = (6.0 + 3.2 * (count.max(1) as f32).log10()).min(22.0);
    // Counts from a sample (while the exact ones are on their way) say so.
    let approximate = feature.properties.get("approximate") == Some(&serde_json::Value::Bool(true));
    let number = crate::model::format_number(count as f64);
    let text = if approximate {
        format!("≈{number}")
    } else {
        number
    };
    [
        Mark::Circle {
            center,
            radius,
            fill: Some(layer.style.stroke.with_alpha(150).faded(layer.opacity)),
            outline: Some(Line::solid(CLUSTER_FILL, CLUSTER_RIM_WIDTH)),
        },
        Mark::Text {
            center,
            text,
            px: LABEL_PX - 2.0,
            color: CLUSTER_COUNT,
            halo: Some(LABEL_HALO),
        },
    ]
}

/// Thematic points after decluttering: single markers, displaced markers with leader lines,
/// and cluster bubbles with a ring split by layer colour.
pub fn decluttered_point_marks(
    layers: &[Layer],
    layout: &PointLayout,
    view: &ViewTransform,
) -> Vec<Mark> {
    let mut marks = Vec::new();
    for placed in &layout.placed {
        match placed {
            PlacedPoint::Single(item) | PlacedPoint::Displaced { item, .. } => {
                let layer = &layers[item.layer];
                let truth = item.screen;
                marks.extend(uncertainty_ring(
                    layer,
                    item.feature,
                    view,
                    item.mercator,
                    truth,
                ));
                let at = placed.position();
                if at != truth {
                    marks.push(Mark::Path {
                        points: vec![truth, at],
                        line: Line::solid(LEADER, LEADER_WIDTH),
                    });
                    marks.push(Mark::Circle {
                        center: truth,
                        radius: TRUE_SPOT_RADIUS,
                        fill: Some(TRUE_SPOT),
                        outline: None,
                    });
                }
                marks.push(Mark::Symbol {
                    center: at,
                    symbol: layer.style.symbol,
                    radius: layer.style.point_radius,
                    fill: layer.style.stroke.faded(layer.opacity),
                });
            }
            PlacedPoint::Cluster {
                members,
                at,
                radius,
                ..
            } => {
                marks.push(Mark::Circle {
                    center: *at,
                    radius: *radius,
                    fill: Some(CLUSTER_FILL),
                    outline: Some(Line::solid(CLUSTER_RIM, CLUSTER_RIM_WIDTH)),
                });
                for (layer, arc) in placed.layer_arcs(radius - CLUSTER_RING_INSET) {
                    marks.push(Mark::Path {
                        points: arc,
                        line: Line::solid(layers[layer].style.stroke, CLUSTER_RING_WIDTH),
                    });
                }
                marks.push(Mark::Text {
                    center: *at,
                    text: members.len().to_string(),
                    px: LABEL_PX,
                    color: CLUSTER_COUNT,
                    halo: None,
                });
            }
        }
    }
    marks
}

fn scale_bar_origin(viewport: [f32; 4]) -> [f32; 2] {
    [viewport[0] + 14.0, viewport[3] - 14.0]
}

/// The white box behind a scale bar `px` long.
fn scale_bar_backdrop(viewport: [f32; 4], px: f32) -> [f32; 4] {
    let [x, y] = scale_bar_origin(viewport);
    [x - 6.0, y - 24.0, x + px + 6.0, y + 6.0]
}

/// The most the scale bar covers: labels keep out of it.
pub fn scale_bar_footprint(viewport: [f32; 4]) -> [f32; 4] {
    scale_bar_backdrop(viewport, SCALE_BAR_MAX_PX)
}

/// A round-length bar in the bottom-left corner of the map, measured at the view's centre.
pub fn scale_bar_marks(view: &ViewTransform, viewport: [f32; 4]) -> Vec<Mark> {
    let center = [
        (viewport[0] + viewport[2]) / 2.0,
        (viewport[1] + viewport[3]) / 2.0,
    ];
    let (_, lat) = view.screen_to_lonlat(center);
    let (metres, px) = scale_bar(
        metres_per_pixel(lat, view.zoom()),
        f64::from(SCALE_BAR_MAX_PX),
    );
    let px = px as f32;
    let [x, y] = scale_bar_origin(viewport);
    let ink = Line::solid(SCALE_BAR_INK, 2.0);
    let label = format_distance(metres);
    let label_height = text_size(SCALE_BAR_LABEL_PX, &label)[1];
    vec![
        Mark::Panel {
            rect: scale_bar_backdrop(viewport, px),
            corner: 3.0,
            fill: SCALE_BAR_BACKDROP,
        },
        Mark::Path {
            points: vec![[x, y - 6.0], [x, y], [x + px, y], [x + px, y - 6.0]],
            line: ink,
        },
        Mark::Text {
            center: [x + px / 2.0, y - 8.0 - label_height / 2.0],
            text: label,
            px: SCALE_BAR_LABEL_PX,
            color: SCALE_BAR_INK,
            halo: None,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::embedded::{Vintage, default_layers};

    fn chongqing() -> (Vec<Layer>, Vec<PreparedLayer>, ViewTransform) {
        let layers = default_layers(Vintage::Current);
        let prepared = layers
            .iter()
            .map(|l| PreparedLayer::new(&l.features))
            .collect();
        let view = ViewTransform::fit_bbox(105.2, 28.1, 110.2, 32.3, 800, 600);
        (layers, prepared, view)
    }

    #[test]
    fn a_dense_point_layer_draws_one_symbol_per_cell_the_topmost() {
        use crate::model::{Feature, LayerKind, LayerSource, Style, palette_color};
        // 40,000 points on a 200 × 200 lattice 0.001° apart: about 0.4 px apart at zoom 9.
        let features: Vec<Feature> = (0..40_000)
            .map(|i| {
                let p = geo::Point::new(
                    106.4 + (i % 200) as f64 * 0.001,
                    29.5 + (i / 200) as f64 * 0.001,
                );
                Feature::new(p.into(), Default::default(), i)
            })
            .collect();
        let layer = Layer::new(
            "dense",
            "dense",
            LayerKind::User,
            LayerSource::Embedded("test"),
            features,
            Style::from_base(palette_color(0)),
        );
        let mut prepared = PreparedLayer::new(&layer.features);
        let view = ViewTransform::new(
            crate::geometry::lonlat_to_mercator(106.5, 29.6),
            9.0,
            [400.0, 300.0],
        );
        // A small layer (40,000 vertices) has its first band at once.
        let frame = prepared
            .shapes_for_frame(&layer.features, 9.0, view.visible_box(800.0, 600.0), || {})
            .unwrap();
        let shapes = frame.shapes;
        let visible: Vec<usize> = (0..layer.features.len()).collect();
        let marks = layer_point_marks(&layer, &shapes, &visible, &view);
        let centers: Vec<[f32; 2]> = marks
            .iter()
            .filter_map(|m| match m {
                Mark::Symbol { center, .. } => Some(*center),
                _ => None,
            })
            .collect();
        assert!(
            !centers.is_empty() && centers.len() < 2_000,
            "{} symbols",
            centers.len()
        );
        // One per cell of the symbol's diameter.
        let cell = 2.0 * layer.style.point_radius;
        let mut cells: Vec<(i32, i32)> = centers
            .iter()
            .map(|c| ((c[0] / cell).floor() as i32, (c[1] / cell).floor() as i32))
            .collect();
        let n = cells.len();
        cells.sort_unstable();
        cells.dedup();
        assert_eq!(cells.len(), n, "two symbols in one cell");
        // The last feature of the file is on top, so it is drawn.
        let last = view.to_screen(shapes[39_999].points[0]);
        assert!(centers.contains(&last));
    }

    #[test]
    fn labels_keep_clear_of_each_other_and_of_the_scale_bar() {
        let (layers, prepared, view) = chongqing();
        let viewport = [0.0, 0.0, 800.0, 600.0];
        let overlay = Overlay::build(&layers, &prepared, &view, viewport);
        let rects: Vec<[f32; 4]> = overlay
            .labels
            .iter()
            .filter_map(|m| match m {
                Mark::Text {
                    center, text, px, ..
                } => {
                    let [w, h] = text_size(*px, text);
                    Some([
                        center[0] - w / 2.0,
                        center[1] - h / 2.0,
                        center[0] + w / 2.0,
                        center[1] + h / 2.0,
                    ])
                }
                // The leader line from a district to its name set beside it.
                Mark::Path { .. } => None,
                other => panic!("a label that is not text or a leader: {other:?}"),
            })
            .collect();
        assert!(rects.len() > 10, "only {} labels", rects.len());
        let overlaps =
            |a: &[f32; 4], b: &[f32; 4]| a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        let bar = scale_bar_footprint(viewport);
        for (i, a) in rects.iter().enumerate() {
            assert!(!overlaps(a, &bar), "label {i} over the scale bar");
            for b in &rects[i + 1..] {
                assert!(!overlaps(a, b), "labels overlap: {a:?} {b:?}");
            }
        }
    }

    #[test]
    fn the_scale_bar_says_a_round_distance_over_a_bar_of_matching_length() {
        let (_, _, view) = chongqing();
        let marks = scale_bar_marks(&view, [0.0, 0.0, 800.0, 600.0]);
        let Some(Mark::Text { text, .. }) = marks.last() else {
            panic!("no scale bar label");
        };
        assert!(
            ["km", " m"].iter().any(|u| text.ends_with(u)),
            "label {text}"
        );
        let Some(Mark::Path { points, .. }) = marks.get(1) else {
            panic!("no bar");
        };
        let length = points[2][0] - points[1][0];
        assert!(
            length > 40.0 && length <= SCALE_BAR_MAX_PX,
            "bar {length} px"
        );
    }
}
