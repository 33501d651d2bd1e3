//! What this machine has sent or is sending, whatever the journal: every
//! effect that must not leave twice (a message posted, a record created
//! without an External ID), by its key, in `sent.jsonl` in the state
//! directory. Effects that are idempotent (an upsert by External ID, an
//! update by Id) need no such memory: writing one twice writes it once.
//!
//! An effect is *claimed* here before its request leaves: under an
//! exclusive lock on the file, the lines other runs appended since this
//! run last looked are read, and unless one of them holds the key, a
//! `claimed` line is appended and made durable (fsync) before the lock is
//! let go. Two runs of one plan at once therefore never both send it: the
//! second finds the first's claim. A run killed (SIGKILL, a second
//! SIGTERM, a full disk) after its claim and before its answer leaves the
//! claim standing, so a later run holds the effect back as unknown until a
//! person checks and passes `--resend`. Its answer settles the claim:
//! `sent` or `created` (it arrived), `unknown` (no answer), or `released`
//! (it did not leave, or was refused: free to send again).

use crate::error::{Error, io_reason};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// What the ledger last says of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// A run is sending it (or stopped while it was): no answer yet.
    Claimed,
    /// The record was created.
    Created,
    /// The message was posted.
    Sent,
    /// Sent, and no answer said what happened.
    Unknown,
    /// It did not leave, or the system refused it: free to send.
    Released,
}

