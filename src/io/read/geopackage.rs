//! OGC GeoPackage: an SQLite database, opened read-only. Every feature table listed in
//! `gpkg_contents` becomes a layer (or those the user picked), each in the system its
//! `gpkg_spatial_ref_sys` entry gives; geometries are GeoPackage binary (a small header, then
//! WKB), decoded by geozero.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde_json::{Map, Number, Value};

use crate::io::crs::Crs;
use crate::io::crs::prj::{crs_from_wkt, resolve_crs};
use crate::io::read::feature_sink::FeatureSink;
use crate::io::read::progress::Progress;
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};
use crate::io::sql::quote_identifier;

pub struct GeoPackageReader;

const SQLITE_SIGNATURE: &[u8] = b"SQLite format 3\0";

impl FormatReader for GeoPackageReader {
    fn name(&self) -> &'static str {
        "GeoPackage"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["gpkg"]
    }

    fn sniff(&self, head: &[u8]) -> Sniff {
        if !head.starts_with(SQLITE_SIGNATURE) {
            return Sniff::No;
        }
        // The application id at offset 68: "GPKG" (1.2+) or "GP10"/"GP11" (1.0, 1.1).
        match head.get(68..72) {
            Some(b"GPKG" | b"GP10" | b"GP11") => Sniff::Yes,
            _ => Sniff::Maybe,
        }
    }

    fn layer_names(&self, input: &Input) -> Option<Result<Vec<String>, ReadError>> {
        Some(with_database(input, |connection| {
            Ok(feature_tables(connection)?
                .into_iter()
                .map(|t| t.name)
                .collect())
        }))
    }

    fn read(
        &self,
        input: &Input,
        options: &ReadOptions,
        progress: &Progress,
    ) -> Result<Vec<ReadOutcome>, ReadError> {
        with_database(input, |connection| {
            watched(connection, progress, || {
                read_layers(connection, options, progress)
            })
        })
    }
}

fn not_geopackage(input: &Input, why: impl std::fmt::Display) -> ReadError {
    ReadError::Io(format!(
        "{}: not a readable GeoPackage: {why}",
        input.path.display()
    ))
}

