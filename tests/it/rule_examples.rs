//! Every example of every built-in rule, run through the whole pipeline, plus
//! meta-checks over the pack. All failures are listed at once.

use fogcheck::check::Matcher;
use fogcheck::examples::{audit_rule, run_examples};
use fogcheck::rule::{load_pack, parse_rule, RulePack};
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

#[test]
fn the_pack_is_wide_enough() {
    let (pack, _) = builtin();
    let categories: BTreeSet<&str> = pack.rules().iter().map(|r| r.id.category()).collect();
    assert!(
        pack.rules().len() >= 45,
        "only {} rules",
        pack.rules().len()
    );
    assert!(
        categories.len() >= 12,
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
