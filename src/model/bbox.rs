//! Boxes around features.

use geo::Rect;

/// The box the map opens on and `Home` returns to: Chongqing, west, south, east, north.
pub const CHONGQING_BBOX: [f64; 4] = [105.2, 28.1, 110.2, 32.3];

/// The box covering all `rects`; `None` when there are none.
pub fn union_rects(rects: impl IntoIterator<Item = Rect<f64>>) -> Option<Rect<f64>> {
    rects.into_iter().reduce(|a, b| {
        Rect::new(
            geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
            geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
        )
    })
}
