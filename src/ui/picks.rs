//! What the user picked on the map: the selected feature and the one under the pointer.

use crate::model::LayerId;

/// One feature of one layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub layer: LayerId,
    pub feature: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Picks {
    pub selection: Option<Selection>,
    pub hover: Option<Selection>,
}

impl Picks {
    /// Drops the selection and hover if they point into `layer` (replaced or removed).
    pub fn forget_layer(&mut self, layer: &LayerId) {
        for pick in [&mut self.selection, &mut self.hover] {
            if pick.as_ref().is_some_and(|p| &p.layer == layer) {
                *pick = None;
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
