//! The lint of one field of a form: its key, its type and what goes with
//! it (choices, bounds, `object`, `multiline`, `org:`, `recurly:`), its
//! default, and the conditions that ask it.

use super::{Linter, Scope, is_identifier};
use crate::churn::Taxonomy;
use crate::fields;
use crate::playbook::model::{FieldType, FormRef};
use crate::template;
use indexmap::IndexMap;

impl Linter<'_> {
    /// Field `i` of `form`; `keys_seen` holds the keys of the fields before it.
    pub(super) fn field<'p>(
        &mut self,
        form: FormRef<'p>,
        i: usize,
        scope: &Scope,
        taxonomy: Option<&Taxonomy>,
        keys_seen: &mut std::collections::HashSet<&'p String>,
    ) {
        let f = &form.fields[i];
        let today = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
        let empty = IndexMap::new();
        let key = &f.key.value;
        if !is_identifier(key) {
            self.error(
                f.key.referenced,
                format!("field key '{key}' must be lowercase letters, digits and '_', starting with a letter"),
            );
        }
        if template::BUILTIN_VARIABLES.contains(&key.as_str()) {
            self.error(
                f.key.referenced,
                format!("field key '{key}' is reserved for templates"),
            );
        }
        if !keys_seen.insert(key) {
            self.error(f.key.referenced, format!("duplicate field key '{key}'"));
        }
        let kind = f.kind.value;
        if let Some(org) = &f.org {
            for problem in org_problems(org, kind) {
                self.error(f.key.referenced, format!("field '{key}': org: {problem}"));
            }
        }
        if f.multiline && kind != FieldType::Text {
            self.warning(
                f.kind.referenced,
                format!(
                    "`multiline` is for text fields; it is ignored on a field of type {}",
                    kind.name()
                ),
            );
        }
        if let Some(fact) = f.recurly {
            use crate::playbook::model::RecurlyFact as R;
            let (name, want) = match fact {
                R::AccountCode => ("account_code", FieldType::Text),
                R::State => ("state", FieldType::Text),
                R::Subscriptions => ("subscriptions", FieldType::Text),
                R::PastDueInvoices => ("past_due_invoices", FieldType::Integer),
                R::AutoRenewalDisabled => ("auto_renewal_disabled", FieldType::Bool),
            };
            if kind != want {
                self.error(
                    f.kind.referenced,
                    format!(
                        "field '{key}': `recurly: {name}` gives answers of type {}, but the field is of type {}",
                        want.name(),
                        kind.name()
                    ),
                );
            }
            if fact == R::AccountCode && f.org.is_none() {
                self.error(
                    f.key.referenced,
                    format!("field '{key}': `recurly: account_code` is read from the org: give the field an `org:` (the Salesforce account's Recurly account code)"),
                );
            }
        }
        if let Some(object) = &f.object {
            if !matches!(
                kind,
                FieldType::SalesforceId | FieldType::List | FieldType::Url
            ) {
                self.warning(
                    f.kind.referenced,
                    format!(
                        "`object` is for salesforce-id fields, links and lists of Ids; it is ignored on a field of type {}",
                        kind.name()
                    ),
                );
            }
            if !crate::salesforce::limits::is_api_name(object) {
                self.error(
                    f.key.referenced,
                    format!("field '{key}': object '{object}' is not a Salesforce object name"),
                );
            }
        }
        let is_choice = matches!(kind, FieldType::Choice | FieldType::MultiChoice);
        if is_choice && f.choices.is_empty() {
            self.error(
                f.kind.referenced,
                format!("a {} field needs `choices`", kind.name()),
            );
        }
        if !is_choice && !f.choices.is_empty() {
            self.warning(
                f.choices[0].key.referenced,
                format!("`choices` are ignored on a {} field", kind.name()),
            );
        }
        let mut seen = Vec::new();
        for c in &f.choices {
            if let Some(w) = &c.proposed_when {
                self.template(w, scope, true, Some(i));
            }
            let k = c.key.value.to_lowercase();
            if seen.contains(&k) {
                self.error(
                    c.key.referenced,
                    format!("duplicate choice '{}' in field '{key}'", c.key.value),
                );
            }
            seen.push(k);
        }
        if matches!(kind, FieldType::Integer | FieldType::Money) {
            if let (Some(min), Some(max)) = (f.min, f.max)
                && min > max
            {
                self.error(
                    f.kind.referenced,
                    format!("field '{key}' has min {min} above max {max}"),
                );
            }
        } else if f.min.is_some() || f.max.is_some() {
            self.warning(
                f.kind.referenced,
                format!(
                    "min and max apply to integer and money fields, not {}",
                    kind.name()
                ),
            );
        }
        if kind == FieldType::ChurnSecondary {
            match &f.of {
                None => self.error(
                    f.kind.referenced,
                    "a churn-secondary field needs `of:` naming its churn-reason field",
                ),
                Some(of) => match form.fields.iter().position(|g| g.key.value == of.value) {
                    Some(j) if j < i && form.fields[j].kind.value == FieldType::ChurnReason => {}
                    Some(j) if j >= i => self.error(
                        of.referenced,
                        format!("'{}' must be asked before '{key}'", of.value),
                    ),
                    Some(_) => self.error(
                        of.referenced,
                        format!("'{}' is not a churn-reason field", of.value),
                    ),
                    None => self.error(of.referenced, format!("unknown field '{}'", of.value)),
                },
            }
        }
        if let Some(d) = &f.default {
            let is_today = d.value.as_str() == Some("today");
            if !(kind == FieldType::Date && is_today) && kind != FieldType::ChurnSecondary {
                let cx = fields::Context {
                    today,
                    taxonomy,
                    answers: &empty,
                };
                if let Err(why) = fields::check(f, &d.value, &cx) {
                    let why = if is_choice {
                        format!("the default of '{key}' is outside its choices: {why}")
                    } else if kind == FieldType::ChurnReason {
                        format!("the default of '{key}' is not in the churn-code taxonomy: {why}")
                    } else {
                        format!(
                            "the default of '{key}' is not a valid {}: {why}",
                            kind.name()
                        )
                    };
                    self.error(d.referenced, why);
                }
            }
        }
        if let Some(w) = &f.when {
            self.template(w, scope, true, Some(i));
        }
        if let Some(w) = &f.required_when {
            self.template(w, scope, true, Some(i));
        }
    }
}

