//! Bad input: each bad file is an error naming it, the other files are still
//! checked, and the run exits 2. Broken files are made here, not kept in
//! fixtures/.

use crate::support::{fogcheck_in, fogcheck_in_within, json};
use std::fs;
use tempfile::TempDir;

#[test]
fn bad_files_are_reported_and_the_rest_is_checked() {
    let dir = TempDir::new().expect("tmp");
    let p = dir.path();
    fs::write(p.join("good.md"), "We offer expedited shipping.\n").expect("write");
    fs::write(
        p.join("latin1.md"),
        b"line one\ncaf\xe9 expedited shipping\n",
    )
    .expect("write");
    fs::write(p.join("binary.md"), b"PK\x03\x04\x00\x00binary").expect("write");
    fs::write(p.join("huge.md"), "expedited shipping\n".repeat(100)).expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(p.join("nowhere.md"), p.join("dangling.md")).expect("symlink");

    let run = fogcheck_in(
        p,
        &[
            "--format",
            "json",
            "--max-file-size",
            "1K",
            "good.md",
            "latin1.md",
            "binary.md",
            "huge.md",
            "dangling.md",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    let doc = json(&run);
    let errors: Vec<(String, String)> = doc["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap_or("").to_string(),
                e["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let find = |path: &str| {
        errors
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| panic!("no error for {path}: {errors:?}"))
    };
    assert!(find("latin1.md").contains("invalid UTF-8 at line 2, column 4"));
    assert!(find("binary.md").contains("binary file"));
    assert!(find("huge.md").contains("over the 1024-byte limit"));
    #[cfg(unix)]
    assert!(find("dangling.md").contains("broken symbolic link: its target"));
    assert_eq!(doc["summary"]["files_checked"], 1);
    assert_eq!(doc["findings"][0]["path"], "good.md");

    // The human formats name the file on standard error.
    let run = fogcheck_in(p, &["latin1.md", "good.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("error: latin1.md: invalid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("good.md"), "{}", run.stdout);
}

#[test]
fn a_missing_path_is_an_error_not_a_crash() {
    let dir = TempDir::new().expect("tmp");
    let run = fogcheck_in(dir.path(), &["--format", "json", "missing-dir"]);
    assert_eq!(run.code, 2);
    let doc = json(&run);
    assert_eq!(doc["errors"][0]["path"], "missing-dir");
    assert_eq!(doc["errors"][0]["message"], "no such file or directory");
}

/// The `(path, message)` of each error in a JSON run.
fn errors_of(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap_or("").to_string(),
                e["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// A FIFO, a device or a socket is an error naming it, never opened (opening
/// a FIFO with no writer blocks forever), whether named or met in a folder.
#[cfg(unix)]
#[test]
fn non_regular_files_are_errors_and_never_opened() {
    use std::time::Duration;
    let dir = TempDir::new().expect("tmp");
    let p = dir.path();
    fs::write(p.join("good.md"), "We offer expedited shipping.\n").expect("write");
    fs::create_dir(p.join("docs")).expect("mkdir");
    fs::write(p.join("docs/page.md"), "We offer expedited shipping.\n").expect("write");
    for fifo in ["pipe.md", "docs/pipe.md"] {
        let made = std::process::Command::new("mkfifo")
            .arg(p.join(fifo))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }
    let _socket = std::os::unix::net::UnixListener::bind(p.join("docs/sock.md")).expect("socket");
    std::os::unix::fs::symlink("/dev/zero", p.join("zero.md")).expect("symlink");

    let run = fogcheck_in_within(
        p,
        &["--format", "json", "good.md", "pipe.md", "zero.md", "docs"],
        Duration::from_secs(60),
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let doc = json(&run);
    let errors = errors_of(&doc);
    let expected = [
        ("docs/pipe.md", "not a regular file (a FIFO)"),
        ("docs/sock.md", "not a regular file (a socket)"),
        ("pipe.md", "not a regular file (a FIFO)"),
        ("zero.md", "not a regular file (a character device)"),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:?}");
    for ((path, message), (want_path, want_message)) in errors.iter().zip(expected) {
        assert_eq!(path, want_path);
        assert!(message.contains(want_message), "{path}: {message}");
    }
    // The run went on with the regular files.
    assert_eq!(doc["summary"]["files_checked"], 2);
    assert_eq!(doc["findings"].as_array().map(Vec::len), Some(2));
}

/// Every read is capped whatever size a file claims: `/dev/zero` reads as
/// size 0 and never ends. As the config or the baseline it is read up to
/// the limit and refused (exit 2), not read until memory runs out.
#[cfg(unix)]
#[test]
fn endless_config_and_baseline_files_are_capped() {
    use std::time::Duration;
    let dir = TempDir::new().expect("tmp");
    let p = dir.path();
    fs::write(p.join("good.md"), "We offer expedited shipping.\n").expect("write");
    let limit = Duration::from_secs(60);

    let run = fogcheck_in_within(
        p,
        &["--config", "/dev/zero", "--max-file-size", "1K", "good.md"],
        limit,
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("cannot read config file")
            && run.stderr.contains("over the 1024-byte limit"),
        "{}",
        run.stderr
    );

    let run = fogcheck_in_within(
        p,
        &[
            "--no-config",
            "--baseline",
            "/dev/zero",
            "--max-file-size",
            "1K",
            "good.md",
        ],
        limit,
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("cannot read baseline /dev/zero: file is over the 1024-byte limit"),
        "{}",
        run.stderr
    );
}

#[test]
fn utf16_files_are_named_as_utf16_not_binary() {
    let dir = TempDir::new().expect("tmp");
    let p = dir.path();
    let text = "We offer expedited shipping.\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    fs::write(p.join("le.md"), le).expect("write");
    fs::write(p.join("be.txt"), be).expect("write");
    let run = fogcheck_in(p, &["le.md", "be.txt"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    for name in ["le.md", "be.txt"] {
        assert!(
            run.stderr.contains(&format!(
                "error: {name}: UTF-16 is not supported; convert to UTF-8"
            )),
            "{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("binary"), "{}", run.stderr);
}

/// Links met in folders are followed (to a file and to a folder outside the
/// walked one); a link back to a folder being walked is an error at the
/// link, and the walk goes on; a link to nothing is an error when its name
/// is one fogcheck reads and a counted skip when not.
#[cfg(unix)]
#[test]
fn links_in_folders_are_followed_and_loops_are_errors() {
    use std::os::unix::fs::symlink;
    use std::time::Duration;
    let dir = TempDir::new().expect("tmp");
    let p = dir.path();
    fs::create_dir_all(p.join("docs/sub")).expect("mkdir");
    fs::create_dir_all(p.join("shared")).expect("mkdir");
    fs::write(p.join("docs/page.md"), "We offer expedited shipping.\n").expect("write");
    fs::write(p.join("shared/terms.md"), "We offer expedited shipping.\n").expect("write");
    symlink("../shared", p.join("docs/shared")).expect("symlink");
    symlink("../shared/terms.md", p.join("docs/terms.md")).expect("symlink");
    symlink("..", p.join("docs/sub/up")).expect("symlink");
    symlink("nowhere.md", p.join("docs/gone.md")).expect("symlink");
    symlink("nowhere.js", p.join("docs/gone.js")).expect("symlink");

    let run = fogcheck_in_within(p, &["--format", "json", "docs"], Duration::from_secs(60));
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let doc = json(&run);
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["path"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        paths,
        ["docs/page.md", "docs/shared/terms.md", "docs/terms.md"]
    );
    let errors = errors_of(&doc);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, "docs/gone.md");
    assert!(errors[0].1.contains("broken symbolic link"), "{errors:?}");
    assert_eq!(errors[1].0, "docs/sub/up");
    assert!(
        errors[1]
            .1
            .contains("symbolic link loop: links back to docs"),
        "{errors:?}"
    );
    assert_eq!(doc["summary"]["files_skipped"], 1);
    assert_eq!(doc["summary"]["files_checked"], 3);
}
