//! Judging: decides which raw hits are fog a reader would trip over. Keeps the
//! longest hit where a rule's phrases overlap, clears hits that are negated or
//! pinned down by a roadsign where a reader sees it, drops quoted (mentioned,
//! not asserted) fog, and turns what is left into `Finding`s.

use crate::check::Hit;
use crate::extract::{Document, Segment, SegmentKind};
use crate::filters::{contains, filters};
use crate::finding::{Finding, InProse};
use crate::roadsign::{is_contact_link, Detector};
use crate::rule::{Pattern, Rule, RuleId, RulePack};
use crate::span::Span;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A hit that judging cleared, and why: for rule authors (`--show-cleared`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleared {
    pub rule: RuleId,
    pub span: Span,
    pub matched: String,
    /// The filter that cleared it (`negation`, `duty`, `pinned: same
    /// sentence (duration)`, …).
    pub reason: String,
}

/// What judging a document decided: the fog, and (when asked for) the hits
/// it cleared with their reasons.
#[derive(Debug, Default)]
pub struct Judgement {
    pub findings: Vec<Finding>,
    pub cleared: Vec<Cleared>,
}

/// The findings `hits` leave after judging, in source order.
pub fn judge(doc: &Document, hits: Vec<Hit>, pack: &RulePack) -> Vec<Finding> {
    judge_explained(doc, hits, pack, false).findings
}

/// As `judge`; with `keep_cleared`, also every hit it cleared and why.
pub fn judge_explained(
    doc: &Document,
    mut hits: Vec<Hit>,
    pack: &RulePack,
    keep_cleared: bool,
) -> Judgement {
    let mut cleared = Vec::new();
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
    let mut whole_cells = HashSet::new();
    let mut memo = Memo::default();
    let title = page_title(doc);
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
        memo.enter(hit.segment, &segment.text);
        let sentence = memo.sentence_around(&segment.text, &hit.range);
        let reason: Option<Cow<'static, str>> = if is_negated(&segment.text, &sentence, &hit.range)
        {
            Some("negation".into())
        } else if memo.facts(&segment.text, &sentence).duty_before(&hit.range) {
            Some("duty".into())
        } else if is_wish(&segment.text, &sentence, &hit.range) {
            Some("wish".into())
        } else if is_question(&segment.text, &sentence) {
            Some("question".into())
        } else if memo
            .facts(&segment.text, &sentence)
            .quotes
            .around(&hit.range)
        {
            Some("quotation".into())
        } else if memo.facts(&segment.text, &sentence).discusses_claims {
            Some("claim talk".into())
        } else if memo.facts(&segment.text, &sentence).disclaims {
            Some("disclaimer".into())
        } else if let Some(how) = is_pinned_down(doc, hit, &sentence, rule, title, &mut memo) {
            Some(how)
        } else if repeats_in_row(doc, hit, &mut whole_cells) {
            Some("repeat in row".into())
        } else {
            None
        };
        if let Some(reason) = reason {
            if keep_cleared {
                cleared.push(Cleared {
                    rule: rule.id.clone(),
                    span: segment.source_span(hit.range.clone()),
                    matched: segment.text[hit.range.clone()].to_string(),
                    reason: reason.into_owned(),
                });
            }
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
            in_prose: Some(InProse {
                segment: hit.segment,
                range: hit.range.clone(),
            }),
            key_path: segment.key_path.clone(),
        });
    }
    findings.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
    findings.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
    let findings = one_finding_per_fog(findings, pack, keep_cleared.then_some(&mut cleared));
    cleared.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
    Judgement { findings, cleared }
}

