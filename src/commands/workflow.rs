//! The shared path of every workflow command (onboard, escalate, transition,
//! offboard and their subcommands): load the playbook, collect and validate
//! the answers of one of its forms, let the command compute its facts, build
//! the plan, render it.

use super::Ctx;
use crate::cli::Format;
use cs::answers::draft::{self, Draft};
use cs::answers::prompt::TerminalPrompter;
use cs::answers::{Answers, CollectError, Collector, Provided, describe_form};
use cs::error::CliError;
use cs::plan::Plan;
use cs::plan::build::{Inputs, build};
use cs::playbook::Loaded;
use cs::{out, render};
use indexmap::IndexMap;
use serde_json::Value as Json;
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
}

/// Which playbook form a command runs.
#[derive(Debug, Clone, Copy)]
pub struct Workflow {
    /// As the user types it after `cs`: `escalate`, `escalate advance`.
    pub command: &'static str,
    pub playbook: &'static str,
    /// `""` for the playbook's own form.
    pub form: &'static str,
}

/// What a command computed from the answers, beside the playbook.
#[derive(Debug, Default)]
pub struct Facts {
    pub summary: IndexMap<String, Json>,
    pub warnings: Vec<String>,
}

/// Answers collected for a workflow, with the draft that keeps typed answers.
pub struct Collected {
    pub loaded: Loaded,
    pub answers: Answers,
    draft: Option<Draft>,
}

impl Collected {
    /// Adds "your answers are saved in ..." to an error after answers were typed.
    pub fn fail(&self, wf: Workflow, mut e: CliError) -> CliError {
        if let Some(h) = resume_hint(wf, &self.draft) {
            e = e.with_hint(h);
        }
        e
    }

    /// The command succeeded: typed answers are no longer needed.
    pub fn done(self) {
        if let Some(d) = self.draft {
            d.discard();
        }
    }
}

fn resume_hint(wf: Workflow, d: &Option<Draft>) -> Option<String> {
    d.as_ref().filter(|d| d.saved()).map(|d| {
        format!(
            "your answers are saved in {}; resume with: cs {} --answers {}",
            d.path.display(),
            wf.command,
            d.path.display()
        )
    })
}

/// Loads the playbook and collects the form's answers from the file, --set and,
/// on a terminal, prompts.
pub fn collect(ctx: &Ctx, wf: Workflow, args: &Args) -> Result<Collected, CliError> {
    collect_with(ctx, wf, args, Provided::default())
}

/// Like `collect`, with answers known beforehand (`seed`) that the answers
/// file and --set may override.
pub fn collect_with(
    ctx: &Ctx,
    wf: Workflow,
    args: &Args,
    seed: Provided,
) -> Result<Collected, CliError> {
    let loaded = ctx.library.load(wf.playbook)?;
    let taxonomy = ctx.library.taxonomy()?;
    let p = &loaded.playbook;
    let form = p.form(wf.form).ok_or_else(|| {
        CliError::internal(format!(
            "the {} playbook has no form '{}'",
            wf.playbook, wf.form
        ))
        .with_hint(format!(
            "an organization's copy of {}.yaml must keep its forms",
            wf.playbook
        ))
    })?;

    let mut provided = seed;
    if let Some(path) = &args.answers {
        provided.values.extend(Provided::from_file(path)?.values);
    }
    for s in &args.set {
        provided.set(form, s)?;
    }

    let reads_stdin = args
        .answers
        .as_deref()
        .is_some_and(|a| a.as_os_str() == "-");
    let interactive = ctx.interactive && !reads_stdin;
    let mut prompter = TerminalPrompter;
    let mut draft = if interactive {
        Draft::new(wf.playbook)
    } else {
        None
    };
    if interactive {
        draft::install_interrupt_handler(wf.command);
    }
    let mut save = |a: &Answers| {
        if let Some(d) = draft.as_mut() {
            d.save(a);
        }
    };
    let result = Collector {
        playbook_id: &p.id.value,
        form,
        taxonomy: Some(&taxonomy),
        today: ctx.today,
        prompter: if interactive {
            Some(&mut prompter)
        } else {
            None
        },
        on_answer: Some(&mut save),
        summary: Default::default(),
    }
    .collect(&provided);
    let answers = match result {
        Ok(a) => a,
        Err(CollectError::Invalid(problems)) => {
            let details = problems
                .iter()
                .map(|pr| format!("  {}", pr.line(form.field(&pr.key))))
                .collect();
            let n = problems.len();
            return Err(CliError::user(format!(
                "{n} field{} of {} {} an answer; nothing was written.",
                out::plural(n),
                describe_form(wf.playbook, wf.form),
                if n == 1 { "needs" } else { "need" }
            ))
            .with_details(details)
            .with_hint(format!(
                "see every field with: cs playbook show {}",
                wf.playbook
            )));
        }
        Err(CollectError::Interrupted(_)) => {
            let mut e = CliError::interrupted("interrupted.");
            if let Some(h) = resume_hint(wf, &draft) {
                e = e.with_hint(h);
            }
            return Err(e);
        }
        Err(CollectError::Prompt(msg)) => {
            let mut e = CliError::user(format!("cannot ask: {msg}."));
            if let Some(h) = resume_hint(wf, &draft) {
                e = e.with_hint(h);
            }
            return Err(e);
        }
    };
    Ok(Collected {
        loaded,
        answers,
        draft,
    })
}

/// Builds the plan of collected answers and the command's facts.
pub fn plan(ctx: &Ctx, wf: Workflow, c: &Collected, facts: Facts) -> Result<Plan, CliError> {
    let form = c
        .loaded
        .playbook
        .form(wf.form)
        .ok_or_else(|| CliError::internal(format!("no form '{}'", wf.form)))?;
    let mut plan = build(
        &c.loaded,
        Inputs {
            command: wf.command,
            form,
            answers: &c.answers,
            summary: facts.summary,
            today: ctx.today,
        },
    )
    .map_err(|e| c.fail(wf, e))?;
    plan.warnings.extend(facts.warnings);
    Ok(plan)
}

/// Prints a plan in the chosen format; warnings go to stderr too unless the
/// text rendering already shows them.
pub fn emit(ctx: &Ctx, wf: Workflow, plan: &Plan) -> Result<(), CliError> {
    let format = ctx.format(
        &[Format::Text, Format::Json, Format::Csv],
        Ctx::auto(),
        wf.command,
    )?;
    let text = match format {
        Format::Json => render::json_pretty(plan)?,
        Format::Csv => render::plan_csv(plan)?,
        _ => render::plan_text(plan),
    };
    out::data(&text);
    if format != Format::Text {
        for w in &plan.warnings {
            out::warn(w);
        }
    }
    Ok(())
}
