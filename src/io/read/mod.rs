//! Reading files: the one interface every format reader implements ([`interface`]), the
//! registry that detects a file's format and reads it ([`registry`]), the per-format readers,
//! and what they share (the feature sink that checks and reprojects each record, compressed
//! input, located JSON errors, table layers). A new format is a new file here with a
//! [`FormatReader`] added to [`READERS`]; readers import the interface, never the registry.

pub(crate) mod compressed;
pub use compressed::{decompressed_in_flight, set_all_reads_limit};
pub(crate) mod csv;
pub mod error;
pub(crate) mod esri_json;
pub(crate) mod feature_sink;
pub(crate) mod flatgeobuf;
pub(crate) mod geojson;
pub(crate) mod geopackage;
pub use geopackage::remove_stale_unpacked;
pub(crate) mod gpx;
pub(crate) mod gpx_points;
pub mod interface;
pub(crate) mod json_errors;
pub(crate) mod json_scan;
pub(crate) mod kml;
pub mod progress;
pub mod registry;
pub(crate) mod rings;
pub(crate) mod shapefile;
pub(crate) mod table_layer;
pub(crate) mod topojson;
pub(crate) mod validate;
pub(crate) mod wkb_geometry;
pub(crate) mod xlsx;
pub(crate) mod xml;

pub use error::{MAX_FILE_BYTES, ReadError};
pub use interface::{
    FormatReader, Input, ReadOptions, ReadOutcome, ReadSeek, SNIFF_BYTES, Sniff, read_whole,
};
pub use progress::Progress;
pub use registry::{
    READERS, check_size, detect, file_name, pickable_layers, read_bytes, read_file,
};
