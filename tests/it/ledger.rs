//! The promise ledger: the kinds' examples, the ledger rules' examples,
//! `--ledger` on the fixture site and the contradictions in a normal run.

use fogcheck::ledger::{self, kinds};

#[test]
fn every_promise_kind_finds_what_its_examples_say() {
    let vocabulary = kinds::builtin();
    let names: Vec<&str> = vocabulary.kinds.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "delivery-time",
            "free-shipping-threshold",
            "handling-time",
            "money-back-window",
            "plan-limit",
            "refund-time",
            "return-window",
            "support-hours",
            "support-response",
            "trial-length",
            "uptime",
            "warranty-length",
        ]
    );
    let failures = ledger::run_kind_examples(vocabulary, ledger::values::builtin_regex());
    assert!(
        failures.is_empty(),
        "{} promise example(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

use crate::support::{fogcheck, json};

const SITE: &str = "fixtures-ledger/site";

#[test]
fn ledger_of_the_fixture_site() {
    let run = fogcheck(&["--ledger", SITE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("ledger_site", run.stdout);
}

#[test]
fn ledger_json_of_the_fixture_site() {
    let run = fogcheck(&["--ledger", "--format", "json", SITE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let document = json(&run);
    assert_eq!(document["version"], 1);
    for promise in document["promises"].as_array().expect("promises") {
        for field in [
            "kind",
            "value",
            "unit",
            "basis",
            "qualifier",
            "path",
            "byte_start",
            "byte_end",
            "line",
            "column",
            "sentence",
        ] {
            assert!(promise.get(field).is_some(), "{field} missing in {promise}");
        }
    }
    insta::assert_snapshot!("ledger_site_json", run.stdout);
}

/// Every planted contradiction is reported at each of its places, and no
/// look-alike is (qualifiers, other kinds with the same number, numbers
/// that are no promise).
#[test]
fn contradictions_on_the_fixture_site() {
    let run = fogcheck(&[
        "--contradictions",
        "--select",
        "ledger",
        "--format",
        "concise",
        SITE,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let places: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("[ledger/"))
        .map(|l| l.split(": ").next().unwrap_or(""))
        .collect();
    assert_eq!(
        places,
        [
            "fixtures-ledger/site/faq.md:5:32",
            "fixtures-ledger/site/faq.md:10:20",
            "fixtures-ledger/site/faq.md:14:56",
            "fixtures-ledger/site/faq.md:18:36",
            "fixtures-ledger/site/index.md:5:32",
            "fixtures-ledger/site/index.md:5:64",
            "fixtures-ledger/site/returns.html:6:33",
            "fixtures-ledger/site/returns.html:13:33",
            "fixtures-ledger/site/shipping.md:3:20",
            "fixtures-ledger/site/shipping.md:10:30",
            "fixtures-ledger/site/support.md:6:28",
        ]
    );
    insta::assert_snapshot!("ledger_site_findings", run.stdout);
}

/// A baseline silences a known contradiction like any finding.
#[test]
fn a_baseline_silences_known_contradictions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().expect("utf-8");
    let root = crate::support::root();
    let site = root.join(SITE);
    let site = site.to_str().expect("utf-8");
    let written = fogcheck(&[
        "--contradictions",
        "--select",
        "ledger",
        "--write-baseline",
        baseline,
        site,
    ]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let run = fogcheck(&[
        "--contradictions",
        "--select",
        "ledger",
        "--baseline",
        baseline,
        site,
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("11 baselined"), "{}", run.stdout);
}

/// Contradictions are findings in every format; SARIF names the other
/// places as related locations.
#[test]
fn sarif_relates_the_other_places() {
    let run = fogcheck(&[
        "--contradictions",
        "--select",
        "ledger",
        "--format",
        "sarif",
        SITE,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log = json(&run);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 11);
    for result in results {
        let related = result["relatedLocations"].as_array().expect("related");
        assert!(!related.is_empty(), "{result}");
    }
}

/// Contradictions are asked for: a plain run over a folder (which may hold
/// several businesses) reports fog only.
#[test]
fn contradictions_only_with_the_flag() {
    let run = fogcheck(&["--select", "ledger", "--format", "concise", SITE]);
    assert!(
        !run.stdout.contains("ledger/contradiction"),
        "{}",
        run.stdout
    );
    let run = fogcheck(&[
        "--contradictions",
        "--select",
        "ledger",
        "--format",
        "concise",
        SITE,
    ]);
    assert!(
        run.stdout.contains("ledger/contradiction"),
        "{}",
        run.stdout
    );
}
