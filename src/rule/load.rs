//! Loading rule files: TOML to `Rule`, validating every field. A broken rule
//! file becomes a `RuleError`, a miette diagnostic naming the file, line and
//! column and the field; the other rules still load.

use super::lists::{parse_list, WordList, WordLists, LISTS_FOLDER, MAX_EXPANSION};
use super::{
    Example, LazyRegex, Near, Pattern, Phrases, Rule, RuleId, RulePack, SentenceRegex, Severity,
    Unless,
};
use crate::builtin::{ascii_word_boundaries, BUILTIN_RULES};
use crate::diagnostic::FileDiagnostic;
use crate::roadsign::Detector;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use toml::Spanned;

/// A rule file that could not be loaded.
pub type RuleError = FileDiagnostic;

/// Boxes a diagnostic (results carry the large error boxed).
fn boxed(path: &Path, text: &str, span: Option<Range<usize>>, message: String) -> Box<RuleError> {
    Box::new(RuleError::new(path, text, span, message))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    summary: Spanned<String>,
    severity: Severity,
    message: Spanned<String>,
    why: String,
    roadsign: String,
    link: Option<String>,
    #[serde(rename = "match")]
    matcher: MatchTable,
    #[serde(default)]
    unless: UnlessTable,
    #[serde(default)]
    examples: Vec<ExampleTable>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum MatchKind {
    Phrases,
    Regex,
    Near,
    Ledger,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchTable {
    kind: Spanned<MatchKind>,
    phrases: Option<Spanned<Vec<Spanned<String>>>>,
    pattern: Option<Spanned<String>>,
    first: Option<Spanned<Vec<Spanned<String>>>>,
    then: Option<Spanned<Vec<Spanned<String>>>>,
    within: Option<Spanned<usize>>,
    #[serde(default)]
    either_order: bool,
    #[serde(default)]
    except: Vec<Spanned<String>>,
}

/// The most words a `near` rule may allow between its two phrases: beyond
/// a few words the two no longer read as one claim.
const MAX_WITHIN: usize = 8;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct UnlessTable {
    #[serde(default)]
    sentence_has: Vec<Detector>,
    sentence_matches: Option<Spanned<String>>,
    #[serde(default)]
    paragraph_has: Vec<Detector>,
    #[serde(default)]
    page_defines: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleTable {
    text: String,
    fog: Vec<String>,
    /// Facts a config declares for the example (a `ledger/declared`
    /// example): kind name → value.
    #[serde(default)]
    declared: std::collections::BTreeMap<String, String>,
}

/// Compiles a rule regex: case-insensitive, and `\b` as an ASCII word
/// boundary, which keeps the regex crate on its fast engines (ARCHITECTURE.md).
pub(crate) fn compile_rule_regex(pattern: &str) -> Result<Regex, regex::Error> {
    compile_rewritten(&ascii_word_boundaries(pattern))
}

/// Compiles a rule regex whose `\b`s are already ASCII.
pub(super) fn compile_rewritten(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).case_insensitive(true).build()
}

/// Parses one rule file with the built-in word lists. `relative` is its
/// path under the rules folder (`<category>/<name>.toml`), which names the
/// rule.
pub fn parse_rule(
    path: &Path,
    relative: &Path,
    text: &str,
    builtin: bool,
) -> Result<Rule, Box<RuleError>> {
    parse_rule_with_lists(path, relative, text, builtin, builtin_lists())
}

/// The built-in word lists (`rules/lists/`), resolved once.
pub fn builtin_lists() -> &'static WordLists {
    static LISTS: OnceLock<WordLists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let (written, errors) = builtin_list_files();
        assert!(errors.is_empty(), "built-in word lists load");
        WordLists::build(written).expect("built-in word lists resolve")
    })
}

fn builtin_list_files() -> (Vec<WordList>, Vec<RuleError>) {
    let mut lists = Vec::new();
    let mut errors = Vec::new();
    for (relative, text) in BUILTIN_RULES {
        if is_list_file(Path::new(relative)) {
            match parse_list(&Path::new("rules").join(relative), text) {
                Ok(list) => lists.push(list),
                Err(e) => errors.push(*e),
            }
        }
    }
    (lists, errors)
}

/// A file directly in a `lists/` folder is a word list, not a rule.
fn is_list_file(relative: &Path) -> bool {
    in_folder(relative, LISTS_FOLDER)
}

