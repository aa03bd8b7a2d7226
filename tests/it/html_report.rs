//! `--format html`: one self-contained page. Without a browser: every
//! finding of the JSON report is a `<mark data-rule="RULE">` around exactly
//! its words, nothing is loaded from outside, every in-page link has its
//! target, and text from checked files is escaped. (scripts/html-report-check.sh
//! checks the same in headless Chromium's DOM.)

use crate::support::{fogcheck, fogcheck_in, json, project, write, Run};
use std::collections::{BTreeMap, BTreeSet};

/// `&lt;` and the other entities the report writes, decoded.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in the start tag `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// A `<mark>`: its start tag and its text as a reader sees it (nested
/// tags removed, entities decoded).
struct Mark {
    tag: String,
    text: String,
}

/// Every `<mark …>` of `html` by its `id`, with nesting followed.
fn marks(html: &str) -> BTreeMap<String, Mark> {
    let mut found = BTreeMap::new();
    for (at, _) in html.match_indices("<mark ") {
        let tag_end = at + html[at..].find('>').expect("tag ends") + 1;
        let mut depth = 1;
        let mut i = tag_end;
        while depth > 0 {
            let close = i + html[i..].find("</mark>").expect("mark closed");
            match html[i..close].find("<mark ") {
                Some(open) => {
                    depth += 1;
                    i += open + 1;
                }
                None => {
                    depth -= 1;
                    i = close + "</mark>".len();
                }
            }
        }
        let inner = &html[tag_end..i - "</mark>".len()];
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
        let tag = html[at..tag_end].to_string();
        let id = attribute(&tag, "id").expect("mark has an id").to_string();
        let mark = Mark {
            tag,
            text: unescape(&text),
        };
        assert!(found.insert(id.clone(), mark).is_none(), "two marks {id}");
    }
    found
}

fn html_of(run: &Run) -> &str {
    assert!(
        run.stdout.starts_with("<!DOCTYPE html>"),
        "not an HTML page: {}{}",
        run.stdout,
        run.stderr
    );
    &run.stdout
}

