//! Inline suppressions: `fogcheck-disable`, `fogcheck-enable`,
//! `fogcheck-disable-next-line`, `fogcheck-disable-line` and
//! `fogcheck-disable-file` directives, written as HTML comments in Markdown
//! and HTML (`<!-- fogcheck-disable-next-line shipping -->`), as HTML or JSX
//! comments in MDX (`{/* fogcheck-disable-file */}`), as comment lines in
//! reStructuredText (`.. fogcheck-disable-next-line shipping`) and AsciiDoc
//! (`// fogcheck-disable-next-line shipping`) and as a
//! line of their own in plain text. Directives are found by scanning the source text in a
//! pass of their own (extraction is never changed; comments inside fenced
//! code blocks are skipped), and findings are filtered by span.
//! A directive that silences nothing is itself reported, as
//! `suppression/unused`, so stale ones get cleaned up; one that names a rule
//! or category the pack does not have is an error, with the closest name.

use crate::finding::Finding;
use crate::rule::{RuleId, RulePack, Severity};
use crate::selector::UNUSED_SUPPRESSION;
use crate::source::FileKind;
use crate::span::Span;
use std::ops::Range;
use std::sync::Arc;

/// The documentation of `suppression/unused`, shared by `--explain` and
/// the SARIF rule metadata.
pub const UNUSED_SUMMARY: &str = "An inline suppression that silences nothing";
pub const UNUSED_WHY: &str =
    "A stale fogcheck-disable comment hides future fog in copy that no longer needs it.";
pub const UNUSED_ROADSIGN: &str =
    "Remove the directive, or name only the rules it should silence where they still fire.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Disable,
    Enable,
    DisableNextLine,
    /// The line (or lines) holding the comment: `fog <!-- … -->`.
    DisableLine,
    /// The whole file, wherever the directive stands.
    DisableFile,
}

/// One directive found in the source.
#[derive(Debug, Clone)]
struct Directive {
    verb: Verb,
    /// Rule ids or categories; empty means every rule.
    selectors: Vec<String>,
    /// The directive itself (the whole comment, or the line's words).
    span: Span,
}

/// A suppression in force: the directive, the source bytes where it silences
/// findings, and which of its selectors silenced something.
#[derive(Debug)]
struct Suppression {
    directive: Directive,
    scope: Range<usize>,
    /// One flag per selector, or one for a directive naming no rule.
    used: Vec<bool>,
}

impl Suppression {
    /// The index of the selector that silences `rule`, if any.
    fn silences(&self, rule: &RuleId, at: usize) -> Option<usize> {
        if !self.scope.contains(&at) {
            return None;
        }
        if self.directive.selectors.is_empty() {
            return Some(0);
        }
        self.directive
            .selectors
            .iter()
            .position(|s| s == rule.as_str() || s == rule.category())
    }
}

/// Parses the words of a directive (`fogcheck-disable a, b`).
fn parse_directive(words: &str, span: Span) -> Option<Directive> {
    let rest = words.trim().strip_prefix("fogcheck-")?;
    let (verb_word, args) = rest
        .split_once(|c: char| c.is_whitespace())
        .unwrap_or((rest, ""));
    let verb = match verb_word {
        "disable" => Verb::Disable,
        "enable" => Verb::Enable,
        "disable-next-line" => Verb::DisableNextLine,
        "disable-line" => Verb::DisableLine,
        "disable-file" => Verb::DisableFile,
        _ => return None,
    };
    let selectors = args
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Some(Directive {
        verb,
        selectors,
        span,
    })
}

/// The byte ranges of fenced code blocks (``` or ~~~) in Markdown, where a
/// comment is an example, not a directive. An unclosed fence runs to the end.
fn fenced_blocks(text: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, char, usize)> = None;
    let mut offset = 0;
    for line in crate::span::lines_inclusive(text) {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = line.trim_start_matches(' ');
        let fence_char = body.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = fence_char.map_or(0, |c| body.len() - body.trim_start_matches(c).len());
        if indent <= 3 && run >= 3 {
            let c = fence_char.unwrap_or('`');
            match open {
                None => open = Some((offset, c, run)),
                Some((start, open_char, open_run))
                    if c == open_char && run >= open_run && body[run..].trim().is_empty() =>
                {
                    blocks.push(start..offset + line.len());
                    open = None;
                }
                Some(_) => {}
            }
        }
        offset += line.len();
    }
    if let Some((start, _, _)) = open {
        blocks.push(start..text.len());
    }
    blocks
}

