//! The phrase search by words: a trie whose edges are whole words and the
//! runs of other characters between them, walked once over a segment's
//! tokens. A phrase that starts and ends with a word character must start
//! and end at word boundaries, so it matches exactly where the segment's
//! tokens from a word start are the phrase's tokens; searching by token
//! costs a hash per word instead of an automaton step per byte, and the
//! trie builds in well under a millisecond. Phrases with another character
//! at an edge ("#1 …", "… 100%") are left to the Aho-Corasick fallback in
//! `check`.

use super::is_word_char;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// True when `phrase` starts and ends with a word character: the phrases
/// this trie can hold.
pub(super) fn word_edged(phrase: &str) -> bool {
    phrase.chars().next().is_some_and(is_word_char)
        && phrase.chars().next_back().is_some_and(is_word_char)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// A token's hash, the same in any ASCII case: its bytes read eight at a
/// time (a shorter tail in overlapping loads, as wyhash reads it), each
/// byte with bit 5 set (`A` and `a` alike). That also makes some other
/// bytes alike (`_` and DEL, `É`'s last byte and `é`'s): a clash only costs
/// the comparison that confirms every step.
#[inline]
fn hash_token(bytes: &[u8]) -> u64 {
    const CASE: u64 = 0x2020_2020_2020_2020;
    let fold = |hash: u64, chunk: u64| {
        let hash = (hash ^ chunk).wrapping_mul(FNV_PRIME);
        hash ^ (hash >> 29)
    };
    let mut hash = FNV_OFFSET ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        hash = fold(
            hash,
            u64::from_le_bytes(chunk.try_into().expect("8 bytes")) | CASE,
        );
    }
    let tail = chunks.remainder();
    let u32_at = |at: usize| {
        u64::from(u32::from_le_bytes(
            tail[at..at + 4].try_into().expect("4 bytes"),
        ))
    };
    match tail.len() {
        0 => hash,
        // With the length hashed in, these loads tell every tail apart.
        1..=3 => {
            let (first, middle, last) = (tail[0], tail[tail.len() / 2], tail[tail.len() - 1]);
            let chunk = u64::from(first) << 16 | u64::from(middle) << 8 | u64::from(last);
            fold(hash, chunk | 0x20_2020)
        }
        n => fold(hash, (u32_at(0) | u32_at(n - 4) << 32) | CASE),
    }
}

/// The key of the edge from `node` along a token hashing to `token`,
/// mixed so that every bit of it spreads (the map hashes by identity).
#[inline]
fn edge_key(node: u32, token: u64) -> u64 {
    let mut x = token ^ u64::from(node).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

/// Hashes a `u64` key by passing it through: the keys are mixed already.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed; fold anything else, to stay correct.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// The maximal runs of `text`, alternately of word characters and of
/// others: `(range, is_word)`.
fn tokens(text: &str) -> impl Iterator<Item = (Range<usize>, bool)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        let word = char_at(text, at).0;
        at = run_end(text, at, word);
        Some((start..at, word))
    })
}

/// Each byte's class: an ASCII word character, another ASCII character,
/// or a byte of a non-ASCII character (decoded to be classed).
const ASCII_WORD: u8 = 1;
const ASCII_OTHER: u8 = 0;
const NON_ASCII: u8 = 2;
static CLASS: [u8; 256] = {
    let mut class = [ASCII_OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        class[b] = if !byte.is_ascii() {
            NON_ASCII
        } else if byte.is_ascii_alphanumeric() || byte == b'_' {
            ASCII_WORD
        } else {
            ASCII_OTHER
        };
        b += 1;
    }
    class
};

/// The end of the run of word (or other) characters from `at`.
#[inline]
fn run_end(text: &str, mut at: usize, word: bool) -> usize {
    let bytes = text.as_bytes();
    let same = if word { ASCII_WORD } else { ASCII_OTHER };
    while at < bytes.len() {
        match CLASS[bytes[at] as usize] {
            class if class == same => at += 1,
            NON_ASCII => {
                let (is_word, len) = non_ascii_at(text, at);
                if is_word != word {
                    break;
                }
                at += len;
            }
            _ => break,
        }
    }
    at
}