impl Mark {
    /// Did the system take it?
    pub fn arrived(self) -> bool {
        matches!(self, Mark::Created | Mark::Sent)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sent {
    pub at: String,
    pub key: String,
    pub outcome: Mark,
    pub journal: PathBuf,
    /// The process that wrote the line.
    #[serde(default)]
    pub pid: u32,
}

/// Whether this run may send an effect.
#[derive(Debug)]
pub enum Claim {
    /// This run holds it: send.
    Mine,
    /// Another run (or an earlier one) holds it, as this line says.
    Taken(Sent),
}

#[derive(Debug, Default)]
pub struct Ledger {
    path: Option<PathBuf>,
    sent: HashMap<String, Sent>,
    /// How far the file has been read (whole lines).
    read_to: u64,
}

impl Ledger {
    /// The ledger of the state directory (empty, in memory only, when there
    /// is none).
    pub fn load() -> Result<Self, Error> {
        let Some(dir) = crate::files::state_dir() else {
            return Ok(Self::default());
        };
        Self::at(&dir.join("sent.jsonl"))
    }

    /// The ledger at `path`, read without creating it (a dry run leaves
    /// nothing behind).
    pub fn at(path: &Path) -> Result<Self, Error> {
        let mut l = Self {
            path: Some(path.to_path_buf()),
            ..Self::default()
        };
        match File::open(path) {
            Ok(mut f) => l.catch_up(&mut f).map_err(|e| unreadable(path, &e))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(unreadable(path, &e)),
        }
        Ok(l)
    }

    /// What holds `key` back, if anything: a claim, an arrival or an
    /// unknown outcome (a released key is free).
    pub fn get(&self, key: &str) -> Option<&Sent> {
        self.sent.get(key).filter(|s| s.outcome != Mark::Released)
    }

    /// Claims `key` for this run before it is sent: [`Claim::Taken`] when
    /// another run holds it (unless `force`, for `--resend`). The claim is
    /// on disk when this returns [`Claim::Mine`]; a write that fails is an
    /// error, and then nothing must be sent.
    pub fn claim(&mut self, key: &str, journal: &Path, force: bool) -> Result<Claim, Error> {
        self.append(key, Mark::Claimed, journal, |l| match l.get(key) {
            Some(s) if !force => Some(s.clone()),
            _ => None,
        })
        .map(|taken| taken.map_or(Claim::Mine, Claim::Taken))
    }

    /// Settles this run's claim on `key` with what its answer said.
    pub fn settle(&mut self, key: &str, mark: Mark, journal: &Path) -> Result<(), Error> {
        self.append(key, mark, journal, |_| None).map(|_| ())
    }

    /// Under the file's lock: reads what other runs appended, asks `taken`
    /// whether the key is held, and when it is not, appends the line and
    /// syncs it.
    fn append(
        &mut self,
        key: &str,
        outcome: Mark,
        journal: &Path,
        taken: impl Fn(&Self) -> Option<Sent>,
    ) -> Result<Option<Sent>, Error> {
        let entry = Sent {
            at: super::now(),
            key: key.to_string(),
            outcome,
            journal: journal.to_path_buf(),
            pid: std::process::id(),
        };
        let Some(path) = self.path.clone() else {
            if let Some(t) = taken(self) {
                return Ok(Some(t));
            }
            self.sent.insert(key.to_string(), entry);
            return Ok(None);
        };
        let fail = |e: std::io::Error| {
            Error::user(format!(
                "cannot write {}: {}; stopping so that nothing is sent unrecorded.",
                path.display(),
                io_reason(&e)
            ))
            .with_hint("cs keeps there what it posts and creates, so that nothing is sent twice; free some space or make it writable, then resume")
        };
        let mut f = crate::files::open_append(&path).map_err(fail)?;
        f.lock().map_err(fail)?;
        self.catch_up(&mut f).map_err(fail)?;
        if let Some(t) = taken(self) {
            return Ok(Some(t));
        }
        let mut line =
            serde_json::to_vec(&entry).map_err(|e| Error::internal(format!("ledger line: {e}")))?;
        line.push(b'\n');
        // After a line a crash cut short, start a new one.
        let len = f.seek(SeekFrom::End(0)).map_err(fail)?;
        if len > 0 {
            let mut last = [0u8];
            f.seek(SeekFrom::Start(len - 1))
                .and_then(|_| f.read_exact(&mut last))
                .map_err(fail)?;
            if last[0] != b'\n' {
                line.insert(0, b'\n');
            }
        }
        if let Err(e) = f.write_all(&line).and_then(|_| f.sync_data()) {
            // Whatever part of the line reached the file is cut off again,
            // so that the next line starts clean.
            let _ = f.set_len(len);
            return Err(fail(e));
        }
        self.read_to = len + line.len() as u64;
        self.sent.insert(key.to_string(), entry);
        Ok(None)
    }

    /// Reads the whole lines appended since the last read. A line cut by a
    /// crash, or one a newer cs wrote, is skipped: the ledger only ever
    /// holds sends back.
    fn catch_up(&mut self, f: &mut File) -> std::io::Result<()> {
        f.seek(SeekFrom::Start(self.read_to))?;
        let mut tail = Vec::new();
        f.read_to_end(&mut tail)?;
        let whole = tail.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        for l in tail[..whole].split(|b| *b == b'\n') {
            if let Ok(s) = serde_json::from_slice::<Sent>(l) {
                self.sent.insert(s.key.clone(), s);
            }
        }
        self.read_to += whole as u64;
        Ok(())
    }
}

fn unreadable(path: &Path, e: &std::io::Error) -> Error {
    Error::user(format!("cannot read {}: {}.", path.display(), io_reason(e))).with_hint(
        "cs keeps there what it posted and created, so that nothing is sent twice; make it readable",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_one_run_claims_another_sees_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sent.jsonl");
        // Two runs load the ledger before either sends.
        let mut a = Ledger::at(&p).unwrap();
        let mut b = Ledger::at(&p).unwrap();
        assert!(matches!(
            a.claim("post/1", Path::new("j1.jsonl"), false).unwrap(),
            Claim::Mine
        ));
        // b read nothing of it when it loaded, and still cannot take it.
        match b.claim("post/1", Path::new("j2.jsonl"), false).unwrap() {
            Claim::Taken(s) => {
                assert_eq!(s.outcome, Mark::Claimed);
                assert_eq!(s.journal, Path::new("j1.jsonl"));
            }
            Claim::Mine => panic!("claimed twice"),
        }
        a.settle("post/1", Mark::Sent, Path::new("j1.jsonl"))
            .unwrap();
        // A line cut by a crash does not hide the lines after it.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&p)
            .unwrap()
            .write_all(b"{\"at\":\"cut")
            .unwrap();
        assert!(matches!(
            b.claim("post/2", Path::new("j2.jsonl"), false).unwrap(),
            Claim::Mine
        ));
        b.settle("post/2", Mark::Released, Path::new("j2.jsonl"))
            .unwrap();
        let c = Ledger::at(&p).unwrap();
        assert_eq!(c.get("post/1").unwrap().outcome, Mark::Sent);
        // Released: free to send.
        assert!(c.get("post/2").is_none());
        // --resend takes what is held.
        let mut c = c;
        assert!(matches!(
            c.claim("post/1", Path::new("j3.jsonl"), true).unwrap(),
            Claim::Mine
        ));
    }

    #[test]
    fn lines_an_older_cs_wrote_still_hold_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sent.jsonl");
        std::fs::write(
            &p,
            "{\"at\":\"2026-11-20T10:00:00.000Z\",\"key\":\"post/1\",\"outcome\":\"sent\",\"journal\":\"j.jsonl\"}\n",
        )
        .unwrap();
        let l = Ledger::at(&p).unwrap();
        assert_eq!(l.get("post/1").unwrap().outcome, Mark::Sent);
    }
}