/// Opens the database read-only; content in memory (from a zip) goes through a temporary file,
/// since SQLite reads files.
fn with_database<T>(
    input: &Input,
    read: impl FnOnce(&Connection) -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut temporary = None;
    let path = if input.is_on_disk() {
        input.path.to_path_buf()
    } else {
        let path = std::env::temp_dir().join(format!(
            "{UNPACKED_PREFIX}{}-{}.gpkg",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        std::fs::write(&path, input.bytes()?)
            .map_err(|e| ReadError::Io(format!("cannot unpack {}: {e}", input.path.display())))?;
        temporary = Some(path.clone());
        path
    };
    let result = Connection::open_with_flags(&path, flags)
        .map_err(|e| not_geopackage(input, e))
        .and_then(|connection| {
            // A file that is not SQLite fails here, at its first read.
            connection
                .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
                .map_err(|e| not_geopackage(input, e))?;
            read(&connection).map_err(|e| match e {
                ReadError::Io(message) if message.starts_with("sql:") => {
                    not_geopackage(input, &message[4..])
                }
                other => other,
            })
        });
    if let Some(path) = temporary {
        let _ = std::fs::remove_file(path);
    }
    result
}

/// The prefix of the temporary copies of zipped GeoPackages (`<prefix><pid>-<ns>.gpkg`).
const UNPACKED_PREFIX: &str = "chongqing-atlas-";

/// Removes the temporary copies of zipped GeoPackages that a process killed while reading
/// left behind (their process is gone). Returns how many went. Called once at start, off the
/// UI thread.
pub fn remove_stale_unpacked(folder: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = (name.to_str())
            .and_then(|n| n.strip_prefix(UNPACKED_PREFIX))
            .and_then(|n| n.strip_suffix(".gpkg"))
        else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let alive = std::path::Path::new(&format!("/proc/{pid}")).exists();
        if !alive && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// How long a query may run without a single row read before it is stopped: a view that
/// recurses forever would otherwise hold a core and the load for good.
const STALL: std::time::Duration = std::time::Duration::from_secs(30);

/// The longest text or blob a value may have (SQLite's own limit is 1 GB): a view that
/// builds 400 MB strings is refused, not copied into memory row after row.
const MAX_VALUE_BYTES: i32 = 256 << 20;

/// Runs `read` while a watcher interrupts SQLite when the user cancels (within 50 ms, even
/// inside one endless statement) or when no row has been read for [`STALL`].
fn watched<T>(
    connection: &Connection,
    progress: &Progress,
    read: impl FnOnce() -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let _ = connection.set_limit(
        rusqlite::limits::Limit::SQLITE_LIMIT_LENGTH,
        MAX_VALUE_BYTES,
    );
    let interrupt = connection.get_interrupt_handle();
    let finished = AtomicBool::new(false);
    let stalled = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut last = (progress.done(), std::time::Instant::now());
            while !finished.load(Ordering::Relaxed) {
                if progress.is_cancelled() {
                    interrupt.interrupt();
                    return;
                }
                let now = progress.done();
                if now != last.0 {
                    last = (now, std::time::Instant::now());
                } else if last.1.elapsed() > STALL {
                    stalled.store(true, Ordering::Relaxed);
                    interrupt.interrupt();
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        });
        let result = read();
        finished.store(true, Ordering::Relaxed);
        result
    });
    match result {
        Err(_) if progress.is_cancelled() => Err(ReadError::Cancelled),
        Err(_) if stalled.load(Ordering::Relaxed) => Err(ReadError::Io(format!(
            "a query read no row for {} s and was stopped (a view that never ends?)",
            STALL.as_secs()
        ))),
        other => other,
    }
}

fn sql(e: rusqlite::Error) -> ReadError {
    ReadError::Io(format!("sql:{e}"))
}

/// A feature table (its name, geometry column and system id), or an attribute table (no
/// geometry column), which GDAL and QGIS open as a layer of rows too.
struct FeatureTable {
    name: String,
    geometry_column: Option<String>,
    srs_id: i64,
}

fn feature_tables(connection: &Connection) -> Result<Vec<FeatureTable>, ReadError> {
    let mut statement = connection
        .prepare(
            "SELECT DISTINCT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c \
             JOIN gpkg_geometry_columns g ON g.table_name = c.table_name \
             WHERE c.data_type = 'features' \
             UNION SELECT DISTINCT table_name, NULL, 0 FROM gpkg_contents \
             WHERE data_type = 'attributes' ORDER BY 1",
        )
        .map_err(|e| {
            ReadError::Io(format!(
                "sql:it has no GeoPackage tables (gpkg_contents, gpkg_geometry_columns): {e}"
            ))
        })?;
    let rows = statement
        .query_map([], |row| {
            Ok(FeatureTable {
                name: row.get(0)?,
                geometry_column: row.get(1)?,
                srs_id: row.get(2)?,
            })
        })
        .map_err(sql)?;
    rows.collect::<Result<_, _>>().map_err(sql)
}

/// The system of `srs_id`: its EPSG code when the organisation is EPSG, else its WKT; `None`
/// for the "undefined" systems 0 and -1.
fn declared_crs(connection: &Connection, srs_id: i64) -> Option<Result<Crs, String>> {
    if srs_id <= 0 {
        return None;
    }
    let row = connection.query_row(
        "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys \
         WHERE srs_id = ?1",
        [srs_id],
        |row| {
            Ok((
                row.get::<_, Option<String>>(0)?,
                row.get::<_, Option<i64>>(1)?,
                row.get::<_, Option<String>>(2)?,
            ))
        },
    );
    Some(match row {
        Err(e) => Err(format!(
            "its system {srs_id} is not in gpkg_spatial_ref_sys ({e})"
        )),
        Ok((Some(org), Some(code), _)) if org.eq_ignore_ascii_case("EPSG") && code == 4326 => {
            Ok(Crs::Wgs84)
        }
        Ok((Some(org), Some(code), definition)) if org.eq_ignore_ascii_case("EPSG") => {
            let crs = Crs::Epsg(code as u32);
            match crate::io::crs::Reprojection::new(crs) {
                Ok(_) => Ok(crs),
                Err(e) => definition.map_or(Err(e), |wkt| crs_from_wkt(&wkt)),
            }
        }
        Ok((_, _, Some(definition))) => crs_from_wkt(&definition),
        Ok(_) => Err(format!("its system {srs_id} has no definition")),
    })
}

fn json(value: ValueRef) -> Value {
    match value {
        ValueRef::Null | ValueRef::Blob(_) => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
    }
}

/// The extent of a table's geometries as stored (in its own system), for deciding a system
/// when none is declared.
fn stored_extent(connection: &Connection, table: &str) -> [f64; 4] {
    connection
        .query_row(
            "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?1",
            [table],
            |row| Ok([row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?]),
        )
        .unwrap_or([f64::NAN; 4])
}

fn read_layers(
    connection: &Connection,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<Vec<ReadOutcome>, ReadError> {
    let tables = feature_tables(connection)?;
    if tables.is_empty() {
        return Err(ReadError::Io(
            "sql:it lists no feature table in gpkg_contents".into(),
        ));
    }
    let picked: Vec<&FeatureTable> = match &options.layers {
        None => tables.iter().collect(),
        Some(names) => tables.iter().filter(|t| names.contains(&t.name)).collect(),
    };
    let mut total = 0u64;
    for table in &picked {
        let count: i64 = connection
            .query_row(
                &format!("SELECT count(*) FROM {}", quote_identifier(&table.name)),
                [],
                |r| r.get(0),
            )
            .map_err(sql)?;
        total += count as u64;
    }
    progress.set_total(total);
    let mut layers = Vec::new();
    for table in picked {
        layers.push(read_table(connection, table, options, progress)?);
    }
    Ok(layers)
}

/// One feature table as a layer, in the coordinate system its `srs_id` names.
fn read_table(
    connection: &Connection,
    table: &FeatureTable,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<ReadOutcome, ReadError> {
    let declared = declared_crs(connection, table.srs_id);
    let extent = stored_extent(connection, &table.name);
    let (source_crs, crs_warning) = resolve_crs(
        options.crs_override,
        declared,
        extent,
        &format!("layer \"{}\"", table.name),
    )?;
    let mut sink = FeatureSink::new(source_crs)?;
    if let Some(warning) = crs_warning {
        sink.warn(None, None, warning.message);
    }
    let mut statement = connection
        .prepare(&format!("SELECT * FROM {}", quote_identifier(&table.name)))
        .map_err(sql)?;
    let (columns, key_index) = table_columns(connection, &table.name)?;
    if columns.len() != statement.column_count() {
        return Err(ReadError::Io(format!(
            "sql:layer \"{}\": its {} columns cannot be listed",
            table.name,
            statement.column_count()
        )));
    }
    if columns
        .iter()
        .any(|c| c.contains(char::REPLACEMENT_CHARACTER))
    {
        sink.warn(
            None,
            None,
            format!(
                "layer \"{}\": a column name is not UTF-8; shown with � in its place",
                table.name
            ),
        );
    }
    let geometry_index = (table.geometry_column.as_ref())
        .and_then(|column| columns.iter().position(|c| c == column));
    let layout = RowLayout {
        columns: &columns,
        key_index,
        geometry_index,
    };
    let sink = read_rows(&mut statement, &layout, sink, progress)?;
    let mut layer = sink.finish("UTF-8");
    layer.layer_name = Some(table.name.clone());
    layer.declared_crs = Some(format!("srs_id {}", table.srs_id));
    Ok(layer)
}

/// Which column of a row is what.
struct RowLayout<'a> {
    columns: &'a [String],
    key_index: Option<usize>,
    geometry_index: Option<usize>,
}

/// Every row of the statement into the sink. SQLite hands out rows on this thread while
/// another decodes their geometry and checks it: each is about half of reading a big table.
/// The channel is bounded, so memory stays a few hundred rows ahead.
fn read_rows(
    statement: &mut rusqlite::Statement,
    layout: &RowLayout,
    mut sink: FeatureSink,
    progress: &Progress,
) -> Result<FeatureSink, ReadError> {
    let mut rows = statement.query([]).map_err(sql)?;
    std::thread::scope(|scope| -> Result<FeatureSink, ReadError> {
        let (sender, received) = std::sync::mpsc::sync_channel::<Row>(256);
        let decoder = scope.spawn(move || {
            for (index, blob, properties) in received {
                let geometry = match blob {
                    Blob::Geometry(blob) => gpkg_geometry(&blob),
                    Blob::Null => Ok(None),
                    Blob::Wrong(problem) => Err(problem),
                };
                sink.push(index, None, geometry, properties);
            }
            sink
        });
        let mut index = 0;
        while let Some(row) = rows.next().map_err(sql)? {
            if index % 1024 == 0 && progress.is_cancelled() {
                return Err(ReadError::Cancelled);
            }
            progress.add(1);
            let (blob, properties) = split_row(row, layout)?;
            if sender.send((index, blob, properties)).is_err() {
                break;
            }
            index += 1;
        }
        drop(sender);
        decoder
            .join()
            .map_err(|_| ReadError::Io("the geometry decoder failed".into()))
    })
}

/// A row's geometry blob and its other columns as properties (the key column left out).
fn split_row(
    row: &rusqlite::Row,
    layout: &RowLayout,
) -> Result<(Blob, Map<String, Value>), ReadError> {
    let mut properties = Map::with_capacity(layout.columns.len());
    let mut blob = Blob::Null;
    for (i, column) in layout.columns.iter().enumerate() {
        let value = row.get_ref(i).map_err(sql)?;
        if Some(i) == layout.key_index {
            continue;
        }
        if Some(i) == layout.geometry_index {
            blob = match value {
                ValueRef::Blob(bytes) => Blob::Geometry(bytes.to_vec()),
                ValueRef::Null => Blob::Null,
                _ => Blob::Wrong(format!("column \"{column}\" holds no geometry blob")),
            };
        } else {
            properties.insert(column.clone(), json(value));
        }
    }
    Ok((blob, properties))
}

/// The columns `SELECT *` returns, in order, and which of them is the integer primary key:
/// the feature id, not an attribute (as GDAL reads it). Names are read as bytes because a
/// damaged file may hold names that are not UTF-8, on which rusqlite's own listing panics.
fn table_columns(
    connection: &Connection,
    table: &str,
) -> Result<(Vec<String>, Option<usize>), ReadError> {
    let sql = |e: rusqlite::Error| ReadError::Io(format!("sql:layer \"{table}\": {e}"));
    // `table_xinfo` lists generated columns too (as `SELECT *` returns them); hidden 1 marks a
    // virtual table's hidden column, which `SELECT *` leaves out.
    let mut statement = connection
        .prepare(&format!("PRAGMA table_xinfo({})", quote_identifier(table)))
        .map_err(sql)?;
    let mut rows = statement.query([]).map_err(sql)?;
    let mut names = Vec::new();
    let mut key = None;
    while let Some(row) = rows.next().map_err(sql)? {
        if row.get::<_, i64>(6).unwrap_or(0) == 1 {
            continue;
        }
        let name = match row.get_ref(1).map_err(sql)? {
            ValueRef::Text(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            other => json(other).to_string(),
        };
        let kind = match row.get_ref(2).map_err(sql)? {
            ValueRef::Text(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            _ => String::new(),
        };
        if row.get::<_, i64>(5).unwrap_or(0) == 1 && kind.eq_ignore_ascii_case("INTEGER") {
            key = Some(names.len());
        }
        names.push(name);
    }
    Ok((names, key))
}

/// A row's geometry column as read, for the decoding thread.
enum Blob {
    Geometry(Vec<u8>),
    Null,
    Wrong(String),
}

/// A row's index, geometry and attributes.
type Row = (usize, Blob, Map<String, Value>);

/// A GeoPackage geometry blob as `geo`; `None` for an empty geometry.
fn gpkg_geometry(blob: &[u8]) -> Result<Option<geo::Geometry<f64>>, String> {
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err("the geometry is not GeoPackage binary (no \"GP\" header)".into());
    }
    // Flags bit 4: the empty-geometry flag.
    if blob[3] & 0b1_0000 != 0 {
        return Ok(None);
    }
    crate::io::read::wkb_geometry::gpkg_wkb(blob)
        .and_then(crate::io::read::wkb_geometry::wkb_to_geo)
        .map_err(|e| format!("the geometry cannot be decoded: {e}"))
}
