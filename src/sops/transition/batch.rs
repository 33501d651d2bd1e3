//! `cs transition batch`: a team lead's CSV of any size, each row checked
//! with the same field rules as a single transition but read straight from
//! the CSV record (no templates), routed (T3), and written to cs-ops.csv,
//! owner-updates.csv, opportunity-updates.csv and errors.csv on two
//! threads, so a million rows stream through in memory that does not grow.

use super::rows::{CHUNK_ROWS, Chunk, RowValidator, Slot};
use super::{Counts, Data, ListUpdates, OwnerUpdates, Router, WORKFLOW};
use crate::batch::repeats::{Fingerprints, Pass, Repeats};
use crate::batch::{self, Errors, Input, OutDir, Progress};
use crate::error::Error;
use crate::fields::{self, QuickCheck, Value};
use crate::playbook::Loaded;
use chrono::NaiveDate;
use indexmap::IndexMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts of a batch run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub read: u64,
    pub automated: u64,
    pub manual: u64,
    pub rejected: u64,
    /// Rows of opportunity-updates.csv (T6).
    pub opportunities: u64,
    /// Rows of outreach.csv: Outreach changes (T3, T6).
    pub outreach: u64,
    /// Routed rows with no new CSM's email: nothing for Outreach.
    pub no_mailbox: u64,
    /// With `--org`: the org read, and how many accounts were found there.
    pub org: Option<(String, u64)>,
}

/// Options of a batch run.
pub struct BatchOptions<'a, 'r> {
    pub allow_extra: bool,
    pub today: NaiveDate,
    pub progress: &'a Progress,
    /// Where the rows' org fields are read (`--org`): the org or a snapshot.
    pub org: Option<&'r mut dyn crate::answers::org::Reader>,
    /// The input file (none: stdin), named in batch.json so that `cs submit
    /// DIR` can write results.csv in its order and columns.
    pub input_path: Option<&'a std::path::Path>,
}

/// The columns of cs-ops.csv, the batch's file for CS Operations.
pub const CS_OPS: &[&str] = &[
    "account_id",
    "account_name",
    "from_csm",
    "to_csm",
    "reason",
    "health",
    "open_opps",
    "pending_tasks",
    "open_tickets",
    "route",
    "route_reasons",
    "template",
    // T6: opportunities closed in the last 90 days, for CS Operations to
    // re-credit to the new CSM (as given, `;`-separated).
    "closed_opportunities",
    // T4: what the account pays for, Recurly's active subscriptions (with
    // --org and RECURLY_API_KEY), for the new CSM's Account Analysis.
    "subscriptions",
];

/// The columns of outreach.csv: a change in Outreach per row (T3: the
/// admin added to the route's sequence from the new CSM's mailbox; T6: the
/// account and its prospects given to the new CSM).
pub const OUTREACH: &[&str] = &[
    "account_id",
    "rule",
    "action",
    "sequence",
    "email",
    "account",
    "mailbox",
    "owner",
];

/// Runs `cs transition batch`: reads `input`, writes cs-ops.csv,
/// owner-updates.csv and errors.csv into `out`. Each file appears only if
/// the whole input was read; a rejected row never stops the run.
///
/// One account in two rows is refused in both ([`batch::repeats`]): the
/// accounts are fingerprinted as the rows are read and, only when one
/// repeats, the file is read again to find them and the batch run again
/// with those rows refused.
pub fn run_batch(
    loaded: &Loaded,
    mut input: Input,
    out: &OutDir,
    mut opts: BatchOptions,
) -> Result<Summary, Error> {
    // Rows filled from the org are not filled twice: the repeats are
    // found first, from the accounts' column alone.
    if opts.org.is_some()
        && let Some(rewind) = input.take_rewind()
    {
        let data: Data = crate::sops::data(loaded)?;
        let headers = input.header_names()?;
        let column = data
            .owner_updates
            .columns
            .get("Id")
            .and_then(|k| loaded.playbook.field(k))
            .and_then(|f| batch::column_of(&headers, f));
        let repeats = match column {
            Some(c) => Repeats::scan(input, c, &rewind)?,
            None => Repeats::default(),
        };
        let (summary, files) = pass(loaded, rewind.open()?, out, &mut opts, &repeats, false)?.made;
        opts.progress.finish();
        batch::commit_all(files)?;
        return Ok(summary);
    }
    let (summary, files) = batch::repeats::passes(input, |input, repeats, fingerprint| {
        pass(loaded, input, out, &mut opts, repeats, fingerprint)
    })?;
    opts.progress.finish();
    // The files appear together, or none of them does.
    batch::commit_all(files)?;
    Ok(summary)
}

