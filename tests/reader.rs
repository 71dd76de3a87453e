//! Bad input gets a located, readable error; good features in a bad file still load.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

use chongqing_atlas::io::crs::Crs;
use chongqing_atlas::io::{Progress, ReadError, ReadOptions, read_geojson_str};

fn read(text: &str) -> Result<chongqing_atlas::io::ReadOutcome, ReadError> {
    read_geojson_str(text, &ReadOptions::default(), &Progress::default())
}

fn fc(features: &[&str]) -> String {
    format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}",
        features.join(",\n")
    )
}

const GOOD: &str = r#"{"type": "Feature", "properties": {"name": "a"}, "geometry": {"type": "Point", "coordinates": [106.5, 29.5]}}"#;

#[test]
fn malformed_json_in_a_feature_is_located_and_the_rest_loads() {
    let outcome = read(&fc(&[GOOD, r#"{"type": "Feature",, "properties": {}}"#])).unwrap();
    assert_eq!(outcome.features.len(), 1);
    let w = &outcome.warnings[0];
    assert_eq!((w.feature_index, w.line), (Some(1), Some(3)));
    assert!(w.message.contains("at line 3, column 20"), "{}", w.message);
}

#[test]
fn malformed_json_outside_features_reports_line_and_column() {
    let err = read("{\"type\": \"FeatureCollection\",\n\"name\": \"x\" \"y\",\n\"features\": []}")
        .unwrap_err();
    match err {
        ReadError::Syntax { line, column, .. } => assert_eq!((line, column), (2, 13)),
        other => panic!("{other:?}"),
    }
    // Truncated file: the features array never closes.
    let err = read(&format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [\n{GOOD},\n"
    ))
    .unwrap_err();
    assert!(
        matches!(
            err,
            ReadError::Syntax {
                format: "JSON",
                line: 3,
                ..
            }
        ),
        "{err:?}"
    );
}

fn single_problem(bad: &str) -> String {
    let outcome = read(&fc(&[GOOD, bad])).expect("a file with one good feature reads");
    let drawn = outcome.features.iter().filter(|f| f.has_location()).count();
    assert_eq!(
        drawn, 1,
        "the good feature still loads, and only it is drawn"
    );
    assert_eq!(outcome.warnings.len(), 1);
    let w = &outcome.warnings[0];
    assert_eq!((w.feature_index, w.line), (Some(1), Some(3)));
    w.message.clone()
}

#[test]
fn an_unclosed_ring_is_closed_as_gdal_does() {
    let outcome = read(&fc(&[
        GOOD,
        r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[106,29],[107,29],[107,30],[106,30]]]}}"#,
    ]))
    .unwrap();
    assert_eq!(
        outcome.features.len(),
        2,
        "GDAL closes such a ring, and so do we"
    );
    let geo::Geometry::Polygon(closed) = &outcome.features[1].geometry else {
        panic!("a polygon")
    };
    assert_eq!(closed.exterior().0.len(), 5);
}

#[test]
fn a_multipolygon_with_one_degenerate_part_keeps_the_others() {
    let outcome = read(&fc(&[
        GOOD,
        r#"{"type": "Feature", "properties": {"name": "Legacy"}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[106,29],[107,29],[107,30],[106,29]]], [[[108,29],[108.1,29],[108,29]]]]}}"#,
    ]))
    .unwrap();
    assert_eq!(outcome.features.len(), 2);
    let geo::Geometry::MultiPolygon(kept) = &outcome.features[1].geometry else {
        panic!("still a MultiPolygon")
    };
    assert_eq!(kept.0.len(), 1);
    assert!(
        outcome.warnings[0]
            .message
            .starts_with("polygon 1 left out")
    );
}

#[test]
fn too_few_positions_are_reported() {
    let m = single_problem(
        r#"{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[106,29]]}}"#,
    );
    assert!(m.contains("needs at least 2"), "{m}");
}

#[test]
fn out_of_range_coordinates_are_reported() {
    let m = single_problem(
        r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [29.5, 106.5]}}"#,
    );
    assert!(m.contains("outside lon -180..180 / lat -90..90"), "{m}");
}

#[test]
fn properties_must_be_an_object() {
    let m = single_problem(
        r#"{"type": "Feature", "properties": [1, 2], "geometry": {"type": "Point", "coordinates": [106, 29]}}"#,
    );
    assert!(m.contains("must be an object"), "{m}");
}

#[test]
fn wrong_geometry_type_is_reported() {
    let m = single_problem(
        r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Circle", "coordinates": [106, 29]}}"#,
    );
    assert!(m.to_lowercase().contains("circle"), "{m}");
}

