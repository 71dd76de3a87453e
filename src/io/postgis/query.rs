//! Queries against one table: the features in a view (through the GiST index, simplified to
//! the zoom and transformed to WGS84 on the server, as WKB), grid counts where a view holds
//! too many points to send, a click as a point query, and attribute pages sorted by the
//! server. Identifiers are quoted and every value is a bound parameter.

use postgres::types::ToSql;
use serde_json::{Map, Value};

use super::catalog::{ColumnKind, PgLayerSchema};
use super::client::{PgClient, PgError};
use crate::io::sql::{SqlParam, quote_identifier};
use crate::model::Feature;

/// What one view asks of a table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewRequest {
    /// Lon/lat box (W, S, E, N).
    pub bbox: [f64; 4],
    /// Ground metres per screen pixel at the view's centre: half of it is the simplification
    /// tolerance.
    pub metres_per_pixel: f64,
    /// Most features one view may bring; more are left on the server with a note.
    pub max_features: i64,
    /// Above this many estimated points in view, the server counts them in cells instead.
    pub aggregate_above: f64,
    /// Cell size of the counts, in pixels.
    pub cell_pixels: f64,
    /// Above this many estimated points, counts may first come from a sample of the table
    /// (a quick picture, labelled approximate) before the exact ones.
    pub preview_above: Option<f64>,
}

impl ViewRequest {
    pub fn new(bbox: [f64; 4], metres_per_pixel: f64) -> Self {
        Self {
            bbox,
            metres_per_pixel,
            max_features: 200_000,
            aggregate_above: 30_000.0,
            cell_pixels: 64.0,
            preview_above: None,
        }
    }

    /// The same view, answered first from a sample when it holds more than `points`.
    pub fn with_preview_above(self, points: f64) -> Self {
        Self {
            preview_above: Some(points),
            ..self
        }
    }
}

/// What a view query brought back.
#[derive(Debug, Clone, Default)]
pub struct ViewResult {
    /// Features in lon/lat; for an aggregated view, one point per cell with `cluster: true`
    /// and the exact `point_count`.
    pub features: Vec<Feature>,
    pub aggregated: bool,
    /// More features matched than `max_features`.
    pub truncated: bool,
    /// Bytes of WKB received.
    pub wkb_bytes: usize,
    /// Counts scaled up from a sample: the exact ones are still to come.
    pub preview: bool,
}

/// Views estimated to hold at most this many features get validity-checked simplification.
const REPAIR_UP_TO: f64 = 500.0;

/// Rows a sampled preview reads, about.
const PREVIEW_ROWS: f64 = 100_000.0;

const METRES_PER_DEGREE: f64 = 111_320.0;