/// The same words flagged by two rules are reported once. Where a `near`
/// rule's finding lies inside another rule's finding, the
/// reader sees one fog and the other rule speaks for it ("fast" and
/// "shipping" inside "same-day shipping"). A `near` finding that reaches
/// beyond the other ("fast, free shipping" around "free shipping") is kept:
/// it says something more. `findings` are sorted by span.
fn one_finding_per_fog(
    findings: Vec<Finding>,
    pack: &RulePack,
    mut cleared: Option<&mut Vec<Cleared>>,
) -> Vec<Finding> {
    let is_near = |f: &Finding| {
        pack.find(f.rule.as_str())
            .is_some_and(|r| matches!(r.pattern, Pattern::Near(_)))
    };
    let inside = |inner: &Finding, outer: &Finding| {
        outer.span.start() <= inner.span.start() && inner.span.end() <= outer.span.end()
    };
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut near_flags: Vec<bool> = Vec::with_capacity(findings.len());
    for finding in findings {
        let near = is_near(&finding);
        // Findings are sorted by start, so only the last few kept can
        // overlap this one; look back while they still could.
        let mut drop_new = false;
        let mut drop_old = Vec::new();
        // Sorted by start: only recent findings can still overlap this one;
        // a bounded look-back keeps a page of a million findings linear.
        for i in (kept.len().saturating_sub(16)..kept.len()).rev() {
            if kept[i].rule == finding.rule {
                continue;
            }
            // The same words flagged by two rules are one fog: a phrase or
            // regex rule speaks for it before a `near` rule, then the first
            // rule by id.
            let same = kept[i].span == finding.span;
            if near_flags[i] && !near && (same || inside(&kept[i], &finding)) {
                drop_old.push(i);
            } else if same || (near && inside(&finding, &kept[i])) {
                drop_new = true;
                break;
            }
        }
        for i in drop_old {
            let old = kept.remove(i);
            near_flags.remove(i);
            if let Some(cleared) = cleared.as_deref_mut() {
                cleared.push(overlapped(old));
            }
        }
        if drop_new {
            if let Some(cleared) = cleared.as_deref_mut() {
                cleared.push(overlapped(finding));
            }
            continue;
        }
        kept.push(finding);
        near_flags.push(near);
    }
    kept
}

fn overlapped(finding: Finding) -> Cleared {
    Cleared {
        rule: finding.rule,
        span: finding.span,
        matched: finding.matched,
        reason: "inside another rule's finding".into(),
    }
}

