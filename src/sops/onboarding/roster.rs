//! `cs onboard roster`: a user roster (O5) checked row by row against the
//! onboarding playbook's `roster` form, as a CSM's answers are.

use crate::answers::{CollectError, Collector, Provided};
use crate::error::Error;
use crate::fields::Value;
use crate::playbook::Loaded;
use crate::playbook::model::Field;
use crate::{out, render};
use chrono::NaiveDate;
use serde_json::json;

/// A checked roster: its clean rows as CSV, and counts.
pub struct Checked {
    /// The header and every clean row, RFC 4180.
    pub clean: Vec<u8>,
    pub read: usize,
    pub rejected: usize,
}

/// Checks the roster CSV `text` (named `name` in messages) of an account
/// with `locations` locations; each rejected row is reported on stderr with
/// its line and column.
pub fn check(
    loaded: &Loaded,
    name: &str,
    text: &str,
    locations: u32,
    today: NaiveDate,
) -> Result<Checked, Error> {
    let form = loaded
        .playbook
        .form("roster")
        .ok_or_else(|| Error::user(format!("{} has no `roster` form.", loaded.source.path)))?;
    // Cells are trimmed, so a CRLF file's CR goes with the spaces.
    let mut reader = crate::spreadsheet::reader_builder().from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::user(format!("{name}: cannot read the header row: {e}.")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err(Error::user(format!(
            "{name}: the roster is empty; it needs a header row."
        )));
    }
    // O5 (decided): more than one location is known from the account's
    // number of locations or from the roster itself (two or more distinct
    // Location values).
    let listed = listed_locations(form.fields, &headers, text);
    let locations = if listed > 1 && u64::from(locations) < listed as u64 {
        out::note(&format!(
            "{name}: the roster lists {listed} locations, so every user needs a State (O5)"
        ));
        u32::try_from(listed).unwrap_or(u32::MAX)
    } else {
        locations
    };
    let mut summary = serde_json::Map::new();
    summary.insert("locations".into(), json!(locations));
    // A column is needed for a required field, and for one whose
    // `required_when` holds of the account alone (O5: State, when the account
    // has more than one location).
    let mut account = serde_json::Map::new();
    for f in form.fields {
        account.insert(f.key.value.clone(), serde_json::Value::Null);
    }
    account.insert("summary".into(), serde_json::Value::Object(summary.clone()));
    let account =
        minijinja::Value::from(minijinja::value::Serde(serde_json::Value::Object(account)));
    let needed = |f: &Field| {
        f.required
            || f.required_when
                .as_ref()
                .is_some_and(|w| crate::template::holds(&w.value, &account).unwrap_or(false))
    };
    // Column of each field, by label or key.
    let mut columns: Vec<(usize, &Field)> = Vec::new();
    let mut missing = Vec::new();
    for f in form.fields {
        let found = headers.iter().position(|h| {
            h.eq_ignore_ascii_case(&f.label)
                || h.eq_ignore_ascii_case(&f.key.value)
                || h.replace(' ', "_").eq_ignore_ascii_case(&f.key.value)
        });
        match found {
            Some(i) => columns.push((i, f)),
            None if needed(f) => missing.push(f.label.clone()),
            None => {}
        }
    }
    if !missing.is_empty() {
        return Err(Error::user(format!(
            "{name}:1: the roster lacks the column{} {}; nothing was written.",
            out::plural(missing.len()),
            missing.join(", ")
        ))
        .with_hint(format!("the header row has: {}", headers.join(", "))));
    }
    for (i, h) in headers.iter().enumerate() {
        if !columns.iter().any(|(c, _)| *c == i) {
            out::warn(&format!(
                "{name}:1: column '{h}' is not part of the roster and is ignored"
            ));
        }
    }

    let mut clean = csv::WriterBuilder::new().from_writer(Vec::new());
    let fail = |e: csv::Error| Error::internal(format!("cannot write CSV: {e}"));
    clean
        .write_record(form.fields.iter().map(|f| f.label.as_str()))
        .map_err(fail)?;
    let (mut read, mut rejected) = (0usize, 0usize);
    for record in reader.records() {
        let record = record.map_err(|e| Error::user(format!("{name}: {e}.")))?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        read += 1;
        if record.len() != headers.len() {
            rejected += 1;
            out::error(&format!(
                "{name}:{line}: the row has {} fields where the header has {}",
                record.len(),
                headers.len()
            ));
            continue;
        }
        let mut provided = Provided::default();
        for (i, f) in &columns {
            let cell = record.get(*i).unwrap_or("").trim();
            if !cell.is_empty() {
                provided.values.insert(f.key.value.clone(), json!(cell));
            }
        }
        let result = Collector {
            playbook_id: &loaded.playbook.id.value,
            form,
            taxonomy: None,
            today,
            prompter: None,
            on_answer: None,
            summary: summary.clone(),
            defaults: Default::default(),
            cross: None,
        }
        .collect(&provided);
        match result {
            Ok(answers) => {
                let row: Vec<String> = form
                    .fields
                    .iter()
                    .map(|f| match answers.values.get(&f.key.value) {
                        Some(Value::Bool(b)) => if *b { "Yes" } else { "No" }.to_string(),
                        Some(v) => render::cell(&v.to_json()),
                        None => String::new(),
                    })
                    .collect();
                // The clean roster is uploaded as written: a cell a
                // spreadsheet would run is the row's error, not the LMS's.
                let running: Vec<String> = form
                    .fields
                    .iter()
                    .zip(&row)
                    .filter_map(|(f, cell)| {
                        crate::spreadsheet::formula_problem(cell).map(|why| {
                            let column = columns
                                .iter()
                                .find(|(_, g)| g.key.value == f.key.value)
                                .map_or(f.label.as_str(), |(i, _)| headers[*i].as_str());
                            format!("{name}:{line}: {column}: {why}")
                        })
                    })
                    .collect();
                if !running.is_empty() {
                    rejected += 1;
                    for r in running {
                        out::error(&r);
                    }
                    continue;
                }
                clean.write_record(&row).map_err(fail)?;
            }
            Err(CollectError::Invalid(problems)) => {
                rejected += 1;
                for p in problems {
                    let column = columns
                        .iter()
                        .find(|(_, f)| f.key.value == p.key)
                        .map(|(i, _)| headers[*i].clone())
                        .or_else(|| form.field(&p.key).map(|f| f.label.clone()))
                        .unwrap_or(p.key.clone());
                    out::error(&format!("{name}:{line}: {column}: {}", p.reason));
                }
            }
            Err(other) => return Err(Error::internal(format!("roster row {line}: {other:?}"))),
        }
    }
    let clean = clean
        .into_inner()
        .map_err(|e| Error::internal(e.to_string()))?;
    Ok(Checked {
        clean,
        read,
        rejected,
    })
}

/// How many distinct locations the roster's Location column names (case and
/// surrounding spaces aside).
fn listed_locations(fields: &[Field], headers: &[String], text: &str) -> usize {
    let Some(field) = fields.iter().find(|f| f.key.value == "location") else {
        return 0;
    };
    let Some(col) = headers.iter().position(|h| {
        h.eq_ignore_ascii_case(&field.label) || h.eq_ignore_ascii_case(&field.key.value)
    }) else {
        return 0;
    };
    let mut reader = crate::spreadsheet::reader_builder().from_reader(text.as_bytes());
    let mut seen = std::collections::HashSet::new();
    for record in reader.records().flatten() {
        if let Some(cell) = record.get(col).map(str::trim).filter(|c| !c.is_empty()) {
            seen.insert(cell.to_lowercase());
        }
    }
    seen.len()
}
