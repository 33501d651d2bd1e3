//! `cs onboard` (MT-CS-002, MT-CS-020): rules O1-O9 and D1-D4.

use crate::common::*;
use serde_json::{Value, json};

const BASE: &str =
    "account_name: Acme Family Clinic\naccount_id: 001000000000001AAA\nmrr: 1200\nusers: 80\n";

fn onboard(env: &TestEnv, today: &str, sets: &[&str]) -> std::process::Output {
    env.write("ob.yaml", BASE);
    let mut c = env.cs();
    c.args([
        "onboard",
        "--format",
        "json",
        "--answers",
        "ob.yaml",
        "--today",
        today,
    ]);
    for s in sets {
        c.args(["--set", s]);
    }
    c.output().unwrap()
}

fn plan(env: &TestEnv, today: &str, sets: &[&str]) -> Value {
    let out = onboard(env, today, sets);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn steps(p: &Value, rule: &str) -> Vec<(String, String)> {
    p["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["rule"] == rule)
        .map(|s| {
            (
                s["date"].as_str().unwrap().to_string(),
                s["action"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

// O6: the Training Matrix of MT-CS-002, transcribed from the SOP: each
// product's modules in order (sub-items in parentheses) and its sessions.
const LEARNING: &[&[&str]] = &[&[
    "Org Management",
    "Course Library (Group Learning)",
    "CE Course Library",
    "Admin Dashboard",
    "Student Dashboard",
    "Onboarding Path",
    "Reports",
    "Pending System Actions",
    "Company Settings",
]];
const COMPLIANCE: &[&[&str]] = &[
    &[
        "Org Management",
        "Documents & Policies",
        "In-App Reports",
        "Company Settings part 1 (module-specific)",
        "Pending System Actions",
        "Admin/Student DBs (module-specific)",
    ],
    &[
        "Contract Management",
        "Safety Plans",
        "SDS Management",
        "Onboarding Path",
        "Company Settings part 2 (module-specific)",
    ],
    &[
        "Incident Reports",
        "Admin/Student DBs (module-specific)",
        "In- App Reports",
        "Company Settings part 3 (module-specific)",
    ],
];
const CRED: &[&[&str]] = &[
    &[
        "Org Management",
        "Credentialing Locations",
        "Provider Profiles (Locations, Documents, Exclusions, Verifications, Information, Enrollments, Dashboard)",
        "Company Settings (module-specific)",
        "Admin Dashboard",
        "Provider Profiles Dashboard",
    ],
    &[
        "Privileges and Appointments",
        "Documents",
        "Enrollment Applications",
        "Credentialing Dashboard",
        "Insurances",
        "Custom Forms",
        "Business Entities",
        "Credentialing Reports",
        "Reports",
        "Settings",
        "Company Settings (module-specific)",
        "Exclusions",
        "Exclusions Reports",
    ],
];

fn modules(session: &Value) -> Vec<String> {
    session["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| match m["topics"].as_array() {
            Some(t) => format!(
                "{} ({})",
                m["name"].as_str().unwrap(),
                t.iter()
                    .map(|x| x.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => m["name"].as_str().unwrap().to_string(),
        })
        .collect()
}

#[test]
fn o6_training_matrix_for_all_seven_combinations() {
    let env = TestEnv::new();
    let combos: [(&str, Vec<&[&[&str]]>); 7] = [
        ("[Learning]", vec![LEARNING]),
        ("[Compliance]", vec![COMPLIANCE]),
        ("[Credentialing Software]", vec![CRED]),
        (
            "[Compliance, Credentialing Software]",
            vec![COMPLIANCE, CRED],
        ),
        ("[Learning, Compliance]", vec![LEARNING, COMPLIANCE]),
        ("[Credentialing Software, Learning]", vec![LEARNING, CRED]),
        (
            "[Learning, Compliance, Credentialing Software]",
            vec![LEARNING, COMPLIANCE, CRED],
        ),
    ];
    for (products, expected) in combos {
        let p = plan(&env, TODAY, &[&format!("products={products}")]);
        assert_eq!(p["summary"]["segment"], "core");
        let sessions = p["summary"]["training_plan"].as_array().unwrap();
        let expected: Vec<&[&str]> = expected.into_iter().flatten().copied().collect();
        assert_eq!(sessions.len(), expected.len(), "{products}: sessions");
        assert!(sessions.len() <= 6, "the matrix has six training columns");
        for (i, (s, e)) in sessions.iter().zip(&expected).enumerate() {
            assert_eq!(s["session"], i + 1);
            assert_eq!(modules(s), *e, "{products}: session {}", i + 1);
        }
    }
}

#[test]
fn d1_digital_is_under_50_users_and_under_500_mrr() {
    let env = TestEnv::new();
    let seg = |users: &str, mrr: &str| {
        plan(
            &env,
            TODAY,
            &[
                "products=[Learning]",
                &format!("users={users}"),
                &format!("mrr={mrr}"),
            ],
        )["summary"]["segment"]
            .clone()
    };
    assert_eq!(seg("49", "499.99"), "digital");
    assert_eq!(
        seg("50", "499.99"),
        "core",
        "exactly 50 users is not digital"
    );
    assert_eq!(seg("49", "$500.00"), "core", "exactly $500 is not digital");
    assert_eq!(seg("50", "500"), "core");
    assert_eq!(seg("1", "0"), "digital");
}

#[test]
fn d1_subtypes() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Compliance, Credentialing Software]",
            "users=10",
            "mrr=300",
            "fmc=yes",
            "franchise=yes",
            "smb=yes",
            "gameday=yes",
            "locations=4",
        ],
    );
    assert_eq!(
        p["summary"]["subtypes"],
        json!(["hybrid", "franchise", "smb", "gameday"])
    );
    // Hybrid needs Learning and/or Compliance with FMC.
    let p = plan(
        &env,
        TODAY,
        &["products=[Credentialing Software]", "fmc=yes"],
    );
    assert_eq!(p["summary"]["subtypes"], json!([]));
}

#[test]
fn d2_sequence_days_across_month_and_year_end() {
    let env = TestEnv::new();
    // Assigned on 2026-12-29: Day 4 is 2027-01-01, New Year's Day, so the
    // follow-up is on the next business day (B1); Day 30 is 2027-01-27.
    let p = plan(
        &env,
        "2026-12-29",
        &["products=[Learning]", "users=10", "mrr=100"],
    );
    assert_eq!(
        p["summary"]["sequence"],
        "DCSM Account Onboarding and Adoption"
    );
    let d2: Vec<String> = steps(&p, "D2")
        .into_iter()
        .map(|(d, a)| format!("{d} {a}"))
        .collect();
    assert_eq!(
        d2,
        [
            "2026-12-29 DCSM Account Onboarding and Adoption: Day 1 manual welcome email",
            "2027-01-04 DCSM Account Onboarding and Adoption: Day 4 follow-up task",
            "2027-01-27 DCSM Account Onboarding and Adoption: Day 30 automated account adoption email",
            "2027-01-27 DCSM Account Onboarding and Adoption: Day 30 adoption object update task",
        ]
    );
    // Counted from assigned_on, across a month end; GameDay gets its own
    // sequence. Day 30 is Saturday 2026-11-28: Monday 11-30 (B1).
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "users=10",
            "mrr=100",
            "gameday=yes",
            "assigned_on=2026-10-30",
        ],
    );
    assert_eq!(
        p["summary"]["sequence"],
        "Digital Account Adoption (GameDay) Check-In"
    );
    let dates: Vec<String> = steps(&p, "D2").into_iter().map(|(d, _)| d).collect();
    assert_eq!(
        dates,
        ["2026-10-30", "2026-11-02", "2026-11-30", "2026-11-30"]
    );
    // Core accounts have no digital sequence.
    let p = plan(&env, TODAY, &["products=[Learning]"]);
    assert!(steps(&p, "D2").is_empty());
    assert_eq!(p["summary"]["sequence"], Value::Null);
}

#[test]
fn d3_webinars_with_their_next_dates_and_agenda() {
    let env = TestEnv::new();
    // Saturday 2026-11-21: next Tuesday, and the Thursday after next, since
    // next Thursday is Thanksgiving (B1: the next week's session).
    let p = plan(
        &env,
        "2026-11-21",
        &[
            "products=[Credentialing Software, Compliance, Learning]",
            "users=10",
            "mrr=100",
        ],
    );
    let w = p["summary"]["training_plan"].as_array().unwrap();
    assert_eq!(w.len(), 3);
    assert_eq!(w[0]["product"], "Learning");
    assert_eq!(w[0]["weekday"], "Tuesday");
    assert_eq!(w[0]["time"], "11 am CST");
    assert_eq!(w[0]["next_date"], "2026-11-24");
    assert_eq!(w[1]["product"], "Compliance");
    assert_eq!(w[1]["next_date"], "2026-12-03");
    assert_eq!(w[2]["case_by_case"], true);
    for webinar in &w[..2] {
        assert_eq!(webinar["minutes"], 45);
        let minutes = |v: &Value| v["minutes"].as_i64().unwrap_or(0);
        let total: i64 = webinar["agenda"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                minutes(a)
                    + a["subtopics"]
                        .as_array()
                        .map(|s| s.iter().map(minutes).sum())
                        .unwrap_or(0)
            })
            .sum();
        assert_eq!(total, 45, "{} agenda", webinar["product"]);
    }
    // On a Tuesday the next Learning webinar is a week later; across a year end.
    let p = plan(
        &env,
        "2026-12-29",
        &["products=[Learning]", "users=10", "mrr=100"],
    );
    assert_eq!(p["summary"]["training_plan"][0]["next_date"], "2027-01-05");
}

#[test]
fn o1_call_the_same_day_and_welcome_reminder_with_kyc() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "kyc_link=https://forms.example.com/kyc",
        ],
    );
    assert_eq!(steps(&p, "O1")[0].0, TODAY);
    let d = &p["drafts"][0];
    assert_eq!(d["template"], "CCSM / SCSM Welcome to MedTrainer!");
    assert!(
        d["body"]
            .as_str()
            .unwrap()
            .contains("https://forms.example.com/kyc")
    );
    // Assigned on a Sunday: the call is on the next business day (B1).
    let p = plan(
        &env,
        TODAY,
        &["products=[Learning]", "assigned_on=2026-11-22"],
    );
    assert_eq!(steps(&p, "O1")[0].0, "2026-11-23");
}

