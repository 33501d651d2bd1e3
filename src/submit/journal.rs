//! The submit journal: one JSON object a line, appended and flushed to disk
//! before the next call, so that whatever stops a run (a signal, a crash, a
//! lost network) leaves a faithful account of what Salesforce and Slack
//! confirmed. Before each write call a `sending` line names the items in
//! flight: one with no result after it was in flight when the run died,
//! and its outcome is unknown. `cs submit --resume JOURNAL` reads it back
//! and skips what is confirmed; records with no confirmation are sent
//! again, which is safe because every record is written by External ID or
//! by Id; a Slack message or a create whose outcome is unknown is held
//! back for a person to check.
//!
//! A journal belongs to one run at a time: it is locked (an exclusive
//! advisory lock) for as long as the run lasts.
//!
//! Its lines are hash-chained: each holds `prev`, the hash of the line
//! before it (64 zeros for the first), and ends with `hash`, the seal of
//! the line's own text up to that field (an HMAC-SHA256 under this
//! machine's key: [`crate::engine::seal`]). A line edited, removed or put
//! in afterwards breaks the chain at that place, and without the key the
//! chain cannot be made again; `cs submit --verify`, `--resume` and
//! `--undo` say where. The last hash, printed at the end of each run, is
//! what to keep elsewhere to prove the whole journal.

use crate::error::{Error, io_reason};
use crate::redact;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Salesforce created the record.
    Created,
    /// Salesforce updated the record (or already held it as sent).
    Updated,
    /// The org already held every value, read before sending: not sent.
    Unchanged,
    /// Deleted (`cs submit --undo --delete-created`), or found gone.
    Deleted,
    /// Posted to Slack.
    Sent,
    /// Printed for posting by hand (no SLACK_WEBHOOK_URL).
    Manual,
    /// Refused; sent again on resume.
    Failed,
    /// Never reached Salesforce or Slack (the run stopped first, or the
    /// server answered "not done"); sent on resume.
    NotSent,
    /// Sent, with no answer that says what happened. A record written by
    /// External ID or Id is sent again on resume (writing it twice writes
    /// it once); a Slack message or a create is held back for a person.
    Unknown,
}

impl Outcome {
    /// Does Salesforce or Slack (or the person posting by hand) hold it?
    pub fn confirmed(self) -> bool {
        matches!(
            self,
            Outcome::Created
                | Outcome::Updated
                | Outcome::Unchanged
                | Outcome::Deleted
                | Outcome::Sent
                | Outcome::Manual
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
// Lines are made one at a time and written at once: their size does not add up.
#[allow(clippy::large_enum_variant)]
pub enum Line {
    /// A run began.
    Run {
        at: String,
        cs_version: String,
        plans_sha256: String,
        items: usize,
        /// The process that holds the journal while the run lasts.
        #[serde(default)]
        pid: u32,
        /// The Salesforce user the run works as.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user: Option<crate::salesforce::OrgUser>,
    },
    /// These items are about to be sent; their results follow.
    Sending { at: String, keys: Vec<String> },
    /// One record or message.
    Result {
        at: String,
        key: String,
        outcome: Outcome,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
        /// The digest of what was sent (the record's values, the message):
        /// a resume with an edited plan is told apart by it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        digest: Option<String>,
        /// Who sent it, from which plan and playbook, and what it changed.
        #[serde(default, flatten)]
        audit: Audit,
    },
    /// A Bulk API job was created; its data follows. A job without a
    /// `bulk_done` line is read back (or aborted, if never closed) on resume.
    BulkJob {
        at: String,
        job: String,
        sobject: String,
        /// The record keys of the job, by the Id cs uploaded.
        keys: Vec<(String, String)>,
    },
    /// The job's results are journaled.
    BulkDone { at: String, job: String },
}

/// A written item's audit trail: the org user who sent it, the SHA-256 of
/// its plan and of the playbook the plan came from, and the values of the
/// fields it changed before and after (`cs submit --undo` restores
/// `before`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playbook: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<indexmap::IndexMap<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<indexmap::IndexMap<String, serde_json::Value>>,
    /// Fields whose `before` or `after` is kept masked (patient data, or
    /// something shaped like a secret): an undo never writes them back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub masked: Vec<String>,
}

/// `values` with patient identifiers and secrets masked, naming in
/// `masked` each field whose value was.
pub fn masked_values(
    values: indexmap::IndexMap<String, serde_json::Value>,
    masked: &mut Vec<String>,
) -> indexmap::IndexMap<String, serde_json::Value> {
    let guard = crate::phi::Guard::default();
    values
        .into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(text) => {
                let clean = redact::clean(&text);
                let clean = guard.mask(&clean).into_owned();
                if clean != text {
                    masked.push(k.clone());
                }
                (k, serde_json::Value::String(clean))
            }
            other => (k, other),
        })
        .collect()
}

