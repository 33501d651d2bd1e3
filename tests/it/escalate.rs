//! `cs escalate` (MT-CS-005): rules E1-E10 and N2-N4, end to end, with the
//! outputs compared against committed expected files (refresh them with
//! `CS_BLESS=1 cargo test`, then read the diff).

use crate::common::*;
use serde_json::{Value, json};

fn expected(name: &str) -> std::path::PathBuf {
    repo().join("tests/expected/escalate").join(name)
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap() + "\n"
}

/// `cs escalate ARGS --format json` with the example answers and extra --set.
fn create(env: &TestEnv, sets: &[&str]) -> std::process::Output {
    let mut c = env.cs();
    c.arg("escalate")
        .arg("--answers")
        .arg(repo().join("examples/escalation.yaml"))
        .args(["--format", "json"]);
    for s in sets {
        c.args(["--set", s]);
    }
    c.output().unwrap()
}

fn plan_of(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn advance(env: &TestEnv, sets: &[&str]) -> std::process::Output {
    let mut c = env.cs();
    c.args([
        "escalate",
        "advance",
        "--format",
        "json",
        "--set",
        "case_id=5003",
    ]);
    for s in sets {
        c.args(["--set", s]);
    }
    c.output().unwrap()
}

#[test]
fn e3_case_record_matches_the_expected_file() {
    let env = TestEnv::new();
    let p = plan_of(&create(&env, &[]));
    assert_committed(
        &expected("case.json"),
        &pretty(&p["records"][0]),
        "CS_BLESS=1 cargo test escalate::",
    );
    let case = &p["records"][0];
    assert_eq!(case["record_type"], "Escalations");
    assert_eq!(
        case["fields"]["Subject"],
        "Cancelation Request - Acme Family Clinic"
    );
    assert_eq!(
        case["fields"]["Description"],
        "11/20/26_MM:Customer called support and asked to cancel"
    );
    assert_eq!(p["summary"]["category"], "Price-Related");

    let p = plan_of(&create(&env, &["cancellation=no"]));
    assert_eq!(
        p["records"][0]["fields"]["Subject"],
        "Escalation - Acme Family Clinic"
    );
}

/// E3 (decided): a case is never written without its account: a link
/// that holds no Salesforce account Id is refused at its field, and a
/// Salesforce link to another object's record too.
#[test]
fn e3_an_account_link_without_an_account_id_is_refused() {
    let env = TestEnv::new();
    for (link, why) in [
        (
            "https://acme.my.salesforce.com/lightning/page/home",
            "account_url: 'https://acme.my.salesforce.com/lightning/page/home' holds no Salesforce Account Id: give the link to the Account record in Salesforce (its address holds the Id)",
        ),
        (
            "https://example.com/acme",
            "account_url: 'https://example.com/acme' is not a Salesforce link",
        ),
        (
            "https://evil.example.com/phish/001000000000001AAA",
            "account_url: 'https://evil.example.com/phish/001000000000001AAA' is not a Salesforce link: give the link to the Account record in Salesforce (on my.salesforce.com or lightning.force.com)",
        ),
        (
            "https://medtrainer.lightning.force.com/lightning/r/Contact/003000000000001AAA/view",
            "account_url: '003000000000001AAA' is the Id of a record of Contact: it is not the Id of a record of Account (those start with 001)",
        ),
    ] {
        let out = create(&env, &[&format!("account_url={link}")]);
        assert_eq!(out.status.code(), Some(1), "{link}");
        assert!(stderr(&out).contains(why), "{}", stderr(&out));
    }
    // A Lightning link to the account gives the case its AccountId.
    let p = plan_of(&create(
        &env,
        &[
            "account_url=https://medtrainer.lightning.force.com/lightning/r/Account/001000000000001AAA/view",
        ],
    ));
    assert_eq!(p["records"][0]["fields"]["AccountId"], "001000000000001AAA");
}

#[test]
fn e4_fmc_accounts_get_the_slack_message_with_five_details() {
    let env = TestEnv::new();
    let p = plan_of(&create(&env, &["case_number=00012345"]));
    let m = &p["messages"][0];
    assert_committed(
        &expected("slack.json"),
        &pretty(m),
        "CS_BLESS=1 cargo test escalate::",
    );
    assert_eq!(m["channel"], "slack");
    let text = m["text"].as_str().unwrap();
    for detail in [
        "Acme Family Clinic",
        "$1,250.50",
        "https://medtrainer.my.salesforce.com/001000000000001AAA",
        "Pricing Issues",
        "00012345",
    ] {
        assert!(
            text.contains(detail),
            "fallback text lacks {detail}: {text}"
        );
        assert!(
            m["blocks"].to_string().contains(detail),
            "blocks lack {detail}"
        );
    }
    assert_eq!(m["blocks"][0]["type"], "header");
    assert_eq!(m["blocks"][1]["fields"].as_array().unwrap().len(), 5);
    assert!(
        p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["rule"] == "E4")
    );

    // Slack's reserved characters are escaped in mrkdwn.
    let p = plan_of(&create(&env, &["account_name=Smith & Sons <Dental>"]));
    assert_eq!(
        p["messages"][0]["blocks"][1]["fields"][0]["text"],
        "*Account Name*\nSmith &amp; Sons &lt;Dental&gt;"
    );

    let p = plan_of(&create(&env, &["fmc=no"]));
    assert!(p["messages"].as_array().unwrap().is_empty());
    assert!(
        !p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["rule"] == "E4")
    );
}

