//! Esri Shapefiles: shapes from the `.shp` (through its `.shx` index when there is one, by the
//! `shapefile` crate), attributes from the `.dbf` in the encoding its `.cpg`, header or content
//! gives, the coordinate system from the `.prj`. A missing `.dbf` or `.shx`, tables that
//! disagree on the record count, or a file that ends early each load what can be read and say
//! what was left.

pub(crate) mod dbf;
pub(crate) mod table_only;

use std::io::Cursor;

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, Point};
use serde_json::Map;
use shapefile::Shape;

use crate::io::crs::prj::{crs_from_wkt, resolve_crs};
use crate::io::read::feature_sink::FeatureSink;
use crate::io::read::progress::Progress;
use crate::io::read::rings::polygons_from_esri_rings;
use crate::io::read::shapefile::dbf::Table;
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};
use crate::io::text::legacy::{
    Decoder, EncodingSource, detect, encoding_for_label, encoding_for_language_driver,
};
use crate::model::LoadWarning;

pub struct ShapefileReader;

/// The `.shp` file code, 9994 big-endian.
const SHP_SIGNATURE: [u8; 4] = [0, 0, 0x27, 0x0A];

impl FormatReader for ShapefileReader {
    fn name(&self) -> &'static str {
        "Shapefile"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["shp"]
    }

    fn sniff(&self, head: &[u8]) -> Sniff {
        if head.starts_with(&SHP_SIGNATURE) && head.len() >= 100 {
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
        Ok(vec![read_shapefile(input, options, progress)?])
    }
}

fn coords<P>(points: &[P], xy: impl Fn(&P) -> (f64, f64)) -> Vec<Coord<f64>> {
    points
        .iter()
        .map(|p| {
            let (x, y) = xy(p);
            Coord { x, y }
        })
        .collect()
}

/// A shape as a `geo` geometry in the file's coordinates; `None` for a null shape.
fn geometry(shape: Shape) -> Result<Option<Geometry<f64>>, String> {
    macro_rules! lines {
        ($parts:expr) => {{
            let mut lines: Vec<LineString<f64>> = $parts
                .iter()
                .map(|part| LineString(coords(part, |p| (p.x, p.y))))
                .collect();
            if lines.len() == 1 {
                Geometry::LineString(lines.remove(0))
            } else {
                Geometry::MultiLineString(MultiLineString(lines))
            }
        }};
    }
    macro_rules! polygons {
        ($rings:expr) => {{
            let rings = $rings
                .iter()
                .map(|ring| coords(ring.points(), |p| (p.x, p.y)))
                .collect();
            let mut polygons = polygons_from_esri_rings(rings);
            if polygons.0.len() == 1 {
                Geometry::Polygon(polygons.0.remove(0))
            } else {
                Geometry::MultiPolygon(polygons)
            }
        }};
    }
    macro_rules! points {
        ($points:expr) => {
            Geometry::MultiPoint(MultiPoint(
                $points.iter().map(|p| Point::new(p.x, p.y)).collect(),
            ))
        };
    }
    Ok(Some(match shape {
        Shape::NullShape => return Ok(None),
        Shape::Point(p) => Point::new(p.x, p.y).into(),
        Shape::PointM(p) => Point::new(p.x, p.y).into(),
        Shape::PointZ(p) => Point::new(p.x, p.y).into(),
        Shape::Polyline(l) => lines!(l.parts()),
        Shape::PolylineM(l) => lines!(l.parts()),
        Shape::PolylineZ(l) => lines!(l.parts()),
        Shape::Polygon(p) => polygons!(p.rings()),
        Shape::PolygonM(p) => polygons!(p.rings()),
        Shape::PolygonZ(p) => polygons!(p.rings()),
        Shape::Multipoint(m) => points!(m.points()),
        Shape::MultipointM(m) => points!(m.points()),
        Shape::MultipointZ(m) => points!(m.points()),
        Shape::Multipatch(_) => {
            return Err("a MultiPatch (3-D surfaces) cannot be drawn on a map".into());
        }
    }))
}

