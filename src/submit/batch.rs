//! `cs submit DIR`: a batch's output directory as plans (`cs transition
//! batch`: its machine files, record by record; `cs offboard batch`: its
//! plans.jsonl, a plan per row), and after the run results.csv: the
//! input's rows in their order and columns, each with its status,
//! Salesforce Id, error and plan key, whichever way its records went
//! (REST, sObject Collections, or a Bulk API 2.0 job whose results come
//! back in an order of their own).

use super::journal::Past;
use crate::batch::{Input, InputFile, Next, OutDir, Reader};
use crate::error::{Error, read_state_file};
use crate::plan::{Plan, Record};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::Path;

/// batch.json, as the batch wrote it.
#[derive(Debug, Deserialize)]
pub struct Manifest {
    pub command: String,
    pub playbook_sha256: String,
    pub input: Option<InputFile>,
    pub account_column: Option<String>,
    #[serde(default)]
    pub opportunity_column: Option<String>,
    /// Machine files of updates by Id (`cs transition batch`).
    #[serde(default)]
    pub updates: Vec<Updates>,
    /// A plan per row, `{"line", "plan"}` (`cs offboard batch`).
    #[serde(default)]
    pub plans: Option<String>,
    /// The changes in Outreach, a row each (`cs transition batch`).
    #[serde(default)]
    pub outreach: Option<String>,
}

/// A batch read back: its manifest, its plans, and for a batch of plans
/// the item keys of each input line's plan, or why it has none.
#[derive(Debug)]
pub struct Batch {
    pub manifest: Manifest,
    pub plans: Vec<Plan>,
    pub rows: HashMap<u64, Vec<String>>,
    pub unplanned: HashMap<u64, String>,
    /// The file and row of each record of the machine files' plan (the
    /// first), as `owner-updates.csv:3`.
    pub places: Vec<String>,
    /// The keys of the Outreach changes of each account (outreach.csv).
    pub outreach: HashMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct Updates {
    pub file: String,
    pub sobject: String,
}

/// Is `path` a batch's output directory?
pub fn is_batch(path: &Path) -> bool {
    path.is_dir() && path.join("batch.json").is_file()
}

/// The plans of the batch in `dir`: an update by Id for each row of its
/// machine files (`#N/A` empties a field, an empty cell leaves it), or
/// the plan of each row.
pub fn read(dir: &Path) -> Result<Batch, Error> {
    let path = dir.join("batch.json");
    let manifest: Manifest = serde_json::from_str(&read_state_file(&path)?).map_err(|e| {
        Error::user(format!(
            "{}: not a batch's batch.json: {e}.",
            path.display()
        ))
        .with_hint("pass the directory cs transition batch wrote (--out DIR)")
    })?;
    let mut records = Vec::new();
    // Where each record comes from: its file and line, for the problems
    // found before anything is sent.
    let mut places = Vec::new();
    for u in &manifest.updates {
        let file = dir.join(&u.file);
        let mut rdr = csv::Reader::from_path(&file)
            .map_err(|e| Error::user(format!("cannot read {}: {e}.", file.display())))?;
        let header = rdr
            .headers()
            .cloned()
            .map_err(|e| Error::user(format!("{}: {e}.", file.display())))?;
        for row in rdr.records() {
            let row = row.map_err(|e| Error::user(format!("{}: {e}.", file.display())))?;
            let line = row.position().map_or(0, csv::Position::line);
            places.push(format!("{}:{line}", file.display()));
            let fields: IndexMap<String, Json> = header
                .iter()
                .zip(row.iter())
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| {
                    let v = match v {
                        crate::batch::BULK_NULL => Json::Null,
                        v => Json::String(v.to_string()),
                    };
                    (k.to_string(), v)
                })
                .collect();
            records.push(Record::update(&u.sobject, fields, None));
        }
    }
    let mut plans = Vec::new();
    if !records.is_empty() {
        let plan = Plan::of_records(
            manifest.command.split(' ').next().unwrap_or_default(),
            &manifest.command,
            manifest.playbook_sha256.clone(),
            records,
        );
        plans.push(plan);
    }
    let mut outreach = HashMap::new();
    if let Some(name) = &manifest.outreach {
        let changes = read_outreach(&dir.join(name), &mut outreach)?;
        if !changes.is_empty() {
            let mut plan = Plan::of_records(
                manifest.command.split(' ').next().unwrap_or_default(),
                &manifest.command,
                manifest.playbook_sha256.clone(),
                Vec::new(),
            );
            plan.outreach = changes;
            plans.push(plan);
        }
    }
    let mut rows = HashMap::new();
    let mut unplanned = HashMap::new();
    if let Some(name) = &manifest.plans {
        let file = dir.join(name);
        for (n, line) in read_state_file(&file)?.lines().enumerate() {
            #[derive(Deserialize)]
            struct Row {
                line: u64,
                plan: Option<Plan>,
                unplanned: Option<String>,
            }
            let row: Row = serde_json::from_str(line).map_err(|e| {
                Error::user(format!(
                    "{}:{}: not a batch's plan: {e}.",
                    file.display(),
                    n + 1
                ))
            })?;
            let Some(plan) = row.plan else {
                unplanned.insert(row.line, row.unplanned.unwrap_or_default());
                continue;
            };
            plan.check_format()
                .map_err(|why| Error::user(format!("{}:{}: {why}.", file.display(), n + 1)))?;
            let keys = super::items(std::slice::from_ref(&plan))?
                .into_iter()
                .map(|i| i.key)
                .collect();
            rows.insert(row.line, keys);
            plans.push(plan);
        }
    }
    Ok(Batch {
        manifest,
        plans,
        rows,
        unplanned,
        places,
        outreach,
    })
}

