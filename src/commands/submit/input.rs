//! What `cs submit` sends: plan files (or stdin), a batch's output
//! directory, or the undo of a journal; and the Salesforce side of the run.

use super::Args;
use crate::commands::Ctx;
use cs::engine::undo::Done;
use cs::error::Error;
use cs::plan::Plan;
use cs::salesforce::Salesforce;
use cs::salesforce::auth::{Auth, ProcessEnv};
use cs::salesforce::effects::{Options, Records, undo::Undoing};
use cs::salesforce::http::Http;
use cs::submit::{self, batch::Batch};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct Input {
    pub plans: Vec<Plan>,
    /// `--undo JOURNAL`: what it records (its seal checked), and the
    /// SHA-256 of its text.
    pub undo: Option<(PathBuf, Vec<Done>, String)>,
    /// A batch's directory, for its results.csv.
    pub batch: Option<(PathBuf, Batch)>,
}

/// Writes a batch's results.csv from the journal, and says where.
pub fn results(dir: &Path, batch: &Batch, journal: &Path) -> Result<(), Error> {
    let past = cs::submit::journal::read(journal)?;
    let rows = submit::batch::results(dir, batch, &past)?;
    cs::out::note(&format!(
        "results.csv: {rows} row{} in {}",
        cs::out::plural(rows),
        dir.display()
    ));
    Ok(())
}

/// The journal a run writes: the one it resumes, the one named, or a new
/// one in the state directory.
pub fn journal_path(args: &Args) -> Result<PathBuf, Error> {
    Ok(match (&args.resume, &args.journal) {
        (Some(j), _) | (None, Some(j)) => j.clone(),
        (None, None) => cs::submit::journal::default_path()?,
    })
}

pub fn read(ctx: &Ctx, args: &Args) -> Result<Input, Error> {
    let input = read_plans(args)?;
    // A plan is a file: scanned again for patient data before anything
    // leaves, whoever wrote or edited it (crate::phi).
    let guard = cs::workflow::phi_guard(&ctx.library)?;
    for (i, plan) in input.plans.iter().enumerate() {
        let name = format!("plan {} ({})", i + 1, plan.command);
        for w in cs::phi::check_sending(&guard, plan, &name, args.allow_phi)? {
            cs::out::warn(&w);
        }
    }
    Ok(input)
}

fn read_plans(args: &Args) -> Result<Input, Error> {
    let mut input = Input {
        plans: Vec::new(),
        undo: None,
        batch: None,
    };
    if let Some(journal) = &args.undo {
        let (done, digest) = cs::engine::undo::read(journal)?;
        input.undo = Some((journal.clone(), done, digest));
        return Ok(input);
    }
    if let [dir] = args.plans.as_slice()
        && submit::batch::is_batch(dir)
    {
        let mut batch = submit::batch::read(dir)?;
        input.plans = std::mem::take(&mut batch.plans);
        input.batch = Some((dir.clone(), batch));
        return Ok(input);
    }
    for (text, name) in submit::plan_inputs(&args.plans)? {
        input.plans.extend(submit::read_plans(&text, &name)?);
    }
    Ok(input)
}

/// Salesforce as a system of the run: connected when there are records to
/// send and credentials are checked (sending, an undo, or credentials set:
/// a dry run then compares the plan with the org; without them, at a
/// terminal or not, a dry run shows the requests); what
/// an undo may write, from the playbooks in effect.
pub fn records<'h>(
    ctx: &Ctx,
    args: &Args,
    http: &'h Http,
    needs_sf: bool,
    journal: &Path,
) -> Result<Records<'h>, Error> {
    let read_org = args.yes
        || args.undo.is_some()
        || args.mode == super::Mode::UpdateOnly
        || Auth::configured(&ProcessEnv, args.target_org.as_deref());
    let sf = match needs_sf && read_org {
        true => {
            let (auth, session) = Auth::from_env(&ProcessEnv, args.target_org.as_deref())?;
            let mut sf = Salesforce::new(http, auth, session, &args.api_version, args.retries);
            sf.bulk_wait = Duration::from_secs(args.bulk_wait);
            Some(sf)
        }
        false => None,
    };
    let mut opts = Options::beside(journal, args.bulk_threshold);
    opts.allow_new = args.new;
    let undo = match args.undo {
        Some(_) => {
            let w = ctx.library.writes()?;
            Undoing {
                fields: w.fields,
                creates: w.creates,
                delete_created: args.delete_created,
            }
        }
        None => Undoing::default(),
    };
    Ok(Records {
        sf,
        users: None,
        opts,
        sending: false,
        undo,
    })
}