/// The decoder for the `.dbf`'s text: the user's choice, the `.cpg`, the header's language
/// driver, or what the text itself looks like, in that order.
pub(super) fn dbf_decoder(
    options: &ReadOptions,
    cpg: Option<&[u8]>,
    dbf: &[u8],
    warnings: &mut Vec<LoadWarning>,
) -> Decoder {
    if let Some(encoding) = options.encoding {
        return Decoder::new(encoding, EncodingSource::Chosen);
    }
    if let Some(cpg) = cpg {
        let label = String::from_utf8_lossy(cpg);
        match encoding_for_label(&label) {
            Some(encoding) => return Decoder::new(encoding, EncodingSource::Declared("its .cpg")),
            None => warnings.push(LoadWarning::file_level(format!(
                "the .cpg names an encoding the app does not know (\"{}\"); the encoding was \
                 detected instead",
                label.trim()
            ))),
        }
    }
    if let Some(encoding) = dbf.get(29).copied().and_then(encoding_for_language_driver) {
        return Decoder::new(encoding, EncodingSource::Declared("the .dbf header"));
    }
    let mut probe = Decoder::new(encoding_rs::UTF_8, EncodingSource::Detected);
    let sample = Table::parse(dbf, &mut probe).map_or_else(|_| Vec::new(), |t| t.text_sample());
    Decoder::new(detect(&sample), EncodingSource::Detected)
}

fn shp_error(path: &std::path::Path, e: impl std::fmt::Display) -> ReadError {
    ReadError::Io(format!("{}: not a readable Shapefile: {e}", path.display()))
}

fn read_shapefile(
    input: &Input,
    options: &ReadOptions,
    progress: &Progress,
) -> Result<ReadOutcome, ReadError> {
    let prj = input.sidecar("prj")?;
    let mut file_warnings = Vec::new();
    let shapes = open_shapes(input, &mut file_warnings)?;
    let header = shapes.header();
    let bbox = [
        header.bbox.min.x,
        header.bbox.min.y,
        header.bbox.max.x,
        header.bbox.max.y,
    ];
    let declared = prj.as_ref().map(|prj| {
        crs_from_wkt(&String::from_utf8_lossy(prj))
            .map_err(|e| format!("the .prj cannot be used: {e}"))
    });
    let (source_crs, crs_warning) = resolve_crs(
        options.crs_override,
        declared,
        bbox,
        "the Shapefile (it has no .prj)",
    )?;
    file_warnings.extend(crs_warning);
    let (dbf, cpg) = (input.sidecar("dbf")?, input.sidecar("cpg")?);
    let mut table = open_table(dbf.as_deref(), cpg.as_deref(), options, &mut file_warnings);
    let mut sink = FeatureSink::new(source_crs)?;
    let paired = pair_records(shapes, table.as_mut(), &mut sink, progress)?;
    if let Some((table, _)) = &table
        && table.records() != paired
    {
        file_warnings.push(LoadWarning::file_level(format!(
            "the .shp has {paired} shapes and the .dbf {} records: records are paired in order, \
             and the unpaired ones {}",
            table.records(),
            if table.records() > paired {
                "(attributes without a shape) are left out"
            } else {
                "have no attributes"
            }
        )));
    }
    if let Some((table, decoder)) = &table {
        file_warnings.extend(decoder.warning(|| table.text_sample()));
    }
    let encoding = table.as_ref().map_or("UTF-8", |(_, d)| d.encoding.name());
    let mut outcome = sink.finish_only_layer(encoding)?;
    outcome.declared_crs = prj.map(|p| String::from_utf8_lossy(&p).trim().to_string());
    file_warnings.append(&mut outcome.warnings);
    outcome.warnings = file_warnings;
    Ok(outcome)
}

/// A buffered reader of the .shp's bytes.
type ShapeStream<'a> = std::io::BufReader<Box<dyn crate::io::read::ReadSeek + 'a>>;

/// The .shp, through its .shx index when there is a readable one (else in file order, with a
/// warning).
fn open_shapes<'a>(
    input: &'a Input,
    file_warnings: &mut Vec<LoadWarning>,
) -> Result<shapefile::ShapeReader<ShapeStream<'a>>, ReadError> {
    // The shapefile crate reads every coordinate with its own `read_exact`: through a buffer
    // of a concrete type those calls inline, through the boxed stream each was a dynamic call
    // (a tenth of a country-view render).
    let stream = || Ok::<_, ReadError>(std::io::BufReader::with_capacity(1 << 16, input.stream()?));
    let in_file_order = |warnings: &mut Vec<LoadWarning>, why: String| {
        warnings.push(LoadWarning::file_level(why));
        shapefile::ShapeReader::new(stream()?).map_err(|e| shp_error(input.path, e))
    };
    match &input.sidecar("shx")? {
        Some(shx) if let Err(why) = shx_is_sound(shx) => in_file_order(
            file_warnings,
            format!("the .shx index {why}; the shapes were read in file order, each once"),
        ),
        Some(shx) => match shapefile::ShapeReader::with_shx(stream()?, Cursor::new(&shx[..])) {
            Ok(reader) => Ok(reader),
            Err(e) => in_file_order(
                file_warnings,
                format!("the .shx index cannot be read ({e}); the shapes were read in file order"),
            ),
        },
        None => in_file_order(
            file_warnings,
            "there is no .shx index beside the .shp; the shapes were read in file order".into(),
        ),
    }
}

