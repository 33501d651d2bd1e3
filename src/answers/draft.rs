//! Resume drafts: while a person answers prompts, what they typed is saved
//! after every answer to a file in the state directory, so Ctrl-C or a later
//! error loses nothing. The file is an answers file: resume with
//! `--answers FILE`. Beside the answers, under the key `$cs`, it keeps what
//! the resumed run needs besides: the command line that resumes (the
//! sources the run was given: `--account`, `--org`, `--playbooks`), and the
//! questions still to ask, optional ones included, which the resumed run
//! asks. It is removed when the command succeeds.

use super::Answers;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

/// The draft in progress, for a Ctrl-C handler (see [`current`]).
static CURRENT: Mutex<Option<PathBuf>> = Mutex::new(None);

pub use crate::files::state_dir;

/// `v` with every identifier in its texts masked.
fn masked_json(guard: &crate::phi::Guard, v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::String(s) => serde_json::Value::String(guard.mask(&s).into_owned()),
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(|i| masked_json(guard, i)).collect())
        }
        other => other,
    }
}

/// The draft `answers` names, when it is one of cs's (in the drafts
/// directory): a run it fed that succeeds removes it.
pub fn is_draft(answers: &std::path::Path) -> bool {
    let Some(dir) = state_dir().map(|d| d.join("drafts")) else {
        return false;
    };
    // No drafts folder (most runs), no draft.
    let Ok(dir) = std::fs::canonicalize(&dir) else {
        return false;
    };
    answers
        .parent()
        .and_then(|p| std::fs::canonicalize(p).ok())
        .is_some_and(|parent| parent == dir)
}

pub struct Draft {
    pub path: PathBuf,
    saved: bool,
    /// The form's fields, in order: those without an answer are still to ask.
    keys: Vec<String>,
    /// The command line that resumes, but `--answers`.
    resume: Vec<String>,
}

impl Draft {
    /// A draft of `playbook`'s form of fields `keys`, resumed by the
    /// command line `resume` (with `--answers DRAFT` added).
    pub fn new(playbook: &str, keys: Vec<String>, resume: Vec<String>) -> Option<Self> {
        let dir = state_dir()?.join("drafts");
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        Some(Self {
            // JSON, which --answers reads as it reads YAML.
            path: dir.join(format!("{playbook}-{stamp}.json")),
            saved: false,
            keys,
            resume,
        })
    }

    /// The command that resumes, as a shell reads it.
    pub fn resume_line(&self) -> String {
        let mut words = self.resume.clone();
        words.push("--answers".into());
        words.push(self.path.display().to_string());
        shell_words(&words)
    }

    /// Writes the answers so far (whole file or nothing).
    pub fn save(&mut self, answers: &Answers) {
        // Patient identifiers typed into free text are kept masked: a draft
        // outlives the run (see crate::phi).
        let guard = crate::phi::Guard::default();
        let mut map: serde_json::Map<String, serde_json::Value> = answers
            .values
            .iter()
            .map(|(k, v)| (k.clone(), masked_json(&guard, v.to_json())))
            .collect();
        let ask: Vec<&str> = self
            .keys
            .iter()
            .filter(|k| !answers.values.contains_key(*k))
            .map(String::as_str)
            .collect();
        map.insert(
            super::sources::DRAFT_KEY.into(),
            serde_json::json!({"ask": ask, "resume": self.resume_line()}),
        );
        let Some(dir) = self.path.parent() else {
            return;
        };
        if crate::files::create_dir(dir).is_err() {
            return;
        }
        let text = serde_json::to_string_pretty(&map).unwrap_or_default();
        let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) else {
            return;
        };
        if tmp.write_all(text.as_bytes()).is_ok() && tmp.persist(&self.path).is_ok() {
            self.saved = true;
            if let Ok(mut c) = CURRENT.lock() {
                *c = Some(self.path.clone());
            }
        }
    }

    pub fn saved(&self) -> bool {
        self.saved
    }

    /// The command succeeded: the draft is no longer needed.
    pub fn discard(self) {
        if self.saved {
            let _ = std::fs::remove_file(&self.path);
        }
        if let Ok(mut c) = CURRENT.lock() {
            *c = None;
        }
    }
}

/// The draft being typed now, if one has been saved (for a Ctrl-C handler).
pub fn current() -> Option<PathBuf> {
    CURRENT.lock().ok().and_then(|c| c.clone())
}

/// What a draft file holds: how many answers, and the command that
/// resumes it (a draft of an older cs has none).
pub fn read(path: &std::path::Path) -> (usize, Option<String>) {
    let map = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&t).ok())
        .unwrap_or_default();
    let resume = map
        .get(super::sources::DRAFT_KEY)
        .and_then(|m| m.get("resume"))
        .and_then(serde_json::Value::as_str)
        .map(str::to_string);
    let answers = map
        .keys()
        .filter(|k| *k != super::sources::DRAFT_KEY)
        .count();
    (answers, resume)
}

/// `words` as one shell command line: a word with anything but letters,
/// digits and `-_./:=@%+,` single-quoted.
pub fn shell_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            let plain = !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
            if plain {
                w.clone()
            } else {
                format!("'{}'", w.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Value;

    #[test]
    fn a_draft_never_holds_a_patient_identifier_unmasked() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = Draft {
            path: dir.path().join("escalation.json"),
            saved: false,
            keys: vec!["description".into(), "opportunities".into()],
            resume: vec!["cs".into(), "escalate".into()],
        };
        let mut answers = Answers::default();
        answers.values.insert(
            "description".into(),
            Value::Text("11/20/26_MM:patient SSN 123-45-6789".into()),
        );
        answers.values.insert(
            "opportunities".into(),
            Value::List(vec!["Acme MRN 00482913".into()]),
        );
        d.save(&answers);
        assert!(d.saved());
        let text = std::fs::read_to_string(&d.path).unwrap();
        assert!(
            !text.contains("123-45-6789") && !text.contains("00482913"),
            "{text}"
        );
        assert!(
            text.contains("***-**-**89") && text.contains("******13"),
            "{text}"
        );
    }
}
