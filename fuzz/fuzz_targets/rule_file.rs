//! Any text as a user rule file (`<rules dir>/fuzz/rule.toml`) and as a
//! word list: parsing never panics, an error renders as the CLI prints it,
//! and a rule that loads compiles and runs its own `[[examples]]`.
#![no_main]

mod common;

use fogcheck::check::Matcher;
use fogcheck::rule::{parse_list, parse_rule, RulePack};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_rule(
        Path::new("my-rules/fuzz/rule.toml"),
        Path::new("fuzz/rule.toml"),
        text,
        false,
    ) {
        Ok(rule) => {
            let pack = RulePack::new(vec![rule]);
            let matcher = Matcher::compile(&pack);
            let _ = fogcheck::examples::run_examples(&pack, &matcher, &[0]);
            let _ = fogcheck::examples::audit_rule(&pack.rules()[0], 2);
        }
        Err(error) => common::render(&*error),
    }
    match parse_list(Path::new("my-rules/lists/fuzz.toml"), text) {
        Ok(list) => {
            let _ = fogcheck::rule::WordLists::build(vec![list]);
        }
        Err(error) => common::render(&*error),
    }
});
