//! The pipeline every workflow runs, for one account or row by row in a
//! batch, from the binary and from the tests alike: load the playbook, collect
//! and validate the answers of one of its forms, evaluate the playbook's
//! `computed:` expressions, let the SOP compute what data cannot say, build
//! the plan, and let the SOP finish it.
//!
//! What differs between SOPs lives behind the [`Sop`] trait in
//! `crate::sops`; what is the same for all of them lives here, once.

use crate::answers::draft::Draft;
use crate::answers::prompt::Prompter;
use crate::answers::{Answers, CollectError, Collector, Fault, Provided, describe_form};
use crate::calendar::Calendar;
use crate::churn::Taxonomy;
use crate::error::Error;
use crate::fields::Value;
use crate::plan::Plan;
use crate::plan::build::{Inputs, build, context};
use crate::playbook::model::FormRef;
use crate::playbook::{Library, Loaded};
use crate::{out, template};
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde_json::Value as Json;
use std::cell::RefCell;
use std::path::PathBuf;

/// Which playbook form a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workflow {
    /// As the user types it after `cs`: `escalate`, `escalate advance`.
    pub command: &'static str,
    pub playbook: &'static str,
    /// `""` for the playbook's own form.
    pub form: &'static str,
}

/// Where answers given up front come from: an answers file (`-` is stdin),
/// values a program hands over, and `key=value` assignments; each wins over
/// the one before.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub answers: Option<PathBuf>,
    pub values: IndexMap<String, Json>,
    pub set: Vec<String>,
    /// What the org holds for the run's account: defaults, below all of
    /// the above (and shown at the prompt).
    pub org: IndexMap<String, Json>,
    /// Patient data may go to Slack and customer drafts (`--allow-phi`).
    pub allow_phi: bool,
    /// What the org holds of the records a plan may write, read with
    /// `org` (the plan's stale guard).
    pub known: crate::answers::org::Known,
}

impl Sources {
    fn reads_stdin(&self) -> bool {
        self.answers
            .as_deref()
            .is_some_and(|a| a.as_os_str() == "-")
    }
}

/// What every run shares: the playbooks in effect, today, and the person at
/// the terminal (if cs may ask them anything).
pub struct Env<'a> {
    pub library: &'a Library,
    pub today: NaiveDate,
    /// The time of day, when known (E5: after business hours).
    pub now: Option<chrono::NaiveTime>,
    /// Asks for missing answers; `None` when cs may not prompt.
    prompter: Option<RefCell<Box<dyn Prompter + 'a>>>,
    /// Save typed answers to a resume draft (a person at a terminal).
    drafts: bool,
    /// The command line that resumes a draft, but its answers (`cs
    /// escalate --account ID --org FILE`): what the run was given besides.
    resume: Vec<String>,
}

impl<'a> Env<'a> {
    /// A run that never prompts: missing answers are errors.
    pub fn new(library: &'a Library, today: NaiveDate) -> Self {
        Self {
            library,
            today,
            now: None,
            prompter: None,
            drafts: false,
            resume: Vec::new(),
        }
    }

    /// The command line that resumes this run's draft, but its answers.
    pub fn resumed_by(mut self, command: Vec<String>) -> Self {
        self.resume = command;
        self
    }

    /// The time of day of the run, when known.
    pub fn at(mut self, now: Option<chrono::NaiveTime>) -> Self {
        self.now = now;
        self
    }

    /// Prompt for missing answers with `prompter`; `drafts` saves what is typed.
    pub fn prompting(mut self, prompter: Box<dyn Prompter + 'a>, drafts: bool) -> Self {
        self.prompter = Some(RefCell::new(prompter));
        self.drafts = drafts;
        self
    }

    pub fn interactive(&self) -> bool {
        self.prompter.is_some()
    }
}

