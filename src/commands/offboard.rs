//! `cs offboard`: offboard one customer, or report on a batch (MT-CS-012).

use super::Ctx;
use super::workflow::{self, Facts, Workflow};
use crate::cli::Format;
use cs::batch::{self, Input, OutDir, Progress};
use cs::error::CliError;
use cs::offboard::{Rules, enforce_no_contact, run_batch};
use cs::out;
use std::path::PathBuf;

const OFFBOARD: Workflow = Workflow {
    command: "offboard",
    playbook: "offboarding",
    form: "",
};

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Without a subcommand, plans one offboarding. Conditions not answered are unknown.\n\nExamples:\n  cs offboard --answers acme.yaml --format json\n  cs offboard --set scenario=non_renewal --set bill_till_payout_set=yes ...\n  cs offboard batch accounts.csv --out offboarding/"
)]
pub struct Args {
    #[command(subcommand)]
    pub cmd: Option<Sub>,
    #[command(flatten)]
    pub answers: workflow::Args,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Report each account's scenario, readiness and open conditions; writes
    /// report.csv and errors.csv into DIR. Exit 1 when any row was rejected.
    Batch(BatchArgs),
}

#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The accounts, one a row, with a header row of answer keys (`-` reads stdin).
    pub file: PathBuf,
    /// The directory for report.csv and errors.csv (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Ignore columns that are not answer keys instead of refusing the file.
    #[arg(long)]
    pub allow_extra: bool,
}

pub fn exec(ctx: &Ctx, args: &Args) -> Result<(), CliError> {
    match &args.cmd {
        Some(Sub::Batch(b)) => batch(ctx, b),
        None => one(ctx, &args.answers),
    }
}

fn one(ctx: &Ctx, args: &workflow::Args) -> Result<(), CliError> {
    ctx.format(
        &[Format::Text, Format::Json, Format::Csv],
        Ctx::auto(),
        OFFBOARD.command,
    )?;
    let c = workflow::collect(ctx, OFFBOARD, args)?;
    let rules = Rules::new(&c.loaded).map_err(|e| c.fail(OFFBOARD, e))?;
    let a = rules.assess(&c.answers.values, ctx.today);
    let facts = Facts {
        summary: a.summary(),
        warnings: Vec::new(),
    };
    let mut plan = workflow::plan(ctx, OFFBOARD, &c, facts)?;
    a.add_checklist(&mut plan, c.answers.values.contains_key("case_notes"));
    enforce_no_contact(&mut plan, &a);
    workflow::emit(ctx, OFFBOARD, &plan)?;
    c.done();
    Ok(())
}

fn batch(ctx: &Ctx, args: &BatchArgs) -> Result<(), CliError> {
    ctx.format(&[Format::Text], Format::Text, "offboard batch")?;
    let loaded = ctx.library.load("offboarding")?;
    let input = Input::open(&args.file)?;
    let out = OutDir::new(&args.out)?;
    let progress = Progress::new(input.len);
    batch::catch_interrupt();
    let name = input.name.clone();
    let s = run_batch(&loaded, input, &out, ctx.today, args.allow_extra, &progress)?;
    let msg = format!(
        "{name}: {} row{} read: {} ready to deactivate, {} not ready, {} rejected; wrote report.csv and errors.csv in {}.",
        s.read,
        out::plural(s.read),
        s.ready,
        s.not_ready,
        s.rejected,
        out.dir.display()
    );
    if s.rejected > 0 {
        return Err(CliError::user(msg));
    }
    out::note(&msg);
    Ok(())
}
