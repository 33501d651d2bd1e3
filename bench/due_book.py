#!/usr/bin/env python3
"""Benchmark of `cs due` on a book of 50,000 open records (unless told).

Writes a snapshot (`cs org snapshot --due` format) of ROWS open records
across 5,000 accounts and 20 CSMs: escalation cases at every duty's edge
(notes, new cases, Waiting Approval), Failed to OB cases and onboarding
records, and the 5,000 accounts themselves (a tenth transitioned); then times, alternately and several times, `cs due --org FILE`
over the whole team in JSON and in text (a release build). The queries are
the ones cs itself makes (read from its own error on an empty snapshot), so
the snapshot is what `cs org snapshot --due` would save. Prints the median
and worst wall time, CPU time and peak memory of each.

Then the same size of book read live: the practice org (`cargo run
--example practice_org -- --book ROWS`, the test Salesforce on 127.0.0.1)
holds ROWS more open escalation cases, and `cs due --team` reads it; the
requests cs made are counted from the practice org's log (REST queries,
Bulk API query jobs) and its wall time includes the test server's.

    python3 bench/due_book.py [ROWS] [ROUNDS]
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def queries(cs, work):
    """The duties' SOQL, as cs reads it: cs names each one a snapshot lacks."""
    snap = {"cs_org_snapshot": 1, "instance": "https://medtrainer.my.salesforce.com",
            "taken": "2026-11-20T12:00:00Z", "accounts": {}, "users": [], "due": {}}
    path = os.path.join(work, "probe.json")
    while True:
        with open(path, "w") as f:
            json.dump(snap, f)
        r = subprocess.run([cs, "due", "--org", path, "--on", "2026-11-20"],
                           capture_output=True, text=True)
        m = re.search(r"query `(.*?)`: it was", r.stderr)
        if not m:
            return list(snap["due"])
        snap["due"][m.group(1)] = []


def book(rows, soqls):
    csms = [{"Id": f"0050000000{n:05}AAA", "Name": f"CSM {n}", "Email": f"csm{n}@medtrainer.test"}
            for n in range(20)]

    def account(n):
        c = csms[n % len(csms)]
        return {"attributes": {"type": "Account"}, "Name": f"Clinic {n}",
                "Customer_Success_Manager__c": c["Id"],
                "Customer_Success_Manager__r": {"attributes": {"type": "User"},
                                                "Name": c["Name"], "Email": c["Email"]}}

    cases, onboardings = [], []
    statuses = ["New", "Call Scheduled", "Call Completed", "Waiting Approval"]
    for n in range(rows):
        a = n % 5000
        acct_id = f"001{a:012}AAA"
        if n % 10 == 9:
            onboardings.append({
                "attributes": {"type": "Onboarding__c"}, "Id": f"a01{n:012}AAA",
                "Account__c": acct_id, "Account__r": account(a),
                "Onboarding_Completed__c": False, "Onboarding_Call_Completed_Date__c": None,
                "Onboarding_Call_Scheduled_For__c": f"2026-11-{10 + n % 18:02d}"})
            continue
        failed = n % 10 == 8
        day = 2 + n % 18
        cases.append({
            "attributes": {"type": "Case"}, "Id": f"500{n:012}AAA", "AccountId": acct_id,
            "Account": account(a), "IsClosed": False, "CaseNumber": f"{n:08}",
            "RecordType": {"attributes": {"type": "RecordType"},
                           "DeveloperName": "Customer_Success" if failed else "Escalations"},
            "Type": "Failed to OB" if failed else None,
            "Due_Date__c": f"2026-11-{day:02d}" if failed else None,
            "Status": None if failed else statuses[n % 4],
            "Call_Scheduled_For__c": None,
            "CreatedDate": f"2026-11-{day:02d}T{8 + n % 12:02d}:30:00.000+0000",
            "LastModifiedDate": f"2026-11-{day:02d}T{8 + n % 12:02d}:30:00.000+0000",
            "Status_Changed_On__c": None if failed else f"2026-11-{day:02d}",
            "Escalation_Notes__c": None if failed else
            "\n".join(f"11/{d:02d}/26_MM:Called about the renewal" for d in range(2, day + 1)),
        })
    # The accounts themselves (T5): every tenth changed CSM this month.
    accounts = []
    for a in range(5000):
        rec = dict(account(a), Id=f"001{a:012}AAA", CSM_Handover_Done__c=False,
                   CSM_Transition_Date__c=f"2026-11-{2 + a % 18:02d}" if a % 10 == 0 else None)
        accounts.append(rec)

    def records(q):
        if " FROM Onboarding__c" in q:
            return onboardings
        if " FROM Account" in q:
            return accounts
        return cases
    due = {q: records(q) for q in soqls}
    return {"cs_org_snapshot": 1, "instance": "https://medtrainer.my.salesforce.com",
            "taken": "2026-11-20T12:00:00Z", "accounts": {}, "users": csms, "due": due}


