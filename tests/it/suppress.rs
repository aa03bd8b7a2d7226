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
