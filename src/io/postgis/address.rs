//! Where a PostGIS database is: a `postgresql://` URI, libpq's `key=value` form, or a service
//! from `pg_service.conf`, resolved to one [`PgAddress`] the way libpq does (explicit values,
//! then the service, then `PG*` variables, then defaults). The password is kept apart: it is
//! never part of what a session remembers.

use std::path::PathBuf;

pub use crate::model::database::{PgAddress, SslMode, TableRef};

/// What the user typed, taken apart: the parts given (the rest come from the service,
/// environment and defaults) and the password if the text carried one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PgParams {
    pub host: Option<String>,
    pub port: Option<String>,
    pub dbname: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub sslmode: Option<String>,
    pub service: Option<String>,
    pub application_name: Option<String>,
    pub table: Option<TableRef>,
}

/// Where to look things up: the process environment in the app, a fixed map in tests.
pub trait Env {
    fn var(&self, key: &str) -> Option<String>;
}

/// The process environment and the user's home directory.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, key: &str) -> Option<String> {
        std::env::var(key).ok().filter(|v| !v.is_empty())
    }
}

impl Env for std::collections::HashMap<&str, String> {
    fn var(&self, key: &str) -> Option<String> {
        self.get(key).cloned()
    }
}

/// Whether `text` looks like a database address rather than a file path.
pub fn is_database_address(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("postgresql://") || t.starts_with("postgres://") || t.starts_with("PG:")
}

impl PgParams {
    /// A `postgresql://` URI (optionally `#schema.table[.column]`), `PG:` plus libpq's
    /// `key=value` pairs (GDAL's spelling), or bare `key=value` pairs.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Some(rest) = text
            .strip_prefix("postgresql://")
            .or_else(|| text.strip_prefix("postgres://"))
        {
            return parse_uri(rest);
        }
        let pairs = text.strip_prefix("PG:").unwrap_or(text);
        let mut params = PgParams::default();
        for (key, value) in key_values(pairs)? {
            params.set(&key, value)?;
        }
        Ok(params)
    }

    fn set(&mut self, key: &str, value: String) -> Result<(), String> {
        let slot = match key {
            "host" | "hostaddr" => &mut self.host,
            "port" => &mut self.port,
            "dbname" | "database" => &mut self.dbname,
            "user" => &mut self.user,
            "password" => &mut self.password,
            "sslmode" => &mut self.sslmode,
            "service" => &mut self.service,
            "application_name" => &mut self.application_name,
            "tables" | "table" => {
                self.table = Some(parse_table_ref(&value)?);
                return Ok(());
            }
            // libpq options that do not change where we connect.
            "connect_timeout"
            | "options"
            | "sslrootcert"
            | "sslcert"
            | "sslkey"
            | "target_session_attrs"
            | "schemas" => return Ok(()),
            other => return Err(format!("unknown connection parameter \"{other}\"")),
        };
        *slot = Some(value);
        Ok(())
    }

    /// The full address, filling gaps as libpq does: the service's values, then `PGHOST`,
    /// `PGPORT`, `PGDATABASE`, `PGUSER`, `PGSSLMODE`, then localhost:5432 and the login name.
    pub fn resolve(&self, env: &dyn Env) -> Result<(PgAddress, Option<String>), String> {
        let mut merged = self.clone();
        let service = self.service.clone().or_else(|| env.var("PGSERVICE"));
        if let Some(name) = &service {
            let from_service = service_params(name, env)?;
            merged.host = merged.host.or(from_service.host);
            merged.port = merged.port.or(from_service.port);
            merged.dbname = merged.dbname.or(from_service.dbname);
            merged.user = merged.user.or(from_service.user);
            merged.password = merged.password.or(from_service.password);
            merged.sslmode = merged.sslmode.or(from_service.sslmode);
        }
        let user = (merged.user.clone())
            .or_else(|| env.var("PGUSER"))
            .or_else(|| env.var("USER"))
            .unwrap_or_else(|| "postgres".into());
        let port_text = (merged.port.clone())
            .or_else(|| env.var("PGPORT"))
            .unwrap_or_else(|| "5432".into());
        let port = port_text
            .trim()
            .parse::<u16>()
            .map_err(|_| format!("port \"{port_text}\" is not a number from 1 to 65535"))?;
        let sslmode = match merged.sslmode.clone().or_else(|| env.var("PGSSLMODE")) {
            Some(mode) => SslMode::parse(&mode)?,
            None => SslMode::Prefer,
        };
        let address = PgAddress {
            host: (merged.host.clone())
                .or_else(|| env.var("PGHOST"))
                .unwrap_or_else(|| "localhost".into()),
            port,
            dbname: (merged.dbname.clone())
                .or_else(|| env.var("PGDATABASE"))
                .unwrap_or_else(|| user.clone()),
            user,
            sslmode,
            service,
            application_name: merged.application_name.clone(),
        };
        Ok((address, merged.password))
    }
}

fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad percent-escape in \"{text}\""))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("\"{text}\" does not decode to UTF-8 text"))
}

