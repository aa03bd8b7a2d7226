//! Property tests of the span invariant (ARCHITECTURE.md) on generated documents.
//!
//! Markdown, MDX, HTML, reStructuredText and AsciiDoc documents are
//! generated from small specs: front
//! matter, paragraphs, lists (nested and ordered), block quotes nested up to
//! three deep, tables, HTML blocks, JSX, headings, entities, template
//! markup, inline code, `\n`, `\r\n` or `\r` line ends, tabs, a byte-order
//! mark, multi-byte and combining characters and zero-width spaces. The fog
//! phrase "expedited shipping" is planted at known places, written with
//! markup inside it (emphasis, tags, entities, line breaks); it also stands
//! where it is not prose (code, comments, `<script>`, front matter keys).
//!
//! For every document: every planted phrase is found, by its rule, at
//! exactly the bytes planted (from the first letter to the last, markup
//! inside included), nothing else is found by that rule, and every mapped
//! piece of every segment decodes to what the segment says
//! (`extraction::invariant_violations`, plus the entities used here).
//!
//! 64 cases a run by default; `PROPTEST_CASES=2000 cargo test --test it
//! properties` runs more.

use crate::extraction::invariant_violations;
use fogcheck::check::Matcher;
use fogcheck::extract::extract;
use fogcheck::rule::{load_pack, RulePack};
use fogcheck::source::{FileKind, SourceFile};
use proptest::prelude::*;
use std::ops::Range;
use std::sync::OnceLock;

const RULE: &str = "shipping/expedited-shipping";

/// One way to write the phrase: `pre` markup, then `inner` (the bytes a
/// finding must cover exactly), then `post`. A `\n` in `inner` is a line
/// break: the document's line end plus the block's continuation prefix.
#[derive(Clone, Copy)]
struct Variant {
    pre: &'static str,
    inner: &'static str,
    post: &'static str,
}

const fn v(pre: &'static str, inner: &'static str, post: &'static str) -> Variant {
    Variant { pre, inner, post }
}

/// In Markdown and MDX running text.
const MD_VARIANTS: &[Variant] = &[
    v("", "expedited shipping", ""),
    v("", "Expedited Shipping", ""),
    v("", "expedited\tshipping", ""),
    v("", "expedited   shipping", ""),
    v("*", "expedited* shipping", ""),
    v("**", "expedited shipping", "**"),
    v("_", "expedited_ shipping", ""),
    v("[", "expedited shipping", "](https://example.com/terms)"),
    v("<b>", "expedited</b> shipping", ""),
    v("", "expedited&nbsp;shipping", ""),
    v("", "expedited\nshipping", ""),
    v("*", "expedited*\nshipping", ""),
    v("", "expedited  \nshipping", ""),
    v("", "expedited\\\nshipping", ""),
    v(
        "**[*",
        "expedited* shipping",
        "](https://example.com/terms)**",
    ),
    v("", "expedited&#x20;shipping", ""),
    v("***", "expedited*** ~~shipping", "~~"),
];

/// In HTML text (HTML files and HTML blocks in Markdown).
const HTML_VARIANTS: &[Variant] = &[
    v("", "expedited shipping", ""),
    v("", "Expedited Shipping", ""),
    v("<b>", "expedited</b> shipping", ""),
    v("<em>", "expedited</em>\nshipping", ""),
    v("", "expedited&nbsp;shipping", ""),
    v("", "expedited&#32;shipping", ""),
    v("<a href=\"/terms\">", "expedited shipping", "</a>"),
    v(
        "<span class=\"x\">",
        "expedited</span> <span>shipping",
        "</span>",
    ),
    v("", "expedited\n\tshipping", ""),
    v(
        "<b><i>",
        "expedited</i></b> <a href=\"/t\"><em>shipping",
        "</em></a>",
    ),
];

/// In an attribute value.
const ATTR_VARIANTS: &[Variant] = &[
    v("", "expedited shipping", ""),
    v("", "Expedited Shipping", ""),
    v("", "expedited&nbsp;shipping", ""),
    v("", "expedited\tshipping", ""),
];

