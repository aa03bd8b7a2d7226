//! Roadsign detectors: the concrete details (a duration, a clock time, a date,
//! money, a percentage, a count with its noun, a link, a condition) that pin a
//! promise down. They live here, in one place, so every rule clears fog the
//! same way. Detectors only find; `judge` decides what a find clears.

use regex_automata::meta::Regex;
use serde::Deserialize;
use std::ops::Range;
use std::sync::OnceLock;

/// A named kind of concrete detail a rule's `[unless]` can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Detector {
    Duration,
    ClockTime,
    Date,
    Money,
    Percentage,
    Count,
    Link,
    Condition,
    Restriction,
}

impl Detector {
    pub const ALL: [Detector; 9] = [
        Detector::Duration,
        Detector::ClockTime,
        Detector::Date,
        Detector::Money,
        Detector::Percentage,
        Detector::Count,
        Detector::Link,
        Detector::Condition,
        Detector::Restriction,
    ];

    /// The name used in rule files.
    pub fn name(self) -> &'static str {
        match self {
            Detector::Duration => "duration",
            Detector::ClockTime => "clock-time",
            Detector::Date => "date",
            Detector::Money => "money",
            Detector::Percentage => "percentage",
            Detector::Count => "count",
            Detector::Link => "link",
            Detector::Condition => "condition",
            Detector::Restriction => "restriction",
        }
    }

    /// Byte ranges of `text` where this detector finds a concrete detail.
    /// (Links attached as markup are not visible in text; the caller checks
    /// the segment's anchors for those.)
    pub fn find_in(self, text: &str) -> Vec<Range<usize>> {
        let found: Vec<Range<usize>> = match self.dfa() {
            Some(dfa) => dfa.find_iter(text).map(|m| m.range()).collect(),
            None => pattern(self).find_iter(text).map(|m| m.range()).collect(),
        };
        match detector_file(self).refine {
            Some(Refinement::Count) => found.into_iter().filter(|r| is_count(text, r)).collect(),
            None => found,
        }
    }

    /// The detector's DFAs built ahead of time, in a small run, where
    /// compiling its regex would cost more than searching a few sentences
    /// with them (`dfas`).
    fn dfa(self) -> Option<&'static crate::dfas::PrebuiltDfa> {
        static FOUND: [OnceLock<Option<&'static crate::dfas::PrebuiltDfa>>; Detector::ALL.len()] =
            [const { OnceLock::new() }; Detector::ALL.len()];
        if !crate::builtin::is_small_run() {
            return None;
        }
        *FOUND[self as usize].get_or_init(|| {
            crate::dfas::prebuilt(&crate::builtin::ascii_word_boundaries(
                &detector_file(self).pattern,
            ))
        })
    }

    /// Whether this run searches with the detectors' DFAs built ahead of
    /// time (a small run, with data for this pack), so that their regexes
    /// need no compiling up front (`warm`).
    pub fn searched_by_dfas() -> bool {
        crate::builtin::is_small_run() && crate::dfas::usable()
    }
}

/// True when a link's text names a way to reach the business rather than a
/// page of terms: such a link does not pin a promise down.
pub fn is_contact_link(link_text: &str) -> bool {
    let lower = link_text.to_lowercase();
    crate::filters::filters()
        .contact_link
        .words
        .iter()
        .any(|w| lower.contains(w.as_str()))
}

/// A detector's file, `rules/detectors/<name>.toml`: its documentation, its
/// regex (case-insensitive, `\b` an ASCII boundary), an optional refinement
/// in code for what a regex cannot say, and examples the tests run.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorFile {
    pub summary: String,
    pub pattern: String,
    #[serde(default)]
    pub refine: Option<Refinement>,
    #[serde(default)]
    pub examples: Vec<DetectorExample>,
}

/// Checks in code that a regex cannot express, named by a detector file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refinement {
    /// `is_count`: not a year, a price, a version or a function word.
    Count,
}

/// One example of a detector: a text and everything it must find in it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorExample {
    pub text: String,
    pub finds: Vec<String>,
}

/// The built-in file of `detector`, parsed on first use. The files are
/// embedded with the rules; a test parses and runs every one.
pub fn detector_file(detector: Detector) -> &'static DetectorFile {
    static FILES: [OnceLock<DetectorFile>; Detector::ALL.len()] =
        [const { OnceLock::new() }; Detector::ALL.len()];
    FILES[detector as usize].get_or_init(|| {
        let wanted = format!("detectors/{}.toml", detector.name());
        let text = crate::builtin::BUILTIN_RULES
            .iter()
            .find(|(path, _)| *path == wanted)
            .map(|(_, text)| *text)
            .unwrap_or_else(|| panic!("built-in detector file {wanted} is embedded"));
        toml::from_str(text).unwrap_or_else(|e| panic!("{wanted}: {e}"))
    })
}

impl Detector {
    /// Compiles the detector's regex now, not when first used.
    pub fn compile(self) {
        pattern(self);
    }
}

fn pattern(detector: Detector) -> &'static Regex {
    // Each compiled on first use: compiling all of them up front was a
    // third of a one-file run, and most files need only a few.
    static PATTERNS: [OnceLock<Regex>; Detector::ALL.len()] =
        [const { OnceLock::new() }; Detector::ALL.len()];
    PATTERNS[detector as usize].get_or_init(|| {
        // ASCII word boundaries keep the regex crate on its fast engines
        // (Unicode-aware `\b` made the same search 90× slower: see ARCHITECTURE.md); the words around them are ASCII anyway.
        let source = crate::builtin::ascii_word_boundaries(&detector_file(detector).pattern);
        // Built-in patterns: a failure here is a bug caught by tests.
        // Without a literal prefilter: detectors search single sentences,
        // and extracting their literals was most of their compile time.
        crate::builtin::sentence_regex(&source).expect("built-in detector pattern")
    })
}

