//! What this machine has sent, whatever the journal: the Slack messages
//! posted and the records created without an External ID, by their key
//! (a digest of what was sent), in `sent.jsonl` in the state directory.
//! Upserts and updates need no such memory (writing one twice writes it
//! once); a Slack post or a create sent twice is a second post or a
//! duplicate record. Running the same plan again, with a new journal,
//! therefore holds them back unless `--resend` is given.
//!
//! Runs append to it under an exclusive lock, one line a call, so that
//! concurrent runs (on different journals) do not interleave lines.

use super::journal::{Outcome, now};
use crate::error::{Error, io_reason};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sent {
    pub at: String,
    pub key: String,
    pub outcome: Outcome,
    pub journal: PathBuf,
}

#[derive(Debug, Default)]
pub struct Ledger {
    path: Option<PathBuf>,
    sent: HashMap<String, Sent>,
}

impl Ledger {
    /// The ledger of the state directory (empty when there is none).
    pub fn load() -> Result<Self, Error> {
        let Some(dir) = crate::answers::draft::state_dir() else {
            return Ok(Self::default());
        };
        Self::at(&dir.join("sent.jsonl"))
    }

    pub fn at(path: &Path) -> Result<Self, Error> {
        let mut sent = HashMap::new();
        match std::fs::read_to_string(path) {
            Ok(text) => {
                // A line cut by a crash, or one a newer cs wrote, is skipped:
                // the ledger only ever holds sends back.
                for l in text.lines() {
                    if let Ok(s) = serde_json::from_str::<Sent>(l) {
                        sent.insert(s.key.clone(), s);
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::user(format!(
                    "cannot read {}: {}.",
                    path.display(),
                    io_reason(&e)
                ))
                .with_hint("cs keeps there what it posted to Slack and created in Salesforce; make it readable"));
            }
        }
        Ok(Self {
            path: Some(path.to_path_buf()),
            sent,
        })
    }

    /// What an earlier run sent under `key`, if any.
    pub fn get(&self, key: &str) -> Option<&Sent> {
        self.sent.get(key)
    }

    /// Remembers what this run sent (or may have sent).
    pub fn record(&mut self, key: &str, outcome: Outcome, journal: &Path) -> Result<(), Error> {
        let entry = Sent {
            at: now(),
            key: key.to_string(),
            outcome,
            journal: journal.to_path_buf(),
        };
        if let Some(path) = &self.path {
            append(path, &entry)?;
        }
        self.sent.insert(key.to_string(), entry);
        Ok(())
    }
}

fn append(path: &Path, entry: &Sent) -> Result<(), Error> {
    let fail = |e: std::io::Error| {
        Error::user(format!(
            "cannot write {}: {}; stopping so that nothing is sent unrecorded.",
            path.display(),
            io_reason(&e)
        ))
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut line =
        serde_json::to_vec(entry).map_err(|e| Error::internal(format!("ledger line: {e}")))?;
    line.push(b'\n');
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .create(true)
        .append(true)
        .open(path)
        .map_err(fail)?;
    f.lock().map_err(fail)?;
    // After a line a crash cut short, start a new one.
    let len = f.metadata().map_err(fail)?.len();
    if len > 0 {
        use std::io::{Read, Seek, SeekFrom};
        let mut last = [0u8];
        f.seek(SeekFrom::Start(len - 1))
            .and_then(|_| f.read_exact(&mut last))
            .map_err(fail)?;
        if last[0] != b'\n' {
            line.insert(0, b'\n');
        }
    }
    f.write_all(&line)
        .and_then(|_| f.sync_data())
        .map_err(fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_one_run_sent_another_sees() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sent.jsonl");
        let mut a = Ledger::at(&p).unwrap();
        assert!(a.get("slack/1").is_none());
        a.record("slack/1", Outcome::Sent, Path::new("j1.jsonl"))
            .unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&p)
            .unwrap()
            .write_all(b"{\"at\":\"cut")
            .unwrap();
        let mut b = Ledger::at(&p).unwrap();
        b.record("slack/2", Outcome::Unknown, Path::new("j2.jsonl"))
            .unwrap();
        let b = Ledger::at(&p).unwrap();
        assert_eq!(b.get("slack/2").unwrap().outcome, Outcome::Unknown);
        let s = b.get("slack/1").unwrap();
        assert_eq!(s.outcome, Outcome::Sent);
        assert_eq!(s.journal, Path::new("j1.jsonl"));
    }
}
