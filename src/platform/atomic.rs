//! Replacing a file without harm. Every file the app writes for the user (exports, rendered
//! PNGs, the session, crash reports) is written under a temporary name in the same folder,
//! flushed to the disk, then renamed over the chosen name. A full disk, an error or a
//! `kill -9` half-way leaves the previous file as it was, never a truncated one.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The temporary name beside `path`: `map.png` → `.map.png.partial`. Hidden, so a file
/// manager does not show a half-written file to the user.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".partial");
    path.with_file_name(name)
}

/// Flushes a finished `partial` to the disk and renames it to `path`, then flushes the
/// folder so that the rename itself survives a power cut.
pub fn commit(partial: &Path, path: &Path) -> std::io::Result<()> {
    std::fs::File::open(partial)?.sync_all()?;
    std::fs::rename(partial, path)?;
    sync_folder(path);
    Ok(())
}

/// Runs `write` on the temporary name and commits it to `path`; on any failure the
/// temporary file is removed and `path` keeps what it held.
pub fn replace_with<T, E: From<std::io::Error>>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<T, E>,
) -> Result<T, E> {
    let partial = partial_path(path);
    let _ = std::fs::remove_file(&partial);
    let result = write(&partial).and_then(|value| {
        commit(&partial, path)?;
        Ok(value)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Writes `bytes` to `path` atomically (see the module's description).
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_with(path, |partial| {
        let mut file = std::fs::File::create(partial)?;
        file.write_all(bytes)?;
        file.flush()
    })
}

/// Removes the temporary files a killed process left in `folder` (those named by
/// [`partial_path`]); a best effort, at start.
pub fn remove_stale_partials(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(".partial") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Flushes the folder holding `path`, so that a rename in it survives a power cut.
#[cfg(unix)]
pub fn sync_folder(path: &Path) {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(not(unix))]
pub fn sync_folder(_path: &Path) {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_partial() {
        let dir = std::env::temp_dir().join(format!("atomic-fail-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("map.png");
        std::fs::write(&path, b"the user's previous map").unwrap();
        let result: std::io::Result<()> = replace_with(&path, |partial| {
            std::fs::write(partial, b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"the user's previous map");
        assert!(!partial_path(&path).exists());
        write(&path, b"the new map").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"the new map");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stale_partials_are_removed_and_other_files_kept() {
        let dir = std::env::temp_dir().join(format!("atomic-stale-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(".session.json.partial"), b"killed mid-write").unwrap();
        std::fs::write(dir.join("session.json"), b"{}").unwrap();
        remove_stale_partials(&dir);
        assert!(!dir.join(".session.json.partial").exists());
        assert!(dir.join("session.json").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
