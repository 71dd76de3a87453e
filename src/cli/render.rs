//! `render --out map.png`: the map drawn headless with the CPU rasteriser, with the same
//! layers and marks as the window.

use std::path::PathBuf;

use crate::geometry::projection::FIT_MAX_ZOOM;
use crate::geometry::{ViewTransform, union_rects};
use crate::io::embedded::{Vintage, default_layers, district_layer};
use crate::io::{Progress, ReadOptions, read_file};
use crate::load::user_layer;
use crate::model::CHONGQING_BBOX;
use crate::model::{Layer, LayerKind, LayerSource, Style, palette_color};
use crate::render::PreparedLayer;
use crate::render::raster::render_view;

#[derive(Debug, Clone, PartialEq)]
pub struct RenderArgs {
    pub out: PathBuf,
    /// West, south, east, north; `None` fits Chongqing (or the files given).
    pub bbox: Option<[f64; 4]>,
    pub size: (u32, u32),
    pub vintage: Vintage,
    pub files: Vec<PathBuf>,
    /// Draw the thematic layers from the seeds over the districts, as the window does.
    pub thematic: bool,
    /// Draw this project (`.atlas`): its layers, looks, filters and view.
    pub project: Option<PathBuf>,
}

impl RenderArgs {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut out = None;
        let mut bbox = None;
        let mut size = (1280, 960);
        let mut vintage = Vintage::Current;
        let mut files = Vec::new();
        let mut thematic = true;
        let mut project = None;
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |flag: &str| {
                iter.next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match arg.as_str() {
                "--out" | "-o" => out = Some(PathBuf::from(value("--out")?)),
                "--bbox" => {
                    let v = value("--bbox")?;
                    let parts: Vec<f64> = v
                        .split(',')
                        .map(|p| p.trim().parse::<f64>())
                        .collect::<Result<_, _>>()
                        .map_err(|_| format!("--bbox {v}: expected four numbers W,S,E,N"))?;
                    let [w, s, e, n] = parts[..] else {
                        return Err(format!("--bbox {v}: expected four numbers W,S,E,N"));
                    };
                    if !(w < e
                        && s < n
                        && (-180.0..=180.0).contains(&w)
                        && (-180.0..=180.0).contains(&e)
                        && (-85.0..=85.0).contains(&s)
                        && (-85.0..=85.0).contains(&n))
                    {
                        return Err(format!(
                            "--bbox {v}: need west < east and south < north within lon ±180, lat ±85"
                        ));
                    }
                    bbox = Some([w, s, e, n]);
                }
                "--size" => {
                    let v = value("--size")?;
                    let (w, h) = v
                        .split_once(['x', 'X'])
                        .ok_or_else(|| format!("--size {v}: expected WxH, e.g. 1920x1080"))?;
                    let parse =
                        |s: &str| s.parse::<u32>().ok().filter(|n| (16..=16384).contains(n));
                    size = parse(w)
                        .zip(parse(h))
                        .ok_or_else(|| format!("--size {v}: width and height must be 16..16384"))?;
                }
                "--vintage" => {
                    vintage = match value("--vintage")?.as_str() {
                        "current" | "2025" => Vintage::Current,
                        "2024" => Vintage::Before2025Reform,
                        other => {
                            return Err(format!("--vintage {other}: expected current or 2024"));
                        }
                    }
                }
                "--no-thematic" => thematic = false,
                "--project" => project = Some(PathBuf::from(value("--project")?)),
                flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
                file => files.push(PathBuf::from(file)),
            }
        }
        let out = out.ok_or("render needs --out FILE.png")?;
        Ok(Self {
            out,
            bbox,
            size,
            vintage,
            files,
            thematic,
            project,
        })
    }
}

/// A database table asked for on the command line: its address, connection and schema.
pub(super) type DatabaseSource = (
    String,
    crate::io::postgis::PgClient,
    crate::io::postgis::PgLayerSchema,
);

