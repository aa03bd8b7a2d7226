//! Extraction: turns a `SourceFile` into a `Document` of `Segment`s, the prose
//! a reader sees, each with a `TextMap` back to the source bytes. One file per
//! format; this module holds the shared vocabulary and the `SegmentBuilder`
//! that every extractor feeds. Extraction never matches rules.

mod asciidoc;
mod blank;
mod data;
mod fluent;
mod frontmatter;
mod html;
mod json;
pub mod keys;
mod markdown;
pub use markdown::OPTIONS as MARKDOWN_OPTIONS;
mod rst;
mod scalar;
mod text;
mod yaml;

use crate::source::{FileKind, SourceFile};
use crate::span::Span;
use std::ops::Range;

/// Where a segment of prose stands in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    Heading,
    Paragraph,
    ListItem,
    TableCell,
    ImageAlt,
    /// A value of YAML or TOML front matter that names or sums up the page
    /// (a top-level `title`, `description`, `summary`…).
    FrontMatter,
    /// An HTML attribute a reader sees (`alt`, `title`, a button's `value`)
    /// or a description meta's `content`.
    Attribute,
}

/// One run of prose a reader sees: markup removed, entities decoded,
/// whitespace collapsed to single spaces, plus the way back to the source.
#[derive(Debug, Clone)]
pub struct Segment {
    pub kind: SegmentKind,
    /// The table row this segment is a cell of, shared by its sibling cells.
    pub row: Option<u32>,
    pub text: String,
    map: TextMap,
    /// Text ranges covered by a link with a destination (its link text), or
    /// the place of a footnote reference that resolves: a reader can follow
    /// it for the terms. In text order.
    anchors: Vec<Range<usize>>,
    /// For a value of a data or translation file, where it sits
    /// (`pricing.tiers[2].features[0]`); `None` elsewhere.
    pub key_path: Option<std::sync::Arc<str>>,
}

impl Segment {
    /// The source bytes that text range `range` of this segment came from.
    pub fn source_span(&self, range: Range<usize>) -> Span {
        self.map.to_source(range)
    }

    /// True when a link or resolved footnote starts inside `range` of the
    /// text.
    pub fn has_anchor_in(&self, range: Range<usize>) -> bool {
        self.anchors_in(range).next().is_some()
    }

    /// The link texts (or footnote places) that start inside `range`.
    pub fn anchors_in(&self, range: Range<usize>) -> impl Iterator<Item = &str> + '_ {
        // Anchors are pushed at the growing end of the text, so in order.
        let first = self.anchors.partition_point(|a| a.start < range.start);
        self.anchors[first..]
            .iter()
            .take_while(move |a| a.start < range.end)
            .map(|a| &self.text[a.clone()])
    }

    /// The texts of links that cover `range` (a link on the words).
    pub fn anchors_over(&self, range: &Range<usize>) -> impl Iterator<Item = &str> + '_ {
        let after = self.anchors.partition_point(|a| a.start <= range.start);
        let end = range.end;
        self.anchors[..after]
            .iter()
            .rev()
            .take(4)
            .filter(move |a| a.end >= end)
            .map(|a| &self.text[a.clone()])
    }

    /// Moves every piece's source bytes through `to_source` (a byte of the
    /// copy the segment was extracted from → a byte of `source`, which
    /// stands at `base` in the file), for text read from a rewritten copy
    /// (a dedented block scalar). A verbatim run is split where the copy
    /// stops being the source byte for byte: where `to_source` jumps (a
    /// removed indent) and where the copy rewrote a byte (a folded line
    /// break read as a space, which is then no longer verbatim).
    pub(crate) fn map_source(
        &mut self,
        source: &str,
        base: usize,
        to_source: impl Fn(usize) -> usize,
    ) {
        let mut pieces = Vec::with_capacity(self.map.pieces.len());
        for (i, piece) in self.map.pieces.iter().enumerate() {
            let text_end = self
                .map
                .pieces
                .get(i + 1)
                .map_or(self.text.len(), |next| next.text_start);
            if !piece.verbatim {
                let start = to_source(piece.src_start);
                let end = if piece.src_end > piece.src_start {
                    to_source(piece.src_end - 1) + 1
                } else {
                    start
                };
                pieces.push(Piece {
                    text_start: piece.text_start,
                    src_start: base + start,
                    src_end: base + end.max(start),
                    verbatim: false,
                });
                continue;
            }
            let mut open: Option<Piece> = None;
            for (offset, ch) in self.text[piece.text_start..text_end].char_indices() {
                let copy_at = piece.src_start + offset;
                let start = to_source(copy_at);
                let end = to_source(copy_at + ch.len_utf8() - 1) + 1;
                let verbatim = source
                    .get(start..end)
                    .is_some_and(|bytes| bytes.chars().eq(std::iter::once(ch)));
                if let Some(run) = open.as_mut() {
                    if verbatim && run.verbatim && run.src_end == base + start {
                        run.src_end = base + end;
                        continue;
                    }
                    pieces.push(open.take().expect("open run"));
                }
                open = Some(Piece {
                    text_start: piece.text_start + offset,
                    src_start: base + start,
                    src_end: base + end.max(start),
                    verbatim,
                });
            }
            pieces.extend(open);
        }
        self.map.pieces = pieces;
    }

    /// The pieces of the map, for the extraction invariant checks.
    pub fn pieces(&self) -> impl Iterator<Item = MappedPiece<'_>> + '_ {
        self.map.pieces.iter().enumerate().map(move |(i, piece)| {
            let text_end = self
                .map
                .pieces
                .get(i + 1)
                .map_or(self.text.len(), |next| next.text_start);
            MappedPiece {
                text: &self.text[piece.text_start..text_end],
                source: Span::new(piece.src_start, piece.src_end),
                verbatim: piece.verbatim,
            }
        })
    }
}