/// Ends a sentence: `.`, `!`, `?` or `;` followed by whitespace or the end,
/// except the dot of an abbreviation ("p.m. ET", "e.g. this").
fn ends_sentence(text: &str, index: usize) -> bool {
    let bytes = text.as_bytes();
    if bytes
        .get(index + 1)
        .is_some_and(|b| !b.is_ascii_whitespace())
    {
        return false;
    }
    // A closing quote or bracket right after the terminator ends the
    // sentence with it: `…with a click." Next` (the quote belongs to the
    // sentence it closes, so quotation marks stay paired).
    let closer = [("\"", 1), (")", 1), ("”", 3), ("’", 3)]
        .into_iter()
        .find(|(mark, len)| index + 1 >= *len && text.get(index + 1 - len..=index) == Some(mark));
    let (index, c) = match closer {
        Some((_, len)) if index >= len => (index - len, bytes[index - len]),
        Some(_) => return false,
        None => (index, bytes[index]),
    };
    // A semicolon joins clauses of one sentence: "Support is open 24/7; we
    // reply within 1 hour" pins its own promise.
    if !matches!(c, b'.' | b'!' | b'?') {
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

/// The longest stretch judged as one sentence. Longer "sentences" (a
/// megabyte with no full stop) are judged in chunks of about this size, so
/// each hit costs a bounded amount and shares its chunk's detector finds.
const MAX_SENTENCE: usize = 2048;

/// A sentence, a detector (or `None` for the rule's `sentence_matches`) and
/// the rule index (0 for detectors, which do not depend on the rule).
type FindKey = (Range<usize>, Option<Detector>, usize);

/// What judging one document computes once and reuses across hits, so a
/// paragraph of a million hits stays linear: the segment's sentence ends, the
/// detector finds of each sentence, and the pinning found outside a hit's
/// sentence per rule.
#[derive(Default)]
struct Memo {
    segment: Option<usize>,
    /// Where sentences of the current segment end (`ends_sentence`).
    ends: Vec<usize>,
    /// Finds of a detector (or, with `None`, a rule's `sentence_matches`)
    /// in a sentence of the current segment, by sentence range and rule.
    finds: HashMap<FindKey, Vec<Range<usize>>>,
    /// Sentences of the current segment that name the term again with a
    /// roadsign, by rule and key words.
    named_again: HashMap<(usize, Vec<String>), Vec<Range<usize>>>,
    /// Whole-document answers by (segment, rule, key words): pinned down by
    /// the row, the list after a lead-in, or the section below.
    elsewhere: HashMap<(usize, usize, Vec<String>), Option<&'static str>>,
    /// Cells of a table row that pin a rule down, by (row, rule).
    row_pins: HashMap<(u32, usize), Vec<usize>>,
    /// Per sentence of the current segment: where its first duty word
    /// stands, and whether it discusses claims (each found once, not per hit).
    sentence_facts: HashMap<Range<usize>, SentenceFacts>,
    /// The first cell (the label) of each table row met so far.
    row_labels: HashMap<u32, usize>,
    /// Per rule: whether some sentence of the page holds a roadsign it
    /// accepts (a page titled after a term pins it only then).
    page_pins: HashMap<usize, bool>,
    /// Every sentence of the page, (segment, range), for definitions
    /// elsewhere on the page.
    page_sentences: Option<Vec<(usize, Range<usize>)>>,
    /// Every segment of the page in ASCII lowercase (byte for byte), for
    /// finding the sentences that name a term (`sentences_naming`).
    page_lowered: Option<Vec<String>>,
    /// Per rule and term: the segments holding a sentence that names the
    /// term with a roadsign the rule accepts.
    page_named: HashMap<(usize, Vec<String>), Vec<usize>>,
    /// Bytes of prose on the page, counted once.
    prose: Option<usize>,
}

/// Pages up to this much prose are searched whole for a sentence that
/// defines a term; past it (a book, a dump) only the paragraph, row, list
/// and section are, so judging stays linear.
const PAGE_DEFINITIONS_UP_TO: usize = 256 * 1024;

impl Memo {
    fn enter(&mut self, segment: usize, text: &str) {
        if self.segment == Some(segment) {
            return;
        }
        self.segment = Some(segment);
        self.ends = sentence_ends(text);
        self.finds.clear();
        self.named_again.clear();
        self.sentence_facts.clear();
        // Keyed by segment, and hits come segment by segment: answers for
        // earlier segments are never asked again, and keeping them would
        // hold a key per hit of a big page.
        self.elsewhere.clear();
    }

    fn facts(&mut self, text: &str, sentence: &Range<usize>) -> &SentenceFacts {
        self.sentence_facts
            .entry(sentence.clone())
            .or_insert_with(|| SentenceFacts::of(&text[sentence.clone()], sentence.start))
    }

    /// As `sentence_around`, from the remembered ends; over-long sentences
    /// are cut into fixed chunks of `MAX_SENTENCE` bytes.
    fn sentence_around(&self, text: &str, range: &Range<usize>) -> Range<usize> {
        let full = self.full_sentence(text, range);
        if full.len() <= MAX_SENTENCE {
            return full;
        }
        let chunk = |offset: usize| {
            let mut at = (full.start + offset).min(full.end);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let first = (range.start - full.start) / MAX_SENTENCE;
        let last = (range.end - full.start).div_ceil(MAX_SENTENCE);
        chunk(first * MAX_SENTENCE)..chunk(last * MAX_SENTENCE).max(range.end)
    }

    fn full_sentence(&self, text: &str, range: &Range<usize>) -> Range<usize> {
        sentence_holding(&self.ends, text.len(), range)
    }

    /// The sentences of the current segment.
    fn sentences(&self, text: &str) -> Vec<Range<usize>> {
        sentence_ranges(&self.ends, text.len())
    }
}

/// Where the sentences of `text` end: indices of their final `.`, `!`, `?`
/// or `;` (see `ends_sentence`).
fn sentence_ends(text: &str) -> Vec<usize> {
    // Most blocks of text hold no terminator or closer, and are skipped
    // whole.
    let mut ends = Vec::new();
    for (start, block) in crate::extract::blocks_holding(text.as_bytes(), may_end_sentence) {
        for (offset, &b) in block.iter().enumerate() {
            if may_end_sentence(b) && ends_sentence(text, start + offset) {
                ends.push(start + offset);
            }
        }
    }
    ends
}

/// True for a byte `ends_sentence` may hold at: a terminator, or the last
/// byte of a closer after one: `"`, `)`, `”` (…9D) or `’` (…99).
#[inline(always)]
fn may_end_sentence(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | b'"' | b')' | 0x9D | 0x99)
}

/// The sentence holding `range`, from a text's sentence `ends` and length.
fn sentence_holding(ends: &[usize], len: usize, range: &Range<usize>) -> Range<usize> {
    let before = ends.partition_point(|&i| i < range.start);
    let start = if before == 0 { 0 } else { ends[before - 1] + 1 };
    let after = ends.partition_point(|&i| i < range.end);
    let end = ends.get(after).map_or(len, |&i| i + 1);
    start..end
}

/// Every sentence, from a text's sentence `ends` and length; a text that
/// does not end on a terminator ends with an unterminated sentence.
fn sentence_ranges(ends: &[usize], len: usize) -> Vec<Range<usize>> {
    let mut start = 0;
    let mut all: Vec<Range<usize>> = ends
        .iter()
        .map(|&i| {
            let range = start..i + 1;
            start = i + 1;
            range
        })
        .collect();
    if start < len || all.is_empty() {
        all.push(start..len);
    }
    all
}

/// How many words after a hit a link may start and still be "right after"
/// the words it explains (a link on them starts at most a word before).
const LINK_REACH: usize = 3;

/// `hit` widened by `before` words before it and `after` words after it,
/// within `sentence`.
fn words_around(
    text: &str,
    sentence: &Range<usize>,
    hit: &Range<usize>,
    before_words: usize,
    words: usize,
) -> Range<usize> {
    let mut start = hit.start;
    let before = &text[sentence.start..hit.start];
    let mut seen = 0;
    for (i, c) in before.char_indices().rev() {
        if c.is_whitespace() && i + c.len_utf8() < before.len() {
            seen += 1;
            if seen > before_words {
                break;
            }
        }
        start = sentence.start + i;
    }
    let after = &text[hit.end..sentence.end];
    let mut end = sentence.end;
    let mut seen = 0;
    for (i, c) in after.char_indices() {
        if c.is_whitespace() && i > 0 {
            seen += 1;
            if seen > words {
                end = hit.end + i;
                break;
            }
        }
    }
    start..end
}

/// True when a negation stands within the three words before the hit
/// ("we do not have a free trial"). A hit that is itself a negation ("no
/// downtime") is not undone by the one before it: "No surprises, no
/// downtime" lists two promises.
fn is_negated(text: &str, sentence: &Range<usize>, range: &Range<usize>) -> bool {
    let first_word = text[range.clone()]
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .next()
        .unwrap_or("")
        .replace('’', "'")
        .to_lowercase();
    if contains(&filters().negation.words, &first_word) {
        return false;
    }
    // A negation in an earlier clause ("Not a problem, we've got your back")
    // does not reach the hit.
    let before = &text[sentence.start..range.start];
    let clause = before
        .rfind([',', ';', ':', '—', '–'])
        .map_or(before, |i| &before[i..]);
    clause
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .replace('’', "'")
                .to_lowercase()
        })
        .any(|w| contains(&filters().negation.words, &w))
}

