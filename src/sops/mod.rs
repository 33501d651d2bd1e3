//! One home per SOP, named like its playbook: what the playbook's data
//! cannot say (date arithmetic, lookups in other tables, checks across
//! answers, streaming a batch), each place naming the rule it implements.
//! Everything else an SOP says (fields, thresholds, offsets, names, texts)
//! is in `playbooks/*.yaml`. Each SOP plugs into the shared pipeline,
//! `crate::workflow`, through the `Sop` trait.

pub mod escalation;
pub mod offboarding;
pub mod onboarding;
pub mod transition;

use crate::answers::Answers;
use crate::fields::Value;

/// The text (or choice key) answered for `key`.
pub(crate) fn text<'a>(a: &'a Answers, key: &str) -> Option<&'a str> {
    match a.values.get(key) {
        Some(Value::Text(s)) => Some(s),
        _ => None,
    }
}

/// The date answered for `key`.
pub(crate) fn date(a: &Answers, key: &str) -> Option<chrono::NaiveDate> {
    match a.values.get(key) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    }
}

/// The list answered for `key`, empty when unanswered.
pub(crate) fn list<'a>(a: &'a Answers, key: &str) -> &'a [String] {
    match a.values.get(key) {
        Some(Value::List(l)) => l,
        _ => &[],
    }
}
