//! PostGIS tables as layers, driven like a user: the connect dialog, the table list, the
//! layer drawn from the view's query, a click that asks the server, and a dead server that
//! says so and can be retried. Tests that need the server skip (with the reason) without
//! `ATLAS_PG_URI`; CI always sets it.

use egui_kittest::kittest::Queryable;

use crate::common::*;
use chongqing_atlas::live::postgis::LiveStatus;
use chongqing_atlas::ui::Probe as _;

fn server() -> Option<(String, String)> {
    match std::env::var("ATLAS_PG_URI") {
        Ok(uri) => Some((uri, std::env::var("ATLAS_PG_PASSWORD").unwrap_or_default())),
        Err(_) => {
            eprintln!(
                "skipped: no PostGIS configured (tools/postgis_dev.sh start; eval \"$(tools/postgis_dev.sh env)\")"
            );
            None
        }
    }
}

fn ready(app: &chongqing_atlas::ui::AtlasApp, id: &str) -> bool {
    matches!(app.database_status(id), Some(LiveStatus::Ready { .. })) && !app.is_fetching()
}

/// A database layer is in the stack, connected, and its view has arrived.
fn database_ready(app: &chongqing_atlas::ui::AtlasApp) -> bool {
    app.layers().iter().any(|l| l.source.is_database()) && ready(app, &db_layer_id(app))
}

/// The database layer's status satisfies `check`.
fn database_status(
    app: &chongqing_atlas::ui::AtlasApp,
    check: impl Fn(&LiveStatus) -> bool,
) -> bool {
    app.database_status(&db_layer_id(app)).is_some_and(check)
}

fn db_layer_id(app: &chongqing_atlas::ui::AtlasApp) -> String {
    let layer = app
        .layers()
        .iter()
        .find(|l| l.source.is_database())
        .expect("a database layer");
    layer.id.0.clone()
}

#[test]
fn a_table_added_through_the_dialog_is_drawn_clicked_and_identified_on_the_server() {
    let Some((uri, password)) = server() else {
        return;
    };
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Add PostGIS layer…").click();
    harness.run();
    harness.get_by_label("Address").click();
    harness.run();
    harness.get_by_label("Address").type_text(&uri);
    harness.get_by_label("Password").click();
    harness.run();
    harness.get_by_label("Password").type_text(&password);
    harness.run();
    harness.get_by_label("Connect").click();
    // The list arrives from a worker thread.
    step_until_within(&mut harness, "the table list", 30, |h| {
        h.query_by_label("atlas.districts").is_some()
    });
    assert!(
        harness
            .query_by_label("atlas.main_districts (view)")
            .is_some()
    );
    harness.get_by_label("atlas.districts").click();
    harness.run();
    harness.get_by_label("Add 1 layer").click();
    step_until(&mut harness, "the layer to be ready", database_ready);
    harness.run();
    let app = harness.state();
    let id = db_layer_id(app);
    let layer = app.layer(&id).unwrap();
    assert_eq!(layer.features.len(), 37, "the whole city is in view");
    assert!(
        harness
            .query_by_label_contains("37 features in view")
            .is_some()
    );

    // A click on Yuzhong selects it from the view and the server sends it in full.
    let pos = harness.state().screen_pos(106.575, 29.555).unwrap();
    click_at(&mut harness, pos);
    step_until_within(&mut harness, "the answer to the click", 30, |h| {
        h.state().identified_feature(&id).is_some()
    });
    let app = harness.state();
    let selected = app.selected_feature().expect("a selection");
    assert_eq!(selected.properties["name_en"], "Yuzhong District");
    let detail = app.identified_feature(&id).unwrap();
    assert_eq!(detail.properties["name_en"], "Yuzhong District");
    assert!(
        geo::CoordsIter::coords_count(&detail.geometry)
            >= geo::CoordsIter::coords_count(&selected.geometry)
    );
}

