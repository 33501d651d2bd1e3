//! `cs transition`: move one account to another CSM, or a batch of them
//! from a CSV (Account Transition SOP). The SOP is `cs::sops::transition`
//! and playbooks/transition.yaml.

use super::workflow;
use super::{Ctx, Format};
use cs::batch::{self, Input, OutDir, Progress};
use cs::error::Error;
use cs::org::Reader;
use cs::out;
use cs::sops::transition::{BatchOptions, Transition, run_batch};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Without a subcommand, plans one transition.\n\nExamples:\n  cs transition --answers examples/account.yaml --format json\n  cs transition batch examples/accounts.csv --out transition-2026-11/"
)]
pub struct Args {
    #[command(subcommand)]
    pub cmd: Option<Sub>,
    #[command(flatten)]
    pub answers: workflow::Args,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Transition every account of a CSV; writes cs-ops.csv, owner-updates.csv,
    /// opportunity-updates.csv, outreach.csv and errors.csv into DIR. Exit 1 when any row was rejected.
    #[command(
        after_help = "The header names the answer keys of `cs transition` in any order; \
account_id, account_name, from_csm, to_csm, reason and health are required, the counts \
default to 0, the analysis answers are optional. A list (opportunity_ids) separates \
entries with ';': each Id of opportunity_ids becomes a row of opportunity-updates.csv \
(T6: the open opportunities go to the new CSM).\n\nA row with the new CSM's email (to_csm_email, or to_csm when it is one) \
becomes rows of outreach.csv: its admin (admin_email) joins the route's transfer sequence from that mailbox (T3), \
and the Outreach account and its prospects get the new CSM as owner (T6); cs submit DIR sends them.\n\nWith --org, each row is filled from Salesforce (or a snapshot): the CSV needs \
only account_id, to_csm and reason, to_csm (a name or an email) becomes the user's Id in \
owner-updates.csv and opportunity-updates.csv, and the admin's and the new CSM's emails come from the org.\n\nExamples:\n  cs transition batch examples/accounts.csv --out out/\n  cs submit out/                  # then: what it would change in the org\n  cs transition batch examples/transition-moves.csv --org --out out/\n  cs transition batch examples/transition-moves.csv --org examples/org-snapshot.json --out out/\n  cs transition batch - --out out/ < examples/accounts.csv"
    )]
    Batch(BatchArgs),
}

#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The accounts, one a row, with a header row (`-` reads stdin).
    pub file: PathBuf,
    /// The directory for the output files (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Ignore columns that are not answer keys instead of refusing the file.
    #[arg(long)]
    pub allow_extra: bool,
    /// Fill each row from Salesforce (credentials as for cs submit), or from
    /// a snapshot FILE (cs org snapshot): the CSV needs only account_id,
    /// to_csm and reason; to_csm becomes a User Id.
    #[arg(long, value_name = "SNAPSHOT", num_args = 0..=1)]
    pub org: Option<Option<PathBuf>>,
}

pub fn exec(ctx: &Ctx, args: &Args) -> Result<(), Error> {
    match &args.cmd {
        Some(Sub::Batch(b)) => batch(ctx, b),
        None => workflow::run(ctx, &Transition, &args.answers),
    }
}

fn batch(ctx: &Ctx, args: &BatchArgs) -> Result<(), Error> {
    let format = ctx.format(
        &[Format::Text, Format::Json],
        Format::Text,
        "transition batch",
    )?;
    let loaded = ctx.library.load("transition")?;
    let input = Input::open(&args.file)?;
    let out = OutDir::new(&args.out)?;
    let progress = Progress::new(input.len);
    batch::catch_interrupt();
    let name = input.name.clone();
    let run = |org: Option<&mut dyn Reader>| {
        let opts = BatchOptions {
            allow_extra: args.allow_extra,
            today: ctx.today,
            progress: &progress,
            org,
            input_path: (args.file.as_os_str() != "-").then_some(args.file.as_path()),
        };
        run_batch(&loaded, input, &out, opts)
    };
    let s = super::org::with_batch_org(&args.org, run)?;
    let from = super::org::read_from(&s.org);
    let msg = format!(
        "{name}: {} row{} read{from}: {} automated, {} manual, {} rejected, {} opportunit{} moved{}; wrote cs-ops.csv, owner-updates.csv, opportunity-updates.csv, outreach.csv, errors.csv and batch.json in {}.",
        s.read,
        out::plural(s.read),
        s.automated,
        s.manual,
        s.rejected,
        s.opportunities,
        if s.opportunities == 1 { "y" } else { "ies" },
        // T3, T6 in Outreach, when the rows name the new CSM's email.
        match (s.outreach, s.no_mailbox) {
            (0, _) => String::new(),
            (n, 0) => format!(", {n} Outreach change{}", out::plural(n)),
            (n, m) => format!(
                ", {n} Outreach change{} ({m} row{} without the new CSM's email: give to_csm_email, or --org)",
                out::plural(n),
                out::plural(m)
            ),
        },
        out.dir.display()
    );
    let summary = serde_json::json!({
        "input": name,
        "out": out.dir,
        "read": s.read,
        "automated": s.automated,
        "manual": s.manual,
        "rejected": s.rejected,
        "opportunities_moved": s.opportunities,
        "outreach_changes": s.outreach,
        "rows_without_mailbox": s.no_mailbox,
        "org": s.org.as_ref().map(|(instance, n)| serde_json::json!({"instance": instance, "accounts_read": n})),
        "files": ["cs-ops.csv", "owner-updates.csv", "opportunity-updates.csv", "outreach.csv", "errors.csv", "batch.json"],
    });
    super::batch_done(format, summary, msg, s.rejected, &out.dir)
}
