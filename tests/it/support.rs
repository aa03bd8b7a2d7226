//! Shared helpers: run the built binary and capture what it prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of fogcheck printed, and its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The command that runs fogcheck with `args` in `dir`, without inherited
/// NO_COLOR, nor a measurement's stop of the ledger (`bench/ledger.sh`),
/// which is not the run these tests check.
fn command_in(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fogcheck"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("FOGCHECK_LEDGER_UNTIL");
    command
}

/// Runs fogcheck with `args` in `dir`, without colour or inherited NO_COLOR.
pub fn fogcheck_in(dir: &Path, args: &[&str]) -> Run {
    let output: Output = command_in(dir, args).output().expect("fogcheck runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs fogcheck like `fogcheck_in`, but kills it and panics if it has not
/// finished after `limit` — for inputs that used to hang (a FIFO, a device).
/// A guard against hanging forever, not a speed test: keep `limit` generous.
pub fn fogcheck_in_within(dir: &Path, args: &[&str], limit: std::time::Duration) -> Run {
    use std::io::Read;
    let mut child = command_in(dir, args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("fogcheck runs");
    // Drain both pipes on threads so a large report cannot block the child.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        stdout.read_to_end(&mut s).map(|_| s)
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        stderr.read_to_end(&mut s).map(|_| s)
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("fogcheck {args:?} still running after {limit:?}: it hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("output is UTF-8");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: text(out.join().expect("stdout thread").expect("read stdout")),
        stderr: text(err.join().expect("stderr thread").expect("read stderr")),
    }
}

/// Runs fogcheck from the project root.
pub fn fogcheck(args: &[&str]) -> Run {
    fogcheck_in(&root(), args)
}

pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout))
}

/// Writes `text` to `path` under `dir`, creating folders.
pub fn write(dir: &Path, path: &str, text: &str) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
    std::fs::write(full, text).expect("write");
}

/// A test rule that flags `phrase` at `severity`, with one fog and one clear
/// example, independent of the built-in pack.
pub fn test_rule(phrase: &str, severity: &str) -> String {
    format!(
        r#"summary = "Says {phrase}"
severity = "{severity}"
message = "“{{match}}” is vague"
why = "Nobody knows what {phrase} means."
roadsign = "Say what it does in {{N}} words."

[match]
kind = "phrases"
phrases = ["{phrase}"]

[[examples]]
text = "Our tool is {phrase}."
fog = ["{phrase}"]

[[examples]]
text = "Our tool is plain."
fog = []
"#
    )
}

/// A temp project with two test rules: `custom/zorbly` (warning) and
/// `other/wibbly` (info), in `rules/`.
pub fn project() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().expect("tmp");
    write(
        dir.path(),
        "rules/custom/zorbly.toml",
        &test_rule("zorbly", "warning"),
    );
    write(
        dir.path(),
        "rules/other/wibbly.toml",
        &test_rule("wibbly", "info"),
    );
    dir
}

/// The `path:line rule` of each finding in a JSON run.
pub fn found(run: &Run) -> Vec<String> {
    let doc = json(run);
    doc["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings list: {}{}", run.stdout, run.stderr))
        .iter()
        .map(|f| {
            format!(
                "{}:{} {} {}",
                f["path"].as_str().unwrap_or(""),
                f["line"],
                f["rule"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// The source bytes of a finding of a JSON report run from the repository
/// root: its file (`path`, relative to the root) from `byte_start` to
/// `byte_end`, which must fall on character boundaries.
pub fn source_of(finding: &serde_json::Value) -> String {
    let path = finding["path"].as_str().expect("path");
    let text = std::fs::read(root().join(path)).expect("fixture");
    let start = finding["byte_start"].as_u64().expect("start") as usize;
    let end = finding["byte_end"].as_u64().expect("end") as usize;
    String::from_utf8(text[start..end].to_vec()).expect("span on char boundaries")
}
