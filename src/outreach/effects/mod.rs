//! Outreach as a system of the engine: a plan's Outreach changes read,
//! compared and applied, each exactly once.
//!
//! Everything a change names is looked up before anything is sent, many
//! at once (a filter with several emails, a relationship's Ids): the
//! sequences by name, the mailboxes and users by email, the prospects by
//! email and every state of theirs, the accounts by name and their
//! prospects. An unknown sequence, mailbox or user stops the run before
//! any system sends anything.
//!
//! Exactly once: only an `active` state counts as "in the sequence" (a
//! finished one does not); a prospect already active is not added again;
//! Outreach's 422 for a second state settles as no change; an answer lost
//! after the request left is settled by reading the prospect's states
//! back. An undo finishes the sequence states the run created.

mod read;

use super::{Created, Failure, Outreach, Resource, relation};
use crate::effect::{Item, What};
use crate::engine::diff::{Action, Change, FieldChange};
use crate::engine::journal::Outcome;
use crate::engine::run::{Inverse, Run, System, interrupted};
use crate::engine::undo::Done;
use crate::error::Error;
use crate::plan::OutreachAction;
use crate::submit::Preview;
use read::{Known, read_states};
use serde_json::{Value as Json, json};
use std::collections::HashMap;

/// Outreach's side of a run: the client (None without credentials: each
/// change is then printed for a person to make) and what was read of it.
pub struct Changes<'h> {
    pub client: Option<Outreach<'h>>,
    known: Known,
    /// The accounts the run's adds create (Outreach has none by that name).
    created_accounts: std::collections::HashSet<String>,
}

