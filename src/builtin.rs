//! The files `build.rs` embeds from `rules/` (rules, word lists, roadsign
//! detectors, judging filters), and the one rewrite every embedded regex
//! goes through. The lowest floor: `rule`, `roadsign` and `filters` all read
//! from here, and it reads from none of them.

/// The built-in rule files, `(path under rules/, contents)`, embedded by
/// build.rs so fogcheck works with no configuration.
pub static BUILTIN_RULES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The meta regex configuration `regex::RegexBuilder` uses, without the
/// literal prefilter, for the built-in patterns that search sentences and
/// short texts (roadsign detectors, the ledger's vocabulary): there a
/// prefilter saves little, and extracting the literals of their
/// case-insensitive alternations is most of their compile time (the
/// ledger's vocabulary: 27 ms). What matches is the same.
pub fn unprefiltered_config(kind: regex_automata::MatchKind) -> regex_automata::meta::Config {
    regex_automata::meta::Config::new()
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(2 * (1 << 20))
        .match_kind(kind)
        .utf8_empty(true)
        .auto_prefilter(false)
}

/// Whether this run reads little text (`small_run`).
static SMALL_RUN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Says the run reads little text (a few small files): `sentence_regex`
/// then builds no lazy DFA, whose reverse automaton was a third of
/// compiling a roadsign detector, and `rule_regex` no literal prefilter.
/// Over a few sentences the engines left (a bounded backtracker, the
/// PikeVM) cost less than that build; they find exactly the same matches.
pub fn small_run() {
    SMALL_RUN.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Whether the run said it reads little text (`small_run`).
pub fn is_small_run() -> bool {
    SMALL_RUN.load(std::sync::atomic::Ordering::Relaxed)
}

/// A built-in pattern that searches single sentences (roadsign detectors,
/// a rule's `sentence_matches`, the ledger's vocabulary): case-insensitive,
/// without a literal prefilter (see `unprefiltered_config`), leftmost-first
/// like `regex`; in a small run (`small_run`) without a lazy DFA.
/// An error reads as `regex::Regex`'s would: the parser's own words.
pub fn sentence_regex(pattern: &str) -> Result<regex_automata::meta::Regex, String> {
    sentence_regex_with(pattern, !is_small_run())
}

/// `sentence_regex`, with or without a lazy DFA.
pub(crate) fn sentence_regex_with(
    pattern: &str,
    lazy_dfa: bool,
) -> Result<regex_automata::meta::Regex, String> {
    regex_automata::meta::Regex::builder()
        .configure(unprefiltered_config(regex_automata::MatchKind::LeftmostFirst).hybrid(lazy_dfa))
        .syntax(case_insensitive_syntax())
        .build(pattern)
        .map_err(|e| match e.syntax_error() {
            Some(syntax) => syntax.to_string(),
            None => e.to_string(),
        })
}

/// A rule's regex (a `regex` rule), which searches whole segments:
/// compiled as `regex::RegexBuilder` compiles a case-insensitive pattern,
/// literal prefilter included, but in a small run (`small_run`), where
/// extracting the literals of a case-insensitive pattern cost more than
/// they save over a few pages (three built-in patterns: 1.17 → 0.62 ms).
/// What matches is the same.
pub fn rule_regex(pattern: &str) -> Result<regex_automata::meta::Regex, String> {
    regex_automata::meta::Regex::builder()
        .configure(
            unprefiltered_config(regex_automata::MatchKind::LeftmostFirst)
                .auto_prefilter(!is_small_run()),
        )
        .syntax(case_insensitive_syntax())
        .build(pattern)
        .map_err(|e| e.to_string())
}

/// Case-insensitive, Unicode, UTF-8 syntax, as `(?i)` with `regex::Regex`.
pub fn case_insensitive_syntax() -> regex_automata::util::syntax::Config {
    regex_automata::util::syntax::Config::new()
        .case_insensitive(true)
        .utf8(true)
}

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

/// Holds a file generated from the pack (`relative` to the crate) to
/// `wanted`, what the pack makes of it now: if it differs, writes it anew
/// and fails, so the new file is seen and committed. Until then runs do not
/// use it (its header names the pack it was made from).
#[cfg(test)]
pub(crate) fn keep_generated(relative: &str, wanted: &[u8]) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::fs::read(&path).ok().as_deref() != Some(wanted) {
        std::fs::write(&path, wanted).unwrap_or_else(|e| panic!("writes {relative}: {e}"));
        panic!(
            "{relative} was out of date with rules/ and has been rewritten: run the tests \
             again and commit it"
        );
    }
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
