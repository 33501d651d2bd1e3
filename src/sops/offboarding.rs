//! Customer offboarding (MT-CS-012): the SOP lives in
//! playbooks/offboarding.yaml (scenarios, conditions, F5's offset, texts).
//! This module checks each scenario's conditions against the answers (met,
//! unmet or unknown), scans Billing's notes (F6), and keeps the F4 rule that
//! an account in Collections gets no contact of any kind, which
//! `enforce_no_contact` guarantees whatever the playbook says. The batch
//! report runs the same rules row by row.

use crate::answers::Answers;
use crate::batch::repeats::{Fingerprints, Pass, Repeats};
use crate::batch::{self, Errors, Input, OutDir, Progress};
use crate::error::Error;
use crate::fields::{self, Value};
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
fn refusal(key: &str, value: &Value, today: NaiveDate) -> Option<String> {
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

/// Counts of an offboarding batch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub read: u64,
    pub ready: u64,
    pub not_ready: u64,
    pub rejected: u64,
}

const REPORT: &[&str] = &[
    "account_id",
    "account_name",
    "scenario",
    "no_contact",
    "ready_to_deactivate",
    "unmet",
    "unknown",
    "billing_mentions",
    "warnings",
];

/// `cs offboard batch`: a report of each account's scenario, readiness and
/// open conditions, streamed like the transition batch; and each valid
/// row's offboarding plan in plans.jsonl (`{"line", "plan"}`, or
/// `{"line", "unplanned"}` with the reason when the row lacks what a plan
/// needs), with batch.json, so that `cs submit DIR` sends them and writes
/// results.csv.
///
/// One account in two rows is refused in both, as in the transition batch
/// ([`batch::repeats`]).
pub fn run_batch(
    env: &crate::workflow::Env,
    loaded: &Loaded,
    input: Input,
    out: &OutDir,
    allow_extra: bool,
    progress: &Progress,
    input_path: Option<&std::path::Path>,
) -> Result<Summary, Error> {
    let batch = Batch {
        env,
        loaded,
        out,
        allow_extra,
        progress,
        input_path,
    };
    let (summary, files) = batch::repeats::passes(input, |input, repeats, fingerprint| {
        batch.pass(input, repeats, fingerprint)
    })?;
    progress.finish();
    batch::commit_all(files)?;
    Ok(summary)
}

/// One offboarding batch's settings.
struct Batch<'a, 'e> {
    env: &'a crate::workflow::Env<'e>,
    loaded: &'a Loaded,
    out: &'a OutDir,
    allow_extra: bool,
    progress: &'a Progress,
    input_path: Option<&'a std::path::Path>,
}

/// A pass's summary and files (to commit together).
type Done = (Summary, Vec<Result<crate::files::AtomicFile, Error>>);

