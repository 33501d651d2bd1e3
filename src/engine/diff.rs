//! The dry run's diff, whatever the system: what each effect would
//! change (create, update, no change, post, delete), field by field, and
//! the guards that stop a submission before anything is sent (a target
//! changed since the plan was made, a create where only updates are
//! allowed). Each system reads its own current state into [`Change`]s.

use crate::error::Error;
use serde::Serialize;
use serde_json::Value as Json;

/// What sending an item would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    NoChange,
    /// An update of a record the org does not have (or cs cannot see).
    NotFound,
    /// A message, posted.
    Post,
    /// A record an earlier run created, deleted (`--undo --delete-created`).
    Delete,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Json,
    pub new: Json,
}

/// One effect against the system's current state.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub key: String,
    pub what: String,
    pub action: Action,
    /// The target's Id, when the system has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The fields that change (every field, for a create).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    /// The org changed the record since the plan was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<Stale>,
    /// The line a person reads, where the system words the change itself
    /// (`add Dana <dana@...> to "..." from maria@...`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    /// The change as data, where the system words it (for scripts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
}

/// A target changed after the plan was made: its stamp then (none: it
/// was not there) and now (none: it is gone), and who last changed it.
#[derive(Debug, Clone, Serialize)]
pub struct Stale {
    pub planned: Option<String>,
    pub now: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// When cs wrote the values the record no longer holds (an undo).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// The fields that no longer hold what cs wrote (an undo).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub fields: Vec<String>,
}

/// Are two timestamps the same instant? One API writes
/// `2026-11-20T10:00:00.000+0000`, another `2026-11-20T10:00:00.000Z`:
/// compared as text they would differ.
pub fn same_instant(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => match (instant(a), instant(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
        (a, b) => a == b,
    }
}

/// A timestamp as an instant, in either form.
pub fn instant(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .ok()
}

/// A value as the diff shows it: JSON; past 160 characters its first 60
/// and its length (a file's contents, a long note).
fn shown(v: &Json) -> String {
    let text = match v {
        Json::Null => "(empty)".to_string(),
        other => other.to_string(),
    };
    let n = text.chars().count();
    let text = if n > 160 {
        let head: String = text.chars().take(60).collect();
        format!("{head}… ({n} characters)")
    } else {
        text
    };
    crate::out::printable(&text).into_owned()
}

/// The diff for people: a line per item, `old → new` per field, then the
/// counts.
pub fn text(changes: &[Change]) -> String {
    let mut s = String::new();
    for c in changes {
        let (sign, verb) = match c.action {
            Action::Create => ("+", "create"),
            Action::Update => ("~", "update"),
            Action::NoChange => ("=", "no change"),
            Action::NotFound => ("!", "not in the org"),
            Action::Post => ("+", "post"),
            Action::Delete => ("-", "delete"),
        };
        let id =
            c.id.as_deref()
                .map(|i| format!(" ({i})"))
                .unwrap_or_default();
        // A system that words its change says what Id matters in it.
        match &c.words {
            Some(w) => s.push_str(&format!("{sign} {}\n", crate::out::printable(w))),
            None => s.push_str(&format!(
                "{sign} {verb}: {}{id}\n",
                crate::out::printable(&c.what)
            )),
        }
        for f in &c.fields {
            match c.action {
                Action::Create => s.push_str(&format!("    {}: {}\n", f.field, shown(&f.new))),
                _ => s.push_str(&format!(
                    "    {}: {} → {}\n",
                    f.field,
                    shown(&f.old),
                    shown(&f.new)
                )),
            }
        }
    }
    s.push_str(&counts(changes));
    s.push('\n');
    s
}

/// "1 to create, 2 to update, 3 unchanged, 1 message to post."
pub fn counts(changes: &[Change]) -> String {
    let n = |a: Action| changes.iter().filter(|c| c.action == a).count();
    let mut parts = vec![
        format!("{} to create", n(Action::Create)),
        format!("{} to update", n(Action::Update)),
        format!("{} unchanged", n(Action::NoChange)),
    ];
    if n(Action::Delete) > 0 {
        parts.push(format!("{} to delete", n(Action::Delete)));
    }
    if n(Action::NotFound) > 0 {
        parts.push(format!("{} not in the org", n(Action::NotFound)));
    }
    let posts = n(Action::Post);
    parts.push(format!(
        "{posts} message{} to post",
        crate::out::plural(posts)
    ));
    format!("Plan: {}.", parts.join(", "))
}

/// The stale guard: the records the org changed after the plan was made,
/// named with who changed them and when, or nothing.
pub fn refuse_stale(changes: &[Change]) -> Result<(), Error> {
    let stale: Vec<String> = changes
        .iter()
        .filter_map(|c| {
            let s = c.stale.as_ref()?;
            let who =
                s.by.as_deref()
                    .map(|b| format!(" by {b}"))
                    .unwrap_or_default();
            let what = crate::out::printable(&c.what);
            Some(match (&s.planned, &s.now) {
                (_, Some(now)) if s.written.is_some() => format!(
                    "  {what}: {} no longer {} what cs wrote ({}); last changed in the org{who} at {now}",
                    s.fields.join(", "),
                    if s.fields.len() == 1 { "holds" } else { "hold" },
                    s.written.as_deref().unwrap_or_default()
                ),
                (Some(then), Some(now)) => format!(
                    "  {what}: changed in the org{who} at {now}, after the plan read it ({then})"
                ),
                (None, Some(now)) => {
                    format!("  {what}: created in the org{who} at {now}, after the plan was made")
                }
                (_, None) => {
                    format!("  {what}: no longer in the org (deleted after the plan was made)")
                }
            })
        })
        .collect();
    if stale.is_empty() {
        return Ok(());
    }
    let n = stale.len();
    let undoing = changes
        .iter()
        .filter_map(|c| c.stale.as_ref())
        .all(|s| s.written.is_some());
    Err(Error::user(format!(
        "{n} record{} changed in the org since the plan was made; nothing was sent.",
        crate::out::plural(n)
    ))
    .with_details(stale)
    .with_hint(if undoing {
        "someone changed what the run wrote: cs does not overwrite it; set those records back by hand, or leave them"
    } else {
        "make the plan again from the org as it is now (the same command with --account), and submit that one"
    }))
}

/// `--mode update-only`: the creates it refuses, listed, or nothing.
pub fn refuse_creates(changes: &[Change]) -> Result<(), Error> {
    let creates: Vec<String> = changes
        .iter()
        .filter(|c| c.action == Action::Create)
        .map(|c| format!("  {}", crate::out::printable(&c.what)))
        .collect();
    if creates.is_empty() {
        return Ok(());
    }
    let n = creates.len();
    Err(Error::user(format!(
        "--mode update-only: {n} record{} would be created (no record has {} External ID); nothing was sent.",
        crate::out::plural(n),
        if n == 1 { "its" } else { "their" }
    ))
    .with_details(creates)
    .with_hint("check the External ID values (a mistyped key makes a new record); to create them, submit without --mode update-only"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_are_compared_as_instants() {
        use super::same_instant;
        let rest = Some("2026-11-20T10:00:00.000+0000");
        assert!(same_instant(rest, Some("2026-11-20T10:00:00.000Z")));
        assert!(same_instant(rest, Some("2026-11-20T11:00:00.000+01:00")));
        assert!(!same_instant(rest, Some("2026-11-20T10:00:01.000Z")));
        assert!(!same_instant(rest, None));
        assert!(same_instant(None, None));
    }
}
