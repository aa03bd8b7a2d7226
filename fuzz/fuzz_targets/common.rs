//! What every fuzz target shares: the built-in pack, compiled once, and the
//! invariants a run must keep on any input. A broken invariant panics, and
//! libFuzzer keeps the input as a crash.
#![allow(dead_code)] // each target uses part of it

use fogcheck::check::Matcher;
use fogcheck::extract::extract;
use fogcheck::report::{self, OutputFormat, Report};
use fogcheck::rule::RulePack;
use fogcheck::source::{FileKind, SourceFile};
use std::sync::OnceLock;

/// The built-in pack and its matcher, built on the first input only.
pub fn pack() -> &'static (RulePack, Matcher) {
    static PACK: OnceLock<(RulePack, Matcher)> = OnceLock::new();
    PACK.get_or_init(|| {
        let (pack, errors) = fogcheck::rule::load_pack(&[]);
        assert!(errors.is_empty(), "built-in pack loads: {errors:?}");
        let matcher = Matcher::compile(&pack);
        (pack, matcher)
    })
}

/// The name a file of `kind` is checked under.
fn name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Markdown => "fuzz.md",
        FileKind::Mdx => "fuzz.mdx",
        FileKind::Html => "fuzz.html",
        FileKind::Text => "fuzz.txt",
        FileKind::Yaml => "fuzz.yml",
        FileKind::Json => "fuzz.json",
        FileKind::Toml => "fuzz.toml",
        FileKind::Fluent => "fuzz.ftl",
        FileKind::Template => "fuzz.php",
        FileKind::Rst => "fuzz.rst",
        FileKind::AsciiDoc => "fuzz.adoc",
    }
}

/// Elements whose content is never prose (the HTML extractor's `SKIP`): a
/// space may stand for the whole element, as for one with a `hidden`
/// attribute.
const SKIPPED: [&str; 12] = [
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

/// The length of the tag at the start of `rest` (which starts with `<`),
/// up to its `>`: a quoted attribute value (a quote right after `=`) may
/// hold `>` and line breaks; a quote elsewhere is a character like any other.
fn tag_len(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = 1;
    let mut after_equals = false;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i + 1),
            quote @ (b'"' | b'\'') if after_equals => {
                match rest[i + 1..].find(quote as char) {
                    Some(n) => i += n + 2,
                    None => return Some(rest.len()),
                }
                after_equals = false;
                continue;
            }
            b'=' => after_equals = true,
            b if b.is_ascii_whitespace() => {}
            _ => after_equals = false,
        }
        i += 1;
    }
    None
}

/// The length of the markup a reader does not see at the start of `rest`,
/// which starts with `<`: a comment, one tag, or an element whose content
/// is not prose (or is `hidden`) up to its end tag.
fn markup_len(rest: &str) -> Option<usize> {
    if rest.starts_with("<!--") {
        return Some(rest.find("-->").map_or(rest.len(), |n| n + 3));
    }
    let len = tag_len(rest)?;
    let tag = rest[..len].to_ascii_lowercase();
    let name: String = tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let hidden = tag.match_indices("hidden").any(|(i, _)| {
        tag[..i].ends_with(|c: char| c.is_ascii_whitespace())
            && tag[i + 6..].starts_with(|c: char| c.is_ascii_whitespace() || "=/>".contains(c))
    });
    if name.is_empty() || !(hidden || SKIPPED.contains(&name.as_str())) {
        return Some(len);
    }
    let after = rest[len..].to_ascii_lowercase();
    let close = format!("</{name}");
    Some(
        len + match after.find(&close) {
            Some(n) => after[n..].find('>').map_or(after.len(), |m| n + m + 1),
            None => after.len(),
        },
    )
}

