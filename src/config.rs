//! The project configuration: one `fogcheck.toml` (or `.fogcheck.toml`;
//! which one governs which file is `discover`'s business), parsed strictly (unknown keys and
//! bad values are miette diagnostics pointing at their line), and resolving it
//! into a `Policy`: which files to check and, per file, which rules are on and
//! at what severity. The policy is applied to judged findings; this module
//! never matches or judges anything itself.

use crate::diagnostic::FileDiagnostic;
use crate::finding::Finding;
use crate::rule::{RulePack, Severity};
use crate::selector::{is_known, names, unknown_selector_message};
use crate::settings::FailOn;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// The file names searched for, in order of preference.
pub const CONFIG_NAMES: [&str; 2] = ["fogcheck.toml", ".fogcheck.toml"];

/// A configuration file that cannot be used, with the place that is wrong.
pub type ConfigError = FileDiagnostic;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
    fail_on: Option<FailOn>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    rules: Option<Spanned<Vec<String>>>,
    max_file_size: Option<Spanned<toml::Value>>,
    #[serde(default)]
    accept: Vec<Spanned<String>>,
    #[serde(default)]
    prose_keys: Vec<Spanned<String>>,
    #[serde(default)]
    ignore_keys: Vec<Spanned<String>>,
    #[serde(default)]
    data_files: Vec<Spanned<String>>,
    #[serde(default)]
    overrides: Vec<OverrideTable>,
    #[serde(default)]
    promises: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideTable {
    files: Spanned<Vec<Spanned<String>>>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
    #[serde(default)]
    accept: Vec<Spanned<String>>,
}

/// Rule selection at one level (the file, an override, the command line).
/// A selector is a rule id or a whole category.
#[derive(Debug, Default, Clone)]
struct Layer {
    select: Option<Vec<Spanned<String>>>,
    ignore: Vec<Spanned<String>>,
    severity: Vec<(Spanned<String>, Severity)>,
}

#[derive(Debug)]
struct Override {
    files: GlobSet,
    /// The globs as written, for `--show-config`.
    globs: Vec<String>,
    layer: Layer,
}

/// A loaded configuration (or the empty one when there is no file).
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from; `None` when no file was found.
    pub path: Option<PathBuf>,
    text: String,
    /// The folder `exclude`, `include` and override globs are relative to.
    root: PathBuf,
    pub fail_on: Option<FailOn>,
    pub max_file_size: Option<u64>,
    /// Extra rule folders, resolved against the config file's folder.
    pub rules: Vec<PathBuf>,
    /// Where `rules` is written.
    rules_span: Option<Range<usize>>,
    base: Layer,
    overrides: Vec<Override>,
    exclude: Option<GlobSet>,
    include: Option<GlobSet>,
    /// `exclude` and `include` as written, for `--show-config`.
    exclude_globs: Vec<String>,
    include_globs: Vec<String>,
    /// The `accept` phrases, top level and overrides.
    vocabulary: crate::accept::Vocabulary,
    /// `prose-keys` and `ignore-keys`: which keys of front matter and data
    /// files are prose.
    extract: crate::extract::ExtractOptions,
    /// `data-files`: the data and translation files to check.
    data_files: Option<GlobSet>,
    data_globs: Vec<String>,
    /// The facts the business declares (`[promises]`), in file order: copy
    /// promising another value is a `ledger/declared` finding.
    pub promises: Vec<crate::ledger::declared::Fact>,
}

