//! AsciiDoc to segments, with exact byte spans.
//!
//! Prose: paragraphs, the document and section titles, block titles
//! (`.Title`), list items (`*`, `-`, `.`, `1.`, checklists), description
//! list terms and definitions, `|===` table cells (one row id per row),
//! admonition paragraphs (`NOTE: …`) and the content of example, sidebar,
//! quote and open blocks (admonition blocks `[NOTE]` with `====` included),
//! and a block image's alt text. Not prose: the header's author and
//! revision lines, attribute entries (`:name: value`), block attribute lines
//! (`[source,python]`), comments (`//` lines and `////` blocks), listing
//! (`----`), literal (`....`, indented paragraphs), passthrough (`++++`) and
//! fenced blocks, any block styled `source`, `listing`, `literal`, `pass`,
//! `stem` or `comment`, CSV and DSV tables, and other block macros.
//! Inline: `*bold*`, `_italic_`, `#mark#` (and their doubled forms) keep a
//! phrase together; `` `mono` ``, `+passthrough+`, `{attribute}`
//! references, bare URLs, inline macros and `<<ref>>` without text are
//! opaque; `link:url[text]`, `https://x[text]`, `xref:id[text]` and
//! `<<id,text>>` read as their text, an anchor like a Markdown link.
//!
//! The maintained AsciiDoc parsers for Rust (`asciidoc-parser`, pre-1.0)
//! give spans of blocks but not a map from rendered inline text back to
//! source bytes, so this is a small forward-only line scanner, as the HTML
//! tokenizer and `rst.rs` are: linear (nesting capped at `MAX_DEPTH`) and
//! panic-free.

use super::{Document, SegmentBuilder, SegmentKind};
use crate::span::Span;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

const MAX_DEPTH: usize = 32;

/// Block styles whose content is not prose.
const SKIP_STYLES: [&str; 9] = [
    "source",
    "listing",
    "literal",
    "pass",
    "stem",
    "latexmath",
    "asciimath",
    "comment",
    "verse-code",
];

const ADMONITIONS: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// Inline macros whose target and content are not prose.
const OPAQUE_MACROS: [&str; 10] = [
    "image",
    "kbd",
    "btn",
    "menu",
    "footnote",
    "pass",
    "stem",
    "icon",
    "anchor",
    "indexterm",
];

#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    at: usize,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn end(&self) -> usize {
        self.at + self.text.len()
    }
}

pub(super) fn extract(body: &str, base: usize) -> Document {
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in crate::span::lines_inclusive(body) {
        let text = raw.trim_end_matches(['\n', '\r']);
        lines.push(Line { text, at: offset });
        offset += raw.len();
    }
    let mut adoc = Adoc {
        src: body,
        base,
        doc: Document::default(),
        next_row: 0,
    };
    adoc.blocks(&lines, SegmentKind::Paragraph, 0);
    adoc.doc
}

struct Adoc<'a> {
    src: &'a str,
    base: usize,
    doc: Document,
    next_row: u32,
}

/// A delimiter line of a delimited block: the line itself, trimmed.
fn delimiter(text: &str) -> Option<&str> {
    let t = text.trim_end();
    if t == "--" {
        return Some(t);
    }
    for table in ["|===", ",===", ":===", "!==="] {
        if t.starts_with(table) && t[4..].bytes().all(|b| b == b'=') {
            return Some(t);
        }
    }
    let c = t.bytes().next()?;
    let min = if c == b'`' { 3 } else { 4 };
    let run = t.bytes().take_while(|&b| b == c).count();
    if c == b'`' && run >= 3 {
        // A fence may name its language: ```ruby
        return Some(&t[..run]);
    }
    (matches!(c, b'-' | b'.' | b'+' | b'_' | b'=' | b'*' | b'/') && run >= min && run == t.len())
        .then_some(t)
}

/// `:name: value` attribute entries (and `:!name:`, `:name!:`).
fn is_attribute_entry(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(':') else {
        return false;
    };
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || b"_-!".contains(b))
        .count();
    name_len > 0
        && rest[name_len..].starts_with(':')
        && rest[name_len + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
}