/// The length of the Markdown markup a reader does not see at the start of
/// `rest`, if it starts with some: a link's `[` or `![`, its `](url)` or
/// `][label]`, an emphasis or strikethrough delimiter.
fn markdown_markup_len(rest: &str) -> Option<usize> {
    let closing = |open: &str, close: char| {
        rest.strip_prefix(open)
            .map(|after| after.find(close).map_or(rest.len(), |n| open.len() + n + 1))
    };
    if let Some(n) = closing("](", ')').or_else(|| closing("][", ']')) {
        return Some(n);
    }
    if rest.starts_with("![") {
        return Some(2);
    }
    rest.starts_with(['[', ']', '*', '_', '~']).then_some(1)
}

/// True when `source`, with markup a reader does not see removed (tags,
/// autolinks, comments, invisible elements, entities, a hard break's
/// backslash, a block quote's `>` after a line break), is whitespace: what
/// a collapsed space may stand for. `tests/it/extraction.rs`'s
/// `reads_as_space`, plus what fuzzing met: inside an HTML block in a block
/// quote a line break stands for `\n> `, `<style>…</style>` between two
/// words stands between them unseen, a tag's quoted attribute may hold `>`,
/// and in Markdown a link's `[` may follow a space (`see [⏎annual plans](…)`).
/// True when `source` is whitespace and backslash escapes of whitespace
/// (`\n`, `\t`, `\u0020`, `\u00a0`) only: in a quoted data value an
/// escaped space is a space.
fn escapes_space(source: &str) -> bool {
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let Some(escape) = rest.strip_prefix('\\') else {
            return false;
        };
        let (decoded, len) = match escape.chars().next() {
            Some(
                short @ ('n' | 't' | 'r' | 'f' | 'v' | '0' | 'b' | 'e' | 'L' | 'P' | '_' | 'N'),
            ) => (short != 'b' && short != '0' && short != 'e', 2),
            Some(' ') => (true, 2),
            Some(wide @ ('u' | 'U' | 'x')) => {
                let digits = match wide {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let code = escape
                    .get(1..1 + digits)
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .and_then(char::from_u32);
                (code.is_some_and(char::is_whitespace), 2 + digits)
            }
            _ => (false, 1),
        };
        if !decoded || rest.len() < len {
            return false;
        }
        rest = &rest[len..];
    }
    true
}

fn reads_as_space(source: &str, plain: &str, markdown: bool) -> bool {
    let mut at = 0;
    let mut line_start = false;
    while let Some(c) = source[at..].chars().next() {
        let rest = &source[at..];
        let skip = match c {
            '[' | ']' | '!' | '*' | '_' | '~' if markdown => markdown_markup_len(rest),
            // A tag is read from the blanked text: template markup inside
            // it is part of it. In running text, template markup is not a
            // space (it is opaque), so the rest is read as written.
            '<' if plain[at..].starts_with('<') => markup_len(&plain[at..]),
            // This file's MDX blanking is simplified (it does not skip code
            // spans), so it may blank a tag fogcheck reads as a tag.
            '<' if markdown => markup_len(rest),
            '&' => rest.find(';').filter(|&n| n < 12).map(|n| n + 1),
            '\\' => Some(1),
            '>' if line_start => Some(1),
            c if c.is_whitespace() => Some(c.len_utf8()),
            _ => None,
        };
        if c == '\n' || c == '\r' {
            line_start = true;
        } else if !c.is_whitespace() && c != '>' {
            line_start = false;
        }
        match skip {
            Some(n) => at += n,
            None => return false,
        }
    }
    true
}

