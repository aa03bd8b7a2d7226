//! The promise ledger: the kinds' examples, the ledger rules' examples,
//! `--ledger` on the fixture site and the contradictions in a normal run.

use fogcheck::ledger::{self, kinds};

#[test]
fn every_promise_kind_finds_what_its_examples_say() {
    let vocabulary = kinds::builtin();
    let names: Vec<&str> = vocabulary.kinds.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "delivery-time",
            "free-shipping-threshold",
            "handling-time",
            "money-back-window",
            "plan-limit",
            "refund-time",
            "return-window",
            "support-hours",
            "support-response",
            "trial-length",
            "uptime",
            "warranty-length",
        ]
    );
    let failures = ledger::run_kind_examples(vocabulary, ledger::values::builtin_regex());
    assert!(
        failures.is_empty(),
        "{} promise example(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
