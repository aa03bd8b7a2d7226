//! The rule engine's expressive kinds, end to end: word lists and phrase
//! templates, `near` rules, paragraph roadsigns, links on the words, and
//! `--show-cleared`, which says why the judge let a hit go.

use crate::support::{fogcheck_in, json, write};

const NEAR_RULE: &str = r#"summary = "Speedy chores"
severity = "warning"
message = "“{match}” is vague"
why = "w"
roadsign = "Done in {N} days."

[match]
kind = "near"
first = ["{zoom}"]
then = ["{chore}"]
within = 2
either_order = true

[[examples]]
text = "Zoomy, careful plonking for you."
fog = ["Zoomy, careful plonking"]
"#;

fn rules_with_lists(dir: &std::path::Path) {
    write(
        dir,
        "rules/lists/zoom.toml",
        "summary = \"Made-up speed words\"\nwords = [\"zoomy\", \"zippily\"]\n",
    );
    write(
        dir,
        "rules/lists/chore.toml",
        "summary = \"Made-up chores\"\nwords = [\"plonking\", \"{chore-verb}\"]\n",
    );
    write(
        dir,
        "rules/lists/chore-verb.toml",
        "summary = \"Made-up chore verbs\"\nwords = [\"plonked\"]\n",
    );
    write(dir, "rules/custom/zoom-chore.toml", NEAR_RULE);
}

fn matched(dir: &std::path::Path, text: &str) -> Vec<String> {
    write(dir, "page.md", text);
    let run = fogcheck_in(
        dir,
        &[
            "--no-config",
            "--rules",
            "rules",
            "--select",
            "custom",
            "--format",
            "json",
            "page.md",
        ],
    );
    matched_words(&run)
}

#[test]
fn near_pairs_list_words_within_reach_in_one_sentence() {
    let dir = tempfile::TempDir::new().expect("tmp");
    rules_with_lists(dir.path());
    let dir = dir.path();
    assert_eq!(
        matched(dir, "Zoomy, careful plonking for all.\n"),
        ["Zoomy, careful plonking"]
    );
    // A list used inside another list, and the reverse order side by side.
    assert_eq!(
        matched(dir, "Your parcel gets plonked zippily.\n"),
        ["plonked zippily"]
    );
    // Too far apart, across a sentence end, or reversed with a word between.
    assert!(matched(dir, "Zoomy and very very careful plonking.\n").is_empty());
    assert!(matched(dir, "It is zoomy. Plonking is slow.\n").is_empty());
    assert!(matched(dir, "Plonking, as always, is zoomy.\n").is_empty());
    assert!(matched(dir, "Plonking is zoomy.\n").is_empty());
}

