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
    json!({"account_name": "Acme", "account_id": "001000000000001AAA", "products": ["Learning"], "users": users, "mrr": mrr})
}

fn offboarding() -> Value {
    json!({"account_name": "Acme", "account_id": "00100000000000A", "case_id": "500X",
           "initials": "TL", "scenario": "cancellation", "modules": ["Learning"],
           "final_amount_paid": true})
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
    // 30 days after Friday 2026-11-20 is Sunday 12-20: due the Monday (B1).
    assert_eq!(
        due(&plan(&Onboarding::default(), answers.clone())),
        "2026-12-21"
    );
    let dir = tempfile::tempdir().unwrap();
    let lib = edited(dir.path(), "onboarding", "add_days(30)", "add_days(45)");
    let p = plan_with(&lib, &Onboarding::default(), answers);
    assert_eq!(due(&p), "2027-01-04");
    let case = p.records.iter().find(|r| r.sobject == "Case").unwrap();
    assert_eq!(case.fields["Due_Date__c"], "2027-01-04");
}

#[test]
fn f5_b1_the_effective_date_is_the_playbooks_number_of_business_days() {
    // Friday 2026-11-20 + 3 business days = Wednesday 11-25.
    let p = plan(&Offboarding, offboarding());
    assert_eq!(p.summary["effective_date"], "2026-11-25");
    let dir = tempfile::tempdir().unwrap();
    let lib = edited(
        dir.path(),
        "offboarding",
        "effective_after_days: 3",
        "effective_after_days: 5",
    );
    // + 5 business days skips Thanksgiving: Monday 11-30.
    let p = plan_with(&lib, &Offboarding, offboarding());
    assert_eq!(p.summary["effective_date"], "2026-11-30");
    let email = p.drafts.iter().find(|d| d.customer_facing).unwrap();
    assert!(
        email
            .body
            .contains("takes effect in 5 business days, on Monday, November 30, 2026"),
        "{}",
        email.body
    );
    assert_eq!(
        email.subject.as_deref(),
        Some("Acme: your MedTrainer account will be disabled on Monday, November 30, 2026")
    );
}

