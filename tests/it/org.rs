//! cs reads the org it writes to: `--account` fills a workflow's answers
//! from Salesforce (the test org on 127.0.0.1 answering SOQL), or from a
//! snapshot of it, in batched queries.

pub use crate::common::practice::{USERS, describe_org, not_set_up, seed_account, small_org};
use crate::common::salesforce::{FakeOrg, TOKEN};
use crate::common::*;
use serde_json::{Value as Json, json};

pub const ACME: &str = "001000000000001AAA";

/// The answers an escalation still needs when the org gives the rest.
const REST: &[&str] = &[
    "--set",
    "triggers=[upset]",
    "--set",
    "reason=Pricing Issues",
    "--set",
    "secondary_reasons=[Too expensive]",
    "--set",
    "description=11/20/26_MM:Customer asked to cancel",
    "--set",
    "directives=11/20/26_MM:Offer 10% discount",
];

fn escalate(env: &TestEnv, org: &FakeOrg, extra: &[&str]) -> std::process::Output {
    env.cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["escalate", "--format", "json"])
        .args(REST)
        .args(extra)
        .output()
        .unwrap()
}

fn answers(out: &std::process::Output) -> Json {
    let plan: Json = serde_json::from_slice(&out.stdout).expect("a JSON plan");
    plan["answers"].clone()
}

#[test]
fn escalate_account_fills_the_answers_salesforce_holds_in_two_queries() {
    let env = TestEnv::new();
    let org = small_org();
    let link = format!("https://medtrainer.lightning.force.com/lightning/r/Account/{ACME}/view");
    let out = escalate(&env, &org, &["--account", &link]);
    assert!(out.status.success(), "{}", stderr(&out));
    let a = answers(&out);
    assert_eq!(a["account_name"], "Acme Family Clinic");
    assert_eq!(
        a["account_url"],
        json!(format!("{}/lightning/r/Account/{ACME}/view", org.url))
    );
    assert_eq!(a["contact_name"], "Dana Smith");
    assert_eq!(
        a["opportunities"],
        json!(["Acme Family Clinic Renewal 2026"])
    );
    assert_eq!(a["products"], json!(["Learning", "Compliance"]));
    assert_eq!(a["mrr"], json!(1250.5));
    assert_eq!(a["fmc"], json!(true));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "read Acme Family Clinic ({ACME}) from {}: 8 answers from Salesforce (account_name, account_url, contact_name, opportunities, products, recurly_account_code, mrr, fmc)",
            org.url
        )),
        "{err}"
    );
    let queries: Vec<String> = org.with(|s| s.soql_log.iter().map(|(_, q)| q.clone()).collect());
    assert_eq!(
        queries.len(),
        3,
        "the account, its open opportunities, and the cases cs keyed for it: {queries:?}"
    );
    // Made with the org, the plan says what the org held of the case it
    // writes (none yet), for cs submit's stale guard: read in the same
    // call as the rest.
    assert!(
        queries[2].contains(
            "FROM Case WHERE AccountId IN ('001000000000001AAA') AND CS_Plan_Key__c != null"
        ),
        "{queries:?}"
    );
    assert_eq!(org.requests(), ["POST /services/data/v66.0/composite"]);
    let plan: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["records"][0]["seen"]["SystemModstamp"], Json::Null);
    assert!(plan["records"][0]["seen"]["at"].is_string());
}

