//! One module per subcommand: its clap arguments and an `exec` that turns
//! them into typed values and calls the library.

pub mod churn_code;
pub mod completions;
pub mod escalate;
pub mod note;
pub mod offboard;
pub mod onboard;
pub mod playbook;
pub mod submit;
pub mod transition;
pub mod workflow;

use crate::cli::{Format, Global};
use chrono::NaiveDate;
use cs::error::CliError;
use cs::playbook::Library;

/// What every command gets from the global flags.
pub struct Ctx {
    pub library: Library,
    /// --format as given; each command picks its own default.
    pub format: Option<Format>,
    pub today: NaiveDate,
    /// May cs prompt? Only with --no-input off and a terminal on stdin and stdout.
    pub interactive: bool,
}

impl Ctx {
    pub fn new(g: &Global) -> Result<Self, CliError> {
        Ok(Self {
            library: Library::new(g.playbooks.clone())?,
            format: g.format,
            today: g.today.unwrap_or_else(|| chrono::Local::now().date_naive()),
            interactive: !g.no_input
                && cs::out::stdin_is_terminal()
                && cs::out::stdout_is_terminal(),
        })
    }

    /// The format to write: --format if the command can write it, else `default`.
    pub fn format(
        &self,
        allowed: &[Format],
        default: Format,
        command: &str,
    ) -> Result<Format, CliError> {
        let f = self.format.unwrap_or(default);
        if allowed.contains(&f) {
            return Ok(f);
        }
        let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
        Err(CliError::user(format!(
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
