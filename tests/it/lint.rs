//! `cs playbook lint`: each kind of broken playbook is reported at the exact
//! `path:line:col` of the value at fault.

use crate::common::*;
use cs::playbook::{Source, lint};

const HEAD: &str = "id: t\ntitle: T\nsource: MT-CS-005\nowner: TL\n";

/// Lints `text` as t.yaml and returns the finding headers.
fn findings(text: &str) -> Vec<String> {
    let source = Source {
        id: "t".into(),
        path: "t.yaml".into(),
        text: text.to_string().into(),
        embedded: false,
    };
    let tax = cs::playbook::Library::default().taxonomy().unwrap();
    let (_, diags) = lint::lint_source(&source, Some(&tax), Some(cs::sops::check_playbook));
    diags.iter().map(|d| d.header()).collect()
}

fn assert_finding(text: &str, expected: &str) {
    let f = findings(text);
    assert!(
        f.iter().any(|h| h == expected),
        "expected\n  {expected}\ngot\n  {}",
        f.join("\n  ")
    );
}

#[test]
fn embedded_playbooks_are_clean() {
    let env = TestEnv::new();
    let out = env.cs().args(["playbook", "lint"]).output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    // W1: the defaults of cs still in use are listed, as information.
    let shown = stdout(&out);
    let listed = shown.lines().filter(|l| l.contains(": info: ")).count();
    assert_eq!(listed, 9, "{shown}");
    assert!(!stdout(&out).contains(": warning: ") && !stdout(&out).contains(": error: "));
    assert!(
        stderr(&out)
            .contains("5 playbooks checked: 0 errors, 0 warnings; 9 of cs's defaults in use (W1)."),
        "{}",
        stderr(&out)
    );
    // And the committed directory, as CI lints it.
    env.cs()
        .arg("playbook")
        .arg("lint")
        .arg(repo().join("playbooks"))
        .assert()
        .success();
    // And every file of it named one by one (a shell's playbooks/*.yaml):
    // the rule catalog is skipped, as in the directory, the calendar
    // checked as a calendar.
    let files: Vec<_> = std::fs::read_dir(repo().join("playbooks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    let out = env
        .cs()
        .args(["playbook", "lint"])
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("the SOP rule catalog, built into cs, is not a playbook; skipped.")
            && stderr(&out).contains("5 playbooks and the calendar checked: 0 errors, 0 warnings; 9 of cs's defaults in use (W1)."),
        "{}",
        stderr(&out)
    );
}

#[test]
fn yaml_syntax_error() {
    assert_finding(
        "id: t\ntitle: \"unclosed\n",
        "t.yaml:2:8: error: unclosed quote",
    );
    assert_finding(
        "id: t\ntitle: T\n  owner: x\n",
        "t.yaml:3:8: error: mapping values are not allowed in this context",
    );
}

#[test]
fn unknown_key() {
    assert_finding(
        &format!("{HEAD}fields:\n  - key: a\n    label: A\n    typ: text\n"),
        "t.yaml:8:5: error: unknown field `typ`; did you mean `type`? (expected one of key, label, help, type, required, default, choices, when, required_when, of, min, max, min_items, object, multiline, org, recurly, outreach)",
    );
}

#[test]
fn duplicate_mapping_key() {
    assert_finding(
        &format!("{HEAD}title: again\n"),
        "t.yaml:5:1: error: duplicate mapping key: title",
    );
}

#[test]
fn unknown_field_type() {
    let f = findings(&format!(
        "{HEAD}fields:\n  - key: a\n    label: A\n    type: textual\n"
    ));
    assert!(
        f[0].starts_with("t.yaml:8:11: error: unknown variant `textual`"),
        "{f:?}"
    );
}

#[test]
fn id_must_match_file_name() {
    assert_finding(
        "id: other\ntitle: T\nsource: S\nowner: TL\n",
        "t.yaml:1:5: error: the id 'other' must match the file name 't.yaml' (cs finds playbooks by file name)",
    );
}

#[test]
fn duplicate_field_key() {
    assert_finding(
        &format!(
            "{HEAD}fields:\n  - key: a\n    label: A\n    type: text\n  - key: a\n    label: B\n    type: text\n"
        ),
        "t.yaml:9:10: error: duplicate field key 'a'",
    );
}

#[test]
fn unknown_field_in_template() {
    assert_finding(
        &format!(
            "{HEAD}fields:\n  - key: a\n    label: A\n    type: text\nchecklist:\n  - rule: E3\n    text: \"Call {{{{ acount }}}}\"\n"
        ),
        "t.yaml:11:11: error: template uses 'acount', which is not a field of this playbook",
    );
}

#[test]
fn unknown_field_in_condition() {
    assert_finding(
        &format!("{HEAD}checklist:\n  - rule: E4\n    text: x\n    when: fmc\n"),
        "t.yaml:8:11: error: condition uses 'fmc', which is not a field of this playbook",
    );
}

#[test]
fn condition_reads_a_later_field() {
    assert_finding(
        &format!(
            "{HEAD}fields:\n  - key: a\n    label: A\n    type: text\n    when: b\n  - key: b\n    label: B\n    type: bool\n"
        ),
        "t.yaml:9:11: error: the condition reads 'b', which is asked at or after this field",
    );
}

#[test]
fn rule_id_not_in_the_catalog() {
    assert_finding(
        &format!("{HEAD}checklist:\n  - rule: E99\n    text: x\n"),
        "t.yaml:6:11: error: 'E99' is not a rule ID of the SOP rule catalog (e.g. N1, E7, O8)",
    );
}

#[test]
fn churn_reason_not_in_the_taxonomy() {
    let f = findings(&format!(
        "{HEAD}fields:\n  - key: reason\n    label: R\n    type: churn-reason\n    default: Price Issues\n"
    ));
    assert!(
        f.iter().any(|h| h.starts_with("t.yaml:9:14: error: the default of 'reason' is not in the churn-code taxonomy: 'Price Issues' is not a churn reason")),
        "{f:?}"
    );
}

#[test]
fn offset_anchored_on_a_non_date_field() {
    assert_finding(
        &format!(
            "{HEAD}fields:\n  - key: users\n    label: U\n    type: integer\nschedule:\n  - action: Call\n    from: users\n    offset: 1\n"
        ),
        "t.yaml:11:11: error: the offset is anchored on 'users', a integer field; anchors must be date fields or 'today'",
    );
    assert_finding(
        &format!("{HEAD}schedule:\n  - action: Call\n    from: nowhere\n"),
        "t.yaml:7:11: error: the offset is anchored on 'nowhere', which is neither 'today', a field nor a computed date (summary.NAME)",
    );
}

#[test]
fn default_outside_its_choices() {
    assert_finding(
        &format!(
            "{HEAD}fields:\n  - key: health\n    label: H\n    type: choice\n    default: sick\n    choices:\n      - {{key: healthy, label: Healthy}}\n"
        ),
        "t.yaml:9:14: error: the default of 'health' is outside its choices: 'sick' is not one of: healthy",
    );
}

#[test]
fn template_syntax_error() {
    let f = findings(&format!(
        "{HEAD}checklist:\n  - rule: E3\n    text: \"{{{{ a \"\n"
    ));
    assert!(
        f.iter()
            .any(|h| h.starts_with("t.yaml:7:11: error: template syntax: syntax error")),
        "{f:?}"
    );
}

#[test]
fn undeclared_computed_name() {
    assert_finding(
        &format!("{HEAD}checklist:\n  - rule: D1\n    text: \"{{{{ summary.segmnt }}}}\"\n"),
        "t.yaml:7:11: error: 'summary.segmnt' is not declared under `computed`",
    );
}

#[test]
fn churn_secondary_needs_its_reason_field() {
    assert_finding(
        &format!("{HEAD}fields:\n  - key: sec\n    label: S\n    type: churn-secondary\n"),
        "t.yaml:8:11: error: a churn-secondary field needs `of:` naming its churn-reason field",
    );
}

#[test]
fn holiday_must_be_a_date() {
    assert_finding(
        &format!("{HEAD}holidays:\n  - 2026-12-25\n  - 12/25/26\n"),
        "t.yaml:7:5: error: holiday '12/25/26' is not a YYYY-MM-DD date",
    );
}

#[test]
fn choice_field_without_choices() {
    assert_finding(
        &format!("{HEAD}fields:\n  - key: c\n    label: C\n    type: choice\n"),
        "t.yaml:8:11: error: a choice field needs `choices`",
    );
}

#[test]
fn duplicate_churn_reason() {
    let text = "id: t\ntitle: T\nsource: S\nowner: O\nchurn_codes:\n  - category: A\n    reason: R\n    description: d\n    free_text: x\n  - category: B\n    reason: r\n    description: d\n    free_text: x\n";
    assert_finding(text, "t.yaml:11:13: error: duplicate churn reason 'r'");
}

#[test]
fn lint_output_formats() {
    let env = TestEnv::new();
    let bad = env.write(
        "t.yaml",
        &format!("{HEAD}checklist:\n  - rule: E99\n    text: x\n"),
    );
    let out = env
        .cs()
        .args(["playbook", "lint"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let path = bad.display().to_string();
    assert!(
        text.starts_with(&format!("{path}:6:11: error: 'E99' is not a rule ID")),
        "{text}"
    );
    assert!(
        text.contains("6 |   - rule: E99\n  |           ^\n"),
        "{text}"
    );
    assert!(stderr(&out).contains("1 playbook checked: 1 error, 0 warnings."));

    let out = env
        .cs()
        .args(["playbook", "lint", "--format", "json"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["line"], 6);
    assert_eq!(v[0]["column"], 11);
    assert_eq!(v[0]["severity"], "error");

    let out = env
        .cs()
        .args(["playbook", "lint", "--format", "github"])
        .arg(&bad)
        .output()
        .unwrap();
    let expected_file = path.replace(':', "%3A").replace(',', "%2C");
    assert!(
        stdout(&out).starts_with(&format!(
            "::error file={expected_file},line=6,col=11::'E99' is not a rule ID"
        )),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_broken_override_stops_the_command_that_uses_it() {
    let env = TestEnv::new();
    env.write(
        "org/escalation.yaml",
        "id: escalation\ntitle: T\nsource: S\nowner: O\nchecklist:\n  - rule: X1\n    text: x\n",
    );
    let out = env
        .cs()
        .args(["--playbooks", "org", "escalate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains("error: the playbook org/escalation.yaml has errors."),
        "{e}"
    );
    assert!(
        e.contains("org/escalation.yaml:6:11: error: 'X1' is not a rule ID"),
        "{e}"
    );
    assert!(
        e.contains("hint: fix them, then check with: cs playbook lint org/escalation.yaml"),
        "{e}"
    );
}

#[test]
fn each_form_is_checked_against_its_own_fields() {
    // `name` is a field of the playbook's own form, not of the `advance` form.
    assert_finding(
        &format!(
            "{HEAD}fields:\n  - key: name\n    label: N\n    type: text\nforms:\n  advance:\n    checklist:\n      - rule: E9\n        text: \"{{{{ name }}}}\"\n"
        ),
        "t.yaml:13:15: error: template uses 'name', which is not a field of this playbook",
    );
}

#[test]
fn status_machine_moves_and_requirements() {
    let text = format!(
        "{HEAD}forms:\n  advance:\n    fields:\n      - key: date\n        label: D\n        type: date\nstatuses:\n  - key: new\n    label: New\n    next: [done, gone]\n  - key: done\n    label: Done\n    requires: [date, reason]\n"
    );
    assert_finding(
        &text,
        "t.yaml:14:18: error: 'gone' is not a status of this playbook",
    );
    assert_finding(
        &text,
        "t.yaml:17:22: error: status 'done' requires 'reason', which no form asks for",
    );
}

#[test]
fn required_when_is_checked_like_a_condition() {
    assert_finding(
        &format!(
            "{HEAD}fields:\n  - key: a\n    label: A\n    type: text\n    required_when: b == 1\n  - key: b\n    label: B\n    type: integer\n"
        ),
        "t.yaml:9:20: error: the condition reads 'b', which is asked at or after this field",
    );
}

/// Lints a built-in playbook with one edit, under its own id, and returns
/// the finding headers.
fn findings_in_edited(id: &str, from: &str, to: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo().join(format!("playbooks/{id}.yaml"))).unwrap();
    assert!(text.contains(from), "{id}.yaml has no '{from}'");
    let source = Source {
        id: id.into(),
        path: format!("{id}.yaml"),
        text: text.replacen(from, to, 1).into(),
        embedded: false,
    };
    let tax = cs::playbook::Library::default().taxonomy().unwrap();
    let (_, diags) = lint::lint_source(&source, Some(&tax), Some(cs::sops::check_playbook));
    // The faults: W1's list of cs's defaults in use is information.
    diags
        .iter()
        .filter(|d| d.severity != cs::diag::Severity::Info)
        .map(|d| d.header())
        .collect()
}

/// The line and column (1-based) where `needle` starts in a built-in playbook.
fn position(id: &str, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(repo().join(format!("playbooks/{id}.yaml"))).unwrap();
    text.lines()
        .enumerate()
        .find_map(|(i, l)| l.find(needle).map(|c| (i + 1, c + 1)))
        .unwrap_or_else(|| panic!("{id}.yaml has no '{needle}'"))
}

#[test]
fn o6_data_of_the_wrong_type_is_found_at_its_line() {
    let (line, col) = position("onboarding", "training_order: [");
    let f = findings_in_edited(
        "onboarding",
        "training_order: [Learning, Compliance, Credentialing Software]",
        "training_order: 42",
    );
    let at = col + "training_order: ".len();
    assert_eq!(
        f,
        [format!(
            "onboarding.yaml:{line}:{at}: error: data: expected a list"
        )]
    );
    // A weekday that is not one is found too.
    let (line, col) = position("onboarding", "weekday: Tuesday");
    let f = findings_in_edited("onboarding", "weekday: Tuesday", "weekday: Tuseday");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].starts_with(&format!(
            "onboarding.yaml:{line}:{}: error: data: ",
            col + 9
        )),
        "{f:?}"
    );
}

#[test]
fn e5_data_of_the_wrong_type_is_found_at_its_line() {
    let (line, col) = position("escalation", "call_within_days: 1");
    let f = findings_in_edited(
        "escalation",
        "call_within_days: 1",
        "call_within_days: soon",
    );
    let at = col + "call_within_days: ".len();
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].starts_with(&format!(
            "escalation.yaml:{line}:{at}: error: data: expected a whole number"
        )),
        "{f:?}"
    );
}

#[test]
fn t3_data_of_the_wrong_type_is_found_at_its_line() {
    let (line, col) = position("transition", "manual_health: [");
    let f = findings_in_edited(
        "transition",
        "manual_health: [at_risk, escalated, unresponsive]",
        "manual_health: at_risk",
    );
    let at = col + "manual_health: ".len();
    assert_eq!(
        f,
        [format!(
            "transition.yaml:{line}:{at}: error: data: expected a list"
        )]
    );
}

#[test]
fn f5_data_missing_or_misnamed_is_found_at_its_line() {
    let (line, col) = position("offboarding", "effective_after_days: 3");
    let f = findings_in_edited(
        "offboarding",
        "effective_after_days: 3",
        "effective_after_dayz: 3",
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].starts_with(&format!(
            "offboarding.yaml:{line}:{col}: error: data: unknown field `effective_after_dayz`"
        )),
        "{f:?}"
    );
    let f = findings_in_edited("offboarding", "expect: true", "expect: maybe");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].starts_with("offboarding.yaml:"), "{f:?}");
}

