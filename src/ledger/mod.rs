//! The promise ledger: every quantified promise the copy makes (a return
//! window, a delivery time, a free-shipping threshold…), found in each
//! file's extracted prose, and the places where the copy contradicts itself.
//!
//! Per file, `entries` turns a `Document` into `Entry`s: for each value in a
//! sentence (`values`), the promise kind whose subject words stand closest
//! (`kinds`: `rules/promises/<kind>.toml`), and the qualifier the sentence
//! names (a product class, a region, a plan, a delivery method). After every
//! file is read, `analyse` groups the entries of the whole run by kind and
//! qualifier and reports each group that holds different values
//! (`ledger/contradiction`) or business days beside calendar days
//! (`ledger/ambiguous-basis`); `findings` turns those into findings on each
//! place. `output` prints `--ledger`.

pub mod declared;
pub mod kinds;
pub mod output;
pub mod values;

use crate::check::ValueNotes;
use crate::extract::{Document, SegmentKind};
use crate::report::LocatedFinding;
use crate::span::Span;
use kinds::{PromiseKind, ValueType, Vocabulary};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use values::{Mention, Value};

/// The rule ids the ledger reports under.
pub const CONTRADICTION: &str = "ledger/contradiction";
pub const AMBIGUOUS_BASIS: &str = "ledger/ambiguous-basis";
pub const DECLARED: &str = "ledger/declared";

/// One promise found in a file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The promise kind's name (`return-window`).
    pub kind: String,
    pub value: Value,
    /// The qualifier the copy attaches (`electronics`, `Pro plan`), names
    /// sorted and joined with `, ` when there are several.
    pub qualifier: Option<String>,
    /// The value's words as a reader sees them.
    pub matched: String,
    /// The value's words in the source.
    pub span: Span,
    /// The sentence the promise is made in, as a reader sees it.
    pub sentence: String,
    /// The segment and the value's bytes in its text.
    pub segment: usize,
    pub range: Range<usize>,
    /// Where the sentence starts in the segment's text: two entries of one
    /// sentence are one place.
    pub sentence_start: usize,
    /// What a duration counts from, when the copy says ("30 days of
    /// delivery": `delivery`; "of purchase": `purchase`), from
    /// `[[anchor]]` in `rules/promises/qualifiers.toml`.
    pub anchor: Option<String>,
    /// The table row of the segment: the cells of a row are one place
    /// (a row of plans, each cell its own column's).
    pub row: Option<u32>,
    /// One of several values of its kind in a table row: each is its
    /// column's (a plan, a method), so it is listed but never compared.
    pub per_column: bool,
    /// The ledger rules an inline directive silences at this place
    /// (`fogcheck-disable-next-line ledger/contradiction`), filled in when
    /// the file is read, for the findings made once every file is.
    pub silenced: Vec<&'static str>,
}

impl Entry {
    /// A finding of `rule` on the entry's words (`matched`, the entry's
    /// own or taken from it).
    fn finding(
        &self,
        rule: crate::rule::RuleId,
        matched: String,
        severity: crate::rule::Severity,
        message: String,
        roadsign: std::sync::Arc<str>,
    ) -> crate::finding::Finding {
        crate::finding::Finding {
            rule,
            span: self.span,
            matched,
            severity,
            message,
            roadsign,
            in_prose: Some(crate::finding::InProse {
                segment: self.segment,
                range: self.range.clone(),
            }),
            key_path: None,
        }
    }

    /// The value as the ledger lists it, with what it counts from:
    /// `30 days`, `30 days from delivery`.
    pub fn shown(&self) -> String {
        match &self.anchor {
            Some(anchor) => format!("{} from {anchor}", self.value.display()),
            None => self.value.display(),
        }
    }
}

/// An entry placed in its file: path, line and column, and what the
/// finding that reports it needs if it turns out to contradict another
/// place.
#[derive(Debug, Clone)]
pub struct PlacedEntry {
    /// The file's path, shared by its entries.
    pub path: std::sync::Arc<Path>,
    pub entry: Entry,
    pub place: Place,
}

/// Where an entry stands in its file, as a finding on it is placed
/// (`report::Locator::place`): every entry is kept to the end of the run,
/// and only one in a conflict becomes a finding (`Place::finding`), so the
/// finding's own fields, which the entry already holds or the conflict
/// gives, are not kept with each.
#[derive(Debug, Clone)]
pub struct Place {
    pub start: crate::span::LineCol,
    pub end: crate::span::LineCol,
    excerpt: crate::report::Excerpt,
    context: crate::fingerprint::Context,
    occurrence: usize,
}

impl Place {
    /// The finding `finding` (on the entry's words, a rule of the ledger)
    /// at this place.
    fn finding(&self, finding: crate::finding::Finding) -> LocatedFinding {
        LocatedFinding {
            finding,
            start: self.start,
            end: self.end,
            excerpt: self.excerpt.clone(),
            context: self.context.clone(),
            occurrence: self.occurrence,
            related: Vec::new(),
        }
    }
}

impl PlacedEntry {
    pub fn line(&self) -> usize {
        self.place.start.line
    }

    pub fn column(&self) -> usize {
        self.place.start.column
    }
}

/// Splits a sentence into clauses at punctuation: `(start, end)` offsets in
/// the segment's text.
fn clauses(text: &str, sentence: &Range<usize>, fine: bool) -> Vec<Range<usize>> {
    let s = &text[sentence.clone()];
    let mut cuts = vec![0];
    let bytes = s.as_bytes();
    // By bytes: every cut is at an ASCII sign or at a dash's lead byte
    // (E2 80 93/94), and no other character holds those bytes.
    for (i, &b) in bytes.iter().enumerate() {
        let cut = match b {
            b';' | b'(' | b')' => Some(i + 1),
            b',' => (bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
                && !ends_with_day(&s[..i]))
            .then_some(i + 1),
            0xE2 => (matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x93 | 0x94]))
                && i > 0
                && bytes[i - 1] == b' ')
                .then_some(i + 3),
            _ => None,
        };
        if let Some(cut) = cut {
            cuts.push(cut);
        }
    }
    if fine {
        cuts.extend(clause_word_ends(s));
        cuts.sort_unstable();
    }
    cuts.push(s.len());
    cuts.dedup();
    cuts.windows(2)
        .map(|w| sentence.start + w[0]..sentence.start + w[1])
        .collect()
}

/// The bytes a white space may start with: the ASCII ones, and the lead
/// bytes of those outside ASCII (U+0085, U+00A0, U+1680, U+2000–U+205F,
/// U+3000). A test holds this to `char::is_whitespace`.
static MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b, 0x09..=0x0d | 0x20 | 0xc2 | 0xe1 | 0xe2 | 0xe3);
        b += 1;
    }
    table
};

/// The words that join clauses, lowercase.
const CLAUSE_WORDS: [&str; 6] = ["and", "but", "or", "while", "whereas", "then"];

/// The bytes a clause word may start with, in either case.
static STARTS_CLAUSE_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < CLAUSE_WORDS.len() {
        let first = CLAUSE_WORDS[i].as_bytes()[0];
        table[first as usize] = true;
        table[first.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    table
};

/// The words of days a comma after does not cut at: "available Monday–
/// Friday, 9am–5pm" names one schedule, whose subject stands before the
/// days.
const DAY_WORDS: [&str; 19] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "weekday",
    "weekdays",
    "weekends",
    "daily",
    "holidays",
];

/// Whether `before` ends with a word of `DAY_WORDS`, in any ASCII case.
fn ends_with_day(before: &str) -> bool {
    let start = before
        .bytes()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |p| p + 1);
    let word = &before[start..];
    DAY_WORDS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

/// Where each clause word with white space on both sides ends, after the
/// space that follows it: the ends of the matches of the case-insensitive
/// regex `\s(and|but|or|while|whereas|then)\s`, found in order without
/// overlapping, as `find_iter` finds them. Read by hand: compiling the
/// regex was 1.2 M instructions of every run that cuts clauses. As the
/// regex, `\s` is Unicode white space and a letter matches its simple
/// case folds (`ſ` is an `s`).
fn clause_word_ends(s: &str) -> Vec<usize> {
    let bytes = s.as_bytes();
    // The length of the white space at `at` (0 for none).
    let space_at = |at: usize| match bytes.get(at) {
        Some(&b) if b.is_ascii() => usize::from(MAY_START_SPACE[usize::from(b)]),
        Some(_) => s[at..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        None => 0,
    };
    // The word at `at`, then a white space: the end after that space.
    let word_at = |at: usize| {
        if !bytes
            .get(at)
            .is_some_and(|&b| STARTS_CLAUSE_WORD[usize::from(b)])
        {
            return None;
        }
        CLAUSE_WORDS.iter().find_map(|word| {
            let mut end = at;
            for expected in word.bytes() {
                let b = *bytes.get(end)?;
                if b.eq_ignore_ascii_case(&expected) {
                    end += 1;
                } else if expected == b's' && bytes[end..].starts_with("ſ".as_bytes()) {
                    end += "ſ".len();
                } else {
                    return None;
                }
            }
            let space = space_at(end);
            (space > 0).then_some(end + space)
        })
    };
    let mut ends = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        // Only an ASCII space or the lead byte of one outside ASCII can
        // start a white space; no other byte is looked at twice.
        if !MAY_START_SPACE[usize::from(bytes[at])] {
            at += 1;
            continue;
        }
        let space = space_at(at);
        if space == 0 {
            at += 1;
            continue;
        }
        let after = at + space;
        match word_at(after) {
            Some(end) => {
                ends.push(end);
                at = end;
            }
            None => at = after,
        }
    }
    ends
}

fn index_of(ranges: &[Range<usize>], at: usize) -> usize {
    ranges
        .iter()
        .position(|r| r.contains(&at))
        .unwrap_or(ranges.len().saturating_sub(1))
}

fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Whether two ranges share a byte (`Span::overlaps` for ranges of a
/// segment's text).
fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The qualifiers found in `text` (offset by `base`), with their ranges,
/// leaving out those the text excepts ("except sale items").
fn qualifiers_in(
    vocabulary: &Vocabulary,
    text: &str,
    base: usize,
) -> Vec<(Range<usize>, String, usize)> {
    let mut found = Vec::new();
    // One pass tells which qualifiers the text names; only those are run.
    let named = vocabulary.any_qualifier.matches(text);
    if named.is_empty() {
        return found;
    }
    for index in named.iter() {
        let index = index.as_usize();
        let qualifier = &vocabulary.qualifiers[index];
        // Only a name with `$1` needs a match's group.
        let matches = if qualifier.name.contains('$') {
            qualifier.pattern.matches_with_group(text)
        } else {
            qualifier
                .pattern
                .find_iter(text)
                .map(|r| (r, None))
                .collect()
        };
        for (whole, group) in matches {
            let before = &text[..whole.start];
            let tail_start = before.char_indices().rev().nth(24).map_or(0, |(i, _)| i);
            if vocabulary
                .exceptions
                .as_ref()
                .is_some_and(|e| e.is_match(&before[tail_start..]))
            {
                continue;
            }
            let group = group.map_or("", |g| &text[g]);
            let name = qualifier
                .name
                .replace("$C1", &capitalise(group))
                .replace("$1", &group.to_lowercase());
            found.push((base + whole.start..base + whole.end, name, index));
        }
    }
    found
}

fn capitalise(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join_qualifiers(mut names: Vec<String>) -> Option<String> {
    names.sort();
    names.dedup();
    (!names.is_empty()).then(|| names.join(", "))
}

/// A kind's subject matches in `text`, without those its `not_subject`
/// overlaps.
fn subjects_in(kind: &PromiseKind, text: &str, base: usize) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = kind.subject.find_iter(text).collect();
    // Most texts name none: `not_subject` is searched only when one does.
    if !found.is_empty() {
        if let Some(not_subject) = &kind.not_subject {
            let excluded: Vec<Range<usize>> = not_subject.find_iter(text).collect();
            found.retain(|r| !excluded.iter().any(|x| overlap(x, r)));
        }
    }
    for r in &mut found {
        *r = base + r.start..base + r.end;
    }
    found
}

/// Whether a semicolon or one of the sentence's `values` stands in
/// `between` (a range of `text` between a value and what would name its
/// kind): then that is another clause's, or the other value's. The value
/// itself never stands there.
fn separated(text: &str, values: &[&Mention], between: &Range<usize>) -> bool {
    text.get(between.clone()).is_some_and(|t| t.contains(';'))
        || values
            .iter()
            .any(|m| m.range.start >= between.start && m.range.end <= between.end)
}

/// The label that opens a segment ("Starter — $9/month. Up to 3
/// users."): the words before its first sentence's first dash or colon,
/// within 40 bytes. It scopes the segment's values like a heading, but not
/// `mention` when that sentence holds another value of its measure
/// ("Returns for electronics: 15 days. Returns on other items: 30 days.":
/// the label is the 15 days').
fn opening_label<'t>(
    text: &'t str,
    sentences: &[Range<usize>],
    found: &[Mention],
    mention: &Mention,
) -> Option<&'t str> {
    let first = sentences.first()?;
    let sentence = &text[first.clone()];
    // At most 40 bytes, cut at a character's boundary.
    let within = (0..=sentence.len().min(40))
        .rev()
        .find(|&i| sentence.is_char_boundary(i))
        .unwrap_or(0);
    let opening = &sentence[..within];
    let end = [" — ", " – ", " - ", ":"]
        .iter()
        .filter_map(|separator| opening.find(separator))
        .min()?;
    let label = opening[..end].trim();
    let taken = found.iter().any(|m| {
        m.range != mention.range
            && first.contains(&m.range.start)
            && same_measure(&m.value, &mention.value)
    });
    (!label.is_empty() && !taken).then_some(label)
}

/// What the texts a value may take its kind or qualifier from name (a
/// heading, a list's lead-in, a column header, a table row's other cells,
/// the question a sentence answers), each text searched once a document:
/// the values under one heading searched it again each (the sets' DFAs
/// are the ledger's dearest searches by time, their tables seldom in the
/// caches). Kept by the text itself: a table row's is made anew for each
/// cell.
struct ContextNames<'v> {
    vocabulary: &'v Vocabulary,
    /// Per text: the kinds the subjects' set says it may name, each with
    /// whether the kind's subject is in it, once asked.
    kinds: ByText<Vec<(usize, Option<bool>)>>,
    /// Per text: the qualifiers it names (name, index).
    qualifiers: ByText<Vec<(String, usize)>>,
}

/// What was found in each text, by the text.
type ByText<T> = std::cell::RefCell<foldhash::HashMap<Box<str>, T>>;

impl<'v> ContextNames<'v> {
    fn new(vocabulary: &'v Vocabulary) -> Self {
        ContextNames {
            vocabulary,
            kinds: Default::default(),
            qualifiers: Default::default(),
        }
    }

    /// The first kind whose subject `context` names and `mention` may be
    /// a value of, unless the kind's `reject` matches the value's `clause`
    /// (cut only when a kind is named); with no cost, as `entries_where`
    /// scores a subject.
    fn kind_named_in<'c>(
        &self,
        context: &str,
        mention: &Mention,
        clause: impl Fn() -> &'c str,
    ) -> Option<(usize, usize)> {
        let vocabulary = self.vocabulary;
        let mut kinds = self.kinds.borrow_mut();
        if !kinds.contains_key(context) {
            // One pass tells which kinds' subjects it may name.
            let named = vocabulary
                .kinds_named(context)
                .into_iter()
                .map(|k| (k, None))
                .collect();
            kinds.insert(context.into(), named);
        }
        let named = kinds.get_mut(context).expect("just inserted");
        for (k, has_subject) in named.iter_mut() {
            let kind = &vocabulary.kinds[*k];
            if !fits(kind, mention) || kind.rejects(clause()) {
                continue;
            }
            if *has_subject.get_or_insert_with(|| !subjects_in(kind, context, 0).is_empty()) {
                return Some((*k, 0));
            }
        }
        None
    }

    /// The names of the qualifiers `text` names for a promise of `kind`,
    /// joined; `None` for none.
    fn qualifier_names(&self, text: &str, kind: &str) -> Option<String> {
        let vocabulary = self.vocabulary;
        let mut qualifiers = self.qualifiers.borrow_mut();
        if !qualifiers.contains_key(text) {
            let named = qualifiers_in(vocabulary, text, 0)
                .into_iter()
                .map(|(_, name, q)| (name, q))
                .collect();
            qualifiers.insert(text.into(), named);
        }
        join_qualifiers(
            qualifiers[text]
                .iter()
                .filter(|(_, q)| scopes(vocabulary, *q, kind))
                .map(|(name, _)| name.clone())
                .collect(),
        )
    }
}

/// True when `mention` may be a value of `kind`.
fn fits(kind: &PromiseKind, mention: &Mention) -> bool {
    if kind.value != mention.value.kind {
        return false;
    }
    if !kind.units.is_empty()
        && mention.value.kind != ValueType::Schedule
        && !kind.units.contains(&mention.written_unit)
    {
        return false;
    }
    if let Some((a, _)) = mention.value.amount {
        if kind.min.is_some_and(|min| a < min) || kind.max.is_some_and(|max| a > max) {
            return false;
        }
    }
    true
}

/// The segments of each table row, in order: a row's cells are found
/// once a document, not by a pass over its segments for each cell.
fn row_members(document: &Document) -> BTreeMap<u32, Vec<usize>> {
    let mut rows: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (index, segment) in document.segments.iter().enumerate() {
        if let Some(row) = segment.row {
            rows.entry(row).or_default().push(index);
        }
    }
    rows
}

/// The paragraph that leads into each list item's list, if it reads as a
/// label ("Shipping times:", a line with no sentence's end): the
/// nearest paragraph before the item with only list items between. It
/// names what the list's short items are about more closely than the
/// section's heading ("Return windows:" under "Delivery").
fn lead_ins(document: &Document) -> Vec<Option<usize>> {
    let mut last = None;
    document
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| match s.kind {
            SegmentKind::ListItem => last,
            SegmentKind::Paragraph => {
                let text = s.text.trim();
                let label = text.len() <= 80
                    && (text.ends_with(':') || !text.ends_with(['.', '!', '?', ')']));
                last = label.then_some(i);
                None
            }
            _ => {
                last = None;
                None
            }
        })
        .collect()
}

/// The nearest preceding heading of each segment, if any.
fn headings(document: &Document) -> Vec<Option<usize>> {
    let mut last = None;
    document
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let before = last;
            if s.kind == SegmentKind::Heading {
                last = Some(i);
            }
            before
        })
        .collect()
}

/// The header cell of each table cell's column, where the ledger can tell:
/// a table is a run of consecutive cells, its first row the header, and a
/// cell's column its place in its row when the row has as many cells as
/// the header, or one more (the header's empty corner above the rows'
/// labels); an empty cell makes no segment, so another row is left out.
fn column_headers(document: &Document) -> Vec<Option<usize>> {
    let segments = &document.segments;
    let mut out = vec![None; segments.len()];
    let mut i = 0;
    while i < segments.len() {
        if segments[i].kind != SegmentKind::TableCell || segments[i].row.is_none() {
            i += 1;
            continue;
        }
        // The table: consecutive cells; its rows in order.
        let start = i;
        while i < segments.len()
            && segments[i].kind == SegmentKind::TableCell
            && segments[i].row.is_some()
        {
            i += 1;
        }
        let mut rows: Vec<Vec<usize>> = Vec::new();
        for j in start..i {
            match rows.last_mut() {
                Some(row) if segments[row[0]].row == segments[j].row => row.push(j),
                _ => rows.push(vec![j]),
            }
        }
        let Some((header, body)) = rows.split_first() else {
            continue;
        };
        for row in body {
            // A header one cell short has an empty corner above the rows'
            // labels ("| | Starter | Pro |"): it heads the cells after them.
            let labels = match row.len().checked_sub(header.len()) {
                Some(0) => 0,
                Some(1) => 1,
                _ => continue,
            };
            for (&cell, &head) in row[labels..].iter().zip(header) {
                out[cell] = Some(head);
            }
        }
    }
    out
}

/// True when the qualifier `index` may scope a promise of `kind`.
fn scopes(vocabulary: &Vocabulary, index: usize, kind: &str) -> bool {
    !vocabulary.qualifiers[index]
        .not_kinds
        .iter()
        .any(|k| k == kind)
}

