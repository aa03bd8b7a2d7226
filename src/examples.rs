//! Proof that rules work: runs each rule's `[[examples]]` through the whole
//! pipeline (extract, check, judge) and audits the pack's documentation. The
//! test suite runs it over the built-in pack; rule authors get it too.

use crate::check::Matcher;
use crate::rule::{Pattern, Rule, RuleId, RulePack};
use crate::source::{FileKind, SourceFile};
use std::fmt;

/// One example that did not behave as its rule file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: RuleId,
    /// 1-based position among the rule's examples.
    pub example: usize,
    pub text: String,
    pub problem: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} example {}: {}\n    text: {:?}",
            self.rule, self.example, self.problem, self.text
        )
    }
}

/// Runs every example of the rules `pack.rules()[i]` for `i` in `selected`,
/// with the whole pack active (a clear example must not trip any rule).
pub fn run_examples(pack: &RulePack, matcher: &Matcher, selected: &[usize]) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for &index in selected {
        let rule = pack.get(index);
        for (n, example) in rule.examples.iter().enumerate() {
            let fail = |problem: String| ExampleFailure {
                rule: rule.id.clone(),
                example: n + 1,
                text: example.text.clone(),
                problem,
            };
            let file = match SourceFile::from_bytes(
                format!("{}#{}.md", rule.id, n + 1).into(),
                FileKind::Markdown,
                example.text.clone().into_bytes(),
            ) {
                Ok(file) => file,
                Err(e) => {
                    failures.push(fail(format!("example text is not readable: {e}")));
                    continue;
                }
            };
            if matches!(rule.pattern, Pattern::Ledger) {
                let found = match ledger_fog(&file, rule.id.as_str(), &example.declared) {
                    Ok(found) => found,
                    Err(problem) => {
                        failures.push(fail(problem));
                        continue;
                    }
                };
                if found != example.fog {
                    failures.push(fail(format!(
                        "expected fog {:?}, found {:?}",
                        example.fog, found
                    )));
                }
                continue;
            }
            let findings = crate::lint::find_fog(&file, pack, matcher);
            if example.fog.is_empty() {
                if !findings.is_empty() {
                    let found: Vec<String> = findings
                        .iter()
                        .map(|f| format!("{} {:?}", f.rule, f.matched))
                        .collect();
                    failures.push(fail(format!(
                        "clear example is flagged: {}",
                        found.join(", ")
                    )));
                }
            } else {
                let found: Vec<&str> = findings
                    .iter()
                    .filter(|f| f.rule == rule.id)
                    .map(|f| f.matched.as_str())
                    .collect();
                if found != example.fog {
                    failures.push(fail(format!(
                        "expected fog {:?}, found {:?}",
                        example.fog, found
                    )));
                }
            }
        }
    }
    failures
}

/// The words the ledger reports under `rule` in one file (a ledger rule's
/// example is one page whose places contradict each other, or that differs
/// from the facts `declared`), in text order; an error when a declared
/// fact is not one.
fn ledger_fog(
    file: &SourceFile,
    rule: &str,
    declared: &[(String, String)],
) -> Result<Vec<String>, String> {
    let document = crate::extract::extract(file);
    let entries = crate::ledger::entries(&document);
    if rule == crate::ledger::DECLARED {
        let mut facts = Vec::new();
        for (kind, written) in declared {
            let value = crate::ledger::declared::parse_fact(kind, written)
                .map_err(|e| format!("declared {kind}: {e}"))?;
            facts.push(crate::ledger::declared::Fact {
                kind: kind.clone(),
                value,
                written: written.clone(),
                line: 1,
            });
        }
        return Ok(entries
            .iter()
            .filter(|e| facts.iter().any(|f| crate::ledger::declared::differs(f, e)))
            .map(|e| e.matched.clone())
            .collect());
    }
    if !declared.is_empty() {
        return Err("`declared` is only for ledger/declared examples".into());
    }
    let placed = crate::ledger::place_entries(
        file.path(),
        &mut crate::report::Locator::new(file.text()),
        entries,
    );
    let placed: Vec<&crate::ledger::PlacedEntry> = placed.iter().collect();
    let mut places: Vec<usize> = crate::ledger::analyse(&placed)
        .into_iter()
        .filter(|c| c.rule == rule)
        .flat_map(|c| c.places)
        .collect();
    places.sort_unstable();
    places.dedup();
    Ok(places
        .into_iter()
        .map(|i| placed[i].entry.matched.clone())
        .collect())
}

