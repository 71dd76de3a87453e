//! What a FeatureCollection and a GeoJSON sequence share once their raw features are found:
//! each feature parsed on every core, where each starts (line, column), and the good ones
//! kept with the bad ones as located warnings.

use crate::io::crs::{Crs, Reprojection};
use crate::io::read::geojson::feature::{FeatureResult, parse_feature};
use crate::io::read::progress::Progress;
use crate::io::read::{ReadError, ReadOutcome};
use crate::model::LoadWarning;

/// The outcome of parsing every raw feature: the good ones kept, the bad ones as located
/// warnings after the file-level `warnings`.
pub(crate) fn collect_features(
    results: Vec<FeatureResult>,
    positions: &[(usize, usize)],
    mut warnings: Vec<LoadWarning>,
    source_crs: Crs,
    declared_crs: Option<String>,
    crs_given: bool,
) -> Result<ReadOutcome, ReadError> {
    let total_features = results.len();
    let mut features = Vec::with_capacity(total_features);
    for (index, result) in results.into_iter().enumerate() {
        match result {
            Ok((feature, feature_warnings)) => {
                features.push(feature);
                warnings.extend(feature_warnings);
            }
            Err(message) => warnings.push(LoadWarning {
                feature_index: Some(index),
                line: Some(positions[index].0),
                message,
            }),
        }
    }
    if features.is_empty() && total_features > 0 {
        return Err(ReadError::NoValidFeatures(warnings));
    }
    if !crs_given && features.iter().all(|f| !f.has_location()) {
        projected_without_crs(&warnings, total_features)?;
    }
    Ok(ReadOutcome {
        features,
        warnings,
        source_crs,
        declared_crs,
        total_features,
        layer_name: None,
        encoding: "UTF-8",
        field_aliases: Default::default(),
        placement: None,
        columns: Vec::new(),
    })
}

/// A common export mistake: projected coordinates with no `crs` member, which RFC 7946 reads
/// as longitude/latitude. Asked about like a Shapefile without its `.prj`.
fn projected_without_crs(warnings: &[LoadWarning], features: usize) -> Result<(), ReadError> {
    let Some(first) = warnings.iter().find(|w| {
        w.message
            .contains(crate::io::read::validate::OUTSIDE_DEGREES)
    }) else {
        return Ok(());
    };
    let position = first
        .message
        .split(" is outside")
        .next()
        .unwrap_or_default();
    Err(ReadError::Crs(format!(
        "the GeoJSON has {features} feature(s) but declares no \"crs\", and its coordinates \
         are not longitude/latitude ({position}, line {}): they are in a projected system. \
         Choose its coordinate system, or convert it to WGS84 first (e.g. ogr2ogr -t_srs \
         EPSG:4326)",
        first.line.unwrap_or(0)
    )))
}

/// 1-based line and column at which each raw feature starts, in one pass over the text.
pub(crate) fn feature_positions(text: &str, raw: &[&str]) -> Vec<(usize, usize)> {
    let base = text.as_ptr() as usize;
    let bytes = text.as_bytes();
    let mut line = 1;
    let mut line_start = 0;
    let mut cursor = 0;
    raw.iter()
        .map(|r| {
            let offset = (r.as_ptr() as usize).saturating_sub(base).min(bytes.len());
            let skipped = &bytes[cursor..offset];
            line += memchr::memchr_iter(b'\n', skipped).count();
            if let Some(last) = memchr::memrchr(b'\n', skipped) {
                line_start = cursor + last + 1;
            }
            cursor = offset;
            (line, offset - line_start + 1)
        })
        .collect()
}

pub(crate) fn parse_features_parallel(
    raw: &[&str],
    positions: &[(usize, usize)],
    crs: Crs,
    progress: &Progress,
) -> Result<Vec<FeatureResult>, ReadError> {
    let to_wgs84 = Reprojection::new(crs).map_err(ReadError::Crs)?;
    let items: Vec<(usize, &str)> = raw.iter().copied().enumerate().collect();
    let results = crate::parallel::par_map(&items, 16, |&(index, text)| {
        if progress.is_cancelled() {
            return Err(String::new());
        }
        progress.add(1);
        parse_feature(text, index, positions[index], &to_wgs84)
    });
    if progress.is_cancelled() {
        return Err(ReadError::Cancelled);
    }
    Ok(results)
}