/// Renders the files (or tables) given and writes the PNG; returns a one-line summary.
pub fn render_files(args: &RenderArgs) -> Result<String, String> {
    let started = std::time::Instant::now();
    let phase = |name: &str| tracing::debug!("render: {name} done at {:?}", started.elapsed());
    let mut layers = if args.thematic {
        default_layers(args.vintage)
    } else {
        vec![district_layer(args.vintage)]
    };
    let builtin = layers.len();
    // With the view given, a file with a spatial index reads only what the image shows.
    let (width, height) = args.size;
    let given_view = args
        .bbox
        .map(|[w, s, e, n]| ViewTransform::fit_bbox(w, s, e, n, width, height));
    let within = given_view
        .as_ref()
        .map(|view| crate::render::fetch_window::lonlat_box(view, width as f32, height as f32));
    let databases = read_sources(&args.files, within, &mut layers)?;
    phase("reading the files");
    let view = given_view.unwrap_or_else(|| fit_sources(&layers[builtin..], &databases, args.size));
    fetch_databases(databases, &view, args.size, &mut layers, builtin)?;
    phase("querying the databases");
    let mut prepared: Vec<PreparedLayer> = layers
        .iter()
        .map(|l| PreparedLayer::new(&l.features))
        .collect();
    phase("indexing");
    let pixmap = render_view(&layers, &mut prepared, &view, width, height);
    phase("drawing");
    crate::render::raster::write_png(&pixmap, &args.out)
        .map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    phase("writing the PNG");
    let features: usize = layers.iter().map(|l| l.features.len()).sum();
    let summary = format!(
        "wrote {} ({width}x{height}, {} layers, {features} features, zoom {:.2})",
        args.out.display(),
        layers.len(),
        view.zoom()
    );
    // Freeing millions of vertices took longer than writing the PNG; the process ends first
    // when it was the last thing to do.
    std::thread::spawn(move || drop((layers, prepared)));
    Ok(summary)
}

/// Reads each file into `layers` (after the bundled ones); database addresses are connected
/// and returned, to be queried once the view is known.
fn read_sources(
    files: &[PathBuf],
    within: Option<[f64; 4]>,
    layers: &mut Vec<Layer>,
) -> Result<Vec<DatabaseSource>, String> {
    let builtin = layers.len();
    let options = ReadOptions {
        within,
        ..ReadOptions::default()
    };
    let mut databases = Vec::new();
    for file in files {
        if let Some(uri) = file
            .to_str()
            .filter(|f| crate::io::postgis::is_database_address(f))
        {
            let (client, schema) = super::database::connect(uri)?;
            let schema = schema.ok_or_else(|| {
                format!("{uri}: name the table to draw after #, e.g. …/db#schema.table")
            })?;
            databases.push((uri.to_string(), client, schema));
            continue;
        }
        let (_, outcomes) = read_file(file, &options, &Progress::default())
            .map_err(|e| format!("{}: {e}", file.display()))?;
        for outcome in outcomes {
            for w in &outcome.warnings {
                eprintln!("{}: {w}", file.display());
            }
            let nth = layers.len() - builtin;
            let inner = outcome.layer_name.as_deref();
            layers.push(user_layer(file, inner, outcome.features, nth));
        }
    }
    Ok(databases)
}

/// The view that fits the files and tables asked for, or Chongqing without any.
fn fit_sources(
    files: &[Layer],
    databases: &[DatabaseSource],
    (width, height): (u32, u32),
) -> ViewTransform {
    let extents = databases.iter().filter_map(|(_, _, schema)| {
        let [w, s, e, n] = schema.extent?;
        Some(geo::Rect::new((w, s), (e, n)))
    });
    let files_box = union_rects((files.iter().filter_map(Layer::bounding_rect)).chain(extents));
    let [w, s, e, n] = files_box.map_or(CHONGQING_BBOX, |r| {
        [r.min().x, r.min().y, r.max().x, r.max().y]
    });
    let fitted = ViewTransform::fit_bbox(w, s, e, n, width, height);
    // As the window frames a file: a lone point shows its neighbourhood, not zoom 41.
    if fitted.zoom() > FIT_MAX_ZOOM {
        ViewTransform::new(fitted.center, FIT_MAX_ZOOM, fitted.screen_center)
    } else {
        fitted
    }
}

/// Asks each database for what the image shows (the fit adds a margin), at its scale.
pub(super) fn fetch_databases(
    databases: Vec<DatabaseSource>,
    view: &ViewTransform,
    (width, height): (u32, u32),
    layers: &mut Vec<Layer>,
    builtin: usize,
) -> Result<(), String> {
    let shown = crate::render::fetch_window::lonlat_box(view, width as f32, height as f32);
    let metres_per_pixel =
        crate::geometry::measure::metres_per_pixel((shown[1] + shown[3]) / 2.0, view.zoom());
    for (uri, client, schema) in databases {
        let (client, result) =
            super::database::fetch_for_render(client, &schema, shown, metres_per_pixel)?;
        if result.truncated {
            eprintln!(
                "{}: more features than one view draws; the first ones are drawn",
                super::database::shown_uri(&uri)
            );
        }
        let colour = palette_color(layers.len() - builtin);
        layers.push(Layer::new(
            format!("db:{}", super::database::shown_uri(&uri)),
            schema.table.title(),
            LayerKind::User,
            LayerSource::Database {
                address: client.address.clone(),
                table: schema.table.table.clone(),
            },
            result.features,
            Style::from_base(colour),
        ));
    }
    Ok(())
}
