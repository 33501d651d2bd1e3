//! `cs submit`: applies plans to Salesforce and Slack, exactly once.
//!
//! Plans become [`Item`]s, each with a key derived from the plan alone
//! (the External ID, the record Id, or a digest): the same plan always
//! gives the same keys, which is what lets the journal say what is done.
//! Everything is checked offline first, so a bad record stops the
//! submission before the first call rather than half-way through it.

pub mod batch;
pub mod diff;
pub mod journal;
pub mod undo;

use crate::digest::sha256_hex;
use crate::engine::ledger;
use crate::error::Error;
use crate::plan::{Link, Message, Plan};
use crate::playbook::model::Operation;
use crate::salesforce::Users;
use crate::salesforce::bulk::{self, JobResult};
use crate::salesforce::http::Http;
use crate::salesforce::{
    Answer, COLLECTION_MAX, Failure, Salesforce, Written, api_path, collection_body, id_key,
    limits, upsert_collection_body,
};
use crate::slack::{PostError, Webhook};
use indexmap::IndexMap;
use journal::{Journal, Outcome, Past};
use serde::Serialize;
use serde_json::{Value as Json, json};
use std::path::PathBuf;

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
        matches!(
            self.what,
            What::Upsert { .. } | What::Update { .. } | What::Delete { .. }
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
            _ => self.key.clone(),
        }
    }
}

fn digest(v: &impl Serialize) -> String {
    sha256_hex(serde_json::to_string(v).unwrap_or_default().as_bytes(), 8)
}

/// Reads plans: one JSON plan, several one after another (JSON lines or
/// pretty-printed), or a JSON array of plans.
/// The plan texts of `cs submit PLAN...`, with the names errors use: the
/// files, or stdin when there are none (or just `-`).
pub fn plan_inputs(paths: &[PathBuf]) -> Result<Vec<(String, String)>, Error> {
    let stdin_only = paths.is_empty() || (paths.len() == 1 && paths[0].as_os_str() == "-");
    if stdin_only {
        if crate::out::stdin_is_terminal() {
            return Err(Error::user("no plan given.").with_hint(
                "pass a plan file (cs submit plan.json) or pipe one in (cs escalate ... --format json | cs submit -)",
            ));
        }
        let text = crate::error::read_state_stdin("plans")?;
        return Ok(vec![(text, "<stdin>".to_string())]);
    }
    paths
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                return Err(Error::user("`-` (stdin) cannot be mixed with plan files."));
            }
            if p.is_dir() {
                return Err(Error::user(format!(
                    "{} is a directory without batch.json: not a batch cs can send.",
                    p.display()
                ))
                .with_hint("pass a plan file, or the directory cs transition batch or cs offboard batch wrote (it holds batch.json)"));
            }
            Ok((crate::error::read_state_file(p)?, p.display().to_string()))
        })
        .collect()
}

pub fn read_plans(text: &str, name: &str) -> Result<Vec<Plan>, Error> {
    let mut plans = Vec::new();
    let stream = serde_json::Deserializer::from_str(text).into_iter::<Json>();
    for (n, value) in stream.enumerate() {
        let value = value.map_err(|e| {
            Error::user(format!(
                "{name}:{}:{}: not JSON: {e}.",
                e.line(),
                e.column()
            ))
            .with_hint("pass the JSON a workflow command prints, e.g. cs escalate --answers case.yaml --format json > plan.json")
        })?;
        let list = match value {
            Json::Array(a) => a,
            v => vec![v],
        };
        for v in list {
            let plan: Plan = serde_json::from_value(v).map_err(|e| {
                Error::user(format!("{name}: document {} is not a cs plan: {e}.", n + 1))
                    .with_hint("cs submit takes the plans cs onboard, escalate, transition and offboard print with --format json")
            })?;
            plans.push(plan);
        }
    }
    if plans.is_empty() {
        return Err(Error::user(format!("{name} holds no plan.")));
    }
    Ok(plans)
}

/// The digest of the plans, journaled to tell runs apart.
pub fn plans_sha256(plans: &[Plan]) -> String {
    sha256_hex(
        serde_json::to_string(plans).unwrap_or_default().as_bytes(),
        32,
    )
}

/// An item a run does not send, and why.
#[derive(Debug, Clone, Serialize)]
pub struct HeldBack {
    pub key: String,
    pub what: String,
    pub why: String,
    /// Nobody knows whether it arrived (rather than: it did, earlier).
    pub unknown: bool,
}

/// What a run is to do with each item of its plans.
#[derive(Debug, Default)]
pub struct Todo<'a> {
    /// To send, in plan order.
    pub send: Vec<&'a Item>,
    /// Skipped: the journal confirms them.
    pub confirmed: usize,
    /// Not sent: sent before, or possibly sent, as a Slack post or a create.
    pub held: Vec<HeldBack>,
    /// Their outcome was unknown; they are sent again (writing them twice
    /// writes them once).
    pub again: Vec<&'a Item>,
    /// Not sent: the org already holds every value (read before sending),
    /// with the record's Id.
    pub unchanged: Vec<(&'a Item, String)>,
    /// The users the lookups name, when read with the org.
    pub users: Option<Users>,
    /// What each record to send changes, read with the org: the fields'
    /// values before and after, for the journal.
    pub changes: std::collections::HashMap<String, diff::Change>,
}

impl Todo<'_> {
    /// Takes out of `send` what the org already holds (`changes`, from
    /// [`diff::diff`] of `send`).
    pub fn against(&mut self, changes: Vec<diff::Change>, users: Users) {
        self.users = Some(users);
        let same: std::collections::HashMap<&str, &str> = changes
            .iter()
            .filter(|c| c.action == diff::Action::NoChange)
            .map(|c| (c.key.as_str(), c.id.as_deref().unwrap_or_default()))
            .collect();
        let (unchanged, send): (Vec<&Item>, Vec<&Item>) = self
            .send
            .iter()
            .partition(|i| same.contains_key(i.key.as_str()));
        self.unchanged.extend(
            unchanged
                .into_iter()
                .map(|i| (i, same[i.key.as_str()].to_string())),
        );
        self.send = send;
        self.changes = changes.into_iter().map(|c| (c.key.clone(), c)).collect();
    }

    /// The dry run's closing notes: what is held back, and the count of
    /// `requests` for the items to send.
    pub fn dry_run_notes(&self, requests: usize) {
        for h in &self.held {
            crate::out::note(&format!("held back: {}: {}", h.what, h.why));
        }
        crate::out::note(&dry_run_line(&self.send, requests, self.confirmed));
    }

    /// Says which items are sent again after an unknown outcome.
    pub fn announce(&self) {
        for i in &self.again {
            crate::out::note(&format!(
                "{}: its outcome was unknown; sending it again (written by External ID or Id, it is written once).",
                i.label()
            ));
        }
    }
}

