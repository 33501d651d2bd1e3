//! Salesforce's effects in a run: records upserted by External ID (in
//! sObject Collections calls of up to 200), updated by Id (Collections,
//! or Bulk API 2.0 jobs above the threshold), created one a call, and
//! deleted by an undo. What Salesforce answered is journaled record by
//! record through the engine's [`Run`]; a lost answer is settled by
//! reading the record back by its External ID or Id, and a create, which
//! has nothing to read back by, is claimed before it leaves.

use super::bulk::{self, JobResult};
use super::{Answer, COLLECTION_MAX, Failure, Salesforce, Users, Written, id_key, limits};
use crate::effect::{Item, What};
use crate::engine::diff::Change;
use crate::engine::journal::Outcome;
use crate::engine::run::{Inverse, Run, System, interrupted as stop_requested};
use crate::engine::undo::Done;
use crate::error::Error;
use crate::plan::Link;
use indexmap::IndexMap;
use serde_json::{Value as Json, json};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub mod undo;
mod updates;

/// How Salesforce's part of a run is made.
#[derive(Debug, Clone)]
pub struct Options {
    pub bulk_threshold: usize,
    /// Create a record even where an open one with the same values exists
    /// (`unique_open`).
    pub allow_new: bool,
    /// Where failed Bulk API results are written.
    pub results_dir: PathBuf,
}

impl Options {
    /// Options for a run whose journal is `journal`: failed Bulk API
    /// results are saved in the journal's directory.
    pub fn beside(journal: &std::path::Path, bulk_threshold: usize) -> Self {
        let results_dir = journal
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(std::path::Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Self {
            bulk_threshold,
            allow_new: false,
            results_dir,
        }
    }
}

/// Salesforce as a system of the engine: the connection, the users the
/// plans name (read with the org's diff, or before the first write), and
/// the options.
pub struct Records<'h> {
    pub sf: Option<Salesforce<'h>>,
    pub users: Option<Users>,
    pub opts: Options,
    /// Learn the user the session is before reading (a run that sends
    /// journals it), so that the reads ask for that user's record too.
    pub sending: bool,
    /// What an undo may do (`cs submit --undo`).
    pub undo: undo::Undoing,
}

impl System<Item> for Records<'_> {
    fn owns(&self, e: &Item) -> bool {
        e.is_salesforce()
    }

    fn diff(&mut self, effects: &[&Item]) -> Result<Option<Vec<Change>>, Error> {
        let Some(sf) = self.sf.as_mut() else {
            return Ok(None);
        };
        if self.sending {
            sf.discover().map_err(Failure::into_error)?;
        }
        let org = super::diff::read(sf, effects).map_err(Failure::into_error)?;
        let changes = super::diff::diff(effects, &org);
        self.users = Some(org.users);
        Ok(Some(changes))
    }

    /// Updated records set back to their values before, created ones
    /// listed (deleted with `--delete-created`, only those the org says
    /// the run created).
    fn inverse(&mut self, journal: &Path, done: &[Done]) -> Result<Inverse<Item>, Error> {
        let mine: Vec<Done> = done
            .iter()
            .filter(|d| {
                !crate::effect::is_slack_key(&d.key)
                    && !d.key.starts_with(crate::effect::OUTREACH_KEY)
            })
            .cloned()
            .collect();
        let u = undo::inverse(journal, &mine, &self.undo)?;
        let mut left = u.not_restored;
        let mut effects = u.updates;
        if self.undo.delete_created {
            if let Some(sf) = self.sf.as_mut() {
                undo::check_created(sf, &u.created)?;
            }
            effects.extend(u.created.iter().map(undo::Created::item));
        } else {
            left.extend(u.created.iter().map(|c| {
                format!(
                    "left in place: {} {} ({}), created by that run; pass --delete-created to delete it",
                    c.sobject, c.id, c.key
                )
            }));
        }
        Ok(Inverse { effects, left })
    }

    fn apply(&mut self, effects: &[&Item], run: &mut Run<'_, Item>) -> Result<(), Error> {
        if effects.is_empty() && run.open_jobs().is_empty() {
            return Ok(());
        }
        let sf = self
            .sf
            .as_mut()
            .ok_or_else(|| Error::internal("records to send but no Salesforce connection"))?;
        let mut w = Writer {
            run,
            users: &mut self.users,
            opts: &self.opts,
        };
        w.all(sf, effects).map_err(|f| match f {
            Failure::Stop(e) => e,
            other => Error::internal(format!("a call ended with {other:?}")),
        })
    }
}

