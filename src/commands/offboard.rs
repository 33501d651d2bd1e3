//! `cs offboard`: offboard one customer, or report on a batch (MT-CS-012).
//! The SOP is `cs::sops::offboarding` and playbooks/offboarding.yaml.

use super::workflow;
use super::{Ctx, Format};
use cs::batch::{self, Input, OutDir, Progress};
use cs::error::Error;
use cs::org::Reader;
use cs::out;
use cs::sops::offboarding::{Offboarding, run_batch};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Without a subcommand, plans one offboarding. Conditions not answered are unknown.\n\nExamples:\n  cs offboard --answers examples/offboard.yaml --format json\n  cs offboard --answers examples/offboard.yaml --set scenario=non_renewal \\\n      --set contract_end_date=2027-01-29 --set bill_till_payout_set=yes\n  cs offboard batch examples/offboard-accounts.csv --out offboarding/"
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
    /// report.csv, errors.csv, plans.jsonl and batch.json into DIR. Exit 1
    /// when any row was rejected.
    #[command(
        after_help = "With --org, each row is filled from Salesforce (or a snapshot) before it is checked: the account's name, CSM, Recurly account code and latest case notes; with RECURLY_API_KEY set, Recurly's past-due invoices, state and auto-renewal (F3, F6). A cell the CSV fills wins over them.\n\nExamples:\n  cs offboard batch examples/offboard-accounts.csv --out offboarding/\n  cs offboard batch examples/offboard-accounts.csv --org --out offboarding/\n  cs offboard batch examples/offboard-accounts.csv --org examples/org-snapshot.json \\\n      --out offboarding/\n  cs offboard batch - --out offboarding/ < examples/offboard-accounts.csv"
    )]
    Batch(BatchArgs),
}

#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The accounts, one a row, with a header row of answer keys (`-` reads stdin).
    pub file: PathBuf,
    /// The directory for report.csv, errors.csv, plans.jsonl and batch.json (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Ignore columns that are not answer keys instead of refusing the file.
    #[arg(long)]
    pub allow_extra: bool,
    /// Fill each row from Salesforce (credentials as for cs submit) and, with
    /// RECURLY_API_KEY set, Recurly; or from a snapshot FILE (cs org
    /// snapshot): the CSV needs account_id and what only people know.
    #[arg(long, value_name = "SNAPSHOT", num_args = 0..=1)]
    pub org: Option<Option<PathBuf>>,
}

pub fn exec(ctx: &Ctx, args: &Args) -> Result<(), Error> {
    match &args.cmd {
        Some(Sub::Batch(b)) => batch(ctx, b),
        None => workflow::run(ctx, &Offboarding, &args.answers),
    }
}

fn batch(ctx: &Ctx, args: &BatchArgs) -> Result<(), Error> {
    let format = ctx.format(
        &[Format::Text, Format::Json],
        Format::Text,
        "offboard batch",
    )?;
    let loaded = ctx.library.load("offboarding")?;
    let input = Input::open(&args.file)?;
    let out = OutDir::new(&args.out)?;
    let progress = Progress::new(input.len);
    batch::catch_interrupt();
    let name = input.name.clone();
    let env = cs::workflow::Env::new(&ctx.library, ctx.today).at(ctx.now);
    let path = (args.file.as_os_str() != "-").then_some(args.file.as_path());
    let run = |org: Option<&mut dyn Reader>| {
        run_batch(
            &env,
            &loaded,
            input,
            &out,
            args.allow_extra,
            &progress,
            path,
            org,
        )
    };
    let s = super::org::with_batch_org(&args.org, run)?;
    let from = super::org::read_from(&s.org);
    let msg = format!(
        "{name}: {} row{} read{from}: {} ready to deactivate, {} not ready, {} rejected; wrote report.csv, errors.csv, plans.jsonl and batch.json in {}.",
        s.read,
        out::plural(s.read),
        s.ready,
        s.not_ready,
        s.rejected,
        out.dir.display()
    );
    let summary = serde_json::json!({
        "input": name,
        "out": out.dir,
        "read": s.read,
        "ready_to_deactivate": s.ready,
        "not_ready": s.not_ready,
        "rejected": s.rejected,
        "org": s.org.as_ref().map(|(instance, n)| serde_json::json!({"instance": instance, "accounts_read": n})),
        "files": ["report.csv", "errors.csv", "plans.jsonl", "batch.json"],
    });
    super::batch_done(format, summary, msg, s.rejected, &out.dir)
}
