//! What a plan asks of the systems, one effect at a time: a Salesforce
//! record to upsert, update, create or delete, a Slack message to post.
//! Each has a natural key derived from the plan alone, so the same plan
//! always gives the same keys, which is what lets the journal and the
//! ledger say what is done. The engine sees them only through
//! [`crate::engine::Effect`]; each system applies its own.

use crate::digest::sha256_hex;
use crate::plan::{Link, Message, OutreachAction};
use crate::playbook::model::Operation;
use crate::salesforce::limits;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value as Json;

/// The start of a Slack message's key (`slack/<digest>`): which system a
/// journaled key belongs to, for an undo.
pub const SLACK_KEY: &str = "slack/";

/// Is `key` a Slack message's?
pub fn is_slack_key(key: &str) -> bool {
    key.starts_with(SLACK_KEY)
}

/// The start of an Outreach change's key (`outreach/add/...`).
pub const OUTREACH_KEY: &str = "outreach/";

/// The natural key of an Outreach change: what it does, to whom, where
/// (an email is the same whatever its case, and holds no space, which
/// ends it: `outreach/add/dana@acme.test DCSM Account Onboarding`).
pub fn outreach_key(a: &OutreachAction) -> String {
    match a {
        OutreachAction::Add {
            sequence, email, ..
        } => format!("{OUTREACH_KEY}add/{} {sequence}", email.to_lowercase()),
        OutreachAction::Finish {
            state: Some(id), ..
        } => format!("{OUTREACH_KEY}finish/state/{id}"),
        OutreachAction::Finish {
            sequence, email, ..
        } => format!("{OUTREACH_KEY}finish/{} {sequence}", email.to_lowercase()),
        OutreachAction::Owner { account, .. } => format!("{OUTREACH_KEY}owner/{account}"),
    }
}

/// An Outreach change as a person reads it: `add Dana Smith
/// <dana@acme.test> to "DCSM Account Onboarding and Adoption" from
/// maria@medtrainer.test`.
pub fn outreach_label(a: &OutreachAction) -> String {
    match a {
        OutreachAction::Add {
            sequence,
            email,
            name,
            mailbox,
            ..
        } => format!(
            "add {}<{email}> to \"{sequence}\" from {mailbox}",
            name.as_deref().map(|n| format!("{n} ")).unwrap_or_default()
        ),
        OutreachAction::Finish {
            sequence,
            email,
            state,
        } => format!(
            "finish <{email}> in \"{sequence}\"{}",
            state
                .as_deref()
                .map(|s| format!(" (sequence state {s})"))
                .unwrap_or_default()
        ),
        OutreachAction::Owner { account, owner } => {
            format!("give the Outreach account \"{account}\" and its prospects to {owner}")
        }
    }
}

/// One thing to write: a record or a Slack message.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub key: String,
    pub what: What,
    /// The record as the org held it when the plan was made (the stale
    /// guard); not part of what is sent.
    pub seen: Option<crate::plan::Seen>,
    /// The SHA-256 of the plan it comes from and of that plan's playbook,
    /// for the journal's audit trail.
    pub origin: Option<(String, String)>,
    /// The keys of the records it goes with (held back when one is not
    /// written: a batch row's Outreach changes go with its account).
    pub after: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum What {
    /// PATCH /sobjects/{sobject}/{field}/{value}.
    Upsert {
        sobject: String,
        field: String,
        value: String,
        record_type: Option<String>,
        fields: IndexMap<String, Json>,
        /// Lookup fields set to another record's Id, looked up when sending.
        links: IndexMap<String, Link>,
        /// At most one open record with these values.
        unique_open: Option<crate::plan::UniqueOpen>,
    },
    /// An update by Id (or, for a Case, by its number), via sObject
    /// Collections or a Bulk API job.
    Update {
        sobject: String,
        id: String,
        fields: IndexMap<String, Json>,
        /// User lookups (and other links), filled when sending.
        links: IndexMap<String, Link>,
    },
    /// POST /sobjects/{sobject}: a record with no External ID.
    Create {
        sobject: String,
        record_type: Option<String>,
        fields: IndexMap<String, Json>,
        links: IndexMap<String, Link>,
    },
    /// DELETE /sobjects/{sobject}/{id}: a record an earlier run created,
    /// removed by `cs submit --undo --delete-created`.
    Delete {
        sobject: String,
        id: String,
    },
    Slack(Message),
    /// A change in Outreach.
    Outreach(OutreachAction),
}

