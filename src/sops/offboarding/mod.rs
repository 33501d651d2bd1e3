//! Customer offboarding (MT-CS-012): the SOP lives in
//! playbooks/offboarding.yaml (scenarios, conditions, F5's offset, texts).
//! This module checks each scenario's conditions against the answers (met,
//! unmet or unknown), scans Billing's notes (F6), and keeps the F4 rule that
//! an account in Collections gets no contact of any kind, which
//! `enforce_no_contact` guarantees whatever the playbook says. The batch
//! report ([`batch`]) runs the same rules row by row.

mod batch;
pub use batch::{Summary, run_batch};

use crate::answers::Answers;
use crate::error::Error;
use crate::fields::Value;
use crate::plan::dates::shift;
use crate::plan::{Check, Plan};
use crate::playbook::Loaded;
use crate::playbook::model::DayKind;
use crate::workflow::{Cx, Facts, Planned, Sop, Workflow};
use chrono::NaiveDate;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};

/// The offboarding playbook's `data:` tables.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// F5: a cancellation or non-renewal takes effect this many business
    /// days after the Customer Offboarding email.
    pub effective_after_days: u32,
    /// The conditions of each scenario, checked against the answers.
    pub conditions: Vec<ConditionDef>,
    /// `cs offboard batch`: the columns every row must fill.
    pub batch_required: Vec<String>,
    /// F6: what Billing's notes are searched for (case-insensitive).
    pub billing_terms: Vec<String>,
    /// F5: how to save each module's data before the account is disabled.
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub saving: IndexMap<String, String>,
}

/// One condition: met when the answer to `field` is `expect`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionDef {
    pub rule: String,
    pub scenarios: Vec<String>,
    pub field: String,
    pub expect: Expect,
    pub text: String,
}

/// What meets a condition: a yes/no answer, or any answer (`known`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Expect {
    Is(bool),
    Known(Known),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Known {
    Known,
}

/// The fields this module computes with: (form, key).
pub const FIELDS: &[(&str, &str)] = &[
    ("", "account_id"),
    ("", "account_name"),
    ("", "scenario"),
    ("", "sent_to_collections"),
    ("", "case_notes"),
    ("", "modules"),
    ("", "contract_end_date"),
];

/// One condition of the scenario and where it stands.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Condition {
    pub rule: String,
    pub text: String,
    pub field: String,
    /// met, unmet or unknown.
    pub status: &'static str,
}

/// Everything the offboarding of one account depends on.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub scenario: String,
    pub no_contact: bool,
    pub conditions: Vec<Condition>,
    pub ready_to_deactivate: bool,
    pub billing_mentions: Vec<String>,
    pub saving: Vec<Json>,
}

pub const WORKFLOW: Workflow = Workflow {
    command: "offboard",
    playbook: "offboarding",
    form: "",
};

/// `cs offboard`: the offboarding plan of one account.
pub struct Offboarding;

impl Sop for Offboarding {
    fn workflow(&self) -> Workflow {
        WORKFLOW
    }

    /// F5: a non-renewal is told before its contract ends: an end date
    /// already past would have the email name a day gone by.
    fn check_answer(&self, cx: &Cx, key: &str, value: &Value, _before: &Answers) -> Option<String> {
        refusal(key, value, cx.today())
    }

    fn facts(&self, cx: &Cx, a: &Answers, facts: &mut Facts) -> Result<(), Error> {
        let rules = Rules::new(cx.loaded)?;
        let assessment = rules.assess(&a.values);
        facts.summary.extend(assessment.summary());
        let days = i64::from(rules.effective_after_days);
        let dates = effective_dates(
            &assessment,
            super::date(a, "contract_end_date"),
            a.values.get("final_amount_paid"),
            days,
            cx.calendar,
            cx.today(),
        );
        facts.warnings.extend(dates.warnings);
        // F5: the per-module saving steps need the enabled modules; with
        // none, the email would ask for data to be saved over an empty list.
        if !assessment.no_contact && dates.email_on.is_some() && assessment.saving.is_empty() {
            facts.warnings.push(
                "modules: no enabled module is given, so the Customer Offboarding email cannot say how to save each module's data (F5); give them with --set modules=[Learning, Compliance] and make the plan again".to_string(),
            );
        }
        let ymd = |d: Option<NaiveDate>| match d {
            Some(d) => json!(d.format("%Y-%m-%d").to_string()),
            None => Json::Null,
        };
        let (email_on, effective) = (ymd(dates.email_on), ymd(dates.effective));
        facts.summary.insert("effective_date".into(), effective);
        facts.summary.insert("email_on".into(), email_on);
        Ok(())
    }

