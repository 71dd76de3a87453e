//! Join a table to a layer by key (QGIS's "Join attributes by field value"), with keys matched
//! the way Chinese administrative data is written: 渝中 and 渝中区, 石柱 and
//! 石柱土家族自治县, Yuzhong, Yuzhong District and the pinyin, 6- and 12-digit codes,
//! full-width characters and stray spaces. On the layer's side every identifier column a
//! feature has (its name in Chinese and English, pinyin, code) is a key besides the chosen one,
//! so one spreadsheet may mix them. The result says which rows matched, lists every key that
//! did not, and warns of keys that more than one row gives.

use std::collections::HashMap;

use serde_json::Value;

use crate::model::{Feature, category_key};

/// Columns that identify a district or county, tried on the layer's side beside the key.
const IDENTIFIERS: &[&str] = &[
    "name_zh", "name_en", "pinyin", "adcode", "name", "NAME", "名称", "NAME_CHN", "XZQMC", "XZQDM",
    "code",
];

/// Suffixes of Chinese county-level names, longest first.
const ZH_SUFFIXES: &[&str] = &[
    "土家族苗族自治县",
    "苗族土家族自治县",
    "土家族自治县",
    "自治县",
    "新区",
    "区",
    "县",
    "市",
];

/// Suffixes of their English names.
const EN_SUFFIXES: &[&str] = &[
    "tujia and miao autonomous county",
    "miao and tujia autonomous county",
    "tujia autonomous county",
    "autonomous county",
    "new area",
    "district",
    "county",
    "city",
];

/// A key as it is compared: full-width characters made half-width, spaces gone, lower case,
/// the administrative suffix dropped, a 12-digit code cut to its 6-digit county prefix.
pub fn normalise_key(text: &str) -> String {
    let half: String = text
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect();
    let lower = half.trim().to_lowercase();
    let digits: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.chars().all(|c| c.is_ascii_digit()) && matches!(digits.len(), 6 | 9 | 12) {
        return digits[..6].to_owned();
    }
    let mut words = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    for suffix in EN_SUFFIXES {
        if let Some(stem) = words.strip_suffix(suffix) {
            words = stem.trim_end().to_owned();
            break;
        }
    }
    let mut key: String = words
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\'' | '’' | '·'))
        .collect();
    for suffix in ZH_SUFFIXES {
        // Never down to nothing: 忠县 keeps 忠, but a bare 区 stays 区.
        if let Some(stem) = key.strip_suffix(suffix)
            && !stem.is_empty()
        {
            key = stem.to_owned();
            break;
        }
    }
    key
}

/// What a join made.
#[derive(Debug, Clone)]
pub struct Joined {
    /// The layer's features, each with the columns of the row that matched it (a column the
    /// layer already has arrives as `joined_<name>`).
    pub features: Vec<Feature>,
    /// Rows whose key found a feature.
    pub matched_rows: usize,
    /// Rows whose key found none: (row number from 1, the key as written).
    pub unmatched: Vec<(usize, String)>,
    /// Keys of rows that named a feature an earlier row had named: the first was joined.
    pub duplicate_keys: Vec<String>,
    /// Features no row matched.
    pub features_without_row: usize,
}

