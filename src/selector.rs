//! Names of rules as the config, the command line and inline suppressions
//! write them: a rule id (`shipping/expedited-shipping`) or a category
//! (`shipping`), plus the `suppression/unused` pseudo-rule. Whether a name
//! is known, and the closest known one when it is not.

use crate::rule::RulePack;

/// The pseudo-rule a stale inline suppression is reported under.
pub const UNUSED_SUPPRESSION: &str = "suppression/unused";

/// True when `selector` is a rule id or category of `pack`, or the
/// suppression pseudo-rule.
pub fn is_known(pack: &RulePack, selector: &str) -> bool {
    selector == UNUSED_SUPPRESSION
        || selector == "suppression"
        || pack
            .rules()
            .iter()
            .any(|r| r.id.as_str() == selector || r.id.category() == selector)
}

/// The rule id or category of `pack` closest to the unknown `selector`
/// (a typo such as `shiping/expedited-shipping`), if one is close enough to
/// be the one meant: at most a third of its characters (and at least one)
/// differ. Used by the config, `--select`/`--ignore` and inline
/// suppressions, so every place that names rules suggests alike.
pub fn closest_known(pack: &RulePack, selector: &str) -> Option<String> {
    let mut known: Vec<&str> = vec![UNUSED_SUPPRESSION, "suppression"];
    for rule in pack.rules() {
        known.push(rule.id.as_str());
        known.push(rule.id.category());
    }
    let limit = (selector.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|name| (edit_distance(selector, name), name))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, name)| name.to_string())
}

/// "unknown rule or category `x`", with "; did you mean `y`?" when a known
/// name is close.
pub fn unknown_selector_message(pack: &RulePack, selector: &str) -> String {
    match closest_known(pack, selector) {
        Some(near) => format!("unknown rule or category `{selector}`; did you mean `{near}`?"),
        None => format!("unknown rule or category `{selector}`"),
    }
}

/// The Levenshtein distance between `a` and `b`, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The rules reported once every file is read (the promise ledger's
/// comparisons across files, `--contradictions`): while one file is
/// checked, an inline suppression naming one cannot be judged unused.
pub const LATE_RULES: [&str; 2] = ["ledger/contradiction", "ledger/ambiguous-basis"];

/// True when `selector` names one of `LATE_RULES` (its id or its category).
pub fn names_late_rule(selector: &str) -> bool {
    LATE_RULES.iter().any(|rule| names(selector, rule))
}

/// True when `selector` names the rule `rule`: its id, or its category.
pub fn names(selector: &str, rule: &str) -> bool {
    selector == rule || rule.split_once('/').is_some_and(|(c, _)| c == selector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("shiping", "shipping"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }
}
