//! The plan: what a workflow command decided, as data. Renderers print it
//! and tests assert on it. Its JSON form is the contract scripts rely on;
//! fields are only ever added to it.

pub mod build;
pub mod dates;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Plan {
    /// The plan format (see [`FORMAT`]): `cs submit` reads no other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<u32>,
    pub playbook: String,
    pub command: String,
    /// Which cs made it, from which playbook text (fixtures leave it out).
    #[serde(default)]
    pub provenance: Provenance,
    /// Facts the command computed (segment, route, readiness, ...).
    pub summary: IndexMap<String, Json>,
    /// The validated answers, by field key (absent optional answers are left out).
    pub answers: IndexMap<String, Json>,
    pub records: Vec<Record>,
    pub messages: Vec<Message>,
    pub drafts: Vec<Draft>,
    pub schedule: Vec<Step>,
    pub checklist: Vec<Check>,
    pub warnings: Vec<String>,
    /// What the plan changes in Outreach (D2, O9, T3, T6), applied by
    /// `cs submit` when Outreach credentials are set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outreach: Vec<OutreachChange>,
    /// W1: the playbook's tables of cs's default wording that the plan's
    /// texts for the customer draw on (`data.saving`: the per-module
    /// data-saving steps), until an organization gives its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defaults: Vec<String>,
}

/// The format of the plans this cs writes and reads. A plan is the
/// contract between the workflow commands, scripts and `cs submit`: a
/// change that an older cs would misread is a new format.
pub const FORMAT: u32 = 1;

impl Plan {
    /// Is this a plan of the format this cs reads? If not, why, in words.
    pub fn check_format(&self) -> Result<(), String> {
        match self.format {
            Some(FORMAT) => Ok(()),
            Some(n) => Err(format!(
                "it is a plan of format {n}; this cs reads format {FORMAT} (a newer cs wrote it? update cs, or make the plan again with this one)"
            )),
            None => Err(format!(
                "it has no \"format\": it was written by a cs from before plans had a format; this cs reads format {FORMAT} (make the plan again with this cs)"
            )),
        }
    }

