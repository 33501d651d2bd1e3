//! `cs submit` against a Salesforce org and a Slack webhook served on
//! 127.0.0.1 by the test itself (tests/it/common/salesforce.rs), with faults
//! injected: after every scenario each record is held exactly once.

use crate::common::salesforce::{CLIENT_SECRET, FakeOrg, Fault, TOKEN};
use crate::common::{TestEnv, stderr, stdout};
use serde_json::{Value as Json, json};
use std::time::Duration;

pub(crate) fn plan(records: Vec<Json>, messages: Vec<Json>) -> String {
    json!({
        "format": 1,
        "playbook": "escalation",
        "command": "escalate",
        "provenance": {"cs_version": "0.1.0", "playbook_sha256": "0"},
        "summary": {}, "answers": {},
        "records": records, "messages": messages,
        "drafts": [], "schedule": [], "checklist": [], "warnings": []
    })
    .to_string()
}

pub(crate) fn case(n: usize) -> Json {
    json!({
        "sobject": "Case", "operation": "upsert", "record_type": "Escalations",
        "external_id": {"field": "CS_Plan_Key__c", "value": format!("cs-escalation-test{n}")},
        "fields": {
            "Subject": format!("Escalation - Account {n}"),
            "Description": "11/20/26_MM:Customer asked to cancel"
        }
    })
}

/// A Task created without an External ID.
pub(crate) fn task(subject: &str) -> Json {
    json!({"sobject": "Task", "operation": "create",
           "fields": {"Subject": subject, "ActivityDate": "2026-11-23"}})
}

/// The digest part of the Task's key, as the journal names it.
pub(crate) fn task_key_digest(lines: &[Json]) -> String {
    lines
        .iter()
        .filter_map(|l| l["key"].as_str())
        .find_map(|k| k.strip_prefix("Task/create/"))
        .unwrap_or_default()
        .to_string()
}

pub(crate) fn account(id: &str, csm: &str) -> Json {
    json!({"sobject": "Account", "operation": "update",
           "fields": {"Id": id, "Customer_Success_Manager__c": csm}})
}

/// A plan that moves each of `ids` to the CSM Sam Lee.
pub(crate) fn accounts_plan(ids: &[String]) -> String {
    plan(
        ids.iter().map(|id| account(id, "Sam Lee")).collect(),
        vec![],
    )
}

/// The reply of an org whose API request limit is used up.
pub(crate) const LIMIT_EXCEEDED: &str =
    r#"[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]"#;

