//! fogcheck finds fog — vague or overpromising wording — in marketing, FAQ,
//! pricing and policy copy, and suggests roadsign wording instead.
//!
//! The pipeline runs one way: `walk` turns paths into files; `source` reads
//! each into a `SourceFile`; `extract` turns it into a `Document` of prose
//! `Segment`s mapped back to source bytes; `check` runs the compiled
//! `RulePack` over the segments and reports every raw `Hit`; `judge` keeps the
//! hits that are fog (not negated, not pinned down by a `roadsign` detector)
//! as `Finding`s; `report` places them in lines and columns and prints them.
//! `lint` is the library face: one buffer, a config and a pack in, the
//! findings the command line would report out (`lint_text`). `cli` wires the
//! stages together for a run and decides the exit code; `lsp` serves the
//! same findings to an editor. See ARCHITECTURE.md.

pub mod accept;
pub mod baseline;
pub mod builtin;
pub mod check;
pub mod cleared;
pub mod cli;
pub mod config;
pub mod dfas;
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
pub mod lint;
pub mod lsp;
pub mod memory;
pub mod output;
pub mod report;
pub mod roadsign;
pub mod rule;
pub mod selector;
pub mod settings;
pub mod source;
pub mod span;
pub mod suppress;
pub mod test_rules;
pub mod walk;
pub mod warm;

pub use lint::{find_fog, find_fog_in, lint_file, lint_text, Linted};
