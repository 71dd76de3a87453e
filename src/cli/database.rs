//! `inspect` and `render` on `postgresql://` addresses: the spatial tables of a database, or
//! one table (`#schema.table`) summarised and drawn as a file would be. The password comes
//! from the URI, PGPASSWORD or ~/.pgpass.

use std::fmt::Write as _;

use crate::io::postgis::address::ProcessEnv;
use crate::io::postgis::{PgClient, PgLayerSchema, PgParams, PgTable, ViewRequest, ViewResult};
use crate::model::format_number;

/// Connects to the database a URI names; returns the client and the table after `#`, if any.
pub fn connect(uri: &str) -> Result<(PgClient, Option<PgLayerSchema>), String> {
    let params = PgParams::parse(uri).map_err(|e| format!("{uri}: {e}"))?;
    let table = params.table.clone();
    let (address, password) = params.resolve(&ProcessEnv)?;
    let mut client = PgClient::connect(&address, password.as_deref()).map_err(|e| e.to_string())?;
    let schema = match table {
        Some(t) => {
            let found = client.find_table(&t).map_err(|e| e.to_string())?;
            Some(client.describe(&found).map_err(|e| e.to_string())?)
        }
        None => None,
    };
    Ok((client, schema))
}

fn table_json(t: &PgTable) -> serde_json::Value {
    serde_json::json!({
        "schema": t.table.schema,
        "table": t.table.table,
        "column": t.column,
        "srid": t.srid,
        "geometry_type": t.geometry_type,
        "geography": t.geography,
        "estimated_rows": t.estimated_rows,
        "view": t.is_view,
    })
}

/// The report of one address (its tables, or one table), as text or JSON, and whether it
/// could be read.
pub fn inspect_database(uri: &str, json: bool) -> (String, bool) {
    let shown = shown_uri(uri);
    let (client, schema) = match connect(uri) {
        Ok(c) => c,
        Err(e) if json => {
            return (
                serde_json::json!({"path": shown, "error": e, "layers": []}).to_string(),
                false,
            );
        }
        Err(e) => return (format!("{shown}: ERROR: {e}"), false),
    };
    let deadline = crate::io::postgis::client::deadline();
    let Some(schema) = schema else {
        let tables =
            (client.within(deadline, |c| c.spatial_tables())).and_then(|(_, tables)| tables);
        return match tables {
            Err(e) => (format!("{shown}: ERROR: {e}"), false),
            Ok(tables) if json => {
                let tables: Vec<_> = tables.iter().map(table_json).collect();
                let report =
                    serde_json::json!({"path": shown, "format": "PostGIS", "tables": tables});
                (
                    serde_json::to_string_pretty(&report).unwrap_or_default(),
                    true,
                )
            }
            Ok(tables) => {
                let mut out = format!("{shown}: {} spatial tables and views", tables.len());
                for t in &tables {
                    // A table never analysed has no estimate either: only `is_view` says view.
                    let rows = match (t.is_view, t.estimated_rows) {
                        (true, _) => "view".to_string(),
                        (false, Some(n)) => format!("~{} rows", format_number(n as f64)),
                        (false, None) => "rows not yet counted (never analysed)".to_string(),
                    };
                    let _ = write!(
                        out,
                        "\n  {}.{} ({}) {} SRID {} · {rows}",
                        t.table.schema, t.table.table, t.column, t.geometry_type, t.srid
                    );
                }
                (out, true)
            }
        };
    };
    // A summary from the whole table's extent: aggregated if it holds too many points.
    let bbox = schema.extent.unwrap_or([-180.0, -85.0, 180.0, 85.0]);
    // As a 1000-pixel-wide map of the whole table would ask.
    let metres_per_pixel = (bbox[2] - bbox[0]) * 111_320.0 / 1000.0;
    let request = ViewRequest::new(bbox, metres_per_pixel);
    let asked = schema.clone();
    let result = (client.within(deadline, move |c| c.fetch_view(&asked, &request)))
        .and_then(|(_, result)| result);
    match result {
        Err(e) => (format!("{shown}: ERROR: {e}"), false),
        Ok(result) if json => {
            let report = serde_json::json!({
                "path": shown,
                "format": "PostGIS",
                "layers": [layer_json(&schema, &result)],
            });
            (
                serde_json::to_string_pretty(&report).unwrap_or_default(),
                true,
            )
        }
        Ok(result) => (summary(&shown, &schema, &result), true),
    }
}