/// What a duration counts from, when the words after it say: "30 days of
/// delivery", "within 14 days after purchase".
fn anchor_of(vocabulary: &Vocabulary, text: &str, range: &Range<usize>) -> Option<String> {
    if vocabulary.anchors.is_empty() {
        return None;
    }
    let after = &text[range.end..];
    let after = &after[..after.char_indices().nth(48).map_or(after.len(), |(i, _)| i)];
    vocabulary
        .anchors
        .iter()
        .find(|a| a.pattern.is_match(after))
        .map(|a| a.name.clone())
}

/// Every promise in `document`, in text order, using the built-in kinds.
pub fn entries(document: &Document) -> Vec<Entry> {
    entries_noted(document, None)
}

/// How far a check run takes the ledger: every stage, unless the
/// environment variable `FOGCHECK_LEDGER_UNTIL` names an earlier one to
/// stop after, so that `bench/ledger.sh` can time each stage's share of a
/// `--contradictions` run. For measuring only: a run stopped early finds
/// fewer promises, or none. Read by the check (`lint`, `cli`), never by
/// the kinds' or rules' examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// `nothing`: the matcher notes where values may start, and the
    /// ledger looks no further.
    Nothing,
    /// `values`: every value of the prose is read, and none becomes an
    /// entry.
    Values,
    /// `entries`: each file's entries are found, and dropped unplaced.
    Entries,
    /// `placed`: the entries are placed in their files (line, excerpt,
    /// fingerprint context), and dropped uncompared.
    Placed,
    /// The whole ledger (the variable unset, or any other value).
    All,
}

impl Stage {
    fn named(name: Option<&str>) -> Stage {
        match name {
            Some("nothing") => Stage::Nothing,
            Some("values") => Stage::Values,
            Some("entries") => Stage::Entries,
            Some("placed") => Stage::Placed,
            _ => Stage::All,
        }
    }

    /// The stage this run stops after, read once.
    pub fn of_run() -> Stage {
        static STAGE: std::sync::LazyLock<Stage> = std::sync::LazyLock::new(|| {
            Stage::named(std::env::var("FOGCHECK_LEDGER_UNTIL").ok().as_deref())
        });
        *STAGE
    }
}

/// `entries`, with where values may start in `document` as the matcher
/// noted it (`Matcher::check_noting_values`), when it did.
pub fn entries_noted(document: &Document, notes: Option<&ValueNotes>) -> Vec<Entry> {
    entries_noted_until(document, notes, Stage::All)
}

/// `entries_noted`, stopped after `stage` (a check run's: `Stage::of_run`;
/// the kinds' and rules' examples always run the whole ledger).
pub fn entries_noted_until(
    document: &Document,
    notes: Option<&ValueNotes>,
    stage: Stage,
) -> Vec<Entry> {
    let vocabulary = kinds::builtin();
    entries_where(
        document,
        vocabulary,
        values::builtin_regex(),
        &vec![true; vocabulary.kinds.len()],
        notes,
        stage,
    )
}

/// The promises of the kinds named `kinds` in `document`: the entries of
/// those kinds `entries` finds, found without looking further at values no
/// such kind can hold (what `ledger/declared` needs). `notes` as for
/// `entries_noted`.
pub fn entries_of_kinds(
    document: &Document,
    kinds: &[&str],
    notes: Option<&ValueNotes>,
) -> Vec<Entry> {
    let vocabulary = kinds::builtin();
    let wanted: Vec<bool> = vocabulary
        .kinds
        .iter()
        .map(|k| kinds.contains(&k.name.as_str()))
        .collect();
    entries_where(
        document,
        vocabulary,
        values::builtin_regex(),
        &wanted,
        notes,
        Stage::All,
    )
}

/// Every promise in `document` with `vocabulary` and its values regex.
pub fn entries_with(
    document: &Document,
    vocabulary: &Vocabulary,
    regex: &values::Values,
) -> Vec<Entry> {
    entries_where(
        document,
        vocabulary,
        regex,
        &vec![true; vocabulary.kinds.len()],
        None,
        Stage::All,
    )
}

