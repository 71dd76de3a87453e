//! The online basemap path against a tile server on loopback (tests never reach the network):
//! tiles are fetched, drawn over the map and cached on disk; an unreachable server falls back
//! to the offline basemap with a status message; a bad template is refused.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chongqing_atlas::ui::Probe as _;
use chongqing_atlas::ui::{AppConfig, AtlasApp, BasemapChoice, BasemapStatus};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;
use common::{hide_bundled_layers, step_until, temp_dir};

fn harness(cache_dir: std::path::PathBuf) -> Harness<'static, AtlasApp> {
    harness_with(cache_dir, false, |_| {})
}

/// The app with or without the offline basemap, `setup` applied before its first frame.
fn harness_with(
    cache_dir: std::path::PathBuf,
    basemap: bool,
    setup: impl FnOnce(&mut AtlasApp) + 'static,
) -> Harness<'static, AtlasApp> {
    let mut harness = Harness::builder()
        .with_size([900.0, 600.0])
        .with_theme(egui::Theme::Light)
        .with_max_steps(100)
        .wgpu()
        .build_eframe(move |cc| {
            let mut app = AtlasApp::new(
                cc,
                AppConfig {
                    basemap,
                    files: vec![],
                    cache_dir,
                    restore_session: false,
                    ..AppConfig::default()
                },
            );
            setup(&mut app);
            app
        });
    harness.run();
    harness
}

fn magenta_tile() -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(256, 256, image::Rgba([255, 0, 255, 255]));
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

/// Serves the same PNG for every path and records the paths asked for.
fn tile_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    let tile = magenta_tile();
    // One thread per connection, as a real server: a client that connects and waits must
    // not hold up the app's reachability check.
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let seen = seen.clone();
            let tile = tile.clone();
            std::thread::spawn(move || {
                // Read the whole request head before answering, as a real server does:
                // closing with unread bytes resets the connection under the client.
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&head);
                let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
                seen.lock().unwrap().push(path);
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nCache-Control: max-age=86400\r\nConnection: close\r\n\r\n",
                    tile.len()
                );
                let _ = stream.write_all(&tile);
            });
        }
    });
    (port, requests)
}

fn dir_size(path: &std::path::Path) -> u64 {
    files_under(path)
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

/// The app on the local server's tiles: once the server is found reachable, draws until the
/// map shows the magenta tiles (or a minute passes). Returns whether it did.
fn show_online_tiles(harness: &mut Harness<'_, AtlasApp>, port: u16) -> bool {
    let template = format!("http://127.0.0.1:{port}/tiles/{{z}}/{{x}}/{{y}}.png");
    harness
        .state_mut()
        .set_basemap(BasemapChoice::Custom(template));
    step_until(harness, "the server check", |app| {
        let status = app.basemap_status();
        assert!(
            matches!(status, BasemapStatus::Online | BasemapStatus::Checking),
            "the loopback server must be found reachable, got {status:?}"
        );
        *status == BasemapStatus::Online
    });
    // Tiles arrive asynchronously: keep drawing until the map shows them.
    let start = Instant::now();
    loop {
        harness.step();
        let image = harness.render().expect("render");
        let rect = harness.state().map_rect().unwrap();
        let p = image.get_pixel((rect.right() - 20.0) as u32, (rect.bottom() - 20.0) as u32);
        if p[0] > 200 && p[1] < 60 && p[2] > 200 {
            return true;
        }
        if start.elapsed() > Duration::from_secs(60) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn map_tile_requests(requests: &Mutex<Vec<String>>) -> usize {
    let requests = requests.lock().unwrap();
    (requests.iter())
        .filter(|p| p.starts_with("/tiles/7/") || p.starts_with("/tiles/8/"))
        .count()
}

#[test]
fn online_tiles_from_a_local_server_are_drawn_and_cached() {
    let (port, requests) = tile_server();
    let cache = temp_dir("tiles-cache");
    let mut harness = harness(cache.clone());
    assert!(
        show_online_tiles(&mut harness, port),
        "the online tiles are drawn under the layers"
    );
    assert!(map_tile_requests(&requests) > 0);
    assert!(
        harness
            .query_all_by_label_contains("Custom XYZ URL: online")
            .count()
            >= 1
    );
    assert!(
        dir_size(&cache.join("tiles")) > 0,
        "downloaded tiles are cached in {}",
        cache.display()
    );
}

/// Every file under `dir`, recursively.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            if e.path().is_dir() {
                files_under(&e.path())
            } else {
                vec![e.path()]
            }
        })
        .collect()
}

#[test]
fn a_damaged_tile_in_the_http_cache_is_fetched_again() {
    let (port, requests) = tile_server();
    let cache = temp_dir("tiles-cache-damaged");
    {
        let mut first = harness(cache.clone());
        assert!(show_online_tiles(&mut first, port));
    }
    // The server says a tile keeps for a day: a second start draws from the cache alone.
    requests.lock().unwrap().clear();
    {
        let mut second = harness(cache.clone());
        assert!(show_online_tiles(&mut second, port));
    }
    assert_eq!(
        map_tile_requests(&requests),
        0,
        "cached tiles are not asked for again"
    );
    // Damage every stored tile (same length, other bytes), as a disk or a crash would.
    let stored = files_under(&cache.join("tiles/content-v2"));
    assert!(!stored.is_empty(), "the tiles are stored");
    for file in &stored {
        let length = std::fs::metadata(file).unwrap().len() as usize;
        std::fs::write(file, vec![0x5a; length]).unwrap();
    }
    requests.lock().unwrap().clear();
    let mut third = harness(cache.clone());
    assert!(
        show_online_tiles(&mut third, port),
        "the damaged tiles are fetched again and drawn"
    );
    assert!(map_tile_requests(&requests) > 0);
}

