//! `--format concise`: one line a finding, `path:line:col: severity[rule] message`,
//! the shape editors and grep-style tools parse.

use super::{display_path, summary, write_errors, Emitter, Report};
use std::io::{self, Write};

pub struct Concise;

impl Emitter for Concise {
    fn emit(&self, report: &Report, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
        for (path, located) in report.findings() {
            let f = &located.finding;
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                display_path(path),
                located.start.line,
                located.start.column,
                f.severity,
                f.rule,
                f.message_with_key()
            )?;
        }
        write_errors(report, err)?;
        writeln!(out, "{}", summary(report))
    }
}
