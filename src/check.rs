//! Matching: every rule of the pack compiled into one pass per segment. Literal
//! phrases go through one trie of words (`words`), walked once over the
//! segment's words; each regex rule searches on its own, with its own
//! literal prefilter, and not at all in a segment without a digit when its
//! every match holds one (`digits`; ARCHITECTURE.md); phrases that start or end with
//! punctuation, which a word trie cannot hold, go through an Aho-Corasick
//! automaton with word boundaries checked around its hits. Check reports
//! every raw hit; it never decides what is fog — that is `judge`.

mod digits;
mod words;

use crate::extract::Document;
use crate::rule::{LazyRegex, Near, Pattern, RulePack};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::borrow::Cow;
use std::ops::Range;
use words::{Walk, WordTrie};

/// For the rule pack's data, which records each regex rule's digit gate.
#[cfg(test)]
pub(crate) use digits::needs_digit;

/// How much text a run will search, which decides how the Aho-Corasick
/// automaton (for phrases the word trie cannot hold) is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// A file or a few (an editor, a pre-commit hook on a small change).
    Few,
    /// A folder or many files.
    Many,
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A phrase of a `phrases` rule: a hit.
    Phrase,
    /// An `except` phrase: it excuses hits of its rule, it is not one.
    Except,
    /// One side of a `near` rule: a hit only when paired with the other.
    First,
    Then,
}

#[derive(Debug, Clone, Copy)]
struct PhraseOwner {
    rule: usize,
    role: Role,
}

/// One side of a `near` rule found in a segment.
#[derive(Debug, Clone)]
struct NearAtom {
    rule: usize,
    role: Role,
    range: Range<usize>,
}

/// How phrases are searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseSearch {
    /// The word trie for every phrase it can hold, Aho-Corasick for the
    /// rest: what fogcheck runs.
    Words,
    /// One overlapping Aho-Corasick search for all phrases, word
    /// boundaries checked around each match: the simple reference the
    /// word trie is tested against.
    Reference,
}

/// The words a value of the promise ledger written without digits starts
/// with, lowercase: its numbers' (`forty-five` under `forty`), `unlimited`
/// (a count) and `around` (the clock); `ledger::values` writes its pattern
/// so that each ends at a word boundary. The word trie holds them beside
/// the pack's phrases, so the walk finds them where it reads the words
/// anyway (`ValueNotes`). Here, not in the ledger, as data flows from
/// matching to the ledger, never back.
pub const VALUE_WORDS: [&str; 21] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fourteen",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "sixty",
    "ninety",
    "unlimited",
    "around",
];

/// Where a word of `VALUE_WORDS` or a word led by an ASCII digit stands
/// in each segment of a document, noted by the word walk, which reads
/// every word anyway (the words are phrases of its trie): the promise
/// ledger's values search then reads the text only for the other places
/// a value may start at (a sign, a character outside ASCII), and not at
/// all in a segment of ASCII without `$` (`ledger::values::mentions_noted`).
#[derive(Debug, Default)]
pub struct ValueNotes {
    /// The words' starts, segment after segment, each segment's in order
    /// (a value word never starts with a digit).
    starts: Vec<u32>,
    /// Each segment's end in `starts`.
    ends: Vec<usize>,
}

impl ValueNotes {
    /// The starts of the value words in segment `index`.
    pub fn of(&self, index: usize) -> &[u32] {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.starts[start..self.ends[index]]
    }
}

/// The compiled form of a whole rule pack.
#[derive(Debug)]
pub struct Matcher {
    /// Phrases starting and ending with a word character, and
    /// `VALUE_WORDS` (ids from `value_words_from`).
    words: Option<WordTrie>,
    value_words_from: u32,
    /// The other phrases, and the pattern index of each in `owners`.
    phrases: Option<AhoCorasick>,
    phrase_ids: Vec<u32>,
    owners: Vec<PhraseOwner>,
    /// The regex rules: rule index, regex, and whether every match holds
    /// a digit (so a segment without one is not searched).
    regexes: Vec<(usize, LazyRegex, bool)>,
    /// The `near` rules, by rule index.
    near: Vec<Option<Near>>,
}

