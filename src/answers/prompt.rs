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
    /// What to pick from where the playbook lists no choices (the churn
    /// reasons, or a reason's secondary reasons); empty to type.
    pub options: &'a [String],
    /// Whether the collector would take this answer (why not): a prompt
    /// refuses a value before showing it as taken.
    pub check: &'a dyn Fn(&Json) -> Result<(), String>,
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

/// A prompt's error. Ctrl-C read as a key takes the path a signal takes
/// (one message, the cursor shown; see crate::interrupt) when cs handles
/// signals at a prompt.
fn map_err(e: dialoguer::Error) -> PromptError {
    let dialoguer::Error::IO(io) = e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        crate::interrupt::stop_at_prompt();
        PromptError::Interrupted
    } else {
        PromptError::Io(io.to_string())
    }
}

/// What the terminal shows comes from playbooks, answers files and the
/// org: through out::printable.
fn shown(t: &str) -> String {
    crate::out::printable(t).into_owned()
}

/// The prompt of a typed answer: its label, "(optional)" when it may be
/// left empty, "(comma-separated)" for a list.
fn input_label(label: &str, required: bool, list: bool) -> String {
    let mut l = shown(label);
    if !required {
        l.push_str(" (optional)");
    }
    if list {
        l.push_str(" (comma-separated)");
    }
    l
}

/// More choices than this are filtered by typing (FuzzySelect).
const FILTER_ABOVE: usize = 7;

impl Prompter for TerminalPrompter {
    fn hello(&mut self, text: &str) {
        let term = dialoguer::console::Term::stderr();
        let _ = term.write_line(&crate::out::printable(text));
    }

    fn ask(&mut self, q: &Question) -> Result<Json, PromptError> {
        let term = dialoguer::console::Term::stderr();
        let theme = dialoguer::theme::ColorfulTheme::default();
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
        // (label shown, value stored) of each thing to pick.
        let picks: Vec<(String, String)> = match f.kind.value {
            FieldType::Choice | FieldType::MultiChoice => f
                .choices
                .iter()
                .map(|c| (shown(&c.label), c.key.value.clone()))
                .collect(),
            _ => q.options.iter().map(|o| (shown(o), o.clone())).collect(),
        };
        let pick = Pick {
            term: &term,
            theme: &theme,
            q,
            picks: &picks,
        };
        match f.kind.value {
            FieldType::Choice | FieldType::ChurnReason if !picks.is_empty() => pick.one(label),
            FieldType::MultiChoice | FieldType::ChurnSecondary if !picks.is_empty() => {
                pick.many(label)
            }
            kind => {
                let typed = |s: &str| -> Json {
                    if kind.is_list() {
                        Json::Array(
                            s.split(',')
                                .map(|x| x.trim())
                                .filter(|x| !x.is_empty())
                                .map(|x| Json::String(x.into()))
                                .collect(),
                        )
                    } else {
                        Json::String(s.to_string())
                    }
                };
                let prompt = input_label(&f.label, q.required, kind.is_list());
                let mut input = dialoguer::Input::<String>::with_theme(&theme)
                    .with_prompt(prompt.clone())
                    .allow_empty(true)
                    // Refused before it is shown as taken, with the reason.
                    .validate_with(|s: &String| (q.check)(&typed(s)).map_err(|e| shown(&e)));
                // A default with a control character (from the org) is not
                // offered: Enter would take what the screen cannot show.
                if let Some(d) = q
                    .default
                    .as_ref()
                    .filter(|d| !d.chars().any(char::is_control))
                {
                    input = input.default(d.clone());
                }
                // A date is shown back as cs reads it (12/1/26 is
                // 2026-12-01), so a person sees which day was taken.
                let dates = matches!(kind, FieldType::Date | FieldType::Dates);
                if dates {
                    input = input.report(false);
                }
                let s = input.interact_text_on(&term).map_err(map_err)?;
                if dates {
                    let shown_back: Vec<String> = s
                        .split(',')
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .map(|x| {
                            crate::fields::parse_date(x, chrono::NaiveDate::MIN)
                                .ok()
                                .filter(|_| !x.eq_ignore_ascii_case("today"))
                                .map_or(x.to_string(), |d| d.format("%Y-%m-%d").to_string())
                        })
                        .collect();
                    let mut line = String::new();
                    use dialoguer::theme::Theme;
                    if theme
                        .format_input_prompt_selection(&mut line, &prompt, &shown_back.join(", "))
                        .is_ok()
                    {
                        let _ = term.write_line(&line);
                    }
                }
                Ok(typed(&s))
            }
        }
    }
}

