//! The `fogcheck` binary: parse arguments, run, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = fogcheck::cli::Args::parse();
    ExitCode::from(fogcheck::cli::run(&args).code())
}