impl Item {
    /// The digest of what the item sends: the journal keeps it to tell an
    /// edited plan from the one it records.
    pub fn digest(&self) -> String {
        digest(&self.what)
    }

    /// Is sending it twice harmless (an upsert by External ID or an update
    /// by Id), or would it post or create a second time?
    pub fn idempotent(&self) -> bool {
        // An Outreach change reads Outreach before it writes, and Outreach
        // refuses a second active state of a prospect in a sequence: sent
        // twice, it is made once.
        matches!(
            self.what,
            What::Upsert { .. } | What::Update { .. } | What::Delete { .. } | What::Outreach(_)
        )
    }

    /// Is it a Salesforce record's (rather than another system's)?
    pub fn is_salesforce(&self) -> bool {
        matches!(
            self.what,
            What::Upsert { .. } | What::Update { .. } | What::Create { .. } | What::Delete { .. }
        )
    }

    /// What it is, as a person reads it in a list.
    pub fn label(&self) -> String {
        match &self.what {
            What::Slack(m) => {
                let text: String = m.text.chars().take(60).collect();
                format!(
                    "Slack message \"{}{}\"",
                    text.trim(),
                    if m.text.chars().count() > 60 {
                        "…"
                    } else {
                        ""
                    }
                )
            }
            What::Create { sobject, .. } => format!("new {sobject} record ({})", self.key),
            What::Delete { sobject, id } => format!("{sobject} {id}, to delete"),
            What::Outreach(a) => format!("Outreach: {}", outreach_label(a)),
            _ => self.key.clone(),
        }
    }
}

pub fn digest(v: &impl Serialize) -> String {
    sha256_hex(serde_json::to_string(v).unwrap_or_default().as_bytes(), 8)
}

impl crate::engine::Effect for Item {
    fn key(&self) -> &str {
        &self.key
    }
    fn idempotent(&self) -> bool {
        Item::idempotent(self)
    }
    fn label(&self) -> String {
        Item::label(self)
    }
    fn digest(&self) -> String {
        Item::digest(self)
    }
    fn place(&self) -> &'static str {
        match self.what {
            What::Slack(_) => "the channel",
            What::Outreach(_) => "Outreach",
            _ => "Salesforce",
        }
    }
    fn arrived_word(&self) -> &'static str {
        match self.what {
            What::Slack(_) => "posted",
            What::Outreach(_) => "made",
            _ => "created",
        }
    }
    fn origin(&self) -> Option<&(String, String)> {
        self.origin.as_ref()
    }
    fn after(&self) -> &[String] {
        &self.after
    }
}

/// The key of a record the org holds by External ID, Id or case number,
/// as the journal and the diff name it (`Case/CS_Plan_Key__c/...`,
/// `Account/Id/001...`); none for a create without an External ID.
pub fn record_key(r: &crate::plan::Record) -> Option<String> {
    match (r.operation, &r.external_id) {
        (Operation::Upsert | Operation::Create, Some(x)) => {
            Some(format!("{}/{}/{}", r.sobject, x.field, x.value))
        }
        (Operation::Update, _) => {
            let id = r
                .fields
                .get("Id")
                .and_then(Json::as_str)
                .unwrap_or_default();
            let kind = if r.sobject == "Case" && limits::is_case_number(id) {
                "CaseNumber"
            } else {
                "Id"
            };
            Some(format!("{}/{kind}/{id}", r.sobject))
        }
        _ => None,
    }
}