/// What an SOP computed from the answers, beside the playbook.
#[derive(Debug, Default)]
pub struct Facts {
    /// Read by templates and conditions as `summary.NAME`; the playbook's
    /// `computed:` values are already in it when an SOP's `facts` runs.
    pub summary: IndexMap<String, Json>,
    pub warnings: Vec<String>,
}

/// The facts an SOP's code sees: the loaded playbook, today and the run.
pub struct Cx<'r, 'a> {
    pub env: &'r Env<'a>,
    pub loaded: &'r Loaded,
    pub workflow: Workflow,
    /// B1: the organization's business days.
    pub calendar: &'r Calendar,
    /// E2: the churn-code taxonomy in effect.
    pub taxonomy: &'r Taxonomy,
}

impl Cx<'_, '_> {
    pub fn today(&self) -> NaiveDate {
        self.env.today
    }
}

/// What one SOP (or one form of it) adds to the shared pipeline. Each
/// implementation lives in `crate::sops`, named like its playbook.
pub trait Sop {
    /// The playbook form this runs.
    fn workflow(&self) -> Workflow;

    /// Answers known before collection, which the answers file and `--set` may override.
    fn seed(&self) -> Provided {
        Provided::default()
    }

    /// Answers the run may not change, and whose answers they are (O9: the
    /// onboarding's account, products, MRR and FMC in its escalation case).
    /// They win over every source; a source that gives another value is
    /// refused, naming each conflict.
    fn fixed(&self) -> (&str, Provided) {
        ("", Provided::default())
    }

    /// Checks answers given up front (file, values, `--set`) before any
    /// question is asked, so a run that cannot succeed stops at once (E9:
    /// a move the status machine refuses).
    fn precheck(&self, _cx: &Cx, _given: &Provided) -> Result<(), Error> {
        Ok(())
    }

    /// Why an answer is refused given the answers before it, where its
    /// field alone cannot tell (O3's date order). Checked as answers are
    /// collected, so a terminal asks again and a script hears of every
    /// problem at once.
    fn check_answer(
        &self,
        _cx: &Cx,
        _key: &str,
        _value: &Value,
        _before: &Answers,
    ) -> Option<String> {
        None
    }

    /// What data cannot say, computed from the validated answers.
    fn facts(&self, cx: &Cx, answers: &Answers, facts: &mut Facts) -> Result<(), Error>;

    /// Changes to the built plan (checklist statuses, F4's no contact, O9's
    /// case). An error should go through [`Planned::fail`] to keep the
    /// resume hint.
    fn finish(&self, _cx: &Cx, _answers: &Answers, _run: &mut Planned) -> Result<(), Error> {
        Ok(())
    }
}

/// A plan, with the resume drafts to discard once it has been written out.
pub struct Planned {
    pub plan: Plan,
    drafts: Vec<Draft>,
}

impl Planned {
    /// Takes in a plan that includes another SOP's (O9), with its drafts.
    pub fn merge(&mut self, other: Planned) {
        self.plan.merge(other.plan);
        self.drafts.extend(other.drafts);
    }

    /// Adds "your answers are saved in ..." to an error, as `run` does.
    pub fn fail(&self, e: Error) -> Error {
        with_resume_hint(e, self.drafts.first())
    }

    /// The plan was written out: typed answers are no longer needed.
    pub fn done(self) -> Plan {
        for d in self.drafts {
            d.discard();
        }
        self.plan
    }
}

