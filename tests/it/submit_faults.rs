//! `cs submit` against servers and people that misbehave: answers that are
//! not Salesforce's, pages that lead elsewhere or loop, jobs that never
//! finish, waits of a day, results out of order, secrets echoed back, a
//! plan run twice or edited between runs, a journal cut mid-line, a closed
//! stdout. After each, every record is held once, each Slack message is
//! posted at most once, and no 16-character part of a secret is printed
//! or saved.

use crate::common::salesforce::{CLIENT_SECRET, FakeOrg, Fault, TOKEN, WEBHOOK_PATH};
use crate::common::{stderr, stdout};
use crate::submit::{Setup, case, plan, results, slack, task, task_key_digest};
use serde_json::{Value as Json, json};
use std::time::{Duration, Instant};

const HTML: &str =
    "<!DOCTYPE html><html><head><title>Sign in</title></head><body>Single sign-on</body></html>";

/// A string the test can hand to the server as a fault body.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Asserts that no run of 16 characters of any secret is in any text.
fn assert_no_secret(texts: &[String], secrets: &[&str]) {
    for secret in secrets {
        let chars: Vec<char> = secret.chars().collect();
        for w in chars.windows(16) {
            let part: String = w.iter().collect();
            for t in texts {
                assert!(!t.contains(&part), "a part of a secret leaked: {part}\n{t}");
            }
        }
    }
}

/// [`Setup::run`], then: no part of any secret in what it printed or saved.
fn run(s: &Setup, plan: &str, args: &[&str]) -> std::process::Output {
    checked(s, s.run(plan, args))
}

/// `out`, after checking that no part of any secret is in what cs printed
/// or saved.
fn checked(s: &Setup, out: std::process::Output) -> std::process::Output {
    assert_no_secret(&everything(s, &out), &[TOKEN, CLIENT_SECRET, WEBHOOK_PATH]);
    out
}

