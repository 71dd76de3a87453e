//! Writes FlatGeobuf with its spatial index, in WGS84 (EPSG:4326), through the `flatgeobuf`
//! crate: typed columns, geometries by geozero.

use std::path::Path;

use flatgeobuf::{ColumnType as FgbColumn, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};
use geozero::ColumnValue;
use serde_json::Value;

use super::columns::{ColumnType, schema, text_of};
use super::commit::via_partial;
use crate::model::Feature;

pub fn write(path: &Path, name: &str, features: &[&Feature]) -> Result<usize, String> {
    let options = FgbWriterOptions {
        crs: FgbCrs {
            code: 4326,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut writer = FgbWriter::create_with_options(name, GeometryType::Unknown, options)
        .map_err(|e| e.to_string())?;
    let columns = schema(features);
    for (column, kind) in &columns {
        let fgb_type = match kind {
            ColumnType::Integer => FgbColumn::Long,
            ColumnType::Real => FgbColumn::Double,
            ColumnType::Boolean => FgbColumn::Bool,
            ColumnType::Text => FgbColumn::String,
        };
        writer.add_column(column, fgb_type, |_, c| c.nullable = true);
    }
    let mut written = 0;
    for feature in features.iter().filter(|f| f.has_location()) {
        let mut texts: Vec<Option<String>> = Vec::with_capacity(columns.len());
        for (column, kind) in &columns {
            let value = feature.properties.get(column);
            texts.push(match (value, kind) {
                (Some(v), ColumnType::Text) => text_of(v),
                _ => None,
            });
        }
        writer
            .add_feature_geom(feature.geometry.clone(), |out| {
                for (i, (column, kind)) in columns.iter().enumerate() {
                    let value = feature.properties.get(column);
                    let column_value = match (value, kind) {
                        (Some(Value::Number(n)), ColumnType::Integer) => {
                            n.as_i64().map(ColumnValue::Long)
                        }
                        (Some(Value::Number(n)), ColumnType::Real) => {
                            n.as_f64().map(ColumnValue::Double)
                        }
                        (Some(Value::Bool(b)), ColumnType::Boolean) => Some(ColumnValue::Bool(*b)),
                        (_, ColumnType::Text) => texts[i].as_deref().map(ColumnValue::String),
                        _ => None,
                    };
                    if let Some(column_value) = column_value {
                        let _ = geozero::PropertyProcessor::property(out, i, column, &column_value);
                    }
                }
            })
            .map_err(|e| e.to_string())?;
        written += 1;
    }
    via_partial(path, |partial| {
        let file = std::fs::File::create(partial).map_err(|e| e.to_string())?;
        writer
            .write(std::io::BufWriter::new(file))
            .map_err(|e| e.to_string())
    })
    .map(|()| written)
}
