//! The CI formats: SARIF (snapshot and field by field; the schema check is
//! scripts/validate-sarif.sh), GitHub workflow commands and their escaping,
//! --statistics and --output-file.

use crate::support::{fogcheck_in, json, project, test_rule, write};
use std::path::Path;

/// A project whose rule has a link and a message with `%`, `:` and `,`, a
/// page with a one-line and a two-line finding, and an unreadable file.
fn sarif_project() -> tempfile::TempDir {
    let dir = project();
    let p = dir.path();
    let rule = test_rule("zorbly fast", "warning")
        .replace(
            "message = \"“{match}” is vague\"",
            "message = \"“{match}” is 100% vague: say how fast, in days\"",
        )
        .replace(
            "roadsign = ",
            "link = \"https://example.com/guidance/zorbly\"\nroadsign = ",
        );
    write(p, "rules/custom/zorbly.toml", &rule);
    write(
        p,
        "docs/page one.md",
        "# Shipping\n\nWe are zorbly\nfast. Really zorbly fast.\n\nAnd wibbly.\n\n\
         <!-- fogcheck-disable-next-line -->\nPlain.\n",
    );
    std::fs::write(p.join("docs/latin1.md"), b"caf\xe9\n").expect("write");
    dir
}

fn sarif(dir: &Path) -> (crate::support::Run, serde_json::Value) {
    let run = fogcheck_in(dir, &["--rules", "rules", "--format", "sarif", "docs"]);
    let doc = json(&run);
    (run, doc)
}

#[test]
fn sarif_has_rules_results_locations_fingerprints_and_notifications() {
    let dir = sarif_project();
    let (run, doc) = sarif(dir.path());
    assert_eq!(run.code, 2, "a file error wins: {}", run.stderr);
    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().is_some_and(|s| s.contains("sarif")));
    let run0 = &doc["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "fogcheck");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://")));

    let rules = driver["rules"].as_array().expect("rules");
    let zorbly = rules
        .iter()
        .find(|r| r["id"] == "custom/zorbly")
        .expect("rule metadata");
    assert_eq!(zorbly["shortDescription"]["text"], "Says zorbly fast");
    assert_eq!(
        zorbly["fullDescription"]["text"],
        "Nobody knows what zorbly fast means."
    );
    assert!(zorbly["help"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("Say what it does in {N} words.")));
    assert!(zorbly["help"]["markdown"]
        .as_str()
        .is_some_and(|t| t.contains("Say what it does")));
    assert_eq!(zorbly["helpUri"], "https://example.com/guidance/zorbly");
    assert_eq!(zorbly["defaultConfiguration"]["level"], "warning");
    assert!(rules.iter().any(|r| r["id"] == "suppression/unused"));

    let results = run0["results"].as_array().expect("results");
    assert_eq!(results.len(), 4, "{results:#?}");
    assert_eq!(rules.len(), 3, "only rules with results are described");
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let fp = result["partialFingerprints"]["fogcheck/v1"]
            .as_str()
            .expect("fingerprint");
        assert_eq!(fp.len(), 16);
    }
    let first = &results[0];
    assert_eq!(first["ruleId"], "custom/zorbly");
    assert_eq!(first["level"], "warning");
    assert_eq!(
        first["message"]["text"],
        "“zorbly fast” is 100% vague: say how fast, in days"
    );
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "docs/page%20one.md");
    let region = &location["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (&3.into(), &8.into(), &4.into(), &5.into())
    );
    assert_eq!(region["byteOffset"], 19);
    assert_eq!(region["byteLength"], "zorbly\nfast".len());
    assert_eq!(results[2]["ruleId"], "other/wibbly");
    assert_eq!(results[2]["level"], "note");

    let invocation = &run0["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "docs/latin1.md"
    );
    assert!(note["message"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("invalid UTF-8")));

    insta::assert_snapshot!(
        "sarif",
        run.stdout.replace(env!("CARGO_PKG_VERSION"), "[version]")
    );
}