/// Every directive in `text`, in source order.
fn find_directives(text: &str, kind: FileKind) -> Vec<Directive> {
    // Every directive's words start `fogcheck-` (`parse_directive`): most
    // files hold none, and one memchr search over them says so.
    if memchr::memmem::find(text.as_bytes(), b"fogcheck-").is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    if let Some(prefix) = comment_line_prefix(kind) {
        let mut offset = 0;
        for line in crate::span::lines_inclusive(text) {
            let trimmed = line.trim();
            if let Some(words) = trimmed.strip_prefix(prefix) {
                if words.starts_with(char::is_whitespace) || prefix.is_empty() {
                    let start = offset + (line.len() - line.trim_start().len());
                    let span = Span::new(start, start + trimmed.len());
                    found.extend(parse_directive(words, span));
                }
            }
            offset += line.len();
        }
        return found;
    }
    if matches!(kind, FileKind::Yaml | FileKind::Toml | FileKind::Fluent) {
        return hash_comments(text).collect();
    }
    if kind == FileKind::Json {
        // JSON has no comments.
        return found;
    }
    // Found only once a comment needs them: most pages have none.
    let fences = std::cell::OnceCell::new();
    let in_fence = |at: usize| {
        fences
            .get_or_init(|| {
                if matches!(kind, FileKind::Markdown | FileKind::Mdx) {
                    fenced_blocks(text)
                } else {
                    Vec::new()
                }
            })
            .iter()
            .any(|f: &Range<usize>| f.contains(&at))
    };
    let find = |needle: &str, from: usize| {
        memchr::memmem::find(&text.as_bytes()[from..], needle.as_bytes()).map(|i| i + from)
    };
    let mut from = 0;
    while let Some(open) = find("<!--", from) {
        let inner_start = open + 4;
        let Some(close) = find("-->", inner_start) else {
            break;
        };
        from = close + 3;
        if in_fence(open) {
            continue;
        }
        found.extend(parse_directive(
            &text[inner_start..close],
            Span::new(open, close + 3),
        ));
    }
    if matches!(kind, FileKind::Markdown | FileKind::Mdx) {
        // `#` comments in YAML or TOML front matter.
        if let Some(block) = front_matter(text) {
            found.extend(hash_comments(&text[block.clone()]).map(|mut d| {
                d.span = Span::new(d.span.start() + block.start, d.span.end() + block.start);
                d
            }));
            found.sort_by_key(|d| d.span);
        }
    }
    if kind == FileKind::Mdx {
        found.extend(
            jsx_comments(text)
                .filter(|(span, _)| !in_fence(span.start()))
                .filter_map(|(span, inner)| parse_directive(&text[inner], span)),
        );
        found.sort_by_key(|d| d.span);
    }
    found
}

/// The directives in `#` comments (YAML, TOML, Fluent): a comment line
/// (`# fogcheck-disable-next-line shipping`) or a comment after a value,
/// `#` after a space (`title: Fast # fogcheck-disable-line`). The
/// directive runs to the end of its line.
fn hash_comments(text: &str) -> impl Iterator<Item = Directive> + '_ {
    let mut offset = 0;
    crate::span::lines_inclusive(text).filter_map(move |line| {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let hash = content.match_indices('#').map(|(i, _)| i).find(|&i| {
            let before = &content[..i];
            (before.trim().is_empty() || before.ends_with([' ', '\t']))
                && content[i..]
                    .trim_start_matches('#')
                    .trim_start()
                    .starts_with("fogcheck-")
        })?;
        let words = content[hash..].trim_start_matches('#');
        parse_directive(words, Span::new(start + hash, start + content.len()))
    })
}

