//! `--test-rules`: a rule author's check of their rule files' examples.

use crate::support::{fogcheck_in, test_rule, write};
use tempfile::TempDir;

#[test]
fn a_good_rule_file_passes() {
    let dir = TempDir::new().expect("tmp");
    let p = dir.path();
    write(
        p,
        "mine/custom/zorbly.toml",
        &test_rule("zorbly", "warning"),
    );
    write(p, "mine/custom/wibbly.toml", &test_rule("wibbly", "info"));
    let run = fogcheck_in(
        p,
        &[
            "--test-rules",
            "mine/custom/zorbly.toml",
            "mine/custom/wibbly.toml",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("ok   custom/zorbly (2 examples)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("ok   custom/wibbly (2 examples)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("2 rules, 4 examples: all pass\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_bad_rule_file_fails_with_each_example_named() {
    let dir = TempDir::new().expect("tmp");
    let p = dir.path();
    // Example 1 expects the wrong words; example 2, a clear one, is flagged
    // by the other tested rule.
    let bad = test_rule("zorbly", "warning")
        .replace("fog = [\"zorbly\"]", "fog = [\"zorbly fast\"]")
        .replace("Our tool is plain.", "Our tool is plain and wibbly.");
    write(p, "mine/custom/zorbly.toml", &bad);
    write(p, "mine/custom/wibbly.toml", &test_rule("wibbly", "info"));
    let run = fogcheck_in(
        p,
        &[
            "--test-rules",
            "mine/custom/zorbly.toml",
            "mine/custom/wibbly.toml",
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let out = &run.stdout;
    assert!(
        out.contains("FAIL custom/zorbly (2 of 2 examples)"),
        "{out}"
    );
    assert!(
        out.contains(
            "custom/zorbly example 1: expected fog [\"zorbly fast\"], found [\"zorbly\"]\n    \
             text: \"Our tool is zorbly.\""
        ),
        "{out}"
    );
    assert!(
        out.contains("custom/zorbly example 2: clear example is flagged: custom/wibbly \"wibbly\""),
        "{out}"
    );
    assert!(out.contains("ok   custom/wibbly"), "{out}");
    assert!(out.ends_with("2 rules, 4 examples: 2 failed\n"), "{out}");
}

#[test]
fn a_rule_file_that_does_not_load_exits_2() {
    let dir = TempDir::new().expect("tmp");
    let p = dir.path();
    write(
        p,
        "mine/custom/zorbly.toml",
        &test_rule("zorbly", "warning").replace("severity = ", "sevrity = "),
    );
    let run = fogcheck_in(
        p,
        &[
            "--color",
            "never",
            "--test-rules",
            "mine/custom/zorbly.toml",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("zorbly.toml:2:1"), "{}", run.stderr);
    let run = fogcheck_in(p, &["--test-rules", "mine/none.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read rule file"),
        "{}",
        run.stderr
    );
}
