//! The formats beyond Markdown and HTML: templates (`.php`, `.erb`, …),
//! reStructuredText and AsciiDoc. Each fixture plants fog at known bytes
//! and hides fog where it is not prose (code, comments, template tags,
//! directive arguments); the JSON report is pinned by a snapshot.

use crate::support::{fogcheck, json};

/// `(path, rule, the source bytes of the finding)` for every finding of a
/// run over `paths`.
fn findings(paths: &[&str]) -> Vec<(String, String, String)> {
    let mut args = vec!["--format", "json"];
    args.extend(paths);
    let run = fogcheck(&args);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let doc = json(&run);
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path").to_string();
            let source = crate::support::source_of(f);
            (path, f["rule"].as_str().expect("rule").to_string(), source)
        })
        .collect()
}

fn has(found: &[(String, String, String)], path: &str, rule: &str, source: &str) -> bool {
    found
        .iter()
        .any(|(p, r, s)| p == path && r == rule && s == source)
}

#[test]
fn templates_report_planted_fog_at_exact_bytes_and_nothing_in_tags() {
    let found = findings(&["fixtures/templates/"]);
    let php = "fixtures/templates/landing.php";
    let erb = "fixtures/templates/welcome.erb";
    for (path, rule, source) in [
        (php, "shipping/expedited-shipping", "expedited</b> shipping"),
        (php, "puffery/superlative", "World-class"),
        (erb, "timing/timely-manner", "in a timely manner"),
        (erb, "ease/hassle-free", "Hassle-free"),
    ] {
        assert!(
            has(&found, path, rule, source),
            "{rule} {source:?} not in {found:?}"
        );
    }
    // PHP code (the unclosed last block included), ERB comments and tags,
    // and the suppressed line report nothing.
    assert_eq!(found.len(), 4, "{found:#?}");
}

#[test]
fn templates_json_report() {
    let run = fogcheck(&["--format", "json", "fixtures/templates/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("templates_json", run.stdout);
}

#[test]
fn rst_reports_planted_fog_at_exact_bytes_and_nothing_outside_prose() {
    let found = findings(&["fixtures/docs/faq.rst"]);
    let rst = "fixtures/docs/faq.rst";
    for (rule, source) in [
        ("availability/unlimited", "unlimited"),
        ("timing/timely-manner", "in a timely\n   manner"),
        ("puffery/superlative", "world-class"),
        ("ease/effortless", "effortless"),
    ] {
        assert!(
            has(&found, rst, rule, source),
            "{rule} {source:?} not in {found:?}"
        );
    }
    // Comments, directive arguments and options, literal and code blocks,
    // role targets, the substitution definition and the suppressed line
    // report nothing.
    assert_eq!(found.len(), 4, "{found:#?}");
}

#[test]
fn rst_json_report() {
    let run = fogcheck(&["--format", "json", "fixtures/docs/faq.rst"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("rst_json", run.stdout);
}

#[test]
fn asciidoc_reports_planted_fog_at_exact_bytes_and_nothing_outside_prose() {
    let found = findings(&["fixtures/docs/pricing.adoc"]);
    let adoc = "fixtures/docs/pricing.adoc";
    for (rule, source) in [
        ("tiers/premium-tier", "Priority support"),
        ("availability/unlimited", "Unlimited"),
        ("puffery/superlative", "blazing fast"),
        ("ease/effortless", "effortless"),
    ] {
        assert!(
            has(&found, adoc, rule, source),
            "{rule} {source:?} not in {found:?}"
        );
    }
    // The header's attribute entries, comments, listing, literal,
    // passthrough and comment blocks, code, attribute references and the
    // suppressed line report nothing.
    assert_eq!(found.len(), 4, "{found:#?}");
}

#[test]
fn asciidoc_json_report() {
    let run = fogcheck(&["--format", "json", "fixtures/docs/pricing.adoc"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("asciidoc_json", run.stdout);
}

#[test]
fn markerb_is_markdown_with_its_erb_tags_blanked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("help.html.markerb");
    let text = "# Help\n\nWe offer expedited shipping <%= link_to 'guaranteed lowest price', prices_path %> on **every** order.\n";
    std::fs::write(&page, text).expect("write");
    let run = fogcheck(&[
        "--no-config",
        "--format",
        "json",
        page.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    let found: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let start = f["byte_start"].as_u64().expect("start") as usize;
            let end = f["byte_end"].as_u64().expect("end") as usize;
            (f["rule"].as_str().expect("rule"), &text[start..end])
        })
        .collect();
    assert_eq!(
        found,
        [("shipping/expedited-shipping", "expedited shipping")]
    );
}
