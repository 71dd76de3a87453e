//! The thematic layers built from the seed articles: every claim traceable, every place honest.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

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
            if let Some(words) = fig.get("words").and_then(Value::as_str) {
                // Said in words: the words are in the quote and denote the value.
                let denoted = match words {
                    "one-third" => 1.0 / 3.0,
                    "two-thirds" => 2.0 / 3.0,
                    "one out of every seven" => 1.0 / 7.0,
                    "first" | "trillion-yuan" => 1.0,
                    other => panic!("{}: unknown words {other}", f.display_name()),
                };
                assert!(quote.contains(words), "{words} not in “{quote}”");
                assert!((value - denoted).abs() < 1e-9, "{words} is not {value}");
                continue;
            }
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
                "municipality-wide",
                "region-wide"
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
fn every_placed_point_lies_in_the_district_its_card_names() {
    let districts = district_layer(Vintage::Current);
    let airports = chongqing_atlas::io::embedded::airports_layer();
    let mut checked = 0;
    let everything = all_features()
        .into_iter()
        .map(|(_, f)| f)
        .chain(airports.features.iter().cloned());
    for f in everything {
        let Geometry::Point(p) = &f.geometry else {
            continue;
        };
        let wide = matches!(
            f.str_property("location_precision"),
            Some("municipality-wide" | "region-wide")
        );
        let containing: Vec<&str> = districts
            .features
            .iter()
            .filter(|d| d.geometry.contains(p))
            .filter_map(|d| d.name_en())
            .collect();
        match f.str_property("district") {
            Some(district) => {
                let name = district.split(" (").next().unwrap();
                assert_eq!(containing, [name], "{} names {name}", f.display_name());
                checked += 1;
            }
            // A point without a district is outside Chongqing (and says where), or stands for
            // the whole municipality or region.
            None if wide => {}
            None => assert!(
                containing.is_empty()
                    && (f.str_property("outside_chongqing").is_some()
                        || f.str_property("province").is_some()),
                "{} lies in {containing:?} but its card names no district",
                f.display_name()
            ),
        }
    }
    assert!(checked >= 25, "only {checked} points checked");
}

