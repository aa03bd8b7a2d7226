//! `--format github`: GitHub Actions workflow commands, one a finding
//! (`::warning file=…,line=…::message`), which the Actions runner turns into
//! annotations on the pull request. Values are escaped as the runner
//! requires; a span that crosses lines gets no columns.

use super::{display_path, summary, Emitter, Report};
use crate::rule::Severity;
use std::io::{self, Write};

pub struct Github;

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
            let message = format!("{}\nroadsign: {}", f.message, f.roadsign);
            writeln!(
                out,
                "::{} {properties}::{}",
                command(f.severity),
                escape_data(&message)
            )?;
        }
        for error in &report.errors {
            writeln!(
                out,
                "::error file={}::{}",
                escape_property(&display_path(&error.path)),
                escape_data(&error.message)
            )?;
        }
        writeln!(out, "{}", summary(report))
    }
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
