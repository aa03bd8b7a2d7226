//! Property tests of the span invariant on generated JSON and YAML data
//! files: nested objects, lists and keys with the fog phrase "expedited
//! shipping" planted in string values written with escapes (`\n`, `\t`,
//! `\u0020`, `\u0065`, a surrogate pair before it) and multi-byte text
//! around it, and also where it is not prose (a key) or is broken by a
//! placeholder. Every planted phrase is found at exactly its bytes, nothing
//! else is, and every mapped piece decodes to what its segment says.

use crate::extraction::invariant_violations;
use fogcheck::check::Matcher;
use fogcheck::rule::{load_pack, RulePack};
use fogcheck::source::{FileKind, SourceFile};
use proptest::prelude::*;
use std::ops::Range;
use std::sync::OnceLock;

const RULE: &str = "shipping/expedited-shipping";

/// The phrase as a JSON string's bytes (`\\` escapes) and, where YAML
/// double quotes read the same escape, in YAML too.
const FOG: &[&str] = &[
    "expedited shipping",
    "Expedited Shipping",
    "expedited\\nshipping",
    "expedited\\tshipping",
    "expedited\\u0020shipping",
    "\\u0065xpedited shipping",
];

/// Values that hold the words but no phrase.
const CLEAR: &[&str] = &[
    "expedited {{carrier}} shipping",
    "expedited %s shipping",
    "expedited { $n } shipping",
    "Ships in 2 days",
];

/// Text around a planted phrase.
const AROUND: &[(&str, &str)] = &[
    ("", ""),
    ("Caf\\u00e9 ", " today"),
    ("\\ud83d\\ude80 ", "!"),
    ("Zürich: ", " — oui"),
];

#[derive(Debug, Clone)]
enum Node {
    Fog(usize, usize),
    Clear(usize),
    FogKey(usize),
    List(Vec<Node>),
    Map(Vec<Node>),
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        (0..FOG.len(), 0..AROUND.len()).prop_map(|(f, a)| Node::Fog(f, a)),
        (0..CLEAR.len()).prop_map(Node::Clear),
        (0..CLEAR.len()).prop_map(Node::FogKey),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(Node::List),
            prop::collection::vec(inner, 1..4).prop_map(Node::Map),
        ]
    })
}

/// Writes `node` as JSON (or YAML flow style, which reads the same
/// escapes in double quotes), recording where planted phrases stand.
fn write(node: &Node, out: &mut String, planted: &mut Vec<Range<usize>>, n: &mut usize) {
    match node {
        Node::Fog(f, a) => {
            let (pre, post) = AROUND[*a];
            out.push('"');
            out.push_str(pre);
            let start = out.len();
            out.push_str(FOG[*f]);
            planted.push(start..out.len());
            out.push_str(post);
            out.push('"');
        }
        Node::Clear(c) => {
            out.push('"');
            out.push_str(CLEAR[*c]);
            out.push('"');
        }
        Node::FogKey(c) => {
            *n += 1;
            out.push_str(&format!(
                "{{\"expedited shipping {n}\": \"{}\"}}",
                CLEAR[*c]
            ));
        }
        Node::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(item, out, planted, n);
            }
            out.push(']');
        }
        Node::Map(items) => {
            out.push_str("{\n");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                *n += 1;
                out.push_str(&format!("  \"k{n}\": "));
                write(item, out, planted, n);
            }
            out.push_str("\n}");
        }
    }
}

fn pack() -> &'static (RulePack, Matcher) {
    static PACK: OnceLock<(RulePack, Matcher)> = OnceLock::new();
    PACK.get_or_init(|| {
        let (pack, errors) = load_pack(&[]);
        assert!(errors.is_empty());
        let matcher = Matcher::compile(&pack);
        (pack, matcher)
    })
}

fn check(kind: FileKind, name: &str, text: &str, planted: &[Range<usize>]) {
    let file = SourceFile::from_bytes(name.into(), kind, text.as_bytes().to_vec()).expect("text");
    assert_eq!(invariant_violations(&file), Vec::<String>::new(), "{text}");
    let (pack, matcher) = pack();
    let document = fogcheck::extract::extract(&file);
    assert!(
        document.problems.is_empty(),
        "{:?}\n{text}",
        document.problems
    );
    let found: Vec<Range<usize>> = fogcheck::find_fog_in(&document, pack, matcher)
        .into_iter()
        .filter(|f| f.rule.as_str() == RULE)
        .map(|f| f.span.range())
        .collect();
    assert_eq!(found, planted, "{text}");
}

proptest! {
    #[test]
    fn planted_fog_in_data_files_is_found_at_its_exact_bytes(root in node()) {
        let (mut text, mut planted, mut n) = (String::new(), Vec::new(), 0);
        write(&Node::Map(vec![root]), &mut text, &mut planted, &mut n);
        check(FileKind::Json, "en.json", &text, &planted);
        // YAML's flow style reads the same document, escapes included
        // (but not JSON's surrogate pairs).
        if !text.contains("\\ud83d") {
            check(FileKind::Yaml, "en.yml", &text, &planted);
        }
    }
}