#[test]
fn computed_values_read_answers_and_earlier_values_only() {
    let text = format!(
        "{HEAD}computed:\n  - key: a\n    value: summary.b\n  - key: b\n    value: nosuch + 1\n  - key: c\n    value: summary.a and x\nfields:\n  - key: x\n    label: X\n    type: text\n"
    );
    assert_finding(
        &text,
        "t.yaml:7:12: error: 'summary.b' is not declared under `computed`",
    );
    assert_finding(
        &text,
        "t.yaml:9:12: error: condition uses 'nosuch', which is not a field of this playbook",
    );
    assert_eq!(findings(&text).len(), 2, "{:?}", findings(&text));
}

#[test]
fn an_sop_playbook_without_its_data_says_where_to_copy_it_from() {
    let source = Source {
        id: "escalation".into(),
        path: "escalation.yaml".into(),
        text: "id: escalation\ntitle: T\nsource: MT-CS-005\nowner: TL\n".into(),
        embedded: false,
    };
    let (_, diags) = lint::lint_source(&source, None, Some(cs::sops::check_playbook));
    let headers: Vec<String> = diags.iter().map(|d| d.header()).collect();
    assert_eq!(
        headers,
        [
            "escalation.yaml:1:1: error: the escalation SOP reads a `data:` section, and this playbook has none; copy it from the built-in playbooks/escalation.yaml (cs playbook show escalation)",
            "escalation.yaml:1:5: error: the escalation SOP reads the field 'reason', which is not among its fields; keep the built-in playbook's key",
        ]
    );
}

