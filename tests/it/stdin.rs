//! Standard input, checked as the file `--stdin-filename` names.

use crate::support::{found, json, project, write};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

pub fn with_stdin(dir: &Path, args: &[&str], input: &str) -> crate::support::Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fogcheck"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("fogcheck runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("fogcheck ends");
    crate::support::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("utf-8"),
        stderr: String::from_utf8(output.stderr).expect("utf-8"),
    }
}

#[test]
fn stdin_is_checked_as_the_named_file() {
    let dir = project();
    let p = dir.path();
    write(
        p,
        "fogcheck.toml",
        "rules = [\"rules\"]\nexclude = [\"drafts\"]\n[[overrides]]\nfiles = [\"legal/**\"]\nseverity = { custom = \"error\" }\n",
    );
    let page = "Plain.\n\n`zorbly` in code, zorbly in prose.\n";
    let run = with_stdin(
        p,
        &["--format", "json", "--stdin-filename", "docs/page.md", "-"],
        page,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(found(&run), ["docs/page.md:3 custom/zorbly warning"]);
    assert_eq!(
        json(&run)["findings"][0]["column"],
        19,
        "Markdown: code is skipped"
    );

    // The extension picks the format: as text, code spans are prose.
    let run = with_stdin(
        p,
        &["--format", "json", "--stdin-filename", "notes.txt", "-"],
        page,
    );
    assert_eq!(json(&run)["findings"][0]["column"], 2);

    // Overrides and excludes apply to the given path.
    let run = with_stdin(
        p,
        &["--format", "json", "--stdin-filename", "legal/t.md"],
        page,
    );
    assert_eq!(found(&run), ["legal/t.md:3 custom/zorbly error"]);
    let run = with_stdin(
        p,
        &["--format", "json", "--stdin-filename", "drafts/x.md", "-"],
        page,
    );
    assert_eq!(run.code, 0);
    assert_eq!(json(&run)["summary"]["files_checked"], 0);

    // Without a name it is Markdown called <stdin>; an unknown type is an error.
    let run = with_stdin(p, &["--format", "concise", "-"], page);
    assert!(
        run.stdout
            .starts_with("<stdin>:3:19: warning[custom/zorbly]"),
        "{}",
        run.stdout
    );
    let run = with_stdin(p, &["--stdin-filename", "page.js", "-"], page);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("page.js: unknown file type"),
        "{}",
        run.stderr
    );
}
