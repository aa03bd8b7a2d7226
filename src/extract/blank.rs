//! Pre-passes that hide non-prose syntax from the format extractors without
//! moving a byte: template markup (`{{ … }}`, `{% … %}`, `{# … #}`,
//! `<% … %>`) and MDX's ESM lines and `{…}` expressions are overwritten with
//! spaces (newlines kept), so every offset in the blanked copy is an offset
//! into the file. Extractors parse the blanked copy and only ever emit
//! non-whitespace bytes as verbatim text, which the blanking never produced,
//! so verbatim pieces still equal the original bytes. Inline blanked spans
//! are also returned as opaque ranges: no phrase may cross them.

use std::borrow::Cow;
use std::ops::Range;

/// A copy of some text with non-prose spans overwritten by spaces.
#[derive(Debug)]
pub(super) struct Blanked<'a> {
    /// Same length as the input, same bytes outside the blanked spans; the
    /// input itself when nothing was blanked (most files: no copy).
    pub text: Cow<'a, str>,
    /// Blanked spans that stand inside running text (an expression, a
    /// template tag), sorted and disjoint, as offsets into the input.
    pub opaque: Vec<Range<usize>>,
}

fn blank<'a>(src: &'a str, spans: &[Range<usize>]) -> Cow<'a, str> {
    if spans.is_empty() {
        return Cow::Borrowed(src);
    }
    let mut bytes = src.as_bytes().to_vec();
    for span in spans {
        for b in &mut bytes[span.clone()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Spans start and end on ASCII delimiters, so whole characters were
    // replaced by ASCII spaces and the bytes stay valid UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| src.to_owned()))
}

/// Template delimiters common in site sources (Liquid, Jinja, Handlebars,
/// ERB/EJS), opener and closer.
const TEMPLATE_DELIMITERS: [(&str, &str); 4] =
    [("{{", "}}"), ("{%", "%}"), ("{#", "#}"), ("<%", "%>")];

/// The template markup spans of `src`, in order. Linear: a delimiter kind
/// whose closer is missing is never looked for again.
fn template_spans(src: &str) -> Vec<Range<usize>> {
    let bytes = src.as_bytes();
    let mut spans = Vec::new();
    let mut exhausted = [false; TEMPLATE_DELIMITERS.len()];
    let mut i = 0;
    while i + 1 < bytes.len() {
        // Every opener starts with `{` or `<`: jump to the next (SIMD).
        let Some(n) = memchr::memchr2(b'{', b'<', &bytes[i..bytes.len() - 1]) else {
            break;
        };
        i += n;
        let found = TEMPLATE_DELIMITERS
            .iter()
            .enumerate()
            .find(|(k, (open, _))| !exhausted[*k] && src[i..].starts_with(open));
        let Some((k, (open, close))) = found else {
            i += 1;
            continue;
        };
        match memchr::memmem::find(&bytes[i + open.len()..], close.as_bytes()) {
            Some(at) => {
                let mut end = i + open.len() + at + close.len();
                // Handlebars' triple braces `{{{ raw }}}`.
                while *open == "{{" && bytes.get(end) == Some(&b'}') {
                    end += 1;
                }
                spans.push(i..end);
                i = end;
            }
            None => {
                exhausted[k] = true;
                i += 1;
            }
        }
    }
    spans
}

/// Blanks template markup (HTML and Markdown sources).
pub(super) fn templates(src: &str) -> Blanked<'_> {
    let spans = template_spans(src);
    Blanked {
        text: blank(src, &spans),
        opaque: spans,
    }
}

/// Blanks template markup and PHP blocks (template files: `.php`, `.erb`,
/// `.njk`, …). PHP blocks go first, so a `{{` inside PHP code is PHP's.
pub(super) fn server_templates(src: &str) -> Blanked<'_> {
    let php = php_spans(src);
    if php.is_empty() {
        return templates(src);
    }
    let without_php = blank(src, &php);
    let mut spans = php;
    spans.extend(template_spans(&without_php));
    spans.sort_by_key(|r| r.start);
    // A template tag may enclose a PHP block (`{{ <?= $x ?> }}`): merge
    // so the opaque ranges stay disjoint.
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    Blanked {
        text: blank(src, &merged),
        opaque: merged,
    }
}

/// The PHP blocks of `src`: `<?php … ?>` (any case) and `<?= … ?>`. A
/// `?>` inside a PHP string or block comment does not close the block (a
/// `//` or `#` comment ends at the line or at `?>`, as in PHP); a block
/// never closed runs to the end of the file, which PHP allows. Linear.
fn php_spans(src: &str) -> Vec<Range<usize>> {
    let bytes = src.as_bytes();
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(at) = src[from..].find("<?").map(|n| n + from) {
        let rest = &bytes[at + 2..];
        let open_len = if rest.starts_with(b"=") {
            3
        } else if rest.len() >= 3
            && rest[..3].eq_ignore_ascii_case(b"php")
            && rest.get(3).is_none_or(|b| b.is_ascii_whitespace())
        {
            5
        } else {
            from = at + 2;
            continue;
        };
        let end = php_block_end(bytes, at + open_len);
        spans.push(at..end);
        from = end;
    }
    spans
}

