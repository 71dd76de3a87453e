//! Progress and cancellation shared between a worker reading a file and the window.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Shared between a worker thread reading a file and the UI showing its progress bar.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    pub fn set_total(&self, total: u64) {
        self.total.store(total.max(1), Ordering::Relaxed);
    }

    pub fn add(&self, amount: u64) {
        self.done.fetch_add(amount, Ordering::Relaxed);
    }

    /// Units done so far (rows, features, bytes: the reader's choice).
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Fraction done in 0..=1.
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed).max(1);
        (self.done.load(Ordering::Relaxed) as f64 / total as f64).clamp(0.0, 1.0) as f32
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}
