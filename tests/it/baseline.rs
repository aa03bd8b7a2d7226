//! Baselines: known fog stays silent when lines move, new fog still fails,
//! and entries that no longer match are counted.

use crate::support::{fogcheck_in, found, json, project, write};

const PAGE: &str = "# Shipping\n\nWe are zorbly about it.\n\nOur team is zorbly about it.\n";

#[test]
fn baselined_fog_stays_silent_when_lines_move_and_new_fog_fails() {
    let dir = project();
    let p = dir.path();
    write(p, "docs/page.md", PAGE);
    let before = std::fs::read(p.join("docs/page.md")).expect("read");
    let run = fogcheck_in(
        p,
        &[
            "--rules",
            "rules",
            "--write-baseline",
            "fog-baseline.json",
            "docs",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("wrote 2 baseline entries"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(p.join("docs/page.md")).expect("read"), before);
    let text = std::fs::read_to_string(p.join("fog-baseline.json")).expect("baseline");
    assert!(
        !text.contains("\"line\""),
        "entries never hold lines: {text}"
    );

    let check = |args: &[&str]| {
        let mut all = vec!["--rules", "rules", "--baseline", "fog-baseline.json"];
        all.extend_from_slice(args);
        fogcheck_in(p, &all)
    };
    let run = check(&["--format", "json", "docs"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(found(&run), Vec::<String>::new());
    let doc = json(&run);
    assert_eq!(doc["summary"]["baselined"], 2);
    assert_eq!(doc["summary"]["baseline_stale"], 0);

    // Lines inserted above (and a blank line inside) move everything down.
    write(
        p,
        "docs/page.md",
        &format!("Intro paragraph.\n\nAnother one, wibbly.\n\n{PAGE}"),
    );
    let run = check(&["--format", "json", "docs"]);
    assert_eq!(found(&run), ["docs/page.md:3 other/wibbly info"]);
    assert_eq!(run.code, 0);

    // New fog fails; a repeat of known fog in the same words is new too.
    write(
        p,
        "docs/page.md",
        &format!("{PAGE}\nWe are zorbly about it.\n\nBrand new zorbly claim.\n"),
    );
    let run = check(&["--format", "json", "docs"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        found(&run),
        [
            "docs/page.md:7 custom/zorbly warning",
            "docs/page.md:9 custom/zorbly warning"
        ]
    );
}

#[test]
fn stale_entries_are_counted() {
    let dir = project();
    let p = dir.path();
    write(p, "docs/page.md", PAGE);
    write(p, "docs/gone.md", "zorbly\n");
    let run = fogcheck_in(
        p,
        &["--rules", "rules", "--write-baseline", "b.json", "docs"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    write(p, "docs/page.md", "# Shipping\n\nWe are zorbly about it.\n");
    std::fs::remove_file(p.join("docs/gone.md")).expect("rm");
    let run = fogcheck_in(
        p,
        &[
            "--rules",
            "rules",
            "--baseline",
            "b.json",
            "--format",
            "json",
            "docs",
        ],
    );
    assert_eq!(run.code, 0);
    let doc = json(&run);
    assert_eq!(doc["summary"]["baselined"], 1);
    assert_eq!(doc["summary"]["baseline_stale"], 2);
    let run = fogcheck_in(
        p,
        &[
            "--rules",
            "rules",
            "--baseline",
            "b.json",
            "--format",
            "concise",
            "docs",
        ],
    );
    assert!(
        run.stdout.contains(
            "1 baselined; 2 baseline entries no longer match (rewrite it with --write-baseline)"
        ),
        "{}",
        run.stdout
    );

    // A run over part of the tree does not call the rest stale.
    write(p, "other/page.md", "zorbly\n");
    let run = fogcheck_in(p, &["--rules", "rules", "--write-baseline", "c.json", "."]);
    assert_eq!(run.code, 0);
    let run = fogcheck_in(
        p,
        &[
            "--rules",
            "rules",
            "--baseline",
            "c.json",
            "--format",
            "json",
            "docs",
        ],
    );
    assert_eq!(json(&run)["summary"]["baseline_stale"], 0);
}

#[test]
fn a_broken_baseline_is_an_error() {
    let dir = project();
    let p = dir.path();
    write(p, "page.md", PAGE);
    write(
        p,
        "bad.json",
        "{\"version\": 1, \"entries\": [{\"rule\": 3}]}",
    );
    for file in ["bad.json", "missing.json"] {
        let run = fogcheck_in(p, &["--rules", "rules", "--baseline", file, "page.md"]);
        assert_eq!(run.code, 2, "{file}");
        assert!(run.stderr.contains(file), "{}", run.stderr);
    }
}
