//! `cs submit --undo JOURNAL`: the inverse of a run, built from what its
//! journal recorded. Each record the run updated is set back to the values
//! its fields held before (read by that run just before it wrote); each
//! record it created is listed, and deleted only with `--delete-created`.
//! The inverse goes through everything a plan does (the diff, the dry run,
//! the journal); its stale guard is the values the run wrote: a record
//! someone changed since is refused, not overwritten.

use super::{Item, What};
use crate::error::Error;
use crate::plan::{Plan, Record, Seen};
use indexmap::IndexMap;
use serde_json::Value as Json;

/// What undoing a run takes: a plan setting updated records back, and the
/// records the run created (object, Id, the values it wrote).
#[derive(Debug)]
pub struct Undo {
    pub plan: Plan,
    pub created: Vec<Created>,
}

#[derive(Debug, Clone)]
pub struct Created {
    pub key: String,
    pub sobject: String,
    pub id: String,
    pub at: String,
    pub after: IndexMap<String, Json>,
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
        }
    }
}

/// The undo of the run `path` records (checked first: an edited journal
/// is not undone).
pub fn read(path: &std::path::Path) -> Result<Undo, Error> {
    super::journal::verify(path)?;
    let text = crate::error::read_file(path)?;
    // The last result of each key, in the order the run wrote them.
    let mut last: IndexMap<String, Json> = IndexMap::new();
    for line in text.lines() {
        let v: Json = serde_json::from_str(line)
            .map_err(|e| Error::user(format!("{}: not a journal line: {e}.", path.display())))?;
        if v["event"] == "result"
            && let Some(key) = v["key"].as_str()
        {
            last.shift_remove(key);
            last.insert(key.to_string(), v);
        }
    }
    let mut plan = Plan::of_records(
        "undo",
        "submit --undo",
        crate::digest::sha256_hex(text.as_bytes(), 32),
        Vec::new(),
    );
    let mut created = Vec::new();
    for (key, r) in &last {
        let map = |k: &str| -> IndexMap<String, Json> {
            r[k].as_object()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default()
        };
        let (Some(sobject), Some(id)) = (key.split('/').next(), r["id"].as_str()) else {
            continue;
        };
        let at = r["at"].as_str().unwrap_or_default().to_string();
        match r["outcome"].as_str() {
            Some("updated") if r["before"].is_object() => {
                let mut fields = IndexMap::from([("Id".to_string(), Json::String(id.into()))]);
                fields.extend(map("before"));
                plan.records.push(Record::update(
                    sobject,
                    fields,
                    Some(Seen {
                        system_modstamp: None,
                        at,
                        values: map("after"),
                    }),
                ));
            }
            Some("created") => created.push(Created {
                key: key.clone(),
                sobject: sobject.into(),
                id: id.into(),
                at,
                after: map("after"),
            }),
            _ => {}
        }
    }
    if plan.records.is_empty() && created.is_empty() {
        return Err(Error::user(format!(
            "{} records no record cs updated (with the values before) or created: there is nothing to undo.",
            path.display()
        ))
        .with_hint("a journal written before cs kept the values before cannot be undone; Slack posts are never undone"));
    }
    Ok(Undo { plan, created })
}