#[test]
fn sarif_fingerprints_survive_lines_inserted_above() {
    let dir = sarif_project();
    let p = dir.path();
    let prints = |doc: &serde_json::Value| -> Vec<String> {
        doc["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["partialFingerprints"]["fogcheck/v1"].to_string())
            .collect()
    };
    let before = prints(&sarif(p).1);
    let text = std::fs::read_to_string(p.join("docs/page one.md")).expect("read");
    write(
        p,
        "docs/page one.md",
        &format!("Intro.\n\nMore intro.\n\n{text}"),
    );
    let after = prints(&sarif(p).1);
    assert_eq!(before, after);
    let unique: std::collections::BTreeSet<&String> = after.iter().collect();
    assert_eq!(unique.len(), after.len(), "repeats are told apart");
}

#[test]
fn github_commands_are_escaped_and_multi_line_spans_have_no_columns() {
    let dir = sarif_project();
    let p = dir.path();
    std::fs::remove_file(p.join("docs/latin1.md")).expect("rm");
    write(p, "docs/a,b:c.md", "zorbly fast\n");
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "github", "docs"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "::warning file=docs/a%2Cb%3Ac.md,line=1,endLine=1,col=1,endColumn=12,\
         title=custom/zorbly::“zorbly fast” is 100%25 vague: say how fast, in days\
         %0Aroadsign: Say what it does in {N} words."
    );
    assert!(
        lines[1]
            .starts_with("::warning file=docs/page one.md,line=3,endLine=4,title=custom/zorbly::"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2]
            .starts_with("::warning file=docs/page one.md,line=4,endLine=4,col=14,endColumn=25,"),
        "{}",
        lines[2]
    );
    assert!(lines[3].starts_with("::notice file=docs/page one.md,line=6,"));
    assert!(lines[4].starts_with("::warning file=docs/page one.md,line=8,"));
    assert!(lines[5].ends_with("in 2 files checked"), "{}", lines[5]);
}

#[test]
fn statistics_count_per_rule_most_frequent_first() {
    let dir = project();
    let p = dir.path();
    write(p, "a.md", "wibbly, wibbly and zorbly.\n\nWibbly.\n");
    write(p, "b.md", "zorbly\n");
    let run = fogcheck_in(p, &["--rules", "rules", "--statistics", "."]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "    3  other/wibbly   info");
    assert_eq!(lines[1], "    2  custom/zorbly  warning");
    assert!(lines[2].starts_with("5 findings"), "{}", lines[2]);
    let run = fogcheck_in(
        p,
        &["--rules", "rules", "--statistics", "--format", "json", "."],
    );
    let doc = json(&run);
    assert_eq!(doc[0]["rule"], "other/wibbly");
    assert_eq!(doc[0]["count"], 3);
    assert_eq!(doc[1]["count"], 2);
}

/// The fog score weighs findings by severity (error 3, warning 2, info 1)
/// per 1,000 words of prose: per file and for the run, in JSON and in the
/// statistics. A clean file adds words, not fog.
#[test]
fn fog_score_per_file_and_for_the_run() {
    let dir = project();
    let p = dir.path();
    // 5 words; 3 info + 1 warning weigh 5: 1,000 per 1,000 words.
    write(p, "a.md", "wibbly, wibbly and zorbly.\n\nWibbly.\n");
    // 1 word; 1 warning weighs 2.
    write(p, "b.md", "zorbly\n");
    // 14 words, no fog (the heading's `#` is not a word).
    write(
        p,
        "c.md",
        "# Plain page\n\nShips within 2 business days; refunds within 30 days of delivery date.\n",
    );
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    let files = doc["files"].as_array().expect("files");
    let row = |path: &str| {
        files
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path} in {files:?}"))
    };
    assert_eq!(row("a.md")["words"], 5);
    assert_eq!(row("a.md")["findings"], 4);
    assert_eq!(row("a.md")["fog_score"], 1000.0);
    assert_eq!(row("b.md")["fog_score"], 2000.0);
    assert_eq!(row("c.md")["words"], 14);
    assert_eq!(row("c.md")["findings"], 0);
    assert_eq!(row("c.md")["fog_score"], 0.0);
    // 7 weight in 20 words.
    assert_eq!(doc["summary"]["words"], 20);
    assert_eq!(doc["summary"]["fog_score"], 350.0);

    let run = fogcheck_in(p, &["--rules", "rules", "--statistics", "."]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[2].starts_with("5 findings"), "{}", run.stdout);
    let at = lines
        .iter()
        .position(|l| l.starts_with("fog score "))
        .unwrap_or_else(|| panic!("no fog score line: {}", run.stdout));
    assert!(
        lines[at].starts_with("fog score 350.0 (findings weighted error 3, warning 2, info 1"),
        "{}",
        run.stdout
    );
    assert!(lines[at].ends_with("; 20 words)"), "{}", run.stdout);
    // The foggiest files follow; clean files are not listed.
    assert_eq!(
        lines[at + 1..],
        [" 2000.0  b.md (1 word)", " 1000.0  a.md (5 words)"],
        "{}",
        run.stdout
    );
}

