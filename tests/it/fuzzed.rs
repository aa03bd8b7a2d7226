//! Regressions found by the fuzz targets (`scripts/fuzz.sh`): each test is
//! named after the symptom and holds the shrunk input; the same input is
//! kept under `fuzz/regressions/<target>/`, so every fuzz run starts from
//! it too.

use crate::extraction::invariant_violations;
use fogcheck::check::Matcher;
use fogcheck::extract::extract;
use fogcheck::source::{FileKind, SourceFile};

fn file(name: &str, kind: FileKind, text: &str) -> SourceFile {
    SourceFile::from_bytes(name.into(), kind, text.as_bytes().to_vec()).expect("reads")
}

/// The fog `fogcheck` reports in `text`, read as a file of `kind`.
fn fog(kind: FileKind, text: &str) -> Vec<String> {
    let (pack, errors) = fogcheck::rule::load_pack(&[]);
    assert!(errors.is_empty());
    let matcher = Matcher::compile(&pack);
    fogcheck::find_fog(&file("page", kind, text), &pack, &matcher)
        .into_iter()
        .map(|f| f.matched)
        .collect()
}

/// An MDX `{…}` expression after `=` outside a tag (`={}`) was blanked to
/// `"…"` as if it were a JSX attribute value, and the two quotes it never
/// had were read as prose, as verbatim source bytes
/// (fuzz/regressions/extract_mdx/expression-after-equals-read-as-quotes).
#[test]
fn mdx_expression_after_equals_is_not_read_as_quotes() {
    let src = "={}";
    assert_eq!(
        invariant_violations(&file("x.mdx", FileKind::Mdx, src)),
        Vec::<String>::new()
    );
    let doc = extract(&file("x.mdx", FileKind::Mdx, src));
    assert!(
        doc.segments.iter().all(|s| !s.text.contains('"')),
        "{:?}",
        doc.segments.iter().map(|s| &s.text).collect::<Vec<_>>()
    );
    // The made-up quotes paired with a real one (an inch mark) and put the
    // fog "in quotation marks", so the judge cleared it as quoted.
    assert_eq!(
        fog(
            FileKind::Mdx,
            "Our 5\" screens ={a} ship with expedited shipping ={b} today.\n"
        ),
        ["expedited shipping"]
    );
}

/// An expression or template tag that ends a line was dropped: pulldown-cmark
/// counts its blanks as the line break's trailing whitespace, so the break's
/// space stood for the tag's bytes and a phrase read across the tag ("full
/// {{ x }}⏎refund"), which the same tag inside a line stops
/// (fuzz/regressions/extract_mdx/expression-ending-a-line-read-as-space).
#[test]
fn template_or_expression_ending_a_line_is_not_dropped() {
    let src = "={: \n}";
    assert_eq!(
        invariant_violations(&file("x.mdx", FileKind::Mdx, src)),
        Vec::<String>::new()
    );
    for (kind, tag) in [
        (FileKind::Markdown, "{{ x }}"),
        (FileKind::Markdown, "{% if x %}"),
        (FileKind::Mdx, "{x}"),
    ] {
        let inline = format!("Get a full {tag} refund.\n");
        let line_end = format!("Get a full {tag}\nrefund.\n");
        assert_eq!(fog(kind, &inline), Vec::<String>::new(), "{inline:?}");
        assert_eq!(fog(kind, &line_end), Vec::<String>::new(), "{line_end:?}");
        for text in [&inline, &line_end] {
            let f = file("x", kind, text);
            assert_eq!(invariant_violations(&f), Vec::<String>::new(), "{text:?}");
        }
    }
}

/// A template tag or MDX expression in a front matter `title` or
/// `description` was read as a space: the value was taken as written, the
/// blanks of the tag collapsed, and a phrase read across it
/// (fuzz/regressions/extract_markdown/front-matter-template-read-as-space).
#[test]
fn template_in_front_matter_is_not_read_as_a_space() {
    let src = "---\ndescription: a {{ b }} c\n---\n";
    assert_eq!(
        invariant_violations(&file("x.md", FileKind::Markdown, src)),
        Vec::<String>::new()
    );
    for (kind, tag) in [(FileKind::Markdown, "{{ x }}"), (FileKind::Mdx, "{x}")] {
        for text in [
            format!("---\ntitle: Get a full {tag} refund\n---\n\nHello.\n"),
            format!("---\ndescription: |\n  Get a full {tag}\n  refund.\n---\n\nHello.\n"),
        ] {
            let f = file("x", kind, &text);
            assert_eq!(invariant_violations(&f), Vec::<String>::new(), "{text:?}");
            assert_eq!(fog(kind, &text), Vec::<String>::new(), "{text:?}");
        }
    }
}

