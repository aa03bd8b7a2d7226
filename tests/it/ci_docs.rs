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
            !text.contains("cargo install")
                || text.contains("actions/cache@")
                || text.contains("rust-cache@"),
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

/// Runs scripts/action-run.sh `run` in `dir` with the built binary and
/// `env`; returns the run and the outputs it set for GitHub Actions.
fn action_run(dir: &std::path::Path, env: &[(&str, &str)]) -> (crate::support::Run, String) {
    let outputs = dir.join("github-output");
    let _ = std::fs::remove_file(&outputs);
    let output = std::process::Command::new("bash")
        .arg(root().join("scripts/action-run.sh"))
        .arg("run")
        .current_dir(dir)
        .env("FOGCHECK", env!("CARGO_BIN_EXE_fogcheck"))
        .env("GITHUB_OUTPUT", &outputs)
        .envs(env.iter().copied())
        .output()
        .expect("bash runs");
    let run = crate::support::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    (run, std::fs::read_to_string(outputs).unwrap_or_default())
}

#[test]
fn action_script_writes_sarif_and_passes_on_the_exit_code() {
    let dir = project();
    let p = dir.path();
    write(p, "docs/a.md", "zorbly\n");
    write(p, "more/b.md", "wibbly\n");
    write(p, "clean/c.md", "Plain words.\n");
    let args = "--rules rules --fail-on info";

    // Fog: exit 1, every path checked, the report written and named.
    let (run, outputs) = action_run(
        p,
        &[
            ("FOGCHECK_PATHS", "docs\nmore"),
            ("FOGCHECK_ARGS", args),
            ("FOGCHECK_SARIF", "out/fog.sarif"),
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(outputs, "exit-code=1\nsarif-file=out/fog.sarif\n");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.join("out/fog.sarif")).expect("SARIF"))
            .expect("JSON");
    let rules: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["ruleId"].as_str().expect("ruleId"))
        .collect();
    assert_eq!(rules, ["custom/zorbly", "other/wibbly"]);

    // Clean: exit 0.
    let (run, outputs) = action_run(p, &[("FOGCHECK_PATHS", "clean"), ("FOGCHECK_ARGS", args)]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(outputs, "exit-code=0\nsarif-file=fogcheck.sarif\n");

    // A broken config: exit 2, and no report, not even the last one.
    write(p, "fogcheck.toml", "exlude = [\"drafts/\"]\n");
    let (run, outputs) = action_run(
        p,
        &[
            ("FOGCHECK_PATHS", "docs"),
            ("FOGCHECK_ARGS", args),
            ("FOGCHECK_SARIF", "out/fog.sarif"),
        ],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(outputs, "exit-code=2\n");
    assert!(
        !p.join("out/fog.sarif").exists(),
        "a stale report is removed"
    );

    // Inputs are data, never shell code.
    std::fs::remove_file(p.join("fogcheck.toml")).expect("rm");
    let (run, _) = action_run(
        p,
        &[
            ("FOGCHECK_PATHS", "docs/*.md $(touch pwned)"),
            ("FOGCHECK_ARGS", "--rules rules"),
        ],
    );
    assert_eq!(run.code, 2, "no file named `docs/*.md`: {}", run.stderr);
    assert!(!p.join("pwned").exists());
}

/// action.yml is a composite action whose run steps all call the one
/// script, with the inputs the README documents, and which uploads SARIF
/// after a failed check without hiding the failure.
#[test]
fn action_yml_calls_the_one_script_and_never_hides_a_failure() {
    let action = std::fs::read_to_string(root().join("action.yml")).expect("action.yml");
    assert!(action.contains("\n  using: composite\n"), "{action}");
    for input in ["version", "paths", "args", "sarif-upload"] {
        assert!(
            action.contains(&format!("\n  {input}:\n")),
            "action.yml lacks the input `{input}`"
        );
    }
    let runs: Vec<&str> = action
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("run:"))
        .map(str::trim)
        .collect();
    assert!(runs.len() >= 2, "{runs:?}");
    for run in runs {
        assert!(
            run.starts_with(r#"bash "$GITHUB_ACTION_PATH/scripts/action-run.sh" "#),
            "a run step does more than call the script: {run}"
        );
    }
    assert!(!action.contains("continue-on-error"));
    let upload = action
        .split("\n    - ")
        .find(|s| s.contains("upload-sarif@"))
        .expect("an upload step");
    assert!(upload.contains("if: always()"), "{upload}");
    assert!(upload.contains("inputs.sarif-upload == 'true'"), "{upload}");

    let workflow = std::fs::read_to_string(root().join(".github/workflows/fogcheck.yml"))
        .expect("the repository's workflow");
    assert!(workflow.contains("uses: ./\n"), "{workflow}");
}
