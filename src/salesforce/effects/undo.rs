//! Salesforce's inverse of a run (`cs submit --undo JOURNAL`), built from
//! what its journal recorded (`engine::undo`). Each record the run updated
//! is set back to the values its fields held before (read by that run just
//! before it wrote); each record it created is listed, and deleted only
//! with `--delete-created`. The inverse goes through everything a plan
//! does (the diff, the dry run, the journal); its stale guard is the values
//! the run wrote: a record someone changed since is refused, not
//! overwritten.
//!
//! A journal is data from disk, so an undo cannot be turned against the
//! org: the journal must carry this machine's seal; it writes only the
//! objects and fields that the playbooks in effect write; it deletes only
//! records of objects the playbooks create, and only those the org says
//! the run's own user created within the run's time; and it never writes
//! back a value the journal keeps masked.

use crate::effect::{Item, What};
use crate::engine::undo::Done;
use crate::error::Error;
use crate::plan::Seen;
use crate::salesforce::limits;
use indexmap::IndexMap;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What an undo may do: write only the fields the playbooks in effect
/// write (by object), delete only records of the objects they create, and
/// those only when asked (`--delete-created`).
#[derive(Debug, Default, Clone)]
pub struct Undoing {
    pub fields: BTreeMap<String, BTreeSet<String>>,
    pub creates: BTreeSet<String>,
    pub delete_created: bool,
}