/// In reStructuredText running text.
const RST_VARIANTS: &[Variant] = &[
    v("", "expedited shipping", ""),
    v("", "Expedited Shipping", ""),
    v("", "expedited\tshipping", ""),
    v("**", "expedited** shipping", ""),
    v("*", "expedited* shipping", ""),
    v("`", "expedited shipping", " <https://example.com/terms>`_"),
    v("`", "expedited shipping", "`_"),
    v("", "expedited\nshipping", ""),
    v("**", "expedited**\nshipping", ""),
    v(":strong:`", "expedited` shipping", ""),
    v("", "expedited\\ shipping", ""),
];

/// In AsciiDoc running text.
const ADOC_VARIANTS: &[Variant] = &[
    v("", "expedited shipping", ""),
    v("", "Expedited Shipping", ""),
    v("", "expedited\nshipping", ""),
    v("*", "expedited* shipping", ""),
    v("**", "expedited** shipping", ""),
    v("_", "expedited_ shipping", ""),
    v("#", "expedited# shipping", ""),
    v("link:https://example.com/terms[", "expedited shipping", "]"),
    v("https://example.com/t[", "expedited shipping", "]"),
    v("<<terms,", "expedited shipping", ">>"),
    v("*", "expedited*\nshipping", ""),
];

/// Words around the phrase: no speed or shipping word, no number, negation
/// or question, so nothing but the planted phrase is that rule's fog.
const COMMON_WORDS: &[&str] = &[
    "Our",
    "team",
    "writes",
    "café",
    "naïve",
    "cafe\u{301}",
    "日本語",
    "🎁",
    "zero\u{200b}width",
    "\u{200b}",
    "Ünïcödé",
    "garden",
    "bar\u{2019}s",
    "&amp;",
    "&rsquo;",
    "&eacute;",
    "&#233;",
    "ideas",
];
/// Only in Markdown and MDX text.
const MD_WORDS: &[&str] = &["`expedited shipping`", "<code>expedited shipping</code>"];
/// Only in Markdown and HTML (template markup; in MDX braces are code).
const TEMPLATE_WORDS: &[&str] = &["{{ name }}", "{% if a %}x{% endif %}"];
/// Only in MDX.
const MDX_WORDS: &[&str] = &["{props.name}"];
/// Only in reStructuredText.
const RST_WORDS: &[&str] = &[
    "``expedited shipping``",
    ":ref:`expedited-shipping`",
    "|expedited|",
    "[1]_",
];
/// Only in AsciiDoc.
const ADOC_WORDS: &[&str] = &[
    "`expedited shipping`",
    "{expedited}",
    "+expedited shipping+",
];
/// Only in HTML text.
const HTML_WORDS: &[&str] = &["<code>expedited shipping</code>", "<br>"];

/// What a sentence stands in: Markdown text, HTML text, an attribute value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Md,
    Html,
    Attr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Markdown,
    Mdx,
    Html,
    Rst,
    Adoc,
}

/// What the generator draws; `render` turns it into a document.
#[derive(Debug, Clone)]
struct Spec {
    lang: u8,
    eol: u8,
    bom: bool,
    front_matter: bool,
    blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
struct Block {
    shape: u8,
    depth: u8,
    words: Vec<u8>,
    /// The variant and the word it goes before.
    plant: Option<(u8, u8)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let block = (
        any::<u8>(),
        0u8..3,
        prop::collection::vec(any::<u8>(), 0..6),
        prop::option::weighted(0.8, (any::<u8>(), any::<u8>())),
    )
        .prop_map(|(shape, depth, words, plant)| Block {
            shape,
            depth,
            words,
            plant,
        });
    (
        0u8..5,
        0u8..3,
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(block, 1..8),
    )
        .prop_map(|(lang, eol, bom, front_matter, blocks)| Spec {
            lang,
            eol,
            bom,
            front_matter,
            blocks,
        })
}

/// A document being written, with the source ranges of what was planted.
struct Doc {
    lang: Lang,
    text: String,
    eol: &'static str,
    planted: Vec<Range<usize>>,
}

impl Doc {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push_str(self.eol);
    }

