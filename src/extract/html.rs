//! HTML to segments: the text a visitor reads (body text, `<title>`, the
//! description metas, `alt`/`title` attributes, button and link text), with
//! exact byte spans. Inline elements (`<b>`, `<a>`, `<span>`, …) keep a
//! phrase together; block elements end a segment. Scripts, styles, code,
//! comments, templates and `hidden` elements are not prose.
//!
//! The tokenizer is hand-written (about a hundred lines) because fogcheck
//! needs the byte offset of every text run, attribute value and entity, and
//! must stay linear and panic-free on any input. The same walker serves HTML
//! files and the raw HTML inside Markdown and MDX.

use super::{Document, SegmentBuilder, SegmentKind};
use crate::span::Span;
use std::ops::Range;

/// Extracts an HTML file: `scan` is the body with template markup blanked,
/// `opaque` the blanked spans (offsets into `scan`), `base` the offset of
/// `scan` in the file.
pub(super) fn extract(scan: &str, base: usize, opaque: &[Range<usize>]) -> Document {
    let mut doc = Document::default();
    let mut walker = HtmlWalker::default();
    let mut flow = SegmentBuilder::new();
    let at = Place {
        offset: 0,
        base,
        opaque,
    };
    walker.run(scan, &at, &mut flow, &mut doc);
    walker.flush(&mut flow, &mut doc);
    doc
}

/// Where a piece of HTML stands: `offset` is the offset of the text being
/// tokenized in the scanned body, `base` that body's offset in the file,
/// `opaque` the blanked template spans of the body.
pub(super) struct Place<'a> {
    pub offset: usize,
    pub base: usize,
    pub opaque: &'a [Range<usize>],
}

impl Place<'_> {
    fn span(&self, r: &Range<usize>) -> Span {
        Span::new(
            self.base + self.offset + r.start,
            self.base + self.offset + r.end,
        )
    }
}

// ---------------------------------------------------------------- tokenizer

/// One attribute: name and value ranges in the tokenized text, the value
/// without its quotes.
#[derive(Debug)]
pub(super) struct Attr {
    name: Range<usize>,
    value: Option<Range<usize>>,
}

#[derive(Debug)]
pub(super) struct Tag {
    /// The tag name, lowercased.
    name: String,
    end: bool,
    self_closing: bool,
    attrs: Vec<Attr>,
    range: Range<usize>,
}

#[derive(Debug)]
enum Token {
    Text(Range<usize>),
    Tag(Tag),
    /// The content of a raw-text element (`<script>`, `<title>`, …).
    Raw(Range<usize>),
    /// A comment, doctype or processing instruction.
    Skip,
}

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: [&str; 10] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

struct Tokenizer<'a> {
    s: &'a str,
    pos: usize,
    /// Set after a raw-text start tag: the element whose end tag ends it.
    raw: Option<String>,
}

impl<'a> Tokenizer<'a> {
    fn new(s: &'a str) -> Self {
        Tokenizer {
            s,
            pos: 0,
            raw: None,
        }
    }

    fn rest(&self) -> &'a [u8] {
        &self.s.as_bytes()[self.pos..]
    }

    fn find_from(&self, needle: &str) -> Option<usize> {
        self.s[self.pos..].find(needle).map(|n| self.pos + n)
    }

    /// The offset of `</name` (any case) at or after the position.
    fn find_end_tag(&self, name: &str) -> Option<usize> {
        let bytes = self.s.as_bytes();
        let mut at = self.pos;
        while let Some(n) = self.s[at..].find("</") {
            let start = at + n;
            let name_at = start + 2;
            if bytes
                .get(name_at..name_at + name.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
            {
                return Some(start);
            }
            at = start + 2;
        }
        None
    }

    fn tag(&mut self, start: usize, end: bool) -> Option<Tag> {
        let bytes = self.s.as_bytes();
        let mut i = start + if end { 2 } else { 1 };
        let name_start = i;
        while i < bytes.len()
            && !matches!(
                bytes[i],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
            )
        {
            i += 1;
        }
        let name = self.s[name_start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                self_closing = bytes[i] == b'/';
                i += 1;
            }
            if i >= bytes.len() {
                // A tag cut off by the end of the input is dropped.
                self.pos = bytes.len();
                return None;
            }
            if bytes[i] == b'>' {
                i += 1;
                break;
            }
            self_closing = false;
            let attr_start = i;
            i += 1;
            while i < bytes.len()
                && !matches!(
                    bytes[i],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
                )
            {
                i += 1;
            }
            let name = attr_start..i;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = None;
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let close = self.s[i + 1..]
                            .find(q as char)
                            .map_or(bytes.len(), |n| i + 1 + n);
                        value = Some(i + 1..close);
                        i = (close + 1).min(bytes.len());
                    }
                    Some(_) => {
                        let v = i;
                        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>'
                        {
                            i += 1;
                        }
                        value = Some(v..i);
                    }
                    None => {}
                }
            }
            attrs.push(Attr { name, value });
        }
        self.pos = i;
        Some(Tag {
            name,
            end,
            self_closing,
            attrs,
            range: start..i,
        })
    }
}

