//! `cs submit --undo` cannot be turned against the org: the journal holds
//! the values actually sent, it must carry this machine's seal, and an undo
//! writes only what the playbooks write, deletes only what the run created
//! (as the org says), and never writes back a masked value.

use crate::common::salesforce::API_USER;
use crate::common::{stderr, stdout};
use crate::submit::{Setup, plan};
use crate::submit_diff::cs_submit;
use hmac::{KeyInit, Mac};
use serde_json::{Value as Json, json};

const ACME: &str = "001000000000001AAA";

/// An escalation case whose ContactId is the account's contact Dana Smith,
/// looked up when sending.
fn case_with_contact() -> Json {
    json!({
        "sobject": "Case", "operation": "upsert", "record_type": "Escalations",
        "external_id": {"field": "CS_Plan_Key__c", "value": "cs-escalation-undo1"},
        "fields": {"Subject": "Escalation - Acme", "AccountId": ACME},
        "links": {"ContactId": {"sobject": "Contact", "field": "Name", "value": "Dana Smith", "of_account": ACME}}
    })
}

#[test]
fn a_case_cs_created_with_a_looked_up_contact_is_undone() {
    let s = Setup::new();
    s.org.seed("Account", ACME, json!({"Name": "Acme"}));
    s.org.seed(
        "Contact",
        "003000000000001AAA",
        json!({"Name": "Dana Smith", "AccountId": ACME}),
    );
    s.env
        .write("plan.json", &plan(vec![case_with_contact()], vec![]));
    let out = cs_submit(&s, &["--yes", "--journal", "run.jsonl", "plan.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The journal holds the Id sent, not what the dry run showed.
    let journal = std::fs::read_to_string(s.env.path("run.jsonl")).unwrap();
    assert!(
        journal.contains("\"ContactId\":\"003000000000001AAA\""),
        "{journal}"
    );
    assert!(!journal.contains("looked up when sending"), "{journal}");
    let out = cs_submit(
        &s,
        &[
            "--undo",
            "run.jsonl",
            "--delete-created",
            "--yes",
            "--journal",
            "undo.jsonl",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 deleted"), "{}", stdout(&out));
    assert!(
        s.org
            .find("Case", "CS_Plan_Key__c", "cs-escalation-undo1")
            .is_empty()
    );
}

/// The key this test environment's cs seals journals with, made by a
/// first run.
fn key(s: &Setup) -> Vec<u8> {
    s.env
        .write("first.json", &plan(vec![crate::submit::case(9)], vec![]));
    let out = cs_submit(s, &["--yes", "--journal", "first.jsonl", "first.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let hex = std::fs::read_to_string(s.env.state_dir().join("journal.key")).unwrap();
    let hex = hex.trim();
    (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// A journal of `lines` chained as cs chains them, each line's hash made
/// by `seal`.
fn chain(lines: &[Json], seal: &dyn Fn(&str) -> String) -> String {
    let mut prev = "0".repeat(64);
    let mut out = String::new();
    for l in lines {
        let mut v = l.clone();
        v["prev"] = json!(prev);
        let body = v.to_string();
        let hash = seal(&body);
        out.push_str(&format!(
            "{},\"hash\":\"{hash}\"}}\n",
            body.strip_suffix('}').unwrap()
        ));
        prev = hash;
    }
    out
}

fn hmac_seal(key: &[u8]) -> impl Fn(&str) -> String {
    let key = key.to_vec();
    move |body: &str| {
        let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
        m.update(body.as_bytes());
        m.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

fn sha256_seal(body: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn run_line() -> Json {
    json!({"event": "run", "at": "2026-12-01T10:00:00.000Z", "cs_version": "0.1.0",
           "plans_sha256": "x", "items": 3, "pid": 1,
           "user": {"id": API_USER, "username": "cs-integration@medtrainer.test"}})
}

/// What an attacker would want an undo to do: deactivate a user, change
/// its email, delete an account.
fn hostile_lines() -> Vec<Json> {
    vec![
        run_line(),
        json!({"event": "result", "at": "2026-12-01T10:00:01.000Z", "key": "User/Id/005000000000007AAA",
               "outcome": "updated", "id": "005000000000007AAA",
               "before": {"IsActive": false, "Email": "attacker@example.com"},
               "after": {"IsActive": true, "Email": "ceo@medtrainer.test"}}),
        json!({"event": "result", "at": "2026-12-01T10:00:02.000Z", "key": "Account/create/abc",
               "outcome": "created", "id": ACME, "after": {"Name": "Acme"}}),
    ]
}

#[test]
fn a_journal_chained_by_hand_is_refused_by_verify_resume_and_undo() {
    let s = Setup::new();
    s.org.seed("Account", ACME, json!({"Name": "Acme"}));
    // The seal key exists once cs has written a journal.
    key(&s);
    s.env.write("plan.json", &plan(vec![], vec![]));
    s.env
        .write("forged.jsonl", &chain(&hostile_lines(), &sha256_seal));
    for args in [
        &["--verify", "forged.jsonl"][..],
        &["--undo", "forged.jsonl", "--delete-created", "--yes"][..],
        &["--yes", "--resume", "forged.jsonl", "plan.json"][..],
    ] {
        let out = cs_submit(&s, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("forged.jsonl:1: its text is not what its hash was made from"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // Nothing was written after the first run.
    let writes = s
        .org
        .requests()
        .iter()
        .filter(|r| !crate::common::salesforce::is_read(r))
        .count();
    assert_eq!(writes, 1, "{:?}", s.org.requests());
    assert_eq!(s.org.find("Account", "Name", "Acme").len(), 1);
}

#[test]
fn a_sealed_journal_cannot_make_an_undo_write_what_no_playbook_writes() {
    let s = Setup::new();
    s.org.seed("Account", ACME, json!({"Name": "Acme"}));
    s.org.seed(
        "User",
        "005000000000007AAA",
        json!({"IsActive": true, "Email": "ceo@medtrainer.test"}),
    );
    // Even sealed with this machine's key (another version of cs, other
    // playbooks, or a person who has the key), it is refused whole.
    let key = key(&s);
    let before = s.org.requests().len();
    let text = chain(&hostile_lines(), &hmac_seal(&key));
    s.env.write("sealed.jsonl", &text);
    let out = cs_submit(&s, &["--verify", "sealed.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cs_submit(&s, &["--undo", "sealed.jsonl", "--delete-created", "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(
        e.contains("sealed.jsonl asks to write what the playbooks in effect never write (3 places); nothing was sent.")
            && e.contains("User 005000000000007AAA: IsActive (no playbook writes it)")
            && e.contains("User 005000000000007AAA: Email (no playbook writes it)")
            && e.contains("Account 001000000000001AAA: a delete (no playbook creates Account records)"),
        "{e}"
    );
    assert!(
        s.org.requests()[before..]
            .iter()
            .all(|r| crate::common::salesforce::is_read(r)),
        "{:?}",
        s.org.requests()
    );
}

#[test]
fn an_undo_deletes_only_what_the_org_says_the_run_created() {
    let s = Setup::new();
    // A case someone else created, which a journal says the run created.
    s.org.seed(
        "Case",
        "500000000000077AAA",
        json!({"Subject": "Billing question", "CreatedById": "005000000000003AAA"}),
    );
    let lines = vec![
        run_line(),
        json!({"event": "result", "at": "2026-12-01T10:00:02.000Z", "key": "Case/CS_Plan_Key__c/cs-x",
               "outcome": "created", "id": "500000000000077AAA", "after": {"Subject": "Billing question"}}),
    ];
    s.env
        .write("sealed.jsonl", &chain(&lines, &hmac_seal(&key(&s))));
    for extra in [&[][..], &["--yes"][..]] {
        let mut args = vec!["--undo", "sealed.jsonl", "--delete-created"];
        args.extend(extra);
        let out = cs_submit(&s, &args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("Case 500000000000077AAA: created by 005000000000003AAA, not by the run's user 005000000000099AAA"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(s.org.find("Case", "Subject", "Billing question").len(), 1);
    assert!(!s.org.requests().iter().any(|r| r.starts_with("DELETE")));
}

#[test]
fn a_value_the_journal_keeps_masked_is_never_written_back() {
    let s = Setup::new();
    let token_like = "00D5e000000ABCD!AQ4AQFakeLookingTokenValue1234567890abcdefXYZ";
    s.org.seed(
        "Case",
        "500000000000005AAA",
        json!({"Description": format!("Old note: admin pasted {token_like}"), "Status": "New"}),
    );
    let update = json!({"sobject": "Case", "operation": "update",
                        "fields": {"Id": "500000000000005AAA", "Description": "11/20/26_MM:Called", "Status": "Working"}});
    s.env.write("plan.json", &plan(vec![update], vec![]));
    let out = cs_submit(&s, &["--yes", "--journal", "run.jsonl", "plan.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let journal = std::fs::read_to_string(s.env.path("run.jsonl")).unwrap();
    assert!(
        journal.contains("\"masked\":[\"Description\"]"),
        "{journal}"
    );
    let out = cs_submit(
        &s,
        &["--undo", "run.jsonl", "--yes", "--journal", "undo.jsonl"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Case 500000000000005AAA: Description was not set back: the journal keeps its value masked"),
        "{}",
        stderr(&out)
    );
    let case = &s.org.find("Case", "Status", "New")[0];
    assert_eq!(case.fields["Description"], "11/20/26_MM:Called");
    assert!(
        !case.fields["Description"]
            .as_str()
            .unwrap()
            .contains("[redacted]")
    );
}

#[test]
fn an_undo_names_the_posts_it_leaves_as_they_are() {
    let s = Setup::new();
    s.org.seed(
        "Account",
        ACME,
        json!({"Name": "Acme", "Customer_Success_Manager__c": "005000000000001AAA"}),
    );
    let update = json!({"sobject": "Account", "operation": "update",
                        "fields": {"Id": ACME, "Customer_Success_Manager__c": "005000000000002AAA"}});
    s.env.write(
        "plan.json",
        &plan(vec![update], vec![crate::submit::slack("Acme escalated")]),
    );
    let out = s
        .env
        .cs()
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", crate::common::salesforce::TOKEN)
        .env("SLACK_WEBHOOK_URL", s.org.webhook())
        .args(["submit", "--yes", "--journal", "run.jsonl", "plan.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cs_submit(
        &s,
        &["--undo", "run.jsonl", "--yes", "--journal", "undo.jsonl"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(
        e.contains("left in place: the Slack message slack/")
            && e.contains("(cs does not take a post back)"),
        "{e}"
    );
    // The account is set back; the post stays posted.
    let acme = &s.org.find("Account", "Name", "Acme")[0];
    assert_eq!(
        acme.fields["Customer_Success_Manager__c"],
        "005000000000001AAA"
    );
    assert_eq!(s.org.with(|st| st.slack_posts.len()), 1);
}

/// A lookup that finds nothing sends nothing: the journal's `after` holds
/// no placeholder for it, and the case is undone.
#[test]
fn a_case_whose_contact_was_not_found_is_undone() {
    let s = Setup::new();
    s.org.seed("Account", ACME, json!({"Name": "Acme"}));
    s.env
        .write("plan.json", &plan(vec![case_with_contact()], vec![]));
    let out = cs_submit(&s, &["--yes", "--journal", "run.jsonl", "plan.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let journal = std::fs::read_to_string(s.env.path("run.jsonl")).unwrap();
    assert!(!journal.contains("looked up when sending"), "{journal}");
    assert!(!journal.contains("ContactId"), "{journal}");
    let out = cs_submit(
        &s,
        &[
            "--undo",
            "run.jsonl",
            "--delete-created",
            "--yes",
            "--journal",
            "undo.jsonl",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        s.org
            .find("Case", "CS_Plan_Key__c", "cs-escalation-undo1")
            .is_empty()
    );
}