    fn words(&self, ctx: Ctx) -> Vec<&'static str> {
        let mut words = COMMON_WORDS.to_vec();
        if matches!(self.lang, Lang::Rst | Lang::Adoc) {
            // No entities: `&amp;` is text there.
            words.retain(|w| !w.starts_with('&'));
            words.extend(if self.lang == Lang::Rst {
                RST_WORDS
            } else {
                ADOC_WORDS
            });
            return words;
        }
        match (self.lang, ctx) {
            (_, Ctx::Attr) => {}
            (Lang::Html, _) => {
                words.extend(HTML_WORDS);
                words.extend(TEMPLATE_WORDS);
            }
            (_, Ctx::Html) => words.extend(HTML_WORDS),
            (Lang::Markdown, Ctx::Md) => {
                words.extend(MD_WORDS);
                words.extend(TEMPLATE_WORDS);
            }
            (Lang::Mdx, Ctx::Md) => {
                words.extend(MD_WORDS);
                words.extend(MDX_WORDS);
            }
            (Lang::Rst | Lang::Adoc, _) => {}
        }
        words
    }

    /// Writes a sentence of `block`'s words with its phrase planted, if any.
    /// `cont` follows every line break inside the sentence.
    fn sentence(&mut self, block: &Block, variants: &[Variant], ctx: Ctx, cont: &str) {
        let words = self.words(ctx);
        let plant = block.plant.map(|(variant, at)| {
            let at = usize::from(at) % (block.words.len() + 1);
            (&variants[usize::from(variant) % variants.len()], at)
        });
        self.push("Our");
        for i in 0..=block.words.len() {
            if let Some((variant, _)) = plant.filter(|(_, at)| *at == i) {
                self.push(" ");
                self.push(variant.pre);
                let start = self.text.len();
                let inner = variant.inner.replace('\n', &format!("{}{cont}", self.eol));
                self.push(&inner);
                self.planted.push(start..self.text.len());
                self.push(variant.post);
            }
            if let Some(&w) = block.words.get(i) {
                self.push(if w % 5 == 0 { "\t" } else { " " });
                self.push(words[usize::from(w) % words.len()]);
            }
        }
        self.push(".");
    }

    /// A block of Markdown or MDX, followed by a blank line.
    fn markdown_block(&mut self, block: &Block) {
        let shapes = if self.lang == Lang::Mdx { 11 } else { 10 };
        let no_breaks: Vec<Variant> = MD_VARIANTS
            .iter()
            .filter(|v| !v.inner.contains('\n'))
            .copied()
            .collect();
        match block.shape % shapes {
            0 => self.sentence(block, MD_VARIANTS, Ctx::Md, ""),
            1 => {
                self.push("- ");
                self.sentence(block, MD_VARIANTS, Ctx::Md, "  ");
            }
            2 => {
                self.line("- Our garden");
                self.push("  - ");
                self.sentence(block, MD_VARIANTS, Ctx::Md, "    ");
            }
            3 => {
                self.push("1. ");
                self.sentence(block, MD_VARIANTS, Ctx::Md, "   ");
            }
            4 => {
                let prefix = "> ".repeat(usize::from(block.depth) + 1);
                self.push(&prefix);
                self.sentence(block, MD_VARIANTS, Ctx::Md, &prefix);
            }
            5 => {
                self.line("| Plan | Notes |");
                self.line("| --- | --- |");
                self.push("| Our garden | ");
                self.sentence(block, &no_breaks, Ctx::Md, "");
                self.push(" |");
            }
            6 => {
                self.push("## Our garden ideas");
                self.push(self.eol);
                self.push(self.eol);
                self.sentence(block, MD_VARIANTS, Ctx::Md, "");
            }
            7 => {
                // Code and comments are not prose: nothing planted here.
                self.line("```");
                self.line("expedited shipping");
                self.push("```");
                self.push(self.eol);
                self.push(self.eol);
                self.sentence(block, MD_VARIANTS, Ctx::Md, "");
            }
            8 => {
                if self.lang == Lang::Mdx {
                    self.line("{/* expedited shipping */}");
                } else {
                    self.line("<!-- expedited shipping -->");
                }
                self.push(self.eol);
                self.sentence(block, MD_VARIANTS, Ctx::Md, "");
            }
            9 => {
                self.line("<div class=\"note\">");
                self.sentence(block, HTML_VARIANTS, Ctx::Html, "");
                self.push(self.eol);
                self.push("</div>");
            }
            _ => {
                self.line("<Card title=\"Our garden\">");
                self.push(self.eol);
                self.sentence(block, MD_VARIANTS, Ctx::Md, "");
                self.push(self.eol);
                self.push(self.eol);
                self.push("</Card>");
            }
        }
        self.push(self.eol);
        self.push(self.eol);
    }

    /// A block of reStructuredText, followed by a blank line.
    fn rst_block(&mut self, block: &Block) {
        let v = RST_VARIANTS;
        let no_breaks: Vec<Variant> = v
            .iter()
            .filter(|v| !v.inner.contains('\n'))
            .copied()
            .collect();
        match block.shape % 10 {
            0 => self.sentence(block, v, Ctx::Md, ""),
            1 => {
                self.push("- ");
                self.sentence(block, v, Ctx::Md, "  ");
            }
            2 => {
                self.push("#. ");
                self.sentence(block, v, Ctx::Md, "   ");
            }
            3 => {
                let indent = "   ".repeat(usize::from(block.depth) + 1);
                self.push(&indent);
                self.sentence(block, v, Ctx::Md, &indent);
            }
            4 => {
                self.line("Our garden ideas");
                self.line("================");
                self.push(self.eol);
                self.sentence(block, v, Ctx::Md, "");
            }
            5 => {
                // Literal blocks, comments and code are not prose.
                self.line("Our example::");
                self.push(self.eol);
                self.line("    expedited shipping");
                self.push(self.eol);
                self.line(".. expedited shipping");
                self.push(self.eol);
                self.line(".. code-block:: text");
                self.push(self.eol);
                self.line("   expedited shipping");
                self.push(self.eol);
                self.sentence(block, v, Ctx::Md, "");
            }
            6 => {
                self.push(".. note:: ");
                self.sentence(block, v, Ctx::Md, "   ");
            }
            7 => {
                self.line("Our garden");
                self.push("   ");
                self.sentence(block, v, Ctx::Md, "   ");
            }
            8 => {
                // A grid table's borders are as wide as its row.
                let start = self.text.len();
                let planted = self.planted.len();
                self.push("| ");
                self.sentence(block, &no_breaks, Ctx::Md, "");
                self.push(" |");
                let width = self.text[start..].chars().count();
                let border = format!("+{}+", "-".repeat(width - 2));
                let top = format!("{border}{}", self.eol);
                self.text.insert_str(start, &top);
                for r in &mut self.planted[planted..] {
                    *r = r.start + top.len()..r.end + top.len();
                }
                self.push(self.eol);
                self.push(&border);
            }
            _ => {
                self.line("=====  =====");
                self.push("Our    ");
                self.sentence(block, &no_breaks, Ctx::Md, "");
                self.push(self.eol);
                self.push("=====  =====");
            }
        }
        self.push(self.eol);
        self.push(self.eol);
    }

    /// A block of AsciiDoc, followed by a blank line.
    fn adoc_block(&mut self, block: &Block) {
        let v = ADOC_VARIANTS;
        let no_breaks: Vec<Variant> = v
            .iter()
            .filter(|v| !v.inner.contains('\n'))
            .copied()
            .collect();
        match block.shape % 10 {
            0 => self.sentence(block, v, Ctx::Md, ""),
            1 => {
                self.push(&format!("{} ", "*".repeat(usize::from(block.depth) + 1)));
                self.sentence(block, v, Ctx::Md, "");
            }
            2 => {
                self.push(". ");
                self.sentence(block, v, Ctx::Md, "");
            }
            3 => {
                self.line("== Our garden ideas");
                self.push(self.eol);
                self.sentence(block, v, Ctx::Md, "");
            }
            4 => {
                self.push("NOTE: ");
                self.sentence(block, v, Ctx::Md, "");
            }
            5 => {
                // Listings, literals and comments are not prose.
                self.line("----");
                self.line("expedited shipping");
                self.line("----");
                self.push(self.eol);
                self.line("....");
                self.line("expedited shipping");
                self.line("....");
                self.push(self.eol);
                self.line("// expedited shipping");
                self.sentence(block, v, Ctx::Md, "");
            }
            6 => {
                self.line("[NOTE]");
                self.line("====");
                self.sentence(block, v, Ctx::Md, "");
                self.push(self.eol);
                self.push("====");
            }
            7 => {
                self.push("Our garden:: ");
                self.sentence(block, v, Ctx::Md, "");
            }
            8 => {
                self.line("|===");
                self.push("|Our garden |");
                self.sentence(block, &no_breaks, Ctx::Md, "");
                self.push(self.eol);
                self.push("|===");
            }
            _ => {
                self.line("[source,text]");
                self.line("expedited shipping");
                self.push(self.eol);
                self.sentence(block, v, Ctx::Md, "");
            }
        }
        self.push(self.eol);
        self.push(self.eol);
    }

    /// A block of an HTML file, on its own lines.
    fn html_block(&mut self, block: &Block) {
        match block.shape % 10 {
            0 => {
                self.push("<p>");
                self.sentence(block, HTML_VARIANTS, Ctx::Html, "");
                self.push("</p>");
            }
            1 => {
                self.push("<ul>");
                self.push(self.eol);
                self.push("  <li>");
                self.sentence(block, HTML_VARIANTS, Ctx::Html, "    ");
                self.push("</li>");
                self.push(self.eol);
                self.push("  <li>Our garden</li></ul>");
            }
            2 => {
                let depth = usize::from(block.depth) + 1;
                self.push(&"<blockquote>".repeat(depth));
                self.sentence(block, HTML_VARIANTS, Ctx::Html, "");
                self.push(&"</blockquote>".repeat(depth));
            }
            3 => {
                self.push("<table><tr><td>Our garden</td><td>");
                self.sentence(block, HTML_VARIANTS, Ctx::Html, "");
                self.push("</td></tr></table>");
            }
            4 => {
                self.push("<div><div><span>");
                self.sentence(block, HTML_VARIANTS, Ctx::Html, "");
                self.push("</span></div></div>");
            }
            5 => {
                self.push("<h2>Our garden</h2>");
                self.push(self.eol);
                self.push("<p>");
                self.sentence(block, HTML_VARIANTS, Ctx::Html, "");
                self.push("</p>");
            }
            6 => {
                self.push("<script>var s = \"expedited shipping\";</script>");
                self.push("<!-- expedited shipping -->");
                self.push("<p>");
                self.sentence(block, HTML_VARIANTS, Ctx::Html, "");
                self.push("</p>");
            }
            7 => {
                self.push("<pre>expedited shipping</pre><div hidden>expedited shipping</div>");
                self.push(self.eol);
                self.push("<p>");
                self.sentence(block, HTML_VARIANTS, Ctx::Html, "");
                self.push("</p>");
            }
            8 => {
                self.push("<img src=\"a.png\" alt=\"");
                self.sentence(block, ATTR_VARIANTS, Ctx::Attr, "");
                self.push("\">");
            }
            _ => {
                self.push("<p>");
                self.sentence(block, HTML_VARIANTS, Ctx::Html, "");
                self.push("<br>");
                self.push(self.eol);
                self.sentence(block, HTML_VARIANTS, Ctx::Html, "");
                self.push("</p>");
            }
        }
        self.push(self.eol);
    }
}

