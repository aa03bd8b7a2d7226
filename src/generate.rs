//! `--completions SHELL` and `--man`: shell completion scripts and a roff man
//! page generated from the clap definition the command line hands in
//! (`cli::Args::command()`), so they always list the flags this binary has.

use clap::{Command, ValueEnum};
use std::io::{self, Write};

/// The shells `--completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Writes the completion script of `command` for `shell`.
pub fn completions(shell: Shell, mut command: Command, out: &mut dyn Write) -> io::Result<()> {
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let name = command.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(generator, &mut command, name, &mut script);
    out.write_all(&script)
}

/// Writes the man page of `command`, fogcheck(1), as roff.
pub fn man(command: Command, out: &mut dyn Write) -> io::Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    out.write_all(&page)
}