/// Sorts `items` by what the journal (`past`) and this machine's ledger
/// say of them. `resend` sends again what the ledger or an unknown outcome
/// would hold back. A plan edited since the journal recorded it is
/// refused, naming the changed items, as is a journal of another plan.
pub fn todo<'a>(
    items: &'a [Item],
    past: &journal::Past,
    sent: &ledger::Ledger,
    resend: bool,
) -> Result<Todo<'a>, Error> {
    if !past.outcomes.is_empty() && !items.iter().any(|i| past.outcomes.contains_key(&i.key)) {
        return Err(Error::user(
            "the journal records another plan: none of these items is in it; nothing was sent.",
        )
        .with_hint("resume with the plan the journal was written for, or submit this plan without --resume"));
    }
    let mut t = Todo::default();
    let mut changed = Vec::new();
    for i in items {
        match past.outcomes.get(&i.key) {
            Some(e) if e.outcome.confirmed() => {
                if e.digest.as_ref().is_some_and(|d| *d != i.digest()) {
                    changed.push(format!("  {}", i.label()));
                } else {
                    t.confirmed += 1;
                }
                continue;
            }
            Some(e) if e.outcome == journal::Outcome::Unknown => {
                if i.idempotent() {
                    t.again.push(i);
                    t.send.push(i);
                } else if resend {
                    t.send.push(i);
                } else {
                    t.held.push(HeldBack {
                        key: i.key.clone(),
                        what: i.label(),
                        why: format!(
                            "its outcome is unknown ({}); check {} and pass --resend to send it again",
                            e.error.as_deref().unwrap_or("no answer"),
                            if matches!(i.what, What::Slack(_)) { "the channel" } else { "Salesforce" }
                        ),
                        unknown: true,
                    });
                }
                continue;
            }
            _ => {}
        }
        match sent.get(&i.key) {
            Some(s) if !i.idempotent() && !resend => t.held.push(held_by_ledger(i, s)),
            _ => t.send.push(i),
        }
    }
    if !changed.is_empty() {
        let n = changed.len();
        return Err(Error::user(format!(
            "{n} item{} changed since the journal confirmed {}; nothing was sent.",
            crate::out::plural(n),
            if n == 1 { "it" } else { "them" }
        ))
        .with_details(changed)
        .with_hint("resume with the plan the journal was written for; to send the edited plan, submit it without --resume (records are written by External ID or Id, so the unchanged ones are written to the same values, and what was posted to Slack is not posted again)"));
    }
    Ok(t)
}

/// Why the ledger holds `i` back: it arrived, its outcome is unknown, or
/// a run claimed it and has not said how it ended.
fn held_by_ledger(i: &Item, s: &ledger::Sent) -> HeldBack {
    let slack = matches!(i.what, What::Slack(_));
    let place = if slack { "the channel" } else { "Salesforce" };
    let journal = s.journal.display();
    let why = match s.outcome {
        m if m.arrived() => format!(
            "{} from this machine at {} (journal {journal}); pass --resend to send it again",
            if slack { "posted" } else { "created" },
            s.at
        ),
        ledger::Mark::Claimed => format!(
            "claimed at {} by another run (process {}, journal {journal}), which has not said how it ended: it is sending it now, or it stopped while sending it; check {place}, then pass --resend to send it again",
            s.at, s.pid
        ),
        _ => format!(
            "sent from this machine at {} with no answer (journal {journal}); check {place}, then pass --resend to send it again",
            s.at
        ),
    };
    HeldBack {
        key: i.key.clone(),
        what: i.label(),
        why,
        unknown: !s.outcome.arrived(),
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

/// The items of `plans`, checked offline. Every problem is reported at
/// once; an identical record or message in two plans is written once.
pub fn items(plans: &[Plan]) -> Result<Vec<Item>, Error> {
    let mut out: IndexMap<String, Item> = IndexMap::new();
    let mut problems = Vec::new();
    for (pi, plan) in plans.iter().enumerate() {
        let origin = Some((
            sha256_hex(
                serde_json::to_string(plan).unwrap_or_default().as_bytes(),
                32,
            ),
            plan.provenance.playbook_sha256.clone(),
        ));
        let at = if plans.len() == 1 {
            String::new()
        } else {
            format!("plan {} ({}): ", pi + 1, plan.command)
        };
        for (ri, r) in plan.records.iter().enumerate() {
            let op = match r.operation {
                Operation::Create => "create",
                Operation::Update => "update",
                Operation::Upsert => "upsert",
            };
            let here = format!("{at}records[{ri}] ({} {op})", r.sobject);
            let mut bad: Vec<String> = Vec::new();
            if !limits::is_api_name(&r.sobject) {
                bad.push(format!("'{}' is not a Salesforce object name", r.sobject));
            }
            bad.extend(limits::check_fields(&r.sobject, &r.fields));
            bad.extend(soql_names(r));
            let mut fields = r.fields.clone();
            let item = match (r.operation, &r.external_id) {
                (Operation::Upsert | Operation::Create, Some(x)) => {
                    bad.extend(limits::check_external_id(&x.field, &x.value));
                    fields.shift_remove(&x.field);
                    fields.shift_remove("Id");
                    Item {
                        key: record_key(r).unwrap_or_default(),
                        what: What::Upsert {
                            sobject: r.sobject.clone(),
                            field: x.field.clone(),
                            value: x.value.clone(),
                            record_type: r.record_type.clone(),
                            fields,
                            links: r.links.clone(),
                            unique_open: r.unique_open.clone(),
                        },
                        seen: r.seen.clone(),
                        origin: origin.clone(),
                    }
                }
                (Operation::Upsert, None) => {
                    bad.push("an upsert needs an external_id (field and value)".into());
                    continue_item(&mut problems, &here, bad);
                    continue;
                }
                (Operation::Create, None) => Item {
                    key: format!(
                        "{}/create/{}",
                        r.sobject,
                        if r.links.is_empty() {
                            digest(&r.fields)
                        } else {
                            digest(&(&r.fields, &r.links))
                        }
                    ),
                    what: What::Create {
                        sobject: r.sobject.clone(),
                        record_type: r.record_type.clone(),
                        fields,
                        links: r.links.clone(),
                    },
                    seen: r.seen.clone(),
                    origin: origin.clone(),
                },
                (Operation::Update, _) => {
                    let id = fields
                        .shift_remove("Id")
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    let by_number = r.sobject == "Case" && limits::is_case_number(&id);
                    if !limits::is_id(&id) && !by_number {
                        bad.push(if id.is_empty() {
                            "an update needs the record's Id in its fields".into()
                        } else if r.sobject == "Case" {
                            format!("Id '{id}' is neither a Salesforce Id (15 or 18 letters and digits) nor a case number")
                        } else {
                            format!("Id '{id}' is not a Salesforce Id (15 or 18 letters and digits)")
                        });
                    }
                    if r.record_type.is_some() {
                        bad.push(
                            "an update cannot change the record type; remove record_type".into(),
                        );
                    }
                    if r.links.values().any(|l| l.sobject != "User") {
                        bad.push("an update links only to users (users:); other links are sent with create and upsert records".into());
                    }
                    Item {
                        key: record_key(r).unwrap_or_default(),
                        what: What::Update {
                            sobject: r.sobject.clone(),
                            id,
                            fields,
                            links: r.links.clone(),
                        },
                        seen: r.seen.clone(),
                        origin: origin.clone(),
                    }
                }
            };
            if !bad.is_empty() {
                continue_item(&mut problems, &here, bad);
                continue;
            }
            merge(&mut out, &mut problems, item, &here);
        }
        for (mi, m) in plan.messages.iter().enumerate() {
            if m.channel != "slack" {
                continue;
            }
            // What Slack would refuse is refused here, before anything is sent.
            for p in crate::slack::over_limits(m) {
                problems.push(format!("  {at}messages[{mi}]: {p} (Block Kit)"));
            }
            let item = Item {
                key: format!("slack/{}", digest(&(&m.text, &m.blocks))),
                what: What::Slack(m.clone()),
                seen: None,
                origin: origin.clone(),
            };
            merge(
                &mut out,
                &mut problems,
                item,
                &format!("{at}messages[{mi}]"),
            );
        }
    }
    if !problems.is_empty() {
        let n = problems.len();
        return Err(Error::user(format!(
            "{n} problem{} in the plan{}; nothing was sent.",
            crate::out::plural(n),
            crate::out::plural(plans.len())
        ))
        .with_details(problems)
        .with_hint("fix the playbook or the answers, build the plan again, and submit it"));
    }
    Ok(out.into_values().collect())
}

/// What of a record goes into SOQL (the fields its stale guard reads, its
/// links, its `unique_open`) that is not a name or condition cs may put
/// there: plan files are data, never SOQL.
fn soql_names(r: &crate::plan::Record) -> Vec<String> {
    let mut bad = Vec::new();
    let mut name = |what: &str, n: &str, ok: bool| {
        if !ok {
            bad.push(format!("{what} '{n}' is not a Salesforce name"));
        }
    };
    for k in r.seen.iter().flat_map(|s| s.values.keys()) {
        name("the seen field", k, limits::is_field_path(k));
    }
    for (k, l) in &r.links {
        name("the link field", k, limits::is_api_name(k));
        name(
            "the linked object",
            &l.sobject,
            limits::is_api_name(&l.sobject),
        );
        name("the linked field", &l.field, limits::is_api_name(&l.field));
        if let Some(a) = &l.of_account {
            name("the linked account", a, limits::is_id(a));
        }
    }
    if let Some(u) = &r.unique_open {
        for k in u.same.keys() {
            name("the unique_open field", k, limits::is_field_path(k));
        }
        if !limits::is_condition(&u.condition) {
            bad.push(format!(
                "unique_open's where '{}' is not a condition cs puts in SOQL (fields, comparisons, quoted values, AND, OR, NOT)",
                crate::out::printable(&u.condition)
            ));
        }
    }
    bad
}

fn continue_item(problems: &mut Vec<String>, here: &str, bad: Vec<String>) {
    for b in bad {
        problems.push(format!("  {here}: {b}"));
    }
}

fn merge(out: &mut IndexMap<String, Item>, problems: &mut Vec<String>, item: Item, here: &str) {
    match out.get(&item.key) {
        None => {
            out.insert(item.key.clone(), item);
        }
        // The same record or message from two plans: written once.
        Some(prev) if prev.what == item.what => {}
        Some(_) => problems.push(format!(
            "  {here}: {} is written twice with different values; submit the plans one after the other",
            item.key
        )),
    }
}

/// A request as the dry run shows it.
#[derive(Debug, Serialize)]
pub struct Preview {
    pub method: &'static str,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Json>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The body of an upsert or create: RecordTypeId first when the plan names a
/// record type, then the fields. `id` is the looked-up Id of that record
/// type; without it (the dry run) a placeholder says it will be looked up.
fn with_record_type(
    sobject: &str,
    record_type: &Option<String>,
    fields: &IndexMap<String, Json>,
    id: Option<&str>,
) -> IndexMap<String, Json> {
    let mut m = IndexMap::new();
    if let Some(rt) = record_type {
        let v = id.map(str::to_string).unwrap_or_else(|| {
            format!("<Id of the {sobject} record type '{rt}', looked up when sending>")
        });
        m.insert("RecordTypeId".to_string(), json!(v));
    }
    m.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
    m
}

/// What a dry run shows for a linked field.
fn placeholder(l: &Link) -> String {
    match l.looked_up() {
        Some(w) => format!("<{w}, looked up when sending>"),
        None => l.value.clone(),
    }
}

/// A dry-run body: placeholders say what is looked up when sending.
fn preview_fields(
    sobject: &str,
    record_type: &Option<String>,
    fields: &IndexMap<String, Json>,
    links: &IndexMap<String, Link>,
) -> IndexMap<String, Json> {
    let mut body = with_record_type(sobject, record_type, fields, None);
    for (field, l) in links {
        body.insert(field.clone(), json!(placeholder(l)));
    }
    body
}

fn object(m: IndexMap<String, Json>) -> Json {
    Json::Object(m.into_iter().collect())
}

/// Upserts by object and External ID field, in the order they first appear:
/// what one call may carry together.
fn upsert_groups<'a>(items: &[&'a Item]) -> IndexMap<(&'a str, &'a str), Vec<&'a Item>> {
    let mut groups: IndexMap<(&str, &str), Vec<&Item>> = IndexMap::new();
    for i in items {
        if let What::Upsert { sobject, field, .. } = &i.what {
            groups.entry((sobject, field)).or_default().push(i);
        }
    }
    groups
}

