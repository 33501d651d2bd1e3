//! Prompting: the collector driven through the prompter trait with a strict
//! scripted prompter, resume drafts, and real pseudo-terminal runs.

use crate::common::*;
use cs::answers::prompt::ScriptedPrompter;
use cs::answers::{Answers, CollectError, Collector, Provided};
use cs::fields::Value;
use cs::playbook::{Library, Loaded};
use serde_json::json;

fn fixture() -> (Loaded, cs::churn::Taxonomy) {
    let lib = Library::new(Some(repo().join("tests/fixtures/all-types"))).unwrap();
    (lib.load("escalation").unwrap(), lib.taxonomy().unwrap())
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

fn collect(provided: &Provided, prompter: &mut ScriptedPrompter) -> Result<Answers, CollectError> {
    let (loaded, tax) = fixture();
    Collector {
        playbook_id: "escalation",
        form: loaded.playbook.main(),
        taxonomy: Some(&tax),
        today: today(),
        prompter: Some(prompter),
        on_answer: None,
        summary: Default::default(),
        defaults: Default::default(),
        cross: None,
    }
    .collect(provided)
}

const ALL_BLANK_AFTER_USERS: [&str; 10] = [
    "products", "opps", "note", "start", "users", "mrr", "email", "link", "fmc", "reason",
];

#[test]
fn asks_only_for_what_is_missing_and_reasks_invalid_answers() {
    let mut provided = Provided::default();
    provided
        .values
        .insert("tier".into(), json!("Digital Account"));
    provided.values.insert("users".into(), json!("many"));
    // With answers given, only what a script would be refused for is asked:
    // the required name (no default) and the invalid users.
    let mut p = ScriptedPrompter::new(vec![
        ("name", json!("")), // required: asked again
        ("name", json!("Acme")),
        ("users", json!("12")),
    ]);
    let answers = collect(&provided, &mut p).unwrap();
    assert_eq!(answers.values["name"], Value::Text("Acme".into()));
    assert_eq!(
        answers.values["tier"],
        Value::Text("digital".into()),
        "given, not asked"
    );
    assert_eq!(answers.values["users"], Value::Integer(12));
    assert_eq!(
        answers.values["start"],
        Value::Date(today()),
        "blank takes the default"
    );
    assert_eq!(answers.values["fmc"], Value::Bool(false));
    assert!(
        !answers.values.contains_key("mrr"),
        "optional and blank: unanswered"
    );
    assert_eq!(p.asked[0], ("name".to_string(), None));
    assert_eq!(
        p.asked[1],
        (
            "name".to_string(),
            Some("an answer is required".to_string())
        )
    );
    let users = p.asked.iter().find(|(k, _)| k == "users").unwrap();
    assert_eq!(
        users.1.as_deref(),
        Some("'many' is not a whole number"),
        "the given value was refused, then asked"
    );
    let asked: Vec<&str> = p.asked.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        asked,
        ["name", "name", "users"],
        "optional fields are not asked"
    );
    p.finish();
}

#[test]
fn with_nothing_given_every_field_is_asked() {
    let mut script: Vec<(&str, serde_json::Value)> =
        vec![("name", json!("Acme")), ("tier", json!("core"))];
    for k in ALL_BLANK_AFTER_USERS {
        script.push((k, if k == "users" { json!("12") } else { json!("") }));
    }
    let mut p = ScriptedPrompter::new(script);
    let answers = collect(&Provided::default(), &mut p).unwrap();
    assert_eq!(answers.values["users"], Value::Integer(12));
    assert!(
        !answers.values.contains_key("mrr"),
        "optional and blank: unanswered"
    );
    p.finish();
}