#[test]
fn a_damaged_copy_of_the_offline_basemap_in_the_cache_is_restored() {
    let cache = temp_dir("basemap-damaged");
    let yuzhong = |app: &mut AtlasApp| app.center_at(106.575, 29.56, 13.0);
    drop(harness_with(cache.clone(), true, yuzhong));
    let copies: Vec<_> = files_under(&cache)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pmtiles"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    // Same size, a damaged header and first tiles: the size check alone would pass it.
    let mut bytes = std::fs::read(&copies[0]).unwrap();
    let length = bytes.len();
    bytes[..65_536].fill(0);
    std::fs::write(&copies[0], &bytes).unwrap();
    let mut harness = harness_with(cache.clone(), true, yuzhong);
    harness.get_by_label_contains("has been restored");
    hide_bundled_layers(&mut harness);
    let share = rivers_once_drawn(&mut harness);
    assert!(share > 0.02, "no basemap drawn: rivers cover {share}");
    assert_eq!(
        std::fs::metadata(&copies[0]).unwrap().len() as usize,
        length
    );
}

#[test]
fn an_unreachable_server_falls_back_to_the_offline_basemap_and_says_so() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let mut harness = harness(temp_dir("unreachable"));
    // Through the picker, as a user would.
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Basemap")
        .click();
    harness.run();
    harness.get_by_label("Custom XYZ URL").click();
    harness.run();
    harness.get_by_label("Tile URL").focus();
    harness.run();
    harness
        .get_by_label("Tile URL")
        .type_text(&format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"));
    harness.run();
    harness.get_by_label("Use").click();
    harness.run();
    assert!(matches!(
        harness.state().basemap_choice(),
        BasemapChoice::Custom(t) if t.contains(&port.to_string())
    ));
    step_until(&mut harness, "the server check", |app| {
        matches!(app.basemap_status(), BasemapStatus::Unreachable(_))
    });
    harness.run();
    let label = "Custom XYZ URL unreachable, showing the offline basemap";
    assert!(harness.query_all_by_label_contains(label).count() >= 1);
    // The layers are all still there and drawn.
    assert_eq!(harness.state().layers().len(), 6);
}

#[test]
fn a_bad_template_or_file_is_refused_and_the_current_basemap_stays() {
    let mut harness = harness(temp_dir("bad-template"));
    harness
        .state_mut()
        .set_basemap(BasemapChoice::Custom("tile.example.org/{z}/{x}.png".into()));
    harness.run();
    assert_eq!(*harness.state().basemap_choice(), BasemapChoice::Offline);
    assert!(
        harness
            .query_all_by_label_contains("Basemap not changed")
            .count()
            >= 1
    );
    let not_pmtiles = temp_dir("bad-pmtiles").join("x.pmtiles");
    std::fs::write(&not_pmtiles, b"{\"type\": \"FeatureCollection\"}").unwrap();
    harness
        .state_mut()
        .set_basemap(BasemapChoice::LocalPmtiles(not_pmtiles));
    harness.run();
    assert_eq!(*harness.state().basemap_choice(), BasemapChoice::Offline);
    assert!(
        harness
            .query_all_by_label_contains("not a PMTiles v3 archive")
            .count()
            >= 1
    );
}

/// Share of the map's pixels in the basemap's river blue (the layers draw no blue here once
/// they are hidden, and the paper under the tiles is a warm grey).
fn river_share(harness: &mut Harness<'_, AtlasApp>) -> f64 {
    let image = harness.render().expect("render");
    let rect = harness.state().map_rect().unwrap();
    let (mut blue, mut all) = (0usize, 0usize);
    // The top two thirds: clear of the scale bar and the attribution.
    for y in rect.top() as u32 + 2..(rect.top() + rect.height() * 0.66) as u32 {
        for x in rect.left() as u32 + 2..rect.right() as u32 - 2 {
            let p = image.get_pixel(x, y);
            all += 1;
            if i32::from(p[2]) > i32::from(p[0]) + 30 {
                blue += 1;
            }
        }
    }
    blue as f64 / all as f64
}

/// Draws until the basemap's rivers cover 2% of the map (tiles load in the background), or a
/// minute passes; returns the share they cover.
fn rivers_once_drawn(harness: &mut Harness<'_, AtlasApp>) -> f64 {
    let start = Instant::now();
    loop {
        harness.step();
        let share = river_share(harness);
        if share > 0.02 || start.elapsed() > Duration::from_secs(60) {
            return share;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_offline_basemap_shows_when_the_map_opens_deeper_than_its_tiles_go() {
    // The Yuzhong peninsula, where the Jialing meets the Yangtze, two levels past the
    // bundled tiles' zoom 11, from the first frame on (as a restored session opens): no
    // lower zoom is seen first whose tiles could be enlarged.
    let mut harness = harness_with(temp_dir("deep-basemap"), true, |app| {
        app.center_at(106.575, 29.56, 13.0)
    });
    hide_bundled_layers(&mut harness);
    assert_eq!(harness.state().zoom(), 13.0);
    let share = rivers_once_drawn(&mut harness);
    // The two rivers, enlarged from the zoom-11 tiles, cover about 3% of this view.
    assert!(
        share > 0.02,
        "the rivers cover {:.2}% of the map: no basemap drawn",
        share * 100.0
    );
}
