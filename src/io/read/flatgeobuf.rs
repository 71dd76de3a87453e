//! FlatGeobuf, read by the `flatgeobuf` crate: the header, index and feature records from the
//! crate; coordinates and typed properties decoded here with every length checked; the system
//! from the header's CRS (its EPSG code, else its WKT).

use flatgeobuf::ColumnType;
use flatgeobuf::{FallibleStreamingIterator as _, FgbReader};
use serde_json::{Map, Number, Value};

use crate::io::crs::Crs;
use crate::io::crs::prj::{crs_from_wkt, resolve_crs};
use crate::io::read::feature_sink::FeatureSink;
use crate::io::read::progress::Progress;
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};

pub struct FlatGeobufReader;

impl FormatReader for FlatGeobufReader {
    fn name(&self) -> &'static str {
        "FlatGeobuf"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["fgb"]
    }

    fn sniff(&self, head: &[u8]) -> Sniff {
        // "fgb", a major version byte, "fgb", a patch byte.
        if head.len() >= 8 && &head[..3] == b"fgb" && &head[4..7] == b"fgb" {
            Sniff::Yes
        } else {
            Sniff::No
        }
    }

    fn read(
        &self,
        input: &Input,
        options: &ReadOptions,
        progress: &Progress,
    ) -> Result<Vec<ReadOutcome>, ReadError> {
        let fail = |e: &dyn std::fmt::Display| {
            ReadError::Io(format!(
                "{}: not a readable FlatGeobuf: {e}",
                input.path.display()
            ))
        };
        let intact = intact_features(&mut *input.stream()?).map_err(|e| fail(&e))?;
        let reader = FgbReader::open(input.stream()?).map_err(|e| fail(&e))?;
        let header = reader.header();
        let declared = declared_crs(header);
        let extent = declared_extent(header);
        let geometry_kind = header.geometry_type();
        let (declared_node_size, declared_count) =
            (header.index_node_size(), header.features_count());
        let layer_name = header.name().filter(|n| !n.is_empty()).map(str::to_string);
        let columns = property_columns(header);
        // A feature leaves its null properties out: every column is listed, null by default.
        let empty: Map<String, Value> = columns
            .iter()
            .map(|(name, _)| (name.clone(), Value::Null))
            .collect();
        let (source_crs, crs_warning) = resolve_crs(
            options.crs_override,
            declared,
            extent,
            "the FlatGeobuf file",
        )?;
        let mut sink = FeatureSink::new(source_crs)?;
        if let Some(warning) = crs_warning {
            sink.warn(None, None, warning.message);
        }
        // The index answers a box in the file's own coordinates, and is trusted only in a
        // file whose every feature lies whole inside it (checked above); `select_bbox` also
        // assumes the default node size.
        let through_index = options.within.filter(|_| {
            source_crs == Crs::Wgs84
                && declared_node_size == flatgeobuf::packed_r_tree::PackedRTree::DEFAULT_NODE_SIZE
                && declared_count > 0
                && intact as u64 >= declared_count
        });
        let mut features = match through_index {
            Some([w, s, e, n]) => reader.select_bbox(w, s, e, n),
            None => reader.select_all(),
        }
        .map_err(|e| fail(&e))?;
        // Features come by offset from the index: none is cut (checked), none to stop at.
        let intact = if through_index.is_some() {
            usize::MAX
        } else {
            intact
        };
        let count = features.features_count().unwrap_or(0);
        progress.set_total(count as u64);
        sink.reserve(count);
        let mut index = 0;
        loop {
            if index % 1024 == 0 && progress.is_cancelled() {
                return Err(ReadError::Cancelled);
            }
            if index == intact {
                if index < count {
                    warn_cut(&mut sink, index, count);
                }
                break;
            }
            let feature = match features.next() {
                Ok(Some(feature)) => feature,
                Ok(None) => break,
                Err(e) => {
                    sink.warn(
                        Some(index),
                        None,
                        format!("the file cannot be read from this feature on ({e}): it is damaged or truncated"),
                    );
                    break;
                }
            };
            progress.add(1);
            let mut properties = empty.clone();
            match read_properties(feature, &columns, &mut properties) {
                Ok(_) => sink.push(
                    index,
                    None,
                    decode_geometry(feature, geometry_kind),
                    properties,
                ),
                // A record whose attributes are damaged is no row to keep.
                Err(e) => sink.skip(index, None, format!("its properties cannot be read: {e}")),
            }
            index += 1;
        }
        let mut layer = sink.finish_only_layer("UTF-8")?;
        layer.layer_name = layer_name;
        Ok(vec![layer])
    }
}