/// True when a roadsign the rule accepts pins the hit down where a reader
/// would see it: in the same sentence (an attached parenthesis included); in
/// another sentence of the paragraph that names the term again; in the other
/// cells of its table row; or, for a lead-in ending in a colon, in the list
/// items right after it.
fn is_pinned_down(
    doc: &Document,
    hit: &Hit,
    sentence: &Range<usize>,
    rule: &Rule,
    title: Option<&str>,
    memo: &mut Memo,
) -> Option<Cow<'static, str>> {
    let segment = &doc.segments[hit.segment];
    if let Some(by) = roadsign_in_sentence(segment, sentence, &hit.range, hit.rule, rule, memo) {
        return Some(format!("pinned: same sentence ({by})").into());
    }
    for detector in &rule.unless.paragraph_has {
        let outside_hit =
            |found: &Range<usize>| found.end <= hit.range.start || found.start >= hit.range.end;
        if detector.find_in(&segment.text).iter().any(outside_hit) {
            return Some(format!("pinned: same paragraph ({})", detector.name()).into());
        }
    }
    let keys = key_words(&segment.text[hit.range.clone()]);
    let own = memo.full_sentence(&segment.text, &hit.range);
    if !memo.named_again.contains_key(&(hit.rule, keys.clone())) {
        let named: Vec<Range<usize>> = memo
            .sentences(&segment.text)
            .into_iter()
            .filter(|other| {
                mentions(&segment.text[other.clone()], &keys)
                    && roadsign_in(segment, other.clone(), None, rule)
            })
            .collect();
        memo.named_again.insert((hit.rule, keys.clone()), named);
    }
    if memo.named_again[&(hit.rule, keys.clone())]
        .iter()
        .any(|other| *other != own)
    {
        return Some("pinned: named again in the paragraph".into());
    }
    if let Some(row) = segment.row {
        // A term heading its row ("Expedited shipping | 2 business days |
        // $12") is pinned down by the row's other cells. A term in a value
        // cell of a comparison grid is pinned down only by the row's label:
        // the other cells are other plans' values.
        let in_row = |i: &usize| doc.segments[*i].row == Some(row);
        let label = *memo.row_labels.entry(row).or_insert_with(|| {
            (0..hit.segment)
                .rev()
                .take_while(in_row)
                .last()
                .unwrap_or(hit.segment)
        });
        let pins = memo.row_pins.entry((row, hit.rule)).or_insert_with(|| {
            (label..doc.segments.len())
                .take_while(in_row)
                .filter(|&i| {
                    let cell = &doc.segments[i];
                    roadsign_in(cell, 0..cell.text.len(), None, rule)
                })
                .collect()
        });
        let pinned = if hit.segment == label {
            pins.iter().any(|&cell| cell != hit.segment)
        } else {
            pins.binary_search(&label).is_ok()
        };
        if pinned {
            return Some("pinned: table row".into());
        }
    }
    let key = (hit.segment, hit.rule, keys);
    if let Some(&pinned) = memo.elsewhere.get(&key) {
        return pinned.map(Cow::Borrowed);
    }
    let mut pinned = pinned_below(doc, hit, rule, &key.2);
    let is_title = matches!(
        doc.segments[hit.segment].kind,
        SegmentKind::Heading | SegmentKind::FrontMatter
    );
    if pinned.is_none() && !is_title && title.is_some_and(|title| mentions(title, &key.2)) {
        // A page titled after the term ("Free Trial") is where its terms
        // are written, when the page does write them: some sentence on it
        // gives the dimension the rule asks for.
        let on_page = *memo.page_pins.entry(hit.rule).or_insert_with(|| {
            doc.segments
                .iter()
                .any(|s| roadsign_in(s, 0..s.text.len(), None, rule))
        });
        pinned = on_page.then_some("pinned: page title and a roadsign on the page");
    }
    if pinned.is_none() {
        pinned = defined_on_page(doc, hit, rule, &key.2, memo)
            .then_some("pinned: defined elsewhere on the page");
    }
    memo.elsewhere.insert(key, pinned);
    pinned.map(Cow::Borrowed)
}

