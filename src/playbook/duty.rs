//! A playbook's `duties:`: what the SOP asks of a CSM or a TL, and by
//! when, about the records its plans write (an open escalation case needs
//! a dated note every business day, N3). `cs due` reads those records from
//! the org and says, per CSM, which duties are late, due today or coming.

use super::span::Spanned;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

type SpStr = Spanned<String>;

/// One duty: the records it is about, when it is due, and what to do.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    /// SOP rule ID from the catalog (`N3`, `E5`).
    #[schemars(with = "String")]
    pub rule: SpStr,
    /// What to do, as a person reads it (a template of `record.FIELD` and
    /// `account.FIELD`).
    #[schemars(with = "String")]
    pub text: SpStr,
    /// The Salesforce object of the records (`Case`, `Onboarding__c`).
    #[schemars(with = "String")]
    pub object: SpStr,
    /// The records' record type (its developer name), when the object has
    /// several (`Escalations`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub record_type: Option<SpStr>,
    /// The field of the record that names its account (`AccountId`
    /// unless said: `Account__c`); the account's CSM
    /// (`Customer_Success_Manager__c`) is whose duty it is.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub account_field: Option<SpStr>,
    /// The records the duty applies to: field (or path) = value, all of
    /// them holding; a list is any of its values, `null` an empty field,
    /// `{not: VALUE}` any other value (`{not: null}`: a field not empty).
    #[serde(default, rename = "where")]
    #[schemars(with = "std::collections::BTreeMap<String, serde_json::Value>")]
    pub conditions: indexmap::IndexMap<String, serde_json::Value>,
    /// When it is due.
    pub due: Due,
    /// The cs command that does it (a template, like `text`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub command: Option<SpStr>,
}

/// When a duty is due, from a date of the record. Exactly one of `from`
/// and `after_note` starts it; then `business_days`, `days`, `weekday`
/// or `call_by` says how far.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Due {
    /// A date or date-time field of the record the duty counts from.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub from: Option<SpStr>,
    /// A notes field (one N1 note a line): the duty counts from the date
    /// of its last note, or from `from` when it has none (N3).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub after_note: Option<SpStr>,
    /// Business days after the start (0: the start itself, or the next
    /// business day when it is a day off).
    #[serde(default)]
    pub business_days: Option<u32>,
    /// Calendar days after the start, then the next business day when
    /// that is a day off (O8's 30 days, D2's Day N).
    #[serde(default)]
    pub days: Option<u32>,
    /// The first such weekday on or after the start (E9's weekly finance
    /// meeting), a business day.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub weekday: Option<SpStr>,
    /// E5's deadline from a date-time: the same business day, or the next
    /// when it came in after business hours or before a day off.
    #[serde(default)]
    pub call_by: bool,
}

impl Duty {
    /// The field naming the record's account.
    pub fn account_field(&self) -> &str {
        self.account_field
            .as_ref()
            .map_or("AccountId", |f| f.value.as_str())
    }

    /// The relationship path of [`Duty::account_field`] (`Account`,
    /// `Account__r`); empty when the records are the accounts themselves
    /// (`account_field: Id`).
    pub fn account_path(&self) -> String {
        let f = self.account_field();
        if f == "Id" {
            return String::new();
        }
        match f.strip_suffix("__c") {
            Some(base) => format!("{base}__r"),
            None => f.strip_suffix("Id").unwrap_or(f).to_string(),
        }
    }

    /// Every field of the record the duty reads (its conditions, its dates).
    pub fn fields(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.conditions.keys().map(String::as_str).collect();
        for f in [&self.due.from, &self.due.after_note].into_iter().flatten() {
            out.push(&f.value);
        }
        out
    }
}
