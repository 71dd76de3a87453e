//! Readers and sources behind one interface ([`reader`]), validation and located errors,
//! coordinate systems, the bundled layers, and the GeoJSON writer.

mod compressed;
pub mod crs;
mod csv_reader;
mod csv_writer;
mod dbf;
pub mod embedded;
mod esri_json;
mod feature_sink;
mod fgb_writer;
mod flatgeobuf_reader;
mod geojson_feature;
mod geojson_reader;
mod geojson_seq;
mod geojson_writer;
mod geopackage;
mod gpkg_writer;
mod gpx;
mod json_errors;
mod json_scan;
mod kml;
mod legacy_encoding;
pub mod postgis;
mod prj;
mod progress;
pub mod reader;
mod rings;
mod shapefile_reader;
mod shapefile_writer;
mod sql;
mod table_layer;
mod text_encoding;
pub mod tile_url;
mod topojson;
mod validate;
pub(crate) mod wkb_geometry;
pub mod writer;
mod xlsx;
mod xml;

pub use geojson_reader::{GeoJsonReader, read_geojson_file, read_geojson_str};
pub use geojson_writer::write_geojson;
pub use progress::Progress;
pub use reader::{
    MAX_FILE_BYTES, ReadError, ReadOptions, ReadOutcome, file_name, pickable_layers, read_bytes,
    read_file,
};
pub use writer::{SAVE_FORMATS, Written, write_layer};
