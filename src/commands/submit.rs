//! `cs submit`: applies plans to Salesforce and Slack. A dry run unless
//! --yes (or a yes at the terminal prompt).

use super::Ctx;
use super::Format;
use cs::error::Error;
use cs::salesforce::auth::{Auth, ProcessEnv};
use cs::salesforce::http::Http;
use cs::salesforce::{DEFAULT_API_VERSION, Salesforce};
use cs::slack::Webhook;
use cs::submit::journal::{self, Journal, Open, Past};
use cs::submit::ledger::Ledger;
use cs::submit::{self, Options, Remote, Todo, What};
use cs::{out, redact};
use std::path::PathBuf;
use std::time::Duration;

/// The long help of `cs submit` (its one-line help is in the command list).
pub const LONG_ABOUT: &str = "Applies plans (the JSON cs onboard, escalate, transition and offboard print) to Salesforce and Slack. \
Without --yes it is a dry run: it prints every request it would send and sends nothing. \
Records are upserted by External ID or updated by Id, so sending one twice writes it once; \
every outcome is journaled before the next call, and --resume continues an interrupted run.";

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Salesforce credentials, first match wins:\n  SF_INSTANCE_URL + SF_ACCESS_TOKEN\n  SF_LOGIN_URL + SF_CLIENT_ID + SF_CLIENT_SECRET   (OAuth client-credentials flow)\n  --target-org ALIAS or SF_TARGET_ORG             (an org the sf CLI is logged into)\nSlack: SLACK_WEBHOOK_URL; when unset, messages are printed for posting by hand.\n\nExit codes: 0 all written; 1 invalid plan or configuration; 3 Salesforce or Slack refused or failed, or an outcome is unknown; 130 stopped by Ctrl-C, SIGTERM or SIGHUP.\n\nExamples:\n  cs escalate --answers examples/escalation.yaml --format json > plan.json\n  cs submit plan.json                            # dry run: the requests, nothing sent\n  cs submit --yes --journal run.jsonl plan.json  # send, journaling each outcome\n  cs submit --yes --resume run.jsonl plan.json   # after a stop: the rest\n  cs transition --answers examples/account.yaml --format json | cs submit --yes -"
)]
pub struct Args {
    /// Plan files: one JSON plan, several in a row (JSON lines), or an array. `-` or none reads stdin.
    #[arg(value_name = "PLAN")]
    pub plans: Vec<PathBuf>,
    /// Send for real. Without it cs prints what it would send (and asks at a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Continue the run this journal records: what it confirms is skipped, the rest sent; the journal is appended to.
    #[arg(long, value_name = "JOURNAL")]
    pub resume: Option<PathBuf>,
    /// Where to write the journal [default: the state directory, journals/submit-TIMESTAMP.jsonl].
    #[arg(long, value_name = "FILE", conflicts_with = "resume")]
    pub journal: Option<PathBuf>,
    /// A Salesforce CLI org (alias or username), used when no token or client secret is set.
    #[arg(long, env = "SF_TARGET_ORG", value_name = "ALIAS")]
    pub target_org: Option<String>,
    /// Salesforce REST API version.
    #[arg(long, env = "SF_API_VERSION", default_value = DEFAULT_API_VERSION, value_name = "X.Y")]
    pub api_version: String,
    /// Above this many updates, use a Bulk API 2.0 job instead of sObject Collections.
    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub bulk_threshold: usize,
    /// Seconds to wait for a Bulk API job before stopping (a resume reads its results back).
    #[arg(long, default_value_t = 1800, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub bulk_wait: u64,
    /// Seconds to wait for each answer before treating its outcome as unknown.
    #[arg(long, default_value_t = 60, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Retries of a call that failed for a reason worth retrying (503, connection lost, ...).
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,
    /// Create a record even where an open one with the same values exists (a second open escalation for an account and reason).
    #[arg(long)]
    pub new: bool,
    /// Send again what this machine already posted to Slack or created without an External ID (or sent with no answer).
    #[arg(long)]
    pub resend: bool,
    /// Print each call (method, path, status, time) to stderr; never a token or the webhook URL.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

pub fn exec(ctx: &Ctx, args: &Args) -> Result<(), Error> {
    let format = ctx.format(&[Format::Text, Format::Json], Format::Text, "submit")?;
    if !cs::salesforce::valid_api_version(&args.api_version) {
        return Err(Error::user(format!(
            "--api-version '{}' is not an API version; write it as 66.0.",
            args.api_version
        )));
    }
    let mut plans = Vec::new();
    for (text, name) in submit::plan_inputs(&args.plans)? {
        plans.extend(submit::read_plans(&text, &name)?);
    }
    let items = submit::items(&plans)?;
    let mut sent = Ledger::load()?;
    // What the journal says now; read again under its lock before sending.
    let past = match &args.resume {
        Some(j) => journal::read(j)?,
        None => Past::default(),
    };
    let todo = submit::todo(&items, &past, &sent, args.resend)?;
    let needs_sf =
        todo.send.iter().any(|i| !matches!(i.what, What::Slack(_))) || !past.open_jobs.is_empty();
    // Credentials are checked before anyone is asked to send.
    let creds = match needs_sf && (args.yes || ctx.interactive) {
        true => Some(Auth::from_env(&ProcessEnv, args.target_org.as_deref())?),
        false => None,
    };

    if !args.yes {
        show_preview(&todo, args, format)?;
        if !(ctx.interactive && confirm(todo.send.len())?) {
            if !todo.send.is_empty() || !past.open_jobs.is_empty() {
                out::note("Dry run: nothing was sent. Send with --yes.");
            }
            return Ok(());
        }
    }
    if todo.send.is_empty() && past.open_jobs.is_empty() {
        return submit::nothing_to_send(items.len(), &todo);
    }

    let http = Http::new(Duration::from_secs(args.timeout), args.verbose)
        .map_err(|e| Error::internal(format!("cannot build the HTTP client: {e}")))?;
    let sf = if let Some((auth, session)) = creds {
        let mut sf = Salesforce::new(&http, auth, session, &args.api_version, args.retries);
        sf.bulk_wait = Duration::from_secs(args.bulk_wait);
        Some(sf)
    } else {
        None
    };
    let slack = Webhook::from_env(args.retries).map_err(Error::user)?;
    let journal_path = match (&args.resume, &args.journal) {
        (Some(j), _) | (None, Some(j)) => j.clone(),
        (None, None) => journal::default_path()?,
    };
    let how = if args.resume.is_some() {
        Open::Resume
    } else {
        Open::New
    };
    let (mut journal, past) = Journal::open(&journal_path, how)?;
    let todo = submit::todo(&items, &past, &sent, args.resend)?;
    journal.run(&submit::plans_sha256(&plans), items.len())?;
    out::note(&format!("journal: {}", journal_path.display()));
    todo.announce();
    let mut opts = Options::beside(&journal_path, args.bulk_threshold);
    opts.allow_new = args.new;
    cs::interrupt::graceful(Some(
        "finishing the call in flight; press Ctrl-C again to stop now",
    ));
    let mut remote = Remote {
        sf,
        slack,
        http: &http,
    };
    let mut report = submit::Bar(cs::batch::Progress::items(items.len() as u64));
    let (summary, stop) = submit::run(
        &items,
        &todo,
        &past,
        &mut remote,
        &mut journal,
        &mut sent,
        &opts,
        &mut report,
    );
    report.0.finish();
    // A closed stdout must not hide how the run ended: the exit code is
    // the run's, and the error still goes to stderr.
    let printed = match format {
        Format::Json => cs::render::json_pretty(&summary).and_then(|j| out::data(&j)),
        _ => submit::summary_lines(&summary)
            .iter()
            .try_for_each(|l| out::line(&redact::clean(l))),
    };
    if let Some(e) = stop {
        return Err(e);
    }
    if let Some(e) = submit::unsettled(&summary, items.len()) {
        return Err(e);
    }
    printed
}

fn show_preview(todo: &Todo, args: &Args, format: Format) -> Result<(), Error> {
    let previews = submit::preview(&todo.send, &args.api_version, args.bulk_threshold);
    if format == Format::Json {
        out::data(&cs::render::json_pretty(&previews)?)?;
    } else {
        for p in &previews {
            out::data(&format!("{}\n", p.text()))?;
        }
    }
    todo.dry_run_notes(previews.len());
    Ok(())
}

fn confirm(n: usize) -> Result<bool, Error> {
    if n == 0 {
        return Ok(false);
    }
    dialoguer::Confirm::new()
        .with_prompt(format!("Send {n} item{} now?", out::plural(n)))
        .default(false)
        .interact_opt()
        .map(|a| a.unwrap_or(false))
        .map_err(|e| {
            Error::user(format!("cannot ask at the terminal: {e}.")).with_hint("pass --yes to send")
        })
}