#[test]
fn o2_o4_preparation_and_call_checklist() {
    let env = TestEnv::new();
    let p = plan(&env, TODAY, &["products=[Learning, Compliance]"]);
    let text = |rule: &str| {
        p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule"] == rule)
            .map(|c| c["text"].as_str().unwrap().to_string())
    };
    assert!(text("O2").unwrap().contains("MRR $1,200.00, 80 users"));
    assert!(
        text("O4")
            .unwrap()
            .contains("confirm 80 users, the products (Learning, Compliance) and MRR $1,200.00")
    );
    assert!(text("O5").is_some());
}

#[test]
fn o3_dates_in_order_and_not_in_the_future() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "call_scheduled_for=2026-11-18",
            "call_completed_date=2026-11-19",
            "lms_setup_completed_date=2026-11-20",
        ],
    );
    let f = &p["records"][0]["fields"];
    assert_eq!(f["Onboarding_Call_Scheduled_For__c"], "2026-11-18");
    assert_eq!(f["Onboarding_Call_Completed_Date__c"], "2026-11-19");
    assert_eq!(f["LMS_Set_Up_Completed_Date__c"], "2026-11-20");

    let out = onboard(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "call_scheduled_for=2026-11-19",
            "call_completed_date=2026-11-18",
            "lms_setup_completed_date=2026-11-17",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let e = stderr(&out);
    // Every date out of order at once, each with its field; the LMS date
    // is compared with the last date answered before it.
    assert!(
        e.contains("2 fields of the onboarding playbook need a valid answer"),
        "{e}"
    );
    assert!(
        e.contains("call_completed_date: 2026-11-18 is before call_scheduled_for 2026-11-19 (O3)"),
        "{e}"
    );
    assert!(
        e.contains(
            "lms_setup_completed_date: 2026-11-17 is before call_scheduled_for 2026-11-19 (O3)"
        ),
        "{e}"
    );

    let out = onboard(
        &env,
        TODAY,
        &["products=[Learning]", "call_completed_date=2026-11-21"],
    );
    assert!(stderr(&out).contains("call_completed_date: 2026-11-21 is after today (2026-11-20)"));
}

