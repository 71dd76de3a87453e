//! Writes a GeoPackage 1.3 with one feature table in WGS84 (EPSG:4326): the metadata tables the
//! standard requires, typed columns, and geometries as GeoPackage binary with their envelope.

use std::path::Path;

use geo::BoundingRect as _;
use geozero::CoordDimensions;
use geozero::ToWkb as _;
use rusqlite::{Connection, params_from_iter};
use serde_json::Value;

use super::columns::{ColumnType, schema, text_of};
use super::commit::via_partial;
use crate::io::sql::quote_identifier;
use crate::model::Feature;

const WGS84_WKT: &str = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4326\"]]";

pub fn write(path: &Path, name: &str, features: &[&Feature]) -> Result<usize, String> {
    via_partial(path, |partial| {
        write_database(partial, name, features).map_err(|e| e.to_string())
    })
}

fn write_database(path: &Path, name: &str, features: &[&Feature]) -> rusqlite::Result<usize> {
    let mut connection = Connection::open(path)?;
    connection.execute_batch(&format!(
        "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
         CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
           organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
           definition TEXT NOT NULL, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL),
           ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{WGS84_WKT}', 'longitude/latitude');
         CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
           identifier TEXT UNIQUE, description TEXT DEFAULT '',
           last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
           min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
           geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
           m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name));"
    ))?;
    let columns: Vec<(String, ColumnType)> = schema(features)
        .into_iter()
        .filter(|(column, _)| !column.eq_ignore_ascii_case("fid") && column != "geom")
        .collect();
    let definitions: Vec<String> = columns
        .iter()
        .map(|(column, kind)| {
            let sql_type = match kind {
                ColumnType::Integer => "INTEGER",
                ColumnType::Real => "REAL",
                ColumnType::Boolean => "BOOLEAN",
                ColumnType::Text => "TEXT",
            };
            format!("{} {sql_type}", quote_identifier(column))
        })
        .collect();
    let table = quote_identifier(name);
    let transaction = connection.transaction()?;
    transaction.execute(
        &format!(
            "CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY{}{})",
            if definitions.is_empty() { "" } else { ", " },
            definitions.join(", ")
        ),
        [],
    )?;
    let bounds = crate::model::union_rects(features.iter().filter_map(|f| f.bounding_rect()));
    let (min, max) = bounds.map_or(((0.0, 0.0), (0.0, 0.0)), |r| {
        ((r.min().x, r.min().y), (r.max().x, r.max().y))
    });
    transaction.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, \
         srs_id) VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, 4326)",
        rusqlite::params![name, min.0, min.1, max.0, max.1],
    )?;
    transaction.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', 'GEOMETRY', 4326, 0, 0)",
        [name],
    )?;
    {
        let placeholders: Vec<String> =
            (0..=columns.len()).map(|i| format!("?{}", i + 1)).collect();
        let names: Vec<String> = std::iter::once("geom".to_string())
            .chain(columns.iter().map(|(c, _)| quote_identifier(c)))
            .collect();
        let mut insert = transaction.prepare(&format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            placeholders.join(", ")
        ))?;
        for feature in features {
            let mut values: Vec<rusqlite::types::Value> = Vec::with_capacity(columns.len() + 1);
            values.push(match gpkg_blob(feature) {
                Some(blob) => rusqlite::types::Value::Blob(blob),
                None => rusqlite::types::Value::Null,
            });
            for (column, kind) in &columns {
                values.push(sql_value(feature.properties.get(column), *kind));
            }
            insert.execute(params_from_iter(values))?;
        }
    }
    transaction.commit()?;
    Ok(features.len())
}

fn sql_value(value: Option<&Value>, kind: ColumnType) -> rusqlite::types::Value {
    use rusqlite::types::Value as Sql;
    match (value, kind) {
        (None | Some(Value::Null), _) => Sql::Null,
        (Some(Value::Bool(b)), ColumnType::Boolean) => Sql::Integer(i64::from(*b)),
        (Some(Value::Number(n)), ColumnType::Integer) => n.as_i64().map_or(Sql::Null, Sql::Integer),
        (Some(Value::Number(n)), ColumnType::Real) => n.as_f64().map_or(Sql::Null, Sql::Real),
        (Some(other), _) => text_of(other).map_or(Sql::Null, Sql::Text),
    }
}

/// The feature's geometry as GeoPackage binary with its envelope; `None` without a location.
fn gpkg_blob(feature: &Feature) -> Option<Vec<u8>> {
    if !feature.has_location() {
        return None;
    }
    let envelope = feature
        .geometry
        .bounding_rect()
        .map(|r| vec![r.min().x, r.max().x, r.min().y, r.max().y])
        .unwrap_or_default();
    feature
        .geometry
        .to_gpkg_wkb(CoordDimensions::xy(), Some(4326), envelope)
        .ok()
}
