//! Reporting: placing findings in their file (lines, columns, the source lines
//! to show) and printing the finished, sorted report in one of the output
//! formats. Each format is one file behind the `Emitter` trait; emitters only
//! print what they are given.

mod concise;
mod github;
mod gitlab;
mod html;
mod human;
mod json;
mod junit;
mod sarif;
pub mod score;
mod statistics;
pub(crate) mod stream;

use crate::extract::{Document, SegmentKind};
use crate::finding::Finding;
use crate::fingerprint::{self, Context};
use crate::rule::{RulePack, Severity};
use crate::span::{LineCol, LineIndex};
use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The source lines a finding sits on, kept so a report can be rendered
/// after the file itself has been dropped.
#[derive(Debug, Clone)]
pub struct Excerpt {
    pub text: Arc<str>,
    /// 1-based number of the excerpt's first line.
    pub first_line: usize,
    /// The finding's bytes within `text`.
    pub span: Range<usize>,
}

/// A finding with its place in the file.
#[derive(Debug, Clone)]
pub struct LocatedFinding {
    pub finding: Finding,
    pub start: LineCol,
    /// The position just after the last character.
    pub end: LineCol,
    pub excerpt: Excerpt,
    /// The words around the fog, for its fingerprint.
    pub context: Context,
    /// How many earlier findings of the file share rule, words and context.
    pub occurrence: usize,
    /// Other places the finding is about (a ledger contradiction's other
    /// places), for SARIF's `relatedLocations`; empty for most findings.
    pub related: Vec<RelatedPlace>,
}

/// Another place a finding names, already placed in its file.
#[derive(Debug, Clone)]
pub struct RelatedPlace {
    pub path: PathBuf,
    pub span: crate::span::Span,
    pub start: LineCol,
    pub end: LineCol,
    /// What stands there (`return window 14 days`).
    pub message: String,
}

impl LocatedFinding {
    /// The finding's identity across edits (see `fingerprint`), as the
    /// baseline and SARIF use it; `path` is the file's path.
    pub fn fingerprint(&self, path: &Path) -> String {
        fingerprint::fingerprint(
            self.finding.rule.as_str(),
            &display_path(path),
            &self.finding.matched,
            &self.context,
            self.occurrence,
        )
    }
}

/// One checked file: its findings, in source order, and how much prose it
/// holds.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    pub findings: Vec<LocatedFinding>,
    /// Words of prose (see `Document::words`), for the fog score.
    pub words: usize,
    /// The file's prose, kept only for formats that show it
    /// (`OutputFormat::shows_prose`) and only for files with findings;
    /// `Finding::in_prose` indexes into it.
    pub prose: Option<Vec<ProseSegment>>,
}

/// One segment of a file's prose as a reader sees it, kept after the file
/// is dropped: the text of an `extract::Segment` without its source map.
#[derive(Debug, Clone)]
pub struct ProseSegment {
    pub kind: SegmentKind,
    /// The table row this segment is a cell of, shared by its sibling cells.
    pub row: Option<u32>,
    pub text: String,
}

/// The prose of `document`, segment for segment, to keep in a report.
pub fn keep_prose(document: Document) -> Vec<ProseSegment> {
    document
        .segments
        .into_iter()
        .map(|s| ProseSegment {
            kind: s.kind,
            row: s.row,
            text: s.text,
        })
        .collect()
}

/// A file (or rule file) that could not be checked, and why.
#[derive(Debug, Clone)]
pub struct FileError {
    pub path: PathBuf,
    /// Where in the file, for a problem at a place in it (a suppression
    /// naming an unknown rule); `None` for the file as a whole.
    pub at: Option<crate::span::LineCol>,
    pub message: String,
}

impl FileError {
    /// `path:line:col` (or just the path), as the one-line reports show it.
    pub fn location(&self) -> String {
        match self.at {
            Some(at) => format!("{}:{}:{}", display_path(&self.path), at.line, at.column),
            None => display_path(&self.path),
        }
    }
}