/// The promises in `document` of the kinds `wanted` says (by index into
/// the vocabulary's kinds). A value is still given the kind whose subject
/// stands closest among all kinds, and dropped when that kind is not
/// wanted; a value no wanted kind `fits` is skipped before any of that.
/// Stopped after `stage`: at `Values`, every value is read and none kept.
fn entries_where(
    document: &Document,
    vocabulary: &Vocabulary,
    regex: &values::Values,
    wanted: &[bool],
    notes: Option<&ValueNotes>,
    stage: Stage,
) -> Vec<Entry> {
    let mut out = Vec::new();
    if stage == Stage::Nothing {
        return out;
    }
    let contexts = ContextNames::new(vocabulary);
    // Per entry: its qualifier is its column header's (a plan's, a
    // method's), so it need not be left uncompared with its row's others.
    let mut by_column: Vec<bool> = Vec::new();
    let mut heading_of: Option<Vec<Option<usize>>> = None;
    let mut lead_in_of: Option<Vec<Option<usize>>> = None;
    let mut header_of: Option<Vec<Option<usize>>> = None;
    let mut row_of: Option<BTreeMap<u32, Vec<usize>>> = None;
    // A value no wanted kind fits is never an entry: no subject, row or
    // heading gives it a kind it could hold.
    let may_be_wanted = |m: &Mention| {
        vocabulary
            .kinds
            .iter()
            .zip(wanted)
            .any(|(kind, &wanted)| wanted && fits(kind, m))
    };
    for (index, segment) in document.segments.iter().enumerate() {
        let text = &segment.text;
        // Whether the column's header gave a bare number its unit: then
        // the header names what the column counts, not whose it is.
        let mut unit_by_header = false;
        let mut found = match notes {
            Some(notes) => values::mentions_noted(regex, text, notes.of(index)),
            None => values::mentions(regex, text),
        };
        // A bare number after a label counts what the label names ("Seats:
        // 10"), where no value stands.
        if memchr::memchr(b':', text.as_bytes()).is_some() {
            let before = found.len();
            for count in values::labelled_counts(text) {
                if !found.iter().any(|m| overlap(&m.range, &count.range)) {
                    found.push(count);
                }
            }
            if found.len() > before {
                found.sort_by_key(|m| m.range.start);
            }
        }
        // A bare number in a table cell counts what its row's label or its
        // column's header names ("Seats | 3 | 10").
        if found.is_empty() && segment.row.is_some() && values::may_be_bare_count(text) {
            let row = segment.row.and_then(|row| {
                row_of
                    .get_or_insert_with(|| row_members(document))
                    .get(&row)
                    .and_then(|cells| cells.first())
                    .filter(|&&first| first != index)
                    .map(|&first| document.segments[first].text.as_str())
            });
            let column = header_of.get_or_insert_with(|| column_headers(document))[index]
                .map(|h| document.segments[h].text.as_str());
            if let Some((by_header, count)) = [(false, row), (true, column)]
                .into_iter()
                .filter_map(|(by_header, label)| {
                    Some((by_header, values::bare_count(text, label?)?))
                })
                .find(|(_, m)| may_be_wanted(m))
            {
                unit_by_header = by_header;
                found.push(count);
            }
        }
        if stage == Stage::Values || !found.iter().any(may_be_wanted) {
            continue;
        }
        let heading = heading_of.get_or_insert_with(|| headings(document))[index]
            .map(|h| &document.segments[h].text);
        let lead_in = match segment.kind {
            SegmentKind::ListItem => lead_in_of.get_or_insert_with(|| lead_ins(document))[index]
                .map(|p| &document.segments[p].text),
            _ => None,
        };
        // The segments of the segment's table row, in order.
        let row: &[usize] = match segment.row {
            Some(row) => row_of
                .get_or_insert_with(|| row_members(document))
                .get(&row)
                .map_or(&[], Vec::as_slice),
            None => &[],
        };
        // A table row's first cell names what the row is about ("Ground",
        // "Pro") when the value stands in another cell.
        let row_label_cell = std::cell::OnceCell::new();
        let row_label = || {
            row_label_cell
                .get_or_init(|| {
                    let first = *row.first()?;
                    let label = document.segments[first].text.trim();
                    (first != index
                        && !label.is_empty()
                        && label.len() <= 40
                        && !label.bytes().any(|b| b.is_ascii_digit()))
                    .then_some(label)
                })
                .as_deref()
        };
        // A table cell's column header names what the column holds
        // ("Delivery time") or whose it is ("Pro").
        let header: Option<&String> = segment
            .row
            .and_then(|_| header_of.get_or_insert_with(|| column_headers(document))[index])
            .map(|h| &document.segments[h].text);
        // The row's other cells, found once a value needs them.
        let row_text_cell = std::cell::OnceCell::new();
        let row_text = || {
            row_text_cell
                .get_or_init(|| {
                    segment.row.map(|_| {
                        row.iter()
                            .filter(|&&i| i != index)
                            .map(|&i| document.segments[i].text.as_str())
                            .collect::<Vec<_>>()
                            .join(" | ")
                    })
                })
                .as_deref()
        };
        let sentences = crate::judge::sentences(text);
        for (sentence_index, sentence) in sentences.iter().enumerate() {
            let here: Vec<&Mention> = found
                .iter()
                .filter(|m| sentence.contains(&m.range.start))
                .collect();
            if !here.iter().any(|m| may_be_wanted(m)) {
                continue;
            }
            let sentence_text = &text[sentence.clone()];
            // The question this sentence answers, as an FAQ writes it: the
            // sentence before it, or for a segment's first, the heading or
            // paragraph before the segment ("How long is the warranty?"
            // over "Two years on all furniture").
            let question: Option<&str> = match sentence_index.checked_sub(1) {
                Some(before) => Some(text[sentences[before].clone()].trim()),
                None => index
                    .checked_sub(1)
                    .map(|before| &document.segments[before])
                    .filter(|s| matches!(s.kind, SegmentKind::Heading | SegmentKind::Paragraph))
                    .map(|s| s.text.trim()),
            }
            .filter(|q| q.ends_with('?'));
            // Clauses are cut once a value needs them.
            let coarse_clauses = std::cell::OnceCell::new();
            let coarse = || coarse_clauses.get_or_init(|| clauses(text, sentence, false));
            let fine_clauses = std::cell::OnceCell::new();
            let fine = || fine_clauses.get_or_init(|| clauses(text, sentence, true));
            // Found once a value of the sentence turns out to be a promise.
            let mut qualifiers: Option<Vec<(Range<usize>, String, usize)>> = None;
            let mut subjects: Vec<(usize, Vec<Range<usize>>)> = Vec::new();
            for k in vocabulary.kinds_named(sentence_text) {
                let kind = &vocabulary.kinds[k];
                if here.iter().any(|m| m.value.kind == kind.value) {
                    let found = subjects_in(kind, sentence_text, sentence.start);
                    if !found.is_empty() {
                        subjects.push((k, found));
                    }
                }
            }
            // The last value of the sentence a subject of the sentence
            // made an entry: its value's range, its kind and the entry's
            // index in `out`.
            let mut lender: Option<(Range<usize>, usize, usize)> = None;
            for mention in &here {
                if !may_be_wanted(mention) {
                    continue;
                }
                let clause = || {
                    let coarse = coarse();
                    coarse[index_of(coarse, mention.range.start)].clone()
                };
                let mut best: Option<(usize, usize)> = None;
                for (k, ranges) in &subjects {
                    let kind = &vocabulary.kinds[*k];
                    if !fits(kind, mention) {
                        continue;
                    }
                    if kind.rejects(&text[clause()]) {
                        continue;
                    }
                    for r in ranges {
                        let distance = gap(r, &mention.range);
                        let between =
                            r.end.min(mention.range.end)..r.start.max(mention.range.start);
                        // A subject belongs to the value next to it: "we
                        // reply within 1 day and send a refund within 5".
                        if separated(text, &here, &between) {
                            continue;
                        }
                        let same_fine =
                            index_of(fine(), r.start) == index_of(fine(), mention.range.start);
                        let same_coarse = clause().contains(&r.start);
                        let cost = match (same_fine, same_coarse) {
                            (true, _) => distance * 2,
                            (false, true) => 400 + distance * 2,
                            (false, false) if distance < 30 => 800 + distance * 2,
                            _ => continue,
                        } + usize::from(r.start > mention.range.start);
                        if best.is_none_or(|(_, c)| cost < c) {
                            best = Some((*k, cost));
                        }
                    }
                }
                // The question it answers names its subject.
                if best.is_none() {
                    best = question
                        .and_then(|q| contexts.kind_named_in(q, mention, || &text[clause()]));
                }
                let by_subject = best.is_some();
                // No subject in the sentence: the table row, then the
                // list's lead-in, then the section's heading, may name it
                // ("Returns" over "Electronics: 15 days"), for a short
                // sentence, even one of a longer paragraph ("... within
                // 15 days. Other items: 30 days.").
                let short = sentence_text.trim().len() <= 40;
                if best.is_none() {
                    for context in [
                        row_text(),
                        header.map(String::as_str),
                        lead_in.filter(|_| short).map(String::as_str),
                        heading.filter(|_| short).map(String::as_str),
                    ]
                    .into_iter()
                    .flatten()
                    {
                        best = contexts.kind_named_in(context, mention, || &text[clause()]);
                        if best.is_some() {
                            break;
                        }
                    }
                }
                // Nothing names its kind: a value after another of the
                // sentence's entries, with no subject, no other value and
                // no semicolon between, is a second case of the same
                // promise ("delivery takes 3-5 days in the US and 7-14
                // days internationally"), when its qualifier tells the two
                // apart (checked once it is found, below).
                let mut borrowed_from = None;
                if best.is_none() {
                    if let Some((before, k, at)) = &lender {
                        let kind = &vocabulary.kinds[*k];
                        let between = before.end..mention.range.start;
                        let clear = !separated(text, &here, &between)
                            && !subjects
                                .iter()
                                .any(|(_, ranges)| ranges.iter().any(|r| overlap(r, &between)));
                        if clear && fits(kind, mention) && !kind.rejects(&text[clause()]) {
                            best = Some((*k, 0));
                            borrowed_from = Some(*at);
                        }
                    }
                }
                // Checked last: most values have no kind at all.
                let Some((k, _)) = best else { continue };
                if !wanted[k] {
                    continue;
                }
                if no_promise(vocabulary, text, &mention.range) {
                    continue;
                }
                let kind = &vocabulary.kinds[k];
                let header_qualifier = header
                    .filter(|_| !unit_by_header)
                    .and_then(|h| contexts.qualifier_names(h, &kind.name));
                let qualifier = qualifier_for(
                    vocabulary,
                    text,
                    &kind.name,
                    coarse(),
                    fine(),
                    &here,
                    mention,
                    qualifiers.get_or_insert_with(|| {
                        qualifiers_in(vocabulary, sentence_text, sentence.start)
                    }),
                    || {
                        header_qualifier
                            .clone()
                            .or_else(|| {
                                row_text().and_then(|r| contexts.qualifier_names(r, &kind.name))
                            })
                            .or_else(|| {
                                opening_label(text, &sentences, &found, mention)
                                    .and_then(|l| contexts.qualifier_names(l, &kind.name))
                            })
                            .or_else(|| {
                                lead_in
                                    .and_then(|p| contexts.qualifier_names(p, &kind.name))
                                    .or_else(|| {
                                        heading
                                            .and_then(|h| contexts.qualifier_names(h, &kind.name))
                                    })
                            })
                    },
                )
                .or_else(|| {
                    // A row label that names the subject ("Uptime") is the
                    // feature the row lists, not a case; one that is a
                    // qualifier's words ("Express") is that qualifier.
                    // Named as written, for the qualifiers whose words are
                    // capitalised ("Starter" is a plan's name); shown in
                    // lower case otherwise, so "Express" and "express"
                    // compare.
                    row_label().filter(|l| !kind.subject.is_match(l)).map(|l| {
                        contexts
                            .qualifier_names(l, &kind.name)
                            .unwrap_or_else(|| l.to_lowercase())
                    })
                });
                // Its qualifier, or the days of its hours ("Mon–Fri 8am–8pm
                // and Saturday 10am–2pm"), must tell it from the lender's.
                if let Some(at) = borrowed_from {
                    let lent: &Entry = &out[at];
                    let same_case = qualifier.is_none() || qualifier == lent.qualifier;
                    if same_case && !lent.value.on_days_apart(&mention.value) {
                        continue;
                    }
                }
                if by_subject || borrowed_from.is_some() {
                    lender = Some((mention.range.clone(), k, out.len()));
                }
                by_column.push(header_qualifier.is_some() && qualifier == header_qualifier);
                out.push(Entry {
                    kind: kind.name.clone(),
                    value: mention.value.clone(),
                    qualifier,
                    matched: text[mention.range.clone()].to_string(),
                    span: segment.source_span(mention.range.clone()),
                    // A short table cell reads as its whole row ("Seats |
                    // 3 | 10"): the cell alone ("10") says nothing; a
                    // cell of prose has its own sentence.
                    sentence: match segment.row {
                        Some(_) if row.len() > 1 && sentence_text.trim().len() <= 40 => row
                            .iter()
                            .map(|&i| document.segments[i].text.trim())
                            .collect::<Vec<_>>()
                            .join(" | "),
                        _ => sentence_text.trim().to_string(),
                    },
                    segment: index,
                    range: mention.range.clone(),
                    sentence_start: sentence.start,
                    anchor: if mention.value.kind == ValueType::Duration {
                        anchor_of(vocabulary, text, &mention.range)
                    } else {
                        None
                    },
                    row: segment.row,
                    per_column: false,
                    silenced: Vec::new(),
                });
            }
        }
    }
    // A table row with several values of one kind compares columns (plans,
    // methods): each value is its column's, which the ledger cannot name.
    let mut per_row: BTreeMap<(u32, &str), usize> = BTreeMap::new();
    for entry in &out {
        if let Some(row) = entry.row {
            *per_row.entry((row, entry.kind.as_str())).or_insert(0) += 1;
        }
    }
    let columns: Vec<bool> = out
        .iter()
        .zip(&by_column)
        .map(|(e, by_column)| {
            !by_column
                && e.row
                    .is_some_and(|row| per_row[&(row, e.kind.as_str())] > 1)
        })
        .collect();
    for (entry, per_column) in out.iter_mut().zip(columns) {
        entry.per_column = per_column;
    }
    out
}

/// True when the words around a number make it a fact, not a promise
/// ("30 years of experience", "since 2010").
fn no_promise(vocabulary: &Vocabulary, text: &str, range: &Range<usize>) -> bool {
    let after = &text[range.end..];
    let after = &after[..after.char_indices().nth(40).map_or(after.len(), |(i, _)| i)];
    let before = &text[..range.start];
    let start = before.char_indices().rev().nth(30).map_or(0, |(i, _)| i);
    vocabulary
        .not_after
        .as_ref()
        .is_some_and(|r| r.is_match(after))
        || vocabulary
            .not_before
            .as_ref()
            .is_some_and(|r| r.is_match(&before[start..]))
}

