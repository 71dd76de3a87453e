//! A database layer's filter: the layer's expression becomes the server's `WHERE` (every value
//! a bound parameter). The worker has the server plan a query with it first; a filter the
//! server refuses (text compared with a number, a function PostgreSQL lacks) is undone in the
//! layer with the reason, and the one before stays in force.

use crate::analysis::expression::Filter;
use crate::analysis::expression::to_sql::row_filter;
use crate::model::LayerId;
use crate::render::LayerStack;

use super::worker::Job;
use super::{LiveLayer, PgLayers};

/// Where a layer's filter stands with its server.
#[derive(Debug, Default)]
pub(super) struct FilterState {
    /// The filter text last sent to the worker.
    sent: Option<String>,
    /// The filter text the server applies.
    in_force: Option<String>,
    /// Why the server (or the translation to SQL) refused the last filter.
    refused: Option<String>,
}

impl PgLayers {
    /// Sends each database layer's changed filter to its worker; one that cannot become SQL
    /// is undone at once with the reason. Call once a frame, before `poll`.
    pub fn sync_filters(&mut self, stack: &mut LayerStack) {
        for (id, live) in &mut self.live {
            let Some(layer) = stack.position(id).and_then(|i| stack.get_mut(i)) else {
                continue;
            };
            if live.schema.is_none() || layer.filter == live.filter.sent {
                continue;
            }
            let translated = match layer.filter.as_deref() {
                None => Ok(None),
                Some(text) => Filter::parse(text)
                    .map_err(|e| e.to_string())
                    .and_then(|f| row_filter(&f))
                    .map(Some),
            };
            match translated {
                Ok(row_filter) => {
                    live.filter.sent = layer.filter.clone();
                    let _ = live.worker.jobs.send(Job::Filter(row_filter));
                }
                Err(reason) => {
                    live.filter.refused = Some(reason);
                    layer.filter = live.filter.in_force.clone();
                }
            }
        }
    }

    /// Why the server refused the layer's last filter, if it did.
    pub fn filter_refused(&self, id: &LayerId) -> Option<&str> {
        self.live.get(id)?.filter.refused.as_deref()
    }
}

impl LiveLayer {
    /// The worker put `text` in force: the view and the table's pages are fetched again.
    pub(super) fn filter_in_force(&mut self, text: Option<String>) {
        self.filter.in_force = text;
        self.filter.refused = None;
        self.asked = None;
        if let Some(table) = self.table.as_mut() {
            table.restart();
        }
    }

    /// The server refused `text`: the layer shows the filter in force again.
    pub(super) fn filter_refused(
        &mut self,
        stack: &mut LayerStack,
        id: &LayerId,
        text: String,
        reason: String,
    ) {
        self.filter.refused = Some(format!("{text}: {reason}"));
        self.filter.sent = self.filter.in_force.clone();
        if let Some(layer) = stack.position(id).and_then(|i| stack.get_mut(i)) {
            layer.filter = self.filter.in_force.clone();
        }
    }
}
