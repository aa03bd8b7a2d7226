//! A finding's identity across edits: its rule, file, matched words and up to
//! three neighbouring words on each side (within its paragraph), plus an
//! occurrence index for repeats — never a line number, so inserting lines
//! above a finding does not change it. The baseline and SARIF's
//! `partialFingerprints` share this key.

use crate::span::Span;

/// How many words on each side of the fog take part in the key.
const NEIGHBOURS: usize = 3;

/// The words around a finding that, with its rule, path and matched words,
/// say which finding it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Context {
    /// Up to three words before the fog, lowercased, space-separated.
    pub before: String,
    /// Up to three words after the fog, lowercased, space-separated.
    pub after: String,
}

fn words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

/// The paragraph bounds around `span`: a blank line ends a paragraph.
fn paragraph(text: &str, span: Span) -> (usize, usize) {
    let start = text[..span.start()]
        .rfind("\n\n")
        .or_else(|| text[..span.start()].rfind("\n\r\n"))
        .map_or(0, |i| i + 1);
    let end = text[span.end()..]
        .find("\n\n")
        .or_else(|| text[span.end()..].find("\n\r\n"))
        .map_or(text.len(), |i| span.end() + i);
    (start, end)
}

/// The neighbouring words of the fog at `span` in `text` (source text, so
/// markup characters drop out as non-words).
pub fn context(text: &str, span: Span) -> Context {
    let (start, end) = paragraph(text, span);
    let mut before: Vec<String> = words(&text[start..span.start()])
        .rev()
        .take(NEIGHBOURS)
        .map(str::to_lowercase)
        .collect();
    before.reverse();
    let after: Vec<String> = words(&text[span.end()..end])
        .take(NEIGHBOURS)
        .map(str::to_lowercase)
        .collect();
    Context {
        before: before.join(" "),
        after: after.join(" "),
    }
}

/// The matched words as they take part in the key: lowercased, one space.
pub fn normalise(matched: &str) -> String {
    matched
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A stable 64-bit FNV-1a hash of the key as 16 hex digits. FNV is fixed by
/// its definition, unlike std's hasher, so fingerprints never change with the
/// compiler.
pub fn fingerprint(
    rule: &str,
    path: &str,
    matched: &str,
    context: &Context,
    occurrence: usize,
) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let occurrence = occurrence.to_string();
    let parts = [
        rule,
        path,
        &normalise(matched),
        &context.before,
        &context.after,
        &occurrence,
    ];
    for part in parts {
        for byte in part.bytes().chain([0u8]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_stays_in_the_paragraph_and_skips_markup() {
        let text = "Other para.\n\nWe *offer* fast shipping on all orders today.\n";
        let at = text.find("fast").unwrap();
        let c = context(text, Span::new(at, at + "fast shipping".len()));
        assert_eq!(c.before, "we offer");
        assert_eq!(c.after, "on all orders");
    }

    #[test]
    fn fingerprints_are_fixed() {
        let c = Context::default();
        assert_eq!(
            fingerprint("a/b", "p.md", "x", &c, 0),
            fingerprint("a/b", "p.md", "X", &c, 0)
        );
        assert_ne!(
            fingerprint("a/b", "p.md", "x", &c, 0),
            fingerprint("a/b", "p.md", "x", &c, 1)
        );
        assert_eq!(fingerprint("", "", "", &c, 0).len(), 16);
    }
}