/// The qualifier of `mention`: those in its clause; else those of the
/// clauses before it back to one holding another value of its measure
/// (`same_measure`); else `context`'s
/// (its column header's, its table row's other cells', its section
/// heading's). A qualifier whose fine clause holds another value of the
/// same type and not this one is that value's when it comes after this
/// value ("8 hours for standard tickets and 1 hour for critical ones") or
/// this value's own fine clause names one ("standard shipping takes 5
/// days and express shipping 2 days"); one before both, in a clause of
/// its own, is both values' ("the Pro plan includes 10 seats and 100
/// GB"). A parenthesis right after the value is its clause too ("$50 (US
/// only)"). None when its own fine clause (in `text`, the segment) names
/// no qualifier but says the value is the rest's ("all other plans").
#[allow(clippy::too_many_arguments)]
fn qualifier_for(
    vocabulary: &Vocabulary,
    text: &str,
    kind: &str,
    coarse: &[Range<usize>],
    fine: &[Range<usize>],
    here: &[&Mention],
    mention: &Mention,
    qualifiers: &[(Range<usize>, String, usize)],
    context: impl FnOnce() -> Option<String>,
) -> Option<String> {
    // A qualifier in `clause` that may scope this value: one that scopes
    // its kind, apart from the value (or empty) and not overlapping it.
    let in_clause = |(r, _, q): &(Range<usize>, String, usize), clause: &Range<usize>| {
        clause.contains(&r.start)
            && scopes(vocabulary, *q, kind)
            && (gap(r, &mention.range) > 0 || r.start == r.end)
            && !overlap(r, &mention.range)
    };
    let own_fine = &fine[index_of(fine, mention.range.start)];
    let names_own = qualifiers.iter().any(|q| in_clause(q, own_fine));
    // "and 99.9% on all other plans": the qualifiers around are the other
    // values' cases.
    if !names_own
        && vocabulary
            .others
            .as_ref()
            .is_some_and(|o| o.is_match(&text[own_fine.clone()]))
    {
        return None;
    }
    // Whether the qualifier at `r` stands in the fine clause of another
    // value of this one's type, and not in this one's.
    let anothers = |r: &Range<usize>| {
        let its = &fine[index_of(fine, r.start)];
        !its.contains(&mention.range.start)
            && here.iter().any(|m| {
                m.range != mention.range
                    && m.value.kind == mention.value.kind
                    && its.contains(&m.range.start)
            })
    };
    let usable = |clause: &Range<usize>| -> Vec<String> {
        qualifiers
            .iter()
            .filter(|q| in_clause(q, clause))
            .filter(|(r, _, _)| !((names_own || r.start >= mention.range.end) && anothers(r)))
            .map(|(_, name, _)| name.clone())
            .collect()
    };
    let at = index_of(coarse, mention.range.start);
    let own = usable(&coarse[at]);
    if !own.is_empty() {
        return join_qualifiers(own);
    }
    // A parenthesis right after the value is its own ("over $50 (US
    // only)"): its clause, cut at the bracket, is the next.
    if let Some(inside) = coarse.get(at + 1) {
        let after = text
            .get(mention.range.end..coarse[at].end)
            .unwrap_or_default();
        if after.trim_start() == "(" {
            let found = usable(inside);
            if !found.is_empty() {
                return join_qualifiers(found);
            }
        }
    }
    for clause in coarse[..at].iter().rev() {
        // A clause holding another value of the same measure is that
        // value's ("electronics within 15 days, everything else within
        // 30"); a count of another unit lists the same thing's ("Pro: 5
        // users, 100 GB").
        if here
            .iter()
            .any(|m| clause.contains(&m.range.start) && same_measure(&m.value, &mention.value))
        {
            break;
        }
        let found = usable(clause);
        if !found.is_empty() {
            return join_qualifiers(found);
        }
    }
    context()
}

/// Whether two values measure the same thing: two durations, two amounts
/// of money, two percentages, two schedules, or two counts of one unit.
fn same_measure(a: &values::Value, b: &values::Value) -> bool {
    a.kind == b.kind && (a.kind != ValueType::Count || a.counted() == b.counted())
}

/// What the ledger found wrong across places: one group of entries of the
/// same kind and qualifier.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// `ledger/contradiction` or `ledger/ambiguous-basis`.
    pub rule: &'static str,
    pub kind: String,
    pub qualifier: Option<String>,
    /// Indices into the entries given to `analyse`, in their order.
    pub places: Vec<usize>,
    /// For `ledger/ambiguous-basis`: the places count from different
    /// starts ("of delivery", "of purchase") rather than in business and
    /// calendar days.
    pub counts_from: bool,
}

/// Each entry's place and value as small numbers, computed once, so that
/// comparing the places of a large group costs no string or path work.
struct Ids {
    place: Vec<usize>,
    key: Vec<usize>,
    /// For each key, an entry holding it (for `agree`).
    key_entry: Vec<usize>,
    /// Each entry's `shown()`, `value.display()` and `where_`, made once
    /// when a message first names it (a place is named in the messages of
    /// every other place of its group).
    shown: Vec<std::cell::OnceCell<String>>,
    display: Vec<std::cell::OnceCell<String>>,
    at: Vec<std::cell::OnceCell<String>>,
}

impl Ids {
    fn shown<'a>(&'a self, entries: &[&PlacedEntry], i: usize) -> &'a str {
        self.shown[i].get_or_init(|| entries[i].entry.shown())
    }

    fn display<'a>(&'a self, entries: &[&PlacedEntry], i: usize) -> &'a str {
        self.display[i].get_or_init(|| entries[i].entry.value.display())
    }

    fn at<'a>(&'a self, entries: &[&PlacedEntry], i: usize) -> &'a str {
        self.at[i].get_or_init(|| where_(entries[i]))
    }

    /// Whether two keys are one promise (`Value::agrees_with`): equal,
    /// or hours whose time zone or days only one of them names, or whose
    /// days lie apart.
    fn agree(&self, entries: &[&PlacedEntry], a: usize, b: usize) -> bool {
        a == b
            || entries[self.key_entry[a]]
                .entry
                .value
                .agrees_with(&entries[self.key_entry[b]].entry.value)
    }
}

impl Ids {
    fn new(entries: &[&PlacedEntry]) -> Ids {
        let mut places =
            foldhash::HashMap::with_capacity_and_hasher(entries.len(), Default::default());
        let mut keys =
            foldhash::HashMap::with_capacity_and_hasher(entries.len(), Default::default());
        let mut ids = Ids {
            place: Vec::with_capacity(entries.len()),
            key: Vec::with_capacity(entries.len()),
            key_entry: Vec::new(),
            shown: vec![std::cell::OnceCell::new(); entries.len()],
            display: vec![std::cell::OnceCell::new(); entries.len()],
            at: vec![std::cell::OnceCell::new(); entries.len()],
        };
        // Each file gets a number, looked up once per run of entries from
        // one file, by the path's bytes (a `Path` hashes and compares
        // component by component; one file's places carry one path).
        let mut files: foldhash::HashMap<&std::ffi::OsStr, usize> = foldhash::HashMap::default();
        let mut file: Option<(&std::ffi::OsStr, usize)> = None;
        for (i, entry) in entries.iter().enumerate() {
            let path = entry.path.as_os_str();
            let number = match file {
                Some((last, number)) if last == path => number,
                _ => {
                    let next = files.len();
                    let number = *files.entry(path).or_insert(next);
                    file = Some((path, number));
                    number
                }
            };
            // Where an entry stands, for telling places apart: two values
            // in one sentence are one place (a range, a list of cases).
            let place = (number, entry.entry.segment, entry.entry.sentence_start);
            let next = places.len();
            ids.place.push(*places.entry(place).or_insert(next));
            let next = keys.len();
            let key = *keys.entry(entry.entry.value.key()).or_insert(next);
            if key == next {
                ids.key_entry.push(i);
            }
            ids.key.push(key);
        }
        ids
    }
}

/// The conflicts among `entries` (every file's, sorted by path and
/// position): per kind and qualifier, values that differ between places
/// (a contradiction), or days given as business days in one place and
/// calendar days in another (an ambiguous basis).
pub fn analyse(entries: &[&PlacedEntry]) -> Vec<Conflict> {
    analyse_with(entries, &Ids::new(entries))
}

fn analyse_with(entries: &[&PlacedEntry], ids: &Ids) -> Vec<Conflict> {
    let vocabulary = kinds::builtin();
    // Counts compare per unit: seats with seats, storage with storage.
    let mut groups: BTreeMap<(&str, Option<&str>, &str), Vec<usize>> = BTreeMap::new();
    for (i, placed) in entries.iter().enumerate() {
        let entry = &placed.entry;
        let needs_qualifier = vocabulary
            .kind(&entry.kind)
            .is_some_and(|k| k.needs_qualifier);
        if entry.per_column || (needs_qualifier && entry.qualifier.is_none()) {
            continue;
        }
        let unit = if entry.value.kind == ValueType::Count {
            entry.value.counted()
        } else {
            ""
        };
        groups
            .entry((entry.kind.as_str(), entry.qualifier.as_deref(), unit))
            .or_default()
            .push(i);
    }
    let mut conflicts = Vec::new();
    for ((kind, qualifier, _), members) in groups {
        let conflict = |rule, places: Vec<usize>| Conflict {
            rule,
            kind: kind.to_string(),
            qualifier: qualifier.map(str::to_string),
            places,
            counts_from: false,
        };
        let business: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| entries[i].entry.value.business() && entries[i].entry.value.in_days())
            .collect();
        let days: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| entries[i].entry.value.in_days() && !entries[i].entry.value.business())
            .collect();
        let spread = |list: &[usize]| {
            list.iter()
                .map(|&i| ids.place[i])
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        };
        if !business.is_empty() && !days.is_empty() {
            let mut places: Vec<usize> = business.iter().chain(&days).copied().collect();
            places.sort_unstable();
            if spread(&places) > 1 {
                conflicts.push(conflict(AMBIGUOUS_BASIS, places));
            }
        }
        // Days counted from different starts: "30 days of delivery" and
        // "30 days of purchase" are not one promise.
        let anchored: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| entries[i].entry.anchor.is_some())
            .collect();
        let starts: std::collections::BTreeSet<&str> = anchored
            .iter()
            .filter_map(|&i| entries[i].entry.anchor.as_deref())
            .collect();
        if starts.len() > 1 && spread(&anchored) > 1 {
            conflicts.push(Conflict {
                counts_from: true,
                ..conflict(AMBIGUOUS_BASIS, anchored)
            });
        }
        // Values compare within one basis: business days with business
        // days, everything else with everything else.
        for class in [true, false] {
            let list: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| entries[i].entry.value.business() == class)
                .collect();
            let values: std::collections::BTreeSet<usize> =
                list.iter().map(|&i| ids.key[i]).collect();
            if values.len() < 2 || spread(&list) < 2 {
                continue;
            }
            // Places whose values all come from one place (a sentence with
            // two values) are no contradiction by themselves: an entry
            // counts when another place holds another value. Per place, its
            // values; then per value, how many places hold any other.
            let mut at_place: BTreeMap<usize, std::collections::BTreeSet<usize>> = BTreeMap::new();
            for &i in &list {
                at_place.entry(ids.place[i]).or_default().insert(ids.key[i]);
            }
            let differ = |a: usize, b: usize| !ids.agree(entries, a, b);
            let holding_other = |key: usize| {
                at_place
                    .values()
                    .filter(|keys| keys.iter().any(|&k| differ(k, key)))
                    .count()
            };
            let others: BTreeMap<usize, usize> =
                values.iter().map(|&k| (k, holding_other(k))).collect();
            let differs_elsewhere = |i: usize| {
                let own = usize::from(
                    at_place[&ids.place[i]]
                        .iter()
                        .any(|&k| differ(k, ids.key[i])),
                );
                others[&ids.key[i]] > own
            };
            let places: Vec<usize> = list
                .iter()
                .copied()
                .filter(|&i| differs_elsewhere(i))
                .collect();
            if !places.is_empty() {
                let mut places = places;
                places.sort_unstable();
                conflicts.push(conflict(CONTRADICTION, places));
            }
        }
    }
    conflicts
}