fn render(spec: &Spec) -> (FileKind, Doc) {
    let (lang, kind) = match spec.lang % 5 {
        0 => (Lang::Markdown, FileKind::Markdown),
        1 => (Lang::Mdx, FileKind::Mdx),
        2 => (Lang::Html, FileKind::Html),
        3 => (Lang::Rst, FileKind::Rst),
        _ => (Lang::Adoc, FileKind::AsciiDoc),
    };
    let eol = ["\n", "\r\n", "\r"][usize::from(spec.eol % 3)];
    let mut doc = Doc {
        lang,
        text: String::new(),
        eol,
        planted: Vec::new(),
    };
    if spec.bom {
        doc.push("\u{feff}");
    }
    match lang {
        Lang::Rst => {
            doc.line("Our garden");
            doc.line("##########");
            doc.push(eol);
            for block in &spec.blocks {
                doc.rst_block(block);
            }
        }
        Lang::Adoc => {
            doc.line("= Our garden");
            doc.line(":expedited: shipping");
            doc.push(eol);
            for block in &spec.blocks {
                doc.adoc_block(block);
            }
        }
        Lang::Html => {
            doc.line("<!doctype html>");
            doc.line("<html><head><title>Our garden &amp; caf&eacute;</title>");
            doc.line("<meta name=\"keywords\" content=\"expedited shipping\"></head>");
            doc.line("<body>");
            for block in &spec.blocks {
                doc.html_block(block);
            }
            doc.line("</body></html>");
        }
        Lang::Markdown | Lang::Mdx => {
            if spec.front_matter {
                doc.line("---");
                doc.line("title: Our garden ideas");
                doc.line("layout: expedited shipping");
                doc.line("description: Our café garden.");
                doc.line("---");
                doc.push(eol);
            }
            if lang == Lang::Mdx {
                doc.line("import Card from './card'");
                doc.push(eol);
            }
            for block in &spec.blocks {
                doc.markdown_block(block);
            }
        }
    }
    (kind, doc)
}

