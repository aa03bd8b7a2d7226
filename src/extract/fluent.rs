//! Fluent translation files (`.ftl`): each message's and term's value and
//! each attribute is a segment, keyed `message`, `message.attribute`; the
//! variants of a select expression (`{ $n -> [one] … *[other] … }`) are
//! segments of their own, keyed `message[one]`. Placeables (`{ $count }`,
//! `{ -brand }`) are opaque; comments (`#`) and identifiers are not prose.
//! A small forward-only scanner: the `fluent-syntax` crate gives no source
//! positions. Lines that are not an entry (junk) are skipped, as Fluent
//! itself does.

use super::keys::KeyRules;
use super::{Document, SegmentBuilder, SegmentKind};
use crate::span::Span;
use std::ops::Range;
use std::sync::Arc;

/// How deep select expressions may nest before the rest reads as opaque.
const MAX_DEPTH: usize = 8;

struct Reader<'a> {
    text: &'a str,
    base: usize,
    doc: Document,
    keys: &'a KeyRules,
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The length of the placeable `{…}` at the start of `s`, string literals
/// inside skipped, if it closes.
fn placeable(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where `->` stands in a placeable's inside, outside nested placeables and
/// string literals.
fn select_arrow(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        match bytes[i] {
            b'{' | b'[' | b'\n' => return None,
            b'"' => return None,
            b'-' if bytes[i + 1] == b'>' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

impl Reader<'_> {
    fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.base + r.start, self.base + r.end)
    }

    fn finish(&mut self, b: &mut SegmentBuilder, key: &str) {
        if let Some(mut segment) = b.finish(SegmentKind::Paragraph, None) {
            segment.key_path = Some(Arc::from(key));
            self.doc.segments.push(segment);
        }
    }

    /// The pattern `range` as segments keyed `key`.
    fn pattern(&mut self, range: Range<usize>, key: &str, depth: usize) {
        let mut b = SegmentBuilder::new();
        let mut i = range.start;
        let mut run = range.start;
        while i < range.end {
            if self.text.as_bytes()[i] == b'<' {
                // Inline HTML, as in the other data formats.
                if let Some((breaks, len)) = super::scalar::html_tag(&self.text[i..range.end]) {
                    b.push_source(&self.text[run..i], self.base + run);
                    if breaks {
                        b.push_break(self.span(i..i + len));
                    }
                    i += len;
                    run = i;
                    continue;
                }
            }
            if self.text.as_bytes()[i] != b'{' {
                i += 1;
                continue;
            }
            let Some(len) = placeable(&self.text[i..range.end]) else {
                break;
            };
            b.push_source(&self.text[run..i], self.base + run);
            let inner = i + 1..i + len - 1;
            match select_arrow(&self.text[inner.clone()]) {
                Some(arrow) if depth < MAX_DEPTH => {
                    // The text before and after the select expression, and
                    // each variant, are segments of their own.
                    b.push_opaque(self.span(i..inner.start + arrow + 2));
                    self.finish(&mut b, key);
                    self.variants(inner.start + arrow + 2..inner.end, key, depth + 1);
                }
                // A placeable ends the segment: no phrase reads across it.
                _ => self.finish(&mut b, key),
            }
            i += len;
            run = i;
        }
        b.push_source(&self.text[run..range.end], self.base + run);
        self.finish(&mut b, key);
    }

    /// The variants `[key] pattern` and `*[key] pattern` of a select
    /// expression, each keyed `key[variant]`.
    fn variants(&mut self, range: Range<usize>, key: &str, depth: usize) {
        let text = self.text;
        let mut starts = Vec::new();
        let mut i = range.start;
        let mut line_start = true;
        while i < range.end {
            let b = text.as_bytes()[i];
            if b == b'{' {
                i += placeable(&text[i..range.end]).unwrap_or(range.end - i);
                line_start = false;
                continue;
            }
            if line_start && !b.is_ascii_whitespace() {
                if b == b'[' || (b == b'*' && text[i + 1..range.end].starts_with('[')) {
                    starts.push(i);
                }
                line_start = false;
            }
            if b == b'\n' {
                line_start = true;
            }
            i += 1;
        }
        // The first variant may stand on the arrow's line.
        if let Some(first) = text[range.clone()]
            .find(['[', '*'])
            .map(|n| range.start + n)
        {
            if starts.first() != Some(&first) && text[range.start..first].trim().is_empty() {
                starts.insert(0, first);
            }
        }
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(range.end);
            let Some(close) = text[start..end].find(']').map(|c| start + c) else {
                continue;
            };
            let open = text[start..close].find('[').map_or(start, |o| start + o);
            let name = text[open + 1..close].trim();
            self.pattern(close + 1..end, &format!("{key}[{name}]"), depth);
        }
    }

    /// One entry: `id = pattern` plus its indented lines (`lines`), its
    /// attributes split off.
    fn entry(&mut self, id: &str, value_start: usize, end: usize) {
        let text = self.text;
        // Attribute lines: an indented `.name =` outside placeables.
        let mut parts: Vec<(String, usize, usize)> = Vec::new();
        let mut current = (id.to_string(), value_start);
        let mut i = value_start;
        while i < end {
            let b = text.as_bytes()[i];
            if b == b'{' {
                i += placeable(&text[i..end]).unwrap_or(end - i);
                continue;
            }
            if b == b'\n' {
                let line = &text[i + 1..end];
                let trimmed = line.trim_start_matches([' ', '\t']);
                if trimmed.starts_with('.') && line.len() > trimmed.len() {
                    let head = trimmed[1..].split('=').next().unwrap_or("");
                    if is_identifier(head.trim()) && trimmed[1..].contains('=') {
                        let attr_start = i + 1 + (line.len() - trimmed.len());
                        let eq = text[attr_start..end]
                            .find('=')
                            .map_or(end, |e| attr_start + e);
                        parts.push((current.0, current.1, i));
                        current = (format!("{id}.{}", head.trim()), eq + 1);
                        i = eq + 1;
                        continue;
                    }
                }
            }
            i += 1;
        }
        parts.push((current.0, current.1, end));
        for (key, start, end) in parts {
            if self.keys.is_ignored(&[super::keys::Part::Key(key.clone())]) {
                continue;
            }
            self.pattern(start..end, &key, 0);
        }
    }
}

