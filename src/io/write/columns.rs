//! The columns of the features being saved, for formats with typed columns, and a property
//! as text for text columns.

use serde_json::Value;

use crate::model::Feature;

/// What a column holds across all features, for formats with typed columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Integer,
    Real,
    Boolean,
    Text,
}

/// The columns of some features: every property name in first-seen order, with the type that
/// holds all its values.
pub fn schema(features: &[&Feature]) -> Vec<(String, ColumnType)> {
    let mut columns: Vec<(String, Option<ColumnType>)> = Vec::new();
    for feature in features {
        for (key, value) in &feature.properties {
            let position = match columns.iter().position(|(name, _)| name == key) {
                Some(i) => i,
                None => {
                    columns.push((key.clone(), None));
                    columns.len() - 1
                }
            };
            let kind = match value {
                Value::Null => continue,
                Value::Bool(_) => ColumnType::Boolean,
                Value::Number(n) if n.is_i64() || n.is_u64() => ColumnType::Integer,
                Value::Number(_) => ColumnType::Real,
                _ => ColumnType::Text,
            };
            let slot = &mut columns[position].1;
            *slot = Some(match (*slot, kind) {
                (None, kind) => kind,
                (Some(a), b) if a == b => a,
                (Some(ColumnType::Integer), ColumnType::Real)
                | (Some(ColumnType::Real), ColumnType::Integer) => ColumnType::Real,
                _ => ColumnType::Text,
            });
        }
    }
    columns
        .into_iter()
        .map(|(name, kind)| (name, kind.unwrap_or(ColumnType::Text)))
        .collect()
}

/// A property as text, for text columns: strings as they are, anything else as JSON.
pub fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_schema_types_each_column_over_all_features() {
        let feature = |properties: Value| {
            Feature::without_geometry(properties.as_object().unwrap().clone(), 0)
        };
        let a = feature(json!({"code": 1, "area": 2, "name": "a", "ok": true}));
        let b = feature(json!({"code": 2, "area": 2.5, "name": null, "ok": "yes", "extra": 1}));
        let columns = schema(&[&a, &b]);
        let kinds: Vec<(&str, ColumnType)> =
            columns.iter().map(|(n, k)| (n.as_str(), *k)).collect();
        assert!(kinds.contains(&("code", ColumnType::Integer)));
        assert!(kinds.contains(&("area", ColumnType::Real)));
        assert!(kinds.contains(&("name", ColumnType::Text)));
        assert!(kinds.contains(&("ok", ColumnType::Text)));
        assert!(kinds.contains(&("extra", ColumnType::Integer)));
    }
}
