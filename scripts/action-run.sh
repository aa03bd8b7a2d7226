#!/usr/bin/env bash
# The one script behind the fogcheck GitHub Action (action.yml); also usable
# in any CI and locally. Inputs come from the environment, never from the
# command line of a shell, so no input is ever evaluated as shell code.
#
#   scripts/action-run.sh key   print the cache key of the fogcheck to install
#   scripts/action-run.sh run   install fogcheck if needed, check, write SARIF
#
# Environment:
#   FOGCHECK             a fogcheck binary to use; nothing is installed
#   FOGCHECK_VERSION     a tag, branch or commit of FOGCHECK_REPOSITORY to
#                        install; empty: build the source this script is in
#   FOGCHECK_REPOSITORY  the git URL to install FOGCHECK_VERSION from
#   FOGCHECK_ROOT        where to install (default ~/.fogcheck-action)
#   FOGCHECK_PATHS       files and folders to check, separated by spaces or
#                        new lines (default .)
#   FOGCHECK_ARGS        more fogcheck options, separated by spaces
#   FOGCHECK_SARIF       the SARIF file to write (default fogcheck.sarif)
#
# `run` exits with fogcheck's status: 0 clean, 1 fog, 2 errors (a broken
# config, an unreadable file, or an install that failed). Under GitHub
# Actions it also sets the outputs `exit-code` and `sarif-file`.
set -uo pipefail

source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="${FOGCHECK_ROOT:-$HOME/.fogcheck-action}"
version="${FOGCHECK_VERSION:-}"

output() {
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    fi
}

# What the installed binary is built from: the version asked for, or a
# hash of the source next to this script.
cache_key() {
    local what
    if [ -n "$version" ]; then
        what="ref-$version"
    else
        what="src-$(cd "$source_dir" &&
            find Cargo.toml Cargo.lock build.rs src rules -type f -print0 2>/dev/null |
            LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
    fi
    printf 'fogcheck-%s-%s\n' "$(uname -s)-$(uname -m)" "$what"
}

install() {
    if [ -x "$root/bin/fogcheck" ]; then
        return 0
    fi
    if [ -n "$version" ]; then
        if [ -z "${FOGCHECK_REPOSITORY:-}" ]; then
            echo "error: FOGCHECK_VERSION needs FOGCHECK_REPOSITORY (a git URL)" >&2
            return 2
        fi
        cargo install --locked --root "$root" \
            --git "$FOGCHECK_REPOSITORY" --rev "$version" fogcheck
    else
        cargo install --locked --root "$root" --path "$source_dir"
    fi
}

case "${1:-}" in
key)
    key="$(cache_key)"
    echo "$key"
    output key "$key"
    output root "$root"
    exit 0
    ;;
run) ;;
*)
    echo "usage: $0 key|run" >&2
    exit 2
    ;;
esac

bin="${FOGCHECK:-}"
if [ -z "$bin" ]; then
    if ! install; then
        echo "error: could not install fogcheck" >&2
        output exit-code 2
        exit 2
    fi
    bin="$root/bin/fogcheck"
fi
sarif="${FOGCHECK_SARIF:-fogcheck.sarif}"

# Split paths and options on whitespace, with globbing off: a `*` is
# fogcheck's to read, not the shell's.
set -f
# shellcheck disable=SC2206
paths=(${FOGCHECK_PATHS:-.})
# shellcheck disable=SC2206
args=(${FOGCHECK_ARGS:-})
set +f
if [ "${#paths[@]}" -eq 0 ]; then
    paths=(.)
fi

# A report from an earlier run must not pass for this one's.
rm -f -- "$sarif"
mkdir -p -- "$(dirname -- "$sarif")"
"$bin" --format sarif --output-file "$sarif" "${args[@]}" -- "${paths[@]}"
status=$?
output exit-code "$status"
if [ -f "$sarif" ]; then
    output sarif-file "$sarif"
fi
exit "$status"
