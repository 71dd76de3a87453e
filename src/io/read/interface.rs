//! The interface every format reader implements, what it reads ([`Input`]: a file or content
//! in memory, with its sidecar files) and what it returns per layer ([`ReadOutcome`]).

use std::path::Path;

use crate::io::crs::Crs;
use crate::io::read::error::ReadError;
use crate::io::read::progress::Progress;
use crate::model::{Feature, LoadWarning};

#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Overrides whatever the file declares (e.g. the user says "this file is GCJ-02").
    pub crs_override: Option<Crs>,
    /// Overrides the text encoding of formats that do not fix one (DBF, CSV).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The layers to read from a file that holds several (a GeoPackage); `None`: all of them.
    pub layers: Option<Vec<String>>,
    /// The columns that place a table's rows (CSV, spreadsheets); `None`: detected by name.
    pub placement: Option<crate::io::read::table_layer::Placement>,
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

    /// Whether the layer choice starts with `layer` ticked (GPX's point layers are not).
    fn opened_by_default(&self, _layer: &str) -> bool {
        true
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

    /// An entry taken out of an archive, with the other entries for its sidecar files.
    pub(crate) fn archive_entry(
        path: &'a Path,
        content: &'a [u8],
        siblings: &'a [(String, Vec<u8>)],
    ) -> Self {
        Self {
            path,
            content: Some(std::borrow::Cow::Borrowed(content)),
            siblings,
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
