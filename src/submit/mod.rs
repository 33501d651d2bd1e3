//! `cs submit`: applies plans to Salesforce and Slack, exactly once.
//!
//! Plans become [`Item`]s, each with a key derived from the plan alone
//! (the External ID, the record Id, or a digest): the same plan always
//! gives the same keys, which is what lets the journal say what is done.
//! Everything is checked offline first, so a bad record stops the
//! submission before the first call rather than half-way through it.

pub mod batch;
pub mod preview;

pub use crate::engine::journal;
pub use crate::salesforce::diff;
pub use preview::{Preview, dry_run_notes, preview};

use crate::digest::sha256_hex;
pub use crate::effect::{Item, What, digest, record_key};
pub use crate::engine::run::{Bar, Summary, unsettled};
pub use crate::engine::todo::{nothing_to_send, todo};
use crate::error::Error;
use crate::plan::Plan;
use crate::playbook::model::Operation;
use crate::salesforce::limits;
use indexmap::IndexMap;
use serde_json::Value as Json;
use std::path::PathBuf;

/// What a run is to do with each item of its plans.
pub type Todo<'a> = crate::engine::todo::Todo<'a, Item>;

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
            // A row of a batch's plans.jsonl (`cs offboard batch`): its plan,
            // or nothing for a row that has none.
            let v = match v {
                Json::Object(mut row)
                    if row.contains_key("line")
                        && (row.contains_key("plan") || row.contains_key("unplanned")) =>
                {
                    match row.remove("plan") {
                        Some(plan) => plan,
                        None => continue,
                    }
                }
                v => v,
            };
            // The error names where in the plan it is (`outreach[0]`).
            let plan: Plan = serde_path_to_error::deserialize(v).map_err(|e| {
                let at = e.path().to_string();
                let at = if at == "." { String::new() } else { format!("{at}: ") };
                Error::user(format!(
                    "{name}: document {} is not a cs plan: {at}{}.",
                    n + 1,
                    crate::out::printable(&e.into_inner().to_string())
                ))
                .with_hint("cs submit takes the plans cs onboard, escalate, transition and offboard print with --format json")
            })?;
            plan.check_format()
                .map_err(|why| Error::user(format!("{name}: document {}: {why}.", n + 1)))?;
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

/// Records in `plan` what the org holds of each record it writes now (its
/// SystemModstamp, or none), for `cs submit`'s stale guard. A plan cs
/// submit would refuse anyway is left as it is.
pub fn stamp(
    sf: &mut crate::salesforce::Salesforce,
    plan: &mut crate::plan::Plan,
    known: &crate::org::Known,
) -> Result<(), crate::salesforce::Failure> {
    let Ok(items) = items(std::slice::from_ref(plan)) else {
        return Ok(());
    };
    // What the answers' read of the org already says; the rest is read.
    let from_known = |i: &Item| -> Option<Option<String>> {
        let (sobject, by, value) = diff::target(i)?;
        let id = |v: &str| crate::salesforce::id_key(v).to_string();
        let lookup = |v: String| known.stamps.get(&(sobject.to_string(), by.to_string(), v));
        let exact = if by == "Id" {
            id(value)
        } else {
            value.to_string()
        };
        if let Some(s) = lookup(exact) {
            return Some(s.clone());
        }
        let account = match &i.what {
            What::Upsert { fields, .. } => fields.get("AccountId")?.as_str()?,
            _ => return None,
        };
        known
            .complete
            .contains(&(sobject.to_string(), by.to_string(), id(account)))
            .then_some(None)
    };
    let mut stamps: std::collections::HashMap<String, Option<String>> = Default::default();
    let mut rest: Vec<&Item> = Vec::new();
    for i in items.iter().filter(|i| diff::target(i).is_some()) {
        match from_known(i) {
            Some(s) => {
                stamps.insert(i.key.clone(), s);
            }
            None => rest.push(i),
        }
    }
    if !rest.is_empty() {
        for (key, c) in diff::read_records(sf, &rest)? {
            stamps.insert(key, c.modstamp);
        }
    }
    let at = journal::now();
    for r in &mut plan.records {
        if let Some(key) = record_key(r) {
            r.seen = Some(crate::plan::Seen {
                system_modstamp: stamps.get(&key).cloned().flatten(),
                at: at.clone(),
                values: IndexMap::new(),
            });
        }
    }
    Ok(())
}

/// The items of `plans`, checked offline. Every problem is reported at
/// once; an identical record or message in two plans is written once.
pub fn items(plans: &[Plan]) -> Result<Vec<Item>, Error> {
    items_at(plans, &|_, _| None)
}