/// Spellings a phrase also matches: a hyphen may be written as a space, and a
/// straight apostrophe as a curly one. Whitespace is already collapsed in the
/// segment text, so a single space in the phrase matches any run of it.
/// Calls `each` with every spelling, in order.
pub(crate) fn phrase_variants<'p>(phrase: &'p str, mut each: impl FnMut(Cow<'p, str>)) {
    // Most phrases have no hyphen or apostrophe: one spelling, the phrase,
    // handed on as it is.
    if !phrase.contains(['-', '\'']) {
        each(Cow::Borrowed(phrase));
        return;
    }
    // Built a run of other characters at a time.
    let mut variants = vec![String::with_capacity(phrase.len() + 2)];
    let mut rest = phrase;
    while let Some(at) = rest.find(['-', '\'']) {
        let (run, tail) = rest.split_at(at);
        for variant in &mut variants {
            variant.push_str(run);
        }
        let options: &[&str] = if tail.starts_with('-') {
            &["-", " "]
        } else {
            &["'", "’"]
        };
        variants = variants
            .into_iter()
            .flat_map(|v| {
                options.iter().map(move |o| {
                    let mut next = v.clone();
                    next.push_str(o);
                    next
                })
            })
            .collect();
        rest = &tail[1..];
    }
    for mut variant in variants {
        variant.push_str(rest);
        each(Cow::Owned(variant));
    }
}

impl Matcher {
    /// The matcher for a run of a few files: quick to build.
    pub fn compile(pack: &RulePack) -> Matcher {
        Matcher::compile_for(pack, Workload::Few)
    }

    /// The matcher for `workload`. Both kinds find exactly the same hits
    /// (the same phrases, the same overlapping search); for phrases the
    /// word trie cannot hold, a DFA takes longer to build than an NFA and
    /// searches faster, so it pays off only over many files.
    pub fn compile_for(pack: &RulePack, workload: Workload) -> Matcher {
        Matcher::compile_with(pack, workload, PhraseSearch::Words)
    }

