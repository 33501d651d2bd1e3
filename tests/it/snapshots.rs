//! What people see, as insta snapshots: the text plan of every workflow,
//! the errors a CSM meets most, and `--help` of every command. A change to
//! any of them shows up as a diff in review (tests/it/snapshots/).
//!
//! Review changed snapshots with `cargo insta review` (cargo install
//! cargo-insta), or accept them all with `INSTA_UPDATE=always cargo test`.

use crate::common::*;

/// Stdout and stderr of a run, with the exit code, as one text.
fn run(env: &TestEnv, args: &[&str]) -> String {
    let out = env.cs().args(args).output().unwrap();
    let mut s = format!("exit: {}\n", out.status.code().unwrap_or(-1));
    let (o, e) = (stdout(&out), stderr(&out));
    if !o.is_empty() {
        s.push_str(&format!("--- stdout\n{o}"));
    }
    if !e.is_empty() {
        s.push_str(&format!("--- stderr\n{e}"));
    }
    s
}

const CORE: &str = "account_name: Acme Clinic\naccount_id: 001000000000001AAA\nproducts: [Learning, Compliance]\nmrr: 1250.50\nusers: 80\nkyc_link: https://forms.gle/abc\ncall_scheduled_for: 2026-11-18\ncall_completed_date: 2026-11-19\n";
const DIGITAL: &str = "account_name: Tiny Clinic\naccount_id: 001000000000002AAA\nproducts: [Learning, Compliance, Credentialing Software]\nmrr: 300\nusers: 10\nfmc: true\ngameday: true\n";
const OFFBOARD: &str = "account_name: Acme\naccount_id: 00100000000000A\ncase_id: 500X\ninitials: TL\nscenario: cancellation\nmodules: [Learning, Compliance]\nfinal_amount_paid: true\ncase_notes: paid in full per Billing\n";
const TRANSITION: &str = "account_id: 00100000000000A\naccount_name: Acme\nfrom_csm: Maria\nto_csm: John\nreason: leave\nhealth: at_risk\nopen_opps: 2\nusers_active: 10\nusers_paid: 8\n";

#[test]
fn text_plans() {
    let env = TestEnv::new();
    env.write("core.yaml", CORE);
    env.write("digital.yaml", DIGITAL);
    env.write("offboard.yaml", OFFBOARD);
    env.write("transition.yaml", TRANSITION);
    let case = repo().join("examples/escalation.yaml");
    let case = case.to_str().unwrap();
    let text = ["--format", "text"];
    for (name, args) in [
        ("onboard_core", vec!["onboard", "--answers", "core.yaml"]),
        (
            "onboard_digital",
            vec!["onboard", "--answers", "digital.yaml"],
        ),
        ("escalate", vec!["escalate", "--answers", case]),
        (
            "escalate_advance",
            vec![
                "escalate",
                "advance",
                "--set",
                "case_id=00012345",
                "--set",
                "current_status=new",
                "--set",
                "status=call_scheduled",
                "--set",
                "case_created=2026-11-20",
                "--set",
                "call_scheduled_for=2026-11-23",
            ],
        ),
        (
            "escalate_note",
            vec![
                "escalate",
                "note",
                "--first",
                "--set",
                "case_id=1",
                "--set",
                "note=11/20/26_MM:Customer unresponsive",
            ],
        ),
        (
            "transition",
            vec!["transition", "--answers", "transition.yaml"],
        ),
        ("offboard", vec!["offboard", "--answers", "offboard.yaml"]),
    ] {
        let args: Vec<&str> = args.into_iter().chain(text).collect();
        insta::assert_snapshot!(format!("plan_{name}"), run(&env, &args));
    }
}

#[test]
fn errors_people_meet() {
    let env = TestEnv::new();
    env.write("core.yaml", CORE);
    env.write(
        "broken.yaml",
        "id: escalation\ntitle: T\nsource: S\nowner: O\nchecklist:\n  - rule: X1\n    text: x\n",
    );
    for (name, args) in [
        (
            "missing_fields",
            vec!["escalate", "--set", "products=[Learning]"],
        ),
        (
            "o3_dates_out_of_order",
            vec![
                "onboard",
                "--answers",
                "core.yaml",
                "--set",
                "call_completed_date=2026-11-10",
            ],
        ),
        (
            "e9_move_refused",
            vec![
                "escalate",
                "advance",
                "--set",
                "case_id=1",
                "--set",
                "current_status=approved",
                "--set",
                "status=new",
            ],
        ),
        (
            "note_invalid",
            vec!["note", "check", "04/20/23MM: One more week"],
        ),
        ("lint_findings", vec!["playbook", "lint", "broken.yaml"]),
        (
            "unknown_answers_file",
            vec!["onboard", "--answers", "nope.yaml"],
        ),
    ] {
        insta::assert_snapshot!(format!("error_{name}"), run(&env, &args));
    }
}

/// The subcommands a `--help` text lists.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        // A wrapped description continues further in.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn help_of_every_command() {
    let env = TestEnv::new();
    let mut todo = vec![Vec::<String>::new()];
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let mut args = path.clone();
        args.push("--help".into());
        let out = env.cs().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let help = stdout(&out);
        for sub in subcommands(&help) {
            let mut p = path.clone();
            p.push(sub);
            todo.push(p);
        }
        let name = if path.is_empty() {
            "help_cs".to_string()
        } else {
            format!("help_cs_{}", path.join("_").replace('-', "_"))
        };
        insta::assert_snapshot!(name, help);
        seen += 1;
    }
    assert!(seen > 20, "{seen} commands");
}