/// What a `--baseline` run left out.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BaselineSummary {
    /// Findings the baseline already knew, not reported.
    pub baselined: usize,
    /// Baseline entries that matched nothing: the file can be rewritten.
    pub stale: usize,
}

/// Everything a run found, ready to print.
#[derive(Debug, Default)]
pub struct Report {
    /// Every file checked, clean ones too (with no findings).
    pub files: Vec<FileReport>,
    pub errors: Vec<FileError>,
    pub files_checked: usize,
    /// Files found in folders and not checked because fogcheck does not
    /// read their format (by extension), sorted.
    pub skipped: Vec<PathBuf>,
    /// Paths named explicitly (or standard input's name) that the config
    /// excludes: left out on purpose, so a run of only those is not empty.
    pub excluded_explicitly: usize,
    /// Set when the run compared against a baseline.
    pub baseline: Option<BaselineSummary>,
    /// Every file the run set out to check, read or not (and the name given
    /// to standard input), so no output is written over one of them.
    pub inputs: Vec<PathBuf>,
    /// Some file holds a finding at or above the fail level in force for
    /// it (its config's `fail-on`, or `--fail-on`).
    pub fails: bool,
}

/// Sorts `items` by their paths in `Path`'s own order (component by
/// component), keeping the order of equal ones. A sort compares each path
/// many times, and comparing two by their components was most of sorting
/// a report's files; on Unix each path becomes, once, bytes that compare
/// the same way (`path_order_key`).
pub fn sort_by_path<T>(items: &mut [T], path: impl Fn(&T) -> &Path) {
    #[cfg(unix)]
    items.sort_by_cached_key(|item| path_order_key(path(item)));
    #[cfg(not(unix))]
    items.sort_by(|a, b| path(a).cmp(path(b)));
}

/// Bytes that compare as `path` does among paths: each component as a tag
/// in the order `Component` compares its kinds (root, `.`, `..`, a name),
/// a name's bytes, and a 0, which no name holds on Unix and which sorts a
/// name before any longer one it starts.
#[cfg(unix)]
fn path_order_key(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for component in path.components() {
        match component {
            // Only on Windows.
            Component::Prefix(_) => key.push(1),
            Component::RootDir => key.push(2),
            Component::CurDir => key.push(3),
            Component::ParentDir => key.push(4),
            Component::Normal(name) => {
                key.push(5);
                key.extend_from_slice(name.as_bytes());
            }
        }
        key.push(0);
    }
    key
}

/// Places `findings` of the file at `path` whose text is `text` and whose
/// prose counts `words` words. The line index is built here, once per file,
/// and only when there is a finding.
pub fn locate(path: &Path, text: &str, words: usize, findings: Vec<Finding>) -> FileReport {
    Locator::new(text).report(path, words, findings)
}

