//! Chongqing Atlas: a desktop GIS explorer of Chongqing's low-altitude economy, logistics hubs
//! and industrial projects.
//!
//! Data flows one way: file → [`io`] reader → [`model::Layer`] → [`render`] prepared geometry →
//! painter (the egui window in [`ui`] or the headless PNG renderer).

pub mod analysis;
pub mod cli;
pub mod geometry;
pub mod i18n;
pub mod io;
pub mod live;
pub mod load;
pub mod model;
pub mod parallel;
pub mod platform;
pub mod project;
pub mod render;
pub mod ui;