impl PgClient {
    /// The features of `schema` that intersect `request.bbox`.
    pub fn fetch_view(
        &mut self,
        schema: &PgLayerSchema,
        request: &ViewRequest,
    ) -> Result<ViewResult, PgError> {
        let Some(bbox) = clamp_to_extent(request.bbox, schema.extent) else {
            return Ok(ViewResult::default());
        };
        let estimated = self.estimate_in_view(schema, bbox)?;
        if schema.table.is_points() && estimated > request.aggregate_above {
            return self.fetch_cells(schema, bbox, request, estimated);
        }
        let tolerance = native_tolerance(schema, request.metres_per_pixel * 0.5);
        let geometry = quote_identifier(&schema.table.column);
        let simplified = if schema.table.is_points() || tolerance <= 0.0 {
            native_geometry(schema, &geometry)
        } else if estimated <= REPAIR_UP_TO {
            // Few enough features that checking each simplified one (and repairing the rare
            // one whose rings now touch) costs under ~100 ms: the output is valid.
            format!(
                "(SELECT CASE WHEN ST_IsValid(s) THEN s ELSE ST_MakeValid(s) END
                    FROM (SELECT ST_Simplify({}, $6, true) AS s) simplified)",
                native_geometry(schema, &geometry)
            )
        } else {
            // Douglas-Peucker keeping collapsed parts (a small island stays a dot). GEOS's
            // topology-preserving simplifier is 40x slower on all-China counties (6 s), and
            // checking validity costs ~0.2 ms a feature; what they avoid, rings touching,
            // happens below half a pixel and does not show.
            format!(
                "ST_Simplify({}, $6, true)",
                native_geometry(schema, &geometry)
            )
        };
        let limit = request.max_features + 1;
        let [w, s, e, n] = bbox;
        let mut params: Vec<&(dyn ToSql + Sync)> = if simplified.contains("$6") {
            vec![&w, &s, &e, &n, &limit, &tolerance]
        } else {
            vec![&w, &s, &e, &n, &limit]
        };
        let (filter, values) = and_filter(schema, params.len() + 1);
        params.extend(values.iter().map(|v| v as &(dyn ToSql + Sync)));
        let sql = format!(
            "SELECT ST_AsBinary({}){} FROM {} WHERE {}{filter} LIMIT $5",
            to_wgs84(schema, &simplified),
            attribute_list(schema),
            relation(schema),
            bbox_filter(schema, &geometry, bbox),
        );
        let rows = self.query_table(schema, &sql, &params)?;
        let truncated = rows.len() as i64 > request.max_features;
        let mut wkb_bytes = 0;
        let mut features = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().take(request.max_features as usize).enumerate() {
            let wkb: Option<&[u8]> = row.get(0);
            wkb_bytes += wkb.map_or(0, <[u8]>::len);
            features.push(row_feature(schema, row, wkb, i));
        }
        Ok(ViewResult {
            features,
            aggregated: false,
            truncated,
            wkb_bytes,
            preview: false,
        })
    }

    /// The planner's estimate of the rows in `bbox` (EXPLAIN, no scan).
    pub fn estimate_in_view(
        &mut self,
        schema: &PgLayerSchema,
        bbox: [f64; 4],
    ) -> Result<f64, PgError> {
        let (filter, values) = and_filter(schema, 5);
        let sql = format!(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM {} WHERE {}{filter}",
            relation(schema),
            bbox_filter(schema, &quote_identifier(&schema.table.column), bbox),
        );
        let [w, s, e, n] = bbox;
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&w, &s, &e, &n];
        params.extend(values.iter().map(|v| v as &(dyn ToSql + Sync)));
        let rows = self.query_table(schema, &sql, &params)?;
        let plan: Value = rows
            .first()
            .map(|r| r.get::<_, Value>(0))
            .unwrap_or_default();
        Ok(plan[0]["Plan"]["Plan Rows"].as_f64().unwrap_or(0.0))
    }

    /// Points counted per grid cell on the server; each cell comes back at the mean position
    /// of its points with the exact count.
    fn fetch_cells(
        &mut self,
        schema: &PgLayerSchema,
        bbox: [f64; 4],
        request: &ViewRequest,
        estimated: f64,
    ) -> Result<ViewResult, PgError> {
        // A zero cell (no scale given) would divide by zero: a metre is the finest count.
        let cell = native_tolerance(
            schema,
            (request.metres_per_pixel * request.cell_pixels).max(1.0),
        );
        let geometry = native_geometry(schema, &quote_identifier(&schema.table.column));
        // A sample of whole pages (TABLESAMPLE SYSTEM) reads ~PREVIEW_ROWS rows: a picture of
        // where the points are in a fraction of the time; counts are scaled by the fraction.
        let sample_percent = request
            .preview_above
            .filter(|above| estimated > *above)
            .map(|_| (PREVIEW_ROWS / estimated * 100.0).clamp(0.01, 100.0));
        let sample = match sample_percent {
            Some(_) => " TABLESAMPLE SYSTEM ($6)",
            None => "",
        };
        // The volatile `clock_timestamp()` keeps the innermost query from being flattened into
        // its parent. Two things follow. ST_X and ST_Y run once per row, not twice. And the
        // planner estimates the cells from the unknown `x` and `y` rather than from the
        // geometry column, which is all distinct: with "5 M cells" it aggregated on one core.
        // With a few thousand estimated, each parallel worker counts its share, as in
        // `count(*)`. Together, 5 M points count in about half the time on 2 cores.
        let (filter, values) = and_filter(schema, if sample_percent.is_some() { 7 } else { 6 });
        let sql = format!(
            "SELECT ST_AsBinary({}), n FROM (
                SELECT count(*) AS n, sum(x) / count(*) AS x, sum(y) / count(*) AS y
                  FROM (SELECT ST_X({geometry}) AS x, ST_Y({geometry}) AS y,
                               clock_timestamp() AS keeps_the_query_apart
                          FROM {}{sample} WHERE {}{filter}) points
                 GROUP BY floor(x / $5), floor(y / $5)) cells",
            to_wgs84(
                schema,
                &format!("ST_SetSRID(ST_MakePoint(x, y), {})", schema.table.srid)
            ),
            relation(schema),
            bbox_filter(schema, &quote_identifier(&schema.table.column), bbox),
        );
        let [w, s, e, n] = bbox;
        let percent = sample_percent.unwrap_or(100.0);
        // TABLESAMPLE takes a `real`.
        let percent_real = percent as f32;
        let mut params: Vec<&(dyn ToSql + Sync)> = if sample_percent.is_some() {
            vec![&w, &s, &e, &n, &cell, &percent_real]
        } else {
            vec![&w, &s, &e, &n, &cell]
        };
        params.extend(values.iter().map(|v| v as &(dyn ToSql + Sync)));
        let rows = self.query_table(schema, &sql, &params)?;
        let scale = 100.0 / percent;
        let mut wkb_bytes = 0;
        let features = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let wkb: Option<&[u8]> = row.get(0);
                wkb_bytes += wkb.map_or(0, <[u8]>::len);
                let count: i64 = row.get(1);
                let mut properties = Map::new();
                properties.insert("cluster".into(), Value::Bool(true));
                if sample_percent.is_some() {
                    let scaled = (count as f64 * scale).round() as i64;
                    properties.insert("point_count".into(), Value::from(scaled));
                    properties.insert("approximate".into(), Value::Bool(true));
                } else {
                    properties.insert("point_count".into(), Value::from(count));
                }
                Feature::new(decode_wkb(wkb), properties, i)
            })
            .collect();
        Ok(ViewResult {
            features,
            aggregated: true,
            truncated: false,
            wkb_bytes,
            preview: sample_percent.is_some(),
        })
    }

    /// The feature at a clicked spot: containing it, or nearest within `tolerance_m`, in full
    /// detail.
    pub fn identify(
        &mut self,
        schema: &PgLayerSchema,
        lon: f64,
        lat: f64,
        tolerance_m: f64,
    ) -> Result<Option<Feature>, PgError> {
        let geometry = quote_identifier(&schema.table.column);
        let native = native_geometry(schema, &geometry);
        let tolerance = tolerance_m / METRES_PER_DEGREE;
        let point = "ST_SetSRID(ST_MakePoint($1, $2), 4326)";
        let bbox = [
            lon - tolerance,
            lat - tolerance,
            lon + tolerance,
            lat + tolerance,
        ];
        let (filter, values) = and_filter(schema, 7);
        let sql = format!(
            "SELECT ST_AsBinary({}){} FROM {} WHERE {}{filter} ORDER BY ST_Distance({native}, {}) LIMIT 1",
            to_wgs84(schema, &native),
            attribute_list(schema),
            relation(schema),
            bbox_filter_at(schema, &geometry, 3),
            from_wgs84(schema, point),
        );
        let mut params: Vec<&(dyn ToSql + Sync)> =
            vec![&lon, &lat, &bbox[0], &bbox[1], &bbox[2], &bbox[3]];
        params.extend(values.iter().map(|v| v as &(dyn ToSql + Sync)));
        let rows = self.query_table(schema, &sql, &params)?;
        Ok(rows.first().map(|row| {
            let wkb: Option<&[u8]> = row.get(0);
            row_feature(schema, row, wkb, 0)
        }))
    }

    /// One page of the table's rows, sorted by the server (`order_by` a column name).
    pub fn page(
        &mut self,
        schema: &PgLayerSchema,
        order_by: Option<(&str, bool)>,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<Feature>, PgError> {
        let order = match order_by {
            Some((column, descending)) if schema.columns.iter().any(|c| c.name == column) => {
                format!(
                    " ORDER BY {} {} NULLS LAST",
                    quote_identifier(column),
                    if descending { "DESC" } else { "ASC" }
                )
            }
            _ => schema
                .key
                .as_ref()
                .map(|k| format!(" ORDER BY {}", quote_identifier(k)))
                .unwrap_or_default(),
        };
        let geometry = quote_identifier(&schema.table.column);
        let (filter, values) = and_filter(schema, 3);
        let sql = format!(
            "SELECT ST_AsBinary({}){} FROM {} WHERE TRUE{filter}{order} LIMIT $1 OFFSET $2",
            to_wgs84(schema, &native_geometry(schema, &geometry)),
            attribute_list(schema),
            relation(schema),
        );
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&limit, &offset];
        params.extend(values.iter().map(|v| v as &(dyn ToSql + Sync)));
        let rows = self.query_table(schema, &sql, &params)?;
        Ok(rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let wkb: Option<&[u8]> = row.get(0);
                row_feature(schema, row, wkb, offset as usize + i)
            })
            .collect())
    }

    /// The `n` most frequent values of `column` with their counts, and the table's row count
    /// (for "colour by"; one scan on the server).
    pub fn top_values(
        &mut self,
        schema: &PgLayerSchema,
        column: &str,
        n: i64,
    ) -> Result<(Vec<(String, i64)>, i64), PgError> {
        if !schema.columns.iter().any(|c| c.name == column) {
            return Err(PgError::Table {
                table: schema.table.title(),
                reason: format!("no column {column}"),
            });
        }
        let (filter, values) = and_filter(schema, 2);
        let sql = format!(
            "SELECT v, c, sum(c) OVER ()::int8 FROM (
                SELECT {}::text AS v, count(*) AS c FROM {} WHERE TRUE{filter} GROUP BY 1) g
             ORDER BY c DESC, v LIMIT $1",
            quote_identifier(column),
            relation(schema)
        );
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&n];
        params.extend(values.iter().map(|v| v as &(dyn ToSql + Sync)));
        let rows = self.query_table(schema, &sql, &params)?;
        let total = rows.first().map_or(0, |r| r.get::<_, i64>(2));
        let values = rows
            .iter()
            .map(|r| {
                let value: Option<String> = r.get(0);
                (value.unwrap_or_else(|| "(none)".into()), r.get(1))
            })
            .collect();
        Ok((values, total))
    }

    /// Whether the server takes `filter` on this table: it plans (never runs) a query with
    /// it, so a comparison of text with a number or an unknown column is refused here with
    /// the server's words.
    pub fn check_filter(
        &mut self,
        schema: &PgLayerSchema,
        filter: &crate::io::sql::RowFilter,
    ) -> Result<(), PgError> {
        let (condition, values) = filter.condition(1);
        let sql = format!(
            "EXPLAIN SELECT 1 FROM {} WHERE {condition}",
            relation(schema)
        );
        let params: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        self.query_table(schema, &sql, &params).map(drop)
    }

    fn query_table(
        &mut self,
        schema: &PgLayerSchema,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, PgError> {
        self.client
            .query(sql, params)
            .map_err(|e| self.table_error(&schema.table, &e))
    }
}

