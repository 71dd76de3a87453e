//! Writes CSV: a `wkt` column with each geometry (empty for rows without one), then every
//! property, UTF-8 with a byte-order mark so Excel on Chinese Windows opens it as UTF-8.
//! A cell Excel or WPS would run as a formula is written as text (OWASP's CSV-injection rule).

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
    let header = std::iter::once("wkt".to_owned()).chain(columns.iter().map(|(c, _)| as_text(c)));
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
                .map(|text| as_text(&text))
                .unwrap_or_default()
        }));
        out.write_record(cells).map_err(|e| error(&e))?;
    }
    out.flush().map_err(|e| error(&e))?;
    Ok(features.len())
}

/// A cell a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab or carriage return first)
/// gets a leading `'`, which Excel and WPS read as "this is text" and do not show. Plain
/// numbers such as `-12.5` or `+86` stay numbers.
pub fn as_text(cell: &str) -> String {
    let starts_formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let plain_number = cell.trim().parse::<f64>().is_ok_and(f64::is_finite);
    if starts_formula && !plain_number {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::as_text;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for formula in [
            "=cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://x\",\"y\")",
            "+SUM(A1)",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(as_text(formula), format!("'{formula}"));
        }
        for kept in ["-12.5", "+86", "渝中区", "a=b", "", "1e3"] {
            assert_eq!(as_text(kept), kept);
        }
    }
}
