//! KML and KMZ (a zip holding `doc.kml`), as Google Earth, GDAL and Chinese outdoor apps write
//! them. Placemarks become features: their name and description, `ExtendedData` (both `Data`
//! and `SchemaData` forms) as properties, the folders they sit in as `folder`, the colour of
//! their style as `kml_color`. Points, lines, polygons, `MultiGeometry` and `gx:Track` are read;
//! coordinates are WGS84 by the KML standard. A placemark that cannot be read is skipped at its
//! line.

use std::collections::HashMap;

use geo::{Coord, Geometry, GeometryCollection, LineString, Point, Polygon};
use serde_json::{Map, Value};

use crate::io::crs::Crs;
use crate::io::read::compressed;
use crate::io::read::feature_sink::FeatureSink;
use crate::io::read::progress::Progress;
use crate::io::read::xml::{Element, MAX_DEPTH, parse};
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};

pub struct KmlReader;

impl FormatReader for KmlReader {
    fn name(&self) -> &'static str {
        "KML"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["kml", "kmz"]
    }

    fn sniff(&self, head: &[u8]) -> Sniff {
        let has = |key: &[u8]| memchr::memmem::find(head, key).is_some();
        if has(b"<kml") && (has(b"opengis.net/kml") || has(b"earth.google.com/kml")) {
            Sniff::Yes
        } else if has(b"<kml") {
            Sniff::Maybe
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
        let kml_bytes = if compressed::is_zip(&bytes) {
            kmz_document(input, &bytes)?
        } else if input
            .path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("kmz"))
        {
            return Err(ReadError::Io(format!(
                "{}: a KMZ must be a zip file, and this one is not",
                input.path.display()
            )));
        } else {
            bytes.into_owned()
        };
        let text = crate::io::text::decode(&kml_bytes)?;
        let root = parse(&text.text)?;
        if root.name != "kml" {
            return Err(ReadError::UnknownFormat(format!(
                "{} is XML whose root is <{}>, not <kml>",
                input.path.display(),
                root.name
            )));
        }
        Ok(vec![read_document(&root, options, progress)?])
    }
}

/// The KML inside a KMZ: `doc.kml`, else its first `.kml` entry.
fn kmz_document(input: &Input, bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let is_kml = |name: &str| name.to_ascii_lowercase().ends_with(".kml");
    let mut entries = compressed::unzip_from(
        std::io::Cursor::new(bytes),
        input.path,
        compressed::MAX_DECOMPRESSED_BYTES,
        is_kml,
    )?;
    let doc = entries
        .iter()
        .position(|(name, _)| name.eq_ignore_ascii_case("doc.kml"))
        .unwrap_or(0);
    if entries.is_empty() {
        return Err(ReadError::UnknownFormat(format!(
            "the KMZ {} holds no .kml document",
            input.path.display()
        )));
    }
    Ok(entries.swap_remove(doc).1)
}

/// Colours of the document's styles by id (`#id` in a `styleUrl`), as `#rrggbb` (KML writes
/// `aabbggrr`). Style maps resolve to their normal style.
fn style_colors(root: &Element) -> HashMap<String, String> {
    fn collect<'a>(element: &'a Element, depth: usize, styles: &mut Vec<(String, &'a Element)>) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in &element.children {
            if matches!(child.name.as_str(), "Style" | "StyleMap")
                && let Some(id) = child.attribute("id")
            {
                styles.push((format!("#{id}"), child));
            }
            collect(child, depth + 1, styles);
        }
    }
    let mut styles = Vec::new();
    collect(root, 0, &mut styles);
    let mut colors: HashMap<String, String> = styles
        .iter()
        .filter(|(_, s)| s.name == "Style")
        .filter_map(|(id, s)| Some((id.clone(), style_color(s)?)))
        .collect();
    for (id, map) in styles.iter().filter(|(_, s)| s.name == "StyleMap") {
        let normal = map
            .children_named("Pair")
            .find(|p| p.child_text("key") == Some("normal"))
            .and_then(|p| p.child_text("styleUrl"));
        if let Some(color) = normal.and_then(|url| colors.get(url)).cloned() {
            colors.insert(id.clone(), color);
        }
    }
    colors
}

/// The colour a `<Style>` gives (its polygon fill, else its line, else its icon).
fn style_color(style: &Element) -> Option<String> {
    ["PolyStyle", "LineStyle", "IconStyle"]
        .iter()
        .find_map(|kind| style.child(kind)?.child_text("color"))
        .and_then(kml_color)
}

/// `aabbggrr` → `#rrggbb`.
fn kml_color(text: &str) -> Option<String> {
    let text = text.trim();
    (text.len() == 8 && text.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("#{}{}{}", &text[6..8], &text[4..6], &text[2..4]).to_ascii_lowercase())
}