    /// The matcher for `workload` with phrases searched by `search`.
    pub fn compile_with<'a>(
        pack: &'a RulePack,
        workload: Workload,
        search: PhraseSearch,
    ) -> Matcher {
        // Each spelling of each phrase, lowercased: most phrases are one
        // spelling already in lowercase, borrowed from the pack.
        let mut patterns: Vec<Cow<'a, str>> = Vec::new();
        let mut owners = Vec::new();
        let mut regexes = Vec::new();
        for (index, rule) in pack.rules().iter().enumerate() {
            let mut add = |phrase: &'a str, role: Role| {
                phrase_variants(phrase, |variant| {
                    // Lowercased here and the text lowercased (ASCII only, so
                    // byte for byte) before the search: a case-sensitive
                    // automaton builds in a third of the time of an ASCII
                    // case-insensitive one; the word trie folds ASCII case as
                    // it hashes.
                    let variant = if variant.bytes().any(|b| b.is_ascii_uppercase()) {
                        let mut lower = variant.into_owned();
                        lower.make_ascii_lowercase();
                        Cow::Owned(lower)
                    } else {
                        variant
                    };
                    patterns.push(variant);
                    owners.push(PhraseOwner { rule: index, role });
                });
            };
            match &rule.pattern {
                Pattern::Phrases(phrases) => {
                    for phrase in &phrases.expanded {
                        add(phrase, Role::Phrase);
                    }
                }
                Pattern::Near(near) => {
                    for phrase in &near.first.expanded {
                        add(phrase, Role::First);
                    }
                    for phrase in &near.then.expanded {
                        add(phrase, Role::Then);
                    }
                }
                Pattern::Regex(_) | Pattern::Ledger => {}
            }
            for phrase in &rule.except {
                add(phrase, Role::Except);
            }
            if let Pattern::Regex(regex) = &rule.pattern {
                let needs_digit = regex
                    .needs_digit()
                    .unwrap_or_else(|| digits::needs_digit(regex.as_str()));
                regexes.push((index, regex.clone(), needs_digit));
            }
        }
        // The trie holds the word-edged phrases (none for the reference, or
        // if two of its tokens ever hashed alike); the automaton the rest.
        // The ledger's value words follow the phrases' ids.
        let value_words_from = u32::try_from(patterns.len()).expect("phrases fit in u32");
        let trie = (search == PhraseSearch::Words)
            .then(|| {
                WordTrie::build(
                    (0u32..)
                        .zip(&patterns)
                        .filter(|(_, p)| words::word_edged(p))
                        .map(|(id, p)| (id, p.as_ref()))
                        .chain((value_words_from..).zip(VALUE_WORDS)),
                )
                .ok()
            })
            .flatten();
        let phrase_ids: Vec<u32> = (0u32..)
            .zip(&patterns)
            .filter(|(_, p)| trie.is_none() || !words::word_edged(p))
            .map(|(id, _)| id)
            .collect();
        let patterns: Vec<&str> = phrase_ids
            .iter()
            .map(|&id| patterns[id as usize].as_ref())
            .collect();
        let phrases = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(match workload {
                    Workload::Few => None,
                    Workload::Many => Some(AhoCorasickKind::DFA),
                })
                .build(&patterns)
                // Phrases are plain strings; building only fails past
                // automaton size limits far beyond any rule pack.
                .expect("phrase automaton")
        });
        let near = pack
            .rules()
            .iter()
            .map(|rule| match &rule.pattern {
                Pattern::Near(near) => Some(near.clone()),
                _ => None,
            })
            .collect();
        Matcher {
            words: trie,
            value_words_from,
            phrases,
            phrase_ids,
            owners,
            regexes,
            near,
        }
    }

    /// Every hit of every rule in `doc`, in segment order.
    pub fn check(&self, doc: &Document) -> Vec<Hit> {
        self.check_noting::<false>(doc, &mut ValueNotes::default())
    }

    /// `check`, and where the words values are written with stand
    /// (`ValueNotes`); `None` for them when the pack's phrases are not
    /// searched by the word trie, or a segment is too long for `u32`
    /// offsets: the ledger then reads every word itself.
    pub fn check_noting_values(&self, doc: &Document) -> (Vec<Hit>, Option<ValueNotes>) {
        if self.words.is_none()
            || doc
                .segments
                .iter()
                .any(|s| s.text.len() > u32::MAX as usize)
        {
            return (self.check(doc), None);
        }
        let mut notes = ValueNotes::default();
        let hits = self.check_noting::<true>(doc, &mut notes);
        (hits, Some(notes))
    }

    fn check_noting<const NOTE: bool>(&self, doc: &Document, notes: &mut ValueNotes) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut excused: Vec<(usize, Range<usize>)> = Vec::new();
        let mut atoms: Vec<NearAtom> = Vec::new();
        let mut lowered = String::new();
        let mut walks: Vec<Walk> = Vec::new();
        let mut words = 0;
        for (segment_index, segment) in doc.segments.iter().enumerate() {
            let text = segment.text.as_str();
            let first = hits.len();
            excused.clear();
            atoms.clear();
            let mut found = |id: u32, range: Range<usize>| {
                // A value word, or a word led by a digit (`DIGIT_WORD`).
                if id >= self.value_words_from {
                    if NOTE {
                        notes.starts.push(range.start as u32);
                    }
                    return;
                }
                let owner = self.owners[id as usize];
                match owner.role {
                    Role::Except => excused.push((owner.rule, range)),
                    Role::Phrase => hits.push(Hit {
                        rule: owner.rule,
                        segment: segment_index,
                        range,
                    }),
                    Role::First | Role::Then => atoms.push(NearAtom {
                        rule: owner.rule,
                        role: owner.role,
                        range,
                    }),
                }
            };
            if let Some(trie) = &self.words {
                words += trie.search::<NOTE>(text, &mut walks, &mut found);
            }
            if let Some(ac) = &self.phrases {
                lowered.clear();
                lowered.push_str(text);
                lowered.make_ascii_lowercase();
                for m in ac.find_overlapping_iter(&lowered) {
                    let range = m.start()..m.end();
                    if at_word_boundaries(text, &range) {
                        found(self.phrase_ids[m.pattern().as_usize()], range);
                    }
                }
            }
            if !atoms.is_empty() {
                self.pair_near(text, segment_index, &mut atoms, &mut hits);
            }
            if !self.regexes.is_empty() {
                let has_digit = std::cell::OnceCell::new();
                for (rule, regex, needs_digit) in &self.regexes {
                    if *needs_digit && !*has_digit.get_or_init(|| digits::has_digit(text)) {
                        continue;
                    }
                    regex.for_each_match(text, |range| {
                        if !range.is_empty() {
                            hits.push(Hit {
                                rule: *rule,
                                segment: segment_index,
                                range,
                            });
                        }
                    });
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
            if NOTE {
                notes.ends.push(notes.starts.len());
            }
        }
        if self.words.is_some() {
            doc.note_words(words);
        }
        hits
    }
}

