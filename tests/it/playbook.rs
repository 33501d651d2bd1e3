//! `cs playbook list|show|schema` and playbook overrides.

use crate::common::*;
use serde_json::Value;

#[test]
fn list_shows_every_embedded_playbook() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["playbook", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "onboarding",
            "escalation",
            "transition",
            "offboarding",
            "churn-codes"
        ]
    );
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|p| p["from"] == "built in")
    );
}

#[test]
fn a_directory_overrides_by_file_name_and_adds_new_playbooks() {
    let env = TestEnv::new();
    let fixture =
        std::fs::read_to_string(repo().join("tests/fixtures/all-types/escalation.yaml")).unwrap();
    env.write("org/escalation.yaml", &fixture);
    env.write(
        "org/renewal.yaml",
        "id: renewal\ntitle: Renewals\nsource: local\nowner: CSM\n",
    );
    let out = env
        .cs()
        .env("CS_PLAYBOOKS", "org")
        .args(["playbook", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[1]["id"], "escalation");
    assert_eq!(v[1]["title"], "Every field type");
    assert_eq!(v[1]["from"], "org/escalation.yaml");
    assert_eq!(v[0]["from"], "built in");
    assert_eq!(v[5]["id"], "renewal");

    let out = env
        .cs()
        .args(["--playbooks", "missing", "playbook", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the playbook directory missing does not exist"));
}

#[test]
fn show_prints_the_yaml_or_its_parsed_form() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["playbook", "show", "churn-codes"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        std::fs::read_to_string(repo().join("playbooks/churn-codes.yaml")).unwrap()
    );
    let out = env
        .cs()
        .args(["playbook", "show", "escalation", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "escalation");
    assert_eq!(v["fields"][0]["key"], "account_name");

    let out = env
        .cs()
        .args(["playbook", "show", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(
        "no playbook 'nope'; known: onboarding, escalation, transition, offboarding, churn-codes."
    ));
}

#[test]
fn schema_is_a_json_schema_of_the_format() {
    let env = TestEnv::new();
    let out = env.cs().args(["playbook", "schema"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(v["additionalProperties"], false);
    assert!(v["properties"]["fields"].is_object());
}

#[test]
fn lint_refuses_a_directory_without_playbooks_and_unreadable_files() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("empty")).unwrap();
    let out = env
        .cs()
        .args(["playbook", "lint", "empty"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("empty holds no .yaml playbooks."));
    let out = env
        .cs()
        .args(["playbook", "lint", "nothere.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read nothere.yaml: no such file or directory."));
    std::fs::write(env.path("latin1.yaml"), b"id: t\ntitle: caf\xe9\n").unwrap();
    let out = env
        .cs()
        .args(["playbook", "lint", "latin1.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("latin1.yaml:2: the file is not UTF-8 text."),
        "{}",
        stderr(&out)
    );
}
