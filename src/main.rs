//! The `fogcheck` binary: parse arguments, run, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

/// The binary's allocator only (see Cargo.toml): the library, its tests and
/// the fuzz targets keep the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = fogcheck::cli::Args::parse();
    ExitCode::from(fogcheck::cli::run(&args).code())
}