impl Matcher {
    /// Pairs the sides of each `near` rule found in one segment: a `then`
    /// phrase after the nearest `first` phrase before it, at most `within`
    /// words apart with no sentence end between (or, with `either_order`, a
    /// `first` right after a `then`, no word between). Each side pairs with its nearest
    /// partner only, so the work is linear in the number of sides found.
    fn pair_near(&self, text: &str, segment: usize, atoms: &mut [NearAtom], hits: &mut Vec<Hit>) {
        atoms.sort_by_key(|a| (a.rule, a.range.start, std::cmp::Reverse(a.range.end)));
        for group in atoms.chunk_by(|a, b| a.rule == b.rule) {
            let rule = group[0].rule;
            let Some(near) = &self.near[rule] else {
                continue;
            };
            let mut last: [Option<&Range<usize>>; 2] = [None, None];
            for atom in group {
                let (own, other) = match atom.role {
                    Role::First => (0, 1),
                    _ => (1, 0),
                };
                let reversed = atom.role == Role::First;
                if let (true, Some(partner)) = (!reversed || near.either_order, last[other]) {
                    // The reverse order reads as one claim only when the two
                    // stand side by side ("delivered quickly", "replies
                    // fast"), no word and no comma between.
                    let gap = text.get(partner.end..atom.range.start).unwrap_or(".");
                    let within = if reversed { 0 } else { near.within };
                    if partner.end <= atom.range.start
                        && close_enough(gap, within)
                        && !(reversed && gap.contains(','))
                    {
                        hits.push(Hit {
                            rule,
                            segment,
                            range: partner.start..atom.range.end,
                        });
                    }
                }
                // Of two overlapping phrases of one side ("very competitive",
                // "competitive"), the earlier and longer one is the claim.
                if last[own].is_none_or(|held| held.end <= atom.range.start) {
                    last[own] = Some(&atom.range);
                }
            }
        }
    }
}

/// True when `gap`, the text between two sides of a `near` rule, holds at
/// most `within` words and no sentence or clause break a reader would stop
/// at (`.`, `!`, `?`, `;`, `:`, a dash between spaces).
fn close_enough(gap: &str, within: usize) -> bool {
    // A word is at least one byte plus a space: longer gaps are too far.
    if gap.len() > (within + 1) * 40 {
        return false;
    }
    if gap.contains(['.', '!', '?', ';', ':', '|', '(', ')'])
        || gap.contains(" – ")
        || gap.contains(" — ")
        || gap.contains(" - ")
    {
        return false;
    }
    gap.split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
        <= within
}

