//! PostGIS layers in the window: each has a worker (its own connection) that fetches what the
//! view needs; this part asks for new views as the map moves (cancelling the query the map
//! left), swaps fetched features into the layer stack, and keeps each layer's status for the
//! layer list ("disconnected — retry" when the server is gone). Passwords live only here, in
//! memory.

mod deadline;
mod filter;
mod worker;

use std::collections::HashMap;
use std::sync::Arc;

use crate::geometry::ViewTransform;
use crate::io::postgis::{Canceller, PgAddress, PgError, PgLayerSchema, PgTable, TableRef};
use crate::model::{Feature, Layer, LayerId, LayerKind, LayerSource, Style};
use crate::render::LayerStack;
use crate::render::fetch_window::FetchWindow;

use super::Repaint;
use crate::i18n::{tr, trf};
use worker::{Job, Reply, Worker};

/// Where a database layer stands, for its row in the layer list.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveStatus {
    Connecting,
    Loading,
    Ready {
        features: usize,
        aggregated: bool,
        truncated: bool,
        /// Counts from a sample; the exact ones are on their way.
        preview: bool,
        seconds: f64,
    },
    /// The connection failed or dropped: the layer keeps what it drew and offers a retry.
    Failed(PgError),
}

impl LiveStatus {
    /// One line for the layer list.
    pub fn describe(&self) -> String {
        match self {
            LiveStatus::Connecting => tr("connecting…").into(),
            LiveStatus::Loading => tr("loading the view…").into(),
            LiveStatus::Ready {
                features,
                aggregated: true,
                preview: true,
                seconds,
                ..
            } => trf(
                "{n} cells, counts from a sample (exact ones coming) · {s} s",
                &[("n", features), ("s", &format!("{seconds:.2}"))],
            ),
            LiveStatus::Ready {
                features,
                aggregated: true,
                seconds,
                ..
            } => trf(
                "{n} cells with exact counts · {s} s",
                &[("n", features), ("s", &format!("{seconds:.2}"))],
            ),
            LiveStatus::Ready {
                features,
                truncated,
                seconds,
                ..
            } => trf(
                "{n} features in view{more} · {s} s",
                &[
                    ("n", features),
                    (
                        "more",
                        &if *truncated {
                            tr(" (more on the server: zoom in)")
                        } else {
                            ""
                        },
                    ),
                    ("s", &format!("{seconds:.2}")),
                ],
            ),
            LiveStatus::Failed(e) => trf("disconnected — {e}", &[("e", e)]),
        }
    }

    pub fn is_failed(&self) -> bool {
        matches!(self, LiveStatus::Failed(_))
    }

    pub fn needs_password(&self) -> bool {
        matches!(
            self,
            LiveStatus::Failed(PgError::PasswordNeeded { .. } | PgError::WrongPassword { .. })
        )
    }
}

/// Rows of a database layer's attribute table, fetched a page at a time in the server's
/// order: the table asks for the pages it shows (`wanted`), the worker brings them.
#[derive(Debug, Default)]
pub struct ServerTable {
    /// Column and ascending; `None`: by key.
    pub sort: Option<(String, bool)>,
    /// Rows as far as known: the planner's estimate until the last page shows the end.
    pub total: usize,
    pages: HashMap<usize, Vec<Feature>>,
    requested: std::collections::HashSet<usize>,
    /// Pages the table showed and does not have.
    pub wanted: std::collections::BTreeSet<usize>,
    generation: u64,
}

/// Rows per table page.
pub const TABLE_PAGE: usize = 200;

impl ServerTable {
    /// Row `index` in the server's order, if its page has arrived (else it is wanted).
    pub fn row(&mut self, index: usize) -> Option<&Feature> {
        let page = index / TABLE_PAGE;
        if !self.pages.contains_key(&page) && !self.requested.contains(&page) {
            self.wanted.insert(page);
        }
        self.pages.get(&page)?.get(index % TABLE_PAGE)
    }

    /// Sorts by `column` (again: the other way), dropping the pages of the old order.
    pub fn sort_by(&mut self, column: &str) {
        let ascending = match &self.sort {
            Some((c, asc)) if c == column => !asc,
            _ => true,
        };
        self.sort = Some((column.to_string(), ascending));
        self.restart();
    }