impl Iterator for Tokenizer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let len = self.s.len();
        if self.pos >= len {
            return None;
        }
        if let Some(name) = self.raw.take() {
            let start = self.pos;
            let end = if name == "plaintext" {
                None
            } else {
                self.find_end_tag(&name)
            };
            self.pos = end.unwrap_or(len);
            if self.pos > start {
                return Some(Token::Raw(start..self.pos));
            }
        }
        let start = self.pos;
        let rest = self.rest();
        if rest.starts_with(b"<!--") {
            self.pos = self.s[start + 4..]
                .find("-->")
                .map_or(len, |n| start + 4 + n + 3);
            return Some(Token::Skip);
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            self.pos = self.find_from(">").map_or(len, |n| n + 1);
            return Some(Token::Skip);
        }
        let is_end = rest.starts_with(b"</");
        let name_at = if is_end { 2 } else { 1 };
        if rest.first() == Some(&b'<') && rest.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            let tag = self.tag(start, is_end)?;
            if !tag.end && !tag.self_closing && RAW_TEXT.contains(&tag.name.as_str()) {
                self.raw = Some(tag.name.clone());
            }
            return Some(Token::Tag(tag));
        }
        // Text up to the next `<` that is not this one.
        let first = self.s[start..].chars().next().map_or(1, char::len_utf8);
        self.pos = self.s[start + first..]
            .find('<')
            .map_or(len, |n| start + first + n);
        Some(Token::Text(start..self.pos))
    }
}

// ---------------------------------------------------------------- elements

/// Elements that do not break a phrase.
const INLINE: [&str; 27] = [
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em", "font",
    "i", "ins", "label", "mark", "nobr", "q", "s", "small", "span", "strike", "strong", "sub",
    "sup", "time",
];

/// Inline elements a reader sees as one more word-like thing: `u`, `tt` read
/// as text, while `img` and inline code stand between words as opaque.
const INLINE_TEXT: [&str; 2] = ["u", "tt"];

/// Inline code: not prose, and no phrase crosses it.
const CODE: [&str; 6] = ["code", "kbd", "samp", "var", "svg", "math"];

/// Elements whose content is never prose (besides `CODE`).
const SKIP: [&str; 12] = [
    "script",
    "style",
    "noscript",
    "template",
    "pre",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
    "select",
];

/// Elements that are not prose and do not separate words (invisible).
const INVISIBLE: [&str; 6] = ["script", "style", "noscript", "template", "head", "meta"];

const VOID: [&str; 15] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Meta names and properties whose `content` a reader sees (search results,
/// link previews).
const META_PROSE: [&str; 3] = ["description", "og:description", "twitter:description"];

/// Deepest element nesting tracked: beyond it, elements are not pushed, so
/// end-tag matching stays bounded on pathological input.
const MAX_DEPTH: usize = 256;

/// Block elements whose start closes an open `<p>`.
const P_CLOSERS: [&str; 31] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "summary",
];

fn is_inline(name: &str) -> bool {
    INLINE.contains(&name) || INLINE_TEXT.contains(&name)
}

fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

/// Whether a tag ends a segment: everything that is not inline, invisible,
/// or inline code.
fn is_boundary(name: &str) -> bool {
    !(is_inline(name) || INVISIBLE.contains(&name) || CODE.contains(&name) || name == "img")
}

