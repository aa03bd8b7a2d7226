//! reStructuredText to segments, with exact byte spans.
//!
//! Prose: paragraphs, section titles (their under- and overlines are not),
//! bullet, enumerated, definition and field list items, grid and simple
//! table cells (one row id per row), line blocks, footnotes, block quotes,
//! the bodies of admonitions and other directives, the titles of
//! `admonition`, `topic`, `sidebar`, `rubric` and `table`, and an image's
//! or figure's `:alt:`. Not prose: directive arguments and options, literal
//! blocks (after `::`, `code-block` and the other code directives),
//! doctest blocks, comments, hyperlink targets, substitution definitions.
//! Inline: `*emphasis*` and `**strong**` markers are dropped, ``` ``literal`` ```,
//! `|substitutions|`, footnote references and roles that name a target
//! (`:ref:`target``) stand as opaque placeholders; `` `text <url>`_ ``,
//! `` `text`_ `` and `` :ref:`text <target>` `` read as their text, an
//! anchor like a Markdown link.
//!
//! No maintained Rust parser of reStructuredText gives source positions
//! (`rst_parser` builds a `document_tree` without them), so this is a small
//! forward-only line scanner, as the HTML tokenizer is: linear (nesting is
//! capped at `MAX_DEPTH` levels, each a pass over its lines) and panic-free.

use super::{Document, SegmentBuilder, SegmentKind};
use crate::span::Span;
use std::ops::Range;

/// Deepest nesting (block quotes, list items, directive bodies) parsed as
/// blocks; deeper lines are read as plain paragraphs.
const MAX_DEPTH: usize = 32;

/// Directives whose content is not prose (code, math, markup of other
/// languages, generated content).
const SKIP_CONTENT: [&str; 27] = [
    "code",
    "code-block",
    "sourcecode",
    "literalinclude",
    "highlight",
    "math",
    "raw",
    "include",
    "toctree",
    "csv-table",
    "graphviz",
    "digraph",
    "graph",
    "uml",
    "mermaid",
    "plantuml",
    "productionlist",
    "doctest",
    "testcode",
    "testoutput",
    "testsetup",
    "ipython",
    "jupyter-execute",
    "code-cell",
    "program-output",
    "command-output",
    "parsed-literal",
];

/// Directives whose content starts on the directive's own line.
const CONTENT_ON_FIRST_LINE: [&str; 12] = [
    "note",
    "warning",
    "tip",
    "important",
    "caution",
    "attention",
    "danger",
    "error",
    "hint",
    "seealso",
    "todo",
    "epigraph",
];

/// Directives whose argument is a title a reader sees.
const TITLED: [&str; 6] = [
    "admonition",
    "topic",
    "sidebar",
    "rubric",
    "table",
    "list-table",
];

/// Roles whose content is text as written (not a target).
const TEXT_ROLES: [&str; 11] = [
    "emphasis",
    "strong",
    "title-reference",
    "title",
    "t",
    "sup",
    "sub",
    "superscript",
    "subscript",
    "abbr",
    "dfn",
];

/// One line of the body: its text without the line end, at `at` (an
/// offset into the body).
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    at: usize,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches([' ', '\t']).len()
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
    let mut rst = Rst {
        src: body,
        base,
        doc: Document::default(),
        next_row: 0,
    };
    rst.blocks(&lines, SegmentKind::Paragraph, 0);
    rst.doc
}

struct Rst<'a> {
    src: &'a str,
    base: usize,
    doc: Document,
    next_row: u32,
}

/// The lines with `n` bytes of indentation removed (blank lines kept as
/// empty lines at their place).
fn dedent<'a>(lines: &[Line<'a>], n: usize) -> Vec<Line<'a>> {
    lines
        .iter()
        .map(|l| {
            if l.blank() {
                Line { text: "", at: l.at }
            } else {
                let cut = n.min(l.indent());
                Line {
                    text: &l.text[cut..],
                    at: l.at + cut,
                }
            }
        })
        .collect()
}

