//! `--statistics`: how many findings each rule raised, most frequent first
//! (then by rule id), instead of the findings themselves; as text, followed
//! by the fog score of the run and of the foggiest files.

use super::score::{grouped, shown};
use super::{display_path, summary, write_errors, Emitter, Report};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub struct Statistics {
    /// One JSON document instead of aligned text.
    pub json: bool,
}

#[derive(Serialize)]
struct Count<'a> {
    rule: &'a str,
    severity: &'a str,
    count: usize,
}

impl Emitter for Statistics {
    fn emit(&self, report: &Report, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
        let mut counts: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
        for (_, located) in report.findings() {
            let f = &located.finding;
            let entry = counts
                .entry(f.rule.as_str())
                .or_insert((0, f.severity.as_str()));
            entry.0 += 1;
        }
        let mut rows: Vec<Count> = counts
            .into_iter()
            .map(|(rule, (count, severity))| Count {
                rule,
                severity,
                count,
            })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
        if self.json {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            return writeln!(out);
        }
        let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
        for row in &rows {
            writeln!(
                out,
                "{:>5}  {:width$}  {}",
                row.count, row.rule, row.severity
            )?;
        }
        write_errors(report, err)?;
        writeln!(out, "{}", summary(report))?;
        write_scores(report, out)
    }
}

/// How many of the foggiest files the text statistics name.
const FOGGIEST_SHOWN: usize = 10;

/// `fog score 12.3 (…)`, then the foggiest files with theirs.
fn write_scores(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let words = report.words();
    writeln!(
        out,
        "fog score {} (findings weighted error 3, warning 2, info 1, per 1,000 words of prose; {} word{})",
        shown(report.fog_score()),
        grouped(words),
        if words == 1 { "" } else { "s" }
    )?;
    let foggiest = report.foggiest();
    for file in foggiest.iter().take(FOGGIEST_SHOWN) {
        writeln!(
            out,
            "{:>7}  {} ({} word{})",
            shown(file.fog_score()),
            display_path(&file.path),
            grouped(file.words),
            if file.words == 1 { "" } else { "s" }
        )?;
    }
    if foggiest.len() > FOGGIEST_SHOWN {
        writeln!(
            out,
            "         … and {} more files with fog",
            foggiest.len() - FOGGIEST_SHOWN
        )?;
    }
    Ok(())
}
