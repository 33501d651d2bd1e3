//! The clap tree: global flags and one subcommand per verb. Only `main`
//! imports this module; the commands do not (their shared types are in
//! `commands`).

use crate::commands::{self, Format};
use chrono::{NaiveDate, NaiveTime};
use clap::{ArgMatches, FromArgMatches, Parser, Subcommand};
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
  cs escalate --answers examples/escalation.yaml --format json > plan.json
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
    pub global: TopLevel,
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
    /// The date to use as today for every computation (YYYY-MM-DD), and
    /// optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that
    /// comes in after business hours gets its call the next business day.
    /// Without it: the computer's date and time.
    /// CS_TODAY sets it for every command; empty, it is unset.
    #[arg(long, global = true, env = "CS_TODAY", value_name = "DATE", value_parser = parse_today)]
    pub today: Option<Today>,
    /// Start the CSVs written for people (cs-ops.csv, errors.csv,
    /// report.csv, results.csv, --format csv) with a UTF-8 byte-order mark,
    /// so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload
    /// files never have one. CS_CSV_BOM=true turns it on for every command.
    #[arg(long, global = true, env = "CS_CSV_BOM", value_parser = parse_bom, action = clap::ArgAction::SetTrue)]
    pub bom: bool,
}

/// The global flags where they come before the command (`cs --today DATE
/// escalate`). There they are not clap globals: clap would copy each into
/// all fourteen commands at every run, which was a third of its work. The
/// command that runs gets them, as globals of its own subcommands, when
/// clap builds it ([`later`]); clap then hands a value given at either
/// level to both, as it does for its globals.
#[derive(Debug)]
pub struct TopLevel(Global);

impl std::ops::Deref for TopLevel {
    type Target = Global;
    fn deref(&self) -> &Global {
        &self.0
    }
}

impl FromArgMatches for TopLevel {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        Global::from_arg_matches(m).map(TopLevel)
    }
    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(m)
    }
}

impl clap::Args for TopLevel {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        top_level(Global::augment_args(cmd))
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        top_level(Global::augment_args_for_update(cmd))
    }
}

/// The whole tree ([`whole_command`]) keeps clap's own globals.
fn top_level(cmd: clap::Command) -> clap::Command {
    if EAGER.get() {
        cmd
    } else {
        cmd.mut_args(|a| a.global(false))
    }
}

/// A command's own copy of the global flags, as clap's propagation makes
/// it: the same arguments, in the same places in its help (their display
/// order is the top level's).
fn with_globals(cmd: clap::Command) -> clap::Command {
    if EAGER.get() {
        return cmd;
    }
    let flags = <Global as clap::Args>::augment_args(clap::Command::new("cs"));
    cmd.args(flags.get_arguments().cloned())
}

/// CS_CSV_BOM as people set it: true/false, yes/no, on/off, 1/0; empty
/// is unset.
fn parse_bom(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" | "n" | "off" => Ok(false),
        "1" | "true" | "yes" | "y" | "on" => Ok(true),
        other => Err(format!(
            "'{other}' is not true or false (CS_CSV_BOM=true turns the byte-order mark on)"
        )),
    }
}

/// `--today` (or CS_TODAY): a date and maybe a time, or nothing (an
/// empty CS_TODAY, as a script's `export CS_TODAY=` leaves it: the clock).
#[derive(Debug, Clone, Copy)]
pub struct Today(pub Option<(NaiveDate, Option<NaiveTime>)>);

