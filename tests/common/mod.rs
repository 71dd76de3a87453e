//! Helpers the test crates share: the app in a kittest harness, clicks and drops as a user
//! makes them, waiting on background work, temporary files.
#![allow(dead_code)] // each test crate uses its own subset

use chongqing_atlas::geometry::measure::label_point;
use chongqing_atlas::ui::Probe as _;
use chongqing_atlas::ui::{AppConfig, AtlasApp};
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::Contains;

#[path = "../scratch/mod.rs"]
mod scratch_folder;
pub use scratch_folder::scratch;

/// Unticks every bundled layer in the Layers panel, as a user would, so that only what a test
/// adds (or the basemap) is on the map.
pub fn hide_bundled_layers(harness: &mut Harness<'_, AtlasApp>) {
    for name in [
        "Logistics hubs & corridors",
        "Industrial projects & clusters",
        "Low-altitude economy",
        "Municipal figures",
        "Airports",
        "Districts & counties",
    ] {
        harness.get_by_label(name).click();
        harness.run();
    }
}

pub fn harness() -> Harness<'static, AtlasApp> {
    harness_with(|_| {})
}

/// The app as [`harness`] builds it, with `configure` applied to its start-up settings. Each
/// app gets a data folder of its own (crash reports, a rescued session).
pub fn harness_with(
    configure: impl FnOnce(&mut AppConfig) + 'static,
) -> Harness<'static, AtlasApp> {
    harness_sized([1100.0, 720.0], configure)
}

/// The app in a window of `size` points, as [`harness_with`] builds it.
pub fn harness_sized(
    size: [f32; 2],
    configure: impl FnOnce(&mut AppConfig) + 'static,
) -> Harness<'static, AtlasApp> {
    static APPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = APPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut config = AppConfig {
        basemap: false,
        restore_session: false,
        data_dir: scratch(&format!("atlas-data-{n}")),
        // Whatever the machine's locale: the tests read the English interface unless they
        // switch it.
        language: Some(chongqing_atlas::i18n::Language::English),
        ..AppConfig::default()
    };
    configure(&mut config);
    let mut harness = Harness::builder()
        .with_size(size)
        // Each zoom band that lands from the background asks for a frame: a fly-to across
        // several bands settles in more than kittest's default 4 steps.
        .with_max_steps(100)
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_eframe(move |cc| AtlasApp::new(cc, config));
    harness.run();
    harness
}

/// A point inside the named district, on screen, clear of every point symbol (so a click
/// there selects the district, not a project drawn on top of it).
pub fn inside(harness: &Harness<'_, AtlasApp>, name_zh: &str) -> Pos2 {
    let app = harness.state();
    let district = app
        .layer("districts")
        .unwrap()
        .features
        .iter()
        .find(|f| f.name_zh() == Some(name_zh))
        .unwrap();
    let symbols: Vec<Pos2> = app
        .layers()
        .iter()
        .filter(|l| l.id.0 != "districts")
        .flat_map(|l| l.features.iter())
        .filter_map(|f| match f.geometry {
            geo::Geometry::Point(p) => app.screen_pos(p.x(), p.y()),
            _ => None,
        })
        .collect();
    let start = label_point(&district.geometry).unwrap();
    let start = app.screen_pos(start.x(), start.y()).expect("map drawn");
    (0..400)
        .map(|i| {
            let (ring, step) = ((i / 8) as f32, (i % 8) as f32 * std::f32::consts::FRAC_PI_4);
            start + egui::vec2(step.cos(), step.sin()) * ring * 4.0
        })
        .find(|&pos| {
            let (lon, lat) = app.lonlat_at(pos).unwrap();
            district.geometry.contains(&geo::Point::new(lon, lat))
                && symbols.iter().all(|s| s.distance(pos) > 30.0)
        })
        .expect("a clear spot inside the district")
}

pub fn click_at(harness: &mut Harness<'_, AtlasApp>, pos: Pos2) {
    harness.event(Event::PointerMoved(pos));
    harness.step();
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
}