#[test]
fn an_organizations_copy_keeps_the_fields_its_sop_reads() {
    let f = findings_in_edited("transition", "- key: health\n", "- key: wellbeing\n");
    assert!(
        f.iter().any(|h| h.ends_with(
            "error: the transition SOP reads the field 'health', which is not among its fields; keep the built-in playbook's key"
        )),
        "{f:?}"
    );
    let f = findings_in_edited("escalation", "- key: note\n", "- key: remark\n");
    assert!(
        f.iter()
            .any(|h| h
                .contains("reads the field 'note', which is not among the fields of form `note`")),
        "{f:?}"
    );
}

/// The rule catalog (playbooks/rules.yaml) has every rule of the SOP rule
/// catalog the team keeps beside the repository (../shared/SOP-RULES.md).
#[test]
fn the_rule_catalog_lists_every_sop_rule() {
    let path = repo().join("../shared/SOP-RULES.md");
    // The file sits beside the repository for the team and CI, not in a
    // clone of it alone: there the check has nothing to compare with.
    // CI (CI=true, with the file beside it) must run it.
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing; CI checks the catalog against it",
            path.display()
        );
        return;
    };
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("- **"))
        .filter_map(|l| l.split("**").next())
        .collect();
    assert!(ids.len() >= 49, "{ids:?}");
    let catalog = std::fs::read_to_string(repo().join("playbooks/rules.yaml")).unwrap();
    for id in ids {
        assert!(
            catalog.contains(&format!("{{id: {id}, ")),
            "rule {id} of SOP-RULES.md is not in playbooks/rules.yaml"
        );
        assert!(
            cs::playbook::rules::is_known(id),
            "{id} is not known to lint"
        );
    }
}