/// How the ledger names a place in a message: `path:line`.
pub fn where_(entry: &PlacedEntry) -> String {
    format!(
        "{}:{}",
        crate::report::display_path(&entry.path),
        entry.line()
    )
}

/// The human name of a kind: `return-window` → `return window`.
pub fn kind_words(kind: &str) -> String {
    kind.replace('-', " ")
}

/// How many other places a message lists, and a finding relates (SARIF's
/// `relatedLocations`): a value promised in many places is named by its
/// first few.
const SHOWN: usize = 4;
const RELATED: usize = 8;

/// The places `entries[at]` differs from in `conflict`: another place, and
/// another value (a contradiction), another basis or another start.
fn others<'a>(
    entries: &'a [&'a PlacedEntry],
    ids: &'a Ids,
    conflict: &'a Conflict,
    at: usize,
) -> impl Iterator<Item = usize> + 'a {
    let class = class_of(entries, ids, conflict, at);
    conflict.places.iter().copied().filter(move |&j| {
        ids.place[j] != ids.place[at]
            && eligible(entries, conflict, j)
            && class_of(entries, ids, conflict, j) != class
    })
}

/// What `others` tells a place from, besides its place: its value, its
/// start, or its basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Class<'a> {
    Value(usize),
    Start(Option<&'a str>),
    Business(bool),
}

/// How many places of a conflict `others` gives for each of its places,
/// from tallies of the group made once: counting them place by place was
/// quadratic in the group, which a value promised on every page of a
/// large site makes large.
struct Tally<'a> {
    /// The places `others` may give at all (for ambiguous bases, those in
    /// days), by class, by place, and by both.
    eligible: usize,
    by_class: foldhash::HashMap<Class<'a>, usize>,
    by_place: foldhash::HashMap<usize, usize>,
    by_both: foldhash::HashMap<(usize, Class<'a>), usize>,
}

fn class_of<'a>(
    entries: &'a [&'a PlacedEntry],
    ids: &Ids,
    conflict: &Conflict,
    j: usize,
) -> Class<'a> {
    if conflict.counts_from {
        Class::Start(entries[j].entry.anchor.as_deref())
    } else if conflict.rule == AMBIGUOUS_BASIS {
        Class::Business(entries[j].entry.value.business())
    } else {
        Class::Value(ids.key[j])
    }
}

/// Whether `others` may give place `j` at all: for business against
/// calendar days, only a value in days.
fn eligible(entries: &[&PlacedEntry], conflict: &Conflict, j: usize) -> bool {
    conflict.counts_from || conflict.rule != AMBIGUOUS_BASIS || entries[j].entry.value.in_days()
}

impl<'a> Tally<'a> {
    fn new(entries: &'a [&'a PlacedEntry], ids: &Ids, conflict: &Conflict) -> Tally<'a> {
        let mut tally = Tally {
            eligible: 0,
            by_class: foldhash::HashMap::default(),
            by_place: foldhash::HashMap::default(),
            by_both: foldhash::HashMap::default(),
        };
        for &j in &conflict.places {
            if !eligible(entries, conflict, j) {
                continue;
            }
            let class = class_of(entries, ids, conflict, j);
            tally.eligible += 1;
            *tally.by_class.entry(class).or_default() += 1;
            *tally.by_place.entry(ids.place[j]).or_default() += 1;
            *tally.by_both.entry((ids.place[j], class)).or_default() += 1;
        }
        tally
    }

    /// `others(entries, ids, conflict, at).count()`: the eligible places
    /// neither at `at`'s place nor of its class, by inclusion and
    /// exclusion.
    fn others(&self, entries: &[&PlacedEntry], ids: &Ids, conflict: &Conflict, at: usize) -> usize {
        let class = class_of(entries, ids, conflict, at);
        let place = ids.place[at];
        let count = |n: Option<&usize>| n.copied().unwrap_or(0);
        self.eligible + count(self.by_both.get(&(place, class)))
            - count(self.by_class.get(&class))
            - count(self.by_place.get(&place))
    }
}

/// The message of a finding on `entries[at]`, one of `conflict`'s places.
pub fn message(entries: &[&PlacedEntry], conflict: &Conflict, at: usize) -> String {
    let ids = Ids::new(entries);
    let tally = Tally::new(entries, &ids, conflict);
    message_with(entries, &ids, conflict, &tally, at)
}

fn message_with(
    entries: &[&PlacedEntry],
    ids: &Ids,
    conflict: &Conflict,
    tally: &Tally,
    at: usize,
) -> String {
    let this = &entries[at].entry;
    let kind = kind_words(&conflict.kind);
    let value = ids.shown(entries, at);
    // Written piece by piece into one string, with room for the words and
    // four places' paths: with 20 corpus copies a run writes 2,920 of
    // these after the walk, on one thread, and `format!` and `join` took
    // half of that time.
    let mut out = String::with_capacity(512);
    out.push('“');
    out.push_str(&this.matched);
    out.push('”');
    let scope = |out: &mut String| {
        if let Some(q) = &conflict.qualifier {
            out.push_str(" (");
            out.push_str(q);
            out.push(')');
        }
    };
    if conflict.counts_from {
        out.push_str(" counts the ");
        out.push_str(&kind);
        scope(&mut out);
        out.push_str(" from ");
        out.push_str(this.anchor.as_deref().unwrap_or_default());
        out.push_str(", but elsewhere it counts from another day: ");
    } else if conflict.rule == AMBIGUOUS_BASIS {
        out.push_str(" gives the ");
        out.push_str(&kind);
        scope(&mut out);
        out.push_str(" as ");
        out.push_str(value);
        out.push_str(", but elsewhere it is counted in ");
        out.push_str(if this.value.business() {
            "calendar days"
        } else {
            "business days"
        });
        out.push_str(": ");
    } else {
        out.push_str(" sets the ");
        out.push_str(&kind);
        scope(&mut out);
        out.push_str(" at ");
        out.push_str(value);
        out.push_str(", but the copy elsewhere says ");
    }
    // The first few other places, then how many more.
    for (n, j) in others(entries, ids, conflict, at).take(SHOWN).enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        out.push_str(ids.shown(entries, j));
        out.push_str(" at ");
        out.push_str(ids.at(entries, j));
    }
    let count = tally.others(entries, ids, conflict, at);
    debug_assert_eq!(count, others(entries, ids, conflict, at).count());
    if count > SHOWN {
        out.push_str(", ");
        out.push_str(&(count - SHOWN).to_string());
        out.push_str(" more");
    }
    if conflict.counts_from {
        out.push_str("; say from which day the ");
        out.push_str(&kind);
        out.push_str(" counts the same way everywhere");
    } else if conflict.rule == AMBIGUOUS_BASIS {
        out.push_str("; say business or calendar days the same way everywhere");
    }
    out
}

/// The places related to `entries[at]` in `conflict` (for SARIF's
/// `relatedLocations`): the first of the others it differs from.
pub fn related(entries: &[&PlacedEntry], conflict: &Conflict, at: usize) -> Vec<usize> {
    related_with(entries, &Ids::new(entries), conflict, at)
}

fn related_with(entries: &[&PlacedEntry], ids: &Ids, conflict: &Conflict, at: usize) -> Vec<usize> {
    others(entries, ids, conflict, at).take(RELATED).collect()
}

/// Places the entries of the file at `path` with `locator`, the file's
/// (which places its findings too): line, column, and the finding (its
/// fingerprint context included) each would be reported as.
pub fn place_entries(
    path: &Path,
    locator: &mut crate::report::Locator,
    entries: Vec<Entry>,
) -> Vec<PlacedEntry> {
    // The file's entries share its path, the rule id and the empty
    // roadsign: each was an allocation an entry, kept to the end of the run.
    let path: std::sync::Arc<Path> = std::sync::Arc::from(path);
    let rule = crate::rule::RuleId::new("ledger", "contradiction");
    let roadsign: std::sync::Arc<str> = std::sync::Arc::from("");
    entries
        .into_iter()
        .map(|mut entry| {
            let matched = std::mem::take(&mut entry.matched);
            let located = locator.place(entry.finding(
                rule.clone(),
                matched,
                crate::rule::Severity::Warning,
                String::new(),
                roadsign.clone(),
            ));
            // The words go back to the entry; the rest of the finding is
            // made again for an entry in a conflict (`add_findings`).
            entry.matched = located.finding.matched;
            PlacedEntry {
                path: path.clone(),
                entry,
                place: Place {
                    start: located.start,
                    end: located.end,
                    excerpt: located.excerpt,
                    context: located.context,
                    occurrence: located.occurrence,
                },
            }
        })
        .collect()
}

/// Notes on each entry of `file` the ledger rules its inline directives
/// silence there (`Entry::silenced`): the findings on it come after the
/// file's own pass, once every file is read.
pub fn mark_silenced(
    file: &crate::source::SourceFile,
    pack: &crate::rule::RulePack,
    entries: &mut [Entry],
) {
    if entries.is_empty() {
        return;
    }
    let places: Vec<usize> = entries.iter().map(|e| e.span.start()).collect();
    let silenced = crate::suppress::silenced_at(
        file.text(),
        file.kind(),
        pack,
        &[CONTRADICTION, AMBIGUOUS_BASIS],
        &places,
    );
    for (entry, rules) in entries.iter_mut().zip(silenced) {
        entry.silenced = rules;
    }
}

/// The placed entries of every file, gathered from many threads: the
/// files' lists sorted by path (as wholes, so paths, compared component
/// by component, are compared per file, not per entry).
pub struct Gathered {
    files: Vec<Vec<PlacedEntry>>,
}

/// Gathers the lists of placed entries the walk's threads made, one a
/// file (see `Gathered`).
pub fn gather(mut files: Vec<Vec<PlacedEntry>>) -> Gathered {
    files.retain(|f| !f.is_empty());
    crate::report::sort_by_path(&mut files, |f| &f[0].path);
    Gathered { files }
}

