//! Inline suppressions silence exactly what they name, and a suppression
//! that silences nothing is reported.

use crate::support::{fogcheck_in, found, project, write};

fn check(dir: &std::path::Path, file: &str) -> Vec<String> {
    let run = fogcheck_in(dir, &["--rules", "rules", "--format", "json", file]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    found(&run)
}

#[test]
fn markdown_next_line_silences_only_the_named_rule_on_the_next_line() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "page.md",
        "<!-- fogcheck-disable-next-line custom/zorbly -->\n\
         \n\
         Zorbly and wibbly.\n\
         \n\
         Zorbly again.\n",
    );
    assert_eq!(
        check(p, "page.md"),
        [
            "page.md:3 other/wibbly info",
            "page.md:5 custom/zorbly warning"
        ]
    );
}

#[test]
fn a_range_silences_until_enable_and_categories_and_bare_directives_work() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "page.md",
        "Zorbly before.\n\
         \n\
         <!-- fogcheck-disable other -->\n\
         \n\
         Wibbly inside, zorbly inside.\n\
         \n\
         <!-- fogcheck-enable -->\n\
         \n\
         Wibbly after.\n\
         \n\
         <!-- fogcheck-disable-next-line -->\n\
         Zorbly and wibbly, all silenced.\n",
    );
    assert_eq!(
        check(p, "page.md"),
        [
            "page.md:1 custom/zorbly warning",
            "page.md:5 custom/zorbly warning",
            "page.md:9 other/wibbly info",
        ]
    );
}

#[test]
fn unused_suppressions_are_reported_at_the_comment() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "page.md",
        "<!-- fogcheck-disable-next-line custom/zorbly other -->\n\
         Zorbly here.\n\
         \n\
         <!-- fogcheck-disable-next-line -->\n\
         Plain words.\n\
         \n\
         ```html\n\
         <!-- fogcheck-disable-next-line -->\n\
         ```\n",
    );
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "page.md"]);
    assert_eq!(run.code, 1, "unused suppressions are warnings");
    assert_eq!(
        found(&run),
        [
            "page.md:1 suppression/unused warning",
            "page.md:4 suppression/unused warning",
        ]
    );
    let doc = crate::support::json(&run);
    assert_eq!(
        doc["findings"][0]["message"],
        "`other` in this suppression silences nothing; remove it"
    );
    assert_eq!(doc["findings"][0]["column"], 1);
    assert_eq!(
        doc["findings"][1]["matched"],
        "<!-- fogcheck-disable-next-line -->"
    );

    // The config can turn the report off like any rule.
    let run = fogcheck_in(
        p,
        &[
            "--rules",
            "rules",
            "--ignore",
            "suppression",
            "--format",
            "json",
            "page.md",
        ],
    );
    assert_eq!(found(&run), Vec::<String>::new());
}

#[test]
fn plain_text_directives_are_lines_of_their_own() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "notes.txt",
        "fogcheck-disable-next-line custom/zorbly\n\
         Zorbly and wibbly.\n\
         \n\
         Zorbly again.\n\
         \n\
         fogcheck-disable-next-line other/wibbly\n\
         Nothing here.\n",
    );
    assert_eq!(
        check(p, "notes.txt"),
        [
            "notes.txt:2 other/wibbly info",
            "notes.txt:4 custom/zorbly warning",
            "notes.txt:6 suppression/unused warning",
        ]
    );
}

