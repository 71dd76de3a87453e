//! When the app panics on its main thread: a report in the data folder (version, OS,
//! message, backtrace, the last log lines), the session as it last was, and on the next
//! start a notice that names the report.
//!
//! Panics on other threads are logged with their backtrace and left to the code that runs
//! them: readers and workers catch theirs and tell the user what failed.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Set `CHONGQING_ATLAS_FORCE_PANIC=start` (before the window opens) or `=frame` (in the
/// window, once the files named at start are loaded) to see a crash report made.
pub const FORCE_PANIC_VARIABLE: &str = "CHONGQING_ATLAS_FORCE_PANIC";

const REPORTS: &str = "crashes";
const ANNOUNCED: &str = "announced";
const RESCUED_SESSION: &str = "rescued-session.json";

/// The session as the app last saw it, written out if it crashes.
static LAST_SESSION: Mutex<Option<String>> = Mutex::new(None);

/// Panics, as a test of the crash handler, if [`FORCE_PANIC_VARIABLE`] names this point of
/// the app (`start` or `frame`). The variable is read once: `frame` asks every frame.
#[track_caller]
pub fn crash_if_asked(at: &str) {
    static ASKED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let asked = ASKED.get_or_init(|| std::env::var(FORCE_PANIC_VARIABLE).ok());
    if asked.as_deref() == Some(at) {
        panic!("a crash asked for by {FORCE_PANIC_VARIABLE}");
    }
}

/// Now, as `20261130T031212Z`: a UTC time to put in a file name.
pub fn file_stamp_now() -> String {
    utc_timestamp(now_seconds())
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Keeps the app's session (serialised) to be saved if the app crashes before it saves it.
pub fn keep_session(session: String) {
    if let Ok(mut last) = LAST_SESSION.lock() {
        *last = Some(session);
    }
}

/// The session saved by a crash, once (the file is removed as it is read).
pub fn take_rescued_session(data_dir: &Path) -> Option<String> {
    let path = data_dir.join(RESCUED_SESSION);
    let text = std::fs::read_to_string(&path).ok()?;
    let _ = std::fs::remove_file(&path);
    Some(text)
}

/// Installs the panic hook; reports go to `data_dir/crashes`.
pub fn install(data_dir: PathBuf) {
    let main_thread = std::thread::current().id();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = panic_message(info.payload());
        let location = info
            .location()
            .map_or_else(|| "unknown".to_owned(), ToString::to_string);
        let backtrace = std::backtrace::Backtrace::force_capture();
        let thread = std::thread::current();
        if thread.id() != main_thread {
            tracing::error!(
                thread = thread.name().unwrap_or("unnamed"),
                "panic at {location}: {message}\n{backtrace}"
            );
            previous(info);
            return;
        }
        tracing::error!("crash at {location}: {message}");
        let report = Report {
            message: &message,
            location: &location,
            backtrace: &backtrace.to_string(),
            log: &super::logging::recent_lines(),
        };
        match write_report(&data_dir, &report) {
            Ok(path) => eprintln!(
                "Chongqing Atlas crashed. A report was written to {}\n重庆地图崩溃了，报告已写入 {}",
                path.display(),
                path.display()
            ),
            Err(e) => {
                eprintln!("Chongqing Atlas crashed, and its report could not be written: {e}")
            }
        }
        save_kept_session(&data_dir);
        previous(info);
    }));
}

fn panic_message(payload: &dyn std::any::Any) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(a panic without a message)".to_owned())
}

/// What a crash report says.
pub struct Report<'a> {
    pub message: &'a str,
    pub location: &'a str,
    pub backtrace: &'a str,
    pub log: &'a [String],
}

impl Report<'_> {
    pub fn text(&self, time: &str) -> String {
        format!(
            "Chongqing Atlas crash report\n\
             version: {}\n\
             time: {time}\n\
             os: {}\n\
             message: {}\n\
             at: {}\n\n\
             backtrace:\n{}\n\n\
             last log lines:\n{}\n",
            super::VERSION,
            os_description(),
            self.message,
            self.location,
            self.backtrace,
            self.log.join("\n")
        )
    }
}

