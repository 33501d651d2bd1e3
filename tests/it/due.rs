//! `cs due` against the test org seeded with records at each duty's edge,
//! evaluated on Friday 2026-11-20 (Veterans Day, Wednesday 2026-11-11, a
//! holiday in between): N3, E5, E10, E9, O3, O8; `--csm`, the formats,
//! `--fail-on late`, a snapshot offline.

use crate::common::practice::{USERS, seed_account, small_org};
use crate::common::salesforce::{FakeOrg, TOKEN};
use crate::common::*;
use serde_json::{Value as Json, json};

const ACME: &str = "001000000000001AAA";
const BAYVIEW: &str = "001000000000002AAA";
const ESCALATIONS: &str = "012000000000ESCAAA";
const CUSTOMER_SUCCESS: &str = "012000000000CSMAAA";

/// The org: Acme (Maria Lopez's) and Bayview (Jordan Lee's), their cases
/// and onboarding.
fn book() -> FakeOrg {
    let org = small_org();
    seed_account(&org, 2, "Bayview Dental");
    org.state.lock().unwrap().records.iter_mut().for_each(|r| {
        if r.id == BAYVIEW {
            r.fields
                .insert("Customer_Success_Manager__c".into(), json!(USERS[1].0));
        }
    });
    let case = |id: &str, account: &str, fields: Json| {
        let mut f = json!({"AccountId": account, "IsClosed": false, "RecordTypeId": ESCALATIONS,
                           "CaseNumber": format!("0000{}", &id[14..15])});
        f.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        org.seed("Case", id, f);
    };
    // N3: last note Monday (3 business days late on Friday); E10: opened
    // Tuesday 11/03, ten business days with Veterans Day between: due
    // Wednesday 11/18.
    case(
        "500000000000001AAA",
        ACME,
        json!({"Status": "Call Scheduled", "Call_Scheduled_For__c": "2026-11-05",
               "CreatedDate": "2026-11-03T15:00:00.000+0000",
               "Escalation_Notes__c": "11/03/26_MM:Case opened\n11/16/26_MM:Called, no answer"}),
    );
    // N3: a note the previous business day: today's is due today.
    case(
        "500000000000002AAA",
        ACME,
        json!({"Status": "Call Completed", "CreatedDate": "2026-11-18T15:00:00.000+0000",
               "Escalation_Notes__c": "11/19/26_MM:Offered a discount"}),
    );
    // E5: opened Wednesday at 14:00, still New with no call: due that day.
    case(
        "500000000000003AAA",
        BAYVIEW,
        json!({"Status": "New", "CreatedDate": "2026-11-18T14:00:00.000+0000",
               "Escalation_Notes__c": "11/18/26_JL:Case opened"}),
    );
    // E5: opened Thursday after business hours: due Friday.
    case(
        "500000000000004AAA",
        BAYVIEW,
        json!({"Status": "New", "CreatedDate": "2026-11-19T18:30:00.000+0000",
               "Escalation_Notes__c": "11/19/26_JL:Case opened"}),
    );
    // E9: Waiting Approval since Monday (today's note changed the case
    // since): the Wednesday finance meeting passed.
    case(
        "500000000000005AAA",
        ACME,
        json!({"Status": "Waiting Approval", "LastModifiedDate": "2026-11-20T16:00:00.000+0000",
               "Status_Changed_On__c": "2026-11-16",
               "CreatedDate": "2026-11-16T16:00:00.000+0000",
               "Escalation_Notes__c": "11/20/26_MM:Sent to Finance"}),
    );
    // A closed case has no duty.
    case(
        "500000000000006AAA",
        ACME,
        json!({"Status": "Approved", "IsClosed": true, "CreatedDate": "2026-10-01T15:00:00.000+0000"}),
    );
    // O8: the Failed to OB case on its 30th day.
    org.seed(
        "Case",
        "500000000000007AAA",
        json!({"AccountId": BAYVIEW, "IsClosed": false, "RecordTypeId": CUSTOMER_SUCCESS,
               "Type": "Failed to OB", "CaseNumber": "00007", "Due_Date__c": "2026-11-20"}),
    );
    // O3: Acme's onboarding call is next Tuesday (upcoming); Bayview's
    // was held.
    org.seed(
        "Onboarding__c",
        "a01000000000001AAA",
        json!({"Account__c": ACME, "Onboarding_Completed__c": false,
               "Onboarding_Call_Scheduled_For__c": "2026-11-24", "Onboarding_Call_Completed_Date__c": null}),
    );
    // F5: Acme's offboarding email goes today; one already sent is done.
    for (id, sent) in [("500000000000008AAA", false), ("500000000000009AAA", true)] {
        org.seed(
            "Case",
            id,
            json!({"AccountId": ACME, "IsClosed": false, "CaseNumber": format!("0000{}", &id[14..15]),
                   "Offboarding_Email_On__c": "2026-11-20", "Offboarding_Effective_Date__c": "2026-11-25",
                   "Offboarding_Email_Sent__c": sent}),
        );
    }
    // T5: Bayview came to Jordan on Wednesday: the handover was due
    // Thursday. Acme's handover is done.
    org.state.lock().unwrap().records.iter_mut().for_each(|r| {
        let (date, done) = match r.id.as_str() {
            BAYVIEW => ("2026-11-18", false),
            ACME => ("2026-11-10", true),
            _ => return,
        };
        r.fields
            .insert("CSM_Transition_Date__c".into(), json!(date));
        r.fields.insert("CSM_Handover_Done__c".into(), json!(done));
    });
    // D2: Bayview, digital, assigned Friday 11/13: Day 4 was Monday; Acme,
    // assigned Monday 11/23: Day 4 is Thanksgiving, so Friday 11/27.
    for (id, account, assigned) in [
        ("a01000000000003AAA", BAYVIEW, "2026-11-13"),
        ("a01000000000004AAA", ACME, "2026-11-23"),
    ] {
        org.seed(
            "Onboarding__c",
            id,
            json!({"Account__c": account, "Onboarding_Completed__c": false,
                   "Digital_Sequence__c": "DCSM Account Onboarding and Adoption", "Assigned_On__c": assigned,
                   "Day_4_Follow_Up_Done__c": false, "Adoption_Updated__c": false}),
        );
    }
    org.seed(
        "Onboarding__c",
        "a01000000000002AAA",
        json!({"Account__c": BAYVIEW, "Onboarding_Completed__c": false,
               "Onboarding_Call_Scheduled_For__c": "2026-11-10", "Onboarding_Call_Completed_Date__c": "2026-11-10"}),
    );
    org
}