/// The lines between the `---` (or `+++`) lines that open a Markdown file
/// and close its front matter.
fn front_matter(text: &str) -> Option<Range<usize>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.len() - body.len();
    let fence = ["---", "+++"].into_iter().find(|f| {
        body.strip_prefix(f)
            .is_some_and(|rest| rest.starts_with(['\n', '\r']))
    })?;
    let mut at = start + crate::span::line_end(body, 0);
    let open = at;
    while at < text.len() {
        let end = crate::span::line_end(text, at);
        if text[at..end].trim_end() == fence {
            return Some(open..at);
        }
        at = end;
    }
    None
}

/// The prefix of a comment line in formats whose directives are lines of
/// their own: none in plain text, `..` in reStructuredText, `//` in
/// AsciiDoc.
fn comment_line_prefix(kind: FileKind) -> Option<&'static str> {
    match kind {
        FileKind::Text => Some(""),
        FileKind::Rst => Some(".."),
        FileKind::AsciiDoc => Some("//"),
        // `#` comments (YAML, TOML, Fluent) are read by `hash_comments`;
        // JSON has none.
        FileKind::Markdown
        | FileKind::Mdx
        | FileKind::Html
        | FileKind::Template
        | FileKind::Yaml
        | FileKind::Json
        | FileKind::Toml
        | FileKind::Fluent => None,
    }
}

/// MDX's comments, `{/* … */}` (spaces allowed between the braces and the
/// comment): the span of each, and the range of the words inside.
fn jsx_comments(text: &str) -> impl Iterator<Item = (Span, Range<usize>)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(open) = text[from..].find('{').map(|i| i + from) {
            from = open + 1;
            let after = text[open + 1..].trim_start();
            if !after.starts_with("/*") {
                continue;
            }
            let inner_start = text.len() - after.len() + 2;
            let close = text[inner_start..].find("*/").map(|i| i + inner_start)?;
            let rest = text[close + 2..].trim_start();
            if !rest.starts_with('}') {
                from = close + 2;
                continue;
            }
            let end = text.len() - rest.len() + 1;
            from = end;
            return Some((Span::new(open, end), inner_start..close));
        }
        None
    })
}

/// Where the line holding byte `offset` starts.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The first non-blank line after the line holding `offset`.
fn next_line(text: &str, offset: usize) -> Range<usize> {
    let mut start = crate::span::line_end(text, offset);
    while start < text.len() {
        let end = crate::span::line_end(text, start);
        if !text[start..end].trim().is_empty() {
            return start..end;
        }
        start = end;
    }
    text.len()..text.len()
}

/// Turns directives into suppressions with their scopes: a disable runs to
/// the enable that closes it (one naming no rule closes every open disable;
/// one naming rules closes the disables that name any of them) or to the end.
fn suppressions(text: &str, directives: Vec<Directive>) -> Vec<Suppression> {
    let mut done = Vec::new();
    let mut open: Vec<Suppression> = Vec::new();
    for directive in directives {
        let used = vec![false; directive.selectors.len().max(1)];
        match directive.verb {
            Verb::DisableNextLine => done.push(Suppression {
                scope: next_line(text, directive.span.end()),
                directive,
                used,
            }),
            Verb::DisableLine => done.push(Suppression {
                scope: line_start(text, directive.span.start())
                    ..crate::span::line_end(text, directive.span.end()),
                directive,
                used,
            }),
            Verb::DisableFile => done.push(Suppression {
                scope: 0..text.len(),
                directive,
                used,
            }),
            Verb::Disable => open.push(Suppression {
                scope: directive.span.end()..text.len(),
                directive,
                used,
            }),
            Verb::Enable => {
                let (closed, still_open): (Vec<_>, Vec<_>) =
                    open.into_iter().partition(|s: &Suppression| {
                        directive.selectors.is_empty()
                            || s.directive
                                .selectors
                                .iter()
                                .any(|name| directive.selectors.contains(name))
                    });
                open = still_open;
                for mut suppression in closed {
                    suppression.scope.end = directive.span.start();
                    done.push(suppression);
                }
            }
        }
    }
    done.extend(open);
    done
}

/// A directive that cannot be used: at `span` (the comment), saying why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveError {
    pub span: Span,
    pub message: String,
}

/// What `apply` kept, and the directives it could not use.
#[derive(Debug, Default)]
pub struct Suppressed {
    pub findings: Vec<Finding>,
    pub errors: Vec<DirectiveError>,
}

