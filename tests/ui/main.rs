//! The real window, driven like a user: clicks, hovers, drops, and what the screen then
//! shows. One test binary, a module per feature.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

mod analysis;
mod choosing;
mod desktop;
mod fidelity;
mod files;
mod filter;
mod formats;
mod keyboard;
mod language;
mod layers;
mod newcomer;
mod painters;
mod postgis;
mod project;
mod selection;
mod session;
mod symbols;
mod theme;
mod time;
mod tools;
