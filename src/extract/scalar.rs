//! The text of one string value of structured text (YAML, TOML, JSON,
//! Fluent) pushed to a `SegmentBuilder` straight from its source bytes:
//! runs of plain text verbatim, escapes (`\n`, `\u00e9`, a YAML `''`)
//! decoded with their whole escape behind them, and placeholders
//! (`{ $count }`, `{{name}}`, `%s`, `%(name)s`, ICU `{n, plural, …}`) opaque,
//! so no phrase reads across them. The parsers say where a value's bytes
//! are; this module reads them, forward only, so every verbatim piece is
//! exactly its source.

use super::{Segment, SegmentBuilder, SegmentKind};
use crate::span::Span;
use std::ops::Range;

/// How the bytes of a value are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quoting {
    /// As they read (plain YAML, block scalars, TOML literal strings,
    /// Fluent text).
    Raw,
    /// YAML single quotes: `''` is one `'`.
    YamlSingle,
    /// Backslash escapes: YAML double quotes, TOML basic strings, JSON.
    Backslash,
}

/// Where a value's bytes are, and how to read them.
pub(super) struct StringSource<'a> {
    /// The text the range is in.
    pub text: &'a str,
    /// The offset of `text` in the file.
    pub base: usize,
    pub quoting: Quoting,
    /// Read printf, brace and template placeholders as opaque.
    pub placeholders: bool,
    /// Spans of `text` already known to be opaque (blanked templates),
    /// sorted.
    pub opaque: &'a [Range<usize>],
}

impl StringSource<'_> {
    fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.base + r.start, self.base + r.end)
    }

    /// Pushes the value whose bytes (quotes excluded) are `range`, its
    /// placeholders opaque.
    pub fn push(&self, b: &mut SegmentBuilder, range: Range<usize>) {
        self.push_with(b, range, &mut |b, span| b.push_opaque(span));
    }

    /// The value whose bytes are `range` as segments of `kind`, split at
    /// each placeholder: no rule, `near` ones included, reads across one.
    pub fn segments(&self, range: Range<usize>, kind: SegmentKind) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut b = SegmentBuilder::new();
        self.push_with(&mut b, range, &mut |b, _| out.extend(b.finish(kind, None)));
        out.extend(b.finish(kind, None));
        out
    }

    fn push_with(
        &self,
        b: &mut SegmentBuilder,
        range: Range<usize>,
        placeholder: &mut dyn FnMut(&mut SegmentBuilder, Span),
    ) {
        let bytes = self.text.as_bytes();
        let mut next_opaque = self.opaque.partition_point(|o| o.end <= range.start);
        // A kind of placeholder whose closer is missing is not looked for
        // again in this value, so a value full of `{` stays linear.
        let mut braces_open = true;
        let mut erb_open = true;
        let mut i = range.start;
        let mut run = range.start;
        let flush = |b: &mut SegmentBuilder, r: Range<usize>| {
            if r.start < r.end {
                b.push_source(&self.text[r.clone()], self.base + r.start);
            }
        };
        while i < range.end {
            if let Some(o) = self.opaque.get(next_opaque) {
                if o.start <= i {
                    let end = o.end.min(range.end).max(i);
                    flush(b, run..i);
                    b.push_opaque(self.span(i..end));
                    next_opaque += 1;
                    i = end;
                    run = i;
                    continue;
                }
            }
            if !matches!(bytes[i], b'\\' | b'\'' | b'{' | b'<' | b'%') {
                i += 1;
                continue;
            }
            let rest = &self.text[i..range.end];
            let step: Option<(Piece, usize)> = match bytes[i] {
                b'\\' if self.quoting == Quoting::Backslash => escape(rest),
                b'\'' if self.quoting == Quoting::YamlSingle && rest.starts_with("''") => {
                    Some((Piece::Char('\''), 2))
                }
                b'{' if self.placeholders && braces_open => match balanced(rest) {
                    Some(len) => Some((Piece::Opaque, len)),
                    None => {
                        braces_open = false;
                        None
                    }
                },
                b'<' if self.placeholders && erb_open && rest.starts_with("<%") => {
                    match rest.find("%>") {
                        Some(n) => Some((Piece::Opaque, n + 2)),
                        None => {
                            erb_open = false;
                            None
                        }
                    }
                }
                b'%' if self.placeholders => printf(rest).map(|len| (Piece::Opaque, len)),
                // Inline HTML in a value ("Get <b>free</b> shipping") is
                // markup, read as Markdown reads it: an inline tag is
                // nothing, a block tag or <br> a break.
                b'<' => inline_tag(rest),
                _ => None,
            };
            match step {
                Some((piece, len)) => {
                    flush(b, run..i);
                    let span = self.span(i..i + len);
                    match piece {
                        Piece::Char(c) => {
                            let mut buf = [0; 4];
                            b.push_decoded(c.encode_utf8(&mut buf), span);
                        }
                        Piece::Join | Piece::Tag => {}
                        Piece::Break => b.push_break(span),
                        Piece::Opaque => placeholder(b, span),
                    }
                    i += len;
                    run = i;
                }
                None => i += 1,
            }
        }
        flush(b, run..range.end);
    }
}

