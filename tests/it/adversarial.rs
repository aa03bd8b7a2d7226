//! Adversarial input stays linear: each case runs the whole per-file path
//! (extract, check, judge, locate) on a worker thread and must finish well
//! within a generous bound. A quadratic stage would take minutes on these
//! sizes, and a recursive one would overflow the worker's 2 MiB stack; the
//! bound is not a speed assertion (bench/run.sh measures speed).

use fogcheck::check::Matcher;
use fogcheck::rule::load_pack;
use fogcheck::source::{FileKind, SourceFile};
use std::sync::mpsc;
use std::time::Duration;

/// Far above what the linear code needs in a debug build (well under a
/// second each), far below what the quadratic code took.
const BOUND: Duration = Duration::from_secs(60);

/// The number of findings in `text` read as a file of `kind`.
fn findings_in(name: &str, kind: FileKind, text: String) -> usize {
    let (done, wait) = mpsc::channel();
    let name = name.to_string();
    std::thread::Builder::new()
        .name(name.clone())
        .stack_size(2 << 20)
        .spawn(move || {
            let (pack, errors) = load_pack(&[]);
            assert!(errors.is_empty());
            let matcher = Matcher::compile(&pack);
            let file =
                SourceFile::from_bytes(name.into(), kind, text.into_bytes()).expect("valid input");
            let findings = fogcheck::find_fog(&file, &pack, &matcher);
            let located = fogcheck::report::locate(file.path(), file.text(), 0, findings);
            let _ = done.send(located.findings.len());
        })
        .expect("spawn");
    wait.recv_timeout(BOUND)
        .unwrap_or_else(|e| panic!("{e}: did not finish within {BOUND:?} (or panicked)"))
}

fn markdown(name: &str, text: String) -> usize {
    findings_in(name, FileKind::Markdown, text)
}

#[test]
fn one_long_line_with_many_sentences() {
    let line = "We ship fast. Guaranteed lowest price, 30 days. ".repeat(40_000);
    markdown("one-line.md", line);
}

#[test]
fn a_phrase_repeated_on_one_line_without_a_full_stop() {
    // Every hit in one 250 KB sentence: judged per hit, then placed on one line.
    let found = markdown("phrase.md", "soon ".repeat(50_000));
    assert_eq!(found, 50_000);
}

#[test]
fn a_list_of_50k_items_without_blank_lines() {
    // Fingerprint contexts searched to the nearest blank line per finding.
    let text: String = (0..50_000)
        .map(|i| format!("- item {i} ships soon\n"))
        .collect();
    assert_eq!(markdown("list.md", text), 50_000);
}

#[test]
fn blockquotes_nested_160k_deep() {
    // Finding a segment's kind walked the whole stack of open blocks at
    // every block opened: 160,000 nested quotes took 16 s in a release
    // build (minutes in a debug one). The kind is now kept per level.
    let text = format!("{} free shipping\n", ">".repeat(160_000));
    assert_eq!(markdown("quotes.md", text), 1);
}

#[test]
fn lists_and_html_nested_100k_deep() {
    assert_eq!(
        markdown(
            "lists.md",
            format!("{}free shipping\n", "- ".repeat(100_000))
        ),
        1
    );
    let divs = format!(
        "{}free shipping{}\n",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    assert_eq!(markdown("divs.md", divs.clone()), 1);
    assert_eq!(findings_in("divs.html", FileKind::Html, divs), 1);
    let jsx = format!(
        "{}free shipping{}\n",
        "<Box>".repeat(100_000),
        "</Box>".repeat(100_000)
    );
    assert_eq!(findings_in("boxes.mdx", FileKind::Mdx, jsx), 1);
}

#[test]
fn lists_and_quotes_nested_10k_deep() {
    // On one line: nesting by indentation would make the file itself grow
    // with the square of the depth (100 MB at 10,000 levels).
    assert_eq!(
        markdown("lists.md", format!("{}soon\n", "- ".repeat(10_000))),
        1
    );
    assert_eq!(
        markdown("mixed.md", format!("{}soon\n", "> - ".repeat(5_000))),
        1
    );
}

#[test]
fn one_table_row_of_a_megabyte() {
    let cols = 1 << 16;
    let text = format!(
        "|{}\n|{}\n|{}\n",
        " h |".repeat(cols),
        "---|".repeat(cols),
        " fast shipping |".repeat(cols)
    );
    markdown("table.md", text);
}

#[test]
fn a_megabyte_of_stars_or_angle_brackets() {
    markdown("stars.md", "*".repeat(1 << 20));
    markdown("angles.md", "<".repeat(1 << 20));
    markdown("mixed.md", "*_<`[".repeat(1 << 18));
}

#[test]
fn plain_text_on_one_line() {
    let found = findings_in("phrase.txt", FileKind::Text, "soon ".repeat(50_000));
    assert_eq!(found, 50_000);
}

#[test]
fn human_format_on_one_line_with_30k_findings() {
    // annotate-snippets works through the whole source it is given, so
    // showing the whole 450 KB line under each of 30,000 findings was
    // quadratic (8,000 took 14 s; this would take minutes). The excerpt is
    // clipped to a window around each finding instead.
    let dir = tempfile::TempDir::new().expect("tmp");
    let n = 30_000;
    crate::support::write(dir.path(), "page.md", &"*free shipping ".repeat(n));
    let run = crate::support::fogcheck_in_within(
        dir.path(),
        &["--format", "human", "--color", "never", "page.md"],
        BOUND,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let places: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix(" --> "))
        .collect();
    assert_eq!(places.len(), n);
    // Columns count in the whole line, not in the clipped excerpt.
    assert_eq!(places[0], "page.md:1:2");
    assert_eq!(places[n - 1], format!("page.md:1:{}", (n - 1) * 15 + 2));
    let shown: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("1 | "))
        .collect();
    assert_eq!(shown.len(), n);
    for line in &shown {
        assert!(line.chars().count() <= 260, "not clipped: {line}");
    }
    // Clipped here (`…`) or further by the renderer to its width (`...`).
    let middle = shown[n / 2];
    assert!(middle.starts_with(['…', '.']), "{middle}");
    assert!(middle.ends_with(['…', '.']), "{middle}");
    assert!(run.stdout.contains(&format!("{n} findings")));
}