/// The coordinate system the header declares: an EPSG code, or WKT.
fn declared_crs(header: flatgeobuf::Header) -> Option<Result<Crs, String>> {
    let crs = header.crs()?;
    let org = crs.org().unwrap_or("EPSG");
    match (crs.code(), crs.wkt()) {
        (4326, _) if org.eq_ignore_ascii_case("EPSG") => Some(Ok(Crs::Wgs84)),
        (code, _) if code > 0 && org.eq_ignore_ascii_case("EPSG") => {
            Some(Ok(Crs::Epsg(code as u32)))
        }
        (_, Some(wkt)) => Some(crs_from_wkt(wkt)),
        _ => None,
    }
}

/// The header's box of all features (NaN when it has none).
fn declared_extent(header: flatgeobuf::Header) -> [f64; 4] {
    header.envelope().map_or([f64::NAN; 4], |e| {
        let e: Vec<f64> = e.iter().collect();
        if e.len() >= 4 {
            [e[0], e[1], e[2], e[3]]
        } else {
            [f64::NAN; 4]
        }
    })
}

/// Every column the header lists, with its type.
fn property_columns(header: flatgeobuf::Header) -> Vec<(String, ColumnType)> {
    header
        .columns()
        .map(|columns| {
            columns
                .iter()
                .map(|c| (c.name().to_string(), c.type_()))
                .collect()
        })
        .unwrap_or_default()
}

/// Says where a file that declares `count` features is cut or damaged.
fn warn_cut(sink: &mut FeatureSink, index: usize, count: usize) {
    let loaded = sink.loaded();
    let skipped = index - loaded;
    let skipped = if skipped > 0 {
        format!(", {skipped} skipped")
    } else {
        String::new()
    };
    sink.warn(
        Some(index),
        None,
        format!(
            "the file declares {count} features but is cut or damaged from this one on: \
             {loaded} loaded before it{skipped}"
        ),
    );
}

/// A feature's geometry as `geo` types, read straight from the file's coordinate arrays
/// (geozero's per-coordinate callbacks, then a flatbuffer lookup per coordinate, were most of
/// reading a big file). Kinds other than points, lines and polygons go through geozero.
fn decode_geometry(
    feature: &flatgeobuf::FgbFeature,
    kind: flatgeobuf::GeometryType,
) -> Result<Option<geo::Geometry<f64>>, String> {
    let cannot = |e: &dyn std::fmt::Display| format!("its geometry cannot be decoded: {e}");
    let Some(geometry) = feature.geometry() else {
        return Ok(None);
    };
    // Everything is decoded here, with every index checked: geozero's general decoder, used
    // before, panicked inside flatbuffers on a damaged TIN (a fuzzer's find).
    match direct_geometry(&geometry, kind) {
        Some(decoded) => decoded.map(Some).map_err(|e| cannot(&e)),
        None => Err(cannot(&format!(
            "its geometry type ({:?}) is not one the app reads, or its parts are missing",
            if kind == flatgeobuf::GeometryType::Unknown {
                geometry.type_()
            } else {
                kind
            }
        ))),
    }
}

