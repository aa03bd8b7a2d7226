#!/usr/bin/env bash
# `fogcheck --lsp` under a real client: Neovim headless opens a page with
# fogcheck as its language server, waits for the diagnostics Neovim keeps
# (vim.diagnostic.get), writes them out as JSON and checks them against
# `fogcheck --format json` on the same file: the same rule ids at the same
# lines and columns (and byte offsets), nothing more, nothing less. The pages:
# one written here (emoji, accents and dashes before the fog, so the UTF-16
# positions Neovim gets must be exact) and fixtures/shipping.md (front
# matter, a table, fog across a line break).
#
#   scripts/nvim-lsp-check.sh
#
# Installs Debian's neovim when nvim is missing (apt-get; run as root).
# Works with Neovim 0.7.2 (Debian 12) and newer: it uses
# vim.lsp.start_client and vim.lsp.buf_attach_client.
# Environment: FOGCHECK (the binary; default: cargo build's), NVIM (default:
# nvim on PATH). Needs python3. Exits 1 on a mismatch or a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${NVIM:-}" ] && ! command -v nvim >/dev/null 2>&1; then
    echo "nvim-lsp-check: installing neovim" >&2
    if ! apt-get install -y neovim >/dev/null 2>&1; then
        apt-get update >/dev/null && apt-get install -y neovim >/dev/null
    fi
fi
nvim="${NVIM:-$(command -v nvim)}"
if [ -z "${FOGCHECK:-}" ]; then
    cargo build --quiet
    FOGCHECK="$PWD/target/debug/fogcheck"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/site"
cat >"$tmp/site/page.md" <<'PAGE'
# Café Lumen 😀 ordering help

Our baristas 🧑‍🍳 roast every bean in Lyon — we offer expedited shipping on beans.

- 🎁 Gift boxes: setup is effortless, and returns are hassle-free.
- Support is always available, 24/7 — just write to us.

| Plan 🌱 | Delivery |
|---------|----------|
| Weekly  | fast     |

Grind settings are easy to change and the app is seamless.
PAGE
cp fixtures/shipping.md "$tmp/site/shipping.md"

cat >"$tmp/check.lua" <<'LUA'
-- Opens $PAGE, attaches fogcheck --lsp, waits for its diagnostics and
-- writes them to $OUT as JSON; exits 3 on a timeout.
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.PAGE))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = 'fogcheck',
  cmd = { vim.env.FOGCHECK, '--lsp' },
  root_dir = vim.fn.getcwd(),
})
if not client then
  io.stderr:write('nvim-lsp-check: the server did not start\n')
  vim.cmd('cquit 3')
end
vim.lsp.buf_attach_client(buf, client)
local wait_ms = tonumber(vim.env.WAIT_MS)
if not vim.wait(wait_ms, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
  io.stderr:write('nvim-lsp-check: no diagnostics within ' .. wait_ms .. ' ms\n')
  vim.cmd('cquit 3')
end
-- A moment more, in case a second publish replaces the first.
vim.wait(300)
local found = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = (d.user_data and d.user_data.lsp) or {}
  local function at(lnum, col)
    local line = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1] or ''
    -- Neovim keeps byte columns; fogcheck reports character columns.
    local chars = vim.str_utfindex(line, math.min(col, #line))
    return chars + 1, vim.api.nvim_buf_get_offset(buf, lnum) + col
  end
  local column, byte_start = at(d.lnum, d.col)
  local end_column, byte_end = at(d.end_lnum, d.end_col)
  table.insert(found, {
    rule = d.code or lsp.code,
    source = d.source or lsp.source,
    line = d.lnum + 1,
    column = column,
    end_line = d.end_lnum + 1,
    end_column = end_column,
    byte_start = byte_start,
    byte_end = byte_end,
  })
end
vim.fn.writefile({ vim.fn.json_encode(found) }, vim.env.OUT)
vim.lsp.stop_client(client)
vim.cmd('qall!')
LUA

status=0
for page in page.md shipping.md; do
    got=0
    "$FOGCHECK" --format json "$tmp/site/$page" >"$tmp/$page.cli.json" || got=$?
    if [ "$got" != 1 ]; then
        echo "nvim-lsp-check: fogcheck --format json $page exited $got, expected 1 (fog)" >&2
        exit 1
    fi
    start=$(date +%s%N)
    (cd "$tmp/site" && PAGE="$tmp/site/$page" OUT="$tmp/$page.nvim.json" FOGCHECK="$FOGCHECK" \
        WAIT_MS=15000 timeout 30 "$nvim" --headless -u NONE -i NONE -n \
        -c "luafile $tmp/check.lua" </dev/null >"$tmp/nvim.log" 2>&1) || {
        echo "nvim-lsp-check: $page: nvim failed or timed out" >&2
        cat "$tmp/nvim.log" >&2
        exit 1
    }
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    python3 - "$tmp/$page.cli.json" "$tmp/$page.nvim.json" "$page" "$ms" <<'PY' || status=1
import json
import sys

cli_path, nvim_path, page, ms = sys.argv[1:]
keys = ("rule", "line", "column", "end_line", "end_column", "byte_start", "byte_end")
want = sorted(tuple(f[k] for k in keys) for f in json.load(open(cli_path))["findings"])
seen = json.load(open(nvim_path))
got = sorted(tuple(d[k] for k in keys) for d in seen)
bad_source = [d for d in seen if d.get("source") != "fogcheck"]
if got != want or bad_source:
    print(f"nvim-lsp-check: {page}: Neovim's diagnostics differ from fogcheck --format json",
          file=sys.stderr)
    for row in sorted(set(want) - set(got)):
        print(f"  only in fogcheck --format json: {row}", file=sys.stderr)
    for row in sorted(set(got) - set(want)):
        print(f"  only in Neovim: {row}", file=sys.stderr)
    for d in bad_source:
        print(f"  source is not fogcheck: {d}", file=sys.stderr)
    sys.exit(1)
for row in sorted(got, key=lambda r: r[5]):
    print(f"  {page}:{row[1]}:{row[2]}-{row[3]}:{row[4]} {row[0]}")
print(f"nvim-lsp-check: {page}: {len(got)} diagnostics in Neovim match "
      f"fogcheck --format json ({ms} ms)")
PY
done
exit $status
