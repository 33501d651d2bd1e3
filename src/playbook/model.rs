//! The playbook format: what a YAML playbook may say, as serde types.
//!
//! Values that lint findings point at are `Spanned` so every finding can name
//! `path:line:col`. They sit in plain structs (no flatten, no untagged enums),
//! because serde loses spans through those.

use super::span::Spanned;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A string with the place in the YAML file it came from.
pub type SpStr = Spanned<String>;

/// A calendar day as the schema states it: a string of format `date`
/// (YYYY-MM-DD), as lint checks it.
#[derive(JsonSchema)]
#[schemars(extend("format" = "date"))]
#[allow(dead_code)]
struct Day(String);

/// One SOP as data.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// Stable identifier, also the file name without `.yaml` (e.g. `escalation`).
    #[schemars(with = "String")]
    pub id: SpStr,
    /// Human title.
    pub title: String,
    /// The SOP this playbook encodes, e.g. `MT-CS-005`.
    pub source: String,
    /// Who performs the procedure: CSM, TL, DCSM, ...
    pub owner: String,
    /// One paragraph on what the playbook is for.
    #[serde(default)]
    pub description: Option<String>,
    /// Names that the command computes and hands to templates and conditions
    /// as `summary.<name>` (e.g. `segment`). Declaring them lets lint check templates.
    #[serde(default)]
    pub computed: Vec<Computed>,
    /// Non-working days for business-day offsets (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(with = "Vec<Day>")]
    pub holidays: Vec<SpStr>,
    /// The questions: what the procedure needs to know.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// What must be true or done, each tied to an SOP rule.
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    /// Dated steps.
    #[serde(default)]
    pub schedule: Vec<ScheduleStep>,
    /// Salesforce records to create or update.
    #[serde(default)]
    pub records: Vec<RecordTemplate>,
    /// Messages to post (Slack, ...).
    #[serde(default)]
    pub messages: Vec<MessageTemplate>,
    /// Emails and documents to draft.
    #[serde(default)]
    pub drafts: Vec<DraftTemplate>,
    /// Changes in Outreach: prospects added to sequences, sequences
    /// finished, owners changed.
    #[serde(default)]
    pub outreach: Vec<OutreachTemplate>,
    /// The churn-code taxonomy (E2); only the churn-codes playbook has one.
    #[serde(default)]
    pub churn_codes: Vec<ChurnCategory>,
    /// Further forms of the same SOP, each run by a subcommand
    /// (e.g. `advance` for `cs escalate advance`), with the same keys as the
    /// playbook's own fields, checklist, schedule, records, messages and drafts.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, Form>")]
    pub forms: super::forms::Forms<Form>,
    /// A status machine: each status, where it may go next, and what a move needs.
    #[serde(default)]
    pub statuses: Vec<Status>,
    /// The tables an SOP reads (training matrix, offsets, templates, ...),
    /// in the shape of the playbook's SOP (lint checks it).
    #[serde(default)]
    #[schemars(with = "AnyData")]
    pub data: indexmap::IndexMap<String, serde_json::Value>,
    /// W1: the `data:` tables whose text is cs's default wording, not the
    /// SOP's (the offboarding email's per-module saving steps): lint lists
    /// them; an organization replaces the text and the key here.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub default_data: Vec<SpStr>,
    /// What the SOP asks of a CSM by a date about the records its plans
    /// write: `cs due` lists what is late, due today or coming.
    #[serde(default)]
    pub duties: Vec<super::duty::Duty>,
}

/// The shape of a playbook's `data:` section, which its SOP defines (the
/// SOPs sit above the format): in the schema, `crate::sops::playbook_schema`
/// puts the union of the SOPs' shapes here.
#[derive(JsonSchema)]
#[allow(dead_code)]
pub struct AnyData(std::collections::BTreeMap<String, serde_json::Value>);

/// A further form of a playbook (see `forms`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// What the form is for.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub computed: Vec<Computed>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    #[serde(default)]
    pub schedule: Vec<ScheduleStep>,
    #[serde(default)]
    pub records: Vec<RecordTemplate>,
    #[serde(default)]
    pub messages: Vec<MessageTemplate>,
    #[serde(default)]
    pub drafts: Vec<DraftTemplate>,
    #[serde(default)]
    pub outreach: Vec<OutreachTemplate>,
}

