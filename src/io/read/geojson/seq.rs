//! GeoJSON text sequences: one feature per line (`.geojsonl`, `.ndjson`) or records led by
//! the RS character (RFC 8142, `.geojsons`). Records are parsed on every core, as the
//! features of a FeatureCollection are, and a bad record is skipped with its line.

use crate::io::crs::Crs;
use crate::io::read::geojson::collect::{
    collect_features, feature_positions, parse_features_parallel,
};
use crate::io::read::progress::Progress;
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};
use crate::io::text::read_text;

const RS: u8 = 0x1E;

/// GeoJSONSeq, either separator.
pub struct GeoJsonSeqReader;

/// Whether `line` is one whole JSON object of a GeoJSON type: a sequence's first record.
fn is_record(line: &[u8]) -> bool {
    let line = line.trim_ascii();
    line.first() == Some(&b'{')
        && line.last() == Some(&b'}')
        && memchr::memmem::find(line, b"\"type\"").is_some()
        && serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok()
}

impl FormatReader for GeoJsonSeqReader {
    fn name(&self) -> &'static str {
        "GeoJSONSeq"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["geojsonl", "geojsons", "geojsonseq", "ndjson", "jsonl"]
    }

    fn sniff(&self, head: &[u8]) -> Sniff {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        if head.trim_ascii_start().first() == Some(&RS) {
            return Sniff::Yes;
        }
        // Two whole records on their own lines: a sequence (a FeatureCollection on one line
        // is followed by nothing).
        let mut lines = head
            .split(|&b| b == b'\n')
            .filter(|l| !l.trim_ascii().is_empty());
        match (lines.next(), lines.next()) {
            (Some(first), Some(second)) if is_record(first) => {
                if second.trim_ascii_start().first() == Some(&b'{') {
                    Sniff::Yes
                } else {
                    Sniff::No
                }
            }
            // One object cut off by the end of the head: a long first record, or one big
            // FeatureCollection; the extension tells.
            (Some(first), None)
                if first.trim_ascii_start().first() == Some(&b'{')
                    && head.len() >= crate::io::read::SNIFF_BYTES
                    && !head.ends_with(b"\n") =>
            {
                Sniff::Maybe
            }
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
            Ok(vec![read_geojson_seq_str(text, options, progress)?])
        })
    }
}

/// Splits a sequence into its records (RS-led when the text has RS characters, else lines),
/// blank ones dropped.
fn records(text: &str) -> Vec<&str> {
    let separator = if text.as_bytes().contains(&RS) {
        char::from(RS)
    } else {
        '\n'
    };
    text.split(separator)
        .filter(|r| !r.trim().is_empty())
        .collect()
}

/// Reads a GeoJSON text sequence into WGS84 features.
pub fn read_geojson_seq_str(
    text: &str,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<ReadOutcome, ReadError> {
    let raw = records(text);
    let positions = feature_positions(text, &raw);
    let source_crs = options.crs_override.unwrap_or(Crs::Wgs84);
    progress.set_total(raw.len() as u64);
    let results = parse_features_parallel(&raw, &positions, source_crs, progress)?;
    let crs_given = options.crs_override.is_some();
    collect_features(results, &positions, Vec::new(), source_crs, None, crs_given)
}
