//! `--format html`: one self-contained HTML5 page a person reads (and can
//! mail or print): a summary first (files, findings by severity and by
//! category, the foggiest pages, the fog score), then each file's prose in
//! reading order with every finding's words wrapped in
//! `<mark data-rule="RULE">…</mark>` and its message and roadsign beside
//! them, the clean files, and the documentation of each rule found, linked
//! from every note. Inline CSS only: no script, and nothing is loaded (a
//! Content-Security-Policy says so to the browser too). Everything that comes
//! from the checked files or the rules is escaped.
//!
//! The prose comes from the report itself: with this format the checker
//! keeps each fog file's segments (`FileReport::prose`) and every finding
//! knows its segment and text range (`Finding::in_prose`), so the marked
//! text is exactly `matched`. Findings numbered 1, 2, … in the JSON
//! report's order have their mark at `id="f-N"`.

use super::score::{grouped, shown};
use super::{display_path, skipped_line, write_errors, Emitter, FileReport, LocatedFinding};
use super::{ProseSegment, Report};
use crate::extract::{SegmentKind, OPAQUE};
use crate::rule::{RulePack, Severity};
use crate::selector::UNUSED_SUPPRESSION;
use crate::suppress::{UNUSED_ROADSIGN, UNUSED_SUMMARY, UNUSED_WHY};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

const STYLE: &str = include_str!("html.css");

/// How many of the foggiest pages the summary lists.
const FOGGIEST_SHOWN: usize = 10;

/// What the report says about one rule, copied from the pack.
struct RuleDoc {
    severity: Severity,
    summary: String,
    why: String,
    roadsign: String,
    link: Option<String>,
}

pub struct Html {
    rules: BTreeMap<String, RuleDoc>,
}

impl Html {
    pub fn new(pack: &RulePack) -> Html {
        let mut rules: BTreeMap<String, RuleDoc> = pack
            .rules()
            .iter()
            .map(|r| {
                (
                    r.id.as_str().to_string(),
                    RuleDoc {
                        severity: r.severity,
                        summary: r.summary.clone(),
                        why: r.why.clone(),
                        roadsign: r.roadsign.to_string(),
                        link: r.link.clone(),
                    },
                )
            })
            .collect();
        rules.insert(
            UNUSED_SUPPRESSION.to_string(),
            RuleDoc {
                severity: Severity::Warning,
                summary: UNUSED_SUMMARY.to_string(),
                why: UNUSED_WHY.to_string(),
                roadsign: UNUSED_ROADSIGN.to_string(),
                link: None,
            },
        );
        Html { rules }
    }
}

impl Emitter for Html {
    fn emit(&self, report: &Report, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
        let mut page = String::with_capacity(64 * 1024);
        self.render(report, &mut page)
            .map_err(|_| io::Error::other("formatting the HTML report failed"))?;
        out.write_all(page.as_bytes())?;
        // The page lists them too; standard error tells whoever ran it.
        write_errors(report, err)
    }
}

