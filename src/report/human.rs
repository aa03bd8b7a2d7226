//! The default format: rustc-style findings through annotate-snippets, the
//! fog underlined in its source line and the roadsign as `help:`.

use super::{display_path, summary, write_errors, Emitter, Excerpt, Report};
use crate::rule::Severity;
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use std::borrow::Cow;
use std::io::{self, Write};
use std::ops::Range;

/// Characters of a long line shown on each side of a finding; ordinary
/// lines are shown whole. The renderer works through the whole line it is
/// given, so showing whole lines made a long line with many findings
/// quadratic (8,000 findings on one 120 kB line took 14 s); a window keeps
/// each finding's work bounded.
const CONTEXT: usize = 120;

/// Marks where a line was clipped.
const CLIPPED: &str = "…";

/// The excerpt to show for a finding: `None` when it is short enough to
/// show whole, else the text from at most `CONTEXT` characters before the
/// finding to `CONTEXT` after it, with `…` where the line goes on, and the
/// finding's span in that text.
fn clip(excerpt: &Excerpt) -> Option<(String, Range<usize>)> {
    let text = &*excerpt.text;
    let span = excerpt.span.clone();
    // The excerpt starts at the start of the finding's first line and ends
    // at the end of its last line; only those two ends can be long.
    let start = text[..span.start]
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let end = text[span.end..]
        .char_indices()
        .nth(CONTEXT)
        .map_or(text.len(), |(i, _)| span.end + i);
    if start == 0 && end == text.len() {
        return None;
    }
    let head = if start > 0 { CLIPPED } else { "" };
    let tail = if end < text.len() { CLIPPED } else { "" };
    let clipped = format!("{head}{}{tail}", &text[start..end]);
    let shift = head.len();
    Some((
        clipped,
        span.start - start + shift..span.end - start + shift,
    ))
}

pub struct Human {
    pub color: bool,
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// `rendered` with the `--> path:line:column` line put where the renderer
/// puts it: before the first gutter line (`  |`, colour codes aside).
fn with_place(rendered: &str, place: &str) -> String {
    let mut out = String::with_capacity(rendered.len() + place.len() + 1);
    let mut placed = false;
    for line in rendered.split_inclusive('\n') {
        if !placed && without_ansi(line).trim() == "|" {
            out.push_str(place);
            out.push('\n');
            placed = true;
        }
        out.push_str(line);
    }
    out
}

/// `text` without ANSI colour sequences (`ESC [ … m`).
fn without_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl Emitter for Human {
    fn emit(&self, report: &Report, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
        let renderer = if self.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        for (path, located) in report.findings() {
            let f = &located.finding;
            let path = display_path(path);
            let roadsign = format!("roadsign: {}", f.roadsign);
            let message = f.message_with_key();
            let title = level(f.severity)
                .primary_title(message.as_ref())
                .id(f.rule.as_str());
            let excerpt = &located.excerpt;
            let (group, place) = match clip(excerpt) {
                None => (
                    title.element(
                        Snippet::source(&*excerpt.text)
                            .line_start(excerpt.first_line)
                            .path(path.as_str())
                            .annotation(AnnotationKind::Primary.span(excerpt.span.clone())),
                    ),
                    None,
                ),
                // The renderer would count the column in the clipped text,
                // so the snippet goes without a path and the place line is
                // written here instead, as the renderer writes it.
                Some((text, span)) => {
                    let last_line = excerpt.first_line + text.matches('\n').count();
                    let width = last_line.to_string().len();
                    // Styled as the renderer styles its own arrow.
                    let arrow = if self.color {
                        "\u{1b}[1m\u{1b}[94m--> \u{1b}[0m"
                    } else {
                        "--> "
                    };
                    let place = format!(
                        "{:width$}{arrow}{path}:{}:{}",
                        "", located.start.line, located.start.column
                    );
                    (
                        title.element(
                            Snippet::source(Cow::Owned(text))
                                .line_start(excerpt.first_line)
                                .annotation(AnnotationKind::Primary.span(span)),
                        ),
                        Some(place),
                    )
                }
            };
            let group = group.element(Level::HELP.message(roadsign.as_str()));
            let rendered = renderer.render(&[group]);
            let rendered = match place {
                Some(place) => with_place(&rendered, &place),
                None => rendered,
            };
            writeln!(out, "{rendered}\n")?;
        }
        write_errors(report, err)?;
        writeln!(out, "{}", summary(report))
    }
}
