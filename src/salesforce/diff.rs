//! What a plan would change in the org, read before anything is written:
//! each target record's current values (by External ID, Id or case
//! number; 200 to a REST query per object, Bulk API 2.0 query jobs above
//! 2,000), compared field by field with what the plan sends. A record that
//! already holds every value is not sent; an upsert whose External ID
//! matches nothing is a create, shown as one, so a mistyped key is seen
//! before it makes a duplicate.

use super::bulk::{BULK_IN_MAX, BULK_READ_MIN};
use super::limits::is_case_number;
use super::read::{contact_soql, others_open_soql, record_types_soql, user_soql, users_soql};
use super::{Failure, IN_LIST_MAX, Salesforce, Users, id_key, same_value, soql_in, user_id};
use crate::effect::{Item, What};
pub use crate::engine::diff::{Action, Change, FieldChange, Stale, instant, same_instant};
use crate::plan::Link;
use indexmap::{IndexMap, IndexSet};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::HashMap;

/// A target record as the org holds it now.
#[derive(Debug, Clone, Serialize)]
pub struct Current {
    pub id: String,
    /// When it was last changed (SystemModstamp), and by whom.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modstamp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_by: Option<String>,
    /// The record, with the fields the plan writes.
    pub record: Json,
}

/// How an item's record is found: object, key field, value.
pub fn target(item: &Item) -> Option<(&str, &str, &str)> {
    match &item.what {
        What::Upsert {
            sobject,
            field,
            value,
            ..
        } => Some((sobject, field, value)),
        What::Delete { sobject, id } => Some((sobject, "Id", id)),
        What::Update { sobject, id, .. } => {
            let by = if sobject == "Case" && is_case_number(id) {
                "CaseNumber"
            } else {
                "Id"
            };
            Some((sobject, by, id))
        }
        _ => None,
    }
}

/// What the org holds of a plan's targets: the records, and the users its
/// user lookups name.
#[derive(Debug, Default)]
pub struct Org {
    pub current: HashMap<String, Current>,
    pub users: Users,
}

fn links(item: &Item) -> Option<&IndexMap<String, Link>> {
    match &item.what {
        What::Upsert { links, .. } | What::Update { links, .. } | What::Create { links, .. } => {
            Some(links)
        }
        What::Slack(_) | What::Outreach(_) | What::Delete { .. } => None,
    }
}

fn fields(item: &Item) -> Option<&IndexMap<String, Json>> {
    match &item.what {
        What::Upsert { fields, .. } | What::Update { fields, .. } | What::Create { fields, .. } => {
            Some(fields)
        }
        What::Slack(_) | What::Outreach(_) | What::Delete { .. } => None,
    }
}

/// Reads the current values of every item's target record: one query per
/// object and key field for each 200 values (a Bulk API query job for each
/// 4,000 above 2,000), and the users its lookups name. The REST queries go
/// together in Composite calls, with what sending the items will ask (the
/// record types, the account's contacts, the open duplicates, the user the
/// session belongs to when known), so that sending asks nothing more.
/// Items whose record the org lacks are absent.
pub fn read(sf: &mut Salesforce, items: &[&Item]) -> Result<Org, Failure> {
    let reads = target_reads(items);
    let mut ahead = rest_queries(&reads);
    ahead.extend(send_reads(sf, items));
    sf.prefetch(&ahead)?;
    Ok(Org {
        current: read_targets(sf, reads)?,
        users: users_named(sf, items)?,
    })
}

/// The SOQL of the reads that go as REST queries (not Bulk API jobs).
fn rest_queries(reads: &[TargetRead]) -> Vec<String> {
    reads
        .iter()
        .filter(|r| !r.bulk)
        .map(|r| r.soql.clone())
        .collect()
}