impl Gathered {
    /// Every entry, in path and text order: sorted by path, then by span,
    /// the lists of a file reached twice merged. Borrowed: moving every
    /// entry into one list filled megabytes of fresh memory on a large
    /// site (20 corpus copies: 2.7 MB).
    pub fn entries(&self) -> Vec<&PlacedEntry> {
        let mut out: Vec<&PlacedEntry> = Vec::with_capacity(self.files.iter().map(Vec::len).sum());
        let mut files = self.files.iter().peekable();
        while let Some(first) = files.next() {
            let start = out.len();
            out.extend(first);
            // A file reached twice: its lists merge.
            while let Some(next) = files.next_if(|f| f[0].path == first[0].path) {
                out.extend(next);
            }
            out[start..].sort_by_key(|e| (e.entry.span.start(), e.entry.span.end()));
        }
        out
    }
}

/// Adds the ledger's findings to `report` once every file is in it: a
/// finding on each place of each conflict, named by the pack's ledger
/// rules, kept or dropped and re-levelled by `policy` (given the file, the
/// rule id and its default severity, the severity the file's config and the
/// command line give it, `None` when the rule is off there), left out where
/// an inline directive silences it (`Entry::silenced`) and when `baseline`
/// knows it. Each finding's other places (`related`) are listed when
/// `relate` says the output shows them. Returns the indices in
/// `report.files` of the files given findings.
pub fn add_findings(
    report: &mut crate::report::Report,
    pack: &crate::rule::RulePack,
    policy: impl Fn(&Path, &str, crate::rule::Severity) -> Option<crate::rule::Severity>,
    baseline: Option<&crate::baseline::Baseline>,
    entries: &[&PlacedEntry],
    relate: bool,
) -> Vec<usize> {
    let mut changed = Vec::new();
    if entries.is_empty() {
        return changed;
    }
    let ids = Ids::new(entries);
    let conflicts = analyse_with(entries, &ids);
    // Keyed by the path's bytes: a `Path` compares and hashes component by
    // component, and every place of one file carries the same path.
    let mut by_path: foldhash::HashMap<&std::ffi::OsStr, Vec<LocatedFinding>> =
        foldhash::HashMap::default();
    for conflict in &conflicts {
        let Some(rule) = pack.find(conflict.rule) else {
            continue;
        };
        let tally = Tally::new(entries, &ids, conflict);
        for &at in &conflict.places {
            let placed = &entries[at];
            if placed.entry.silenced.contains(&conflict.rule) {
                continue;
            }
            let Some(severity) = policy(&placed.path, rule.id.as_str(), rule.severity) else {
                continue;
            };
            let mut located = placed.place.finding(placed.entry.finding(
                rule.id.clone(),
                placed.entry.matched.clone(),
                severity,
                message_with(entries, &ids, conflict, &tally, at),
                rule.roadsign.clone(),
            ));
            if relate {
                located.related = related_with(entries, &ids, conflict, at)
                    .into_iter()
                    .map(|j| crate::report::RelatedPlace {
                        path: entries[j].path.to_path_buf(),
                        span: entries[j].entry.span,
                        start: entries[j].place.start,
                        end: entries[j].place.end,
                        message: format!(
                            "{} {}",
                            kind_words(&conflict.kind),
                            ids.display(entries, j)
                        ),
                    })
                    .collect();
            }
            by_path
                .entry(placed.path.as_os_str())
                .or_default()
                .push(located);
        }
    }
    for (index, file) in report.files.iter_mut().enumerate() {
        let Some(mut found) = by_path.remove(file.path.as_os_str()) else {
            continue;
        };
        // A place in two conflicts of one rule is reported once.
        found.dedup_by(|a, b| a.finding.rule == b.finding.rule && a.finding.span == b.finding.span);
        if let Some(baseline) = baseline {
            let mut only = crate::report::FileReport {
                path: file.path.clone(),
                findings: found,
                words: 0,
                prose: None,
            };
            let (baselined, _) = baseline.filter(&mut only);
            found = only.findings;
            let summary = report.baseline.get_or_insert_default();
            summary.baselined += baselined;
            // The file's first pass counted these entries as unmatched.
            summary.stale = summary.stale.saturating_sub(baselined);
        }
        if !found.is_empty() {
            changed.push(index);
        }
        file.findings.extend(found);
        file.findings
            .sort_by_key(|l| (l.finding.span.start(), l.finding.span.end()));
    }
    changed
}

/// An entry as a kind's examples write it: `VALUE` or `VALUE [QUALIFIER]`
/// for an entry of `kind`, prefixed with its kind's name otherwise.
pub fn example_form(entry: &Entry, kind: &str) -> String {
    let mut shown = entry.shown();
    if let Some(q) = &entry.qualifier {
        shown = format!("{shown} [{q}]");
    }
    if entry.kind == kind {
        shown
    } else {
        format!("{} {shown}", entry.kind)
    }
}