#[test]
fn a_choice_written_out_raw_is_a_warning_and_label_names_a_choice_field() {
    let body = r#"fields:
  - key: tier
    label: Tier
    type: choice
    choices:
      - {key: at_risk, label: At risk}
  - key: name
    label: Name
    type: text
checklist:
  - rule: E1
    text: "{{ name }}: {{ tier }}"
  - rule: E1
    text: "{{ label.tier }}{% if tier == 'at_risk' %} (watch){% endif %}"
  - rule: E1
    text: "{{ label.name }}"
"#;
    let text = format!("{HEAD}{body}");
    let f = findings(&text);
    assert_eq!(
        f,
        [
            "t.yaml:16:11: warning: 'tier' is a choice field: people would read its key; write label.tier",
            "t.yaml:20:11: error: 'label.name': 'name' is not a choice field of this form",
        ],
        "{text}"
    );
}

/// A record's identity names fields; an optional one without a default
/// would change the key once answered (a second record on the next run).
#[test]
fn record_identity_names_answered_fields() {
    let record = |identity: &str| {
        format!(
            "{HEAD}fields:\n  - key: account\n    label: A\n    type: text\n    required: true\n  - key: number\n    label: N\n    type: text\nrecords:\n  - sobject: Case\n    operation: upsert\n    external_id:\n      field: Key__c\n      identity: [{identity}]\n    fields:\n      Subject: \"{{{{ account }}}}\"\n"
        )
    };
    assert_eq!(findings(&record("account")), Vec::<String>::new());
    assert_finding(
        &record("account, nowhere"),
        "t.yaml:18:27: error: identity names 'nowhere', which is not a field",
    );
    assert_finding(
        &record("number"),
        "t.yaml:18:18: warning: identity names 'number', an optional field without a default: answering it later changes the record's key, and the next run creates a second record",
    );
}

