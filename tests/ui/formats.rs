//! Opening the files GIS users exchange, as a user does: drop them on the window, see them
//! drawn in the right place with readable Chinese, and fix a wrong encoding or unrecognised
//! coordinate columns from the layer panel.

use chongqing_atlas::ui::Probe as _;
use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable;

use crate::common::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// A window showing nothing but the fixture `name`, dropped on it and opened as its last layer.
fn window_with_only(name: &str) -> egui_kittest::Harness<'static, chongqing_atlas::ui::AtlasApp> {
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    drop_files(&mut harness, &[fixture(name)]);
    let app = harness.state();
    assert_eq!(
        app.layers().last().unwrap().name,
        name,
        "{:?}",
        app.notices()
    );
    harness
}

#[test]
fn a_kml_is_drawn_in_its_own_colours() {
    let harness = window_with_only("hubs_gdal.kml");
    let layer = harness.state().layers().last().unwrap();
    let railway = (layer.features.iter())
        .find(|f| f.name_zh() == Some("郑渝高铁") || f.str_property("name") == Some("郑渝高铁"))
        .expect("the railway");
    // <LineStyle><color>ff0000ff</color>: KML's aabbggrr, opaque red.
    assert_eq!(
        layer.style.colors_for(railway).1,
        chongqing_atlas::model::Rgba::rgb(255, 0, 0)
    );
    // The layer panel's key lists the file's colours, which the user can change.
    harness.get_by_label("#ff0000 (3)");
}

#[test]
fn a_zipped_gauss_kruger_shapefile_lands_on_chongqing_and_is_clickable() {
    let mut harness = window_with_only("districts_gk108_shp.zip");
    let app = harness.state();
    let layer = app.layers().last().unwrap();
    assert_eq!(layer.features.len(), 37);
    let yuzhong = layer
        .features
        .iter()
        .find(|f| f.name_zh() == Some("渝中区"))
        .unwrap();
    let centre = geo::InteriorPoint::interior_point(&yuzhong.geometry).unwrap();
    let pos = app.screen_pos(centre.x(), centre.y()).unwrap();
    click_at(&mut harness, pos);
    assert_eq!(
        harness.state().selected_feature().and_then(|f| f.name_zh()),
        Some("渝中区")
    );
}

#[test]
fn a_wrongly_declared_encoding_is_reported_and_fixed_from_the_layer_panel() {
    let dir = temp_dir("wrong-cpg");
    for part in ["shp", "shx", "dbf", "prj"] {
        let from = fixture(&format!("districts_gbk.{part}"));
        std::fs::copy(from, dir.join(format!("mislabelled.{part}"))).unwrap();
    }
    std::fs::write(dir.join("mislabelled.cpg"), "UTF-8").unwrap();
    let mut harness = harness();
    drop_files(&mut harness, &[dir.join("mislabelled.shp")]);
    let layer = harness.state().layers().last().unwrap();
    assert_eq!(layer.reading.encoding, "UTF-8");
    assert!(
        (layer.warnings.iter()).any(|w| w.message.contains("reads as GBK")),
        "{:?}",
        layer.warnings
    );
    assert!(!layer.features.iter().any(|f| f.name_zh() == Some("渝中区")));

    harness.get_by_label("Text encoding").click();
    harness.run();
    harness.get_by_label("GBK (简体中文 Windows, 936)").click();
    harness.step();
    wait_loads(&mut harness);
    let layer = harness.state().layers().last().unwrap();
    assert_eq!(layer.reading.encoding, "GBK");
    assert_eq!(layer.name, "mislabelled.shp", "reread in place");
    assert!(layer.features.iter().any(|f| f.name_zh() == Some("渝中区")));
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
}

#[test]
fn table_columns_the_app_does_not_recognise_are_chosen_in_the_layer_panel() {
    let path = write_temp(
        "survey.csv",
        "site,X_WGS,Y_WGS\n朝天门,106.5855,29.5646\n解放碑,106.5770,29.5574\n",
    );
    let mut harness = harness();
    drop_files(&mut harness, &[path]);
    let layer = harness.state().layers().last().unwrap();
    assert_eq!(layer.features.len(), 2);
    assert!(
        !layer.features.iter().any(|f| f.has_location()),
        "not placed yet"
    );

    for (caption, column) in [("Lon", "X_WGS"), ("Lat", "Y_WGS")] {
        harness.get_by_label(caption).click();
        harness.run();
        harness.get_by_label(column).click();
        harness.step();
        wait_loads(&mut harness);
    }
    let layer = harness.state().layers().last().unwrap();
    assert!(layer.features.iter().all(|f| f.has_location()));
    let placed = harness
        .state()
        .layers()
        .last()
        .unwrap()
        .reading
        .placement
        .clone();
    assert_eq!(
        placed,
        Some(chongqing_atlas::model::Placement::LonLat {
            lon: "X_WGS".into(),
            lat: "Y_WGS".into()
        })
    );
}

