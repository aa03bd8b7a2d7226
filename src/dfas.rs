//! The built-in regexes a small run needs (the roadsign detectors and the
//! regex rules) as DFAs built ahead of time (`dfas/builtin.dfa`):
//! compiling them was over half of a one-file run's instructions, on the
//! threads the run waited for. The promise ledger's vocabulary regexes
//! are there too, for every run that looks for promises (compiling them
//! was 26.6 M of the 42.7 M instructions the ledger added to a run's
//! start-up); one whose DFA is over a size limit is left out and compiled
//! when first used. A test builds the DFAs from the pack and writes the
//! file (and fails) when they differ, as `rule::image` does for the rules.
//!
//! The file: `FOGCHECK-DFA 4`, the pack's hash (`build.rs`), the
//! `regex-automata` version that wrote it and a newline; then for each
//! regex its pattern as compiled (ASCII word boundaries), its forward
//! and reverse sparse DFAs and where its matches may start, by their
//! first two bytes (`Starts`),
//! each preceded by its length (a little-endian `u32`). Checking a DFA's
//! transitions on load cost more than compiling its regex (the nine
//! detectors: 20 M instructions), so a DFA is loaded
//! unchecked, and only when the version that wrote it is the one this
//! binary is built with (from `Cargo.lock`) and the bytes are what that
//! version writes (the test); the crate still checks their label, byte
//! order, format version and tables' sizes. Data for another pack, another
//! engine or another byte order is not used: the regexes are compiled, as
//! in a folder run. The ledger's searches that run on every file (its
//! sets and values search) are dense DFAs of their own file (`ledger`).

use regex_automata::dfa::{regex::Regex, sparse, Automaton};
use regex_automata::util::primitives::StateID;
use regex_automata::Anchored;
use std::ops::Range;
use std::sync::OnceLock;

pub mod ledger;

/// A regex's DFAs, as loaded.
pub type PrebuiltDfa = Regex<sparse::DFA<&'static [u8]>>;

const MAGIC: &str = "FOGCHECK-DFA 4";

static DATA: &[u8] = include_bytes!("dfas/builtin.dfa");

/// The header the data must start with, as this binary is built.
fn header() -> String {
    header_for(env!("FOGCHECK_PACK_HASH"))
}

fn header_for(hash: &str) -> String {
    format!("{MAGIC} {hash} {}\n", env!("FOGCHECK_REGEX_AUTOMATA"))
}

fn header_fits(data: &[u8], header: &[u8]) -> bool {
    cfg!(target_endian = "little")
        && env!("FOGCHECK_REGEX_AUTOMATA") != "unknown"
        && data.starts_with(header)
}

/// One regex of the data: its pattern, its DFAs' bytes and its starts'.
struct Entry {
    source: &'static str,
    forward: &'static [u8],
    reverse: &'static [u8],
    starts: &'static [u8],
}

/// The regexes of `data` after `header`; `None` when it does not fit or
/// does not parse.
fn entries(data: &'static [u8], header: &str) -> Option<Vec<Entry>> {
    if !header_fits(data, header.as_bytes()) {
        return None;
    }
    let mut rest = &data[header.len()..];
    let take = |rest: &mut &'static [u8]| take_field(rest, 1);
    let mut found = Vec::new();
    while !rest.is_empty() {
        let source = std::str::from_utf8(take(&mut rest)?).ok()?;
        let forward = take(&mut rest)?;
        let reverse = take(&mut rest)?;
        let starts = take(&mut rest)?;
        found.push(Entry {
            source,
            forward,
            reverse,
            starts,
        });
    }
    Some(found)
}

/// The next field of `rest`: a little-endian `u32` length, that many
/// bytes, then padding to a multiple of `align` (the ledger's data keeps
/// each field where a `u32` may start); `rest` moves past it. `None`
/// when the data is cut short.
fn take_field(rest: &mut &'static [u8], align: usize) -> Option<&'static [u8]> {
    let len = usize::try_from(u32::from_le_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
    let bytes = rest.get(4..)?.get(..len)?;
    *rest = rest.get(4 + len.next_multiple_of(align)..)?;
    Some(bytes)
}

/// A regex of the data and its DFAs, once loaded.
type Slot = (Entry, OnceLock<Option<Prebuilt>>);

/// The data's regexes, each loaded when first wanted.
fn loaded() -> Option<&'static [Slot]> {
    static LOADED: OnceLock<Option<Vec<Slot>>> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            let entries = entries(DATA, &header())?;
            Some(entries.into_iter().map(|e| (e, OnceLock::new())).collect())
        })
        .as_deref()
}

