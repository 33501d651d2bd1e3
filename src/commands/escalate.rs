//! `cs escalate`: open an escalation case, move it through its statuses,
//! write the daily note, and plan the follow-up cadence (MT-CS-005).
//! The SOP lives in playbooks/escalation.yaml; this module holds what data
//! cannot: the status-machine check, the 24-hour check, the notes file.

use super::Ctx;
use super::workflow::{self, Facts, Workflow};
use crate::cli::Format;
use cs::error::{CliError, decode_utf8, read_file};
use cs::fields::Value;
use cs::fields::note;
use cs::{out, render};
use serde_json::json;
use std::io::Read;
use std::path::PathBuf;

const CREATE: Workflow = Workflow {
    command: "escalate",
    playbook: "escalation",
    form: "",
};
const ADVANCE: Workflow = Workflow {
    command: "escalate advance",
    playbook: "escalation",
    form: "advance",
};
const NOTE: Workflow = Workflow {
    command: "escalate note",
    playbook: "escalation",
    form: "note",
};
const CADENCE: Workflow = Workflow {
    command: "escalate cadence",
    playbook: "escalation",
    form: "cadence",
};

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Without a subcommand, opens a case.\n\nExamples:\n  cs escalate\n  cs escalate --answers case.yaml --format json > plan.json\n  cs escalate advance --set case_id=00012345 --set current_status=new --set status=call_scheduled \\\n      --set case_created=2026-11-20 --set call_scheduled_for=2026-11-21\n  cs escalate note --existing notes.txt --set case_id=00012345 --set 'note=11/20/26_MM:Customer unresponsive'\n  cs escalate cadence --set 'account_name=Acme Clinic' --format ics > follow-up.ics"
)]
pub struct Args {
    #[command(subcommand)]
    pub cmd: Option<Sub>,
    #[command(flatten)]
    pub answers: workflow::Args,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Move a case to its next status (New, Call Scheduled, Call Completed,
    /// Waiting Approval, Approved, Denied, Can't Reach Client).
    Advance(workflow::Args),
    /// Append today's note to the case's Escalation Notes (N3).
    Note(NoteArgs),
    /// The 10-business-day follow-up plan for an unresponsive account, as CSV or ICS (E10, N4).
    Cadence(workflow::Args),
}

#[derive(Debug, clap::Args)]
pub struct NoteArgs {
    /// The case's Escalation Notes so far, one note a line (`-` reads stdin).
    #[arg(long, value_name = "FILE")]
    pub existing: Option<PathBuf>,
    /// Add the note even if the notes already have one for its day.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub answers: workflow::Args,
}

pub fn exec(ctx: &Ctx, args: &Args) -> Result<(), CliError> {
    match &args.cmd {
        None => create(ctx, &args.answers),
        Some(Sub::Advance(a)) => advance(ctx, a),
        Some(Sub::Note(a)) => add_note(ctx, a),
        Some(Sub::Cadence(a)) => cadence(ctx, a),
    }
}

fn text<'a>(c: &'a workflow::Collected, key: &str) -> Option<&'a str> {
    match c.answers.values.get(key) {
        Some(Value::Text(s)) => Some(s),
        _ => None,
    }
}

fn date(c: &workflow::Collected, key: &str) -> Option<chrono::NaiveDate> {
    match c.answers.values.get(key) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    }
}

fn create(ctx: &Ctx, args: &workflow::Args) -> Result<(), CliError> {
    ctx.format(
        &[Format::Text, Format::Json, Format::Csv],
        Ctx::auto(),
        CREATE.command,
    )?;
    let (c, plan) = case_plan(ctx, CREATE, args, Default::default())?;
    workflow::emit(ctx, CREATE, &plan)?;
    c.done();
    Ok(())
}

