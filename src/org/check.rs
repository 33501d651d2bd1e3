//! `cs org check`: the org against the playbooks. Each object a playbook
//! writes or reads is described once; every field it names must exist, an
//! External ID field must be External ID and Unique, a record type active,
//! and the values a playbook writes to a picklist must be values of it.
//! Findings are lint diagnostics at the playbook's `path:line:col`.

use super::{Live, account_path};
use crate::churn::Taxonomy;
use crate::diag::{Diagnostic, Severity};
use crate::error::Error;
use crate::playbook::Loaded;
use crate::playbook::model::{FieldType, FormRef, OrgSource, SpStr};
use crate::salesforce::Failure;
use indexmap::IndexMap;
use reqwest::Method;
use serde_json::Value as Json;

/// Where cs reads an object's description.
pub trait Describe {
    /// The object's describe, or `None` when the org has no such object
    /// (or the user cannot see it).
    fn describe(&mut self, sobject: &str) -> Result<Option<Json>, Error>;
}

impl Describe for Live<'_> {
    fn describe(&mut self, sobject: &str) -> Result<Option<Json>, Error> {
        let url = self.sf.url(&["sobjects", sobject, "describe"])?;
        let r = self
            .sf
            .call(Method::GET, &url, &[], crate::salesforce::Body::None, true)
            .map_err(Failure::into_error)?;
        if r.status == 404 {
            return Ok(None);
        }
        match r.parsed() {
            Some(j) if r.ok() && j["fields"].is_array() => Ok(Some(j)),
            _ => Err(Error::remote(format!(
                "Salesforce's answer to the describe of {sobject} is not one: {}",
                r.describe()
            ))),
        }
    }
}

/// The describes of the objects asked so far.
struct Objects<'d> {
    d: &'d mut dyn Describe,
    seen: IndexMap<String, Option<Json>>,
}

impl Objects<'_> {
    fn get(&mut self, sobject: &str) -> Result<Option<&Json>, Error> {
        if !self.seen.contains_key(sobject) {
            let j = self.d.describe(sobject)?;
            self.seen.insert(sobject.to_string(), j);
        }
        Ok(self.seen[sobject].as_ref())
    }
}

