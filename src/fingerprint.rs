//! A finding's identity across edits: its rule, file, matched words and up to
//! three neighbouring words on each side (within its paragraph), plus an
//! occurrence index for repeats — never a line number, so inserting lines
//! above a finding does not change it. The baseline and SARIF's
//! `partialFingerprints` share this key.

use crate::span::Span;
use memchr::memmem::Finder;

/// How many words on each side of the fog take part in the key.
const NEIGHBOURS: usize = 3;

/// The words around a finding that, with its rule, path and matched words,
/// say which finding it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Context {
    /// Up to three words before the fog, lowercased, space-separated.
    pub before: String,
    /// Up to three words after the fog, lowercased, space-separated.
    pub after: String,
}

fn words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

/// The paragraph bounds around `span`: a blank line ends a paragraph.
fn paragraph(text: &str, span: Span) -> (usize, usize) {
    Paragraphs::new(text).around(span)
}

/// The neighbouring words of the fog at `span` in `text` (source text, so
/// markup characters drop out as non-words).
pub fn context(text: &str, span: Span) -> Context {
    context_in(text, span, paragraph(text, span))
}

fn context_in(text: &str, span: Span, (start, end): (usize, usize)) -> Context {
    // Into one string a side, where a string a word and a join cost five
    // allocations a side (placing is most of what a promise ledger entry
    // costs after it is found).
    let mut nearest = [""; NEIGHBOURS];
    let mut count = 0;
    for word in words(&text[start..span.start()]).rev().take(NEIGHBOURS) {
        nearest[count] = word;
        count += 1;
    }
    let mut before = String::new();
    for word in nearest[..count].iter().rev() {
        push_word(&mut before, word);
    }
    let mut after = String::new();
    for word in words(&text[span.end()..end]).take(NEIGHBOURS) {
        push_word(&mut after, word);
    }
    Context { before, after }
}

/// Appends `word` lowercased to the space-separated `words`: as
/// `str::to_lowercase` does (a final sigma is a word's own), byte by byte
/// for ASCII.
fn push_word(words: &mut String, word: &str) {
    if !words.is_empty() {
        words.push(' ');
    }
    if word.is_ascii() {
        let start = words.len();
        words.push_str(word);
        words[start..].make_ascii_lowercase();
    } else {
        words.push_str(&word.to_lowercase());
    }
}

/// The contexts of many findings of one text. Given spans in source order it
/// reads the text once, where `context` searches from each span to the
/// paragraph's ends: on a file without blank lines (a list of 100,000
/// items) that was quadratic.
pub struct Contexts<'a> {
    paragraphs: Paragraphs<'a>,
}

impl<'a> Contexts<'a> {
    pub fn new(text: &'a str) -> Self {
        Contexts {
            paragraphs: Paragraphs::new(text),
        }
    }

    /// The same as `context(text, span)`.
    pub fn context(&mut self, span: Span) -> Context {
        let bounds = self.paragraphs.around(span);
        context_in(self.paragraphs.text, span, bounds)
    }
}

/// Paragraph bounds with memory of the last search, so spans in source order
/// cost one pass over the text in all.
struct Paragraphs<'a> {
    text: &'a str,
    /// The last `\n\n` and `\n\r\n` before a span start.
    last_blank: [LastMatch; 2],
    /// The next `\n\n` and `\n\r\n` after a span end.
    next_blank: [NextMatch; 2],
}

/// `\n\n` and `\n\r\n`, each searched for with a finder built once:
/// building one for each search was a third of the search.
static BLANK_LINES: std::sync::LazyLock<[Finder<'static>; 2]> =
    std::sync::LazyLock::new(|| [Finder::new(b"\n\n"), Finder::new(b"\n\r\n")]);

impl<'a> Paragraphs<'a> {
    fn new(text: &'a str) -> Self {
        Paragraphs {
            text,
            last_blank: BLANK_LINES.each_ref().map(LastMatch::new),
            next_blank: BLANK_LINES.each_ref().map(NextMatch::new),
        }
    }

    /// As `text[..start].rfind("\n\n").or_else(|| ….rfind("\n\r\n"))` and the
    /// same forward from the end.
    fn around(&mut self, span: Span) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let [nn, nrn] = &mut self.last_blank;
        let start = nn
            .before(bytes, span.start())
            .or_else(|| nrn.before(bytes, span.start()))
            .map_or(0, |i| i + 1);
        let [nn, nrn] = &mut self.next_blank;
        let end = nn
            .at_or_after(bytes, span.end())
            .or_else(|| nrn.at_or_after(bytes, span.end()))
            .unwrap_or(self.text.len());
        (start, end)
    }
}

/// The last occurrence of a needle wholly before a limit; limits that only
/// grow cost one pass in all.
struct LastMatch {
    needle: &'static Finder<'static>,
    /// Every occurrence wholly inside `..searched` has been seen.
    searched: usize,
    last: Option<usize>,
}

impl LastMatch {
    fn new(needle: &'static Finder<'static>) -> Self {
        LastMatch {
            needle,
            searched: 0,
            last: None,
        }
    }

    fn before(&mut self, bytes: &[u8], limit: usize) -> Option<usize> {
        if limit < self.searched {
            *self = LastMatch::new(self.needle);
        }
        let mut from = self
            .searched
            .saturating_sub(self.needle.needle().len() - 1)
            .max(self.last.map_or(0, |i| i + 1));
        while let Some(i) = self.needle.find(&bytes[from.min(limit)..limit]) {
            self.last = Some(from + i);
            from += i + 1;
        }
        self.searched = limit;
        self.last
    }
}

