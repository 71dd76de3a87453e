//! Readers, validation and error reporting, coordinate-system handling.

pub mod crs;
pub mod embedded;
mod geojson_feature;
mod geojson_reader;
mod geojson_writer;
mod json_scan;
mod progress;
pub mod tile_url;
mod validate;

pub use geojson_reader::{
    MAX_FILE_BYTES, ReadError, ReadOptions, ReadOutcome, read_geojson_file, read_geojson_str,
};
pub use geojson_writer::write_geojson;
pub use progress::Progress;