fn block_kind(name: &str) -> Option<SegmentKind> {
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(SegmentKind::Heading),
        "li" => Some(SegmentKind::ListItem),
        "td" | "th" => Some(SegmentKind::TableCell),
        // Other blocks take the kind of the block they sit in, as in
        // Markdown: a paragraph in a list item reads as the item.
        _ => None,
    }
}

/// An open element.
#[derive(Debug)]
struct Open {
    name: String,
    /// True when it or an ancestor is not prose.
    skip: bool,
    /// The kind its text takes (inherited from the nearest block that sets one).
    kind: SegmentKind,
}

/// The state of an HTML walk: the open elements and the table row. Raw HTML
/// in Markdown keeps one walker across its HTML blocks so a `<div hidden>`
/// opened in one block hides the Markdown up to its `</div>`.
#[derive(Debug, Default)]
pub(super) struct HtmlWalker {
    stack: Vec<Open>,
    row: Option<u32>,
    next_row: u32,
}

impl HtmlWalker {
    /// True inside an element whose content is not prose.
    pub fn skipping(&self) -> bool {
        self.stack.last().is_some_and(|o| o.skip)
    }

    /// Forgets the open elements (inline HTML does not outlive its block).
    pub fn reset(&mut self) {
        self.stack.clear();
        self.row = None;
    }

    fn kind(&self) -> SegmentKind {
        self.stack.last().map_or(SegmentKind::Paragraph, |o| o.kind)
    }

    pub fn flush(&self, flow: &mut SegmentBuilder, doc: &mut Document) {
        if let Some(segment) = flow.finish(self.kind(), self.row) {
            doc.segments.push(segment);
        }
    }

    /// Walks the HTML `text`, writing running text to `flow` and finished
    /// segments to `doc`. Text is flushed at block boundaries, not at the end:
    /// the caller decides when its segment ends.
    pub fn run(
        &mut self,
        text: &str,
        at: &Place<'_>,
        flow: &mut SegmentBuilder,
        doc: &mut Document,
    ) {
        for token in Tokenizer::new(text) {
            match token {
                Token::Text(r) if !self.skipping() => push_prose(flow, text, r, at, true),
                Token::Raw(r) => {
                    if self
                        .stack
                        .last()
                        .is_some_and(|o| o.name == "title" && !o.skip)
                    {
                        let mut title = SegmentBuilder::new();
                        push_prose(&mut title, text, r, at, true);
                        if let Some(segment) = title.finish(SegmentKind::Heading, None) {
                            doc.segments.push(segment);
                        }
                    }
                }
                Token::Tag(tag) if tag.end => self.end_tag(&tag, flow, doc),
                Token::Tag(tag) => self.start_tag(&tag, text, at, flow, doc),
                Token::Text(_) | Token::Skip => {}
            }
        }
    }

    fn start_tag(
        &mut self,
        tag: &Tag,
        text: &str,
        at: &Place<'_>,
        flow: &mut SegmentBuilder,
        doc: &mut Document,
    ) {
        let name = tag.name.as_str();
        let attr = |wanted: &str| {
            tag.attrs
                .iter()
                .find(|a| text[a.name.clone()].eq_ignore_ascii_case(wanted))
        };
        let value = |a: &Attr| a.value.clone().map_or("", |v| &text[v]);
        let hidden = attr("hidden").is_some();
        let skip = self.skipping() || hidden || SKIP.contains(&name) || CODE.contains(&name);
        if is_boundary(name) {
            self.close_implied(name, flow, doc);
            self.flush(flow, doc);
            match name {
                "tr" => {
                    self.row = Some(self.next_row);
                    self.next_row += 1;
                }
                "table" => self.row = None,
                _ => {}
            }
        }
        if !self.skipping() && !hidden {
            if CODE.contains(&name) || name == "img" {
                flow.push_opaque(at.span(&tag.range));
            }
            if name == "a" && attr("href").is_some() {
                flow.push_anchor();
            }
            let mut prose_attrs: Vec<&Attr> = Vec::new();
            prose_attrs.extend(attr("alt"));
            prose_attrs.extend(attr("title"));
            if name == "meta" {
                let named = [attr("name"), attr("property")]
                    .into_iter()
                    .flatten()
                    .any(|a| {
                        META_PROSE
                            .iter()
                            .any(|m| value(a).trim().eq_ignore_ascii_case(m))
                    });
                if named {
                    prose_attrs.extend(attr("content"));
                }
            }
            if name == "input"
                && attr("type").is_some_and(|t| {
                    ["submit", "button", "reset"]
                        .iter()
                        .any(|k| value(t).eq_ignore_ascii_case(k))
                })
            {
                prose_attrs.extend(attr("value"));
            }
            for a in prose_attrs {
                if let Some(v) = a.value.clone() {
                    let mut b = SegmentBuilder::new();
                    push_prose(&mut b, text, v, at, true);
                    if let Some(segment) = b.finish(SegmentKind::Attribute, None) {
                        doc.segments.push(segment);
                    }
                }
            }
        }
        if is_void(name) || tag.self_closing || self.stack.len() >= MAX_DEPTH {
            return;
        }
        let kind = block_kind(name).unwrap_or_else(|| self.kind());
        self.stack.push(Open {
            name: tag.name.clone(),
            skip,
            kind,
        });
    }

