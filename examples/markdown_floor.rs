//! The cost of parsing Markdown alone, for `bench/run.sh`: every file
//! fogcheck reads as Markdown or MDX under the folders named, parsed with
//! pulldown-cmark as fogcheck parses it (the same extensions, every event
//! with its source range) and nothing else, on one thread. Its time per MB
//! is a floor under fogcheck's own, which also extracts the prose, matches
//! the rules and judges the hits; `bench/run.sh` sets it beside ripgrep's.
//!
//!     cargo run --release --example markdown_floor -- FOLDER…
//!
//! Prints the files, the bytes and the events parsed.

use std::path::Path;

mod common;

/// Parses `path` when fogcheck reads it as Markdown (or MDX), adding it to
/// `totals`: files, bytes, events.
fn parse(path: &Path, totals: &mut (usize, usize, usize)) {
    // The files fogcheck reads as Markdown (or MDX), by its own rule.
    let markdown = matches!(
        fogcheck::source::FileKind::from_path(path),
        Some(fogcheck::source::FileKind::Markdown | fogcheck::source::FileKind::Mdx)
    );
    if !markdown {
        return;
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let events = pulldown_cmark::Parser::new_ext(&text, fogcheck::extract::MARKDOWN_OPTIONS)
        .into_offset_iter()
        .count();
    totals.0 += 1;
    totals.1 += text.len();
    totals.2 += events;
}

fn main() -> std::process::ExitCode {
    let mut totals = (0, 0, 0);
    for folder in std::env::args_os().skip(1) {
        if let Err(e) = common::files_under(Path::new(&folder), &mut |p| parse(p, &mut totals)) {
            eprintln!("{}: {e}", folder.to_string_lossy());
            return std::process::ExitCode::from(2);
        }
    }
    let (files, bytes, events) = totals;
    println!("{files} files, {bytes} bytes, {events} events");
    std::process::ExitCode::SUCCESS
}
