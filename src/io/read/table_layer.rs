//! A layer from a table of rows (CSV, a spreadsheet sheet): which columns place a row
//! (longitude/latitude named in English or Chinese, or a WKT column), what type each column
//! holds, and the features. A row whose place cannot be read stays in the table without one,
//! with a warning at its line.

use serde_json::{Map, Number, Value};

use crate::io::crs::Crs;
use crate::io::crs::prj::resolve_crs;
use crate::io::read::feature_sink::FeatureSink;
use crate::io::read::{ReadError, ReadOptions, ReadOutcome};
use crate::model::LoadWarning;

pub use crate::model::Placement;

const LON_NAMES: &[&str] = &[
    "lon",
    "lng",
    "long",
    "longitude",
    "x",
    "point_x",
    "经度",
    "東經",
    "东经",
];
const LAT_NAMES: &[&str] = &["lat", "latitude", "y", "point_y", "纬度", "緯度", "北纬"];
const WKT_NAMES: &[&str] = &["wkt", "geometry", "geom", "the_geom", "wkt_geom", "shape"];

fn normalized(name: &str) -> String {
    name.trim().trim_start_matches('\u{feff}').to_lowercase()
}

/// A column whose name is one of `names`, or (for Chinese names, which often carry a note such
/// as 经度(GCJ-02)) contains one.
fn find_column(headers: &[String], names: &[&str]) -> Option<usize> {
    let headers: Vec<String> = headers.iter().map(|h| normalized(h)).collect();
    headers
        .iter()
        .position(|h| names.contains(&h.as_str()))
        .or_else(|| {
            headers.iter().position(|h| {
                names
                    .iter()
                    .filter(|n| !n.is_ascii())
                    .any(|n| h.contains(n))
            })
        })
}

/// The placement the column names suggest.
pub fn detect_placement(headers: &[String]) -> Option<Placement> {
    if let (Some(lon), Some(lat)) = (
        find_column(headers, LON_NAMES),
        find_column(headers, LAT_NAMES),
    ) {
        return Some(Placement::LonLat {
            lon: headers[lon].clone(),
            lat: headers[lat].clone(),
        });
    }
    find_column(headers, WKT_NAMES).map(|i| Placement::Wkt(headers[i].clone()))
}

/// The system column names give away: Amap/Tencent coordinates are GCJ-02, Baidu's BD-09.
fn crs_from_names(placement: &Placement) -> Option<Crs> {
    let names = match placement {
        Placement::LonLat { lon, lat } => format!("{lon} {lat}"),
        Placement::Wkt(column) => column.clone(),
    }
    .to_lowercase();
    if names.contains("gcj") || names.contains("高德") || names.contains("火星") {
        Some(Crs::Gcj02)
    } else if names.contains("bd09") || names.contains("bd-09") || names.contains("百度") {
        Some(Crs::Bd09)
    } else {
        None
    }
}

/// One cell as read: text from a CSV, or a typed value from a spreadsheet.
#[derive(Debug, Clone)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    fn number(&self) -> Option<f64> {
        match self {
            Cell::Number(n) => Some(*n),
            Cell::Text(t) => t.trim().parse().ok(),
            _ => None,
        }
        .filter(|n: &f64| n.is_finite())
    }
}

/// What a column's values are, judged over all rows, as QGIS's CSV provider does.
#[derive(Clone, Copy, PartialEq)]
enum ColumnType {
    Integer,
    Number,
    Text,
}

fn column_types(width: usize, rows: &[TableRow]) -> Vec<ColumnType> {
    (0..width)
        .map(|i| {
            let mut kind = ColumnType::Integer;
            for cell in rows.iter().filter_map(|r| r.cells.get(i)) {
                kind = match (kind, cell) {
                    (_, Cell::Empty) => kind,
                    (ColumnType::Text, _) | (_, Cell::Bool(_)) => ColumnType::Text,
                    (kind, Cell::Number(n)) if kind == ColumnType::Integer && n.fract() == 0.0 => {
                        kind
                    }
                    (_, Cell::Number(_)) => ColumnType::Number,
                    (kind, Cell::Text(t)) => {
                        let t = t.trim();
                        let stays_integer = kind == ColumnType::Integer
                            && t.parse::<i64>().is_ok()
                            && !has_leading_zero(t);
                        if t.is_empty() || stays_integer {
                            kind
                        } else if t.parse::<f64>().is_ok_and(f64::is_finite) && !has_leading_zero(t)
                        {
                            ColumnType::Number
                        } else {
                            ColumnType::Text
                        }
                    }
                };
                if kind == ColumnType::Text {
                    break;
                }
            }
            kind
        })
        .collect()
}

