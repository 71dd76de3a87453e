//! What a database offers: its spatial tables and views from `geometry_columns` and
//! `geography_columns`, with estimated row counts from the planner's statistics (never a
//! `count(*)`), and, for a table chosen as a layer, its columns, key and extent.

use super::address::TableRef;
use super::client::{PgClient, PgError};
use crate::io::sql::quote_identifier;

/// One geometry column of a table or view the user may read.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PgTable {
    pub table: TableRef,
    pub column: String,
    pub srid: i32,
    /// As PostGIS names it: `POINT`, `MULTIPOLYGON`, `GEOMETRY`…
    pub geometry_type: String,
    pub geography: bool,
    /// From `pg_class.reltuples`; `None` for views and never-analysed tables.
    pub estimated_rows: Option<u64>,
    pub is_view: bool,
}

impl PgTable {
    pub fn is_points(&self) -> bool {
        self.geometry_type.eq_ignore_ascii_case("POINT")
    }

    /// A table known only by its name (from a URI or a session): any geometry, until the
    /// server describes it.
    pub fn unresolved(table: &TableRef) -> Self {
        Self {
            table: table.clone(),
            column: table.column.clone().unwrap_or_default(),
            srid: 0,
            geometry_type: "GEOMETRY".into(),
            geography: false,
            estimated_rows: None,
            is_view: false,
        }
    }

    /// The table and its geometry column (none when not yet known), as a layer names it.
    pub fn layer_ref(&self) -> TableRef {
        TableRef {
            column: Some(self.column.clone()).filter(|c| !c.is_empty()),
            ..self.table.clone()
        }
    }

    /// `schema.table` as a user reads it, with the column when the table has several.
    pub fn title(&self) -> String {
        format!("{}.{}", self.table.schema, self.table.table)
    }
}

/// How a column's values come back: numbers as numbers, the rest as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Integer,
    Float,
    Bool,
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PgColumn {
    pub name: String,
    pub type_name: String,
    pub kind: ColumnKind,
}

/// A table chosen as a layer: what every query against it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct PgLayerSchema {
    pub table: PgTable,
    /// Attribute columns (not the geometry), in table order.
    pub columns: Vec<PgColumn>,
    /// A single-column integer primary key, used as the feature id.
    pub key: Option<String>,
    /// Whether the SRID is in degrees (then tolerances are in degrees, not metres).
    pub geographic: bool,
    /// Lon/lat extent from the index statistics, when the server has them.
    pub extent: Option<[f64; 4]>,
    /// The layer's filter: every query keeps only the rows it keeps.
    pub filter: Option<crate::io::sql::RowFilter>,
}

const LIST_SQL: &str = "
SELECT g.f_table_schema::text, g.f_table_name::text, g.f_geometry_column::text, g.srid,
       g.type::text, false, c.reltuples::float8, c.relkind::text
  FROM geometry_columns g
  JOIN pg_namespace n ON n.nspname = g.f_table_schema
  JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = g.f_table_name
 WHERE has_table_privilege(c.oid, 'SELECT')
UNION ALL
SELECT g.f_table_schema::text, g.f_table_name::text, g.f_geography_column::text, g.srid,
       g.type::text, true, c.reltuples::float8, c.relkind::text
  FROM geography_columns g
  JOIN pg_namespace n ON n.nspname = g.f_table_schema
  JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = g.f_table_name
 WHERE has_table_privilege(c.oid, 'SELECT')
 ORDER BY 1, 2, 3";

impl PgClient {
    /// The spatial tables and views this user can read.
    pub fn spatial_tables(&mut self) -> Result<Vec<PgTable>, PgError> {
        let rows = self.client.query(LIST_SQL, &[]).map_err(|e| {
            let error = self.error(&e);
            match (&error, e.code()) {
                (_, Some(code)) if *code == postgres::error::SqlState::UNDEFINED_TABLE => {
                    PgError::NoPostgis {
                        address: self.address.to_string(),
                    }
                }
                _ => error,
            }
        })?;
        Ok(rows
            .iter()
            .map(|row| {
                let reltuples: f64 = row.get(6);
                let kind: String = row.get(7);
                let is_view = kind == "v" || kind == "m" && reltuples < 0.0;
                PgTable {
                    table: TableRef {
                        schema: row.get(0),
                        table: row.get(1),
                        column: Some(row.get(2)),
                    },
                    column: row.get(2),
                    srid: row.get(3),
                    geometry_type: row.get(4),
                    geography: row.get(5),
                    estimated_rows: (reltuples >= 0.0 && kind != "v").then_some(reltuples as u64),
                    is_view,
                }
            })
            .collect())
    }