#[test]
fn o7_recap_on_the_day_of_the_call() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &["products=[Learning]", "call_scheduled_for=2026-11-24"],
    );
    assert_eq!(steps(&p, "O7")[0].0, "2026-11-24");
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "call_scheduled_for=2026-11-17",
            "call_completed_date=2026-11-18",
        ],
    );
    let o7 = steps(&p, "O7");
    assert_eq!(o7.len(), 1, "{o7:?}");
    assert_eq!(o7[0].0, "2026-11-18");
    let recap = draft(&p, "Onboarding Call Recap").unwrap();
    assert!(
        recap["body"]
            .as_str()
            .unwrap()
            .contains("Thank you for meeting with me on Wednesday, November 18, 2026")
    );
    assert!(
        recap["body"]
            .as_str()
            .unwrap()
            .contains("- Training 1: Learning")
    );
}

/// O7: the recap reminds the admin of each training session's date and
/// modules (O6), offers the Calendly link for sessions without one, and a
/// date on a weekend or holiday (B1), before the call, or beyond the
/// sessions is a warning.
#[test]
fn o7_recap_lists_training_dates_and_modules() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning, Compliance]",
            "call_scheduled_for=2026-11-17",
            "call_completed_date=2026-11-18",
            "training_dates=[2026-11-24, 11/26/26, 2026-11-16, 2026-12-01, 2026-12-02]",
        ],
    );
    let recap = draft(&p, "Onboarding Call Recap").unwrap();
    let body = recap["body"].as_str().unwrap();
    for line in [
        "- Training 1: Learning: Tuesday, November 24, 2026\n  Modules: Org Management, Course Library, CE Course Library, Admin Dashboard, Student Dashboard, Onboarding Path, Reports, Pending System Actions, Company Settings\n",
        "- Training 2: Compliance part 1: Thursday, November 26, 2026\n",
        "- Training 4: Compliance part 3: Tuesday, December 1, 2026\n  Modules: Incident Reports,",
    ] {
        assert!(body.contains(line), "{line}\nin\n{body}");
    }
    assert_eq!(
        p["answers"]["training_dates"][1], "2026-11-26",
        "MM/DD/YY is read as a date and kept as YYYY-MM-DD"
    );
    let warnings: Vec<&str> = p["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(
        warnings,
        [
            "training_dates: Thursday, November 26, 2026 is not a business day (B1); the customer is invited on a day off",
            "training_dates: Monday, November 16, 2026 is before the onboarding call (Wednesday, November 18, 2026)",
            "training_dates: Wednesday, December 2, 2026 has no session: the products have 4 training sessions (O6)",
        ]
    );

    // Without dates, each session is offered through the Calendly link.
    let p = plan(
        &env,
        TODAY,
        &["products=[Learning]", "call_completed_date=2026-11-18"],
    );
    let body = p["drafts"].to_string();
    assert!(
        body.contains(
            "- Training 1: Learning: to be scheduled (please book it through my Calendly link)"
        ),
        "{body}"
    );

    // Not a date: refused like any answer.
    let out = onboard(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "call_completed_date=2026-11-18",
            "training_dates=[next week]",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "training_dates: 'next week' is not a date; write MM/DD/YY, MM/DD/YYYY or YYYY-MM-DD"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn o8_failed_to_onboard_case_and_follow_ups() {
    let env = TestEnv::new();
    let out = onboard(
        &env,
        TODAY,
        &["products=[Learning]", "outcome=failed_to_onboard"],
    );
    assert!(
        stderr(&out).contains("csm_name: an answer is required (needed for the Failed to OB case, which is assigned to you)"),
        "{}",
        stderr(&out)
    );

    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "outcome=failed_to_onboard",
            "csm_name=Maria Moreno",
        ],
    );
    let case = p["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["sobject"] == "Case")
        .unwrap();
    assert_eq!(case["record_type"], "Customer Success");
    assert_eq!(case["fields"]["Type"], "Failed to OB");
    assert_eq!(
        case["fields"]["Subject"],
        "Failed to Onboard - Acme Family Clinic"
    );
    assert_eq!(
        case["fields"]["Due_Date__c"], "2026-12-21",
        "today + 30 days is Sunday 12-20: the Monday (B1)"
    );
    // Assigned to the CSM: the owner lookup, a user found by name when sent.
    assert!(case["fields"].get("Assigned_To__c").is_none());
    assert_eq!(
        case["links"]["OwnerId"],
        json!({"sobject": "User", "field": "Name", "value": "Maria Moreno"})
    );
    assert_eq!(p["records"][0]["fields"]["Onboarding_Completed__c"], true);
    // The 10 days of contact are over: no contact days, the case now, and
    // weekly follow-ups inside its 30 days (O8), each on a business day.
    assert!(
        steps(&p, "O8")
            .iter()
            .all(|(_, a)| !a.starts_with("Unresponsive")),
        "{:?}",
        steps(&p, "O8")
    );
    let weekly: Vec<String> = steps(&p, "O8")
        .into_iter()
        .filter(|(_, a)| a.starts_with("Weekly"))
        .map(|(d, _)| d)
        .collect();
    // 11-27, 12-04, 12-11, 12-18: weekly from Friday 11-20, before the case is due 12-20.
    assert_eq!(
        weekly,
        ["2026-11-27", "2026-12-04", "2026-12-11", "2026-12-18"],
        "core: weekly for a month"
    );
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "outcome=failed_to_onboard",
            "csm_name=Maria Moreno",
            "users=10",
            "mrr=100",
        ],
    );
    let follow_ups: Vec<String> = steps(&p, "O8").into_iter().map(|(d, _)| d).collect();
    // Digital: for 10 days, every 5 business days (Thanksgiving skipped).
    assert_eq!(follow_ups, ["2026-11-30", "2026-12-07"], "digital: 10 days");
}

