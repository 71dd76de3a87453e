//! Structured logging through `tracing`: to stderr, to a daily-rotated file in the cache
//! folder, and to a short memory of recent lines that a crash report quotes. Records of the
//! `log` crate (eframe, wgpu, walkers) arrive through the same filters.
//!
//! `RUST_LOG` sets the level, as everywhere in the ecosystem (e.g.
//! `RUST_LOG=chongqing_atlas=debug`). Without it stderr gets warnings only, so the command
//! line tools stay quiet, and the file gets the app's own info lines.

use std::collections::VecDeque;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Lines a crash report quotes.
const RECENT_LINES: usize = 200;

/// Log files kept (one a day).
const KEPT_LOG_FILES: usize = 7;

static RECENT: Mutex<VecDeque<String>> = Mutex::new(VecDeque::new());

fn filter(default: &str) -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default))
}

/// Starts logging; `log_dir` gets the rotating file (`None`: stderr and memory only). A
/// folder that cannot be written is said on stderr and skipped: logging never stops the app.
pub fn init(log_dir: Option<&Path>) {
    let file = log_dir.and_then(|dir| {
        let appender = std::fs::create_dir_all(dir)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                tracing_appender::rolling::Builder::new()
                    .rotation(tracing_appender::rolling::Rotation::DAILY)
                    .filename_prefix("chongqing-atlas")
                    .filename_suffix("log")
                    .max_log_files(KEPT_LOG_FILES)
                    .build(dir)
                    .map_err(|e| e.to_string())
            });
        match appender {
            Ok(appender) => Some(appender),
            Err(e) => {
                eprintln!("chongqing-atlas: no log file in {}: {e}", dir.display());
                None
            }
        }
    });
    let app_lines = "warn,chongqing_atlas=info";
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter("warn"));
    let memory = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(RecentLines)
        .with_filter(filter(app_lines));
    let file = file.map(|appender| {
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(appender)
            .with_filter(filter(app_lines))
    });
    // A second init (tests start several apps in one process) keeps the first.
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(memory)
        .with(file)
        .try_init();
}

/// The last lines logged (oldest first), for a crash report.
pub fn recent_lines() -> Vec<String> {
    match RECENT.lock() {
        Ok(lines) => lines.iter().cloned().collect(),
        // A panic while logging: the lines are still there.
        Err(poisoned) => poisoned.into_inner().iter().cloned().collect(),
    }
}

/// Hands the formatter a buffer per event; the event's lines join the memory when it is done.
struct RecentLines;

impl<'a> MakeWriter<'a> for RecentLines {
    type Writer = EventLines;

    fn make_writer(&'a self) -> Self::Writer {
        EventLines(Vec::new())
    }
}

struct EventLines(Vec<u8>);

impl Write for EventLines {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for EventLines {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.0);
        let mut recent = match RECENT.lock() {
            Ok(recent) => recent,
            Err(poisoned) => poisoned.into_inner(),
        };
        for line in text.lines().filter(|l| !l.is_empty()) {
            if recent.len() == RECENT_LINES {
                recent.pop_front();
            }
            recent.push_back(line.to_owned());
        }
    }
}
