//! Byte offsets (fogcheck's spans) to LSP positions, in the encoding the
//! client and the server agreed on, and back. Every position the server
//! sends goes through `Lines::position`, and every position it receives
//! (the ranges of incremental changes) through `Lines::offset`.

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

    /// The byte offset in `text` (the text `self` was built from) of
    /// `position` in `encoding`: the inverse of `position`. As the protocol
    /// says, a `character` past the line's end is the line's end (before
    /// its `\n`, `\r\n` or `\r`); a line past the last is the end of the
    /// text; a `character` inside a character (between the two halves of a
    /// surrogate pair, between the bytes of a UTF-8 sequence) is that
    /// character's start.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let next = self
            .starts
            .get(position.line as usize + 1)
            .copied()
            .unwrap_or(text.len());
        let line = text[start..next].trim_end_matches(['\n', '\r']);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (at, c) in line.char_indices() {
            let width = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Utf32 => 1,
            };
            if counted + width > wanted {
                return start + at;
            }
            counted += width;
        }
        start + line.len()
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

    fn offset(text: &str, line: u32, character: u32, encoding: Encoding) -> usize {
        Lines::new(text).offset(text, Position::new(line, character), encoding)
    }

    #[test]
    fn offsets_invert_positions_at_every_character_boundary() {
        let text = "a😀é€ fast\r\n\r\n😀😀b\rcé\n\nend😀";
        let lines = Lines::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let position = lines.position(text, at, encoding);
                // A line's `\r\n` is one end: its `\n` maps to the `\r`.
                let want = if text[..at].ends_with('\r') && text[at..].starts_with('\n') {
                    at - 1
                } else {
                    at
                };
                assert_eq!(
                    lines.offset(text, position, encoding),
                    want,
                    "{encoding:?} {position:?}"
                );
            }
        }
    }

    #[test]
    fn offsets_count_multi_byte_and_astral_characters() {
        let text = "a😀 fast\né€x";
        let fast = text.find("fast").unwrap();
        assert_eq!(offset(text, 0, 3, Encoding::Utf16), fast - 1);
        assert_eq!(offset(text, 0, 4, Encoding::Utf16), fast);
        assert_eq!(offset(text, 0, 6, Encoding::Utf8), fast);
        assert_eq!(offset(text, 0, 3, Encoding::Utf32), fast);
        let x = text.find('x').unwrap();
        assert_eq!(offset(text, 1, 2, Encoding::Utf16), x);
        assert_eq!(offset(text, 1, 5, Encoding::Utf8), x);
        // Between the halves of the surrogate pair, or inside the UTF-8
        // bytes of the emoji: the emoji's start.
        assert_eq!(offset(text, 0, 2, Encoding::Utf16), 1);
        assert_eq!(offset(text, 0, 3, Encoding::Utf8), 1);
        // Inside "é" (2 bytes) on line 1.
        assert_eq!(offset(text, 1, 1, Encoding::Utf8), text.find('é').unwrap());
    }

    #[test]
    fn offsets_past_a_lines_end_clamp_to_it() {
        let text = "one\r\ntwo\rthree\nfour";
        // Past the end of "one": before its `\r\n`, never inside it.
        assert_eq!(offset(text, 0, 3, Encoding::Utf16), 3);
        assert_eq!(offset(text, 0, 4, Encoding::Utf16), 3);
        assert_eq!(offset(text, 0, 99, Encoding::Utf8), 3);
        // A lone `\r` ends "two".
        assert_eq!(
            offset(text, 1, 0, Encoding::Utf16),
            text.find("two").unwrap()
        );
        assert_eq!(
            offset(text, 1, 50, Encoding::Utf16),
            text.find("\rthree").unwrap()
        );
        assert_eq!(
            offset(text, 2, 5, Encoding::Utf16),
            text.find("\nfour").unwrap()
        );
        // The last line has no terminator; past it, and past the last
        // line, is the end of the text.
        assert_eq!(offset(text, 3, 9, Encoding::Utf16), text.len());
        assert_eq!(offset(text, 7, 0, Encoding::Utf16), text.len());
        // A text ending in a newline has an empty last line.
        assert_eq!(offset("a\n", 1, 0, Encoding::Utf16), 2);
        assert_eq!(offset("a\n", 1, 4, Encoding::Utf16), 2);
        assert_eq!(offset("", 0, 4, Encoding::Utf16), 0);
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
