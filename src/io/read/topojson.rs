//! TopoJSON (d3 and ECharts maps, npm's world-atlas): arcs decoded once (delta-decoded and
//! dequantised by the transform), geometries stitched from them, so shared borders are read
//! once; each object of the topology becomes a layer.

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde_json::{Map, Value};

use crate::io::crs::Crs;
use crate::io::read::feature_sink::FeatureSink;
use crate::io::read::progress::Progress;
use crate::io::read::validate::polygon_from_rings;
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};
use crate::io::text::read_text;

pub struct TopoJsonReader;

impl FormatReader for TopoJsonReader {
    fn name(&self) -> &'static str {
        "TopoJSON"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["topojson"]
    }

    fn sniff(&self, head: &[u8]) -> Sniff {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let compact: Vec<u8> = head
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        if compact.first() == Some(&b'{')
            && memchr::memmem::find(&compact, b"\"type\":\"Topology\"").is_some()
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
        read_text(input, |text| read_topojson_str(text, options, progress))
    }
}

fn not_topojson(message: impl Into<String>) -> ReadError {
    ReadError::NotGeoJson(format!("TopoJSON: {}", message.into()))
}

/// A quantised topology's scale and translate: grid positions to coordinates.
#[derive(Clone, Copy)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

impl Transform {
    /// The topology's transform, `None` for an unquantised topology.
    fn of(topology: &Map<String, Value>) -> Result<Option<Self>, ReadError> {
        let t = match topology.get("transform") {
            None | Some(Value::Null) => return Ok(None),
            Some(t) => t,
        };
        let pair = |key: &str| {
            t.get(key)
                .and_then(position)
                .ok_or_else(|| not_topojson(format!("transform has no {key} [x, y]")))
        };
        Ok(Some(Self {
            scale: pair("scale")?,
            translate: pair("translate")?,
        }))
    }

    fn apply(self, [x, y]: [f64; 2]) -> Coord<f64> {
        Coord {
            x: x * self.scale[0] + self.translate[0],
            y: y * self.scale[1] + self.translate[1],
        }
    }
}

/// The topology's arcs in lon/lat (or the source CRS), decoded once.
struct Arcs(Vec<Vec<Coord<f64>>>);

impl Arcs {
    fn decode(
        topology: &Map<String, Value>,
        transform: Option<Transform>,
    ) -> Result<Self, ReadError> {
        let raw = topology
            .get("arcs")
            .and_then(Value::as_array)
            .ok_or_else(|| not_topojson("the topology has no \"arcs\" array"))?;
        let mut arcs = Vec::with_capacity(raw.len());
        for (i, arc) in raw.iter().enumerate() {
            let positions = arc
                .as_array()
                .ok_or_else(|| not_topojson(format!("arc {i} is not an array of positions")))?;
            let mut out = Vec::with_capacity(positions.len());
            let (mut x, mut y) = (0.0, 0.0);
            for p in positions {
                let [px, py] = position(p).ok_or_else(|| {
                    not_topojson(format!(
                        "arc {i} has a position that is not two numbers: {p}"
                    ))
                })?;
                let c = match transform {
                    // Quantised arcs are delta-encoded.
                    Some(t) => {
                        x += px;
                        y += py;
                        t.apply([x, y])
                    }
                    None => Coord { x: px, y: py },
                };
                out.push(c);
            }
            arcs.push(out);
        }
        Ok(Self(arcs))
    }

    /// The positions of arc `index` (negative: arc `!index` reversed).
    fn get(&self, index: i64) -> Result<Vec<Coord<f64>>, String> {
        let (i, reversed) = if index < 0 {
            (!index, true)
        } else {
            (index, false)
        };
        let arc = usize::try_from(i)
            .ok()
            .and_then(|i| self.0.get(i))
            .ok_or_else(|| format!("refers to arc {index}, which does not exist"))?;
        let mut arc = arc.clone();
        if reversed {
            arc.reverse();
        }
        Ok(arc)
    }

    /// A line stitched from arcs: each arc after the first starts where the last ended.
    fn line(&self, indices: &Value) -> Result<Vec<Coord<f64>>, String> {
        let indices = indices
            .as_array()
            .ok_or("arcs must be an array of arc indices")?;
        let mut line: Vec<Coord<f64>> = Vec::new();
        for index in indices {
            let index = index
                .as_i64()
                .ok_or_else(|| format!("arc index {index} is not an integer"))?;
            let arc = self.get(index)?;
            let skip = usize::from(!line.is_empty());
            line.extend(arc.into_iter().skip(skip));
        }
        Ok(line)
    }