pub use crate::engine::now;

pub struct Journal {
    file: std::fs::File,
    pub path: PathBuf,
    /// The hash of the last line: the next line's `prev`.
    pub head: String,
    /// The Salesforce user this run works as (its run line).
    pub user: Option<crate::salesforce::OrgUser>,
}

/// The `prev` of a journal's first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The end of every chained line: `,"hash":"<64 hex>"}`.
const HASH_FIELD: &str = ",\"hash\":\"";

/// The line's text with `prev` and its `hash` (the seal of the text
/// before it), and that hash. Secrets are cleaned out of the server text a
/// line quotes (`error`) when the line is made, not out of the whole line:
/// an org value that merely looks like a token stays as it was, so that
/// an undo never writes back a mask.
fn chained(line: &Line, prev: &str) -> Result<(String, String), Error> {
    let mut v =
        serde_json::to_value(line).map_err(|e| Error::internal(format!("journal line: {e}")))?;
    v["prev"] = serde_json::Value::String(prev.to_string());
    let body = v.to_string();
    let hash = crate::engine::seal::seal(&body)?;
    let open = body.strip_suffix('}').unwrap_or(&body);
    Ok((format!("{open}{HASH_FIELD}{hash}\"}}"), hash))
}

/// A chained line's `prev` and `hash`, after checking the hash is the seal
/// of its text; the reason when it is not.
pub fn unchain(text: &str) -> Result<(String, String), &'static str> {
    let cut = text
        .len()
        .checked_sub(HASH_FIELD.len() + 64 + 2)
        .ok_or("it has no hash")?;
    if !text.is_char_boundary(cut) {
        return Err("it has no hash");
    }
    let (open, tail) = text.split_at(cut);
    let hash = tail
        .strip_prefix(HASH_FIELD)
        .and_then(|t| t.strip_suffix("\"}"))
        .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or("it has no hash")?;
    let body = format!("{open}}}");
    if crate::engine::seal::seal(&body).map_err(|_| "this machine's journal key cannot be read")?
        != hash
    {
        return Err(
            "its text is not what its hash was made from: it was changed after it was written, or written on another machine (each machine seals its journals with its own key)",
        );
    }
    let v: serde_json::Value = serde_json::from_str(&body).map_err(|_| "it is not JSON")?;
    let prev = v["prev"].as_str().ok_or("it has no prev")?;
    Ok((prev.to_string(), hash.to_string()))
}

/// How a run uses its journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    /// A new journal: the file must not hold a run already.
    New,
    /// Continue the run the journal records.
    Resume,
}