/// A rule phrase with many hyphens or straight apostrophes hung loading
/// the pack: each one doubles the spellings the matcher compiles (`-` also
/// matches a space, `'` also `’`), so 100 of them asked for 2^100 strings
/// (fuzz/regressions/rule_file/phrase-spellings-blow-up). Now an error.
#[test]
fn phrase_with_a_hundred_apostrophes_is_an_error_not_a_hang() {
    let rule = |phrase: &str| {
        format!(
            "summary = \"x\"\nseverity = \"info\"\nmessage = \"{{match}}\"\nwhy = \"w\"\n\
             roadsign = \"r\"\n\n[match]\nkind = \"phrases\"\nphrases = [\"{phrase}\"]\n"
        )
    };
    let parse = |text: &str| {
        fogcheck::rule::parse_rule(
            std::path::Path::new("rules/custom/x.toml"),
            std::path::Path::new("custom/x.toml"),
            text,
            false,
        )
    };
    let started = std::time::Instant::now();
    for phrase in [
        format!("comprehens{}ive coverage", "'".repeat(100)),
        format!("a{}b", "-".repeat(60)),
        "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q".to_string(),
    ] {
        let err = parse(&rule(&phrase)).expect_err(&phrase);
        assert!(err.message.contains("spellings"), "{}", err.message);
        assert!(err.location.ends_with(":9:12"), "{}", err.location);
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // Up to 50,000 spellings load and match every one: 15 hyphens.
    let fine = parse(&rule("a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p")).expect("loads");
    let pack = fogcheck::rule::RulePack::new(vec![fine]);
    let matcher = Matcher::compile(&pack);
    let text = "We are a b-c d e-f g-h i-j k-l m-n o-p here.";
    let found: Vec<String> =
        fogcheck::find_fog(&file("x.md", FileKind::Markdown, text), &pack, &matcher)
            .into_iter()
            .map(|f| f.matched)
            .collect();
    assert_eq!(found, ["a b-c d e-f g-h i-j k-l m-n o-p"]);
}

/// In a reStructuredText line block, the space between two lines merged
/// the next line's leading blanks with the break before them and stood for
/// the `|` between (fuzz/regressions/extract_rst/line-block-bar-read-as-space);
/// an AsciiDoc hard break's ` +` before an indented line did the same.
#[test]
fn rst_line_block_bars_and_adoc_hard_breaks_are_not_read_as_space() {
    for (name, kind, src) in [
        ("x.rst", FileKind::Rst, "| one\n|   two\n"),
        ("x.adoc", FileKind::AsciiDoc, "one +\n  two\n"),
    ] {
        assert_eq!(
            invariant_violations(&file(name, kind, src)),
            Vec::<String>::new(),
            "{src:?}"
        );
    }
}

/// Markup dropped between two runs of blanks (`across\n   ** x**`, an
/// opener reStructuredText takes though a blank follows it) stood behind
/// the one space they collapse to (fuzz/regressions/extract_rst/
/// dropped-markup-between-blanks-read-as-space).
#[test]
fn markup_dropped_between_blanks_is_not_read_as_space() {
    for (name, kind, src) in [
        (
            "x.rst",
            FileKind::Rst,
            "sync across\n   ** eunlimited** devices.\n",
        ),
        ("x.rst", FileKind::Rst, "a \\ b and c ``x`` d\n"),
        ("x.adoc", FileKind::AsciiDoc, "a *b* c __ d__ e\n"),
    ] {
        assert_eq!(
            invariant_violations(&file(name, kind, src)),
            Vec::<String>::new(),
            "{src:?}"
        );
    }
}

/// An escaped space in a quoted data value (`\u0020`, `\n`) is a space of
/// the prose, its whole escape behind it; the fuzz harness's space check
/// once read it as a stray mark (fuzz/regressions/extract_data/
/// escaped-space-read-as-space), and the phrase around it must be found.
#[test]
fn escaped_space_in_a_data_value_is_a_space() {
    let src = "{\"hero\": \"We offer expedited\\u0020shipping\\nto every state.\"}\n";
    let file = file("en.json", FileKind::Json, src);
    assert_eq!(invariant_violations(&file), Vec::<String>::new());
    let doc = extract(&file);
    assert_eq!(
        doc.segments[0].text,
        "We offer expedited shipping to every state."
    );
    let at = doc.segments[0].text.find("expedited").expect("phrase");
    let span = doc.segments[0].source_span(at..at + "expedited shipping".len());
    assert_eq!(&src[span.range()], "expedited\\u0020shipping");
    assert_eq!(fog(FileKind::Json, src), ["expedited shipping"]);
}