fn parse_today(s: &str) -> Result<Today, String> {
    if s.trim().is_empty() {
        return Ok(Today(None));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(Today(Some((d, None))));
    }
    let t = s.replacen(' ', "T", 1);
    chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M")
        .map(|dt| Today(Some((dt.date(), Some(dt.time())))))
        .map_err(|_| format!("'{s}' is not a date; write YYYY-MM-DD (or YYYY-MM-DDTHH:MM)"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Onboarding plans for core and digital accounts (MT-CS-002, MT-CS-020).
    Onboard(Lazy<commands::onboard::Args>),
    /// Escalation cases from creation to resolution (MT-CS-005).
    Escalate(Lazy<commands::escalate::Args>),
    /// Account transitions, one or a batch of any size (Account Transition SOP).
    Transition(Lazy<commands::transition::Args>),
    /// Offboard customers: the three scenarios of MT-CS-012.
    Offboard(Lazy<commands::offboard::Args>),
    /// The SOP duties that are late, due today or coming, per CSM, read from the org.
    Due(Lazy<commands::due::Args>),
    /// Apply plans to Salesforce and Slack, exactly once (a dry run unless --yes).
    #[command(long_about = commands::submit::LONG_ABOUT)]
    Submit(Lazy<commands::submit::Args>),
    /// Read the Salesforce org: check it against the playbooks, or snapshot accounts for offline planning.
    #[command(
        subcommand,
        after_help = "Examples:\n  cs org check\n  cs org snapshot 001000000000001AAA --out acme.json"
    )]
    Org(Lazy<commands::org::Cmd>),
    /// Look up churn codes (the E2 taxonomy).
    #[command(
        subcommand,
        after_help = "Examples:\n  cs churn-code list\n  cs churn-code show 'too expensive'"
    )]
    ChurnCode(Lazy<commands::churn_code::Cmd>),
    /// Check, fix and write notes in the MM/DD/YY_Initials:Action form (N1).
    #[command(
        subcommand,
        after_help = "Examples:\n  cs note check '04/20/23MM: One more week'\n  cs note fix < examples/notes.txt\n  cs note new 'Customer called support' --initials MM"
    )]
    Note(Lazy<commands::note::Cmd>),
    /// List, show, lint playbooks; print their JSON Schema.
    #[command(
        subcommand,
        after_help = "Examples:\n  cs playbook list\n  cs playbook show escalation\n  cs playbook lint examples/broken/follow-up.yaml\n  cs --today 2026-11-20 playbook test playbooks/tests"
    )]
    Playbook(Lazy<commands::playbook::Cmd>),
    /// List, show and remove the answers kept when an interactive run stopped.
    #[command(
        subcommand,
        after_help = "Examples:\n  cs drafts list\n  cs drafts show escalation-20261202-142501.json\n  cs drafts remove --all"
    )]
    Drafts(Lazy<commands::drafts::Cmd>),
    /// The plan format: print its JSON Schema.
    #[command(
        subcommand,
        after_help = "Examples:
  cs plan schema > plan.schema.json"
    )]
    Plan(Lazy<commands::plan::Cmd>),
    /// Print a shell completion script.
    Completions(Lazy<commands::completions::Args>),
    /// Print or write the manual pages (man -l).
    Man(Lazy<commands::man::Args>),
}

/// A subcommand's arguments, built by clap only when that subcommand is
/// used: `cs --version` and `cs note check` do not build the flags of every
/// other command, which was most of cs's own start-up work. Help and parsing
/// are the same either way; completion scripts, which describe the whole
/// tree at once (the `help` subcommand's too), use [`whole_command`].
#[derive(Debug)]
pub struct Lazy<T>(T);

thread_local! {
    static EAGER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The command tree with every subcommand built now.
pub fn whole_command() -> clap::Command {
    EAGER.set(true);
    let cmd = <Cli as clap::CommandFactory>::command();
    EAGER.set(false);
    cmd
}

/// `augment` now when building the whole tree, else when clap enters the
/// command; `augment` gives the command the global flags too
/// ([`with_globals`]).
fn later(cmd: clap::Command, augment: fn(clap::Command) -> clap::Command) -> clap::Command {
    if EAGER.get() {
        augment(cmd)
    } else {
        cmd.defer(augment)
    }
}

impl<T> std::ops::Deref for Lazy<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: FromArgMatches> FromArgMatches for Lazy<T> {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(m).map(Lazy)
    }
    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(m)
    }
}

