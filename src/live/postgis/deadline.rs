//! A database layer whose server stops answering: a query in flight past the deadline
//! ([`crate::io::postgis::client::deadline`]) turns the layer's status to "no answer" with
//! Retry, and Retry starts a new worker (the old one stays blocked on its socket until the
//! network gives up, then ends, as its channel is gone).

use std::time::{Duration, Instant};

use super::worker::Worker;
use super::{LiveLayer, LiveStatus, PgLayers};
use crate::io::postgis::{PgAddress, PgError, TableRef};
use crate::live::Repaint;

#[derive(Debug)]
pub(super) struct Watch {
    /// When the view query in flight was sent.
    since: Option<Instant>,
    /// The worker did not answer in time: Retry starts another.
    stalled: bool,
    origin: (PgAddress, TableRef),
    /// The password the layer was opened with (memory only), for the new worker.
    password: Option<String>,
    deadline: Duration,
}

impl Watch {
    pub(super) fn new(origin: (PgAddress, TableRef), password: Option<String>) -> Self {
        Self {
            since: None,
            stalled: false,
            origin,
            password,
            deadline: crate::io::postgis::client::deadline(),
        }
    }

    pub(super) fn sent(&mut self) {
        self.since = Some(Instant::now());
    }
}

impl PgLayers {
    /// How long the layer's queries may go without an answer (the tests shorten it).
    pub fn set_deadline(&mut self, id: &crate::model::LayerId, deadline: Duration) {
        if let Some(live) = self.live.get_mut(id) {
            live.watch.deadline = deadline;
        }
    }

    /// Marks the layers whose query has waited past the deadline. Call once a frame.
    pub fn watch_deadlines(&mut self) {
        for live in self.live.values_mut() {
            if !live.in_flight {
                live.watch.since = None;
                continue;
            }
            let Some(since) = live.watch.since else {
                continue;
            };
            if since.elapsed() > live.watch.deadline {
                live.watch.stalled = true;
                live.watch.since = None;
                live.in_flight = false;
                live.status = LiveStatus::Failed(PgError::NoAnswer {
                    address: live.watch.origin.0.to_string(),
                    seconds: live.watch.deadline.as_secs(),
                });
            }
        }
    }
}

impl LiveLayer {
    /// A new worker in place of one that stopped answering; `false` if it had not.
    pub(super) fn restart_if_stalled(
        &mut self,
        password: Option<String>,
        repaint: Repaint,
    ) -> bool {
        if !self.watch.stalled {
            return false;
        }
        let (address, table) = self.watch.origin.clone();
        if password.is_some() {
            self.watch.password.clone_from(&password);
        }
        let password = self.watch.password.clone();
        self.worker = Worker::start(address, table, password, repaint);
        self.watch.stalled = false;
        self.status = LiveStatus::Connecting;
        self.schema = None;
        self.canceller = None;
        self.asked = None;
        self.in_flight = false;
        self.filter = Default::default();
        true
    }
}
