//! The one interface every format reader implements, format detection (content first,
//! extension second), and what a read returns: per layer its features, located problems,
//! source CRS, text encoding and name. A new format is a new file under `src/io/` with a
//! [`FormatReader`] added to [`READERS`]; the loader, the CLI and the UI call [`read_file`].

use std::io::Read as _;
use std::path::Path;

use super::compressed;
use super::crs::Crs;
use super::progress::Progress;
use crate::model::{Feature, LoadWarning};

/// Files above this size are refused up front rather than exhausting memory.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Overrides whatever the file declares (e.g. the user says "this file is GCJ-02").
    pub crs_override: Option<Crs>,
    /// Overrides the text encoding of formats that do not fix one (DBF, CSV).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The layers to read from a file that holds several (a GeoPackage); `None`: all of them.
    pub layers: Option<Vec<String>>,
    /// The columns that place a table's rows (CSV, spreadsheets); `None`: detected by name.
    pub placement: Option<super::table_layer::Placement>,
    /// Only features that may meet this WGS84 box `[W, S, E, N]` are needed (a `render` of
    /// one view): a file with a spatial index (FlatGeobuf) is read through it. Other readers
    /// read everything.
    pub within: Option<[f64; 4]>,
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
    /// Readable titles of property names, where the format has them (Esri field aliases).
    pub field_aliases: std::collections::BTreeMap<String, String>,
    /// For a table (CSV, spreadsheet): the columns that placed its rows, and all its columns.
    pub placement: Option<crate::model::Placement>,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    Io(String),
    TooLarge {
        bytes: u64,
    },
    NotGeoJson(String),
    /// Text that breaks its format's syntax (JSON, XML, CSV), or is not text at all, where.
    Syntax {
        format: &'static str,
        line: usize,
        column: usize,
        message: String,
    },
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
            ReadError::NotGeoJson(message) => write!(f, "not GeoJSON: {message}"),
            ReadError::Syntax {
                format,
                line,
                column,
                message,
            } => write!(
                f,
                "invalid {format} at line {line}, column {column}: {message}"
            ),
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
    /// The names of the layers a file holds, for formats where the user picks some of them
    /// (a GeoPackage); `None` for formats read whole.
    fn layer_names(&self, _input: &Input) -> Option<Result<Vec<String>, ReadError>> {
        None
    }

    /// Reads every layer of the input into WGS84 features; bad records are skipped with a
    /// located warning, only a file-level problem is an error.
    fn read(
        &self,
        input: &Input,
        options: &ReadOptions,
        progress: &Progress,
    ) -> Result<Vec<ReadOutcome>, ReadError>;
}

/// What a reader reads: a file on disk, or its content already in memory (decompressed from
/// a `.gz` or taken out of a `.zip`). Readers of text formats take the bytes; readers that
/// need the file itself (a database, sidecar files) take the path.
pub struct Input<'a> {
    /// The file, or for decompressed content the name it goes by.
    pub path: &'a Path,
    content: Option<std::borrow::Cow<'a, [u8]>>,
    /// The other entries of the archive the content came from, for sidecar files.
    siblings: &'a [(String, Vec<u8>)],
}

impl<'a> Input<'a> {
    pub fn file(path: &'a Path) -> Self {
        Self {
            path,
            content: None,
            siblings: &[],
        }
    }

    pub fn in_memory(path: &'a Path, content: Vec<u8>) -> Self {
        Self {
            path,
            content: Some(std::borrow::Cow::Owned(content)),
            siblings: &[],
        }
    }

