//! Exactly once, proved the way it breaks: two `cs submit` processes of
//! one plan at once, a real SIGKILL and two SIGTERMs while a request is in
//! flight, a ledger that cannot be written (a file-size limit makes the
//! write fail as a full disk does), Slack answers that are not `ok`, an
//! edited journal, a server that drips its answer.

use crate::common::salesforce::{Fault, TOKEN};
use crate::common::{stderr, stdout};
use crate::submit::{Setup, plan, slack, task};
use serde_json::json;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// `cs submit --yes --journal JOURNAL plan.json` with the test org's
/// token and webhook, as a process the test controls.
fn submit(s: &Setup, journal: &str, extra: &[&str]) -> Command {
    let mut c = s.env.std_cs();
    c.env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .env("SLACK_WEBHOOK_URL", s.org.webhook())
        .args(["submit", "--yes", "--journal", journal])
        .args(extra)
        .arg("plan.json")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// A test org and a plan of one Slack message.
fn one_post() -> Setup {
    let s = Setup::new();
    s.env
        .write("plan.json", &plan(vec![], vec![slack("Acme escalated")]));
    s
}

fn run(s: &Setup, journal: &str, extra: &[&str]) -> Output {
    submit(s, journal, extra).output().unwrap()
}

fn posts(s: &Setup) -> usize {
    s.org.with(|st| st.slack_posts.len())
}

fn tasks(s: &Setup, subject: &str) -> usize {
    s.org.find("Task", "Subject", subject).len()
}

/// Waits until the server has received a request `what` ("POST /services/T0001").
fn wait_for_request(s: &Setup, what: &str) {
    let end = Instant::now() + Duration::from_secs(30);
    while !s.org.requests().iter().any(|r| r.starts_with(what)) {
        assert!(Instant::now() < end, "no {what} in {:?}", s.org.requests());
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: kill(2) on the pid of a child this test spawned and has not reaped.
    let r = unsafe { libc::kill(child.id() as i32, sig) };
    assert_eq!(r, 0, "kill failed");
}

#[test]
fn two_runs_of_one_plan_at_once_post_and_create_once() {
    let s = Setup::new();
    s.env.write(
        "plan.json",
        &plan(vec![task("Call Acme")], vec![slack("Acme escalated")]),
    );
    // Every answer takes 1.5 s: both runs read the ledger before either
    // has an answer.
    s.org.fault(
        "POST",
        "/services/T0001",
        Fault::Slow(Duration::from_millis(1500)),
        2,
    );
    s.org.fault(
        "POST",
        "/sobjects/Task",
        Fault::Slow(Duration::from_millis(1500)),
        2,
    );
    let a = submit(&s, "a.jsonl", &[]).spawn().unwrap();
    let b = submit(&s, "b.jsonl", &[]).spawn().unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert_eq!(posts(&s), 1, "{}\n{}", stdout(&a), stdout(&b));
    assert_eq!(tasks(&s, "Call Acme"), 1);
    // One run sent both; the other says why it held each back.
    let text = format!("{}{}", stdout(&a), stdout(&b));
    assert!(
        text.contains("held back: Slack message \"Acme escalated\""),
        "{text}"
    );
    assert!(text.contains("held back: new Task record"), "{text}");
    // And a third run, later, sends neither.
    let c = run(&s, "c.jsonl", &[]);
    assert!(c.status.success(), "{}", stderr(&c));
    assert_eq!((posts(&s), tasks(&s, "Call Acme")), (1, 1));
}

/// Starts a run, waits for `request` to reach the server (which holds its
/// answer for 5 s), stops the run with `signals`, and returns its output.
fn stopped_in_flight(s: &Setup, request: &str, signals: &[i32]) -> Output {
    let child = submit(s, "first.jsonl", &[]).spawn().unwrap();
    wait_for_request(s, request);
    for sig in signals {
        signal(&child, *sig);
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_post_in_flight_when_the_run_is_killed_is_not_posted_again() {
    let s = one_post();
    s.org.fault(
        "POST",
        "/services/T0001",
        Fault::Slow(Duration::from_secs(5)),
        1,
    );
    let out = stopped_in_flight(&s, "POST /services/T0001", &[libc::SIGKILL]);
    assert_eq!(out.status.code(), None, "killed");
    assert_eq!(posts(&s), 1, "Slack took the post before cs died");
    // The same plan again, a new journal and no --resume: held back.
    let out = run(&s, "second.jsonl", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        text.contains("held back: Slack message \"Acme escalated\": claimed at")
            && text.contains(
                "journal first.jsonl), which stopped while sending it (that process is gone)"
            )
            && text.contains("check the channel, then pass --resend"),
        "{text}"
    );
    assert_eq!(posts(&s), 1);
    // A person checked and asks for it again.
    let out = run(&s, "third.jsonl", &["--resend"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(posts(&s), 2);
}

#[test]
fn a_create_in_flight_at_two_sigterms_is_not_created_again() {
    let s = Setup::new();
    s.env
        .write("plan.json", &plan(vec![task("Call Acme")], vec![]));
    s.org.fault(
        "POST",
        "/sobjects/Task",
        Fault::Slow(Duration::from_secs(5)),
        1,
    );
    let out = stopped_in_flight(
        &s,
        "POST /services/data/v66.0/sobjects/Task",
        &[libc::SIGTERM, libc::SIGTERM],
    );
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("stopped at once"), "{}", stderr(&out));
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(tasks(&s, "Call Acme"), 1, "Salesforce created it");
    let out = run(&s, "second.jsonl", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("held back: new Task record"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tasks(&s, "Call Acme"), 1);
}

#[test]
fn one_sigterm_during_the_last_item_finishes_it_and_exits_130() {
    let s = one_post();
    s.org.fault(
        "POST",
        "/services/T0001",
        Fault::Slow(Duration::from_secs(2)),
        1,
    );
    let out = stopped_in_flight(&s, "POST /services/T0001", &[libc::SIGTERM]);
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 posted"), "{}", stdout(&out));
    assert_eq!(posts(&s), 1);
    // The journal says it was posted: a resume has nothing to send.
    let out = run(&s, "x.jsonl", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(posts(&s), 1);
}

/// `cs submit` under a file-size limit of `limit` bytes, with SIGXFSZ
/// ignored: a write past the limit fails (EFBIG) as a write to a full
/// disk does (ENOSPC), at the very place it is made.
fn run_with_file_limit(s: &Setup, limit: u64, journal: &str) -> Output {
    let cmd = submit(s, journal, &[]);
    let mut c = Command::new("bash");
    c.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {}; exec \"$0\" \"$@\"",
            limit / 1024
        ))
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .current_dir(s.env.dir.path())
        .env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c.stdin(Stdio::null()).output().unwrap()
}

/// A ledger already `size` bytes long (lines of earlier sends).
fn ledger_of_size(s: &Setup, size: usize) -> std::path::PathBuf {
    let path = s.env.state_dir().join("sent.jsonl");
    std::fs::create_dir_all(s.env.state_dir()).unwrap();
    let line = json!({"at": "2026-11-01T10:00:00.000Z", "key": "slack/0000000000000000",
                      "outcome": "sent", "journal": "old.jsonl", "pid": 1})
    .to_string();
    let mut text = String::new();
    while text.len() + line.len() < size {
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(&" ".repeat(size - text.len() - 1));
    text.push('\n');
    std::fs::write(&path, &text).unwrap();
    path
}

#[test]
fn a_ledger_that_cannot_be_written_stops_the_run_before_the_post() {
    let s = one_post();
    let limit = 64 * 1024;
    let ledger = ledger_of_size(&s, limit as usize - 20);
    let out = run_with_file_limit(&s, limit, "first.jsonl");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("sent.jsonl: File too large; stopping so that nothing is sent unrecorded."),
        "{}",
        stderr(&out)
    );
    assert_eq!(posts(&s), 0, "nothing left unclaimed");
    // What part of the claim reached the file was cut off again.
    assert_eq!(std::fs::metadata(&ledger).unwrap().len(), limit - 20);
    // With room again, it is posted once.
    let out = run(&s, "second.jsonl", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(posts(&s), 1);
}

#[test]
fn a_ledger_that_fills_up_after_the_post_holds_it_back_from_the_next_run() {
    let s = one_post();
    // Room for the claim (with the longest pid), not for the answer after it.
    let journal = "first.jsonl";
    let claim = json!({"at": "2026-12-05T15:27:57.123Z", "key": "slack/0123456789abcdef",
                       "outcome": "claimed", "journal": journal, "pid": 4194304})
    .to_string()
    .len()
        + 1;
    let limit = 64 * 1024;
    ledger_of_size(&s, limit as usize - claim);
    let out = run_with_file_limit(&s, limit, journal);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("File too large"), "{}", stderr(&out));
    assert_eq!(posts(&s), 1);
    let out = run(&s, "second.jsonl", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("which stopped while sending it (that process is gone)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(posts(&s), 1);
}

#[test]
fn a_slack_504_after_the_post_is_unknown_and_never_resent() {
    let s = one_post();
    s.org.fault(
        "POST",
        "/services/T0001",
        Fault::StoreThenAnswer(504, "<html><body>Gateway Timeout</body></html>"),
        1,
    );
    let out = run(&s, "first.jsonl", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(posts(&s), 1, "not retried");
    let text = stdout(&out);
    assert!(
        text.contains("0 posted") && text.contains("1 unknown"),
        "{text}"
    );
    assert!(
        text.contains("Slack answered 504 with an HTML page rather than Slack's answer"),
        "{text}"
    );
    assert!(!text.contains("Gateway Timeout"), "{text}");
    let out = run(&s, "second.jsonl", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(posts(&s), 1);
}

#[test]
fn a_200_with_an_html_page_is_not_a_post() {
    let s = one_post();
    s.org.fault(
        "POST",
        "/services/T0001",
        Fault::Status(
            200,
            "<!DOCTYPE html><html><title>Hotel Wi-Fi</title></html>",
            None,
        ),
        1,
    );
    let out = run(&s, "first.jsonl", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("0 posted") && text.contains("1 unknown"),
        "{text}"
    );
    assert!(
        text.contains("HTTP 200 with an HTML page") && !text.contains("Hotel"),
        "{text}"
    );
    assert_eq!(posts(&s), 0);
    // Held back until a person looks; then posted.
    let out = run(&s, "second.jsonl", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(posts(&s), 0);
    let out = run(&s, "third.jsonl", &["--resend"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(posts(&s), 1);
}

#[test]
fn a_journal_edited_from_sent_to_failed_is_refused_on_resume() {
    let s = one_post();
    let out = run(&s, "journal.jsonl", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = s.env.path("journal.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"outcome\":\"sent\""), "{text}");
    std::fs::write(
        &path,
        text.replace("\"outcome\":\"sent\"", "\"outcome\":\"failed\""),
    )
    .unwrap();
    for extra in [
        &["--resume", "journal.jsonl"][..],
        &["--resume", "journal.jsonl", "--resend"][..],
    ] {
        let mut c = s.env.std_cs();
        let out = c
            .env("SLACK_WEBHOOK_URL", s.org.webhook())
            .args(["submit", "--yes"])
            .args(extra)
            .arg("plan.json")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("journal.jsonl:3: its text is not what its hash was made from"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(posts(&s), 1);
}

#[cfg(unix)]
#[test]
fn journals_and_the_ledger_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let s = Setup::new();
    s.env
        .write("plan.json", &plan(vec![task("Call Acme")], vec![]));
    // The default journal, in the state directory, under umask 022.
    let mut c = s.env.std_cs();
    c.env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["submit", "--yes", "plan.json"]);
    let out = Command::new("bash")
        .arg("-c")
        .arg("umask 022; exec \"$0\" \"$@\"")
        .arg(c.get_program())
        .args(c.get_args())
        .envs(c.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
        .current_dir(s.env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let state = s.env.state_dir();
    assert_eq!(mode(&state), 0o700);
    assert_eq!(mode(&state.join("journals")), 0o700);
    assert_eq!(mode(&state.join("sent.jsonl")), 0o600);
    let journals: Vec<_> = std::fs::read_dir(state.join("journals"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(journals.len(), 1);
    assert_eq!(mode(&journals[0].path()), 0o600);
}

#[test]
fn timeout_bounds_the_whole_answer_of_a_server_that_drips() {
    let s = one_post();
    s.org.fault(
        "POST",
        "/services/T0001",
        Fault::Drip(Duration::from_secs(1)),
        1,
    );
    let started = Instant::now();
    let mut c = submit(&s, "j.jsonl", &["--retries", "0"]);
    let out = c.args(["--timeout", "3"]).output().unwrap();
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("the answer was still arriving when --timeout ran out"),
        "{}",
        stdout(&out)
    );
    // Bounded by the timeout and one read, not by the 120 s drip.
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[test]
fn plans_and_journals_are_read_from_regular_files_only() {
    let s = one_post();
    for args in [
        &["submit", "/dev/zero"][..],
        &["submit", "--resume", "/dev/null", "plan.json"][..],
        &["submit", "--verify", "/dev/zero"][..],
    ] {
        let out = s
            .env
            .cs()
            .args(args)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is not a regular file"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    #[cfg(unix)]
    {
        let fifo = s.env.path("journal.fifo");
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let out = s
            .env
            .cs()
            .args(["submit", "--resume", "journal.fifo", "plan.json"])
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("is not a regular file"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_bulk_job_id_that_is_not_an_id_goes_into_no_path() {
    let s = Setup::new();
    let ids = s.accounts(3);
    s.env
        .write("plan.json", &crate::submit::accounts_plan(&ids));
    s.org.fault(
        "POST",
        "/jobs/ingest",
        Fault::Status(
            200,
            r#"{"id":"../../../tmp/cs-evil","state":"Open","object":"Account","operation":"update"}"#,
            None,
        ),
        1,
    );
    let out = run(&s, "j.jsonl", &["--bulk-threshold", "1"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the Bulk API job reply names a job Id that is not a Salesforce Id"),
        "{}",
        stderr(&out)
    );
    let journal = std::fs::read_to_string(s.env.path("j.jsonl")).unwrap();
    assert!(!journal.contains("cs-evil"), "{journal}");
    assert!(
        !s.org.requests().iter().any(|r| r.contains("cs-evil")),
        "{:?}",
        s.org.requests()
    );
}

#[test]
fn an_upsert_answer_naming_another_objects_record_is_not_taken() {
    let s = Setup::new();
    s.env
        .write("plan.json", &plan(vec![crate::submit::case(1)], vec![]));
    // An Account Id in answer to a Case upsert: not this write's answer.
    s.org.fault(
        "PATCH",
        "cs-escalation-test1",
        Fault::StoreThenAnswer(
            201,
            r#"{"id":"001000000000042AAA","success":true,"created":true,"errors":[]}"#,
        ),
        1,
    );
    let out = run(&s, "j.jsonl", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let journal = std::fs::read_to_string(s.env.path("j.jsonl")).unwrap();
    assert!(!journal.contains("001000000000042AAA"), "{journal}");
    let case = &s.org.find("Case", "CS_Plan_Key__c", "cs-escalation-test1")[0];
    assert!(
        journal.contains(&format!("\"id\":\"{}\"", case.id)),
        "{journal}"
    );
}

#[test]
fn a_plan_cannot_put_its_own_soql_into_a_query() {
    let s = Setup::new();
    let mut c = crate::submit::case(1);
    c["unique_open"] = json!({"same": {"AccountId": "001000000000001AAA"},
                              "where": "IsClosed = false) OR (Id != null"});
    c["seen"] = json!({"SystemModstamp": null, "at": "2026-11-20T09:00:00.000Z",
                       "values": {"Name FROM User WHERE Id != null": "x"}});
    s.env.write("plan.json", &plan(vec![c], vec![]));
    let out = run(&s, "j.jsonl", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(
        e.contains("unique_open's where 'IsClosed = false) OR (Id != null' is not a condition cs puts in SOQL")
            && e.contains("the seen field 'Name FROM User WHERE Id != null' is not a Salesforce name"),
        "{e}"
    );
    assert!(s.org.requests().is_empty(), "{:?}", s.org.requests());
}

#[test]
fn server_text_reaches_no_terminal_or_log_with_its_escape_sequences() {
    let s = Setup::new();
    s.env
        .write("plan.json", &plan(vec![crate::submit::case(1)], vec![]));
    let body = "[{\"errorCode\":\"FIELD_CUSTOM_VALIDATION_EXCEPTION\",\"message\":\"\\u001b]8;;https://evil.test\\u0007click\\u001b]8;;\\u0007 \\u001b[2J\"}]";
    s.org.fault(
        "PATCH",
        "cs-escalation-test1",
        Fault::Status(400, body, None),
        1,
    );
    let out = run(&s, "j.jsonl", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    for text in [stdout(&out), stderr(&out)] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
    }
    assert!(
        stdout(&out).contains("FIELD_CUSTOM_VALIDATION_EXCEPTION"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_query_without_end_is_cut_off_at_a_bounded_number_of_records() {
    let s = Setup::new();
    let ids = s.accounts(1);
    s.env
        .write("plan.json", &crate::submit::accounts_plan(&ids));
    s.org
        .fault("GET", "/query", Fault::EndlessPages(2_000), 1_000);
    let out = run(&s, "j.jsonl", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("holds more than 250000 records; cs stopped reading it"),
        "{}",
        stderr(&out)
    );
    let pages = s
        .org
        .requests()
        .iter()
        .filter(|r| r.contains("/query"))
        .count();
    assert!(pages <= 126, "{pages} pages read");
    assert!(!s.org.requests().iter().any(|r| r.starts_with("PATCH")));
}

/// A secret in a file cs cannot read, or in what the org holds, is never
/// quoted: not in an error, not in the dry run's diff.
#[test]
fn a_secret_in_a_bad_file_or_the_orgs_data_is_not_printed() {
    let s = Setup::new();
    s.env
        .write("plan.json", &format!("{{\"format\":\"{TOKEN}\"}}"));
    let out = submit(&s, "j.jsonl", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not a cs plan"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains(&TOKEN[..12]), "{}", stderr(&out));
    // A key file is no journal, and is not quoted as one.
    std::fs::create_dir_all(s.env.state_dir()).unwrap();
    s.env
        .write("state/journal.key", &format!("{}\n", "12ab".repeat(16)));
    s.env
        .write("plan.json", &plan(vec![], vec![slack("Acme escalated")]));
    let out = submit(&s, "state/journal.key", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!stderr(&out).contains("12ab"), "{}", stderr(&out));
    // The org holds the token in a field the plan changes: the diff says
    // the field changes, without the token.
    s.org.seed(
        "Case",
        "500000000000001AAA",
        json!({"CS_Plan_Key__c": "cs-escalation-test1", "Subject": format!("pasted {TOKEN}")}),
    );
    s.env
        .write("plan.json", &plan(vec![crate::submit::case(1)], vec![]));
    let mut c = s.env.std_cs();
    let out = c
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["submit", "plan.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Subject: \"pasted [redacted]\""),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains(&TOKEN[..12]), "{}", stdout(&out));
}

/// A plan's message announces what its records wrote: when a record of
/// the plan is refused, its Slack message waits for a resume that writes
/// it.
#[test]
fn a_message_waits_for_the_records_of_its_plan() {
    let s = Setup::new();
    s.env.write(
        "plan.json",
        &plan(vec![crate::submit::case(1)], vec![slack("Acme escalated")]),
    );
    s.org.fault(
        "PATCH",
        "cs-escalation-test1",
        Fault::Status(
            400,
            r#"[{"errorCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","message":"Reason is required"}]"#,
            None,
        ),
        1,
    );
    let out = run(&s, "j.jsonl", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "held back: Slack message \"Acme escalated\": a record of its plan was not written"
        ),
        "{text}"
    );
    assert_eq!(posts(&s), 0);
    // The record goes on resume, and its message with it.
    let mut c = s.env.std_cs();
    let out = c
        .env("SF_INSTANCE_URL", &s.org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .env("SLACK_WEBHOOK_URL", s.org.webhook())
        .args(["submit", "--yes", "--resume", "j.jsonl", "plan.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(posts(&s), 1);
    assert_eq!(
        s.org
            .find("Case", "CS_Plan_Key__c", "cs-escalation-test1")
            .len(),
        1
    );
}
