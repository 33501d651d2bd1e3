//! Account transitions (Account Transition SOP): the T3 route of an account,
//! and the team lead's batch over a CSV of any size.
//!
//! The batch validates each row with the same field rules as a single
//! transition, but reads cells straight from the CSV record (no templates),
//! so a million rows stream through in memory that does not grow.

use crate::batch::{self, Errors, Input, OutDir, Progress};
use crate::error::CliError;
use crate::fields::{self, Value};
use crate::playbook::Loaded;
use crate::playbook::model::Field;
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value as Json;

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

#[derive(Debug, Deserialize)]
struct OwnerUpdates {
    columns: IndexMap<String, String>,
}

/// The routing rules and templates of the transition playbook.
pub struct Router {
    manual_health: Vec<String>,
    templates: IndexMap<String, String>,
}

fn data<T: serde::de::DeserializeOwned>(loaded: &Loaded, key: &str) -> Result<T, CliError> {
    let v = loaded.playbook.data.get(key).cloned().unwrap_or(Json::Null);
    serde_json::from_value(v).map_err(|e| {
        CliError::user(format!(
            "{}: `data.{key}` is not in the expected shape: {e}.",
            loaded.source.path
        ))
    })
}

impl Router {
    pub fn new(loaded: &Loaded) -> Result<Self, CliError> {
        let manual_health: Vec<String> = data(loaded, "manual_health")?;
        if let Some(health) = loaded.playbook.field("health") {
            for h in &manual_health {
                if !health.choices.iter().any(|c| &c.key.value == h) {
                    return Err(CliError::user(format!(
                        "{}: data.manual_health names '{h}', which is not a choice of the health field.",
                        loaded.source.path
                    )));
                }
            }
        }
        Ok(Self {
            manual_health,
            templates: data(loaded, "templates")?,
        })
    }

    /// T3: manual with open opportunities, pending tasks or a manual health
    /// category; automated otherwise.
    pub fn route(&self, health: &str, open_opps: i64, pending_tasks: i64) -> Route {
        let mut reasons = Vec::new();
        if open_opps > 0 {
            reasons.push(format!(
                "{open_opps} open sales opportunit{}",
                if open_opps == 1 { "y" } else { "ies" }
            ));
        }
        if pending_tasks > 0 {
            reasons.push(format!(
                "{pending_tasks} pending task{}",
                if pending_tasks == 1 { "" } else { "s" }
            ));
        }
        if self.manual_health.iter().any(|h| h == health) {
            reasons.push(format!("health is {health}"));
        }
        Route {
            manual: !reasons.is_empty(),
            reasons,
        }
    }

    pub fn template(&self, route: &Route) -> &str {
        self.templates
            .get(route.name())
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Counts of a batch run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub read: u64,
    pub automated: u64,
    pub manual: u64,
    pub rejected: u64,
}

/// Options of a batch run.
pub struct BatchOptions<'a> {
    pub allow_extra: bool,
    pub today: NaiveDate,
    pub progress: &'a Progress,
}

