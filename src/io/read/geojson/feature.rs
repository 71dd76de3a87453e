//! One GeoJSON feature (or bare geometry) parsed straight into `geo` types.
//!
//! Coordinates are deserialised into typed nested vectors and moved into `geo` without an
//! intermediate `serde_json::Value` tree: on a 100 MB file that tree (one heap node per
//! number) costs more than the parsing itself. Sub-objects are kept as raw slices so an error
//! anywhere is reported at its absolute line and column in the file.

use std::borrow::Cow;

use geo::{Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint};
use geo::{MultiPolygon, Point};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::io::crs::Reprojection;
use crate::io::read::json_errors::serde_message;
use crate::io::read::validate::{
    check_bbox, check_line, check_position, polygon_from_rings, salvage,
};
use crate::model::{Feature, LoadWarning};

pub type FeatureResult = Result<(Feature, Vec<LoadWarning>), String>;

/// `[lon, lat, ...]`: extra ordinates (altitude) are read and dropped.
struct Position(Coord<f64>);

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PositionVisitor;
        impl<'de> Visitor<'de> for PositionVisitor {
            type Value = Position;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a position [lon, lat]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Position, A::Error> {
                let x: Option<f64> = seq.next_element()?;
                let y: Option<f64> = if x.is_some() {
                    seq.next_element()?
                } else {
                    None
                };
                let (Some(x), Some(y)) = (x, y) else {
                    return Err(de::Error::custom(format!(
                        "position has {} number(s), needs at least 2 (lon, lat)",
                        usize::from(x.is_some())
                    )));
                };
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Position(Coord { x, y }))
            }
        }
        deserializer.deserialize_seq(PositionVisitor)
    }
}

fn coords(positions: Vec<Position>) -> Vec<Coord<f64>> {
    // Same layout: the standard library reuses the allocation.
    positions.into_iter().map(|p| p.0).collect()
}

fn rings(rings: Vec<Vec<Position>>) -> Vec<Vec<Coord<f64>>> {
    rings.into_iter().map(coords).collect()
}

/// A multi-part geometry or polygon without its broken parts, which `notes` names.
fn salvaged(
    geometry: impl Into<Geometry<f64>>,
    notes: &mut Vec<String>,
) -> Result<Geometry<f64>, String> {
    let (geometry, parts_left_out) = salvage(geometry.into())?;
    notes.extend(parts_left_out);
    Ok(geometry)
}

/// Coordinates parsed in the shape their geometry type calls for.
enum Coordinates<'a> {
    Position(Position),
    Positions(Vec<Position>),
    Rings(Vec<Vec<Position>>),
    Polygons(Vec<Vec<Vec<Position>>>),
    /// Met before the `"type"` member (or under an unknown type): parsed once the type is known.
    Raw(&'a RawValue),
}

/// The members of a Feature or geometry object that matter here, read in one pass.
#[derive(Default)]
struct ObjectParts<'a> {
    kind: Option<Cow<'a, str>>,
    geometry: Option<Box<ObjectParts<'a>>>,
    /// `Some(Value::Null)` when present but null.
    properties: Option<Value>,
    coordinates: Option<Coordinates<'a>>,
    geometries: Option<&'a RawValue>,
    bbox: Option<&'a RawValue>,
}

impl<'de> Deserialize<'de> for ObjectParts<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PartsVisitor;
        impl<'de> Visitor<'de> for PartsVisitor {
            type Value = ObjectParts<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a GeoJSON object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut parts = ObjectParts::default();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match key.as_ref() {
                        "type" => parts.kind = Some(map.next_value()?),
                        "geometry" => {
                            parts.geometry = map.next_value::<Option<ObjectParts>>()?.map(Box::new)
                        }
                        "properties" => parts.properties = Some(map.next_value()?),
                        "coordinates" => {
                            parts.coordinates = Some(match parts.kind.as_deref() {
                                Some("Point") => Coordinates::Position(map.next_value()?),
                                Some("MultiPoint" | "LineString") => {
                                    Coordinates::Positions(map.next_value()?)
                                }
                                Some("MultiLineString" | "Polygon") => {
                                    Coordinates::Rings(map.next_value()?)
                                }
                                Some("MultiPolygon") => Coordinates::Polygons(map.next_value()?),
                                _ => Coordinates::Raw(map.next_value()?),
                            })
                        }
                        "geometries" => parts.geometries = Some(map.next_value()?),
                        "bbox" => parts.bbox = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(parts)
            }
        }
        deserializer.deserialize_map(PartsVisitor)
    }
}

