//! What every workflow command shares on the binary's side: the answer
//! flags, the terminal (prompts, resume drafts, Ctrl-C) and printing the
//! plan. The pipeline itself is the library's `cs::workflow::run`.

use super::{Ctx, Format};
use cs::answers::draft;
use cs::answers::prompt::TerminalPrompter;
use cs::error::Error;
use cs::plan::Plan;
use cs::workflow::{Env, Sop, Sources};
use cs::{out, render};
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
#[group(skip)]
pub struct Args {
    /// Answers file: a YAML or JSON map of field key -> value (`-` reads stdin).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Read the account's answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin's Outreach sequences and replies when Outreach credentials are set: they become the defaults.
    #[arg(long, value_name = "ID|URL")]
    pub account: Option<String>,
    /// Read --account from a snapshot (cs org snapshot) instead of the org.
    #[arg(long, value_name = "FILE", requires = "account")]
    pub org: Option<PathBuf>,
    /// Let patient identifiers found in free text go to Slack and customer
    /// drafts (only where a BAA covers them); otherwise the plan stops.
    #[arg(long)]
    pub allow_phi: bool,
}

impl Args {
    /// The answers given up front; with --account, the org's as defaults.
    pub fn sources(&self, ctx: &Ctx, wf: cs::workflow::Workflow) -> Result<Sources, Error> {
        let mut s = Sources {
            answers: self.answers.clone(),
            set: self.set.clone(),
            allow_phi: self.allow_phi,
            ..Sources::default()
        };
        if let Some(account) = &self.account {
            let id = cs::org::account_id(account, "--account")?;
            let (values, note, known) = match &self.org {
                Some(path) => {
                    let mut snap = cs::org::Snapshot::load(path)?;
                    cs::workflow::prefill(&mut snap, &ctx.library, wf, &id, &s)?
                }
                None => super::org::with_org(
                    "or plan from a snapshot: --org FILE (cs org snapshot)",
                    |r| cs::workflow::prefill(r, &ctx.library, wf, &id, &s),
                )?,
            };
            out::note(&note);
            s.org = values;
            s.known = known;
        }
        Ok(s)
    }
}

/// The library's run environment for this terminal: prompts (and resume
/// drafts, and a Ctrl-C handler that says where they are) only when cs may ask.
pub fn env<'a>(ctx: &'a Ctx, command: &'static str) -> Env<'a> {
    let env = Env::new(&ctx.library, ctx.today).at(ctx.now);
    if !ctx.interactive {
        return env;
    }
    on_interrupt(command);
    env.prompting(Box::new(TerminalPrompter), true)
        .resumed_by(resume_command(std::env::args().skip(1)))
}

/// The command line that resumes a run, from its arguments: as typed
/// (`--account`, `--org`, `--playbooks`, a subcommand's own flags kept),
/// but its answers, which the draft holds (`--answers`, `--set`), and
/// `--no-input`.
fn resume_command(args: impl Iterator<Item = String>) -> Vec<String> {
    let mut out = vec!["cs".to_string()];
    let mut args = args.peekable();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--answers" | "--set" => {
                args.next();
            }
            "--no-input" => {}
            _ if a.starts_with("--answers=") || a.starts_with("--set=") => {}
            _ => out.push(a),
        }
    }
    out
}

/// On Ctrl-C (or SIGTERM, SIGHUP) at a prompt: say where the typed answers
/// are, then exit 130.
fn on_interrupt(command: &'static str) {
    cs::interrupt::at_prompt(move || match draft::current() {
        Some(p) => format!(
            "\ninterrupted; your answers are saved in {}\nresume with: {}\n",
            p.display(),
            draft::read(&p)
                .1
                .unwrap_or_else(|| format!("cs {command} --answers {}", p.display()))
        ),
        None => "\ninterrupted; nothing was answered yet.\n".to_string(),
    });
}

/// Runs a workflow from the answer flags and prints its plan (text, JSON or CSV).
pub fn run(ctx: &Ctx, sop: &dyn Sop, args: &Args) -> Result<(), Error> {
    let command = sop.workflow().command;
    let format = plan_format(ctx, command)?;
    let sources = args.sources(ctx, sop.workflow())?;
    let resumed = args.answers.as_deref().filter(|a| draft::is_draft(a));
    if let Some(path) = resumed {
        let n = draft::read(path).0;
        out::note(&format!(
            "resuming from {}: {n} answer{} loaded; cs asks for the rest.",
            path.display(),
            out::plural(n)
        ));
    }
    let mut planned = cs::workflow::run(&env(ctx, command), sop, &sources)?;
    // Made with the org: what it holds of each record now, for cs submit's
    // stale guard.
    if args.account.is_some() && args.org.is_none() {
        super::org::with_org("or plan from a snapshot: --org FILE", |live| {
            cs::submit::stamp(&mut live.sf, &mut planned.plan, &sources.known)
                .map_err(cs::salesforce::Failure::into_error)
        })?;
    }
    emit(format, &planned.plan)?;
    planned.done();
    // A resume draft that fed a run that succeeded is no longer needed.
    if let Some(path) = resumed {
        let _ = std::fs::remove_file(path);
        out::note(&format!(
            "the run succeeded: the draft {} is removed.",
            path.display()
        ));
    }
    Ok(())
}

/// The plan formats, checked before any question is asked.
pub fn plan_format(ctx: &Ctx, command: &str) -> Result<Format, Error> {
    ctx.format(
        &[Format::Text, Format::Json, Format::Csv],
        Ctx::auto(),
        command,
    )
}

/// Prints a plan in the chosen format; warnings go to stderr too unless the
/// text rendering already shows them.
pub fn emit(format: Format, plan: &Plan) -> Result<(), Error> {
    let text = match format {
        Format::Json => render::json_pretty(plan)?,
        Format::Csv => render::plan_csv(plan)?,
        _ => render::plan_text(plan),
    };
    out::data(&text)?;
    if format != Format::Text {
        for w in &plan.warnings {
            out::warn(w);
        }
    }
    Ok(())
}
