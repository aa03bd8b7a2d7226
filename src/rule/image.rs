//! The built-in rules as a check run loads them, written out as Rust data
//! (`image/generated.rs`), so a run does not parse the pack's TOML and
//! expand its templates at every start: that was a third of a one-file
//! run's instructions. The TOML stays the source: this module's test
//! writes the data from it, and `build.rs` hashes the pack, so data
//! written from other rule files is never used; the pack is then loaded
//! from its TOML, as before, until the test rewrites it. A change to the
//! loading code that changes what the TOML loads to fails the same test,
//! which compares the data with a fresh load on every `cargo test`.

use super::{Near, Pattern, Phrases, Rule, Severity, Unless};
use crate::roadsign::Detector;
use std::path::Path;

#[rustfmt::skip]
mod generated;

/// Phrases as written and as expanded (`Phrases`).
pub(super) struct PhrasesImage {
    written: &'static [&'static str],
    expanded: &'static [&'static str],
}

/// What a rule looks for (`Pattern`); regexes as compiled (ASCII word
/// boundaries).
pub(super) enum PatternImage {
    Phrases(PhrasesImage),
    /// The pattern, and whether every match holds a digit (the matcher's
    /// digit gate, `check::needs_digit`), worked out when written.
    Regex {
        source: &'static str,
        needs_digit: bool,
    },
    Near {
        first: PhrasesImage,
        then: PhrasesImage,
        within: usize,
        either_order: bool,
    },
    Ledger,
}

/// One built-in rule without its examples.
pub(super) struct RuleImage {
    /// The rule file under `rules/`, which names the rule.
    relative: &'static str,
    summary: &'static str,
    severity: Severity,
    message: &'static str,
    why: &'static str,
    roadsign: &'static str,
    link: Option<&'static str>,
    pattern: PatternImage,
    except: &'static [&'static str],
    sentence_has: &'static [Detector],
    /// As compiled (ASCII word boundaries).
    sentence_matches: Option<&'static str>,
    paragraph_has: &'static [Detector],
    page_defines: bool,
}

/// The hash `build.rs` computes of the pack's files.
const PACK_HASH: &str = env!("FOGCHECK_PACK_HASH");