/// A pass's summary and files (to commit together).
type Made = (Summary, Vec<Result<crate::files::AtomicFile, Error>>);

/// Reads the rows once, refusing those `repeats` names, and writes the
/// batch's files (not yet committed). With `fingerprint`, notes each row's
/// account.
fn pass(
    loaded: &Loaded,
    mut input: Input,
    out: &OutDir,
    opts: &mut BatchOptions,
    repeats: &Repeats,
    fingerprint: bool,
) -> Result<Pass<Made>, Error> {
    let p = &loaded.playbook;
    let data: Data = crate::sops::data(loaded)?;
    let router = Router::from_data(loaded, data.manual_health, data.templates)?;
    let (required, owner, opps) = (
        data.batch_required,
        data.owner_updates,
        data.opportunity_updates,
    );
    let name = input.name.clone();
    let headers = input.header_names()?;
    // T6: the opportunities move with the account; a column of their Ids
    // that no table writes is refused, never dropped.
    if opps.is_none()
        && let Some(col) = headers
            .iter()
            .find(|h| h.eq_ignore_ascii_case("opportunity_ids"))
    {
        return Err(Error::user(format!(
            "{name}: the column {col} cannot be written: {} has no data.opportunity_updates table, so the opportunities would not move with their accounts (T6).",
            loaded.source.path
        ))
        .with_hint("add the table (as in the embedded transition.yaml: cs playbook show transition), or remove the column and move the opportunities in Salesforce"));
    }

    // With --org, the rows are filled from the org before they are
    // checked: the header gains the fields the org holds.
    let form = crate::workflow::form_of(loaded, WORKFLOW)?;
    let mut fill = match opts.org.as_deref_mut() {
        Some(reader) => Some(crate::answers::org::batch::Fill::new(
            reader,
            form,
            &headers,
            &data.users,
        )?),
        None => None,
    };
    let headers: Vec<String> = match &fill {
        Some(f) => f.headers().to_vec(),
        None => headers,
    };
    let columns = batch::map_columns(
        &name,
        &headers,
        &p.fields,
        "transition",
        &required,
        opts.allow_extra,
    )?;
    let opp_keys = opps.iter().flat_map(|o| o.columns.values().chain([&o.ids]));
    for key in owner.columns.values().chain(opp_keys).chain(&data.users) {
        if p.field(key).is_none() {
            return Err(Error::user(format!(
                "{}: data.owner_updates, data.opportunity_updates or data.users names '{key}', which is not a field.",
                loaded.source.path
            )));
        }
    }
    // Fields a row may leave empty take their default (the counts: 0).
    let defaults: Vec<Option<Value>> = p
        .fields
        .iter()
        .map(|f| {
            // `today` as the batch's day (T5's transition_date).
            crate::answers::default_of(f, opts.today).and_then(|d| {
                let cx = fields::Context {
                    today: opts.today,
                    taxonomy: None,
                    answers: &IndexMap::new(),
                };
                fields::check(f, &d, &cx).ok().map(|c| match c.value {
                    Value::Date(d) => Value::Text(d.format("%Y-%m-%d").to_string()),
                    v => v,
                })
            })
        })
        .collect();
    let field_index = |key: &str| p.fields.iter().position(|f| f.key.value == key);

    let mut cs_ops = out.csv("cs-ops.csv", CS_OPS, batch::Reader::People)?;
    let owner_header: Vec<&str> = owner.columns.keys().map(String::as_str).collect();
    let mut owner_out = out.csv("owner-updates.csv", &owner_header, batch::Reader::Machine)?;
    let opp_header: Vec<&str> = opps
        .iter()
        .flat_map(|o| std::iter::once("Id").chain(o.columns.keys().map(String::as_str)))
        .collect();
    let mut opp_out = match &opps {
        Some(_) => Some(out.csv(
            "opportunity-updates.csv",
            &opp_header,
            batch::Reader::Machine,
        )?),
        None => None,
    };
    let mut outreach_out = out.csv("outreach.csv", OUTREACH, batch::Reader::Machine)?;
    let sequences = [
        data.sequences.automated.clone(),
        data.sequences.manual.clone(),
    ];
    let mut errors = Errors::new(out, &headers)?;

    let col_fields: Vec<Option<usize>> = columns
        .iter()
        .map(|c| c.and_then(|f| field_index(&f.key.value)))
        .collect();
    let required_idx: Vec<usize> = required.iter().filter_map(|k| field_index(k)).collect();
    let col_of: Vec<Option<usize>> = (0..p.fields.len())
        .map(|fi| col_fields.iter().position(|c| *c == Some(fi)))
        .collect();
    let machine: Vec<bool> = p
        .fields
        .iter()
        .map(|f| {
            let k = &f.key.value;
            owner.columns.values().any(|c| c == k)
                || opps.iter().any(|o| o.columns.values().any(|c| c == k))
        })
        .collect();
    let user_ids: Vec<bool> = p
        .fields
        .iter()
        .map(|f| fill.is_none() && data.users.contains(&f.key.value))
        .collect();
    let account_column = owner
        .columns
        .get("Id")
        .and_then(|k| field_index(k))
        .and_then(|fi| col_of[fi]);
    let quick: Vec<QuickCheck> = p.fields.iter().map(QuickCheck::new).collect();
    let idx = |k: &str| field_index(k);
    let i_closed = idx("closed_opportunities");
    let (i_account, i_name, i_to, i_to_email, i_admin) = (
        idx("account_id"),
        idx("account_name"),
        idx("to_csm"),
        idx("to_csm_email"),
        idx("admin_email"),
    );
    let i_subscriptions = idx("subscriptions");
    let (i_health, i_opps, i_tasks, i_tickets, i_requests, i_past) = (
        idx("health"),
        idx("open_opps"),
        idx("pending_tasks"),
        idx("open_tickets"),
        idx("admin_requests"),
        idx("past_tickets"),
    );
    // cs-ops.csv's first six columns are these answers, as given.
    let ops_text: Vec<Option<usize>> = CS_OPS[..6].iter().map(|k| idx(k)).collect();
    let owner_idx: Vec<Option<usize>> = owner.columns.values().map(|k| idx(k)).collect();
    let opp_idx: Vec<Option<usize>> = opps
        .iter()
        .flat_map(|o| o.columns.values().map(|k| idx(k)))
        .collect();
    let i_opp_ids = opps.as_ref().and_then(|o| idx(&o.ids));
    // A row keeps a slot for each field the outputs take and the row has
    // a column for (and each it must answer), not for all of the
    // playbook's fields (28 in the built-in one): the rows' slots cross
    // from one core to the other, a cache line for every four.
    let mut wanted = vec![false; p.fields.len()];
    let taken = [
        i_account, i_name, i_to, i_to_email, i_admin, i_health, i_opps, i_tasks, i_tickets,
        i_requests, i_past, i_opp_ids,
    ];
    let taken = taken
        .iter()
        .chain(&ops_text)
        .chain(&owner_idx)
        .chain(&opp_idx);
    for fi in taken.flatten().chain(&required_idx) {
        wanted[*fi] = true;
    }
    let mut ns = 0;
    let slot_of: Vec<Option<usize>> = col_of
        .iter()
        .zip(&wanted)
        .map(|(c, wanted)| {
            c.filter(|_| *wanted).map(|_| {
                ns += 1;
                ns - 1
            })
        })
        .collect();
    let mut validator = RowValidator {
        fields: &p.fields,
        headers: &headers,
        col_fields: &col_fields,
        col_of: &col_of,
        required_idx: &required_idx,
        id_list: opps.as_ref().and_then(|o| field_index(&o.ids)),
        machine: &machine,
        user_ids: &user_ids,
        today: opts.today,
        quick: &quick,
        slot_of: &slot_of,
        user_prefix: crate::salesforce::limits::key_prefix("User"),
        account_column,
        repeats,
        plan: Vec::new(),
    };
    validator.plan = validator.plan();
    let templates = [
        router.template_of(false).as_bytes(),
        router.template_of(true).as_bytes(),
    ];
    // With --org, the people the rows name are written as User Ids.
    let person: Vec<bool> = p
        .fields
        .iter()
        .map(|f| fill.is_some() && data.users.contains(&f.key.value))
        .collect();
    // With --org, chunks are as large as one Bulk API query job reads, and
    // this thread checks them once they are filled.
    let (chunk_rows, reader_validates) = match &fill {
        Some(_) => (crate::answers::org::BULK_IN_MAX, false),
        None => (CHUNK_ROWS, true),
    };

    // Two stages on two cores: one thread reads and validates chunks of
    // rows, this one routes them and writes the outputs. Chunks go back to
    // the reader to be reused, so memory stays flat.
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Result<Chunk, Error>>(2);
    let (free_tx, free_rx) = std::sync::mpsc::channel::<Chunk>();
    let mut summary = Summary::default();
    let queued = AtomicUsize::new(0);
    let fingerprints = std::thread::scope(|scope| -> Result<Fingerprints, Error> {
        let reader = &mut input.reader;
        let cuts = &*input.cuts;
        let name = &name;
        let validator_ref = &validator;
        let queued = &queued;
        let reader_thread = scope.spawn(move || {
            let validator = validator_ref;
            let mut fingerprints = Fingerprints::default();
            let account = account_column.filter(|_| fingerprint);
            loop {
                let mut chunk = free_rx.try_recv().unwrap_or_else(|_| Chunk::new(ns));
                chunk.clear();
                while chunk.len < chunk_rows {
                    if batch::interrupted() {
                        let _ = full_tx
                            .send(Err(Error::interrupted("interrupted; nothing was written.")));
                        return fingerprints;
                    }
                    if chunk.records.len() == chunk.len {
                        chunk.records.push(csv::ByteRecord::new());
                    }
                    match batch::read_record(reader, cuts, &mut chunk.records[chunk.len]) {
                        Ok(batch::Next::Record) => {
                            if let Some(cell) =
                                account.and_then(|c| chunk.records[chunk.len].get(c))
                                && let Err(e) = fingerprints.add(cell)
                            {
                                let _ = full_tx.send(Err(e));
                                return fingerprints;
                            }
                            chunk.len += 1;
                        }
                        Ok(batch::Next::TooLarge(size)) => {
                            // The row's error, its start quoted; nothing of it is checked.
                            let record = &mut chunk.records[chunk.len];
                            chunk
                                .pre_problems
                                .push(crate::answers::org::batch::Problem {
                                    row: chunk.len,
                                    column: String::new(),
                                    reason: batch::too_large(size, record),
                                    whole_row: true,
                                });
                            let pos = record.position().cloned();
                            record.clear();
                            record.set_position(pos);
                            chunk.len += 1;
                        }
                        Ok(batch::Next::End) => {
                            chunk.last = true;
                            break;
                        }
                        Err(e) => {
                            let line = reader.position().line();
                            let _ = full_tx.send(Err(batch::read_error_at(name, &e, line)));
                            return fingerprints;
                        }
                    }
                }
                // Validation goes to whichever stage is free: while the
                // writer has chunks waiting, the reader validates; when it
                // waits for work, it validates the chunk itself.
                if reader_validates && queued.load(Ordering::Acquire) > 0 {
                    validator.validate_chunk(&mut chunk);
                }
                let last = chunk.last;
                queued.fetch_add(1, Ordering::AcqRel);
                if full_tx.send(Ok(chunk)).is_err() || last {
                    return fingerprints;
                }
            }
        });

        let mut out_rec = csv::ByteRecord::new();
        let mut reasons = String::new();
        let mut num = itoa::Buffer::new();
        for chunk in full_rx {
            let mut chunk = chunk?;
            queued.fetch_sub(1, Ordering::AcqRel);
            if let Some(f) = fill.as_mut() {
                f.fill(&mut chunk.records[..chunk.len], &mut chunk.pre_problems)?;
                // With the reader's own, in row order.
                chunk.pre_problems.sort_by_key(|p| p.row);
            }
            if !chunk.validated {
                validator.validate_chunk(&mut chunk);
            }
            let mut problems = chunk.problems.iter().peekable();
            for r in 0..chunk.len {
                let record = &chunk.records[r];
                summary.read += 1;
                while let Some(pr) = problems.next_if(|pr| pr.row == r) {
                    errors.add(pr.line, &pr.column, &pr.reason, record)?;
                }
                if chunk.bad[r] {
                    summary.rejected += 1;
                    continue;
                }
                let row_slots = &chunk.slots[r * ns..(r + 1) * ns];
                let slots = |i: usize| slot_of[i].map_or(&Slot::Empty, |s| &row_slots[s]);
                // A cell left empty takes the field's default (the counts: 0).
                let text = |i: Option<usize>| -> &[u8] {
                    let Some(i) = i else { return b"" };
                    match (slots(i), &defaults[i]) {
                        (Slot::Cell(span), _) => span.in_row(record),
                        (Slot::Choice(c), _) => p.fields[i].choices[*c].key.value.as_bytes(),
                        (Slot::Owned(o), _) => match &chunk.owned[*o] {
                            Value::Text(s) => s.as_bytes(),
                            _ => b"",
                        },
                        (Slot::Empty, Some(Value::Text(s))) => s.as_bytes(),
                        _ => b"",
                    }
                };
                let int = |i: Option<usize>| {
                    let Some(i) = i else { return 0 };
                    match (slots(i), &defaults[i]) {
                        (Slot::Int(n), _) | (Slot::Empty, Some(Value::Integer(n))) => *n,
                        _ => 0,
                    }
                };
                let health = std::str::from_utf8(text(i_health)).unwrap_or("");
                // T3 (decided): open opportunities given by Id count
                // whatever the count column says.
                let ids = match i_opp_ids.map(slots) {
                    Some(Slot::Cell(span)) => span
                        .in_row(record)
                        .split(|b| *b == b';')
                        .filter(|id| !id.trim_ascii().is_empty())
                        .count() as i64,
                    _ => 0,
                };
                let counts = Counts {
                    open_opps: int(i_opps).max(ids),
                    pending_tasks: int(i_tasks),
                    open_tickets: int(i_tickets),
                    admin_requests: !text(i_requests).is_empty(),
                    past_tickets: !text(i_past).is_empty(),
                };
                let manual = router.route_into(health, counts, &mut reasons);
                if manual {
                    summary.manual += 1;
                } else {
                    summary.automated += 1;
                }
                out_rec.clear();
                // CS Operations reads labels ("Workload balancing"), not keys.
                for i in &ops_text {
                    match i.map(|i| (i, slots(i))) {
                        Some((i, Slot::Choice(c))) => {
                            out_rec.push_field(p.fields[i].choices[*c].label.as_bytes())
                        }
                        _ => out_rec.push_field(text(*i)),
                    }
                }
                for n in [counts.open_opps, counts.pending_tasks, counts.open_tickets] {
                    out_rec.push_field(num.format(n).as_bytes());
                }
                out_rec.push_field(if manual { b"manual" } else { b"automated" });
                out_rec.push_field(reasons.as_bytes());
                out_rec.push_field(templates[usize::from(manual)]);
                for i in [i_closed, i_subscriptions] {
                    out_rec.push_field(i.and_then(|i| col_of[i]).map_or(&b""[..], |c| {
                        record.get(c).map_or(&b""[..], <[u8]>::trim_ascii)
                    }));
                }
                cs_ops.record(&out_rec)?;
                out_rec.clear();
                // A person as the org knows them: their User Id (--org).
                let person_cell = |i: Option<usize>| -> &[u8] {
                    let v = text(i);
                    match (i, &fill) {
                        (Some(i), Some(f)) if person[i] => std::str::from_utf8(v)
                            .ok()
                            .and_then(|v| f.user_id(v))
                            .map_or(v, str::as_bytes),
                        _ => v,
                    }
                };
                for i in &owner_idx {
                    let v = person_cell(*i);
                    out_rec.push_field(if v.is_empty() {
                        batch::bulk_cell(None).as_bytes()
                    } else {
                        v
                    });
                }
                owner_out.record(&out_rec)?;
                // T3, T6 in Outreach, from the new CSM's mailbox: their
                // email as given, as the org knows it, or to_csm when it is
                // one.
                // (A name or an Id, without --org, is looked at no further:
                // this runs for every row.)
                let given = text(i_to_email);
                let to_cell = text(i_to);
                let mailbox: &[u8] = if !given.is_empty() {
                    given
                } else if fill.is_some() || memchr::memchr(b'@', to_cell).is_some() {
                    let to = std::str::from_utf8(to_cell).unwrap_or_default();
                    match fill.as_ref().and_then(|f| f.user_email(to)) {
                        Some(e) => e.as_bytes(),
                        None if fields::parse_email(to).is_ok() => to_cell,
                        None => b"",
                    }
                } else {
                    b""
                };
                if mailbox.is_empty() {
                    summary.no_mailbox += 1;
                } else {
                    let (account, name) = (text(i_account), text(i_name));
                    let admin = text(i_admin);
                    let sequence = sequences[usize::from(manual)].as_bytes();
                    let add = [account, b"T3", b"add", sequence, admin, name, mailbox, b""];
                    let own = [account, b"T6", b"owner", b"", b"", name, b"", mailbox];
                    for change in [&add, &own] {
                        if change[4].is_empty() && change[2] == b"add" {
                            continue;
                        }
                        out_rec.clear();
                        change.iter().for_each(|c| out_rec.push_field(c));
                        outreach_out.record(&out_rec)?;
                        summary.outreach += 1;
                    }
                }
                // T6: each open opportunity goes to the new CSM too.
                if let (Some(w), Some(i)) = (opp_out.as_mut(), i_opp_ids)
                    && let Slot::Cell(span) = *slots(i)
                {
                    // Validated as UTF-8 and as Ids once trimmed, as here.
                    let cell = std::str::from_utf8(span.in_row(record)).unwrap_or_default();
                    for id in cell.split(';').map(str::trim).filter(|id| !id.is_empty()) {
                        out_rec.clear();
                        out_rec.push_field(id.as_bytes());
                        for i in &opp_idx {
                            out_rec.push_field(person_cell(*i));
                        }
                        w.record(&out_rec)?;
                        summary.opportunities += 1;
                    }
                }
            }
            if let Some(last) = chunk.records.get(chunk.len.saturating_sub(1))
                && let Some(pos) = last.position()
            {
                opts.progress.update(pos.byte(), summary.read);
            }
            // The reader may have finished; a chunk it will not reuse is dropped.
            let _ = free_tx.send(chunk);
        }
        Ok(reader_thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let fingerprints = fingerprints?;
    summary.org = fill.map(|f| (f.instance().to_string(), f.accounts));
    let mut files = vec![cs_ops.into_file(), owner_out.into_file()];
    files.extend(opp_out.map(|w| w.into_file()));
    files.push(outreach_out.into_file());
    files.push(errors.into_file());
    files.push(manifest(
        out,
        loaded,
        &owner,
        opps.as_ref(),
        opts.input_path,
    ));
    Ok(Pass {
        made: (summary, files),
        fingerprints,
        account_column,
    })
}

/// batch.json: what `cs submit DIR` needs to send the batch and to write
/// results.csv: the machine files and their objects, the input file (its
/// path, size and modification time, to tell it unchanged), the column
/// that names each row's account, and the playbook's digest.
fn manifest(
    out: &OutDir,
    loaded: &Loaded,
    owner: &OwnerUpdates,
    opportunities: Option<&ListUpdates>,
    input: Option<&std::path::Path>,
) -> Result<crate::files::AtomicFile, Error> {
    use serde_json::json;
    let mut files = vec![json!({"file": "owner-updates.csv", "sobject": owner.sobject})];
    if let Some(o) = opportunities {
        files.push(json!({"file": "opportunity-updates.csv", "sobject": o.sobject}));
    }
    batch::manifest(
        out,
        "transition batch",
        &loaded.source.text,
        input,
        json!({
            "account_column": owner.columns.get("Id"),
            "opportunity_column": opportunities.map(|o| &o.ids),
            "updates": files,
            "outreach": "outreach.csv",
        }),
    )
}
