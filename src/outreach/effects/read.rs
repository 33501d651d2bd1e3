//! What Outreach holds of what a plan's changes name, read before
//! anything is sent and many at once: the sequences and accounts by name,
//! the mailboxes and users by email, the prospects by email with every
//! state of theirs, the accounts' prospects and their owners' emails.

use super::{Changes, lower};
use crate::error::Error;
use crate::outreach::{Failure, Outreach, Resource};
use crate::plan::OutreachAction;
use indexmap::IndexSet;
use std::collections::HashMap;

/// What cs has read of Outreach, by the names plans use (None: Outreach
/// has none).
#[derive(Default)]
pub(super) struct Known {
    pub(super) sequences: HashMap<String, Option<Resource>>,
    pub(super) mailboxes: HashMap<String, Option<Resource>>,
    pub(super) users: HashMap<String, Option<Resource>>,
    pub(super) prospects: HashMap<String, Option<Resource>>,
    /// Every state of each prospect read, by prospect Id.
    pub(super) states: HashMap<String, Vec<Resource>>,
    pub(super) accounts: HashMap<String, Option<Resource>>,
    /// The prospects of each account read, by account Id.
    pub(super) account_prospects: HashMap<String, Vec<Resource>>,
    /// The email of each owner read, by user Id (the diff's "before").
    pub(super) owner_emails: HashMap<String, String>,
}