#[test]
fn o8_unresponsive_accounts_get_ten_days_of_contact_first() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &["products=[Learning]", "outcome=unresponsive"],
    );
    // Nothing is written to Salesforce yet: no case, onboarding not completed.
    assert!(
        p["records"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["sobject"] != "Case"),
        "{}",
        p["records"]
    );
    assert_eq!(p["summary"]["onboarding_completed"], Value::Null);
    let o8 = steps(&p, "O8");
    let daily: Vec<&str> = o8
        .iter()
        .filter(|(_, a)| a.starts_with("Unresponsive, day"))
        .map(|(d, _)| d.as_str())
        .collect();
    assert_eq!(
        daily,
        [
            "2026-11-20",
            "2026-11-23",
            "2026-11-24",
            "2026-11-25",
            // Thanksgiving, 2026-11-26, is no contact day (B1).
            "2026-11-27",
            "2026-11-30",
            "2026-12-01",
            "2026-12-02",
            "2026-12-03",
            "2026-12-04"
        ]
    );
    // Then, the next business day, the case (O8's order).
    let then = o8.last().unwrap();
    assert_eq!(then.0, "2026-12-07");
    assert!(then.1.contains("open the Failed to OB case"), "{}", then.1);
}

#[test]
fn o9_cancellation_during_onboarding_is_an_escalation_case() {
    let env = TestEnv::new();
    let out = onboard(
        &env,
        TODAY,
        &["products=[Learning]", "outcome=cancellation_requested"],
    );
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains("fields of the escalation playbook need an answer"),
        "{e}"
    );
    assert!(
        !e.contains("  account_name:"),
        "the account comes from the onboarding answers: {e}"
    );
    assert!(e.contains("hint: a cancellation request opens an escalation case: pass its answers with --escalation FILE"), "{e}");

    env.write(
        "esc.yaml",
        "account_url: https://example.my.salesforce.com/001000000000001AAA\ncontact_name: Dana\nopportunities: [New business]\ntriggers: [downgrade]\nreason: Support Issues\nsecondary_reasons: [Delayed OB/Implementation]\ndescription: '11/20/26_MM:Admin asked to cancel during onboarding'\ndirectives: '11/20/26_MM:Cancel before billing starts'\n",
    );
    let out = onboard(
        &env,
        TODAY,
        &[
            "products=[Learning, Compliance]",
            "outcome=cancellation_requested",
            "fmc=yes",
        ],
    );
    assert!(!out.status.success());
    let mut c = env.cs();
    let out = c
        .args([
            "onboard",
            "--format",
            "json",
            "--answers",
            "ob.yaml",
            "--escalation",
            "esc.yaml",
        ])
        .args([
            "--set",
            "products=[Learning, Compliance]",
            "--set",
            "outcome=cancellation_requested",
            "--set",
            "fmc=yes",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    let case = p["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["record_type"] == "Escalations")
        .unwrap();
    assert_eq!(
        case["fields"]["Subject"],
        "Cancelation Request - Acme Family Clinic"
    );
    assert_eq!(case["fields"]["Products__c"], "Learning;Compliance");
    assert_eq!(p["summary"]["escalation"]["playbook"], "escalation");
    assert_eq!(
        p["messages"][0]["channel"], "slack",
        "FMC: the E4 message of the escalation playbook"
    );
    assert!(
        p["messages"][0]["text"]
            .as_str()
            .unwrap()
            .contains("MRR $1,200.00")
    );
    assert!(
        p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["rule"] == "O9")
    );
    assert!(
        p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["rule"] == "E3")
    );
}