/// One apply: the run it reports into, and what it reads once.
struct Writer<'w, 'a> {
    run: &'w mut Run<'a, Item>,
    users: &'w mut Option<Users>,
    opts: &'w Options,
}

fn interrupted() -> Result<(), Failure> {
    stop_requested().map_err(Failure::Stop)
}

/// The body of an upsert or create: RecordTypeId first when the plan names a
/// record type, then the fields. `id` is the looked-up Id of that record
/// type; without it (the dry run) a placeholder says it will be looked up.
pub fn with_record_type(
    sobject: &str,
    record_type: &Option<String>,
    fields: &IndexMap<String, Json>,
    id: Option<&str>,
) -> IndexMap<String, Json> {
    let mut m = IndexMap::new();
    if let Some(rt) = record_type {
        let v = id.map(str::to_string).unwrap_or_else(|| {
            format!("<Id of the {sobject} record type '{rt}', looked up when sending>")
        });
        m.insert("RecordTypeId".to_string(), json!(v));
    }
    m.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
    m
}

/// Upserts by object and External ID field, in the order they first appear:
/// what one call may carry together.
pub fn upsert_groups<'a>(items: &[&'a Item]) -> IndexMap<(&'a str, &'a str), Vec<&'a Item>> {
    let mut groups: IndexMap<(&str, &str), Vec<&Item>> = IndexMap::new();
    for i in items {
        if let What::Upsert { sobject, field, .. } = &i.what {
            groups.entry((sobject, field)).or_default().push(i);
        }
    }
    groups
}

/// An upsert ready to send: its item, External ID value and body.
type Ready<'i> = (&'i Item, &'i String, IndexMap<String, Json>);

impl Writer<'_, '_> {
    fn all(&mut self, sf: &mut Salesforce, todo: &[&Item]) -> Result<(), Failure> {
        // Bulk jobs an interrupted run left processing: read their results
        // instead of sending their records again.
        let mut reported: HashSet<String> = HashSet::new();
        for (job, _sobject, keys) in self.run.open_jobs().to_vec() {
            if sf.bulk_info(&job)?["state"] == "Open" {
                // Never closed: Salesforce will not process it. Its records
                // are sent again below.
                sf.bulk_abort(&job)?;
                self.run.job_done(&job)?;
                continue;
            }
            let result = sf.bulk_finish(&job)?;
            let by_id: IndexMap<String, String> = keys.into_iter().collect();
            reported.extend(self.journal_job(&result, &by_id)?);
        }
        let todo: Vec<&Item> = todo
            .iter()
            .copied()
            .filter(|i| !reported.contains(&i.key))
            .collect();
        if !todo.is_empty() {
            self.records(sf, &todo)?;
        }
        Ok(())
    }

    fn ok(&mut self, key: &str, w: &Written) -> Result<(), Failure> {
        let outcome = if w.created {
            Outcome::Created
        } else {
            Outcome::Updated
        };
        Ok(self.run.outcome(key, outcome, w.id.as_deref(), None)?)
    }

    fn fail(&mut self, key: &str, error: &str, outcome: Outcome) -> Result<(), Failure> {
        Ok(self.run.outcome(key, outcome, None, Some(error))?)
    }

    /// What one record's answer says, journaled.
    fn answer(&mut self, key: &str, a: Answer, lost: &str) -> Result<(), Failure> {
        match a {
            Answer::Written(w) => self.ok(key, &w),
            Answer::Refused(e) => self.fail(key, &e, Outcome::Failed),
            Answer::Unknown(e) => self.fail(key, &format!("{lost}: {e}"), Outcome::Unknown),
        }
    }

    /// A record not sent because a linked record could not be looked up:
    /// failed (a resume tries it again), or the run stops.
    fn fail_link(&mut self, key: &str, e: Failure) -> Result<(), Failure> {
        match e {
            Failure::Record(e) | Failure::Unknown(e) => {
                self.fail(key, &e, Outcome::Failed)?;
                Ok(self.run.flush()?)
            }
            stop => Err(stop),
        }
    }

    /// Keeps the body of a record whose `links` were resolved, for the
    /// journal's `after` (the others are sent as the plan holds them).
    fn keep_sent(
        &mut self,
        i: &Item,
        links: &IndexMap<String, Link>,
        body: &IndexMap<String, Json>,
    ) {
        if !links.is_empty() {
            self.run.keep_sent(&i.key, body);
        }
    }

