//! No silent skips: a run that checked no file is an error unless
//! `--allow-empty`, and files skipped for their format are counted (JSON
//! `summary.files_skipped`, a summary line) and listed with `--verbose`.

use crate::support::{fogcheck_in, json, project, write};

#[test]
fn a_run_that_checks_nothing_says_so_and_exits_2() {
    let dir = project();
    let p = dir.path();
    write(p, "site/app.js", "zorbly\n");
    write(p, "site/lib.js", "zorbly\n");
    write(p, "site/Makefile", "zorbly\n");
    std::fs::create_dir_all(p.join("empty")).expect("mkdir");

    let run = fogcheck_in(p, &["--rules", "rules", "site"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("error: no files checked; 3 files were skipped")
            && run.stderr.contains("2 .js, 1 (no extension)")
            && run.stderr.contains("--allow-empty"),
        "{}",
        run.stderr
    );
    let run = fogcheck_in(p, &["--rules", "rules", "--allow-empty", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("no files checked"), "{}", run.stderr);

    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "empty"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: no files checked."),
        "{}",
        run.stderr
    );
    assert_eq!(json(&run)["summary"]["files_checked"], 0);
    let run = fogcheck_in(p, &["--rules", "rules", "--allow-empty", "empty"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn skipped_files_are_counted_and_listed_with_verbose() {
    let dir = project();
    let p = dir.path();
    write(p, "docs/page.md", "zorbly\n");
    write(p, "docs/app.js", "zorbly\n");
    write(p, "docs/style.css", "zorbly\n");
    write(p, "docs/more.js", "zorbly\n");

    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "docs"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["files_checked"], 1);
    assert_eq!(doc["summary"]["files_skipped"], 3);
    assert!(!run.stderr.contains("app.js"), "{}", run.stderr);

    let run = fogcheck_in(p, &["--rules", "rules", "docs"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let last = run.stdout.lines().last().unwrap_or("");
    assert_eq!(
        last, "skipped 3 files fogcheck does not read: 2 .js, 1 .css (list them with --verbose)",
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("docs/app.js"), "{}", run.stderr);

    let run = fogcheck_in(p, &["--rules", "rules", "--verbose", "docs"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let listed: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("skipped "))
        .collect();
    assert_eq!(
        listed,
        [
            "skipped docs/app.js: fogcheck does not read this format",
            "skipped docs/more.js: fogcheck does not read this format",
            "skipped docs/style.css: fogcheck does not read this format",
        ],
        "{}",
        run.stderr
    );

    // Nothing skipped: no extra line.
    let run = fogcheck_in(p, &["--rules", "rules", "docs/page.md"]);
    assert!(!run.stdout.contains("skipped"), "{}", run.stdout);
}

#[test]
fn named_files_the_config_excludes_are_not_an_empty_run() {
    // pre-commit names staged files; the config may exclude all of them.
    let dir = project();
    let p = dir.path();
    write(
        p,
        "fogcheck.toml",
        "rules = [\"rules\"]\nexclude = [\"CHANGELOG.md\"]\n",
    );
    write(p, "CHANGELOG.md", "zorbly\n");
    let run = fogcheck_in(p, &["--format", "concise", "CHANGELOG.md"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("no files checked"), "{}", run.stderr);
}
