#!/usr/bin/env python3
"""Benchmark of `cs transition batch` against two floors.

Generates a transition CSV (1,000,000 rows unless told otherwise), then runs,
alternately and several times, over the same file, each a release build:
the csv floor (examples/csv_floor.rs: read every record, write it back); the
same-output floor (examples/batch_floor.rs: one thread, the csv crate and
hand-coded checks, writing the same files as cs); and `cs transition
batch`. Prints wall time, CPU time, rows/s and peak memory (max RSS) of
each, and the batch's ratios to the floors.

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
    """Runs cmd through the small `peak` launcher; returns (seconds, peak RSS in MiB, exit code, CPU seconds)."""
    out = subprocess.run([peak] + cmd, check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024.0, int(out[2]), float(out[3])


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    # cs on its own, as `cargo install` builds it (see bench/startup_lint.py).
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "cs"], cwd=ROOT, check=True)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet",
         "--example", "csv_floor", "--example", "batch_floor", "--example", "gen_transitions",
         "--example", "peak"],
        cwd=ROOT, check=True)
    target = os.path.join(ROOT, "target", "release")
    cs = os.path.join(target, "cs")
    floor = os.path.join(target, "examples", "csv_floor")
    same = os.path.join(target, "examples", "batch_floor")
    peak = os.path.join(target, "examples", "peak")
    work = tempfile.mkdtemp(prefix="cs-bench-")
    try:
        data = os.path.join(work, "accounts.csv")
        with open(data, "wb") as f:
            subprocess.run([os.path.join(target, "examples", "gen_transitions"), str(rows)],
                           stdout=f, check=True)
        size = os.path.getsize(data)
        results = {"floor": [], "same": [], "batch": []}
        for _ in range(rounds):
            out = os.path.join(work, "floor.csv")
            results["floor"].append(run(peak, [floor, data, out]))
            results["same"].append(run(peak, [same, data, os.path.join(work, "same")]))
            outdir = os.path.join(work, "out")
            shutil.rmtree(outdir, ignore_errors=True)
            t, m, code, cpu = run(peak, [cs, "--no-input", "--today", "2026-11-20",
                              "transition", "batch", data, "--out", outdir])
            # The generated file has one bad row in a thousand: exit 1 is expected.
            if code not in (0, 1) or not os.path.exists(os.path.join(outdir, "cs-ops.csv")):
                sys.exit(f"cs transition batch failed with exit code {code}")
            results["batch"].append((t, m, code, cpu))
        print(f"{rows:,} rows, {size / 2**20:.0f} MiB, {rounds} rounds, {os.cpu_count()} cores\n")
        print("| run | median wall s | best wall s | median CPU s | rows/s (median) | peak memory |")
        print("|---|---|---|---|---|---|")
        med, cpu = {}, {}
        for name, label in (("floor", "csv floor (read + write back)"),
                            ("same", "same-output floor (one thread, hand-coded checks)"),
                            ("batch", "cs transition batch")):
            times = [r[0] for r in results[name]]
            med[name] = statistics.median(times)
            cpu[name] = statistics.median(r[3] for r in results[name])
            peak = max(r[1] for r in results[name])
            print(f"| {label} | {med[name]:.2f} | {min(times):.2f} | {cpu[name]:.2f} | "
                  f"{rows / med[name]:,.0f} | {peak:.1f} MiB |")
        print(f"\nbatch / csv floor (median wall): {med['batch'] / med['floor']:.2f}x")
        print(f"batch / same-output floor: CPU {cpu['batch'] / cpu['same']:.2f}x, "
              f"wall {med['batch'] / med['same']:.2f}x")
        # Each round runs the two back to back: on a shared machine whose
        # speed drifts between rounds, the ratio within a round is steadier.
        pairs = sorted(b[3] / s[3] for b, s in zip(results["batch"], results["same"]))
        print(f"batch / same-output floor, round by round: CPU median "
              f"{statistics.median(pairs):.2f}x (from {pairs[0]:.2f}x to {pairs[-1]:.2f}x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
