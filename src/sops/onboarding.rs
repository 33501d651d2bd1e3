//! Onboarding (MT-CS-002, with the digital segment of MT-CS-020): the SOP
//! lives in playbooks/onboarding.yaml (fields, the D1 segment rule, the
//! training matrix, webinars, sequences, O8's offsets, templates). This
//! module computes what data cannot: the O3 date order, the O6 training
//! sessions and D3's next webinar dates, and O9's escalation case.

pub mod roster;

use super::{date, list, text};
use crate::answers::{Answers, Provided};
use crate::calendar::Calendar;
use crate::error::Error;
use crate::fields::Value;
use crate::playbook::Loaded;
use crate::workflow::{self, Cx, Facts, Planned, Sop, Sources, Workflow};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// The fields this module computes with: (form, key).
pub const FIELDS: &[(&str, &str)] = &[
    ("", "account_name"),
    ("", "products"),
    ("", "mrr"),
    ("", "fmc"),
    ("", "outcome"),
    ("", "call_scheduled_for"),
    ("", "call_completed_date"),
    ("", "lms_setup_completed_date"),
    ("", "training_dates"),
    ("", "kyc_pdf"),
    ("roster", "state"),
];

pub const WORKFLOW: Workflow = Workflow {
    command: "onboard",
    playbook: "onboarding",
    form: "",
};

/// `cs onboard`: the onboarding plan of one account.
#[derive(Debug, Default)]
pub struct Onboarding {
    /// Answers for the escalation case of a cancellation request (O9).
    pub escalation: Sources,
}

impl Sop for Onboarding {
    fn workflow(&self) -> Workflow {
        WORKFLOW
    }

    fn check_answer(&self, cx: &Cx, key: &str, value: &Value, before: &Answers) -> Option<String> {
        match value {
            Value::Date(d) => check_date(key, *d, before, cx.today()),
            _ => None,
        }
    }

    fn facts(&self, cx: &Cx, a: &Answers, facts: &mut Facts) -> Result<(), Error> {
        if let Some(path) = text(a, "kyc_pdf") {
            check_pdf(path)?;
        }
        let data: Data = super::data(cx.loaded)?;
        let products = list(a, "products");
        // D1 decided the segment (the playbook's `computed: segment`).
        let digital = facts.summary.get("segment").and_then(Json::as_str) == Some("digital");
        let plan = if digital {
            webinars(&data, products, cx.today(), cx.calendar)?
        } else {
            let mut sessions = training_sessions(cx.loaded, &data, products)?;
            facts
                .warnings
                .extend(date_sessions(&mut sessions, a, cx.calendar));
            sessions
        };
        facts.summary.insert("training_plan".into(), json!(plan));
        // O8, B1: the Failed to OB case's follow-ups are due on a business day.
        if let Some(due) = facts
            .summary
            .get("failed_case_due")
            .and_then(Json::as_str)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            let due = cx.calendar.on_or_after(due);
            facts.summary.insert(
                "failed_case_due".into(),
                json!(due.format("%Y-%m-%d").to_string()),
            );
        }
        // O1, B1: the call on assignment is on a business day.
        let assigned = date(a, "assigned_on").unwrap_or(cx.today());
        facts.summary.insert(
            "first_call_on".into(),
            json!(
                cx.calendar
                    .on_or_after(assigned)
                    .format("%Y-%m-%d")
                    .to_string()
            ),
        );
        facts.warnings.extend(meeting_days(a, cx.calendar));
        // D1: the franchise subtype says multiple locations.
        if matches!(a.values.get("franchise"), Some(Value::Bool(true)))
            && matches!(a.values.get("locations"), Some(Value::Integer(n)) if *n < 2)
        {
            facts.warnings.push(
                "locations: a franchise has multiple locations (D1), but the account's number of locations is 1 (or not given); give it with --set locations=N, or answer franchise=no".into(),
            );
        }
        Ok(())
    }

    /// O9: a cancellation request becomes the escalation case of MT-CS-005,
    /// built by the escalation playbook itself.
    fn finish(&self, cx: &Cx, a: &Answers, run: &mut Planned) -> Result<(), Error> {
        if text(a, "outcome") != Some("cancellation_requested") {
            return Ok(());
        }
        let mut seed = Provided::default();
        for key in ["account_name", "products", "mrr", "fmc"] {
            if let Some(x) = a.values.get(key) {
                let v = match x {
                    Value::Money(cents) => json!(crate::fields::format_usd(*cents)),
                    other => other.to_json(),
                };
                seed.values.insert(key.into(), v);
            }
        }
        seed.values.insert("cancellation".into(), json!(true));
        let case = super::escalation::Open {
            command: WORKFLOW.command,
            seed,
        };
        let escalation = workflow::run(cx.env, &case, &self.escalation).map_err(|e| {
            let e = run.fail(e);
            if self.escalation.answers.is_none() {
                e.with_hint("a cancellation request opens an escalation case: pass its answers with --escalation FILE")
            } else {
                e
            }
        })?;
        // The case belongs to the onboarding's account: an escalation file
        // whose link names another account is refused, not written.
        if let Some(own) = text(a, "account_id") {
            let other = escalation
                .plan
                .records
                .iter()
                .filter(|r| r.sobject == "Case")
                .filter_map(|r| r.fields.get("AccountId").and_then(Json::as_str))
                .find(|id| crate::salesforce::id_key(id) != crate::salesforce::id_key(own));
            if let Some(other) = other {
                return Err(run.fail(
                    Error::user(format!(
                        "the escalation answers link the case to the account {other}, but this onboarding is for {own} (O9): the cancellation's case is the onboarding account's."
                    ))
                    .with_hint("give the onboarding account's Salesforce link as account_url in the --escalation file"),
                ));
            }
        }
        run.merge(escalation);
        Ok(())
    }
}

