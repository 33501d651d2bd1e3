//! Building a plan from a playbook, validated answers and the facts a command
//! computed: conditions decide what applies, templates fill in the text,
//! schedules get real dates.

use super::dates::shift;
use super::{
    Check, Draft, ExternalId, Link, Message, OutreachAction, OutreachChange, Plan, Provenance,
    Record, Step,
};
use crate::answers::Answers;
use crate::calendar::Calendar;
use crate::digest::sha256_hex;
use crate::error::Error;
use crate::playbook::Loaded;
use crate::playbook::model::{FormRef, OutreachKind, SpStr};
use crate::template;
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde_json::{Value as Json, json};
use std::collections::HashMap;

/// Inputs to a plan beside the playbook.
pub struct Inputs<'a> {
    pub command: &'a str,
    /// The form the answers were collected for.
    pub form: FormRef<'a>,
    pub answers: &'a Answers,
    pub summary: IndexMap<String, Json>,
    pub today: NaiveDate,
    /// B1: the organization's business days.
    pub calendar: &'a Calendar,
}

/// The template context: every field (null when unanswered), `today`,
/// `summary`, `playbook`, the playbook's `data` tables, and `label`, the
/// label of each choice answer.
pub fn context(
    loaded: &Loaded,
    form: FormRef,
    answers: &Answers,
    summary: &IndexMap<String, Json>,
    today: NaiveDate,
) -> minijinja::Value {
    let p = &loaded.playbook;
    let mut ctx = serde_json::Map::new();
    for f in form.fields {
        let v = answers
            .values
            .get(&f.key.value)
            .map(|v| v.to_json())
            .unwrap_or(Json::Null);
        ctx.insert(f.key.value.clone(), v);
    }
    ctx.insert("today".into(), json!(today.format("%Y-%m-%d").to_string()));
    ctx.insert("summary".into(), json!(summary));
    ctx.insert(
        "playbook".into(),
        json!({"id": p.id.value, "title": p.title, "source": p.source}),
    );
    ctx.insert("data".into(), json!(p.data));
    // What people read of a choice answer: its label (`label.reason`).
    let mut labels = serde_json::Map::new();
    for f in form.fields.iter().filter(|f| !f.choices.is_empty()) {
        let label = |key: &str| {
            f.choices
                .iter()
                .find(|c| c.key.value == key)
                .map_or_else(|| key.to_string(), |c| c.label.clone())
        };
        let v = match answers.values.get(&f.key.value) {
            Some(crate::fields::Value::Text(k)) => json!(label(k)),
            Some(crate::fields::Value::List(ks)) => {
                json!(ks.iter().map(|k| label(k)).collect::<Vec<_>>())
            }
            _ => Json::Null,
        };
        labels.insert(f.key.value.clone(), v);
    }
    ctx.insert("label".into(), Json::Object(labels));
    minijinja::Value::from(minijinja::value::Serde(Json::Object(ctx)))
}

struct Renderer<'a> {
    loaded: &'a Loaded,
    ctx: minijinja::Value,
}