/// What undoing a run takes: the updates setting records back, the
/// records the run created, and the fields it cannot set back (kept masked
/// in the journal).
#[derive(Debug, Default)]
pub struct Undo {
    pub updates: Vec<Item>,
    pub created: Vec<Created>,
    pub not_restored: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Created {
    pub key: String,
    pub sobject: String,
    pub id: String,
    /// When the run journaled it.
    pub at: String,
    pub after: IndexMap<String, Json>,
    /// The user the run worked as, and when it began.
    pub run_user: Option<String>,
    pub run_at: Option<String>,
}

impl Created {
    /// The delete of the record, refused if it no longer holds what the run
    /// wrote.
    pub fn item(&self) -> Item {
        Item {
            key: format!("{}/delete/{}", self.sobject, self.id),
            what: What::Delete {
                sobject: self.sobject.clone(),
                id: self.id.clone(),
            },
            seen: Some(Seen {
                system_modstamp: None,
                at: self.at.clone(),
                values: self.after.clone(),
            }),
            origin: None,
            after: Vec::new(),
        }
    }
}

/// How far the org's clock may be from this machine's when a created
/// record's CreatedDate is held against the run's time.
const SKEW: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// The undo of what the journal `path` records of Salesforce records
/// (`done`, its seal checked), within what `rules` allow.
pub fn inverse(path: &Path, done: &[Done], rules: &Undoing) -> Result<Undo, Error> {
    let mut updates = Vec::new();
    let mut created = Vec::new();
    let mut refused = Vec::new();
    let mut not_restored = Vec::new();
    for d in done {
        let (key, r) = (&d.key, &d.result);
        let map = |k: &str| -> IndexMap<String, Json> {
            r[k].as_object()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default()
        };
        let (Some(sobject), Some(id)) = (key.split('/').next(), r["id"].as_str()) else {
            continue;
        };
        let at = r["at"].as_str().unwrap_or_default().to_string();
        let outcome = r["outcome"].as_str();
        if matches!(outcome, Some("updated" | "created"))
            && (!limits::is_api_name(sobject) || !limits::is_id(id))
        {
            refused.push(format!(
                "  {key}: '{sobject}' '{id}' is not an object and Id cs writes"
            ));
            continue;
        }
        let masked = d.masked();
        match outcome {
            Some("updated") if r["before"].is_object() => {
                let mut fields = IndexMap::new();
                let mut after = map("after");
                for (field, value) in map("before") {
                    if !rules
                        .fields
                        .get(sobject)
                        .is_some_and(|f| f.contains(&field))
                    {
                        refused.push(format!("  {sobject} {id}: {field} (no playbook writes it)"));
                    } else if masked.contains(&field.as_str()) {
                        after.shift_remove(&field);
                        not_restored.push(format!(
                            "{sobject} {id}: {field} was not set back: the journal keeps its value masked (patient data or a secret); set it back by hand"
                        ));
                    } else {
                        fields.insert(field, value);
                    }
                }
                after.retain(|f, _| !masked.contains(&f.as_str()));
                for problem in limits::check_fields(sobject, &fields) {
                    refused.push(format!("  {sobject} {id}: {problem}"));
                }
                if !fields.is_empty() {
                    updates.push(Item {
                        key: format!("{sobject}/Id/{id}"),
                        what: What::Update {
                            sobject: sobject.into(),
                            id: id.into(),
                            fields,
                            links: IndexMap::new(),
                        },
                        seen: Some(Seen {
                            system_modstamp: None,
                            at,
                            values: after,
                        }),
                        origin: None,
                        after: Vec::new(),
                    });
                }
            }
            Some("created") => {
                if !rules.creates.contains(sobject) {
                    refused.push(format!(
                        "  {sobject} {id}: a delete (no playbook creates {sobject} records)"
                    ));
                    continue;
                }
                let mut after = map("after");
                after.retain(|f, _| !masked.contains(&f.as_str()));
                created.push(Created {
                    key: key.clone(),
                    sobject: sobject.into(),
                    id: id.into(),
                    at,
                    after,
                    run_user: d.run_user(),
                    run_at: d.run_at(),
                });
            }
            _ => {}
        }
    }
    if !refused.is_empty() {
        let n = refused.len();
        return Err(Error::user(format!(
            "{} asks to write what the playbooks in effect never write ({n} place{}); nothing was sent.",
            path.display(),
            crate::out::plural(n)
        ))
        .with_details(refused)
        .with_hint("a journal cs wrote holds only what its playbooks write: this one was made or edited by hand, or with other playbooks (pass the --playbooks DIR it was written with)"));
    }
    Ok(Undo {
        updates,
        created,
        not_restored,
    })
}

/// Refuses the deletes of records the run did not create, as the org says:
/// each must have been created by the run's user, between the run's start
/// and its journal line (give or take [`SKEW`]). A record already gone is
/// left to the delete (gone counts as deleted).
pub fn check_created(sf: &mut super::Salesforce, created: &[Created]) -> Result<(), Error> {
    let mut by_object: IndexMap<&str, Vec<&Created>> = IndexMap::new();
    for c in created {
        by_object.entry(&c.sobject).or_default().push(c);
    }
    let mut refused = Vec::new();
    for (sobject, list) in by_object {
        for chunk in list.chunks(crate::salesforce::COLLECTION_MAX) {
            let ids: Vec<String> = chunk.iter().map(|c| c.id.clone()).collect();
            let soql = format!(
                "SELECT Id, CreatedById, CreatedDate FROM {sobject} WHERE Id IN ({})",
                crate::salesforce::soql_in(&ids)
            );
            let rows = sf
                .query(&soql)
                .map_err(crate::salesforce::Failure::into_error)?;
            for c in chunk {
                let Some(row) = rows.iter().find(|r| {
                    r["Id"]
                        .as_str()
                        .is_some_and(|id| crate::salesforce::same_id(id, &c.id))
                }) else {
                    continue;
                };
                if let Some(why) = not_the_runs(c, row) {
                    refused.push(format!("  {sobject} {}: {why}", c.id));
                }
            }
        }
    }
    if refused.is_empty() {
        return Ok(());
    }
    let n = refused.len();
    Err(Error::user(format!(
        "{n} record{} to delete {} not created by that run, as the org says; nothing was sent.",
        crate::out::plural(n),
        if n == 1 { "was" } else { "were" }
    ))
    .with_details(refused)
    .with_hint(
        "cs deletes only what the run created; delete others in Salesforce by hand if they must go",
    ))
}

/// Why the org's record `row` was not created by the run `c` names.
fn not_the_runs(c: &Created, row: &Json) -> Option<String> {
    let by = row["CreatedById"].as_str().unwrap_or_default();
    let when = row["CreatedDate"].as_str().unwrap_or_default();
    let Some(user) = &c.run_user else {
        return Some("the journal does not say which user the run worked as".into());
    };
    if !crate::salesforce::same_id(by, user) {
        return Some(format!("created by {by}, not by the run's user {user}"));
    }
    let instant = |s: &str| crate::engine::diff::instant(s);
    let (Some(created), Some(from), Some(to)) = (
        instant(when),
        c.run_at.as_deref().and_then(instant),
        instant(&c.at),
    ) else {
        return Some(format!(
            "its creation time ({when}) cannot be held against the run's"
        ));
    };
    if created < from - SKEW || created > to + SKEW {
        return Some(format!(
            "created at {when}, outside the run ({} to {})",
            c.run_at.as_deref().unwrap_or_default(),
            c.at
        ));
    }
    None
}
