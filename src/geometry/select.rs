//! Selecting by shape: the features of a layer that a drawn rectangle or lasso touches, as
//! QGIS's "select features by rectangle / freehand" does (intersecting, not only inside).

use geo::{Coord, Intersects, LineString, Polygon};

use super::{SpatialIndex, lonlat_to_mercator};
use crate::model::Feature;

/// The indices (ascending) of the features of `features` that the closed lon/lat `ring`
/// touches. The R-tree finds the candidates; the exact test runs on every core.
pub fn features_touching(
    features: &[Feature],
    index: &SpatialIndex,
    ring: &[(f64, f64)],
) -> Vec<usize> {
    if ring.len() < 3 {
        return Vec::new();
    }
    let shape = Polygon::new(
        LineString::from(
            ring.iter()
                .map(|&(x, y)| Coord { x, y })
                .collect::<Vec<_>>(),
        ),
        Vec::new(),
    );
    let corners = ring.iter().map(|&(lon, lat)| lonlat_to_mercator(lon, lat));
    let (mut min, mut max) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for [x, y] in corners {
        min = [min[0].min(x), min[1].min(y)];
        max = [max[0].max(x), max[1].max(y)];
    }
    let mut candidates = index.query(min, max);
    candidates.sort_unstable();
    let touching = crate::parallel::par_map(&candidates, 2048, |&i| {
        features
            .get(i)
            .is_some_and(|f| f.geometry.intersects(&shape))
    });
    (candidates.into_iter().zip(touching))
        .filter_map(|(i, hit)| hit.then_some(i))
        .collect()
}

/// A lon/lat box as a closed ring (west, south, east, north).
pub fn box_ring([w, s, e, n]: [f64; 4]) -> Vec<(f64, f64)> {
    vec![(w, s), (e, s), (e, n), (w, n), (w, s)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Map;

    fn point(lon: f64, lat: f64, i: usize) -> Feature {
        Feature::new(geo::Point::new(lon, lat).into(), Map::new(), i)
    }

    #[test]
    fn a_box_and_a_lasso_select_what_they_touch() {
        let mut features: Vec<Feature> = (0..10)
            .flat_map(|i| (0..10).map(move |j| (i, j)))
            .map(|(i, j)| point(106.0 + f64::from(i) * 0.1, 29.0 + f64::from(j) * 0.1, 0))
            .collect();
        // A line crossing the box without a vertex inside it is touched too.
        features.push(Feature::new(
            geo::Line::new((105.0, 29.25), (108.0, 29.25)).into(),
            Map::new(),
            0,
        ));
        let index = SpatialIndex::build(&features);
        let chosen =
            features_touching(&features, &index, &box_ring([106.05, 29.05, 106.35, 29.35]));
        // Columns i = 1..=3, rows j = 1..=3, and the line.
        assert_eq!(chosen.len(), 10, "{chosen:?}");
        assert!(chosen.contains(&100));
        // A triangle (lasso) keeps half the lattice's diagonal corner out.
        let lasso = vec![
            (105.95, 28.95),
            (107.0, 28.95),
            (105.95, 30.0),
            (105.95, 28.95),
        ];
        let inside = features_touching(&features, &index, &lasso);
        let expected = (0..10)
            .flat_map(|i| (0..10).map(move |j| (i, j)))
            .filter(|(i, j)| {
                let (x, y) = (106.0 + f64::from(*i) * 0.1, 29.0 + f64::from(*j) * 0.1);
                (x - 105.95) + (y - 28.95) <= 1.05 + 1e-9
            })
            .count();
        assert_eq!(
            inside.len(),
            expected + 1,
            "the lattice's lower half and the line"
        );
    }
}
