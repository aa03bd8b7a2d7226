//! The fog score: how foggy copy reads, comparable between pages of any
//! length. Each finding weighs by its severity (error 3, warning 2, info 1);
//! the score is that weight per 1,000 words of prose, rounded to one
//! decimal. One warning on a 1,000-word page scores 2.0; the same warning on
//! a 100-word hero scores 20.0, and a long clean page scores 0.0 however
//! long it is. The words are those of the extracted prose (markup, code and
//! front matter keys are not words; see `Document::words`).

use super::{FileReport, Report};
use crate::finding::Finding;
use crate::rule::Severity;
use crate::selector::UNUSED_SUPPRESSION;

/// The score is per this many words.
pub const PER_WORDS: u64 = 1000;

/// What one finding of `severity` adds to the score's weight.
pub fn weight(severity: Severity) -> u64 {
    match severity {
        Severity::Error => 3,
        Severity::Warning => 2,
        Severity::Info => 1,
    }
}

/// True for findings the score counts: fog in the copy. An unused
/// suppression is about a comment, not about what readers read.
pub fn counts(finding: &Finding) -> bool {
    finding.rule.as_str() != UNUSED_SUPPRESSION
}

/// The score of fog weighing `weight` in `words` words of prose: weight per
/// 1,000 words, rounded to one decimal. No fog scores 0; fog in copy with no
/// counted word (a custom rule matching punctuation) counts as one word.
pub fn score(weight: u64, words: usize) -> f64 {
    if weight == 0 {
        return 0.0;
    }
    let raw = (weight * PER_WORDS) as f64 / words.max(1) as f64;
    (raw * 10.0).round() / 10.0
}

impl FileReport {
    /// The weight of the file's findings that the score counts.
    pub fn fog_weight(&self) -> u64 {
        self.findings
            .iter()
            .map(|l| &l.finding)
            .filter(|f| counts(f))
            .map(|f| weight(f.severity))
            .sum()
    }

    /// The file's fog score.
    pub fn fog_score(&self) -> f64 {
        score(self.fog_weight(), self.words)
    }
}

impl Report {
    /// Words of prose in every file checked.
    pub fn words(&self) -> usize {
        self.files.iter().map(|f| f.words).sum()
    }

    /// The run's fog score: the weight of all its findings over all its
    /// words, so a long page counts for more than a short one.
    pub fn fog_score(&self) -> f64 {
        score(
            self.files.iter().map(FileReport::fog_weight).sum(),
            self.words(),
        )
    }

    /// The files with fog, foggiest first (score, then weight, then path).
    pub fn foggiest(&self) -> Vec<&FileReport> {
        let mut files: Vec<&FileReport> =
            self.files.iter().filter(|f| f.fog_weight() > 0).collect();
        files.sort_by(|a, b| {
            b.fog_score()
                .total_cmp(&a.fog_score())
                .then(b.fog_weight().cmp(&a.fog_weight()))
                .then(a.path.cmp(&b.path))
        });
        files
    }
}

/// A score as reports print it: one decimal.
pub fn shown(score: f64) -> String {
    format!("{score:.1}")
}

/// A count with thousands grouped by commas: `12,345`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_per_thousand_words_rounded_to_one_decimal() {
        assert_eq!(score(0, 0), 0.0);
        assert_eq!(score(0, 500), 0.0);
        assert_eq!(score(2, 1000), 2.0);
        assert_eq!(score(2, 100), 20.0);
        // 3 / 7 words × 1,000 = 428.571…
        assert_eq!(score(3, 7), 428.6);
        // 1 / 3,000 words × 1,000 = 0.333…
        assert_eq!(score(1, 3000), 0.3);
        assert_eq!(score(1, 0), 1000.0);
        assert_eq!(shown(score(1, 3000)), "0.3");
        assert_eq!(shown(0.0), "0.0");
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1234567), "1,234,567");
    }

    #[test]
    fn a_longer_page_with_the_same_fog_scores_lower() {
        assert!(score(weight(Severity::Warning), 2000) < score(weight(Severity::Warning), 200));
        assert!(weight(Severity::Error) > weight(Severity::Warning));
        assert!(weight(Severity::Warning) > weight(Severity::Info));
    }
}
