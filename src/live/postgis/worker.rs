//! One thread per database layer: it owns the connection, runs the newest view query (older
//! ones still waiting are skipped), prepares what it brings for drawing, and answers clicks.
//! The window never waits on it.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError};

use crate::io::postgis::{
    Canceller, PgAddress, PgClient, PgError, PgLayerSchema, TableRef, ViewRequest,
};
use crate::live::Repaint;
use crate::model::Feature;
use crate::render::PreparedLayer;
use crate::render::fetch_window::FetchWindow;

/// Above this many points in view, a sampled picture comes first (the window's first answer
/// within a second on a 2-core machine), then the exact counts.
const PREVIEW_ABOVE: f64 = 1_500_000.0;

pub enum Job {
    View {
        generation: u64,
        window: FetchWindow,
        /// The zoom the map shows, to prepare that zoom band on this thread.
        zoom: f64,
    },
    Identify {
        lon: f64,
        lat: f64,
        tolerance_m: f64,
    },
    /// One page of the attribute table, sorted by the server.
    Page {
        generation: u64,
        order_by: Option<(String, bool)>,
        offset: i64,
        limit: i64,
    },
    /// The most frequent values of a column over the whole table, for "colour by".
    TopValues { column: String },
    /// Connect again (after a failure), with a password if the user typed one.
    Reconnect { password: Option<String> },
    /// Keep only the rows this filter keeps (`None`: every row), if the server takes it.
    Filter(Option<crate::io::sql::RowFilter>),
}

pub enum Reply {
    Connected {
        schema: Box<PgLayerSchema>,
        canceller: Canceller,
    },
    View {
        generation: u64,
        window: FetchWindow,
        features: Arc<Vec<Feature>>,
        prepared: Box<PreparedLayer>,
        aggregated: bool,
        truncated: bool,
        /// Counts from a sample; the exact ones follow in another reply.
        preview: bool,
        seconds: f64,
    },
    Identified(Option<Feature>),
    Page {
        generation: u64,
        offset: i64,
        rows: Vec<Feature>,
    },
    TopValues {
        column: String,
        values: Vec<(String, usize)>,
        total: usize,
    },
    /// The filter is in force (its text; `None`: no filter): views from now on are filtered.
    Filtered(Option<String>),
    /// The server cannot take the filter (its text), in the server's words; the one before
    /// stays in force.
    FilterRefused {
        text: String,
        reason: String,
    },
    Failed(PgError),
}

pub struct Worker {
    pub jobs: Sender<Job>,
    pub replies: Receiver<Reply>,
}

impl Worker {
    pub fn start(
        address: PgAddress,
        table: TableRef,
        password: Option<String>,
        repaint: Repaint,
    ) -> Self {
        let (jobs, job_receiver) = std::sync::mpsc::channel();
        let (reply_sender, replies) = std::sync::mpsc::channel();
        crate::parallel::spawn_background(&format!("postgis {table}"), move || {
            let mut state = WorkerState {
                address,
                table,
                password,
                connection: None,
                recent: Default::default(),
                filter: None,
            };
            let send = |reply: Reply| {
                let _ = reply_sender.send(reply);
                repaint();
            };
            state.run(&job_receiver, &send);
        });
        Self { jobs, replies }
    }
}

struct WorkerState {
    address: PgAddress,
    table: TableRef,
    password: Option<String>,
    connection: Option<(PgClient, PgLayerSchema)>,
    /// The last windows fetched (exact answers only), newest first: panning back or
    /// zooming back to a band answers from here without a query.
    recent: std::collections::VecDeque<Cached>,
    /// The filter in force, kept across reconnections.
    filter: Option<crate::io::sql::RowFilter>,
}

struct Cached {
    window: FetchWindow,
    features: Arc<Vec<Feature>>,
    aggregated: bool,
    truncated: bool,
    at: std::time::Instant,
}

/// Windows kept per layer, and for how long (the table may change on the server).
const CACHED_WINDOWS: usize = 6;
const CACHE_FOR: std::time::Duration = std::time::Duration::from_secs(120);

