//! The files GIS users exchange (fixtures written by GDAL, tools/build_format_fixtures.sh):
//! each opens with the count GDAL wrote, Yuzhong's Chinese name decoded exactly, and, from the
//! Gauss-Kruger Shapefile, every vertex within a metre of the WGS84 file GDAL wrote from the
//! same source. Then the broken files users also have: each gives a clear message or a located
//! warning, and loads what can be loaded.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

mod scratch;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chongqing_atlas::io::{Progress, ReadError, ReadOptions, ReadOutcome, read_file};
use chongqing_atlas::model::Feature;
use geo::CoordsIter;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn read_path(path: &Path) -> Result<(&'static str, Vec<ReadOutcome>), ReadError> {
    read_file(path, &ReadOptions::default(), &Progress::default())
}

fn read(name: &str) -> (&'static str, Vec<ReadOutcome>) {
    read_path(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn only_layer(name: &str) -> ReadOutcome {
    let (_, mut layers) = read(name);
    assert_eq!(layers.len(), 1, "{name}: one layer");
    layers.remove(0)
}

fn named<'a>(features: &'a [Feature], key: &str, value: &str) -> &'a Feature {
    features
        .iter()
        .find(|f| f.str_property(key) == Some(value))
        .unwrap_or_else(|| panic!("no feature with {key} = {value}"))
}

