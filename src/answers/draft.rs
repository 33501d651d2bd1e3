//! Resume drafts: while a person answers prompts, what they typed is saved
//! after every answer to a file in the state directory, so Ctrl-C or a later
//! error loses nothing. The file is an answers file: resume with
//! `--answers FILE`. It is removed when the command succeeds.

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
    match (
        answers.parent().map(std::fs::canonicalize),
        std::fs::canonicalize(&dir),
    ) {
        (Some(Ok(parent)), Ok(dir)) => parent == dir,
        _ => false,
    }
}

pub struct Draft {
    pub path: PathBuf,
    saved: bool,
}

impl Draft {
    pub fn new(playbook: &str) -> Option<Self> {
        let dir = state_dir()?.join("drafts");
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        Some(Self {
            // JSON, which --answers reads as it reads YAML.
            path: dir.join(format!("{playbook}-{stamp}.json")),
            saved: false,
        })
    }

    /// Writes the answers so far (whole file or nothing).
    pub fn save(&mut self, answers: &Answers) {
        // Patient identifiers typed into free text are kept masked: a draft
        // outlives the run (see crate::phi).
        let guard = crate::phi::Guard::default();
        let map: serde_json::Map<String, serde_json::Value> = answers
            .values
            .iter()
            .map(|(k, v)| (k.clone(), masked_json(&guard, v.to_json())))
            .collect();
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
