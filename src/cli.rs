//! The command line: clap arguments and `run`, which wires the stages
//! together (load rules, walk, check each file, report) and decides the
//! outcome. No stage's logic lives here.

use crate::baseline::Baseline;
use crate::check::Matcher;
use crate::config::{CliSelection, Config, ConfigError};
use crate::discover::Configs;
use crate::output::Existing;
use crate::report::{self, FileError, OutputFormat, Report};
use crate::rule::{load_pack, RulePack};
use crate::settings::{parse_size, FailOn, DEFAULT_MAX_FILE_SIZE};
use crate::source::SourceFile;
use crate::walk::{walk, Named, WalkItem};
use clap::{CommandFactory, Parser, ValueEnum};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Finds fog (vague or overpromising promises) in marketing, FAQ, pricing and
/// policy copy, and suggests roadsign wording.
#[derive(Debug, Parser)]
#[command(
    name = "fogcheck",
    version,
    disable_version_flag = true,
    about,
    max_term_width = 100
)]
pub struct Args {
    /// Files or directories to check (Markdown, MDX, HTML, plain text); `-`
    /// reads standard input [default: .].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Check standard input as if it were this file: its extension picks the
    /// format, and the config's excludes and overrides apply to this path.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// Exit with 1 when a finding is at or above this severity [default: warning].
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,

    /// Run only these rules or categories (comma-separated; replaces the config's `select`).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// Do not run these rules or categories (comma-separated; added to the config's `ignore`).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Use this config file for every file, instead of each file's nearest
    /// fogcheck.toml (found upward from the file's own folder).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Use no config file.
    #[arg(long)]
    pub no_config: bool,

    /// Print the settings in force for PATH, one per line, and the config
    /// file they come from, and exit.
    #[arg(long, value_name = "PATH")]
    pub show_config: Option<PathBuf>,

    /// Write a commented starter fogcheck.toml in the current folder and exit.
    #[arg(long)]
    pub init: bool,

    /// Check the data and translation files (YAML, JSON, TOML, Fluent .ftl)
    /// this glob names, relative to the current folder, as the config's
    /// `data-files` do; repeatable.
    #[arg(long = "data-files", value_name = "GLOB")]
    pub data_files: Vec<String>,

    /// Add the rules in this folder (<DIR>/<category>/<name>.toml); repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Skip files larger than this, with an error (bytes, or with K, M, G, KiB,
    /// MiB; decimals like 1.5M allowed) [default: 10MiB].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,

    /// Print how many findings each rule raised instead of the findings.
    #[arg(long)]
    pub statistics: bool,

    /// Write the report to FILE; standard output gets only the summary line.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// Report only fog that is not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in FILE as a baseline and exit (0, or 2 on errors).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,

    /// Number of threads (default: one per core; at most 64, and at most one
    /// per file when only files are named, the idle cores then compiling the
    /// rules' regexes meanwhile; 1 keeps the whole run on one thread).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// When to colour output.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Run the [[examples]] of these rule files (with every other rule active)
    /// and report each failing one; exit 1 if any fail, 2 if a file does not load.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub test_rules: Vec<PathBuf>,

    /// Exit 0 rather than 2 when no file was checked (a folder with nothing
    /// fogcheck reads, or globs that match nothing).
    #[arg(long)]
    pub allow_empty: bool,

    /// List on standard error each file skipped because fogcheck does not
    /// read its format.
    #[arg(long)]
    pub verbose: bool,

    /// Print every rule (id, severity, summary) and exit.
    #[arg(long)]
    pub list_rules: bool,

    /// Print the promise ledger of PATHs instead of the findings: every
    /// quantified promise (return window, delivery time, free-shipping
    /// threshold…) grouped by kind, each value with every place it is
    /// made, and the contradictions (`--format json` for one JSON document).
    #[arg(long)]
    pub ledger: bool,

    /// Report contradictions between the promises of the checked files
    /// (`ledger/contradiction`, `ledger/ambiguous-basis`) with the fog:
    /// run it on one site at a time.
    #[arg(long)]
    pub contradictions: bool,

    /// Print a rule's full documentation with examples (or a category's rules,
    /// or what `suppression/unused` reports) and exit.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,

    /// For rule authors: list the hits the judge cleared in PATHs, each with
    /// the filter that cleared it (`--format json` for one JSON document).
    #[arg(long)]
    pub show_cleared: bool,

    /// Print a completion script for this shell to standard output and exit.
    #[arg(long, value_enum, value_name = "SHELL")]
    pub completions: Option<crate::generate::Shell>,

    /// Print the man page (roff) to standard output and exit.
    #[arg(long)]
    pub man: bool,

    /// Serve the Language Server Protocol on standard input and output (for
    /// editors): diagnostics as you type, hover, roadsign code actions.
    #[arg(long)]
    pub lsp: bool,

