//! `cs transition` (Account Transition SOP): rules T1-T7, one account and
//! the batch.

use crate::common::*;
use serde_json::Value;

const BASE: &str = "account_id: 001000000000001AAA\naccount_name: Acme Family Clinic\nfrom_csm: Maria Moreno\nto_csm: Jordan Lee\nreason: leave\n";

fn plan(env: &TestEnv, sets: &[&str]) -> Value {
    env.write("t.yaml", BASE);
    let mut c = env.cs();
    c.args(["transition", "--format", "json", "--answers", "t.yaml"]);
    for s in sets {
        c.args(["--set", s]);
    }
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

const HEALTH: [&str; 4] = ["healthy", "at_risk", "escalated", "unresponsive"];

#[test]
fn t3_routing_table_for_every_combination() {
    let env = TestEnv::new();
    let mut csv = String::from(
        "account_id,account_name,from_csm,to_csm,reason,health,open_opps,pending_tasks\n",
    );
    let mut expected = Vec::new();
    for opps in [0, 2] {
        for tasks in [0, 1] {
            for health in HEALTH {
                let manual = opps > 0 || tasks > 0 || health != "healthy";
                let p = plan(
                    &env,
                    &[
                        &format!("open_opps={opps}"),
                        &format!("pending_tasks={tasks}"),
                        &format!("health={health}"),
                    ],
                );
                assert_eq!(
                    p["summary"]["route"],
                    if manual { "manual" } else { "automated" },
                    "{opps} {tasks} {health}"
                );
                let reasons: Vec<&str> = p["summary"]["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap())
                    .collect();
                assert_eq!(
                    reasons.iter().any(|r| r.contains("open sales opportunit")),
                    opps > 0
                );
                assert_eq!(
                    reasons.iter().any(|r| r.contains("pending task")),
                    tasks > 0
                );
                assert_eq!(
                    reasons.iter().any(|r| r.starts_with("health is")),
                    health != "healthy"
                );
                let manual_draft = p["drafts"].as_array().unwrap().iter().any(|d| {
                    d["template"]
                        == "Account Transition - Manual 3 - Pending Items (Invitation to a Call)"
                });
                assert_eq!(manual_draft, manual);
                csv.push_str(&format!(
                    "001{opps}{tasks}{:0>10},Acme,Maria,005000000000002AAA,leave,{health},{opps},{tasks}\n",
                    HEALTH.iter().position(|h| *h == health).unwrap_or(0)
                ));
                expected.push((
                    if manual { "manual" } else { "automated" },
                    reasons.join("; "),
                ));
            }
        }
    }
    // The batch routes the same way.
    env.write("all.csv", &csv);
    let out = env
        .cs()
        .args(["transition", "batch", "all.csv", "--out", "out"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut r = csv::Reader::from_path(env.path("out/cs-ops.csv")).unwrap();
    let rows: Vec<(String, String)> = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            (x[9].to_string(), x[10].to_string())
        })
        .collect();
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(a, b)| (a.to_string(), b))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn t1_reasons_are_the_sop_ones() {
    let env = TestEnv::new();
    let p = plan(&env, &["reason=Position or job change"]);
    assert_eq!(p["answers"]["reason"], "role_change");
    env.write("t.yaml", BASE);
    let out = env
        .cs()
        .args([
            "transition",
            "--answers",
            "t.yaml",
            "--set",
            "reason=retirement",
        ])
        .output()
        .unwrap();
    assert!(
        stderr(&out)
            .contains("reason: 'retirement' is not one of: leave, workload_balancing, role_change")
    );
}

#[test]
fn t2_t4_analysis_checklist_flags_discrepancies() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        &[
            "users_active=120",
            "users_paid=100",
            "providers_active=8",
            "providers_contracted=10",
            "main_contact_replying=no",
            "module_usage=Learning weekly, Compliance rarely",
        ],
    );
    assert!(
        p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["rule"] == "T2")
    );
    let doc = p["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["template"] == "Account Analysis Checklist")
        .unwrap();
    let md = doc["body"].as_str().unwrap();
    assert!(
        md.starts_with("# Account Analysis Checklist: Acme Family Clinic"),
        "{md}"
    );
    assert!(md.contains("- Is the main contact replying? No"), "{md}");
    assert!(
        md.contains("- **Discrepancy:** 20 more active users than paid for"),
        "{md}"
    );
    assert!(
        md.contains("- **Discrepancy:** 2 fewer active providers than contracted"),
        "{md}"
    );
    assert!(
        md.contains("- Module usage: Learning weekly, Compliance rarely"),
        "{md}"
    );
    assert!(
        md.contains("- Other POCs: _unknown_"),
        "unanswered items say so: {md}"
    );
    let p = plan(&env, &["users_active=100", "users_paid=100"]);
    let md = p["drafts"][0]["body"].as_str().unwrap();
    assert!(!md.contains("Discrepancy"), "{md}");
}

#[test]
fn t5_handover_meeting_next_business_day() {
    let env = TestEnv::new(); // Friday 2026-11-20
    let p = plan(&env, &[]);
    let step = &p["schedule"][0];
    assert_eq!(step["rule"], "T5");
    assert_eq!(step["date"], "2026-11-23");
    assert!(
        step["action"]
            .as_str()
            .unwrap()
            .starts_with("15-minute handover meeting: Maria Moreno walks Jordan Lee")
    );
}

