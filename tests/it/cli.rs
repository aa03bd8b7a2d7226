//! Command-line behaviour: flags, exit codes, user rules, the walk.

use crate::support::{fogcheck, fogcheck_in, json};
use std::fs;
use tempfile::TempDir;

fn write(dir: &TempDir, path: &str, text: &str) {
    let full = dir.path().join(path);
    fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
    fs::write(full, text).expect("write");
}

const ZORBLY_RULE: &str = r#"summary = "Zorbly claims"
severity = "info"
message = "“{match}” is zorbly"
why = "Nobody knows what zorbly means."
roadsign = "Say what it does in {N} words."

[match]
kind = "phrases"
phrases = ["zorbly"]
"#;

#[test]
fn fail_on_sets_the_threshold() {
    let dir = TempDir::new().expect("tmp");
    write(&dir, "rules/custom/zorbly.toml", ZORBLY_RULE);
    write(&dir, "page.md", "Our tool is zorbly.\n");
    let args = |level: &'static str| ["--rules", "rules", "--fail-on", level, "page.md"];
    assert_eq!(fogcheck_in(dir.path(), &args("info")).code, 1);
    assert_eq!(fogcheck_in(dir.path(), &args("warning")).code, 0);
    assert_eq!(fogcheck_in(dir.path(), &args("error")).code, 0);
    assert_eq!(fogcheck_in(dir.path(), &args("never")).code, 0);
    let run = fogcheck_in(
        dir.path(),
        &["--rules", "rules", "--format", "json", "page.md"],
    );
    let doc = json(&run);
    assert_eq!(doc["findings"][0]["rule"], "custom/zorbly");
    assert_eq!(doc["findings"][0]["severity"], "info");
}

#[test]
fn fail_on_never_still_fails_on_errors() {
    let run = fogcheck(&["--fail-on", "never", "does-not-exist.md"]);
    assert_eq!(run.code, 2);
}