/// O9 with E3: the escalation case of a cancellation request takes the
/// account, products, MRR and FMC from the onboarding; an escalation file
/// that says otherwise is refused, naming each conflict; one that agrees
/// (in another spelling) is accepted.
#[test]
fn o9_escalation_answers_cannot_contradict_the_onboarding() {
    let env = TestEnv::new();
    env.write("ob.yaml", BASE);
    let esc = "account_url: https://example.my.salesforce.com/001000000000001AAA\ncontact_name: Dana\nopportunities: [New business]\ntriggers: [downgrade]\nreason: Support Issues\nsecondary_reasons: [Delayed OB/Implementation]\ndescription: '11/20/26_MM:Admin asked to cancel'\ndirectives: '11/20/26_MM:Cancel before billing starts'\n";
    let run = |extra: &str| {
        env.write("esc.yaml", &format!("{esc}{extra}"));
        env.cs()
            .args(["onboard", "--format", "json", "--answers", "ob.yaml"])
            .args(["--escalation", "esc.yaml", "--today", TODAY])
            .args(["--set", "products=[Learning, Compliance]"])
            .args(["--set", "outcome=cancellation_requested"])
            .output()
            .unwrap()
    };
    let out = run("mrr: 900\nproducts: [Learning]\naccount_name: Acme\n");
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(e.contains("the answers for the escalation playbook contradict the onboard answers; nothing was written"), "{e}");
    assert!(
        e.contains("mrr: 900 given, $1,200.00 in the onboard answers"),
        "{e}"
    );
    assert!(
        e.contains("products: Learning given, Learning, Compliance in the onboard answers"),
        "{e}"
    );
    assert!(
        e.contains("account_name: Acme given, Acme Family Clinic in the onboard answers"),
        "{e}"
    );
    assert!(out.stdout.is_empty());

    // The same values, spelled otherwise, are no conflict.
    let out = run("mrr: 1200\nproducts: [Compliance, learning]\nfmc: no\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    let case = p["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["record_type"] == "Escalations")
        .unwrap();
    assert_eq!(case["fields"]["Products__c"], "Learning;Compliance");
}

#[test]
fn d4_training_recap_for_digital_accounts() {
    let env = TestEnv::new();
    let p = plan(&env, TODAY, &["products=[Learning]", "users=10", "mrr=100"]);
    let recap = draft(&p, "DCSM Onboarding Recap").unwrap();
    let body = recap["body"].as_str().unwrap();
    for part in [
        "Participants:",
        "Modules:\n- Learning: Course Library and CE Course Library, Admin and Student Dashboards, Onboarding Path, Settings and Company Settings\n",
        "Pending subjects:",
        "Relevant links:",
    ] {
        assert!(body.contains(part), "{part} in {body}");
    }
    let p = plan(&env, TODAY, &["products=[Learning]"]);
    assert!(
        !p["drafts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["template"] == "DCSM Onboarding Recap")
    );
}

const ROSTER_HEADER: &str = "Username/Email,First Name,Last Name,Position,Location,State,Department,Account Level,Send registration email,Registration email date\n";

#[test]
fn o5_roster_rows_are_checked_and_clean_rows_written() {
    let env = TestEnv::new();
    let roster = format!(
        "{ROSTER_HEADER}\
dana@acme.org,Dana,Smith,Nurse,Main,TX,Clinical,admin,Yes,\n\
bad-email,Lee,Wong,Nurse,Main,TX,Clinical,Student,Yes,\n\
ana@acme.org,Ana,Ruiz,\"Front desk,\nreception\",North,,Admin,Owner,No,\n\
sam@acme.org,Sam,Lee,Tech,Main,TX,Lab,Super Admin,No,2026-12-01\n"
    );
    env.write("users.csv", &roster);
    let out = env
        .cs()
        .args([
            "onboard",
            "roster",
            "users.csv",
            "--out",
            "clean.csv",
            "--locations",
            "2",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains("users.csv:3: Username/Email: 'bad-email' is not an email address"),
        "{e}"
    );
    // The quoted field spans two lines; the row starts on line 4.
    assert!(
        e.contains("users.csv:4: State: an answer is required (needed when the account has more than one location)"),
        "{e}"
    );
    assert!(
        e.contains(
            "users.csv:4: Account Level: 'Owner' is not one of: Super Admin, Admin, Student"
        ),
        "{e}"
    );
    assert!(e.contains("users.csv:4: Registration email date: an answer is required (needed when the registration email is not sent right away)"), "{e}");
    assert!(
        e.contains("users.csv: 4 rows read, 2 clean, 2 rejected; clean rows written to clean.csv."),
        "{e}"
    );
    let clean = std::fs::read_to_string(env.path("clean.csv")).unwrap();
    let mut r = csv::Reader::from_reader(clean.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ROSTER_HEADER.trim_end().split(',').collect::<Vec<_>>()
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][7], "Admin", "the account level is normalised");
    assert_eq!(&rows[0][8], "Yes");
    assert_eq!(&rows[1][9], "2026-12-01");

    // One location: State may be empty.
    env.write(
        "one.csv",
        &format!("{ROSTER_HEADER}ana@acme.org,Ana,Ruiz,Nurse,Main,,Clinical,Student,Yes,\n"),
    );
    env.cs()
        .args(["onboard", "roster", "one.csv", "--out", "-"])
        .assert()
        .success();
}

/// O5 (decided): more than one location is known from the roster itself:
/// two distinct Location values without a State are refused, even when
/// the account's number of locations was not given.
#[test]
fn o5_a_roster_listing_two_locations_needs_a_state_for_every_user() {
    let env = TestEnv::new();
    let roster = format!(
        "{ROSTER_HEADER}\
dana@acme.org,Dana,Smith,Nurse,Main,,Clinical,Admin,Yes,\n\
sam@acme.org,Sam,Lee,Tech,North,,Lab,Student,Yes,\n"
    );
    env.write("users.csv", &roster);
    let out = env
        .cs()
        .args(["onboard", "roster", "users.csv", "--out", "clean.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains("users.csv: the roster lists 2 locations, so every user needs a State (O5)"),
        "{e}"
    );
    for line in [2, 3] {
        assert!(
            e.contains(&format!("users.csv:{line}: State: an answer is required")),
            "{e}"
        );
    }
    // The counts for a script.
    let out = env
        .cs()
        .args([
            "onboard",
            "roster",
            "users.csv",
            "--out",
            "clean.csv",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let counts: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        counts,
        json!({"read": 2, "clean": 0, "rejected": 2, "out": "clean.csv"})
    );
    // One location (the same one, written twice): no State needed.
    env.write(
        "one.csv",
        &format!("{ROSTER_HEADER}dana@acme.org,Dana,Smith,Nurse,Main,,Clinical,Admin,Yes,\nsam@acme.org,Sam,Lee,Tech, main ,,Lab,Student,Yes,\n"),
    );
    let out = env
        .cs()
        .args(["onboard", "roster", "one.csv", "--out", "clean.csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn o5_roster_missing_columns_write_nothing() {
    let env = TestEnv::new();
    env.write("users.csv", "Email,First Name\nx@y.org,X\n");
    let out = env
        .cs()
        .args(["onboard", "roster", "users.csv", "--out", "clean.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("users.csv:1: the roster lacks the columns Last Name, Position, Location, Department, Account Level, Send registration email"), "{}", stderr(&out));
    assert!(!env.path("clean.csv").exists());
    // A ragged row is reported, not dropped silently.
    env.write("ragged.csv", &format!("{ROSTER_HEADER}a@b.org,A,B\n"));
    let out = env
        .cs()
        .args(["onboard", "roster", "ragged.csv", "--out", "clean.csv"])
        .output()
        .unwrap();
    assert!(stderr(&out).contains("ragged.csv:2: the row has 3 fields where the header has 10"));
}

/// The checklist rules of a plan.
fn rules(p: &Value) -> Vec<String> {
    p["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rule"].as_str().unwrap().to_string())
        .collect()
}

fn draft<'a>(p: &'a Value, template: &str) -> Option<&'a Value> {
    p["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["template"] == template)
}

#[test]
fn o10_o11_o12_discovery_meeting_presentation_and_kyc_checklist() {
    let env = TestEnv::new();
    let p = plan(&env, TODAY, &["products=[Learning]"]);
    let r = rules(&p);
    for rule in ["O10", "O11", "O12"] {
        assert!(r.contains(&rule.to_string()), "{rule}: {r:?}");
    }
    let text = |rule: &str| {
        p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule"] == rule)
            .unwrap()["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(text("O10").contains("15-minute Google Meet with the RSM"));
    assert!(text("O10").contains("\"Discovery Meeting\""));
    // O10 (decided): the RSM meeting is for core accounts; a digital
    // account's CSM asks CS Operations for the context discussion only when
    // the discovery notes are lacking.
    assert!(!text("O10").contains("context discussion"));
    let digital = plan(&env, TODAY, &["products=[Learning]", "users=10", "mrr=100"]);
    let o10: Vec<&str> = digital["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rule"] == "O10")
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        o10,
        [
            "If the discovery notes of Acme Family Clinic are lacking, ask CS Operations to open a context discussion with the RSM and leadership."
        ]
    );
    assert!(text("O11").contains("Account Onboarding PPTX Templates"));
    assert!(text("O12").contains("export it as PDF and upload it to Notes and Attachments"));
}

#[test]
fn d5_d6_d7_a_digital_account_gets_the_dcsm_welcome_support_and_campaigns() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "users=10",
            "mrr=100",
            "kyc_link=https://forms.example.com/kyc",
        ],
    );
    // D7: the DCSM Day-1 welcome with the KYC link, not the core reminder.
    assert!(draft(&p, "CCSM / SCSM Welcome to MedTrainer!").is_none());
    let welcome = draft(&p, "DCSM Day 1 manual welcome email").expect("D7 welcome");
    let body = welcome["body"].as_str().unwrap();
    assert!(body.contains("https://forms.example.com/kyc"), "{body}");
    // D5: the support wording and contacts.
    for contact in [
        "support@medtrainer.com",
        "844.596.6553",
        "https://support.medtrainer.com/",
        "7:00 AM to 7:00 PM CST, Monday to Friday",
    ] {
        assert!(body.contains(contact), "{contact}: {body}");
    }
    let r = rules(&p);
    assert!(
        r.contains(&"D5".to_string()) && r.contains(&"D6".to_string()),
        "{r:?}"
    );
    // A core account gets the core reminder.
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "kyc_link=https://forms.example.com/kyc",
        ],
    );
    assert!(draft(&p, "CCSM / SCSM Welcome to MedTrainer!").is_some());
    assert!(draft(&p, "DCSM Day 1 manual welcome email").is_none());
}

