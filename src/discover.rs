//! Which config applies to which file. Without `--config` or `--no-config`,
//! each file is checked with the nearest `fogcheck.toml` (or
//! `.fogcheck.toml`) at or above its own folder — not the shell's — so
//! `fogcheck site/` uses `site/fogcheck.toml`, and a nested config governs
//! its subtree alone (the nearest wins; nothing is merged from the configs
//! above it). Lookups are cached per folder and each config is loaded once,
//! from any of the walk's threads; a config that does not load or validate
//! is kept as an error, reported once.

use crate::config::{Config, ConfigError, CONFIG_NAMES};
use crate::rule::RulePack;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A loaded config, and whether it was checked against the rule pack.
enum Slot {
    Loaded { config: Arc<Config>, valid: bool },
    Broken,
}

/// Every config a run uses.
pub struct Configs {
    cwd: PathBuf,
    /// How many bytes of a config file are read.
    limit: u64,
    /// `--config FILE`, or the empty config of `--no-config`: one config
    /// for every file.
    forced: Option<Arc<Config>>,
    /// The empty config, for files with none above them.
    none: Arc<Config>,
    /// Folder (absolute) → the nearest config file at or above it.
    nearest: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Config file → what loading it gave.
    loaded: Mutex<HashMap<PathBuf, Slot>>,
    /// Errors of configs that did not load or validate, in the order met.
    errors: Mutex<Vec<ConfigError>>,
    /// The rule folders the pack was loaded from (absolute): a config met
    /// during the walk may not name others.
    rule_dirs: Mutex<Vec<PathBuf>>,
    /// Config files (absolute) whose text is given rather than read: the
    /// language server's unsaved editor buffers.
    unsaved: HashMap<PathBuf, String>,
}

impl Configs {
    /// Discovery from each file's folder.
    pub fn discover(cwd: &Path, limit: u64) -> Configs {
        Configs::with(cwd, limit, None)
    }

    /// One config for every file (`--config`, or `--no-config` with the
    /// empty one).
    pub fn forced(cwd: &Path, config: Config) -> Configs {
        Configs::with(cwd, 0, Some(Arc::new(config)))
    }

    fn with(cwd: &Path, limit: u64, forced: Option<Arc<Config>>) -> Configs {
        Configs {
            cwd: cwd.to_path_buf(),
            limit,
            forced,
            none: Arc::new(Config::empty(cwd)),
            nearest: Mutex::new(HashMap::new()),
            loaded: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
            rule_dirs: Mutex::new(Vec::new()),
            unsaved: HashMap::new(),
        }
    }

    /// Reads the config files named in `unsaved` (absolute paths) from the
    /// text given there, not from disk; one there that is not on disk yet
    /// is found all the same.
    pub fn with_unsaved(mut self, unsaved: HashMap<PathBuf, String>) -> Configs {
        self.unsaved = unsaved;
        self
    }

    /// True for `--config` and `--no-config`.
    pub fn is_forced(&self) -> bool {
        self.forced.is_some()
    }

    /// The folder whose config governs `path`: the path itself when it is
    /// a folder, else the folder holding it.
    pub fn folder_of(&self, path: &Path) -> PathBuf {
        let full = crate::config::absolute(path, &self.cwd);
        if path.is_dir() {
            full
        } else {
            full.parent().map_or(full.clone(), Path::to_path_buf)
        }
    }

    /// The nearest config file at or above the folder `dir` (absolute):
    /// nearest first, each folder from the cache or else the file system,
    /// and every folder passed on the way cached with the answer.
    pub fn nearest_file(&self, dir: &Path) -> Option<PathBuf> {
        let mut seen = Vec::new();
        let mut found = None;
        for folder in dir.ancestors() {
            let cached = self
                .nearest
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(folder)
                .cloned();
            if let Some(hit) = cached {
                found = hit;
                break;
            }
            seen.push(folder.to_path_buf());
            let file = CONFIG_NAMES
                .iter()
                .map(|name| folder.join(name))
                .find(|p| self.unsaved.contains_key(p) || p.is_file());
            if file.is_some() {
                found = file;
                break;
            }
        }
        let mut cache = self.nearest.lock().unwrap_or_else(|p| p.into_inner());
        for folder in seen {
            cache.insert(folder, found.clone());
        }
        found
    }