/// `lon,lat[,alt]` tuples separated by whitespace.
fn coordinates(text: &str) -> Result<Vec<Coord<f64>>, String> {
    text.split_whitespace()
        .map(|tuple| {
            let mut parts = tuple.split(',');
            let mut number = |what: &str| -> Result<f64, String> {
                let part = parts.next().unwrap_or("");
                part.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| format!("{what} \"{part}\" in \"{tuple}\" is not a number"))
            };
            Ok(Coord {
                x: number("longitude")?,
                y: number("latitude")?,
            })
        })
        .collect()
}

fn ring(boundary: Option<&Element>) -> Result<LineString<f64>, String> {
    let text = boundary
        .and_then(|b| b.find("coordinates"))
        .map_or("", |c| c.text.as_str());
    Ok(LineString(coordinates(text)?))
}

/// A KML geometry element as `geo`, `None` when it is not one.
fn geometry(element: &Element, depth: usize) -> Option<Result<Geometry<f64>, String>> {
    let coords = || coordinates(element.child("coordinates").map_or("", |c| c.text.as_str()));
    Some(match element.name.as_str() {
        "Point" => coords().and_then(|c| match c.as_slice() {
            [c] => Ok(Point(*c).into()),
            _ => Err(format!("a Point has {} positions", c.len())),
        }),
        "LineString" => coords().map(|c| LineString(c).into()),
        "LinearRing" => coords().map(|c| Polygon::new(LineString(c), vec![]).into()),
        "Polygon" => (|| {
            let outer = ring(element.child("outerBoundaryIs"))?;
            let holes = element
                .children_named("innerBoundaryIs")
                .map(|b| ring(Some(b)))
                .collect::<Result<_, _>>()?;
            Ok(Polygon::new(outer, holes).into())
        })(),
        "Track" => {
            let positions: Result<Vec<Coord<f64>>, String> = element
                .children_named("coord")
                .map(|c| {
                    let values: Vec<f64> = c
                        .text
                        .split_whitespace()
                        .filter_map(|v| v.parse().ok())
                        .collect();
                    match values.as_slice() {
                        [x, y, ..] => Ok(Coord { x: *x, y: *y }),
                        _ => Err(format!(
                            "gx:coord \"{}\" is not \"lon lat alt\"",
                            c.text.trim()
                        )),
                    }
                })
                .collect();
            positions.map(|p| LineString(p).into())
        }
        "MultiGeometry" | "MultiTrack" if depth < MAX_DEPTH => {
            let parts: Result<Vec<Geometry<f64>>, String> = element
                .children
                .iter()
                .filter_map(|c| geometry(c, depth + 1))
                .collect();
            parts.map(|p| simplify_collection(GeometryCollection(p)))
        }
        _ => return None,
    })
}

/// A collection of one kind becomes that kind's multi-geometry, which draws and styles as one.
fn simplify_collection(collection: GeometryCollection<f64>) -> Geometry<f64> {
    let parts = collection.0;
    if parts.iter().all(|g| matches!(g, Geometry::Polygon(_))) && !parts.is_empty() {
        return geo::MultiPolygon(
            parts
                .into_iter()
                .filter_map(|g| g.try_into().ok())
                .collect(),
        )
        .into();
    }
    if parts.iter().all(|g| matches!(g, Geometry::LineString(_))) && !parts.is_empty() {
        return geo::MultiLineString(
            parts
                .into_iter()
                .filter_map(|g| g.try_into().ok())
                .collect(),
        )
        .into();
    }
    if parts.iter().all(|g| matches!(g, Geometry::Point(_))) && !parts.is_empty() {
        return geo::MultiPoint(
            parts
                .into_iter()
                .filter_map(|g| g.try_into().ok())
                .collect(),
        )
        .into();
    }
    Geometry::GeometryCollection(GeometryCollection(parts))
}

struct Walk<'a> {
    sink: FeatureSink,
    colors: HashMap<String, String>,
    progress: &'a Progress,
    next_index: usize,
}

