//! The two languages Trygg speaks: Swedish first, English on request.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// Swedish unless `Accept-Language` prefers English over Swedish.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = match tag.split('-').next() {
                Some("en") => Lang::En,
                Some("sv") => Lang::Sv,
                _ => continue,
            };
            if best.is_none_or(|(best_q, _)| q > best_q) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Sv, |(_, lang)| lang)
    }

    /// A language stored as its code (`sv`, `en`); Swedish if unknown.
    pub fn from_code(code: &str) -> Lang {
        if code == "en" {
            Lang::En
        } else {
            Lang::Sv
        }
    }

    /// The text in this language.
    pub fn pick(self, sv: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Sv => sv.into(),
            Lang::En => en.into(),
        }
    }

    /// One of two values by language, without making a `String`.
    pub fn choose<T>(self, sv: T, en: T) -> T {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }
}

impl Lang {
    /// `sv` or `en`, as stored.
    pub fn code(self) -> &'static str {
        self.choose("sv", "en")
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_is_the_default_and_english_is_honoured_by_quality() {
        assert_eq!(Lang::from_accept_language(""), Lang::Sv);
        assert_eq!(Lang::from_accept_language("en"), Lang::En);
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("sv-SE,en;q=0.5"), Lang::Sv);
        assert_eq!(Lang::from_accept_language("de,en;q=0.8,sv;q=0.9"), Lang::Sv);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Sv);
    }
}