/// Runs one workflow: the answers from `sources` (and the terminal, if the
/// env may prompt), then the plan.
pub fn run(env: &Env, sop: &dyn Sop, sources: &Sources) -> Result<Planned, Error> {
    let wf = sop.workflow();
    let loaded = env.library.load(wf.playbook)?;
    let form = form_of(&loaded, wf)?;
    let calendar = env.library.calendar()?;
    let taxonomy = env.library.taxonomy()?;
    let cx = Cx {
        env,
        loaded: &loaded,
        workflow: wf,
        calendar: &calendar,
        taxonomy: &taxonomy,
    };
    let mut given = given(form, sop.seed(), sources)?;
    fix(&cx, form, sop.fixed(), &mut given)?;
    sop.precheck(&cx, &given)?;
    let (answers, draft) = collect(&cx, sop, &given, sources)?;
    let fail = |e: Error| with_resume_hint(e, draft.as_ref());
    let mut facts = Facts::default();
    computed(&loaded, form, &answers, env.today, &mut facts.summary).map_err(fail)?;
    sop.facts(&cx, &answers, &mut facts).map_err(fail)?;
    let summary = in_declared_order(form, facts.summary);
    let mut plan = build(
        &loaded,
        Inputs {
            command: wf.command,
            form,
            answers: &answers,
            summary,
            today: env.today,
            calendar: &calendar,
        },
    )
    .map_err(fail)?;
    plan.warnings.extend(facts.warnings);
    let mut planned = Planned {
        plan,
        drafts: draft.into_iter().collect(),
    };
    sop.finish(&cx, &answers, &mut planned)?;
    // Patient data stays out of Slack and customer emails (crate::phi).
    let guard = phi_guard(env.library)?;
    let warnings = crate::phi::check_plan(&guard, &planned.plan, sources.allow_phi)
        .map_err(|e| planned.fail(e))?;
    planned.plan.warnings.extend(warnings);
    crate::slack::check_limits(&planned.plan.messages).map_err(|e| planned.fail(e))?;
    Ok(planned)
}

/// The PHI guard, allowing the phone numbers and emails the playbooks
/// themselves print (MedTrainer support's).
pub fn phi_guard(library: &Library) -> Result<crate::phi::Guard, Error> {
    // The files' text is enough: nothing needs parsing again.
    let sources = library.sources()?;
    Ok(crate::phi::Guard::allowing(
        sources.into_iter().map(|s| s.text),
    ))
}

/// The default answers the org gives the form of `wf` for the account
/// `id`, read through `reader` (the org, or a snapshot), and a line saying
/// what was read: the org as a source of answers beneath the workflow.
pub fn prefill(
    reader: &mut dyn crate::answers::org::Reader,
    library: &crate::playbook::Library,
    wf: Workflow,
    id: &str,
    sources: &Sources,
) -> Result<
    (
        indexmap::IndexMap<String, serde_json::Value>,
        String,
        crate::answers::org::Known,
    ),
    Error,
> {
    let loaded = library.load(wf.playbook)?;
    let form = form_of(&loaded, wf)?;
    if !form.fields.iter().any(|f| f.org.is_some()) {
        return Err(Error::user(format!(
            "{} reads nothing from Salesforce: none of its fields says where it lives (org:).",
            crate::answers::describe_form(wf.playbook, wf.form)
        ))
        .with_hint("leave out --account, or add org: to the playbook's fields"));
    }
    // A Recurly account code given (--set, an answers file) is the one
    // read: the answer wins over the org's, and the facts must be its.
    // (An answers file on stdin is read once, later.)
    let file_sources = Sources {
        answers: sources.answers.clone().filter(|_| !sources.reads_stdin()),
        values: sources.values.clone(),
        set: sources.set.clone(),
        ..Sources::default()
    };
    let given = given(form, Provided::default(), &file_sources)?;
    let code = crate::answers::org::recurly_code(form, &given.values);
    crate::answers::org::prefill(reader, form, id, code)
}

/// The form a workflow runs, or why an organization's playbook lacks it.
pub fn form_of(loaded: &Loaded, wf: Workflow) -> Result<FormRef<'_>, Error> {
    loaded.playbook.form(wf.form).ok_or_else(|| {
        Error::user(format!(
            "{}: the {} playbook has no form '{}'.",
            loaded.source.path, wf.playbook, wf.form
        ))
        .with_hint(format!(
            "an organization's copy of {}.yaml must keep its forms",
            wf.playbook
        ))
    })
}

