//! GeoJSON as other tools write it (fixtures made by tools/build_geojson_variant_fixtures.py):
//! each variant opens with the count GDAL reports, Yuzhong's Chinese name decoded, and its
//! position within a metre of the WGS84 source, projected ones included.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

mod scratch;

use std::path::{Path, PathBuf};

use chongqing_atlas::io::{Progress, ReadOptions, ReadOutcome, read_file};
use chongqing_atlas::model::Feature;
use geo::Geometry;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/geojson_variants")
        .join(name)
}

fn read(name: &str) -> (&'static str, Vec<ReadOutcome>) {
    read_file(
        &fixture(name),
        &ReadOptions::default(),
        &Progress::default(),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn yuzhong(features: &[Feature]) -> &Feature {
    features
        .iter()
        .find(|f| f.str_property("name_zh").or(f.str_property("NAME_ZH")) == Some("渝中区"))
        .expect("Yuzhong 渝中区 decoded")
}

fn point(f: &Feature) -> (f64, f64) {
    match f.geometry {
        Geometry::Point(p) => (p.x(), p.y()),
        ref g => panic!("not a point: {g:?}"),
    }
}

/// Metres between two lon/lat positions (equirectangular: fine at a metre's scale).
fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let dx = (a.0 - b.0) * 111_320.0 * a.1.to_radians().cos();
    let dy = (a.1 - b.1) * 110_574.0;
    dx.hypot(dy)
}

/// Yuzhong as the source writes it, in WGS84.
fn source_yuzhong() -> (f64, f64) {
    let (_, layers) = read("districts_bom.geojson");
    point(yuzhong(&layers[0].features))
}

#[test]
fn a_byte_order_mark_utf16_and_gbk_all_open_with_their_encoding_named() {
    for (file, encoding, warned) in [
        (
            "districts_bom.geojson",
            "UTF-8 (with byte-order mark)",
            false,
        ),
        ("districts_utf16.geojson", "UTF-16LE", true),
        ("districts_gbk.geojson", "GBK/GB18030", true),
    ] {
        let (format, layers) = read(file);
        assert_eq!(format, "GeoJSON", "{file}");
        let layer = &layers[0];
        assert_eq!(layer.features.len(), 37, "{file}");
        assert_eq!(layer.encoding, encoding, "{file}");
        assert_eq!(
            metres(point(yuzhong(&layer.features)), source_yuzhong()),
            0.0
        );
        let said = layer.warnings.iter().any(|w| w.message.contains(encoding));
        assert_eq!(said, warned, "{file}: {:?}", layer.warnings);
    }
}

#[test]
fn geojson_sequences_open_with_either_separator() {
    for file in ["districts.geojsonl", "districts.geojsons"] {
        let (format, layers) = read(file);
        assert_eq!(format, "GeoJSONSeq", "{file}");
        assert_eq!(layers[0].features.len(), 37, "{file}");
        assert!(
            layers[0].warnings.is_empty(),
            "{file}: {:?}",
            layers[0].warnings
        );
        yuzhong(&layers[0].features);
    }
    // Detected by content, whatever the name.
    let text = std::fs::read(fixture("districts.geojsonl")).unwrap();
    let renamed = scratch::scratch("seq.json");
    std::fs::write(&renamed, text).unwrap();
    let (format, layers) =
        read_file(&renamed, &ReadOptions::default(), &Progress::default()).unwrap();
    assert_eq!((format, layers[0].features.len()), ("GeoJSONSeq", 37));
}

#[test]
fn a_bad_record_in_a_sequence_is_skipped_at_its_line() {
    let text = std::fs::read_to_string(fixture("districts.geojsonl")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[4] = r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1e999, 2]}}"#;
    let path = scratch::scratch("bad-seq.geojsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let (_, layers) = read_file(&path, &ReadOptions::default(), &Progress::default()).unwrap();
    assert_eq!(layers[0].features.len(), 36);
    assert_eq!(layers[0].warnings.len(), 1);
    assert_eq!(
        layers[0].warnings[0].line,
        Some(5),
        "{:?}",
        layers[0].warnings
    );
}