#[test]
fn a_database_that_is_not_there_says_disconnected_and_retry_keeps_other_layers() {
    let mut harness = harness();
    let before = harness.state().layers().len();
    let districts = harness.state().layer("districts").unwrap().features.len();
    harness
        .state_mut()
        .open_database("postgresql://nobody@127.0.0.1:1/gis#atlas.districts", None);
    step_until_within(&mut harness, "the failure to be reported", 30, |h| {
        database_status(h.state(), LiveStatus::is_failed)
    });
    harness.run();
    let shown = harness.query_by_label_contains("disconnected — no PostgreSQL server answers");
    assert!(shown.is_some(), "the layer row says what is wrong");
    assert_eq!(harness.state().layers().len(), before + 1);
    assert_eq!(
        harness.state().layer("districts").unwrap().features.len(),
        districts
    );
    // Retrying tries again and fails the same way, without a crash or a freeze.
    harness.get_by_label("Retry").click();
    harness.step();
    let id = db_layer_id(harness.state());
    assert!(matches!(
        harness.state().database_status(&id),
        Some(LiveStatus::Connecting)
    ));
    step_until_within(&mut harness, "the retry to fail", 30, |h| {
        database_status(h.state(), LiveStatus::is_failed)
    });
}

#[test]
fn a_refused_password_is_typed_in_the_layer_row_and_the_retry_connects() {
    let Some((uri, password)) = server() else {
        return;
    };
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    let with_table = format!("{uri}#atlas.points_1m");
    harness
        .state_mut()
        .open_database(&with_table, Some("wrong-password".into()));
    step_until_within(&mut harness, "the refusal to be reported", 30, |h| {
        database_status(h.state(), LiveStatus::needs_password)
    });
    harness.run();
    assert!(harness.query_by_label_contains("was refused").is_some());
    harness.get_by_label("Password").click();
    harness.run();
    harness.get_by_label("Password").type_text(&password);
    harness.run();
    harness.get_by_label("Retry").click();
    step_until(&mut harness, "the retry to connect", database_ready);
    harness.run();
    let id = db_layer_id(harness.state());
    // A million points over the city arrive as cells with exact counts, not a million rows.
    let app = harness.state();
    let layer = app.layer(&id).unwrap();
    let total: u64 = layer
        .features
        .iter()
        .filter_map(|f| f.cluster_count())
        .sum();
    assert!(layer.features.len() < 5_000, "{}", layer.features.len());
    assert!(total > 100_000, "{total}");
}

#[test]
fn the_attribute_table_of_a_database_layer_pages_and_sorts_on_the_server() {
    let Some((uri, password)) = server() else {
        return;
    };
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    harness
        .state_mut()
        .open_database(&format!("{uri}#atlas.points_1m"), Some(password));
    step_until(&mut harness, "the layer to be ready", database_ready);
    harness.run();
    // The database layer is on top: its row, and its Table button, come first.
    harness.get_all_by_label("Table").next().unwrap().click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("rows on the server")
            .is_some()
    );
    let wait_for = |harness: &mut egui_kittest::Harness<'_, chongqing_atlas::ui::AtlasApp>,
                    text: &str| {
        step_until_within(harness, text, 30, |h| h.query_by_label(text).is_some());
    };
    // First page in key order: id 1 comes first.
    wait_for(&mut harness, "1");
    // Sorted by the server, descending: the last id of the million, not in any view yet.
    harness.get_by_label("id").click();
    harness.run();
    harness.get_by_label("id ▲").click();
    harness.run();
    wait_for(&mut harness, "1000000");
    harness.get_by_label("1000000").click();
    step_until(&mut harness, "the row to be selected on the map", |app| {
        app.selected_feature()
            .is_some_and(|f| f.properties["id"] == 1_000_000)
    });
}

