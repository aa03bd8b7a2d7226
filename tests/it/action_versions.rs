//! Every `uses:` the project ships or recommends — in action.yml, in
//! .github/workflows/, and in the README's ```yaml blocks — names an action
//! at its current major version. GitHub deprecates old majors (their Node
//! runtimes are removed, upload-sarif@v3 is retired), so a snippet people
//! copy must not pin one. When an action releases a new major, update
//! ALLOWED and the files together.

use crate::support::root;

/// Each action the project uses, with the refs allowed for it.
const ALLOWED: &[(&str, &[&str])] = &[
    ("actions/checkout", &["v7"]),
    ("actions/cache", &["v6"]),
    ("github/codeql-action/upload-sarif", &["v4"]),
    ("Swatinem/rust-cache", &["v2"]),
    // This action publishes no versions: it follows branches named after toolchains.
    ("dtolnay/rust-toolchain", &["stable"]),
    ("actions-rust-lang/setup-rust-toolchain", &["v1"]),
];

/// Why `uses` (the value of a `uses:` key) is not allowed, or `None`. `in_readme`
/// allows the README's placeholder for fogcheck's own action,
/// `<owner>/fogcheck@<…>`; `./` is this repository's action.
fn refuse(uses: &str, in_readme: bool) -> Option<String> {
    let (value, comment) = match uses.split_once(" #") {
        Some((value, comment)) => (value.trim(), Some(comment.trim())),
        None => (uses.trim(), None),
    };
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    if value == "./" {
        return None;
    }
    if in_readme && value.starts_with('<') && value.contains(">/fogcheck@<") {
        return None;
    }
    let Some((name, reference)) = value.split_once('@') else {
        return Some(format!("`{value}` names no version"));
    };
    let Some((_, allowed)) = ALLOWED.iter().find(|(n, _)| *n == name) else {
        return Some(format!(
            "`{name}` is not in the list of allowed actions (tests/it/action_versions.rs)"
        ));
    };
    // A commit pin counts as the major its comment names: `@<sha> # v4.31.2`.
    let reference = if reference.len() == 40 && reference.chars().all(|c| c.is_ascii_hexdigit()) {
        match comment {
            Some(version) => version,
            None => return Some(format!("`{value}` pins a commit without a `# vN` comment")),
        }
    } else {
        reference
    };
    let major = reference.split('.').next().unwrap_or(reference);
    if allowed.contains(&major) {
        None
    } else {
        Some(format!(
            "`{name}@{reference}` is not a current version (allowed: {})",
            allowed.join(", ")
        ))
    }
}

/// The value of each `uses:` key in `text`, with its line number, whether
/// the key opens a list item (`- uses:`) or not.
fn uses_lines(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let key = line.trim_start();
            let key = key.strip_prefix("- ").unwrap_or(key).trim_start();
            key.strip_prefix("uses:")
                .map(|value| (i + 1, value.trim().to_string()))
        })
        .collect()
}

#[test]
fn deprecated_majors_and_unknown_actions_are_refused() {
    for bad in [
        "actions/checkout@v3",
        "actions/checkout@v4",
        "github/codeql-action/upload-sarif@v3",
        "\"github/codeql-action/upload-sarif@v3\"",
        "actions/cache@v4",
        "actions/checkout",
        "actions/checkout@main",
        "someone/else@v1",
        "docker://alpine:3",
        "github/codeql-action/upload-sarif@0123456789abcdef0123456789abcdef01234567 # v3.28.0",
        "github/codeql-action/upload-sarif@0123456789abcdef0123456789abcdef01234567",
        "<owner>/fogcheck@<a tag or commit of fogcheck>",
    ] {
        assert!(refuse(bad, false).is_some(), "{bad} was allowed");
    }
    for good in [
        "actions/checkout@v7",
        "actions/checkout@v7.0.1",
        "'actions/checkout@v7'",
        "github/codeql-action/upload-sarif@v4 # code scanning",
        "github/codeql-action/upload-sarif@0123456789abcdef0123456789abcdef01234567 # v4.31.2",
        "dtolnay/rust-toolchain@stable",
        "./",
    ] {
        assert_eq!(refuse(good, false), None, "{good}");
    }
    assert_eq!(
        refuse("<owner>/fogcheck@<a tag or commit of fogcheck>", true),
        None
    );
    assert_eq!(
        uses_lines("steps:\n  - uses: a/b@v1\n    with:\n  - name: x\n    uses: c/d@v2 # c\n"),
        [(2, "a/b@v1".to_string()), (5, "c/d@v2 # c".to_string())]
    );
}

#[test]
fn every_uses_in_the_action_workflows_and_readme_is_current() {
    let mut sources: Vec<(String, usize, String, bool)> = Vec::new();
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    sources.push((
        "action.yml".into(),
        0,
        read(&root().join("action.yml")),
        false,
    ));
    let workflows = root().join(".github/workflows");
    let mut files: Vec<_> = std::fs::read_dir(&workflows)
        .expect(".github/workflows")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no workflow in .github/workflows");
    for file in files {
        let name = format!(
            ".github/workflows/{}",
            file.file_name().expect("name").to_string_lossy()
        );
        sources.push((name, 0, read(&file), false));
    }
    for (line, block) in crate::ci_docs::readme_yaml_blocks() {
        if block.contains("uses:") {
            sources.push(("README.md".into(), line - 1, block, true));
        }
    }

    let mut problems = Vec::new();
    let mut checked = 0;
    for (source, offset, text, in_readme) in &sources {
        let uses = uses_lines(text);
        assert!(
            !uses.is_empty(),
            "{source}:{}: no `uses:` found",
            offset + 1
        );
        for (line, value) in uses {
            checked += 1;
            if let Some(why) = refuse(&value, *in_readme) {
                problems.push(format!("{source}:{}: {why}", offset + line));
            }
        }
    }
    assert!(checked >= 10, "only {checked} `uses:` found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