/// A record's links name an earlier record with an external_id (submit
/// finds it by that key); a file is read from a text answer.
#[test]
fn record_links_and_files_are_checked() {
    let pb = |link: &str, from: &str| {
        format!(
            "{HEAD}fields:\n  - key: path\n    label: P\n    type: text\n  - key: n\n    label: N\n    type: integer\nrecords:\n  - sobject: Onboarding__c\n    operation: upsert\n    external_id: {{field: Key__c}}\n    fields: {{Name: x}}\n  - sobject: ContentVersion\n    operation: create\n    fields: {{Title: x}}\n    file: {{field: VersionData, from: {from}}}\n    links: {{FirstPublishLocationId: {link}}}\n"
        )
    };
    assert_eq!(findings(&pb("Onboarding__c", "path")), Vec::<String>::new());
    assert_finding(
        &pb("Account", "path"),
        "t.yaml:21:37: error: links names 'Account', which is not an earlier record of this form with an external_id or an update by Id; cs submit finds a linked record by its External ID or Id",
    );
    assert_finding(
        &pb("Onboarding__c", "n"),
        "t.yaml:20:38: error: file.from names 'n', a integer field; the file's path is a text field",
    );
}

/// One run shows every finding (#30): a misspelt key (with the key it may
/// have meant) and a condition on a field that does not exist, which the
/// parse stopped at before, are reported together; so are a flow
/// mapping's typo and a template's.
#[test]
fn lint_reports_every_finding_in_one_run() {
    let env = TestEnv::new();
    env.write(
        "t.yaml",
        "id: t\ntitle: T\nsource: MT-CS-005\nowner: TL\nfields:\n  - key: name\n    label: Name\n    type: text\n    requried: true\n  - key: fmc\n    label: FMC\n    type: bool\n    when: fmc_enabled\n  - {key: x, label: X, typo: 1, type: text}\nchecklist:\n  - rule: E3\n    text: \"Case for {{ nam }}\"\n",
    );
    let out = env
        .cs()
        .args(["playbook", "lint", "t.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out) + &stderr(&out);
    for finding in [
        "t.yaml:9:5: error: unknown field `requried`; did you mean `required`?",
        "t.yaml:13:11: error: condition uses 'fmc_enabled', which is not a field of this playbook",
        "t.yaml:14:24: error: unknown field `typo`; did you mean `type`?",
        "t.yaml:17:11: error: template uses 'nam', which is not a field of this playbook",
    ] {
        assert!(text.contains(finding), "missing {finding:?} in:\n{text}");
    }
    assert!(text.contains("1 playbook checked: 4 errors"), "{text}");
}

/// `multiline` and `object` say something only on the types they are for;
/// elsewhere they are named as ignored, and an object must be a name.
#[test]
fn multiline_and_object_belong_to_their_types() {
    let text = format!(
        "{HEAD}fields:\n  - key: n\n    label: N\n    type: integer\n    multiline: true\n  - key: a\n    label: A\n    type: text\n    object: Account\n  - key: b\n    label: B\n    type: salesforce-id\n    object: \"Acc ount\"\n"
    );
    assert_finding(
        &text,
        "t.yaml:8:11: warning: `multiline` is for text fields; it is ignored on a field of type integer",
    );
    assert_finding(
        &text,
        "t.yaml:12:11: warning: `object` is for salesforce-id fields, links and lists of Ids; it is ignored on a field of type text",
    );
    assert_finding(
        &text,
        "t.yaml:14:10: error: field 'b': object 'Acc ount' is not a Salesforce object name",
    );
}

/// A misspelt key the playbook cannot do without (`ownr:` for `owner:`)
/// is read as the key it was meant to be, so the rest is linted in the
/// same run (an outside try found it hid every other finding).
#[test]
fn a_misspelt_required_key_hides_nothing() {
    let text = "id: t\ntitle: T\nsource: MT-CS-005\nownr: TL\nfields:\n  - key: a\n    label: A\n    type: text\n    when: nothere\n";
    let f = findings(text);
    assert!(
        f.iter().any(
            |h| h.starts_with("t.yaml:4:1: error: unknown field `ownr`; did you mean `owner`?")
        ),
        "{f:?}"
    );
    assert!(
        f.contains(
            &"t.yaml:9:11: error: condition uses 'nothere', which is not a field of this playbook"
                .to_string()
        ),
        "{f:?}"
    );
}

/// A filter cs does not have (`| jion`) is a lint error at its template:
/// minijinja finds it only when it renders, so a playbook that passed lint
/// failed its first run (found by an outside try).
#[test]
fn an_unknown_filter_is_a_lint_error() {
    let text = format!(
        "{HEAD}fields:\n  - key: a\n    label: A\n    type: list\nchecklist:\n  - rule: E1\n    text: \"{{{{ a | jion(', ') }}}} and {{{{ a | join(', ') | upper }}}}\"\n"
    );
    assert_finding(
        &text,
        "t.yaml:11:11: error: template uses the filter 'jion', which cs does not have",
    );
    assert!(
        !findings(&text)
            .iter()
            .any(|f| f.contains("'join'") || f.contains("'upper'"))
    );
}

/// W1: text that is cs's default wording is marked in the playbook: lint
/// lists each default in use as information (exit 0), the plan says which
/// SOP template the text stands for, and an organization's copy with its
/// own text replaces it (neither listed nor marked).
#[test]
fn w1_defaults_are_listed_marked_and_replaced_by_an_organizations_copy() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["playbook", "lint", "--format", "github"])
        .arg(repo().join("playbooks/offboarding.yaml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let notices: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert!(
        notices.iter().all(|n| n.starts_with("::notice file=")),
        "{notices:?}"
    );
    assert!(
        notices
            .iter()
            .any(|n| n.contains("data.saving is cs's default wording")),
        "{notices:?}"
    );

    // The plan marks the default text and names the template.
    env.write(
        "o.yaml",
        "account_name: Acme\naccount_id: 00100000000000A\ncase_id: 500X\ninitials: TL\nscenario: cancellation\nfinal_amount_paid: true\nmodules: [Learning]\n",
    );
    let plan = |env: &TestEnv, args: &[&str]| -> serde_json::Value {
        let out = env
            .cs()
            .args(args)
            .args(["offboard", "--answers", "o.yaml", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let p = plan(&env, &[]);
    let email = &p["drafts"][0];
    assert_eq!(email["template"], "Customer Offboarding Email");
    assert_eq!(email["default"], true);
    let text = env
        .cs()
        .args(["offboard", "--answers", "o.yaml", "--format", "text"])
        .output()
        .unwrap();
    assert!(
        stdout(&text).contains("(cs's default wording for the SOP's \"Customer Offboarding Email\"; your organization's text replaces it, W1)"),
        "{}",
        stdout(&text)
    );

    // An organization's copy with its own text and saving steps.
    let pb = std::fs::read_to_string(repo().join("playbooks/offboarding.yaml")).unwrap();
    let own = pb
        .replacen(
            "    # W1: the SOP names this template but not its text.\n    default: true\n",
            "",
            1,
        )
        .replacen(
            "As requested, the offboarding of",
            "Per your request, the offboarding of",
            1,
        )
        .replace("default_data: [saving]\n", "");
    env.write("org/offboarding.yaml", &own);
    let p = plan(&env, &["--playbooks", "org"]);
    let email = &p["drafts"][0];
    assert!(
        email["body"].as_str().unwrap().contains("Per your request"),
        "{email}"
    );
    assert!(email.get("default").is_none(), "{email}");
    assert!(p.get("defaults").is_none(), "{p}");
    // The built-in plan names the table of cs's wording its email draws on;
    // so does a copy that gives its own email text but keeps cs's steps.
    assert_eq!(
        plan(&env, &[])["defaults"],
        serde_json::json!(["data.saving"])
    );
    env.write(
        "org2/offboarding.yaml",
        &pb.replacen(
            "    # W1: the SOP names this template but not its text.\n    default: true\n",
            "",
            1,
        ),
    );
    let p2 = plan(&env, &["--playbooks", "org2"]);
    assert!(p2["drafts"][0].get("default").is_none());
    assert_eq!(p2["defaults"], serde_json::json!(["data.saving"]));
    let out = env
        .cs()
        .args([
            "playbook",
            "lint",
            "--format",
            "github",
            "org/offboarding.yaml",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = stdout(&out);
    let notices: Vec<&str> = shown.lines().collect();
    assert_eq!(
        notices.len(),
        1,
        "only the note's text is still cs's: {notices:?}"
    );
    assert!(notices[0].contains("No further reach-outs"), "{notices:?}");

    // A default_data key that names no table is an error.
    let f = findings_in_edited(
        "offboarding",
        "default_data: [saving]",
        "default_data: [savings]",
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].contains("error: default_data names 'savings', which is not a table of data"),
        "{f:?}"
    );
}

/// `recurly:` names a fact of the field's type; the account code is read
/// from the org.
#[test]
fn a_recurly_fact_must_fit_its_field() {
    let f = findings(&format!(
        "{HEAD}fields:\n  - key: code\n    label: Code\n    type: text\n    recurly: account_code\n  - key: due\n    label: Due\n    type: text\n    recurly: past_due_invoices\n"
    ));
    assert!(
        f.iter().any(|h| h.starts_with("t.yaml:") && h.ends_with("field 'code': `recurly: account_code` is read from the org: give the field an `org:` (the Salesforce account's Recurly account code)")),
        "{f:?}"
    );
    assert!(
        f.iter().any(|h| h.contains("error: field 'due': `recurly: past_due_invoices` gives answers of type integer, but the field is of type text")),
        "{f:?}"
    );
}

/// `cs due`'s duties are checked like the rest, each finding at its line:
/// an object that is not an API name, a weekday that is not one, two ways
/// of counting, no start, and a template reading what a duty has not.
#[test]
fn duties_are_linted_at_their_lines() {
    let f = findings(&format!(
        "{HEAD}duties:\n  - rule: N3\n    text: \"Note {{{{ record.CaseNumber }}}} for {{{{ nobody }}}}\"\n    object: Case Object\n    due: {{from: CreatedDate, business_days: 1, weekday: Funday}}\n  - rule: Q9\n    text: x\n    object: Case\n    due: {{business_days: 1}}\n"
    ));
    for want in [
        "t.yaml:8:13: error: 'Case Object' is not a Salesforce object name",
        "t.yaml:9:57: error: 'Funday' is not a weekday (Monday ... Sunday)",
        "t.yaml:6:11: error: duty N3: `due` counts one way: business_days, days, weekday or call_by",
        "t.yaml:7:11: error: a duty's text reads only record.FIELD and account.FIELD, not 'nobody'",
        "t.yaml:10:11: error: 'Q9' is not a rule ID of the SOP rule catalog",
        "t.yaml:10:11: error: duty Q9: `due` needs `from` (a date field) or `after_note` (a notes field)",
    ] {
        assert!(f.iter().any(|h| h.contains(want)), "{want}: {f:#?}");
    }
}
