//! `cs submit DIR` on a transition batch's output: its records sent (a
//! Bulk API 2.0 job for thousands), and results.csv with the input's rows
//! in their order and columns, each with its status, Salesforce Id, error
//! and plan key, although the job's results come back in another order.

use crate::common::salesforce::{FakeOrg, TOKEN};
use crate::common::{TestEnv, stderr, stdout};
use serde_json::json;

/// `cs submit --yes --journal j.jsonl out` against `org`.
fn submit_out(env: &TestEnv, org: &FakeOrg) -> std::process::Output {
    env.cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["submit", "--yes", "--journal", "j.jsonl", "out"])
        .output()
        .unwrap()
}

/// `cs offboard batch` of the example accounts into `out/` (one row of
/// three is rejected).
fn offboard_batch(env: &TestEnv) -> std::process::Output {
    env.cs()
        .current_dir(crate::common::repo())
        .args([
            "offboard",
            "batch",
            "examples/offboard-accounts.csv",
            "--out",
        ])
        .arg(env.path("out"))
        .output()
        .unwrap()
}

const HEADER: &str = "account_id,account_name,from_csm,to_csm,reason,health";

#[test]
fn results_csv_follows_the_input_row_for_row_through_a_shuffled_bulk_job() {
    let env = TestEnv::new();
    let org = FakeOrg::start();
    // 3,000 accounts in the file; the org lacks the last two.
    let id = |i: usize| format!("001{i:012}AAA");
    for i in 1..=2998 {
        org.seed(
            "Account",
            &id(i),
            json!({"Name": format!("Clinic {i}"), "Customer_Success_Manager__c": "005000000000001AAA"}),
        );
    }
    let mut csv = format!("{HEADER}\n");
    for i in 1..=3000 {
        csv.push_str(&format!(
            "{},Clinic {i},Maria Lopez,005000000000002AAA,leave,healthy\n",
            id(i)
        ));
        if i == 1500 {
            // A row the batch rejects.
            csv.push_str("001000000009999AAA,Bad Reason Clinic,Maria Lopez,005000000000002AAA,retired,healthy\n");
        }
    }
    env.write("accounts.csv", &csv);
    let out = env
        .cs()
        .args(["transition", "batch", "accounts.csv", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(env.path("out/batch.json").is_file());

    org.state.lock().unwrap().shuffle_results = true;
    let out = submit_out(&env, &org);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 created, 2998 updated, 0 unchanged"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("results.csv: 3001 rows in out"),
        "{}",
        stderr(&out)
    );
    // One Bulk API ingest job carried the 3,000 updates.
    assert_eq!(org.with(|s| s.jobs.len()), 1);

    let mut rdr = csv::Reader::from_path(env.path("out/results.csv")).unwrap();
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "account_id",
            "account_name",
            "from_csm",
            "to_csm",
            "reason",
            "health",
            "status",
            "salesforce_id",
            "error",
            "plan_key"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3001);
    // The input's order, whatever order the job's results came in.
    let input: Vec<&str> = csv.lines().skip(1).collect();
    for (row, line) in rows.iter().zip(&input) {
        let given: Vec<&str> = line.split(',').collect();
        assert_eq!(&row.iter().take(6).collect::<Vec<_>>(), &given);
    }
    let status = |r: &csv::StringRecord| r[6].to_string();
    assert_eq!(status(&rows[0]), "updated");
    assert_eq!(&rows[0][7], id(1));
    assert_eq!(&rows[0][9], format!("Account/Id/{}", id(1)));
    assert_eq!(status(&rows[1500]), "rejected");
    assert!(
        rows[1500][8].contains("'retired' is not one of"),
        "{:?}",
        rows[1500]
    );
    for r in &rows[2999..] {
        assert_eq!(status(r), "failed", "{r:?}");
        assert!(r[8].contains("ENTITY_IS_DELETED"), "{r:?}");
    }
    assert_eq!(rows.iter().filter(|r| status(r) == "updated").count(), 2998);
}