/// What is wrong with a field's `org:` (it becomes SOQL, so only names and
/// conditions without a statement end are taken).
fn org_problems(org: &crate::playbook::model::OrgSource, kind: FieldType) -> Vec<String> {
    use crate::org::{account_path, is_field_path};
    use crate::playbook::model::OrgSource;
    use crate::salesforce::limits::is_api_name;
    let mut out = Vec::new();
    match org {
        OrgSource::Path(p) => match account_path(p) {
            Some("$url") if kind != FieldType::Url => {
                out.push("Account.$url (the account's link) needs a url field".into())
            }
            Some("$url") => {}
            Some(path) if is_field_path(path) => {}
            _ => out.push(format!(
                "'{p}' is not Account.FIELD (a field path such as Account.Name or Account.Owner.Email) or Account.$url"
            )),
        },
        OrgSource::Related(r) => {
            if !is_api_name(&r.object) {
                out.push(format!("object '{}' is not a Salesforce object name", r.object));
            }
            for (what, v) in [("field", Some(&r.field)), ("account_field", r.account_field.as_ref())] {
                if let Some(v) = v.filter(|v| !is_field_path(v)) {
                    out.push(format!("{what} '{v}' is not a field path"));
                }
            }
            for (what, v) in [("where", &r.condition), ("order", &r.order)] {
                if let Some(v) = v.as_ref().filter(|v| v.trim().is_empty() || v.contains(';')) {
                    out.push(format!("{what} '{v}' must be a SOQL condition or field list, without ';'"));
                }
            }
        }
    }
    out
}
