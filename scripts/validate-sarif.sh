#!/usr/bin/env bash
# Validates fogcheck's SARIF output against the official SARIF 2.1.0 JSON
# schema: a run over fixtures/ with the built-in rules, and a run in a scratch
# folder with a user rule (with a link), a multi-line finding, an unused
# suppression and an unreadable file, so results, rule metadata and tool
# notifications are all exercised.
#
# Usage: scripts/validate-sarif.sh [SCHEMA]
#   SCHEMA defaults to ../shared/schemas/sarif-schema-2.1.0.json.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
schema="${1:-$repo/../shared/schemas/sarif-schema-2.1.0.json}"
if [ ! -f "$schema" ]; then
    echo "no SARIF schema at $schema" >&2
    exit 2
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    python3 -m pip install --quiet jsonschema
fi
cargo build --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/debug/fogcheck"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Exit 1 (fog) and 2 (a file error) are expected; the document must be whole.
(cd "$repo" && "$bin" --format sarif fixtures/ >"$tmp/fixtures.sarif") || true

mkdir -p "$tmp/work/rules/custom"
cat >"$tmp/work/rules/custom/zorbly.toml" <<'RULE'
summary = "Says zorbly"
severity = "warning"
message = "“{match}” is vague"
why = "Nobody knows what zorbly means."
roadsign = "Say what it does in {N} words."
link = "https://example.com/guidance/zorbly"

[match]
kind = "phrases"
phrases = ["zorbly fast"]
RULE
printf 'Our café is zorbly\nfast.\n\n<!-- fogcheck-disable-next-line -->\nPlain.\n' >"$tmp/work/a page.md"
printf 'caf\xe9 zorbly fast\n' >"$tmp/work/latin1.md"
(cd "$tmp/work" && "$bin" --rules rules --format sarif . >"$tmp/scratch.sarif") || true

python3 - "$schema" "$tmp/fixtures.sarif" "$tmp/scratch.sarif" <<'PY'
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
validator_class = jsonschema.validators.validator_for(schema)
validator_class.check_schema(schema)
validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
failed = False
for path in sys.argv[2:]:
    doc = json.load(open(path))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for error in errors:
        failed = True
        where = "/".join(str(p) for p in error.path)
        print(f"{path}: {where}: {error.message}", file=sys.stderr)
    run = doc["runs"][0]
    results = len(run["results"])
    notes = len(run["invocations"][0].get("toolExecutionNotifications", []))
    print(f"{path.rsplit('/', 1)[-1]}: valid={not errors} results={results} "
          f"rules={len(run['tool']['driver']['rules'])} notifications={notes}")
scratch = json.load(open(sys.argv[3]))["runs"][0]
if len(scratch["results"]) < 2 or not scratch["invocations"][0]["toolExecutionNotifications"]:
    print("scratch run lacks the results or notifications it was made to have", file=sys.stderr)
    failed = True
sys.exit(1 if failed else 0)
PY
echo "SARIF output validates against $(basename "$schema")"
