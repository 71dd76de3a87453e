//! What the user picked on the map: the selected feature (the inspector's), the one under the
//! pointer, and the features chosen together in one layer (a rectangle, a lasso, Ctrl-clicks)
//! that the statistics, the table's "selected only", export and "new layer" work on.

use std::collections::BTreeSet;

use crate::model::{Feature, LayerId};

/// One feature of one layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub layer: LayerId,
    pub feature: usize,
}

/// Features chosen together, all in one layer (indices into its features as shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenSet {
    pub layer: LayerId,
    pub features: BTreeSet<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Picks {
    pub selection: Option<Selection>,
    pub hover: Option<Selection>,
    /// The features chosen by shape or Ctrl-click; `None` when none are.
    pub chosen: Option<ChosenSet>,
}

impl Picks {
    /// Drops the selection and hover if they point into `layer` (replaced or removed).
    pub fn forget_layer(&mut self, layer: &LayerId) {
        for pick in [&mut self.selection, &mut self.hover] {
            if pick.as_ref().is_some_and(|p| &p.layer == layer) {
                *pick = None;
            }
        }
        if self.chosen.as_ref().is_some_and(|c| &c.layer == layer) {
            self.chosen = None;
        }
    }

    /// The chosen features of `layer`, if the choice is in it.
    pub fn chosen_in(&self, layer: &LayerId) -> Option<&BTreeSet<usize>> {
        (self.chosen.as_ref())
            .filter(|c| &c.layer == layer)
            .map(|c| &c.features)
    }

    /// Chooses `features` of `layer`: added to the choice (`add`, same layer) or instead of it.
    pub fn choose(
        &mut self,
        layer: &LayerId,
        features: impl IntoIterator<Item = usize>,
        add: bool,
    ) {
        match self.chosen.as_mut() {
            Some(chosen) if add && &chosen.layer == layer => chosen.features.extend(features),
            _ => {
                self.chosen = Some(ChosenSet {
                    layer: layer.clone(),
                    features: features.into_iter().collect(),
                });
            }
        }
        if self.chosen.as_ref().is_some_and(|c| c.features.is_empty()) {
            self.chosen = None;
        }
    }

    /// Ctrl-click: adds the feature to the choice, or takes it out if it was in.
    pub fn toggle_chosen(&mut self, pick: &Selection) {
        match self.chosen.as_mut() {
            Some(chosen) if chosen.layer == pick.layer => {
                if !chosen.features.remove(&pick.feature) {
                    chosen.features.insert(pick.feature);
                }
                if chosen.features.is_empty() {
                    self.chosen = None;
                }
            }
            _ => self.choose(&pick.layer, [pick.feature], false),
        }
    }

    /// The layer's features were replaced (a filter, the time range, a new view of a table):
    /// every pick follows its feature by its index in the file, or goes.
    pub fn follow(&mut self, layer: &LayerId, old: &[Feature], new: &[Feature]) {
        let mut index: Option<std::collections::HashMap<usize, usize>> = None;
        let mut moved = |at: usize| {
            let source = old.get(at)?.source_index;
            let index = index.get_or_insert_with(|| {
                (new.iter().enumerate())
                    .map(|(i, f)| (f.source_index, i))
                    .collect()
            });
            index.get(&source).copied()
        };
        for pick in [&mut self.selection, &mut self.hover] {
            if let Some(p) = pick.as_mut().filter(|p| &p.layer == layer) {
                match moved(p.feature) {
                    Some(i) => p.feature = i,
                    None => *pick = None,
                }
            }
        }
        if let Some(chosen) = self.chosen.as_mut().filter(|c| &c.layer == layer) {
            chosen.features = chosen.features.iter().filter_map(|&f| moved(f)).collect();
            if chosen.features.is_empty() {
                self.chosen = None;
            }
        }
    }

    /// The selected feature's index if it is in `layer`.
    pub fn selected_in(&self, layer: &LayerId) -> Option<usize> {
        self.selection
            .as_ref()
            .filter(|s| &s.layer == layer)
            .map(|s| s.feature)
    }
}
