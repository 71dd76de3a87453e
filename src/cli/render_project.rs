//! `render --project map.atlas --out map.png`: a saved project drawn headless, as the window
//! shows it: its layers in order with their looks and filters, its database tables fetched
//! for the view (filtered on the server), and its view unless `--bbox` gives another.

use std::path::Path;

use super::render::{DatabaseSource, RenderArgs, fetch_databases};
use crate::geometry::{ViewTransform, lonlat_to_mercator};
use crate::project::Project;
use crate::project::build::{Look, apply_look, build_layers};
use crate::render::PreparedLayer;
use crate::render::raster::render_view;

/// Renders and writes the PNG (of the project, if one is given, else of the files); returns
/// a one-line summary.
pub fn render_to_png(args: &RenderArgs) -> Result<String, String> {
    match &args.project {
        Some(project) => render_project(project, args),
        None => super::render::render_files(args),
    }
}

fn render_project(path: &Path, args: &RenderArgs) -> Result<String, String> {
    let project = Project::open(path)?;
    let (mut layers, problems) = build_layers(&project);
    for problem in &problems {
        eprintln!("{problem}");
    }
    let (width, height) = args.size;
    let view = match (args.bbox, project.view) {
        (Some([w, s, e, n]), _) => ViewTransform::fit_bbox(w, s, e, n, width, height),
        (None, Some((lon, lat, zoom))) => ViewTransform::new(
            lonlat_to_mercator(lon, lat),
            zoom,
            [width as f32 / 2.0, height as f32 / 2.0],
        ),
        (None, None) => {
            let [w, s, e, n] = crate::model::CHONGQING_BBOX;
            ViewTransform::fit_bbox(w, s, e, n, width, height)
        }
    };
    let tables = connect_tables(&project)?;
    let before = layers.len();
    fetch_databases(tables, &view, args.size, &mut layers, before)?;
    for (layer, saved) in layers[before..].iter_mut().zip(&project.database_layers) {
        let look = Look {
            visible: saved.visible,
            opacity: saved.opacity,
            color: Some(saved.color),
            colour_by: saved.colour_by.as_deref(),
            graduated: None,
            // Filtered on the server already.
            filter: None,
            proportional: None,
            labels: None,
        };
        apply_look(layer, &look);
        layer.filter.clone_from(&saved.filter);
    }
    let rank = |id: &str| project.order.iter().position(|o| o == id);
    layers.sort_by_key(|l| rank(&l.id.0).unwrap_or(usize::MAX));
    let shown: Vec<_> = layers.into_iter().filter(|l| l.visible).collect();
    let mut prepared: Vec<PreparedLayer> = shown
        .iter()
        .map(|l| PreparedLayer::new(&l.features))
        .collect();
    let pixmap = render_view(&shown, &mut prepared, &view, width, height);
    crate::render::raster::write_png(&pixmap, &args.out)
        .map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    let features: usize = shown.iter().map(|l| l.features.len()).sum();
    Ok(format!(
        "wrote {} from {} ({width}x{height}, {} layers, {features} features, zoom {:.2}{})",
        args.out.display(),
        path.display(),
        shown.len(),
        view.zoom(),
        match problems.len() {
            0 => String::new(),
            n => format!("; {n} source(s) missing"),
        }
    ))
}

/// Each table of the project, connected (the password from PGPASSWORD or ~/.pgpass, never
/// from the project) with its filter as the server's `WHERE`.
fn connect_tables(project: &Project) -> Result<Vec<DatabaseSource>, String> {
    let mut tables = Vec::new();
    for saved in &project.database_layers {
        let password = std::env::var("PGPASSWORD").ok();
        let mut client = crate::io::postgis::PgClient::connect(&saved.address, password.as_deref())
            .map_err(|e| e.to_string())?;
        let table = client.find_table(&saved.table).map_err(|e| e.to_string())?;
        let mut schema = client.describe(&table).map_err(|e| e.to_string())?;
        if let Some(text) = &saved.filter {
            let filter = crate::analysis::expression::Filter::parse(text)
                .map_err(|e| format!("{}: filter {text:?}: {e}", saved.table))?;
            schema.filter = Some(crate::analysis::expression::to_sql::row_filter(&filter)?);
        }
        tables.push((saved.address.to_string(), client, schema));
    }
    Ok(tables)
}
