//! What SQL sources (GeoPackage, PostGIS) share.

/// An SQL identifier, quoted: table and column names come from files and databases and may
/// hold anything, quotes and semicolons included.
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