#[test]
fn colour_by_a_column_of_a_database_layer_counts_the_whole_table_on_the_server() {
    let Some((uri, password)) = server() else {
        return;
    };
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    harness
        .state_mut()
        .open_database(&format!("{uri}#atlas.points_1m"), Some(password));
    step_until(&mut harness, "the layer to be ready", database_ready);
    harness.run();
    // The view holds counted cells, yet the menu offers the table's columns.
    harness
        .get_all_by_label("Colour by")
        .next()
        .unwrap()
        .click();
    harness.run();
    harness.get_by_label("class").click();
    harness.run();
    let id = db_layer_id(harness.state());
    // Classes from the server count the whole table, not the cells in view.
    step_until(&mut harness, "classes from the server", |app| {
        app.layer(&id)
            .and_then(|l| l.style.categories.as_ref())
            .is_some_and(|c| {
                c.classes.iter().map(|(_, _, n)| n).sum::<usize>() + c.other == 1_000_000
            })
    });
    let c = harness
        .state()
        .layer(&id)
        .unwrap()
        .style
        .categories
        .clone()
        .unwrap();
    assert_eq!(c.property, "class");
    assert_eq!(c.classes.len(), 10);
    assert!(
        c.classes
            .iter()
            .all(|(_, _, n)| (10_300..10_320).contains(n))
    );
}

#[test]
fn the_session_remembers_database_layers_and_connections_but_never_the_password() {
    let mut harness = harness();
    harness.state_mut().open_database(
        "postgresql://analyst:secret-pw-123@127.0.0.1:1/gis#atlas.districts",
        None,
    );
    harness.step();
    let id = db_layer_id(harness.state());
    let index = harness
        .state()
        .layer_stack()
        .position(&chongqing_atlas::model::LayerId(id.clone()))
        .unwrap();
    harness
        .state_mut()
        .set_layer_colour_by(index, Some("name_en"));
    let saved = serde_json::to_string(&harness.state().session()).unwrap();
    assert!(!saved.contains("secret-pw-123"), "{saved}");
    assert!(saved.contains("\"colour_by\":\"name_en\""), "{saved}");
    assert!(saved.contains("atlas") && saved.contains("analyst"));
    let mut next = self::harness();
    next.state_mut()
        .restore(serde_json::from_str(&saved).unwrap());
    next.step();
    let restored: Vec<_> = (next.state().layers().iter())
        .filter(|l| l.source.is_database())
        .map(|l| l.name.clone())
        .collect();
    assert_eq!(restored.len(), 1, "{restored:?}");
    assert!(restored[0].starts_with("atlas.districts"));
    let layer = (next.state().layers().iter())
        .find(|l| l.source.is_database())
        .unwrap();
    assert_eq!(
        layer.style.categories.as_ref().map(|c| c.property.as_str()),
        Some("name_en")
    );
}

#[test]
fn a_connection_lost_mid_session_says_so_and_retry_reconnects() {
    let Some((uri, password)) = server() else {
        return;
    };
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    harness.state_mut().open_database(
        &format!("{uri}?application_name=atlas-lost-test#atlas.districts"),
        Some(password.clone()),
    );
    let wait_ready = |harness: &mut egui_kittest::Harness<'_, chongqing_atlas::ui::AtlasApp>| {
        step_until(harness, "the layer to be ready", database_ready);
        harness.run();
    };
    wait_ready(&mut harness);
    // The server drops the layer's connection (as a restart or a DBA would); only this
    // test's, named by its application_name, as other tests run beside it.
    let mut config: postgres::Config = uri.parse().unwrap();
    let mut admin = config.password(&password).connect(postgres::NoTls).unwrap();
    let killed: i64 = admin
        .query_one(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE application_name = 'atlas-lost-test') t",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(killed >= 1);
    // The next view needs the server: the map moves far enough to ask.
    harness.state_mut().center_at(108.4, 30.8, 11.0);
    let id = db_layer_id(harness.state());
    step_until_within(
        &mut harness,
        "the lost connection to be reported",
        30,
        |h| database_status(h.state(), LiveStatus::is_failed),
    );
    harness.run();
    assert!(harness.query_by_label_contains("disconnected — ").is_some());
    harness.get_by_label("Retry").click();
    wait_ready(&mut harness);
    assert!(!harness.state().layer(&id).unwrap().features.is_empty());
}

