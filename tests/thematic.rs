//! The thematic layers built from the seed articles: every claim traceable, every place honest.

use chongqing_atlas::io::embedded::{THEMATIC_LAYERS, Vintage, district_layer};
use chongqing_atlas::model::{Feature, LocationPrecision};
use geo::{Contains, Geometry};
use serde_json::Value;

fn seed_text(file: &str) -> String {
    std::fs::read_to_string(format!("geodata/seeds/{file}"))
        .unwrap_or_else(|e| panic!("seed {file}: {e}"))
}

fn all_features() -> Vec<(String, Feature)> {
    THEMATIC_LAYERS
        .iter()
        .flat_map(|t| {
            let layer = t.load();
            layer
                .features
                .iter()
                .map(|f| (t.id.to_string(), f.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_source_and_figure_quote_is_verbatim_in_its_seed() {
    let mut checked = 0;
    for (layer, f) in all_features() {
        let sources = f.properties["sources"].as_array().unwrap();
        assert!(
            !sources.is_empty(),
            "{layer}/{} has no source",
            f.display_name()
        );
        let figures = f.properties["figures"].as_array().unwrap();
        for s in sources.iter().chain(figures) {
            let seed = s["seed"].as_str().unwrap();
            let quote = s["quote"].as_str().unwrap();
            assert!(quote.len() >= 10, "{quote}");
            assert!(
                seed_text(seed).contains(quote),
                "{layer}/{}: quote not in {seed}: {quote}",
                f.display_name()
            );
            checked += 1;
        }
        for fig in figures {
            // The number shown must be the number the quote states (as written in the article).
            let value = fig["value"].as_f64().unwrap();
            let quote = fig["quote"].as_str().unwrap().replace(',', "");
            let as_written = [
                format!("{value}"),
                format!("{}", value / 1e6),
                format!("{}", value / 1e3),
            ];
            let words = [
                "one new vehicle",
                "one electric core",
                "seventh",
                "Eight",
                "all five",
            ];
            assert!(
                as_written.iter().any(|v| quote.contains(v.as_str()))
                    || words.iter().any(|w| quote.contains(w)),
                "{}: {value} not in “{quote}”",
                f.display_name()
            );
            // "more than", "over", "nearly": only where the article bounds the number so.
            if let Some(q) = fig.get("qualifier").and_then(Value::as_str) {
                assert!(
                    quote.to_lowercase().contains(q),
                    "{}: “{q}” not in “{quote}”",
                    f.display_name()
                );
            }
        }
    }
    assert!(checked > 40, "only {checked} quotes");
}

#[test]
fn categories_and_precision_are_valid_and_approximate_points_say_so() {
    let categories = [
        "low_altitude_scenario",
        "event",
        "logistics_hub",
        "airport",
        "port",
        "transport_corridor",
        "industrial_project",
        "industrial_cluster",
        "statistic",
    ];
    for (layer, f) in all_features() {
        let category = f.str_property("category").unwrap();
        assert!(categories.contains(&category), "{layer}: {category}");
        let precision = f.str_property("location_precision").unwrap();
        assert!(
            [
                "site",
                "approximate",
                "district seat",
                "district centroid",
                "municipality-wide"
            ]
            .contains(&precision),
            "{precision}"
        );
        if precision != "site" {
            assert_eq!(
                f.properties["approximate"],
                Value::Bool(true),
                "{}",
                f.display_name()
            );
            assert!(matches!(
                f.precision(),
                LocationPrecision::Approximate { .. }
            ));
            let note = f.str_property("location_note").unwrap_or("");
            assert!(
                !note.is_empty(),
                "{} lacks a location note",
                f.display_name()
            );
            // The card shows it: plain words, no research-tool ids or raw GCJ-02 pairs.
            assert!(
                !note.contains("find_string") && !note.contains("GCJ-02 1"),
                "{}: {note}",
                f.display_name()
            );
        }
        assert!(
            f.name_en().is_some() && f.name_zh().is_some(),
            "{}",
            f.display_name()
        );
    }
}

#[test]
fn points_inside_chongqing_lie_in_the_district_they_name() {
    let districts = district_layer(Vintage::Current);
    let mut checked = 0;
    for (_, f) in all_features() {
        let (Geometry::Point(p), Some(district)) = (&f.geometry, f.str_property("district")) else {
            continue;
        };
        let name = district.split(" (").next().unwrap();
        let d = districts
            .features
            .iter()
            .find(|d| d.name_en() == Some(name))
            .unwrap_or_else(|| panic!("unknown district {name}"));
        assert!(
            d.geometry.contains(p),
            "{} is not inside {name}",
            f.display_name()
        );
        checked += 1;
    }
    assert!(checked >= 4);
}

#[test]
fn the_seed_layers_cover_the_three_themes() {
    let ids: Vec<&str> = THEMATIC_LAYERS.iter().map(|t| t.id).collect();
    assert_eq!(ids, ["logistics", "industry", "low_altitude", "figures"]);
    let all = all_features();
    let count = |cat: &str| {
        all.iter()
            .filter(|(_, f)| f.str_property("category") == Some(cat))
            .count()
    };
    assert_eq!(count("transport_corridor"), 3);
    assert_eq!(count("low_altitude_scenario"), 3);
    assert!(count("industrial_project") >= 7);
}

#[test]
fn charts_show_the_seed_series_with_their_citations() {
    use chongqing_atlas::io::embedded::{Vintage, default_layers};
    use chongqing_atlas::model::seed_charts;
    let charts = seed_charts(&default_layers(Vintage::Current));
    let nev = charts
        .iter()
        .find(|c| c.title == "NEV production in Chongqing")
        .expect("NEV chart");
    let series: Vec<(&str, f64, bool)> = nev
        .bars
        .iter()
        .map(|b| (b.name.as_str(), b.value, b.figure.is_target()))
        .collect();
    assert_eq!(
        series,
        [
            ("2024", 953_000.0, false),
            ("Jan–Oct 2025", 944_000.0, false),
            ("2025 target", 1_300_000.0, true)
        ]
    );
    let growth = charts
        .iter()
        .find(|c| c.title == "Growth year on year")
        .expect("growth chart");
    assert!(growth.bars.windows(2).all(|w| w[0].value >= w[1].value));
    let hours = growth
        .bars
        .iter()
        .find(|b| b.figure.label == "Flight hours")
        .unwrap();
    assert_eq!(hours.value, 109.0);
    // Every bar's quote is in the seed it cites, and states the number drawn.
    for bar in nev.bars.iter().chain(&growth.bars) {
        let seed = seed_text(&bar.figure.seed);
        assert!(
            seed.contains(&bar.figure.quote),
            "{} not in {}",
            bar.figure.quote,
            bar.figure.seed
        );
    }
}

#[test]
fn every_placed_feature_points_at_its_row_of_the_research_table() {
    let table = std::fs::read_to_string("geodata/sources/places.csv").unwrap();
    let ids: std::collections::HashSet<&str> = table
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    let mut placed = 0;
    for (_, f) in all_features() {
        if f.str_property("location_precision") == Some("municipality-wide") {
            continue;
        }
        let reference = f.str_property("place_ref").unwrap_or_default();
        let id = reference
            .strip_prefix("sources/places.csv#")
            .unwrap_or_else(|| panic!("{}: place_ref {reference:?}", f.display_name()));
        assert!(ids.contains(id), "{}: no row {id}", f.display_name());
        placed += 1;
    }
    assert!(placed >= 20, "only {placed} placed features");
}
