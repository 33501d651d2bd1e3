//! The prompter trait and its two implementations: dialoguer on a terminal,
//! and a strict scripted one for tests (an unexpected question fails, and so
//! does an answer left unused).

use crate::playbook::model::{Field, FieldType};
use serde_json::Value as Json;
use std::collections::VecDeque;

pub struct Question<'a> {
    pub field: &'a Field,
    /// The default, as a person would type it.
    pub default: Option<String>,
    /// Why the previous answer was refused.
    pub problem: Option<String>,
    /// Required in the answers so far (a field's `required_when` may hold).
    pub required: bool,
}

#[derive(Debug)]
pub enum PromptError {
    Interrupted,
    Io(String),
}

/// Asks one question. A blank answer (Null or empty text) means "use the
/// default" or "leave it unanswered".
pub trait Prompter {
    fn ask(&mut self, q: &Question) -> Result<Json, PromptError>;
    /// Said once, before the first question: what is asked and how to stop.
    fn hello(&mut self, _text: &str) {}
}

/// Prompts on the terminal with dialoguer; prompts and errors go to stderr.
#[derive(Default)]
pub struct TerminalPrompter;

fn map_err(e: dialoguer::Error) -> PromptError {
    let dialoguer::Error::IO(io) = e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        PromptError::Interrupted
    } else {
        PromptError::Io(io.to_string())
    }
}

impl Prompter for TerminalPrompter {
    fn hello(&mut self, text: &str) {
        let term = dialoguer::console::Term::stderr();
        let _ = term.write_line(&crate::out::printable(text));
    }

    fn ask(&mut self, q: &Question) -> Result<Json, PromptError> {
        let term = dialoguer::console::Term::stderr();
        let theme = dialoguer::theme::ColorfulTheme::default();
        // What the terminal shows comes from playbooks, answers files and
        // the org: through out::printable.
        let shown = |t: &str| crate::out::printable(t).into_owned();
        if let Some(p) = &q.problem {
            let _ = term.write_line(&format!("  ✗ {}", shown(p)));
        }
        let f = q.field;
        let label = if q.required {
            shown(&f.label)
        } else {
            format!("{} (optional)", shown(&f.label))
        };
        if let Some(h) = &f.help {
            let _ = term.write_line(&format!("  {}", dialoguer::console::style(shown(h)).dim()));
        }
        match f.kind.value {
            FieldType::Choice => {
                let items: Vec<String> = f.choices.iter().map(|c| shown(&c.label)).collect();
                let default = q
                    .default
                    .as_deref()
                    .and_then(|d| f.choices.iter().position(|c| c.key.value == d))
                    .unwrap_or(0);
                let i = dialoguer::Select::with_theme(&theme)
                    .with_prompt(label)
                    .items(&items)
                    .default(default)
                    .interact_on(&term)
                    .map_err(map_err)?;
                Ok(Json::String(f.choices[i].key.value.clone()))
            }
            FieldType::MultiChoice => {
                let items: Vec<String> = f.choices.iter().map(|c| shown(&c.label)).collect();
                // The default (the playbook's, or what Salesforce holds)
                // starts checked.
                let given: Vec<&str> = q
                    .default
                    .as_deref()
                    .map(|d| d.split(", ").map(str::trim).collect())
                    .unwrap_or_default();
                let checked: Vec<bool> = f
                    .choices
                    .iter()
                    .map(|c| {
                        given.iter().any(|g| {
                            c.key.value.eq_ignore_ascii_case(g) || c.label.eq_ignore_ascii_case(g)
                        })
                    })
                    .collect();
                let chosen = dialoguer::MultiSelect::with_theme(&theme)
                    .with_prompt(format!("{label} (space selects, enter confirms)"))
                    .items(&items)
                    .defaults(&checked)
                    .interact_on(&term)
                    .map_err(map_err)?;
                Ok(Json::Array(
                    chosen
                        .into_iter()
                        .map(|i| Json::String(f.choices[i].key.value.clone()))
                        .collect(),
                ))
            }
            kind => {
                let mut input = dialoguer::Input::<String>::with_theme(&theme)
                    .with_prompt(if kind.is_list() {
                        format!("{label} (comma-separated)")
                    } else {
                        label
                    })
                    .allow_empty(true);
                // A default with a control character (from the org) is not
                // offered: Enter would take what the screen cannot show.
                if let Some(d) = q
                    .default
                    .as_ref()
                    .filter(|d| !d.chars().any(char::is_control))
                {
                    input = input.default(d.clone());
                }
                let s = input.interact_text_on(&term).map_err(map_err)?;
                if kind.is_list() {
                    Ok(Json::Array(
                        s.split(',')
                            .map(|x| x.trim())
                            .filter(|x| !x.is_empty())
                            .map(|x| Json::String(x.into()))
                            .collect(),
                    ))
                } else {
                    Ok(Json::String(s))
                }
            }
        }
    }
}

/// Scripted answers for tests: (key, answer) pairs consumed in order.
pub struct ScriptedPrompter {
    script: VecDeque<(String, Json)>,
    /// Every question asked, with the problem shown, for assertions.
    pub asked: Vec<(String, Option<String>)>,
}

impl ScriptedPrompter {
    pub fn new<I, K>(script: I) -> Self
    where
        I: IntoIterator<Item = (K, Json)>,
        K: Into<String>,
    {
        Self {
            script: script.into_iter().map(|(k, v)| (k.into(), v)).collect(),
            asked: Vec::new(),
        }
    }

    /// Fails when an answer was left unused.
    pub fn finish(self) {
        assert!(
            self.script.is_empty(),
            "scripted answers left unused: {:?}",
            self.script
        );
    }
}

impl Prompter for ScriptedPrompter {
    fn ask(&mut self, q: &Question) -> Result<Json, PromptError> {
        let key = q.field.key.value.clone();
        self.asked.push((key.clone(), q.problem.clone()));
        match self.script.pop_front() {
            Some((k, v)) if k == key => Ok(v),
            Some((k, _)) if k == "^C" => Err(PromptError::Interrupted),
            Some((k, _)) => panic!("unexpected question '{key}'; the script expected '{k}'"),
            None => panic!("unexpected question '{key}'; the script is finished"),
        }
    }
}
