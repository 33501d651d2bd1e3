//! `cs onboard`: the onboarding plan of a core or digital account (MT-CS-002,
//! MT-CS-020), and `cs onboard roster`, the user-roster check (O5).
//! The SOP lives in playbooks/onboarding.yaml (fields, the training matrix,
//! webinars, sequences, templates); this module computes what data cannot:
//! the D1 segment, next webinar dates, the O3 date order, and rows of a CSV.

use super::Ctx;
use super::workflow::{self, Facts, Workflow};
use crate::cli::Format;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use cs::answers::{CollectError, Collector, Provided};
use cs::error::CliError;
use cs::fields::Value;
use cs::out;
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;
use std::path::PathBuf;

const ONBOARD: Workflow = Workflow {
    command: "onboard",
    playbook: "onboarding",
    form: "",
};

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Without a subcommand, plans an onboarding.\n\nExamples:\n  cs onboard\n  cs onboard --answers acme.yaml --format json\n  cs onboard --answers acme.yaml --set outcome=cancellation_requested --escalation case.yaml\n  cs onboard roster users.csv --out clean.csv --locations 3"
)]
pub struct Args {
    #[command(subcommand)]
    pub cmd: Option<Sub>,
    #[command(flatten)]
    pub answers: workflow::Args,
    /// Answers for the escalation case of a cancellation request (O9): a YAML
    /// or JSON map of `cs escalate` keys. The account, products, MRR and FMC
    /// come from the onboarding answers.
    #[arg(long, value_name = "FILE")]
    pub escalation: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Check a user roster (O5) and write its clean rows.
    Roster(RosterArgs),
}

#[derive(Debug, clap::Args)]
pub struct RosterArgs {
    /// The roster: a CSV with a header row (Username/Email, First Name, Last
    /// Name, Position, Location, State, Department, Account Level, Send
    /// registration email, Registration email date).
    pub file: PathBuf,
    /// Where to write the clean rows as CSV (`-` for stdout).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The account's number of locations; above 1, every user needs a State.
    #[arg(long, default_value_t = 1)]
    pub locations: u32,
}

pub fn exec(ctx: &Ctx, args: &Args) -> Result<(), CliError> {
    match &args.cmd {
        Some(Sub::Roster(r)) => roster(ctx, r),
        None => onboard(ctx, args),
    }
}

/// A module of the training matrix: a name, or a name with its topics.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
enum MatrixModule {
    Name(String),
    WithTopics(BTreeMap<String, Vec<String>>),
}

#[derive(Debug, Serialize)]
struct Module {
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    topics: Vec<String>,
}

/// The products in the playbook's training order.
fn ordered(products: &[String], order: &[String]) -> Vec<String> {
    let mut v: Vec<String> = order
        .iter()
        .filter(|o| products.contains(o))
        .cloned()
        .collect();
    v.extend(products.iter().filter(|p| !order.contains(p)).cloned());
    v
}

/// O6: the training sessions of a product combination, in order.
fn training_sessions(
    loaded: &cs::playbook::Loaded,
    products: &[String],
) -> Result<Vec<Json>, CliError> {
    let matrix: BTreeMap<String, Vec<Vec<MatrixModule>>> = loaded.data("training_sessions")?;
    let order: Vec<String> = loaded.data("training_order")?;
    let mut out = Vec::new();
    for product in ordered(products, &order) {
        let sessions = matrix.get(&product).ok_or_else(|| {
            CliError::user(format!(
                "{}: the training matrix (data.training_sessions) has no sessions for {product}.",
                loaded.source.path
            ))
        })?;
        for (i, s) in sessions.iter().enumerate() {
            let modules: Vec<Module> = s
                .iter()
                .flat_map(|m| match m {
                    MatrixModule::Name(n) => vec![Module {
                        name: n.clone(),
                        topics: vec![],
                    }],
                    MatrixModule::WithTopics(map) => map
                        .iter()
                        .map(|(n, t)| Module {
                            name: n.clone(),
                            topics: t.clone(),
                        })
                        .collect(),
                })
                .collect();
            let n = out.len() + 1;
            out.push(json!({
                "session": n,
                "title": format!("Training {n}: {product}{}", if sessions.len() > 1 { format!(" part {}", i + 1) } else { String::new() }),
                "product": product,
                "modules": modules,
            }));
        }
    }
    Ok(out)
}

