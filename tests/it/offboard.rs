//! `cs offboard` (MT-CS-012): rules F1-F7, and the F4 property: an account
//! in Collections gets no customer-facing draft or message, whatever else
//! the answers say.

use crate::common::*;
use serde_json::{Value, json};

const BASE: &str = "account_name: Acme Family Clinic\naccount_id: 00100000000000A\ncase_id: 500X\ninitials: TL\ncsm_name: Maria Moreno\nadmin_email: admin@acme.org\n";

fn plan(env: &TestEnv, sets: &[&str]) -> Value {
    env.write("o.yaml", BASE);
    let mut c = env.cs();
    c.args(["offboard", "--format", "json", "--answers", "o.yaml"]);
    // A non-renewal ends with the contract (F5).
    let non_renewal = sets
        .iter()
        .any(|s| s.starts_with("scenario=") && s.to_lowercase().contains("renewal"));
    if non_renewal && !sets.iter().any(|s| s.starts_with("contract_end_date=")) {
        c.args(["--set", "contract_end_date=2026-12-31"]);
    }
    for s in sets {
        c.args(["--set", s]);
    }
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn statuses(p: &Value) -> Vec<(String, String)> {
    p["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"].is_string())
        .map(|c| {
            (
                c["rule"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn f1_three_scenarios() {
    let env = TestEnv::new();
    env.write("o.yaml", BASE);
    let out = env
        .cs()
        .args([
            "offboard",
            "--answers",
            "o.yaml",
            "--set",
            "scenario=moved away",
        ])
        .output()
        .unwrap();
    assert!(stderr(&out).contains(
        "scenario: 'moved away' is not one of: cancellation, non_renewal, unresponsive_past_due"
    ));
    for (label, key) in [
        ("Cancellation (buyout)", "cancellation"),
        ("non-renewal", "non_renewal"),
        ("Unresponsive and past due", "unresponsive_past_due"),
    ] {
        let p = plan(&env, &[&format!("scenario={label}")]);
        assert_eq!(p["summary"]["scenario"], key);
    }
}

#[test]
fn f2_cancellation_needs_the_final_amount_paid() {
    let env = TestEnv::new();
    let p = plan(&env, &["scenario=cancellation"]);
    assert!(statuses(&p).contains(&("F2".into(), "unknown".into())));
    let p = plan(&env, &["scenario=cancellation", "final_amount_paid=no"]);
    assert!(statuses(&p).contains(&("F2".into(), "unmet".into())));
    let p = plan(&env, &["scenario=cancellation", "final_amount_paid=yes"]);
    assert!(statuses(&p).contains(&("F2".into(), "met".into())));
    assert_eq!(
        p["summary"]["ready_to_deactivate"], false,
        "F6 and F7 are still unknown"
    );
}

#[test]
fn f3_non_renewal_bill_till_payout_and_auto_renewal() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        &[
            "scenario=non_renewal",
            "bill_till_payout_set=yes",
            "auto_renewal_disabled=no",
        ],
    );
    let s = statuses(&p);
    assert_eq!(
        s.iter()
            .filter(|(r, _)| r == "F3")
            .map(|(_, st)| st.as_str())
            .collect::<Vec<_>>(),
        ["met", "unmet"]
    );
    assert_eq!(p["records"][0]["fields"]["Status"], "Bill till Payout");
    // The dated note is a comment on the case: its Description, and what
    // others wrote there, is not replaced.
    assert!(p["records"][0]["fields"].get("Description").is_none());
    assert_eq!(p["records"][1]["sobject"], "CaseComment");
    assert_eq!(p["records"][1]["operation"], "create");
    assert_eq!(
        p["records"][1]["fields"]["CommentBody"],
        "11/20/26_TL:Offboarding (Non-renewal)"
    );
    assert_eq!(
        p["records"][1]["links"]["ParentId"],
        json!({"sobject": "Case", "field": "Id", "value": "500X"})
    );
    cs::fields::note::parse(p["records"][1]["fields"]["CommentBody"].as_str().unwrap())
        .expect("an N1 note");
    let p = plan(&env, &["scenario=cancellation"]);
    assert!(
        p["records"][0]["fields"].get("Status").is_none(),
        "only non-renewal sets Bill till Payout"
    );
}

#[test]
fn f4_collections_means_no_contact_and_a_note_to_the_csm() {
    let env = TestEnv::new();
    for sets in [
        vec!["scenario=unresponsive_past_due"],
        vec![
            "scenario=cancellation",
            "sent_to_collections=yes",
            "modules=[Learning]",
        ],
    ] {
        let p = plan(&env, &sets);
        assert_eq!(p["summary"]["no_contact"], true);
        assert!(p["messages"].as_array().unwrap().is_empty());
        assert!(
            !p["drafts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["customer_facing"] == true),
            "{sets:?}"
        );
        let note = p["drafts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["template"] == "No further reach-outs")
            .unwrap();
        assert!(note["body"].as_str().unwrap().starts_with("Maria Moreno,"));
        assert!(p["checklist"].as_array().unwrap().iter().any(|c| {
            c["rule"] == "F4"
                && c["text"]
                    .as_str()
                    .unwrap()
                    .contains("Deactivate immediately")
        }));
        assert!(
            p["schedule"].as_array().unwrap().is_empty(),
            "no 3-day notice"
        );
    }
}

#[test]
fn f5_b1_offboarding_email_in_three_business_days_with_enabled_modules_only() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        &[
            "scenario=cancellation",
            "final_amount_paid=yes",
            "modules=[Compliance, Credentialing Software]",
        ],
    );
    let email = p["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["template"] == "Customer Offboarding Email")
        .unwrap();
    assert_eq!(email["customer_facing"], true);
    assert_eq!(
        email["subject"],
        // Friday 2026-11-20 + 3 business days, written as people write dates (B1).
        "Acme Family Clinic: your MedTrainer account will be disabled on Wednesday, November 25, 2026"
    );
    let body = email["body"].as_str().unwrap();
    assert!(
        body.contains("takes effect in 3 business days, on Wednesday, November 25, 2026"),
        "{body}"
    );
    assert!(
        body.contains("- Compliance: download your documents"),
        "{body}"
    );
    assert!(
        body.contains("- Credentialing Software: export provider profiles"),
        "{body}"
    );
    assert!(!body.contains("Learning"), "only enabled modules: {body}");
    // Across a year end: Wednesday 2026-12-30 + 3 business days skips New
    // Year's Day and the weekend (B1).
    env.write("o.yaml", BASE);
    let out = env
        .cs()
        .args([
            "--today",
            "2026-12-30",
            "offboard",
            "--format",
            "json",
            "--answers",
            "o.yaml",
            "--set",
            "scenario=cancellation",
            "--set",
            "final_amount_paid=yes",
        ])
        .output()
        .unwrap();
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["summary"]["effective_date"], "2027-01-05");
}

#[test]
fn f5_a_non_renewal_ends_with_the_contract_and_is_told_three_business_days_before() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        &["scenario=non_renewal", "contract_end_date=2026-12-31"],
    );
    assert_eq!(p["summary"]["effective_date"], "2026-12-31");
    // Three business days before Thursday 12-31: Monday 12-28 (B1).
    assert_eq!(p["summary"]["email_on"], "2026-12-28");
    let steps: Vec<(&str, &str)> = p["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["date"].as_str().unwrap(), s["action"].as_str().unwrap()))
        .collect();
    assert!(
        steps[0].0 == "2026-12-28"
            && steps[0]
                .1
                .starts_with("Send Acme Family Clinic the Customer Offboarding email"),
        "{steps:?}"
    );
    assert!(
        steps[1].0 == "2026-12-31" && steps[1].1.contains("takes effect"),
        "{steps:?}"
    );
    let email = p["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["template"] == "Customer Offboarding Email")
        .unwrap();
    assert!(
        email["body"]
            .as_str()
            .unwrap()
            .contains("takes effect when your contract ends, on Thursday, December 31, 2026"),
        "{}",
        email["body"]
    );
    // The contract's end is required for a non-renewal.
    env.write("o.yaml", BASE);
    let out = env
        .cs()
        .args([
            "offboard",
            "--format",
            "json",
            "--answers",
            "o.yaml",
            "--set",
            "scenario=non_renewal",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "contract_end_date: an answer is required (pass --set contract_end_date=YYYY-MM-DD"
        ),
        "{}",
        stderr(&out)
    );
}

fn email(p: &Value) -> Option<&Value> {
    p["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["template"] == "Customer Offboarding Email")
}

/// F5, B1: a contract that ends on a Saturday takes effect on the Monday,
/// and the email, its subject and the plan's steps all name that Monday.
#[test]
fn f5_b1_a_contract_ending_on_a_day_off_takes_effect_the_next_business_day() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        &[
            "scenario=non_renewal",
            "contract_end_date=2027-01-30",
            "modules=[Learning]",
        ],
    );
    assert_eq!(p["summary"]["effective_date"], "2027-02-01");
    // Three business days before Monday February 1: Wednesday January 27.
    assert_eq!(p["summary"]["email_on"], "2027-01-27");
    let e = email(&p).unwrap();
    assert_eq!(
        e["subject"],
        "Acme Family Clinic: your MedTrainer account will be disabled on Monday, February 1, 2027"
    );
    let body = e["body"].as_str().unwrap();
    assert!(
        body.contains("on Monday, February 1, 2027") && !body.contains("Saturday"),
        "{body}"
    );
    let steps = p["schedule"].as_array().unwrap();
    assert_eq!(steps[0]["date"], "2027-01-27");
    assert_eq!(
        steps[0]["action"],
        "Send Acme Family Clinic the Customer Offboarding email (effective Monday, February 1, 2027)"
    );
    assert_eq!(steps[1]["date"], "2027-02-01");
    assert!(warnings(&p).is_empty(), "{:?}", warnings(&p));
}

/// F5: fewer than 3 business days before the contract ends, the email goes
/// today (never in the past) and the TL is warned of the late notice; an
/// end already past is refused at its field.
#[test]
fn f5_late_notice_is_warned_and_no_email_is_dated_before_today() {
    let env = TestEnv::new();
    // Friday 2026-11-20; the contract ends Tuesday 11-24: 3 business days
    // before is Thursday 11-19, yesterday.
    let p = plan(
        &env,
        &[
            "scenario=non_renewal",
            "contract_end_date=2026-11-24",
            "modules=[Learning]",
        ],
    );
    assert_eq!(p["summary"]["email_on"], "2026-11-20");
    assert_eq!(p["summary"]["effective_date"], "2026-11-24");
    assert_eq!(p["schedule"][0]["date"], "2026-11-20");
    assert_eq!(
        warnings(&p),
        [
            "contract_end_date: late notice (F5): the contract ends on Tuesday, November 24, 2026, fewer than 3 business days from today; the Customer Offboarding email goes today, Friday, November 20, 2026, not 3 business days ahead"
        ]
    );
    // A contract ending on Saturday 11-21, told on that Saturday: the
    // warning names the end and the Monday it takes effect, and the email
    // goes on the first business day.
    env.write("o.yaml", BASE);
    let out = env
        .cs()
        .args([
            "--today",
            "2026-11-21",
            "offboard",
            "--format",
            "json",
            "--answers",
            "o.yaml",
        ])
        .args([
            "--set",
            "scenario=non_renewal",
            "--set",
            "contract_end_date=2026-11-21",
        ])
        .args(["--set", "modules=[Learning]"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        warnings(&p),
        [
            "contract_end_date: late notice (F5): the contract ends on Saturday, November 21, 2026 (the offboarding takes effect Monday, November 23, 2026), fewer than 3 business days from today; the Customer Offboarding email goes on Monday, November 23, 2026, the first business day, not 3 business days ahead"
        ]
    );
    // Exactly 3 business days ahead (Wednesday 11-25) is on time.
    let p = plan(
        &env,
        &[
            "scenario=non_renewal",
            "contract_end_date=2026-11-25",
            "modules=[Learning]",
        ],
    );
    assert_eq!(p["summary"]["email_on"], "2026-11-20");
    assert!(warnings(&p).is_empty(), "{:?}", warnings(&p));
    // Ended yesterday: refused, naming the field and the rule.
    env.write("o.yaml", BASE);
    let out = env
        .cs()
        .args([
            "offboard",
            "--answers",
            "o.yaml",
            "--set",
            "scenario=non_renewal",
        ])
        .args(["--set", "contract_end_date=2026-11-19"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "contract_end_date: F5: the contract ended on Thursday, November 19, 2026, before today"
        ),
        "{}",
        stderr(&out)
    );
}

/// F5: with no enabled module the email does not ask for data to be saved
/// over an empty list, and the plan warns at the field.
#[test]
fn f5_no_modules_is_warned_and_the_email_has_no_empty_list() {
    let env = TestEnv::new();
    let p = plan(&env, &["scenario=cancellation", "final_amount_paid=yes"]);
    let body = email(&p).unwrap()["body"].as_str().unwrap();
    assert!(!body.contains("save any data"), "{body}");
    assert!(body.contains("If you have any questions"), "{body}");
    assert_eq!(
        warnings(&p),
        [
            "modules: no enabled module is given, so the Customer Offboarding email cannot say how to save each module's data (F5); give them with --set modules=[Learning, Compliance] and make the plan again"
        ]
    );
}

/// F5: while the Final Amount is not known to be paid, a cancellation's
/// email is a pending step without a date: no draft, no dated step.
#[test]
fn f5_a_cancellation_waits_for_the_final_amount() {
    let env = TestEnv::new();
    for (paid, warned) in [(None, false), (Some("final_amount_paid=no"), true)] {
        let mut sets = vec!["scenario=cancellation", "modules=[Learning]"];
        sets.extend(paid);
        let p = plan(&env, &sets);
        assert!(email(&p).is_none(), "no email yet: {p}");
        assert_eq!(p["summary"]["email_on"], Value::Null);
        assert_eq!(p["summary"]["effective_date"], Value::Null);
        assert!(
            !p["schedule"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["rule"] == "F5"),
            "{}",
            p["schedule"]
        );
        let pending = p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule"] == "F5")
            .unwrap();
        assert!(
            pending["text"]
                .as_str()
                .unwrap()
                .starts_with("Once Finance confirms the Final Amount is paid, tell the CSM, then send the Customer Offboarding email"),
            "{pending}"
        );
        assert_eq!(
            warnings(&p)
                .iter()
                .any(|w| w.starts_with("final_amount_paid: the Final Amount is not paid")),
            warned,
            "{:?}",
            warnings(&p)
        );
    }
}

/// F5 in a batch: a row's warnings are in report.csv and in its plan.
#[test]
fn f5_a_batch_row_reports_its_late_notice() {
    let env = TestEnv::new();
    env.write(
        "acc.csv",
        "account_id,account_name,scenario,contract_end_date,modules,case_id,initials\n00100000000000A,Acme,non_renewal,2026-11-24,Learning,500X,TL\n00100000000000B,Birch,non_renewal,2026-11-10,Learning,500Y,TL\n",
    );
    let out = env
        .cs()
        .args(["offboard", "batch", "acc.csv", "--out", "out"])
        .output()
        .unwrap();
    // The contract that ended before today is refused at its row, as
    // `cs offboard` refuses it.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let errors = std::fs::read_to_string(env.path("out/errors.csv")).unwrap();
    assert!(
        errors.contains("3,contract_end_date,\"F5: the contract ended on Tuesday, November 10, 2026, before today"),
        "{errors}"
    );
    let mut r = csv::Reader::from_path(env.path("out/report.csv")).unwrap();
    let row = r.records().next().unwrap().unwrap();
    assert!(
        row[8].starts_with("contract_end_date: late notice (F5)"),
        "{row:?}"
    );
    let plans = std::fs::read_to_string(env.path("out/plans.jsonl")).unwrap();
    assert!(plans.contains("late notice (F5)"), "{plans}");
}

#[test]
fn f6_billing_notes_are_scanned() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        &[
            "scenario=cancellation",
            "case_notes=Sent to COLLECTIONS per Terms and Conditions; not paid in full",
        ],
    );
    assert_eq!(
        p["summary"]["billing_mentions"],
        json!(["Collections", "terms and conditions", "paid in full"])
    );
    assert!(!p["checklist"].as_array().unwrap().iter().any(|c| {
        c["text"]
            .as_str()
            .unwrap()
            .contains("touch base with Billing")
    }));
    let p = plan(
        &env,
        &[
            "scenario=cancellation",
            "case_notes=Customer called about invoices",
        ],
    );
    assert_eq!(p["summary"]["billing_mentions"], json!([]));
    assert!(p["checklist"].as_array().unwrap().iter().any(|c| {
        c["rule"] == "F6"
            && c["text"]
                .as_str()
                .unwrap()
                .ends_with("touch base with Billing")
    }));
}

#[test]
fn f7_ready_only_when_every_condition_is_met() {
    let env = TestEnv::new();
    let all = [
        "scenario=non_renewal",
        "bill_till_payout_set=yes",
        "auto_renewal_disabled=yes",
        "past_due_invoices=0",
        "recurly_status=closed",
        "case_notes=bill till payout",
        "deactivation_requested_by_billing=yes",
    ];
    let p = plan(&env, &all);
    assert_eq!(p["summary"]["ready_to_deactivate"], true);
    assert!(statuses(&p).iter().all(|(_, s)| s == "met"));
    assert_eq!(
        p["records"][1]["fields"]["CommentBody"],
        "11/20/26_TL:Offboarding (Non-renewal), ready to deactivate"
    );
    let mut without_billing = all.to_vec();
    without_billing.pop();
    let p = plan(&env, &without_billing);
    assert_eq!(
        p["summary"]["ready_to_deactivate"], false,
        "F7 needs Billing's request"
    );
}

#[test]
fn batch_report_of_readiness_and_open_conditions() {
    let env = TestEnv::new();
    env.write(
        "acc.csv",
        "account_id,account_name,scenario,bill_till_payout_set,auto_renewal_disabled,past_due_invoices,recurly_status,case_notes,deactivation_requested_by_billing,sent_to_collections\n\
00100000000000A,Acme,non_renewal,yes,yes,0,closed,bill till payout,yes,\n\
00100000000000B,Beta,cancellation,,,,,,,yes\n\
00100000000000C,Gamma,leaving,,,,,,,\n\
00100000000000D,,non_renewal,,,,,,,\n",
    );
    let out = env
        .cs()
        .args(["offboard", "batch", "acc.csv", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("acc.csv: 4 rows read: 1 ready to deactivate, 1 not ready, 2 rejected"),
        "{}",
        stderr(&out)
    );
    // The rows lack what a plan needs (the case, the initials): reported
    // all the same; plans.jsonl says why cs submit would send nothing.
    let plans = std::fs::read_to_string(env.path("out/plans.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = plans
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{plans}");
    assert_eq!(lines[0]["line"], 2);
    assert!(
        lines[0]["unplanned"]
            .as_str()
            .unwrap()
            .contains("case_id: an answer is required"),
        "{plans}"
    );
    let mut r = csv::Reader::from_path(env.path("out/report.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].iter().collect::<Vec<_>>(),
        [
            "00100000000000A",
            "Acme",
            "non_renewal",
            "false",
            "true",
            "",
            "",
            "bill till payout",
            ""
        ]
    );
    assert_eq!(&rows[1][3], "true", "Collections: no contact");
    assert_eq!(&rows[1][4], "false");
    assert_eq!(
        &rows[1][6],
        "F2: final_amount_paid; F6: past_due_invoices; F6: recurly_status; F6: case_notes; F7: deactivation_requested_by_billing"
    );
    let errors = std::fs::read_to_string(env.path("out/errors.csv")).unwrap();
    assert!(errors.contains("4,scenario,\"'leaving' is not one of: cancellation, non_renewal, unresponsive_past_due\""), "{errors}");
    assert!(
        errors.contains("5,account_name,an answer is required"),
        "{errors}"
    );
}

mod property {
    use super::*;
    use cs::sops::offboarding::Offboarding;
    use cs::workflow::{self, Env, Sources};
    use proptest::prelude::*;

    fn opt_bool() -> impl Strategy<Value = Option<bool>> {
        prop_oneof![Just(None), Just(Some(true)), Just(Some(false))]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// F4: with sent_to_collections true or scenario unresponsive_past_due,
        /// the plan has no customer-facing draft and no message.
        #[test]
        fn f4_no_contact_whatever_the_other_answers(
            scenario in prop_oneof![Just("cancellation"), Just("non_renewal"), Just("unresponsive_past_due")],
            collections in opt_bool(),
            paid in opt_bool(),
            btp in opt_bool(),
            renewal in opt_bool(),
            billing in opt_bool(),
            modules in proptest::sample::subsequence(vec!["Learning", "Compliance", "Credentialing Software"], 0..=3),
            notes in "[a-zA-Z ,.]{0,40}",
            invoices in proptest::option::of(0i64..20),
        ) {
            prop_assume!(scenario == "unresponsive_past_due" || collections == Some(true));
            let lib = cs::playbook::Library::default();
            let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
            let mut set = Vec::new();
            for (k, v) in [("account_name", json!("Acme")), ("account_id", json!("00100000000000A")), ("case_id", json!("500X")), ("initials", json!("TL")), ("scenario", json!(scenario)), ("modules", json!(modules))] {
                set.push((k.to_string(), v));
            }
            for (k, v) in [("sent_to_collections", collections), ("final_amount_paid", paid), ("bill_till_payout_set", btp), ("auto_renewal_disabled", renewal), ("deactivation_requested_by_billing", billing)] {
                if let Some(b) = v { set.push((k.into(), json!(b))); }
            }
            if !notes.trim().is_empty() { set.push(("case_notes".into(), json!(notes))); }
            if let Some(n) = invoices { set.push(("past_due_invoices".into(), json!(n))); }
            if scenario == "non_renewal" { set.push(("contract_end_date".into(), json!("2026-12-31"))); }
            let env = Env::new(&lib, today);
            let sources = Sources { values: set.into_iter().collect(), ..Sources::default() };
            let plan = workflow::run(&env, &Offboarding, &sources).unwrap().done();
            prop_assert!(plan.messages.is_empty());
            prop_assert!(plan.drafts.iter().all(|d| !d.customer_facing), "{:?}", plan.drafts);
            prop_assert!(plan.drafts.iter().any(|d| d.template == "No further reach-outs"));
        }
    }
}

#[test]
fn f8_the_offboarding_instructions_file_for_calls_and_meetings() {
    let env = TestEnv::new();
    for scenario in ["cancellation", "non_renewal"] {
        let p = plan(&env, &[&format!("scenario={scenario}")]);
        let f8: Vec<&Value> = p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["rule"] == "F8")
            .collect();
        assert_eq!(f8.len(), 1, "{scenario}");
        assert!(
            f8[0]["text"]
                .as_str()
                .unwrap()
                .contains("\"Customer Offboarding Instructions.pdf\"")
        );
    }
    // No contact, no file (F4).
    let p = plan(&env, &["scenario=unresponsive_past_due"]);
    assert!(
        p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["rule"] != "F8")
    );
}

/// One account in two rows of an offboarding batch (#30) is refused in
/// both, naming the other line: no plan is made for either.
#[test]
fn batch_refuses_one_account_in_two_rows() {
    let env = TestEnv::new();
    env.write(
        "acc.csv",
        "account_id,account_name,case_id,initials,scenario\n\
00100000000000A,Acme,00001234,TL,non_renewal\n\
00100000000000B,Beta,00001235,TL,cancellation\n\
00100000000000AAAQ,Acme,00001236,TL,cancellation\n",
    );
    let out = env
        .cs()
        .args(["offboard", "batch", "acc.csv", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("acc.csv: 3 rows read: 0 ready to deactivate, 1 not ready, 2 rejected"),
        "{}",
        stderr(&out)
    );
    let plans = std::fs::read_to_string(env.path("out/plans.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = plans
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{plans}");
    assert_eq!(lines[0]["line"], 3);
    let mut r = csv::Reader::from_path(env.path("out/errors.csv")).unwrap();
    let errors: Vec<(String, String)> = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x[2].to_string())
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, "2");
    assert!(
        errors[0]
            .1
            .contains("the account 00100000000000A is also in line 4"),
        "{errors:?}"
    );
    assert_eq!(errors[1].0, "4");
    assert!(errors[1].1.contains("is also in line 2"), "{errors:?}");
}

/// `cs offboard batch --format json` gives a script the counts on stdout
/// (#30), with the exit code of the text form.
#[test]
fn batch_summary_as_json_for_scripts() {
    let env = TestEnv::new();
    env.write(
        "acc.csv",
        "account_id,account_name,case_id,initials,scenario\n\
00100000000000A,Acme,00001234,TL,non_renewal\n\
00100000000000B,Beta,00001235,TL,closing\n",
    );
    let out = env
        .cs()
        .args([
            "offboard", "batch", "acc.csv", "--out", "out", "--format", "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["read"], 2);
    assert_eq!(v["rejected"], 1);
    assert_eq!(
        v["ready_to_deactivate"].as_u64().unwrap() + v["not_ready"].as_u64().unwrap(),
        1
    );
    assert_eq!(v["files"][0], "report.csv");
}
