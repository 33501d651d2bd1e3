//! The SOPs through the library's one entry point, `cs::workflow::run`, as
//! the commands call it; and the SOP knowledge that lives in the playbooks:
//! editing a copy of a playbook changes the plan.

use crate::common::repo;
use cs::plan::Plan;
use cs::playbook::Library;
use cs::sops::escalation::{Advance, Open};
use cs::sops::offboarding::Offboarding;
use cs::sops::onboarding::Onboarding;
use cs::sops::transition::Transition;
use cs::workflow::{self, Env, Sop, Sources};
use serde_json::{Value, json};
use std::path::Path;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

/// The plan of `sop` for these answers, from the playbooks of `lib`.
fn plan_with(lib: &Library, sop: &dyn Sop, answers: Value) -> Plan {
    let Value::Object(values) = answers else {
        panic!("answers must be a map")
    };
    let sources = Sources {
        values: values.into_iter().collect(),
        ..Sources::default()
    };
    workflow::run(&Env::new(lib, today()), sop, &sources)
        .unwrap_or_else(|e| panic!("{e}: {:?} {:?}", e.details, e.hint))
        .done()
}

fn plan(sop: &dyn Sop, answers: Value) -> Plan {
    plan_with(&Library::default(), sop, answers)
}

/// A copy of the built-in playbooks with `edit` applied to one of them.
fn edited(dir: &Path, playbook: &str, from: &str, to: &str) -> Library {
    let name = format!("{playbook}.yaml");
    let text = std::fs::read_to_string(repo().join("playbooks").join(&name)).unwrap();
    assert!(text.contains(from), "{name} has no '{from}'");
    std::fs::write(dir.join(&name), text.replacen(from, to, 1)).unwrap();
    Library::new(Some(dir.to_path_buf())).unwrap()
}

fn onboarding(users: i64, mrr: f64) -> Value {
    json!({"account_name": "Acme", "products": ["Learning"], "users": users, "mrr": mrr})
}

fn offboarding() -> Value {
    json!({"account_name": "Acme", "account_id": "001A", "case_id": "500X",
           "initials": "TL", "scenario": "cancellation", "modules": ["Learning"]})
}

#[test]
fn d1_the_segment_rule_is_the_playbooks() {
    assert_eq!(
        plan(&Onboarding::default(), onboarding(80, 300.0)).summary["segment"],
        "core"
    );
    let dir = tempfile::tempdir().unwrap();
    let lib = edited(dir.path(), "onboarding", "users < 50", "users < 100");
    let p = plan_with(&lib, &Onboarding::default(), onboarding(80, 300.0));
    assert_eq!(p.summary["segment"], "digital");
    assert!(
        p.checklist.iter().any(|c| c.rule == "D2"),
        "{:?}",
        p.checklist
    );
}

#[test]
fn o8_the_failed_case_offset_is_the_playbooks() {
    let mut answers = onboarding(80, 900.0);
    answers["outcome"] = json!("failed_to_onboard");
    answers["csm_name"] = json!("Maria Lopez");
    let due = |p: &Plan| p.summary["failed_case_due"].clone();
    assert_eq!(
        due(&plan(&Onboarding::default(), answers.clone())),
        "2026-12-20"
    );
    let dir = tempfile::tempdir().unwrap();
    let lib = edited(dir.path(), "onboarding", "add_days(30)", "add_days(45)");
    let p = plan_with(&lib, &Onboarding::default(), answers);
    assert_eq!(due(&p), "2027-01-04");
    let case = p.records.iter().find(|r| r.sobject == "Case").unwrap();
    assert_eq!(case.fields["Due_Date__c"], "2027-01-04");
}

#[test]
fn f5_the_effective_date_offset_is_the_playbooks() {
    let p = plan(&Offboarding, offboarding());
    assert_eq!(p.summary["effective_date"], "2026-11-23");
    let dir = tempfile::tempdir().unwrap();
    let lib = edited(
        dir.path(),
        "offboarding",
        "effective_after_days: 3",
        "effective_after_days: 5",
    );
    let p = plan_with(&lib, &Offboarding, offboarding());
    assert_eq!(p.summary["effective_date"], "2026-11-25");
    let email = p.drafts.iter().find(|d| d.customer_facing).unwrap();
    assert!(
        email.body.contains("takes effect in 5 days, on 2026-11-25"),
        "{}",
        email.body
    );
}

#[test]
fn f4_no_effective_date_for_an_account_in_collections() {
    let mut answers = offboarding();
    answers["sent_to_collections"] = json!(true);
    let p = plan(&Offboarding, answers);
    assert_eq!(p.summary["no_contact"], true);
    assert_eq!(p.summary["effective_date"], Value::Null);
    assert!(p.drafts.iter().all(|d| !d.customer_facing));
}

#[test]
fn e2_e4_an_escalation_case_has_its_category_and_channel() {
    let answers: Value = serde_saphyr::from_str(
        &std::fs::read_to_string(repo().join("examples/escalation.yaml")).unwrap(),
    )
    .unwrap();
    let p = plan(&Open::default(), answers);
    assert_eq!(p.summary["category"], "Price-Related");
    assert_eq!(p.summary["slack_channel"], true);
    assert_eq!(p.records[0].sobject, "Case");
}

#[test]
fn e9_a_move_the_status_machine_forbids_is_refused() {
    let answers = json!({"case_id": "00012345", "current_status": "approved", "status": "new"});
    let sources = Sources {
        values: answers.as_object().unwrap().clone().into_iter().collect(),
        ..Sources::default()
    };
    let lib = Library::default();
    let err = workflow::run(&Env::new(&lib, today()), &Advance, &sources)
        .err()
        .expect("refused");
    assert!(
        err.message.contains("cannot move from Approved"),
        "{}",
        err.message
    );
}

#[test]
fn t3_t6_one_transition_routes_once() {
    let p = plan(
        &Transition,
        json!({"account_id": "001A", "account_name": "Acme", "from_csm": "Maria",
               "to_csm": "John", "reason": "leave", "health": "healthy", "open_opps": 2}),
    );
    assert_eq!(p.summary["route"], "manual");
    assert_eq!(p.summary["reasons"], json!(["2 open sales opportunities"]));
    assert!(
        p.warnings.iter().any(|w| w.contains("T6")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn o9_the_escalation_plan_is_merged_into_the_onboarding_plan() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.yaml");
    std::fs::copy(repo().join("examples/escalation.yaml"), &case).unwrap();
    let mut answers = onboarding(80, 900.0);
    answers["outcome"] = json!("cancellation_requested");
    let sop = Onboarding {
        escalation: Sources {
            answers: Some(case),
            ..Sources::default()
        },
    };
    let p = plan(&sop, answers);
    assert_eq!(p.summary["escalation"]["playbook"], "escalation");
    assert!(p.records.iter().any(|r| r.sobject == "Case"));
    let dates: Vec<&str> = p.schedule.iter().map(|s| s.date.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "the merged schedule stays in date order");
}
