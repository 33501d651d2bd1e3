//! Escalations (MT-CS-005): the SOP lives in playbooks/escalation.yaml
//! (fields, the E9 status machine, the cadence, records, messages). This
//! module holds what data cannot: the E2 category lookup, the E9 move check,
//! E5's call deadline, and the N3 notes file.

use super::{date, text};
use crate::answers::{Answers, Provided};
use crate::calendar::Calendar;
use crate::error::Error;
use crate::fields::note;
use crate::plan::dates::shift;
use crate::playbook::model::{DayKind, Playbook};
use crate::workflow::{Cx, Facts, Sop, Workflow};
use chrono::{NaiveDate, NaiveTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};

const PLAYBOOK: &str = "escalation";

/// The fields this module computes with: (form, key).
pub const FIELDS: &[(&str, &str)] = &[
    ("", "reason"),
    ("advance", "current_status"),
    ("advance", "status"),
    ("advance", "case_created"),
    ("advance", "call_scheduled_for"),
    ("advance", "call_completed_date"),
    ("note", "note"),
    ("cadence", "account_name"),
];

pub const ADVANCE: Workflow = Workflow {
    command: "escalate advance",
    playbook: PLAYBOOK,
    form: "advance",
};
pub const NOTE: Workflow = Workflow {
    command: "escalate note",
    playbook: PLAYBOOK,
    form: "note",
};
pub const CADENCE: Workflow = Workflow {
    command: "escalate cadence",
    playbook: PLAYBOOK,
    form: "cadence",
};

/// E5 (decided with B1): "within 24 hours" is a deadline. The call is the
/// same business day, or the next business day when the escalation comes in
/// after business hours, on a day off or before one (a Friday, the day
/// before a holiday). `now` is the time it came in, when known.
pub fn call_by(today: NaiveDate, now: Option<NaiveTime>, calendar: &Calendar) -> NaiveDate {
    let tomorrow = today.succ_opt().unwrap_or(today);
    if calendar.is_business_day(today)
        && calendar.is_business_day(tomorrow)
        && !calendar.after_hours(now)
    {
        today
    } else {
        calendar.on_or_after(tomorrow)
    }
}

/// The escalation playbook's `data:` tables.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// E5: the call with the client is due within this many days of the
    /// escalation (1: within 24 hours); a later call is a warning.
    pub call_within_days: u32,
}

/// Opens an escalation case (E3-E5, E10): `cs escalate`, and any command
/// that opens one (O9: a cancellation request during onboarding).
pub struct Open {
    /// The command the person ran, for messages and resume hints.
    pub command: &'static str,
    /// Answers known from the command that opens the case (O9: the
    /// onboarding's account, products, MRR and FMC). They are fixed: an
    /// answers file or `--set` that gives another value is refused, so one
    /// plan never shows two MRRs.
    pub seed: Provided,
}

impl Default for Open {
    fn default() -> Self {
        Self {
            command: "escalate",
            seed: Provided::default(),
        }
    }
}

impl Sop for Open {
    fn workflow(&self) -> Workflow {
        Workflow {
            command: self.command,
            playbook: PLAYBOOK,
            form: "",
        }
    }

    fn fixed(&self) -> (&str, Provided) {
        (self.command, self.seed.clone())
    }

    /// E2: the category of the churn reason; E5: the day of the call.
    fn facts(&self, cx: &Cx, a: &Answers, facts: &mut Facts) -> Result<(), Error> {
        if let Some(r) = text(a, "reason").and_then(|r| cx.taxonomy.find_reason(r)) {
            facts.summary.insert("category".into(), json!(r.category));
        }
        // E4: the channel's post names the case; before the case exists it
        // says so, and the number must follow.
        if matches!(a.values.get("fmc"), Some(crate::fields::Value::Bool(true)))
            && text(a, "case_number").is_none()
        {
            facts.warnings.push(
                format!(
                    "the case number is not known yet: post it in the escalation Slack channel once the case exists (E4); to record it on the same case, run again with --set case_number=NUMBER --set opened_on={}",
                    date(a, "opened_on").unwrap_or(cx.today())
                ),
            );
        }
        // E11: who makes each move, as the status machine says.
        let steps: Vec<Json> = cx
            .loaded
            .playbook
            .statuses
            .iter()
            .filter_map(|s| {
                s.role
                    .as_ref()
                    .map(|r| Json::String(format!("{}, {r}", s.label)))
            })
            .collect();
        facts.summary.insert("steps".into(), Json::from(steps));
        let call_by = call_by(cx.today(), cx.env.now, cx.calendar);
        facts.summary.insert(
            "call_by".into(),
            json!(call_by.format("%Y-%m-%d").to_string()),
        );
        Ok(())
    }
}

/// Moves a case to its next status (E5-E9).
pub struct Advance;

impl Sop for Advance {
    fn workflow(&self) -> Workflow {
        ADVANCE
    }

