//! How a row of `cs transition batch` is checked: the chunks rows travel
//! in between the batch's two threads, where each checked answer is kept
//! (without borrowing the row), and the checks themselves, the field rules
//! of a single transition compiled for the forms cells nearly always take.

use crate::batch::repeats::Repeats;
use crate::fields::{self, Quick, QuickCheck, Scalar, Value};
use crate::playbook::model::{Field, FieldType};
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde_json::Value as Json;

/// Where a validated batch answer is, without borrowing the row.
#[derive(Debug, Clone, Copy)]
pub(super) enum Slot {
    Empty,
    /// The cell's text, trimmed of ASCII spaces.
    Cell(Span),
    /// This choice of the field.
    Choice(usize),
    Int(i64),
    /// Valid, and not needed by the outputs (a yes/no answer).
    Valid,
    /// This entry of the chunk's other values (dates, notes, lists, ...).
    Owned(usize),
}

/// Where a cell's text is in its row's bytes ([`csv::ByteRecord::as_slice`]),
/// trimmed of ASCII spaces: the writer takes it without looking the column
/// up or trimming it again. A row holds at most 1 MiB.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// Where `cell`, a slice of `whole`, is in it.
    fn of(whole: &[u8], cell: &[u8]) -> Self {
        let start = cell.as_ptr() as usize - whole.as_ptr() as usize;
        Self {
            start: start as u32,
            end: (start + cell.len()) as u32,
        }
    }

    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The cell's text in its row.
    pub(super) fn in_row(self, record: &csv::ByteRecord) -> &[u8] {
        record.as_slice().get(self.range()).unwrap_or_default()
    }
}

/// What a field's cells may skip of the whole check, worked out once for
/// the batch ([`RowValidator::plan`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fast {
    /// One-line text checked nowhere else: in a row of printable ASCII,
    /// the cell is the answer.
    Text,
    /// A choice, a count, a yes or no, an Id: its quick check, on the bytes.
    Quick,
    /// A person who must be given as a User Id: a User Id is the answer.
    UserId,
    /// The whole check (a list, a value for Salesforce, ...).
    No,
}

/// Rows travel between the two stages of a batch in chunks of this many.
pub(super) const CHUNK_ROWS: usize = 1024;

/// A problem with one cell of a chunk's row.
pub(super) struct Problem {
    pub(super) row: usize,
    pub(super) line: u64,
    pub(super) column: String,
    pub(super) reason: String,
}

/// Rows read and validated, on their way to be written.
pub(super) struct Chunk {
    pub(super) records: Vec<csv::ByteRecord>,
    pub(super) len: usize,
    /// `ns` slots per row.
    pub(super) slots: Vec<Slot>,
    pub(super) owned: Vec<Value>,
    pub(super) bad: Vec<bool>,
    pub(super) problems: Vec<Problem>,
    pub(super) last: bool,
    /// Validated by the reader; otherwise the writer validates it.
    pub(super) validated: bool,
    /// Slots per row: one per field the input has a column for.
    pub(super) ns: usize,
    /// What was found wrong with rows before they were checked (a row too
    /// large to read; with `--org`, what the org says), in row order, and
    /// how many of them validation has taken.
    pub(super) pre_problems: Vec<crate::answers::org::batch::Problem>,
    pub(super) pre_taken: usize,
}