/// A word character, for word boundaries here and tokens in `words`.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A phrase that starts (ends) with a word character must not continue a
/// word before (after) it: "soon" is not in "sooner".
pub(crate) fn at_word_boundaries(text: &str, range: &Range<usize>) -> bool {
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
pub(crate) mod tests {
    use super::*;

    /// Where the words of `VALUE_WORDS`, and the words led by an ASCII
    /// digit, stand in `text` as the matcher's word walk reads words:
    /// maximal runs of letters, digits (of any script) and `_`, compared
    /// in any ASCII case. The model of `check::ValueNotes`.
    pub(crate) fn value_word_starts_by_words(text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphanumeric() || c == '_', start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    if text.as_bytes()[s].is_ascii_digit()
                        || VALUE_WORDS
                            .iter()
                            .any(|w| w.eq_ignore_ascii_case(&text[s..i]))
                    {
                        out.push(s as u32);
                    }
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    /// The spellings `phrase_variants` gives, collected.
    fn variants(phrase: &str) -> Vec<String> {
        let mut out = Vec::new();
        phrase_variants(phrase, |v| out.push(v.into_owned()));
        out
    }

    /// `phrase_variants` as it was first written, a character at a time:
    /// the model of the one built a run at a time.
    fn variants_by_char(phrase: &str) -> Vec<String> {
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

    proptest::proptest! {
        /// The variants, in their order, are those made a character at a
        /// time.
        #[test]
        fn variants_are_made_as_a_character_at_a_time_makes_them(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["we", "'", "-", " ", "ll", "é", "next", "’", "--"]),
                0..8,
            ),
        ) {
            let phrase: String = parts.concat();
            proptest::prop_assert_eq!(variants(&phrase), variants_by_char(&phrase));
        }
    }

    #[test]
    fn variants_cover_hyphens_and_apostrophes() {
        let v = variants("we'll next-day");
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

    /// The word walk notes each word of `VALUE_WORDS` where the model of
    /// the walk's words finds it, in every segment, and the same hits as
    /// `check`; the reference search (no trie) notes nothing.
    #[test]
    fn the_walk_notes_the_value_words() {
        use crate::source::{FileKind, SourceFile};
        let (pack, _) = crate::rule::load_pack(&[]);
        let text = "Ships in ONE business day, forty-five minutes, tendays, 24/7, a2 2b.\n\n\
            | Plan | Seats |\n| --- | --- |\n| Pro | unlimited users |\n\n\
            Around the clock; éone day; café one; one_two; Thirty days for free, é30.\n";
        let file = SourceFile::from_bytes(
            "/p/a.md".into(),
            FileKind::Markdown,
            text.as_bytes().to_vec(),
        )
        .unwrap();
        let document = crate::extract::extract(&file);
        let matcher = Matcher::compile(&pack);
        let (hits, notes) = matcher.check_noting_values(&document);
        let notes = notes.expect("the trie holds the pack");
        assert_eq!(hits, matcher.check(&document));
        let mut noted = 0;
        for (index, segment) in document.segments.iter().enumerate() {
            let model = value_word_starts_by_words(&segment.text);
            assert_eq!(notes.of(index), model, "{:?}", segment.text);
            noted += model.len();
        }
        // ONE, forty, five, unlimited, Around, one (after "café"), Thirty;
        // and 24, 7, 2b (words led by a digit; not a2, nor é30).
        assert_eq!(noted, 10);
        let reference = Matcher::compile_with(&pack, Workload::Few, PhraseSearch::Reference);
        assert!(reference.check_noting_values(&document).1.is_none());
    }
}
