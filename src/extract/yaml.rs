//! YAML (front matter and data files) through `saphyr-parser`: every string
//! scalar with its key path, style and byte range. The parser's markers
//! count characters; they are turned into byte offsets here. Block
//! scalars (`|`, `>`) are Markdown: their lines, indentation removed (and
//! for `>` folded), are handed to the Markdown extractor and its spans
//! mapped back line by line (`block_markdown`).

use super::keys::Part;
use super::scalar::{Quoting, StringSource};
use super::{Segment, SegmentBuilder, SegmentKind};
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::ops::Range;

/// A string scalar: where it is and what it says.
#[derive(Debug)]
pub(super) struct YamlString {
    pub path: Vec<Part>,
    pub style: ScalarStyle,
    /// Bytes of the text given to `strings`, quotes included.
    pub span: Range<usize>,
    pub value: String,
}

/// Turns the parser's character indices into byte offsets, moving forward
/// (or restarting, for a marker behind the last one).
struct ByteOffsets<'a> {
    text: &'a str,
    /// Whether `text` is ASCII (a char index is then a byte index), asked
    /// once: asking at every scalar read the whole text each time.
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl ByteOffsets<'_> {
    fn at(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        if char_index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        for c in self.text[self.bytes..].chars() {
            if self.chars == char_index {
                break;
            }
            self.chars += 1;
            self.bytes += c.len_utf8();
        }
        self.bytes
    }
}

enum Frame {
    Map {
        key: Option<Part>,
    },
    Seq {
        next: usize,
    },
    /// A mapping or sequence used as a key: nothing in it is read.
    Skip,
}

/// A parse error: the byte where it is and the parser's message.
#[derive(Debug)]
pub(super) struct YamlError {
    pub at: usize,
    pub message: String,
}

/// The string scalars of `text` (one or more YAML documents), in source
/// order. Plain scalars that YAML reads as something else (numbers,
/// booleans, null) are left out.
pub(super) fn strings(text: &str) -> Result<Vec<YamlString>, YamlError> {
    let mut offsets = ByteOffsets {
        text,
        ascii: text.is_ascii(),
        chars: 0,
        bytes: 0,
    };
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<Part> = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let at = offsets.at(e.marker().index());
            YamlError {
                at,
                message: e.info().to_string(),
            }
        })?;
        // A key is read (a scalar) or skipped (a collection), not a value.
        let in_key = matches!(stack.last(), Some(Frame::Map { key: None }));
        match event {
            Event::Scalar(value, style, _, _) => {
                if in_key {
                    if let Some(Frame::Map { key }) = stack.last_mut() {
                        *key = Some(Part::Key(value.into_owned()));
                    }
                    continue;
                }
                if matches!(stack.last(), Some(Frame::Skip)) {
                    continue;
                }
                let here = enter(&mut stack);
                leave(&mut stack);
                let start = offsets.at(span.start.index());
                let end = offsets.at(span.end.index());
                if (style != ScalarStyle::Plain || is_string(&value)) && start < end {
                    let mut full = path.clone();
                    full.extend(here);
                    out.push(YamlString {
                        path: full,
                        style,
                        span: start..end,
                        value: value.into_owned(),
                    });
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let frame = if in_key || matches!(stack.last(), Some(Frame::Skip)) {
                    Frame::Skip
                } else {
                    path.extend(enter(&mut stack));
                    if matches!(event, Event::MappingStart(..)) {
                        Frame::Map { key: None }
                    } else {
                        Frame::Seq { next: 0 }
                    }
                };
                stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let was_skip = matches!(stack.pop(), Some(Frame::Skip));
                if was_skip {
                    if let Some(Frame::Map { key: key @ None }) = stack.last_mut() {
                        *key = Some(Part::Key("?".into()));
                    }
                    continue;
                }
                if !stack.is_empty() {
                    path.pop();
                }
                leave(&mut stack);
            }
            Event::Alias(_) => {
                if in_key {
                    if let Some(Frame::Map { key }) = stack.last_mut() {
                        *key = Some(Part::Key("*".into()));
                    }
                } else {
                    enter(&mut stack);
                    leave(&mut stack);
                }
            }
            Event::DocumentEnd => {
                stack.clear();
                path.clear();
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The path part of the value about to be read in the innermost
/// collection (none at the top level).
fn enter(stack: &mut [Frame]) -> Option<Part> {
    match stack.last_mut() {
        Some(Frame::Map { key }) => key.clone(),
        Some(Frame::Seq { next }) => Some(Part::Index(*next)),
        _ => None,
    }
}

/// The value of the innermost collection has been read: a mapping waits
/// for its next key, a sequence counts on.
fn leave(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Map { key }) => *key = None,
        Some(Frame::Seq { next }) => *next += 1,
        _ => {}
    }
}

/// True when a plain scalar is a string, not a number, boolean or null.
fn is_string(value: &str) -> bool {
    let v = value.trim();
    if matches!(
        v.to_ascii_lowercase().as_str(),
        "" | "~"
            | "null"
            | "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | ".nan"
            | ".inf"
            | "-.inf"
    ) {
        return false;
    }
    !(v.parse::<f64>().is_ok() || v.starts_with("0x") && i64::from_str_radix(&v[2..], 16).is_ok())
}

/// Where the bytes of a scalar that is not a block scalar are (without the
/// quotes) and how to read them, per its style. `text` is what `strings`
/// read, at `base` in the file.
fn inline_source<'a>(
    text: &'a str,
    base: usize,
    scalar: &YamlString,
    opaque: &'a [Range<usize>],
) -> Option<(StringSource<'a>, Range<usize>)> {
    let r = scalar.span.clone();
    let (quoting, inner) = match scalar.style {
        ScalarStyle::SingleQuoted => (Quoting::YamlSingle, r.start + 1..r.end - 1),
        ScalarStyle::DoubleQuoted => (Quoting::Backslash, r.start + 1..r.end - 1),
        _ => (Quoting::Raw, r),
    };
    if inner.start > inner.end {
        return None;
    }
    let source = StringSource {
        text,
        base,
        quoting,
        placeholders: true,
        opaque,
    };
    Some((source, inner))
}

