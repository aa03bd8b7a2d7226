//! The CI report formats for other hosts: GitLab Code Quality and JUnit XML.

use crate::support::{fogcheck, fogcheck_in, json, project, test_rule, write};

/// The fields GitLab requires of every Code Quality issue, with the values
/// it accepts.
#[test]
fn gitlab_issues_on_fixtures_have_every_required_field() {
    let run = fogcheck(&["--format", "gitlab", "fixtures/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    let issues = doc.as_array().expect("a JSON array of issues");
    assert!(issues.len() > 10, "{issues:#?}");
    let mut fingerprints = std::collections::BTreeSet::new();
    for issue in issues {
        let text = |field: &str| {
            issue[field]
                .as_str()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| panic!("no {field}: {issue:#}"))
        };
        text("description");
        let check = text("check_name");
        assert!(
            check.contains('/') && !check.contains(' '),
            "check_name is a rule id: {check}"
        );
        let fingerprint = text("fingerprint");
        assert!(
            fingerprints.insert(fingerprint.to_string()),
            "GitLab shows one issue per fingerprint; {fingerprint} repeats"
        );
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&text("severity")),
            "{issue:#}"
        );
        let path = issue["location"]["path"].as_str().expect("location.path");
        assert!(
            !path.starts_with('/') && !path.starts_with("./") && !path.contains('\\'),
            "{path}"
        );
        assert!(crate::support::root().join(path).is_file(), "{path}");
        let begin = issue["location"]["lines"]["begin"]
            .as_u64()
            .expect("location.lines.begin");
        assert!(begin >= 1, "{issue:#}");
        let end = issue["location"]["lines"]["end"].as_u64().expect("end");
        assert!(end >= begin, "{issue:#}");
    }
}

#[test]
fn gitlab_severities_map_and_fingerprints_are_the_sarif_ones() {
    let dir = project();
    let p = dir.path();
    write(p, "rules/custom/blorp.toml", &test_rule("blorp", "error"));
    write(
        p,
        "docs/a.md",
        "zorbly and wibbly and blorp.\n\nZorbly again.\n",
    );
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "gitlab", "docs"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let issues = json(&run);
    let got: Vec<(String, String, u64)> = issues
        .as_array()
        .expect("array")
        .iter()
        .map(|i| {
            (
                i["check_name"].as_str().expect("check_name").to_string(),
                i["severity"].as_str().expect("severity").to_string(),
                i["location"]["lines"]["begin"].as_u64().expect("line"),
            )
        })
        .collect();
    let want = [
        ("custom/zorbly", "minor", 1),
        ("other/wibbly", "info", 1),
        ("custom/blorp", "major", 1),
        ("custom/zorbly", "minor", 3),
    ];
    let want: Vec<(String, String, u64)> = want
        .iter()
        .map(|(r, s, l)| (r.to_string(), s.to_string(), *l))
        .collect();
    assert_eq!(got, want);
    assert_eq!(issues[0]["description"], "“zorbly” is vague");
    assert_eq!(issues[0]["location"]["path"], "docs/a.md");

    let sarif = json(&fogcheck_in(
        p,
        &["--rules", "rules", "--format", "sarif", "docs"],
    ));
    let sarif_prints: Vec<&serde_json::Value> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| &r["partialFingerprints"]["fogcheck/v1"])
        .collect();
    let gitlab_prints: Vec<&serde_json::Value> = issues
        .as_array()
        .expect("array")
        .iter()
        .map(|i| &i["fingerprint"])
        .collect();
    assert_eq!(gitlab_prints, sarif_prints);
}

