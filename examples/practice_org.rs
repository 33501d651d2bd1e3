//! A practice org: the test Salesforce, Slack webhook, Recurly and
//! Outreach cs's own tests use, on 127.0.0.1, with the example account
//! (Acme Family Clinic, its contact Dana Smith, its opportunities and
//! people) and an org set up for the built-in playbooks. A newcomer tries `cs submit`, `--undo` and
//! `cs org check` here before touching a real org.
//!
//!     cargo run --example practice_org                  # until Ctrl-C
//!     cargo run --example practice_org -- 600           # for ten minutes
//!     cargo run --example practice_org -- --not-set-up  # an org cs has yet to be set up for
//!     cargo run --example practice_org -- --book 50000  # 50,000 more open escalations (bench/due_book.py)
//!
//! It prints the variables to export in another terminal, then what each
//! request was, as it comes. Nothing leaves this machine. With
//! `--not-set-up`, the escalation case lacks what the playbook needs (a
//! field, a Unique key, a picklist value, an active record type), as a
//! real org does before cs is set up for it: `cs org check` names each.

#[allow(dead_code)]
#[path = "../tests/it/common/salesforce.rs"]
mod salesforce;

#[path = "../tests/it/common/practice.rs"]
mod practice;

#[allow(dead_code)]
#[path = "../tests/it/common/recurly.rs"]
mod recurly;

#[allow(dead_code)]
#[path = "../tests/it/common/outreach.rs"]
mod outreach;

use std::io::Write;
use std::time::{Duration, Instant};

fn main() {
    let mut seconds: Option<u64> = None;
    let mut set_up = true;
    let mut book = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--not-set-up" => set_up = false,
            "--book" => book = args.next().and_then(|n| n.parse().ok()).unwrap_or(0),
            a => match a.parse() {
                Ok(s) => seconds = Some(s),
                Err(_) => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "error: '{a}' is neither a number of seconds nor --not-set-up\nusage: cargo run --example practice_org -- [SECONDS] [--not-set-up] [--book N]"
                    );
                    std::process::exit(2);
                }
            },
        }
    }
    let org = practice::small_org();
    practice::describe_org(&org);
    // A book of escalations and onboardings for `cs due`.
    practice::seed_book(&org);
    practice::seed_escalations(&org, book);
    // Its Recurly: the example account, two invoices past due, its
    // Learning and Compliance subscriptions set not to renew.
    let billing = recurly::FakeRecurly::start();
    billing.account(
        &practice::recurly_code("Acme Family Clinic"),
        "active",
        2,
        &[
            ("Learning Annual", 80, false),
            ("Compliance Annual", 80, false),
        ],
    );
    // Its Outreach: Maria's and Jordan's mailboxes, the SOPs' sequences,
    // the account Acme Family Clinic.
    let engagement = outreach::FakeOutreach::start();
    if !set_up {
        practice::not_set_up(&org);
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "The practice org is on {}. In another terminal, from the repository:\n\n  export SF_INSTANCE_URL={}\n  export SF_ACCESS_TOKEN='{}'\n  export SLACK_WEBHOOK_URL={}\n  export RECURLY_API_URL={}\n  export RECURLY_API_KEY='{}'\n  export OUTREACH_API_URL={}\n  export OUTREACH_ACCESS_TOKEN='{}'\n  export CS_TODAY=2026-11-20\n\nthen, for example:\n\n  cs escalate --answers examples/escalation.yaml --format json > plan.json\n  cs submit plan.json\n  cs submit --yes --journal run.jsonl plan.json\n  cs submit --undo run.jsonl --delete-created\n  cs org check\n\nRequests as they come (Ctrl-C stops it):",
        org.url,
        org.url,
        salesforce::TOKEN,
        org.webhook(),
        billing.url,
        recurly::RECURLY_KEY,
        engagement.url,
        outreach::ACCESS_TOKEN
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
