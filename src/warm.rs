//! Start-up work moved off the critical path: the regexes a check run will
//! need, compiled on threads of their own while the main thread loads the
//! pack and builds the matcher, and the walkers read and extract the
//! files. Each is compiled once behind a
//! `OnceLock`, so whichever thread gets there first compiles it and the
//! other waits for it or finds it done: what a run finds is the same.

use crate::lint::Promises;
use crate::roadsign::Detector;
use crate::rule::{Pattern, RulePack};

/// Compiles the roadsign detectors, which judging needs as soon as a file
/// has a hit, on a thread of their own. Started with the pack's thread
/// once the pack has loaded: started before, it slowed the load more than
/// it saved (one file, 2 cores: a median of 9.5 ms against 9.1 ms).
pub fn detectors() {
    // A small run searches with the detectors' DFAs built ahead of time:
    // nothing to compile.
    if Detector::searched_by_dfas() {
        return;
    }
    spawn(|| {
        for detector in Detector::ALL {
            detector.compile();
        }
    });
}

/// Unless the run finds only promises (`Promises::Only`), compiles the
/// pack's regex rules, which the matcher runs on every segment, then loads
/// the judging filters; when it finds every promise, compiles the promise
/// ledger's vocabulary and values regex; on a thread of their own.
pub fn pack(pack: &RulePack, promises: Promises) {
    let fog = promises != Promises::Only;
    let ledger = promises != Promises::Declared;
    let regexes: Vec<_> = pack
        .rules()
        .iter()
        .filter(|_| fog)
        .filter_map(|rule| match &rule.pattern {
            // Not one a small run searches with its DFAs built ahead.
            Pattern::Regex(regex) if regex.needs_compiling() => Some(regex.clone()),
            _ => None,
        })
        .collect();
    spawn(move || {
        for regex in &regexes {
            regex.get();
        }
        // The judging filters' word lists (parsed and built into automata
        // on first use), which judging needs as soon as a file has a hit.
        if fog {
            crate::filters::filters();
        }
        if ledger {
            crate::ledger::values::builtin_regex();
            // Each walker would otherwise compile a pattern the data has
            // no DFAs for at the first sentence that needs it, the other
            // waiting on the same one.
            let vocabulary = crate::ledger::kinds::builtin();
            for pattern in vocabulary.patterns() {
                pattern.warm();
            }
            // A qualifier named by its match's group ("$1 shipping") reads
            // it by the group's words, read from its pattern (or, where
            // they cannot, with a regex of its own: some 900,000
            // instructions each to compile), at the first sentence that
            // names one.
            for qualifier in vocabulary
                .qualifiers
                .iter()
                .filter(|q| q.name.contains('$'))
            {
                qualifier.pattern.warm_groups();
            }
        }
    });
}

fn spawn(work: impl FnOnce() + Send + 'static) {
    // Not joined: the run never waits for this thread, only, through a
    // `OnceLock`, for a regex it is compiling. A thread that cannot be
    // started leaves the work to the run, as without it.
    let _ = std::thread::Builder::new()
        .name("fogcheck-warm".into())
        .spawn(work);
}
