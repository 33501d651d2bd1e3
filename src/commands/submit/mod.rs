//! `cs submit`: applies plans to Salesforce and Slack. A dry run unless
//! --yes (or a yes at the terminal prompt).

mod args;
mod input;
mod show;

pub use args::{Args, LONG_ABOUT, Mode};

use super::Ctx;
use super::Format;
use cs::engine::ledger::Ledger;
use cs::error::Error;
use cs::outreach::{Outreach, effects::Changes};
use cs::salesforce::auth::ProcessEnv;
use cs::salesforce::http::Http;
use cs::slack::Webhook;
use cs::submit;
use cs::submit::diff::Action;
use cs::submit::journal::{self, Journal, Open, Past};
use cs::{out, redact};
use show::{against, confirm, show_diff, show_preview};
use std::time::Duration;

pub fn exec(ctx: &Ctx, args: &Args) -> Result<(), Error> {
    let format = ctx.format(&[Format::Text, Format::Json], Format::Text, "submit")?;
    if !cs::salesforce::valid_api_version(&args.api_version) {
        return Err(Error::user(format!(
            "--api-version '{}' is not an API version; write it as 66.0.",
            args.api_version
        )));
    }
    if let Some(path) = &args.verify {
        let (lines, head) = journal::verify(path)?;
        return out::line(&format!(
            "{}: {lines} lines, each as cs wrote it, in an unbroken chain; last hash {head}",
            path.display()
        ));
    }
    let input::Input { plans, undo, batch } = input::read(ctx, args)?;
    let mut items = match &batch {
        Some((dir, b)) => b.items(&plans, dir)?,
        None => submit::items(&plans)?,
    };
    let mut sent = Ledger::load()?;
    // What the journal says now; read again under its lock before sending.
    let past = match &args.resume {
        Some(j) => journal::read_verified(j)?,
        None => Past::default(),
    };
    let needs_sf = undo.is_some() || !past.open_jobs.is_empty() || {
        let todo = submit::todo(&items, &past, &sent, args.resend)?;
        todo.send.iter().any(|i| i.is_salesforce())
    };
    let http = Http::new(Duration::from_secs(args.timeout), args.verbose)
        .map_err(|e| Error::internal(format!("cannot build the HTTP client: {e}")))?;
    let journal_path = input::journal_path(args)?;
    let mut records = input::records(ctx, args, &http, needs_sf, &journal_path)?;
    let mut posts = cs::slack::Posts {
        hook: None,
        http: &http,
    };
    let mut outreach = Changes::new(Outreach::from_env(&ProcessEnv, &http)?);
    // An undo sends each system's inverse of what its journal records.
    let digest = match &undo {
        Some((path, done, digest)) => {
            let inverse = cs::engine::run::inverse(
                path,
                done,
                &mut [&mut records, &mut posts, &mut outreach],
            )?;
            inverse.left.iter().for_each(|l| out::note(l));
            items = inverse.effects;
            digest.clone()
        }
        None => submit::plans_sha256(&plans),
    };
    let todo = submit::todo(&items, &past, &sent, args.resend)?;
    let update_only = args.mode == Mode::UpdateOnly;
    if !args.yes {
        let changes = against(
            &mut records,
            &mut posts,
            &mut outreach,
            &todo,
            &past,
            update_only,
        )?;
        let pending = match &changes {
            Some(c) => c.iter().filter(|c| c.action != Action::NoChange).count(),
            None => todo.send.len(),
        };
        match &changes {
            Some(c) => show_diff(c, &todo, format)?,
            None => show_preview(&todo, args, format)?,
        }
        // Asked only when it can be done: records need credentials.
        let can_send = records.sf.is_some() || !needs_sf;
        if !(ctx.interactive && can_send && confirm(pending)?) {
            if pending > 0 || !past.open_jobs.is_empty() {
                out::note("Dry run: nothing was sent. Send with --yes.");
            }
            if ctx.interactive && !can_send {
                out::hint(
                    "no Salesforce credentials were found, so the plan was not compared with the org; set SF_INSTANCE_URL and SF_ACCESS_TOKEN (or see cs submit --help) to compare it and send it",
                );
            }
            return exit_with(args, pending + past.open_jobs.len());
        }
    }
    if todo.send.is_empty() && past.open_jobs.is_empty() {
        submit::nothing_to_send(items.len(), &todo)?;
        return exit_with(args, 0);
    }
    posts.hook = Webhook::from_env(args.retries).map_err(Error::user)?;
    let how = if args.resume.is_some() {
        Open::Resume
    } else {
        Open::New
    };
    let (mut journal, past) = Journal::open(&journal_path, how)?;
    let mut todo = submit::todo(&items, &past, &sent, args.resend)?;
    // What the org already holds is not sent. A refusal (a stale plan,
    // a create under update-only) leaves no empty journal behind.
    records.sending = true;
    match against(
        &mut records,
        &mut posts,
        &mut outreach,
        &todo,
        &past,
        update_only,
    ) {
        Ok(Some(changes)) => todo.against(changes),
        Ok(None) => {}
        Err(e) => {
            if how == Open::New && std::fs::metadata(&journal_path).is_ok_and(|m| m.len() == 0) {
                let _ = std::fs::remove_file(&journal_path);
            }
            return Err(e);
        }
    }
    // Who sends, for the journal's audit trail.
    let user = match records.sf.as_mut() {
        Some(sf) => Some(sf.whoami().map_err(cs::salesforce::Failure::into_error)?),
        None => None,
    };
    journal.run(&digest, items.len(), user)?;
    out::note(&format!("journal: {}", journal_path.display()));
    todo.announce();
    cs::interrupt::graceful(Some(
        "finishing the call in flight; press Ctrl-C again to stop now",
    ));
    let mut report = submit::Bar(cs::batch::Progress::items(items.len() as u64));
    let (summary, stop) = cs::engine::run::run(
        &items,
        &todo,
        &past,
        &mut [&mut records, &mut posts, &mut outreach],
        &mut journal,
        &mut sent,
        args.resend,
        &mut report,
    );
    report.0.finish();
    // A closed stdout must not hide how the run ended: the exit code is
    // the run's, and the error still goes to stderr.
    let printed = match format {
        Format::Json => cs::render::json_pretty(&summary).and_then(|j| out::data(&j)),
        _ => submit::summary_lines(&summary)
            .iter()
            .try_for_each(|l| out::line(&out::printable(&redact::clean(l)))),
    };
    // A batch's results, row for row, whatever the run's end.
    if let Some((dir, batch)) = &batch {
        input::results(dir, batch, &journal_path)?;
    }
    if let Some(e) = stop {
        return Err(e);
    }
    if let Some(e) = submit::unsettled(&summary, items.len()) {
        return Err(e);
    }
    printed?;
    exit_with(
        args,
        summary.created + summary.updated + summary.messages_sent,
    )
}

/// `--detailed-exitcode`: 2 when there were `changes`, else 0.
fn exit_with(args: &Args, changes: usize) -> Result<(), Error> {
    match args.detailed_exitcode && changes > 0 {
        true => Err(Error::changes()),
        false => Ok(()),
    }
}
