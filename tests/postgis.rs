//! PostGIS against a real server: the cluster `tools/postgis_dev.sh start` makes (CI always
//! starts it). Without `ATLAS_PG_URI` each test says why it skips and passes.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

mod scratch;

use chongqing_atlas::geometry::{SpatialIndex, lonlat_to_mercator};
use chongqing_atlas::io::postgis::{
    PgAddress, PgClient, PgError, PgLayerSchema, PgParams, TableRef, ViewRequest,
};
use geo::{BoundingRect, CoordsIter};

fn server() -> Option<(PgAddress, String)> {
    let Ok(uri) = std::env::var("ATLAS_PG_URI") else {
        eprintln!(
            "skipped: no PostGIS configured (run tools/postgis_dev.sh start and \
             eval \"$(tools/postgis_dev.sh env)\")"
        );
        return None;
    };
    let password = std::env::var("ATLAS_PG_PASSWORD").unwrap_or_default();
    let (address, _) = PgParams::parse(&uri)
        .unwrap()
        .resolve(&chongqing_atlas::io::postgis::address::ProcessEnv)
        .unwrap();
    Some((address, password))
}

fn connect() -> Option<PgClient> {
    let (address, password) = server()?;
    Some(PgClient::connect(&address, Some(&password)).expect("the test server accepts us"))
}

fn layer(client: &mut PgClient, schema: &str, table: &str) -> PgLayerSchema {
    let table = client
        .find_table(&TableRef {
            schema: schema.into(),
            table: table.into(),
            column: None,
        })
        .unwrap();
    client.describe(&table).unwrap()
}

const CHONGQING: [f64; 4] = [105.2, 28.1, 110.3, 32.3];

