//! The promise ledger: the kinds' examples, the ledger rules' examples,
//! `--ledger` on the fixture site and the contradictions in a normal run.

use fogcheck::ledger::{self, kinds};

#[test]
fn every_promise_kind_finds_what_its_examples_say() {
    let vocabulary = kinds::builtin_with_examples();
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

/// `FOGCHECK_LEDGER_UNTIL` stops the ledger after a stage, for
/// `bench/ledger.sh` to time each: every earlier stop finds no
/// contradiction and lists no promise; unset or any other value, the
/// whole ledger runs.
#[test]
fn the_ledger_stops_after_the_stage_a_measurement_names() {
    let run = |stage: Option<&str>, args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_fogcheck"));
        command.args(args).current_dir(crate::support::root());
        match stage {
            Some(stage) => command.env("FOGCHECK_LEDGER_UNTIL", stage),
            None => command.env_remove("FOGCHECK_LEDGER_UNTIL"),
        };
        let output = command.output().expect("fogcheck runs");
        serde_json::from_slice::<serde_json::Value>(&output.stdout).expect("JSON")
    };
    let contradictions = |stage| {
        let report = run(
            stage,
            &[
                "--contradictions",
                "--select",
                "ledger",
                "--format",
                "json",
                SITE,
            ],
        );
        report["findings"].as_array().expect("findings").len()
    };
    let promises = |stage| {
        let ledger = run(stage, &["--ledger", "--format", "json", SITE]);
        ledger["promises"].as_array().expect("promises").len()
    };
    for stage in ["nothing", "values", "entries", "placed"] {
        assert_eq!(contradictions(Some(stage)), 0, "{stage}");
        assert_eq!(promises(Some(stage)), 0, "{stage}");
    }
    for stage in [None, Some("all"), Some("everything")] {
        assert!(contradictions(stage) > 0, "{stage:?}");
        assert!(promises(stage) > 0, "{stage:?}");
    }
}

const DECLARED: &str = "fixtures-ledger/declared";

