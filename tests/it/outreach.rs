//! Outreach through the engine, against a test Outreach on 127.0.0.1 that
//! answers as developers.outreach.io documents API v2 (see
//! common/outreach.rs): D2 adds a digital account's admin to the sequence
//! exactly once, O9 finishes it, an unknown sequence or mailbox stops the
//! run before anything is sent, the token is refreshed on a 401, the rate
//! limit is waited for, and no secret reaches an output or a file.

use crate::common::outreach::{ACCESS_TOKEN, CLIENT_SECRET, FakeOutreach, REFRESH_TOKEN};
use crate::common::practice::small_org;
use crate::common::salesforce::{FakeOrg, TOKEN};
use crate::common::*;
use std::process::Output;

const ACME: &str = "001000000000001AAA";
const DCSM: &str = "DCSM Account Onboarding and Adoption";

struct Setup {
    env: TestEnv,
    org: FakeOrg,
    outreach: FakeOutreach,
}

fn setup() -> Setup {
    Setup {
        env: TestEnv::new(),
        org: small_org(),
        outreach: FakeOutreach::start(),
    }
}

impl Setup {
    fn cs(&self, outreach: &[(&str, String)]) -> assert_cmd::Command {
        let mut c = self.env.cs();
        c.env("SF_INSTANCE_URL", &self.org.url)
            .env("SF_ACCESS_TOKEN", TOKEN);
        for (k, v) in outreach {
            c.env(k, v);
        }
        c
    }

    /// The plan of a digital onboarding of Acme, its answers from the org
    /// (the admin's and the CSM's emails) and `sets`.
    fn plan_from_org(&self, sets: &[&str]) -> std::path::PathBuf {
        let mut c = self.cs(&[]);
        c.args(["onboard", "--account", ACME, "--format", "json"])
            .args([
                "--set",
                "users=20",
                "--set",
                "mrr=300",
                "--set",
                "locations=1",
            ]);
        for s in sets {
            c.args(["--set", s]);
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        self.env.write("plan.json", &stdout(&out))
    }

    /// The plan of a digital onboarding of Acme from an answers file (a
    /// cancellation's escalation case from examples/case.yaml) and `sets`.
    fn plan(&self, sets: &[&str]) -> std::path::PathBuf {
        self.env.write(
            "dig.yaml",
            &format!(
                "account_id: {ACME}\naccount_name: Acme Family Clinic\nproducts: [Learning]\nmrr: 300\nusers: 20\nlocations: 1\nadmin_name: Dana Smith\nadmin_email: dana@acme.test\ncsm_email: maria@medtrainer.test\n"
            ),
        );
        std::fs::copy(
            repo().join("examples/case.yaml"),
            self.env.path("case.yaml"),
        )
        .unwrap();
        let mut c = self.cs(&[]);
        c.args(["onboard", "--answers", "dig.yaml", "--format", "json"])
            .args(["--escalation", "case.yaml"]);
        for s in sets {
            c.args(["--set", s]);
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        self.env.write("plan.json", &stdout(&out))
    }

    fn submit(&self, extra: &[&str]) -> Output {
        self.cs(&self.outreach.env())
            .args(["submit", "plan.json"])
            .args(extra)
            .output()
            .unwrap()
    }

    /// Dana Smith, Acme's admin, as an Outreach prospect in no sequence;
    /// her Id.
    fn dana(&self) -> u64 {
        self.outreach.add(
            "prospect",
            serde_json::json!({"emails": ["dana@acme.test"]}),
            &[],
        )
    }

    fn states(&self) -> Vec<String> {
        self.outreach.with(|s| s.states_of("dana@acme.test", DCSM))
    }
}

/// D2: with --account, the plan names the admin's email and the CSM's
/// (the primary contact's and the CSM user's, from the org), and the
/// sequence of the segment.
#[test]
fn d2_the_plan_names_the_sequence_the_admin_and_the_mailbox_from_the_org() {
    let s = setup();
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.plan_from_org(&[])).unwrap()).unwrap();
    assert_eq!(plan["answers"]["admin_email"], "dana@acme.test");
    assert_eq!(plan["answers"]["csm_email"], "maria@medtrainer.test");
    assert_eq!(
        plan["outreach"],
        serde_json::json!([{"rule": "D2", "action": "add", "sequence": DCSM,
            "email": "dana@acme.test", "name": "Dana Smith", "account": "Acme Family Clinic",
            "mailbox": "maria@medtrainer.test"}])
    );
    // GameDay accounts join the GameDay sequence.
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.plan_from_org(&["gameday=yes"])).unwrap())
            .unwrap();
    assert_eq!(
        plan["outreach"][0]["sequence"],
        "Digital Account Adoption (GameDay) Check-In"
    );
}

