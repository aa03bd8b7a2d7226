//! The promise kinds and the ledger's shared vocabulary, as data:
//! `rules/promises/<kind>.toml` (one kind each) and
//! `rules/promises/qualifiers.toml` (qualifiers, exception words, the
//! wording of numbers that are not promises). Embedded with the rule pack.

use crate::dfas::ledger::Engine;
use crate::dfas::Prebuilt;
use crate::rule::{SentenceRegex, BUILTIN_RULES};
use regex_automata::dfa::Automaton;
use regex_automata::{meta, Anchored, Input, MatchKind, PatternSet as Found};
use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
use serde::Deserialize;
use std::ops::Range;
use std::sync::Arc;
use std::sync::OnceLock;

/// A regex of the vocabulary: case-insensitive, with ASCII word
/// boundaries, as the rules' regexes. Searched by its DFAs built ahead of
/// time (`dfas/builtin.dfa`, sparse, as the roadsign detectors' are, and
/// run only where a match may start: `dfas::Prebuilt`) when
/// the data holds them: compiling the vocabulary's patterns was 26.6 M of
/// the 42.7 M instructions the ledger added to a run's start-up. Dense
/// DFAs took fewer instructions a search but eight times the bytes, and
/// whole runs were as fast or slower (`bench/README.md`). A pattern the
/// data lacks (one whose DFA would be too big, or one of a test's own
/// vocabulary) is compiled as a `sentence_matches` is, when first used.
/// The vocabulary is built in; a test compiles every pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Searches when the data lacks the DFAs.
    regex: SentenceRegex,
    prebuilt: Option<&'static Prebuilt>,
    /// With the DFAs: what reads a match's groups (a qualifier named by
    /// `$1`), compiled the first time a group is wanted and the words
    /// below cannot read it. A DFA tells where a match is, not its groups;
    /// this regex reads them in that match alone, anchored, so it needs no
    /// lazy DFA (nor its reverse NFA).
    groups: Arc<OnceLock<meta::Regex>>,
    /// For a qualifier named by its group (`by_group_words`): the words a
    /// match's first group may be, when each alternative's first group is
    /// one of a few words ("(standard|express) shipping", "sev ([1-4])"),
    /// read from the pattern's syntax when first wanted, so the group is
    /// found in the match by hand (`GroupWords::find`), with no regex
    /// compiled (some 900,000 instructions each).
    group_words: Option<Arc<OnceLock<Option<GroupWords>>>>,
}

impl Pattern {
    /// A built-in pattern: searched by its DFAs when the data holds them,
    /// else compiled when first used.
    pub fn new(source: &str) -> Pattern {
        let regex = SentenceRegex::new(source);
        Pattern {
            prebuilt: crate::dfas::searcher(regex.as_str()),
            regex,
            groups: Arc::default(),
            group_words: None,
        }
    }

    /// The pattern, reading a match's group by its words where they can
    /// (`GroupWords`): for a qualifier's pattern whose groups the test
    /// `group_words_read_the_groups_compiled_regexes_read` holds to the
    /// compiled regex's. (Not every pattern's: in `Canad(a|ian)` the word
    /// `a` stands before the group.)
    pub fn by_group_words(self) -> Pattern {
        Pattern {
            group_words: Some(Arc::default()),
            ..self
        }
    }

    /// The pattern as compiled (word boundaries made ASCII).
    pub fn as_str(&self) -> &str {
        self.regex.as_str()
    }

    /// Whether it is searched by DFAs built ahead of time.
    pub fn is_prebuilt(&self) -> bool {
        self.prebuilt.is_some()
    }

    /// Compiles what a search of it will need, unless the DFAs do it all
    /// (`warm`): a match's groups are compiled for only when wanted.
    pub fn warm(&self) {
        if self.prebuilt.is_none() {
            self.regex.get();
        }
    }

    /// Readies what reads a match's groups (`matches_with_group`), for a
    /// qualifier named by its group (`warm`): the group's words, or the
    /// regex when they cannot read it.
    pub fn warm_groups(&self) {
        match self.prebuilt {
            Some(_) => {
                if self.group_words().is_none() {
                    self.groups();
                }
            }
            None => {
                self.regex.get();
            }
        }
    }

    /// The words the pattern's groups may be, read once, when it reads
    /// groups by them.
    fn group_words(&self) -> Option<&GroupWords> {
        self.group_words
            .as_ref()?
            .get_or_init(|| GroupWords::of(self.as_str()))
            .as_ref()
    }

    /// What reads a match's groups when its DFAs found it, compiled when
    /// first wanted.
    fn groups(&self) -> &meta::Regex {
        self.groups.get_or_init(|| {
            crate::builtin::sentence_regex_with(self.as_str(), false)
                .expect("built-in regexes compile")
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        match self.prebuilt {
            Some(dfa) => dfa.is_match(text),
            None => self.regex.is_match(text),
        }
    }

    /// Where the pattern matches in `text`, in order, not overlapping.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        let (by_dfa, compiled) = match self.prebuilt {
            Some(dfa) => (Some(dfa.find_iter(text)), None),
            None => (None, Some(self.regex.find_iter(text))),
        };
        by_dfa
            .into_iter()
            .flatten()
            .chain(compiled.into_iter().flatten())
    }

    /// Each match in `text` with the range of its first group that took
    /// part, as `Regex::captures_iter`.
    pub fn matches_with_group(&self, text: &str) -> Vec<(Range<usize>, Option<Range<usize>>)> {
        let Some(dfa) = self.prebuilt else {
            return self.regex.matches_with_group(text);
        };
        let matches: Vec<Range<usize>> = dfa.find_iter(text).collect();
        if matches.is_empty() {
            return Vec::new();
        }
        // By the group's words, when they find a group in every match.
        if let Some(words) = self.group_words() {
            let by_words: Option<Vec<_>> = matches
                .iter()
                .map(|m| words.find(text, m).map(|g| (m.clone(), Some(g))))
                .collect();
            if let Some(found) = by_words {
                return found;
            }
        }
        let groups = self.groups();
        let mut captures = groups.create_captures();
        matches
            .into_iter()
            .map(|m| {
                // The leftmost-first match that starts where this one does
                // and ends no later is this one, by the same path: its
                // groups are the ones a search of the whole text reads.
                // Look-around still sees the whole text.
                let input = Input::new(text).span(m.clone()).anchored(Anchored::Yes);
                groups.search_captures(&input, &mut captures);
                let group = captures.iter().skip(1).flatten().next().map(|s| s.range());
                (m, group)
            })
            .collect()
    }
}

/// The words a pattern's first group may be, in every alternative of it:
/// `\b(standard|express)\s+shipping\b|\bvia\s+(courier)\b` gives
/// `standard`, `express`, `courier`, lower-cased. The group of a match is
/// the first of these words in it (the longest where several start at one
/// place): in the patterns of the qualifiers named by their group no word
/// of a group stands in a match before its group, which a test holds on
/// the kinds' examples and on generated copy against the compiled regex's
/// groups.
#[derive(Debug, Clone)]
struct GroupWords {
    /// Longest first, so the first found at a place is the longest there.
    words: Vec<String>,
}

