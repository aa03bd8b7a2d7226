//! Word lists: named sets of words and phrases (`rules/lists/<name>.toml`)
//! that rules use in phrase templates. `"{speed} {delivery-noun}"` expands,
//! at load, into every pairing of the two lists, so a rule names a kind of
//! wording once and the one phrase trie still matches it in one pass.
//! A list may use other lists in its own words (`"{we} stand behind"`).

use crate::diagnostic::FileDiagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// The most phrases one template, or one rule's templates together, may
/// expand to: far above any sensible rule, low enough that a typo such as
/// `{a} {a} {a} {a}` over long lists fails loudly instead of eating memory.
pub const MAX_EXPANSION: usize = 50_000;

/// The folder of a rules directory that holds word lists, not rules.
pub const LISTS_FOLDER: &str = "lists";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListFile {
    summary: Spanned<String>,
    words: Spanned<Vec<Spanned<String>>>,
}

/// One list as written: its words may still hold `{other-list}` references.
#[derive(Debug, Clone)]
pub struct WordList {
    pub name: String,
    pub summary: String,
    pub words: Vec<String>,
}

/// Every list a pack may use, by name, with references resolved.
#[derive(Debug, Clone, Default)]
pub struct WordLists {
    resolved: BTreeMap<String, Vec<String>>,
    written: BTreeMap<String, WordList>,
}

impl WordLists {
    /// The lists, sorted by name, as written.
    pub fn iter(&self) -> impl Iterator<Item = &WordList> {
        self.written.values()
    }

    pub fn len(&self) -> usize {
        self.written.len()
    }

    pub fn is_empty(&self) -> bool {
        self.written.is_empty()
    }

    /// The words of list `name`, references expanded.
    pub fn words(&self, name: &str) -> Option<&[String]> {
        self.resolved.get(name).map(Vec::as_slice)
    }

    /// Adds `lists` (a later list of the same name replaces an earlier one)
    /// and resolves every reference; an unknown name, a cycle or an
    /// over-long expansion is an error naming the list.
    pub fn build(lists: Vec<WordList>) -> Result<WordLists, String> {
        let mut written = BTreeMap::new();
        for list in lists {
            written.insert(list.name.clone(), list);
        }
        let mut out = WordLists {
            resolved: BTreeMap::new(),
            written,
        };
        let names: Vec<String> = out.written.keys().cloned().collect();
        for name in names {
            out.resolve(&name, &mut Vec::new())?;
        }
        Ok(out)
    }

    fn resolve(&mut self, name: &str, stack: &mut Vec<String>) -> Result<(), String> {
        if self.resolved.contains_key(name) {
            return Ok(());
        }
        if stack.iter().any(|n| n == name) {
            stack.push(name.to_string());
            return Err(format!(
                "word lists refer to each other: {}",
                stack.join(" → ")
            ));
        }
        let Some(list) = self.written.get(name).cloned() else {
            return Err(format!("unknown word list `{{{name}}}`"));
        };
        stack.push(name.to_string());
        for word in &list.words {
            for part in template_parts(word)? {
                if let TemplatePart::List(other) = part {
                    self.resolve(other, stack)?;
                }
            }
        }
        stack.pop();
        let mut words = Vec::new();
        for word in &list.words {
            words.extend(self.expand(word)?);
        }
        words.sort();
        words.dedup();
        self.resolved.insert(name.to_string(), words);
        Ok(())
    }

    /// Every phrase `template` stands for: each `{list}` replaced by each of
    /// its words. A phrase without braces is itself.
    pub fn expand(&self, template: &str) -> Result<Vec<String>, String> {
        let mut out = vec![String::new()];
        for part in template_parts(template)? {
            match part {
                TemplatePart::Text(text) => out.iter_mut().for_each(|p| p.push_str(text)),
                TemplatePart::List(name) => {
                    let words = self
                        .resolved
                        .get(name)
                        .ok_or_else(|| format!("unknown word list `{{{name}}}`"))?;
                    if out.len().saturating_mul(words.len()) > MAX_EXPANSION {
                        return Err(format!(
                            "`{template}` expands to more than {MAX_EXPANSION} phrases"
                        ));
                    }
                    out = out
                        .iter()
                        .flat_map(|p| words.iter().map(move |w| format!("{p}{w}")))
                        .collect();
                }
            }
        }
        Ok(out)
    }
}