/// D2 through the engine: the dry run says what it would add, the run
/// adds one active state (creating the prospect with the admin's email),
/// a second run and a second dry run add nothing.
#[test]
fn d2_a_digital_onboarding_is_added_to_the_sequence_once() {
    let s = setup();
    s.plan(&[]);
    let dry = s.submit(&["--detailed-exitcode"]);
    assert_eq!(dry.status.code(), Some(2), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains(&format!(
            "+ add Dana Smith <dana@acme.test> to \"{DCSM}\" from maria@medtrainer.test (a new prospect)"
        )),
        "{}",
        stdout(&dry)
    );
    assert!(
        s.outreach.with(|o| o.writes().is_empty()),
        "a dry run writes nothing"
    );
    // Scripts read the change as data.
    let json = s.submit(&["--format", "json"]);
    let changes: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let add = changes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["detail"]["action"] == "add")
        .expect("the Outreach change");
    assert_eq!(add["action"], "create");
    assert_eq!(
        add["detail"],
        serde_json::json!({"action": "add", "sequence": DCSM, "email": "dana@acme.test",
            "name": "Dana Smith", "account": "Acme Family Clinic", "mailbox": "maria@medtrainer.test"})
    );

    let run = s.submit(&["--yes"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(s.states(), ["active"]);
    let prospect = s
        .outreach
        .with(|o| o.prospect("dana@acme.test").cloned())
        .unwrap();
    assert_eq!(
        prospect.attributes["emails"],
        serde_json::json!(["dana@acme.test"])
    );
    assert_eq!(prospect.attributes["firstName"], "Dana");
    assert_eq!(prospect.attributes["lastName"], "Smith");
    let acme = s.outreach.with(|o| o.accounts[0].id);
    assert_eq!(prospect.related.get("account"), Some(&acme));

    let writes = s.outreach.with(|o| o.writes().len());
    let again = s.submit(&["--yes"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let dry = s.submit(&["--detailed-exitcode"]);
    assert!(
        stdout(&dry).contains(
            "= <dana@acme.test> is already active in \"DCSM Account Onboarding and Adoption\""
        ),
        "{}",
        stdout(&dry)
    );
    assert_eq!(s.outreach.with(|o| o.writes().len()), writes);
    assert_eq!(s.states(), ["active"]);
}

/// Only an active state counts: an admin whose earlier state in the
/// sequence finished (read across pages) is added again.
#[test]
fn only_an_active_state_counts_and_every_page_is_read() {
    let s = setup();
    let dana = s.outreach.add(
        "prospect",
        serde_json::json!({"emails": ["Dana@Acme.test"], "firstName": "Dana"}),
        &[],
    );
    let (seq, mbox) = s.outreach.with(|o| (o.sequences[0].id, o.mailboxes[0].id));
    for _ in 0..7 {
        s.outreach.add(
            "sequenceState",
            serde_json::json!({"state": "finished"}),
            &[("prospect", dana), ("sequence", seq), ("mailbox", mbox)],
        );
    }
    s.outreach.with(|o| o.page_cap = Some(2));
    s.plan(&[]);
    let run = s.submit(&["--yes"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let states = s.states();
    assert_eq!(
        states.iter().filter(|x| *x == "active").count(),
        1,
        "{states:?}"
    );
    // An active state on the last page is found: nothing more is added.
    let run = s.submit(&["--yes"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(s.states().iter().filter(|x| *x == "active").count(), 1);
    assert!(
        s.outreach
            .with(|o| o.requests.iter().any(|r| r.contains("page%5Bafter%5D=6"))),
        "the states were read to their last page"
    );
}

/// An unknown sequence or mailbox is refused by name before anything is
/// sent, to Outreach or to Salesforce.
#[test]
fn an_unknown_sequence_or_mailbox_is_refused_with_nothing_half_done() {
    let s = setup();
    s.plan(&["csm_email=nobody@medtrainer.test"]);
    s.outreach.with(|o| {
        o.sequences.retain(|q| q.attributes["name"] != DCSM);
    });
    let run = s.submit(&["--yes"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(
        err.contains(&format!("no sequence is named \"{DCSM}\"")),
        "{err}"
    );
    assert!(
        err.contains("no mailbox has the email nobody@medtrainer.test"),
        "{err}"
    );
    assert!(s.outreach.with(|o| o.writes().is_empty()));
    let sf_writes: Vec<String> = s
        .org
        .requests()
        .into_iter()
        // The Composite API carries the reads' queries.
        .filter(|r| !r.starts_with("GET") && !r.ends_with("/composite"))
        .collect();
    assert!(
        sf_writes.is_empty(),
        "nothing was written to Salesforce: {sf_writes:?}"
    );
}

/// An answer lost after Outreach applied the write is settled by reading
/// the states back; a resume adds nothing.
#[test]
fn a_lost_answer_is_settled_by_reading_back_and_a_resume_adds_nothing() {
    let s = setup();
    s.dana();
    s.outreach.with(|o| o.lose_writes = 1);
    s.plan(&[]);
    let run = s.submit(&["--yes", "--journal", "j.jsonl"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(s.states(), ["active"]);
    let journal = std::fs::read_to_string(s.env.path("j.jsonl")).unwrap();
    assert!(
        journal
            .lines()
            .any(|l| l.contains("outreach/add/dana@acme.test") && l.contains("\"created\"")),
        "{journal}"
    );
    let resume = s.submit(&["--yes", "--resume", "j.jsonl"]);
    assert!(resume.status.success(), "{}", stderr(&resume));
    assert_eq!(s.states(), ["active"]);
}

/// Outreach's 422 for a second active state (another run added the admin
/// between cs's read and its write) settles as no change; a 503 to the
/// write is read back: not applied, the run says so (exit 3) and a resume
/// adds it once.
#[test]
fn a_422_settles_as_no_change_and_a_503_is_read_back() {
    let s = setup();
    s.dana();
    s.plan(&[]);
    s.outreach.with(|o| o.raced_writes = 1);
    let run = s.submit(&["--yes", "--journal", "a.jsonl"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(s.states(), ["active"]);
    let journal = std::fs::read_to_string(s.env.path("a.jsonl")).unwrap();
    assert!(
        journal
            .lines()
            .any(|l| l.contains("outreach/add/") && l.contains("\"unchanged\"")),
        "{journal}"
    );

    let s = setup();
    s.plan(&[]);
    s.dana();
    s.outreach.with(|o| o.fail_writes = 1);
    let run = s.submit(&["--yes", "--journal", "b.jsonl"]);
    assert_eq!(run.status.code(), Some(3), "{}", stderr(&run));
    let said = stdout(&run);
    assert!(
        said.contains("so it was not added: a resume adds it"),
        "{said}"
    );
    assert!(s.states().is_empty());
    let resume = s.submit(&["--yes", "--resume", "b.jsonl"]);
    assert!(resume.status.success(), "{}", stderr(&resume));
    assert_eq!(s.states(), ["active"]);
}

/// The access token is refreshed once on a 401 with the refresh-token
/// grant's four form fields; no token or secret reaches an output, the
/// journal or any file of the state directory.
#[test]
fn an_expired_token_is_refreshed_once_and_no_secret_is_written() {
    let s = setup();
    s.plan(&[]);
    let run = s
        .cs(&s.outreach.refresh_env())
        .args(["submit", "plan.json", "--yes", "--journal", "j.jsonl"])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(s.states(), ["active"]);
    let (refreshes, forms) = s.outreach.with(|o| (o.refreshes, o.token_forms.clone()));
    assert_eq!(refreshes, 1);
    let form: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(forms[0].as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let mut keys: Vec<&str> = form.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["client_id", "client_secret", "grant_type", "refresh_token"]
    );
    assert_eq!(form["grant_type"], "refresh_token");
    let refreshed = s.outreach.with(|o| o.tokens[1].clone());
    let mut texts = vec![stdout(&run), stderr(&run)];
    for entry in walk(s.env.dir.path()) {
        texts.push(String::from_utf8_lossy(&std::fs::read(entry).unwrap()).into_owned());
    }
    for t in &texts {
        for secret in [
            ACCESS_TOKEN,
            CLIENT_SECRET,
            REFRESH_TOKEN,
            refreshed.as_str(),
        ] {
            assert!(
                !t.contains(&secret[..12]),
                "a fragment of a secret was written: {t}"
            );
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A 429 without Retry-After is paced by X-RateLimit-Reset: cs waits for
/// the reset and goes on.
#[test]
fn a_429_is_paced_by_the_reset_header() {
    let s = setup();
    s.plan(&[]);
    s.outreach.with(|o| {
        o.force_429 = 1;
        o.reset_in = 2;
    });
    let run = s.submit(&["--yes"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("Outreach's rate limit is spent: waiting"),
        "{}",
        stderr(&run)
    );
    assert_eq!(s.states(), ["active"]);
    assert_eq!(s.outreach.with(|o| o.refused), 1);
}

/// O9: a cancellation finishes the admin's active state in the sequence;
/// an undo of a D2 run finishes the state it created.
#[test]
fn o9_finishes_the_active_state_and_an_undo_finishes_what_d2_added() {
    let s = setup();
    s.plan(&[]);
    let run = s.submit(&["--yes", "--journal", "d2.jsonl"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(s.states(), ["active"]);
    let undo = s
        .cs(&s.outreach.env())
        .args(["submit", "--undo", "d2.jsonl", "--yes"])
        .output()
        .unwrap();
    assert!(undo.status.success(), "{}", stderr(&undo));
    assert_eq!(s.states(), ["finished"]);

    let s = setup();
    s.plan(&[]);
    assert!(s.submit(&["--yes"]).status.success());
    s.plan(&["outcome=cancellation_requested"]);
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.env.path("plan.json")).unwrap()).unwrap();
    assert_eq!(plan["outreach"][0]["action"], "finish");
    let run = s.submit(&["--yes"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(s.states(), ["finished"]);
}

/// `cs submit --yes EXTRA out` with the test org's and Outreach's
/// credentials.
fn submit_out(env: &TestEnv, org: &FakeOrg, outreach: &FakeOutreach, extra: &[&str]) -> Output {
    let mut c = env.cs();
    c.env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN);
    for (k, v) in outreach.env() {
        c.env(k, v);
    }
    c.args(["submit", "--yes"])
        .args(extra)
        .arg("out")
        .output()
        .unwrap()
}

/// `cs transition batch` and `cs submit DIR` with Outreach (T3, T6).
mod batches {
    use super::*;
    use serde_json::json;

    const AUTOMATED: &str = "Account Transition - Automated";

    /// 2,500 accounts move to Jordan: each admin joins the automated
    /// transfer sequence from Jordan's mailbox, each account and prospect
    /// becomes Jordan's. Outreach allows 1,500 requests an hour: the run
    /// stops before the request over it, saying when to resume; resumed
    /// after the reset under a test-sized limit, it waits for each reset
    /// and ends with one active state per admin and results.csv row for
    /// row.
    #[test]
    fn t3_t6_a_batch_of_2500_is_paced_stopped_and_resumed_with_no_duplicate_state() {
        let env = TestEnv::new();
        let org = FakeOrg::start();
        let outreach = FakeOutreach::start();
        let id = |i: usize| format!("001{i:012}AAA");
        let maria = outreach.with(|o| o.users[0].id);
        let mut csv = String::from(
            "account_id,account_name,from_csm,to_csm,reason,health,admin_email,to_csm_email\n",
        );
        for i in 1..=2500 {
            org.seed(
                "Account",
                &id(i),
                json!({"Name": format!("Clinic {i}"), "Customer_Success_Manager__c": "005000000000001AAA"}),
            );
            let account = outreach.add(
                "account",
                json!({"name": format!("Clinic {i}")}),
                &[("owner", maria)],
            );
            outreach.add(
                "prospect",
                json!({"emails": [format!("admin{i}@clinic{i}.test")]}),
                &[("account", account), ("owner", maria)],
            );
            csv.push_str(&format!(
                "{},Clinic {i},Maria Lopez,005000000000002AAA,leave,healthy,admin{i}@clinic{i}.test,jordan@medtrainer.test\n",
                id(i)
            ));
        }
        env.write("accounts.csv", &csv);
        let out = env
            .cs()
            .args(["transition", "batch", "accounts.csv", "--out", "out"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("5000 Outreach changes"),
            "{}",
            stderr(&out)
        );

        outreach.with(|o| o.limit = Some(1500));
        let submit = |extra: &[&str]| submit_out(&env, &org, &outreach, extra);
        let first = submit(&["--journal", "j.jsonl"]);
        assert_eq!(
            first.status.code(),
            Some(3),
            "{}\n{}",
            stdout(&first),
            stderr(&first)
        );
        let err = stderr(&first);
        assert!(err.contains("rate limit"), "{err}");
        assert!(err.contains("resume after"), "{err}");
        assert!(err.contains("cs submit --yes --resume j.jsonl"), "{err}");
        let added = outreach.with(|o| o.states.len());
        assert!(added > 0 && added < 2500, "{added} states before the stop");
        assert_eq!(outreach.with(|o| o.refused), 0, "cs stopped before a 429");

        // The hour is over; from now on the limit is 1,500 requests, whole
        // again two seconds after it is spent.
        outreach.with(|o| {
            o.limit = Some(1500);
            o.refill = true;
            o.reset_in = 2;
            o.window_end = 0;
        });
        let resumed = submit(&["--resume", "j.jsonl"]);
        assert!(resumed.status.success(), "{}", stderr(&resumed));
        assert!(
            stderr(&resumed).contains("Outreach's rate limit is spent: waiting"),
            "{}",
            stderr(&resumed)
        );
        outreach.with(|o| {
            let seq = o
                .sequences
                .iter()
                .find(|s| s.attributes["name"] == AUTOMATED)
                .unwrap()
                .id;
            assert_eq!(o.states.len(), 2500, "one state per admin, no duplicate");
            let jordan = o.users[1].id;
            for p in &o.prospects {
                let mine: Vec<_> = o
                    .states
                    .iter()
                    .filter(|s| s.related.get("prospect") == Some(&p.id))
                    .collect();
                assert_eq!(mine.len(), 1);
                assert_eq!(mine[0].related.get("sequence"), Some(&seq));
                assert_eq!(mine[0].related.get("mailbox"), Some(&o.mailboxes[1].id));
                assert_eq!(p.related.get("owner"), Some(&jordan));
            }
            let moved = o
                .accounts
                .iter()
                .filter(|a| a.attributes["name"] != "Acme Family Clinic");
            assert_eq!(moved.clone().count(), 2500);
            assert!(
                moved
                    .into_iter()
                    .all(|a| a.related.get("owner") == Some(&jordan))
            );
            let posts = o
                .requests
                .iter()
                .filter(|r| r.starts_with("POST /api/v2/sequenceStates"))
                .count();
            assert_eq!(posts, 2500);
            // The reads are batched: 50 emails, names or Ids a request, not
            // one request per row (both runs together).
            let reads = o.requests.iter().filter(|r| r.starts_with("GET ")).count();
            assert!(reads < 500, "{reads} reads");
        });
        let mut rdr = csv::Reader::from_path(env.path("out/results.csv")).unwrap();
        let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(
            &header[header.len() - 2..],
            ["outreach_status", "outreach_error"]
        );
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2500);
        for r in &rows {
            assert_eq!(&r[8], "updated", "{r:?}");
            assert_eq!(&r[r.len() - 2], "created", "{r:?}");
        }
    }
}

/// Exactly once, the way it breaks: two `cs submit` processes of one plan
/// at once, and a run killed (SIGKILL) while Outreach holds its answer.
mod broken {
    use super::*;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    fn submit(s: &Setup, journal: &[&str]) -> Command {
        let mut c = s.env.std_cs();
        c.env("SF_INSTANCE_URL", &s.org.url)
            .env("SF_ACCESS_TOKEN", TOKEN);
        for (k, v) in s.outreach.env() {
            c.env(k, v);
        }
        c.args(["submit", "--yes"])
            .args(journal)
            .arg("plan.json")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    /// Both runs read that Dana is in no sequence before either adds her:
    /// Outreach takes one state and refuses the other (422), which that
    /// run reads back as no change.
    #[test]
    fn two_runs_at_once_add_the_admin_once() {
        let s = setup();
        s.dana();
        s.plan(&[]);
        s.outreach
            .with(|o| o.slow = Some(Duration::from_millis(300)));
        let a = submit(&s, &["--journal", "a.jsonl"]).spawn().unwrap();
        let b = submit(&s, &["--journal", "b.jsonl"]).spawn().unwrap();
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert!(a.status.success(), "{}", stderr(&a));
        assert!(b.status.success(), "{}", stderr(&b));
        assert_eq!(s.states(), ["active"]);
    }

    /// SIGKILL while Outreach holds the answer to the sequence state it
    /// applied: the resume reads Dana's states and adds nothing, and a new
    /// run of the plan neither.
    #[test]
    fn a_run_killed_while_the_write_is_in_flight_is_settled_on_resume() {
        let s = setup();
        s.dana();
        s.plan(&[]);
        s.outreach
            .with(|o| o.slow_writes = Some(Duration::from_secs(5)));
        let child = submit(&s, &["--journal", "first.jsonl"]).spawn().unwrap();
        let end = Instant::now() + Duration::from_secs(30);
        while !s.outreach.with(|o| {
            o.requests
                .iter()
                .any(|r| r.starts_with("POST /api/v2/sequenceStates"))
        }) {
            assert!(Instant::now() < end, "the write never came");
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: kill(2) on the pid of a child this test spawned and has not reaped.
        assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGKILL) }, 0);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), None, "killed");
        assert_eq!(s.states(), ["active"], "Outreach applied it before cs died");
        s.outreach.with(|o| o.slow_writes = None);
        let resume = submit(&s, &["--resume", "first.jsonl"]).output().unwrap();
        assert!(resume.status.success(), "{}", stderr(&resume));
        let again = submit(&s, &["--journal", "second.jsonl"]).output().unwrap();
        assert!(again.status.success(), "{}", stderr(&again));
        assert_eq!(s.states(), ["active"]);
        let posts = s.outreach.with(|o| {
            o.requests
                .iter()
                .filter(|r| r.starts_with("POST /api/v2/sequenceStates"))
                .count()
        });
        assert_eq!(posts, 1, "the state was posted once");
    }
}

/// `cs org check` finds the sequences the playbooks name in Outreach: a
/// missing one is an error at its line in the playbook, a disabled one a
/// warning.
#[test]
fn org_check_finds_the_playbooks_sequences_in_outreach() {
    let s = setup();
    crate::common::practice::describe_org(&s.org);
    let check = |s: &Setup| {
        s.cs(&s.outreach.env())
            .args(["org", "check"])
            .output()
            .unwrap()
    };
    let ok = check(&s);
    assert!(ok.status.success(), "{}{}", stdout(&ok), stderr(&ok));
    s.outreach.with(|o| {
        o.sequences
            .retain(|q| q.attributes["name"] != "Account Transition - Manual");
        o.sequences[0].attributes["enabled"] = serde_json::json!(false);
    });
    let out = check(&s);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    let line = |file: &str, name: &str| {
        let t = std::fs::read_to_string(repo().join("playbooks").join(file)).unwrap();
        t.lines()
            .position(|l| l.contains(name) && !l.trim_start().starts_with('#'))
            .unwrap()
            + 1
    };
    assert!(
        text.contains(&format!(
            "transition.yaml:{}:13: error: Outreach has no sequence named \"Account Transition - Manual\"",
            line("transition.yaml", "manual: Account Transition - Manual")
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "onboarding.yaml:{}:15: warning: the Outreach sequence \"{DCSM}\" is not enabled",
            line("onboarding.yaml", "standard: DCSM")
        )),
        "{text}"
    );
}

/// O1, O8 with `--account` and Outreach: the admin's sequence states say
/// whether they replied (no welcome reminder then) and which sequences
/// they are active in; an admin active in a sequence who has not replied
/// is proposed as unresponsive.
#[test]
fn o1_o8_the_admins_replies_in_outreach_decide_the_reminder_and_propose_unresponsive() {
    let s = setup();
    let dana = s.dana();
    let (seq, mbox) = s.outreach.with(|o| (o.sequences[0].id, o.mailboxes[0].id));
    let state = s.outreach.add(
        "sequenceState",
        serde_json::json!({"state": "active", "replyCount": 0, "repliedAt": null}),
        &[("prospect", dana), ("sequence", seq), ("mailbox", mbox)],
    );
    let onboard = |sets: &[&str]| -> serde_json::Value {
        let mut c = s.cs(&s.outreach.env());
        c.args(["onboard", "--account", ACME, "--format", "json"])
            .args([
                "--set",
                "locations=2",
                "--set",
                "kyc_link=https://forms.gle/acme",
            ]);
        for x in sets {
            c.args(["--set", x]);
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("read Outreach prospect <dana@acme.test>"),
            "{}",
            stderr(&out)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let drafts = |p: &serde_json::Value| -> Vec<String> {
        p["drafts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["template"].as_str().unwrap().to_string())
            .collect()
    };
    // Assigned today, the admin has had no time to reply: nothing is
    // proposed.
    let p = onboard(&["users=40"]);
    assert_eq!(p["answers"]["outcome"], "in_progress");
    // A core account whose admin has not replied: the reminder is planned.
    let p = onboard(&["users=40", "assigned_on=2026-11-16"]);
    assert_eq!(p["answers"]["admin_replied"], false);
    assert_eq!(p["answers"]["admin_sequences"], DCSM);
    assert!(drafts(&p).contains(&"CCSM / SCSM Welcome to MedTrainer!".to_string()));
    // O8: active in a sequence without a reply: unresponsive is proposed.
    assert_eq!(p["answers"]["outcome"], "unresponsive");
    assert!(
        warnings(&p)
            .iter()
            .any(|w| w.contains("'Unresponsive: start the 10 days of contact (O8)' is proposed")),
        "{:?}",
        warnings(&p)
    );
    // The admin replied: no reminder, nothing proposed.
    s.outreach.with(|o| {
        let st = o.states.iter_mut().find(|x| x.id == state).unwrap();
        st.attributes["replyCount"] = serde_json::json!(1);
        st.attributes["repliedAt"] = serde_json::json!("2026-11-19T15:02:00.000Z");
    });
    let p = onboard(&["users=40", "assigned_on=2026-11-16"]);
    assert_eq!(p["answers"]["admin_replied"], true);
    assert!(!drafts(&p).contains(&"CCSM / SCSM Welcome to MedTrainer!".to_string()));
    assert_eq!(p["answers"]["outcome"], "in_progress");
}

/// Without Outreach credentials a change is printed for a person to make,
/// journaled `manual`, and counted as Outreach's, not Slack's.
#[test]
fn without_credentials_the_change_is_left_to_a_person() {
    let s = setup();
    s.plan(&[]);
    let run = s
        .cs(&[])
        .args(["submit", "plan.json", "--yes", "--journal", "j.jsonl"])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains(&format!(
            "make this change in Outreach by hand: add Dana Smith <dana@acme.test> to \"{DCSM}\" from maria@medtrainer.test"
        )),
        "{}",
        stderr(&run)
    );
    assert!(
        stdout(&run).contains("Slack: 0 posted, 0 to post by hand; Outreach: 1 to make by hand;"),
        "{}",
        stdout(&run)
    );
    let journal = std::fs::read_to_string(s.env.path("j.jsonl")).unwrap();
    assert!(
        journal
            .lines()
            .any(|l| l.contains("outreach/add/") && l.contains("\"manual\""))
    );
    assert!(s.outreach.with(|o| o.requests.is_empty()));
}

/// From an outside probe: a batch row whose account was not moved in
/// Salesforce does not join the transfer sequence; an owner change after
/// the run created the account's first prospect includes it; without
/// Outreach credentials the dry run still compares the records with the
/// org.
mod probe {
    use super::*;
    use serde_json::json;

    #[test]
    fn t3_a_rows_outreach_changes_go_with_its_account() {
        let env = TestEnv::new();
        let org = FakeOrg::start();
        let outreach = FakeOutreach::start();
        let id = |i: usize| format!("001{i:012}AAA");
        // The org has the first account, not the second.
        org.seed("Account", &id(1), json!({"Name": "Clinic 1"}));
        let mut csv = String::from(
            "account_id,account_name,from_csm,to_csm,reason,health,admin_email,to_csm_email\n",
        );
        for i in 1..=2 {
            csv.push_str(&format!(
                "{},Clinic {i},Maria Lopez,005000000000002AAA,leave,healthy,admin{i}@clinic{i}.test,jordan@medtrainer.test\n",
                id(i)
            ));
        }
        env.write("accounts.csv", &csv);
        let out = env
            .cs()
            .args(["transition", "batch", "accounts.csv", "--out", "out"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let run = submit_out(&env, &org, &outreach, &[]);
        assert_eq!(run.status.code(), Some(3), "{}", stderr(&run));
        outreach.with(|o| {
            assert!(o.prospect("admin1@clinic1.test").is_some());
            assert!(
                o.prospect("admin2@clinic2.test").is_none(),
                "no prospect for the account not moved"
            );
            assert_eq!(o.states.len(), 1);
        });
        let text = stdout(&run);
        assert!(
            text.contains(&format!(
                "Account/Id/{}, which it goes with, was not written",
                id(2)
            )),
            "{text}"
        );
        let rows: Vec<csv::StringRecord> = csv::Reader::from_path(env.path("out/results.csv"))
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(&rows[0][rows[0].len() - 2], "created");
        assert_eq!(&rows[1][rows[1].len() - 2], "not_sent", "{:?}", rows[1]);
        // Its reason once, as a cell reads it.
        assert_eq!(
            &rows[1][rows[1].len() - 1],
            &format!(
                "held back: Account/Id/{}, which it goes with, was not written; it goes with a resume once it is",
                id(2)
            )
        );
    }

    #[test]
    fn t6_an_owner_change_includes_the_prospect_the_run_created() {
        let s = setup();
        s.env.write(
            "plan.json",
            &serde_json::to_string(&json!({
                "format": 1, "playbook": "transition", "command": "transition",
                "summary": {}, "answers": {}, "records": [], "messages": [], "drafts": [],
                "schedule": [], "checklist": [], "warnings": [],
                // The owner change first: the add that creates the account
                // is made before it.
                "outreach": [
                    {"rule": "T6", "action": "owner", "account": "NewCo Clinic", "owner": "jordan@medtrainer.test"},
                    {"rule": "T3", "action": "add", "sequence": "Account Transition - Automated",
                     "email": "x@newco.test", "account": "NewCo Clinic", "mailbox": "jordan@medtrainer.test"}
                ]
            }))
            .unwrap(),
        );
        // Outreach's changes alone count for --detailed-exitcode.
        let dry = s.submit(&["--detailed-exitcode"]);
        assert_eq!(dry.status.code(), Some(2), "{}", stdout(&dry));
        assert!(
            stdout(&dry).contains("+ give the Outreach account \"NewCo Clinic\" and its prospects to jordan@medtrainer.test (the account is created with its first prospect above)"),
            "{}",
            stdout(&dry)
        );
        let run = s.submit(&["--yes", "--journal", "t6.jsonl"]);
        assert!(run.status.success(), "{}", stderr(&run));
        let jordan = s.outreach.with(|o| o.users[1].id);
        let p = s
            .outreach
            .with(|o| o.prospect("x@newco.test").cloned())
            .unwrap();
        assert_eq!(p.related.get("owner"), Some(&jordan));
        let dry = s.submit(&["--detailed-exitcode"]);
        assert_eq!(dry.status.code(), Some(0), "{}", stdout(&dry));
        // A journal of Outreach changes alone is undone: the state it
        // created is finished, the owner left (and said).
        let undo = s
            .cs(&s.outreach.env())
            .args(["submit", "--undo", "t6.jsonl", "--yes"])
            .output()
            .unwrap();
        assert!(undo.status.success(), "{}", stderr(&undo));
        assert!(
            stderr(&undo)
                .contains("left in place: the owner of the Outreach account \"NewCo Clinic\""),
            "{}",
            stderr(&undo)
        );
        let states = s
            .outreach
            .with(|o| o.states_of("x@newco.test", "Account Transition - Automated"));
        assert_eq!(states, ["finished"]);
    }

    #[test]
    fn without_outreach_credentials_the_dry_run_still_compares_the_records() {
        let s = setup();
        s.plan(&[]);
        let dry = s.cs(&[]).args(["submit", "plan.json"]).output().unwrap();
        let text = stdout(&dry);
        assert!(
            text.contains("+ create: Onboarding__c/CS_Plan_Key__c/"),
            "{text}"
        );
        assert!(
            text.contains("(by hand: no Outreach credentials are set)"),
            "{text}"
        );
    }
}

/// A plan's Outreach change that is not one names its place; one whose
/// values Outreach would refuse names each problem, and nothing is sent.
#[test]
fn a_bad_outreach_change_is_named_where_it_is() {
    let s = setup();
    let plan = |outreach: serde_json::Value| {
        serde_json::to_string(&serde_json::json!({
            "format": 1, "playbook": "onboarding", "command": "onboard",
            "summary": {}, "answers": {}, "records": [], "messages": [], "drafts": [],
            "schedule": [], "checklist": [], "warnings": [], "outreach": outreach
        }))
        .unwrap()
    };
    s.env.write(
        "plan.json",
        &plan(serde_json::json!([{"rule": "D2", "action": "add", "sequence": "S"}])),
    );
    let out = s.submit(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("document 1 is not a cs plan: outreach[0]: missing field `email`"),
        "{}",
        stderr(&out)
    );
    s.env.write(
        "plan.json",
        &plan(serde_json::json!([
            {"rule": "D2", "action": "add", "sequence": "Day 1\nDay 2", "email": "dana at acme", "mailbox": "maria@medtrainer.test"},
            {"rule": "Z9", "action": "owner", "account": "x".repeat(300), "owner": "jordan@medtrainer.test"}
        ])),
    );
    let out = s.submit(&["--yes"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for want in [
        "outreach[0] (D2): the prospect's email 'dana at acme' is not an email address",
        "outreach[0] (D2): the sequence 'Day 1\\nDay 2' holds a line break or another control character",
        "outreach[1] (Z9): the account 'xxxxxxxx",
        "is 300 characters; Outreach takes 255",
        "outreach[1] (Z9): its rule is not a rule ID of the SOP rule catalog",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
    assert!(s.outreach.with(|o| o.requests.is_empty()));
}
