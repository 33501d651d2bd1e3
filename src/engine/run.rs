//! A run: the effects a [`Todo`] says to send, handed to their systems in
//! turn, with every outcome journaled before the next call. The engine
//! owns the journal, the ledger's claims, the audit trail and the counts;
//! a system owns its calls. A system reports through [`Run`]: it claims
//! an effect that must not leave twice ([`Run::claim`]), says what is in
//! flight before each call ([`Run::sending`]), and journals each answer
//! ([`Run::outcome`]).

use super::Effect;
use super::diff::{Action, Change};
use super::journal::{self, Audit, Journal, Line, OpenJob, Outcome, Past};
use super::ledger::{Claim, Ledger, Mark};
use super::todo::{HeldBack, Todo, held_by_ledger};
use super::undo::Done;
use crate::error::Error;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One system's part of a run: which effects are its own, and how they
/// are sent. Adding a system is a new implementation, never a new branch
/// here.
pub trait System<E: Effect> {
    /// Is `e` this system's to apply?
    fn owns(&self, e: &E) -> bool;
    /// Reads the current state of its effects' targets, many at once, and
    /// says what sending each would change (a dry run shows it; what
    /// already holds is not sent; the journal keeps values before and
    /// after). None when the system cannot read (no credentials).
    fn diff(&mut self, effects: &[&E]) -> Result<Option<Vec<Change>>, Error>;
    /// The effects that undo what a run did to this system (`done`: the
    /// journal `journal`'s last result of each effect; a system takes its
    /// own), and what it leaves as it is, in words for a person.
    fn inverse(&mut self, journal: &Path, done: &[Done]) -> Result<Inverse<E>, Error>;
    /// Sends `effects` (its own, in plan order; possibly none, when it has
    /// jobs of an earlier run to read back), reporting every outcome
    /// through `run`. An error stops the run: what was answered is
    /// journaled.
    fn apply(&mut self, effects: &[&E], run: &mut Run<'_, E>) -> Result<(), Error>;
}

/// What undoing a run takes of one system, or of all.
pub struct Inverse<E> {
    pub effects: Vec<E>,
    /// What is left as it is, each in words (a post is not taken back).
    pub left: Vec<String>,
}

/// The undo of the run the journal `journal` records (`done`, read by
/// [`super::undo::read`]): each system's inverse of its own effects.
pub fn inverse<E: Effect>(
    journal: &Path,
    done: &[Done],
    systems: &mut [&mut dyn System<E>],
) -> Result<Inverse<E>, Error> {
    let mut all = Inverse {
        effects: Vec::new(),
        left: Vec::new(),
    };
    for system in systems.iter_mut() {
        let mine = system.inverse(journal, done)?;
        all.effects.extend(mine.effects);
        all.left.extend(mine.left);
    }
    if all.effects.is_empty() && all.left.is_empty() {
        return Err(Error::user(format!(
            "{} records nothing cs can undo: no record updated (with the values before) or created, no change it can take back.",
            journal.display()
        ))
        .with_hint("a journal written before cs kept the values before cannot be undone; posts are never undone"));
    }
    Ok(all)
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What a run did.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    /// Deleted (`--undo --delete-created`).
    #[serde(skip_serializing_if = "is_zero")]
    pub deleted: usize,
    /// Not sent: an earlier run's journal confirms them, or the system
    /// already holds every value.
    pub unchanged: usize,
    pub failed: usize,
    /// Sent with no answer that says what happened (listed in failures).
    pub unknown: usize,
    pub messages_sent: usize,
    pub messages_manual: usize,
    /// The same, by where each goes (the effect's [`Effect::place`]).
    #[serde(skip_serializing_if = "indexmap::IndexMap::is_empty")]
    pub manual_by_place: IndexMap<String, usize>,
    pub failures: Vec<FailureNote>,
    /// Not sent: posted or created before, or possibly (see each why).
    pub held_back: Vec<HeldBack>,
    pub failed_results: Vec<PathBuf>,
    pub journal: PathBuf,
    /// The journal's last hash once the run ended (`cs submit --verify`).
    pub journal_hash: String,
    /// Set when the run stopped before the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FailureNote {
    pub key: String,
    pub error: String,
    /// Its outcome is unknown (it may have arrived), rather than refused.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unknown: bool,
}

/// Reports progress (a bar on a terminal) and what a person must send by
/// hand.
pub trait Reporter {
    fn advance(&mut self, n: u64);
    fn manual(&mut self, text: &str);
}

/// A progress bar on a terminal; what to send by hand as warnings.
pub struct Bar(pub crate::batch::Progress);

impl Reporter for Bar {
    fn advance(&mut self, n: u64) {
        self.0.inc(n);
    }
    fn manual(&mut self, text: &str) {
        self.0.suspend(|| crate::out::warn(text));
    }
}

/// The state of a run, as systems report into it.
pub struct Run<'a, E> {
    s: &'a mut Summary,
    journal: &'a mut Journal,
    sent: &'a mut Ledger,
    by_key: HashMap<&'a str, &'a E>,
    /// What each effect changes, read before sending.
    changes: &'a HashMap<String, Change>,
    /// Journal lines of the call just answered, written by [`Run::flush`].
    buf: Vec<Line>,
    /// The keys this run claimed in the ledger, to settle with their answers.
    claimed: HashSet<String>,
    /// The bodies sent where the system resolved values when sending, by
    /// key: the journal keeps the values actually written.
    sent_values: HashMap<String, IndexMap<String, Json>>,
    resend: bool,
    open_jobs: &'a [OpenJob],
    /// The plans (by digest) of which an effect failed or did not go.
    unsettled_plans: HashSet<String>,
    /// The keys this run failed to write, or did not send.
    unsettled_keys: HashSet<String>,
    report: &'a mut dyn Reporter,
}