/// What every rule of a pack must carry, checked over its documentation and
/// examples. `min_examples` is the least number of fog and of clear examples.
pub fn audit_rule(rule: &Rule, min_examples: usize) -> Vec<String> {
    let mut problems = Vec::new();
    let fog = rule.examples.iter().filter(|e| !e.fog.is_empty()).count();
    let clear = rule.examples.len() - fog;
    if fog < min_examples {
        problems.push(format!(
            "has {fog} fog examples; needs at least {min_examples}"
        ));
    }
    if clear < min_examples {
        problems.push(format!(
            "has {clear} clear examples; needs at least {min_examples}"
        ));
    }
    if rule.summary.ends_with('.') {
        problems.push("summary ends with a period".into());
    }
    for (name, text) in [("why", rule.why.as_str()), ("roadsign", &*rule.roadsign)] {
        if text.trim().is_empty() {
            problems.push(format!("`{name}` is empty"));
        }
    }
    if invents_a_number(&rule.roadsign) {
        problems.push(format!(
            "roadsign invents a number (use a {{placeholder}}): {:?}",
            rule.roadsign
        ));
    }
    let triggers = match &rule.pattern {
        Pattern::Phrases(phrases) => Some(&phrases.expanded),
        Pattern::Near(near) => Some(&near.first.expanded),
        Pattern::Regex(_) | Pattern::Ledger => None,
    };
    if let Some(phrases) = triggers {
        let uses_trigger = rule.examples.iter().filter(|e| e.fog.is_empty()).any(|e| {
            let text = e.text.to_lowercase();
            phrases
                .iter()
                .any(|p| text.contains(p.split_whitespace().next().unwrap_or(p)))
        });
        if !uses_trigger {
            problems.push(
                "no clear example uses the rule's own trigger words with a roadsign attached"
                    .into(),
            );
        }
    }
    problems
}

/// True when a digit stands outside `{…}` placeholders.
fn invents_a_number(roadsign: &str) -> bool {
    let mut depth = 0usize;
    roadsign.chars().any(|c| {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        depth == 0 && c.is_ascii_digit()
    })
}

/// A rule's roadsign with its placeholders filled with plausible values, as
/// a writer following it would publish it: `{N}` a number, `{TIME}` a
/// clock time, `{LINK}` a URL, any other `{WORD}` a plain noun phrase. A
/// roadsign is clear copy: the whole pack must report nothing on it.
pub fn fill_roadsign(roadsign: &str) -> String {
    let mut out = String::new();
    let mut rest = roadsign;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        out.push_str(match name {
            "N" | "K" | "MAX" => "3",
            "M" => "5",
            "PERCENT" => "20",
            "TIME" => "2 p.m.",
            "ZONE" => "ET",
            "DAY" => "Monday",
            "DAYS" => "Monday to Friday",
            "HOURS" => "9:00 to 17:00",
            "DATE" => "March 3, 2027",
            "YEAR" => "2027",
            "PRICE" | "AMOUNT" | "FEE" | "VALUE" => "$12",
            "LINK" | "SOURCE" => "https://example.com/terms",
            "PERIOD" | "DURATION" => "12 months",
            "UNIT" => "GB",
            _ => "the listed items",
        });
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_outside_placeholders_are_invented() {
        assert!(invents_a_number("Ships in 2 days."));
        assert!(!invents_a_number(
            "Ships in {N} days ({2–3} is an example)."
        ));
    }
}
