//! How a file layer was read (format, text encoding, which columns placed a table's rows): what
//! the layer panel shows and offers to change.

/// Which columns place a table's rows, by name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Placement {
    LonLat { lon: String, lat: String },
    Wkt(String),
}

impl std::fmt::Display for Placement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Placement::LonLat { lon, lat } => {
                write!(f, "longitude \"{lon}\", latitude \"{lat}\"")
            }
            Placement::Wkt(column) => write!(f, "WKT column \"{column}\""),
        }
    }
}

/// How a layer's file was read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// The format's name, `""` for layers not read from a file.
    pub format: &'static str,
    /// The text encoding the file was decoded from.
    pub encoding: &'static str,
    /// For a table (CSV, spreadsheet): the columns that placed its rows, and all its columns.
    pub placement: Option<Placement>,
    pub columns: Vec<String>,
    /// The coordinate system the file was read in, as the layer panel names it (`""`: none).
    pub source_crs: String,
}

impl Reading {
    /// Whether the format's text encoding is not fixed by the format, so the user may choose it.
    pub fn encoding_is_a_choice(&self) -> bool {
        matches!(self.format, "Shapefile" | "CSV")
    }

    /// Whether the layer is a table whose placing columns the user may choose.
    pub fn is_table(&self) -> bool {
        matches!(self.format, "CSV" | "Spreadsheet")
    }
}
