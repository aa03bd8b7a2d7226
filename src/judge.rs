//! Judging: decides which raw hits are fog a reader would trip over. Keeps the
//! longest hit where a rule's phrases overlap, clears hits that are negated or
//! pinned down by a roadsign where a reader sees it, drops quoted (mentioned,
//! not asserted) fog, and turns what is left into `Finding`s.

use crate::check::Hit;
use crate::extract::{Document, Segment, SegmentKind};
use crate::finding::Finding;
use crate::roadsign::Detector;
use crate::rule::{Rule, RulePack};
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
    let mut whole_cells = Vec::new();
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
            || is_obligation(&segment.text, &sentence, &hit.range)
            || is_wish(&segment.text, &sentence, &hit.range)
            || is_question(&segment.text, &sentence)
            || is_quoted(&segment.text, &sentence, &hit.range)
            || discusses_claims(&segment.text[sentence.clone()])
            || is_pinned_down(doc, hit, &sentence, rule)
            || repeats_in_row(doc, hit, &mut whole_cells)
        {
            continue;
        }
        let matched = segment.text[hit.range.clone()].to_string();
        let severity = rule.severity;
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

/// True when a negation stands within the three words before the hit
/// ("we do not have a free trial").
fn is_negated(text: &str, sentence: &Range<usize>, range: &Range<usize>) -> bool {
    text[sentence.start..range.start]
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .replace('’', "'")
                .to_lowercase()
        })
        .any(|w| NEGATIONS.contains(&w.as_str()))
}

/// True when a roadsign the rule accepts pins the hit down where a reader
/// would see it: in the same sentence (an attached parenthesis included); in
/// another sentence of the paragraph that names the term again; in the other
/// cells of its table row; or, for a lead-in ending in a colon, in the list
/// items right after it.
fn is_pinned_down(doc: &Document, hit: &Hit, sentence: &Range<usize>, rule: &Rule) -> bool {
    let segment = &doc.segments[hit.segment];
    if roadsign_in(segment, sentence.clone(), Some(&hit.range), rule) {
        return true;
    }
    let keys = key_words(&segment.text[hit.range.clone()]);
    let names_again = sentences(&segment.text)
        .filter(|other| other != sentence)
        .any(|other| {
            mentions(&segment.text[other.clone()], &keys) && roadsign_in(segment, other, None, rule)
        });
    if names_again {
        return true;
    }
    if let Some(row) = segment.row {
        // A term heading its row ("Expedited shipping | 2 business days |
        // $12") is pinned down by the row's other cells. A term in a value
        // cell of a comparison grid is pinned down only by the row's label:
        // the other cells are other plans' values.
        let same_row = |s: &&Segment| s.row == Some(row);
        let label = doc.segments[..hit.segment]
            .iter()
            .rev()
            .take_while(same_row)
            .last();
        let pinning: Vec<&Segment> = match label {
            Some(label) => vec![label],
            None => doc.segments[hit.segment + 1..]
                .iter()
                .take_while(same_row)
                .collect(),
        };
        if pinning
            .iter()
            .any(|cell| roadsign_in(cell, 0..cell.text.len(), None, rule))
        {
            return true;
        }
    }
    let following = &doc.segments[hit.segment + 1..];
    let pinned_by_list = segment.text.ends_with(':')
        && following
            .iter()
            .take_while(|s| matches!(s.kind, SegmentKind::ListItem | SegmentKind::TableCell))
            .any(|item| roadsign_in(item, 0..item.text.len(), None, rule));
    if pinned_by_list {
        return true;
    }
    // A heading names the topic its section explains; a front matter title or
    // description, the page's. Either is pinned down where the text below
    // names the term again with a roadsign.
    let explained_below = |scope: &[Segment]| {
        scope.iter().any(|s| {
            sentences(&s.text).any(|sentence| {
                mentions(&s.text[sentence.clone()], &keys) && roadsign_in(s, sentence, None, rule)
            })
        })
    };
    match segment.kind {
        SegmentKind::Heading => {
            let section = following
                .iter()
                .position(|s| s.kind == SegmentKind::Heading)
                .unwrap_or(following.len());
            explained_below(&following[..section])
        }
        SegmentKind::FrontMatter => explained_below(following),
        // A page titled after the term ("Free Trial") is where its terms are
        // written: mentions on that page refer to it.
        _ => page_title(doc).is_some_and(|title| mentions(title, &keys)),
    }
}