#[test]
fn e5_e10_schedule_matches_the_expected_file() {
    let env = TestEnv::new();
    // An unresponsive account: the E5 call and the E10 cadence.
    let p = plan_of(&create(
        &env,
        &["triggers=[upset, unresponsive_after_issue]"],
    ));
    assert_committed(
        &expected("schedule.json"),
        &pretty(&p["schedule"]),
        "CS_BLESS=1 cargo test escalate::",
    );
    let steps = p["schedule"].as_array().unwrap();
    // E5: the TL's call within 24 hours (today is Friday 2026-11-20), on a
    // business day (B1): Monday, not Saturday.
    let call: Vec<&Value> = steps.iter().filter(|s| s["rule"] == "E5").collect();
    assert_eq!(call.len(), 1);
    assert_eq!(call[0]["date"], "2026-11-23");
    assert!(
        call[0]["action"]
            .as_str()
            .unwrap()
            .contains("The TL contacts Dana Smith directly")
    );
    // E10: ten consecutive business days from today.
    let days: Vec<&str> = steps
        .iter()
        .filter(|s| s["rule"] == "E10")
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        days,
        [
            "2026-11-20",
            "2026-11-23",
            "2026-11-24",
            "2026-11-25",
            // Thanksgiving, 2026-11-26, is not a business day (B1).
            "2026-11-27",
            "2026-11-30",
            "2026-12-01",
            "2026-12-02",
            "2026-12-03",
            "2026-12-04"
        ]
    );
}

#[test]
fn e10_the_cadence_is_for_unresponsive_accounts_only() {
    let env = TestEnv::new();
    let rules = |p: &Value, key: &str| -> usize {
        p[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["rule"] == "E10")
            .count()
    };
    // A customer who called to cancel is talking to us: the call, no cadence.
    let p = plan_of(&create(&env, &[]));
    assert_eq!(rules(&p, "schedule"), 0);
    assert_eq!(rules(&p, "checklist"), 0);
    assert_eq!(p["summary"]["unresponsive"], false);
    for trigger in ["unresponsive_after_issue", "disengaged"] {
        let p = plan_of(&create(&env, &[&format!("triggers=[{trigger}]")]));
        assert_eq!(rules(&p, "schedule"), 10, "{trigger}");
        assert_eq!(rules(&p, "checklist"), 1, "{trigger}");
    }
}

