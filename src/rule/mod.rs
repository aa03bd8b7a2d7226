//! Rules: what one rule is (`Rule`), how it is named (`RuleId`), how serious
//! it is (`Severity`), and the pack of rules a run uses (`RulePack`): the
//! built-in pack embedded at build time plus user rule folders. Loading and
//! validation live in `load`; matching is `check`'s job.

mod image;
mod lists;
mod load;

pub use crate::builtin::BUILTIN_RULES;
pub use lists::{parse_list, WordList, WordLists, LISTS_FOLDER, MAX_EXPANSION};
#[cfg(test)]
pub(crate) use load::compile_rule_regex;
pub(crate) use load::without_examples;
pub use load::{
    builtin_lists, load_pack, load_pack_with, load_pack_without_examples, parse_rule,
    parse_rule_with_lists, RuleError,
};

use crate::roadsign::Detector;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// How serious a finding is. Ordered, so a fail level is a comparison.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Puffery readers rarely take literally.
    Info,
    /// Expectation fog: a reader will assume more than the copy says.
    Warning,
    /// Wording regulators treat as misleading when unqualified.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's id, `<category>/<name>`: the folder and file stem of its TOML.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(Arc<str>);

impl RuleId {
    pub fn new(category: &str, name: &str) -> RuleId {
        RuleId(format!("{category}/{name}").into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn category(&self) -> &str {
        self.0.split_once('/').map_or(&*self.0, |(c, _)| c)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a rule looks for.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// Literal phrases: case-insensitive, word-bounded, any whitespace between
    /// words, a hyphen also matching a space, `'` also matching `’`.
    Phrases(Phrases),
    /// One regular expression, case-insensitive, `\b` an ASCII boundary.
    Regex(LazyRegex),
    /// A phrase of one set within a few words of a phrase of another, in the
    /// same sentence ("rapid, friendly replies").
    Near(Near),
    /// No words: the promise ledger reports the rule's findings once every
    /// file is read (`kind = "ledger"`, the `ledger/` rules). The rule file
    /// documents it for `--list-rules`, `--explain` and SARIF.
    Ledger,
}

/// Phrases as the rule writes them (templates such as `"{speed} shipping"`
/// included) and the literal phrases they expand to.
#[derive(Debug, Clone, Default)]
pub struct Phrases {
    pub written: Vec<String>,
    pub expanded: Vec<String>,
}

/// Two sets of phrases that make fog when they stand close together.
#[derive(Debug, Clone)]
pub struct Near {
    pub first: Phrases,
    pub then: Phrases,
    /// At most this many words stand between the two.
    pub within: usize,
    /// `then` may also come before `first`.
    pub either_order: bool,
}

/// What clears a hit: concrete details in the same sentence.
#[derive(Debug, Clone, Default)]
pub struct Unless {
    pub sentence_has: Vec<Detector>,
    pub sentence_matches: Option<SentenceRegex>,
    /// Detectors that clear the hit from any sentence of its paragraph: for
    /// claims a paragraph goes on to define without naming them again ("We
    /// stand behind our work. Any leak within 12 months is repaired free.").
    pub paragraph_has: Vec<Detector>,
    /// The rule is about a term of art ("expedited shipping", "full
    /// refund"): a sentence anywhere on the page that names the term and
    /// gives the dimension defines it there.
    pub page_defines: bool,
}

/// A rule regex compiled on first use. Building the built-in pack's regexes
/// eagerly took most of a one-file run (29 of 45 ms), and a run only needs
/// those of the rules that hit. Compiled as `regex::Regex` compiles (a meta
/// regex with its literal prefilter, `builtin::rule_regex`), without the
/// prefilter in a small run, where extracting the literals cost more than
/// they save.
#[derive(Debug, Clone)]
pub struct LazyRegex {
    /// The pattern with ASCII word boundaries, as compiled.
    source: Arc<str>,
    compiled: Arc<OnceLock<regex_automata::meta::Regex>>,
    /// Whether every match holds a digit, when known ahead (the rule
    /// pack's data): the matcher works it out from the pattern otherwise.
    needs_digit: Option<bool>,
    /// Its DFAs built ahead of time, once looked for (`for_each_match`).
    prebuilt: Arc<OnceLock<Option<&'static crate::dfas::PrebuiltDfa>>>,
}

impl LazyRegex {
    /// A user's regex, already compiled by `regex` (and so validated): it
    /// is compiled again, as the rules' are, when first used.
    pub(crate) fn validated(regex: &Regex) -> LazyRegex {
        LazyRegex::as_compiled(regex.as_str())
    }

    /// A built-in regex, compiled when first used: `source` as written in
    /// the rule.
    pub(crate) fn deferred(source: &str) -> LazyRegex {
        LazyRegex::as_compiled(&crate::builtin::ascii_word_boundaries(source))
    }

    /// A regex given as compiled (its `as_str`), compiled when first used:
    /// the rule pack's data (`image`).
    pub(crate) fn as_compiled(source: &str) -> LazyRegex {
        LazyRegex {
            source: source.into(),
            compiled: Arc::new(OnceLock::new()),
            needs_digit: None,
            prebuilt: Arc::new(OnceLock::new()),
        }
    }

    /// The regex, known to need a digit in every match or not.
    pub(crate) fn needing_digit(self, needs_digit: bool) -> LazyRegex {
        LazyRegex {
            needs_digit: Some(needs_digit),
            ..self
        }
    }

    /// Whether every match holds a digit, when known ahead.
    pub fn needs_digit(&self) -> Option<bool> {
        self.needs_digit
    }

    /// Calls `found` with each match's range in `text`, in order, not
    /// overlapping: in a small run with the regex's DFAs built ahead of
    /// time when there are (`dfas`), else with the compiled regex; both
    /// find the same.
    pub fn for_each_match(&self, text: &str, mut found: impl FnMut(std::ops::Range<usize>)) {
        match self.prebuilt() {
            Some(dfa) => dfa.find_iter(text).for_each(|m| found(m.range())),
            None => self.get().find_iter(text).for_each(|m| found(m.range())),
        }
    }

    /// The DFAs built ahead of time for this pattern, in a small run.
    fn prebuilt(&self) -> Option<&'static crate::dfas::PrebuiltDfa> {
        if !crate::builtin::is_small_run() {
            return None;
        }
        *self
            .prebuilt
            .get_or_init(|| crate::dfas::prebuilt(&self.source))
    }

    /// Whether searching needs the regex compiled: not when its DFAs built
    /// ahead of time serve (`warm` skips it then).
    pub fn needs_compiling(&self) -> bool {
        self.prebuilt().is_none()
    }

    /// The pattern as compiled (word boundaries made ASCII), without
    /// compiling it.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled regex.
    pub fn get(&self) -> &regex_automata::meta::Regex {
        self.compiled.get_or_init(|| {
            crate::builtin::rule_regex(&self.source).expect("rule regexes are validated on load")
        })
    }
}

/// A regex that searches sentences: a rule's `sentence_matches` (only in
/// the sentence of a hit) and the ledger's vocabulary
/// (`ledger::kinds::Pattern`). Built like a roadsign detector
/// (`builtin::sentence_regex`, no literal prefilter), which compiles in
/// about half the time `regex::Regex` takes; built-in ones are compiled on
/// first use (a rule's shared by the rules with the same pattern), and a
/// test compiles each.
#[derive(Debug, Clone)]
pub struct SentenceRegex {
    /// The pattern with ASCII word boundaries, as compiled.
    source: Arc<str>,
    compiled: Arc<OnceLock<regex_automata::meta::Regex>>,
}

impl SentenceRegex {
    /// A user's pattern, compiled now so a bad one is reported.
    pub(crate) fn compile(pattern: &str) -> Result<SentenceRegex, String> {
        let source = crate::builtin::ascii_word_boundaries(pattern);
        let regex = crate::builtin::sentence_regex(&source)?;
        Ok(SentenceRegex {
            source: source.into(),
            compiled: Arc::new(OnceLock::from(regex)),
        })
    }

    /// A built-in pattern, compiled when first used, shared with no other.
    pub fn new(source: &str) -> SentenceRegex {
        SentenceRegex::deferred(source, Arc::default())
    }

    /// A built-in pattern, compiled when first used.
    pub(crate) fn deferred(
        source: &str,
        compiled: Arc<OnceLock<regex_automata::meta::Regex>>,
    ) -> SentenceRegex {
        SentenceRegex {
            source: crate::builtin::ascii_word_boundaries(source).into(),
            compiled,
        }
    }

    /// A built-in pattern given as compiled (its `as_str`), compiled when
    /// first used: the rule pack's data (`image`).
    pub(crate) fn as_compiled(
        source: &str,
        compiled: Arc<OnceLock<regex_automata::meta::Regex>>,
    ) -> SentenceRegex {
        SentenceRegex {
            source: source.into(),
            compiled,
        }
    }

    /// The pattern as compiled (word boundaries made ASCII).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled regex.
    pub fn get(&self) -> &regex_automata::meta::Regex {
        self.compiled.get_or_init(|| {
            crate::builtin::sentence_regex(&self.source).expect("built-in regexes compile")
        })
    }

    /// Whether it has been compiled yet.
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_match(text)
    }

    /// Where the pattern matches in `text`, in order, not overlapping.
    pub fn find_iter<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
        self.get().find_iter(text).map(|m| m.range())
    }