/// True when a run of non-word characters holds whitespace as
/// `extract::count_words` reads it: an ASCII whitespace byte, or a
/// character outside ASCII that is `White_Space`.
fn holds_space(run: &str) -> bool {
    let bytes = run.as_bytes();
    bytes.iter().any(u8::is_ascii_whitespace)
        || (!run.is_ascii() && run.chars().any(|c| !c.is_ascii() && c.is_whitespace()))
}

/// Whether the character at byte `at` is a word character, and its length.
#[inline(always)]
fn char_at(text: &str, at: usize) -> (bool, usize) {
    match CLASS[text.as_bytes()[at] as usize] {
        NON_ASCII => non_ascii_at(text, at),
        class => (class == ASCII_WORD, 1),
    }
}

/// `char_at` for a non-ASCII character: rarer, so kept out of the loops.
#[inline(never)]
fn non_ascii_at(text: &str, at: usize) -> (bool, usize) {
    let c = text[at..].chars().next().expect("at is a char boundary");
    (is_word_char(c), c.len_utf8())
}

/// Two different tokens from one node hash alike: the trie cannot hold
/// the pack (never seen; the caller falls back to Aho-Corasick).
#[derive(Debug)]
pub(super) struct HashClash;

/// The phrases of a pack as a trie of tokens.
#[derive(Debug, Default)]
pub(super) struct WordTrie {
    /// Edge key (`edge_key` of the node and the token's hash) → edge.
    edges: HashMap<u64, u32, BuildHasherDefault<PassThrough>>,
    /// Each edge's token, lowercased, to confirm a hash hit: its range in
    /// `token_bytes`, where every token is stored once, one after another.
    edge_token: Vec<Range<u32>>,
    token_bytes: Vec<u8>,
    /// Each edge's end node.
    edge_child: Vec<u32>,
    /// Node → its range in `outputs`: the patterns that end there.
    ends: Vec<Range<u32>>,
    outputs: Vec<u32>,
    /// Node → whether any edge leaves it.
    inner: Vec<bool>,
    /// One bit per edge key's low bits: most words start no phrase, and a
    /// bit test in a few kilobytes rejects them before the map is read.
    seen: Vec<u64>,
}

/// Bits in `WordTrie::seen` (a power of two): 16 KiB, some 30 bits an
/// edge for the built-in pack.
const SEEN_BITS: u64 = 1 << 17;

/// The id `WordTrie::search` reports a word that starts with an ASCII
/// digit by, past every phrase's.
pub(super) const DIGIT_WORD: u32 = u32::MAX;

/// The word of `WordTrie::seen` and the bit in it that stand for `key`.
#[inline(always)]
fn seen_bit(key: u64) -> (usize, u64) {
    (((key % SEEN_BITS) / 64) as usize, 1 << (key % 64))
}

/// A walk through the trie begun at a word start.
#[derive(Debug, Clone, Copy)]
pub(super) struct Walk {
    node: u32,
    start: usize,
}

