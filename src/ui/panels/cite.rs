//! A seed article named as a reader cites it, wherever a source is shown: the card's figures
//! and sources, the charts' bars and footers.

use crate::i18n::{tr, trf};
use crate::model::citation;

/// "“Title”, Outlet, date", or for an article without a headline "Outlet's report on …,
/// date"; an unknown seed name is shown as it is.
pub fn cite(seed: &str) -> String {
    let Some(c) = citation(seed) else {
        return seed.to_string();
    };
    let outlet = c
        .outlet
        .map_or_else(|| tr("outlet not stated").to_string(), str::to_string);
    match c.title {
        Some(title) => format!("“{title}”, {outlet}, {}", c.date),
        None => trf(
            "report on {about} ({outlet}), {date}",
            &[("about", &c.about), ("outlet", &outlet), ("date", &c.date)],
        ),
    }
}

/// The line under a quote: the article it is from, and the date the feature gives for it.
pub fn quoted_from(seed: &str) -> String {
    trf("— {article}", &[("article", &cite(seed))])
}
