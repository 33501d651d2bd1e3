//! `cs org`: what cs reads of the Salesforce org. `snapshot` saves the
//! accounts as the playbooks read them, for `--account ... --org FILE`
//! offline (CI, a TL preparing a batch, tests).

use super::{Ctx, Format};
use cs::error::Error;
use cs::org::{Live, Reader, Snapshot};
use cs::out;
use cs::salesforce::auth::{Auth, ProcessEnv};
use cs::salesforce::http::Http;
use cs::salesforce::{DEFAULT_API_VERSION, Salesforce};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Check the org against the playbooks: objects, fields, External IDs, record types, picklist values.
    #[command(
        after_help = "Every finding points at the playbook line that names what the org lacks; exit 1 when there are errors. With Outreach credentials (OUTREACH_ACCESS_TOKEN, or the refresh-token flow), the sequences the playbooks name (data.sequences) are checked in Outreach too.\n\nExamples:\n  cs org check\n  cs org check --format github      # annotations in a CI job\n  cs org check --format json"
    )]
    Check,
    /// Save what the playbooks read of these accounts (their `org:` fields, and their `recurly:` facts with RECURLY_API_KEY set) and the active users to a JSON file.
    #[command(
        after_help = "Salesforce credentials as for cs submit (SF_INSTANCE_URL + SF_ACCESS_TOKEN, the client-credentials flow, or SF_TARGET_ORG).\n\nExamples:\n  cs org snapshot 001000000000001AAA --out acme.json\n  cs org snapshot --due --out book.json   # then: cs due --org book.json\n  cs escalate --account 001000000000001AAA --org acme.json --answers examples/escalation-rest.yaml\n  cut -d, -f1 examples/transition-moves.csv | tail -n +2 | cs org snapshot - --out batch.json\n  cs transition batch examples/transition-moves.csv --org batch.json --out out/"
    )]
    Snapshot {
        /// Account Ids or Salesforce links; `-` reads them from stdin, one a line.
        #[arg(required_unless_present = "due", value_name = "ACCOUNT")]
        accounts: Vec<String>,
        /// Where to write the snapshot.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Also save what the playbooks' duties read (the whole book), for cs due --org FILE.
        #[arg(long)]
        due: bool,
    },
}

pub fn exec(ctx: &Ctx, cmd: &Cmd) -> Result<(), Error> {
    match cmd {
        Cmd::Snapshot { accounts, out, due } => snapshot(ctx, accounts, out, *due),
        Cmd::Check => check(ctx),
    }
}

/// `cs org check`: every object, field, External ID, record type and
/// picklist value the playbooks name, against the org's describes.
fn check(ctx: &Ctx) -> Result<(), Error> {
    let format = ctx.format(
        &[Format::Text, Format::Json, Format::Github],
        Format::Text,
        "org check",
    )?;
    let loaded = ctx.library.load_all()?;
    let taxonomy = ctx.library.taxonomy()?;
    let mut found = with_org("cs org check reads the org's object descriptions", |live| {
        cs::org::check::check(&loaded, &taxonomy, live)
    })?;
    // The Outreach sequences the playbooks name, when Outreach is set.
    let http = Http::new(Duration::from_secs(60), false)
        .map_err(|e| Error::internal(format!("cannot build the HTTP client: {e}")))?;
    match cs::outreach::Outreach::from_env(&ProcessEnv, &http)? {
        Some(o) => found.extend(cs::org::check::check_sequences(&loaded, &o)?),
        None if !cs::org::check::sequences(&loaded).is_empty() => out::note(
            "the Outreach sequences the playbooks name were not checked: set OUTREACH_ACCESS_TOKEN (or the refresh-token flow) to check them",
        ),
        None => {}
    }
    let all: Vec<_> = found
        .into_iter()
        .map(|(d, i)| (d, &loaded[i].source))
        .collect();
    let counts = super::playbook::lint::print_findings(format, &all)?;
    super::playbook::lint::conclude(
        format!(
            "{} playbook{} checked against the org",
            loaded.len(),
            out::plural(loaded.len())
        ),
        counts,
    )
}

