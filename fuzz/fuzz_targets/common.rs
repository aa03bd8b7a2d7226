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
    }
}

/// Elements whose content a reader never sees and which do not separate
/// words (the HTML extractor's `INVISIBLE` with content): a space may stand
/// for the whole element.
const INVISIBLE: [&str; 4] = ["script", "style", "noscript", "template"];

/// The length of the markup a reader does not see at the start of `rest`,
/// which starts with `<`: a comment, an invisible element with its content
/// up to its end tag, or one tag.
fn markup_len(rest: &str) -> Option<usize> {
    if rest.starts_with("<!--") {
        return Some(rest.find("-->").map_or(rest.len(), |n| n + 3));
    }
    let lower = rest.to_ascii_lowercase();
    for name in INVISIBLE {
        let open = format!("<{name}");
        let after = lower.as_bytes().get(open.len());
        if lower.starts_with(&open) && after.is_none_or(|b| !b.is_ascii_alphanumeric()) {
            let close = format!("</{name}");
            return Some(match lower.find(&close) {
                Some(n) => lower[n..].find('>').map_or(rest.len(), |m| n + m + 1),
                None => rest.len(),
            });
        }
    }
    rest.find('>').map(|n| n + 1)
}

/// True when `source`, with markup a reader does not see removed (tags,
/// autolinks, comments, invisible elements, entities, a hard break's
/// backslash, a block quote's `>` after a line break), is whitespace: what
/// a collapsed space may stand for. `tests/it/extraction.rs`'s
/// `reads_as_space`, plus what fuzzing met: inside an HTML block in a block
/// quote a line break stands for `\n> `, and `<style>…</style>` between
/// two words stands between them unseen.
fn reads_as_space(source: &str) -> bool {
    let mut rest = source;
    let mut line_start = false;
    while let Some(c) = rest.chars().next() {
        let skip = match c {
            '<' => markup_len(rest),
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
            Some(n) => rest = &rest[n..],
            None => return false,
        }
    }
    true
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
    for (n, segment) in extract(&file).segments.iter().enumerate() {
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
                    reads_as_space(source),
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
    let findings = fogcheck::suppress::apply(text, kind, findings);
    for f in &findings {
        assert!(
            text.is_char_boundary(f.span.start()) && text.is_char_boundary(f.span.end()),
            "{} after suppressions at {:?} is outside the text or splits a character",
            f.rule,
            f.span
        );
    }
    let located = report::locate(file.path(), text, findings);
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