/// What sending `effects` would change, system by system, in the order of
/// the effects; those a job of an earlier run holds (`past`) are settled
/// by reading the job back, not compared. None when a system with effects
/// to send cannot read its state; every system that can still reads (and
/// refuses what it cannot send) before anything is sent.
pub fn diff<E: Effect>(
    effects: &[&E],
    past: &Past,
    systems: &mut [&mut dyn System<E>],
) -> Result<Option<Vec<Change>>, Error> {
    let in_jobs: HashSet<&str> = past
        .open_jobs
        .iter()
        .flat_map(|(_, _, keys)| keys.iter().map(|(_, key)| key.as_str()))
        .collect();
    let send: Vec<&E> = effects
        .iter()
        .copied()
        .filter(|e| !in_jobs.contains(e.key()))
        .collect();
    let mut all = Vec::new();
    let mut blind = false;
    for system in systems.iter_mut() {
        let mine: Vec<&E> = send.iter().copied().filter(|e| system.owns(e)).collect();
        if mine.is_empty() {
            continue;
        }
        match system.diff(&mine)? {
            Some(changes) => all.extend(changes),
            None => blind = true,
        }
    }
    if blind {
        return Ok(None);
    }
    let order: HashMap<&str, usize> = send.iter().enumerate().map(|(n, e)| (e.key(), n)).collect();
    all.sort_by_key(|c| order.get(c.key.as_str()).copied().unwrap_or(usize::MAX));
    Ok(Some(all))
}

/// Stops the run when a signal asked it to, between calls.
pub fn interrupted() -> Result<(), Error> {
    if crate::interrupt::requested() {
        return Err(Error::interrupted(
            "interrupted; every call that was answered is in the journal.",
        ));
    }
    Ok(())
}