    /// Drops every page fetched: the rows are asked for again (a new order, a new filter).
    pub fn restart(&mut self) {
        self.pages.clear();
        self.requested.clear();
        self.wanted.clear();
        self.generation += 1;
    }
}

struct LiveLayer {
    worker: Worker,
    table: Option<ServerTable>,
    /// The column whose classes came from (or were asked of) the server, for "colour by".
    categories_for: Option<String>,
    /// The schema's column names, for the layer list's "Colour by" menu.
    column_names: Vec<String>,
    canceller: Option<Canceller>,
    schema: Option<PgLayerSchema>,
    status: LiveStatus,
    generation: u64,
    /// The window asked for last, and whether its answer is still out.
    asked: Option<FetchWindow>,
    in_flight: bool,
    /// A detailed feature from the last click, for the inspector.
    identified: Option<Feature>,
    /// Fit the map to the table once its extent is known.
    fit_on_connect: bool,
    filter: filter::FilterState,
    /// When the query in flight was sent, and what a new worker needs.
    watch: deadline::Watch,
}

/// A layer removed, or the window closed, stops its query on the server rather than leaving
/// it to run for seconds on a shared database.
impl Drop for LiveLayer {
    fn drop(&mut self) {
        if self.in_flight
            && let Some(c) = &self.canceller
        {
            c.cancel();
        }
    }
}

/// The window's PostGIS layers.
pub struct PgLayers {
    /// Asks the window to draw again when a reply arrives.
    repaint: Repaint,
    live: HashMap<LayerId, LiveLayer>,
    /// Addresses used this session and before (never passwords), for the dialog.
    pub recent: Vec<PgAddress>,
    /// Lon/lat box to fit the map to (a newly added table's extent).
    pub fit: Option<[f64; 4]>,
    /// A table row to select once the view around it has arrived (layer, feature key).
    pub pending_selection: Option<(LayerId, usize)>,
}

/// A database layer's id: the same table from the same database is the same layer.
pub fn layer_id(address: &PgAddress, table: &TableRef) -> LayerId {
    LayerId(format!("{address}#{table}"))
}

impl PgLayers {
    pub fn new(repaint: Repaint) -> Self {
        Self {
            repaint,
            live: HashMap::new(),
            recent: Vec::new(),
            fit: None,
            pending_selection: None,
        }
    }

    /// A new layer for `table` (empty until its first view arrives) and its worker; with
    /// `fit_on_connect` the map fits the table once its extent is known.
    pub fn add(
        &mut self,
        address: &PgAddress,
        table: &PgTable,
        password: Option<String>,
        colour_index: usize,
        fit_on_connect: bool,
    ) -> Layer {
        let table_ref = table.layer_ref();
        let id = layer_id(address, &table_ref);
        let mut layer = Layer::new(
            id.0.clone(),
            format!("{} · PostGIS", table.title()),
            LayerKind::User,
            LayerSource::Database {
                address: address.clone(),
                table: table_ref.clone(),
            },
            Vec::new(),
            Style::from_base(crate::model::palette_color(colour_index)),
        );
        layer.kinds = kinds_of(&table.geometry_type);
        if !self.recent.contains(address) {
            self.recent.insert(0, address.clone());
        }
        let watch = deadline::Watch::new((address.clone(), table_ref.clone()), password.clone());
        let worker = Worker::start(address.clone(), table_ref, password, self.repaint.clone());
        self.live.insert(
            id,
            LiveLayer {
                worker,
                canceller: None,
                schema: None,
                status: LiveStatus::Connecting,
                generation: 0,
                asked: None,
                in_flight: false,
                identified: None,
                fit_on_connect,
                table: None,
                categories_for: None,
                column_names: Vec::new(),
                filter: Default::default(),
                watch,
            },
        );
        layer
    }

    pub fn contains(&self, id: &LayerId) -> bool {
        self.live.contains_key(id)
    }

    pub fn status(&self, id: &LayerId) -> Option<&LiveStatus> {
        self.live.get(id).map(|l| &l.status)
    }

    /// A connected database layer's attribute columns, by name.
    pub fn columns(&self, id: &LayerId) -> Option<&[String]> {
        let live = self.live.get(id)?;
        live.schema.as_ref()?;
        Some(&live.column_names)
    }

