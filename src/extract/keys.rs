//! Which keys of structured text (front matter, data files) hold prose, and
//! the key path (`pricing.tiers[2].features[0]`) that names a value.
//!
//! A key pattern is a key name (`title`), a prefix (`cta*`), or a parent and
//! a name (`features.name`: a `name` whose nearest enclosing key, list
//! indices skipped, is `features`). Names compare ASCII case-insensitively.

use std::fmt::Write as _;

/// One step of a key path: a mapping key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Key(String),
    Index(usize),
}

/// `pricing.tiers[2].features[0]`; a key that is not a plain name
/// (`a.b`, `two words`, empty) is written quoted: `["a.b"]`.
pub fn render(path: &[Part]) -> String {
    let mut out = String::new();
    for part in path {
        match part {
            Part::Key(key) => {
                let plain = !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '$' | '@'));
                if plain {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                } else {
                    let quoted = serde_json::to_string(key).unwrap_or_default();
                    let _ = write!(out, "[{quoted}]");
                }
            }
            Part::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// One piece of a pattern: a name, or a prefix when written with a
/// trailing `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Name {
    text: String,
    prefix: bool,
}

impl Name {
    fn matches(&self, key: &str) -> bool {
        if self.prefix {
            key.len() >= self.text.len()
                && key.is_char_boundary(self.text.len())
                && key[..self.text.len()].eq_ignore_ascii_case(&self.text)
        } else {
            key.eq_ignore_ascii_case(&self.text)
        }
    }
}

/// A key pattern of `prose-keys` or `ignore-keys`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPattern {
    parent: Option<Name>,
    name: Name,
    written: String,
}

impl KeyPattern {
    /// Parses `title`, `cta*` or `features.name`; the error says what is
    /// wrong with the pattern.
    pub fn parse(written: &str) -> Result<KeyPattern, String> {
        let name = |part: &str| -> Result<Name, String> {
            let (text, prefix) = match part.strip_suffix('*') {
                Some(text) => (text, true),
                None => (part, false),
            };
            if text.is_empty() {
                return Err(format!(
                    "key pattern `{written}` has an empty name (write `title`, `cta*` or `features.name`)"
                ));
            }
            if let Some(bad) = text
                .chars()
                .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '$' | '@')))
            {
                return Err(format!(
                    "key pattern `{written}` has `{bad}`; a pattern is a key name, a prefix \
                     ending in `*` (`cta*`) or `parent.name` (`features.name`)"
                ));
            }
            Ok(Name {
                text: text.to_string(),
                prefix,
            })
        };
        let parts: Vec<&str> = written.split('.').collect();
        let (parent, last) = match parts.as_slice() {
            [last] => (None, *last),
            [parent, last] => (Some(name(parent)?), *last),
            _ => {
                return Err(format!(
                    "key pattern `{written}` has more than one `.`; name a key (`title`) \
                     or a key and its parent (`features.name`)"
                ))
            }
        };
        Ok(KeyPattern {
            parent,
            name: name(last)?,
            written: written.to_string(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.written
    }

    /// True when the key at the end of `path` (list indices after it
    /// skipped) matches.
    fn matches(&self, path: &[Part]) -> bool {
        let mut keys = path.iter().rev().filter_map(|p| match p {
            Part::Key(k) => Some(k.as_str()),
            Part::Index(_) => None,
        });
        let Some(last) = keys.next() else {
            return false;
        };
        if !self.name.matches(last) {
            return false;
        }
        match &self.parent {
            None => true,
            Some(parent) => keys.next().is_some_and(|k| parent.matches(k)),
        }
    }
}

/// The keys whose values are prose (`prose-keys`, added to the defaults)
/// and the keys whose values, and everything under them, are not
/// (`ignore-keys`, which also takes keys off the defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRules {
    prose: Vec<KeyPattern>,
    ignore: Vec<KeyPattern>,
}

/// The front matter keys read as prose without configuration.
pub const DEFAULT_PROSE_KEYS: [&str; 13] = [
    "title",
    "description",
    "summary",
    "subtitle",
    "heading",
    "content",
    "text",
    "body",
    "label",
    "features.name",
    "cta*",
    "tagline",
    "excerpt",
];

