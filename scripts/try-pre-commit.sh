#!/usr/bin/env bash
# Proves the pre-commit hook in .pre-commit-hooks.yaml works: makes a scratch
# git repository with copy that holds fog, a clean text file and a file of another
# type, and runs `pre-commit try-repo` against this checkout (uncommitted
# changes included). The hook must fail on the fog and pass once it is fixed.
#
# Set TRY_REF=<commit> to try a commit instead of the working tree.
#
# The first run builds fogcheck in release mode through `cargo install`, which
# is slow; CARGO_TARGET_DIR (default: target/pre-commit here) keeps that build
# between runs.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v pre-commit >/dev/null 2>&1; then
    python3 -m pip install --quiet pre-commit
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target/pre-commit}"
ref_args=()
if [ -n "${TRY_REF:-}" ]; then
    ref_args=(--ref "$(git -C "$repo" rev-parse "$TRY_REF")")
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
git init --quiet
git config user.email try@example.invalid
git config user.name try-pre-commit
# The rule lives in the scratch repository, so the proof does not depend on
# the built-in pack.
mkdir -p fog-rules/custom docs
cat > fog-rules/custom/zorbly.toml <<'RULE'
summary = "Says zorbly"
severity = "warning"
message = "“{match}” is vague"
why = "Nobody knows what zorbly means."
roadsign = "Say what it does in {N} words."

[match]
kind = "phrases"
phrases = ["zorbly"]
RULE
printf 'rules = ["fog-rules"]\n' > fogcheck.toml
printf '# Shipping\n\nEvery order ships zorbly fast.\n' > docs/shipping.md
printf 'Plain and clear.\n' > notes.txt
printf 'print("zorbly")\n' > script.py
git add .

echo "== with fog: the hook must fail and name the fog"
status=0
pre-commit try-repo "$repo" fogcheck "${ref_args[@]}" --verbose --all-files 2>&1 | tee run.log || status=$?
if [ "$status" -eq 0 ]; then
    echo "FAIL: the hook passed on fog" >&2
    exit 1
fi
if ! grep -q 'docs/shipping.md:3:19: warning\[custom/zorbly\]' run.log; then
    echo "FAIL: the hook failed without reporting the fog (status $status)" >&2
    exit 1
fi
if grep -q 'script.py' run.log; then
    echo "FAIL: the hook was given a file it does not read" >&2
    exit 1
fi
rm run.log

echo "== fog fixed: the hook must pass"
printf '# Shipping\n\nEvery order ships within 2 business days.\n' > docs/shipping.md
git add .
pre-commit try-repo "$repo" fogcheck "${ref_args[@]}" --verbose --all-files
echo "OK: pre-commit hook fails on fog and passes on clean copy"