#[test]
fn features_without_geometry_are_kept_as_rows() {
    let (_, layers) = read("with_null_geometry.geojson");
    let layer = &layers[0];
    assert_eq!(layer.features.len(), 40);
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
    let rows: Vec<&Feature> = layer
        .features
        .iter()
        .filter(|f| !f.has_location())
        .collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|f| f.bounding_rect().is_none()));
    assert_eq!(rows[0].str_property("name_zh"), Some("统计行0"));
}

#[test]
fn the_legacy_crs_member_is_reprojected_to_within_a_metre_of_proj() {
    for (file, crs) in [
        ("districts_epsg3857.geojson", "EPSG:3857 (Web Mercator)"),
        (
            "districts_epsg4545.geojson",
            "EPSG:4545 (CGCS2000 / 3-degree Gauss-Kruger CM 108E)",
        ),
    ] {
        let (_, layers) = read(file);
        let layer = &layers[0];
        assert_eq!(layer.features.len(), 37, "{file}");
        assert_eq!(layer.source_crs.to_string(), crs, "{file}");
        let off = metres(point(yuzhong(&layer.features)), source_yuzhong());
        assert!(off < 1.0, "{file}: Yuzhong {off:.3} m from the source");
    }
}

#[test]
fn gzip_and_zip_open_as_the_file_inside() {
    for file in ["districts.geojson.gz", "districts_geojson.zip"] {
        let (format, layers) = read(file);
        assert_eq!(format, "GeoJSON", "{file}");
        assert_eq!(layers.len(), 1, "{file}");
        assert_eq!(layers[0].features.len(), 37, "{file}");
        yuzhong(&layers[0].features);
    }
}