impl Renderer<'_> {
    fn fail(&self, t: &SpStr, e: &minijinja::Error) -> Error {
        Error::user(format!(
            "{}:{}:{}: the template failed: {}.",
            self.loaded.source.path,
            t.referenced.line(),
            t.referenced.column(),
            template::describe(e)
        ))
        .with_hint("check the playbook with: cs playbook lint")
    }
    fn text(&self, t: &SpStr) -> Result<String, Error> {
        template::render(&t.value, &self.ctx).map_err(|e| self.fail(t, &e))
    }
    /// A record field keeps the answer's JSON type when its template is `{{ key }}`.
    fn value(&self, t: &SpStr) -> Result<Json, Error> {
        if let Some(name) = template::lone_variable(&t.value) {
            let mut v = self.ctx.clone();
            for part in name.split('.') {
                v = v.get_attr(part).map_err(|e| self.fail(t, &e))?;
                if v.is_undefined() {
                    let e = minijinja::Error::new(
                        minijinja::ErrorKind::UndefinedError,
                        format!("'{name}' is undefined"),
                    );
                    return Err(self.fail(t, &e));
                }
            }
            return serde_json::to_value(&v).map_err(|e| Error::internal(e.to_string()));
        }
        self.text(t).map(Json::String)
    }
    fn holds(&self, w: &Option<SpStr>) -> Result<bool, Error> {
        match w {
            None => Ok(true),
            Some(w) => template::holds(&w.value, &self.ctx).map_err(|e| self.fail(w, &e)),
        }
    }
    fn blocks(&self, v: &Json, at: &SpStr) -> Result<Json, Error> {
        Ok(match v {
            Json::String(s) => {
                Json::String(self.text(&SpStr::new(s.clone(), at.referenced, at.defined))?)
            }
            Json::Array(a) => Json::Array(
                a.iter()
                    .map(|x| self.blocks(x, at))
                    .collect::<Result<_, _>>()?,
            ),
            Json::Object(o) => Json::Object(
                o.iter()
                    .map(|(k, x)| Ok((k.clone(), self.blocks(x, at)?)))
                    .collect::<Result<_, Error>>()?,
            ),
            other => other.clone(),
        })
    }
}

/// The most base64 text Salesforce takes in one JSON (non-multipart)
/// request: 37.5 MB ("Insert or Update Blob Data", REST API guide).
pub const BLOB_BASE64_MAX: usize = 37 * 1024 * 1024 + 512 * 1024;

/// A file's contents as base64, for a blob field; a file Salesforce would
/// refuse in one request is refused here, naming its size.
fn file_base64(path: &str) -> Result<String, Error> {
    use base64::Engine;
    let bytes = std::fs::read(path)
        .map_err(|e| Error::user(format!("{path}: cannot read the file: {e}.")))?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
    if encoded.len() > BLOB_BASE64_MAX {
        return Err(Error::user(format!(
            "{path}: the file is {:.1} MB; Salesforce takes at most 37.5 MB of base64 (about 28 MB of file) in one request.",
            bytes.len() as f64 / (1024.0 * 1024.0)
        )));
    }
    Ok(encoded)
}

/// A stable key for a record: the same answers always give the same value.
fn derived_key(
    playbook: &str,
    answers: &IndexMap<String, Json>,
    index: usize,
    item: Option<&str>,
) -> String {
    let canonical = match item {
        None => serde_json::to_string(&(playbook, answers, index)),
        Some(item) => serde_json::to_string(&(playbook, answers, index, item)),
    }
    .unwrap_or_default();
    let hex = sha256_hex(canonical.as_bytes(), 10);
    format!("cs-{playbook}-{hex}")
}

