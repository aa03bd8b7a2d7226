//! The pre-commit hooks of `.pre-commit-hooks.yaml`: each hook's entry and
//! args are a fogcheck command line that parses, and run as pre-commit runs
//! them (with staged file names for `fogcheck`, with none for
//! `fogcheck-ledger`) they check what the README says.

use crate::support::{fogcheck_in, root, write};
use clap::Parser;
use yaml_rust2::{Yaml, YamlLoader};

/// One hook as pre-commit reads it.
struct Hook {
    id: String,
    /// The words of `entry` then `args`, the program first.
    command: Vec<String>,
    pass_filenames: bool,
    files: String,
}

fn hooks() -> Vec<Hook> {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml"))
        .expect(".pre-commit-hooks.yaml");
    let docs = YamlLoader::load_from_str(&text).expect(".pre-commit-hooks.yaml is YAML");
    let list = docs[0].as_vec().expect("a list of hooks");
    list.iter()
        .map(|hook| {
            let field = |name: &str| hook[name].as_str().unwrap_or_default().to_string();
            let mut command: Vec<String> = field("entry")
                .split_whitespace()
                .map(str::to_string)
                .collect();
            if let Some(args) = hook["args"].as_vec() {
                command.extend(
                    args.iter()
                        .map(|a| a.as_str().expect("string arg").to_string()),
                );
            }
            for required in ["id", "name", "entry", "language"] {
                assert!(
                    !field(required).is_empty(),
                    "a hook lacks `{required}`: {hook:?}"
                );
            }
            Hook {
                id: field("id"),
                command,
                pass_filenames: !matches!(hook["pass_filenames"], Yaml::Boolean(false)),
                files: field("files"),
            }
        })
        .collect()
}

#[test]
fn both_hooks_are_fogcheck_command_lines() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["fogcheck", "fogcheck-ledger"]);
    for hook in &hooks {
        assert_eq!(hook.command[0], "fogcheck", "{}", hook.id);
        // pre-commit appends the staged files to a hook that takes them.
        let mut line = hook.command.clone();
        if hook.pass_filenames {
            line.push("docs/a.md".into());
        }
        fogcheck::cli::Args::try_parse_from(&line)
            .unwrap_or_else(|e| panic!("hook {}: {line:?} does not parse: {e}", hook.id));
        let files = regex::Regex::new(&hook.files).expect("`files` is a regex");
        assert!(files.is_match("docs/a.md") && files.is_match("site/index.html"));
        assert!(!files.is_match("src/main.rs"));
    }
    let ledger = &hooks[1];
    assert!(
        !ledger.pass_filenames,
        "the ledger hook checks the whole tree"
    );
    assert!(
        ledger.command.iter().any(|w| w == "--contradictions"),
        "{:?}",
        ledger.command
    );
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    for hook in &hooks {
        assert!(
            readme.contains(&format!("- id: {}", hook.id)),
            "README.md does not show hook {}",
            hook.id
        );
    }
}

/// Run as pre-commit runs them in a repository that is one site: the file
/// hook reports the staged page's fog, the ledger hook the contradiction
/// between a staged page and one that is not staged.
#[test]
fn the_hooks_run_as_pre_commit_runs_them() {
    let hooks = hooks();
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "docs/faq.md",
        "# FAQ\n\nYou can return any item within 30 days.\n",
    );
    write(
        dir.path(),
        "docs/returns.md",
        "# Returns\n\nItems can be returned within 14 days.\n",
    );
    for hook in &hooks {
        let mut args: Vec<&str> = hook.command[1..].iter().map(String::as_str).collect();
        if hook.pass_filenames {
            args.push("docs/faq.md");
        }
        let run = fogcheck_in(dir.path(), &args);
        let contradictions = run.stdout.matches("[ledger/contradiction]").count();
        if hook.pass_filenames {
            assert_eq!(run.code, 0, "{}: {}{}", hook.id, run.stdout, run.stderr);
            assert_eq!(contradictions, 0, "{}", run.stdout);
        } else {
            assert_eq!(run.code, 1, "{}: {}{}", hook.id, run.stdout, run.stderr);
            assert_eq!(contradictions, 2, "{}", run.stdout);
            assert!(run.stdout.contains("docs/returns.md"), "{}", run.stdout);
        }
    }
}