/// The requests a run would send, in order, without sending any.
impl Preview {
    /// The request as a person reads it: method and path, the note, the
    /// body as indented JSON.
    pub fn text(&self) -> String {
        let mut text = format!("{} {}\n", self.method, self.path);
        if let Some(n) = &self.note {
            text.push_str(&format!("  # {n}\n"));
        }
        if let Some(b) = &self.body {
            let pretty = serde_json::to_string_pretty(b).unwrap_or_default();
            for l in pretty.lines() {
                text.push_str(&format!("  {l}\n"));
            }
        }
        text
    }
}

/// The dry run's closing line: requests, records and messages, and what the
/// journal already confirms.
pub fn dry_run_line(todo: &[&Item], requests: usize, skipped: usize) -> String {
    let plural = crate::out::plural::<usize>;
    let records = todo
        .iter()
        .filter(|i| !matches!(i.what, What::Slack(_)))
        .count();
    let messages = todo.len() - records;
    format!(
        "Dry run: {requests} request{} for {records} record{} and {messages} Slack message{}{}.",
        plural(requests),
        plural(records),
        plural(messages),
        if skipped > 0 {
            format!("; {skipped} already confirmed by the journal")
        } else {
            String::new()
        }
    )
}

pub fn preview(items: &[&Item], version: &str, bulk_threshold: usize) -> Vec<Preview> {
    let mut out = Vec::new();
    let updates: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|i| matches!(i.what, What::Update { .. }))
        .collect();
    // As a run sends them: one upsert alone as PATCH /sobjects/..., more of
    // one object and field in Collections calls of up to 200.
    for ((sobject, field), group) in upsert_groups(items) {
        for chunk in group.chunks(COLLECTION_MAX) {
            let bodies: Vec<(&str, IndexMap<String, Json>)> = chunk
                .iter()
                .filter_map(|i| match &i.what {
                    What::Upsert {
                        value,
                        record_type,
                        fields,
                        links,
                        ..
                    } => Some((
                        value.as_str(),
                        preview_fields(sobject, record_type, fields, links),
                    )),
                    _ => None,
                })
                .collect();
            let (path, body) = match bodies.as_slice() {
                [(value, b)] => (
                    api_path(version, &["sobjects", sobject, field, value]),
                    object(b.clone()),
                ),
                _ => (
                    api_path(version, &["composite", "sobjects", sobject, field]),
                    upsert_collection_body(sobject, field, bodies.iter().map(|(v, b)| (*v, b))),
                ),
            };
            out.push(Preview {
                method: "PATCH",
                path,
                body: Some(body),
                note: None,
            });
        }
    }
    for i in items {
        if let What::Create {
            sobject,
            record_type,
            fields,
            links,
        } = &i.what
        {
            out.push(Preview {
                method: "POST",
                path: api_path(version, &["sobjects", sobject]),
                body: Some(object(preview_fields(sobject, record_type, fields, links))),
                note: None,
            });
        }
    }
    if updates.len() > bulk_threshold {
        let mut by_object: IndexMap<&str, usize> = IndexMap::new();
        for i in &updates {
            if let What::Update { sobject, .. } = &i.what {
                *by_object.entry(sobject).or_default() += 1;
            }
        }
        for (sobject, n) in by_object {
            out.push(Preview {
                method: "POST",
                path: api_path(version, &["jobs", "ingest"]),
                body: Some(bulk::job_spec(sobject)),
                note: Some(format!(
                    "a Bulk API 2.0 job updating {n} {sobject} record{} (then upload the CSV, close, poll, read results)",
                    crate::out::plural(n)
                )),
            });
        }
    } else {
        for chunk in updates.chunks(COLLECTION_MAX) {
            let records: Vec<(&str, String, IndexMap<String, Json>)> = chunk
                .iter()
                .filter_map(|i| match &i.what {
                    What::Update {
                        sobject,
                        id,
                        fields,
                        links,
                    } => {
                        let shown = if limits::is_id(id) {
                            id.clone()
                        } else {
                            format!("<Id of case number {id}, looked up when sending>")
                        };
                        let mut f = fields.clone();
                        for (field, l) in links {
                            f.insert(field.clone(), json!(placeholder(l)));
                        }
                        Some((sobject.as_str(), shown, f))
                    }
                    _ => None,
                })
                .collect();
            let body = collection_body(records.iter().map(|(o, id, f)| (*o, id.as_str(), f)));
            out.push(Preview {
                method: "PATCH",
                path: api_path(version, &["composite", "sobjects"]),
                body: Some(body),
                note: None,
            });
        }
    }
    for i in items {
        if let What::Slack(m) = &i.what {
            out.push(Preview {
                method: "POST",
                path: "<SLACK_WEBHOOK_URL>".into(),
                body: Some(crate::slack::payload(m)),
                note: None,
            });
        }
    }
    out
}

