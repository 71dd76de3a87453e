//! Whether a file read as WGS84 is really in one of China's shifted systems (GCJ-02, as Amap
//! and Tencent publish, or Baidu's BD-09), which put it 300–600 m off with nothing in the file
//! to say so. Two telltales: its name says so (`…_gcj02`, 高德, amap, 百度…), or its lines
//! run beside the bundled district boundaries, a few hundred metres off, and fall onto them
//! once converted.

use geo::CoordsIter;
use rstar::RTree;

use crate::io::crs::{Crs, to_wgs84};
use crate::model::Feature;

/// What gave the system away.
#[derive(Debug, Clone, PartialEq)]
pub enum Telltale {
    /// A word of the file's or layer's name.
    Name(String),
    /// The median distance of its vertices to the district boundaries, as read and converted.
    Offset { as_read_m: f64, converted_m: f64 },
}

const GCJ_WORDS: &[&str] = &[
    "gcj", "高德", "amap", "gaode", "火星", "autonavi", "tencent",
];
const BD_WORDS: &[&str] = &["bd09", "bd-09", "百度", "baidu"];

/// The shifted system a name points to, with the word that says so.
pub fn by_name(name: &str) -> Option<(Crs, Telltale)> {
    let lower = name.to_lowercase();
    let found = |words: &[&str]| {
        words
            .iter()
            .find(|w| lower.contains(**w))
            .map(|w| w.to_string())
    };
    // BD-09 first: a Baidu file name may also say "gcj" (BD-09 is GCJ-02 shifted again).
    if let Some(word) = found(BD_WORDS) {
        return Some((Crs::Bd09, Telltale::Name(word)));
    }
    found(GCJ_WORDS).map(|word| (Crs::Gcj02, Telltale::Name(word)))
}

/// Most vertices looked at: enough for a median, cheap on a big file.
const SAMPLE: usize = 2000;

/// The district boundaries' vertices, indexed once.
struct Boundaries {
    tree: RTree<[f64; 2]>,
    min: [f64; 2],
    max: [f64; 2],
}

impl Boundaries {
    fn of(features: &[Feature]) -> Option<Self> {
        let points: Vec<[f64; 2]> = features
            .iter()
            .flat_map(|f| f.geometry.coords_iter())
            .map(|c| [c.x, c.y])
            .collect();
        let (min, max) = extent(&points)?;
        Some(Self {
            tree: RTree::bulk_load(points),
            min,
            max,
        })
    }
}

/// Whether a file's layer read as WGS84 looks like it is in a shifted system, by its name
/// (file or layer) or by its lines against the bundled districts. Runs on the load worker.
pub fn suspect_shifted(name: &str, features: &[Feature]) -> Option<(Crs, Telltale)> {
    static DISTRICTS: std::sync::OnceLock<Option<Boundaries>> = std::sync::OnceLock::new();
    by_name(name).or_else(|| {
        let districts = DISTRICTS.get_or_init(|| {
            let layer = crate::io::embedded::district_layer(crate::io::embedded::Vintage::Current);
            Boundaries::of(&layer.features)
        });
        offset_against(features, districts.as_ref()?)
    })
}

/// Whether the lines and polygons of `features` run a GCJ-02 offset away from the
/// `boundaries` (the bundled districts, WGS84) and onto them once converted.
pub fn by_offset(features: &[Feature], boundaries: &[Feature]) -> Option<(Crs, Telltale)> {
    offset_against(features, &Boundaries::of(boundaries)?)
}

fn offset_against(features: &[Feature], boundaries: &Boundaries) -> Option<(Crs, Telltale)> {
    let (min, max, tree) = (boundaries.min, boundaries.max, &boundaries.tree);
    let inside =
        |c: &geo::Coord<f64>| (min[0]..=max[0]).contains(&c.x) && (min[1]..=max[1]).contains(&c.y);
    let vertices: Vec<geo::Coord<f64>> = features
        .iter()
        .filter(|f| {
            !matches!(
                f.geometry,
                geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_)
            )
        })
        .flat_map(|f| f.geometry.coords_iter())
        .filter(inside)
        .collect();
    if vertices.len() < 50 {
        return None;
    }
    let step = (vertices.len() / SAMPLE).max(1);
    let sample: Vec<geo::Coord<f64>> = vertices.into_iter().step_by(step).collect();
    let as_read_m = median_distance_m(tree, sample.iter().map(|c| (c.x, c.y)))?;
    let converted = sample.iter().map(|c| to_wgs84(Crs::Gcj02, c.x, c.y));
    let converted_m = median_distance_m(tree, converted)?;
    // Off by what GCJ-02 shifts (hundreds of metres), on the line once converted.
    (as_read_m > 150.0 && converted_m < as_read_m / 4.0).then_some((
        Crs::Gcj02,
        Telltale::Offset {
            as_read_m,
            converted_m,
        },
    ))
}

fn extent(points: &[[f64; 2]]) -> Option<([f64; 2], [f64; 2])> {
    let first = *points.first()?;
    Some(points.iter().fold((first, first), |(lo, hi), p| {
        (
            [lo[0].min(p[0]), lo[1].min(p[1])],
            [hi[0].max(p[0]), hi[1].max(p[1])],
        )
    }))
}

/// The median distance (metres, near enough at this scale) from each point to the nearest
/// boundary vertex.
fn median_distance_m(
    tree: &RTree<[f64; 2]>,
    points: impl Iterator<Item = (f64, f64)>,
) -> Option<f64> {
    let mut distances: Vec<f64> = points
        .filter_map(|(x, y)| {
            let nearest = tree.nearest_neighbor(&[x, y])?;
            let dx = (nearest[0] - x) * 111_320.0 * y.to_radians().cos();
            let dy = (nearest[1] - y) * 110_540.0;
            Some(dx.hypot(dy))
        })
        .collect();
    if distances.is_empty() {
        return None;
    }
    distances.sort_unstable_by(f64::total_cmp);
    Some(distances[distances.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::crs::wgs84_to_gcj02;
    use crate::io::embedded::{Vintage, district_layer};

    #[test]
    fn names_that_say_gcj_or_baidu() {
        assert_eq!(by_name("roads_gcj02.shp").map(|t| t.0), Some(Crs::Gcj02));
        assert_eq!(by_name("高德POI.csv").map(|t| t.0), Some(Crs::Gcj02));
        assert_eq!(
            by_name("baidu_gcj_mix.geojson").map(|t| t.0),
            Some(Crs::Bd09)
        );
        assert_eq!(by_name("districts.shp"), None);
    }

    #[test]
    fn boundaries_shifted_to_gcj02_are_caught_and_true_ones_are_not() {
        let districts = district_layer(Vintage::Current);
        let mut shifted: Vec<Feature> = districts.features.iter().cloned().collect();
        for f in &mut shifted {
            use geo::MapCoordsInPlace;
            f.geometry.map_coords_in_place(|c| {
                let (x, y) = wgs84_to_gcj02(c.x, c.y);
                geo::coord! { x: x, y: y }
            });
        }
        let (crs, telltale) = by_offset(&shifted, &districts.features).expect("caught");
        assert_eq!(crs, Crs::Gcj02);
        let Telltale::Offset {
            as_read_m,
            converted_m,
        } = telltale
        else {
            panic!()
        };
        assert!(
            as_read_m > 200.0 && converted_m < 5.0,
            "{as_read_m} → {converted_m}"
        );
        assert_eq!(by_offset(&districts.features, &districts.features), None);
    }
}
