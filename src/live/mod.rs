//! Work that keeps going while the window draws, without egui: database layers whose workers
//! fetch each view ([`postgis`]) and the features each layer shows, by its filter and the time range ([`cuts`]).
//! Each is told how to ask for a repaint ([`Repaint`]) when a result arrives, so the window
//! picks it up at once; the CLI and the tests drive the same code without a window.

pub mod cuts;
pub mod postgis;

use std::sync::Arc;

/// Asks the window to draw again (a result is waiting); a no-op without a window.
pub type Repaint = Arc<dyn Fn() + Send + Sync>;