/// One status of a status machine.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Status {
    /// Stored key, e.g. `waiting_approval`.
    #[schemars(with = "String")]
    pub key: SpStr,
    /// The name Salesforce shows, e.g. `Waiting Approval`.
    pub label: String,
    /// Statuses a record may move to from this one.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub next: Vec<SpStr>,
    /// Answers a move *to* this status needs (field keys).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub requires: Vec<SpStr>,
    /// SOP rule behind the status.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub rule: Option<SpStr>,
    /// Who makes the move to this status (E11: `CSM or TL`, `TL`,
    /// `Accounting`): plans and prompts name them.
    #[serde(default)]
    pub role: Option<String>,
}

/// A form as the engine sees it: the playbook's own (name `""`) or one of `forms`.
#[derive(Debug, Clone, Copy)]
pub struct FormRef<'a> {
    pub name: &'a str,
    pub computed: &'a [Computed],
    pub fields: &'a [Field],
    pub checklist: &'a [ChecklistItem],
    pub schedule: &'a [ScheduleStep],
    pub records: &'a [RecordTemplate],
    pub messages: &'a [MessageTemplate],
    pub drafts: &'a [DraftTemplate],
    pub outreach: &'a [OutreachTemplate],
}

impl<'a> FormRef<'a> {
    pub fn field(&self, key: &str) -> Option<&'a Field> {
        self.fields.iter().find(|f| f.key.value == key)
    }
}

impl<'a> From<&'a Form> for FormRef<'a> {
    fn from(f: &'a Form) -> Self {
        Self {
            name: "",
            computed: &f.computed,
            fields: &f.fields,
            checklist: &f.checklist,
            schedule: &f.schedule,
            records: &f.records,
            messages: &f.messages,
            drafts: &f.drafts,
            outreach: &f.outreach,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Computed {
    #[schemars(with = "String")]
    pub key: SpStr,
    #[serde(default)]
    pub help: Option<String>,
    /// An expression that computes the value from the answers, `today`,
    /// `data` and the values computed before it (e.g. D1's
    /// `"digital" if users < 50 and mrr < 500 else "core"`). Without one,
    /// the command's code computes the value.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub value: Option<SpStr>,
}

/// The kinds of answer a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    /// Any non-empty text.
    Text,
    /// A list of texts (`[a, b]`, or one value).
    List,
    /// A note in the N1 form `MM/DD/YY_II:Action`.
    Note,
    /// A calendar date: YYYY-MM-DD (MM/DD/YY accepted).
    Date,
    /// Several calendar dates, in the order given (`[2026-12-01, 12/03/26]`).
    Dates,
    /// A whole number.
    Integer,
    /// US dollars: `500`, `500.00`, `$1,250.50`.
    Money,
    /// An email address.
    Email,
    /// An https URL (http is refused).
    Url,
    /// A Salesforce record Id (15 or 18 letters and digits), or a link to
    /// the record, from which the Id is taken.
    SalesforceId,
    /// A person's initials as N1 notes write them: 2 to 4 uppercase letters.
    Initials,
    /// yes/no, true/false.
    Bool,
    /// One of `choices`, by key or label.
    Choice,
    /// Several of `choices`.
    MultiChoice,
    /// A churn reason of the E2 taxonomy (e.g. `Pricing Issues`).
    ChurnReason,
    /// Secondary reasons belonging to the churn reason in the field named by `of`.
    ChurnSecondary,
}

impl FieldType {
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Self::List | Self::Dates | Self::MultiChoice | Self::ChurnSecondary
        )
    }
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::List => "list",
            Self::Note => "note",
            Self::Date => "date",
            Self::Dates => "dates",
            Self::Integer => "integer",
            Self::Money => "money",
            Self::Email => "email",
            Self::Url => "url",
            Self::SalesforceId => "salesforce-id",
            Self::Initials => "initials",
            Self::Bool => "bool",
            Self::Choice => "choice",
            Self::MultiChoice => "multi-choice",
            Self::ChurnReason => "churn-reason",
            Self::ChurnSecondary => "churn-secondary",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The answer key (`--set key=value`, answers files, templates).
    #[schemars(with = "String")]
    pub key: SpStr,
    /// The question as a person reads it.
    pub label: String,
    /// One line shown under the prompt.
    #[serde(default)]
    pub help: Option<String>,
    #[serde(rename = "type")]
    #[schemars(with = "FieldType")]
    pub kind: Spanned<FieldType>,
    /// Must an answer be given (when the field applies)?
    #[serde(default)]
    pub required: bool,
    /// The answer used when none is given; `today` for a date means the run's date.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub default: Option<Spanned<serde_json::Value>>,
    /// For choice and multi-choice fields.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// A condition on earlier fields (minijinja expression); the field is asked only when it holds.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub when: Option<SpStr>,
    /// A condition on earlier fields under which an answer is required
    /// (the field is asked either way; `required: true` makes this moot).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub required_when: Option<SpStr>,
    /// For churn-secondary: the churn-reason field the reasons belong to.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub of: Option<SpStr>,
    /// Smallest allowed integer or money value.
    #[serde(default)]
    pub min: Option<f64>,
    /// Largest allowed integer or money value.
    #[serde(default)]
    pub max: Option<f64>,
    /// Fewest entries a list field must have.
    #[serde(default)]
    pub min_items: Option<usize>,
    /// For a salesforce-id field: the object whose records it names
    /// (`Account`, `User`, `Opportunity`); the Id of another object's
    /// record is refused. For a url field: the link must hold the Id of a
    /// record of this object (a Salesforce link to it).
    #[serde(default)]
    pub object: Option<String>,
    /// For a text field: the answer may run over several lines (notes
    /// read from the org, prose). Other text is one line: a line break
    /// there would break the case subject, the Slack header, the calendar.
    #[serde(default)]
    pub multiline: bool,
    /// Where the answer lives in Salesforce, read when a run names the
    /// account (`--account`): a field path on the account
    /// (`Account.Name`, `Account.Primary_Contact__r.Name`, `Account.$url`
    /// for its link), or a field of the account's related records
    /// (`{object: Opportunity, field: Name, where: "IsClosed = false"}`).
    /// What the org holds is the default; the answers file and `--set` win.
    #[serde(default)]
    pub org: Option<OrgSource>,
    /// Where the answer lives in Recurly, read with `--account` beside
    /// `org:` when RECURLY_API_KEY is set: `account_code` (the field that
    /// holds the Recurly account's code, itself read from the org),
    /// `state`, `past_due_invoices`, `auto_renewal_disabled` or
    /// `subscriptions` (what the account pays for). The answers file and
    /// `--set` win.
    #[serde(default)]
    pub recurly: Option<RecurlyFact>,
    /// Where the answer lives in Outreach, read with `--account` when
    /// Outreach credentials are set: `prospect_email` (the field that holds
    /// the prospect's email, itself read from the org), `replied` (the
    /// prospect replied to a sequence email) or `active_sequences` (the
    /// sequences the prospect is active in). The answers file and `--set`
    /// win.
    #[serde(default)]
    pub outreach: Option<OutreachFact>,
}

