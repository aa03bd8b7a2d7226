//! Matching: every rule of the pack compiled into one pass per segment. Literal
//! phrases go through one Aho-Corasick automaton and regex rules through one
//! `RegexSet` (DESIGN §9); word boundaries are checked only around hits. Check
//! reports every raw hit; it never decides what is fog — that is `judge`.

use crate::extract::Document;
use crate::rule::{LazyRegex, Pattern, RulePack};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::RegexSet;
use std::ops::Range;

/// One raw match of one rule in one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the rule in the pack.
    pub rule: usize,
    /// Index of the segment in the document.
    pub segment: usize,
    /// Byte range in the segment's text.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy)]
struct PhraseOwner {
    rule: usize,
    /// An `except` phrase: it excuses hits of its rule, it is not one.
    except: bool,
}

/// The compiled form of a whole rule pack.
#[derive(Debug)]
pub struct Matcher {
    phrases: Option<AhoCorasick>,
    owners: Vec<PhraseOwner>,
    regex_set: RegexSet,
    regexes: Vec<(usize, LazyRegex)>,
}

/// Spellings a phrase also matches: a hyphen may be written as a space, and a
/// straight apostrophe as a curly one. Whitespace is already collapsed in the
/// segment text, so a single space in the phrase matches any run of it.
fn phrase_variants(phrase: &str) -> Vec<String> {
    let mut variants = vec![String::new()];
    for ch in phrase.chars() {
        let options: &[char] = match ch {
            '-' => &['-', ' '],
            '\'' => &['\'', '’'],
            _ => &[],
        };
        if options.is_empty() {
            for v in &mut variants {
                v.push(ch);
            }
        } else {
            variants = variants
                .into_iter()
                .flat_map(|v| {
                    options.iter().map(move |o| {
                        let mut next = v.clone();
                        next.push(*o);
                        next
                    })
                })
                .collect();
        }
    }
    variants
}

impl Matcher {
    pub fn compile(pack: &RulePack) -> Matcher {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        let mut regex_sources = Vec::new();
        let mut regexes = Vec::new();
        for (index, rule) in pack.rules().iter().enumerate() {
            let mut add = |phrase: &str, except: bool| {
                for variant in phrase_variants(phrase) {
                    patterns.push(variant);
                    owners.push(PhraseOwner {
                        rule: index,
                        except,
                    });
                }
            };
            if let Pattern::Phrases(phrases) = &rule.pattern {
                for phrase in phrases {
                    add(phrase, false);
                }
            }
            for phrase in &rule.except {
                add(phrase, true);
            }
            if let Pattern::Regex(regex) = &rule.pattern {
                regex_sources.push(regex.as_str().to_string());
                regexes.push((index, regex.clone()));
            }
        }
        let phrases = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                // Phrases are plain strings; building only fails past
                // automaton size limits far beyond any rule pack.
                .expect("phrase automaton")
        });
        let regex_set = RegexSet::new(regex_sources.iter().map(|s| format!("(?i){s}")))
            .expect("rule regexes were validated when loaded");
        Matcher {
            phrases,
            owners,
            regex_set,
            regexes,
        }
    }

    /// Every hit of every rule in `doc`, in segment order.
    pub fn check(&self, doc: &Document) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut excused: Vec<(usize, Range<usize>)> = Vec::new();
        for (segment_index, segment) in doc.segments.iter().enumerate() {
            let text = segment.text.as_str();
            let first = hits.len();
            excused.clear();
            if let Some(ac) = &self.phrases {
                for m in ac.find_overlapping_iter(text) {
                    let range = m.start()..m.end();
                    if !at_word_boundaries(text, &range) {
                        continue;
                    }
                    let owner = self.owners[m.pattern().as_usize()];
                    if owner.except {
                        excused.push((owner.rule, range));
                    } else {
                        hits.push(Hit {
                            rule: owner.rule,
                            segment: segment_index,
                            range,
                        });
                    }
                }
            }
            if !self.regexes.is_empty() {
                for set_index in self.regex_set.matches(text).iter() {
                    let (rule, regex) = &self.regexes[set_index];
                    for m in regex.find_iter(text) {
                        if m.is_empty() {
                            continue;
                        }
                        let range = m.range();
                        hits.push(Hit {
                            rule: *rule,
                            segment: segment_index,
                            range,
                        });
                    }
                }
            }
            if !excused.is_empty() {
                let mut segment_hits = hits.split_off(first);
                segment_hits.retain(|hit| {
                    !excused.iter().any(|(rule, range)| {
                        *rule == hit.rule
                            && range.start < hit.range.end
                            && hit.range.start < range.end
                    })
                });
                hits.append(&mut segment_hits);
            }
        }
        hits
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A phrase that starts (ends) with a word character must not continue a
/// word before (after) it: "soon" is not in "sooner".
fn at_word_boundaries(text: &str, range: &Range<usize>) -> bool {
    let matched = &text[range.clone()];
    let starts_word = matched.chars().next().is_some_and(is_word_char);
    let ends_word = matched.chars().next_back().is_some_and(is_word_char);
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let glued_before = starts_word && before.is_some_and(is_word_char);
    let glued_after = ends_word && after.is_some_and(is_word_char);
    !glued_before && !glued_after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_cover_hyphens_and_apostrophes() {
        let v = phrase_variants("we'll next-day");
        assert_eq!(v.len(), 4);
        assert!(v.contains(&"we’ll next day".to_string()));
    }

    #[test]
    fn boundaries() {
        assert!(!at_word_boundaries("sooner", &(0..4)));
        assert!(at_word_boundaries("soon.", &(0..4)));
        assert!(!at_word_boundaries("#10", &(0..2)));
        assert!(at_word_boundaries("a 100% b", &(2..6)));
    }
}