/// Sends what `todo` says to send, system by system, journaling each
/// outcome before the next call (and, before each write call, which items
/// are in flight). A stop (request limit, credentials, a signal) ends the
/// run with what is done journaled: the summary says what was done, the
/// error why it stopped and how to go on. `resend` lets this run's claims
/// take the place of earlier ones (`--resend`).
#[allow(clippy::too_many_arguments)]
pub fn run<E: Effect>(
    items: &[E],
    todo: &Todo<E>,
    past: &Past,
    systems: &mut [&mut dyn System<E>],
    journal: &mut Journal,
    sent: &mut Ledger,
    resend: bool,
    report: &mut dyn Reporter,
) -> (Summary, Option<Error>) {
    let mut s = Summary {
        journal: journal.path.clone(),
        unchanged: todo.confirmed,
        held_back: todo.held.clone(),
        ..Default::default()
    };
    report.advance((todo.confirmed + todo.held.len()) as u64);
    let mut run = Run {
        s: &mut s,
        journal,
        sent,
        by_key: items.iter().map(|i| (i.key(), i)).collect(),
        changes: &todo.changes,
        buf: Vec::new(),
        claimed: HashSet::new(),
        sent_values: HashMap::new(),
        resend,
        open_jobs: &past.open_jobs,
        unsettled_plans: HashSet::new(),
        unsettled_keys: HashSet::new(),
        report,
    };
    let result = todo
        .unchanged
        .iter()
        .try_for_each(|(i, id)| run.outcome(i.key(), Outcome::Unchanged, Some(id), None))
        .and_then(|()| {
            for system in systems.iter_mut() {
                let mine: Vec<&E> = todo
                    .send
                    .iter()
                    .copied()
                    .filter(|e| system.owns(e))
                    .collect();
                system.apply(&mine, &mut run)?;
            }
            Ok(())
        });
    // Whatever happened, what was answered is journaled.
    let flushed = run.flush();
    let stop = match result.and(flushed) {
        // A signal during the last call: the run went to its end, but
        // whoever sent it asked to stop, and scripts read 130 for that.
        Ok(()) if crate::interrupt::requested() => Some(Error::interrupted(
            "interrupted during the last call; it was answered, and every answer is in the journal.",
        )),
        Ok(()) => None,
        Err(e) => Some(e),
    };
    run.s.journal_hash = run.journal.head.clone();
    let path = run.journal.path.display().to_string();
    let stop = stop.map(|e| {
        s.stopped = Some(e.message.clone());
        let resume = format!(
            "what was confirmed is in the journal; continue with: cs submit --yes --resume {path} PLAN"
        );
        let hint = match &e.hint {
            Some(h) => format!("{h}\n{resume}"),
            None => resume,
        };
        e.with_hint(hint)
    });
    (s, stop)
}

