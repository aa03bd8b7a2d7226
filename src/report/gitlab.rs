//! `--format gitlab`: a GitLab Code Quality report, the JSON array of issues
//! a job publishes with `artifacts: reports: codequality:` so the merge
//! request shows the fog. GitLab reads a subset of the Code Climate issue
//! format: `description`, `check_name`, `fingerprint`, `severity` and
//! `location.path` with `location.lines.begin`. The issues also carry the
//! rest of a valid Code Climate issue (`type`, `categories`, the roadsign as
//! `content.body`), which GitLab ignores.
//!
//! The fingerprint is the baseline's and SARIF's (see `fingerprint`): it
//! never holds a line number, so GitLab sees fog that merely moved as
//! unchanged, and it tells repeats apart, because GitLab shows only one
//! issue per fingerprint. The format has no place for files that could not
//! be checked: they go to standard error (and the exit status is 2).

use super::{display_path, write_errors, Emitter, Report};
use crate::rule::Severity;
use serde::Serialize;
use std::io::{self, Write};

pub struct Gitlab;

/// GitLab's severities are `info`, `minor`, `major`, `critical` and
/// `blocker`; fog is never worse than `major`.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Warning => "minor",
        Severity::Error => "major",
    }
}

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'a str,
    description: std::borrow::Cow<'a, str>,
    content: Content,
    categories: [&'static str; 1],
    severity: &'static str,
    fingerprint: String,
    location: Location,
}

#[derive(Serialize)]
struct Content {
    body: String,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

impl Emitter for Gitlab {
    fn emit(&self, report: &Report, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
        let issues: Vec<Issue> = report
            .findings()
            .map(|(path, located)| {
                let f = &located.finding;
                Issue {
                    kind: "issue",
                    check_name: f.rule.as_str(),
                    description: f.message_with_key(),
                    content: Content {
                        body: format!("**Write instead:** {}", f.roadsign),
                    },
                    categories: ["Clarity"],
                    severity: severity(f.severity),
                    fingerprint: located.fingerprint(path),
                    location: Location {
                        path: display_path(path),
                        lines: Lines {
                            begin: located.start.line,
                            end: located.end.line,
                        },
                    },
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &issues)?;
        writeln!(out)?;
        write_errors(report, err)
    }
}