impl WorkerState {
    fn run(&mut self, jobs: &Receiver<Job>, send: &dyn Fn(Reply)) {
        self.connect(send);
        let mut waiting: Option<Job> = None;
        loop {
            let job = match waiting.take() {
                Some(job) => job,
                None => match jobs.recv() {
                    Ok(job) => job,
                    Err(_) => return,
                },
            };
            // Only the newest view matters: skip the ones the map already left.
            let job = match job {
                Job::View { .. } => {
                    let mut newest = job;
                    loop {
                        match jobs.try_recv() {
                            Ok(next @ Job::View { .. }) => newest = next,
                            Ok(other) => {
                                waiting = Some(other);
                                break;
                            }
                            Err(TryRecvError::Empty) => break,
                            Err(TryRecvError::Disconnected) => return,
                        }
                    }
                    newest
                }
                other => other,
            };
            match job {
                Job::Reconnect { password } => {
                    if password.is_some() {
                        self.password = password;
                    }
                    self.connection = None;
                    self.recent.clear();
                    self.connect(send);
                }
                Job::View {
                    generation,
                    window,
                    zoom,
                } => self.view(generation, window, zoom, jobs, &mut waiting, send),
                Job::Page {
                    generation,
                    order_by,
                    offset,
                    limit,
                } => {
                    let Some((client, schema)) = self.connection.as_mut() else {
                        continue;
                    };
                    let order = order_by.as_ref().map(|(c, asc)| (c.as_str(), !*asc));
                    match client.page(schema, order, offset, limit) {
                        Ok(rows) => send(Reply::Page {
                            generation,
                            offset,
                            rows,
                        }),
                        Err(e) => self.failed(e, send),
                    }
                }
                Job::TopValues { column } => {
                    let Some((client, schema)) = self.connection.as_mut() else {
                        continue;
                    };
                    let limit = crate::model::MAX_CATEGORIES as i64;
                    match client.top_values(schema, &column, limit) {
                        Ok((values, total)) => send(Reply::TopValues {
                            column,
                            values: (values.into_iter())
                                .map(|(v, n)| (v, n.max(0) as usize))
                                .collect(),
                            total: total.max(0) as usize,
                        }),
                        Err(e) => self.failed(e, send),
                    }
                }
                Job::Filter(filter) => self.set_filter(filter, send),
                Job::Identify {
                    lon,
                    lat,
                    tolerance_m,
                } => {
                    let Some((client, schema)) = self.connection.as_mut() else {
                        continue;
                    };
                    match client.identify(schema, lon, lat, tolerance_m) {
                        Ok(found) => send(Reply::Identified(found)),
                        Err(e) => self.failed(e, send),
                    }
                }
            }
        }
    }

    /// Puts `filter` in force once the server has planned a query with it; a filter it
    /// refuses is answered with the reason and changes nothing.
    fn set_filter(&mut self, filter: Option<crate::io::sql::RowFilter>, send: &dyn Fn(Reply)) {
        let Some((client, schema)) = self.connection.as_mut() else {
            return;
        };
        if let Some(wanted) = &filter
            && let Err(e) = client.check_filter(schema, wanted)
        {
            let reason = match e {
                PgError::Table { reason, .. } => reason,
                other => other.to_string(),
            };
            send(Reply::FilterRefused {
                text: wanted.text.clone(),
                reason,
            });
            return;
        }
        schema.filter = filter.clone();
        self.filter = filter;
        // Windows fetched before were filtered otherwise.
        self.recent.clear();
        send(Reply::Filtered(
            self.filter.as_ref().map(|f| f.text.clone()),
        ));
    }

    fn connect(&mut self, send: &dyn Fn(Reply)) {
        let connected =
            PgClient::connect(&self.address, self.password.as_deref()).and_then(|mut client| {
                let table = client.find_table(&self.table)?;
                let mut schema = client.describe(&table)?;
                schema.filter = self.filter.clone();
                Ok((client, schema))
            });
        match connected {
            Ok((client, schema)) => {
                send(Reply::Connected {
                    schema: Box::new(schema.clone()),
                    canceller: client.canceller(),
                });
                self.connection = Some((client, schema));
            }
            Err(e) => send(Reply::Failed(e)),
        }
    }

