//! Data and translation files (YAML, JSON, TOML), read only when opted into
//! by path: every string value is prose, one segment each (a YAML block
//! scalar is Markdown), carrying its key path. Keys are not prose, nor are
//! values under an `ignore-keys` key, nor values that are references (a
//! URL, a path, a colour). A file that does not parse is a problem at the
//! place the parser names.

use super::keys::{render, KeyRules, Part};
use super::scalar::{Quoting, StringSource};
use super::{Document, Segment, SegmentKind};
use crate::span::Span;
use std::ops::Range;
use std::sync::Arc;

/// True when a value is a reference, not copy: one word that is a URL, a
/// path, an e-mail address, a colour or an icon name's file.
fn is_reference(value: &str) -> bool {
    let v = value.trim();
    !v.contains(char::is_whitespace)
        && (v.contains("://")
            || v.starts_with(['/', '#', '.'])
            || v.starts_with("mailto:")
            || (v.contains('@') && v.contains('.'))
            || v.contains('/'))
}

fn problem(doc: &mut Document, base: usize, at: Range<usize>, message: String) {
    doc.problems
        .push((Span::new(base + at.start, base + at.end), message));
}

fn keep(doc: &mut Document, path: &[Part], segments: impl IntoIterator<Item = Segment>) {
    let key_path: Arc<str> = render(path).into();
    for mut segment in segments {
        segment.key_path = Some(Arc::clone(&key_path));
        doc.segments.push(segment);
    }
}

/// The bytes of the character at `at` (empty at the end): where a parse
/// error points.
fn char_at(body: &str, at: usize) -> Range<usize> {
    let end = body[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    at..end
}

/// The prose of a YAML data file.
pub(super) fn yaml(body: &str, base: usize, keys: &KeyRules) -> Document {
    let mut doc = Document::default();
    match super::yaml::strings(body) {
        Err(e) => problem(
            &mut doc,
            base,
            char_at(body, e.at),
            format!("not valid YAML: {}", e.message),
        ),
        Ok(strings) => {
            for s in strings {
                if keys.is_ignored(&s.path) || is_reference(&s.value) {
                    continue;
                }
                let segments = super::yaml::segments_of(
                    body,
                    base,
                    &s,
                    SegmentKind::Paragraph,
                    true,
                    &[],
                    keys,
                );
                keep(&mut doc, &s.path, segments);
            }
        }
    }
    doc
}

fn push_string(
    doc: &mut Document,
    body: &str,
    base: usize,
    path: &[Part],
    quoting: Quoting,
    inner: Range<usize>,
) {
    let segments = StringSource {
        text: body,
        base,
        quoting,
        placeholders: true,
        opaque: &[],
    }
    .segments(inner, SegmentKind::Paragraph);
    keep(doc, path, segments);
}

/// The prose of a JSON data or translation file.
pub(super) fn json(body: &str, base: usize, keys: &KeyRules) -> Document {
    let mut doc = Document::default();
    match super::json::strings(body) {
        Err(e) => problem(
            &mut doc,
            base,
            char_at(body, e.at),
            format!("not valid JSON: {}", e.message),
        ),
        Ok(strings) => {
            for s in strings {
                if keys.is_ignored(&s.path) || is_reference(&body[s.inner.clone()]) {
                    continue;
                }
                push_string(&mut doc, body, base, &s.path, Quoting::Backslash, s.inner);
            }
        }
    }
    doc
}

/// The prose of a TOML data file.
pub(super) fn toml(body: &str, base: usize, keys: &KeyRules) -> Document {
    let mut doc = Document::default();
    match super::frontmatter::toml_strings(body) {
        Err(e) => {
            let at = e.at.unwrap_or(0..0);
            problem(&mut doc, base, at, format!("not valid TOML: {}", e.message));
        }
        Ok(strings) => {
            for s in strings {
                if keys.is_ignored(&s.path) || is_reference(&body[s.inner.clone()]) {
                    continue;
                }
                push_string(&mut doc, body, base, &s.path, s.quoting, s.inner);
            }
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(doc: &Document) -> Vec<(String, String)> {
        doc.segments
            .iter()
            .map(|s| {
                (
                    s.key_path.as_deref().unwrap_or("").to_string(),
                    s.text.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn yaml_values_carry_key_paths() {
        let src = "pricing:\n  tiers:\n    - name: Pro\n      url: /pro\n      features: [\"Lightning fast\", 'Always on']\n";
        let doc = yaml(src, 0, &KeyRules::default());
        assert_eq!(
            shown(&doc),
            [
                ("pricing.tiers[0].name".into(), "Pro".into()),
                (
                    "pricing.tiers[0].features[0]".into(),
                    "Lightning fast".into()
                ),
                ("pricing.tiers[0].features[1]".into(), "Always on".into()),
            ]
        );
    }

    #[test]
    fn json_escapes_map_exactly() {
        let src = "{\"hero\": {\"title\": \"Caf\\u00e9 \\\"fast\\\" shipping\\nnow\"}}";
        let doc = json(src, 0, &KeyRules::default());
        let seg = &doc.segments[0];
        assert_eq!(seg.text, "Café \"fast\" shipping now");
        let at = seg.text.find("shipping").unwrap();
        assert_eq!(&src[seg.source_span(at..at + 8).range()], "shipping");
        assert_eq!(seg.key_path.as_deref(), Some("hero.title"));
    }

    #[test]
    fn broken_files_are_problems_at_a_place() {
        let doc = json("{\"a\": }", 3, &KeyRules::default());
        assert_eq!(doc.problems.len(), 1);
        assert_eq!(doc.problems[0].0, Span::new(9, 10));
        let doc = toml("a = \n", 0, &KeyRules::default());
        assert!(
            doc.problems[0].1.starts_with("not valid TOML"),
            "{:?}",
            doc.problems
        );
        let doc = yaml("a: [b\n", 0, &KeyRules::default());
        assert!(
            doc.problems[0].1.starts_with("not valid YAML"),
            "{:?}",
            doc.problems
        );
    }
}