/// Places the findings of one file: line and column, the lines shown, the
/// fingerprint's context and occurrence. One locator serves every finding
/// of a file (the rules' and the ledger's entries), so the file's line
/// index is built once, when the first finding is placed.
pub struct Locator<'t> {
    text: &'t str,
    index: Option<LineIndex<'t>>,
    contexts: fingerprint::Contexts<'t>,
    /// Findings on the same lines share one copy of them: a long line with
    /// many findings is held once, not once a finding.
    shared_lines: Option<(Range<usize>, Arc<str>)>,
    /// How many findings placed so far share a rule, words and context.
    seen: foldhash::HashMap<(crate::rule::RuleId, String, Context), usize>,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Self {
        Locator {
            text,
            index: None,
            contexts: fingerprint::Contexts::new(text),
            shared_lines: None,
            seen: foldhash::HashMap::default(),
        }
    }

    /// The report of the file at `path`, whose prose counts `words` words,
    /// with `findings` placed.
    pub fn report(&mut self, path: &Path, words: usize, findings: Vec<Finding>) -> FileReport {
        FileReport {
            path: path.to_path_buf(),
            findings: findings.into_iter().map(|f| self.place(f)).collect(),
            words,
            prose: None,
        }
    }

    /// `finding`, placed. Findings in source order cost one pass over the
    /// text for their contexts; any order gives the same result.
    pub fn place(&mut self, finding: Finding) -> LocatedFinding {
        let text = self.text;
        let index = self.index.get_or_insert_with(|| LineIndex::new(text));
        let context = self.contexts.context(finding.span);
        let key = (
            finding.rule.clone(),
            fingerprint::normalise(&finding.matched),
            context.clone(),
        );
        let count = self.seen.entry(key).or_insert(0);
        let occurrence = *count;
        *count += 1;
        let lines = index.lines_around(finding.span);
        let lines_text = match &self.shared_lines {
            Some((range, shared)) if *range == lines => shared.clone(),
            _ => {
                // A lone `\r` ends a line like `\n` does (see `LineIndex`);
                // the renderers break only at `\n`, so it becomes one,
                // byte for byte, keeping the span's offsets.
                let shown = &text[lines.clone()];
                let shared: Arc<str> = if shown.contains('\r') {
                    lone_cr_to_lf(shown).into()
                } else {
                    shown.into()
                };
                self.shared_lines = Some((lines.clone(), shared.clone()));
                shared
            }
        };
        let excerpt = Excerpt {
            text: lines_text,
            first_line: index.line(lines.start),
            span: (finding.span.start() - lines.start)..(finding.span.end() - lines.start),
        };
        LocatedFinding {
            start: index.line_col(finding.span.start()),
            end: index.line_col(finding.span.end()),
            excerpt,
            finding,
            context,
            occurrence,
            related: Vec::new(),
        }
    }
}

/// `text` with every `\r` not followed by `\n` replaced by `\n`.
fn lone_cr_to_lf(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

impl Report {
    /// Sorts files and errors by path (findings are already in source
    /// order), and merges a file reached twice, so output never depends on
    /// thread timing or on how paths were given.
    pub fn sort(&mut self) {
        sort_by_path(&mut self.files, |file| &file.path);
        self.files.dedup_by(|a, b| a.path == b.path);
        self.errors
            .sort_by(|a, b| (&a.path, a.at, &a.message).cmp(&(&b.path, b.at, &b.message)));
        self.errors
            .dedup_by(|a, b| a.path == b.path && a.at == b.at && a.message == b.message);
        self.skipped.sort();
        self.skipped.dedup();
    }

    /// The skipped files per extension (`(no extension)` for none), most
    /// frequent first, then by extension.
    pub fn skipped_by_extension(&self) -> Vec<(String, usize)> {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for path in &self.skipped {
            let ext = path.extension().map_or_else(
                || "(no extension)".to_string(),
                |e| format!(".{}", e.to_string_lossy()),
            );
            *counts.entry(ext).or_insert(0) += 1;
        }
        let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts
    }

    /// Every finding with its file's path, in output order.
    pub fn findings(&self) -> impl Iterator<Item = (&Path, &LocatedFinding)> {
        self.files
            .iter()
            .flat_map(|f| f.findings.iter().map(move |l| (f.path.as_path(), l)))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings()
            .filter(|(_, l)| l.finding.severity == severity)
            .count()
    }

    pub fn total_findings(&self) -> usize {
        self.files.iter().map(|f| f.findings.len()).sum()
    }

    /// The worst severity found, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings().map(|(_, l)| l.finding.severity).max()
    }
}

/// A path as users want to read it: as given, without a leading `./`. A
/// name that is not UTF-8 is shown with replacement characters;
/// `path_bytes` keeps it exactly.
pub fn display_path(path: &Path) -> String {
    let shown = path.to_string_lossy();
    let shown = shown.strip_prefix("./").unwrap_or(&shown);
    shown.replace('\\', "/")
}

