//! The clap tree: global flags and one subcommand per verb.

use crate::commands;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    invalid input or lint findings (the message says which file, line and field)
  2    usage error (unknown flag, missing argument)
  3    a remote system (Salesforce, Slack) failed or refused
  130  interrupted (Ctrl-C); typed answers are saved for --answers

Examples:
  cs note check '04/20/23_MM:Customer called support'
  cs churn-code show 'too expensive'
  cs escalate --answers case.yaml --format json > plan.json
  cs playbook lint playbooks/";

#[derive(Debug, Parser)]
#[command(
    name = "cs",
    version,
    about = "Customer Success SOPs as executable playbooks",
    long_about = "cs runs MedTrainer's Customer Success SOPs: it asks for what a procedure \
needs, validates it, and prints a plan of Salesforce records, Slack messages, email drafts \
and dated steps. Playbooks are built in; --playbooks DIR uses an organization's own copies.",
    after_help = EXIT_CODES,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args)]
pub struct Global {
    /// Directory of playbooks that override the built-in ones (same file name wins).
    #[arg(long, global = true, env = "CS_PLAYBOOKS", value_name = "DIR")]
    pub playbooks: Option<PathBuf>,
    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
    /// Never prompt: fail, listing every missing or invalid field and the flag that supplies it.
    #[arg(long, global = true)]
    pub no_input: bool,
    /// The date to use as today for every computation (YYYY-MM-DD).
    #[arg(long, global = true, env = "CS_TODAY", value_name = "DATE", value_parser = parse_today)]
    pub today: Option<NaiveDate>,
}

fn parse_today(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date; write YYYY-MM-DD"))
}

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
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Github => "github",
            Self::Ics => "ics",
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Onboarding plans for core and digital accounts (MT-CS-002, MT-CS-020).
    Onboard(commands::onboard::Args),
    /// Escalation cases from creation to resolution (MT-CS-005).
    Escalate(commands::escalate::Args),
    /// Account transitions, one or a batch of any size (Account Transition SOP).
    Transition(commands::transition::Args),
    /// Offboard customers: the three scenarios of MT-CS-012.
    Offboard(commands::offboard::Args),
    /// Apply plans to Salesforce and Slack, exactly once (a dry run unless --yes).
    Submit(commands::submit::Args),
    /// Look up churn codes (the E2 taxonomy).
    #[command(subcommand)]
    ChurnCode(commands::churn_code::Cmd),
    /// Check, fix and write notes in the MM/DD/YY_Initials:Action form (N1).
    #[command(subcommand)]
    Note(commands::note::Cmd),
    /// List, show, lint playbooks; print their JSON Schema.
    #[command(subcommand)]
    Playbook(commands::playbook::Cmd),
    /// Print a shell completion script.
    Completions(commands::completions::Args),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap's own consistency checks over the whole tree (unique names,
    /// groups, conflicts), which otherwise fire only when a command is used.
    #[test]
    fn the_command_tree_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