#[test]
fn nested_geometry_collections_are_refused() {
    let m = single_problem(
        r#"{"type": "Feature", "properties": {}, "geometry": {"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": []}]}}"#,
    );
    assert!(m.contains("nested GeometryCollection"), "{m}");
}

#[test]
fn number_overflow_is_a_json_error_with_position() {
    let err = read(&fc(&[r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1e999, 29]}}"#])).unwrap_err();
    // Reported against the feature, with the absolute position of the number.
    let text = err.to_string();
    assert!(text.contains("out of range at line 2, column 89"), "{text}");
}

#[test]
fn unknown_crs_is_refused_with_its_name_and_gcj02_is_converted() {
    let unknown = r#"{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::999999"}}, "features": []}"#;
    let err = read(unknown).unwrap_err();
    assert!(err.to_string().contains("EPSG::999999"), "{err}");

    let options = ReadOptions {
        crs_override: Some(Crs::Gcj02),
        ..ReadOptions::default()
    };
    let outcome = read_geojson_str(&fc(&[GOOD]), &options, &Progress::default()).unwrap();
    let geo::Geometry::Point(p) = outcome.features[0].geometry else {
        panic!()
    };
    // GCJ-02 → WGS84 moves Chongqing points west and north.
    assert!(p.x() < 106.5 && p.y() > 29.5, "{p:?}");
}

#[test]
fn a_file_with_no_readable_feature_is_an_error_listing_the_problems() {
    // A bad geometry keeps its row (as GDAL does); bad properties leave nothing to keep.
    let err = read(&fc(&[
        r#"{"type": "Feature", "properties": [106.5], "geometry": {"type": "Point", "coordinates": [106.5]}}"#,
    ]))
    .unwrap_err();
    assert!(
        matches!(&err, ReadError::NoValidFeatures(p) if p.len() == 1),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("no feature could be read"),
        "{err}"
    );
}

#[test]
fn not_geojson_is_said_plainly() {
    assert!(matches!(read("[1, 2, 3]"), Err(ReadError::NotGeoJson(_))));
    assert!(
        matches!(read(r#"{"type": "Topology"}"#), Err(ReadError::NotGeoJson(m)) if m.contains("Topology"))
    );
}

#[test]
fn unzipped_geopackages_left_by_a_killed_process_are_removed_and_live_ones_kept() {
    let dir = std::env::temp_dir().join(format!("atlas-stale-gpkg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // No process has this id (above Linux's largest pid_max).
    let dead = dir.join("chongqing-atlas-4294967-17.gpkg");
    let live = dir.join(format!("chongqing-atlas-{}-18.gpkg", std::process::id()));
    let other = dir.join("someone-elses.gpkg");
    for path in [&dead, &live, &other] {
        std::fs::write(path, b"SQLite format 3\0").unwrap();
    }
    assert_eq!(chongqing_atlas::io::remove_stale_unpacked(&dir), 1);
    assert!(!dead.exists());
    assert!(live.exists() && other.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_shx_whose_entries_all_point_at_one_record_reads_each_record_once_with_a_warning() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let dir = std::env::temp_dir().join(format!("atlas-shx-bomb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for extension in ["shp", "dbf", "prj", "cpg"] {
        let from = fixtures.join(format!("districts_gbk.{extension}"));
        if from.exists() {
            std::fs::copy(&from, dir.join(format!("bomb.{extension}"))).unwrap();
        }
    }
    let shp = std::fs::read(dir.join("bomb.shp")).unwrap();
    // The first record's content length, from its header after the file's 100 bytes.
    let length = i32::from_be_bytes([shp[104], shp[105], shp[106], shp[107]]);
    let entries = 20_000;
    let mut shx = shp[..100].to_vec();
    let words: i32 = (100 + 8 * entries) / 2;
    shx[24..28].copy_from_slice(&words.to_be_bytes());
    for _ in 0..entries {
        shx.extend_from_slice(&50i32.to_be_bytes());
        shx.extend_from_slice(&length.to_be_bytes());
    }
    std::fs::write(dir.join("bomb.shx"), &shx).unwrap();
    let options = chongqing_atlas::io::ReadOptions::default();
    let (_, outcomes) = chongqing_atlas::io::read_file(
        &dir.join("bomb.shp"),
        &options,
        &chongqing_atlas::io::Progress::default(),
    )
    .unwrap();
    let outcome = &outcomes[0];
    assert_eq!(
        outcome.features.len(),
        37,
        "each record once, not 20,000 copies"
    );
    assert!(
        outcome
            .warnings
            .iter()
            .any(|w| w.message.contains(".shx index points entry 2")),
        "{:?}",
        outcome.warnings
    );
    let _ = std::fs::remove_dir_all(&dir);
}