/// The bytes of a path shown like `display_path` (no leading `./`, `/`
/// between names), but as stored: on Unix the file name's own bytes, UTF-8
/// or not (on Windows, WTF-8), so a tool can open the file by them.
pub fn path_bytes(path: &Path) -> Vec<u8> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let bytes = bytes.strip_prefix(b"./").unwrap_or(bytes);
    bytes
        .iter()
        .map(|&b| if b == b'\\' { b'/' } else { b })
        .collect()
}

/// `path_bytes` when the path is not UTF-8 (its `display_path` lost
/// something), for JSON's `path_bytes`; `None` for a UTF-8 path.
pub fn non_utf8_path_bytes(path: &Path) -> Option<Vec<u8>> {
    path.to_str().is_none().then(|| path_bytes(path))
}

/// Writes a finished report. `out` gets the report; `err` gets what a human
/// format sends to standard error (file errors).
pub trait Emitter {
    fn emit(&self, report: &Report, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()>;
}

/// The output formats, as `--format` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// rustc-style: the source line with the fog underlined and the roadsign as help.
    Human,
    /// One line a finding: path:line:col: severity[rule] message.
    Concise,
    /// One JSON document: findings, errors and a summary.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// GitLab Code Quality report (JSON), for the merge request widget.
    Gitlab,
    /// JUnit XML: a test suite per file, a failure per finding.
    Junit,
    /// One self-contained HTML page: a summary, then each file's prose with the fog marked.
    Html,
}

impl OutputFormat {
    /// True for formats that must stay one parseable document, with every
    /// error inside it.
    pub fn is_document(self) -> bool {
        matches!(
            self,
            OutputFormat::Json | OutputFormat::Sarif | OutputFormat::Junit
        )
    }

    /// The emitter for this format; `pack` gives SARIF its rule metadata.
    pub fn emitter(self, color: bool, pack: &RulePack) -> Box<dyn Emitter> {
        match self {
            OutputFormat::Human => Box::new(human::Human { color }),
            OutputFormat::Concise => Box::new(concise::Concise),
            OutputFormat::Json => Box::new(json::Json),
            OutputFormat::Sarif => Box::new(sarif::Sarif::new(pack)),
            OutputFormat::Github => Box::new(github::Github),
            OutputFormat::Gitlab => Box::new(gitlab::Gitlab),
            OutputFormat::Junit => Box::new(junit::Junit),
            OutputFormat::Html => Box::new(html::Html::new(pack)),
        }
    }

    /// `--statistics`: a count per rule instead of each finding, as text
    /// (`human`, `concise`) or a JSON list (`json`). `None` for formats whose
    /// schema has no place for counts (`sarif`, `github`, `gitlab`, `junit`)
    /// and for `html`, whose summary already counts.
    pub fn statistics_emitter(self) -> Option<Box<dyn Emitter>> {
        match self {
            OutputFormat::Human | OutputFormat::Concise => {
                Some(Box::new(statistics::Statistics { json: false }))
            }
            OutputFormat::Json => Some(Box::new(statistics::Statistics { json: true })),
            OutputFormat::Sarif
            | OutputFormat::Github
            | OutputFormat::Gitlab
            | OutputFormat::Junit
            | OutputFormat::Html => None,
        }
    }

    /// True for formats that show each file's prose around its findings:
    /// the checker then keeps the prose of files with findings in the
    /// report (other formats keep only findings, and use less memory).
    pub fn shows_prose(self) -> bool {
        self == OutputFormat::Html
    }

    /// True when the format shows a finding's other places
    /// (`LocatedFinding::related`, SARIF's `relatedLocations`).
    pub fn shows_related(self) -> bool {
        self == OutputFormat::Sarif
    }

    /// The name `--format` knows this format by.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Human => "human",
            OutputFormat::Concise => "concise",
            OutputFormat::Json => "json",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Github => "github",
            OutputFormat::Gitlab => "gitlab",
            OutputFormat::Junit => "junit",
            OutputFormat::Html => "html",
        }
    }
}

