//! Writes an Esri Shapefile: `.shp`/`.shx` through the `shapefile` crate, the `.dbf` here (in
//! [`crate::io::read::shapefile::dbf`]'s layout, text in UTF-8 as the `.cpg` says), a WGS84 `.prj`. A Shapefile
//! holds one kind of geometry: the layer's first kind is written and the others are counted as
//! left out; so are rows without a place.

use std::path::Path;

use geo::Geometry;
use serde_json::Value;

use super::columns::{ColumnType, schema, text_of};
use super::commit::Written;
use crate::model::Feature;

const WGS84_PRJ: &str = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Points,
    MultiPoints,
    Lines,
    Polygons,
}

fn kind(geometry: &Geometry<f64>) -> Option<Kind> {
    match geometry {
        Geometry::Point(_) => Some(Kind::Points),
        Geometry::MultiPoint(_) => Some(Kind::MultiPoints),
        Geometry::Line(_) | Geometry::LineString(_) | Geometry::MultiLineString(_) => {
            Some(Kind::Lines)
        }
        Geometry::Polygon(_)
        | Geometry::MultiPolygon(_)
        | Geometry::Rect(_)
        | Geometry::Triangle(_) => Some(Kind::Polygons),
        Geometry::GeometryCollection(_) => None,
    }
}

pub fn write(path: &Path, features: &[&Feature]) -> Result<Written, String> {
    let located = || features.iter().filter(|f| f.has_location());
    let first = located().find_map(|f| kind(&f.geometry));
    // Points and multipoints share one file as multipoints.
    let chosen = match first {
        Some(Kind::Points) if located().any(|f| kind(&f.geometry) == Some(Kind::MultiPoints)) => {
            Some(Kind::MultiPoints)
        }
        other => other,
    };
    let Some(chosen) = chosen else {
        return Err("a Shapefile needs at least one feature with a point, line or polygon".into());
    };
    let fits = |f: &&&Feature| match (kind(&f.geometry), chosen) {
        (Some(Kind::Points), Kind::MultiPoints) => true,
        (Some(k), c) => k == c,
        (None, _) => false,
    };
    let kept: Vec<&Feature> = located().filter(fits).copied().collect();
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let partial = path.with_file_name(format!(".{stem}.partial.shp"));
    let result = write_parts(&partial, &kept, chosen).and_then(|()| {
        commit_set(
            &partial,
            &path.with_file_name(format!(".{stem}.old.shp")),
            path,
        )
        .map_err(|e| e.to_string())
    });
    if result.is_err() {
        for ext in PARTS {
            let _ = std::fs::remove_file(partial.with_extension(ext));
        }
    }
    result.map(|()| Written {
        features: kept.len(),
        left_out: features.len() - kept.len(),
    })
}

/// The files of one Shapefile, the `.shp` last: a reader opens the set through it.
const PARTS: [&str; 5] = ["dbf", "shx", "prj", "cpg", "shp"];

/// Puts the new parts in place of the old set as one: each new part is on the disk first,
/// the old set is moved aside, and if any rename fails the old set is put back whole.
fn commit_set(partial: &Path, aside: &Path, path: &Path) -> std::io::Result<()> {
    for ext in PARTS {
        std::fs::File::open(partial.with_extension(ext))?.sync_all()?;
    }
    let mut moved_aside = Vec::new();
    let mut put_in = Vec::new();
    let swapped = (|| {
        for ext in PARTS {
            if path.with_extension(ext).exists() {
                std::fs::rename(path.with_extension(ext), aside.with_extension(ext))?;
                moved_aside.push(ext);
            }
        }
        for ext in PARTS {
            std::fs::rename(partial.with_extension(ext), path.with_extension(ext))?;
            put_in.push(ext);
        }
        Ok(())
    })();
    if swapped.is_err() {
        for ext in put_in {
            let _ = std::fs::rename(path.with_extension(ext), partial.with_extension(ext));
        }
        for &ext in &moved_aside {
            let _ = std::fs::rename(aside.with_extension(ext), path.with_extension(ext));
        }
        return swapped;
    }
    for ext in moved_aside {
        let _ = std::fs::remove_file(aside.with_extension(ext));
    }
    crate::platform::atomic::sync_folder(path);
    Ok(())
}

