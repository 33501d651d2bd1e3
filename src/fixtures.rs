//! Answer fixtures with expected plans (`cs playbook test DIR`): an
//! organization that edits its playbooks keeps, for each workflow, answers
//! and the plan they must give, and sees at once what an edit changed.
//!
//! Layout: `DIR/COMMAND/NAME.answers.yaml` with `DIR/COMMAND/NAME.plan.json`
//! beside it, where COMMAND is the command as typed with `-` for spaces
//! (`onboard`, `escalate`, `escalate-advance`, `transition`, ...). An
//! onboarding fixture may add `NAME.escalation.yaml`, the answers of O9's
//! escalation case. Plans are compared without their provenance (cs version
//! and playbook digest), which changes with every edit.

use crate::error::{Error, io_reason};
use crate::playbook::Library;
use crate::sops;
use crate::workflow::{self, Env, Sop, Sources};
use chrono::NaiveDate;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

const ANSWERS: &str = ".answers.yaml";

/// How one fixture came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Passed,
    /// The expected plan was (re)written (`--bless`).
    Blessed,
    /// The plan differs: a unified diff, expected then actual.
    Differs(String),
    /// The workflow refused the answers: its error.
    Refused(String),
    /// There is no expected plan yet.
    Missing,
}

/// One fixture's outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `COMMAND/NAME`, as people find the fixture.
    pub name: String,
    pub status: Status,
}

/// One fixture: its answers and the SOP its directory names.
pub struct Fixture {
    /// `COMMAND/NAME`, as people find the fixture.
    pub name: String,
    pub answers: PathBuf,
    pub sop: Box<dyn Sop>,
}

impl Fixture {
    /// Where the run reads the fixture's answers.
    pub fn sources(&self) -> Sources {
        Sources {
            answers: Some(self.answers.clone()),
            ..Sources::default()
        }
    }
}

/// The fixtures of a directory, sorted by command and name.
pub fn list(dir: &Path) -> Result<Vec<Fixture>, Error> {
    let read = |d: &Path| {
        std::fs::read_dir(d).map_err(|e| {
            Error::user(format!(
                "cannot read the fixture directory {}: {}.",
                d.display(),
                io_reason(&e)
            ))
        })
    };
    let mut found = Vec::new();
    for entry in read(dir)? {
        let sub = entry.map_err(|e| Error::user(io_reason(&e)))?.path();
        if !sub.is_dir() {
            continue;
        }
        let command = sub
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for f in read(&sub)? {
            let f = f.map_err(|e| Error::user(io_reason(&e)))?.path();
            if f.to_string_lossy().ends_with(ANSWERS) {
                found.push((command.clone(), f));
            }
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(Error::user(format!(
            "{} holds no fixtures.",
            dir.display()
        ))
        .with_hint("a fixture is COMMAND/NAME.answers.yaml with COMMAND/NAME.plan.json beside it, e.g. escalate/cancellation.answers.yaml"));
    }
    found
        .into_iter()
        .map(|(command, answers)| {
            let stem = answers
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = format!("{command}/{}", &stem[..stem.len() - ANSWERS.len()]);
            let escalation = sibling(&answers, ".escalation.yaml");
            let escalation = escalation.is_file().then_some(escalation);
            let sop = sops::by_command(&command, escalation).ok_or_else(|| {
                Error::user(format!(
                    "{}: '{command}' is not a workflow command; fixture directories are named {}.",
                    dir.join(&command).display(),
                    sops::COMMANDS.join(", ")
                ))
            })?;
            Ok(Fixture { name, answers, sop })
        })
        .collect()
}

/// `x.answers.yaml` -> `x.SUFFIX`.
fn sibling(answers: &Path, suffix: &str) -> PathBuf {
    let s = answers.to_string_lossy();
    PathBuf::from(format!("{}{suffix}", &s[..s.len() - ANSWERS.len()]))
}

/// A plan as fixtures hold it: pretty JSON without its provenance.
fn comparable(plan: &crate::plan::Plan) -> Result<String, Error> {
    let mut v = serde_json::to_value(plan).map_err(|e| Error::internal(e.to_string()))?;
    if let Json::Object(o) = &mut v {
        o.shift_remove("provenance");
    }
    crate::render::json_pretty(&v)
}

/// Runs every fixture of `dir` against the playbooks of `library` on
/// `today`; with `bless`, writes the plans they give as the expected ones.
pub fn run(
    library: &Library,
    dir: &Path,
    today: NaiveDate,
    bless: bool,
) -> Result<Vec<Outcome>, Error> {
    let env = Env::new(library, today);
    let mut outcomes = Vec::new();
    for fixture in list(dir)? {
        let name = fixture.name.clone();
        let expected_path = sibling(&fixture.answers, ".plan.json");
        let actual = match workflow::run(&env, fixture.sop.as_ref(), &fixture.sources()) {
            Ok(planned) => comparable(&planned.done())?,
            Err(e) => {
                let mut why = e.to_string();
                for d in &e.details {
                    why.push_str(&format!("\n{}", d.trim_end()));
                }
                outcomes.push(Outcome {
                    name,
                    status: Status::Refused(why),
                });
                continue;
            }
        };
        let status = if bless {
            crate::files::write_atomic(&expected_path, actual.as_bytes())?;
            Status::Blessed
        } else {
            match std::fs::read_to_string(&expected_path) {
                Err(_) => Status::Missing,
                Ok(expected) if expected == actual => Status::Passed,
                Ok(expected) => Status::Differs(
                    similar::TextDiff::from_lines(&expected, &actual)
                        .unified_diff()
                        .context_radius(3)
                        .header(
                            &expected_path.display().to_string(),
                            "the plan the answers give now",
                        )
                        .to_string(),
                ),
            }
        };
        outcomes.push(Outcome { name, status });
    }
    Ok(outcomes)
}