fn due(env: &TestEnv, org: &FakeOrg, args: &[&str]) -> std::process::Output {
    env.cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .env("TZ", "UTC")
        .args(["due", "--on", "2026-11-20"])
        .args(args)
        .output()
        .unwrap()
}

fn items(out: &std::process::Output) -> Vec<Json> {
    let j: Json = serde_json::from_slice(&out.stdout).unwrap();
    j["items"].as_array().unwrap().clone()
}

/// The item of `rule` on `record`.
fn item<'a>(items: &'a [Json], rule: &str, record: &str) -> &'a Json {
    items
        .iter()
        .find(|i| i["rule"] == rule && i["record"] == record)
        .unwrap_or_else(|| panic!("no {rule} on {record}: {items:#?}"))
}

#[test]
fn n3_e5_e10_e9_o3_o8_d2_f5_t5_each_at_its_edge() {
    let env = TestEnv::new();
    let org = book();
    let out = due(&env, &org, &["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let all = items(&out);
    let list = &all;
    // N3: last note Monday, evaluated Friday: 3 business days late.
    let n3 = item(list, "N3", "500000000000001AAA");
    assert_eq!(
        (&n3["state"], &n3["due"], &n3["business_days_late"]),
        (&json!("late"), &json!("2026-11-17"), &json!(3))
    );
    assert_eq!(n3["account_id"], ACME);
    assert_eq!(n3["account_name"], "Acme Family Clinic");
    assert_eq!(n3["csm"], "Maria Lopez");
    assert!(
        n3["command"]
            .as_str()
            .unwrap()
            .starts_with("cs escalate note --from-org --set case_id=00001"),
        "{n3}"
    );
    // N3: a note the previous business day: today's is due today.
    let n3 = item(list, "N3", "500000000000002AAA");
    assert_eq!(
        (&n3["state"], &n3["business_days_late"]),
        (&json!("today"), &json!(0))
    );
    // N3: a note two business days ago (Wednesday): late 1.
    let n3 = item(list, "N3", "500000000000003AAA");
    assert_eq!(
        (&n3["state"], &n3["due"], &n3["business_days_late"]),
        (&json!("late"), &json!("2026-11-19"), &json!(1))
    );
    // E5: created Wednesday 14:00: due Wednesday, late 2 (Wednesday, Thursday).
    let e5 = item(list, "E5", "500000000000003AAA");
    assert_eq!(
        (&e5["state"], &e5["due"], &e5["business_days_late"]),
        (&json!("late"), &json!("2026-11-18"), &json!(2))
    );
    assert_eq!(e5["csm"], "Jordan Lee");
    // E5: created after business hours on Thursday: due Friday.
    let e5 = item(list, "E5", "500000000000004AAA");
    assert_eq!(
        (&e5["state"], &e5["due"]),
        (&json!("today"), &json!("2026-11-20"))
    );
    // E10: ten business days from Tuesday 11/03, Veterans Day skipped.
    let e10 = item(list, "E10", "500000000000001AAA");
    assert_eq!(
        (&e10["due"], &e10["business_days_late"]),
        (&json!("2026-11-18"), &json!(2))
    );
    // E9: the Wednesday meeting after Monday's move passed.
    let e9 = item(list, "E9", "500000000000005AAA");
    assert_eq!(
        (&e9["state"], &e9["due"]),
        (&json!("late"), &json!("2026-11-18"))
    );
    // O8: the Failed to OB case on its 30th day; O3: the call next Tuesday.
    let o8 = item(list, "O8", "500000000000007AAA");
    assert_eq!(
        (&o8["state"], &o8["account_id"]),
        (&json!("today"), &json!(BAYVIEW))
    );
    let o3 = item(list, "O3", "a01000000000001AAA");
    assert_eq!(
        (&o3["state"], &o3["due"]),
        (&json!("upcoming"), &json!("2026-11-24"))
    );
    // F5: the offboarding email today; a sent one is done.
    let f5 = item(list, "F5", "500000000000008AAA");
    assert_eq!(
        (&f5["state"], &f5["account_id"]),
        (&json!("today"), &json!(ACME))
    );
    assert!(
        f5["what"]
            .as_str()
            .unwrap()
            .contains("it takes effect on 2026-11-25"),
        "{f5}"
    );
    assert!(!list.iter().any(|i| i["record"] == "500000000000009AAA"));
    // T5: the handover the business day after the transition, the new
    // CSM's; a done one is not listed.
    let t5 = item(list, "T5", BAYVIEW);
    assert_eq!(
        (&t5["state"], &t5["due"], &t5["csm"]),
        (&json!("late"), &json!("2026-11-19"), &json!("Jordan Lee"))
    );
    assert!(
        !list
            .iter()
            .any(|i| i["rule"] == "T5" && i["record"] == ACME)
    );
    // D2: Day 4 four days after the assignment, then a business day;
    // Thanksgiving moves Acme's to Friday.
    let d2 = item(list, "D2", "a01000000000003AAA");
    assert_eq!(
        (&d2["state"], &d2["due"], &d2["business_days_late"]),
        (&json!("late"), &json!("2026-11-16"), &json!(4))
    );
    assert!(
        d2["what"]
            .as_str()
            .unwrap()
            .starts_with("Day 4 of DCSM Account Onboarding and Adoption")
    );
    let d2 = item(list, "D2", "a01000000000004AAA");
    assert_eq!(
        (&d2["state"], &d2["due"]),
        (&json!("upcoming"), &json!("2026-11-27"))
    );
    // A closed case, a held call: no duty.
    assert!(!list.iter().any(|i| i["record"] == "500000000000006AAA"));
    assert!(!list.iter().any(|i| i["record"] == "a01000000000002AAA"));
    // Three objects, Case, Onboarding__c and Account: one query each for
    // the whole book.
    let cases = org
        .with(|s| s.soql_log.clone())
        .iter()
        .filter(|(_, q)| q.contains(" FROM Case"))
        .count();
    assert_eq!(cases, 1);
    // --within 1: next Tuesday is beyond Monday.
    let out = due(&env, &org, &["--format", "json", "--within", "1"]);
    assert!(!items(&out).iter().any(|i| i["rule"] == "O3"));
}

#[test]
fn one_csm_by_email_or_name_and_fail_on_late() {
    let env = TestEnv::new();
    let org = book();
    let out = due(
        &env,
        &org,
        &["--format", "json", "--csm", "JORDAN@medtrainer.test"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let jordan = items(&out);
    assert!(
        !jordan.is_empty() && jordan.iter().all(|i| i["csm"] == "Jordan Lee"),
        "{jordan:#?}"
    );
    let out = due(&env, &org, &["--format", "json", "--csm", "maria lopez"]);
    assert!(items(&out).iter().all(|i| i["csm"] == "Maria Lopez"));
    // A scheduler's check: exit 1 when anything is late, the list printed.
    let out = due(&env, &org, &["--format", "json", "--fail-on", "late"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!items(&out).is_empty());
    assert!(
        stderr(&out).contains("late (--fail-on late)"),
        "{}",
        stderr(&out)
    );
}

/// The text groups per CSM with their counts; the CSV is one row an item
/// as a spreadsheet reads it.
#[test]
fn text_and_csv() {
    let env = TestEnv::new();
    let org = book();
    let out = due(&env, &org, &["--format", "text", "--team"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Jordan Lee <jordan@medtrainer.test>: 4 late, 3 due today, 0 coming"),
        "{text}"
    );
    assert!(
        text.contains("Maria Lopez <maria@medtrainer.test>: "),
        "{text}"
    );
    assert!(text.contains("late 3 days"), "{text}");
    // Each command on one line of its own, to be copied.
    assert!(
        text.lines().any(|l| l.trim_start().ends_with(". cs escalate advance --set case_id=00003 --set current_status=new --set status=call_scheduled")),
        "{text}"
    );
    let out = due(&env, &org, &["--format", "csv"]);
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    for c in [
        "account_id",
        "account_name",
        "csm",
        "rule",
        "what",
        "due",
        "state",
        "business_days_late",
        "record",
        "command",
    ] {
        assert!(headers.iter().any(|h| h == c), "{c}: {headers:?}");
    }
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        items(&due(&env, &org, &["--format", "json"])).len()
    );
}

/// `cs org snapshot --due` keeps what the duties read: `cs due --org FILE`
/// answers the same with no connection.
#[test]
fn a_snapshot_answers_offline() {
    let env = TestEnv::new();
    let org = book();
    let out = env
        .cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["org", "snapshot", "--due", "--out", "book.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("records the duties read"),
        "{}",
        stderr(&out)
    );
    let live = items(&due(&env, &org, &["--format", "json"]));
    let out = env
        .cs()
        .env("TZ", "UTC")
        .args([
            "due",
            "--on",
            "2026-11-20",
            "--org",
            "book.json",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(items(&out), live);
    // A snapshot taken without --due says how to take one.
    let out = env
        .cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .args(["org", "snapshot", ACME, "--out", "acme.json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = env
        .cs()
        .args(["due", "--org", "acme.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cs org snapshot --due"),
        "{}",
        stderr(&out)
    );
}

/// `--format ics`: a calendar another iCalendar parser reads, one all-day
/// event an item on its due day, each with its own UID.
#[test]
fn ics_is_a_calendar_another_parser_reads() {
    let env = TestEnv::new();
    let org = book();
    // Twenty business days ahead: D2's Day 4 and Day 30 of one record are
    // two events, each with its own UID.
    let list = items(&due(&env, &org, &["--format", "json", "--within", "20"]));
    assert!(
        list.iter()
            .filter(|i| i["record"] == "a01000000000003AAA")
            .count()
            == 2
    );
    let out = due(&env, &org, &["--format", "ics", "--within", "20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(out.stdout.as_slice()));
    let cal = parser.next().expect("one calendar").expect("parses");
    assert!(parser.next().is_none());
    assert_eq!(cal.events.len(), list.len());
    let prop = ics_prop;
    for (ev, item) in cal.events.iter().zip(&list) {
        let due = item["due"].as_str().unwrap().replace('-', "");
        assert_eq!(prop(ev, "DTSTART"), due);
        assert!(prop(ev, "SUMMARY").starts_with(&format!("[{}] ", item["rule"].as_str().unwrap())));
    }
    let uids: std::collections::HashSet<String> =
        cal.events.iter().map(|e| prop(e, "UID")).collect();
    assert_eq!(uids.len(), list.len());
}

/// Reads for a book: one query per object; above 2,000 records, the first
/// REST page says so and one Bulk API query job reads the object's book
/// (never 2,000-record REST pages one after another).
#[test]
fn a_large_book_is_read_by_one_bulk_job_per_object() {
    let env = TestEnv::new();
    let org = book();
    for n in 0..2_100 {
        org.seed(
            "Case",
            &format!("5001{n:011}AAA"),
            json!({"AccountId": ACME, "IsClosed": false, "RecordTypeId": ESCALATIONS,
                   "CaseNumber": format!("1{n:05}"), "Status": "Call Completed",
                   "CreatedDate": "2026-11-18T15:00:00.000+0000",
                   "Escalation_Notes__c": "11/18/26_MM:Called"}),
        );
    }
    let before = org.with(|s| s.soql_log.len());
    let out = due(&env, &org, &["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list = items(&out);
    assert!(
        list.iter().filter(|i| i["rule"] == "N3").count() > 2_100,
        "every case's note"
    );
    let log: Vec<(&str, String)> = org.with(|s| s.soql_log[before..].to_vec());
    let of = |object: &str, how: &str| {
        log.iter()
            .filter(|(h, q)| {
                *h == how
                    && (q.contains(&format!(" FROM {object} "))
                        || q.ends_with(&format!(" FROM {object}")))
            })
            .count()
    };
    assert_eq!((of("Case", "rest"), of("Case", "bulk")), (1, 1), "{log:#?}");
    assert_eq!(
        (of("Onboarding__c", "rest"), of("Onboarding__c", "bulk")),
        (1, 0)
    );
    let j: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["records_read"]["Case"], json!(2_100 + 8));
}

/// `--slack`: the team's digest, posted to the webhook's channel once a
/// day through the engine's ledger: a second run that day posts nothing,
/// nor does a second of two runs at once; the next day posts again. It
/// keeps within Block Kit's limits and names the late.
#[test]
fn the_digest_is_posted_once_a_day() {
    let env = TestEnv::new();
    let org = book();
    let digest = |on: &str| {
        let mut c = env.std_cs();
        c.env("SF_INSTANCE_URL", &org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .env("SLACK_WEBHOOK_URL", org.webhook())
            .env("TZ", "UTC")
            .args(["due", "--on", on, "--team", "--slack", "--format", "json"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        c
    };
    let out = digest("2026-11-20").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("posted the digest of 2026-11-20"),
        "{}",
        stderr(&out)
    );
    let posts = org.with(|s| s.slack_posts.clone());
    assert_eq!(posts.len(), 1);
    let text = posts[0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("What is due on Friday, November 20, 2026: 7 late"),
        "{text}"
    );
    let blocks = posts[0]["blocks"].as_array().unwrap();
    assert!(blocks.len() <= 50);
    assert!(
        blocks.iter().any(|b| b["text"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("*Jordan Lee*: 4 late, 3 due today"))),
        "{blocks:#?}"
    );
    // The same day again: nothing.
    let out = digest("2026-11-20").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("was posted to this channel already"),
        "{}",
        stderr(&out)
    );
    assert_eq!(org.with(|s| s.slack_posts.len()), 1);
    // Two runs at once on another day: one post.
    let a = digest("2026-11-23").spawn().unwrap();
    let b = digest("2026-11-23").spawn().unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success() && b.status.success());
    assert_eq!(org.with(|s| s.slack_posts.len()), 2, "one post for 11/23");
}

/// The PHI guard reads the digest before it leaves: a patient identifier in
/// an account name stops it, and nothing is posted.
#[test]
fn the_digest_keeps_patient_data_out_of_slack() {
    let env = TestEnv::new();
    let org = book();
    org.state.lock().unwrap().records.iter_mut().for_each(|r| {
        if r.id == BAYVIEW {
            r.fields
                .insert("Name".into(), json!("Bayview Dental SSN 123-45-6789"));
        }
    });
    let out = env
        .cs()
        .env("SF_INSTANCE_URL", &org.url)
        .env("SF_ACCESS_TOKEN", TOKEN)
        .env("SLACK_WEBHOOK_URL", org.webhook())
        .args(["due", "--on", "2026-11-20", "--slack", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the digest would post patient data to Slack"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("123-45-6789"));
    assert_eq!(org.with(|s| s.slack_posts.len()), 0);
}

/// What a probe from outside found, each closed: a mistyped `--csm` is an
/// error (not an empty list a scheduler passes); a record's values are
/// quoted as shell words in the commands; a date that is not one is said,
/// not dropped in silence; the latest note counts whatever the order of
/// the notes; one CSM's list is not posted as the team's digest.
#[test]
fn a_typo_a_hostile_value_and_an_unreadable_date_are_caught() {
    let env = TestEnv::new();
    let org = book();
    let out = due(
        &env,
        &org,
        &["--csm", "jordn@medtrainer.test", "--fail-on", "late"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "--csm 'jordn@medtrainer.test' is no CSM of the book and no active user of the org"
        ),
        "{}",
        stderr(&out)
    );
    // A user with no duty: an empty list, no error.
    let out = due(
        &env,
        &org,
        &["--format", "json", "--csm", "sam.park@medtrainer.test"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(items(&out).is_empty());

    org.seed(
        "Case",
        "500000000000010AAA",
        json!({"AccountId": BAYVIEW, "IsClosed": false, "RecordTypeId": ESCALATIONS,
               "CaseNumber": "00010; touch pwned #", "Status": "New",
               "CreatedDate": "2026-11-20T15:00:00.000+0000",
               "Escalation_Notes__c": "11/19/26_JL:b\n11/10/26_JL:a"}),
    );
    org.seed(
        "Case",
        "500000000000011AAA",
        json!({"AccountId": BAYVIEW, "IsClosed": false, "RecordTypeId": ESCALATIONS,
               "CaseNumber": "00011", "Status": "New", "CreatedDate": "soon"}),
    );
    let out = due(&env, &org, &["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list = items(&out);
    let e5 = item(&list, "E5", "500000000000010AAA");
    assert_eq!(
        e5["command"],
        "cs escalate advance --set case_id='00010; touch pwned #' --set current_status=new --set status=call_scheduled"
    );
    // Newest first in the field: the latest note (11/19) counts.
    let n3 = item(&list, "N3", "500000000000010AAA");
    assert_eq!(
        (&n3["state"], &n3["due"]),
        (&json!("today"), &json!("2026-11-20"))
    );
    assert!(
        stderr(&out).contains("E5: 1 Case record left out: CreatedDate holds no date cs can read"),
        "{}",
        stderr(&out)
    );
    assert!(
        !list
            .iter()
            .any(|i| i["record"] == "500000000000011AAA" && i["rule"] == "E5")
    );
    let out = due(&env, &org, &["--csm", "jordan@medtrainer.test", "--slack"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
