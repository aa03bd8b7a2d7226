//! The default format: rustc-style findings through annotate-snippets, the
//! fog underlined in its source line and the roadsign as `help:`.

use super::{display_path, summary, write_errors, Emitter, Report};
use crate::rule::Severity;
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use std::io::{self, Write};

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
            let group = level(f.severity)
                .primary_title(f.message.as_str())
                .id(f.rule.as_str())
                .element(
                    Snippet::source(&*located.excerpt.text)
                        .line_start(located.excerpt.first_line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(located.excerpt.span.clone())),
                )
                .element(Level::HELP.message(roadsign.as_str()));
            writeln!(out, "{}\n", renderer.render(&[group]))?;
        }
        write_errors(report, err)?;
        writeln!(out, "{}", summary(report))
    }
}
