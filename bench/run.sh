#!/usr/bin/env bash
# fogcheck's benchmark (issues 7 and 17): a whole docs site, the cost per MB
# on one thread, and the pre-commit case, measured against the ripgrep floor.
# Usage, from anywhere in a clone that has ../shared beside it:
#
#     bench/run.sh                 # N=40 and N=10 copies of ../shared/corpus/real,
#                                  # per MB from N_LOW=10 to N_HIGH=90, one file, adversarial
#     N=20 N_SMALL=5 RUNS=5 bench/run.sh
#     SKIP_ADVERSARIAL=1 bench/run.sh    # or SKIP_CORPUS=1, SKIP_PER_MB=1
#
# Needs hyperfine, ripgrep, GNU time (/usr/bin/time), jq and python3:
#     apt-get update && apt-get install -y hyperfine ripgrep time jq
# The machine is shared and noisy: compare the RATIOS, which come from one
# hyperfine run each, not the absolute times.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
corpus=$shared/corpus/real
N=${N:-40}
N_SMALL=${N_SMALL:-10}
RUNS=${RUNS:-10}
[ -d "$corpus" ] || { echo "no corpus at $corpus (set SHARED=...)" >&2; exit 2; }
for tool in hyperfine rg jq python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool (see the top of $0)" >&2; exit 2; }
done

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --example markdown_floor
fog=$root/target/release/fogcheck
markdown_floor=$root/target/release/examples/markdown_floor
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fogcheck-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The floor searches for every literal trigger phrase of the built-in rules,
# exported by fogcheck itself, over the files fogcheck reads (by extension).
"$fog" --list-rules --format json | jq -r '.[].matched_phrases[]' | sort -u >"$tmp/phrases.txt"
# The extensions fogcheck reads by default (FileKind::from_path in
# src/source.rs; data files are opt-in): the floor and the MB/s count the
# same files.
extensions=(md markdown markerb mdx html htm php erb njk liquid hbs jinja txt rst adoc asciidoc)
globs=()
find_names=()
for ext in "${extensions[@]}"; do
    globs+=(--iglob "*.$ext")
    find_names+=(${find_names[0]+-o} -iname "*.$ext")
done
floor=(rg -uu -c -i -F -f "$tmp/phrases.txt" "${globs[@]}")

build_corpus() { # N DIR
    mkdir -p "$2"
    for i in $(seq -w 1 "$1"); do cp -r "$corpus" "$2/copy-$i"; done
}
bytes_read() { # DIR: bytes in the files fogcheck reads
    find "$1" -type f \( "${find_names[@]}" \) -printf '%s\n' | awk '{s+=$1} END {print s+0}'
}
markdown_bytes() { # DIR: bytes in the Markdown files (what markdown_floor parses: FileKind::from_path's Markdown and MDX)
    find "$1" -type f \( -iname '*.md' -o -iname '*.markdown' -o -iname '*.markerb' -o -iname '*.mdx' \) -printf '%s\n' | awk '{s+=$1} END {print s+0}'
}
peak_rss_kib() { # command...: peak resident set size in KiB (GNU time)
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
}

echo "machine: $(nproc) cores; $(uname -srm)"
echo "fogcheck $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(wc -l <"$tmp/phrases.txt") literal phrases in the floor"
echo

if [ -z "${SKIP_CORPUS:-}" ]; then
declare -A mean rss
for n in "$N" "$N_SMALL"; do
    dir=$tmp/c$n
    build_corpus "$n" "$dir"
    bytes=$(bytes_read "$dir")
    files=$(find "$dir" -type f \( "${find_names[@]}" \) | wc -l)
    echo "== N=$n: $files files fogcheck reads, $((bytes / 1000000)) MB =="
    hyperfine -i -N --warmup 2 --runs "$RUNS" --style basic --export-json "$tmp/h$n.json" \
        -n fogcheck "$fog --format json --fail-on never $dir" \
        -n fogcheck-j1 "$fog --threads 1 --format json --fail-on never $dir" \
        -n rg-floor "${floor[*]} $dir" >/dev/null
    read -r all one rg < <(jq -r '[.results[].mean] | @tsv' "$tmp/h$n.json")
    mean[$n]=$all
    rss[$n]=$(peak_rss_kib "$fog" --format json --fail-on never "$dir")
    python3 - "$all" "$one" "$rg" "$bytes" "${rss[$n]}" <<'PY'
