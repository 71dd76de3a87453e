//! The panels around the map. Each takes the part it shows and returns what the user asked
//! for: the layer list with its reading choices and legend, the inspector and its cards, the
//! search box, the attribute table, the charts, the status bar and the About window.

pub mod about;
pub mod card;
pub mod charts;
pub mod cite;
pub mod filter;
pub mod graduated;
pub mod inspector;
pub mod layers;
pub mod legend;
pub mod reading_rows;
pub mod search;
pub mod statistics;
pub mod status_bar;
pub mod symbols;
pub mod table;