#[test]
fn t6_account_and_open_opportunities_move() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        &[
            "open_opps=2",
            "opportunity_ids=[006000000000A01, 006000000000A02]",
        ],
    );
    let records = p["records"].as_array().unwrap();
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["sobject"], "Account");
    assert_eq!(records[0]["fields"]["Id"], "001000000000001AAA");
    // The CSM lookup gets the user's Id, found by name when sending.
    let jordan = serde_json::json!({"sobject": "User", "field": "Name", "value": "Jordan Lee"});
    assert!(
        records[0]["fields"]
            .get("Customer_Success_Manager__c")
            .is_none()
    );
    assert_eq!(records[0]["links"]["Customer_Success_Manager__c"], jordan);
    assert_eq!(records[1]["sobject"], "Opportunity");
    assert_eq!(records[1]["fields"]["Id"], "006000000000A01");
    assert_eq!(records[2]["fields"]["Id"], "006000000000A02");
    assert_eq!(records[2]["links"]["Customer_Success_Manager__c"], jordan);
    assert!(p["warnings"].as_array().unwrap().is_empty());
    let p = plan(&env, &["open_opps=2"]);
    assert!(
        p["warnings"][0]
            .as_str()
            .unwrap()
            .contains("2 open opportunities but 0 opportunity_ids")
    );
}

