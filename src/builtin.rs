//! The files `build.rs` embeds from `rules/` (rules, word lists, roadsign
//! detectors, judging filters), and the one rewrite every embedded regex
//! goes through. The lowest floor: `rule`, `roadsign` and `filters` all read
//! from here, and it reads from none of them.

/// The built-in rule files, `(path under rules/, contents)`, embedded by
/// build.rs so fogcheck works with no configuration.
pub static BUILTIN_RULES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Rewrites each unescaped `\b` / `\B` to its ASCII form.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some('B') => out.push_str(r"(?-u:\B)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(ascii_word_boundaries(r"\bfast\b"), r"(?-u:\b)fast(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"a\\b"), r"a\\b");
    }
}
