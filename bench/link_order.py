#!/usr/bin/env python3
"""Writes link-order.txt: the functions of `cs` that a plan, a lint and
`--version` run through, which build.rs has the linker place first in the
binary's code (fewer pages of code read at each start; see build.rs).

The names are the binary's own symbols, as valgrind's callgrind sees them run
(every function a run enters, called once or a million times), for:

- `cs --version`;
- a plan of each SOP from the example answers (`cs escalate`, `cs onboard`,
  `cs transition`, `cs offboard`, as the README runs them);
- `cs playbook lint playbooks/`.

Symbol names hold a hash of each crate's build settings: cs's own change
with its dependencies (Cargo.toml, Cargo.lock) and the toolchain, and a
new function is in no list; after such a change, run this again (a name
the build does not have is passed over, so a stale list costs speed, never
a build; with half its names gone, a plan took about 5% longer in one
run). Needs valgrind.

    python3 bench/link_order.py
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def runs(cs):
    ex = lambda f: os.path.join(ROOT, "examples", f)
    day = ["--today", "2026-11-20"]
    return [
        [cs, "--version"],
        [cs, *day, "escalate", "--answers", ex("escalation.yaml"), "--format", "json"],
        [cs, *day, "onboard", "--answers", ex("acme.yaml"), "--format", "json"],
        [cs, *day, "transition", "--answers", ex("account.yaml"), "--format", "json"],
        [cs, *day, "offboard", "--answers", ex("offboard.yaml"), "--format", "json"],
        [cs, "playbook", "lint", os.path.join(ROOT, "playbooks")],
    ]


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "cs"], cwd=ROOT, check=True)
    cs = os.path.join(ROOT, "target", "release", "cs")
    nm = subprocess.run(["nm", "--defined-only", cs], capture_output=True, text=True, check=True)
    defined = {line.split()[-1] for line in nm.stdout.splitlines() if line.split()[1:2] in (["t"], ["T"], ["W"], ["w"])}
    names, seen = [], set()
    with tempfile.TemporaryDirectory(prefix="cs-order-") as work:
        for i, cmd in enumerate(runs(cs)):
            out = os.path.join(work, f"run{i}.cg")
            subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}", *cmd],
                           cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            if not os.path.exists(out):
                sys.exit(f"valgrind did not run: {' '.join(cmd)}")
            with open(out) as f:
                for line in f:
                    m = re.match(r"^c?fn=\(\d+\) (\S+)$", line.strip())
                    if m and m.group(1) in defined and m.group(1) not in seen:
                        seen.add(m.group(1))
                        names.append(m.group(1))
    if len(names) < 100:
        sys.exit(f"only {len(names)} functions seen; is the binary stripped of its symbols?")
    with open(os.path.join(ROOT, "link-order.txt"), "w") as f:
        f.write("\n".join(names) + "\n")
    print(f"link-order.txt: {len(names)} functions")


if __name__ == "__main__":
    main()