/// True when a sentence elsewhere on the page names the term again and
/// gives a roadsign the rule accepts ("Expedited shipping" in the intro,
/// "Expedited orders arrive in 2 business days" in the FAQ below): a term
/// of art defined somewhere on its page is not fog.
fn defined_on_page(
    doc: &Document,
    hit: &Hit,
    rule: &Rule,
    keys: &[String],
    memo: &mut Memo,
) -> bool {
    // A term of art is a phrase ("expedited shipping", "VIP support",
    // "rush orders"); one word ("unlimited", "soon") defined in one place
    // says nothing about its other uses on the page.
    let segment = &doc.segments[hit.segment];
    if !rule.unless.page_defines
        || keys.is_empty()
        || segment.text[hit.range.clone()].split_whitespace().count() < 2
    {
        return false;
    }
    let prose = *memo
        .prose
        .get_or_insert_with(|| doc.segments.iter().map(|s| s.text.len()).sum());
    if prose > PAGE_DEFINITIONS_UP_TO {
        return false;
    }
    let page_sentences = memo.page_sentences.get_or_insert_with(|| {
        doc.segments
            .iter()
            .enumerate()
            .flat_map(|(i, s)| sentences(&s.text).into_iter().map(move |r| (i, r)))
            .collect()
    });
    // The sentences that name the term are few: find them first (a word
    // scan), then run the detectors only on those, once per term and rule.
    let defining = memo
        .page_named
        .entry((hit.rule, keys.to_vec()))
        .or_insert_with(|| {
            let lowered = memo.page_lowered.get_or_insert_with(|| {
                doc.segments
                    .iter()
                    .map(|s| s.text.to_ascii_lowercase())
                    .collect()
            });
            sentences_naming(doc, lowered, page_sentences, keys)
                .into_iter()
                .map(|at| &page_sentences[at])
                .filter(|(i, r)| roadsign_in(&doc.segments[*i], r.clone(), None, rule))
                .map(|(i, _)| *i)
                .collect()
        });
    defining.iter().any(|&i| i != hit.segment)
}

/// The indices of the `sentences` (segment, range) of a page that name the
/// term `keys`, as `mentions` decides: each key is searched for in the page
/// `lowered` (ASCII lowercase), and a find counts where a word starts. One
/// search per key, not a split of every sentence into words for every term.
fn sentences_naming(
    doc: &Document,
    lowered: &[String],
    sentences: &[(usize, Range<usize>)],
    keys: &[String],
) -> Vec<usize> {
    if keys.is_empty() || keys.iter().any(|k| k.is_empty()) {
        return (0..sentences.len())
            .filter(|&at| {
                let (i, r) = &sentences[at];
                mentions(&doc.segments[*i].text[r.clone()], keys)
            })
            .collect();
    }
    // Per sentence: how many keys it names, and the last key counted.
    let mut named: Vec<(usize, usize)> = vec![(0, usize::MAX); sentences.len()];
    for (k, key) in keys.iter().enumerate() {
        // Built once a key: building it for each segment's search was most
        // of the search on short segments.
        let finder = memchr::memmem::Finder::new(key.as_bytes());
        for (segment, lower) in lowered.iter().enumerate() {
            let text = &doc.segments[segment].text;
            let first = sentences.partition_point(|(i, _)| *i < segment);
            let last = sentences.partition_point(|(i, _)| *i <= segment);
            if first == last {
                continue;
            }
            for at in finder.find_iter(lower.as_bytes()) {
                let end = at + key.len();
                let here = first + sentences[first..last].partition_point(|(_, r)| r.end <= at);
                let Some((_, range)) = sentences[first..last].get(here - first) else {
                    continue;
                };
                let starts_word = at == range.start
                    || text[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| !c.is_alphanumeric());
                if range.start <= at && end <= range.end && starts_word && named[here].1 != k {
                    named[here] = (named[here].0 + 1, k);
                }
            }
        }
    }
    (0..sentences.len())
        .filter(|&at| named[at].0 * 3 >= keys.len() * 2)
        .collect()
}