fn lower(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Is the state active, and in the sequence?
fn active_in(state: &Resource, sequence: &str) -> bool {
    state.text("state") == Some("active")
        && state.related.get("sequence").map(String::as_str) == Some(sequence)
}

impl<'h> Changes<'h> {
    pub fn new(client: Option<Outreach<'h>>) -> Self {
        Self {
            client,
            known: Known::default(),
            created_accounts: Default::default(),
        }
    }

    /// What sending `a` would change, from what was read.
    fn change(&self, key: &str, a: &OutreachAction) -> Change {
        let k = &self.known;
        let label = crate::effect::outreach_label(a);
        let mut c = to_make(key, a);
        let seq_id = |s: &str| k.sequences.get(s).cloned().flatten().map(|r| r.id);
        let prospect = |e: &str| k.prospects.get(&lower(e)).cloned().flatten();
        let active = |e: &str, s: &str| -> Option<String> {
            let p = prospect(e)?;
            let seq = seq_id(s)?;
            k.states
                .get(&p.id)?
                .iter()
                .find(|st| active_in(st, &seq))
                .map(|st| st.id.clone())
        };
        match a {
            OutreachAction::Add {
                sequence, email, ..
            } => {
                if let Some(id) = active(email, sequence) {
                    c.action = Action::NoChange;
                    c.words = Some(format!(
                        "<{email}> is already active in \"{sequence}\" (sequence state {id})"
                    ));
                    c.id = Some(id);
                } else if prospect(email).is_none() {
                    c.words = Some(format!("{} (a new prospect)", c.words.unwrap_or_default()));
                }
            }
            OutreachAction::Finish {
                sequence,
                email,
                state,
            } => {
                // A state named by its Id (an undo) is finished only while
                // it is active, as the prospect's states say.
                let found = match state {
                    Some(id) => {
                        let now = k.states.values().flatten().find(|s| &s.id == id);
                        now.is_none_or(|s| s.text("state") == Some("active"))
                            .then(|| id.clone())
                    }
                    None => active(email, sequence),
                };
                match found {
                    Some(id) => {
                        c.action = Action::Update;
                        if state.is_none() {
                            c.words = Some(format!("{label} (sequence state {id})"));
                        }
                        c.id = Some(id);
                    }
                    None => {
                        c.action = Action::NoChange;
                        c.words = Some(match state {
                            Some(id) => format!(
                                "<{email}>'s sequence state {id} in \"{sequence}\" is no longer active"
                            ),
                            None => format!("<{email}> is not active in \"{sequence}\""),
                        });
                    }
                }
            }
            OutreachAction::Owner { account, owner } => {
                let user = k.users.get(&lower(owner)).cloned().flatten();
                match (k.accounts.get(account).cloned().flatten(), user) {
                    (Some(acc), Some(user)) => {
                        let others = k
                            .account_prospects
                            .get(&acc.id)
                            .map(|ps| {
                                ps.iter()
                                    .filter(|p| p.related.get("owner") != Some(&user.id))
                                    .count()
                            })
                            .unwrap_or(0);
                        let before = acc.related.get("owner").cloned();
                        c.id = Some(acc.id.clone());
                        if before.as_deref() == Some(user.id.as_str()) && others == 0 {
                            c.action = Action::NoChange;
                            c.words = Some(format!(
                                "the Outreach account \"{account}\" and its prospects are {owner}'s"
                            ));
                        } else {
                            c.action = Action::Update;
                            c.fields.push(FieldChange {
                                field: "owner".into(),
                                old: before.map_or(Json::Null, |b| {
                                    json!(
                                        k.owner_emails
                                            .get(&b)
                                            .cloned()
                                            .unwrap_or(format!("user {b}"))
                                    )
                                }),
                                new: json!(owner),
                            });
                            if others > 0 {
                                c.words = Some(format!(
                                    "{label} ({others} prospect{})",
                                    crate::out::plural(others)
                                ));
                            }
                        }
                    }
                    (None, Some(_)) if self.created_accounts.contains(account) => {
                        c.words = Some(format!(
                            "{label} (the account is created with its first prospect above)"
                        ));
                    }
                    _ => {
                        c.action = Action::NotFound;
                        c.words = Some(format!("Outreach has no account named \"{account}\""));
                    }
                }
            }
        }
        c
    }

    /// Sends one change; its outcome and the Id of what it made.
    fn send(&mut self, a: &OutreachAction) -> Result<(Outcome, Option<String>), Failure> {
        let o = self.client.as_ref().expect("sent only with a client");
        let k = &mut self.known;
        match a {
            OutreachAction::Add {
                sequence,
                email,
                name,
                account,
                mailbox,
            } => {
                let seq = id_of(&k.sequences, sequence)?;
                let mailbox = id_of(&k.mailboxes, &lower(mailbox))?;
                let prospect = match k.prospects.get(&lower(email)).cloned().flatten() {
                    Some(p) => p,
                    None => {
                        let p = create_prospect(o, k, email, name.as_deref(), account.as_deref())?;
                        k.prospects.insert(lower(email), Some(p.clone()));
                        k.states.insert(p.id.clone(), Vec::new());
                        // An owner change of its account later in the run
                        // includes it.
                        if let Some(acc) = p.related.get("account") {
                            k.account_prospects
                                .entry(acc.clone())
                                .or_default()
                                .push(p.clone());
                        }
                        p
                    }
                };
                let already = |k: &Known| {
                    k.states
                        .get(&prospect.id)
                        .into_iter()
                        .flatten()
                        .find(|s| active_in(s, &seq))
                        .map(|s| s.id.clone())
                };
                if let Some(id) = already(k) {
                    return Ok((Outcome::Unchanged, Some(id)));
                }
                let data = json!({"relationships": {
                    "prospect": relation("prospect", &prospect.id),
                    "sequence": relation("sequence", &seq),
                    "mailbox": relation("mailbox", &mailbox),
                }});
                let sent = o.create("sequenceState", "sequenceStates", data);
                // A refusal or a lost answer: what Outreach holds says.
                let read_back = |k: &mut Known| -> Result<Option<String>, Failure> {
                    read_states(o, &mut k.states, std::slice::from_ref(&prospect.id))?;
                    Ok(already(k))
                };
                match sent {
                    Ok(Created::Done(r)) => {
                        k.states
                            .entry(prospect.id.clone())
                            .or_default()
                            .push(r.clone());
                        Ok((Outcome::Created, Some(r.id)))
                    }
                    Ok(Created::Refused(why)) => match read_back(k)? {
                        // Another run (or a person) added it: no change.
                        Some(id) => Ok((Outcome::Unchanged, Some(id))),
                        None => Err(Failure::Refused(why)),
                    },
                    Err(Failure::Unknown(why)) => match read_back(k)? {
                        Some(id) => Ok((Outcome::Created, Some(id))),
                        None => Err(Failure::Refused(format!(
                            "{why}; Outreach holds no active state of <{email}> in \"{sequence}\", so it was not added: a resume adds it"
                        ))),
                    },
                    Err(e) => Err(e),
                }
            }
            OutreachAction::Finish {
                sequence,
                email,
                state,
            } => {
                let id = match state {
                    Some(id) => Some(id.clone()),
                    None => {
                        let seq = id_of(&k.sequences, sequence)?;
                        k.prospects
                            .get(&lower(email))
                            .cloned()
                            .flatten()
                            .and_then(|p| {
                                k.states
                                    .get(&p.id)?
                                    .iter()
                                    .find(|s| active_in(s, &seq))
                                    .map(|s| s.id.clone())
                            })
                    }
                };
                let Some(id) = id else {
                    return Ok((Outcome::Unchanged, None));
                };
                match o.finish(&id)? {
                    Created::Done(_) => {
                        for s in k.states.values_mut().flatten().filter(|s| s.id == id) {
                            s.attributes["state"] = json!("finished");
                        }
                        Ok((Outcome::Updated, Some(id)))
                    }
                    // Not active (finished already, or gone): nothing to do.
                    Created::Refused(_) => Ok((Outcome::Unchanged, Some(id))),
                }
            }
            OutreachAction::Owner { account, owner } => {
                let user = id_of(&k.users, &lower(owner))?;
                let Some(acc) = k.accounts.get(account).cloned().flatten() else {
                    return Err(Failure::Refused(format!(
                        "Outreach has no account named \"{account}\""
                    )));
                };
                let mut changed = false;
                if acc.related.get("owner") != Some(&user) {
                    refused(o.set_owner("account", "accounts", &acc.id, &user)?)?;
                    changed = true;
                }
                let prospects = k
                    .account_prospects
                    .get(&acc.id)
                    .cloned()
                    .unwrap_or_default();
                for p in prospects
                    .iter()
                    .filter(|p| p.related.get("owner") != Some(&user))
                {
                    interrupted().map_err(Failure::Stop)?;
                    refused(o.set_owner("prospect", "prospects", &p.id, &user)?)?;
                    changed = true;
                }
                if let Some(Some(a)) = k.accounts.get_mut(account) {
                    a.related.insert("owner".into(), user.clone());
                }
                for p in k.account_prospects.get_mut(&acc.id).into_iter().flatten() {
                    p.related.insert("owner".into(), user.clone());
                }
                let outcome = if changed {
                    Outcome::Updated
                } else {
                    Outcome::Unchanged
                };
                Ok((outcome, Some(acc.id)))
            }
        }
    }
}

/// `a` as a change to make, in its own words.
fn to_make(key: &str, a: &OutreachAction) -> Change {
    let label = crate::effect::outreach_label(a);
    Change {
        key: key.to_string(),
        what: format!("Outreach: {label}"),
        action: Action::Create,
        id: None,
        fields: Vec::new(),
        stale: None,
        words: Some(label),
        detail: serde_json::to_value(a).ok(),
    }
}

fn refused(c: Created) -> Result<(), Failure> {
    match c {
        Created::Done(_) => Ok(()),
        Created::Refused(why) => Err(Failure::Refused(why)),
    }
}

fn id_of(map: &HashMap<String, Option<Resource>>, name: &str) -> Result<String, Failure> {
    map.get(name)
        .cloned()
        .flatten()
        .map(|r| r.id)
        .ok_or_else(|| Failure::Refused(format!("Outreach has no {name}")))
}

/// Creates the prospect (with its name, and its account found by name or
/// created), or finds it when Outreach refuses a second one with its email
/// or the answer is lost.
fn create_prospect(
    o: &Outreach,
    k: &mut Known,
    email: &str,
    name: Option<&str>,
    account: Option<&str>,
) -> Result<Resource, Failure> {
    let mut attributes = json!({"emails": [email]});
    if let Some(n) = name {
        let (first, last) = match n.trim().rsplit_once(' ') {
            Some((f, l)) => (f.trim(), l.trim()),
            None => (n.trim(), ""),
        };
        attributes["firstName"] = json!(first);
        if !last.is_empty() {
            attributes["lastName"] = json!(last);
        }
    }
    let mut data = json!({"attributes": attributes});
    if let Some(acc) = account {
        let id = match k.accounts.get(acc).cloned().flatten() {
            Some(a) => a.id,
            None => match o.create("account", "accounts", json!({"attributes": {"name": acc}}))? {
                Created::Done(a) => {
                    k.accounts.insert(acc.to_string(), Some(a.clone()));
                    a.id
                }
                Created::Refused(why) => return Err(Failure::Refused(why)),
            },
        };
        data["relationships"] = json!({"account": relation("account", &id)});
    }
    let find = |o: &Outreach| -> Result<Option<Resource>, Failure> {
        let found = o.find("prospects", "emails", &[lower(email)])?;
        Ok(found.into_iter().find(|r| r.has_email(&lower(email))))
    };
    match o.create("prospect", "prospects", data) {
        Ok(Created::Done(p)) => Ok(p),
        Ok(Created::Refused(why)) => find(o)?.ok_or(Failure::Refused(why)),
        Err(Failure::Unknown(why)) => find(o)?.ok_or(Failure::Refused(format!(
            "{why}; Outreach holds no prospect <{email}>: a resume creates it"
        ))),
        Err(e) => Err(e),
    }
}

/// What a dry run without credentials shows of an Outreach change.
pub fn preview(a: &OutreachAction) -> Preview {
    match a {
        OutreachAction::Add {
            sequence,
            email,
            mailbox,
            ..
        } => Preview {
            method: "POST",
            path: "/api/v2/sequenceStates".into(),
            body: Some(json!({"data": {"type": "sequenceState", "relationships": {
                "prospect": {"data": {"type": "prospect", "id": format!("<Id of the prospect whose email is {email}, created if there is none>")}},
                "sequence": {"data": {"type": "sequence", "id": format!("<Id of the sequence named {sequence}>")}},
                "mailbox": {"data": {"type": "mailbox", "id": format!("<Id of the mailbox whose email is {mailbox}>")}},
            }}})),
            note: Some("unless the prospect is already active in the sequence".into()),
        },
        OutreachAction::Finish {
            sequence,
            email,
            state,
        } => Preview {
            method: "POST",
            path: format!(
                "/api/v2/sequenceStates/{}/actions/finish",
                state.clone().unwrap_or_else(|| format!(
                    "<Id of the active state of {email} in {sequence}>"
                ))
            ),
            body: None,
            note: None,
        },
        OutreachAction::Owner { account, owner } => Preview {
            method: "PATCH",
            path: format!("/api/v2/accounts/<Id of the account named {account}>"),
            body: Some(json!({"data": {"type": "account", "relationships": {
                "owner": {"data": {"type": "user", "id": format!("<Id of the user whose email is {owner}>")}}}}})),
            note: Some("and the same PATCH of each of the account's prospects".into()),
        },
    }
}

impl System<Item> for Changes<'_> {
    fn owns(&self, e: &Item) -> bool {
        matches!(e.what, What::Outreach(_))
    }

    /// Without credentials, each change is one for a person to make.
    fn diff(&mut self, effects: &[&Item]) -> Result<Option<Vec<Change>>, Error> {
        let actions: Vec<(&str, &OutreachAction)> = effects
            .iter()
            .filter_map(|i| match &i.what {
                What::Outreach(a) => Some((i.key.as_str(), a)),
                _ => None,
            })
            .collect();
        if self.client.is_none() {
            return Ok(Some(
                actions
                    .iter()
                    .map(|(key, a)| {
                        let mut c = to_make(key, a);
                        c.words = c
                            .words
                            .map(|w| format!("{w} (by hand: no Outreach credentials are set)"));
                        c
                    })
                    .collect(),
            ));
        }
        self.read(&actions.iter().map(|(_, a)| *a).collect::<Vec<_>>())?;
        let k = &self.known;
        self.created_accounts = actions
            .iter()
            .filter_map(|(_, a)| match a {
                OutreachAction::Add {
                    account: Some(acc),
                    email,
                    ..
                } if k.accounts.get(acc).is_some_and(Option::is_none)
                    && k.prospects.get(&lower(email)).is_some_and(Option::is_none) =>
                {
                    Some(acc.clone())
                }
                _ => None,
            })
            .collect();
        Ok(Some(
            actions.iter().map(|(key, a)| self.change(key, a)).collect(),
        ))
    }

    /// The sequence states a run created are finished; an owner is left.
    fn inverse(
        &mut self,
        _journal: &std::path::Path,
        done: &[Done],
    ) -> Result<Inverse<Item>, Error> {
        let mut inv = Inverse {
            effects: Vec::new(),
            left: Vec::new(),
        };
        for d in done {
            let Some(rest) = d.key.strip_prefix(crate::effect::OUTREACH_KEY) else {
                continue;
            };
            let outcome = d.result["outcome"].as_str().unwrap_or_default();
            if let Some(add) = rest.strip_prefix("add/")
                && outcome == "created"
                && let Some(id) = d.result["id"].as_str()
                && let Some((email, sequence)) = add.split_once(' ')
            {
                let action = OutreachAction::Finish {
                    sequence: sequence.to_string(),
                    email: email.to_string(),
                    state: Some(id.to_string()),
                };
                inv.effects.push(Item {
                    key: crate::effect::outreach_key(&action),
                    what: What::Outreach(action),
                    seen: None,
                    origin: None,
                    after: Vec::new(),
                });
            } else if let Some(finish) = rest.strip_prefix("finish/")
                && outcome == "updated"
                && let Some((email, sequence)) = finish.split_once(' ')
            {
                inv.left.push(format!(
                    "left in place: <{email}>'s state in \"{sequence}\" was finished (cs does not restart a sequence; add them again in Outreach if needed)"
                ));
            } else if let Some(account) = rest.strip_prefix("owner/")
                && outcome == "updated"
            {
                inv.left.push(format!(
                    "left in place: the owner of the Outreach account \"{account}\" and its prospects (cs does not give an account back)"
                ));
            }
        }
        Ok(inv)
    }

    fn apply(&mut self, effects: &[&Item], run: &mut Run<'_, Item>) -> Result<(), Error> {
        let actions: Vec<&OutreachAction> = effects
            .iter()
            .filter_map(|i| match &i.what {
                What::Outreach(a) => Some(a),
                _ => None,
            })
            .collect();
        if self.client.is_some() {
            self.read(&actions)?;
        }
        // Owners last: an add may create the account (and its first
        // prospect) an owner change names.
        let (owners, rest): (Vec<&&Item>, Vec<&&Item>) = effects
            .iter()
            .partition(|i| matches!(i.what, What::Outreach(OutreachAction::Owner { .. })));
        for item in rest.into_iter().chain(owners) {
            let What::Outreach(a) = &item.what else {
                continue;
            };
            interrupted()?;
            let key = item.key.as_str();
            if run.held_for_its_plan(item)? {
                continue;
            }
            if self.client.is_none() {
                run.manual(
                    key,
                    &format!(
                        "Outreach credentials are not set (OUTREACH_ACCESS_TOKEN, or the refresh-token flow); make this change in Outreach by hand: {}",
                        crate::effect::outreach_label(a)
                    ),
                )?;
                continue;
            }
            run.sending(&[key])?;
            match self.send(a) {
                Ok((outcome, id)) => run.outcome(key, outcome, id.as_deref(), None)?,
                Err(Failure::Stop(e)) => return Err(run.stopped(&[key], e)),
                Err(Failure::Refused(why)) => {
                    run.outcome(key, Outcome::Failed, None, Some(&why))?
                }
                Err(Failure::Unknown(why)) => {
                    run.outcome(key, Outcome::Unknown, None, Some(&why))?
                }
            }
            run.flush()?;
        }
        Ok(())
    }
}
