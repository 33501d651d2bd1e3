//! Account transitions (Account Transition SOP): the SOP lives in
//! playbooks/transition.yaml (fields, manual health categories, templates,
//! the owner-update columns). This module holds the T3 route of an account,
//! once for a single transition and for every row of a team lead's batch
//! over a CSV of any size.
//!
//! The batch validates each row with the same field rules as a single
//! transition, but reads cells straight from the CSV record (no templates),
//! so a million rows stream through in memory that does not grow.

use crate::answers::Answers;
use crate::batch::repeats::{Fingerprints, Repeats};
use crate::batch::{self, Errors, Input, OutDir, Progress};
use crate::error::Error;
use crate::fields::{self, Quick, QuickCheck, Scalar, Value};
use crate::playbook::Loaded;
use crate::playbook::model::{Field, FieldType};
use crate::workflow::{Cx, Facts, Sop, Workflow};
use chrono::NaiveDate;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The fields this module computes with: (form, key).
pub const FIELDS: &[(&str, &str)] = &[
    ("", "account_id"),
    ("", "account_name"),
    ("", "from_csm"),
    ("", "to_csm"),
    ("", "reason"),
    ("", "health"),
    ("", "open_opps"),
    ("", "pending_tasks"),
    ("", "open_tickets"),
    ("", "opportunity_ids"),
    ("", "users_active"),
    ("", "users_paid"),
    ("", "providers_active"),
    ("", "providers_contracted"),
];

/// The route of an account and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub manual: bool,
    pub reasons: Vec<String>,
}

impl Route {
    pub fn name(&self) -> &'static str {
        if self.manual { "manual" } else { "automated" }
    }
}

/// The transition playbook's `data:` tables.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// T3: health categories that route manually (every other is automated).
    pub manual_health: Vec<String>,
    /// T3: the Outreach template of each route.
    pub templates: Templates,
    /// `cs transition batch`: the columns every row must fill.
    pub batch_required: Vec<String>,
    /// `cs transition batch`: owner-updates.csv for a Bulk API 2.0 ingest job (T6).
    pub owner_updates: OwnerUpdates,
    /// `cs transition batch`: opportunity-updates.csv, one row per Id of a
    /// row's open opportunities (T6). Without it, a batch with that column
    /// is refused rather than dropping it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity_updates: Option<ListUpdates>,
    /// Answer keys that name a Salesforce user (`to_csm`): with `--org`,
    /// the batch writes the user's Id in owner-updates.csv and
    /// opportunity-updates.csv, and rejects a row whose person is unknown
    /// or ambiguous.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<String>,
}

/// One update row per entry of a list answer: the entry is the record's
/// `Id`, the other columns are field API name -> answer key.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListUpdates {
    pub sobject: String,
    /// The list field whose entries are the records' Ids.
    pub ids: String,
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub columns: IndexMap<String, String>,
}

/// T3: the Outreach template of each route.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    pub automated: String,
    pub manual: String,
}

/// owner-updates.csv: the object, and field API name -> answer key.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnerUpdates {
    pub sobject: String,
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub columns: IndexMap<String, String>,
}

/// The routing rules and templates of the transition playbook.
pub struct Router {
    manual_health: Vec<String>,
    templates: Templates,
    /// The health field's labels by key: people read "At risk".
    health_labels: Vec<(String, String)>,
}

impl Router {
    pub fn new(loaded: &Loaded) -> Result<Self, Error> {
        let data: Data = super::data(loaded)?;
        Self::from_data(loaded, data.manual_health, data.templates)
    }

