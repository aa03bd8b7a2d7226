//! `--format json`: the JSON contract (README, "Output"), one complete document with
//! a flat `findings` list, `errors`, the checked `files` (words and fog
//! score) and a `summary`. Other tools rely on it: add fields freely, but
//! change or remove one only with a new `version`.

use super::{display_path, non_utf8_path_bytes, stream, Emitter, Report};
use serde::Serialize;
use std::io::{self, Write};

/// The document, with its findings and errors as placeholders: they are
/// written one by one (see `stream`), never held as one value.
#[derive(Serialize)]
struct JsonReport {
    version: u32,
    findings: String,
    errors: String,
    /// Every file checked, clean ones included, sorted by path.
    files: String,
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
    /// Only for a path that is not UTF-8: its bytes, which `path` shows
    /// with replacement characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<Vec<u8>>,
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
    /// Only for fog in a data or translation file: the key path of its
    /// value (`pricing.tiers[2].features[0]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    key_path: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<Vec<u8>>,
    /// Only for a problem at a place in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
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
        let doc = JsonReport {
            version: 1,
            findings: stream::placeholder("findings"),
            errors: stream::placeholder("errors"),
            files: stream::placeholder("files"),
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
        stream::write_pretty(out, &doc, |name, array| match name {
            "findings" => report.findings().try_for_each(|(path, l)| {
                let f = &l.finding;
                array.item(&JsonFinding {
                    path: display_path(path),
                    path_bytes: non_utf8_path_bytes(path),
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
                    key_path: f.key_path.as_deref(),
                })
            }),
            "files" => report.files.iter().try_for_each(|file| {
                array.item(&JsonFile {
                    path: display_path(&file.path),
                    words: file.words,
                    findings: file.findings.len(),
                    fog_score: file.fog_score(),
                })
            }),
            _ => report.errors.iter().try_for_each(|e| {
                array.item(&JsonError {
                    path: display_path(&e.path),
                    path_bytes: non_utf8_path_bytes(&e.path),
                    line: e.at.map(|at| at.line),
                    column: e.at.map(|at| at.column),
                    message: &e.message,
                })
            }),
        })
    }
}