/// Turns serde errors inside a feature into messages with absolute file positions.
struct Locator<'a> {
    text: &'a str,
    line: usize,
    column: usize,
}

impl Locator<'_> {
    /// `inner` must be a slice of the feature text.
    fn error(&self, inner: &str, err: &serde_json::Error) -> String {
        let offset = (inner.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let before = &self.text.as_bytes()[..offset.min(self.text.len())];
        let lines_down = before.iter().filter(|&&b| b == b'\n').count();
        let column_in_line = before.len()
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
        let inner_start_column = if lines_down == 0 {
            self.column + column_in_line
        } else {
            column_in_line + 1
        };
        let line = self.line + lines_down + err.line() - 1;
        let column = if err.line() == 1 {
            inner_start_column + err.column() - 1
        } else {
            err.column()
        };
        format!("{} at line {line}, column {column}", serde_message(err))
    }

    fn parse<'de, T: Deserialize<'de>>(&self, raw: &'de RawValue) -> Result<T, String> {
        serde_json::from_str(raw.get()).map_err(|e| self.error(raw.get(), &e))
    }
}

/// A geometry in WGS84: positions are converted by `to_wgs84` before they are checked, so a
/// projected file's metres are judged as the lon/lat they become.
fn geometry(
    object: ObjectParts,
    depth: usize,
    at: &Locator,
    to_wgs84: &Reprojection,
    notes: &mut Vec<String>,
) -> Result<Geometry<f64>, String> {
    let kind = object
        .kind
        .as_deref()
        .ok_or("geometry has no \"type\" member")?;
    if kind == "GeometryCollection" {
        if depth > 0 {
            return Err("nested GeometryCollection (RFC 7946 §3.1.8 forbids nesting)".into());
        }
        let raw = object
            .geometries
            .ok_or("GeometryCollection has no \"geometries\" member")?;
        let members: Vec<ObjectParts> = at.parse(raw)?;
        let members = members
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                geometry(m, depth + 1, at, to_wgs84, notes).map_err(|e| format!("member {i}: {e}"))
            })
            .collect::<Result<Vec<_>, String>>()?;
        return Ok(Geometry::GeometryCollection(GeometryCollection(members)));
    }
    let coordinates = match object.coordinates {
        None => return Err(format!("{kind} has no \"coordinates\" member")),
        Some(Coordinates::Raw(raw)) => match kind {
            "Point" => Coordinates::Position(at.parse(raw)?),
            "MultiPoint" | "LineString" => Coordinates::Positions(at.parse(raw)?),
            "MultiLineString" | "Polygon" => Coordinates::Rings(at.parse(raw)?),
            "MultiPolygon" => Coordinates::Polygons(at.parse(raw)?),
            other => {
                return Err(format!(
                    "unknown geometry type \"{other}\" (expected Point, MultiPoint, LineString, \
                     MultiLineString, Polygon, MultiPolygon or GeometryCollection)"
                ));
            }
        },
        Some(parsed) => parsed,
    };
    Ok(match (kind, coordinates) {
        ("Point", Coordinates::Position(p)) => {
            let p = to_wgs84.coord(p.0)?;
            check_position(p)?;
            Point(p).into()
        }
        ("MultiPoint", Coordinates::Positions(points)) => {
            let mut points = coords(points);
            to_wgs84.coords(&mut points)?;
            salvaged(MultiPoint(points.into_iter().map(Point).collect()), notes)?
        }
        ("LineString", Coordinates::Positions(line)) => {
            let mut line = coords(line);
            to_wgs84.coords(&mut line)?;
            check_line(&line, "LineString")?;
            LineString(line).into()
        }
        ("MultiLineString", Coordinates::Rings(lines)) => {
            let mut lines = rings(lines);
            lines.iter_mut().try_for_each(|l| to_wgs84.coords(l))?;
            salvaged(
                MultiLineString(lines.into_iter().map(LineString).collect()),
                notes,
            )?
        }
        ("Polygon", Coordinates::Rings(polygon_rings)) => {
            let mut polygon_rings = rings(polygon_rings);
            if polygon_rings.is_empty() {
                return Err("polygon has no rings".into());
            }
            (polygon_rings.iter_mut()).try_for_each(|r| to_wgs84.coords(r))?;
            salvaged(polygon_from_rings(polygon_rings), notes)?
        }
        ("MultiPolygon", Coordinates::Polygons(polygons)) => {
            let mut polygons: Vec<Vec<Vec<Coord<f64>>>> = polygons.into_iter().map(rings).collect();
            (polygons.iter_mut().flatten()).try_for_each(|r| to_wgs84.coords(r))?;
            salvaged(
                MultiPolygon(polygons.into_iter().map(polygon_from_rings).collect()),
                notes,
            )?
        }
        _ => unreachable!("coordinates are parsed in the shape of their type"),
    })
}