fn parse_uri(rest: &str) -> Result<PgParams, String> {
    let mut params = PgParams::default();
    let (rest, fragment) = match rest.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (rest, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match rest.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (rest, None),
    };
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    if let Some(userinfo) = userinfo {
        let (user, password) = match userinfo.split_once(':') {
            Some((u, p)) => (u, Some(p)),
            None => (userinfo, None),
        };
        if !user.is_empty() {
            params.user = Some(percent_decode(user)?);
        }
        if let Some(p) = password {
            params.password = Some(percent_decode(p)?);
        }
    }
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (host, after) = v6
            .split_once(']')
            .ok_or_else(|| format!("unclosed [ in host \"{hostport}\""))?;
        (host.to_string(), after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (hostport.to_string(), None),
        }
    };
    if !host.is_empty() {
        params.host = Some(percent_decode(&host)?);
    }
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        params.port = Some(port.to_string());
    }
    if let Some(db) = path.filter(|p| !p.is_empty()) {
        params.dbname = Some(percent_decode(db)?);
    }
    for pair in query.into_iter().flat_map(|q| q.split('&')) {
        if pair.is_empty() {
            continue;
        }
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("\"{pair}\" in the URI is not key=value"))?;
        params.set(&percent_decode(key)?, percent_decode(value)?)?;
    }
    if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
        params.table = Some(parse_table_ref(&percent_decode(fragment)?)?);
    }
    Ok(params)
}

/// `schema.table`, `table` (schema `public`) or `schema.table.column`; a part in double quotes
/// may contain dots (`"my.schema"."odd ""name"""`).
pub fn parse_table_ref(text: &str) -> Result<TableRef, String> {
    let mut parts = Vec::new();
    let mut chars = text.trim().chars().peekable();
    loop {
        let mut part = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        part.push('"');
                    }
                    Some('"') => break,
                    Some(c) => part.push(c),
                    None => return Err(format!("unclosed quote in table name {text}")),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                part.push(c);
                chars.next();
            }
        }
        parts.push(part);
        match chars.next() {
            Some('.') => continue,
            None => break,
            Some(c) => return Err(format!("unexpected '{c}' in table name {text}")),
        }
    }
    if parts.iter().any(String::is_empty) {
        return Err(format!("\"{text}\" is not schema.table"));
    }
    match parts.len() {
        1 => Ok(TableRef {
            schema: "public".into(),
            table: parts.remove(0),
            column: None,
        }),
        2 | 3 => Ok(TableRef {
            schema: parts.remove(0),
            table: parts.remove(0),
            column: parts.pop(),
        }),
        _ => Err(format!("\"{text}\" has too many dotted parts")),
    }
}

/// libpq's `key=value key='quoted value'` pairs.
fn key_values(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(pairs);
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next() != Some('=') {
            return Err(format!(
                "\"{key}\" needs a value (key=value), or write a postgresql:// URI"
            ));
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            loop {
                match chars.next() {
                    Some('\\') => value.extend(chars.next()),
                    Some('\'') => break,
                    Some(c) => value.push(c),
                    None => return Err(format!("unclosed quote in the value of {key}")),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        pairs.push((key, value));
    }
}

fn home(env: &dyn Env) -> Option<PathBuf> {
    env.var("HOME").map(PathBuf::from)
}

/// The `[name]` section of the first service file that has it: `PGSERVICEFILE` (or
/// `~/.pg_service.conf`), then `PGSYSCONFDIR/pg_service.conf` (or Debian's
/// `/etc/postgresql-common/pg_service.conf`).
fn service_params(name: &str, env: &dyn Env) -> Result<PgParams, String> {
    let mut files = Vec::new();
    match env.var("PGSERVICEFILE") {
        Some(f) => files.push(PathBuf::from(f)),
        None => files.extend(home(env).map(|h| h.join(".pg_service.conf"))),
    }
    let sysconf = env
        .var("PGSYSCONFDIR")
        .unwrap_or_else(|| "/etc/postgresql-common".into());
    files.push(PathBuf::from(sysconf).join("pg_service.conf"));
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        if let Some(params) = service_section(&text, name)? {
            return Ok(params);
        }
    }
    let looked: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    Err(format!(
        "service \"{name}\" is not defined (looked in {})",
        looked.join(", ")
    ))
}

fn service_section(text: &str, name: &str) -> Result<Option<PgParams>, String> {
    let mut found: Option<PgParams> = None;
    let mut in_section = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if found.is_some() {
                break;
            }
            in_section = section.trim() == name;
            if in_section {
                found = Some(PgParams::default());
            }
            continue;
        }
        if let (true, Some(params)) = (in_section, found.as_mut())
            && let Some((key, value)) = line.split_once('=')
        {
            params.set(key.trim(), value.trim().to_string())?;
        }
    }
    Ok(found)
}