/// The errors of a JSON run as `path:line:col message`.
fn errors(run: &crate::support::Run) -> Vec<String> {
    let doc = crate::support::json(run);
    doc["errors"]
        .as_array()
        .expect("errors list")
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{} {}",
                e["path"].as_str().unwrap_or(""),
                e["line"],
                e["column"],
                e["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn a_misspelled_rule_in_a_suppression_is_an_error_naming_the_closest_rule() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "page.md",
        "Intro.\n\n  <!-- fogcheck-disable-next-line custom/zorbyl, other -->\nZorbly and wibbly.\n",
    );
    write(
        p,
        "page.html",
        "<p>Zorbly.</p>\n<!-- fogcheck-disable othr -->\n<p>Wibbly.</p>\n",
    );
    write(
        p,
        "page.mdx",
        "{/* fogcheck-disable-file custm */}\n\nZorbly.\n",
    );
    write(
        p,
        "notes.txt",
        "fogcheck-disable-next-line zorbly\nZorbly.\n",
    );
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        errors(&run),
        [
            "notes.txt:1:1 this suppression names an unknown rule or category `zorbly`",
            "page.html:2:1 this suppression names an unknown rule or category `othr`; did you mean `other`?",
            "page.md:3:3 this suppression names an unknown rule or category `custom/zorbyl`; did you mean `custom/zorbly`?",
            "page.mdx:1:1 this suppression names an unknown rule or category `custm`; did you mean `custom`?",
        ]
    );
    // The known name still works, the unknown one silences nothing (and is
    // not widened to every rule), and it is not also reported as unused.
    assert_eq!(
        found(&run),
        [
            "notes.txt:2 custom/zorbly warning",
            "page.html:1 custom/zorbly warning",
            "page.html:3 other/wibbly info",
            "page.md:4 custom/zorbly warning",
            "page.mdx:3 custom/zorbly warning",
        ]
    );

    // The one-line formats place the error at the comment.
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "concise", "page.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "error: page.md:3:3: this suppression names an unknown rule or category \
             `custom/zorbyl`; did you mean `custom/zorbly`?"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("silences nothing"), "{}", run.stdout);
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "github", "page.md"]);
    assert!(
        run.stdout
            .contains("::error file=page.md,line=3,col=3::this suppression names"),
        "{}",
        run.stdout
    );
}

#[test]
fn mdx_takes_jsx_comments_and_skips_fenced_examples() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "page.mdx",
        "import Hero from './hero'\n\
         \n\
         {/* fogcheck-disable-next-line custom/zorbly */}\n\
         Zorbly and wibbly.\n\
         \n\
         { /* fogcheck-disable other */ }\n\
         \n\
         Wibbly inside, zorbly inside.\n\
         \n\
         {/*fogcheck-enable*/}\n\
         \n\
         Wibbly after.\n\
         \n\
         ```mdx\n\
         {/* fogcheck-disable-file */}\n\
         ```\n\
         \n\
         {/* a plain comment */}\n",
    );
    assert_eq!(
        check(p, "page.mdx"),
        [
            "page.mdx:4 other/wibbly info",
            "page.mdx:8 custom/zorbly warning",
            "page.mdx:12 other/wibbly info",
        ]
    );
}

#[test]
fn disable_line_silences_its_own_line_in_markdown_html_and_mdx() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "page.md",
        "Zorbly and wibbly <!-- fogcheck-disable-line custom/zorbly -->\n\
         zorbly on the next line of the paragraph.\n\
         \n\
         Plain words. <!-- fogcheck-disable-line -->\n",
    );
    write(
        p,
        "page.html",
        "<p>Zorbly, wibbly.</p> <!-- fogcheck-disable-line other -->\n<p>Wibbly.</p>\n",
    );
    write(
        p,
        "page.mdx",
        "Zorbly here. {/* fogcheck-disable-line custom */}\n\nZorbly there.\n",
    );
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        found(&run),
        [
            "page.html:1 custom/zorbly warning",
            "page.html:2 other/wibbly info",
            "page.md:1 other/wibbly info",
            "page.md:2 custom/zorbly warning",
            "page.md:4 suppression/unused warning",
            "page.mdx:3 custom/zorbly warning",
        ]
    );
}

#[test]
fn plain_text_has_no_disable_line() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "notes.txt",
        "Zorbly.\nfogcheck-disable-line custom/zorbly\n",
    );
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "notes.txt"]);
    assert_eq!(run.code, 2);
    let errors = errors(&run);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("notes.txt:2:1 `fogcheck-disable-line` needs a comment"),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("fogcheck-disable-next-line"),
        "{errors:?}"
    );
}