/// `text` with the spans fogcheck blanks before extracting (see
/// src/extract/blank.rs) overwritten by spaces, line breaks kept: template
/// markup in Markdown and HTML, balanced `{…}` in MDX, so the space check
/// reads a tag with template markup inside it (`<meta c<%…%>="…">`) as
/// fogcheck does. A simplified copy, good enough for that: MDX code and ESM
/// lines are not told apart.
fn blanked(text: &str, kind: FileKind) -> String {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    if kind == FileKind::Template {
        // PHP blocks, to the `?>` that PHP reads as the end (see `php_end`).
        let mut from = 0;
        while let Some(at) = text[from..].find("<?").map(|n| n + from) {
            // `<?php` opens PHP only before whitespace or the end, as in
            // PHP (`<?php//` is not an open tag).
            let php = text[at + 2..].starts_with('=')
                || (text
                    .get(at + 2..at + 5)
                    .is_some_and(|w| w.eq_ignore_ascii_case("php"))
                    && text[at + 5..]
                        .chars()
                        .next()
                        .is_none_or(|c| c.is_ascii_whitespace()));
            if !php {
                from = at + 2;
                continue;
            }
            let end = php_end(text, at + 2);
            spans.push(at..end);
            from = end;
        }
    }
    // Template tags are looked for with the PHP blocks blanked, as
    // fogcheck does: a `%>` inside PHP code does not close an ERB tag.
    let without_php;
    let (text, bytes) = if spans.is_empty() {
        (text, bytes)
    } else {
        without_php = blank_spans(text, &spans);
        (without_php.as_str(), without_php.as_bytes())
    };
    match kind {
        FileKind::Markdown | FileKind::Html | FileKind::Template => {
            const DELIMITERS: [(&str, &str); 4] =
                [("{{", "}}"), ("{%", "%}"), ("{#", "#}"), ("<%", "%>")];
            let mut exhausted = [false; 4];
            while i + 1 < bytes.len() {
                if bytes[i] != b'{' && bytes[i] != b'<' {
                    i += 1;
                    continue;
                }
                let found = DELIMITERS
                    .iter()
                    .enumerate()
                    .find(|(k, (open, _))| !exhausted[*k] && text[i..].starts_with(open));
                let Some((k, (open, close))) = found else {
                    i += 1;
                    continue;
                };
                match text[i + open.len()..].find(close) {
                    Some(at) => {
                        let mut end = i + open.len() + at + close.len();
                        while *open == "{{" && bytes.get(end) == Some(&b'}') {
                            end += 1;
                        }
                        spans.push(i..end);
                        i = end;
                    }
                    None => {
                        exhausted[k] = true;
                        i += 1;
                    }
                }
            }
        }
        FileKind::Mdx => {
            while i < bytes.len() {
                if bytes[i] != b'{' {
                    i += 1;
                    continue;
                }
                let (mut depth, mut j) = (0usize, i);
                let mut end = None;
                while j < bytes.len() {
                    match bytes[j] {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = Some(j + 1);
                                break;
                            }
                        }
                        quote @ (b'"' | b'\'' | b'`') => {
                            j += 1;
                            while j < bytes.len() && bytes[j] != quote {
                                j += if bytes[j] == b'\\' { 2 } else { 1 };
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let Some(end) = end else { break };
                spans.push(i..end);
                i = end;
            }
        }
        FileKind::Text
        | FileKind::Rst
        | FileKind::AsciiDoc
        | FileKind::Yaml
        | FileKind::Json
        | FileKind::Toml
        | FileKind::Fluent => {}
    }
    spans.sort_by_key(|s| s.start);
    // A template tag may enclose a PHP block: merge, as fogcheck does.
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    blank_spans(text, &merged)
}

/// Where PHP code starting at `from` ends, as PHP reads it: past the first
/// `?>` outside a string (`"…"`, `'…'`, `` `…` ``, backslash escapes) and
/// outside a `/* … */` comment; a `//` or `#` comment ends at its line's
/// end or at a `?>` in it. The end of the text if there is none.
fn php_end(text: &str, from: usize) -> usize {
    let mut rest = &text.as_bytes()[from..];
    let mut at = from;
    fn step(rest: &mut &[u8], at: &mut usize, n: usize) {
        let n = n.min(rest.len());
        *rest = &rest[n..];
        *at += n;
    }
    while let Some(&b) = rest.first() {
        if rest.starts_with(b"?>") {
            return at + 2;
        }
        if matches!(b, b'"' | b'\'' | b'`') {
            step(&mut rest, &mut at, 1);
            while let Some(&c) = rest.first() {
                if c == b {
                    break;
                }
                let n = if c == b'\\' { 2 } else { 1 };
                step(&mut rest, &mut at, n);
            }
            step(&mut rest, &mut at, 1);
        } else if rest.starts_with(b"/*") {
            match rest[2..].windows(2).position(|w| w == b"*/") {
                Some(n) => step(&mut rest, &mut at, n + 4),
                None => return text.len(),
            }
        } else if b == b'#' || rest.starts_with(b"//") {
            while let Some(&c) = rest.first() {
                if c == b'\n' {
                    break;
                }
                if rest.starts_with(b"?>") {
                    return at + 2;
                }
                step(&mut rest, &mut at, 1);
            }
        } else {
            step(&mut rest, &mut at, 1);
        }
    }
    text.len()
}

/// `text` with `spans` (sorted) overwritten by spaces, line breaks kept.
fn blank_spans(text: &str, spans: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in spans.iter().cloned() {
        let end = span.end.min(text.len());
        if span.start < at || !text.is_char_boundary(span.start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..span.start]);
        for c in text[span.start..end].chars() {
            if c == '\n' || c == '\r' {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Reads `data` as a file of `kind` (bytes `SourceFile` refuses are not
/// checked, as fogcheck does not check them) and checks it as the CLI does:
/// extraction, `find_fog`, inline suppressions, placing in lines and
/// columns, and the human and JSON reports. Panics when a piece of the
/// extraction map or a finding's span leaves the input or splits a
/// character, when a verbatim piece is not its source bytes (the invariant
/// of `tests/it/extraction.rs`'s `invariant_violations`), or when a stage
/// panics itself.
pub fn check_document(kind: FileKind, data: &[u8]) {
    let Ok(file) = SourceFile::from_bytes(name(kind).into(), kind, data.to_vec()) else {
        return;
    };
    let text = file.text();
    let plain = blanked(text, kind);
    let document = extract(&file);
    for (n, segment) in document.segments.iter().enumerate() {
        for piece in segment.pieces() {
            let span = piece.source;
            assert!(
                text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()),
                "segment {n}: piece {span:?} is outside the {}-byte text or splits a character",
                text.len()
            );
            let source = &text[span.range()];
            if piece.verbatim {
                assert_eq!(
                    piece.text, source,
                    "segment {n}: verbatim piece {span:?} is not its source bytes"
                );
            } else if piece.text == " " {
                assert!(
                    reads_as_space(
                        source,
                        &plain[span.range()],
                        matches!(kind, FileKind::Markdown | FileKind::Mdx)
                    ) || (matches!(kind, FileKind::Json | FileKind::Yaml | FileKind::Toml)
                        && escapes_space(source)),
                    "segment {n}: a space stands for {source:?}"
                );
            }
        }
    }

    let (pack, matcher) = pack();
    let findings = fogcheck::find_fog(&file, pack, matcher);
    for f in &findings {
        assert!(
            text.is_char_boundary(f.span.start()) && text.is_char_boundary(f.span.end()),
            "{} finding {:?} at {:?} is outside the {}-byte text or splits a character",
            f.rule,
            f.matched,
            f.span,
            text.len()
        );
    }
    let findings = fogcheck::suppress::apply(text, kind, findings, pack).findings;
    for f in &findings {
        assert!(
            text.is_char_boundary(f.span.start()) && text.is_char_boundary(f.span.end()),
            "{} after suppressions at {:?} is outside the text or splits a character",
            f.rule,
            f.span
        );
    }
    let located = report::locate(file.path(), text, document.words(), findings);
    let report = Report {
        files_checked: 1,
        files: vec![located],
        ..Report::default()
    };
    for format in [OutputFormat::Human, OutputFormat::Json] {
        let mut out = Vec::new();
        let mut err = Vec::new();
        format
            .emitter(false, pack)
            .emit(&report, &mut out, &mut err)
            .expect("writing to memory cannot fail");
    }
}

/// Renders a rule or config error as the CLI prints it (`print_diagnostics`
/// in src/cli.rs), so a span that points outside its text is found too.
pub fn render(error: &dyn miette::Diagnostic) {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    let mut rendered = String::new();
    let _ = handler.render_report(&mut rendered, error);
    let _ = error.to_string();
}
