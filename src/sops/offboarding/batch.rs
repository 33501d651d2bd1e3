//! `cs offboard batch`: the offboarding rules of [`super`] run row by row
//! over a CSV of accounts, into a report, the rows' plans and their errors.

use super::{Offboarding, Rules, refusal};
use crate::batch::repeats::{Fingerprints, Pass, Repeats};
use crate::batch::{self, Errors, Input, OutDir, Progress};
use crate::error::Error;
use crate::fields::{self, Value};
use crate::playbook::Loaded;
use indexmap::IndexMap;
use serde_json::Value as Json;

/// Counts of an offboarding batch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub read: u64,
    pub ready: u64,
    pub not_ready: u64,
    pub rejected: u64,
    /// With --org: the org's URL and how many accounts were read.
    pub org: Option<(String, u64)>,
}

const REPORT: &[&str] = &[
    "account_id",
    "account_name",
    "scenario",
    "no_contact",
    "ready_to_deactivate",
    "unmet",
    "unknown",
    "billing_mentions",
    "warnings",
];

/// `cs offboard batch`: a report of each account's scenario, readiness and
/// open conditions, streamed like the transition batch; and each valid
/// row's offboarding plan in plans.jsonl (`{"line", "plan"}`, or
/// `{"line", "unplanned"}` with the reason when the row lacks what a plan
/// needs), with batch.json, so that `cs submit DIR` sends them and writes
/// results.csv.
///
/// One account in two rows is refused in both, as in the transition batch
/// ([`batch::repeats`]).
///
/// With `org` (the org or a snapshot: `--org`), each row is filled from it
/// before it is checked, as the transition batch fills its rows
/// ([`crate::answers::org::batch::Fill`]): what the playbook says lives in
/// Salesforce, and with a Recurly the F3 and F6 facts; a cell the CSV fills
/// wins.
#[allow(clippy::too_many_arguments)]
pub fn run_batch(
    env: &crate::workflow::Env,
    loaded: &Loaded,
    input: Input,
    out: &OutDir,
    allow_extra: bool,
    progress: &Progress,
    input_path: Option<&std::path::Path>,
    org: Option<&mut dyn crate::answers::org::Reader>,
) -> Result<Summary, Error> {
    let mut batch = Batch {
        env,
        loaded,
        out,
        allow_extra,
        progress,
        input_path,
        org,
    };
    let (summary, files) = batch::repeats::passes(input, |input, repeats, fingerprint| {
        batch.pass(input, repeats, fingerprint)
    })?;
    progress.finish();
    batch::commit_all(files)?;
    Ok(summary)
}

/// One offboarding batch's settings.
struct Batch<'a, 'e, 'r> {
    env: &'a crate::workflow::Env<'e>,
    loaded: &'a Loaded,
    out: &'a OutDir,
    allow_extra: bool,
    progress: &'a Progress,
    input_path: Option<&'a std::path::Path>,
    org: Option<&'r mut dyn crate::answers::org::Reader>,
}

/// A pass's summary and files (to commit together).
type Done = (Summary, Vec<Result<crate::files::AtomicFile, Error>>);

