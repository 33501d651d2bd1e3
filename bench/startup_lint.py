#!/usr/bin/env python3
"""Benchmarks of start-up and of `cs playbook lint`, each against its floor.

1. `cs --version`, and making a plan (`cs escalate --answers
   examples/escalation.yaml --format json`: the playbooks, the answers,
   the plan, the patient-data guard), against a hello-world
   (examples/hello.rs), all release builds of this project (same profile,
   linked alike: build.rs), run in turn many times.
2. `cs playbook lint DIR` over 1,000 generated playbooks (copies of the
   built-in ones under new ids) against parsing the same files with the same
   YAML crate (examples/parse_playbooks.rs).

    python3 bench/startup_lint.py [RUNS]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def once(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def linking(path):
    """How an ELF program is linked: its header's type (2: at a fixed
    address; 3: position-independent)."""
    with open(path, "rb") as f:
        kind = f.read(18)[16]
    return {2: "position-dependent", 3: "position-independent"}.get(kind, f"ELF type {kind}")


def timed(cmds, runs):
    """Runs the commands in turn, `runs` rounds, so that whatever else the
    machine does slows each of them alike; (median, best) of each."""
    times = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            times[i].append(once(cmd))
    return [(statistics.median(t), min(t)) for t in times]


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    # cs on its own, as `cargo install` builds it: built with the examples,
    # its dependencies would take the features the examples' dev-dependencies
    # add, and its functions other names than link-order.txt's (build.rs).
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "cs"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "hello",
                    "--example", "parse_playbooks"], cwd=ROOT, check=True)
    target = os.path.join(ROOT, "target", "release")
    cs = os.path.join(target, "cs")
    hello = os.path.join(target, "examples", "hello")
    parse = os.path.join(target, "examples", "parse_playbooks")

    # The floor is only one if it is linked as cs is (build.rs).
    if linking(cs) != linking(hello):
        sys.exit(f"cs is {linking(cs)} and the hello-world {linking(hello)}: they are not built alike")
    print(f"{os.cpu_count()} cores; cs and the hello-world {linking(cs)}\n")
    print("| run | median ms | best ms |")
    print("|---|---|---|")
    plan = [cs, "--today", "2026-11-20", "escalate", "--answers",
            os.path.join(ROOT, "examples", "escalation.yaml"), "--format", "json"]
    if subprocess.run(plan, capture_output=True).returncode != 0:
        sys.exit("the example escalation makes no plan")
    h, c, e = timed([[hello], [cs, "--version"], plan], runs)
    print(f"| hello-world | {h[0] * 1000:.2f} | {h[1] * 1000:.2f} |")
    print(f"| cs --version | {c[0] * 1000:.2f} | {c[1] * 1000:.2f} |")
    print(f"| cs escalate: a plan from an answers file | {e[0] * 1000:.2f} | {e[1] * 1000:.2f} |")

    work = tempfile.mkdtemp(prefix="cs-bench-")
    try:
        sources = [os.path.join(ROOT, "playbooks", f) for f in sorted(os.listdir(os.path.join(ROOT, "playbooks")))
                   if f.endswith(".yaml") and f not in ("churn-codes.yaml", "rules.yaml", "calendar.yaml")]
        texts = [open(p).read() for p in sources]
        for i in range(1000):
            text = texts[i % len(texts)]
            old_id = text.split("\nid: ", 1)[1].split("\n", 1)[0]
            new_id = f"p{i:04d}"
            with open(os.path.join(work, f"{new_id}.yaml"), "w") as f:
                f.write(text.replace(f"\nid: {old_id}\n", f"\nid: {new_id}\n", 1))
        size = sum(os.path.getsize(os.path.join(work, f)) for f in os.listdir(work))
        lint_runs = max(3, runs // 40)
        p, l = timed([[parse, work], [cs, "playbook", "lint", work]], lint_runs)
        out = subprocess.run([cs, "playbook", "lint", work], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("the generated playbooks do not lint clean:\n" + out.stdout[:2000])
        print(f"| parse 1,000 playbooks ({size / 2**20:.1f} MiB) | {p[0] * 1000:.0f} | {p[1] * 1000:.0f} |")
        print(f"| cs playbook lint, 1,000 playbooks | {l[0] * 1000:.0f} | {l[1] * 1000:.0f} |")
        print(f"\nstart-up: {c[0] / h[0]:.2f}x hello-world; a plan: {e[0] / h[0]:.2f}x hello-world;"
              f" lint: {l[0] / p[0]:.2f}x parsing (medians)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