#[test]
fn a_later_question_depends_on_an_earlier_answer() {
    let mut provided = Provided::default();
    for (k, v) in [
        ("name", "Acme"),
        ("tier", "core"),
        ("users", "1"),
        ("products", "learning"),
        ("opps", "x"),
        ("note", "04/20/23_MM:x"),
        ("mrr", "1"),
        ("email", "a@b.org"),
        ("link", "https://b.org"),
    ] {
        provided.values.insert(k.into(), json!(v));
    }
    // The reason given makes the competitor required: it is asked.
    provided
        .values
        .insert("reason".into(), json!("competitor switching"));
    let mut p = ScriptedPrompter::new(vec![("competitor", json!("Acme LMS"))]);
    let answers = collect(&provided, &mut p).unwrap();
    assert_eq!(answers.values["competitor"], Value::Text("Acme LMS".into()));
    assert!(
        !p.asked.iter().any(|(k, _)| k == "secondary"),
        "secondary reasons are not asked for Competitor Switching"
    );
    p.finish();
}

#[test]
fn interrupt_returns_what_was_typed() {
    let mut p = ScriptedPrompter::new(vec![("name", json!("Acme")), ("^C", json!(null))]);
    match collect(&Provided::default(), &mut p) {
        Err(CollectError::Interrupted(a)) => {
            assert_eq!(a.values["name"], Value::Text("Acme".into()))
        }
        other => panic!("expected an interrupt, got {other:?}"),
    }
}

#[test]
#[should_panic(expected = "unexpected question 'name'")]
fn the_scripted_prompter_fails_on_an_unexpected_question() {
    let mut p = ScriptedPrompter::new(vec![("tier", json!("core"))]);
    let _ = collect(&Provided::default(), &mut p);
}

#[test]
#[should_panic(expected = "scripted answers left unused")]
fn the_scripted_prompter_fails_on_an_unused_answer() {
    let mut provided = Provided::default();
    provided.values.insert("name".into(), json!("Acme"));
    let mut script: Vec<(&str, serde_json::Value)> = vec![("tier", json!(""))];
    for k in ALL_BLANK_AFTER_USERS {
        script.push((k, json!("")));
    }
    script.push(("extra", json!("left over")));
    let mut p = ScriptedPrompter::new(script);
    collect(&provided, &mut p).unwrap();
    p.finish();
}

