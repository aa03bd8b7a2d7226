//! Config discovery from each checked file's folder: nested configs govern
//! their subtree (the nearest wins), `--config` forces one, `--no-config`
//! none, `--show-config` says what is in force, and `--stdin-filename`
//! finds the config of the folder it names.

use crate::support::{fogcheck_in, found, project, write};
use std::path::Path;

const PAGE: &str = "Our tool is zorbly.\n\nAnd wibbly too.\n";

/// A project whose root config ignores `other` and whose `site/` config
/// ignores `custom` instead, with a page in each, one deeper in `site/`,
/// and the same rules for both.
fn nested() -> tempfile::TempDir {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "fogcheck.toml",
        "rules = [\"rules\"]\nignore = [\"other\"]\n",
    );
    write(
        p,
        "site/fogcheck.toml",
        "rules = [\"../rules\"]\nignore = [\"custom\"]\n\n[[overrides]]\nfiles = [\"legal/**\"]\nseverity = { other = \"error\" }\naccept = [\"Wibbly Plan\"]\n",
    );
    write(p, "page.md", PAGE);
    write(p, "site/page.md", PAGE);
    write(p, "site/docs/deep.md", PAGE);
    dir
}

fn json_run(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let run = fogcheck_in(dir, &all);
    assert_ne!(run.code, 2, "{}", run.stderr);
    found(&run)
}

#[test]
fn each_file_uses_the_nearest_config_from_its_own_folder() {
    let dir = nested();
    let p = dir.path();
    let site = p.join("site");
    // From the root: the root config for page.md, site's for its subtree.
    assert_eq!(
        json_run(p, &["."]),
        [
            "page.md:1 custom/zorbly warning",
            "site/docs/deep.md:3 other/wibbly info",
            "site/page.md:3 other/wibbly info",
        ]
    );
    // Naming the folder or a file in it from the root changes nothing.
    assert_eq!(
        json_run(p, &["site/page.md"]),
        ["site/page.md:3 other/wibbly info"]
    );
    assert_eq!(
        json_run(p, &["site"]),
        [
            "site/docs/deep.md:3 other/wibbly info",
            "site/page.md:3 other/wibbly info",
        ]
    );
    // From the subfolder: the same configs, found from the files.
    assert_eq!(
        json_run(&site, &["."]),
        [
            "docs/deep.md:3 other/wibbly info",
            "page.md:3 other/wibbly info",
        ]
    );
    assert_eq!(
        json_run(&site, &["../page.md", "page.md"]),
        [
            "../page.md:1 custom/zorbly warning",
            "page.md:3 other/wibbly info",
        ]
    );
    // --config forces one config for every file; --no-config none.
    assert_eq!(
        json_run(p, &["--config", "fogcheck.toml", "."]),
        [
            "page.md:1 custom/zorbly warning",
            "site/docs/deep.md:1 custom/zorbly warning",
            "site/page.md:1 custom/zorbly warning",
        ]
    );
    assert_eq!(
        json_run(&site, &["--no-config", "--rules", "../rules", "page.md"]),
        [
            "page.md:1 custom/zorbly warning",
            "page.md:3 other/wibbly info"
        ]
    );
}

#[test]
fn a_folder_named_from_outside_uses_its_own_config() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "site/fogcheck.toml",
        "rules = [\"../rules\"]\nfail-on = \"info\"\nexclude = [\"drafts\"]\n",
    );
    write(p, "site/page.md", "Just wibbly.\n");
    write(p, "site/drafts/wip.md", PAGE);
    let run = fogcheck_in(p, &["--format", "json", "site/"]);
    assert_eq!(run.code, 1, "site's fail-on = info: {}", run.stderr);
    assert_eq!(found(&run), ["site/page.md:1 other/wibbly info"]);

    // The config above the folder (whose `exclude` decides whether the
    // folder is walked) loads with its own rule folder.
    write(p, "fogcheck.toml", "rules = [\"more\"]\n");
    write(
        p,
        "more/extra/gloop.toml",
        &crate::support::test_rule("gloop", "warning"),
    );
    let run = fogcheck_in(p, &["--format", "json", "site/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(found(&run), ["site/page.md:1 other/wibbly info"]);
}

#[test]
fn show_config_prints_the_settings_in_force_and_their_file() {
    let dir = nested();
    let p = dir.path();
    let run = fogcheck_in(p, &["--show-config", "site/legal/terms.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "config: site/fogcheck.toml\n\
         ignore = [`custom`]\n\
         rules: rules\n\
         override 1 (files = [`legal/**`]): severity `other` = error\n\
         accept `Wibbly Plan`\n\
         fail-on = warning (default)\n\
         max-file-size = 10485760 bytes (default)\n"
    );
    let run = fogcheck_in(
        &p.join("site"),
        &["--show-config", "../page.md", "--fail-on", "error"],
    );
    assert_eq!(
        run.stdout,
        "config: ../fogcheck.toml\n\
         ignore = [`other`]\n\
         rules: ../rules\n\
         fail-on = error (--fail-on)\n\
         max-file-size = 10485760 bytes (default)\n"
    );
    let run = fogcheck_in(p, &["--no-config", "--show-config", "site/page.md"]);
    assert!(
        run.stdout.starts_with("config: none (--no-config)\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn stdin_filename_finds_the_config_of_its_folder() {
    let dir = nested();
    let p = dir.path();
    let run = crate::stdin::with_stdin(
        p,
        &["--format", "json", "--stdin-filename", "site/new.md", "-"],
        PAGE,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(found(&run), ["site/new.md:3 other/wibbly info"]);
    let run = crate::stdin::with_stdin(
        &p.join("site"),
        &["--format", "json", "--stdin-filename", "../new.md", "-"],
        PAGE,
    );
    assert_eq!(found(&run), ["../new.md:1 custom/zorbly warning"]);
}

#[test]
fn errors_in_a_nested_config_name_its_file_and_fail_the_run() {
    let dir = nested();
    let p = dir.path();
    write(p, "site/broken/fogcheck.toml", "exlude = [\"x\"]\n");
    write(p, "site/broken/page.md", PAGE);
    let run = fogcheck_in(p, &["--format", "json", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("site/broken/fogcheck.toml:1:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown field `exlude`"),
        "{}",
        run.stderr
    );

    // A nested config naming a rule folder the run did not load.
    write(p, "site/broken/fogcheck.toml", "rules = [\"more-rules\"]\n");
    let run = fogcheck_in(p, &["--format", "json", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("site/broken/fogcheck.toml:1:9"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("is not loaded"), "{}", run.stderr);
}