    /// The config for files in the folder `dir` (absolute), loaded and,
    /// when `pack` is given, validated against it. `None` when that config
    /// is broken (its error is kept for `errors`).
    pub fn for_folder(&self, dir: &Path, pack: Option<&RulePack>) -> Option<Arc<Config>> {
        if let Some(forced) = &self.forced {
            return Some(forced.clone());
        }
        let Some(file) = self.nearest_file(dir) else {
            return Some(self.none.clone());
        };
        // Loading and validating under the lock: each config once, and
        // configs are few and small.
        let mut loaded = self.loaded.lock().unwrap_or_else(|p| p.into_inner());
        let slot = loaded.entry(file.clone()).or_insert_with(|| {
            // Named relative to the current folder when below it, as the
            // files checked are, in errors and warnings.
            let shown = crate::config::relative_to(&file, &self.cwd);
            let loaded = match self.unsaved.get(&file) {
                Some(text) => Config::parse(&shown, text, &self.cwd),
                None => Config::load(&shown, &self.cwd, self.limit),
            };
            match loaded {
                Ok(config) => Slot::Loaded {
                    config: Arc::new(config),
                    valid: false,
                },
                Err(e) => {
                    self.push_error(*e);
                    Slot::Broken
                }
            }
        });
        match slot {
            Slot::Broken => None,
            Slot::Loaded { config, valid } => {
                if let (Some(pack), false) = (pack, *valid) {
                    let mut errors = config.validate(pack);
                    let rule_dirs = self.rule_dirs.lock().unwrap_or_else(|p| p.into_inner());
                    if let Some(missing) = config.rules.iter().find(|d| !rule_dirs.contains(d)) {
                        errors.push(config.error_at_rules(format!(
                            "the rule folder {} named here is not loaded: rule folders are \
                             loaded once a run, from the configs of the paths named on the \
                             command line; run fogcheck on this config's folder, or add \
                             `--rules {}`",
                            missing.display(),
                            missing.display()
                        )));
                    }
                    if !errors.is_empty() {
                        drop(rule_dirs);
                        for error in errors {
                            self.push_error(error);
                        }
                        *slot = Slot::Broken;
                        return None;
                    }
                    *valid = true;
                }
                Some(config.clone())
            }
        }
    }

    /// The config for the file or folder `path`.
    pub fn for_path(&self, path: &Path, pack: Option<&RulePack>) -> Option<Arc<Config>> {
        self.for_folder(&self.folder_of(path), pack)
    }

    /// `for_path` for a path known to be a file (one the run read): its
    /// folder, without asking the file system whether it is one.
    pub fn for_file(&self, path: &Path, pack: Option<&RulePack>) -> Option<Arc<Config>> {
        let full = crate::config::absolute(path, &self.cwd);
        let folder = full.parent().map_or(full.clone(), Path::to_path_buf);
        self.for_folder(&folder, pack)
    }

    /// Records the rule folders the pack holds (absolute).
    pub fn set_rule_dirs(&self, dirs: Vec<PathBuf>) {
        *self.rule_dirs.lock().unwrap_or_else(|p| p.into_inner()) = dirs
            .iter()
            .map(|d| crate::config::absolute(d, &self.cwd))
            .collect();
    }

    fn push_error(&self, error: ConfigError) {
        self.errors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(error);
    }

    /// The errors of broken configs, once each, sorted by file.
    pub fn take_errors(&self) -> Vec<ConfigError> {
        let mut errors =
            std::mem::take(&mut *self.errors.lock().unwrap_or_else(|p| p.into_inner()));
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        errors
    }

    /// Every config loaded so far (for warnings after the run), by path.
    pub fn loaded(&self) -> Vec<Arc<Config>> {
        if let Some(forced) = &self.forced {
            return vec![forced.clone()];
        }
        let loaded = self.loaded.lock().unwrap_or_else(|p| p.into_inner());
        let mut configs: Vec<Arc<Config>> = loaded
            .values()
            .filter_map(|slot| match slot {
                Slot::Loaded { config, .. } => Some(config.clone()),
                Slot::Broken => None,
            })
            .collect();
        configs.sort_by(|a, b| a.path.cmp(&b.path));
        configs
    }
}
