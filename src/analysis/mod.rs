//! Asking the data questions, without egui: statistics of a field (this module's
//! [`statistics`]), and — as the analysis issue lands — classification into classes, joins by
//! key and by location, and filter expressions. The window and the CLI call the same code.

pub mod classify;
pub mod datum_check;
pub mod expression;
pub mod graduate;
pub mod join;
pub mod ramp;
pub mod spatial_count;
pub mod statistics;
