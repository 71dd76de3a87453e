//! Files and sources in, files out: reading every format behind one interface ([`read`]),
//! saving layers ([`write`]), coordinate systems ([`crs`]), text encodings ([`text`]), PostGIS
//! ([`postgis`]), the bundled layers ([`embedded`]) and tile URLs. Knows nothing of egui.

pub mod crs;
pub mod embedded;
pub mod postgis;
pub mod read;
pub(crate) mod sql;
pub mod text;
pub mod tile_url;
pub mod write;

pub use read::geojson::{GeoJsonReader, read_geojson_file, read_geojson_str};
pub use read::{
    MAX_FILE_BYTES, Progress, ReadError, ReadOptions, ReadOutcome, file_name, pickable_layers,
    read_bytes, read_file, remove_stale_unpacked,
};
pub use write::{SAVE_FORMATS, Written, write_geojson, write_layer};
