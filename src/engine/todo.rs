//! What a run is to do with each effect of its plans, from what the
//! journal (a resume) and this machine's ledger say of it: send it, skip
//! it (confirmed), send it again (its outcome was unknown, and it is
//! idempotent), or hold it back for a person (it may have arrived, and
//! sending it twice would post or create twice).

use super::Effect;
use super::diff::{Action, Change};
use super::journal::{Outcome, Past};
use super::ledger::{Ledger, Mark, Sent};
use crate::error::Error;
use serde::Serialize;

/// An item a run does not send, and why.
#[derive(Debug, Clone, Serialize)]
pub struct HeldBack {
    pub key: String,
    pub what: String,
    pub why: String,
    /// Nobody knows whether it arrived (rather than: it did, earlier).
    pub unknown: bool,
}

/// What a run is to do with each item of its plans.
#[derive(Debug)]
pub struct Todo<'a, E> {
    /// To send, in plan order.
    pub send: Vec<&'a E>,
    /// Skipped: the journal confirms them.
    pub confirmed: usize,
    /// Not sent: sent before, or possibly sent, and not idempotent.
    pub held: Vec<HeldBack>,
    /// Their outcome was unknown; they are sent again (writing them twice
    /// writes them once).
    pub again: Vec<&'a E>,
    /// Not sent: the system already holds every value (read before
    /// sending), with the target's Id.
    pub unchanged: Vec<(&'a E, String)>,
    /// What each effect to send changes, read from its system: the fields'
    /// values before and after, for the journal.
    pub changes: std::collections::HashMap<String, Change>,
}

impl<E> Default for Todo<'_, E> {
    fn default() -> Self {
        Self {
            send: Vec::new(),
            confirmed: 0,
            held: Vec::new(),
            again: Vec::new(),
            unchanged: Vec::new(),
            changes: Default::default(),
        }
    }
}

impl<E: Effect> Todo<'_, E> {
    /// Takes out of `send` what the systems already hold (`changes`, the
    /// diff of `send`).
    pub fn against(&mut self, changes: Vec<Change>) {
        let same: std::collections::HashMap<&str, &str> = changes
            .iter()
            .filter(|c| c.action == Action::NoChange)
            .map(|c| (c.key.as_str(), c.id.as_deref().unwrap_or_default()))
            .collect();
        let (unchanged, send): (Vec<&E>, Vec<&E>) =
            self.send.iter().partition(|i| same.contains_key(i.key()));
        self.unchanged.extend(
            unchanged
                .into_iter()
                .map(|i| (i, same[i.key()].to_string())),
        );
        self.send = send;
        self.changes = changes.into_iter().map(|c| (c.key.clone(), c)).collect();
    }

    /// Says which items are sent again after an unknown outcome.
    pub fn announce(&self) {
        for i in &self.again {
            crate::out::note(&format!(
                "{}: its outcome was unknown; sending it again (written by its key, it is written once).",
                i.label()
            ));
        }
    }
}

/// Sorts `items` by what the journal (`past`) and this machine's ledger
/// say of them. `resend` sends again what the ledger or an unknown outcome
/// would hold back. A plan edited since the journal recorded it is
/// refused, naming the changed items, as is a journal of another plan.
pub fn todo<'a, E: Effect>(
    items: &'a [E],
    past: &Past,
    sent: &Ledger,
    resend: bool,
) -> Result<Todo<'a, E>, Error> {
    if !past.outcomes.is_empty() && !items.iter().any(|i| past.outcomes.contains_key(i.key())) {
        return Err(Error::user(
            "the journal records another plan: none of these items is in it; nothing was sent.",
        )
        .with_hint("resume with the plan the journal was written for, or submit this plan without --resume"));
    }
    let mut t = Todo::default();
    let mut changed = Vec::new();
    for i in items {
        match past.outcomes.get(i.key()) {
            Some(e) if e.outcome.confirmed() => {
                if e.digest.as_ref().is_some_and(|d| *d != i.digest()) {
                    changed.push(format!("  {}", i.label()));
                } else {
                    t.confirmed += 1;
                }
                continue;
            }
            Some(e) if e.outcome == Outcome::Unknown => {
                if i.idempotent() {
                    t.again.push(i);
                    t.send.push(i);
                } else if resend {
                    t.send.push(i);
                } else {
                    t.held.push(HeldBack {
                        key: i.key().to_string(),
                        what: i.label(),
                        why: format!(
                            "its outcome is unknown ({}); check {} and pass --resend to send it again",
                            e.error.as_deref().unwrap_or("no answer"),
                            i.place()
                        ),
                        unknown: true,
                    });
                }
                continue;
            }
            _ => {}
        }
        match sent.get(i.key()) {
            Some(s) if !i.idempotent() && !resend => t.held.push(held_by_ledger(i, s)),
            _ => t.send.push(i),
        }
    }
    if !changed.is_empty() {
        let n = changed.len();
        return Err(Error::user(format!(
            "{n} item{} changed since the journal confirmed {}; nothing was sent.",
            crate::out::plural(n),
            if n == 1 { "it" } else { "them" }
        ))
        .with_details(changed)
        .with_hint("resume with the plan the journal was written for; to send the edited plan, submit it without --resume (what is written by its key is written to the same values, and what was posted or created is not sent again)"));
    }
    Ok(t)
}

/// Why the ledger holds `i` back: it arrived, its outcome is unknown, or
/// a run claimed it and has not said how it ended.
pub fn held_by_ledger<E: Effect>(i: &E, s: &Sent) -> HeldBack {
    let place = i.place();
    let journal = s.journal.display();
    let why = match s.outcome {
        m if m.arrived() => format!(
            "{} from this machine at {} (journal {journal}); pass --resend to send it again",
            i.arrived_word(),
            s.at
        ),
        Mark::Claimed if gone(s.pid) => format!(
            "claimed at {} by another run (process {}, journal {journal}), which stopped while sending it (that process is gone): its outcome is unknown; check {place}, then pass --resend to send it again",
            s.at, s.pid
        ),
        Mark::Claimed => format!(
            "claimed at {} by another run (process {}, journal {journal}), which has not said how it ended: it is sending it now, or it stopped while sending it; check {place}, then pass --resend to send it again",
            s.at, s.pid
        ),
        _ => format!(
            "sent from this machine at {} with no answer (journal {journal}); check {place}, then pass --resend to send it again",
            s.at
        ),
    };
    HeldBack {
        key: i.key().to_string(),
        what: i.label(),
        why,
        unknown: !s.outcome.arrived(),
    }
}

/// Is the process `pid` known to be gone? Only where the system lists its
/// processes (/proc); elsewhere nobody can say.
fn gone(pid: u32) -> bool {
    pid > 0
        && std::path::Path::new("/proc/self").exists()
        && !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Every item is confirmed by the journal or held back: says so, and
/// fails when what is held back may not have arrived.
pub fn nothing_to_send<E>(items: usize, todo: &Todo<E>) -> Result<(), Error> {
    for h in &todo.held {
        crate::out::warn(&format!("held back: {}: {}", h.what, h.why));
    }
    let unknown = todo.held.iter().filter(|h| h.unknown).count();
    if unknown > 0 {
        return Err(Error::remote(format!(
            "nothing sent: {unknown} item{} may or may not have arrived.",
            crate::out::plural(unknown)
        ))
        .with_hint("check them where they were sent, then pass --resend to send them again"));
    }
    crate::out::note(&format!(
        "Nothing to send: {} of {items} item{} confirmed by the journal, {} sent before from this machine.",
        todo.confirmed,
        crate::out::plural(items),
        todo.held.len()
    ));
    Ok(())
}
