//! The CI report formats for other hosts: GitLab Code Quality.

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
