//! What the pointer is on: the topmost feature or cluster under it (decluttered symbols
//! first, then each visible layer from the top), and the tooltip it earns.

use egui::Pos2;

use crate::geometry::{ViewTransform, hit::hit_test_where};
use crate::i18n::{tr_text, trf};
use crate::model::Layer;
use crate::render::PreparedLayer;
use crate::render::mark_style::THEMATIC_RADIUS;
use crate::render::points::{PlacedPoint, PointLayout, is_decluttered};
use crate::ui::picks::Selection;

/// Hit tolerance around points and lines, screen points.
const HIT_TOLERANCE_PX: f64 = 7.0;

/// What the pointer identifies: the features of a cluster, or the hovered feature's name.
pub(super) fn tooltip(
    layers: &[Layer],
    layout: &PointLayout,
    pointer: Option<Pos2>,
    hovered: Option<&Pick>,
) -> Option<String> {
    if let Some(Pick::Cluster(_)) = hovered
        && let Some(PlacedPoint::Cluster { members, .. }) =
            pointer.and_then(|p| layout.hit([p.x, p.y], THEMATIC_RADIUS, 2.0))
    {
        let mut text = trf(
            "{n} features here · click to zoom in",
            &[("n", &members.len())],
        );
        for m in members.iter().take(8) {
            text.push_str(&format!(
                "\n• {}",
                layers[m.layer].features[m.feature].display_name()
            ));
        }
        if members.len() > 8 {
            text.push_str(&trf("\n… and {n} more", &[("n", &(members.len() - 8))]));
        }
        return Some(text);
    }
    let h = hovered.and_then(Pick::selection)?;
    let feature = layers
        .iter()
        .find(|l| l.id == h.layer)
        .and_then(|l| l.features.get(h.feature))?;
    Some(match feature.str_property("level") {
        Some(level) => format!("{}\n{}", feature.display_name(), tr_text(level)),
        None => feature.display_name(),
    })
}

/// What a click lands on.
pub(super) enum Pick {
    Feature(Selection),
    /// A cluster bubble: zoom to these Mercator bounds.
    Cluster([f64; 4]),
    Nothing,
}

impl Pick {
    /// The feature picked, if it is one.
    pub(super) fn selection(&self) -> Option<Selection> {
        match self {
            Pick::Feature(s) => Some(s.clone()),
            _ => None,
        }
    }
}

/// The topmost feature under `pos` (upper layers first).
pub(super) fn pick(
    layers: &[Layer],
    prepared: &[PreparedLayer],
    points: &PointLayout,
    view: &ViewTransform,
    pos: Pos2,
) -> Pick {
    // Decluttered symbols are drawn above every layer, and away from their true spot.
    match points.hit([pos.x, pos.y], THEMATIC_RADIUS, 2.0) {
        Some(PlacedPoint::Cluster { bounds, .. }) => return Pick::Cluster(*bounds),
        Some(placed) => {
            if let Some(item) = placed.item() {
                return Pick::Feature(Selection {
                    layer: layers[item.layer].id.clone(),
                    feature: item.feature,
                });
            }
        }
        None => {}
    }
    let (lon, lat) = view.screen_to_lonlat([pos.x, pos.y]);
    let tolerance = HIT_TOLERANCE_PX / view.scale;
    layers
        .iter()
        .zip(prepared)
        .rev()
        .filter(|(l, _)| l.visible)
        .find_map(|(layer, prep)| {
            let declutter = is_decluttered(layer);
            // Points of decluttered layers were answered by the symbol layout above.
            let accept = |f: &crate::model::Feature| {
                !declutter
                    || !matches!(
                        f.geometry,
                        geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_)
                    )
            };
            hit_test_where(&layer.features, &prep.index, lon, lat, tolerance, accept).map(
                |feature| Selection {
                    layer: layer.id.clone(),
                    feature,
                },
            )
        })
        .map_or(Pick::Nothing, Pick::Feature)
}
