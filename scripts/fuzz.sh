#!/usr/bin/env bash
# The pre-release fuzz run: every cargo-fuzz target in fuzz/, one after
# another, for SECONDS each (default 60), then a line per target with its
# run time and executions. Exits 1 if any target found a crash, a hang
# (over 1 s on an input of at most 64 KiB) or an OOM (over 2 GiB); the
# input is in fuzz/artifacts/<target>/ and the log in fuzz/logs/<target>.log.
# The fuzz build (AddressSanitizer, debug assertions) runs 5-10x slower than
# a release build, and on a shared machine far slower still, so libFuzzer
# kills an input only after 10 s and keeps every input over 1 s as a
# slow-unit-* artifact; an extractor's slow units are then timed on the
# release binary (FOGCHECK=path, or this checkout's, built once), where
# over 1 s is a hang.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Seeds come from fixtures/ (the extract_* targets), rules/ (rule_file),
# fuzz/seeds/<target>/ and fuzz/regressions/<target>/ (inputs that once
# crashed), copied into fuzz/corpus/<target>/, which libFuzzer grows and git
# ignores. cargo-fuzz is installed if missing. It needs nightly Rust: the
# nightly toolchain is used when rustup has one; otherwise stable, with
# RUSTC_BOOTSTRAP=1 so it takes cargo-fuzz's -Z flags, and without
# AddressSanitizer if stable cannot link it. One libFuzzer process at a
# time; on a shared machine run it as `nice -n 19 scripts/fuzz.sh`.
# Not part of `.ci/run` or `cargo test`: the fuzz crate is outside the
# main build.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]  (SECONDS a whole number > 0)" >&2
    exit 2