pub fn build(loaded: &Loaded, inputs: Inputs) -> Result<Plan, Error> {
    let p = &loaded.playbook;
    let form = inputs.form;
    let r = Renderer {
        loaded,
        ctx: context(
            loaded,
            inputs.form,
            inputs.answers,
            &inputs.summary,
            inputs.today,
        ),
    };
    let answers_json: IndexMap<String, Json> = inputs
        .answers
        .values
        .iter()
        .map(|(k, v)| (k.clone(), v.to_json()))
        .collect();
    // B1: the organization's calendar, with the playbook's own days off.
    let calendar = inputs.calendar.clone().with_dates(
        p.holidays
            .iter()
            .filter_map(|h| NaiveDate::parse_from_str(&h.value, "%Y-%m-%d").ok()),
    );

    let mut checklist = Vec::new();
    for item in form.checklist {
        if r.holds(&item.when)? {
            checklist.push(Check {
                rule: item.rule.value.clone(),
                text: r.text(&item.text)?,
                status: None,
            });
        }
    }

    let mut schedule = Vec::new();
    // Per sequence: the offset and date of its last step so far.
    let mut sequences: HashMap<&str, (i64, NaiveDate)> = HashMap::new();
    for step in form.schedule {
        if !r.holds(&step.when)? {
            continue;
        }
        let anchor = if step.from.value == "today" {
            inputs.today
        } else if let Some(name) = step.from.value.strip_prefix("summary.") {
            // A date the playbook or its SOP computed (F5's effective date).
            match inputs
                .summary
                .get(name)
                .and_then(Json::as_str)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            {
                Some(d) => d,
                None => continue,
            }
        } else {
            match inputs.answers.values.get(&step.from.value) {
                Some(crate::fields::Value::Date(d)) => *d,
                // A step anchored on an unanswered date does not apply yet.
                _ => continue,
            }
        };
        let every = i64::from(step.every.unwrap_or(1));
        let occurrences = i64::from(step.repeat.unwrap_or(1));
        // B1: someone acts on a step's date, so it is a business day
        // unless the step says it may fall on any day.
        let settle = |d: NaiveDate| {
            if step.any_day {
                d
            } else {
                calendar.on_or_after(d)
            }
        };
        for k in 0..occurrences {
            let offset = step.offset + k * every;
            let date = settle(shift(anchor, offset, step.days, &calendar));
            let date = match &step.sequence {
                Some(name) => {
                    let date = match sequences.get(name.as_str()) {
                        Some(&(o, d)) if o == offset => d,
                        Some(&(o, d)) if o < offset && date <= d => {
                            settle(d.succ_opt().unwrap_or(d))
                        }
                        _ => date,
                    };
                    sequences.insert(name, (offset, date));
                    date
                }
                None => date,
            };
            let date = date.format("%Y-%m-%d").to_string();
            let extra = minijinja::Value::from(std::collections::BTreeMap::from([
                ("occurrence", minijinja::Value::from(k + 1)),
                ("occurrences", minijinja::Value::from(occurrences)),
                ("occurrence_date", minijinja::Value::from(date.clone())),
            ]));
            let ctx = minijinja::value::merge_maps([r.ctx.clone(), extra]);
            let action =
                template::render(&step.action.value, &ctx).map_err(|e| r.fail(&step.action, &e))?;
            schedule.push(Step {
                date,
                action,
                channel: step.channel.clone(),
                rule: step.rule.as_ref().map(|r| r.value.clone()),
                default: step.default,
            });
        }
    }
    // Stable by date, keeping playbook order within a day.
    schedule.sort_by(|a, b| a.date.cmp(&b.date));

    let mut records = Vec::new();
    for (i, t) in form.records.iter().enumerate() {
        if !r.holds(&t.when)? {
            continue;
        }
        // One record, or one per entry of the `for_each` list (as `item`).
        let items: Vec<Option<String>> = match &t.for_each {
            None => vec![None],
            Some(fe) => match inputs.answers.values.get(&fe.value) {
                Some(crate::fields::Value::List(l)) => l.iter().cloned().map(Some).collect(),
                _ => Vec::new(),
            },
        };
        for item in items {
            let scoped;
            let rr = match &item {
                None => &r,
                Some(item) => {
                    let extra = minijinja::Value::from(std::collections::BTreeMap::from([(
                        "item",
                        minijinja::Value::from(item.clone()),
                    )]));
                    scoped = Renderer {
                        loaded,
                        ctx: minijinja::value::merge_maps([r.ctx.clone(), extra]),
                    };
                    &scoped
                }
            };
            let mut fields = IndexMap::new();
            for (name, v) in &t.fields {
                // An empty value is left out, so an update never clears what
                // Salesforce already holds.
                match rr.value(v)? {
                    Json::Null => {}
                    Json::String(s) if s.is_empty() => {}
                    v => {
                        fields.insert(name.clone(), v);
                    }
                }
            }
            let external_id = match &t.external_id {
                None => None,
                Some(e) => Some(ExternalId {
                    field: e.field.clone(),
                    value: match &e.value {
                        Some(v) => rr.text(v)?,
                        None if e.identity.is_empty() => {
                            derived_key(&p.id.value, &answers_json, i, item.as_deref())
                        }
                        None => {
                            let identity: IndexMap<String, Json> = e
                                .identity
                                .iter()
                                .map(|k| {
                                    let v = answers_json.get(&k.value).cloned();
                                    (k.value.clone(), v.unwrap_or(Json::Null))
                                })
                                .collect();
                            derived_key(&p.id.value, &identity, i, item.as_deref())
                        }
                    },
                }),
            };
            if let Some(file) = &t.file {
                let path = inputs.answers.values.get(&file.from.value);
                if let Some(crate::fields::Value::Text(path)) = path {
                    fields.insert(file.field.clone(), Json::String(file_base64(path)?));
                }
            }
            let mut links = IndexMap::new();
            for (field, target) in &t.links {
                // The record the plan writes by External ID, or updates by
                // Id (or, for a Case, by its number).
                let found = records.iter().rev().find_map(|r: &Record| {
                    if r.sobject != target.value {
                        return None;
                    }
                    if let Some(x) = &r.external_id {
                        return Some((x.field.clone(), x.value.clone()));
                    }
                    let id = r.fields.get("Id").and_then(Json::as_str)?;
                    let by_number =
                        r.sobject == "Case" && crate::salesforce::limits::is_case_number(id);
                    Some((
                        if by_number { "CaseNumber" } else { "Id" }.to_string(),
                        id.to_string(),
                    ))
                });
                let Some((by, value)) = found else {
                    return Err(Error::user(format!(
                        "{}: {} links {field} to {}, which this plan does not write.",
                        loaded.source.path, t.sobject, target.value
                    )));
                };
                links.insert(
                    field.clone(),
                    Link {
                        sobject: target.value.clone(),
                        field: by,
                        value,
                        of_account: None,
                    },
                );
            }
            // People named by an answer: users anywhere, contacts of the
            // record's account.
            let account = fields
                .get("AccountId")
                .and_then(Json::as_str)
                .map(str::to_string);
            let people = t
                .users
                .iter()
                .map(|(f, k)| (f, k, "User"))
                .chain(t.contacts.iter().map(|(f, k)| (f, k, "Contact")));
            for (field, key, sobject) in people {
                let person = match inputs.answers.values.get(&key.value) {
                    Some(v) => v.to_json(),
                    None => continue,
                };
                let Some(person) = person.as_str().map(str::trim).filter(|p| !p.is_empty()) else {
                    continue;
                };
                let of_account = match sobject {
                    "Contact" => match &account {
                        Some(a) => Some(a.clone()),
                        None => continue,
                    },
                    _ => None,
                };
                links.insert(
                    field.clone(),
                    Link {
                        sobject: sobject.into(),
                        field: crate::salesforce::named_by(person).into(),
                        value: person.to_string(),
                        of_account,
                    },
                );
            }
            let unique_open = t.unique_open.as_ref().map(|u| crate::plan::UniqueOpen {
                same: u
                    .same
                    .iter()
                    .map(|f| {
                        let v = fields.get(&f.value).cloned().unwrap_or(Json::Null);
                        (f.value.clone(), v)
                    })
                    .collect(),
                condition: u.condition.clone(),
            });
            records.push(Record {
                sobject: t.sobject.clone(),
                operation: t.operation,
                record_type: t.record_type.clone(),
                external_id,
                fields,
                links,
                unique_open,
                seen: None,
            });
        }
    }

    let mut messages = Vec::new();
    for m in form.messages {
        if r.holds(&m.when)? {
            messages.push(Message {
                channel: m.channel.clone(),
                text: r.text(&m.text)?,
                blocks: match &m.blocks {
                    Some(b) => Some(r.blocks(
                        &b.value,
                        &SpStr::new(String::new(), b.referenced, b.defined),
                    )?),
                    None => None,
                },
            });
        }
    }

    let mut drafts = Vec::new();
    for d in form.drafts {
        if r.holds(&d.when)? {
            let (subject, body) = match &d.outreach {
                // W1: the organization's own template, in Outreach.
                Some(name) => (
                    None,
                    format!("Send the Outreach template \"{name}\" (your organization's wording)."),
                ),
                None => (
                    d.subject.as_ref().map(|s| r.text(s)).transpose()?,
                    r.text(&d.body)?,
                ),
            };
            drafts.push(Draft {
                kind: d.kind.clone(),
                template: d.template.clone(),
                subject,
                body,
                customer_facing: d.customer_facing,
                default: d.default && d.outreach.is_none(),
                outreach_template: d.outreach.clone(),
            });
        }
    }

    let mut warnings = inputs.answers.warnings.clone();
    let mut outreach = Vec::new();
    for o in form.outreach {
        if !r.holds(&o.when)? {
            continue;
        }
        let mut texts: HashMap<&str, String> = HashMap::new();
        for (name, t) in o.texts() {
            let v = r.text(t)?;
            if !v.trim().is_empty() {
                texts.insert(name, v.trim().to_string());
            }
        }
        let (needs, _) = o.action.value.needs();
        let missing: Vec<&str> = needs
            .iter()
            .copied()
            .filter(|n| !texts.contains_key(n))
            .collect();
        // The people (emails) answered in part: said (the checklist still
        // says what to do by hand); not at all, Outreach is left to people.
        let answered = |name: &&str| {
            !matches!(*name, "account" | "sequence")
                && o.texts().into_iter().any(|(n, t)| {
                    n == *name
                        && template::variables(&t.value, false)
                            .unwrap_or_default()
                            .iter()
                            .any(|v| !v.starts_with("summary") && !v.starts_with("data"))
                })
        };
        let partly = needs.iter().any(|n| texts.contains_key(n) && answered(n));
        if !missing.is_empty() && !partly {
            continue;
        }
        if !missing.is_empty() {
            warnings.push(format!(
                "{}: no Outreach change is planned: its {} {} empty (answer {} to let cs submit make it)",
                o.rule.value,
                missing.join(" and "),
                if missing.len() == 1 { "is" } else { "are" },
                o.texts()
                    .into_iter()
                    .filter(|(n, _)| missing.contains(n))
                    .flat_map(|(_, t)| template::variables(&t.value, false).unwrap_or_default())
                    .filter(|n| !n.starts_with("summary") && !n.starts_with("data"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            continue;
        }
        let mut take = |n: &str| texts.remove(n).unwrap_or_default();
        let action = match o.action.value {
            OutreachKind::Add => OutreachAction::Add {
                sequence: take("sequence"),
                email: take("email"),
                name: Some(take("name")).filter(|v| !v.is_empty()),
                account: Some(take("account")).filter(|v| !v.is_empty()),
                mailbox: take("mailbox"),
            },
            OutreachKind::Finish => OutreachAction::Finish {
                sequence: take("sequence"),
                email: take("email"),
                state: None,
            },
            OutreachKind::Owner => OutreachAction::Owner {
                account: take("account"),
                owner: take("owner"),
            },
        };
        outreach.push(OutreachChange {
            rule: o.rule.value.clone(),
            action,
        });
    }

    Ok(Plan {
        format: Some(super::FORMAT),
        playbook: p.id.value.clone(),
        command: inputs.command.to_string(),
        provenance: Provenance {
            cs_version: env!("CARGO_PKG_VERSION").to_string(),
            playbook_sha256: loaded.source.sha256(),
        },
        summary: inputs.summary,
        answers: answers_json,
        records,
        messages,
        schedule,
        // W1: the default tables feed the customer's texts.
        defaults: if drafts.iter().any(|d| d.customer_facing) {
            p.default_data
                .iter()
                .map(|k| format!("data.{}", k.value))
                .collect()
        } else {
            Vec::new()
        },
        drafts,
        checklist,
        warnings,
        outreach,
    })
}
