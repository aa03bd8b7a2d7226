//! `--format sarif`: one SARIF 2.1.0 log that GitHub code scanning accepts.
//! Rule metadata comes from the rule files (summary, why, roadsign, link);
//! each result carries a physical location with code-point columns and a
//! `partialFingerprints` entry built from the same key as the baseline, so
//! alerts follow the fog across commits. Files that could not be checked are
//! tool execution notifications.

use super::{display_path, path_bytes, stream, Emitter, FileError, LocatedFinding, Report};
use crate::rule::{RulePack, Severity};
use crate::selector::UNUSED_SUPPRESSION;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};
use std::path::Path;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The partialFingerprints key; bump the version if the key ever changes.
pub const FINGERPRINT_KEY: &str = "fogcheck/v1";

/// What SARIF says about one rule.
struct RuleDoc {
    id: String,
    summary: String,
    why: String,
    roadsign: String,
    link: Option<String>,
    severity: Severity,
}

pub struct Sarif {
    rules: Vec<RuleDoc>,
}

impl Sarif {
    pub fn new(pack: &RulePack) -> Sarif {
        let mut rules: Vec<RuleDoc> = pack
            .rules()
            .iter()
            .map(|r| RuleDoc {
                id: r.id.as_str().to_string(),
                summary: r.summary.clone(),
                why: r.why.clone(),
                roadsign: r.roadsign.to_string(),
                link: r.link.clone(),
                severity: r.severity,
            })
            .collect();
        rules.push(RuleDoc {
            id: UNUSED_SUPPRESSION.to_string(),
            summary: crate::suppress::UNUSED_SUMMARY.into(),
            why: crate::suppress::UNUSED_WHY.into(),
            roadsign: crate::suppress::UNUSED_ROADSIGN.into(),
            link: None,
            severity: Severity::Warning,
        });
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        Sarif { rules }
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: `/` separated, everything but
/// unreserved characters percent-encoded. Takes the path's bytes
/// (`path_bytes`), so a name that is not UTF-8 keeps its bytes (`%E9`).
pub fn path_uri(path: &[u8]) -> String {
    let mut uri = String::with_capacity(path.len());
    for &byte in path {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

fn rule_json(rule: &RuleDoc) -> Value {
    let name = rule.id.rsplit('/').next().unwrap_or(&rule.id);
    let category = rule.id.split('/').next().unwrap_or(&rule.id);
    let mut markdown = format!("**Write instead:** {}", rule.roadsign);
    if let Some(link) = &rule.link {
        markdown.push_str(&format!("\n\n[Guidance]({link})"));
    }
    let mut value = json!({
        "id": rule.id,
        "name": name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.why },
        "help": {
            "text": format!("Write instead: {}", rule.roadsign),
            "markdown": markdown,
        },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": ["fogcheck", category] },
    });
    if let Some(link) = &rule.link {
        value["helpUri"] = json!(link);
    }
    value
}

impl Emitter for Sarif {
    fn emit(&self, report: &Report, out: &mut dyn Write, _err: &mut dyn Write) -> io::Result<()> {
        // Only the rules that raised a result are described: the log stays
        // small and a rule's index does not move when others are added.
        let used: BTreeSet<&str> = report
            .findings()
            .map(|(_, l)| l.finding.rule.as_str())
            .collect();
        let rules: Vec<&RuleDoc> = self
            .rules
            .iter()
            .filter(|r| used.contains(r.id.as_str()))
            .collect();
        let index: HashMap<&str, usize> = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        // Results and notifications are written one by one (see `stream`):
        // a whole log as one `Value` took about 11 KB a finding.
        let skeleton = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "fogcheck",
                        "version": env!("CARGO_PKG_VERSION"),
                        "semanticVersion": env!("CARGO_PKG_VERSION"),
                        "informationUri": env!("CARGO_PKG_HOMEPAGE"),
                        "rules": rules.iter().map(|r| rule_json(r)).collect::<Vec<_>>(),
                    }
                },
                "invocations": [{
                    "executionSuccessful": report.errors.is_empty(),
                    "toolExecutionNotifications": stream::placeholder("notifications"),
                }],
                "columnKind": "unicodeCodePoints",
                "results": stream::placeholder("results"),
            }]
        });
        stream::write_pretty(out, &skeleton, |name, array| match name {
            "results" => report
                .findings()
                .try_for_each(|(path, located)| array.item(&result_json(path, located, &index))),
            _ => report
                .errors
                .iter()
                .try_for_each(|e| array.item(&notification_json(e))),
        })
    }
}

/// One result: a finding with its place and fingerprint.
fn result_json(path: &Path, located: &LocatedFinding, index: &HashMap<&str, usize>) -> Value {
    let f = &located.finding;
    let mut result = json!({
        "ruleId": f.rule.as_str(),
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": path_uri(&path_bytes(path)) },
                "region": {
                    "startLine": located.start.line,
                    "startColumn": located.start.column,
                    "endLine": located.end.line,
                    "endColumn": located.end.column,
                    "byteOffset": f.span.start(),
                    "byteLength": f.span.len(),
                }
            }
        }],
        "partialFingerprints": { FINGERPRINT_KEY: located.fingerprint(path) },
    });
    if let Some(&i) = index.get(f.rule.as_str()) {
        result["ruleIndex"] = json!(i);
    }
    if let Some(key) = &f.key_path {
        // Fog in a data or translation file: the value's key path.
        result["locations"][0]["logicalLocations"] = json!([{
            "fullyQualifiedName": &**key,
            "kind": "member",
        }]);
    }
    if !located.related.is_empty() {
        // A ledger contradiction's other places.
        result["relatedLocations"] = located
            .related
            .iter()
            .enumerate()
            .map(|(id, place)| {
                json!({
                    "id": id,
                    "message": { "text": place.message },
                    "physicalLocation": {
                        "artifactLocation": { "uri": path_uri(&path_bytes(&place.path)) },
                        "region": {
                            "startLine": place.start.line,
                            "startColumn": place.start.column,
                            "endLine": place.end.line,
                            "endColumn": place.end.column,
                            "byteOffset": place.span.start(),
                            "byteLength": place.span.len(),
                        }
                    }
                })
            })
            .collect();
    }
    result
}

/// A file that could not be checked, as a tool execution notification.
fn notification_json(error: &FileError) -> Value {
    let path = display_path(&error.path);
    let mut notification = json!({
        "level": "error",
        "message": { "text": format!("{}: {}", error.location(), error.message) },
    });
    if !path.is_empty() {
        let mut location = json!({
            "physicalLocation": { "artifactLocation": { "uri": path_uri(&path_bytes(&error.path)) } }
        });
        if let Some(at) = error.at {
            location["physicalLocation"]["region"] =
                json!({ "startLine": at.line, "startColumn": at.column });
        }
        notification["locations"] = json!([location]);
    }
    notification
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_a_uri_cannot_hold() {
        assert_eq!(path_uri(b"docs/a page#1.md"), "docs/a%20page%231.md");
        assert_eq!(path_uri("docs/café.md".as_bytes()), "docs/caf%C3%A9.md");
        assert_eq!(path_uri(b"docs/caf\xe9.md"), "docs/caf%E9.md");
    }
}