/// The closing summary line of the human formats.
pub fn summary_line(report: &Report) -> String {
    let total = report.total_findings();
    let files = report.files_checked;
    let mut line = format!(
        "{total} finding{} ({} error, {} warning, {} info) in {files} file{} checked",
        if total == 1 { "" } else { "s" },
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
        if files == 1 { "" } else { "s" },
    );
    if let Some(baseline) = report.baseline {
        line.push_str(&format!(", {} baselined", baseline.baselined));
        if baseline.stale > 0 {
            let n = baseline.stale;
            line.push_str(&format!(
                "; {n} baseline entr{} no longer match{} (rewrite it with --write-baseline)",
                if n == 1 { "y" } else { "ies" },
                if n == 1 { "es" } else { "" },
            ));
        }
    }
    if !report.errors.is_empty() {
        let n = report.errors.len();
        line.push_str(&format!(
            "; {n} error{} reading input",
            if n == 1 { "" } else { "s" }
        ));
    }
    line
}

/// The closing summary of the text formats: the summary line, then, when
/// files were skipped for their format, a line naming their extensions.
pub fn summary(report: &Report) -> String {
    let mut summary = summary_line(report);
    if let Some(line) = skipped_line(report) {
        summary.push('\n');
        summary.push_str(&line);
    }
    summary
}

/// `skipped 3 files fogcheck does not read: 2 .js, 1 .py (…)`, or `None`
/// when nothing was skipped.
pub fn skipped_line(report: &Report) -> Option<String> {
    let n = report.skipped.len();
    if n == 0 {
        return None;
    }
    let by_ext: Vec<String> = report
        .skipped_by_extension()
        .into_iter()
        .map(|(ext, count)| format!("{count} {ext}"))
        .collect();
    Some(format!(
        "skipped {n} file{} fogcheck does not read: {} (list them with --verbose)",
        if n == 1 { "" } else { "s" },
        by_ext.join(", ")
    ))
}

/// File errors, one line each, for the human formats.
pub(crate) fn write_errors(report: &Report, err: &mut dyn Write) -> io::Result<()> {
    for error in &report.errors {
        writeln!(err, "error: {}: {}", error.location(), error.message)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_path(paths: &[&str]) -> Vec<String> {
        let mut paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        sort_by_path(&mut paths, |p| p);
        paths.iter().map(|p| p.display().to_string()).collect()
    }

    #[test]
    fn paths_sort_component_by_component() {
        // By bytes "a-b" < "a/b"; by components "a" < "a-b".
        assert_eq!(by_path(&["a-b", "a/b", "a"]), ["a", "a/b", "a-b"]);
        // `.` comes before any name, `..` after `.`, a root first.
        assert_eq!(
            by_path(&["-x", "./x", "../x", "/x"]),
            ["/x", "./x", "../x", "-x"]
        );
        // Repeated and trailing separators are no components.
        assert_eq!(
            by_path(&["a//b/", "a/b/c", "a/b"]),
            ["a//b/", "a/b", "a/b/c"]
        );
    }

    proptest::proptest! {
        /// The order is `Path`'s, and equal paths keep their order.
        #[test]
        fn sorting_by_path_keys_is_sorting_by_path(
            paths in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec!["a", "b", "-", ".", "..", "/", "é", "a-b", "ab"]),
                    0..6,
                ),
                0..12,
            ),
        ) {
            let paths: Vec<(PathBuf, usize)> = paths
                .iter()
                .enumerate()
                .map(|(i, parts)| (PathBuf::from(parts.concat()), i))
                .collect();
            let mut expected = paths.clone();
            expected.sort_by(|a, b| a.0.cmp(&b.0));
            let mut got = paths;
            sort_by_path(&mut got, |(p, _)| p);
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