/// The level and text start of a section title (`== Title`, `## Title`).
fn section_title(text: &str) -> Option<usize> {
    let c = text.bytes().next().filter(|&c| c == b'=' || c == b'#')?;
    let run = text.bytes().take_while(|&b| b == c).count();
    if run > 6 {
        return None;
    }
    let rest = &text[run..];
    let spaces = rest.len() - rest.trim_start().len();
    (spaces > 0 && !rest.trim().is_empty()).then_some(run + spaces)
}

/// The length of a list marker with its spaces (and a checklist box).
fn list_marker(text: &str) -> Option<usize> {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    let first = t.bytes().next()?;
    let marker = match first {
        b'*' | b'.' => t.bytes().take_while(|&b| b == first).count().min(6),
        b'-' => 1,
        _ => {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            let letters = t.bytes().take_while(u8::is_ascii_alphabetic).count();
            let n = if digits > 0 { digits } else { letters.min(1) };
            if n == 0 || t.as_bytes().get(n) != Some(&b'.') {
                return None;
            }
            n + 1
        }
    };
    let rest = &t[marker..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if spaces == 0 || rest.trim().is_empty() {
        return None;
    }
    let mut n = lead + marker + spaces;
    for boxed in ["[ ] ", "[x] ", "[X] ", "[*] "] {
        if text[n..].starts_with(boxed) {
            n += boxed.len();
        }
    }
    Some(n)
}

/// Where a description list's term ends and its definition starts.
fn description(text: &str) -> Option<(usize, usize)> {
    for sep in ["::::", ":::", "::", ";;"] {
        if let Some(at) = text.find(sep) {
            let after = &text[at + sep.len()..];
            if at > 0 && after.chars().next().is_none_or(char::is_whitespace) {
                let start = at + sep.len() + (after.len() - after.trim_start().len());
                return Some((at, start));
            }
        }
    }
    None
}

/// A block macro line: `name::target[attrs]`.
fn block_macro(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_end();
    let at = t.find("::")?;
    let name = &t[..at];
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    let rest = &t[at + 2..];
    let open = rest.find('[')?;
    (t.ends_with(']') && !rest[..open].contains(char::is_whitespace))
        .then(|| (name, &rest[open + 1..rest.len() - 1]))
}

/// The style of a block attribute line (`[source,ruby]` → `source`,
/// `[NOTE]` → `note`, `[#id.role]` → ``).
fn style_of(attrs: &str) -> String {
    let first = attrs.split(',').next().unwrap_or("");
    let style = first.split(['#', '.', '%']).next().unwrap_or("");
    if style.contains('=') {
        return String::new();
    }
    style.trim().trim_matches('"').to_ascii_lowercase()
}

/// The number of columns a table's attributes give (`cols="1,2"`,
/// `cols="3*"`).
fn cols_of(attrs: &str) -> Option<usize> {
    let at = attrs.find("cols=")?;
    let rest = attrs[at + 5..].trim_start_matches(['"', '\'']);
    let value = rest.split(['"', '\'']).next().unwrap_or("");
    if let Some((n, _)) = value.split_once('*') {
        return n.trim().parse().ok().filter(|&n| n > 0);
    }
    Some(value.split(',').count()).filter(|&n| n > 0)
}

impl Adoc<'_> {
    fn push(&mut self, b: &mut SegmentBuilder, kind: SegmentKind, row: Option<u32>) {
        self.doc.segments.extend(b.finish(kind, row));
    }

    fn blocks(&mut self, lines: &[Line<'_>], kind: SegmentKind, depth: usize) {
        let len = lines.len();
        let mut i = 0;
        // The last block attribute line: applies to the next block.
        let mut attrs: Option<&str> = None;
        let mut in_header = depth == 0;
        while i < len {
            let l = lines[i];
            let t = l.text;
            if l.blank() {
                in_header = false;
                i += 1;
                continue;
            }
            if t.starts_with("//") && delimiter(t).is_none() {
                i += 1;
                continue;
            }
            if is_attribute_entry(t) {
                i += 1;
                continue;
            }
            if let Some(delim) = delimiter(t) {
                let close = (i + 1..len).find(|&j| lines[j].text.trim_end() == delim);
                let end = close.unwrap_or(len);
                let inner = &lines[i + 1..end];
                let style = attrs.take().map(style_of).unwrap_or_default();
                let skip = SKIP_STYLES.contains(&style.as_str());
                match delim.as_bytes()[0] {
                    b'|' | b'!' if !skip => self.table(inner, &delim[..1], attrs_cols(lines, i)),
                    b'_' | b'=' | b'*' if !skip && depth < MAX_DEPTH => {
                        self.blocks(inner, kind, depth + 1);
                    }
                    b'-' if delim == "--" && !skip && depth < MAX_DEPTH => {
                        self.blocks(inner, kind, depth + 1);
                    }
                    _ => {}
                }
                i = close.map_or(len, |c| c + 1);
                continue;
            }
            let trimmed = t.trim_end();
            if trimmed.starts_with('[') && trimmed.ends_with(']') {
                attrs = Some(&trimmed[1..trimmed.len() - 1]);
                i += 1;
                continue;
            }
            if trimmed == "+" || trimmed == "'''" || trimmed == "<<<" {
                i += 1;
                continue;
            }
            if let Some(n) = section_title(t) {
                let mut end = l.end() - (t.len() - trimmed.len());
                let text = &self.src[l.at + n..end];
                // Symmetric closing markers: `== Title ==`.
                let closing = text.trim_end_matches(['=', '#']);
                if closing.len() < text.len() && closing.ends_with(' ') {
                    end = l.at + n + closing.trim_end().len();
                }
                self.line(l.at + n..end, SegmentKind::Heading);
                attrs = None;
                in_header = in_header && t.starts_with("= ");
                i += 1;
                if in_header {
                    // The author and revision lines: not prose.
                    while i < len && !lines[i].blank() {
                        i += 1;
                    }
                }
                continue;
            }
            in_header = false;
            if t.starts_with('.') && t[1..].starts_with(|c: char| !c.is_whitespace() && c != '.') {
                self.line(l.at + 1..l.at + trimmed.len(), SegmentKind::Heading);
                i += 1;
                continue;
            }
            if let Some((name, inner)) = block_macro(t) {
                if name == "image" {
                    let alt = inner.split(',').next().unwrap_or("");
                    if !alt.contains('=') && !alt.trim().is_empty() {
                        let at = self.offset_of(alt);
                        self.line(at..at + alt.len(), SegmentKind::ImageAlt);
                    }
                }
                attrs = None;
                i += 1;
                continue;
            }
            let style = attrs.take().map(style_of).unwrap_or_default();
            let para_end = |from: usize| {
                (from..len)
                    .find(|&j| {
                        lines[j].blank()
                            || delimiter(lines[j].text).is_some()
                            || lines[j].text.trim_end() == "+"
                            || list_marker(lines[j].text).is_some()
                            || lines[j].text.starts_with('[')
                    })
                    .unwrap_or(len)
            };
            if t.starts_with([' ', '\t']) && list_marker(t).is_none() {
                // A literal paragraph.
                i = (i..len).find(|&j| lines[j].blank()).unwrap_or(len);
                continue;
            }
            let end = para_end(i + 1);
            if SKIP_STYLES.contains(&style.as_str()) {
                i = end;
                continue;
            }
            if let Some(n) = list_marker(t) {
                self.paragraph_from(&lines[i..end], n, SegmentKind::ListItem);
                i = end;
                continue;
            }
            if let Some((term_end, def_start)) = description(t) {
                if block_macro(t).is_none() {
                    self.line(l.at..l.at + term_end, SegmentKind::ListItem);
                    self.paragraph_from(&lines[i..end], def_start, SegmentKind::ListItem);
                    i = end;
                    continue;
                }
            }
            let mut para = lines[i..end].to_vec();
            if let Some(label) = ADMONITIONS
                .iter()
                .find(|a| t.starts_with(**a) && t[a.len()..].starts_with(": "))
            {
                let cut = label.len() + 2;
                para[0] = Line {
                    text: &t[cut..],
                    at: l.at + cut,
                };
            }
            self.paragraph(&para, kind);
            i = end;
        }
    }

    /// The offset in the body of `part`, a slice of it.
    fn offset_of(&self, part: &str) -> usize {
        part.as_ptr() as usize - self.src.as_ptr() as usize
    }

    fn line(&mut self, range: Range<usize>, kind: SegmentKind) {
        let mut b = SegmentBuilder::new();
        self.inline(&mut b, range);
        self.push(&mut b, kind, None);
    }

    /// The lines of a paragraph as one segment; comment lines inside are
    /// left out and a hard break (` +` at a line's end) is a space.
    /// `lines` as one paragraph whose first line starts `skip` bytes in
    /// (after a list marker or a description's term).
    fn paragraph_from(&mut self, lines: &[Line<'_>], skip: usize, kind: SegmentKind) {
        let first = Line {
            text: &lines[0].text[skip..],
            at: lines[0].at + skip,
        };
        let mut rest = vec![first];
        rest.extend_from_slice(&lines[1..]);
        self.paragraph(&rest, kind);
    }

    fn paragraph(&mut self, lines: &[Line<'_>], kind: SegmentKind) {
        let mut b = SegmentBuilder::new();
        let mut run: Option<Range<usize>> = None;
        for l in lines {
            if l.text.starts_with("//") {
                continue;
            }
            let trimmed = l.text.trim_end();
            let end = match trimmed.strip_suffix(" +") {
                Some(kept) => l.at + kept.len(),
                None => l.end(),
            };
            run = match run {
                Some(r) if self.src[r.end..l.at].trim().is_empty() => Some(r.start..end),
                Some(r) => {
                    self.inline(&mut b, r);
                    b.restart_space(Span::new(self.base + l.at, self.base + l.at));
                    Some(l.at..end)
                }
                None => {
                    // After a hard break: the space stands at this line's
                    // start, not for the ` +` before it.
                    b.restart_space(Span::new(self.base + l.at, self.base + l.at));
                    Some(l.at..end)
                }
            };
            if end < l.end() {
                // A hard break: what follows starts a new run.
                if let Some(r) = run.take() {
                    self.inline(&mut b, r);
                }
                b.restart_space(Span::new(self.base + end, self.base + end));
            }
        }
        if let Some(r) = run {
            self.inline(&mut b, r);
        }
        self.push(&mut b, kind, None);
    }

    /// A table's cells: each `|` (after an optional cell spec such as `2+`
    /// or `a`) starts a cell; rows hold `cols` cells, or as many as the
    /// first line has.
    fn table(&mut self, lines: &[Line<'_>], sep: &str, cols: Option<usize>) {
        let sep = sep.as_bytes()[0];
        let mut cells: Vec<(SegmentBuilder, Option<u32>)> = Vec::new();
        let mut count = 0usize;
        let mut ncols = cols;
        let mut row = None;
        let mut first_line_cells = 0;
        for (k, l) in lines.iter().enumerate() {
            let bytes = l.text.as_bytes();
            let pipes: Vec<usize> = (0..bytes.len())
                .filter(|&j| bytes[j] == sep && (j == 0 || bytes[j - 1] != b'\\'))
                .collect();
            if k == 0 || (ncols.is_none() && first_line_cells == 0) {
                first_line_cells = pipes.len();
            }
            // Text before the first `|` continues the last cell.
            let head_end = pipes
                .first()
                .map_or(bytes.len(), |&p| spec_start(l.text, p));
            if let Some((cell, _)) = cells.last_mut() {
                if head_end > 0 && !l.text[..head_end].trim().is_empty() {
                    cell.restart_space(Span::new(self.base + l.at, self.base + l.at));
                    self.inline(cell, l.at..l.at + head_end);
                }
            }
            for (n, &p) in pipes.iter().enumerate() {
                let cell_end = pipes
                    .get(n + 1)
                    .map_or(bytes.len(), |&q| spec_start(l.text, q));
                let width = ncols.unwrap_or(first_line_cells).max(1);
                if count % width == 0 {
                    row = Some(self.next_row);
                    self.next_row += 1;
                }
                count += 1;
                let mut b = SegmentBuilder::new();
                self.inline(&mut b, l.at + p + 1..l.at + cell_end.max(p + 1));
                cells.push((b, row));
            }
            if ncols.is_none() && k == 0 && first_line_cells > 0 {
                ncols = Some(first_line_cells);
            }
        }
        for (mut b, row) in cells {
            self.push(&mut b, SegmentKind::TableCell, row);
        }
    }

    // ------------------------------------------------------------ inline

    fn inline(&self, b: &mut SegmentBuilder, range: Range<usize>) {
        let s = &self.src[range.clone()];
        let at = self.base + range.start;
        let bytes = s.as_bytes();
        let mut i = 0;
        let mut from = 0;
        // Closing markers of open formatting pairs, nearest first.
        let mut closers: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
        // Delimiters with no closer left: never searched again (linear).
        let mut exhausted = [false; 14];
        // Per formatting kind, the end of the pair open now: the same kind
        // does not nest, so no opener is looked for before it.
        let mut open_until = [0usize; 6];
        // The end of the text pushed last: markup dropped after it must not
        // stand behind a space (`across\n** x**`).
        let mut last = 0;
        let mut flush = |b: &mut SegmentBuilder, from: usize, to: usize| {
            if to > from {
                emit(b, s, at, from..to, last);
                last = to;
            }
        };
        let opaque = |b: &mut SegmentBuilder, r: Range<usize>| {
            b.push_opaque(Span::new(at + r.start, at + r.end));
        };
        while i < bytes.len() {
            if let Some(Reverse((start, end))) = closers.peek().copied() {
                if start < i {
                    closers.pop();
                    continue;
                }
                if start == i {
                    closers.pop();
                    flush(b, from, i);
                    from = end;
                    i = end;
                    continue;
                }
            }
            let c = bytes[i];
            match c {
                b'\\' => {
                    let next = s[i + 1..].chars().next();
                    if next.is_some_and(|n| "*_#`+{<[^~\\".contains(n)) {
                        flush(b, from, i);
                        from = i + 1;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                b'*' | b'_' | b'#' => {
                    let k = match c {
                        b'*' => 0,
                        b'_' => 1,
                        _ => 2,
                    };
                    let double = bytes.get(i + 1) == Some(&c);
                    let n = if double { 2 } else { 1 };
                    let slot = k * 2 + n - 1;
                    let opens = s[i + n..].starts_with(|x: char| !x.is_whitespace());
                    if exhausted[slot]
                        || i < open_until[slot]
                        || !opens
                        || (!double && !boundary_before(s, i))
                    {
                        i += n;
                        continue;
                    }
                    let delim = &s[i..i + n];
                    match find_close(s, i + n, delim, double) {
                        Some(close) => {
                            flush(b, from, i);
                            open_until[slot] = close + n;
                            closers.push(Reverse((close, close + n)));
                            from = i + n;
                            i += n;
                        }
                        None => {
                            exhausted[slot] = true;
                            i += n;
                        }
                    }
                }
                b'`' if !exhausted[6] => match s[i + 1..].find('`') {
                    Some(n) if n > 0 => {
                        flush(b, from, i);
                        let end = i + 1 + n + 1;
                        opaque(b, i..end);
                        from = end;
                        i = end;
                    }
                    Some(_) => i += 2,
                    None => {
                        exhausted[6] = true;
                        i += 1;
                    }
                },
                b'+' if boundary_before(s, i) => {
                    let n = bytes[i..]
                        .iter()
                        .take(3)
                        .take_while(|&&x| x == b'+')
                        .count();
                    if exhausted[10 + n] {
                        i += n;
                        continue;
                    }
                    let delim = &s[i..i + n];
                    match s[i + n..].find(delim) {
                        Some(m) if m > 0 => {
                            flush(b, from, i);
                            let end = i + n + m + n;
                            opaque(b, i..end);
                            from = end;
                            i = end;
                        }
                        Some(_) => i += n,
                        None => {
                            exhausted[10 + n] = true;
                            i += n;
                        }
                    }
                }
                b'{' => {
                    let name = s[i + 1..]
                        .bytes()
                        .take(64)
                        .take_while(|x| x.is_ascii_alphanumeric() || *x == b'-' || *x == b'_')
                        .count();
                    if name > 0 && bytes.get(i + 1 + name) == Some(&b'}') {
                        flush(b, from, i);
                        let end = i + name + 2;
                        opaque(b, i..end);
                        from = end;
                        i = end;
                    } else {
                        i += 1;
                    }
                }
                b'<' if !exhausted[8] && s[i..].starts_with("<<") => match s[i + 2..].find(">>") {
                    Some(n) => {
                        flush(b, from, i);
                        let inner = i + 2..i + 2 + n;
                        let end = inner.end + 2;
                        match s[inner.clone()].find(',') {
                            Some(comma) => {
                                let text = &s[inner.start + comma + 1..inner.end];
                                let lead = text.len() - text.trim_start().len();
                                self.anchor(b, s, inner.start + comma + 1 + lead..inner.end, at);
                            }
                            None => opaque(b, i..end),
                        }
                        from = end;
                        i = end;
                    }
                    None => {
                        exhausted[8] = true;
                        i += 2;
                    }
                },
                b'[' if !exhausted[9] && s[i..].starts_with("[[") => match s[i + 2..].find("]]") {
                    Some(n) => {
                        flush(b, from, i);
                        let end = i + 2 + n + 2;
                        opaque(b, i..end);
                        from = end;
                        i = end;
                    }
                    None => {
                        exhausted[9] = true;
                        i += 2;
                    }
                },
                b':' if i > 0 && bytes[i - 1].is_ascii_alphanumeric() => {
                    // A URL or an inline macro: `name:target[text]`.
                    let name_start = s[..i]
                        .bytes()
                        .rev()
                        .take_while(|x| x.is_ascii_alphanumeric() || *x == b'-' || *x == b'_')
                        .count();
                    let name_at = i - name_start;
                    let name = &s[name_at..i];
                    if name_at < from || !boundary_before(s, name_at) {
                        i += 1;
                        continue;
                    }
                    let url = matches!(name, "http" | "https" | "ftp" | "irc" | "mailto")
                        || name == "link"
                        || name == "xref";
                    let target_len = s[i + 1..]
                        .bytes()
                        .take_while(|x| !x.is_ascii_whitespace() && *x != b'[')
                        .count();
                    let after = i + 1 + target_len;
                    let bracket = bytes.get(after) == Some(&b'[');
                    let close = (bracket && !exhausted[10])
                        .then(|| s[after + 1..].find(']').map(|n| after + 1 + n))
                        .flatten();
                    if bracket && close.is_none() {
                        exhausted[10] = true;
                    }
                    if url || OPAQUE_MACROS.contains(&name) {
                        if url && target_len == 0 {
                            i += 1;
                            continue;
                        }
                        flush(b, from, name_at);
                        let end = close.map_or(after, |c| c + 1);
                        match close {
                            Some(c) if url && !s[after + 1..c].trim().is_empty() => {
                                // Only the text before any attributes.
                                let text_end = s[after + 1..c]
                                    .find(',')
                                    .filter(|_| s[after + 1..c].contains('='))
                                    .map_or(c, |n| after + 1 + n);
                                self.anchor(b, s, after + 1..text_end, at);
                            }
                            _ => opaque(b, name_at..end),
                        }
                        from = end;
                        i = end;
                    } else {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
        flush(b, from, bytes.len());
    }

    /// Pushes `range` of `s` as a link's text (its formatting marks read
    /// as written).
    fn anchor(&self, b: &mut SegmentBuilder, s: &str, range: Range<usize>, at: usize) {
        let text = &s[range.clone()];
        if text.trim().is_empty() {
            b.push_opaque(Span::new(at + range.start, at + range.end));
            return;
        }
        b.write_pending_space();
        b.push_anchor();
        b.push_source(text, at + range.start);
        b.end_anchor();
    }
}

/// The column count from the block attribute line just above line `i`.
fn attrs_cols(lines: &[Line<'_>], i: usize) -> Option<usize> {
    let above = lines.get(i.checked_sub(1)?)?.text.trim_end();
    (above.starts_with('[') && above.ends_with(']'))
        .then(|| cols_of(above))
        .flatten()
}

/// Where the cell spec before the `|` at `pipe` starts (`2+|`, `a|`,
/// `.2+^.^|`): the pipe itself when there is none.
fn spec_start(text: &str, pipe: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = pipe;
    while j > 0 && b"0123456789.+*^<>adehlmsv".contains(&bytes[j - 1]) {
        j -= 1;
    }
    if j < pipe && (j == 0 || bytes[j - 1].is_ascii_whitespace()) {
        j
    } else {
        pipe
    }
}

/// Pushes `range` of `s` (at file offset `at`): when markup was dropped
/// since `last` and the range opens with blanks, the space stands for those
/// blanks alone, never for the markup before them.
fn emit(b: &mut SegmentBuilder, s: &str, at: usize, range: Range<usize>, last: usize) {
    let chunk = &s[range.clone()];
    let dropped = s
        .get(last..range.start)
        .is_some_and(|g| !g.trim().is_empty());
    let blanks = chunk.len() - chunk.trim_start().len();
    if dropped && blanks > 0 {
        let start = at + range.start;
        b.restart_space(Span::new(start, start + blanks));
        b.push_source(&chunk[blanks..], start + blanks);
    } else {
        b.push_source(chunk, at + range.start);
    }
}

/// True when constrained formatting may open at `i`: at the start or after
/// a character that is not a letter, digit or underscore.
fn boundary_before(s: &str, i: usize) -> bool {
    s[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
}

/// The closing `delim` of formatting opened before `from`: constrained
/// ones after a non-space and before a non-word character.
fn find_close(s: &str, from: usize, delim: &str, unconstrained: bool) -> Option<usize> {
    if s[from..].starts_with(char::is_whitespace) {
        return None;
    }
    let mut at = from;
    while let Some(n) = s.get(at..)?.find(delim) {
        let close = at + n;
        let before_ok = close > from && !s[..close].ends_with(char::is_whitespace);
        let after = s[close + delim.len()..].chars().next();
        let after_ok = unconstrained || after.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        if before_ok && after_ok {
            return Some(close);
        }
        at = close + delim.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> Document {
        extract(src, 0)
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
    fn header_titles_and_paragraphs() {
        let src = "= Pricing\nJo Doe <jo@x.test>\n:toc: left\n:fast: shipping\n\n== Plans ==\n\n.Table title\nIntro text\nwraps here. +\nAfter break.\n\n// a comment: fast shipping\n'''\n";
        assert_eq!(
            kinds(src),
            [
                ("Pricing".into(), SegmentKind::Heading, None),
                ("Plans".into(), SegmentKind::Heading, None),
                ("Table title".into(), SegmentKind::Heading, None),
                (
                    "Intro text wraps here. After break.".into(),
                    SegmentKind::Paragraph,
                    None
                ),
            ]
        );
    }

    #[test]
    fn inline_markup_keeps_exact_spans_and_links_are_anchors() {
        let src = "We offer *expedited*\nshipping, _free_ link:/terms[returns] and https://x.test[terms], <<faq,the FAQ>>, `code` {attr} <<ref>> https://bare.test __un__constrained.\n";
        assert_eq!(
            texts(src),
            ["We offer expedited shipping, free returns and terms, the FAQ, \u{fffc} \u{fffc} \u{fffc} \u{fffc} unconstrained."]
        );
        assert_eq!(span_of(src, "expedited shipping"), "expedited*\nshipping");
        let d = doc(src);
        let seg = &d.segments[0];
        let anchors: Vec<&str> = seg.anchors_in(0..seg.text.len()).collect();
        assert_eq!(anchors, ["returns", "terms", "the FAQ"]);
        // A hard break's ` +` never stands behind a space.
        let src = "one +\n  two\n";
        let d = doc(src);
        let spaces: Vec<&str> = d.segments[0]
            .pieces()
            .filter(|p| p.text == " ")
            .map(|p| &src[p.source.range()])
            .collect();
        assert!(spaces.iter().all(|s| s.trim().is_empty()), "{spaces:?}");
        // Not formatting: a word's inner mark, a lone star.
        assert_eq!(
            texts("snake_case and 5 * 3 and a*b*c\n"),
            ["snake_case and 5 * 3 and a*b*c"]
        );
    }

    #[test]
    fn listing_literal_passthrough_comment_and_source_blocks_are_not_prose() {
        let src = "----\nfast shipping\n----\n\n....\nfast shipping\n....\n\n++++\n<p>fast shipping</p>\n++++\n\n////\nfast shipping\n////\n\n[source,ruby]\nfast_shipping = 1\n\n[source]\n--\nfast shipping\n--\n\n```\nfast shipping\n```\n\n  indented literal fast shipping\n\ninclude::fast-shipping.adoc[]\n\nAfter.\n";
        assert_eq!(texts(src), ["After."]);
    }

    #[test]
    fn admonitions_lists_and_compound_blocks_are_prose() {
        let src = "NOTE: Orders ship in 2 days.\n\n[WARNING]\n====\nReturns close in May.\n====\n\n* one\nwrapped\n** nested\n. first\n* [x] done\n\nTerm:: The definition.\n\n____\nA quote.\n____\n\nimage::box.png[A box on a porch, 200]\n";
        assert_eq!(
            kinds(src),
            [
                (
                    "Orders ship in 2 days.".into(),
                    SegmentKind::Paragraph,
                    None
                ),
                ("Returns close in May.".into(), SegmentKind::Paragraph, None),
                ("one wrapped".into(), SegmentKind::ListItem, None),
                ("nested".into(), SegmentKind::ListItem, None),
                ("first".into(), SegmentKind::ListItem, None),
                ("done".into(), SegmentKind::ListItem, None),
                ("Term".into(), SegmentKind::ListItem, None),
                ("The definition.".into(), SegmentKind::ListItem, None),
                ("A quote.".into(), SegmentKind::Paragraph, None),
                ("A box on a porch".into(), SegmentKind::ImageAlt, None),
            ]
        );
    }

    #[test]
    fn tables_give_cells_with_rows() {
        let src = "[cols=\"1,2\"]\n|===\n|Plan |Price\n\n|Basic\n|$5 a month,\nbilled yearly\n\n2+|Spans both\na|Pro |*Fast* support\n|===\n";
        assert_eq!(
            kinds(src),
            [
                ("Plan".into(), SegmentKind::TableCell, Some(0)),
                ("Price".into(), SegmentKind::TableCell, Some(0)),
                ("Basic".into(), SegmentKind::TableCell, Some(1)),
                (
                    "$5 a month, billled yearly".replace("ll", "l"),
                    SegmentKind::TableCell,
                    Some(1)
                ),
                ("Spans both".into(), SegmentKind::TableCell, Some(2)),
                ("Pro".into(), SegmentKind::TableCell, Some(2)),
                ("Fast support".into(), SegmentKind::TableCell, Some(3)),
            ]
        );
        assert_eq!(span_of(src, "month, billed"), "month,\nbilled");
    }

    #[test]
    fn malformed_input_does_not_panic_and_stays_linear() {
        for src in [
            "", "=", "==", "= ", "[", "[]", "|===", "|===\n|", "*", "**", "_", "`", "+", "++", "{",
            "{a", "<<", "<<a,", "[[", "link:", "link:x[", "https://", "a::", "::", ".", "..",
            "....", "----\nx", "NOTE:", "image::[", ":a:", "\\", "é*é*", "* ", "1.", "x +\n+",
        ] {
            let _ = texts(src);
        }
        let _ = texts(&"*a ".repeat(50_000));
        let _ = texts(&"**a ".repeat(50_000));
        let _ = texts(&"_a ".repeat(50_000));
        let _ = texts(&"`a ".repeat(50_000));
        let _ = texts(&"+a ".repeat(50_000));
        let _ = texts(&"<<a ".repeat(50_000));
        let _ = texts(&"[[a ".repeat(50_000));
        let _ = texts(&"====\n".repeat(20_000));
        let _ = texts(&"link:a[".repeat(20_000));
    }
}