/// A scratch copy of some fixtures, to damage.
fn scratch(test: &str, names: &[&str]) -> PathBuf {
    let dir = scratch::scratch(&format!("atlas-formats-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for name in names {
        std::fs::copy(fixture(name), dir.join(name)).unwrap();
    }
    dir
}

#[test]
fn a_gbk_shapefile_without_cpg_decodes_its_chinese_names() {
    let layer = only_layer("districts_gbk.shp");
    assert_eq!(layer.features.len(), 37);
    assert_eq!(layer.encoding, "GBK");
    let yuzhong = named(&layer.features, "name_zh", "渝中区");
    assert_eq!(yuzhong.str_property("name_en"), Some("Yuzhong District"));
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
}

#[test]
fn a_gauss_kruger_shapefile_lands_within_a_metre_of_the_wgs84_source() {
    let projected = only_layer("districts_gk108.shp");
    let geographic = only_layer("districts_gbk.shp");
    assert_eq!(
        projected.source_crs.to_string(),
        "EPSG:4545 (CGCS2000 / 3-degree Gauss-Kruger CM 108E)"
    );
    assert_eq!(projected.features.len(), 37);
    let mut worst: f64 = 0.0;
    for (p, g) in projected.features.iter().zip(&geographic.features) {
        assert_eq!(p.str_property("adcode"), g.str_property("adcode"));
        for (a, b) in p.geometry.coords_iter().zip(g.geometry.coords_iter()) {
            let metres =
                ((a.x - b.x) * 111_320.0 * b.y.to_radians().cos()).hypot((a.y - b.y) * 110_540.0);
            worst = worst.max(metres);
        }
    }
    assert!(worst < 1.0, "worst vertex is {worst:.3} m off");
}

#[test]
fn a_zipped_shapefile_opens_directly() {
    let (format, layers) = read("districts_gk108_shp.zip");
    assert_eq!(format, "Shapefile");
    assert_eq!(layers[0].features.len(), 37);
    named(&layers[0].features, "name_zh", "渝中区");
}

#[test]
fn every_geopackage_layer_loads_in_its_own_system() {
    let (format, layers) = read("chongqing.gpkg");
    assert_eq!(format, "GeoPackage");
    let names: Vec<_> = layers
        .iter()
        .map(|l| l.layer_name.clone().unwrap())
        .collect();
    assert_eq!(names, ["districts", "hubs"]);
    assert_eq!(layers[0].features.len(), 37);
    assert_eq!(layers[0].source_crs.to_string(), "EPSG:4490 (CGCS2000)");
    // GDAL wrote every hub: six points and three corridors.
    assert_eq!(layers[1].features.len(), 9);
    named(&layers[0].features, "name_zh", "渝中区");
    let picked = read_file(
        &fixture("chongqing.gpkg"),
        &ReadOptions {
            layers: Some(vec!["hubs".into()]),
            ..ReadOptions::default()
        },
        &Progress::default(),
    )
    .unwrap()
    .1;
    assert_eq!(picked.len(), 1, "only the picked layer is read");
}

#[test]
fn a_flatgeobuf_read_for_one_view_reads_through_its_index_exactly_what_meets_the_view() {
    use geo::{BoundingRect, Intersects};
    let whole = only_layer("districts.fgb");
    // Around the main city: a few of the 37 districts.
    let view = [106.3, 29.4, 106.7, 29.7];
    let (_, layers) = read_file(
        &fixture("districts.fgb"),
        &ReadOptions {
            within: Some(view),
            ..ReadOptions::default()
        },
        &Progress::default(),
    )
    .unwrap();
    let window = geo::Rect::new((view[0], view[1]), (view[2], view[3]));
    let mut expected: Vec<&str> = (whole.features.iter())
        .filter(|f| f.geometry.bounding_rect().unwrap().intersects(&window))
        .filter_map(|f| f.str_property("name_zh"))
        .collect();
    let mut read: Vec<&str> = (layers[0].features.iter())
        .filter_map(|f| f.str_property("name_zh"))
        .collect();
    expected.sort_unstable();
    read.sort_unstable();
    assert!(
        expected.contains(&"渝中区") && expected.len() < 20,
        "{expected:?}"
    );
    assert_eq!(read, expected);
}

#[test]
fn flatgeobuf_keeps_its_types() {
    let layer = only_layer("districts.fgb");
    assert_eq!(layer.features.len(), 37);
    let yuzhong = named(&layer.features, "name_zh", "渝中区");
    assert_eq!(yuzhong.str_property("adcode"), Some("500103"));
}

#[test]
fn kml_keeps_folders_extended_data_and_style_colours() {
    let layer = only_layer("chongqing.kml");
    assert_eq!(layer.features.len(), 7, "six hubs and one district");
    let district = named(&layer.features, "name", "渝中区");
    assert_eq!(district.str_property("folder"), Some("区县"));
    assert!(matches!(district.geometry, geo::Geometry::Polygon(_)));
    let hub = layer
        .features
        .iter()
        .find(|f| f.str_property("folder") == Some("物流枢纽"))
        .unwrap();
    assert_eq!(hub.str_property("kml_color"), Some("#ff0000"));
    assert!(
        hub.str_property("category").is_some(),
        "ExtendedData becomes properties"
    );
    // GDAL's KML (SchemaData) and the same zipped as KMZ.
    assert_eq!(only_layer("hubs_gdal.kml").features.len(), 9);
    assert_eq!(only_layer("hubs.kmz").features.len(), 9);
}

#[test]
fn gpx_waypoints_routes_and_tracks_are_layers_with_lengths() {
    let (format, layers) = read("hubs.gpx");
    assert_eq!(format, "GPX");
    let names: Vec<_> = layers
        .iter()
        .map(|l| l.layer_name.clone().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "waypoints",
            "routes",
            "tracks",
            "route_points",
            "track_points"
        ]
    );
    assert_eq!(layers[0].features.len(), 6);
    let track = &layers[2].features[0];
    assert_eq!(track.str_property("name"), Some("无人机航迹"));
    assert_eq!(
        track.str_property("start_time"),
        Some("2025-11-25T08:00:00Z")
    );
    assert_eq!(track.f64_property("ele_min"), Some(200.0));
    assert!(track.f64_property("length_km").unwrap() > 1.0);
}

#[test]
fn a_gbk_csv_with_chinese_columns_and_a_wkt_csv_are_placed() {
    let layer = only_layer("hubs_gbk.csv");
    assert_eq!(layer.encoding, "GBK");
    assert_eq!(layer.features.len(), 6);
    assert!(layer.features.iter().all(Feature::has_location));
    assert!(layer.features[0].str_property("名称").is_some());
    let wkt = only_layer("districts_wkt.csv");
    assert_eq!(wkt.features.len(), 5);
    assert!(wkt.features.iter().all(Feature::has_location));
}

#[test]
fn an_excel_sheet_is_a_layer_named_after_it() {
    let (format, layers) = read("hubs.xlsx");
    assert_eq!(format, "Spreadsheet");
    assert_eq!(layers[0].layer_name.as_deref(), Some("枢纽"));
    assert_eq!(layers[0].features.len(), 6);
    assert!(layers[0].features.iter().all(Feature::has_location));
}