    /// Print the version and the number of built-in rules, and exit.
    #[arg(short = 'V', long)]
    pub version: bool,
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

/// What standard input is called without `--stdin-filename` (read as Markdown).
const STDIN_NAME: &str = "<stdin>";

/// `fogcheck --version`: the version and how many rules the built-in pack
/// holds, counted from the pack itself.
pub fn version() -> String {
    // Without examples: the rules themselves, from the pack's data.
    let (pack, _) = crate::rule::load_pack_without_examples(&[]);
    let count = pack.rules().iter().filter(|r| r.builtin).count();
    format!(
        "fogcheck {} ({count} built-in rule{})",
        env!("CARGO_PKG_VERSION"),
        if count == 1 { "" } else { "s" }
    )
}

/// The names of a `--select` or `--ignore` list: each trimmed, empty ones
/// (`a,,b`, a trailing comma) dropped, so `"shipping, refunds"` works.
fn selector_names(names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

/// Runs fogcheck with `args`, writing to standard output and error.
pub fn run(args: &Args) -> Outcome {
    if args.lsp {
        return lsp();
    }
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

/// `--lsp`: serves until the client says `exit`; 0 after `shutdown`, 1
/// without it (as the protocol asks), 2 when the streams fail. Standard
/// output is the protocol's, so nothing else may lock or write it.
fn lsp() -> Outcome {
    match crate::lsp::serve() {
        Ok(crate::lsp::Ending::Clean) => Outcome::Clean,
        Ok(crate::lsp::Ending::Abrupt) => Outcome::Fog,
        Err(e) => {
            eprintln!("error: fogcheck --lsp: {e}");
            Outcome::Error
        }
    }
}

/// What a check run walks, decided once: its paths (`-` left out; none
/// named and no standard input: the current folder), whether it also reads
/// standard input, and on how many threads (which looks at each path).
struct WalkPlan {
    paths: Vec<PathBuf>,
    /// What each of `paths` is.
    named: Vec<Named>,
    read_stdin: bool,
    threads: usize,
    /// A folder, or more files than a commit usually touches (`Many`), or
    /// a few files (`Few`).
    workload: crate::check::Workload,
    /// A few files of at most `SMALL_RUN_BYTES` together, standard input
    /// not read: little text, so start-up is most of the run.
    small: bool,
}

/// The most bytes a small run reads (`WalkPlan::small`): many pages of
/// copy, and little enough that a cheaper regex build pays.
const SMALL_RUN_BYTES: u64 = 1 << 20;

impl WalkPlan {
    fn of(args: &Args) -> WalkPlan {
        let stdin = Path::new("-");
        let read_stdin = args.paths.iter().any(|p| p == stdin)
            || (args.paths.is_empty() && args.stdin_filename.is_some());
        let mut paths: Vec<PathBuf> = args.paths.iter().filter(|p| *p != stdin).cloned().collect();
        if args.paths.is_empty() && !read_stdin {
            paths.push(PathBuf::from("."));
        }
        // Each path the run reads (no path named is the current folder)
        // asked about once.
        let metadata: Vec<Option<std::fs::Metadata>> = paths
            .iter()
            .map(|path| std::fs::metadata(path).ok())
            .collect();
        let named: Vec<Named> = metadata.iter().map(|m| Named::of(m.as_ref())).collect();
        let any_folder = named.contains(&Named::Folder);
        let threads =
            crate::walk::thread_count(args.threads.unwrap_or(0), cores(), paths.len(), any_folder);
        // A folder, or more files than a commit usually touches, is worth
        // the matcher's fallback automaton (phrases with punctuation at an
        // edge) that takes longer to build and searches faster.
        let workload = if paths.len() > 32 || any_folder {
            crate::check::Workload::Many
        } else {
            crate::check::Workload::Few
        };
        let small = workload == crate::check::Workload::Few
            && !read_stdin
            && metadata
                .iter()
                .try_fold(0u64, |sum, m| {
                    let size = m.as_ref().map_or(0, |m| m.len());
                    Some(sum + size).filter(|&sum| sum <= SMALL_RUN_BYTES)
                })
                .is_some();
        WalkPlan {
            paths,
            named,
            read_stdin,
            threads,
            workload,
            small,
        }
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs the mode `args` ask for: the modes that need nothing loaded first,
/// then those that need the configs and the rule pack, then the check run.
/// One function per mode, as ripgrep's `try_main` dispatches.
fn run_with(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    if args.version {
        writeln!(out, "{}", version())?;
        return Ok(Outcome::Clean);
    }
    if let Some(shell) = args.completions {
        crate::generate::completions(shell, Args::command(), out)?;
        return Ok(Outcome::Clean);
    }
    if args.man {
        crate::generate::man(Args::command(), out)?;
        return Ok(Outcome::Clean);
    }
    let cwd = std::env::current_dir()?;
    if args.init {
        return init(&cwd, err);
    }
    if args.statistics && args.format.statistics_emitter().is_none() {
        writeln!(
            err,
            "error: --statistics cannot be written as {}; use --format human, concise or json",
            args.format.name()
        )?;
        return Ok(Outcome::Error);
    }
    let mut phases = Phases::from_env();
    // A check run compiles its regexes on threads of their own meanwhile
    // (`warm`): a few files named leave a core idle, and a folder's
    // walkers would otherwise wait on the same compiles at their first
    // files while the warm threads compile as they read and extract (10
    // corpus copies on 2 cores: 3–6% faster). `--threads 1` keeps the
    // whole run on one thread.
    let plan = WalkPlan::of(args);
    if plan.small {
        phases.huge_pages_off = crate::memory::without_huge_pages();
        crate::builtin::small_run();
    }
    let warm = args.test_rules.is_empty()
        && !args.list_rules
        && args.explain.is_none()
        && !args.show_cleared
        && args.show_config.is_none()
        && args.threads != Some(1);
    let Some(setup) = Setup::load(args, cwd, err)? else {
        return Ok(Outcome::Error);
    };
    if warm {
        let promises = promises_wanted(args);
        crate::warm::pack(&setup.pack, promises);
        // `--ledger` searches no rule, so judges no hit.
        if promises != crate::lint::Promises::Only {
            crate::warm::detectors();
        }
    }
    // Never freed: the process ends after the run, and freeing the pack's
    // many small allocations was 2% of a one-file run, spent after the
    // answer was ready.
    let setup = std::mem::ManuallyDrop::new(setup);
    phases.mark("load rules");
    if !args.test_rules.is_empty() {
        return test_rules(args, &setup, out, err);
    }
    if args.list_rules {
        crate::docs::list_rules(&setup.pack, args.format, out)?;
        return Ok(setup.rules_failed());
    }
    if let Some(id) = &args.explain {
        return explain(args, &setup, id, out, err);
    }
    if args.show_cleared {
        return show_cleared(args, &setup, out, err);
    }
    let Some(selection) = setup.selection(args, err)? else {
        return Ok(Outcome::Error);
    };
    if let Some(path) = &args.show_config {
        return show_config(args, &setup.configs, path, &selection, &setup.cwd, out);
    }
    check(args, &setup, &selection, plan, phases, out, err)
}

/// What every mode past the first few needs: the configs (those of the
/// paths named loaded), the rule pack with their rule folders, and the
/// errors of rule files that did not load.
struct Setup {
    cwd: PathBuf,
    configs: Configs,
    /// The config of the first path named (or the empty one).
    config: Arc<Config>,
    /// The configs of the paths named, and of the folders above them.
    roots: Vec<Arc<Config>>,
    pack: RulePack,
    rule_errors: Vec<crate::rule::RuleError>,
    /// Colour on standard error.
    err_color: bool,
}

impl Setup {
    /// Loads the configs of the paths named, then the pack with their rule
    /// folders and `--rules`. `None` (after printing why) when a config is
    /// broken.
    fn load(args: &Args, cwd: PathBuf, err: &mut dyn Write) -> io::Result<Option<Setup>> {
        let err_color = args.color.enabled(io::stderr().is_terminal());
        let configs = match load_configs(args, &cwd) {
            Ok(configs) => configs,
            Err(e) => {
                print_diagnostics(std::slice::from_ref(&*e), err, err_color)?;
                return Ok(None);
            }
        };
        // The configs of the paths named (and of --stdin-filename), loaded
        // before the pack: their rule folders are the run's.
        let mut roots: Vec<Arc<Config>> = Vec::new();
        // A folder's own config governs its files, and the config above it
        // whether it is walked at all: both are in play.
        for path in &named_paths(args) {
            let folder = configs.folder_of(path);
            let above = folder.parent().map(Path::to_path_buf);
            for dir in std::iter::once(folder).chain(above) {
                if let Some(config) = configs.for_folder(&dir, None) {
                    if !roots.iter().any(|c| Arc::ptr_eq(c, &config)) {
                        roots.push(config);
                    }
                }
            }
        }
        let config_errors = configs.take_errors();
        if !config_errors.is_empty() {
            print_diagnostics(&config_errors, err, err_color)?;
            return Ok(None);
        }
        let config = roots
            .first()
            .cloned()
            .unwrap_or_else(|| Arc::new(Config::empty(&cwd)));
        let mut rule_dirs: Vec<PathBuf> = Vec::new();
        for dir in roots.iter().flat_map(|c| &c.rules).chain(&args.rules) {
            if !rule_dirs.contains(dir) {
                rule_dirs.push(dir.clone());
            }
        }
        configs.set_rule_dirs(rule_dirs.clone());
        // Only `--test-rules` and `--explain` show the built-in rules'
        // examples: other runs skip parsing them.
        let (pack, rule_errors) = if args.test_rules.is_empty() && args.explain.is_none() {
            crate::rule::load_pack_without_examples(&rule_dirs)
        } else {
            load_pack(&rule_dirs)
        };
        if !args.format.is_document() || args.list_rules || args.explain.is_some() {
            print_diagnostics(&rule_errors, err, err_color)?;
        }
        Ok(Some(Setup {
            cwd,
            configs,
            config,
            roots,
            pack,
            rule_errors,
            err_color,
        }))
    }

    /// Error when a rule file did not load, else clean.
    fn rules_failed(&self) -> Outcome {
        if self.rule_errors.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Error
        }
    }

    /// `--max-file-size`, else the first config's, else the default.
    fn max_file_size(&self, args: &Args) -> u64 {
        args.max_file_size
            .or(self.config.max_file_size)
            .unwrap_or(DEFAULT_MAX_FILE_SIZE)
    }

    /// Validates the configs of the paths named against the pack, and the
    /// command line's `--select`/`--ignore`: the selection, or `None` after
    /// printing what is wrong.
    fn selection(&self, args: &Args, err: &mut dyn Write) -> io::Result<Option<CliSelection>> {
        let config_errors = if self.configs.is_forced() {
            self.config.validate(&self.pack)
        } else {
            for config in &self.roots {
                if let Some(path) = &config.path {
                    self.configs.for_path(path, Some(&self.pack));
                }
            }
            self.configs.take_errors()
        };
        if !config_errors.is_empty() {
            print_diagnostics(&config_errors, err, self.err_color)?;
            return Ok(None);
        }
        let selection = CliSelection {
            select: args.select.as_deref().map(selector_names),
            ignore: selector_names(&args.ignore),
        };
        if selection.select.as_ref().is_some_and(Vec::is_empty) {
            writeln!(
                err,
                "error: --select names no rule or category (see fogcheck --list-rules)"
            )?;
            return Ok(None);
        }
        let unknown: Option<&String> = selection
            .select
            .iter()
            .flatten()
            .chain(&selection.ignore)
            .find(|s| !crate::selector::is_known(&self.pack, s));
        if let Some(first) = unknown {
            writeln!(
                err,
                "error: {} (see fogcheck --list-rules)",
                crate::selector::unknown_selector_message(&self.pack, first)
            )?;
            return Ok(None);
        }
        Ok(Some(selection))
    }
}

/// `--test-rules FILE…`: runs the examples of rule files.
fn test_rules(
    args: &Args,
    setup: &Setup,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    match crate::test_rules::load(&args.test_rules) {
        Err(errors) => {
            print_diagnostics(&errors, err, setup.err_color)?;
            Ok(Outcome::Error)
        }
        Ok(tested) => match crate::test_rules::run(tested, &setup.pack, out)? {
            _ if setup.rules_failed() == Outcome::Error => Ok(Outcome::Error),
            crate::test_rules::Verdict::Passed => Ok(Outcome::Clean),
            crate::test_rules::Verdict::Failed => Ok(Outcome::Fog),
        },
    }
}

/// `--explain RULE`: a rule, the unused-suppression pseudo-rule, or a
/// category.
fn explain(
    args: &Args,
    setup: &Setup,
    id: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let color = args.color.enabled(io::stdout().is_terminal());
    let id = id.trim();
    if let Some(rule) = setup.pack.find(id) {
        crate::docs::explain(rule, color, out)?;
        return Ok(setup.rules_failed());
    }
    if id == crate::selector::UNUSED_SUPPRESSION {
        crate::docs::explain_unused_suppression(color, out)?;
        return Ok(setup.rules_failed());
    }
    if crate::docs::explain_category(&setup.pack, id, color, out)? {
        return Ok(setup.rules_failed());
    }
    writeln!(
        err,
        "error: no rule or category `{id}` (see fogcheck --list-rules)"
    )?;
    Ok(Outcome::Error)
}

/// `--show-cleared`: the hits the judge cleared in the paths, and why.
fn show_cleared(
    args: &Args,
    setup: &Setup,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let matcher = Matcher::compile(&setup.pack);
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let errors = crate::cleared::show_cleared(
        &paths,
        &setup.pack,
        &matcher,
        setup.max_file_size(args),
        args.format,
        out,
        err,
    )?;
    Ok(if errors == 0 {
        setup.rules_failed()
    } else {
        Outcome::Error
    })
}

/// The check run: walk the paths (and standard input), check each file,
/// emit the report and decide the exit code.
fn check(
    args: &Args,
    setup: &Setup,
    selection: &CliSelection,
    plan: WalkPlan,
    mut phases: Phases,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let (cwd, configs, pack) = (&setup.cwd, &setup.configs, &setup.pack);
    let baseline = match &args.baseline {
        Some(path) => match Baseline::load(path, setup.max_file_size(args)) {
            Ok(baseline) => Some(baseline),
            Err(message) => {
                writeln!(err, "error: {message}")?;
                return Ok(Outcome::Error);
            }
        },
        None => None,
    };

    let data_files = match crate::config::command_line_globs("--data-files", &args.data_files) {
        Ok(globs) => globs,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(Outcome::Error);
        }
    };
    phases.mark("config, baseline");
    // Never freed, like the pack (see `run`).
    let matcher = std::mem::ManuallyDrop::new(Matcher::compile_for(pack, plan.workload));
    phases.mark("compile matcher");
    let checker = Checker {
        baseline: baseline.as_ref(),
        pack,
        matcher: &matcher,
        configs,
        selection,
        cwd,
        max_file_size: args.max_file_size,
        fail_on: args.fail_on,
        keep_prose: args.format.shows_prose() && !args.statistics,
        promises_wanted: promises_wanted(args),
        promises: Mutex::new(Vec::new()),
        data_files,
    };
    let WalkPlan {
        paths,
        named,
        read_stdin,
        threads,
        ..
    } = plan;
    phases.threads = Some(threads);
    // Never freed, like the pack: freeing every finding and promise of a
    // big run (9 M instructions for 20 corpus copies with
    // `--contradictions`) came after the output was written, on one thread.
    let mut report = std::mem::ManuallyDrop::new(checker.check_paths(&paths, &named, threads));
    if read_stdin {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from(STDIN_NAME));
        checker.check_stdin(&name, &mut io::stdin().lock(), &mut report);
    }
    phases.mark("walk, read, check");
    // A config met during the walk that does not load or validate: its
    // files were not checked, and the run fails like one with a broken
    // config at the top.
    let config_errors = configs.take_errors();
    if !config_errors.is_empty() {
        print_diagnostics(&config_errors, err, setup.err_color)?;
        return Ok(Outcome::Error);
    }
    for config in configs.loaded() {
        for warning in config.unused_accepts(cwd) {
            writeln!(err, "warning: {warning}")?;
        }
    }
    let gathered = std::mem::ManuallyDrop::new(crate::ledger::gather(std::mem::take(
        &mut *checker.promises.lock().unwrap_or_else(|p| p.into_inner()),
    )));
    let promises = gathered.entries();
    if args.ledger {
        return ledger_mode(args, setup, &report, &promises, out, err);
    }
    // Contradictions need every file: the ledger's findings come last. A
    // run is one site, so they are asked for (`--contradictions`): over a
    // folder of several businesses they would compare strangers.
    if args.contradictions {
        let empty = crate::config::Config::empty(cwd);
        // Each file's config, looked up once a folder (a file's config is
        // its folder's), for the files the ledger reports on: most files
        // hold no place of a conflict, and those that do share a few
        // folders (a lookup made the path absolute and walked the cache:
        // 2.5 M instructions for 20 corpus copies, after the walk, on one
        // thread). Keyed by the folder's bytes (a `Path` hashes component
        // by component), and asked once per place of a conflict.
        let folder_configs: std::cell::RefCell<
            foldhash::HashMap<std::ffi::OsString, Option<std::sync::Arc<crate::config::Config>>>,
        > = Default::default();
        let config_of = |path: &Path| {
            let folder = path.parent().unwrap_or(path).as_os_str();
            if let Some(config) = folder_configs.borrow().get(folder) {
                return config.clone();
            }
            let config = configs.for_file(path, Some(pack));
            folder_configs
                .borrow_mut()
                .insert(folder.to_os_string(), config.clone());
            config
        };
        let changed = crate::ledger::add_findings(
            &mut report,
            pack,
            |path, rule, severity| {
                let config = config_of(path);
                let policy = config
                    .as_deref()
                    .unwrap_or(&empty)
                    .policy_for(path, cwd, selection);
                policy
                    .is_enabled(rule)
                    .then(|| policy.severity(rule, severity))
            },
            baseline.as_ref(),
            &promises,
            args.format.shows_related(),
        );
        // The ledger's findings count toward the fail level of each file's
        // config like any other; a file without them was counted already.
        let fails = changed.into_iter().any(|i| {
            let file = &report.files[i];
            let config = config_of(&file.path);
            checker.fails(config.as_deref().unwrap_or(&empty), file)
        });
        report.fails |= fails;
        phases.mark("ledger findings");
    }
    if args.verbose {
        for path in &report.skipped {
            writeln!(
                err,
                "skipped {}: fogcheck does not read this format",
                report::display_path(path)
            )?;
        }
    }
    // Nothing checked is a mistake (a wrong folder, a glob matching
    // nothing) unless the user asked for it or excluded what was named. A
    // run with read errors already fails and says why.
    let empty = report.files_checked == 0
        && report.excluded_explicitly == 0
        && report.errors.is_empty()
        && !args.allow_empty;
    if let Some(baseline) = &baseline {
        report.baseline.get_or_insert_default().stale += baseline.stale_elsewhere(cwd);
    }
    for output in [&args.output_file, &args.write_baseline]
        .into_iter()
        .flatten()
    {
        if let Some(input) = crate::output::same_file_as_any(output, &report.inputs) {
            let output_shown = report::display_path(output);
            let input_shown = report::display_path(&input);
            if input_shown == output_shown {
                writeln!(
                    err,
                    "error: {output_shown} is one of the files being checked; not overwriting a checked file"
                )?;
            } else {
                writeln!(
                    err,
                    "error: {output_shown} is the same file as {input_shown}, which is being checked; not overwriting a checked file"
                )?;
            }
            return Ok(Outcome::Error);
        }
    }
    if let Some(path) = &args.write_baseline {
        let outcome = write_baseline(path, &report, &setup.rule_errors, err)?;
        if empty {
            no_files_checked(&report, err)?;
            return Ok(Outcome::Error);
        }
        return Ok(outcome);
    }
    if args.format.is_document() {
        report
            .errors
            .extend(setup.rule_errors.iter().map(|e| FileError {
                path: e.path.clone(),
                at: None,
                message: e.to_string(),
            }));
        report.sort();
    }
    let emitted = emit(args, pack, &report, out, err)?;
    phases.mark("emit");
    phases.print(err)?;
    if !emitted {
        return Ok(Outcome::Error);
    }
    if empty {
        no_files_checked(&report, err)?;
        return Ok(Outcome::Error);
    }

    let fog = if report.fails {
        Outcome::Fog
    } else {
        Outcome::Clean
    };
    Ok(
        if report.errors.is_empty() && setup.rules_failed() == Outcome::Clean {
            fog
        } else {
            Outcome::Error
        },
    )
}

/// The promises a run finds beside the fog: every one without the fog for
/// `--ledger`, every one for `--contradictions`, else the declared kinds'.
fn promises_wanted(args: &Args) -> crate::lint::Promises {
    if args.ledger {
        crate::lint::Promises::Only
    } else if args.contradictions {
        crate::lint::Promises::All
    } else {
        crate::lint::Promises::Declared
    }
}

/// `--ledger`: prints the promises of every file read, and the read errors
/// on standard error (exit 2 when there were any).
fn ledger_mode(
    args: &Args,
    setup: &Setup,
    report: &Report,
    entries: &[&crate::ledger::PlacedEntry],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    // Each declared fact that no page under its config states.
    let mut unstated = Vec::new();
    for config in setup.configs.loaded() {
        if config.promises.is_empty() {
            continue;
        }
        let governed: Vec<&crate::ledger::PlacedEntry> = entries
            .iter()
            .filter(|e| {
                setup
                    .configs
                    .for_path(&e.path, Some(&setup.pack))
                    .is_some_and(|c| std::sync::Arc::ptr_eq(&c, &config))
            })
            .copied()
            .collect();
        let shown = config.shown_path(&setup.cwd);
        for fact in crate::ledger::declared::unstated(&config.promises, &governed) {
            unstated.push(crate::ledger::output::Unstated {
                kind: fact.kind.clone(),
                value: fact.value.display(),
                config: shown.clone(),
                line: fact.line,
            });
        }
    }
    unstated.sort_by(|a, b| (&a.config, a.line).cmp(&(&b.config, b.line)));
    if args.format == OutputFormat::Json {
        crate::ledger::output::json(entries, &unstated, out)?;
    } else {
        crate::ledger::output::text(entries, &unstated, out)?;
    }
    report::write_errors(report, err)?;
    Ok(if report.errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Error
    })
}

/// `FOGCHECK_PHASES=1`: how long each stage of a check run took, printed to
/// standard error at the end, for benchmarks (bench/run.sh). Off by default
/// and never part of a report.
struct Phases {
    last: std::time::Instant,
    marks: Option<Vec<(&'static str, std::time::Duration)>>,
    /// The threads the check used, once known.
    threads: Option<usize>,
    /// Whether the run turned transparent huge pages off (a few files).
    huge_pages_off: bool,
}

impl Phases {
    fn from_env() -> Phases {
        let on = std::env::var_os("FOGCHECK_PHASES").is_some_and(|v| !v.is_empty() && v != "0");
        Phases {
            last: std::time::Instant::now(),
            marks: on.then(Vec::new),
            threads: None,
            huge_pages_off: false,
        }
    }