/// A declared fact turns a page that promises another value into an error
/// naming the declared value and the config; a qualified promise, another
/// kind with the same number and an inline suppression are left alone.
#[test]
fn declared_facts_make_differing_pages_errors() {
    // No flag: declared facts are checked in every run.
    let run = fogcheck(&["--select", "ledger", "--format", "concise", DECLARED]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let places: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("[ledger/declared]"))
        .map(|l| l.split(": ").next().unwrap_or(""))
        .collect();
    assert_eq!(
        places,
        [
            "fixtures-ledger/declared/banner.html:5:48",
            "fixtures-ledger/declared/policies.md:6:17",
            "fixtures-ledger/declared/policies.md:12:26",
        ]
    );
    assert!(
        run.stdout
            .contains("fixtures-ledger/declared/fogcheck.toml declares 30 days"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("ledger/contradiction"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("ledger_declared_findings", run.stdout);
    // Every format carries them as errors.
    let json = json(&fogcheck(&[
        "--select", "ledger", "--format", "json", DECLARED,
    ]));
    let text = json.to_string();
    assert!(text.contains("\"ledger/declared\""), "{text}");
    assert!(text.contains("\"error\""), "{text}");
}

#[test]
fn ledger_lists_declared_values_no_page_states() {
    let run = fogcheck(&["--ledger", DECLARED]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "fixtures-ledger/declared/fogcheck.toml:7: declared warranty-length = 2 years is not stated on any page"
        ),
        "{}",
        run.stdout
    );
    // Stated facts are not listed.
    assert!(
        !run.stdout.contains("return-window = 30 days"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("ledger_declared", run.stdout);
    let run = fogcheck(&["--ledger", "--format", "json", DECLARED]);
    let document = json(&run);
    assert_eq!(
        document["unstated"],
        serde_json::json!([{
            "kind": "warranty-length",
            "value": "2 years",
            "config": "fixtures-ledger/declared/fogcheck.toml",
            "line": 7
        }])
    );
}

/// A fact that is no fact is a config error at its place.
#[test]
fn a_bad_declared_fact_is_a_config_error_at_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::support::write(
        dir.path(),
        "fogcheck.toml",
        "[promises]\nreturn-window = \"30 days\"\nfree-shipping = \"$75\"\n",
    );
    crate::support::write(dir.path(), "a.md", "Returns within 30 days.\n");
    let run = crate::support::fogcheck_in(dir.path(), &["a.md"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("fogcheck.toml:3:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown promise kind `free-shipping`"),
        "{}",
        run.stderr
    );
    crate::support::write(
        dir.path(),
        "fogcheck.toml",
        "[promises]\nreturn-window = \"$30\"\n",
    );
    let run = crate::support::fogcheck_in(dir.path(), &["a.md"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("fogcheck.toml:2:17"), "{}", run.stderr);
    assert!(run.stderr.contains("expected a duration"), "{}", run.stderr);
}

/// Two pages that contradict each other, for the suppression tests.
fn contradicting_site(dir: &std::path::Path, faq_extra: &str, config: &str) {
    crate::support::write(dir, "fogcheck.toml", config);
    crate::support::write(
        dir,
        "faq.md",
        &format!("# FAQ\n\n{faq_extra}You can return any item within 30 days.\n"),
    );
    crate::support::write(
        dir,
        "returns.md",
        "# Returns\n\nItems can be returned within 14 days.\n",
    );
}

fn ledger_places(run: &crate::support::Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter(|l| l.contains("[ledger/") || l.contains("[suppression/"))
        .map(|l| l.split(": ").next().unwrap_or("").to_string())
        .collect()
}

/// Inline directives silence ledger findings at their place, and a
/// directive naming a ledger rule is not reported unused in a run without
/// the ledger.
#[test]
fn inline_suppressions_silence_ledger_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = ["--contradictions", "--format", "concise", "."];
    contradicting_site(dir.path(), "", "");
    let run = crate::support::fogcheck_in(dir.path(), &args);
    assert_eq!(ledger_places(&run), ["faq.md:3:32", "returns.md:3:30"]);

    contradicting_site(
        dir.path(),
        "<!-- fogcheck-disable-next-line ledger/contradiction -->\n",
        "",
    );
    let run = crate::support::fogcheck_in(dir.path(), &args);
    assert_eq!(ledger_places(&run), ["returns.md:3:30"]);
    // Without the ledger the directive has nothing to silence yet: it is
    // not reported unused.
    let run = crate::support::fogcheck_in(dir.path(), &["--format", "concise", "."]);
    assert_eq!(ledger_places(&run), Vec::<String>::new(), "{}", run.stdout);

    // A directive for another rule does not silence the contradiction.
    contradicting_site(
        dir.path(),
        "<!-- fogcheck-disable-next-line ledger/ambiguous-basis -->\n",
        "",
    );
    let run = crate::support::fogcheck_in(dir.path(), &args);
    assert_eq!(ledger_places(&run), ["faq.md:4:32", "returns.md:3:30"]);

    // A file-wide directive naming the category works too.
    contradicting_site(dir.path(), "<!-- fogcheck-disable-file ledger -->\n", "");
    let run = crate::support::fogcheck_in(dir.path(), &args);
    assert_eq!(ledger_places(&run), ["returns.md:3:30"]);
}

/// The config's `ignore`, `[severity]` and overrides govern ledger findings
/// as they do any rule's.
#[test]
fn config_selection_and_severity_apply_to_ledger_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = ["--contradictions", "--format", "json", "."];
    let severities = |run: &crate::support::Run| -> Vec<(String, String)> {
        let doc = json(run);
        let mut out = Vec::new();
        for f in doc["findings"].as_array().expect("findings") {
            if f["rule"].as_str().is_some_and(|r| r.starts_with("ledger/")) {
                out.push((
                    f["path"].as_str().unwrap_or("").to_string(),
                    f["severity"].as_str().unwrap_or("").to_string(),
                ));
            }
        }
        out
    };
    contradicting_site(
        dir.path(),
        "",
        "[severity]\n\"ledger/contradiction\" = \"error\"\n",
    );
    let run = crate::support::fogcheck_in(dir.path(), &args);
    assert_eq!(
        severities(&run),
        [
            ("faq.md".to_string(), "error".to_string()),
            ("returns.md".to_string(), "error".to_string())
        ]
    );
    contradicting_site(
        dir.path(),
        "",
        "[[overrides]]\nfiles = [\"returns.md\"]\nignore = [\"ledger\"]\n",
    );
    let run = crate::support::fogcheck_in(dir.path(), &args);
    assert_eq!(
        severities(&run),
        [("faq.md".to_string(), "warning".to_string())]
    );
    contradicting_site(dir.path(), "", "ignore = [\"ledger/contradiction\"]\n");
    let run = crate::support::fogcheck_in(dir.path(), &args);
    assert_eq!(severities(&run), Vec::<(String, String)>::new());
}

/// `ledger/declared` findings come from each file's own pass: the config's
/// severities and selection apply, and a directive that silences none is
/// reported unused like any other.
#[test]
fn declared_findings_follow_the_config_and_directives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = "Every order ships within 2 business days.\n";
    crate::support::write(dir.path(), "a.md", page);
    let facts = "[promises]\nhandling-time = \"1 business day\"\n";
    let run_with = |config: &str, text: &str| {
        crate::support::write(dir.path(), "fogcheck.toml", config);
        crate::support::write(dir.path(), "a.md", text);
        crate::support::fogcheck_in(dir.path(), &["--format", "concise", "a.md"])
    };
    let run = run_with(facts, page);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("a.md:1:26: error[ledger/declared]"),
        "{}",
        run.stdout
    );
    let config = format!("[severity]\n\"ledger/declared\" = \"info\"\n{facts}");
    let run = run_with(&config, page);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("info[ledger/declared]"),
        "{}",
        run.stdout
    );
    let run = run_with(&format!("ignore = [\"ledger\"]\n{facts}"), page);
    assert!(!run.stdout.contains("ledger/declared"), "{}", run.stdout);
    let run = run_with(
        facts,
        &format!("<!-- fogcheck-disable-next-line ledger/declared -->\n{page}"),
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = run_with(
        facts,
        "<!-- fogcheck-disable-next-line ledger/declared -->\nEvery order ships within 1 business day.\n",
    );
    assert!(
        run.stdout.contains("[suppression/unused]"),
        "{}",
        run.stdout
    );
}

/// An HTML FAQ's questions (a `<summary>`, a `<dt>`) name the subject of
/// the answers after them, which say only the value; `--ledger` finds
/// them without searching a rule, and says nothing of the page's fog.
#[test]
fn an_html_faq_answers_name_their_questions_kinds() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::support::write(
        dir.path(),
        "faq.html",
        "<html><body><h1>Questions</h1>\n\
         <details><summary>How long does delivery take?</summary><p>Usually 3-5 business days.</p></details>\n\
         <details><summary>Can I return my order?</summary><p>Yes, within 30 days of delivery.</p></details>\n\
         <dl><dt>How fast do you reply?</dt><dd>Within one business day.</dd>\n\
         <dt>What is the warranty?</dt><dd>2 years on everything we sell.</dd></dl>\n\
         <p>We offer lightning-fast shipping and hassle-free returns.</p>\n\
         </body></html>\n",
    );
    let run =
        crate::support::fogcheck_in(dir.path(), &["--ledger", "--format", "json", "faq.html"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let found: Vec<(String, String)> = json["promises"]
        .as_array()
        .expect("promises")
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap_or_default().to_string(),
                p["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected = [
        ("delivery-time", "3–5 business days"),
        ("return-window", "30 days"),
        ("support-response", "1 business day"),
        ("warranty-length", "2 years"),
    ];
    assert_eq!(
        found,
        expected.map(|(k, v)| (k.to_string(), v.to_string())),
        "{}",
        run.stdout
    );
    // The same page checked for fog has some: the ledger alone shows none.
    let check = crate::support::fogcheck_in(dir.path(), &["faq.html"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
}
