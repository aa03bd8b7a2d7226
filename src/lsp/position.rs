//! Byte offsets (fogcheck's spans) to LSP positions, in the encoding the
//! client and the server agreed on. Every position the server sends goes
//! through `Lines::position`, the one conversion.

use lsp_types::{Position, PositionEncodingKind};

/// What a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units: the protocol's default (an emoji is two).
    Utf16,
    /// Unicode code points.
    Utf32,
}

impl Encoding {
    /// The encoding to use: the first of the client's
    /// `general.positionEncodings` the server speaks, else UTF-16 (which
    /// every client must accept).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        offered
            .into_iter()
            .flatten()
            .find_map(|kind| match kind.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-16" => Some(Encoding::Utf16),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or(Encoding::Utf16)
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// Where each line of a text starts. Lines end at `\n`, `\r\n` or a lone
/// `\r`, as in the protocol and in fogcheck's own reports.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Lines { starts }
    }

    /// The byte where line `line` (0-based) starts, if the text has it.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The position of byte `offset` of `text` (the text `self` was built
    /// from) in `encoding`. An offset past the end is the end; one inside a
    /// character is that character's start.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let before = &text[self.starts[line]..offset];
        let character = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => before.chars().count(),
        };
        Position::new(line as u32, character as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, offset: usize, encoding: Encoding) -> (u32, u32) {
        let p = Lines::new(text).position(text, offset, encoding);
        (p.line, p.character)
    }

    #[test]
    fn ascii_is_the_same_in_every_encoding() {
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            assert_eq!(at("ab\ncd", 4, encoding), (1, 1));
            assert_eq!(at("ab\ncd", 0, encoding), (0, 0));
            assert_eq!(at("ab\ncd", 99, encoding), (1, 2));
        }
    }

    #[test]
    fn multi_byte_characters_count_per_encoding() {
        // "é" is 2 bytes, 1 UTF-16 unit; "€" 3 bytes, 1 unit.
        let text = "é€x";
        let x = text.find('x').unwrap();
        assert_eq!(at(text, x, Encoding::Utf8), (0, 5));
        assert_eq!(at(text, x, Encoding::Utf16), (0, 2));
        assert_eq!(at(text, x, Encoding::Utf32), (0, 2));
    }

    #[test]
    fn astral_characters_are_two_utf16_units() {
        // 😀 is 4 bytes, 2 UTF-16 units (a surrogate pair), 1 code point.
        let text = "a😀 fast shipping\n😀😀b";
        let fast = text.find("fast").unwrap();
        assert_eq!(at(text, fast, Encoding::Utf8), (0, 6));
        assert_eq!(at(text, fast, Encoding::Utf16), (0, 4));
        assert_eq!(at(text, fast, Encoding::Utf32), (0, 3));
        let b = text.find('b').unwrap();
        assert_eq!(at(text, b, Encoding::Utf8), (1, 8));
        assert_eq!(at(text, b, Encoding::Utf16), (1, 4));
        // Inside the emoji: its start.
        assert_eq!(at(text, 2, Encoding::Utf16), (0, 1));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "one\r\ntwo\rthree\n\r\nfour";
        let two = text.find("two").unwrap();
        assert_eq!(at(text, two, Encoding::Utf16), (1, 0));
        let three = text.find("three").unwrap();
        assert_eq!(at(text, three, Encoding::Utf16), (2, 0));
        let four = text.find("four").unwrap();
        assert_eq!(at(text, four + 2, Encoding::Utf8), (4, 2));
        // The end of a line, before its `\r\n`.
        assert_eq!(at(text, 3, Encoding::Utf16), (0, 3));
        assert_eq!(Lines::new(text).line_start(4), Some(four));
    }

    #[test]
    fn negotiation_takes_the_clients_first_known() {
        let kinds = |k: &[&str]| -> Vec<PositionEncodingKind> {
            serde_json::from_value(serde_json::json!(k)).expect("encoding kinds")
        };
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        let offered = kinds(&["utf-8", "utf-16"]);
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf8);
        let offered = kinds(&["x-other", "utf-16", "utf-8"]);
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[])), Encoding::Utf16);
    }
}
