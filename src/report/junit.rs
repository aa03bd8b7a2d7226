//! `--format junit`: JUnit XML, the test report format most CI systems show
//! (GitLab's `artifacts: reports: junit:`, Jenkins, Azure Pipelines,
//! CircleCI). One `<testsuites>` holds a `<testsuite>` per file: a file with
//! fog has a `<testcase>` per finding (named by rule and matched words, with
//! `#2`, `#3` on repeats), each with its `<failure>` giving the place,
//! message and roadsign; a clean file has one passing `<testcase>`; a file
//! that could not be checked has one `<testcase>` with an `<error>`. Every value is escaped for XML, and
//! characters XML 1.0 cannot hold at all become U+FFFD.

use super::{display_path, Emitter, Report};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

pub struct Junit;

/// `text` as XML character data or an attribute value: `&`, `<`, `>`, `"`
/// and `'` as entities; tab, line feed and carriage return as character
/// references (an attribute would otherwise fold them into spaces); other
/// characters XML 1.0 does not allow as U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if allowed_in_xml(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// The `Char` production of XML 1.0, less tab, LF and CR (escaped above).
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// What one file's suite holds.
#[derive(Default)]
struct Suite<'a> {
    failures: Vec<(&'a Path, &'a super::LocatedFinding)>,
    errors: Vec<&'a str>,
}

impl Suite<'_> {
    /// A test case per finding and per error, or the one passing case.
    fn cases(&self) -> usize {
        (self.failures.len() + self.errors.len()).max(1)
    }
}

impl Emitter for Junit {
    fn emit(&self, report: &Report, out: &mut dyn Write, _err: &mut dyn Write) -> io::Result<()> {
        // Every file the run set out to check, by the path users read:
        // clean ones pass, so the report shows what was checked.
        let mut suites: BTreeMap<String, Suite> = BTreeMap::new();
        for path in &report.inputs {
            suites.entry(display_path(path)).or_default();
        }
        for (path, located) in report.findings() {
            let suite = suites.entry(display_path(path)).or_default();
            suite.failures.push((path, located));
        }
        for error in &report.errors {
            let suite = suites.entry(display_path(&error.path)).or_default();
            suite.errors.push(&error.message);
        }
        let tests: usize = suites.values().map(Suite::cases).sum();
        let failures: usize = suites.values().map(|s| s.failures.len()).sum();
        let errors: usize = suites.values().map(|s| s.errors.len()).sum();

        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="fogcheck" tests="{tests}" failures="{failures}" errors="{errors}">"#
        )?;
        for (name, suite) in &suites {
            let name = escape(name);
            let failed = suite.failures.len();
            let errored = suite.errors.len();
            let cases = suite.cases();
            writeln!(
                out,
                r#"  <testsuite name="{name}" tests="{cases}" failures="{failed}" errors="{errored}">"#
            )?;
            // A case is named by rule and words, not by line, so CI history
            // sees fog that only moved as the same failing test; repeats in
            // a file (in any case) are numbered.
            let mut seen: BTreeMap<(&str, String), usize> = BTreeMap::new();
            for (path, located) in &suite.failures {
                let f = &located.finding;
                let (line, column) = (located.start.line, located.start.column);
                let rule = escape(f.rule.as_str());
                let repeat = seen
                    .entry((f.rule.as_str(), f.matched.to_lowercase()))
                    .or_insert(0);
                *repeat += 1;
                let case = match *repeat {
                    1 => format!("{rule}: {}", escape(&f.matched)),
                    n => format!("{rule}: {} #{n}", escape(&f.matched)),
                };
                writeln!(
                    out,
                    r#"    <testcase name="{case}" classname="{name}" file="{name}" line="{line}">"#
                )?;
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{rule}">{}:{line}:{column}: {}[{rule}] {}&#10;matched: {}&#10;roadsign: {}</failure>"#,
                    escape(&f.message_with_key()),
                    escape(&display_path(path)),
                    f.severity,
                    escape(&f.message_with_key()),
                    escape(&f.matched),
                    escape(&f.roadsign),
                )?;
                writeln!(out, "    </testcase>")?;
            }
            for message in &suite.errors {
                writeln!(
                    out,
                    r#"    <testcase name="read {name}" classname="{name}" file="{name}">"#
                )?;
                writeln!(
                    out,
                    r#"      <error message="{}" type="file-error">{name}: {}</error>"#,
                    escape(message),
                    escape(message)
                )?;
                writeln!(out, "    </testcase>")?;
            }
            if failed + errored == 0 {
                writeln!(
                    out,
                    r#"    <testcase name="no fog" classname="{name}" file="{name}"/>"#
                )?;
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_characters_xml_cannot_hold() {
        assert_eq!(
            escape(r#"<b>"Fast" & 'free'</b>"#),
            "&lt;b&gt;&quot;Fast&quot; &amp; &apos;free&apos;&lt;/b&gt;"
        );
        assert_eq!(escape("a\tb\r\nc"), "a&#9;b&#13;&#10;c");
        assert_eq!(escape("bell\u{7}\u{FFFE}"), "bell\u{FFFD}\u{FFFD}");
        assert_eq!(escape("café 😀"), "café 😀");
    }
}