#[test]
fn gitlab_report_stays_json_when_a_file_cannot_be_read() {
    let dir = project();
    let p = dir.path();
    write(p, "docs/a.md", "zorbly\n");
    std::fs::write(p.join("docs/latin1.md"), b"caf\xe9\n").expect("write");
    let run = fogcheck_in(p, &["--rules", "rules", "--format", "gitlab", "docs"]);
    assert_eq!(run.code, 2, "a file error wins");
    assert_eq!(json(&run).as_array().expect("array").len(), 1);
    assert!(
        run.stderr.contains("docs/latin1.md") && run.stderr.contains("invalid UTF-8"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(p.join("docs/a.md")).expect("rm");
    std::fs::remove_file(p.join("docs/latin1.md")).expect("rm");
    write(p, "docs/b.md", "Plain words.\n");
    let clean = fogcheck_in(p, &["--rules", "rules", "--format", "gitlab", "docs"]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert_eq!(clean.stdout, "[]\n");
}

fn junit(run: &crate::support::Run) -> crate::xml::Element {
    crate::xml::parse(&run.stdout)
        .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{}", run.stdout))
}

#[test]
fn junit_on_fixtures_is_well_formed_with_a_failure_per_finding() {
    let run = fogcheck(&["--format", "junit", "fixtures/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let root = junit(&run);
    assert_eq!(root.name, "testsuites");
    let findings = json(&fogcheck(&["--format", "json", "fixtures/"]))["findings"]
        .as_array()
        .expect("findings")
        .len();
    let failures = root.find_all("failure");
    assert_eq!(failures.len(), findings);
    assert_eq!(root.attr("failures"), Some(findings.to_string().as_str()));
    assert_eq!(root.attr("errors"), Some("0"));
    let suites = root.find_all("testsuite");
    let cases = root.find_all("testcase");
    assert_eq!(root.attr("tests"), Some(cases.len().to_string().as_str()));
    for suite in &suites {
        let path = suite.attr("name").expect("suite name");
        assert!(crate::support::root().join(path).is_file(), "{path}");
        let in_suite = suite.find_all("testcase").len();
        assert_eq!(suite.attr("tests"), Some(in_suite.to_string().as_str()));
    }
    let clean = suites
        .iter()
        .find(|s| s.attr("name") == Some("fixtures/clean/shipping.md"))
        .expect("a clean file has its suite");
    assert_eq!(clean.attr("failures"), Some("0"));
    assert_eq!(clean.find_all("testcase")[0].attr("name"), Some("no fog"));
    for failure in failures {
        let rule = failure.attr("type").expect("type is the rule");
        assert!(rule.contains('/'), "{rule}");
        assert!(!failure.attr("message").unwrap_or("").is_empty());
        assert!(failure.text.contains("roadsign: "), "{}", failure.text);
    }
}

/// A finding whose words, message and file name hold `<`, `&` and `"`, a
/// file that cannot be read, and a clean file.
#[test]
fn junit_escapes_markup_and_reports_file_errors_and_clean_files() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "rules/custom/tricky.toml",
        r#"summary = "Tricky"
severity = "error"
message = "“{match}” is <b>vague</b> & \"odd\""
why = "Because."
roadsign = "Say <N> & \"M\"."

[match]
kind = "regex"
pattern = '"zorbly" <fast> & free'
"#,
    );
    write(
        p,
        "docs/r&d \"x\".txt",
        "Our \"zorbly\" <fast> & free plan.\n",
    );
    write(p, "docs/plain.txt", "Plain words.\n");
    std::fs::write(p.join("docs/<bad>.md"), b"caf\xe9\n").expect("write");
    let run = fogcheck_in(
        p,
        &[
            "--rules",
            "rules",
            "--format",
            "junit",
            "--select",
            "custom/tricky",
            "docs",
        ],
    );
    assert_eq!(run.code, 2, "a file error wins: {}", run.stderr);
    let root = junit(&run);
    assert_eq!(
        (
            root.attr("tests"),
            root.attr("failures"),
            root.attr("errors")
        ),
        (Some("3"), Some("1"), Some("1"))
    );
    let suites = root.find_all("testsuite");
    let names: Vec<&str> = suites.iter().filter_map(|s| s.attr("name")).collect();
    assert_eq!(
        names,
        ["docs/<bad>.md", "docs/plain.txt", "docs/r&d \"x\".txt"]
    );

    let error = &suites[0].find_all("error")[0];
    assert!(
        error
            .attr("message")
            .is_some_and(|m| m.contains("invalid UTF-8")),
        "{error:?}"
    );
    assert_eq!(
        suites[1].find_all("testcase")[0].attr("name"),
        Some("no fog")
    );
    assert!(suites[1].find_all("failure").is_empty());

    let case = &suites[2].find_all("testcase")[0];
    assert_eq!(
        case.attr("name"),
        Some("custom/tricky: \"zorbly\" <fast> & free")
    );
    assert_eq!(case.attr("line"), Some("1"));
    assert_eq!(case.attr("file"), Some("docs/r&d \"x\".txt"));
    let failure = &case.find_all("failure")[0];
    assert_eq!(
        failure.attr("message"),
        Some("“\"zorbly\" <fast> & free” is <b>vague</b> & \"odd\"")
    );
    assert_eq!(failure.attr("type"), Some("custom/tricky"));
    assert_eq!(
        failure.text,
        "docs/r&d \"x\".txt:1:5: error[custom/tricky] \
         “\"zorbly\" <fast> & free” is <b>vague</b> & \"odd\"\n\
         matched: \"zorbly\" <fast> & free\n\
         roadsign: Say <N> & \"M\"."
    );
    assert!(
        run.stdout.contains("&lt;fast&gt; &amp; free"),
        "{}",
        run.stdout
    );
}

/// Test cases are named by rule and words, so moving fog keeps its name;
/// repeats in a file are numbered.
#[test]
fn junit_case_names_survive_moves_and_number_repeats() {
    let dir = project();
    let p = dir.path();
    write(p, "a.md", "Zorbly here.\n\nAnd zorbly there, wibbly too.\n");
    let names = |run: &crate::support::Run| -> Vec<String> {
        junit(run)
            .find_all("testcase")
            .iter()
            .map(|c| c.attr("name").expect("name").to_string())
            .collect()
    };
    let before = names(&fogcheck_in(
        p,
        &["--rules", "rules", "--format", "junit", "a.md"],
    ));
    assert_eq!(
        before,
        [
            "custom/zorbly: Zorbly",
            "custom/zorbly: zorbly #2",
            "other/wibbly: wibbly"
        ]
    );
    write(
        p,
        "a.md",
        "Intro.\n\nZorbly here.\n\nAnd zorbly there, wibbly too.\n",
    );
    let after = names(&fogcheck_in(
        p,
        &["--rules", "rules", "--format", "junit", "a.md"],
    ));
    assert_eq!(before, after);
}
