//! `--show-cleared PATH…`, for rule authors: every hit that judging cleared,
//! with the filter that cleared it (negation, duty, a roadsign in the same
//! sentence, …), so a rule that finds nothing can be told from a rule whose
//! hits the judge throws away.

use crate::check::Matcher;
use crate::report::{display_path, OutputFormat};
use crate::rule::RulePack;
use crate::source::SourceFile;
use crate::walk::{walk, Named, WalkItem};
use serde::Serialize;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Mutex;

#[derive(Serialize)]
struct ClearedHit {
    path: String,
    rule: String,
    line: usize,
    column: usize,
    byte_start: usize,
    byte_end: usize,
    matched: String,
    reason: String,
}

/// Prints the cleared hits of every file under `paths`, sorted by path and
/// position: one line each, or one JSON document with `--format json`.
/// Files that cannot be read are reported on `err`; returns how many.
pub fn show_cleared(
    paths: &[PathBuf],
    pack: &RulePack,
    matcher: &Matcher,
    max_file_size: u64,
    format: OutputFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<usize> {
    let items = Mutex::new(Vec::new());
    walk(paths, &Named::all(paths), 1, &|_, _| true, &|item| {
        items.lock().unwrap_or_else(|p| p.into_inner()).push(item)
    });
    let mut items = items.into_inner().unwrap_or_else(|p| p.into_inner());
    items.sort_by(|a, b| item_path(a).cmp(item_path(b)));
    let mut hits = Vec::new();
    let mut errors = 0;
    for item in items {
        let (path, kind) = match item {
            WalkItem::File { path, kind } => (path, kind),
            WalkItem::Skipped { .. } => continue,
            WalkItem::Error { path, message } => {
                errors += 1;
                writeln!(err, "error: {}: {message}", path.display())?;
                continue;
            }
        };
        let file = match SourceFile::read(&path, kind, max_file_size) {
            Ok(file) => file,
            Err(e) => {
                errors += 1;
                writeln!(err, "error: {e}")?;
                continue;
            }
        };
        let document = crate::extract::extract(&file);
        let found = matcher.check(&document);
        let judgement = crate::judge::judge_explained(&document, found, pack, true);
        // Placed as findings are: a lone `\r` breaks a line too, and a
        // byte-order mark takes no column.
        let lines = crate::span::LineIndex::new(file.text());
        for cleared in judgement.cleared {
            let start = cleared.span.start();
            let at = lines.line_col(start);
            hits.push(ClearedHit {
                path: display_path(&path),
                rule: cleared.rule.to_string(),
                line: at.line,
                column: at.column,
                byte_start: start,
                byte_end: cleared.span.end(),
                matched: cleared.matched,
                reason: cleared.reason,
            });
        }
    }
    if format == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "cleared": hits }))?;
        writeln!(out)?;
    } else {
        for hit in &hits {
            writeln!(
                out,
                "{}:{}:{}: cleared[{}] “{}” by {}",
                hit.path, hit.line, hit.column, hit.rule, hit.matched, hit.reason
            )?;
        }
    }
    Ok(errors)
}

fn item_path(item: &WalkItem) -> &std::path::Path {
    match item {
        WalkItem::File { path, .. } | WalkItem::Error { path, .. } | WalkItem::Skipped { path } => {
            path
        }
    }
}