impl Changes<'_> {
    /// Reads what `actions` name that is not known yet; refuses names
    /// Outreach does not know (a sequence, a mailbox, a user), all at once.
    pub fn read(&mut self, actions: &[&OutreachAction]) -> Result<(), Error> {
        let Some(o) = self.client.as_ref() else {
            return Ok(());
        };
        let k = &mut self.known;
        let mut sequences = IndexSet::new();
        let mut mailboxes = IndexSet::new();
        let mut users = IndexSet::new();
        let mut prospects = IndexSet::new();
        let mut accounts = IndexSet::new();
        let add = |list: &mut IndexSet<String>, v: String| {
            list.insert(v);
        };
        for a in actions {
            match a {
                OutreachAction::Add {
                    sequence,
                    email,
                    mailbox,
                    account,
                    ..
                } => {
                    add(&mut sequences, sequence.clone());
                    add(&mut prospects, lower(email));
                    add(&mut mailboxes, lower(mailbox));
                    if let Some(acc) = account {
                        add(&mut accounts, acc.clone());
                    }
                }
                OutreachAction::Finish {
                    sequence, email, ..
                } => {
                    add(&mut sequences, sequence.clone());
                    add(&mut prospects, lower(email));
                }
                OutreachAction::Owner { account, owner } => {
                    add(&mut accounts, account.clone());
                    add(&mut users, lower(owner));
                }
            }
        }
        let unknown = |set: IndexSet<String>, known: &HashMap<String, Option<Resource>>| {
            set.into_iter()
                .filter(|s| !known.contains_key(s))
                .collect::<Vec<_>>()
        };
        let sequences = unknown(sequences, &k.sequences);
        let mailboxes = unknown(mailboxes, &k.mailboxes);
        let users = unknown(users, &k.users);
        let prospects = unknown(prospects, &k.prospects);
        let accounts = unknown(accounts, &k.accounts);
        let stop = Failure::into_error;
        // Sequences and accounts by name, exactly as the plan writes it.
        for (list, collection, into) in [
            (&sequences, "sequences", &mut k.sequences),
            (&accounts, "accounts", &mut k.accounts),
        ] {
            if list.is_empty() {
                continue;
            }
            let found = o.find(collection, "name", list).map_err(stop)?;
            let mut by_name: HashMap<&str, Vec<&Resource>> = HashMap::new();
            for r in &found {
                if let Some(n) = r.text("name") {
                    by_name.entry(n).or_default().push(r);
                }
            }
            for name in list {
                let same = by_name
                    .get(name.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let first = same.first().map(|r| (*r).clone());
                if same.len() > 1 && collection == "sequences" {
                    return Err(Error::user(format!(
                        "Outreach has more than one sequence named \"{name}\"; nothing was sent."
                    ))
                    .with_hint("rename one of them in Outreach, or name the one to use in the playbook's data: sequences"));
                }
                into.insert(name.clone(), first);
            }
        }
        // Mailboxes and users by email, whatever its case.
        for (list, collection, into) in [
            (&mailboxes, "mailboxes", &mut k.mailboxes),
            (&users, "users", &mut k.users),
        ] {
            if list.is_empty() {
                continue;
            }
            let found = o.find(collection, "email", list).map_err(stop)?;
            for e in list {
                let r = found
                    .iter()
                    .find(|r| r.text("email").map(lower).as_deref() == Some(e.as_str()));
                into.insert(e.clone(), r.cloned());
            }
        }
        let mut unknown = Vec::new();
        for a in actions {
            match a {
                OutreachAction::Add {
                    sequence, mailbox, ..
                } => {
                    if k.sequences.get(sequence).is_some_and(Option::is_none) {
                        unknown.push(format!("  no sequence is named \"{sequence}\""));
                    }
                    if k.mailboxes
                        .get(&lower(mailbox))
                        .is_some_and(Option::is_none)
                    {
                        unknown.push(format!("  no mailbox has the email {mailbox}"));
                    }
                }
                OutreachAction::Finish { sequence, .. } => {
                    if k.sequences.get(sequence).is_some_and(Option::is_none) {
                        unknown.push(format!("  no sequence is named \"{sequence}\""));
                    }
                }
                OutreachAction::Owner { owner, .. } => {
                    if k.users.get(&lower(owner)).is_some_and(Option::is_none) {
                        unknown.push(format!("  no user has the email {owner}"));
                    }
                }
            }
        }
        unknown.sort();
        unknown.dedup();
        if !unknown.is_empty() {
            return Err(Error::user(format!(
                "Outreach does not know what the plan names; nothing was sent:\n{}",
                unknown.join("\n")
            ))
            .with_hint("fix the names (the sequences are the playbook's data: sequences; the emails are the answers admin_email and csm_email), or create them in Outreach; cs org check compares the playbooks with Outreach"));
        }
        // The prospects by email, and every state of theirs.
        if !prospects.is_empty() {
            let found = o.find("prospects", "emails", &prospects).map_err(stop)?;
            // The first prospect with each email (Outreach refuses a second).
            let mut by_email: HashMap<String, &Resource> = HashMap::new();
            for r in &found {
                for x in r.emails() {
                    by_email.entry(x).or_insert(r);
                }
            }
            for e in &prospects {
                k.prospects
                    .insert(e.clone(), by_email.get(e).map(|r| (*r).clone()));
            }
            let ids: Vec<String> = prospects
                .iter()
                .filter_map(|e| k.prospects.get(e).cloned().flatten())
                .map(|p| p.id)
                .filter(|id| !k.states.contains_key(id))
                .collect();
            read_states(o, &mut k.states, &ids).map_err(stop)?;
        }
        // The prospects of each account whose owner changes.
        let owned: Vec<String> = actions
            .iter()
            .filter_map(|a| match a {
                OutreachAction::Owner { account, .. } => k.accounts.get(account).cloned().flatten(),
                _ => None,
            })
            .map(|a| a.id)
            .filter(|id| !k.account_prospects.contains_key(id))
            .collect();
        // Who owns them now, by email, for the diff.
        let mut owners: Vec<String> = actions
            .iter()
            .filter_map(|a| match a {
                OutreachAction::Owner { account, .. } => k.accounts.get(account).cloned().flatten(),
                _ => None,
            })
            .filter_map(|a| a.related.get("owner").cloned())
            .filter(|id| !k.owner_emails.contains_key(id))
            .collect();
        owners.sort();
        owners.dedup();
        if !owners.is_empty() {
            for u in o.find("users", "id", &owners).map_err(stop)? {
                if let Some(e) = u.text("email") {
                    k.owner_emails.insert(u.id.clone(), e.to_string());
                }
            }
        }
        if !owned.is_empty() {
            let found = o.find("prospects", "account][id", &owned).map_err(stop)?;
            for id in &owned {
                k.account_prospects.insert(id.clone(), Vec::new());
            }
            for p in found {
                if let Some(list) = p
                    .related
                    .get("account")
                    .and_then(|a| k.account_prospects.get_mut(a))
                {
                    list.push(p);
                }
            }
        }
        Ok(())
    }
}

/// Every state of the prospects `ids`, all pages, replacing what was
/// known of them.
pub(super) fn read_states(
    o: &Outreach,
    states: &mut HashMap<String, Vec<Resource>>,
    ids: &[String],
) -> Result<(), Failure> {
    if ids.is_empty() {
        return Ok(());
    }
    let found = o.find("sequenceStates", "prospect][id", ids)?;
    for id in ids {
        states.insert(id.clone(), Vec::new());
    }
    for s in found {
        if let Some(p) = s.related.get("prospect")
            && let Some(list) = states.get_mut(p)
        {
            list.push(s);
        }
    }
    Ok(())
}