#[test]
fn a_directory_that_is_not_a_transition_batch_is_named_with_what_cs_takes() {
    let env = TestEnv::new();
    env.write("report/report.csv", "account_id\n");
    let out = env.cs().args(["submit", "report"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("report is a directory without batch.json: not a batch cs can send.")
            && stderr(&out)
                .contains("the directory cs transition batch or cs offboard batch wrote"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_offboarding_batch_is_sent_plan_by_plan_with_results_row_for_row() {
    let env = TestEnv::new();
    let org = FakeOrg::start();
    // Acme's offboarding case exists; Bayside's does not.
    org.seed(
        "Case",
        "500000000000071AAA",
        json!({"Subject": "Offboarding - Acme", "Status": "New"}),
    );
    org.state
        .lock()
        .unwrap()
        .case_numbers
        .insert("00001234".into(), "500000000000071AAA".into());
    let out = offboard_batch(&env);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrote report.csv, errors.csv, plans.jsonl and batch.json"),
        "{}",
        stderr(&out)
    );
    // The files for people with a byte-order mark for Excel (--bom):
    // results.csv too, read as it was.
    let out = env
        .cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["--bom", "submit", "--yes", "--journal", "j.jsonl", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let results = std::fs::read(env.path("out/results.csv")).unwrap();
    assert!(results.starts_with(b"\xef\xbb\xbfaccount_name,"));
    // Acme's note is a comment on its case (its case holds the rest
    // already, so the row reads created).
    assert_eq!(
        org.find("CaseComment", "ParentId", "500000000000071AAA")
            .len(),
        1
    );
    let mut rdr = csv::Reader::from_path(env.path("out/results.csv")).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[0], "account_name");
    assert_eq!(
        &header[header.len() - 4..],
        ["status", "salesforce_id", "error", "plan_key"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let status = header.len() - 4;
    let names: Vec<(&str, &str)> = rows.iter().map(|r| (&r[0], &r[status])).collect();
    assert_eq!(
        names,
        [
            ("Acme Family Clinic", "created"),
            ("Bayside Dental", "failed"),
            ("Cedar Urgent Care", "rejected")
        ]
    );
    assert_eq!(&rows[0][status + 1], "500000000000071AAA");
    assert_eq!(&rows[0][status + 3], "Case/CaseNumber/00001234");
    assert!(rows[1][status + 2].contains("00001235"), "{:?}", rows[1]);
}

/// The plans of a batch's plans.jsonl can be sent as a file too (#30):
/// each row's plan, and nothing for a row that has none.
#[test]
fn a_batchs_plans_jsonl_is_read_as_plans() {
    let env = TestEnv::new();
    let out = offboard_batch(&env);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = env
        .cs()
        .args(["submit", "--format", "json", "out/plans.jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let preview: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = preview.to_string();
    // Acme's and Bayside's plans (their cases), not the rejected row's.
    assert!(
        text.contains("case number 00001234") && text.contains("case number 00001235"),
        "{text}"
    );
    assert_eq!(text.matches("/sobjects/CaseComment").count(), 2, "{text}");
}

/// A problem `cs submit DIR` finds before sending names the row of the
/// batch's file it is on (#30), not the plan's `records[N]`, and says to
/// fix the rows rather than a playbook.
#[test]
fn a_batch_problem_names_its_files_row() {
    let env = TestEnv::new();
    let out = env.transition_batch(
        "account_id,account_name,from_csm,to_csm,reason,health\n\
         001000000000001AAA,Acme,Maria,005000000000002AAA,leave,healthy\n\
         001000000000002AAA,Bayside,Maria,005000000000002AAA,leave,healthy\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // A row edited by hand after the batch.
    let path = env.path("out/owner-updates.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("001000000000002AAA", "0010000000002")).unwrap();
    let out = env.cs().args(["submit", "out"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "out/owner-updates.csv:3 (Account update): Id '0010000000002' is not a Salesforce Id"
        ),
        "{err}"
    );
    assert!(err.contains("fix those rows in the input"), "{err}");
    assert!(!err.contains("records["), "{err}");
}