#[test]
fn statistics_in_a_format_without_counts_is_a_usage_error() {
    let dir = project();
    let p = dir.path();
    write(p, "a.md", "zorbly\n");
    for format in ["sarif", "github", "gitlab", "junit"] {
        let run = fogcheck_in(
            p,
            &["--rules", "rules", "--statistics", "--format", format, "."],
        );
        assert_eq!(run.code, 2, "{format}: {}", run.stdout);
        assert_eq!(run.stdout, "", "{format}");
        assert!(
            run.stderr
                .contains(&format!("--statistics cannot be written as {format}")),
            "{}",
            run.stderr
        );
    }
    let run = fogcheck_in(
        p,
        &[
            "--rules",
            "rules",
            "--statistics",
            "--format",
            "concise",
            ".",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("    1  custom/zorbly"),
        "{}",
        run.stdout
    );
}

#[test]
fn output_file_gets_the_report_and_stdout_the_summary() {
    let dir = project();
    let p = dir.path();
    write(p, "a.md", "zorbly\n");
    let run = fogcheck_in(
        p,
        &[
            "--rules",
            "rules",
            "--format",
            "sarif",
            "--output-file",
            "out.sarif",
            "a.md",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "1 finding (0 error, 1 warning, 0 info) in 1 file checked\n"
    );
    let text = std::fs::read_to_string(p.join("out.sarif")).expect("written");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("SARIF");
    assert_eq!(doc["runs"][0]["results"][0]["ruleId"], "custom/zorbly");

    let run = fogcheck_in(
        p,
        &[
            "--rules",
            "rules",
            "--output-file",
            "no/such/dir/out.txt",
            "a.md",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
}

/// Editors do not show a UTF-8 byte-order mark: columns count from after
/// it, while byte offsets stay offsets into the file as stored.
#[test]
fn a_byte_order_mark_does_not_shift_columns() {
    let dir = project();
    let p = dir.path();
    write(p, "plain.md", "zorbly here\n");
    write(p, "bom.md", "\u{feff}zorbly here\n");
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "bom.md"]);
    let finding = &json(&run)["findings"][0];
    assert_eq!(finding["line"], 1);
    assert_eq!(finding["column"], 1, "{finding}");
    assert_eq!(finding["end_column"], 7, "{finding}");
    assert_eq!(finding["byte_start"], 3, "{finding}");
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "concise", "bom.md"]);
    assert!(
        run.stdout.starts_with("bom.md:1:1: warning[custom/zorbly]"),
        "{}",
        run.stdout
    );
    let run = fogcheck_in(p, &["--rules", "rules", "bom.md"]);
    assert!(run.stdout.contains("--> bom.md:1:1"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{feff}'), "{}", run.stdout);
    let plain = fogcheck_in(p, &["--rules", "rules", "plain.md"]);
    assert_eq!(
        run.stdout.replace("bom.md", "plain.md"),
        plain.stdout,
        "human output is the same with and without the mark"
    );
}

/// GitHub shows 10 annotations of each level per step: every finding is
/// still printed, and a closing notice says how many will not show.
#[test]
fn github_says_how_many_annotations_it_will_not_show() {
    let dir = project();
    let p = dir.path();
    write(p, "rules/custom/blorp.toml", &test_rule("blorp", "error"));
    let paragraphs = |word: &str, n: usize| -> String {
        (0..n).map(|i| format!("{word} number {i}.\n\n")).collect()
    };
    let run_on = |text: &str| {
        write(p, "docs/a.md", text);
        fogcheck_in(
            p,
            &[
                "--rules",
                "rules",
                "--select",
                "custom,other",
                "--format",
                "github",
                "docs",
            ],
        )
    };
    let notice = |run: &crate::support::Run| -> Option<String> {
        run.stdout
            .lines()
            .last()
            .filter(|l| l.starts_with("::notice title=fogcheck::"))
            .map(str::to_string)
    };

    // Exactly 10 of each level: all shown, no note.
    let run = run_on(&format!(
        "{}{}{}",
        paragraphs("zorbly", 10),
        paragraphs("wibbly", 10),
        paragraphs("blorp", 10)
    ));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().filter(|l| l.starts_with("::")).count(),
        30
    );
    assert_eq!(notice(&run), None, "{}", run.stdout);

    // 12 warnings and 11 notices: all 23 printed, then the note.
    let run = run_on(&format!(
        "{}{}{}",
        paragraphs("zorbly", 12),
        paragraphs("wibbly", 11),
        paragraphs("blorp", 3)
    ));
    let commands = |run: &crate::support::Run, level: &str| {
        run.stdout
            .lines()
            .filter(|l| l.starts_with(&format!("::{level} file=")))
            .count()
    };
    assert_eq!(commands(&run, "warning"), 12);
    assert_eq!(commands(&run, "notice"), 11);
    assert_eq!(commands(&run, "error"), 3);
    assert_eq!(
        notice(&run).as_deref(),
        Some(
            "::notice title=fogcheck::GitHub shows only the first 10 annotations of each \
             level in a step: 2 warnings and 1 notice beyond that will not appear as \
             annotations (all are in this log). Use --format sarif with code scanning \
             to see every finding."
        ),
        "{}",
        run.stdout
    );

    // File errors are error annotations too.
    std::fs::write(p.join("docs/latin1.md"), b"caf\xe9\n").expect("write");
    let run = run_on(&paragraphs("blorp", 10));
    assert_eq!(run.code, 2);
    assert_eq!(commands(&run, "error"), 11);
    assert!(
        notice(&run).is_some_and(|n| n.contains(": 1 error beyond that")),
        "{}",
        run.stdout
    );
}

/// SARIF and JSON are written one result at a time: 30,000 findings fit in
/// a 150 MB data limit (`ulimit -d`, which on Linux covers the heap and
/// private mappings). Building the SARIF log as one `serde_json::Value`
/// took about 11 KB a finding and was killed here (allocation failure
/// even at 300 MB); what stays is the report itself, about 1.3 KB a finding.
#[cfg(target_os = "linux")]
#[test]
fn sarif_and_json_memory_stays_bounded_per_finding() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let n = 30_000;
    let page: String = (0..n).map(|i| format!("- item {i} ships soon\n")).collect();
    write(dir.path(), "page.md", &page);
    for format in ["sarif", "json"] {
        let output = std::process::Command::new("sh")
            .args([
                "-c",
                "ulimit -d 150000 && exec \"$0\" --no-config --threads 1 --format \"$1\" page.md",
                env!("CARGO_BIN_EXE_fogcheck"),
                format,
            ])
            .current_dir(dir.path())
            .output()
            .expect("sh runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{format}: {stderr}");
        let doc: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let found = match format {
            "sarif" => doc["runs"][0]["results"].as_array().map(Vec::len),
            _ => doc["findings"].as_array().map(Vec::len),
        };
        assert_eq!(found, Some(n), "{format}");
    }
}