pub(crate) fn slack(text: &str) -> Json {
    json!({"channel": "slack", "text": text,
           "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]})
}

pub(crate) struct Setup {
    pub(crate) env: TestEnv,
    pub(crate) org: FakeOrg,
}

impl Setup {
    pub(crate) fn new() -> Self {
        Self {
            env: TestEnv::new(),
            org: FakeOrg::start(),
        }
    }

    /// `cs submit --yes` with a token, a journal in the test directory and
    /// a short timeout, on `plan` (written to plan.json).
    pub(crate) fn submit(&self, plan: &str) -> assert_cmd::Command {
        self.env.write("plan.json", plan);
        let mut c = self.env.cs();
        c.env("SF_INSTANCE_URL", &self.org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .args(["submit", "--yes", "--timeout", "2", "plan.json"]);
        c
    }

    /// Seeds accounts 001000000000001AAA, ...002AAA, ... and returns their Ids.
    pub(crate) fn accounts(&self, n: usize) -> Vec<String> {
        let ids: Vec<String> = (1..=n).map(|i| format!("001{i:012}AAA")).collect();
        for id in &ids {
            self.org.seed("Account", id, json!({"Name": id}));
        }
        ids
    }

    /// [`Setup::submit`] with more arguments, run to the end.
    pub(crate) fn run(&self, plan: &str, args: &[&str]) -> std::process::Output {
        self.submit(plan).args(args).output().unwrap()
    }

    /// `cs submit --yes ARGS plan.json` with the Slack webhook and no
    /// Salesforce credentials: a plan of Slack messages only.
    pub(crate) fn post(&self, plan: &str, args: &[&str]) -> std::process::Output {
        self.env.write("plan.json", plan);
        self.env
            .cs()
            .env("SLACK_WEBHOOK_URL", self.org.webhook())
            .args(["submit", "--yes"])
            .args(args)
            .arg("plan.json")
            .output()
            .unwrap()
    }

    pub(crate) fn journal(&self) -> std::path::PathBuf {
        self.env.path("journal.jsonl")
    }

    pub(crate) fn journal_lines(&self) -> Vec<Json> {
        std::fs::read_to_string(self.journal())
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("journal line is JSON"))
            .collect()
    }

    /// Asserts that each `cs-escalation-test{n}` case is held once, written once.
    pub(crate) fn assert_cases_once(&self, ns: &[usize]) {
        for n in ns {
            let found = self
                .org
                .find("Case", "CS_Plan_Key__c", &format!("cs-escalation-test{n}"));
            assert_eq!(found.len(), 1, "case {n} is held {} times", found.len());
            assert_eq!(
                self.org.writes(&found[0].id),
                1,
                "case {n} was written more than once"
            );
            assert_eq!(
                found[0].fields["Subject"],
                json!(format!("Escalation - Account {n}"))
            );
            assert_eq!(found[0].fields["RecordTypeId"], json!("012000000000ESCAAA"));
        }
    }
}

pub(crate) fn results(lines: &[Json]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter(|l| l["event"] == "result")
        .map(|l| {
            (
                l["key"].as_str().unwrap().to_string(),
                l["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_dry_run_prints_every_request_and_sends_nothing() {
    let s = Setup::new();
    s.env.write(
        "plan.json",
        &plan(
            vec![case(1), account("001000000000001AAA", "Sam Lee")],
            vec![slack("Escalation: Acme")],
        ),
    );
    // Without credentials: the requests cs would send.
    let out = s.env.cs().args(["submit", "plan.json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "PATCH /services/data/v66.0/sobjects/Case/CS_Plan_Key__c/cs-escalation-test1"
        ),
        "{text}"
    );
    assert!(
        text.contains("PATCH /services/data/v66.0/composite/sobjects"),
        "{text}"
    );
    assert!(text.contains("\"allOrNone\": false"), "{text}");
    assert!(text.contains("POST <SLACK_WEBHOOK_URL>"), "{text}");
    assert!(
        stderr(&out).contains("Dry run: 3 requests for 2 records and 1 Slack message."),
        "{}",
        stderr(&out)
    );
    assert!(
        s.org.requests().is_empty(),
        "a dry run sent {:?}",
        s.org.requests()
    );
    assert!(!s.journal().exists());

    // --format json: the same requests as data.
    let out = s
        .env
        .cs()
        .args(["submit", "--format", "json", "plan.json"])
        .output()
        .unwrap();
    let reqs: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reqs.as_array().unwrap().len(), 3);
    assert_eq!(reqs[0]["method"], "PATCH");
    assert_eq!(reqs[0]["body"]["Subject"], "Escalation - Account 1");
}

#[test]
fn upserts_create_then_update_by_external_id_and_resolve_the_record_type_once() {
    let s = Setup::new();
    let p = plan(vec![case(1), case(2)], vec![]);
    let out = s.run(&p, &["--journal", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "2 created, 0 updated, 0 unchanged (the org or the journal holds them), 0 failed"
        ),
        "{}",
        stdout(&out)
    );
    s.assert_cases_once(&[1, 2]);
    let asked = s.org.with(|st| st.soql_log.clone());
    let record_types = asked
        .iter()
        .filter(|(_, q)| q.contains("FROM RecordType"))
        .count();
    assert_eq!(record_types, 1, "the record type is looked up once per run");
    // Before writing, the two cases were looked for by External ID, in one
    // query: neither was there, so both are created.
    let cases: Vec<&String> = asked
        .iter()
        .map(|(_, q)| q)
        .filter(|q| q.contains("FROM Case WHERE CS_Plan_Key__c IN"))
        .collect();
    assert_eq!(cases.len(), 1, "{asked:?}");

    // The plan with a new description: the same two records, updated
    // (200, created false).
    let edited = |n: usize| {
        let mut c = case(n);
        c["fields"]["Description"] = json!("11/21/26_MM:Customer called again");
        c
    };
    let p2 = plan(vec![edited(1), edited(2)], vec![]);
    let out = s.run(&p2, &["--journal", "again.jsonl", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // --format json: the summary as data for scripts.
    let summary: Json = serde_json::from_slice(&out.stdout).expect("a JSON summary");
    assert_eq!(
        (&summary["created"], &summary["updated"], &summary["failed"]),
        (&json!(0), &json!(2), &json!(0))
    );
    assert_eq!(summary["journal"], "again.jsonl");
    for n in [1, 2] {
        assert_eq!(
            s.org
                .find("Case", "CS_Plan_Key__c", &format!("cs-escalation-test{n}"))
                .len(),
            1
        );
    }
    let lines = s.journal_lines();
    assert_eq!(lines[0]["event"], "run");
    assert_eq!(
        results(&lines),
        vec![
            (
                "Case/CS_Plan_Key__c/cs-escalation-test1".to_string(),
                "created".to_string()
            ),
            (
                "Case/CS_Plan_Key__c/cs-escalation-test2".to_string(),
                "created".to_string()
            ),
        ]
    );
    assert_eq!(
        lines[1]["event"], "sending",
        "what is in flight is journaled first"
    );
    let first = lines.iter().find(|l| l["event"] == "result").unwrap();
    assert!(first["id"].as_str().unwrap().starts_with("500"));
    // Two upserts of one object: one sObject Collections call.
    let writes: Vec<String> = s
        .org
        .requests()
        .into_iter()
        .filter(|r| r.starts_with("PATCH"))
        .collect();
    assert_eq!(
        writes,
        vec![
            "PATCH /services/data/v66.0/composite/sobjects/Case/CS_Plan_Key__c".to_string(),
            "PATCH /services/data/v66.0/composite/sobjects/Case/CS_Plan_Key__c".to_string(),
        ],
        "one call per run"
    );
    // The same plan a third time: the org holds every value, so nothing is
    // written, and the journal says so.
    let before = s.org.requests().len();
    let out = s.run(&p2, &["--journal", "third.jsonl", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: Json = serde_json::from_slice(&out.stdout).expect("a JSON summary");
    assert_eq!(
        (&summary["updated"], &summary["unchanged"]),
        (&json!(0), &json!(2))
    );
    assert!(
        s.org.requests()[before..]
            .iter()
            .all(|r| !r.starts_with("PATCH")),
        "{:?}",
        &s.org.requests()[before..]
    );
    let third = std::fs::read_to_string(s.env.path("third.jsonl")).unwrap();
    assert_eq!(
        third.matches("\"outcome\":\"unchanged\"").count(),
        2,
        "{third}"
    );
}

#[test]
fn a_503_is_retried_and_the_record_written_once() {
    let s = Setup::new();
    s.org.fault(
        "PATCH",
        "/sobjects/Case/",
        Fault::Status(
            503,
            r#"[{"errorCode":"SERVER_UNAVAILABLE","message":"try later"}]"#,
            None,
        ),
        1,
    );
    let out = s.run(
        &plan(vec![case(1)], vec![]),
        &["--journal", "journal.jsonl", "--verbose"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("-> 503"), "{}", stderr(&out));
    assert!(stderr(&out).contains("retry 1 in"), "{}", stderr(&out));
    s.assert_cases_once(&[1]);
}

#[test]
fn a_connection_dropped_after_the_write_is_checked_by_external_id_not_resent() {
    let s = Setup::new();
    s.org.fault(
        "PATCH",
        "/composite/sobjects/Case/CS_Plan_Key__c",
        Fault::DropAfterStore,
        1,
    );
    let out = s.run(
        &plan(vec![case(1), case(2)], vec![]),
        &["--journal", "journal.jsonl", "--verbose"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // The lost answer of the Collections call was followed by a GET by
    // External ID of each record, not a second PATCH.
    let reqs = s.org.requests();
    let gets = reqs
        .iter()
        .filter(|r| r.starts_with("GET /services/data/v66.0/sobjects/Case/CS_Plan_Key__c/"))
        .count();
    assert_eq!(gets, 2, "{reqs:?}");
    let patches = reqs.iter().filter(|r| r.starts_with("PATCH")).count();
    assert_eq!(patches, 1, "{reqs:?}");
    s.assert_cases_once(&[1, 2]);
    // Found with CreatedDate == LastModifiedDate: it was this run that created it.
    assert!(stdout(&out).contains("2 created"), "{}", stdout(&out));
}

#[test]
fn an_answer_slower_than_the_timeout_is_checked_before_anything_is_resent() {
    let s = Setup::new();
    s.org.fault(
        "PATCH",
        "/sobjects/Case/",
        Fault::Slow(Duration::from_secs(4)),
        1,
    );
    let out = s.run(
        &plan(vec![case(1)], vec![]),
        &["--journal", "journal.jsonl", "--verbose"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("timed out"), "{}", stderr(&out));
    s.assert_cases_once(&[1]);
}

#[test]
fn a_401_gets_one_fresh_token_by_client_credentials() {
    let s = Setup::new();
    s.org
        .fault("PATCH", "/sobjects/Case", Fault::ExpireToken, 1);
    s.env
        .write("plan.json", &plan(vec![case(1), case(2)], vec![]));
    let out = s
        .env
        .cs()
        .env("SF_LOGIN_URL", &s.org.url)
        .env("SF_CLIENT_ID", "cs-client-id")
        .env("SF_CLIENT_SECRET", CLIENT_SECRET)
        .args(["submit", "--yes", "--journal", "journal.jsonl", "plan.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(s.org.with(|st| st.logins), 2, "one login, one renewal");
    s.assert_cases_once(&[1, 2]);
}

#[test]
fn a_refused_static_token_stops_with_the_fix_and_resume_finishes() {
    let s = Setup::new();
    let ids = s.accounts(1);
    s.org
        .fault("PATCH", "/composite/sobjects", Fault::ExpireToken, 1);
    let p = plan(vec![case(1), account(&ids[0], "Sam Lee")], vec![]);
    let out = s.run(&p, &["--journal", "journal.jsonl"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("the access token in SF_ACCESS_TOKEN was refused"),
        "{err}"
    );
    assert!(err.contains("--resume"), "{err}");
    // The update the token was refused for never took effect: not sent.
    assert_eq!(
        results(&s.journal_lines()),
        vec![
            (
                "Case/CS_Plan_Key__c/cs-escalation-test1".to_string(),
                "created".to_string()
            ),
            (format!("Account/Id/{}", ids[0]), "not_sent".to_string()),
        ]
    );
    // With a valid token again, --resume sends only what is not confirmed.
    s.org.state.lock().unwrap().valid_tokens.push(TOKEN.into());
    let out = s.run(&p, &["--resume", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 created, 1 updated, 1 unchanged"),
        "{}",
        stdout(&out)
    );
    s.assert_cases_once(&[1]);
    assert_eq!(s.org.writes(&ids[0]), 1);
}

/// A plan of an upsert, a create the org refuses (its API request limit is
/// used up) and an update that must then not be sent; and the account the
/// update is for.
pub(crate) fn limit_stops_the_create(s: &Setup) -> (String, Vec<String>) {
    let ids = s.accounts(1);
    s.org.fault(
        "POST",
        "/sobjects/Task",
        Fault::Status(403, LIMIT_EXCEEDED, None),
        1,
    );
    let p = plan(
        vec![case(1), task("Call Acme"), account(&ids[0], "Sam Lee")],
        vec![],
    );
    (p, ids)
}

#[test]
fn request_limit_exceeded_stops_cleanly_and_resume_writes_each_record_once() {
    let s = Setup::new();
    let (p, ids) = limit_stops_the_create(&s);
    let out = s.run(&p, &["--journal", "journal.jsonl"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("REQUEST_LIMIT_EXCEEDED"), "{err}");
    assert!(
        stdout(&out).contains("1 created, 0 updated"),
        "{}",
        stdout(&out)
    );
    assert!(
        err.contains("hint: what was confirmed is in the journal; continue with: cs submit --yes --resume journal.jsonl PLAN"),
        "{err}"
    );
    // Nothing after the stop was sent, and the refused create is "not sent",
    // not "unknown": a resume sends it.
    assert_eq!(s.org.writes(&ids[0]), 0);
    assert!(s.org.find("Task", "Subject", "Call Acme").is_empty());
    assert!(results(&s.journal_lines()).contains(&(
        "Task/create/".to_string() + &task_key_digest(&s.journal_lines()),
        "not_sent".to_string()
    )));
    let before = s.org.requests().len();

    let out = s.run(&p, &["--resume", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 created, 1 updated, 1 unchanged"),
        "{}",
        stdout(&out)
    );
    s.assert_cases_once(&[1]);
    assert_eq!(s.org.find("Task", "Subject", "Call Acme").len(), 1);
    assert_eq!(s.org.writes(&ids[0]), 1);
    let resent: Vec<String> = s.org.requests()[before..]
        .iter()
        .filter(|r| r.contains("test1"))
        .cloned()
        .collect();
    assert!(
        resent.is_empty(),
        "resume resent a confirmed record: {resent:?}"
    );
    let lines = s.journal_lines();
    assert_eq!(
        lines.iter().filter(|l| l["event"] == "run").count(),
        2,
        "both runs append to one journal"
    );

    // Everything confirmed: a third run sends nothing at all.
    let before = s.org.requests().len();
    let out = s.run(&p, &["--resume", "journal.jsonl"]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("Nothing to send"), "{}", stderr(&out));
    assert_eq!(s.org.requests().len(), before);
}

#[test]
fn collection_updates_report_each_record_and_resume_sends_only_the_failed_one() {
    let s = Setup::new();
    let mut ids = s.accounts(2);
    // The third record is not in the org: Salesforce refuses it.
    ids.push("001000000000003AAA".to_string());
    let p = accounts_plan(&ids);
    let out = s.run(&p, &["--journal", "journal.jsonl"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "0 created, 2 updated, 0 unchanged (the org or the journal holds them), 1 failed"
        ),
        "{text}"
    );
    assert!(
        text.contains("Account/Id/001000000000003AAA: ENTITY_IS_DELETED: entity is deleted"),
        "{text}"
    );
    assert_eq!(
        s.org
            .requests()
            .iter()
            .filter(|r| r.contains("composite/sobjects"))
            .count(),
        1,
        "one call for all three"
    );

    s.org
        .seed("Account", "001000000000003AAA", json!({"Name": "Gamma"}));
    let out = s.run(&p, &["--resume", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 updated, 2 unchanged"),
        "{}",
        stdout(&out)
    );
    for id in &ids {
        assert_eq!(s.org.writes(id), 1, "{id}");
    }
}

#[test]
fn a_collection_call_whose_answer_is_lost_is_checked_record_by_record() {
    let s = Setup::new();
    let ids = s.accounts(2);
    s.org
        .fault("PATCH", "composite/sobjects", Fault::DropAfterStore, 1);
    let p = accounts_plan(&ids);
    let out = s.run(&p, &["--journal", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        s.org
            .requests()
            .iter()
            .any(|r| r.starts_with("GET /services/data/v66.0/composite/sobjects/Account"))
    );
    for id in &ids {
        assert_eq!(s.org.writes(id), 1, "{id}");
    }
}

#[test]
fn above_the_threshold_updates_go_in_a_bulk_api_job_with_failed_results_kept() {
    let s = Setup::new();
    s.accounts(2);
    s.org.state.lock().unwrap().job_polls = 2;
    let p = plan(
        vec![
            account("001000000000001AAA", "Sam Lee"),
            account("001000000000002AAA", "Ana \"Annie\" Ruiz, CSM"),
            account("001000000000003AAA", "Sam Lee"),
        ],
        vec![],
    );
    let out = s.run(&p, &["--journal", "journal.jsonl", "--bulk-threshold", "2"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("2 updated, 0 unchanged (the org or the journal holds them), 1 failed"),
        "{text}"
    );
    let reqs = s.org.requests();
    assert!(
        reqs.iter()
            .any(|r| r == "POST /services/data/v66.0/jobs/ingest"),
        "{reqs:?}"
    );
    assert!(
        !reqs
            .iter()
            .any(|r| r.starts_with("PATCH") && r.contains("composite")),
        "no Collections call: {reqs:?}"
    );
    // The value with a quote and a comma arrived whole (RFC 4180 quoting).
    let beta = s.org.with(|st| {
        st.records
            .iter()
            .find(|r| r.id == "001000000000002AAA")
            .unwrap()
            .fields
            .clone()
    });
    assert_eq!(
        beta["Customer_Success_Manager__c"],
        json!("Ana \"Annie\" Ruiz, CSM")
    );
    // failedResults as Salesforce wrote them, beside the journal.
    let job = s.org.with(|st| st.jobs[0].0.clone());
    let failed = std::fs::read_to_string(s.env.path(&format!("failed-results-{job}.csv"))).unwrap();
    let mut rdr = csv::Reader::from_reader(failed.as_bytes());
    assert_eq!(
        rdr.headers().unwrap().iter().take(3).collect::<Vec<_>>(),
        ["sf__Id", "sf__Error", "Id"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][2], "001000000000003AAA");
    assert!(rows[0][1].starts_with("ENTITY_IS_DELETED"));
    assert!(text.contains("Bulk API failed results:"), "{text}");
}

#[test]
fn a_bulk_job_left_running_by_a_stopped_run_is_read_back_on_resume_not_sent_again() {
    let s = Setup::new();
    let ids = s.accounts(3);
    s.org.state.lock().unwrap().job_polls = 1;
    s.org.fault(
        "GET",
        "/jobs/ingest/",
        Fault::Status(403, LIMIT_EXCEEDED, None),
        1,
    );
    let p = accounts_plan(&ids);
    let out = s.run(&p, &["--journal", "journal.jsonl", "--bulk-threshold", "1"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(s.journal_lines().iter().any(|l| l["event"] == "bulk_job"));

    let out = s.run(&p, &["--resume", "journal.jsonl", "--bulk-threshold", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("3 updated, 0 unchanged"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        s.org.with(|st| st.jobs.len()),
        1,
        "resume read the job's results instead of a second job"
    );
    assert!(ids.iter().all(|id| s.org.writes(id) == 1));
}

#[test]
fn an_unknown_record_type_stops_before_any_write_naming_the_ones_there_are() {
    let s = Setup::new();
    let mut c = case(1);
    c["record_type"] = json!("Escalation Cases");
    let out = s.run(&plan(vec![c], vec![]), &["--journal", "journal.jsonl"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Case has no active record type named 'Escalation Cases'; it has: Escalations, Customer Success, Course."), "{err}");
    assert!(!s.org.requests().iter().any(|r| r.starts_with("PATCH")));
}

#[test]
fn field_limits_are_checked_offline_and_every_problem_reported_at_once() {
    let s = Setup::new();
    let mut long = case(1);
    long["fields"]["Subject"] = json!("x".repeat(300));
    let bad_id = account("not-an-id", "Sam");
    let out = s
        .submit(&plan(vec![long, bad_id], vec![]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("2 problems in the plan; nothing was sent."),
        "{err}"
    );
    assert!(err.contains("records[0] (Case upsert): Case.Subject is 300 characters long; Salesforce takes at most 255"), "{err}");
    assert!(
        err.contains("records[1] (Account update): Id 'not-an-id' is not a Salesforce Id"),
        "{err}"
    );
    assert!(s.org.requests().is_empty());
}

#[test]
fn a_case_known_by_its_number_is_looked_up_and_updated() {
    let s = Setup::new();
    s.org.seed(
        "Case",
        "500000000000777AAA",
        json!({"Subject": "Escalation - Acme"}),
    );
    s.org
        .state
        .lock()
        .unwrap()
        .case_numbers
        .insert("00001234".into(), "500000000000777AAA".into());
    // The plan cs escalate note builds for a case given by its number.
    s.env
        .write("notes.txt", "11/19/26_MM:Called the customer\n");
    let out = s
        .env
        .cs()
        .args([
            "escalate",
            "note",
            "--set",
            "case_id=00001234",
            "--set",
            "note=11/20/26_MM:Left a voicemail",
            "--existing",
            "notes.txt",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = s.run(&stdout(&out), &["--journal", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rec = s.org.with(|st| st.records[0].fields.clone());
    assert_eq!(
        rec["Escalation_Notes__c"],
        json!("11/19/26_MM:Called the customer\n11/20/26_MM:Left a voicemail")
    );
    assert_eq!(s.org.writes("500000000000777AAA"), 1);
}

#[test]
fn an_offboarding_note_is_a_comment_on_the_case_and_its_description_stays() {
    let s = Setup::new();
    let case_id = "500000000000888AAA";
    s.org.seed(
        "Case",
        case_id,
        json!({"Subject": "Offboarding - Acme", "Description": "11/02/26_MM:Customer wrote about their Recurly invoice", "Status": "New"}),
    );
    s.org
        .state
        .lock()
        .unwrap()
        .case_numbers
        .insert("00012345".into(), case_id.into());
    s.env.write(
        "o.yaml",
        "account_name: Acme Family Clinic\naccount_id: 001000000000001AAA\ncase_id: \"00012345\"\ninitials: TL\nscenario: non_renewal\ncontract_end_date: 2026-12-31\nmodules: [Learning]\n",
    );
    let out = s
        .env
        .cs()
        .args(["offboard", "--answers", "o.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = s.run(&stdout(&out), &["--journal", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let case = s.org.find("Case", "Subject", "Offboarding - Acme");
    assert_eq!(
        case[0].fields["Description"],
        json!("11/02/26_MM:Customer wrote about their Recurly invoice"),
        "what others wrote is not replaced"
    );
    assert_eq!(case[0].fields["Status"], json!("Bill till Payout"));
    let comments = s.org.with(|st| {
        st.records
            .iter()
            .filter(|r| r.sobject == "CaseComment")
            .cloned()
            .collect::<Vec<_>>()
    });
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].fields["ParentId"], json!(case_id));
    assert_eq!(
        comments[0].fields["CommentBody"],
        json!("11/20/26_TL:Offboarding (Non-renewal)")
    );
}

/// A transition plan moving account 001...1 and its open opportunity to `to`.
fn transition_plan(s: &Setup, to: &str) -> String {
    s.env.write(
        "t.yaml",
        &format!("account_id: 001000000000001AAA\naccount_name: Acme Family Clinic\nfrom_csm: Maria Moreno\nto_csm: {to}\nreason: leave\nhealth: healthy\nopen_opps: 1\nopportunity_ids: [006000000000001AAA]\n"),
    );
    let out = s
        .env
        .cs()
        .args(["transition", "--answers", "t.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn a_new_csm_is_written_as_a_user_id_found_by_name_or_email() {
    let s = Setup::new();
    s.accounts(1);
    s.org.seed(
        "Opportunity",
        "006000000000001AAA",
        json!({"Name": "Acme Renewal"}),
    );
    for (id, name, email, active) in [
        (
            "005000000000001AAA",
            "Jordan Lee",
            "jlee@medtrainer.test",
            true,
        ),
        (
            "005000000000002AAA",
            "Sam Lee",
            "sam.lee@medtrainer.test",
            true,
        ),
        (
            "005000000000003AAA",
            "Sam Lee",
            "samuel.lee@medtrainer.test",
            true,
        ),
        (
            "005000000000004AAA",
            "Jordan Lee",
            "jordan.old@medtrainer.test",
            false,
        ),
    ] {
        s.org.seed(
            "User",
            id,
            json!({"Name": name, "Email": email, "IsActive": active}),
        );
    }
    let csm = |id: &str| {
        s.org
            .with(|st| st.records.iter().find(|r| r.id == id).unwrap().fields["Customer_Success_Manager__c"].clone())
    };
    // The dry run says who is looked up.
    s.env.write("plan.json", &transition_plan(&s, "Jordan Lee"));
    let out = s.env.cs().args(["submit", "plan.json"]).output().unwrap();
    assert!(
        stdout(&out).contains("\"Customer_Success_Manager__c\": \"<Id of the active user whose name is Jordan Lee, looked up when sending>\""),
        "{}",
        stdout(&out)
    );
    // An active user by name (the inactive namesake does not count), in
    // one query for the whole run.
    let before = s.org.with(|st| st.soql_log.len());
    let out = s.run(
        &transition_plan(&s, "Jordan Lee"),
        &["--journal", "j1.jsonl"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(csm("001000000000001AAA"), json!("005000000000001AAA"));
    assert_eq!(csm("006000000000001AAA"), json!("005000000000001AAA"));
    let user_queries = s.org.with(|st| {
        st.soql_log[before..]
            .iter()
            .filter(|(_, q)| q.contains("FROM User WHERE IsActive"))
            .count()
    });
    assert_eq!(user_queries, 1);
    // A name two active users share is refused, naming both.
    let out = s.run(&transition_plan(&s, "Sam Lee"), &["--journal", "j2.jsonl"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Customer_Success_Manager__c: 2 active users have the name 'Sam Lee': Sam Lee <sam.lee@medtrainer.test> (005000000000002AAA), Sam Lee <samuel.lee@medtrainer.test> (005000000000003AAA); name the person by email"),
        "{text}"
    );
    assert_eq!(
        csm("001000000000001AAA"),
        json!("005000000000001AAA"),
        "not written"
    );
    // By email it is one person.
    let out = s.run(
        &transition_plan(&s, "samuel.lee@medtrainer.test"),
        &["--journal", "j3.jsonl"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(csm("001000000000001AAA"), json!("005000000000003AAA"));
    // Nobody by that name.
    let out = s.run(&transition_plan(&s, "Pat Doe"), &["--journal", "j4.jsonl"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains("no active Salesforce user has the name 'Pat Doe'"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_second_open_escalation_for_an_account_and_reason_is_refused_unless_new() {
    let s = Setup::new();
    // An escalation for Acme and Pricing Issues opened two days ago is open.
    s.org.seed(
        "Case",
        "500000000000042AAA",
        json!({"CaseNumber": "00004242", "AccountId": "001000000000001AAA", "IsClosed": false,
               "RecordTypeId": "012000000000ESCAAA", "Escalation_Cancellation_Reason__c": "Pricing Issues",
               "CS_Plan_Key__c": "cs-escalation-opened-on-11-18"}),
    );
    let plan = example_escalation_plan(&s);
    let out = s.run(&plan, &["--journal", "j1.jsonl"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("an open Case with the same AccountId 001000000000001AAA and Escalation_Cancellation_Reason__c Pricing Issues exists (00004242); this one was not created: add to that one, or pass --new to open another"),
        "{}",
        stdout(&out)
    );
    let cases = || {
        s.org
            .find(
                "Case",
                "Escalation_Cancellation_Reason__c",
                "Pricing Issues",
            )
            .len()
    };
    assert_eq!(cases(), 1);
    // A closed one, or another reason, is no duplicate; --new opens a second.
    let out = s.run(&plan, &["--journal", "j2.jsonl", "--new"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(cases(), 2);
    // Sent again, the plan updates its own case: no refusal, no third case.
    let out = s.run(&plan, &["--journal", "j3.jsonl"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "the 11/18 case is still open: {}",
        stdout(&out)
    );
    s.org
        .state
        .lock()
        .unwrap()
        .records
        .iter_mut()
        .for_each(|r| {
            if r.id == "500000000000042AAA" {
                r.fields.insert("IsClosed".into(), json!(true));
            }
        });
    let out = s.run(&plan, &["--journal", "j4.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(cases(), 2);
}

/// The plan of the README's example escalation (examples/escalation.yaml).
fn example_escalation_plan(s: &Setup) -> String {
    let plan = s
        .env
        .cs()
        .args(["escalate", "--answers"])
        .arg(crate::common::repo().join("examples/escalation.yaml"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(plan.status.success(), "{}", stderr(&plan));
    stdout(&plan)
}

#[test]
fn the_escalation_contact_is_linked_when_it_is_one_of_the_accounts() {
    // The account has Dana Smith as a contact: the case's ContactId is hers.
    let s = Setup::new();
    s.org.seed(
        "Contact",
        "003000000000001AAA",
        json!({"Name": "Dana Smith", "AccountId": "001000000000001AAA"}),
    );
    s.org.seed(
        "Contact",
        "003000000000002AAA",
        json!({"Name": "Dana Smith", "AccountId": "001000000000099AAA"}),
    );
    let out = s.run(&example_escalation_plan(&s), &["--journal", "j.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let case = s.org.find("Case", "Contact_Name__c", "Dana Smith");
    assert_eq!(case[0].fields["ContactId"], json!("003000000000001AAA"));
    // Not a contact of the account: the case is written without the lookup.
    let s = Setup::new();
    let out = s.run(&example_escalation_plan(&s), &["--journal", "j.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let case = s.org.find("Case", "Contact_Name__c", "Dana Smith");
    assert!(case[0].fields.get("ContactId").is_none());
}

#[test]
fn escalate_plans_go_end_to_end_through_stdin() {
    let s = Setup::new();
    let plan = example_escalation_plan(&s);
    let out = s
        .env
        .cs()
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .env("SLACK_WEBHOOK_URL", s.org.webhook())
        .args(["submit", "--yes", "--journal", "journal.jsonl", "-"])
        .write_stdin(plan)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let cases = s.org.with(|st| st.records.clone());
    assert_eq!(cases.len(), 1);
    assert_eq!(
        cases[0].fields["Subject"],
        json!("Cancelation Request - Acme Family Clinic")
    );
    let posts = s.org.with(|st| st.slack_posts.clone());
    assert_eq!(posts.len(), 1, "E4: the fmc Slack message is posted");
    assert!(
        posts[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Escalation: Acme Family Clinic")
    );
    assert_eq!(posts[0]["blocks"][0]["type"], "header");
}

#[test]
fn slack_429_is_retried_after_retry_after_and_config_errors_say_what_to_fix() {
    let s = Setup::new();
    s.org.fault(
        "POST",
        "/services/T0001",
        Fault::Status(429, "rate_limited", Some("1")),
        1,
    );
    let out = s.post(
        &plan(vec![], vec![slack("first"), slack("second")]),
        &["--journal", "journal.jsonl", "--verbose"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("retry 1 in 1.0 s"),
        "{}",
        stderr(&out)
    );
    let posts = s.org.with(|st| st.slack_posts.clone());
    assert_eq!(
        posts
            .iter()
            .map(|p| p["text"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["first", "second"]
    );

    s.org.fault(
        "POST",
        "/services/T0001",
        Fault::Status(410, "channel_is_archived", None),
        1,
    );
    let out = s.post(
        &plan(vec![], vec![slack("third")]),
        &["--journal", "j2.jsonl"],
    );
    assert_eq!(out.status.code(), Some(3));
    let text = stdout(&out);
    assert!(
        text.contains(
            "Slack refused the message (410 channel_is_archived): the webhook's channel is archived"
        ),
        "{text}"
    );
}

#[test]
fn without_a_webhook_slack_messages_are_printed_for_posting_by_hand() {
    let s = Setup::new();
    s.env.write(
        "plan.json",
        &plan(vec![], vec![slack("Escalation: Acme | MRR $1,250.50")]),
    );
    let out = s
        .env
        .cs()
        .args(["submit", "--yes", "--journal", "journal.jsonl", "plan.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("warning: SLACK_WEBHOOK_URL is not set; post this message by hand:\nEscalation: Acme | MRR $1,250.50"), "{err}");
    assert!(stdout(&out).contains("Slack: 0 posted, 1 to post by hand;"));
    assert_eq!(results(&s.journal_lines())[0].1, "manual");
}

#[test]
fn the_salesforce_cli_gives_the_instance_and_the_token() {
    let s = Setup::new();
    let bin = s.env.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    // A stand-in for the sf CLI: org display redacts the token as recent
    // versions do; show-access-token reveals it.
    let script = format!(
        "#!/bin/sh\ncase \"$*\" in\n  'org display --target-org acme-prod --json') echo '{{\"status\":0,\"result\":{{\"instanceUrl\":\"{}\",\"accessToken\":\"[REDACTED] Use sf org auth show-access-token to view\"}}}}' ;;\n  'org auth show-access-token --target-org acme-prod --json') echo '{{\"status\":0,\"result\":{{\"accessToken\":\"{TOKEN}\"}}}}' ;;\n  *) echo '{{\"status\":1,\"message\":\"No authorization information found for x; its last token 00D5e000000XyZwEAA!AQ8AQKx.yZ_3kLmNoPqRsTuVwXyZ0123 expired.\"}}'; exit 1 ;;\nesac\n",
        s.org.url
    );
    let sf = bin.join("sf");
    std::fs::write(&sf, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&sf, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    s.env.write("plan.json", &plan(vec![case(1)], vec![]));
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = s
        .env
        .cs()
        .env("PATH", &path)
        .args([
            "submit",
            "--yes",
            "--target-org",
            "acme-prod",
            "--journal",
            "journal.jsonl",
            "plan.json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    s.assert_cases_once(&[1]);

    let out = s
        .env
        .cs()
        .env("PATH", &path)
        .args([
            "submit",
            "--yes",
            "--target-org",
            "other",
            "--journal",
            "j2.jsonl",
            "plan.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "sf org display --target-org other failed: No authorization information found"
        ),
        "{}",
        stderr(&out)
    );
    // A token of an org cs was not told about is masked by its shape.
    assert!(
        stderr(&out).contains("its last token [redacted] expired"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_credentials_and_plain_http_are_refused_before_any_call() {
    let s = Setup::new();
    s.env.write("plan.json", &plan(vec![case(1)], vec![]));
    let out = s
        .env
        .cs()
        .args(["submit", "--yes", "plan.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no Salesforce credentials were found"),
        "{}",
        stderr(&out)
    );
    let out = s
        .env
        .cs()
        .env("SF_INSTANCE_URL", "http://medtrainer.my.salesforce.com")
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["submit", "--yes", "plan.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("SF_INSTANCE_URL must be an https:// URL"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_token_secret_or_webhook_url_appears_in_output_or_journal_even_with_verbose() {
    let s = Setup::new();
    let webhook = s.org.webhook();
    // Every path that handles a secret: a login, a renewal after 401, a
    // failure that quotes the server, a Slack error and a Slack post.
    s.org
        .fault("PATCH", "/composite/sobjects/Case", Fault::ExpireToken, 1);
    s.org.fault(
        "PATCH",
        "/composite/sobjects/Case",
        Fault::Status(
            400,
            r#"[{"errorCode":"INVALID_FIELD","message":"bad value"}]"#,
            None,
        ),
        1,
    );
    s.org.fault(
        "POST",
        "/services/T0001",
        Fault::Status(404, "no_service", None),
        1,
    );
    // Two plans: the messages do not wait for the other plan's records.
    s.env.write(
        "plan.json",
        &format!(
            "[{}, {}]",
            plan(vec![case(1), case(2)], vec![]),
            plan(vec![], vec![slack("one"), slack("two")])
        ),
    );
    let out = s
        .env
        .cs()
        .env("SF_LOGIN_URL", &s.org.url)
        .env("SF_CLIENT_ID", "cs-client-id")
        .env("SF_CLIENT_SECRET", CLIENT_SECRET)
        .env("SLACK_WEBHOOK_URL", &webhook)
        .args([
            "submit",
            "--yes",
            "--verbose",
            "--journal",
            "journal.jsonl",
            "plan.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let mut secrets = s.org.with(|st| st.issued_tokens.clone());
    assert_eq!(secrets.len(), 2, "the run logged in and renewed its token");
    secrets.extend([
        CLIENT_SECRET.to_string(),
        webhook.clone(),
        crate::common::salesforce::WEBHOOK_PATH.to_string(),
    ]);
    let seen = [
        stdout(&out),
        stderr(&out),
        std::fs::read_to_string(s.journal()).unwrap(),
    ];
    assert!(
        seen[1].contains("POST <SLACK_WEBHOOK_URL> -> 404"),
        "{}",
        seen[1]
    );
    assert!(
        seen[1].contains("/services/oauth2/token -> 200"),
        "{}",
        seen[1]
    );
    for text in &seen {
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "a secret leaked: {secret}\n{text}"
            );
        }
    }
}

#[test]
fn bad_plans_are_refused_with_the_file_and_place() {
    let s = Setup::new();
    s.env.write(
        "plan.json",
        "{\"playbook\": \"escalation\",\n  \"records\": [}\n",
    );
    let out = s.env.cs().args(["submit", "plan.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("plan.json:2:"), "{}", stderr(&out));
    s.env.write("plan.json", "{\"hello\": 1}");
    let out = s.env.cs().args(["submit", "plan.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("document 1 is not a cs plan"),
        "{}",
        stderr(&out)
    );
    s.env.write("j.jsonl", "not a journal\n{}\n");
    s.env.write("plan.json", &plan(vec![case(1)], vec![]));
    let out = s
        .env
        .cs()
        .args(["submit", "--resume", "j.jsonl", "plan.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("j.jsonl:1: not a cs submit journal line"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
/// Starts `cs submit --yes --journal journal.jsonl plan.json` in the
/// background, with a token and `args`.
pub(crate) fn spawn_submit(s: &Setup, args: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("cs"))
        .env_clear()
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .env("CS_TODAY", crate::common::TODAY)
        .env("CS_STATE_DIR", s.env.state_dir())
        .current_dir(s.env.dir.path())
        .args([
            "--no-input",
            "submit",
            "--yes",
            "--journal",
            "journal.jsonl",
        ])
        .args(args)
        .arg("plan.json")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the server has received a request containing `part`.
pub(crate) fn wait_for_request(s: &Setup, part: &str) {
    let t0 = std::time::Instant::now();
    while !s.org.requests().iter().any(|r| r.contains(part)) {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "the call {part} never came"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_c_sigterm_and_sighup_finish_the_call_in_flight_journal_it_and_resume_sends_the_rest() {
    for (signal, name) in [
        (libc::SIGINT, "SIGINT"),
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGHUP, "SIGHUP"),
    ] {
        let s = Setup::new();
        let ids = s.accounts(1);
        s.org.fault(
            "PATCH",
            "cs-escalation-test1",
            Fault::Slow(Duration::from_secs(2)),
            1,
        );
        let p = plan(vec![case(1), account(&ids[0], "Sam Lee")], vec![]);
        s.env.write("plan.json", &p);
        let child = spawn_submit(&s, &["--timeout", "10"]);
        // The first call is in flight: the signal comes.
        wait_for_request(&s, "cs-escalation-test1");
        unsafe { libc::kill(child.id() as i32, signal) };
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(130), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("finishing the call in flight; press Ctrl-C again to stop now"),
            "{name}: {err}"
        );
        assert!(err.contains("interrupted"), "{name}: {err}");
        assert_eq!(
            results(&s.journal_lines()),
            vec![(
                "Case/CS_Plan_Key__c/cs-escalation-test1".to_string(),
                "created".to_string()
            )],
            "{name}: the call in flight was answered and journaled; nothing after it was sent"
        );
        assert_eq!(s.org.writes(&ids[0]), 0, "{name}");

        let out = s.run(&p, &["--resume", "journal.jsonl"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        s.assert_cases_once(&[1]);
        assert_eq!(s.org.writes(&ids[0]), 1, "{name}");
        let leftovers: Vec<_> = std::fs::read_dir(s.env.dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(".cs-"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "{name}: temporary files left: {leftovers:?}"
        );
    }
}

#[test]
fn a_second_ctrl_c_stops_at_once_and_the_call_in_flight_is_unknown_then_checked() {
    let s = Setup::new();
    s.org.fault(
        "PATCH",
        "cs-escalation-test1",
        Fault::Slow(Duration::from_secs(3)),
        1,
    );
    let p = plan(vec![case(1)], vec![]);
    s.env.write("plan.json", &p);
    let child = spawn_submit(&s, &["--timeout", "10"]);
    wait_for_request(&s, "cs-escalation-test1");
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    std::thread::sleep(Duration::from_millis(300));
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let t0 = std::time::Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(
        t0.elapsed() < Duration::from_secs(2),
        "the second Ctrl-C did not stop at once"
    );
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("stopped at once"), "{}", stderr(&out));
    // The journal names the call in flight, with no result: unknown.
    let lines = s.journal_lines();
    assert_eq!(lines.last().unwrap()["event"], "sending");
    assert!(results(&lines).is_empty());
    // The server finishes the write it was given; the resume says the
    // outcome was unknown and sends it again by External ID: written once
    // more as the same record, never duplicated.
    std::thread::sleep(Duration::from_secs(3));
    let out = s.run(&p, &["--resume", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("its outcome was unknown; sending it again"),
        "{}",
        stderr(&out)
    );
    let found = s.org.find("Case", "CS_Plan_Key__c", "cs-escalation-test1");
    assert_eq!(found.len(), 1);
}

#[test]
fn two_runs_on_one_journal_the_second_is_refused_at_once() {
    let s = Setup::new();
    s.org.fault(
        "PATCH",
        "cs-escalation-test1",
        Fault::Slow(Duration::from_secs(2)),
        1,
    );
    let p = plan(vec![case(1)], vec![slack("Acme escalated")]);
    s.env.write("plan.json", &p);
    let webhook = s.org.webhook();
    let mut first = spawn_submit(&s, &["--timeout", "10"]);
    wait_for_request(&s, "cs-escalation-test1");
    let second = s
        .env
        .cs()
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .env("SLACK_WEBHOOK_URL", &webhook)
        .args(["submit", "--yes", "--resume", "journal.jsonl", "plan.json"])
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    let err = stderr(&second);
    assert!(
        err.contains(&format!(
            "the journal journal.jsonl is in use by another cs submit (process {}",
            first.id()
        )),
        "{err}"
    );
    assert!(first.wait().unwrap().success());
    s.assert_cases_once(&[1]);
    assert!(s.org.with(|st| st.slack_posts.len()) <= 1);
}

#[test]
fn collections_carry_at_most_200_records_a_call() {
    let s = Setup::new();
    let ids = s.accounts(450);
    let p = accounts_plan(&ids);
    let out = s.run(&p, &["--journal", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("450 updated"), "{}", stdout(&out));
    let calls = s
        .org
        .requests()
        .iter()
        .filter(|r| r.as_str() == "PATCH /services/data/v66.0/composite/sobjects")
        .count();
    assert_eq!(calls, 3, "200 + 200 + 50");
    assert!(ids.iter().all(|id| s.org.writes(id) == 1));
}

#[cfg(unix)]
#[test]
fn at_a_terminal_the_dry_run_asks_before_sending() {
    use rexpect::session::spawn_command;
    let s = Setup::new();
    s.env.write("plan.json", &plan(vec![case(1)], vec![]));
    let command = |answer_env: &TestEnv| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_cs"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TERM", "xterm")
            .env("HOME", answer_env.dir.path())
            .env("CS_STATE_DIR", answer_env.state_dir())
            .env("SF_INSTANCE_URL", &s.org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .current_dir(answer_env.dir.path())
            .args(["submit", "--journal", "journal.jsonl", "plan.json"]);
        c
    };
    // No: nothing is sent.
    // It shows what would change, read from the org (reads only).
    let mut p = spawn_command(command(&s.env), Some(10_000)).unwrap();
    p.exp_string("+ create: Case/CS_Plan_Key__c/cs-escalation-test1")
        .unwrap();
    p.exp_string("Send 1 item now?").unwrap();
    p.send_line("n").unwrap();
    p.exp_string("nothing was sent").unwrap();
    p.exp_eof().unwrap();
    let requests = s.org.requests();
    assert!(
        requests
            .iter()
            .all(|r| crate::common::salesforce::is_read(r)),
        "{requests:?}"
    );
    // Yes: sent, as with --yes.
    let mut p = spawn_command(command(&s.env), Some(10_000)).unwrap();
    p.exp_string("Send 1 item now?").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("1 created").unwrap();
    p.exp_eof().unwrap();
    s.assert_cases_once(&[1]);
}

#[test]
fn a_bulk_job_never_closed_is_aborted_on_resume_and_its_records_sent_once() {
    let s = Setup::new();
    let ids = s.accounts(3);
    s.org.fault(
        "PUT",
        "/batches",
        Fault::Status(403, LIMIT_EXCEEDED, None),
        1,
    );
    let p = accounts_plan(&ids);
    let out = s.run(&p, &["--journal", "journal.jsonl", "--bulk-threshold", "1"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let out = s.run(&p, &["--resume", "journal.jsonl", "--bulk-threshold", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("3 updated, 0 unchanged"),
        "{}",
        stdout(&out)
    );
    let states: Vec<String> = s
        .org
        .with(|st| st.jobs.iter().map(|(_, j)| j.state.clone()).collect());
    assert_eq!(states, ["Aborted", "JobComplete"]);
    assert!(ids.iter().all(|id| s.org.writes(id) == 1));
}

/// O12: the KYC OB Checklist PDF of an onboarding plan becomes a Salesforce
/// File (ContentVersion, VersionData base64) published to the Onboarding
/// record: FirstPublishLocationId is that record's Id, looked up by its
/// External ID when sending, after the record itself is written. Sent once;
/// a link to a record Salesforce does not hold sends nothing and fails.
#[test]
fn o12_the_kyc_pdf_is_uploaded_to_the_onboarding_record() {
    let s = Setup::new();
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    std::fs::write(s.env.path("kyc.pdf"), pdf).unwrap();
    let answers = crate::common::repo().join("playbooks/tests/onboard/core.answers.yaml");
    let out = s
        .env
        .cs()
        .args(["onboard", "--format", "json", "--today", "2026-11-20"])
        .arg("--answers")
        .arg(&answers)
        .args(["--set", "kyc_pdf=kyc.pdf"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let plan = stdout(&out);
    let p: Json = serde_json::from_str(&plan).unwrap();
    let key = p["records"][0]["external_id"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let file = &p["records"][1];
    assert_eq!(file["sobject"], "ContentVersion");
    assert_eq!(
        file["links"]["FirstPublishLocationId"],
        json!({"sobject": "Onboarding__c", "field": "CS_Plan_Key__c", "value": key})
    );

    // The dry run says what is looked up.
    s.env.write("plan.json", &plan);
    let dry = s
        .env
        .cs()
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["submit", "plan.json"])
        .output()
        .unwrap();
    assert!(
        stdout(&dry).contains(&format!(
            "FirstPublishLocationId: \"<Id of the Onboarding__c whose CS_Plan_Key__c is {key}, looked up when sending>\""
        )),
        "{}",
        stdout(&dry)
    );
    assert!(
        s.org
            .find("Onboarding__c", "CS_Plan_Key__c", &key)
            .is_empty()
    );

    let out = s.run(&plan, &["--journal", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let onboarding = s.org.find("Onboarding__c", "CS_Plan_Key__c", &key);
    assert_eq!(onboarding.len(), 1);
    let files = s.org.with(|st| {
        st.records
            .iter()
            .filter(|r| r.sobject == "ContentVersion")
            .cloned()
            .collect::<Vec<_>>()
    });
    assert_eq!(files.len(), 1);
    let f = &files[0].fields;
    assert_eq!(f["FirstPublishLocationId"], json!(onboarding[0].id));
    assert_eq!(f["PathOnClient"], "KYC OB Checklist - Acme Clinic.pdf");
    use base64::Engine;
    let sent = base64::engine::general_purpose::STANDARD
        .decode(f["VersionData"].as_str().unwrap())
        .unwrap();
    assert_eq!(sent, pdf, "the file arrives intact");

    // Again with the journal: nothing is sent twice.
    let out = s.run(&plan, &["--resume", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let n = s.org.with(|st| {
        st.records
            .iter()
            .filter(|r| r.sobject == "ContentVersion")
            .count()
    });
    assert_eq!(n, 1);

    // Only the file, for an Onboarding record Salesforce does not hold.
    let mut orphan = p.clone();
    let mut lone = file.clone();
    lone["links"]["FirstPublishLocationId"]["value"] = json!("cs-onboarding-nowhere");
    orphan["records"] = json!([lone]);
    let out = s.run(&orphan.to_string(), &["--journal", "orphan.jsonl"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        format!("{}{}", stdout(&out), stderr(&out)).contains(
            "FirstPublishLocationId links to the Onboarding__c whose CS_Plan_Key__c is cs-onboarding-nowhere, which is not in Salesforce"
        ),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let n = s.org.with(|st| {
        st.records
            .iter()
            .filter(|r| r.sobject == "ContentVersion")
            .count()
    });
    assert_eq!(n, 1, "nothing was sent for the orphan");
}

/// A plan edited by hand with a message Slack would refuse is refused
/// before anything is sent, naming the block and the limit.
#[test]
fn a_message_over_block_kit_limits_is_refused_before_any_post() {
    let s = Setup::new();
    let header = "H".repeat(160);
    let msg = json!({"channel": "slack", "text": "Escalation",
        "blocks": [{"type": "header", "text": {"type": "plain_text", "text": header}}]});
    let out = s.post(&plan(vec![], vec![msg]), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("messages[0]: block 1 (header): its text is 160 characters; a header takes 150 (Block Kit)"),
        "{}",
        stderr(&out)
    );
    assert!(
        s.org.with(|st| st.slack_posts.is_empty()),
        "nothing was posted"
    );
}

/// A plan is the contract between the workflow commands, scripts and
/// `cs submit`: one without a format, or of a format this cs does not
/// read, is refused, naming the format.
#[test]
fn a_plan_of_no_format_or_a_future_one_is_refused_naming_the_format() {
    let s = Setup::new();
    let mut p: Json = serde_json::from_str(&plan(vec![case(1)], vec![])).unwrap();
    p.as_object_mut().unwrap().remove("format");
    s.env.write("old.json", &p.to_string());
    p["format"] = json!(2);
    s.env.write("new.json", &p.to_string());
    for (file, said) in [
        (
            "old.json",
            "old.json: document 1: it has no \"format\": it was written by a cs from before plans had a format; this cs reads format 1",
        ),
        (
            "new.json",
            "new.json: document 1: it is a plan of format 2; this cs reads format 1",
        ),
    ] {
        let out = s.env.cs().args(["submit", file]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
    }
    // What cs makes carries it.
    let out = s
        .env
        .cs()
        .args(["escalate", "--answers"])
        .arg(crate::common::repo().join("examples/escalation.yaml"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let made: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(made["format"], 1);
}
