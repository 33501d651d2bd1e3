//! `cs escalate`: open an escalation case, move it through its statuses,
//! write the daily note, and plan the follow-up cadence (MT-CS-005). The SOP
//! is `cs::sops::escalation` and playbooks/escalation.yaml.

use super::workflow;
use super::{Ctx, Format};
use cs::error::Error;
use cs::sops::escalation::{Advance, CADENCE, Cadence, Note, Notes, Open};
use cs::{out, render};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Without a subcommand, opens a case.\n\nExamples:\n  cs escalate\n  cs escalate --account \\\n      https://medtrainer.lightning.force.com/lightning/r/Account/001000000000001AAA/view\n  cs escalate --answers examples/escalation.yaml --format json > plan.json\n  cs escalate advance --set case_id=00012345 --set current_status=new --set status=call_scheduled \\\n      --set case_created=2026-11-20 --set call_scheduled_for=2026-11-23\n  cs escalate note --existing examples/notes.txt --set case_id=00012345 \\\n      --set 'note=11/20/26_MM:Customer unresponsive'\n  cs escalate note --from-org --set case_id=00012345 \\\n      --set 'note=11/20/26_MM:Customer unresponsive'\n  cs escalate cadence --set 'account_name=Acme Clinic' --format ics > follow-up.ics"
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
    #[command(
        after_help = "Examples:\n  cs escalate advance --set case_id=00012345 --set current_status=new --set status=call_scheduled \\\n      --set case_created=2026-11-20 --set call_scheduled_for=2026-11-23\n  cs escalate advance --set case_id=00012345 --set current_status=denied --set status=approved"
    )]
    Advance(workflow::Args),
    /// Append today's note to the case's Escalation Notes (N3).
    #[command(
        after_help = "Examples:\n  cs escalate note --existing examples/notes.txt --set case_id=00012345 \\\n      --set 'note=11/20/26_MM:Called again'\n  cs escalate note --from-org --set case_id=00012345 \\\n      --set 'note=11/20/26_MM:Called again'\n  cs escalate note --first --set case_id=00012345 \\\n      --set 'note=11/20/26_MM:Case opened'"
    )]
    Note(NoteArgs),
    /// The 10-business-day follow-up plan for an unresponsive account, as CSV or ICS (E10, N4).
    #[command(
        after_help = "Examples:\n  cs escalate cadence --set 'account_name=Acme Family Clinic' --set initials=MM\n  cs escalate cadence --set 'account_name=Acme Family Clinic' --format ics > follow-up.ics"
    )]
    Cadence(workflow::Args),
}

#[derive(Debug, clap::Args)]
pub struct NoteArgs {
    /// The case's Escalation Notes so far, one note a line (`-` reads stdin); the new note is appended to them.
    #[arg(long, value_name = "FILE")]
    pub existing: Option<PathBuf>,
    /// The case has no Escalation Notes yet: this note starts them.
    #[arg(long, conflicts_with = "existing")]
    pub first: bool,
    /// Read the case's Escalation Notes from Salesforce (the credentials of cs submit) and append to them.
    #[arg(long, conflicts_with_all = ["existing", "first"])]
    pub from_org: bool,
    /// Add the note even if the notes already have one for its day.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub answers: workflow::Args,
}

pub fn exec(ctx: &Ctx, args: &Args) -> Result<(), Error> {
    match &args.cmd {
        None => workflow::run(ctx, &Open::default(), &args.answers),
        Some(Sub::Advance(a)) => workflow::run(ctx, &Advance, a),
        Some(Sub::Note(a)) => note(ctx, a),
        Some(Sub::Cadence(a)) => cadence(ctx, a),
    }
}

fn note(ctx: &Ctx, args: &NoteArgs) -> Result<(), Error> {
    workflow::plan_format(ctx, "escalate note")?;
    let is_stdin = |p: &Option<PathBuf>| p.as_deref().is_some_and(|p| p.as_os_str() == "-");
    if is_stdin(&args.existing) && is_stdin(&args.answers.answers) {
        return Err(Error::user(
            "--existing and --answers cannot both read stdin.",
        ));
    }
    let existing = match &args.existing {
        Some(p) => Some(Notes::read(p)?),
        None => None,
    };
    if args.from_org {
        return super::org::with_org(
            "or pass --existing FILE with the notes copied from the case",
            |live| {
                let sop = Note {
                    existing,
                    org: Some(std::cell::RefCell::new(live)),
                    first: false,
                    force: args.force,
                };
                workflow::run(ctx, &sop, &args.answers)
            },
        );
    }
    let sop = Note {
        existing,
        first: args.first,
        force: args.force,
        ..Default::default()
    };
    workflow::run(ctx, &sop, &args.answers)
}

fn cadence(ctx: &Ctx, args: &workflow::Args) -> Result<(), Error> {
    let format = ctx.format(
        &[Format::Csv, Format::Ics, Format::Json, Format::Text],
        Format::Csv,
        CADENCE.command,
    )?;
    let env = workflow::env(ctx, CADENCE.command);
    let sources = args.sources(ctx, cs::workflow::Sop::workflow(&Cadence))?;
    let planned = cs::workflow::run(&env, &Cadence, &sources)?;
    let plan = &planned.plan;
    match format {
        Format::Ics => {
            let name = Cadence::calendar_name(plan);
            out::data(&render::ics::schedule_ics(plan, &name, ctx.today))?;
        }
        Format::Csv => out::data(&render::schedule_csv(plan)?)?,
        _ => workflow::emit(format, plan)?,
    }
    planned.done();
    Ok(())
}