    /// The table `wanted` names (its first geometry column when none is named).
    pub fn find_table(&mut self, wanted: &TableRef) -> Result<PgTable, PgError> {
        let tables = self.spatial_tables()?;
        tables
            .into_iter()
            .find(|t| {
                t.table.schema == wanted.schema
                    && t.table.table == wanted.table
                    && wanted.column.as_ref().is_none_or(|c| c == &t.column)
            })
            .ok_or_else(|| PgError::Table {
                table: wanted.to_string(),
                reason: "no such spatial table or view that this user may read".into(),
            })
    }

    /// Columns, key, units and extent of `table`, for querying it as a layer.
    pub fn describe(&mut self, table: &PgTable) -> Result<PgLayerSchema, PgError> {
        let relation = format!(
            "{}.{}",
            quote_identifier(&table.table.schema),
            quote_identifier(&table.table.table)
        );
        let columns = self
            .client
            .query(
                "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod),
                        t.typname::text, t.typcategory::text
                   FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                  WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped
                  ORDER BY a.attnum",
                &[&relation],
            )
            .map_err(|e| self.table_error(table, &e))?;
        let columns: Vec<PgColumn> = columns
            .iter()
            .filter(|row| row.get::<_, String>(0) != table.column)
            .filter(|row| !matches!(row.get::<_, String>(2).as_str(), "geometry" | "geography"))
            .map(|row| {
                let type_name: String = row.get(1);
                let base: String = row.get(2);
                let category: String = row.get(3);
                let kind = match (base.as_str(), category.as_str()) {
                    ("int2" | "int4" | "int8", _) => ColumnKind::Integer,
                    ("bool", _) => ColumnKind::Bool,
                    (_, "N") => ColumnKind::Float,
                    _ => ColumnKind::Text,
                };
                PgColumn {
                    name: row.get(0),
                    type_name,
                    kind,
                }
            })
            .collect();
        let key = self
            .client
            .query(
                "SELECT a.attname::text
                   FROM pg_index i
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                  WHERE i.indrelid = $1::text::regclass AND i.indisprimary AND i.indnatts = 1",
                &[&relation],
            )
            .map_err(|e| self.table_error(table, &e))?
            .first()
            .map(|row| row.get::<_, String>(0))
            .filter(|k| {
                columns
                    .iter()
                    .any(|c| &c.name == k && c.kind == ColumnKind::Integer)
            });
        let geographic = table.geography
            || self
                .client
                .query_opt(
                    "SELECT proj4text LIKE '%+proj=longlat%' OR srtext LIKE 'GEOGCS%'
                       FROM spatial_ref_sys WHERE srid = $1",
                    &[&table.srid],
                )
                .map_err(|e| self.error(&e))?
                .map(|row| row.get::<_, Option<bool>>(0).unwrap_or(false))
                .unwrap_or(false);
        let extent = if table.is_view {
            None
        } else {
            self.estimated_extent(table)
        };
        Ok(PgLayerSchema {
            table: table.clone(),
            columns,
            key,
            geographic,
            extent,
            filter: None,
        })
    }

    /// The extent the planner's statistics hold, in lon/lat; `None` without statistics.
    fn estimated_extent(&mut self, table: &PgTable) -> Option<[f64; 4]> {
        let in_lonlat = table.srid == 4326 || table.srid == 0 || table.geography;
        let sql = if in_lonlat {
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
               FROM (SELECT ST_EstimatedExtent($1, $2, $3)::geometry AS e) s"
        } else {
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
               FROM (SELECT ST_Transform(ST_SetSRID(ST_EstimatedExtent($1, $2, $3)::geometry, $4), 4326) AS e) s"
        };
        let srid = table.srid;
        let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> =
            vec![&table.table.schema, &table.table.table, &table.column];
        if !in_lonlat {
            params.push(&srid);
        }
        let row = self.client.query_opt(sql, &params).ok()??;
        let b: [Option<f64>; 4] = [row.get(0), row.get(1), row.get(2), row.get(3)];
        let [Some(w), Some(s), Some(e), Some(n)] = b else {
            return None;
        };
        [w, s, e, n]
            .iter()
            .all(|v| v.is_finite())
            .then_some([w, s, e, n])
    }

    pub(super) fn table_error(&self, table: &PgTable, e: &postgres::Error) -> PgError {
        match self.error(e) {
            PgError::Server(reason) => PgError::Table {
                table: table.title(),
                reason,
            },
            other => other,
        }
    }
}