/// The page's title: its first front matter value, or a heading that opens it.
fn page_title(doc: &Document) -> Option<&str> {
    doc.segments
        .iter()
        .find(|s| s.kind == SegmentKind::FrontMatter)
        .or_else(|| {
            doc.segments
                .first()
                .filter(|s| s.kind == SegmentKind::Heading)
        })
        .map(|s| s.text.as_str())
}

/// Words that, before a hit in its sentence, make it a duty laid on someone ("you must
/// promptly notify us"), or a clause that conditions one ("provided that
/// the vendor promptly gives notice"): terms of service, not a promise.
const OBLIGATIONS: [&str; 5] = ["must", "shall", "should", "agree", "agrees"];

fn is_obligation(text: &str, sentence: &Range<usize>, range: &Range<usize>) -> bool {
    let before = &text[sentence.start..range.start];
    let duty = before.split_whitespace().any(|w| {
        let word = w.trim_matches(|c: char| !c.is_alphanumeric());
        OBLIGATIONS.contains(&word.to_lowercase().as_str())
    });
    duty || before.to_lowercase().contains("provided that")
}

/// Words that, shortly before a hit, make it a hope or a wish, not a promise
/// ("we hope to get a response shortly", "some wish for an unlimited plan").
const WISHES: [&str; 5] = ["hope", "hopes", "hoping", "wish", "wishes"];

fn is_wish(text: &str, sentence: &Range<usize>, range: &Range<usize>) -> bool {
    text[sentence.start..range.start]
        .split_whitespace()
        .rev()
        .take(5)
        .any(|w| WISHES.contains(&w.to_lowercase().as_str()))
}

/// True for a question: it asks about a promise, it does not make one
/// ("Does the plan include a free trial?").
fn is_question(text: &str, sentence: &Range<usize>) -> bool {
    text[sentence.clone()].trim_end().ends_with('?')
}

/// True when the hit is a whole table cell ("Unlimited") repeating the same
/// rule's whole-cell hit earlier in its row: a comparison grid states one
/// claim across plans, reported once. `seen` remembers (row, rule) pairs.
fn repeats_in_row(doc: &Document, hit: &Hit, seen: &mut Vec<(u32, usize)>) -> bool {
    let segment = &doc.segments[hit.segment];
    let Some(row) = segment.row else {
        return false;
    };
    if hit.range != (0..segment.text.len()) {
        return false;
    }
    if seen.contains(&(row, hit.rule)) {
        return true;
    }
    seen.push((row, hit.rule));
    false
}