/// Runs `f` with a reader of the org the environment's credentials name;
/// `otherwise` ends the hint when there are none (what else the user can do).
pub fn with_org<T>(
    otherwise: &str,
    f: impl FnOnce(&mut Live) -> Result<T, Error>,
) -> Result<T, Error> {
    let http = Http::new(Duration::from_secs(60), false)
        .map_err(|e| Error::internal(format!("cannot build the HTTP client: {e}")))?;
    let (auth, session) = Auth::from_env(&ProcessEnv, None).map_err(|e| {
        // This command has no --target-org flag: the variable does it.
        let how = e
            .hint
            .clone()
            .unwrap_or_default()
            .replace("pass --target-org NAME", "set SF_TARGET_ORG=NAME");
        e.with_hint(format!("{how}; {otherwise}"))
    })?;
    let version = std::env::var("SF_API_VERSION").unwrap_or_else(|_| DEFAULT_API_VERSION.into());
    let recurly = cs::recurly::Recurly::from_env(&ProcessEnv, &http)?;
    let outreach = cs::outreach::Outreach::from_env(&ProcessEnv, &http)?;
    let mut live = Live {
        sf: Salesforce::new(&http, auth, session, &version, 2),
        recurly,
        outreach,
    };
    f(&mut live)
}

/// Runs a batch with what its `--org` names: nothing, a snapshot FILE, or
/// the org the environment's credentials name.
pub fn with_batch_org<T>(
    org: &Option<Option<PathBuf>>,
    run: impl FnOnce(Option<&mut dyn Reader>) -> Result<T, Error>,
) -> Result<T, Error> {
    match org {
        None => run(None),
        Some(Some(path)) => run(Some(&mut Snapshot::load(path)?)),
        Some(None) => with_org(
            "or fill the rows from a snapshot: --org FILE (cs org snapshot)",
            |live| run(Some(live)),
        ),
    }
}

/// " (3 accounts read from URL)" for a batch's summary line, when it read the org.
pub fn read_from(org: &Option<(String, u64)>) -> String {
    match org {
        Some((instance, n)) => format!(
            " ({n} account{} read from {instance})",
            out::plural(*n as usize)
        ),
        None => String::new(),
    }
}

fn snapshot(
    ctx: &Ctx,
    accounts: &[String],
    path: &std::path::Path,
    due: bool,
) -> Result<(), Error> {
    let mut given = Vec::new();
    for a in accounts {
        if a == "-" {
            let lines = cs::files::text_lines(std::io::stdin().lock(), "<stdin>")?;
            given.extend(lines);
        } else {
            given.push(("the command line".to_string(), a.clone()));
        }
    }
    let mut ids = Vec::new();
    for (origin, text) in &given {
        let id = cs::org::account_id(text, &format!("{origin}:"))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let loaded = ctx.library.load_all()?;
    let snap = with_org("cs org snapshot reads the accounts from the org", |r| {
        Snapshot::take(r, &ids, &loaded, due)
    })?;
    let missing: Vec<&String> = ids
        .iter()
        .filter(|i| !snap.accounts.contains_key(*i))
        .collect();
    let text = cs::render::json_pretty(&snap)?;
    cs::files::write_atomic(path, text.as_bytes())?;
    let recurly = snap.recurly_note() + &snap.due_note();
    out::note(&format!(
        "wrote {}: {} account{} of {}{recurly}.",
        path.display(),
        snap.accounts.len(),
        out::plural(snap.accounts.len()),
        ids.len()
    ));
    if !missing.is_empty() {
        let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        return Err(Error::user(format!(
            "{} of the accounts {} not in {}: {}.",
            missing.len(),
            if missing.len() == 1 { "is" } else { "are" },
            snap.instance,
            list.join(", ")
        )));
    }
    Ok(())
}