fn in_folder(relative: &Path, folder: &str) -> bool {
    relative
        .parent()
        .and_then(|p| p.file_name())
        .is_some_and(|name| name == folder)
}

/// How many spellings `phrase_variants` makes of `phrase`: each hyphen and
/// straight apostrophe doubles them (saturating). Loading a rule holds a
/// field to `MAX_EXPANSION` of them, so a phrase of 60 hyphens is an error,
/// not 2^60 strings.
fn spelling_count(phrase: &str) -> usize {
    let doublings = phrase.chars().filter(|c| matches!(c, '-' | '\'')).count();
    u32::try_from(doublings)
        .ok()
        .and_then(|n| 1usize.checked_shl(n))
        .unwrap_or(usize::MAX)
}

/// The built-in pack's folders that hold no rules: roadsign detectors,
/// judging filters and promise kinds (read by `roadsign`, `judge` and
/// `ledger`).
const NOT_RULES: [&str; 3] = ["detectors", "filters", "promises"];

/// Expands the phrases (templates allowed) of field `field`; every phrase
/// is normalised to single spaces.
fn expand_phrases(
    phrases: &[Spanned<String>],
    lists: &WordLists,
    err: &impl Fn(Range<usize>, String) -> Box<RuleError>,
    field: &str,
) -> Result<Phrases, Box<RuleError>> {
    let mut out = Phrases::default();
    // What the matcher compiles: every spelling of every expanded phrase.
    let mut spellings = 0usize;
    for phrase in phrases {
        let written = check_phrase(phrase, err, field)?;
        let expanded = lists
            .expand(&written)
            .map_err(|message| err(phrase.span(), format!("field `{field}`: {message}")))?;
        spellings = expanded
            .iter()
            .fold(spellings, |n, p| n.saturating_add(spelling_count(p)));
        out.expanded.extend(expanded);
        if out.expanded.len() > MAX_EXPANSION {
            return Err(err(
                phrase.span(),
                format!("field `{field}` expands to more than {MAX_EXPANSION} phrases"),
            ));
        }
        if spellings > MAX_EXPANSION {
            return Err(err(
                phrase.span(),
                format!(
                    "field `{field}` has more than {MAX_EXPANSION} spellings: each hyphen \
                     and straight apostrophe in a phrase doubles them (`-` also matches a \
                     space, `'` also `’`)"
                ),
            ));
        }
        out.written.push(written);
    }
    Ok(out)
}

