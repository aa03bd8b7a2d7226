//! Byte spans into a source file, and the line index that turns them into
//! lines and columns. Spans are the only currency for positions inside the
//! pipeline; lines and columns exist only once a report is being rendered.

use std::ops::Range;

/// A byte range into one source file's text as stored on disk.
///
/// Invariant: `start <= end`. Both ends sit on char boundaries of the text the
/// span was made for (the extractors guarantee this; `LineIndex` relies on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// A span from `start` to `end`; panics on a reversed range, which is
    /// always a bug in the caller, never bad input.
    pub fn new(start: usize, end: usize) -> Self {
        assert!(start <= end, "reversed span {start}..{end}");
        Span { start, end }
    }

    pub fn start(self) -> usize {
        self.start
    }

    pub fn end(self) -> usize {
        self.end
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies entirely inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Where the line holding byte `from` ends: just past its line break — a
/// `\n`, a `\r\n` or a lone `\r` (old Mac files) — or at the end of the text.
pub fn line_end(text: &str, from: usize) -> usize {
    match memchr::memchr2(b'\n', b'\r', &text.as_bytes()[from..]) {
        Some(i) => {
            let at = from + i;
            if text[at..].starts_with("\r\n") {
                at + 2
            } else {
                at + 1
            }
        }
        None => text.len(),
    }
}

/// The lines of `text`, each with its line break (`\n`, `\r\n` or a lone
/// `\r`), like `split_inclusive('\n')` but for every line ending.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = line_end(text, start);
        let line = &text[start..end];
        start = end;
        Some(line)
    })
}

/// A 1-based line and column; the column counts Unicode characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Line starts of one text, so byte offsets become lines and columns.
/// Built only for files that have something to report.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Where the first line's columns start: after a UTF-8 byte-order mark,
    /// which editors do not show (byte offsets still count it).
    first_column_start: usize,
    /// The last offset placed and its column: offsets asked in order along
    /// one long line count characters from there, not from the line start
    /// (a million findings on one line were quadratic).
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        // A line starts after `\n`, and after a `\r` not followed by `\n`.
        let bytes = text.as_bytes();
        // `memchr2` jumps from line break to line break (SIMD) where a
        // byte-by-byte filter looked at every byte.
        let mut line_starts = vec![0];
        line_starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        );
        LineIndex {
            text,
            line_starts,
            first_column_start: if text.starts_with('\u{feff}') {
                '\u{feff}'.len_utf8()
            } else {
                0
            },
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// The 0-based line number holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Where the 0-based `line`'s first column is: its first byte, or for
    /// the first line the byte after a byte-order mark.
    fn line_start(&self, line: usize) -> usize {
        if line == 0 {
            self.first_column_start
        } else {
            self.line_starts[line]
        }
    }

    /// The 1-based line holding byte `offset`, without counting columns.
    pub fn line(&self, offset: usize) -> usize {
        self.line_of(offset) + 1
    }

    /// Line and column of byte `offset` (which must be on a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        let (last_offset, last_column) = self.last.get();
        let column = if start <= last_offset && last_offset <= offset {
            last_column + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The byte range of the whole lines that `span` touches, without the
    /// final line break (nor a byte-order mark, which is not shown).
    pub fn lines_around(&self, span: Span) -> Range<usize> {
        let first = self.line_of(span.start());
        let last_byte = if span.is_empty() {
            span.start()
        } else {
            span.end() - 1
        };
        let last = self.line_of(last_byte);
        let start = self.line_start(first).min(span.start());
        let mut end = self
            .line_starts
            .get(last + 1)
            .map_or(self.text.len(), |&next| next);
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end.max(span.end().min(self.text.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let index = LineIndex::new("é fast\nsecond “fast” line");
        assert_eq!(index.line_col(3), LineCol { line: 1, column: 3 });
        let second_fast = "é fast\nsecond “".len();
        assert_eq!(index.line_col(second_fast), LineCol { line: 2, column: 9 });
    }

    #[test]
    fn columns_in_any_order_agree() {
        let text = "é fast\nsecond “fast” line é\n\nx";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let fresh = |o: usize| LineIndex::new(text).line_col(o);
        for &o in offsets.iter().chain(offsets.iter().rev()).chain(&offsets) {
            assert_eq!(index.line_col(o), fresh(o), "offset {o}");
        }
    }

    #[test]
    fn every_line_ending_breaks_lines() {
        let text = "one\rtwo\r\nthree\nfour\r\rsix";
        let index = LineIndex::new(text);
        let at = |word: &str| index.line_col(text.find(word).unwrap());
        assert_eq!(at("two"), LineCol { line: 2, column: 1 });
        assert_eq!(at("three"), LineCol { line: 3, column: 1 });
        assert_eq!(at("four"), LineCol { line: 4, column: 1 });
        assert_eq!(at("six"), LineCol { line: 6, column: 1 });
        let lines: Vec<&str> = lines_inclusive(text).collect();
        assert_eq!(
            lines,
            ["one\r", "two\r\n", "three\n", "four\r", "\r", "six"]
        );
        let span = Span::new(text.find("two").unwrap(), text.find("two").unwrap() + 3);
        assert_eq!(&text[index.lines_around(span)], "two");
    }

    #[test]
    fn columns_and_lines_start_after_a_byte_order_mark() {
        let text = "\u{feff}fast ships\nfast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(8), LineCol { line: 1, column: 6 });
        assert_eq!(index.line_col(14), LineCol { line: 2, column: 1 });
        assert_eq!(&text[index.lines_around(Span::new(8, 13))], "fast ships");
    }

    #[test]
    fn lines_around_covers_every_touched_line() {
        let text = "one\ntwo three\nfour\n";
        let index = LineIndex::new(text);
        let span = Span::new(text.find("three").unwrap(), text.find("four").unwrap() + 2);
        assert_eq!(&text[index.lines_around(span)], "two three\nfour");
    }
}
