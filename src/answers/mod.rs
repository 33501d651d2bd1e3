//! Collecting answers: one mechanism, three sources. Values given up front
//! (an answers file, `--set`) are validated exactly like prompted ones; a
//! terminal prompter asks for the rest; a scripted prompter drives tests.
//! Without a terminal nothing is asked: every missing or invalid field is
//! reported at once, with the flag that supplies it.

pub mod draft;
pub mod org;
pub mod prompt;
pub mod sources;

use crate::churn::Taxonomy;
use crate::fields::{self, Value};
use crate::playbook::model::{Field, FieldType, FormRef};
use crate::template;
use chrono::NaiveDate;
use indexmap::IndexMap;
use prompt::{PromptError, Prompter, Question};
use serde_json::Value as Json;
pub use sources::Provided;

/// Validated answers, by field key, in playbook order.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    pub values: IndexMap<String, Value>,
    pub warnings: Vec<String>,
}

/// A field that could not be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: String,
    pub reason: String,
    pub fault: Fault,
}

/// What is wrong with a field's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// None was given, and one is required.
    Missing,
    /// One was given (or is the default) and is refused.
    Invalid,
    /// One was given that does not belong: an unknown key, or a field
    /// that does not apply. Supplying a value would not fix it.
    Unwanted,
}

impl Problem {
    /// `key: reason (pass --set key=VALUE)`.
    pub fn line(&self, field: Option<&Field>) -> String {
        if field.is_none() || self.fault == Fault::Unwanted {
            return format!("{}: {}", self.key, self.reason);
        }
        let example = match field.map(|f| f.kind.value) {
            Some(crate::playbook::model::FieldType::Dates) => "[YYYY-MM-DD, YYYY-MM-DD]".into(),
            Some(k) if k.is_list() => "[A, B]".to_string(),
            Some(crate::playbook::model::FieldType::Date) => "YYYY-MM-DD".into(),
            Some(crate::playbook::model::FieldType::Bool) => "yes|no".into(),
            _ => "VALUE".into(),
        };
        format!(
            "{}: {} (pass --set {}={} or put it in --answers FILE)",
            self.key, self.reason, self.key, example
        )
    }
}

/// Why collection stopped.
#[derive(Debug)]
pub enum CollectError {
    /// Every field that is missing or invalid (non-interactive runs).
    Invalid(Vec<Problem>),
    /// The person pressed Ctrl-C or the terminal went away.
    Interrupted(Answers),
    Prompt(String),
}

/// Why the answer for a key is refused, given the answers before it.
pub type CrossCheck<'a> = dyn Fn(&str, &Value, &Answers) -> Option<String> + 'a;

/// How to collect.
pub struct Collector<'a> {
    /// The playbook's id, for messages.
    pub playbook_id: &'a str,
    /// The form whose fields are collected.
    pub form: FormRef<'a>,
    pub taxonomy: Option<&'a Taxonomy>,
    pub today: NaiveDate,
    /// Asks for what is missing or invalid; None when not interactive.
    pub prompter: Option<&'a mut dyn Prompter>,
    /// Called after each prompted answer (resume drafts).
    pub on_answer: Option<&'a mut dyn FnMut(&Answers)>,
    /// Facts known before collection, readable by conditions as `summary.NAME`.
    pub summary: serde_json::Map<String, Json>,
    /// Defaults that win over the playbook's: what the org holds
    /// (`org:` fields read for `--account`).
    pub defaults: IndexMap<String, Json>,
    /// A check across answers that the field alone cannot make (O3: a
    /// completed date not before the scheduled one): why the answer for
    /// the key is refused, given the answers before it. A refused answer
    /// is asked again at a terminal, like any invalid one.
    pub cross: Option<&'a CrossCheck<'a>>,
}