import sys
all_, one, rg, size, rss = map(float, sys.argv[1:])
print(f"  fogcheck (all threads) {all_*1e3:8.1f} ms  {size/all_/1e6:6.1f} MB/s")
print(f"  fogcheck --threads 1   {one*1e3:8.1f} ms  {size/one/1e6:6.1f} MB/s")
print(f"  rg floor               {rg*1e3:8.1f} ms  {size/rg/1e6:6.1f} MB/s")
print(f"  fogcheck / floor       {all_/rg:8.2f}x   (target <= 3)")
print(f"  1 thread / all threads {one/all_:8.2f}x   (target >= 1.8 on 2 cores)")
print(f"  peak RSS               {rss/1024:8.1f} MiB")
PY
    rm -rf "$dir"
    echo
done
python3 - "${mean[$N]}" "${mean[$N_SMALL]}" "${rss[$N]}" "${rss[$N_SMALL]}" "$N" "$N_SMALL" <<'PY'
import sys
big, small, rss_big, rss_small = map(float, sys.argv[1:5])
n, m = sys.argv[5:]
print(f"== growth N={n} vs N={m} ==")
print(f"  time N={n} / N={m}      {big/small:8.2f}x   (target 3.5-4.5 for 40 vs 10)")
print(f"  RSS  N={n} / N={m}      {rss_big/rss_small:8.2f}x   (target <= 1.5; <= 64 MiB)")
PY
echo
fi

# The cost per byte on one thread (issue 17): time at N_HIGH copies minus
# time at N_LOW copies, over the bytes added, for fogcheck --threads 1 and
# the floor with rg -j1, all four in one hyperfine run. Start-up (building
# the matcher, rg compiling the phrases) cancels out, so this is the figure
# the whole-run ratio hides.
if [ -z "${SKIP_PER_MB:-}" ]; then
N_LOW=${N_LOW:-10}
N_HIGH=${N_HIGH:-90}
build_corpus "$N_LOW" "$tmp/low"
build_corpus "$N_HIGH" "$tmp/high"
low_bytes=$(bytes_read "$tmp/low")
high_bytes=$(bytes_read "$tmp/high")
echo "== per-MB cost on one thread: N=$N_HIGH minus N=$N_LOW, $(( (high_bytes - low_bytes) / 1000000 )) MB added =="
# markdown_floor (examples/markdown_floor.rs) reads and parses the Markdown
# files with pulldown-cmark as fogcheck does, and does nothing else: a
# floor under fogcheck's cost per MB that ripgrep's does not show.
hyperfine -i -N --warmup 1 --runs "${RUNS_PER_MB:-5}" --style basic --export-json "$tmp/permb.json" \
    -n fogcheck-low "$fog --threads 1 --format json --fail-on never $tmp/low" \
    -n fogcheck-high "$fog --threads 1 --format json --fail-on never $tmp/high" \
    -n rg-low "${floor[*]} -j1 $tmp/low" \
    -n rg-high "${floor[*]} -j1 $tmp/high" \
    -n markdown-low "$markdown_floor $tmp/low" \
    -n markdown-high "$markdown_floor $tmp/high" >/dev/null
read -r fog_low fog_high rg_low rg_high md_low md_high < <(jq -r '[.results[].mean] | @tsv' "$tmp/permb.json")
python3 - "$fog_low" "$fog_high" "$rg_low" "$rg_high" "$low_bytes" "$high_bytes" \
    "$md_low" "$md_high" "$(markdown_bytes "$tmp/low")" "$(markdown_bytes "$tmp/high")" <<'PY'
