//! Which regex rules need a digit: read from the regex's syntax, so a
//! segment without one is never searched by them. Two of the built-in
//! three (`from-price`, `save-up-to`) match only around a number, and
//! about three segments in four of real copy hold none.
//!
//! Sound by construction: a concatenation needs a digit when one of its
//! parts does, an alternation when each of its branches does, and a
//! class needs one when all it holds are digits. `\d` is Unicode's
//! decimal digits; `has_digit` takes every numeric character.

use regex_syntax::hir::{Class, ClassUnicodeRange, Hir, HirKind};

/// True when every match of `pattern` (as the rules compile it:
/// case-insensitive, Unicode) holds a digit. False when unsure. Parsed
/// case-sensitively, which is cheaper and the same here: no case of a
/// letter is a digit, and folding case leaves a class of digits as it is.
pub fn needs_digit(pattern: &str) -> bool {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .is_ok_and(|hir| requires_digit(&hir, unicode_digits()))
}

fn requires_digit(hir: &Hir, digits: &[ClassUnicodeRange]) -> bool {
    match hir.kind() {
        HirKind::Literal(literal) => literal.0.iter().any(u8::is_ascii_digit),
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().all(|r| {
            digits
                .iter()
                .any(|d| d.start() <= r.start() && r.end() <= d.end())
        }),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .all(|r| r.start().is_ascii_digit() && r.end().is_ascii_digit()),
        HirKind::Capture(capture) => requires_digit(&capture.sub, digits),
        HirKind::Repetition(repetition) => {
            repetition.min >= 1 && requires_digit(&repetition.sub, digits)
        }
        HirKind::Concat(parts) => parts.iter().any(|p| requires_digit(p, digits)),
        HirKind::Alternation(branches) => branches.iter().all(|b| requires_digit(b, digits)),
        HirKind::Empty | HirKind::Look(_) => false,
    }
}

/// The ranges of `\d`: Unicode's decimal digits.
fn unicode_digits() -> &'static [ClassUnicodeRange] {
    static DIGITS: std::sync::OnceLock<Vec<ClassUnicodeRange>> = std::sync::OnceLock::new();
    DIGITS.get_or_init(|| {
        let hir = regex_syntax::parse(r"\d").expect("\\d parses");
        match hir.kind() {
            HirKind::Class(Class::Unicode(class)) => class.ranges().to_vec(),
            _ => unreachable!("\\d is a Unicode class"),
        }
    })
}

/// True when `text` holds a digit a regex could match: an ASCII digit or
/// any numeric character outside ASCII (`char::is_numeric`). Most
/// segments hold neither, and are read in blocks without a branch per
/// byte (`extract::blocks_holding`), once, for an ASCII digit or the first
/// byte of a character outside ASCII (0xC0 and up); only those characters
/// are decoded (a curly quote or a dash in a segment without a digit
/// decoded every character of it).
pub fn has_digit(text: &str) -> bool {
    crate::extract::blocks_holding(text.as_bytes(), |b| b.is_ascii_digit() || b >= 0xC0).any(
        |(start, block)| {
            block.iter().any(u8::is_ascii_digit)
                || block.iter().enumerate().any(|(at, &b)| {
                    b >= 0xC0
                        && text[start + at..]
                            .chars()
                            .next()
                            .is_some_and(char::is_numeric)
                })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_every_match_holds_needs_a_digit() {
        assert!(needs_digit(r"\bfrom\s+[$€£]\s?\d+"));
        assert!(needs_digit(r"save \d+%|up to [0-9]+ percent off"));
        assert!(needs_digit(r"(?:top|best) 10\b"));
        assert!(needs_digit(r"(?:\d+)+ days"));
    }

    #[test]
    fn an_optional_number_or_a_branch_without_one_does_not() {
        assert!(!needs_digit(r"as fast as possible"));
        assert!(!needs_digit(r"\d* days"));
        assert!(!needs_digit(r"save \d+%|free"));
        assert!(!needs_digit(r"[\d\w]+"));
        assert!(!needs_digit(r"(unclosed"));
    }

    #[test]
    fn a_digit_is_found_in_any_script() {
        assert!(has_digit("ships in 2 days"));
        assert!(has_digit("٣ أيام"));
        assert!(has_digit("Ⅻ months"));
        assert!(!has_digit("ships soon — “free”"));
        assert!(!has_digit(""));
        assert!(has_digit(&format!("{}7", "x".repeat(40))));
        assert!(has_digit(&format!("{}½", "é".repeat(40))));
        assert!(!has_digit(&"é—".repeat(40)));
    }

    proptest::proptest! {
        /// The block test is `char::is_numeric` of any character.
        #[test]
        fn has_digit_is_any_numeric_character(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "ships ", "7", "٣", "é", "—", "“", "½", "Ⅻ", " ", "x", "\n",
                ]),
                0..80,
            ),
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(has_digit(&text), text.chars().any(char::is_numeric));
        }
    }

    /// Every text a digit-needing regex matches has a digit: the built-in
    /// regex rules' examples and texts made to tempt them.
    #[test]
    fn the_gate_passes_whatever_the_regex_matches() {
        let (pack, errors) = crate::rule::load_pack(&[]);
        assert!(errors.is_empty());
        let mut gated = 0;
        for rule in pack.rules() {
            let crate::rule::Pattern::Regex(regex) = &rule.pattern else {
                continue;
            };
            if !needs_digit(regex.as_str()) {
                continue;
            }
            gated += 1;
            let texts = rule.examples.iter().map(|e| e.text.as_str()).chain([
                "Plans from $٣ a month, save up to ٣٠% off",
                "starting at $Ⅻ, up to Ⅻ% off",
                "from $ nine",
            ]);
            for text in texts {
                if regex.get().is_match(text) {
                    assert!(has_digit(text), "{}: {text}", rule.id);
                }
            }
        }
        assert_eq!(gated, 2, "from-price and save-up-to");
    }
}
