//! `cs drafts`: the answers kept when an interactive run stopped (Ctrl-C,
//! an error), each a JSON answers file that `--answers` resumes. A run a
//! draft fed removes it once it succeeds; these commands show and clear
//! the rest.

use super::{Ctx, Format};
use cs::answers::draft::state_dir;
use cs::error::{Error, io_reason};
use cs::out;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// List the drafts, newest first: file, playbook, answers, when saved.
    #[command(after_help = "Examples:\n  cs drafts list\n  cs drafts list --format json")]
    List,
    /// Print a draft's answers (a JSON answers file).
    #[command(after_help = "Examples:\n  cs drafts show escalation-20261202-142501.json")]
    Show {
        /// The draft's file name (as `cs drafts list` shows it) or path.
        draft: String,
    },
    /// Remove drafts: the ones named, or every one with --all.
    #[command(
        after_help = "Examples:\n  cs drafts remove escalation-20261202-142501.json\n  cs drafts remove --all"
    )]
    Remove {
        /// The drafts' file names (as `cs drafts list` shows them).
        #[arg(required_unless_present = "all")]
        drafts: Vec<String>,
        /// Every draft.
        #[arg(long, conflicts_with = "drafts")]
        all: bool,
    },
}

pub fn exec(ctx: &Ctx, cmd: &Cmd) -> Result<(), Error> {
    match cmd {
        Cmd::List => list(ctx),
        Cmd::Show { draft } => {
            let path = find(draft)?;
            let text = cs::error::read_file(&path)?;
            out::data(&text)
        }
        Cmd::Remove { drafts, all } => {
            let paths = if *all {
                every()?.into_iter().map(|(p, _)| p).collect()
            } else {
                drafts
                    .iter()
                    .map(|d| find(d))
                    .collect::<Result<Vec<_>, _>>()?
            };
            for p in &paths {
                std::fs::remove_file(p).map_err(|e| {
                    Error::user(format!("cannot remove {}: {}.", p.display(), io_reason(&e)))
                })?;
            }
            out::note(&format!(
                "removed {} draft{}.",
                paths.len(),
                out::plural(paths.len())
            ));
            Ok(())
        }
    }
}

/// The drafts directory.
fn dir() -> Result<PathBuf, Error> {
    state_dir()
        .map(|d| d.join("drafts"))
        .ok_or_else(|| Error::user("there is no state directory for drafts; set CS_STATE_DIR."))
}

/// Every draft, newest first, with when it was saved.
fn every() -> Result<Vec<(PathBuf, std::time::SystemTime)>, Error> {
    let dir = dir()?;
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut found: Vec<(PathBuf, std::time::SystemTime)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "yaml"))
        .filter_map(|p| {
            let t = std::fs::metadata(&p).and_then(|m| m.modified()).ok()?;
            Some((p, t))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.1));
    Ok(found)
}

/// A draft by its file name (in the drafts directory) or its path.
fn find(name: &str) -> Result<PathBuf, Error> {
    let dir = dir()?;
    let in_dir = dir.join(name);
    let path = if in_dir.is_file() {
        in_dir
    } else {
        PathBuf::from(name)
    };
    if !path.is_file() || !cs::answers::draft::is_draft(&path) {
        return Err(
            Error::user(format!("there is no draft '{name}' in {}.", dir.display()))
                .with_hint("see the drafts with: cs drafts list"),
        );
    }
    Ok(path)
}

fn list(ctx: &Ctx) -> Result<(), Error> {
    let format = ctx.format(&[Format::Text, Format::Json], Format::Text, "drafts list")?;
    let rows: Vec<serde_json::Value> = every()?
        .into_iter()
        .map(|(p, t)| {
            let (answers, resume) = cs::answers::draft::read(&p);
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let playbook = name.split('-').next().unwrap_or_default().to_string();
            let saved = chrono::DateTime::<chrono::Local>::from(t)
                .format("%Y-%m-%d %H:%M")
                .to_string();
            let command = match playbook.as_str() {
                "escalation" => "escalate",
                "onboarding" => "onboard",
                "offboarding" => "offboard",
                other => other,
            };
            let resume =
                resume.unwrap_or_else(|| format!("cs {command} --answers {}", p.display()));
            serde_json::json!({"draft": name, "playbook": playbook, "answers": answers,
                               "saved": saved, "path": p.display().to_string(), "resume": resume})
        })
        .collect();
    if format == Format::Json {
        return out::data(&cs::render::json_pretty(&rows)?);
    }
    if rows.is_empty() {
        out::note("no drafts.");
        return Ok(());
    }
    // The command that resumes each on a line of its own, whole, so that
    // it can be copied (a table would wrap it inside its cell).
    let mut text = String::new();
    for r in &rows {
        let answers = r["answers"].as_u64().unwrap_or(0);
        text.push_str(&format!(
            "{}  {answers} answer{}, saved {}\n  {}\n",
            r["draft"].as_str().unwrap_or_default(),
            out::plural(answers),
            r["saved"].as_str().unwrap_or_default(),
            r["resume"].as_str().unwrap_or_default(),
        ));
    }
    out::data(&text)
}
