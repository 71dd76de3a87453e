//! The marks a layer's style adds over its geometry, for the window and the PNG alike:
//! proportional circles (area ∝ value; largest drawn first so small ones stay on top) and
//! labels from a field (placed greedily, a label that would overlap one already placed is
//! left out, as QGIS's labelling engine leaves it out).

use geo::Geometry;

use super::mark::{Line, Mark};
use crate::geometry::ViewTransform;
use crate::geometry::measure::label_point;
use crate::model::{Feature, Layer, Rgba};

/// Labels are not placed for more features than this in view: at that density none could
/// be read; zoom in and they come.
const MOST_LABELLED: usize = 4_000;
/// Circles are drawn for at most this many features in view.
const MOST_CIRCLES: usize = 50_000;

/// Where a feature's circle or label goes: the point itself, or a point inside the polygon
/// (or on the line), in screen coordinates.
fn anchor(feature: &Feature, view: &ViewTransform) -> Option<[f32; 2]> {
    let point = match &feature.geometry {
        Geometry::Point(p) => *p,
        other => label_point(other)?,
    };
    Some(view.to_screen(crate::geometry::lonlat_to_mercator(point.x(), point.y())))
}

/// The proportional circles and field labels of `layer` for its `visible` features.
pub fn styled_marks(layer: &Layer, visible: &[usize], view: &ViewTransform) -> Vec<Mark> {
    let mut marks = Vec::new();
    if let Some(sizes) = &layer.style.proportional {
        let mut circles: Vec<([f32; 2], f32, usize)> = (visible.iter().take(MOST_CIRCLES))
            .filter_map(|&i| {
                let feature = layer.features.get(i)?;
                Some((anchor(feature, view)?, sizes.radius_of(feature)?, i))
            })
            .collect();
        circles.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (center, radius, i) in circles {
            let (_, stroke) = layer.style.colors_for(&layer.features[i]);
            marks.push(Mark::Circle {
                center,
                radius,
                fill: Some(stroke.with_alpha(150).faded(layer.opacity)),
                outline: Some(Line {
                    color: Rgba::rgb(255, 255, 255).faded(layer.opacity),
                    width: 1.0,
                    dashed: false,
                }),
            });
        }
    }
    if let Some(labels) = &layer.style.labels
        && visible.len() <= MOST_LABELLED
    {
        marks.extend(field_labels(layer, labels, visible, view));
    }
    marks
}

fn field_labels(
    layer: &Layer,
    labels: &crate::model::FieldLabels,
    visible: &[usize],
    view: &ViewTransform,
) -> Vec<Mark> {
    let mut placed: Vec<[f32; 4]> = Vec::new();
    let mut marks = Vec::new();
    let px = labels.size.clamp(6.0, 48.0);
    for &i in visible {
        let Some(feature) = layer.features.get(i) else {
            continue;
        };
        let Some(text) = feature
            .properties
            .get(&labels.property)
            .and_then(label_text)
        else {
            continue;
        };
        let Some(center) = anchor(feature, view) else {
            continue;
        };
        let [w, h] = super::text::text_size(px, &text);
        let rect = [
            center[0] - w / 2.0 - 2.0,
            center[1] - h / 2.0 - 1.0,
            center[0] + w / 2.0 + 2.0,
            center[1] + h / 2.0 + 1.0,
        ];
        let overlaps =
            |r: &[f32; 4]| r[0] < rect[2] && rect[0] < r[2] && r[1] < rect[3] && rect[1] < r[3];
        if placed.iter().any(overlaps) {
            continue;
        }
        placed.push(rect);
        marks.push(Mark::Text {
            center,
            text,
            px,
            color: labels.color.faded(layer.opacity.max(0.5)),
            halo: labels.halo.then_some(Rgba([255, 255, 255, 220])),
        });
    }
    marks
}

/// A property value as a label: text as it is, numbers as people write them.
fn label_text(value: &serde_json::Value) -> Option<String> {
    let text = match value {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) => crate::model::number_text(n.as_f64()?),
        serde_json::Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldLabels, LayerKind, LayerSource, Proportional, Style};
    use serde_json::json;

    fn layer() -> Layer {
        let features = [
            (106.0, 29.0, 100.0),
            (106.5, 29.5, 25.0),
            (107.0, 30.0, 0.0),
        ]
        .iter()
        .enumerate()
        .map(|(i, &(x, y, n))| {
            let serde_json::Value::Object(p) = json!({"n": n, "name": format!("P{i}")}) else {
                unreachable!()
            };
            Feature::new(geo::Point::new(x, y).into(), p, i)
        })
        .collect::<Vec<_>>();
        let mut style = Style::from_base(Rgba::rgb(200, 0, 0));
        style.proportional = Proportional::over(&features, "n");
        style.labels = Some(FieldLabels::new("name"));
        Layer::new(
            "t",
            "t",
            LayerKind::User,
            LayerSource::Derived("t".into()),
            features,
            style,
        )
    }

    #[test]
    fn circles_by_value_largest_first_and_a_label_each() {
        let layer = layer();
        let view = ViewTransform::new(
            crate::geometry::lonlat_to_mercator(106.5, 29.5),
            8.0,
            [400.0, 300.0],
        );
        let marks = styled_marks(&layer, &[0, 1, 2], &view);
        let radii: Vec<f32> = (marks.iter())
            .filter_map(|m| match m {
                Mark::Circle { radius, .. } => Some(*radius),
                _ => None,
            })
            .collect();
        assert_eq!(
            radii,
            vec![24.0, 12.0],
            "no circle for zero; area follows the value"
        );
        let texts: Vec<&str> = (marks.iter())
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, vec!["P0", "P1", "P2"]);
    }
}