/// `roadsign_in` for the hit's own sentence, with each detector's finds in
/// that sentence computed once for all the hits in it.
fn roadsign_in_sentence(
    segment: &Segment,
    sentence: &Range<usize>,
    hit: &Range<usize>,
    rule_index: usize,
    rule: &Rule,
    memo: &mut Memo,
) -> Option<&'static str> {
    let text = &segment.text[sentence.clone()];
    let outside_hit = |found: &Range<usize>| {
        found.end + sentence.start <= hit.start || found.start + sentence.start >= hit.end
    };
    for detector in &rule.unless.sentence_has {
        // A link pins a promise down when it sits on the words or right
        // after them ("our [refund policy](…)"), not anywhere in a long
        // sentence ("[contact us](…) and we'll make it right").
        if *detector == Detector::Link
            && segment
                .anchors_over(hit)
                .chain(segment.anchors_in(words_around(
                    &segment.text,
                    sentence,
                    hit,
                    1,
                    LINK_REACH,
                )))
                .any(|text| !is_contact_link(text))
        {
            return Some("link");
        }
        let finds = memo
            .finds
            .entry((sentence.clone(), Some(*detector), 0))
            .or_insert_with(|| detector.find_in(text));
        if finds.iter().any(outside_hit) {
            return Some(detector.name());
        }
    }
    if let Some(regex) = &rule.unless.sentence_matches {
        let finds = memo
            .finds
            .entry((sentence.clone(), None, rule_index))
            .or_insert_with(|| regex.find_iter(text).collect());
        if finds.iter().any(outside_hit) {
            return Some("sentence_matches");
        }
    }
    None
}

