//! The shared workflow path through the binary: answers files, --set,
//! stdin, validation of every field type, and the plan in JSON, text and CSV.

use crate::common::*;
use serde_json::Value;

fn fixture_env() -> TestEnv {
    let env = TestEnv::new();
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/all-types/escalation.yaml")).unwrap();
    env.write("org/escalation.yaml", &text);
    env
}

/// `cs --playbooks org escalate` in the fixture environment.
fn escalate(env: &TestEnv) -> assert_cmd::Command {
    let mut c = env.cs();
    c.args(["--playbooks", "org", "escalate"]);
    c
}

fn plan(env: &TestEnv, args: &[&str]) -> Value {
    let out = escalate(env)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn plan_json_has_the_contract_shape() {
    let env = fixture_env();
    let p = plan(
        &env,
        &[
            "--set",
            "name=Acme",
            "--set",
            "fmc=yes",
            "--set",
            "mrr=$1,250.50",
            "--set",
            "users=12",
        ],
    );
    assert_eq!(p["format"], 1, "{p}");
    for key in [
        "playbook",
        "command",
        "provenance",
        "summary",
        "records",
        "messages",
        "drafts",
        "schedule",
        "checklist",
        "warnings",
    ] {
        assert!(p.get(key).is_some(), "plan lacks {key}: {p}");
    }
    assert_eq!(p["playbook"], "escalation");
    assert_eq!(p["command"], "escalate");
    assert_eq!(p["provenance"]["cs_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        p["provenance"]["playbook_sha256"].as_str().unwrap().len(),
        64
    );
    let case = &p["records"][0];
    assert_eq!(case["sobject"], "Case");
    assert_eq!(case["operation"], "upsert");
    assert_eq!(case["record_type"], "Escalations");
    assert_eq!(case["external_id"]["field"], "CS_Plan_Key__c");
    assert!(
        case["external_id"]["value"]
            .as_str()
            .unwrap()
            .starts_with("cs-escalation-")
    );
    // `{{ key }}` keeps the answer's type; empty values are left out.
    assert_eq!(case["fields"]["Subject"], "Escalation - Acme");
    assert_eq!(case["fields"]["Users__c"], 12);
    assert_eq!(case["fields"]["MRR__c"], 1250.5);
    assert_eq!(case["fields"]["FMC__c"], true);
    assert_eq!(case["fields"]["Start__c"], "2026-11-20");
    assert!(case["fields"].get("Products__c").is_none());
    assert_eq!(p["messages"][0]["channel"], "slack");
    assert_eq!(p["messages"][0]["text"], "Acme: $1,250.50");
    assert_eq!(p["drafts"][0]["subject"], "Hello Acme");
    assert_eq!(p["drafts"][0]["body"], "Dear Acme,\nsee you on 11/20/26.");
    assert_eq!(p["checklist"][0]["rule"], "E4");
}

#[test]
fn the_external_id_is_the_same_for_the_same_answers() {
    let env = fixture_env();
    let a = plan(&env, &["--set", "name=Acme"]);
    let b = plan(&env, &["--set", "name=Acme"]);
    let c = plan(&env, &["--set", "name=Other"]);
    assert_eq!(
        a["records"][0]["external_id"],
        b["records"][0]["external_id"]
    );
    assert_ne!(
        a["records"][0]["external_id"],
        c["records"][0]["external_id"]
    );
}

#[test]
fn schedule_uses_business_days_holidays_and_today() {
    let env = fixture_env();
    // 2026-11-20 is a Friday; 2026-11-26 is a holiday in the fixture.
    let p = plan(&env, &["--set", "name=Acme", "--today", "2026-11-24"]);
    let dates: Vec<(&str, &str)> = p["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["date"].as_str().unwrap(), s["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        dates,
        vec![
            ("2026-11-24", "Follow up with Acme"),
            ("2026-11-25", "Follow up with Acme"),
            ("2026-11-25", "Call"),
            ("2026-11-27", "Follow up with Acme"),
        ]
    );
    // Across a month and year end: New Year's Day is a holiday of the
    // built-in calendar (B1), so the business days after Thursday 12-31 are
    // 01-04 and 01-05, and the next-day call moves to 01-04 too.
    let p = plan(&env, &["--set", "name=Acme", "--set", "start=2026-12-31"]);
    let dates: Vec<&str> = p["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        vec!["2026-12-31", "2027-01-04", "2027-01-04", "2027-01-05"]
    );
}

#[test]
fn answers_file_and_set_are_validated_alike_and_set_wins() {
    let env = fixture_env();
    env.write(
        "answers.yaml",
        "name: Acme\ntier: Digital Account\nproducts: [Learning, COMPLIANCE]\nopps: single opp\nnote: '04/20/23_MM: called'\nstart: 12/01/26\nusers: '1,200'\nmrr: 500\nemail: admin@acme.org\nlink: https://acme.org\nfmc: no\nreason: pricing issues\nsecondary: [too expensive]\n",
    );
    let p = plan(&env, &["--answers", "answers.yaml", "--set", "mrr=499.99"]);
    let a = &p["answers"];
    assert_eq!(a["tier"], "digital", "a choice is stored as its key");
    assert_eq!(a["products"], serde_json::json!(["learning", "compliance"]));
    assert_eq!(
        a["opps"],
        serde_json::json!(["single opp"]),
        "one value for a list field"
    );
    assert_eq!(a["note"], "04/20/23_MM:called");
    assert_eq!(a["start"], "2026-12-01");
    assert_eq!(a["users"], 1200);
    assert_eq!(a["mrr"], 499.99, "--set wins over the file");
    assert_eq!(a["fmc"], false);
    assert_eq!(a["reason"], "Pricing Issues");
    assert_eq!(a["secondary"], serde_json::json!(["Too expensive"]));
}

#[test]
fn answers_from_stdin_as_json() {
    let env = fixture_env();
    let out = escalate(&env)
        .args(["--format", "json", "--answers", "-"])
        .write_stdin(r#"{"name": "Acme", "users": 3}"#)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["answers"]["users"], 3);
}

#[test]
fn every_missing_or_invalid_field_is_reported_at_once() {
    let env = fixture_env();
    let out = escalate(&env)
        .args(["--format", "json"])
        .args([
            "--set",
            "users=0",
            "--set",
            "mrr=12x",
            "--set",
            "email=nope",
            "--set",
            "link=acme.org",
        ])
        .args([
            "--set",
            "start=2026-02-30",
            "--set",
            "tier=gold",
            "--set",
            "note=04/20/23MM: x",
        ])
        .args([
            "--set",
            "reason=Competitor Switching",
            "--set",
            "secondary=[Too expensive]",
            "--set",
            "color=red",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing is emitted");
    let e = stderr(&out);
    for line in [
        "error: 11 answers to the escalation playbook need attention; nothing was written.",
        "  color: not a field of the escalation playbook; known fields: name, tier,",
        "  name: an answer is required (pass --set name=VALUE or put it in --answers FILE)",
        "  tier: 'gold' is not one of: core, digital",
        "  note: the date and the initials must be joined by '_'; did you mean '04/20/23_MM:x'?",
        "  start: '2026-02-30' is not a day of the calendar (month 2, day 30)",
        "  users: 0 is below the minimum of 1",
        "  mrr: '12x' is not an amount in USD (e.g. 500, 500.00, $1,250.50)",
        "  email: 'nope' is not an email address",
        "  link: 'acme.org' is not a secure web address; it must start with https:// (http only for 127.0.0.1 or localhost)",
        "  secondary: applies only when reason and reason != \"Competitor Switching\"; leave it out\n",
        "  competitor: an answer is required (pass --set competitor=VALUE",
    ] {
        assert!(e.contains(line), "missing {line:?} in\n{e}");
    }
}

#[test]
fn secondary_reasons_must_belong_to_the_reason_e2() {
    let env = fixture_env();
    let out = escalate(&env)
        .args(["--set", "name=A", "--set", "reason=Support Issues"])
        .args(["--set", "secondary=[Slow response, Too expensive]"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(
        "secondary: 'Too expensive' is not a secondary reason of Support Issues; one of: Slow response, Unresolved issues"
    ));
}

#[test]
fn text_and_csv_renderings() {
    let env = fixture_env();
    let out = escalate(&env)
        .args(["--format", "text", "--set", "name=Acme", "--set", "fmc=yes"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let t = stdout(&out);
    assert!(t.starts_with("escalation plan (cs escalate)\n"), "{t}");
    assert!(
        t.contains("Record 1: upsert Case (record type Escalations)"),
        "{t}"
    );
    assert!(t.contains("Message to slack"), "{t}");
    assert!(t.contains("[E4] Slack channel for Acme"), "{t}");

    let out = escalate(&env)
        .args([
            "--format",
            "csv",
            "--set",
            "name=Acme, Inc.",
            "--set",
            "users=5",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = r.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        vec![
            "sobject",
            "operation",
            "record_type",
            "external_id",
            "Subject",
            "Users__c",
            "Start__c",
            "FMC__c"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][4], "Escalation - Acme, Inc.");
    assert_eq!(&rows[0][5], "5");
}

#[test]
fn a_future_note_is_a_warning_on_stderr() {
    let env = fixture_env();
    let out = escalate(&env)
        .args([
            "--format",
            "json",
            "--set",
            "name=A",
            "--set",
            "note=12/01/26_MM:later",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        p["warnings"][0],
        "note: the note is dated 2026-12-01, after today (2026-11-20)"
    );
    assert!(stderr(&out).contains("warning: note: the note is dated 2026-12-01"));
}

#[test]
fn bad_answers_files_name_the_file_and_line() {
    let env = fixture_env();
    env.write("bad.yaml", "name: Acme\nusers: [1\n");
    let out = escalate(&env)
        .args(["--answers", "bad.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: bad.yaml:"),
        "{}",
        stderr(&out)
    );

    env.write("list.yaml", "- a\n- b\n");
    let out = escalate(&env)
        .args(["--answers", "list.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: list.yaml:1:1:"),
        "{}",
        stderr(&out)
    );

    let out = escalate(&env)
        .args(["--answers", "missing.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error: cannot read missing.yaml: no such file or directory."));

    env.write("empty.yaml", "");
    let out = escalate(&env)
        .args(["--answers", "empty.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("empty.yaml: the answers file is empty"));
}

#[test]
fn embedded_escalation_playbook_makes_a_case() {
    let env = TestEnv::new();
    env.write(
        "case.yaml",
        "account_name: Acme Clinic\naccount_url: https://example.my.salesforce.com/00100000000000A\ncontact_name: Dana\nopportunities: [Renewal]\nproducts: [Learning]\ntriggers: [upset]\nreason: Pricing Issues\nsecondary_reasons: [Too expensive]\ndescription: '11/20/26_MM: Customer asked to cancel'\ndirectives: '11/20/26_MM: Offer 10% off'\ncancellation: yes\nmrr: 300\n",
    );
    let out = env
        .cs()
        .args(["escalate", "--answers", "case.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        p["records"][0]["fields"]["Subject"],
        "Cancelation Request - Acme Clinic"
    );
    assert_eq!(
        p["records"][0]["fields"]["Description"],
        "11/20/26_MM:Customer asked to cancel"
    );
    assert!(
        p["messages"].as_array().unwrap().is_empty(),
        "no Slack message without FMC"
    );
}

#[test]
fn unknown_format_for_a_command_is_refused() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["note", "check", "--format", "csv", "04/20/23_MM:x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(
        stderr(&out).contains("cs note check cannot write --format csv; use one of: text, json.")
    );
}

#[test]
fn usage_errors_exit_2_and_help_lists_exit_codes() {
    let env = TestEnv::new();
    env.cs().arg("--bogus").assert().code(2);
    let out = env.cs().arg("--help").output().unwrap();
    assert!(out.status.success());
    let h = stdout(&out);
    assert!(h.contains("130  interrupted"), "{h}");
    assert!(h.contains("3    a remote system"), "{h}");
}

/// Usage errors exit 2 everywhere, as clap's own; a mistyped answer key
/// gets the key it was likely meant to be.
#[test]
fn usage_errors_exit_2_and_a_mistyped_key_gets_did_you_mean() {
    let env = TestEnv::new();
    for args in [
        &["escalate", "--set", "account_name"][..],
        &["escalate", "--format", "github"][..],
        &[
            "transition",
            "batch",
            "x.csv",
            "--out",
            "o",
            "--format",
            "ics",
        ][..],
    ] {
        let out = env.cs().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let out = env
        .cs()
        .args(["escalate", "--answers"])
        .arg(repo().join("examples/escalation.yaml"))
        .args(["--set", "acount_name=Acme"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "acount_name: not a field of the escalation playbook; did you mean 'account_name'?"
        ),
        "{}",
        stderr(&out)
    );
}

/// The URL rule and its message agree: https, and http only for this machine.
#[test]
fn a_url_must_be_https_as_its_message_says() {
    for (url, ok) in [
        ("https://medtrainer.my.salesforce.com/001", true),
        ("http://medtrainer.my.salesforce.com/001", false),
        ("http://127.0.0.1:8080/001", true),
        ("http://localhost/001", true),
        ("ftp://medtrainer.my.salesforce.com/001", false),
    ] {
        let got = cs::fields::parse_url(url);
        assert_eq!(got.is_ok(), ok, "{url}: {got:?}");
        if let Err(why) = got {
            assert!(why.contains("it must start with https://"), "{why}");
        }
    }
}

/// What a refusal says fits the answers (#30): an answer that does not
/// apply is not "a field that needs an answer"; a subcommand's hint shows
/// the table of its own form's fields.
#[test]
fn refusals_name_what_is_wrong_and_point_at_the_right_table() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["escalate", "--answers"])
        .arg(repo().join("examples/escalation.yaml"))
        .args(["--set", "competitor=Acme"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "1 answer to the escalation playbook does not belong there; nothing was written."
        ) && err.contains(
            "competitor: applies only when reason == \"Competitor Switching\"; leave it out"
        ),
        "{err}"
    );
    let out = env
        .cs()
        .args(["escalate", "advance", "--set", "case_id=5003"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains("hint: see every field with: cs playbook show escalation --form advance"),
        "{err}"
    );
    let out = env
        .cs()
        .args([
            "playbook",
            "show",
            "escalation",
            "--form",
            "advance",
            "--format",
            "text",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.contains("form advance")
            && table.contains("current_status")
            && table.contains("accounting_decision"),
        "{table}"
    );
}
