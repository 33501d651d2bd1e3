//! A practice org: the test Salesforce and Slack webhook cs's own tests
//! use, on 127.0.0.1, with the example account (Acme Family Clinic, its
//! contact Dana Smith, its opportunities and people) and an org set up for
//! the built-in playbooks. A newcomer tries `cs submit`, `--undo` and
//! `cs org check` here before touching a real org.
//!
//!     cargo run --example practice_org            # until Ctrl-C
//!     cargo run --example practice_org -- 600     # for ten minutes
//!
//! It prints the variables to export in another terminal, then what each
//! request was, as it comes. Nothing leaves this machine.

#[allow(dead_code)]
#[path = "../tests/it/common/salesforce.rs"]
mod salesforce;

#[path = "../tests/it/common/practice.rs"]
mod practice;

use std::io::Write;
use std::time::{Duration, Instant};

fn main() {
    let seconds: Option<u64> = std::env::args().nth(1).and_then(|a| a.parse().ok());
    let org = practice::small_org();
    practice::describe_org(&org);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "The practice org is on {}. In another terminal, from the repository:\n\n  export SF_INSTANCE_URL={}\n  export SF_ACCESS_TOKEN='{}'\n  export SLACK_WEBHOOK_URL={}\n  export CS_TODAY=2026-11-20\n\nthen, for example:\n\n  cs escalate --answers examples/escalation.yaml --format json > plan.json\n  cs submit plan.json\n  cs submit --yes --journal run.jsonl plan.json\n  cs submit --undo run.jsonl --delete-created\n  cs org check\n\nRequests as they come (Ctrl-C stops it):",
        org.url,
        org.url,
        salesforce::TOKEN,
        org.webhook()
    );
    let _ = out.flush();
    drop(out);
    let end = seconds.map(|s| Instant::now() + Duration::from_secs(s));
    let mut shown = 0;
    loop {
        let requests = org.requests();
        let mut out = std::io::stdout().lock();
        for r in &requests[shown..] {
            let _ = writeln!(out, "  {r}");
        }
        shown = requests.len();
        if end.is_some_and(|e| Instant::now() >= e) {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}
