//! What `cs submit` shows before it sends: the changes against the org,
//! or without credentials the requests; and the question whether to send.

use super::super::Format;
use super::Args;
use cs::engine::diff::Change;
use cs::error::Error;
use cs::outreach::effects::Changes;
use cs::salesforce::effects::Records;
use cs::slack::Posts;
use cs::submit::journal::Past;
use cs::submit::{self, Todo};
use cs::{out, redact};

/// What sending each item would change, read from each system through the
/// engine; none without a connection to the org (the dry run then shows
/// the requests cs would send, Slack's included). Refuses stale targets,
/// and the creates `update_only` forbids.
pub fn against(
    records: &mut Records,
    posts: &mut Posts,
    outreach: &mut Changes,
    todo: &Todo,
    past: &Past,
    update_only: bool,
) -> Result<Option<Vec<Change>>, Error> {
    // Nothing to read without credentials (Slack has nothing to read).
    if records.sf.is_none() && outreach.client.is_none() {
        return Ok(None);
    }
    let Some(changes) = cs::engine::run::diff(&todo.send, past, &mut [records, posts, outreach])?
    else {
        return Ok(None);
    };
    cs::engine::diff::refuse_stale(&changes)?;
    if update_only {
        cs::engine::diff::refuse_creates(&changes)?;
    }
    Ok(Some(changes))
}

pub fn show_diff(changes: &[Change], todo: &Todo, format: Format) -> Result<(), Error> {
    match format {
        // What the org holds and what the plan sends may hold a secret.
        Format::Json => out::data(&redact::clean(&cs::render::json_pretty(&changes)?))?,
        _ => out::data(&redact::clean(&cs::engine::diff::text(changes)))?,
    }
    for h in &todo.held {
        out::note(&format!("held back: {}: {}", h.what, h.why));
    }
    Ok(())
}

pub fn show_preview(todo: &Todo, args: &Args, format: Format) -> Result<(), Error> {
    let previews = submit::preview(&todo.send, &args.api_version, args.bulk_threshold);
    if format == Format::Json {
        out::data(&redact::clean(&cs::render::json_pretty(&previews)?))?;
    } else {
        for p in &previews {
            out::data(&redact::clean(&format!("{}\n", p.text())))?;
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
