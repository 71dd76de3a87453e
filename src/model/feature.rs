//! One feature: geometry in WGS84 lon/lat with its properties, and how precisely it is placed.

use geo::{BoundingRect, Geometry, Rect};
use serde_json::{Map, Value};

/// One geographic feature: geometry in WGS84 lon/lat plus its GeoJSON properties.
#[derive(Debug, Clone)]
pub struct Feature {
    pub geometry: Geometry<f64>,
    pub properties: Map<String, Value>,
    /// Index of the feature in its source file, for error messages and the attribute table.
    pub source_index: usize,
}

/// How exactly a point is known; approximate points are drawn with an uncertainty halo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LocationPrecision {
    Exact,
    Approximate { uncertainty_km: Option<f64> },
}

impl Feature {
    pub fn new(
        geometry: Geometry<f64>,
        properties: Map<String, Value>,
        source_index: usize,
    ) -> Self {
        Self {
            geometry,
            properties,
            source_index,
        }
    }

    /// An attribute-only feature (RFC 7946 §3.2 allows `"geometry": null`): listed in the
    /// table, never drawn or hit.
    pub fn without_geometry(properties: Map<String, Value>, source_index: usize) -> Self {
        Self::new(
            Geometry::GeometryCollection(geo::GeometryCollection::default()),
            properties,
            source_index,
        )
    }

    /// Whether the feature has a place on the map.
    pub fn has_location(&self) -> bool {
        !matches!(&self.geometry, Geometry::GeometryCollection(c) if c.0.is_empty())
    }

    /// The exact count of a cell a server counted points into (`cluster: true` and
    /// `point_count`, the convention of supercluster and Mapbox); `None` for other features.
    pub fn cluster_count(&self) -> Option<u64> {
        if self.properties.get("cluster") != Some(&Value::Bool(true)) {
            return None;
        }
        self.properties.get("point_count")?.as_u64()
    }

    pub fn str_property(&self, key: &str) -> Option<&str> {
        self.properties.get(key).and_then(Value::as_str)
    }

    pub fn f64_property(&self, key: &str) -> Option<f64> {
        match self.properties.get(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// English name, falling back to the common name keys of foreign files.
    pub fn name_en(&self) -> Option<&str> {
        ["name_en", "name", "NAME", "Name", "title"]
            .iter()
            .find_map(|k| self.str_property(k))
    }

    pub fn name_zh(&self) -> Option<&str> {
        ["name_zh", "name:zh", "NAME_ZH"]
            .iter()
            .find_map(|k| self.str_property(k))
    }

    /// "English 中文", or whichever exists, or "#index".
    pub fn display_name(&self) -> String {
        match (self.name_en(), self.name_zh()) {
            (Some(en), Some(zh)) if en != zh => format!("{en} {zh}"),
            (Some(name), _) | (None, Some(name)) => name.to_string(),
            (None, None) => format!("#{}", self.source_index),
        }
    }

    pub fn bounding_rect(&self) -> Option<Rect<f64>> {
        self.geometry.bounding_rect()
    }

    /// Whether the geometry is flagged approximate (`location_precision` or `approximate`).
    pub fn precision(&self) -> LocationPrecision {
        let flagged = self.properties.get("approximate").and_then(Value::as_bool) == Some(true)
            || self
                .str_property("location_precision")
                .is_some_and(|p| p != "site" && p != "exact");
        if flagged {
            LocationPrecision::Approximate {
                uncertainty_km: self.f64_property("uncertainty_km"),
            }
        } else {
            LocationPrecision::Exact
        }
    }
}