/// The password for `address` from `PGPASSWORD` or the password file (`PGPASSFILE` or
/// `~/.pgpass`, lines `host:port:db:user:password` with `*` wildcards and `\:` escapes).
pub fn stored_password(address: &PgAddress, env: &dyn Env) -> Option<String> {
    if let Some(p) = env.var("PGPASSWORD") {
        return Some(p);
    }
    let file = env
        .var("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| home(env).map(|h| h.join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    pgpass_lookup(&text, address)
}

fn pgpass_lookup(text: &str, address: &PgAddress) -> Option<String> {
    let port = address.port.to_string();
    let wanted = [
        address.host.as_str(),
        port.as_str(),
        address.dbname.as_str(),
        address.user.as_str(),
    ];
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => field.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        fields.push(field);
        if fields.len() != 5 {
            continue;
        }
        let host_matches = |f: &str, want: &str| {
            f == "*" || f == want || (f == "localhost" && want == "127.0.0.1")
        };
        if host_matches(&fields[0], wanted[0])
            && (0..4)
                .skip(1)
                .all(|i| fields[i] == "*" || fields[i] == wanted[i])
        {
            return fields.pop();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn a_uri_gives_every_part_and_the_table_after_the_hash() {
        let p = PgParams::parse(
            "postgresql://me%40work:s%3Acret@db.example.cn:6543/gis?sslmode=require#atlas.\"odd.name\"",
        )
        .unwrap();
        assert_eq!(p.user.as_deref(), Some("me@work"));
        assert_eq!(p.password.as_deref(), Some("s:cret"));
        assert_eq!(p.host.as_deref(), Some("db.example.cn"));
        assert_eq!(p.port.as_deref(), Some("6543"));
        assert_eq!(p.dbname.as_deref(), Some("gis"));
        assert_eq!(p.sslmode.as_deref(), Some("require"));
        let named = PgParams::parse("postgresql://a@h/db?application_name=atlas-test").unwrap();
        let (address, _) = named.resolve(&HashMap::<&str, String>::new()).unwrap();
        assert_eq!(address.application_name.as_deref(), Some("atlas-test"));
        let table = p.table.unwrap();
        assert_eq!(
            (table.schema.as_str(), table.table.as_str()),
            ("atlas", "odd.name")
        );
    }

    #[test]
    fn key_value_pairs_and_gdal_prefix_parse_with_quotes() {
        let p = PgParams::parse("PG:host=127.0.0.1 port=54329 dbname='my db' user=a").unwrap();
        assert_eq!(p.dbname.as_deref(), Some("my db"));
        assert_eq!(p.port.as_deref(), Some("54329"));
        assert!(
            PgParams::parse("host")
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            PgParams::parse("colour=red")
                .unwrap_err()
                .contains("unknown")
        );
    }

    #[test]
    fn gaps_are_filled_from_the_service_then_the_environment() {
        let dir = std::env::temp_dir().join(format!("atlas-pgsvc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("services.conf");
        std::fs::write(
            &file,
            "# comment\n[other]\nhost=nowhere\n[cq]\nhost=10.0.0.5\nport=5433\ndbname=gis\n",
        )
        .unwrap();
        let env: HashMap<&str, String> = HashMap::from([
            ("PGSERVICEFILE", file.display().to_string()),
            ("PGUSER", "analyst".to_string()),
            ("PGSYSCONFDIR", dir.display().to_string()),
        ]);
        let p = PgParams::parse("service=cq dbname=override").unwrap();
        let (address, password) = p.resolve(&env).unwrap();
        assert_eq!(address.host, "10.0.0.5");
        assert_eq!(address.port, 5433);
        assert_eq!(address.dbname, "override");
        assert_eq!(address.user, "analyst");
        assert_eq!(address.service.as_deref(), Some("cq"));
        assert_eq!(password, None);
        let missing = PgParams::parse("service=nope").unwrap().resolve(&env);
        assert!(
            missing
                .unwrap_err()
                .contains("service \"nope\" is not defined")
        );
    }

    #[test]
    fn the_password_file_matches_with_wildcards_and_escapes() {
        let address = PgAddress {
            host: "127.0.0.1".into(),
            port: 54329,
            dbname: "atlas".into(),
            user: "reader".into(),
            sslmode: SslMode::Prefer,
            service: None,
            application_name: None,
        };
        let text = "other:5432:*:*:no\n# note\n*:54329:atlas:reader:pa\\:ss\n";
        assert_eq!(pgpass_lookup(text, &address).as_deref(), Some("pa:ss"));
        assert_eq!(pgpass_lookup("*:1:*:*:x\n", &address), None);
    }

    #[test]
    fn table_refs_accept_quoted_dots_and_default_to_public() {
        let t = parse_table_ref(r#""odd ""name""; drop"#).unwrap_err();
        assert!(t.contains("unclosed"));
        let t = parse_table_ref(r#"public."odd ""name""; drop table x; --""#).unwrap();
        assert_eq!(t.table, r#"odd "name"; drop table x; --"#);
        assert_eq!(parse_table_ref("roads").unwrap().schema, "public");
        assert_eq!(
            parse_table_ref("a.b.geom").unwrap().column.as_deref(),
            Some("geom")
        );
    }
}
