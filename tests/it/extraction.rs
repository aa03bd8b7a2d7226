//! The extraction invariant (DESIGN §6): for every fixture, every mapped piece
//! sits on char boundaries and the source bytes under a verbatim piece are
//! exactly its text; every finding's span covers its matched words in order.

use fogcheck::extract::extract;
use fogcheck::source::{FileKind, SourceFile};
use std::path::Path;

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixture dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files_under(&path, out);
        } else if FileKind::from_path(&path).is_some() {
            out.push(path);
        }
    }
}

/// Checks one file; returns every violation found.
pub fn invariant_violations(file: &SourceFile) -> Vec<String> {
    let text = file.text();
    let mut problems = Vec::new();
    for (n, segment) in extract(file).segments.iter().enumerate() {
        for piece in segment.pieces() {
            let span = piece.source;
            if !text.is_char_boundary(span.start()) || !text.is_char_boundary(span.end()) {
                problems.push(format!("segment {n}: {span:?} not on char boundaries"));
                continue;
            }
            let source = &text[span.range()];
            if piece.verbatim && source != piece.text {
                problems.push(format!(
                    "segment {n}: verbatim piece {:?} but source says {source:?}",
                    piece.text
                ));
            }
            if !piece.verbatim && piece.text == " " && !source.chars().all(char::is_whitespace) {
                // A collapsed space stands for whitespace or a line-break tag.
                if !source.contains("<br") {
                    problems.push(format!("segment {n}: space stands for {source:?}"));
                }
            }
        }
    }
    problems
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn fixtures_map_back_to_their_source_bytes() {
    let mut paths = Vec::new();
    files_under(&crate::support::root().join("fixtures"), &mut paths);
    assert!(paths.len() >= 9, "fixtures missing: {paths:?}");
    let mut problems = Vec::new();
    for path in paths {
        let kind = FileKind::from_path(&path).expect("known kind");
        let file = SourceFile::read(&path, kind, 1 << 20).expect("fixture reads");
        for p in invariant_violations(&file) {
            problems.push(format!("{}: {p}", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn finding_spans_cover_their_words_in_the_source() {
    let run = crate::support::fogcheck(&["--format", "json", "fixtures/"]);
    let doc = crate::support::json(&run);
    for f in doc["findings"].as_array().expect("findings") {
        let path = crate::support::root().join(f["path"].as_str().expect("path"));
        let text = std::fs::read(&path).expect("fixture");
        let start = f["byte_start"].as_u64().expect("start") as usize;
        let end = f["byte_end"].as_u64().expect("end") as usize;
        let source = String::from_utf8_lossy(&text[start..end]);
        let matched = f["matched"].as_str().expect("matched");
        assert_eq!(
            words(&source),
            words(matched),
            "{}:{start}..{end} covers {source:?} for {matched:?}",
            path.display()
        );
    }
}

#[test]
fn multibyte_text_and_entities_keep_exact_spans() {
    let src = "Caf\u{e9} &amp; bar: *expedited*\nshipping \u{2014} “soon”.\n";
    let file = SourceFile::from_bytes("x.md".into(), FileKind::Markdown, src.as_bytes().to_vec())
        .expect("reads");
    assert!(invariant_violations(&file).is_empty());
    let doc = extract(&file);
    let segment = &doc.segments[0];
    assert_eq!(segment.text, "Café & bar: expedited shipping — “soon”.");
    let at = segment.text.find("expedited").expect("phrase");
    let span = segment.source_span(at..at + "expedited shipping".len());
    assert_eq!(&src[span.range()], "expedited*\nshipping");
    let amp = segment.text.find('&').expect("amp");
    assert_eq!(&src[segment.source_span(amp..amp + 1).range()], "&amp;");
}