/// A file name that is not UTF-8 is shown with a replacement character in
/// the human formats, and JSON carries its bytes in `path_bytes` (findings
/// and errors) so a tool can map it back; SARIF percent-encodes the bytes.
#[cfg(unix)]
#[test]
fn non_utf8_file_names_keep_their_bytes_in_json_and_sarif() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = project();
    let p = dir.path();
    let name = b"caf\xe9 page.md";
    write(p, "docs/plain.md", "We are zorbly.\n");
    std::fs::write(
        p.join("docs").join(OsStr::from_bytes(name)),
        "We are zorbly.\n",
    )
    .expect("write");
    std::fs::write(
        p.join("docs").join(OsStr::from_bytes(b"bad\xff.md")),
        b"caf\xe9\n",
    )
    .expect("write");

    let run = fogcheck_in(p, &["--rules", "rules", "--format", "json", "docs"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let doc = json(&run);
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 2);
    let odd = &findings[0];
    assert_eq!(odd["path"], "docs/caf\u{fffd} page.md");
    let bytes: Vec<u8> = odd["path_bytes"]
        .as_array()
        .expect("path_bytes")
        .iter()
        .map(|b| b.as_u64().expect("a byte") as u8)
        .collect();
    assert_eq!(bytes, [b"docs/".as_slice(), name].concat());
    assert!(std::fs::read(p.join(OsStr::from_bytes(&bytes))).is_ok());
    // A UTF-8 path has no `path_bytes`: the field is an addition.
    assert_eq!(findings[1]["path"], "docs/plain.md");
    assert!(findings[1].get("path_bytes").is_none(), "{}", findings[1]);
    let error = &doc["errors"][0];
    assert_eq!(error["path"], "docs/bad\u{fffd}.md");
    assert_eq!(
        error["path_bytes"],
        serde_json::json!(b"docs/bad\xff.md".to_vec())
    );
    assert_eq!(doc["version"], 1);

    let run = fogcheck_in(p, &["--rules", "rules", "--format", "concise", "docs"]);
    assert!(
        run.stdout.contains("docs/caf\u{fffd} page.md:1:8:"),
        "{}",
        run.stdout
    );

    let run = fogcheck_in(p, &["--rules", "rules", "--format", "sarif", "docs"]);
    let doc = json(&run);
    let uri = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "docs/caf%E9%20page.md");
    let uri = &doc["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]
        ["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "docs/bad%FF.md");
}