#[test]
fn a_broken_list_is_an_error_naming_its_file() {
    let dir = tempfile::TempDir::new().expect("tmp");
    rules_with_lists(dir.path());
    write(
        dir.path(),
        "rules/lists/chore-verb.toml",
        "summary = \"x\"\nwords = [\"{zoom\"]\n",
    );
    write(dir.path(), "page.md", "Nothing here.\n");
    let run = fogcheck_in(dir.path(), &["--no-config", "--rules", "rules", "page.md"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("chore-verb.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("never closes"), "{}", run.stderr);
}

#[test]
fn an_unknown_list_in_a_template_is_an_error() {
    let dir = tempfile::TempDir::new().expect("tmp");
    write(
        dir.path(),
        "rules/custom/bad.toml",
        &NEAR_RULE.replace("{chore}", "{no-such-list}"),
    );
    write(dir.path(), "page.md", "Nothing here.\n");
    let run = fogcheck_in(dir.path(), &["--no-config", "--rules", "rules", "page.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad.toml:9:10"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown word list `{zoom}`"),
        "{}",
        run.stderr
    );
}

/// The hits `--show-cleared --format json` lists for `page.md` in `dir`.
fn cleared_in(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let run = fogcheck_in(
        dir,
        &[
            "--no-config",
            "--show-cleared",
            "--format",
            "json",
            "page.md",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    json(&run)["cleared"].as_array().expect("cleared").clone()
}

#[test]
fn show_cleared_names_the_filter_that_cleared_each_hit() {
    let dir = tempfile::TempDir::new().expect("tmp");
    write(
        dir.path(),
        "page.md",
        "We don't offer expedited shipping.\n\nExpedited shipping takes 2 business days.\n\nDo you offer a free trial?\n",
    );
    let reasons: Vec<(String, String)> = cleared_in(dir.path())
        .iter()
        .map(|c| {
            (
                c["matched"].as_str().unwrap_or("").to_string(),
                c["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        reasons.contains(&("expedited shipping".into(), "negation".into())),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&(
            "Expedited shipping".into(),
            "pinned: same sentence (duration)".into()
        )),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&("free trial".into(), "question".into())),
        "{reasons:?}"
    );
    let run = fogcheck_in(dir.path(), &["--no-config", "--show-cleared", "page.md"]);
    assert!(
        run.stdout.contains(
            "page.md:1:16: cleared[shipping/expedited-shipping] “expedited shipping” by negation"
        ),
        "{}",
        run.stdout
    );
}

/// Cleared hits are placed as findings are: a lone `\r` (old Mac line
/// endings) breaks a line, and a byte-order mark takes no column.
#[test]
fn show_cleared_places_hits_in_cr_only_files() {
    let dir = tempfile::TempDir::new().expect("tmp");
    write(
        dir.path(),
        "page.md",
        "\u{feff}Expedited shipping takes 2 business days.\r\rWe offer expedited shipping (2 business days, $12).\r",
    );
    let places: Vec<(u64, u64)> = cleared_in(dir.path())
        .iter()
        .map(|c| {
            (
                c["line"].as_u64().unwrap_or(0),
                c["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(places, [(1, 1), (3, 10)]);
}

#[test]
fn a_link_pins_the_words_it_covers_or_follows_not_a_whole_sentence() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let run_on = |text: &str| {
        write(dir.path(), "page.md", text);
        let run = fogcheck_in(dir.path(), &["--no-config", "--format", "json", "page.md"]);
        json(&run)["findings"].as_array().expect("findings").len()
    };
    assert_eq!(
        run_on("Read our [lifetime warranty terms](/warranty).\n"),
        0
    );
    assert_eq!(
        run_on("Every kettle has a lifetime warranty ([terms](/warranty)).\n"),
        0
    );
    assert_eq!(
        run_on("[Write to us](/contact) with your order number, and every kettle has a lifetime warranty.\n"),
        1
    );
}

#[test]
fn a_paragraph_can_define_a_commitment_in_its_next_sentence() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let run_on = |text: &str| {
        write(dir.path(), "page.md", text);
        let run = fogcheck_in(
            dir.path(),
            &[
                "--no-config",
                "--select",
                "assurance",
                "--format",
                "json",
                "page.md",
            ],
        );
        json(&run)["findings"].as_array().expect("findings").len()
    };
    assert_eq!(
        run_on("We stand behind our work. Leaks within 12 months are fixed free.\n"),
        0
    );
    assert_eq!(
        run_on("We stand behind our work. Call us and we will sort it out.\n"),
        1
    );
    // Another paragraph does not define it.
    assert_eq!(
        run_on("We stand behind our work.\n\nLeaks within 12 months are fixed free.\n"),
        1
    );
}

/// The matched words of every finding of a JSON run.
fn matched_words(run: &crate::support::Run) -> Vec<String> {
    assert!(run.code < 2, "{}", run.stderr);
    json(run)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["matched"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Run the built-in pack over `text` as a Markdown page; the matched words.
fn builtin_findings(text: &str) -> Vec<String> {
    let dir = tempfile::TempDir::new().expect("tmp");
    write(dir.path(), "page.md", text);
    let run = fogcheck_in(dir.path(), &["--no-config", "--format", "json", "page.md"]);
    matched_words(&run)
}

/// A page title clears a term only when it names the term and the page
/// pins the term's dimension somewhere; sharing one word is not enough.
#[test]
fn a_title_sharing_a_word_does_not_clear_the_page() {
    assert_eq!(
        builtin_findings(
            "# Frequently asked questions\n\nReturns are accepted, no questions asked.\n"
        ),
        ["no questions asked"]
    );
    assert_eq!(
        builtin_findings("# Warranty\n\nEvery kettle comes with a lifetime warranty.\n"),
        ["lifetime warranty"]
    );
    assert_eq!(
        builtin_findings("# Fees\n\nOur plans have no hidden fees.\n"),
        ["no hidden fees"]
    );
    // Named by the title and pinned on the page: clear.
    assert!(builtin_findings(
        "# Free trial\n\nStart your free trial today.\n\nThe trial lasts 14 days, then $9 a month.\n"
    )
    .is_empty());
    // Named by the title, but nothing on the page pins it.
    assert_eq!(
        builtin_findings("# Free trial\n\nStart your free trial today.\n"),
        ["Free trial", "free trial"]
    );
}

#[test]
fn a_semicolon_keeps_a_promise_and_its_roadsign_together() {
    assert!(builtin_findings("Support is available 24/7; we reply within 1 hour.\n").is_empty());
}

#[test]
fn a_date_pins_cancel_anytime() {
    assert!(builtin_findings(
        "Cancel anytime: you keep access until June 30 and are not charged again.\n"
    )
    .is_empty());
}

#[test]
fn a_street_number_or_a_year_is_not_a_count() {
    assert_eq!(
        builtin_findings("Everything you need for your garden, at 12 Elm Street since 1995.\n"),
        ["Everything you need"]
    );
}

/// A term of art defined anywhere on its page is not fog there; a single
/// word defined in one place says nothing about its other uses.
#[test]
fn a_term_of_art_defined_elsewhere_on_the_page_is_clear() {
    assert!(builtin_findings(
        "We offer expedited shipping on every order.\n\n## Questions\n\nHow fast is it? Expedited orders arrive in 2 business days.\n"
    )
    .is_empty());
    assert_eq!(
        builtin_findings(
            "We offer expedited shipping on every order.\n\n## Questions\n\nStandard orders arrive in 5 business days.\n"
        ),
        ["expedited shipping"]
    );
    assert_eq!(
        builtin_findings(
            "Unlimited storage for your photos.\n\nThe free plan is unlimited for 3 users.\n"
        ),
        ["Unlimited"]
    );
}