enum TemplatePart<'a> {
    Text(&'a str),
    List(&'a str),
}

/// Splits a template into literal text and `{list}` references.
fn template_parts(template: &str) -> Result<Vec<TemplatePart<'_>>, String> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(TemplatePart::Text(&rest[..open]));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("`{template}` opens a `{{` it never closes"));
        };
        let name = &rest[open + 1..open + close];
        if !is_list_name(name) {
            return Err(format!(
                "`{{{name}}}` in `{template}` is not a list name (kebab-case)"
            ));
        }
        parts.push(TemplatePart::List(name));
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("`{template}` closes a `}}` it never opened"));
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Text(rest));
    }
    Ok(parts)
}

fn is_list_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parses one list file, `lists/<name>.toml`.
pub fn parse_list(path: &Path, text: &str) -> Result<WordList, Box<FileDiagnostic>> {
    let err = |span: Option<Range<usize>>, message: String| {
        Box::new(FileDiagnostic::new(path, text, span, message))
    };
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| is_list_name(s))
        .ok_or_else(|| {
            err(
                None,
                "a list file must be named <kebab-case-name>.toml".into(),
            )
        })?;
    let file: ListFile =
        toml::from_str(text).map_err(|e| err(e.span(), e.message().trim().to_string()))?;
    if file.summary.get_ref().trim().is_empty() {
        return Err(err(
            Some(file.summary.span()),
            "field `summary` is empty".into(),
        ));
    }
    if file.words.get_ref().is_empty() {
        return Err(err(
            Some(file.words.span()),
            "field `words` is empty".into(),
        ));
    }
    let mut words = Vec::new();
    for word in file.words.into_inner() {
        let normal: Vec<&str> = word.get_ref().split_whitespace().collect();
        if normal.is_empty() {
            return Err(err(
                Some(word.span()),
                "field `words` has an empty word".into(),
            ));
        }
        if let Err(message) = template_parts(word.get_ref()) {
            return Err(err(Some(word.span()), message));
        }
        words.push(normal.join(" "));
    }
    Ok(WordList {
        name: name.to_string(),
        summary: file.summary.into_inner(),
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(name: &str, words: &[&str]) -> WordList {
        WordList {
            name: name.into(),
            summary: "s".into(),
            words: words.iter().map(|w| w.to_string()).collect(),
        }
    }

    #[test]
    fn templates_expand_every_pairing() {
        let lists = WordLists::build(vec![
            list("speed", &["fast", "quick"]),
            list("noun", &["shipping", "delivery"]),
        ])
        .unwrap();
        let mut got = lists.expand("{speed} {noun}").unwrap();
        got.sort();
        assert_eq!(
            got,
            [
                "fast delivery",
                "fast shipping",
                "quick delivery",
                "quick shipping"
            ]
        );
        assert_eq!(lists.expand("plain words").unwrap(), ["plain words"]);
    }

    #[test]
    fn lists_use_lists_and_cycles_fail() {
        let lists = WordLists::build(vec![
            list("we", &["we", "{team} will"]),
            list("team", &["our team"]),
        ])
        .unwrap();
        assert_eq!(lists.words("we").unwrap(), ["our team will", "we"]);
        let err = WordLists::build(vec![list("a", &["{b}"]), list("b", &["{a}"])]).unwrap_err();
        assert!(err.contains("refer to each other"), "{err}");
        let err = WordLists::build(vec![list("a", &["{nope}"])]).unwrap_err();
        assert!(err.contains("unknown word list `{nope}`"), "{err}");
    }

    #[test]
    fn bad_templates_are_errors() {
        let lists = WordLists::build(vec![list("a", &["x"])]).unwrap();
        assert!(lists.expand("{a").is_err());
        assert!(lists.expand("a}").is_err());
        assert!(lists.expand("{A B}").is_err());
        assert!(lists.expand("{missing}").is_err());
        let many: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let big = WordLists::build(vec![list("big", &refs)]).unwrap();
        assert!(big.expand("{big} {big}").unwrap_err().contains("more than"));
    }
}