#[test]
fn user_rule_errors_name_file_line_and_field_and_the_run_goes_on() {
    let dir = TempDir::new().expect("tmp");
    write(&dir, "rules/custom/zorbly.toml", ZORBLY_RULE);
    write(
        &dir,
        "rules/custom/typo.toml",
        &ZORBLY_RULE.replace("severity = \"info\"", "sevrity = \"info\""),
    );
    write(
        &dir,
        "rules/custom/badregex.toml",
        &ZORBLY_RULE.replace(
            "kind = \"phrases\"\nphrases = [\"zorbly\"]",
            "kind = \"regex\"\npattern = \"zorb(ly\"",
        ),
    );
    write(
        &dir,
        "rules/custom/broken.toml",
        "summary = \"unterminated\n",
    );
    write(&dir, "page.md", "Our tool is zorbly.\n");
    let run = fogcheck_in(
        dir.path(),
        &["--rules", "rules", "--format", "concise", "page.md"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("typo.toml:2:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown field `sevrity`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("badregex.toml:9:11"), "{}", run.stderr);
    assert!(
        run.stderr.contains("field `pattern` is not a valid regex"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("broken.toml:1:"), "{}", run.stderr);
    // The good rule still ran.
    assert!(run.stdout.contains("info[custom/zorbly]"), "{}", run.stdout);

    let run = fogcheck_in(
        dir.path(),
        &["--rules", "rules", "--format", "json", "page.md"],
    );
    assert_eq!(run.code, 2);
    let doc = json(&run);
    let errors = doc["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors.iter().any(|e| e["message"]
        .as_str()
        .is_some_and(|m| m.contains("typo.toml:2:1"))));
}

#[test]
fn duplicate_rule_ids_are_errors() {
    let dir = TempDir::new().expect("tmp");
    write(&dir, "a/custom/zorbly.toml", ZORBLY_RULE);
    write(&dir, "b/custom/zorbly.toml", ZORBLY_RULE);
    write(&dir, "page.md", "Plain words.\n");
    let run = fogcheck_in(dir.path(), &["--rules", "a", "--rules", "b", "page.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("duplicate rule id `custom/zorbly`"),
        "{}",
        run.stderr
    );
}

#[test]
fn walk_respects_gitignore_hidden_and_kinds_but_explicit_paths_win() {
    let dir = TempDir::new().expect("tmp");
    write(&dir, "rules/custom/zorbly.toml", ZORBLY_RULE);
    write(&dir, "docs/.gitignore", "ignored.md\n");
    write(&dir, "docs/ignored.md", "zorbly\n");
    write(&dir, "docs/.hidden.md", "zorbly\n");
    write(&dir, "docs/page.md", "zorbly\n");
    write(&dir, "docs/notes.txt", "zorbly\n");
    write(&dir, "docs/page.mdx", "zorbly\n");
    write(&dir, "docs/script.js", "zorbly\n");
    let run = fogcheck_in(
        dir.path(),
        &["--rules", "rules", "--format", "json", "docs"],
    );
    let doc = json(&run);
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["docs/notes.txt", "docs/page.md", "docs/page.mdx"]);

    let run = fogcheck_in(
        dir.path(),
        &[
            "--rules",
            "rules",
            "--format",
            "concise",
            "docs/ignored.md",
            "docs/.hidden.md",
        ],
    );
    assert_eq!(
        run.stdout.lines().filter(|l| l.contains("zorbly")).count(),
        2,
        "{}",
        run.stdout
    );

    let run = fogcheck_in(dir.path(), &["--rules", "rules", "docs/script.js"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("docs/script.js: unknown file type"),
        "{}",
        run.stderr
    );
}

#[test]
fn default_path_is_the_current_directory() {
    let dir = TempDir::new().expect("tmp");
    write(&dir, "rules/custom/zorbly.toml", ZORBLY_RULE);
    write(&dir, "page.md", "zorbly\n");
    let run = fogcheck_in(dir.path(), &["--rules", "rules", "--format", "concise"]);
    assert!(
        run.stdout.starts_with("page.md:1:1: info[custom/zorbly]"),
        "{}",
        run.stdout
    );
}

#[test]
fn list_rules_prints_every_rule() {
    let run = fogcheck(&["--list-rules"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("list_rules", run.stdout);
    let run = fogcheck(&["--list-rules", "--format", "json"]);
    let doc = json(&run);
    let rules = doc.as_array().expect("list");
    assert!(rules.iter().any(|r| r["id"] == "shipping/free-shipping"
        && r["phrases"].as_array().is_some_and(|p| !p.is_empty())));
    // A `near` rule lists its two sides as written, templates included.
    let near = rules
        .iter()
        .find(|r| r["id"] == "shipping/expedited-shipping")
        .expect("expedited-shipping is listed");
    assert_eq!(near["near"]["first"][0], "{speed}");
    assert_eq!(near["near"]["then"][0], "{shipping-noun}");
    assert_eq!(near["near"]["within"], 2);
    // What the matcher looks for: the templates expanded, both sides.
    let matched: Vec<&str> = near["matched_phrases"]
        .as_array()
        .expect("matched_phrases")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(matched.contains(&"expedited"), "{matched:?}");
    assert!(matched.contains(&"shipping"), "{matched:?}");
    assert!(!matched.iter().any(|p| p.contains('{')), "{matched:?}");
}

#[test]
fn explain_prints_a_rules_documentation() {
    let run = fogcheck(&[
        "--explain",
        "shipping/expedited-shipping",
        "--color",
        "never",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("explain_expedited_shipping", run.stdout);
    let run = fogcheck(&["--explain", "no/such-rule"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no rule or category `no/such-rule`"),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_a_category_lists_its_rules() {
    let run = fogcheck(&["--explain", "shipping", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = fogcheck(&["--list-rules"]);
    let shipping: Vec<&str> = list
        .stdout
        .lines()
        .filter(|l| l.starts_with("shipping/"))
        .collect();
    assert!(!shipping.is_empty());
    assert!(
        run.stdout
            .starts_with(&format!("shipping ({} rules)", shipping.len())),
        "{}",
        run.stdout
    );
    for line in shipping {
        let id = line.split_whitespace().next().expect("id");
        let rest = line[id.len()..].trim_start();
        let summary = rest.split_once(' ').expect("severity").1.trim();
        assert!(run.stdout.contains(id), "{id} missing:\n{}", run.stdout);
        assert!(
            run.stdout.contains(summary),
            "{summary} missing:\n{}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains("refunds/"), "{}", run.stdout);
}

#[test]
fn explain_unused_suppression() {
    let run = fogcheck(&["--explain", "suppression/unused", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("suppression/unused (warning)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("silences nothing"), "{}", run.stdout);
    assert!(
        run.stdout.contains("ignore = [\"suppression\"]"),
        "{}",
        run.stdout
    );
    let run = fogcheck(&["--explain", "suppression", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("suppression/unused"), "{}", run.stdout);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let run = fogcheck(&["--color", "always", "fixtures/shipping.md"]);
    assert!(
        run.stdout.contains("\x1b["),
        "no colour with --color always"
    );
    let run = fogcheck(&["fixtures/shipping.md"]);
    assert!(!run.stdout.contains("\x1b["), "colour on a pipe");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(fogcheck(&["--format", "yaml"]).code, 2);
    assert_eq!(fogcheck(&["--max-file-size", "lots"]).code, 2);
}

/// On a terminal colour is on by default and NO_COLOR turns it off. A
/// pseudo-terminal comes from util-linux `script`, present on Linux CI.
#[cfg(target_os = "linux")]
#[test]
fn no_color_is_respected_on_a_terminal() {
    let on_tty = |no_color: Option<&str>| {
        let command = format!("{} fixtures/shipping.md", env!("CARGO_BIN_EXE_fogcheck"));
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &command, "/dev/null"])
            .current_dir(crate::support::root())
            .env_remove("NO_COLOR");
        if let Some(value) = no_color {
            cmd.env("NO_COLOR", value);
        }
        let output = cmd.output().expect("script(1) runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(on_tty(None).contains("\x1b["), "no colour on a terminal");
    assert!(
        !on_tty(Some("1")).contains("\x1b["),
        "colour despite NO_COLOR"
    );
}

/// Runs fogcheck in `dir` with the FOGCHECK_PHASES diagnostics on: its
/// exit code and standard error.
fn with_phases(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_fogcheck"))
        .args(args)
        .current_dir(dir)
        .env("FOGCHECK_PHASES", "1")
        .output()
        .expect("fogcheck runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `--threads` is capped at the files to check and at 64: `-j 1000` on one
/// file used to start a thousand threads that spun for seconds. The count
/// used is read from the FOGCHECK_PHASES diagnostics.
#[test]
fn threads_are_capped_by_the_files_and_a_maximum() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let p = dir.path();
    crate::support::write(p, "docs/a.md", "We offer expedited shipping.\n");
    crate::support::write(p, "docs/b.md", "Plain words.\n");
    let threads = |args: &[&str]| {
        let (code, stderr) = with_phases(p, args);
        assert_eq!(code, Some(1));
        stderr
            .lines()
            .find_map(|line| line.strip_prefix("threads "))
            .unwrap_or_else(|| panic!("no thread count: {stderr}"))
            .to_string()
    };
    assert_eq!(threads(&["-j", "1000", "docs/a.md"]), "1");
    assert_eq!(threads(&["-j", "1000", "docs/a.md", "docs/b.md"]), "2");
    assert_eq!(threads(&["-j", "1000", "docs"]), "64");
    assert_eq!(threads(&["-j", "3", "docs"]), "3");
}

/// A small run (a file or two, 1 MiB at most together) takes no
/// transparent huge pages; a folder, or a file of over a MiB, does.
#[test]
fn only_small_runs_turn_huge_pages_off() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let p = dir.path();
    crate::support::write(p, "docs/a.md", "We offer expedited shipping.\n");
    crate::support::write(p, "docs/b.md", "Plain words.\n");
    crate::support::write(p, "big.md", &"We ship fast.\n".repeat(80_000));
    let huge_pages_off = |args: &[&str]| {
        with_phases(p, args)
            .1
            .lines()
            .any(|line| line == "huge pages off")
    };
    if cfg!(target_os = "linux") {
        assert!(huge_pages_off(&["docs/a.md", "docs/b.md"]));
    }
    assert!(!huge_pages_off(&["docs"]));
    assert!(!huge_pages_off(&["big.md"]));
    // No path named is the current folder: a folder run.
    assert!(!huge_pages_off(&[]));
}

#[test]
fn select_and_ignore_trim_names_and_skip_empty_ones() {
    let dir = TempDir::new().expect("tmp");
    write(&dir, "rules/custom/zorbly.toml", ZORBLY_RULE);
    write(
        &dir,
        "rules/other/wibbly.toml",
        &ZORBLY_RULE.replace("zorbly", "wibbly"),
    );
    write(&dir, "page.md", "Our tool is zorbly and wibbly.\n");
    let rules = |run: &crate::support::Run| -> Vec<String> {
        json(run)["findings"]
            .as_array()
            .unwrap_or_else(|| panic!("{}{}", run.stdout, run.stderr))
            .iter()
            .map(|f| f["rule"].as_str().expect("rule").to_string())
            .collect()
    };
    let base = ["--rules", "rules", "--format", "json"];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args.push("page.md");
        fogcheck_in(dir.path(), &args)
    };
    let run = with(&["--select", "custom, other,"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(rules(&run), ["custom/zorbly", "other/wibbly"]);
    let run = with(&["--ignore", " other , ,"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(rules(&run), ["custom/zorbly"]);
    let run = with(&["--select", " , "]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--select names no rule"),
        "{}",
        run.stderr
    );
}

#[test]
fn version_names_the_built_in_rule_count() {
    let listed = json(&fogcheck(&["--list-rules", "--format", "json"]));
    let builtin = listed
        .as_array()
        .expect("list")
        .iter()
        .filter(|r| r["builtin"] == true)
        .count();
    assert!(builtin > 0);
    let expected = format!(
        "fogcheck {} ({builtin} built-in rules)\n",
        env!("CARGO_PKG_VERSION")
    );
    for flag in ["--version", "-V"] {
        let run = fogcheck(&[flag]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, expected);
    }
    // User rules are not built in.
    let dir = TempDir::new().expect("tmp");
    write(&dir, "rules/custom/zorbly.toml", ZORBLY_RULE);
    let run = fogcheck_in(dir.path(), &["--rules", "rules", "--version"]);
    assert_eq!(run.stdout, expected);
}

#[test]
fn completions_and_man_page_come_from_the_flags() {
    let run = fogcheck(&["--completions", "bash"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("--fail-on"), "{}", run.stdout);
    assert!(run.stdout.contains("_fogcheck"), "{}", run.stdout);
    for shell in ["zsh", "fish"] {
        let run = fogcheck(&["--completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("fail-on"), "{shell}: {}", run.stdout);
    }
    assert_eq!(fogcheck(&["--completions", "tcsh"]).code, 2);

    let run = fogcheck(&["--man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH fogcheck 1"), "{}", run.stdout);
    assert!(run.stdout.contains("\\-\\-fail\\-on"), "{}", run.stdout);
    assert!(
        run.stdout.contains("\\-\\-max\\-file\\-size"),
        "{}",
        run.stdout
    );
}
