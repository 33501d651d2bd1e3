//! What a dry run without a connection shows: the requests cs would send,
//! as it would group them (one upsert alone, more in Collections calls of
//! up to 200, updates in Collections calls or Bulk API jobs above the
//! threshold, creates one a call, Slack posts), with placeholders for what
//! is looked up when sending; and the dry run's closing notes.

use super::{Item, Todo, What};
use crate::plan::Link;
use crate::salesforce::bulk;
use crate::salesforce::effects::{upsert_groups, with_record_type};
use crate::salesforce::{
    COLLECTION_MAX, api_path, collection_body, limits, upsert_collection_body,
};
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{Value as Json, json};

/// The dry run's closing notes: what is held back, and the count of
/// `requests` for the items to send.
pub fn dry_run_notes(todo: &Todo, requests: usize) {
    for h in &todo.held {
        crate::out::note(&format!("held back: {}: {}", h.what, h.why));
    }
    crate::out::note(&dry_run_line(&todo.send, requests, todo.confirmed));
}

/// A request as the dry run shows it.
#[derive(Debug, Serialize)]
pub struct Preview {
    pub method: &'static str,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Json>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a dry run shows for a linked field.
fn placeholder(l: &Link) -> String {
    match l.looked_up() {
        Some(w) => format!("<{w}, looked up when sending>"),
        None => l.value.clone(),
    }
}

/// A dry-run body: placeholders say what is looked up when sending.
fn preview_fields(
    sobject: &str,
    record_type: &Option<String>,
    fields: &IndexMap<String, Json>,
    links: &IndexMap<String, Link>,
) -> IndexMap<String, Json> {
    let mut body = with_record_type(sobject, record_type, fields, None);
    for (field, l) in links {
        body.insert(field.clone(), json!(placeholder(l)));
    }
    body
}

fn object(m: IndexMap<String, Json>) -> Json {
    Json::Object(m.into_iter().collect())
}

/// The requests a run would send, in order, without sending any.
impl Preview {
    /// The request as a person reads it: method and path, the note, the
    /// body as indented JSON.
    pub fn text(&self) -> String {
        let mut text = format!("{} {}\n", self.method, self.path);
        if let Some(n) = &self.note {
            text.push_str(&format!("  # {n}\n"));
        }
        if let Some(b) = &self.body {
            let pretty = serde_json::to_string_pretty(b).unwrap_or_default();
            for l in pretty.lines() {
                text.push_str(&format!("  {l}\n"));
            }
        }
        text
    }
}

/// The dry run's closing line: requests, records and messages, and what the
/// journal already confirms.
pub fn dry_run_line(todo: &[&Item], requests: usize, skipped: usize) -> String {
    let plural = crate::out::plural::<usize>;
    let records = todo.iter().filter(|i| i.is_salesforce()).count();
    let changes = todo
        .iter()
        .filter(|i| matches!(i.what, What::Outreach(_)))
        .count();
    let messages = todo.len() - records - changes;
    let outreach = match changes {
        0 => String::new(),
        n => format!(", {n} Outreach change{}", plural(n)),
    };
    format!(
        "Dry run: {requests} request{} for {records} record{}{outreach} and {messages} Slack message{}{}.",
        plural(requests),
        plural(records),
        plural(messages),
        if skipped > 0 {
            format!("; {skipped} already confirmed by the journal")
        } else {
            String::new()
        }
    )
}

pub fn preview(items: &[&Item], version: &str, bulk_threshold: usize) -> Vec<Preview> {
    let mut out = Vec::new();
    let updates: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|i| matches!(i.what, What::Update { .. }))
        .collect();
    // As a run sends them: one upsert alone as PATCH /sobjects/..., more of
    // one object and field in Collections calls of up to 200.
    for ((sobject, field), group) in upsert_groups(items) {
        for chunk in group.chunks(COLLECTION_MAX) {
            let bodies: Vec<(&str, IndexMap<String, Json>)> = chunk
                .iter()
                .filter_map(|i| match &i.what {
                    What::Upsert {
                        value,
                        record_type,
                        fields,
                        links,
                        ..
                    } => Some((
                        value.as_str(),
                        preview_fields(sobject, record_type, fields, links),
                    )),
                    _ => None,
                })
                .collect();
            let (path, body) = match bodies.as_slice() {
                [(value, b)] => (
                    api_path(version, &["sobjects", sobject, field, value]),
                    object(b.clone()),
                ),
                _ => (
                    api_path(version, &["composite", "sobjects", sobject, field]),
                    upsert_collection_body(sobject, field, bodies.iter().map(|(v, b)| (*v, b))),
                ),
            };
            out.push(Preview {
                method: "PATCH",
                path,
                body: Some(body),
                note: None,
            });
        }
    }
    for i in items {
        if let What::Create {
            sobject,
            record_type,
            fields,
            links,
        } = &i.what
        {
            out.push(Preview {
                method: "POST",
                path: api_path(version, &["sobjects", sobject]),
                body: Some(object(preview_fields(sobject, record_type, fields, links))),
                note: None,
            });
        }
    }
    if updates.len() > bulk_threshold {
        let mut by_object: IndexMap<&str, usize> = IndexMap::new();
        for i in &updates {
            if let What::Update { sobject, .. } = &i.what {
                *by_object.entry(sobject).or_default() += 1;
            }
        }
        for (sobject, n) in by_object {
            out.push(Preview {
                method: "POST",
                path: api_path(version, &["jobs", "ingest"]),
                body: Some(bulk::job_spec(sobject)),
                note: Some(format!(
                    "a Bulk API 2.0 job updating {n} {sobject} record{} (then upload the CSV, close, poll, read results)",
                    crate::out::plural(n)
                )),
            });
        }
    } else {
        for chunk in updates.chunks(COLLECTION_MAX) {
            let records: Vec<(&str, String, IndexMap<String, Json>)> = chunk
                .iter()
                .filter_map(|i| match &i.what {
                    What::Update {
                        sobject,
                        id,
                        fields,
                        links,
                    } => {
                        let shown = if limits::is_id(id) {
                            id.clone()
                        } else {
                            format!("<Id of case number {id}, looked up when sending>")
                        };
                        let mut f = fields.clone();
                        for (field, l) in links {
                            f.insert(field.clone(), json!(placeholder(l)));
                        }
                        Some((sobject.as_str(), shown, f))
                    }
                    _ => None,
                })
                .collect();
            let body = collection_body(records.iter().map(|(o, id, f)| (*o, id.as_str(), f)));
            out.push(Preview {
                method: "PATCH",
                path: api_path(version, &["composite", "sobjects"]),
                body: Some(body),
                note: None,
            });
        }
    }
    for i in items {
        if let What::Slack(m) = &i.what {
            out.push(Preview {
                method: "POST",
                path: "<SLACK_WEBHOOK_URL>".into(),
                body: Some(crate::slack::payload(m)),
                note: None,
            });
        }
    }
    for i in items {
        if let What::Outreach(a) = &i.what {
            out.push(crate::outreach::effects::preview(a));
        }
    }
    out
}