#[test]
fn o9_a_cancellation_request_stops_the_adoption_steps() {
    let env = TestEnv::new();
    env.write("ob.yaml", BASE);
    env.write(
        "esc.yaml",
        "account_url: https://example.my.salesforce.com/001000000000001AAA\ncontact_name: Dana\nopportunities: [New business]\ntriggers: [downgrade]\nreason: Support Issues\nsecondary_reasons: [Delayed OB/Implementation]\ndescription: '11/20/26_MM:Admin asked to cancel during onboarding'\ndirectives: '11/20/26_MM:Cancel before billing starts'\n",
    );
    let out = env
        .cs()
        .args([
            "onboard",
            "--format",
            "json",
            "--escalation",
            "esc.yaml",
            "--set",
            "account_name=Acme",
            "--set",
            "account_id=001000000000001AAA",
            "--set",
            "products=[Learning]",
            "--set",
            "users=10",
            "--set",
            "mrr=100",
            "--set",
            "outcome=cancellation_requested",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    // O9 (decided): no step adds the admin to an adoption sequence, Day 1
    // included; the plan finishes the one the admin may already be in.
    assert!(steps(&p, "D2").is_empty(), "{:?}", steps(&p, "D2"));
    assert!(draft(&p, "DCSM Day 1 manual welcome email").is_none());
    assert!(
        !p.to_string()
            .contains("Add the admin to the Outreach sequence"),
        "{p}"
    );
    assert!(
        checklist(&p, "O9").contains(&"If the admin is already in the Outreach sequence \"DCSM Account Onboarding and Adoption\", finish (pause) it: its Day 30 adoption email is automated."),
        "{:?}",
        checklist(&p, "O9")
    );
    // Nor campaigns (D6), webinars (D3) or their recaps (D4) for an
    // account that is leaving.
    for rule in ["D3", "D4", "D6"] {
        assert!(
            checklist(&p, rule).is_empty(),
            "{rule}: {:?}",
            checklist(&p, rule)
        );
    }
    assert!(draft(&p, "DCSM Onboarding Recap").is_none());

    // The case is the onboarding account's: an escalation file whose link
    // names another account is refused.
    env.write(
        "other.yaml",
        "account_url: https://example.my.salesforce.com/001000000000007AAA\ncontact_name: Dana\nopportunities: [New business]\ntriggers: [downgrade]\nreason: Support Issues\nsecondary_reasons: [Delayed OB/Implementation]\ndescription: '11/20/26_MM:Admin asked to cancel'\ndirectives: '11/20/26_MM:Cancel before billing starts'\n",
    );
    let out = env
        .cs()
        .args(["onboard", "--format", "json", "--escalation", "other.yaml"])
        .args([
            "--set",
            "account_name=Acme",
            "--set",
            "account_id=001000000000001AAA",
        ])
        .args([
            "--set",
            "products=[Learning]",
            "--set",
            "users=10",
            "--set",
            "mrr=100",
        ])
        .args(["--set", "outcome=cancellation_requested"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the escalation answers link the case to the account 001000000000007AAA, but this onboarding is for 001000000000001AAA (O9)"),
        "{}",
        stderr(&out)
    );
}

/// O3: the stages of one account's onboarding (assigned, call scheduled,
/// call completed, LMS set up) update one Onboarding record: its key comes
/// from the account, not from the dates.
#[test]
fn o3_every_stage_of_an_onboarding_updates_one_record() {
    let env = TestEnv::new();
    let key = |p: &Value| {
        let r = p["records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["sobject"] == "Onboarding__c")
            .unwrap();
        r["external_id"]["value"].as_str().unwrap().to_string()
    };
    let stages = [
        vec!["products=[Learning]"],
        vec!["products=[Learning]", "call_scheduled_for=2026-11-18"],
        vec![
            "products=[Learning]",
            "call_scheduled_for=2026-11-18",
            "call_completed_date=2026-11-19",
        ],
        vec![
            "products=[Learning]",
            "call_scheduled_for=2026-11-18",
            "call_completed_date=2026-11-19",
            "lms_setup_completed_date=2026-11-20",
        ],
    ];
    let keys: Vec<String> = stages.iter().map(|s| key(&plan(&env, TODAY, s))).collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    // The account, not its name, is the record: renaming the account keeps
    // the record; another account is another record.
    let renamed = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "account_name=Acme Family Clinic, Inc.",
        ],
    );
    assert_eq!(key(&renamed), keys[0], "a renamed account keeps its record");
    let link = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "account_id=https://medtrainer.lightning.force.com/lightning/r/Account/001000000000001AAA/view",
        ],
    );
    assert_eq!(
        key(&link),
        keys[0],
        "the account's link names the same account"
    );
    let other = plan(
        &env,
        TODAY,
        &["products=[Learning]", "account_id=001000000000002AAA"],
    );
    assert_ne!(key(&other), keys[0], "another account is another record");
    let bad = onboard(&env, TODAY, &["products=[Learning]", "account_id=Acme"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("account_id: 'Acme' is not a Salesforce Id"),
        "{}",
        stderr(&bad)
    );
}

/// O12: kyc_pdf names the checklist exported as PDF; another file, or none,
/// is refused before anything is planned.
#[test]
fn o12_the_kyc_checklist_must_be_a_pdf() {
    let env = TestEnv::new();
    env.write("kyc.txt", "KYC answers\n");
    let out = onboard(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "call_completed_date=2026-11-19",
            "kyc_pdf=kyc.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "kyc_pdf: kyc.txt is not a PDF; O12 uploads the KYC OB Checklist exported as PDF."
        ),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    let out = onboard(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "call_completed_date=2026-11-19",
            "kyc_pdf=missing.pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("kyc_pdf: cannot read missing.pdf:"),
        "{}",
        stderr(&out)
    );
}

/// O1, B1: an account assigned on Thanksgiving is called the next business
/// day, and the checklist names that day as people write it.
#[test]
fn o1_b1_an_account_assigned_on_a_holiday_is_called_the_next_business_day() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "assigned_on=2026-11-26",
            "kyc_link=https://forms.example.com/kyc",
        ],
    );
    assert_eq!(p["summary"]["first_call_on"], "2026-11-27");
    assert_eq!(
        checklist(&p, "O1"),
        [
            "Call Acme Family Clinic on Friday, November 27, 2026 to introduce yourself and schedule the onboarding call; if there is no answer, send the welcome reminder with your KYC survey link."
        ]
    );
    assert_eq!(steps(&p, "O1")[0].0, "2026-11-27");
    assert!(draft(&p, "CCSM / SCSM Welcome to MedTrainer!").is_some());
}

