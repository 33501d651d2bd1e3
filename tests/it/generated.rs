//! Generated files are committed (editors and shells read them) and must
//! match what cs generates now.

use crate::common::*;

#[test]
fn playbook_schema_is_current() {
    let env = TestEnv::new();
    let out = env.cs().args(["playbook", "schema"]).output().unwrap();
    assert!(out.status.success());
    assert_committed(
        &repo().join("playbooks/playbook.schema.json"),
        &stdout(&out),
        "cargo run -- playbook schema > playbooks/playbook.schema.json",
    );
}

#[test]
fn completions_are_current() {
    let env = TestEnv::new();
    for (shell, file) in [
        ("bash", "cs.bash"),
        ("zsh", "_cs"),
        ("fish", "cs.fish"),
        ("powershell", "_cs.ps1"),
        ("elvish", "cs.elv"),
    ] {
        let out = env.cs().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "completions {shell}");
        assert!(
            stdout(&out).contains("playbook"),
            "{shell} completes subcommands"
        );
        assert_committed(
            &repo().join("completions").join(file),
            &stdout(&out),
            &format!("cargo run -- completions {shell} > completions/{file}"),
        );
    }
}

#[test]
fn stale_check_fails_on_a_changed_file() {
    // The check itself must be able to fail: a copy of the schema with one
    // byte changed is reported stale.
    let env = TestEnv::new();
    let out = env.cs().args(["playbook", "schema"]).output().unwrap();
    let stale = env.write(
        "schema.json",
        &stdout(&out).replacen("Playbook", "Playbok", 1),
    );
    assert!(!is_current(&stale, &stdout(&out)));
    assert!(is_current(
        &repo().join("playbooks/playbook.schema.json"),
        &stdout(&out)
    ));
}

#[test]
fn playbooks_validate_against_the_committed_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("playbooks/playbook.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for entry in std::fs::read_dir(repo().join("playbooks")).unwrap() {
        let p = entry.unwrap().path();
        // rules.yaml is the rule catalog and calendar.yaml the calendar, not playbooks.
        if p.extension().and_then(|e| e.to_str()) != Some("yaml")
            || p.file_name()
                .is_some_and(|n| n == "rules.yaml" || n == "calendar.yaml")
        {
            continue;
        }
        let doc: serde_json::Value =
            serde_saphyr::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", p.display());
    }
    // And the schema rejects what the loader rejects: an unknown key.
    let bad = serde_json::json!({"id": "x", "title": "t", "source": "s", "owner": "o", "bogus": 1});
    assert!(!validator.is_valid(&bad));
    // And a `data:` table of the wrong type, as lint does.
    let text = std::fs::read_to_string(repo().join("playbooks/onboarding.yaml")).unwrap();
    let mut doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    assert!(validator.is_valid(&doc));
    doc["data"]["training_order"] = serde_json::json!(42);
    assert!(!validator.is_valid(&doc));
}

/// The schema as a strict validator reads it (ajv's strict mode, here
/// jsonschema with unknown formats refused and formats checked): only
/// standard formats, and holidays as dates.
#[test]
fn the_schema_uses_only_standard_formats_and_types_holidays_as_dates() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("playbooks/playbook.schema.json")).unwrap(),
    )
    .unwrap();
    let strict = jsonschema::options()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(&schema)
        .expect("every format is one JSON Schema defines");
    let text = std::fs::read_to_string(repo().join("playbooks/escalation.yaml")).unwrap();
    let mut doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    doc["holidays"] = serde_json::json!(["2026-12-24"]);
    assert!(strict.is_valid(&doc));
    doc["holidays"] = serde_json::json!(["2026-13-45"]);
    assert!(
        !strict.is_valid(&doc),
        "a day lint rejects, the schema rejects"
    );
}

#[test]
fn fish_and_elvish_complete_the_shells_of_cs_completions() {
    let fish = std::fs::read_to_string(repo().join("completions/cs.fish")).unwrap();
    assert!(
        fish.contains(
            "__fish_cs_using_subcommand completions\" -f -a \"bash elvish fish powershell zsh\""
        ),
        "fish"
    );
    let elvish = std::fs::read_to_string(repo().join("completions/cs.elv")).unwrap();
    let block = elvish.split("&'cs;completions'= {").nth(1).unwrap();
    let block = block.split('}').next().unwrap();
    for shell in ["bash", "elvish", "fish", "powershell", "zsh"] {
        assert!(block.contains(&format!("cand {shell} ")), "{shell}");
    }
}

/// Whether `program` runs here; CI (CI=true) installs it and must run
/// the check that needs it.
fn have(program: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("CI").is_none(),
        "{program} is missing; .ci/run installs it for this check"
    );
    found
}