    /// Whether some database layer is still connecting or loading.
    pub fn is_busy(&self) -> bool {
        self.live.values().any(|l| {
            matches!(l.status, LiveStatus::Connecting | LiveStatus::Loading) || l.in_flight
        })
    }

    /// Drops the layer; its running query, if any, is cancelled on the server.
    pub fn remove(&mut self, id: &LayerId) {
        self.live.remove(id);
    }

    /// Connects a failed layer again (with a password the user typed, if any).
    pub fn retry(&mut self, id: &LayerId, password: Option<String>) {
        let repaint = self.repaint.clone();
        if let Some(live) = self.live.get_mut(id) {
            if live.restart_if_stalled(password.clone(), repaint) {
                return;
            }
            live.status = LiveStatus::Connecting;
            live.asked = None;
            live.in_flight = false;
            let _ = live.worker.jobs.send(Job::Reconnect { password });
        }
    }

    /// The columns of a database layer, as the server describes them.
    pub fn schema(&self, id: &LayerId) -> Option<&PgLayerSchema> {
        self.live.get(id)?.schema.as_ref()
    }

    /// The attribute table of a database layer (opened on first use), rows from the server.
    pub fn table(&mut self, id: &LayerId) -> Option<&mut ServerTable> {
        let live = self.live.get_mut(id)?;
        let estimate = live.schema.as_ref()?.table.estimated_rows;
        Some(live.table.get_or_insert_with(|| ServerTable {
            total: estimate.unwrap_or(TABLE_PAGE as u64) as usize,
            ..Default::default()
        }))
    }

    /// Shows a table row in the inspector as the click's answer would be.
    pub fn show_row(&mut self, id: &LayerId, row: Feature) {
        if let Some(live) = self.live.get_mut(id) {
            live.identified = Some(row);
        }
    }

    /// "Colour by" a column of a database layer: the classes come from a top-N query over the
    /// whole table (the colours the view's features got meanwhile are replaced).
    pub fn request_categories(&mut self, stack: &LayerStack) {
        for layer in stack.layers() {
            let Some(live) = self.live.get_mut(&layer.id) else {
                continue;
            };
            let wanted = layer.style.categories.as_ref().map(|c| c.property.clone());
            if wanted != live.categories_for {
                live.categories_for = wanted.clone();
                if let Some(column) = wanted {
                    let _ = live.worker.jobs.send(Job::TopValues { column });
                }
            }
        }
    }

    /// Sends the workers the table pages their tables asked for.
    pub fn request_pages(&mut self) {
        for live in self.live.values_mut() {
            let Some(table) = live.table.as_mut() else {
                continue;
            };
            for page in std::mem::take(&mut table.wanted) {
                table.requested.insert(page);
                let _ = live.worker.jobs.send(Job::Page {
                    generation: table.generation,
                    order_by: table.sort.clone(),
                    offset: (page * TABLE_PAGE) as i64,
                    limit: TABLE_PAGE as i64,
                });
            }
        }
    }

    /// The feature the last click found on the server in this layer, in full detail.
    pub fn identified(&self, id: &LayerId) -> Option<&Feature> {
        self.live.get(id)?.identified.as_ref()
    }

    /// Asks each visible database layer for the view if what it holds does not serve it,
    /// cancelling a query for a view the map has left. Call once a frame, after the map.
    pub fn request_views(&mut self, stack: &LayerStack, view: &ViewTransform, size: [f32; 2]) {
        for layer in stack.layers() {
            let Some(live) = self.live.get_mut(&layer.id) else {
                continue;
            };
            if !layer.visible || live.schema.is_none() || live.status.is_failed() {
                continue;
            }
            if live.asked.is_some_and(|w| w.serves(view, size[0], size[1])) {
                continue;
            }
            let window = FetchWindow::for_view(view, size[0], size[1]);
            if live.in_flight
                && let Some(c) = &live.canceller
            {
                c.cancel();
            }
            live.generation += 1;
            live.asked = Some(window);
            live.in_flight = true;
            live.watch.sent();
            if !matches!(live.status, LiveStatus::Ready { .. }) {
                live.status = LiveStatus::Loading;
            }
            let _ = live.worker.jobs.send(Job::View {
                generation: live.generation,
                window,
                zoom: view.zoom(),
            });
        }
    }