/// The layer's filter as ` AND (…)` with its values, placeholders from `$first`; nothing
/// without a filter.
fn and_filter(schema: &PgLayerSchema, first: usize) -> (String, Vec<SqlParam>) {
    match &schema.filter {
        Some(filter) => {
            let (condition, values) = filter.condition(first);
            (format!(" AND ({condition})"), values)
        }
        None => (String::new(), Vec::new()),
    }
}

fn relation(schema: &PgLayerSchema) -> String {
    format!(
        "{}.{}",
        quote_identifier(&schema.table.table.schema),
        quote_identifier(&schema.table.table.table)
    )
}

/// The geometry as the table stores it (geography as geometry, for the functions).
fn native_geometry(schema: &PgLayerSchema, quoted: &str) -> String {
    if schema.table.geography {
        format!("{quoted}::geometry")
    } else {
        quoted.to_string()
    }
}

fn to_wgs84(schema: &PgLayerSchema, geometry: &str) -> String {
    match schema.table.srid {
        4326 | 0 => geometry.to_string(),
        srid if schema.table.geography => {
            format!("ST_Transform(ST_SetSRID({geometry}, {srid}), 4326)")
        }
        _ => format!("ST_Transform({geometry}, 4326)"),
    }
}

fn from_wgs84(schema: &PgLayerSchema, geometry: &str) -> String {
    match schema.table.srid {
        4326 | 0 => geometry.to_string(),
        srid => format!("ST_Transform({geometry}, {srid})"),
    }
}

