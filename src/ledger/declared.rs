//! Facts the business declares: the `[promises]` table of `fogcheck.toml`
//! (`return-window = "30 days"`), keys the promise kinds' names, values
//! written as copy writes them and normalised as the ledger normalises
//! copy. A place whose unqualified promise of a declared kind says another
//! value is a `ledger/declared` finding (an error); a declared value that
//! no page states is listed by `--ledger`.
//!
//! The config parses its table with `parse_fact`; linting a file compares
//! its entries with `differs` and makes the findings with `findings`.

use super::kinds::{self, ValueType};
use super::values::{self, Value};
use super::{kind_words, Entry, PlacedEntry, DECLARED};
use crate::finding::{Finding, InProse};
use crate::rule::RulePack;
use std::sync::Arc;

/// One declared fact: a kind and its value.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The kind's name (`return-window`).
    pub kind: String,
    /// The value, normalised.
    pub value: Value,
    /// The value as the config writes it (`"30 days"`).
    pub written: String,
    /// The line of the config file that declares it.
    pub line: usize,
}

/// An example of a value of `value`, for an error message.
fn example_of(value: ValueType) -> &'static str {
    match value {
        ValueType::Duration => "a duration such as \"30 days\" or \"2 business days\"",
        ValueType::Money => "an amount such as \"$75\" or \"50 EUR\"",
        ValueType::Percentage => "a percentage such as \"99.9%\"",
        ValueType::Count => "a count with its unit such as \"10 seats\" or \"100 GB\"",
        ValueType::Schedule => "a schedule such as \"24/7\" or \"9am–5pm\"",
    }
}

/// The value of kind `kind` written `written`, or why it is not one: the
/// kind is unknown, the text holds no value or more than one, or the value
/// is not of the kind's type or units.
pub fn parse_fact(kind: &str, written: &str) -> Result<Value, String> {
    let vocabulary = kinds::builtin();
    let Some(promise) = vocabulary.kind(kind) else {
        let known: Vec<&str> = vocabulary.kinds.iter().map(|k| k.name.as_str()).collect();
        return Err(format!(
            "unknown promise kind `{kind}`; the kinds are {}",
            known.join(", ")
        ));
    };
    let text = written.trim();
    let found = values::mentions(values::builtin_regex(), text);
    let expected = example_of(promise.value);
    // The whole text is the value, the days and time zone of hours
    // included ("Mon–Fri 9am–5pm ET").
    let whole = |one: &values::Mention| {
        let (before, after) = (&text[..one.range.start], &text[one.range.end..]);
        (before.is_empty() && after.is_empty())
            || one.value.kind == ValueType::Schedule && values::only_days_and_zone(before, after)
    };
    let mention = match found.as_slice() {
        [one] if whole(one) => one,
        [] | [_] => {
            return Err(format!(
                "`{written}` is no value fogcheck can read for {kind}: expected {expected}"
            ))
        }
        _ => {
            return Err(format!(
                "`{written}` is more than one value for {kind}: declare one, {expected}"
            ))
        }
    };
    if !super::fits(promise, mention) {
        return Err(format!(
            "`{written}` cannot be a value of {kind} ({}): expected {expected}",
            promise.summary.to_lowercase()
        ));
    }
    Ok(mention.value.clone())
}

/// True when `entry` promises its kind at another value than `fact`:
/// an unqualified promise of the same kind (a qualified one, "Electronics:
/// 15 days", is a case of its own), and for counts one in the same unit.
pub fn differs(fact: &Fact, entry: &Entry) -> bool {
    entry.kind == fact.kind
        && entry.qualifier.is_none()
        && !entry.per_column
        && (entry.value.kind != ValueType::Count || entry.value.counted() == fact.value.counted())
        && !entry.value.keeps_to(&fact.value)
}

/// The `ledger/declared` findings of one file's entries against `facts`,
/// which `config` (the config file's path as shown) declares; none when the
/// pack has no such rule.
pub fn findings(entries: &[Entry], facts: &[Fact], config: &str, pack: &RulePack) -> Vec<Finding> {
    let Some(rule) = pack.find(DECLARED) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries {
        let Some(fact) = facts.iter().find(|f| differs(f, entry)) else {
            continue;
        };
        let declared = fact.value.display();
        let kind = kind_words(&fact.kind);
        out.push(Finding {
            rule: rule.id.clone(),
            span: entry.span,
            matched: entry.matched.clone(),
            severity: rule.severity,
            message: format!(
                "“{}” sets the {kind} at {}, but {config} declares {declared} ({} = \"{}\")",
                entry.matched,
                entry.value.display(),
                fact.kind,
                fact.written
            ),
            roadsign: Arc::from(format!(
                "State the declared {kind}, {declared}; or, if the business changed it, change `{}` in {config}.",
                fact.kind
            )),
            key_path: None,
            in_prose: Some(InProse {
                segment: entry.segment,
                range: entry.range.clone(),
            }),
        });
    }
    out
}

