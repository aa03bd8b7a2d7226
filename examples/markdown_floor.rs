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

fn parse_under(path: &Path, totals: &mut (usize, usize, usize)) -> std::io::Result<()> {
    // Links are not followed (the corpus copies hold none): a link back
    // to a folder above cannot loop.
    if std::fs::symlink_metadata(path)?.is_dir() {
        for entry in std::fs::read_dir(path)? {
            parse_under(&entry?.path(), totals)?;
        }
        return Ok(());
    }
    // The files fogcheck reads as Markdown (or MDX), by its own rule.
    let markdown = matches!(
        fogcheck::source::FileKind::from_path(path),
        Some(fogcheck::source::FileKind::Markdown | fogcheck::source::FileKind::Mdx)
    );
    if !markdown {
        return Ok(());
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(());
    };
    let events = pulldown_cmark::Parser::new_ext(&text, fogcheck::extract::MARKDOWN_OPTIONS)
        .into_offset_iter()
        .count();
    totals.0 += 1;
    totals.1 += text.len();
    totals.2 += events;
    Ok(())
}

fn main() -> std::process::ExitCode {
    let mut totals = (0, 0, 0);
    for folder in std::env::args_os().skip(1) {
        if let Err(e) = parse_under(Path::new(&folder), &mut totals) {
            eprintln!("{}: {e}", folder.to_string_lossy());
            return std::process::ExitCode::from(2);
        }
    }
    let (files, bytes, events) = totals;
    println!("{files} files, {bytes} bytes, {events} events");
    std::process::ExitCode::SUCCESS
}