impl Chunk {
    pub(super) fn new(ns: usize) -> Self {
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

    pub(super) fn clear(&mut self) {
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
pub(super) struct RowValidator<'a> {
    pub(super) fields: &'a [Field],
    pub(super) headers: &'a [String],
    pub(super) col_fields: &'a [Option<usize>],
    pub(super) col_of: &'a [Option<usize>],
    pub(super) required_idx: &'a [usize],
    /// The list field whose entries must be Salesforce Ids (T6).
    pub(super) id_list: Option<usize>,
    /// Per field: is it written to a file for machines (owner-updates.csv,
    /// opportunity-updates.csv), where a value a spreadsheet would run is
    /// refused?
    pub(super) machine: &'a [bool],
    /// Per field: does it name a person who must be given as a User Id
    /// (`data.users` with no org to look the person up)?
    pub(super) user_ids: &'a [bool],
    pub(super) today: NaiveDate,
    /// Per field: its check compiled for the forms cells nearly always take.
    pub(super) quick: &'a [QuickCheck],
    /// Per field with a column: its slot in a row's slots.
    pub(super) slot_of: &'a [Option<usize>],
    /// The key prefix of User Ids.
    pub(super) user_prefix: Option<&'static str>,
    /// The column naming the row's account, and the accounts in two rows.
    pub(super) account_column: Option<usize>,
    pub(super) repeats: &'a Repeats,
    /// Per column: its part in a row's check ([`Self::plan`]).
    pub(super) plan: Vec<Option<Planned>>,
}

/// A column's part in a row's check, worked out once for the batch.
#[derive(Debug, Clone, Copy)]
pub(super) struct Planned {
    /// The field it answers, and its answer's slot in a row's slots (none
    /// when no output takes it).
    field: usize,
    slot: Option<usize>,
    fast: Fast,
    required: bool,
}

impl RowValidator<'_> {
    /// Per field, what its cells may skip: one-line text checked nowhere
    /// else is taken as it is from a row of printable ASCII; a choice, a
    /// count, a yes or no and an Id take their quick check; a User Id is
    /// a person's answer. Each is what the whole check would accept (an
    /// Id's letters and digits never run as a formula). The rest (a list
    /// of Ids, a choice or text written for Salesforce, ...) take the
    /// whole check.
    fn fast_path(&self, fi: usize) -> Fast {
        let (machine, user) = (self.machine[fi], self.user_ids[fi]);
        if self.id_list == Some(fi) {
            return Fast::No;
        }
        match self.quick[fi] {
            QuickCheck::Text if user => Fast::UserId,
            QuickCheck::Text if !machine => Fast::Text,
            QuickCheck::Choice(_) | QuickCheck::Count | QuickCheck::Bool if !machine && !user => {
                Fast::Quick
            }
            QuickCheck::Id(prefix) if !user || prefix == self.user_prefix => Fast::Quick,
            _ => Fast::No,
        }
    }

    /// Per column of the input: the field it answers, its slot, its fast
    /// path, and whether it must be answered.
    pub(super) fn plan(&self) -> Vec<Option<Planned>> {
        self.col_fields
            .iter()
            .map(|fi| {
                let field = (*fi)?;
                Some(Planned {
                    field,
                    slot: self.slot_of[field],
                    fast: self.fast_path(field),
                    required: self.required_idx.contains(&field),
                })
            })
            .collect()
    }

    /// Validates every row of a chunk.
    pub(super) fn validate_chunk(&self, chunk: &mut Chunk) {
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
        // An account in two rows, whatever else is wrong with either.
        if let Some(col) = self.account_column
            && let Some(why) = record.get(col).and_then(|c| self.repeats.problem(c, line))
        {
            problem(&self.headers[col], why, &mut chunk.problems);
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
        // A row of printable ASCII alone is UTF-8 and holds no control
        // character: its text cells need no other look (a cell that takes
        // the whole check is made text on its own). Another row is checked
        // for UTF-8 once; its cells are slices of it.
        let whole = record.as_slice();
        let plain = fields::printable_ascii(whole);
        let row_text = if plain {
            None
        } else {
            std::str::from_utf8(whole).ok()
        };
        // A required cell left empty, looked for below only if there is one.
        let mut missing = false;
        for ((col, raw), planned) in record.iter().enumerate().zip(&self.plan) {
            let Some(planned) = *planned else { continue };
            let raw = raw.trim_ascii();
            if raw.is_empty() {
                missing |= planned.required;
                continue;
            }
            let (fi, slot_at) = (planned.field, planned.slot.map(|s| base + s));
            let here = Span::of(whole, raw);
            let fast = match planned.fast {
                Fast::Text if plain => Some(Slot::Cell(here)),
                Fast::Quick => self.quick[fi]
                    .check_bytes(&self.fields[fi], raw)
                    .map(|q| quick_slot(q, here)),
                Fast::UserId if crate::salesforce::limits::id_bytes_ok(raw, self.user_prefix) => {
                    Some(Slot::Cell(here))
                }
                _ => None,
            };
            if let Some(slot) = fast {
                if let Some(at) = slot_at {
                    chunk.slots[at] = slot;
                }
                continue;
            }
            let cell = match row_text.and_then(|t| t.get(here.range())) {
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
                // The same answer; its text is this row's.
                if let Some(at) = slot_at {
                    chunk.slots[at] = match slot {
                        Slot::Cell(_) => Slot::Cell(here),
                        other => other,
                    };
                }
                continue;
            }
            let field = &self.fields[fi];
            let checked = if self.id_list == Some(fi) {
                // T6: the Ids stay in the cell (split again when written):
                // checked without allocating, nothing crosses to the writer.
                check_ids(cell, field.object.as_deref()).map(|()| Slot::Cell(here))
            } else if let Some(q) = self.quick[fi].check(field, cell) {
                Ok(quick_slot(q, here))
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
                        .map_or(Slot::Cell(here), Slot::Choice),
                    Scalar::Str(_) => Slot::Cell(here),
                    Scalar::Value(Value::Integer(n)) => Slot::Int(n),
                    Scalar::Value(Value::Bool(_)) => Slot::Valid,
                    // A date as Salesforce takes it (12/1/26 is 2026-12-01).
                    Scalar::Value(Value::Date(d)) => {
                        chunk
                            .owned
                            .push(Value::Text(d.format("%Y-%m-%d").to_string()));
                        Slot::Owned(chunk.owned.len() - 1)
                    }
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
                    if let Some(at) = slot_at {
                        chunk.slots[at] = v;
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
        for &fi in self.required_idx.iter().filter(|_| missing) {
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

/// Where a cell the quick check accepted is kept.
fn quick_slot(q: Quick, here: Span) -> Slot {
    match q {
        Quick::Choice(c) => Slot::Choice(c),
        Quick::Int(n) => Slot::Int(n),
        Quick::Bool(_) => Slot::Valid,
        Quick::Cell => Slot::Cell(here),
    }
}

/// T6: a cell of Salesforce Ids separated by ';', each once, each of a
/// record of `object` (the field's `object:`) where it says.
pub(super) fn check_ids(cell: &str, object: Option<&str>) -> Result<(), String> {
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
pub(super) fn check_list_cell(
    field: &Field,
    cell: &str,
    cx: &fields::Context,
) -> Result<Value, String> {
    let raw = Json::Array(
        cell.split(';')
            .map(|s| Json::String(s.trim().to_string()))
            .collect(),
    );
    fields::check(field, &raw, cx).map(|c| c.value)
}