/// What an escape or placeholder stands for.
enum Piece {
    Char(char),
    /// A line-ending backslash: the line break and the indentation after
    /// it are dropped, joining the lines with nothing between.
    Join,
    Opaque,
    /// An inline HTML tag: markup that reads as nothing.
    Tag,
    /// A block HTML tag or `<br>`: reads as a space.
    Break,
}

/// HTML elements whose tags break the text (as a line break would).
const BREAKING_TAGS: [&str; 16] = [
    "br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "hr",
];

/// The HTML tag at the start of `s` (which starts with `<`): `<b>`,
/// `</a>`, `<a href="…">`, `<br/>`, a comment; `None` for a `<` that
/// starts no tag ("< 5 days", "<3").
fn inline_tag(s: &str) -> Option<(Piece, usize)> {
    html_tag(s).map(|(breaks, len)| (if breaks { Piece::Break } else { Piece::Tag }, len))
}

/// The HTML tag at the start of `s` (see `inline_tag`): whether it breaks
/// the text, and its length.
pub(super) fn html_tag(s: &str) -> Option<(bool, usize)> {
    if let Some(comment) = s.strip_prefix("<!--") {
        return comment.find("-->").map(|n| (false, 4 + n + 3));
    }
    let name_start = if s[1..].starts_with('/') { 2 } else { 1 };
    let name_len = s[name_start..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if name_len == 0 || !s.as_bytes()[name_start].is_ascii_alphabetic() {
        return None;
    }
    // The tag ends at the first `>` before any other `<` or line break,
    // within a sane length for attributes.
    let end = s
        .bytes()
        .take(1024)
        .skip(1)
        .position(|b| matches!(b, b'>' | b'<' | b'\n'))
        .map(|n| n + 1)
        .filter(|&n| s.as_bytes()[n] == b'>')?;
    let name = s[name_start..name_start + name_len].to_ascii_lowercase();
    Some((BREAKING_TAGS.contains(&name.as_str()), end + 1))
}

/// The escape at the start of `s` (which starts with `\`) and its length;
/// `None` for a backslash that escapes nothing known (read as written).
fn escape(s: &str) -> Option<(Piece, usize)> {
    let after = &s[1..];
    // A backslash, maybe spaces, then a line break: a line-ending backslash.
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    if after[spaces..].starts_with(['\n', '\r']) {
        return Some((Piece::Join, 1 + join_len(after)));
    }
    let c = after.chars().next()?;
    let simple = match c {
        'n' => Some('\n'),
        't' | '\t' => Some('\t'),
        'r' => Some('\r'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'v' => Some('\u{b}'),
        'a' => Some('\u{7}'),
        'e' => Some('\u{1b}'),
        '0' => Some('\0'),
        '"' | '\\' | '/' | '\'' | ' ' => Some(c),
        'N' => Some('\u{85}'),
        '_' => Some('\u{a0}'),
        'L' => Some('\u{2028}'),
        'P' => Some('\u{2029}'),
        _ => None,
    };
    if let Some(ch) = simple {
        return Some((Piece::Char(ch), 2));
    }
    let hex = |digits: usize, at: usize| -> Option<u32> {
        let h = s.get(at..at + digits)?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(h, 16).ok()
    };
    match c {
        'x' => Some((Piece::Char(char::from_u32(hex(2, 2)?)?), 4)),
        'U' => Some((Piece::Char(char::from_u32(hex(8, 2)?)?), 10)),
        'u' => {
            let code = hex(4, 2)?;
            if (0xD800..0xDC00).contains(&code) && s[6..].starts_with("\\u") {
                // A UTF-16 surrogate pair, as JSON writes characters past
                // the first plane: both escapes stand for one character.
                let low = hex(4, 8)?;
                if (0xDC00..0xE000).contains(&low) {
                    let ch = char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))?;
                    return Some((Piece::Char(ch), 12));
                }
            }
            Some((Piece::Char(char::from_u32(code)?), 6))
        }
        _ => None,
    }
}

/// The whitespace (line breaks included) at the start of `s`.
fn join_len(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t', '\n', '\r']).len()
}

