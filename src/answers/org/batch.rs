//! A batch's rows filled from the org (`cs transition batch --org`): the
//! CSV names the account and what only people know; what the playbook says
//! lives in Salesforce (a field's `org:`) is read for a whole chunk of rows
//! at once (200 accounts a REST query, or one Bulk API query job for
//! thousands), and the people the rows name become User Ids, each name
//! asked for once per batch. With a Recurly, the facts a field reads of it
//! (`recurly:`) are read for the chunk's account codes together
//! ([`crate::recurly::Recurly::facts_of`]).

use super::{Reader, Reads, answers, id_in};
use crate::error::Error;
use crate::playbook::model::FormRef;
use indexmap::IndexMap;
use serde_json::Value as Json;
use std::collections::HashMap;

/// A problem the org finds with a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The row's index in the chunk.
    pub row: usize,
    pub column: String,
    pub reason: String,
    /// The row cannot be checked further (its account is not in the org).
    pub whole_row: bool,
}

/// Fills rows from the org.
pub struct Fill<'r> {
    reader: &'r mut dyn Reader,
    form: FormRef<'r>,
    reads: Reads,
    instance: String,
    /// The input column holding the account.
    id_col: usize,
    /// How many columns the input has.
    input_len: usize,
    /// The input's header, then the columns the org adds.
    headers: Vec<String>,
    /// Per column of `headers`: the key of the field the org may fill.
    fillable: Vec<Option<String>>,
    /// Columns naming a person (`to_csm`), by index in `headers`.
    people: Vec<usize>,
    /// Each person asked for (lowercased): their User Id, or why there is none.
    users: HashMap<String, Result<String, String>>,
    /// Each person found (lowercased): their email.
    emails: HashMap<String, String>,
    /// Accounts read so far.
    pub accounts: u64,
    /// The account codes Recurly did not know (warned once each).
    unknown_codes: std::collections::HashSet<String>,
}

impl<'r> Fill<'r> {
    /// A fill for a CSV with `input` headers. `people` are the answer keys
    /// that name a Salesforce user.
    pub fn new(
        reader: &'r mut dyn Reader,
        form: FormRef<'r>,
        input: &[String],
        people: &[String],
    ) -> Result<Self, Error> {
        let col = |key: &str, headers: &[String]| {
            headers.iter().position(|h| h.eq_ignore_ascii_case(key))
        };
        let Some(id_col) = col("account_id", input) else {
            return Err(Error::user(
                "the header lacks the column account_id, which names each row's account in the org; nothing was written.",
            ));
        };
        let mut headers = input.to_vec();
        let read = |f: &&crate::playbook::model::Field| f.org.is_some() || f.recurly.is_some();
        for f in form.fields.iter().filter(read) {
            if col(&f.key.value, input).is_none() {
                headers.push(f.key.value.clone());
            }
        }
        let fillable = headers
            .iter()
            .map(|h| {
                form.fields
                    .iter()
                    .filter(read)
                    .find(|f| f.key.value.eq_ignore_ascii_case(h))
                    .map(|f| f.key.value.clone())
            })
            .collect();
        let people = people.iter().filter_map(|k| col(k, &headers)).collect();
        let instance = reader.instance()?;
        Ok(Self {
            reads: Reads::of([form]),
            reader,
            form,
            instance,
            id_col,
            input_len: input.len(),
            headers,
            fillable,
            people,
            users: HashMap::new(),
            emails: HashMap::new(),
            accounts: 0,
            unknown_codes: Default::default(),
        })
    }

    /// The header the filled rows have: the input's, then the fields the
    /// org fills that the input lacks.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The org's URL.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// The User Id of the person `value` names, once [`Self::fill`] has
    /// seen the row.
    pub fn user_id(&self, value: &str) -> Option<&str> {
        match self.users.get(&value.trim().to_lowercase()) {
            Some(Ok(id)) => Some(id),
            _ => None,
        }
    }

    /// The email of the person `value` names, once [`Self::fill`] has
    /// seen the row (their Outreach mailbox).
    pub fn user_email(&self, value: &str) -> Option<&str> {
        self.emails
            .get(&value.trim().to_lowercase())
            .map(String::as_str)
    }

