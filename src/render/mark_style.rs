//! The look of map marks, in one place: the window and the PNG renderer both read these, so
//! what one draws the other draws the same.

use crate::geometry::projection::{mercator_to_lonlat, metres_to_mercator};
use crate::model::{LocationPrecision, Rgba};

/// Land colour behind everything when no basemap is drawn.
pub const PAPER: Rgba = Rgba::rgb(242, 239, 233);

/// Map labels: size in pixels (points in the window), colour of district names, and the
/// light halo that keeps any label legible over any background.
pub const LABEL_PX: f32 = 13.0;
pub const DISTRICT_LABEL: Rgba = Rgba::rgb(60, 45, 30);
pub const LABEL_HALO: Rgba = Rgba([255, 255, 255, 210]);
/// The one-pixel offsets the halo is drawn at, under the text.
pub const HALO_OFFSETS: [[f32; 2]; 4] = [[-1.0, 0.0], [1.0, 0.0], [0.0, -1.0], [0.0, 1.0]];

/// Outline width for a layer with `visible` features in a view of `view_area` square pixels:
/// its style's width, thinned to one pixel where the features are dense (under ~48 px across
/// each, on average). At country scale 1.5-px outlines of 2,875 counties covered most of the
/// land; QGIS draws about a pixel (0.26 mm) by default.
pub fn outline_width(style_width: f32, visible: usize, view_area: f32) -> f32 {
    const DENSE_AREA_PER_FEATURE: f32 = 48.0 * 48.0;
    if visible as f32 * DENSE_AREA_PER_FEATURE > view_area {
        style_width.min(1.0)
    } else {
        style_width
    }
}

/// Marker radius of thematic points (their layers' style).
pub const THEMATIC_RADIUS: f32 = 6.0;
/// The white rim around every point marker, so it reads on any background.
pub const SYMBOL_RIM: Rgba = Rgba::rgb(255, 255, 255);
pub const SYMBOL_RIM_WIDTH: f32 = 1.5;

/// Outline width of an approximate point's (dashed) uncertainty ring.
pub const UNCERTAINTY_OUTLINE_WIDTH: f32 = 1.2;
/// Dash and gap of the uncertainty ring, pixels, for a ring of `radius` px: 5 and 4 on small
/// rings, longer on big ones so no ring has more than about a hundred dashes.
pub fn uncertainty_dash(radius: f32) -> [f32; 2] {
    let period = (std::f32::consts::TAU * radius / 96.0).max(9.0);
    [period * 5.0 / 9.0, period * 4.0 / 9.0]
}

/// Displaced points: the leader line from the true spot and the dot that marks it.
pub const LEADER: Rgba = Rgba::rgb(70, 70, 70);
pub const LEADER_WIDTH: f32 = 1.0;
pub const TRUE_SPOT: Rgba = Rgba::rgb(50, 50, 50);
pub const TRUE_SPOT_RADIUS: f32 = 2.0;

/// Cluster bubbles: white disc, grey rim, a ring split by layer colour, the count inside.
pub const CLUSTER_FILL: Rgba = Rgba([255, 255, 255, 235]);
pub const CLUSTER_RIM: Rgba = Rgba::rgb(90, 90, 90);
pub const CLUSTER_RIM_WIDTH: f32 = 1.0;
pub const CLUSTER_RING_WIDTH: f32 = 4.5;
/// How far inside the bubble's edge the layer ring runs.
pub const CLUSTER_RING_INSET: f32 = 2.5;
pub const CLUSTER_COUNT: Rgba = Rgba::rgb(30, 30, 30);

/// The scale bar: ink, its backdrop, its longest length and its label size.
pub const SCALE_BAR_INK: Rgba = Rgba::rgb(40, 40, 40);
pub const SCALE_BAR_BACKDROP: Rgba = Rgba([255, 255, 255, 190]);
pub const SCALE_BAR_MAX_PX: f32 = 120.0;
pub const SCALE_BAR_LABEL_PX: f32 = 12.0;

/// A layer colour dark enough for text on a light map.
pub fn text_shade(c: Rgba) -> Rgba {
    let [r, g, b, _] = c.0;
    let d = |v: u8| (v as f32 * 0.6) as u8;
    Rgba::rgb(d(r), d(g), d(b))
}

/// Screen radius of an approximate point's uncertainty halo.
pub fn halo_radius_px(view_scale: f64, merc: [f64; 2], uncertainty_km: f64) -> f32 {
    let (_, lat) = mercator_to_lonlat(merc);
    (metres_to_mercator(uncertainty_km * 1000.0, lat) * view_scale) as f32
}

/// Radius of the ring that marks an approximate point: sized to the stated uncertainty, or a
/// fixed ring where only "district seat" is known. `None` for exact points.
pub fn approximate_ring_px(
    precision: LocationPrecision,
    view_scale: f64,
    merc: [f64; 2],
    point_radius: f32,
) -> Option<f32> {
    match precision {
        LocationPrecision::Exact => None,
        LocationPrecision::Approximate { uncertainty_km } => {
            let halo = uncertainty_km.map_or(0.0, |km| halo_radius_px(view_scale, merc, km));
            Some(halo.max(point_radius * 2.2))
        }
    }
}

/// Fill and outline of an uncertainty ring of radius `r` px for a layer colour. Big rings
/// (a district-wide guess seen from close up) lose their fill so they do not wash the map.
pub fn halo_colors(base: Rgba, opacity: f32, r: f32) -> (Rgba, Rgba) {
    let fill_alpha = (28.0 * ((160.0 - r) / 100.0).clamp(0.0, 1.0)).round() as u8;
    (
        base.with_alpha(fill_alpha).faded(opacity),
        base.with_alpha(150).faded(opacity),
    )
}

#[cfg(test)]
mod outline_tests {
    use super::outline_width;

    #[test]
    fn outlines_thin_where_features_crowd_the_view() {
        let full_hd = 1920.0 * 1080.0;
        assert_eq!(outline_width(1.5, 2875, full_hd), 1.0, "China's counties");
        assert_eq!(
            outline_width(1.2, 38, full_hd),
            1.2,
            "Chongqing's districts"
        );
        assert_eq!(outline_width(0.5, 2875, full_hd), 0.5, "never thicker");
    }
}