    /// Each match in `text` with the range of its first group that took
    /// part, as `Regex::captures_iter`.
    pub fn matches_with_group(
        &self,
        text: &str,
    ) -> Vec<(std::ops::Range<usize>, Option<std::ops::Range<usize>>)> {
        self.get()
            .captures_iter(text)
            .filter_map(|caps| {
                let whole = caps.get_match()?.range();
                let group = caps.iter().skip(1).flatten().next().map(|s| s.range());
                Some((whole, group))
            })
            .collect()
    }
}

/// One `[[examples]]` entry: copy, and the fog the rule must find in it.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub fog: Vec<String>,
    /// The facts a config declares for this example (`declared = {
    /// return-window = "30 days" }`), kind name and value: the
    /// `ledger/declared` rule's examples need them.
    pub declared: Vec<(String, String)>,
}

/// One rule, loaded and validated.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: RuleId,
    pub summary: String,
    pub severity: Severity,
    /// The message template; `{match}` stands for the matched words.
    pub message: String,
    pub why: String,
    pub roadsign: Arc<str>,
    pub link: Option<String>,
    pub pattern: Pattern,
    /// Phrases that excuse any hit they overlap (names, fare classes).
    pub except: Vec<String>,
    pub unless: Unless,
    pub examples: Vec<Example>,
    /// The file the rule came from (`rules/...` for built-in rules).
    pub origin: PathBuf,
    pub builtin: bool,
}

impl Rule {
    /// The message with the matched words filled in.
    pub fn message_for(&self, matched: &str) -> String {
        self.message.replace("{match}", matched)
    }
}

/// The rules of one run, sorted by id, and the matcher compiled from them.
#[derive(Debug)]
pub struct RulePack {
    rules: Vec<Rule>,
}

impl RulePack {
    /// A pack of already validated rules; sorts them by id.
    pub fn new(mut rules: Vec<Rule>) -> RulePack {
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        RulePack { rules }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, index: usize) -> &Rule {
        &self.rules[index]
    }

    pub fn find(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id.as_str() == id)
    }
}