    /// Takes in the plan of another SOP that this one includes (O9: a
    /// cancellation during onboarding opens an escalation case). Its summary
    /// goes under its playbook's id; its records, messages, drafts, steps and
    /// checks join this plan's, the steps kept in date order.
    pub fn merge(&mut self, other: Plan) {
        self.summary.insert(
            other.playbook.clone(),
            serde_json::json!({"playbook": other.playbook, "summary": other.summary}),
        );
        self.records.extend(other.records);
        self.messages.extend(other.messages);
        self.drafts.extend(other.drafts);
        self.schedule.extend(other.schedule);
        self.schedule.sort_by(|a, b| a.date.cmp(&b.date));
        self.checklist.extend(other.checklist);
        self.warnings.extend(other.warnings);
        self.outreach.extend(other.outreach);
        self.defaults.extend(other.defaults);
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Provenance {
    pub cs_version: String,
    pub playbook_sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Record {
    pub sobject: String,
    pub operation: crate::playbook::model::Operation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<ExternalId>,
    pub fields: IndexMap<String, Json>,
    /// Lookup fields whose value is the Id of another record of the plan,
    /// named by its External ID: `cs submit` looks it up when sending.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub links: IndexMap<String, Link>,
    /// At most one open record with these values: `cs submit` refuses to
    /// create another (unless `--new`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_open: Option<UniqueOpen>,
    /// What the org held of the record when the plan was made with it
    /// (`--account`): `cs submit` refuses the record if the org has
    /// changed it since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<Seen>,
}

impl Record {
    /// An update by Id (the Id among `fields`), as `cs submit` builds them
    /// itself (an undo, a batch's files).
    pub fn update(sobject: &str, fields: IndexMap<String, Json>, seen: Option<Seen>) -> Self {
        Self {
            sobject: sobject.to_string(),
            operation: crate::playbook::model::Operation::Update,
            record_type: None,
            external_id: None,
            fields,
            links: IndexMap::new(),
            unique_open: None,
            seen,
        }
    }
}

impl Plan {
    /// A plan of records only (an undo, a batch's files), from `command`
    /// of `playbook`, whose text has the digest `playbook_sha256`.
    pub fn of_records(
        playbook: &str,
        command: &str,
        playbook_sha256: String,
        records: Vec<Record>,
    ) -> Self {
        Self {
            format: Some(FORMAT),
            playbook: playbook.to_string(),
            command: command.to_string(),
            provenance: Provenance {
                cs_version: env!("CARGO_PKG_VERSION").into(),
                playbook_sha256,
            },
            summary: IndexMap::new(),
            answers: IndexMap::new(),
            records,
            messages: Vec::new(),
            drafts: Vec::new(),
            schedule: Vec::new(),
            checklist: Vec::new(),
            warnings: Vec::new(),
            outreach: Vec::new(),
            defaults: Vec::new(),
        }
    }
}

/// One change in Outreach, and the SOP rule it carries out.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct OutreachChange {
    pub rule: String,
    #[serde(flatten)]
    pub action: OutreachAction,
}

/// What a plan asks of Outreach. People and mailboxes are named by email,
/// sequences and accounts by name: `cs submit` looks up their Ids.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum OutreachAction {
    /// Add the prospect whose email is `email` (created with `name` and
    /// `account` when Outreach has none) to the sequence, sent from the
    /// mailbox whose email is `mailbox`.
    Add {
        sequence: String,
        email: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        account: Option<String>,
        mailbox: String,
    },
    /// Finish the prospect's active state in the sequence (O9), or, for an
    /// undo, the sequence state `state` a run created.
    Finish {
        sequence: String,
        email: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        state: Option<String>,
    },
    /// The account and each of its prospects get the user whose email is
    /// `owner` as their owner (T6).
    Owner { account: String, owner: String },
}

/// A target record as the org held it when the plan was made: its
/// SystemModstamp (none: the org had no such record), read at `at`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Seen {
    #[serde(rename = "SystemModstamp")]
    pub system_modstamp: Option<String>,
    pub at: String,
    /// Values the record must still hold, where cs wrote them itself (an
    /// undo plan: what the undone run wrote); checked instead of the
    /// SystemModstamp, which the write itself moved.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub values: IndexMap<String, Json>,
}

/// The records that count as "the same open one": those whose `same` fields
/// hold these values and that meet `condition` (SOQL).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct UniqueOpen {
    pub same: IndexMap<String, Json>,
    #[serde(rename = "where")]
    pub condition: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ExternalId {
    pub field: String,
    pub value: String,
}

/// A record named by its External ID.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Link {
    pub sobject: String,
    pub field: String,
    pub value: String,
    /// Only among the records of this account (a contact of the account):
    /// when none or several match, the lookup is left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of_account: Option<String>,
}

impl Link {
    /// What the lookup is set to, in words: the Id itself, or the record it
    /// is looked up by when sending (`None` for an Id).
    pub fn looked_up(&self) -> Option<String> {
        match (self.sobject.as_str(), self.field.as_str()) {
            (_, "Id") => None,
            ("User", by) => Some(format!(
                "Id of the active user whose {} is {}",
                by.to_lowercase(),
                self.value
            )),
            ("Contact", by) if self.of_account.is_some() => Some(format!(
                "Id of the account's contact whose {} is {}, if there is one",
                by.to_lowercase(),
                self.value
            )),
            _ => Some(format!(
                "Id of the {} whose {} is {}",
                self.sobject, self.field, self.value
            )),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Message {
    pub channel: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Json>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Draft {
    pub kind: String,
    pub template: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub body: String,
    #[serde(default)]
    pub customer_facing: bool,
    /// W1: cs's default wording for the SOP template `template` names (the
    /// SOP gives no text): to be replaced by the organization's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
    /// W1: the organization's Outreach template to send instead (the body
    /// then only says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outreach_template: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Step {
    pub date: String,
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// W1: the date is cs's default, one the SOP does not set.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Check {
    pub rule: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}
