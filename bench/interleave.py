#!/usr/bin/env python3
"""Times commands in turn, round after round, and prints each one's median
and its ratio to the last command's: on a shared, noisy machine a slow
minute then slows every command alike, where hyperfine's runs of one
command after another put it on one. Usage:

    bench/interleave.py ROUNDS NAME=COMMAND ... NAME=BASELINE

The first two rounds are warm-up and not counted. With five rounds or
more, each command's line also gives a 95% interval for the median of its
per-round ratios to the baseline (`per round LOW-HIGH`).
"""
import random
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
    base_name = commands[-1][0]
    baseline = statistics.median(times[base_name])
    for name, _ in commands:
        median = statistics.median(times[name])
        line = f"{name:14} median {median:8.1f} ms   ratio {median / baseline:.3f}"
        if name != base_name and len(times[name]) >= 5:
            low, high = paired_interval(times[name], times[base_name])
            line += f"   per round {low:.3f}-{high:.3f}"
        print(line)


def paired_interval(times: list[float], base: list[float]) -> tuple[float, float]:
    """A 95% interval for the median of the per-round ratios (each round's
    time over the baseline's in the same round), by resampling the rounds
    (a fixed seed: the same times give the same interval). Two changes
    whose intervals overlap are not told apart by these rounds."""
    ratios = [t / b for t, b in zip(times, base)]
    draw = random.Random(14)
    medians = sorted(
        statistics.median(draw.choices(ratios, k=len(ratios))) for _ in range(2000)
    )
    return medians[int(0.025 * len(medians))], medians[int(0.975 * len(medians)) - 1]


if __name__ == "__main__":
    main()