/// O1: the reminder is for an admin who has not booked the call: once the
/// call is scheduled, neither the call that books it nor the reminder.
#[test]
fn o1_no_welcome_reminder_once_the_call_is_booked() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "call_scheduled_for=2026-11-24",
            "kyc_link=https://forms.example.com/kyc",
        ],
    );
    assert!(draft(&p, "CCSM / SCSM Welcome to MedTrainer!").is_none());
    assert!(checklist(&p, "O1").is_empty());
    assert!(steps(&p, "O1").is_empty());
}

/// O1 (decided): MT-CS-020 gives the same-day call to GameDay accounts
/// only; another digital account's first contact is the D2 Day-1 email.
#[test]
fn o1_d7_only_gameday_digital_accounts_get_the_same_day_call() {
    let env = TestEnv::new();
    let digital = ["products=[Learning]", "users=10", "mrr=100"];
    let p = plan(&env, TODAY, &digital);
    assert!(checklist(&p, "O1").is_empty(), "{:?}", checklist(&p, "O1"));
    assert!(steps(&p, "O1").is_empty());
    assert_eq!(
        steps(&p, "D2")[0].1,
        "DCSM Account Onboarding and Adoption: Day 1 manual welcome email"
    );
    let mut gameday = digital.to_vec();
    gameday.push("gameday=yes");
    let p = plan(&env, TODAY, &gameday);
    assert_eq!(checklist(&p, "O1").len(), 1);
    assert_eq!(steps(&p, "O1")[0].0, "2026-11-20");
}