/// The changes of outreach.csv, a row each; the keys of each account's
/// changes go into `keys`. A row cs cannot read names its line.
fn read_outreach(
    file: &Path,
    keys: &mut HashMap<String, Vec<String>>,
) -> Result<Vec<crate::plan::OutreachChange>, Error> {
    use crate::plan::{OutreachAction, OutreachChange};
    let mut rdr = csv::Reader::from_path(file)
        .map_err(|e| Error::user(format!("cannot read {}: {e}.", file.display())))?;
    let mut out = Vec::new();
    // cs writes a change a line, after the header.
    for (n, row) in rdr.deserialize::<HashMap<String, String>>().enumerate() {
        let row = row.map_err(|e| Error::user(format!("{}: {e}.", file.display())))?;
        let line = n + 2;
        let get = |k: &str| row.get(k).cloned().unwrap_or_default();
        let action = match get("action").as_str() {
            "add" => OutreachAction::Add {
                sequence: get("sequence"),
                email: get("email"),
                name: None,
                account: Some(get("account")).filter(|a| !a.is_empty()),
                mailbox: get("mailbox"),
            },
            "finish" => OutreachAction::Finish {
                sequence: get("sequence"),
                email: get("email"),
                state: None,
            },
            "owner" => OutreachAction::Owner {
                account: get("account"),
                owner: get("owner"),
            },
            other => {
                return Err(Error::user(format!(
                    "{}:{line}: '{}' is not an Outreach change cs makes (add, finish, owner).",
                    file.display(),
                    crate::out::printable(other)
                ))
                .with_hint("run the batch again: cs transition batch writes outreach.csv"));
            }
        };
        let account = get("account_id");
        keys.entry(crate::salesforce::limits::id_in(&account).unwrap_or(account))
            .or_default()
            .push(crate::effect::outreach_key(&action));
        out.push(OutreachChange {
            rule: get("rule"),
            action,
        });
    }
    Ok(out)
}

impl Batch {
    /// The items of the batch's plans ([`super::items`]), a problem in a
    /// machine file's record named by the file's row it is on (`DIR/
    /// owner-updates.csv:3`), with the hint to fix the rows.
    pub fn items(&self, plans: &[Plan], dir: &Path) -> Result<Vec<super::Item>, Error> {
        let place =
            |pi: usize, ri: usize| (pi == 0).then(|| self.places.get(ri).cloned()).flatten();
        // A row's Outreach changes go with its account's update.
        let account_of: HashMap<&str, &str> = self
            .outreach
            .iter()
            .flat_map(|(account, keys)| keys.iter().map(move |k| (k.as_str(), account.as_str())))
            .collect();
        let with_accounts = |mut items: Vec<super::Item>| {
            for i in &mut items {
                if let Some(account) = account_of.get(i.key.as_str()) {
                    i.after = vec![format!("Account/Id/{account}")];
                }
            }
            items
        };
        super::items_at(plans, &place)
            .map(with_accounts)
            .map_err(|e| {
                if self.places.is_empty() {
                    return e;
                }
                e.with_hint(format!(
                    "fix those rows in the input and run {} again (or edit the files in {})",
                    self.manifest.command,
                    dir.display()
                ))
            })
    }
}

