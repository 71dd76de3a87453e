//! The command line as a user types it.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

use std::process::Command;

mod common;
use common::{scratch, write_temp};

fn atlas(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_chongqing-atlas"))
        .args(args)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn inspect_summarises_a_good_file() {
    let (code, text) = atlas(&["inspect", "geodata/chongqing_districts_2024.geojson"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("38 features"), "{text}");
    assert!(text.contains("MultiPolygon 38"), "{text}");
    assert!(text.contains("bbox: 105.28"), "{text}");
    assert!(text.contains("problems: none"), "{text}");
}

#[test]
fn the_format_is_found_by_content_first_and_an_unknown_one_is_named() {
    let point = r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [106.5, 29.5]}}"#;
    let path = write_temp("exported-by-a-portal.txt", point);
    let (code, text) = atlas(&["inspect", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("1 features (1 read, 0 skipped), GeoJSON, UTF-8"),
        "{text}"
    );
    let path = write_temp("photo.png", "\u{89}PNG\r\n\u{1a}\n not a map");
    let (code, text) = atlas(&["inspect", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("unrecognised file format"), "{text}");
    assert!(text.contains("\".png\""), "{text}");
}

#[test]
fn inspect_reports_where_a_file_is_broken_and_fails() {
    let path = write_temp(
        "broken.geojson",
        "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\" \"properties\": {}}\n]}",
    );
    let (code, text) = atlas(&["inspect", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("line 3"), "{text}");
    assert!(text.contains("broken.geojson"), "{text}");
}

#[test]
fn inspect_lists_bad_features_by_index_and_line() {
    let path = write_temp(
        "mixed.geojson",
        r#"{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "ok"}, "geometry": {"type": "Point", "coordinates": [106.5, 29.5]}},
{"type": "Feature", "properties": {"name": "projected"}, "geometry": {"type": "Point", "coordinates": [11860000, 3440000]}}
]}"#,
    );
    let (code, text) = atlas(&["inspect", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("2 features (2 read, 0 skipped)"), "{text}");
    assert!(
        text.contains("without geometry: 1 (kept as attribute rows)"),
        "{text}"
    );
    assert!(text.contains("feature 1 (line 3)"), "{text}");
    assert!(text.contains("projected CRS"), "{text}");
}

#[test]
fn render_writes_a_png_of_the_requested_size() {
    let out = scratch("atlas-render.png");
    let (code, text) = atlas(&[
        "render",
        "--out",
        out.to_str().unwrap(),
        "--size",
        "320x200",
        "--bbox",
        "106,29,108,31",
    ]);
    assert_eq!(code, 0, "{text}");
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (320, 200));
}

#[test]
fn render_rejects_a_bad_bbox_with_a_usage_error() {
    let (code, text) = atlas(&["render", "--out", "/tmp/x.png", "--bbox", "110,29,106,31"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("west < east"), "{text}");
}

#[test]
fn version_and_help_answer_in_the_system_language() {
    let (code, text) = atlas(&["--version"]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(
        text.trim(),
        format!("chongqing-atlas {}", env!("CARGO_PKG_VERSION"))
    );
    let help = |lang: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_chongqing-atlas"))
            .arg("--help")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let english = help("en_US.UTF-8");
    assert!(english.starts_with("usage:"), "{english}");
    assert!(english.contains("--version"), "{english}");
    let chinese = help("zh_CN.UTF-8");
    assert!(chinese.starts_with("用法："), "{chinese}");
    assert!(chinese.contains("把地图画成 PNG"), "{chinese}");
}

#[test]
fn a_crash_leaves_a_report_with_the_backtrace_and_the_last_log_lines() {
    let home = common::temp_dir("crash-cli");
    let out = Command::new(env!("CARGO_BIN_EXE_chongqing-atlas"))
        .env("CHONGQING_ATLAS_FORCE_PANIC", "start")
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(101), "{stderr}");
    let reports: Vec<_> = std::fs::read_dir(home.join("data/chongqing-atlas/crashes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(
        stderr.contains(&reports[0].display().to_string()),
        "the user is told where the report is: {stderr}"
    );
    let report = std::fs::read_to_string(&reports[0]).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    for part in [
        format!("version: {version}"),
        "message: a crash asked for by CHONGQING_ATLAS_FORCE_PANIC".to_owned(),
        "at: src/cli/mod.rs".to_owned(),
        "run_window".to_owned(),
        format!("Chongqing Atlas {version} starting"),
    ] {
        assert!(report.contains(&part), "{part:?} missing from:\n{report}");
    }
    // The log file the window writes has the same lines.
    let logs: Vec<_> = std::fs::read_dir(home.join("cache/chongqing-atlas/logs"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        logs.iter()
            .any(|l| l.contains("starting") && l.contains("crash at")),
        "{logs:?}"
    );
}

#[test]
fn inspect_stops_quietly_when_its_reader_closes_the_pipe() {
    use std::process::Stdio;
    let home = common::temp_dir("broken-pipe");
    let fixture = common::format_fixture("hubs_gbk.csv");
    let files: Vec<&std::path::Path> = std::iter::repeat_n(fixture.as_path(), 400).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chongqing-atlas"))
        .arg("inspect")
        .args(&files)
        .env("XDG_DATA_HOME", home.join("data"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // As `| head -1` does: read a little, then go away.
    let mut first = [0u8; 64];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "a panic: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !home.join("data/chongqing-atlas/crashes").exists(),
        "no crash report for a closed pipe"
    );
}

#[test]
fn render_gives_up_on_a_database_that_stops_answering_instead_of_hanging() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let out = scratch("frozen.png");
    let started = std::time::Instant::now();
    let result = Command::new(env!("CARGO_BIN_EXE_chongqing-atlas"))
        .args(["render", "--out"])
        .arg(&out)
        .arg(format!(
            "postgresql://atlas@127.0.0.1:{port}/atlas#public.t"
        ))
        .env("ATLAS_PG_DEADLINE_S", "2")
        .env("PGPASSWORD", "x")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    assert_eq!(result.status.code(), Some(1), "{text}");
    assert!(text.contains("no answer from"), "{text}");
    assert!(!out.exists());
}

/// `inspect` of `path` under a 2 GiB address-space limit: the exit code (None: killed by a
/// signal, as an abort on an allocation failure is), what it printed, and how long it took.
fn inspect_limited(path: &std::path::Path) -> (Option<i32>, String, std::time::Duration) {
    let started = std::time::Instant::now();
    let out = Command::new("prlimit")
        .arg(format!("--as={}", 2u64 << 30))
        .arg(env!("CARGO_BIN_EXE_chongqing-atlas"))
        .arg("inspect")
        .arg(path)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), text, started.elapsed())
}

#[test]
fn hostile_small_files_stay_within_two_gigabytes_and_say_what_is_wrong() {
    use std::io::Write as _;
    if Command::new("prlimit").arg("--version").output().is_err() {
        eprintln!("skipped: no prlimit (util-linux)");
        return;
    }
    // A CSV whose header is 200 MB of commas, gzipped to a few hundred kilobytes: it once
    // took 4.8 GB and aborted.
    let commas = scratch("commas_header.csv.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![b','; 1 << 20];
    for _ in 0..200 {
        gz.write_all(&block).unwrap();
    }
    gz.write_all(b"\nlon,lat\n106.5,29.5\n").unwrap();
    std::fs::write(&commas, gz.finish().unwrap()).unwrap();
    let (code, text, took) = inspect_limited(&commas);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("fields"), "{text}");
    assert!(took.as_secs() < 60, "{took:?}");

    // A Shapefile whose .shx points 200,000 entries at its first record: it once expanded to
    // 8 GB.
    let dir = scratch("shx-bomb");
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    for extension in ["shp", "dbf", "prj"] {
        std::fs::copy(
            fixtures.join(format!("districts_gbk.{extension}")),
            dir.join(format!("bomb.{extension}")),
        )
        .unwrap();
    }
    let shp = std::fs::read(dir.join("bomb.shp")).unwrap();
    let length = &shp[104..108];
    let entries = 200_000u32;
    let mut shx = shp[..100].to_vec();
    shx[24..28].copy_from_slice(&((100 + 8 * entries) / 2).to_be_bytes());
    for _ in 0..entries {
        shx.extend_from_slice(&50i32.to_be_bytes());
        shx.extend_from_slice(length);
    }
    std::fs::write(dir.join("bomb.shx"), &shx).unwrap();
    let (code, text, took) = inspect_limited(&dir.join("bomb.shp"));
    assert!(code.is_some(), "killed: {text}");
    assert!(text.contains("37 features"), "{text}");
    assert!(text.contains(".shx index"), "{text}");
    assert!(took.as_secs() < 60, "{took:?}");
}
