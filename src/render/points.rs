//! Decluttering point symbols: nearby points merge into a cluster bubble while zooming in
//! could still separate them, and points that share a spot (several facts pinned to one
//! district seat) are spread on a ring around it, as QGIS's point displacement renderer does.

use geo::Geometry;

use crate::geometry::{ViewTransform, lonlat_to_mercator};
use crate::model::Layer;
use crate::render::labels::LabelCandidate;

/// Layers whose points are decluttered: the thematic ones and the airports, where a few dozen
/// facts crowd the city core. Users' point layers are drawn as they are.
pub fn is_decluttered(layer: &Layer) -> bool {
    layer.kind.is_bundled_facts()
}

/// The points of the visible decluttered layers inside `viewport` (plus a margin), top layer
/// first so its points lead their groups.
pub fn point_items(layers: &[Layer], view: &ViewTransform, viewport: [f32; 4]) -> Vec<PointItem> {
    let margin = CLUSTER_RADIUS_PX * 2.0;
    let mut items = Vec::new();
    for (layer_index, layer) in layers.iter().enumerate().rev() {
        if !layer.visible || !is_decluttered(layer) {
            continue;
        }
        for (feature, f) in layer.features.iter().enumerate() {
            let coords: Vec<geo::Coord<f64>> = match &f.geometry {
                Geometry::Point(p) => vec![p.0],
                Geometry::MultiPoint(mp) => mp.iter().map(|p| p.0).collect(),
                _ => continue,
            };
            for c in coords {
                let mercator = lonlat_to_mercator(c.x, c.y);
                let screen = view.to_screen(mercator);
                let inside = screen[0] >= viewport[0] - margin
                    && screen[0] <= viewport[2] + margin
                    && screen[1] >= viewport[1] - margin
                    && screen[1] <= viewport[3] + margin;
                if inside {
                    items.push(PointItem {
                        layer: layer_index,
                        feature,
                        mercator,
                        screen,
                    });
                }
            }
        }
    }
    items
}

/// One point feature as it falls on screen this frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointItem {
    pub layer: usize,
    pub feature: usize,
    pub mercator: [f64; 2],
    pub screen: [f32; 2],
}

#[derive(Debug, Clone, PartialEq)]
pub enum PlacedPoint {
    /// Drawn where it is.
    Single(PointItem),
    /// Moved to `at` on a ring around its true position `item.screen` (a leader line joins them).
    Displaced { item: PointItem, at: [f32; 2] },
    /// Several points drawn as one bubble; clicking zooms to `bounds` (Mercator x0, y0, x1, y1).
    Cluster {
        members: Vec<PointItem>,
        at: [f32; 2],
        radius: f32,
        bounds: [f64; 4],
    },
}

impl PlacedPoint {
    pub fn position(&self) -> [f32; 2] {
        match self {
            PlacedPoint::Single(item) => item.screen,
            PlacedPoint::Displaced { at, .. } | PlacedPoint::Cluster { at, .. } => *at,
        }
    }

    /// The point feature this symbol stands for, `None` for a cluster.
    pub fn item(&self) -> Option<&PointItem> {
        match self {
            PlacedPoint::Single(item) | PlacedPoint::Displaced { item, .. } => Some(item),
            PlacedPoint::Cluster { .. } => None,
        }
    }

    /// The ring of a cluster bubble split into one arc per layer, sized by its share:
    /// `(layer, polyline)` pairs.
    pub fn layer_arcs(&self, ring_radius: f32) -> Vec<(usize, Vec<[f32; 2]>)> {
        let counts = self.layer_counts();
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        let at = self.position();
        let mut start = -std::f32::consts::FRAC_PI_2;
        counts
            .into_iter()
            .map(|(layer, n)| {
                let sweep = std::f32::consts::TAU * n as f32 / total as f32;
                let steps = ((sweep / 0.15).ceil() as usize).max(2);
                let arc = (0..=steps)
                    .map(|k| {
                        let a = start + sweep * k as f32 / steps as f32;
                        [at[0] + a.cos() * ring_radius, at[1] + a.sin() * ring_radius]
                    })
                    .collect();
                start += sweep;
                (layer, arc)
            })
            .collect()
    }

    /// Number of layers' points in a cluster, per layer index, in first-seen order.
    pub fn layer_counts(&self) -> Vec<(usize, usize)> {
        let mut counts: Vec<(usize, usize)> = Vec::new();
        let members: &[PointItem] = match self {
            PlacedPoint::Cluster { members, .. } => members,
            PlacedPoint::Single(item) | PlacedPoint::Displaced { item, .. } => {
                std::slice::from_ref(item)
            }
        };
        for m in members {
            match counts.iter_mut().find(|(l, _)| *l == m.layer) {
                Some((_, n)) => *n += 1,
                None => counts.push((m.layer, 1)),
            }
        }
        counts
    }
}