/// Writes DIR/results.csv from what the journal (`past`) says of each
/// record: the input's rows in their order, its columns, then `status`,
/// `salesforce_id`, `error` and `plan_key` (see
/// [`crate::engine::results::row`]; `cs_` before
/// a name the input has). Returns how many rows it wrote.
pub fn results(dir: &Path, batch: &Batch, past: &Past) -> Result<usize, Error> {
    let manifest = &batch.manifest;
    let Some(input) = &manifest.input else {
        return Err(Error::user(
            "the batch read stdin: results.csv needs the input file to give its rows in order.",
        )
        .with_hint(
            "the journal holds every record's outcome; run the batch on a file to have results.csv",
        ));
    };
    if !input.unchanged() {
        return Err(Error::user(format!(
            "{} is not the file the batch read (it is gone or changed since); results.csv was not written.",
            input.path.display()
        ))
        .with_hint("the journal holds every record's outcome; run the batch again on the file to have results.csv"));
    }
    let rejected = rejections(&dir.join("errors.csv"))?;
    let mut input_rows = Input::open(&input.path)?;
    let header: Vec<String> = input_rows.header_names()?;
    let column = |name: &Option<String>| {
        name.as_ref()
            .and_then(|n| header.iter().position(|h| h.eq_ignore_ascii_case(n)))
    };
    let (account, opportunities) = (
        column(&manifest.account_column),
        column(&manifest.opportunity_column),
    );
    let with_outreach = !batch.outreach.is_empty();
    let mut own_names = vec!["status", "salesforce_id", "error", "plan_key"];
    if with_outreach {
        own_names.extend(["outreach_status", "outreach_error"]);
    }
    let own = crate::batch::own_columns(&own_names, &header);
    let mut names: Vec<&str> = header.iter().map(String::as_str).collect();
    names.extend(own.iter().map(String::as_str));
    let out = OutDir::new(dir)?;
    let mut w = out.csv("results.csv", &names, Reader::People)?;
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    loop {
        match crate::batch::read_record(&mut input_rows.reader, &input_rows.cuts, &mut record)
            .map_err(|e| Error::user(format!("{}: {e}.", input.path.display())))?
        {
            Next::End => break,
            Next::Record | Next::TooLarge(_) => {}
        }
        let line = record.position().map_or(0, csv::Position::line);
        let cell = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .unwrap_or_default()
        };
        let (status, id, error, key) = match rejected.get(&line) {
            Some(why) => (
                "rejected".to_string(),
                String::new(),
                why.clone(),
                String::new(),
            ),
            None if batch.unplanned.contains_key(&line) => (
                "not_planned".to_string(),
                String::new(),
                batch.unplanned[&line].clone(),
                String::new(),
            ),
            None if manifest.plans.is_some() => crate::engine::results::row(
                batch.rows.get(&line).map_or(&[][..], Vec::as_slice),
                past,
            ),
            None => crate::engine::results::row(
                &transition_keys(&cell(account), &cell(opportunities)),
                past,
            ),
        };
        let mut row: Vec<String> = (0..header.len()).map(|i| cell(Some(i))).collect();
        // The row's changes in Outreach, apart: what happened to them.
        let outreach = with_outreach.then(|| {
            let id = crate::salesforce::limits::id_in(&cell(account)).unwrap_or_default();
            match batch.outreach.get(&id).filter(|_| status != "rejected") {
                Some(keys) => {
                    let (status, _, _, _) = crate::engine::results::row(keys, past);
                    // Each reason once, as a cell reads it.
                    let mut why: Vec<String> = Vec::new();
                    for k in keys {
                        let e = past.outcomes.get(k);
                        if e.is_some_and(|e| e.outcome.confirmed()) {
                            continue;
                        }
                        let w = e
                            .and_then(|e| e.error.clone())
                            .unwrap_or_else(|| "not sent".into())
                            .replace(" (see above)", "");
                        if !why.contains(&w) {
                            why.push(w);
                        }
                    }
                    (status, why.join("; "))
                }
                None => (String::new(), String::new()),
            }
        });
        row.extend([status, id, error, key]);
        if let Some((s, e)) = outreach {
            row.extend([s, e]);
        }
        w.row(row.iter().map(String::as_bytes))?;
        n += 1;
    }
    w.commit()?;
    Ok(n)
}

/// The keys of a transition row's records: its account, then its
/// opportunities.
fn transition_keys(account: &str, opportunities: &str) -> Vec<String> {
    let Some(id) = crate::salesforce::limits::id_in(account) else {
        return Vec::new();
    };
    std::iter::once(format!("Account/Id/{id}"))
        .chain(
            opportunities
                .split(';')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(|o| format!("Opportunity/Id/{o}")),
        )
        .collect()
}

/// errors.csv's rejected rows: line -> the errors, joined.
fn rejections(path: &Path) -> Result<HashMap<u64, String>, Error> {
    let mut out: HashMap<u64, String> = HashMap::new();
    let Ok(mut rdr) = csv::ReaderBuilder::new().flexible(true).from_path(path) else {
        return Ok(out);
    };
    for row in rdr.records() {
        let row = row.map_err(|e| Error::user(format!("{}: {e}.", path.display())))?;
        let (Some(line), Some(error)) = (row.get(0).and_then(|l| l.parse().ok()), row.get(2))
        else {
            continue;
        };
        let entry = out.entry(line).or_default();
        if !entry.is_empty() {
            entry.push_str("; ");
        }
        entry.push_str(error);
    }
    Ok(out)
}
