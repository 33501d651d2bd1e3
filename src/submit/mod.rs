//! `cs submit`: applies plans to Salesforce and Slack, exactly once.
//!
//! Plans become [`Item`]s, each with a key derived from the plan alone
//! (the External ID, the record Id, or a digest): the same plan always
//! gives the same keys, which is what lets the journal say what is done.
//! Everything is checked offline first, so a bad record stops the
//! submission before the first call rather than half-way through it.

pub mod journal;

use crate::digest::sha256_hex;
use crate::error::Error;
use crate::plan::{Link, Message, Plan};
use crate::playbook::model::Operation;
use crate::salesforce::bulk::{self, JobResult};
use crate::salesforce::http::Http;
use crate::salesforce::{
    COLLECTION_MAX, Failure, Salesforce, Written, api_path, collection_body, id_key, limits,
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
}

#[derive(Debug, Clone, PartialEq)]
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
    },
    /// An update by Id (or, for a Case, by its number), via sObject
    /// Collections or a Bulk API job.
    Update {
        sobject: String,
        id: String,
        fields: IndexMap<String, Json>,
    },
    /// POST /sobjects/{sobject}: a record with no External ID.
    Create {
        sobject: String,
        record_type: Option<String>,
        fields: IndexMap<String, Json>,
        links: IndexMap<String, Link>,
    },
    Slack(Message),
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
        let (name, text) = crate::error::read_input(std::path::Path::new("-"), "plans")?;
        return Ok(vec![(text, name)]);
    }
    paths
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                return Err(Error::user("`-` (stdin) cannot be mixed with plan files."));
            }
            Ok((crate::error::read_file(p)?, p.display().to_string()))
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