/// The playbook's `computed:` expressions, in order; each may read the
/// answers, `today`, `data` and the values computed before it.
fn computed(
    loaded: &Loaded,
    form: FormRef,
    answers: &Answers,
    today: NaiveDate,
    summary: &mut IndexMap<String, Json>,
) -> Result<(), Error> {
    // Each expression sees the summary so far over the same answers, so
    // the rest of the context is made once.
    let answered = context(loaded, form, answers, &IndexMap::new(), today);
    for c in form.computed {
        let Some(expr) = &c.value else { continue };
        // The last map that holds a key gives its value.
        let ctx = minijinja::value::merge_maps([
            answered.clone(),
            minijinja::context! { summary => minijinja::value::Serde(&*summary) },
        ]);
        let v = template::eval(&expr.value, &ctx).map_err(|e| {
            Error::user(format!(
                "{}:{}:{}: computed '{}' failed: {}.",
                loaded.source.path,
                expr.referenced.line(),
                expr.referenced.column(),
                c.key.value,
                template::describe(&e)
            ))
            .with_hint("check the playbook with: cs playbook lint")
        })?;
        summary.insert(c.key.value.clone(), v);
    }
    Ok(())
}

/// The summary as the playbook declares it: `computed:` order, then the rest.
fn in_declared_order(form: FormRef, mut facts: IndexMap<String, Json>) -> IndexMap<String, Json> {
    let mut out = IndexMap::with_capacity(facts.len());
    for c in form.computed {
        if let Some(v) = facts.shift_remove(&c.key.value) {
            out.insert(c.key.value.clone(), v);
        }
    }
    out.extend(facts);
    out
}

/// The answers given up front: `seed`, then the answers file, the values
/// and `--set`, each winning over the one before.
fn given(form: FormRef, seed: Provided, sources: &Sources) -> Result<Provided, Error> {
    let mut provided = seed;
    if let Some(path) = &sources.answers {
        let file = Provided::from_file(path)?;
        provided.values.extend(file.values);
        provided.ask.extend(file.ask);
    }
    provided.values.extend(sources.values.clone());
    for s in &sources.set {
        provided.set(form, s)?;
    }
    Ok(provided)
}

/// Applies the fixed answers over those given; a given answer that differs
/// from a fixed one (as validated: `1200` and `$1,200.00` agree, and a list
/// in another order) is a conflict.
fn fix(
    cx: &Cx,
    form: FormRef,
    (whose, fixed): (&str, Provided),
    given: &mut Provided,
) -> Result<(), Error> {
    let check = |key: &str, raw: &Json| {
        let field = form.field(key)?;
        let fcx = crate::fields::Context {
            today: cx.env.today,
            taxonomy: Some(cx.taxonomy),
            answers: &Default::default(),
        };
        let value = crate::fields::check(field, raw, &fcx).ok()?.value;
        Some(match value {
            Value::List(mut v) => {
                v.sort();
                Value::List(v)
            }
            v => v,
        })
    };
    let mut problems = Vec::new();
    for (key, value) in fixed.values {
        if let Some(raw) = given.values.get(&key)
            && *raw != value
            && check(&key, raw).is_none_or(|a| Some(a) != check(&key, &value))
        {
            problems.push(format!(
                "  {key}: {} given, {} in the {whose} answers",
                crate::answers::json_text(raw),
                crate::answers::json_text(&value),
            ));
        }
        given.values.insert(key, value);
    }
    if problems.is_empty() {
        return Ok(());
    }
    let what = describe_form(cx.workflow.playbook, cx.workflow.form);
    Err(Error::user(format!(
        "the answers for {what} contradict the {whose} answers; nothing was written."
    ))
    .with_details(problems)
    .with_hint(format!(
        "{what} takes these from the {whose} answers: leave them out of its answers"
    )))
}