    fn finish(&self, cx: &Cx, a: &Answers, run: &mut Planned) -> Result<(), Error> {
        let assessment = Rules::new(cx.loaded)?.assess(&a.values);
        assessment.add_checklist(&mut run.plan, a.values.contains_key("case_notes"));
        enforce_no_contact(&mut run.plan, &assessment);
        Ok(())
    }
}

/// Why an answer is refused whatever the others say (at a prompt, in
/// `--no-input` and in a batch row alike). F5: a non-renewal is told
/// before its contract ends, so an end date already past is refused.
pub(super) fn refusal(key: &str, value: &Value, today: NaiveDate) -> Option<String> {
    match (key, value) {
        ("contract_end_date", Value::Date(end)) if *end < today => Some(format!(
            "F5: the contract ended on {}, before today; a non-renewal's Customer Offboarding email goes before the contract ends: give the contract's end date, or offboard the account as a cancellation",
            crate::calendar::long_date(*end)
        )),
        _ => None,
    }
}

/// The playbook's offboarding rules, read once.
pub struct Rules {
    conditions: Vec<ConditionDef>,
    terms: Vec<String>,
    saving: IndexMap<String, String>,
    /// F5: business days between the email and the offboarding.
    effective_after_days: u32,
    /// `cs offboard batch`: the columns every row must fill.
    batch_required: Vec<String>,
}

impl Rules {
    pub fn new(loaded: &Loaded) -> Result<Self, Error> {
        let data: Data = super::data(loaded)?;
        let conditions = data.conditions;
        for c in &conditions {
            if loaded.playbook.field(&c.field).is_none() {
                return Err(Error::user(format!(
                    "{}: data.conditions names '{}', which is not a field.",
                    loaded.source.path, c.field
                )));
            }
        }
        Ok(Self {
            conditions,
            terms: data.billing_terms,
            saving: data.saving,
            effective_after_days: data.effective_after_days,
            batch_required: data.batch_required,
        })
    }

    pub fn assess(&self, values: &IndexMap<String, Value>) -> Assessment {
        let text = |k: &str| match values.get(k) {
            Some(Value::Text(s)) => s.as_str(),
            _ => "",
        };
        let scenario = text("scenario").to_string();
        let collections = matches!(values.get("sent_to_collections"), Some(Value::Bool(true)));
        let no_contact = scenario == "unresponsive_past_due" || collections;
        let conditions: Vec<Condition> = self
            .conditions
            .iter()
            .filter(|c| c.scenarios.contains(&scenario))
            .map(|c| {
                let status = match (values.get(&c.field), c.expect) {
                    (None, _) => "unknown",
                    (Some(_), Expect::Known(_)) => "met",
                    (Some(Value::Bool(b)), Expect::Is(want)) if *b == want => "met",
                    _ => "unmet",
                };
                Condition {
                    rule: c.rule.clone(),
                    text: c.text.clone(),
                    field: c.field.clone(),
                    status,
                }
            })
            .collect();
        let ready = !conditions.is_empty() && conditions.iter().all(|c| c.status == "met");
        let notes = text("case_notes").to_lowercase();
        let billing_mentions = self
            .terms
            .iter()
            .filter(|t| notes.contains(&t.to_lowercase()))
            .cloned()
            .collect();
        let modules = match values.get("modules") {
            Some(Value::List(m)) => m.clone(),
            _ => Vec::new(),
        };
        let saving = modules
            .iter()
            .filter_map(|m| self.saving.get(m).map(|t| json!({"module": m, "text": t})))
            .collect();
        Assessment {
            scenario,
            no_contact,
            conditions,
            ready_to_deactivate: ready,
            billing_mentions,
            saving,
        }
    }
}

