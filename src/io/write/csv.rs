//! Writes CSV: a `wkt` column with each geometry (empty for rows without one), then every
//! property, UTF-8 with a byte-order mark so Excel on Chinese Windows opens it as UTF-8.

use std::io::Write as _;
use std::path::Path;

use wkt::ToWkt as _;

use super::columns::{schema, text_of};
use super::commit::via_partial;
use crate::model::Feature;

pub fn write(path: &Path, features: &[&Feature]) -> Result<usize, String> {
    via_partial(path, |partial| write_rows(partial, features))
}

fn write_rows(path: &Path, features: &[&Feature]) -> Result<usize, String> {
    let error = |e: &dyn std::fmt::Display| e.to_string();
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| error(&e))?);
    file.write_all(b"\xEF\xBB\xBF").map_err(|e| error(&e))?;
    let mut out = csv::Writer::from_writer(file);
    let columns = schema(features);
    let header = std::iter::once("wkt").chain(columns.iter().map(|(c, _)| c.as_str()));
    out.write_record(header).map_err(|e| error(&e))?;
    for feature in features {
        let geometry = if feature.has_location() {
            feature.geometry.wkt_string()
        } else {
            String::new()
        };
        let cells = std::iter::once(geometry).chain(columns.iter().map(|(column, _)| {
            feature
                .properties
                .get(column)
                .and_then(text_of)
                .unwrap_or_default()
        }));
        out.write_record(cells).map_err(|e| error(&e))?;
    }
    out.flush().map_err(|e| error(&e))?;
    Ok(features.len())
}
