//! What a run did, read back for its undo: the last result of each effect
//! in a journal whose seal holds, with the run it belongs to (who ran it,
//! when it began). Each system builds the inverse of its own effects from
//! these; the engine only says what the journal, checked, records.

use crate::error::Error;
use serde_json::Value as Json;
use std::path::Path;

/// The last journaled result of one effect: the result line as written,
/// and the run line it belongs to.
#[derive(Debug, Clone)]
pub struct Done {
    pub key: String,
    pub result: Json,
    pub run: Option<Json>,
}

impl Done {
    /// The user the run worked as, and when it began.
    pub fn run_user(&self) -> Option<String> {
        self.run
            .as_ref()
            .and_then(|r| r["user"]["id"].as_str())
            .map(str::to_string)
    }

    pub fn run_at(&self) -> Option<String> {
        self.run
            .as_ref()
            .and_then(|r| r["at"].as_str())
            .map(str::to_string)
    }

    /// The fields the journal keeps masked (never written back).
    pub fn masked(&self) -> Vec<&str> {
        self.result["masked"]
            .as_array()
            .map(|a| a.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default()
    }
}

/// What the run `path` records, effect by effect in the order of their
/// last results, after checking its seal (an edited or forged journal is
/// refused); and the SHA-256 of the journal's text.
pub fn read(path: &Path) -> Result<(Vec<Done>, String), Error> {
    super::journal::verify(path)?;
    let text = crate::error::read_state_file(path)?;
    let mut last: indexmap::IndexMap<String, Done> = indexmap::IndexMap::new();
    let mut run: Option<Json> = None;
    for line in text.lines() {
        let v: Json = serde_json::from_str(line)
            .map_err(|_| Error::user(format!("{}: not a journal line.", path.display())))?;
        if v["event"] == "run" {
            run = Some(v);
        } else if v["event"] == "result"
            && let Some(key) = v["key"].as_str()
        {
            last.shift_remove(key);
            last.insert(
                key.to_string(),
                Done {
                    key: key.to_string(),
                    result: v,
                    run: run.clone(),
                },
            );
        }
    }
    Ok((
        last.into_values().collect(),
        crate::digest::sha256_hex(text.as_bytes(), 32),
    ))
}