#[test]
fn a_compression_bomb_is_refused() {
    use std::io::Write;
    // 1.1 GiB of spaces after a valid start: a few MB compressed.
    let path = scratch::scratch("bomb.geojson.gz");
    let file = std::fs::File::create(&path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    gz.write_all(br#"{"type": "FeatureCollection", "features": ["#)
        .unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..1100 {
        gz.write_all(&spaces).unwrap();
    }
    gz.finish().unwrap();
    let err = read_file(&path, &ReadOptions::default(), &Progress::default()).expect_err("refused");
    assert!(err.to_string().contains("refused"), "{err}");
}

#[test]
fn topojson_objects_become_layers_with_shared_borders_decoded_alike() {
    let (format, layers) = read("chongqing.topojson");
    assert_eq!(format, "TopoJSON");
    let names: Vec<Option<&str>> = layers.iter().map(|l| l.layer_name.as_deref()).collect();
    assert_eq!(names, [Some("districts"), Some("sites")]);
    let districts = &layers[0];
    assert_eq!(districts.features.len(), 37);
    assert!(districts.warnings.is_empty(), "{:?}", districts.warnings);
    assert_eq!(layers[1].features.len(), 5);
    let yz = yuzhong(&districts.features);
    let vertices = |f: &Feature| {
        use geo::CoordsIter;
        f.geometry
            .coords_iter()
            .map(|c| (c.x.to_bits(), c.y.to_bits()))
            .collect::<std::collections::HashSet<_>>()
    };
    let own = vertices(yz);
    let shared = districts
        .features
        .iter()
        .filter(|f| !std::ptr::eq(*f, yz))
        .map(|f| vertices(f).intersection(&own).count())
        .sum::<usize>();
    assert!(
        shared >= 2,
        "Yuzhong shares {shared} vertices with its neighbours"
    );
    // Within the quantisation step (~5 m) of the source.
    let r = yz.bounding_rect().unwrap();
    assert!(
        (106.4..106.65).contains(&r.min().x) && (29.5..29.6).contains(&r.min().y),
        "{r:?}"
    );
}

#[test]
fn esri_json_rings_points_and_aliases_follow_the_esri_rules() {
    let (format, layers) = read("arcgis_query.json");
    assert_eq!(format, "Esri JSON");
    let layer = &layers[0];
    assert_eq!(layer.features.len(), 39);
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
    assert_eq!(layer.source_crs.to_string(), "EPSG:3857 (Web Mercator)");
    let off = metres(point(yuzhong(&layer.features)), source_yuzhong());
    assert!(off < 1.0, "Yuzhong {off:.3} m from the source");
    let holed = layer
        .features
        .iter()
        .find(|f| f.str_property("NAME_ZH") == Some("带洞多边形"))
        .unwrap();
    match &holed.geometry {
        Geometry::Polygon(p) => {
            assert_eq!(
                p.interiors().len(),
                1,
                "the counter-clockwise ring is a hole"
            );
            let r = p.exterior().0[0];
            assert!(
                (r.x - 106.4).abs() < 1e-6 || (r.x - 106.8).abs() < 1e-6,
                "{r:?}"
            );
        }
        g => panic!("expected one polygon with a hole, got {g:?}"),
    }
    assert_eq!(
        layer.features.iter().filter(|f| !f.has_location()).count(),
        1
    );
    assert_eq!(
        layer.field_aliases.get("NAME_ZH").map(String::as_str),
        Some("名称")
    );
}

#[test]
fn inspect_json_reports_every_variant_in_the_formats_shape() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chongqing-atlas"))
        .args(["inspect", "--json"])
        .arg(fixture("with_null_geometry.geojson"))
        .arg(fixture("chongqing.topojson"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let rows = &files[0]["layers"][0];
    assert_eq!(files[0]["format"], "GeoJSON");
    assert_eq!(rows["features"], 40);
    assert_eq!(rows["without_geometry"], 3);
    assert_eq!(rows["skipped"], 0);
    assert_eq!(rows["geometry_types"]["Point"], 37);
    assert_eq!(rows["encoding"], "UTF-8");
    assert_eq!(rows["crs"], "WGS84");
    assert_eq!(rows["bbox"].as_array().unwrap().len(), 4);
    assert!(rows["first_properties"]["name_zh"].is_string());
    assert_eq!(rows["problems"].as_array().unwrap().len(), 0);
    let topo: Vec<&str> = files[1]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(topo, ["districts", "sites"]);
}

#[test]
fn a_sequence_whose_first_record_is_long_opens_under_any_name() {
    // The first record alone is longer than what detection looks at.
    let ring: Vec<String> = (0..400)
        .map(|i| {
            let a = i as f64 / 400.0 * std::f64::consts::TAU;
            format!(
                "[{:.6}, {:.6}]",
                106.5 + 0.1 * a.cos(),
                29.5 + 0.1 * a.sin()
            )
        })
        .collect();
    let first = format!(
        r#"{{"type": "Feature", "properties": {{"name_zh": "渝中区"}}, "geometry": {{"type": "Polygon", "coordinates": [[{}, {}]]}}}}"#,
        ring.join(", "),
        ring[0]
    );
    assert!(first.len() > 8192);
    let second = r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [106.5, 29.5]}}"#;
    for name in ["long.geojsonl", "long.json"] {
        let path = scratch::scratch(name);
        std::fs::write(&path, format!("{first}\n{second}\n")).unwrap();
        let (format, layers) = read_file(&path, &ReadOptions::default(), &Progress::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            format,
            if name.ends_with(".json") {
                "GeoJSON"
            } else {
                "GeoJSONSeq"
            }
        );
        assert_eq!(layers[0].features.len(), 2, "{name}");
        yuzhong(&layers[0].features);
    }
}

#[test]
fn a_polygon_with_a_hole_outside_its_shell_is_prepared_without_a_crash() {
    // Found by fuzzing the TopoJSON reader: earcut panicked on one decoded polygon.
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/earcut_panic.topojson");
    let (_, layers) = read_file(&path, &ReadOptions::default(), &Progress::default()).unwrap();
    for layer in layers {
        let mut prepared = chongqing_atlas::render::PreparedLayer::new(&layer.features);
        for zoom in [3.0, 9.0, 15.0] {
            let shapes = prepared.shapes(&layer.features, zoom);
            assert_eq!(shapes.len(), layer.features.len());
        }
    }
}
