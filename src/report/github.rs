//! `--format github`: GitHub Actions workflow commands, one a finding
//! (`::warning file=…,line=…::message`), which the Actions runner turns into
//! annotations on the pull request. Values are escaped as the runner
//! requires; a span that crosses lines gets no columns.
//!
//! GitHub turns only the first 10 commands of each level (error, warning,
//! notice) in a step into annotations. Every finding is still printed (the
//! log keeps them all), and when a level goes over, a closing `::notice::`
//! says how many will not show and points to SARIF, which has no such limit.

use super::{display_path, summary, Emitter, Report};
use crate::rule::Severity;
use std::io::{self, Write};

pub struct Github;

/// Annotations of each level GitHub shows per step.
pub const SHOWN_PER_LEVEL: usize = 10;

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as a message, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

impl Emitter for Github {
    fn emit(&self, report: &Report, out: &mut dyn Write, _err: &mut dyn Write) -> io::Result<()> {
        for (path, located) in report.findings() {
            let f = &located.finding;
            let mut properties = format!(
                "file={},line={},endLine={}",
                escape_property(&display_path(path)),
                located.start.line,
                located.end.line
            );
            if located.start.line == located.end.line {
                properties.push_str(&format!(
                    ",col={},endColumn={}",
                    located.start.column, located.end.column
                ));
            }
            properties.push_str(&format!(",title={}", escape_property(f.rule.as_str())));
            let message = format!("{}\nroadsign: {}", f.message_with_key(), f.roadsign);
            writeln!(
                out,
                "::{} {properties}::{}",
                command(f.severity),
                escape_data(&message)
            )?;
        }
        for error in &report.errors {
            let place = error
                .at
                .map(|at| format!(",line={},col={}", at.line, at.column))
                .unwrap_or_default();
            writeln!(
                out,
                "::error file={}{place}::{}",
                escape_property(&display_path(&error.path)),
                escape_data(&error.message)
            )?;
        }
        writeln!(out, "{}", summary(report))?;
        if let Some(note) = hidden_note(report) {
            writeln!(out, "::notice title=fogcheck::{}", escape_data(&note))?;
        }
        Ok(())
    }
}

/// The closing note when some level has more annotations than GitHub shows
/// in a step, or `None`.
fn hidden_note(report: &Report) -> Option<String> {
    let count = |severity| report.count(severity);
    let levels = [
        (count(Severity::Error) + report.errors.len(), "error"),
        (count(Severity::Warning), "warning"),
        (count(Severity::Info), "notice"),
    ];
    let hidden: Vec<String> = levels
        .iter()
        .filter(|(n, _)| *n > SHOWN_PER_LEVEL)
        .map(|(n, level)| {
            let over = n - SHOWN_PER_LEVEL;
            format!("{over} {level}{}", if over == 1 { "" } else { "s" })
        })
        .collect();
    let list = match hidden.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    Some(format!(
        "GitHub shows only the first {SHOWN_PER_LEVEL} annotations of each level in a step: \
         {list} beyond that will not appear as annotations (all are in this log). \
         Use --format sarif with code scanning to see every finding."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_runner() {
        assert_eq!(
            escape_data("50% off\r\nnow: a,b"),
            "50%25 off%0D%0Anow: a,b"
        );
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