/// Parses one rule file whose templates use `lists`.
pub fn parse_rule_with_lists(
    path: &Path,
    relative: &Path,
    text: &str,
    builtin: bool,
    lists: &WordLists,
) -> Result<Rule, Box<RuleError>> {
    let id = rule_id(relative).ok_or_else(|| {
        boxed(
            path,
            text,
            None,
            "a rule file must live at <category>/<name>.toml with a kebab-case name".into(),
        )
    })?;
    let file: RuleFile = toml::from_str(text)
        .map_err(|err| boxed(path, text, err.span(), err.message().trim().to_string()))?;
    let err = |span: Range<usize>, message: String| boxed(path, text, Some(span), message);

    if file.summary.get_ref().trim().is_empty() {
        return Err(err(file.summary.span(), "field `summary` is empty".into()));
    }
    if !file.message.get_ref().contains("{match}") {
        let error = RuleError::new(
            path,
            text,
            Some(file.message.span()),
            "field `message` must contain {match}".into(),
        )
        .with_help("write the matched words into the message, e.g. \"“{match}” promises …\"");
        return Err(Box::new(error));
    }

    let matcher = file.matcher;
    let kind_span = matcher.kind.span();
    let misplaced = |field: &str, span: Range<usize>, kind: &str| {
        err(
            span,
            format!("field `{field}` belongs to kind = \"{kind}\""),
        )
    };
    let kind = *matcher.kind.get_ref();
    if kind != MatchKind::Regex {
        if let Some(pattern) = &matcher.pattern {
            return Err(misplaced("pattern", pattern.span(), "regex"));
        }
    }
    if kind != MatchKind::Phrases {
        if let Some(phrases) = &matcher.phrases {
            return Err(misplaced("phrases", phrases.span(), "phrases"));
        }
    }
    if kind != MatchKind::Near {
        for (name, field) in [("first", &matcher.first), ("then", &matcher.then)] {
            if let Some(field) = field {
                return Err(misplaced(name, field.span(), "near"));
            }
        }
        if let Some(within) = &matcher.within {
            return Err(misplaced("within", within.span(), "near"));
        }
    }
    let pattern = match kind {
        MatchKind::Ledger => {
            if !matcher.except.is_empty() {
                return Err(err(
                    kind_span,
                    "kind = \"ledger\" matches no words: it takes no `except`".into(),
                ));
            }
            Pattern::Ledger
        }
        MatchKind::Phrases => {
            let Some(phrases) = matcher.phrases else {
                return Err(err(
                    kind_span,
                    "kind = \"phrases\" needs a `phrases` list".into(),
                ));
            };
            if phrases.get_ref().is_empty() {
                return Err(err(phrases.span(), "field `phrases` is empty".into()));
            }
            Pattern::Phrases(expand_phrases(phrases.get_ref(), lists, &err, "phrases")?)
        }
        MatchKind::Near => {
            let mut sides = Vec::new();
            for (name, field) in [("first", &matcher.first), ("then", &matcher.then)] {
                let Some(field) = field else {
                    return Err(err(
                        kind_span.clone(),
                        format!("kind = \"near\" needs a `{name}` list"),
                    ));
                };
                if field.get_ref().is_empty() {
                    return Err(err(field.span(), format!("field `{name}` is empty")));
                }
                sides.push(expand_phrases(field.get_ref(), lists, &err, name)?);
            }
            let Some(within) = &matcher.within else {
                return Err(err(kind_span, "kind = \"near\" needs `within`".into()));
            };
            if *within.get_ref() > MAX_WITHIN {
                return Err(err(
                    within.span(),
                    format!("field `within` is at most {MAX_WITHIN} words"),
                ));
            }
            let then = sides.pop().unwrap_or_default();
            let first = sides.pop().unwrap_or_default();
            Pattern::Near(Near {
                first,
                then,
                within: *within.get_ref(),
                either_order: matcher.either_order,
            })
        }
        MatchKind::Regex => {
            let Some(pattern) = matcher.pattern else {
                return Err(err(kind_span, "kind = \"regex\" needs a `pattern`".into()));
            };
            if builtin {
                // Compiled when first used; a test checks the built-in ones.
                Pattern::Regex(LazyRegex::deferred(pattern.get_ref()))
            } else {
                let regex = compile_rule_regex(pattern.get_ref()).map_err(|e| {
                    err(
                        pattern.span(),
                        format!("field `pattern` is not a valid regex: {e}"),
                    )
                })?;
                if regex.is_match("") {
                    return Err(err(
                        pattern.span(),
                        "field `pattern` matches the empty string".into(),
                    ));
                }
                Pattern::Regex(LazyRegex::validated(&regex))
            }
        }
    };
    let except = expand_phrases(&matcher.except, lists, &err, "except")?.expanded;

    let sentence_matches = match &file.unless.sentence_matches {
        // Built-in regexes are compiled when first used (a test compiles
        // them all); a user's are compiled now, so a bad one is reported.
        Some(pattern) if builtin => Some(SentenceRegex::deferred(
            pattern.get_ref(),
            shared_sentence_regex(pattern.get_ref()),
        )),
        Some(pattern) => Some(SentenceRegex::compile(pattern.get_ref()).map_err(|e| {
            err(
                pattern.span(),
                format!("field `sentence_matches` is not a valid regex: {e}"),
            )
        })?),
        None => None,
    };

    Ok(Rule {
        id,
        summary: file.summary.into_inner(),
        severity: file.severity,
        message: file.message.into_inner(),
        why: file.why,
        roadsign: file.roadsign.into(),
        link: file.link,
        pattern,
        except,
        unless: Unless {
            sentence_has: file.unless.sentence_has,
            sentence_matches,
            paragraph_has: file.unless.paragraph_has,
            page_defines: file.unless.page_defines,
        },
        examples: file
            .examples
            .into_iter()
            .map(|e| Example {
                text: e.text,
                fog: e.fog,
                declared: e.declared.into_iter().collect(),
            })
            .collect(),
        origin: path.to_path_buf(),
        builtin,
    })
}

/// The one lazily compiled regex for a built-in `sentence_matches`:
/// several built-in rules share a pattern, compiled once for all.
fn shared_sentence_regex(source: &str) -> Arc<OnceLock<regex_automata::meta::Regex>> {
    shared_compiled(ascii_word_boundaries(source))
}

/// A built-in `sentence_matches` given as compiled (the rule pack's data,
/// `image`), sharing its compiled regex as `shared_sentence_regex` does.
pub(super) fn shared_sentence_regex_as_compiled(source: &str) -> SentenceRegex {
    SentenceRegex::as_compiled(source, shared_compiled(source.to_string()))
}

