//! The CI set-ups the README recommends: they must never hide exit 2, and
//! what they promise about exit codes must hold.

use crate::support::{fogcheck_in, project, root, write};

/// The ```yaml blocks of README.md, with the line each starts on.
pub fn readme_yaml_blocks() -> Vec<(usize, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in readme.lines().enumerate() {
        match &mut current {
            None if line.trim_start().starts_with("```yaml") => {
                current = Some((i + 2, String::new()));
            }
            Some(_) if line.trim_start().starts_with("```") => {
                blocks.extend(current.take());
            }
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    assert!(current.is_none(), "README.md has an unclosed ```yaml block");
    blocks
}

/// The GitHub workflows in the README: the yaml blocks with `runs-on:`.
fn readme_workflows() -> Vec<(usize, String)> {
    readme_yaml_blocks()
        .into_iter()
        .filter(|(_, text)| text.contains("runs-on:"))
        .collect()
}

#[test]
fn readme_workflows_never_hide_exit_2_and_upload_sarif_always() {
    let workflows = readme_workflows();
    assert!(workflows.len() >= 2, "{workflows:?}");
    let mut uploads = 0;
    for (line, text) in &workflows {
        assert!(
            !text.contains("continue-on-error"),
            "README.md:{line}: continue-on-error would hide exit 2 (a broken config)"
        );
        assert!(
            !text.contains("|| true") && !text.contains("; true"),
            "README.md:{line}: an exit status is thrown away"
        );
        assert!(
            text.contains("contents: read"),
            "README.md:{line}: permissions should be read-only by default"
        );
        assert!(
            text.contains("actions/cache@") || text.contains("rust-cache@"),
            "README.md:{line}: cache the build"
        );
        if !text.contains("upload-sarif@") {
            continue;
        }
        uploads += 1;
        for permission in ["security-events: write", "actions: read"] {
            assert!(text.contains(permission), "README.md:{line}: {permission}");
        }
        // The upload step's own `if:` runs it after a failed check.
        let step = text
            .split("\n      - ")
            .find(|s| s.contains("upload-sarif@"))
            .expect("upload step");
        assert!(
            step.lines()
                .any(|l| l.trim_start().starts_with("if:") && l.contains("always()")),
            "README.md:{line}: the upload step needs `if: always()`:\n{step}"
        );
    }
    assert!(uploads >= 1, "a README workflow uploads SARIF");
}

#[test]
fn readme_gitlab_job_publishes_both_reports_even_on_failure() {
    let blocks = readme_yaml_blocks();
    let (line, gitlab) = blocks
        .iter()
        .find(|(_, text)| text.contains("codequality:"))
        .expect("a GitLab CI block");
    for needed in [
        "--format gitlab",
        "--format junit",
        "codequality: gl-code-quality-report.json",
        "junit: fogcheck-junit.xml",
        "when: always",
    ] {
        assert!(gitlab.contains(needed), "README.md:{line}: {needed}");
    }
    assert!(!gitlab.contains("|| true"), "README.md:{line}");
}

/// What the README tells CI users: `--fail-on never` lets fog pass while a
/// broken config or an unreadable file still fails.
#[test]
fn fail_on_never_passes_fog_but_not_errors() {
    let dir = project();
    let p = dir.path();
    write(p, "docs/a.md", "zorbly\n");
    for format in ["sarif", "gitlab", "junit", "github"] {
        let args = ["--rules", "rules", "--format", format, "--fail-on", "never"];
        let fog = fogcheck_in(p, &[&args[..], &["docs"]].concat());
        assert_eq!(fog.code, 0, "{format}: {}", fog.stderr);
        assert!(
            fog.stdout.contains("zorbly"),
            "{format}: fog is still reported"
        );

        write(p, "fogcheck.toml", "exlude = [\"drafts/\"]\n");
        let broken = fogcheck_in(p, &[&args[..], &["docs"]].concat());
        assert_eq!(
            broken.code, 2,
            "{format}: a broken config: {}",
            broken.stderr
        );
        std::fs::remove_file(p.join("fogcheck.toml")).expect("rm");

        std::fs::write(p.join("docs/latin1.md"), b"caf\xe9\n").expect("write");
        let unreadable = fogcheck_in(p, &[&args[..], &["docs"]].concat());
        assert_eq!(unreadable.code, 2, "{format}: an unreadable file");
        std::fs::remove_file(p.join("docs/latin1.md")).expect("rm");
    }
}
