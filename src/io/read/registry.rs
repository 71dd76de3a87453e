//! Every reader the app has, and format detection (content first, extension second): the
//! loader, the CLI and the UI call [`read_file`].

use std::io::Read as _;
use std::path::Path;

use crate::io::read::compressed;
use crate::io::read::error::{MAX_FILE_BYTES, ReadError};
use crate::io::read::interface::{
    FormatReader, Input, ReadOptions, ReadOutcome, SNIFF_BYTES, Sniff,
};
use crate::io::read::progress::Progress;

/// Every reader the app has, in order of preference when two claim a file equally.
pub static READERS: &[&dyn FormatReader] = &[
    &super::topojson::TopoJsonReader,
    &super::esri_json::EsriJsonReader,
    &super::geojson::seq::GeoJsonSeqReader,
    &super::geojson::GeoJsonReader,
    &super::shapefile::ShapefileReader,
    &super::geopackage::GeoPackageReader,
    &super::flatgeobuf::FlatGeobufReader,
    &super::kml::KmlReader,
    &super::gpx::GpxReader,
    &super::csv::CsvReader,
    &super::xlsx::SpreadsheetReader,
    &super::shapefile::table_only::DbfReader,
];

/// A file's name for lists and layer names.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The reader for a file with these first bytes: the one sure of its content, else one that
/// might be and whose extension matches, else one that might be, else the extension's (a
/// broken file still goes to the reader of its extension, which says where it breaks).
pub fn detect(path: &Path, head: &[u8]) -> Result<&'static dyn FormatReader, ReadError> {
    let ext = extension(path);
    let by_ext = |r: &&&dyn FormatReader| r.extensions().contains(&ext.as_str());
    let sniffs: Vec<(Sniff, &&dyn FormatReader)> =
        READERS.iter().map(|r| (r.sniff(head), r)).collect();
    let pick = sniffs
        .iter()
        .find(|(s, _)| *s == Sniff::Yes)
        .or_else(|| sniffs.iter().find(|(s, r)| *s == Sniff::Maybe && by_ext(r)))
        .or_else(|| sniffs.iter().find(|(s, _)| *s == Sniff::Maybe))
        .map(|(_, r)| **r)
        .or_else(|| READERS.iter().find(by_ext).copied());
    pick.ok_or_else(|| {
        let known: Vec<&str> = READERS
            .iter()
            .flat_map(|r| r.extensions())
            .copied()
            .collect();
        ReadError::UnknownFormat(format!(
            "{} is not a format Chongqing Atlas reads (it reads: {})",
            match ext.as_str() {
                "" => "a file without an extension whose content".to_string(),
                e => format!("\".{e}\" with this content"),
            },
            known.join(", ")
        ))
    })
}

fn head_of(bytes: &[u8]) -> &[u8] {
    &bytes[..bytes.len().min(SNIFF_BYTES)]
}

/// Detects the format of a file and reads it: a `.gz` is decompressed first, and every
/// readable file inside a `.zip` is read, each layer named after its entry.
pub fn read_file(
    path: &Path,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<(&'static str, Vec<ReadOutcome>), ReadError> {
    let _scope = compressed::ReadScope::begin();
    check_size(path)?;
    let io = |e: std::io::Error| ReadError::Io(format!("{}: {e}", path.display()));
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let mut file = std::fs::File::open(path).map_err(io)?;
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    if compressed::is_gzip(&head) {
        let whole = std::io::Read::chain(&head[..], std::io::BufReader::new(file));
        let content = compressed::gunzip(whole, compressed::MAX_DECOMPRESSED_BYTES, path)?;
        return read_in_memory(&compressed::inner_name(path), content, options, progress);
    }
    if compressed::is_zip(&head) && detect(path, &head).is_err() {
        return read_zip(path, options, progress);
    }
    let reader = detect(path, &head)?;
    Ok((
        reader.name(),
        reader.read(&Input::file(path), options, progress)?,
    ))
}

/// Reads content already in memory, named `path` (its extension counts as a file's would); a
/// gzip is decompressed first, within the same bound as a file.
pub fn read_bytes(
    path: &Path,
    content: Vec<u8>,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<(&'static str, Vec<ReadOutcome>), ReadError> {
    let _scope = compressed::ReadScope::begin();
    if compressed::is_gzip(&content) {
        let inner = compressed::gunzip(&content[..], compressed::MAX_DECOMPRESSED_BYTES, path)?;
        return read_in_memory(&compressed::inner_name(path), inner, options, progress);
    }
    read_in_memory(path, content, options, progress)
}

/// Detects the format of content in memory, named `path`, and reads it.
fn read_in_memory(
    path: &Path,
    content: Vec<u8>,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<(&'static str, Vec<ReadOutcome>), ReadError> {
    let reader = detect(path, head_of(&content))?;
    let input = Input::in_memory(path, content);
    Ok((reader.name(), reader.read(&input, options, progress)?))
}

/// The layers of a file the user may pick from, when its format holds several and it has more
/// than one; `None` when the whole file is read.
pub fn pickable_layers(path: &Path) -> Option<Vec<(String, bool)>> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let file = std::fs::File::open(path).ok()?;
    file.take(SNIFF_BYTES as u64).read_to_end(&mut head).ok()?;
    let reader = detect(path, &head).ok()?;
    let names = reader.layer_names(&Input::file(path))?.ok()?;
    (names.len() > 1).then(|| {
        (names.into_iter())
            .map(|n| {
                let on = reader.opened_by_default(&n);
                (n, on)
            })
            .collect()
    })
}

/// Refuses a file too big to open, before reading it.
pub fn check_size(path: &Path) -> Result<(), ReadError> {
    let size = std::fs::metadata(path)
        .map_err(|e| ReadError::Io(format!("{}: {e}", path.display())))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { bytes: size });
    }
    Ok(())
}