impl GroupWords {
    /// How many words a group may be before it is left to the regex.
    const MAX_WORDS: usize = 128;

    /// The words of `pattern`'s groups; `None` when an alternative has no
    /// group, or a group is not a few words of ASCII (a `+`, a nested
    /// group, a class of many characters, a word outside ASCII, whose case
    /// the regex folds by Unicode's rules). Read by hand: parsing the
    /// pattern's syntax tree took 650,000 instructions a pattern.
    fn of(pattern: &str) -> Option<GroupWords> {
        // A named group would be a capture the scan does not see.
        if pattern.contains("(?P<") || pattern.contains("(?<") || ignores_spaces(pattern) {
            return None;
        }
        let mut words = Vec::new();
        for branch in alternatives(pattern)? {
            for word in group_words(first_group(branch)?)? {
                if word.is_empty() || !word.is_ascii() {
                    return None;
                }
                words.push(word.to_ascii_lowercase());
            }
        }
        words.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        words.dedup();
        Some(GroupWords { words })
    }

    /// The group of the match `within` of `text`: the first place in it
    /// where one of the words stands whole inside the match, the longest
    /// there; `None` when none does (a word the regex matched by Unicode's
    /// case folding, as `ſ` for `s`: the regex then reads it).
    fn find(&self, text: &str, within: &Range<usize>) -> Option<Range<usize>> {
        let bytes = &text.as_bytes()[within.clone()];
        (0..bytes.len()).find_map(|at| {
            self.words.iter().find_map(|word| {
                bytes
                    .get(at..at + word.len())
                    .filter(|b| b.eq_ignore_ascii_case(word.as_bytes()))
                    .map(|_| within.start + at..within.start + at + word.len())
            })
        })
    }
}

/// Where each `(`, `)` and `|` of `pattern` stands that is not escaped
/// and not in a class, with the nesting depth outside it, as the scans
/// below read the pattern. `None` when the brackets do not pair.
fn syntax_marks(pattern: &str) -> Option<Vec<(usize, u8, usize)>> {
    let bytes = pattern.as_bytes();
    let mut marks = Vec::new();
    let (mut depth, mut at, mut in_class) = (0usize, 0, false);
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'(' if !in_class => {
                marks.push((at, b'(', depth));
                depth += 1;
            }
            b')' if !in_class => {
                depth = depth.checked_sub(1)?;
                marks.push((at, b')', depth));
            }
            b'|' if !in_class => marks.push((at, b'|', depth)),
            _ => {}
        }
        at += 1;
    }
    (depth == 0 && !in_class).then_some(marks)
}

/// `pattern`'s alternatives at its top level.
fn top_level_branches(pattern: &str) -> Option<Vec<&str>> {
    let mut branches = Vec::new();
    let mut from = 0;
    for (at, mark, depth) in syntax_marks(pattern)? {
        if mark == b'|' && depth == 0 {
            branches.push(&pattern[from..at]);
            from = at + 1;
        }
    }
    branches.push(&pattern[from..]);
    Some(branches)
}

/// What `pattern`'s first capturing group holds (the first `(` not
/// followed by `?`), without its brackets.
fn first_group(pattern: &str) -> Option<&str> {
    let marks = syntax_marks(pattern)?;
    let (open, depth) = marks.iter().find_map(|&(at, mark, depth)| {
        (mark == b'(' && pattern.as_bytes().get(at + 1) != Some(&b'?')).then_some((at, depth))
    })?;
    let close = marks
        .iter()
        .find(|&&(at, mark, d)| at > open && mark == b')' && d == depth)?
        .0;
    Some(&pattern[open + 1..close])
}

/// Every text a group's body matches, when it is words: alternatives of
/// letters, digits, spaces and `-`, each maybe followed by `?`, and
/// classes of a few such characters (`[1-4]`); `None` otherwise.
fn group_words(body: &str) -> Option<Vec<String>> {
    let mut all = Vec::new();
    for alternative in body.split('|') {
        // Most alternatives are one word as written.
        if alternative
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
        {
            all.push(alternative.to_string());
            continue;
        }
        let mut words = vec![String::new()];
        let mut chars = alternative.chars().peekable();
        while let Some(c) = chars.next() {
            let choices: Vec<char> = match c {
                '[' => {
                    let class: String = chars.by_ref().take_while(|&c| c != ']').collect();
                    class_chars(&class)?
                }
                c if c.is_ascii_alphanumeric() || c == ' ' || c == '-' => vec![c],
                _ => return None,
            };
            let optional = chars.next_if_eq(&'?').is_some();
            let mut next: Vec<String> = Vec::new();
            for word in &words {
                if optional {
                    next.push(word.clone());
                }
                next.extend(choices.iter().map(|c| format!("{word}{c}")));
            }
            if next.len() > GroupWords::MAX_WORDS {
                return None;
            }
            words = next;
        }
        all.extend(words);
    }
    (all.len() <= GroupWords::MAX_WORDS).then_some(all)
}

/// The characters of a class's body (`1-4`, `ab`), when it is a few
/// letters and digits.
fn class_chars(class: &str) -> Option<Vec<char>> {
    let chars: Vec<char> = class.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if !c.is_ascii_alphanumeric() {
            return None;
        }
        if chars.get(at + 1) == Some(&'-') && at + 2 < chars.len() {
            let end = chars[at + 2];
            if !end.is_ascii_alphanumeric() || end < c {
                return None;
            }
            out.extend(c..=end);
            at += 3;
        } else {
            out.push(c);
            at += 1;
        }
    }
    (!out.is_empty() && out.len() <= 16).then_some(out)
}

/// Several patterns searched at once, as `regex::RegexSet`, to tell which
/// a text may name: each pattern's counted repetitions are unbounded
/// (`[^.;,]{0,30}?` searches as `[^.;,]*?`), so a set may name a pattern
/// that does not match, never leave out one that does, and its user runs
/// the named patterns themselves. Unbounded, a set of the vocabulary fits
/// a dense DFA of a few megabytes (bounded, the kinds' subjects took
/// 1.6 GB), built ahead of time (`dfas::ledger`); a set the data lacks is
/// compiled.
#[derive(Debug, Clone)]
pub struct PatternSet {
    /// What the set searches for, as `dfas::ledger` keys it.
    key: String,
    len: usize,
    engine: Engine,
}

impl PatternSet {
    fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<PatternSet, String> {
        let patterns: Vec<&str> = patterns.into_iter().collect();
        let key = format!("set, all matches, unanchored\n{}", patterns.join("\n"));
        let engine = match crate::dfas::ledger::prebuilt(&key) {
            Some(dfa) => Engine::Prebuilt(dfa),
            None => Engine::Compiled(compile_set(&patterns)?),
        };
        Ok(PatternSet {
            key,
            len: patterns.len(),
            engine,
        })
    }