/// The items of `plans`, checked offline. Every problem is reported at
/// once; an identical record or message in two plans is written once.
pub fn items(plans: &[Plan]) -> Result<Vec<Item>, Error> {
    let mut out: IndexMap<String, Item> = IndexMap::new();
    let mut problems = Vec::new();
    for (pi, plan) in plans.iter().enumerate() {
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
            let mut fields = r.fields.clone();
            let item = match (r.operation, &r.external_id) {
                (Operation::Upsert | Operation::Create, Some(x)) => {
                    bad.extend(limits::check_external_id(&x.field, &x.value));
                    fields.shift_remove(&x.field);
                    fields.shift_remove("Id");
                    Item {
                        key: format!("{}/{}/{}", r.sobject, x.field, x.value),
                        what: What::Upsert {
                            sobject: r.sobject.clone(),
                            field: x.field.clone(),
                            value: x.value.clone(),
                            record_type: r.record_type.clone(),
                            fields,
                            links: r.links.clone(),
                        },
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
                    if !r.links.is_empty() {
                        bad.push("links are sent with create and upsert records only".into());
                    }
                    let kind = if by_number { "CaseNumber" } else { "Id" };
                    Item {
                        key: format!("{}/{kind}/{id}", r.sobject),
                        what: What::Update {
                            sobject: r.sobject.clone(),
                            id,
                            fields,
                        },
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
            let item = Item {
                key: format!("slack/{}", digest(&(&m.text, &m.blocks))),
                what: What::Slack(m.clone()),
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
        Some(prev) if *prev == item => {}
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

/// A dry-run body as JSON: placeholders say what is looked up when sending.
fn preview_body(
    sobject: &str,
    record_type: &Option<String>,
    fields: &IndexMap<String, Json>,
    links: &IndexMap<String, Link>,
) -> Option<Json> {
    let mut body = with_record_type(sobject, record_type, fields, None);
    for (field, l) in links {
        body.insert(
            field.clone(),
            json!(format!(
                "<Id of the {} whose {} is {}, looked up when sending>",
                l.sobject, l.field, l.value
            )),
        );
    }
    Some(Json::Object(body.into_iter().collect()))
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
    for i in items {
        match &i.what {
            What::Upsert {
                sobject,
                field,
                value,
                record_type,
                fields,
                links,
            } => out.push(Preview {
                method: "PATCH",
                path: api_path(version, &["sobjects", sobject, field, value]),
                body: preview_body(sobject, record_type, fields, links),
                note: None,
            }),
            What::Create {
                sobject,
                record_type,
                fields,
                links,
            } => out.push(Preview {
                method: "POST",
                path: api_path(version, &["sobjects", sobject]),
                body: preview_body(sobject, record_type, fields, links),
                note: None,
            }),
            _ => {}
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
            let records: Vec<(&str, String, &IndexMap<String, Json>)> = chunk
                .iter()
                .filter_map(|i| match &i.what {
                    What::Update {
                        sobject,
                        id,
                        fields,
                    } => {
                        let shown = if limits::is_id(id) {
                            id.clone()
                        } else {
                            format!("<Id of case number {id}, looked up when sending>")
                        };
                        Some((sobject.as_str(), shown, fields))
                    }
                    _ => None,
                })
                .collect();
            let body = collection_body(records.iter().map(|(o, id, f)| (*o, id.as_str(), *f)));
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
            results_dir,
        }
    }
}

/// What a run did.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    /// Skipped: an earlier run's journal confirms them.
    pub unchanged: usize,
    pub failed: usize,
    pub messages_sent: usize,
    pub messages_manual: usize,
    pub failures: Vec<FailureNote>,
    pub failed_results: Vec<PathBuf>,
    pub journal: PathBuf,
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

/// Sends `items` (after skipping what `past` confirms), journaling each
/// outcome before the next call. A stop (request limit, credentials,
/// Ctrl-C) ends the run with what is done journaled: the summary says what
/// was done, the error why it stopped and how to go on.
pub fn run(
    items: &[Item],
    past: &Past,
    remote: &mut Remote,
    journal: &mut Journal,
    opts: &Options,
    report: &mut dyn Reporter,
) -> (Summary, Option<Error>) {
    let mut s = Summary {
        journal: journal.path.clone(),
        ..Default::default()
    };
    let mut run = Run {
        s: &mut s,
        journal,
        buf: Vec::new(),
        report,
    };
    let result = run.all(items, past, remote, opts);
    // Whatever happened, what was answered is journaled.
    let flushed = run.flush();
    let stop = match result.and(flushed) {
        Ok(()) => None,
        Err(Failure::Stop(e)) => Some(e),
        Err(other) => Some(Error::internal(format!("a call ended with {other:?}"))),
    };
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

/// The summary in words, for text output and for a run that stopped.
pub fn summary_lines(s: &Summary) -> Vec<String> {
    let mut lines = vec![format!(
        "{} created, {} updated, {} unchanged (confirmed by the journal), {} failed; Slack: {} posted, {} to post by hand.",
        s.created, s.updated, s.unchanged, s.failed, s.messages_sent, s.messages_manual
    )];
    for f in &s.failures {
        lines.push(format!("  failed: {}: {}", f.key, f.error));
    }
    for p in &s.failed_results {
        lines.push(format!("  Bulk API failed results: {}", p.display()));
    }
    lines.push(format!("journal: {}", s.journal.display()));
    lines
}

struct Run<'a> {
    s: &'a mut Summary,
    journal: &'a mut Journal,
    /// Journal lines of the call just answered, written by [`Run::flush`].
    buf: Vec<journal::Line>,
    report: &'a mut dyn Reporter,
}

impl Run<'_> {
    fn all(
        &mut self,
        items: &[Item],
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
        let mut todo: Vec<&Item> = Vec::new();
        for i in items {
            if reported.contains(&i.key) {
                // Counted when its job's results were read above.
            } else if past.settled(&i.key).is_some() {
                self.s.unchanged += 1;
                self.report.advance(1);
            } else {
                todo.push(i);
            }
        }
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
                self.slack(remote, &i.key, m)?;
            }
        }
        Ok(())
    }

    fn ok(&mut self, key: &str, w: &Written) -> Result<(), Failure> {
        let outcome = if w.created {
            self.s.created += 1;
            Outcome::Created
        } else {
            self.s.updated += 1;
            Outcome::Updated
        };
        self.buf
            .push(journal::result_line(key, outcome, w.id.as_deref(), None));
        self.report.advance(1);
        Ok(())
    }

    fn fail(&mut self, key: &str, error: &str, outcome: Outcome) -> Result<(), Failure> {
        self.s.failed += 1;
        self.s.failures.push(FailureNote {
            key: key.to_string(),
            error: crate::redact::clean(error),
        });
        self.buf
            .push(journal::result_line(key, outcome, None, Some(error)));
        self.report.advance(1);
        Ok(())
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
        for i in todo {
            // What a lost answer leaves: an upsert by External ID is safe to
            // send again on resume (Failed); a create without one cannot be
            // checked, so it is never sent again (Unknown).
            let (result, lost, outcome) = match &i.what {
                What::Upsert {
                    sobject,
                    field,
                    value,
                    record_type,
                    fields,
                    links,
                } => {
                    interrupted()?;
                    let mut b = body(sobject, record_type, fields);
                    if let Err(e) = resolve(sf, links, &mut b) {
                        self.fail_link(&i.key, e)?;
                        continue;
                    }
                    (
                        sf.upsert(sobject, field, value, &b),
                        "no answer, and the record was not found",
                        Outcome::Failed,
                    )
                }
                What::Create {
                    sobject,
                    record_type,
                    fields,
                    links,
                } => {
                    interrupted()?;
                    let mut b = body(sobject, record_type, fields);
                    if let Err(e) = resolve(sf, links, &mut b) {
                        self.fail_link(&i.key, e)?;
                        continue;
                    }
                    (
                        sf.create(sobject, &b),
                        "no answer; the record may exist: check Salesforce before creating it by hand (cs does not send it again)",
                        Outcome::Unknown,
                    )
                }
                _ => continue,
            };
            match result {
                Ok(w) => self.ok(&i.key, &w)?,
                Err(Failure::Record(e)) => self.fail(&i.key, &e, Outcome::Failed)?,
                Err(Failure::Unknown(e)) => self.fail(&i.key, &format!("{lost}: {e}"), outcome)?,
                Err(stop) => return Err(stop),
            }
            self.flush()?;
        }
        self.updates(sf, todo, opts)
    }

    fn updates(
        &mut self,
        sf: &mut Salesforce,
        todo: &[&Item],
        opts: &Options,
    ) -> Result<(), Failure> {
        let mut updates: Vec<(&str, &str, String, &IndexMap<String, Json>)> = Vec::new();
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
            } = &i.what
            {
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
            let recs: Vec<(&str, &str, &IndexMap<String, Json>)> = chunk
                .iter()
                .map(|(_, s, id, f)| (*s, id.as_str(), *f))
                .collect();
            let results = sf.update_collection(&recs)?;
            for ((key, ..), r) in chunk.iter().zip(results) {
                match r {
                    Ok(w) => self.ok(key, &w)?,
                    Err(e) => self.fail(key, &e, Outcome::Failed)?,
                }
            }
            self.flush()?;
        }
        Ok(())
    }

    fn bulk(
        &mut self,
        sf: &mut Salesforce,
        updates: &[(&str, &str, String, &IndexMap<String, Json>)],
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
            crate::files::write_atomic(&path, r.failed_csv.as_bytes()).map_err(Failure::Stop)?;
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

    fn slack(&mut self, remote: &mut Remote, key: &str, m: &Message) -> Result<(), Failure> {
        let Some(hook) = remote.slack.as_mut() else {
            self.report.manual(m);
            self.s.messages_manual += 1;
            self.buf
                .push(journal::result_line(key, Outcome::Manual, None, None));
            self.report.advance(1);
            return self.flush();
        };
        match hook.post(remote.http, m) {
            Ok(()) => {
                self.s.messages_sent += 1;
                self.buf
                    .push(journal::result_line(key, Outcome::Sent, None, None));
                self.report.advance(1);
            }
            Err(PostError::Interrupted) => {
                return Err(Failure::Stop(Error::interrupted("interrupted.")));
            }
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
    links: &IndexMap<String, Link>,
    body: &mut IndexMap<String, Json>,
) -> Result<(), Failure> {
    for (field, l) in links {
        match sf.id_by_external_id(&l.sobject, &l.field, &l.value)? {
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
    if crate::batch::interrupted() {
        return Err(Failure::Stop(Error::interrupted(
            "interrupted; every call that was answered is in the journal.",
        )));
    }
    Ok(())
}