impl WordTrie {
    /// The trie of `patterns` (`(id, phrase)`, each phrase lowercased and
    /// `word_edged`), reporting each phrase's id.
    pub(super) fn build<'a>(
        patterns: impl IntoIterator<Item = (u32, &'a str)>,
    ) -> Result<WordTrie, HashClash> {
        let patterns = patterns.into_iter();
        let mut trie = WordTrie {
            seen: vec![0; (SEEN_BITS / 64) as usize],
            ..WordTrie::default()
        };
        // Sized for the pack at once (at most as many phrases as the upper
        // bound, when a filter hides their number): most phrases add an
        // edge or two.
        let phrases = patterns.size_hint().1.unwrap_or(patterns.size_hint().0);
        trie.edges.reserve(phrases * 2);
        trie.edge_token.reserve(phrases * 2);
        trie.edge_child.reserve(phrases * 2);
        trie.inner.reserve(phrases * 2);
        trie.token_bytes.reserve(phrases * 8);
        // (node, id) for each phrase, grouped by node below.
        let mut ends: Vec<(u32, u32)> = Vec::with_capacity(phrases);
        trie.inner.push(false);
        for (id, phrase) in patterns {
            debug_assert!(word_edged(phrase));
            let mut node = 0u32;
            for (range, _) in tokens(phrase) {
                let token = &phrase.as_bytes()[range];
                let key = edge_key(node, hash_token(token));
                node = match trie.edges.get(&key) {
                    Some(&edge) if trie.token(edge) == token => trie.edge_child[edge as usize],
                    Some(_) => return Err(HashClash),
                    None => {
                        let child = trie.inner.len() as u32;
                        trie.inner.push(false);
                        trie.inner[node as usize] = true;
                        trie.edges.insert(key, trie.edge_token.len() as u32);
                        let (word, bit) = seen_bit(key);
                        trie.seen[word] |= bit;
                        let from = trie.token_bytes.len() as u32;
                        trie.token_bytes.extend_from_slice(token);
                        trie.edge_token.push(from..trie.token_bytes.len() as u32);
                        trie.edge_child.push(child);
                        child
                    }
                };
            }
            ends.push((node, id));
        }
        // Each node's ids in the order their phrases came (a stable sort).
        ends.sort_by_key(|&(node, _)| node);
        trie.outputs = ends.iter().map(|&(_, id)| id).collect();
        let mut at = 0;
        for node in 0..trie.inner.len() as u32 {
            let from = at;
            while at < ends.len() && ends[at].0 == node {
                at += 1;
            }
            trie.ends.push(from as u32..at as u32);
        }
        Ok(trie)
    }

    /// Edge `edge`'s token, lowercased.
    #[inline(always)]
    fn token(&self, edge: u32) -> &[u8] {
        let range = &self.edge_token[edge as usize];
        &self.token_bytes[range.start as usize..range.end as usize]
    }

    /// The node reached from `node` along `token` (hashing to `hash`).
    #[inline(always)]
    fn step(&self, node: u32, hash: u64, token: &[u8]) -> Option<u32> {
        let key = edge_key(node, hash);
        let (word, bit) = seen_bit(key);
        if self.seen[word] & bit == 0 {
            return None;
        }
        let edge = *self.edges.get(&key)?;
        self.token(edge)
            .eq_ignore_ascii_case(token)
            .then(|| self.edge_child[edge as usize])
    }

    /// Calls `found(id, range)` for every phrase in `text` (ASCII case
    /// ignored) at word boundaries, overlapping ones included: in order of
    /// their end, and of two that end together the longer first, as an
    /// overlapping Aho-Corasick search reports them. `walks` is scratch.
    /// Returns the words of `text` as `extract::count_words` counts them:
    /// the walk reads every token anyway, so the text is not read again
    /// for its word count. With `DIGIT_WORDS`, also calls
    /// `found(DIGIT_WORD, range)` for each word that starts with an ASCII
    /// digit (where the promise ledger's values may start).
    pub(super) fn search<const DIGIT_WORDS: bool>(
        &self,
        text: &str,
        walks: &mut Vec<Walk>,
        mut found: impl FnMut(u32, Range<usize>),
    ) -> usize {
        walks.clear();
        // A word is a piece between whitespace with a letter or digit: one
        // is counted at its first such token after whitespace (or the
        // start).
        let mut words = 0;
        let mut after_space = true;
        for (range, word) in tokens(text) {
            let token = &text.as_bytes()[range.clone()];
            if word {
                // Word characters are letters, digits and `_`.
                if after_space && token.iter().any(|&b| b != b'_') {
                    words += 1;
                    after_space = false;
                }
            } else if !after_space && holds_space(&text[range.clone()]) {
                after_space = true;
            }
            // Between words only walks under way go on: a run of
            // punctuation or space needs no hash when there are none.
            if !word && walks.is_empty() {
                continue;
            }
            let hash = hash_token(token);
            let mut kept = 0;
            for i in 0..walks.len() {
                let walk = walks[i];
                if let Some(node) = self.step(walk.node, hash, token) {
                    self.report(node, walk.start..range.end, &mut found);
                    if self.inner[node as usize] {
                        walks[kept] = Walk { node, ..walk };
                        kept += 1;
                    }
                }
            }
            walks.truncate(kept);
            if word {
                if DIGIT_WORDS && token[0].is_ascii_digit() {
                    found(DIGIT_WORD, range.clone());
                }
                if let Some(node) = self.step(0, hash, token) {
                    self.report(node, range.clone(), &mut found);
                    if self.inner[node as usize] {
                        walks.push(Walk {
                            node,
                            start: range.start,
                        });
                    }
                }
            }
        }
        words
    }

