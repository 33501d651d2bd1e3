//! `cs submit` against what the org holds: before anything is written it
//! reads each target record and shows create / update / no change with
//! each field's old and new value; what the org already holds is not sent;
//! `--mode update-only` refuses creates; `--detailed-exitcode` tells CI
//! whether there were changes.

use crate::common::salesforce::TOKEN;
use crate::common::{stderr, stdout};
use crate::submit::{Setup, account, case, plan};
use serde_json::{Value as Json, json};

/// `cs submit ARGS plan.json` with credentials for the test org.
fn submit(s: &Setup, args: &[&str]) -> std::process::Output {
    cs_submit(s, &[args, &["plan.json"]].concat())
}

/// `cs submit ARGS` with credentials for the test org.
pub(crate) fn cs_submit(s: &Setup, args: &[&str]) -> std::process::Output {
    s.env
        .cs()
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .arg("submit")
        .args(args)
        .output()
        .unwrap()
}

/// An org with account 1 (its CSM Maria, user ...1AAA) and escalation
/// case 2 as the plan writes it; the plan creates case 1, moves the
/// account to user ...2AAA and writes case 2 again.
fn org_and_plan() -> Setup {
    let s = Setup::new();
    s.org.seed(
        "Account",
        "001000000000001AAA",
        json!({"Name": "Acme", "Customer_Success_Manager__c": "005000000000001AAA"}),
    );
    let mut held = case(2)["fields"].clone();
    held["CS_Plan_Key__c"] = json!("cs-escalation-test2");
    s.org.seed("Case", "500000000000092AAA", held);
    s.env.write(
        "plan.json",
        &plan(
            vec![
                case(1),
                case(2),
                account("001000000000001AAA", "005000000000002AAA"),
            ],
            vec![],
        ),
    );
    s
}

#[test]
fn the_dry_run_shows_what_would_change_field_by_field_and_writes_nothing() {
    let s = org_and_plan();
    let out = submit(&s, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(
        text,
        "+ create: Case/CS_Plan_Key__c/cs-escalation-test1
    Subject: \"Escalation - Account 1\"
    Description: \"11/20/26_MM:Customer asked to cancel\"
= no change: Case/CS_Plan_Key__c/cs-escalation-test2 (500000000000092AAA)
~ update: Account/Id/001000000000001AAA (001000000000001AAA)
    Customer_Success_Manager__c: \"005000000000001AAA\" → \"005000000000002AAA\"
Plan: 1 to create, 1 to update, 1 unchanged, 0 messages to post.
"
    );
    let requests = s.org.requests();
    assert!(
        requests
            .iter()
            .all(|r| crate::common::salesforce::is_read(r)),
        "a dry run only reads: {requests:?}"
    );
    // Read by key, one query per object and key field, with the record
    // type sending will need: together, in one call.
    assert_eq!(requests, ["POST /services/data/v66.0/composite"]);
    let asked = s.org.with(|st| st.soql_log.clone());
    assert_eq!(asked.len(), 3, "{asked:?}");
    assert!(asked[0].1.contains(
        "FROM Case WHERE CS_Plan_Key__c IN ('cs-escalation-test1', 'cs-escalation-test2')"
    ));
    assert!(
        asked[1]
            .1
            .contains("FROM Account WHERE Id IN ('001000000000001AAA')")
    );

    // For scripts, the same as data.
    let out = submit(&s, &["--format", "json"]);
    let changes: Json = serde_json::from_slice(&out.stdout).unwrap();
    let actions: Vec<&str> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "no_change", "update"]);
    assert_eq!(
        changes[2]["fields"],
        json!([{"field": "Customer_Success_Manager__c", "old": "005000000000001AAA", "new": "005000000000002AAA"}])
    );
}

#[test]
fn what_the_org_already_holds_is_not_sent() {
    let s = org_and_plan();
    let out = submit(&s, &["--yes", "--journal", "j.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 created, 1 updated, 1 unchanged"),
        "{}",
        stdout(&out)
    );
    assert_eq!(s.org.writes("500000000000092AAA"), 0);
    assert_eq!(s.org.writes("001000000000001AAA"), 1);
    let journal = std::fs::read_to_string(s.env.path("j.jsonl")).unwrap();
    let unchanged: Vec<Json> = journal
        .lines()
        .map(|l| serde_json::from_str::<Json>(l).unwrap())
        .filter(|l| l["outcome"] == "unchanged")
        .collect();
    assert_eq!(unchanged.len(), 1, "{journal}");
    assert_eq!(
        unchanged[0]["key"],
        "Case/CS_Plan_Key__c/cs-escalation-test2"
    );
    assert_eq!(unchanged[0]["id"], "500000000000092AAA");
}

