//! `fogcheck --ledger`: the inventory of promises, grouped by kind, as text
//! or as one JSON document.

use super::{analyse, kind_words, kinds, where_, Conflict, PlacedEntry};
use crate::report::{display_path, non_utf8_path_bytes, stream};
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A value declared in the config (`[promises]`) that no page states.
#[derive(Debug, Clone)]
pub struct Unstated {
    pub kind: String,
    /// The value as the ledger shows it (`30 days`).
    pub value: String,
    /// The config file that declares it, as shown, and the line.
    pub config: String,
    pub line: usize,
}

/// Each distinct value (qualifier, value shown) of a kind and its places.
type ValuePlaces<'a> = BTreeMap<(Option<&'a str>, String), Vec<&'a PlacedEntry>>;

/// Prints the ledger as text: per kind, each distinct value (with its
/// qualifier) and every place it is promised; then the conflicts.
pub fn text(
    entries: &[&PlacedEntry],
    unstated: &[Unstated],
    out: &mut dyn Write,
) -> io::Result<()> {
    let conflicts = analyse(entries);
    let vocabulary = kinds::builtin();
    let mut by_kind: BTreeMap<&str, ValuePlaces> = BTreeMap::new();
    for placed in entries {
        let entry = &placed.entry;
        by_kind
            .entry(entry.kind.as_str())
            .or_default()
            .entry((entry.qualifier.as_deref(), entry.shown()))
            .or_default()
            .push(placed);
    }
    if by_kind.is_empty() {
        writeln!(out, "no promises found")?;
    }
    for (kind, values) in &by_kind {
        let places: usize = values.values().map(Vec::len).sum();
        let summary = vocabulary
            .kind(kind)
            .map(|k| format!(": {}", k.summary.to_lowercase()))
            .unwrap_or_default();
        writeln!(
            out,
            "{kind}{summary} ({} value{}, {places} place{})",
            values.len(),
            if values.len() == 1 { "" } else { "s" },
            if places == 1 { "" } else { "s" }
        )?;
        for ((qualifier, value), places) in values {
            match qualifier {
                Some(q) => writeln!(out, "  {value} [{q}]")?,
                None => writeln!(out, "  {value}")?,
            }
            for placed in places {
                writeln!(
                    out,
                    "    {}:{}:{}  {}",
                    display_path(&placed.path),
                    placed.line(),
                    placed.column(),
                    placed.entry.sentence
                )?;
            }
        }
    }
    if !conflicts.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{} conflict{}:",
            conflicts.len(),
            plural(conflicts.len())
        )?;
        for conflict in &conflicts {
            writeln!(out, "  {}", conflict_line(entries, conflict))?;
        }
    }
    if !unstated.is_empty() {
        writeln!(out)?;
    }
    for missing in unstated {
        writeln!(
            out,
            "{}:{}: declared {} = {} is not stated on any page",
            missing.config, missing.line, missing.kind, missing.value
        )?;
    }
    let total = entries.len();
    writeln!(
        out,
        "{total} promise{} of {} kind{}, {} conflict{}",
        plural(total),
        by_kind.len(),
        plural(by_kind.len()),
        conflicts.len(),
        plural(conflicts.len())
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn conflict_line(entries: &[&PlacedEntry], conflict: &Conflict) -> String {
    let scope = conflict
        .qualifier
        .as_ref()
        .map(|q| format!(" [{q}]"))
        .unwrap_or_default();
    let places: Vec<String> = conflict
        .places
        .iter()
        .map(|&i| format!("{} at {}", entries[i].entry.shown(), where_(entries[i])))
        .collect();
    format!(
        "{}: {}{scope}: {}",
        conflict.rule,
        kind_words(&conflict.kind),
        places.join("; ")
    )
}

fn promise_json(placed: &PlacedEntry) -> Json {
    let entry = &placed.entry;
    let value = &entry.value;
    let mut object = json!({
        "kind": entry.kind,
        "value": value.amount.map(|(a, _)| a),
        "unit": value.unit,
        "basis": value.basis,
        "qualifier": entry.qualifier,
        "anchor": entry.anchor,
        "text": value.display(),
        "matched": entry.matched,
        "path": display_path(&placed.path),
        "byte_start": entry.span.start(),
        "byte_end": entry.span.end(),
        "line": placed.line(),
        "column": placed.column(),
        "sentence": entry.sentence,
    });
    if let Some((a, b)) = value.amount {
        if a != b {
            object["value_max"] = json!(b);
        }
    }
    if let Some(bytes) = non_utf8_path_bytes(&placed.path) {
        object["path_bytes"] = json!(bytes);
    }
    object
}

/// Prints the ledger as one JSON document: `{"version": 1, "promises":
/// [...], "contradictions": [...], "unstated": [...]}`. The two long arrays
/// are written an element at a time (`report::stream`): the whole
/// document as one JSON value was most of the memory a `--ledger` run
/// touched.
pub fn json(
    entries: &[&PlacedEntry],
    unstated: &[Unstated],
    out: &mut dyn Write,
) -> io::Result<()> {
    let conflicts = analyse(entries);
    let unstated: Vec<Json> = unstated
        .iter()
        .map(|u| json!({"kind": u.kind, "value": u.value, "config": u.config, "line": u.line}))
        .collect();
    let skeleton = json!({
        "version": 1,
        "promises": stream::placeholder("promises"),
        "contradictions": stream::placeholder("contradictions"),
        "unstated": unstated,
    });
    stream::write_pretty(out, &skeleton, |name, array| match name {
        "promises" => entries
            .iter()
            .try_for_each(|placed| array.item(&promise_json(placed))),
        "contradictions" => conflicts.iter().try_for_each(|c| {
            array.item(&json!({
                "rule": c.rule,
                "kind": c.kind,
                "qualifier": c.qualifier,
                "places": c.places.iter().map(|&i| {
                    let p = &entries[i];
                    json!({
                        "path": display_path(&p.path),
                        "line": p.line(),
                        "column": p.column(),
                        "byte_start": p.entry.span.start(),
                        "byte_end": p.entry.span.end(),
                        "text": p.entry.shown(),
                        "sentence": p.entry.sentence,
                    })
                }).collect::<Vec<_>>(),
            }))
        }),
        _ => Ok(()),
    })
}
