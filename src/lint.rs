//! The library face: lint one buffer as the command line lints a file.
//!
//! `lint_text` (a path and its text) and `lint_file` (a `SourceFile`) run
//! extract → check → judge, then the config's `accept` phrases, the inline
//! suppressions and the config's rule selection and severities, in that
//! order. The command line (`cli::Checker::check_file`) and the language
//! server (`lsp`) both call `lint_file`, so the two cannot drift apart.

use crate::check::Matcher;
use crate::config::{CliSelection, Config};
use crate::extract::Document;
use crate::finding::Finding;
use crate::rule::RulePack;
use crate::source::{FileKind, SourceError, SourceFile};
use crate::suppress::DirectiveError;
use std::path::Path;

/// The fog in one file: extract, check and judge, with no config and no
/// suppressions. Findings are in source order.
pub fn find_fog(file: &SourceFile, pack: &RulePack, matcher: &Matcher) -> Vec<Finding> {
    find_fog_in(&crate::extract::extract(file), pack, matcher)
}

/// The fog in a document already extracted (check and judge), for callers
/// that need the prose too (its word count, the HTML report's text).
pub fn find_fog_in(document: &Document, pack: &RulePack, matcher: &Matcher) -> Vec<Finding> {
    let hits = matcher.check(document);
    crate::judge::judge(document, hits, pack)
}

/// What linting one file gives.
#[derive(Debug)]
pub struct Linted {
    /// The findings the config and the inline suppressions keep, with the
    /// config's severities, in source order; `suppression/unused` findings
    /// included.
    pub findings: Vec<Finding>,
    /// Each suppression that names a rule or category the pack does not
    /// know (the command line reports these as errors, exit status 2).
    pub errors: Vec<DirectiveError>,
    /// The prose of the file (its word count, the HTML report's text).
    pub document: Document,
    /// All the file's promises, when `lint_file_keeping_promises` was asked
    /// for them; `None` otherwise.
    pub promises: Option<Vec<crate::ledger::Entry>>,
}

/// Lints `file` with `config`: the command line's `--select`/`--ignore`
/// (`selection`) apply last, and relative paths are read against `cwd`.
pub fn lint_file(
    file: &SourceFile,
    config: &Config,
    selection: &CliSelection,
    cwd: &Path,
    pack: &RulePack,
    matcher: &Matcher,
) -> Linted {
    lint_file_keeping_promises(
        file,
        config,
        selection,
        cwd,
        pack,
        matcher,
        Promises::Declared,
    )
}

/// Which promises a lint run finds and hands back, beside the fog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Promises {
    /// Only those of the kinds the file's config declares facts for, to
    /// check them (`ledger/declared`); none handed back.
    Declared,
    /// Every promise, handed back with the fog (`--contradictions`).
    All,
    /// Every promise and no fog (`--ledger`, which prints only the
    /// promises): the rules are not searched, so the run costs the
    /// extraction and the ledger alone.
    Only,
}

/// `lint_file`; with `Promises::All`, every promise of the file is found
/// (the comparison with declared facts needs only the declared kinds') and
/// handed back (`Linted::promises`) to a caller that needs them (the
/// command line's `--contradictions`); with `Promises::Only` (`--ledger`),
/// they are found without the fog, and no finding comes back but the
/// inline suppressions' own. They are found here,
/// right after the fog: found by the caller after it placed the findings,
/// the run took a few percent longer (bench/README.md, seventh pass).
pub fn lint_file_keeping_promises(
    file: &SourceFile,
    config: &Config,
    selection: &CliSelection,
    cwd: &Path,
    pack: &RulePack,
    matcher: &Matcher,
    promises_wanted: Promises,
) -> Linted {
    let document = crate::extract::extract_with(file, config.extract_options());
    if promises_wanted == Promises::Only {
        let promises = Some(crate::ledger::entries_noted_until(
            &document,
            None,
            crate::ledger::Stage::of_run(),
        ));
        let suppressed = crate::suppress::apply(file.text(), file.kind(), Vec::new(), pack);
        let mut errors = suppressed.errors;
        errors.extend(problems(&document));
        return Linted {
            findings: Vec::new(),
            errors,
            document,
            promises,
        };
    }
    let policy = config.policy_for(file.path(), cwd, selection);
    let all_promises = promises_wanted == Promises::All;
    // Facts the team declares are checked in every run: the file's
    // promises against its config's `[promises]`. Only the declared kinds
    // can differ from a fact, so only theirs are looked for unless all are
    // wanted. The matcher notes where their values may start as it reads
    // the words, so the ledger need not read every byte again.
    let wants_promises = all_promises || !config.promises.is_empty();
    let (hits, notes) = if wants_promises {
        matcher.check_noting_values(&document)
    } else {
        (matcher.check(&document), None)
    };
    let mut findings = crate::judge::judge(&document, hits, pack);
    let mut promises = None;
    if wants_promises {
        let entries = if all_promises {
            crate::ledger::entries_noted_until(
                &document,
                notes.as_ref(),
                crate::ledger::Stage::of_run(),
            )
        } else {
            let kinds: Vec<&str> = config.promises.iter().map(|f| f.kind.as_str()).collect();
            crate::ledger::entries_of_kinds(&document, &kinds, notes.as_ref())
        };
        if !config.promises.is_empty() {
            let shown = config.shown_path(cwd);
            findings.extend(crate::ledger::declared::findings(
                &entries,
                &config.promises,
                &shown,
                pack,
            ));
            findings.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
        }
        promises = all_promises.then_some(entries);
    }
    let findings = policy.accept(&document, findings);
    let mut suppressed = crate::suppress::apply(file.text(), file.kind(), findings, pack);
    suppressed.errors.extend(problems(&document));
    Linted {
        findings: policy.apply(suppressed.findings),
        errors: suppressed.errors,
        document,
        promises,
    }
}