/// The compiled regex shared by the built-in patterns that compile as
/// `source`.
fn shared_compiled(source: String) -> Arc<OnceLock<regex_automata::meta::Regex>> {
    type Shared = HashMap<String, Arc<OnceLock<regex_automata::meta::Regex>>>;
    static SHARED: OnceLock<Mutex<Shared>> = OnceLock::new();
    let mut shared = SHARED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    shared.entry(source).or_default().clone()
}

fn check_phrase(
    phrase: &Spanned<String>,
    err: &impl Fn(Range<usize>, String) -> Box<RuleError>,
    field: &str,
) -> Result<String, Box<RuleError>> {
    let words: Vec<&str> = phrase.get_ref().split_whitespace().collect();
    if words.is_empty() {
        return Err(err(
            phrase.span(),
            format!("field `{field}` has an empty phrase"),
        ));
    }
    Ok(words.join(" "))
}

/// `<category>/<name>.toml` to a rule id; both parts kebab-case.
pub(super) fn rule_id(relative: &Path) -> Option<RuleId> {
    let name = relative.file_stem()?.to_str()?;
    let category = relative.parent()?.file_name()?.to_str()?;
    let kebab = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    (kebab(name) && kebab(category)).then(|| RuleId::new(category, name))
}

/// The built-in pack plus every `*.toml` under each folder of `user_dirs`.
/// Returns the pack of every rule that loaded and an error for each that did
/// not (a duplicate id is an error on the later file).
pub fn load_pack(user_dirs: &[PathBuf]) -> (RulePack, Vec<RuleError>) {
    load_pack_with(user_dirs, &HashMap::new())
}

/// `load_pack` for a run that shows no rule's examples (a check run): the
/// built-in rules are parsed without their `[[examples]]`, a third of the
/// pack's TOML, so `Rule::examples` is empty for them.
pub fn load_pack_without_examples(user_dirs: &[PathBuf]) -> (RulePack, Vec<RuleError>) {
    load_pack_on(user_dirs, &HashMap::new(), false, true)
}

/// `load_pack_without_examples` without user folders, every built-in rule
/// parsed from its TOML: what the rule pack's data (`image`) is written
/// from and compared with.
#[cfg(test)]
pub(super) fn load_pack_from_toml() -> (RulePack, Vec<RuleError>) {
    load_pack_on(&[], &HashMap::new(), false, false)
}

/// A built-in rule file up to its first `[[examples]]` table: every
/// built-in file ends with its examples (a test checks that the rest parses
/// to the same rule).
pub(crate) fn without_examples(text: &str) -> &str {
    match memchr::memmem::find(text.as_bytes(), b"\n[[examples]]") {
        Some(at) => &text[..=at],
        None => text,
    }
}

/// `load_pack`, with the text of some user rule and list files given
/// instead of read (by their path as found under a rule folder): the
/// language server's unsaved editor buffers.
pub fn load_pack_with(
    user_dirs: &[PathBuf],
    unsaved: &HashMap<PathBuf, String>,
) -> (RulePack, Vec<RuleError>) {
    load_pack_on(user_dirs, unsaved, true, false)
}