/// Runs every promise kind's `[[examples]]`: the entries found in each
/// example's text (as Markdown) must be exactly those it lists. Returns a
/// line for each example that does not behave.
pub fn run_kind_examples(vocabulary: &Vocabulary, regex: &values::Values) -> Vec<String> {
    let mut failures = Vec::new();
    for kind in &vocabulary.kinds {
        if kind.examples.len() < 4 {
            failures.push(format!(
                "{}: has {} examples; needs at least 4, one of them a number that is no promise",
                kind.name,
                kind.examples.len()
            ));
        }
        for (n, example) in kind.examples.iter().enumerate() {
            let file = match crate::source::SourceFile::from_bytes(
                format!("{}#{}.md", kind.name, n + 1).into(),
                crate::source::FileKind::Markdown,
                example.text.clone().into_bytes(),
            ) {
                Ok(file) => file,
                Err(e) => {
                    failures.push(format!("{} example {}: {e}", kind.name, n + 1));
                    continue;
                }
            };
            let document = crate::extract::extract(&file);
            let found: Vec<String> = entries_with(&document, vocabulary, regex)
                .iter()
                .map(|e| example_form(e, &kind.name))
                .collect();
            if found != example.entries {
                failures.push(format!(
                    "{} example {}: expected {:?}, found {:?}\n    text: {:?}",
                    kind.name,
                    n + 1,
                    example.entries,
                    found,
                    example.text
                ));
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileKind, SourceFile};

    /// The placed entries of `text` read as the Markdown file `path`.
    fn placed(path: &str, text: &str) -> Vec<PlacedEntry> {
        let file =
            SourceFile::from_bytes(path.into(), FileKind::Markdown, text.into()).expect("text");
        let document = crate::extract::extract(&file);
        place_entries(
            file.path(),
            &mut crate::report::Locator::new(file.text()),
            entries(&document),
        )
    }

    /// The conflicts among `pages` (path, text): each one's rule, its
    /// places' paths and the message at its first place.
    fn conflicts_among(pages: &[(&str, &str)]) -> Vec<(&'static str, Vec<String>, String)> {
        let gathered = gather(
            pages
                .iter()
                .map(|(path, text)| placed(path, text))
                .collect(),
        );
        let entries = gathered.entries();
        analyse(&entries)
            .iter()
            .map(|c| {
                let paths = c
                    .places
                    .iter()
                    .map(|&i| entries[i].path.display().to_string())
                    .collect();
                (c.rule, paths, message(&entries, c, c.places[0]))
            })
            .collect()
    }

    /// Hours in two different time zones, or on two different but
    /// overlapping sets of days, contradict; the same hours with no zone
    /// or days named agree with either, so that place is no conflict's;
    /// hours on days apart are two cases.
    #[test]
    fn hours_in_different_zones_or_on_different_days_contradict() {
        let zones = conflicts_among(&[
            ("contact.md", "Support is available 9am–5pm ET.\n"),
            ("faq.md", "Support is available 9am–5pm PT.\n"),
            ("help.md", "Support is available 9am–5pm.\n"),
        ]);
        assert_eq!(zones.len(), 1, "{zones:?}");
        let (rule, paths, message) = &zones[0];
        assert_eq!(
            (*rule, paths.as_slice()),
            (
                CONTRADICTION,
                &["contact.md".to_string(), "faq.md".to_string()][..]
            )
        );
        assert!(message.contains("09:00–17:00 PT at faq.md"), "{message}");

        // The same zone, written two ways, and no zone: one promise.
        assert_eq!(
            conflicts_among(&[
                ("contact.md", "Support is available 9am–5pm EST.\n"),
                ("faq.md", "Support is available 9am–5pm Eastern Time.\n"),
                ("help.md", "Support is available 9am–5pm.\n"),
            ]),
            []
        );

        // Days, the same way: two different weeks contradict, none agrees.
        let days = conflicts_among(&[
            (
                "contact.md",
                "Support is available Monday to Friday, 9am–5pm.\n",
            ),
            ("faq.md", "Support is available Mon–Sat, 9am–5pm.\n"),
            ("help.md", "Support is available 9am–5pm.\n"),
        ]);
        assert_eq!(days.len(), 1, "{days:?}");
        assert_eq!(days[0].1, ["contact.md", "faq.md"]);
        assert!(
            days[0].2.contains("Mon–Sat 09:00–17:00 at faq.md"),
            "{}",
            days[0].2
        );

        // Hours on days apart are two cases: no contradiction.
        assert_eq!(
            conflicts_among(&[
                (
                    "contact.md",
                    "Support is available Monday to Friday, 9am–5pm.\n"
                ),
                ("faq.md", "Support is available Saturday 10am–2pm.\n"),
            ]),
            []
        );
    }

    /// Seats, users and team members of one plan are one count: two
    /// different numbers of them contradict; projects are another count.
    #[test]
    fn a_plans_seats_users_and_members_compare() {
        let found = conflicts_among(&[
            ("pricing.md", "The Pro plan includes 10 seats.\n"),
            ("faq.md", "The Pro plan includes up to 5 users.\n"),
            (
                "plans.md",
                "The Pro plan includes 10 team members and 5 projects.\n",
            ),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, ["faq.md", "plans.md", "pricing.md"]);
        assert!(
            found[0].2.contains("10 team members at plans.md"),
            "{}",
            found[0].2
        );
    }

    /// A paragraph's opening label scopes its later sentences' values; it
    /// is read from the first 40 bytes, cut at a character's boundary
    /// wherever the 40th byte falls.
    #[test]
    fn an_opening_label_is_read_at_a_character_boundary() {
        let scoped = placed("p.md", "Pro — $12 a month. Up to 10 users.\n");
        assert_eq!(scoped[0].entry.qualifier.as_deref(), Some("Pro plan"));
        for pad in 0..4 {
            let text = format!(
                "{}ééééééééééééééééééé — x. Up to 10 users.\n",
                "a".repeat(pad)
            );
            let placed = placed("p.md", &text);
            assert_eq!(placed.len(), 1, "{text}");
            assert_eq!(placed[0].entry.qualifier, None);
        }
    }

    /// A list's lead-in is the paragraph right before it that reads as a
    /// label, for every item; a sentence is none, and a heading or another
    /// paragraph ends the list's.
    #[test]
    fn a_list_leads_in_from_a_label_before_it() {
        let text = "Our windows:\n\n- a\n- b\n\nWe ship fast.\n\n- c\n\n# H\n\n- d\n\nTimes\n\n- e\n\nNext\n\nplain\n";
        let file =
            SourceFile::from_bytes("p.md".into(), FileKind::Markdown, text.into()).expect("text");
        let document = crate::extract::extract(&file);
        let led: Vec<(&str, Option<&str>)> = document
            .segments
            .iter()
            .zip(lead_ins(&document))
            .filter(|(s, _)| s.kind == SegmentKind::ListItem)
            .map(|(s, l)| {
                (
                    s.text.as_str(),
                    l.map(|i| document.segments[i].text.as_str()),
                )
            })
            .collect();
        assert_eq!(
            led,
            [
                ("a", Some("Our windows:")),
                ("b", Some("Our windows:")),
                ("c", None),
                ("d", None),
                ("e", Some("Times")),
            ]
        );
    }

    /// Pages with every kind of conflict: contradictions (one with a
    /// qualifier), business against calendar days (with a value not in
    /// days), and different starts; several in one sentence.
    const SITE: &[&str] = &[
        "Returns within 30 days of delivery. Returns within 14 days of purchase.",
        "Returns within 30 days of purchase.\n\nReturns within 2 weeks or 30 days.",
        "We ship within 2 business days.\n\nWe ship within 3 days.",
        "We ship within 2 days.\n\nWe ship within 24 hours.",
        "Express shipping arrives in 2 days.\n\nExpress shipping arrives in 5 days.",
        "Returns within 30 days.",
    ];

    /// The entries of three copies of a site of `pages`, gathered: groups
    /// of many places, several in one file.
    fn three_copies(pages: &[&str]) -> Gathered {
        let lists = (0..3)
            .flat_map(|copy| {
                pages
                    .iter()
                    .enumerate()
                    .map(move |(i, page)| placed(&format!("c{copy}/p{i}.md"), page))
            })
            .collect();
        gather(lists)
    }

    fn places(entries: &[&PlacedEntry]) -> Vec<(String, usize)> {
        entries
            .iter()
            .map(|e| (e.path.display().to_string(), e.entry.span.start()))
            .collect()
    }

    /// The clause cuts as first written, a character at a time: the
    /// model of the byte loop.
    fn cuts_by_char(s: &str) -> Vec<usize> {
        let bytes = s.as_bytes();
        let mut cuts = Vec::new();
        for (i, c) in s.char_indices() {
            let cut = match c {
                ';' | '(' | ')' => true,
                ',' => {
                    bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
                        && !ends_with_day(&s[..i])
                }
                '—' | '–' => i > 0 && bytes[i - 1] == b' ',
                _ => false,
            };
            if cut {
                cuts.push(i + c.len_utf8());
            }
        }
        cuts
    }

    proptest::proptest! {
        /// The clause words end where the regex they replace ends its
        /// matches, whatever the spaces, cases and folds around them.
        #[test]
        fn clause_words_end_where_the_regex_ends(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "\t", "\n", "\u{a0}", "\u{2003}", "and", "AND", "aNd", "but", "or",
                    "Or", "while", "whereas", "whereaſ", "WHEREAS", "then", "ands", "x", "é",
                    "K", "\u{212a}", ",",
                ]),
                0..16,
            ),
        ) {
            let text: String = parts.concat();
            let regex =
                crate::rule::compile_rule_regex(r"\s(and|but|or|while|whereas|then)\s")
                    .expect("compiles");
            let expected: Vec<usize> = regex.find_iter(&text).map(|m| m.end()).collect();
            proptest::prop_assert_eq!(clause_word_ends(&text), expected);
        }

        /// Clauses are cut where the character loop cut them, whatever
        /// the dashes, commas and characters outside ASCII.
        #[test]
        fn clauses_cut_where_the_character_loop_cut(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Ships", " ", ";", "(", ")", ",", ", ", "—", " —", "– ", " –", "-", "é",
                    "’", "…", "\u{2014}x", "1,000", "and", "\u{a0}", "Friday", "weekdays",
                ]),
                0..24,
            ),
        ) {
            let text: String = parts.concat();
            let mut expected = vec![0];
            expected.extend(cuts_by_char(&text));
            expected.push(text.len());
            expected.dedup();
            let expected: Vec<Range<usize>> =
                expected.windows(2).map(|w| w[0]..w[1]).collect();
            proptest::prop_assert_eq!(clauses(&text, &(0..text.len()), false), expected);
        }
    }

    /// Every white space character starts with a byte the clause words'
    /// scan looks at.
    #[test]
    fn every_white_space_starts_with_a_byte_the_scan_looks_at() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let mut buf = [0; 4];
                let first = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(MAY_START_SPACE[usize::from(first)], "{c:?}");
            }
        }
    }

    /// The tallies count, for every place of every kind of conflict, the
    /// places `others` gives: contradictions, business against calendar
    /// days (with a value not in days), and different starts; groups of
    /// many places, several in one file and one sentence.
    #[test]
    fn the_tally_counts_what_others_gives() {
        let gathered = three_copies(SITE);
        let entries = gathered.entries();
        let ids = Ids::new(&entries);
        let conflicts = analyse_with(&entries, &ids);
        let kinds: std::collections::BTreeSet<(&str, bool)> =
            conflicts.iter().map(|c| (c.rule, c.counts_from)).collect();
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            [
                (AMBIGUOUS_BASIS, false),
                (AMBIGUOUS_BASIS, true),
                (CONTRADICTION, false)
            ],
        );
        for conflict in &conflicts {
            let tally = Tally::new(&entries, &ids, conflict);
            for &at in &conflict.places {
                assert_eq!(
                    tally.others(&entries, &ids, conflict, at),
                    others(&entries, &ids, conflict, at).count(),
                    "{conflict:?} at {at}"
                );
            }
        }
    }

    /// The message as `format!` and `join` first wrote it: the model of
    /// the one written piece by piece.
    fn message_by_format(
        entries: &[&PlacedEntry],
        ids: &Ids,
        conflict: &Conflict,
        tally: &Tally,
        at: usize,
    ) -> String {
        let this = &entries[at];
        let scope = conflict
            .qualifier
            .as_ref()
            .map(|q| format!(" ({q})"))
            .unwrap_or_default();
        let mut listed: Vec<String> = others(entries, ids, conflict, at)
            .take(SHOWN)
            .map(|j| format!("{} at {}", ids.shown(entries, j), ids.at(entries, j)))
            .collect();
        let count = tally.others(entries, ids, conflict, at);
        if count > SHOWN {
            listed.push(format!("{} more", count - SHOWN));
        }
        let kind = kind_words(&conflict.kind);
        let value = ids.shown(entries, at);
        if conflict.counts_from {
            format!(
                "“{}” counts the {kind}{scope} from {}, but elsewhere it counts from another day: {}; say from which day the {kind} counts the same way everywhere",
                this.entry.matched,
                this.entry.anchor.as_deref().unwrap_or_default(),
                listed.join(", ")
            )
        } else if conflict.rule == AMBIGUOUS_BASIS {
            format!(
                "“{}” gives the {kind}{scope} as {value}, but elsewhere it is counted in {}: {}; say business or calendar days the same way everywhere",
                this.entry.matched,
                if this.entry.value.business() {
                    "calendar days"
                } else {
                    "business days"
                },
                listed.join(", ")
            )
        } else {
            format!(
                "“{}” sets the {kind}{scope} at {value}, but the copy elsewhere says {}",
                this.entry.matched,
                listed.join(", ")
            )
        }
    }

    /// Every kind of conflict's message, with a qualifier and without,
    /// with few other places and with more than it lists, is the one
    /// `format!` wrote.
    #[test]
    fn messages_are_the_ones_format_wrote() {
        let gathered = three_copies(SITE);
        let entries = gathered.entries();
        let ids = Ids::new(&entries);
        let mut shown = Vec::new();
        for conflict in &analyse_with(&entries, &ids) {
            let tally = Tally::new(&entries, &ids, conflict);
            for &at in &conflict.places {
                let message = message_with(&entries, &ids, conflict, &tally, at);
                assert_eq!(
                    message,
                    message_by_format(&entries, &ids, conflict, &tally, at)
                );
                shown.push(message);
            }
        }
        for part in [
            "counts from another day",
            "is counted in business days",
            "is counted in calendar days",
            "the copy elsewhere says",
            " (express shipping) ",
            " more",
        ] {
            assert!(
                shown.iter().any(|m| m.contains(part)),
                "no message with {part:?}"
            );
        }
    }

    #[test]
    fn gather_orders_by_path_then_place_and_merges_a_file_read_twice() {
        let faq = "Returns within 30 days.\n\nWe ship within 2 business days.\n";
        let home = "Free shipping on orders over $50.\n";
        // Paths compare by components: `a/z.md` comes before `a.md`,
        // which bytes would put first.
        let lists = vec![
            placed("b/home.md", home),
            placed("b/faq.md", faq),
            placed("a.md", home),
            placed("a/z.md", home),
            // The same file reached twice, its second list reversed.
            placed("b/faq.md", faq).into_iter().rev().collect(),
            Vec::new(),
        ];
        let all: Vec<&PlacedEntry> = lists.iter().flatten().collect();
        let mut expected = places(&all);
        expected.sort_by(|a, b| {
            (std::path::Path::new(&a.0), a.1).cmp(&(std::path::Path::new(&b.0), b.1))
        });
        let gathered = gather(lists);
        let gathered = gathered.entries();
        assert_eq!(places(&gathered), expected);
        assert_eq!(
            places(&gathered)
                .iter()
                .map(|(p, _)| p.as_str())
                .collect::<Vec<_>>(),
            [
                "a/z.md",
                "a.md",
                "b/faq.md",
                "b/faq.md",
                "b/faq.md",
                "b/faq.md",
                "b/home.md"
            ]
        );
    }
}