#[test]
fn panning_back_to_a_window_already_fetched_draws_it_again_without_a_query() {
    let Some((uri, password)) = server() else {
        return;
    };
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    harness
        .state_mut()
        .open_database(&format!("{uri}#atlas.districts"), Some(password));
    let settle = |harness: &mut egui_kittest::Harness<'_, chongqing_atlas::ui::AtlasApp>| {
        // One frame asks for the view; then wait for its answer.
        harness.step();
        harness.step();
        step_until(harness, "the view", database_ready);
    };
    settle(&mut harness);
    let id = db_layer_id(harness.state());
    harness.state_mut().center_at(106.55, 29.56, 11.0);
    settle(&mut harness);
    let first = harness.state().layer(&id).unwrap().features.clone();
    assert!(!first.is_empty());
    harness.state_mut().center_at(108.4, 30.8, 11.0);
    settle(&mut harness);
    let elsewhere = harness.state().layer(&id).unwrap().features.clone();
    assert!(!std::sync::Arc::ptr_eq(&first, &elsewhere));
    harness.state_mut().center_at(106.55, 29.56, 11.0);
    settle(&mut harness);
    let back = harness.state().layer(&id).unwrap().features.clone();
    assert!(
        std::sync::Arc::ptr_eq(&first, &back),
        "the window was fetched again instead of coming from the cache"
    );
}

/// A database layer on a view whose rows wait half a second each (its query runs ~18 s unless
/// stopped), once that query runs; and how many of its queries are running on the server.
fn slow_layer_running(
    app_name: &str,
) -> Option<(
    egui_kittest::Harness<'static, chongqing_atlas::ui::AtlasApp>,
    impl Fn() -> i64,
)> {
    let (uri, password) = server()?;
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    harness.state_mut().open_database(
        &format!("{uri}?application_name={app_name}#atlas.slow_districts"),
        Some(password.clone()),
    );
    let mut config: postgres::Config = uri.parse().unwrap();
    let admin =
        std::cell::RefCell::new(config.password(&password).connect(postgres::NoTls).unwrap());
    let app_name = app_name.to_string();
    let running = move || -> i64 {
        admin
            .borrow_mut()
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1
                   AND state = 'active' AND query LIKE '%slow_districts%'
                   AND query NOT LIKE 'EXPLAIN%'",
                &[&app_name],
            )
            .unwrap()
            .get(0)
    };
    step_until_within(&mut harness, "the slow view's query to run", 30, |_| {
        running() == 1
    });
    Some((harness, running))
}