/// A file that does not parse as its format: an error at each place.
fn problems(document: &Document) -> impl Iterator<Item = DirectiveError> + '_ {
    document
        .problems
        .iter()
        .map(|(span, message)| DirectiveError {
            span: *span,
            message: message.clone(),
        })
}

/// Lints `text` as the file at `path` with `config` and `pack`, exactly as
/// `fogcheck PATH` would with that config: the path's extension picks the
/// format (Markdown when it names none fogcheck reads), and the config's
/// overrides apply to the path (a relative one is read against the
/// config's folder). Fails only on text a file could not hold either (a
/// NUL byte: binary).
pub fn lint_text(
    path: &Path,
    text: &str,
    config: &Config,
    pack: &RulePack,
    matcher: &Matcher,
) -> Result<Linted, SourceError> {
    let kind = FileKind::from_path(path)
        .or_else(|| {
            config
                .is_data_file(path, config.root())
                .then(|| FileKind::data_from_path(path))
                .flatten()
        })
        .unwrap_or(FileKind::Markdown);
    let file = SourceFile::from_bytes(path.to_path_buf(), kind, text.as_bytes().to_vec())?;
    Ok(lint_file(
        &file,
        config,
        &CliSelection::default(),
        config.root(),
        pack,
        matcher,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::{load_pack, Severity};

    #[test]
    fn config_and_suppressions_apply() {
        let (pack, _) = load_pack(&[]);
        let matcher = Matcher::compile(&pack);
        let text = "We offer expedited shipping.\n\n<!-- fogcheck-disable-next-line shipping -->\nExpedited shipping again.\n";
        let none = Config::empty(Path::new("/p"));
        let linted = lint_text(Path::new("/p/a.md"), text, &none, &pack, &matcher).unwrap();
        let rules: Vec<&str> = linted.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["shipping/expedited-shipping"]);
        assert_eq!(linted.findings[0].severity, Severity::Warning);

        let config = Config::parse(
            Path::new("/p/fogcheck.toml"),
            "[severity]\nshipping = \"error\"\n",
            Path::new("/p"),
        )
        .unwrap();
        let linted = lint_text(Path::new("a.md"), text, &config, &pack, &matcher).unwrap();
        assert_eq!(linted.findings[0].severity, Severity::Error);
        let ignoring = Config::parse(
            Path::new("/p/fogcheck.toml"),
            "[[overrides]]\nfiles = [\"a.md\"]\nignore = [\"shipping\"]\n",
            Path::new("/p"),
        )
        .unwrap();
        let linted = lint_text(Path::new("a.md"), text, &ignoring, &pack, &matcher).unwrap();
        // Suppressions run before the policy: the directive silenced a
        // finding, so it is not reported unused when the policy drops the rule.
        assert!(linted.findings.is_empty(), "{:?}", linted.findings);
    }

    /// Asked for every promise, a file's lint hands back what the ledger
    /// finds in its prose, with no declared facts to compare them with;
    /// not asked, none.
    #[test]
    fn every_promise_comes_back_when_asked() {
        let (pack, _) = load_pack(&[]);
        let matcher = Matcher::compile(&pack);
        let text = "Returns are accepted within 30 days. Orders ship in 2 business days.\n\nWe will reply shortly.\n";
        let file = SourceFile::from_bytes(
            "/p/faq.md".into(),
            FileKind::Markdown,
            text.as_bytes().to_vec(),
        )
        .unwrap();
        let none = Config::empty(Path::new("/p"));
        let lint = |all| {
            lint_file_keeping_promises(
                &file,
                &none,
                &CliSelection::default(),
                Path::new("/p"),
                &pack,
                &matcher,
                all,
            )
        };
        // Each promise as its kind and value.
        let shown = |entries: &[crate::ledger::Entry]| -> Vec<(String, String)> {
            entries
                .iter()
                .map(|e| (e.kind.clone(), e.value.display()))
                .collect()
        };
        let asked = lint(Promises::All);
        let promises = shown(asked.promises.as_deref().expect("every promise, asked for"));
        assert_eq!(
            promises,
            [
                ("return-window".to_string(), "30 days".to_string()),
                ("handling-time".to_string(), "2 business days".to_string())
            ]
        );
        assert_eq!(promises, shown(&crate::ledger::entries(&asked.document)));
        assert!(lint(Promises::Declared).promises.is_none());
        // Without the fog: the same promises, and no finding.
        let only = lint(Promises::Only);
        assert!(only.findings.is_empty());
        assert_eq!(
            shown(only.promises.as_deref().expect("every promise, asked for")),
            promises
        );
        assert!(!asked.findings.is_empty(), "the text holds fog");
    }
}
