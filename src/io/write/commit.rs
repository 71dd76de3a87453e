//! Saving without harm: every writer works on a temporary name beside the chosen one and
//! renames at the end, so a failed save never leaves a half-written file under that name.

use std::path::Path;

/// What a save wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub features: usize,
    /// Features the format could not hold (a Shapefile holds one kind of geometry).
    pub left_out: usize,
}

pub use crate::platform::atomic::partial_path;

/// Runs `write` on the temporary name and renames the result to `path` once it is on the
/// disk; on failure the temporary file is removed and nothing appears under the chosen name.
pub fn via_partial<T>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<T, String>,
) -> Result<T, String> {
    crate::platform::atomic::replace_with(path, |partial| write(partial).map_err(Failed))
        .map_err(|Failed(e)| e)
}

/// A writer's message, or the commit's own I/O error in words.
struct Failed(String);

impl From<std::io::Error> for Failed {
    fn from(e: std::io::Error) -> Self {
        Self(e.to_string())
    }
}