    fn lines(&self, value: &Value) -> Result<Vec<Vec<Coord<f64>>>, String> {
        value
            .as_array()
            .ok_or("arcs must be an array of arc lists")?
            .iter()
            .map(|l| self.line(l))
            .collect()
    }
}

fn position(value: &Value) -> Option<[f64; 2]> {
    let a = value.as_array()?;
    Some([a.first()?.as_f64()?, a.get(1)?.as_f64()?])
}

/// Decodes a point position (quantised but not delta-encoded).
fn point(value: &Value, transform: Option<Transform>) -> Result<Coord<f64>, String> {
    let [x, y] = position(value).ok_or_else(|| format!("position {value} is not two numbers"))?;
    Ok(match transform {
        Some(t) => t.apply([x, y]),
        None => Coord { x, y },
    })
}

struct Context<'a> {
    arcs: &'a Arcs,
    transform: Option<Transform>,
}

impl Context<'_> {
    fn geometry(&self, object: &Value) -> Result<Option<Geometry<f64>>, String> {
        let kind = object.get("type").and_then(Value::as_str);
        let arcs = || object.get("arcs").ok_or("has no \"arcs\"");
        let coordinates = || object.get("coordinates").ok_or("has no \"coordinates\"");
        let geometry: Geometry<f64> = match kind {
            None => return Ok(None),
            Some("Point") => Point(point(coordinates()?, self.transform)?).into(),
            Some("MultiPoint") => {
                let points = coordinates()?
                    .as_array()
                    .ok_or("coordinates must be an array")?;
                let points: Result<Vec<Point<f64>>, String> = points
                    .iter()
                    .map(|p| point(p, self.transform).map(Point))
                    .collect();
                MultiPoint(points?).into()
            }
            Some("LineString") => LineString(self.arcs.line(arcs()?)?).into(),
            Some("MultiLineString") => MultiLineString(
                self.arcs
                    .lines(arcs()?)?
                    .into_iter()
                    .map(LineString)
                    .collect(),
            )
            .into(),
            Some("Polygon") => polygon_from_rings(self.arcs.lines(arcs()?)?).into(),
            Some("MultiPolygon") => {
                let polygons = arcs()?
                    .as_array()
                    .ok_or("arcs must be an array of polygons")?;
                let polygons: Result<Vec<Polygon<f64>>, String> = polygons
                    .iter()
                    .map(|p| self.arcs.lines(p).map(polygon_from_rings))
                    .collect();
                MultiPolygon(polygons?).into()
            }
            Some(other) => return Err(format!("unknown geometry type \"{other}\"")),
        };
        Ok(Some(geometry))
    }
}

/// Reads a TopoJSON topology: one layer per object, named after it.
pub fn read_topojson_str(
    text: &str,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<Vec<ReadOutcome>, ReadError> {
    let topology: Value =
        serde_json::from_str(text).map_err(|e| crate::io::read::json_errors::json_error(&e, 0))?;
    let topology = topology
        .as_object()
        .filter(|t| t.get("type").and_then(Value::as_str) == Some("Topology"))
        .ok_or_else(|| not_topojson("the top level is not a \"Topology\""))?;
    let objects = topology
        .get("objects")
        .and_then(Value::as_object)
        .ok_or_else(|| not_topojson("the topology has no \"objects\""))?;
    let transform = Transform::of(topology)?;
    let arcs = Arcs::decode(topology, transform)?;
    let source_crs = options.crs_override.unwrap_or(Crs::Wgs84);
    let context = Context {
        arcs: &arcs,
        transform,
    };
    let mut layers = Vec::new();
    for (name, object) in objects {
        let members: Vec<&Value> = match object.get("type").and_then(Value::as_str) {
            Some("GeometryCollection") => object
                .get("geometries")
                .and_then(Value::as_array)
                .map(|g| g.iter().collect())
                .unwrap_or_default(),
            _ => vec![object],
        };
        progress.set_total(members.len() as u64);
        let mut sink = FeatureSink::new(source_crs)?;
        for (index, member) in members.iter().enumerate() {
            progress.add(1);
            let mut properties = match member.get("properties") {
                Some(Value::Object(p)) => p.clone(),
                _ => Map::new(),
            };
            if let Some(id) = member.get("id").filter(|_| !properties.contains_key("id")) {
                properties.insert("id".into(), id.clone());
            }
            let geometry = context
                .geometry(member)
                .map_err(|message| format!("object \"{name}\": {message}"));
            sink.push(index, None, geometry, properties);
        }
        if progress.is_cancelled() {
            return Err(ReadError::Cancelled);
        }
        let mut layer = sink.finish("UTF-8");
        layer.layer_name = Some(name.clone());
        layers.push(layer);
    }
    if layers.is_empty() {
        return Err(not_topojson("the topology has no objects"));
    }
    Ok(layers)
}