/// `None` for a kind this does not read; an error when the arrays disagree.
fn direct_geometry(
    geometry: &flatgeobuf::Geometry<'_>,
    kind: flatgeobuf::GeometryType,
) -> Option<Result<geo::Geometry<f64>, String>> {
    use flatgeobuf::GeometryType as Kind;
    use geo::{Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point};
    let kind = if kind == Kind::Unknown {
        geometry.type_()
    } else {
        kind
    };
    let coords: Vec<geo::Coord<f64>> = geometry.xy().map_or_else(Vec::new, |xy| {
        (xy.bytes().chunks_exact(16))
            .map(|c| geo::Coord {
                x: f64::from_le_bytes(c[..8].try_into().expect("8 bytes")),
                y: f64::from_le_bytes(c[8..].try_into().expect("8 bytes")),
            })
            .collect()
    });
    // The coordinates split at `ends` (each an end index), or whole without them.
    // Split from the back so each part takes its tail off the one vector without a copy.
    let split = |mut coords: Vec<geo::Coord<f64>>| -> Result<Vec<LineString<f64>>, String> {
        let Some(ends) = geometry.ends() else {
            return Ok(vec![LineString(coords)]);
        };
        let total = coords.len();
        let mut previous = 0;
        for end in ends.iter() {
            let end = end as usize;
            if end < previous || end > total {
                return Err(format!("a part ends at {end} of {total} coordinates"));
            }
            previous = end;
        }
        coords.truncate(previous);
        // Each part starts where the one before it ends.
        let starts: Vec<usize> = std::iter::once(0)
            .chain(ends.iter().map(|e| e as usize))
            .take(ends.len())
            .collect();
        let mut parts: Vec<LineString<f64>> = (starts.iter().rev())
            .map(|&start| LineString(coords.split_off(start)))
            .collect();
        parts.reverse();
        Ok(parts)
    };
    let polygon = |rings: Vec<LineString<f64>>| {
        let mut rings = rings.into_iter();
        let exterior = rings.next().unwrap_or_else(|| LineString(Vec::new()));
        geo::Polygon::new(exterior, rings.collect())
    };
    Some(match kind {
        Kind::Point => match coords.first() {
            Some(&c) => Ok(Geometry::Point(Point(c))),
            None => Err("a point without coordinates".into()),
        },
        Kind::MultiPoint => Ok(Geometry::MultiPoint(MultiPoint(
            coords.into_iter().map(Point).collect(),
        ))),
        Kind::LineString => Ok(Geometry::LineString(LineString(coords))),
        Kind::MultiLineString => {
            split(coords).map(|l| Geometry::MultiLineString(MultiLineString(l)))
        }
        // A triangle is a polygon; a TIN or polyhedral surface, polygons (as GDAL draws them).
        Kind::Polygon | Kind::Triangle => {
            split(coords).map(|rings| Geometry::Polygon(polygon(rings)))
        }
        // GDAL writes a TIN's triangles as the rings of one coordinate array: each ring a face.
        Kind::TIN | Kind::PolyhedralSurface if geometry.parts().is_none() => {
            split(coords).map(|rings| {
                Geometry::MultiPolygon(MultiPolygon(
                    rings
                        .into_iter()
                        .map(|ring| geo::Polygon::new(ring, Vec::new()))
                        .collect(),
                ))
            })
        }
        Kind::GeometryCollection => {
            let parts = geometry.parts()?;
            let mut members = Vec::with_capacity(parts.len());
            for part in parts.iter() {
                // One level only: a collection inside a collection is refused, not recursed.
                if part.type_() == Kind::GeometryCollection {
                    return Some(Err("a geometry collection inside another".into()));
                }
                match direct_geometry(&part, part.type_())? {
                    Ok(member) => members.push(member),
                    Err(e) => return Some(Err(e)),
                }
            }
            Ok(Geometry::GeometryCollection(geo::GeometryCollection(
                members,
            )))
        }
        Kind::MultiPolygon | Kind::TIN | Kind::PolyhedralSurface => {
            let parts = geometry.parts()?;
            let mut polygons = Vec::with_capacity(parts.len());
            for part in parts.iter() {
                match direct_geometry(&part, Kind::Polygon)? {
                    Ok(Geometry::Polygon(p)) => polygons.push(p),
                    Ok(_) => return Some(Err("a part that is not a polygon".into())),
                    Err(e) => return Some(Err(e)),
                }
            }
            Ok(Geometry::MultiPolygon(MultiPolygon(polygons)))
        }
        _ => return None,
    })
}