    /// The indices of the patterns that may match in `text`, in order, as
    /// `RegexSet::matches`.
    pub fn matches(&self, text: &str) -> Found {
        let mut found = Found::new(self.len);
        let input = Input::new(text);
        match &self.engine {
            Engine::Prebuilt(dfa) => which_match(dfa, text.as_bytes(), &mut found),
            Engine::Compiled(regex) => regex.which_overlapping_matches(&input, &mut found),
        }
        found
    }

    /// What the set searches for, as `dfas::ledger` keys its DFA.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Whether the set is searched by a DFA built ahead of time.
    pub fn is_prebuilt(&self) -> bool {
        self.engine.is_prebuilt()
    }

    /// The patterns, as the key lists them after its first line.
    #[cfg(test)]
    fn patterns(&self) -> Vec<&str> {
        self.key.lines().skip(1).collect()
    }

    /// The set compiled, as when the data lacks its DFA.
    #[cfg(test)]
    fn compiled(&self) -> PatternSet {
        PatternSet {
            engine: Engine::Compiled(compile_set(&self.patterns()).expect("compiles")),
            ..self.clone()
        }
    }

    /// The set's dense DFA, as `dfas::ledger` writes it.
    #[cfg(test)]
    pub fn dense_dfa(&self) -> regex_automata::dfa::dense::DFA<Vec<u32>> {
        use regex_automata::dfa::{dense, StartKind};
        use regex_automata::nfa::thompson;
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
            .build_many_from_hir(&unbounded(&self.patterns()).expect("parses"))
            .expect("compiles");
        dense::Builder::new()
            .configure(crate::dfas::ledger::written(
                MatchKind::All,
                StartKind::Unanchored,
            ))
            .build_from_nfa(&nfa)
            .expect("builds")
    }
}

/// Puts in `found` the patterns of `dfa` (all matches, unanchored) that
/// match somewhere in `text`, as `try_which_overlapping_matches` does, by
/// a walk of its transitions byte after byte: a match state holds every
/// pattern that matched where it was entered, so the states met hold
/// them all. The crate's search stopped at each match state to report it
/// and went on from there: a corpus copy's 1,484 set searches took 1.98 M
/// instructions by it, 1.43 M by this walk.
fn which_match(dfa: &crate::dfas::ledger::DenseDfa, text: &[u8], found: &mut Found) {
    let record = |found: &mut Found, state| {
        for i in 0..dfa.match_len(state) {
            // A pattern ID of the DFA is below the set's length.
            let _ = found.try_insert(dfa.match_pattern(state, i));
        }
    };
    let start = regex_automata::util::start::Config::new().anchored(Anchored::No);
    let mut state = dfa
        .start_state(&start)
        .expect("an unanchored DFA without quit bytes has its start");
    for &byte in text {
        state = dfa.next_state(state, byte);
        if dfa.is_special_state(state) {
            if dfa.is_match_state(state) {
                record(found, state);
                if found.is_full() {
                    return;
                }
            } else if dfa.is_dead_state(state) {
                return;
            }
        }
    }
    let end = dfa.next_eoi_state(state);
    if dfa.is_match_state(end) {
        record(found, end);
    }
}

/// A set of `patterns` compiled: an all-matches meta regex of them
/// unbounded.
fn compile_set(patterns: &[&str]) -> Result<meta::Regex, String> {
    meta::Builder::new()
        .configure(
            crate::builtin::unprefiltered_config(MatchKind::All)
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::None),
        )
        .build_many_from_hir(&unbounded(patterns)?)
        .map_err(|e| e.to_string())
}

/// `patterns`, parsed as the vocabulary's regexes are (case-insensitive,
/// Unicode), each counted repetition unbounded.
fn unbounded(patterns: &[&str]) -> Result<Vec<Hir>, String> {
    fn unbound(hir: &Hir) -> Hir {
        match hir.kind() {
            HirKind::Repetition(repetition) => Hir::repetition(Repetition {
                max: repetition.max.filter(|&max| max <= 1),
                sub: Box::new(unbound(&repetition.sub)),
                ..repetition.clone()
            }),
            HirKind::Capture(capture) => Hir::capture(Capture {
                sub: Box::new(unbound(&capture.sub)),
                ..capture.clone()
            }),
            HirKind::Concat(parts) => Hir::concat(parts.iter().map(unbound).collect()),
            HirKind::Alternation(parts) => Hir::alternation(parts.iter().map(unbound).collect()),
            _ => hir.clone(),
        }
    }
    patterns
        .iter()
        .map(|pattern| {
            regex_automata::util::syntax::parse_with(
                pattern,
                &crate::builtin::case_insensitive_syntax(),
            )
            .map(|hir| unbound(&hir))
            .map_err(|e| e.to_string())
        })
        .collect()
}

/// The folder of the built-in pack that holds the promise kinds.
pub const PROMISES_FOLDER: &str = "promises";
/// The file of that folder that is the shared vocabulary, not a kind.
pub const QUALIFIERS_FILE: &str = "qualifiers.toml";

/// What a promise of a kind carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    /// A length of time: minutes, hours, days (calendar or business),
    /// weeks (counted as days), months, years.
    Duration,
    /// An amount of money, currency kept.
    Money,
    /// A percentage.
    Percentage,
    /// A count with its unit ("10 seats", "100 GB", "unlimited projects").
    Count,
    /// When something is open: `24/7`, or a clock range ("09:00–17:00").
    Schedule,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindFile {
    summary: String,
    value: ValueType,
    #[serde(default)]
    units: Vec<String>,
    subject: Vec<String>,
    #[serde(default)]
    not_subject: Vec<String>,
    #[serde(default)]
    reject: Vec<String>,
    min: Option<f64>,
    max: Option<f64>,
    #[serde(default)]
    needs_qualifier: bool,
    #[serde(default)]
    examples: Vec<KindExample>,
}

/// One `[[examples]]` entry of a kind: copy, and every ledger entry found in
/// it. An entry of the kind itself is written `VALUE` or `VALUE
/// [QUALIFIER]`; an entry of another kind is prefixed with that kind's name
/// (`trial-length 14 days`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindExample {
    pub text: String,
    pub entries: Vec<String>,
}

/// One kind of promise.
#[derive(Debug)]
pub struct PromiseKind {
    pub name: String,
    pub summary: String,
    pub value: ValueType,
    /// The units a value of this kind may have, lowercase (`days`, `weeks`,
    /// `seats`, `gb`); empty means any.
    pub units: Vec<String>,
    /// The units as written, for a count's regex.
    pub units_written: Vec<String>,
    pub subject: Pattern,
    pub not_subject: Option<Pattern>,
    pub reject: Option<Pattern>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Values without a qualifier are never compared: a plan's limits mean
    /// nothing without the plan.
    pub needs_qualifier: bool,
    pub examples: Vec<KindExample>,
}