    /// The router of the playbook's T3 tables, already read.
    fn from_data(
        loaded: &Loaded,
        manual_health: Vec<String>,
        templates: Templates,
    ) -> Result<Self, Error> {
        let choices = loaded
            .playbook
            .field("health")
            .map(|f| f.choices.as_slice())
            .unwrap_or_default();
        if !choices.is_empty() {
            for h in &manual_health {
                if !choices.iter().any(|c| &c.key.value == h) {
                    return Err(Error::user(format!(
                        "{}: data.manual_health names '{h}', which is not a choice of the health field.",
                        loaded.source.path
                    )));
                }
            }
        }
        let health_labels = choices
            .iter()
            .map(|c| (c.key.value.clone(), c.label.clone()))
            .collect();
        Ok(Self {
            manual_health,
            templates,
            health_labels,
        })
    }

    /// T3: manual with open opportunities, pending tasks or a manual health
    /// category; automated otherwise.
    pub fn route(&self, health: &str, open_opps: i64, pending_tasks: i64) -> Route {
        let mut buf = String::new();
        let manual = self.route_into(health, open_opps, pending_tasks, &mut buf);
        Route {
            manual,
            reasons: if manual {
                buf.split("; ").map(str::to_string).collect()
            } else {
                Vec::new()
            },
        }
    }

    pub fn template(&self, route: &Route) -> &str {
        self.template_of(route.manual)
    }

    pub fn template_of(&self, manual: bool) -> &str {
        if manual {
            &self.templates.manual
        } else {
            &self.templates.automated
        }
    }

    /// T3, the one place it is decided: the reasons go into `buf`
    /// ("; "-separated; nothing is allocated for automated rows); returns
    /// whether the route is manual.
    pub fn route_into(
        &self,
        health: &str,
        open_opps: i64,
        pending_tasks: i64,
        buf: &mut String,
    ) -> bool {
        buf.clear();
        // Compared without a call to `memcmp`: a batch routes every row.
        let manual_health = self
            .manual_health
            .iter()
            .any(|h| fields::same(h.as_bytes(), health.as_bytes()));
        if open_opps == 0 && pending_tasks == 0 && !manual_health {
            return false;
        }
        use std::fmt::Write;
        let mut sep = "";
        if open_opps > 0 {
            let _ = write!(
                buf,
                "{open_opps} open sales opportunit{}",
                if open_opps == 1 { "y" } else { "ies" }
            );
            sep = "; ";
        }
        if pending_tasks > 0 {
            let _ = write!(
                buf,
                "{sep}{pending_tasks} pending task{}",
                crate::out::plural(pending_tasks)
            );
            sep = "; ";
        }
        if manual_health {
            let label = self
                .health_labels
                .iter()
                .find(|(k, _)| k == health)
                .map_or(health, |(_, l)| l.as_str());
            let _ = write!(buf, "{sep}health is {label}");
        }
        true
    }
}

/// Counts of a batch run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub read: u64,
    pub automated: u64,
    pub manual: u64,
    pub rejected: u64,
    /// Rows of opportunity-updates.csv (T6).
    pub opportunities: u64,
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
];

/// Where a validated batch answer is, without borrowing the row.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Empty,
    /// The trimmed text of this column.
    Cell(usize),
    /// This choice of the field.
    Choice(usize),
    Int(i64),
    /// Valid, and not needed by the outputs (a yes/no answer).
    Valid,
    /// This entry of the chunk's other values (dates, notes, lists, ...).
    Owned(usize),
}

/// Rows travel between the two stages of a batch in chunks of this many.
const CHUNK_ROWS: usize = 1024;

/// A problem with one cell of a chunk's row.
struct Problem {
    row: usize,
    line: u64,
    column: String,
    reason: String,
}

/// Rows read and validated, on their way to be written.
struct Chunk {
    records: Vec<csv::ByteRecord>,
    len: usize,
    /// `ns` slots per row.
    slots: Vec<Slot>,
    owned: Vec<Value>,
    bad: Vec<bool>,
    problems: Vec<Problem>,
    last: bool,
    /// Validated by the reader; otherwise the writer validates it.
    validated: bool,
    /// Slots per row: one per field the input has a column for.
    ns: usize,
    /// What was found wrong with rows before they were checked (a row too
    /// large to read; with `--org`, what the org says), in row order, and
    /// how many of them validation has taken.
    pre_problems: Vec<crate::answers::org::batch::Problem>,
    pre_taken: usize,
}