impl<T: clap::Args> clap::Args for Lazy<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        fn augment<T: clap::Args>(cmd: clap::Command) -> clap::Command {
            with_globals(T::augment_args(cmd))
        }
        later(cmd, augment::<T>)
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        fn augment<T: clap::Args>(cmd: clap::Command) -> clap::Command {
            with_globals(T::augment_args_for_update(cmd))
        }
        later(cmd, augment::<T>)
    }
}

impl<T: Subcommand> Subcommand for Lazy<T> {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        fn augment<T: Subcommand>(cmd: clap::Command) -> clap::Command {
            with_globals(T::augment_subcommands(cmd))
        }
        later(cmd, augment::<T>)
    }
    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        fn augment<T: Subcommand>(cmd: clap::Command) -> clap::Command {
            with_globals(T::augment_subcommands_for_update(cmd))
        }
        later(cmd, augment::<T>)
    }
    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap's own consistency checks over the whole tree (unique names,
    /// groups, conflicts), which otherwise fire only when a command is used.
    #[test]
    fn the_command_tree_is_consistent() {
        super::Cli::command().debug_assert();
        super::whole_command().debug_assert();
    }

    fn paths(cmd: &clap::Command, path: &mut Vec<String>, all: &mut Vec<Vec<String>>) {
        all.push(path.clone());
        for sub in cmd.get_subcommands() {
            path.push(sub.get_name().to_string());
            paths(sub, path, all);
            path.pop();
        }
    }

    /// Building subcommands lazily, each with its own copy of the global
    /// flags, changes nothing a user sees: the help of every command (long
    /// and short) and parse errors are the same as with the whole tree
    /// built at once, whose global flags are clap's own.
    #[test]
    fn lazy_subcommands_give_the_same_help_and_errors() {
        let mut all = Vec::new();
        paths(&super::whole_command(), &mut Vec::new(), &mut all);
        assert!(all.len() > 20, "{} commands", all.len());
        for path in &all {
            for tail in [
                &["--help"][..],
                &["-h"],
                &["--no-such-flag"],
                &["--version"],
            ] {
                let argv: Vec<&str> = std::iter::once("cs")
                    .chain(path.iter().map(String::as_str))
                    .chain(tail.iter().copied())
                    .collect();
                let lazy = super::Cli::command().try_get_matches_from(&argv);
                let whole = super::whole_command().try_get_matches_from(&argv);
                let text = |r: Result<clap::ArgMatches, clap::Error>| match r {
                    Ok(_) => String::from("parsed"),
                    Err(e) => e.render().to_string(),
                };
                assert_eq!(text(lazy), text(whole), "{argv:?}");
            }
        }
    }

    /// The global flags read the same from the lazy tree, given before
    /// the command, after it, after a subcommand of it, or both.
    #[test]
    fn global_flags_are_read_at_every_level() {
        use clap::FromArgMatches;
        for argv in [
            &[
                "cs",
                "--today",
                "2026-11-20",
                "--format",
                "json",
                "escalate",
            ][..],
            &[
                "cs",
                "escalate",
                "--today",
                "2026-11-20",
                "--bom",
                "--no-input",
            ],
            &[
                "cs",
                "escalate",
                "advance",
                "--format",
                "csv",
                "--playbooks",
                "p",
            ],
            &[
                "cs",
                "--today",
                "2026-11-21",
                "escalate",
                "--today",
                "2026-11-20",
            ],
            &[
                "cs", "--format", "text", "playbook", "lint", "--format", "json", "x",
            ],
            &["cs", "--no-input", "org", "check", "--today", "2026-01-02"],
        ] {
            let read = |m: clap::ArgMatches| {
                format!("{:?}", super::Cli::from_arg_matches(&m).map(|c| c.global))
            };
            let lazy = read(super::Cli::command().try_get_matches_from(argv).unwrap());
            let whole = read(super::whole_command().try_get_matches_from(argv).unwrap());
            assert_eq!(lazy, whole, "{argv:?}");
            assert!(
                !lazy.contains("today: None") || !argv.contains(&"--today"),
                "{lazy}"
            );
        }
    }
}