    /// Closes what a start tag implies closed (`<p>` before a block, `<li>`
    /// before the next item, cells before the next cell or row).
    fn close_implied(&mut self, name: &str, flow: &mut SegmentBuilder, doc: &mut Document) {
        let closes: &[&str] = match name {
            "li" => &["li", "p"],
            "td" | "th" => &["td", "th", "p"],
            "tr" => &["td", "th", "tr", "p"],
            "dt" | "dd" => &["dt", "dd", "p"],
            "option" => &["option"],
            _ if P_CLOSERS.contains(&name) => &["p"],
            _ => return,
        };
        while let Some(top) = self.stack.last() {
            if !closes.contains(&top.name.as_str()) {
                break;
            }
            self.flush(flow, doc);
            self.stack.pop();
        }
    }

    fn end_tag(&mut self, tag: &Tag, flow: &mut SegmentBuilder, doc: &mut Document) {
        let name = tag.name.as_str();
        if is_boundary(name) {
            self.flush(flow, doc);
        }
        if let Some(index) = self.stack.iter().rposition(|o| o.name == name) {
            self.stack.truncate(index);
        }
        match name {
            "tr" | "table" => self.row = None,
            "a" => flow.end_anchor(),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------- text

/// Pushes the text `r` of `text` to `b`: verbatim runs as source, entities
/// decoded (when `decode`), and blanked template spans as opaque.
pub(super) fn push_prose(
    b: &mut SegmentBuilder,
    text: &str,
    r: Range<usize>,
    at: &Place<'_>,
    decode: bool,
) {
    // The opaque spans that meet `r`, in `text` coordinates.
    let lo = r.start + at.offset;
    let hi = r.end + at.offset;
    let first = at.opaque.partition_point(|o| o.end <= lo);
    let mut i = r.start;
    for o in at.opaque[first..].iter().take_while(|o| o.start < hi) {
        let o_start = o.start.max(lo) - at.offset;
        let o_end = o.end.min(hi) - at.offset;
        push_run(b, text, i..o_start, at, decode);
        b.push_opaque(at.span(&(o_start..o_end)));
        i = o_end;
    }
    push_run(b, text, i..r.end, at, decode);
}

fn push_run(b: &mut SegmentBuilder, text: &str, r: Range<usize>, at: &Place<'_>, decode: bool) {
    let mut i = r.start;
    let mut verbatim = r.start;
    while decode && i < r.end {
        let Some(n) = text[i..r.end].find('&') else {
            break;
        };
        let amp = i + n;
        match entity(&text[amp..r.end]) {
            Some((decoded, len)) => {
                b.push_source(&text[verbatim..amp], at.base + at.offset + verbatim);
                let mut buf = [0; 4];
                b.push_decoded(decoded.encode_utf8(&mut buf), at.span(&(amp..amp + len)));
                i = amp + len;
                verbatim = i;
            }
            None => i = amp + 1,
        }
    }
    if verbatim < r.end {
        b.push_source(&text[verbatim..r.end], at.base + at.offset + verbatim);
    }
}

/// Named character references common in marketing copy. Unknown names stay
/// as written (verbatim), which is what a reader of the source sees.
const ENTITIES: [(&str, char); 44] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("shy", '\u{ad}'),
    ("rsquo", '\u{2019}'),
    ("lsquo", '\u{2018}'),
    ("rdquo", '\u{201d}'),
    ("ldquo", '\u{201c}'),
    ("sbquo", '\u{201a}'),
    ("bdquo", '\u{201e}'),
    ("laquo", '\u{ab}'),
    ("raquo", '\u{bb}'),
    ("ndash", '\u{2013}'),
    ("mdash", '\u{2014}'),
    ("hellip", '\u{2026}'),
    ("bull", '\u{2022}'),
    ("middot", '\u{b7}'),
    ("copy", '\u{a9}'),
    ("reg", '\u{ae}'),
    ("trade", '\u{2122}'),
    ("euro", '\u{20ac}'),
    ("pound", '\u{a3}'),
    ("yen", '\u{a5}'),
    ("cent", '\u{a2}'),
    ("deg", '\u{b0}'),
    ("times", '\u{d7}'),
    ("divide", '\u{f7}'),
    ("plusmn", '\u{b1}'),
    ("frac12", '\u{bd}'),
    ("frac14", '\u{bc}'),
    ("percnt", '%'),
    ("check", '\u{2713}'),
    ("rarr", '\u{2192}'),
    ("larr", '\u{2190}'),
    ("eacute", '\u{e9}'),
    ("egrave", '\u{e8}'),
    ("uuml", '\u{fc}'),
    ("ouml", '\u{f6}'),
];

/// Decodes the character reference at the start of `s` (which starts with
/// `&`): the character and the reference's length in bytes.
fn entity(s: &str) -> Option<(char, usize)> {
    let body = s.get(1..)?;
    let semi = body.bytes().take(33).position(|b| b == b';')?;
    let name = &body[..semi];
    let len = semi + 2;
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()?
            }
            Some(_) => return None,
            None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => {
                num.parse().ok()?
            }
            None => return None,
        };
        let ch = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        return Some((ch, len));
    }
    ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, ch)| (ch, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> Document {
        extract(src, 0, &[])
    }

    fn texts(src: &str) -> Vec<String> {
        crate::extract::testing::texts(doc(src))
    }

    fn kinds(src: &str) -> Vec<(String, SegmentKind, Option<u32>)> {
        crate::extract::testing::kinds(doc(src))
    }

    fn span_of(src: &str, phrase: &str) -> String {
        crate::extract::testing::span_of(doc(src), src, phrase)
    }

    #[test]
    fn inline_elements_keep_a_phrase_and_its_span() {
        let src = "<p>We offer <b>expedited</b> shipping.</p>";
        assert_eq!(texts(src), ["We offer expedited shipping."]);
        assert_eq!(span_of(src, "expedited shipping"), "expedited</b> shipping");
        let src = "<p><a href=\"/x\">fast <em>ship</em></a>ping</p>";
        assert_eq!(texts(src), ["fast shipping"]);
    }

    #[test]
    fn block_elements_end_segments() {
        let src = "<div>expedited</div><div>shipping</div><p>a<br>b</p><ul><li>one<li>two</ul>";
        assert_eq!(
            texts(src),
            ["expedited", "shipping", "a", "b", "one", "two"]
        );
        let src = "<h1>Fast</h1><button>Buy now</button><nav>Home</nav>";
        assert_eq!(texts(src), ["Fast", "Buy now", "Home"]);
    }

    #[test]
    fn kinds_and_rows() {
        let src = "<h2>Plans</h2><ul><li><p>item</p></li></ul><table><tr><th>a</th><th>b</th></tr><tr><td>c<td>d</table><p>after</p>";
        assert_eq!(
            kinds(src),
            [
                ("Plans".into(), SegmentKind::Heading, None),
                ("item".into(), SegmentKind::ListItem, None),
                ("a".into(), SegmentKind::TableCell, Some(0)),
                ("b".into(), SegmentKind::TableCell, Some(0)),
                ("c".into(), SegmentKind::TableCell, Some(1)),
                ("d".into(), SegmentKind::TableCell, Some(1)),
                ("after".into(), SegmentKind::Paragraph, None),
            ]
        );
    }

    #[test]
    fn non_prose_elements_are_skipped() {
        let src = "<p>a</p><script>var s = '<p>fast shipping</p>';</script><style>p{}</style>\
                   <noscript>fast</noscript><template><p>fast</p></template><pre>fast</pre>\
                   <!-- fast shipping --><svg><text>fast</text></svg><div hidden><p>fast</p></div><p>b</p>";
        assert_eq!(texts(src), ["a", "b"]);
    }

    #[test]
    fn inline_code_is_opaque() {
        let src = "<p>fast <code>x</code> shipping</p>";
        assert_eq!(texts(src), ["fast \u{fffc} shipping"]);
    }

    #[test]
    fn attributes_and_metas_are_prose() {
        let src = "<html><head><title>Fast &amp; free</title>\
                   <meta name=\"description\" content=\"Expedited shipping\">\
                   <meta property=\"og:description\" content=\"Full refund\">\
                   <meta name=\"twitter:description\" content='Unlimited'>\
                   <meta name=\"keywords\" content=\"not prose\"></head>\
                   <body><img src=x.png alt=\"Free returns\"><a href=/ title=\"Go fast\">Home</a>\
                   <input type=submit value=\"Order now\"><span hidden title=\"secret\"></span></body></html>";
        assert_eq!(
            texts(src),
            [
                "Fast & free",
                "Expedited shipping",
                "Full refund",
                "Unlimited",
                "Free returns",
                "Go fast",
                "\u{fffc}Home",
                "Order now"
            ]
        );
        let d = doc(src);
        assert_eq!(d.segments[0].kind, SegmentKind::Heading);
        assert_eq!(d.segments[1].kind, SegmentKind::Attribute);
        assert_eq!(span_of(src, "Full refund"), "Full refund");
    }

    #[test]
    fn links_with_href_are_anchors() {
        let d = doc("<p>see <a href=\"/terms\">terms</a></p><p>and <a>this</a></p>");
        let all = |s: &super::super::Segment| s.has_anchor_in(0..s.text.len());
        assert!(all(&d.segments[0]));
        assert!(!all(&d.segments[1]));
    }

    #[test]
    fn entities_decode_and_span_their_bytes() {
        let src = "<p>We&rsquo;ll ship &amp; refund&#8217;s &#x2019; fast&nbsp;shipping &bogus; &#xZZ;</p>";
        assert_eq!(
            texts(src),
            ["We\u{2019}ll ship & refund\u{2019}s \u{2019} fast shipping &bogus; &#xZZ;"]
        );
        assert_eq!(span_of(src, "\u{2019}ll"), "&rsquo;ll");
        assert_eq!(span_of(src, "fast shipping"), "fast&nbsp;shipping");
        assert_eq!(span_of(src, "&"), "&amp;");
    }

    #[test]
    fn template_markup_is_opaque() {
        let src = "<title>{% block t %}{% endblock %}</title><p>{{ a }} {{ b }}</p><p>fast {{ x }} shipping</p>";
        let blanked = super::super::blank::templates(src);
        let d = extract(&blanked.text, 0, &blanked.opaque);
        assert_eq!(d.segments[0].text, "fast \u{fffc} shipping");
    }

    #[test]
    fn malformed_html_does_not_panic() {
        for src in [
            "<",
            "<<<<",
            "</",
            "<a",
            "<a href=\"",
            "<a href='x",
            "<p>unclosed <b>bold <i>both</p> after",
            "</div></div>text",
            "<div><span></div></span>x",
            "&",
            "&#",
            "&#x;",
            "&#99999999999;",
            "<!--",
            "<!doctype",
            "<script>never closed",
            "<title>t",
            "<p a=b c d=\"e\" / >x",
            "<é>x</é>",
            "text <3 you",
        ] {
            let _ = texts(src);
        }
        assert_eq!(texts("a < b and c <3 d"), ["a < b and c <3 d"]);
        assert_eq!(texts("<b>x"), ["x"]);
    }

    #[test]
    fn pathological_inputs_stay_linear() {
        let many_lt = "<".repeat(200_000);
        assert_eq!(texts(&many_lt).len(), 1);
        let nested = "<div><span>".repeat(20_000) + &"</i>".repeat(20_000) + "x";
        let _ = texts(&nested);
        let big_attr = format!("<img alt=\"{}\">", "fast ".repeat(100_000));
        assert_eq!(texts(&big_attr).len(), 1);
        let amps = "&".repeat(100_000) + &"&a".repeat(50_000);
        let _ = texts(&amps);
        let starts = "<a".repeat(100_000);
        let _ = texts(&starts);
    }
}
