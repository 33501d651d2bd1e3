//! The lint of a playbook's `duties:` (`cs due`): the rule, the object and
//! the fields it reads as Salesforce names them, one start and one way of
//! counting for `due`, and templates that read only `record.` and
//! `account.` fields.

use super::Linter;
use crate::playbook::duty::Duty;
use crate::salesforce::limits::is_api_name;
use crate::template;

impl Linter<'_> {
    pub(super) fn duties(&mut self, duties: &[Duty]) {
        for d in duties {
            self.rule(&d.rule);
            let at = d.rule.referenced;
            if !is_api_name(&d.object.value) {
                self.error(
                    d.object.referenced,
                    format!("'{}' is not a Salesforce object name", d.object.value),
                );
            }
            for f in [&d.account_field, &d.record_type].into_iter().flatten() {
                if !is_api_name(&f.value) {
                    self.error(
                        f.referenced,
                        format!("'{}' is not a Salesforce API name", f.value),
                    );
                }
            }
            for path in d.fields() {
                if !crate::answers::org::is_field_path(path) {
                    self.error(
                        at,
                        format!("duty {}: '{path}' is not a field path", d.rule.value),
                    );
                }
            }
            for v in d.conditions.values() {
                let scalar = |v: &serde_json::Value| !v.is_object() && !v.is_array();
                let ok = match v {
                    serde_json::Value::Array(items) => items.iter().all(scalar),
                    serde_json::Value::Object(o) => {
                        o.len() == 1 && o.get("not").is_some_and(scalar)
                    }
                    v => scalar(v),
                };
                if !ok {
                    self.error(
                        at,
                        format!(
                            "duty {}: a `where` value is a text, number, true, false, null, a list of them, or {{not: one of them}}",
                            d.rule.value
                        ),
                    );
                }
            }
            self.due(d);
            for t in std::iter::once(&d.text).chain(d.command.as_ref()) {
                match template::variables(&t.value, false) {
                    Err(e) => self.error(
                        t.referenced,
                        format!("template syntax: {}", template::describe(&e)),
                    ),
                    Ok(vars) => {
                        for v in vars {
                            let root = v.split('.').next().unwrap_or_default();
                            if root != "record" && root != "account" {
                                self.error(
                                    t.referenced,
                                    format!(
                                        "a duty's text reads only record.FIELD and account.FIELD, not '{v}'"
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// One start (`from`, `after_note`, or both: the note, else the date)
    /// and at most one way of counting.
    fn due(&mut self, d: &Duty) {
        let due = &d.due;
        let at = d.rule.referenced;
        if due.from.is_none() && due.after_note.is_none() {
            self.error(
                at,
                format!(
                    "duty {}: `due` needs `from` (a date field) or `after_note` (a notes field)",
                    d.rule.value
                ),
            );
        }
        let ways = [
            due.business_days.is_some(),
            due.days.is_some(),
            due.weekday.is_some(),
            due.call_by,
        ]
        .iter()
        .filter(|w| **w)
        .count();
        if ways > 1 {
            self.error(
                at,
                format!(
                    "duty {}: `due` counts one way: business_days, days, weekday or call_by",
                    d.rule.value
                ),
            );
        }
        if let Some(w) = &due.weekday
            && crate::due::parse_weekday(&w.value).is_none()
        {
            self.error(
                w.referenced,
                format!("'{}' is not a weekday (Monday ... Sunday)", w.value),
            );
        }
    }
}