/// `column && the view box`, in the table's own SRID so the GiST index answers; the box
/// parameters are `$1..$4` (W, S, E, N). When the box holds the table's whole extent the test
/// is left out: on a sequential scan of 5 M points it costs 2 s and rejects nothing. (The
/// parameters stay in the text, in a test the planner folds, so their numbers do not move.)
fn bbox_filter(schema: &PgLayerSchema, quoted: &str, bbox: [f64; 4]) -> String {
    let whole = schema
        .extent
        .is_some_and(|[w, s, e, n]| bbox[0] <= w && bbox[1] <= s && bbox[2] >= e && bbox[3] >= n);
    if whole {
        "$1::float8 <= $3::float8 AND $2::float8 <= $4::float8".into()
    } else {
        bbox_filter_at(schema, quoted, 1)
    }
}

fn bbox_filter_at(schema: &PgLayerSchema, quoted: &str, first: usize) -> String {
    let [w, s, e, n] = [first, first + 1, first + 2, first + 3];
    let envelope = format!("ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)");
    if schema.table.geography {
        return format!("{quoted} && {envelope}::geography");
    }
    match schema.table.srid {
        4326 => format!("{quoted} && {envelope}"),
        0 => format!("{quoted} && ST_SetSRID({envelope}, 0)"),
        // Edges of a lon/lat box curve in a projection: densified, its corners' box covers it.
        srid => format!(
            "{quoted} && ST_Transform(ST_Segmentize({envelope}, (${e} - ${w}) / 16.0), {srid})"
        ),
    }
}