/// Everything cs printed and saved: stdout, stderr, the journal, the
/// ledger of what this machine sent.
fn everything(s: &Setup, out: &std::process::Output) -> Vec<String> {
    let mut texts = vec![stdout(out), stderr(out)];
    // The journals, failed Bulk API results and the ledger.
    for dir in [s.env.dir.path().to_path_buf(), s.env.state_dir()] {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".jsonl") || name.ends_with(".csv") {
                texts.push(std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
    }
    texts
}

#[test]
fn an_html_page_answering_200_to_a_write_is_no_answer_and_resume_writes_it_once() {
    let s = Setup::new();
    // A login portal in front of the org answers everything with a page.
    s.org.fault(
        "PATCH",
        "cs-escalation-test1",
        Fault::Status(200, HTML, None),
        2,
    );
    s.org.fault(
        "GET",
        "cs-escalation-test1",
        Fault::Status(200, HTML, None),
        1,
    );
    let p = plan(vec![case(1)], vec![]);
    let out = run(&s, &p, &["--journal", "journal.jsonl", "--retries", "1"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "0 created, 0 updated, 0 unchanged (the org or the journal holds them), 0 failed, 1 unknown"
        ),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out)
            .contains("not the one Salesforce documents for this call (HTTP 200 (text/html"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        results(&s.journal_lines()),
        vec![(
            "Case/CS_Plan_Key__c/cs-escalation-test1".to_string(),
            "unknown".to_string()
        )]
    );
    assert!(
        s.org
            .find("Case", "CS_Plan_Key__c", "cs-escalation-test1")
            .is_empty()
    );

    // Resumed, the unknown upsert is said to be unknown and sent again.
    let out = run(&s, &p, &["--resume", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("its outcome was unknown; sending it again"),
        "{}",
        stderr(&out)
    );
    s.assert_cases_once(&[1]);
}

#[test]
fn a_201_without_an_id_is_checked_by_external_id_and_not_resent() {
    let s = Setup::new();
    s.org.fault(
        "PATCH",
        "cs-escalation-test1",
        Fault::StoreThenAnswer(201, ""),
        1,
    );
    let out = s.run(
        &plan(vec![case(1)], vec![]),
        &["--journal", "journal.jsonl"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let reqs = s.org.requests();
    assert_eq!(
        reqs.iter().filter(|r| r.starts_with("PATCH")).count(),
        1,
        "{reqs:?}"
    );
    assert!(
        reqs.iter()
            .any(|r| r.starts_with("GET /services/data/v66.0/sobjects/Case/CS_Plan_Key__c/")),
        "{reqs:?}"
    );
    s.assert_cases_once(&[1]);
    assert!(stdout(&out).contains("1 created"), "{}", stdout(&out));
}

#[test]
fn an_html_page_answering_a_query_is_a_server_error_and_nothing_is_written() {
    let s = Setup::new();
    // A portal or proxy answers the reads, one at a time or together.
    s.org
        .fault("GET", "/query", Fault::Status(200, HTML, None), 1);
    s.org
        .fault("POST", "/composite", Fault::Status(200, HTML, None), 1);
    let out = s.run(
        &plan(vec![case(1)], vec![]),
        &["--journal", "journal.jsonl"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("server error: the answer to a Composite request is not Salesforce's"),
        "{err}"
    );
    assert!(err.contains("text/html"), "{err}");
    assert!(err.contains("check SF_INSTANCE_URL"), "{err}");
    assert!(!s.org.requests().iter().any(|r| r.starts_with("PATCH")));
}

#[test]
fn a_token_with_a_carriage_return_is_refused_before_any_call() {
    let s = Setup::new();
    s.env.write("plan.json", &plan(vec![case(1)], vec![]));
    let out = s
        .env
        .cs()
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", format!("{}\rX", &TOKEN[..40]))
        .args(["submit", "--yes", "--journal", "journal.jsonl", "plan.json"])
        .output()
        .unwrap();
    let out = checked(&s, out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "SF_ACCESS_TOKEN holds a line break or another control character; nothing was sent."
        ),
        "{}",
        stderr(&out)
    );
    assert!(s.org.requests().is_empty());
    assert!(
        !s.journal().exists(),
        "no journal for a run that sent nothing"
    );
    assert_no_secret(&everything(&s, &out), &[TOKEN]);
}

#[test]
fn an_echoed_authorization_header_leaks_no_part_of_the_token_even_cut() {
    let s = Setup::new();
    // A proxy quotes the request back: first whole but deep in a long page
    // (where cs cuts its quote), then cut short by the proxy itself.
    let whole = leak(format!(
        "{} Authorization: Bearer {TOKEN}",
        "request rejected by the gateway; ".repeat(9)
    ));
    let cut = leak(format!(
        r#"[{{"errorCode":"INVALID_HEADER","message":"bad header Bearer {}"}}]"#,
        &TOKEN[..30]
    ));
    s.org.fault(
        "PATCH",
        "cs-escalation-test1",
        Fault::Status(400, whole, None),
        1,
    );
    s.org.fault(
        "PATCH",
        "cs-escalation-test2",
        Fault::Status(400, cut, None),
        1,
    );
    // One at a time (two objects would share a Collections call).
    let out = s.run(
        &plan(vec![case(1)], vec![]),
        &["--journal", "journal.jsonl", "--verbose"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    // A body that is not Salesforce's error list is described, never quoted.
    assert!(
        stdout(&out).contains("HTTP 400 with a body that is not JSON")
            && !stdout(&out).contains("request rejected by the gateway"),
        "{}",
        stdout(&out)
    );
    let mut texts = everything(&s, &out);
    s.env.write("plan2.json", &plan(vec![case(2)], vec![]));
    let out = s
        .submit(&plan(vec![case(2)], vec![]))
        .args(["--journal", "journal2.jsonl", "--verbose"])
        .output()
        .unwrap();
    let out = checked(&s, out);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("bad header Bearer [redacted]"),
        "{}",
        stdout(&out)
    );
    texts.extend([
        stdout(&out),
        stderr(&out),
        std::fs::read_to_string(s.env.path("journal2.jsonl")).unwrap(),
    ]);
    assert_no_secret(&texts, &[TOKEN]);
}

#[test]
fn a_slack_error_that_echoes_the_webhook_path_leaks_none_of_it() {
    let s = Setup::new();
    let secret_part = WEBHOOK_PATH.rsplit('/').next().unwrap();
    let body = leak(format!(
        "no_service: POST {WEBHOOK_PATH} (token {}...)",
        &secret_part[..18]
    ));
    s.org
        .fault("POST", "/services/T0001", Fault::Status(404, body, None), 1);
    let out = s.post(
        &plan(vec![], vec![slack("Acme escalated")]),
        &["--journal", "journal.jsonl"],
    );
    let out = checked(&s, out);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Slack refused the message (404"),
        "{}",
        stdout(&out)
    );
    assert_no_secret(&everything(&s, &out), &[WEBHOOK_PATH, &s.org.webhook()]);
}

/// A query answer with a next page at `next`.
fn page(next: &str) -> &'static str {
    leak(
        json!({"totalSize": 4000, "done": false, "nextRecordsUrl": next, "records": [
            {"attributes": {"type": "RecordType"}, "Id": "012000000000ESCAAA", "Name": "Escalations", "DeveloperName": "Escalations"}
        ]})
        .to_string(),
    )
}

#[test]
fn a_next_page_on_another_host_is_never_asked_for() {
    let s = Setup::new();
    let other = FakeOrg::start();
    let next = format!(
        "{}/services/data/v66.0/query/01gD0000000001-2000",
        other.url
    );
    s.org
        .fault("GET", "/query", Fault::Status(200, page(&next), None), 1);
    let out = s.run(
        &plan(vec![case(1)], vec![]),
        &["--journal", "journal.jsonl"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("names its next page outside this org's API"),
        "{}",
        stderr(&out)
    );
    assert!(
        other.requests().is_empty(),
        "the token went to another host"
    );
    assert!(!s.org.requests().iter().any(|r| r.starts_with("PATCH")));
}

#[test]
fn a_next_page_that_repeats_stops_the_query() {
    let s = Setup::new();
    s.org.fault(
        "GET",
        "/query",
        Fault::Status(
            200,
            page("/services/data/v66.0/query/01gD0000000001-2000"),
            None,
        ),
        50,
    );
    let out = s.run(
        &plan(vec![case(1)], vec![]),
        &["--journal", "journal.jsonl"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("twice"), "{}", stderr(&out));
    let queries = s
        .org
        .requests()
        .iter()
        .filter(|r| r.contains("/query") || r.ends_with("/composite"))
        .count();
    assert_eq!(queries, 2, "the first page and its next, once");
}

#[test]
fn a_bulk_job_in_an_undocumented_state_stops_and_resume_reads_it_back() {
    let s = Setup::new();
    let ids = s.accounts(3);
    s.org.fault(
        "GET",
        "/jobs/ingest/750",
        Fault::Status(200, r#"{"id":"750x","state":"Limbo"}"#, None),
        3,
    );
    let p = crate::submit::accounts_plan(&ids);
    let out = run(
        &s,
        &p,
        &["--journal", "journal.jsonl", "--bulk-threshold", "1"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("is in a state the Bulk API does not document ('Limbo') after 3 polls"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &s,
        &p,
        &["--resume", "journal.jsonl", "--bulk-threshold", "1"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    for id in &ids {
        assert_eq!(s.org.writes(id), 1);
    }
    assert_eq!(
        s.org.with(|st| st.jobs.len()),
        1,
        "the job was read back, not sent again"
    );
}

#[test]
fn a_bulk_job_that_runs_past_the_wait_stops_saying_so() {
    let s = Setup::new();
    let ids = s.accounts(2);
    s.org.state.lock().unwrap().job_polls = 1000;
    let p = crate::submit::accounts_plan(&ids);
    let t0 = Instant::now();
    let out = s.run(
        &p,
        &[
            "--journal",
            "journal.jsonl",
            "--bulk-threshold",
            "1",
            "--bulk-wait",
            "2",
        ],
    );
    assert!(t0.elapsed() < Duration::from_secs(15));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("is still InProgress after 2 s"), "{err}");
    assert!(
        err.contains("InProgress, 2 records processed; waiting"),
        "{err}"
    );
    // The job finishes; the resume reads its results.
    s.org.state.lock().unwrap().jobs[0].1.state = "JobComplete".into();
    let out = run(
        &s,
        &p,
        &["--resume", "journal.jsonl", "--bulk-threshold", "1"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 created, 2 updated"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_retry_after_of_a_day_stops_at_once_saying_when_to_resume() {
    let s = Setup::new();
    s.org.fault(
        "PATCH",
        "cs-escalation-test1",
        Fault::Status(
            503,
            r#"[{"errorCode":"SERVER_UNAVAILABLE","message":"maintenance"}]"#,
            Some("86400"),
        ),
        1,
    );
    let p = plan(vec![case(1)], vec![]);
    let t0 = Instant::now();
    let out = run(&s, &p, &["--journal", "journal.jsonl"]);
    assert!(t0.elapsed() < Duration::from_secs(10), "it waited");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Salesforce asks cs to wait 24 h 0 min"),
        "{err}"
    );
    assert!(err.contains("hint: resume after 20"), "{err}");
    assert_eq!(
        results(&s.journal_lines()),
        vec![(
            "Case/CS_Plan_Key__c/cs-escalation-test1".to_string(),
            "not_sent".to_string()
        )]
    );
    let out = run(&s, &p, &["--resume", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    s.assert_cases_once(&[1]);
}

#[test]
fn collections_results_out_of_order_are_matched_by_id() {
    let s = Setup::new();
    let mut ids = s.accounts(2);
    // The second record is not in the org: Salesforce refuses it, naming
    // no Id; the answer comes back rotated.
    ids.insert(1, "001999999999999AAA".to_string());
    s.org
        .fault("PATCH", "/composite/sobjects", Fault::ShiftResults, 1);
    let out = s.run(
        &crate::submit::accounts_plan(&ids),
        &["--journal", "journal.jsonl"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let mut got = results(&s.journal_lines());
    got.sort();
    let mut want = vec![
        (format!("Account/Id/{}", ids[0]), "updated".to_string()),
        (format!("Account/Id/{}", ids[1]), "failed".to_string()),
        (format!("Account/Id/{}", ids[2]), "updated".to_string()),
    ];
    want.sort();
    assert_eq!(got, want);
    assert!(
        stdout(&out).contains("ENTITY_IS_DELETED"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_closed_stdout_keeps_the_exit_code_of_a_failed_run() {
    let s = Setup::new();
    s.org.fault(
        "PATCH",
        "cs-escalation-test1",
        Fault::Status(
            400,
            r#"[{"errorCode":"INVALID_FIELD","message":"bad"}]"#,
            None,
        ),
        1,
    );
    s.env.write("plan.json", &plan(vec![case(1)], vec![]));
    let mut fds = [0; 2];
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    unsafe { libc::close(fds[0]) };
    let closed = unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fds[1]) };
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("cs"))
        .env_clear()
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .env("CS_STATE_DIR", s.env.state_dir())
        .current_dir(s.env.dir.path())
        .args([
            "--no-input",
            "submit",
            "--yes",
            "--journal",
            "journal.jsonl",
            "plan.json",
        ])
        .stdout(closed)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let out = checked(&s, out);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 failed of 1 item"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn three_hundred_upserts_of_one_object_take_two_write_calls() {
    let s = Setup::new();
    let cases: Vec<Json> = (1..=300).map(case).collect();
    let p = plan(cases, vec![]);
    // The dry run shows the calls the run makes.
    s.env.write("plan.json", &p);
    let out = s.env.cs().args(["submit", "plan.json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Dry run: 2 requests for 300 records and 0 Slack messages."),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        stdout(&out)
            .matches("PATCH /services/data/v66.0/composite/sobjects/Case/CS_Plan_Key__c\n")
            .count(),
        2
    );
    let out = run(&s, &p, &["--journal", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let writes = s
        .org
        .requests()
        .iter()
        .filter(|r| !crate::common::salesforce::is_read(r))
        .count();
    assert_eq!(writes, 2);
    s.assert_cases_once(&(1..=300).collect::<Vec<_>>());
    assert!(stdout(&out).contains("300 created"), "{}", stdout(&out));
}

#[test]
fn running_a_plan_again_does_not_post_or_create_twice_unless_told() {
    let s = Setup::new();
    let p = plan(
        vec![case(1), task("Call Acme")],
        vec![slack("Acme escalated")],
    );
    s.env.write("plan.json", &p);
    let run = |journal: &str, extra: &[&str]| {
        let out = s
            .env
            .cs()
            .env("SF_INSTANCE_URL", &s.org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .env("SLACK_WEBHOOK_URL", s.org.webhook())
            .args(["submit", "--yes", "--journal", journal])
            .args(extra)
            .arg("plan.json")
            .output()
            .unwrap();
        checked(&s, out)
    };
    let out = run("first.jsonl", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The same plan, a new journal: the upsert is not written again (the
    // org holds it as planned); the message and the Task are held back.
    let out = run("second.jsonl", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("held back: Slack message \"Acme escalated\": posted from this machine at"),
        "{text}"
    );
    assert!(
        text.contains("(journal first.jsonl); pass --resend to send it again"),
        "{text}"
    );
    assert!(text.contains("held back: new Task record"), "{text}");
    assert_eq!(s.org.with(|st| st.slack_posts.len()), 1);
    assert_eq!(s.org.find("Task", "Subject", "Call Acme").len(), 1);
    let case1 = &s.org.find("Case", "CS_Plan_Key__c", "cs-escalation-test1")[0];
    assert_eq!(s.org.writes(&case1.id), 1);
    assert!(text.contains("1 unchanged"), "{text}");
    // Told to, it sends them again.
    let out = run("third.jsonl", &["--resend"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(s.org.with(|st| st.slack_posts.len()), 2);
    assert_eq!(s.org.find("Task", "Subject", "Call Acme").len(), 2);
}

#[test]
fn a_slack_post_with_no_answer_is_held_back_until_a_person_checks() {
    let s = Setup::new();
    s.org.fault(
        "POST",
        "/services/T0001",
        Fault::Slow(Duration::from_secs(4)),
        1,
    );
    let p = plan(vec![], vec![slack("Acme escalated")]);
    let run = |extra: &[&str]| {
        let args: Vec<&str> = ["--timeout", "2"].iter().chain(extra).copied().collect();
        checked(&s, s.post(&p, &args))
    };
    let out = run(&["--journal", "journal.jsonl"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 unknown"), "{}", stdout(&out));
    std::thread::sleep(Duration::from_secs(3));
    // Slack did post it. A resume does not post it again.
    let out = run(&["--resume", "journal.jsonl"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing sent: 1 item may or may not have arrived"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.org.with(|st| st.slack_posts.len()), 1);
    // Nor does a fresh run of the same plan.
    let out = run(&["--journal", "again.jsonl"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(s.org.with(|st| st.slack_posts.len()), 1);
}

#[test]
fn an_edited_plan_is_refused_on_resume_naming_what_changed() {
    let s = Setup::new();
    let p = plan(vec![case(1), case(2)], vec![]);
    assert!(
        run(&s, &p, &["--journal", "journal.jsonl"])
            .status
            .success()
    );
    let mut edited = case(2);
    edited["fields"]["Subject"] = json!("Escalation - Account 2 (renamed)");
    let out = s.run(
        &plan(vec![case(1), edited], vec![]),
        &["--resume", "journal.jsonl"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("1 item changed since the journal confirmed it; nothing was sent."),
        "{err}"
    );
    assert!(
        err.contains("  Case/CS_Plan_Key__c/cs-escalation-test2"),
        "{err}"
    );
    assert!(err.contains("submit it without --resume"), "{err}");
    s.assert_cases_once(&[1, 2]);
    // A journal of another plan is refused too.
    let out = run(
        &s,
        &plan(vec![case(7)], vec![]),
        &["--resume", "journal.jsonl"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the journal records another plan"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_journal_cut_mid_line_is_repaired_and_stays_readable() {
    let s = Setup::new();
    let (p, ids) = crate::submit::limit_stops_the_create(&s);
    let out = run(&s, &p, &["--journal", "journal.jsonl"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let digest = task_key_digest(&s.journal_lines());
    // A crash cut the last line.
    let mut text = std::fs::read_to_string(s.journal()).unwrap();
    text.push_str(r#"{"event":"result","key":"Account/Id/00"#);
    std::fs::write(s.journal(), &text).unwrap();
    let out = run(&s, &p, &["--resume", "journal.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Every line reads back (journal_lines parses each), the cut one is gone.
    let lines = s.journal_lines();
    assert!(results(&lines).contains(&(format!("Task/create/{digest}"), "created".to_string())));
    assert_eq!(s.org.find("Task", "Subject", "Call Acme").len(), 1);
    assert_eq!(s.org.writes(&ids[0]), 1);
}

/// The forms in which servers and proxies echo what they were sent.
fn echoes(secret: &str) -> Vec<String> {
    use base64::Engine;
    let b64 = |s: String| base64::engine::general_purpose::STANDARD.encode(s);
    let (a, b) = secret.split_at(secret.len() / 2);
    vec![
        format!("Bearer {secret}"),
        format!("Bearer {a}\r\n{b}"),
        format!("Bearer {a} {b}"),
        format!("Bearer {a}\\n{b}"),
        secret
            .chars()
            .map(|c| format!("\\u{:04x}", c as u32))
            .collect(),
        secret.bytes().map(|c| format!("%{c:02x}")).collect(),
        secret.bytes().map(|c| format!("%{c:02X}")).collect(),
        secret.bytes().map(|c| format!("&#x{c:x};")).collect(),
        secret.bytes().map(|c| format!("&#{c};")).collect(),
        format!("Basic {}", b64(format!("cs:{secret}"))),
        format!("Basic {}", b64(format!("c:{secret}"))),
        format!("Basic {}", b64(secret.to_string())),
    ]
}

/// Asserts that no 8 characters in a row of any secret are in any text.
fn assert_no_eight(texts: &[String], secrets: &[&str]) {
    for secret in secrets {
        let chars: Vec<char> = secret.chars().collect();
        for w in chars.windows(8) {
            let part: String = w.iter().collect();
            for t in texts {
                assert!(
                    !t.contains(&part),
                    "8 characters of a secret leaked: {part}\n{t}"
                );
            }
        }
    }
}

#[test]
fn a_server_echoing_a_secret_in_any_form_leaks_no_eight_characters_of_it() {
    let webhook_secret = WEBHOOK_PATH.rsplit('/').next().unwrap();
    for (n, echo) in echoes(TOKEN)
        .into_iter()
        .chain(echoes(CLIENT_SECRET))
        .chain(echoes(webhook_secret))
        .enumerate()
    {
        let s = Setup::new();
        let body = leak(
            json!([{"errorCode": "INVALID_HEADER", "message": format!("bad header {echo}")}])
                .to_string(),
        );
        s.org.fault(
            "PATCH",
            "cs-escalation-test",
            Fault::Status(400, body, None),
            1,
        );
        s.org.fault(
            "POST",
            "/services/T0001",
            Fault::Status(400, leak(echo.clone()), None),
            1,
        );
        s.env.write(
            "plan.json",
            &plan(vec![case(n)], vec![slack("Acme escalated")]),
        );
        let out = s
            .env
            .cs()
            .env("SF_INSTANCE_URL", &s.org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .env("SF_CLIENT_SECRET", CLIENT_SECRET)
            .env("SLACK_WEBHOOK_URL", s.org.webhook())
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
        assert_eq!(out.status.code(), Some(3), "{echo}: {}", stderr(&out));
        assert!(stdout(&out).contains("bad header"), "{}", stdout(&out));
        assert_no_eight(
            &everything(&s, &out),
            &[TOKEN, CLIENT_SECRET, webhook_secret],
        );
    }
}
