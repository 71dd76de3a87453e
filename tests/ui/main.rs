//! The real window, driven like a user: clicks, hovers, drops, and what the screen then
//! shows. One test binary, a module per feature.

#[path = "../common/mod.rs"]
mod common;

mod desktop;
mod files;
mod formats;
mod keyboard;
mod language;
mod layers;
mod painters;
mod postgis;
mod selection;
mod session;
mod theme;
mod time;
mod tools;
