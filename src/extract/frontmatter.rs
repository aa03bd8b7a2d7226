//! Front matter (YAML between `---`, TOML between `+++`): every string
//! value whose key `keys` calls prose, at any depth and in lists, as
//! segments with exact spans. YAML block scalars are read as Markdown.
//! Front matter that does not parse is read the old way, line by line
//! (`title` and `description` only): the site generator reports it, not
//! fogcheck. Also home of the TOML walk shared with data files.

use super::keys::{KeyRules, Part};
use super::scalar::{Quoting, StringSource};
use super::{Segment, SegmentBuilder, SegmentKind};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// Keys whose top-level value names or sums up the page: a title, read as
/// such by the judge (`SegmentKind::FrontMatter`).
const PAGE_KEYS: [&str; 6] = [
    "title",
    "description",
    "summary",
    "subtitle",
    "tagline",
    "excerpt",
];
/// Keys whose nested value heads a section.
const HEADING_KEYS: [&str; 3] = ["title", "heading", "subtitle"];

fn kind_for(path: &[Part]) -> SegmentKind {
    let Some(Part::Key(key)) = path.iter().rev().find(|p| matches!(p, Part::Key(_))) else {
        return SegmentKind::Paragraph;
    };
    let key = key.to_ascii_lowercase();
    if path.len() == 1 && PAGE_KEYS.contains(&key.as_str()) {
        SegmentKind::FrontMatter
    } else if HEADING_KEYS.contains(&key.as_str()) {
        SegmentKind::Heading
    } else {
        SegmentKind::Paragraph
    }
}

/// The prose of the front matter block `range` of `body` (which is at
/// `base` in the file, templates blanked, `opaque` the blanked spans);
/// `None` when it does not parse.
pub(super) fn extract(
    body: &str,
    base: usize,
    range: Range<usize>,
    toml: bool,
    opaque: &[Range<usize>],
    keys: &KeyRules,
) -> Option<Vec<Segment>> {
    let block = &body[range.clone()];
    let mut segments = Vec::new();
    if toml {
        let strings = toml_strings(block).ok()?;
        for s in strings.into_iter().filter(|s| keys.is_prose(&s.path)) {
            let mut b = SegmentBuilder::new();
            let span = s.inner.start + range.start..s.inner.end + range.start;
            StringSource {
                text: body,
                base,
                quoting: s.quoting,
                placeholders: true,
                opaque,
            }
            .push(&mut b, span);
            segments.extend(b.finish(kind_for(&s.path), None));
        }
    } else {
        let strings = super::yaml::strings(block).ok()?;
        for mut s in strings.into_iter().filter(|s| keys.is_prose(&s.path)) {
            s.span = s.span.start + range.start..s.span.end + range.start;
            let kind = kind_for(&s.path);
            segments.extend(super::yaml::segments_of(
                body, base, &s, kind, false, opaque, keys,
            ));
        }
    }
    Some(segments)
}

/// A TOML string value: its path, how it is quoted and the bytes between
/// the quotes.
#[derive(Debug)]
pub(super) struct TomlString {
    pub path: Vec<Part>,
    pub quoting: Quoting,
    pub inner: Range<usize>,
}

/// A TOML parse error: where and why.
#[derive(Debug)]
pub(super) struct TomlError {
    pub at: Option<Range<usize>>,
    pub message: String,
}

/// Every string value of the TOML document `text`, in source order.
pub(super) fn toml_strings(text: &str) -> Result<Vec<TomlString>, TomlError> {
    let table = DeTable::parse(text).map_err(|e| TomlError {
        at: e.span(),
        message: e.message().trim().to_string(),
    })?;
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk_table(text, table.get_ref(), &mut path, &mut out);
    out.sort_by_key(|s| s.inner.start);
    Ok(out)
}

fn walk_table(text: &str, table: &DeTable<'_>, path: &mut Vec<Part>, out: &mut Vec<TomlString>) {
    for (key, value) in table.iter() {
        path.push(Part::Key(key.get_ref().to_string()));
        walk_value(text, value.get_ref(), value.span(), path, out);
        path.pop();
    }
}

fn walk_value(
    text: &str,
    value: &DeValue<'_>,
    span: Range<usize>,
    path: &mut Vec<Part>,
    out: &mut Vec<TomlString>,
) {
    match value {
        DeValue::String(_) => {
            let raw = text.get(span.clone()).unwrap_or("");
            let (quoting, quote) = if raw.starts_with("\"\"\"") {
                (Quoting::Backslash, 3)
            } else if raw.starts_with("'''") {
                (Quoting::Raw, 3)
            } else if raw.starts_with('"') {
                (Quoting::Backslash, 1)
            } else if raw.starts_with('\'') {
                (Quoting::Raw, 1)
            } else {
                return;
            };
            if raw.len() >= 2 * quote {
                out.push(TomlString {
                    path: path.clone(),
                    quoting,
                    inner: span.start + quote..span.end - quote,
                });
            }
        }
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Part::Index(i));
                walk_value(text, item.get_ref(), item.span(), path, out);
                path.pop();
            }
        }
        DeValue::Table(table) => walk_table(text, table, path, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::keys::render;

    fn texts(block: &str, toml: bool) -> Vec<(String, SegmentKind)> {
        extract(block, 0, 0..block.len(), toml, &[], &KeyRules::default())
            .expect("parses")
            .into_iter()
            .map(|s| (s.text, s.kind))
            .collect()
    }

    #[test]
    fn yaml_sections_are_prose() {
        let block = "title: Home\nlayout: landing\nsections:\n  - heading: Why us\n    content: >-\n      We offer **expedited**\n      shipping.\n    image: hero.png\nfeatures:\n  - name: Free returns\n    icon: box\n";
        let got = texts(block, false);
        assert_eq!(
            got,
            [
                ("Home".to_string(), SegmentKind::FrontMatter),
                ("Why us".to_string(), SegmentKind::Heading),
                (
                    "We offer expedited shipping.".to_string(),
                    SegmentKind::Paragraph
                ),
                ("Free returns".to_string(), SegmentKind::Paragraph),
            ]
        );
    }

    #[test]
    fn toml_strings_keep_source_order_and_quoting() {
        let block = "title = \"Fast \\u00e9\"\n[hero]\ncta_text = 'Go now'\nbody = \"\"\"\nLine one\nline two\"\"\"\n";
        let strings = toml_strings(block).unwrap();
        let got: Vec<(String, &str)> = strings
            .iter()
            .map(|s| (render(&s.path), &block[s.inner.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                ("title".to_string(), "Fast \\u00e9"),
                ("hero.cta_text".to_string(), "Go now"),
                ("hero.body".to_string(), "\nLine one\nline two"),
            ]
        );
        let got = texts(block, true);
        assert_eq!(got[0].0, "Fast é");
        assert_eq!(got[2].0, "Line one line two");
    }

    #[test]
    fn broken_front_matter_is_none() {
        assert!(extract("a: [b\n", 0, 0..6, false, &[], &KeyRules::default()).is_none());
    }
}
