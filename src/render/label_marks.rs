//! The names on the map as marks: district names and point names placed without overlaps,
//! and at city scale every district named, beside it with a leader line where it has no room.

use super::PreparedLayer;
use super::labels::{LabelCandidate, label_candidates, place_labels};
use super::mark::{Line, Mark};
use super::mark_style::{
    DISTRICT_LABEL, LABEL_HALO, LABEL_PX, LEADER_WIDTH, THEMATIC_RADIUS, text_shade,
};
use super::points::PointLayout;
use super::text::text_size;
use crate::geometry::ViewTransform;
use crate::model::{Layer, LayerKind};

/// District names and point names placed without overlaps, clear of `keep_out` rectangles
/// (symbols, the scale bar).
pub fn label_marks(
    layers: &[Layer],
    prepared: &[PreparedLayer],
    layout: &PointLayout,
    view: &ViewTransform,
    viewport: [f32; 4],
    keep_out: &[[f32; 4]],
) -> Vec<Mark> {
    let measure = |t: &str| text_size(LABEL_PX, t);
    let mut texts = Vec::new();
    let mut anchors: Vec<Option<[f32; 2]>> = Vec::new();
    let mut candidates = Vec::new();
    // At the scale of the whole municipality every district is named: district names go
    // before point names, and a name with no room on its district is set beside it with a
    // leader line (the small districts of the main city, under its cluster).
    let city_wide = view.zoom() < CITY_WIDE_ZOOM;
    for (layer, prep) in layers.iter().zip(prepared) {
        if !layer.visible || layer.kind != LayerKind::Districts {
            continue;
        }
        for (candidate, text) in label_candidates(layer, prep, view, measure) {
            texts.push((text, DISTRICT_LABEL));
            anchors.push(city_wide.then_some(candidate.center));
            let feature = texts.len() - 1;
            let priority = candidate.priority + if city_wide { 2e6 } else { 0.0 };
            let primary = LabelCandidate {
                feature,
                priority,
                ..candidate
            };
            if city_wide {
                candidates.extend(callout_positions(&primary));
            } else {
                candidates.push(primary);
            }
        }
    }
    let point_labels = super::points::point_label_candidates(
        layers,
        layout,
        view.zoom(),
        THEMATIC_RADIUS,
        measure,
    );
    for label in point_labels {
        texts.push((label.text, text_shade(layers[label.layer].style.stroke)));
        candidates.extend(label.positions.into_iter().map(|c| LabelCandidate {
            feature: texts.len() - 1,
            ..c
        }));
    }
    let placed = place_labels(candidates, viewport, keep_out);
    // Every leader line first: the names' halos then cover any line that crosses a name.
    let leaders = placed.iter().filter_map(|label| {
        let anchor = (*anchors.get(label.feature)?)?;
        leader_line(anchor, label)
    });
    let mut marks: Vec<Mark> = leaders.collect();
    marks.extend(placed.iter().map(|label| {
        let (text, color) = &texts[label.feature];
        Mark::Text {
            center: label.center,
            text: text.clone(),
            px: LABEL_PX,
            color: *color,
            halo: Some(LABEL_HALO),
        }
    }));
    marks
}

/// Below this zoom the map shows the whole municipality: every district gets its name.
const CITY_WIDE_ZOOM: f64 = 9.5;

/// The label on its anchor, then in twelve directions at growing distances: tried in that
/// order, the first that fits is kept.
fn callout_positions(primary: &LabelCandidate) -> Vec<LabelCandidate> {
    let mut positions = vec![primary.clone()];
    let [x, y] = primary.center;
    for distance in [30.0_f32, 48.0, 68.0, 90.0, 115.0, 140.0] {
        for step in 0..12 {
            let angle = std::f32::consts::PI / 6.0 * step as f32 - std::f32::consts::FRAC_PI_2;
            positions.push(LabelCandidate {
                center: [x + distance * angle.cos() * 1.4, y + distance * angle.sin()],
                ..primary.clone()
            });
        }
    }
    positions
}

/// A thin line from a district to its name set beside it; none when the name is on it or
/// just beside it.
fn leader_line(anchor: [f32; 2], label: &LabelCandidate) -> Option<Mark> {
    let [cx, cy] = label.center;
    let (dx, dy) = (cx - anchor[0], cy - anchor[1]);
    if dx.abs() <= label.size[0] / 2.0 && dy.abs() <= label.size[1] / 2.0 {
        return None;
    }
    // From the anchor to the near edge of the label's box.
    let scale =
        (label.size[0] / 2.0 / dx.abs().max(1e-3)).min(label.size[1] / 2.0 / dy.abs().max(1e-3));
    let end = [cx - dx * scale, cy - dy * scale];
    // A name just beside its spot reads as its own without a line.
    if (end[0] - anchor[0]).hypot(end[1] - anchor[1]) < 12.0 {
        return None;
    }
    Some(Mark::Path {
        points: vec![anchor, end],
        line: Line::solid(DISTRICT_LABEL, LEADER_WIDTH),
    })
}
