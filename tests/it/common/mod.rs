//! The pinned environment every end-to-end test runs in: a fixed today,
//! a temporary HOME and state directory, no prompts, no override playbooks.
#![allow(dead_code)]

pub mod outreach;
pub mod practice;
pub mod recurly;
pub mod salesforce;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub const TODAY: &str = "2026-11-20";

pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, text).expect("write");
        p
    }

    /// `cs transition batch acc.csv --out out` on `csv` written to acc.csv.
    pub fn transition_batch(&self, csv: &str) -> std::process::Output {
        self.write("acc.csv", csv);
        self.cs()
            .args(["transition", "batch", "acc.csv", "--out", "out"])
            .output()
            .expect("cs runs")
    }

    pub fn state_dir(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    /// `cs` with the pinned environment and `--no-input`.
    pub fn cs(&self) -> Command {
        Command::from_std(self.std_cs())
    }

    /// The same as a std Command: for what assert_cmd cannot do (a umask
    /// before exec, watching the child while it runs).
    pub fn std_cs(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_cs"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("CS_STATE_DIR", self.state_dir())
            .env("CS_TODAY", TODAY)
            .current_dir(self.dir.path())
            .arg("--no-input");
        c
    }
}

/// The repository root (for committed files).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The texts of a JSON plan's checklist items of `rule`.
pub fn checklist<'a>(p: &'a serde_json::Value, rule: &str) -> Vec<&'a str> {
    p["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rule"] == rule)
        .map(|c| c["text"].as_str().unwrap())
        .collect()
}

/// A JSON plan's warnings.
pub fn warnings(p: &serde_json::Value) -> Vec<&str> {
    p["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Compares generated text with a committed file; `CS_BLESS=1` rewrites it.
pub fn assert_committed(path: &Path, generated: &str, how: &str) {
    if std::env::var_os("CS_BLESS").is_some() {
        std::fs::write(path, generated).expect("bless");
        return;
    }
    assert!(
        is_current(path, generated),
        "{} is stale: it differs from what cs generates now.\nRefresh it with: {how}\n(or: CS_BLESS=1 cargo test)",
        path.display()
    );
}

/// Does the committed file hold exactly the generated text?
pub fn is_current(path: &Path, generated: &str) -> bool {
    std::fs::read_to_string(path).is_ok_and(|committed| committed == generated)
}

/// Every churn reason of the built-in taxonomy.
pub fn churn_reasons() -> Vec<String> {
    let lib = cs::playbook::Library::default();
    lib.taxonomy()
        .unwrap()
        .reasons
        .into_iter()
        .map(|r| r.reason)
        .collect()
}

/// The value of property `name` of an event an iCalendar parser read.
pub fn ics_prop(ev: &ical::parser::ical::component::IcalEvent, name: &str) -> String {
    ev.properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
        .unwrap_or_default()
}
