//! The one integration-test binary (one link step on a 2-core machine).

mod cli;
mod errors;
mod extraction;
mod fixtures;
mod html;
mod rule_examples;
mod support;