/// Joins `table`'s rows to `layer`'s features where `table_key` matches `layer_key` (or, on
/// the layer's side, any identifier column).
pub fn join_by_key(
    layer: &[Feature],
    layer_key: &str,
    table: &[Feature],
    table_key: &str,
) -> Joined {
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, feature) in layer.iter().enumerate() {
        let columns = std::iter::once(layer_key).chain(IDENTIFIERS.iter().copied());
        for column in columns {
            if let Some(value) = feature.properties.get(column).filter(|v| !v.is_null()) {
                index
                    .entry(normalise_key(&category_key(Some(value))))
                    .or_insert(i);
            }
        }
    }
    let mut joined_row: Vec<Option<usize>> = vec![None; layer.len()];
    let (mut matched_rows, mut unmatched, mut duplicate_keys) = (0, Vec::new(), Vec::new());
    for (row, record) in table.iter().enumerate() {
        let written = category_key(record.properties.get(table_key));
        let key = normalise_key(&written);
        let target = index.get(&key).copied().or_else(|| {
            // Pinyin written with its suffix: yuzhongqu, shizhuxian.
            ["qu", "xian"].iter().find_map(|s| {
                key.strip_suffix(s)
                    .and_then(|stem| index.get(stem).copied())
            })
        });
        let Some(target) = target else {
            unmatched.push((row + 1, written));
            continue;
        };
        matched_rows += 1;
        // Two rows for one feature (渝中 and Yuzhong District): the first is joined.
        match joined_row[target] {
            Some(_) => duplicate_keys.push(written),
            None => joined_row[target] = Some(row),
        }
    }
    let features: Vec<Feature> = (layer.iter().zip(&joined_row))
        .map(|(feature, row)| {
            let mut out = feature.clone();
            if let Some(row) = row {
                for (column, value) in &table[*row].properties {
                    let name = if out.properties.contains_key(column) {
                        format!("joined_{column}")
                    } else {
                        column.clone()
                    };
                    out.properties.insert(name, value.clone());
                }
            }
            out
        })
        .collect();
    Joined {
        features_without_row: joined_row.iter().filter(|r| r.is_none()).count(),
        features,
        matched_rows,
        unmatched,
        duplicate_keys,
    }
}

/// The value of `column` in the first features, to show what a key column holds.
pub fn sample_values(features: &[Feature], column: &str) -> Vec<String> {
    (features.iter())
        .filter_map(|f| f.properties.get(column))
        .filter(|v| !matches!(v, Value::Null))
        .take(3)
        .map(|v| category_key(Some(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn row(pairs: &[(&str, Value)]) -> Feature {
        let properties = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        Feature::without_geometry(properties, 0)
    }

    #[test]
    fn district_keys_match_however_they_are_written() {
        for (a, b) in [
            ("渝中", "渝中区"),
            ("石柱", "石柱土家族自治县"),
            ("Yuzhong", "Yuzhong District"),
            ("  渝中区 ", "渝中区"),
            ("ｙｕｚｈｏｎｇ　ｄｉｓｔｒｉｃｔ", "yuzhong"),
            ("500103000000", "500103"),
            ("Shizhu Tujia Autonomous County", "shizhu"),
            ("两江新区", "两江"),
            ("忠县", "忠"),
        ] {
            assert_eq!(normalise_key(a), normalise_key(b), "{a} / {b}");
        }
        assert_ne!(normalise_key("渝中区"), normalise_key("渝北区"));
    }

    #[test]
    fn a_mixed_table_joins_and_lists_what_did_not_match() {
        let layer = vec![
            row(&[
                ("name_zh", "渝中区".into()),
                ("name_en", "Yuzhong District".into()),
                ("adcode", "500103".into()),
            ]),
            row(&[
                ("name_zh", "石柱土家族自治县".into()),
                ("name_en", "Shizhu Tujia Autonomous County".into()),
            ]),
            row(&[("name_zh", "万州区".into()), ("pinyin", "Wanzhou".into())]),
        ];
        let table = vec![
            row(&[("区县", "渝中".into()), ("企业", 120.into())]),
            row(&[("区县", "Shizhu".into()), ("企业", 8.into())]),
            row(&[("区县", "wanzhouqu".into()), ("企业", 30.into())]),
            row(&[("区县", "火星区".into()), ("企业", 1.into())]),
            row(&[("区县", "渝中区".into()), ("企业", 999.into())]),
        ];
        let joined = join_by_key(&layer, "name_zh", &table, "区县");
        assert_eq!(joined.matched_rows, 4);
        assert_eq!(joined.unmatched, [(4, "火星区".to_owned())]);
        assert_eq!(joined.duplicate_keys, ["渝中区"]);
        assert_eq!(joined.features_without_row, 0);
        let counts: Vec<&Value> = joined
            .features
            .iter()
            .map(|f| &f.properties["企业"])
            .collect();
        assert_eq!(
            counts,
            [&Value::from(120), &Value::from(8), &Value::from(30)]
        );
    }
}