/// The escalation case plan (E3-E5, E10), for `cs escalate` and for other
/// commands that open an escalation (O9: a cancellation during onboarding).
pub fn case_plan(
    ctx: &Ctx,
    wf: Workflow,
    args: &workflow::Args,
    seed: cs::answers::Provided,
) -> Result<(workflow::Collected, cs::plan::Plan), CliError> {
    let wf = Workflow {
        form: "",
        playbook: CREATE.playbook,
        ..wf
    };
    let c = workflow::collect_with(ctx, wf, args, seed)?;
    let taxonomy = ctx.library.taxonomy()?;
    let mut facts = Facts::default();
    if let Some(r) = text(&c, "reason").and_then(|r| taxonomy.find_reason(r)) {
        facts.summary.insert("category".into(), json!(r.category));
    }
    let flag = |k: &str| matches!(c.answers.values.get(k), Some(Value::Bool(true)));
    facts
        .summary
        .insert("cancellation".into(), json!(flag("cancellation")));
    facts
        .summary
        .insert("slack_channel".into(), json!(flag("fmc")));
    let plan = workflow::plan(ctx, wf, &c, facts)?;
    Ok((c, plan))
}

fn advance(ctx: &Ctx, args: &workflow::Args) -> Result<(), CliError> {
    ctx.format(
        &[Format::Text, Format::Json, Format::Csv],
        Ctx::auto(),
        ADVANCE.command,
    )?;
    let c = workflow::collect(ctx, ADVANCE, args)?;
    let p = &c.loaded.playbook;
    let (Some(from), Some(to)) = (text(&c, "current_status"), text(&c, "status")) else {
        return Err(CliError::internal(
            "the advance form must ask current_status and status",
        ));
    };
    let label = |k: &str| {
        p.status(k)
            .map(|s| s.label.clone())
            .unwrap_or_else(|| k.to_string())
    };
    let Some(from_status) = p.status(from) else {
        return Err(c.fail(
            ADVANCE,
            CliError::user(format!(
                "'{from}' is not a status of the escalation playbook."
            )),
        ));
    };
    if !from_status.next.iter().any(|n| n.value == to) {
        let allowed: Vec<String> = from_status.next.iter().map(|n| label(&n.value)).collect();
        let msg = if allowed.is_empty() {
            format!(
                "a case cannot move from {} to {} (E9): {} is final.",
                label(from),
                label(to),
                label(from)
            )
        } else {
            format!(
                "a case cannot move from {} to {} (E9); from {} it may move to: {}.",
                label(from),
                label(to),
                label(from),
                allowed.join(", ")
            )
        };
        return Err(c.fail(ADVANCE, CliError::user(msg)));
    }
    let mut facts = Facts::default();
    facts.summary.insert("from".into(), json!(from));
    facts.summary.insert("to".into(), json!(to));
    facts
        .summary
        .insert("from_label".into(), json!(label(from)));
    facts
        .summary
        .insert("status_label".into(), json!(label(to)));
    facts.summary.insert(
        "send_final".into(),
        if to == "cant_reach_client" {
            json!(true)
        } else {
            json!(null)
        },
    );
    // E5: the call is due within 24 hours of the escalation.
    if let (Some(created), Some(call)) = (date(&c, "case_created"), date(&c, "call_scheduled_for"))
    {
        if call < created {
            return Err(c.fail(
                ADVANCE,
                CliError::user(format!(
                    "call_scheduled_for ({call}) is before the case was created ({created})."
                )),
            ));
        }
        if (call - created).num_days() > 1 {
            facts.warnings.push(format!(
                "the call is scheduled for {call}, more than 24 hours after the case was created on {created} (E5 asks for a call within 24 hours)"
            ));
        }
    }
    if let Some(d) = date(&c, "call_completed_date")
        && d > ctx.today
    {
        return Err(c.fail(
            ADVANCE,
            CliError::user(format!(
                "call_completed_date ({d}) is after today ({}); a call is completed once it has happened.",
                ctx.today
            )),
        ));
    }
    let plan = workflow::plan(ctx, ADVANCE, &c, facts)?;
    workflow::emit(ctx, ADVANCE, &plan)?;
    c.done();
    Ok(())
}

