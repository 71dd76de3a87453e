//! GPX's point layers, as GDAL and QGIS give them: `track_points` (one point per `<trkpt>`
//! with its track, segment and place in the segment) and `route_points` (one per `<rtept>`).
//! Each carries the point's own values (time, elevation, name...) and its `<extensions>`:
//! heart rate, cadence, speed and temperature from Garmin's and others' schemas, one column
//! per leaf element, numbers as numbers.

use geo::{Coord, Geometry, Point};
use serde_json::{Map, Number, Value};

use super::feature_sink::FeatureSink;
use super::xml::Element;

/// The child elements of a point kept as columns, as GDAL names them.
const POINT_VALUES: &[&str] = &[
    "ele",
    "time",
    "magvar",
    "geoidheight",
    "name",
    "cmt",
    "desc",
    "src",
    "sym",
    "type",
    "fix",
    "sat",
    "hdop",
    "vdop",
    "pdop",
];

/// A `<wpt>`, `<rtept>` or `<trkpt>` position, or why it is not one.
pub(super) fn position(point: &Element) -> Result<Coord<f64>, String> {
    let number = |key: &str| -> Result<f64, String> {
        let text = point
            .attribute(key)
            .ok_or_else(|| format!("<{}> has no {key} attribute", point.name))?;
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("<{}> {key}=\"{text}\" is not a number", point.name))
    };
    Ok(Coord {
        x: number("lon")?,
        y: number("lat")?,
    })
}

/// Text that is a number becomes a number (elevation, heart rate); other text stays text.
fn typed(text: &str) -> Value {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .and_then(|v| {
            if v.fract() == 0.0 && v.abs() < 9e15 {
                Some(Number::from(v as i64))
            } else {
                Number::from_f64(v)
            }
        })
        .map_or_else(|| Value::String(text.to_owned()), Value::Number)
}

fn point_properties(point: &Element, mut properties: Map<String, Value>) -> Map<String, Value> {
    for key in POINT_VALUES {
        if let Some(text) = point.child_text(key) {
            let value = if *key == "time" || *key == "name" || *key == "desc" {
                Value::String(text.to_owned())
            } else {
                typed(text)
            };
            properties.insert((*key).to_owned(), value);
        }
    }
    if let Some(extensions) = point.child("extensions") {
        leaves(extensions, &mut properties);
    }
    properties
}

/// Every leaf element under `element` as a column named by its local name.
fn leaves(element: &Element, properties: &mut Map<String, Value>) {
    for child in &element.children {
        if child.children.is_empty() {
            if !child.text.trim().is_empty() && !properties.contains_key(&child.name) {
                properties.insert(child.name.clone(), typed(&child.text));
            }
        } else {
            leaves(child, properties);
        }
    }
}

/// One feature per `<trkpt>`, numbered across the file.
pub fn track_points(root: &Element, sink: &mut FeatureSink) {
    let mut index = 0;
    for (track, trk) in root.children_named("trk").enumerate() {
        for (segment, seg) in trk.children_named("trkseg").enumerate() {
            for (nth, point) in seg.children_named("trkpt").enumerate() {
                let mut ids = Map::new();
                ids.insert("track_fid".into(), Value::from(track));
                ids.insert("track_seg_id".into(), Value::from(segment));
                ids.insert("track_seg_point_id".into(), Value::from(nth));
                let geometry = position(point).map(|c| Some(Geometry::Point(Point(c))));
                sink.push(
                    index,
                    Some(point.line),
                    geometry,
                    point_properties(point, ids),
                );
                index += 1;
            }
        }
    }
}

/// One feature per `<rtept>`, numbered across the file.
pub fn route_points(root: &Element, sink: &mut FeatureSink) {
    let mut index = 0;
    for (route, rte) in root.children_named("rte").enumerate() {
        for (nth, point) in rte.children_named("rtept").enumerate() {
            let mut ids = Map::new();
            ids.insert("route_fid".into(), Value::from(route));
            ids.insert("route_point_id".into(), Value::from(nth));
            let geometry = position(point).map(|c| Some(Geometry::Point(Point(c))));
            sink.push(
                index,
                Some(point.line),
                geometry,
                point_properties(point, ids),
            );
            index += 1;
        }
    }
}

/// The layers a GPX file holds, found by a scan of its bytes (no parse): the dialog that
/// offers them opens at once, even for a large file.
pub fn layer_names(bytes: &[u8]) -> Vec<String> {
    let has = |tag: &str| memchr::memmem::find(bytes, tag.as_bytes()).is_some();
    let mut names = Vec::new();
    for (tag, layers) in [
        ("<wpt", &["waypoints"][..]),
        ("<rte", &["routes", "route_points"][..]),
        ("<trk", &["tracks", "track_points"][..]),
    ] {
        if has(tag) {
            names.extend(layers.iter().map(|n| (*n).to_owned()));
        }
    }
    names
}

/// Point layers hold a point per vertex: offered, but not opened unless asked for.
pub fn opened_by_default(layer: &str) -> bool {
    !matches!(layer, "track_points" | "route_points")
}