/// Whether the data was written for this pack by this engine, on a machine
/// of this byte order.
pub fn usable() -> bool {
    loaded().is_some()
}

/// The DFAs of the built-in regex that compiles as `source` (its pattern
/// with ASCII word boundaries), when the data holds them.
pub fn prebuilt(source: &str) -> Option<&'static PrebuiltDfa> {
    searcher(source).map(|p| &p.regex)
}

/// The DFAs of that regex and where its matches may start, searched
/// only there (`Prebuilt`), when the data holds them.
pub fn searcher(source: &str) -> Option<&'static Prebuilt> {
    let (entry, dfa) = loaded()?.iter().find(|(e, _)| e.source == source)?;
    dfa.get_or_init(|| load(entry)).as_ref()
}

fn load(entry: &Entry) -> Option<Prebuilt> {
    // SAFETY: the bytes are what `to_bytes_little_endian` of this
    // `regex-automata` version wrote (the header, checked, names the
    // version this binary is built with; the test holds the file to a
    // fresh write), read on a little-endian machine; the crate still
    // checks their label, byte order, format version and tables' sizes.
    let forward = unsafe { sparse::DFA::from_bytes_unchecked(entry.forward) }
        .ok()?
        .0;
    let reverse = unsafe { sparse::DFA::from_bytes_unchecked(entry.reverse) }
        .ok()?
        .0;
    Some(Prebuilt {
        starts: Starts::read(entry.starts, &forward)?,
        regex: Regex::builder().build_from_dfas(forward, reverse),
    })
}

/// A regex's DFAs, searched only where a match may start: a sparse DFA
/// steps through a state's transitions one by one, and an unanchored
/// search spends most of its bytes in the start state, which has the most
/// (the vocabulary's: about 170 instructions a byte, 10 M of the 28 M the
/// ledger took per corpus copy). A table lookup a byte finds the places a
/// match may start, and the forward DFA, anchored there, tells where it
/// ends: leftmost-first, the first place with a match is the match's
/// start, and its end is the one an unanchored search finds.
#[derive(Debug)]
pub struct Prebuilt {
    regex: PrebuiltDfa,
    starts: Starts,
}

impl Prebuilt {
    /// The DFAs, to search as a `Regex` (the test holds the two searches
    /// together; the run reads `prebuilt`).
    #[cfg(test)]
    fn regex(&self) -> &PrebuiltDfa {
        &self.regex
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.find_from(text.as_bytes(), 0, true).is_some()
    }

    /// The matches in `text`, in order, not overlapping, as the regex's
    /// `find_iter` finds them.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let mut from = 0;
        std::iter::from_fn(move || {
            let found = self.find_from(text.as_bytes(), from, false)?;
            // An empty match: the next search starts a byte on.
            from = found.end.max(found.start + 1);
            Some(found)
        })
    }

    /// The first match at or after `from`; with `earliest`, one that ends
    /// at its first match state (enough to tell that there is one).
    fn find_from(&self, bytes: &[u8], from: usize, earliest: bool) -> Option<Range<usize>> {
        let starts = &self.starts;
        let mut class = starts.class_after(from.checked_sub(1).map(|i| bytes[i]));
        for (at, &byte) in bytes.iter().enumerate().skip(from) {
            let row = starts.rows[class][usize::from(byte)];
            if row != 0 && starts.may_follow(row, bytes.get(at + 1).copied()) {
                if let Some(end) = self.end_from(bytes, at, class, earliest) {
                    return Some(at..end);
                }
            }
            class = starts.class_after(Some(byte));
        }
        let end = bytes.len();
        if from > end || !starts.at_end[class] {
            return None;
        }
        self.end_from(bytes, end, class, earliest).map(|e| end..e)
    }

    /// Where the match that starts at `at` (in start class `class`) ends,
    /// leftmost-first, as an anchored search of the forward DFA finds it:
    /// a match state is entered a byte after the match ends, and the
    /// search goes on to a dead state for a later end of higher priority.
    fn end_from(&self, bytes: &[u8], at: usize, class: usize, earliest: bool) -> Option<usize> {
        let dfa = self.regex.forward();
        let mut state = self.starts.states[class];
        let mut end = None;
        for (i, &byte) in bytes.iter().enumerate().skip(at) {
            state = dfa.next_state(state, byte);
            if dfa.is_special_state(state) {
                if dfa.is_dead_state(state) {
                    return end;
                }
                // The data's DFAs are built without quit bytes (their word
                // boundaries are ASCII); one with them would need the
                // regex's own search.
                assert!(!dfa.is_quit_state(state), "a DFA without quit bytes");
                if dfa.is_match_state(state) {
                    end = Some(i);
                    if earliest {
                        return end;
                    }
                }
            }
        }
        dfa.is_match_state(dfa.next_eoi_state(state))
            .then_some(bytes.len())
            .or(end)
    }
}