/// How many features, from the first, lie whole inside the file: each declares its size, and a
/// damaged file can declare gigabytes, which the reader would allocate before finding the file
/// shorter. Sizes are checked against the file here first, so a 100 KB file never costs more
/// than its own size in memory.
fn intact_features(stream: &mut dyn crate::io::read::ReadSeek) -> Result<usize, String> {
    use std::io::SeekFrom;
    let length = stream.seek(SeekFrom::End(0)).map_err(|e| e.to_string())?;
    let mut word = [0u8; 4];
    let mut read_u32 = |stream: &mut dyn crate::io::read::ReadSeek, at: u64| -> Option<u64> {
        stream.seek(SeekFrom::Start(at)).ok()?;
        stream.read_exact(&mut word).ok()?;
        Some(u64::from(u32::from_le_bytes(word)))
    };
    let header_size = read_u32(stream, 8).ok_or("the header is cut short")?;
    let features_start = 12 + header_size;
    if features_start > length {
        return Err(format!(
            "the header declares {header_size} bytes; the file is shorter"
        ));
    }
    stream.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    let mut head = vec![0u8; features_start as usize];
    stream.read_exact(&mut head).map_err(|e| e.to_string())?;
    let header = flatgeobuf::size_prefixed_root_as_header(&head[8..])
        .map_err(|e| format!("the header cannot be read: {e}"))?;
    let count = header.features_count();
    if count > length / 4 {
        return Err(format!(
            "it declares {count} features, more than {length} bytes can hold"
        ));
    }
    let node_size = header.index_node_size();
    let index_size = if node_size >= 2 && count > 0 {
        flatgeobuf::packed_r_tree::PackedRTree::index_size(count as usize, node_size) as u64
    } else {
        0
    };
    let mut offset = features_start + index_size;
    let mut intact = 0;
    while intact < count as usize || count == 0 {
        let Some(size) = read_u32(stream, offset) else {
            break;
        };
        offset += 4 + size;
        if offset > length {
            break;
        }
        intact += 1;
    }
    stream.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    Ok(intact)
}

/// A feature's properties into `into`, each length checked against the bytes: the
/// flatgeobuf crate's own reader slices without checking, and a damaged length panicked.
fn read_properties(
    feature: &flatgeobuf::FgbFeature,
    columns: &[(String, ColumnType)],
    into: &mut Map<String, Value>,
) -> Result<(), String> {
    let Some(properties) = feature.fbs_feature().properties() else {
        return Ok(());
    };
    let bytes = properties.bytes();
    let mut at = 0;
    // Like GDAL and the crate, a stray byte after the last value is tolerated.
    while at + 1 < bytes.len() {
        let column = usize::from(u16::from_le_bytes(take(bytes, &mut at)?));
        let Some((name, kind)) = columns.get(column) else {
            return Err(format!(
                "a value for column {column}, of {} columns",
                columns.len()
            ));
        };
        let number = |n: f64| Number::from_f64(n).map_or(Value::Null, Value::Number);
        let value = match *kind {
            ColumnType::Byte => Value::from(i8::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::UByte => Value::from(u8::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::Bool => Value::Bool(u8::from_le_bytes(take(bytes, &mut at)?) != 0),
            ColumnType::Short => Value::from(i16::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::UShort => Value::from(u16::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::Int => Value::from(i32::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::UInt => Value::from(u32::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::Long => Value::from(i64::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::ULong => Value::from(u64::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::Float => number(f64::from(f32::from_le_bytes(take(bytes, &mut at)?))),
            ColumnType::Double => number(f64::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::String | ColumnType::DateTime => {
                Value::String(String::from_utf8_lossy(take_sized(bytes, &mut at)?).into_owned())
            }
            ColumnType::Json => {
                let text = String::from_utf8_lossy(take_sized(bytes, &mut at)?);
                serde_json::from_str(&text).unwrap_or_else(|_| Value::String(text.into_owned()))
            }
            ColumnType::Binary => {
                take_sized(bytes, &mut at)?;
                Value::Null
            }
            other => {
                return Err(format!(
                    "column \"{name}\" has an unknown type ({})",
                    other.0
                ));
            }
        };
        into.insert(name.clone(), value);
    }
    Ok(())
}

/// The next `N` bytes at `at`, moving past them.
fn take<const N: usize>(bytes: &[u8], at: &mut usize) -> Result<[u8; N], String> {
    Ok(take_slice(bytes, at, N)?.try_into().expect("N bytes"))
}

/// A value prefixed by its length (a little-endian u32), moving past it.
fn take_sized<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a [u8], String> {
    let length = u32::from_le_bytes(take(bytes, at)?) as usize;
    take_slice(bytes, at, length)
}

/// The next `length` bytes at `at`, moving past them, or why they are not there.
fn take_slice<'a>(bytes: &'a [u8], at: &mut usize, length: usize) -> Result<&'a [u8], String> {
    let value = bytes.get(*at..at.saturating_add(length)).ok_or_else(|| {
        format!(
            "a value runs past the end of the feature's {} bytes of properties",
            bytes.len()
        )
    })?;
    *at += length;
    Ok(value)
}
