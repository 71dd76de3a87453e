//! Command line: the window by default, `render` and `inspect` headless.

mod database;
mod inspect;
mod render;
mod render_project;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::ui::{AppConfig, AtlasApp};

pub use inspect::{inspect_file, inspect_json};
pub use render::RenderArgs;
pub use render_project::render_to_png;

const USAGE: &str = "usage:
  chongqing-atlas [FILE ...]                        open the map window (with files as layers)
  chongqing-atlas render --out map.png [--bbox W,S,E,N] [--size WxH] [--vintage current|2024] [--no-thematic] [FILE ...]
  chongqing-atlas render --project map.atlas --out map.png [--size WxH] [--bbox W,S,E,N]
                                                    draw the map to a PNG, no window or GPU needed
  chongqing-atlas inspect [--json] FILE ...         validate and summarise files (every layer)
  chongqing-atlas inspect postgresql://user@host:port/db
                                                    list a PostGIS database's spatial tables
  chongqing-atlas inspect|render … postgresql://user@host:port/db#schema.table
                                                    a PostGIS table, as a file (password from
                                                    PGPASSWORD or ~/.pgpass)
  chongqing-atlas --version | --help                the version | this help

Files: GeoJSON (also with a byte-order mark, in UTF-16 or GBK, with a legacy \"crs\"),
GeoJSONSeq, TopoJSON, Esri JSON, Shapefile (.shp or zipped), GeoPackage, FlatGeobuf,
KML/KMZ, GPX, CSV/TSV, Excel (.xlsx); gzipped (.gz) or zipped (.zip).

Logs: RUST_LOG sets the level (e.g. RUST_LOG=chongqing_atlas=debug); the window's log rotates
daily in ~/.cache/chongqing-atlas/logs. Crash reports go to ~/.local/share/chongqing-atlas/crashes.";

const USAGE_ZH: &str = "用法：
  chongqing-atlas [文件 ...]                         打开地图窗口（文件作为图层加入）
  chongqing-atlas render --out map.png [--bbox 西,南,东,北] [--size 宽x高] [--vintage current|2024] [--no-thematic] [文件 ...]
  chongqing-atlas render --project 地图.atlas --out map.png [--size 宽x高] [--bbox 西,南,东,北]
                                                    把地图画成 PNG，无需窗口或显卡
  chongqing-atlas inspect [--json] 文件 ...          校验并概述文件（每个图层）
  chongqing-atlas inspect postgresql://用户@主机:端口/数据库
                                                    列出 PostGIS 数据库中的空间表
  chongqing-atlas inspect|render … postgresql://用户@主机:端口/数据库#模式.表
                                                    把 PostGIS 表当作文件（密码取自
                                                    PGPASSWORD 或 ~/.pgpass）
  chongqing-atlas --version | --help                版本 | 本帮助

文件格式：GeoJSON（也可带字节顺序标记、UTF-16 或 GBK 编码、旧式 \"crs\"）、GeoJSONSeq、
TopoJSON、Esri JSON、Shapefile（.shp 或 zip 压缩包）、GeoPackage、FlatGeobuf、KML/KMZ、
GPX、CSV/TSV、Excel（.xlsx）；可为 gzip（.gz）或 zip（.zip）压缩。

日志：RUST_LOG 控制级别（如 RUST_LOG=chongqing_atlas=debug）；窗口的日志按天轮换，写在
~/.cache/chongqing-atlas/logs。崩溃报告写在 ~/.local/share/chongqing-atlas/crashes。";

/// The help in the system's language (`main` sets it from the locale first thing).
fn usage() -> &'static str {
    crate::i18n::language().pick(USAGE, USAGE_ZH)
}

/// `inspect a.shp b.gpkg | head`: when the reader of our output has gone, a command-line
/// tool stops there without a word, as `cat` does. Rust ignores SIGPIPE, so `println!`
/// panicked (rc 101) and left a crash report; the default action ends the process instead.
/// Sockets are unaffected: Rust sends on them with `MSG_NOSIGNAL`.
fn stop_quietly_when_the_reader_goes() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default at start, before any thread.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let window = args.first().is_none_or(|a| {
        !matches!(a.as_str(), "render" | "inspect" | "help") && !a.starts_with('-')
    });
    // Only the window writes a log file; the command-line tools log warnings to stderr.
    let log_dir = window.then(crate::platform::dirs::log_dir);
    crate::platform::logging::init(log_dir.as_deref());
    if !window {
        stop_quietly_when_the_reader_goes();
    }
    crate::platform::crash::install(crate::platform::dirs::data_dir());
    crate::i18n::set_language(crate::i18n::Language::from_environment());
    match args.first().map(String::as_str) {
        Some("render") => match RenderArgs::parse(&args[1..]) {
            Ok(render_args) => match render_to_png(&render_args) {
                Ok(summary) => {
                    eprintln!("{summary}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("chongqing-atlas render: {e}");
                    ExitCode::FAILURE
                }
            },
            Err(e) => usage_error(&e),
        },
        Some("inspect") => {
            let json = args.iter().any(|a| a == "--json");
            let files: Vec<&std::path::Path> = args[1..]
                .iter()
                .filter(|a| a.as_str() != "--json")
                .map(std::path::Path::new)
                .collect();
            if files.is_empty() {
                return usage_error("inspect needs at least one file");
            }
            let mut ok = true;
            let (databases, files): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| {
                f.to_str()
                    .is_some_and(crate::io::postgis::is_database_address)
            });
            for uri in databases.iter().filter_map(|d| d.to_str()) {
                let (report, db_ok) = database::inspect_database(uri, json);
                println!("{report}");
                ok &= db_ok;
            }
            if json && !files.is_empty() {
                let (report, all_ok) = inspect_json(&files);
                println!("{report}");
                ok &= all_ok;
            } else {
                for file in &files {
                    let (report, file_ok) = inspect_file(file);
                    println!("{report}");
                    ok &= file_ok;
                }
            }
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some("-h" | "--help" | "help") => {
            println!("{}", usage());
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!("chongqing-atlas {}", crate::platform::VERSION);
            ExitCode::SUCCESS
        }
        Some(flag) if flag.starts_with('-') => usage_error(&format!("unknown option {flag}")),
        _ => run_window(args.into_iter().map(PathBuf::from).collect()),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("chongqing-atlas: {message}\n{}", usage());
    ExitCode::from(2)
}

fn run_window(files: Vec<PathBuf>) -> ExitCode {
    tracing::info!(
        "Chongqing Atlas {} starting, {} file(s) on the command line",
        crate::platform::VERSION,
        files.len()
    );
    crate::platform::crash::crash_if_asked("start");
    // reqwest is built without a default TLS provider; ring is the lighter one to build.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Chongqing Atlas")
        // The desktop entry's name: the launcher and the taskbar match the window by it.
        .with_app_id("chongqing-atlas")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 400.0]);
    match eframe::icon_data::from_png_bytes(crate::ui::APP_ICON_PNG) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(e) => tracing::warn!("the window icon could not be read: {e}"),
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let config = AppConfig {
        files,
        ..AppConfig::default()
    };
    match eframe::run_native(
        "Chongqing Atlas",
        options,
        Box::new(|cc| Ok(Box::new(AtlasApp::new(cc, config)))),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("cannot open the window: {e}");
            eprintln!("chongqing-atlas: cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}