    fn mark(&mut self, phase: &'static str) {
        if let Some(marks) = &mut self.marks {
            let now = std::time::Instant::now();
            marks.push((phase, now - self.last));
            self.last = now;
        }
    }

    fn print(&self, err: &mut dyn Write) -> io::Result<()> {
        if let (Some(_), Some(threads)) = (&self.marks, self.threads) {
            writeln!(err, "threads {threads}")?;
        }
        if self.marks.is_some() && self.huge_pages_off {
            writeln!(err, "huge pages off")?;
        }
        for (phase, took) in self.marks.iter().flatten() {
            writeln!(
                err,
                "phase {phase:<20} {:>9.3} ms",
                took.as_secs_f64() * 1e3
            )?;
        }
        Ok(())
    }
}

/// Prints the report in the chosen format, to `--output-file` when given
/// (then standard output gets only the summary line). False when the output
/// file cannot be written.
fn emit(
    args: &Args,
    pack: &RulePack,
    report: &Report,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    let emitter = if args.statistics {
        // run_with refused the formats without statistics up front.
        match args.format.statistics_emitter() {
            Some(emitter) => emitter,
            None => return Ok(false),
        }
    } else {
        let color = args.output_file.is_none() && args.color.enabled(io::stdout().is_terminal());
        args.format.emitter(color, pack)
    };
    let Some(path) = &args.output_file else {
        emitter.emit(report, out, err)?;
        return Ok(true);
    };
    let written = crate::output::write_atomically(path, Existing::Replace, |file| {
        emitter.emit(report, file, err)
    });
    if let Err(e) = written {
        writeln!(err, "error: cannot write {}: {e}", path.display())?;
        return Ok(false);
    }
    writeln!(out, "{}", report::summary(report))?;
    Ok(true)
}

/// The error for a run that checked no file, saying what was skipped.
fn no_files_checked(report: &Report, err: &mut dyn Write) -> io::Result<()> {
    let skipped = match report.skipped.len() {
        0 => String::new(),
        n => format!(
            "; {n} file{} skipped because fogcheck does not read {} ({})",
            if n == 1 { " was" } else { "s were" },
            if n == 1 {
                "its format"
            } else {
                "their formats"
            },
            report
                .skipped_by_extension()
                .iter()
                .map(|(ext, count)| format!("{count} {ext}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    writeln!(
        err,
        "error: no files checked{skipped}. fogcheck reads .md, .markdown, .mdx, .html, \
         .htm, .txt, .rst, .adoc, .asciidoc, .php, .erb, .njk, .liquid, .hbs and .jinja \
         files; pass --allow-empty if checking nothing is expected"
    )
}

/// `--write-baseline`: records every finding; the report is not printed.
fn write_baseline(
    path: &Path,
    report: &Report,
    rule_errors: &[crate::rule::RuleError],
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    match crate::baseline::write(path, report) {
        Ok(count) => writeln!(
            err,
            "wrote {count} baseline entr{} to {}",
            if count == 1 { "y" } else { "ies" },
            path.display()
        )?,
        Err(e) => {
            writeln!(err, "error: cannot write {}: {e}", path.display())?;
            return Ok(Outcome::Error);
        }
    }
    report::write_errors(report, err)?;
    Ok(if report.errors.is_empty() && rule_errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Error
    })
}

/// The config named by `--config` for every file, none with `--no-config`,
/// else each file's nearest one. Config files are read up to
/// `--max-file-size` (or the default: a config's own `max-file-size` is not
/// known before it is read).
fn load_configs(args: &Args, cwd: &Path) -> Result<Configs, Box<ConfigError>> {
    if args.no_config {
        return Ok(Configs::forced(cwd, Config::empty(cwd)));
    }
    let limit = args.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
    match &args.config {
        Some(path) => Ok(Configs::forced(cwd, Config::load(path, cwd, limit)?)),
        None => Ok(Configs::discover(cwd, limit)),
    }
}

/// The paths a run names: `--show-config`'s, or the paths to check (`.`
/// when none) and `--stdin-filename`.
fn named_paths(args: &Args) -> Vec<PathBuf> {
    if let Some(path) = &args.show_config {
        return vec![path.clone()];
    }
    let stdin = Path::new("-");
    let mut named: Vec<PathBuf> = args.paths.iter().filter(|p| *p != stdin).cloned().collect();
    if let Some(name) = &args.stdin_filename {
        named.push(name.clone());
    } else if args.paths.iter().any(|p| p == stdin) {
        named.push(PathBuf::from(STDIN_NAME));
    }
    if named.is_empty() {
        named.push(PathBuf::from("."));
    }
    named
}

/// `--show-config PATH`: the config file that governs PATH and the settings
/// in force there, one per line.
fn show_config(
    args: &Args,
    configs: &Configs,
    path: &Path,
    selection: &CliSelection,
    cwd: &Path,
    out: &mut dyn Write,
) -> io::Result<Outcome> {
    // Settings are described as seen from the current folder.
    let Some(config) = configs.for_path(path, None) else {
        return Ok(Outcome::Error);
    };
    let source = match (&config.path, args.no_config, &args.config) {
        (_, true, _) => "none (--no-config)".to_string(),
        (Some(file), _, Some(_)) => format!("{} (--config)", report::display_path(file)),
        (Some(file), _, None) => report::display_path(file),
        (None, _, _) => "none found (defaults)".to_string(),
    };
    writeln!(out, "config: {source}")?;
    for line in config.describe(path, cwd, selection) {
        writeln!(out, "{line}")?;
    }
    let (fail_on, from) = match (args.fail_on, config.fail_on) {
        (Some(level), _) => (level, " (--fail-on)"),
        (None, Some(level)) => (level, ""),
        (None, None) => (FailOn::Warning, " (default)"),
    };
    writeln!(out, "fail-on = {}{from}", fail_on.name())?;
    let (size, from) = match (args.max_file_size, config.max_file_size) {
        (Some(size), _) => (size, " (--max-file-size)"),
        (None, Some(size)) => (size, ""),
        (None, None) => (DEFAULT_MAX_FILE_SIZE, " (default)"),
    };
    writeln!(out, "max-file-size = {size} bytes{from}")?;
    Ok(Outcome::Clean)
}

/// `--init`: writes the starter config, never over an existing file.
fn init(cwd: &Path, err: &mut dyn Write) -> io::Result<Outcome> {
    let path = cwd.join(crate::config::CONFIG_NAMES[0]);
    let written = crate::output::write_atomically(&path, Existing::Keep, |file| {
        file.write_all(crate::config::STARTER.as_bytes())
    });
    match written {
        Ok(()) => {
            writeln!(err, "wrote {}", crate::config::CONFIG_NAMES[0])?;
            Ok(Outcome::Clean)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            writeln!(
                err,
                "error: {} already exists; not overwriting it",
                crate::config::CONFIG_NAMES[0]
            )?;
            Ok(Outcome::Error)
        }
        Err(e) => {
            writeln!(
                err,
                "error: cannot write {}: {e}",
                crate::config::CONFIG_NAMES[0]
            )?;
            Ok(Outcome::Error)
        }
    }
}

/// Everything checking a file needs, shared by the walk's threads.
pub struct Checker<'a> {
    /// Known fog to leave out (`--baseline`).
    pub baseline: Option<&'a Baseline>,
    pub pack: &'a RulePack,
    pub matcher: &'a Matcher,
    /// The config of each file.
    pub configs: &'a Configs,
    pub selection: &'a CliSelection,
    /// The folder relative paths are read against.
    pub cwd: &'a Path,
    /// `--max-file-size`, over each config's `max-file-size`.
    pub max_file_size: Option<u64>,
    /// `--fail-on`, over each config's `fail-on`.
    pub fail_on: Option<FailOn>,
    /// Keep the prose of files with findings in their `FileReport`, for a
    /// format that shows it (`OutputFormat::shows_prose`).
    pub keep_prose: bool,
    /// Which promises to find beside the fog (`lint::Promises`); with
    /// every file's, they are gathered in `promises`, to be compared once
    /// every file is read: one list per file, pushed whole (see
    /// `ledger::gather`).
    pub promises_wanted: crate::lint::Promises,
    pub promises: Mutex<Vec<Vec<crate::ledger::PlacedEntry>>>,
    /// `--data-files`: data and translation files to check, relative to
    /// `cwd`, besides those each config's `data-files` names.
    pub data_files: Option<globset::GlobSet>,
}

impl Checker<'_> {
    /// The config of the file or folder at `path`, decided by the folder
    /// holding it (a folder's own config governs what is inside it, not
    /// whether it is walked). `None` when that config is broken.
    fn config_of_entry(&self, path: &Path) -> Option<std::sync::Arc<Config>> {
        let full = crate::config::absolute(path, self.cwd);
        let folder = full.parent().unwrap_or(&full);
        self.configs.for_folder(folder, Some(self.pack))
    }

    /// The data or translation format of `path` when it is opted in, by
    /// `--data-files` or its config's `data-files`.
    fn data_kind(&self, path: &Path, config: &Config) -> Option<crate::source::FileKind> {
        let kind = crate::source::FileKind::data_from_path(path)?;
        let by_flag = self.data_files.as_ref().is_some_and(|set| {
            let full = crate::config::absolute(path, self.cwd);
            set.is_match(crate::config::relative_to(&full, self.cwd))
        });
        let is_config = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| crate::config::CONFIG_NAMES.contains(&n));
        ((by_flag && !is_config) || config.is_data_file(path, self.cwd)).then_some(kind)
    }