fn condition_context(
    p: FormRef,
    playbook_id: &str,
    summary: &serde_json::Map<String, Json>,
    answers: &Answers,
    today: NaiveDate,
) -> minijinja::Value {
    let mut ctx = serde_json::Map::new();
    for f in p.fields {
        let v = answers
            .values
            .get(&f.key.value)
            .map(Value::to_json)
            .unwrap_or(Json::Null);
        ctx.insert(f.key.value.clone(), v);
    }
    ctx.insert(
        "today".into(),
        Json::String(today.format("%Y-%m-%d").to_string()),
    );
    ctx.insert("summary".into(), Json::Object(summary.clone()));
    ctx.insert("playbook".into(), serde_json::json!({"id": playbook_id}));
    minijinja::Value::from(minijinja::value::Serde(Json::Object(ctx)))
}

impl Collector<'_> {
    /// An answer checked as its field says, then across the answers so far.
    fn check(
        &self,
        field: &Field,
        raw: &Json,
        answers: &Answers,
    ) -> Result<fields::Checked, String> {
        let cx = fields::Context {
            today: self.today,
            taxonomy: self.taxonomy,
            answers: &answers.values,
        };
        let c = fields::check(field, raw, &cx)?;
        match self
            .cross
            .and_then(|f| f(&field.key.value, &c.value, answers))
        {
            Some(why) => Err(why),
            None => Ok(c),
        }
    }

    /// What a person may pick from, for a field whose choices are not in
    /// the playbook: the churn reasons, or the secondary reasons of the
    /// reason answered (none where it takes free text).
    fn options(&self, field: &Field, answers: &Answers) -> Vec<String> {
        let Some(tax) = self.taxonomy else {
            return Vec::new();
        };
        match field.kind.value {
            FieldType::ChurnReason => tax.reason_names().into_iter().map(str::to_string).collect(),
            FieldType::ChurnSecondary => {
                let of = field.of.as_ref().map_or("reason", |s| s.value.as_str());
                match answers.values.get(of) {
                    Some(Value::Text(r)) => tax
                        .find_reason(r)
                        .filter(|r| r.free_text.is_none())
                        .map(|r| r.secondary.clone())
                        .unwrap_or_default(),
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    /// `the escalation playbook`, or `the advance form of the escalation playbook`.
    pub fn what(&self) -> String {
        describe_form(self.playbook_id, self.form.name)
    }

    pub fn collect(mut self, provided: &Provided) -> Result<Answers, CollectError> {
        let p = self.form;
        let mut answers = Answers::default();
        let mut problems = Vec::new();
        let scripted = !provided.values.is_empty();
        // Out of self: the checks below read self while a question is asked.
        let mut prompter = self.prompter.take();
        let mut said_hello = false;
        let what = self.what();

        for key in provided.values.keys() {
            if p.field(key).is_none() {
                let known: Vec<&str> = p.fields.iter().map(|f| f.key.value.as_str()).collect();
                let guess = match crate::diag::closest(key, &known) {
                    Some(k) => format!("did you mean '{k}'? "),
                    None => String::new(),
                };
                problems.push(Problem {
                    key: key.clone(),
                    reason: format!(
                        "not a field of {}; {guess}known fields: {}",
                        self.what(),
                        known.join(", ")
                    ),
                    fault: Fault::Unwanted,
                });
            }
        }

        for field in p.fields {
            let key = field.key.value.as_str();
            let holds = |cond: &Option<crate::playbook::model::SpStr>, answers: &Answers| match cond
            {
                None => Ok(None),
                Some(w) => {
                    let ctx =
                        condition_context(p, self.playbook_id, &self.summary, answers, self.today);
                    template::holds(&w.value, &ctx).map(Some).map_err(|e| {
                        CollectError::Prompt(format!(
                            "the condition of field '{key}' failed: {}",
                            template::describe(&e)
                        ))
                    })
                }
            };
            let applies = holds(&field.when, &answers)?.unwrap_or(true);
            let required =
                field.required || holds(&field.required_when, &answers)?.unwrap_or(false);
            // The choices the answers so far propose (E1: an account past
            // due in Recurly proposes the past-due trigger).
            let mut proposed: Vec<&crate::playbook::model::Choice> = Vec::new();
            if applies {
                for c in &field.choices {
                    if holds(&c.proposed_when, &answers)?.unwrap_or(false) {
                        proposed.push(c);
                    }
                }
            }
            let given = provided.values.get(key);
            if !applies {
                if given.is_some() {
                    let cond = field.when.as_ref().map(|w| w.value.as_str()).unwrap_or("");
                    problems.push(Problem {
                        key: key.into(),
                        reason: format!("applies only when {cond}; leave it out"),
                        fault: Fault::Unwanted,
                    });
                }
                continue;
            }
            let mut refused: Option<String> = None;
            if let Some(raw) = given {
                match self.check(field, raw, &answers) {
                    Ok(c) => {
                        answers.warnings.extend(c.warnings);
                        answers
                            .warnings
                            .extend(left_out(field, &proposed, &c.value));
                        answers.values.insert(key.into(), c.value);
                        continue;
                    }
                    Err(why) => refused = Some(why),
                }
            }
            let default = self
                .defaults
                .get(key)
                .cloned()
                .or_else(|| proposal(field, &proposed))
                .or_else(|| default_of(field, self.today));
            // With answers given (a file, --set), a person is asked only what
            // a script would be refused for: an invalid answer, or a
            // required one with no valid default. The rest is settled as
            // without a terminal.
            let checked_default = default.as_ref().map(|d| self.check(field, d, &answers));
            let default_ok = matches!(checked_default, Some(Ok(_)));
            // A resumed draft asks what it had still to ask, optional too.
            let ask = prompter.is_some()
                && (!scripted
                    || refused.is_some()
                    || (required && !default_ok)
                    || provided.ask.iter().any(|k| k == key));
            if !ask {
                if let Some(why) = refused {
                    problems.push(Problem {
                        key: key.into(),
                        reason: why,
                        fault: Fault::Invalid,
                    });
                } else if let Some(checked) = checked_default {
                    match checked {
                        Ok(c) => {
                            answers
                                .warnings
                                .extend(left_out(field, &proposed, &c.value));
                            // A proposal taken with no one asked is said.
                            if !self.defaults.contains_key(key) {
                                answers.warnings.extend(proposed.iter().map(|c| {
                                    format!(
                                        "{}: '{}' is proposed ({}) and was taken, as no answer was given",
                                        field.label,
                                        c.label,
                                        c.proposed_when.as_ref().map_or("", |w| w.value.as_str())
                                    )
                                }));
                            }
                            answers.values.insert(key.into(), c.value);
                        }
                        Err(why) => problems.push(Problem {
                            key: key.into(),
                            reason: if self.defaults.contains_key(key) {
                                let source = if field.recurly.is_some() {
                                    "Recurly"
                                } else {
                                    "Salesforce"
                                };
                                format!("the value in {source} is not a valid answer: {why}")
                            } else {
                                format!("the playbook's default is invalid: {why}")
                            },
                            fault: Fault::Invalid,
                        }),
                    }
                } else if required {
                    problems.push(Problem {
                        key: key.into(),
                        reason: match (&field.required_when, &field.help) {
                            (Some(_), Some(help)) if !field.required => {
                                format!("an answer is required ({help})")
                            }
                            (Some(w), None) if !field.required => {
                                format!("an answer is required when {}", w.value)
                            }
                            _ => "an answer is required".into(),
                        },
                        fault: Fault::Missing,
                    });
                }
            } else {
                let options = self.options(field, &answers);
                loop {
                    // What the prompt refuses before taking it, as below.
                    let check = |raw: &Json| -> Result<(), String> {
                        match (is_blank(raw), &default) {
                            (false, _) => self.check(field, raw, &answers).map(drop),
                            (true, Some(d)) => self.check(field, d, &answers).map(drop),
                            (true, None) if required => Err("an answer is required".into()),
                            (true, None) => Ok(()),
                        }
                    };
                    let q = Question {
                        field,
                        default: default.as_ref().map(json_text),
                        problem: refused.take(),
                        required,
                        options: &options,
                        check: &check,
                    };
                    let prompter = prompter.as_deref_mut().expect("asked only with a prompter");
                    if !said_hello {
                        said_hello = true;
                        prompter.hello(&format!(
                            "{}: up to {} question{}; Enter takes the value shown, Ctrl-C stops (what you answered is kept, to resume with --answers).",
                            what,
                            p.fields.len() - answers.values.len(),
                            if p.fields.len() - answers.values.len() == 1 { "" } else { "s" }
                        ));
                    }
                    let raw = match prompter.ask(&q) {
                        Ok(raw) => raw,
                        Err(PromptError::Interrupted) => {
                            return Err(CollectError::Interrupted(answers));
                        }
                        Err(PromptError::Io(e)) => return Err(CollectError::Prompt(e)),
                    };
                    let raw = if is_blank(&raw) {
                        match &default {
                            Some(d) => d.clone(),
                            None if required => {
                                refused = Some("an answer is required".into());
                                continue;
                            }
                            None => break,
                        }
                    } else {
                        raw
                    };
                    match self.check(field, &raw, &answers) {
                        Ok(c) => {
                            answers.warnings.extend(c.warnings);
                            answers
                                .warnings
                                .extend(left_out(field, &proposed, &c.value));
                            answers.values.insert(key.into(), c.value);
                            if let Some(cb) = self.on_answer.as_deref_mut() {
                                cb(&answers);
                            }
                            break;
                        }
                        Err(why) => refused = Some(why),
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(answers)
        } else {
            Err(CollectError::Invalid(problems))
        }
    }
}

fn is_blank(v: &Json) -> bool {
    match v {
        Json::Null => true,
        Json::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The answer the `proposed` choices of `field` make: the first for a
/// choice, all of them for a multi-choice; None when none is proposed.
fn proposal(field: &Field, proposed: &[&crate::playbook::model::Choice]) -> Option<Json> {
    let keys = proposed.iter().map(|c| Json::String(c.key.value.clone()));
    match field.kind.value {
        _ if proposed.is_empty() => None,
        crate::playbook::model::FieldType::MultiChoice => Some(Json::Array(keys.collect())),
        _ => keys.into_iter().next(),
    }
}

/// A warning for each proposed choice the answer `value` leaves out.
fn left_out(
    field: &Field,
    proposed: &[&crate::playbook::model::Choice],
    value: &Value,
) -> Vec<String> {
    let chosen: Vec<&str> = match value {
        Value::Text(s) => vec![s.as_str()],
        Value::List(items) => items.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    proposed
        .iter()
        .filter(|c| !chosen.iter().any(|x| x.eq_ignore_ascii_case(&c.key.value)))
        .map(|c| {
            format!(
                "{}: '{}' is proposed ({}) but not among the answers; add {} to {} if it holds",
                field.label,
                c.label,
                c.proposed_when.as_ref().map_or("", |w| w.value.as_str()),
                c.key.value,
                field.key.value
            )
        })
        .collect()
}

/// The default answer, with `today` resolved for dates.
pub fn default_of(field: &Field, today: NaiveDate) -> Option<Json> {
    let d = field.default.as_ref()?.value.clone();
    if d.as_str() == Some("today") {
        return Some(Json::String(today.format("%Y-%m-%d").to_string()));
    }
    Some(d)
}

/// A value as a person would type it.
pub fn json_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Array(a) => a.iter().map(json_text).collect::<Vec<_>>().join(", "),
        Json::Bool(true) => "yes".into(),
        Json::Bool(false) => "no".into(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

/// `the escalation playbook`, or `the advance form of the escalation playbook`.
pub fn describe_form(playbook_id: &str, form: &str) -> String {
    if form.is_empty() {
        format!("the {playbook_id} playbook")
    } else {
        format!("the {form} form of the {playbook_id} playbook")
    }
}