/// One piece of a segment's text and the source bytes it stands for.
#[derive(Debug)]
pub struct MappedPiece<'a> {
    pub text: &'a str,
    pub source: Span,
    /// True when `text` is exactly the source bytes; false for collapsed
    /// whitespace, decoded entities and escapes, and opaque placeholders.
    pub verbatim: bool,
}

/// The prose of one file.
#[derive(Debug, Default)]
pub struct Document {
    pub segments: Vec<Segment>,
    /// Why the file could not be read as its format (a data file that does
    /// not parse), at the place that is wrong: reported as an error.
    pub problems: Vec<(Span, String)>,
    /// The word count, once known: the matcher's word walk counts the words
    /// as it reads every segment (`note_words`), else `words` counts them.
    words: std::cell::OnceCell<usize>,
}

impl Document {
    /// How many words of prose the document holds: the whitespace-separated
    /// pieces of its segments' text with at least one letter or digit (so
    /// "—", "|" and code placeholders are not words; "24/7" and "e-mail"
    /// are one word each). The fog score divides by it.
    pub fn words(&self) -> usize {
        *self
            .words
            .get_or_init(|| self.segments.iter().map(|s| count_words(&s.text)).sum())
    }

    /// Records `words`, counted as `words` counts them by a pass that read
    /// every segment of the finished document (`check::Matcher::check`).
    pub(crate) fn note_words(&self, words: usize) {
        let _ = self.words.set(words);
    }
}

/// What a byte is to `space_len`.
const NOT_SPACE: u8 = 0;
const ASCII_SPACE: u8 = 1;
/// The first byte of a character outside ASCII that may be a space (U+0085,
/// U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
const MAYBE_SPACE: u8 = 2;

static SPACE_CLASS: [u8; 256] = {
    let mut class = [NOT_SPACE; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        class[b] = if byte.is_ascii_whitespace() || byte == 0x0b {
            ASCII_SPACE
        } else if matches!(byte, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
            MAYBE_SPACE
        } else {
            NOT_SPACE
        };
        b += 1;
    }
    class
};

/// The length of the whitespace character at byte `i` of `text` (ASCII
/// whitespace, vertical tab or Unicode `White_Space`), or 0 when the byte
/// there starts none (a continuation byte starts none).
fn space_len(text: &str, i: usize) -> usize {
    match SPACE_CLASS[usize::from(text.as_bytes()[i])] {
        NOT_SPACE => 0,
        ASCII_SPACE => 1,
        _ => match text[i..].chars().next() {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        },
    }
}

/// The blocks of `bytes` (32 bytes, the last maybe fewer) that hold a byte
/// `wanted` takes, with where each starts. A whole block is tested without
/// a branch per byte, which the compiler vectorises: scans for bytes most
/// text lacks (a digit, a sentence's end) skip most of it this way.
pub(crate) fn blocks_holding(
    bytes: &[u8],
    wanted: impl Fn(u8) -> bool,
) -> impl Iterator<Item = (usize, &[u8])> {
    const BLOCK: usize = 32;
    bytes
        .chunks(BLOCK)
        .enumerate()
        .filter(move |(_, block)| block.iter().fold(false, |any, &b| any | wanted(b)))
        .map(|(index, block)| (index * BLOCK, block))
}