/// The first `weekday` strictly after `today`.
fn next_weekday(today: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() as i64
        - today.weekday().num_days_from_monday() as i64)
        % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    today
        .checked_add_days(Days::new(ahead as u64))
        .unwrap_or(today)
}

/// D3: the webinars of a digital account's products, with their next dates.
fn webinars(
    loaded: &cs::playbook::Loaded,
    products: &[String],
    today: NaiveDate,
) -> Result<Vec<Json>, CliError> {
    let all: BTreeMap<String, serde_json::Map<String, Json>> = loaded.data("webinars")?;
    let order: Vec<String> = loaded.data("training_order")?;
    let mut out = Vec::new();
    for product in ordered(products, &order) {
        let Some(w) = all.get(&product) else { continue };
        let mut entry = w.clone();
        entry.insert("product".into(), json!(product));
        if w.get("case_by_case").and_then(Json::as_bool) == Some(true) {
            entry.insert(
                "title".into(),
                json!(format!("{product} training, arranged case by case")),
            );
        } else {
            let day = w.get("weekday").and_then(Json::as_str).unwrap_or_default();
            let weekday: Weekday = day.parse().map_err(|_| {
                CliError::user(format!(
                    "{}: data.webinars.{product}.weekday '{day}' is not a weekday.",
                    loaded.source.path
                ))
            })?;
            let time = w.get("time").and_then(Json::as_str).unwrap_or_default();
            entry.insert(
                "title".into(),
                json!(format!("{product} webinar, {day}s at {time}")),
            );
            entry.insert(
                "next_date".into(),
                json!(next_weekday(today, weekday).format("%Y-%m-%d").to_string()),
            );
        }
        out.push(Json::Object(entry));
    }
    Ok(out)
}

