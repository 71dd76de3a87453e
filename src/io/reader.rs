//! The one interface every format reader implements, format detection (content first,
//! extension second), and what a read returns: per layer its features, located problems,
//! source CRS, text encoding and name. A new format is a new file under `src/io/` with a
//! [`FormatReader`] added to [`READERS`]; the loader, the CLI and the UI call [`read_file`].

use std::io::Read as _;
use std::path::Path;

use super::crs::Crs;
use super::progress::Progress;
use crate::model::{Feature, LoadWarning};

/// Files above this size are refused up front rather than exhausting memory.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Overrides whatever the file declares (e.g. the user says "this file is GCJ-02").
    pub crs_override: Option<Crs>,
}

#[derive(Debug)]
pub struct ReadOutcome {
    pub features: Vec<Feature>,
    pub warnings: Vec<LoadWarning>,
    /// The CRS the coordinates were read in (they are held as WGS84 afterwards).
    pub source_crs: Crs,
    /// The file's legacy `crs` member, if it had one.
    pub declared_crs: Option<String>,
    /// Features in the file, including skipped ones.
    pub total_features: usize,
    /// The layer's name inside the file, for formats that hold several; `None`: the file's.
    pub layer_name: Option<String>,
    /// The text encoding the file was decoded from.
    pub encoding: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    Io(String),
    TooLarge {
        bytes: u64,
    },
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    NotGeoJson(String),
    /// No reader recognised the file, by its content or its extension.
    UnknownFormat(String),
    Crs(String),
    Cancelled,
    /// Every feature failed; the first problems are listed.
    NoValidFeatures(Vec<LoadWarning>),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(message) => write!(f, "cannot read file: {message}"),
            ReadError::TooLarge { bytes } => write!(
                f,
                "file is {:.1} GiB; the limit is {} GiB",
                *bytes as f64 / (1u64 << 30) as f64,
                MAX_FILE_BYTES >> 30
            ),
            ReadError::Json {
                line,
                column,
                message,
            } => write!(f, "invalid JSON at line {line}, column {column}: {message}"),
            ReadError::NotGeoJson(message) => write!(f, "not GeoJSON: {message}"),
            ReadError::UnknownFormat(message) => write!(f, "unrecognised file format: {message}"),
            ReadError::Crs(message) => f.write_str(message),
            ReadError::Cancelled => f.write_str("cancelled"),
            ReadError::NoValidFeatures(problems) => {
                write!(f, "no feature could be read")?;
                for problem in problems.iter().take(5) {
                    write!(f, "\n  {problem}")?;
                }
                if problems.len() > 5 {
                    write!(f, "\n  … and {} more", problems.len() - 5)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// How sure a reader is that some bytes are its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sniff {
    No,
    /// Could be (e.g. JSON that might be GeoJSON): used when the extension agrees or nothing
    /// else claims the file.
    Maybe,
    /// Certainly this format (a signature, or the format's own keys).
    Yes,
}

/// A reader of one file format.
pub trait FormatReader: Sync {
    /// The format's name, as `inspect` reports it.
    fn name(&self) -> &'static str;
    /// File name extensions, lower case, without the dot.
    fn extensions(&self) -> &'static [&'static str];
    /// Looks at the first bytes of a file (up to [`SNIFF_BYTES`]).
    fn sniff(&self, head: &[u8]) -> Sniff;
    /// Reads every layer of the file into WGS84 features; bad records are skipped with a
    /// located warning, only a file-level problem is an error.
    fn read(
        &self,
        path: &Path,
        options: &ReadOptions,
        progress: &Progress,
    ) -> Result<Vec<ReadOutcome>, ReadError>;
}

/// How much of a file detection looks at.
pub const SNIFF_BYTES: usize = 4096;

/// Every reader the app has, in order of preference when two claim a file equally.
pub static READERS: &[&dyn FormatReader] = &[&super::geojson_reader::GeoJsonReader];

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
/// might be and whose extension matches, else the extension's, else one that might be.
pub fn detect(path: &Path, head: &[u8]) -> Result<&'static dyn FormatReader, ReadError> {
    let ext = extension(path);
    let by_ext = |r: &&&dyn FormatReader| r.extensions().contains(&ext.as_str());
    let sniffs: Vec<(Sniff, &&dyn FormatReader)> =
        READERS.iter().map(|r| (r.sniff(head), r)).collect();
    let pick = sniffs
        .iter()
        .find(|(s, _)| *s == Sniff::Yes)
        .or_else(|| sniffs.iter().find(|(s, r)| *s == Sniff::Maybe && by_ext(r)))
        .map(|(_, r)| **r)
        .or_else(|| READERS.iter().find(by_ext).copied())
        .or_else(|| {
            (sniffs.iter())
                .find(|(s, _)| *s == Sniff::Maybe)
                .map(|(_, r)| **r)
        });
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

/// Detects the format of a file and reads it.
pub fn read_file(
    path: &Path,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<(&'static str, Vec<ReadOutcome>), ReadError> {
    let io = |e: std::io::Error| ReadError::Io(format!("{}: {e}", path.display()));
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { bytes: size });
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    std::fs::File::open(path)
        .map_err(io)?
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    let reader = detect(path, &head)?;
    Ok((reader.name(), reader.read(path, options, progress)?))
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