impl Journal {
    /// Opens `path` for this run: refuses a symbolic link, a file that is
    /// not a journal, and a journal another process holds; locks it for the
    /// run; cuts a last line left half-written by a crash; and returns what
    /// it already records.
    pub fn open(path: &Path, how: Open) -> Result<(Self, Past), Error> {
        let fail = |e: std::io::Error| {
            Error::user(format!(
                "cannot write the journal {}: {}.",
                path.display(),
                io_reason(&e)
            ))
            .with_hint("pass --journal FILE in a writable directory")
        };
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(Error::user(format!(
                    "the journal {} is a symbolic link; cs writes only a journal file itself.",
                    path.display()
                ))
                .with_hint("pass the path of the journal file, not a link to it"));
            }
            Ok(m) if m.is_file() && m.len() > crate::error::MAX_STATE_FILE => {
                return Err(Error::user(format!(
                    "the journal {} is larger than {} MiB: not a journal cs wrote.",
                    path.display(),
                    crate::error::MAX_STATE_FILE >> 20
                )));
            }
            Ok(m) if !m.is_file() => {
                return Err(Error::user(format!(
                    "the journal {} is not a regular file.",
                    path.display()
                ))
                .with_hint("pass --journal FILE with a new file name"));
            }
            Ok(_) => {}
            Err(_) if how == Open::Resume => {
                return Err(Error::user(format!(
                    "there is no journal at {}.",
                    path.display()
                ))
                .with_hint("pass the journal an earlier cs submit wrote (its path is printed at the start of every run)"));
            }
            Err(_) => {}
        }
        let mut file = crate::files::open_append(path).map_err(fail)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::user(format!(
                    "the journal {} is in use by another cs submit{}; two runs on one journal would send everything twice.",
                    path.display(),
                    holder(path)
                ))
                .with_hint("wait for that run to finish (or stop it), then resume with --resume JOURNAL"));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(fail(e)),
        }
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut text).map_err(fail)?;
        if !text.is_empty() && !text.ends_with(b"\n") {
            // The run died mid-line: that line never took effect.
            let keep = text.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            file.set_len(keep as u64).map_err(fail)?;
            text.truncate(keep);
        }
        let text = String::from_utf8(text).map_err(|_| not_a_journal(path, 1, "not UTF-8 text"))?;
        // A journal edited after it was written (a `sent` turned into
        // `failed`) would send again what it says was not sent.
        let past = parse(&text, path)?;
        if how == Open::Resume && !text.is_empty() {
            verify_text(&text, path)?;
        }
        if how == Open::New && past.runs > 0 {
            return Err(Error::user(format!(
                "the journal {} already records a run.",
                path.display()
            ))
            .with_hint(format!(
                "continue that run with --resume {}, or pass --journal with a new file",
                path.display()
            )));
        }
        // The chain goes on from the last line (verified above for a
        // resume; a new journal has none).
        let head = match text.lines().rev().find(|l| !l.trim().is_empty()) {
            None => GENESIS.to_string(),
            Some(last) => match unchain(last) {
                Ok((_, hash)) => hash,
                Err(why) => return Err(not_a_journal(path, text.lines().count(), why)),
            },
        };
        Ok((
            Self {
                file,
                path: path.to_path_buf(),
                head,
                user: None,
            },
            past,
        ))
    }

    pub fn run(
        &mut self,
        plans_sha256: &str,
        items: usize,
        user: Option<crate::salesforce::OrgUser>,
    ) -> Result<(), Error> {
        self.user = user.clone();
        self.write(&[Line::Run {
            at: now(),
            cs_version: env!("CARGO_PKG_VERSION").into(),
            plans_sha256: plans_sha256.into(),
            items,
            pid: std::process::id(),
            user,
        }])
    }

    pub fn bulk_job(
        &mut self,
        job: &str,
        sobject: &str,
        keys: Vec<(String, String)>,
    ) -> Result<(), Error> {
        self.write(&[Line::BulkJob {
            at: now(),
            job: job.into(),
            sobject: sobject.into(),
            keys,
        }])
    }

    pub fn bulk_done(&mut self, job: &str) -> Result<(), Error> {
        self.write(&[Line::BulkDone {
            at: now(),
            job: job.into(),
        }])
    }

    /// Appends lines and makes them durable before returning.
    pub fn write(&mut self, lines: &[Line]) -> Result<(), Error> {
        let mut buf = Vec::new();
        let mut head = self.head.clone();
        for l in lines {
            let (text, hash) = chained(l, &head)?;
            buf.extend_from_slice(text.as_bytes());
            buf.push(b'\n');
            head = hash;
        }
        self.file
            .write_all(&buf)
            .and_then(|_| self.file.flush())
            .and_then(|_| self.file.sync_data())
            .map_err(|e| {
                Error::user(format!(
                    "cannot write the journal {}: {}; stopping so that nothing is sent unrecorded.",
                    self.path.display(),
                    io_reason(&e)
                ))
            })?;
        self.head = head;
        Ok(())
    }
}

/// ", process N, started at T" from the last run line of a journal another
/// process holds (it can still be read).
fn holder(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .rev()
        .filter_map(|l| serde_json::from_str::<Line>(l).ok())
        .find_map(|l| match l {
            Line::Run { at, pid, .. } if pid > 0 => {
                Some(format!(" (process {pid}, started at {at})"))
            }
            _ => None,
        })
        .unwrap_or_default()
}

fn not_a_journal(path: &Path, line: usize, why: &str) -> Error {
    Error::user(format!(
        "{}:{line}: not a cs submit journal line: {why}.",
        path.display()
    ))
    .with_hint("pass the journal an earlier cs submit wrote (its path is printed at the start of every run), or a new file")
}

pub fn result_line(
    key: &str,
    outcome: Outcome,
    id: Option<&str>,
    error: Option<&str>,
    digest: Option<&str>,
    audit: Audit,
) -> Line {
    Line::Result {
        at: now(),
        key: key.into(),
        outcome,
        id: id.map(str::to_string),
        // Salesforce may quote a value back: patient identifiers masked.
        error: error.map(|e| {
            crate::phi::Guard::default()
                .mask(&redact::clean(e))
                .into_owned()
        }),
        digest: digest.map(str::to_string),
        audit,
    }
}

/// A Bulk API job an earlier run closed: its Id, object, and the record
/// keys it holds, by the Id cs uploaded.
pub type OpenJob = (String, String, Vec<(String, String)>);