/// The words of `text`, as `Document::words` counts them.
pub fn count_words(text: &str) -> usize {
    // One pass over the bytes through a class table; only non-ASCII
    // characters are decoded.
    const SPACE: u8 = 0;
    const ALNUM: u8 = 1;
    const OTHER: u8 = 2;
    const NON_ASCII: u8 = 3;
    static CLASS: [u8; 256] = {
        let mut class = [NON_ASCII; 256];
        let mut b = 0;
        while b < 128 {
            let byte = b as u8;
            class[b] = if byte.is_ascii_whitespace() {
                SPACE
            } else if byte.is_ascii_alphanumeric() {
                ALNUM
            } else {
                OTHER
            };
            b += 1;
        }
        class
    };
    let mut words = 0;
    let mut in_piece = false;
    let mut has_alnum = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let class = match CLASS[bytes[i] as usize] {
            NON_ASCII => {
                let c = text[i..].chars().next().expect("i is a char boundary");
                i += c.len_utf8();
                if c.is_whitespace() {
                    SPACE
                } else if c.is_alphanumeric() {
                    ALNUM
                } else {
                    OTHER
                }
            }
            class => {
                i += 1;
                class
            }
        };
        if class == SPACE {
            words += usize::from(in_piece && has_alnum);
            in_piece = false;
            has_alnum = false;
        } else {
            in_piece = true;
            has_alnum |= class == ALNUM;
        }
    }
    words + usize::from(in_piece && has_alnum)
}

/// What extraction needs besides the file: which keys of front matter and
/// data files are prose (the config's `prose-keys` and `ignore-keys`).
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    pub keys: keys::KeyRules,
}

/// Extracts the prose of `file` according to its kind, with the default
/// options.
pub fn extract(file: &SourceFile) -> Document {
    extract_with(file, &ExtractOptions::default())
}

/// Extracts the prose of `file` according to its kind.
pub fn extract_with(file: &SourceFile, options: &ExtractOptions) -> Document {
    let body = &file.text()[file.content_start()..];
    let base = file.content_start();
    let keys = &options.keys;
    match file.kind() {
        FileKind::Markdown => {
            let body = blank::lone_cr_to_lf(body);
            let blanked = blank::templates(&body);
            markdown::extract(&blanked.text, base, &blanked.opaque, keys)
        }
        FileKind::Mdx => {
            let body = blank::lone_cr_to_lf(body);
            let blanked = blank::mdx(&body);
            markdown::extract(&blanked.text, base, &blanked.opaque, keys)
        }
        FileKind::Yaml => data::yaml(body, base, keys),
        FileKind::Json => data::json(body, base, keys),
        FileKind::Toml => data::toml(body, base, keys),
        FileKind::Fluent => fluent::extract(body, base, keys),
        FileKind::Html => {
            let blanked = blank::templates(body);
            html::extract(&blanked.text, base, &blanked.opaque)
        }
        FileKind::Template => {
            let blanked = blank::server_templates(body);
            html::extract(&blanked.text, base, &blanked.opaque)
        }
        FileKind::Text => text::extract(body, base),
        FileKind::Rst => rst::extract(body, base),
        FileKind::AsciiDoc => asciidoc::extract(body, base),
    }
}

/// Stands in the text for inline non-prose (a code span): not a word and not
/// whitespace, so no phrase matches across it.
pub const OPAQUE: char = '\u{fffc}';

#[derive(Debug, Clone)]
struct Piece {
    text_start: usize,
    src_start: usize,
    src_end: usize,
    verbatim: bool,
}

/// Maps byte ranges of a segment's text back to source bytes.
#[derive(Debug, Clone, Default)]
struct TextMap {
    pieces: Vec<Piece>,
}

impl TextMap {
    fn piece_at(&self, text_offset: usize) -> &Piece {
        let index = self
            .pieces
            .partition_point(|p| p.text_start <= text_offset)
            .saturating_sub(1);
        &self.pieces[index]
    }

    /// The source span of a non-empty text range. A range boundary inside a
    /// verbatim piece maps byte for byte; inside any other piece it widens to
    /// the whole piece, so a decoded entity is always covered entirely.
    fn to_source(&self, range: Range<usize>) -> Span {
        let first = self.piece_at(range.start);
        let start = if first.verbatim {
            first.src_start + (range.start - first.text_start)
        } else {
            first.src_start
        };
        let last = self.piece_at(range.end.saturating_sub(1).max(range.start));
        let end = if last.verbatim {
            last.src_start + (range.end - last.text_start)
        } else {
            last.src_end
        };
        Span::new(start, end.max(start))
    }
}