/// Every finding of the JSON report, in order, is the mark `f-N` (N from
/// 1), with its rule and exactly its matched words; there are no others.
fn assert_every_finding_is_marked(args: &[&str]) {
    let mut json_args = vec!["--format", "json"];
    json_args.extend_from_slice(args);
    let doc = json(&fogcheck(&json_args));
    let findings = doc["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    let mut html_args = vec!["--format", "html"];
    html_args.extend_from_slice(args);
    let run = fogcheck(&html_args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let marks = marks(html_of(&run));
    assert_eq!(marks.len(), findings.len(), "one mark a finding");
    for (i, finding) in findings.iter().enumerate() {
        let id = format!("f-{}", i + 1);
        let mark = marks
            .get(&id)
            .unwrap_or_else(|| panic!("no mark {id} for {finding}"));
        assert_eq!(
            attribute(&mark.tag, "data-rule"),
            finding["rule"].as_str(),
            "{id}: {}",
            mark.tag
        );
        assert!(
            mark.tag.starts_with(&format!(
                "<mark data-rule=\"{}\"",
                finding["rule"].as_str().expect("rule")
            )),
            "{}",
            mark.tag
        );
        assert_eq!(
            mark.text,
            finding["matched"].as_str().expect("matched"),
            "{id}"
        );
    }
}

#[test]
fn every_json_finding_on_the_fixtures_is_a_mark_around_its_words() {
    assert_every_finding_is_marked(&["fixtures/"]);
}

/// Nested and crossing findings, code in a phrase, table rows and an
/// unused suppression (a finding outside the prose) are marked too.
#[test]
fn nested_crossing_and_non_prose_findings_are_marked() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let p = dir.path();
    write(
        p,
        "page.md",
        "# Title\n\nGet `code` fast, free shipping on all orders!\n\n\
         | Plan | Support |\n| --- | --- |\n| Pro | premium support |\n\n\
         <!-- fogcheck-disable puffery -->\nNothing here.\n",
    );
    let json_run = fogcheck_in(p, &["--no-config", "--format", "json", "."]);
    let doc = json(&json_run);
    let findings = doc["findings"].as_array().expect("findings");
    let rules: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(rules.contains(&"suppression/unused"), "{rules:?}");
    let run = fogcheck_in(p, &["--no-config", "--format", "html", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let html = html_of(&run);
    let marks = marks(html);
    assert_eq!(marks.len(), findings.len());
    for (i, finding) in findings.iter().enumerate() {
        let mark = &marks[&format!("f-{}", i + 1)];
        assert_eq!(attribute(&mark.tag, "data-rule"), finding["rule"].as_str());
        assert_eq!(mark.text, finding["matched"].as_str().expect("matched"));
    }
    assert!(html.contains("Overlaps the fog before it"), "{html}");
    assert!(html.contains("<h4>Not in the prose</h4>"), "{html}");
}

/// Nothing loads from outside: no script, no stylesheet, image, frame or
/// font to fetch, no CSS url(); the only `http` links are plain `<a href>`
/// to the guidance in the rules' documentation.
#[test]
fn the_page_loads_nothing_and_links_out_only_from_rule_docs() {
    let run = fogcheck(&["--format", "html", "fixtures/"]);
    let html = html_of(&run);
    let lower = html.to_lowercase();
    for banned in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "<video",
        "<audio",
        "<source",
        "<base",
        " src=",
        "src=\"http",
        "@import",
        "url(",
        "@font-face",
    ] {
        assert!(!lower.contains(banned), "the report holds {banned}");
    }
    assert!(lower.contains("content-security-policy"));
    let mut outside_links = 0;
    for (at, _) in lower.match_indices("href=\"http") {
        outside_links += 1;
        // Inside a rule's documentation section, as a plain link.
        let section = lower[..at].rfind("<section ").expect("inside a section");
        assert!(
            lower[section..].starts_with("<section class=\"card rule-doc\""),
            "an outside link not in rule docs: {}",
            &html[at.saturating_sub(200)..at + 80]
        );
        assert!(!lower[section..at].contains("</section>"));
        let tag_start = lower[..at].rfind('<').expect("in a tag");
        assert!(
            lower[tag_start..].starts_with("<a "),
            "{}",
            &html[tag_start..at]
        );
    }
    assert!(outside_links > 0, "the rule docs link their guidance");
}

/// Every in-page link (`href="#…"`) has its target, and each rule found has
/// its documentation section with summary, why and roadsign.
#[test]
fn in_page_links_have_targets_and_rules_are_documented() {
    let run = fogcheck(&["--format", "html", "fixtures/"]);
    let html = html_of(&run);
    let ids: BTreeSet<&str> = html
        .match_indices(" id=\"")
        .map(|(at, m)| {
            let rest = &html[at + m.len()..];
            &rest[..rest.find('"').expect("id ends")]
        })
        .collect();
    for (at, m) in html.match_indices("href=\"#") {
        let rest = &html[at + m.len()..];
        let target = &rest[..rest.find('"').expect("href ends")];
        assert!(ids.contains(target), "no target for #{target}");
    }
    let doc = json(&fogcheck(&["--format", "json", "fixtures/"]));
    let rules: BTreeSet<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    for rule in rules {
        let anchor = format!("id=\"rule-{rule}\"");
        let at = html
            .find(&anchor)
            .unwrap_or_else(|| panic!("no documentation for {rule}"));
        let section = &html[at..at + html[at..].find("</section>").expect("closed")];
        for part in ["Why it is fog", "Roadsign: write instead"] {
            assert!(section.contains(part), "{rule}: no {part}");
        }
        assert!(
            html.contains(&format!("href=\"#rule-{rule}\"")),
            "no note links {rule}"
        );
    }
}

/// Text from checked files is escaped: a `<script>` in a page (and markup
/// in a file name) shows as text.
#[test]
fn markup_in_checked_files_and_their_names_is_escaped() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let p = dir.path();
    write(
        p,
        "a<b>&\"x\".txt",
        "We offer <script>alert(\"x\")</script> fast shipping & a full refund.\n\n\
         <img src=\"http://example.com/x.png\"> <SCRIPT src=http://example.com/x.js></SCRIPT>\n",
    );
    let run = fogcheck_in(p, &["--no-config", "--format", "html", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let html = html_of(&run);
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    assert!(!lower.contains("<img"), "{html}");
    assert!(html.contains("We offer &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=&quot;http://example.com/x.png&quot;&gt;"));
    assert!(html.contains("a&lt;b&gt;&amp;&quot;x&quot;.txt"), "{html}");
    assert_eq!(marks(html).len(), 2);
}

/// The summary gives the run's fog score and the foggiest pages; clean
/// files are listed as clean; a run with no fog exits 0 and says so.
#[test]
fn summary_scores_and_clean_files() {
    // fixtures/ holds the copy of unrelated sample businesses; the ledger's
    // contradictions between them would leave no file clean here.
    let doc = json(&fogcheck(&[
        "--format",
        "json",
        "--ignore",
        "ledger",
        "fixtures/",
    ]));
    let run = fogcheck(&["--format", "html", "--ignore", "ledger", "fixtures/"]);
    let html = html_of(&run);
    let score = format!(
        "{:.1}",
        doc["summary"]["fog_score"].as_f64().expect("score")
    );
    assert!(
        html.contains(&format!("<dt>Fog score</dt><dd>{score}<")),
        "no run score {score}"
    );
    let summary = &html[..html.find("<section id=\"files\"").expect("files")];
    assert!(summary.contains("Pages with the most fog"));
    // The summary's table shows the 10 foggiest pages; the rest are counted.
    let mut scores: Vec<f64> = doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["findings"] != 0)
        .map(|f| f["fog_score"].as_f64().expect("score"))
        .collect();
    scores.sort_by(|a, b| b.total_cmp(a));
    let cutoff = scores.get(9).copied().unwrap_or(0.0);
    if scores.len() > 10 {
        assert!(summary.contains(&format!("and {} page", scores.len() - 10)));
    }
    for file in doc["files"].as_array().expect("files") {
        let path = file["path"].as_str().expect("path").replace('/', "/<wbr>");
        if file["findings"] != 0 && file["fog_score"].as_f64().expect("score") < cutoff {
            continue;
        }
        if file["findings"] == 0 {
            assert!(
                html.contains(&format!(
                    "<span class=\"path\">{path}</span> <span class=\"meta\">clean · "
                )),
                "{path} not listed as clean"
            );
        } else if file["fog_score"].as_f64().expect("score") > cutoff {
            let shown = format!("{:.1}", file["fog_score"].as_f64().expect("score"));
            assert!(html.contains(&format!("{path}</a></td><td class=\"n\">{shown}</td>")));
        }
    }

    let run = fogcheck(&["--format", "html", "--fail-on", "info", "fixtures/clean/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = html_of(&run);
    assert!(html.contains("No file has fog."));
    assert!(html.contains("<dt>Fog score</dt><dd>0.0<"));
    assert_eq!(marks(html).len(), 0);
}

/// A run that checked nothing (allowed) says so; standard input is a page
/// like any other.
#[test]
fn an_empty_run_and_standard_input() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let run = fogcheck_in(
        dir.path(),
        &["--no-config", "--allow-empty", "--format", "html", "."],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = html_of(&run);
    assert!(html.contains("No file was checked."));
    assert!(html.contains("No file has fog."));

    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fogcheck"))
        .args([
            "--no-config",
            "--format",
            "html",
            "--stdin-filename",
            "page.txt",
            "-",
        ])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("fogcheck runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"We offer fast shipping <script>x</script>.\n")
        .expect("write");
    let output = child.wait_with_output().expect("finishes");
    assert_eq!(output.status.code(), Some(1));
    let html = String::from_utf8(output.stdout).expect("UTF-8");
    let marks = marks(&html);
    assert_eq!(marks["f-1"].text, "fast shipping");
    assert!(html.contains("<h3 class=\"path\">page.txt</h3>"), "{html}");
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
}

/// `--output-file` gets the page, standard output the summary line; file
/// errors are in the page and on standard error, with exit 2;
/// `--statistics` has no HTML form.
#[test]
fn output_file_errors_and_statistics() {
    let dir = project();
    let p = dir.path();
    write(p, "a.md", "zorbly\n");
    std::fs::write(p.join("bad.md"), b"\xff\xfe\x00binary").expect("write");
    let run = fogcheck_in(
        p,
        &[
            "--rules",
            "rules",
            "--format",
            "html",
            "--output-file",
            "r.html",
            "a.md",
            "bad.md",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.starts_with("1 finding"), "{}", run.stdout);
    assert!(run.stderr.contains("bad.md"), "{}", run.stderr);
    let html = std::fs::read_to_string(p.join("r.html")).expect("written");
    assert!(html.contains("Could not be checked (1)"));
    assert!(html.contains("<mark data-rule=\"custom/zorbly\""));

    let run = fogcheck_in(
        p,
        &[
            "--rules",
            "rules",
            "--statistics",
            "--format",
            "html",
            "a.md",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--statistics cannot be written as html"),
        "{}",
        run.stderr
    );
}

/// The report's body on a small project: structure, classes, numbering.
#[test]
fn html_body_snapshot() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "docs/page.md",
        "# Zorbly plans\n\nOur wibbly tool is zorbly & more.\n\n- a wibbly list item\n",
    );
    write(p, "docs/clean.md", "Nothing to see here.\n");
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "html", "docs"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let html = html_of(&run);
    let main = &html[html.find("<main>").expect("main")..];
    let main = &main[..main.find("</main>").expect("main ends") + "</main>".len()];
    insta::assert_snapshot!("html_body", main);
}
