//! Answers given up front: an answers file (YAML or JSON map; `-` is stdin)
//! and `--set key=value` flags, which win over the file.

use crate::error::Error;
use crate::playbook::model::FormRef;
use indexmap::IndexMap;
use serde_json::Value as Json;
use std::path::Path;

/// Raw answers by key, not yet validated.
#[derive(Debug, Clone, Default)]
pub struct Provided {
    pub values: IndexMap<String, Json>,
    /// Fields to ask at a terminal even when answers are given, optional
    /// ones too: the questions a resumed draft had still to ask.
    pub ask: Vec<String>,
}

/// The key under which a resume draft keeps what is not an answer: the
/// questions still to ask and the command that resumes (see
/// [`super::draft`]). No field is named so.
pub const DRAFT_KEY: &str = "$cs";

impl Provided {
    /// Reads an answers file: a YAML (or JSON) mapping of field key -> value.
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let (name, text) = crate::error::read_input(path, "answers")?;
        Self::from_text(&name, &text)
    }

    pub fn from_text(name: &str, text: &str) -> Result<Self, Error> {
        if text.trim().is_empty() {
            return Err(Error::user(format!(
                "{name}: the answers file is empty; it must be a mapping of field key to value."
            )));
        }
        let mut map: IndexMap<String, Json> = serde_saphyr::from_str(text).map_err(|e| {
            let (loc, msg) = crate::yaml::describe(&e);
            Error::user(format!(
                "{name}:{}:{}: {msg}.",
                loc.line().max(1),
                loc.column().max(1)
            ))
            .with_hint(
                "an answers file is a YAML or JSON mapping, e.g. `account_name: Acme Clinic`",
            )
        })?;
        let ask = match map.shift_remove(DRAFT_KEY) {
            Some(meta) => meta
                .get("ask")
                .and_then(Json::as_array)
                .map(|keys| {
                    keys.iter()
                        .filter_map(Json::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            None => Vec::new(),
        };
        Ok(Self { values: map, ask })
    }

    /// Applies `--set key=value`. The value is taken as written, except for
    /// list fields, where `[a, b]` is read as a YAML list.
    pub fn set(&mut self, form: FormRef, assignment: &str) -> Result<(), Error> {
        let Some((key, value)) = assignment.split_once('=') else {
            return Err(Error::usage(format!(
                "--set '{assignment}' must be written key=value."
            )));
        };
        let key = key.trim();
        let is_list = form.field(key).is_some_and(|f| f.kind.value.is_list());
        let v = if is_list && value.trim_start().starts_with('[') {
            serde_saphyr::from_str::<Json>(value).map_err(|e| {
                Error::user(format!(
                    "--set {key}: '{value}' is not a list: {}.",
                    e.without_snippet()
                ))
                .with_hint(format!("write --set {key}='[first, second]'"))
            })?
        } else {
            Json::String(value.to_string())
        };
        self.values.insert(key.to_string(), v);
        Ok(())
    }
}