/// "007" is a code, not the number 7.
fn has_leading_zero(text: &str) -> bool {
    let digits = text.trim_start_matches('-');
    digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.")
}

fn value(cell: &Cell, kind: ColumnType) -> Value {
    match (cell, kind) {
        (Cell::Empty, _) => Value::Null,
        (Cell::Bool(b), _) => Value::Bool(*b),
        (Cell::Number(n), ColumnType::Integer) => Value::from(*n as i64),
        (Cell::Number(n), _) => Number::from_f64(*n).map_or(Value::Null, Value::Number),
        (Cell::Text(t), ColumnType::Integer) => {
            t.trim().parse::<i64>().map_or(Value::Null, Value::from)
        }
        (Cell::Text(t), ColumnType::Number) => {
            (t.trim().parse::<f64>().ok().and_then(Number::from_f64))
                .map_or(Value::Null, Value::Number)
        }
        (Cell::Text(t), ColumnType::Text) => {
            if t.is_empty() {
                Value::Null
            } else {
                Value::String(t.clone())
            }
        }
    }
}

/// One row and the line (CSV) or row number (spreadsheet) it came from.
pub struct TableRow {
    pub cells: Vec<Cell>,
    pub line: usize,
}

/// The features of a table with a header, placed as the user chose or as detected.
pub fn table_layer(
    headers: Vec<String>,
    rows: Vec<TableRow>,
    options: &ReadOptions,
    what: &str,
) -> Result<ReadOutcome, ReadError> {
    let placement = options
        .placement
        .clone()
        .or_else(|| detect_placement(&headers));
    let mut warnings = Vec::new();
    let (lon_lat, wkt_column) = placed_by(&headers, placement.as_ref(), what, &mut warnings);
    let positions: Vec<Option<(f64, f64)>> = rows
        .iter()
        .map(|row| {
            let (x, y) = lon_lat?;
            Some((row.cells.get(x)?.number()?, row.cells.get(y)?.number()?))
        })
        .collect();
    let extent = extent_of_most(&positions);
    let named_crs = placement.as_ref().and_then(crs_from_names);
    let (source_crs, crs_warning) = match (options.crs_override, named_crs) {
        (None, Some(crs)) => (
            crs,
            Some(LoadWarning::file_level(format!(
                "the column names say the coordinates are {crs}, so they were read as {crs}"
            ))),
        ),
        _ if lon_lat.is_none() => (options.crs_override.unwrap_or(Crs::Wgs84), None),
        _ => resolve_crs(options.crs_override, None, extent, what)?,
    };
    warnings.extend(crs_warning);
    let mut sink = FeatureSink::new(source_crs)?;
    for warning in warnings {
        sink.warn(None, None, warning.message);
    }
    let types = column_types(headers.len(), &rows);
    sink.reserve(rows.len());
    for (index, (row, position)) in rows.iter().zip(&positions).enumerate() {
        let mut properties = Map::with_capacity(headers.len());
        for (i, name) in headers.iter().enumerate() {
            if Some(i) == wkt_column {
                // The geometry itself: shown on the map, not as a wall of numbers in the card.
                continue;
            }
            let cell = row.cells.get(i).unwrap_or(&Cell::Empty);
            properties.insert(name.clone(), value(cell, types[i]));
        }
        let geometry = match (lon_lat, wkt_column, position) {
            (Some(_), _, Some((x, y))) => Ok(Some(geo::Point::new(*x, *y).into())),
            (Some(columns), _, None) => {
                sink.warn(Some(index), Some(row.line), not_a_pair(row, columns));
                Ok(None)
            }
            (None, Some(w), _) => match row.cells.get(w) {
                Some(Cell::Text(text)) if !text.trim().is_empty() => wkt_geometry(text),
                Some(Cell::Number(_) | Cell::Bool(_)) => {
                    Err(format!("column \"{}\" holds no WKT text", headers[w]))
                }
                _ => Ok(None),
            },
            _ => Ok(None),
        };
        sink.push(index, Some(row.line), geometry, properties);
    }
    let mut outcome = sink.finish_only_layer("UTF-8")?;
    outcome.placement = placement.filter(|_| lon_lat.is_some() || wkt_column.is_some());
    outcome.columns = headers;
    Ok(outcome)
}