#[derive(Debug)]
pub struct DroppedPath(std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops files on the window and steps until their loads finish.
pub fn drop_files(harness: &mut Harness<'_, AtlasApp>, paths: &[std::path::PathBuf]) {
    for p in paths {
        harness
            .input_mut()
            .dropped_files
            .push(std::sync::Arc::new(DroppedPath(p.clone())));
    }
    wait_loads(harness);
}

/// Opens the layers a file's layer choice ticks by default (a GPX's tracks but not their
/// points), as a user clicking Open does; nothing when no choice is shown.
pub fn accept_layer_choice(harness: &mut Harness<'_, AtlasApp>) {
    if harness.query_by_label_contains("Layers of ").is_some() {
        harness.get_by_label("Open").click();
        harness.run();
        wait_loads(harness);
    }
}

/// A committed test file of another tool (`tests/fixtures/formats/`).
pub fn format_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// Steps the app until `done` holds, failing the test (not carrying on) after a generous
/// deadline: CI machines are small and run the tests side by side.
pub fn step_until(
    harness: &mut Harness<'_, AtlasApp>,
    what: &str,
    done: impl Fn(&AtlasApp) -> bool,
) {
    step_until_within(harness, what, 60, |h| done(h.state()));
}

/// Steps the app until `done` holds for the harness (the app, or what the screen shows),
/// failing the test after `seconds`.
pub fn step_until_within(
    harness: &mut Harness<'_, AtlasApp>,
    what: &str,
    seconds: u64,
    done: impl Fn(&Harness<'_, AtlasApp>) -> bool,
) {
    let start = std::time::Instant::now();
    harness.step();
    while !done(harness) {
        assert!(
            start.elapsed().as_secs() < seconds,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
    }
}

/// Steps the app while `busy` holds (see [`step_until`]), then lets it settle.
pub fn wait_while(
    harness: &mut Harness<'_, AtlasApp>,
    what: &str,
    busy: impl Fn(&AtlasApp) -> bool,
) {
    step_until(harness, what, |app| !busy(app));
    harness.run();
}

pub fn wait_loads(harness: &mut Harness<'_, AtlasApp>) {
    wait_while(harness, "the loads", AtlasApp::is_loading);
}

pub fn wait_jobs(harness: &mut Harness<'_, AtlasApp>) {
    wait_while(harness, "the layer export", AtlasApp::is_exporting_layer);
}

pub fn write_temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = scratch("cq-ui");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A fresh, empty directory for one test.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = scratch(&format!("atlas-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Compares the screen with its snapshot once the zoom bands in view are prepared: as in the
/// window, a band after a layer's first is prepared in the background.
pub fn snapshot(harness: &mut Harness<'_, AtlasApp>, name: &str) {
    wait_while(harness, "the zoom bands", AtlasApp::is_preparing);
    harness.snapshot(name);
}

/// A snapshot where up to `pixels` pixels may pass egui's colour threshold: for images whose
/// anti-aliased edges fall on a sub-pixel position that lavapipe rounds differently from one
/// CPU to another. Keep `pixels` to the few measured, never enough to hide a moved mark.
pub fn snapshot_allowing(harness: &mut Harness<'_, AtlasApp>, name: &str, pixels: usize) {
    wait_while(harness, "the zoom bands", AtlasApp::is_preparing);
    let options = egui_kittest::SnapshotOptions::new().max_failed_pixels(pixels);
    harness.snapshot_options(name, &options);
}

/// Clicks through a menu as a user does (the menu, a submenu, the item), letting the app
/// settle after each click, then presses Esc so no menu is left open.
pub fn choose_from_menu(harness: &mut Harness<'_, AtlasApp>, path: &[&str]) {
    for label in path {
        harness.get_by_label(label).click();
        harness.run();
    }
    harness.key_press(egui::Key::Escape);
    harness.run();
}

/// Drags from one point to another with the primary button, as a hand does.
pub fn drag(harness: &mut Harness<'_, AtlasApp>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.step();
    harness.drag_at(from);
    harness.step();
    for i in 1..=4 {
        harness.hover_at(from + (to - from) * (i as f32 / 4.0));
        harness.step();
    }
    harness.drop_at(to);
    harness.run();
}
