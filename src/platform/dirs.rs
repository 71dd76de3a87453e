//! The app's folders, as the XDG base directory specification places them.

use std::path::PathBuf;

const APP_DIR: &str = "chongqing-atlas";

fn xdg(variable: &str, under_home: &str) -> PathBuf {
    std::env::var_os(variable)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(under_home)))
        .unwrap_or_else(std::env::temp_dir)
        .join(APP_DIR)
}

/// What can be rebuilt or fetched again: downloaded tiles, the unpacked offline basemap,
/// logs (`$XDG_CACHE_HOME/chongqing-atlas`, else `~/.cache/chongqing-atlas`).
pub fn cache_dir() -> PathBuf {
    xdg("XDG_CACHE_HOME", ".cache")
}

/// What the user would miss: crash reports and the session rescued from a crash
/// (`$XDG_DATA_HOME/chongqing-atlas`, else `~/.local/share/chongqing-atlas`).
pub fn data_dir() -> PathBuf {
    xdg("XDG_DATA_HOME", ".local/share")
}

/// Where the log files rotate.
pub fn log_dir() -> PathBuf {
    cache_dir().join("logs")
}
