//! The roadsign detectors as DFAs built ahead of time (`detectors.dfa`),
//! for a small run: compiling the nine detectors' regexes was a third of a
//! one-file run's instructions, and a file needs only a few of them.
//! Loading a sparse DFA from bytes only checks them. A test builds the
//! DFAs from the detector files and writes the file (and fails) when they
//! differ, as `rule::image` does for the rules; the file carries the
//! pack's hash (`build.rs`), and data for other detector files, another
//! byte order or another `regex-automata` that cannot read it is not used:
//! the detectors' regexes are compiled then, as in a folder run.
//!
//! The file: `FOGCHECK-DFA 1`, the pack's hash, the `regex-automata`
//! version that wrote it and a newline, then for each detector in
//! `Detector::ALL` order the lengths of its forward and reverse DFAs
//! (little-endian `u32`s) and their bytes. Checking a DFA's transitions on
//! load cost more than compiling its regex (the nine: 20 M instructions),
//! so a DFA is loaded unchecked, and only when the version that wrote it
//! is the one this binary is built with (from `Cargo.lock`, `build.rs`)
//! and the bytes are what that version writes (the test).

use super::Detector;
use regex_automata::dfa::{regex::Regex, sparse};
use std::sync::OnceLock;

/// A detector's DFAs, as loaded from `detectors.dfa`.
pub(super) type DetectorDfa = Regex<sparse::DFA<&'static [u8]>>;

const MAGIC: &[u8] = b"FOGCHECK-DFA 1";

static DATA: &[u8] = include_bytes!("detectors.dfa");

/// The header the data must start with: the pack's hash and the engine's
/// version, as this binary is built.
fn header() -> String {
    header_for(env!("FOGCHECK_PACK_HASH"))
}

fn header_for(hash: &str) -> String {
    format!(
        "{} {hash} {}\n",
        std::str::from_utf8(MAGIC).expect("ASCII"),
        env!("FOGCHECK_REGEX_AUTOMATA")
    )
}

/// Whether the data was written for this pack by this engine, on a machine
/// of this byte order: its DFAs are then loaded as each is first wanted.
pub(super) fn data_fits() -> bool {
    header_fits(DATA, &header())
}

fn header_fits(data: &[u8], header: &str) -> bool {
    cfg!(target_endian = "little")
        && env!("FOGCHECK_REGEX_AUTOMATA") != "unknown"
        && data.starts_with(header.as_bytes())
}

/// The DFAs of `detector`, when the data is this pack's and loads.
pub(super) fn detector_dfa(detector: Detector) -> Option<&'static DetectorDfa> {
    static LOADED: [OnceLock<Option<DetectorDfa>>; Detector::ALL.len()] =
        [const { OnceLock::new() }; Detector::ALL.len()];
    LOADED[detector as usize]
        .get_or_init(|| load(DATA, &header(), detector))
        .as_ref()
}

/// The DFAs of `detector` in `data` that starts with `header`; `None`
/// for any other data.
fn load(data: &'static [u8], header: &str, detector: Detector) -> Option<DetectorDfa> {
    if !header_fits(data, header) {
        return None;
    }
    let mut parts = parts(&data[header.len()..])?;
    let (forward, reverse) = parts.nth(detector as usize)?;
    // SAFETY: the bytes are what `to_bytes_little_endian` of this
    // `regex-automata` version wrote (the header names the version this
    // binary is built with; the test holds the file to a fresh write), on
    // a little-endian machine; the crate still checks their label, byte
    // order, format version and tables' sizes.
    let forward = unsafe { sparse::DFA::from_bytes_unchecked(forward) }
        .ok()?
        .0;
    let reverse = unsafe { sparse::DFA::from_bytes_unchecked(reverse) }
        .ok()?
        .0;
    Some(Regex::builder().build_from_dfas(forward, reverse))
}

