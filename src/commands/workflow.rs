//! The shared path of every workflow command (onboard, escalate, transition,
//! offboard): load the playbook, collect and validate answers, build the
//! plan, render it.

use super::Ctx;
use crate::cli::Format;
use cs::answers::draft::{self, Draft};
use cs::answers::prompt::TerminalPrompter;
use cs::answers::{Answers, CollectError, Collector, Provided};
use cs::error::CliError;
use cs::plan::build::{Inputs, build};
use cs::{out, render};
use indexmap::IndexMap;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Answers file: a YAML or JSON map of field key -> value (`-` reads stdin).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

pub fn exec(
    ctx: &Ctx,
    command: &'static str,
    playbook_id: &str,
    args: &Args,
) -> Result<(), CliError> {
    let format = ctx.format(
        &[Format::Text, Format::Json, Format::Csv],
        Ctx::auto(),
        command,
    )?;
    let loaded = ctx.library.load(playbook_id)?;
    let taxonomy = ctx.library.taxonomy()?;
    let p = &loaded.playbook;

    let mut provided = match &args.answers {
        Some(path) => Provided::from_file(path)?,
        None => Provided::default(),
    };
    for s in &args.set {
        provided.set(p, s)?;
    }

    let reads_stdin = args
        .answers
        .as_deref()
        .is_some_and(|a| a.as_os_str() == "-");
    let interactive = ctx.interactive && !reads_stdin;
    let mut prompter = TerminalPrompter;
    let mut draft = if interactive {
        Draft::new(playbook_id)
    } else {
        None
    };
    if interactive {
        draft::install_interrupt_handler(command);
    }
    let mut save = |a: &Answers| {
        if let Some(d) = draft.as_mut() {
            d.save(a);
        }
    };
    let collector = Collector {
        playbook: p,
        taxonomy: Some(&taxonomy),
        today: ctx.today,
        prompter: if interactive {
            Some(&mut prompter)
        } else {
            None
        },
        on_answer: Some(&mut save),
    };
    let result = collector.collect(&provided);
    let resume_hint = |d: &Option<Draft>| {
        d.as_ref().filter(|d| d.saved()).map(|d| {
            format!(
                "your answers are saved in {}; resume with: cs {command} --answers {}",
                d.path.display(),
                d.path.display()
            )
        })
    };
    let answers = match result {
        Ok(a) => a,
        Err(CollectError::Invalid(problems)) => {
            let details = problems
                .iter()
                .map(|pr| format!("  {}", pr.line(p.field(&pr.key))))
                .collect();
            let n = problems.len();
            return Err(CliError::user(format!(
                "{n} field{} of the {} playbook {} an answer; nothing was written.",
                if n == 1 { "" } else { "s" },
                p.id.value,
                if n == 1 { "needs" } else { "need" }
            ))
            .with_details(details)
            .with_hint(format!(
                "see every field with: cs playbook show {}",
                p.id.value
            )));
        }
        Err(CollectError::Interrupted(_)) => {
            let mut e = CliError::interrupted("interrupted.");
            if let Some(h) = resume_hint(&draft) {
                e = e.with_hint(h);
            }
            return Err(e);
        }
        Err(CollectError::Prompt(msg)) => {
            let mut e = CliError::user(format!("cannot ask: {msg}."));
            if let Some(h) = resume_hint(&draft) {
                e = e.with_hint(h);
            }
            return Err(e);
        }
    };
    let plan = build(
        &loaded,
        Inputs {
            command,
            answers: &answers,
            summary: IndexMap::new(),
            today: ctx.today,
        },
    );
    let plan = match plan {
        Ok(plan) => plan,
        Err(mut e) => {
            if let Some(h) = resume_hint(&draft) {
                e = e.with_hint(h);
            }
            return Err(e);
        }
    };
    let text = match format {
        Format::Json => render::json_pretty(&plan)?,
        Format::Csv => render::plan_csv(&plan)?,
        _ => render::plan_text(&plan),
    };
    out::data(&text);
    if format != Format::Text {
        for w in &plan.warnings {
            out::warn(w);
        }
    }
    if let Some(d) = draft {
        d.discard();
    }
    Ok(())
}