impl Chunk {
    fn new(ns: usize) -> Self {
        Self {
            records: Vec::with_capacity(CHUNK_ROWS),
            len: 0,
            slots: Vec::with_capacity(CHUNK_ROWS * ns),
            owned: Vec::new(),
            bad: Vec::with_capacity(CHUNK_ROWS),
            problems: Vec::new(),
            last: false,
            validated: false,
            ns,
            pre_problems: Vec::new(),
            pre_taken: 0,
        }
    }

    fn clear(&mut self) {
        self.len = 0;
        self.slots.clear();
        self.owned.clear();
        self.bad.clear();
        self.problems.clear();
        self.last = false;
        self.validated = false;
        self.pre_problems.clear();
        self.pre_taken = 0;
    }
}

/// Checks a row against the playbook's fields, as `cs transition` checks
/// one account's answers.
struct RowValidator<'a> {
    fields: &'a [Field],
    headers: &'a [String],
    col_fields: &'a [Option<usize>],
    col_of: &'a [Option<usize>],
    required_idx: &'a [usize],
    /// The list field whose entries must be Salesforce Ids (T6).
    id_list: Option<usize>,
    /// Per field: is it written to a file for machines (owner-updates.csv,
    /// opportunity-updates.csv), where a value a spreadsheet would run is
    /// refused?
    machine: &'a [bool],
    /// Per field: does it name a person who must be given as a User Id
    /// (`data.users` with no org to look the person up)?
    user_ids: &'a [bool],
    today: NaiveDate,
    /// Per field: its check compiled for the forms cells nearly always take.
    quick: &'a [QuickCheck],
    /// Per field with a column: its slot in a row's slots.
    slot_of: &'a [Option<usize>],
    /// The key prefix of User Ids.
    user_prefix: Option<&'static str>,
    /// The column naming the row's account, and the accounts in two rows.
    account_column: Option<usize>,
    repeats: &'a Repeats,
}

