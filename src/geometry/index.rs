//! R-tree over feature bounding boxes in Mercator units, for culling and hit-testing.

use geo::BoundingRect;
use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Rectangle};

use super::lonlat_to_mercator;
use crate::model::Feature;

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

#[derive(Debug, Default)]
pub struct SpatialIndex {
    tree: RTree<Entry>,
}

impl SpatialIndex {
    pub fn build(features: &[Feature]) -> Self {
        // A box needs every vertex: on millions of them, worth every core.
        let boxes = crate::parallel::par_map(features, 256, |f| f.geometry.bounding_rect());
        let entries = (boxes.into_iter().enumerate())
            .filter_map(|(i, rect)| {
                let rect = rect?;
                let a = lonlat_to_mercator(rect.min().x, rect.max().y);
                let b = lonlat_to_mercator(rect.max().x, rect.min().y);
                Some(GeomWithData::new(Rectangle::from_corners(a, b), i))
            })
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
        }
    }

    /// Indices of features whose boxes intersect the Mercator box.
    pub fn query(&self, min: [f64; 2], max: [f64; 2]) -> Vec<usize> {
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_corners(min, max))
            .map(|e| e.data)
            .collect()
    }

    /// Mercator box around everything indexed, `None` when empty.
    pub fn bounds(&self) -> Option<[f64; 4]> {
        if self.is_empty() {
            return None;
        }
        let e = self.tree.root().envelope();
        Some([e.lower()[0], e.lower()[1], e.upper()[0], e.upper()[1]])
    }

    pub fn len(&self) -> usize {
        self.tree.size()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }
}