/// The pack: the built-in rules, with `examples` or not, and the rules and
/// lists of `user_dirs`. With `from_data`, the built-in rules come from
/// the pack's data (`image`) when it is up to date, no example is wanted
/// and no user list could change what their templates expand to.
fn load_pack_on(
    user_dirs: &[PathBuf],
    unsaved: &HashMap<PathBuf, String>,
    examples: bool,
    from_data: bool,
) -> (RulePack, Vec<RuleError>) {
    let read = |file: &Path| match unsaved.get(file) {
        Some(text) => Ok(text.clone()),
        None => std::fs::read_to_string(file),
    };
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    let mut user_lists = Vec::new();
    let mut user_files = Vec::new();
    let mut found = 0;
    for dir in user_dirs {
        match user_rule_files(dir, MAX_USER_RULE_FILES - found) {
            Ok(files) => {
                found += files.len();
                for file in files {
                    let relative = file.strip_prefix(dir).unwrap_or(&file).to_path_buf();
                    if !is_list_file(&relative) {
                        user_files.push((dir, file));
                        continue;
                    }
                    match read(&file) {
                        Ok(text) => match parse_list(&file, &text) {
                            Ok(list) => user_lists.push(list),
                            Err(e) => errors.push(*e),
                        },
                        Err(e) => errors.push(RuleError::new(
                            &file,
                            "",
                            None,
                            format!("cannot read: {e}"),
                        )),
                    }
                }
            }
            Err(message) => errors.push(RuleError::new(dir, "", None, message)),
        }
    }
    // A user list may replace a built-in one, and so change what the
    // built-in rules' templates expand to: then they are parsed.
    let from_data = (from_data && !examples && user_lists.is_empty())
        .then(super::image::builtin_rules)
        .flatten();
    // The lists, which only templates to expand need.
    let lists = if from_data.is_none() || !user_files.is_empty() {
        let (mut written, builtin_errors) = builtin_list_files();
        errors.splice(0..0, builtin_errors);
        written.append(&mut user_lists);
        // A user list extends the pack's vocabulary; one that does not
        // resolve (an unknown name, a cycle) leaves the built-in lists in
        // force.
        match WordLists::build(written) {
            Ok(lists) => lists,
            Err(message) => {
                let dir = user_dirs
                    .first()
                    .map_or(Path::new("rules"), |d| d.as_path());
                errors.push(RuleError::new(dir, "", None, message));
                builtin_lists().clone()
            }
        }
    } else {
        WordLists::default()
    };
    if let Some(builtin) = from_data {
        rules.extend(builtin);
    } else {
        for (relative, text) in BUILTIN_RULES {
            let relative_path = Path::new(relative);
            if is_list_file(relative_path) || NOT_RULES.iter().any(|f| in_folder(relative_path, f))
            {
                continue;
            }
            let path = Path::new("rules").join(relative);
            let text = if examples {
                text
            } else {
                without_examples(text)
            };
            match parse_rule_with_lists(&path, Path::new(relative), text, true, &lists) {
                Ok(rule) => rules.push(rule),
                Err(e) => errors.push(*e),
            }
        }
    }
    for (dir, file) in user_files {
        let text = match read(&file) {
            Ok(text) => text,
            Err(e) => {
                errors.push(RuleError::new(&file, "", None, format!("cannot read: {e}")));
                continue;
            }
        };
        // A rule directly in the folder takes the folder's name as category.
        let relative = match file.strip_prefix(dir) {
            Ok(rel) if rel.parent().is_some_and(|p| p != Path::new("")) => rel.to_path_buf(),
            _ => {
                let category = dir
                    .canonicalize()
                    .ok()
                    .and_then(|d| d.file_name().map(PathBuf::from))
                    .unwrap_or_else(|| PathBuf::from("custom"));
                category.join(file.file_name().unwrap_or_default())
            }
        };
        match parse_rule_with_lists(&file, &relative, &text, false, &lists) {
            Ok(rule) => rules.push(rule),
            Err(e) => errors.push(*e),
        }
    }
    let mut seen: HashMap<RuleId, PathBuf> = HashMap::new();
    let mut unique = Vec::new();
    for rule in rules {
        if let Some(first) = seen.get(&rule.id) {
            let text = read(&rule.origin).unwrap_or_default();
            errors.push(
                RuleError::new(
                    &rule.origin,
                    &text,
                    Some(0..0),
                    format!(
                        "duplicate rule id `{}`: already defined by {}",
                        rule.id,
                        first.display()
                    ),
                )
                .with_help("rename the file; a rule's id is its <category>/<name>.toml path"),
            );
            continue;
        }
        seen.insert(rule.id.clone(), rule.origin.clone());
        unique.push(rule);
    }
    (RulePack::new(unique), errors)
}

/// The most rule and word-list files loaded from all user rule folders
/// together (`--rules` and the config's `rules`). The built-in pack has
/// under 100; a folder past this is most likely not a rule folder (a home
/// directory, a `node_modules`), and loading it would take minutes.
pub const MAX_USER_RULE_FILES: usize = 2_000;

