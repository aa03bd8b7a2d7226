//! Every example of every built-in rule, run through the whole pipeline, plus
//! meta-checks over the pack. All failures are listed at once.

use fogcheck::check::Matcher;
use fogcheck::examples::{audit_rule, fill_roadsign, run_examples};
use fogcheck::rule::{load_pack, parse_rule, RulePack};
use fogcheck::source::{FileKind, SourceFile};
use std::collections::BTreeSet;
use std::path::Path;

fn builtin() -> (RulePack, Matcher) {
    let (pack, errors) = load_pack(&[]);
    let errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        errors.is_empty(),
        "built-in rules fail to load:\n{}",
        errors.join("\n")
    );
    let matcher = Matcher::compile(&pack);
    (pack, matcher)
}

#[test]
fn every_builtin_example_behaves_as_its_rule_says() {
    let (pack, matcher) = builtin();
    let all: Vec<usize> = (0..pack.rules().len()).collect();
    let failures = run_examples(&pack, &matcher, &all);
    let listed: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(
        failures.is_empty(),
        "{} example(s) failed:\n{}",
        failures.len(),
        listed.join("\n")
    );
}

#[test]
fn every_builtin_rule_is_documented_and_proven() {
    let (pack, _) = builtin();
    let mut problems = Vec::new();
    for rule in pack.rules() {
        for problem in audit_rule(rule, 3) {
            problems.push(format!("{}: {problem}", rule.id));
        }
        let expected_origin = Path::new("rules").join(format!("{}.toml", rule.id));
        if rule.origin != expected_origin {
            problems.push(format!(
                "{}: id does not match its file {}",
                rule.id,
                rule.origin.display()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "rule pack problems:\n{}",
        problems.join("\n")
    );
}

/// A roadsign is clear copy: filled in as a writer would, it raises no
/// finding from any rule of the pack.
#[test]
fn every_roadsign_filled_in_is_clear_copy() {
    let (pack, matcher) = builtin();
    // The check can fail: a roadsign that is itself fog is flagged.
    let probe = fill_roadsign("We reply shortly to {CHANNEL} messages.");
    assert_eq!(probe, "We reply shortly to the listed items messages.");
    let file = SourceFile::from_bytes("probe.md".into(), FileKind::Markdown, probe.into_bytes())
        .expect("probe reads");
    assert!(!fogcheck::find_fog(&file, &pack, &matcher).is_empty());
    let mut flagged = Vec::new();
    for rule in pack.rules() {
        let text = fill_roadsign(&rule.roadsign);
        let file = SourceFile::from_bytes(
            format!("{}.md", rule.id).into(),
            FileKind::Markdown,
            format!("{text}\n").into_bytes(),
        )
        .expect("roadsign text reads");
        for finding in fogcheck::find_fog(&file, &pack, &matcher) {
            flagged.push(format!(
                "{}: “{}” flagged by {} in: {text}",
                rule.id, finding.matched, finding.rule
            ));
        }
    }
    assert!(
        flagged.is_empty(),
        "roadsigns that are fog themselves:\n{}",
        flagged.join("\n")
    );
}

#[test]
fn the_pack_is_wide_enough() {
    let (pack, _) = builtin();
    let categories: BTreeSet<&str> = pack.rules().iter().map(|r| r.id.category()).collect();
    assert!(
        pack.rules().len() >= 80,
        "only {} rules",
        pack.rules().len()
    );
    assert!(
        categories.len() >= 16,
        "only {} categories: {categories:?}",
        categories.len()
    );
}

/// The harness must be able to fail: a rule whose examples lie is caught,
/// both ways.
#[test]
fn the_harness_reports_wrong_examples() {
    let text = r#"
summary = "Test rule"
severity = "warning"
message = "“{match}” is vague"
why = "w"
roadsign = "r"
[match]
kind = "phrases"
phrases = ["zorbly fast"]
[[examples]]
text = "Our service is zorbly fast."
fog = ["something else"]
[[examples]]
text = "Zorbly fast, as everyone says."
fog = []
[[examples]]
text = "This is fine."
fog = []
"#;
    let rule = parse_rule(
        Path::new("t/test/zorbly.toml"),
        Path::new("test/zorbly.toml"),
        text,
        false,
    )
    .expect("test rule parses");
    let pack = RulePack::new(vec![rule]);
    let matcher = Matcher::compile(&pack);
    let failures = run_examples(&pack, &matcher, &[0]);
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert_eq!(failures[0].example, 1);
    assert!(
        failures[0].problem.contains("expected fog"),
        "{}",
        failures[0].problem
    );
    assert_eq!(failures[1].example, 2);
    assert!(
        failures[1].problem.contains("clear example is flagged"),
        "{}",
        failures[1].problem
    );
    let audit = audit_rule(pack.get(0), 3);
    assert!(
        audit.iter().any(|p| p.contains("fog examples")),
        "{audit:?}"
    );
}

/// Every roadsign detector is declared in `rules/detectors/` with examples:
/// each must find exactly what its example lists, in order.
#[test]
fn every_detector_finds_what_its_examples_say() {
    use fogcheck::roadsign::{detector_file, Detector};
    let mut failures = Vec::new();
    for detector in Detector::ALL {
        let file = detector_file(detector);
        assert!(!file.summary.is_empty(), "{}: no summary", detector.name());
        assert!(
            file.examples.iter().filter(|e| !e.finds.is_empty()).count() >= 2
                && file.examples.iter().any(|e| e.finds.is_empty()),
            "{}: needs at least 2 examples that find and 1 that finds nothing",
            detector.name()
        );
        for example in &file.examples {
            let found: Vec<&str> = detector
                .find_in(&example.text)
                .into_iter()
                .map(|r| &example.text[r])
                .collect();
            if found != example.finds {
                failures.push(format!(
                    "{}: {:?} found {found:?}, expected {:?}",
                    detector.name(),
                    example.text,
                    example.finds
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every judging filter is declared in `rules/filters/` with examples: run
/// through the whole pipeline, each example's hit is cleared by that filter
/// (named as `--show-cleared` names it) or, when `cleared = false`, reported.
#[test]
fn every_filter_clears_what_its_examples_say() {
    use fogcheck::filters::filters;
    let (pack, matcher) = builtin();
    let mut failures = Vec::new();
    for (name, filter) in filters().all() {
        assert!(!filter.summary.is_empty(), "{name}: no summary");
        assert!(
            filter.examples.iter().any(|e| e.cleared) && filter.examples.iter().any(|e| !e.cleared),
            "{name}: needs examples it clears and examples it does not"
        );
        for example in &filter.examples {
            let file = SourceFile::from_bytes(
                format!("{name}.md").into(),
                FileKind::Markdown,
                format!("{}\n", example.text).into_bytes(),
            )
            .expect("example reads");
            let document = fogcheck::extract::extract(&file);
            let hits = matcher.check(&document);
            let judged = fogcheck::judge::judge_explained(&document, hits, &pack, true);
            let cleared_here = judged
                .cleared
                .iter()
                .any(|c| c.matched == example.hit && c.reason == filter.reason);
            let reported = judged.findings.iter().any(|f| f.matched == example.hit);
            let ok = if example.cleared {
                cleared_here && !reported
            } else {
                reported && !cleared_here
            };
            if !ok {
                failures.push(format!(
                    "{name}: {:?} in {:?}: expected {}; cleared {:?}, reported {:?}",
                    example.hit,
                    example.text,
                    if example.cleared {
                        "cleared"
                    } else {
                        "reported"
                    },
                    judged
                        .cleared
                        .iter()
                        .map(|c| format!("{} by {}", c.matched, c.reason))
                        .collect::<Vec<_>>(),
                    judged
                        .findings
                        .iter()
                        .map(|f| f.matched.clone())
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