fi
shift || true
all_targets=(extract_markdown extract_html extract_mdx extract_text extract_template extract_rst extract_adoc extract_data rule_file config_file)
if [ $# -gt 0 ]; then
    targets=("$@")
    for target in "${targets[@]}"; do
        if [ ! -f "fuzz/fuzz_targets/$target.rs" ]; then
            echo "unknown fuzz target: $target (targets: ${all_targets[*]})" >&2
            exit 2
        fi
    done
else
    targets=("${all_targets[@]}")
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

# Nightly when there is one; else stable, told to accept -Z flags.
cargo=(cargo)
sanitizer=address
if rustup run nightly rustc --version >/dev/null 2>&1; then
    cargo=(cargo +nightly)
    toolchain="nightly ($(rustup run nightly rustc --version))"
else
    export RUSTC_BOOTSTRAP=1
    toolchain="stable with RUSTC_BOOTSTRAP=1 ($(rustc --version))"
    # AddressSanitizer's runtime ships with stable's standard library on
    # some targets only: try to build and run a program with it.
    probe="$(mktemp -d)"
    echo 'fn main() {}' >"$probe/probe.rs"
    if ! rustc -Zsanitizer=address -o "$probe/probe" "$probe/probe.rs" >/dev/null 2>&1 ||
        ! "$probe/probe" >/dev/null 2>&1; then
        sanitizer=none
    fi
    rm -rf "$probe"
fi
echo "fuzzing with $toolchain, sanitizer: $sanitizer; ${seconds}s per target" >&2

# Release builds with debug assertions and overflow checks; `run` must be
# given the same flags or it rebuilds.
flags=(--release --debug-assertions --sanitizer "$sanitizer")

# seed TARGET FILE...: copy FILEs into the target's corpus, named by path
# so a seed is copied once however often the script runs.
seed() {
    local target="$1" file
    shift
    mkdir -p "fuzz/corpus/$target"
    for file in "$@"; do
        [ -f "$file" ] || continue
        cp "$file" "fuzz/corpus/$target/seed-$(printf '%s' "$file" | tr '/' '_')"
    done
}
shopt -s nullglob globstar
for target in "${targets[@]}"; do
    case "$target" in
    extract_markdown) seed "$target" fixtures/**/*.md fixtures/**/*.mdx ;;
    extract_mdx) seed "$target" fixtures/**/*.mdx fixtures/**/*.md ;;
    extract_html) seed "$target" fixtures/**/*.html fixtures/**/*.htm ;;
    extract_text) seed "$target" fixtures/**/*.txt fixtures/**/*.md ;;
    extract_template) seed "$target" fixtures/**/*.php fixtures/**/*.erb fixtures/**/*.html ;;
    extract_rst) seed "$target" fixtures/**/*.rst ;;
    extract_adoc) seed "$target" fixtures/**/*.adoc ;;
    extract_data)
        # The first byte picks the format (see the target): 0 YAML, 1 JSON,
        # 2 TOML, 3 Fluent.
        mkdir -p "fuzz/corpus/$target"
        for file in fixtures/**/*.yml fixtures/**/*.yaml fixtures/**/*.json fixtures/**/*.toml fixtures/**/*.ftl; do
            case "$file" in
            *.yml | *.yaml) format='\x00' ;;
            *.json) format='\x01' ;;
            *.toml) format='\x02' ;;
            *) format='\x03' ;;
            esac
            { printf "$format"; cat "$file"; } >"fuzz/corpus/$target/seed-$(printf '%s' "$file" | tr '/' '_')"
        done
        ;;
    rule_file) seed "$target" rules/**/*.toml ;;
    esac
    seed "$target" fuzz/seeds/"$target"/* fuzz/regressions/"$target"/*
done

dict_for() {
    case "$1" in
    extract_markdown | extract_mdx | extract_text) echo fuzz/dicts/markdown.dict ;;
    extract_html | extract_template) echo fuzz/dicts/html.dict ;;
    extract_rst) echo fuzz/dicts/rst.dict ;;
    extract_adoc) echo fuzz/dicts/adoc.dict ;;
    extract_data) echo fuzz/dicts/data.dict ;;
    rule_file | config_file) echo fuzz/dicts/toml.dict ;;
    esac
}

echo "building the fuzz targets" >&2
"${cargo[@]}" fuzz build "${flags[@]}"

mkdir -p fuzz/logs
summary=()
failed=()
for target in "${targets[@]}"; do
    log="fuzz/logs/$target.log"
    echo "fuzzing $target for ${seconds}s (log: $log)" >&2
    started=$(date +%s)
    status=0
    "${cargo[@]}" fuzz run "${flags[@]}" "$target" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -report_slow_units=1 -rss_limit_mb=2048 \
        -dict="$(dict_for "$target")" -print_final_stats=1 >"$log" 2>&1 || status=$?
    elapsed=$(($(date +%s) - started))
    # libFuzzer's final stats, or its last status line (`#N DONE …`, or
    # `#N …` before a crash) when it stopped without them.
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ -z "$execs" ]; then
        execs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
    fi
    line=$(printf '%-17s %6ss %12s executions' "$target" "$elapsed" "${execs:-?}")
    if [ "$status" -ne 0 ]; then
        artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        reason=$(grep -m 1 -o 'ERROR: libFuzzer: [a-z-]*\|panicked at .*' "$log" || true)
        line="$line  FAILED (exit $status${reason:+: $reason})${artifact:+ input: $artifact}"
        failed+=("$target")
    fi
    # Slow units of an extractor, timed where a hang is judged: one run of
    # the release binary on the input, as a file of the target's format.
    case "$target" in
    extract_markdown) extension=md ;;
    extract_mdx) extension=mdx ;;
    extract_html) extension=html ;;
    extract_text) extension=txt ;;
    extract_template) extension=php ;;
    extract_rst) extension=rst ;;
    extract_adoc) extension=adoc ;;
    *) extension= ;;
    esac
    for unit in fuzz/artifacts/"$target"/slow-unit-*; do
        [ -n "$extension" ] || break
        [ -f "$unit" ] || continue
        # FOGCHECK names a release binary already built (the build is long
        # on a busy machine); otherwise this checkout's is built once.
        fog=${FOGCHECK:-target/release/fogcheck}
        if [ -z "${FOGCHECK:-}" ] && [ -z "${release_built:-}" ]; then
            cargo build --release --quiet
            release_built=1
        fi
        copy=$(mktemp --suffix ".$extension")
        cp "$unit" "$copy"
        started_ns=$(date +%s%N)
        "$fog" --no-config --fail-on never --format json "$copy" >/dev/null 2>&1 || true
        ms=$((($(date +%s%N) - started_ns) / 1000000))
        rm -f "$copy"
        if [ "$ms" -gt 1000 ]; then
            line="$line  HANG ($ms ms in the release binary: $unit)"
            failed+=("$target")
        else
            line="$line  (slow unit $(basename "$unit"): $ms ms in the release binary)"
        fi
    done
    summary+=("$line")
    echo "$line" >&2
done

echo
echo "fuzz run: ${seconds}s per target, $toolchain, sanitizer $sanitizer"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "failed: ${failed[*]} (logs in fuzz/logs/)"
    exit 1
fi
