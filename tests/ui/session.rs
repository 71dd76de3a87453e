//! Per-file coordinate choices and the session that brings them back.

use chongqing_atlas::ui::AtlasApp;
use egui_kittest::kittest::Queryable;

use crate::common::*;

fn first_point(app: &AtlasApp, layer_name: &str) -> geo::Point<f64> {
    let layer = app.layers().iter().find(|l| l.name == layer_name).unwrap();
    match layer.features[0].geometry {
        geo::Geometry::Point(p) => p,
        ref g => panic!("{g:?}"),
    }
}

#[test]
fn a_file_reloaded_as_gcj02_shifts_onto_wgs84_and_the_next_session_restores_it() {
    let mut harness = harness();
    let path = write_temp(
        "gcj_site.geojson",
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"name": "Jiefangbei (GCJ-02)"},
        "geometry": {"type": "Point", "coordinates": [106.5770, 29.5572]}}]}"#,
    );
    drop_files(&mut harness, std::slice::from_ref(&path));
    let name = "gcj_site.geojson";
    let as_read = first_point(harness.state(), name);
    assert_eq!((as_read.x(), as_read.y()), (106.5770, 29.5572));
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Coordinates")
        .click();
    harness.run();
    harness.get_by_label("GCJ-02 → WGS84").click();
    wait_loads(&mut harness);
    let converted = first_point(harness.state(), name);
    let shift_m = chongqing_atlas::geometry::measure::path_length_m(&[
        (as_read.x(), as_read.y()),
        (converted.x(), converted.y()),
    ]);
    // GCJ-02 is offset a few hundred metres from WGS84 around Chongqing.
    assert!((200.0..800.0).contains(&shift_m), "shifted {shift_m} m");
    assert_eq!(
        harness.state().layers().len(),
        7,
        "replaced in place, not added"
    );
    assert_eq!(
        harness.state().file_crs(&path),
        Some(chongqing_atlas::io::crs::Crs::Gcj02)
    );
    // Hide it, then save the session the way eframe would and start again.
    harness.get_by_label(name).click();
    harness.run();
    let saved = serde_json::to_string(&harness.state().session()).unwrap();
    let zoom = harness.state().zoom();

    let mut next = self::harness();
    assert_eq!(next.state().layers().len(), 6);
    next.state_mut()
        .restore(serde_json::from_str(&saved).unwrap());
    wait_loads(&mut next);
    let app = next.state();
    let layer = app
        .layers()
        .iter()
        .find(|l| l.name == name)
        .expect("file reopened");
    assert!(!layer.visible, "its visibility is kept");
    let restored = first_point(app, name);
    assert_eq!((restored.x(), restored.y()), (converted.x(), converted.y()));
    assert!(
        (app.zoom() - zoom).abs() < 0.01,
        "view restored: {} vs {zoom}",
        app.zoom()
    );
}

#[test]
fn a_session_file_that_is_gone_is_reported_and_skipped() {
    let mut harness = harness();
    let session = chongqing_atlas::ui::Session {
        files: vec![chongqing_atlas::ui::SessionFile {
            path: "/nonexistent/gone.geojson".into(),
            name: None,
            layer: None,
            visible: true,
            opacity: 1.0,
            color: chongqing_atlas::model::Rgba::rgb(1, 2, 3),
            colour_by: None,
            graduated: None,
            filter: None,
            proportional: None,
            labels: None,
        }],
        ..Default::default()
    };
    harness.state_mut().restore(session);
    wait_loads(&mut harness);
    harness.get_by_label_contains("gone.geojson: not found");
    assert_eq!(harness.state().layers().len(), 6);
}
