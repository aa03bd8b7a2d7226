#!/usr/bin/env bash
# Runs fogcheck over a corpus folder and prints findings per rule and per file,
# for reviewing precision by hand. Usage: scripts/corpus-report.sh DIR [fogcheck args…]
# Writes the raw JSON report to ${OUT:-/tmp/fogcheck-corpus.json}.
set -euo pipefail
dir=${1:?usage: scripts/corpus-report.sh DIR [fogcheck args...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-/tmp/fogcheck-corpus.json}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
# Exit 1 (fog) and 2 (unreadable files) are expected on a corpus; the report says which.
"$root/target/release/fogcheck" --format json --fail-on never "$@" "$dir" >"$out" || true
python3 - "$out" <<'PY'
import collections, json, sys
doc = json.load(open(sys.argv[1]))
findings = doc["findings"]
by_rule = collections.Counter(f["rule"] for f in findings)
by_file = collections.Counter(f["path"] for f in findings)
by_sev = collections.Counter(f["severity"] for f in findings)
s = doc["summary"]
print(f"{s['findings']} findings in {s['files_checked']} files checked; {s['errors']} errors;",
      ", ".join(f"{n} {k}" for k, n in sorted(by_sev.items())))
print("\nper rule:")
for rule, n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"  {n:5}  {rule}")
print("\nper file:")
for path, n in sorted(by_file.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"  {n:5}  {path}")
for e in doc["errors"]:
    print(f"error: {e['path']}: {e['message']}")
PY