/// Where a regex's match may start, read off its forward DFA's anchored
/// start states: which one a place starts in (by the byte before it, or
/// none at the text's start: what the regex's look-behind sees), and the
/// first two bytes on which each does not die at once. Stored with the
/// DFAs: the 257 start classes (a byte's, then the text start's), then a
/// row of 256 bytes for each class, then a byte for each class that is 1
/// when it matches the empty text at the end, then the second bytes' sets
/// (`pairs`). A row's byte is 0 where the first byte dies, `ANY` where
/// any second byte may follow (the state after the first is a match, or
/// too many sets were needed), else one more than the index of the set of
/// 32 bytes (a bit a byte) of the second bytes on which it lives on: most
/// words a pattern's first letter starts are not its words ("s" of
/// "support" and "such"), and each was a search of the DFA's sparse states
/// some 470 instructions long.
#[derive(Debug)]
struct Starts {
    class: [u8; 257],
    rows: Box<[[u8; 256]]>,
    at_end: Box<[bool]>,
    /// The second bytes' sets, a bit a byte.
    pairs: Box<[[u8; 32]]>,
    /// Each class's anchored start state.
    states: Box<[StateID]>,
}

/// A row's byte for a first byte any second byte may follow.
const ANY: u8 = 255;

impl Starts {
    /// The table of `bytes` for `dfa`; `None` when it does not hold
    /// together.
    fn read(bytes: &[u8], dfa: &sparse::DFA<&'static [u8]>) -> Option<Starts> {
        let (class, rest) = bytes.split_at_checked(257)?;
        let classes = usize::from(*class.iter().max()?) + 1;
        let (rows, rest) = rest.split_at_checked(classes * 256)?;
        let (at_end, pairs) = rest.split_at_checked(classes)?;
        if pairs.len() % 32 != 0 {
            return None;
        }
        let pairs: Box<[[u8; 32]]> = pairs
            .chunks_exact(32)
            .map(|set| set.try_into().expect("32 bytes"))
            .collect();
        if rows
            .iter()
            .any(|&r| r != 0 && r != ANY && usize::from(r) > pairs.len())
        {
            return None;
        }
        let states = (0..classes)
            .map(|c| {
                let before = class.iter().position(|&k| usize::from(k) == c)?;
                dfa.start_state(&start_after(before)).ok()
            })
            .collect::<Option<_>>()?;
        Some(Starts {
            class: class.try_into().ok()?,
            rows: rows
                .chunks_exact(256)
                .map(|row| row.try_into().expect("256 bytes"))
                .collect(),
            at_end: at_end.iter().map(|&b| b != 0).collect(),
            pairs,
            states,
        })
    }