impl Batch<'_, '_> {
    /// Reads the rows once, refusing those `repeats` names, and writes the
    /// batch's files (not yet committed). With `fingerprint`, notes each row's
    /// account; returns those and the account's column.
    fn pass(
        &self,
        mut input: Input,
        repeats: &Repeats,
        fingerprint: bool,
    ) -> Result<Pass<Done>, Error> {
        let Batch {
            env,
            loaded,
            out,
            allow_extra,
            progress,
            input_path,
        } = *self;
        let today = env.today;
        let p = &loaded.playbook;
        let rules = Rules::new(loaded)?;
        let required = rules.batch_required.clone();
        let name = input.name.clone();
        let headers = input.header_names()?;
        let columns = batch::map_columns(
            &name,
            &headers,
            &p.fields,
            "offboarding",
            &required,
            allow_extra,
        )?;
        let mut report = out.csv("report.csv", REPORT, batch::Reader::People)?;
        let mut plans = crate::files::AtomicFile::create(&out.dir.join("plans.jsonl"))?;
        let mut errors = Errors::new(out, &headers)?;
        let mut summary = Summary::default();
        let mut record = csv::ByteRecord::new();
        let empty = IndexMap::new();
        let cx = fields::Context {
            today,
            taxonomy: None,
            answers: &empty,
        };
        let account_column = columns
            .iter()
            .position(|f| f.is_some_and(|f| f.key.value == "account_id"));
        let mut fingerprints = Fingerprints::default();
        loop {
            if batch::interrupted() {
                return Err(Error::interrupted("interrupted; nothing was written."));
            }
            let next = match batch::read_record(&mut input.reader, &input.cuts, &mut record) {
                Ok(batch::Next::End) => break,
                Ok(next) => next,
                Err(e) => {
                    let line = input.reader.position().line();
                    return Err(batch::read_error_at(&name, &e, line));
                }
            };
            summary.read += 1;
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            if let batch::Next::TooLarge(size) = next {
                summary.rejected += 1;
                errors.add(
                    line,
                    "",
                    &batch::too_large(size, &record),
                    &csv::ByteRecord::new(),
                )?;
                continue;
            }
            if summary.read.is_multiple_of(4096) {
                progress.update(
                    record.position().map(|p| p.byte()).unwrap_or(0),
                    summary.read,
                );
            }
            if record.len() != headers.len() {
                summary.rejected += 1;
                errors.add(
                    line,
                    "",
                    &format!(
                        "the row has {} fields where the header has {}",
                        record.len(),
                        headers.len()
                    ),
                    &record,
                )?;
                continue;
            }
            let mut bad = false;
            if let Some(col) = account_column {
                if fingerprint {
                    fingerprints.add(&record[col])?;
                }
                if let Some(why) = repeats.problem(&record[col], line) {
                    bad = true;
                    errors.add(line, &headers[col], &why, &record)?;
                }
            }
            let mut values = IndexMap::new();
            for (col, field) in columns.iter().enumerate() {
                let Some(field) = field else { continue };
                let Ok(cell) = std::str::from_utf8(&record[col]) else {
                    bad = true;
                    errors.add(line, &headers[col], "the cell is not UTF-8 text", &record)?;
                    continue;
                };
                let cell = cell.trim();
                if cell.is_empty() {
                    if required.contains(&field.key.value) {
                        bad = true;
                        errors.add(line, &headers[col], "an answer is required", &record)?;
                    }
                    continue;
                }
                let checked = if field.kind.value.is_list() {
                    let raw = Json::Array(
                        cell.split(';')
                            .map(|s| Json::String(s.trim().to_string()))
                            .collect(),
                    );
                    fields::check(field, &raw, &cx).map(|c| c.value)
                } else {
                    fields::check_str(field, cell, &cx).map(|(s, _)| s.into_value())
                };
                let checked = checked.and_then(|v| match refusal(&field.key.value, &v, today) {
                    Some(why) => Err(why),
                    None => Ok(v),
                });
                match checked {
                    Ok(v) => {
                        values.insert(field.key.value.clone(), v);
                    }
                    Err(why) => {
                        bad = true;
                        errors.add(line, &headers[col], &why, &record)?;
                    }
                }
            }
            if bad {
                summary.rejected += 1;
                continue;
            }
            // The row's plan, as cs offboard makes it from these answers.
            let sources = crate::workflow::Sources {
                values: values
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
                ..Default::default()
            };
            // The plan's warnings (F5's late notice, ...) go in the report too.
            let mut warnings = String::new();
            let entry = match crate::workflow::run(env, &Offboarding, &sources) {
                Ok(planned) => {
                    let plan = planned.done();
                    warnings = plan.warnings.join("; ");
                    serde_json::json!({"line": line, "plan": plan})
                }
                // Reported all the same; cs submit says why it sends nothing.
                Err(e) => {
                    let why = std::iter::once(e.message.clone())
                        .chain(e.details.iter().map(|d| d.trim().to_string()))
                        .collect::<Vec<_>>()
                        .join(" ");
                    serde_json::json!({"line": line, "unplanned": why})
                }
            };
            std::io::Write::write_all(&mut plans, format!("{entry}\n").as_bytes())
                .map_err(|e| Error::user(format!("cannot write plans.jsonl: {e}.")))?;
            let a = rules.assess(&values);
            if a.ready_to_deactivate {
                summary.ready += 1;
            } else {
                summary.not_ready += 1;
            }
            let list = |status: &str| {
                a.conditions
                    .iter()
                    .filter(|c| c.status == status)
                    .map(|c| format!("{}: {}", c.rule, c.field))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let text = |k: &str| match values.get(k) {
                Some(Value::Text(s)) => s.clone(),
                _ => String::new(),
            };
            report.row([
                text("account_id"),
                text("account_name"),
                a.scenario.clone(),
                a.no_contact.to_string(),
                a.ready_to_deactivate.to_string(),
                list("unmet"),
                list("unknown"),
                a.billing_mentions.join("; "),
                warnings,
            ])?;
        }
        let manifest = batch::manifest(
            out,
            "offboard batch",
            &loaded.source.text,
            input_path,
            serde_json::json!({"account_column": "account_id", "plans": "plans.jsonl"}),
        );
        let files = vec![report.into_file(), errors.into_file(), Ok(plans), manifest];
        Ok(Pass {
            made: (summary, files),
            fingerprints,
            account_column,
        })
    }
}