/// Drops from each directive the names `pack` does not know, with an error
/// for each (naming the closest known one); a directive left naming nothing
/// it knows is dropped whole, never widened to every rule.
fn validate(
    directives: Vec<Directive>,
    kind: FileKind,
    pack: &RulePack,
    errors: &mut Vec<DirectiveError>,
) -> Vec<Directive> {
    let mut valid = Vec::new();
    for mut directive in directives {
        let line_only = match kind {
            FileKind::Text => Some("plain text has none"),
            FileKind::Rst => Some("a reStructuredText comment is a line of its own"),
            FileKind::AsciiDoc => Some("an AsciiDoc comment is a line of its own"),
            _ => None,
        };
        if let (Some(why), Verb::DisableLine) = (line_only, directive.verb) {
            errors.push(DirectiveError {
                span: directive.span,
                message: format!(
                    "`fogcheck-disable-line` needs a comment after the text, and {why}; put \
                     `fogcheck-disable-next-line` on the line before"
                ),
            });
            continue;
        }
        let named = directive.selectors.len();
        directive.selectors.retain(|selector| {
            if crate::selector::is_known(pack, selector) {
                return true;
            }
            let mut message =
                format!("this suppression names an unknown rule or category `{selector}`");
            if let Some(near) = crate::selector::closest_known(pack, selector) {
                message.push_str(&format!("; did you mean `{near}`?"));
            }
            errors.push(DirectiveError {
                span: directive.span,
                message,
            });
            false
        });
        if named == 0 || !directive.selectors.is_empty() {
            valid.push(directive);
        }
    }
    valid
}

/// Removes the findings that inline directives silence, and adds a
/// `suppression/unused` finding (a warning) for each directive, or each rule
/// named in one, that silences nothing. Returns findings in source order,
/// and an error for each name in a directive that `pack` does not know.
pub fn apply(text: &str, kind: FileKind, findings: Vec<Finding>, pack: &RulePack) -> Suppressed {
    let directives = find_directives(text, kind);
    if directives.is_empty() {
        return Suppressed {
            findings,
            errors: Vec::new(),
        };
    }
    // Findings inside any directive, usable or not, are its own words.
    let directive_spans: Vec<Span> = directives.iter().map(|d| d.span).collect();
    let mut errors = Vec::new();
    let directives = validate(directives, kind, pack, &mut errors);
    let mut suppressions = suppressions(text, directives);
    let mut kept = Vec::new();
    for finding in findings {
        if directive_spans.iter().any(|d| d.overlaps(finding.span)) {
            continue;
        }
        let mut silenced = false;
        for suppression in &mut suppressions {
            if let Some(i) = suppression.silences(&finding.rule, finding.span.start()) {
                suppression.used[i] = true;
                silenced = true;
            }
        }
        if !silenced {
            kept.push(finding);
        }
    }
    for suppression in &suppressions {
        if let Some(finding) = unused_finding(text, suppression) {
            kept.push(finding);
        }
    }
    kept.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
    Suppressed {
        findings: kept,
        errors,
    }
}

/// Which of `rules` the inline directives of `text` silence at each byte
/// offset of `places`: for findings made after the file's own pass (the
/// ledger's, once every file is read). Directives the pack cannot use are
/// left out here; `apply` reports them.
pub fn silenced_at(
    text: &str,
    kind: FileKind,
    pack: &RulePack,
    rules: &[&'static str],
    places: &[usize],
) -> Vec<Vec<&'static str>> {
    let directives = find_directives(text, kind);
    if directives.is_empty() {
        return vec![Vec::new(); places.len()];
    }
    let directives = validate(directives, kind, pack, &mut Vec::new());
    let suppressions = suppressions(text, directives);
    let ids: Vec<RuleId> = rules
        .iter()
        .map(|r| {
            let (category, name) = r.split_once('/').unwrap_or((r, ""));
            RuleId::new(category, name)
        })
        .collect();
    places
        .iter()
        .map(|&at| {
            rules
                .iter()
                .zip(&ids)
                .filter(|(_, id)| suppressions.iter().any(|s| s.silences(id, at).is_some()))
                .map(|(rule, _)| *rule)
                .collect()
        })
        .collect()
}

