//! Project files (issue 30), as a user keeps a map: saved from File ▸ Save project…, opened
//! again in a fresh window (layers, looks, filter, view), opened with its data gone (a row
//! that says so), and drawn by `render --project`.

use std::path::{Path, PathBuf};

use chongqing_atlas::ui::AtlasApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::analysis::layer_named;
use crate::choosing::deliveries;
use crate::common::*;
use crate::filter::type_filter;

fn type_in(harness: &mut Harness<'_, AtlasApp>, caption: &str, text: &str) {
    harness.get_by_label(caption).click();
    harness.run();
    harness.get_by_label(caption).type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

fn open_through_menu(harness: &mut Harness<'_, AtlasApp>, path: &Path) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open path…").click();
    harness.run();
    type_in(harness, "Path", &path.display().to_string());
    step_until(harness, "the project", |app| !app.is_busy_with_project());
    wait_loads(harness);
}

/// A map worth keeping: a CSV filtered to its heavy deliveries, districts in classes of their
/// area, saved from the File menu.
fn save_a_project(folder: &Path) -> (PathBuf, usize) {
    let csv = folder.join("data/deliveries.csv");
    std::fs::create_dir_all(csv.parent().unwrap()).unwrap();
    std::fs::write(&csv, deliveries()).unwrap();
    let mut harness = harness();
    drop_files(&mut harness, &[csv]);
    wait_loads(&mut harness);
    harness
        .query_all_by_role_and_label(egui::accesskit::Role::Button, "Filter")
        .next()
        .unwrap()
        .click();
    harness.run();
    type_filter(&mut harness, "tonnes >= 30");
    let kept = (0..20)
        .flat_map(|i| (0..20).map(move |j| i + j))
        .filter(|t| *t >= 30)
        .count();
    step_until(&mut harness, "the filter", |app| {
        (app.layers().iter()).any(|l| l.name == "deliveries.csv" && l.features.len() == kept)
    });
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Save project…").click();
    harness.run();
    let project = folder.join("deliveries.atlas");
    type_in(&mut harness, "Path", &project.display().to_string());
    step_until(&mut harness, "the save", |app| !app.is_busy_with_project());
    harness.get_by_label_contains("Project saved to");
    (project, kept)
}

#[test]
fn a_project_saved_reopens_with_its_filter_and_draws_from_the_command_line() {
    let folder = temp_dir("project-roundtrip");
    let (project, kept) = save_a_project(&folder);
    let text = std::fs::read_to_string(&project).unwrap();
    assert!(
        text.contains("\"data/deliveries.csv\""),
        "relative path: {text}"
    );

    let mut fresh = harness();
    open_through_menu(&mut fresh, &project);
    let layer = layer_named(&fresh, "deliveries.csv");
    assert_eq!(layer.filter.as_deref(), Some("tonnes >= 30"));
    step_until(&mut fresh, "the filter", |app| {
        (app.layers().iter()).any(|l| l.name == "deliveries.csv" && l.features.len() == kept)
    });
    fresh.get_by_label(&format!("{kept} of 400 shown"));

    // The command line draws the same project: kept deliveries in the layer's colour, the
    // others not at all.
    let png = folder.join("deliveries.png");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chongqing-atlas"))
        .args(["render", "--project"])
        .arg(&project)
        .arg("--out")
        .arg(&png)
        .args(["--size", "900x700"])
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    let saved = chongqing_atlas::project::Project::open(&project).unwrap();
    let colour = saved.files[0].color;
    let image = image::open(&png).unwrap().to_rgba8();
    let (lon, lat, zoom) = saved.view.unwrap();
    let view = chongqing_atlas::geometry::ViewTransform::new(
        chongqing_atlas::geometry::lonlat_to_mercator(lon, lat),
        zoom,
        [450.0, 350.0],
    );
    let near_colour = |lon: f64, lat: f64| {
        let [x, y] = view.to_screen(chongqing_atlas::geometry::lonlat_to_mercator(lon, lat));
        (-3i32..=3).any(|dx| {
            (-3i32..=3).any(|dy| {
                let (px, py) = (x as i32 + dx, y as i32 + dy);
                image
                    .get_pixel_checked(px as u32, py as u32)
                    .is_some_and(|p| {
                        (0..3).all(|c| (i32::from(p[c]) - i32::from(colour.0[c])).abs() < 40)
                    })
            })
        })
    };
    // (19, 19): tonnes 38, kept; (0, 0): tonnes 0, filtered out.
    assert!(
        near_colour(105.4 + 19.0 * 0.24, 28.3 + 19.0 * 0.19),
        "a kept point is drawn"
    );
    assert!(!near_colour(105.4, 28.3), "a filtered point is not");
}

#[test]
fn a_project_whose_data_is_gone_opens_with_a_row_that_says_so() {
    let folder = temp_dir("project-missing");
    let (project, _) = save_a_project(&folder);
    std::fs::remove_file(folder.join("data/deliveries.csv")).unwrap();
    let mut fresh = harness();
    open_through_menu(&mut fresh, &project);
    let layer = layer_named(&fresh, "deliveries.csv");
    assert!(layer.features.is_empty());
    assert!(
        layer
            .warnings
            .iter()
            .any(|w| w.message.contains("source not found")),
        "{:?}",
        layer.warnings
    );
    fresh.get_by_label("1 warning");
    // Saved again, the project still lists it.
    fresh.state_mut().save_project(&folder.join("again.atlas"));
    step_until(&mut fresh, "the save", |app| !app.is_busy_with_project());
    let again = std::fs::read_to_string(folder.join("again.atlas")).unwrap();
    assert!(again.contains("data/deliveries.csv"), "{again}");
}