impl Default for KeyRules {
    fn default() -> Self {
        KeyRules {
            prose: DEFAULT_PROSE_KEYS
                .iter()
                .map(|k| KeyPattern::parse(k).expect("default key patterns parse"))
                .collect(),
            ignore: Vec::new(),
        }
    }
}

impl KeyRules {
    /// The defaults plus `prose`, less `ignore`.
    pub fn new(prose: Vec<KeyPattern>, ignore: Vec<KeyPattern>) -> KeyRules {
        let mut rules = KeyRules::default();
        rules.prose.extend(prose);
        rules.ignore = ignore;
        rules
    }

    /// The prose key patterns, defaults first, as written.
    pub fn prose_patterns(&self) -> impl Iterator<Item = &str> {
        self.prose.iter().map(KeyPattern::as_str)
    }

    /// The ignore key patterns, as written.
    pub fn ignore_patterns(&self) -> impl Iterator<Item = &str> {
        self.ignore.iter().map(KeyPattern::as_str)
    }

    /// True when an `ignore-keys` pattern matches the key of `path` or of
    /// any value it sits in.
    pub fn is_ignored(&self, path: &[Part]) -> bool {
        !self.ignore.is_empty()
            && (1..=path.len()).any(|end| {
                matches!(path[end - 1], Part::Key(_))
                    && self.ignore.iter().any(|p| p.matches(&path[..end]))
            })
    }

    /// True when the string at `path` in front matter is prose.
    pub fn is_prose(&self, path: &[Part]) -> bool {
        self.prose.iter().any(|p| p.matches(path)) && !self.is_ignored(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(parts: &[&str]) -> Vec<Part> {
        parts
            .iter()
            .map(|p| match p.parse::<usize>() {
                Ok(i) => Part::Index(i),
                Err(_) => Part::Key((*p).to_string()),
            })
            .collect()
    }

    #[test]
    fn paths_render_with_dots_and_indices() {
        let p = path(&["pricing", "tiers", "2", "features", "0"]);
        assert_eq!(render(&p), "pricing.tiers[2].features[0]");
        assert_eq!(render(&path(&["0", "a.b", "c"])), "[0][\"a.b\"].c");
    }

    #[test]
    fn defaults_match_at_any_depth_and_in_lists() {
        let rules = KeyRules::default();
        assert!(rules.is_prose(&path(&["title"])));
        assert!(rules.is_prose(&path(&["sections", "1", "content"])));
        assert!(rules.is_prose(&path(&["hero", "ctaText"])));
        assert!(rules.is_prose(&path(&["hero", "CTA"])));
        assert!(rules.is_prose(&path(&["description", "2"])));
        assert!(rules.is_prose(&path(&["features", "3", "name"])));
        assert!(!rules.is_prose(&path(&["author", "name"])));
        assert!(!rules.is_prose(&path(&["layout"])));
        assert!(!rules.is_prose(&path(&["image", "src"])));
    }

    #[test]
    fn ignore_keys_cover_everything_below() {
        let rules = KeyRules::new(
            vec![KeyPattern::parse("usps").unwrap()],
            vec![
                KeyPattern::parse("seo").unwrap(),
                KeyPattern::parse("label").unwrap(),
            ],
        );
        assert!(rules.is_prose(&path(&["usps", "0"])));
        assert!(!rules.is_prose(&path(&["seo", "title"])));
        assert!(!rules.is_prose(&path(&["menu", "label"])));
        assert!(rules.is_prose(&path(&["menu", "title"])));
    }

    #[test]
    fn bad_patterns_say_why() {
        assert!(KeyPattern::parse("").unwrap_err().contains("empty name"));
        assert!(KeyPattern::parse("a.b.c")
            .unwrap_err()
            .contains("more than one"));
        assert!(KeyPattern::parse("a b").unwrap_err().contains("` `"));
        assert!(KeyPattern::parse("*").unwrap_err().contains("empty name"));
    }
}