/// Writes a report as `crashes/crash-<UTC time>.txt` and returns its path.
pub fn write_report(data_dir: &Path, report: &Report<'_>) -> std::io::Result<PathBuf> {
    let dir = data_dir.join(REPORTS);
    std::fs::create_dir_all(&dir)?;
    let time = utc_timestamp(now_seconds());
    let stamp: String = time.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut path = dir.join(format!("crash-{stamp}.txt"));
    for n in 2.. {
        if !path.exists() {
            break;
        }
        path = dir.join(format!("crash-{stamp}-{n}.txt"));
    }
    super::atomic::write(&path, report.text(&time).as_bytes())?;
    Ok(path)
}

/// Writes the session last handed to [`keep_session`], for the next start to restore.
pub fn save_kept_session(data_dir: &Path) {
    let session = match LAST_SESSION.lock() {
        Ok(s) => s.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    if let Some(session) = session {
        let written = std::fs::create_dir_all(data_dir).and_then(|()| {
            super::atomic::write(&data_dir.join(RESCUED_SESSION), session.as_bytes())
        });
        if let Err(e) = written {
            eprintln!("the session could not be saved: {e}");
        }
    }
}

/// Reports not yet shown to the user, oldest first; each is marked as shown.
pub fn announce_new_reports(data_dir: &Path) -> Vec<PathBuf> {
    let dir = data_dir.join(REPORTS);
    let announced_path = dir.join(ANNOUNCED);
    let announced = std::fs::read_to_string(&announced_path).unwrap_or_default();
    let known: std::collections::HashSet<&str> = announced.lines().collect();
    let mut new: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with("crash-") && n.ends_with(".txt") && !known.contains(n)
            })
        })
        .collect();
    new.sort();
    if !new.is_empty() {
        let mut list = announced;
        for path in &new {
            if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                list.push_str(name);
                list.push('\n');
            }
        }
        if let Err(e) = super::atomic::write(&announced_path, list.as_bytes()) {
            tracing::warn!("crash reports will be announced again: {e}");
        }
    }
    new
}

/// "Debian GNU/Linux 12 (bookworm), x86_64", or the OS family when os-release is absent.
fn os_description() -> String {
    let pretty = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_owned());
    format!("{pretty}, {}", std::env::consts::ARCH)
}

/// `2026-11-30T03:12:45Z` from seconds since 1970 (UTC), without a date library.
pub fn utc_timestamp(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_calendar_dates() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_timestamp(1_796_008_332), "2026-11-30T03:12:12Z");
    }

    #[test]
    fn a_report_is_announced_once() {
        let dir = std::env::temp_dir().join(format!("atlas-crash-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let report = Report {
            message: "boom",
            location: "src/x.rs:1:1",
            backtrace: "0: main",
            log: &["INFO started".to_owned()],
        };
        let path = write_report(&dir, &report).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        for part in [
            "version: ",
            "message: boom",
            "at: src/x.rs:1:1",
            "INFO started",
        ] {
            assert!(text.contains(part), "{part} missing from\n{text}");
        }
        assert_eq!(announce_new_reports(&dir), vec![path]);
        assert!(announce_new_reports(&dir).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_kept_session_is_saved_and_restored_once() {
        let dir = std::env::temp_dir().join(format!("atlas-rescue-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(take_rescued_session(&dir), None);
        keep_session(r#"{"view":[106.5,29.5,9.0]}"#.to_owned());
        save_kept_session(&dir);
        assert_eq!(
            take_rescued_session(&dir).as_deref(),
            Some(r#"{"view":[106.5,29.5,9.0]}"#)
        );
        assert_eq!(take_rescued_session(&dir), None, "restored once");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