/// T6 in the batch: each Id of a row's opportunity_ids becomes a row of
/// opportunity-updates.csv (one Bulk API 2.0 job for the Opportunity
/// object); an entry that is not a Salesforce Id rejects its row; an
/// organization's playbook without the table refuses the column instead of
/// dropping it.
#[test]
fn t6_batch_moves_the_open_opportunities() {
    let env = TestEnv::new();
    env.write(
        "acc.csv",
        "account_id,account_name,from_csm,to_csm,reason,health,open_opps,opportunity_ids\n\
         001A00000000001,Acme,Maria,005000000000002AAA,leave,healthy,2,006A00000000001; 006A00000000002\u{a0}\n\
         001B00000000001,Beta,Maria,005000000000003AAA,leave,healthy,0,\n\
         001C00000000001,Gamma,Maria,005000000000003AAA,leave,healthy,1,Renewal 2026\n",
    );
    let out = env
        .cs()
        .args(["transition", "batch", "acc.csv", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "one row is rejected");
    let e = stderr(&out);
    assert!(e.contains("2 opportunities moved"), "{e}");
    let text = std::fs::read_to_string(env.path("out/opportunity-updates.csv")).unwrap();
    assert_eq!(
        text,
        "Id,Customer_Success_Manager__c\n006A00000000001,005000000000002AAA\n006A00000000002,005000000000002AAA\n"
    );
    let errors = std::fs::read_to_string(env.path("out/errors.csv")).unwrap();
    assert!(
        errors.contains(
            "opportunity_ids,\"'Renewal 2026' is not a Salesforce Id (15 or 18 letters and digits"
        ),
        "{errors}"
    );
    let owners = std::fs::read_to_string(env.path("out/owner-updates.csv")).unwrap();
    assert_eq!(
        owners.lines().count(),
        3,
        "the rejected row moves nothing: {owners}"
    );

    // An organization's copy without the table: the column is refused.
    let pb = std::fs::read_to_string(repo().join("playbooks/transition.yaml")).unwrap();
    let cut = pb
        .find("  # cs transition batch: opportunity-updates.csv")
        .unwrap();
    env.write("org/transition.yaml", &pb[..cut]);
    let out = env
        .cs()
        .args([
            "--playbooks",
            "org",
            "transition",
            "batch",
            "acc.csv",
            "--out",
            "out2",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains("acc.csv: the column opportunity_ids cannot be written: org/transition.yaml has no data.opportunity_updates table, so the opportunities would not move with their accounts (T6)."),
        "{e}"
    );
    assert!(!env.path("out2/cs-ops.csv").exists());
}

#[test]
fn t7_open_tickets_are_explained() {
    let env = TestEnv::new();
    let p = plan(&env, &["open_tickets=3", "health=at_risk"]);
    let t7 = p["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "T7")
        .unwrap();
    assert_eq!(
        t7["text"],
        "Explain the 3 open support, integration or customization tickets to Jordan Lee."
    );
    let draft = p["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["customer_facing"] == true)
        .unwrap();
    assert!(
        draft["body"]
            .as_str()
            .unwrap()
            .contains("Jordan Lee has been briefed on your 3 open tickets")
    );
    let p = plan(&env, &[]);
    assert!(
        !p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["rule"] == "T7")
    );
}

/// T3 (decided): open opportunities given by Id count as open sales
/// opportunities whatever the count says: the route is manual and T6
/// names them, in a single transition and in a batch row alike.
#[test]
fn t3_t6_opportunities_listed_by_id_count_whatever_the_count_says() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        &[
            "open_opps=0",
            "opportunity_ids=[006000000000001AAA, 006000000000002AAA]",
        ],
    );
    assert_eq!(p["summary"]["route"], "manual");
    assert_eq!(p["summary"]["reasons"][0], "2 open sales opportunities");
    assert_eq!(
        checklist(&p, "T6")[0],
        "The transition is absolute: the 2 open opportunities and their sales credit go to Jordan Lee."
    );
    env.write(
        "acc.csv",
        "account_id,account_name,from_csm,to_csm,reason,health,open_opps,opportunity_ids\n\
         001A00000000001,Acme,Maria,005000000000002AAA,leave,healthy,0,006A00000000001;006A00000000002\n",
    );
    let out = env
        .cs()
        .args(["transition", "batch", "acc.csv", "--out", "out"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut r = csv::Reader::from_path(env.path("out/cs-ops.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    let row = r.records().next().unwrap().unwrap();
    let col = |name: &str| &row[headers.iter().position(|h| h == name).unwrap()];
    assert_eq!(col("route"), "manual");
    assert_eq!(col("open_opps"), "2");
}

/// T3, T7, T8 (decided): any pending item takes the Pending Items
/// template: the admin's questions, open tickets, and the context of
/// past tickets; the T8 checklist names the scenarios present.
#[test]
fn t8_every_pending_item_takes_the_pending_items_template() {
    let env = TestEnv::new();
    let template = "Account Transition - Manual 3 - Pending Items (Invitation to a Call)";
    for (set, reason, scenario) in [
        (
            "open_tickets=1",
            "1 open ticket",
            "the tickets, integrations and customizations still being worked on",
        ),
        (
            "admin_requests=Wants a billing address change",
            "the admin's questions or requests",
            "the admin's questions and requests",
        ),
        (
            "past_tickets=SSO set-up issues in 2025",
            "the context of past tickets",
            "the context of the tickets Maria Moreno opened in the past",
        ),
    ] {
        let p = plan(&env, &[set]);
        assert_eq!(p["summary"]["route"], "manual", "{set}");
        assert_eq!(p["summary"]["template"], template, "{set}");
        assert_eq!(p["summary"]["reasons"][0], reason, "{set}");
        let t8 = checklist(&p, "T8");
        assert_eq!(t8.len(), 1, "{set}");
        assert!(
            t8[0].ends_with(&format!("email: {scenario}.")),
            "{set}: {t8:?}"
        );
        assert!(
            p["drafts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["template"] == template),
            "{set}"
        );
    }
    // Nothing pending and a healthy account: automated, no T8.
    let p = plan(&env, &[]);
    assert_eq!(p["summary"]["route"], "automated");
    assert!(checklist(&p, "T8").is_empty());
}

/// T6 (decided): opportunities closed in the last 90 days are listed for
/// the new CSM and CS Operations to re-credit; cs does not change them.
#[test]
fn t6_recently_closed_opportunities_are_listed_for_re_credit() {
    let env = TestEnv::new();
    let p = plan(&env, &["closed_opportunities=[Acme Upsell, Acme Add-on]"]);
    let t6 = checklist(&p, "T6");
    assert_eq!(
        t6[1],
        "Opportunities closed in the last 90 days: Acme Upsell, Acme Add-on. List them for Jordan Lee and ask CS Operations to re-credit their sales to Jordan Lee; cs does not change closed opportunities."
    );
    assert_eq!(
        p["records"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["sobject"] == "Opportunity")
            .count(),
        0,
        "no record of a closed opportunity is written"
    );
    // A batch lists them in cs-ops.csv, for CS Operations to re-credit.
    env.write(
        "acc.csv",
        "account_id,account_name,from_csm,to_csm,reason,health,closed_opportunities\n\
         001A00000000001,Acme,Maria,005000000000002AAA,leave,healthy,Acme Upsell; 006000000000009AAA\n",
    );
    let out = env
        .cs()
        .args(["transition", "batch", "acc.csv", "--out", "out"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut r = csv::Reader::from_path(env.path("out/cs-ops.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    let row = r.records().next().unwrap().unwrap();
    let col = headers
        .iter()
        .position(|h| h == "closed_opportunities")
        .unwrap();
    assert_eq!(&row[col], "Acme Upsell; 006000000000009AAA");
}

const HEADER: &str =
    "account_name,account_id,from_csm,to_csm,reason,health,open_opps,recent_notes\n";

#[test]
fn batch_reports_rejected_rows_with_their_source_lines() {
    let env = TestEnv::new();
    // Row 2 spans lines 3-4 (a quoted newline in its notes, which may run
    // over lines); the bad rows are on lines 5 and 7.
    let csv = format!(
        "{HEADER}\
Acme,00100000000000A,Maria,005000000000002AAA,leave,healthy,0,\n\
Beta,00100000000000B,Maria,005000000000002AAA,leave,at_risk,1,\"note, with comma\nand a new line\"\n\
Gamma,00100000000000C,Maria,005000000000002AAA,vacation,healthy,x,\n\
Delta,00100000000000D,Maria,005000000000002AAA,leave,healthy,0,\n\
Eps,,Maria,005000000000002AAA,leave,healthy,0,\n\
Zeta,00100000000000Z,Maria\n"
    );
    env.write("acc.csv", &csv);
    let out = env
        .cs()
        .args(["transition", "batch", "acc.csv", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "rejected rows: exit 1");
    assert!(
        stderr(&out).contains("acc.csv: 6 rows read: 2 automated, 1 manual, 3 rejected"),
        "{}",
        stderr(&out)
    );
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(env.path("out/errors.csv"))
        .unwrap();
    assert_eq!(
        r.headers().unwrap().iter().take(3).collect::<Vec<_>>(),
        ["line", "column", "error"]
    );
    let errors: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    let short: Vec<(&str, &str, &str)> = errors
        .iter()
        .map(|e| (e[0].as_str(), e[1].as_str(), e[2].as_str()))
        .collect();
    assert_eq!(
        short,
        [
            (
                "5",
                "reason",
                "'vacation' is not one of: leave, workload_balancing, role_change"
            ),
            ("5", "open_opps", "'x' is not a whole number"),
            ("7", "account_id", "an answer is required"),
            ("8", "", "the row has 3 fields where the header has 8"),
        ]
    );
    // The original row comes along.
    assert_eq!(
        errors[0][3..],
        [
            "Gamma",
            "00100000000000C",
            "Maria",
            "005000000000002AAA",
            "vacation",
            "healthy",
            "x",
            ""
        ]
    );
    let mut r = csv::Reader::from_path(env.path("out/cs-ops.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[1][1], "Beta");
    assert_eq!(&rows[1][9], "manual");
    assert_eq!(
        &rows[1][11],
        "Account Transition - Manual 3 - Pending Items (Invitation to a Call)"
    );
}

#[test]
fn batch_owner_updates_follow_the_bulk_api_csv_rules() {
    let env = TestEnv::new();
    // An organization's playbook that also sends the notes, which may be null.
    let mut pb = std::fs::read_to_string(repo().join("playbooks/transition.yaml")).unwrap();
    let at = pb.find("  owner_updates:").unwrap();
    let tail = pb.split_off(at).replacen(
        "      Customer_Success_Manager__c: to_csm\n",
        "      Customer_Success_Manager__c: to_csm\n      Transition_Notes__c: recent_notes\n",
        1,
    );
    pb.push_str(&tail);
    env.write("org/transition.yaml", &pb);
    env.write(
        "acc.csv",
        &format!("{HEADER}\"Acme, Inc.\",00100000000000A,Maria,005000000000002AAA,leave,healthy,0,\"Line \"\"one\"\", so\nline two\"\nBeta,00100000000000B,Maria,005000000000002AAA,leave,healthy,0,\n"),
    );
    let out = env
        .cs()
        .args([
            "--playbooks",
            "org",
            "transition",
            "batch",
            "acc.csv",
            "--out",
            "out",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(env.path("out/owner-updates.csv")).unwrap();
    assert!(!bytes.contains(&b'\r'), "LF line endings");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.starts_with(
            "Id,Customer_Success_Manager__c,Transition_Notes__c,CSM_Transition_Date__c\n"
        ),
        "a header of field API names: {text}"
    );
    assert!(
        text.contains(
            "00100000000000A,005000000000002AAA,\"Line \"\"one\"\", so\nline two\",2026-11-20\n"
        ),
        "RFC 4180 quoting: {text}"
    );
    assert!(
        text.ends_with("00100000000000B,005000000000002AAA,#N/A,2026-11-20\n"),
        "#N/A for a null: {text}"
    );
    // Parsed back by a CSV reader, the values are intact.
    let mut r = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(&rows[0][1], "005000000000002AAA");
    assert_eq!(&rows[0][2], "Line \"one\", so\nline two");
}

#[test]
fn batch_refuses_unknown_and_missing_columns_unless_allowed() {
    let env = TestEnv::new();
    env.write("extra.csv", "account_id,account_name,from_csm,to_csm,reason,health,region\n00100000000000A,Acme,Maria,005000000000002AAA,leave,healthy,West\n");
    let out = env
        .cs()
        .args(["transition", "batch", "extra.csv", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("extra.csv:1: column 7 'region' is not an answer key of the transition playbook; nothing was written."));
    assert!(!env.path("out/cs-ops.csv").exists());
    env.cs()
        .args([
            "transition",
            "batch",
            "extra.csv",
            "--out",
            "out",
            "--allow-extra",
        ])
        .assert()
        .success();

    env.write(
        "missing.csv",
        "account_id,account_name,to_csm\n00100000000000A,Acme,005000000000002AAA\n",
    );
    let out = env
        .cs()
        .args(["transition", "batch", "missing.csv", "--out", "out2"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains(
            "missing.csv:1: the header lacks the required columns from_csm, reason, health"
        )
    );
}

#[test]
fn batch_writes_nothing_when_the_output_directory_is_unusable() {
    let env = TestEnv::new();
    env.write(
        "acc.csv",
        &format!("{HEADER}Acme,00100000000000A,Maria,005000000000002AAA,leave,healthy,0,\n"),
    );
    env.write("taken", "a file, not a directory");
    let out = env
        .cs()
        .args(["transition", "batch", "acc.csv", "--out", "taken"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("taken is not a directory"));
    let out = env
        .cs()
        .args(["transition", "batch", "acc.csv", "--out", "taken/sub"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot create taken/sub"),
        "{}",
        stderr(&out)
    );
}

/// A reader that fails after `ok` bytes, as a disk or network file can.
struct FailingReader {
    data: std::io::Cursor<Vec<u8>>,
    ok: u64,
}

impl std::io::Read for FailingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.data.position() >= self.ok {
            return Err(std::io::Error::other("input/output error"));
        }
        let room = (self.ok - self.data.position()) as usize;
        let n = buf.len().min(room);
        self.data.read(&mut buf[..n])
    }
}

#[test]
fn batch_leaves_nothing_behind_when_the_input_fails_midway() {
    let env = TestEnv::new();
    let mut csv = String::from(HEADER);
    for i in 0..5000 {
        csv.push_str(&format!(
            "Clinic {i},001{i:012},Maria,005000000000002AAA,leave,healthy,0,\n"
        ));
    }
    let after_1000_rows = csv.lines().take(1001).map(|l| l.len() + 1).sum::<usize>() as u64;
    let reader = FailingReader {
        data: std::io::Cursor::new(csv.into_bytes()),
        ok: after_1000_rows,
    };
    let input =
        cs::batch::Input::from_reader("accounts.csv".into(), Box::new(reader), None).unwrap();
    let dir = env.path("out");
    let out = cs::batch::OutDir::new(&dir).unwrap();
    let lib = cs::playbook::Library::default();
    let loaded = lib.load("transition").unwrap();
    let progress = cs::batch::Progress::new(None);
    let err = cs::sops::transition::run_batch(
        &loaded,
        input,
        &out,
        cs::sops::transition::BatchOptions {
            allow_extra: false,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            progress: &progress,
            org: None,
            input_path: None,
        },
    )
    .unwrap_err();
    assert!(
        err.to_string().contains(
            "accounts.csv:1002: cannot read the file: input/output error; nothing was written."
        ),
        "{err}"
    );
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(
        left.is_empty(),
        "nothing is left in the directory: {left:?}"
    );
}

#[test]
fn batch_output_files_are_the_owners_and_stdin_works() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["transition", "batch", "-", "--out", "out"])
        .write_stdin(format!(
            "{HEADER}Acme,00100000000000A,Maria,005000000000002AAA,leave,healthy,0,\n"
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("<stdin>: 1 row read: 1 automated, 0 manual, 0 rejected"),
        "{}",
        stderr(&out)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.path("out/cs-ops.csv"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "customer data: the owner's alone");
    }
}

#[test]
fn sigterm_and_sighup_stop_a_batch_at_the_next_row_leaving_nothing_behind() {
    use std::io::Write;
    for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        let env = TestEnv::new();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cs"))
            .env_clear()
            .env("CS_TODAY", TODAY)
            .env("CS_STATE_DIR", env.state_dir())
            .current_dir(env.dir.path())
            .args(["--no-input", "transition", "batch", "-", "--out", "out"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Rows keep coming, as from a slow export, until cs stops reading.
        let mut stdin = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || {
            let _ = stdin.write_all(HEADER.as_bytes());
            for i in 0.. {
                let row =
                    format!("Clinic {i},001{i:012},Maria,005000000000002AAA,leave,healthy,0,\n");
                if stdin.write_all(row.as_bytes()).is_err() {
                    break;
                }
            }
        });
        let out_dir = env.path("out");
        let t0 = std::time::Instant::now();
        while !std::fs::read_dir(&out_dir)
            .map(|d| d.count() > 0)
            .unwrap_or(false)
        {
            assert!(t0.elapsed() < std::time::Duration::from_secs(20));
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        unsafe { libc::kill(child.id() as i32, signal) };
        let out = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        assert_eq!(out.status.code(), Some(130), "{signal}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("interrupted; nothing was written."),
            "{}",
            stderr(&out)
        );
        let left: Vec<_> = std::fs::read_dir(&out_dir).unwrap().collect();
        assert!(left.is_empty(), "{signal}: left behind: {left:?}");
    }
}

/// A batch checks its rows offline as `cs submit` would online (#30): an
/// account's link is reduced to its Id; a 13-character Id, an Id whose
/// last three characters do not match, an opportunity's Id as an account,
/// and a person's name where the file needs a User Id are each rejected
/// at their CSV line, and no output row is written for them.
#[test]
fn batch_rows_are_checked_offline_at_their_lines() {
    let env = TestEnv::new();
    let out = env.transition_batch(
        "account_id,account_name,from_csm,to_csm,reason,health\n\
         https://medtrainer.lightning.force.com/lightning/r/Account/001000000000001AAA/view,Acme,Maria,005000000000002AAA,leave,healthy\n\
         0010000000001,Bayside,Maria,005000000000002AAA,leave,healthy\n\
         001000000000003AAB,Cedar,Maria,005000000000002AAA,leave,healthy\n\
         006000000000004AAA,Delta,Maria,005000000000002AAA,leave,healthy\n\
         001000000000005AAA,Evergreen,Maria,Jordan Lee,leave,healthy\n\
         Oak Clinic,Oak,Maria,005000000000002AAA,leave,healthy\n",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let owners = std::fs::read_to_string(env.path("out/owner-updates.csv")).unwrap();
    assert_eq!(
        owners,
        "Id,Customer_Success_Manager__c,CSM_Transition_Date__c\n001000000000001AAA,005000000000002AAA,2026-11-20\n",
        "only the row whose link gives an account's Id is written"
    );
    let mut r = csv::Reader::from_path(env.path("out/errors.csv")).unwrap();
    let errors: Vec<(String, String, String)> = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x[1].to_string(), x[2].to_string())
        })
        .collect();
    let at = |line: &str| {
        errors
            .iter()
            .find(|e| e.0 == line)
            .unwrap_or_else(|| panic!("no error at line {line}: {errors:?}"))
    };
    assert_eq!(at("3").1, "account_id");
    assert!(
        at("3").2.contains("'0010000000001' is not a Salesforce Id"),
        "{errors:?}"
    );
    assert!(
        at("4")
            .2
            .contains("its last three characters do not match the first fifteen"),
        "{errors:?}"
    );
    assert!(
        at("5").2.contains("is the Id of a record of Opportunity: it is not the Id of a record of Account (those start with 001)"),
        "{errors:?}"
    );
    assert_eq!(at("6").1, "to_csm");
    assert!(
        at("6").2.contains("'Jordan Lee' names a person, but the file for Salesforce needs the user's Id (005...): give the Id, or pass --org"),
        "{errors:?}"
    );
    assert!(
        at("7").2.contains("'Oak Clinic' is not a Salesforce Id"),
        "{errors:?}"
    );
    // One account, on its own, refuses a name for an Id the same way.
    let out = env
        .cs()
        .args([
            "transition",
            "--format",
            "json",
            "--set",
            "account_id=Oak Clinic",
        ])
        .args(["--set", "account_name=Oak", "--set", "from_csm=Maria"])
        .args(["--set", "to_csm=Jordan Lee", "--set", "reason=leave"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("account_id: 'Oak Clinic' is not a Salesforce Id"),
        "{}",
        stderr(&out)
    );
}

/// What spreadsheets save (#30): blank lines and rows of empty cells are
/// no rows, in CRLF files as in LF ones; a header written by a person
/// (`Account ID`, `New CSM`) names the keys by key or label.
#[test]
fn blank_rows_are_skipped_and_headers_match_keys_or_labels() {
    let env = TestEnv::new();
    for (name, end, dir) in [("lf.csv", "\n", "lf"), ("crlf.csv", "\r\n", "crlf")] {
        let text = [
            "Account ID,Account Name,Current CSM,New CSM,Reason for the transition (T1),Health",
            "001000000000001AAA,Acme,Maria,005000000000002AAA,leave,healthy",
            "",
            ",,,,,",
            "001000000000002AAA,Bayside,Maria,005000000000002AAA,leave,healthy",
            " , ,,,,",
            "",
        ]
        .join(end);
        env.write(name, &text);
        let out = env
            .cs()
            .args(["transition", "batch", name, "--out", dir])
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("2 rows read: 2 automated, 0 manual, 0 rejected"),
            "{name}: {}",
            stderr(&out)
        );
    }
}

/// `--format json` gives a script the batch's counts on stdout (#30), with
/// the exit code of the text form.
#[test]
fn batch_summary_as_json_for_scripts() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .current_dir(repo())
        .args([
            "transition",
            "batch",
            "examples/accounts.csv",
            "--format",
            "json",
            "--out",
        ])
        .arg(env.path("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "two rows are rejected");
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["read"], 5);
    assert_eq!(s["automated"], 1);
    assert_eq!(s["manual"], 2);
    assert_eq!(s["rejected"], 2);
    assert_eq!(s["opportunities_moved"], 1);
    assert_eq!(s["input"], "examples/accounts.csv");
}

/// The errors.csv rows of a batch's output directory: (line, column, error).
fn error_rows(env: &TestEnv, dir: &str) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(env.path(&format!("{dir}/errors.csv"))).unwrap();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x[1].to_string(), x[2].to_string())
        })
        .collect()
}

/// One account in two rows (#30) is refused in both, each naming the
/// other's line, whatever form the Id takes (18 characters, 15, a link),
/// from a file as from standard input; the other rows go through.
#[test]
fn one_account_in_two_rows_is_refused_in_both_naming_the_other_line() {
    let env = TestEnv::new();
    let csv = "account_id,account_name,from_csm,to_csm,reason,health\n\
         001000000000001AAA,Acme,Maria,005000000000002AAA,leave,healthy\n\
         001000000000002AAA,Bayside,Maria,005000000000002AAA,leave,healthy\n\
         001000000000003AAA,Cedar,Maria,005000000000002AAA,leave,healthy\n\
         https://medtrainer.lightning.force.com/lightning/r/Account/001000000000001AAA/view,Acme,Maria,005000000000003AAA,leave,healthy\n\
         001000000000002,Bayside,Maria,005000000000003AAA,leave,healthy\n\
         001000000000002AAA,Bayside,Maria,005000000000004AAA,leave,healthy\n";
    env.write("moves.csv", csv);
    for (source, dir) in [("moves.csv", "file"), ("-", "stdin")] {
        let out = env
            .cs()
            .args(["transition", "batch", source, "--out", dir])
            .write_stdin(csv)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("6 rows read: 1 automated, 0 manual, 5 rejected"),
            "{source}: {}",
            stderr(&out)
        );
        let owners =
            std::fs::read_to_string(env.path(&format!("{dir}/owner-updates.csv"))).unwrap();
        assert_eq!(
            owners,
            "Id,Customer_Success_Manager__c,CSM_Transition_Date__c\n001000000000003AAA,005000000000002AAA,2026-11-20\n",
            "{source}: no row of a repeated account is written"
        );
        let errors = error_rows(&env, dir);
        let lines: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.0.as_str(), e.1.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                ("2", "account_id"),
                ("3", "account_id"),
                ("5", "account_id"),
                ("6", "account_id"),
                ("7", "account_id")
            ],
            "{errors:?}"
        );
        let reason = |line: &str| &errors.iter().find(|e| e.0 == line).unwrap().2;
        assert!(
            reason("2").starts_with("the account 001000000000001 is also in line 5:"),
            "{errors:?}"
        );
        assert!(reason("5").contains("is also in line 2:"), "{errors:?}");
        assert!(
            reason("3").contains(
                "is also in lines 6 and 7: an account goes in one row, so none of these rows was taken"
            ),
            "{errors:?}"
        );
        assert!(
            reason("7").contains("is also in lines 3 and 6:"),
            "{errors:?}"
        );
    }
}

/// The accounts of a large batch are compared whatever their distance: a
/// repeat of the first row's account in the last of 70,000 rows is found
/// (its fingerprints are spilled to disk in sorted runs of 65,536), and a
/// file with no repeat is read once and written whole.
#[test]
fn a_repeat_far_apart_in_a_large_batch_is_found() {
    let env = TestEnv::new();
    let mut csv = String::from("account_id,account_name,from_csm,to_csm,reason,health\n");
    for n in 1..=70_000u64 {
        let id15 = format!("001{n:012}");
        let id = format!("{id15}{}", id18_suffix(&id15));
        csv.push_str(&format!(
            "{id},A{n},Maria,005000000000002AAA,leave,healthy\n"
        ));
    }
    env.write("none.csv", &csv);
    csv.push_str("001000000000001,Acme again,Maria,005000000000003AAA,leave,healthy\n");
    env.write("last.csv", &csv);
    let out = env
        .cs()
        .args(["transition", "batch", "none.csv", "--out", "none"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("70000 rows read: 70000 automated, 0 manual, 0 rejected"),
        "{}",
        stderr(&out)
    );
    let out = env
        .cs()
        .args(["transition", "batch", "last.csv", "--out", "last"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let errors = error_rows(&env, "last");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, "2");
    assert!(errors[0].2.contains("is also in line 70002:"), "{errors:?}");
    assert_eq!(errors[1].0, "70002");
    assert!(errors[1].2.contains("is also in line 2:"), "{errors:?}");
    let owners = std::fs::read_to_string(env.path("last/owner-updates.csv")).unwrap();
    assert_eq!(owners.lines().count(), 70_000, "the header and 69,999 rows");
}

/// The three characters Salesforce appends to a 15-character Id.
fn id18_suffix(id15: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    id15.as_bytes()
        .chunks(5)
        .map(|chunk| {
            let bits = chunk
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_ascii_uppercase())
                .fold(0usize, |acc, (i, _)| acc | (1 << i));
            ALPHABET[bits] as char
        })
        .collect()
}

/// A cell the batch has accepted in the row before is accepted again
/// without its checks; a refused one is refused in every row it is in.
#[test]
fn a_repeated_cell_is_judged_alike_in_every_row() {
    let env = TestEnv::new();
    let out = env.transition_batch(
        "account_id,account_name,from_csm,to_csm,reason,health\n\
         001000000000001AAA,A,Maria,005000000000002AAA,leave,healthy\n\
         001000000000002AAA,B,Maria,Jordan Lee,leave,healthy\n\
         001000000000003AAA,C,Maria,005000000000002AAA,leave,healthy\n\
         001000000000004AAA,D,Maria,Jordan Lee,leave,healthy\n\
         001000000000005AAA,E,Maria,005000000000002AAA,leave,unknown\n\
         001000000000006AAA,F,Maria,005000000000002AAA,leave,unknown\n\
         001000000000007AAA,G,Maria,005000000000002AAA,Leave,healthy\n",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let owners = std::fs::read_to_string(env.path("out/owner-updates.csv")).unwrap();
    assert_eq!(
        owners,
        "Id,Customer_Success_Manager__c,CSM_Transition_Date__c\n001000000000001AAA,005000000000002AAA,2026-11-20\n001000000000003AAA,005000000000002AAA,2026-11-20\n001000000000007AAA,005000000000002AAA,2026-11-20\n"
    );
    let errors = error_rows(&env, "out");
    let at: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.0.as_str(), e.1.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            ("3", "to_csm"),
            ("5", "to_csm"),
            ("6", "health"),
            ("7", "health")
        ],
        "{errors:?}"
    );
    let ops = std::fs::read_to_string(env.path("out/cs-ops.csv")).unwrap();
    assert!(
        ops.contains("001000000000007AAA,G,Maria,005000000000002AAA,Leave,Healthy"),
        "{ops}"
    );
}

/// One account in thousands of rows (#30): each row's error names a few
/// of the other lines and how many more, so errors.csv grows with the
/// rows, not with their square.
#[test]
fn an_account_in_many_rows_names_a_few_lines_and_how_many_more() {
    let env = TestEnv::new();
    let mut csv = String::from("account_id,account_name,from_csm,to_csm,reason,health\n");
    for _ in 0..2_000 {
        csv.push_str("001000000000001AAA,Acme,Maria,005000000000002AAA,leave,healthy\n");
    }
    let out = env.transition_batch(&csv);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let errors = error_rows(&env, "out");
    assert_eq!(errors.len(), 2_000);
    assert!(
        errors[0].2.starts_with(
            "the account 001000000000001 is also in lines 3, 4, 5, 6, 7 and 1994 more: an account goes in one row, so none of these rows was taken"
        ),
        "{}",
        errors[0].2
    );
    let size = std::fs::metadata(env.path("out/errors.csv")).unwrap().len();
    assert!(size < 1_000_000, "errors.csv is {size} bytes");
}

/// A signal while the rows are still arriving on a pipe (#30): nothing
/// is written when the input ends, and cs says it was interrupted.
#[test]
fn a_signal_while_stdin_is_open_writes_nothing() {
    use std::io::Write;
    let env = TestEnv::new();
    let mut child = env
        .std_cs()
        .args(["transition", "batch", "-", "--out", "out"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"account_id,account_name,from_csm,to_csm,reason,health\n001000000000001AAA,Acme,Maria,005000000000002AAA,leave,healthy\n")
        .unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    // SAFETY: kill(2) on the pid of a child this test spawned and has not reaped.
    let r = unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    assert_eq!(r, 0);
    std::thread::sleep(std::time::Duration::from_millis(300));
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted; nothing was written"));
    for f in [
        "cs-ops.csv",
        "owner-updates.csv",
        "errors.csv",
        "batch.json",
    ] {
        assert!(!env.path(&format!("out/{f}")).exists(), "{f} was written");
    }
}

/// A row after blank lines is named by the line an editor shows it on, in
/// an LF file as in a CRLF one (#30): the csv reader counts no line it
/// drops as empty.
#[test]
fn rows_after_blank_lines_keep_their_line() {
    let env = TestEnv::new();
    for end in ["\n", "\r\n"] {
        let text = [
            "account_id,account_name,from_csm,to_csm,reason,health",
            "001000000000001AAA,A,Maria,005000000000002AAA,leave,healthy",
            "",
            "",
            "001000000000002AAA,B,Maria,005000000000002AAA,bogus,healthy",
            "",
            "001000000000001AAA,A again,Maria,005000000000002AAA,leave,healthy",
            "",
        ]
        .join(end);
        env.write("blank.csv", &text);
        let out = env
            .cs()
            .args(["transition", "batch", "blank.csv", "--out", "out"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("3 rows read"), "{}", stderr(&out));
        let errors = error_rows(&env, "out");
        let at: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.0.as_str(), e.1.as_str()))
            .collect();
        assert_eq!(
            at,
            [("2", "account_id"), ("5", "reason"), ("7", "account_id")],
            "{end:?}: {errors:?}"
        );
        assert!(errors[0].2.contains("is also in line 7"), "{errors:?}");
    }
}

/// W1: where the organization's template lives in Outreach, its copy of
/// the playbook says so (`outreach:`) and the plan sends that template
/// rather than cs's text.
#[test]
fn w1_an_organizations_outreach_template_replaces_cs_text() {
    let env = TestEnv::new();
    let pb = std::fs::read_to_string(repo().join("playbooks/transition.yaml")).unwrap();
    let name = "Account Transition - Manual 3 - Pending Items (Invitation to a Call)";
    let marked = format!(
        "    template: \"{name}\"\n    # W1: the SOP names this template but not its text.\n    default: true\n"
    );
    assert!(pb.contains(&marked));
    env.write(
        "org/transition.yaml",
        &pb.replacen(
            &marked,
            &format!("    template: \"{name}\"\n    outreach: \"{name}\"\n"),
            1,
        ),
    );
    env.write("t.yaml", BASE);
    let out = env
        .cs()
        .args([
            "--playbooks",
            "org",
            "transition",
            "--format",
            "json",
            "--answers",
            "t.yaml",
        ])
        .args(["--set", "open_tickets=1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    let draft = p["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["template"] == name)
        .unwrap();
    assert_eq!(draft["outreach_template"], name);
    assert_eq!(
        draft["body"],
        format!("Send the Outreach template \"{name}\" (your organization's wording).")
    );
    assert!(
        draft.get("default").is_none() && draft.get("subject").is_none(),
        "{draft}"
    );
    // Lint lists no default for it.
    let out = env
        .cs()
        .args([
            "playbook",
            "lint",
            "--format",
            "github",
            "org/transition.yaml",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("Pending Items"), "{}", stdout(&out));
}

/// A batch cell is judged as the same answer to `cs transition` is,
/// whichever way the batch takes to judge it (#30: a row of printable
/// ASCII skips the text checks, choices, counts and Ids are checked on
/// their bytes): accepted exactly when the field's check accepts it and,
/// for the new CSM without an org, it is a User Id; for a file Salesforce
/// reads, when a spreadsheet would not run it.
#[test]
fn a_batch_cell_is_judged_as_a_single_answer_is() {
    let lib = cs::playbook::Library::default();
    let loaded = lib.load("transition").unwrap();
    let field = |key: &str| loaded.playbook.field(key).unwrap().clone();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let answers = indexmap::IndexMap::new();
    let cx = cs::fields::Context {
        today,
        taxonomy: None,
        answers: &answers,
    };
    let cells = [
        "leave",
        "Leave",
        "LEAVE",
        " leave ",
        "leave\u{a0}",
        "workload_balancing",
        "healthy",
        "at_risk",
        "sick",
        "0",
        "7",
        "500",
        "-1",
        "+3",
        "1,200",
        "007",
        "9999999999999999999",
        "1e3",
        "\u{661}\u{662}",
        "yes",
        "no",
        "Yes",
        "y",
        "true",
        "maybe",
        "Acme",
        "Café Olé",
        "Dana\u{200b}Smith",
        "two\u{2028}lines",
        "tab\there",
        "=1+1",
        "@SUM(A1)",
        "-x",
        "\u{ff21}cme",
        "a\u{7f}b",
        "\u{202e}evil",
        "Jordan Lee",
        "005000000000002AAA",
        "005000000000002",
        "005000000000002AAB",
        "001000000000001AAA",
        "006000000000001AAA",
        "0050000000002",
        "https://x.lightning.force.com/lightning/r/User/005000000000002AAA/view",
    ];
    let header = [
        "account_id",
        "account_name",
        "from_csm",
        "to_csm",
        "reason",
        "health",
        "open_opps",
        "main_contact_replying",
        "users_active",
        "recent_notes",
    ];
    let valid = [
        "",
        "Oak Clinic",
        "Maria Moreno",
        "005000000000002AAA",
        "leave",
        "healthy",
        "0",
        "yes",
        "12",
        "Called",
    ];
    // One row per (column, cell), each its own account; then accounts as cells.
    let mut rows: Vec<(usize, String)> = Vec::new();
    for col in 1..header.len() {
        for cell in cells {
            rows.push((col, cell.to_string()));
        }
    }
    let accounts = [
        "0010000000001",
        "006000000000001AAA",
        "001000000000201XYZ",
        "https://x.lightning.force.com/lightning/r/Account/001000000000202AAA/view",
        "Oak Clinic",
        "=HYPERLINK(1)",
        "001000000000203",
        "001Ab0000000205",
        " 001000000000206 ",
    ];
    for a in accounts {
        rows.push((0, a.to_string()));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).unwrap();
    for (i, (col, cell)) in rows.iter().enumerate() {
        let account = format!("001{:012}", 100_000 + i);
        let mut record: Vec<String> = valid.iter().map(|v| v.to_string()).collect();
        record[0] = account;
        record[*col] = cell.clone();
        w.write_record(&record).unwrap();
    }
    let data = w.into_inner().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let progress = cs::batch::Progress::new(None);
    let input =
        cs::batch::Input::from_reader("b.csv".into(), Box::new(std::io::Cursor::new(data)), None)
            .unwrap();
    let out = cs::batch::OutDir::new(dir.path()).unwrap();
    let summary = cs::sops::transition::run_batch(
        &loaded,
        input,
        &out,
        cs::sops::transition::BatchOptions {
            allow_extra: false,
            today,
            progress: &progress,
            org: None,
            input_path: None,
        },
    )
    .unwrap();
    let mut refused: std::collections::BTreeMap<usize, String> = Default::default();
    let mut r = csv::Reader::from_path(dir.path().join("errors.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        let line: usize = rec[0].parse().unwrap();
        refused.insert(line - 2, rec[1].to_string());
    }
    let mut wrong = Vec::new();
    for (i, (col, cell)) in rows.iter().enumerate() {
        let key = header[*col];
        let f = field(key);
        let t = cell.trim_matches(|c: char| c.is_ascii_whitespace());
        let checked = cs::fields::check_str(&f, t, &cx).is_ok();
        let accepted = checked
            && match key {
                "to_csm" => cs::salesforce::limits::id_ok(t, Some("005")),
                "account_id" => cs::spreadsheet::formula_problem(t).is_none(),
                _ => true,
            };
        match (accepted, refused.get(&i)) {
            (true, None) => {}
            (false, Some(c)) if c == key => {}
            (a, got) => wrong.push(format!(
                "{key} = {cell:?}: accepted {a}, errors.csv {got:?}"
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(summary.rejected as usize, refused.len());
    assert!(
        refused.len() > 100 && refused.len() < rows.len() - 100,
        "{}",
        refused.len()
    );
}