/// Whether a .shx index points each entry at its own record, in file order. An index whose
/// entries repeat or overlap (20,000 entries at one 3,500-point record make a 900 KB file
/// expand to 70 M vertices) or run backwards is not followed: the .shp is read in file order,
/// each record once, so memory follows the .shp's size.
fn shx_is_sound(shx: &[u8]) -> Result<(), String> {
    const HEADER: usize = 100;
    let entries = shx.get(HEADER..).unwrap_or_default().chunks_exact(8);
    let word = |b: &[u8]| i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    // In 16-bit words, as the format counts: a record's header is 4 words, then its content.
    let mut end_of_previous = 50;
    for (n, entry) in entries.enumerate() {
        let (offset, length) = (word(&entry[..4]), word(&entry[4..]));
        if offset < end_of_previous || length < 0 {
            return Err(format!(
                "points entry {} back into or over an earlier record (offset {} bytes)",
                n + 1,
                offset * 2
            ));
        }
        end_of_previous = offset + 4 + length;
    }
    Ok(())
}

/// The .dbf with the decoder of its text (declared, chosen or detected); `None`, with a
/// warning, when there is none or it cannot be read.
fn open_table<'a>(
    dbf: Option<&'a [u8]>,
    cpg: Option<&[u8]>,
    options: &ReadOptions,
    file_warnings: &mut Vec<LoadWarning>,
) -> Option<(Table<'a>, Decoder)> {
    let Some(dbf) = dbf else {
        file_warnings.push(LoadWarning::file_level(
            "there is no .dbf beside the .shp: the shapes load without attributes",
        ));
        return None;
    };
    let mut decoder = dbf_decoder(options, cpg, dbf, file_warnings);
    let table = match Table::parse(dbf, &mut decoder) {
        Ok(table) => table,
        Err(problem) => {
            file_warnings.push(LoadWarning::file_level(format!(
                "the .dbf cannot be read ({problem}): the shapes load without attributes"
            )));
            return None;
        }
    };
    if table.records() < table.declared_records() {
        file_warnings.push(LoadWarning::file_level(format!(
            "the .dbf declares {} records but holds {}: it is truncated",
            table.declared_records(),
            table.records()
        )));
    }
    Some((table, decoder))
}

/// Pairs each shape with its record, in order, into the sink; returns how many shapes were
/// read. Decoding the .shp and making features of its shapes take about the same time: a
/// thread decodes while this one converts, checks and reprojects. The channel is bounded, so
/// memory stays a few hundred shapes ahead.
fn pair_records(
    mut shapes: shapefile::ShapeReader<ShapeStream<'_>>,
    mut table: Option<&mut (Table<'_>, Decoder)>,
    sink: &mut FeatureSink,
    progress: &Progress,
) -> Result<usize, ReadError> {
    let expected = shapes.shape_count().ok();
    progress.set_total(expected.unwrap_or(0) as u64);
    sink.reserve(expected.unwrap_or(0));
    let mut notes = Vec::new();
    let mut index = 0;
    std::thread::scope(|scope| {
        let (sender, decoded) = std::sync::mpsc::sync_channel(256);
        scope.spawn(move || {
            for shape in shapes.iter_shapes() {
                let failed = shape.is_err();
                if sender.send(shape).is_err() || failed {
                    break;
                }
            }
        });
        for shape in decoded {
            if index % 1024 == 0 && progress.is_cancelled() {
                // Dropping the receiver stops the decoding thread at its next shape.
                return Err(ReadError::Cancelled);
            }
            progress.add(1);
            let shape = match shape {
                Ok(shape) => shape,
                Err(e) => {
                    sink.warn(
                        Some(index),
                        None,
                        format!(
                            "the .shp cannot be read from this record on ({e}): it is damaged \
                             or truncated"
                        ),
                    );
                    break;
                }
            };
            let properties = match table.as_deref_mut() {
                Some((table, decoder)) if index < table.records() => {
                    match table.record(index, decoder, &mut notes) {
                        Some(properties) => properties,
                        None => {
                            // Deleted in the table: GDAL skips such records too.
                            index += 1;
                            continue;
                        }
                    }
                }
                _ => Map::new(),
            };
            for note in notes.drain(..) {
                sink.warn(Some(index), None, note);
            }
            sink.push(index, None, geometry(shape), properties);
            index += 1;
        }
        Ok(())
    })?;
    Ok(index)
}