enum Look {
    Single,
    Cluster,
    /// Displaced on a ring of this radius.
    Ring(f32),
}

struct Group {
    members: Vec<PointItem>,
    at: [f32; 2],
    bounds: [f64; 4],
    look: Look,
    /// Radius of what is drawn, screen points.
    footprint: f32,
}

impl Group {
    fn new(members: Vec<PointItem>, zoom: f64, scale_at_max: f64, symbol_radius: f32) -> Self {
        let bounds = members.iter().fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |b, m| {
                [
                    b[0].min(m.mercator[0]),
                    b[1].min(m.mercator[1]),
                    b[2].max(m.mercator[0]),
                    b[3].max(m.mercator[1]),
                ]
            },
        );
        let n = members.len() as f32;
        let at = [
            members.iter().map(|m| m.screen[0]).sum::<f32>() / n,
            members.iter().map(|m| m.screen[1]).sum::<f32>() / n,
        ];
        let extent = (bounds[2] - bounds[0]).hypot(bounds[3] - bounds[1]);
        // Worth a bubble only if zooming in (up to MAX_CLUSTER_ZOOM) can pull it apart.
        let separable =
            zoom < MAX_CLUSTER_ZOOM && extent * scale_at_max >= CLUSTER_RADIUS_PX as f64;
        let (look, footprint) = if members.len() == 1 {
            (Look::Single, symbol_radius)
        } else if separable {
            (Look::Cluster, 11.0 + 3.0 * n.log2())
        } else {
            let ring =
                (n * (2.0 * symbol_radius + 5.0) / std::f32::consts::TAU).max(2.6 * symbol_radius);
            (Look::Ring(ring), ring + symbol_radius)
        };
        Self {
            members,
            at,
            bounds,
            look,
            footprint,
        }
    }
}