/// Collects a form's answers: those given, then (on a terminal) prompts for
/// what is missing or invalid.
fn collect(
    cx: &Cx,
    sop: &dyn Sop,
    provided: &Provided,
    sources: &Sources,
) -> Result<(Answers, Option<Draft>), Error> {
    let (env, loaded, wf) = (cx.env, cx.loaded, cx.workflow);
    let form = form_of(loaded, wf)?;
    // Answers read from stdin leave no terminal to prompt on.
    let mut prompter = match &env.prompter {
        Some(p) if !sources.reads_stdin() => Some(p.borrow_mut()),
        _ => None,
    };
    let mut draft = if prompter.is_some() && env.drafts {
        let keys = form.fields.iter().map(|f| f.key.value.clone()).collect();
        let resume = if env.resume.is_empty() {
            vec!["cs".to_string(), wf.command.to_string()]
        } else {
            env.resume.clone()
        };
        Draft::new(wf.playbook, keys, resume)
    } else {
        None
    };
    let mut save = |a: &Answers| {
        if let Some(d) = draft.as_mut() {
            d.save(a);
        }
    };
    let result = Collector {
        playbook_id: &loaded.playbook.id.value,
        form,
        taxonomy: Some(cx.taxonomy),
        today: env.today,
        prompter: prompter.as_mut().map(|p| &mut ***p as &mut dyn Prompter),
        on_answer: Some(&mut save),
        summary: Default::default(),
        defaults: sources.org.clone(),
        cross: Some(&|key: &str, value: &Value, before: &Answers| {
            sop.check_answer(cx, key, value, before)
        }),
    }
    .collect(provided);
    drop(prompter);
    match result {
        Ok(a) => Ok((a, draft)),
        Err(CollectError::Invalid(problems)) => {
            let details = problems
                .iter()
                .map(|pr| format!("  {}", pr.line(form.field(&pr.key))))
                .collect();
            let n = problems.len();
            // An answer that is there but does not belong (an unknown key,
            // one that does not apply) is not one that needs giving.
            let count = |f| problems.iter().filter(|p| p.fault == f).count();
            let unwanted = count(Fault::Unwanted);
            let what = describe_form(wf.playbook, wf.form);
            let headline = if unwanted == n {
                format!(
                    "{n} answer{} to {what} {} not belong there; nothing was written.",
                    out::plural(n),
                    if n == 1 { "does" } else { "do" }
                )
            } else if unwanted > 0 {
                format!("{n} answers to {what} need attention; nothing was written.")
            } else {
                // Missing answers need one; an answer given but refused
                // needs a valid one.
                let missing = count(Fault::Missing);
                format!(
                    "{n} field{} of {what} {} {}; nothing was written.",
                    out::plural(n),
                    if n == 1 { "needs" } else { "need" },
                    if missing == n {
                        "an answer"
                    } else {
                        "a valid answer"
                    }
                )
            };
            Err(Error::user(headline)
                .with_details(details)
                .with_hint(format!(
                    "see every field with: cs playbook show {}{}",
                    wf.playbook,
                    if wf.form.is_empty() {
                        String::new()
                    } else {
                        format!(" --form {}", wf.form)
                    }
                )))
        }
        Err(CollectError::Interrupted(_)) => Err(with_resume_hint(
            Error::interrupted("interrupted."),
            draft.as_ref(),
        )),
        Err(CollectError::Prompt(msg)) => Err(with_resume_hint(
            Error::user(format!("cannot ask: {msg}.")),
            draft.as_ref(),
        )),
    }
}

/// Adds "your answers are saved in ..." to an error after answers were typed.
pub fn with_resume_hint(e: Error, draft: Option<&Draft>) -> Error {
    match draft.filter(|d| d.saved()) {
        Some(d) => e.with_hint(format!(
            "your answers are saved in {}; resume with: {}",
            d.path.display(),
            d.resume_line()
        )),
        None => e,
    }
}