/// The built-in rules without their examples, as loading their TOML gives
/// them, when the data was written from the pack this binary embeds.
pub(super) fn builtin_rules() -> Option<Vec<Rule>> {
    (generated::PACK_HASH == PACK_HASH).then(|| generated::RULES.iter().map(to_rule).collect())
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn phrases(image: &PhrasesImage) -> Phrases {
    Phrases {
        written: strings(image.written),
        expanded: strings(image.expanded),
    }
}

fn to_rule(image: &RuleImage) -> Rule {
    let relative = Path::new(image.relative);
    let id = super::load::rule_id(relative).expect("the data names rules by their files");
    Rule {
        id,
        summary: image.summary.into(),
        severity: image.severity,
        message: image.message.into(),
        why: image.why.into(),
        roadsign: image.roadsign.into(),
        link: image.link.map(String::from),
        pattern: match &image.pattern {
            PatternImage::Phrases(written) => Pattern::Phrases(phrases(written)),
            PatternImage::Regex {
                source,
                needs_digit,
            } => Pattern::Regex(super::LazyRegex::as_compiled(source).needing_digit(*needs_digit)),
            PatternImage::Near {
                first,
                then,
                within,
                either_order,
            } => Pattern::Near(Near {
                first: phrases(first),
                then: phrases(then),
                within: *within,
                either_order: *either_order,
            }),
            PatternImage::Ledger => Pattern::Ledger,
        },
        except: strings(image.except),
        unless: Unless {
            sentence_has: image.sentence_has.to_vec(),
            sentence_matches: image
                .sentence_matches
                .map(super::load::shared_sentence_regex_as_compiled),
            paragraph_has: image.paragraph_has.to_vec(),
            page_defines: image.page_defines,
        },
        examples: Vec::new(),
        origin: Path::new("rules").join(relative),
        builtin: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Rust source of `image/generated.rs` for `rules` (built-in rules
    /// loaded without examples) and the pack's hash.
    fn render(rules: &[Rule], hash: &str) -> String {
        use std::fmt::Write;
        let list = |items: &[String]| {
            let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
            format!("&[{}]", quoted.join(", "))
        };
        let detectors = |items: &[Detector]| {
            let named: Vec<String> = items.iter().map(|d| format!("Detector::{d:?}")).collect();
            format!("&[{}]", named.join(", "))
        };
        let phrases = |p: &Phrases| {
            format!(
                "PhrasesImage {{ written: {}, expanded: {} }}",
                list(&p.written),
                list(&p.expanded)
            )
        };
        let mut out = String::from(
            "// @generated by `cargo test rule::image` from rules/: do not edit.\n\
             // The built-in rules as loaded without examples (see src/rule/image.rs).\n\n\
             use super::{PatternImage, PhrasesImage, RuleImage};\n\
             use crate::roadsign::Detector;\n\
             use crate::rule::Severity;\n\n",
        );
        let _ = writeln!(out, "pub(super) const PACK_HASH: &str = {hash:?};\n");
        out.push_str("pub(super) static RULES: &[RuleImage] = &[\n");
        for rule in rules {
            let relative = rule
                .origin
                .strip_prefix("rules")
                .expect("a built-in rule's origin is under rules/")
                .to_string_lossy()
                .replace('\\', "/");
            let pattern = match &rule.pattern {
                Pattern::Phrases(p) => format!("PatternImage::Phrases({})", phrases(p)),
                Pattern::Regex(regex) => format!(
                    "PatternImage::Regex {{ source: {:?}, needs_digit: {} }}",
                    regex.as_str(),
                    crate::check::needs_digit(regex.as_str())
                ),
                Pattern::Near(near) => format!(
                    "PatternImage::Near {{ first: {}, then: {}, within: {}, either_order: {} }}",
                    phrases(&near.first),
                    phrases(&near.then),
                    near.within,
                    near.either_order
                ),
                Pattern::Ledger => "PatternImage::Ledger".to_string(),
            };
            let _ = writeln!(
                out,
                "    RuleImage {{\n        relative: {relative:?},\n        summary: {:?},\n        \
                 severity: Severity::{:?},\n        message: {:?},\n        why: {:?},\n        \
                 roadsign: {:?},\n        link: {:?},\n        pattern: {pattern},\n        \
                 except: {},\n        sentence_has: {},\n        sentence_matches: {:?},\n        \
                 paragraph_has: {},\n        page_defines: {},\n    }},",
                rule.summary,
                rule.severity,
                rule.message,
                rule.why,
                &*rule.roadsign,
                rule.link,
                list(&rule.except),
                detectors(&rule.unless.sentence_has),
                rule.unless.sentence_matches.as_ref().map(|r| r.as_str()),
                detectors(&rule.unless.paragraph_has),
                rule.unless.page_defines,
            );
        }
        out.push_str("];\n");
        out
    }

    /// The built-in rules loaded from their TOML, without examples.
    fn from_toml() -> Vec<Rule> {
        let (pack, errors) = super::super::load::load_pack_from_toml();
        assert!(errors.is_empty(), "the built-in pack loads");
        pack.rules().to_vec()
    }

    /// The data is what the pack's TOML loads to, for this pack: else the
    /// test writes it anew (and fails, so the new file is seen and
    /// committed). Until then runs load the TOML, as the hash differs.
    #[test]
    fn the_data_is_written_from_the_pack() {
        crate::builtin::keep_generated(
            "src/rule/image/generated.rs",
            render(&from_toml(), PACK_HASH).as_bytes(),
        );
    }

    /// Loaded from the data, the rules are the rules loaded from TOML.
    #[test]
    fn the_data_loads_the_same_rules() {
        let Some(mut rules) = builtin_rules() else {
            panic!("the data is out of date (see the_data_is_written_from_the_pack)");
        };
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let (loaded, parsed) = (render(&rules, PACK_HASH), render(&from_toml(), PACK_HASH));
        if let Some((line, (a, b))) = loaded
            .lines()
            .zip(parsed.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
        {
            panic!("the data loads to other rules than the TOML (line {line}):\n{a}\n{b}");
        }
        assert_eq!(loaded, parsed, "the data loads to fewer or more rules");
        // A regex rule's digit gate comes with it, as the matcher works it
        // out from the pattern.
        for rule in &rules {
            if let Pattern::Regex(regex) = &rule.pattern {
                assert_eq!(
                    regex.needs_digit(),
                    Some(crate::check::needs_digit(regex.as_str())),
                    "{}",
                    rule.id
                );
            }
        }
        // Ids and origins are not in the rendering twice over: check them.
        let toml = from_toml();
        assert_eq!(rules.len(), toml.len());
        for (a, b) in rules.iter().zip(&toml) {
            assert_eq!((&a.id, &a.origin, a.builtin), (&b.id, &b.origin, b.builtin));
        }
    }
}