    fn records(&mut self, sf: &mut Salesforce, todo: &[&Item]) -> Result<(), Failure> {
        let opts = self.opts;
        // The people the plans name, unless read with the org already.
        if self.users.is_none() {
            *self.users = Some(super::diff::users_named(sf, todo)?);
        }
        let users = self.users.clone().unwrap_or_default();
        // Record types first: a wrong name stops the run before any write.
        let mut types: IndexMap<(String, String), String> = IndexMap::new();
        for i in todo {
            if let What::Upsert {
                sobject,
                record_type: Some(rt),
                ..
            }
            | What::Create {
                sobject,
                record_type: Some(rt),
                ..
            } = &i.what
            {
                let k = (sobject.clone(), rt.clone());
                if !types.contains_key(&k) {
                    let id = sf.record_type_id(sobject, rt)?;
                    types.insert(k, id);
                }
            }
        }
        let body = |sobject: &str, rt: &Option<String>, fields: &IndexMap<String, Json>| {
            let id = rt
                .as_ref()
                .map(|rt| types[&(sobject.to_string(), rt.clone())].as_str());
            with_record_type(sobject, rt, fields, id)
        };
        // Upserts of one object and field, up to COLLECTION_MAX a call.
        for ((sobject, field), group) in upsert_groups(todo) {
            for chunk in group.chunks(COLLECTION_MAX) {
                interrupted()?;
                let mut ready: Vec<Ready> = Vec::new();
                for i in chunk {
                    let What::Upsert {
                        value,
                        record_type,
                        fields,
                        links,
                        unique_open,
                        ..
                    } = &i.what
                    else {
                        continue;
                    };
                    if let Some(u) = unique_open.as_ref().filter(|_| !opts.allow_new)
                        && self.open_duplicate(sf, i, u)?
                    {
                        continue;
                    }
                    let mut b = body(sobject, record_type, fields);
                    match resolve(sf, &users, links, &mut b) {
                        Ok(()) => {
                            self.keep_sent(i, links, &b);
                            ready.push((i, value, b))
                        }
                        Err(e) => self.fail_link(&i.key, e)?,
                    }
                }
                self.upserts(sf, sobject, field, &ready)?;
            }
        }
        for i in todo {
            // A create has no External ID to check a lost answer by, so it
            // goes alone (a lost answer leaves one record unknown, not 200)
            // and is never sent again by cs.
            let What::Create {
                sobject,
                record_type,
                fields,
                links,
            } = &i.what
            else {
                continue;
            };
            interrupted()?;
            let mut b = body(sobject, record_type, fields);
            if let Err(e) = resolve(sf, &users, links, &mut b) {
                self.fail_link(&i.key, e)?;
                continue;
            }
            self.keep_sent(i, links, &b);
            if !self.run.claim(i)? {
                continue;
            }
            self.run.sending(&[&i.key])?;
            let result = Answer::of(sf.create(sobject, &b)).map(|a| vec![a]);
            self.answers(
                &[&i.key],
                result,
                "its outcome is unknown; the record may exist: check Salesforce, then pass --resend to create it again",
            )?;
        }
        self.updates(sf, todo)?;
        for i in todo {
            if let What::Delete { sobject, id } = &i.what {
                interrupted()?;
                self.run.sending(&[&i.key])?;
                match sf.delete(sobject, id) {
                    Ok(()) => {
                        self.run.outcome(&i.key, Outcome::Deleted, Some(id), None)?;
                    }
                    Err(Failure::Record(e)) => self.fail(&i.key, &e, Outcome::Failed)?,
                    Err(Failure::Unknown(e)) => self.fail(&i.key, &e, Outcome::Unknown)?,
                    Err(stop) => return Err(stop),
                }
                self.run.flush()?;
            }
        }
        Ok(())
    }

