//! GeoJSON → [`Feature`]s, with every problem located by file, feature and line.
//!
//! The top level is parsed with the features left as raw slices of the input, so each feature
//! can be parsed (in parallel) and a failure reported at its own line, while the rest of the
//! file still loads.

pub(crate) mod collect;
pub(crate) mod feature;
pub(crate) mod seq;

use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::io::crs::{Crs, crs_from_name, datum_warning};
use crate::io::read::json_errors::{json_error, serde_message};
use crate::io::read::json_scan::scan_features;
use crate::io::read::progress::Progress;
use crate::io::read::validate::check_bbox;
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};
use crate::io::text::read_text;
use crate::model::LoadWarning;
use collect::{collect_features, feature_positions, parse_features_parallel};

#[derive(Deserialize)]
struct TopLevel<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    features: Option<Vec<&'a RawValue>>,
    crs: Option<serde_json::Value>,
    bbox: Option<serde_json::Value>,
}

/// A problem outside the features: syntax is a JSON error, wrong shapes say "not GeoJSON".
fn top_level_error(err: &serde_json::Error, line_offset: usize) -> ReadError {
    if err.classify() == serde_json::error::Category::Data {
        return ReadError::NotGeoJson(format!(
            "{} (line {}, column {})",
            serde_message(err),
            err.line() + line_offset,
            err.column()
        ));
    }
    json_error(err, line_offset)
}

fn declared_crs(crs: &serde_json::Value) -> Result<(Crs, String), ReadError> {
    let name = crs
        .pointer("/properties/name")
        .and_then(|n| n.as_str())
        .or_else(|| crs.pointer("/properties/code").and_then(|n| n.as_str()));
    match name {
        Some(name) => crs_from_name(name)
            .map(|c| (c, name.to_string()))
            .map_err(ReadError::Crs),
        None => Err(ReadError::Crs(format!(
            "unsupported \"crs\" member {crs}: expected {{\"type\": \"name\", \"properties\": \
             {{\"name\": \"EPSG:4326\"}}}}"
        ))),
    }
}

/// RFC 7946 GeoJSON: a FeatureCollection, a Feature or a bare geometry, one layer.
pub struct GeoJsonReader;

impl FormatReader for GeoJsonReader {
    fn name(&self) -> &'static str {
        "GeoJSON"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["geojson", "json"]
    }

    fn sniff(&self, head: &[u8]) -> Sniff {
        let text = head
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(head)
            .trim_ascii_start();
        // A lone Feature or geometry looks like a GeoJSONSeq record: only a collection is sure.
        match text.first() {
            Some(b'{') if memchr::memmem::find(text, b"\"FeatureCollection\"").is_some() => {
                Sniff::Yes
            }
            Some(b'{' | b'[') => Sniff::Maybe,
            _ => Sniff::No,
        }
    }

    fn read(
        &self,
        input: &Input,
        options: &ReadOptions,
        progress: &Progress,
    ) -> Result<Vec<ReadOutcome>, ReadError> {
        read_text(input, |text| {
            Ok(vec![read_geojson_text(text, options, progress)?])
        })
    }
}

/// Reads a GeoJSON file from disk; see [`read_geojson_str`].
pub fn read_geojson_file(
    path: &Path,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<ReadOutcome, ReadError> {
    crate::io::read::check_size(path)?;
    read_text(&Input::file(path), |text| {
        Ok(vec![read_geojson_text(text, options, progress)?])
    })
    .map(|mut layers| layers.remove(0))
}

/// GeoJSON text, or a sequence whose first record was too long for detection to see it whole
/// (one object, then more).
fn read_geojson_text(
    text: &str,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<ReadOutcome, ReadError> {
    match read_geojson_str(text, options, progress) {
        Err(ReadError::Syntax {
            format: "JSON",
            message,
            ..
        }) if message.starts_with("trailing characters") => {
            crate::io::read::geojson::seq::read_geojson_seq_str(text, options, progress)
        }
        other => other,
    }
}

/// Parses GeoJSON text into WGS84 features. Bad features are skipped with a warning carrying
/// their index and line; only a file-level problem (syntax, unknown CRS, nothing readable)
/// is an error.
pub fn read_geojson_str(
    text: &str,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<ReadOutcome, ReadError> {
    let scanned = scan_features(text.as_bytes());
    let mut rest = String::new();
    let top: TopLevel = match &scanned {
        // Parse everything but the features array, which is parsed per feature below.
        Some(found) => {
            rest.reserve(text.len() - found.array.len() + 2);
            rest.push_str(&text[..found.array.start]);
            rest.push_str("[]");
            rest.push_str(&text[found.array.end..]);
            let removed_lines = text[found.array.clone()].matches('\n').count();
            let array_line = text[..found.array.start].matches('\n').count() + 1;
            serde_json::from_str(&rest).map_err(|e| {
                let shift = if e.line() > array_line {
                    removed_lines
                } else {
                    0
                };
                top_level_error(&e, shift)
            })?
        }
        None => serde_json::from_str(text).map_err(|e| top_level_error(&e, 0))?,
    };

    let (declared, declared_name) = match &top.crs {
        Some(crs) if !crs.is_null() => {
            let (c, name) = declared_crs(crs)?;
            (c, Some(name))
        }
        _ => (Crs::Wgs84, None),
    };
    let source_crs = options.crs_override.unwrap_or(declared);
    let mut warnings = Vec::new();
    if let Some(bbox) = &top.bbox {
        let numbers: Option<Vec<f64>> = bbox
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_f64()).collect());
        if let Err(problem) = numbers
            .ok_or_else(|| "bbox is not an array of numbers".to_string())
            .and_then(|n| check_bbox(&n))
        {
            warnings.push(LoadWarning::file_level(format!("{problem} (ignored)")));
        }
    }

    let raw_features: Vec<&str> = match top.kind.as_deref() {
        Some("FeatureCollection") => match (scanned, top.features) {
            (Some(found), _) => found.elements.into_iter().map(|r| &text[r]).collect(),
            (None, Some(raw)) => raw.into_iter().map(RawValue::get).collect(),
            (None, None) => {
                return Err(ReadError::NotGeoJson(
                    "FeatureCollection has no \"features\" array".into(),
                ));
            }
        },
        Some(
            "Feature" | "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon"
            | "MultiPolygon" | "GeometryCollection",
        ) => {
            vec![text.trim()]
        }
        Some(other) => {
            return Err(ReadError::NotGeoJson(format!(
                "unknown top-level \"type\": \"{other}\""
            )));
        }
        None => {
            return Err(ReadError::NotGeoJson(
                "the top-level object has no \"type\" member".into(),
            ));
        }
    };

    let positions = feature_positions(text, &raw_features);
    progress.set_total(raw_features.len() as u64);
    let results = parse_features_parallel(&raw_features, &positions, source_crs, progress)?;

    warnings.extend(datum_warning(source_crs));
    let crs_given = declared_name.is_some() || options.crs_override.is_some();
    collect_features(
        results,
        &positions,
        warnings,
        source_crs,
        declared_name,
        crs_given,
    )
}
