//! Judging: decides which raw hits are fog a reader would trip over. Keeps the
//! longest hit where a rule's phrases overlap, clears hits that are negated or
//! pinned down by a roadsign in the same sentence, caps quoted (mentioned, not
//! asserted) fog at `info`, and turns what is left into `Finding`s.

use crate::check::Hit;
use crate::extract::{Document, Segment};
use crate::finding::Finding;
use crate::roadsign::Detector;
use crate::rule::{Rule, RulePack, Severity};
use std::ops::Range;

/// Words that, just before a hit, say the copy denies the promise.
const NEGATIONS: [&str; 14] = [
    "no", "not", "never", "without", "don't", "doesn't", "won't", "can't", "cannot", "isn't",
    "aren't", "didn't", "nor", "neither",
];

/// The findings `hits` leave after judging, in source order.
pub fn judge(doc: &Document, mut hits: Vec<Hit>, pack: &RulePack) -> Vec<Finding> {
    hits.sort_by(|a, b| {
        (
            a.segment,
            a.rule,
            a.range.start,
            std::cmp::Reverse(a.range.end),
        )
            .cmp(&(
                b.segment,
                b.rule,
                b.range.start,
                std::cmp::Reverse(b.range.end),
            ))
    });
    let mut findings = Vec::new();
    let mut longest: Option<&Hit> = None;
    for hit in &hits {
        // Within one rule, a hit overlapping a longer or earlier one is the
        // same fog ("satisfaction guaranteed" contains "guaranteed"), judged
        // once, as the longer hit.
        if let Some(held) = longest {
            if held.segment == hit.segment
                && held.rule == hit.rule
                && hit.range.start < held.range.end
            {
                continue;
            }
        }
        longest = Some(hit);
        let segment = &doc.segments[hit.segment];
        let rule = pack.get(hit.rule);
        let sentence = sentence_around(&segment.text, &hit.range);
        if is_negated(&segment.text, &sentence, &hit.range)
            || is_pinned_down(segment, &sentence, &hit.range, rule)
        {
            continue;
        }
        let matched = segment.text[hit.range.clone()].to_string();
        let severity = if is_quoted(&segment.text, &sentence, &hit.range) {
            rule.severity.min(Severity::Info)
        } else {
            rule.severity
        };
        findings.push(Finding {
            rule: rule.id.clone(),
            span: segment.source_span(hit.range.clone()),
            message: rule.message_for(&matched),
            matched,
            severity,
            roadsign: rule.roadsign.clone(),
        });
    }
    findings.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
    findings.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
    findings
}

/// Ends a sentence: `.`, `!`, `?` or `;` followed by whitespace or the end,
/// except the dot of an abbreviation ("p.m. ET", "e.g. this").
fn ends_sentence(text: &str, index: usize) -> bool {
    let bytes = text.as_bytes();
    let c = bytes[index];
    if !matches!(c, b'.' | b'!' | b'?' | b';') {
        return false;
    }
    if bytes
        .get(index + 1)
        .is_some_and(|b| !b.is_ascii_whitespace())
    {
        return false;
    }
    if c == b'.' {
        let word = text[..index]
            .rsplit(|ch: char| ch.is_whitespace())
            .next()
            .unwrap_or("");
        if word.chars().count() <= 1 || word.contains('.') {
            return false;
        }
    }
    true
}

/// The byte range of the sentence holding `range`.
fn sentence_around(text: &str, range: &Range<usize>) -> Range<usize> {
    let start = (0..range.start)
        .rev()
        .find(|&i| ends_sentence(text, i))
        .map_or(0, |i| i + 1);
    let end = (range.end..text.len())
        .find(|&i| ends_sentence(text, i))
        .map_or(text.len(), |i| i + 1);
    start..end
}

/// True when a negation stands within the two words before the hit.
fn is_negated(text: &str, sentence: &Range<usize>, range: &Range<usize>) -> bool {
    text[sentence.start..range.start]
        .split_whitespace()
        .rev()
        .take(2)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .replace('’', "'")
                .to_lowercase()
        })
        .any(|w| NEGATIONS.contains(&w.as_str()))
}

/// True when the sentence itself pins the hit down with a roadsign the rule
/// accepts. The hit's own words never count ("100% satisfaction" is not
/// pinned down by its own percentage).
fn is_pinned_down(
    segment: &Segment,
    sentence: &Range<usize>,
    hit: &Range<usize>,
    rule: &Rule,
) -> bool {
    let text = &segment.text[sentence.clone()];
    let outside_hit = |found: &Range<usize>| {
        let found = (found.start + sentence.start)..(found.end + sentence.start);
        found.end <= hit.start || found.start >= hit.end
    };
    for detector in &rule.unless.sentence_has {
        if *detector == Detector::Link && segment.has_anchor_in(sentence.clone()) {
            return true;
        }
        if detector.find_in(text).iter().any(outside_hit) {
            return true;
        }
    }
    if let Some(regex) = &rule.unless.sentence_matches {
        if regex.find_iter(text).any(|m| outside_hit(&m.range())) {
            return true;
        }
    }
    false
}

/// True when the hit sits inside quotation marks in its sentence: the copy
/// mentions the words (often someone else's), it does not assert them.
fn is_quoted(text: &str, sentence: &Range<usize>, range: &Range<usize>) -> bool {
    let before = &text[sentence.start..range.start];
    let after = &text[range.end..sentence.end];
    let curly_open = before.matches('“').count() > before.matches('”').count();
    let straight_open = before.matches('"').count() % 2 == 1;
    (curly_open && after.contains('”')) || (straight_open && after.contains('"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_skip_abbreviations() {
        let text = "Order by 2 p.m. ET for next-day delivery. Then relax.";
        let hit = text.find("next-day").unwrap();
        let s = sentence_around(text, &(hit..hit + 8));
        assert_eq!(&text[s], "Order by 2 p.m. ET for next-day delivery.");
    }

    #[test]
    fn negation_looks_two_words_back() {
        let text = "We don't offer next-day delivery.";
        let hit = text.find("next-day").unwrap();
        assert!(is_negated(text, &(0..text.len()), &(hit..hit + 8)));
        let text = "There are no hidden fees.";
        let hit = text.find("no hidden").unwrap();
        assert!(!is_negated(text, &(0..text.len()), &(hit..hit + 14)));
    }

    #[test]
    fn quotes_mark_mentions() {
        let text = "Competitors promise “unlimited” data.";
        let hit = text.find("unlimited").unwrap();
        assert!(is_quoted(text, &(0..text.len()), &(hit..hit + 9)));
        assert!(!is_quoted("Unlimited data.", &(0..15), &(0..9)));
    }
}