/// The columns that place the rows: a longitude/latitude pair, or a WKT column; neither, with
/// a warning, when the chosen or detected ones are not there.
fn placed_by(
    headers: &[String],
    placement: Option<&Placement>,
    what: &str,
    warnings: &mut Vec<LoadWarning>,
) -> (Option<(usize, usize)>, Option<usize>) {
    let index_of = |name: &str| headers.iter().position(|h| h == name);
    let columns = match placement {
        Some(Placement::LonLat { lon, lat }) => match (index_of(lon), index_of(lat)) {
            (Some(x), Some(y)) => Some((Some((x, y)), None)),
            _ => None,
        },
        Some(Placement::Wkt(column)) => index_of(column).map(|w| (None, Some(w))),
        None => None,
    };
    match (columns, placement) {
        (Some(columns), _) => columns,
        (None, Some(chosen)) => {
            warnings.push(LoadWarning::file_level(format!(
                "{what} has no column for {chosen}: the rows are listed in the table, not drawn"
            )));
            (None, None)
        }
        (None, None) => {
            warnings.push(LoadWarning::file_level(format!(
                "{what} has no longitude/latitude columns (lon, lng, longitude, x, 经度; lat, \
                 latitude, y, 纬度) and no WKT column: the rows are listed in the table, not \
                 drawn. Choose the columns in the layer panel"
            )));
            (None, None)
        }
    }
}

/// Why a row's longitude/latitude cells place nothing.
fn not_a_pair(row: &TableRow, (x, y): (usize, usize)) -> String {
    let shown = |i: usize| match row.cells.get(i) {
        Some(Cell::Text(t)) if !t.trim().is_empty() => format!("\"{t}\""),
        Some(Cell::Number(n)) => n.to_string(),
        _ => "empty".into(),
    };
    format!(
        "longitude {} / latitude {} is not a pair of numbers: the row is kept without a place",
        shown(x),
        shown(y)
    )
}

/// The extent of the positions; when most are longitude/latitude, of those only, so a few
/// stray rows (skipped later, each with its warning) do not make a table look projected.
fn extent_of_most(positions: &[Option<(f64, f64)>]) -> [f64; 4] {
    let extent = |points: &mut dyn Iterator<Item = (f64, f64)>| {
        points.fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |b, (x, y)| [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)],
        )
    };
    let all: Vec<(f64, f64)> = positions.iter().flatten().copied().collect();
    let degrees = |&&(x, y): &&(f64, f64)| x.abs() <= 180.0 && y.abs() <= 90.0;
    let in_degrees = all.iter().filter(degrees).count();
    if in_degrees * 2 >= all.len() {
        extent(&mut all.iter().filter(degrees).copied())
    } else {
        extent(&mut all.iter().copied())
    }
}

fn wkt_geometry(text: &str) -> Result<Option<geo::Geometry<f64>>, String> {
    use std::str::FromStr;
    let parsed = wkt::Wkt::<f64>::from_str(text.trim()).map_err(|e| {
        format!(
            "\"{}\" is not WKT: {e}",
            text.chars().take(40).collect::<String>()
        )
    })?;
    geo::Geometry::try_from(parsed)
        .map(Some)
        .map_err(|e| format!("the WKT cannot be used: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn coordinate_columns_are_found_by_english_and_chinese_names() {
        assert_eq!(
            detect_placement(&names(&["名称", "经度(GCJ-02)", "纬度(GCJ-02)"])),
            Some(Placement::LonLat {
                lon: "经度(GCJ-02)".into(),
                lat: "纬度(GCJ-02)".into()
            })
        );
        assert_eq!(
            detect_placement(&names(&["id", "Longitude", "LAT"])),
            Some(Placement::LonLat {
                lon: "Longitude".into(),
                lat: "LAT".into()
            })
        );
        assert_eq!(
            detect_placement(&names(&["id", "WKT"])),
            Some(Placement::Wkt("WKT".into()))
        );
        assert_eq!(detect_placement(&names(&["id", "name"])), None);
        let gcj = Placement::LonLat {
            lon: "经度(GCJ-02)".into(),
            lat: "纬度".into(),
        };
        assert_eq!(crs_from_names(&gcj), Some(Crs::Gcj02));
    }

    #[test]
    fn columns_are_typed_over_all_rows_and_codes_stay_text() {
        let row = |cells: &[&str], line| TableRow {
            cells: cells.iter().map(|c| Cell::Text(c.to_string())).collect(),
            line,
        };
        let rows = vec![
            row(&["500103", "1.5", "007", "106.5", "29.5"], 2),
            row(&["500104", "2", "12", "x", ""], 3),
        ];
        let outcome = table_layer(
            names(&["code", "area", "zip", "lon", "lat"]),
            rows,
            &ReadOptions::default(),
            "the CSV file",
        )
        .unwrap();
        let first = &outcome.features[0].properties;
        assert_eq!(first["code"], 500103);
        assert_eq!(first["area"], 1.5);
        assert_eq!(first["zip"], "007");
        assert!(outcome.features[0].has_location());
        assert!(!outcome.features[1].has_location(), "kept, without a place");
        let warning = outcome.warnings.iter().find(|w| w.line == Some(3)).unwrap();
        assert!(warning.message.contains("\"x\""), "{}", warning.message);
    }
}
