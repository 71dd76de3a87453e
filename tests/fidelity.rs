//! Reading what GDAL reads (issue 29): projections beyond Transverse Mercator, records whose
//! geometry cannot be drawn kept as rows, rounding past ±180°, FlatGeobuf of mixed or no
//! geometry, GPX point layers, a lone `.dbf`, and GeoJSON in metres without a `crs`.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use chongqing_atlas::io::crs::Crs;
use chongqing_atlas::io::{Progress, ReadError, ReadOptions, ReadOutcome, read_file};
use geo::CoordsIter;

fn projection_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projections")
        .join(name)
}

fn read_with(path: &Path, options: &ReadOptions) -> Result<Vec<ReadOutcome>, ReadError> {
    read_file(path, options, &Progress::default()).map(|(_, layers)| layers)
}

fn read(path: &Path) -> Result<Vec<ReadOutcome>, ReadError> {
    read_with(path, &ReadOptions::default())
}

/// Every vertex of `layer` within `tolerance` degrees of the same district in the WGS84
/// FlatGeobuf the projected fixtures were made from.
fn matches_the_wgs84_districts(layer: &ReadOutcome, tolerance: f64) {
    let source = read(&common::format_fixture("districts.fgb"))
        .unwrap()
        .remove(0);
    assert_eq!(layer.features.len(), 37);
    for feature in &layer.features {
        let name = feature.str_property("name_zh").unwrap();
        let twin = (source.features.iter())
            .find(|f| f.str_property("name_zh") == Some(name))
            .unwrap();
        let (a, b): (Vec<_>, Vec<_>) = (
            feature.geometry.coords_iter().collect(),
            twin.geometry.coords_iter().collect(),
        );
        assert_eq!(a.len(), b.len(), "{name}");
        // A Shapefile writer may turn rings the other way: each vertex has its twin somewhere.
        for p in &a {
            assert!(
                (b.iter()).any(|q| (p.x - q.x).abs() < tolerance && (p.y - q.y).abs() < tolerance),
                "{name}: {p:?} has no twin"
            );
        }
    }
}

#[test]
fn an_esri_albers_shapefile_and_a_lambert_geopackage_land_on_the_districts() {
    let albers = read(&projection_fixture("districts_albers.shp"))
        .unwrap()
        .remove(0);
    assert_eq!(albers.source_crs.to_string(), "Krasovsky_1940_Albers");
    assert!(albers.warnings.is_empty(), "{:?}", albers.warnings);
    matches_the_wgs84_districts(&albers, 1e-7);
    let lambert = read(&projection_fixture("districts_lcc.gpkg"))
        .unwrap()
        .remove(0);
    assert!(
        matches!(lambert.source_crs, Crs::Custom(_)),
        "{:?}",
        lambert.source_crs
    );
    matches_the_wgs84_districts(&lambert, 1e-7);
}

#[test]
fn robinson_is_refused_by_name_and_never_read_as_degrees() {
    let e = read(&projection_fixture("robinson.gpkg")).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, ReadError::Crs(_)), "{text}");
    assert!(text.contains("Robinson"), "{text}");
    assert!(!text.contains("read as WGS84"), "{text}");
}

#[test]
fn geojson_in_metres_without_crs_asks_for_its_system_and_reads_with_it() {
    let path = projection_fixture("districts_3857_nocrs.geojson");
    let e = read(&path).unwrap_err();
    assert!(matches!(e, ReadError::Crs(_)), "{e}");
    assert!(e.to_string().contains("37 feature(s)"), "{e}");
    let options = ReadOptions {
        crs_override: Some(Crs::Epsg(3857)),
        ..ReadOptions::default()
    };
    let layer = read_with(&path, &options).unwrap().remove(0);
    matches_the_wgs84_districts(&layer, 1e-7);
}

