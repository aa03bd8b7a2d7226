//! Front matter sections, data and translation files (fixtures/data/):
//! what is prose, planted fog at exact spans, key paths in every output
//! format, opt-in by path, suppressions in `#` comments, and clear errors.

use crate::support::{fogcheck, fogcheck_in, json, project, write};

/// (file, rule, key path, the source bytes of the finding).
fn found(doc: &serde_json::Value) -> Vec<(String, String, String, String)> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path").to_string();
            (
                path.trim_start_matches("fixtures/data/").to_string(),
                f["rule"].as_str().expect("rule").to_string(),
                f["key_path"].as_str().unwrap_or("").to_string(),
                crate::support::source_of(f),
            )
        })
        .collect()
}

#[test]
fn json_report_on_data_fixtures() {
    let run = fogcheck(&["--format", "json", "fixtures/data/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("data_json", run.stdout);
}

#[test]
fn planted_fog_is_found_at_exact_spans() {
    let doc = json(&fogcheck(&["--format", "json", "fixtures/data/"]));
    let got = found(&doc);
    let has = |file: &str, key: &str, source: &str| {
        got.iter()
            .any(|(f, _, k, s)| f == file && k == key && s == source)
    };
    // Front matter sections: folded Markdown, a literal block, quotes, a
    // configured key, `features.name`.
    assert!(
        has("landing.md", "", "expedited**\n      shipping"),
        "{got:#?}"
    );
    assert!(has("landing.md", "", "hassle-free"), "{got:#?}");
    assert!(has("landing.md", "", "risk-free trial"), "{got:#?}");
    assert!(has("landing.md", "", "Unlimited"), "{got:#?}");
    assert!(has("landing.md", "", "Instant access"), "{got:#?}");
    // YAML data: key paths, a double-quoted escape, a Markdown block.
    assert!(
        has(
            "data/pricing.yml",
            "pricing.tiers[2].features[1]",
            "expedited\\nshipping"
        ),
        "{got:#?}"
    );
    assert!(
        has(
            "data/pricing.yml",
            "pricing.tiers[2].features[2]",
            "Unlimited"
        ),
        "{got:#?}"
    );
    assert!(
        has("data/pricing.yml", "pricing.notes", "Hassle-free"),
        "{got:#?}"
    );
    // TOML data: basic and multi-line strings.
    assert!(
        has(
            "data/plans.toml",
            "plans.basic.blurb",
            "Hassle-free returns"
        ),
        "{got:#?}"
    );
    // A line-ending backslash joins `hassle-` and `free` into one word.
    assert!(
        has("data/plans.toml", "plans.plus.blurb", "hassle-\\\n    free"),
        "{got:#?}"
    );
    assert!(
        has(
            "data/plans.toml",
            "plans.plus.badge",
            "Instant\\u0020access"
        ),
        "{got:#?}"
    );
    // JSON: escapes around the words, a list.
    assert!(
        has("locales/en.json", "hero.title", "instant access"),
        "{got:#?}"
    );
    assert!(
        has("locales/en.json", "banners[1]", "unlimited"),
        "{got:#?}"
    );
    // Fluent: a message and a select variant.
    assert!(
        has("i18n/en.ftl", "checkout-shipping", "expedited shipping"),
        "{got:#?}"
    );
    assert!(
        has("i18n/en.ftl", "checkout-items[one]", "risk-free"),
        "{got:#?}"
    );
}

#[test]
fn keys_placeholders_and_references_are_not_prose() {
    let doc = json(&fogcheck(&["--format", "json", "fixtures/data/"]));
    let got = found(&doc);
    let keys: Vec<&str> = got.iter().map(|(_, _, k, _)| k.as_str()).collect();
    for clear in [
        // Keys named like rules' phrases.
        "pricing.unlimited",
        "plans.basic.risk-free",
        "unlimited-refills",
        // Placeholders between the words of a phrase.
        "cart.expedited",
        "cart.promo",
        "checkout-support",
        "cart.eta",
        // Cleared by its roadsign (within 30 days).
        "cart.returns",
        // Suppressed by `# fogcheck-disable-next-line`.
        "pricing.tiers[1].features[1]",
        "checkout-returns",
    ] {
        assert!(!keys.contains(&clear), "{clear} reported: {got:#?}");
    }
    // Ignored and non-prose front matter keys.
    let landing: Vec<&str> = got
        .iter()
        .filter(|(f, ..)| f == "landing.md")
        .map(|(.., s)| s.as_str())
        .collect();
    assert!(
        !landing.contains(&"Risk-free"),
        "seo.title read: {landing:?}"
    );
    assert!(
        landing
            .iter()
            .filter(|s| s.eq_ignore_ascii_case("unlimited"))
            .count()
            == 1,
        "author.name or seo read: {landing:?}"
    );
    // Every suppression silenced something.
    assert!(
        !got.iter().any(|(_, rule, ..)| rule == "suppression/unused"),
        "{got:#?}"
    );
    // Not opted in: locales/draft.json is skipped.
    assert!(!got.iter().any(|(f, ..)| f == "locales/draft.json"));
    assert!(doc["summary"]["files_skipped"].as_u64().unwrap() >= 1);
}

#[test]
fn without_opt_in_data_files_are_not_checked() {
    let run = fogcheck(&["--no-config", "--format", "json", "fixtures/data/"]);
    let doc = json(&run);
    let files: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["fixtures/data/landing.md"]);
    let run = fogcheck(&["--no-config", "fixtures/data/locales/en.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("unknown file type"), "{}", run.stderr);
    let run = fogcheck(&[
        "--no-config",
        "--format",
        "concise",
        "--data-files",
        "fixtures/data/locales/*.json",
        "fixtures/data/locales/",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("draft.json"), "{}", run.stdout);
    assert!(run.stdout.contains("(key: hero.title)"), "{}", run.stdout);
}

#[test]
fn key_paths_appear_in_every_format() {
    let path = "fixtures/data/locales/en.json";
    let args = |format: &'static str| vec!["--format", format, "--data-files", path, path];
    for format in ["human", "concise", "github", "gitlab", "junit", "html"] {
        let run = fogcheck(&args(format));
        assert!(
            run.stdout.contains("hero.title"),
            "{format}: {}",
            run.stdout
        );
    }
    let sarif: serde_json::Value =
        serde_json::from_str(&fogcheck(&args("sarif")).stdout).expect("sarif");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "hero.title"
    );
    let doc = json(&fogcheck(&args("json")));
    assert_eq!(doc["findings"][0]["key_path"], "hero.title");
    // Markdown findings carry no key path: the field is absent.
    let doc = json(&fogcheck(&["--format", "json", "fixtures/shipping.md"]));
    assert!(doc["findings"][0].get("key_path").is_none());
}

#[test]
fn broken_data_files_and_key_patterns_are_errors_at_their_place() {
    let dir = project();
    write(dir.path(), "fogcheck.toml", "data-files = [\"*.json\"]\n");
    write(
        dir.path(),
        "en.json",
        "{\n  \"a\": \"fast\",\n  \"b\" \"x\"\n}\n",
    );
    let run = fogcheck_in(dir.path(), &["en.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("en.json:3:7") && run.stderr.contains("not valid JSON: expected `:`"),
        "{}",
        run.stderr
    );
    write(
        dir.path(),
        "fogcheck.toml",
        "data-files = [\"*.json\"]\nprose-keys = [\"ok\", \"a.b.c\"]\n",
    );
    let run = fogcheck_in(dir.path(), &["en.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("prose-keys: key pattern `a.b.c` has more than one `.`")
            && run.stderr.contains("fogcheck.toml:2:"),
        "{}",
        run.stderr
    );
}
