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
    /// `words` as one automaton, built on first use: a sentence is
    /// searched once for all of them, not once per word.
    #[serde(skip)]
    any_word: OnceLock<aho_corasick::AhoCorasick>,
    /// The same for the words with a space ("provided that").
    #[serde(skip)]
    any_phrase: OnceLock<aho_corasick::AhoCorasick>,
}

/// An automaton of a filter's few words: a contiguous NFA, which builds in
/// a fraction of a DFA's time, and sentences are short.
fn searcher<'a>(words: impl IntoIterator<Item = &'a String>) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(words)
        .expect("built-in filter words make an automaton")
}

impl FilterFile {
    /// True when `text` (lowercase) holds one of the words anywhere.
    pub fn found_in(&self, text: &str) -> bool {
        self.any_word
            .get_or_init(|| searcher(&self.words))
            .is_match(text)
    }

    /// Where in `text` (lowercase) the first of the words with a space
    /// starts.
    pub fn first_phrase_in(&self, text: &str) -> Option<usize> {
        self.any_phrase
            .get_or_init(|| searcher(self.words.iter().filter(|w| w.contains(' '))))
            .find(text)
            .map(|m| m.start())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// One search for all of a filter's words finds what a search for each
    /// word finds.
    #[test]
    fn a_filter_searches_for_all_its_words_at_once() {
        let texts = [
            "",
            "nothing here",
            "we must reply, provided that you agree",
            "you agree, provided that we do not warrant it; no warranty",
            "a misleading, so-called deal, guilty of nothing",
            "we make no guarantees and disclaim all",
            "it is not, never, no longer offered",
        ];
        for (name, filter) in filters().all() {
            for text in texts {
                assert_eq!(
                    filter.found_in(text),
                    filter.words.iter().any(|w| text.contains(w.as_str())),
                    "{name}: {text}"
                );
                assert_eq!(
                    filter.first_phrase_in(text),
                    filter
                        .words
                        .iter()
                        .filter(|w| w.contains(' '))
                        .filter_map(|w| text.find(w.as_str()))
                        .min(),
                    "{name}: {text}"
                );
            }
        }
    }
}