/// `text` escaped for HTML text and attribute values. Characters HTML does
/// not allow in a document (controls other than whitespace, noncharacters)
/// become U+FFFD, so the page stays valid whatever the input held.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push('\n'),
            c if allowed_in_html(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

/// Not a control (C0 or C1) and not a noncharacter: HTML's parse errors
/// for characters in the input stream.
fn allowed_in_html(c: char) -> bool {
    let cp = c as u32;
    !(c.is_control() || (0xFDD0..=0xFDEF).contains(&cp) || (cp & 0xFFFE) == 0xFFFE)
}

/// Prose text: escaped, with the placeholder for code (`OPAQUE`) in a span
/// the stylesheet shows as ‹code›. The span holds the placeholder itself,
/// so a mark's text stays its finding's `matched`.
fn push_prose(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(OPAQUE) {
        push_escaped(out, &rest[..at]);
        out.push_str("<span class=\"opaque\" title=\"code, not checked\">");
        out.push(OPAQUE);
        out.push_str("</span>");
        rest = &rest[at + OPAQUE.len_utf8()..];
    }
    push_escaped(out, rest);
}

/// The anchor of a rule's documentation: `rule-` and the id, with anything
/// but letters, digits and `-_./` made `_` so it is a safe fragment.
fn rule_anchor(rule: &str) -> String {
    let safe: String = rule
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_./".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("rule-{safe}")
}

/// A path escaped, with a break opportunity after each `/` so a long path
/// wraps at its folders on a narrow screen.
fn path_html(path: &std::path::Path) -> String {
    escape(&display_path(path)).replace('/', "/<wbr>")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// A finding with its number in the report (1-based, JSON order).
#[derive(Clone, Copy)]
struct Numbered<'a> {
    n: usize,
    located: &'a LocatedFinding,
}

impl Html {
    fn render(&self, report: &Report, out: &mut String) -> std::fmt::Result {
        let fog_files: Vec<(usize, &FileReport)> = report
            .files
            .iter()
            .filter(|f| !f.findings.is_empty())
            .enumerate()
            .collect();
        let total = report.total_findings();
        let title = format!(
            "fogcheck report: {}, fog score {}",
            plural(total, "finding", "findings"),
            shown(report.fog_score())
        );
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str(
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"color-scheme\" content=\"light dark\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <meta name=\"generator\" content=\"fogcheck\">\n",
        );
        writeln!(out, "<title>{}</title>", escape(&title))?;
        writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>")?;
        writeln!(out, "<header>\n<h1>Fog report</h1>")?;
        writeln!(
            out,
            "<p class=\"sub\">{} in {} checked by fogcheck {}</p>",
            plural(total, "finding", "findings"),
            plural(report.files_checked, "file", "files"),
            env!("CARGO_PKG_VERSION")
        )?;
        out.push_str(
            "<nav aria-label=\"Sections\"><a href=\"#summary\">Summary</a> \
             <a href=\"#files\">Files with fog</a> <a href=\"#clean\">Clean files</a> \
             <a href=\"#rules\">Rules</a> <a href=\"#fog-score\">About the fog score</a></nav>\n</header>\n<main>\n",
        );
        self.summary(report, &fog_files, out)?;
        self.files(report, &fog_files, out)?;
        self.clean(report, out)?;
        self.rule_docs(report, out)?;
        fog_score_section(out);
        out.push_str("</main>\n<footer>\n");
        writeln!(
            out,
            "<p>Written by fogcheck {}. This page holds everything it shows: no script, \
             and nothing is loaded from anywhere.</p>",
            env!("CARGO_PKG_VERSION")
        )?;
        out.push_str("</footer>\n</body>\n</html>\n");
        Ok(())
    }

    fn summary(
        &self,
        report: &Report,
        fog_files: &[(usize, &FileReport)],
        out: &mut String,
    ) -> std::fmt::Result {
        let total = report.total_findings();
        let clean = report.files.len() - fog_files.len();
        out.push_str("<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n<dl class=\"tiles\">\n");
        writeln!(
            out,
            "<div class=\"tile score\"><dt>Fog score</dt><dd>{}<span class=\"note-line\">weighted findings per 1,000 words (<a href=\"#fog-score\">how</a>)</span></dd></div>",
            shown(report.fog_score())
        )?;
        writeln!(
            out,
            "<div class=\"tile\"><dt>Findings</dt><dd>{}<span class=\"note-line\">{} error, {} warning, {} info</span></dd></div>",
            grouped(total),
            grouped(report.count(Severity::Error)),
            grouped(report.count(Severity::Warning)),
            grouped(report.count(Severity::Info)),
        )?;
        writeln!(
            out,
            "<div class=\"tile\"><dt>Files checked</dt><dd>{}<span class=\"note-line\">{} with fog, {} clean</span></dd></div>",
            grouped(report.files_checked),
            grouped(fog_files.len()),
            grouped(clean),
        )?;
        writeln!(
            out,
            "<div class=\"tile\"><dt>Words of prose</dt><dd>{}</dd></div>\n</dl>",
            grouped(report.words())
        )?;

        let mut notes = Vec::new();
        if let Some(baseline) = report.baseline {
            notes.push(format!(
                "{} known to the baseline {} not shown.",
                plural(baseline.baselined, "finding", "findings"),
                if baseline.baselined == 1 { "is" } else { "are" }
            ));
        }
        if let Some(line) = skipped_line(report) {
            notes.push(format!(
                "{}.",
                line.replace(" (list them with --verbose)", "")
            ));
        }
        for note in notes {
            writeln!(out, "<p class=\"meta\">{}</p>", escape(&note))?;
        }
        if !report.errors.is_empty() {
            writeln!(
                out,
                "<div class=\"card\" id=\"errors\"><h3>Could not be checked ({})</h3><ul>",
                grouped(report.errors.len())
            )?;
            for error in &report.errors {
                writeln!(
                    out,
                    "<li><span class=\"path\">{}</span>: {}</li>",
                    path_html(&error.path),
                    escape(&error.message)
                )?;
            }
            out.push_str("</ul></div>\n");
        }

        // Two columns on a wide screen: severity, then the foggiest pages,
        // beside the categories (the longest list), so the first screen
        // shows the score, the counts and where the fog is.
        out.push_str("<div class=\"grid2\">\n<div>\n");
        // By severity.
        out.push_str("<div class=\"card\"><h3>Findings by severity</h3><table>\n<thead><tr><th scope=\"col\">severity</th><th scope=\"col\" class=\"n\">findings</th><th scope=\"col\"><span class=\"visually-hidden\">share</span></th></tr></thead><tbody>\n");
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let n = report.count(severity);
            writeln!(
                out,
                "<tr class=\"sev-{s}\"><td><span class=\"sev\">{s}</span></td><td class=\"n\">{}</td><td>{}</td></tr>",
                grouped(n),
                bar(n, total, Some(severity)),
                s = severity.as_str(),
            )?;
        }
        out.push_str("</tbody></table></div>\n");
        // The pages with the most fog.
        let foggiest = report.foggiest();
        out.push_str("<div class=\"card\"><h3>Pages with the most fog</h3>\n");
        if foggiest.is_empty() {
            out.push_str("<p class=\"ok\">No page has fog.</p>\n");
        } else {
            out.push_str("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">page</th><th scope=\"col\" class=\"n\">fog score</th><th scope=\"col\" class=\"n\">findings</th><th scope=\"col\" class=\"n\">words</th></tr></thead><tbody>\n");
            for file in foggiest.iter().take(FOGGIEST_SHOWN) {
                let index = fog_files
                    .iter()
                    .find(|(_, f)| std::ptr::eq(*f, *file))
                    .map_or(0, |(i, _)| *i);
                writeln!(
                    out,
                    "<tr><td><a class=\"path\" href=\"#file-{index}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    path_html(&file.path),
                    shown(file.fog_score()),
                    grouped(file.findings.len()),
                    grouped(file.words),
                )?;
            }
            out.push_str("</tbody></table></div>\n");
            if foggiest.len() > FOGGIEST_SHOWN {
                writeln!(
                    out,
                    "<p class=\"meta\">and {} more below.</p>",
                    plural(
                        foggiest.len() - FOGGIEST_SHOWN,
                        "page with fog",
                        "pages with fog"
                    )
                )?;
            }
        }
        out.push_str("</div>\n</div>\n<div>\n");
        // By category.
        let mut categories: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, located) in report.findings() {
            *categories
                .entry(located.finding.rule.category())
                .or_insert(0) += 1;
        }
        let mut categories: Vec<(&str, usize)> = categories.into_iter().collect();
        categories.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let most = categories.first().map_or(0, |c| c.1);
        out.push_str("<div class=\"card\"><h3>Findings by category</h3>");
        if categories.is_empty() {
            out.push_str("<p class=\"ok\">No fog.</p>");
        } else {
            out.push_str("<table>\n<thead><tr><th scope=\"col\">category</th><th scope=\"col\" class=\"n\">findings</th><th scope=\"col\"></th></tr></thead><tbody>\n");
            for (category, n) in &categories {
                writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                    escape(category),
                    grouped(*n),
                    bar(*n, most, None)
                )?;
            }
            out.push_str("</tbody></table>");
        }
        out.push_str("</div>\n</div>\n</div>\n</section>\n");
        Ok(())
    }

    fn files(
        &self,
        report: &Report,
        fog_files: &[(usize, &FileReport)],
        out: &mut String,
    ) -> std::fmt::Result {
        out.push_str("<section id=\"files\" aria-labelledby=\"files-h\">\n<h2 id=\"files-h\">Files with fog</h2>\n");
        if fog_files.is_empty() {
            out.push_str("<p class=\"ok\">No file has fog.</p>\n");
        }
        // Findings are numbered in the JSON report's order: files as the
        // report sorts them, each in source order.
        let mut next = 1;
        let mut first_number = BTreeMap::new();
        for file in &report.files {
            first_number.insert(file.path.as_path(), next);
            next += file.findings.len();
        }
        for (index, file) in fog_files {
            let first = first_number[file.path.as_path()];
            let numbered: Vec<Numbered> = file
                .findings
                .iter()
                .enumerate()
                .map(|(i, located)| Numbered {
                    n: first + i,
                    located,
                })
                .collect();
            self.file(*index, file, &numbered, out)?;
        }
        out.push_str("</section>\n");
        Ok(())
    }

    fn file(
        &self,
        index: usize,
        file: &FileReport,
        numbered: &[Numbered],
        out: &mut String,
    ) -> std::fmt::Result {
        let count = |s: Severity| {
            file.findings
                .iter()
                .filter(|l| l.finding.severity == s)
                .count()
        };
        writeln!(
            out,
            "<article class=\"card file\" id=\"file-{index}\">\n<header><h3 class=\"path\">{}</h3><p class=\"meta\">{} ({} error, {} warning, {} info) · {} · fog score {}</p></header>",
            path_html(&file.path),
            plural(file.findings.len(), "finding", "findings"),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            plural(file.words, "word", "words"),
            shown(file.fog_score()),
        )?;
        let prose: &[ProseSegment] = file.prose.as_deref().unwrap_or(&[]);
        // Each finding goes to its segment when its place there holds its
        // words; any other (an unused suppression) is shown after the prose.
        let mut by_segment: BTreeMap<usize, Vec<Numbered>> = BTreeMap::new();
        let mut outside = Vec::new();
        for item in numbered {
            let f = &item.located.finding;
            let placed = f.in_prose.as_ref().filter(|p| {
                !p.range.is_empty()
                    && prose
                        .get(p.segment)
                        .and_then(|s| s.text.get(p.range.clone()))
                        == Some(f.matched.as_str())
            });
            match placed {
                Some(p) => by_segment.entry(p.segment).or_default().push(*item),
                None => outside.push(*item),
            }
        }
        out.push_str("<div class=\"prose\">\n");
        for group in segment_groups(prose) {
            let items: Vec<Numbered> = group
                .clone()
                .flat_map(|i| by_segment.get(&i).into_iter().flatten().copied())
                .collect();
            self.segment_group(prose, group, &items, out)?;
        }
        out.push_str("</div>\n");
        if !outside.is_empty() {
            out.push_str("<h4>Not in the prose</h4>\n");
            for item in &outside {
                out.push_str("<div class=\"seg has-notes\"><p class=\"text source\">");
                push_mark_open(out, item);
                push_escaped(out, &item.located.finding.matched);
                out.push_str("</mark></p>\n<ol class=\"notes\">\n");
                self.note(item, false, out)?;
                out.push_str("</ol></div>\n");
            }
        }
        out.push_str("</article>\n");
        Ok(())
    }

    /// One block of prose: a segment, or the cells of one table row on one
    /// line; its findings' notes beside it.
    fn segment_group(
        &self,
        prose: &[ProseSegment],
        group: Range<usize>,
        items: &[Numbered],
        out: &mut String,
    ) -> std::fmt::Result {
        let first = &prose[group.start];
        let (class, label) = match first.kind {
            SegmentKind::Heading => ("heading", None),
            SegmentKind::Paragraph => ("para", None),
            SegmentKind::ListItem => ("item", None),
            SegmentKind::TableCell => ("cells", Some("table row")),
            SegmentKind::ImageAlt => ("alt", Some("image text")),
            SegmentKind::FrontMatter => ("front", Some("front matter")),
            SegmentKind::Attribute => ("attr", Some("attribute")),
        };
        writeln!(
            out,
            "<div class=\"seg{}\">",
            if items.is_empty() { "" } else { " has-notes" }
        )?;
        write!(out, "<p class=\"text {class}\">")?;
        if let Some(label) = label {
            write!(out, "<span class=\"label\">{label}</span>")?;
        }
        let mut crossing = BTreeSet::new();
        for (k, i) in group.enumerate() {
            if k > 0 {
                out.push_str(" <span class=\"cellsep\" aria-hidden=\"true\">|</span> ");
            }
            let mine: Vec<Numbered> = items
                .iter()
                .filter(|item| {
                    item.located
                        .finding
                        .in_prose
                        .as_ref()
                        .is_some_and(|p| p.segment == i)
                })
                .copied()
                .collect();
            crossing.extend(push_marked(out, &prose[i].text, &mine));
        }
        out.push_str("</p>\n");
        if !items.is_empty() {
            out.push_str("<ol class=\"notes\">\n");
            for item in items {
                self.note(item, crossing.contains(&item.n), out)?;
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</div>\n");
        Ok(())
    }

    /// A finding's note: number, severity, rule (linked to its
    /// documentation below), place, message and roadsign. A finding whose
    /// words cross another mark (neither inside the other) has its mark
    /// here instead.
    fn note(&self, item: &Numbered, mark_here: bool, out: &mut String) -> std::fmt::Result {
        let f = &item.located.finding;
        let n = item.n;
        let rule = f.rule.as_str();
        writeln!(
            out,
            "<li class=\"note sev-{sev}\" id=\"n-{n}\"><p class=\"head\"><a class=\"num\" href=\"#f-{n}\" aria-label=\"finding {n} in the text\">{n}</a> <span class=\"sev\">{sev}</span> <a class=\"rule\" href=\"#{}\">{}</a> <span class=\"at\">line {}, column {}</span></p>",
            escape(&rule_anchor(rule)),
            escape(rule),
            item.located.start.line,
            item.located.start.column,
            sev = f.severity.as_str(),
        )?;
        if mark_here {
            out.push_str("<p class=\"words\">Overlaps the fog before it: “");
            push_mark_open(out, item);
            push_prose(out, &f.matched);
            out.push_str("</mark>”</p>\n");
        }
        if let Some(key) = &f.key_path {
            writeln!(
                out,
                "<p class=\"key\">Key: <code>{}</code></p>",
                escape(key)
            )?;
        }
        writeln!(out, "<p class=\"msg\">{}</p>", escape(&f.message))?;
        writeln!(
            out,
            "<p class=\"roadsign\"><strong>Roadsign:</strong> {}</p></li>",
            escape(&f.roadsign)
        )?;
        Ok(())
    }

    fn clean(&self, report: &Report, out: &mut String) -> std::fmt::Result {
        let clean: Vec<&FileReport> = report
            .files
            .iter()
            .filter(|f| f.findings.is_empty())
            .collect();
        writeln!(
            out,
            "<section id=\"clean\" aria-labelledby=\"clean-h\">\n<h2 id=\"clean-h\">Clean files ({})</h2>",
            grouped(clean.len())
        )?;
        if report.files.is_empty() {
            out.push_str("<p class=\"meta\">No file was checked.</p>\n");
        } else if clean.is_empty() {
            out.push_str("<p class=\"meta\">Every file checked has fog.</p>\n");
        } else {
            out.push_str("<ul class=\"card clean-list\">\n");
            for file in clean {
                writeln!(
                    out,
                    "<li><span class=\"path\">{}</span> <span class=\"meta\">clean · {}</span></li>",
                    path_html(&file.path),
                    plural(file.words, "word", "words"),
                )?;
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
        Ok(())
    }

    /// The documentation of every rule with a finding in the report, each
    /// under the anchor the notes link to.
    fn rule_docs(&self, report: &Report, out: &mut String) -> std::fmt::Result {
        let mut found: BTreeMap<&str, (usize, BTreeSet<Severity>)> = BTreeMap::new();
        for (_, located) in report.findings() {
            let entry = found.entry(located.finding.rule.as_str()).or_default();
            entry.0 += 1;
            entry.1.insert(located.finding.severity);
        }
        out.push_str(
            "<section id=\"rules\" aria-labelledby=\"rules-h\">\n<h2 id=\"rules-h\">Rules</h2>\n",
        );
        if found.is_empty() {
            out.push_str("<p class=\"meta\">No rule found fog.</p>\n");
        }
        for (rule, (count, severities)) in found {
            let doc = self.rules.get(rule);
            let shown_severities: Vec<&str> = match doc {
                Some(doc) if severities.len() == 1 && severities.contains(&doc.severity) => {
                    vec![doc.severity.as_str()]
                }
                _ => severities.iter().rev().map(|s| s.as_str()).collect(),
            };
            writeln!(
                out,
                "<section class=\"card rule-doc\" id=\"{}\">\n<h3><code>{}</code></h3>\n<p class=\"meta\">{} · {} in this report</p>",
                escape(&rule_anchor(rule)),
                escape(rule),
                shown_severities
                    .iter()
                    .map(|s| format!("<span class=\"sev sev-{s}\">{s}</span>"))
                    .collect::<Vec<_>>()
                    .join(" "),
                plural(count, "finding", "findings"),
            )?;
            match doc {
                Some(doc) => {
                    writeln!(out, "<p><strong>{}</strong></p>", escape(&doc.summary))?;
                    writeln!(out, "<h4>Why it is fog</h4>\n<p>{}</p>", escape(&doc.why))?;
                    writeln!(
                        out,
                        "<h4>Roadsign: write instead</h4>\n<p class=\"roadsign\">{}</p>",
                        escape(&doc.roadsign)
                    )?;
                    if let Some(link) = &doc.link {
                        writeln!(
                            out,
                            "<p><a href=\"{}\" rel=\"noopener noreferrer\">The guidance this rule rests on</a></p>",
                            escape(link)
                        )?;
                    }
                }
                None => {
                    out.push_str("<p class=\"meta\">No documentation in this run's rules.</p>\n")
                }
            }
            out.push_str("</section>\n");
        }
        out.push_str("</section>\n");
        Ok(())
    }
}

fn fog_score_section(out: &mut String) {
    out.push_str(
        "<section id=\"fog-score\" aria-labelledby=\"fog-score-h\">\n\
         <h2 id=\"fog-score-h\">About the fog score</h2>\n\
         <p>Each finding weighs by its severity: <span class=\"sev sev-error\">error</span> 3, \
         <span class=\"sev sev-warning\">warning</span> 2, <span class=\"sev sev-info\">info</span> 1. \
         The fog score is the total weight per 1,000 words of prose, rounded to one decimal: \
         one warning on a 1,000-word page scores 2.0, the same warning on a 100-word page 20.0, \
         and a clean page 0.0 however long it is. The run's score weighs all findings against \
         the words of all files checked, clean ones included. Words are counted in the prose \
         fogcheck reads (not markup or code); unused suppressions are not counted.</p>\n\
         </section>\n",
    );
}

/// A proportional bar for `n` of `of`.
fn bar(n: usize, of: usize, severity: Option<Severity>) -> String {
    let width = (n * 100).checked_div(of).unwrap_or(0);
    let class = severity.map_or(String::new(), |s| format!(" sev-{}", s.as_str()));
    format!("<span class=\"bar{class}\" aria-hidden=\"true\"><span style=\"width:{width}%\"></span></span>")
}

/// Consecutive segments shown as one block: the cells of one table row
/// together, every other segment alone.
fn segment_groups(prose: &[ProseSegment]) -> Vec<Range<usize>> {
    let mut groups: Vec<Range<usize>> = Vec::new();
    for (i, segment) in prose.iter().enumerate() {
        if let Some(last) = groups.last_mut() {
            let previous = &prose[last.end - 1];
            if segment.kind == SegmentKind::TableCell
                && previous.kind == SegmentKind::TableCell
                && segment.row.is_some()
                && segment.row == previous.row
            {
                last.end = i + 1;
                continue;
            }
        }
        groups.push(i..i + 1);
    }
    groups
}

fn push_mark_open(out: &mut String, item: &Numbered) {
    let f = &item.located.finding;
    let _ = write!(
        out,
        "<mark data-rule=\"{}\" id=\"f-{}\" class=\"sev-{}\" title=\"{}\">",
        escape(f.rule.as_str()),
        item.n,
        f.severity.as_str(),
        escape(&f.message)
    );
}

/// Writes `text` with each finding's words in a `<mark>`. Marks nest when
/// one finding lies inside another; the reference numbers of a mark and of
/// the marks inside it follow the outermost one, so every mark's text is
/// exactly its words. Returns the numbers of findings that cross a mark
/// already open (they are marked in their note instead).
fn push_marked(out: &mut String, text: &str, items: &[Numbered]) -> Vec<usize> {
    let range = |item: &Numbered| -> Range<usize> {
        item.located
            .finding
            .in_prose
            .as_ref()
            .map_or(0..0, |p| p.range.clone())
    };
    let mut sorted: Vec<&Numbered> = items.iter().collect();
    sorted.sort_by_key(|item| {
        let r = range(item);
        (r.start, std::cmp::Reverse(r.end), item.n)
    });
    let mut crossing = Vec::new();
    let mut pos = 0;
    // Open marks: (end, number); innermost last.
    let mut open: Vec<usize> = Vec::new();
    let mut refs: Vec<usize> = Vec::new();
    let close_until = |out: &mut String,
                       pos: &mut usize,
                       open: &mut Vec<usize>,
                       refs: &mut Vec<usize>,
                       until: usize| {
        while let Some(&end) = open.last() {
            if end > until {
                break;
            }
            push_prose(out, &text[*pos..end]);
            *pos = end;
            out.push_str("</mark>");
            open.pop();
            if open.is_empty() {
                for n in refs.drain(..) {
                    let _ = write!(
                        out,
                        "<a class=\"ref\" href=\"#n-{n}\" aria-label=\"note {n}\">{n}</a>"
                    );
                }
            }
        }
    };
    for item in sorted {
        let r = range(item);
        close_until(out, &mut pos, &mut open, &mut refs, r.start);
        if open.last().is_some_and(|&end| end < r.end) {
            crossing.push(item.n);
            continue;
        }
        push_prose(out, &text[pos..r.start]);
        pos = r.start;
        push_mark_open(out, item);
        open.push(r.end);
        refs.push(item.n);
    }
    close_until(out, &mut pos, &mut open, &mut refs, usize::MAX);
    push_prose(out, &text[pos..]);
    crossing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, InProse};
    use crate::fingerprint::Context;
    use crate::report::Excerpt;
    use crate::rule::RuleId;
    use crate::span::{LineCol, Span};

    #[test]
    fn escapes_markup_quotes_and_characters_html_does_not_allow() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("a\tb\r\nc"), "a\tb\n\nc");
        assert_eq!(
            escape("bell\u{7}\u{0}\u{85}\u{FFFE}\u{FDD0}"),
            "bell\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(escape("café — 😀 \u{FFFC}"), "café — 😀 \u{FFFC}");
    }

    #[test]
    fn rule_anchors_are_safe_fragments() {
        assert_eq!(
            rule_anchor("shipping/expedited-shipping"),
            "rule-shipping/expedited-shipping"
        );
        assert_eq!(rule_anchor("my rules/a \"b\"#c"), "rule-my_rules/a__b__c");
    }

    fn located(rule: &str, segment: usize, range: Range<usize>, text: &str) -> LocatedFinding {
        let matched = text[range.clone()].to_string();
        LocatedFinding {
            finding: Finding {
                rule: {
                    let (c, n) = rule.split_once('/').expect("id");
                    RuleId::new(c, n)
                },
                span: Span::new(range.start, range.end),
                message: format!("“{matched}” <is> vague"),
                matched,
                severity: Severity::Warning,
                roadsign: "Say <b>when</b>.".into(),
                in_prose: Some(InProse { segment, range }),
                key_path: None,
            },
            start: LineCol { line: 1, column: 1 },
            end: LineCol { line: 1, column: 1 },
            excerpt: Excerpt {
                text: "".into(),
                first_line: 1,
                span: 0..0,
            },
            context: Context::default(),
            occurrence: 0,
            related: Vec::new(),
        }
    }

    /// The text of every `<mark …>…</mark>` with nested tags removed.
    fn mark_texts(html: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for (at, _) in html.match_indices("<mark ") {
            let body_start = at + html[at..].find('>').expect("tag end") + 1;
            let mut depth = 1;
            let mut i = body_start;
            while depth > 0 {
                let next_open = html[i..].find("<mark ").map(|k| i + k);
                let next_close = i + html[i..].find("</mark>").expect("closed");
                match next_open {
                    Some(o) if o < next_close => {
                        depth += 1;
                        i = o + 1;
                    }
                    _ => {
                        depth -= 1;
                        i = next_close + "</mark>".len();
                    }
                }
            }
            let inner = &html[body_start..i - "</mark>".len()];
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            texts.push(
                text.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            );
        }
        texts
    }

    #[test]
    fn nested_marks_keep_each_text_exact_and_references_follow_the_outer_one() {
        let text = "Get fast, free shipping <now> & more.";
        let outer = located("shipping/fast", 0, 4..23, text);
        let inner = located("shipping/free", 0, 10..23, text);
        let items = [
            Numbered {
                n: 1,
                located: &outer,
            },
            Numbered {
                n: 2,
                located: &inner,
            },
        ];
        let mut out = String::new();
        let crossing = push_marked(&mut out, text, &items);
        assert!(crossing.is_empty());
        assert_eq!(mark_texts(&out), ["fast, free shipping", "free shipping"]);
        assert!(
            out.contains("shipping</mark></mark><a class=\"ref\" href=\"#n-1\""),
            "{out}"
        );
        assert!(out.ends_with(" &lt;now&gt; &amp; more."), "{out}");
        assert!(!out.contains("<now>"));
    }

    #[test]
    fn a_crossing_finding_is_left_for_its_note() {
        let text = "fast free shipping";
        let a = located("x/a", 0, 0..9, text);
        let b = located("x/b", 0, 5..18, text);
        let c = located("x/c", 0, 10..18, text);
        let items = [
            Numbered { n: 1, located: &a },
            Numbered { n: 2, located: &b },
            Numbered { n: 3, located: &c },
        ];
        let mut out = String::new();
        assert_eq!(push_marked(&mut out, text, &items), [2]);
        assert_eq!(mark_texts(&out), ["fast free", "shipping"]);
    }

    #[test]
    fn code_placeholders_stay_inside_marks_as_themselves() {
        let text = format!("fast {OPAQUE} shipping");
        let a = located("x/a", 0, 0..text.len(), &text);
        let mut out = String::new();
        push_marked(&mut out, &text, &[Numbered { n: 1, located: &a }]);
        assert!(out.contains("<span class=\"opaque\""), "{out}");
        assert_eq!(mark_texts(&out), [text]);
    }

    #[test]
    fn table_cells_of_one_row_form_one_block() {
        let seg = |kind, row| ProseSegment {
            kind,
            row,
            text: "x".into(),
        };
        let prose = [
            seg(SegmentKind::Heading, None),
            seg(SegmentKind::TableCell, Some(1)),
            seg(SegmentKind::TableCell, Some(1)),
            seg(SegmentKind::TableCell, Some(2)),
            seg(SegmentKind::Paragraph, None),
        ];
        assert_eq!(segment_groups(&prose), [0..1, 1..3, 3..4, 4..5]);
    }
}