/// D2 (decided): Day 1 is the day of assignment, each step moves to the
/// next business day and never lands on or before an earlier step's day:
/// assigned on Christmas Day, Day 1 is Monday December 28 and Day 4 the
/// Tuesday after, not the same Monday.
#[test]
fn d2_b1_steps_keep_their_own_days_across_christmas() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &[
            "products=[Learning]",
            "users=10",
            "mrr=100",
            "assigned_on=2026-12-25",
        ],
    );
    let days: Vec<(String, String)> = steps(&p, "D2");
    let date = |day: &str| {
        days.iter()
            .find(|(_, a)| a.contains(day))
            .map(|(d, _)| d.clone())
            .unwrap()
    };
    assert_eq!(date("Day 1 "), "2026-12-28");
    assert_eq!(date("Day 4 "), "2026-12-29");
    // Day 30 (January 23, a Saturday) moves to Monday January 25; both of
    // its steps stay on that day.
    let day30: Vec<&String> = days
        .iter()
        .filter(|(_, a)| a.contains("Day 30"))
        .map(|(d, _)| d)
        .collect();
    assert_eq!(day30, ["2027-01-25", "2027-01-25"]);
    assert!(
        checklist(&p, "D2")[0].ends_with("on Monday, December 28, 2026."),
        "{:?}",
        checklist(&p, "D2")
    );
}

/// O3, B1: an onboarding call answered for Thanksgiving is warned, as a
/// training date on a day off is.
#[test]
fn o3_b1_an_onboarding_call_on_a_holiday_is_warned() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &["products=[Learning]", "call_scheduled_for=2026-11-26"],
    );
    assert_eq!(
        warnings(&p),
        [
            "call_scheduled_for: Thursday, November 26, 2026 is not a business day (B1); the onboarding call falls on a day off (Thanksgiving Day)"
        ]
    );
    // Warned, not moved: the step, the record and the recap keep the day answered.
    assert_eq!(steps(&p, "O7")[0].0, "2026-11-26");
    assert_eq!(p["summary"]["call_date"], "2026-11-26");
    let p = plan(
        &env,
        TODAY,
        &["products=[Learning]", "call_scheduled_for=2026-11-24"],
    );
    assert!(warnings(&p).is_empty(), "{:?}", warnings(&p));
}

/// D1: a franchise has multiple locations; one is warned.
#[test]
fn d1_a_franchise_with_one_location_is_warned() {
    let env = TestEnv::new();
    let digital = [
        "products=[Learning]",
        "users=10",
        "mrr=100",
        "franchise=yes",
        "admin_email=lee@franchise.test",
        "csm_email=maria@medtrainer.test",
    ];
    let p = plan(&env, TODAY, &digital);
    assert_eq!(
        warnings(&p),
        [
            "locations: a franchise has multiple locations (D1), but the account's number of locations is 1 (or not given); give it with --set locations=N, or answer franchise=no"
        ]
    );
    let mut three = digital.to_vec();
    three.push("locations=3");
    assert!(warnings(&plan(&env, TODAY, &three)).is_empty());
}

/// D4, D5: the plan says when the recap goes (right after each webinar,
/// by the end of its day) and carries the SOP's reasons to use Support.
#[test]
fn d4_d5_the_recap_is_dated_and_support_comes_with_its_reasons() {
    let env = TestEnv::new();
    let p = plan(
        &env,
        TODAY,
        &["products=[Learning, Compliance]", "users=10", "mrr=100"],
    );
    assert_eq!(
        checklist(&p, "D4"),
        [
            "After each training webinar, send the admin the training recap (participants, modules, pending subjects, relevant links) right after the session, at the latest by the end of that day: Learning on Tuesday, November 24, 2026; Compliance on Thursday, December 3, 2026."
        ]
    );
    let d5 = checklist(&p, "D5")[0];
    for reason in [
        "95%+ call answer rate",
        "under 1 hour ticket resolution",
        "extended support hours",
    ] {
        assert!(d5.contains(reason), "{d5}");
    }
}

/// O13, O7: the call sets expectations product by product; the wrap-up
/// proposes times when sessions are not scheduled and sends what is
/// outside the CSM's scope to the TL.
#[test]
fn o13_o7_expectations_per_product_and_the_wrap_up() {
    let env = TestEnv::new();
    let p = plan(&env, TODAY, &["products=[Compliance]"]);
    let o13 = checklist(&p, "O13");
    assert_eq!(o13.len(), 1);
    assert!(
        o13[0].starts_with("On the onboarding call, set expectations according to the signed contract: explain what each product acquired includes. Compliance: Documents & Policies"),
        "{o13:?}"
    );
    assert!(
        !o13[0].contains("Learning:"),
        "only the products acquired: {o13:?}"
    );
    let o7 = checklist(&p, "O7").join(" ");
    assert!(o7.contains("propose times in the recap"), "{o7}");
    assert!(
        o7.contains("anything outside your scope goes to your TL"),
        "{o7}"
    );
}
