//! The layers in drawing order (bottom first), each with its prepared geometry. Every change
//! of the stack goes through here, so a layer and its prepared geometry never fall out of
//! step.

use super::PreparedLayer;
use crate::model::{Layer, LayerId};

/// Which way a layer moves in the drawing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Drawn later: on top of its neighbour.
    Up,
    Down,
}

/// A layer and its geometry prepared for drawing.
pub struct StackEntry<'a> {
    pub layer: &'a Layer,
    pub prepared: &'a PreparedLayer,
}

/// Layers with their prepared geometry, index `i` of one matching index `i` of the other.
#[derive(Debug, Default)]
pub struct LayerStack {
    layers: Vec<Layer>,
    prepared: Vec<PreparedLayer>,
}

impl LayerStack {
    /// The layers with their geometry prepared (index and label anchors; zoom bands on use).
    pub fn new(layers: Vec<Layer>) -> Self {
        let prepared = layers
            .iter()
            .map(|l| PreparedLayer::new(&l.features))
            .collect();
        Self { layers, prepared }
    }

    pub fn len(&self) -> usize {
        self.layers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    pub fn prepared(&self) -> &[PreparedLayer] {
        &self.prepared
    }

    /// The layers to read and their prepared geometry to extend (painting prepares zoom
    /// bands on first use).
    pub fn split_mut(&mut self) -> (&[Layer], &mut [PreparedLayer]) {
        (&self.layers, &mut self.prepared)
    }

    pub fn entry(&self, index: usize) -> Option<StackEntry<'_>> {
        Some(StackEntry {
            layer: self.layers.get(index)?,
            prepared: self.prepared.get(index)?,
        })
    }

    pub fn get(&self, index: usize) -> Option<&Layer> {
        self.layers.get(index)
    }

    /// A layer to restyle or show/hide. Its features stay as they are: new features come with
    /// new prepared geometry through [`replace`](Self::replace).
    pub fn get_mut(&mut self, index: usize) -> Option<&mut Layer> {
        self.layers.get_mut(index)
    }

    /// Every layer, to restyle or show/hide (see [`get_mut`](Self::get_mut)).
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (usize, &mut Layer)> {
        self.layers.iter_mut().enumerate()
    }

    pub fn position(&self, id: &LayerId) -> Option<usize> {
        self.layers.iter().position(|l| &l.id == id)
    }

    pub fn by_id(&self, id: &str) -> Option<&Layer> {
        self.layers.iter().find(|l| l.id.0 == id)
    }

    /// Adds a layer on top of the others.
    pub fn push(&mut self, layer: Layer, prepared: PreparedLayer) {
        self.layers.push(layer);
        self.prepared.push(prepared);
    }

    /// Puts a layer in place of the one at `index`; returns the old one.
    pub fn replace(&mut self, index: usize, layer: Layer, prepared: PreparedLayer) -> Layer {
        self.swap(index, layer, prepared).0
    }

    /// Puts a layer in place of the one at `index`; returns the old one with its geometry (for
    /// a caller that frees a big one elsewhere than in the frame).
    pub fn swap(
        &mut self,
        index: usize,
        layer: Layer,
        prepared: PreparedLayer,
    ) -> (Layer, PreparedLayer) {
        let old_prepared = std::mem::replace(&mut self.prepared[index], prepared);
        (
            std::mem::replace(&mut self.layers[index], layer),
            old_prepared,
        )
    }

    /// Takes a layer out with its prepared geometry, to put back with [`Self::insert`].
    pub fn take(&mut self, index: usize) -> Option<(Layer, PreparedLayer)> {
        if index >= self.layers.len() {
            return None;
        }
        Some((self.layers.remove(index), self.prepared.remove(index)))
    }

    /// Puts a layer at `index` in the drawing order (the end if past it).
    pub fn insert(&mut self, index: usize, layer: Layer, prepared: PreparedLayer) {
        let index = index.min(self.layers.len());
        self.layers.insert(index, layer);
        self.prepared.insert(index, prepared);
    }

    pub fn remove(&mut self, index: usize) -> Option<Layer> {
        if index >= self.layers.len() {
            return None;
        }
        self.prepared.remove(index);
        Some(self.layers.remove(index))
    }

    /// Puts the layers in the drawing order `order` gives (bottom first); layers it does not
    /// name keep their order among themselves, above those it names.
    pub fn reorder(&mut self, order: &[LayerId]) {
        let rank = |layer: &Layer| order.iter().position(|id| *id == layer.id);
        let mut entries: Vec<(Layer, PreparedLayer)> = std::mem::take(&mut self.layers)
            .into_iter()
            .zip(std::mem::take(&mut self.prepared))
            .collect();
        // Stable: unnamed layers (rank None, sorted last) keep their order.
        entries.sort_by_key(|(layer, _)| rank(layer).map_or((1, 0), |r| (0, r)));
        (self.layers, self.prepared) = entries.into_iter().unzip();
    }

    /// Moves a layer one step in the drawing order; false when it is already at that end.
    pub fn move_layer(&mut self, index: usize, direction: Direction) -> bool {
        let other = match direction {
            Direction::Up => index + 1,
            Direction::Down => index.wrapping_sub(1),
        };
        if index < self.layers.len() && other < self.layers.len() {
            self.layers.swap(index, other);
            self.prepared.swap(index, other);
            true
        } else {
            false
        }
    }

    /// Whether some layer's geometry for another zoom band is still being prepared.
    pub fn is_preparing(&self) -> bool {
        self.prepared.iter().any(PreparedLayer::is_preparing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feature, LayerKind, LayerSource, Style};

    fn layer(name: &str, points: usize) -> Layer {
        let features: Vec<Feature> = (0..points)
            .map(|i| {
                let at = geo::Point::new(106.0 + i as f64 * 0.1, 29.5);
                Feature::new(geo::Geometry::Point(at), Default::default(), i)
            })
            .collect();
        Layer::new(
            name,
            name,
            LayerKind::User,
            LayerSource::Embedded("test"),
            features,
            Style::from_base(crate::model::palette_color(0)),
        )
    }

    #[test]
    fn moving_replacing_and_removing_keep_each_layer_with_its_geometry() {
        let mut stack = LayerStack::new(vec![layer("a", 1), layer("b", 2), layer("c", 3)]);
        let names = |s: &LayerStack| {
            s.layers()
                .iter()
                .map(|l| l.id.0.clone())
                .collect::<Vec<_>>()
        };
        let in_step = |s: &LayerStack| {
            s.layers()
                .iter()
                .zip(s.prepared())
                .all(|(l, p)| l.features.len() == p.index.len())
        };
        assert!(stack.move_layer(0, Direction::Up));
        assert!(!stack.move_layer(2, Direction::Up));
        assert!(!stack.move_layer(0, Direction::Down));
        assert_eq!(names(&stack), ["b", "a", "c"]);
        assert!(in_step(&stack));
        let d = layer("d", 5);
        let prepared = PreparedLayer::new(&d.features);
        assert_eq!(stack.replace(1, d, prepared).id.0, "a");
        assert_eq!(names(&stack), ["b", "d", "c"]);
        assert!(in_step(&stack));
        assert_eq!(stack.remove(0).map(|l| l.id.0), Some("b".to_string()));
        assert!(stack.remove(5).is_none());
        assert_eq!(names(&stack), ["d", "c"]);
        assert!(in_step(&stack));
    }
}
