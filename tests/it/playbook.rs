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

/// Copies the built-in fixtures into the test's directory.
fn copy_fixtures(env: &TestEnv) -> std::path::PathBuf {
    let from = repo().join("playbooks/tests");
    let to = env.path("tests");
    for cmd in std::fs::read_dir(&from).unwrap() {
        let cmd = cmd.unwrap().path();
        let dir = to.join(cmd.file_name().unwrap());
        std::fs::create_dir_all(&dir).unwrap();
        for f in std::fs::read_dir(&cmd).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
        }
    }
    to
}

#[test]
fn the_built_in_playbooks_give_their_fixtures_plans() {
    let env = TestEnv::new();
    let fixtures = repo().join("playbooks/tests");
    let out = env
        .cs()
        .arg("playbook")
        .arg("test")
        .arg(&fixtures)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let ok = stdout(&out)
        .lines()
        .filter(|l| l.starts_with("ok "))
        .count();
    assert!(ok >= 13, "{}", stdout(&out));
    assert!(
        stderr(&out).contains(&format!("{ok} fixtures: {ok} as expected, 0 not.")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_edited_playbook_shows_what_changed_and_bless_accepts_it() {
    let env = TestEnv::new();
    let fixtures = copy_fixtures(&env);
    let text = std::fs::read_to_string(repo().join("playbooks/onboarding.yaml")).unwrap();
    env.write(
        "org/onboarding.yaml",
        &text.replacen("mrr < 500 else", "mrr < 1000 else", 1),
    );
    let run = |bless: bool| {
        let mut c = env.cs();
        c.args(["--playbooks", "org", "playbook", "test"])
            .arg(&fixtures);
        if bless {
            c.arg("--bless");
        }
        c.output().unwrap()
    };
    let out = run(false);
    assert_eq!(out.status.code(), Some(1));
    let o = stdout(&out);
    assert!(o.contains("differs  onboard/failed-to-onboard\n"), "{o}");
    assert!(
        o.contains("-    \"segment\": \"core\",\n+    \"segment\": \"digital\",\n"),
        "{o}"
    );
    assert!(o.contains("ok       onboard/core\n"), "{o}");
    let e = stderr(&out);
    assert!(e.contains(" as expected, 1 not."), "{e}");
    // The hint is the command that accepts them: the same playbooks (#30).
    assert!(
        e.contains("accept them with: cs --playbooks org --today 2026-11-20 playbook test")
            && e.contains("--bless"),
        "{e}"
    );

    assert!(run(true).status.success());
    let plan =
        std::fs::read_to_string(fixtures.join("onboard/failed-to-onboard.plan.json")).unwrap();
    assert!(plan.contains("\"segment\": \"digital\""), "{plan}");
    assert!(!plan.contains("provenance"), "{plan}");
    assert!(run(false).status.success());
}

#[test]
fn fixtures_need_a_date_a_plan_and_a_workflow() {
    let env = TestEnv::new();
    let fixtures = copy_fixtures(&env);
    // Without a date (CS_TODAY removed), nothing runs.
    let out = env
        .cs()
        .env_remove("CS_TODAY")
        .args(["playbook", "test"])
        .arg(&fixtures)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("fixtures are pinned to a date"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("cs --today YYYY-MM-DD playbook test"));

    env.write("tests/escalate/new.answers.yaml", "account_name: Acme\n");
    env.write(
        "tests/transition/new.answers.yaml",
        &std::fs::read_to_string(fixtures.join("transition/manual.answers.yaml")).unwrap(),
    );
    let out = env
        .cs()
        .args(["playbook", "test"])
        .arg(&fixtures)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let o = stdout(&out);
    assert!(o.contains("refused  escalate/new: "), "{o}");
    assert!(
        o.contains("missing  transition/new: no expected plan; write it with --bless"),
        "{o}"
    );

    env.write("tests/escalation/x.answers.yaml", "a: b\n");
    let out = env
        .cs()
        .args(["playbook", "test"])
        .arg(&fixtures)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("'escalation' is not a workflow command; fixture directories are named onboard, escalate,"),
        "{}",
        stderr(&out)
    );
}

/// `cs playbook show ID`: the fields as a table people read; the file as
/// written with --format yaml.
#[test]
fn playbook_show_is_a_table_of_fields_and_yaml_on_request() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["playbook", "show", "transition"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Account transition"), "{text}");
    for cell in ["Key", "Required", "Choices", "to_csm", "Leave"] {
        assert!(text.contains(cell), "{cell} in\n{text}");
    }
    let out = env
        .cs()
        .args(["playbook", "show", "transition", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        std::fs::read_to_string(repo().join("playbooks/transition.yaml")).unwrap()
    );
}