impl PromiseKind {
    /// Whether the kind's `reject` words stand in `clause`, the clause of
    /// a value: then no value there is of this kind, whatever names it.
    pub fn rejects(&self, clause: &str) -> bool {
        self.reject.as_ref().is_some_and(|r| r.is_match(clause))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualifierFile {
    qualifier: Vec<QualifierTable>,
    #[serde(default)]
    anchor: Vec<QualifierTable>,
    #[serde(default)]
    exceptions: Vec<String>,
    #[serde(default)]
    others: Vec<String>,
    #[serde(default)]
    not_after: Vec<String>,
    #[serde(default)]
    not_before: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualifierTable {
    name: String,
    patterns: Vec<String>,
    /// Kinds the qualifier never scopes (a plan name for a delivery time).
    #[serde(default)]
    not_kinds: Vec<String>,
}

/// A qualifier: its name (`$1` filled from the match) and its pattern.
#[derive(Debug)]
pub struct Qualifier {
    pub name: String,
    pub pattern: Pattern,
    /// The kinds it never scopes ("Standard" alone is a delivery method
    /// beside a delivery time, not a plan).
    pub not_kinds: Vec<String>,
}

/// Every kind and the shared vocabulary.
#[derive(Debug)]
pub struct Vocabulary {
    pub kinds: Vec<PromiseKind>,
    pub qualifiers: Vec<Qualifier>,
    /// The kinds' subjects in one set, in the order of `kinds`: one pass
    /// over a sentence tells which kinds' subjects it may name
    /// (`kinds_named`). Only those with DFAs built ahead of time and no
    /// counted repetition: one with (`refunds?(?:\s+[^\s.;,]+){0,5}?…`),
    /// run unbounded in the set, multiplied its states (the set's DFA was
    /// 1.19 MB with the refund subject, 0.51 MB without, and a run faulted
    /// in its pages); its own DFAs run instead on every sentence with a
    /// word each of its matches holds ("refund", "money").
    pub subjects: PatternSet,
    /// The kind of each pattern of `subjects`.
    subject_kinds: Vec<usize>,
    /// The kinds left out of `subjects`, whose regexes run on a text that
    /// holds a word every match of theirs holds (`RequiredWords`), or on
    /// every text when they have none.
    subjects_alone: Vec<(usize, Option<RequiredWords>)>,
    /// Every qualifier's pattern in one set, in the order of `qualifiers`:
    /// one pass tells which a text names, and only those are run.
    pub any_qualifier: PatternSet,
    /// What a duration counts from (`delivery`, `purchase`), each pattern
    /// matched at the start of the text after the value.
    pub anchors: Vec<Qualifier>,
    /// Matches the end of the text before an excepted qualifier.
    pub exceptions: Option<Pattern>,
    /// Matches in a value's own clause when the value is the rest's ("all
    /// other plans"): it takes no qualifier from the clauses around it.
    pub others: Option<Pattern>,
    /// Matches the start of the text after a number that is no promise.
    pub not_after: Option<Pattern>,
    /// Matches the end of the text before a number that is no promise.
    pub not_before: Option<Pattern>,
}

impl Vocabulary {
    /// The kinds (by index, in order) whose subjects `text` may name: a
    /// superset, whose subjects' own regexes decide.
    pub fn kinds_named(&self, text: &str) -> Vec<usize> {
        let mut named: Vec<usize> = self
            .subjects
            .matches(text)
            .iter()
            .map(|p| self.subject_kinds[p.as_usize()])
            .collect();
        if !self.subjects_alone.is_empty() {
            named.extend(
                self.subjects_alone
                    .iter()
                    .filter(|(_, words)| words.as_ref().is_none_or(|w| w.in_text(text)))
                    .map(|(k, _)| *k),
            );
            named.sort_unstable();
        }
        named
    }
}

/// Words one of which every match of a pattern holds, written as the
/// pattern spells them (`refund` for `\brefunds?\b…|\brefunded\b`):
/// a text without any cannot match, and the pattern's own regex need not
/// run on it. Found by hand in each alternative: the longest run of
/// letters, digits, spaces and `-` outside any group, class or escape,
/// none of it made optional. A word with a `k` or `s` is not taken: the regex
/// matches those by Unicode's case folding (`K` for the Kelvin sign, `ſ`),
/// which comparing ASCII letters would miss.
#[derive(Debug, Clone)]
pub struct RequiredWords {
    words: Vec<String>,
    /// Where each word's rarest letter stands (`rarest_letter`).
    rarest: Vec<usize>,
}

impl RequiredWords {
    /// The shortest word taken: a shorter one would be in most texts.
    const MIN_LEN: usize = 3;

    /// The words of `pattern`; `None` when an alternative has none.
    pub fn of(pattern: &str) -> Option<RequiredWords> {
        if ignores_spaces(pattern) {
            return None;
        }
        let mut words = Vec::new();
        for branch in alternatives(pattern)? {
            let word = depth_zero_runs(branch)
                .into_iter()
                .filter(|run| {
                    run.len() >= Self::MIN_LEN
                        && run.is_ascii()
                        && !run
                            .bytes()
                            .any(|b| matches!(b.to_ascii_lowercase(), b'k' | b's'))
                })
                .max_by_key(String::len)?;
            words.push(word.to_ascii_lowercase());
        }
        words.sort();
        words.dedup();
        // A word that holds another ("refunded", "refund") is found by it.
        let all = words.clone();
        words.retain(|w| !all.iter().any(|o| o != w && w.contains(o.as_str())));
        let rarest = words.iter().map(|w| rarest_letter(w)).collect();
        Some(RequiredWords { words, rarest })
    }

    /// Whether `text` holds one of the words, in any ASCII case: each
    /// looked for at its rarest letter (`rarest`).
    pub fn in_text(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        self.words
            .iter()
            .zip(&self.rarest)
            .any(|(word, &at_in_word)| {
                let word = word.as_bytes();
                let rare = word[at_in_word];
                memchr::memchr2_iter(rare, rare.to_ascii_uppercase(), bytes).any(|at| {
                    at.checked_sub(at_in_word)
                        .and_then(|start| bytes.get(start..start + word.len()))
                        .is_some_and(|b| b.eq_ignore_ascii_case(word))
                })
            })
    }
}

/// Where in `word` its rarest letter in English stands: it stands in
/// fewer places of a text to compare the word at (an `r` in most
/// sentences, an `f` in few). A space is in every sentence; a digit or
/// `-` in few.
fn rarest_letter(word: &str) -> usize {
    const BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
    let rarity = |b: u8| match b {
        b' ' => 0,
        _ => BY_FREQUENCY
            .iter()
            .position(|&c| c == b.to_ascii_lowercase())
            .map_or(BY_FREQUENCY.len(), |i| i + 1),
    };
    word.bytes()
        .enumerate()
        .max_by_key(|&(_, b)| rarity(b))
        .map_or(0, |(at, _)| at)
}

/// Whether `pattern` names the `x` flag anywhere (`(?x)`, `(?ix:…)`; to
/// clear it too, to be safe): with it a space written in the pattern
/// matches no space, where the scans above read a space as one.
fn ignores_spaces(pattern: &str) -> bool {
    pattern.match_indices("(?").any(|(at, _)| {
        pattern[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic() || *c == '-')
            .any(|c| c == 'x')
    })
}

/// Whether `pattern` holds a counted repetition (`{0,5}`, `{3}`), which
/// a set searches unbounded.
fn counts_repetitions(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    bytes.iter().enumerate().any(|(at, &b)| {
        b == b'{'
            && (at == 0 || bytes[at - 1] != b'\\')
            && bytes[at + 1..]
                .iter()
                .position(|&c| c == b'}')
                .is_some_and(|len| {
                    let bounds = &bytes[at + 1..at + 1 + len];
                    bounds.first().is_some_and(u8::is_ascii_digit)
                        && bounds.iter().all(|&c| c.is_ascii_digit() || c == b',')
                })
    })
}

/// `pattern`'s alternatives, each group that wraps a whole one opened
/// (`(?:a|b)|c` gives `a`, `b`, `c`); `None` when its brackets do not pair.
fn alternatives(pattern: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    for branch in top_level_branches(pattern)? {
        let wrapped = branch.starts_with("(?:")
            && branch.ends_with(')')
            && syntax_marks(branch)?
                .iter()
                .find(|&&(_, mark, depth)| mark == b')' && depth == 0)
                .is_some_and(|&(at, _, _)| at == branch.len() - 1);
        if wrapped {
            out.extend(alternatives(&branch[3..branch.len() - 1])?);
        } else {
            out.push(branch);
        }
    }
    Some(out)
}

/// The runs of plain characters (letters, digits, spaces, `-`) of one
/// alternative outside any group, class or escape, a character a
/// quantifier makes optional left out.
fn depth_zero_runs(branch: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    let (mut depth, mut in_class) = (0usize, false);
    let mut chars = branch.chars();
    let end = |run: &mut String, runs: &mut Vec<String>| {
        let taken = std::mem::take(run);
        if !taken.trim().is_empty() {
            runs.push(taken.trim().to_string());
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                end(&mut run, &mut runs);
                chars.next();
            }
            '[' if !in_class => {
                end(&mut run, &mut runs);
                in_class = true;
            }
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '(' => {
                end(&mut run, &mut runs);
                depth += 1;
            }
            ')' => {
                end(&mut run, &mut runs);
                depth = depth.saturating_sub(1);
            }
            '?' | '*' | '{' => {
                run.pop();
                end(&mut run, &mut runs);
                // A counted repetition's bounds are not text.
                if c == '{' {
                    chars.by_ref().take_while(|&c| c != '}').for_each(drop);
                }
            }
            c if depth == 0 && (c.is_alphanumeric() || c == ' ' || c == '-') => run.push(c),
            _ => end(&mut run, &mut runs),
        }
    }
    end(&mut run, &mut runs);
    runs
}

/// One pattern matching any of `patterns`; `None` for none.
fn alternation(patterns: &[String]) -> Option<Pattern> {
    if patterns.is_empty() {
        return None;
    }
    let joined = patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    Some(Pattern::new(&joined))
}

/// Parses one kind file; `name` is its file stem.
pub fn parse_kind(name: &str, text: &str) -> Result<PromiseKind, String> {
    let file: KindFile = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    if file.subject.is_empty() {
        return Err(format!("{name}: `subject` is empty"));
    }
    if file.value == ValueType::Count && file.units.is_empty() {
        return Err(format!("{name}: a count needs its `units`"));
    }
    let subject =
        alternation(&file.subject).ok_or_else(|| format!("{name}: `subject` is empty"))?;
    Ok(PromiseKind {
        name: name.to_string(),
        summary: file.summary,
        value: file.value,
        units: file.units.iter().map(|u| u.to_lowercase()).collect(),
        units_written: file.units,
        subject,
        not_subject: alternation(&file.not_subject),
        reject: alternation(&file.reject),
        min: file.min,
        max: file.max,
        needs_qualifier: file.needs_qualifier,
        examples: file.examples,
    })
}

/// Builds the vocabulary from `(file name, text)` pairs of a promises folder.
pub fn parse_vocabulary(files: &[(&str, &str)]) -> Result<Vocabulary, String> {
    let mut kinds = Vec::new();
    let mut shared = None;
    for (file, text) in files {
        if *file == QUALIFIERS_FILE {
            let parsed: QualifierFile =
                toml::from_str(text).map_err(|e| format!("{QUALIFIERS_FILE}: {e}"))?;
            shared = Some(parsed);
            continue;
        }
        let name = file.strip_suffix(".toml").unwrap_or(file);
        kinds.push(parse_kind(name, text)?);
    }
    kinds.sort_by(|a, b| a.name.cmp(&b.name));
    let (subject_kinds, subjects_alone): (Vec<usize>, Vec<usize>) =
        (0..kinds.len()).partition(|&k| {
            kinds[k].subject.is_prebuilt() && !counts_repetitions(kinds[k].subject.as_str())
        });
    let subjects_alone = subjects_alone
        .into_iter()
        .map(|k| (k, RequiredWords::of(kinds[k].subject.as_str())))
        .collect();
    // The compiled subjects' patterns already have ASCII word boundaries.
    let subjects = PatternSet::new(subject_kinds.iter().map(|&k| kinds[k].subject.as_str()))
        .map_err(|e| format!("subjects: {e}"))?;
    let shared = shared.ok_or_else(|| format!("{QUALIFIERS_FILE} is missing"))?;
    let mut qualifiers = Vec::new();
    for table in shared.qualifier {
        let pattern = alternation(&table.patterns)
            .ok_or_else(|| format!("qualifier {}: no patterns", table.name))?;
        // A qualifier named by its group reads it by the group's words.
        let pattern = if table.name.contains('$') {
            pattern.by_group_words()
        } else {
            pattern
        };
        qualifiers.push(Qualifier {
            name: table.name,
            pattern,
            not_kinds: table.not_kinds,
        });
    }
    // The compiled patterns already have ASCII word boundaries.
    let any_qualifier = PatternSet::new(qualifiers.iter().map(|q| q.pattern.as_str()))
        .map_err(|e| format!("qualifiers: {e}"))?;
    let mut anchors = Vec::new();
    for table in shared.anchor {
        let patterns: Vec<String> = table.patterns.iter().map(|p| format!("^(?:{p})")).collect();
        let pattern =
            alternation(&patterns).ok_or_else(|| format!("anchor {}: no patterns", table.name))?;
        anchors.push(Qualifier {
            name: table.name,
            pattern,
            not_kinds: table.not_kinds,
        });
    }
    Ok(Vocabulary {
        kinds,
        qualifiers,
        subjects,
        subject_kinds,
        subjects_alone,
        any_qualifier,
        anchors,
        exceptions: alternation(&shared.exceptions),
        others: alternation(&shared.others),
        not_after: alternation(&shared.not_after),
        not_before: alternation(&shared.not_before),
    })
}

/// The built-in kinds and vocabulary, loaded once.
pub fn builtin() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| builtin_parsed(false))
}

