//! Calls per command, counted against the test org: a CSM's laptop pays
//! 150-300 ms a call, so a plan's reads go together (the Composite API, five
//! queries a call) and its writes in as few calls as exactly-once allows.

use crate::common::salesforce::TOKEN;
use crate::common::{TestEnv, stderr};
use crate::org::{ACME, small_org};
use serde_json::Value as Json;

fn cs(env: &TestEnv, org: &crate::common::salesforce::FakeOrg) -> assert_cmd::Command {
    let mut c = env.cs();
    c.env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN);
    c
}

/// `cs escalate --account ACME` with the answers the org does not hold:
/// the plan, and the requests it made.
fn plan_escalation(env: &TestEnv, org: &crate::common::salesforce::FakeOrg) -> (Json, Vec<String>) {
    let before = org.requests().len();
    let out = cs(env, org)
        .args(["escalate", "--format", "json", "--account", ACME])
        .args([
            "--set",
            "triggers=[upset]",
            "--set",
            "reason=Pricing Issues",
        ])
        .args(["--set", "secondary_reasons=[Too expensive]"])
        .args(["--set", "description=11/20/26_MM:Customer asked to cancel"])
        .args(["--set", "directives=11/20/26_MM:Offer 10% discount"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    env.write("plan.json", &String::from_utf8_lossy(&out.stdout));
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        org.requests()[before..].to_vec(),
    )
}

#[test]
fn one_escalation_plan_prefills_in_one_call_and_submits_in_three() {
    let env = TestEnv::new();
    let org = small_org();
    let (plan, prefill) = plan_escalation(&env, &org);
    // The account, its open opportunities and the cases cs keyed for it:
    // one Composite call.
    assert_eq!(prefill, ["POST /services/data/v66.0/composite"]);
    assert_eq!(org.with(|s| s.soql_log.len()), 3);
    // The case is not in the org yet: the stale guard says so, unread.
    assert!(plan["records"][0]["seen"]["at"].is_string(), "{plan}");
    assert_eq!(plan["records"][0]["seen"]["SystemModstamp"], Json::Null);

    // A dry run reads what sending would: one call.
    let before = org.requests().len();
    let out = cs(&env, &org)
        .args(["submit", "plan.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        org.requests()[before..],
        ["POST /services/data/v66.0/composite"]
    );

    let before = org.requests().len();
    let out = cs(&env, &org)
        .args(["submit", "--yes", "--journal", "j.jsonl", "plan.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let submit = org.requests()[before..].to_vec();
    // The user the session is (version discovery); every read (the case,
    // the user's record, the record type, an open duplicate, the contact)
    // in one Composite call; the upsert.
    assert_eq!(submit.len(), 3, "{submit:?}");
    assert_eq!(submit[0], "GET /services/data/v66.0/");
    assert_eq!(submit[1], "POST /services/data/v66.0/composite");
    assert!(
        submit[2]
            .starts_with("PATCH /services/data/v66.0/sobjects/Case/CS_Plan_Key__c/cs-escalation-"),
        "{submit:?}"
    );
    let key = plan["records"][0]["external_id"]["value"].as_str().unwrap();
    let case = &org.find("Case", "CS_Plan_Key__c", key);
    assert_eq!(case.len(), 1);
    // The contact looked up when sending came from that same call.
    assert_eq!(case[0].fields["ContactId"], "003000000000001AAA");

    // Planned again the same day: the case is the org's now, and the plan
    // carries its stamp, still from the one call.
    let (plan, prefill) = plan_escalation(&env, &org);
    assert_eq!(prefill, ["POST /services/data/v66.0/composite"]);
    assert_eq!(
        plan["records"][0]["seen"]["SystemModstamp"],
        Json::String(case[0].modified.clone())
    );
}

#[test]
fn a_batch_keeps_its_write_calls_and_bulk_api() {
    let s = crate::submit::Setup::new();
    let ids = s.accounts(2_500);
    let out = s.run(
        &crate::submit::accounts_plan(&ids),
        &["--journal", "j.jsonl"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let reqs = s.org.requests();
    assert!(
        reqs.iter()
            .any(|r| r == "POST /services/data/v66.0/jobs/ingest"),
        "2,500 updates go through Bulk API 2.0: {:?}",
        &reqs[..reqs.len().min(10)]
    );
    assert!(
        !reqs
            .iter()
            .any(|r| r.starts_with("PATCH /services/data/v66.0/composite"))
    );
}