/// The end (exclusive) of the PHP code starting at `i`: just past its `?>`,
/// or the end of the input.
fn php_block_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'?' if bytes.get(i + 1) == Some(&b'>') => return i + 2,
            quote @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = match bytes[i + 2..].windows(2).position(|w| w == b"*/") {
                    Some(n) => i + 2 + n + 2,
                    None => bytes.len(),
                };
            }
            b'#' | b'/' if bytes[i] == b'#' || bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    if bytes[i] == b'?' && bytes.get(i + 1) == Some(&b'>') {
                        return i + 2;
                    }
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Blanks MDX-only syntax: `import`/`export` blocks (from a line starting
/// with the keyword to the next blank line, as MDX reads them) and `{…}`
/// expressions with balanced braces, outside code fences and code spans.
pub(super) fn mdx(src: &str) -> Blanked<'_> {
    let bytes = src.as_bytes();
    let mut blanked = Vec::new();
    let mut opaque = Vec::new();
    let mut attr_values: Vec<Range<usize>> = Vec::new();
    // The open fence's character and length, while inside a fenced block.
    let mut fence: Option<(u8, usize)> = None;
    let mut expressions_closed = true;
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        if line_start {
            line_start = false;
            let line_end = src[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
            let line = &src[i..line_end];
            let trimmed = line.trim_start_matches(' ');
            let indent = line.len() - trimmed.len();
            let run = |c: u8| trimmed.bytes().take_while(|&b| b == c).count();
            if let Some((c, len)) = fence {
                if indent < 4 && run(c) >= len && trimmed[run(c)..].trim().is_empty() {
                    fence = None;
                }
                i = line_end;
                line_start = true;
                continue;
            }
            if indent < 4 {
                for c in [b'`', b'~'] {
                    if run(c) >= 3 {
                        fence = Some((c, run(c)));
                    }
                }
                if fence.is_some() {
                    i = line_end;
                    line_start = true;
                    continue;
                }
            }
            if line.starts_with("import ")
                || line.starts_with("export ")
                || line.starts_with("import{")
                || line.starts_with("export{")
            {
                let end = paragraph_end(src, i);
                blanked.push(i..end);
                i = end;
                line_start = true;
                continue;
            }
        }
        match bytes[i] {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'\\' => i += 2,
            b'`' => {
                // A code span: skip to the closing run of equal length on
                // the same line, if there is one.
                let len = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let line_end = src[i..].find('\n').map_or(bytes.len(), |n| i + n);
                let ticks = &src[i..i + len];
                let close = src[i + len..line_end].find(ticks).map(|n| i + len + n);
                i = close.map_or(i + len, |c| c + len);
            }
            b'{' if expressions_closed => match expression_end(bytes, i) {
                Some(end) => {
                    blanked.push(i..end);
                    let before = src[..i].trim_end_matches([' ', '\t']);
                    if before.ends_with('=') {
                        // A JSX attribute value: becomes `"   "`, so the tag
                        // still parses as HTML.
                        attr_values.push(i..end);
                    }
                    // Opaque either way: an `=` does not make a tag, and
                    // where the quotes end up in prose (`Total={n}`) they
                    // are an expression, not quotation marks the file has.
                    opaque.push(i..end);
                    line_start = bytes[end - 1] == b'\n';
                    i = end;
                }
                None => {
                    // Unbalanced to the end: no later `{` can close either,
                    // and scanning again would be quadratic.
                    expressions_closed = false;
                    i += 1;
                }
            },
            _ => i += 1,
        }
    }
    blanked.sort_by_key(|r| r.start);
    let mut text = blank(src, &blanked);
    if !attr_values.is_empty() {
        let mut bytes = text.into_owned().into_bytes();
        for r in &attr_values {
            bytes[r.start] = b'"';
            bytes[r.end - 1] = b'"';
        }
        // Only ASCII braces became ASCII quotes.
        text = Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| src.to_owned()));
    }
    Blanked { text, opaque }
}

/// The end of the paragraph that starts at `start`: the start of the next
/// blank line, or the end of the text.
fn paragraph_end(src: &str, start: usize) -> usize {
    let mut offset = start;
    for line in src[start..].split_inclusive('\n') {
        if offset > start && line.trim().is_empty() {
            return offset;
        }
        offset += line.len();
    }
    src.len()
}

/// The end (exclusive) of the balanced `{…}` expression opening at `open`,
/// skipping string literals and comments; `None` when it never closes.
fn expression_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            quote @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let rest = &bytes[i + 2..];
                let close = rest.windows(2).position(|w| w == b"*/")?;
                i += 2 + close + 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Markdown and MDX with lone `\r` line ends (old Mac files) are read as