/// Lexically absolute and normalised (no `.` or `..`), without touching the
/// file system, so a path that does not exist yet still resolves.
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` as seen from the folder `base` (both absolute and normalised):
/// `docs/a.md` below it, `../fogcheck.toml` beside or above it.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    // Different roots (another drive): nothing shorter to say.
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// The most globs one list (`exclude`, `include`, an override's `files`)
/// may hold. Each glob is compiled into one matcher whose size grows with
/// the list: 20,000 globs took gigabytes before failing with "error
/// building NFA". Real configs hold a few dozen.
pub const MAX_GLOBS_PER_LIST: usize = 1_000;
/// The longest glob, in characters.
pub const MAX_GLOB_CHARS: usize = 4_096;
/// The most characters all the globs of the file may hold together. The
/// matchers grow with the wildcards: at this size the worst case measured
/// (1,000 globs of 63 characters, a third of them wildcards) takes 85 MB;
/// 1,000 globs of 4,096 characters took 2.5 GB and then failed.
pub const MAX_GLOB_CHARS_TOTAL: usize = 65_536;

/// Compiles globs the way .gitignore reads them: a pattern without `/`
/// matches a name at any depth, and a pattern matching a folder matches
/// everything under it. `key` names the list in errors; `total` counts the
/// characters of the file's globs so far.
fn glob_set(
    key: &str,
    patterns: &[Spanned<String>],
    total: &mut usize,
    err: &dyn Fn(Range<usize>, String) -> Box<ConfigError>,
) -> Result<Option<GlobSet>, Box<ConfigError>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    if let Some(extra) = patterns.get(MAX_GLOBS_PER_LIST) {
        return Err(err(
            extra.span(),
            format!(
                "`{key}` has {} globs; at most {MAX_GLOBS_PER_LIST} are allowed in one list \
                 (match folders, or use `include`, rather than listing files one by one)",
                patterns.len()
            ),
        ));
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let chars = pattern.get_ref().chars().count();
        if chars > MAX_GLOB_CHARS {
            return Err(err(
                pattern.span(),
                format!(
                    "glob in `{key}` is {chars} characters long; at most {MAX_GLOB_CHARS} are allowed"
                ),
            ));
        }
        *total += chars;
        if *total > MAX_GLOB_CHARS_TOTAL {
            return Err(err(
                pattern.span(),
                format!(
                    "too many globs: together they pass {MAX_GLOB_CHARS_TOTAL} characters, \
                     the most one config file may hold"
                ),
            ));
        }
        let trimmed = pattern.get_ref().trim();
        let trimmed = trimmed.strip_prefix("./").unwrap_or(trimmed);
        let trimmed = trimmed.trim_end_matches('/');
        if trimmed.is_empty() {
            return Err(err(pattern.span(), "empty glob".into()));
        }
        let anchored = if trimmed.contains('/') {
            trimmed.trim_start_matches('/').to_string()
        } else {
            format!("**/{trimmed}")
        };
        for glob in [anchored.clone(), format!("{anchored}/**")] {
            let compiled = GlobBuilder::new(&glob)
                .literal_separator(true)
                .build()
                .map_err(|e| err(pattern.span(), format!("invalid glob: {}", e.kind())))?;
            builder.add(compiled);
        }
    }
    // Each glob is valid on its own; together they may still be too large
    // to compile into one matcher.
    // The error points at the list's first glob: the list as a whole may
    // run to a thousand lines.
    builder.build().map(Some).map_err(|e| {
        err(
            patterns[0].span(),
            format!(
                "cannot compile the {} globs of `{key}` into one matcher: {e}; use fewer or simpler globs",
                patterns.len()
            ),
        )
    })
}

/// The `--data-files` globs, relative to the current folder and read as
/// the config's globs are; the error names the glob that is wrong.
pub fn command_line_globs(flag: &str, patterns: &[String]) -> Result<Option<GlobSet>, String> {
    let spanned: Vec<Spanned<String>> = patterns
        .iter()
        .map(|p| Spanned::new(0..0, p.clone()))
        .collect();
    let mut total = 0;
    let err = |_: Range<usize>, message: String| {
        Box::new(ConfigError::new(Path::new(flag), "", None, message))
    };
    glob_set(flag, &spanned, &mut total, &err).map_err(|e| format!("{flag}: {}", e.message))
}

fn parse_size_value(value: &toml::Value) -> Result<u64, String> {
    match value {
        toml::Value::Integer(n) => u64::try_from(*n).map_err(|_| "size is negative".to_string()),
        toml::Value::String(text) => crate::settings::parse_size(text),
        other => Err(format!(
            "expected a size such as \"10MiB\" or 500000, found {}",
            other.type_str()
        )),
    }
}

fn layer(
    select: Option<Vec<Spanned<String>>>,
    ignore: Vec<Spanned<String>>,
    severity: BTreeMap<Spanned<String>, Severity>,
) -> Layer {
    Layer {
        select,
        ignore,
        severity: severity.into_iter().collect(),
    }
}

impl Config {
    /// Parses the config file at `path`. Relative paths in it (rule folders,
    /// globs) are read against the file's folder.
    /// At most `limit` bytes are read.
    pub fn load(path: &Path, cwd: &Path, limit: u64) -> Result<Config, Box<ConfigError>> {
        let text = crate::source::read_text(path, limit).map_err(|e| {
            Box::new(ConfigError::new(
                path,
                "",
                None,
                format!("cannot read config file: {e}"),
            ))
        })?;
        Config::parse(path, &text, cwd)
    }

    /// Parses config `text` as if read from `path`.
    pub fn parse(path: &Path, text: &str, cwd: &Path) -> Result<Config, Box<ConfigError>> {
        let err = |span: Range<usize>, message: String| {
            Box::new(ConfigError::new(path, text, Some(span), message))
        };
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            Box::new(ConfigError::new(
                path,
                text,
                e.span(),
                e.message().trim().to_string(),
            ))
        })?;
        let dir = absolute(path, cwd)
            .parent()
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
        let max_file_size = match &file.max_file_size {
            Some(value) => Some(
                parse_size_value(value.get_ref())
                    .map_err(|m| err(value.span(), format!("max-file-size: {m}")))?,
            ),
            None => None,
        };
        let mut promises = Vec::new();
        for (kind, written) in &file.promises {
            let value = crate::ledger::declared::parse_fact(kind.get_ref(), written.get_ref())
                .map_err(|m| {
                    let at = if crate::ledger::kinds::builtin()
                        .kind(kind.get_ref())
                        .is_some()
                    {
                        written.span()
                    } else {
                        kind.span()
                    };
                    err(at, format!("promises: {m}"))
                })?;
            promises.push(crate::ledger::declared::Fact {
                kind: kind.get_ref().clone(),
                value,
                written: written.get_ref().clone(),
                line: text[..kind.span().start].matches('\n').count() + 1,
            });
        }
        promises.sort_by_key(|f| f.line);
        let mut overrides = Vec::new();
        let mut accept = Vec::new();
        let mut add_accept = |entries: Vec<Spanned<String>>, scope: Option<usize>| {
            for entry in entries {
                crate::accept::check_entry(entry.get_ref()).map_err(|m| err(entry.span(), m))?;
                accept.push(crate::accept::Entry {
                    span: entry.span(),
                    phrase: entry.into_inner(),
                    scope,
                });
            }
            Ok::<(), Box<ConfigError>>(())
        };
        add_accept(file.accept, None)?;
        let mut globs = 0;
        let exclude = glob_set("exclude", &file.exclude, &mut globs, &err)?;
        let include = glob_set("include", &file.include, &mut globs, &err)?;
        let data_files = glob_set("data-files", &file.data_files, &mut globs, &err)?;
        let key_patterns = |entries: &[Spanned<String>], key: &str| {
            entries
                .iter()
                .map(|entry| {
                    crate::extract::keys::KeyPattern::parse(entry.get_ref())
                        .map_err(|m| err(entry.span(), format!("{key}: {m}")))
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let extract = crate::extract::ExtractOptions {
            keys: crate::extract::keys::KeyRules::new(
                key_patterns(&file.prose_keys, "prose-keys")?,
                key_patterns(&file.ignore_keys, "ignore-keys")?,
            ),
        };
        for (index, table) in file.overrides.into_iter().enumerate() {
            add_accept(table.accept, Some(index))?;
            if table.files.get_ref().is_empty() {
                return Err(err(
                    table.files.span(),
                    "`files` is empty: an override needs at least one glob".into(),
                ));
            }
            let files = glob_set("files", table.files.get_ref(), &mut globs, &err)?
                .unwrap_or_else(GlobSet::empty);
            overrides.push(Override {
                files,
                globs: table
                    .files
                    .get_ref()
                    .iter()
                    .map(|g| g.get_ref().clone())
                    .collect(),
                layer: layer(table.select, table.ignore, table.severity),
            });
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            text: text.to_string(),
            fail_on: file.fail_on,
            max_file_size,
            rules: file
                .rules
                .iter()
                .flat_map(|r| r.get_ref())
                .map(|r| absolute(&dir.join(r), cwd))
                .collect(),
            rules_span: file.rules.as_ref().map(Spanned::span),
            exclude_globs: file.exclude.iter().map(|g| g.get_ref().clone()).collect(),
            include_globs: file.include.iter().map(|g| g.get_ref().clone()).collect(),
            exclude,
            include,
            base: layer(file.select, file.ignore, file.severity),
            overrides,
            root: dir,
            vocabulary: crate::accept::Vocabulary::new(accept),
            extract,
            data_globs: file
                .data_files
                .iter()
                .map(|g| g.get_ref().clone())
                .collect(),
            data_files,
            promises,
        })
    }

    /// The empty configuration, with globs relative to `cwd`.
    pub fn empty(cwd: &Path) -> Config {
        Config {
            root: cwd.to_path_buf(),
            ..Config::default()
        }
    }

    /// An error for each selector that names no rule and no category of
    /// `pack` (a typo must not silently select nothing).
    pub fn validate(&self, pack: &RulePack) -> Vec<ConfigError> {
        let Some(path) = &self.path else {
            return Vec::new();
        };
        let layers = std::iter::once(&self.base).chain(self.overrides.iter().map(|o| &o.layer));
        let mut errors = Vec::new();
        for layer in layers {
            let selectors = layer
                .select
                .iter()
                .flatten()
                .chain(&layer.ignore)
                .chain(layer.severity.iter().map(|(s, _)| s));
            for selector in selectors {
                if !is_known(pack, selector.get_ref()) {
                    errors.push(
                        ConfigError::new(
                            path,
                            &self.text,
                            Some(selector.span()),
                            unknown_selector_message(pack, selector.get_ref()),
                        )
                        .with_help("see fogcheck --list-rules for every rule id"),
                    );
                }
            }
        }
        errors
    }

    /// An error at this config's `rules` key (or the file as a whole).
    pub fn error_at_rules(&self, message: String) -> ConfigError {
        let path = self.path.clone().unwrap_or_default();
        ConfigError::new(&path, &self.text, self.rules_span.clone(), message)
    }

    /// The settings in force for the file or folder `path`, one per line,
    /// for `--show-config`: each top-level setting, then those of each
    /// override that applies, then the command line's `--select` and
    /// `--ignore`. Paths are shown relative to `cwd` when below it.
    pub fn describe(&self, path: &Path, cwd: &Path, cli: &CliSelection) -> Vec<String> {
        let shown = |p: &Path| crate::report::display_path(&relative_to(p, cwd));
        let list = |items: &mut dyn Iterator<Item = &str>| {
            items
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut lines = Vec::new();
        let layer_lines = |lines: &mut Vec<String>, prefix: &str, layer: &Layer| {
            if let Some(select) = &layer.select {
                lines.push(format!(
                    "{prefix}select = [{}]",
                    list(&mut select.iter().map(|s| s.get_ref().as_str()))
                ));
            }
            if !layer.ignore.is_empty() {
                lines.push(format!(
                    "{prefix}ignore = [{}]",
                    list(&mut layer.ignore.iter().map(|s| s.get_ref().as_str()))
                ));
            }
            for (selector, severity) in &layer.severity {
                lines.push(format!(
                    "{prefix}severity `{}` = {}",
                    selector.get_ref(),
                    severity.as_str()
                ));
            }
        };
        layer_lines(&mut lines, "", &self.base);
        if !self.exclude_globs.is_empty() {
            lines.push(format!(
                "exclude = [{}]",
                list(&mut self.exclude_globs.iter().map(String::as_str))
            ));
        }
        if !self.include_globs.is_empty() {
            lines.push(format!(
                "include = [{}]",
                list(&mut self.include_globs.iter().map(String::as_str))
            ));
        }
        if !self.data_globs.is_empty() {
            lines.push(format!(
                "data-files = [{}]",
                list(&mut self.data_globs.iter().map(String::as_str))
            ));
        }
        let defaults = crate::extract::keys::KeyRules::default();
        let added: Vec<&str> = self
            .extract
            .keys
            .prose_patterns()
            .skip(defaults.prose_patterns().count())
            .collect();
        if !added.is_empty() {
            lines.push(format!("prose-keys = [{}]", list(&mut added.into_iter())));
        }
        if self.extract.keys.ignore_patterns().next().is_some() {
            lines.push(format!(
                "ignore-keys = [{}]",
                list(&mut self.extract.keys.ignore_patterns())
            ));
        }
        for dir in &self.rules {
            lines.push(format!("rules: {}", shown(dir)));
        }
        let rel = self.relative(path, cwd);
        for (index, over) in self.overrides.iter().enumerate() {
            if !over.files.is_match(&rel) {
                continue;
            }
            let prefix = format!(
                "override {} (files = [{}]): ",
                index + 1,
                list(&mut over.globs.iter().map(String::as_str))
            );
            layer_lines(&mut lines, &prefix, &over.layer);
        }
        let in_force = |scope: Option<usize>| {
            scope.is_none_or(|i| {
                self.overrides
                    .get(i)
                    .is_some_and(|o| o.files.is_match(&rel))
            })
        };
        for entry in self.vocabulary.entries() {
            if in_force(entry.scope) {
                lines.push(format!("accept `{}`", entry.phrase));
            }
        }
        for fact in &self.promises {
            lines.push(format!(
                "promise {} = {} (declared)",
                fact.kind,
                fact.value.display()
            ));
        }
        if let Some(select) = &cli.select {
            lines.push(format!(
                "--select {} (replaces the top-level select and ignore)",
                select.join(",")
            ));
        }
        if !cli.ignore.is_empty() {
            lines.push(format!("--ignore {}", cli.ignore.join(",")));
        }
        if self.is_excluded(path, cwd) || (!path.is_dir() && !self.is_included(path, cwd)) {
            lines.push("excluded: yes (not checked)".into());
        }
        lines
    }

    /// The folder its globs and rule folders are relative to (the config
    /// file's, or for the empty config the folder it was made for).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path relative to the config's folder, as globs see it.
    fn relative(&self, path: &Path, cwd: &Path) -> PathBuf {
        let full = absolute(path, cwd);
        match full.strip_prefix(&self.root) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => full,
        }
    }

    /// True when `exclude` names `path` (a file or a folder).
    pub fn is_excluded(&self, path: &Path, cwd: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|set| set.is_match(self.relative(path, cwd)))
    }

    /// Which keys of front matter and data files are prose.
    pub fn extract_options(&self) -> &crate::extract::ExtractOptions {
        &self.extract
    }

    /// True when `data-files` names the file `path`. A config file is
    /// never a data file.
    pub fn is_data_file(&self, path: &Path, cwd: &Path) -> bool {
        let is_config = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| CONFIG_NAMES.contains(&n));
        !is_config
            && self
                .data_files
                .as_ref()
                .is_some_and(|set| set.is_match(self.relative(path, cwd)))
    }

    /// True when the file `path` passes `include` (or there is none).
    pub fn is_included(&self, path: &Path, cwd: &Path) -> bool {
        self.include
            .as_ref()
            .is_none_or(|set| set.is_match(self.relative(path, cwd)))
    }
}

/// The command line's say over rule selection: `--select` replaces the
/// config's top-level `select` and `ignore`; `--ignore` applies last, after
/// every level of the file.
#[derive(Debug, Default, Clone)]
pub struct CliSelection {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
}

/// Which rules apply to one file, and at what severity.
pub struct FilePolicy<'a> {
    layers: Vec<&'a Layer>,
    cli: &'a CliSelection,
    /// Per override (by index): whether it applies to this file.
    overrides: Vec<bool>,
    vocabulary: &'a crate::accept::Vocabulary,
}

impl Config {
    /// The policy for the file at `path`: the base settings, then each
    /// override whose `files` match it, in file order, then the command line.
    pub fn policy_for<'a>(
        &'a self,
        path: &Path,
        cwd: &Path,
        cli: &'a CliSelection,
    ) -> FilePolicy<'a> {
        let mut layers = vec![&self.base];
        let mut applies = Vec::new();
        if !self.overrides.is_empty() {
            let rel = self.relative(path, cwd);
            applies = self
                .overrides
                .iter()
                .map(|o| o.files.is_match(&rel))
                .collect();
            layers.extend(
                self.overrides
                    .iter()
                    .zip(&applies)
                    .filter(|(_, applies)| **applies)
                    .map(|(o, _)| &o.layer),
            );
        }
        FilePolicy {
            layers,
            cli,
            overrides: applies,
            vocabulary: &self.vocabulary,
        }
    }

    /// The config file's path as messages show it: relative to `cwd` when
    /// below it; empty for the empty config.
    pub fn shown_path(&self, cwd: &Path) -> String {
        self.path.as_ref().map_or_else(String::new, |path| {
            crate::report::display_path(&relative_to(&absolute(path, cwd), cwd))
        })
    }

    /// A warning line for each `accept` entry that matched nothing in the
    /// run (`path:line:col: accept entry `X` matched nothing`), the path
    /// relative to `cwd` when it is below it.
    pub fn unused_accepts(&self, cwd: &Path) -> Vec<String> {
        let Some(path) = &self.path else {
            return Vec::new();
        };
        let path = relative_to(&absolute(path, cwd), cwd);
        self.vocabulary
            .unused()
            .map(|entry| {
                let place =
                    ConfigError::new(&path, &self.text, Some(entry.span.clone()), String::new());
                format!(
                    "{}: accept entry `{}` matched nothing",
                    place.location, entry.phrase
                )
            })
            .collect()
    }
}

impl FilePolicy<'_> {
    /// Drops the findings that an `accept` phrase in force for this file
    /// covers or overlaps (the phrases are found in `document`'s prose).
    pub fn accept(
        &self,
        document: &crate::extract::Document,
        findings: Vec<Finding>,
    ) -> Vec<Finding> {
        // A file without findings is still searched, so that an entry that
        // occurs in it is not reported as matching nothing.
        if self.vocabulary.is_empty() {
            return findings;
        }
        let in_force = |scope: Option<usize>| scope.is_none_or(|i| self.overrides[i]);
        self.vocabulary.apply(document, &in_force, findings)
    }

    /// True when the rule `id` is on for this file. The base level enables
    /// its `select` (all rules when absent) minus its `ignore`; an override's
    /// `select` turns rules back on and its `ignore` turns them off.
    pub fn is_enabled(&self, id: &str) -> bool {
        let mut enabled = true;
        for (n, layer) in self.layers.iter().enumerate() {
            let select = if n == 0 {
                match &self.cli.select {
                    Some(cli) => Some(cli.iter().any(|s| names(s, id))),
                    None => layer
                        .select
                        .as_ref()
                        .map(|s| s.iter().any(|s| names(s.get_ref(), id))),
                }
            } else {
                layer
                    .select
                    .as_ref()
                    .map(|s| s.iter().any(|s| names(s.get_ref(), id)))
            };
            match select {
                Some(true) => enabled = true,
                Some(false) if n == 0 => enabled = false,
                _ => {}
            }
            // A command-line --select is a fresh selection: it replaces the
            // file's own `select` and `ignore` (overrides still apply).
            let cli_replaces = n == 0 && self.cli.select.is_some();
            if !cli_replaces && layer.ignore.iter().any(|s| names(s.get_ref(), id)) {
                enabled = false;
            }
        }
        enabled && !self.cli.ignore.iter().any(|s| names(s, id))
    }

    /// The severity of rule `id` for this file: a rule id beats a category
    /// at the same level, and a later level beats an earlier one.
    pub fn severity(&self, id: &str, default: Severity) -> Severity {
        let mut severity = default;
        for layer in &self.layers {
            let by_id = layer.severity.iter().find(|(s, _)| s.get_ref() == id);
            let by_category = layer
                .severity
                .iter()
                .find(|(s, _)| s.get_ref() != id && names(s.get_ref(), id));
            if let Some((_, level)) = by_id.or(by_category) {
                severity = *level;
            }
        }
        severity
    }

    /// Drops findings of rules that are off and applies severity overrides.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| self.is_enabled(f.rule.as_str()))
            .map(|mut f| {
                f.severity = self.severity(f.rule.as_str(), f.severity);
                f
            })
            .collect()
    }
}

/// The commented starter file `fogcheck --init` writes.
pub const STARTER: &str = r#"# fogcheck configuration. It governs the files in this folder and below,
# except where a nested fogcheck.toml takes over its own subtree;
# `--config FILE` forces one config for every file. Paths and globs are
# relative to this file's folder. Every key is optional.

# Rules to run: rule ids ("shipping/expedited-shipping") or whole categories
# ("shipping"). Without `select`, every rule runs.
# select = ["shipping", "refunds", "guarantee"]

# Rules or categories to turn off.
# ignore = ["puffery"]

# The lowest severity that makes fogcheck exit with status 1:
# "error", "warning", "info" or "never".
fail-on = "warning"

# Files and folders not to check, and (when given) the only files to check.
# A pattern without "/" matches at any depth; a folder matches what is in it.
# exclude = ["CHANGELOG.md", "drafts/"]
# include = ["docs/**/*.md", "site/**/*.html"]

# Extra rule folders (<folder>/<category>/<name>.toml).
# rules = ["fogcheck-rules"]

# Files larger than this are reported and not checked.
# max-file-size = "10MiB"

# Front matter keys whose string values are prose, added to the defaults
# (title, description, summary, subtitle, heading, content, text, body,
# label, features.name, cta*, tagline, excerpt), at any depth and in lists;
# `parent.key` names a key inside another, `cta*` a prefix. Values under
# an `ignore-keys` key (and those keys themselves) are not prose, in front
# matter and data files alike.
# prose-keys = ["usps", "faq.answer"]
# ignore-keys = ["seo", "menu"]

# Data and translation files to check (YAML, JSON, TOML, Fluent .ftl):
# every string value is prose and findings name its key path. Without
# this, such files are not checked.
# data-files = ["data/**/*.yml", "locales/en.json", "i18n/en/*.ftl"]

# Your product and plan names: findings inside them are not fog.
# accept = ["Premium Economy", "Unlimited Plan"]

# Severity per rule id or category: "error", "warning" or "info".
# [severity]
# "puffery" = "info"
# "shipping/expedited-shipping" = "error"

# Facts the business has decided, per promise kind (see `fogcheck --ledger`):
# copy that promises another value is a `ledger/declared` error.
# [promises]
# return-window = "30 days"
# handling-time = "1 business day"
# free-shipping-threshold = "$75"

# Settings for some files only, applied after the ones above, in order.
# [[overrides]]
# files = ["legal/**"]
# select = ["guarantee"]          # turn these back on here
# ignore = ["puffery"]            # turn these off here
# severity = { "guarantee" = "error" }
# accept = ["Legal Shield Plan"]   # more names for these files
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Box<ConfigError>> {
        Config::parse(Path::new("/p/fogcheck.toml"), text, Path::new("/p"))
    }

    #[test]
    fn relative_paths_climb_with_dot_dot() {
        let rel = |p: &str, b: &str| relative_to(Path::new(p), Path::new(b));
        assert_eq!(rel("/p/site/a.toml", "/p"), Path::new("site/a.toml"));
        assert_eq!(rel("/p/a.toml", "/p/site"), Path::new("../a.toml"));
        assert_eq!(rel("/p/x/a", "/p/y/z"), Path::new("../../x/a"));
        assert_eq!(rel("/p", "/p"), Path::new("."));
    }

    #[test]
    fn the_starter_parses() {
        let config = parse(STARTER).expect("starter parses");
        assert_eq!(config.fail_on, Some(FailOn::Warning));
    }

    #[test]
    fn unknown_keys_point_at_their_line() {
        let err = parse("fail-on = \"info\"\nselcet = [\"x\"]\n").unwrap_err();
        assert!(
            err.location.ends_with("fogcheck.toml:2:1"),
            "{}",
            err.location
        );
        assert!(err.message.contains("selcet"), "{}", err.message);
    }

    #[test]
    fn declared_promises_parse_or_point_at_their_place() {
        let config =
            parse("[promises]\nreturn-window = \"4 weeks\"\nuptime = \"99.9%\"\n").expect("parses");
        let facts: Vec<(String, String, usize)> = config
            .promises
            .iter()
            .map(|f| (f.kind.clone(), f.value.display(), f.line))
            .collect();
        assert_eq!(
            facts,
            [
                ("return-window".into(), "28 days".into(), 2),
                ("uptime".into(), "99.9%".into(), 3)
            ]
        );
        let err =
            parse("fail-on = \"info\"\n[promises]\nreturn-windw = \"30 days\"\n").unwrap_err();
        assert!(
            err.location.ends_with("fogcheck.toml:3:1"),
            "{}",
            err.location
        );
        assert!(
            err.message.contains("unknown promise kind `return-windw`"),
            "{}",
            err.message
        );
        let err = parse("[promises]\nhandling-time = \"soon\"\n").unwrap_err();
        assert!(
            err.location.ends_with("fogcheck.toml:2:17"),
            "{}",
            err.location
        );
        assert!(
            err.message.contains("expected a duration"),
            "{}",
            err.message
        );
    }

    #[test]
    fn globs_match_like_gitignore() {
        let config = parse("exclude = [\"drafts\", \"docs/old/*.md\"]\n").expect("parses");
        let cwd = Path::new("/p");
        assert!(config.is_excluded(Path::new("drafts/a.md"), cwd));
        assert!(config.is_excluded(Path::new("x/drafts/a.md"), cwd));
        assert!(config.is_excluded(Path::new("/p/docs/old/a.md"), cwd));
        assert!(!config.is_excluded(Path::new("docs/old/deeper/a.md"), cwd));
        assert!(!config.is_excluded(Path::new("docs/a.md"), cwd));
    }

    #[test]
    fn overrides_and_cli_layer_in_order() {
        let config = parse(
            r#"
select = ["shipping"]
[severity]
shipping = "info"
"shipping/fast" = "error"
[[overrides]]
files = ["legal/**"]
select = ["refunds"]
ignore = ["shipping/fast"]
"#,
        )
        .expect("parses");
        let cwd = Path::new("/p");
        let none = CliSelection::default();
        let page = config.policy_for(Path::new("page.md"), cwd, &none);
        assert!(page.is_enabled("shipping/fast"));
        assert!(!page.is_enabled("refunds/full"));
        assert_eq!(
            page.severity("shipping/slow", Severity::Warning),
            Severity::Info
        );
        assert_eq!(
            page.severity("shipping/fast", Severity::Warning),
            Severity::Error
        );
        let legal = config.policy_for(Path::new("legal/terms.md"), cwd, &none);
        assert!(legal.is_enabled("refunds/full"));
        assert!(!legal.is_enabled("shipping/fast"));
        let cli = CliSelection {
            select: Some(vec!["refunds".into()]),
            ignore: vec!["refunds/full".into()],
        };
        let page = config.policy_for(Path::new("page.md"), cwd, &cli);
        assert!(!page.is_enabled("shipping/fast"));
        assert!(page.is_enabled("refunds/partial"));
        assert!(!page.is_enabled("refunds/full"));
        let ignoring = parse("ignore = [\"refunds\"]\n").expect("parses");
        let page = ignoring.policy_for(Path::new("page.md"), cwd, &cli);
        assert!(
            page.is_enabled("refunds/partial"),
            "--select beats the file's ignore"
        );
    }
}