#[test]
fn records_without_a_drawable_geometry_are_kept_as_rows_with_the_reason() {
    let path = common::write_temp(
        "unplaceable.geojson",
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"n":"empty point"},"geometry":{"type":"Point","coordinates":[]}},
{"type":"Feature","properties":{"n":"one-point line"},"geometry":{"type":"LineString","coordinates":[[106.5,29.5]]}},
{"type":"Feature","properties":{"n":"short ring"},"geometry":{"type":"Polygon","coordinates":[[[106,29],[107,29],[106,29]]]}},
{"type":"Feature","properties":{"n":"dateline"},"geometry":{"type":"LineString","coordinates":[[179.5,-16.5],[180.00000000000003,-16.6]]}},
{"type":"Feature","properties":{"n":"good"},"geometry":{"type":"Point","coordinates":[106.5,29.5]}}
]}"#,
    );
    let layer = read(&path).unwrap().remove(0);
    assert_eq!(layer.features.len(), 5, "every record is a row, as in GDAL");
    let placed: Vec<&str> = (layer.features.iter())
        .filter(|f| f.has_location())
        .filter_map(|f| f.str_property("n"))
        .collect();
    assert_eq!(
        placed,
        ["dateline", "good"],
        "rounding past 180° is not an error"
    );
    let dateline = &layer.features[3];
    assert!(dateline.geometry.coords_iter().all(|c| c.x <= 180.0));
    let reasons: Vec<(Option<usize>, &str)> = (layer.warnings.iter())
        .map(|w| (w.feature_index, w.message.as_str()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    for (index, (feature, message)) in reasons.iter().enumerate() {
        assert_eq!(*feature, Some(index));
        assert!(
            message.ends_with("kept as a row without a place"),
            "{message}"
        );
    }
    let json = chongqing_atlas::cli::inspect_json(&[path.as_path()]).0;
    assert!(json.contains("\"features\": 5"), "{json}");
}

#[test]
fn a_kml_of_addresses_opens_as_a_table() {
    let path = common::write_temp(
        "addresses.kml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>果园港</name><address>重庆市江北区鱼嘴镇</address></Placemark>
<Placemark><name>团结村中心站</name><address>重庆市沙坪坝区团结村</address><Point><coordinates/></Point></Placemark>
</Document></kml>"#,
    );
    let layer = read(&path).unwrap().remove(0);
    assert_eq!(layer.features.len(), 2);
    assert!(layer.features.iter().all(|f| !f.has_location()));
    assert_eq!(
        layer.features[0].str_property("address"),
        Some("重庆市江北区鱼嘴镇")
    );
}

#[test]
fn a_gpx_has_gdal_s_five_layers_with_point_values_and_extensions() {
    let path = common::write_temp(
        "ride.gpx",
        r#"<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"
  xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
<wpt lat="29.56" lon="106.55"><name>解放碑</name></wpt>
<rte><rtept lat="29.5" lon="106.5"/><rtept lat="29.6" lon="106.6"/></rte>
<trk><name>ride</name>
<trkseg>
<trkpt lat="29.50" lon="106.50"><ele>240</ele><time>2025-11-25T08:00:00Z</time>
<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>121</gpxtpx:hr><gpxtpx:cad>80</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>
<trkpt lat="29.51" lon="106.51"><ele>250.5</ele><time>2025-11-25T08:10:00Z</time></trkpt>
</trkseg>
<trkseg><trkpt lat="29.52" lon="106.52"><time>2025-11-25T09:00:00Z</time></trkpt></trkseg>
</trk></gpx>"#,
    );
    let layers = read(&path).unwrap();
    let names: Vec<(&str, usize)> = (layers.iter())
        .map(|l| (l.layer_name.as_deref().unwrap(), l.features.len()))
        .collect();
    assert_eq!(
        names,
        [
            ("waypoints", 1),
            ("routes", 1),
            ("tracks", 1),
            ("route_points", 2),
            ("track_points", 3)
        ]
    );
    let points = &layers[4].features;
    let first = &points[0].properties;
    assert_eq!(first["hr"], 121);
    assert_eq!(first["cad"], 80);
    assert_eq!(first["ele"], 240);
    assert_eq!(first["time"], "2025-11-25T08:00:00Z");
    assert_eq!(points[1].properties["ele"], 250.5);
    let last = &points[2].properties;
    assert_eq!(
        (
            &last["track_fid"],
            &last["track_seg_id"],
            &last["track_seg_point_id"]
        ),
        (&0.into(), &1.into(), &0.into())
    );
    // The window opens only the chosen layers.
    let chosen = ReadOptions {
        layers: Some(vec!["tracks".into(), "track_points".into()]),
        ..ReadOptions::default()
    };
    assert_eq!(read_with(&path, &chosen).unwrap().len(), 2);
}

#[test]
fn a_lone_dbf_and_a_zip_of_one_are_tables_and_a_shapefile_s_dbf_stays_its_own() {
    let dbf = common::format_fixture("districts_gbk.dbf");
    let layer = read(&dbf).unwrap().remove(0);
    assert_eq!(layer.features.len(), 37);
    assert!(layer.features.iter().all(|f| !f.has_location()));
    assert!(
        (layer.features.iter()).any(|f| f.str_property("name_zh") == Some("渝中区")),
        "GBK text decoded as in the Shapefile"
    );
    let dir = common::temp_dir("lone-dbf");
    let zipped = dir.join("table.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zipped).unwrap());
    zip.start_file("属性表.dbf", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, &std::fs::read(&dbf).unwrap()).unwrap();
    zip.finish().unwrap();
    assert_eq!(read(&zipped).unwrap().remove(0).features.len(), 37);
    // Beside its .shp, the .dbf is the Shapefile's table, not a second layer.
    let shapefile = read(&common::format_fixture("districts_gk108_shp.zip")).unwrap();
    assert_eq!(shapefile.len(), 1);
}

#[test]
fn a_flatgeobuf_of_mixed_geometry_opens_whole() {
    let path = projection_fixture("mixed.fgb");
    let layer = read(&path).unwrap().remove(0);
    let kinds: Vec<&str> = (layer.features.iter())
        .map(|f| match f.geometry {
            geo::Geometry::Point(_) => "point",
            geo::Geometry::Polygon(_) => "polygon",
            geo::Geometry::LineString(_) => "line",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["point", "polygon", "line"]);
}

#[test]
fn a_geopackage_attribute_table_is_a_layer_of_rows() {
    let layers = read(&projection_fixture("with_table.gpkg")).unwrap();
    let names: Vec<(&str, usize)> = (layers.iter())
        .map(|l| (l.layer_name.as_deref().unwrap(), l.features.len()))
        .collect();
    assert_eq!(names, [("districts", 37), ("rows", 2)]);
    assert!(layers[1].features.iter().all(|f| !f.has_location()));
    assert_eq!(layers[1].features[0].str_property("name"), Some("果园港"));
}

#[test]
fn a_kml_ground_overlay_is_its_footprint() {
    let path = common::write_temp(
        "overlay.kml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document>
<GroundOverlay><name>航拍</name><Icon><href>photo.jpg</href></Icon>
<LatLonBox><north>29.6</north><south>29.5</south><east>106.6</east><west>106.5</west></LatLonBox></GroundOverlay>
<GroundOverlay><name>quad</name><gx:LatLonQuad><coordinates>106.5,29.5 106.6,29.5 106.6,29.6 106.5,29.6</coordinates></gx:LatLonQuad></GroundOverlay>
</Document></kml>"#,
    );
    let layer = read(&path).unwrap().remove(0);
    assert_eq!(layer.features.len(), 2);
    for feature in &layer.features {
        let geo::Geometry::Polygon(footprint) = &feature.geometry else {
            panic!("{:?}", feature.geometry)
        };
        let rect = geo::BoundingRect::bounding_rect(footprint).unwrap();
        assert_eq!(
            (rect.min().x, rect.min().y, rect.max().x, rect.max().y),
            (106.5, 29.5, 106.6, 29.6)
        );
    }
    assert_eq!(layer.features[0].str_property("icon"), Some("photo.jpg"));
}

#[test]
fn inspect_counts_the_records_of_a_file_whose_system_is_unknown() {
    let path = projection_fixture("districts_3857_nocrs.geojson");
    let (json, ok) = chongqing_atlas::cli::inspect_json(&[path.as_path()]);
    assert!(!ok, "an unknown system is a problem");
    assert!(
        json.contains("\"features\": 37"),
        "counted as GDAL counts: {json}"
    );
    assert!(json.contains("coordinate system unknown"), "{json}");
}

#[test]
fn flatgeobuf_triangles_tins_and_polyhedral_surfaces_are_polygons() {
    let layer = read(&projection_fixture("surfaces.fgb")).unwrap().remove(0);
    let parts = |id: &str| {
        let feature = (layer.features.iter())
            .find(|f| f.properties["id"].to_string().trim_matches('"') == id)
            .unwrap();
        match &feature.geometry {
            geo::Geometry::Polygon(_) => 1,
            geo::Geometry::MultiPolygon(m) => m.0.len(),
            other => panic!("{id}: {other:?}"),
        }
    };
    assert_eq!(layer.features.len(), 3);
    assert_eq!(parts("1"), 2, "a TIN of two triangles");
    assert_eq!(parts("2"), 1, "a triangle");
    assert_eq!(parts("3"), 1, "a polyhedral surface of one face");
}

#[test]
fn a_flatgeobuf_without_a_geometry_column_opens_as_a_table() {
    // It used to be refused with a NaN extent ("its coordinates (NaN, NaN …) are not
    // longitude/latitude").
    let layer = read(&projection_fixture("no_geometry.fgb"))
        .unwrap()
        .remove(0);
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
    assert_eq!(
        layer.features.len(),
        0,
        "GDAL writes no row without a geometry, as ogrinfo counts"
    );
}
