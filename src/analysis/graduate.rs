//! A layer's graduated style from its features: the values of a numeric property classed by a
//! [`ClassMethod`] and coloured by a [`Ramp`], with each class's count and the features with
//! no number; or the same with bounds the user edited by hand.

use crate::analysis::classify::{ClassMethod, breaks, class_counts};
use crate::analysis::ramp::Ramp;
use crate::model::{Feature, Graduated, number_value};

/// The numbers of `property` across `features` (text that reads as a number counts), and how
/// many features have none.
pub fn numbers(features: &[Feature], property: &str) -> (Vec<f64>, usize) {
    let mut values = Vec::with_capacity(features.len());
    let mut missing = 0;
    for feature in features {
        match feature.properties.get(property).and_then(number_value) {
            Some(v) => values.push(v),
            None => missing += 1,
        }
    }
    (values, missing)
}

/// The properties that hold a number in some of the first thousand features: what a
/// graduated style can be made of.
pub fn numeric_properties(features: &[Feature]) -> Vec<String> {
    let mut found: std::collections::BTreeSet<&str> = Default::default();
    for feature in features.iter().take(1000) {
        for (key, value) in &feature.properties {
            if number_value(value).is_some() {
                found.insert(key);
            }
        }
    }
    found.into_iter().map(str::to_owned).collect()
}

/// The style, or `None` when the property has no number at all.
pub fn graduate(
    features: &[Feature],
    property: &str,
    method: ClassMethod,
    classes: usize,
    ramp: Ramp,
    reversed: bool,
) -> Option<Graduated> {
    let (values, no_data) = numbers(features, property);
    let bounds = breaks(&values, method, classes);
    if bounds.len() < 2 {
        return None;
    }
    let mut graduated = with_bounds(&values, no_data, property, bounds, ramp, reversed);
    graduated.method = method_key(method).to_owned();
    Some(graduated)
}

/// The style with `bounds` as given (the user edited them): method "manual".
pub fn regraduate(features: &[Feature], current: &Graduated, bounds: Vec<f64>) -> Graduated {
    let (values, no_data) = numbers(features, &current.property);
    let ramp = ramp_named(&current.ramp).unwrap_or(Ramp::YellowOrangeRed);
    let mut graduated = with_bounds(
        &values,
        no_data,
        &current.property,
        bounds,
        ramp,
        current.reversed,
    );
    graduated.method = MANUAL.to_owned();
    graduated
}

/// The same classes (bounds, colours, method) counted again over `features` (a reread, a
/// restored session).
pub fn recount(features: &[Feature], current: &Graduated) -> Graduated {
    let (values, no_data) = numbers(features, &current.property);
    let counts = class_counts(&values, &current.bounds);
    let classed: usize = counts.iter().sum();
    Graduated {
        counts,
        no_data: no_data + values.len() - classed,
        ..current.clone()
    }
}

/// What a style whose bounds were edited by hand says it was made by.
pub const MANUAL: &str = "manual";

fn with_bounds(
    values: &[f64],
    no_data: usize,
    property: &str,
    bounds: Vec<f64>,
    ramp: Ramp,
    reversed: bool,
) -> Graduated {
    let counts = class_counts(values, &bounds);
    // Values outside hand-edited bounds have no class either.
    let classed: usize = counts.iter().sum();
    Graduated {
        property: property.to_owned(),
        colours: ramp.colours(counts.len(), reversed),
        counts,
        no_data: no_data + values.len() - classed,
        bounds,
        method: String::new(),
        ramp: ramp.name().to_owned(),
        reversed,
    }
}

/// The name a method is kept under in a session.
pub fn method_key(method: ClassMethod) -> &'static str {
    match method {
        ClassMethod::EqualInterval => "equal",
        ClassMethod::Quantile => "quantile",
        ClassMethod::NaturalBreaks => "jenks",
        ClassMethod::StandardDeviation => "stddev",
        ClassMethod::Pretty => "pretty",
    }
}

pub fn method_named(key: &str) -> Option<ClassMethod> {
    ClassMethod::ALL.into_iter().find(|m| method_key(*m) == key)
}

pub fn ramp_named(name: &str) -> Option<Ramp> {
    Ramp::ALL.into_iter().find(|r| r.name() == name)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn feature(value: serde_json::Value) -> Feature {
        let mut properties = serde_json::Map::new();
        properties.insert("v".into(), value);
        Feature::without_geometry(properties, 0)
    }

    #[test]
    fn classes_count_their_features_and_text_numbers_and_nulls_are_told_apart() {
        let features: Vec<Feature> = [1.0, 2.0, 3.0, 20.0, 21.0, 100.0]
            .into_iter()
            .map(|v| feature(v.into()))
            .chain([feature("7.5".into()), feature(serde_json::Value::Null)])
            .collect();
        let g = graduate(
            &features,
            "v",
            ClassMethod::NaturalBreaks,
            3,
            Ramp::Blues,
            false,
        )
        .unwrap();
        assert_eq!(g.bounds, [1.0, 7.5, 21.0, 100.0]);
        assert_eq!(g.counts, [4, 2, 1]);
        assert_eq!(g.no_data, 1);
        assert_eq!(g.method, "jenks");
        assert_eq!(g.color_for(&features[7]), crate::model::NO_DATA);
        assert_eq!(g.color_for(&features[5]), g.colours[2]);
        let edited = regraduate(&features, &g, vec![0.0, 10.0, 50.0]);
        assert_eq!((edited.counts.clone(), edited.no_data), (vec![4, 2], 2));
        assert_eq!(edited.method, MANUAL);
    }
}