/// A fact of an Outreach prospect a field's answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutreachFact {
    ProspectEmail,
    Replied,
    ActiveSequences,
}

/// A fact of a Recurly account a field's answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecurlyFact {
    AccountCode,
    State,
    PastDueInvoices,
    AutoRenewalDisabled,
    Subscriptions,
}

/// Where a field's answer lives in the org.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(untagged)]
pub enum OrgSource {
    /// `Account.` and a field path on the account record.
    Path(String),
    /// A field of the account's related records.
    Related(Related),
}

/// The records of `object` whose `account_field` is the account, and the
/// `field` of each.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct Related {
    pub object: String,
    /// The field read (a field path).
    pub field: String,
    /// The lookup to the account [default: AccountId].
    #[serde(default)]
    pub account_field: Option<String>,
    /// A SOQL condition the records must meet, e.g. `IsClosed = false`.
    #[serde(default, rename = "where")]
    pub condition: Option<String>,
    /// A SOQL ORDER BY, e.g. `CloseDate`.
    #[serde(default)]
    pub order: Option<String>,
}

impl Related {
    pub fn account_field(&self) -> &str {
        self.account_field.as_deref().unwrap_or("AccountId")
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Stored value.
    #[schemars(with = "String")]
    pub key: SpStr,
    /// Shown to people; accepted as input too.
    pub label: String,
    /// A condition on earlier fields (as `when:`) under which the choice
    /// is proposed: checked at the prompt, taken when no answer is given
    /// (and no other default), and a warning of the plan when the answer
    /// leaves it out. E1: an account with past-due invoices in Recurly
    /// proposes the past-due trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub proposed_when: Option<SpStr>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// SOP rule ID from the catalog (e.g. `E7`).
    #[schemars(with = "String")]
    pub rule: SpStr,
    /// What must be done or be true (a template).
    #[schemars(with = "String")]
    pub text: SpStr,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub when: Option<SpStr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema, Default)]
