//! Command line: the window by default, `render` and `inspect` headless.

mod database;
mod inspect;
mod render;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::ui::{AppConfig, AtlasApp};

pub use inspect::{inspect_file, inspect_json};
pub use render::{RenderArgs, render_to_png};

const USAGE: &str = "usage:
  chongqing-atlas [FILE ...]                        open the map window (with files as layers)
  chongqing-atlas render --out map.png [--bbox W,S,E,N] [--size WxH] [--vintage current|2024] [--no-thematic] [FILE ...]
                                                    draw the map to a PNG, no window or GPU needed
  chongqing-atlas inspect [--json] FILE ...         validate and summarise files (every layer)
  chongqing-atlas inspect postgresql://user@host:port/db
                                                    list a PostGIS database's spatial tables
  chongqing-atlas inspect|render … postgresql://user@host:port/db#schema.table
                                                    a PostGIS table, as a file (password from
                                                    PGPASSWORD or ~/.pgpass)

Files: GeoJSON (also with a byte-order mark, in UTF-16 or GBK, with a legacy \"crs\"),
GeoJSONSeq, TopoJSON, Esri JSON, Shapefile (.shp or zipped), GeoPackage, FlatGeobuf,
KML/KMZ, GPX, CSV/TSV, Excel (.xlsx); gzipped (.gz) or zipped (.zip).";

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(flag) if flag.starts_with('-') => usage_error(&format!("unknown option {flag}")),
        _ => run_window(args.into_iter().map(PathBuf::from).collect()),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("chongqing-atlas: {message}\n{USAGE}");
    ExitCode::from(2)
}

fn run_window(files: Vec<PathBuf>) -> ExitCode {
    // reqwest is built without a default TLS provider; ring is the lighter one to build.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Chongqing Atlas")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
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
            eprintln!("chongqing-atlas: cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}
