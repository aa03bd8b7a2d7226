//! The word trie that searches phrases finds exactly the hits of the simple
//! reference (one overlapping Aho-Corasick search, word boundaries checked
//! around each match), as a set (the judge sorts hits; with the built-in
//! pack the order is the same too): on every rule example, the
//! fixtures, the real corpus beside the repository when it is there, and
//! generated text built from the pack's own phrases.

use fogcheck::check::{Matcher, PhraseSearch, Workload};
use fogcheck::rule::{load_pack, Pattern, RulePack};
use fogcheck::source::{FileKind, SourceFile};
use std::path::Path;

fn pack_from(rules: &[(&str, &str)]) -> RulePack {
    let dir = tempfile::TempDir::new().expect("tmp");
    std::fs::create_dir(dir.path().join("custom")).expect("mkdir");
    for (name, text) in rules {
        std::fs::write(dir.path().join("custom").join(name), text).expect("write rule");
    }
    let (pack, errors) = load_pack(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    pack
}

fn builtin() -> RulePack {
    let (pack, errors) = load_pack(&[]);
    assert!(errors.is_empty(), "{errors:?}");
    pack
}

/// Checks `texts` with both searches, the fallback automaton built for a
/// few files (an NFA) in one and for many (a DFA) in the other; returns
/// the number of hits.
fn same_hits(pack: &RulePack, texts: &[(String, FileKind)]) -> usize {
    let words = Matcher::compile_with(pack, Workload::Many, PhraseSearch::Words);
    let reference = Matcher::compile_with(pack, Workload::Few, PhraseSearch::Reference);
    let mut total = 0;
    for (text, kind) in texts {
        let file =
            SourceFile::from_bytes("t".into(), *kind, text.clone().into_bytes()).expect("reads");
        let document = fogcheck::extract::extract(&file);
        let sorted = |mut hits: Vec<fogcheck::check::Hit>| {
            hits.sort_by_key(|h| (h.segment, h.range.start, h.range.end, h.rule));
            hits
        };
        let expected = sorted(reference.check(&document));
        assert_eq!(sorted(words.check(&document)), expected, "in:\n{text}");
        total += expected.len();
    }
    total
}

/// The text and kind of every file fogcheck reads under `dir` (none when
/// there is no such folder), in path order.
fn files_under(dir: &Path, out: &mut Vec<(String, FileKind)>) {
    if !dir.is_dir() {
        return;
    }
    let mut paths = Vec::new();
    crate::extraction::files_under(dir, &mut paths);
    paths.sort();
    for path in paths {
        let kind = crate::extraction::kind_of(&path).expect("listed by kind");
        if let Ok(text) = std::fs::read_to_string(&path) {
            out.push((text, kind));
        }
    }
}

#[test]
fn on_rule_examples_and_fixtures() {
    let pack = builtin();
    let mut texts: Vec<(String, FileKind)> = pack
        .rules()
        .iter()
        .flat_map(|r| {
            r.examples
                .iter()
                .map(|e| (e.text.clone(), FileKind::Markdown))
        })
        .collect();
    files_under(&crate::support::root().join("fixtures"), &mut texts);
    assert!(texts.len() > 500);
    let hits = same_hits(&pack, &texts);
    assert!(hits > 500, "only {hits} hits");
}

/// The real corpus, when it is beside the repository (`../shared`).
#[test]
fn on_the_real_corpus_when_present() {
    let shared = crate::support::root().join("../shared/corpus");
    let mut texts = Vec::new();
    files_under(&shared, &mut texts);
    if texts.is_empty() {
        eprintln!(
            "no corpus at {}: only the other texts are compared",
            shared.display()
        );
        return;
    }
    let hits = same_hits(&builtin(), &texts);
    assert!(hits > 100, "only {hits} hits");
}

/// A small deterministic generator (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// Text made of the pack's phrases, pieces of them, and what sits between
/// words: odd case, glued letters, punctuation, hyphens for spaces, curly
/// apostrophes, accents, emoji and underscores.
fn generated(phrases: &[String], rng: &mut Rng) -> String {
    const GLUE: [&str; 16] = [
        " ", " ", " ", ", ", ". ", "-", "'", "’", "/", "_", "é", "😀", "\n", "% ", " #", "",
    ];
    const WORDS: [&str; 8] = ["we", "the", "your", "é", "x", "1", "ship", "ing"];
    let mut text = String::new();
    for _ in 0..40 {
        let mut piece = match rng.next() % 4 {
            0 | 1 => rng.pick(phrases).clone(),
            2 => {
                let phrase = rng.pick(phrases);
                let cut = (rng.next() as usize) % (phrase.len() + 1);
                phrase.get(..cut).unwrap_or(phrase).to_string()
            }
            _ => rng.pick(&WORDS).to_string(),
        };
        match rng.next() % 4 {
            0 => piece = piece.to_ascii_uppercase(),
            1 => piece = piece.replace(' ', "-"),
            2 => piece = piece.replace('\'', "’"),
            _ => {}
        }
        text.push_str(&piece);
        let glue: &&str = rng.pick(&GLUE[..]);
        text.push_str(glue);
    }
    text
}

#[test]
fn on_generated_text() {
    let pack = builtin();
    let phrases: Vec<String> = pack
        .rules()
        .iter()
        .flat_map(|r| {
            let own: Vec<String> = match &r.pattern {
                Pattern::Phrases(p) => p.expanded.clone(),
                Pattern::Near(n) => [&n.first.expanded[..], &n.then.expanded[..]].concat(),
                Pattern::Regex(_) | Pattern::Ledger => Vec::new(),
            };
            own.into_iter().chain(r.except.iter().cloned())
        })
        .collect();
    assert!(phrases.len() > 500);
    let mut rng = Rng(0x5eed_f0c0_ffee_1234);
    let texts: Vec<(String, FileKind)> = (0..400)
        .map(|_| (generated(&phrases, &mut rng), FileKind::Text))
        .collect();
    let hits = same_hits(&pack, &texts);
    assert!(hits > 2000, "only {hits} hits");
}

/// A user's phrases may start or end with punctuation ("#1 choice",
/// "100%"): those go through the Aho-Corasick fallback, beside the trie,
/// and the two together find what the reference finds.
#[test]
fn phrases_with_punctuation_at_an_edge_are_found_too() {
    let rule = |phrases: &str| {
        format!(
            "summary = \"s\"\nseverity = \"warning\"\nmessage = \"{{match}} is vague\"\nwhy = \"w\"\nroadsign = \"Say it in {{N}} words.\"\n\n[match]\nkind = \"phrases\"\nphrases = [{phrases}]\n\n[[examples]]\ntext = \"It is plain.\"\nfog = []\n"
        )
    };
    let pack = pack_from(&[
        (
            "edges.toml",
            &rule(r##""#1 choice", "100%", "(free)", "fast""##),
        ),
        ("words.toml", &rule(r#""free", "choice", "100""#)),
    ]);
    let texts = vec![(
        "Our #1 choice: 100% (free) and fast. #1 CHOICE, 100%! (Free)fast #1 choices.".to_string(),
        FileKind::Text,
    )];
    let hits = same_hits(&pack, &texts);
    // Two each: #1 choice, 100%, (free), fast, free, choice, 100 ("choices"
    // is not "choice").
    assert_eq!(hits, 14);
}
