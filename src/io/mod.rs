//! Readers and sources behind one interface ([`reader`]), validation and located errors,
//! coordinate systems, the bundled layers, and the GeoJSON writer.

mod compressed;
pub mod crs;
pub mod embedded;
mod esri_json;
mod geojson_feature;
mod geojson_reader;
mod geojson_seq;
mod geojson_writer;
mod json_errors;
mod json_scan;
mod progress;
pub mod reader;
mod text_encoding;
pub mod tile_url;
mod topojson;
mod validate;

pub use geojson_reader::{GeoJsonReader, read_geojson_file, read_geojson_str};
pub use geojson_writer::write_geojson;
pub use progress::Progress;
pub use reader::{
    MAX_FILE_BYTES, ReadError, ReadOptions, ReadOutcome, file_name, read_bytes, read_file,
};