fn pack() -> &'static (RulePack, Matcher) {
    static PACK: OnceLock<(RulePack, Matcher)> = OnceLock::new();
    PACK.get_or_init(|| {
        let (pack, errors) = load_pack(&[]);
        assert!(errors.is_empty());
        let matcher = Matcher::compile(&pack);
        (pack, matcher)
    })
}

/// Entities the generator writes, and what they decode to.
const ENTITIES: &[(&str, &str)] = &[
    ("&amp;", "&"),
    ("&rsquo;", "\u{2019}"),
    ("&eacute;", "é"),
    ("&#233;", "é"),
];

fn check(spec: &Spec) -> Result<(), TestCaseError> {
    let (kind, doc) = render(spec);
    let name = match kind {
        FileKind::Html => "doc.html",
        FileKind::Mdx => "doc.mdx",
        FileKind::Rst => "doc.rst",
        FileKind::AsciiDoc => "doc.adoc",
        _ => "doc.md",
    };
    let file = SourceFile::from_bytes(name.into(), kind, doc.text.clone().into_bytes())
        .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    let problems = invariant_violations(&file);
    prop_assert!(problems.is_empty(), "{problems:?} in {:?}", doc.text);
    for segment in extract(&file).segments {
        for piece in segment.pieces() {
            let source = &doc.text[piece.source.range()];
            if let Some((_, decoded)) = ENTITIES.iter().find(|(e, _)| *e == source) {
                prop_assert_eq!(piece.text, *decoded, "{:?} in {:?}", source, doc.text);
            }
        }
    }
    let (pack, matcher) = pack();
    let mut found: Vec<Range<usize>> = fogcheck::find_fog(&file, pack, matcher)
        .into_iter()
        .filter(|f| f.rule.as_str() == RULE)
        .map(|f| f.span.range())
        .collect();
    found.sort_by_key(|r| (r.start, r.end));
    let shown = |ranges: &[Range<usize>]| -> Vec<String> {
        ranges
            .iter()
            .map(|r| format!("{r:?} {:?}", &doc.text[r.clone()]))
            .collect()
    };
    prop_assert_eq!(shown(&found), shown(&doc.planted), "in {:?}", doc.text);
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn planted_fog_is_found_at_its_exact_bytes(spec in spec()) {
        check(&spec)?;
    }
}

/// The generator itself: a document of every shape in every language holds
/// what it claims to (so the property is not vacuous).
#[test]
fn every_shape_plants_and_is_checked() {
    for lang in 0..5 {
        for eol in 0..3 {
            let blocks = (0..11)
                .map(|shape| Block {
                    shape,
                    depth: shape % 3,
                    words: vec![1, 5, 12, 17, 20],
                    plant: Some((shape, shape)),
                })
                .collect();
            let spec = Spec {
                lang,
                eol,
                bom: eol == 1,
                front_matter: true,
                blocks,
            };
            let (_, doc) = render(&spec);
            assert!(doc.planted.len() >= 10, "{}", doc.text);
            check(&spec).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}