/// The length of the balanced `{…}` at the start of `s`, if it closes.
fn balanced(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The length of the printf placeholder at the start of `s` (`%s`, `%d`,
/// `%1$s`, `%(name)s`, `%.2f`, `%@`), if it is one: the conversion must not
/// run on into a word, so "100% safe" and "50%off" are text.
fn printf(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 1;
    if b.get(i) == Some(&b'(') {
        let close = s[i..].find(')')?;
        if close > 64
            || !s[i + 1..i + close]
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            return None;
        }
        i += close + 1;
    } else {
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && b.get(i + digits) == Some(&b'$') {
            i += digits + 1;
        }
    }
    i += b[i..]
        .iter()
        .take_while(|c| matches!(c, b'-' | b'+' | b'0' | b'#'))
        .count();
    i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if b.get(i) == Some(&b'.') {
        i += 1;
        i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    }
    let conversion = *b.get(i)?;
    if !b"sdifFeEgGxXoucp@".contains(&conversion) {
        return None;
    }
    if b.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{SegmentKind, OPAQUE};

    fn read(src: &str, quoting: Quoting) -> crate::extract::Segment {
        let mut b = SegmentBuilder::new();
        StringSource {
            text: src,
            base: 0,
            quoting,
            placeholders: true,
            opaque: &[],
        }
        .push(&mut b, 0..src.len());
        b.finish(SegmentKind::Paragraph, None).expect("prose")
    }

    #[test]
    fn escapes_decode_and_map_to_the_whole_escape() {
        let src = r"Caf\u00e9 \\ fast\nshipping \ud83d\ude80 ok";
        let seg = read(src, Quoting::Backslash);
        assert_eq!(seg.text, "Café \\ fast shipping 🚀 ok");
        let at = seg.text.find('é').unwrap();
        assert_eq!(&src[seg.source_span(at..at + 2).range()], r"\u00e9");
        let at = seg.text.find("shipping").unwrap();
        assert_eq!(&src[seg.source_span(at..at + 8).range()], "shipping");
        let at = seg.text.find('🚀').unwrap();
        assert_eq!(&src[seg.source_span(at..at + 4).range()], r"\ud83d\ude80");
    }

    #[test]
    fn inline_html_reads_as_markdown_reads_it() {
        let src = r#"Get <b>free</b> <a href="/s">expedited <i>shipping</i></a><br/>today <!-- x -->< 5 days, <3"#;
        let seg = read(src, Quoting::Raw);
        assert_eq!(seg.text, "Get free expedited shipping today < 5 days, <3");
        let at = seg.text.find("expedited shipping").unwrap();
        assert_eq!(
            &src[seg.source_span(at..at + 18).range()],
            "expedited <i>shipping"
        );
        let at = seg.text.find("free").unwrap();
        assert_eq!(&src[seg.source_span(at..at + 4).range()], "free");
        // <br/> is a break: "shipping" and "today" are apart.
        assert!(seg.text.contains("shipping today"));
        for piece in seg.pieces() {
            if piece.verbatim {
                assert_eq!(&src[piece.source.range()], piece.text);
            }
        }
    }

    #[test]
    fn line_ending_backslash_joins() {
        let seg = read("fast ship\\\n    ping", Quoting::Backslash);
        assert_eq!(seg.text, "fast shipping");
    }

    #[test]
    fn yaml_single_quotes_double() {
        let seg = read("it''s free", Quoting::YamlSingle);
        assert_eq!(seg.text, "it's free");
    }

    #[test]
    fn placeholders_are_opaque() {
        let seg = read(
            "Get { $count } free %s and %(name)s {{user}} {n, plural, one {# day} other {# days}} 100% sure, 50%off",
            Quoting::Raw,
        );
        let o = OPAQUE;
        assert_eq!(
            seg.text,
            format!("Get {o} free {o} and {o} {o} {o} 100% sure, 50%off")
        );
    }

    #[test]
    fn segments_split_at_placeholders() {
        let src = "Expedited {{carrier}} shipping, café %s now";
        let segs = StringSource {
            text: src,
            base: 0,
            quoting: Quoting::Raw,
            placeholders: true,
            opaque: &[],
        }
        .segments(0..src.len(), SegmentKind::Paragraph);
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Expedited", "shipping, café", "now"]);
    }

    #[test]
    fn unclosed_braces_stay_text() {
        let seg = read("{ a { b }", Quoting::Raw);
        assert_eq!(seg.text, "{ a { b }");
        let seg = read("{{{{ open", Quoting::Raw);
        assert_eq!(seg.text, "{{{{ open");
    }
}
