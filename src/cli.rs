//! The command line: clap arguments and `run`, which wires the stages
//! together (load rules, walk, check each file, report) and decides the
//! outcome. No stage's logic lives here.

use crate::check::Matcher;
use crate::report::{self, FileError, OutputFormat, Report};
use crate::rule::{load_pack, RuleError, RulePack, Severity};
use crate::source::SourceFile;
use crate::walk::{walk, WalkItem};
use clap::{Parser, ValueEnum};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Mutex;

/// Finds fog (vague or overpromising promises) in marketing, FAQ, pricing and
/// policy copy, and suggests roadsign wording.
#[derive(Debug, Parser)]
#[command(name = "fogcheck", version, about, max_term_width = 100)]
pub struct Args {
    /// Files or directories to check (Markdown, MDX, HTML, plain text).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,

    /// Add the rules in this folder (<DIR>/<category>/<name>.toml); repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Skip files larger than this, with an error (bytes, or with K, M, KiB, MiB).
    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Number of threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// When to colour output.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print every rule (id, severity, summary) and exit.
    #[arg(long)]
    pub list_rules: bool,

    /// Print a rule's full documentation with examples and exit.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
}

/// The severity at which fog fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    fn enabled(self, stream_is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// How a run ended; error wins over fog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Fog,
    Error,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Fog => 1,
            Outcome::Error => 2,
        }
    }
}

fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size (try 10MiB or 500000)"))?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size unit `{other}` (use K, M or G)")),
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// Runs fogcheck with `args`, writing to standard output and error.
pub fn run(args: &Args) -> Outcome {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let stderr = io::stderr();
    let mut err = stderr.lock();
    let outcome = run_with(args, &mut out, &mut err);
    match outcome.and_then(|o| out.flush().map(|()| o)) {
        Ok(outcome) => outcome,
        // A closed pipe (`fogcheck | head`) is the reader's choice, not ours.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Outcome::Clean,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write output: {e}");
            Outcome::Error
        }
    }
}

fn run_with(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    let (pack, rule_errors) = load_pack(&args.rules);
    let machine_format = args.format == OutputFormat::Json;
    if !machine_format || args.list_rules || args.explain.is_some() {
        print_rule_errors(
            &rule_errors,
            err,
            args.color.enabled(io::stderr().is_terminal()),
        )?;
    }
    let rules_failed = if rule_errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Error
    };

    if args.list_rules {
        crate::docs::list_rules(&pack, args.format, out)?;
        return Ok(rules_failed);
    }
    if let Some(id) = &args.explain {
        let color = args.color.enabled(io::stdout().is_terminal());
        return match pack.find(id) {
            Some(rule) => {
                crate::docs::explain(rule, color, out)?;
                Ok(rules_failed)
            }
            None => {
                writeln!(err, "error: no rule `{id}` (see fogcheck --list-rules)")?;
                Ok(Outcome::Error)
            }
        };
    }

    let matcher = Matcher::compile(&pack);
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let mut report = check_paths(&args.paths, &pack, &matcher, threads, args.max_file_size);
    if machine_format {
        report.errors.extend(rule_errors.iter().map(|e| FileError {
            path: e.path.clone(),
            message: e.to_string(),
        }));
        report.sort();
    }
    let color = args.color.enabled(io::stdout().is_terminal());
    args.format.emitter(color).emit(&report, out, err)?;

    let fog = match (report.worst(), args.fail_on.threshold()) {
        (Some(worst), Some(threshold)) if worst >= threshold => Outcome::Fog,
        _ => Outcome::Clean,
    };
    Ok(
        if report.errors.is_empty() && rules_failed == Outcome::Clean {
            fog
        } else {
            Outcome::Error
        },
    )
}

/// Walks `paths` and checks every file on `threads` threads; each file is
/// read, checked and placed, then dropped, so only findings stay in memory.
pub fn check_paths(
    paths: &[PathBuf],
    pack: &RulePack,
    matcher: &Matcher,
    threads: usize,
    max_file_size: u64,
) -> Report {
    let report = Mutex::new(Report::default());
    let add_error = |path: PathBuf, message: String| {
        let mut report = report.lock().unwrap_or_else(|p| p.into_inner());
        report.errors.push(FileError { path, message });
    };
    walk(paths, threads, &|item| match item {
        WalkItem::File { path, kind } => match SourceFile::read(&path, kind, max_file_size) {
            Ok(file) => {
                let findings = crate::find_fog(&file, pack, matcher);
                let located = report::locate(file.path(), file.text(), findings);
                let mut report = report.lock().unwrap_or_else(|p| p.into_inner());
                report.files_checked += 1;
                if !located.findings.is_empty() {
                    report.files.push(located);
                }
            }
            Err(e) => add_error(path, e.to_string()),
        },
        WalkItem::Error { path, message } => add_error(path, message),
    });
    let mut report = report.into_inner().unwrap_or_else(|p| p.into_inner());
    report.sort();
    report
}

fn print_rule_errors(errors: &[RuleError], err: &mut dyn Write, color: bool) -> io::Result<()> {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme);
    for error in errors {
        let mut rendered = String::new();
        if handler.render_report(&mut rendered, error).is_err() {
            rendered = error.to_string();
        }
        writeln!(err, "{rendered}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("123"), Ok(123));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
    }
}