def run(peak, cmd):
    out = subprocess.run([peak] + cmd, check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024.0, int(out[2]), float(out[3])


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    # cs on its own, as `cargo install` builds it (see bench/startup_lint.py).
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "cs"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "peak",
                    "--example", "practice_org"], cwd=ROOT, check=True)
    target = os.path.join(ROOT, "target", "release")
    cs, peak = os.path.join(target, "cs"), os.path.join(target, "examples", "peak")
    with tempfile.TemporaryDirectory() as work:
        snap = book(rows, queries(cs, work))
        path = os.path.join(work, "book.json")
        with open(path, "w") as f:
            json.dump(snap, f)
        records = sum(len(v) for v in snap["due"].values())
        print(f"book: {rows} open records ({records} read by {len(snap['due'])} queries), "
              f"{os.path.getsize(path) / 1e6:.1f} MB")
        results = {"json": [], "text": []}
        for _ in range(rounds):
            for fmt in results:
                results[fmt].append(run(peak, [cs, "due", "--org", path, "--on", "2026-11-20",
                                               "--format", fmt]))
        for fmt, rs in results.items():
            assert all(r[2] == 0 for r in rs), f"cs due --format {fmt} failed"
            wall = [r[0] for r in rs]
            print(f"cs due --team --format {fmt}: median {statistics.median(wall):.3f} s, "
                  f"worst {max(wall):.3f} s wall; CPU {statistics.median(r[3] for r in rs):.3f} s; "
                  f"peak {max(r[1] for r in rs):.1f} MiB")
        items = json.loads(subprocess.run([cs, "due", "--org", path, "--on", "2026-11-20",
                                           "--format", "json"], capture_output=True,
                                          text=True, check=True).stdout)["items"]
        print(f"items: {len(items)} ({sum(i['state'] == 'late' for i in items)} late)")
        live(rows, rounds, cs, peak, target, work)


def live(rows, rounds, cs, peak, target, work):
    """cs due against the practice org holding ROWS more open cases: its reads, counted."""
    org_bin = os.path.join(target, "examples", "practice_org")
    log_path = os.path.join(work, "org.log")
    log = open(log_path, "w")
    org = subprocess.Popen([org_bin, "900", "--book", str(rows)], stdout=log, stderr=subprocess.STDOUT)
    try:
        env = dict(os.environ, TZ="UTC")
        for _ in range(600):
            text = open(log_path).read()
            if "Requests as they come" in text:
                break
            time.sleep(0.1)
        for m in re.finditer(r"export (\w+)='?([^'\n]*)'?", text):
            env[m.group(1)] = m.group(2)
        results = []
        reads = None
        for _ in range(rounds):
            before = len(open(log_path).read().splitlines())
            out = subprocess.run([peak, cs, "due", "--team", "--format", "json"], env=env,
                                 check=True, capture_output=True, text=True).stdout.split()
            results.append((float(out[0]), int(out[1]) / 1024.0, int(out[2]), float(out[3])))
            time.sleep(0.5)
            lines = open(log_path).read().splitlines()[before:]
            reads = (sum("/query" in l and l.strip().startswith("GET") and "/jobs/" not in l for l in lines),
                     sum(l.strip().startswith("POST") and "/jobs/query" in l for l in lines))
        assert all(r[2] == 0 for r in results), "cs due against the practice org failed"
        wall = [r[0] for r in results]
        print(f"live, {rows} more open cases: median {statistics.median(wall):.3f} s wall "
              f"(the test server's time included), cs CPU {statistics.median(r[3] for r in results):.3f} s, "
              f"peak {max(r[1] for r in results):.1f} MiB; reads per run: {reads[0]} REST queries, "
              f"{reads[1]} Bulk API query job(s)")
    finally:
        org.terminate()
        org.wait()


if __name__ == "__main__":
    main()
