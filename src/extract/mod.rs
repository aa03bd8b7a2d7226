//! Extraction: turns a `SourceFile` into a `Document` of `Segment`s, the prose
//! a reader sees, each with a `TextMap` back to the source bytes. One file per
//! format; this module holds the shared vocabulary and the `SegmentBuilder`
//! that every extractor feeds. Extraction never matches rules.

mod asciidoc;
mod blank;
mod html;
mod markdown;
mod rst;
mod text;

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
    /// The `title` or `description` value of YAML or TOML front matter.
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
}

impl Document {
    /// How many words of prose the document holds: the whitespace-separated
    /// pieces of its segments' text with at least one letter or digit (so
    /// "—", "|" and code placeholders are not words; "24/7" and "e-mail"
    /// are one word each). The fog score divides by it.
    pub fn words(&self) -> usize {
        self.segments.iter().map(|s| count_words(&s.text)).sum()
    }
}

/// The words of `text`, as `Document::words` counts them.
pub fn count_words(text: &str) -> usize {
    // One pass over the bytes; only non-ASCII characters are decoded.
    let mut words = 0;
    let mut in_piece = false;
    let mut has_alnum = false;
    for c in text.chars() {
        let (space, alnum) = if c.is_ascii() {
            (c.is_ascii_whitespace(), c.is_ascii_alphanumeric())
        } else {
            (c.is_whitespace(), c.is_alphanumeric())
        };
        if space {
            words += usize::from(in_piece && has_alnum);
            in_piece = false;
            has_alnum = false;
        } else {
            in_piece = true;
            has_alnum |= alnum;
        }
    }
    words + usize::from(in_piece && has_alnum)
}

/// Extracts the prose of `file` according to its kind.
pub fn extract(file: &SourceFile) -> Document {
    let body = &file.text()[file.content_start()..];
    let base = file.content_start();
    match file.kind() {
        FileKind::Markdown => {
            let blanked = blank::templates(&blank::lone_cr_to_lf(body));
            markdown::extract(&blanked.text, base, &blanked.opaque)
        }
        FileKind::Mdx => {
            let blanked = blank::mdx(&blank::lone_cr_to_lf(body));
            markdown::extract(&blanked.text, base, &blanked.opaque)
        }
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
    pending_space: Option<Span>,
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

    fn note_space(&mut self, span: Span) {
        self.pending_space = Some(match self.pending_space {
            Some(open) => Span::new(open.start(), span.end().max(open.end())),
            None => span,
        });
    }

    fn write_pending_space(&mut self) {
        if let Some(space) = self.pending_space.take() {
            if !self.text.is_empty() {
                self.push_piece(" ", space, false);
            }
        }
    }

    fn push_piece(&mut self, text: &str, source: Span, verbatim: bool) {
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
        let mut word_start = None;
        for (i, ch) in text.char_indices() {
            if ch.is_whitespace() {
                if let Some(start) = word_start.take() {
                    self.push_word(&text[start..i], src_start + start);
                }
                self.note_space(Span::new(src_start + i, src_start + i + ch.len_utf8()));
            } else if word_start.is_none() {
                word_start = Some(i);
            }
        }
        if let Some(start) = word_start {
            self.push_word(&text[start..], src_start + start);
        }
    }

    fn push_word(&mut self, word: &str, src_start: usize) {
        self.write_pending_space();
        self.push_piece(word, Span::new(src_start, src_start + word.len()), true);
    }

    /// Text that reads differently from its source bytes (an entity, an
    /// escape): the whole of `source` stands behind it.
    pub fn push_decoded(&mut self, text: &str, source: Span) {
        if text.chars().all(char::is_whitespace) {
            self.note_space(source);
            return;
        }
        self.write_pending_space();
        let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.push_piece(&collapsed, source, false);
    }

    /// A line break or other separator that reads as a space.
    pub fn push_break(&mut self, source: Span) {
        self.note_space(source);
    }

    /// A break at `source` that replaces any whitespace pending before it
    /// (which lies elsewhere: a table cell's next line starts past other
    /// cells), so the space written stands for `source` alone.
    pub fn restart_space(&mut self, source: Span) {
        self.pending_space = Some(source);
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
        let text = std::mem::take(&mut self.text);
        let map = std::mem::take(&mut self.map);
        let anchors = std::mem::take(&mut self.anchors);
        // Only placeholders (code, template tags) between spaces: no prose.
        if text.chars().all(|c| c == OPAQUE || c == ' ') {
            return None;
        }
        Some(Segment {
            kind,
            row,
            text,
            map,
            anchors,
        })
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

    #[test]
    fn words_are_pieces_with_a_letter_or_digit() {
        assert_eq!(count_words("Fast shipping — 24/7, e-mail | 2 days."), 6);
        assert_eq!(count_words(&format!("see {OPAQUE} here")), 2);
        assert_eq!(count_words("  "), 0);
        assert_eq!(count_words("café über"), 2);
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