impl RowValidator<'_> {
    /// Validates every row of a chunk.
    fn validate_chunk(&self, chunk: &mut Chunk) {
        chunk.slots.clear();
        chunk.slots.resize(chunk.len * chunk.ns, Slot::Empty);
        chunk.owned.clear();
        chunk.bad.clear();
        chunk.problems.clear();
        chunk.pre_taken = 0;
        let empty = IndexMap::new();
        let cx = fields::Context {
            today: self.today,
            taxonomy: None,
            answers: &empty,
        };
        // Per column, the row of the last cell accepted and its slot: a batch's
        // columns repeat (one departing CSM, a few new ones, a handful of
        // reasons), and a check depends on nothing but the cell.
        let mut memo = vec![None; self.headers.len()];
        for r in 0..chunk.len {
            self.validate(chunk, r, &cx, &mut memo);
        }
        chunk.validated = true;
    }

    /// Validates row `r`: fills its slots, its bad flag and its problems.
    fn validate(
        &self,
        chunk: &mut Chunk,
        r: usize,
        cx: &fields::Context,
        memo: &mut [Option<(usize, Slot)>],
    ) {
        let record = &chunk.records[r];
        let base = r * chunk.ns;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let mut bad = false;
        let mut problem = |column: &str, reason: String, problems: &mut Vec<Problem>| {
            bad = true;
            problems.push(Problem {
                row: r,
                line,
                column: column.to_string(),
                reason,
            });
        };
        // What the org found comes first; a row whose account is not there
        // is not checked further.
        let mut whole_row = false;
        while let Some(p) = chunk
            .pre_problems
            .get(chunk.pre_taken)
            .filter(|p| p.row == r)
        {
            whole_row |= p.whole_row;
            problem(&p.column, p.reason.clone(), &mut chunk.problems);
            chunk.pre_taken += 1;
        }
        if whole_row {
            chunk.bad.push(true);
            return;
        }
        if record.len() != self.headers.len() {
            problem(
                "",
                format!(
                    "the row has {} fields where the header has {}",
                    record.len(),
                    self.headers.len()
                ),
                &mut chunk.problems,
            );
            chunk.bad.push(true);
            return;
        }
        if let Some(col) = self.account_column
            && let Some(why) = self.repeats.problem(&record[col], line)
        {
            problem(&self.headers[col], why, &mut chunk.problems);
        }
        // The row is checked for UTF-8 once; cells are slices of it.
        let whole = record.as_slice();
        let row_text = std::str::from_utf8(whole).ok();
        for ((col, raw), fi) in record.iter().enumerate().zip(self.col_fields) {
            let Some(fi) = *fi else { continue };
            let raw = raw.trim_ascii();
            if raw.is_empty() {
                continue;
            }
            let start = raw.as_ptr() as usize - whole.as_ptr() as usize;
            let cell = match row_text.and_then(|t| t.get(start..start + raw.len())) {
                Some(c) => c,
                None => match std::str::from_utf8(raw) {
                    Ok(c) => c,
                    Err(_) => {
                        problem(
                            &self.headers[col],
                            "the cell is not UTF-8 text".into(),
                            &mut chunk.problems,
                        );
                        continue;
                    }
                },
            };
            if let Some((row, slot)) = memo[col]
                && fields::same(chunk.records[row][col].trim_ascii(), cell.as_bytes())
            {
                if let Some(s) = self.slot_of[fi] {
                    chunk.slots[base + s] = slot;
                }
                continue;
            }
            let field = &self.fields[fi];
            let checked = if self.id_list == Some(fi) {
                // T6: the Ids stay in the cell (split again when written):
                // checked without allocating, nothing crosses to the writer.
                check_ids(cell, field.object.as_deref()).map(|()| Slot::Cell(col))
            } else if let Some(q) = self.quick[fi].check(field, cell) {
                Ok(match q {
                    Quick::Choice(c) => Slot::Choice(c),
                    Quick::Int(n) => Slot::Int(n),
                    Quick::Bool(_) => Slot::Valid,
                    Quick::Cell => Slot::Cell(col),
                })
            } else if field.kind.value.is_list() {
                check_list_cell(field, cell, cx).map(|v| {
                    chunk.owned.push(v);
                    Slot::Owned(chunk.owned.len() - 1)
                })
            } else {
                fields::check_str(field, cell, cx).map(|(scalar, _)| match scalar {
                    // A choice answer is the playbook's key; other text is the cell.
                    Scalar::Str(k) if field.kind.value == FieldType::Choice => field
                        .choices
                        .iter()
                        .position(|c| std::ptr::eq(c.key.value.as_str(), k))
                        .map_or(Slot::Cell(col), Slot::Choice),
                    Scalar::Str(_) => Slot::Cell(col),
                    Scalar::Value(Value::Integer(n)) => Slot::Int(n),
                    Scalar::Value(Value::Bool(_)) => Slot::Valid,
                    Scalar::Value(v) => {
                        chunk.owned.push(v);
                        Slot::Owned(chunk.owned.len() - 1)
                    }
                })
            };
            let checked = match checked {
                Ok(_) if self.machine[fi] => match crate::spreadsheet::formula_problem(cell) {
                    Some(why) => Err(why),
                    None => checked,
                },
                other => other,
            };
            // A person where a User Id is needed, with no org to look the
            // person up: Salesforce would refuse the lookup.
            let checked = match checked {
                Ok(_)
                    if self.user_ids[fi]
                        && crate::salesforce::limits::id_ok(cell, self.user_prefix) =>
                {
                    checked
                }
                Ok(_) if self.user_ids[fi] => {
                    match crate::salesforce::limits::id_problem(cell, Some("User")) {
                        Some(why) if crate::salesforce::limits::is_id(cell) => Err(why),
                        Some(_) => Err(format!(
                            "'{cell}' names a person, but the file for Salesforce needs the user's Id (005...): give the Id, or pass --org to look the person up in the org"
                        )),
                        None => checked,
                    }
                }
                other => other,
            };
            match checked {
                Ok(v) => {
                    if let Some(s) = self.slot_of[fi] {
                        chunk.slots[base + s] = v;
                    }
                    // A slot that names no other row's value is kept for
                    // the next row with this cell.
                    memo[col] = match v {
                        Slot::Owned(_) | Slot::Empty => None,
                        v => Some((r, v)),
                    };
                }
                Err(why) => problem(&self.headers[col], why, &mut chunk.problems),
            }
        }
        // A required cell left empty is missing (an invalid one was reported above).
        for &fi in self.required_idx {
            if let (Some(col), Some(s)) = (self.col_of[fi], self.slot_of[fi])
                && matches!(chunk.slots[base + s], Slot::Empty)
                && record[col].trim_ascii().is_empty()
            {
                problem(
                    &self.headers[col],
                    "an answer is required".into(),
                    &mut chunk.problems,
                );
            }
        }
        chunk.bad.push(bad);
    }
}

