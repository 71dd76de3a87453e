//! The interface's two languages. The language follows the system's locale (`LC_ALL`, then
//! `LC_MESSAGES`, then `LANG`, as POSIX orders them) and the user can switch it.
//!
//! Interface text is written in English in the code, as gettext does, and looked up in one
//! catalogue (`catalogue.rs`) for Chinese: `tr("Layers")`, `trf("Add {n} layers", &[("n",
//! &n)])`. The language is the UI thread's (each window, and each test's app, sets its own at
//! the start of a frame).

mod catalogue;
mod catalogue_analysis;

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

thread_local! {
    static CURRENT: Cell<Language> = const { Cell::new(Language::English) };
}

static CHINESE: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| entries().copied().collect());

/// Every entry of the catalogue, in its files.
fn entries() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    catalogue::CHINESE
        .iter()
        .chain(catalogue_analysis::ANALYSIS)
}

/// Sets the language of the interface this thread draws.
pub fn set_language(language: Language) {
    CURRENT.with(|c| c.set(language));
}

/// The language of the interface this thread draws.
pub fn language() -> Language {
    CURRENT.with(Cell::get)
}

/// `english` in the interface's language. Literals go through here: the catalogue test
/// finds them by this name.
pub fn tr(english: &'static str) -> &'static str {
    tr_text(english)
}

/// Text that is not a literal (a bundled layer's name, a vintage's label) in the interface's
/// language, if the catalogue has it.
pub fn tr_text(english: &str) -> &str {
    match language() {
        Language::English => english,
        Language::Chinese => CHINESE.get(english).copied().unwrap_or(english),
    }
}

/// A layer's name as shown: the app's own names translated (the bundled layers, and the
/// kinds GPX files hold after a file's name: `hubs.gpx · tracks` → `hubs.gpx · 航迹`).
pub fn layer_title(name: &str) -> String {
    let whole = tr_text(name);
    if whole != name {
        return whole.to_string();
    }
    match name.rsplit_once(" · ") {
        Some((file, inner)) => format!("{file} · {}", tr_text(inner)),
        None => name.to_string(),
    }
}

/// Whether `text` is English interface text the catalogue translates: in a Chinese
/// interface, a widget showing it is a string that missed its `tr`.
pub fn is_untranslated_interface_text(text: &str) -> bool {
    CHINESE.get(text).is_some_and(|chinese| *chinese != text)
}

/// [`tr`], then each `{name}` replaced by its value.
pub fn trf(english: &'static str, args: &[(&str, &dyn Display)]) -> String {
    let mut text = tr(english).to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), &value.to_string());
    }
    text
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    English,
    /// Simplified Chinese.
    Chinese,
}

impl Language {
    /// The language of the system's locale: Chinese for any `zh` locale, else English.
    pub fn from_environment() -> Self {
        Self::from_locale_variables(|name| std::env::var(name).ok())
    }

    /// As [`Self::from_environment`], reading variables through `var`.
    pub fn from_locale_variables(var: impl Fn(&str) -> Option<String>) -> Self {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()));
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("zh") => Self::Chinese,
            _ => Self::English,
        }
    }

    /// The text in this language.
    pub fn pick<'a>(self, english: &'a str, chinese: &'a str) -> &'a str {
        match self {
            Self::English => english,
            Self::Chinese => chinese,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every literal given to `tr` or `trf` in the sources (comments and this module aside),
    /// with its file: what the catalogue must hold.
    fn literals_in_sources() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        walk(&root, &mut files);
        files.retain(|f| !f.starts_with(root.join("i18n")));
        let mut found = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let code: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for call in ["tr(", "trf("] {
                for (at, _) in code.match_indices(call) {
                    let before = code[..at].chars().last();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = code[at + call.len()..].trim_start();
                    let Some(rest) = rest.strip_prefix('"') else {
                        continue;
                    };
                    let mut literal = String::new();
                    let mut chars = rest.chars();
                    while let Some(c) = chars.next() {
                        match c {
                            '"' => break,
                            '\\' => match chars.next() {
                                // A line continuation: the newline and the next line's indent go.
                                Some('\n') => {
                                    let rest: String = chars.clone().collect();
                                    let skipped = rest.len() - rest.trim_start().len();
                                    for _ in 0..rest[..skipped].chars().count() {
                                        chars.next();
                                    }
                                }
                                Some('n') => literal.push('\n'),
                                Some(other) => literal.push(other),
                                None => {}
                            },
                            c => literal.push(c),
                        }
                    }
                    found.push((literal, file.display().to_string()));
                }
            }
        }
        found
    }

    #[test]
    fn every_interface_text_has_its_chinese_and_the_same_placeholders() {
        let literals = literals_in_sources();
        assert!(literals.len() > 100, "only {} found", literals.len());
        let missing: Vec<_> = literals
            .iter()
            .filter(|(english, _)| !CHINESE.contains_key(english.as_str()))
            .collect();
        assert!(missing.is_empty(), "not in the catalogue: {missing:#?}");
        let placeholders = |text: &str| {
            let mut names: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|part| part.split_once('}').map(|(n, _)| n.to_owned()))
                .collect();
            names.sort();
            names
        };
        for (english, chinese) in entries() {
            assert_eq!(
                placeholders(english),
                placeholders(chinese),
                "{english} → {chinese}"
            );
            assert!(!chinese.is_empty(), "{english}");
        }
        let mut keys: Vec<_> = entries().map(|(e, _)| e).collect();
        keys.sort();
        let before = keys.len();
        keys.dedup();
        assert_eq!(
            before,
            keys.len(),
            "an English text is in the catalogue twice"
        );
    }

    #[test]
    fn text_follows_the_threads_language() {
        set_language(Language::Chinese);
        assert_eq!(tr("Layers"), "图层");
        assert_eq!(trf("Add {n} layers", &[("n", &3)]), "添加 3 个图层");
        assert_eq!(
            tr("a text the catalogue lacks"),
            "a text the catalogue lacks"
        );
        set_language(Language::English);
        assert_eq!(tr("Layers"), "Layers");
        assert_eq!(trf("Add {n} layers", &[("n", &3)]), "Add 3 layers");
    }

    #[test]
    fn the_locale_decides_and_lc_all_comes_first() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let from = |pairs| Language::from_locale_variables(env(pairs));
        assert_eq!(from(&[("LANG", "zh_CN.UTF-8")]), Language::Chinese);
        assert_eq!(from(&[("LANG", "C.UTF-8")]), Language::English);
        assert_eq!(from(&[]), Language::English);
        assert_eq!(
            from(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")]),
            Language::English
        );
        assert_eq!(
            from(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_TW"), ("LANG", "en_GB")]),
            Language::Chinese
        );
    }
}
