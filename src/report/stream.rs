//! Pretty JSON written piece by piece: the long arrays of a report (findings,
//! results, errors) are written one element at a time, so memory holds one
//! element's JSON, not the whole document's. The bytes are exactly those
//! `serde_json::to_writer_pretty` writes for the whole document.
//!
//! The document is given as a small skeleton in which each streamed array
//! stands as a placeholder string (`placeholder(name)`); the skeleton is
//! printed, and each placeholder is replaced by its array, whose elements
//! are printed one by one at the placeholder's depth.

use serde::Serialize;
use std::io::{self, Write};

/// The marker that starts every placeholder. A NUL is printed as `\u0000`,
/// which no fixed key or value of a skeleton contains.
const MARK: &str = "\u{0}fogcheck-stream:";

/// The placeholder value for the streamed array `name`.
pub fn placeholder(name: &str) -> String {
    format!("{MARK}{name}")
}

/// An array being written element by element at a given indentation.
pub struct ArrayWriter<'w> {
    out: &'w mut dyn Write,
    /// Spaces before the line holding the array's key (or `[`).
    indent: usize,
    empty: bool,
    /// One element's JSON, and then that element as written (its separator
    /// and indentation added): both reused from element to element.
    buffer: Vec<u8>,
    indented: Vec<u8>,
}

impl ArrayWriter<'_> {
    /// Writes one element.
    pub fn item<T: Serialize + ?Sized>(&mut self, item: &T) -> io::Result<()> {
        self.buffer.clear();
        serde_json::to_writer_pretty(&mut self.buffer, item)?;
        // The element indented, written at once: a write a line cost more
        // than the element's JSON.
        let pad = self.indent + 2;
        self.indented.clear();
        self.indented
            .extend_from_slice(if self.empty { b"\n" } else { b",\n" });
        self.empty = false;
        push_spaces(&mut self.indented, pad);
        // Strings hold no raw line break (serde_json escapes them), so each
        // `\n` starts a line to indent.
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', &self.buffer) {
            self.indented.extend_from_slice(&self.buffer[start..=end]);
            push_spaces(&mut self.indented, pad);
            start = end + 1;
        }
        self.indented.extend_from_slice(&self.buffer[start..]);
        self.out.write_all(&self.indented)
    }
}

fn push_spaces(out: &mut Vec<u8>, n: usize) {
    out.resize(out.len() + n, b' ');
}

fn write_spaces(out: &mut dyn Write, n: usize) -> io::Result<()> {
    const SPACES: [u8; 64] = [b' '; 64];
    let mut left = n;
    while left > 0 {
        let now = left.min(SPACES.len());
        out.write_all(&SPACES[..now])?;
        left -= now;
    }
    Ok(())
}

/// Writes `skeleton` pretty-printed, followed by a line end, calling
/// `fill(name, writer)` to write the elements of each placeholder array
/// `name`, in the order they appear in the printed skeleton.
pub fn write_pretty(
    out: &mut dyn Write,
    skeleton: &impl Serialize,
    mut fill: impl FnMut(&str, &mut ArrayWriter<'_>) -> io::Result<()>,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(skeleton)?;
    // How the marker reads once printed inside a JSON string.
    let printed_mark = serde_json::to_string(MARK)?;
    let printed_mark = &printed_mark[..printed_mark.len() - 1]; // keep the opening quote
    let mut rest = text.as_str();
    while let Some(at) = rest.find(printed_mark) {
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        let indent = rest[line_start..]
            .bytes()
            .take_while(|b| *b == b' ')
            .count();
        out.write_all(&rest.as_bytes()[..at])?;
        let after = &rest[at + printed_mark.len()..];
        let name_end = after.find('"').unwrap_or(after.len());
        let name = &after[..name_end];
        out.write_all(b"[")?;
        let mut array = ArrayWriter {
            out: &mut *out,
            indent,
            empty: true,
            buffer: Vec::new(),
            indented: Vec::new(),
        };
        fill(name, &mut array)?;
        if !array.empty {
            out.write_all(b"\n")?;
            write_spaces(out, indent)?;
        }
        out.write_all(b"]")?;
        rest = &after[(name_end + 1).min(after.len())..];
    }
    out.write_all(rest.as_bytes())?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn streamed(skeleton: &serde_json::Value, arrays: &[(&str, Vec<serde_json::Value>)]) -> String {
        let mut out = Vec::new();
        write_pretty(&mut out, skeleton, |name, array| {
            let (_, items) = arrays.iter().find(|(n, _)| *n == name).expect("known");
            items.iter().try_for_each(|item| array.item(item))
        })
        .expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn streamed_arrays_print_like_the_whole_document() {
        let items = vec![
            json!({"a": 1, "b": {"c": ["x\ny", 2]}, "d": []}),
            json!("plain"),
            json!({"e": {}}),
        ];
        let errors = vec![json!({"path": "p", "message": "m"})];
        for (items, errors) in [
            (items.clone(), errors.clone()),
            (Vec::new(), errors.clone()),
            (items.clone(), Vec::new()),
        ] {
            let whole = json!({
                "outer": [{ "results": items, "n": 3 }],
                "errors": errors,
                "version": 1,
            });
            let skeleton = json!({
                "outer": [{ "results": placeholder("results"), "n": 3 }],
                "errors": placeholder("errors"),
                "version": 1,
            });
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            let got = streamed(&skeleton, &[("results", items), ("errors", errors)]);
            assert_eq!(got, expected);
        }
    }
}
