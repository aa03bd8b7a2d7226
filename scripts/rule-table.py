#!/usr/bin/env python3
"""Prints the README's table of the built-in rules and the roadsigns that
pin each down, from rules/*/*.toml. Paste it under "The pack, and what pins
each rule down"; tests/it/docs.rs checks that the README names every rule."""
import collections, glob, os, tomllib

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
rows = collections.defaultdict(list)
for path in sorted(glob.glob(os.path.join(root, "rules", "*", "*.toml"))):
    category = os.path.basename(os.path.dirname(path))
    if category in ("lists", "promises"):
        continue
    rule = tomllib.load(open(path, "rb"))
    unless = rule.get("unless", {})
    pins = list(unless.get("sentence_has", []))
    if unless.get("sentence_matches"):
        pins.append("its own pattern")
    if unless.get("paragraph_has"):
        pins.append("paragraph: " + ", ".join(unless["paragraph_has"]))
    if rule.get("match", {}).get("kind") == "ledger":
        pins = ["the promise ledger: qualifiers"]
    rows[category].append((os.path.basename(path)[:-5], ", ".join(pins) or "—"))
print("| category | rules, and the roadsigns that pin each down |")
print("| --- | --- |")
for category in sorted(rows):
    cells = "; ".join(f"`{name}` ({pins})" for name, pins in rows[category])
    print(f"| `{category}` | {cells} |")