/// F5 and B1: when the Customer Offboarding email goes and when the
/// offboarding takes effect, with what the TL must hear about them.
pub struct EffectiveDates {
    /// None: no email is planned yet (F4's no contact, or a cancellation
    /// whose Final Amount is not known to be paid).
    pub email_on: Option<NaiveDate>,
    pub effective: Option<NaiveDate>,
    pub warnings: Vec<String>,
}

/// F5 (decided): a cancellation takes effect `days` business days after the
/// email, which goes once the Final Amount is paid (today, when it is); a
/// non-renewal takes effect when the contract ends, on the next business
/// day when it ends on a day off, and its email goes `days` business days
/// before. No email is dated before today: a non-renewal with less notice
/// is told today and warned as late.
pub fn effective_dates(
    assessment: &Assessment,
    contract_end: Option<NaiveDate>,
    final_amount_paid: Option<&Value>,
    days: i64,
    calendar: &crate::calendar::Calendar,
    today: NaiveDate,
) -> EffectiveDates {
    let mut warnings = Vec::new();
    let first = calendar.on_or_after(today);
    if assessment.no_contact {
        return EffectiveDates {
            email_on: None,
            effective: None,
            warnings,
        };
    }
    let long = crate::calendar::long_date;
    let (email_on, effective) = match contract_end {
        Some(end) => {
            let effective = calendar.on_or_after(end);
            let due = shift(effective, -days, DayKind::Business, calendar);
            if due < first {
                let ends = if end == effective {
                    long(end)
                } else {
                    format!(
                        "{} (the offboarding takes effect {})",
                        long(end),
                        long(effective)
                    )
                };
                let goes = if first == today {
                    format!("today, {}", long(first))
                } else {
                    format!("on {}, the first business day", long(first))
                };
                warnings.push(format!(
                    "contract_end_date: late notice (F5): the contract ends on {ends}, fewer than {days} business days from today; the Customer Offboarding email goes {goes}, not {days} business days ahead"
                ));
                (first, effective)
            } else {
                (due, effective)
            }
        }
        None if assessment.scenario == "cancellation"
            && !matches!(final_amount_paid, Some(Value::Bool(true))) =>
        {
            if matches!(final_amount_paid, Some(Value::Bool(false))) {
                warnings.push(
                    "final_amount_paid: the Final Amount is not paid, so the Customer Offboarding email is not planned yet (F5): it goes once Finance confirms the payment; then make the plan again with --set final_amount_paid=yes".to_string(),
                );
            }
            return EffectiveDates {
                email_on: None,
                effective: None,
                warnings,
            };
        }
        None => (first, shift(first, days, DayKind::Business, calendar)),
    };
    EffectiveDates {
        email_on: Some(email_on),
        effective: Some(effective),
        warnings,
    }
}

impl Assessment {
    /// The facts templates read as `summary.*`.
    pub fn summary(&self) -> IndexMap<String, Json> {
        let mut s = IndexMap::new();
        s.insert("scenario".into(), json!(self.scenario));
        s.insert("no_contact".into(), json!(self.no_contact));
        s.insert(
            "ready_to_deactivate".into(),
            json!(self.ready_to_deactivate),
        );
        s.insert("billing_mentions".into(), json!(self.billing_mentions));
        s.insert("saving".into(), json!(self.saving));
        s
    }

    /// Adds the conditions to the checklist with their status, and the F6
    /// fallback when Billing's notes mention none of the terms.
    pub fn add_checklist(&self, plan: &mut Plan, notes_known: bool) {
        for c in &self.conditions {
            plan.checklist.push(Check {
                rule: c.rule.clone(),
                text: c.text.clone(),
                status: Some(c.status.to_string()),
            });
        }
        if notes_known && self.billing_mentions.is_empty() {
            plan.checklist.push(Check {
                rule: "F6".into(),
                text: "Billing's notes mention none of Collections, terms and conditions, paid in full or bill till payout: touch base with Billing".into(),
                status: None,
            });
        }
    }
}

/// F4: an account in Collections, or unresponsive and past due, gets no
/// customer-facing draft and no message of any kind.
pub fn enforce_no_contact(plan: &mut Plan, a: &Assessment) {
    if a.no_contact {
        plan.drafts.retain(|d| !d.customer_facing);
        plan.messages.clear();
        plan.defaults.clear();
    }
}