/// T6: a cell of Salesforce Ids separated by ';', each once, each of a
/// record of `object` (the field's `object:`) where it says.
fn check_ids(cell: &str, object: Option<&str>) -> Result<(), String> {
    let ids = || cell.split(';').map(str::trim).filter(|id| !id.is_empty());
    for (i, id) in ids().enumerate() {
        if let Some(why) = crate::salesforce::limits::id_problem(id, object) {
            return Err(why);
        }
        if ids().take(i).any(|earlier| earlier == id) {
            return Err(format!("'{id}' is listed twice"));
        }
    }
    Ok(())
}

/// A list cell (entries separated by ';') validated for its field.
fn check_list_cell(field: &Field, cell: &str, cx: &fields::Context) -> Result<Value, String> {
    let raw = Json::Array(
        cell.split(';')
            .map(|s| Json::String(s.trim().to_string()))
            .collect(),
    );
    fields::check(field, &raw, cx).map(|c| c.value)
}

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
    let rewind = input.take_rewind();
    // Rows filled from the org are not filled twice: the repeats are
    // found first, from the accounts' column alone.
    if opts.org.is_some()
        && let Some(rewind) = rewind
    {
        let data: Data = super::data(loaded)?;
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
        let done = pass(loaded, rewind.open()?, out, &mut opts, &repeats, false)?;
        opts.progress.finish();
        batch::commit_all(done.files)?;
        return Ok(done.summary);
    }
    let none = Repeats::default();
    let first = pass(loaded, input, out, &mut opts, &none, rewind.is_some())?;
    let mut done = (first.summary, first.files);
    if let (Some(rewind), Some(column)) = (rewind, first.account_column) {
        let repeated = first.fingerprints.repeated()?;
        if !repeated.is_empty() {
            let repeats = Repeats::find(rewind.open()?, column, &repeated)?;
            if !repeats.is_empty() {
                drop(done);
                let again = pass(loaded, rewind.open()?, out, &mut opts, &repeats, false)?;
                done = (again.summary, again.files);
            }
        }
    }
    opts.progress.finish();
    // The files appear together, or none of them does.
    batch::commit_all(done.1)?;
    Ok(done.0)
}

