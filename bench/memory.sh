#!/usr/bin/env bash
# Peak memory of the machine-readable formats (issue 11): one page with
# FINDINGS findings (default 60,000), reported as JSON and as SARIF, with the
# peak resident set size from GNU time. Both formats write their findings one
# by one; what grows with the findings is the sorted report fogcheck holds
# (about 1.3 KB a finding), not the output document.
#
#     apt-get update && apt-get install -y time   # once, for /usr/bin/time
#     bench/memory.sh
#     FINDINGS=120000 bench/memory.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
FINDINGS=${FINDINGS:-60000}
[ -x /usr/bin/time ] || { echo "missing GNU time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fog=$root/target/release/fogcheck
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fogcheck-memory.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

awk -v n="$FINDINGS" 'BEGIN { for (i = 0; i < n; i++) printf "- item %d ships soon\n", i }' >"$tmp/page.md"
echo "fogcheck $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'); $FINDINGS findings in one $(( $(wc -c <"$tmp/page.md") / 1000 )) KB page"
for format in human json sarif; do
    /usr/bin/time -o "$tmp/time" -f '%e %M' "$fog" --no-config --format "$format" --color never "$tmp/page.md" >"$tmp/out" 2>/dev/null || true
    read -r secs kib < <(tail -1 "$tmp/time") # after "Command exited with non-zero status 1"
    awk -v f="$format" -v s="$secs" -v k="$kib" -v b="$(wc -c <"$tmp/out")" -v n="$FINDINGS" 'BEGIN {
        printf "  %-6s %6.2f s  %7.1f MiB peak RSS  %6.1f MB written  %6.0f bytes of RSS a finding\n", f, s, k / 1024, b / 1e6, k * 1024 / n }'
done
