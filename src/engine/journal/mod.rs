//! The submit journal: one JSON object a line, appended and flushed to disk
//! before the next call, so that whatever stops a run (a signal, a crash, a
//! lost network) leaves a faithful account of what the systems confirmed.
//! Before each write call a `sending` line names the items in flight: one
//! with no result after it was in flight when the run died, and its
//! outcome is unknown. `cs submit --resume JOURNAL` reads it back and
//! skips what is confirmed; idempotent effects with no confirmation are
//! sent again (writing one twice writes it once); any other whose outcome
//! is unknown is held back for a person to check.
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

mod read;

use crate::error::{Error, io_reason};
use crate::redact;
pub use read::{Entry, OpenJob, Past, read, read_verified, unchain, verify};
use read::{parse, verify_text};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The system created it.
    Created,
    /// The system updated it (or already held it as sent).
    Updated,
    /// The system already held every value, read before sending: not sent.
    Unchanged,
    /// Deleted (`cs submit --undo --delete-created`), or found gone.
    Deleted,
    /// Posted.
    Sent,
    /// Printed for posting by hand (the system is not configured).
    Manual,
    /// Refused; sent again on resume.
    Failed,
    /// Never reached the system (the run stopped first, or the server
    /// answered "not done"); sent on resume.
    NotSent,
    /// Sent, with no answer that says what happened. An idempotent effect
    /// is sent again on resume (writing it twice writes it once); any
    /// other is held back for a person.
    Unknown,
}

impl Outcome {
    /// Does the system (or the person posting by hand) hold it?
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
        /// The user the run works as, in the system that names one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user: Option<Actor>,
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
    /// A system's asynchronous job was created (a bulk job); its data
    /// follows. A job without a `bulk_done` line is read back (or aborted,
    /// if never closed) on resume.
    BulkJob {
        at: String,
        job: String,
        /// What the job applies to (the object), as journals name it.
        #[serde(rename = "sobject")]
        scope: String,
        /// The effect keys of the job, by the Id cs uploaded.
        keys: Vec<(String, String)>,
    },
    /// The job's results are journaled.
    BulkDone { at: String, job: String },
}

/// A written item's audit trail: the user who sent it, the SHA-256 of
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

/// The user a run works as, for the journal's audit trail (the system
/// that has users names it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

pub struct Journal {
    file: std::fs::File,
    pub path: PathBuf,
    /// The hash of the last line: the next line's `prev`.
    pub head: String,
    /// The user this run works as (its run line).
    pub user: Option<Actor>,
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
        user: Option<Actor>,
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
        scope: &str,
        keys: Vec<(String, String)>,
    ) -> Result<(), Error> {
        self.write(&[Line::BulkJob {
            at: now(),
            job: job.into(),
            scope: scope.into(),
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
        // A server may quote a value back: patient identifiers masked.
        error: error.map(|e| {
            crate::phi::Guard::default()
                .mask(&redact::clean(e))
                .into_owned()
        }),
        digest: digest.map(str::to_string),
        audit,
    }
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