#[test]
fn a_mistyped_external_id_shows_as_a_create_and_update_only_refuses_it() {
    let s = Setup::new();
    let mut held = case(1)["fields"].clone();
    held["CS_Plan_Key__c"] = json!("cs-escalation-test1");
    s.org.seed("Case", "500000000000091AAA", held);
    // The key typed by hand, two letters swapped.
    let mut typo = case(1);
    typo["external_id"]["value"] = json!("cs-escalation-tset1");
    typo["fields"]["Description"] = json!("11/21/26_MM:Called again");
    s.env.write("plan.json", &plan(vec![typo], vec![]));
    let out = submit(&s, &[]);
    assert!(
        stdout(&out).starts_with("+ create: Case/CS_Plan_Key__c/cs-escalation-tset1\n"),
        "{}",
        stdout(&out)
    );
    for args in [
        &["--mode", "update-only"][..],
        &["--yes", "--mode", "update-only"][..],
    ] {
        let out = submit(&s, args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("--mode update-only: 1 record would be created (no record has its External ID); nothing was sent.")
                && stderr(&out).contains("  Case/CS_Plan_Key__c/cs-escalation-tset1"),
            "{}",
            stderr(&out)
        );
    }
    // Refused, the run leaves no journal behind.
    let journals = s.env.state_dir().join("journals");
    assert!(std::fs::read_dir(&journals).map_or(true, |mut d| d.next().is_none()));
    assert!(
        s.org
            .requests()
            .iter()
            .all(|r| crate::common::salesforce::is_read(r)),
        "{:?}",
        s.org.requests()
    );
    assert_eq!(
        s.org
            .find("Case", "CS_Plan_Key__c", "cs-escalation-tset1")
            .len(),
        0
    );
}