/// Extensions of files that go with a main file (a Shapefile's parts), taken out of a zip with
/// it.
const SIDECARS: &[&str] = &["dbf", "shx", "prj", "cpg", "qpj"];

/// Every entry of a zip a reader knows by its extension, read as a layer named after it; the
/// entries beside it (a Shapefile's `.dbf`, `.shx`, `.prj`, `.cpg`) are read with it.
fn read_zip(
    path: &Path,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<(&'static str, Vec<ReadOutcome>), ReadError> {
    let readable = |name: &str| {
        let ext = extension(Path::new(name));
        READERS
            .iter()
            .any(|r| r.extensions().contains(&ext.as_str()))
    };
    let wanted = |name: &str| {
        !name.starts_with("__MACOSX/")
            && (readable(name) || SIDECARS.contains(&extension(Path::new(name)).as_str()))
    };
    let entries = compressed::unzip(path, compressed::MAX_DECOMPRESSED_BYTES, wanted)?;
    // A .dbf beside its .shp is the Shapefile's table; alone, it is a table of its own.
    let beside_a_shapefile = |name: &str| {
        extension(Path::new(name)) == "dbf"
            && entries.iter().any(|(other, _)| {
                extension(Path::new(other)) == "shp"
                    && Path::new(other).with_extension("") == Path::new(name).with_extension("")
            })
    };
    let main: Vec<usize> = (0..entries.len())
        .filter(|&i| readable(&entries[i].0) && !beside_a_shapefile(&entries[i].0))
        .collect();
    if main.is_empty() {
        return Err(ReadError::UnknownFormat(format!(
            "the zip file {} holds no file Chongqing Atlas reads",
            path.display()
        )));
    }
    let several = main.len() > 1;
    let mut format = "";
    let mut layers = Vec::new();
    for i in main {
        let (name, content) = &entries[i];
        let entry_path = Path::new(name);
        let reader = detect(entry_path, head_of(content))?;
        let input = Input::archive_entry(entry_path, content, &entries);
        format = reader.name();
        for mut outcome in reader.read(&input, options, progress)? {
            if several || outcome.layer_name.is_some() {
                outcome.layer_name = Some(match outcome.layer_name {
                    Some(inner) => format!("{name} · {inner}"),
                    None => name.clone(),
                });
            }
            layers.push(outcome);
        }
    }
    Ok((format, layers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_before_the_extension_and_unknown_files_are_named() {
        let json = br#"{"type": "FeatureCollection", "features": []}"#;
        assert_eq!(detect(Path::new("a.txt"), json).unwrap().name(), "GeoJSON");
        assert_eq!(
            detect(Path::new("noext"), b"  [1, 2]").unwrap().name(),
            "GeoJSON"
        );
        // A broken file named .geojson still goes to the GeoJSON reader, to say where it breaks.
        assert_eq!(
            detect(Path::new("a.geojson"), b"garbage").unwrap().name(),
            "GeoJSON"
        );
        let err = detect(Path::new("photo.png"), b"\x89PNG\r\n")
            .err()
            .unwrap();
        assert!(
            matches!(&err, ReadError::UnknownFormat(m) if m.contains(".png")),
            "{err}"
        );
    }
}