/// The first occurrence of a needle at or after a position, remembered while
/// positions grow and stay before it.
struct NextMatch {
    needle: &'static Finder<'static>,
    from: usize,
    found: Option<usize>,
    searched: bool,
}

impl NextMatch {
    fn new(needle: &'static Finder<'static>) -> Self {
        NextMatch {
            needle,
            from: 0,
            found: None,
            searched: false,
        }
    }

    fn at_or_after(&mut self, bytes: &[u8], from: usize) -> Option<usize> {
        let still_valid =
            self.searched && from >= self.from && self.found.is_none_or(|i| i >= from);
        if !still_valid {
            self.from = from;
            self.found = self.needle.find(&bytes[from..]).map(|i| from + i);
            self.searched = true;
        }
        self.found
    }
}

/// The matched words as they take part in the key: lowercased, one space.
pub fn normalise(matched: &str) -> String {
    let mut joined = String::with_capacity(matched.len());
    for word in matched.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    if joined.is_ascii() {
        joined.make_ascii_lowercase();
        joined
    } else {
        joined.to_lowercase()
    }
}

/// A stable 64-bit FNV-1a hash of the key as 16 hex digits. FNV is fixed by
/// its definition, unlike std's hasher, so fingerprints never change with the
/// compiler.
pub fn fingerprint(
    rule: &str,
    path: &str,
    matched: &str,
    context: &Context,
    occurrence: usize,
) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let occurrence = occurrence.to_string();
    let parts = [
        rule,
        path,
        &normalise(matched),
        &context.before,
        &context.after,
        &occurrence,
    ];
    for part in parts {
        for byte in part.bytes().chain([0u8]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_stays_in_the_paragraph_and_skips_markup() {
        let text = "Other para.\n\nWe *offer* fast shipping on all orders today.\n";
        let at = text.find("fast").unwrap();
        let c = context(text, Span::new(at, at + "fast shipping".len()));
        assert_eq!(c.before, "we offer");
        assert_eq!(c.after, "on all orders");
    }

    #[test]
    fn contexts_in_order_match_one_by_one() {
        let text = "a b\n\nc fast d\n\n\ne fast\r\n\r\nfast f g\n- fast\n- fast h\n\nfast";
        let spans: Vec<Span> = text
            .match_indices("fast")
            .map(|(i, m)| Span::new(i, i + m.len()))
            .collect();
        let mut contexts = Contexts::new(text);
        for span in spans.iter().chain(spans.iter().rev()) {
            assert_eq!(contexts.context(*span), context(text, *span), "{span:?}");
            let old_start = text[..span.start()]
                .rfind("\n\n")
                .or_else(|| text[..span.start()].rfind("\n\r\n"))
                .map_or(0, |i| i + 1);
            let old_end = text[span.end()..]
                .find("\n\n")
                .or_else(|| text[span.end()..].find("\n\r\n"))
                .map_or(text.len(), |i| span.end() + i);
            assert_eq!(paragraph(text, *span), (old_start, old_end), "{span:?}");
        }
    }

    /// `context_in` as first written: a string a word, joined.
    fn context_by_word(text: &str, span: Span, (start, end): (usize, usize)) -> Context {
        let mut before: Vec<String> = words(&text[start..span.start()])
            .rev()
            .take(NEIGHBOURS)
            .map(str::to_lowercase)
            .collect();
        before.reverse();
        let after: Vec<String> = words(&text[span.end()..end])
            .take(NEIGHBOURS)
            .map(str::to_lowercase)
            .collect();
        Context {
            before: before.join(" "),
            after: after.join(" "),
        }
    }

    proptest::proptest! {
        /// The context and the normalised words are those of a string a
        /// word, joined and lowercased, in every case (a final sigma, a
        /// dotted capital I, apostrophes, markup between the words).
        #[test]
        fn contexts_and_matched_words_as_a_string_a_word_gives_them(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "We", "SHIP", "fast", " ", "  ", "\n", "\n\n", "*", "ΟΔΟΣ", "Σ", "İstanbul",
                    "don't", "it’s", "é", "-", ".", "\t", "x9",
                ]),
                0..30,
            ),
            from in 0usize..30,
            to in 0usize..30,
        ) {
            let text: String = parts.concat();
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let (a, b) = (bounds[from % bounds.len()], bounds[to % bounds.len()]);
            let span = Span::new(a.min(b), a.max(b));
            let around = paragraph(&text, span);
            proptest::prop_assert_eq!(
                context_in(&text, span, around),
                context_by_word(&text, span, around)
            );
            let matched = &text[span.start()..span.end()];
            proptest::prop_assert_eq!(
                normalise(matched),
                matched.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
            );
        }
    }

    #[test]
    fn fingerprints_are_fixed() {
        let c = Context::default();
        assert_eq!(
            fingerprint("a/b", "p.md", "x", &c, 0),
            fingerprint("a/b", "p.md", "X", &c, 0)
        );
        assert_ne!(
            fingerprint("a/b", "p.md", "x", &c, 0),
            fingerprint("a/b", "p.md", "x", &c, 1)
        );
        assert_eq!(fingerprint("", "", "", &c, 0).len(), 16);
    }
}
