//! fogcheck.toml: discovery, every key, errors that point at their line,
//! `--init`, and command-line flags overriding the file.

use crate::support::{fogcheck_in, found, project, write};

const PAGE: &str = "Our tool is zorbly.\n\nAnd wibbly too.\n";

#[test]
fn config_is_found_upward_and_selects_ignores_and_sets_severity() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "fogcheck.toml",
        "rules = [\"rules\"]\nignore = [\"other\"]\n[severity]\n\"custom/zorbly\" = \"error\"\n",
    );
    write(p, "docs/page.md", PAGE);
    let run = fogcheck_in(&p.join("docs"), &["--format", "json", "page.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(found(&run), ["page.md:1 custom/zorbly error"]);

    // --select replaces the file's select and ignore; --ignore adds to it.
    let run = fogcheck_in(
        &p.join("docs"),
        &["--format", "json", "--select", "other", "page.md"],
    );
    assert_eq!(found(&run), ["page.md:3 other/wibbly info"]);
    assert_eq!(run.code, 0, "info is under the default fail level");
    let run = fogcheck_in(
        &p.join("docs"),
        &["--format", "json", "--ignore", "custom/zorbly", "page.md"],
    );
    assert_eq!(found(&run), Vec::<String>::new());

    // --no-config ignores the file (and so its rule folder).
    let run = fogcheck_in(
        &p.join("docs"),
        &["--no-config", "--format", "json", "page.md"],
    );
    assert_eq!(found(&run), Vec::<String>::new());
}

#[test]
fn fail_on_max_file_size_and_globs_come_from_the_file_and_flags_win() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        ".fogcheck.toml",
        r#"rules = ["rules"]
fail-on = "info"
max-file-size = "1K"
exclude = ["drafts", "docs/skip.md"]
include = ["docs/**"]
"#,
    );
    write(p, "docs/page.md", "wibbly\n");
    write(p, "docs/skip.md", "zorbly\n");
    write(p, "docs/drafts/wip.md", "zorbly\n");
    write(p, "notes.md", "zorbly\n");
    write(p, "docs/big.md", &"wibbly ".repeat(200));
    let run = fogcheck_in(p, &["--format", "json", "."]);
    assert_eq!(run.code, 2, "big.md is over the config's 1K");
    assert_eq!(found(&run), ["docs/page.md:1 other/wibbly info"]);
    let doc = crate::support::json(&run);
    assert_eq!(doc["errors"][0]["path"], "docs/big.md");

    let run = fogcheck_in(p, &["--format", "json", "--max-file-size", "1M", "docs"]);
    assert_eq!(run.code, 1, "fail-on = info: {}", run.stderr);
    let run = fogcheck_in(
        p,
        &[
            "--format",
            "json",
            "--max-file-size",
            "1M",
            "--fail-on",
            "warning",
            "docs",
        ],
    );
    assert_eq!(run.code, 0);

    // Excludes apply to files named explicitly too (pre-commit names them).
    let run = fogcheck_in(p, &["--format", "json", "docs/skip.md"]);
    assert_eq!(found(&run), Vec::<String>::new());
    assert_eq!(crate::support::json(&run)["summary"]["files_checked"], 0);
}

#[test]
fn overrides_apply_to_their_files_only() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "fogcheck.toml",
        r#"rules = ["rules"]
select = ["custom"]

[[overrides]]
files = ["legal/**"]
select = ["other/wibbly"]
ignore = ["custom"]
severity = { "other" = "error" }
"#,
    );
    write(p, "page.md", PAGE);
    write(p, "legal/terms.md", PAGE);
    let run = fogcheck_in(p, &["--format", "json", "."]);
    assert_eq!(
        found(&run),
        [
            "legal/terms.md:3 other/wibbly error",
            "page.md:1 custom/zorbly warning"
        ]
    );
}

#[test]
fn config_errors_point_at_the_line_and_exit_2() {
    let dir = project();
    let p = dir.path();
    write(p, "page.md", PAGE);
    let cases = [
        (
            "rules = [\"rules\"]\nfail-on = \"warning\"\nexlude = [\"x\"]\n",
            "fogcheck.toml:3:1",
            "unknown field `exlude`",
        ),
        (
            "rules = [\"rules\"]\n[severity]\n\"custom/zorbly\" = \"warn\"\n",
            "fogcheck.toml:3:19",
            "unknown variant `warn`",
        ),
        (
            "rules = [\"rules\"]\nselect = [\"custom\", \"shiping\"]\n",
            "fogcheck.toml:2:21",
            "unknown rule or category `shiping`",
        ),
        (
            "rules = [\"rules\"]\n\n[[overrides]]\nfiles = [\"legal/[\"]\n",
            "fogcheck.toml:4:10",
            "invalid glob",
        ),
        (
            "max-file-size = \"lots\"\n",
            "fogcheck.toml:1:17",
            "max-file-size",
        ),
        ("fail-on = 3\n", "fogcheck.toml:1:11", "fail-on"),
    ];
    for (text, location, message) in cases {
        write(p, "fogcheck.toml", text);
        let run = fogcheck_in(p, &["--color", "never", "page.md"]);
        assert_eq!(run.code, 2, "{text}: {}", run.stderr);
        assert!(run.stderr.contains(location), "{text}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{text}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{text}: nothing is checked");
    }

    let run = fogcheck_in(p, &["--config", "missing.toml", "page.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read config file"),
        "{}",
        run.stderr
    );
    let run = fogcheck_in(p, &["--no-config", "--select", "nope", "page.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown rule or category `nope`"));
}