/// True when `range` of the segment's text holds a roadsign the rule
/// accepts, outside `hit` (a hit is never pinned down by its own words:
/// "100% satisfaction" is not cleared by its own percentage).
fn roadsign_in(
    segment: &Segment,
    range: Range<usize>,
    hit: Option<&Range<usize>>,
    rule: &Rule,
) -> bool {
    let text = &segment.text[range.clone()];
    let outside_hit = |found: &Range<usize>| {
        let found = (found.start + range.start)..(found.end + range.start);
        hit.is_none_or(|hit| found.end <= hit.start || found.start >= hit.end)
    };
    for detector in &rule.unless.sentence_has {
        if *detector == Detector::Link && segment.has_anchor_in(range.clone()) {
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

/// Words too common to show that another sentence is about the same promise:
/// function words, and nouns like "shipping" ("Standard shipping takes 5
/// days" says nothing about expedited shipping).
const COMMON_WORDS: [&str; 35] = [
    "shipping", "ship", "ships", "delivery", "support", "service", "returns", "return", "refund",
    "refunds", "plan", "plans", "price", "prices", "orders", "order", "items", "products", "with",
    "your", "from", "that", "this", "under", "over", "have", "will", "into", "what", "when",
    "more", "most", "about", "their", "free",
];

/// The distinctive words of a hit (four letters or more, not common),
/// lowercased and cut to a stem of at most six letters so "expedited" also
/// finds "expedite".
fn key_words(matched: &str) -> Vec<String> {
    matched
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !COMMON_WORDS.contains(&w.as_str()))
        .map(|w| w.chars().take(6).collect())
        .collect()
}

/// True when a word of `text` starts with one of the `keys`.
fn mentions(text: &str, keys: &[String]) -> bool {
    !keys.is_empty()
        && text.split(|c: char| !c.is_alphanumeric()).any(|w| {
            keys.iter()
                .any(|k| w.to_lowercase().starts_with(k.as_str()))
        })
}

/// The sentences of a text, as byte ranges.
fn sentences(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let mut ends: Vec<usize> = (0..text.len())
        .filter(|&i| ends_sentence(text, i))
        .map(|i| i + 1)
        .collect();
    if ends.last() != Some(&text.len()) {
        ends.push(text.len());
    }
    ends.into_iter().map(move |end| {
        let range = start..end;
        start = end;
        range
    })
}

/// Words that show a sentence is talking about claims, not making one ("6 of
/// 10 providers are guilty of promising anonymity", "Misleading promises of
/// military-grade VPNs").
const CLAIM_TALK: [&str; 4] = ["misleading", "guilty of", "so-called", "deceptive"];

fn discusses_claims(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    CLAIM_TALK.iter().any(|w| lower.contains(w))
}

/// True when the hit sits inside quotation marks in its sentence: the copy
/// mentions the words (often someone else's), it does not assert them, so
/// it is not reported at all (the corpus review found every quoted hit to be
/// a mention: critiques of competitors, definitions of terms).
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
    fn sentences_split_the_paragraph() {
        let text = "We offer expedited shipping. Expedited orders arrive in 2 days.";
        let all: Vec<&str> = sentences(text).map(|r| &text[r]).collect();
        assert_eq!(
            all,
            [
                "We offer expedited shipping.",
                " Expedited orders arrive in 2 days."
            ]
        );
    }

    #[test]
    fn key_words_skip_generic_nouns() {
        assert_eq!(key_words("expedited shipping"), ["expedi"]);
        assert!(mentions(
            "Expedite your order",
            &key_words("expedited shipping")
        ));
        assert!(!mentions(
            "Standard shipping is slow",
            &key_words("expedited shipping")
        ));
    }

    #[test]
    fn duties_and_provisos_are_not_promises() {
        let text = "You must promptly notify us of any breach.";
        let hit = text.find("promptly").unwrap();
        assert!(is_obligation(text, &(0..text.len()), &(hit..hit + 8)));
        let text = "provided that the vendor promptly gives notice";
        let hit = text.find("promptly").unwrap();
        assert!(is_obligation(text, &(0..text.len()), &(hit..hit + 8)));
        let text = "We reply promptly.";
        assert!(!is_obligation(text, &(0..text.len()), &(9..17)));
    }

    #[test]
    fn wishes_are_not_promises() {
        let text = "We hope to get a response shortly.";
        let hit = text.find("shortly").unwrap();
        assert!(is_wish(text, &(0..text.len()), &(hit..hit + 7)));
        assert!(!is_wish("We reply shortly.", &(0..17), &(9..16)));
    }

    #[test]
    fn quotes_mark_mentions() {
        let text = "Competitors promise “unlimited” data.";
        let hit = text.find("unlimited").unwrap();
        assert!(is_quoted(text, &(0..text.len()), &(hit..hit + 9)));
        assert!(!is_quoted("Unlimited data.", &(0..15), &(0..9)));
    }
}