fn min_indent(lines: &[Line<'_>]) -> usize {
    lines
        .iter()
        .filter(|l| !l.blank())
        .map(Line::indent)
        .min()
        .unwrap_or(0)
}

/// The index after the indented block starting at `from`: the first
/// non-blank line with no indentation, trailing blank lines left out.
fn indented_end(lines: &[Line<'_>], from: usize) -> usize {
    let mut end = from;
    let mut j = from;
    while j < lines.len() && (lines[j].blank() || lines[j].indent() > 0) {
        j += 1;
        if !lines[j - 1].blank() {
            end = j;
        }
    }
    end
}

/// A line of one repeated punctuation character (a section adornment or a
/// transition).
fn is_adornment(text: &str) -> bool {
    let t = text.trim_end();
    let Some(c) = t.chars().next() else {
        return false;
    };
    t.len() >= 2 && c.is_ascii_punctuation() && t.chars().all(|x| x == c)
}

/// The border of a simple table: runs of `=` separated by spaces.
fn is_simple_border(text: &str) -> bool {
    let t = text.trim_end();
    t.starts_with("==") && t.bytes().all(|b| b == b'=' || b == b' ')
}

/// A grid table's border or row separator: `+---+` or `+===+`.
fn is_grid_border(text: &str) -> bool {
    let t = text.trim_end();
    t.len() >= 3
        && t.starts_with('+')
        && t.ends_with('+')
        && t.bytes()
            .all(|b| matches!(b, b'+' | b'-' | b'=' | b'|' | b' '))
        && t.bytes().any(|b| b == b'-' || b == b'=')
}

/// The length of a list marker at the start of `text` with the spaces
/// after it, and whether it is enumerated.
fn list_marker(text: &str) -> Option<(usize, bool)> {
    let after = |n: usize| -> Option<usize> {
        let rest = &text[n..];
        if rest.is_empty() {
            return Some(n);
        }
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        (spaces > 0).then_some(n + spaces)
    };
    let first = text.chars().next()?;
    if matches!(first, '-' | '*' | '+' | '•' | '‣' | '⁃') {
        return after(first.len_utf8()).map(|n| (n, false));
    }
    let (open, rest) = match text.strip_prefix('(') {
        Some(rest) => (1, rest),
        None => (0, text),
    };
    let label = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    if label == 0 {
        return None;
    }
    let l = &rest[..label];
    let ok = l == "#"
        || l.bytes().all(|b| b.is_ascii_digit())
        || (label == 1 && l.bytes().all(|b| b.is_ascii_alphabetic()))
        || l.bytes().all(|b| b"ivxlcdm".contains(&b))
        || l.bytes().all(|b| b"IVXLCDM".contains(&b));
    let close = rest.as_bytes().get(label).copied();
    let closed = matches!((open, close), (1, Some(b')')) | (0, Some(b'.' | b')')));
    if !ok || !closed {
        return None;
    }
    after(open + label + 1).map(|n| (n, true))
}

impl Rst<'_> {
    fn push(&mut self, b: &mut SegmentBuilder, kind: SegmentKind, row: Option<u32>) {
        self.doc.segments.extend(b.finish(kind, row));
    }

    fn blocks(&mut self, lines: &[Line<'_>], kind: SegmentKind, depth: usize) {
        if depth > MAX_DEPTH {
            self.plain(lines, kind);
            return;
        }
        let len = lines.len();
        let mut i = 0;
        // Set by a paragraph ending in `::`: the indented block after it is
        // a literal block.
        let mut literal_next = false;
        while i < len {
            let l = lines[i];
            if l.blank() {
                i += 1;
                continue;
            }
            let t = l.text;
            if l.indent() > 0 {
                let end = indented_end(lines, i);
                if !std::mem::take(&mut literal_next) {
                    let inner = dedent(&lines[i..end], min_indent(&lines[i..end]));
                    self.blocks(&inner, kind, depth + 1);
                }
                i = end;
                continue;
            }
            literal_next = false;
            let next = lines.get(i + 1).copied();
            // A title with an overline: adornment, title, same adornment.
            if is_adornment(t) {
                if let (Some(title), Some(under)) = (next, lines.get(i + 2)) {
                    if !title.blank() && under.text.trim_end() == t.trim_end() {
                        self.title(title);
                        i += 3;
                        continue;
                    }
                }
            }
            if t.starts_with("..") && t[2..].chars().next().is_none_or(char::is_whitespace) {
                i = self.explicit(lines, i, kind, depth);
                continue;
            }
            if is_grid_border(t) {
                let end = (i..len).find(|&j| lines[j].blank()).unwrap_or(len);
                self.grid(&lines[i..end]);
                i = end;
                continue;
            }
            if is_simple_border(t) && t.trim_end().contains(" =") {
                i = self.simple_table(lines, i);
                continue;
            }
            if is_adornment(t) {
                // A transition, or an underline with no title: not prose.
                i += 1;
                continue;
            }
            // A title: one line of text over an adornment.
            if let Some(under) = next {
                let title_len = t.trim_end().chars().count();
                let under_len = under.text.trim_end().len();
                if is_adornment(under.text) && (under_len >= title_len || under_len >= 4) {
                    self.title(l);
                    i += 2;
                    continue;
                }
            }
            if t.starts_with(">>>") {
                i = (i..len).find(|&j| lines[j].blank()).unwrap_or(len);
                continue;
            }
            if let Some((n, enumerated)) = list_marker(t) {
                let follows_ok = next.is_none_or(|nl| {
                    nl.blank() || nl.indent() > 0 || list_marker(nl.text).is_some()
                });
                if !enumerated || follows_ok {
                    i = self.item(lines, i, n, SegmentKind::ListItem, depth);
                    continue;
                }
            }
            if let Some(n) = field_marker(t) {
                i = self.item(lines, i, n, kind, depth);
                continue;
            }
            if t == "|" || t.starts_with("| ") {
                let end = (i..len)
                    .find(|&j| lines[j].blank() || !lines[j].text.starts_with('|'))
                    .unwrap_or(len);
                let body: Vec<Line<'_>> = lines[i..end]
                    .iter()
                    .map(|l| Line {
                        text: &l.text[1..],
                        at: l.at + 1,
                    })
                    .collect();
                self.paragraph(&body, kind, false);
                i = end;
                continue;
            }
            // A paragraph: the lines up to a blank or indented one.
            let mut j = i + 1;
            while j < len && !lines[j].blank() && lines[j].indent() == 0 {
                j += 1;
            }
            if j == i + 1 && j < len && !lines[j].blank() {
                // A term and its indented definition.
                let end = indented_end(lines, j);
                self.term(l);
                let inner = dedent(&lines[j..end], min_indent(&lines[j..end]));
                self.blocks(&inner, SegmentKind::ListItem, depth + 1);
                i = end;
                continue;
            }
            literal_next = self.paragraph(&lines[i..j], kind, true);
            i = j;
        }
    }

    /// Paragraphs split at blank lines, no markup read but inline: past the
    /// nesting cap.
    fn plain(&mut self, lines: &[Line<'_>], kind: SegmentKind) {
        for chunk in lines.split(Line::blank) {
            if !chunk.is_empty() {
                self.paragraph(chunk, kind, false);
            }
        }
    }

    fn title(&mut self, l: Line<'_>) {
        let mut b = SegmentBuilder::new();
        let start = l.at + l.indent();
        self.inline(&mut b, start..l.end());
        self.push(&mut b, SegmentKind::Heading, None);
    }

    /// A definition list's term, without its classifiers (`term : class`).
    fn term(&mut self, l: Line<'_>) {
        let end = l.text.find(" : ").map_or(l.end(), |n| l.at + n);
        let mut b = SegmentBuilder::new();
        self.inline(&mut b, l.at..end);
        self.push(&mut b, SegmentKind::ListItem, None);
    }

    /// A list or field item whose marker takes `n` bytes of its first line:
    /// its text and indented body, as blocks. Returns the index after it.
    fn item(
        &mut self,
        lines: &[Line<'_>],
        i: usize,
        n: usize,
        kind: SegmentKind,
        depth: usize,
    ) -> usize {
        let l = lines[i];
        let end = indented_end(lines, i + 1).max(i + 1);
        let mut body = vec![Line {
            text: &l.text[n..],
            at: l.at + n,
        }];
        body.extend(dedent(&lines[i + 1..end], min_indent(&lines[i + 1..end])));
        self.blocks(&body, kind, depth + 1);
        end
    }

    /// The lines of a paragraph as one segment. With `literal`, a closing
    /// `::` is read as reStructuredText does (`text::` shows `text:`, a
    /// lone or spaced `::` nothing) and true is returned: a literal block
    /// follows.
    fn paragraph(&mut self, lines: &[Line<'_>], kind: SegmentKind, literal: bool) -> bool {
        let Some(last) = lines.last() else {
            return false;
        };
        let mut cut = last.end();
        let trimmed = last.text.trim_end();
        let expects_literal = literal && trimmed.ends_with("::");
        if expects_literal {
            let before = trimmed[..trimmed.len() - 2].trim_end();
            cut = if before.len() < trimmed.len() - 2 || before.is_empty() {
                last.at + before.len()
            } else {
                last.at + trimmed.len() - 1
            };
        }
        let mut b = SegmentBuilder::new();
        let mut run_start = lines[0].at;
        let mut prev_end = lines[0].end();
        for (k, l) in lines.iter().enumerate().skip(1) {
            if !self.src[prev_end..l.at].trim().is_empty() {
                // Markup between the lines (a line block's `|`): the space
                // stands at the next line's start, for nothing but blanks.
                self.inline(&mut b, run_start..prev_end);
                b.restart_space(Span::new(self.base + l.at, self.base + l.at));
                run_start = l.at;
            }
            prev_end = if k + 1 == lines.len() { cut } else { l.end() };
        }
        if lines.len() == 1 {
            prev_end = cut;
        }
        self.inline(&mut b, run_start..prev_end.max(run_start));
        self.push(&mut b, kind, None);
        expects_literal
    }

    /// An explicit markup block (`.. `): a directive, footnote, target,
    /// substitution definition or comment. Returns the index after it.
    fn explicit(&mut self, lines: &[Line<'_>], i: usize, kind: SegmentKind, depth: usize) -> usize {
        let l = lines[i];
        let end = indented_end(lines, i + 1).max(i + 1);
        let rest_at = l.at + 2 + (l.text.len() - 2 - l.text[2..].trim_start().len());
        let rest = &self.src[rest_at..l.end()];
        let body = dedent(&lines[i + 1..end], min_indent(&lines[i + 1..end]));
        if rest.starts_with('[') {
            // A footnote or citation: its text is prose.
            if let Some(close) = rest.find(']') {
                let mut all = vec![Line {
                    text: &rest[close + 1..],
                    at: rest_at + close + 1,
                }];
                all.extend(body);
                self.blocks(&all, kind, depth + 1);
            }
            return end;
        }
        let Some(name) = directive_name(rest) else {
            // A comment, hyperlink target or substitution definition.
            return end;
        };
        let args_at = rest_at + name.len() + 2;
        let args = Line {
            text: &self.src[args_at..l.end()],
            at: args_at,
        };
        let name = name.to_ascii_lowercase();
        // Options: the `:name: value` lines opening the body.
        let options_end = body
            .iter()
            .position(|b| b.blank() || field_marker(b.text).is_none())
            .unwrap_or(body.len());
        if name == "image" || name == "figure" {
            for option in &body[..options_end] {
                if let Some(value) = option.text.strip_prefix(":alt:") {
                    let at = option.end() - value.len();
                    let mut b = SegmentBuilder::new();
                    self.inline(&mut b, at..option.end());
                    self.push(&mut b, SegmentKind::ImageAlt, None);
                }
            }
        }
        if SKIP_CONTENT.contains(&name.as_str()) || name == "image" {
            return end;
        }
        let content = &body[options_end..];
        if CONTENT_ON_FIRST_LINE.contains(&name.as_str()) {
            let mut all = vec![Line {
                text: args.text.trim_start(),
                at: args.at + args.indent(),
            }];
            all.extend_from_slice(content);
            self.blocks(&all, kind, depth + 1);
            return end;
        }
        if TITLED.contains(&name.as_str()) && !args.blank() {
            self.title(args);
        }
        self.blocks(content, kind, depth + 1);
        end
    }

    /// A simple table starting at border line `i`: returns the index after
    /// it.
    fn simple_table(&mut self, lines: &[Line<'_>], i: usize) -> usize {
        let border = lines[i].text.trim_end();
        let mut columns: Vec<usize> = Vec::new();
        let mut prev = b' ';
        for (k, c) in border.bytes().enumerate() {
            if c == b'=' && prev == b' ' {
                columns.push(k);
            }
            prev = c;
        }
        let mut borders = 1;
        let mut j = i + 1;
        let mut cells: Vec<SegmentBuilder> = Vec::new();
        let mut row = None;
        while j < lines.len() {
            let l = lines[j];
            if is_simple_border(l.text) {
                borders += 1;
                self.finish_row(&mut cells, row.take());
                j += 1;
                if borders >= 3 || lines.get(j).is_none_or(Line::blank) && borders >= 2 {
                    break;
                }
                continue;
            }
            if l.blank() || is_adornment(l.text) {
                j += 1;
                continue;
            }
            let slices = column_slices(l, &columns);
            let continues = slices
                .first()
                .is_some_and(|r| self.src[r.clone()].trim().is_empty());
            if !continues || row.is_none() {
                self.finish_row(&mut cells, row.take());
                row = Some(self.next_row);
                self.next_row += 1;
            }
            self.fill_cells(&mut cells, &slices);
            j += 1;
        }
        self.finish_row(&mut cells, row);
        j
    }

    fn fill_cells(&mut self, cells: &mut Vec<SegmentBuilder>, slices: &[Range<usize>]) {
        while cells.len() < slices.len() {
            cells.push(SegmentBuilder::new());
        }
        for (cell, slice) in cells.iter_mut().zip(slices) {
            let at = self.base + slice.start;
            cell.restart_space(Span::new(at, at));
            self.inline(cell, slice.clone());
        }
    }

    fn finish_row(&mut self, cells: &mut Vec<SegmentBuilder>, row: Option<u32>) {
        for mut cell in cells.drain(..) {
            self.push(&mut cell, SegmentKind::TableCell, row);
        }
    }

    /// A grid table: cells between `|` at the columns of the last border's
    /// `+`s, one row between borders.
    fn grid(&mut self, lines: &[Line<'_>]) {
        let mut bounds: Vec<usize> = Vec::new();
        let mut cells: Vec<(usize, SegmentBuilder)> = Vec::new();
        let mut row = None;
        for l in lines {
            if is_grid_border(l.text) {
                let mut done: Vec<SegmentBuilder> = cells.drain(..).map(|(_, b)| b).collect();
                self.finish_row(&mut done, row.take());
                bounds = l
                    .text
                    .chars()
                    .enumerate()
                    .filter(|(_, c)| *c == '+' || *c == '|')
                    .map(|(k, _)| k)
                    .collect();
                continue;
            }
            if row.is_none() {
                row = Some(self.next_row);
                self.next_row += 1;
            }
            // The `|` at the table's columns, as (column, byte offset).
            let pipes: Vec<(usize, usize)> = l
                .text
                .char_indices()
                .enumerate()
                .filter(|(col, (_, c))| *c == '|' && bounds.contains(col))
                .map(|(col, (at, _))| (col, at))
                .collect();
            for pair in pipes.windows(2) {
                let (col, from) = pair[0];
                let to = pair[1].1;
                let range = l.at + from + 1..l.at + to;
                let index = match cells.iter().position(|(c, _)| *c == col) {
                    Some(index) => index,
                    None => {
                        let at = cells.partition_point(|(c, _)| *c < col);
                        cells.insert(at, (col, SegmentBuilder::new()));
                        at
                    }
                };
                let at = self.base + range.start;
                cells[index].1.restart_space(Span::new(at, at));
                self.inline(&mut cells[index].1, range);
            }
        }
        let mut done: Vec<SegmentBuilder> = cells.into_iter().map(|(_, b)| b).collect();
        self.finish_row(&mut done, row);
    }

    // ------------------------------------------------------------ inline

    /// Pushes the prose of `range` of the body to `b`, reading inline markup.
    fn inline(&self, b: &mut SegmentBuilder, range: Range<usize>) {
        let s = &self.src[range.clone()];
        let at = self.base + range.start;
        let bytes = s.as_bytes();
        let mut i = 0;
        let mut from = 0;
        // Delimiters with no closer left: never searched again (linear).
        let mut exhausted = [false; 6];
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
            let c = bytes[i];
            if c == b'\\' {
                flush(b, from, i);
                let next = s[i + 1..].chars().next();
                match next {
                    Some(n) if !n.is_whitespace() => {
                        from = i + 1;
                        i += 1 + n.len_utf8();
                    }
                    _ => {
                        // A backslash before a space or the end: nothing.
                        from = i + 1;
                        i += 1;
                    }
                }
                continue;
            }
            if !matches!(c, b'*' | b'`' | b':' | b'|' | b'[' | b'_') || !start_ok(s, i) {
                i += 1;
                continue;
            }
            match c {
                b'*' => {
                    let n = if bytes.get(i + 1) == Some(&b'*') {
                        2
                    } else {
                        1
                    };
                    if exhausted[n - 1] {
                        i += n;
                        continue;
                    }
                    let delim = &s[i..i + n];
                    match find_close(s, i + n, delim) {
                        Some(close) => {
                            flush(b, from, i);
                            flush(b, i + n, close);
                            from = close + n;
                            i = from;
                        }
                        None => {
                            exhausted[n - 1] = true;
                            i += n;
                        }
                    }
                }
                b'`' if !exhausted[2] => {
                    if s[i..].starts_with("``") {
                        match (!exhausted[3])
                            .then(|| find_close(s, i + 2, "``"))
                            .flatten()
                        {
                            Some(close) => {
                                flush(b, from, i);
                                opaque(b, i..close + 2);
                                from = close + 2;
                                i = from;
                            }
                            None => {
                                exhausted[3] = true;
                                i += 2;
                            }
                        }
                        continue;
                    }
                    let Some(close) = find_close(s, i + 1, "`") else {
                        exhausted[2] = true;
                        i += 1;
                        continue;
                    };
                    flush(b, from, i);
                    let mut end = close + 1;
                    let reference = s[end..].starts_with('_');
                    if reference {
                        end += if s[end..].starts_with("__") { 2 } else { 1 };
                    } else if let Some(role) = role_suffix(&s[end..]) {
                        end += role;
                    }
                    if reference {
                        self.link_text(b, s, i + 1..close, at, true);
                    } else {
                        opaque(b, i..end);
                    }
                    from = end;
                    i = end;
                }
                b':' if !exhausted[2] => {
                    let Some(name_len) = role_prefix(&s[i..]) else {
                        i += 1;
                        continue;
                    };
                    let open = i + name_len;
                    let Some(close) = find_close(s, open + 1, "`") else {
                        exhausted[2] = true;
                        i += 1;
                        continue;
                    };
                    flush(b, from, i);
                    let name = s[i + 1..open - 1].to_ascii_lowercase();
                    let role = name.rsplit(':').next().unwrap_or("");
                    if TEXT_ROLES.contains(&role) {
                        flush(b, open + 1, close);
                    } else {
                        self.link_text(b, s, open + 1..close, at, false);
                    }
                    from = close + 1;
                    i = from;
                }
                b'|' if !exhausted[4] => match find_close(s, i + 1, "|") {
                    Some(close) => {
                        flush(b, from, i);
                        let mut end = close + 1;
                        while end < bytes.len() && bytes[end] == b'_' && end < close + 3 {
                            end += 1;
                        }
                        opaque(b, i..end);
                        from = end;
                        i = end;
                    }
                    None => {
                        exhausted[4] = true;
                        i += 1;
                    }
                },
                b'[' => {
                    // A footnote or citation reference: `[1]_`, `[#x]_`.
                    let label = s[i + 1..]
                        .bytes()
                        .take(64)
                        .position(|x| x == b']' || x.is_ascii_whitespace());
                    match label {
                        Some(n) if n > 0 && s[i + 1 + n..].starts_with("]_") => {
                            flush(b, from, i);
                            let end = i + n + 3;
                            opaque(b, i..end);
                            from = end;
                            i = end;
                        }
                        _ => i += 1,
                    }
                }
                b'_' if !exhausted[2] && s[i + 1..].starts_with('`') => {
                    // An inline target: its text reads as written.
                    match find_close(s, i + 2, "`") {
                        Some(close) => {
                            flush(b, from, i);
                            flush(b, i + 2, close);
                            from = close + 1;
                            i = from;
                        }
                        None => {
                            exhausted[2] = true;
                            i += 1;
                        }
                    }
                }
                _ => i += 1,
            }
        }
        flush(b, from, bytes.len());
    }

    /// Pushes the text of a reference or role `inner` (a range of `s`):
    /// `text <target>` reads as `text`, an anchor; a bare target is the
    /// link text itself for a reference (`` `text`_ ``) and opaque for a
    /// role (`:ref:`target``).
    fn link_text(
        &self,
        b: &mut SegmentBuilder,
        s: &str,
        inner: Range<usize>,
        at: usize,
        reference: bool,
    ) {
        let text = &s[inner.clone()];
        let target = text
            .trim_end()
            .strip_suffix('>')
            .and_then(|t| t.rfind('<'))
            .filter(|&lt| lt == 0 || text[..lt].ends_with(char::is_whitespace));
        let shown = match target {
            Some(lt) => inner.start..inner.start + text[..lt].trim_end().len(),
            None if reference => inner.clone(),
            None => inner.start..inner.start,
        };
        if s[shown.clone()].trim().is_empty() {
            b.push_opaque(Span::new(at + inner.start, at + inner.end));
            return;
        }
        // The space before the link is not part of its text.
        b.write_pending_space();
        b.push_anchor();
        b.push_source(&s[shown.clone()], at + shown.start);
        b.end_anchor();
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

/// Whether inline markup may start at `i`: at the start, or after
/// whitespace or opening punctuation, and not followed by whitespace.
fn start_ok(s: &str, i: usize) -> bool {
    let before_ok = s[..i]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "-:/'\"<([{".contains(c));
    let after_ok = s[i + 1..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace());
    before_ok && after_ok
}

/// The offset of the first `delim` at or after `from` that may end inline
/// markup: after a non-space, before the end, a space or punctuation.
fn find_close(s: &str, from: usize, delim: &str) -> Option<usize> {
    let mut at = from;
    while let Some(n) = s.get(at..)?.find(delim) {
        let close = at + n;
        let before = s[..close].chars().next_back();
        let after = s[close + delim.len()..].chars().next();
        let before_ok = close > from && before.is_some_and(|c| !c.is_whitespace());
        let after_ok =
            after.is_none_or(|c| c.is_whitespace() || "-.,:;!?\\/'\")]}>_|*`".contains(c));
        if before_ok && after_ok {
            return Some(close);
        }
        at = close + delim.len();
    }
    None
}

/// The length of a role prefix `:name:` directly followed by a backtick.
fn role_prefix(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut j = 1;
    while j < bytes.len() && j < 64 {
        match bytes[j] {
            b':' if bytes.get(j + 1) == Some(&b'`') && j > 1 => return Some(j + 1),
            b if b.is_ascii_alphanumeric() || b"-_+.:".contains(&b) => j += 1,
            _ => return None,
        }
    }
    None
}

/// The length of a role suffix `:name:` after interpreted text.
fn role_suffix(s: &str) -> Option<usize> {
    let rest = s.strip_prefix(':')?;
    let n = rest
        .bytes()
        .take(64)
        .position(|b| !(b.is_ascii_alphanumeric() || b"-_+.".contains(&b)))?;
    (n > 0 && rest.as_bytes()[n] == b':').then_some(n + 2)
}

/// The name of a directive (`name::` after `.. `), if `rest` opens one.
fn directive_name(rest: &str) -> Option<&str> {
    let at = rest.find("::")?;
    let name = &rest[..at];
    let after = rest[at + 2..].chars().next();
    let valid = !name.is_empty()
        && !name.starts_with(['_', '|'])
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_+.:".contains(&b))
        && after.is_none_or(char::is_whitespace);
    valid.then_some(name)
}

/// The length of a field marker `:name: ` opening `text`, spaces included.
fn field_marker(text: &str) -> Option<usize> {
    let rest = text.strip_prefix(':')?;
    if rest.starts_with([' ', ':', '`']) {
        return None;
    }
    let close = rest.bytes().enumerate().find_map(|(k, b)| {
        (b == b':'
            && rest
                .as_bytes()
                .get(k + 1)
                .is_none_or(|n| *n == b' ' || *n == b'\t'))
        .then_some(k)
    })?;
    if rest[..close].contains('`') {
        return None;
    }
    let after = &rest[close + 1..];
    Some(1 + close + 1 + (after.len() - after.trim_start().len()))
}

/// The byte ranges of `l` under each simple-table column.
fn column_slices(l: Line<'_>, columns: &[usize]) -> Vec<Range<usize>> {
    let byte_at = |col: usize| {
        l.text
            .char_indices()
            .nth(col)
            .map_or(l.text.len(), |(k, _)| k)
    };
    let mut out = Vec::new();
    for (k, &col) in columns.iter().enumerate() {
        let start = byte_at(col);
        let end = columns.get(k + 1).map_or(l.text.len(), |&c| byte_at(c));
        out.push(l.at + start..l.at + end.max(start));
    }
    out
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
    fn titles_paragraphs_and_adornments() {
        let src = "=======\n Plans\n=======\n\nIntro text\nwraps here.\n\nShipping\n--------\n\nWe ship **fast**.\n\n----\n\nEnd.\n";
        assert_eq!(
            kinds(src),
            [
                ("Plans".into(), SegmentKind::Heading, None),
                (
                    "Intro text wraps here.".into(),
                    SegmentKind::Paragraph,
                    None
                ),
                ("Shipping".into(), SegmentKind::Heading, None),
                ("We ship fast.".into(), SegmentKind::Paragraph, None),
                ("End.".into(), SegmentKind::Paragraph, None),
            ]
        );
    }

    #[test]
    fn inline_markup_keeps_exact_spans() {
        let src = "We offer **expedited**\nshipping and *free* `returns <https://x.test/r>`_ and `terms`_.\n";
        assert_eq!(
            texts(src),
            ["We offer expedited shipping and free returns and terms."]
        );
        assert_eq!(span_of(src, "expedited shipping"), "expedited**\nshipping");
        let d = doc(src);
        let seg = &d.segments[0];
        let anchors: Vec<&str> = seg.anchors_in(0..seg.text.len()).collect();
        assert_eq!(anchors, ["returns", "terms"]);
    }

    #[test]
    fn literals_roles_and_substitutions_are_opaque() {
        let src = "Use ``fast shipping`` and :ref:`free-shipping` or :doc:`our policy <policy>`\nand |product| with [1]_ and :strong:`bold` and \\*stars\\*.\n";
        assert_eq!(
            texts(src),
            ["Use \u{fffc} and \u{fffc} or our policy and \u{fffc} with \u{fffc} and bold and *stars*."]
        );
    }

    #[test]
    fn literal_blocks_comments_and_directives_are_not_prose() {
        let src = "Example::\n\n    fast shipping\n\nSpaced ::\n\n    fast shipping\n\n.. this is a comment with fast shipping\n   still the comment\n\n.. code-block:: python\n\n   print('fast shipping')\n\n.. _target: https://fast.example\n\n.. |name| replace:: fast shipping\n\n.. image:: fast-shipping.png\n   :alt: A box on a porch\n   :width: 200\n\n>>> fast_shipping()\n\nAfter.\n";
        assert_eq!(
            kinds(src),
            [
                ("Example:".into(), SegmentKind::Paragraph, None),
                ("Spaced".into(), SegmentKind::Paragraph, None),
                ("A box on a porch".into(), SegmentKind::ImageAlt, None),
                ("After.".into(), SegmentKind::Paragraph, None),
            ]
        );
    }

    #[test]
    fn admonitions_and_titled_directives_are_prose() {
        let src = ".. note:: Orders ship\n   within two days.\n\n.. warning::\n   :class: big\n\n   Returns close in May.\n\n.. admonition:: Our promise\n\n   Refunds in 5 days.\n";
        assert_eq!(
            texts(src),
            [
                "Orders ship within two days.",
                "Returns close in May.",
                "Our promise",
                "Refunds in 5 days."
            ]
        );
    }

    #[test]
    fn lists_definitions_and_fields() {
        let src = "- one\n  wrapped\n\n  - nested\n\n#. numbered\n(b) lettered\n\nTerm : classifier\n   The definition.\n\n:Author: Jo\n\n| line one\n| line two\n";
        assert_eq!(
            kinds(src),
            [
                ("one wrapped".into(), SegmentKind::ListItem, None),
                ("nested".into(), SegmentKind::ListItem, None),
                ("numbered".into(), SegmentKind::ListItem, None),
                ("lettered".into(), SegmentKind::ListItem, None),
                ("Term".into(), SegmentKind::ListItem, None),
                ("The definition.".into(), SegmentKind::ListItem, None),
                ("Jo".into(), SegmentKind::Paragraph, None),
                ("line one line two".into(), SegmentKind::Paragraph, None),
            ]
        );
        // A line block's `|` never stands behind a space.
        let src = "| one\n|   two\n";
        let d = doc(src);
        let spaces: Vec<&str> = d.segments[0]
            .pieces()
            .filter(|p| p.text == " ")
            .map(|p| &src[p.source.range()])
            .collect();
        assert!(spaces.iter().all(|s| s.trim().is_empty()), "{spaces:?}");
        // An enumerator followed by more text is a paragraph.
        assert_eq!(texts("A. Smith wrote\nthis.\n"), ["A. Smith wrote this."]);
    }

    #[test]
    fn grid_and_simple_tables_give_cells_with_rows() {
        let src = "+-------+----------+\n| Plan  | Shipping |\n+=======+==========+\n| Basic | 5 days   |\n|       | by post  |\n+-------+----------+\n\n=====  =====\nPlan   Notes\n=====  =====\nPro    Fast é\n       wrap\n=====  =====\n";
        assert_eq!(
            kinds(src),
            [
                ("Plan".into(), SegmentKind::TableCell, Some(0)),
                ("Shipping".into(), SegmentKind::TableCell, Some(0)),
                ("Basic".into(), SegmentKind::TableCell, Some(1)),
                ("5 days by post".into(), SegmentKind::TableCell, Some(1)),
                ("Plan".into(), SegmentKind::TableCell, Some(2)),
                ("Notes".into(), SegmentKind::TableCell, Some(2)),
                ("Pro".into(), SegmentKind::TableCell, Some(3)),
                ("Fast é wrap".into(), SegmentKind::TableCell, Some(3)),
            ]
        );
        assert_eq!(span_of(src, "by post"), "by post");
    }

    #[test]
    fn malformed_input_does_not_panic_and_stays_linear() {
        for src in [
            "",
            "..",
            ".. ",
            "::",
            "*",
            "**",
            "`",
            "``",
            ":",
            ":a:",
            ":a:`",
            "|",
            "[",
            "[1]",
            "_`",
            "\\",
            "+",
            "+-+",
            "| a |",
            "====",
            "==  ==\n",
            "- ",
            "#.",
            "(a)",
            ".. a::",
            ".. [",
            "é*é*",
            "a\n===\n",
            "\t\tx\n  y",
            ".. note::",
        ] {
            let _ = texts(src);
        }
        let deep: String = (0..200)
            .map(|n| format!("{}- x\n", "  ".repeat(n)))
            .collect();
        let _ = texts(&deep);
        let _ = texts(&"*a ".repeat(50_000));
        let _ = texts(&"`a ".repeat(50_000));
        let _ = texts(&":r:`a ".repeat(50_000));
        let _ = texts(&"|a ".repeat(50_000));
        let _ = texts(&"**a ".repeat(50_000));
    }
}
