//! A layer that lives in a PostGIS database: where the database is (never its password) and
//! which table. Parsing and connecting are `io::postgis`'s.

/// TLS as libpq's `sslmode`: `require` encrypts without checking the certificate (as libpq);
/// `verify-ca`/`verify-full` check it against the system's roots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum SslMode {
    Disable,
    #[default]
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    pub const ALL: [SslMode; 5] = [
        SslMode::Disable,
        SslMode::Prefer,
        SslMode::Require,
        SslMode::VerifyCa,
        SslMode::VerifyFull,
    ];

    pub fn parse(text: &str) -> Result<Self, String> {
        Ok(match text.trim() {
            "disable" | "allow" => SslMode::Disable,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(format!(
                    "unknown sslmode \"{other}\" (disable, prefer, require, verify-ca, verify-full)"
                ));
            }
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// A database to connect to, without its password.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PgAddress {
    pub host: String,
    pub port: u16,
    pub dbname: String,
    pub user: String,
    pub sslmode: SslMode,
    /// The `pg_service.conf` service it came from, shown to the user and remembered.
    #[serde(default)]
    pub service: Option<String>,
    /// How the connection names itself to the server (`pg_stat_activity`); the atlas's name
    /// when `None`.
    #[serde(default)]
    pub application_name: Option<String>,
}

impl std::fmt::Display for PgAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "postgresql://{}@{}:{}/{}",
            self.user, self.host, self.port, self.dbname
        )?;
        if self.sslmode != SslMode::Prefer {
            write!(f, "?sslmode={}", self.sslmode.as_str())?;
        }
        Ok(())
    }
}

/// A table (or view) and its geometry column, as `#schema.table` or `#schema.table.column`
/// names one in a URI.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TableRef {
    pub schema: String,
    pub table: String,
    /// `None`: the table's only (or first) geometry column.
    pub column: Option<String>,
}

impl std::fmt::Display for TableRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.schema, self.table)?;
        if let Some(c) = &self.column {
            write!(f, " ({c})")?;
        }
        Ok(())
    }
}