fn bbox_problem(raw: &RawValue) -> Option<String> {
    let numbers: Option<Vec<f64>> = serde_json::from_str(raw.get()).ok();
    let problem = numbers
        .ok_or_else(|| "bbox is not an array of numbers".to_string())
        .and_then(|n| check_bbox(&n))
        .err()?;
    Some(format!("{problem} (ignored)"))
}

/// Parses the feature at `index` whose text starts at 1-based `(line, column)` of the file.
pub fn parse_feature(
    text: &str,
    index: usize,
    (line, column): (usize, usize),
    to_wgs84: &Reprojection,
) -> FeatureResult {
    let at = Locator { text, line, column };
    if !text.trim_start().starts_with('{') {
        let shown: String = text.chars().take(40).collect();
        return Err(format!("expected a Feature object, found {shown}"));
    }
    let mut object: ObjectParts = match serde_json::from_str(text) {
        Ok(object) => object,
        Err(e) => return row_despite_its_geometry(text, index, line, at.error(text, &e)),
    };
    let is_feature = object.kind.as_deref() == Some("Feature");
    let properties = match object.properties.take().filter(|_| is_feature) {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map,
        Some(other) => {
            return Err(format!(
                "\"properties\" must be an object or null, found {}",
                json_kind(&other)
            ));
        }
    };
    let geometry_source = if is_feature {
        match object.geometry {
            Some(geometry) => *geometry,
            // Attribute-only rows (RFC 7946 §3.2): kept, with no place on the map.
            None => return Ok((Feature::without_geometry(properties, index), Vec::new())),
        }
    } else {
        object
    };
    let mut warnings = Vec::new();
    if let Some(problem) = geometry_source.bbox.and_then(bbox_problem) {
        warnings.push(LoadWarning {
            feature_index: Some(index),
            line: Some(line),
            message: problem,
        });
    }
    let mut notes = Vec::new();
    let geometry = match geometry(geometry_source, 0, &at, to_wgs84, &mut notes) {
        Ok(mut geometry) => {
            crate::io::read::validate::clamp_rounding(&mut geometry);
            geometry
        }
        Err(problem) => {
            warnings.push(LoadWarning {
                feature_index: Some(index),
                line: Some(line),
                message: crate::io::read::feature_sink::unplaced(&problem),
            });
            return Ok((Feature::without_geometry(properties, index), warnings));
        }
    };
    warnings.extend(notes.into_iter().map(|message| LoadWarning {
        feature_index: Some(index),
        line: Some(line),
        message,
    }));
    Ok((Feature::new(geometry, properties, index), warnings))
}

/// A Feature whose JSON is sound but whose coordinates do not parse (an empty Point's `[]`)
/// is kept as a row without a place, as GDAL keeps it; anything else stays an error.
fn row_despite_its_geometry(
    text: &str,
    index: usize,
    line: usize,
    problem: String,
) -> FeatureResult {
    let Ok(Value::Object(mut object)) = serde_json::from_str::<Value>(text) else {
        return Err(problem);
    };
    if object.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err(problem);
    }
    let properties = match object.remove("properties") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(problem),
    };
    let warning = LoadWarning {
        feature_index: Some(index),
        line: Some(line),
        message: crate::io::read::feature_sink::unplaced(&problem),
    };
    Ok((Feature::without_geometry(properties, index), vec![warning]))
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