/// The facts no entry of `entries` states: no unqualified promise of the
/// kind at the declared value.
pub fn unstated<'a>(facts: &'a [Fact], entries: &[&PlacedEntry]) -> Vec<&'a Fact> {
    facts
        .iter()
        .filter(|fact| {
            !entries.iter().any(|placed| {
                let entry = &placed.entry;
                entry.kind == fact.kind
                    && entry.qualifier.is_none()
                    && entry.value.keeps_to(&fact.value)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_parse_as_copy_does() {
        let shown = |k: &str, v: &str| parse_fact(k, v).map(|v| v.display());
        assert_eq!(shown("return-window", "30 days"), Ok("30 days".into()));
        assert_eq!(shown("return-window", "4 weeks"), Ok("28 days".into()));
        assert_eq!(
            shown("handling-time", "1 business day"),
            Ok("1 business day".into())
        );
        assert_eq!(shown("free-shipping-threshold", "$75"), Ok("$75".into()));
        assert_eq!(shown("uptime", " 99.9% "), Ok("99.9%".into()));
        assert!(shown("return-windows", "30 days")
            .unwrap_err()
            .contains("unknown promise kind"));
        assert!(shown("return-window", "a month or so")
            .unwrap_err()
            .contains("expected a duration"));
        assert!(shown("return-window", "$30")
            .unwrap_err()
            .contains("cannot be"));
        assert!(shown("return-window", "30 days or 60 days")
            .unwrap_err()
            .contains("more than one"));
        assert_eq!(
            shown("support-hours", "9am-5pm EST"),
            Ok("09:00–17:00 ET".into())
        );
        assert_eq!(
            shown("support-hours", "Mon–Fri 9am-5pm (PT)"),
            Ok("Mon–Fri 09:00–17:00 PT".into())
        );
        assert_eq!(
            shown("support-hours", "9am-5pm ET on weekdays"),
            Ok("Mon–Fri 09:00–17:00 ET".into())
        );
        assert!(shown("support-hours", "usually 9am-5pm")
            .unwrap_err()
            .contains("expected a schedule"));
        assert!(shown("support-hours", "9am-5pm ET, mostly")
            .unwrap_err()
            .contains("expected a schedule"));
    }

    /// Declared hours with no time zone agree with the same hours in any
    /// zone; a zone declared agrees only with the copy's own or none; days
    /// declared agree with copy that names some of them, or none.
    #[test]
    fn declared_hours_differ_by_hours_a_zone_both_name_or_days_outside_the_facts() {
        use crate::source::{FileKind, SourceFile};
        let fact = |written: &str| Fact {
            kind: "support-hours".into(),
            value: parse_fact("support-hours", written).expect("parses"),
            written: written.into(),
            line: 1,
        };
        let entry = |text: &str| {
            let file = SourceFile::from_bytes("p.md".into(), FileKind::Markdown, text.into())
                .expect("text");
            crate::ledger::entries(&crate::extract::extract(&file)).remove(0)
        };
        let zoned = entry("Support is available 9am–5pm ET.\n");
        let plain = entry("Support is available 9am–5pm.\n");
        assert!(!differs(&fact("9am–5pm"), &zoned));
        assert!(!differs(&fact("9am–5pm EST"), &zoned));
        assert!(!differs(&fact("9am–5pm PT"), &plain));
        assert!(differs(&fact("9am–5pm PT"), &zoned));
        assert!(differs(&fact("8am–5pm"), &zoned));
        assert!(!differs(&fact("Mon–Fri 9am–5pm"), &zoned));
        let weekdays = entry("Support is available Monday to Friday, 9am–5pm.\n");
        assert!(!differs(&fact("weekdays 9am–5pm ET"), &weekdays));
        // Days the fact does not name are what it rules out; days within
        // it keep to it (the copy names some of the declared days).
        assert!(differs(&fact("Mon–Thu 9am–5pm"), &weekdays));
        assert!(!differs(&fact("Mon–Sat 9am–5pm"), &weekdays));
        let saturday = entry("Support is available Saturday 9am–5pm.\n");
        assert!(differs(&fact("Mon–Fri 9am–5pm"), &saturday));
        assert!(!differs(&fact("Mon–Sat 9am–5pm"), &saturday));
        assert!(!differs(&fact("9am–5pm"), &saturday));
    }
}
