//! What `cs submit` shows before it sends: the changes against the org,
//! or without credentials the requests; and the question whether to send.

use super::super::Format;
use super::Args;
use cs::error::Error;
use cs::out;
use cs::salesforce::{Failure, Salesforce};
use cs::submit::diff::{self, Change, Org};
use cs::submit::journal::Past;
use cs::submit::{self, Item, Todo};
use std::collections::HashSet;

/// Each item to send against the org, when cs reads it (`sf`); refuses
/// the creates `update_only` forbids. When `sending`, the user the session
/// is (for the journal) is learned first, so that the reads ask for that
/// user's record in the same call.
/// What a Bulk API job of an earlier run holds is settled by reading the
/// job back, not compared.
pub fn against(
    sf: Option<&mut Salesforce>,
    todo: &Todo,
    past: &Past,
    update_only: bool,
    sending: bool,
) -> Result<Option<(Vec<Change>, Org)>, Error> {
    let Some(sf) = sf else {
        return Ok(None);
    };
    if sending {
        sf.discover().map_err(Failure::into_error)?;
    }
    let in_jobs: HashSet<&str> = past
        .open_jobs
        .iter()
        .flat_map(|(_, _, keys)| keys.iter().map(|(_, key)| key.as_str()))
        .collect();
    let send: Vec<&Item> = todo
        .send
        .iter()
        .copied()
        .filter(|i| !in_jobs.contains(i.key.as_str()))
        .collect();
    let org = diff::read(sf, &send).map_err(Failure::into_error)?;
    let changes = diff::diff(&send, &org);
    cs::engine::diff::refuse_stale(&changes)?;
    if update_only {
        cs::engine::diff::refuse_creates(&changes)?;
    }
    Ok(Some((changes, org)))
}

pub fn show_diff(changes: &[Change], todo: &Todo, format: Format) -> Result<(), Error> {
    match format {
        Format::Json => out::data(&cs::render::json_pretty(&changes)?)?,
        _ => out::data(&cs::engine::diff::text(changes))?,
    }
    for h in &todo.held {
        out::note(&format!("held back: {}: {}", h.what, h.why));
    }
    Ok(())
}

pub fn show_preview(todo: &Todo, args: &Args, format: Format) -> Result<(), Error> {
    let previews = submit::preview(&todo.send, &args.api_version, args.bulk_threshold);
    if format == Format::Json {
        out::data(&cs::render::json_pretty(&previews)?)?;
    } else {
        for p in &previews {
            out::data(&format!("{}\n", p.text()))?;
        }
    }
    submit::dry_run_notes(todo, previews.len());
    Ok(())
}

pub fn confirm(n: usize) -> Result<bool, Error> {
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
