//! HTML and MDX pages (fixtures/site/): what counts as prose, exact spans,
//! and robustness on malformed markup.

use crate::support::{fogcheck, fogcheck_in, json, source_of};

fn site_findings() -> Vec<serde_json::Value> {
    let run = fogcheck(&["--format", "json", "fixtures/site/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    json(&run)["findings"].as_array().expect("findings").clone()
}

#[test]
fn json_output_on_site_fixtures() {
    let run = fogcheck(&["--format", "json", "fixtures/site/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("site_json", run.stdout);
}

/// Fog in visible text, metas, alt text, table cells, HTML blocks in
/// Markdown and JSX children is reported, with the span over its source.
#[test]
fn fog_in_visible_html_is_reported_with_its_source_span() {
    let findings = site_findings();
    let expected = [
        // (path, matched, the source bytes under the span)
        (
            "fixtures/site/landing.html",
            "expedited shipping",
            "expedited</b> shipping",
        ),
        (
            "fixtures/site/landing.html",
            "free shipping on every order",
            "free shipping on every order",
        ),
        (
            "fixtures/site/landing.html",
            "money-back guarantee",
            "money-back guarantee",
        ),
        ("fixtures/site/landing.html", "risk-free", "risk-free"),
        (
            "fixtures/site/landing.html",
            "in a timely manner",
            "in a timely manner",
        ),
        ("fixtures/site/pricing.html", "Unlimited", "Unlimited"),
        (
            "fixtures/site/pricing.html",
            "Premium support",
            "Premium support",
        ),
        (
            "fixtures/site/pricing.html",
            "cancel anytime",
            "cancel anytime",
        ),
        (
            "fixtures/site/hero.md",
            "express shipping",
            "express</b> shipping",
        ),
        ("fixtures/site/page.mdx", "Fast shipping", "Fast shipping"),
        ("fixtures/site/page.mdx", "cancel anytime", "cancel anytime"),
        (
            "fixtures/site/page.mdx",
            "no hidden fees",
            "no hidden</strong> fees",
        ),
    ];
    let mut missing = Vec::new();
    for (path, matched, source) in expected {
        let found = findings
            .iter()
            .any(|f| f["path"] == path && f["matched"] == matched && source_of(f) == source);
        if !found {
            missing.push(format!("{path} {matched:?} over {source:?}"));
        }
    }
    assert!(missing.is_empty(), "not reported:\n{}", missing.join("\n"));
    let cells = findings
        .iter()
        .filter(|f| f["path"] == "fixtures/site/pricing.html" && f["matched"] == "Unlimited")
        .count();
    // The row says "Unlimited" for two plans: one claim, reported once.
    assert_eq!(
        cells, 1,
        "a whole-cell claim repeated across its row is reported once"
    );
}

/// Fog placed only in non-prose spots (scripts, styles, comments, hidden
/// elements, templates, code, keyword metas, MDX exports, expressions and
/// JSX expression attributes) is never reported.
#[test]
fn fog_in_non_prose_html_and_mdx_is_not_reported() {
    let findings = site_findings();
    let forbidden = [
        ("fixtures/site/landing.html", "same-day delivery"),
        ("fixtures/site/landing.html", "free returns"),
        ("fixtures/site/landing.html", "unlimited"),
        ("fixtures/site/landing.html", "free forever"),
        ("fixtures/site/landing.html", "next-day delivery"),
        ("fixtures/site/landing.html", "free trial"),
        ("fixtures/site/landing.html", "guaranteed"),
        ("fixtures/site/landing.html", "soon: unlimited"),
        ("fixtures/site/hero.md", "fast turnaround"),
        ("fixtures/site/hero.md", "no hidden fees"),
        ("fixtures/site/hero.md", "free forever"),
        ("fixtures/site/hero.md", "lifetime warranty"),
        ("fixtures/site/page.mdx", "unlimited"),
        ("fixtures/site/page.mdx", "risk-free"),
        ("fixtures/site/page.mdx", "24/7"),
        ("fixtures/site/page.mdx", "free forever"),
        ("fixtures/site/page.mdx", "guaranteed"),
    ];
    for f in &findings {
        let matched = f["matched"].as_str().expect("matched").to_lowercase();
        for (path, phrase) in forbidden {
            assert!(
                !(f["path"] == path && matched.contains(phrase)),
                "non-prose fog reported: {f}"
            );
        }
    }
    // The one "soon" that is prose (the hero paragraph) is reported; the
    // hidden "Coming soon" is not.
    let soon: Vec<_> = findings
        .iter()
        .filter(|f| f["path"] == "fixtures/site/landing.html" && f["matched"] == "soon")
        .map(|f| f["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(soon, [25]);
}

/// Malformed markup never crashes the run, and a long run of `<` is fast.
#[test]
fn malformed_html_never_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        (
            "unclosed.html",
            "<div><p>expedited <b>shipping <i>soon".to_owned(),
        ),
        (
            "stray.html",
            "a < b <<>> </ > <a href=\"x>unterminated".to_owned(),
        ),
        (
            "nesting.html",
            "<b><p>fast</b> shipping</p></div></span>".to_owned(),
        ),
        ("lts.html", "<".repeat(500_000)),
        (
            "attr.html",
            format!(
                "<img class=\"{}\" alt=\"{} fast shipping\">",
                "x".repeat(400_000),
                "calm words ".repeat(40_000)
            ),
        ),
        ("opens.html", "<div hidden><span>".repeat(20_000)),
        ("raw.mdx", "{".repeat(100_000) + "\n<X>fast shipping"),
        ("tmpl.md", "{{ {% <% {#".repeat(10_000)),
    ];
    for (name, text) in &cases {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let started = std::time::Instant::now();
    let run = fogcheck_in(dir.path(), &["--format", "json", "."]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let doc = json(&run);
    assert_eq!(doc["summary"]["files_checked"], cases.len());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}