impl Batch<'_, '_, '_> {
    /// Reads the rows once, refusing those `repeats` names, and writes the
    /// batch's files (not yet committed). With `fingerprint`, notes each row's
    /// account; returns those and the account's column.
    fn pass(
        &mut self,
        mut input: Input,
        repeats: &Repeats,
        fingerprint: bool,
    ) -> Result<Pass<Done>, Error> {
        let Batch {
            env,
            loaded,
            out,
            allow_extra,
            progress,
            input_path,
            ref mut org,
        } = *self;
        let today = env.today;
        let p = &loaded.playbook;
        let rules = Rules::new(loaded)?;
        let required = rules.batch_required.clone();
        let name = input.name.clone();
        let headers = input.header_names()?;
        // With --org, rows are filled a chunk at a time (one read of the
        // org per chunk), and the header gains what the org fills.
        let form = crate::workflow::form_of(loaded, super::WORKFLOW)?;
        let mut fill = match org.as_deref_mut() {
            Some(reader) => Some(crate::answers::org::batch::Fill::new(
                reader,
                form,
                &headers,
                &[],
            )?),
            None => None,
        };
        let headers: Vec<String> = match &fill {
            Some(f) => f.headers().to_vec(),
            None => headers,
        };
        let chunk_rows = if fill.is_some() {
            crate::answers::org::BULK_IN_MAX
        } else {
            1
        };
        let mut pending: std::collections::VecDeque<Read> = Default::default();
        let columns = batch::map_columns(
            &name,
            &headers,
            &p.fields,
            "offboarding",
            &required,
            allow_extra,
        )?;
        let mut report = out.csv("report.csv", REPORT, batch::Reader::People)?;
        let mut plans = crate::files::AtomicFile::create(&out.dir.join("plans.jsonl"))?;
        let mut errors = Errors::new(out, &headers)?;
        let mut summary = Summary::default();
        let empty = IndexMap::new();
        let cx = fields::Context {
            today,
            taxonomy: None,
            answers: &empty,
        };
        let account_column = columns
            .iter()
            .position(|f| f.is_some_and(|f| f.key.value == "account_id"));
        let mut fingerprints = Fingerprints::default();
        loop {
            if pending.is_empty() {
                read_chunk(&mut input, chunk_rows, &mut pending)?;
                if let Some(f) = fill.as_mut() {
                    fill_chunk(f, &mut pending)?;
                }
            }
            let Some(Read {
                next,
                record,
                problems,
            }) = pending.pop_front()
            else {
                break;
            };
            summary.read += 1;
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            if let batch::Next::TooLarge(size) = next {
                summary.rejected += 1;
                errors.add(
                    line,
                    "",
                    &batch::too_large(size, &record),
                    &csv::ByteRecord::new(),
                )?;
                continue;
            }
            if summary.read.is_multiple_of(4096) {
                progress.update(
                    record.position().map(|p| p.byte()).unwrap_or(0),
                    summary.read,
                );
            }
            if record.len() != headers.len() {
                summary.rejected += 1;
                errors.add(
                    line,
                    "",
                    &format!(
                        "the row has {} fields where the header has {}",
                        record.len(),
                        headers.len()
                    ),
                    &record,
                )?;
                continue;
            }
            let mut bad = false;
            // What the org found wrong with the row (an account it lacks).
            for pr in &problems {
                bad = true;
                errors.add(line, &pr.column, &pr.reason, &record)?;
            }
            if let Some(col) = account_column {
                if fingerprint {
                    fingerprints.add(&record[col])?;
                }
                if let Some(why) = repeats.problem(&record[col], line) {
                    bad = true;
                    errors.add(line, &headers[col], &why, &record)?;
                }
            }
            let mut values = IndexMap::new();
            for (col, field) in columns.iter().enumerate() {
                let Some(field) = field else { continue };
                let Ok(cell) = std::str::from_utf8(&record[col]) else {
                    bad = true;
                    errors.add(line, &headers[col], "the cell is not UTF-8 text", &record)?;
                    continue;
                };
                let cell = cell.trim();
                if cell.is_empty() {
                    if required.contains(&field.key.value) {
                        bad = true;
                        errors.add(line, &headers[col], "an answer is required", &record)?;
                    }
                    continue;
                }
                let checked = if field.kind.value.is_list() {
                    let raw = Json::Array(
                        cell.split(';')
                            .map(|s| Json::String(s.trim().to_string()))
                            .collect(),
                    );
                    fields::check(field, &raw, &cx).map(|c| c.value)
                } else {
                    fields::check_str(field, cell, &cx).map(|(s, _)| s.into_value())
                };
                let checked = checked.and_then(|v| match refusal(&field.key.value, &v, today) {
                    Some(why) => Err(why),
                    None => Ok(v),
                });
                match checked {
                    Ok(v) => {
                        values.insert(field.key.value.clone(), v);
                    }
                    Err(why) => {
                        bad = true;
                        errors.add(line, &headers[col], &why, &record)?;
                    }
                }
            }
            if bad {
                summary.rejected += 1;
                continue;
            }
            // The row's plan, as cs offboard makes it from these answers.
            let sources = crate::workflow::Sources {
                values: values
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
                ..Default::default()
            };
            // The plan's warnings (F5's late notice, ...) go in the report too.
            let mut warnings = String::new();
            let entry = match crate::workflow::run(env, &Offboarding, &sources) {
                Ok(planned) => {
                    let plan = planned.done();
                    warnings = plan.warnings.join("; ");
                    serde_json::json!({"line": line, "plan": plan})
                }
                // Reported all the same; cs submit says why it sends nothing.
                Err(e) => {
                    let why = std::iter::once(e.message.clone())
                        .chain(e.details.iter().map(|d| d.trim().to_string()))
                        .collect::<Vec<_>>()
                        .join(" ");
                    serde_json::json!({"line": line, "unplanned": why})
                }
            };
            std::io::Write::write_all(&mut plans, format!("{entry}\n").as_bytes())
                .map_err(|e| Error::user(format!("cannot write plans.jsonl: {e}.")))?;
            let a = rules.assess(&values);
            if a.ready_to_deactivate {
                summary.ready += 1;
            } else {
                summary.not_ready += 1;
            }
            let list = |status: &str| {
                a.conditions
                    .iter()
                    .filter(|c| c.status == status)
                    .map(|c| format!("{}: {}", c.rule, c.field))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let text = |k: &str| match values.get(k) {
                Some(Value::Text(s)) => s.clone(),
                _ => String::new(),
            };
            report.row([
                text("account_id"),
                text("account_name"),
                a.scenario.clone(),
                a.no_contact.to_string(),
                a.ready_to_deactivate.to_string(),
                list("unmet"),
                list("unknown"),
                a.billing_mentions.join("; "),
                warnings,
            ])?;
        }
        let manifest = batch::manifest(
            out,
            "offboard batch",
            &loaded.source.text,
            input_path,
            serde_json::json!({"account_column": "account_id", "plans": "plans.jsonl"}),
        );
        summary.org = fill.map(|f| (f.instance().to_string(), f.accounts));
        let files = vec![report.into_file(), errors.into_file(), Ok(plans), manifest];
        Ok(Pass {
            made: (summary, files),
            fingerprints,
            account_column,
        })
    }
}