/// Builds one segment at a time from source pieces, collapsing whitespace
/// and recording the map back to the source. Extractors call it in source
/// order.
#[derive(Debug)]
pub(crate) struct SegmentBuilder {
    text: String,
    map: TextMap,
    anchors: Vec<Range<usize>>,
    /// Whitespace seen but not yet written: it becomes one space only if more
    /// prose follows, so segments never start or end with a space.
    pending_space: Option<PendingSpace>,
}

/// Whitespace waiting to be written as one space.
#[derive(Debug, Clone, Copy)]
struct PendingSpace {
    source: Span,
    /// The source is exactly one ASCII space: written as " ", it reads as
    /// written, so it joins the verbatim run around it.
    verbatim: bool,
}

impl SegmentBuilder {
    pub fn new() -> Self {
        SegmentBuilder {
            text: String::new(),
            map: TextMap::default(),
            anchors: Vec::new(),
            pending_space: None,
        }
    }

    /// Notes whitespace at `span`; `single_space` says its source is one
    /// ASCII space.
    fn note_space(&mut self, span: Span, single_space: bool) {
        self.pending_space = Some(match self.pending_space {
            Some(open) => PendingSpace {
                source: Span::new(open.source.start(), span.end().max(open.source.end())),
                verbatim: false,
            },
            None => PendingSpace {
                source: span,
                verbatim: single_space,
            },
        });
    }

    fn write_pending_space(&mut self) {
        if let Some(space) = self.pending_space.take() {
            if !self.text.is_empty() {
                self.push_piece(" ", space.source, space.verbatim);
            }
        }
    }

    fn push_piece(&mut self, text: &str, source: Span, verbatim: bool) {
        // Runs, not words: a verbatim piece that continues the last one in
        // both the text and the source extends it. The map answers the same
        // (verbatim pieces map byte for byte) with one piece per run of
        // prose instead of two per word, which is most of a big file's
        // memory.
        if verbatim {
            if let Some(last) = self.map.pieces.last_mut() {
                if last.verbatim && last.src_end == source.start() {
                    last.src_end = source.end();
                    self.text.push_str(text);
                    return;
                }
            }
        }
        self.map.pieces.push(Piece {
            text_start: self.text.len(),
            src_start: source.start(),
            src_end: source.end(),
            verbatim,
        });
        self.text.push_str(text);
    }

    /// Source text that reads as written, starting at byte `src_start`.
    pub fn push_source(&mut self, text: &str, src_start: usize) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let len = space_len(text, i);
            if len > 0 {
                self.note_space(
                    Span::new(src_start + i, src_start + i + len),
                    bytes[i] == b' ',
                );
                i += len;
                continue;
            }
            // A run of words each one plain space apart reads exactly as
            // its source: it is pushed whole, as pushing it word by word
            // and space by space would leave it (one verbatim piece).
            let start = i;
            loop {
                while i < bytes.len() && space_len(text, i) == 0 {
                    i += 1;
                }
                if bytes.get(i) == Some(&b' ') && i + 1 < bytes.len() && space_len(text, i + 1) == 0
                {
                    i += 1;
                } else {
                    break;
                }
            }
            self.write_pending_space();
            self.push_piece(
                &text[start..i],
                Span::new(src_start + start, src_start + i),
                true,
            );
        }
    }

    /// Text that reads differently from its source bytes (an entity, an
    /// escape): the whole of `source` stands behind it.
    pub fn push_decoded(&mut self, text: &str, source: Span) {
        if text.chars().all(char::is_whitespace) {
            self.note_space(source, false);
            return;
        }
        self.write_pending_space();
        let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.push_piece(&collapsed, source, false);
    }

    /// A line break or other separator that reads as a space.
    pub fn push_break(&mut self, source: Span) {
        self.note_space(source, false);
    }

    /// A break at `source` that replaces any whitespace pending before it
    /// (which lies elsewhere: a table cell's next line starts past other
    /// cells), so the space written stands for `source` alone.
    pub fn restart_space(&mut self, source: Span) {
        self.pending_space = Some(PendingSpace {
            source,
            verbatim: false,
        });
    }

    /// Inline non-prose (a code span): a placeholder no phrase crosses.
    pub fn push_opaque(&mut self, source: Span) {
        self.write_pending_space();
        let mut buf = [0; 4];
        self.push_piece(OPAQUE.encode_utf8(&mut buf), source, false);
    }

    /// Marks a link or resolved footnote at the current end of the text.
    pub fn push_anchor(&mut self) {
        let at = self.text.len();
        self.anchors.push(at..at);
    }

    /// Ends the link text of the last link marked: it covers the text
    /// written since.
    pub fn end_anchor(&mut self) {
        let at = self.text.len();
        if let Some(last) = self.anchors.last_mut() {
            last.end = at;
        }
    }

    /// Ends the current segment; returns it if it holds any prose.
    pub fn finish(&mut self, kind: SegmentKind, row: Option<u32>) -> Option<Segment> {
        self.pending_space = None;
        // Only placeholders (code, template tags) between spaces: no prose.
        let segment = if self.text.chars().all(|c| c == OPAQUE || c == ' ') {
            None
        } else {
            // Copied out at their exact size: the builder's buffers keep
            // their capacity for the next segment, so a segment costs one
            // allocation per buffer instead of a growing series, and a
            // document holds no slack (a third of a big file's text).
            Some(Segment {
                kind,
                row,
                text: self.text.as_str().to_owned(),
                map: TextMap {
                    pieces: self.map.pieces.to_vec(),
                },
                anchors: self.anchors.to_vec(),
                key_path: None,
            })
        };
        self.text.clear();
        self.map.pieces.clear();
        self.anchors.clear();
        segment
    }
}