/// The queries sending `items` will ask besides their targets: the users
/// their lookups name, their record types, the contacts of an account,
/// the open records a `unique_open` one would duplicate, and the user the
/// session belongs to (when discovered).
fn send_reads(sf: &Salesforce, items: &[&Item]) -> Vec<String> {
    let mut out = Vec::new();
    for (by, values) in named_users(items) {
        let values: Vec<String> = values.into_iter().collect();
        out.extend(values.chunks(IN_LIST_MAX).map(|c| users_soql(by, c)));
    }
    for i in items {
        match &i.what {
            What::Upsert {
                sobject,
                record_type: Some(_),
                ..
            }
            | What::Create {
                sobject,
                record_type: Some(_),
                ..
            } => out.push(record_types_soql(sobject)),
            _ => {}
        }
        if let What::Upsert {
            sobject,
            field,
            unique_open: Some(u),
            ..
        } = &i.what
            && !u.same.values().any(Json::is_null)
            && let Ok(q) = others_open_soql(sobject, field, &u.same, &u.condition)
        {
            out.push(q);
        }
        for l in links(i).into_iter().flat_map(|l| l.values()) {
            if let (Some(account), "Contact") = (&l.of_account, l.sobject.as_str())
                && let Some(q) = contact_soql(account, &l.field, &l.value)
            {
                out.push(q);
            }
        }
    }
    if let Some(id) = sf.identity() {
        out.push(user_soql(id));
    }
    out
}

/// One query of target records: its SOQL, whether it goes to Bulk API,
/// the key field it reads by, and the items each value answers for.
struct TargetRead<'a> {
    soql: String,
    bulk: bool,
    by: &'a str,
    wanted: std::rc::Rc<HashMap<String, Vec<&'a Item>>>,
}

/// The value a row answers for, as the plan writes it.
fn norm(by: &str, v: &str) -> String {
    if by == "Id" {
        id_key(v).to_string()
    } else {
        v.to_string()
    }
}

/// The queries of the target records of `items`.
fn target_reads<'a>(items: &[&'a Item]) -> Vec<TargetRead<'a>> {
    let mut groups: IndexMap<(&str, &str), Vec<&Item>> = IndexMap::new();
    for i in items {
        if let Some((sobject, by, _)) = target(i) {
            groups.entry((sobject, by)).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for ((sobject, by), group) in groups {
        let mut names: IndexSet<&str> =
            IndexSet::from(["Id", "SystemModstamp", "LastModifiedBy.Name", by]);
        for i in &group {
            names.extend(
                i.seen
                    .iter()
                    .flat_map(|s| s.values.keys().map(String::as_str)),
            );
            names.extend(
                fields(i)
                    .into_iter()
                    .flat_map(|f| f.keys().map(String::as_str)),
            );
            names.extend(
                links(i)
                    .into_iter()
                    .flat_map(|l| l.keys().map(String::as_str)),
            );
        }
        let names: Vec<&str> = names.into_iter().collect();
        let values: Vec<String> = group
            .iter()
            .filter_map(|i| target(i).map(|(_, _, v)| v.to_string()))
            .collect::<IndexSet<_>>()
            .into_iter()
            .collect();
        let mut wanted: HashMap<String, Vec<&Item>> = HashMap::new();
        for i in &group {
            if let Some((_, _, v)) = target(i) {
                wanted.entry(norm(by, v)).or_default().push(i);
            }
        }
        let wanted = std::rc::Rc::new(wanted);
        let bulk = values.len() > BULK_READ_MIN;
        for chunk in values.chunks(if bulk { BULK_IN_MAX } else { IN_LIST_MAX }) {
            out.push(TargetRead {
                soql: format!(
                    "SELECT {} FROM {sobject} WHERE {by} IN ({})",
                    names.join(", "),
                    soql_in(chunk)
                ),
                bulk,
                by,
                wanted: wanted.clone(),
            });
        }
    }
    out
}

/// The target records of `items` as the org holds them, by item key.
pub fn read_records(
    sf: &mut Salesforce,
    items: &[&Item],
) -> Result<HashMap<String, Current>, Failure> {
    let reads = target_reads(items);
    sf.prefetch(&rest_queries(&reads))?;
    read_targets(sf, reads)
}

/// The rows `reads` ask for (the REST ones read ahead, or asked now), as
/// the current record of each item they answer for.
fn read_targets(
    sf: &mut Salesforce,
    reads: Vec<TargetRead>,
) -> Result<HashMap<String, Current>, Failure> {
    let mut out = HashMap::new();
    for r in reads {
        let rows = if r.bulk {
            sf.bulk_query(&r.soql)?
        } else {
            sf.query(&r.soql)?
        };
        for row in rows {
            let Some(v) = row[r.by].as_str().map(|v| norm(r.by, v)) else {
                continue;
            };
            for i in r.wanted.get(&v).into_iter().flatten() {
                // A 15-character Id names the record an 18-character
                // one does; the one the plan names exactly wins.
                let exact = |c: &Current| target(i).is_some_and(|(_, _, want)| want == c.id);
                if out.get(&i.key).is_some_and(exact) {
                    continue;
                }
                out.insert(
                    i.key.clone(),
                    Current {
                        id: row["Id"].as_str().unwrap_or_default().to_string(),
                        modstamp: row["SystemModstamp"].as_str().map(str::to_string),
                        modified_by: row["LastModifiedBy"]["Name"].as_str().map(str::to_string),
                        record: row.clone(),
                    },
                );
            }
        }
    }
    Ok(out)
}

/// The people the items' user lookups name, by how they are named.
fn named_users<'a>(items: &[&'a Item]) -> IndexMap<&'a str, IndexSet<String>> {
    let mut named: IndexMap<&str, IndexSet<String>> = IndexMap::new();
    for l in items
        .iter()
        .filter_map(|i| links(i))
        .flat_map(|l| l.values())
    {
        if l.sobject == "User" {
            named
                .entry(l.field.as_str())
                .or_default()
                .insert(l.value.clone());
        }
    }
    named
}

