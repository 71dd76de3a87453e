//! Saving without harm: every writer works on a temporary name beside the chosen one and
//! renames at the end, so a failed save never leaves a half-written file under that name.

use std::path::{Path, PathBuf};

/// What a save wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub features: usize,
    /// Features the format could not hold (a Shapefile holds one kind of geometry).
    pub left_out: usize,
}

/// A temporary name beside `path` for writing, renamed to `path` when done.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

/// Runs `write` on the temporary name and renames the result to `path`; on failure the
/// temporary file is removed and nothing appears under the chosen name.
pub fn via_partial<T>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<T, String>,
) -> Result<T, String> {
    let partial = partial_path(path);
    let _ = std::fs::remove_file(&partial);
    let result = write(&partial).and_then(|value| {
        std::fs::rename(&partial, path)
            .map(|()| value)
            .map_err(|e| e.to_string())
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}
