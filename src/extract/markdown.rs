//! Markdown (CommonMark + GFM tables, footnotes, front matter) to segments,
//! using pulldown-cmark's source offsets. Code, URLs, comments and raw HTML
//! are not prose; front matter is not prose except its `title` and
//! `description` values.

use super::{Document, SegmentBuilder, SegmentKind};
use crate::span::Span;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

pub(super) fn extract(body: &str, base: usize) -> Document {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut walker = Walker {
        body,
        base,
        doc: Document::default(),
        builder: SegmentBuilder::new(),
        blocks: Vec::new(),
        skip_depth: 0,
        row: None,
        next_row: 0,
        metadata: None,
        links: Vec::new(),
    };
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        walker.event(event, range);
    }
    walker.flush();
    walker.doc
}

/// The block containers that decide a segment's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Heading,
    Item,
    TableCell,
    Image,
    Other,
}

struct Walker<'a> {
    body: &'a str,
    /// Offset of `body` in the file (a byte-order mark precedes it).
    base: usize,
    doc: Document,
    builder: SegmentBuilder,
    blocks: Vec<Block>,
    /// Inside code blocks, autolinks and HTML blocks nothing is prose.
    skip_depth: usize,
    row: Option<u32>,
    next_row: u32,
    /// The source range of the front matter block being read, if any.
    metadata: Option<Range<usize>>,
    /// Open links, innermost last: true for an autolink.
    links: Vec<bool>,
}

impl Walker<'_> {
    fn span(&self, range: &Range<usize>) -> Span {
        Span::new(self.base + range.start, self.base + range.end)
    }

    fn kind(&self) -> SegmentKind {
        let innermost = self
            .blocks
            .iter()
            .rev()
            .find(|b| **b != Block::Other)
            .copied();
        match innermost {
            Some(Block::Heading) => SegmentKind::Heading,
            Some(Block::Item) => SegmentKind::ListItem,
            Some(Block::TableCell) => SegmentKind::TableCell,
            Some(Block::Image) => SegmentKind::ImageAlt,
            _ => SegmentKind::Paragraph,
        }
    }

    fn flush(&mut self) {
        let (kind, row) = (self.kind(), self.row);
        if let Some(segment) = self.builder.finish(kind, row) {
            self.doc.segments.push(segment);
        }
    }

    fn open_block(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
    }

    fn close_block(&mut self) {
        self.flush();
        self.blocks.pop();
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(meta) = &mut self.metadata {
                    meta.start = meta.start.min(range.start);
                    meta.end = meta.end.max(range.end);
                } else if self.skip_depth == 0 {
                    self.push_text(&text, range);
                }
            }
            Event::Code(_) if self.skip_depth == 0 => {
                let span = self.span(&range);
                self.builder.push_opaque(span);
            }
            Event::SoftBreak | Event::HardBreak if self.skip_depth == 0 => {
                let span = self.span(&range);
                self.builder.push_break(span);
            }
            Event::FootnoteReference(_) if self.skip_depth == 0 => {
                // pulldown-cmark only emits a reference when its definition
                // exists, so the marker resolves.
                self.builder.push_anchor();
                let span = self.span(&range);
                self.builder.push_opaque(span);
            }
            Event::InlineHtml(html) if self.skip_depth == 0 && is_line_break_tag(&html) => {
                let span = self.span(&range);
                self.builder.push_break(span);
            }
            Event::Rule => self.flush(),
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str, range: Range<usize>) {
        if self.body.get(range.clone()) == Some(text) {
            self.builder.push_source(text, self.base + range.start);
        } else {
            let span = self.span(&range);
            self.builder.push_decoded(text, span);
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { .. } => self.open_block(Block::Heading),
            Tag::Item => self.open_block(Block::Item),
            Tag::TableCell => self.open_block(Block::TableCell),
            Tag::TableRow | Tag::TableHead => {
                self.flush();
                self.row = Some(self.next_row);
                self.next_row += 1;
            }
            Tag::Image { .. } => self.open_block(Block::Image),
            Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.open_block(Block::Other);
                self.skip_depth += 1;
            }
            Tag::MetadataBlock(_) => {
                self.flush();
                self.metadata = Some(range.end..range.start);
            }
            Tag::Link { link_type, .. } => {
                // An autolink's text is its URL, which is not prose.
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                if autolink {
                    self.skip_depth += 1;
                } else {
                    self.builder.push_anchor();
                }
                self.links.push(autolink);
            }
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {}
            Tag::Superscript | Tag::Subscript => {}
            _ => self.open_block(Block::Other),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::Image
            | TagEnd::Paragraph
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Table
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.close_block(),
            TagEnd::TableRow | TagEnd::TableHead => {
                self.flush();
                self.row = None;
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                self.skip_depth -= 1;
                self.close_block();
            }
            TagEnd::MetadataBlock(_) => {
                if let Some(range) = self.metadata.take() {
                    if range.start < range.end {
                        self.front_matter(range);
                    }
                }
            }
            // The end tag does not say the link type; the stack does.
            TagEnd::Link if self.links.pop() == Some(true) => self.skip_depth -= 1,
            _ => {}
        }
    }

    /// Reads `title` and `description` from a YAML or TOML front matter
    /// block; everything else in it is configuration, not prose.
    fn front_matter(&mut self, range: Range<usize>) {
        let block = &self.body[range.clone()];
        let mut offset = range.start;
        let mut lines = block.split_inclusive('\n').peekable();
        while let Some(line) = lines.next() {
            let line_start = offset;
            offset += line.len();
            let Some((value, value_start)) = front_matter_value(line) else {
                continue;
            };
            let value_start = line_start + value_start;
            if matches!(value.trim(), "|" | ">" | "|-" | ">-" | "") {
                // A block scalar: the indented lines that follow are the value.
                while let Some(next) = lines.peek() {
                    if !next.starts_with([' ', '\t']) {
                        break;
                    }
                    let next_start = offset;
                    offset += next.len();
                    self.builder.push_source(next, self.base + next_start);
                    lines.next();
                }
            } else {
                self.builder.push_source(value, self.base + value_start);
            }
            if let Some(segment) = self.builder.finish(SegmentKind::FrontMatter, None) {
                self.doc.segments.push(segment);
            }
        }
    }
}