    /// Is there another open record holding the values `u` names (E3: an
    /// open escalation of the account for the reason)? Then `i` is not sent:
    /// journaled as failed, naming the other. Without every value (no
    /// account Id in the link) there is nothing to compare.
    fn open_duplicate(
        &mut self,
        sf: &mut Salesforce,
        i: &Item,
        u: &crate::plan::UniqueOpen,
    ) -> Result<bool, Failure> {
        let What::Upsert {
            sobject,
            field,
            value,
            ..
        } = &i.what
        else {
            return Ok(false);
        };
        if u.same.values().any(Json::is_null) {
            return Ok(false);
        }
        let others = match sf.others_open(sobject, field, value, &u.same, &u.condition) {
            Ok(o) => o,
            Err(e) => {
                self.fail_link(&i.key, e)?;
                return Ok(true);
            }
        };
        if others.is_empty() {
            return Ok(false);
        }
        let names: Vec<String> = others.into_iter().map(|(_, n)| n).collect();
        let held: Vec<String> = u
            .same
            .iter()
            .map(|(f, v)| format!("{f} {}", crate::answers::json_text(v)))
            .collect();
        self.fail(
            &i.key,
            &format!(
                "an open {sobject} with the same {} exists ({}); this one was not created: add to that one, or pass --new to open another",
                held.join(" and "),
                names.join(", ")
            ),
            Outcome::Failed,
        )?;
        self.run.flush()?;
        Ok(true)
    }

    /// Sends one chunk of upserts of one object and External ID field: a
    /// single record as PATCH /sobjects/..., more in one sObject
    /// Collections call.
    fn upserts(
        &mut self,
        sf: &mut Salesforce,
        sobject: &str,
        field: &str,
        ready: &[Ready],
    ) -> Result<(), Failure> {
        if ready.is_empty() {
            return Ok(());
        }
        let keys: Vec<&str> = ready.iter().map(|(i, ..)| i.key.as_str()).collect();
        self.run.sending(&keys)?;
        let result = if let [(_, value, b)] = ready {
            Answer::of(sf.upsert(sobject, field, value, b)).map(|a| vec![a])
        } else {
            let records: Vec<(&str, &IndexMap<String, Json>)> =
                ready.iter().map(|(_, v, b)| (v.as_str(), b)).collect();
            sf.upsert_collection(sobject, field, &records)
        };
        self.answers(
            &keys,
            result,
            "no answer, and the record is not held as sent; a resume sends it again (by External ID, so it is written once)",
        )
    }

    /// Journals the answers of one call for `keys`; a stop journals them
    /// as not sent.
    fn answers(
        &mut self,
        keys: &[&str],
        result: Result<Vec<Answer>, Failure>,
        lost: &str,
    ) -> Result<(), Failure> {
        let answers = match result {
            Ok(a) => a,
            Err(Failure::Stop(e)) => return Err(Failure::Stop(self.run.stopped(keys, e))),
            Err(other) => return Err(other),
        };
        for (key, a) in keys.iter().zip(answers) {
            self.answer(key, a, lost)?;
        }
        Ok(self.run.flush()?)
    }
}

/// Sets each linked lookup field to the Id of the record it names (by its
/// External ID), read from Salesforce: the record is written earlier in the
/// same run, or was by an earlier one.
fn resolve(
    sf: &mut Salesforce,
    users: &Users,
    links: &IndexMap<String, Link>,
    body: &mut IndexMap<String, Json>,
) -> Result<(), Failure> {
    for (field, l) in links {
        if let (Some(account), "Contact") = (&l.of_account, l.sobject.as_str()) {
            // The account's contact, when it has exactly one by that name.
            if let Some(id) = sf.contact_of(account, &l.field, &l.value)? {
                body.insert(field.clone(), json!(id));
            }
            continue;
        }
        if l.sobject == "User" {
            let id = crate::salesforce::user_id(users, &l.field, &l.value).map_err(|why| {
                Failure::Record(format!("{field}: {why}; this record was not sent"))
            })?;
            body.insert(field.clone(), json!(id));
            continue;
        }
        let found = match l.field.as_str() {
            // A record the plan updates by Id: that Id.
            "Id" if limits::is_id(&l.value) => Some(l.value.clone()),
            "CaseNumber" if l.sobject == "Case" => sf
                .case_ids(std::slice::from_ref(&l.value))?
                .remove(&l.value),
            _ => sf.id_by_external_id(&l.sobject, &l.field, &l.value)?,
        };
        match found {
            Some(id) => {
                body.insert(field.clone(), json!(id));
            }
            None => {
                return Err(Failure::Record(format!(
                    "{field} links to the {} whose {} is {}, which is not in Salesforce (was its own write refused?); this record was not sent",
                    l.sobject, l.field, l.value
                )));
            }
        }
    }
    Ok(())
}