/// The last word of a journal on one item.
#[derive(Debug, Clone)]
pub struct Entry {
    pub outcome: Outcome,
    pub id: Option<String>,
    pub error: Option<String>,
    pub digest: Option<String>,
}

/// What an earlier run's journal says.
#[derive(Debug, Default)]
pub struct Past {
    /// The last outcome of each key.
    pub outcomes: HashMap<String, Entry>,
    /// Bulk jobs closed but not yet read back.
    pub open_jobs: Vec<OpenJob>,
    /// How many runs it records.
    pub runs: usize,
}

impl Past {
    /// The item's outcome, when the journal confirms it.
    pub fn confirmed(&self, key: &str) -> Option<&Entry> {
        self.outcomes.get(key).filter(|e| e.outcome.confirmed())
    }
}

/// Reads a journal without taking it (a dry run). A last line cut short
/// (the run died mid-write) is ignored; any other line that is not a
/// journal line is an error.
pub fn read(path: &Path) -> Result<Past, Error> {
    let text = crate::error::read_state_file(path)?;
    let whole = match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    };
    parse(whole, path)
}

/// [`read`] for a resume: the chain of its whole lines is checked first.
pub fn read_verified(path: &Path) -> Result<Past, Error> {
    let text = crate::error::read_state_file(path)?;
    let whole = match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    };
    let past = parse(whole, path)?;
    if !whole.is_empty() {
        verify_text(whole, path)?;
    }
    Ok(past)
}

/// The journal lines of `text` (whole lines only).
fn parse(text: &str, path: &Path) -> Result<Past, Error> {
    let mut past = Past::default();
    let mut done: HashSet<String> = HashSet::new();
    for (n, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line: Line =
            serde_json::from_str(raw).map_err(|e| not_a_journal(path, n + 1, &e.to_string()))?;
        if n == 0 && !matches!(line, Line::Run { .. }) {
            return Err(not_a_journal(path, 1, "a journal begins with a run line"));
        }
        match line {
            Line::Result {
                key,
                outcome,
                id,
                error,
                digest,
                ..
            } => {
                past.outcomes.insert(
                    key,
                    Entry {
                        outcome,
                        id,
                        error,
                        digest,
                    },
                );
            }
            Line::Sending { keys, .. } => {
                // Each is settled by the result line that follows, if any.
                for key in keys {
                    past.outcomes.insert(
                        key,
                        Entry {
                            outcome: Outcome::Unknown,
                            id: None,
                            error: Some("the run stopped while this was being sent".into()),
                            digest: None,
                        },
                    );
                }
            }
            Line::BulkJob {
                job, sobject, keys, ..
            } => past.open_jobs.push((job, sobject, keys)),
            Line::BulkDone { job, .. } => {
                done.insert(job);
            }
            Line::Run { .. } => past.runs += 1,
        }
    }
    past.open_jobs.retain(|(j, _, _)| !done.contains(j));
    Ok(past)
}

/// `cs submit --verify`: the journal's lines in an unbroken chain, each
/// line's hash the seal of its text; the number of lines and the last
/// hash, or where the chain breaks and why.
pub fn verify(path: &Path) -> Result<(usize, String), Error> {
    verify_text(&crate::error::read_state_file(path)?, path)
}

/// [`verify`] of a journal's text.
fn verify_text(text: &str, path: &Path) -> Result<(usize, String), Error> {
    let broken = |n: usize, why: &str| {
        Error::user(format!("{}:{n}: {why}.", path.display())).with_hint(
            "the journal is not as cs wrote it; keep this copy as evidence and compare it with a backup",
        )
    };
    let mut head = GENESIS.to_string();
    let mut n = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let Some(line) = line.strip_suffix('\n') else {
            return Err(broken(
                i + 1,
                "the last line is cut short (a run stopped while writing it); a resume removes it",
            ));
        };
        let (prev, hash) = unchain(line).map_err(|why| broken(i + 1, why))?;
        if prev != head {
            return Err(broken(
                i + 1,
                if i == 0 {
                    "the first line does not begin a chain: lines were removed before it"
                } else {
                    "it does not follow the line before it: a line was removed, moved or put in"
                },
            ));
        }
        head = hash;
        n = i + 1;
    }
    if n == 0 {
        return Err(broken(1, "the journal is empty"));
    }
    Ok((n, head))
}