#[test]
fn b1_an_organizations_calendar_adds_its_own_days_off() {
    let dir = tempfile::tempdir().unwrap();
    // The built-in holidays and the day after Thanksgiving.
    let calendar = std::fs::read_to_string(repo().join("playbooks/calendar.yaml")).unwrap();
    std::fs::write(
        dir.path().join("calendar.yaml"),
        calendar.replace("dates: []", "dates: [2026-11-27]"),
    )
    .unwrap();
    let lib = Library::new(Some(dir.path().to_path_buf())).unwrap();
    let p = plan_with(&lib, &Offboarding, offboarding());
    // Friday 11-20 + 3 business days is before Thanksgiving: unchanged.
    assert_eq!(p.summary["effective_date"], "2026-11-25");
    let mut answers: Value = serde_saphyr::from_str(
        &std::fs::read_to_string(repo().join("examples/escalation.yaml")).unwrap(),
    )
    .unwrap();
    // An unresponsive account: ten business days of contact (E10).
    answers["triggers"] = json!(["unresponsive_after_issue"]);
    let p = plan_with(&lib, &Open::default(), answers);
    let dates: Vec<&str> = p.schedule.iter().map(|s| s.date.as_str()).collect();
    assert!(
        !dates.contains(&"2026-11-26") && !dates.contains(&"2026-11-27"),
        "{dates:?}"
    );
    assert!(dates.contains(&"2026-11-30"), "{dates:?}");
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
        json!({"account_id": "00100000000000A", "account_name": "Acme", "from_csm": "Maria",
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
    // The account, products, MRR and FMC are the onboarding's.
    let example = std::fs::read_to_string(repo().join("examples/escalation.yaml")).unwrap();
    let own: Vec<&str> = example
        .lines()
        .filter(|l| {
            !["account_name:", "products:", "mrr:", "fmc:"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .collect();
    std::fs::write(&case, own.join("\n")).unwrap();
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

mod b1_property {
    use super::*;
    use cs::calendar::Calendar;
    use proptest::prelude::*;

    /// The built-in fixtures (playbooks/tests), every workflow command.
    fn fixtures() -> Vec<cs::fixtures::Fixture> {
        let all = cs::fixtures::list(&repo().join("playbooks/tests")).unwrap();
        assert!(all.len() >= 13);
        all
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        /// B1: whatever today is, no plan of the example answers has a step,
        /// a webinar or an effective date on a weekend or a holiday.
        #[test]
        fn b1_no_customer_date_on_a_weekend_or_holiday(offset in 0u64..(3 * 366)) {
            let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                .checked_add_days(chrono::Days::new(offset)).unwrap();
            let lib = Library::default();
            let calendar = Calendar::built_in();
            let env = Env::new(&lib, today);
            let business = |d: &str| {
                let d = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
                calendar.is_business_day(d)
            };
            for fixture in fixtures() {
                let answers = &fixture.answers;
                // Answers dated after today (O3) are refused: nothing to check.
                let Ok(planned) = workflow::run(&env, fixture.sop.as_ref(), &fixture.sources()) else { continue };
                let plan = planned.done();
                // A day off only where the answers put a meeting on it, and
                // the plan warns of it (O3).
                let warned = |d: &str| {
                    let d = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
                    let named = cs::calendar::long_date(d);
                    plan.warnings.iter().any(|w| w.contains(&named))
                };
                for step in &plan.schedule {
                    prop_assert!(business(&step.date) || warned(&step.date), "{today} {}: {} {}", answers.display(), step.date, step.action);
                }
                if let Some(d) = plan.summary.get("effective_date").and_then(|v| v.as_str()) {
                    prop_assert!(business(d), "{today} {}: effective {d}", answers.display());
                }
                for w in plan.summary.get("training_plan").and_then(|v| v.as_array()).into_iter().flatten() {
                    if let Some(d) = w.get("next_date").and_then(|v| v.as_str()) {
                        prop_assert!(business(d), "{today} {}: webinar {d}", answers.display());
                    }
                }
                // B1: every date in every text a person reads (checklist,
                // steps, drafts, messages) is written as people write dates,
                // and is a business day, unless a warning of the plan names
                // it (an answered meeting on a day off, O3).
                for text in texts(&plan) {
                    prop_assert!(
                        iso_date().find(text).is_none(),
                        "{today} {}: a date written YYYY-MM-DD in {text:?}", answers.display()
                    );
                    for d in long_dates(text) {
                        let named = cs::calendar::long_date(d);
                        prop_assert!(
                            calendar.is_business_day(d) || plan.warnings.iter().any(|w| w.contains(&named)),
                            "{today} {}: {named} is a day off, in {text:?}", answers.display()
                        );
                    }
                }
            }
        }
    }

    /// The texts of a plan that people read.
    fn texts(plan: &Plan) -> Vec<&str> {
        let mut t: Vec<&str> = plan.checklist.iter().map(|c| c.text.as_str()).collect();
        t.extend(plan.schedule.iter().map(|s| s.action.as_str()));
        for d in &plan.drafts {
            t.extend(d.subject.as_deref());
            t.push(&d.body);
        }
        t.extend(plan.messages.iter().map(|m| m.text.as_str()));
        t
    }

    fn iso_date() -> regex::Regex {
        regex::Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").unwrap()
    }

    /// The dates a text names as people write them ("Monday, November 23, 2026").
    fn long_dates(text: &str) -> Vec<chrono::NaiveDate> {
        let re = regex::Regex::new(
            r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), [A-Z][a-z]+ \d{1,2}, \d{4}",
        )
        .unwrap();
        re.find_iter(text)
            .map(|m| {
                chrono::NaiveDate::parse_from_str(m.as_str(), cs::calendar::LONG_DATE)
                    .unwrap_or_else(|e| panic!("{:?} is not a date: {e}", m.as_str()))
            })
            .collect()
    }
}

#[test]
fn b1_a_step_may_say_it_falls_on_any_day() {
    let mut answers = onboarding(10, 100.0);
    answers["assigned_on"] = json!("2026-10-30");
    let day30 = |p: &Plan| {
        p.schedule
            .iter()
            .find(|s| s.action.contains("Day 30 automated"))
            .map(|s| s.date.clone())
    };
    // Day 30 of a sequence started on Friday 10-30 is Saturday 11-28: the
    // step moves to Monday (B1) ...
    let p = plan(&Onboarding::default(), answers.clone());
    assert_eq!(day30(&p).as_deref(), Some("2026-11-30"));
    // ... unless the step says it may fall on any day (an automated email).
    let dir = tempfile::tempdir().unwrap();
    let lib = edited(
        dir.path(),
        "onboarding",
        "    offset: 29\n    channel: outreach\n",
        "    offset: 29\n    channel: outreach\n    any_day: true\n",
    );
    let p = plan_with(&lib, &Onboarding::default(), answers);
    assert_eq!(day30(&p).as_deref(), Some("2026-11-28"));
}

/// Labels, never keys, in what people read: every fixture is planned with
/// every choice of every choice field, and no snake_case key (`non_renewal`,
/// `workload_balancing`, `reluctant_to_pay`) appears in a checklist item, a
/// step, a draft, a message or a record's Description.
#[test]
fn people_read_labels_never_choice_keys() {
    let lib = Library::default();
    let env = Env::new(&lib, today());
    let mut planned = 0;
    for fixture in cs::fixtures::list(&repo().join("playbooks/tests")).unwrap() {
        let sop = &fixture.sop;
        let wf = sop.workflow();
        let loaded = lib.load(wf.playbook).unwrap();
        let form = loaded.playbook.form(wf.form).unwrap();
        for field in form.fields.iter().filter(|f| !f.choices.is_empty()) {
            for choice in &field.choices {
                let key = &choice.key.value;
                let value = match field.kind.value {
                    cs::playbook::model::FieldType::MultiChoice => json!([key]),
                    _ => json!(key),
                };
                let sources = Sources {
                    values: [(field.key.value.clone(), value)].into_iter().collect(),
                    ..fixture.sources()
                };
                // Some choices need other answers (a move the machine refuses).
                let Ok(p) = workflow::run(&env, sop.as_ref(), &sources) else {
                    continue;
                };
                planned += 1;
                let p = p.done();
                let mut texts: Vec<String> = p.checklist.iter().map(|c| c.text.clone()).collect();
                texts.extend(p.schedule.iter().map(|s| s.action.clone()));
                texts.extend(
                    p.drafts
                        .iter()
                        .flat_map(|d| [d.subject.clone().unwrap_or_default(), d.body.clone()]),
                );
                texts.extend(p.messages.iter().map(|m| m.text.clone()));
                texts.extend(
                    p.records
                        .iter()
                        .filter_map(|r| r.fields.get("Description"))
                        .filter_map(|v| v.as_str())
                        .map(str::to_string),
                );
                if key.contains('_') {
                    for t in &texts {
                        assert!(
                            !t.contains(key.as_str()),
                            "{}, {} = {key}: {t}",
                            fixture.name,
                            field.key.value
                        );
                    }
                }
            }
        }
    }
    assert!(planned > 40, "{planned} plans");
}
