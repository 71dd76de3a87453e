//! Where the app meets the desktop it runs on: its folders, its log, and what it leaves
//! behind when it crashes. Knows nothing of egui.

pub mod atomic;
pub mod crash;
pub mod dirs;
pub mod logging;
pub mod session_store;

/// The version the binary was built as (Cargo.toml).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