fn onboard(ctx: &Ctx, args: &Args) -> Result<(), CliError> {
    ctx.format(
        &[Format::Text, Format::Json, Format::Csv],
        Ctx::auto(),
        ONBOARD.command,
    )?;
    let c = workflow::collect(ctx, ONBOARD, &args.answers)?;
    let v = &c.answers.values;
    let list = |k: &str| match v.get(k) {
        Some(Value::List(l)) => l.clone(),
        _ => Vec::new(),
    };
    let flag = |k: &str| matches!(v.get(k), Some(Value::Bool(true)));
    let date = |k: &str| match v.get(k) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    };
    let products = list("products");
    let users = match v.get("users") {
        Some(Value::Integer(n)) => *n,
        _ => 0,
    };
    let mrr = match v.get("mrr") {
        Some(Value::Money(c)) => *c,
        _ => 0,
    };
    let outcome = match v.get("outcome") {
        Some(Value::Text(o)) => o.as_str(),
        _ => "in_progress",
    };

    // O3: the onboarding dates in order, and completed dates not in the future.
    let mut problems = Vec::new();
    let (scheduled, completed, lms) = (
        date("call_scheduled_for"),
        date("call_completed_date"),
        date("lms_setup_completed_date"),
    );
    if let (Some(s), Some(d)) = (scheduled, completed)
        && d < s
    {
        problems.push(format!(
            "  call_completed_date: {d} is before call_scheduled_for {s} (O3)"
        ));
    }
    if let (Some(d), Some(l)) = (completed, lms)
        && l < d
    {
        problems.push(format!(
            "  lms_setup_completed_date: {l} is before call_completed_date {d} (O3)"
        ));
    }
    for (key, d) in [
        ("call_completed_date", completed),
        ("lms_setup_completed_date", lms),
    ] {
        if let Some(d) = d
            && d > ctx.today
        {
            problems.push(format!("  {key}: {d} is after today ({}); a date is marked completed once it has happened (O3)", ctx.today));
        }
    }
    if !problems.is_empty() {
        let n = problems.len();
        return Err(c.fail(
            ONBOARD,
            CliError::user(format!(
                "{n} onboarding date{} out of order; nothing was written.",
                if n == 1 { " is" } else { "s are" }
            ))
            .with_details(problems),
        ));
    }

    // D1: digital is under 50 users AND under $500.00 MRR.
    let digital = users < 50 && mrr < 50_000;
    let mut subtypes = Vec::new();
    if flag("fmc")
        && products
            .iter()
            .any(|p| p == "Learning" || p == "Compliance")
    {
        subtypes.push("hybrid");
    }
    for k in ["franchise", "smb", "gameday"] {
        if flag(k) {
            subtypes.push(k);
        }
    }
    let sequences: BTreeMap<String, String> = c.loaded.data("sequences")?;
    let sequence = if !digital {
        Json::Null
    } else if flag("gameday") {
        json!(sequences.get("gameday"))
    } else {
        json!(sequences.get("standard"))
    };
    let training_plan = if digital {
        webinars(&c.loaded, &products, ctx.today)?
    } else {
        training_sessions(&c.loaded, &products)?
    };

    let mut facts = Facts::default();
    let s = &mut facts.summary;
    s.insert(
        "segment".into(),
        json!(if digital { "digital" } else { "core" }),
    );
    s.insert("subtypes".into(), json!(subtypes));
    s.insert("sequence".into(), sequence);
    s.insert("training_plan".into(), json!(training_plan));
    s.insert(
        "call_date".into(),
        json!(
            completed
                .or(scheduled)
                .map(|d| d.format("%Y-%m-%d").to_string())
        ),
    );
    let failed = outcome == "failed_to_onboard";
    s.insert(
        "failed_case_due".into(),
        if failed {
            json!(
                ctx.today
                    .checked_add_days(Days::new(30))
                    .map(|d| d.format("%Y-%m-%d").to_string())
            )
        } else {
            Json::Null
        },
    );
    s.insert(
        "onboarding_completed".into(),
        if failed { json!(true) } else { Json::Null },
    );

    let mut plan = workflow::plan(ctx, ONBOARD, &c, facts)?;

    // O9: a cancellation request becomes the escalation case of MT-CS-005,
    // built by the escalation playbook itself.
    let mut escalation = None;
    if outcome == "cancellation_requested" {
        let mut seed = Provided::default();
        for (k, val) in [
            ("account_name", "account_name"),
            ("products", "products"),
            ("mrr", "mrr"),
            ("fmc", "fmc"),
        ] {
            if let Some(x) = v.get(val) {
                seed.values.insert(
                    k.into(),
                    match x {
                        Value::Money(cents) => json!(cs::fields::format_usd(*cents)),
                        other => other.to_json(),
                    },
                );
            }
        }
        seed.values.insert("cancellation".into(), json!(true));
        let esc_args = workflow::Args {
            answers: args.escalation.clone(),
            set: Vec::new(),
        };
        let wf = Workflow {
            command: "onboard",
            playbook: "escalation",
            form: "",
        };
        let (ec, eplan) = super::escalate::case_plan(ctx, wf, &esc_args, seed).map_err(|e| {
            let e = c.fail(ONBOARD, e);
            if args.escalation.is_none() {
                e.with_hint("a cancellation request opens an escalation case: pass its answers with --escalation FILE")
            } else {
                e
            }
        })?;
        plan.summary.insert(
            "escalation".into(),
            json!({"playbook": eplan.playbook, "summary": eplan.summary}),
        );
        plan.records.extend(eplan.records);
        plan.messages.extend(eplan.messages);
        plan.drafts.extend(eplan.drafts);
        plan.schedule.extend(eplan.schedule);
        plan.schedule.sort_by(|a, b| a.date.cmp(&b.date));
        plan.checklist.extend(eplan.checklist);
        plan.warnings.extend(eplan.warnings);
        escalation = Some(ec);
    }
    workflow::emit(ctx, ONBOARD, &plan)?;
    c.done();
    if let Some(ec) = escalation {
        ec.done();
    }
    Ok(())
}

