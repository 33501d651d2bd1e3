//! The submit journal: one JSON object a line, appended and flushed to disk
//! before the next call, so that whatever stops a run (Ctrl-C, a crash, a
//! lost network) leaves a faithful account of what Salesforce and Slack
//! confirmed. `cs submit --resume JOURNAL` reads it back and skips what is
//! confirmed; records with no confirmation are sent again, which is safe
//! because every record is written by External ID or by Id.

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
    /// Posted to Slack.
    Sent,
    /// Printed for posting by hand (no SLACK_WEBHOOK_URL).
    Manual,
    /// Refused; sent again on resume.
    Failed,
    /// No answer and no way to check: not sent again on resume.
    Unknown,
}

impl Outcome {
    /// Does a resumed run skip this item?
    pub fn settled(self) -> bool {
        !matches!(self, Outcome::Failed)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Line {
    /// A run began.
    Run {
        at: String,
        cs_version: String,
        plans_sha256: String,
        items: usize,
    },
    /// One record or message.
    Result {
        at: String,
        key: String,
        outcome: Outcome,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
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

pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub struct Journal {
    file: std::fs::File,
    pub path: PathBuf,
}

impl Journal {
    /// Opens `path` for appending (creating it and its directory).
    pub fn open(path: &Path) -> Result<Self, Error> {
        let fail = |e: std::io::Error| {
            Error::user(format!(
                "cannot write the journal {}: {}.",
                path.display(),
                io_reason(&e)
            ))
            .with_hint("pass --journal FILE in a writable directory")
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(fail)?;
        Ok(Self {
            file,
            path: path.to_path_buf(),
        })
    }

    pub fn run(&mut self, plans_sha256: &str, items: usize) -> Result<(), Error> {
        self.write(&[Line::Run {
            at: now(),
            cs_version: env!("CARGO_PKG_VERSION").into(),
            plans_sha256: plans_sha256.into(),
            items,
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
        for l in lines {
            let text = serde_json::to_string(l)
                .map_err(|e| Error::internal(format!("journal line: {e}")))?;
            buf.extend_from_slice(redact::clean(&text).as_bytes());
            buf.push(b'\n');
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
            })
    }
}

pub fn result_line(key: &str, outcome: Outcome, id: Option<&str>, error: Option<&str>) -> Line {
    Line::Result {
        at: now(),
        key: key.into(),
        outcome,
        id: id.map(str::to_string),
        error: error.map(redact::clean),
    }
}

/// A Bulk API job an earlier run closed: its Id, object, and the record
/// keys it holds, by the Id cs uploaded.
pub type OpenJob = (String, String, Vec<(String, String)>);

/// What an earlier run's journal says.
#[derive(Debug, Default)]
pub struct Past {
    /// The last outcome of each key.
    pub outcomes: HashMap<String, (Outcome, Option<String>)>,
    /// Bulk jobs closed but not yet read back.
    pub open_jobs: Vec<OpenJob>,
}

impl Past {
    pub fn settled(&self, key: &str) -> Option<Outcome> {
        self.outcomes
            .get(key)
            .map(|(o, _)| *o)
            .filter(|o| o.settled())
    }
}

/// Reads a journal. A last line cut short (the run died mid-write) is
/// ignored; any other line that is not a journal line is an error.
pub fn read(path: &Path) -> Result<Past, Error> {
    let text = crate::error::read_file(path)?;
    let mut past = Past::default();
    let mut done: HashSet<String> = HashSet::new();
    let lines: Vec<&str> = text.lines().collect();
    for (n, raw) in lines.iter().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line: Line = match serde_json::from_str(raw) {
            Ok(l) => l,
            Err(_) if n + 1 == lines.len() && !text.ends_with('\n') => break,
            Err(e) => {
                return Err(Error::user(format!(
                    "{}:{}: not a cs submit journal line: {e}.",
                    path.display(),
                    n + 1
                ))
                .with_hint("pass the journal an earlier cs submit wrote (its path is printed at the start of every run)"));
            }
        };
        match line {
            Line::Result {
                key, outcome, id, ..
            } => {
                past.outcomes.insert(key, (outcome, id));
            }
            Line::BulkJob {
                job, sobject, keys, ..
            } => past.open_jobs.push((job, sobject, keys)),
            Line::BulkDone { job, .. } => {
                done.insert(job);
            }
            Line::Run { .. } => {}
        }
    }
    past.open_jobs.retain(|(j, _, _)| !done.contains(j));
    Ok(past)
}

/// Where a run's journal goes when `--journal` is not given: the state
/// directory's journals/, named by the time and process.
pub fn default_path() -> Result<PathBuf, Error> {
    let dir = crate::answers::draft::state_dir()
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
    fn a_journal_reads_back_with_the_last_outcome_of_each_key() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("j.jsonl");
        let mut j = Journal::open(&p).unwrap();
        j.run("abc", 3).unwrap();
        j.write(&[result_line(
            "Case/K/1",
            Outcome::Failed,
            None,
            Some("HTTP 503"),
        )])
        .unwrap();
        j.write(&[result_line(
            "Case/K/1",
            Outcome::Created,
            Some("500x"),
            None,
        )])
        .unwrap();
        j.write(&[result_line(
            "Account/Id/001",
            Outcome::Failed,
            None,
            Some("ENTITY_IS_DELETED"),
        )])
        .unwrap();
        j.bulk_job("750a", "Account", vec![]).unwrap();
        j.bulk_job("750b", "Account", vec![]).unwrap();
        j.bulk_done("750a").unwrap();
        drop(j);
        // A line cut short by a crash is ignored.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&p)
            .unwrap()
            .write_all(b"{\"event\":\"result\",\"ke")
            .unwrap();
        let past = read(&p).unwrap();
        assert_eq!(past.settled("Case/K/1"), Some(Outcome::Created));
        assert_eq!(past.settled("Account/Id/001"), None);
        assert_eq!(past.open_jobs.len(), 1);
        assert_eq!(past.open_jobs[0].0, "750b");
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
    }
}