/// Helpers the extractors' unit tests share: what a document reads as, and
/// the source bytes behind a phrase of it.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Document, SegmentKind};

    pub fn texts(doc: Document) -> Vec<String> {
        doc.segments.into_iter().map(|s| s.text).collect()
    }

    pub fn kinds(doc: Document) -> Vec<(String, SegmentKind, Option<u32>)> {
        doc.segments
            .into_iter()
            .map(|s| (s.text, s.kind, s.row))
            .collect()
    }

    /// The source bytes of the first segment holding `phrase`.
    pub fn span_of(doc: Document, src: &str, phrase: &str) -> String {
        for seg in &doc.segments {
            if let Some(at) = seg.text.find(phrase) {
                let span = seg.source_span(at..at + phrase.len());
                return src[span.range()].to_owned();
            }
        }
        panic!("{phrase:?} not in {:?}", texts(doc));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_and_maps_back() {
        let src = "  fast \n\t shipping  ";
        let mut b = SegmentBuilder::new();
        b.push_source(src, 0);
        let seg = b.finish(SegmentKind::Paragraph, None).unwrap();
        assert_eq!(seg.text, "fast shipping");
        let span = seg.source_span(0..seg.text.len());
        assert_eq!(&src[span.range()], "fast \n\t shipping");
        let span = seg.source_span(5..13);
        assert_eq!(&src[span.range()], "shipping");
    }

    proptest::proptest! {
        /// Counting at each piece's first letter or digit is counting the
        /// pieces between whitespace that hold one.
        #[test]
        fn words_count_as_pieces_holding_a_letter_or_digit(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "7", "é", "—", "-", "’", " ", "  ", "\n", "\u{a0}", "\u{3000}",
                    "\u{b}", "٣", "|", "x.y", "\u{fffc}",
                ]),
                0..16,
            ),
        ) {
            let text: String = parts.concat();
            // ASCII whitespace is `is_ascii_whitespace`, which leaves out
            // the vertical tab (segment text holds none: spaces collapse).
            let pieces = text
                .split(|c: char| c.is_whitespace() && c != '\u{b}')
                .filter(|piece| piece.chars().any(char::is_alphanumeric))
                .count();
            proptest::prop_assert_eq!(count_words(&text), pieces);
        }
    }

    #[test]
    fn words_are_pieces_with_a_letter_or_digit() {
        assert_eq!(count_words("Fast shipping — 24/7, e-mail | 2 days."), 6);
        assert_eq!(count_words(&format!("see {OPAQUE} here")), 2);
        assert_eq!(count_words("  "), 0);
        assert_eq!(count_words("café über"), 2);
    }

    #[test]
    fn prose_is_mapped_in_runs_not_words() {
        // One line of prose with single spaces is one verbatim run; a line
        // break (not a single space) starts the next run.
        let src = "Fast free shipping on every order\nand  returns";
        let mut b = SegmentBuilder::new();
        b.push_source(src, 0);
        let seg = b.finish(SegmentKind::Paragraph, None).unwrap();
        let pieces: Vec<_> = seg.pieces().collect();
        assert_eq!(pieces.len(), 5, "{pieces:?}");
        assert_eq!(pieces[0].text, "Fast free shipping on every order");
        assert!(pieces[0].verbatim);
        assert_eq!(pieces[1].text, " ");
        assert!(!pieces[1].verbatim);
        // Spans inside a run still map byte for byte.
        let at = seg.text.find("shipping").unwrap();
        assert_eq!(&src[seg.source_span(at..at + 8).range()], "shipping");
        let at = seg.text.find("returns").unwrap();
        assert_eq!(&src[seg.source_span(at - 1..at + 7).range()], "  returns");
    }

    #[test]
    fn unicode_and_ascii_spaces_both_break_words() {
        // A no-break space, a vertical tab and an ideographic space are
        // whitespace; none is a single ASCII space, so none reads verbatim.
        let src = "fast\u{a0}free\u{b}shipping\u{3000}\u{e9}t\u{e9}";
        let mut b = SegmentBuilder::new();
        b.push_source(src, 0);
        let seg = b.finish(SegmentKind::Paragraph, None).unwrap();
        assert_eq!(seg.text, "fast free shipping \u{e9}t\u{e9}");
        let at = seg.text.find("shipping").unwrap();
        assert_eq!(&src[seg.source_span(at..at + 8).range()], "shipping");
        let at = seg.text.find('\u{e9}').unwrap();
        assert_eq!(
            &src[seg.source_span(at..seg.text.len()).range()],
            "\u{e9}t\u{e9}"
        );
        assert_eq!(seg.pieces().filter(|p| !p.verbatim).count(), 3);
        assert_eq!(count_words(&seg.text), 4);
    }

    /// The word-by-word model `push_source` must agree with: each
    /// whitespace character noted, each word pushed after the pending space.
    fn push_word_by_word(b: &mut SegmentBuilder, text: &str, src_start: usize) {
        let mut word_start = None;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() || c == '\u{b}' {
                if let Some(start) = word_start.take() {
                    b.write_pending_space();
                    b.push_piece(
                        &text[start..i],
                        Span::new(src_start + start, src_start + i),
                        true,
                    );
                }
                b.note_space(
                    Span::new(src_start + i, src_start + i + c.len_utf8()),
                    c == ' ',
                );
            } else if word_start.is_none() {
                word_start = Some(i);
            }
        }
        if let Some(start) = word_start {
            b.write_pending_space();
            b.push_piece(
                &text[start..],
                Span::new(src_start + start, src_start + text.len()),
                true,
            );
        }
    }

    proptest::proptest! {
        /// Runs pushed whole leave the text and the map exactly as pushing
        /// word by word does, whatever the spaces, and across calls.
        #[test]
        fn runs_pushed_whole_map_as_words_pushed_one_by_one(
            parts in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "a", "fast", "é", "—", " ", "  ", "\n", "\t", "\u{b}", "\u{a0}",
                        "\u{2009}", "\u{3000}", "\u{85}", "\u{c2b0}", "\u{e1}", "€", "x y",
                    ]),
                    0..10,
                ),
                1..4,
            ),
        ) {
            let mut whole = SegmentBuilder::new();
            let mut model = SegmentBuilder::new();
            let mut at = 0;
            for part in &parts {
                let text: String = part.concat();
                whole.push_source(&text, at);
                push_word_by_word(&mut model, &text, at);
                // The next call's source starts right after or further on.
                at += text.len() + usize::from(text.len() % 2 == 1);
            }
            proptest::prop_assert_eq!(&whole.text, &model.text);
            let shown = |b: &SegmentBuilder| -> Vec<(usize, usize, usize, bool)> {
                b.map.pieces.iter().map(|p| (p.text_start, p.src_start, p.src_end, p.verbatim)).collect()
            };
            proptest::prop_assert_eq!(shown(&whole), shown(&model));
        }
    }

    #[test]
    fn decoded_piece_is_covered_whole() {
        let mut b = SegmentBuilder::new();
        b.push_source("Tom ", 0);
        b.push_decoded("&", Span::new(4, 9));
        b.push_source(" Jerry", 9);
        let seg = b.finish(SegmentKind::Paragraph, None).unwrap();
        assert_eq!(seg.text, "Tom & Jerry");
        assert_eq!(seg.source_span(4..5), Span::new(4, 9));
    }
}
