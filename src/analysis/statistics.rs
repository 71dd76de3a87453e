//! What a field holds across some features: how many have a value, how many a number, and for
//! the numbers their sum, mean, median, minimum and maximum; how many distinct values there
//! are. Text that reads as a number (a spreadsheet's "12.5") counts as that number, as
//! QGIS's statistics panel does.

use std::collections::HashSet;

use serde_json::Value;

use crate::model::Feature;

/// The statistics of one field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStatistics {
    /// Features looked at.
    pub count: usize,
    /// Features where the field is missing or null.
    pub nulls: usize,
    /// Distinct values (numbers by value, text as written), nulls left out.
    pub distinct: usize,
    /// The numbers among the values; `None` when there is none.
    pub numbers: Option<NumberStatistics>,
}

/// Statistics of the numeric values of a field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberStatistics {
    pub count: usize,
    pub sum: f64,
    pub mean: f64,
    /// The middle value (the mean of the two middle values for an even count).
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

/// The statistics of `field` over `features`.
pub fn field_statistics<'a>(
    features: impl IntoIterator<Item = &'a Feature>,
    field: &str,
) -> FieldStatistics {
    let mut count = 0;
    let mut nulls = 0;
    let mut seen: HashSet<String> = HashSet::new();
    let mut numbers = Vec::new();
    for feature in features {
        count += 1;
        let value = feature.properties.get(field).unwrap_or(&Value::Null);
        if value.is_null() {
            nulls += 1;
            continue;
        }
        let number = number_of(value);
        seen.insert(match (number, value) {
            (Some(n), _) => format!("{n}"),
            (None, Value::String(s)) => s.clone(),
            (None, other) => other.to_string(),
        });
        numbers.extend(number);
    }
    FieldStatistics {
        count,
        nulls,
        distinct: seen.len(),
        numbers: number_statistics(numbers),
    }
}

/// A value as a finite number: a JSON number, or text that reads as one (the model's rule,
/// which styles use too).
pub use crate::model::number_value as number_of;

fn number_statistics(mut numbers: Vec<f64>) -> Option<NumberStatistics> {
    if numbers.is_empty() {
        return None;
    }
    numbers.sort_unstable_by(f64::total_cmp);
    let count = numbers.len();
    let sum: f64 = numbers.iter().sum();
    let middle = count / 2;
    let median = if count % 2 == 1 {
        numbers[middle]
    } else {
        (numbers[middle - 1] + numbers[middle]) / 2.0
    };
    Some(NumberStatistics {
        count,
        sum,
        mean: sum / count as f64,
        median,
        min: numbers[0],
        max: numbers[count - 1],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn features(values: &[Value]) -> Vec<Feature> {
        (values.iter().enumerate())
            .map(|(i, v)| {
                let properties = json!({ "v": v }).as_object().unwrap().clone();
                Feature::without_geometry(properties, i)
            })
            .collect()
    }

    #[test]
    fn numbers_text_numbers_and_nulls_are_told_apart() {
        let all = features(&[
            json!(3),
            json!("12.5"),
            json!(null),
            json!("渝中区"),
            json!(3.0),
            json!(-1),
        ]);
        let stats = field_statistics(&all, "v");
        assert_eq!(stats.count, 6);
        assert_eq!(stats.nulls, 1);
        // 3 and 3.0 are one value; "渝中区" is another.
        assert_eq!(stats.distinct, 4);
        let n = stats.numbers.unwrap();
        assert_eq!(n.count, 4);
        assert_eq!((n.min, n.max), (-1.0, 12.5));
        assert_eq!(n.sum, 17.5);
        assert_eq!(n.mean, 17.5 / 4.0);
        assert_eq!(n.median, 3.0);
    }

    #[test]
    fn a_missing_field_is_all_nulls_and_has_no_numbers() {
        let stats = field_statistics(&features(&[json!(1), json!(2)]), "absent");
        assert_eq!((stats.count, stats.nulls, stats.distinct), (2, 2, 0));
        assert_eq!(stats.numbers, None);
    }

    #[test]
    fn the_median_of_an_odd_count_is_the_middle_value() {
        let stats = field_statistics(&features(&[json!(9), json!(1), json!(5)]), "v");
        assert_eq!(stats.numbers.unwrap().median, 5.0);
    }
}