/// Where a run's journal goes when `--journal` is not given: the state
/// directory's journals/, named by the time and process.
pub fn default_path() -> Result<PathBuf, Error> {
    let dir = crate::files::state_dir()
        .ok_or_else(|| {
            Error::user("cannot find a state directory for the journal.")
                .with_hint("pass --journal FILE")
        })?
        .join("journals");
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    Ok(dir.join(format!("submit-{stamp}-{}.jsonl", std::process::id())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_salesforce_quotes_back_is_kept_with_patient_identifiers_masked() {
        let line = result_line(
            "case",
            Outcome::Failed,
            None,
            Some("STRING_TOO_LONG: Description: data value too large: patient SSN 123-45-6789"),
            None,
            Audit::default(),
        );
        let text = serde_json::to_string(&line).unwrap();
        assert!(!text.contains("123-45-6789"), "{text}");
        assert!(text.contains("patient SSN ***-**-**89"), "{text}");
    }

    fn result(key: &str, outcome: Outcome, id: Option<&str>, error: Option<&str>) -> Line {
        result_line(key, outcome, id, error, Some("d1"), Audit::default())
    }

    #[test]
    fn a_journal_reads_back_with_the_last_outcome_of_each_key() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("j.jsonl");
        let (mut j, past) = Journal::open(&p, Open::New).unwrap();
        assert_eq!(past.runs, 0);
        j.run("abc", 3, None).unwrap();
        j.write(&[result("Case/K/1", Outcome::Failed, None, Some("HTTP 503"))])
            .unwrap();
        j.write(&[result("Case/K/1", Outcome::Created, Some("500x"), None)])
            .unwrap();
        j.write(&[result(
            "Account/Id/001",
            Outcome::Failed,
            None,
            Some("ENTITY_IS_DELETED"),
        )])
        .unwrap();
        // In flight when the run died: no result follows.
        j.write(&[Line::Sending {
            at: now(),
            keys: vec!["slack/abc".into()],
        }])
        .unwrap();
        j.bulk_job("750a", "Account", vec![]).unwrap();
        j.bulk_job("750b", "Account", vec![]).unwrap();
        j.bulk_done("750a").unwrap();
        drop(j);
        // A line cut short by a crash.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&p)
            .unwrap()
            .write_all(b"{\"event\":\"result\",\"ke")
            .unwrap();
        let past = read(&p).unwrap();
        assert_eq!(
            past.confirmed("Case/K/1").map(|e| e.outcome),
            Some(Outcome::Created)
        );
        assert!(past.confirmed("Account/Id/001").is_none());
        assert_eq!(past.outcomes["slack/abc"].outcome, Outcome::Unknown);
        assert_eq!(past.open_jobs.len(), 1);
        assert_eq!(past.open_jobs[0].0, "750b");

        // Taking it for a resume repairs the cut line, so the lines the
        // resumed run appends stay readable.
        let (mut j, past) = Journal::open(&p, Open::Resume).unwrap();
        assert_eq!(past.runs, 1);
        j.write(&[result("Account/Id/001", Outcome::Updated, None, None)])
            .unwrap();
        drop(j);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(!text.contains("\"ke{"), "{text}");
        let past = read(&p).unwrap();
        assert!(past.confirmed("Account/Id/001").is_some());
    }

    #[test]
    fn a_foreign_file_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.jsonl");
        std::fs::write(&p, "{\"event\":\"run\",\"at\":\"t\",\"cs_version\":\"0\",\"plans_sha256\":\"x\",\"items\":1}\nhello\n{}\n").unwrap();
        let e = read(&p).unwrap_err();
        assert!(
            e.message
                .contains("x.jsonl:2: not a cs submit journal line"),
            "{}",
            e.message
        );
        // A file of notes is not taken as a journal, even as a new one.
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, "call Acme back\n").unwrap();
        let e = Journal::open(&notes, Open::New).err().unwrap();
        assert!(
            e.message
                .contains("notes.txt:1: not a cs submit journal line"),
            "{}",
            e.message
        );
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "call Acme back\n");
    }

    #[test]
    fn a_journal_is_one_runs_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("j.jsonl");
        let (mut j, _) = Journal::open(&p, Open::New).unwrap();
        j.run("abc", 1, None).unwrap();
        let e = Journal::open(&p, Open::Resume).err().unwrap();
        assert!(
            e.message
                .contains("is in use by another cs submit (process"),
            "{}",
            e.message
        );
        drop(j);
        let e = Journal::open(&p, Open::New).err().unwrap();
        assert!(e.message.contains("already records a run"), "{}", e.message);
        assert!(Journal::open(&p, Open::Resume).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_refused_as_a_journal() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere.txt");
        std::fs::write(&target, "").unwrap();
        let link = dir.path().join("j.jsonl");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = Journal::open(&link, Open::New).err().unwrap();
        assert!(e.message.contains("is a symbolic link"), "{}", e.message);
    }
}