    #[inline]
    fn report(&self, node: u32, range: Range<usize>, found: &mut impl FnMut(u32, Range<usize>)) {
        let ends = &self.ends[node as usize];
        for &id in &self.outputs[ends.start as usize..ends.end as usize] {
            found(id, range.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each phrase found in `text`: its index in `phrases` and the words.
    fn hits<'t>(phrases: &[&str], text: &'t str) -> Vec<(u32, &'t str)> {
        let trie = WordTrie::build(phrases.iter().enumerate().map(|(i, p)| (i as u32, *p)))
            .expect("no clash");
        let mut out = Vec::new();
        trie.search::<false>(text, &mut Vec::new(), |id, range| {
            out.push((id, &text[range]))
        });
        out
    }

    #[test]
    fn phrases_match_whole_words_in_any_ascii_case() {
        let found = hits(
            &["soon", "free shipping"],
            "Sooner or soon: FREE  shipping, Free Shipping.",
        );
        let texts: Vec<&str> = found.iter().map(|(_, t)| *t).collect();
        // "FREE  shipping" has two spaces: not the phrase's one.
        assert_eq!(texts, ["soon", "Free Shipping"]);
    }

    #[test]
    fn overlapping_phrases_are_all_reported_longest_first_at_one_end() {
        let found = hits(
            &["free shipping", "shipping", "free", "24/7"],
            "free shipping 24/7",
        );
        let ids: Vec<u32> = found.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, [2, 0, 1, 3]);
    }

    #[test]
    fn punctuation_between_words_must_match_exactly() {
        let found = hits(
            &["100% refund", "rated #1"],
            "a 100% refund, rated #1 and rated 1",
        );
        let texts: Vec<&str> = found.iter().map(|(_, t)| *t).collect();
        assert_eq!(texts, ["100% refund", "rated #1"]);
    }

    #[test]
    fn non_ascii_letters_are_word_characters() {
        // "café" is one word: "caf" does not match inside it; "é" keeps
        // its case (ASCII-only case folding, as the text's).
        let found = hits(&["caf", "café crème"], "café crème, CAFÉ CRÈME");
        let texts: Vec<&str> = found.iter().map(|(_, t)| *t).collect();
        assert_eq!(texts, ["café crème"]);
    }

    #[test]
    fn duplicate_phrases_report_every_id() {
        let found = hits(&["fast", "fast"], "fast");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn the_walk_counts_words_as_count_words_does() {
        let trie = WordTrie::build([(0, "fast")]).expect("no clash");
        for text in [
            "Fast shipping — 24/7, e-mail | 2 days.",
            "  café über\u{a0}déjà_vu __ _a",
            "a\u{b}b c\u{3000}d\u{85}e",
            "",
        ] {
            let words = trie.search::<false>(text, &mut Vec::new(), |_, _| {});
            assert_eq!(words, crate::extract::count_words(text), "{text:?}");
        }
    }

    proptest::proptest! {
        /// The word walk's count is `count_words`' on any text: letters,
        /// digits, `_`, punctuation, and ASCII and other whitespace (the
        /// vertical tab is whitespace only outside ASCII's test).
        #[test]
        fn the_walk_counts_what_count_words_counts(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "7", "é", "—", "-", "’", " ", "  ", "\n", "\t", "\u{a0}",
                    "\u{3000}", "\u{b}", "\u{85}", "٣", "|", "x.y", "_", "\u{fffc}",
                    "fast", "Fast",
                ]),
                0..24,
            ),
        ) {
            let text: String = parts.concat();
            let trie = WordTrie::build([(0, "fast")]).expect("no clash");
            let words = trie.search::<false>(&text, &mut Vec::new(), |_, _| {});
            proptest::prop_assert_eq!(words, crate::extract::count_words(&text));
        }
    }

    #[test]
    fn only_word_edged_phrases_belong() {
        assert!(word_edged("24/7"));
        assert!(!word_edged("#1 choice"));
        assert!(!word_edged("100%"));
    }
}