/// A row as read, with what the org found wrong with it.
struct Read {
    next: batch::Next,
    record: csv::ByteRecord,
    problems: Vec<crate::answers::org::batch::Problem>,
}

/// Reads up to `rows` rows into `pending` (nothing at the end of the input).
fn read_chunk(
    input: &mut Input,
    rows: usize,
    pending: &mut std::collections::VecDeque<Read>,
) -> Result<(), Error> {
    let mut record = csv::ByteRecord::new();
    while pending.len() < rows {
        if batch::interrupted() {
            return Err(Error::interrupted("interrupted; nothing was written."));
        }
        match batch::read_record(&mut input.reader, &input.cuts, &mut record) {
            Ok(batch::Next::End) => break,
            Ok(next) => pending.push_back(Read {
                next,
                record: std::mem::take(&mut record),
                problems: Vec::new(),
            }),
            Err(e) => {
                let line = input.reader.position().line();
                return Err(batch::read_error_at(&input.name, &e, line));
            }
        }
    }
    Ok(())
}

/// Fills the rows of `pending` from the org (all but those too large to
/// read), each with the problems the org found.
fn fill_chunk(
    fill: &mut crate::answers::org::batch::Fill,
    pending: &mut std::collections::VecDeque<Read>,
) -> Result<(), Error> {
    let rows: Vec<usize> = (0..pending.len())
        .filter(|&i| matches!(pending[i].next, batch::Next::Record))
        .collect();
    let mut records: Vec<csv::ByteRecord> = rows
        .iter()
        .map(|&i| std::mem::take(&mut pending[i].record))
        .collect();
    let mut problems = Vec::new();
    fill.fill(&mut records, &mut problems)?;
    for (&i, r) in rows.iter().zip(records) {
        pending[i].record = r;
    }
    for pr in problems {
        pending[rows[pr.row]].problems.push(pr);
    }
    Ok(())
}