/// The rest of `is_pinned_down`, which does not depend on the hit's place
/// in its segment: the row, a lead-in's list, the section below.
fn pinned_below(doc: &Document, hit: &Hit, rule: &Rule, keys: &[String]) -> Option<&'static str> {
    let segment = &doc.segments[hit.segment];
    let following = &doc.segments[hit.segment + 1..];
    let pinned_by_list = segment.text.ends_with(':')
        && following
            .iter()
            .take_while(|s| matches!(s.kind, SegmentKind::ListItem | SegmentKind::TableCell))
            .any(|item| roadsign_in(item, 0..item.text.len(), None, rule));
    if pinned_by_list {
        return Some("pinned: list after the lead-in");
    }
    // A heading names the topic its section explains; a front matter title or
    // description, the page's. Either is pinned down where the text below
    // names the term again with a roadsign.
    let explained_below = |scope: &[Segment]| {
        scope.iter().any(|s| {
            sentences(&s.text).into_iter().any(|sentence| {
                mentions(&s.text[sentence.clone()], keys) && roadsign_in(s, sentence, None, rule)
            })
        })
    };
    match segment.kind {
        SegmentKind::Heading => {
            let section = following
                .iter()
                .position(|s| s.kind == SegmentKind::Heading)
                .unwrap_or(following.len());
            explained_below(&following[..section]).then_some("pinned: section below")
        }
        SegmentKind::FrontMatter => explained_below(following).then_some("pinned: page below"),
        _ => None,
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

/// What a sentence says about every hit in it, found in one pass.
struct SentenceFacts {
    /// Byte offset (in the segment) of the first duty word or "provided that".
    first_duty: Option<usize>,
    /// The sentence talks about claims (the `claim-talk` filter) rather than making one.
    discusses_claims: bool,
    /// The sentence disclaims (the `disclaimer` filter) rather than promises.
    disclaims: bool,
    quotes: Quotes,
}

impl SentenceFacts {
    /// Facts of `sentence`, which starts at byte `start` of its segment.
    fn of(sentence: &str, start: usize) -> SentenceFacts {
        // ASCII lowercasing keeps every byte offset; the filters' words are
        // ASCII. One copy per sentence, none per word.
        let lower = sentence.to_ascii_lowercase();
        let mut first_duty = None;
        let mut offset = 0;
        // The last three words before the current one.
        let mut previous: [&str; 3] = [""; 3];
        let duty = &filters().duty;
        for word in lower.split_inclusive(char::is_whitespace) {
            let bare = word.trim().trim_matches(|c: char| !c.is_alphanumeric());
            if contains(&duty.words, bare) {
                // "We shall notify you in advance" is the business's own
                // promise; only a duty laid on someone else is not one.
                // "We encourage you to…" lays it on the reader all the same.
                let business = !contains(&duty.advice, bare)
                    && previous.iter().any(|w| contains(&duty.subjects, w));
                if !business {
                    first_duty = Some(start + offset);
                    break;
                }
            }
            previous = [previous[1], previous[2], bare];
            offset += word.len();
        }
        // Multi-word duties ("provided that") condition what follows.
        let phrase_duty = duty.first_phrase_in(&lower);
        let curly = lower.contains('’');
        let straightened = if curly {
            lower.replace('’', "'")
        } else {
            String::new()
        };
        let plain = if curly { &straightened } else { &lower };
        if let Some(at) = phrase_duty {
            first_duty = Some(first_duty.map_or(start + at, |d| d.min(start + at)));
        }
        SentenceFacts {
            first_duty,
            discusses_claims: filters().claim_talk.found_in(&lower),
            disclaims: filters().disclaimer.found_in(plain),
            quotes: Quotes::of(sentence, start),
        }
    }

    /// True when a duty stands before the hit in its sentence.
    fn duty_before(&self, hit: &Range<usize>) -> bool {
        self.first_duty.is_some_and(|at| at < hit.start)
    }
}

fn is_wish(text: &str, sentence: &Range<usize>, range: &Range<usize>) -> bool {
    text[sentence.start..range.start]
        .split_whitespace()
        .rev()
        .take(5)
        .any(|w| contains(&filters().wish.words, &w.to_lowercase()))
}

/// True for a question: it asks about a promise, it does not make one
/// ("Does the plan include a free trial?").
fn is_question(text: &str, sentence: &Range<usize>) -> bool {
    text[sentence.clone()].trim_end().ends_with('?')
}

/// True when the hit is a whole table cell ("Unlimited") repeating the same
/// rule's whole-cell hit earlier in its row: a comparison grid states one
/// claim across plans, reported once. `seen` remembers (row, rule) pairs.
fn repeats_in_row(doc: &Document, hit: &Hit, seen: &mut HashSet<(u32, usize)>) -> bool {
    let segment = &doc.segments[hit.segment];
    let Some(row) = segment.row else {
        return false;
    };
    if hit.range != (0..segment.text.len()) {
        return false;
    }
    !seen.insert((row, hit.rule))
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
        if *detector == Detector::Link
            && segment
                .anchors_in(range.clone())
                .any(|text| !is_contact_link(text))
        {
            return true;
        }
        if detector.find_in(text).iter().any(outside_hit) {
            return true;
        }
    }
    if let Some(regex) = &rule.unless.sentence_matches {
        if regex.find_iter(text).any(|m| outside_hit(&m)) {
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

/// True when `text` names the term again: words of `text` start with at
/// least two thirds of the `keys` (the one of "expedited shipping", both of
/// "your data is safe", two of "we stand behind what we make"'s three, so a
/// sentence sharing only "make" or "data" does not count).
fn mentions(text: &str, keys: &[String]) -> bool {
    if keys.is_empty() {
        return false;
    }
    // Keys are lowercase; compare without lowercasing the text. One pass
    // over the words (split at characters not alphanumeric) for all keys.
    let starts_with = |word: &str, key: &str| {
        word.get(..key.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(key))
    };
    let mut named = vec![false; keys.len()];
    let mut left = keys.len();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        for (key, named) in keys.iter().zip(named.iter_mut()) {
            if !*named && starts_with(word, key) {
                *named = true;
                left -= 1;
            }
        }
        if left == 0 {
            break;
        }
    }
    // One of one, two of two, two of three: a term is named by most of it.
    (keys.len() - left) * 3 >= keys.len() * 2
}

/// The sentences of a text, as byte ranges.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    sentence_ranges(&sentence_ends(text), text.len())
}

/// True when the hit sits inside quotation marks in its sentence: the copy
/// mentions the words (often someone else's), it does not assert them, so
/// it is not reported at all (the corpus review found every quoted hit to be
/// a mention: critiques of competitors, definitions of terms).
#[cfg(test)]
fn is_quoted(text: &str, sentence: &Range<usize>, range: &Range<usize>) -> bool {
    Quotes::of(&text[sentence.clone()], sentence.start).around(range)
}

/// Where the quotation marks of a sentence stand (segment offsets), so each
/// hit asks with a binary search instead of rescanning the sentence.
struct Quotes {
    open: Vec<usize>,
    close: Vec<usize>,
    straight: Vec<usize>,
}

impl Quotes {
    fn of(sentence: &str, start: usize) -> Quotes {
        let at = |mark: char| -> Vec<usize> {
            sentence
                .match_indices(mark)
                .map(|(i, _)| start + i)
                .collect()
        };
        Quotes {
            open: at('“'),
            close: at('”'),
            straight: at('"'),
        }
    }

    /// True when `range` sits between an opening mark and a closing one.
    fn around(&self, range: &Range<usize>) -> bool {
        let before = |marks: &[usize]| marks.partition_point(|&i| i < range.start);
        let after = |marks: &[usize]| marks.len() - marks.partition_point(|&i| i < range.end);
        let curly_open = before(&self.open) > before(&self.close);
        let straight_open = before(&self.straight) % 2 == 1;
        (curly_open && after(&self.close) > 0) || (straight_open && after(&self.straight) > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_skip_abbreviations() {
        let text = "Order by 2 p.m. ET for next-day delivery. Then relax.";
        let hit = text.find("next-day").unwrap();
        let s = sentence_holding(&sentence_ends(text), text.len(), &(hit..hit + 8));
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
        let all: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            all,
            [
                "We offer expedited shipping.",
                " Expedited orders arrive in 2 days."
            ]
        );
    }

    proptest::proptest! {
        /// The block scan finds the ends a test of every byte finds.
        #[test]
        fn sentence_ends_are_those_of_every_byte(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "We ship", ".", ". ", "!", "? ", "\"", ")", "”", "’", " ", "e.g.", "p.m. ",
                    "a", "Fast delivery within 2 days", "\n", ";", "é",
                ]),
                0..40,
            ),
        ) {
            let text: String = parts.concat();
            let every_byte: Vec<usize> = (0..text.len())
                .filter(|&i| ends_sentence(&text, i))
                .collect();
            proptest::prop_assert_eq!(sentence_ends(&text), every_byte);
        }

        /// The page search finds the sentences `mentions` finds, whatever
        /// the case, the punctuation and the letters outside ASCII.
        #[test]
        fn the_sentences_naming_a_term_are_those_mentions_finds(
            paragraphs in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "Expedited", "expedite", "EXPEDITED", "shipping", "SHIP", "orders",
                        "stand", "Behind", "outstanding", "standing-room", "x", "Café", "CAFÉ",
                        "é", "’", ".", "!", "?", " ", " ", " ", "—", "2", "days.", "(stand",
                    ]),
                    0..14,
                ),
                1..4,
            ),
            term in proptest::sample::select(vec![
                "expedited shipping", "we stand behind what we make", "café stand", "Ship",
            ]),
        ) {
            let mut doc = Document::default();
            doc.segments = paragraphs
                .iter()
                .filter_map(|words| {
                    let mut b = crate::extract::SegmentBuilder::new();
                    b.push_source(&words.concat(), 0);
                    b.finish(crate::extract::SegmentKind::Paragraph, None)
                })
                .collect();
            let keys = key_words(term);
            let page: Vec<(usize, Range<usize>)> = doc
                .segments
                .iter()
                .enumerate()
                .flat_map(|(i, s)| sentences(&s.text).into_iter().map(move |r| (i, r)))
                .collect();
            let lowered: Vec<String> =
                doc.segments.iter().map(|s| s.text.to_ascii_lowercase()).collect();
            let expected: Vec<usize> = (0..page.len())
                .filter(|&at| mentions(&doc.segments[page[at].0].text[page[at].1.clone()], &keys))
                .collect();
            proptest::prop_assert_eq!(sentences_naming(&doc, &lowered, &page, &keys), expected);
        }
    }

    #[test]
    fn a_term_is_named_by_two_thirds_of_its_keys() {
        let keys = key_words("we stand behind what we make");
        assert_eq!(keys, ["stand", "behind", "make"]);
        assert!(mentions("They STAND firmly behind it.", &keys));
        assert!(!mentions(
            "We make it; we stand.",
            &["stand".into(), "behind".into()]
        ));
        assert!(!mentions("Whatever we make.", &keys));
        // A key counts once however often a word names it.
        let twice: Vec<String> = vec!["stand".into(), "stand".into(), "behind".into()];
        assert!(mentions("stand", &twice));
        assert!(!mentions("behind", &twice));
        // Words start with the key; one inside a word does not count.
        assert!(!mentions("Outstanding", &["stand".into()]));
        assert!(mentions("Standing-room", &["stand".into()]));
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
        assert!(SentenceFacts::of(text, 0).duty_before(&(hit..hit + 8)));
        let text = "provided that the vendor promptly gives notice";
        let hit = text.find("promptly").unwrap();
        assert!(SentenceFacts::of(text, 0).duty_before(&(hit..hit + 8)));
        assert!(!SentenceFacts::of("We reply promptly.", 0).duty_before(&(9..17)));
        assert!(!SentenceFacts::of("Reply soon; you must sign.", 0).duty_before(&(6..10)));
        assert!(SentenceFacts::of("Misleading promises", 0).discusses_claims);
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