/// Every `*.toml` under `dir`, sorted; an error when there are more than
/// `budget`.
fn user_rule_files(dir: &Path, budget: usize) -> Result<Vec<PathBuf>, String> {
    if !dir.is_dir() {
        return Err(format!("rules folder {} is not a directory", dir.display()));
    }
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
    {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "toml") {
            if files.len() == budget {
                return Err(format!(
                    "rules folder {} holds too many rule files: at most {MAX_USER_RULE_FILES} \
                     are loaded from all rule folders together; none of this folder's were",
                    dir.display()
                ));
            }
            files.push(path.to_path_buf());
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Built-in regexes are compiled lazily, so they are checked here.
    #[test]
    fn builtin_regexes_compile() {
        let (pack, errors) = load_pack(&[]);
        assert!(errors.is_empty());
        for rule in pack.rules() {
            if let Pattern::Regex(lazy) = &rule.pattern {
                let regex = compile_rewritten(lazy.as_str())
                    .unwrap_or_else(|e| panic!("{}: pattern: {e}", rule.id));
                assert!(!regex.is_match(""), "{}: matches the empty string", rule.id);
                assert!(
                    !lazy.get().is_match(""),
                    "{}: matches the empty string",
                    rule.id
                );
            }
            if let Some(lazy) = &rule.unless.sentence_matches {
                crate::builtin::sentence_regex(lazy.as_str())
                    .unwrap_or_else(|e| panic!("{}: sentence_matches: {e}", rule.id));
                lazy.get();
            }
        }
    }

    const USER_RULE: &str = "summary = \"x\"\nseverity = \"info\"\nmessage = \"{match} m\"\nwhy = \"w\"\nroadsign = \"r\"\n[match]\nkind = \"phrases\"\nphrases = [\"ships fast\"]\n[unless]\n";

    #[test]
    fn a_users_bad_sentence_matches_is_reported_at_its_place() {
        let text = format!("{USER_RULE}sentence_matches = '(?:by [0-9'\n");
        let err =
            parse_rule(Path::new("r/a/b.toml"), Path::new("a/b.toml"), &text, false).unwrap_err();
        assert!(err.location.ends_with("b.toml:10:20"), "{}", err.location);
        // The regex parser's own words, as `regex::Regex` would give them.
        assert!(
            err.message
                .starts_with("field `sentence_matches` is not a valid regex: regex parse error:"),
            "{}",
            err.message
        );
        assert!(err.message.contains("unclosed"), "{}", err.message);
    }

    #[test]
    fn a_users_sentence_matches_finds_case_insensitively_with_ascii_boundaries() {
        let text = format!("{USER_RULE}sentence_matches = '\\bby (?:noon|\\d+ ?pm)\\b'\n");
        let rule = parse_rule(Path::new("r/a/b.toml"), Path::new("a/b.toml"), &text, false)
            .expect("loads");
        let regex = rule.unless.sentence_matches.expect("has one");
        assert_eq!(regex.as_str(), r"(?-u:\b)by (?:noon|\d+ ?pm)(?-u:\b)");
        let found: Vec<_> = regex.find_iter("Ships fast: BY NOON, or by 3pm.").collect();
        assert_eq!(found, [12..19, 24..30]);
        // ASCII boundaries: `é` is not a word character for them.
        assert_eq!(regex.find_iter("éby noon").count(), 1);
    }

    #[test]
    fn built_in_rules_parse_the_same_without_their_examples() {
        let lists = builtin_lists();
        let mut stripped = 0;
        for (relative, text) in BUILTIN_RULES {
            let relative_path = Path::new(relative);
            if is_list_file(relative_path) || NOT_RULES.iter().any(|f| in_folder(relative_path, f))
            {
                continue;
            }
            let path = Path::new("rules").join(relative);
            let parse = |text| parse_rule_with_lists(&path, relative_path, text, true, lists);
            let mut whole = parse(text).unwrap_or_else(|e| panic!("{relative}: {}", e.message));
            let short = without_examples(text);
            let without = parse(short).unwrap_or_else(|e| panic!("{relative}: {}", e.message));
            assert!(!whole.examples.is_empty(), "{relative} has examples");
            assert!(without.examples.is_empty(), "{relative}: examples left");
            whole.examples.clear();
            assert_eq!(format!("{whole:?}"), format!("{without:?}"), "{relative}");
            stripped += usize::from(short.len() < text.len());
        }
        assert!(stripped > 50, "{stripped}");
        let (pack, errors) = load_pack_without_examples(&[]);
        assert!(errors.is_empty());
        assert_eq!(pack.rules().len(), load_pack(&[]).0.rules().len());
    }

    #[test]
    fn unknown_field_points_at_its_line() {
        let text = "summary = \"x\"\nsevrity = \"warning\"\n";
        let err =
            parse_rule(Path::new("r/a/b.toml"), Path::new("a/b.toml"), text, false).unwrap_err();
        assert!(err.location.ends_with("b.toml:2:1"), "{}", err.location);
        assert!(err.message.contains("sevrity"), "{}", err.message);
    }
}
