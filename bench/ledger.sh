#!/usr/bin/env bash
# The promise ledger's cost on the whole corpus (issue 14): N copies of
# ../shared/corpus/real checked without the ledger, with --contradictions
# (every file's promises kept and compared after the walk), with declared
# facts (a forced config with [promises]: every file's promises compared
# with them) and --ledger (the inventory), in ONE hyperfine run, then
# in turn, round after round (bench/interleave.py): the medians' ratios
# compare like with like on the shared, noisy machine. Then
# --contradictions stopped after each of the ledger's stages, in turn
# (what each stage adds). Then the floor
# under the ledger's cost: its extraction alone, pass after pass over the
# extracted documents on one thread (examples/ledger_floor.rs), beside the
# plain run on one thread. Usage:
#
#     bench/ledger.sh              # N=20, RUNS=10
#     N=40 RUNS=5 bench/ledger.sh
#     ROUNDS=20 bench/ledger.sh    # more interleaved rounds
#
# Needs hyperfine, jq and python3: apt-get update && apt-get install -y hyperfine jq
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
corpus=$shared/corpus/real
N=${N:-20}
RUNS=${RUNS:-10}
ROUNDS=${ROUNDS:-12}
[ -d "$corpus" ] || { echo "no corpus at $corpus (set SHARED=...)" >&2; exit 2; }
for tool in hyperfine jq python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool (see the top of $0)" >&2; exit 2; }
done

nice -n 10 cargo build --release --quiet --manifest-path "$root/Cargo.toml"
nice -n 10 cargo build --release --quiet --manifest-path "$root/Cargo.toml" --example ledger_floor
fog=$root/target/release/fogcheck
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fogcheck-ledger-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/corpus"
for i in $(seq -w 1 "$N"); do cp -r "$corpus" "$tmp/corpus/copy-$i"; done
cat >"$tmp/declared.toml" <<'TOML'
[promises]
return-window = "30 days"
handling-time = "1 business day"
free-shipping-threshold = "$75"
uptime = "99.9%"
TOML

base="$fog --format json --fail-on never"
echo "fogcheck $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $N copies, $(nproc) cores"
hyperfine -N --warmup 2 --runs "$RUNS" --ignore-failure --export-json "$tmp/times.json" \
    -n plain "$base $tmp/corpus" \
    -n contradictions "$base --contradictions $tmp/corpus" \
    -n declared "$base --config $tmp/declared.toml $tmp/corpus" \
    -n ledger "$fog --ledger --format json $tmp/corpus" >&2
jq -r '.results as $r | ($r[0].mean) as $plain
    | $r[] | "\(.command)\t\(.mean * 1000 | floor) ms ± \(.stddev * 1000 | floor)\t\(.mean / $plain * 100 | floor / 100)x plain"' \
    "$tmp/times.json"
# The same commands in turn, round after round: the ratio to compare. The
# plain run's own spread (up to ±12 ms at 20 copies) moved hyperfine's
# ratio of means from 1.15× to 1.26× within an hour (bench/README.md,
# twelfth pass); medians of interleaved rounds see a slow minute in every
# command alike.
echo "interleaved medians, $ROUNDS rounds:"
python3 "$root/bench/interleave.py" "$ROUNDS" \
    contradictions="$base --contradictions $tmp/corpus" \
    declared="$base --config $tmp/declared.toml $tmp/corpus" \
    ledger="$fog --ledger --format json $tmp/corpus" \
    plain="$base $tmp/corpus"

# Where `--contradictions` spends it: the run stopped after each of the
# ledger's stages (FOGCHECK_LEDGER_UNTIL, src/ledger/mod.rs `Stage`), in
# turn with the whole run and the plain one; each stage's share is its
# ratio less the one before.
echo "--contradictions stopped after each stage, interleaved medians, $ROUNDS rounds:"
python3 "$root/bench/interleave.py" "$ROUNDS" \
    nothing="FOGCHECK_LEDGER_UNTIL=nothing $base --contradictions $tmp/corpus" \
    values="FOGCHECK_LEDGER_UNTIL=values $base --contradictions $tmp/corpus" \
    entries="FOGCHECK_LEDGER_UNTIL=entries $base --contradictions $tmp/corpus" \
    placed="FOGCHECK_LEDGER_UNTIL=placed $base --contradictions $tmp/corpus" \
    all="$base --contradictions $tmp/corpus" \
    plain="$base $tmp/corpus"

# The floor: the extraction alone, against the plain run on one thread.
"$root/target/release/examples/ledger_floor" "$tmp/corpus" | tee "$tmp/floor.txt"
hyperfine -N --warmup 1 --runs "$RUNS" --ignore-failure --export-json "$tmp/one.json" \
    -n plain-one-thread "$base --threads 1 $tmp/corpus" >&2
one=$(jq '.results[0].mean * 1000' "$tmp/one.json")
awk -v one="$one" '/^extraction/ { printf "plain, one thread: %.0f ms; the extraction alone is %.1f%% of it\n", one, 100 * $2 / one }' "$tmp/floor.txt"