/// Two groups whose drawn footprints overlap, if any (a group of one never pushes a
/// group of one: those already passed the clustering radius test).
fn first_overlap(groups: &[Group]) -> Option<(usize, usize)> {
    for a in 0..groups.len() {
        for b in a + 1..groups.len() {
            let (ga, gb) = (&groups[a], &groups[b]);
            if matches!(ga.look, Look::Single) && matches!(gb.look, Look::Single) {
                continue;
            }
            let d = (ga.at[0] - gb.at[0]).hypot(ga.at[1] - gb.at[1]);
            if d < ga.footprint + gb.footprint + 2.0 {
                return Some((a, b));
            }
        }
    }
    None
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PointLayout {
    pub placed: Vec<PlacedPoint>,
}

/// Points closer than this on screen are grouped.
pub const CLUSTER_RADIUS_PX: f32 = 20.0;
/// Beyond this zoom points are never clustered, only displaced.
pub const MAX_CLUSTER_ZOOM: f64 = 15.0;

/// Groups `items` (most important first) for a view at `zoom` whose Mercator→pixel scale is
/// `scale`; `symbol_radius` sizes the displacement ring.
pub fn layout_points(
    items: &[PointItem],
    zoom: f64,
    scale: f64,
    symbol_radius: f32,
) -> PointLayout {
    let mut groups: Vec<(Vec<PointItem>, [f32; 2])> = Vec::new();
    let r2 = CLUSTER_RADIUS_PX * CLUSTER_RADIUS_PX;
    // Greedy leader clustering: fine for the hundreds of thematic points; O(points × groups).
    for item in items {
        let s = item.screen;
        match groups.iter_mut().find(|(_, c)| {
            let (dx, dy) = (c[0] - s[0], c[1] - s[1]);
            dx * dx + dy * dy <= r2
        }) {
            Some((members, _)) => members.push(*item),
            None => groups.push((vec![*item], s)),
        }
    }
    let scale_at_max = scale * 2f64.powf(MAX_CLUSTER_ZOOM - zoom);
    let mut groups: Vec<Group> = groups
        .into_iter()
        .map(|(members, _)| Group::new(members, zoom, scale_at_max, symbol_radius))
        .collect();
    // A displacement ring or bubble is wider than one marker: merge groups until no two
    // footprints touch, so rings never sit on bubbles.
    while let Some((a, b)) = first_overlap(&groups) {
        let absorbed = groups.swap_remove(b);
        let mut members = std::mem::take(&mut groups[a].members);
        members.extend(absorbed.members);
        groups[a] = Group::new(members, zoom, scale_at_max, symbol_radius);
    }
    let mut placed = Vec::with_capacity(groups.len());
    for group in groups {
        let Group {
            members,
            at,
            bounds,
            look,
            footprint,
        } = group;
        match look {
            Look::Single => placed.push(PlacedPoint::Single(members[0])),
            Look::Cluster => placed.push(PlacedPoint::Cluster {
                members,
                at,
                radius: footprint,
                bounds,
            }),
            Look::Ring(ring) => {
                let n = members.len() as f32;
                for (k, item) in members.into_iter().enumerate() {
                    let angle = std::f32::consts::TAU * k as f32 / n - std::f32::consts::FRAC_PI_2;
                    let at = [at[0] + ring * angle.cos(), at[1] + ring * angle.sin()];
                    placed.push(PlacedPoint::Displaced { item, at });
                }
            }
        }
    }
    PointLayout { placed }
}

impl PointLayout {
    /// The symbol under `pos`, the one drawn last (on top) first.
    pub fn hit(&self, pos: [f32; 2], symbol_radius: f32, tolerance: f32) -> Option<&PlacedPoint> {
        self.placed.iter().rev().find(|p| {
            let r = match p {
                PlacedPoint::Cluster { radius, .. } => *radius,
                _ => symbol_radius,
            } + tolerance;
            let [x, y] = p.position();
            (x - pos[0]).powi(2) + (y - pos[1]).powi(2) <= r * r
        })
    }

    /// Where the point `(layer, feature)` is drawn, when it is drawn on its own.
    pub fn drawn_at(&self, layer: usize, feature: usize) -> Option<[f32; 2]> {
        self.placed.iter().find_map(|p| {
            p.item()
                .filter(|i| i.layer == layer && i.feature == feature)
                .map(|_| p.position())
        })
    }

    /// Screen rectangles covered by symbols, so labels keep off them.
    pub fn blocked_rects(&self, symbol_radius: f32) -> Vec<[f32; 4]> {
        self.placed
            .iter()
            .map(|p| {
                let r = match p {
                    PlacedPoint::Cluster { radius, .. } => *radius,
                    _ => symbol_radius,
                };
                let [x, y] = p.position();
                [x - r, y - r, x + r, y + r]
            })
            .collect()
    }
}

/// Labels for the points drawn on their own (before district names from zoom 9). Give every
/// position of one label the same `feature` for [`place_labels`](super::labels::place_labels).
pub fn point_label_candidates(
    layers: &[Layer],
    layout: &PointLayout,
    zoom: f64,
    symbol_radius: f32,
    mut measure: impl FnMut(&str) -> [f32; 2],
) -> Vec<PointLabel> {
    let mut out = Vec::new();
    for p in &layout.placed {
        let Some(item) = p.item() else { continue };
        let feature = &layers[item.layer].features[item.feature];
        // A point's label is one name: the interface's language's, when the feature has it.
        let name = match crate::i18n::language() {
            crate::i18n::Language::Chinese => feature.name_zh().or(feature.name_en()),
            crate::i18n::Language::English => feature.name_en().or(feature.name_zh()),
        };
        let Some(name) = name else {
            continue;
        };
        let text = short_label(name);
        let size = measure(&text);
        let [x, y] = p.position();
        let dx = symbol_radius + 4.0 + size[0] / 2.0;
        let dy = symbol_radius + 2.0 + size[1] / 2.0;
        let positions = [[x + dx, y], [x - dx, y], [x, y + dy], [x, y - dy]];
        out.push(PointLabel {
            text,
            layer: item.layer,
            positions: positions
                .map(|center| LabelCandidate {
                    center,
                    size,
                    priority: if zoom >= POINT_LABELS_FIRST_ZOOM {
                        POINT_LABEL_PRIORITY
                    } else {
                        -1.0
                    },
                    feature: item.feature,
                })
                .to_vec(),
        });
    }
    out
}

/// A point's label: its text, the point's layer and where it may go, best first (right of the
/// marker, then left, below, above).
pub struct PointLabel {
    pub text: String,
    pub layer: usize,
    pub positions: Vec<LabelCandidate>,
}

/// A name cut before its qualifiers ("CATL Changan power battery base, Yibin (Sichuan)" →
/// "CATL Changan power battery base, Yibin"), so map labels stay short; cards show the full name.
pub fn short_label(name: &str) -> String {
    // In order of preference: a title before a colon, then before a parenthesis or a quote.
    let cut = [':', '：', '(', '（', '“', '"']
        .iter()
        .filter_map(|c| name.find(*c))
        .find(|&i| name[..i].trim().chars().count() >= 6);
    match cut {
        Some(i) => name[..i].trim().to_string(),
        None => name.to_string(),
    }
}

/// Above any area-ranked label (district and polygon priorities are areas in km²).
const POINT_LABEL_PRIORITY: f64 = 1e9;
/// Below this zoom district names (the reader's bearings) are placed first and point labels
/// fill the gaps; from it on, the points' names win.
const POINT_LABELS_FIRST_ZOOM: f64 = 9.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn item(feature: usize, merc: [f64; 2], scale: f64) -> PointItem {
        PointItem {
            layer: 0,
            feature,
            mercator: merc,
            screen: [(merc[0] * scale) as f32, (merc[1] * scale) as f32],
        }
    }

    #[test]
    fn far_points_stay_single_and_near_ones_cluster_until_zoomed_in() {
        // 1 px per Mercator unit at zoom 10: points 5 units apart overlap, 100 apart do not.
        let items = [
            item(0, [0.0, 0.0], 1.0),
            item(1, [5.0, 0.0], 1.0),
            item(2, [100.0, 0.0], 1.0),
        ];
        let layout = layout_points(&items, 10.0, 1.0, 6.0);
        assert_eq!(layout.placed.len(), 2);
        match &layout.placed[0] {
            PlacedPoint::Cluster { members, at, .. } => {
                assert_eq!(members.len(), 2);
                assert_eq!(*at, [2.5, 0.0]);
            }
            other => panic!("expected a cluster, got {other:?}"),
        }
        assert!(matches!(layout.placed[1], PlacedPoint::Single(i) if i.feature == 2));
        // Three zoom levels further the pair is 40 px apart: separate symbols.
        let zoomed: Vec<_> = items
            .iter()
            .map(|i| item(i.feature, i.mercator, 8.0))
            .collect();
        let layout = layout_points(&zoomed, 13.0, 8.0, 6.0);
        assert_eq!(layout.placed.len(), 3);
        assert!(
            layout
                .placed
                .iter()
                .all(|p| matches!(p, PlacedPoint::Single(_)))
        );
    }

    #[test]
    fn labels_drop_qualifiers_but_keep_short_names_whole() {
        assert_eq!(
            short_label("CATL Changan power battery base, Yibin (Sichuan)"),
            "CATL Changan power battery base, Yibin"
        );
        assert_eq!(
            short_label("Liangping: “Integrated Planning, Construction, and Governance”"),
            "Liangping"
        );
        assert_eq!(
            short_label("Liangjiang “low-altitude +” scenarios (smart city, logistics)"),
            "Liangjiang “low-altitude +” scenarios"
        );
        assert_eq!(short_label("Guoyuan Port"), "Guoyuan Port");
        assert_eq!(short_label("重庆江北国际机场"), "重庆江北国际机场");
    }

    #[test]
    fn a_ring_that_would_cover_a_neighbour_becomes_one_cluster() {
        // Four points on one spot plus one 25 px away: the ring (radius ~16 px) would cover it.
        let mut items: Vec<_> = (0..4).map(|f| item(f, [50.0, 50.0], 1.0)).collect();
        items.push(item(4, [75.0, 50.0], 1.0));
        let layout = layout_points(&items, 8.0, 1.0, 6.0);
        assert_eq!(layout.placed.len(), 1, "{layout:?}");
        assert!(
            matches!(&layout.placed[0], PlacedPoint::Cluster { members, .. } if members.len() == 5)
        );
    }

    #[test]
    fn points_on_one_spot_are_displaced_on_a_ring_and_each_can_be_hit() {
        let items: Vec<_> = (0..4).map(|f| item(f, [50.0, 50.0], 1.0)).collect();
        let layout = layout_points(&items, 8.0, 1.0, 6.0);
        assert_eq!(layout.placed.len(), 4);
        let mut seen = Vec::new();
        for p in &layout.placed {
            let PlacedPoint::Displaced { item, at } = p else {
                panic!("expected displacement, got {p:?}");
            };
            let d = (at[0] - 50.0).hypot(at[1] - 50.0);
            assert!(d > 12.0, "ring radius {d}");
            let hit = layout
                .hit(*at, 6.0, 0.0)
                .and_then(PlacedPoint::item)
                .unwrap();
            assert_eq!(hit.feature, item.feature);
            seen.push(item.feature);
        }
        seen.sort();
        assert_eq!(seen, [0, 1, 2, 3]);
        assert!(layout.hit([50.0, 50.0], 6.0, 0.0).is_none());
    }
}
