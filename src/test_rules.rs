//! `--test-rules FILE…`, for rule authors: loads each rule file, adds it to
//! the pack (replacing a rule of the same id), runs its `[[examples]]` through
//! the whole pipeline with every rule active — so a clear example must not
//! trip any rule — and reports each failing example with its rule, number,
//! text, and what was expected and found.

use crate::check::Matcher;
use crate::examples::run_examples;
use crate::rule::{parse_rule, RuleError, RulePack};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How a `--test-rules` run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every example behaved.
    Passed,
    /// At least one example did not.
    Failed,
}

/// The `<category>/<name>.toml` a rule file is named by: its folder and file.
fn relative(path: &Path) -> PathBuf {
    let file = path.file_name().map(PathBuf::from).unwrap_or_default();
    match path
        .canonicalize()
        .ok()
        .and_then(|p| p.parent().and_then(|d| d.file_name()).map(PathBuf::from))
    {
        Some(category) => category.join(file),
        None => file,
    }
}

/// Loads `files`, or returns the errors of those that do not load.
pub fn load(files: &[PathBuf]) -> Result<Vec<crate::rule::Rule>, Vec<RuleError>> {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let loaded = std::fs::read_to_string(path)
            .map_err(|e| {
                Box::new(RuleError::unreadable(
                    path,
                    format!("cannot read rule file: {e}"),
                ))
            })
            .and_then(|text| parse_rule(path, &relative(path), &text, false));
        match loaded {
            Ok(rule) => rules.push(rule),
            Err(e) => errors.push(*e),
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// Runs the examples of `tested` with `base` (the built-in and configured
/// rules) active too, printing a line per rule and each failure.
pub fn run(
    tested: Vec<crate::rule::Rule>,
    base: &RulePack,
    out: &mut dyn Write,
) -> io::Result<Verdict> {
    let ids: Vec<String> = tested.iter().map(|r| r.id.to_string()).collect();
    let mut rules: Vec<crate::rule::Rule> = base
        .rules()
        .iter()
        .filter(|r| !ids.contains(&r.id.to_string()))
        .cloned()
        .collect();
    rules.extend(tested);
    let pack = RulePack::new(rules);
    let matcher = Matcher::compile(&pack);
    let mut examples = 0;
    let mut failed = 0;
    for id in &ids {
        let Some(index) = pack.rules().iter().position(|r| r.id.as_str() == id) else {
            continue;
        };
        let rule = pack.get(index);
        examples += rule.examples.len();
        let failures = run_examples(&pack, &matcher, &[index]);
        if rule.examples.is_empty() {
            writeln!(out, "warn {id}: no [[examples]], nothing is proven")?;
        } else if failures.is_empty() {
            writeln!(out, "ok   {id} ({} examples)", rule.examples.len())?;
        } else {
            writeln!(
                out,
                "FAIL {id} ({} of {} examples)",
                failures.len(),
                rule.examples.len()
            )?;
        }
        for failure in &failures {
            writeln!(out, "  {failure}")?;
        }
        failed += failures.len();
    }
    writeln!(
        out,
        "{} rule{}, {examples} example{}: {}",
        ids.len(),
        if ids.len() == 1 { "" } else { "s" },
        if examples == 1 { "" } else { "s" },
        if failed == 0 {
            "all pass".to_string()
        } else {
            format!("{failed} failed")
        }
    )?;
    Ok(if failed == 0 {
        Verdict::Passed
    } else {
        Verdict::Failed
    })
}