fn write_parts(path: &Path, features: &[&Feature], chosen: Kind) -> Result<(), String> {
    let error = |e: &dyn std::fmt::Display| e.to_string();
    let mut shapes = shapefile::ShapeWriter::from_path(path).map_err(|e| error(&e))?;
    for feature in features {
        let geometry = feature.geometry.clone();
        let written = match (chosen, geometry) {
            (Kind::Points, Geometry::Point(p)) => shapes.write_shape(&shapefile::Point::from(p)),
            (Kind::MultiPoints, Geometry::Point(p)) => {
                shapes.write_shape(&shapefile::Multipoint::from(geo::MultiPoint(vec![p])))
            }
            (Kind::MultiPoints, Geometry::MultiPoint(m)) => {
                shapes.write_shape(&shapefile::Multipoint::from(m))
            }
            (Kind::Lines, Geometry::Line(l)) => shapes.write_shape(&shapefile::Polyline::from(l)),
            (Kind::Lines, Geometry::LineString(l)) => {
                shapes.write_shape(&shapefile::Polyline::from(l))
            }
            (Kind::Lines, Geometry::MultiLineString(m)) => {
                shapes.write_shape(&shapefile::Polyline::from(m))
            }
            (Kind::Polygons, Geometry::Polygon(p)) => {
                shapes.write_shape(&shapefile::Polygon::from(p))
            }
            (Kind::Polygons, Geometry::MultiPolygon(m)) => {
                shapes.write_shape(&shapefile::Polygon::from(m))
            }
            (Kind::Polygons, Geometry::Rect(r)) => {
                shapes.write_shape(&shapefile::Polygon::from(r.to_polygon()))
            }
            (Kind::Polygons, Geometry::Triangle(t)) => {
                shapes.write_shape(&shapefile::Polygon::from(t.to_polygon()))
            }
            _ => unreachable!("features are filtered to the chosen kind"),
        };
        written.map_err(|e| error(&e))?;
    }
    shapes.finalize().map_err(|e| error(&e))?;
    drop(shapes);
    std::fs::write(path.with_extension("dbf"), dbf_table(features)).map_err(|e| error(&e))?;
    std::fs::write(path.with_extension("prj"), WGS84_PRJ).map_err(|e| error(&e))?;
    std::fs::write(path.with_extension("cpg"), "UTF-8").map_err(|e| error(&e))?;
    Ok(())
}

/// Field names fit dBASE's 10 bytes and stay unique: `population_2020` → `population`,
/// a second one `populati_1`.
fn field_names(columns: &[(String, ColumnType)]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (column, _) in columns {
        let cut = |text: &str, bytes: usize| {
            let mut end = bytes.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text[..end].to_string()
        };
        let mut name = cut(column, 10);
        let mut n = 1;
        while names
            .iter()
            .any(|existing| existing.eq_ignore_ascii_case(&name))
        {
            let suffix = format!("_{n}");
            name = cut(column, 10 - suffix.len()) + &suffix;
            n += 1;
        }
        names.push(name);
    }
    names
}

/// The whole `.dbf`: a dBASE III table, text fields as wide as their longest UTF-8 value.
fn dbf_table(features: &[&Feature]) -> Vec<u8> {
    let columns = schema(features);
    let names = field_names(&columns);
    let cells: Vec<Vec<Option<String>>> = features
        .iter()
        .map(|f| {
            columns
                .iter()
                .map(|(column, kind)| cell(f.properties.get(column), *kind))
                .collect()
        })
        .collect();
    let widths: Vec<(u8, u8, u8)> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, kind))| match kind {
            ColumnType::Boolean => (b'L', 1, 0),
            ColumnType::Integer => (b'N', 20, 0),
            ColumnType::Real => (b'N', 24, 15),
            ColumnType::Text => {
                let longest = (cells.iter())
                    .filter_map(|row| row[i].as_ref().map(String::len))
                    .max()
                    .unwrap_or(1);
                (b'C', longest.clamp(1, 254) as u8, 0)
            }
        })
        .collect();
    let record_length = 1 + widths.iter().map(|w| usize::from(w.1)).sum::<usize>();
    let header_length = 32 + 32 * columns.len() + 1;
    let mut out = Vec::with_capacity(header_length + record_length * features.len() + 1);
    out.extend_from_slice(&[0x03, 126, 1, 1]);
    out.extend_from_slice(&(features.len() as u32).to_le_bytes());
    out.extend_from_slice(&(header_length as u16).to_le_bytes());
    out.extend_from_slice(&(record_length as u16).to_le_bytes());
    out.extend_from_slice(&[0; 20]);
    for (name, (kind, length, decimals)) in names.iter().zip(&widths) {
        let mut descriptor = [0u8; 32];
        descriptor[..name.len()].copy_from_slice(name.as_bytes());
        descriptor[11] = *kind;
        descriptor[16] = *length;
        descriptor[17] = *decimals;
        out.extend_from_slice(&descriptor);
    }
    out.push(0x0D);
    for row in &cells {
        out.push(b' ');
        for (value, (kind, length, _)) in row.iter().zip(&widths) {
            let width = usize::from(*length);
            let mut bytes = value.clone().unwrap_or_default().into_bytes();
            let mut end = bytes.len().min(width);
            while end > 0 && end < bytes.len() && (bytes[end] & 0xC0) == 0x80 {
                end -= 1;
            }
            bytes.truncate(end);
            let pad = vec![b' '; width - bytes.len()];
            if *kind == b'N' {
                out.extend_from_slice(&pad);
                out.extend_from_slice(&bytes);
            } else {
                out.extend_from_slice(&bytes);
                out.extend_from_slice(&pad);
            }
        }
    }
    out.push(0x1A);
    out
}

fn cell(value: Option<&Value>, kind: ColumnType) -> Option<String> {
    let value = value?;
    match (value, kind) {
        (Value::Null, _) => None,
        (Value::Bool(b), ColumnType::Boolean) => Some(if *b { "T" } else { "F" }.into()),
        (Value::Number(n), ColumnType::Integer | ColumnType::Real) => Some(n.to_string()),
        (other, _) => text_of(other),
    }
}
