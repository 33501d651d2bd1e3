//! `cs transition batch --org`: a CSV of account, new CSM and reason; the
//! rest of each row read from the org (the test org on 127.0.0.1) or a
//! snapshot in batched reads, the new CSM written as a User Id.

use crate::common::salesforce::{FakeOrg, Fault, TOKEN};
use crate::common::*;
use crate::org::{ACME, USERS, seed_account, small_org};
use std::collections::BTreeMap;

fn batch(env: &TestEnv, org: &FakeOrg, csv: &str, extra: &[&str]) -> std::process::Output {
    std::fs::write(env.path("moves.csv"), csv).unwrap();
    env.cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["transition", "batch", "moves.csv", "--out", "out"])
        .args(extra)
        .output()
        .unwrap()
}

fn read(env: &TestEnv, name: &str) -> String {
    std::fs::read_to_string(env.path("out").join(name)).unwrap()
}

/// Each read the batch made (its SOQL without the Ids), with how many REST
/// queries and Bulk API query jobs it took.
fn reads(org: &FakeOrg) -> BTreeMap<String, (usize, usize)> {
    let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (how, soql) in org.with(|s| s.soql_log.clone()) {
        let shape = match (soql.find(" IN ("), soql.rfind(')')) {
            (Some(a), Some(b)) if b > a => {
                let close = soql[a..].find(')').map_or(b, |c| a + c);
                format!("{}IN (...){}", &soql[..a + 1], &soql[close + 1..])
            }
            _ => soql.clone(),
        };
        let e = out.entry(shape).or_default();
        if how == "bulk" {
            e.1 += 1;
        } else {
            e.0 += 1;
        }
    }
    out
}

const MOVES: &str = "account_id,to_csm,reason
001000000000001AAA,Jordan Lee,leave
https://medtrainer.lightning.force.com/lightning/r/Account/001000000000002AAA/view,JORDAN@medtrainer.test,workload_balancing
001000000000003AAA,Sam Park,role_change
001000000000009AAA,Jordan Lee,leave
001000000000003AAA,Nobody Here,leave
Acme Family Clinic,Jordan Lee,leave
";