/// The attribute columns as a `SELECT` list tail, cast to the types a feature holds.
fn attribute_list(schema: &PgLayerSchema) -> String {
    let mut out = String::new();
    for column in &schema.columns {
        let quoted = quote_identifier(&column.name);
        let cast = match column.kind {
            ColumnKind::Integer => "int8",
            ColumnKind::Float => "float8",
            ColumnKind::Bool => "bool",
            ColumnKind::Text => "text",
        };
        out.push_str(&format!(", {quoted}::{cast}"));
    }
    out
}

fn decode_wkb(wkb: Option<&[u8]>) -> geo::Geometry<f64> {
    wkb.and_then(|bytes| {
        crate::io::read::wkb_geometry::wkb_to_geo(bytes)
            .ok()
            .flatten()
    })
    .unwrap_or_else(|| geo::Geometry::GeometryCollection(Default::default()))
}

fn row_feature(
    schema: &PgLayerSchema,
    row: &postgres::Row,
    wkb: Option<&[u8]>,
    row_number: usize,
) -> Feature {
    let mut properties = Map::new();
    let mut id = None;
    for (i, column) in schema.columns.iter().enumerate() {
        let at = i + 1;
        let value = match column.kind {
            ColumnKind::Integer => row.get::<_, Option<i64>>(at).map(Value::from),
            ColumnKind::Float => row
                .get::<_, Option<f64>>(at)
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
            ColumnKind::Bool => row.get::<_, Option<bool>>(at).map(Value::Bool),
            ColumnKind::Text => row.get::<_, Option<String>>(at).map(Value::String),
        }
        .unwrap_or(Value::Null);
        if schema.key.as_ref() == Some(&column.name) {
            id = value.as_i64();
        }
        properties.insert(column.name.clone(), value);
    }
    let index = id
        .and_then(|i| usize::try_from(i).ok())
        .unwrap_or(row_number);
    Feature::new(decode_wkb(wkb), properties, index)
}

/// The view box cut to the table's extent (no query when they do not meet), and to where
/// lon/lat is defined.
fn clamp_to_extent(bbox: [f64; 4], extent: Option<[f64; 4]>) -> Option<[f64; 4]> {
    let mut b = [
        bbox[0].max(-180.0),
        bbox[1].max(-85.06),
        bbox[2].min(180.0),
        bbox[3].min(85.06),
    ];
    if let Some([w, s, e, n]) = extent {
        let margin = ((e - w).max(n - s) * 0.01).max(1e-6);
        b = [
            b[0].max(w - margin),
            b[1].max(s - margin),
            b[2].min(e + margin),
            b[3].min(n + margin),
        ];
    }
    (b[0] < b[2] && b[1] < b[3]).then_some(b)
}

/// `metres` on the ground in the table's units (degrees for geographic SRIDs).
fn native_tolerance(schema: &PgLayerSchema, metres: f64) -> f64 {
    // A degree of longitude is shorter than one of latitude: latitude degrees are the finer
    // tolerance of the two.
    if schema.geographic || schema.table.srid == 4326 {
        metres / METRES_PER_DEGREE
    } else {
        metres
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_outside_the_table_asks_nothing_and_a_world_view_is_clamped() {
        let extent = Some([105.0, 28.0, 110.0, 32.0]);
        assert_eq!(clamp_to_extent([0.0, 0.0, 10.0, 10.0], extent), None);
        let b = clamp_to_extent([-400.0, -90.0, 400.0, 90.0], None).unwrap();
        assert_eq!(b, [-180.0, -85.06, 180.0, 85.06]);
        let b = clamp_to_extent([100.0, 20.0, 120.0, 40.0], extent).unwrap();
        assert!(b[0] > 104.9 && b[2] < 110.1);
    }
}
