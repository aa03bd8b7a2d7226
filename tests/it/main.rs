//! The one integration-test binary (one link step on a 2-core machine).

mod action_versions;
mod adversarial;
mod baseline;
mod ci_docs;
mod ci_formats;
mod cli;
mod config;
mod docs;
mod errors;
mod extraction;
mod fixtures;
mod formats;
mod fuzzed;
mod html;
mod matching;
mod outputs;
mod properties;
mod rule_examples;
mod skips;
mod stdin;
mod support;
mod suppress;
mod test_rules;
mod xml;
