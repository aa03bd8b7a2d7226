//! `--format json`: the JSON contract of DESIGN §4, one complete document with
//! a flat `findings` list, `errors`, the checked `files` (words and fog
//! score) and a `summary`. Other tools rely on it: add fields freely, but
//! change or remove one only with a new `version`.

use super::{display_path, Emitter, Report};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonError<'a>>,
    /// Every file checked, clean ones included, sorted by path.
    files: Vec<JsonFile>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonFile {
    path: String,
    /// Words of prose.
    words: usize,
    findings: usize,
    /// Findings weighted by severity per 1,000 words (see `score`).
    fog_score: f64,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: String,
    rule: &'a str,
    category: &'a str,
    severity: &'a str,
    byte_start: usize,
    byte_end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    matched: &'a str,
    message: &'a str,
    roadsign: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: String,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files_checked: usize,
    /// Files found in folders and not checked because fogcheck does not
    /// read their format.
    files_skipped: usize,
    findings: usize,
    errors: usize,
    /// Words of prose in the files checked.
    words: usize,
    /// The run's fog score: all findings weighted by severity per 1,000
    /// words of all files.
    fog_score: f64,
    /// Only with `--baseline`: findings left out because the baseline has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    baselined: Option<usize>,
    /// Only with `--baseline`: entries that matched nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_stale: Option<usize>,
}

pub struct Json;

impl Emitter for Json {
    fn emit(&self, report: &Report, out: &mut dyn Write, _err: &mut dyn Write) -> io::Result<()> {
        let findings = report
            .findings()
            .map(|(path, l)| {
                let f = &l.finding;
                JsonFinding {
                    path: display_path(path),
                    rule: f.rule.as_str(),
                    category: f.rule.category(),
                    severity: f.severity.as_str(),
                    byte_start: f.span.start(),
                    byte_end: f.span.end(),
                    line: l.start.line,
                    column: l.start.column,
                    end_line: l.end.line,
                    end_column: l.end.column,
                    matched: &f.matched,
                    message: &f.message,
                    roadsign: &f.roadsign,
                }
            })
            .collect();
        let errors = report
            .errors
            .iter()
            .map(|e| JsonError {
                path: display_path(&e.path),
                message: &e.message,
            })
            .collect();
        let files = report
            .files
            .iter()
            .map(|file| JsonFile {
                path: display_path(&file.path),
                words: file.words,
                findings: file.findings.len(),
                fog_score: file.fog_score(),
            })
            .collect();
        let doc = JsonReport {
            version: 1,
            findings,
            errors,
            files,
            summary: JsonSummary {
                files_checked: report.files_checked,
                files_skipped: report.skipped.len(),
                findings: report.total_findings(),
                errors: report.errors.len(),
                words: report.words(),
                fog_score: report.fog_score(),
                baselined: report.baseline.map(|b| b.baselined),
                baseline_stale: report.baseline.map(|b| b.stale),
            },
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
