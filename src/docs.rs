//! Rule documentation for people: `--list-rules` and `--explain` (a rule, a
//! category, or `suppression/unused`), printed from the same TOML strings
//! the rules were loaded from.

use crate::report::OutputFormat;
use crate::rule::{Pattern, Rule, RulePack};
use crate::selector::UNUSED_SUPPRESSION;
use crate::suppress::{UNUSED_ROADSIGN, UNUSED_SUMMARY, UNUSED_WHY};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct ListedRule<'a> {
    id: &'a str,
    category: &'a str,
    severity: &'a str,
    summary: &'a str,
    builtin: bool,
    /// The trigger phrases as written, templates included (empty for regex
    /// and `near` rules).
    phrases: &'a [String],
    /// Every literal phrase the matcher looks for on the rule's behalf:
    /// templates expanded, both sides of a `near` rule (empty for regex).
    matched_phrases: Vec<&'a str>,
    /// The regex, for regex rules.
    pattern: Option<&'a str>,
    /// The two phrase sets and their distance, for `near` rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    near: Option<ListedNear<'a>>,
    link: Option<&'a str>,
}

#[derive(Serialize)]
struct ListedNear<'a> {
    first: &'a [String],
    then: &'a [String],
    within: usize,
    either_order: bool,
}

/// Every rule, one line each (or one JSON document with `--format json`).
pub fn list_rules(pack: &RulePack, format: OutputFormat, out: &mut dyn Write) -> io::Result<()> {
    if format == OutputFormat::Json {
        let listed: Vec<ListedRule> = pack
            .rules()
            .iter()
            .map(|r| ListedRule {
                id: r.id.as_str(),
                category: r.id.category(),
                severity: r.severity.as_str(),
                summary: &r.summary,
                builtin: r.builtin,
                phrases: match &r.pattern {
                    Pattern::Phrases(p) => &p.written,
                    Pattern::Regex(_) | Pattern::Near(_) | Pattern::Ledger => &[],
                },
                pattern: match &r.pattern {
                    Pattern::Regex(re) => Some(re.as_str()),
                    Pattern::Phrases(_) | Pattern::Near(_) | Pattern::Ledger => None,
                },
                matched_phrases: match &r.pattern {
                    Pattern::Phrases(p) => p.expanded.iter().map(String::as_str).collect(),
                    Pattern::Near(near) => near
                        .first
                        .expanded
                        .iter()
                        .chain(&near.then.expanded)
                        .map(String::as_str)
                        .collect(),
                    Pattern::Regex(_) | Pattern::Ledger => Vec::new(),
                },
                near: match &r.pattern {
                    Pattern::Near(near) => Some(ListedNear {
                        first: &near.first.written,
                        then: &near.then.written,
                        within: near.within,
                        either_order: near.either_order,
                    }),
                    _ => None,
                },
                link: r.link.as_deref(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &listed)?;
        return writeln!(out);
    }
    let width = pack
        .rules()
        .iter()
        .map(|r| r.id.as_str().len())
        .max()
        .unwrap_or(0);
    for rule in pack.rules() {
        writeln!(
            out,
            "{:width$}  {:7}  {}",
            rule.id.as_str(),
            rule.severity.as_str(),
            rule.summary
        )?;
    }
    Ok(())
}

/// One rule's whole documentation: what it matches, why, what to write
/// instead, the guidance it rests on, and its examples.
pub fn explain(rule: &Rule, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let (bold, dim, reset) = if color {
        ("\x1b[1m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    writeln!(out, "{bold}{}{reset} ({})", rule.id, rule.severity)?;
    writeln!(out, "{}", rule.summary)?;
    writeln!(out)?;
    writeln!(out, "{bold}What it matches{reset}")?;
    match &rule.pattern {
        Pattern::Phrases(phrases) => {
            writeln!(out, "  {}", quoted(&phrases.written))?;
            if phrases.expanded.len() > phrases.written.len() {
                writeln!(
                    out,
                    "  ({} phrases once the {{word lists}} are filled in)",
                    phrases.expanded.len()
                )?;
            }
        }
        Pattern::Regex(regex) => writeln!(out, "  the regex {}", regex.as_str())?,
        Pattern::Ledger => writeln!(
            out,
            "  no words: the promise ledger compares every quantified promise of the\n  \
             files checked (see `fogcheck --ledger`) and reports this on each place"
        )?,
        Pattern::Near(near) => {
            writeln!(out, "  {}", quoted(&near.first.written))?;
            let order = if near.either_order {
                "before or after"
            } else {
                "followed"
            };
            writeln!(
                out,
                "  {order} within {} words, in the same sentence, by",
                near.within
            )?;
            writeln!(out, "  {}", quoted(&near.then.written))?;
        }
    }
    if !rule.except.is_empty() {
        writeln!(out, "  but not in: {}", quoted(&rule.except))?;
    }
    if !rule.unless.sentence_has.is_empty() {
        let names: Vec<&str> = rule.unless.sentence_has.iter().map(|d| d.name()).collect();
        writeln!(out, "  unless pinned down nearby by: {}", names.join(", "))?;
    }
    writeln!(out)?;
    writeln!(out, "{bold}Why it is fog{reset}")?;
    writeln!(out, "  {}", rule.why)?;
    writeln!(out)?;
    writeln!(out, "{bold}Write instead{reset}")?;
    writeln!(out, "  {}", rule.roadsign)?;
    if let Some(link) = &rule.link {
        writeln!(out)?;
        writeln!(out, "{bold}Guidance{reset}")?;
        writeln!(out, "  {link}")?;
    }
    writeln!(out)?;
    writeln!(out, "{bold}Examples{reset}")?;
    for example in &rule.examples {
        if example.fog.is_empty() {
            writeln!(out, "  clear: {}", example.text)?;
        } else {
            writeln!(out, "  fog:   {}", example.text)?;
            writeln!(
                out,
                "         {dim}flags: {}{reset}",
                example.fog.join(", ")
            )?;
        }
        if !example.declared.is_empty() {
            let facts: Vec<String> = example
                .declared
                .iter()
                .map(|(kind, value)| format!("{kind} = \"{value}\""))
                .collect();
            writeln!(
                out,
                "         {dim}declared: [promises] {}{reset}",
                facts.join(", ")
            )?;
        }
    }
    Ok(())
}

/// Phrases as a list a reader can tell apart even when one holds a comma.
fn quoted(phrases: &[String]) -> String {
    let quoted: Vec<String> = phrases.iter().map(|p| format!("“{p}”")).collect();
    quoted.join(", ")
}

/// `--explain CATEGORY`: every rule of the category with its severity and
/// summary. False when the category has no rule.
pub fn explain_category(
    pack: &RulePack,
    category: &str,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let bold = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    let mut rows: Vec<(&str, &str, &str)> = pack
        .rules()
        .iter()
        .filter(|r| r.id.category() == category)
        .map(|r| (r.id.as_str(), r.severity.as_str(), r.summary.as_str()))
        .collect();
    if category == "suppression" {
        rows.push((UNUSED_SUPPRESSION, "warning", UNUSED_SUMMARY));
    }
    if rows.is_empty() {
        return Ok(false);
    }
    let count = rows.len();
    writeln!(
        out,
        "{}{category}{} ({count} rule{})",
        bold.0,
        bold.1,
        if count == 1 { "" } else { "s" }
    )?;
    writeln!(out)?;
    let width = rows.iter().map(|(id, _, _)| id.len()).max().unwrap_or(0);
    for (id, severity, summary) in rows {
        writeln!(out, "  {id:width$}  {severity:7}  {summary}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "See fogcheck --explain RULE for one rule's documentation."
    )?;
    Ok(true)
}

/// `--explain suppression/unused`: the warning about inline suppressions
/// that silence nothing, which is not a rule file.
pub fn explain_unused_suppression(color: bool, out: &mut dyn Write) -> io::Result<()> {
    let (bold, reset) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    writeln!(out, "{bold}{UNUSED_SUPPRESSION}{reset} (warning)")?;
    writeln!(out, "{UNUSED_SUMMARY}")?;
    writeln!(out)?;
    writeln!(out, "{bold}What it reports{reset}")?;
    writeln!(
        out,
        "  A fogcheck-disable, -disable-next-line, -disable-line or -disable-file"
    )?;
    writeln!(
        out,
        "  directive that silences no finding, or a rule or category named in one"
    )?;
    writeln!(out, "  that silences nothing there.")?;
    writeln!(out, "  It is reported at the directive itself.")?;
    writeln!(out)?;
    writeln!(out, "{bold}Why it matters{reset}")?;
    writeln!(out, "  {UNUSED_WHY}")?;
    writeln!(out)?;
    writeln!(out, "{bold}Write instead{reset}")?;
    writeln!(out, "  {UNUSED_ROADSIGN}")?;
    writeln!(out)?;
    writeln!(out, "{bold}Turning it off{reset}")?;
    writeln!(
        out,
        "  ignore = [\"suppression\"] in fogcheck.toml, or --ignore suppression."
    )?;
    Ok(())
}