    fn size_limit(&self, config: &Config) -> u64 {
        self.max_file_size
            .or(config.max_file_size)
            .unwrap_or(DEFAULT_MAX_FILE_SIZE)
    }

    /// True when a finding of `located` is at or above the fail level in
    /// force for it.
    fn fails(&self, config: &Config, located: &report::FileReport) -> bool {
        let level = self.fail_on.or(config.fail_on).unwrap_or(FailOn::Warning);
        level
            .threshold()
            .is_some_and(|t| located.findings.iter().any(|f| f.finding.severity >= t))
    }

    /// Walks `paths` (each what `named` says) and checks every file on
    /// `threads` threads; each file is read, checked and placed, then
    /// dropped, so only findings (and each file's word count) stay in
    /// memory.
    pub fn check_paths(&self, paths: &[PathBuf], named: &[Named], threads: usize) -> Report {
        let report = Mutex::new(Report::default());
        let add_error = |path: PathBuf, message: String| {
            let mut report = report.lock().unwrap_or_else(|p| p.into_inner());
            report.errors.push(FileError {
                path,
                at: None,
                message,
            });
        };
        // A file or folder under a broken config is left out; the broken
        // config fails the run.
        let keep = |path: &Path, is_dir: bool| {
            self.config_of_entry(path).is_some_and(|config| {
                !config.is_excluded(path, self.cwd)
                    && (is_dir || config.is_included(path, self.cwd))
            })
        };
        let excluded_explicitly = paths
            .iter()
            .zip(named)
            .filter(|(path, named)| !keep(path, **named == Named::Folder))
            .count();
        let check = |path: PathBuf, kind: crate::source::FileKind, config: &Config| {
            report
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .inputs
                .push(path.clone());
            match SourceFile::read(&path, kind, self.size_limit(config)) {
                Ok(file) => {
                    let (mut located, errors) = self.check_file(&file, config);
                    let known = self.baseline.map(|b| b.filter(&mut located));
                    let fails = self.fails(config, &located);
                    let mut report = report.lock().unwrap_or_else(|p| p.into_inner());
                    report.files_checked += 1;
                    report.fails |= fails;
                    report.errors.extend(errors);
                    if let Some((baselined, stale)) = known {
                        let summary = report.baseline.get_or_insert_default();
                        summary.baselined += baselined;
                        summary.stale += stale;
                    }
                    report.files.push(located);
                }
                Err(e) => add_error(path, e.to_string()),
            }
        };
        // A data or translation file is checked when opted in by path;
        // otherwise it is skipped (or, named explicitly, an error).
        let data = |path: &Path| {
            let config = self.config_of_entry(path)?;
            let kind = self.data_kind(path, &config)?;
            Some((kind, config))
        };
        walk(paths, named, threads, &keep, &|item| match item {
            WalkItem::File { path, kind } => {
                if let Some(config) = self.config_of_entry(&path) {
                    check(path, kind, &config);
                }
            }
            WalkItem::Error { path, message } => match data(&path) {
                Some((kind, config)) => check(path, kind, &config),
                None => add_error(path, message),
            },
            WalkItem::Skipped { path } => match data(&path) {
                Some((kind, config)) => check(path, kind, &config),
                None => {
                    let mut report = report.lock().unwrap_or_else(|p| p.into_inner());
                    report.skipped.push(path);
                }
            },
        });
        let mut report = report.into_inner().unwrap_or_else(|p| p.into_inner());
        report.excluded_explicitly += excluded_explicitly;
        report.sort();
        report
    }