impl<E: Effect> Run<'_, E> {
    /// Journals the outcome of `key`, counts it, and settles this run's
    /// claim on it in the ledger.
    pub fn outcome(
        &mut self,
        key: &str,
        outcome: Outcome,
        id: Option<&str>,
        error: Option<&str>,
    ) -> Result<(), Error> {
        let item = self.by_key.get(key).copied();
        let digest = item.map(Effect::digest);
        let audit = self.audit(key, item, outcome);
        self.buf.push(journal::result_line(
            key,
            outcome,
            id,
            error,
            digest.as_deref(),
            audit,
        ));
        self.count(key, outcome, error);
        let unsettled = matches!(
            outcome,
            Outcome::Failed | Outcome::Unknown | Outcome::NotSent
        );
        if unsettled {
            self.unsettled_keys.insert(key.to_string());
        }
        if unsettled && let Some((plan, _)) = item.and_then(Effect::origin) {
            self.unsettled_plans.insert(plan.clone());
        }
        if self.claimed.remove(key) {
            let mark = match outcome {
                Outcome::Created => Mark::Created,
                Outcome::Sent => Mark::Sent,
                Outcome::Unknown => Mark::Unknown,
                // Refused, or never sent: free for a later run.
                _ => Mark::Released,
            };
            // The journal line goes first: if the ledger cannot be written,
            // the claim stands and later runs hold the item back.
            self.flush()?;
            let path = self.journal.path.clone();
            self.sent.settle(key, mark, &path)?;
        }
        self.report.advance(1);
        Ok(())
    }

    fn count(&mut self, key: &str, outcome: Outcome, error: Option<&str>) {
        let s = &mut *self.s;
        match outcome {
            Outcome::Created => s.created += 1,
            Outcome::Updated => s.updated += 1,
            Outcome::Deleted => s.deleted += 1,
            Outcome::Unchanged => s.unchanged += 1,
            Outcome::Sent => s.messages_sent += 1,
            Outcome::Manual => {
                s.messages_manual += 1;
                let place = self.by_key.get(key).map_or("", |i| i.place());
                *s.manual_by_place.entry(place.to_string()).or_default() += 1;
            }
            Outcome::Failed | Outcome::Unknown => {
                let unknown = outcome == Outcome::Unknown;
                if unknown {
                    s.unknown += 1;
                } else {
                    s.failed += 1;
                }
                s.failures.push(FailureNote {
                    key: key.to_string(),
                    error: crate::redact::clean(error.unwrap_or_default()),
                    unknown,
                });
            }
            Outcome::NotSent => {}
        }
    }

    /// Who sent the item, from which plan and playbook, and, for a target
    /// written, its fields' values before and after.
    fn audit(&self, key: &str, item: Option<&E>, outcome: Outcome) -> Audit {
        let user = self.journal.user.as_ref();
        let origin = item.and_then(Effect::origin);
        let mut a = Audit {
            by: user.map(|u| u.username.clone().unwrap_or_else(|| u.id.clone())),
            plan: origin.map(|o| o.0.clone()),
            playbook: origin.map(|o| o.1.clone()),
            ..Default::default()
        };
        let written = matches!(outcome, Outcome::Created | Outcome::Updated);
        if let Some(c) = self.changes.get(key).filter(|_| written) {
            // What was sent, with values as resolved when sending (the
            // diff may have known them only as "looked up when sending").
            let sent = self.sent_values.get(key);
            let values = |old: bool| -> IndexMap<String, Json> {
                c.fields
                    .iter()
                    // A value the system resolved to nothing was not sent:
                    // neither before nor after is the run's.
                    .filter(|f| sent.is_none_or(|b| b.contains_key(&f.field)))
                    .map(|f| {
                        let v = if old {
                            f.old.clone()
                        } else {
                            sent.and_then(|b| b.get(&f.field))
                                .cloned()
                                .unwrap_or_else(|| f.new.clone())
                        };
                        (f.field.clone(), v)
                    })
                    .collect()
            };
            if c.action == Action::Update {
                a.before = Some(journal::masked_values(values(true), &mut a.masked));
            }
            a.after = Some(journal::masked_values(values(false), &mut a.masked));
            a.masked.sort();
            a.masked.dedup();
        }
        a
    }

    /// Keeps the body sent for `key` where values were resolved when
    /// sending, for the journal's `after`.
    pub fn keep_sent(&mut self, key: &str, body: &IndexMap<String, Json>) {
        self.sent_values.insert(key.to_string(), body.clone());
    }

    /// Holds `item` back when an effect of its plan, or one it goes with
    /// ([`Effect::after`]), failed or did not go (a message announcing a
    /// case that was not written, a batch row's change that goes with its
    /// record): journaled as not sent, for a resume to send once they are.
    /// True when held.
    pub fn held_for_its_plan(&mut self, item: &E) -> Result<bool, Error> {
        // An effect that says what it goes with goes with that alone (a
        // batch's plan holds every row's).
        let of_plan = item.after().is_empty()
            && item
                .origin()
                .is_some_and(|(plan, _)| self.unsettled_plans.contains(plan));
        let with = item
            .after()
            .iter()
            .find(|k| self.unsettled_keys.contains(k.as_str()))
            .cloned();
        let why = match (of_plan, with) {
            (_, Some(k)) => format!(
                "{k}, which it goes with, was not written (see above); it goes with a resume once it is"
            ),
            (true, None) => "a record of its plan was not written (see above); it goes with a resume once they are".into(),
            (false, None) => return Ok(false),
        };
        self.hold(HeldBack {
            key: item.key().to_string(),
            what: item.label(),
            why,
            unknown: false,
        })?;
        Ok(true)
    }

    /// Holds an effect back: listed in the summary, journaled as not sent
    /// (a resume looks at it again).
    fn hold(&mut self, held: HeldBack) -> Result<(), Error> {
        let why = format!("held back: {}", held.why);
        let key = held.key.clone();
        self.s.held_back.push(held);
        self.outcome(&key, Outcome::NotSent, None, Some(&why))?;
        self.flush()
    }

    /// Claims an effect that must not leave twice in the ledger before its
    /// request leaves: false when another run holds it (it is then held
    /// back, journaled as not sent, and must not be sent). An idempotent
    /// effect needs no claim.
    pub fn claim(&mut self, item: &E) -> Result<bool, Error> {
        if item.idempotent() {
            return Ok(true);
        }
        self.flush()?;
        let path = self.journal.path.clone();
        match self.sent.claim(item.key(), &path, self.resend)? {
            Claim::Mine => {
                self.claimed.insert(item.key().to_string());
                Ok(true)
            }
            Claim::Taken(s) => {
                self.hold(held_by_ledger(item, &s))?;
                Ok(false)
            }
        }
    }

    /// Journals that `keys` are about to be sent: if cs dies before their
    /// answers, the journal says their outcome is unknown.
    pub fn sending(&mut self, keys: &[&str]) -> Result<(), Error> {
        self.flush()?;
        self.journal.write(&[Line::Sending {
            at: journal::now(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
        }])
    }

    /// The run stops during a call to write `keys`, which the system did
    /// not take (never sent, refused for the whole run, or interrupted
    /// while waiting to retry): they are journaled as not sent, for a
    /// resume to send. Returns the error to stop with.
    pub fn stopped(&mut self, keys: &[&str], e: Error) -> Error {
        for k in keys {
            let _ = self.outcome(k, Outcome::NotSent, None, Some(&e.message));
        }
        match self.flush() {
            Ok(()) => e,
            Err(f) => f,
        }
    }

    /// Writes the buffered journal lines to disk: called after each call's
    /// results are recorded, so they are durable before the next call.
    pub fn flush(&mut self) -> Result<(), Error> {
        if !self.buf.is_empty() {
            self.journal.write(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Journals a system's job (its Id, scope and the effect keys it holds,
    /// by the Id each was uploaded as) before its data is sent.
    pub fn job(
        &mut self,
        job: &str,
        scope: &str,
        keys: Vec<(String, String)>,
    ) -> Result<(), Error> {
        self.flush()?;
        self.journal.bulk_job(job, scope, keys)
    }

    /// Journals that a job's results are all journaled (or that it was
    /// dropped before it ran).
    pub fn job_done(&mut self, job: &str) -> Result<(), Error> {
        self.buf.push(Line::BulkDone {
            at: journal::now(),
            job: job.to_string(),
        });
        self.flush()
    }

    /// The jobs an earlier run left open, to read back rather than send
    /// their effects again.
    pub fn open_jobs(&self) -> &[OpenJob] {
        self.open_jobs
    }

    /// A file the system saved for people (a job's failed results).
    pub fn saved(&mut self, path: PathBuf) {
        self.s.failed_results.push(path);
    }

    /// An effect a person must send by hand: said, and journaled `manual`.
    pub fn manual(&mut self, key: &str, text: &str) -> Result<(), Error> {
        self.report.manual(text);
        self.outcome(key, Outcome::Manual, None, None)?;
        self.flush()
    }
}

/// The error a run that went to its end still ends with: some items failed
/// or may not have arrived (exit 3), saying how to go on.
pub fn unsettled(s: &Summary, items: usize) -> Option<Error> {
    let unknown = s.unknown + s.held_back.iter().filter(|h| h.unknown).count();
    if s.failed == 0 && unknown == 0 {
        return None;
    }
    let mut parts = Vec::new();
    if s.failed > 0 {
        parts.push(format!("{} failed", s.failed));
    }
    if unknown > 0 {
        parts.push(format!("{unknown} with an unknown outcome"));
    }
    Some(
        Error::remote(format!(
            "{} of {items} item{}; the others are written.",
            parts.join(" and "),
            crate::out::plural(items)
        ))
        .with_hint(format!(
            "fix what the errors name and check what has an unknown outcome, then send the rest with: cs submit --yes --resume {} PLAN",
            s.journal.display()
        )),
    )
}