    /// The table of `dfa`, as the data stores it.
    #[cfg(test)]
    fn write<A: Automaton>(dfa: &A) -> Vec<u8> {
        let mut states = Vec::new();
        let mut out: Vec<u8> = (0..=256usize)
            .map(|before| {
                let state = dfa
                    .start_state(&start_after(before))
                    .expect("anchored starts are built");
                let class = states.iter().position(|&s| s == state).unwrap_or_else(|| {
                    states.push(state);
                    states.len() - 1
                });
                u8::try_from(class).expect("a few start states")
            })
            .collect();
        let mut pairs: Vec<[u8; 32]> = Vec::new();
        for &state in &states {
            for first in 0..=255u8 {
                let next = dfa.next_state(state, first);
                let row = if dfa.is_dead_state(next) {
                    0
                } else if dfa.is_match_state(next) {
                    ANY
                } else {
                    let mut set = [0u8; 32];
                    for second in 0..=255u8 {
                        if !dfa.is_dead_state(dfa.next_state(next, second)) {
                            set[usize::from(second / 8)] |= 1 << (second % 8);
                        }
                    }
                    let index = pairs.iter().position(|s| *s == set).unwrap_or_else(|| {
                        pairs.push(set);
                        pairs.len() - 1
                    });
                    // Past the last index a byte can hold: any second byte.
                    u8::try_from(index + 1)
                        .ok()
                        .filter(|&r| r != ANY)
                        .unwrap_or(ANY)
                };
                out.push(row);
            }
        }
        out.extend(
            states
                .iter()
                .map(|&s| u8::from(dfa.is_match_state(dfa.next_eoi_state(s)))),
        );
        pairs.truncate(usize::from(ANY - 1));
        out.extend(pairs.iter().flatten());
        out
    }

    /// Whether a match may start at a place whose first byte's row byte is
    /// `row` (not 0) and whose next byte is `second` (none at the text's
    /// end).
    fn may_follow(&self, row: u8, second: Option<u8>) -> bool {
        row == ANY
            || second.is_none_or(|second| {
                self.pairs[usize::from(row) - 1][usize::from(second / 8)] & (1 << (second % 8)) != 0
            })
    }

    /// The start class of a place after `before` (none: the text's start).
    fn class_after(&self, before: Option<u8>) -> usize {
        usize::from(self.class[before.map_or(256, usize::from)])
    }
}

