#!/usr/bin/env bash
# The HTML report in a real browser: renders the report of fixtures/ in
# headless Chromium, takes a screenshot of what a reader sees first, and
# checks the DOM Chromium built (--dump-dom) against the JSON report: every
# finding N is <mark data-rule="RULE" id="f-N"> whose text is exactly its
# matched words, and there are no other marks. A page with <script> in its
# copy is rendered too: the browser must show it as text, never run it.
#
#   scripts/html-report-check.sh [--screenshot PATH]
#
# PATH defaults to docs/report-screenshot.png (the one the README shows);
# .ci/run passes a temporary path so CI leaves the tree alone.
# Environment: FOGCHECK (the binary; default: cargo build's), CHROMIUM (the
# browser; default: chromium or chromium-browser on PATH). Needs python3;
# uses pngquant, when installed, to keep the screenshot small.
# Debian: apt-get install -y chromium pngquant
set -euo pipefail
cd "$(dirname "$0")/.."

screenshot=docs/report-screenshot.png
while [ $# -gt 0 ]; do
    case "$1" in
        --screenshot) screenshot="$2"; shift 2 ;;
        *) echo "usage: $0 [--screenshot PATH]" >&2; exit 2 ;;
    esac
done

chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium" ]; then
    echo "html-report-check: no chromium found (apt-get install -y chromium, or set CHROMIUM)" >&2
    exit 2
fi
if [ -z "${FOGCHECK:-}" ]; then
    cargo build --quiet
    FOGCHECK="$PWD/target/debug/fogcheck"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# fogcheck exits 1 on the fog in fixtures/: anything else is a failure.
run_fogcheck() {
    local want="$1" got=0
    shift
    "$FOGCHECK" "$@" >"$tmp/stdout" 2>"$tmp/stderr" || got=$?
    if [ "$got" != "$want" ]; then
        echo "html-report-check: fogcheck $* exited $got, expected $want" >&2
        cat "$tmp/stderr" >&2
        exit 1
    fi
}

# One browser run: a fresh profile, no sandbox (CI runs as root), and its
# chatter (D-Bus, GPU) kept in a log shown only on failure.
browser() {
    if ! timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
        --disable-dev-shm-usage --no-first-run --disable-extensions \
        --hide-scrollbars --force-device-scale-factor=1 \
        --user-data-dir="$tmp/profile" "$@" 2>"$tmp/chromium.log"; then
        echo "html-report-check: chromium $* failed" >&2
        cat "$tmp/chromium.log" >&2
        exit 1
    fi
}

run_fogcheck 1 --format json fixtures/
mv "$tmp/stdout" "$tmp/report.json"
run_fogcheck 1 --format html --output-file "$tmp/report.html" fixtures/

# A page whose copy holds markup: escaped, it is text in the DOM.
mkdir "$tmp/evil"
cat >"$tmp/evil/page.txt" <<'TXT'
Order now: <script>document.title = "ran"; document.body.innerHTML = "ran"</script> fast shipping on <b>every</b> order.

<img src="http://127.0.0.1:9/x.png" onerror="document.title='ran'"> Free returns, no questions asked.
TXT
run_fogcheck 1 --no-config --format json "$tmp/evil"
mv "$tmp/stdout" "$tmp/evil.json"
run_fogcheck 1 --no-config --format html --output-file "$tmp/evil.html" "$tmp/evil"

browser --dump-dom "file://$tmp/report.html" >"$tmp/report.dom.html"
browser --dump-dom "file://$tmp/evil.html" >"$tmp/evil.dom.html"

python3 - "$tmp" <<'PY'
import json
import sys
from html.parser import HTMLParser

tmp = sys.argv[1]


class Dom(HTMLParser):
    """The marks of a page (attributes and text, nesting followed), every
    element's tag, and the page's visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marks = {}
        self.open_marks = []
        self.tags = []
        self.title = ""
        self.in_title = False
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "mark":
            mark = {"rule": attrs.get("data-rule"), "text": ""}
            self.marks[attrs.get("id")] = mark
            self.open_marks.append(mark)
        self.in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open_marks.pop()
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        for mark in self.open_marks:
            mark["text"] += data
        if self.in_title:
            self.title += data
        self.text.append(data)


def parse(name):
    dom = Dom()
    with open(f"{tmp}/{name}.dom.html", encoding="utf-8") as f:
        dom.feed(f.read())
    with open(f"{tmp}/{name}.json", encoding="utf-8") as f:
        findings = json.load(f)["findings"]
    return dom, findings


failures = []
for name in ["report", "evil"]:
    dom, findings = parse(name)
    if not findings:
        failures.append(f"{name}: the JSON report has no findings")
    for i, finding in enumerate(findings, start=1):
        mark = dom.marks.get(f"f-{i}")
        if mark is None:
            failures.append(f"{name}: no <mark id=f-{i}> for {finding['rule']} “{finding['matched']}”")
            continue
        if mark["rule"] != finding["rule"]:
            failures.append(f"{name}: f-{i} has data-rule={mark['rule']!r}, the finding is {finding['rule']}")
        if mark["text"] != finding["matched"]:
            failures.append(f"{name}: f-{i} reads {mark['text']!r}, the finding matched {finding['matched']!r}")
    if len(dom.marks) != len(findings):
        failures.append(f"{name}: {len(dom.marks)} marks for {len(findings)} findings")
    # Nothing in the DOM runs or loads.
    for tag, attrs in dom.tags:
        if tag in ("script", "img", "iframe", "object", "embed", "link", "video", "audio", "source"):
            failures.append(f"{name}: the DOM has a <{tag}> element")
        if "src" in attrs or any(a.startswith("on") for a in attrs):
            failures.append(f"{name}: <{tag}> has {sorted(attrs)}")

evil, _ = parse("evil")
text = "".join(evil.text)
for shown in ['<script>document.title = "ran";', "<b>every</b>", '<img src="http://127.0.0.1:9/x.png"']:
    if shown not in text:
        failures.append(f"evil: {shown!r} is not shown as text")
if "ran" in evil.title:
    failures.append("evil: a script from the checked page ran")

if failures:
    print("html-report-check: the browser's DOM does not match the JSON report:", file=sys.stderr)
    for failure in failures:
        print(f"  {failure}", file=sys.stderr)
    sys.exit(1)
report, findings = parse("report")
print(f"html-report-check: {len(findings)} findings marked in Chromium's DOM; markup in copy shown as text")
PY

# What a reader sees first: the summary, at a laptop's width.
mkdir -p "$(dirname "$screenshot")"
browser --window-size=1200,900 --screenshot="$tmp/screenshot.png" "file://$tmp/report.html" >/dev/null
# A third of the size, same look, when pngquant is there (apt-get install
# pngquant); exit 99 (quality not reached) keeps the original.
if command -v pngquant >/dev/null 2>&1; then
    pngquant --quality=70-95 --speed 1 --strip --force \
        --output "$tmp/small.png" "$tmp/screenshot.png" && mv "$tmp/small.png" "$tmp/screenshot.png" || true
fi
cp "$tmp/screenshot.png" "$screenshot"
size=$(wc -c <"$screenshot")
if [ "$size" -lt 10000 ]; then
    echo "html-report-check: the screenshot is only $size bytes: did the page render?" >&2
    exit 1
fi
echo "html-report-check: screenshot in $screenshot ($size bytes)"