/// How the run is to be made.
#[derive(Debug, Clone)]
pub struct Options {
    pub bulk_threshold: usize,
    /// Create a record even where an open one with the same values exists
    /// (`unique_open`).
    pub allow_new: bool,
    /// Send again what the ledger holds back (`--resend`): this run's
    /// claims take the place of the earlier ones.
    pub resend: bool,
    /// Where failed Bulk API results are written.
    pub results_dir: PathBuf,
}

impl Options {
    /// Options for a run whose journal is `journal`: failed Bulk API
    /// results are saved in the journal's directory.
    pub fn beside(journal: &std::path::Path, bulk_threshold: usize) -> Self {
        let results_dir = journal
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(std::path::Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Self {
            bulk_threshold,
            allow_new: false,
            resend: false,
            results_dir,
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What a run did.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    /// Deleted (`--undo --delete-created`).
    #[serde(skip_serializing_if = "is_zero")]
    pub deleted: usize,
    /// Not sent: an earlier run's journal confirms them, or the org already
    /// holds every value.
    pub unchanged: usize,
    pub failed: usize,
    /// Sent with no answer that says what happened (listed in failures).
    pub unknown: usize,
    pub messages_sent: usize,
    pub messages_manual: usize,
    pub failures: Vec<FailureNote>,
    /// Not sent: posted or created before, or possibly (see each why).
    pub held_back: Vec<HeldBack>,
    pub failed_results: Vec<PathBuf>,
    pub journal: PathBuf,
    /// The journal's last hash once the run ended (`cs submit --verify`).
    pub journal_hash: String,
    /// Set when the run stopped before the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FailureNote {
    pub key: String,
    pub error: String,
}

/// Reports progress (a bar on a terminal) and Slack messages to post by hand.
pub trait Reporter {
    fn advance(&mut self, n: u64);
    fn manual(&mut self, m: &Message);
}

/// A progress bar on a terminal; Slack messages to post by hand as warnings.
pub struct Bar(pub crate::batch::Progress);

impl Reporter for Bar {
    fn advance(&mut self, n: u64) {
        self.0.inc(n);
    }
    fn manual(&mut self, m: &Message) {
        let text = format!(
            "SLACK_WEBHOOK_URL is not set; post this message by hand:\n{}",
            m.text
        );
        self.0.suspend(|| crate::out::warn(&text));
    }
}

/// The connections a run uses.
pub struct Remote<'h> {
    pub sf: Option<Salesforce<'h>>,
    pub slack: Option<Webhook>,
    pub http: &'h Http,
}

/// Sends what `todo` says to send, journaling each outcome before the next
/// call (and, before each write call, which items are in flight). A stop
/// (request limit, credentials, a signal) ends the run with what is done
/// journaled: the summary says what was done, the error why it stopped and
/// how to go on.
#[allow(clippy::too_many_arguments)]
pub fn run(
    items: &[Item],
    todo: &Todo,
    past: &Past,
    remote: &mut Remote,
    journal: &mut Journal,
    sent: &mut ledger::Ledger,
    opts: &Options,
    report: &mut dyn Reporter,
) -> (Summary, Option<Error>) {
    let mut s = Summary {
        journal: journal.path.clone(),
        unchanged: todo.confirmed,
        held_back: todo.held.clone(),
        ..Default::default()
    };
    report.advance((todo.confirmed + todo.held.len()) as u64);
    let mut run = Run {
        s: &mut s,
        journal,
        sent,
        by_key: items.iter().map(|i| (i.key.as_str(), i)).collect(),
        users: todo.users.clone().unwrap_or_default(),
        users_read: todo.users.is_some(),
        changes: &todo.changes,
        buf: Vec::new(),
        claimed: Default::default(),
        sent_values: Default::default(),
        report,
    };
    let result = todo
        .unchanged
        .iter()
        .try_for_each(|(i, id)| {
            run.s.unchanged += 1;
            run.outcome(&i.key, Outcome::Unchanged, Some(id), None)
        })
        .and_then(|()| run.all(&todo.send, past, remote, opts));
    // Whatever happened, what was answered is journaled.
    let flushed = run.flush();
    let stop = match result.and(flushed) {
        // A signal during the last call: the run went to its end, but
        // whoever sent it asked to stop, and scripts read 130 for that.
        Ok(()) if crate::interrupt::requested() => Some(Error::interrupted(
            "interrupted during the last call; it was answered, and every answer is in the journal.",
        )),
        Ok(()) => None,
        Err(Failure::Stop(e)) => Some(e),
        Err(other) => Some(Error::internal(format!("a call ended with {other:?}"))),
    };
    run.s.journal_hash = run.journal.head.clone();
    let path = run.journal.path.display().to_string();
    let stop = stop.map(|e| {
        s.stopped = Some(e.message.clone());
        let resume = format!(
            "what was confirmed is in the journal; continue with: cs submit --yes --resume {path} PLAN"
        );
        let hint = match &e.hint {
            Some(h) => format!("{h}\n{resume}"),
            None => resume,
        };
        e.with_hint(hint)
    });
    (s, stop)
}

/// The error a run that went to its end still ends with: some items failed
/// or may not have arrived (exit 3), saying how to go on.
pub fn unsettled(s: &Summary, items: usize) -> Option<Error> {
    let unknown = s.unknown + s.held_back.iter().filter(|h| h.unknown).count();
    if s.failed == 0 && unknown == 0 {
        return None;
    }
    let mut parts = Vec::new();
    if s.failed > 0 {
        parts.push(format!("{} failed", s.failed));
    }
    if unknown > 0 {
        parts.push(format!("{unknown} with an unknown outcome"));
    }
    Some(
        Error::remote(format!(
            "{} of {items} item{}; the others are written.",
            parts.join(" and "),
            crate::out::plural(items)
        ))
        .with_hint(format!(
            "fix what the errors name and check what has an unknown outcome, then send the rest with: cs submit --yes --resume {} PLAN",
            s.journal.display()
        )),
    )
}

/// Every item is confirmed by the journal or held back: says so, and
/// fails when what is held back may not have arrived.
pub fn nothing_to_send(items: usize, todo: &Todo) -> Result<(), Error> {
    for h in &todo.held {
        crate::out::warn(&format!("held back: {}: {}", h.what, h.why));
    }
    let unknown = todo.held.iter().filter(|h| h.unknown).count();
    if unknown > 0 {
        return Err(Error::remote(format!(
            "nothing sent: {unknown} item{} may or may not have arrived.",
            crate::out::plural(unknown)
        ))
        .with_hint(
            "check them in Salesforce or the channel, then pass --resend to send them again",
        ));
    }
    crate::out::note(&format!(
        "Nothing to send: {} of {items} item{} confirmed by the journal, {} sent before from this machine.",
        todo.confirmed,
        crate::out::plural(items),
        todo.held.len()
    ));
    Ok(())
}

/// The summary in words, for text output and for a run that stopped.
pub fn summary_lines(s: &Summary) -> Vec<String> {
    // Deletes happen only in an undo (--delete-created): said only then.
    let deleted = match s.deleted {
        0 => String::new(),
        n => format!("{n} deleted, "),
    };
    let mut lines = vec![format!(
        "{} created, {} updated, {deleted}{} unchanged (the org or the journal holds them), {} failed, {} unknown; Slack: {} posted, {} to post by hand; {} held back.",
        s.created,
        s.updated,
        s.unchanged,
        s.failed,
        s.unknown,
        s.messages_sent,
        s.messages_manual,
        s.held_back.len()
    )];
    for f in &s.failures {
        lines.push(format!("  failed: {}: {}", f.key, f.error));
    }
    for h in &s.held_back {
        lines.push(format!("  held back: {}: {}", h.what, h.why));
    }
    for p in &s.failed_results {
        lines.push(format!("  Bulk API failed results: {}", p.display()));
    }
    lines.push(format!(
        "journal: {} (last hash {})",
        s.journal.display(),
        s.journal_hash
    ));
    lines
}

struct Run<'a> {
    s: &'a mut Summary,
    journal: &'a mut Journal,
    sent: &'a mut ledger::Ledger,
    by_key: std::collections::HashMap<&'a str, &'a Item>,
    /// The users the run's plans name, read before the first write (with
    /// the org, when it was read first: `users_read`).
    users: Users,
    users_read: bool,
    /// What each record changes, read with the org.
    changes: &'a std::collections::HashMap<String, diff::Change>,
    /// Journal lines of the call just answered, written by [`Run::flush`].
    buf: Vec<journal::Line>,
    /// The keys this run claimed in the ledger, to settle with their answers.
    claimed: std::collections::HashSet<String>,
    /// The bodies sent for records whose lookups were resolved when
    /// sending, by key: the journal keeps the values actually written.
    sent_values: std::collections::HashMap<String, IndexMap<String, Json>>,
    report: &'a mut dyn Reporter,
}

/// An update ready to send: key, object, Id, fields (with its links filled).
type Pending<'a> = (
    &'a str,
    &'a str,
    String,
    std::borrow::Cow<'a, IndexMap<String, Json>>,
);

