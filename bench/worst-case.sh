#!/usr/bin/env bash
# Worst cases (issue 11): each pathological input at two sizes, its time and
# peak memory, and the growth ratio, which must stay near 2 for twice the
# input (within 2.5x) if the work is linear. Needs GNU time:
#
#     apt-get update && apt-get install -y time   # once
#     bench/worst-case.sh                          # all cases
#     CASES="long-line nesting" bench/worst-case.sh
#
# Cases: long-line (one line with many findings, in every output format),
# nesting (deep block quotes, lists, HTML and MDX elements), many-files
# (50,000 and 100,000 tiny files), big-file (one 25 MB and one 50 MB file;
# peak RSS must stay under 300 MB). Ratios, not absolute times: the machine
# is shared.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
CASES=${CASES:-"long-line nesting many-files big-file"}
[ -x /usr/bin/time ] || { echo "missing GNU time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fog=$root/target/release/fogcheck
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fogcheck-worst.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# measure NAME ARGS...: prints "seconds KiB" of one fogcheck run. The
# seconds are CPU time (user + system), not wall time: on a shared machine
# the wall clock measures the neighbours, the CPU time the work.
measure() {
    /usr/bin/time -o "$tmp/time" -f '%U %S %M' "$fog" --no-config --fail-on never --color never "$@" \
        >/dev/null 2>&1 || true
    tail -1 "$tmp/time" | awk '{ printf "%.2f %s\n", $1 + $2, $3 }'
}
# row LABEL SMALL_ARGS -- BIG_ARGS: one line with both sizes and the ratio.
row() {
    local label=$1 small big
    shift
    local -a a=() b=()
    while [ "$1" != "--" ]; do a+=("$1"); shift; done
    shift
    b=("$@")
    small=$(measure "${a[@]}")
    big=$(measure "${b[@]}")
    awk -v l="$label" -v s="$small" -v b="$big" 'BEGIN {
        split(s, x, " "); split(b, y, " ");
        r = (x[1] > 0.005) ? y[1] / x[1] : 0;
        printf "  %-34s %7.2f s %7.1f MiB | %7.2f s %7.1f MiB | x%.2f %s\n",
            l, x[1], x[2] / 1024, y[1], y[2] / 1024, r,
            (x[1] <= 0.05 ? "(too fast to compare)" : (r <= 2.5 ? "linear" : "SUPER-LINEAR"))
    }'
}

echo "fogcheck $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'); CPU seconds and peak RSS: size 1 | size 2 (twice as big) | ratio"

if [[ " $CASES " == *" long-line "* ]]; then
    echo "== one line with many findings (20,000 | 40,000) =="
    awk 'BEGIN { for (i = 0; i < 20000; i++) printf "*free shipping "; print "" }' >"$tmp/line1.md"
    awk 'BEGIN { for (i = 0; i < 40000; i++) printf "*free shipping "; print "" }' >"$tmp/line2.md"
    for format in human concise json sarif github gitlab junit; do
        row "--format $format" --format "$format" "$tmp/line1.md" -- --format "$format" "$tmp/line2.md"
    done
fi

if [[ " $CASES " == *" nesting "* ]]; then
    echo "== deep nesting (80,000 | 160,000 levels) =="
    for n in 80000 160000; do
        awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf ">"; print " free shipping" }' >"$tmp/quote$n.md"
        awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "%*s- x\n", (i % 40) * 2, ""; print "free shipping" }' >"$tmp/list$n.md"
        awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "<div>"; print "free shipping" }' >"$tmp/div$n.html"
        awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "<Box>"; print "free shipping" }' >"$tmp/box$n.mdx"
    done
    row "markdown block quotes" "$tmp/quote80000.md" -- "$tmp/quote160000.md"
    row "markdown lists" "$tmp/list80000.md" -- "$tmp/list160000.md"
    row "html <div>" "$tmp/div80000.html" -- "$tmp/div160000.html"
    row "mdx <Box>" "$tmp/box80000.mdx" -- "$tmp/box160000.mdx"
    for n in 80000 160000; do
        awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "["; printf "\"free shipping\""; for (i = 0; i < n; i++) printf "]"; print "" }' >"$tmp/nest$n.json"
        awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "{\"content\": "; printf "\"free shipping\""; for (i = 0; i < n; i++) printf "}"; print "" }' >"$tmp/obj$n.json"
        awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "["; printf "free shipping"; for (i = 0; i < n; i++) printf "]"; print "" }' >"$tmp/flow$n.yml"
    done
    row "json arrays" --data-files '**/*.json' "$tmp/nest80000.json" -- --data-files '**/*.json' "$tmp/nest160000.json"
    row "json objects" --data-files '**/*.json' "$tmp/obj80000.json" -- --data-files '**/*.json' "$tmp/obj160000.json"
    row "yaml flow sequences" --data-files '**/*.yml' "$tmp/flow80000.yml" -- --data-files '**/*.yml' "$tmp/flow160000.yml"
fi

if [[ " $CASES " == *" many-files "* ]]; then
    echo "== many tiny files (50,000 | 100,000) =="
    for n in 50000 100000; do
        mkdir -p "$tmp/files$n"
        (cd "$tmp/files$n" && awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) {
            d = sprintf("d%03d", i % 500); f = d "/f" i ".md";
            if (i < 500) system("mkdir -p " d);
            print "We ship fast to every door." > f; close(f) } }')
    done
    row "tiny files, json" --format json "$tmp/files50000" -- --format json "$tmp/files100000"
    rm -rf "$tmp/files50000" "$tmp/files100000"
fi

if [[ " $CASES " == *" big-file "* ]]; then
    echo "== one big file (25 MB | 50 MB; peak RSS target < 300 MB) =="
    para='Our team replies shortly. Enjoy fast, free shipping on every order, and a full refund if anything is wrong. Plans start at $9 a month; the free trial lasts 14 days.'
    awk -v p="$para" -v n=160000 'BEGIN { for (i = 0; i < n; i++) print p "\n" }' >"$tmp/big25.md"
    awk -v p="$para" -v n=320000 'BEGIN { for (i = 0; i < n; i++) print p "\n" }' >"$tmp/big50.md"
    row "dense fog (4 a paragraph), json" --max-file-size 100M --format json "$tmp/big25.md" -- --max-file-size 100M --format json "$tmp/big50.md"
    row "dense fog (4 a paragraph), human" --max-file-size 100M "$tmp/big25.md" -- --max-file-size 100M "$tmp/big50.md"
    # Copy as sites write it: one foggy paragraph in ten.
    clean='Orders placed before 2 p.m. ship the same business day from our Denver warehouse. Returns are accepted within 30 days of delivery for unworn items with tags.'
    awk -v p="$para" -v c="$clean" -v n=16000 'BEGIN { for (i = 0; i < n; i++) { print p "\n"; for (j = 0; j < 9; j++) print c "\n" } }' >"$tmp/real25.md"
    awk -v p="$para" -v c="$clean" -v n=32000 'BEGIN { for (i = 0; i < n; i++) { print p "\n"; for (j = 0; j < 9; j++) print c "\n" } }' >"$tmp/real50.md"
    row "one foggy paragraph in ten, json" --max-file-size 100M --format json "$tmp/real25.md" -- --max-file-size 100M --format json "$tmp/real50.md"
fi