    /// Checks `input` as the file `name`, adding to `report`. Nothing is
    /// read from the disk at `name`; the config found from its folder
    /// applies, excludes included.
    pub fn check_stdin(&self, name: &Path, input: &mut dyn io::Read, report: &mut Report) {
        let add_error = |report: &mut Report, message: String| {
            report.errors.push(FileError {
                path: name.to_path_buf(),
                at: None,
                message,
            });
            report.sort();
        };
        let Some(config) = self.config_of_entry(name) else {
            return;
        };
        if config.is_excluded(name, self.cwd) || !config.is_included(name, self.cwd) {
            report.excluded_explicitly += 1;
            return;
        }
        report.inputs.push(name.to_path_buf());
        let kind = crate::source::FileKind::from_path(name)
            .or_else(|| self.data_kind(name, &config))
            .or((name == Path::new(STDIN_NAME)).then_some(crate::source::FileKind::Markdown));
        let Some(kind) = kind else {
            return add_error(report, crate::source::SourceError::UnknownKind.to_string());
        };
        let bytes = match crate::source::read_to_limit(input, self.size_limit(&config)) {
            Ok(bytes) => bytes,
            Err(crate::source::SourceError::Io(e)) => {
                return add_error(report, format!("cannot read standard input: {e}"))
            }
            Err(e) => return add_error(report, format!("{e} (standard input)")),
        };
        match SourceFile::from_bytes(name.to_path_buf(), kind, bytes) {
            Ok(file) => {
                let (mut located, errors) = self.check_file(&file, &config);
                report.errors.extend(errors);
                if let Some(baseline) = self.baseline {
                    let (baselined, stale) = baseline.filter(&mut located);
                    let summary = report.baseline.get_or_insert_default();
                    summary.baselined += baselined;
                    summary.stale += stale;
                }
                report.fails |= self.fails(&config, &located);
                report.files_checked += 1;
                report.files.push(located);
                report.sort();
            }
            Err(e) => add_error(report, e.to_string()),
        }
    }

