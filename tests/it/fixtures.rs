//! The shipped sample copy: the README demo. Output formats are contracts,
//! pinned by snapshots; fixtures/clean must stay clean.

use crate::support::{fogcheck, json};

#[test]
fn human_output_on_fixtures() {
    let run = fogcheck(&["--color", "never", "fixtures/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("human", run.stdout);
}

#[test]
fn concise_output_on_fixtures() {
    let run = fogcheck(&["--format", "concise", "fixtures/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("concise", run.stdout);
}

#[test]
fn json_output_on_fixtures() {
    let run = fogcheck(&["--format", "json", "fixtures/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("json", run.stdout);
}

#[test]
fn gitlab_output_on_fixtures() {
    let run = fogcheck(&["--format", "gitlab", "fixtures/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("gitlab", run.stdout);
}

#[test]
fn junit_output_on_fixtures() {
    let run = fogcheck(&["--format", "junit", "fixtures/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("junit", run.stdout);
}

#[test]
fn clean_fixtures_have_no_findings() {
    let run = fogcheck(&[
        "--format",
        "concise",
        "--fail-on",
        "info",
        "fixtures/clean/",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("0 findings"), "{}", run.stdout);
}

/// Each fog case the sample copy was written to show is reported, with its
/// roadsign.
#[test]
fn every_sample_fog_case_is_reported() {
    let run = fogcheck(&["--format", "json", "fixtures/"]);
    let doc = json(&run);
    let findings = doc["findings"].as_array().expect("findings");
    let expected = [
        (
            "fixtures/shipping.md",
            "shipping/expedited-shipping",
            "expedited shipping",
        ),
        (
            "fixtures/shipping.md",
            "shipping/next-day-delivery",
            "next-day delivery",
        ),
        ("fixtures/shipping.md", "timing/vague-timing", "shortly"),
        // The intro's "full refund" is defined below on the same page
        // ("within 30 days of delivery for a full refund"); the guarantee
        // beside it is not.
        (
            "fixtures/returns.md",
            "guarantee/money-back-guarantee",
            "money-back guarantee",
        ),
        (
            "fixtures/returns.md",
            "warranty/lifetime-warranty",
            "lifetime warranty",
        ),
        (
            "fixtures/pricing.md",
            "tiers/premium-tier",
            "premium support",
        ),
        ("fixtures/pricing.md", "availability/unlimited", "Unlimited"),
        ("fixtures/pricing.md", "puffery/superlative", "world-class"),
        (
            "fixtures/support-faq.md",
            "guarantee/guaranteed",
            "100% satisfaction",
        ),
        (
            "fixtures/support-faq.md",
            "availability/always-available",
            "24/7",
        ),
        ("fixtures/support-faq.md", "ease/effortless", "effortless"),
        (
            "fixtures/seafood-restaurant.md",
            "scope/universal-scope",
            "Everything under the sea",
        ),
        (
            "fixtures/announcement.txt",
            "shipping/expedited-shipping",
            "fast shipping",
        ),
    ];
    let mut missing = Vec::new();
    for (path, rule, matched) in expected {
        let found = findings.iter().any(|f| {
            f["path"] == path
                && f["rule"] == rule
                && f["matched"]
                    .as_str()
                    .is_some_and(|m| m.eq_ignore_ascii_case(matched))
                && f["roadsign"].as_str().is_some_and(|r| !r.is_empty())
        });
        if !found {
            missing.push(format!("{path} {rule} {matched:?}"));
        }
    }
    assert!(missing.is_empty(), "not reported:\n{}", missing.join("\n"));
}

#[test]
fn fog_in_code_and_comments_is_not_reported() {
    let run = fogcheck(&[
        "--format",
        "json",
        "fixtures/shipping.md",
        "fixtures/support-faq.md",
    ]);
    let doc = json(&run);
    for finding in doc["findings"].as_array().expect("findings") {
        let line = finding["line"].as_u64().expect("line") as usize;
        let path = finding["path"].as_str().expect("path");
        let text = std::fs::read_to_string(crate::support::root().join(path)).expect("fixture");
        let source_line = text.lines().nth(line - 1).expect("line exists");
        assert!(
            !source_line.contains("<!--") && !source_line.starts_with("    "),
            "finding on non-prose line {path}:{line}: {source_line}"
        );
    }
}

#[test]
fn output_is_identical_between_runs_and_thread_counts() {
    let first = fogcheck(&["--format", "json", "fixtures/"]);
    let second = fogcheck(&["--format", "json", "--threads", "1", "fixtures/"]);
    let third = fogcheck(&["--format", "json", "--threads", "4", "fixtures/"]);
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(first.stdout, third.stdout);
}

/// A few files named leave cores idle, and the run compiles its regexes on
/// them meanwhile (`src/warm.rs`); `--threads 1` does not. What is found is
/// the same, the ledger's too.
#[test]
fn compiling_on_an_idle_core_finds_the_same() {
    let files = [
        "fixtures/shipping.md",
        "fixtures/returns.md",
        "fixtures/pricing.md",
    ];
    for ledger in [None, Some("--contradictions")] {
        let args = |threads: Option<&'static str>| -> Vec<&str> {
            let mut args = vec!["--format", "json"];
            args.extend(threads.map(|t| ["--threads", t]).into_iter().flatten());
            args.extend(ledger);
            args.extend(files);
            args
        };
        let warm = fogcheck(&args(None));
        let cold = fogcheck(&args(Some("1")));
        assert_eq!(warm.code, cold.code);
        assert!(warm.stdout.contains("\"rule\""), "{}", warm.stdout);
        assert_eq!(warm.stdout, cold.stdout);
    }
}

/// The intro's "full refund" in fixtures/returns.md is defined further down
/// the page, so it is not reported; `--show-cleared` says why.
#[test]
fn a_term_defined_on_its_page_is_cleared_with_the_reason() {
    let run = crate::support::fogcheck(&["--show-cleared", "fixtures/returns.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "fixtures/returns.md:11:14: cleared[refunds/full-refund] “full refund” by pinned: defined elsewhere on the page"
        ),
        "{}",
        run.stdout
    );
}
