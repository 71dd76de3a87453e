//! The five seed articles as a reader would cite them: title (when the article prints one),
//! outlet (when it names one) and date, all as the text gives them. The map's features carry
//! the seed's file name; everything the user sees names the article instead.

/// One seed article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    /// The file under `shared/seeds/` the features cite.
    pub seed: &'static str,
    /// The headline as printed, when the article has one.
    pub title: Option<&'static str>,
    /// What the article reports, in our words, for an article without a headline.
    pub about: &'static str,
    /// The outlet the article names (dateline or "Source:" line); `None`: it names none.
    pub outlet: Option<&'static str>,
    /// The date as printed (the year in brackets where the article leaves it out).
    pub date: &'static str,
}

/// The seed articles, checked against their text.
pub const SEED_ARTICLES: &[Citation] = &[
    Citation {
        seed: "000_7e90740f99964049.txt",
        title: None,
        about: "the 2025 Low-Altitude Industry Ecosystem Conference",
        outlet: Some("PRNewswire"),
        date: "Sept. 7, 2025",
    },
    Citation {
        seed: "001_3cdc3c0adf9e9dc5.txt",
        title: Some(
            "MIIT: Increase Policy Support for the Innovation and Development of the \
             Low-Altitude Industry, Accelerate Preliminary Research on Standards, and Establish \
             a Sound Industrial Standard System",
        ),
        about: "the MIIT leading group meeting on the low-altitude industry",
        outlet: Some("CLS Fintech"),
        date: "Feb 14, 2026",
    },
    Citation {
        seed: "002_095d29cdce9e3eb4.txt",
        title: None,
        about: "the 2025 China Industrial Transfer & Development Matchmaking Activities \
                (Chongqing)",
        outlet: None,
        date: "November 25, 2025",
    },
    Citation {
        seed: "003_ed158aa074f929e7.txt",
        title: Some(
            "Automotive Industry Now Contributes Over 50% to Chongqing's Industrial-Added Value",
        ),
        about: "the press conference of the third session of the sixth Chongqing People's \
                Congress",
        outlet: Some("iChongqing"),
        date: "Jan 21, 2025",
    },
    Citation {
        seed: "004_ce5a19d09bc0717a.txt",
        title: Some(
            "Chengdu-Chongqing Automotive Industry Accelerates with 2,000+ Manufacturers Joining Forces",
        ),
        about: "the Chengdu-Chongqing automotive industry",
        outlet: None,
        date: "March 25 [2025]",
    },
];

/// The article a seed file name stands for.
pub fn citation(seed: &str) -> Option<&'static Citation> {
    SEED_ARTICLES.iter().find(|c| c.seed == seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each title, outlet and date is printed in its seed file, word for word.
    #[test]
    fn every_citation_is_in_its_article() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        if !seeds.exists() {
            eprintln!("skipping: {} is not beside the repository", seeds.display());
            return;
        }
        for c in SEED_ARTICLES {
            let text = std::fs::read_to_string(seeds.join(c.seed)).unwrap();
            let text = text.replace("\u{2019}", "'");
            for printed in [c.title, c.outlet].into_iter().flatten() {
                assert!(text.contains(printed), "{}: {printed}", c.seed);
            }
            // "Jan 21,2025" in the text, "Jan 21, 2025" here.
            let squeezed = text.replace(' ', "");
            let date = c.date.split(" [").next().unwrap().replace(' ', "");
            assert!(squeezed.contains(&date), "{}: {date}", c.seed);
        }
    }
}