/// The anchored start after the byte `before`, or at the text's start for
/// 256: the one place the table's classes are read (`Starts::read`) and
/// written (`Starts::write`) from.
fn start_after(before: usize) -> regex_automata::util::start::Config {
    regex_automata::util::start::Config::new()
        .anchored(Anchored::Yes)
        .look_behind(u8::try_from(before).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadsign::Detector;
    use crate::rule::Pattern;
    use regex_automata::dfa::dense;
    use regex_automata::nfa::thompson;
    use regex_automata::util::syntax;

    /// The built-in regexes a small run searches with: each detector's,
    /// then each regex rule's (by rule id), as compiled; then the promise
    /// ledger's vocabulary's, which every run searches with.
    fn sources() -> Vec<String> {
        let mut sources = pack_sources();
        sources.extend(
            crate::ledger::kinds::builtin()
                .patterns()
                .map(|p| p.as_str().to_string()),
        );
        sources
    }

    /// The detectors' and the regex rules' sources: each must have DFAs.
    fn pack_sources() -> Vec<String> {
        let mut sources: Vec<String> = Detector::ALL
            .iter()
            .map(|d| {
                crate::builtin::ascii_word_boundaries(&crate::roadsign::detector_file(*d).pattern)
            })
            .collect();
        let (pack, _) = crate::rule::load_pack(&[]);
        for rule in pack.rules() {
            if let Pattern::Regex(regex) = &rule.pattern {
                sources.push(regex.as_str().to_string());
            }
        }
        sources
    }

    /// How big a DFA of the vocabulary the data holds, before it is
    /// minimized (the pack's all fit): a pattern whose words may stand
    /// characters apart (`[^.;,]{0,30}?`) takes gigabytes, and is compiled
    /// when first used. The refund subject, whose words stand up to five
    /// words apart, takes 1.8 MB (0.34 MB minimized, in under a second).
    const SIZE_LIMIT: usize = 16 << 20;

    /// The data for `sources`: their DFAs built as the meta regexes search
    /// (case-insensitive, Unicode, leftmost-first, empty matches only at
    /// character boundaries), minimized, as sparse DFAs; the vocabulary's
    /// over `SIZE_LIMIT` are left out.
    fn render(header: &str, sources: &[String]) -> Vec<u8> {
        let mut out = header.as_bytes().to_vec();
        let mut put = |bytes: &[u8]| {
            out.extend_from_slice(&u32::try_from(bytes.len()).expect("fits").to_le_bytes());
            out.extend_from_slice(bytes);
        };
        let pack_sources = pack_sources();
        for source in sources {
            let limit = (!pack_sources.contains(source)).then_some(SIZE_LIMIT);
            let Some(regex) = build(source, limit) else {
                continue;
            };
            put(source.as_bytes());
            put(&regex.forward().to_bytes_little_endian());
            put(&regex.reverse().to_bytes_little_endian());
            put(&Starts::write(regex.forward()));
        }
        out
    }

    /// `source`'s DFAs as the data holds them; `None` when they are over
    /// `limit`.
    fn build(source: &str, limit: Option<usize>) -> Option<Regex<sparse::DFA<Vec<u8>>>> {
        let built = Regex::builder()
            .syntax(syntax::Config::new().case_insensitive(true).utf8(true))
            .thompson(thompson::Config::new().utf8(true))
            .dense(
                dense::Config::new()
                    .minimize(true)
                    .dfa_size_limit(limit)
                    .determinize_size_limit(limit),
            )
            .build_sparse(source);
        match built {
            Ok(regex) => Some(regex),
            Err(e) if e.to_string().contains("exceeded") => None,
            Err(e) => panic!("{source}: {e}"),
        }
    }

    /// The data is what the pack's regexes build to: else the test writes
    /// it anew (and fails, so it is committed). Every detector and regex
    /// rule has its DFAs, and so has every pattern of the vocabulary: one
    /// over the size limit would be compiled in every run that names it.
    #[test]
    fn the_dfas_are_written_from_the_pack() {
        crate::builtin::keep_generated("src/dfas/builtin.dfa", &render(&header(), &sources()));
        for source in pack_sources() {
            assert!(prebuilt(&source).is_some(), "{source} loads");
        }
        let vocabulary = crate::ledger::kinds::builtin();
        let left_out: Vec<&str> = vocabulary
            .patterns()
            .filter(|p| !p.is_prebuilt())
            .map(|p| p.as_str())
            .collect();
        assert!(left_out.is_empty(), "{left_out:?}");
    }

    /// A place whose first two bytes kill the DFA is not searched from:
    /// the start table keeps, per first byte, the second bytes it lives
    /// on; a first byte after which the DFA matches takes any second.
    #[test]
    fn the_start_table_keeps_the_second_bytes_a_match_needs() {
        // `x*` matches the empty text before any byte.
        let empty = build(r"x*", None).expect("builds");
        let written = Starts::write(empty.forward());
        let bytes: &'static [u8] =
            Box::leak(empty.forward().to_bytes_little_endian().into_boxed_slice());
        let dfa = sparse::DFA::from_bytes(bytes).expect("reads").0;
        let starts = Starts::read(&written, &dfa).expect("reads");
        assert_eq!(
            starts.rows[starts.class_after(None)][usize::from(b'q')],
            ANY
        );
        let after_u = build(r"(?-u:\b)support(?-u:\b)", None).expect("builds");
        let written = Starts::write(after_u.forward());
        let bytes: &'static [u8] = Box::leak(
            after_u
                .forward()
                .to_bytes_little_endian()
                .into_boxed_slice(),
        );
        let dfa = sparse::DFA::from_bytes(bytes).expect("reads").0;
        let starts = Starts::read(&written, &dfa).expect("reads");
        let row = starts.rows[starts.class_after(None)][usize::from(b's')];
        assert!(row != 0 && row != ANY);
        assert!(starts.may_follow(row, Some(b'u')));
        assert!(starts.may_follow(row, Some(b'U')));
        assert!(!starts.may_follow(row, Some(b'c')));
        // At the text's end a first byte may still start a match.
        assert!(starts.may_follow(row, None));
        // After a word byte, `\b` cannot start one.
        assert_eq!(
            starts.rows[starts.class_after(Some(b'a'))][usize::from(b's')],
            0
        );
    }

    /// Data written for another pack or by another engine is not used.
    #[test]
    fn other_data_is_not_used() {
        assert!(entries(DATA, &header_for("0000000000000000")).is_none());
        assert!(entries(b"not a dfa file", &header()).is_none());
        let other_engine = header().replace(env!("FOGCHECK_REGEX_AUTOMATA"), "0.0.0");
        assert!(entries(DATA, &other_engine).is_none());
        assert!(prebuilt("(?-u:\\b)not one of the pack's(?-u:\\b)").is_none());
        // Cut short: a length runs past the end.
        assert!(entries(&DATA[..DATA.len() - 1], &header()).is_none());
        assert!(entries(DATA, &header()).is_some());
    }

    /// The DFAs find what the regexes find, with a lazy DFA (a folder run)
    /// and without (a small run's other sentence regexes), on every rule's
    /// and detector's examples, alone and run together, and on text
    /// outside ASCII; the vocabulary's, on every promise kind's and rule's
    /// examples and on the words before and after each number of a kind's
    /// (where the ledger looks for what a value counts from, or is not).
    #[test]
    fn the_dfas_find_what_the_regexes_find() {
        let (pack, _) = crate::rule::load_pack(&[]);
        let mut texts: Vec<String> = pack
            .rules()
            .iter()
            .flat_map(|rule| rule.examples.iter().map(|e| e.text.clone()))
            .collect();
        for detector in Detector::ALL {
            let file = crate::roadsign::detector_file(detector);
            texts.extend(file.examples.iter().map(|e| e.text.clone()));
        }
        texts.push(texts.join(" "));
        texts.push("ſix days, 3 K, 2\u{212A}m, é-mail 9:30 am – 5 pm, from €5, ٣ days".to_string());
        let mut vocabulary_texts = crate::ledger::kinds::tests::sample_texts();
        for kind in &crate::ledger::kinds::builtin_with_examples().kinds {
            for example in &kind.examples {
                let text = example.text.as_str();
                let numbers = text
                    .match_indices(|c: char| c.is_ascii_digit())
                    .filter(|&(at, _)| !text[..at].ends_with(|c: char| c.is_ascii_digit()));
                for (at, _) in numbers {
                    let end = at + text[at..].find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
                    vocabulary_texts.push(text[..at].to_string());
                    vocabulary_texts.push(text[end..].to_string());
                }
            }
        }
        // Words inside words, at the text's start and end, after a line
        // break and after letters outside ASCII: where a match may start
        // turns on the byte before.
        let edges = [
            "relationships, reshipping, unreturnable, nonrefundable; Returns",
            "Returns\nwithin 30 days\r\nShips today. Shipping: 2 days",
            "éreturns, 3days, _returns, x-returns, ships",
            "30 days of delivery",
        ];
        vocabulary_texts.extend(edges.iter().map(|t| t.to_string()));
        texts.extend(edges.iter().map(|t| t.to_string()));
        let pack_sources = pack_sources();
        for source in sources() {
            let texts = if pack_sources.contains(&source) {
                &texts
            } else {
                &vocabulary_texts
            };
            // Those over the size limit (`the_dfas_are_written_from_the_pack`).
            let Some(searched) = searcher(&source) else {
                continue;
            };
            let dfa = searched.regex();
            let [lazy, small] = [true, false].map(|lazy_dfa| {
                crate::builtin::sentence_regex_with(&source, lazy_dfa).expect("compiles")
            });
            for text in texts {
                let by_dfa: Vec<_> = dfa.find_iter(text.as_str()).map(|m| m.range()).collect();
                // Searched only where a match may start (`Prebuilt`).
                let by_starts: Vec<_> = searched.find_iter(text.as_str()).collect();
                for meta in [&lazy, &small] {
                    let by_meta: Vec<_> =
                        meta.find_iter(text.as_str()).map(|m| m.range()).collect();
                    assert_eq!(by_dfa, by_meta, "{source} in {text:?}");
                    assert_eq!(by_starts, by_meta, "{source} in {text:?}, from its starts");
                    assert_eq!(dfa.is_match(text.as_str()), meta.is_match(text.as_str()));
                    assert_eq!(
                        searched.is_match(text.as_str()),
                        meta.is_match(text.as_str())
                    );
                }
            }
        }
    }
}
