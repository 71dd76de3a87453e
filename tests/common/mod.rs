//! Helpers the UI test crates share.

use chongqing_atlas::ui::AtlasApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Unticks every bundled layer in the Layers panel, as a user would, so that only what a test
/// adds (or the basemap) is on the map.
pub fn hide_bundled_layers(harness: &mut Harness<'_, AtlasApp>) {
    for name in [
        "Logistics hubs & corridors",
        "Industrial projects & clusters",
        "Low-altitude economy",
        "Municipal figures",
        "Districts & counties",
    ] {
        harness.get_by_label(name).click();
        harness.run();
    }
}