#[test]
fn e5_b1_the_call_is_the_same_business_day_or_the_next() {
    let env = TestEnv::new();
    for (today, call) in [
        ("2026-11-24", "2026-11-24"), // Tuesday: the same day
        ("2026-11-20", "2026-11-23"), // Friday: Monday
        ("2026-11-21", "2026-11-23"), // Saturday: Monday
        ("2026-11-25", "2026-11-27"), // the day before Thanksgiving: Friday
        ("2026-12-31", "2027-01-04"), // before New Year's Day and a weekend
        // With the time it came in: after business hours (17:00 in the
        // built-in calendar), the next business day.
        ("2026-11-24T16:59", "2026-11-24"),
        ("2026-11-24T17:00", "2026-11-25"),
        ("2026-11-24 07:30", "2026-11-24"),
        ("2026-11-25T18:00", "2026-11-27"), // evening before Thanksgiving
    ] {
        let out = env
            .cs()
            .args([
                "--today",
                today,
                "escalate",
                "--format",
                "json",
                "--answers",
            ])
            .arg(repo().join("examples/escalation.yaml"))
            .output()
            .unwrap();
        let p = plan_of(&out);
        let e5: Vec<&str> = p["schedule"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["rule"] == "E5")
            .map(|s| s["date"].as_str().unwrap())
            .collect();
        assert_eq!(e5, [call], "escalated on {today}");
        assert_eq!(p["summary"]["call_by"], call, "escalated on {today}");
    }

    // An organization's calendar without business_hours_end: the time of
    // day does not move the call.
    let cal = std::fs::read_to_string(repo().join("playbooks/calendar.yaml")).unwrap();
    env.write(
        "org/calendar.yaml",
        &cal.replace("business_hours_end: \"17:00\"\n", ""),
    );
    let out = env
        .cs()
        .args(["--playbooks", "org", "--today", "2026-11-24T20:00"])
        .args(["escalate", "--format", "json", "--answers"])
        .arg(repo().join("examples/escalation.yaml"))
        .output()
        .unwrap();
    assert_eq!(plan_of(&out)["summary"]["call_by"], "2026-11-24");

    let out = env
        .cs()
        .args(["--today", "2026-11-24T25:00", "escalate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("'2026-11-24T25:00' is not a date; write YYYY-MM-DD (or YYYY-MM-DDTHH:MM)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn e1_triggers_are_required_and_from_the_sop() {
    let env = TestEnv::new();
    let out = create(&env, &["triggers=[]"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("triggers: at least 1 entry is needed"),
        "{}",
        stderr(&out)
    );
    let out = create(&env, &["triggers=[angry]"]);
    assert!(stderr(&out).contains(
        "triggers: 'angry' is not one of: upset, disengaged, past_due, reluctant_to_pay, unresponsive_after_issue, asks_for_higher_up, downgrade"
    ));
    // By label, any case.
    let p = plan_of(&create(&env, &["triggers=[account past due, DOWNGRADE]"]));
    assert_eq!(p["answers"]["triggers"], json!(["past_due", "downgrade"]));
    assert_eq!(
        p["checklist"][0]["text"],
        "Escalated because: Account past due, Wants to downgrade (remove a product, module or users)."
    );
}

#[test]
fn e2_secondary_reasons_belong_to_the_reason_and_competitors_are_named() {
    let env = TestEnv::new();
    let out = create(&env, &["secondary_reasons=[Low Usage]"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("secondary_reasons: 'Low Usage' is not a secondary reason of Pricing Issues")
    );

    let out = create(&env, &["reason=Competitor Switching"]);
    let e = stderr(&out);
    assert!(
        e.contains("secondary_reasons: applies only when reason != \"Competitor Switching\""),
        "{e}"
    );
    assert!(e.contains("competitor: an answer is required"), "{e}");

    let mut c = env.cs();
    let out = c
        .args(["escalate", "--format", "json", "--answers"])
        .arg(repo().join("examples/escalation.yaml"))
        .args([
            "--set",
            "reason=competitor switching",
            "--set",
            "competitor=Acme LMS",
        ])
        .output()
        .unwrap();
    // The example's secondary reasons do not apply to Competitor Switching.
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("secondary_reasons: applies only when"));
    env.write(
        "switch.yaml",
        &std::fs::read_to_string(repo().join("examples/escalation.yaml"))
            .unwrap()
            .replace("secondary_reasons: [Too expensive]\n", "")
            .replace(
                "reason: Pricing Issues",
                "reason: Competitor Switching\ncompetitor: Acme LMS",
            ),
    );
    let out = env
        .cs()
        .args(["escalate", "--format", "json", "--answers", "switch.yaml"])
        .output()
        .unwrap();
    let p = plan_of(&out);
    assert_eq!(p["records"][0]["fields"]["Competitor__c"], "Acme LMS");
    assert_eq!(p["summary"]["category"], "Competition-Related");
}

#[test]
fn n2_directives_are_one_valid_note() {
    let env = TestEnv::new();
    let out = create(&env, &["directives=Offer a discount"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("directives: a note is written MM/DD/YY_Initials:Action"));
    env.write(
        "two.yaml",
        &std::fs::read_to_string(repo().join("examples/escalation.yaml"))
            .unwrap()
            .replace(
                "directives: \"11/20/26_MM: Offer 10% discount for 12 months\"",
                "directives: \"11/20/26_MM:Offer 10%\\n11/20/26_MM:Waive fees\"",
            ),
    );
    let out = env
        .cs()
        .args(["escalate", "--answers", "two.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("directives: a note is one line"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_input_reports_every_field_and_emits_nothing() {
    let env = TestEnv::new();
    let out = create(
        &env,
        &[
            "account_url=example.com",
            "mrr=lots",
            "description=called",
            "triggers=[nope]",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let e = stderr(&out);
    assert!(
        e.contains("4 fields of the escalation playbook need a valid answer; nothing was written."),
        "{e}"
    );
    for key in ["account_url:", "mrr:", "description:", "triggers:"] {
        assert!(e.contains(&format!("  {key}")), "{key} missing in {e}");
    }
}

/// The allowed moves of E9, as the SOP-RULES decision states them.
fn allowed(from: &str) -> Vec<&'static str> {
    match from {
        "new" => vec!["call_scheduled", "cant_reach_client"],
        "call_scheduled" => vec!["call_completed", "cant_reach_client"],
        "call_completed" => vec!["waiting_approval", "cant_reach_client"],
        "waiting_approval" => vec!["approved", "denied", "cant_reach_client"],
        "denied" => vec!["waiting_approval", "cant_reach_client"],
        // E9: the customer rejects the approved resolution: renegotiated.
        "approved" => vec!["waiting_approval"],
        _ => vec![],
    }
}

/// The answers each target status needs.
fn needs(from: &str, to: &str) -> Vec<String> {
    let mut v = match to {
        "call_scheduled" => vec!["case_created=2026-11-20", "call_scheduled_for=2026-11-20"],
        "call_completed" => vec![
            "call_completed_date=2026-11-20",
            "resolution_offered=10% off for a year",
        ],
        "cant_reach_client" => vec!["contact_attempts=10"],
        "approved" | "denied" => vec!["accounting_decision=11/20/26_AC:Decided"],
        _ => vec![],
    };
    if (from == "denied" || from == "approved") && to == "waiting_approval" {
        v.push("renegotiation=11/20/26_TL:Renegotiated to 5%");
    }
    v.into_iter().map(String::from).collect()
}

const STATUSES: [&str; 7] = [
    "new",
    "call_scheduled",
    "call_completed",
    "waiting_approval",
    "approved",
    "denied",
    "cant_reach_client",
];

#[test]
fn e9_status_machine_allows_exactly_the_decided_moves() {
    let env = TestEnv::new();
    for from in STATUSES {
        for to in STATUSES {
            let mut sets = vec![format!("current_status={from}"), format!("status={to}")];
            sets.extend(needs(from, to));
            let sets: Vec<&str> = sets.iter().map(String::as_str).collect();
            let out = advance(&env, &sets);
            if allowed(from).contains(&to) {
                let p = plan_of(&out);
                assert_eq!(p["summary"]["to"], to);
                assert_eq!(p["records"][0]["operation"], "update");
                assert_eq!(p["records"][0]["fields"]["Id"], "5003");
            } else {
                assert_eq!(
                    out.status.code(),
                    Some(1),
                    "{from} -> {to} should be refused"
                );
                assert!(out.stdout.is_empty());
                assert!(
                    stderr(&out).contains("(E9)"),
                    "{from} -> {to}: {}",
                    stderr(&out)
                );
            }
        }
    }
}

#[test]
fn e9_an_approved_resolution_the_customer_rejects_is_renegotiated() {
    let env = TestEnv::new();
    let out = advance(
        &env,
        &["current_status=approved", "status=waiting_approval"],
    );
    assert!(
        stderr(&out).contains("renegotiation: an answer is required"),
        "{}",
        stderr(&out)
    );
    let p = plan_of(&advance(
        &env,
        &[
            "current_status=approved",
            "status=waiting_approval",
            "renegotiation=11/20/26_TL:Customer rejected 10%; offering 15%",
        ],
    ));
    assert_eq!(p["records"][0]["fields"]["Status"], "Waiting Approval");
    assert_eq!(
        p["records"][0]["fields"]["Renegotiation__c"],
        "11/20/26_TL:Customer rejected 10%; offering 15%"
    );
    assert!(
        p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["rule"] == "E9"
                && c["text"]
                    .as_str()
                    .unwrap()
                    .contains("did not accept the approved resolution")),
        "{}",
        p["checklist"]
    );
}

#[test]
fn e5_case_created_is_optional_and_the_warning_needs_it() {
    let env = TestEnv::new();
    let p = plan_of(&advance(
        &env,
        &[
            "current_status=new",
            "status=call_scheduled",
            "call_scheduled_for=2026-11-23",
        ],
    ));
    assert_eq!(p["records"][0]["fields"]["Status"], "Call Scheduled");
    assert!(
        p["warnings"].as_array().unwrap().is_empty(),
        "{}",
        p["warnings"]
    );
}

#[test]
fn e9_an_illegal_move_names_the_allowed_statuses() {
    let env = TestEnv::new();
    let out = advance(
        &env,
        &[
            "current_status=denied",
            "status=approved",
            "accounting_decision=11/20/26_AC:Yes",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(
        "error: a case cannot move from Denied to Approved (E9); from Denied it may move to: Waiting Approval, Can't Reach Client."
    ));
    let out = advance(&env, &["current_status=cant_reach_client", "status=New"]);
    assert!(
        stderr(&out).contains(
            "a case cannot move from Can't Reach Client to New (E9): Can't Reach Client is final."
        ),
        "{}",
        stderr(&out)
    );
    // The move is checked before any other answer is asked for.
    let out = advance(&env, &["current_status=new", "status=approved"]);
    assert_eq!(
        stderr(&out),
        "error: a case cannot move from New to Approved (E9); from New it may move to: Call Scheduled, Can't Reach Client.\n"
    );
    // Denied -> Waiting Approval is the renegotiation, and needs its note.
    let out = advance(&env, &["current_status=denied", "status=waiting_approval"]);
    assert!(stderr(&out).contains("renegotiation: an answer is required"));
}

#[test]
fn e5_a_call_later_than_24_hours_is_a_warning() {
    let env = TestEnv::new();
    let out = advance(
        &env,
        &[
            "current_status=new",
            "status=call_scheduled",
            "case_created=2026-11-18",
            "call_scheduled_for=2026-11-20",
        ],
    );
    let p = plan_of(&out);
    assert_eq!(p["records"][0]["fields"]["Status"], "Call Scheduled");
    assert_eq!(
        p["records"][0]["fields"]["Call_Scheduled_For__c"],
        "2026-11-20"
    );
    assert_eq!(
        p["warnings"][0],
        "call_scheduled_for: the call is scheduled for Friday, November 20, 2026, after Wednesday, November 18, 2026, the deadline for a case created on Wednesday, November 18, 2026 (E5 asks for a call within 24 hours)"
    );
    let p = plan_of(&advance(
        &env,
        &[
            "current_status=new",
            "status=call_scheduled",
            "case_created=2026-11-19",
            "call_scheduled_for=2026-11-19",
        ],
    ));
    assert!(p["warnings"].as_array().unwrap().is_empty());
    // The next day: on time only for a case that came in after hours,
    // which the warning says.
    let p = plan_of(&advance(
        &env,
        &[
            "current_status=new",
            "status=call_scheduled",
            "case_created=2026-11-19",
            "call_scheduled_for=2026-11-20",
        ],
    ));
    assert_eq!(
        p["warnings"][0],
        "call_scheduled_for: the call is scheduled for Friday, November 20, 2026, after Thursday, November 19, 2026, the deadline for a case created on Thursday, November 19, 2026 (E5 asks for a call within 24 hours); if the case came in after business hours, its deadline is Friday, November 20, 2026 and the call is on time"
    );
    let out = advance(
        &env,
        &[
            "current_status=new",
            "status=call_scheduled",
            "case_created=2026-11-19",
        ],
    );
    assert!(stderr(&out).contains("call_scheduled_for: an answer is required"));
}

/// E5 (decided): the check of an answered call uses the plan's deadline: a
/// case created on a Friday is called on Monday on time (the day
/// `cs escalate` itself plans); a call on a Saturday is warned (B1).
#[test]
fn e5_b1_a_friday_case_called_on_monday_is_on_time_and_a_saturday_call_is_warned() {
    let env = TestEnv::new();
    let call = |created: &str, call: &str| {
        plan_of(&advance(
            &env,
            &[
                "current_status=new",
                "status=call_scheduled",
                &format!("case_created={created}"),
                &format!("call_scheduled_for={call}"),
            ],
        ))
    };
    // Friday 11-13, Monday 11-16.
    assert!(warnings(&call("2026-11-13", "2026-11-16")).is_empty());
    // Before Thanksgiving (Wednesday 11-25): Friday 11-27 is the next business day.
    assert!(warnings(&call("2026-11-25", "2026-11-27")).is_empty());
    // Tuesday the next week is late.
    assert_eq!(
        warnings(&call("2026-11-13", "2026-11-17")),
        [
            "call_scheduled_for: the call is scheduled for Tuesday, November 17, 2026, after Monday, November 16, 2026, the deadline for a case created on Friday, November 13, 2026 (E5 asks for a call within 24 hours)"
        ]
    );
    // Saturday 11-14, within the deadline but on a day off.
    assert_eq!(
        warnings(&call("2026-11-13", "2026-11-14")),
        [
            "call_scheduled_for: Saturday, November 14, 2026 is not a business day (B1); the call with the client falls on a day off (a weekend)"
        ]
    );
    // And the plan of `cs escalate` on a Friday dates the call Monday.
    let out = env
        .cs()
        .args(["--today", "2026-11-13", "escalate", "--format", "json"])
        .args([
            "--answers",
            &repo()
                .join("examples/escalation.yaml")
                .display()
                .to_string(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["summary"]["call_by"], "2026-11-16");
}

/// E11: each status move names the role that makes it, as playbook data:
/// the advance plan says who makes its move, the case's plan lists every
/// step, and the prompt's help names the same roles.
#[test]
fn e11_each_move_names_the_role_that_makes_it() {
    let env = TestEnv::new();
    for (from, to, extra, role) in [
        (
            "new",
            "call_scheduled",
            "call_scheduled_for=2026-11-23",
            "the CSM or TL",
        ),
        (
            "call_scheduled",
            "call_completed",
            "call_completed_date=2026-11-20",
            "the TL",
        ),
        ("call_completed", "waiting_approval", "", "the TL"),
        (
            "waiting_approval",
            "approved",
            "accounting_decision=11/20/26_AC:Approved",
            "Accounting",
        ),
        (
            "waiting_approval",
            "denied",
            "accounting_decision=11/20/26_AC:Denied",
            "Accounting",
        ),
        ("new", "cant_reach_client", "contact_attempts=10", "the TL"),
    ] {
        let mut sets = vec![format!("current_status={from}"), format!("status={to}")];
        if !extra.is_empty() {
            sets.push(extra.to_string());
        }
        if to == "call_completed" {
            sets.push("resolution_offered=10% off".into());
        }
        let sets: Vec<&str> = sets.iter().map(String::as_str).collect();
        let p = plan_of(&advance(&env, &sets));
        assert_eq!(p["summary"]["role"], role, "{to}");
        let e11: Vec<&str> = p["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["rule"] == "E11")
            .map(|c| c["text"].as_str().unwrap())
            .collect();
        assert_eq!(e11.len(), 1, "{to}");
        assert!(e11[0].ends_with(&format!("is made by {role}.")), "{e11:?}");
    }
    let p = plan_of(&create(&env, &[]));
    let e11 = p["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "E11")
        .unwrap();
    assert_eq!(
        e11["text"],
        "Each step of the case and who fills in its fields: Call Scheduled, the CSM or TL; Call Completed, the TL; Waiting Approval, the TL; Approved, Accounting; Denied, Accounting; Can't Reach Client, the TL."
    );
    // The prompt's help names each status's role as the statuses give it.
    let pb: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(repo().join("playbooks/escalation.yaml")).unwrap(),
    )
    .unwrap();
    let help = pb["forms"]["advance"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "status")
        .unwrap()["help"]
        .as_str()
        .unwrap()
        .to_string();
    for s in pb["statuses"].as_array().unwrap() {
        if let Some(role) = s["role"].as_str() {
            let label = s["label"].as_str().unwrap();
            let at = help
                .find(label)
                .unwrap_or_else(|| panic!("{label}: {help}"));
            let after = &help[at..];
            let clause = &after[..after.find(';').or(after.find('.')).unwrap()];
            assert!(clause.ends_with(role), "{label} -> {role}: {help}");
        }
    }
}

/// E6: after the call, Call Completed Date (not in the future) and
/// Resolution Offered are required and written to the case.
#[test]
fn e6_call_completed_needs_the_date_and_the_resolution() {
    let env = TestEnv::new();
    let out = advance(
        &env,
        &["current_status=call_scheduled", "status=call_completed"],
    );
    let e = stderr(&out);
    assert!(
        e.contains("call_completed_date: an answer is required"),
        "{e}"
    );
    assert!(
        e.contains("resolution_offered: an answer is required"),
        "{e}"
    );
    let out = advance(
        &env,
        &[
            "current_status=call_scheduled",
            "status=call_completed",
            "call_completed_date=2026-11-23",
            "resolution_offered=x",
        ],
    );
    assert!(stderr(&out).contains(
        "call_completed_date (Monday, November 23, 2026) is after today (Friday, November 20, 2026)"
    ));
    let p = plan_of(&advance(
        &env,
        &[
            "current_status=call_scheduled",
            "status=call_completed",
            "call_completed_date=2026-11-20",
            "resolution_offered=10% off for a year",
        ],
    ));
    let f = &p["records"][0]["fields"];
    assert_eq!(f["Status"], "Call Completed");
    assert_eq!(f["Resolution_Offered__c"], "10% off for a year");
    let e6 = p["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "E6")
        .unwrap();
    assert!(
        e6["text"]
            .as_str()
            .unwrap()
            .contains("move the case to Waiting Approval")
    );
}

#[test]
fn e7_cant_reach_needs_ten_attempts() {
    let env = TestEnv::new();
    let out = advance(
        &env,
        &[
            "current_status=waiting_approval",
            "status=cant_reach_client",
            "contact_attempts=9",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("contact_attempts: 9 is below the minimum of 10"));
    let p = plan_of(&advance(
        &env,
        &[
            "current_status=new",
            "status=cant_reach_client",
            "contact_attempts=10",
        ],
    ));
    let f = &p["records"][0]["fields"];
    assert_eq!(f["Status"], "Can't Reach Client");
    assert_eq!(f["Cant_Reach_Client_Send_Final__c"], true);
    assert_eq!(f["Contact_Attempts__c"], 10);
}

/// E8: Accounting approves or denies the resolution; its decision is
/// required and recorded with the Denied (or Approved) status.
#[test]
fn e8_accounting_decision_is_recorded() {
    let env = TestEnv::new();
    let out = advance(
        &env,
        &["current_status=waiting_approval", "status=approved"],
    );
    assert!(stderr(&out).contains("accounting_decision: an answer is required"));
    let p = plan_of(&advance(
        &env,
        &[
            "current_status=waiting_approval",
            "status=denied",
            "accounting_decision=11/20/26_AC: Denied, too steep",
        ],
    ));
    let f = &p["records"][0]["fields"];
    assert_eq!(f["Status"], "Denied");
    assert_eq!(f["Accounting_Decision__c"], "11/20/26_AC:Denied, too steep");
    assert!(f.get("Cant_Reach_Client_Send_Final__c").is_none());
}

#[test]
fn n3_a_note_never_replaces_the_notes_it_does_not_know() {
    let env = TestEnv::new();
    let args = [
        "escalate",
        "note",
        "--format",
        "json",
        "--set",
        "case_id=5003",
        "--set",
        "note=11/20/26_MM: Called",
    ];
    let out = env.cs().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("without the case's notes as they are, this plan would replace its Escalation Notes with today's note alone; nothing was written."),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--existing FILE"), "{}", stderr(&out));
    // The first note of a case starts its notes.
    let p = plan_of(&env.cs().args(args).arg("--first").output().unwrap());
    assert_eq!(
        p["records"][0]["fields"]["Escalation_Notes__c"],
        "11/20/26_MM:Called"
    );
}

#[test]
fn n3_one_escalation_note_a_day() {
    let env = TestEnv::new();
    env.write(
        "notes.txt",
        "11/18/26_MM:Called, no answer\r\n\r\n11/19/26_MM: Emailed the admin\n",
    );
    let out = env
        .cs()
        .args([
            "escalate",
            "note",
            "--format",
            "json",
            "--existing",
            "notes.txt",
            "--set",
            "case_id=5003",
            "--set",
            "note=11/20/26_MM: Called again",
        ])
        .output()
        .unwrap();
    let p = plan_of(&out);
    assert_eq!(
        p["records"][0]["fields"]["Escalation_Notes__c"],
        "11/18/26_MM:Called, no answer\n11/19/26_MM: Emailed the admin\n11/20/26_MM:Called again"
    );
    assert_eq!(p["summary"]["notes_count"], 3);

    env.write("today.txt", "11/19/26_MM:Emailed\n11/20/26_MM:Called\n");
    let args = [
        "escalate",
        "note",
        "--format",
        "json",
        "--existing",
        "today.txt",
        "--set",
        "case_id=5003",
        "--set",
        "note=11/20/26_MM:Called again",
    ];
    let out = env.cs().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("today.txt:2: the Escalation Notes already have a note for 11/20/26")
    );
    assert!(stderr(&out).contains("hint: add --force"));
    let p = plan_of(&env.cs().args(args).arg("--force").output().unwrap());
    assert_eq!(p["summary"]["notes_count"], 3);

    // From stdin; an old malformed note and a note not dated today are warnings.
    let out = env
        .cs()
        .args([
            "escalate",
            "note",
            "--format",
            "json",
            "--existing",
            "-",
            "--set",
            "case_id=5003",
            "--set",
            "note=11/19/26_MM:Late entry",
        ])
        .write_stdin("11/17/26 MM called\n11/18/26_MM:Called\n")
        .output()
        .unwrap();
    let p = plan_of(&out);
    let w = p["warnings"].as_array().unwrap();
    assert!(
        w[0].as_str()
            .unwrap()
            .starts_with("<stdin>:1: an existing note is not in N1 form"),
        "{w:?}"
    );
    assert!(
        w[1].as_str().unwrap().contains("not today (2026-11-20)"),
        "{w:?}"
    );
}

#[test]
fn e10_n4_cadence_csv_matches_the_expected_file() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args([
            "escalate",
            "cadence",
            "--set",
            "account_name=Acme Family Clinic",
            "--set",
            "initials=MM",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_committed(
        &expected("cadence.csv"),
        &stdout(&out),
        "CS_BLESS=1 cargo test escalate::",
    );
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 10, "one entry per business day");
    for row in &rows {
        assert!(!matches!(&row[1], "Saturday" | "Sunday"));
        assert_eq!(&row[3], "email, phone");
        assert_eq!(&row[4], "E10");
        // N4: the note that proves the attempt is prefilled and valid.
        let action = &row[2];
        let note = action.rsplit_once('(').unwrap().1.trim_end_matches(')');
        cs::fields::note::parse(note).unwrap_or_else(|e| panic!("{note}: {e}"));
    }
}

#[test]
fn e10_cadence_ics_is_valid_icalendar() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args([
            "escalate",
            "cadence",
            "--format",
            "ics",
            "--set",
            "account_name=Acme, Inc.; Clinic",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_committed(
        &expected("cadence.ics"),
        &stdout(&out),
        "CS_BLESS=1 cargo test escalate::",
    );
    let text = stdout(&out);
    assert!(
        text.lines().all(|l| l.len() <= 75),
        "lines are folded at 75 octets"
    );
    assert!(
        text.split("\r\n").count() > 10 && !text.replace("\r\n", "").contains('\r'),
        "CRLF line ends"
    );

    // Parsed back by an independent iCalendar parser.
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(out.stdout.as_slice()));
    let cal = parser.next().expect("one calendar").expect("parses");
    assert!(parser.next().is_none());
    assert_eq!(cal.events.len(), 10);
    let prop = ics_prop;
    let first = &cal.events[0];
    assert_eq!(prop(first, "DTSTART"), "20261120");
    assert_eq!(prop(first, "DTEND"), "20261121");
    assert!(
        prop(first, "SUMMARY").starts_with("Day 1 of 10: email and call Acme\\, Inc.\\; Clinic")
    );
    let last = &cal.events[9];
    // Ten business days: Thanksgiving is skipped (B1).
    assert_eq!(prop(last, "DTSTART"), "20261204");
    let uids: std::collections::HashSet<String> =
        cal.events.iter().map(|e| prop(e, "UID")).collect();
    assert_eq!(uids.len(), 10, "every event has its own UID");
}

#[test]
fn e4_the_slack_post_says_plainly_when_the_case_does_not_exist_yet() {
    let env = TestEnv::new();
    let out = create(&env, &[]);
    let p = plan_of(&out);
    let text = p["messages"][0]["text"].as_str().unwrap();
    assert!(
        text.ends_with("| Case not created yet (the number follows)"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("warning: the case number is not known yet: post it in the escalation Slack channel once the case exists (E4)"),
        "{}",
        stderr(&out)
    );
    let out = create(&env, &["case_number=00012345"]);
    let p = plan_of(&out);
    assert!(
        p["messages"][0]["text"]
            .as_str()
            .unwrap()
            .ends_with("| Case 00012345")
    );
    assert!(!stderr(&out).contains("case number is not known"));
}

#[test]
fn e3_products_are_the_product_list() {
    let env = TestEnv::new();
    let out = create(&env, &["products=[Lerning]"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "products: 'Lerning' is not one of: Learning, Compliance, Credentialing Software"
        ),
        "{}",
        stderr(&out)
    );
    let p = plan_of(&create(
        &env,
        &["products=[compliance, Credentialing Software]"],
    ));
    assert_eq!(
        p["records"][0]["fields"]["Products__c"],
        "Compliance;Credentialing Software"
    );
}

#[test]
fn n1_initials_are_one_field_type_everywhere() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args([
            "escalate",
            "cadence",
            "--set",
            "account_name=Acme",
            "--set",
            "initials=maria",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("initials: the initials 'maria' must be 2 to 4 uppercase letters (A-Z)"),
        "{}",
        stderr(&out)
    );
    // The notes the cadence prefills pass `cs note check`.
    let out = env
        .cs()
        .args([
            "escalate",
            "cadence",
            "--set",
            "account_name=Acme",
            "--set",
            "initials=MM",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    let note = csv
        .lines()
        .nth(1)
        .and_then(|l| l.split('(').nth(1))
        .and_then(|n| n.split(')').next())
        .unwrap();
    cs::fields::note::parse(note).unwrap_or_else(|e| panic!("{note}: {e}"));
}

/// E4: the case's key comes from the account, the reason and the day the
/// escalation was opened; adding the case number later (the same day, or a
/// later day that names the opening day) updates the same case, and another
/// reason is another case.
#[test]
fn e4_adding_the_case_number_later_keeps_the_key() {
    let env = TestEnv::new();
    let key = |p: &Value| p["records"][0]["external_id"]["value"].clone();
    let today = |env: &TestEnv, day: &str, sets: &[&str]| {
        let mut c = env.cs();
        c.arg("escalate")
            .arg("--answers")
            .arg(repo().join("examples/escalation.yaml"))
            .args(["--format", "json", "--today", day]);
        for s in sets {
            c.args(["--set", s]);
        }
        plan_of(&c.output().unwrap())
    };
    let opened = today(&env, "2026-11-20", &[]);
    assert_eq!(opened["answers"]["opened_on"], "2026-11-20");
    let warning = opened["warnings"].to_string();
    assert!(
        warning.contains("--set case_number=NUMBER --set opened_on=2026-11-20"),
        "{warning}"
    );
    let numbered = today(&env, "2026-11-20", &["case_number=00012345"]);
    assert_eq!(key(&numbered), key(&opened));
    let later = today(
        &env,
        "2026-11-24",
        &["case_number=00012345", "opened_on=2026-11-20"],
    );
    assert_eq!(key(&later), key(&opened));
    let other = today(
        &env,
        "2026-11-20",
        &[
            "reason=Support Issues",
            "secondary_reasons=[Delayed OB/Implementation]",
        ],
    );
    assert_ne!(key(&other), key(&opened), "another reason is another case");
    let next_day = today(&env, "2026-11-23", &[]);
    assert_ne!(
        key(&next_day),
        key(&opened),
        "an escalation opened another day is another case"
    );
}

/// Block Kit: a 200-character account name (Salesforce takes 255) is cut
/// in the header with an ellipsis; a link with `>` or `|` keeps its markup.
#[test]
fn the_slack_message_stays_within_block_kit_and_its_link_markup() {
    let env = TestEnv::new();
    let name = format!("Acme {}", "Family Clinic ".repeat(14));
    let url =
        "https://medtrainer.my.salesforce.com/lightning/r/Account/001000000000001AAA/view?x=<b>|c";
    let out = crate::phi::escalate(
        &env,
        &[
            "--set",
            &format!("account_name={name}"),
            "--set",
            &format!("account_url={url}"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &plan["messages"][0];
    let header = m["blocks"][0]["text"]["text"].as_str().unwrap();
    assert_eq!(header.chars().count(), 150, "{header}");
    assert!(header.ends_with('…'), "{header}");
    let link = m["blocks"][1]["fields"][2]["text"].as_str().unwrap();
    assert_eq!(
        link,
        "*Salesforce*\n<https://medtrainer.my.salesforce.com/lightning/r/Account/001000000000001AAA/view?x=%3Cb%3E%7Cc|Open the account>"
    );
    assert!(
        m["text"].as_str().unwrap().contains("<https://medtrainer.my.salesforce.com/lightning/r/Account/001000000000001AAA/view?x=%3Cb%3E%7Cc>"),
        "{}",
        m["text"]
    );
}

/// Long names in several scripts fold at 75 octets, never inside a
/// character, and a second parser reads the summary back whole.
#[test]
fn cadence_ics_folds_long_unicode_lines_at_75_octets() {
    let env = TestEnv::new();
    let name = "Clínica Pediátrica São José — 北京 Family Care 🏥 ".repeat(4);
    let name = name.trim();
    let out = env
        .cs()
        .args([
            "escalate",
            "cadence",
            "--format",
            "ics",
            "--today",
            "2026-11-20",
        ])
        .arg("--set")
        .arg(format!("account_name={name}"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout.clone()).expect("UTF-8, never cut inside a character");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
    }
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(out.stdout.as_slice()));
    let cal = parser.next().expect("one calendar").expect("parses");
    let summary = cal.events[0]
        .properties
        .iter()
        .find(|p| p.name == "SUMMARY")
        .and_then(|p| p.value.clone())
        .unwrap();
    assert!(summary.contains(name), "{summary}");
}
