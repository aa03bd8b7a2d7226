//! The promise ledger's searches that run on every file as dense DFAs
//! built ahead of time (`dfas/ledger.dfa`): the two sets that tell which
//! kinds and qualifiers a sentence names (`ledger::kinds::PatternSet`) and
//! the values search (`ledger::values`). Compiled, they were built on a
//! warm thread and each walker filled their lazy DFAs anew, close to a
//! megabyte a thread: on the corpus, 60 of the 108 M instructions the
//! ledger added to a run's start-up (`bench/README.md`). A dense DFA is
//! searched in place, from the binary's own pages.
//!
//! The file: `FOGCHECK-DENSE-DFA 1`, the pack's hash, the `regex-automata`
//! version that wrote it and a newline, padded with zero bytes to a
//! multiple of four; then for each DFA its key (what it searches for,
//! `key` of its user) and its bytes, each preceded by its length (a
//! little-endian `u32`) and padded to a multiple of four, so that a DFA's
//! tables start where a `u32` may. Loaded as `dfas/builtin.dfa` is
//! (unchecked, only when the header fits); a DFA whose key the data lacks
//! is compiled, as for a vocabulary of a test's own.

use regex_automata::dfa::dense;
use std::sync::OnceLock;

/// A dense DFA of the data, as loaded.
pub type DenseDfa = dense::DFA<&'static [u32]>;

/// Bytes at an address a `u32` may have: a dense DFA's tables are read
/// in place as `u32`s.
#[repr(C, align(4))]
struct Aligned<B: ?Sized>(B);

static DATA: &Aligned<[u8]> = &Aligned(*include_bytes!("ledger.dfa"));

const MAGIC: &str = "FOGCHECK-DENSE-DFA 1";

/// The header the data must start with, as this binary is built, padded.
fn header() -> Vec<u8> {
    header_for(env!("FOGCHECK_PACK_HASH"))
}

fn header_for(hash: &str) -> Vec<u8> {
    let mut header = format!("{MAGIC} {hash} {}\n", env!("FOGCHECK_REGEX_AUTOMATA")).into_bytes();
    pad(&mut header);
    header
}

/// Pads `bytes` with zeros to a multiple of four.
fn pad(bytes: &mut Vec<u8>) {
    bytes.resize(bytes.len().next_multiple_of(4), 0);
}

/// The DFAs of `data` after `header`, by key; `None` when it does not fit
/// or does not parse.
fn entries(data: &'static [u8], header: &[u8]) -> Option<Vec<(&'static str, &'static [u8])>> {
    if !super::header_fits(data, header) {
        return None;
    }
    let mut rest = &data[header.len()..];
    let take = |rest: &mut &'static [u8]| super::take_field(rest, 4);
    let mut found = Vec::new();
    while !rest.is_empty() {
        let key = std::str::from_utf8(take(&mut rest)?).ok()?;
        found.push((key, take(&mut rest)?));
    }
    Some(found)
}

/// A DFA of the data and the DFA once loaded.
type Slot = (&'static str, &'static [u8], OnceLock<Option<DenseDfa>>);

fn loaded() -> Option<&'static [Slot]> {
    static LOADED: OnceLock<Option<Vec<Slot>>> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            let entries = entries(&DATA.0, &header())?;
            Some(
                entries
                    .into_iter()
                    .map(|(key, bytes)| (key, bytes, OnceLock::new()))
                    .collect(),
            )
        })
        .as_deref()
}

/// How one of the ledger's searches runs: by the data's DFA, or by a
/// meta regex compiled when the data lacks it.
#[derive(Clone)]
pub enum Engine {
    Prebuilt(&'static DenseDfa),
    Compiled(regex_automata::meta::Regex),
}

impl Engine {
    /// Whether the search runs by the data's DFA.
    pub fn is_prebuilt(&self) -> bool {
        matches!(self, Engine::Prebuilt(_))
    }
}

/// Which engine, not its tables: a dense DFA prints every state.
impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Engine::Prebuilt(_) => "Prebuilt",
            Engine::Compiled(_) => "Compiled",
        })
    }
}

/// The DFA the data holds for `key`, when it does.
pub fn prebuilt(key: &str) -> Option<&'static DenseDfa> {
    let (_, bytes, dfa) = loaded()?.iter().find(|(k, _, _)| *k == key)?;
    dfa.get_or_init(|| {
        // SAFETY: as in `dfas::load`: the bytes are what
        // `to_bytes_little_endian` of this `regex-automata` version wrote
        // (the header names it; the test holds the file to a fresh
        // write), read on a little-endian machine, at an address a `u32`
        // may have (`Aligned`, and every length padded to four); the crate
        // still checks their label, byte order, version, alignment and
        // tables' sizes.
        unsafe { dense::DFA::from_bytes_unchecked(bytes) }
            .ok()
            .map(|(dfa, _)| dfa)
    })
    .as_ref()
}

/// How the data's DFAs are built, for `match_kind` and `starts`:
/// minimized, which keeps the file (and the binary) smaller.
#[cfg(test)]
pub(crate) fn written(
    match_kind: regex_automata::MatchKind,
    starts: regex_automata::dfa::StartKind,
) -> dense::Config {
    dense::Config::new()
        .match_kind(match_kind)
        .start_kind(starts)
        .minimize(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{kinds, values};

    /// The data for the built-in vocabulary: each DFA as its user builds
    /// it for the data (`dense_dfa`), keyed as it looks it up.
    fn render(header: &[u8]) -> Vec<u8> {
        let vocabulary = kinds::builtin();
        let mut dfas: Vec<(String, dense::DFA<Vec<u32>>)> =
            [&vocabulary.subjects, &vocabulary.any_qualifier]
                .into_iter()
                .map(|set| (set.key().to_string(), set.dense_dfa()))
                .collect();
        let values = values::builtin_regex();
        dfas.push((values.key().to_string(), values.dense_dfa()));
        let mut out = header.to_vec();
        let mut put = |bytes: &[u8]| {
            out.extend_from_slice(&u32::try_from(bytes.len()).expect("fits").to_le_bytes());
            out.extend_from_slice(bytes);
            pad(&mut out);
        };
        for (key, dfa) in &dfas {
            put(key.as_bytes());
            let (bytes, padding) = dfa.to_bytes_little_endian();
            put(&bytes[padding..]);
        }
        out
    }

    /// The data is what the vocabulary builds to: else the test writes it
    /// anew (and fails, so it is committed); and the built-in searches use
    /// it.
    #[test]
    fn the_ledger_dfas_are_written_from_the_vocabulary() {
        crate::builtin::keep_generated("src/dfas/ledger.dfa", &render(&header()));
        let vocabulary = kinds::builtin();
        assert!(vocabulary.subjects.is_prebuilt());
        assert!(vocabulary.any_qualifier.is_prebuilt());
        assert!(values::builtin_regex().is_prebuilt());
    }

    /// Data written for another pack or by another engine, or cut short,
    /// is not used; a key it lacks is compiled.
    #[test]
    fn other_ledger_data_is_not_used() {
        assert!(entries(&DATA.0, &header_for("0000000000000000")).is_none());
        let other_engine = String::from_utf8(header())
            .expect("text")
            .replace(env!("FOGCHECK_REGEX_AUTOMATA"), "0.0.0");
        assert!(entries(&DATA.0, other_engine.as_bytes()).is_none());
        assert!(entries(&DATA.0[..DATA.0.len() - 1], &header()).is_none());
        assert!(entries(&DATA.0, &header()).is_some_and(|e| e.len() == 3));
        assert!(prebuilt("not a key of the data").is_none());
    }
}