/// Words after a number that show it counts nothing: function words, and
/// units of time or money that other detectors own.
const NOT_COUNTED: [&str; 28] = [
    "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "by", "the", "with", "from", "as",
    "is", "are", "was", "were", "be", "per", "x", "am", "pm", "st", "nd", "rd", "th",
];

/// A count is a number with the noun it counts ("200 products", "3
/// projects", "50 GB"): never a year ("since 1995"), a street or model
/// number ("12 Elm Street", "Model 3": the noun is capitalised or missing),
/// a price or a version ("$25 per month", "v2 of").
fn is_count(text: &str, found: &Range<usize>) -> bool {
    let matched = &text[found.clone()];
    let digits_end = matched
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(matched.len());
    let number = &matched[..digits_end];
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        // A number word ("three projects"): the pattern already asks for a
        // plural noun.
        return true;
    }
    let before = text[..found.start].chars().next_back();
    if before.is_some_and(|c| "$€£¥₹#".contains(c) || c.is_alphabetic()) {
        return false;
    }
    let is_year = number.len() == 4
        && (number.starts_with("19") || number.starts_with("20"))
        && number.chars().all(|c| c.is_ascii_digit());
    if is_year {
        return false;
    }
    let noun = matched[digits_end..]
        .trim_start_matches('+')
        .trim()
        .to_ascii_lowercase();
    !NOT_COUNTED.contains(&noun.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(detector: Detector, text: &str) -> Vec<String> {
        detector
            .find_in(text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    #[test]
    fn durations_and_ranges() {
        assert_eq!(
            finds(Detector::Duration, "arrives in 2–3 business days"),
            ["2–3 business days"]
        );
        assert_eq!(
            finds(Detector::Duration, "replies within 24 hours"),
            ["24 hours"]
        );
        assert_eq!(finds(Detector::Duration, "a 14-day trial"), ["14-day"]);
        assert_eq!(
            finds(Detector::Duration, "within thirty days of delivery"),
            ["thirty days"]
        );
        assert!(finds(Detector::Duration, "in 2026 we grew").is_empty());
        assert_eq!(finds(Detector::Duration, "more than a week"), ["a week"]);
    }

    #[test]
    fn clock_times_and_cutoffs() {
        assert_eq!(finds(Detector::ClockTime, "order by 2 p.m. ET"), ["2 p.m."]);
        assert_eq!(finds(Detector::ClockTime, "before 14:00 CET"), ["14:00"]);
        assert_eq!(finds(Detector::ClockTime, "by noon"), ["noon"]);
        assert!(finds(Detector::ClockTime, "version 2.1").is_empty());
    }

    #[test]
    fn dates() {
        assert_eq!(finds(Detector::Date, "ends December 31"), ["December 31"]);
        assert_eq!(finds(Detector::Date, "ends 31 Dec 2026"), ["31 Dec"]);
        assert_eq!(finds(Detector::Date, "until 2026-12-31"), ["2026-12-31"]);
        assert_eq!(finds(Detector::Date, "open Monday"), ["Monday"]);
        assert_eq!(
            finds(Detector::Date, "ships between the 17th and 25th"),
            ["the 17th"]
        );
        assert!(finds(Detector::Date, "you may cancel").is_empty());
    }

    #[test]
    fn money_percentages_counts() {
        assert_eq!(
            finds(Detector::Money, "costs $12 or €9.99 or 5 GBP"),
            ["$1", "€9", "5 GBP"]
        );
        assert_eq!(
            finds(Detector::Percentage, "save 20% or 15 percent"),
            ["20%", "15 percent"]
        );
        assert_eq!(
            finds(Detector::Count, "3 projects and 50 GB"),
            ["3 projects", "50 GB"]
        );
        assert_eq!(
            finds(Detector::Count, "up to five devices"),
            ["five devices"]
        );
        assert_eq!(
            finds(Detector::Count, "200 products, 1 user"),
            ["200 products", "1 user"]
        );
    }

    #[test]
    fn counts_are_not_addresses_years_prices_or_versions() {
        for text in [
            "at 12 Elm Street since 1995",
            "from $25 per month",
            "Model 3 and v2 of the app",
            "call (281) 292-1897 or email us",
            "in 2026 we grew",
            "the people of 3mdeb are",
        ] {
            assert!(
                finds(Detector::Count, text).is_empty(),
                "{text}: {:?}",
                finds(Detector::Count, text)
            );
        }
    }

    #[test]
    fn vague_spans_are_not_durations() {
        assert!(finds(Detector::Duration, "within a few days").is_empty());
        assert_eq!(finds(Detector::Duration, "24+ hours notice"), ["24+ hours"]);
    }

    #[test]
    fn links_and_conditions() {
        assert_eq!(
            finds(Detector::Link, "see https://example.com/terms."),
            ["https://example.com/terms."]
        );
        assert_eq!(
            finds(Detector::Condition, "for orders over $50"),
            ["for orders over"]
        );
        assert_eq!(
            finds(Detector::Condition, "on unworn items with tags"),
            ["unworn", "with tags"]
        );
        assert_eq!(
            finds(Detector::Condition, "excluding sale items"),
            ["excluding"]
        );
        assert!(finds(Detector::Condition, "we ship gifts").is_empty());
    }
}