#[test]
fn disable_file_silences_the_whole_file_in_every_format() {
    let dir = project();
    let p = dir.path();
    let body = "Zorbly first.\n\nWibbly and zorbly.\n";
    write(
        p,
        "a.md",
        &format!("{body}\n<!-- fogcheck-disable-file custom/zorbly -->\n"),
    );
    write(
        p,
        "b.html",
        "<p>Zorbly.</p>\n<!-- fogcheck-disable-file other -->\n<p>Wibbly.</p>\n",
    );
    write(
        p,
        "c.mdx",
        &format!("{{/* fogcheck-disable-file */}}\n\n{body}"),
    );
    write(
        p,
        "d.txt",
        &format!("{body}\nfogcheck-disable-file other\n"),
    );
    // Unused: the file has no wibbly; reported at the comment.
    write(
        p,
        "e.md",
        "<!-- fogcheck-disable-file other custom -->\n\nZorbly.\n",
    );
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        found(&run),
        [
            "a.md:3 other/wibbly info",
            "b.html:1 custom/zorbly warning",
            "d.txt:1 custom/zorbly warning",
            "d.txt:3 custom/zorbly warning",
            "e.md:1 suppression/unused warning",
        ]
    );
    let doc = crate::support::json(&run);
    assert_eq!(
        doc["findings"][4]["message"],
        "`other` in this suppression silences nothing; remove it"
    );
}

#[test]
fn select_and_config_suggest_the_closest_rule_too() {
    let dir = project();
    let p = dir.path();
    write(p, "page.md", "Zorbly.\n");
    let run = fogcheck_in(
        p,
        &["--rules", "rules", "--select", "custom/zorbyl", "page.md"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown rule or category `custom/zorbyl`; did you mean `custom/zorbly`?"),
        "{}",
        run.stderr
    );
    write(
        p,
        "fogcheck.toml",
        "rules = [\"rules\"]\nignore = [\"othr\"]\n",
    );
    let run = fogcheck_in(p, &["page.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown rule or category `othr`; did you mean `other`?"),
        "{}",
        run.stderr
    );
    // Nothing close: no guess.
    let run = fogcheck_in(p, &["--no-config", "--select", "xyzzy-plugh", "page.md"]);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}

#[test]
fn templates_take_html_comments_and_php_comments_are_not_directives() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "page.php",
        "<?php // fogcheck-disable-file ?>\n\
         <!-- fogcheck-disable-next-line custom/zorbly -->\n\
         <p>Zorbly and wibbly.</p>\n\
         <p>Zorbly <?= $x ?> again.</p>\n",
    );
    assert_eq!(
        check(p, "page.php"),
        [
            "page.php:3 other/wibbly info",
            "page.php:4 custom/zorbly warning"
        ]
    );
}

#[test]
fn rst_takes_comment_lines_and_has_no_disable_line() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "page.rst",
        ".. fogcheck-disable-next-line custom/zorbly\n\
         \n\
         Zorbly and wibbly.\n\
         \n\
         Zorbly again. ``zorbly``\n\
         \n\
         .. fogcheck-disable-line other\n",
    );
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "page.rst"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let errors = errors(&run);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("page.rst:7:1 `fogcheck-disable-line` needs a comment")
            && errors[0].contains("a reStructuredText comment is a line of its own"),
        "{errors:?}"
    );
    assert_eq!(
        found(&run),
        [
            "page.rst:3 other/wibbly info",
            "page.rst:5 custom/zorbly warning"
        ]
    );
}

#[test]
fn asciidoc_takes_comment_lines() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "page.adoc",
        "// fogcheck-disable-next-line custom/zorbly\n\
         Zorbly and wibbly.\n\
         \n\
         Zorbly again.\n\
         \n\
         // fogcheck-disable-next-line other\n\
         Zorbly once more.\n",
    );
    assert_eq!(
        check(p, "page.adoc"),
        [
            "page.adoc:2 other/wibbly info",
            "page.adoc:4 custom/zorbly warning",
            "page.adoc:6 suppression/unused warning",
            "page.adoc:7 custom/zorbly warning"
        ]
    );
}