#[test]
fn set_and_answers_win_over_what_salesforce_holds() {
    let env = TestEnv::new();
    let org = small_org();
    env.write("a.yaml", "contact_name: Lee Park\n");
    let out = escalate(
        &env,
        &org,
        &["--account", ACME, "--set", "mrr=900", "--answers", "a.yaml"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let a = answers(&out);
    assert_eq!(a["mrr"], json!(900.0));
    assert_eq!(a["contact_name"], "Lee Park");
    assert_eq!(a["account_name"], "Acme Family Clinic");
}

#[test]
fn a_snapshot_plans_offline_as_the_org_would() {
    let env = TestEnv::new();
    let org = small_org();
    let out = env
        .cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["org", "snapshot", ACME, "--out", "snap.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "wrote snap.json: 1 account of 1; no Recurly facts (RECURLY_API_KEY is not set)."
        ),
        "{}",
        stderr(&out)
    );
    let live = escalate(&env, &org, &["--account", ACME]);
    let requests = org.requests().len();
    // No credentials at all: the snapshot answers.
    let offline = env
        .cs()
        .args(["escalate", "--format", "json"])
        .args(REST)
        .args(["--account", ACME, "--org", "snap.json"])
        .output()
        .unwrap();
    assert!(offline.status.success(), "{}", stderr(&offline));
    assert_eq!(answers(&offline), answers(&live));
    assert_eq!(
        org.requests().len(),
        requests,
        "the snapshot run asked the org nothing"
    );
    // The transition playbook's reads are in it too.
    let snap: Json =
        serde_json::from_str(&std::fs::read_to_string(env.path("snap.json")).unwrap()).unwrap();
    assert_eq!(
        snap["accounts"][ACME]["related"]["Task.Id by AccountId where IsClosed = false"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn reads_are_batched_two_hundred_accounts_a_query_across_pages() {
    let env = TestEnv::new();
    let org = small_org();
    for n in 2..=450 {
        seed_account(&org, n, &format!("Clinic {n}"));
    }
    org.state.lock().unwrap().page_size = 150;
    let ids: Vec<String> = (1..=450).map(|n| format!("001{n:012}AAA")).collect();
    let out = env
        .cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["org", "snapshot", "-", "--out", "snap.json"])
        .write_stdin(ids.join("\n"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let snap: Json =
        serde_json::from_str(&std::fs::read_to_string(env.path("snap.json")).unwrap()).unwrap();
    let accounts = snap["accounts"].as_object().unwrap();
    assert_eq!(accounts.len(), 450);
    assert_eq!(
        accounts["001000000000450AAA"]["related"]["Opportunity.Name by AccountId where IsClosed = false order by CloseDate"],
        json!([{"attributes": {"type": "Opportunity", "url": "/services/data/v66.0/sobjects/Opportunity/006000000000450AAA"},
                "AccountId": "001000000000450AAA", "Name": "Clinic 450 Renewal 2026"}])
    );
    // ceil(450 / 200) = 3 chunks; per chunk one query for the accounts and
    // one per related read (open opportunities by name, by Id, those
    // closed in the last 90 days, open tasks, open escalation cases, open
    // course cases, notes, the cases' Billing notes), five to a Composite
    // call; and one for the org's users.
    let reqs = org.requests();
    assert_eq!(org.with(|s| s.soql_log.len()), 3 * 9 + 1);
    let calls = reqs
        .iter()
        .filter(|r| r.as_str() == "GET /services/data/v66.0/query" || r.ends_with("/composite"))
        .count();
    assert_eq!(calls, 3 * 2 + 1, "{reqs:?}");
    let next_pages = reqs
        .iter()
        .filter(|r| r.starts_with("GET /services/data/v66.0/query/01g"))
        .count();
    assert!(next_pages >= 3, "pages of 150 were followed: {next_pages}");
}

#[test]
fn what_the_org_cannot_answer_is_named() {
    let env = TestEnv::new();
    let org = small_org();
    // An account that is not there.
    let out = escalate(&env, &org, &["--account", "001000000000999AAA"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("{} has no account 001000000000999AAA.", org.url)),
        "{}",
        stderr(&out)
    );
    // Not an Id or a link.
    let out = escalate(&env, &org, &["--account", "Acme"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is neither a Salesforce Id nor a link to an account"));
    // An organization's playbook naming a field the org lacks.
    let text = std::fs::read_to_string(repo().join("playbooks/escalation.yaml"))
        .unwrap()
        .replace("org: Account.MRR__c", "org: Account.Revenue__c");
    env.write("pb/escalation.yaml", &text);
    let out = escalate(&env, &org, &["--account", ACME, "--playbooks", "pb"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("INVALID_FIELD: No such column 'Revenue__c' on entity 'Account'"),
        "{}",
        stderr(&out)
    );
    // No credentials and no snapshot.
    let out = env
        .cs()
        .args(["escalate"])
        .args(REST)
        .args(["--account", ACME])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no Salesforce credentials were found"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("--org FILE (cs org snapshot)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn org_sources_are_linted() {
    let env = TestEnv::new();
    let text = std::fs::read_to_string(repo().join("playbooks/escalation.yaml"))
        .unwrap()
        .replace("org: Account.MRR__c", "org: MRR__c FROM User")
        .replace(
            "org: {object: Opportunity, field: Name, where: \"IsClosed = false\", order: CloseDate}",
            "org: {object: Opportunity, field: Name, where: \"IsClosed = false; DELETE\"}",
        );
    let p = env.write("escalation.yaml", &text);
    let out = env
        .cs()
        .args(["playbook", "lint", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("error: field 'mrr': org: 'MRR__c FROM User' is not Account.FIELD"),
        "{text}"
    );
    assert!(
        text.contains("error: field 'opportunities': org: where 'IsClosed = false; DELETE' must be a SOQL condition"),
        "{text}"
    );
}

fn org_check(env: &TestEnv, org: &FakeOrg, format: &str) -> std::process::Output {
    env.cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["org", "check", "--format", format])
        .output()
        .unwrap()
}

#[test]
fn org_check_passes_an_org_set_up_for_the_playbooks() {
    let env = TestEnv::new();
    let org = FakeOrg::start();
    describe_org(&org);
    let out = org_check(&env, &org, "text");
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("playbooks checked against the org: 0 errors, 0 warnings."),
        "{}",
        stderr(&out)
    );
    // One describe per object, whatever the number of playbooks naming it.
    let describes = org
        .requests()
        .into_iter()
        .filter(|r| r.ends_with("/describe"))
        .count();
    assert_eq!(describes, 8);
}

#[test]
fn org_check_names_what_the_org_lacks_at_the_playbook_line() {
    let env = TestEnv::new();
    let org = FakeOrg::start();
    describe_org(&org);
    not_set_up(&org);
    let out = org_check(&env, &org, "text");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let yaml = std::fs::read_to_string(repo().join("playbooks/escalation.yaml")).unwrap();
    let line_of = |needle: &str| yaml.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (needle, finding) in [
        ("Competitor__c:", "error: Case has no field Competitor__c"),
        (
            "Subject: \"{% if cancellation",
            "error: Case.CS_Plan_Key__c is an External ID but not Unique",
        ),
        (
            "Subject: \"{% if cancellation",
            "error: Case record type 'Escalations' is inactive (active: Customer Success)",
        ),
        (
            "Escalation_Cancellation_Reason__c:",
            "error: 'Pricing Issues' is not an active value of the picklist Case.Escalation_Cancellation_Reason__c",
        ),
    ] {
        let at = format!("playbooks/escalation.yaml:{}:", line_of(needle));
        assert!(
            text.lines()
                .any(|l| l.starts_with(&at) && l.contains(finding)),
            "{at} {finding}\n{text}"
        );
    }
    // For CI: GitHub annotations.
    let out = org_check(&env, &org, "github");
    assert!(
        stdout(&out).contains("::error file=playbooks/escalation.yaml,line="),
        "{}",
        stdout(&out)
    );
}

#[test]
fn transition_account_fills_opportunities_tasks_and_open_escalations() {
    let env = TestEnv::new();
    let org = small_org();
    for (id, closed) in [("500000000000001AAA", false), ("500000000000002AAA", true)] {
        org.seed(
            "Case",
            id,
            json!({"AccountId": ACME, "IsClosed": closed, "RecordTypeId": "012000000000ESCAAA", "Subject": "Escalation - Acme"}),
        );
    }
    org.seed(
        "Case",
        "500000000000003AAA",
        json!({"AccountId": ACME, "IsClosed": false, "RecordTypeId": "012000000000CSMAAA", "Subject": "Failed to Onboard - Acme"}),
    );
    org.seed(
        "Case",
        "500000000000004AAA",
        json!({"AccountId": ACME, "IsClosed": false, "RecordTypeId": "012000000000CRSAAA", "Subject": "Custom course upload"}),
    );
    for (id, day, body) in [
        (
            "002000000000001AAA",
            "2026-10-02T15:00:00.000+0000",
            "Kickoff went well.",
        ),
        (
            "002000000000002AAA",
            "2026-11-12T15:00:00.000+0000",
            "Wants the renewal quote by Dec 15.",
        ),
    ] {
        org.seed(
            "Note",
            id,
            json!({"ParentId": ACME, "CreatedDate": day, "Body": body}),
        );
    }
    org.state.lock().unwrap().records.iter_mut().for_each(|r| {
        if r.id == ACME {
            r.fields.insert("Health__c".into(), json!("At Risk"));
        }
    });
    // T6: an opportunity closed ten days ago, whose credit goes to the new
    // CSM; the one closed in 2025 is past the 90 days (LAST_N_DAYS:90 is
    // Salesforce's today, the server's).
    let recent = chrono::Utc::now().date_naive() - chrono::Days::new(10);
    org.seed(
        "Opportunity",
        "006000000000009AAA",
        json!({"Name": "Acme Upsell", "AccountId": ACME, "IsClosed": true, "CloseDate": recent.format("%Y-%m-%d").to_string()}),
    );
    let out = env
        .cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["transition", "--format", "json", "--account", ACME])
        .args(["--set", "to_csm=Jordan Lee", "--set", "reason=leave"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let a = answers(&out);
    assert_eq!(a["account_id"], ACME);
    assert_eq!(a["account_name"], "Acme Family Clinic");
    // The CSM lookup read as the user's name; health as the playbook's key (T3).
    assert_eq!(a["from_csm"], "Maria Lopez");
    assert_eq!(a["health"], "at_risk");
    assert_eq!(a["open_course_cases"], json!(1));
    assert_eq!(a["recent_notes"], "Wants the renewal quote by Dec 15.");
    assert_eq!(a["open_opps"], json!(1));
    assert_eq!(a["opportunity_ids"], json!(["006000000000001AAA"]));
    assert_eq!(a["pending_tasks"], json!(1));
    assert_eq!(
        a["open_escalations"],
        json!(1),
        "the open Escalations case only"
    );
    assert_eq!(a["closed_opportunities"], json!(["Acme Upsell"]));
    // The account; open opportunities (one read serves their count and
    // their Ids); those closed in the last 90 days; open tasks; open
    // escalation cases; open course cases; notes. The stale guard's stamps
    // of the account and the opportunity the plan writes come with them:
    // seven queries, five to a call.
    let queries = org.with(|s| s.soql_log.len());
    assert_eq!(queries, 7);
    assert_eq!(org.requests().len(), 2, "{:?}", org.requests());
}

#[test]
fn escalate_note_from_org_appends_to_the_notes_the_case_holds() {
    let env = TestEnv::new();
    let org = small_org();
    org.seed(
        "Case",
        "500000000000009AAA",
        json!({"CaseNumber": "00001234", "AccountId": ACME,
               "Escalation_Notes__c": "11/18/26_MM:Called, no answer\n11/19/26_MM:Emailed the admin"}),
    );
    org.state
        .lock()
        .unwrap()
        .case_numbers
        .insert("00001234".into(), "500000000000009AAA".into());
    let note = |text: &str| {
        env.cs()
            .env("SF_INSTANCE_URL", &org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .args(["escalate", "note", "--from-org", "--format", "json"])
            .args(["--set", "case_id=00001234", "--set", text])
            .output()
            .unwrap()
    };
    let out = note("note=11/20/26_MM:Called again");
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        plan["records"][0]["fields"]["Escalation_Notes__c"],
        "11/18/26_MM:Called, no answer\n11/19/26_MM:Emailed the admin\n11/20/26_MM:Called again"
    );
    // Sent, the case holds all three, once each.
    let out = env
        .cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["submit", "--yes", "-"])
        .write_stdin(out.stdout)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let case = org.find("Case", "CaseNumber", "00001234");
    assert_eq!(
        case[0].fields["Escalation_Notes__c"],
        json!(
            "11/18/26_MM:Called, no answer\n11/19/26_MM:Emailed the admin\n11/20/26_MM:Called again"
        )
    );
    // N3 on what the org holds: today's note is there now.
    let out = note("note=11/20/26_MM:Called a third time");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Escalation_Notes__c of case 00001234:3: the Escalation Notes already have a note for 11/20/26"),
        "{}",
        stderr(&out)
    );
    // A case the org does not have.
    let out = env
        .cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["escalate", "note", "--from-org"])
        .args([
            "--set",
            "case_id=00009999",
            "--set",
            "note=11/20/26_MM:Called",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("has no case 00009999."),
        "{}",
        stderr(&out)
    );
}

#[test]
fn onboard_and_offboard_take_the_account_from_a_snapshot() {
    let env = TestEnv::new();
    let snap = repo().join("examples/org-snapshot.json");
    let run = |args: &[&str]| {
        env.cs()
            .args(args)
            .args(["--format", "json", "--account", ACME, "--org"])
            .arg(&snap)
            .output()
            .unwrap()
    };
    let out = run(&["onboard", "--set", "users=80"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let a = answers(&out);
    assert_eq!(a["account_name"], "Acme Family Clinic");
    assert_eq!(a["account_id"], ACME);
    assert_eq!(a["products"], json!(["Learning", "Compliance"]));
    assert_eq!(a["mrr"], json!(1250.5));
    assert_eq!(a["fmc"], json!(true));
    let plan: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["records"][0]["fields"]["Account__c"], ACME);

    let out = run(&[
        "offboard",
        "--set",
        "case_id=500000000000001AAA",
        "--set",
        "initials=TL",
        "--set",
        "scenario=cancellation",
        "--set",
        "modules=[Learning]",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let a = answers(&out);
    assert_eq!(a["account_name"], "Acme Family Clinic");
    assert_eq!(a["account_id"], ACME);
    // F6: Billing's notes on the latest case; the CSM by the lookup's name.
    assert_eq!(a["case_notes"], "Billing: past-due invoice paid 11/18.");
    assert_eq!(a["csm_name"], "Maria Lopez");
}
