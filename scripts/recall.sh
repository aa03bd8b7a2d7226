#!/usr/bin/env bash
# Recall and clear-case false positives of the built-in pack, per category,
# on the labeled real copy in ../shared/corpus/labeled (when it is there),
# and a pass/fail count of the pack's own rule examples.
#
#   scripts/recall.sh            # build, score, summary
#   scripts/recall.sh --verbose  # also list every miss and false positive
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/fogcheck
labeled=../shared/corpus/labeled
if [ -f "$labeled/score.py" ]; then
    echo "== labeled real copy ($labeled)"
    python3 "$labeled/score.py" "$bin" "$@"
else
    echo "== $labeled is not here: labeled recall skipped"
fi
echo "== the pack's own examples"
rules=$(find rules -name '*.toml' -not -path 'rules/lists/*' -not -path 'rules/detectors/*' -not -path 'rules/filters/*' -not -path 'rules/promises/*' | sort)
# shellcheck disable=SC2086
if "$bin" --test-rules $rules >/tmp/fogcheck-examples.$$ 2>&1; then
    echo "all rule examples pass ($(echo "$rules" | wc -l) rules, $(find rules/lists -name "*.toml" | wc -l) word lists, $(find rules/detectors -name "*.toml" | wc -l) detectors, $(find rules/filters -name "*.toml" | wc -l) filters)"
else
    cat /tmp/fogcheck-examples.$$
fi
rm -f /tmp/fogcheck-examples.$$