#[serde(rename_all = "lowercase")]
pub enum DayKind {
    /// Every day counts.
    #[default]
    Calendar,
    /// Only Monday to Friday, less the playbook's holidays.
    Business,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleStep {
    /// SOP rule ID the step carries out.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub rule: Option<SpStr>,
    /// What to do (a template).
    #[schemars(with = "String")]
    pub action: SpStr,
    /// What the offset counts from: `today`, the key of a date field, or a
    /// computed date (`summary.NAME`).
    #[serde(default = "today_anchor")]
    #[schemars(with = "String")]
    pub from: SpStr,
    /// Days after the anchor (0 = the same day).
    #[serde(default)]
    pub offset: i64,
    /// Calendar or business days.
    #[serde(default)]
    pub days: DayKind,
    /// Repeat the step this many times, one `days` apart (e.g. 10 daily calls).
    #[serde(default)]
    pub repeat: Option<u32>,
    /// Repeat interval in `days` units (default 1).
    #[serde(default)]
    pub every: Option<u32>,
    /// email, phone, slack, outreach, salesforce, meeting, ...
    #[serde(default)]
    pub channel: Option<String>,
    /// The step may fall on a weekend or holiday (nobody acts on it). By
    /// default a step's date moves to the next business day (B1).
    #[serde(default)]
    pub any_day: bool,
    /// Steps that name the same sequence keep their order and their own
    /// days: a step on a later day of the sequence (a larger offset) than
    /// the step before it never falls on or before that step's date, and
    /// steps of the same day stay together (D2's Day 1, Day 4 and Day 30).
    #[serde(default)]
    pub sequence: Option<String>,
    /// W1: the step's date is cs's default, one the SOP does not set (T5's
    /// meeting): the plan says so and lint lists it.
    #[serde(default)]
    pub default: bool,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub when: Option<SpStr>,
}

fn today_anchor() -> SpStr {
    Spanned::new(
        "today".to_string(),
        super::span::Location::UNKNOWN,
        super::span::Location::UNKNOWN,
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    Create,
    Update,
    Upsert,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalIdTemplate {
    /// API name of the External ID field (e.g. `CS_Plan_Key__c`).
    pub field: String,
    /// Template for its value; when absent cs derives one from the plan.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub value: Option<SpStr>,
    /// The answers that identify the record: the derived value comes from
    /// them alone, so a later run that adds an answer (a completed date, a
    /// case number) updates the same record. When absent: every answer.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub identity: Vec<SpStr>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordTemplate {
    /// Salesforce object API name (Case, Account, Onboarding__c, ...).
    pub sobject: String,
    pub operation: Operation,
    /// Record type name, resolved to its Id on submit.
    #[serde(default)]
    pub record_type: Option<String>,
    #[serde(default)]
    pub external_id: Option<ExternalIdTemplate>,
    /// One record per entry of this list field; templates read the entry as `item`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub for_each: Option<SpStr>,
    /// Field API name -> template. A template that is exactly `{{ key }}` keeps the answer's type.
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub fields: indexmap::IndexMap<String, SpStr>,
    /// Lookup field API name -> the object of an earlier record of this
    /// form, which has an external_id: `cs submit` looks up that record's
    /// Id when it sends this one (O12: the KYC PDF's FirstPublishLocationId
    /// is the Onboarding record).
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub links: indexmap::IndexMap<String, SpStr>,
    /// User lookup field API name -> the answer naming a person (a name or
    /// an email): `cs submit` sets the field to that active Salesforce
    /// user's Id, found with one query for all the people of a run; a name
    /// two users share is refused, naming them.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub users: indexmap::IndexMap<String, SpStr>,
    /// At most one open record per value of these fields (E3: one open
    /// escalation per account and reason): before creating this record,
    /// `cs submit` looks for another that holds the same values and meets
    /// `where`, and refuses to make a second one unless `--new`.
    #[serde(default)]
    pub unique_open: Option<UniqueOpenTemplate>,
    /// Contact lookup field API name -> the answer naming a contact (a
    /// name or an email): `cs submit` sets the Id of that contact of the
    /// record's account (its AccountId field), and leaves the lookup out
    /// when the account has no such contact, or several.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub contacts: indexmap::IndexMap<String, SpStr>,
    /// A blob field that holds the contents of the file an answer names,
    /// base64-encoded (ContentVersion's VersionData).
    #[serde(default)]
    pub file: Option<FileField>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub when: Option<SpStr>,
}

/// Which records count as the same open one.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniqueOpenTemplate {
    /// Fields of this record whose values the other must hold too.
    #[schemars(with = "Vec<String>")]
    pub same: Vec<SpStr>,
    /// A SOQL condition the other must meet, e.g. `IsClosed = false`.
    #[serde(rename = "where")]
    pub condition: String,
}

/// A record's blob field, read from the file an answer names.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileField {
    /// The blob field's API name (e.g. `VersionData`).
    pub field: String,
    /// The text field whose answer is the file's path.
    #[schemars(with = "String")]
    pub from: SpStr,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageTemplate {
    /// Where it goes: `slack`, ...
    pub channel: String,
    /// Plain text (a template); for Slack the notification fallback.
    #[schemars(with = "String")]
    pub text: SpStr,
    /// Slack Block Kit blocks; every string inside is a template.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub blocks: Option<Spanned<serde_json::Value>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub when: Option<SpStr>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftTemplate {
    /// email, document, ...
    pub kind: String,
    /// The name people know the template by.
    pub template: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub subject: Option<SpStr>,
    #[schemars(with = "String")]
    pub body: SpStr,
    /// Customer-facing drafts are never produced where contact is forbidden.
    #[serde(default)]
    pub customer_facing: bool,
    /// W1: the text is cs's default wording for the SOP template named in
    /// `template`, whose text the SOP does not give: the plan says so and
    /// lint lists it, until an organization's copy replaces it.
    #[serde(default)]
    pub default: bool,
    /// W1: the organization's template of this name lives in Outreach: the
    /// plan says to send it from there rather than giving cs's text.
    #[serde(default)]
    pub outreach: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub when: Option<SpStr>,
}

/// A change in Outreach (see [`crate::plan::OutreachAction`]); every text
/// is a template. An item whose email, sequence, mailbox, account or owner
/// renders empty is left out of the plan, with a warning.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutreachTemplate {
    #[schemars(with = "String")]
    pub rule: SpStr,
    /// `add` the prospect to the sequence, `finish` its active state in
    /// the sequence, or give the account and its prospects an `owner`.
    #[schemars(with = "OutreachKind")]
    pub action: Spanned<OutreachKind>,
    /// The sequence's name (add, finish).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub sequence: Option<SpStr>,
    /// The prospect's email (add, finish).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub email: Option<SpStr>,
    /// The prospect's name, given to a prospect cs creates (add).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub name: Option<SpStr>,
    /// The account's name: the new prospect's account (add), the account
    /// whose owner changes (owner).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub account: Option<SpStr>,
    /// The email of the mailbox the sequence sends from (add).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub mailbox: Option<SpStr>,
    /// The email of the Outreach user who becomes the owner (owner).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub owner: Option<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub when: Option<SpStr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutreachKind {
    Add,
    Finish,
    Owner,
}

impl OutreachKind {
    /// The texts an item of this kind needs, and those it may have.
    pub fn needs(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            OutreachKind::Add => (&["sequence", "email", "mailbox"], &["name", "account"]),
            OutreachKind::Finish => (&["sequence", "email"], &[]),
            OutreachKind::Owner => (&["account", "owner"], &[]),
        }
    }
}