    /// A click at lon/lat: every visible database layer asks its server what is there.
    pub fn identify_at(&mut self, stack: &LayerStack, lon: f64, lat: f64, tolerance_m: f64) {
        for layer in stack.layers().iter().filter(|l| l.visible) {
            if let Some(live) = self.live.get_mut(&layer.id) {
                live.identified = None;
                if live.schema.is_some() {
                    let _ = live.worker.jobs.send(Job::Identify {
                        lon,
                        lat,
                        tolerance_m,
                    });
                }
            }
        }
    }

    /// Applies what the workers sent: new features go into the stack in place of the old.
    /// Returns the layers whose features changed, each with the features it had (so picks
    /// can follow their feature by id).
    pub fn poll(&mut self, stack: &mut LayerStack) -> Vec<(LayerId, Arc<Vec<Feature>>)> {
        let mut changed = Vec::new();
        let mut fit = None;
        for (id, live) in &mut self.live {
            while let Ok(reply) = live.worker.replies.try_recv() {
                match reply {
                    Reply::Connected { schema, canceller } => {
                        if live.fit_on_connect
                            && let Some(extent) = schema.extent
                        {
                            fit = Some(extent);
                        }
                        live.fit_on_connect = false;
                        if let Some(index) = stack.position(id)
                            && let Some(layer) = stack.get_mut(index)
                        {
                            layer.kinds = kinds_of(&schema.table.geometry_type);
                        }
                        live.column_names = schema.columns.iter().map(|c| c.name.clone()).collect();
                        live.schema = Some(*schema);
                        live.canceller = Some(canceller);
                        live.status = LiveStatus::Loading;
                        live.asked = None;
                    }
                    Reply::View {
                        generation,
                        window,
                        features,
                        prepared,
                        aggregated,
                        truncated,
                        preview,
                        seconds,
                    } => {
                        if generation != live.generation {
                            continue;
                        }
                        live.in_flight = preview;
                        live.asked = Some(window);
                        live.status = LiveStatus::Ready {
                            features: features.len(),
                            aggregated,
                            truncated,
                            preview,
                            seconds,
                        };
                        if let Some(index) = stack.position(id) {
                            let mut layer = stack.layers()[index].clone();
                            layer.features = features;
                            let old = stack.replace(index, layer, *prepared);
                            changed.push((id.clone(), old.features));
                        }
                    }
                    Reply::Identified(found) => live.identified = found,
                    Reply::TopValues {
                        column,
                        values,
                        total,
                    } => {
                        if let Some(index) = stack.position(id)
                            && let Some(layer) = stack.get_mut(index)
                            && (layer.style.categories.as_ref())
                                .is_some_and(|c| c.property == column)
                        {
                            layer.style.categories = Some(crate::model::Categories::from_counts(
                                &column, values, total,
                            ));
                        }
                    }
                    Reply::Page {
                        generation,
                        offset,
                        rows,
                    } => {
                        if let Some(table) = live.table.as_mut()
                            && table.generation == generation
                        {
                            let page = offset as usize / TABLE_PAGE;
                            if rows.len() < TABLE_PAGE {
                                table.total = offset as usize + rows.len();
                            } else {
                                table.total = table.total.max(offset as usize + rows.len() + 1);
                            }
                            table.pages.insert(page, rows);
                        }
                    }
                    Reply::Filtered(text) => live.filter_in_force(text),
                    Reply::FilterRefused { text, reason } => {
                        live.filter_refused(stack, id, text, reason);
                    }
                    Reply::Failed(e) => {
                        live.in_flight = false;
                        live.status = LiveStatus::Failed(e);
                    }
                }
            }
        }
        if fit.is_some() {
            self.fit = fit;
        }
        changed
    }
}

/// The legend's symbol for a PostGIS geometry type (`GEOMETRY`: any).
fn kinds_of(geometry_type: &str) -> crate::model::GeometryKinds {
    let name = geometry_type.to_ascii_uppercase();
    let any = name == "GEOMETRY" || name == "GEOMETRYCOLLECTION";
    crate::model::GeometryKinds {
        points: any || name.contains("POINT"),
        lines: any || name.contains("LINE"),
        polygons: any || name.contains("POLYGON"),
    }
}

/// Where the feature with id `key` now is in `features`.
pub fn position_of(features: &[Feature], key: usize) -> Option<usize> {
    features.iter().position(|f| f.source_index == key)
}