    /// E9: a move the status machine refuses stops before any question.
    fn precheck(&self, cx: &Cx, given: &Provided) -> Result<(), Error> {
        let form = crate::workflow::form_of(cx.loaded, ADVANCE)?;
        let key = |name: &str| {
            let field = form.field(name)?;
            let answer = given.values.get(name)?.as_str()?;
            crate::fields::choice_key(field, answer).ok()
        };
        match (key("current_status"), key("status")) {
            (Some(from), Some(to)) => check_move(&cx.loaded.playbook, &from, &to),
            _ => Ok(()),
        }
    }

    fn facts(&self, cx: &Cx, a: &Answers, facts: &mut Facts) -> Result<(), Error> {
        let p = &cx.loaded.playbook;
        let (Some(from), Some(to)) = (text(a, "current_status"), text(a, "status")) else {
            return Err(Error::internal(
                "the advance form must ask current_status and status",
            ));
        };
        let label = |k: &str| status_label(p, k);
        check_move(p, from, to)?;
        facts
            .summary
            .insert("from_label".into(), json!(label(from)));
        facts
            .summary
            .insert("status_label".into(), json!(label(to)));
        let role = p.status(to).and_then(|s| s.role.clone());
        facts.summary.insert("role".into(), json!(role));
        let data: Data = super::data(cx.loaded)?;
        facts.warnings.extend(call_deadline(
            a,
            cx.today(),
            data.call_within_days,
            cx.calendar,
        )?);
        Ok(())
    }
}

/// The label Salesforce shows for a status key.
fn status_label(p: &Playbook, key: &str) -> String {
    p.status(key)
        .map(|s| s.label.clone())
        .unwrap_or_else(|| key.to_string())
}

/// E9: only the moves the status machine allows; the refusal names them.
fn check_move(p: &Playbook, from: &str, to: &str) -> Result<(), Error> {
    let label = |k: &str| status_label(p, k);
    let Some(from_status) = p.status(from) else {
        return Err(Error::user(format!(
            "'{from}' is not a status of the escalation playbook."
        )));
    };
    if from_status.next.iter().any(|n| n.value == to) {
        return Ok(());
    }
    let allowed: Vec<String> = from_status.next.iter().map(|n| label(&n.value)).collect();
    let (from, to) = (label(from), label(to));
    Err(Error::user(if allowed.is_empty() {
        format!("a case cannot move from {from} to {to} (E9): {from} is final.")
    } else {
        format!(
            "a case cannot move from {from} to {to} (E9); from {from} it may move to: {}.",
            allowed.join(", ")
        )
    }))
}

/// E5: the call is due within `days` days of the escalation (the playbook
/// says 1: 24 hours), by the deadline the plan dates the call with
/// ([`call_by`]: the same business day, or the next one for a case before a
/// weekend or holiday: a Friday case called on Monday is on time); a later call
/// is a warning, as is a call on a day off (B1); a call before the case or
/// a completed call in the future is an error.
fn call_deadline(
    a: &Answers,
    today: NaiveDate,
    days: u32,
    calendar: &Calendar,
) -> Result<Vec<String>, Error> {
    let long = crate::calendar::long_date;
    let mut warnings = Vec::new();
    if let Some(call) = date(a, "call_scheduled_for") {
        if let Some(why) = calendar.day_off(call) {
            warnings.push(format!(
                "call_scheduled_for: {} is not a business day (B1); the call with the client falls on a day off ({why})",
                long(call)
            ));
        }
        if let Some(created) = date(a, "case_created") {
            if call < created {
                return Err(Error::user(format!(
                    "call_scheduled_for ({}) is before the case was created ({}).",
                    long(call),
                    long(created)
                )));
            }
            // The plan's deadline for a case created that day in business
            // hours; one created after hours has until the next business day.
            let due = shift(
                call_by(created, None, calendar),
                i64::from(days.saturating_sub(1)),
                DayKind::Business,
                calendar,
            );
            let after_hours = shift(
                calendar.on_or_after(created.succ_opt().unwrap_or(created)),
                i64::from(days.saturating_sub(1)),
                DayKind::Business,
                calendar,
            );
            if call > due {
                let within = if days == 1 {
                    "24 hours".to_string()
                } else {
                    format!("{days} days")
                };
                let later = if after_hours > due && call <= after_hours {
                    format!(
                        "; if the case came in after business hours, its deadline is {} and the call is on time",
                        long(after_hours)
                    )
                } else {
                    String::new()
                };
                warnings.push(format!(
                    "call_scheduled_for: the call is scheduled for {}, after {}, the deadline for a case created on {} (E5 asks for a call within {within}){later}",
                    long(call),
                    long(due),
                    long(created)
                ));
            }
        }
    }
    if let Some(d) = date(a, "call_completed_date") {
        if d > today {
            return Err(Error::user(format!(
                "call_completed_date ({}) is after today ({}); a call is completed once it has happened.",
                long(d),
                long(today)
            )));
        }
        if let Some(why) = calendar.day_off(d) {
            warnings.push(format!(
                "call_completed_date: {} is not a business day (B1); the call with the client was on a day off ({why})",
                long(d)
            ));
        }
    }
    Ok(warnings)
}