fn problems(layer: &ReadOutcome) -> String {
    layer
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_shapefile_missing_parts_or_cut_short_loads_what_it_can() {
    let parts = [
        "districts_gbk.shp",
        "districts_gbk.shx",
        "districts_gbk.dbf",
        "districts_gbk.prj",
    ];
    let dir = scratch("missing", &parts);
    std::fs::remove_file(dir.join("districts_gbk.dbf")).unwrap();
    std::fs::remove_file(dir.join("districts_gbk.shx")).unwrap();
    let (_, layers) = read_path(&dir.join("districts_gbk.shp")).unwrap();
    assert_eq!(layers[0].features.len(), 37);
    let text = problems(&layers[0]);
    assert!(text.contains("no .dbf"), "{text}");
    assert!(text.contains("no .shx"), "{text}");

    let dir = scratch("truncated", &parts);
    let shp = std::fs::read(dir.join("districts_gbk.shp")).unwrap();
    std::fs::write(dir.join("districts_gbk.shp"), &shp[..shp.len() / 2]).unwrap();
    let dbf = std::fs::read(dir.join("districts_gbk.dbf")).unwrap();
    std::fs::write(dir.join("districts_gbk.dbf"), &dbf[..dbf.len() - 700]).unwrap();
    let (_, layers) = read_path(&dir.join("districts_gbk.shp")).unwrap();
    let read = layers[0].features.len();
    assert!((10..37).contains(&read), "{read} of 37 read");
    let text = problems(&layers[0]);
    assert!(text.contains("damaged or truncated"), "{text}");
    assert!(text.contains("the .dbf declares 37 records"), "{text}");

    std::fs::write(dir.join("districts_gbk.shp"), b"not a shapefile at all").unwrap();
    let err = read_path(&dir.join("districts_gbk.shp"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("Shapefile"), "{err}");
}

#[test]
fn a_garbage_prj_is_explained_and_never_silently_misplaced() {
    let parts = [
        "districts_gk108.shp",
        "districts_gk108.shx",
        "districts_gk108.dbf",
        "districts_gk108.prj",
    ];
    let dir = scratch("prj", &parts);
    std::fs::write(dir.join("districts_gk108.prj"), "garbage").unwrap();
    let err = read_path(&dir.join("districts_gk108.shp"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("the .prj cannot be used"), "{err}");
    assert!(err.contains("not longitude/latitude"), "{err}");
    // In lon/lat, the same garbage loads with a warning naming the assumption.
    let dir = scratch(
        "prj-degrees",
        &[
            "districts_gbk.shp",
            "districts_gbk.shx",
            "districts_gbk.dbf",
        ],
    );
    std::fs::write(dir.join("districts_gbk.prj"), "garbage").unwrap();
    let (_, layers) = read_path(&dir.join("districts_gbk.shp")).unwrap();
    assert!(problems(&layers[0]).contains("read as WGS84"));
}

#[test]
fn a_dbf_whose_declared_encoding_is_wrong_says_so() {
    let dir = scratch(
        "cpg",
        &[
            "districts_gbk.shp",
            "districts_gbk.shx",
            "districts_gbk.dbf",
            "districts_gbk.prj",
        ],
    );
    std::fs::write(dir.join("districts_gbk.cpg"), "UTF-8").unwrap();
    let (_, layers) = read_path(&dir.join("districts_gbk.shp")).unwrap();
    let text = problems(&layers[0]);
    assert!(
        text.contains("not valid UTF-8, the encoding its .cpg declares"),
        "{text}"
    );
    assert!(text.contains("reads as GBK"), "{text}");
    // Chosen by the user, it reads right.
    let chosen = read_file(
        &dir.join("districts_gbk.shp"),
        &ReadOptions {
            encoding: Some(encoding_rs::GBK),
            ..ReadOptions::default()
        },
        &Progress::default(),
    )
    .unwrap()
    .1;
    named(&chosen[0].features, "name_zh", "渝中区");
}

#[test]
fn a_geopackage_that_is_not_one_is_refused_clearly() {
    let dir = scratch("gpkg", &[]);
    let fake = dir.join("fake.gpkg");
    std::fs::write(&fake, b"this is not a database").unwrap();
    let err = read_path(&fake).unwrap_err().to_string();
    assert!(err.contains("not a readable GeoPackage"), "{err}");
    let bare = dir.join("bare.gpkg");
    let connection = rusqlite::Connection::open(&bare).unwrap();
    connection.execute("CREATE TABLE t (x)", []).unwrap();
    drop(connection);
    let err = read_path(&bare).unwrap_err().to_string();
    assert!(err.contains("no GeoPackage tables"), "{err}");
}

#[test]
fn broken_kml_kmz_gpx_and_csv_are_located() {
    let dir = scratch("xml", &[]);
    let kml = dir.join("broken.kml");
    std::fs::write(
        &kml,
        "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<Placemark>\n</Document>",
    )
    .unwrap();
    match read_path(&kml).unwrap_err() {
        ReadError::Syntax { line, .. } => assert_eq!(line, 4),
        other => panic!("{other}"),
    }
    let kmz = dir.join("fake.kmz");
    std::fs::write(&kmz, "not a zip").unwrap();
    let err = read_path(&kmz).unwrap_err().to_string();
    assert!(err.contains("KMZ must be a zip"), "{err}");

    let gpx = dir.join("bad.gpx");
    std::fs::write(&gpx, "<gpx version=\"1.1\">\n<wpt lat=\"29.5\" lon=\"106.5\"/>\n<wpt lat=\"north\" lon=\"106.5\"/>\n</gpx>").unwrap();
    let (_, layers) = read_path(&gpx).unwrap();
    // Kept as a row without a place, as GDAL keeps it; only the good one is drawn.
    assert_eq!(layers[0].features.len(), 2);
    assert_eq!(
        (layers[0].features.iter())
            .filter(|f| f.has_location())
            .count(),
        1
    );
    assert_eq!(layers[0].warnings[0].line, Some(3));
    assert!(
        layers[0].warnings[0]
            .message
            .contains("\"north\" is not a number")
    );

    let csv = dir.join("rows.csv");
    std::fs::write(
        &csv,
        "name,lon,lat\na,106.5,29.5\nb,,29.6\nc,east,29.7\nd,500,29.8\n",
    )
    .unwrap();
    let (_, layers) = read_path(&csv).unwrap();
    let layer = &layers[0];
    assert_eq!(
        layer.features.len(),
        4,
        "rows without a place stay in the table, the out-of-range one too"
    );
    assert_eq!(
        layer.features.iter().filter(|f| f.has_location()).count(),
        1
    );
    let lines: Vec<_> = layer.warnings.iter().filter_map(|w| w.line).collect();
    assert_eq!(lines, [3, 4, 5], "{}", problems(layer));
}

#[test]
fn a_kmz_bomb_is_refused() {
    let dir = scratch("bomb", &[]);
    let path = dir.join("bomb.kmz");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    zip.start_file("doc.kml", options).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..1100 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 20 << 20);
    let err = read_path(&path).unwrap_err().to_string();
    assert!(err.contains("refused"), "{err}");
}

#[test]
fn a_layer_saved_in_each_format_reads_back_the_same() {
    let source = only_layer("districts_gbk.shp");
    let features: Vec<&Feature> = source.features.iter().collect();
    let dir = scratch("save", &[]);
    for extension in ["gpkg", "shp", "fgb", "geojson", "csv"] {
        let path = dir.join(format!("saved.{extension}"));
        let written = chongqing_atlas::io::write_layer(&path, "districts", &features)
            .unwrap_or_else(|e| panic!("{extension}: {e}"));
        assert_eq!((written.features, written.left_out), (37, 0), "{extension}");
        assert!(!chongqing_atlas::io::write::partial_path(&path).exists());
        let back = only_layer_at(&path);
        assert_eq!(back.features.len(), 37, "{extension}");
        // FlatGeobuf's spatial index reorders features: pair them by name.
        for a in &source.features {
            let b = named(
                &back.features,
                "name_zh",
                a.str_property("name_zh").unwrap(),
            );
            if extension == "csv" {
                // CSV has no types: "500101" comes back as a number, as QGIS reads it.
                let text = |f: &Feature| -> Vec<String> {
                    (f.properties.values())
                        .map(|v| v.to_string().trim_matches('"').to_string())
                        .collect()
                };
                assert_eq!(text(a), text(b), "{extension}");
            } else {
                assert_eq!(a.properties, b.properties, "{extension}");
            }
            let (pa, pb): (Vec<_>, Vec<_>) = (
                a.geometry.coords_iter().collect(),
                b.geometry.coords_iter().collect(),
            );
            assert_eq!(pa.len(), pb.len(), "{extension}: vertex count");
            for (p, q) in pa.iter().zip(&pb) {
                assert!(
                    (p.x - q.x).abs() < 1e-9 && (p.y - q.y).abs() < 1e-9,
                    "{extension}: {p:?} vs {q:?}"
                );
            }
        }
    }
    // A Shapefile with UTF-8 text says so in its .cpg.
    assert_eq!(
        std::fs::read_to_string(dir.join("saved.cpg")).unwrap(),
        "UTF-8"
    );
}

#[test]
fn a_shapefile_save_keeps_one_kind_of_geometry_and_counts_the_rest() {
    let (_, layers) = read("chongqing.gpkg");
    let hubs: Vec<&Feature> = layers[1].features.iter().collect();
    let dir = scratch("save-mixed", &[]);
    let path = dir.join("hubs.shp");
    let written = chongqing_atlas::io::write_layer(&path, "hubs", &hubs).unwrap();
    assert_eq!(
        (written.features, written.left_out),
        (6, 3),
        "six points kept, three lines left"
    );
    assert_eq!(only_layer_at(&path).features.len(), 6);
    let err = chongqing_atlas::io::write_layer(&dir.join("x.dxf"), "x", &hubs).unwrap_err();
    assert!(err.contains("cannot save as \".dxf\""), "{err}");
}

fn only_layer_at(path: &Path) -> ReadOutcome {
    let (_, mut layers) = read_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(layers.len(), 1);
    layers.remove(0)
}

#[test]
fn the_fuzzers_finds_load_what_they_can_without_panicking_or_ballooning() {
    let bad = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/bad")
            .join(name)
    };
    // A 120 KB FlatGeobuf whose third feature declares gigabytes: the reader allocated 3.5 GB
    // before finding the file shorter. Now sizes are checked against the file first.
    let (_, layers) = read_path(&bad("fgb_declares_gigabytes.fgb")).unwrap();
    assert!(layers[0].features.len() < 37);
    assert!(problems(&layers[0]).contains("cut or damaged from this one on"));
    let loaded = format!("{} loaded before it", layers[0].features.len());
    assert!(
        problems(&layers[0]).contains(&loaded),
        "{}",
        problems(&layers[0])
    );
    // A FlatGeobuf string property whose length runs past its feature: the flatgeobuf crate's
    // property reader sliced it unchecked and panicked. That record is skipped, located.
    // A FlatGeobuf whose TIN's arrays disagree: geozero's decoder panicked inside flatbuffers
    // (issue 29's fuzz run). Every geometry is now decoded with checked indexes.
    let (_, layers) = read_path(&bad("fgb_damaged_tin.fgb")).unwrap();
    assert!(problems(&layers[0]).contains("kept as a row without a place"));
    let (_, layers) = read_path(&bad("fgb_property_length_past_end.fgb")).unwrap();
    assert_eq!(layers[0].features.len(), 1);
    assert!(problems(&layers[0]).contains("feature 1: its properties cannot be read"));
    // A GeoPackage column name that is not UTF-8: rusqlite's column listing panicked on it.
    let (_, layers) = read_path(&bad("gpkg_column_name_not_utf8.gpkg")).unwrap();
    let hubs = layers
        .iter()
        .find(|l| l.layer_name.as_deref() == Some("hubs"))
        .unwrap();
    assert_eq!(hubs.features.len(), 9);
    assert!(problems(hubs).contains("a column name is not UTF-8"));
    // A Shapefile ring with a NaN position tripped geo's containment checks.
    let _ = read_path(&bad("shp_ring_with_nan.shp"));
    let dir = scratch("fgb-cut", &["districts.fgb"]);
    let fgb = std::fs::read(dir.join("districts.fgb")).unwrap();
    std::fs::write(dir.join("districts.fgb"), &fgb[..fgb.len() * 2 / 3]).unwrap();
    let (_, layers) = read_path(&dir.join("districts.fgb")).unwrap();
    let read = layers[0].features.len();
    assert!((1..37).contains(&read), "{read}");
    assert!(problems(&layers[0]).contains("declares 37 features but is cut"));
}

#[test]
fn an_exported_csv_carries_no_live_formula_and_keeps_numbers() {
    let mut properties = serde_json::Map::new();
    properties.insert("note".into(), "=cmd|' /C calc'!A0".into());
    properties.insert("link".into(), "=HYPERLINK(\"http://evil\",\"x\")".into());
    properties.insert("change".into(), "-12.5".into());
    properties.insert("=SUM(A1)".into(), 1.into());
    let feature = Feature::without_geometry(properties, 0);
    let dir = scratch("csv-injection", &[]);
    let path = dir.join("rows.csv");
    chongqing_atlas::io::write_layer(&path, "rows", &[&feature]).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    let row = rows.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        let at = header.iter().position(|h| h == name).unwrap();
        row.get(at).unwrap().to_owned()
    };
    assert_eq!(cell("note"), "'=cmd|' /C calc'!A0");
    assert_eq!(cell("link"), "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(cell("change"), "-12.5", "a plain number stays a number");
    assert!(header.contains(&"'=SUM(A1)".to_owned()), "{header:?}");
}

/// A GeoPackage whose only layer is a view that never ends (a recursive CTE), as a hostile
/// or broken file can be.
fn endless_geopackage(dir: &Path) -> PathBuf {
    let path = dir.join("endless.gpkg");
    let _ = std::fs::remove_file(&path);
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch(
        "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, organization_coordsys_id INTEGER, definition TEXT, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, 'GEOGCS[\"WGS 84\"]', NULL);
         CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, description TEXT, last_change TEXT, min_x REAL, min_y REAL, max_x REAL, max_y REAL, srs_id INTEGER);
         CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
         CREATE VIEW endless AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x AS fid, NULL AS geom FROM r;
         INSERT INTO gpkg_contents VALUES ('endless', 'features', 'endless', '', '', 0, 0, 1, 1, 4326);
         INSERT INTO gpkg_geometry_columns VALUES ('endless', 'geom', 'POINT', 4326, 0, 0);
         PRAGMA application_id = 1196444487;",
    )
    .unwrap();
    path
}