/// A field of a describe, by API name (case-insensitive, as SOQL is).
fn field<'j>(describe: &'j Json, name: &str) -> Option<&'j Json> {
    describe["fields"].as_array()?.iter().find(|f| {
        f["name"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// The active values of a picklist field.
fn picklist(f: &Json) -> Option<Vec<&str>> {
    if !matches!(f["type"].as_str(), Some("picklist" | "multipicklist")) {
        return None;
    }
    Some(
        f["picklistValues"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|v| v["active"] != Json::Bool(false))
                    .filter_map(|v| v["value"].as_str())
                    .collect()
            })
            .unwrap_or_default(),
    )
}

/// The values a record field's template can write, when they can be known
/// without answers: a literal, or the choices (or churn reasons) of the
/// field it names.
fn written_values(t: &str, form: FormRef, taxonomy: &Taxonomy) -> Vec<String> {
    let t = t.trim();
    if !t.contains("{{") && !t.contains("{%") {
        return if t.is_empty() {
            vec![]
        } else {
            vec![t.to_string()]
        };
    }
    let Some(inner) = t.strip_prefix("{{").and_then(|x| x.strip_suffix("}}")) else {
        return vec![];
    };
    let expr = inner.trim();
    let (name, by_label) = match expr.strip_prefix("label.") {
        Some(n) => (n, true),
        None => (expr.split('|').next().unwrap_or("").trim(), false),
    };
    let joined = expr.contains("join(");
    let Some(f) = form.field(name) else {
        return vec![];
    };
    let choices = || {
        f.choices
            .iter()
            .map(|c| {
                if by_label {
                    c.label.clone()
                } else {
                    c.key.value.clone()
                }
            })
            .collect()
    };
    match f.kind.value {
        FieldType::Choice if !joined => choices(),
        FieldType::MultiChoice if joined || by_label => choices(),
        FieldType::ChurnReason => taxonomy.reasons.iter().map(|r| r.reason.clone()).collect(),
        _ => vec![],
    }
}

/// Checks `playbooks` against the org; the diagnostics, each with the index
/// of its playbook.
pub fn check(
    playbooks: &[Loaded],
    taxonomy: &Taxonomy,
    d: &mut dyn Describe,
) -> Result<Vec<(Diagnostic, usize)>, Error> {
    let mut objects = Objects {
        d,
        seen: IndexMap::new(),
    };
    let mut out = Vec::new();
    for (pi, l) in playbooks.iter().enumerate() {
        let path = l.source.path.clone();
        let mut say = |at: &SpStr, sev: Severity, msg: String| {
            out.push((Diagnostic::at(&path, at.referenced, sev, msg), pi));
        };
        for form in l.playbook.all_forms() {
            for r in form.records {
                // Where the record is: its first field (or link) in the file.
                let Some(anchor) = r.fields.values().chain(r.links.values()).next() else {
                    continue;
                };
                let Some(desc) = objects.get(&r.sobject)? else {
                    say(
                        anchor,
                        Severity::Error,
                        format!(
                            "the org has no object {} (or the user cs logs in as cannot see it)",
                            r.sobject
                        ),
                    );
                    continue;
                };
                let desc = desc.clone();
                for (name, t) in r.fields.iter().chain(r.links.iter()) {
                    let Some(f) = field(&desc, name) else {
                        say(
                            t,
                            Severity::Error,
                            format!("{} has no field {name}", r.sobject),
                        );
                        continue;
                    };
                    if let Some(values) = picklist(f) {
                        for v in written_values(&t.value, form, taxonomy) {
                            let parts: Vec<&str> = if f["type"] == "multipicklist" {
                                v.split(';').collect()
                            } else {
                                vec![v.as_str()]
                            };
                            for p in parts.into_iter().filter(|p| !values.contains(p)) {
                                say(
                                    t,
                                    Severity::Error,
                                    format!(
                                        "'{p}' is not an active value of the picklist {}.{name} (values: {})",
                                        r.sobject,
                                        values.join(", ")
                                    ),
                                );
                            }
                        }
                    }
                }
                if let Some(x) = &r.external_id {
                    match field(&desc, &x.field) {
                        None => say(
                            anchor,
                            Severity::Error,
                            format!(
                                "{} has no field {} (the record's External ID)",
                                r.sobject, x.field
                            ),
                        ),
                        Some(f) if f["externalId"] != Json::Bool(true) => say(
                            anchor,
                            Severity::Error,
                            format!(
                                "{}.{} is not an External ID field: cs upserts by it (Setup > Object Manager > {} > Fields: tick External ID and Unique)",
                                r.sobject, x.field, r.sobject
                            ),
                        ),
                        Some(f) if f["unique"] != Json::Bool(true) => say(
                            anchor,
                            Severity::Error,
                            format!(
                                "{}.{} is an External ID but not Unique: two records could share a key, and an upsert matching both fails (tick Unique on the field)",
                                r.sobject, x.field
                            ),
                        ),
                        Some(_) => {}
                    }
                }
                if let Some(rt) = &r.record_type {
                    let infos = desc["recordTypeInfos"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                    let named =
                        |i: &Json| i["name"] == rt.as_str() || i["developerName"] == rt.as_str();
                    let active: Vec<&str> = infos
                        .iter()
                        .filter(|i| {
                            i["active"] == Json::Bool(true) && i["master"] != Json::Bool(true)
                        })
                        .filter_map(|i| i["name"].as_str())
                        .collect();
                    match infos.iter().find(|i| named(i)) {
                        Some(i) if i["active"] == Json::Bool(true) => {}
                        found => say(
                            anchor,
                            Severity::Error,
                            format!(
                                "{} record type '{rt}' is {} (active: {})",
                                r.sobject,
                                if found.is_some() {
                                    "inactive"
                                } else {
                                    "not in the org"
                                },
                                if active.is_empty() {
                                    "none".to_string()
                                } else {
                                    active.join(", ")
                                }
                            ),
                        ),
                    }
                }
            }
            // What the playbook reads: the account's fields and related records.
            for f in form.fields {
                let Some(org) = &f.org else { continue };
                let (object, path) = match org {
                    OrgSource::Path(p) => match account_path(p) {
                        Some("$url") | None => continue,
                        Some(path) => ("Account".to_string(), path.to_string()),
                    },
                    OrgSource::Related(rel) => {
                        if let Some(desc) = objects.get(&rel.object)?
                            && field(desc, rel.account_field()).is_none()
                        {
                            say(
                                &f.key,
                                Severity::Error,
                                format!(
                                    "{} has no field {} (the lookup to the account)",
                                    rel.object,
                                    rel.account_field()
                                ),
                            );
                        }
                        (rel.object.clone(), rel.field.clone())
                    }
                };
                let first = path.split('.').next().unwrap_or(&path);
                let lookup = match first.strip_suffix("__r") {
                    Some(base) if path.contains('.') => format!("{base}__c"),
                    _ if path.contains('.') => format!("{first}Id"),
                    _ => first.to_string(),
                };
                match objects.get(&object)? {
                    None => say(
                        &f.key,
                        Severity::Error,
                        format!(
                            "the org has no object {object} (read for field '{}')",
                            f.key.value
                        ),
                    ),
                    Some(desc) if field(desc, &lookup).is_none() => say(
                        &f.key,
                        Severity::Error,
                        format!(
                            "{object} has no field {lookup} (read for field '{}')",
                            f.key.value
                        ),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
    Ok(out)
}

/// The Outreach sequences the playbooks name (their `data.sequences`
/// tables), each with the playbook's index and where the name stands in
/// its file.
pub fn sequences(playbooks: &[Loaded]) -> Vec<(String, usize, u64, u64)> {
    let mut out = Vec::new();
    for (pi, l) in playbooks.iter().enumerate() {
        let Some(table) = l.playbook.data.get("sequences").and_then(Json::as_object) else {
            continue;
        };
        let text = &l.source.text;
        let start = text.find("sequences:").unwrap_or(0);
        for name in table.values().filter_map(Json::as_str) {
            let at = text[start..].find(name).map_or(0, |i| start + i);
            let line = text[..at].matches('\n').count() as u64 + 1;
            let column = (at - text[..at].rfind('\n').map_or(0, |n| n + 1)) as u64 + 1;
            out.push((name.to_string(), pi, line, column));
        }
    }
    out
}

/// Checks the sequences the playbooks name against Outreach: each must
/// exist (an error) and be enabled (a warning).
pub fn check_sequences(
    playbooks: &[Loaded],
    o: &crate::outreach::Outreach,
) -> Result<Vec<(Diagnostic, usize)>, Error> {
    let named = sequences(playbooks);
    let mut names: Vec<String> = named.iter().map(|(n, ..)| n.clone()).collect();
    names.sort();
    names.dedup();
    let found = o
        .find("sequences", "name", &names)
        .map_err(crate::outreach::Failure::into_error)?;
    let mut out = Vec::new();
    for (name, pi, line, column) in named {
        let same: Vec<_> = found
            .iter()
            .filter(|r| r.text("name") == Some(&name))
            .collect();
        let (severity, message) = match same.as_slice() {
            [] => (
                Severity::Error,
                format!(
                    "Outreach has no sequence named \"{name}\" (or the user cs acts as cannot see it)"
                ),
            ),
            [s] if s.attributes["enabled"] == Json::Bool(false) => (
                Severity::Warning,
                format!(
                    "the Outreach sequence \"{name}\" is not enabled: prospects added to it get no emails"
                ),
            ),
            [_] => continue,
            many => (
                Severity::Error,
                format!(
                    "Outreach has {} sequences named \"{name}\": cs cannot tell which to use",
                    many.len()
                ),
            ),
        };
        out.push((
            Diagnostic {
                path: playbooks[pi].source.path.clone(),
                line,
                column,
                severity,
                message,
            },
            pi,
        ));
    }
    Ok(out)
}
