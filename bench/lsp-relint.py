#!/usr/bin/env python3
"""Re-lint latency of `fogcheck --lsp`: open a 5,000-line Markdown document,
then send one keystroke (a full-text didChange) and time until the
diagnostics for that version arrive. The figure includes the server's
debounce (lsp::DEBOUNCE) and the JSON-RPC round trip. Usage:

    bench/lsp-relint.py [BINARY] [LINES] [RUNS]
"""
import json, os, subprocess, sys, tempfile, time

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/fogcheck")
lines = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10

paragraphs = [
    "We offer expedited shipping on most orders 😀 and a full refund.",
    "Our team replies within 2 business days, Monday to Friday.",
    "Returns are accepted within 30 days of delivery for unused items.",
    "Enjoy hassle-free setup and cancel anytime with no hidden fees.",
    "",
]
text = "\n".join(paragraphs[i % len(paragraphs)] for i in range(lines)) + "\n"

proc = subprocess.Popen([binary, "--lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        cwd=tempfile.mkdtemp())

def send(message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()

def receive():
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            sys.exit("the server closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(proc.stdout.read(length))

def wait_for(version):
    while True:
        m = receive()
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version:
            return m["params"]["diagnostics"]

uri = "file:///bench/page.md"
send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"processId": None, "rootUri": None, "capabilities": {}}})
while receive().get("id") != 1:
    pass
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
start = time.perf_counter()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
found = wait_for(1)
print(f"open: {lines} lines, {len(text)} bytes, {len(found)} diagnostics, "
      f"{(time.perf_counter() - start) * 1e3:.1f} ms (no debounce)")

times = []
for run in range(runs):
    version = run + 2
    # One keystroke in the middle of the document.
    middle = len(text) // 2
    text = text[:middle] + "x" + text[middle:]
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}})
    wait_for(version)
    times.append((time.perf_counter() - start) * 1e3)
times.sort()
print(f"re-lint after one keystroke, {runs} runs: median {times[len(times) // 2]:.1f} ms, "
      f"max {times[-1]:.1f} ms (debounce included)")

send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
while receive().get("id") != 2:
    pass
send({"jsonrpc": "2.0", "method": "exit", "params": None})
sys.exit(proc.wait(timeout=10))