#[test]
fn a_resume_draft_is_a_valid_answers_file() {
    let env = TestEnv::new();
    let (loaded, tax) = fixture();
    let keys = loaded
        .playbook
        .fields
        .iter()
        .map(|f| f.key.value.clone())
        .collect();
    let resume = vec![
        "cs".into(),
        "--playbooks".into(),
        "org".into(),
        "escalate".into(),
    ];
    let mut draft = cs::answers::draft::Draft::new("escalation", keys, resume)
        .unwrap_or_else(|| panic!("state dir"));
    // Point the draft into the test's state directory.
    draft.path = env.state_dir().join("drafts/escalation-test.json");
    let mut save = |a: &Answers| draft.save(a);
    let mut p = ScriptedPrompter::new(vec![
        ("name", json!("Acme, Inc.")),
        ("tier", json!("digital")),
        ("^C", json!(null)),
    ]);
    let r = Collector {
        playbook_id: "escalation",
        form: loaded.playbook.main(),
        taxonomy: Some(&tax),
        today: today(),
        prompter: Some(&mut p),
        on_answer: Some(&mut save),
        summary: Default::default(),
        defaults: Default::default(),
        cross: None,
    }
    .collect(&Provided::default());
    assert!(matches!(r, Err(CollectError::Interrupted(_))));
    let path = env.state_dir().join("drafts/escalation-test.json");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Acme, Inc."), "{text}");
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/all-types/escalation.yaml")).unwrap();
    env.write("org/escalation.yaml", &text);
    let out = env
        .cs()
        .args([
            "--playbooks",
            "org",
            "escalate",
            "--format",
            "json",
            "--answers",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["answers"]["name"], "Acme, Inc.");
    assert_eq!(plan["answers"]["tier"], "digital");
    // Resuming says what it loaded; the run succeeded, so the draft goes.
    let err = stderr(&out);
    assert!(err.contains("2 answers loaded"), "{err}");
    assert!(
        !path.exists(),
        "the draft that fed a successful run is removed"
    );
}

mod pty {
    use super::*;
    use rexpect::session::spawn_command;

    const SMALL: &str = "id: escalation\ntitle: Small\nsource: MT-CS-005\nowner: TL\nfields:\n  - key: name\n    label: Account name\n    type: text\n    required: true\n  - key: users\n    label: Users\n    type: integer\n    required: true\n  - key: email\n    label: Admin email\n    type: email\n    required: true\n  - key: reason\n    label: Reason (never asked here)\n    type: text\n    when: \"false\"\nchecklist:\n  - rule: E3\n    text: \"Case for {{ name }} ({{ users }} users)\"\ndata:\n  call_within_days: 1\n";

    fn command(env: &TestEnv) -> std::process::Command {
        env.write("org/escalation.yaml", SMALL);
        terminal(env, &["--playbooks", "org", "escalate"])
    }

    /// `cs ARGS` for a pseudo-terminal of 100 columns: the pinned
    /// environment, a TERM, and no --no-input.
    fn terminal(env: &TestEnv, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new("sh");
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TERM", "xterm")
            .env("HOME", env.dir.path())
            .env("CS_STATE_DIR", env.state_dir())
            .env("CS_TODAY", TODAY)
            .current_dir(env.dir.path())
            .args(["-c", "stty cols 100 rows 40 && exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_cs"))
            .args(args);
        c
    }

    /// Keys one at a time, as a person types them: a prompt reads a key
    /// in raw mode and goes back to the terminal's line mode between keys.
    fn keys(s: &mut rexpect::session::PtySession, keys: &[&str]) {
        for k in keys {
            s.send(k).unwrap();
            s.flush().unwrap();
            std::thread::sleep(std::time::Duration::from_millis(150));
        }
    }

    const DOWN: &str = "\x1b[B";

    /// What the terminal shows: rexpect gives one char a byte, so the bytes
    /// are read back as UTF-8, and CSI sequences (colour, cursor) dropped.
    fn plain(screen: &str) -> String {
        let bytes: Vec<u8> = screen.chars().map(|c| c as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\x1b' && chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn exit_code(s: &mut rexpect::session::PtySession) -> i32 {
        match s.process_mut().wait().unwrap() {
            rexpect::process::WaitStatus::Exited(_, code) => code,
            other => panic!("unexpected status {other:?}"),
        }
    }

    /// Whether the cursor is visible at the end of what the terminal got:
    /// no hide (CSI ?25l) after the last show (CSI ?25h).
    fn cursor_shown(screen: &str) -> bool {
        match (screen.rfind("\x1b[?25l"), screen.rfind("\x1b[?25h")) {
            (None, _) => true,
            (Some(hide), Some(show)) => show > hide,
            (Some(_), None) => false,
        }
    }

    /// E11: the prompt for the status to move to says who makes each move.
    #[test]
    fn e11_the_advance_prompt_names_who_makes_each_move() {
        let env = TestEnv::new();
        let args = [
            "escalate",
            "advance",
            "--set",
            "case_id=00012345",
            "--set",
            "current_status=waiting_approval",
        ];
        let mut s = spawn_command(terminal(&env, &args), Some(10_000)).unwrap();
        let before = s.exp_string("The status to move to").unwrap();
        let shown = plain(&before);
        assert!(
            shown.contains("Who makes each move (E11): Call Scheduled, the CSM or TL;")
                && shown.contains("Approved and Denied, Accounting."),
            "{shown}"
        );
        s.send_control('c').unwrap();
        s.exp_eof().unwrap();
    }

    #[test]
    fn prompts_on_a_terminal_and_reasks_with_the_reason() {
        let env = TestEnv::new();
        let mut s = spawn_command(command(&env), Some(10_000)).unwrap();
        // A header first: the playbook, how many questions, how to stop.
        s.exp_string(
            "the escalation playbook: up to 4 questions; Enter takes the value shown, Ctrl-C stops",
        )
        .unwrap();
        s.exp_string("Account name").unwrap();
        s.send_line("Acme").unwrap();
        s.exp_string("Users").unwrap();
        s.send_line("lots").unwrap();
        // Refused at the prompt, never shown as taken first.
        let before = plain(&s.exp_string("'lots' is not a whole number").unwrap());
        assert!(!before.contains("✔ Users"), "{before:?}");
        s.send_line("12").unwrap();
        let taken = plain(&s.exp_string("Admin email").unwrap());
        assert!(taken.contains("✔ Users · 12"), "{taken:?}");
        s.send_line("admin@acme.org").unwrap();
        let rest = s.exp_string("escalation plan (cs escalate)").unwrap();
        assert!(!rest.contains("lots"), "{rest:?}");
        s.exp_string("[E3] Case for Acme (12 users)").unwrap();
        s.exp_eof().unwrap();
        assert_eq!(exit_code(&mut s), 0);
        // Success leaves no draft behind.
        let drafts = env.state_dir().join("drafts");
        assert!(std::fs::read_dir(&drafts).map(|d| d.count()).unwrap_or(0) == 0);
    }

    /// A date typed as people write it (#30) is taken and shown back as
    /// the day cs read: 12/1/26 is 2026-12-01, and so is 12/01/2026.
    #[test]
    fn a_date_typed_as_people_write_it_is_shown_back_as_the_day_taken() {
        let env = TestEnv::new();
        let with_date = SMALL.replace(
            "  - key: reason\n",
            "  - key: start\n    label: Start date\n    type: date\n    required: true\n  - key: reason\n",
        );
        env.write("org/escalation.yaml", &with_date);
        for typed in ["12/1/26", "12/01/2026"] {
            let c = terminal(
                &env,
                &["--playbooks", "org", "escalate", "--format", "json"],
            );
            let mut s = spawn_command(c, Some(10_000)).unwrap();
            s.exp_string("Account name").unwrap();
            s.send_line("Acme").unwrap();
            s.exp_string("Users").unwrap();
            s.send_line("12").unwrap();
            s.exp_string("Admin email").unwrap();
            s.send_line("admin@acme.org").unwrap();
            s.exp_string("Start date").unwrap();
            s.send_line(typed).unwrap();
            let shown = plain(&s.exp_string("\"start\": \"2026-12-01\"").unwrap());
            assert!(
                shown.contains("✔ Start date · 2026-12-01"),
                "{typed}: {shown:?}"
            );
            s.exp_eof().unwrap();
            assert_eq!(exit_code(&mut s), 0);
        }
    }

    /// At a terminal without credentials, cs submit shows the requests it
    /// would send, as it does piped (#30), and asks nothing it could not
    /// act on: it says how to compare with the org and send.
    #[test]
    fn submit_without_credentials_previews_at_a_terminal_and_asks_nothing() {
        let env = TestEnv::new();
        let plan = std::process::Command::new(env!("CARGO_BIN_EXE_cs"))
            .env_clear()
            .env("CS_TODAY", TODAY)
            .args(["--no-input", "escalate", "--format", "json", "--answers"])
            .arg(repo().join("examples/escalation.yaml"))
            .output()
            .unwrap();
        assert!(plan.status.success());
        env.write("plan.json", &String::from_utf8(plan.stdout).unwrap());
        let c = terminal(&env, &["submit", "plan.json"]);
        let mut s = spawn_command(c, Some(10_000)).unwrap();
        s.exp_string("Dry run: nothing was sent.").unwrap();
        let rest = s.exp_eof().unwrap();
        assert!(
            plain(&rest).contains("no Salesforce credentials were found"),
            "{rest}"
        );
        assert!(!rest.contains("now?"), "no question was asked: {rest}");
        match s.process().wait().unwrap() {
            rexpect::process::WaitStatus::Exited(_, code) => assert_eq!(code, 0),
            other => panic!("unexpected status {other:?}"),
        }
    }

    #[test]
    fn ctrl_c_saves_the_answers_and_says_how_to_resume() {
        let env = TestEnv::new();
        let mut s = spawn_command(command(&env), Some(10_000)).unwrap();
        s.exp_string("Account name").unwrap();
        s.send_line("Acme").unwrap();
        s.exp_string("Users").unwrap();
        let screen = ctrl_c(&mut s);
        // The command resumes as the run was started: its playbooks too.
        assert!(
            screen.contains("resume with: cs --playbooks org escalate --answers"),
            "{screen:?}"
        );
        let drafts: Vec<_> = std::fs::read_dir(env.state_dir().join("drafts"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(drafts.len(), 1);
        let text = std::fs::read_to_string(&drafts[0]).unwrap();
        assert!(text.contains("\"name\": \"Acme\""), "{text}");
    }

    /// Churn reasons, their secondary reasons and products, each picked
    /// from a list.
    const CHOICES: &str = "id: escalation\ntitle: Choices\nsource: MT-CS-005\nowner: TL\nfields:\n  - key: reason\n    label: Churn reason\n    type: churn-reason\n    required: true\n  - key: secondary\n    label: Secondary reasons\n    type: churn-secondary\n    of: reason\n  - key: products\n    label: Products\n    type: multi-choice\n    required: true\n    min_items: 1\n    choices:\n      - {key: learning, label: Learning}\n      - {key: compliance, label: Compliance}\n  - key: specialty\n    label: Specialty\n    type: choice\n    choices: [{key: dental, label: Dental}, {key: dermatology, label: Dermatology}, {key: family, label: Family Medicine}, {key: home_health, label: Home Health}, {key: pediatrics, label: Pediatrics}, {key: pt, label: Physical Therapy}, {key: urgent, label: Urgent Care}, {key: vet, label: Veterinary}]\nchecklist:\n  - rule: E3\n    text: \"{{ reason }}: {{ secondary | join(', ') }}; {{ products | join(', ') }}; {{ specialty }}\"\ndata:\n  call_within_days: 1\n";

    /// Ctrl-C, then what the terminal shows: one message, in one form, on
    /// its own line, the cursor shown, exit 130.
    fn ctrl_c(s: &mut rexpect::session::PtySession) -> String {
        s.send_control('c').unwrap();
        let raw = s.exp_eof().unwrap();
        let screen = plain(&raw);
        assert_eq!(screen.matches("interrupted").count(), 1, "{screen:?}");
        assert!(
            screen.contains("\ninterrupted; your answers are saved in"),
            "{screen:?}"
        );
        assert!(!screen.contains("error:"), "{screen:?}");
        assert!(cursor_shown(&raw), "{raw:?}");
        assert_eq!(exit_code(s), 130);
        screen
    }

    /// `cs escalate` of the CHOICES playbook, at a terminal.
    fn choices(env: &TestEnv) -> rexpect::session::PtySession {
        env.write("org/escalation.yaml", CHOICES);
        spawn_command(
            terminal(env, &["--playbooks", "org", "escalate"]),
            Some(10_000),
        )
        .unwrap()
    }

    #[test]
    fn choices_are_shown_and_a_long_list_filters_as_one_types() {
        let env = TestEnv::new();
        let mut s = choices(&env);
        // The churn reasons are listed before anything is typed.
        s.exp_string("Churn reason").unwrap();
        s.exp_string("Pricing Issues").unwrap();
        s.exp_string("Competitor Switching").unwrap();
        keys(&mut s, &[DOWN, DOWN, "\r"]);
        // Then that reason's secondary reasons, to check.
        s.exp_string("Secondary reasons (optional) (space selects, enter confirms)")
            .unwrap();
        s.exp_string("Too expensive").unwrap();
        keys(&mut s, &[" ", "\r"]);
        s.exp_string("Products (space selects, enter confirms)")
            .unwrap();
        s.exp_string("Compliance").unwrap();
        // None checked: refused with the reason, not shown as taken.
        keys(&mut s, &["\r"]);
        let refused = plain(&s.exp_string("at least 1 entry is needed").unwrap());
        assert!(!refused.contains("✔ Products"), "{refused:?}");
        s.exp_string("Products (space selects, enter confirms)")
            .unwrap();
        keys(&mut s, &[" ", "\r"]);
        // Eight specialties: typing filters them.
        s.exp_string("Specialty (optional) (type to filter)")
            .unwrap();
        s.exp_string("Veterinary").unwrap();
        keys(&mut s, &["p", "e", "d", "i", "\r"]);
        s.exp_string("[E3] Pricing Issues: Too expensive; learning; pediatrics")
            .unwrap();
        s.exp_eof().unwrap();
        assert_eq!(exit_code(&mut s), 0);
    }

    #[test]
    fn ctrl_c_at_a_checkbox_prompt_restores_the_cursor_and_says_it_once() {
        // Five times: the key and the signal race to stop cs.
        for _ in 0..5 {
            let env = TestEnv::new();
            let mut s = choices(&env);
            s.exp_string("Competitor Switching").unwrap();
            keys(&mut s, &["\r"]);
            s.exp_string("(space selects, enter confirms)").unwrap();
            ctrl_c(&mut s);
        }
    }

    /// Interrupted at a checkbox prompt and then at a choice prompt, each
    /// resume asks what was left, the optional questions too (#30).
    #[test]
    fn interrupted_at_checkboxes_and_at_a_choice_each_resume_asks_the_rest() {
        let env = TestEnv::new();
        let resume_line = |screen: &str| -> Vec<String> {
            let line = screen
                .lines()
                .find_map(|l| l.strip_prefix("resume with: "))
                .unwrap_or_else(|| panic!("{screen:?}"));
            line.split_whitespace()
                .skip(1)
                .map(str::to_string)
                .collect()
        };
        let mut s = choices(&env);
        s.exp_string("Competitor Switching").unwrap();
        keys(&mut s, &["\r"]);
        s.exp_string("(space selects, enter confirms)").unwrap();
        let words = resume_line(&ctrl_c(&mut s));
        assert!(words.starts_with(&["--playbooks".into(), "org".into(), "escalate".into()]));
        // The secondary reasons (optional) are asked again, then the rest.
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut s = spawn_command(terminal(&env, &args), Some(10_000)).unwrap();
        s.exp_string("1 answer loaded").unwrap();
        s.exp_string("Secondary reasons").unwrap();
        keys(&mut s, &["\r"]);
        s.exp_string("Products").unwrap();
        keys(&mut s, &[" ", "\r"]);
        s.exp_string("Specialty").unwrap();
        let words = resume_line(&ctrl_c(&mut s));
        // The specialty (an optional choice) is asked on the next resume.
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut s = spawn_command(terminal(&env, &args), Some(10_000)).unwrap();
        s.exp_string("answers loaded").unwrap();
        s.exp_string("Specialty").unwrap();
        keys(&mut s, &["\r"]);
        s.exp_eof().unwrap();
        assert_eq!(exit_code(&mut s), 0);
    }

    #[test]
    fn a_resumed_draft_says_what_it_loaded_and_asks_again_what_is_out_of_order() {
        let env = TestEnv::new();
        // A draft whose call was completed before it was scheduled (O3).
        let draft = env.write(
            "state/drafts/onboarding-20261120-101500.json",
            r#"{"account_id": "001000000000001AAA", "account_name": "Acme Family Clinic",
                "products": ["Learning"], "mrr": 1250.5, "users": 80,
                "call_scheduled_for": "2026-11-18", "call_completed_date": "2026-11-10"}"#,
        );
        let draft_arg = draft.to_str().unwrap();
        let mut s = spawn_command(
            terminal(
                &env,
                &["onboard", "--format", "json", "--answers", draft_arg],
            ),
            Some(10_000),
        )
        .unwrap();
        s.exp_string("7 answers loaded").unwrap();
        s.exp_string("2026-11-10 is before call_scheduled_for 2026-11-18 (O3)")
            .unwrap();
        s.exp_string("Onboarding Call Completed Date").unwrap();
        s.send_line("2026-11-19").unwrap();
        s.exp_string("\"call_completed_date\": \"2026-11-19\"")
            .unwrap();
        s.exp_eof().unwrap();
        assert_eq!(exit_code(&mut s), 0);
        assert!(
            !draft.exists(),
            "the draft that fed a successful run is removed"
        );
    }

    /// Resume keeps everything (#30): interrupted at an optional question
    /// of a run given an account and a snapshot, the resume command keeps
    /// --account and --org, and the resumed run asks the questions that
    /// were left, the optional one too, before its plan.
    #[test]
    fn a_resumed_run_keeps_its_sources_and_asks_every_question_left() {
        let env = TestEnv::new();
        let small = SMALL
            .replace(
                "  - key: users\n",
                "  - key: nickname\n    label: Nickname\n    type: text\n  - key: users\n",
            )
            .replace(
                "    label: Account name\n    type: text\n",
                "    label: Account name\n    type: text\n    org: Account.Name\n",
            );
        env.write("org/escalation.yaml", &small);
        let snapshot = std::fs::read_to_string(repo().join("examples/org-snapshot.json")).unwrap();
        env.write("acme.json", &snapshot);
        let first = terminal(
            &env,
            &[
                "--playbooks",
                "org",
                "escalate",
                "--format",
                "json",
                "--account",
                "001000000000001AAA",
                "--org",
                "acme.json",
            ],
        );
        let mut s = spawn_command(first, Some(10_000)).unwrap();
        s.exp_string("Account name").unwrap();
        // What Salesforce holds is the default: Enter takes it.
        s.send_line("").unwrap();
        s.exp_string("Nickname").unwrap();
        let screen = ctrl_c(&mut s);
        let line = screen
            .lines()
            .find_map(|l| l.strip_prefix("resume with: "))
            .unwrap_or_else(|| panic!("{screen:?}"))
            .trim()
            .to_string();
        assert!(
            line.starts_with("cs --playbooks org escalate --format json --account 001000000000001AAA --org acme.json --answers "),
            "{line}"
        );
        // The resume command, as printed, at the terminal.
        let words: Vec<&str> = line.split_whitespace().skip(1).collect();
        let mut s = spawn_command(terminal(&env, &words), Some(10_000)).unwrap();
        s.exp_string("1 answer loaded").unwrap();
        s.exp_string("Nickname").unwrap();
        s.send_line("Acme East").unwrap();
        s.exp_string("Users").unwrap();
        s.send_line("12").unwrap();
        s.exp_string("Admin email").unwrap();
        s.send_line("admin@acme.org").unwrap();
        let plan = plain(&s.exp_eof().unwrap());
        assert!(plan.contains("\"nickname\": \"Acme East\""), "{plan}");
        assert!(plan.contains("\"name\": \"Acme Family Clinic\""), "{plan}");
        assert_eq!(exit_code(&mut s), 0);
    }

    /// E1: at a terminal, an account the snapshot's Recurly facts show
    /// past due has its past-due invoices shown as the default, and the
    /// past-due trigger starts checked (#31).
    #[test]
    fn e1_the_past_due_trigger_starts_checked_for_an_account_past_due() {
        let env = TestEnv::new();
        let snapshot = std::fs::read_to_string(repo().join("examples/org-snapshot.json")).unwrap();
        env.write("acme.json", &snapshot);
        let args = [
            "escalate",
            "--account",
            "001000000000001AAA",
            "--org",
            "acme.json",
        ];
        let mut s = spawn_command(terminal(&env, &args), Some(10_000)).unwrap();
        for label in [
            "Account name",
            "Salesforce link to the account",
            "Contact name",
            "Opportunity name(s)",
            "Products",
            "The account's code in Recurly",
        ] {
            s.exp_string(label).unwrap();
            keys(&mut s, &["\r"]);
        }
        let shown = plain(&s.exp_string("Past-due invoices in Recurly").unwrap());
        assert!(!shown.contains("error"), "{shown:?}");
        // Recurly's count is the default.
        s.exp_string("(2)").unwrap();
        keys(&mut s, &["\r"]);
        s.exp_string("What triggered the escalation (E1)").unwrap();
        s.exp_string("(space selects, enter confirms)").unwrap();
        let items = plain(&s.exp_string("Asks for someone higher up").unwrap());
        assert!(items.contains("✔ Account past due"), "{items:?}");
        assert!(!items.contains("✔ Reluctance to pay"), "{items:?}");
        ctrl_c(&mut s);
    }

    #[test]
    fn a_closed_terminal_or_a_kill_saves_the_answers_like_ctrl_c() {
        for sig in [
            rexpect::process::Signal::SIGHUP,
            rexpect::process::Signal::SIGTERM,
        ] {
            let env = TestEnv::new();
            let mut s = spawn_command(command(&env), Some(10_000)).unwrap();
            s.exp_string("Account name").unwrap();
            s.send_line("Acme").unwrap();
            s.exp_string("Users").unwrap();
            s.process_mut().signal(sig).unwrap();
            let status = s.process_mut().wait().unwrap();
            assert!(
                matches!(status, rexpect::process::WaitStatus::Exited(_, 130)),
                "{sig:?}: {status:?}"
            );
            let drafts: Vec<_> = std::fs::read_dir(env.state_dir().join("drafts"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            assert_eq!(drafts.len(), 1, "{sig:?}");
            let text = std::fs::read_to_string(&drafts[0]).unwrap();
            assert!(text.contains("\"name\": \"Acme\""), "{sig:?}: {text}");
        }
    }

    #[test]
    fn what_salesforce_holds_is_the_default_at_the_prompt() {
        let env = TestEnv::new();
        let small = SMALL
            .replace(
                "    label: Account name\n    type: text\n    required: true\n",
                "    label: Account name\n    type: text\n    required: true\n    org: Account.Name\n",
            )
            .replace(
                "    label: Users\n    type: integer\n    required: true\n",
                "    label: Users\n    type: integer\n    required: true\n    org: Account.Users__c\n",
            );
        assert!(small.contains("org: Account.Users__c"));
        env.write(
            "snap.json",
            r#"{"cs_org_snapshot": 1, "instance": "https://medtrainer.my.salesforce.com", "taken": "2026-11-20T10:00:00Z",
                "accounts": {"001000000000001AAA": {"record": {"Id": "001000000000001AAA", "Name": "Acme Family Clinic", "Users__c": 12}, "related": {}}}}"#,
        );
        let mut c = command(&env);
        env.write("org/escalation.yaml", &small);
        c.args(["--account", "001000000000001AAA", "--org", "snap.json"]);
        let mut s = spawn_command(c, Some(10_000)).unwrap();
        s.exp_string("read Acme Family Clinic (001000000000001AAA)")
            .unwrap();
        s.exp_string("Account name").unwrap();
        s.exp_string("Acme Family Clinic").unwrap();
        s.send_line("").unwrap();
        s.exp_string("Users").unwrap();
        s.exp_string("12").unwrap();
        s.send_line("").unwrap();
        s.exp_string("Admin email").unwrap();
        s.send_line("admin@acme.org").unwrap();
        s.exp_string("[E3] Case for Acme Family Clinic (12 users)")
            .unwrap();
        s.exp_eof().unwrap();
    }
}

#[test]
fn cs_drafts_lists_shows_and_removes_the_kept_answers() {
    let env = TestEnv::new();
    let d = env.write(
        "state/drafts/escalation-20261120-101500.json",
        "{\"account_name\": \"Acme\", \"mrr\": \"12\"}",
    );
    let out = env
        .cs()
        .args(["drafts", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["draft"], "escalation-20261120-101500.json");
    assert_eq!(rows[0]["answers"], 2);
    assert_eq!(
        rows[0]["resume"],
        format!("cs escalate --answers {}", d.display())
    );
    // As text, the command that resumes is on a line of its own, whole,
    // however long its path (#30: a table wrapped it over three lines).
    let out = env.cs().args(["drafts", "list"]).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.trim() == format!("cs escalate --answers {}", d.display())),
        "{text}"
    );
    assert!(
        text.starts_with("escalation-20261120-101500.json  2 answers, saved "),
        "{text}"
    );
    let out = env
        .cs()
        .args(["drafts", "show", "escalation-20261120-101500.json"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("\"Acme\""), "{}", stderr(&out));
    let out = env
        .cs()
        .args(["drafts", "show", "../../etc/passwd"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "only drafts are shown");
    let out = env
        .cs()
        .args(["drafts", "remove", "--all"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!d.exists());
    assert!(stderr(&out).contains("removed 1 draft."));
}