#[test]
fn a_geopackage_with_several_layers_asks_which_to_open() {
    let mut harness = harness();
    let before = harness.state().layers().len();
    drop_files(&mut harness, &[fixture("chongqing.gpkg")]);
    assert_eq!(
        harness.state().layers().len(),
        before,
        "nothing opens before the choice"
    );
    harness.get_by_label("districts").click();
    harness.run();
    harness.get_by_label("Open").click();
    // Reading starts at once: its progress bar repaints until it is done.
    harness.step();
    wait_loads(&mut harness);
    let app = harness.state();
    assert_eq!(app.layers().len(), before + 1, "{:?}", app.notices());
    let layer = app.layers().last().unwrap();
    assert_eq!(layer.name, "chongqing.gpkg · hubs");
    assert_eq!(layer.features.len(), 9);
    assert!(
        harness.query_by_label("Layers of chongqing.gpkg").is_none(),
        "the window closed"
    );
}

#[test]
fn a_file_without_its_coordinate_system_asks_for_one_and_opens_in_it() {
    let dir = temp_dir("no-prj");
    for part in ["shp", "shx", "dbf", "cpg"] {
        let from = fixture(&format!("districts_gk108.{part}"));
        std::fs::copy(from, dir.join(format!("survey.{part}"))).unwrap();
    }
    let mut harness = harness();
    hide_bundled_layers(&mut harness);
    let before = harness.state().layers().len();
    drop_files(&mut harness, &[dir.join("survey.shp")]);
    assert_eq!(
        harness.state().layers().len(),
        before,
        "refused, not misplaced"
    );
    // Said in the notice and in the window that asks.
    let said = harness.query_all_by_label_contains("are not longitude/latitude");
    assert_eq!(said.count(), 2);
    let field = harness.get_by_label("EPSG code");
    field.click();
    harness.run();
    harness.get_by_label("EPSG code").type_text("999999");
    harness.run();
    harness.get_by_label("Read with this system").click();
    harness.run();
    harness.get_by_label_contains("unsupported coordinate reference system");
    harness.get_by_label("EPSG code").click();
    harness.run();
    for _ in 0..6 {
        harness.key_press(egui::Key::Backspace);
    }
    harness.get_by_label("EPSG code").type_text("4545");
    harness.run();
    harness.get_by_label("Read with this system").click();
    harness.step();
    wait_loads(&mut harness);
    let app = harness.state();
    assert_eq!(app.layers().len(), before + 1, "{:?}", app.notices());
    let layer = app.layers().last().unwrap();
    let bounds = layer.bounding_rect().unwrap();
    assert!(
        (105.0..106.0).contains(&bounds.min().x) && (110.0..111.0).contains(&bounds.max().x),
        "{bounds:?}"
    );
    assert_eq!(
        app.file_crs(&std::fs::canonicalize(dir.join("survey.shp")).unwrap()),
        Some(chongqing_atlas::io::crs::Crs::Epsg(4545)),
        "remembered for the file"
    );
}

#[test]
fn a_layer_s_problems_are_counted_under_it_one_warning_or_several() {
    let mut harness = harness();
    // Declares no coordinate system: that alone is one problem.
    let clean = write_temp("one_problem.csv", "name,lon,lat\nA,106.58,29.56\n");
    drop_files(&mut harness, &[clean]);
    assert_eq!(harness.state().layers().last().unwrap().warnings.len(), 1);
    harness.get_by_label("1 warning");
    assert!(harness.query_by_label("1 warnings").is_none());
    // Two rows without a place besides.
    let rough = write_temp(
        "three_problems.csv",
        "name,lon,lat\nA,106.58,29.56\nB,abc,29.5\nD,,\n",
    );
    drop_files(&mut harness, &[rough]);
    assert_eq!(harness.state().layers().last().unwrap().warnings.len(), 3);
    harness.get_by_label("3 warnings");
}