#[test]
fn detailed_exit_codes_say_whether_there_were_changes() {
    let s = org_and_plan();
    let code = |args: &[&str]| submit(&s, args).status.code();
    // Without the flag: 0 whatever is pending.
    assert_eq!(code(&[]), Some(0));
    // A dry run with changes pending: 2.
    assert_eq!(code(&["--detailed-exitcode"]), Some(2));
    // Sent: 2, there were changes.
    assert_eq!(
        code(&["--yes", "--journal", "a.jsonl", "--detailed-exitcode"]),
        Some(2)
    );
    // Now the org holds the plan: 0, dry run or not.
    assert_eq!(code(&["--detailed-exitcode"]), Some(0));
    let out = submit(
        &s,
        &["--yes", "--journal", "b.jsonl", "--detailed-exitcode"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 created, 0 updated, 3 unchanged"),
        "{}",
        stdout(&out)
    );
    // A failure is still 3.
    s.env.write(
        "plan.json",
        &plan(
            vec![account("001000000000009AAA", "005000000000002AAA")],
            vec![],
        ),
    );
    assert_eq!(
        code(&["--yes", "--journal", "c.jsonl", "--detailed-exitcode"]),
        Some(3)
    );
}

/// `cs transition --account` (Acme to Jordan Lee) against the test org,
/// written to plan.json; the plan.
fn transition_with_org(s: &Setup) -> Json {
    let out = s
        .env
        .cs()
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["transition", "--account", "001000000000001AAA"])
        .args(["--set", "to_csm=Jordan Lee", "--set", "reason=leave"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    s.env.write("plan.json", &stdout(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_record_changed_in_the_org_after_planning_is_refused_naming_who_and_when() {
    let s = Setup {
        env: crate::common::TestEnv::new(),
        org: crate::org::small_org(),
    };
    // Planned with the org: each record says what the org held.
    let make_plan = || transition_with_org(&s);
    let planned = make_plan();
    let account = &planned["records"][0];
    assert_eq!(account["sobject"], "Account");
    assert_eq!(
        account["seen"]["SystemModstamp"],
        "2026-01-01T00:00:00.000+0000"
    );
    assert!(submit(&s, &[]).status.success());

    // Sam Park renames the account in Salesforce before the plan is sent.
    s.org.edit(
        "001000000000001AAA",
        json!({"Name": "Acme Family Clinic LLC"}),
        "005000000000003AAA",
    );
    let before = s.org.requests().len();
    for args in [&[][..], &["--yes", "--journal", "j.jsonl"][..]] {
        let out = submit(&s, args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let e = stderr(&out);
        assert!(
            e.contains("1 record changed in the org since the plan was made; nothing was sent.")
                && e.contains(&format!(
                    "  Account/Id/001000000000001AAA: changed in the org by Sam Park at {}",
                    chrono::Utc::now().format("%Y-%m-%dT")
                ))
                && e.contains(", after the plan read it (2026-01-01T00:00:00.000+0000)")
                && e.contains("make the plan again from the org as it is now"),
            "{e}"
        );
    }
    assert!(
        s.org.requests()[before..]
            .iter()
            .all(|r| crate::common::salesforce::is_read(r)),
        "nothing written: {:?}",
        &s.org.requests()[before..]
    );
    // Planned again, it goes.
    make_plan();
    let out = submit(&s, &["--yes", "--journal", "k.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let acme = s.org.find("Account", "Name", "Acme Family Clinic LLC");
    assert_eq!(
        acme[0].fields["Customer_Success_Manager__c"],
        "005000000000002AAA"
    );
}

#[test]
fn the_journal_keeps_who_what_and_before_after_in_a_hash_chain_that_verify_checks() {
    let s = Setup {
        env: crate::common::TestEnv::new(),
        org: crate::org::small_org(),
    };
    s.org.seed(
        "User",
        crate::common::salesforce::API_USER,
        json!({"Name": "cs Integration", "Username": "cs-integration@medtrainer.test", "IsActive": true}),
    );
    let plan = transition_with_org(&s);
    let out = submit(&s, &["--yes", "--journal", "j.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(s.env.path("j.jsonl")).unwrap();
    let lines: Vec<Json> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Who ran it.
    assert_eq!(
        lines[0]["user"],
        json!({"id": "005000000000099AAA", "name": "cs Integration", "username": "cs-integration@medtrainer.test"})
    );
    // Each written record: by whom, from which plan and playbook, the
    // values before and after.
    let account = lines
        .iter()
        .find(|l| l["key"] == "Account/Id/001000000000001AAA")
        .expect("the account's result");
    assert_eq!(account["outcome"], "updated");
    assert_eq!(account["by"], "cs-integration@medtrainer.test");
    assert_eq!(account["playbook"], plan["provenance"]["playbook_sha256"]);
    // The plan's digest: the SHA-256 of the plan as cs reads it (compact
    // JSON, in its own key order).
    let digest = {
        use sha2::Digest;
        sha2::Sha256::digest(serde_json::to_string(&plan).unwrap().as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(account["plan"], digest);
    assert_eq!(
        account["before"],
        json!({"CSM_Transition_Date__c": null, "Customer_Success_Manager__c": "005000000000001AAA"})
    );
    assert_eq!(
        account["after"],
        json!({"CSM_Transition_Date__c": "2026-11-20", "Customer_Success_Manager__c": "005000000000002AAA"})
    );
    // Chained: each line names the hash of the one before it.
    assert_eq!(lines[0]["prev"], "0".repeat(64));
    for w in lines.windows(2) {
        assert_eq!(w[1]["prev"], w[0]["hash"]);
    }
    let last = lines.last().unwrap()["hash"].as_str().unwrap().to_string();
    assert!(
        stdout(&out).contains(&format!("(last hash {last})")),
        "{}",
        stdout(&out)
    );

    let verify = |s: &Setup| {
        s.env
            .cs()
            .args(["submit", "--verify", "j.jsonl"])
            .output()
            .unwrap()
    };
    let out = verify(&s);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "j.jsonl: {} lines, each as cs wrote it, in an unbroken chain; last hash {last}\n",
            lines.len()
        )
    );
    // A value edited after the run: found, at its line.
    let after = "\"after\":{\"CSM_Transition_Date__c\":\"2026-11-20\",\"Customer_Success_Manager__c\":\"005000000000002AAA\"}";
    let n = text.lines().position(|l| l.contains(after)).unwrap();
    let edited = text.replacen(
        after,
        "\"after\":{\"CSM_Transition_Date__c\":\"2026-11-20\",\"Customer_Success_Manager__c\":\"005000000000003AAA\"}",
        1,
    );
    assert_ne!(edited, text);
    s.env.write("j.jsonl", &edited);
    let out = verify(&s);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "j.jsonl:{}: its text is not what its hash was made from: it was changed after it was written, or written on another machine",
            n + 1
        )),
        "{}",
        stderr(&out)
    );
    // A line taken out: the next one no longer follows.
    let removed: String = text
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    s.env.write("j.jsonl", &removed);
    let out = verify(&s);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "j.jsonl:2: it does not follow the line before it: a line was removed, moved or put in."
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn undo_restores_the_values_before_exactly_refuses_what_changed_since_and_deletes_only_when_told() {
    let s = Setup {
        env: crate::common::TestEnv::new(),
        org: crate::org::small_org(),
    };
    // A run that moves Acme and its open opportunity to Jordan Lee and
    // opens an escalation case.
    transition_with_org(&s);
    s.env.write("case.json", &plan(vec![case(1)], vec![]));
    let run = |args: &[&str]| cs_submit(&s, args);
    let out = run(&["--yes", "--journal", "run.jsonl", "plan.json", "case.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let field = |id: &str| {
        s.org.with(|st| {
            st.records
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.fields.get("Customer_Success_Manager__c").cloned())
        })
    };
    assert_eq!(
        field("001000000000001AAA"),
        Some(Some(json!("005000000000002AAA")))
    );
    assert_eq!(
        field("006000000000001AAA"),
        Some(Some(json!("005000000000002AAA")))
    );
    let case_id = s.org.find("Case", "CS_Plan_Key__c", "cs-escalation-test1")[0]
        .id
        .clone();

    // The undo's dry run: each field back to what it was; the case is
    // listed, left in place.
    let out = run(&["--undo", "run.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "~ update: Account/Id/001000000000001AAA (001000000000001AAA)
    CSM_Transition_Date__c: \"2026-11-20\" → (empty)
    Customer_Success_Manager__c: \"005000000000002AAA\" → \"005000000000001AAA\"
~ update: Opportunity/Id/006000000000001AAA (006000000000001AAA)
    Customer_Success_Manager__c: \"005000000000002AAA\" → (empty)
Plan: 0 to create, 2 to update, 0 unchanged, 0 messages to post.
"
    );
    assert!(
        stderr(&out).contains(&format!(
            "left in place: Case {case_id} (Case/CS_Plan_Key__c/cs-escalation-test1), created by that run; pass --delete-created to delete it"
        )),
        "{}",
        stderr(&out)
    );
    // Undone, with the case deleted: the values are exactly the ones
    // before (the opportunity's CSM empty again).
    let out = run(&[
        "--undo",
        "run.jsonl",
        "--delete-created",
        "--yes",
        "--journal",
        "undo.jsonl",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 created, 2 updated, 1 deleted, 0 unchanged"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        field("001000000000001AAA"),
        Some(Some(json!("005000000000001AAA")))
    );
    assert_eq!(field("006000000000001AAA"), Some(Some(Json::Null)));
    assert_eq!(field(&case_id), None, "the created case is deleted");

    // A run whose records someone changed afterwards is not undone.
    transition_with_org(&s);
    let out = run(&["--yes", "--journal", "run2.jsonl", "plan.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    s.org.edit(
        "001000000000001AAA",
        json!({"Customer_Success_Manager__c": "005000000000003AAA"}),
        "005000000000003AAA",
    );
    let before = s.org.requests().len();
    let out = run(&["--undo", "run2.jsonl", "--yes", "--journal", "undo2.jsonl"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "  Account/Id/001000000000001AAA: Customer_Success_Manager__c no longer holds what cs wrote (2026-"
        ) && stderr(&out).contains(&format!(
            "); last changed in the org by Sam Park at {}",
            chrono::Utc::now().format("%Y-%m-%dT")
        )) && stderr(&out).contains("cs does not overwrite it"),
        "{}",
        stderr(&out)
    );
    assert!(
        s.org.requests()[before..]
            .iter()
            .all(|r| crate::common::salesforce::is_read(r)),
        "{:?}",
        &s.org.requests()[before..]
    );
    assert_eq!(
        field("001000000000001AAA"),
        Some(Some(json!("005000000000003AAA")))
    );
}

/// Above 2,000 records the org is read through Bulk API 2.0, whose CSV
/// writes a dateTime with Z where REST (which stamped the plan) writes
/// +0000: the same instant, so no record is stale.
#[test]
fn stamps_read_through_bulk_api_are_compared_as_instants() {
    let s = Setup::new();
    let ids = s.accounts(2_001);
    let records: Vec<Json> = ids
        .iter()
        .map(|id| {
            let mut r = crate::submit::account(id, "Sam Lee");
            r["fields"]["Customer_Success_Manager__c"] = json!("005000000000002AAA");
            r["seen"] = json!({"SystemModstamp": "2026-01-01T00:00:00.000+0000",
                               "at": "2026-11-20T09:00:00.000Z"});
            r
        })
        .collect();
    s.env
        .write("plan.json", &crate::submit::plan(records, vec![]));
    let out = s
        .env
        .cs()
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", crate::common::salesforce::TOKEN)
        .args(["submit", "--format", "json", "plan.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        s.org
            .with(|st| st.soql_log.iter().any(|(how, _)| *how == "bulk")),
        "read through Bulk API"
    );
    assert!(
        !stderr(&out).contains("changed in the org"),
        "{}",
        stderr(&out)
    );
}