fn assert_stops_within_seconds(running: impl Fn() -> i64, seconds: u64) {
    let since = std::time::Instant::now();
    while running() > 0 {
        assert!(
            since.elapsed().as_secs() < seconds,
            "the query still runs on the server"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn removing_a_database_layer_stops_its_running_query_on_the_server() {
    let Some((mut harness, running)) = slow_layer_running("atlas-remove-test") else {
        return;
    };
    harness.get_by_label("×").click();
    harness.run();
    assert!(
        harness
            .state()
            .layers()
            .iter()
            .all(|l| !l.source.is_database())
    );
    assert_stops_within_seconds(running, 5);
}

#[test]
fn closing_the_window_stops_a_database_layers_running_query_on_the_server() {
    let Some((harness, running)) = slow_layer_running("atlas-close-test") else {
        return;
    };
    drop(harness);
    assert_stops_within_seconds(running, 5);
}

#[test]
fn a_filter_on_a_database_layer_is_the_servers_where_and_a_refused_one_stays_out() {
    use crate::filter::type_filter;
    use egui::accesskit::Role;
    let Some((uri, password)) = server() else {
        return;
    };
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    harness
        .state_mut()
        .open_database(&format!("{uri}#atlas.districts"), Some(password));
    step_until(&mut harness, "the layer to be ready", database_ready);
    let id = db_layer_id(harness.state());
    harness
        .query_all_by_role_and_label(Role::Button, "Filter")
        .next()
        .unwrap()
        .click();
    harness.run();
    type_filter(&mut harness, "level = 'county'");
    step_until(&mut harness, "the filtered view", |app| {
        ready(app, &id)
            && app.layer(&id).is_some_and(|l| {
                !l.features.is_empty()
                    && l.features.len() < 37
                    && l.features
                        .iter()
                        .all(|f| f.str_property("level") == Some("county"))
            })
    });
    // Text compared with a number: the server refuses it and the county filter stays.
    type_filter(&mut harness, "name_zh > 5");
    step_until_within(&mut harness, "the refusal", 60, |h| {
        h.query_by_label_contains("The server refused the filter")
            .is_some()
    });
    let layer = harness.state().layer(&id).unwrap();
    assert_eq!(layer.filter.as_deref(), Some("level = 'county'"));
    assert!(
        layer
            .features
            .iter()
            .all(|f| f.str_property("level") == Some("county"))
    );
}

/// A TCP proxy to the test server that can freeze: while frozen it passes nothing either way
/// and holds the connections open, as a network path that stops answering does.
fn freezable_proxy(upstream: &str) -> (u16, std::sync::Arc<std::sync::atomic::AtomicBool>) {
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicBool, Ordering};
    let frozen = std::sync::Arc::new(AtomicBool::new(false));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let upstream = upstream.to_string();
    let switch = frozen.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = std::net::TcpStream::connect(&upstream) else {
                continue;
            };
            for (mut from, mut to) in [
                (client.try_clone().unwrap(), server.try_clone().unwrap()),
                (server, client),
            ] {
                let frozen = switch.clone();
                std::thread::spawn(move || {
                    let mut buffer = [0u8; 16 * 1024];
                    while let Ok(n) = from.read(&mut buffer) {
                        if n == 0 {
                            break;
                        }
                        while frozen.load(Ordering::SeqCst) {
                            std::thread::sleep(std::time::Duration::from_millis(20));
                        }
                        if to.write_all(&buffer[..n]).is_err() {
                            break;
                        }
                    }
                });
            }
        }
    });
    (port, frozen)
}

#[test]
fn a_server_that_stops_answering_mid_session_says_so_and_retry_brings_the_layer_back() {
    let Some((uri, password)) = server() else {
        return;
    };
    // postgresql://user@host:port/db → the host:port the proxy forwards to.
    let after_at = uri.split('@').nth(1).unwrap();
    let upstream = after_at.split('/').next().unwrap();
    let (port, frozen) = freezable_proxy(upstream);
    let proxied = uri.replace(upstream, &format!("127.0.0.1:{port}"));
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    harness.state_mut().open_database(
        &format!("{proxied}#atlas.districts"),
        Some(password.clone()),
    );
    step_until(&mut harness, "the layer to be ready", database_ready);
    let id = db_layer_id(harness.state());
    harness
        .state_mut()
        .set_database_deadline(&id, std::time::Duration::from_secs(2));
    frozen.store(true, std::sync::atomic::Ordering::SeqCst);
    // Far in, and away: the next view needs a query, which the frozen path never answers.
    for _ in 0..6 {
        harness.key_press(egui::Key::Plus);
        harness.run();
    }
    for _ in 0..3 {
        harness.key_press(egui::Key::ArrowRight);
        harness.run();
    }
    step_until_within(&mut harness, "no answer", 30, |h| {
        database_status(h.state(), |s| s.describe().contains("no answer from"))
    });
    frozen.store(false, std::sync::atomic::Ordering::SeqCst);
    harness.get_by_label("Retry").click();
    harness.run();
    step_until(&mut harness, "the layer back", |app| ready(app, &id));
}