/// A block scalar's content as the Markdown extractor should read it: its
/// lines without the block's indentation (and for `>`, folded), with the
/// offset in `text` of each line's first byte.
struct Dedented {
    text: String,
    /// (offset in `text`, offset in the source), one per line.
    lines: Vec<(usize, usize)>,
}

impl Dedented {
    /// The source offset of byte `at` of the dedented text.
    fn source(&self, at: usize) -> usize {
        let i = self
            .lines
            .partition_point(|&(d, _)| d <= at)
            .saturating_sub(1);
        let (d, s) = self.lines[i];
        s + (at - d)
    }

    /// The byte of the dedented text that source byte `at` became, if it
    /// was kept (not indentation).
    fn dest(&self, at: usize) -> Option<usize> {
        let i = self
            .lines
            .partition_point(|&(_, s)| s <= at)
            .checked_sub(1)?;
        let (d, s) = self.lines[i];
        let next = self.lines.get(i + 1).map_or(self.text.len(), |&(d, _)| d);
        (d + (at - s) < next.max(d + 1)).then_some(d + (at - s))
    }
}

/// Dedents the block scalar whose content is `span` of `text`; `None` when
/// its lines do not read as a block (the caller then reads it as plain
/// text).
fn dedent(text: &str, span: Range<usize>, folded: bool) -> Option<Dedented> {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = span.start - line_start;
    if !text[line_start..span.start].bytes().all(|b| b == b' ') {
        return None;
    }
    let mut out = Dedented {
        text: String::with_capacity(span.len()),
        lines: Vec::new(),
    };
    // (start in `out.text` of a line's content, is it blank, more indented)
    let mut shapes: Vec<(bool, bool)> = Vec::new();
    let mut at = line_start;
    while at < span.end {
        let end = text[at..span.end].find('\n').map_or(span.end, |i| at + i);
        let mut line = &text[at..end];
        line = line.strip_suffix('\r').unwrap_or(line);
        let blank = line.trim().is_empty();
        let content = if blank {
            ""
        } else {
            if line.len() < indent || !line.as_bytes()[..indent].iter().all(|&b| b == b' ') {
                return None;
            }
            &line[indent..]
        };
        let src = if blank { at + line.len() } else { at + indent };
        out.lines.push((out.text.len(), src));
        out.text.push_str(content);
        shapes.push((blank, content.starts_with([' ', '\t'])));
        if end < span.end {
            out.text.push('\n');
        }
        at = end + 1;
    }
    if folded {
        // A line break between two lines of text is a space; before blank
        // lines it is dropped (here: a space, keeping every offset), and
        // around more indented lines it stays.
        let mut bytes = std::mem::take(&mut out.text).into_bytes();
        for i in 0..shapes.len().saturating_sub(1) {
            let (blank, more) = shapes[i];
            if blank || more {
                continue;
            }
            let next_text = shapes[i + 1..].iter().find(|(blank, _)| !blank);
            if next_text.is_some_and(|(_, more)| !more) {
                let newline = out.lines[i + 1].0 - 1;
                if bytes[newline] == b'\n' {
                    bytes[newline] = b' ';
                }
            }
        }
        out.text = String::from_utf8(bytes).ok()?;
    }
    Some(out)
}