fn unused_finding(text: &str, suppression: &Suppression) -> Option<Finding> {
    let directive = &suppression.directive;
    // A rule reported once every file is read may still need it.
    let unused: Vec<&str> = directive
        .selectors
        .iter()
        .zip(&suppression.used)
        .filter(|(s, used)| !**used && !crate::selector::names_late_rule(s))
        .map(|(s, _)| s.as_str())
        .collect();
    let message = if directive.selectors.is_empty() {
        if suppression.used[0] {
            return None;
        }
        "this suppression silences nothing; remove it".to_string()
    } else if unused.is_empty() {
        return None;
    } else if unused.len() == directive.selectors.len() {
        format!(
            "this suppression of `{}` silences nothing; remove it",
            unused.join("`, `")
        )
    } else {
        format!(
            "`{}` in this suppression silences nothing; remove {}",
            unused.join("`, `"),
            if unused.len() == 1 { "it" } else { "them" }
        )
    };
    let (category, name) = UNUSED_SUPPRESSION.split_once('/').unwrap_or(("", ""));
    Some(Finding {
        rule: RuleId::new(category, name),
        span: directive.span,
        matched: text[directive.span.range()].to_string(),
        severity: Severity::Warning,
        message,
        roadsign: Arc::from(UNUSED_ROADSIGN),
        in_prose: None,
        key_path: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_comments_in_front_matter_and_data_files() {
        let md = "---\ntitle: Fast\n# fogcheck-disable-next-line shipping\ndescription: x\n---\n# Heading\n";
        let found = find_directives(md, FileKind::Markdown);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &md[found[0].span.range()],
            "# fogcheck-disable-next-line shipping"
        );
        let yaml = "a: fast # fogcheck-disable-line\nb: 'x#fogcheck-disable-file'\n";
        let found = find_directives(yaml, FileKind::Yaml);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].verb, Verb::DisableLine);
        assert!(find_directives("{\"a\": \"# fogcheck-disable-file\"}", FileKind::Json).is_empty());
    }

    #[test]
    fn directives_in_fences_are_examples() {
        let text = "<!-- fogcheck-disable -->\n```md\n<!-- fogcheck-enable -->\n```\n";
        let found = find_directives(text, FileKind::Markdown);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].verb, Verb::Disable);
    }

    #[test]
    fn jsx_comments_allow_spaces_and_skip_other_braces() {
        let text = "{x} { /* a */ } {/*b*/}{/* c */ x}";
        let found: Vec<_> = jsx_comments(text)
            .map(|(span, inner)| (&text[span.range()], &text[inner]))
            .collect();
        assert_eq!(found, [("{ /* a */ }", " a "), ("{/*b*/}", "b")]);
    }

    #[test]
    fn line_start_finds_every_line_break() {
        let text = "a\nb\r\nc\rd";
        assert_eq!(line_start(text, 0), 0);
        assert_eq!(line_start(text, 2), 2);
        assert_eq!(line_start(text, 5), 5);
        assert_eq!(line_start(text, 7), 7);
    }

    #[test]
    fn next_line_skips_blank_lines() {
        let text = "<!-- x -->\n\n  \nthe line\nafter\n";
        let scope = next_line(text, 10);
        assert_eq!(&text[scope], "the line\n");
    }

    #[test]
    fn rst_directives_are_comment_lines() {
        let text = "Text.\n\n  .. fogcheck-disable-next-line a, b\n.. not a directive\n..fogcheck-disable x\n";
        let found = find_directives(text, FileKind::Rst);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].verb, Verb::DisableNextLine);
        assert_eq!(found[0].selectors, ["a", "b"]);
        assert_eq!(
            &text[found[0].span.range()],
            ".. fogcheck-disable-next-line a, b"
        );
        assert!(find_directives("<!-- fogcheck-disable -->", FileKind::Rst).is_empty());
    }

    #[test]
    fn selectors_split_on_spaces_and_commas() {
        let d = parse_directive(" fogcheck-disable a/b, c ", Span::new(0, 1)).expect("parses");
        assert_eq!(d.selectors, ["a/b", "c"]);
        assert!(parse_directive("fogcheck-disabled", Span::new(0, 1)).is_none());
    }
}
