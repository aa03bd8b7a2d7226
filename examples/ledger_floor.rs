//! The cost of the promise ledger's extraction alone, for
//! `bench/ledger.sh`: every file fogcheck reads under the folders named is
//! read and extracted once, and the matcher notes where its value words
//! stand (as it does while it reads the words for the rules), untimed;
//! then `ledger::entries_noted` runs over all of their documents, pass
//! after pass, on one thread, with nothing else in between to take its
//! tables out of the caches. The best pass is a floor under what
//! `--contradictions` adds to a run, which also places each entry, keeps
//! it to the end and compares the entries; the values search
//! (`ledger::values::mentions_noted` over every segment) is timed alone
//! too, as the part of the extraction every byte of prose pays for.
//! (An example builds with the dev-dependencies' `regex-automata`
//! features: its compiled regexes may pick other engines than the
//! binary's, where the DFAs built ahead of time are the same.)
//!
//!     cargo run --release --example ledger_floor -- [--passes N] FOLDER…
//!
//! Prints the files, the prose bytes, the entries and each floor.

use fogcheck::extract::{Document, ExtractOptions};
use fogcheck::ledger::values;
use fogcheck::source::{FileKind, SourceFile};
use std::path::Path;
use std::time::{Duration, Instant};

mod common;

/// Reads and extracts `path` when fogcheck reads it, by its extension; one
/// it cannot read (too big, binary, not UTF-8) is one a run reports and
/// skips.
fn extract(path: &Path, documents: &mut Vec<Document>) {
    let Some(kind) = FileKind::from_path(path) else {
        return;
    };
    let Ok(file) = SourceFile::read(path, kind, 10 << 20) else {
        return;
    };
    documents.push(fogcheck::extract::extract_with(
        &file,
        &ExtractOptions::default(),
    ));
}

/// The shortest of `passes` timings of `work`, and what its last pass
/// returned.
fn best_of(passes: usize, mut work: impl FnMut() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut found = 0;
    for _ in 0..passes {
        let start = Instant::now();
        found = std::hint::black_box(work());
        best = best.min(start.elapsed());
    }
    (best, found)
}

fn main() -> std::process::ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut passes = 5;
    if let Some(at) = args.iter().position(|a| a == "--passes") {
        match args.get(at + 1).and_then(|n| n.parse().ok()) {
            Some(n) if n > 0 => passes = n,
            _ => {
                eprintln!("--passes takes a number above 0");
                return std::process::ExitCode::from(2);
            }
        }
        args.drain(at..at + 2);
    }
    let mut documents = Vec::new();
    for folder in &args {
        if let Err(e) = common::files_under(Path::new(folder), &mut |p| extract(p, &mut documents))
        {
            eprintln!("{folder}: {e}");
            return std::process::ExitCode::from(2);
        }
    }
    let prose: usize = documents
        .iter()
        .flat_map(|d| &d.segments)
        .map(|s| s.text.len())
        .sum();
    // Where the value words stand, as the matcher notes them in a run
    // while it reads the words for the rules (untimed: the run pays for
    // the walk anyway).
    let (pack, _) = fogcheck::rule::load_pack(&[]);
    let matcher = fogcheck::check::Matcher::compile(&pack);
    let notes: Vec<_> = documents
        .iter()
        .map(|d| matcher.check_noting_values(d).1)
        .collect();
    let (whole, entries) = best_of(passes, || {
        documents
            .iter()
            .zip(&notes)
            .map(|(d, n)| fogcheck::ledger::entries_noted(d, n.as_ref()).len())
            .sum()
    });
    let (search, mentions) = best_of(passes, || {
        let regex = values::builtin_regex();
        documents
            .iter()
            .zip(&notes)
            .flat_map(|(d, n)| d.segments.iter().enumerate().map(move |(i, s)| (s, n, i)))
            .map(|(s, n, i)| match n {
                Some(n) => values::mentions_noted(regex, &s.text, n.of(i)).len(),
                None => values::mentions(regex, &s.text).len(),
            })
            .sum()
    });
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} files, {prose} prose bytes, {entries} entries, {mentions} values",
        documents.len()
    );
    println!(
        "extraction {:.1} ms a pass, the values search {:.1} ms of it (best of {passes}, one thread)",
        ms(whole),
        ms(search)
    );
    std::process::ExitCode::SUCCESS
}