/// The built-in kinds with their examples (`builtin` parses each kind
/// file up to its examples, which only the examples' test reads: they are
/// two thirds of its text).
pub fn builtin_with_examples() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| builtin_parsed(true))
}

fn builtin_parsed(examples: bool) -> Vocabulary {
    let prefix = format!("{PROMISES_FOLDER}/");
    let files: Vec<(&str, &str)> = BUILTIN_RULES
        .iter()
        .filter_map(|(path, text)| {
            let text = if examples {
                text
            } else {
                crate::rule::without_examples(text)
            };
            path.strip_prefix(&prefix).map(|name| (name, text))
        })
        .collect();
    parse_vocabulary(&files).expect("built-in promise kinds load")
}

impl Vocabulary {
    pub fn kind(&self, name: &str) -> Option<&PromiseKind> {
        self.kinds.iter().find(|k| k.name == name)
    }

    /// Every pattern of the vocabulary, each compiled when first used.
    pub fn patterns(&self) -> impl Iterator<Item = &Pattern> {
        self.kinds
            .iter()
            .flat_map(|k| [Some(&k.subject), k.not_subject.as_ref(), k.reject.as_ref()])
            .chain(
                self.qualifiers
                    .iter()
                    .chain(&self.anchors)
                    .map(|q| Some(&q.pattern)),
            )
            .chain([
                self.exceptions.as_ref(),
                self.others.as_ref(),
                self.not_after.as_ref(),
                self.not_before.as_ref(),
            ])
            .flatten()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Patterns compile when first used: every one of the built-in
    /// vocabulary must compile, and no kind's subject may match nothing.
    #[test]
    fn every_built_in_pattern_compiles() {
        let vocabulary = builtin();
        let mut patterns: Vec<(String, &Pattern)> = Vec::new();
        for kind in &vocabulary.kinds {
            patterns.push((format!("{}: subject", kind.name), &kind.subject));
            patterns.extend(
                kind.not_subject
                    .iter()
                    .map(|p| (format!("{}: not_subject", kind.name), p)),
            );
            patterns.extend(
                kind.reject
                    .iter()
                    .map(|p| (format!("{}: reject", kind.name), p)),
            );
            assert!(
                !kind.subject.is_match(""),
                "{}: subject matches nothing",
                kind.name
            );
        }
        for (what, list) in [
            ("qualifier", &vocabulary.qualifiers),
            ("anchor", &vocabulary.anchors),
        ] {
            patterns.extend(
                list.iter()
                    .map(|q| (format!("{what} {}", q.name), &q.pattern)),
            );
        }
        for (what, pattern) in [
            ("exceptions", &vocabulary.exceptions),
            ("others", &vocabulary.others),
            ("not_after", &vocabulary.not_after),
            ("not_before", &vocabulary.not_before),
        ] {
            patterns.extend(pattern.iter().map(|p| (what.to_string(), p)));
        }
        assert!(patterns.len() > 20, "{}", patterns.len());
        // What the warm thread looks at (`Vocabulary::patterns`) is every one.
        assert_eq!(vocabulary.patterns().count(), patterns.len());
        for (what, pattern) in patterns {
            if let Err(e) = crate::builtin::sentence_regex(pattern.as_str()) {
                panic!("{what}: not a valid regex: {e}");
            }
        }
    }

    /// Every built-in kind's examples' texts, then every built-in rule's:
    /// copy the ledger's searches are held to.
    pub(crate) fn example_texts() -> Vec<String> {
        let (pack, _) = crate::rule::load_pack(&[]);
        builtin_with_examples()
            .kinds
            .iter()
            .flat_map(|k| k.examples.iter().map(|e| e.text.clone()))
            .chain(
                pack.rules()
                    .iter()
                    .flat_map(|rule| rule.examples.iter().map(|e| e.text.clone())),
            )
            .collect()
    }

    /// Texts to hold the sets to: every kind's and rule's examples, alone
    /// and together, and characters outside ASCII that fold into ASCII.
    pub(crate) fn sample_texts() -> Vec<String> {
        let mut texts = example_texts();
        texts.push(texts.join(" "));
        texts.push(
            "ſhips in 2 days; Refunds \u{212A}ept, then processed in 5 days. Pro: 10 seats"
                .to_string(),
        );
        texts.push("refunds are, after review, processed".to_string());
        texts.push(format!("refunds {} processed", "x".repeat(40)));
        texts.extend(
            [
                "Express: 1–2 days. Ships via priority; P1 and Sev-2 tickets",
                "Starter",
                "  Pro plan  ",
                "On the pro, with express, high-priority ſupport: 4 hours",
            ]
            .map(String::from),
        );
        texts
    }

    /// A pattern searched by its DFAs finds the matches and reads the
    /// groups its compiled regex does: a qualifier's name is filled from
    /// its group.
    #[test]
    fn prebuilt_patterns_read_the_groups_compiled_ones_read() {
        let vocabulary = builtin();
        let mut grouped = 0;
        for qualifier in vocabulary.qualifiers.iter().chain(&vocabulary.anchors) {
            let pattern = &qualifier.pattern;
            assert!(pattern.is_prebuilt(), "{}", qualifier.name);
            for text in sample_texts() {
                let read = pattern.matches_with_group(&text);
                assert_eq!(read, pattern.regex.matches_with_group(&text), "{text:?}");
                grouped += read.iter().filter(|(_, group)| group.is_some()).count();
            }
        }
        assert!(grouped > 10, "{grouped}");
    }

    /// A kind parses to the same without its examples, which a run does
    /// not read.
    #[test]
    fn built_in_kinds_parse_the_same_without_their_examples() {
        let (run, whole) = (builtin(), builtin_with_examples());
        assert_eq!(run.kinds.len(), whole.kinds.len());
        let source = |p: &Option<Pattern>| p.as_ref().map(|p| p.as_str().to_string());
        for (a, b) in run.kinds.iter().zip(&whole.kinds) {
            assert!(a.examples.is_empty(), "{}", a.name);
            assert!(b.examples.len() >= 4, "{}", b.name);
            assert_eq!(
                (&a.name, &a.summary, a.value, &a.units, a.subject.as_str()),
                (&b.name, &b.summary, b.value, &b.units, b.subject.as_str())
            );
            assert_eq!(source(&a.not_subject), source(&b.not_subject), "{}", a.name);
            assert_eq!(source(&a.reject), source(&b.reject), "{}", a.name);
            assert_eq!(
                (a.min, a.max, a.needs_qualifier),
                (b.min, b.max, b.needs_qualifier)
            );
        }
        let names = |v: &Vocabulary| -> Vec<String> {
            v.qualifiers
                .iter()
                .chain(&v.anchors)
                .map(|q| format!("{} {}", q.name, q.pattern.as_str()))
                .collect()
        };
        assert_eq!(names(run), names(whole));
    }

    /// A group of a few words is read by them; one that is not, or an
    /// alternative with no group, leaves the reading to the regex.
    #[test]
    fn group_words_are_read_from_the_pattern() {
        let words = |p: &str| GroupWords::of(p).map(|w| w.words);
        assert_eq!(
            words(r"\b(?:sev|severity)\s*([1-3])\b|(?-i:P)([0-1])"),
            Some(
                vec!["0", "1", "2", "3"]
                    .into_iter()
                    .map(String::from)
                    .collect()
            )
        );
        assert_eq!(
            words(r"\b(pro|team|teams?)\s+plans?\b|^(?:on )?(Pro)$"),
            Some(
                vec!["teams", "team", "pro"]
                    .into_iter()
                    .map(String::from)
                    .collect()
            )
        );
        assert_eq!(words(r"\b(\w+) plan\b"), None);
        assert_eq!(words(r"\b(pro) plan\b|\bstarter\b"), None);
        // An alternative inside a group that wraps a whole one counts too.
        assert_eq!(words(r"(?:\b(pro) plan\b|\bstarter\b)"), None);
        assert_eq!(words(r"\b(pro|)\b"), None);
        assert_eq!(words(r"\b(caf\u{e9})\b"), None);
        assert_eq!(words(r"(?x)\b(pro | team)\b"), None);
        // Found in a match: the first word, the longest at its place.
        let found = GroupWords::of(r"\b(teams?|team)\s+plans?\b").expect("words");
        let text = "Our Teams plan";
        assert_eq!(found.find(text, &(4..14)), Some(4..9));
        assert_eq!(found.find("ſteam plan", &(0..11)), Some(2..6));
        assert_eq!(found.find("a plan", &(0..6)), None);
    }

    /// `words`, each followed by the separator at its place.
    fn joined(words: &[&str], separators: &[&str]) -> String {
        words
            .iter()
            .zip(separators)
            .flat_map(|(w, s)| [*w, *s])
            .collect()
    }

    proptest::proptest! {
        /// Each qualifier named by its group reads the groups by words, and
        /// reads the ones its compiled regex reads, on copy made of the
        /// groups' words, the patterns' other words and words the regex
        /// matches by Unicode's case folding only.
        #[test]
        fn group_words_read_the_groups_compiled_regexes_read(
            words in proptest::collection::vec(
                proptest::sample::select(group_copy_words()),
                0..24,
            ),
            separators in proptest::collection::vec(
                proptest::sample::select(vec![" ", " ", " ", "-", ": ", ", ", "\n", "  "]),
                24,
            ),
        ) {
            let text = joined(&words, &separators);
            for qualifier in builtin().qualifiers.iter().filter(|q| q.name.contains('$')) {
                let pattern = &qualifier.pattern;
                proptest::prop_assert!(pattern.group_words().is_some(), "{}", qualifier.name);
                proptest::prop_assert_eq!(
                    pattern.matches_with_group(&text),
                    pattern.regex.matches_with_group(&text),
                    "{} in {:?}", &qualifier.name, &text
                );
            }
        }
    }

    /// The words every match holds are read outside groups, classes and
    /// escapes, with optional characters left out; a word with `k` or `s`
    /// (folded from characters outside ASCII) or an alternative without one
    /// gives none.
    #[test]
    fn required_words_are_read_from_the_pattern() {
        let words = |p: &str| RequiredWords::of(p).map(|w| w.words);
        let owned = |w: &[&str]| Some(w.iter().map(|w| w.to_string()).collect::<Vec<_>>());
        assert_eq!(
            words(r"(?:\brefunds?\b[^.;,]{0,30}?\b(paid|back)\b)|(?:\bmoney (will be )?back\b)"),
            owned(&["money", "refund"])
        );
        assert_eq!(words(r"\bour refund(?-i:ed)?"), owned(&["our refund"]));
        assert_eq!(words(r"\bmy re{2,3}f\b"), owned(&["my r"]));
        assert_eq!(words(r"\bpaid up\b"), owned(&["paid up"]));
        assert_eq!(words(r"\bback\b"), None);
        assert_eq!(words(r"\bprocess\b"), None);
        assert_eq!(words(r"\b(refund)\b"), None);
        assert_eq!(words(r"\brefund\b|\b(money)\b"), None);
        assert_eq!(words(r"\b[a-z]+ed\b"), None);
        assert_eq!(words(r"(?x) our \s refund"), None);
        assert_eq!(words(r"(?i-x)our refund"), None);
        assert_eq!(words(r"(?i)our refund"), owned(&["our refund"]));
        let found = RequiredWords::of(r"\bmoney\b|\brefund").expect("words");
        assert!(found.in_text("Your MONEY back"));
        assert!(found.in_text("no-refunds policy"));
        assert!(found.in_text("REFUND"));
        assert_eq!(rarest_letter("refund"), 2);
        assert_eq!(rarest_letter("money"), 4);
        assert_eq!(rarest_letter("in 2 days"), 3);
        assert!(RequiredWords::of(r"\bour refund\b")
            .expect("words")
            .in_text("Ask for our refund"));
        assert!(!found.in_text("Mone y and re-fund"));
    }

    proptest::proptest! {
        /// A subject left out of the set is named wherever its regex
        /// matches: wherever it matches, one of its required words stands.
        #[test]
        fn a_subject_alone_matches_only_where_its_words_stand(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Refunds", "refund", "REFUNDED", "reſund", "money", "Money", "back", "in",
                    "your", "account", "will", "be", "are", "processed", "issued", "we", "issue",
                    "send", "the", "you", "takes", "lands", "x", "5", "days", "process", "approved",
                ]),
                0..20,
            ),
        ) {
            let text = words.join(" ");
            let vocabulary = builtin();
            for (k, required) in &vocabulary.subjects_alone {
                let subject = &vocabulary.kinds[*k].subject;
                if subject.is_match(&text) {
                    proptest::prop_assert!(
                        required.as_ref().is_none_or(|w| w.in_text(&text)),
                        "{} in {:?}", vocabulary.kinds[*k].name, text
                    );
                }
            }
        }
    }

    /// The words `group_words_read_the_groups_compiled_regexes_read` makes
    /// copy of.
    fn group_copy_words() -> Vec<&'static str> {
        vec![
            "standard",
            "Express",
            "expedited",
            "overnight",
            "ground",
            "priority",
            "rush",
            "two-day",
            "next-day",
            "flat-rate",
            "courier",
            "shipping",
            "delivery",
            "orders",
            "mail",
            "post",
            "via",
            "with",
            "by",
            "choose",
            "upgrade",
            "to",
            "urgent",
            "non-urgent",
            "critical",
            "High",
            "low",
            "tickets",
            "issues",
            "needs",
            "severity",
            "sev",
            "P1",
            "P",
            "2",
            "4",
            "5",
            "premium",
            "dedicated",
            "enterprise",
            "VIP",
            "support",
            "Free",
            "free",
            "Starter",
            "starter",
            "Pro",
            "pro",
            "Professional",
            "Team",
            "teams",
            "Teams",
            "Plus",
            "plan",
            "plans",
            "tier",
            "users",
            "on",
            "the",
            "includes",
            "comes",
            "Household",
            "Agency",
            "ſtandard",
            "ſupport",
            "Ѕtarter",
            "days",
            "a",
            "Canada",
        ]
    }

    proptest::proptest! {
        /// The walk of a set's DFA finds the patterns the crate's
        /// overlapping search finds, on copy made of the sets' words,
        /// words folded from characters outside ASCII and odd bytes.
        #[test]
        fn a_walk_of_a_sets_dfa_finds_what_its_search_finds(
            words in proptest::collection::vec(
                proptest::sample::select(
                    group_copy_words()
                        .into_iter()
                        .chain([
                            "ships", "delivery", "returns", "refund", "warranty", "uptime",
                            "SLA", "trial", "GB", "users", "reply", "within", "24/7", "$50",
                            "business", "days", "“", "—", "é", "K", "ſ", "",
                        ])
                        .collect::<Vec<_>>(),
                ),
                0..24,
            ),
            separators in proptest::collection::vec(
                proptest::sample::select(vec![" ", " ", "-", ": ", ". ", "\n", "", "|"]),
                24,
            ),
        ) {
            let text = joined(&words, &separators);
            let vocabulary = builtin();
            for set in [&vocabulary.subjects, &vocabulary.any_qualifier] {
                let Engine::Prebuilt(dfa) = &set.engine else {
                    panic!("{} is not prebuilt", set.key());
                };
                let mut walked = Found::new(set.len);
                which_match(dfa, text.as_bytes(), &mut walked);
                let mut searched = Found::new(set.len);
                dfa.try_which_overlapping_matches(&Input::new(&text), &mut searched)
                    .expect("no quit bytes");
                proptest::prop_assert_eq!(
                    walked.iter().collect::<Vec<_>>(),
                    searched.iter().collect::<Vec<_>>(),
                    "{:?}", &text
                );
            }
        }
    }

    /// The sets built ahead of time find what they find compiled, and
    /// never leave out a pattern whose own regex matches.
    #[test]
    fn prebuilt_sets_find_what_compiled_sets_find() {
        let vocabulary = builtin();
        let exact: Vec<(&PatternSet, Vec<&Pattern>)> = vec![
            (
                &vocabulary.subjects,
                vocabulary
                    .subject_kinds
                    .iter()
                    .map(|&k| &vocabulary.kinds[k].subject)
                    .collect(),
            ),
            (
                &vocabulary.any_qualifier,
                vocabulary.qualifiers.iter().map(|q| &q.pattern).collect(),
            ),
        ];
        for (set, patterns) in exact {
            assert!(set.is_prebuilt(), "{}", set.key());
            let compiled = set.compiled();
            for text in sample_texts() {
                let found: Vec<usize> = set.matches(&text).iter().map(|p| p.as_usize()).collect();
                let by_compiled: Vec<usize> = compiled
                    .matches(&text)
                    .iter()
                    .map(|p| p.as_usize())
                    .collect();
                assert_eq!(found, by_compiled, "{text:?}");
                for (i, pattern) in patterns.iter().enumerate() {
                    if pattern.is_match(&text) {
                        assert!(found.contains(&i), "{} in {text:?}", pattern.as_str());
                    }
                }
            }
        }
    }

    /// A subject with a counted repetition (the refund subject, whose
    /// words may stand up to five words apart) is left out of the set and
    /// named wherever a word all its matches hold stands, so its own DFAs
    /// decide; the others are named by the set.
    #[test]
    fn a_subject_with_counted_repetitions_is_named_by_its_words() {
        assert!(counts_repetitions(r"\brefunds?(?:\s+\S+){0,5}?\s+paid"));
        assert!(counts_repetitions(r"a{3}"));
        assert!(!counts_repetitions(r"\bre\{0,5}"));
        assert!(!counts_repetitions(r"\bsupport\b"));
        assert!(!counts_repetitions(r"[{]x}"));
        let vocabulary = builtin();
        let refund = vocabulary
            .kinds
            .iter()
            .position(|k| k.name == "refund-time")
            .expect("a built-in kind");
        let alone: Vec<usize> = vocabulary.subjects_alone.iter().map(|(k, _)| *k).collect();
        assert_eq!(alone, [refund]);
        assert!(!vocabulary.subject_kinds.contains(&refund));
        assert!(vocabulary.kinds[refund].subject.is_prebuilt());
        let far = format!("Refunds {} processed", "x ".repeat(6));
        assert!(!vocabulary.kinds[refund].subject.is_match(&far));
        assert_eq!(vocabulary.kinds_named(&far), [refund]);
        // A text without the words its every match holds does not name it.
        let words = vocabulary.subjects_alone[0].1.as_ref().expect("words");
        assert_eq!(words.words, ["money", "refund"]);
        assert!(!vocabulary
            .kinds_named("Returns are processed in 5 days")
            .contains(&refund));
        assert!(vocabulary
            .kinds_named("your MONEY back in 5 days")
            .contains(&refund));
        let uptime = vocabulary
            .kinds
            .iter()
            .position(|k| k.name == "uptime")
            .expect("a built-in kind");
        assert_eq!(vocabulary.kinds_named("We promise 99.9% uptime"), [uptime]);
        let named = vocabulary.kinds_named("99.9% uptime, or your money back in your account");
        assert!(
            named.contains(&refund) && named.contains(&uptime),
            "{named:?}"
        );
        assert!(named.is_sorted(), "{named:?}");
    }

    #[test]
    fn a_pattern_is_compiled_when_first_used() {
        // Not one of the data's.
        let pattern = Pattern::new(r"\bship(?:s|ping)?\b");
        assert!(!pattern.is_prebuilt());
        assert!(!pattern.regex.is_compiled());
        assert_eq!(
            pattern
                .find_iter("Ships fast; shipping free")
                .collect::<Vec<_>>(),
            [0..5, 12..20]
        );
        assert!(pattern.regex.is_compiled());
        // A broken one is caught by `sentence_regex`, which the test above
        // runs on each.
        assert!(crate::builtin::sentence_regex(Pattern::new("(unclosed").as_str()).is_err());
    }
}
