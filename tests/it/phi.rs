//! Patient data stays out of Slack and customer emails: a free-text answer
//! holding an identifier a machine can recognize stops the plan when it
//! would go there (unless --allow-phi), is a warning when it goes to
//! Salesforce only, and is never kept unmasked in a journal or a draft.

use crate::common::*;

/// `cs escalate` with the README's example answers, FMC (so a Slack
/// message), as JSON on the examples' day, and `extra` arguments.
pub(crate) fn escalate(env: &TestEnv, extra: &[&str]) -> std::process::Output {
    env.cs()
        .args(["escalate", "--answers"])
        .arg(repo().join("examples/escalation.yaml"))
        .args([
            "--today",
            "2026-11-20",
            "--format",
            "json",
            "--set",
            "fmc=true",
        ])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn an_identifier_bound_for_slack_stops_the_plan_masked_unless_allowed() {
    let env = TestEnv::new();
    let out = escalate(
        &env,
        &["--set", "account_name=Acme (patient SSN 123-45-6789)"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "no plan is written");
    let err = stderr(&out);
    assert!(
        err.contains("account_name: a Social Security number (***-**-**89) would go to the Slack message to slack"),
        "{err}"
    );
    assert!(!err.contains("123-45-6789"), "the value is masked: {err}");
    assert!(err.contains("--allow-phi"), "{err}");

    let out = escalate(
        &env,
        &[
            "--set",
            "account_name=Acme (patient SSN 123-45-6789)",
            "--allow-phi",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        plan["warnings"].to_string().contains("a Social Security number (***-**-**89) would go to the Slack message to slack (--allow-phi)"),
        "{}",
        plan["warnings"]
    );
}

#[test]
fn an_identifier_bound_for_salesforce_only_is_a_warning() {
    let env = TestEnv::new();
    let out = escalate(
        &env,
        &[
            "--set",
            "description=11/20/26_MM:Customer read out patient DOB 04/12/1987 on the call",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        plan["warnings"]
            .to_string()
            .contains("description: a date of birth (**/**/**87) goes to Salesforce"),
        "{}",
        plan["warnings"]
    );
    // MedTrainer support's own number and address are not a patient's.
    let out = escalate(
        &env,
        &[
            "--set",
            "account_name=Acme (support 844.596.6553, support@medtrainer.com)",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn an_identifier_bound_for_a_customer_email_stops_the_plan() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["offboard", "--format", "json", "--today", "2026-11-20"])
        .args(["--set", "account_name=Acme, call Jane at (555) 201-8833"])
        .args([
            "--set",
            "account_id=001000000000001AAA",
            "--set",
            "case_id=500000000000001AAA",
        ])
        .args([
            "--set",
            "initials=TL",
            "--set",
            "scenario=cancellation",
            "--set",
            "final_amount_paid=yes",
            "--set",
            "modules=[Learning]",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("account_name: a phone number ((***) ***-**33) would go to the customer email 'Customer Offboarding Email'"),
        "{}",
        stderr(&out)
    );
}

/// The disguises an identifier reaches Slack in (#30): look-alike spaces
/// and dashes, invisible characters, dots, other birth-date words and
/// forms, patient-ID labels, a fullwidth at sign. Each is refused in a
/// text bound for Slack, and reported as going to Salesforce in a note.
#[test]
fn disguised_identifiers_are_refused_for_slack_and_reported_for_salesforce() {
    let env = TestEnv::new();
    let disguises = [
        ("SSN 123\u{a0}45\u{a0}6789", "a Social Security number"),
        ("SSN 123\u{2013}45\u{2013}6789", "a Social Security number"),
        ("SSN 123\u{2011}45\u{2011}6789", "a Social Security number"),
        ("SSN 123/45/6789", "a Social Security number"),
        (
            "SSN \u{1d7ed}\u{1d7ee}\u{1d7ef}-\u{1d7f0}\u{1d7f1}-\u{1d7f2}\u{1d7f3}\u{1d7f4}\u{1d7f5}",
            "a Social Security number",
        ),
        ("DOB 12-Apr-1987", "a date of birth"),
        ("jane.doe [at] gmail [dot] com", "an email address"),
        ("SSN 123.45.6789", "a Social Security number"),
        ("birthday 04/12/1987", "a date of birth"),
        ("DOB 04.12.1987", "a date of birth"),
        ("DOB 12 April 1987", "a date of birth"),
        (
            "patient ID 00482913",
            "a medical record number or patient ID",
        ),
        ("MR# 00482913", "a medical record number or patient ID"),
        ("jane.doe\u{ff20}gmail.com", "an email address"),
    ];
    for (text, kind) in disguises {
        let out = escalate(&env, &["--set", &format!("account_name=Acme ({text})")]);
        assert_eq!(out.status.code(), Some(1), "{text:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("account_name: {kind} ("))
                && err.contains("would go to the Slack message to slack"),
            "{text:?}: {err}"
        );
        // In the case's description only, it goes to Salesforce: a warning.
        let note = format!("description=11/20/26_MM:Customer called ({text})");
        let out = escalate(&env, &["--set", &note]);
        assert!(out.status.success(), "{text:?}: {}", stderr(&out));
        let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            plan["warnings"]
                .to_string()
                .contains(&format!("description: {kind} (")),
            "{text:?}: {}",
            plan["warnings"]
        );
    }
}

/// Every text bound for Slack is scanned, whichever field it came from:
/// the account's link too.
#[test]
fn a_url_bound_for_slack_is_scanned_too() {
    let env = TestEnv::new();
    let out = escalate(
        &env,
        &[
            "--set",
            "account_url=https://medtrainer.lightning.force.com/lightning/r/Account/001000000000001AAA/view?ssn=123-45-6789",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("account_url: a Social Security number (***-**-**89) would go to the Slack message to slack"),
        "{}",
        stderr(&out)
    );
}

/// A plan is a file anyone may edit: `cs submit` scans its Slack messages
/// again before anything leaves, dry run or not, and sends nothing.
#[test]
fn cs_submit_stops_an_edited_plan_that_would_post_patient_data() {
    let env = TestEnv::new();
    let out = escalate(&env, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    plan["messages"][0]["text"] = "SSN 123-45-6789 DOB 04/12/1987".into();
    env.write("plan.json", &plan.to_string());
    for args in [
        &["submit", "plan.json"][..],
        &["submit", "--yes", "plan.json"],
    ] {
        let out = env
            .cs()
            .env("SLACK_WEBHOOK_URL", "http://127.0.0.1:9/services/T/B/x")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("plan 1 (escalate) would send patient data where it may not go; nothing was sent")
                && err.contains("the playbook's text: a Social Security number (***-**-**89) would go to the Slack message to slack")
                && err.contains("a date of birth (**/**/**87)"),
            "{err}"
        );
        assert!(!err.contains("6789"), "{err}");
    }
    // A channel a BAA covers: --allow-phi lets it through with a warning.
    let out = env
        .cs()
        .args(["submit", "--allow-phi", "plan.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("(--allow-phi)"), "{}", stderr(&out));
}
