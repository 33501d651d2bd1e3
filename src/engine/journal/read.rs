//! Reading a journal back: what it says of each effect (its last
//! outcome), the jobs still open, and whether its chain of seals holds.

use super::{GENESIS, HASH_FIELD, Line, Outcome, not_a_journal};
use crate::error::Error;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What is wrong with a line, without quoting it (the file may be any
/// file, a key or a secret among them).
fn what_is_wrong(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Data => "it is JSON, but not a journal line",
        _ => "it is not JSON",
    }
}

/// A chained line's `prev` and `hash`, after checking the hash is the seal
/// of its text; the reason when it is not.
pub fn unchain(text: &str) -> Result<(String, String), &'static str> {
    let cut = text
        .len()
        .checked_sub(HASH_FIELD.len() + 64 + 2)
        .ok_or("it does not end in the hash cs writes (was the line edited, or the file's line endings changed?)")?;
    if !text.is_char_boundary(cut) {
        return Err(
            "it does not end in the hash cs writes (was the line edited, or the file's line endings changed?)",
        );
    }
    let (open, tail) = text.split_at(cut);
    let hash = tail
        .strip_prefix(HASH_FIELD)
        .and_then(|t| t.strip_suffix("\"}"))
        .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or("it does not end in the hash cs writes (was the line edited, or the file's line endings changed?)")?;
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
pub(super) fn parse(text: &str, path: &Path) -> Result<Past, Error> {
    let mut past = Past::default();
    let mut done: HashSet<String> = HashSet::new();
    for (n, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line: Line =
            serde_json::from_str(raw).map_err(|e| not_a_journal(path, n + 1, what_is_wrong(&e)))?;
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
                job, scope, keys, ..
            } => past.open_jobs.push((job, scope, keys)),
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
pub(super) fn verify_text(text: &str, path: &Path) -> Result<(usize, String), Error> {
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

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

    #[test]
    fn values_before_and_after_keep_patient_data_masked_and_say_which() {
        let mut masked = Vec::new();
        let values = indexmap::IndexMap::from([
            (
                "Description".to_string(),
                serde_json::json!("Patient SSN 123-45-6789 called"),
            ),
            ("Status".to_string(), serde_json::json!("New")),
            ("Amount".to_string(), serde_json::json!(500)),
        ]);
        let out = masked_values(values, &mut masked);
        assert_eq!(masked, ["Description"]);
        assert!(!out["Description"].as_str().unwrap().contains("123-45-6789"));
        assert_eq!(out["Status"], "New");
        assert_eq!(out["Amount"], 500);
    }

    #[test]
    fn an_error_a_server_quotes_back_is_kept_with_patient_identifiers_masked() {
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
            keys: vec!["post/abc".into()],
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
        assert_eq!(past.outcomes["post/abc"].outcome, Outcome::Unknown);
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
