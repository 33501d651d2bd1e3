#!/usr/bin/env python3
"""Benchmark of `cs transition batch` against the csv crate's floor.

Generates a transition CSV (1,000,000 rows unless told otherwise), then runs,
alternately and several times, the floor (examples/csv_floor.rs: read every
record, write it back) and `cs transition batch` over the same file, each in
a release build. Prints rows/s, wall time and peak memory (max RSS) of each,
and the batch-to-floor time ratio.

    python3 bench/transition_batch.py [ROWS] [ROUNDS]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(peak, cmd):
    """Runs cmd through the small `peak` launcher; returns (seconds, peak RSS in MiB, exit code)."""
    out = subprocess.run([peak] + cmd, check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024.0, int(out[2])


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "cs",
         "--example", "csv_floor", "--example", "gen_transitions", "--example", "peak"],
        cwd=ROOT, check=True)
    target = os.path.join(ROOT, "target", "release")
    cs = os.path.join(target, "cs")
    floor = os.path.join(target, "examples", "csv_floor")
    peak = os.path.join(target, "examples", "peak")
    work = tempfile.mkdtemp(prefix="cs-bench-")
    try:
        data = os.path.join(work, "accounts.csv")
        with open(data, "wb") as f:
            subprocess.run([os.path.join(target, "examples", "gen_transitions"), str(rows)],
                           stdout=f, check=True)
        size = os.path.getsize(data)
        results = {"floor": [], "batch": []}
        for _ in range(rounds):
            out = os.path.join(work, "floor.csv")
            results["floor"].append(run(peak, [floor, data, out]))
            outdir = os.path.join(work, "out")
            shutil.rmtree(outdir, ignore_errors=True)
            t, m, code = run(peak, [cs, "--no-input", "--today", "2026-11-20",
                              "transition", "batch", data, "--out", outdir])
            # The generated file has one bad row in a thousand: exit 1 is expected.
            if code not in (0, 1) or not os.path.exists(os.path.join(outdir, "cs-ops.csv")):
                sys.exit(f"cs transition batch failed with exit code {code}")
            results["batch"].append((t, m, code))
        print(f"{rows:,} rows, {size / 2**20:.0f} MiB, {rounds} rounds, {os.cpu_count()} cores\n")
        print("| run | median s | best s | rows/s (median) | peak memory |")
        print("|---|---|---|---|---|")
        med = {}
        for name, label in (("floor", "csv floor (read + write back)"),
                            ("batch", "cs transition batch")):
            times = [r[0] for r in results[name]]
            med[name] = statistics.median(times)
            peak = max(r[1] for r in results[name])
            print(f"| {label} | {med[name]:.2f} | {min(times):.2f} | "
                  f"{rows / med[name]:,.0f} | {peak:.1f} MiB |")
        print(f"\nbatch / floor (median): {med['batch'] / med['floor']:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
