#!/usr/bin/env python3
"""Times commands in turn, round after round, and prints each one's median
and its ratio to the last command's: on a shared, noisy machine a slow
minute then slows every command alike, where hyperfine's runs of one
command after another put it on one. Usage:

    bench/interleave.py ROUNDS NAME=COMMAND ... NAME=BASELINE

The first two rounds are warm-up and not counted.
"""
import statistics
import subprocess
import sys
import time


def main() -> None:
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    if any(len(c) != 2 for c in commands):
        sys.exit(__doc__)
    times: dict[str, list[float]] = {name: [] for name, _ in commands}
    for round_ in range(rounds + 2):
        for name, command in commands:
            start = time.perf_counter()
            subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if round_ >= 2:
                times[name].append((time.perf_counter() - start) * 1000)
    baseline = statistics.median(times[commands[-1][0]])
    for name, _ in commands:
        median = statistics.median(times[name])
        print(f"{name:14} median {median:8.1f} ms   ratio {median / baseline:.3f}")


if __name__ == "__main__":
    main()