#[test]
fn spatial_tables_are_listed_with_estimates_including_views_geography_and_hostile_names() {
    let Some(mut client) = connect() else { return };
    let tables = client.spatial_tables().unwrap();
    let find = |name: &str| tables.iter().find(|t| t.table.table == name);
    let points = find("points_1m").expect("the million points are listed");
    let estimate = points
        .estimated_rows
        .expect("an estimate from the statistics");
    assert!((900_000..=1_100_000).contains(&estimate), "{estimate}");
    assert_eq!(points.geometry_type, "POINT");
    assert!(find("main_districts").unwrap().is_view);
    let geog = find("hubs_geog").unwrap();
    assert!(geog.geography);
    assert_eq!(find("districts_4545").unwrap().srid, 4545);
    assert!(find(r#"odd "name"; drop table sentinel; --"#).is_some());
}

#[test]
fn a_bbox_query_returns_the_features_the_local_rtree_finds() {
    let Some(mut client) = connect() else { return };
    let schema = layer(&mut client, "atlas", "districts");
    let all = client
        .fetch_view(&schema, &ViewRequest::new(CHONGQING, 0.0))
        .unwrap();
    assert_eq!(all.features.len(), 37);
    let index = SpatialIndex::build(&all.features);
    for bbox in [
        [106.3, 29.4, 106.7, 29.7],
        [108.0, 30.5, 108.6, 31.0],
        [105.6, 28.8, 105.9, 29.1],
    ] {
        let server: std::collections::BTreeSet<i64> = client
            .fetch_view(&schema, &ViewRequest::new(bbox, 0.0))
            .unwrap()
            .features
            .iter()
            .map(|f| f.properties["id"].as_i64().unwrap())
            .collect();
        let (a, b) = (
            lonlat_to_mercator(bbox[0], bbox[1]),
            lonlat_to_mercator(bbox[2], bbox[3]),
        );
        let local: std::collections::BTreeSet<i64> = index
            .query(
                [a[0].min(b[0]), a[1].min(b[1])],
                [a[0].max(b[0]), a[1].max(b[1])],
            )
            .into_iter()
            .map(|i| all.features[i].properties["id"].as_i64().unwrap())
            .collect();
        assert!(!server.is_empty());
        assert_eq!(server, local, "bbox {bbox:?}");
    }
}

#[test]
fn simplified_output_is_valid_smaller_and_keeps_every_district() {
    let Some(mut client) = connect() else { return };
    let schema = layer(&mut client, "atlas", "districts");
    let full = client
        .fetch_view(&schema, &ViewRequest::new(CHONGQING, 0.0))
        .unwrap();
    // A 1000-pixel-wide view of Chongqing: about 500 m per pixel.
    let coarse = client
        .fetch_view(&schema, &ViewRequest::new(CHONGQING, 500.0))
        .unwrap();
    let vertices = |r: &chongqing_atlas::io::postgis::ViewResult| -> usize {
        r.features.iter().map(|f| f.geometry.coords_count()).sum()
    };
    assert_eq!(coarse.features.len(), full.features.len());
    assert!(
        vertices(&coarse) * 5 < vertices(&full),
        "{} vs {}",
        vertices(&coarse),
        vertices(&full)
    );
    assert!(coarse.wkb_bytes * 5 < full.wkb_bytes);
    for f in &coarse.features {
        // Valid (OGC), as GEOS judges it: the few simplified districts whose rings touched
        // were repaired on the server.
        assert!(
            geo::Validation::is_valid(&f.geometry),
            "{:?}",
            f.properties["name_en"]
        );
        let geo::Geometry::MultiPolygon(mp) = &f.geometry else {
            panic!("not a multipolygon: {:?}", f.properties)
        };
        for polygon in mp {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                assert!(ring.is_closed() && ring.0.len() >= 4);
            }
        }
        // Simplified to half a pixel, the district covers the same place.
        let id = &f.properties["id"];
        let original = full
            .features
            .iter()
            .find(|o| &o.properties["id"] == id)
            .unwrap();
        let (a, b) = (
            f.geometry.bounding_rect().unwrap(),
            original.geometry.bounding_rect().unwrap(),
        );
        assert!((a.min().x - b.min().x).abs() < 0.01 && (a.max().y - b.max().y).abs() < 0.01);
    }
}

#[test]
fn a_table_in_gauss_kruger_4545_lands_on_chongqing() {
    let Some(mut client) = connect() else { return };
    let schema = layer(&mut client, "atlas", "districts_4545");
    assert!(!schema.geographic);
    let extent = schema.extent.expect("an estimated extent in lon/lat");
    assert!(extent[0] > 105.0 && extent[2] < 110.5, "{extent:?}");
    let projected = client
        .fetch_view(&schema, &ViewRequest::new([106.4, 29.4, 106.7, 29.7], 0.0))
        .unwrap();
    let lonlat_schema = layer(&mut client, "atlas", "districts");
    let lonlat = client
        .fetch_view(
            &lonlat_schema,
            &ViewRequest::new([106.4, 29.4, 106.7, 29.7], 0.0),
        )
        .unwrap();
    assert_eq!(projected.features.len(), lonlat.features.len());
    for f in &projected.features {
        let twin = lonlat
            .features
            .iter()
            .find(|o| o.properties["id"] == f.properties["id"])
            .unwrap();
        let (a, b) = (
            f.geometry.bounding_rect().unwrap(),
            twin.geometry.bounding_rect().unwrap(),
        );
        // Within a metre or so after the round trip through 4545.
        assert!((a.min().x - b.min().x).abs() < 1e-5 && (a.min().y - b.min().y).abs() < 1e-5);
    }
}

#[test]
fn a_million_points_are_counted_in_cells_with_exact_totals_at_city_zoom() {
    let Some(mut client) = connect() else { return };
    let schema = layer(&mut client, "atlas", "points_1m");
    let result = client
        .fetch_view(&schema, &ViewRequest::new(CHONGQING, 500.0))
        .unwrap();
    assert!(result.aggregated);
    let total: i64 = result
        .features
        .iter()
        .map(|f| f.properties["point_count"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 1_000_000);
    assert!(result.features.len() < 5_000, "{}", result.features.len());
    // Zoomed in to a few streets, the points themselves come back.
    let close = client
        .fetch_view(
            &schema,
            &ViewRequest::new([106.5, 29.5, 106.52, 29.52], 2.0),
        )
        .unwrap();
    assert!(!close.aggregated);
    assert!(!close.features.is_empty() && close.features.len() < 5_000);
    assert!(
        close
            .features
            .iter()
            .all(|f| f.properties.contains_key("class"))
    );
}

#[test]
fn a_sampled_preview_shows_every_area_first_with_counts_marked_approximate() {
    let Some(mut client) = connect() else { return };
    let schema = layer(&mut client, "atlas", "points_1m");
    let request = ViewRequest::new(CHONGQING, 500.0).with_preview_above(200_000.0);
    let preview = client.fetch_view(&schema, &request).unwrap();
    assert!(preview.aggregated && preview.preview);
    assert!(
        preview
            .features
            .iter()
            .all(|f| f.properties["approximate"] == true)
    );
    let total: i64 = (preview.features.iter())
        .map(|f| f.properties["point_count"].as_i64().unwrap())
        .sum();
    assert!(
        (800_000..1_200_000).contains(&total),
        "scaled total {total}"
    );
    let exact = client
        .fetch_view(&schema, &ViewRequest::new(CHONGQING, 500.0))
        .unwrap();
    assert!(!exact.preview);
    // The sample already covers nearly every cell the exact count fills.
    assert!(preview.features.len() * 10 >= exact.features.len() * 9);
}

#[test]
fn a_hostile_table_name_lists_draws_identifies_and_harms_nothing() {
    let Some(mut client) = connect() else { return };
    let schema = layer(
        &mut client,
        "public",
        r#"odd "name"; drop table sentinel; --"#,
    );
    assert!(schema.columns.iter().any(|c| c.name == "key; --"));
    let drawn = client
        .fetch_view(&schema, &ViewRequest::new(CHONGQING, 100.0))
        .unwrap();
    assert_eq!(drawn.features.len(), 8);
    let hit = client
        .identify(&schema, 106.58, 29.56, 50.0)
        .unwrap()
        .expect("Yuzhong is in the hostile table");
    assert!(hit.properties.contains_key("名称"));
    let page = client.page(&schema, Some(("名称", true)), 0, 3).unwrap();
    assert_eq!(page.len(), 3);
    let (top, total) = client.top_values(&schema, "key; --", 3).unwrap();
    assert_eq!((top.len(), total), (3, 8));
    // The sentinel the name tries to drop is still there, and the session cannot write.
    assert!(client.is_read_only().unwrap());
    let (uri, password) = (std::env::var("ATLAS_PG_URI").unwrap(), server().unwrap().1);
    let mut config: postgres::Config = uri.parse().unwrap();
    let mut plain = config.password(&password).connect(postgres::NoTls).unwrap();
    let note: String = plain
        .query_one("SELECT note FROM sentinel", &[])
        .unwrap()
        .get(0);
    assert_eq!(note, "still here");
    let (address, password) = server().unwrap();
    let mut other = PgClient::connect(&address, Some(&password)).unwrap();
    assert!(other.spatial_tables().is_ok());
    let tables = other.spatial_tables().unwrap();
    assert!(tables.iter().any(|t| t.table.table == "districts"));
}

#[test]
fn a_click_is_a_point_query_returning_the_district_in_full_detail() {
    let Some(mut client) = connect() else { return };
    let schema = layer(&mut client, "atlas", "districts");
    let hit = client
        .identify(&schema, 106.58, 29.56, 20.0)
        .unwrap()
        .unwrap();
    assert_eq!(hit.properties["name_en"], "Yuzhong District");
    assert!(
        client
            .identify(&schema, 120.0, 10.0, 20.0)
            .unwrap()
            .is_none()
    );
    let geog = layer(&mut client, "atlas", "hubs_geog");
    let near = client
        .identify(&geog, 106.642, 29.719, 300.0)
        .unwrap()
        .unwrap();
    assert_eq!(near.properties["name"], "Jiangbei Airport");
}

#[test]
fn a_running_query_is_cancelled_on_the_server() {
    let Some(mut client) = connect() else { return };
    let schema = layer(&mut client, "atlas", "points_1m");
    let canceller = client.canceller();
    let started = std::time::Instant::now();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(150));
        canceller.cancel();
    });
    // Every point of the table sent one by one: seconds of work unless cancelled.
    let mut request = ViewRequest::new(CHONGQING, 0.0);
    request.aggregate_above = f64::INFINITY;
    request.max_features = 10_000_000;
    let result = client.fetch_view(&schema, &request);
    stopper.join().unwrap();
    match result {
        Err(PgError::Cancelled) => {}
        other => panic!(
            "expected a cancelled query after {:?}, got {:?}",
            started.elapsed(),
            other.map(|r| r.features.len())
        ),
    }
    // The connection is still good for the next view.
    let next = client.fetch_view(
        &schema,
        &ViewRequest::new([106.5, 29.5, 106.51, 29.51], 1.0),
    );
    assert!(next.is_ok());
}

