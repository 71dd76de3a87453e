//! Writing features back out as an RFC 7946 FeatureCollection (WGS84 lon/lat), properties as
//! they were read.

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::model::Feature;

/// Writes `features` to `path` through a temporary file, so a failed export never leaves a
/// half-written file under the chosen name. Returns the number written.
pub fn write_geojson<'a>(
    path: &Path,
    name: &str,
    features: impl IntoIterator<Item = &'a Feature>,
) -> Result<usize, String> {
    super::commit::via_partial(path, |partial| {
        let file = std::fs::File::create(partial).map_err(|e| e.to_string())?;
        let mut out = BufWriter::new(file);
        let count = write_collection(&mut out, name, features).map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
        Ok(count)
    })
    .map_err(|e| format!("{}: {e}", path.display()))
}

fn write_collection<'a>(
    out: &mut impl Write,
    name: &str,
    features: impl IntoIterator<Item = &'a Feature>,
) -> std::io::Result<usize> {
    writeln!(
        out,
        "{{\"type\": \"FeatureCollection\", \"name\": {}, \"features\": [",
        serde_json::to_string(name)?
    )?;
    let mut count = 0;
    for feature in features {
        if count > 0 {
            out.write_all(b",\n")?;
        }
        let geometry = (feature.has_location())
            .then(|| geojson::Geometry::new(geojson::Value::from(&feature.geometry)));
        let record = geojson::Feature {
            bbox: None,
            geometry,
            id: None,
            properties: Some(feature.properties.clone()),
            foreign_members: None,
        };
        serde_json::to_writer(&mut *out, &record)?;
        count += 1;
    }
    out.write_all(b"\n]}\n")?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{Progress, ReadOptions, read_geojson_file};

    #[test]
    fn what_is_written_reads_back_the_same() {
        let text = r#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "A", "n": 1.5, "tags": ["x"]},
             "geometry": {"type": "Polygon", "coordinates": [[[106,29],[107,29],[107,30],[106,29]]]}},
            {"type": "Feature", "properties": {"name": "B 中文"},
             "geometry": {"type": "MultiLineString", "coordinates": [[[106,29],[107,30]],[[108,31],[108.5,31.5]]]}}
        ]}"#;
        let dir = std::env::temp_dir().join(format!("cq-writer-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let src = dir.join("in.geojson");
        std::fs::write(&src, text).unwrap();
        let read = |p: &Path| {
            read_geojson_file(p, &ReadOptions::default(), &Progress::default())
                .unwrap()
                .features
        };
        let features = read(&src);
        let out = dir.join("out.geojson");
        assert_eq!(write_geojson(&out, "test", &features).unwrap(), 2);
        let again = read(&out);
        assert_eq!(again.len(), 2);
        for (a, b) in features.iter().zip(&again) {
            assert_eq!(a.geometry, b.geometry);
            assert_eq!(a.properties, b.properties);
        }
        assert!(!dir.join("out.geojson.partial").exists());
    }

    #[test]
    fn an_unwritable_path_is_an_error_naming_it() {
        let e = write_geojson(Path::new("/nonexistent-dir/x.geojson"), "x", &[]).unwrap_err();
        assert!(e.contains("/nonexistent-dir/x.geojson"), "{e}");
    }
}
