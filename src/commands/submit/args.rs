//! `cs submit`'s flags.

use cs::salesforce::DEFAULT_API_VERSION;
use std::path::PathBuf;

/// The long help of `cs submit` (its one-line help is in the command list).
pub const LONG_ABOUT: &str = "Applies plans (the JSON cs onboard, escalate, transition and offboard print) to Salesforce, Slack and Outreach. \
Without --yes it is a dry run and sends nothing: with credentials it reads each record the plan writes and shows what would change \
(create, update with each field's old and new value, no change); without, the requests it would send. \
Sending reads the org the same way and does not send what it already holds. \
Records are upserted by External ID or updated by Id, so sending one twice writes it once; \
Outreach changes read the prospect's sequence states first, so a prospect is added to a sequence once; \
every outcome is journaled before the next call, and --resume continues an interrupted run.";

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Salesforce credentials, first match wins:\n  SF_INSTANCE_URL + SF_ACCESS_TOKEN\n  SF_LOGIN_URL + SF_CLIENT_ID + SF_CLIENT_SECRET   (OAuth client-credentials flow)\n  --target-org ALIAS or SF_TARGET_ORG             (an org the sf CLI is logged into)\nSlack: SLACK_WEBHOOK_URL; when unset, messages are printed for posting by hand.\nOutreach: OUTREACH_ACCESS_TOKEN, or OUTREACH_CLIENT_ID + OUTREACH_CLIENT_SECRET + OUTREACH_REFRESH_TOKEN (refreshed on a 401); OUTREACH_API_URL (default https://api.outreach.io). When unset, each change is printed for a person to make.\n\nExit codes: 0 all written; 1 invalid plan or configuration; 2 with --detailed-exitcode, there were changes (sent, or pending in a dry run); 3 Salesforce, Slack or Outreach refused or failed, Outreach's rate limit is spent, or an outcome is unknown; 130 stopped by Ctrl-C, SIGTERM or SIGHUP.\n\nExamples:\n  cs escalate --answers examples/escalation.yaml --format json > plan.json\n  cs submit plan.json                            # dry run: what would change, nothing sent\n  cs submit --mode update-only --detailed-exitcode plan.json   # CI: 2 when there are changes\n  cs submit --yes --journal run.jsonl plan.json  # send, journaling each outcome\n  cs submit --yes --resume run.jsonl plan.json   # after a stop: the rest\n  cs transition --answers examples/account.yaml --format json | cs submit --yes -\n  cs transition batch examples/accounts.csv --out moves/\n  cs submit moves/                               # a batch; with --yes, also results.csv"
)]
pub struct Args {
    /// Plan files: one JSON plan, several in a row (JSON lines), or an array; or the directory a `cs transition batch` or `cs offboard batch` wrote (results.csv is written there). `-` or none reads stdin.
    #[arg(value_name = "PLAN")]
    pub plans: Vec<PathBuf>,
    /// Send for real. Without it cs prints what it would send (and asks at a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Continue the run this journal records: what it confirms is skipped, the rest sent; the journal is appended to.
    #[arg(long, value_name = "JOURNAL")]
    pub resume: Option<PathBuf>,
    /// Check that JOURNAL is as cs wrote it (its lines' hash chain) and print its last hash; sends nothing.
    #[arg(long, value_name = "JOURNAL", conflicts_with_all = ["resume", "journal", "yes"])]
    pub verify: Option<PathBuf>,
    /// Undo the run JOURNAL records: set each record it updated back to its values before (refused where the org changed it since); records it created are listed.
    #[arg(long, value_name = "JOURNAL", conflicts_with = "plans")]
    pub undo: Option<PathBuf>,
    /// With --undo: delete the records that run created.
    #[arg(long, requires = "undo")]
    pub delete_created: bool,
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
    /// Send a plan whose Slack messages hold patient data (a plan is a file anyone may have edited, so cs scans it again before anything leaves); only for a channel a BAA covers.
    #[arg(long)]
    pub allow_phi: bool,
    /// upsert: write every record; update-only: refuse the run if a record would be created (an upsert whose External ID matches nothing, a create).
    #[arg(long, value_enum, default_value = "upsert")]
    pub mode: Mode,
    /// Exit 0 when there is nothing to change, 2 when there are changes (sent, or pending in a dry run); 1 and 3 as always.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Print each call (method, path, status, time) to stderr; never a token or the webhook URL.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    Upsert,
    UpdateOnly,
}