    /// Fills `records` from the org: the account column becomes the
    /// account's Id, an empty cell of a field the org holds takes its value,
    /// and the columns the input lacks are appended. Problems go to `out`,
    /// in row order. A read that fails stops the batch.
    pub fn fill(
        &mut self,
        records: &mut [csv::ByteRecord],
        out: &mut Vec<Problem>,
    ) -> Result<(), Error> {
        let ids: Vec<Option<String>> = records
            .iter()
            .map(|r| id_in(text(r, self.id_col)))
            .collect();
        let mut unique: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for id in ids.iter().flatten() {
            if seen.insert(id.as_str()) {
                unique.push(id.clone());
            }
        }
        let got = self.reader.read(&unique, &self.reads)?;
        self.accounts += got.len() as u64;
        self.ask_people(records)?;
        // What the org gives each row whose account it holds.
        let mut values: Vec<Option<(&String, IndexMap<String, Json>)>> = ids
            .iter()
            .map(|id| {
                let id = id.as_ref()?;
                let acct = got.get(id)?;
                Some((id, answers(self.form, id, acct, &self.instance)))
            })
            .collect();
        // A Recurly account code the CSV gives wins over the org's, and is
        // the account read.
        if let Some((c, key)) = self.code_column() {
            for (v, record) in values.iter_mut().zip(records.iter()) {
                let cell = text(record, c);
                if let (Some((_, v)), false) = (v, cell.is_empty()) {
                    v.insert(key.clone(), Json::String(cell.to_string()));
                }
            }
        }
        self.add_recurly(&mut values)?;
        let extra = self.headers.len() - self.input_len;
        let mut cell = String::new();
        for (row, ((record, id), values)) in records.iter_mut().zip(&ids).zip(values).enumerate() {
            let mut problem = |column: &str, reason: String, whole_row: bool| {
                out.push(Problem {
                    row,
                    column: column.to_string(),
                    reason,
                    whole_row,
                })
            };
            let given = text(record, self.id_col).to_string();
            let id_column = &self.headers[self.id_col];
            match (id, &values) {
                (_, Some(_)) => {}
                (Some(id), None) => problem(
                    id_column,
                    format!(
                        "account {id} is not in {} (or the Salesforce user cs logs in as cannot see it)",
                        self.instance
                    ),
                    true,
                ),
                (None, None) if given.is_empty() => {}
                (None, None) => problem(
                    id_column,
                    format!("'{given}' is neither a Salesforce Id nor a link to an account"),
                    true,
                ),
            }
            let mut filled = csv::ByteRecord::new();
            let width = record.len() + extra;
            for c in 0..width {
                let original = record.get(c).unwrap_or_default();
                let key = self.fillable.get(c).and_then(Option::as_ref);
                let from_org = match (&values, key) {
                    (Some((id, _)), _) if c == self.id_col => Some(Json::String((*id).clone())),
                    (Some((_, v)), Some(k)) if original.trim_ascii().is_empty() => {
                        v.get(k).cloned()
                    }
                    _ => None,
                };
                match from_org {
                    Some(v) => {
                        cell.clear();
                        cell_text(&v, &mut cell);
                        filled.push_field(cell.as_bytes());
                    }
                    None => filled.push_field(original),
                }
            }
            filled.set_position(record.position().cloned());
            *record = filled;
            if values.is_none() {
                continue;
            }
            for &c in &self.people {
                if let Some(Err(why)) = self.users.get(&text(record, c).to_lowercase()) {
                    problem(&self.headers[c], why.clone(), false);
                }
            }
        }
        Ok(())
    }

    /// The input column holding the Recurly account code, and its key.
    fn code_column(&self) -> Option<(usize, String)> {
        use crate::playbook::model::RecurlyFact;
        let f = self
            .form
            .fields
            .iter()
            .find(|f| f.recurly == Some(RecurlyFact::AccountCode))?;
        let c = self.headers[..self.input_len]
            .iter()
            .position(|h| h.eq_ignore_ascii_case(&f.key.value))?;
        Some((c, f.key.value.clone()))
    }

    /// Adds to each row's `values` what Recurly gives the fields that read
    /// it, for all the rows' account codes at once; a code Recurly does not
    /// know is warned once and its answers stay unknown.
    fn add_recurly(
        &mut self,
        values: &mut [Option<(&String, IndexMap<String, Json>)>],
    ) -> Result<(), Error> {
        if !super::reads_recurly(self.form) {
            return Ok(());
        }
        let mut codes: Vec<String> = Vec::new();
        for (_, v) in values.iter().flatten() {
            if let Some(code) = super::recurly_code(self.form, v)
                && !codes.contains(&code)
            {
                codes.push(code);
            }
        }
        if codes.is_empty() {
            return Ok(());
        }
        let Some(facts) = self.reader.recurly(&codes)? else {
            return Ok(());
        };
        for (_, v) in values.iter_mut().flatten() {
            let Some(code) = super::recurly_code(self.form, v) else {
                continue;
            };
            match facts.get(&code).and_then(Option::as_ref) {
                Some(f) => v.extend(super::recurly_values(self.form, f)),
                None => {
                    if self.unknown_codes.insert(code.clone()) {
                        crate::out::warn(&super::unknown_code(&code));
                    }
                }
            }
        }
        Ok(())
    }

    /// Asks the org for the people the rows name that were not asked for
    /// yet: one query per way of naming them (email or name).
    fn ask_people(&mut self, records: &[csv::ByteRecord]) -> Result<(), Error> {
        let mut names: Vec<String> = Vec::new();
        let mut emails: Vec<String> = Vec::new();
        for r in records {
            for &c in &self.people {
                let v = text(r, c);
                let key = v.to_lowercase();
                if v.is_empty() || self.users.contains_key(&key) {
                    continue;
                }
                let list = match crate::salesforce::named_by(v) {
                    "Email" => &mut emails,
                    _ => &mut names,
                };
                if !list.iter().any(|x| x.to_lowercase() == key) {
                    list.push(v.to_string());
                }
            }
        }
        for (by, values) in [("Name", names), ("Email", emails)] {
            if values.is_empty() {
                continue;
            }
            let found = self.reader.users(by, &values)?;
            for v in values {
                let key = v.to_lowercase();
                let answer = crate::salesforce::user_id(&found, by, &v);
                if answer.is_ok()
                    && let Some([(_, _, email)]) =
                        found.get(&(by.to_string(), key.clone())).map(Vec::as_slice)
                    && !email.is_empty()
                {
                    self.emails.insert(key.clone(), email.clone());
                }
                self.users.insert(key, answer);
            }
        }
        Ok(())
    }
}

/// The trimmed text of column `c` of `record` (empty when it is missing or
/// not UTF-8: validation reports those).
fn text(record: &csv::ByteRecord, c: usize) -> &str {
    std::str::from_utf8(record.get(c).unwrap_or_default())
        .unwrap_or_default()
        .trim()
}

/// A value read from the org as a CSV cell: text as it is, a list with
/// `;` between entries (as the batch reads lists).
fn cell_text(v: &Json, out: &mut String) {
    match v {
        Json::Null => {}
        Json::String(s) => out.push_str(s),
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(';');
                }
                cell_text(item, out);
            }
        }
        other => out.push_str(&other.to_string()),
    }
}