/// The segments of a block scalar read as Markdown, with spans into the
/// file (`text` is at `base` in it); `None` when the block cannot be
/// mapped line by line.
pub(super) fn block_markdown(
    text: &str,
    base: usize,
    scalar: &YamlString,
    opaque: &[Range<usize>],
    keys: &super::keys::KeyRules,
) -> Option<Vec<Segment>> {
    let folded = scalar.style == ScalarStyle::Folded;
    let dedented = dedent(text, scalar.span.clone(), folded)?;
    // The content must say what the parser read, words for words.
    if !dedented
        .text
        .split_whitespace()
        .eq(scalar.value.split_whitespace())
    {
        return None;
    }
    // Blanked templates in the block stay opaque in the dedented text.
    let opaque: Vec<Range<usize>> = opaque
        .iter()
        .filter(|o| o.start >= scalar.span.start && o.end <= scalar.span.end)
        .filter_map(|o| Some(dedented.dest(o.start)?..dedented.dest(o.end - 1)? + 1))
        .collect();
    let doc = super::markdown::extract(&dedented.text, 0, &opaque, keys);
    let mut segments = doc.segments;
    for segment in &mut segments {
        segment.map_source(text, base, |at| dedented.source(at));
    }
    Some(segments)
}

/// The segments of one string scalar: a block scalar as Markdown, anything
/// else as one segment of `kind` (with `split`, one per stretch between
/// placeholders; else placeholders are opaque).
pub(super) fn segments_of(
    text: &str,
    base: usize,
    scalar: &YamlString,
    kind: SegmentKind,
    split: bool,
    opaque: &[Range<usize>],
    keys: &super::keys::KeyRules,
) -> Vec<Segment> {
    let block = matches!(scalar.style, ScalarStyle::Literal | ScalarStyle::Folded);
    if block {
        if let Some(segments) = block_markdown(text, base, scalar, opaque, keys) {
            return segments;
        }
    }
    let (source, inner) = if block {
        let source = StringSource {
            text,
            base,
            quoting: Quoting::Raw,
            placeholders: true,
            opaque,
        };
        (source, scalar.span.clone())
    } else {
        match inline_source(text, base, scalar, opaque) {
            Some(found) => found,
            None => return Vec::new(),
        }
    };
    if split {
        return source.segments(inner, kind);
    }
    let mut b = SegmentBuilder::new();
    source.push(&mut b, inner);
    b.finish(kind, None).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::keys::render;

    #[test]
    fn strings_have_paths_and_byte_spans() {
        let src = "title: Café fast\nn: 3\ntiers:\n  - name: \"Pro\\u00e9\"\n    features: [a, 'b''s']\nbody: |\n  **free** text\n";
        let found = strings(src).unwrap();
        let shown: Vec<(String, &str)> = found
            .iter()
            .map(|s| (render(&s.path), src[s.span.clone()].trim_end()))
            .collect();
        assert_eq!(
            shown,
            [
                ("title".to_string(), "Café fast"),
                ("tiers[0].name".to_string(), "\"Pro\\u00e9\""),
                ("tiers[0].features[0]".to_string(), "a"),
                ("tiers[0].features[1]".to_string(), "'b''s'"),
                ("body".to_string(), "**free** text"),
            ]
        );
    }

    #[test]
    fn errors_say_where() {
        let err = strings("a: [b\nc: d\n").unwrap_err();
        assert!(err.at > 0, "{err:?}");
    }

    #[test]
    fn folded_markdown_maps_back() {
        let src = "content: >-\n  # Big news\n\n  Enjoy **free**\n  shipping.\n\n  - one\n  - two\nnext: x\n";
        let found = strings(src).unwrap();
        let segs = block_markdown(src, 0, &found[0], &[], &Default::default()).unwrap();
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        // Folding joins the list lines too, as YAML reads them.
        assert_eq!(texts, ["Big news", "Enjoy free shipping.", "one - two"]);
        for seg in &segs {
            for piece in seg.pieces() {
                if piece.verbatim {
                    assert_eq!(&src[piece.source.range()], piece.text);
                }
            }
        }
        let free = &segs[1];
        let at = free.text.find("free").unwrap();
        assert_eq!(
            &src[free.source_span(at..at + 13).range()],
            "free**\n  shipping"
        );
    }
}