#[test]
fn the_audited_placements_are_where_the_sources_put_them() {
    let all = all_features();
    let find = |id: &str| {
        all.iter()
            .map(|(_, f)| f)
            .find(|f| f.str_property("id") == Some(id))
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let lonlat = |f: &Feature| match f.geometry {
        Geometry::Point(p) => (p.x(), p.y()),
        _ => panic!("{} is not a point", f.display_name()),
    };
    let km = |a: (f64, f64), b: (f64, f64)| {
        use geo::{Distance, Haversine};
        Haversine.distance(geo::Point::from(a), geo::Point::from(b)) / 1000.0
    };
    // Mudong town, on the Yangtze's south bank (not across it in Liangjiang).
    let banan = lonlat(find("banan-biomedicine-cluster"));
    assert!(km(banan, (106.846, 29.567)) < 1.0, "{banan:?}");
    // Xinsheng Port: 12–13 km from the Zhong County seat, upstream (south-west).
    let seat = (108.03299, 30.29407);
    let port = lonlat(find("xinsheng-port"));
    assert!((10.0..16.0).contains(&km(port, seat)), "{port:?}");
    assert!(port.0 < seat.0 && port.1 < seat.1);
    // CATL–Changan: Sanjiang New Area, east of the Yibin city seat.
    let yibin = lonlat(find("catl-changan-yibin"));
    assert!(
        yibin.0 > 104.7 && km(yibin, (104.628, 28.764)) > 10.0,
        "{yibin:?}"
    );
    // Changan Yubei: towards Yufengshan, south-east of the old estimate, with a wider ring.
    let changan = find("changan-yubei-new-factory");
    assert!(km(lonlat(changan), (106.69, 29.73)) > 3.0);
    assert!(changan.f64_property("uncertainty_km").unwrap() >= 6.0);
    // The HSR's county-seat vertices are declared approximate, with the stations named.
    let hsr = find("zhengzhou-chongqing-hsr");
    assert_eq!(hsr.properties["approximate"], Value::Bool(true));
    let note = hsr.str_property("location_note").unwrap();
    assert!(
        note.contains("Zhuyi") && note.contains("Huangshi"),
        "{note}"
    );
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
    assert_eq!(count("low_altitude_scenario"), 5);
    assert!(count("industrial_project") >= 7);
}

#[test]
fn charts_show_the_seed_series_with_their_citations() {
    use chongqing_atlas::io::embedded::{Vintage, default_layers};
    use chongqing_atlas::model::seed_charts;
    let charts = seed_charts(&default_layers(Vintage::Current), None);
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
        if matches!(
            f.str_property("location_precision"),
            Some("municipality-wide" | "region-wide")
        ) {
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

/// The paragraph of a seed that holds `quote`.
fn paragraph_of<'a>(seed: &'a str, quote: &str) -> Option<&'a str> {
    seed.split('\n').find(|p| p.contains(quote))
}

#[test]
fn no_figure_sits_on_a_feature_its_article_does_not_tie_it_to() {
    let mut checked = 0;
    for (layer, f) in all_features() {
        let sources = f.properties["sources"].as_array().unwrap();
        for fig in f.figures() {
            // Some source of the feature, said in the same paragraph of the same article.
            let seed = seed_text(&fig.seed);
            let paragraph = paragraph_of(&seed, &fig.quote).unwrap();
            let tied = sources.iter().any(|s| {
                s["seed"].as_str() == Some(fig.seed.as_str())
                    && paragraph.contains(s["quote"].as_str().unwrap())
            });
            assert!(
                tied,
                "{layer}/{}: “{}” is said apart from what the feature cites",
                f.display_name(),
                fig.quote
            );
            // A figure about the whole city or country, on one site, says so.
            let placed = !matches!(
                f.str_property("location_precision"),
                Some("municipality-wide" | "region-wide")
            );
            let wide_words = ["municipal", "national", "China", "city"];
            if placed && wide_words.iter().any(|w| fig.quote.contains(w)) {
                assert!(
                    fig.scope.is_some(),
                    "{}: “{}” needs its scope",
                    f.display_name(),
                    fig.quote
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} figures");
}

#[test]
fn every_figure_of_the_seeds_is_on_the_map_with_its_quote() {
    let quotes: Vec<String> = all_features()
        .iter()
        .flat_map(|(_, f)| f.figures())
        .map(|g| g.quote)
        .collect();
    // Independent of the build script: the numbers of the five seeds, as the articles write
    // them (`../shared/research/figures.md`).
    let expected = [
        "190,000 hours",
        "109%",
        "1.16 million",
        "67% year-on-year",
        "68 low-altitude",
        "17 complete aircraft",
        "8.3 billion",
        "3.3%",
        "110 billion yuan",
        "159 newly signed",
        "40.5 trillion",
        "6.1%",
        "all 31",
        "10 billion yuan",
        "seventh city",
        "100 billion yuan",
        "350 billion yuan",
        "25,000 jobs",
        "2.72 trillion",
        "ranking first in western China",
        "953,000 NEVs",
        "94.5%",
        "944,000",
        "all five types",
        "12 “industry brain”",
        "22 national-level",
        "10 future factories",
        "211 smart factories",
        "rank first in western China",
        "Eight municipal",
        "over 50%",
        "2.6 million",
        "1.3 million",
        "100,000 servers",
        "more than 8%",
        "420.1 billion",
        "500 billion yuan",
        "437,000",
        "over 500,000",
        "trillion-yuan",
        "every 60 seconds",
        "one electric core every second",
        "2,000 vehicle and component",
        "one out of every seven",
        "two-thirds of the world’s iPads",
        "80 million laptops",
        "100 million smartphones",
        "40 billion industrial internet labels",
        "nearly 120 cities",
        "5,700 freight train trips",
        "one-third of the country’s total",
        "560 ports",
        "127 countries",
        "41%",
        "67% surge",
        "more than 60%",
        "563%",
    ];
    for phrase in expected {
        assert!(
            quotes.iter().any(|q| q.contains(phrase)),
            "no figure quotes “{phrase}”"
        );
    }
}

#[test]
fn every_feature_has_its_event_date_and_the_dates_of_its_articles() {
    use chongqing_atlas::model::{TimeField, parse_span};
    for (layer, f) in all_features() {
        let event = &f.properties["event_date"];
        assert!(
            parse_span(event).is_some(),
            "{layer}/{}: event date {event}",
            f.display_name()
        );
        // The article dates are those of every source and figure cited.
        let mut cited: Vec<String> = f.properties["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["date"].as_str().unwrap().to_string())
            .chain(f.figures().into_iter().map(|g| g.date))
            .map(|d| d.split(' ').next().unwrap().to_string())
            .collect();
        cited.sort();
        cited.dedup();
        let articles: Vec<&str> = f.properties["article_dates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        assert_eq!(articles, cited, "{}", f.display_name());
        assert!(f.properties["dates"].as_array().unwrap().len() == cited.len());
    }
    // A thematic layer is a dated layer: the time filter finds its field.
    for t in THEMATIC_LAYERS {
        assert_eq!(
            TimeField::detect(&t.load().features),
            Some(TimeField::Single("event_date".into()))
        );
    }
}

#[test]
fn translated_names_and_city_wide_figures_say_so() {
    let all = all_features();
    for id in ["liangping-scenario", "fengjie-scenario"] {
        let f = all
            .iter()
            .map(|(_, f)| f)
            .find(|f| f.str_property("id") == Some(id))
            .unwrap();
        assert!(
            f.str_property("name_note")
                .unwrap()
                .contains("our translation")
        );
        assert!(f.name_zh().unwrap().contains("译名"));
    }
    // CHINT's investment is once, on CHINT in Chongqing, not on its planned demonstrations.
    let chint: Vec<&str> = all
        .iter()
        .filter(|(_, f)| f.figures().iter().any(|g| g.label.starts_with("CHINT")))
        .filter_map(|(_, f)| f.str_property("id"))
        .collect();
    assert_eq!(chint, ["chint-chongqing"]);
    let matchmaking = all
        .iter()
        .map(|(_, f)| f)
        .find(|f| f.str_property("id") == Some("matchmaking-2025"))
        .expect("the matchmaking activities are an event");
    assert_eq!(matchmaking.str_property("category"), Some("event"));
    assert_eq!(matchmaking.str_property("event_date"), Some("2025-11-25"));
}

#[test]
fn the_airports_come_from_airportsdata_and_link_to_the_planned_airport() {
    use chongqing_atlas::io::embedded::{airports_layer, default_layers};
    let airports = airports_layer();
    assert!(airports.features.len() >= 20);
    let by_icao = |icao: &str| {
        airports
            .features
            .iter()
            .find(|f| f.str_property("icao") == Some(icao))
            .unwrap_or_else(|| panic!("no {icao}"))
    };
    let jiangbei = by_icao("ZUCK");
    assert_eq!(jiangbei.str_property("iata"), Some("CKG"));
    assert_eq!(jiangbei.name_zh(), Some("重庆江北国际机场"));
    assert!(
        jiangbei
            .str_property("source")
            .unwrap()
            .contains("airportsdata"),
        "its source is named"
    );
    // Independent check of the dataset's position: Wikipedia puts CKG at 29.7192°N 106.6417°E.
    let Geometry::Point(p) = jiangbei.geometry else {
        panic!()
    };
    assert!((p.y() - 29.7192).abs() < 0.01 && (p.x() - 106.6417).abs() < 0.01);
    // Every link resolves, and the planned airport and Jiangbei point at each other.
    let layers = default_layers(Vintage::Current);
    let ids: std::collections::HashSet<&str> = layers
        .iter()
        .flat_map(|l| l.features.iter())
        .filter_map(|f| f.str_property("id"))
        .collect();
    let mut links = Vec::new();
    for f in layers.iter().flat_map(|l| l.features.iter()) {
        for id in f
            .properties
            .get("related")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = id.as_str().unwrap();
            assert!(
                ids.contains(id),
                "{} links to missing {id}",
                f.display_name()
            );
            links.push((f.str_property("id").unwrap().to_string(), id.to_string()));
        }
    }
    let linked = |a: &str, b: &str| links.contains(&(a.to_string(), b.to_string()));
    assert!(linked("new-chongqing-airport", "airport-ZUCK"));
    assert!(linked("airport-ZUCK", "new-chongqing-airport"));
    // No protection zone is drawn: no source in the bundle defines one.
    assert!(
        airports
            .features
            .iter()
            .all(|f| matches!(f.geometry, Geometry::Point(_)))
    );
}

#[test]
fn charts_follow_a_time_range_by_the_date_of_each_figure_s_article() {
    use chongqing_atlas::io::embedded::default_layers;
    use chongqing_atlas::model::{TimeSpan, parse_span, seed_charts};
    let layers = default_layers(Vintage::Current);
    let span = |a: &str, b: &str| {
        let (a, b) = (
            parse_span(&a.into()).unwrap(),
            parse_span(&b.into()).unwrap(),
        );
        TimeSpan {
            start: a.start,
            end: b.end,
        }
    };
    let nev_periods = |range| {
        seed_charts(&layers, range)
            .into_iter()
            .find(|c| c.title == "NEV production in Chongqing")
            .map(|c| c.bars.into_iter().map(|b| b.name).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert_eq!(nev_periods(None), ["2024", "Jan–Oct 2025", "2025 target"]);
    // January 2025: the press conference gave the target; November's article the actuals.
    assert_eq!(
        nev_periods(Some(span("2025-01-01", "2025-01-31"))),
        ["2025 target"]
    );
    assert_eq!(
        nev_periods(Some(span("2025-11-01", "2025-11-30"))),
        ["2024", "Jan–Oct 2025"]
    );
    // Series the seeds give as baselines and targets are charts of their own.
    let titles: Vec<String> = seed_charts(&layers, None)
        .into_iter()
        .map(|c| c.title)
        .collect();
    for title in [
        "Software industry income",
        "Software industry employment",
        "Rail-based export growth, January 2025",
        "Sichuan and Chongqing: shares",
        "Growth year on year",
    ] {
        assert!(titles.iter().any(|t| t == title), "no chart {title}");
    }
}