/// The table's features in the result: the cells' counts when the server counted them.
fn features_counted(result: &ViewResult) -> u64 {
    if result.aggregated {
        result
            .features
            .iter()
            .filter_map(|f| f.cluster_count())
            .sum()
    } else {
        result.features.len() as u64
    }
}

fn layer_json(schema: &PgLayerSchema, result: &ViewResult) -> serde_json::Value {
    let t = &schema.table;
    let count = features_counted(result);
    serde_json::json!({
        "name": t.title(),
        "features": count,
        "skipped": 0,
        "truncated": result.truncated,
        "geometry_types": { t.geometry_type.clone(): count },
        "bbox": schema.extent,
        "crs": format!("EPSG:{}", t.srid),
        "encoding": "UTF-8",
        "key": schema.key,
        "columns": schema.columns.iter().map(|c| serde_json::json!({"name": c.name, "type": c.type_name})).collect::<Vec<_>>(),
        "first_properties": result.features.first().filter(|_| !result.aggregated).map(|f| &f.properties),
        "problems": Vec::<String>::new(),
    })
}

fn summary(shown: &str, schema: &PgLayerSchema, result: &ViewResult) -> String {
    let t = &schema.table;
    let mut out = String::new();
    if result.aggregated {
        let _ = writeln!(
            out,
            "{shown}: {} features (counted on the server in {} cells), PostGIS",
            features_counted(result),
            result.features.len()
        );
    } else {
        let more = if result.truncated {
            " (first ones; more on the server)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{shown}: {} features{more}, PostGIS",
            result.features.len()
        );
    }
    let _ = writeln!(
        out,
        "  geometry: {} in column {}",
        t.geometry_type, t.column
    );
    if let Some([w, s, e, n]) = schema.extent {
        let _ = writeln!(
            out,
            "  bbox: {w:.6}, {s:.6}, {e:.6}, {n:.6} (W, S, E, N; estimated)"
        );
    }
    let _ = writeln!(
        out,
        "  CRS: EPSG:{}{}",
        t.srid,
        if schema.geographic {
            " (degrees)"
        } else {
            " (projected; sent as WGS84)"
        }
    );
    let columns: Vec<String> = (schema.columns.iter())
        .map(|c| format!("{} {}", c.name, c.type_name))
        .collect();
    let _ = writeln!(out, "  columns: {}", columns.join(", "));
    let _ = write!(
        out,
        "  key: {}",
        schema
            .key
            .as_deref()
            .unwrap_or("none (features numbered as they come)")
    );
    out
}

/// The URI without its password, for reports.
pub fn shown_uri(uri: &str) -> String {
    match PgParams::parse(uri) {
        Ok(p) if p.password.is_some() => {
            let (start, rest) = uri.split_at(uri.find("://").map_or(0, |i| i + 3));
            match rest.split_once('@') {
                Some((userinfo, after)) => {
                    let user = userinfo.split(':').next().unwrap_or("");
                    format!("{start}{user}:***@{after}")
                }
                None => uri.to_string(),
            }
        }
        _ => uri.to_string(),
    }
}

/// A table's features for a render of `bbox` at `metres_per_pixel`, with the client back; a
/// server that stops answering is given up after the deadline
/// ([`crate::io::postgis::client::deadline`]) rather than holding the command for good.
pub fn fetch_for_render(
    client: PgClient,
    schema: &PgLayerSchema,
    bbox: [f64; 4],
    metres_per_pixel: f64,
) -> Result<(PgClient, ViewResult), String> {
    let schema = schema.clone();
    let request = ViewRequest::new(bbox, metres_per_pixel);
    let deadline = crate::io::postgis::client::deadline();
    let (client, result) = client
        .within(deadline, move |c| c.fetch_view(&schema, &request))
        .map_err(|e| e.to_string())?;
    Ok((client, result.map_err(|e| e.to_string())?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn reports_never_show_the_password_of_a_uri() {
        let shown = super::shown_uri("postgresql://analyst:s3cret@db.cq:5432/gis#atlas.roads");
        assert_eq!(shown, "postgresql://analyst:***@db.cq:5432/gis#atlas.roads");
        let plain = "postgresql://analyst@db.cq/gis";
        assert_eq!(super::shown_uri(plain), plain);
    }
}