/// What one pass over a batch's rows made.
struct Pass {
    summary: Summary,
    /// The files to commit together.
    files: Vec<Result<crate::files::AtomicFile, Error>>,
    /// The rows' accounts, to find one in two rows.
    fingerprints: Fingerprints,
    /// The column naming each row's account.
    account_column: Option<usize>,
}

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
) -> Result<Pass, Error> {
    let p = &loaded.playbook;
    let data: Data = super::data(loaded)?;
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
            f.default.as_ref().and_then(|d| {
                let cx = fields::Context {
                    today: opts.today,
                    taxonomy: None,
                    answers: &IndexMap::new(),
                };
                fields::check(f, &d.value, &cx).ok().map(|c| c.value)
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
    // A row keeps a slot for each field it has a column for, not for all
    // of the playbook's fields (28 in the built-in one).
    let mut ns = 0;
    let slot_of: Vec<Option<usize>> = col_of
        .iter()
        .map(|c| {
            c.map(|_| {
                ns += 1;
                ns - 1
            })
        })
        .collect();
    let validator = RowValidator {
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
    };
    let idx = |k: &str| field_index(k);
    let (i_health, i_opps, i_tasks, i_tickets) = (
        idx("health"),
        idx("open_opps"),
        idx("pending_tasks"),
        idx("open_tickets"),
    );
    // cs-ops.csv's first six columns are these answers, as given.
    let ops_text: Vec<Option<usize>> = CS_OPS[..6].iter().map(|k| idx(k)).collect();
    let owner_idx: Vec<Option<usize>> = owner.columns.values().map(|k| idx(k)).collect();
    let opp_idx: Vec<Option<usize>> = opps
        .iter()
        .flat_map(|o| o.columns.values().map(|k| idx(k)))
        .collect();
    let i_opp_ids = opps.as_ref().and_then(|o| idx(&o.ids));
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
                        (Slot::Cell(col), _) => record[*col].trim_ascii(),
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
                let manual = router.route_into(health, int(i_opps), int(i_tasks), &mut reasons);
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
                for i in [i_opps, i_tasks, i_tickets] {
                    out_rec.push_field(num.format(int(i)).as_bytes());
                }
                out_rec.push_field(if manual { b"manual" } else { b"automated" });
                out_rec.push_field(reasons.as_bytes());
                out_rec.push_field(templates[usize::from(manual)]);
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
                // T6: each open opportunity goes to the new CSM too.
                if let (Some(w), Some(i)) = (opp_out.as_mut(), i_opp_ids)
                    && let Slot::Cell(col) = *slots(i)
                {
                    // Validated as UTF-8 and as Ids once trimmed, as here.
                    let cell = std::str::from_utf8(&record[col]).unwrap_or_default();
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
    files.push(errors.into_file());
    files.push(manifest(
        out,
        loaded,
        &owner,
        opps.as_ref(),
        opts.input_path,
    ));
    Ok(Pass {
        summary,
        files,
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
        }),
    )
}

pub const WORKFLOW: Workflow = Workflow {
    command: "transition",
    playbook: "transition",
    form: "",
};

/// `cs transition`: one account's transition.
pub struct Transition;

impl Sop for Transition {
    fn workflow(&self) -> Workflow {
        WORKFLOW
    }

    fn facts(&self, cx: &Cx, a: &Answers, facts: &mut Facts) -> Result<(), Error> {
        let values = &a.values;
        let router = Router::new(cx.loaded)?;
        let int = |k: &str| match values.get(k) {
            Some(Value::Integer(n)) => Some(*n),
            _ => None,
        };
        let health = super::text(a, "health").unwrap_or("");
        let opps = int("open_opps").unwrap_or(0);
        let route = router.route(health, opps, int("pending_tasks").unwrap_or(0));
        let gap = |a: &str, b: &str| match (int(a), int(b)) {
            (Some(x), Some(y)) => Json::from(x - y),
            _ => Json::Null,
        };
        let s = &mut facts.summary;
        s.insert("route".into(), Json::from(route.name()));
        s.insert("reasons".into(), Json::from(route.reasons.clone()));
        s.insert("template".into(), Json::from(router.template(&route)));
        s.insert("users_gap".into(), gap("users_active", "users_paid"));
        s.insert(
            "providers_gap".into(),
            gap("providers_active", "providers_contracted"),
        );
        // T6: open opportunities move with the account, by their Ids.
        let ids = super::list(a, "opportunity_ids").len() as i64;
        if opps > ids {
            facts.warnings.push(format!(
                "{opps} open opportunities but {ids} opportunity_ids: give their Ids to move them with the account (T6), or move them in Salesforce"
            ));
        }
        Ok(())
    }
}
