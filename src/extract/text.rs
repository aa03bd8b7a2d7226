//! Plain text to segments: a paragraph is a run of non-blank lines; line
//! breaks (`\n`, `\r\n` or a lone `\r`) inside it read as spaces.

use super::{Document, SegmentBuilder, SegmentKind};

pub(super) fn extract(body: &str, base: usize) -> Document {
    let mut doc = Document::default();
    let mut builder = SegmentBuilder::new();
    let mut offset = base;
    for line in crate::span::lines_inclusive(body) {
        if line.trim().is_empty() {
            doc.segments
                .extend(builder.finish(SegmentKind::Paragraph, None));
        } else {
            builder.push_source(line, offset);
        }
        offset += line.len();
    }
    doc.segments
        .extend(builder.finish(SegmentKind::Paragraph, None));
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate_paragraphs_and_wraps_join() {
        let src = "Fast\nshipping here.\n\n\nSecond one.\n";
        let doc = extract(src, 0);
        let texts: Vec<_> = doc.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, vec!["Fast shipping here.", "Second one."]);
        let span = doc.segments[0].source_span(0..13);
        assert_eq!(&src[span.range()], "Fast\nshipping");
    }
}