/// An upsert ready to send: its item, External ID value and body.
type Ready<'i> = (&'i Item, &'i String, IndexMap<String, Json>);

impl Run<'_> {
    fn all(
        &mut self,
        todo: &[&Item],
        past: &Past,
        remote: &mut Remote,
        opts: &Options,
    ) -> Result<(), Failure> {
        // Bulk jobs an interrupted run left processing: read their results
        // instead of sending their records again.
        let mut reported: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (job, _sobject, keys) in &past.open_jobs {
            let sf = remote.sf.as_mut().ok_or_else(|| {
                Failure::Stop(Error::internal(
                    "a Bulk API job to read back but no Salesforce connection",
                ))
            })?;
            if sf.bulk_info(job)?["state"] == "Open" {
                // Never closed: Salesforce will not process it. Its records
                // are sent again below.
                sf.bulk_abort(job)?;
                self.journal.bulk_done(job).map_err(Failure::Stop)?;
                continue;
            }
            let result = sf.bulk_finish(job)?;
            let by_id: IndexMap<String, String> = keys.iter().cloned().collect();
            reported.extend(self.journal_job(&result, &by_id, opts)?);
        }
        let todo: Vec<&Item> = todo
            .iter()
            .copied()
            .filter(|i| !reported.contains(&i.key))
            .collect();
        if todo.iter().any(|i| !matches!(i.what, What::Slack(_))) {
            let sf = remote
                .sf
                .as_mut()
                .ok_or_else(|| Failure::Stop(Error::internal("no Salesforce connection")))?;
            self.records(sf, &todo, opts)?;
        }
        for i in &todo {
            if let What::Slack(m) = &i.what {
                interrupted()?;
                self.slack(remote, i, m, opts)?;
            }
        }
        Ok(())
    }

    /// Journals (and, for a Slack post or a create, remembers on this
    /// machine) the outcome of `key`.
    fn outcome(
        &mut self,
        key: &str,
        outcome: Outcome,
        id: Option<&str>,
        error: Option<&str>,
    ) -> Result<(), Failure> {
        let item = self.by_key.get(key).copied();
        let digest = item.map(Item::digest);
        let audit = self.audit(key, item, outcome);
        self.buf.push(journal::result_line(
            key,
            outcome,
            id,
            error,
            digest.as_deref(),
            audit,
        ));
        if self.claimed.remove(key) {
            let mark = match outcome {
                Outcome::Created => ledger::Mark::Created,
                Outcome::Sent => ledger::Mark::Sent,
                Outcome::Unknown => ledger::Mark::Unknown,
                // Refused, or never sent: free for a later run.
                _ => ledger::Mark::Released,
            };
            // The journal line goes first: if the ledger cannot be written,
            // the claim stands and later runs hold the item back.
            self.flush()?;
            let path = self.journal.path.clone();
            self.sent.settle(key, mark, &path).map_err(Failure::Stop)?;
        }
        self.report.advance(1);
        Ok(())
    }

    /// Who sent the item, from which plan and playbook, and, for a record
    /// written, its fields' values before and after.
    fn audit(&self, key: &str, item: Option<&Item>, outcome: Outcome) -> journal::Audit {
        let user = self.journal.user.as_ref();
        let mut a = journal::Audit {
            by: user.map(|u| u.username.clone().unwrap_or_else(|| u.id.clone())),
            plan: item.and_then(|i| i.origin.as_ref()).map(|o| o.0.clone()),
            playbook: item.and_then(|i| i.origin.as_ref()).map(|o| o.1.clone()),
            ..Default::default()
        };
        let written = matches!(outcome, Outcome::Created | Outcome::Updated);
        if let Some(c) = self.changes.get(key).filter(|_| written) {
            // What was sent, with the lookups as they were resolved (the
            // diff knew them only as "looked up when sending").
            let sent = self.sent_values.get(key);
            let values = |old: bool| -> IndexMap<String, Json> {
                c.fields
                    .iter()
                    .map(|f| {
                        let v = if old {
                            f.old.clone()
                        } else {
                            sent.and_then(|b| b.get(&f.field))
                                .cloned()
                                .unwrap_or_else(|| f.new.clone())
                        };
                        (f.field.clone(), v)
                    })
                    .collect()
            };
            if c.action == diff::Action::Update {
                a.before = Some(journal::masked_values(values(true), &mut a.masked));
            }
            a.after = Some(journal::masked_values(values(false), &mut a.masked));
            a.masked.sort();
            a.masked.dedup();
        }
        a
    }

    fn ok(&mut self, key: &str, w: &Written) -> Result<(), Failure> {
        let outcome = if w.created {
            self.s.created += 1;
            Outcome::Created
        } else {
            self.s.updated += 1;
            Outcome::Updated
        };
        self.outcome(key, outcome, w.id.as_deref(), None)
    }

    fn fail(&mut self, key: &str, error: &str, outcome: Outcome) -> Result<(), Failure> {
        if outcome == Outcome::Unknown {
            self.s.unknown += 1;
        } else {
            self.s.failed += 1;
        }
        self.s.failures.push(FailureNote {
            key: key.to_string(),
            error: crate::redact::clean(error),
        });
        self.outcome(key, outcome, None, Some(error))
    }

    /// What one record's answer says, journaled.
    fn answer(&mut self, key: &str, a: Answer, lost: &str) -> Result<(), Failure> {
        match a {
            Answer::Written(w) => self.ok(key, &w),
            Answer::Refused(e) => self.fail(key, &e, Outcome::Failed),
            Answer::Unknown(e) => self.fail(key, &format!("{lost}: {e}"), Outcome::Unknown),
        }
    }

    /// A record not sent because a linked record could not be looked up:
    /// failed (a resume tries it again), or the run stops.
    fn fail_link(&mut self, key: &str, e: Failure) -> Result<(), Failure> {
        match e {
            Failure::Record(e) | Failure::Unknown(e) => {
                self.fail(key, &e, Outcome::Failed)?;
                self.flush()
            }
            stop => Err(stop),
        }
    }

    /// Keeps the body of a record whose `links` were resolved, for the
    /// journal's `after` (the others are sent as the plan holds them).
    fn keep_sent(
        &mut self,
        i: &Item,
        links: &IndexMap<String, Link>,
        body: &IndexMap<String, Json>,
    ) {
        if !links.is_empty() {
            self.sent_values.insert(i.key.clone(), body.clone());
        }
    }

    /// Claims a Slack post or a create in the ledger before its request
    /// leaves: false when another run holds it (it is then held back,
    /// journaled as not sent, and nothing is sent).
    fn claim(&mut self, item: &Item, opts: &Options) -> Result<bool, Failure> {
        if item.idempotent() {
            return Ok(true);
        }
        self.flush()?;
        let path = self.journal.path.clone();
        match self
            .sent
            .claim(&item.key, &path, opts.resend)
            .map_err(Failure::Stop)?
        {
            ledger::Claim::Mine => {
                self.claimed.insert(item.key.clone());
                Ok(true)
            }
            ledger::Claim::Taken(s) => {
                let held = held_by_ledger(item, &s);
                let why = format!("held back: {}", held.why);
                self.s.held_back.push(held);
                self.outcome(&item.key, Outcome::NotSent, None, Some(&why))?;
                self.flush()?;
                Ok(false)
            }
        }
    }

    /// Journals that `keys` are about to be sent: if cs dies before their
    /// answers, the journal says their outcome is unknown.
    fn sending(&mut self, keys: &[&str]) -> Result<(), Failure> {
        self.flush()?;
        self.journal
            .write(&[journal::Line::Sending {
                at: journal::now(),
                keys: keys.iter().map(|k| k.to_string()).collect(),
            }])
            .map_err(Failure::Stop)
    }

    /// The run stops during a call to write `keys`, which Salesforce or
    /// Slack did not take (never sent, refused for the whole run, or
    /// interrupted while waiting to retry): they are journaled as not
    /// sent, for a resume to send.
    fn stopped(&mut self, keys: &[&str], e: Error) -> Failure {
        for k in keys {
            let _ = self.outcome(k, Outcome::NotSent, None, Some(&e.message));
        }
        match self.flush() {
            Ok(()) => Failure::Stop(e),
            Err(f) => f,
        }
    }

    /// Writes the buffered journal lines to disk: called after each call's
    /// results are recorded, so they are durable before the next call.
    fn flush(&mut self) -> Result<(), Failure> {
        if !self.buf.is_empty() {
            self.journal.write(&self.buf).map_err(Failure::Stop)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn records(
        &mut self,
        sf: &mut Salesforce,
        todo: &[&Item],
        opts: &Options,
    ) -> Result<(), Failure> {
        // The people the plans name, unless read with the org already.
        if !self.users_read {
            self.users = diff::users_named(sf, todo)?;
            self.users_read = true;
        }
        // Record types first: a wrong name stops the run before any write.
        let mut types: IndexMap<(String, String), String> = IndexMap::new();
        for i in todo {
            if let What::Upsert {
                sobject,
                record_type: Some(rt),
                ..
            }
            | What::Create {
                sobject,
                record_type: Some(rt),
                ..
            } = &i.what
            {
                let k = (sobject.clone(), rt.clone());
                if !types.contains_key(&k) {
                    let id = sf.record_type_id(sobject, rt)?;
                    types.insert(k, id);
                }
            }
        }
        let body = |sobject: &str, rt: &Option<String>, fields: &IndexMap<String, Json>| {
            let id = rt
                .as_ref()
                .map(|rt| types[&(sobject.to_string(), rt.clone())].as_str());
            with_record_type(sobject, rt, fields, id)
        };
        // Upserts of one object and field, up to COLLECTION_MAX a call.
        for ((sobject, field), group) in upsert_groups(todo) {
            for chunk in group.chunks(COLLECTION_MAX) {
                interrupted()?;
                let mut ready: Vec<Ready> = Vec::new();
                for i in chunk {
                    let What::Upsert {
                        value,
                        record_type,
                        fields,
                        links,
                        unique_open,
                        ..
                    } = &i.what
                    else {
                        continue;
                    };
                    if let Some(u) = unique_open.as_ref().filter(|_| !opts.allow_new)
                        && self.open_duplicate(sf, i, u)?
                    {
                        continue;
                    }
                    let mut b = body(sobject, record_type, fields);
                    match resolve(sf, &self.users, links, &mut b) {
                        Ok(()) => {
                            self.keep_sent(i, links, &b);
                            ready.push((i, value, b))
                        }
                        Err(e) => self.fail_link(&i.key, e)?,
                    }
                }
                self.upserts(sf, sobject, field, &ready)?;
            }
        }
        for i in todo {
            // A create has no External ID to check a lost answer by, so it
            // goes alone (a lost answer leaves one record unknown, not 200)
            // and is never sent again by cs.
            let What::Create {
                sobject,
                record_type,
                fields,
                links,
            } = &i.what
            else {
                continue;
            };
            interrupted()?;
            let mut b = body(sobject, record_type, fields);
            if let Err(e) = resolve(sf, &self.users, links, &mut b) {
                self.fail_link(&i.key, e)?;
                continue;
            }
            self.keep_sent(i, links, &b);
            if !self.claim(i, opts)? {
                continue;
            }
            self.sending(&[&i.key])?;
            let result = Answer::of(sf.create(sobject, &b)).map(|a| vec![a]);
            self.answers(
                &[&i.key],
                result,
                "no answer; the record may exist: check Salesforce, then pass --resend to create it again",
            )?;
        }
        self.updates(sf, todo, opts)?;
        for i in todo {
            if let What::Delete { sobject, id } = &i.what {
                interrupted()?;
                self.sending(&[&i.key])?;
                match sf.delete(sobject, id) {
                    Ok(()) => {
                        self.s.deleted += 1;
                        self.outcome(&i.key, Outcome::Deleted, Some(id), None)?;
                    }
                    Err(Failure::Record(e)) => self.fail(&i.key, &e, Outcome::Failed)?,
                    Err(Failure::Unknown(e)) => self.fail(&i.key, &e, Outcome::Unknown)?,
                    Err(stop) => return Err(stop),
                }
                self.flush()?;
            }
        }
        Ok(())
    }

    /// Is there another open record holding the values `u` names (E3: an
    /// open escalation of the account for the reason)? Then `i` is not sent:
    /// journaled as failed, naming the other. Without every value (no
    /// account Id in the link) there is nothing to compare.
    fn open_duplicate(
        &mut self,
        sf: &mut Salesforce,
        i: &Item,
        u: &crate::plan::UniqueOpen,
    ) -> Result<bool, Failure> {
        let What::Upsert {
            sobject,
            field,
            value,
            ..
        } = &i.what
        else {
            return Ok(false);
        };
        if u.same.values().any(Json::is_null) {
            return Ok(false);
        }
        let others = match sf.others_open(sobject, field, value, &u.same, &u.condition) {
            Ok(o) => o,
            Err(e) => {
                self.fail_link(&i.key, e)?;
                return Ok(true);
            }
        };
        if others.is_empty() {
            return Ok(false);
        }
        let names: Vec<String> = others.into_iter().map(|(_, n)| n).collect();
        let held: Vec<String> = u
            .same
            .iter()
            .map(|(f, v)| format!("{f} {}", crate::answers::json_text(v)))
            .collect();
        self.fail(
            &i.key,
            &format!(
                "an open {sobject} with the same {} exists ({}); this one was not created: add to that one, or pass --new to open another",
                held.join(" and "),
                names.join(", ")
            ),
            Outcome::Failed,
        )?;
        self.flush()?;
        Ok(true)
    }

    /// Sends one chunk of upserts of one object and External ID field: a
    /// single record as PATCH /sobjects/..., more in one sObject
    /// Collections call.
    fn upserts(
        &mut self,
        sf: &mut Salesforce,
        sobject: &str,
        field: &str,
        ready: &[Ready],
    ) -> Result<(), Failure> {
        if ready.is_empty() {
            return Ok(());
        }
        let keys: Vec<&str> = ready.iter().map(|(i, ..)| i.key.as_str()).collect();
        self.sending(&keys)?;
        let result = if let [(_, value, b)] = ready {
            Answer::of(sf.upsert(sobject, field, value, b)).map(|a| vec![a])
        } else {
            let records: Vec<(&str, &IndexMap<String, Json>)> =
                ready.iter().map(|(_, v, b)| (v.as_str(), b)).collect();
            sf.upsert_collection(sobject, field, &records)
        };
        self.answers(
            &keys,
            result,
            "no answer, and the record is not held as sent; a resume sends it again (by External ID, so it is written once)",
        )
    }

    /// Journals the answers of one call for `keys`; a stop journals them
    /// as not sent.
    fn answers(
        &mut self,
        keys: &[&str],
        result: Result<Vec<Answer>, Failure>,
        lost: &str,
    ) -> Result<(), Failure> {
        let answers = match result {
            Ok(a) => a,
            Err(Failure::Stop(e)) => return Err(self.stopped(keys, e)),
            Err(other) => return Err(other),
        };
        for (key, a) in keys.iter().zip(answers) {
            self.answer(key, a, lost)?;
        }
        self.flush()
    }

    fn updates(
        &mut self,
        sf: &mut Salesforce,
        todo: &[&Item],
        opts: &Options,
    ) -> Result<(), Failure> {
        let mut updates: Vec<Pending> = Vec::new();
        let numbers: Vec<String> = todo
            .iter()
            .filter_map(|i| match &i.what {
                What::Update { id, .. } if !limits::is_id(id) => Some(id.clone()),
                _ => None,
            })
            .collect();
        let by_number = if numbers.is_empty() {
            Default::default()
        } else {
            sf.case_ids(&numbers)?
        };
        for i in todo {
            if let What::Update {
                sobject,
                id,
                fields,
                links,
            } = &i.what
            {
                let fields = if links.is_empty() {
                    std::borrow::Cow::Borrowed(fields)
                } else {
                    let mut f = fields.clone();
                    if let Err(e) = resolve(sf, &self.users, links, &mut f) {
                        self.fail_link(&i.key, e)?;
                        continue;
                    }
                    self.keep_sent(i, links, &f);
                    std::borrow::Cow::Owned(f)
                };
                let real = if limits::is_id(id) {
                    id.clone()
                } else if let Some(real) = by_number.get(id) {
                    real.clone()
                } else {
                    self.fail(
                        &i.key,
                        &format!("no case has the number {id}"),
                        Outcome::Failed,
                    )?;
                    continue;
                };
                updates.push((&i.key, sobject, real, fields));
            }
        }
        self.flush()?;
        if updates.len() > opts.bulk_threshold {
            return self.bulk(sf, &updates, opts);
        }
        for chunk in updates.chunks(COLLECTION_MAX) {
            interrupted()?;
            let keys: Vec<&str> = chunk.iter().map(|(k, ..)| *k).collect();
            let recs: Vec<(&str, &str, &IndexMap<String, Json>)> = chunk
                .iter()
                .map(|(_, s, id, f)| (*s, id.as_str(), f.as_ref()))
                .collect();
            self.sending(&keys)?;
            let result = sf.update_collection(&recs);
            self.answers(
                &keys,
                result,
                "no answer, and the record does not hold the values sent; a resume sends it again (by Id, so it is written once)",
            )?;
        }
        Ok(())
    }

    fn bulk(
        &mut self,
        sf: &mut Salesforce,
        updates: &[Pending],
        opts: &Options,
    ) -> Result<(), Failure> {
        let mut by_object: IndexMap<&str, Vec<usize>> = IndexMap::new();
        for (n, u) in updates.iter().enumerate() {
            by_object.entry(u.1).or_default().push(n);
        }
        for (sobject, idx) in by_object {
            for part in idx.chunks(BULK_JOB_ROWS) {
                interrupted()?;
                let mut columns = vec!["Id".to_string()];
                for &n in part {
                    for k in updates[n].3.keys() {
                        if !columns.contains(k) {
                            columns.push(k.clone());
                        }
                    }
                }
                let rows: Vec<Vec<String>> = part
                    .iter()
                    .map(|&n| {
                        let (_, _, id, fields) = &updates[n];
                        columns
                            .iter()
                            .map(|c| {
                                if c == "Id" {
                                    id.clone()
                                } else {
                                    match fields.get(c) {
                                        None => String::new(),
                                        Some(Json::Null) => crate::batch::BULK_NULL.into(),
                                        Some(Json::String(s)) => s.clone(),
                                        Some(v) => v.to_string(),
                                    }
                                }
                            })
                            .collect()
                    })
                    .collect();
                let csv = bulk::upload_csv(&columns, &rows).map_err(Failure::Stop)?;
                let keys: Vec<(String, String)> = part
                    .iter()
                    .map(|&n| (updates[n].2.clone(), updates[n].0.to_string()))
                    .collect();
                let job = sf.bulk_create(sobject)?;
                self.journal
                    .bulk_job(&job, sobject, keys.clone())
                    .map_err(Failure::Stop)?;
                sf.bulk_upload(&job, &csv)?;
                let result = sf.bulk_finish(&job)?;
                let by_id: IndexMap<String, String> = keys.into_iter().collect();
                self.journal_job(&result, &by_id, opts)?;
            }
        }
        Ok(())
    }

    /// Journals a finished job's results; returns the keys it reported.
    fn journal_job(
        &mut self,
        r: &JobResult,
        by_id: &IndexMap<String, String>,
        opts: &Options,
    ) -> Result<Vec<String>, Failure> {
        // Looked up once per result row: a job has up to BULK_JOB_ROWS.
        let keys: std::collections::HashMap<&str, &String> =
            by_id.iter().map(|(id, key)| (id_key(id), key)).collect();
        let key_of = |id: &str| keys.get(id_key(id)).map(|key| (*key).clone());
        let mut seen = std::collections::HashSet::new();
        for (id, created) in &r.succeeded {
            if let Some(key) = key_of(id) {
                seen.insert(key.clone());
                let w = Written {
                    id: Some(id.clone()),
                    created: *created,
                };
                self.ok(&key, &w)?;
            }
        }
        for (id, error) in &r.failed {
            if let Some(key) = key_of(id) {
                seen.insert(key.clone());
                self.fail(&key, error, Outcome::Failed)?;
            }
        }
        if !r.failed.is_empty() {
            let path = opts
                .results_dir
                .join(format!("failed-results-{}.csv", r.job));
            // Server text: its secrets hidden, its control characters escaped.
            let csv = crate::redact::clean(&crate::out::escape_controls(&r.failed_csv, true));
            crate::files::write_atomic(&path, csv.as_bytes()).map_err(Failure::Stop)?;
            self.s.failed_results.push(path);
        }
        for key in by_id.values() {
            if !seen.contains(key) {
                let why = match &r.error {
                    Some(e) => format!("Bulk API job {} {}: {e}", r.job, r.state),
                    None => format!(
                        "Bulk API job {} ({}) did not report this record",
                        r.job, r.state
                    ),
                };
                self.fail(key, &why, Outcome::Failed)?;
            }
        }
        self.buf.push(journal::Line::BulkDone {
            at: journal::now(),
            job: r.job.clone(),
        });
        self.flush()?;
        Ok(by_id.values().cloned().collect())
    }

    fn slack(
        &mut self,
        remote: &mut Remote,
        item: &Item,
        m: &Message,
        opts: &Options,
    ) -> Result<(), Failure> {
        let key = item.key.as_str();
        let Some(hook) = remote.slack.as_mut() else {
            self.report.manual(m);
            self.s.messages_manual += 1;
            self.outcome(key, Outcome::Manual, None, None)?;
            return self.flush();
        };
        if !self.claim(item, opts)? {
            return Ok(());
        }
        self.sending(&[key])?;
        match hook.post(remote.http, m) {
            Ok(()) => {
                self.s.messages_sent += 1;
                self.outcome(key, Outcome::Sent, None, None)?;
            }
            Err(PostError::Interrupted) => {
                return Err(self.stopped(&[key], Error::interrupted("interrupted.")));
            }
            Err(PostError::Stop(e)) => return Err(self.stopped(&[key], e)),
            Err(PostError::Config(e)) | Err(PostError::Remote(e)) => {
                self.fail(key, &e, Outcome::Failed)?
            }
            Err(PostError::Unknown(e)) => self.fail(key, &e, Outcome::Unknown)?,
        }
        self.flush()
    }
}

/// Rows per Bulk API job (well under its 100 MB upload limit).
const BULK_JOB_ROWS: usize = 10_000;

/// Sets each linked lookup field to the Id of the record it names (by its
/// External ID), read from Salesforce: the record is written earlier in the
/// same run, or was by an earlier one.
fn resolve(
    sf: &mut Salesforce,
    users: &Users,
    links: &IndexMap<String, Link>,
    body: &mut IndexMap<String, Json>,
) -> Result<(), Failure> {
    for (field, l) in links {
        if let (Some(account), "Contact") = (&l.of_account, l.sobject.as_str()) {
            // The account's contact, when it has exactly one by that name.
            if let Some(id) = sf.contact_of(account, &l.field, &l.value)? {
                body.insert(field.clone(), json!(id));
            }
            continue;
        }
        if l.sobject == "User" {
            let id = crate::salesforce::user_id(users, &l.field, &l.value).map_err(|why| {
                Failure::Record(format!("{field}: {why}; this record was not sent"))
            })?;
            body.insert(field.clone(), json!(id));
            continue;
        }
        let found = match l.field.as_str() {
            // A record the plan updates by Id: that Id.
            "Id" if limits::is_id(&l.value) => Some(l.value.clone()),
            "CaseNumber" if l.sobject == "Case" => sf
                .case_ids(std::slice::from_ref(&l.value))?
                .remove(&l.value),
            _ => sf.id_by_external_id(&l.sobject, &l.field, &l.value)?,
        };
        match found {
            Some(id) => {
                body.insert(field.clone(), json!(id));
            }
            None => {
                return Err(Failure::Record(format!(
                    "{field} links to the {} whose {} is {}, which is not in Salesforce (was its own write refused?); this record was not sent",
                    l.sobject, l.field, l.value
                )));
            }
        }
    }
    Ok(())
}

fn interrupted() -> Result<(), Failure> {
    if crate::interrupt::requested() {
        return Err(Failure::Stop(Error::interrupted(
            "interrupted; every call that was answered is in the journal.",
        )));
    }
    Ok(())
}
