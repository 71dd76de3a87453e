//! What SQL sources (GeoPackage, PostGIS) share.

/// An SQL identifier, quoted: table and column names come from files and databases and may
/// hold anything, quotes and semicolons included.
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A value bound to a placeholder of a filter sent to a server: text or a number, never
/// pasted into the SQL.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlParam {
    Text(String),
    Number(f64),
}

impl postgres::types::ToSql for SqlParam {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            SqlParam::Text(text) => text.to_sql(ty, out),
            SqlParam::Number(number) => number.to_sql(ty, out),
        }
    }

    fn accepts(ty: &postgres::types::Type) -> bool {
        <String as postgres::types::ToSql>::accepts(ty)
            || <f64 as postgres::types::ToSql>::accepts(ty)
    }

    postgres::types::to_sql_checked!();
}

/// Writes a filter's `WHERE` condition for placeholders numbered from the given one.
pub type WriteCondition = dyn Fn(usize) -> (String, Vec<SqlParam>) + Send + Sync;

/// A layer's filter as its server applies it: the text the user typed (which tells two
/// filters apart) and how to write its condition in any query.
#[derive(Clone)]
pub struct RowFilter {
    pub text: String,
    pub condition: std::sync::Arc<WriteCondition>,
}

impl RowFilter {
    /// The condition and its values, placeholders from `$first`.
    pub fn condition(&self, first: usize) -> (String, Vec<SqlParam>) {
        (self.condition)(first)
    }
}

impl PartialEq for RowFilter {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl std::fmt::Debug for RowFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RowFilter({:?})", self.text)
    }
}