/// Front matter keys whose values are marketing copy.
const PROSE_KEYS: [&str; 2] = ["title", "description"];

/// The value of a top-level `title`/`description` line (`key: value` or
/// `key = "value"`), unquoted, with its offset in the line.
fn front_matter_value(line: &str) -> Option<(&str, usize)> {
    let key = PROSE_KEYS.iter().find(|k| line.starts_with(**k))?;
    let rest = &line[key.len()..];
    let sep = rest.find(|c: char| !c.is_whitespace())?;
    if !matches!(rest.as_bytes()[sep], b':' | b'=') {
        return None;
    }
    let after = key.len() + sep + 1;
    let raw = &line[after..];
    let lead = raw.len() - raw.trim_start().len();
    let value = raw.trim();
    let mut start = after + lead;
    let mut value = value;
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            value = &value[1..value.len() - 1];
            start += 1;
            break;
        }
    }
    Some((value, start))
}

fn is_line_break_tag(html: &str) -> bool {
    let tag = html.trim_start_matches('<').trim_start_matches('/');
    tag.get(..2).is_some_and(|t| t.eq_ignore_ascii_case("br"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        extract(src, 0)
            .segments
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn emphasis_and_soft_break_join_a_phrase() {
        let src = "We offer *expedited*\nshipping today.\n";
        let doc = extract(src, 0);
        assert_eq!(doc.segments[0].text, "We offer expedited shipping today.");
        let seg = &doc.segments[0];
        let start = seg.text.find("expedited").unwrap();
        let span = seg.source_span(start..start + "expedited shipping".len());
        assert_eq!(&src[span.range()], "expedited*\nshipping");
    }

    #[test]
    fn code_urls_and_html_are_not_prose() {
        let src = "Text `fast shipping` here <https://fast.example> <!-- fast -->\n\n```\nfast shipping\n```\n\n<div>\nfast shipping\n</div>\n";
        assert_eq!(texts(src), vec!["Text \u{fffc} here"]);
    }

    #[test]
    fn front_matter_keeps_only_title_and_description() {
        let src = "---\ntitle: \"Fast shipping\"\nlayout: fast shipping\ndescription: We ship soon.\n---\n\nBody.\n";
        assert_eq!(texts(src), vec!["Fast shipping", "We ship soon.", "Body."]);
        let doc = extract(src, 0);
        let span = doc.segments[0].source_span(0..4);
        assert_eq!(&src[span.range()], "Fast");
    }

    #[test]
    fn table_cells_are_segments_of_one_row() {
        let src = "| a | b |\n|---|---|\n| fast | 2 days |\n";
        let doc = extract(src, 0);
        let cells: Vec<_> = doc
            .segments
            .iter()
            .map(|s| (s.text.as_str(), s.row))
            .collect();
        assert_eq!(
            cells,
            vec![
                ("a", Some(0)),
                ("b", Some(0)),
                ("fast", Some(1)),
                ("2 days", Some(1))
            ]
        );
    }

    #[test]
    fn list_items_headings_and_alt_text() {
        let src = "# Title\n\n- one\n- two ![alt words](x.png) end\n";
        assert_eq!(texts(src), vec!["Title", "one", "two", "alt words", "end"]);
    }

    #[test]
    fn entities_decode_and_map_to_their_bytes() {
        let src = "Tom &amp; Jerry\n";
        let doc = extract(src, 0);
        assert_eq!(doc.segments[0].text, "Tom & Jerry");
        assert_eq!(&src[doc.segments[0].source_span(4..5).range()], "&amp;");
    }
}