    /// The content as a seekable stream: the file itself, buffered, or the bytes in memory.
    /// Readers of binary formats read through it so a big file is never held whole.
    pub fn stream(&self) -> Result<Box<dyn ReadSeek + '_>, ReadError> {
        match &self.content {
            Some(bytes) => Ok(Box::new(std::io::Cursor::new(&bytes[..]))),
            None => std::fs::File::open(self.path)
                .map(|f| {
                    Box::new(std::io::BufReader::with_capacity(1 << 16, f)) as Box<dyn ReadSeek>
                })
                .map_err(|e| ReadError::Io(format!("{}: {e}", self.path.display()))),
        }
    }

    /// Whether the input is the file itself rather than content taken out of another file.
    pub fn is_on_disk(&self) -> bool {
        self.content.is_none()
    }

    /// The file beside this one with the same stem and `extension` (a Shapefile's `.dbf`,
    /// `.prj`), in any letter case; `None` when there is none.
    pub fn sidecar(
        &self,
        extension: &str,
    ) -> Result<Option<std::borrow::Cow<'_, [u8]>>, ReadError> {
        let wanted = self.path.with_extension(extension);
        if self.content.is_some() {
            let wanted = wanted.to_string_lossy();
            return Ok(self
                .siblings
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(&wanted))
                .map(|(_, content)| std::borrow::Cow::Borrowed(&content[..])));
        }
        let Some(wanted_name) = wanted.file_name() else {
            return Ok(None);
        };
        let directory = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let found = std::fs::read_dir(directory).ok().and_then(|entries| {
            entries.flatten().map(|e| e.path()).find(|p| {
                p.file_name()
                    .is_some_and(|n| n.eq_ignore_ascii_case(wanted_name))
            })
        });
        match found {
            None => Ok(None),
            Some(path) => std::fs::read(&path)
                .map(|bytes| Some(std::borrow::Cow::Owned(bytes)))
                .map_err(|e| ReadError::Io(format!("{}: {e}", path.display()))),
        }
    }

    /// The whole content.
    pub fn bytes(&self) -> Result<std::borrow::Cow<'_, [u8]>, ReadError> {
        match &self.content {
            Some(bytes) => Ok(std::borrow::Cow::Borrowed(&bytes[..])),
            None => read_whole(self.path)
                .map(std::borrow::Cow::Owned)
                .map_err(|e| ReadError::Io(format!("{}: {e}", self.path.display()))),
        }
    }
}

/// A file's bytes. A big file is read in halves on two threads: copying 100 MB out of the
/// page cache (and faulting in the buffer) took a tenth of a second on one core, before any
/// parsing could start.
pub fn read_whole(path: &Path) -> std::io::Result<Vec<u8>> {
    const SPLIT_ABOVE: u64 = 16 << 20;
    let file = std::fs::File::open(path)?;
    let length = file.metadata()?.len();
    #[cfg(unix)]
    if length > SPLIT_ABOVE && crate::parallel::cores() > 1 {
        use std::os::unix::fs::FileExt;
        let length = usize::try_from(length).map_err(std::io::Error::other)?;
        let mut bytes = vec![0u8; length];
        let (first, second) = bytes.split_at_mut(length / 2);
        std::thread::scope(|scope| {
            let tail = scope.spawn(|| file.read_exact_at(second, (length / 2) as u64));
            file.read_exact_at(first, 0)?;
            tail.join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the reading thread failed")))
        })?;
        // A file that grew while it was read is read again whole, the simple way.
        if file.metadata()?.len() == length as u64 {
            return Ok(bytes);
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
    std::io::Read::read_to_end(&mut &file, &mut bytes)?;
    Ok(bytes)
}

/// A byte stream that can seek: a buffered file or bytes in memory.
pub trait ReadSeek: std::io::Read + std::io::Seek + Send {}

impl<T: std::io::Read + std::io::Seek + Send> ReadSeek for T {}

/// How much of a file detection looks at.
pub const SNIFF_BYTES: usize = 4096;

/// Every reader the app has, in order of preference when two claim a file equally.
pub static READERS: &[&dyn FormatReader] = &[
    &super::topojson::TopoJsonReader,
    &super::esri_json::EsriJsonReader,
    &super::geojson_seq::GeoJsonSeqReader,
    &super::geojson_reader::GeoJsonReader,
    &super::shapefile_reader::ShapefileReader,
    &super::geopackage::GeoPackageReader,
    &super::flatgeobuf_reader::FlatGeobufReader,
    &super::kml::KmlReader,
    &super::gpx::GpxReader,
    &super::csv_reader::CsvReader,
    &super::xlsx::SpreadsheetReader,
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
pub fn pickable_layers(path: &Path) -> Option<Vec<String>> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let file = std::fs::File::open(path).ok()?;
    file.take(SNIFF_BYTES as u64).read_to_end(&mut head).ok()?;
    let names = detect(path, &head)
        .ok()?
        .layer_names(&Input::file(path))?
        .ok()?;
    (names.len() > 1).then_some(names)
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
    let main: Vec<usize> = (0..entries.len())
        .filter(|&i| readable(&entries[i].0))
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
        let input = Input {
            path: entry_path,
            content: Some(std::borrow::Cow::Borrowed(content)),
            siblings: &entries,
        };
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
