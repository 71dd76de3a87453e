//! GPX 1.0/1.1 from phones, drones and outdoor apps: waypoints, routes and tracks, each kind a
//! layer as GDAL and QGIS show them. Name, description, time and elevation are kept as
//! properties; routes and tracks carry their length, and tracks their start, end and duration.
//! A point with a bad latitude or longitude is skipped at its line; the rest of its track loads.

use geo::{Coord, Distance, Geometry, Haversine, LineString, MultiLineString, Point};
use serde_json::{Map, Number, Value};

use crate::io::crs::Crs;
use crate::io::read::feature_sink::FeatureSink;
use crate::io::read::gpx_points::position;
use crate::io::read::progress::Progress;
use crate::io::read::xml::{Element, parse};
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};

pub struct GpxReader;

impl FormatReader for GpxReader {
    fn name(&self) -> &'static str {
        "GPX"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["gpx"]
    }

    fn sniff(&self, head: &[u8]) -> Sniff {
        if memchr::memmem::find(head, b"<gpx").is_some() {
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
        let bytes = input.bytes()?;
        let text = crate::io::text::decode(&bytes)?;
        let root = parse(&text.text)?;
        if root.name != "gpx" {
            return Err(ReadError::UnknownFormat(format!(
                "{} is XML whose root is <{}>, not <gpx>",
                input.path.display(),
                root.name
            )));
        }
        read_gpx(&root, options, progress)
    }

    fn layer_names(&self, input: &Input) -> Option<Result<Vec<String>, ReadError>> {
        Some(input.bytes().map(|b| super::gpx_points::layer_names(&b)))
    }

    fn opened_by_default(&self, layer: &str) -> bool {
        super::gpx_points::opened_by_default(layer)
    }
}

fn text_properties(element: &Element, keys: &[&str]) -> Map<String, Value> {
    let mut properties = Map::new();
    for key in keys {
        if let Some(text) = element.child_text(key) {
            let value = match *key {
                "ele" => text
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map_or(Value::String(text.into()), Value::Number),
                _ => Value::String(text.to_string()),
            };
            properties.insert((*key).to_string(), value);
        }
    }
    properties
}

fn kilometres(lines: &[LineString<f64>]) -> f64 {
    let metres: f64 = lines
        .iter()
        .flat_map(|l| l.0.windows(2))
        .map(|w| Haversine.distance(Point(w[0]), Point(w[1])))
        .sum();
    (metres / 10.0).round() / 100.0
}

/// The positions of `points`; each bad one is a warning in `sink` at its line, and left out.
fn positions<'a>(
    points: impl Iterator<Item = &'a Element>,
    sink: &mut FeatureSink,
    index: usize,
) -> Vec<Coord<f64>> {
    points
        .filter_map(|p| match position(p) {
            Ok(c) => Some(c),
            Err(problem) => {
                sink.warn(
                    Some(index),
                    Some(p.line),
                    format!("{problem}; point left out"),
                );
                None
            }
        })
        .collect()
}

fn read_gpx(
    root: &Element,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<Vec<ReadOutcome>, ReadError> {
    let crs = options.crs_override.unwrap_or(Crs::Wgs84);
    let kinds = ["wpt", "rte", "trk"];
    progress.set_total(
        kinds
            .iter()
            .map(|k| root.children_named(k).count() as u64)
            .sum(),
    );
    let mut layers = Vec::new();

    let mut waypoints = FeatureSink::new(crs)?;
    for (index, wpt) in root.children_named("wpt").enumerate() {
        progress.add(1);
        let properties =
            text_properties(wpt, &["name", "desc", "ele", "time", "sym", "type", "cmt"]);
        let geometry = position(wpt).map(|c| Some(Geometry::Point(Point(c))));
        waypoints.push(index, Some(wpt.line), geometry, properties);
    }

    let mut routes = FeatureSink::new(crs)?;
    for (index, rte) in root.children_named("rte").enumerate() {
        progress.add(1);
        let mut properties = text_properties(rte, &["name", "desc", "type"]);
        let line = LineString(positions(rte.children_named("rtept"), &mut routes, index));
        properties.insert("points".into(), Value::from(line.0.len()));
        properties.insert(
            "length_km".into(),
            Value::from(kilometres(std::slice::from_ref(&line))),
        );
        routes.push(index, Some(rte.line), Ok(Some(line.into())), properties);
    }

    let mut tracks = FeatureSink::new(crs)?;
    for (index, trk) in root.children_named("trk").enumerate() {
        progress.add(1);
        let mut properties = text_properties(trk, &["name", "desc", "type"]);
        let segments: Vec<LineString<f64>> = trk
            .children_named("trkseg")
            .map(|seg| LineString(positions(seg.children_named("trkpt"), &mut tracks, index)))
            .filter(|l| !l.0.is_empty())
            .collect();
        let times: Vec<&str> = trk
            .children_named("trkseg")
            .flat_map(|seg| seg.children_named("trkpt"))
            .filter_map(|p| p.child_text("time"))
            .collect();
        let elevations: Vec<f64> = trk
            .children_named("trkseg")
            .flat_map(|seg| seg.children_named("trkpt"))
            .filter_map(|p| p.child_text("ele")?.parse().ok())
            .collect();
        properties.insert(
            "points".into(),
            Value::from(segments.iter().map(|s| s.0.len()).sum::<usize>()),
        );
        properties.insert("length_km".into(), Value::from(kilometres(&segments)));
        if let (Some(start), Some(end)) = (times.first(), times.last()) {
            properties.insert("start_time".into(), Value::String((*start).into()));
            properties.insert("end_time".into(), Value::String((*end).into()));
        }
        if let (Some(low), Some(high)) = (
            elevations.iter().copied().reduce(f64::min),
            elevations.iter().copied().reduce(f64::max),
        ) {
            properties.insert("ele_min".into(), Value::from(low));
            properties.insert("ele_max".into(), Value::from(high));
        }
        let geometry = match segments.len() {
            0 => Ok(None),
            1 => Ok(Some(segments.into_iter().next().expect("one").into())),
            _ => Ok(Some(MultiLineString(segments).into())),
        };
        tracks.push(index, Some(trk.line), geometry, properties);
    }

    let mut track_points = FeatureSink::new(crs)?;
    super::gpx_points::track_points(root, &mut track_points);
    let mut route_points = FeatureSink::new(crs)?;
    super::gpx_points::route_points(root, &mut route_points);

    let wanted = |name: &str| {
        (options.layers.as_ref()).is_none_or(|chosen| chosen.iter().any(|c| c == name))
    };
    for (name, sink) in [
        ("waypoints", waypoints),
        ("routes", routes),
        ("tracks", tracks),
        ("route_points", route_points),
        ("track_points", track_points),
    ] {
        let mut layer = sink.finish("UTF-8");
        if layer.total_features > 0 && wanted(name) {
            layer.layer_name = Some(name.to_string());
            layers.push(layer);
        }
    }
    if layers.is_empty() {
        return Err(ReadError::NoValidFeatures(Vec::new()));
    }
    Ok(layers)
}