/// A question answered by picking: (label shown, value stored) of each
/// thing to pick.
struct Pick<'a> {
    term: &'a dialoguer::console::Term,
    theme: &'a dialoguer::theme::ColorfulTheme,
    q: &'a Question<'a>,
    picks: &'a [(String, String)],
}

impl Pick<'_> {
    fn labels(&self) -> Vec<&str> {
        self.picks.iter().map(|(l, _)| l.as_str()).collect()
    }

    /// One of the picks; typing filters a long list.
    fn one(&self, label: String) -> Result<Json, PromptError> {
        let (term, theme, q, picks) = (self.term, self.theme, self.q, self.picks);
        let items = self.labels();
        let default = q
            .default
            .as_deref()
            .and_then(|d| {
                picks
                    .iter()
                    .position(|(l, v)| v == d || l.eq_ignore_ascii_case(d))
            })
            .unwrap_or(0);
        let i = if picks.len() > FILTER_ABOVE {
            dialoguer::FuzzySelect::with_theme(theme)
                .with_prompt(format!("{label} (type to filter)"))
                .items(&items)
                .default(default)
                .interact_on(term)
        } else {
            dialoguer::Select::with_theme(theme)
                .with_prompt(label)
                .items(&items)
                .default(default)
                .interact_on(term)
        }
        .map_err(map_err)?;
        Ok(Json::String(picks[i].1.clone()))
    }

    /// Any of the picks, asked again (with the reason) until the answer holds.
    fn many(&self, label: String) -> Result<Json, PromptError> {
        use dialoguer::theme::Theme;
        let (term, theme, q, picks) = (self.term, self.theme, self.q, self.picks);
        let items = self.labels();
        // The default (the playbook's, or what Salesforce holds) starts checked.
        let given: Vec<&str> = q
            .default
            .as_deref()
            .map(|d| d.split(", ").map(str::trim).collect())
            .unwrap_or_default();
        let mut checked: Vec<bool> = picks
            .iter()
            .map(|(l, v)| {
                given
                    .iter()
                    .any(|g| v.eq_ignore_ascii_case(g) || l.eq_ignore_ascii_case(g))
            })
            .collect();
        let prompt = format!("{label} (space selects, enter confirms)");
        loop {
            let chosen = dialoguer::MultiSelect::with_theme(theme)
                .with_prompt(&prompt)
                .items(&items)
                .defaults(&checked)
                .report(false)
                .interact_on(term)
                .map_err(map_err)?;
            let value = Json::Array(
                chosen
                    .iter()
                    .map(|&i| Json::String(picks[i].1.clone()))
                    .collect(),
            );
            match (q.check)(&value) {
                Ok(()) => {
                    let names: Vec<&str> = chosen.iter().map(|&i| items[i]).collect();
                    let mut line = String::new();
                    let _ = theme.format_multi_select_prompt_selection(&mut line, &prompt, &names);
                    let _ = term.write_line(&line);
                    return Ok(value);
                }
                Err(why) => {
                    let _ = term.write_line(&format!("  ✗ {}", shown(&why)));
                    checked = (0..picks.len()).map(|i| chosen.contains(&i)).collect();
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
