//! Any text as a `fogcheck.toml`: parsing never panics, an error renders as
//! the CLI prints it, and a config that loads validates against the
//! built-in pack and answers which files and rules it selects.
#![no_main]

mod common;

use fogcheck::config::{CliSelection, Config};
use fogcheck::rule::Severity;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cwd = Path::new("/project");
    let config = match Config::parse(Path::new("/project/fogcheck.toml"), text, cwd) {
        Ok(config) => config,
        Err(error) => return common::render(&*error),
    };
    let (pack, _) = common::pack();
    for error in config.validate(pack) {
        common::render(&error);
    }
    let cli = CliSelection::default();
    for path in [
        "docs/page.md",
        "/project/site/index.html",
        "../elsewhere/a.txt",
        "x.mdx",
    ] {
        let path = Path::new(path);
        let _ = config.is_excluded(path, cwd);
        let _ = config.is_included(path, cwd);
        let policy = config.policy_for(path, cwd, &cli);
        for id in [
            "shipping/expedited-shipping",
            "refunds/full-refund",
            "suppression/unused",
        ] {
            let _ = policy.is_enabled(id);
            let _ = policy.severity(id, Severity::Warning);
        }
    }
});