pub use crate::fields::note::{CaseNotes, Notes};

/// Appends today's note to the case's Escalation Notes (N1, N3). Salesforce
/// replaces a field with what is sent, so the notes as they are must be
/// known: given (`existing`), read from the org (`org`), or none yet
/// (`first`); otherwise cs refuses.
#[derive(Default)]
pub struct Note<'a> {
    pub existing: Option<Notes>,
    /// Where to read the notes the case holds now.
    pub org: Option<std::cell::RefCell<&'a mut dyn CaseNotes>>,
    /// The case has no notes yet: this one starts them.
    pub first: bool,
    /// Add the note even if the notes already have one for its day.
    pub force: bool,
}

/// The notes field of a case: the field the note form's record writes
/// `summary.notes` to.
fn notes_field(cx: &Cx) -> Option<String> {
    let form = cx.loaded.playbook.form(cx.workflow.form)?;
    form.records.iter().find_map(|r| {
        r.fields
            .iter()
            .find(|(_, t)| t.value.contains("summary.notes"))
            .map(|(name, _)| name.clone())
    })
}

impl Sop for Note<'_> {
    fn workflow(&self) -> Workflow {
        NOTE
    }

    fn facts(&self, cx: &Cx, a: &Answers, facts: &mut Facts) -> Result<(), Error> {
        let Some(new) = text(a, "note") else {
            return Err(Error::internal("the note form must ask for a note"));
        };
        let new = note::parse(new).map_err(|e| Error::internal(e.to_string()))?;
        let none = Notes::default();
        let read;
        let existing = match (&self.existing, &self.org, self.first) {
            (Some(e), _, _) => e,
            (None, Some(org), _) => {
                let case = text(a, "case_id").unwrap_or_default();
                let field = notes_field(cx).ok_or_else(|| {
                    Error::user("the note form writes no record field from summary.notes; cs cannot read the notes it appends to.")
                })?;
                read = org.borrow_mut().notes(case, &field)?;
                &read
            }
            (None, None, true) => &none,
            (None, None, false) => {
                return Err(Error::user(
                    "without the case's notes as they are, this plan would replace its Escalation Notes with today's note alone; nothing was written.",
                )
                .with_hint("pass --from-org to read them from Salesforce, --existing FILE with the notes copied from the case (`-` reads stdin), or --first if the case has none yet"));
            }
        };
        let name = &existing.name;
        let mut latest: Option<NaiveDate> = None;
        for (line, text) in &existing.lines {
            match note::parse(text) {
                Ok(n) => {
                    if n.date == new.date && !self.force {
                        return Err(Error::user(format!(
                            "{name}:{line}: the Escalation Notes already have a note for {} ('{text}'); N3 asks for one a day.",
                            new.date.format("%m/%d/%y")
                        ))
                        .with_hint("add --force to add a second note for the same day"));
                    }
                    latest = latest.max(Some(n.date));
                }
                Err(e) => facts.warnings.push(format!(
                    "{name}:{line}: an existing note is not in N1 form: {e}"
                )),
            }
        }
        if new.date != cx.today() {
            facts.warnings.push(format!(
                "the note is dated {}, not today ({}); N3 asks for a note every day",
                new.date,
                cx.today()
            ));
        }
        if let Some(l) = latest
            && new.date < l
        {
            facts.warnings.push(format!(
                "the note is dated {}, before the newest existing note ({l}); notes are kept newest last",
                new.date
            ));
        }
        let mut all: Vec<String> = existing.lines.iter().map(|(_, t)| t.clone()).collect();
        all.push(new.to_string());
        facts.summary.insert("notes_count".into(), json!(all.len()));
        facts
            .summary
            .insert("appended".into(), json!(new.to_string()));
        facts.summary.insert("notes".into(), json!(all.join("\n")));
        Ok(())
    }
}

/// The 10-business-day follow-up plan of an unresponsive account (E10, N4):
/// all of it is in the playbook's `cadence` form.
pub struct Cadence;

impl Cadence {
    /// The name of the cadence's calendar: "Follow-up: ACCOUNT".
    pub fn calendar_name(plan: &crate::plan::Plan) -> String {
        let account = plan.answers.get("account_name").and_then(|v| v.as_str());
        format!("Follow-up: {}", account.unwrap_or("account"))
    }
}

impl Sop for Cadence {
    fn workflow(&self) -> Workflow {
        CADENCE
    }

    fn facts(&self, _: &Cx, _: &Answers, _: &mut Facts) -> Result<(), Error> {
        Ok(())
    }
}
