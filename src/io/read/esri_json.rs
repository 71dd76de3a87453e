//! Esri JSON, what an ArcGIS REST query with `f=json` returns: `features` with `attributes`
//! and a geometry of `x`/`y`, `points`, `paths` or `rings`. Rings follow Esri's rule (outer
//! rings clockwise, holes counter-clockwise), `spatialReference` goes through the
//! reprojection engine, and field aliases are kept.

use std::collections::BTreeMap;

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, Point};
use serde_json::{Map, Value};

use crate::io::crs::Crs;
use crate::io::read::feature_sink::FeatureSink;
use crate::io::read::progress::Progress;
use crate::io::read::rings::polygons_from_esri_rings;
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};
use crate::io::text::read_text;

pub struct EsriJsonReader;

impl FormatReader for EsriJsonReader {
    fn name(&self) -> &'static str {
        "Esri JSON"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["esrijson"]
    }

    fn sniff(&self, head: &[u8]) -> Sniff {
        let has = |key: &[u8]| memchr::memmem::find(head, key).is_some();
        let starts_object = head.trim_ascii_start().first() == Some(&b'{');
        if starts_object
            && (has(b"\"geometryType\"")
                || has(b"\"spatialReference\"")
                || (has(b"\"attributes\"") && !has(b"\"type\"")))
        {
            Sniff::Yes
        } else {
            Sniff::No
        }
    }

    fn read(
        &self,
        input: &Input,
        options: &ReadOptions,
        progress: &Progress,
    ) -> Result<Vec<ReadOutcome>, ReadError> {
        read_text(input, |text| {
            Ok(vec![read_esri_json_str(text, options, progress)?])
        })
    }
}

fn not_esri(message: impl Into<String>) -> ReadError {
    ReadError::NotGeoJson(format!("Esri JSON: {}", message.into()))
}

/// The EPSG code of an Esri `spatialReference` (latestWkid before wkid; Esri's own Web
/// Mercator codes map to EPSG:3857).
pub fn esri_crs(reference: &Value) -> Result<Crs, String> {
    let code = ["latestWkid", "wkid"]
        .iter()
        .find_map(|k| reference.get(*k).and_then(Value::as_u64));
    match code {
        Some(4326) | None if reference.get("wkt").is_none() => Ok(Crs::Wgs84),
        Some(102100 | 102113 | 900913) => Ok(Crs::Epsg(3857)),
        Some(code) => u32::try_from(code)
            .map(Crs::Epsg)
            .map_err(|_| format!("spatialReference wkid {code} is not an EPSG code")),
        None => Err(format!(
            "spatialReference {reference} gives no wkid: only EPSG codes can be read"
        )),
    }
}

fn coords(value: &Value) -> Result<Vec<Coord<f64>>, String> {
    value
        .as_array()
        .ok_or("a path or ring must be an array of positions")?
        .iter()
        .map(|p| {
            let a = p.as_array().filter(|a| a.len() >= 2);
            match a.and_then(|a| {
                Some(Coord {
                    x: a[0].as_f64()?,
                    y: a[1].as_f64()?,
                })
            }) {
                Some(c) if c.x.is_finite() && c.y.is_finite() => Ok(c),
                _ => Err(format!("position {p} is not two finite numbers")),
            }
        })
        .collect()
}

fn geometry(value: &Value) -> Result<Option<Geometry<f64>>, String> {
    let Some(object) = value.as_object() else {
        return Ok(None);
    };
    if let (Some(x), Some(y)) = (object.get("x"), object.get("y")) {
        return match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => Ok(Some(Point::new(x, y).into())),
            // An empty point ({"x": "NaN"} or null) has no location.
            _ => Ok(None),
        };
    }
    if let Some(points) = object.get("points") {
        return Ok(Some(
            MultiPoint(coords(points)?.into_iter().map(Point).collect()).into(),
        ));
    }
    if let Some(paths) = object.get("paths") {
        let paths = paths.as_array().ok_or("paths must be an array")?;
        let lines: Result<Vec<LineString<f64>>, String> =
            paths.iter().map(|p| coords(p).map(LineString)).collect();
        return Ok(Some(MultiLineString(lines?).into()));
    }
    if let Some(rings) = object.get("rings") {
        let rings = rings.as_array().ok_or("rings must be an array")?;
        let rings: Result<Vec<Vec<Coord<f64>>>, String> = rings.iter().map(coords).collect();
        let mut polygons = polygons_from_esri_rings(rings?);
        return Ok(Some(if polygons.0.len() == 1 {
            polygons.0.remove(0).into()
        } else {
            polygons.into()
        }));
    }
    Ok(None)
}

/// Reads an Esri JSON feature set into WGS84 features, with its field aliases.
pub fn read_esri_json_str(
    text: &str,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<ReadOutcome, ReadError> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| crate::io::read::json_errors::json_error(&e, 0))?;
    if let Some(error) = root.get("error") {
        return Err(not_esri(format!(
            "the server answered with an error: {error}"
        )));
    }
    let features = root
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| not_esri("no \"features\" array"))?;
    let declared = match root.get("spatialReference") {
        Some(reference) => esri_crs(reference).map_err(ReadError::Crs)?,
        None => Crs::Wgs84,
    };
    let source_crs = options.crs_override.unwrap_or(declared);
    let aliases: BTreeMap<String, String> = root
        .get("fieldAliases")
        .and_then(Value::as_object)
        .map(|a| {
            a.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .filter(|(k, v)| k != v)
                .collect()
        })
        .unwrap_or_default();
    progress.set_total(features.len() as u64);
    let mut sink = FeatureSink::new(source_crs)?;
    sink.reserve(features.len());
    for (index, feature) in features.iter().enumerate() {
        progress.add(1);
        let properties = match feature.get("attributes") {
            Some(Value::Object(a)) => a.clone(),
            _ => Map::new(),
        };
        let geometry = feature.get("geometry").map_or(Ok(None), geometry);
        sink.push(index, None, geometry, properties);
    }
    let mut outcome = sink.finish_only_layer("UTF-8")?;
    outcome.declared_crs = root.get("spatialReference").map(|r| r.to_string());
    outcome.field_aliases = aliases;
    Ok(outcome)
}
