//! `cs onboard`: the onboarding plan of a core or digital account (MT-CS-002,
//! MT-CS-020), and `cs onboard roster`, the user-roster check (O5). The SOP
//! is `cs::sops::onboarding` and playbooks/onboarding.yaml.

use super::workflow;
use super::{Ctx, Format};
use cs::error::Error;
use cs::sops::onboarding::{Onboarding, roster};
use cs::workflow::Sources;
use cs::{out, render};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Without a subcommand, plans an onboarding.\n\nExamples:\n  cs onboard\n  cs onboard --answers examples/acme.yaml --format json\n  cs onboard --answers examples/acme.yaml --set outcome=cancellation_requested \\\n      --escalation examples/case.yaml\n  cs onboard roster examples/users.csv --out clean.csv --locations 2"
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
    #[command(
        after_help = "Examples:\n  cs onboard roster examples/users.csv --out clean.csv --locations 2\n  cs onboard roster examples/users.csv --out clean.csv --format json"
    )]
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

pub fn exec(ctx: &Ctx, args: &Args) -> Result<(), Error> {
    match &args.cmd {
        Some(Sub::Roster(r)) => roster(ctx, r),
        None => {
            let sop = Onboarding {
                escalation: Sources {
                    answers: args.escalation.clone(),
                    ..Sources::default()
                },
            };
            workflow::run(ctx, &sop, &args.answers)
        }
    }
}

fn roster(ctx: &Ctx, args: &RosterArgs) -> Result<(), Error> {
    let format = ctx.format(
        &[Format::Text, Format::Json],
        Format::Text,
        "onboard roster",
    )?;
    let loaded = ctx.library.load("onboarding")?;
    let name = args.file.display().to_string();
    let text = cs::error::read_file(&args.file)?;
    let checked = roster::check(&loaded, &name, &text, args.locations, ctx.today)?;
    let to_stdout = args.out.as_os_str() == "-";
    if to_stdout {
        out::data(&String::from_utf8_lossy(&checked.clean))?;
    } else {
        cs::files::write_atomic(&args.out, &checked.clean)?;
    }
    let (read, bad) = (checked.read, checked.rejected);
    // The counts for a script (the clean rows themselves are the file).
    if format == Format::Json && !to_stdout {
        out::data(&render::json_pretty(&serde_json::json!({
            "read": read,
            "clean": read - bad,
            "rejected": bad,
            "out": args.out.display().to_string(),
        }))?)?;
    }
    let msg = format!(
        "{name}: {read} row{} read, {} clean, {bad} rejected; clean rows written to {}.",
        out::plural(read),
        read - bad,
        if to_stdout {
            "stdout".to_string()
        } else {
            args.out.display().to_string()
        }
    );
    if bad > 0 {
        return Err(Error::user(msg));
    }
    out::note(&msg);
    Ok(())
}
