//! What a layer's style adds over its geometry: circles sized by a number (QGIS's
//! proportional symbols, kepler.gl's radius by field) and labels from a field.

use super::{Feature, Rgba};

/// Circles whose area is proportional to a numeric field: on points, and on polygons and lines
/// at their label anchor.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Proportional {
    pub property: String,
    /// The value drawn at `max_radius`: the layer's largest when the size was chosen.
    pub max_value: f64,
    /// Radii in screen points; no value draws smaller than `min_radius`.
    pub min_radius: f32,
    pub max_radius: f32,
}

impl Proportional {
    /// Sized by `property` over `features`: the largest value at `max_radius`. `None` when
    /// no feature has a positive number there.
    pub fn over(features: &[Feature], property: &str) -> Option<Proportional> {
        let max_value = (features.iter())
            .filter_map(|f| f.properties.get(property).and_then(super::number_value))
            .filter(|v| v.is_finite() && *v > 0.0)
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))?;
        Some(Proportional {
            property: property.to_owned(),
            max_value,
            min_radius: 2.0,
            max_radius: 24.0,
        })
    }

    /// The radius of `value`: its circle's area is to the largest's as the value is to the
    /// largest value. `None` for no value, zero or less.
    pub fn radius(&self, value: f64) -> Option<f32> {
        if !(value.is_finite() && value > 0.0 && self.max_value > 0.0) {
            return None;
        }
        let scaled = f64::from(self.max_radius) * (value / self.max_value).sqrt();
        Some((scaled as f32).max(self.min_radius))
    }

    pub fn radius_of(&self, feature: &Feature) -> Option<f32> {
        let value = feature
            .properties
            .get(&self.property)
            .and_then(super::number_value)?;
        self.radius(value)
    }
}

/// Labels from a field of each feature.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FieldLabels {
    pub property: String,
    /// Text height in screen points.
    pub size: f32,
    pub color: Rgba,
    /// A light halo around the letters, to read them over any map.
    pub halo: bool,
}

impl FieldLabels {
    pub fn new(property: &str) -> Self {
        Self {
            property: property.to_owned(),
            size: 12.0,
            color: Rgba::rgb(40, 40, 40),
            halo: true,
        }
    }
}

/// Field names that hold a feature's name, best first: Chinese names before English, as the
/// people who use the map read Chinese first. Compared without case.
const NAME_FIELDS: &[&str] = &[
    "name_zh",
    "名称",
    "name_chn",
    "xzqmc",
    "mc",
    "地名",
    "单位名称",
    "企业名称",
    "name:zh",
    "name",
    "name_en",
    "title",
    "label",
];

/// The field of `keys` that most likely names each feature, in English or Chinese data.
pub fn name_like_field<'a>(keys: impl IntoIterator<Item = &'a String>) -> Option<String> {
    let keys: Vec<&String> = keys.into_iter().collect();
    NAME_FIELDS.iter().find_map(|wanted| {
        (keys.iter())
            .find(|k| k.to_lowercase() == *wanted)
            .map(|k| (*k).clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circle_area_follows_the_value() {
        let sizes = Proportional {
            property: "n".into(),
            max_value: 100.0,
            min_radius: 2.0,
            max_radius: 20.0,
        };
        assert_eq!(sizes.radius(100.0), Some(20.0));
        // A quarter of the value: a quarter of the area, half the radius.
        assert_eq!(sizes.radius(25.0), Some(10.0));
        assert_eq!(sizes.radius(0.0001), Some(2.0), "never below the smallest");
        assert_eq!(sizes.radius(0.0), None);
        assert_eq!(sizes.radius(f64::NAN), None);
    }

    #[test]
    fn name_like_fields_in_chinese_and_english_data() {
        let keys = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            name_like_field(&keys(&["id", "XZQMC", "NAME"])).as_deref(),
            Some("XZQMC")
        );
        assert_eq!(
            name_like_field(&keys(&["NAME_CHN", "name_en"])).as_deref(),
            Some("NAME_CHN")
        );
        assert_eq!(
            name_like_field(&keys(&["名称", "name"])).as_deref(),
            Some("名称")
        );
        assert_eq!(
            name_like_field(&keys(&["Name", "pop"])).as_deref(),
            Some("Name")
        );
        assert_eq!(name_like_field(&keys(&["id", "pop"])), None);
    }
}