/// The active users the items' user lookups name, in one query per way of
/// naming them (name, email).
pub fn users_named(sf: &mut Salesforce, items: &[&Item]) -> Result<Users, Failure> {
    let named = named_users(items);
    let mut users = Users::new();
    for (by, values) in named {
        let values: Vec<String> = values.into_iter().collect();
        users.extend(sf.users(by, &values)?);
    }
    Ok(users)
}

/// What a lookup is set to when sent.
enum Lookup {
    /// The Id, which cs can tell now (an Id, a user by name or email).
    Now(Json),
    /// Looked up when sending (a contact of the account, a record of the
    /// plan): the words for it.
    Later(String),
    /// It cannot be sent, and why (no such user, or two).
    Fails(String),
}

fn lookup(l: &Link, users: &Users) -> Lookup {
    match (l.sobject.as_str(), l.field.as_str()) {
        (_, "Id") => Lookup::Now(Json::String(l.value.clone())),
        ("User", by) => match user_id(users, by, &l.value) {
            Ok(id) => Lookup::Now(Json::String(id)),
            Err(why) => Lookup::Fails(why),
        },
        _ => Lookup::Later(l.looked_up().unwrap_or_else(|| l.value.clone())),
    }
}

/// Does the org's value `got` hold what the plan sends? As
/// [`same_value`], and a multi-select picklist in any order.
fn holds(got: &Json, new: &Json) -> bool {
    if same_value(got, new) {
        return true;
    }
    let set = |j: &Json| -> Option<std::collections::BTreeSet<String>> {
        j.as_str()
            .filter(|s| s.contains(';'))
            .map(|s| s.split(';').map(|p| p.trim().to_string()).collect())
    };
    matches!((set(got), set(new)), (Some(a), Some(b)) if a == b)
}

/// Each item against what the org holds (from [`read`]).
pub fn diff(items: &[&Item], org: &Org) -> Vec<Change> {
    items.iter().map(|i| change(i, org)).collect()
}