/// [`items`], with the place each record came from, where it has one
/// (`place(plan, record)`: a batch's `owner-updates.csv:5`), named in
/// each problem in place of `records[N]`.
pub fn items_at(
    plans: &[Plan],
    place: &dyn Fn(usize, usize) -> Option<String>,
) -> Result<Vec<Item>, Error> {
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
            let here = match place(pi, ri) {
                Some(p) => format!("{p} ({} {op})", r.sobject),
                None => format!("{at}records[{ri}] ({} {op})", r.sobject),
            };
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
                        after: Vec::new(),
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
                    after: Vec::new(),
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
                        after: Vec::new(),
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
                key: format!(
                    "{}{}",
                    crate::effect::SLACK_KEY,
                    digest(&(&m.text, &m.blocks))
                ),
                what: What::Slack(m.clone()),
                seen: None,
                origin: origin.clone(),
                after: Vec::new(),
            };
            merge(
                &mut out,
                &mut problems,
                item,
                &format!("{at}messages[{mi}]"),
            );
        }
        for (oi, c) in plan.outreach.iter().enumerate() {
            let here = format!("{at}outreach[{oi}] ({})", crate::out::printable(&c.rule));
            let mut bad = outreach_problems(&c.action);
            if !crate::playbook::rules::is_known(&c.rule) {
                bad.push("its rule is not a rule ID of the SOP rule catalog".into());
            }
            if !bad.is_empty() {
                continue_item(&mut problems, &here, bad);
                continue;
            }
            let item = Item {
                key: crate::effect::outreach_key(&c.action),
                what: What::Outreach(c.action.clone()),
                seen: None,
                origin: origin.clone(),
                after: Vec::new(),
            };
            merge(&mut out, &mut problems, item, &here);
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

/// What in an Outreach change Outreach would refuse or cs cannot look up.
fn outreach_problems(a: &crate::plan::OutreachAction) -> Vec<String> {
    use crate::plan::OutreachAction as A;
    let mut bad = Vec::new();
    let mut email = |what: &str, v: &str| {
        if crate::fields::parse_email(v).is_err() {
            bad.push(format!(
                "{what} '{}' is not an email address",
                crate::out::printable(v)
            ));
        }
    };
    let names: Vec<(&str, &str)> = match a {
        A::Add {
            sequence,
            email: e,
            mailbox,
            account,
            name,
        } => {
            email("the prospect's email", e);
            email("the mailbox", mailbox);
            let mut n = vec![("the sequence", sequence.as_str())];
            n.extend(account.as_deref().map(|a| ("the account", a)));
            n.extend(name.as_deref().map(|a| ("the name", a)));
            n
        }
        A::Finish {
            sequence,
            email: e,
            state,
        } => {
            email("the prospect's email", e);
            if state
                .as_ref()
                .is_some_and(|s| !s.chars().all(|c| c.is_ascii_digit()))
            {
                bad.push("the sequence state is not an Outreach Id".into());
            }
            vec![("the sequence", sequence.as_str())]
        }
        A::Owner { account, owner } => {
            email("the owner", owner);
            vec![("the account", account.as_str())]
        }
    };
    for (what, v) in names {
        let n = v.chars().count();
        let shown: String = v.chars().take(60).collect();
        let shown = crate::out::printable(&shown).replace('\n', "\\n");
        let more = if n > 60 { "…" } else { "" };
        if v.trim().is_empty() {
            bad.push(format!("{what} is empty"));
        } else if v.chars().any(char::is_control) {
            bad.push(format!(
                "{what} '{shown}{more}' holds a line break or another control character"
            ));
        } else if n > 255 {
            bad.push(format!(
                "{what} '{shown}{more}' is {n} characters; Outreach takes 255"
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

/// The summary in words, for text output and for a run that stopped.
pub fn summary_lines(s: &Summary) -> Vec<String> {
    // Deletes happen only in an undo (--delete-created): said only then.
    let deleted = match s.deleted {
        0 => String::new(),
        n => format!("{n} deleted, "),
    };
    // What a person must do by hand elsewhere than in Slack (Outreach
    // changes without its credentials).
    let elsewhere: String = s
        .manual_by_place
        .iter()
        .filter(|(place, _)| place.as_str() != "the channel")
        .map(|(place, n)| format!("; {place}: {n} to make by hand"))
        .collect();
    let slack_manual = s.manual_by_place.get("the channel").copied().unwrap_or(0);
    let mut lines = vec![format!(
        "{} created, {} updated, {deleted}{} unchanged (the org or the journal holds them), {} failed, {} unknown; Slack: {} posted, {slack_manual} to post by hand{elsewhere}; {} held back.",
        s.created,
        s.updated,
        s.unchanged,
        s.failed,
        s.unknown,
        s.messages_sent,
        s.held_back.len()
    )];
    for f in &s.failures {
        let what = if f.unknown { "unknown" } else { "failed" };
        lines.push(format!("  {what}: {}: {}", f.key, f.error));
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