#[test]
fn cancel_interrupts_an_endless_geopackage_view_within_a_second() {
    let dir = scratch("endless-view", &[]);
    let path = endless_geopackage(&dir);
    let progress = std::sync::Arc::new(Progress::default());
    let reading = {
        let progress = progress.clone();
        std::thread::spawn(move || read_file(&path, &ReadOptions::default(), &progress).map(|_| ()))
    };
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!reading.is_finished(), "the view is endless: still reading");
    let cancelled = std::time::Instant::now();
    progress.cancel();
    while !reading.is_finished() {
        assert!(
            cancelled.elapsed().as_secs_f64() < 1.0,
            "still reading a second after cancel"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let result = reading.join().unwrap();
    assert!(matches!(result, Err(ReadError::Cancelled)), "{result:?}");
}

#[test]
fn a_csv_line_of_a_million_commas_is_refused_before_it_is_parsed() {
    let dir = scratch("csv-commas", &[]);
    let path = dir.join("commas.csv");
    let mut text = ",".repeat(1_000_000);
    text.push_str("\nlon,lat\n106.5,29.5\n");
    std::fs::write(&path, text).unwrap();
    let err = read_path(&path).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, ReadError::Syntax { line: 1, .. }),
        "{message}"
    );
    assert!(message.contains("1000001 fields"), "{message}");
    // A wide but real table still reads.
    let wide = dir.join("wide.csv");
    let header: Vec<String> = (0..500).map(|i| format!("c{i}")).collect();
    let row: Vec<String> = (0..500).map(|i| i.to_string()).collect();
    std::fs::write(
        &wide,
        format!(
            "lon,lat,{}\n106.5,29.5,{}\n",
            header.join(","),
            row.join(",")
        ),
    )
    .unwrap();
    assert_eq!(read_path(&wide).unwrap().1[0].features.len(), 1);
}