/// The clean rows' CSV, the count read and the problems, for a roster.
fn roster(ctx: &Ctx, args: &RosterArgs) -> Result<(), CliError> {
    let loaded = ctx.library.load("onboarding")?;
    let form = loaded
        .playbook
        .form("roster")
        .ok_or_else(|| CliError::user(format!("{} has no `roster` form.", loaded.source.path)))?;
    let name = args.file.display().to_string();
    let text = cs::error::read_file(&args.file)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| CliError::user(format!("{name}: cannot read the header row: {e}.")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err(CliError::user(format!(
            "{name}: the roster is empty; it needs a header row."
        )));
    }
    // Column of each field, by label or key.
    let mut columns: Vec<(usize, &cs::playbook::model::Field)> = Vec::new();
    let mut missing = Vec::new();
    for f in form.fields {
        let found = headers.iter().position(|h| {
            h.eq_ignore_ascii_case(&f.label)
                || h.eq_ignore_ascii_case(&f.key.value)
                || h.replace(' ', "_").eq_ignore_ascii_case(&f.key.value)
        });
        match found {
            Some(i) => columns.push((i, f)),
            None if f.required || (f.key.value == "state" && args.locations > 1) => {
                missing.push(f.label.clone())
            }
            None => {}
        }
    }
    if !missing.is_empty() {
        return Err(CliError::user(format!(
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

    let mut summary = serde_json::Map::new();
    summary.insert("locations".into(), json!(args.locations));
    let mut clean = csv::WriterBuilder::new().from_writer(Vec::new());
    let fail = |e: csv::Error| CliError::internal(format!("cannot write CSV: {e}"));
    clean
        .write_record(form.fields.iter().map(|f| f.label.as_str()))
        .map_err(fail)?;
    let (mut read, mut bad) = (0usize, 0usize);
    for record in reader.records() {
        let record = record.map_err(|e| CliError::user(format!("{name}: {e}.")))?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        read += 1;
        if record.len() != headers.len() {
            bad += 1;
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
            today: ctx.today,
            prompter: None,
            on_answer: None,
            summary: summary.clone(),
        }
        .collect(&provided);
        match result {
            Ok(answers) => {
                let row: Vec<String> = form
                    .fields
                    .iter()
                    .map(|f| match answers.values.get(&f.key.value) {
                        Some(Value::Bool(b)) => if *b { "Yes" } else { "No" }.to_string(),
                        Some(v) => cs::render::cell(&v.to_json()),
                        None => String::new(),
                    })
                    .collect();
                clean.write_record(&row).map_err(fail)?;
            }
            Err(CollectError::Invalid(problems)) => {
                bad += 1;
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
            Err(other) => return Err(CliError::internal(format!("roster row {line}: {other:?}"))),
        }
    }
    let bytes = clean
        .into_inner()
        .map_err(|e| CliError::internal(e.to_string()))?;
    if args.out.as_os_str() == "-" {
        out::data(&String::from_utf8_lossy(&bytes));
    } else {
        cs::files::write_atomic(&args.out, &bytes)?;
    }
    let msg = format!(
        "{name}: {read} row{} read, {} clean, {bad} rejected; clean rows written to {}.",
        out::plural(read),
        read - bad,
        if args.out.as_os_str() == "-" {
            "stdout".to_string()
        } else {
            args.out.display().to_string()
        }
    );
    if bad > 0 {
        return Err(CliError::user(msg));
    }
    out::note(&msg);
    Ok(())
}