import sys
fl, fh, rl, rh, lb, hb, ml, mh, mlb, mhb = map(float, sys.argv[1:])
mb = (hb - lb) / 1e6
fog, rg = (fh - fl) / mb, (rh - rl) / mb
md = (mh - ml) / ((mhb - mlb) / 1e6)
print(f"  fogcheck --threads 1   {fog*1e3:8.2f} ms/MB  {1/fog:6.1f} MB/s  (start-up {max(fl - fog*lb/1e6, 0)*1e3:.0f} ms)")
print(f"  rg -j1 floor           {rg*1e3:8.2f} ms/MB  {1/rg:6.1f} MB/s  (start-up {max(rl - rg*lb/1e6, 0)*1e3:.0f} ms)")
print(f"  pulldown-cmark alone   {md*1e3:8.2f} ms/MB  {1/md:6.1f} MB/s  (per MB of Markdown: {mhb/hb*100:.0f}% of the bytes)")
print(f"  fogcheck / floor       {fog/rg:8.2f}x per MB   (target <= 3)")
print(f"  pulldown-cmark / floor {md/rg:8.2f}x per MB   (reading and parsing alone)")
PY
rm -rf "$tmp/low" "$tmp/high"
echo
fi

# The pre-commit case: one small file, end to end, against rg on that file.
small=$root/fixtures/shipping.md
echo "== one small file: $(basename "$small"), $(wc -c <"$small") bytes =="
hyperfine -i -N --warmup 5 --runs 50 --style basic --export-json "$tmp/one.json" \
    -n fogcheck "$fog --format json --fail-on never $small" \
    -n fogcheck-list-rules "$fog --list-rules" \
    -n rg "rg -c -i -F -f $tmp/phrases.txt $small" \
    -n rg-one-literal "rg -c -F -i guarantee $small" >/dev/null
jq -r '.results[] | "  \(.command | .[0:22] + (" " * (22 - length)))\(.mean * 1000 | . * 10 | round / 10) ms (min \(.min * 1000 | . * 10 | round / 10))"' "$tmp/one.json"
jq -r '(.results[0].mean / .results[3].mean) as $r | "  fogcheck / rg one literal \($r * 100 | round / 100)x   (target <= 1.5)"' "$tmp/one.json"
echo "  phases of one run (FOGCHECK_PHASES=1):"
FOGCHECK_PHASES=1 "$fog" --format json --fail-on never "$small" 2>&1 >/dev/null | sed 's/^/    /'
echo

[ -n "${SKIP_ADVERSARIAL:-}" ] && exit 0
# Adversarial inputs: each must stay linear (seconds, not minutes) and small.
adv=$tmp/adv
mkdir -p "$adv"
python3 - "$adv" <<'PY'
import os, sys
d = sys.argv[1]
def w(name, text):
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
mib = 1 << 20
w("one-line-10mb.md", ("We ship fast. Guaranteed lowest price, 30 days. " * (10 * mib // 48))[: 10 * mib - 1])
w("list-100k.md", "".join(f"- item {i} ships fast\n" for i in range(100_000)))
w("quotes-160k-deep.md", ">" * 160_000 + " fast shipping\n")
# On one line: nesting by indentation grows the file with the square of the depth.
w("lists-10k-deep.md", "- " * 10_000 + "fast shipping\n")
cols = mib // 16  # a header as wide as the row, or the extra cells are dropped
w("table-row-1mb.md", "|" + " h |" * cols + "\n|" + "---|" * cols + "\n|" + " fast shipping |" * cols + "\n")
w("stars-1mb.md", "*" * mib + "\n")
w("angles-1mb.md", "<" * mib + "\n")
w("phrase-1m.md", "soon " * 1_000_000)
PY
echo "== adversarial inputs (one run each, default --max-file-size, killed after ${ADV_TIMEOUT:-300} s) =="
for f in "$adv"/*; do
    timeout "${ADV_TIMEOUT:-300}" /usr/bin/time -o "$tmp/adv.time" -f '%e %M' "$fog" --format json --fail-on never "$f" >"$tmp/adv.json" 2>"$tmp/adv.err" || true
    read -r secs kib < <(tail -1 "$tmp/adv.time")
    printf '  %-20s %6s KB  %6s s  %6s MiB peak  %s findings\n' "$(basename "$f")" "$(( $(wc -c <"$f") / 1000 ))" \
        "$secs" "$(( kib / 1024 ))" "$(jq '.summary.findings' "$tmp/adv.json" 2>/dev/null || echo "? ($(head -c 200 "$tmp/adv.err"))")"
done