/// O12: the KYC OB Checklist is uploaded as the PDF it was exported to.
fn check_pdf(path: &str) -> Result<(), Error> {
    use std::io::Read;
    let mut head = [0u8; 5];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head));
    match read {
        Ok(()) if &head == b"%PDF-" => Ok(()),
        Ok(()) => Err(Error::user(format!(
            "kyc_pdf: {path} is not a PDF; O12 uploads the KYC OB Checklist exported as PDF."
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(Error::user(format!(
            "kyc_pdf: {path} is not a PDF (it is shorter than a PDF header)."
        ))),
        Err(e) => Err(Error::user(format!("kyc_pdf: cannot read {path}: {e}."))),
    }
}

/// O7: the training dates given, one per session in order; the warnings
/// for a date on a day off (B1), before the call, or without a session.
fn date_sessions(sessions: &mut [Json], a: &Answers, calendar: &Calendar) -> Vec<String> {
    let dates = list(a, "training_dates");
    let call = date(a, "call_completed_date").or(date(a, "call_scheduled_for"));
    let mut warnings = Vec::new();
    for (i, d) in dates.iter().enumerate() {
        let Ok(day) = NaiveDate::parse_from_str(d, "%Y-%m-%d") else {
            continue;
        };
        let long = crate::calendar::long_date(day);
        match sessions.get_mut(i) {
            Some(Json::Object(s)) => {
                s.insert("date".into(), json!(d));
            }
            _ => {
                warnings.push(format!(
                    "training_dates: {long} has no session: the products have {} training session{} (O6)",
                    sessions.len(),
                    if sessions.len() == 1 { "" } else { "s" }
                ));
                continue;
            }
        }
        if !calendar.is_business_day(day) {
            warnings.push(format!(
                "training_dates: {long} is not a business day (B1); the customer is invited on a day off"
            ));
        }
        if let Some(c) = call
            && day < c
        {
            warnings.push(format!(
                "training_dates: {long} is before the onboarding call ({})",
                crate::calendar::long_date(c)
            ));
        }
    }
    warnings
}

/// O3, B1: the onboarding call (scheduled or completed) answered on a day
/// off is warned, as a training date on one is.
fn meeting_days(a: &Answers, calendar: &Calendar) -> Vec<String> {
    ["call_scheduled_for", "call_completed_date"]
        .into_iter()
        .filter_map(|k| {
            let d = date(a, k)?;
            let why = calendar.day_off(d)?;
            Some(format!(
                "{k}: {} is not a business day (B1); the onboarding call falls on a day off ({why})",
                crate::calendar::long_date(d)
            ))
        })
        .collect()
}

/// O3: the onboarding dates in order (each not before the one it follows,
/// answered before it), and completed dates not in the future.
fn check_date(key: &str, d: NaiveDate, before: &Answers, today: NaiveDate) -> Option<String> {
    // The dates it follows, nearest first: the nearest one answered (an
    // earlier one refused leaves the one before it to compare with).
    let follows: &[&str] = match key {
        "call_completed_date" => &["call_scheduled_for"],
        "lms_setup_completed_date" => &["call_completed_date", "call_scheduled_for"],
        _ => return None,
    };
    if let Some((name, earlier)) = follows.iter().find_map(|k| date(before, k).map(|e| (k, e)))
        && d < earlier
    {
        return Some(format!("{d} is before {name} {earlier} (O3)"));
    }
    (d > today).then(|| {
        format!(
            "{d} is after today ({today}); a date is marked completed once it has happened (O3)"
        )
    })
}

/// The onboarding playbook's `data:` tables.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// O6: the training matrix: each product's sessions, each a list of modules.
    pub training_sessions: BTreeMap<String, Vec<Vec<MatrixModule>>>,
    /// O6: the order in which products are trained.
    pub training_order: Vec<String>,
    /// D3: the digital training webinars of each product.
    pub webinars: BTreeMap<String, Webinar>,
    /// D2: the Outreach sequences a digital account joins.
    pub sequences: Sequences,
    /// O13: what each product includes, told on the onboarding call.
    pub includes: BTreeMap<String, String>,
}

/// A module of the training matrix: a name, or a name with its topics.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum MatrixModule {
    Name(String),
    WithTopics(BTreeMap<String, Vec<String>>),
}