const CS_OPS: &[&str] = &[
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

/// A cell validated for its field.
fn check_cell(field: &Field, cell: &str, cx: &fields::Context) -> Result<Value, String> {
    let raw = if field.kind.value.is_list() {
        Json::Array(
            cell.split(';')
                .map(|s| Json::String(s.trim().to_string()))
                .collect(),
        )
    } else {
        Json::String(cell.to_string())
    };
    fields::check(field, &raw, cx).map(|c| c.value)
}

/// Runs `cs transition batch`: reads `input`, writes cs-ops.csv,
/// owner-updates.csv and errors.csv into `out`. Each file appears only if
/// the whole input was read; a rejected row never stops the run.
pub fn run_batch(
    loaded: &Loaded,
    mut input: Input,
    out: &OutDir,
    opts: BatchOptions,
) -> Result<Summary, CliError> {
    let p = &loaded.playbook;
    let router = Router::new(loaded)?;
    let required: Vec<String> = data(loaded, "batch_required")?;
    let owner: OwnerUpdates = data(loaded, "owner_updates")?;
    let name = input.name.clone();
    let headers = input.header_names()?;

    // Columns: each header must be a field key (any order, any case).
    let mut columns: Vec<Option<&Field>> = Vec::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        let field = p
            .fields
            .iter()
            .find(|f| f.key.value.eq_ignore_ascii_case(h));
        if field.is_none() && !opts.allow_extra {
            return Err(CliError::user(format!(
                "{name}:1: column {} '{h}' is not an answer key of the transition playbook; nothing was written.",
                i + 1
            ))
            .with_hint("rename it to one of the keys (cs playbook show transition), or pass --allow-extra to ignore it"));
        }
        if let Some(f) = field
            && columns.iter().flatten().any(|g| g.key.value == f.key.value)
        {
            return Err(CliError::user(format!(
                "{name}:1: column '{h}' appears twice; nothing was written."
            )));
        }
        columns.push(field);
    }
    let missing: Vec<&str> = required
        .iter()
        .filter(|k| !columns.iter().flatten().any(|f| &f.key.value == *k))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(CliError::user(format!(
            "{name}:1: the header lacks the required column{} {}; nothing was written.",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )));
    }
    for key in owner.columns.values() {
        if p.field(key).is_none() {
            return Err(CliError::user(format!(
                "{}: data.owner_updates names '{key}', which is not a field.",
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

    let mut cs_ops = out.csv("cs-ops.csv", CS_OPS)?;
    let owner_header: Vec<&str> = owner.columns.keys().map(String::as_str).collect();
    let mut owner_out = out.csv("owner-updates.csv", &owner_header)?;
    let mut errors = Errors::new(out, &headers)?;

    let mut summary = Summary::default();
    let mut record = csv::ByteRecord::new();
    let mut values: Vec<Option<Value>> = vec![None; p.fields.len()];
    let empty = IndexMap::new();
    let cx = fields::Context {
        today: opts.today,
        taxonomy: None,
        answers: &empty,
    };
    let col_fields: Vec<Option<usize>> = columns
        .iter()
        .map(|c| c.and_then(|f| field_index(&f.key.value)))
        .collect();
    let required_idx: Vec<usize> = required.iter().filter_map(|k| field_index(k)).collect();
    let col_of: Vec<Option<usize>> = (0..p.fields.len())
        .map(|fi| col_fields.iter().position(|c| *c == Some(fi)))
        .collect();
    let (i_health, i_opps, i_tasks) = (
        field_index("health"),
        field_index("open_opps"),
        field_index("pending_tasks"),
    );

    loop {
        if batch::interrupted() {
            return Err(CliError::interrupted("interrupted; nothing was written."));
        }
        match input.reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(batch::read_error(&name, &e)),
        }
        summary.read += 1;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if summary.read.is_multiple_of(8192) {
            opts.progress.update(
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
        values.iter_mut().for_each(|v| *v = None);
        let mut bad = false;
        for (col, fi) in col_fields.iter().enumerate() {
            let Some(fi) = *fi else { continue };
            let field = &p.fields[fi];
            let cell = match std::str::from_utf8(&record[col]) {
                Ok(s) => s.trim(),
                Err(_) => {
                    bad = true;
                    errors.add(line, &headers[col], "the cell is not UTF-8 text", &record)?;
                    continue;
                }
            };
            if cell.is_empty() {
                continue;
            }
            match check_cell(field, cell, &cx) {
                Ok(v) => values[fi] = Some(v),
                Err(why) => {
                    bad = true;
                    errors.add(line, &headers[col], &why, &record)?;
                }
            }
        }
        // A required cell left empty is missing (an invalid one was reported above).
        for &fi in &required_idx {
            if values[fi].is_none()
                && let Some(col) = col_of[fi]
                && record[col].iter().all(u8::is_ascii_whitespace)
            {
                bad = true;
                errors.add(line, &headers[col], "an answer is required", &record)?;
            }
        }
        if bad {
            summary.rejected += 1;
            continue;
        }
        for (fi, v) in values.iter_mut().enumerate() {
            if v.is_none() {
                v.clone_from(&defaults[fi]);
            }
        }
        let text = |i: Option<usize>| match i.and_then(|i| values[i].as_ref()) {
            Some(Value::Text(s)) => s.as_str(),
            _ => "",
        };
        let int = |i: Option<usize>| match i.and_then(|i| values[i].as_ref()) {
            Some(Value::Integer(n)) => *n,
            _ => 0,
        };
        let route = router.route(text(i_health), int(i_opps), int(i_tasks));
        if route.manual {
            summary.manual += 1;
        } else {
            summary.automated += 1;
        }
        let cell = |key: &str| -> String {
            match field_index(key).and_then(|i| values[i].as_ref()) {
                Some(v) => crate::render::cell(&v.to_json()),
                None => String::new(),
            }
        };
        cs_ops.row([
            cell("account_id"),
            cell("account_name"),
            cell("from_csm"),
            cell("to_csm"),
            cell("reason"),
            cell("health"),
            int(field_index("open_opps")).to_string(),
            int(field_index("pending_tasks")).to_string(),
            int(field_index("open_tickets")).to_string(),
            route.name().to_string(),
            route.reasons.join("; "),
            router.template(&route).to_string(),
        ])?;
        let owner_row: Vec<String> = owner
            .columns
            .values()
            .map(|key| {
                let v = cell(key);
                batch::bulk_cell(Some(&v)).to_string()
            })
            .collect();
        owner_out.row(&owner_row)?;
    }
    opts.progress.finish();
    cs_ops.commit()?;
    owner_out.commit()?;
    errors.commit()?;
    Ok(summary)
}

/// The facts of one transition (`cs transition`).
pub fn facts(
    loaded: &Loaded,
    values: &IndexMap<String, Value>,
) -> Result<IndexMap<String, Json>, CliError> {
    let router = Router::new(loaded)?;
    let int = |k: &str| match values.get(k) {
        Some(Value::Integer(n)) => Some(*n),
        _ => None,
    };
    let health = match values.get("health") {
        Some(Value::Text(h)) => h.as_str(),
        _ => "",
    };
    let route = router.route(
        health,
        int("open_opps").unwrap_or(0),
        int("pending_tasks").unwrap_or(0),
    );
    let gap = |a: &str, b: &str| match (int(a), int(b)) {
        (Some(x), Some(y)) => Json::from(x - y),
        _ => Json::Null,
    };
    let mut s = IndexMap::new();
    s.insert("route".into(), Json::from(route.name()));
    s.insert("reasons".into(), Json::from(route.reasons.clone()));
    s.insert("template".into(), Json::from(router.template(&route)));
    s.insert("users_gap".into(), gap("users_active", "users_paid"));
    s.insert(
        "providers_gap".into(),
        gap("providers_active", "providers_contracted"),
    );
    Ok(s)
}
