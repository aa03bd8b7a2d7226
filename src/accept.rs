//! The project vocabulary: `accept = ["Premium Economy", "Unlimited Plan"]`
//! in fogcheck.toml, the team's product and plan names. An accepted phrase
//! clears any finding whose source it covers or overlaps, as a rule's
//! `except` does, but for every rule. Phrases match like rule phrases:
//! case-insensitively, at word boundaries, with any whitespace between
//! words, a hyphen also matching a space and `'` also `’`. Each entry
//! remembers whether it matched anywhere in the run, so entries that
//! match nothing can be reported.

use crate::check::{at_word_boundaries, phrase_variants};
use crate::extract::Document;
use crate::finding::Finding;
use crate::span::Span;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// One `accept` entry of a config file.
#[derive(Debug)]
pub struct Entry {
    /// The phrase as written.
    pub phrase: String,
    /// Where it is written in the config file.
    pub span: Range<usize>,
    /// The `[[overrides]]` table it belongs to (by index), or `None` for
    /// the top level, which applies to every file.
    pub scope: Option<usize>,
}

/// The compiled entries of one config file.
#[derive(Debug, Default)]
pub struct Vocabulary {
    entries: Vec<Entry>,
    automaton: Option<AhoCorasick>,
    /// The entry each automaton pattern spells.
    owners: Vec<usize>,
    used: Vec<AtomicBool>,
}

/// Why an entry cannot be used, if it cannot: an empty entry, or one with
/// no letter or digit, would match nothing or everything.
pub fn check_entry(phrase: &str) -> Result<(), String> {
    if phrase.trim().is_empty() {
        return Err("empty `accept` entry: give the phrase to accept".into());
    }
    if !phrase.chars().any(char::is_alphanumeric) {
        return Err(format!(
            "`accept` entry `{phrase}` contains no word; give a product or plan name"
        ));
    }
    Ok(())
}

impl Vocabulary {
    /// Compiles `entries`, which `check_entry` accepted.
    pub fn new(entries: Vec<Entry>) -> Vocabulary {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let words: Vec<&str> = entry.phrase.split_whitespace().collect();
            phrase_variants(&words.join(" "), |variant| {
                patterns.push(variant.to_ascii_lowercase());
                owners.push(index);
            });
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .expect("accept automaton")
        });
        Vocabulary {
            used: entries.iter().map(|_| AtomicBool::new(false)).collect(),
            entries,
            automaton,
            owners,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Drops the findings an entry in force covers or overlaps. `in_force`
    /// says, per override index, whether that override applies to the file
    /// (top-level entries always do).
    pub fn apply(
        &self,
        document: &Document,
        in_force: &dyn Fn(Option<usize>) -> bool,
        findings: Vec<Finding>,
    ) -> Vec<Finding> {
        let Some(automaton) = &self.automaton else {
            return findings;
        };
        let active: Vec<bool> = self.entries.iter().map(|e| in_force(e.scope)).collect();
        if !active.contains(&true) {
            return findings;
        }
        let mut accepted: Vec<Span> = Vec::new();
        let mut lowered = String::new();
        for segment in &document.segments {
            lowered.clear();
            lowered.push_str(&segment.text);
            lowered.make_ascii_lowercase();
            for m in automaton.find_overlapping_iter(&lowered) {
                let entry = self.owners[m.pattern().as_usize()];
                let range = m.start()..m.end();
                if !active[entry] || !at_word_boundaries(&segment.text, &range) {
                    continue;
                }
                self.used[entry].store(true, Ordering::Relaxed);
                accepted.push(segment.source_span(range));
            }
        }
        if accepted.is_empty() {
            return findings;
        }
        // Sorted by start, with the furthest end so far: a finding overlaps
        // an accepted span when one starting before its end reaches past its
        // start. A binary search each, so a page full of names stays fast.
        accepted.sort();
        let mut furthest = Vec::with_capacity(accepted.len());
        let mut end = 0;
        for span in &accepted {
            end = end.max(span.end());
            furthest.push(end);
        }
        findings
            .into_iter()
            .filter(|f| {
                let before = accepted.partition_point(|a| a.start() < f.span.end());
                !(before > 0 && furthest[before - 1] > f.span.start())
            })
            .collect()
    }

    /// The entries that matched nothing in any file they applied to.
    pub fn unused(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !used.load(Ordering::Relaxed))
            .map(|(entry, _)| entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_need_a_word() {
        assert!(check_entry("Premium Economy").is_ok());
        assert!(check_entry("").is_err());
        assert!(check_entry("   ").is_err());
        assert!(check_entry("--- !").is_err());
    }
}