/// The shells themselves complete an option's values from the committed
/// scripts (#30): fish offered files after `cs --format`, and elvish's
/// script completed no option value at all.
#[test]
fn fish_and_elvish_complete_option_values() {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_cs"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = repo().join("completions/cs.fish");
    if have("fish") {
        for (line, want) in [
            ("cs --format ", "json"),
            ("cs submit --mode ", "update-only"),
        ] {
            let out = std::process::Command::new("fish")
                .env("PATH", &path)
                .arg("-c")
                .arg(format!("source {}; complete -C '{line}'", script.display()))
                .output()
                .unwrap();
            let got = String::from_utf8_lossy(&out.stdout);
            let values: Vec<&str> = got
                .lines()
                .map(|l| l.split('\t').next().unwrap_or(""))
                .collect();
            assert!(values.contains(&want), "fish: {line:?} offers {values:?}");
            assert!(
                !values.contains(&"Cargo.toml"),
                "fish: {line:?} offers files: {values:?}"
            );
        }
    }
    if have("elvish") {
        // The completer, run outside the editor: its candidates put as text.
        let text = std::fs::read_to_string(repo().join("completions/cs.elv")).unwrap();
        let text = text.replacen(
            "set edit:completion:arg-completer[cs] = ",
            "var complete = ",
            1,
        );
        let text = text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with("edit:complex-candidate") {
                    "        put $text"
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.elv");
        std::fs::write(
            &file,
            format!("{text}\nput (all [($complete cs --format '')]) | to-lines\necho ---\nput (all [($complete cs submit --mode '')]) | to-lines\n"),
        )
        .unwrap();
        let out = std::process::Command::new("elvish")
            .arg(&file)
            .output()
            .unwrap();
        let got = String::from_utf8_lossy(&out.stdout).into_owned();
        let (format, mode) = got
            .split_once("---")
            .unwrap_or_else(|| panic!("elvish: {got}{}", String::from_utf8_lossy(&out.stderr)));
        assert!(
            format.lines().any(|l| l == "json"),
            "elvish --format: {format}"
        );
        assert!(
            mode.lines().any(|l| l.trim() == "update-only"),
            "elvish --mode: {mode}"
        );
    }
}

/// The committed manual pages are what `cs man --out` writes now, one per
/// command, and `man -l` reads each.
#[test]
fn man_pages_are_current_and_read_by_man() {
    let env = TestEnv::new();
    let out = env.cs().args(["man", "--out", "pages"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(env.path("pages"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 30, "{names:?}");
    for needed in [
        "cs.1",
        "cs-submit.1",
        "cs-escalate-note.1",
        "cs-org-snapshot.1",
    ] {
        assert!(names.iter().any(|n| n == needed), "{needed}: {names:?}");
    }
    let committed: Vec<String> = {
        let mut c: Vec<String> = std::fs::read_dir(repo().join("man"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        c.sort();
        c
    };
    if std::env::var_os("CS_BLESS").is_none() {
        assert_eq!(
            committed, names,
            "man/ holds a page per command; refresh it with: cargo run -- man --out man"
        );
    }
    for name in &names {
        let page = std::fs::read_to_string(env.path("pages").join(name)).unwrap();
        assert_committed(
            &repo().join("man").join(name),
            &page,
            "cargo run -- man --out man",
        );
    }
    // `man -l` renders each page (where man is installed, as on CI).
    if std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok()
    {
        for name in &names {
            let shown = std::process::Command::new("man")
                .env("MANPAGER", "cat")
                .env("MANWIDTH", "80")
                .arg("-l")
                .arg(repo().join("man").join(name))
                .output()
                .unwrap();
            assert!(
                shown.status.success(),
                "man -l man/{name}: {}",
                stderr(&shown)
            );
            let text = stdout(&shown);
            assert!(
                text.contains("NAME") && text.contains("SYNOPSIS"),
                "man/{name}:\n{text}"
            );
        }
    }
}

#[test]
fn plan_schema_is_current() {
    let env = TestEnv::new();
    let out = env.cs().args(["plan", "schema"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_committed(
        &repo().join("schemas/plan.schema.json"),
        &stdout(&out),
        "cargo run -- plan schema > schemas/plan.schema.json",
    );
}

/// Every fixture plan, and the plans the example answers give, validate
/// against the committed plan schema; a plan of another format does not.
#[test]
fn plans_validate_against_the_committed_plan_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/plan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut checked = 0;
    let mut dirs = vec![repo().join("playbooks/tests")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.to_string_lossy().ends_with(".plan.json") {
                let plan: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                let errors: Vec<String> = validator
                    .iter_errors(&plan)
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{}: {errors:?}", p.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 16, "{checked} fixture plans");
    let env = TestEnv::new();
    for (command, answers) in [
        ("escalate", "examples/escalation.yaml"),
        ("onboard", "examples/acme.yaml"),
        ("offboard", "examples/offboard.yaml"),
    ] {
        let out = env
            .cs()
            .arg(command)
            .arg("--answers")
            .arg(repo().join(answers))
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{command}: {}", stderr(&out));
        let mut plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&plan)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{command}: {errors:?}");
        plan["format"] = serde_json::json!(2);
        assert!(!validator.is_valid(&plan), "format 2 is not this schema's");
        plan.as_object_mut().unwrap().remove("format");
        assert!(!validator.is_valid(&plan), "a plan states its format");
    }
}