#[test]
fn wrong_password_unknown_database_and_no_server_are_told_apart() {
    let Some((address, password)) = server() else {
        return;
    };
    let wrong = PgClient::connect(&address, Some("not-the-password"))
        .err()
        .unwrap();
    assert!(matches!(wrong, PgError::WrongPassword { .. }), "{wrong:?}");
    let missing = PgAddress {
        dbname: "no_such_db".into(),
        ..address.clone()
    };
    let err = PgClient::connect(&missing, Some(&password)).err().unwrap();
    assert!(matches!(err, PgError::UnknownDatabase { .. }), "{err:?}");
    if std::env::var_os("PGPASSWORD").is_none() && std::env::var_os("PGPASSFILE").is_none() {
        let err = PgClient::connect(&address, None).err().unwrap();
        assert!(matches!(err, PgError::PasswordNeeded { .. }), "{err:?}");
        assert!(err.to_string().contains("PGPASSWORD"));
    }
}

#[test]
fn no_server_at_the_address_is_a_clear_message_without_the_password() {
    let (address, _) = PgParams::parse("postgresql://someone@127.0.0.1:1/gis")
        .unwrap()
        .resolve(&chongqing_atlas::io::postgis::address::ProcessEnv)
        .unwrap();
    let err = PgClient::connect(&address, Some("secret-pw"))
        .err()
        .unwrap();
    assert!(matches!(err, PgError::Unreachable { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("127.0.0.1:1/gis") && !text.contains("secret-pw"),
        "{text}"
    );
    assert!(err.needs_reconnect());
}

#[test]
fn a_server_that_asks_for_tls_gets_it_through_rustls() {
    let Some((_, password)) = server() else {
        return;
    };
    let Ok(uri) = std::env::var("ATLAS_PG_TLS_URI") else {
        eprintln!("skipped: no TLS user configured (ATLAS_PG_TLS_URI)");
        return;
    };
    let resolve = |text: &str| {
        PgParams::parse(text)
            .unwrap()
            .resolve(&chongqing_atlas::io::postgis::address::ProcessEnv)
            .unwrap()
            .0
    };
    for mode in ["prefer", "require", "verify-full"] {
        let address = resolve(&format!("{uri}?sslmode={mode}"));
        let result = PgClient::connect(&address, Some(&password));
        if mode == "verify-full" {
            // A self-signed certificate is not trusted by the system's roots.
            let err = result.err().expect("an untrusted certificate is refused");
            assert!(matches!(err, PgError::Tls { .. }), "{err:?}");
            continue;
        }
        let mut client = result.unwrap();
        assert!(client.is_encrypted().unwrap(), "sslmode={mode}");
        assert!(!client.spatial_tables().unwrap().is_empty());
    }
    let plain = resolve(&format!("{uri}?sslmode=disable"));
    let err = PgClient::connect(&plain, Some(&password)).err().unwrap();
    assert!(matches!(err, PgError::NotAllowed { .. }), "{err:?}");
    assert!(err.to_string().contains("only over TLS"), "{err}");
}

#[test]
fn the_command_line_inspects_and_renders_a_table() {
    let Some((_, password)) = server() else {
        return;
    };
    let uri = std::env::var("ATLAS_PG_URI").unwrap();
    let exe = env!("CARGO_BIN_EXE_chongqing-atlas");
    let listed = std::process::Command::new(exe)
        .args(["inspect", &uri])
        .env("PGPASSWORD", &password)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.status.success(), "{text}");
    assert!(
        text.contains("atlas.points_1m (geom) POINT SRID 4326"),
        "{text}"
    );
    let json = std::process::Command::new(exe)
        .args(["inspect", "--json", &format!("{uri}#atlas.districts_4545")])
        .env("PGPASSWORD", &password)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let layer = &report["layers"][0];
    assert_eq!(layer["features"], 37);
    assert_eq!(layer["crs"], "EPSG:4545");
    let bbox: Vec<f64> = serde_json::from_value(layer["bbox"].clone()).unwrap();
    assert!(bbox[0] > 105.0 && bbox[2] < 110.5, "{bbox:?}");
    let out = scratch::scratch("atlas-pg.png");
    let rendered = std::process::Command::new(exe)
        .args(["render", "--no-thematic", "--size", "400x300", "--out"])
        .arg(&out)
        .arg(format!("{uri}#atlas.points_1m"))
        .env("PGPASSWORD", &password)
        .output()
        .unwrap();
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    assert!(std::fs::metadata(&out).unwrap().len() > 10_000);
    let no_password = std::process::Command::new(exe)
        .args(["inspect", &uri])
        .env_remove("PGPASSWORD")
        .env("PGPASSFILE", "/nonexistent")
        .output()
        .unwrap();
    assert!(!no_password.status.success());
    assert!(String::from_utf8_lossy(&no_password.stdout).contains("asks for a password"));
}

#[test]
fn a_filter_becomes_a_server_where_with_bound_values_and_a_refused_one_says_why() {
    use chongqing_atlas::analysis::expression::Filter;
    use chongqing_atlas::analysis::expression::to_sql::row_filter;
    let Some(mut client) = connect() else { return };
    let mut schema = layer(&mut client, "atlas", "districts");
    let everything = client
        .fetch_view(&schema, &ViewRequest::new(CHONGQING, 0.0))
        .unwrap();
    let filter = Filter::parse("level = 'county' AND name_zh LIKE '%县'").unwrap();
    let row = row_filter(&filter).unwrap();
    client.check_filter(&schema, &row).unwrap();
    schema.filter = Some(row);
    let filtered = client
        .fetch_view(&schema, &ViewRequest::new(CHONGQING, 0.0))
        .unwrap();
    let local = everything
        .features
        .iter()
        .filter(|f| filter.matches(f))
        .count();
    assert!(local > 0 && local < everything.features.len());
    assert_eq!(
        filtered.features.len(),
        local,
        "the server keeps what the app keeps"
    );
    assert!(filtered.features.iter().all(|f| filter.matches(f)));
    // A click and the table's pages see the filter too.
    let yuzhong = client.identify(&schema, 106.57, 29.55, 50.0).unwrap();
    assert!(yuzhong.is_none(), "渝中区 is no county");
    let page = client.page(&schema, None, 0, 100).unwrap();
    assert_eq!(page.len(), local);

    // A value that looks like SQL is a value: nothing matches, nothing is dropped.
    let hostile = Filter::parse("name_zh = 'x''; drop table sentinel; --'").unwrap();
    schema.filter = Some(row_filter(&hostile).unwrap());
    let none = client
        .fetch_view(&schema, &ViewRequest::new(CHONGQING, 0.0))
        .unwrap();
    assert!(none.features.is_empty());
    assert!(
        client.spatial_tables().is_ok(),
        "the session still works and the server kept its tables"
    );

    // Text compared with a number: the server refuses, in its own words.
    schema.filter = None;
    let wrong = row_filter(&Filter::parse("name_zh > 5").unwrap()).unwrap();
    let refused = client.check_filter(&schema, &wrong).unwrap_err();
    assert!(refused.to_string().contains("operator"), "{refused}");
}

#[test]
fn a_filter_on_a_million_points_is_counted_in_cells_on_the_server() {
    use chongqing_atlas::analysis::expression::Filter;
    use chongqing_atlas::analysis::expression::to_sql::row_filter;
    let Some(mut client) = connect() else { return };
    let mut schema = layer(&mut client, "atlas", "points_1m");
    schema.filter = Some(row_filter(&Filter::parse("class < 10").unwrap()).unwrap());
    let result = client
        .fetch_view(&schema, &ViewRequest::new(CHONGQING, 500.0))
        .unwrap();
    let total: i64 = (result.features.iter())
        .map(|f| f.properties["point_count"].as_i64().unwrap())
        .sum();
    let expected = (1..=1_000_000i64).filter(|i| i % 97 < 10).count() as i64;
    assert_eq!(total, expected);
}

/// A port that takes connections and never says a word, as a frozen proxy or a server whose
/// network path stopped answering: TCP holds, nothing comes back.
fn silent_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    port
}

#[test]
fn a_server_that_stops_answering_is_given_up_after_the_deadline_with_a_clear_message() {
    let port = silent_port();
    let (address, _) = PgParams::parse(&format!("postgresql://atlas@127.0.0.1:{port}/atlas"))
        .unwrap()
        .resolve(&chongqing_atlas::io::postgis::address::ProcessEnv)
        .unwrap();
    let started = std::time::Instant::now();
    let error = PgClient::connect_within(&address, Some("x"), std::time::Duration::from_secs(2))
        .map(|_| ())
        .unwrap_err();
    assert!(
        started.elapsed().as_secs_f64() < 6.0,
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(error, PgError::NoAnswer { seconds: 2, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("no answer from"), "{error}");
    assert!(error.needs_reconnect());
}
