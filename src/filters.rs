//! Judging filters as data: the word lists with which `judge` decides that
//! a hit is not a promise (a negation, a duty laid on the reader, a wish, a
//! sentence about claims, a disclaimer) or that a link does not pin it (a
//! way to reach the business). Each lives in `rules/filters/<name>.toml`
//! with its documentation and examples, which the tests run through the
//! whole pipeline; `--show-cleared` names the filter that cleared a hit.

use serde::Deserialize;
use std::sync::OnceLock;

/// One filter file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterFile {
    pub summary: String,
    /// What `--show-cleared` says when this filter clears a hit.
    pub reason: String,
    /// The words or phrases the filter looks for, lowercase.
    pub words: Vec<String>,
    /// Duty words that lay the duty on the reader whoever speaks (duty).
    #[serde(default)]
    pub advice: Vec<String>,
    /// Subjects that make a duty word the business's own promise (duty).
    #[serde(default)]
    pub subjects: Vec<String>,
    #[serde(default)]
    pub examples: Vec<FilterExample>,
}

/// A text, a hit in it, and whether this filter clears that hit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterExample {
    pub text: String,
    pub hit: String,
    pub cleared: bool,
}

/// Every built-in filter, by name.
pub struct Filters {
    pub negation: FilterFile,
    pub duty: FilterFile,
    pub wish: FilterFile,
    pub claim_talk: FilterFile,
    pub disclaimer: FilterFile,
    pub contact_link: FilterFile,
}

impl Filters {
    /// The filters with their file names, for tests and documentation.
    pub fn all(&self) -> [(&'static str, &FilterFile); 6] {
        [
            ("negation", &self.negation),
            ("duty", &self.duty),
            ("wish", &self.wish),
            ("claim-talk", &self.claim_talk),
            ("disclaimer", &self.disclaimer),
            ("contact-link", &self.contact_link),
        ]
    }
}

/// The built-in filters, parsed on first use from the embedded files.
pub fn filters() -> &'static Filters {
    static FILTERS: OnceLock<Filters> = OnceLock::new();
    FILTERS.get_or_init(|| {
        let load = |name: &str| -> FilterFile {
            let wanted = format!("filters/{name}.toml");
            let text = crate::builtin::BUILTIN_RULES
                .iter()
                .find(|(path, _)| *path == wanted)
                .map(|(_, text)| *text)
                .unwrap_or_else(|| panic!("built-in filter file {wanted} is embedded"));
            // Built-in files: a failure here is a bug caught by tests.
            toml::from_str(text).unwrap_or_else(|e| panic!("{wanted}: {e}"))
        };
        Filters {
            negation: load("negation"),
            duty: load("duty"),
            wish: load("wish"),
            claim_talk: load("claim-talk"),
            disclaimer: load("disclaimer"),
            contact_link: load("contact-link"),
        }
    })
}

/// True when `word` (already lowercased) is one of `words`.
pub fn contains(words: &[String], word: &str) -> bool {
    words.iter().any(|w| w == word)
}