impl Walk<'_> {
    fn container(&mut self, element: &Element, folders: &mut Vec<String>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in &element.children {
            match child.name.as_str() {
                "Document" | "Folder" => {
                    let named = child.name == "Folder" && child.child_text("name").is_some();
                    if named {
                        folders.push(child.child_text("name").unwrap_or_default().to_string());
                    }
                    self.container(child, folders, depth + 1);
                    if named {
                        folders.pop();
                    }
                }
                "Placemark" => self.placemark(child, folders),
                "GroundOverlay" => self.ground_overlay(child, folders),
                _ => {}
            }
        }
    }

    fn placemark(&mut self, placemark: &Element, folders: &[String]) {
        self.progress.add(1);
        let mut properties = Map::new();
        for key in ["name", "description", "address"] {
            if let Some(text) = placemark.child_text(key) {
                properties.insert(key.into(), Value::String(text.to_string()));
            }
        }
        if !folders.is_empty() {
            properties.insert("folder".into(), Value::String(folders.join(" / ")));
        }
        if let Some(data) = placemark.child("ExtendedData") {
            for item in data.children_named("Data") {
                if let Some(name) = item.attribute("name") {
                    let value = item.child_text("value").unwrap_or_default();
                    properties.insert(name.to_string(), Value::String(value.to_string()));
                }
            }
            for schema in data.children_named("SchemaData") {
                for item in schema.children_named("SimpleData") {
                    if let Some(name) = item.attribute("name") {
                        properties.insert(name.to_string(), Value::String(item.text.trim().into()));
                    }
                }
            }
        }
        let inline_style = placemark.child("Style").and_then(style_color);
        let style = inline_style.or_else(|| {
            placemark
                .child_text("styleUrl")
                .and_then(|url| self.colors.get(url).cloned())
        });
        if let Some(color) = style {
            properties.insert("kml_color".into(), Value::String(color));
        }
        let geometry = placemark
            .children
            .iter()
            .find_map(|c| geometry(c, 0))
            .transpose();
        self.sink
            .push(self.next_index, Some(placemark.line), geometry, properties);
        self.next_index += 1;
    }
}

impl Walk<'_> {
    /// An image laid on the ground: its footprint (`LatLonBox`, or `gx:LatLonQuad`'s four
    /// corners) as a polygon with its name and image address, as GDAL's LIBKML driver gives it.
    /// The image itself is not drawn.
    fn ground_overlay(&mut self, overlay: &Element, folders: &[String]) {
        self.progress.add(1);
        let mut properties = Map::new();
        for key in ["name", "description"] {
            if let Some(text) = overlay.child_text(key) {
                properties.insert(key.into(), Value::String(text.to_string()));
            }
        }
        if let Some(href) = overlay.child("Icon").and_then(|i| i.child_text("href")) {
            properties.insert("icon".into(), Value::String(href.trim().to_string()));
        }
        if !folders.is_empty() {
            properties.insert("folder".into(), Value::String(folders.join(" / ")));
        }
        let footprint = overlay_footprint(overlay).map(|ring| {
            Some(Geometry::Polygon(geo::Polygon::new(
                geo::LineString(ring),
                Vec::new(),
            )))
        });
        self.sink
            .push(self.next_index, Some(overlay.line), footprint, properties);
        self.next_index += 1;
    }
}

fn overlay_footprint(overlay: &Element) -> Result<Vec<Coord<f64>>, String> {
    if let Some(quad) = overlay.child("LatLonQuad") {
        let corners = coordinates(quad.child_text("coordinates").unwrap_or_default())?;
        if corners.len() != 4 {
            return Err(format!(
                "gx:LatLonQuad has {} corners, not 4",
                corners.len()
            ));
        }
        return Ok(corners);
    }
    let bounds = overlay
        .child("LatLonBox")
        .ok_or("a GroundOverlay without LatLonBox or gx:LatLonQuad has no place")?;
    let side = |name: &str| -> Result<f64, String> {
        let text = bounds.child_text(name).unwrap_or_default();
        text.trim()
            .parse::<f64>()
            .map_err(|_| format!("LatLonBox <{name}> \"{text}\" is not a number"))
    };
    let (north, south, east, west) = (side("north")?, side("south")?, side("east")?, side("west")?);
    Ok(vec![
        Coord { x: west, y: south },
        Coord { x: east, y: south },
        Coord { x: east, y: north },
        Coord { x: west, y: north },
    ])
}

fn count_placemarks(element: &Element, depth: usize) -> usize {
    if depth > MAX_DEPTH {
        return 0;
    }
    usize::from(element.name == "Placemark" || element.name == "GroundOverlay")
        + (element.children.iter())
            .map(|c| count_placemarks(c, depth + 1))
            .sum::<usize>()
}

fn read_document(
    root: &Element,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<ReadOutcome, ReadError> {
    progress.set_total(count_placemarks(root, 0) as u64);
    let mut walk = Walk {
        sink: FeatureSink::new(options.crs_override.unwrap_or(Crs::Wgs84))?,
        colors: style_colors(root),
        progress,
        next_index: 0,
    };
    walk.container(root, &mut Vec::new(), 0);
    if progress.is_cancelled() {
        return Err(ReadError::Cancelled);
    }
    let mut outcome = walk.sink.finish_only_layer("UTF-8")?;
    outcome.layer_name = root
        .child("Document")
        .and_then(|d| d.child_text("name"))
        .map(str::to_string);
    Ok(outcome)
}