/// Each detector's forward and reverse DFA bytes, in order; `None` when the
/// lengths run past the data.
fn parts(mut rest: &'static [u8]) -> Option<impl Iterator<Item = (&'static [u8], &'static [u8])>> {
    let mut found = Vec::new();
    while !rest.is_empty() {
        let mut take = |n: usize| -> Option<&'static [u8]> {
            let (head, tail) = (rest.get(..n)?, rest.get(n..)?);
            rest = tail;
            Some(head)
        };
        let forward_len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let reverse_len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let forward = take(forward_len)?;
        let reverse = take(reverse_len)?;
        found.push((forward, reverse));
    }
    Some(found.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::dfa::dense;
    use regex_automata::nfa::thompson;
    use regex_automata::util::syntax;

    /// The detectors' DFAs, built as `builtin::sentence_regex` compiles
    /// their patterns (case-insensitive, Unicode, leftmost-first, empty
    /// matches only at character boundaries), minimized, as sparse DFAs.
    fn render(header: &str) -> Vec<u8> {
        let mut out = header.as_bytes().to_vec();
        for detector in Detector::ALL {
            let source = crate::builtin::ascii_word_boundaries(
                &super::super::detector_file(detector).pattern,
            );
            let regex = Regex::builder()
                .syntax(syntax::Config::new().case_insensitive(true).utf8(true))
                .thompson(thompson::Config::new().utf8(true))
                .dense(dense::Config::new().minimize(true))
                .build_sparse(&source)
                .unwrap_or_else(|e| panic!("{detector:?}: {e}"));
            let forward = regex.forward().to_bytes_little_endian();
            let reverse = regex.reverse().to_bytes_little_endian();
            for bytes in [&forward, &reverse] {
                out.extend_from_slice(&u32::try_from(bytes.len()).expect("fits").to_le_bytes());
            }
            out.extend_from_slice(&forward);
            out.extend_from_slice(&reverse);
        }
        out
    }

    /// The data is what the detector files build to, for this pack: else
    /// the test writes it anew (and fails, so it is committed).
    #[test]
    fn the_dfas_are_written_from_the_detectors() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/roadsign/detectors.dfa");
        let wanted = render(&header());
        if DATA != wanted.as_slice() {
            std::fs::write(&path, &wanted).expect("writes src/roadsign/detectors.dfa");
            panic!(
                "src/roadsign/detectors.dfa was out of date with rules/detectors and has been \
                 rewritten: run the tests again and commit it"
            );
        }
        for detector in Detector::ALL {
            assert!(detector_dfa(detector).is_some(), "{detector:?} loads");
        }
    }

    /// Data written for other detector files is not used.
    #[test]
    fn data_for_another_pack_is_not_used() {
        assert!(load(DATA, &header_for("0000000000000000"), Detector::Date).is_none());
        assert!(load(b"not a dfa file", &header(), Detector::Date).is_none());
        let other_engine = header().replace(env!("FOGCHECK_REGEX_AUTOMATA"), "0.0.0");
        assert!(load(DATA, &other_engine, Detector::Date).is_none());
    }

    /// The DFAs find what the detectors' regexes find, on every rule's and
    /// detector's examples, alone and run together.
    #[test]
    fn the_dfas_find_what_the_regexes_find() {
        let (pack, _) = crate::rule::load_pack(&[]);
        let mut texts: Vec<String> = pack
            .rules()
            .iter()
            .flat_map(|rule| rule.examples.iter().map(|e| e.text.clone()))
            .collect();
        for detector in Detector::ALL {
            texts.extend(
                super::super::detector_file(detector)
                    .examples
                    .iter()
                    .map(|e| e.text.clone()),
            );
        }
        texts.push(texts.join(" "));
        texts.push("ſix days, 3 K, 2\u{212A}m, é-mail 9:30 am – 5 pm".to_string());
        for detector in Detector::ALL {
            let dfa = detector_dfa(detector).expect("the data loads");
            let source = crate::builtin::ascii_word_boundaries(
                &super::super::detector_file(detector).pattern,
            );
            let meta = crate::builtin::sentence_regex_with(&source, true).expect("compiles");
            for text in &texts {
                let by_dfa: Vec<_> = dfa.find_iter(text.as_str()).map(|m| m.range()).collect();
                let by_meta: Vec<_> = meta.find_iter(text.as_str()).map(|m| m.range()).collect();
                assert_eq!(by_dfa, by_meta, "{detector:?} in {text:?}");
            }
        }
    }
}