    /// The findings of one file after its config's `accept` phrases, inline
    /// suppressions and then the config's rule selection had their say (so
    /// `ignore = ["suppression"]` also turns off the reports of unused
    /// suppressions), placed; and an error at each suppression that names
    /// an unknown rule.
    pub fn check_file(
        &self,
        file: &SourceFile,
        config: &Config,
    ) -> (report::FileReport, Vec<FileError>) {
        let linted = crate::lint::lint_file_keeping_promises(
            file,
            config,
            self.selection,
            self.cwd,
            self.pack,
            self.matcher,
            self.promises_wanted,
        );
        let errors = if linted.errors.is_empty() {
            Vec::new()
        } else {
            let index = crate::span::LineIndex::new(file.text());
            linted
                .errors
                .into_iter()
                .map(|e| FileError {
                    path: file.path().to_path_buf(),
                    at: Some(index.line_col(e.span.start())),
                    message: e.message,
                })
                .collect()
        };
        let (findings, document) = (linted.findings, linted.document);
        // One locator for the file's findings and its ledger entries: the
        // file's line index is built once.
        let mut locator = report::Locator::new(file.text());
        let mut located = locator.report(file.path(), document.words(), findings);
        // The file's promises, found with its fog when the run keeps them
        // (`self.promises_wanted`), unless a measurement stops the ledger
        // before they are placed or kept (`ledger::Stage`).
        let stage = crate::ledger::Stage::of_run();
        if let Some(mut entries) = linted
            .promises
            .filter(|_| stage >= crate::ledger::Stage::Placed)
        {
            crate::ledger::mark_silenced(file, self.pack, &mut entries);
            let placed = crate::ledger::place_entries(file.path(), &mut locator, entries);
            if !placed.is_empty() && stage == crate::ledger::Stage::All {
                self.promises
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(placed);
            }
        }
        if self.keep_prose && !located.findings.is_empty() {
            located.prose = Some(report::keep_prose(document));
        }
        (located, errors)
    }
}

fn print_diagnostics<D: miette::Diagnostic>(
    errors: &[D],
    err: &mut dyn Write,
    color: bool,
) -> io::Result<()> {
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