/// The prose of a Fluent file.
pub(super) fn extract(body: &str, base: usize, keys: &KeyRules) -> Document {
    let mut reader = Reader {
        text: body,
        base,
        doc: Document::default(),
        keys,
    };
    let lines: Vec<Range<usize>> = {
        let mut at = 0;
        crate::span::lines_inclusive(body)
            .map(|l| {
                let r = at..at + l.len();
                at += l.len();
                r
            })
            .collect()
    };
    let mut n = 0;
    while n < lines.len() {
        let line = &body[lines[n].clone()];
        let head = line.strip_prefix('-').unwrap_or(line);
        let entry = head.split_once('=').and_then(|(id, _)| {
            let id = id.trim_end();
            (is_identifier(id) && !line.starts_with([' ', '\t'])).then_some(id)
        });
        n += 1;
        let Some(id) = entry else {
            continue;
        };
        let id = if line.starts_with('-') {
            format!("-{id}")
        } else {
            id.to_string()
        };
        let value_start = lines[n - 1].start + line.find('=').unwrap_or(0) + 1;
        // The entry runs on over indented and blank lines.
        let mut end = lines[n - 1].end;
        let mut last_text = end;
        while n < lines.len() {
            let next = &body[lines[n].clone()];
            if next.trim().is_empty() {
                end = lines[n].end;
                n += 1;
                continue;
            }
            // A select expression's `}` may close it at the line start.
            if !next.starts_with([' ', '\t', '}']) {
                break;
            }
            end = lines[n].end;
            last_text = end;
            n += 1;
        }
        let _ = end;
        reader.entry(&id, value_start, last_text);
    }
    reader.doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::OPAQUE;

    fn shown(src: &str) -> Vec<(String, String)> {
        extract(src, 0, &KeyRules::default())
            .segments
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
    fn messages_attributes_and_variants() {
        let src = "# Shop\n-brand = Acme\nhero = Fast { $count } shipping\n    on every order\n    .title = Instant help\nitems = { $n ->\n    [one] One lightning fast item\n   *[other] { $n } items, fast\n}\n";
        let o = OPAQUE;
        assert_eq!(
            shown(src),
            [
                ("-brand".into(), "Acme".into()),
                ("hero".into(), "Fast".into()),
                ("hero".into(), "shipping on every order".into()),
                ("hero.title".into(), "Instant help".into()),
                ("items".into(), o.to_string()),
                ("items[one]".into(), "One lightning fast item".into()),
                ("items[other]".into(), "items, fast".into()),
            ]
            .into_iter()
            .filter(|(_, t): &(String, String)| t != &o.to_string())
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn inline_html_is_markup() {
        let src = "hero = Get <strong>expedited</strong> <vpn-logo/>shipping<br>today\n";
        let doc = extract(src, 0, &KeyRules::default());
        assert_eq!(doc.segments[0].text, "Get expedited shipping today");
        let seg = &doc.segments[0];
        let at = seg.text.find("expedited").unwrap();
        assert_eq!(&src[seg.source_span(at..at + 9).range()], "expedited");
    }

    #[test]
    fn spans_are_exact() {
        let src = "cta = Get { $n } instant\n   access now\n";
        let doc = extract(src, 0, &KeyRules::default());
        assert_eq!(doc.segments[0].text, "Get");
        let seg = &doc.segments[1];
        let at = seg.text.find("instant").unwrap();
        let len = "instant access".len();
        assert_eq!(
            &src[seg.source_span(at..at + len).range()],
            "instant\n   access"
        );
    }
}
