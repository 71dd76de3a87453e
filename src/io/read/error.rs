//! What stops a read: the error a reader returns for a file it cannot read at all (a bad
//! record is a located warning instead, in its layer), and the size past which a file is
//! refused up front.

use crate::model::LoadWarning;

/// Files above this size are refused up front rather than exhausting memory.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
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