fn change(i: &Item, org: &Org) -> Change {
    let now = org.current.get(&i.key);
    let mut c = Change {
        key: i.key.clone(),
        what: i.label(),
        action: Action::Post,
        id: now.map(|cur| cur.id.clone()),
        fields: Vec::new(),
        stale: i.seen.as_ref().and_then(|seen| stale(seen, now)),
        words: None,
        detail: None,
    };
    if let What::Delete { .. } = i.what {
        // Gone already: nothing to do.
        c.action = match now {
            Some(_) => Action::Delete,
            None => Action::NoChange,
        };
        return c;
    }
    let Some((sent, later)) = to_send(i, &org.users) else {
        return c;
    };
    match now {
        Some(cur) => {
            c.fields = sent
                .iter()
                .filter(|(k, v)| !holds(&cur.record[k.as_str()], v))
                .map(|(k, v)| FieldChange {
                    field: k.clone(),
                    old: cur.record[k.as_str()].clone(),
                    new: v.clone(),
                })
                .collect();
            c.fields.extend(
                later
                    .into_iter()
                    .filter(|(k, _, always)| *always || cur.record[k.as_str()].is_null())
                    .map(|(k, words, _)| FieldChange {
                        old: cur.record[k.as_str()].clone(),
                        field: k,
                        new: Json::String(words),
                    }),
            );
            c.action = if c.fields.is_empty() {
                Action::NoChange
            } else {
                Action::Update
            };
        }
        None if matches!(i.what, What::Update { .. }) => c.action = Action::NotFound,
        None => {
            c.action = Action::Create;
            c.fields = sent
                .into_iter()
                .chain(
                    later
                        .into_iter()
                        .map(|(k, words, _)| (k, Json::String(words))),
                )
                .map(|(field, new)| FieldChange {
                    field,
                    old: Json::Null,
                    new,
                })
                .collect();
        }
    }
    c
}

/// Has the org changed the record since the plan saw it (`now`: what it
/// holds now)? By its SystemModstamp, or, where cs wrote the values itself,
/// by those values.
fn stale(seen: &crate::plan::Seen, now: Option<&Current>) -> Option<Stale> {
    let stamp = now.and_then(|c| c.modstamp.clone());
    let changed = match (seen.values.is_empty(), now) {
        (true, _) => !same_instant(stamp.as_deref(), seen.system_modstamp.as_deref()),
        (false, None) => true,
        (false, Some(cur)) => seen
            .values
            .iter()
            .any(|(k, v)| !holds(&cur.record[k.as_str()], v)),
    };
    let fields = match now {
        Some(cur) => seen
            .values
            .iter()
            .filter(|(k, v)| !holds(&cur.record[k.as_str()], v))
            .map(|(k, _)| k.clone())
            .collect(),
        None => Vec::new(),
    };
    changed.then(|| Stale {
        planned: seen.system_modstamp.clone(),
        now: stamp,
        by: now.and_then(|c| c.modified_by.clone()),
        written: (!seen.values.is_empty()).then(|| seen.at.clone()),
        fields,
    })
}

/// Lookups cs can tell only when sending: (field, what it will be, a
/// change whatever the org holds).
type Later = Vec<(String, String, bool)>;

/// What an item sends: its fields with the lookups cs can tell now, and
/// those it can tell only when sending. None for a Slack message.
fn to_send(i: &Item, users: &Users) -> Option<(IndexMap<String, Json>, Later)> {
    let mut sent = fields(i)?.clone();
    let mut later = Vec::new();
    for (field, l) in links(i).into_iter().flatten() {
        match lookup(l, users) {
            Lookup::Now(v) => {
                sent.insert(field.clone(), v);
            }
            Lookup::Later(words) => later.push((
                field.clone(),
                format!("<{words}, looked up when sending>"),
                false,
            )),
            Lookup::Fails(why) => {
                later.push((field.clone(), format!("<cannot be sent: {why}>"), true))
            }
        }
    }
    Some((sent, later))
}

#[cfg(test)]
mod tests {

    use super::*;
    use serde_json::json;

    #[test]
    fn multi_select_values_hold_in_any_order_and_numbers_as_text() {
        assert!(holds(
            &json!("Learning;Compliance"),
            &json!("Compliance;Learning")
        ));
        assert!(!holds(&json!("Learning"), &json!("Learning;Compliance")));
        assert!(holds(&json!(1250.5), &json!("1250.50")));
        assert!(!holds(&Json::Null, &json!("x")));
    }
}
