//! The interface's two languages. The language follows the system's locale (`LC_ALL`, then
//! `LC_MESSAGES`, then `LANG`, as POSIX orders them) and the user can switch it.

use serde::{Deserialize, Serialize};

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