#[test]
fn init_writes_a_starter_that_loads_and_never_overwrites() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let p = dir.path();
    let run = fogcheck_in(p, &["--init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(p.join("fogcheck.toml")).expect("written");
    assert!(written.contains("fail-on"));
    write(p, "page.md", "Plain words.\n");
    let run = fogcheck_in(p, &["page.md"]);
    assert_eq!(run.code, 0, "the starter loads: {}", run.stderr);

    std::fs::write(p.join("fogcheck.toml"), "# mine\n").expect("write");
    let run = fogcheck_in(p, &["--init"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    let kept = std::fs::read_to_string(p.join("fogcheck.toml")).expect("kept");
    assert_eq!(kept, "# mine\n");
}

#[test]
fn max_file_size_accepts_decimals_in_the_flag_and_the_file() {
    let dir = project();
    let p = dir.path();
    // 1.5K is 1536 bytes: one file at the limit, one a byte over it.
    write(p, "docs/at.md", &"a".repeat(1536));
    write(p, "docs/over.md", &"a".repeat(1537));
    let errors = |run: &crate::support::Run| -> Vec<String> {
        crate::support::json(run)["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{}{}", run.stdout, run.stderr))
            .iter()
            .map(|e| format!("{} {}", e["path"], e["message"]))
            .collect()
    };
    let run = fogcheck_in(
        p,
        &[
            "--no-config",
            "--format",
            "json",
            "--max-file-size",
            "1.5K",
            "docs",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let found = errors(&run);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("docs/over.md") && found[0].contains("1536-byte limit"),
        "{found:?}"
    );
    let run = fogcheck_in(
        p,
        &[
            "--no-config",
            "--format",
            "json",
            "--max-file-size",
            "1.5M",
            "docs",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    write(p, "fogcheck.toml", "max-file-size = \"1.5K\"\n");
    let run = fogcheck_in(p, &["--format", "json", "docs"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(errors(&run).len(), 1, "{:?}", errors(&run));
}

/// The config's `exclude = [...]` with `n` globs, one a line.
fn exclude_list(globs: impl Iterator<Item = String>) -> String {
    let mut text = String::from("exclude = [\n");
    for glob in globs {
        text.push_str(&format!("  \"{glob}\",\n"));
    }
    text + "]\n"
}

#[test]
fn glob_lists_are_limited_with_an_error_at_the_line() {
    // 20,000 globs used to be compiled into one matcher: 350 MB to 2.6 GB
    // and then "invalid globs: error building NFA" at line 1.
    let dir = project();
    let p = dir.path();
    write(p, "docs/page.md", PAGE);
    write(
        p,
        "fogcheck.toml",
        &exclude_list((0..20_000).map(|i| format!("drafts/*-{i}-*.md"))),
    );
    let run = crate::support::fogcheck_in_within(
        p,
        &["docs/page.md"],
        std::time::Duration::from_secs(60),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("fogcheck.toml:1002:3: `exclude` has 20000 globs; at most 1000"),
        "{}",
        run.stderr
    );

    // One glob past 4,096 characters.
    let long = format!("drafts/{}", "a".repeat(5_000));
    write(
        p,
        "fogcheck.toml",
        &format!("include = [\"docs/**\"]\nexclude = [\"x\", \"{long}\"]\n"),
    );
    let run = fogcheck_in(p, &["docs/page.md"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "fogcheck.toml:2:17: glob in `exclude` is 5007 characters long; at most 4096"
        ),
        "{}",
        run.stderr
    );

    // Lists each within the limits, together past 65,536 characters: the
    // error is at the glob that crosses it, in an override.
    let glob = "*a?".repeat(1_000);
    let mut text = exclude_list((0..10).map(|i| format!("{glob}{i}")));
    for _ in 0..2 {
        text.push_str("[[overrides]]\nignore = [\"other\"]\n");
        text.push_str(
            &exclude_list((0..10).map(|i| format!("{glob}{i}"))).replace("exclude", "files"),
        );
    }
    write(p, "fogcheck.toml", &text);
    let run = fogcheck_in(p, &["docs/page.md"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // 3,001 characters a glob: the 22nd crosses 65,536, the second glob of
    // the second override, on line 31.
    let line = 31;
    assert!(
        run.stderr.contains(&format!(
            "fogcheck.toml:{line}:3: too many globs: together they pass 65536 characters"
        )),
        "{}",
        run.stderr
    );

    // At the limits, a config still works.
    write(
        p,
        "fogcheck.toml",
        &exclude_list((0..1_000).map(|i| format!("drafts/*-{i}-*.md"))),
    );
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "docs/page.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        found(&run),
        [
            "docs/page.md:1 custom/zorbly warning",
            "docs/page.md:3 other/wibbly info"
        ]
    );
}

#[test]
fn rule_folders_past_2000_files_are_an_error_and_the_run_goes_on() {
    let dir = project();
    let p = dir.path();
    write(p, "docs/page.md", PAGE);
    for i in 0..2_001 {
        write(
            p,
            &format!("many/custom/r{i:04}.toml"),
            &crate::support::test_rule(&format!("zorbly{i}"), "warning"),
        );
    }
    let run = fogcheck_in(
        p,
        &[
            "--no-config",
            "--rules",
            "rules",
            "--rules",
            "many",
            "--format",
            "json",
            "docs/page.md",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let errors = crate::support::json(&run)["errors"].to_string();
    assert!(
        errors.contains(
            "rules folder many holds too many rule files: at most 2000 are loaded from all rule folders together"
        ),
        "{errors}"
    );
    // The other folder's rules still ran.
    assert_eq!(
        found(&run),
        [
            "docs/page.md:1 custom/zorbly warning",
            "docs/page.md:3 other/wibbly info"
        ]
    );

    // 2,000 load.
    std::fs::remove_file(p.join("many/custom/r2000.toml")).expect("rm");
    let run = fogcheck_in(
        p,
        &[
            "--no-config",
            "--rules",
            "many",
            "--format",
            "json",
            "docs/page.md",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn accept_phrases_clear_the_findings_they_overlap() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "fogcheck.toml",
        "rules = [\"rules\"]\naccept = [\"Zorbly Plan\", \"Wibbly-Max\", \"Nowhere Name\"]\n",
    );
    write(
        p,
        "page.md",
        "Try the *zorbly*\nplan today.\n\nOr wibbly max, in WIBBLY MAX blue.\n\nBut zorbly alone is fog, and wibbly too.\n",
    );
    write(p, "page.html", "<p>The <b>Zorbly</b> Plan.</p>\n");
    let run = fogcheck_in(p, &["--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        found(&run),
        [
            "page.md:6 custom/zorbly warning",
            "page.md:6 other/wibbly info"
        ]
    );
    assert!(
        run.stderr
            .contains("warning: fogcheck.toml:2:40: accept entry `Nowhere Name` matched nothing"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Zorbly Plan"), "{}", run.stderr);

    // The warning does not change the exit code.
    write(p, "page.md", "The Zorbly Plan.\n");
    let run = fogcheck_in(p, &["--format", "json", "page.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("`Wibbly-Max` matched nothing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`Nowhere Name` matched nothing"),
        "{}",
        run.stderr
    );
}

#[test]
fn overrides_accept_phrases_for_their_files() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "fogcheck.toml",
        "rules = [\"rules\"]\n\n[[overrides]]\nfiles = [\"legal/**\"]\naccept = [\"zorbly\"]\n",
    );
    write(p, "page.md", PAGE);
    write(p, "legal/terms.md", PAGE);
    let run = fogcheck_in(p, &["--format", "json", "."]);
    assert_eq!(
        found(&run),
        [
            "legal/terms.md:3 other/wibbly info",
            "page.md:1 custom/zorbly warning",
            "page.md:3 other/wibbly info",
        ]
    );
    assert!(!run.stderr.contains("matched nothing"), "{}", run.stderr);
}

#[test]
fn accept_entries_without_a_word_are_config_errors_at_their_line() {
    let dir = project();
    let p = dir.path();
    write(p, "page.md", PAGE);
    for (config, at, message) in [
        (
            "rules = [\"rules\"]\naccept = [\"Plan\", \"\"]\n",
            "fogcheck.toml:2:19",
            "empty `accept` entry",
        ),
        (
            "rules = [\"rules\"]\naccept = [\"  -- \"]\n",
            "fogcheck.toml:2:11",
            "`accept` entry `  -- ` contains no word",
        ),
        (
            "rules = [\"rules\"]\n[[overrides]]\nfiles = [\"x\"]\naccept = [\"!\"]\n",
            "fogcheck.toml:4:11",
            "contains no word",
        ),
    ] {
        write(p, "fogcheck.toml", config);
        let run = fogcheck_in(p, &["--format", "concise", "page.md"]);
        assert_eq!(run.code, 2, "{config}");
        assert!(run.stderr.contains(at), "{config}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{config}: {}", run.stderr);
    }
}