/// if each lone `\r` were `\n`: pulldown-cmark does not take a lone `\r`
/// for a line end everywhere (a fenced code block's lines were read as
/// prose, a front matter block as a heading, its keys prose, and a page
/// "titled" with the fog then cleared every hit below), nor do the MDX
/// blanker's ESM lines. Both are line ends and the length is unchanged,
/// so every offset holds; only whitespace differs from the file.
pub(super) fn lone_cr_to_lf(body: &str) -> Cow<'_, str> {
    let bytes = body.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    // Most files have no `\r` at all: one fast search says so.
    if !body.contains('\r') || !(0..bytes.len()).any(lone) {
        return Cow::Borrowed(body);
    }
    let fixed: Vec<u8> = (0..bytes.len())
        .map(|i| if lone(i) { b'\n' } else { bytes[i] })
        .collect();
    // Only an ASCII byte changed for another, so the text is still UTF-8.
    Cow::Owned(String::from_utf8(fixed).expect("ASCII for ASCII keeps UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_markup_is_blanked_with_offsets_kept() {
        let src = "Hi {{ user.name }}, {% if x %}fast{% endif %} <%= y %> {# c #}.";
        let b = templates(src);
        assert_eq!(b.text.len(), src.len());
        assert!(b.text.starts_with("Hi ") && b.text.ends_with("."));
        assert!(b.text.contains(" fast "));
        assert!(!b.text.contains(['{', '}', '%', '<', '#']));
        assert_eq!(b.opaque.len(), 5);
        assert_eq!(&src[b.opaque[0].clone()], "{{ user.name }}");
    }

    #[test]
    fn unclosed_template_markup_is_left_alone_and_linear() {
        let src = "{{".repeat(50_000);
        let b = templates(&src);
        assert_eq!(b.text, src);
        assert!(b.opaque.is_empty());
    }

    #[test]
    fn php_blocks_are_blanked_with_strings_and_comments_read_as_php() {
        let src = "<p>Fast <?= $n ?> shipping</p><?php echo \"?> fast\"; // x ?>\n<b>b</b><?PHP /* ?> */ ?>";
        let b = server_templates(src);
        assert_eq!(b.text.len(), src.len());
        let opaque: Vec<&str> = b.opaque.iter().map(|r| &src[r.clone()]).collect();
        assert_eq!(
            opaque,
            [
                "<?= $n ?>",
                "<?php echo \"?> fast\"; // x ?>",
                "<?PHP /* ?> */ ?>"
            ]
        );
        assert!(b.text.contains("<b>b</b>"));
        assert!(!b.text.contains("echo"));
    }

    #[test]
    fn unclosed_php_runs_to_the_end_and_xml_declarations_stay() {
        let src = "<?xml version=\"1.0\"?><p>Hi</p>\n<?php\necho 'fast shipping';\n";
        let b = server_templates(src);
        assert_eq!(b.opaque.len(), 1);
        assert_eq!(b.opaque[0].end, src.len());
        assert!(b.text.starts_with("<?xml"));
        assert!(!b.text.contains("fast"));
        // `<?phpx` is not PHP's open tag; ERB and Liquid tags still blank.
        let b = server_templates("<?phpx a ?> <%= t %> {{ u }}");
        assert_eq!(b.opaque.len(), 2);
        // Nor is `<?php` before anything but whitespace (`<?php//`): what
        // follows stays text (the fuzzed `extract_template` input).
        let b = server_templates("<?php// fast shipping");
        assert!(b.opaque.is_empty());
        assert!(b.text.contains("fast shipping"));
    }

    #[test]
    fn php_and_template_tags_merge_when_they_nest() {
        let src = "{{ <?= $a ?> }} fast";
        let b = server_templates(src);
        assert_eq!(b.opaque.len(), 1);
        assert_eq!(b.opaque[0], 0..15);
    }

    #[test]
    fn unterminated_php_strings_are_linear() {
        let src = "<?php \"".repeat(50_000);
        let b = server_templates(&src);
        assert_eq!(b.opaque.len(), 1);
        assert_eq!(b.opaque[0], 0..src.len());
    }

    #[test]
    fn mdx_blanks_esm_and_expressions_but_not_code() {
        let src = "import X from './x'\nexport const a = {\n  b: 1,\n}\n\nFast {props.n} shipping.\n\n```js\nconst y = {fast: 1}\n```\n\nUse `{a}` here.\n";
        let b = mdx(src);
        assert_eq!(b.text.len(), src.len());
        assert!(!b.text.contains("import"));
        assert!(!b.text.contains("export"));
        assert!(!b.text.contains("props"));
        assert!(b.text.contains("const y = {fast: 1}"));
        assert!(b.text.contains("`{a}`"));
        assert_eq!(b.opaque.len(), 1);
        assert_eq!(&src[b.opaque[0].clone()], "{props.n}");
    }

    #[test]
    fn mdx_multiline_expression_keeps_newlines() {
        let src = "A {\n  x ? '}' : y\n} B\n";
        let b = mdx(src);
        assert_eq!(b.text, "A  \n             \n  B\n");
    }

    #[test]
    fn mdx_unbalanced_brace_is_linear() {
        let src = "{".repeat(100_000);
        let b = mdx(&src);
        assert_eq!(b.text, src);
    }
}
