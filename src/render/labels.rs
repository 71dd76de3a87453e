//! Greedy label placement: most important first, skip anything that would overlap.

use super::{PreparedLayer, label_text};
use crate::geometry::ViewTransform;
use crate::model::{Layer, LayerKind};

#[derive(Debug, Clone, PartialEq)]
pub struct LabelCandidate {
    /// Centre of the label on screen.
    pub center: [f32; 2],
    pub size: [f32; 2],
    /// Larger is placed first.
    pub priority: f64,
    pub feature: usize,
}

impl LabelCandidate {
    fn rect(&self, pad: f32) -> [f32; 4] {
        [
            self.center[0] - self.size[0] / 2.0 - pad,
            self.center[1] - self.size[1] / 2.0 - pad,
            self.center[0] + self.size[0] / 2.0 + pad,
            self.center[1] + self.size[1] / 2.0 + pad,
        ]
    }
}

fn overlaps(a: [f32; 4], b: [f32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Keeps the labels that fit inside `viewport` (x0, y0, x1, y1) without overlapping a label
/// of higher priority or a `blocked` rectangle. Candidates sharing a `feature` are alternative
/// positions for one label, tried in the order given: the first that fits is kept.
pub fn place_labels(
    mut candidates: Vec<LabelCandidate>,
    viewport: [f32; 4],
    blocked: &[[f32; 4]],
) -> Vec<LabelCandidate> {
    candidates.sort_by(|a, b| b.priority.total_cmp(&a.priority));
    let mut placed: Vec<LabelCandidate> = Vec::new();
    let mut taken: Vec<[f32; 4]> = blocked.to_vec();
    for candidate in candidates {
        let r = candidate.rect(3.0);
        let inside = r[0] >= viewport[0]
            && r[1] >= viewport[1]
            && r[2] <= viewport[2]
            && r[3] <= viewport[3];
        let already = placed.iter().any(|p| p.feature == candidate.feature);
        if inside && !already && !taken.iter().any(|t| overlaps(*t, r)) {
            taken.push(r);
            placed.push(candidate);
        }
    }
    placed
}

/// Label candidates for a layer's visible features, biggest areas first.
pub fn label_candidates(
    layer: &Layer,
    prepared: &PreparedLayer,
    view: &ViewTransform,
    mut measure: impl FnMut(&str) -> [f32; 2],
) -> Vec<(LabelCandidate, String)> {
    let labels = prepared.labels(&layer.features);
    layer
        .features
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let anchor = labels.anchors[i]?;
            let text = label_text(f);
            if text.is_empty() {
                return None;
            }
            let size = measure(&text);
            let priority = labels.areas_km2[i]
                + if layer.kind == LayerKind::Districts {
                    0.0
                } else {
                    1e6
                };
            Some((
                LabelCandidate {
                    center: view.to_screen(anchor),
                    size,
                    priority,
                    feature: i,
                },
                text,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f32, priority: f64, feature: usize) -> LabelCandidate {
        LabelCandidate {
            center: [x, 50.0],
            size: [40.0, 20.0],
            priority,
            feature,
        }
    }

    #[test]
    fn higher_priority_wins_an_overlap_and_distant_labels_all_stay() {
        let placed = place_labels(
            vec![c(50.0, 1.0, 0), c(60.0, 5.0, 1), c(200.0, 0.5, 2)],
            [0.0, 0.0, 400.0, 100.0],
            &[],
        );
        let kept: Vec<usize> = placed.iter().map(|p| p.feature).collect();
        assert_eq!(kept, vec![1, 2]);
    }

    #[test]
    fn the_first_alternative_position_that_fits_is_kept_once() {
        let placed = place_labels(
            vec![c(380.0, 1.0, 7), c(300.0, 1.0, 7), c(200.0, 1.0, 7)],
            [0.0, 0.0, 400.0, 100.0],
            &[],
        );
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].center[0], 300.0);
    }

    #[test]
    fn labels_outside_the_viewport_are_dropped() {
        assert!(place_labels(vec![c(-30.0, 1.0, 0)], [0.0, 0.0, 400.0, 100.0], &[]).is_empty());
    }
}
