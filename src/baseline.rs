//! Baselines: `--write-baseline FILE` records the fog a project has today, and
//! `--baseline FILE` then reports only fog that is not in it, so a team can
//! adopt fogcheck without fixing every page first. Entries are keyed by rule,
//! path, matched words and their neighbouring words plus an occurrence index
//! (see `fingerprint`), never by line, so they survive edits that move
//! lines. Entries that match nothing any more are counted as stale. Neither
//! side ever touches the checked files.

use crate::report::{display_path, FileReport, Report};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

/// The file format's version; a different one is refused, not guessed at.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

/// One known finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    path: String,
    /// The matched words, lowercased, whitespace collapsed.
    matched: String,
    /// Up to three words before and after, from the same paragraph.
    before: String,
    after: String,
    /// 0 for the first finding with this key in the file, 1 for the next…
    occurrence: usize,
}

impl Entry {
    fn of(path: &str, located: &crate::report::LocatedFinding) -> Entry {
        Entry {
            rule: located.finding.rule.as_str().to_string(),
            path: path.to_string(),
            matched: crate::fingerprint::normalise(&located.finding.matched),
            before: located.context.before.clone(),
            after: located.context.after.clone(),
            occurrence: located.occurrence,
        }
    }
}

/// A loaded baseline, shared by the walk's threads.
#[derive(Debug)]
pub struct Baseline {
    by_path: HashMap<String, HashSet<Entry>>,
    /// The paths the run checked, so entries of files it never saw count as
    /// stale only when the file is gone (a partial run is not a clean-up).
    checked: Mutex<HashSet<String>>,
}

impl Baseline {
    /// Reads a baseline written by `--write-baseline`, at most `limit` bytes.
    pub fn load(path: &Path, limit: u64) -> Result<Baseline, String> {
        let text = crate::source::read_text(path, limit)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a fogcheck baseline: {e}", path.display()))?;
        if file.version != VERSION {
            return Err(format!(
                "{} is a version {} baseline; this fogcheck reads version {VERSION} (rewrite it with --write-baseline)",
                path.display(),
                file.version
            ));
        }
        let mut by_path: HashMap<String, HashSet<Entry>> = HashMap::new();
        for entry in file.entries {
            by_path.entry(entry.path.clone()).or_default().insert(entry);
        }
        Ok(Baseline {
            by_path,
            checked: Mutex::new(HashSet::new()),
        })
    }

    /// Removes the findings of `file` that the baseline knows. Returns how
    /// many were removed and how many of the file's entries matched nothing.
    pub fn filter(&self, file: &mut FileReport) -> (usize, usize) {
        let path = display_path(&file.path);
        self.checked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.clone());
        let Some(known) = self.by_path.get(&path) else {
            return (0, 0);
        };
        let before = file.findings.len();
        file.findings
            .retain(|located| !known.contains(&Entry::of(&path, located)));
        let baselined = before - file.findings.len();
        (baselined, known.len() - baselined)
    }

    /// Entries for files the run did not check and that no longer exist.
    pub fn stale_elsewhere(&self, cwd: &Path) -> usize {
        let checked = self.checked.lock().unwrap_or_else(|p| p.into_inner());
        self.by_path
            .iter()
            .filter(|(path, _)| !checked.contains(*path) && !cwd.join(path).exists())
            .map(|(_, entries)| entries.len())
            .sum()
    }
}

/// Writes every finding of `report` as a baseline to `path`; returns how
/// many entries were written.
pub fn write(path: &Path, report: &Report) -> std::io::Result<usize> {
    let entries: Vec<Entry> = report
        .findings()
        .map(|(file, located)| Entry::of(&display_path(file), located))
        .collect();
    let count = entries.len();
    let mut text = serde_json::to_string_pretty(&BaselineFile {
        version: VERSION,
        entries,
    })?;
    text.push('\n');
    crate::output::write_atomically(path, crate::output::Existing::Replace, |file| {
        file.write_all(text.as_bytes())
    })?;
    Ok(count)
}
