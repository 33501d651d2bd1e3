//! One module per subcommand: its clap arguments and an `exec` that turns
//! them into typed values and calls the library. Commands import this
//! module (the prelude of what they share), never `crate::cli`; only
//! `cli.rs` imports the commands.

pub mod churn_code;
pub mod completions;
pub mod drafts;
pub mod due;
pub mod escalate;
pub mod man;
pub mod note;
pub mod offboard;
pub mod onboard;
pub mod org;
pub mod plan;
pub mod playbook;
pub mod submit;
pub mod transition;
pub mod workflow;

use chrono::NaiveDate;
use clap::ValueEnum;
use cs::error::Error;
use cs::playbook::Library;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables and lines for people.
    Text,
    /// One JSON document, for scripts.
    Json,
    /// CSV rows, for spreadsheets.
    Csv,
    /// GitHub Actions annotations (cs playbook lint).
    Github,
    /// iCalendar (RFC 5545), for calendars (cs escalate cadence).
    Ics,
    /// The playbook file as written (cs playbook show).
    Yaml,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Github => "github",
            Self::Ics => "ics",
            Self::Yaml => "yaml",
        }
    }
}

/// What every command gets from the global flags.
pub struct Ctx {
    pub library: Library,
    /// --format as given; each command picks its own default.
    pub format: Option<Format>,
    pub today: NaiveDate,
    /// --today (or CS_TODAY) as given, for what must be pinned to a date.
    pub today_given: Option<NaiveDate>,
    /// The time of day: --today's if it gives one, none if it gives only a
    /// date, else the computer's.
    pub now: Option<chrono::NaiveTime>,
    /// May cs prompt? Only with --no-input off and a terminal on stdin and stdout.
    pub interactive: bool,
}

impl Ctx {
    pub fn new(
        playbooks: Option<PathBuf>,
        format: Option<Format>,
        no_input: bool,
        today: Option<(NaiveDate, Option<chrono::NaiveTime>)>,
    ) -> Result<Self, Error> {
        // The computer's clock (and its time zone's file) only when
        // --today does not say.
        let (date, now) = match today {
            Some(given) => given,
            None => {
                let local = chrono::Local::now().naive_local();
                (local.date(), Some(local.time()))
            }
        };
        Ok(Self {
            library: Library::new(playbooks)?.with_sops(cs::sops::check_playbook),
            format,
            today: date,
            today_given: today.map(|t| t.0),
            now,
            interactive: !no_input && cs::out::stdin_is_terminal() && cs::out::stdout_is_terminal(),
        })
    }

    /// The format to write: --format if the command can write it, else `default`.
    pub fn format(
        &self,
        allowed: &[Format],
        default: Format,
        command: &str,
    ) -> Result<Format, Error> {
        let f = self.format.unwrap_or(default);
        if allowed.contains(&f) {
            return Ok(f);
        }
        let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
        Err(Error::usage(format!(
            "cs {command} cannot write --format {}; use one of: {}.",
            f.name(),
            names.join(", ")
        )))
    }

    /// Text on a terminal, JSON when stdout is a pipe or file (plans).
    pub fn auto() -> Format {
        if cs::out::stdout_is_terminal() {
            Format::Text
        } else {
            Format::Json
        }
    }
}

/// How a batch command ends: with `--format json`, its counts on stdout for
/// a script; the summary on stderr, as an error naming errors.csv when a
/// row was rejected (exit 1), in either format.
pub fn batch_done(
    format: Format,
    summary: serde_json::Value,
    msg: String,
    rejected: u64,
    out_dir: &std::path::Path,
) -> Result<(), Error> {
    if format == Format::Json {
        cs::out::data(&format!("{summary:#}\n"))?;
    }
    if rejected > 0 {
        return Err(Error::user(msg).with_hint(format!(
            "errors.csv lists each rejected row with its line and reason: {}",
            out_dir.join("errors.csv").display()
        )));
    }
    cs::out::note(&msg);
    Ok(())
}
