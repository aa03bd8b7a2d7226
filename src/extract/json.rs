//! JSON (translation files such as `locales/en.json`): every string value
//! with its key path and the bytes between its quotes. A forward-only
//! scanner with its own stack (no recursion, so deep nesting costs memory
//! in proportion, never the call stack): the grammar is small and fully
//! specified, and no maintained JSON crate gives source positions without
//! a tree of its own. Keys are decoded by `serde_json`.

use super::keys::Part;
use std::ops::Range;

/// A string value: where it is and the bytes between its quotes.
#[derive(Debug)]
pub(super) struct JsonString {
    pub path: Vec<Part>,
    pub inner: Range<usize>,
}

/// Why the text is not JSON, and the byte where that shows.
#[derive(Debug)]
pub(super) struct JsonError {
    pub at: usize,
    pub message: String,
}

enum Frame {
    Object,
    Array(usize),
}

struct Scanner<'a> {
    text: &'a str,
    i: usize,
}

impl Scanner<'_> {
    fn error<T>(&self, message: impl Into<String>) -> Result<T, JsonError> {
        Err(JsonError {
            at: self.i.min(self.text.len()),
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn found(&self) -> String {
        match self.text[self.i..].chars().next() {
            Some(c) => format!("found `{c}`"),
            None => "found the end of the file".into(),
        }
    }

    /// A string at `self.i` (its opening quote); returns the range between
    /// the quotes.
    fn string(&mut self) -> Result<Range<usize>, JsonError> {
        let start = self.i + 1;
        self.i = start;
        loop {
            match self.peek() {
                None => {
                    self.i = start - 1;
                    return self.error("string is not closed");
                }
                Some(b'"') => {
                    self.i += 1;
                    return Ok(start..self.i - 1);
                }
                Some(b'\\') => match self.text.as_bytes().get(self.i + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 2,
                    Some(b'u')
                        if self
                            .text
                            .get(self.i + 2..self.i + 6)
                            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())) =>
                    {
                        self.i += 6
                    }
                    _ => return self.error("invalid escape in string"),
                },
                Some(b) if b < 0x20 => {
                    return self.error("control character in string (write it as an escape)")
                }
                Some(_) => self.i += 1,
            }
        }
    }

    /// A key at `self.i`, then its colon.
    fn key(&mut self) -> Result<String, JsonError> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return self.error(format!("expected a key in quotes, {}", self.found()));
        }
        let inner = self.string()?;
        let key = serde_json::from_str::<String>(&self.text[inner.start - 1..inner.end + 1])
            .unwrap_or_else(|_| self.text[inner].to_string());
        self.skip_ws();
        if self.peek() != Some(b':') {
            return self.error(format!("expected `:` after the key, {}", self.found()));
        }
        self.i += 1;
        Ok(key)
    }

    /// A number, `true`, `false` or `null` at `self.i`.
    fn literal(&mut self) -> Result<(), JsonError> {
        let start = self.i;
        while matches!(
            self.peek(),
            Some(b'a'..=b'z' | b'0'..=b'9' | b'-' | b'+' | b'.' | b'E')
        ) {
            self.i += 1;
        }
        let word = &self.text[start..self.i];
        let number = word.parse::<f64>().is_ok()
            && word
                .bytes()
                .next()
                .is_some_and(|b| b == b'-' || b.is_ascii_digit());
        if matches!(word, "true" | "false" | "null") || number {
            return Ok(());
        }
        self.i = start;
        self.error(format!("expected a value, {}", self.found()))
    }
}

/// The string values of the JSON document `text`, in source order.
pub(super) fn strings(text: &str) -> Result<Vec<JsonString>, JsonError> {
    let mut s = Scanner { text, i: 0 };
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<Part> = Vec::new();
    'value: loop {
        s.skip_ws();
        match s.peek() {
            Some(b'{') => {
                s.i += 1;
                s.skip_ws();
                if s.peek() == Some(b'}') {
                    s.i += 1;
                } else {
                    let key = s.key()?;
                    stack.push(Frame::Object);
                    path.push(Part::Key(key));
                    continue 'value;
                }
            }
            Some(b'[') => {
                s.i += 1;
                s.skip_ws();
                if s.peek() == Some(b']') {
                    s.i += 1;
                } else {
                    stack.push(Frame::Array(0));
                    path.push(Part::Index(0));
                    continue 'value;
                }
            }
            Some(b'"') => {
                let inner = s.string()?;
                out.push(JsonString {
                    path: path.clone(),
                    inner,
                });
            }
            _ => s.literal()?,
        }
        // A value was read: what may follow it.
        loop {
            s.skip_ws();
            match (stack.last_mut(), s.peek()) {
                (None, None) => return Ok(out),
                (None, Some(_)) => {
                    return s.error(format!("unexpected text after the value, {}", s.found()))
                }
                (Some(Frame::Object), Some(b',')) => {
                    s.i += 1;
                    let key = s.key()?;
                    path.pop();
                    path.push(Part::Key(key));
                    continue 'value;
                }
                (Some(Frame::Array(index)), Some(b',')) => {
                    s.i += 1;
                    *index += 1;
                    let next = *index;
                    path.pop();
                    path.push(Part::Index(next));
                    continue 'value;
                }
                (Some(Frame::Object), Some(b'}')) | (Some(Frame::Array(_)), Some(b']')) => {
                    s.i += 1;
                    stack.pop();
                    path.pop();
                }
                (Some(Frame::Object), _) => {
                    return s.error(format!("expected `,` or `}}` after a value, {}", s.found()))
                }
                (Some(Frame::Array(_)), _) => {
                    return s.error(format!("expected `,` or `]` after a value, {}", s.found()))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::keys::render;

    #[test]
    fn strings_with_paths() {
        let src = r#"{"a": {"b": ["x", 1, {"c\u002e": "y\n"}]}, "n": null, "e": [], "o": {}}"#;
        let got: Vec<(String, &str)> = strings(src)
            .unwrap()
            .iter()
            .map(|s| (render(&s.path), &src[s.inner.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                ("a.b[0]".to_string(), "x"),
                ("a.b[2][\"c.\"]".to_string(), "y\\n"),
            ]
        );
    }

    #[test]
    fn errors_name_the_byte() {
        let err = strings("{\"a\": \"b\",\n \"c\" 1}").unwrap_err();
        assert_eq!(err.at, 16);
        assert!(err.message.contains("expected `:`"), "{}", err.message);
        assert!(strings("[1, 2")
            .unwrap_err()
            .message
            .contains("end of the file"));
        assert!(strings("{\"a\": tru}").is_err());
        assert!(strings("\"open")
            .unwrap_err()
            .message
            .contains("not closed"));
        assert!(strings("[1] x").is_err());
    }

    #[test]
    fn deep_nesting_is_not_recursion() {
        let deep = format!("{}\"x\"{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(strings(&deep).unwrap().len(), 1);
    }
}
