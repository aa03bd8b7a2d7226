//! fogcheck finds fog — vague or overpromising wording — in marketing, FAQ,
//! pricing and policy copy, and suggests roadsign wording instead.
//!
//! The pipeline runs one way: `walk` turns paths into files; `source` reads
//! each into a `SourceFile`; `extract` turns it into a `Document` of prose
//! `Segment`s mapped back to source bytes; `check` runs the compiled
//! `RulePack` over the segments and reports every raw `Hit`; `judge` keeps the
//! hits that are fog (not negated, not pinned down by a `roadsign` detector)
//! as `Finding`s; `report` places them in lines and columns and prints them.
//! `cli` wires the stages together and decides the exit code.

pub mod accept;
pub mod baseline;
pub mod check;
pub mod cleared;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod docs;
pub mod examples;
pub mod extract;
pub mod filters;
pub mod finding;
pub mod fingerprint;
pub mod generate;
pub mod judge;
pub mod ledger;
pub mod output;
pub mod report;
pub mod roadsign;
pub mod rule;
pub mod source;
pub mod span;
pub mod suppress;
pub mod test_rules;
pub mod walk;

use check::Matcher;
use extract::Document;
use finding::Finding;
use rule::RulePack;
use source::SourceFile;

/// The fog in one file: extract, check and judge. Findings are in source order.
pub fn find_fog(file: &SourceFile, pack: &RulePack, matcher: &Matcher) -> Vec<Finding> {
    find_fog_in(&extract::extract(file), pack, matcher)
}

/// The fog in a document already extracted (check and judge), for callers
/// that need the prose too (its word count, the HTML report's text).
pub fn find_fog_in(document: &Document, pack: &RulePack, matcher: &Matcher) -> Vec<Finding> {
    let hits = matcher.check(document);
    judge::judge(document, hits, pack)
}