/// The existing notes: (line number, text) of every non-blank line.
fn existing_notes(path: &std::path::Path) -> Result<(String, Vec<(usize, String)>), CliError> {
    let (name, text) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::user(format!("cannot read the notes from stdin: {e}.")))?;
        ("<stdin>".to_string(), decode_utf8(&bytes, "<stdin>")?)
    } else {
        (path.display().to_string(), read_file(path)?)
    };
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r').to_string()))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    Ok((name, lines))
}

fn add_note(ctx: &Ctx, args: &NoteArgs) -> Result<(), CliError> {
    ctx.format(
        &[Format::Text, Format::Json, Format::Csv],
        Ctx::auto(),
        NOTE.command,
    )?;
    let both_stdin = args
        .existing
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "-")
        && args
            .answers
            .answers
            .as_deref()
            .is_some_and(|p| p.as_os_str() == "-");
    if both_stdin {
        return Err(CliError::user(
            "--existing and --answers cannot both read stdin.",
        ));
    }
    let (name, lines) = match &args.existing {
        Some(p) => existing_notes(p)?,
        None => (String::new(), Vec::new()),
    };
    let c = workflow::collect(ctx, NOTE, &args.answers)?;
    let Some(new) = text(&c, "note") else {
        return Err(CliError::internal("the note form must ask for a note"));
    };
    let new = note::parse(new).map_err(|e| CliError::internal(e.to_string()))?;
    let mut facts = Facts::default();
    let mut latest: Option<chrono::NaiveDate> = None;
    for (line, text) in &lines {
        match note::parse(text) {
            Ok(n) => {
                if n.date == new.date && !args.force {
                    return Err(c.fail(
                        NOTE,
                        CliError::user(format!(
                            "{name}:{line}: the Escalation Notes already have a note for {} ('{text}'); N3 asks for one a day.",
                            new.date.format("%m/%d/%y")
                        ))
                        .with_hint("add --force to add a second note for the same day"),
                    ));
                }
                latest = latest.max(Some(n.date));
            }
            Err(e) => facts.warnings.push(format!(
                "{name}:{line}: an existing note is not in N1 form: {e}"
            )),
        }
    }
    if new.date != ctx.today {
        facts.warnings.push(format!(
            "the note is dated {}, not today ({}); N3 asks for a note every day",
            new.date, ctx.today
        ));
    }
    if let Some(l) = latest
        && new.date < l
    {
        facts.warnings.push(format!(
            "the note is dated {}, before the newest existing note ({l}); notes are kept newest last",
            new.date
        ));
    }
    let mut all: Vec<String> = lines.into_iter().map(|(_, t)| t).collect();
    all.push(new.to_string());
    facts.summary.insert("notes_count".into(), json!(all.len()));
    facts
        .summary
        .insert("appended".into(), json!(new.to_string()));
    facts.summary.insert("notes".into(), json!(all.join("\n")));
    let plan = workflow::plan(ctx, NOTE, &c, facts)?;
    workflow::emit(ctx, NOTE, &plan)?;
    c.done();
    Ok(())
}

fn cadence(ctx: &Ctx, args: &workflow::Args) -> Result<(), CliError> {
    let format = ctx.format(
        &[Format::Csv, Format::Ics, Format::Json, Format::Text],
        Format::Csv,
        CADENCE.command,
    )?;
    let c = workflow::collect(ctx, CADENCE, args)?;
    let plan = workflow::plan(ctx, CADENCE, &c, Facts::default())?;
    match format {
        Format::Ics => {
            let name = format!(
                "Follow-up: {}",
                text(&c, "account_name").unwrap_or("account")
            );
            out::data(&render::ics::schedule_ics(&plan, &name, ctx.today));
        }
        Format::Csv => out::data(&render::schedule_csv(&plan)?),
        _ => workflow::emit(ctx, CADENCE, &plan)?,
    }
    c.done();
    Ok(())
}