    fn view(
        &mut self,
        generation: u64,
        window: FetchWindow,
        zoom: f64,
        jobs: &Receiver<Job>,
        waiting: &mut Option<Job>,
        send: &dyn Fn(Reply),
    ) {
        if self.connection.is_none() {
            return;
        }
        let started = std::time::Instant::now();
        self.recent.retain(|c| c.at.elapsed() < CACHE_FOR);
        let hit = self.recent.iter().position(|c| {
            let [w, s, e, n] = window.bbox;
            c.window.band == window.band && c.window.covers([w, s, e, n], window.band)
        });
        if let Some(i) = hit {
            let cached = self.recent.remove(i).expect("found above");
            let mut prepared = PreparedLayer::new(&cached.features);
            prepared.prepare_in_background(&cached.features, zoom);
            send(Reply::View {
                generation,
                window: cached.window,
                features: cached.features.clone(),
                prepared: Box::new(prepared),
                aggregated: cached.aggregated,
                truncated: cached.truncated,
                preview: false,
                seconds: started.elapsed().as_secs_f64(),
            });
            self.recent.push_front(cached);
            return;
        }
        let Some((client, schema)) = self.connection.as_mut() else {
            return;
        };
        let exact = ViewRequest::new(window.bbox, window.metres_per_pixel);
        let mut request = exact.with_preview_above(PREVIEW_ABOVE);
        let mut result = client.fetch_view(schema, &request);
        if matches!(result, Err(PgError::Cancelled)) {
            // A cancel meant for the previous view can land on this one: run it again unless
            // the map has moved on once more.
            if moved_on(jobs, waiting) {
                return;
            }
            result = client.fetch_view(schema, &request);
        }
        loop {
            match result {
                Ok(fetched) => {
                    let preview = fetched.preview;
                    let mut prepared = PreparedLayer::new(&fetched.features);
                    prepared.prepare_in_background(&fetched.features, zoom);
                    let features = Arc::new(fetched.features);
                    send(Reply::View {
                        generation,
                        window,
                        features: features.clone(),
                        prepared: Box::new(prepared),
                        aggregated: fetched.aggregated,
                        truncated: fetched.truncated,
                        preview,
                        seconds: started.elapsed().as_secs_f64(),
                    });
                    if !preview {
                        self.recent.push_front(Cached {
                            window,
                            features,
                            aggregated: fetched.aggregated,
                            truncated: fetched.truncated,
                            at: std::time::Instant::now(),
                        });
                        self.recent.truncate(CACHED_WINDOWS);
                        return;
                    }
                    // The exact counts, unless the map has moved on or the layer is gone.
                    if moved_on(jobs, waiting) {
                        return;
                    }
                    request = exact;
                    let Some((client, schema)) = self.connection.as_mut() else {
                        return;
                    };
                    result = client.fetch_view(schema, &request);
                }
                Err(PgError::Cancelled) => return,
                Err(e) => return self.failed(e, send),
            }
        }
    }

    fn failed(&mut self, e: PgError, send: &dyn Fn(Reply)) {
        if e.needs_reconnect()
            || self
                .connection
                .as_ref()
                .is_some_and(|(client, _)| client.is_closed())
        {
            self.connection = None;
        }
        send(Reply::Failed(e));
    }
}

/// Whether the layer no longer wants the view being worked on: a newer job arrived (kept in
/// `waiting`, to be done next) or the layer is gone (its sender dropped).
fn moved_on(jobs: &Receiver<Job>, waiting: &mut Option<Job>) -> bool {
    match jobs.try_recv() {
        Ok(next) => {
            *waiting = Some(next);
            true
        }
        Err(TryRecvError::Disconnected) => true,
        Err(TryRecvError::Empty) => false,
    }
}