/// D3: a product's weekly webinar, or `case_by_case: true`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Webinar {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday: Option<crate::calendar::Day>,
    /// E.g. `11 am CST`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<Vec<Topic>>,
    /// Training arranged case by case instead of a weekly webinar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_by_case: Option<bool>,
}

/// A topic of a webinar's agenda, with its minutes and subtopics.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub topic: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtopics: Option<Vec<Topic>>,
}

/// D2: the Outreach sequences.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sequences {
    pub standard: String,
    /// For GameDay Men's Health accounts.
    pub gameday: String,
}

#[derive(Debug, Serialize)]
struct Module {
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    topics: Vec<String>,
}

/// The products in the playbook's training order.
fn ordered(products: &[String], order: &[String]) -> Vec<String> {
    let mut v: Vec<String> = order
        .iter()
        .filter(|o| products.contains(o))
        .cloned()
        .collect();
    v.extend(products.iter().filter(|p| !order.contains(p)).cloned());
    v
}

/// O6: the training sessions of a product combination, in order.
fn training_sessions(
    loaded: &Loaded,
    data: &Data,
    products: &[String],
) -> Result<Vec<Json>, Error> {
    let mut out = Vec::new();
    for product in ordered(products, &data.training_order) {
        let sessions = data.training_sessions.get(&product).ok_or_else(|| {
            Error::user(format!(
                "{}: the training matrix (data.training_sessions) has no sessions for {product}.",
                loaded.source.path
            ))
        })?;
        for (i, s) in sessions.iter().enumerate() {
            let modules: Vec<Module> = s
                .iter()
                .flat_map(|m| match m {
                    MatrixModule::Name(n) => vec![Module {
                        name: n.clone(),
                        topics: vec![],
                    }],
                    MatrixModule::WithTopics(map) => map
                        .iter()
                        .map(|(n, t)| Module {
                            name: n.clone(),
                            topics: t.clone(),
                        })
                        .collect(),
                })
                .collect();
            let n = out.len() + 1;
            let part = if sessions.len() > 1 {
                format!(" part {}", i + 1)
            } else {
                String::new()
            };
            out.push(json!({
                "session": n,
                "title": format!("Training {n}: {product}{part}"),
                "product": product,
                "modules": modules,
            }));
        }
    }
    Ok(out)
}

/// The first `weekday` strictly after `today`.
fn next_weekday(today: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() as i64
        - today.weekday().num_days_from_monday() as i64)
        % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    today
        .checked_add_days(Days::new(ahead as u64))
        .unwrap_or(today)
}

/// D3: the webinars of a digital account's products, with their next dates.
fn webinars(
    data: &Data,
    products: &[String],
    today: NaiveDate,
    calendar: &Calendar,
) -> Result<Vec<Json>, Error> {
    let mut out = Vec::new();
    for product in ordered(products, &data.training_order) {
        let Some(w) = data.webinars.get(&product) else {
            continue;
        };
        let Json::Object(mut entry) =
            serde_json::to_value(w).map_err(|e| Error::internal(e.to_string()))?
        else {
            return Err(Error::internal("a webinar is not a JSON object"));
        };
        entry.insert("product".into(), json!(product));
        match (w.case_by_case, w.weekday) {
            (Some(true), _) | (_, None) => {
                entry.insert(
                    "title".into(),
                    json!(format!("{product} training, arranged case by case")),
                );
            }
            (_, Some(day)) => {
                let time = w.time.as_deref().unwrap_or_default();
                entry.insert(
                    "title".into(),
                    json!(format!("{product} webinar, {day:?}s at {time}")),
                );
                // B1: a session that falls on a holiday moves to the next week's.
                let mut next = next_weekday(today, day.weekday());
                while !calendar.is_business_day(next) {
                    match next.checked_add_days(Days::new(7)) {
                        Some(n) => next = n,
                        None => break,
                    }
                }
                entry.insert(
                    "next_date".into(),
                    json!(next.format("%Y-%m-%d").to_string()),
                );
            }
        }
        out.push(Json::Object(entry));
    }
    Ok(out)
}
