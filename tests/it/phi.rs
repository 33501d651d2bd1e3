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