#[test]
fn batch_org_fills_rows_and_writes_the_new_csm_as_a_user_id() {
    let env = TestEnv::new();
    let org = small_org();
    seed_account(&org, 2, "Bayview Dental");
    seed_account(&org, 3, "Cedar Pediatrics");
    let out = batch(&env, &org, MOVES, &["--org"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let jordan = USERS[1].0;
    assert_eq!(
        read(&env, "owner-updates.csv"),
        format!(
            "Id,Customer_Success_Manager__c,CSM_Transition_Date__c\n{ACME},{jordan},2026-11-20\n001000000000002AAA,{jordan},2026-11-20\n"
        )
    );
    assert_eq!(
        read(&env, "opportunity-updates.csv"),
        format!(
            "Id,Customer_Success_Manager__c\n006000000000001AAA,{jordan}\n006000000000002AAA,{jordan}\n"
        )
    );
    let ops = read(&env, "cs-ops.csv");
    let first = ops.lines().nth(1).unwrap();
    assert_eq!(
        first,
        format!(
            "{ACME},Acme Family Clinic,Maria Lopez,Jordan Lee,Leave,Healthy,1,1,0,manual,1 open sales opportunity; 1 pending task,Account Transition - Manual 3 - Pending Items (Invitation to a Call),,"
        )
    );
    // The link became the account's Id.
    assert!(
        ops.contains("\n001000000000002AAA,Bayview Dental,"),
        "{ops}"
    );
    let errors = read(&env, "errors.csv");
    for want in [
        "4,to_csm,\"2 active users have the name 'Sam Park': Sam Park <sam.park@medtrainer.test> (005000000000003AAA), Sam Park <spark@medtrainer.test> (005000000000004AAA); name the person by email\"",
        &format!(
            "5,account_id,account 001000000000009AAA is not in {} (or the Salesforce user cs logs in as cannot see it)",
            org.url
        ),
        "6,to_csm,no active Salesforce user has the name 'Nobody Here'",
        "7,account_id,'Acme Family Clinic' is neither a Salesforce Id nor a link to an account",
        // One account in two rows (#30): found before the org is asked, so
        // each read below is still made once.
        "4,account_id,\"the account 001000000000003 is also in line 6: an account goes in one row",
        "6,account_id,\"the account 001000000000003 is also in line 4:",
    ] {
        assert!(errors.contains(want), "{want}\n{errors}");
    }
    assert!(
        stderr(&out).contains(&format!(
            "6 rows read (3 accounts read from {}): 0 automated, 2 manual, 4 rejected",
            org.url
        )),
        "{}",
        stderr(&out)
    );
    // One query per read for the whole chunk; the people in one query per
    // way of naming them (names, emails).
    let r = reads(&org);
    assert!(
        r.values().all(|&(rest, bulk)| rest == 1 && bulk == 0),
        "{r:#?}"
    );
    assert_eq!(r.len(), 7 + 2, "{r:#?}");

    // A snapshot of the same accounts plans the same batch offline.
    let snap = env
        .cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args([
            "org",
            "snapshot",
            ACME,
            "001000000000002AAA",
            "001000000000003AAA",
        ])
        .args(["--out", "snap.json"])
        .output()
        .unwrap();
    assert!(snap.status.success(), "{}", stderr(&snap));
    let owner = read(&env, "owner-updates.csv");
    let errors_live = read(&env, "errors.csv");
    let asked = org.requests().len();
    std::fs::remove_dir_all(env.path("out")).unwrap();
    let offline = env
        .cs()
        .args([
            "transition",
            "batch",
            "moves.csv",
            "--org",
            "snap.json",
            "--out",
            "out",
        ])
        .output()
        .unwrap();
    assert_eq!(offline.status.code(), Some(1), "{}", stderr(&offline));
    assert_eq!(
        org.requests().len(),
        asked,
        "the snapshot asks the org nothing"
    );
    assert_eq!(read(&env, "owner-updates.csv"), owner);
    assert_eq!(read(&env, "cs-ops.csv"), ops);
    assert_eq!(read(&env, "errors.csv"), errors_live);
}

#[test]
fn batch_org_without_credentials_says_how_to_connect_or_use_a_snapshot() {
    let env = TestEnv::new();
    std::fs::write(env.path("moves.csv"), MOVES).unwrap();
    let out = env
        .cs()
        .args(["transition", "batch", "moves.csv", "--org", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("--org FILE (cs org snapshot)"), "{err}");
    assert!(!env.path("out").join("cs-ops.csv").exists());
}

/// 5,000 accounts: the first 4,000 in one Bulk API query job per read, the
/// other 1,000 in REST queries of 200; at most ceil(5000 / 200) = 25 calls
/// per read either way.
///
/// It prints how long the batch took (for the README; nothing is asserted
/// about time): `cargo test org_batch -- --nocapture`.
#[test]
#[allow(clippy::print_stderr)]
fn batch_of_5000_accounts_reads_each_object_in_at_most_25_calls() {
    let env = TestEnv::new();
    let org = small_org();
    for n in 2..=5000 {
        seed_account(&org, n, &format!("Clinic {n}"));
    }
    let mut csv = String::from("account_id,to_csm,reason\n");
    for n in 1..=5000 {
        let who = if n % 2 == 0 {
            "Jordan Lee"
        } else {
            "maria@medtrainer.test"
        };
        csv.push_str(&format!("001{n:012}AAA,{who},workload_balancing\n"));
    }
    // Salesforce sends a query job's results in sets; these of 1,500.
    org.state.lock().unwrap().query_set = 1500;
    let started = std::time::Instant::now();
    let out = batch(&env, &org, &csv, &["--org"]);
    let took = started.elapsed();
    assert!(out.status.success(), "{}", stderr(&out));
    eprintln!("transition batch --org, 5,000 accounts against the test org: {took:.2?}");
    assert_eq!(read(&env, "owner-updates.csv").lines().count(), 5001);
    assert_eq!(read(&env, "opportunity-updates.csv").lines().count(), 5001);
    assert!(
        read(&env, "owner-updates.csv")
            .contains(&format!("\n001000000000002AAA,{},2026-11-20\n", USERS[1].0))
    );
    let r = reads(&org);
    let accounts = r
        .iter()
        .filter(|(q, _)| q.contains(" FROM Account "))
        .count();
    assert_eq!(accounts, 1, "{r:#?}");
    for (q, &(rest, bulk)) in &r {
        if q.contains(" FROM User ") {
            assert_eq!((rest, bulk), (1, 0), "{q}: each name asked for once");
        } else {
            assert_eq!((rest, bulk), (5, 1), "{q}");
            assert!(rest + bulk <= 25);
        }
    }
    assert_eq!(r.len(), 7 + 2, "{r:#?}");
    // The 4,000 accounts' job came back in three sets, each asked for by
    // the locator of the one before.
    let sets = org
        .requests()
        .iter()
        .filter(|r| r.starts_with("GET") && r.ends_with("/results"))
        .count();
    assert!(sets > 6, "{sets}");
}

#[test]
fn a_query_job_salesforce_refuses_stops_the_batch_with_nothing_written() {
    let env = TestEnv::new();
    let org = small_org();
    for n in 2..=2001 {
        seed_account(&org, n, &format!("Clinic {n}"));
    }
    org.fault(
        "POST",
        "/jobs/query",
        Fault::Status(
            400,
            r#"[{"errorCode":"API_DISABLED_FOR_ORG","message":"The Bulk API is not enabled for this org"}]"#,
            None,
        ),
        1,
    );
    let mut csv = String::from("account_id,to_csm,reason\n");
    for n in 1..=2001 {
        csv.push_str(&format!("001{n:012}AAA,Jordan Lee,leave\n"));
    }
    let out = batch(&env, &org, &csv, &["--org"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Salesforce refused the request to create a Bulk API query job: HTTP 400: API_DISABLED_FOR_ORG"),
        "{err}"
    );
    for f in ["cs-ops.csv", "owner-updates.csv", "errors.csv"] {
        assert!(!env.path("out").join(f).exists(), "{f}");
    }
}