impl OutreachTemplate {
    /// Its texts by name, those it has.
    pub fn texts(&self) -> Vec<(&'static str, &SpStr)> {
        [
            ("sequence", &self.sequence),
            ("email", &self.email),
            ("name", &self.name),
            ("account", &self.account),
            ("mailbox", &self.mailbox),
            ("owner", &self.owner),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
        .collect()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChurnCategory {
    /// Escalation/Cancellation Reason, e.g. `Price-Related`.
    pub category: String,
    /// Churn Reason, e.g. `Pricing Issues`.
    #[schemars(with = "String")]
    pub reason: SpStr,
    pub description: String,
    /// The multi-select secondary reasons.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub secondary: Vec<SpStr>,
    /// When set, a free-text answer (e.g. `competitor`) is taken instead of secondary reasons.
    #[serde(default)]
    pub free_text: Option<String>,
}

impl Playbook {
    /// The playbook's own form.
    pub fn main(&self) -> FormRef<'_> {
        FormRef {
            name: "",
            computed: &self.computed,
            fields: &self.fields,
            checklist: &self.checklist,
            schedule: &self.schedule,
            records: &self.records,
            messages: &self.messages,
            drafts: &self.drafts,
            outreach: &self.outreach,
        }
    }

    /// A form by name; `""` is the playbook's own.
    pub fn form(&self, name: &str) -> Option<FormRef<'_>> {
        if name.is_empty() {
            return Some(self.main());
        }
        let (k, f) = self.forms.get_key_value(name)?;
        Some(FormRef {
            name: k,
            ..FormRef::from(f)
        })
    }

    /// Every form, the playbook's own first.
    pub fn all_forms(&self) -> Vec<FormRef<'_>> {
        let mut v = vec![self.main()];
        v.extend(self.forms.keys().filter_map(|k| self.form(k)));
        v
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key.value == key)
    }

    pub fn status(&self, key: &str) -> Option<&Status> {
        self.statuses.iter().find(|s| s.key.value == key)
    }
}
