//! The Recurly client (API v3, v2021-02-25) against a test Recurly on
//! 127.0.0.1 that answers as Recurly documents: an account by its code,
//! its past-due invoices across pages, its active subscriptions; a code
//! Recurly does not know, a refused key and a spent rate limit (F3, F6, T4).

use crate::common::recurly::{FakeRecurly, RECURLY_KEY};
use cs::recurly::{Facts, Recurly, Subscription};
use cs::salesforce::http::Http;
use std::collections::HashMap;
use std::time::Duration;

struct Vars(HashMap<&'static str, String>);

impl cs::salesforce::auth::Env for Vars {
    fn var(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}

fn vars(url: &str, key: &str) -> Vars {
    Vars(HashMap::from([
        ("RECURLY_API_URL", url.to_string()),
        ("RECURLY_API_KEY", key.to_string()),
    ]))
}

fn http() -> Http {
    Http::new(Duration::from_secs(10), false).unwrap()
}

/// F6: the past-due invoices are counted across pages (the paid one is
/// not), the state is Recurly's; F3: auto-renewal is off when no active
/// subscription renews; T4: what the account pays for.
#[test]
fn f6_f3_t4_facts_of_an_account_across_pages() {
    let server = FakeRecurly::start();
    server.account(
        "acme-family",
        "active",
        3,
        &[
            ("Learning Annual", 80, false),
            ("Compliance Annual", 80, false),
        ],
    );
    server.account("other", "active", 1, &[("Learning Monthly", 5, true)]);
    server.with(|s| s.page_cap = Some(2));
    let http = http();
    let r = Recurly::from_env(&vars(&server.url, RECURLY_KEY), &http)
        .unwrap()
        .unwrap();
    let facts = r.facts("acme-family").unwrap().unwrap();
    assert_eq!(
        facts,
        Facts {
            code: "acme-family".into(),
            state: "active".into(),
            past_due_invoices: 3,
            auto_renewal_disabled: true,
            subscriptions: vec![
                Subscription {
                    plan: "Learning Annual".into(),
                    quantity: 80,
                    auto_renew: false
                },
                Subscription {
                    plan: "Compliance Annual".into(),
                    quantity: 80,
                    auto_renew: false
                },
            ],
        }
    );
    assert_eq!(
        facts.quantities(),
        "80 × Learning Annual; 80 × Compliance Annual"
    );
    // Two pages of past-due invoices, the second by the first's `next`.
    let requests = server.with(|s| s.requests.clone());
    let invoices: Vec<&String> = requests
        .iter()
        .filter(|r| r.contains("/invoices"))
        .collect();
    assert_eq!(invoices.len(), 2, "{requests:?}");
    assert!(
        invoices[0].ends_with("/invoices?state=past_due&limit=200"),
        "{requests:?}"
    );
    assert!(invoices[1].contains("cursor=2"), "{requests:?}");
    assert_eq!(requests[0], "GET /accounts/code-acme-family");
    // HTTP Basic: the key as user name, no password.
    let auth = server.with(|s| s.authorizations[0].clone());
    use base64::Engine;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(auth.strip_prefix("Basic ").unwrap())
        .unwrap();
    assert_eq!(decoded, format!("{RECURLY_KEY}:").as_bytes());

    let other = r.facts("other").unwrap().unwrap();
    assert_eq!(
        (other.past_due_invoices, other.auto_renewal_disabled),
        (1, false)
    );
}

/// An account code Recurly does not know: no facts (the caller warns).
#[test]
fn an_unknown_account_code_has_no_facts() {
    let server = FakeRecurly::start();
    let http = http();
    let r = Recurly::from_env(&vars(&server.url, RECURLY_KEY), &http)
        .unwrap()
        .unwrap();
    assert_eq!(r.facts("nobody").unwrap(), None);
}

/// A refused key is a remote error naming RECURLY_API_KEY, with no
/// fragment of the key in it.
#[test]
fn a_refused_key_names_the_variable_and_not_the_key() {
    let server = FakeRecurly::start();
    server.account("acme-family", "active", 0, &[]);
    let http = http();
    let wrong = "rk-wrong-0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f";
    let r = Recurly::from_env(&vars(&server.url, wrong), &http)
        .unwrap()
        .unwrap();
    let e = r.facts("acme-family").unwrap_err();
    assert_eq!(e.kind, cs::error::ErrorKind::Remote);
    let shown = format!("{} {:?}", e.message, e.hint);
    assert!(
        shown.contains("Recurly refused the API key in RECURLY_API_KEY (invalid_api_key: The API key provided is invalid.)"),
        "{shown}"
    );
    for w in wrong.as_bytes().windows(cs::redact::FRAGMENT) {
        assert!(!shown.contains(std::str::from_utf8(w).unwrap()), "{shown}");
    }
    // No key set: no client, the facts stay unknown.
    let none = Vars(HashMap::new());
    assert!(Recurly::from_env(&none, &http).unwrap().is_none());
    // A key over plain http to another host is refused before anything is sent.
    let e = Recurly::from_env(&vars("http://recurly.example.com", RECURLY_KEY), &http)
        .err()
        .unwrap();
    assert!(
        e.message
            .contains("RECURLY_API_URL must be an https:// URL"),
        "{}",
        e.message
    );
}

/// What a server gets wrong is refused, not taken: a quantity that is not
/// a whole number (T4 compares the seats with the users), a list whose
/// `next` page repeats; and a RECURLY_API_URL with a user name, password
/// or path is refused before anything is sent.
#[test]
fn a_server_s_bad_answers_and_a_bad_url_are_refused() {
    let server = FakeRecurly::start();
    server.account("acme", "active", 1, &[("Learning Annual", 80, true)]);
    server.with(|s| s.text_quantity = true);
    let http = http();
    let r = Recurly::from_env(&vars(&server.url, RECURLY_KEY), &http)
        .unwrap()
        .unwrap();
    let e = r.facts("acme").unwrap_err();
    assert_eq!(e.kind, cs::error::ErrorKind::Remote);
    assert!(
        e.message
            .contains("a quantity that is not a whole number of seats (\"80\")"),
        "{}",
        e.message
    );
    server.with(|s| {
        s.text_quantity = false;
        s.endless = true;
    });
    let e = r.facts("acme").unwrap_err();
    assert!(e.message.contains("the same next page"), "{}", e.message);
    assert!(server.with(|s| s.requests.len()) < 10, "stopped at once");
    for url in [
        server.url.replace("http://", "http://user:hunter2@"),
        format!("{}/v3", server.url),
        format!("{}/?site=x", server.url),
    ] {
        let e = Recurly::from_env(&vars(&url, RECURLY_KEY), &http)
            .err()
            .unwrap_or_else(|| panic!("{url} taken"));
        assert!(e.message.starts_with("RECURLY_API_URL "), "{}", e.message);
        assert!(!e.message.contains("hunter2"), "{}", e.message);
    }
    // An empty key is no Recurly (and said so).
    assert!(
        Recurly::from_env(&vars(&server.url, " "), &http)
            .unwrap()
            .is_none()
    );
}

/// A spent rate limit: cs waits for a reset that comes soon and goes on;
/// one an hour away stops it, saying when to run again.
#[test]
fn a_spent_rate_limit_waits_for_a_near_reset_or_says_when_to_resume() {
    let server = FakeRecurly::start();
    server.account("acme-family", "active", 1, &[("Learning Annual", 10, true)]);
    server.with(|s| {
        s.remaining = Some(0);
        s.reset_in = 1;
    });
    let http = http();
    let r = Recurly::from_env(&vars(&server.url, RECURLY_KEY), &http)
        .unwrap()
        .unwrap();
    // The first answer is 429; the limit is whole again a second later.
    let facts = r.facts("acme-family").unwrap().unwrap();
    assert_eq!(facts.past_due_invoices, 1);
    let requests = server.with(|s| s.requests.clone());
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.as_str() == "GET /accounts/code-acme-family")
            .count(),
        2,
        "asked again after the reset: {requests:?}"
    );

    // An hour away: stop, and say when.
    let server2 = FakeRecurly::start();
    server2.account("acme-family", "active", 1, &[]);
    server2.with(|s| {
        s.remaining = Some(0);
        s.reset_in = 3600;
    });
    let r2 = Recurly::from_env(&vars(&server2.url, RECURLY_KEY), &http)
        .unwrap()
        .unwrap();
    let e = r2.facts("acme-family").unwrap_err();
    assert_eq!(e.kind, cs::error::ErrorKind::Remote);
    assert!(
        e.message
            .starts_with("Recurly's rate limit is spent until ")
            && e.message
                .contains("nothing more was read. Run the command again after "),
        "{}",
        e.message
    );
    assert_eq!(
        server2.with(|s| s.requests.len()),
        1,
        "no retry for an hour away"
    );
}

/// Many accounts at once (a batch, a snapshot): one request per account
/// code (Recurly reads an account only by its code), lists only of the
/// accounts that say they have past-due invoices or active subscriptions,
/// and a list of the whole site instead of one per account when Recurly
/// counts it (`HEAD`) as fewer pages; read once for every later chunk.
#[test]
fn many_accounts_are_read_with_the_fewest_requests() {
    let server = FakeRecurly::start();
    for n in 0..6u64 {
        let subs: &[(&str, u64, bool)] = if n < 5 {
            &[("Learning Annual", 10 + n, n != 2)]
        } else {
            &[]
        };
        server.account(&format!("clinic-{n}"), "active", n % 3, subs);
    }
    let http = http();
    let r = Recurly::from_env(&vars(&server.url, RECURLY_KEY), &http)
        .unwrap()
        .unwrap();
    let codes: Vec<String> = (0..6)
        .map(|n| format!("clinic-{n}"))
        .chain(["nobody".to_string()])
        .collect();
    let all = r.facts_of(&codes).unwrap();
    assert_eq!(all.len(), 7);
    assert_eq!(all["nobody"], None);
    let f = |c: &str| all[c].clone().unwrap();
    assert_eq!(
        (0..6)
            .map(|n| f(&format!("clinic-{n}")).past_due_invoices)
            .collect::<Vec<_>>(),
        [0, 1, 2, 0, 1, 2]
    );
    assert_eq!(f("clinic-4").quantities(), "14 × Learning Annual");
    assert!(f("clinic-2").auto_renewal_disabled && !f("clinic-1").auto_renewal_disabled);
    // clinic-5 has no subscription: nothing renews.
    assert!(f("clinic-5").subscriptions.is_empty() && f("clinic-5").auto_renewal_disabled);
    let requests = server.with(|s| s.requests.clone());
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.starts_with("GET /accounts/code-"))
            .count(),
        7,
        "{requests:?}"
    );
    // Four accounts have past-due invoices and five active subscriptions:
    // each list is counted, then read once for the whole site.
    let rest: Vec<&str> = requests
        .iter()
        .filter(|r| !r.starts_with("GET /accounts/code-"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        rest,
        [
            "HEAD /invoices?state=past_due",
            "GET /invoices?state=past_due&limit=200",
            "HEAD /subscriptions?state=active",
            "GET /subscriptions?state=active&limit=200",
        ],
        "{requests:?}"
    );
    // A later chunk reads only its accounts: the site's lists are known.
    let again = r
        .facts_of(&["clinic-1".to_string(), "clinic-2".to_string()])
        .unwrap();
    assert_eq!(again["clinic-2"].as_ref().unwrap().past_due_invoices, 2);
    assert_eq!(server.with(|s| s.requests.len()), requests.len() + 2);

    // One account: its own lists, no count.
    let one = FakeRecurly::start();
    one.account("solo", "active", 1, &[("Learning Annual", 3, true)]);
    let r = Recurly::from_env(&vars(&one.url, RECURLY_KEY), &http)
        .unwrap()
        .unwrap();
    r.facts("solo").unwrap().unwrap();
    let requests = one.with(|s| s.requests.clone());
    assert!(
        requests.iter().all(|r| !r.starts_with("HEAD")) && requests.len() == 3,
        "{requests:?}"
    );
}

/// A batch paces itself: when an answer says no request is left
/// (`X-RateLimit-Remaining: 0`), cs waits for the reset before the next
/// one rather than run into 429.
#[test]
fn a_batch_waits_for_the_reset_rather_than_run_into_429() {
    let server = FakeRecurly::start();
    for n in 0..4 {
        server.account(&format!("clinic-{n}"), "inactive", 0, &[]);
    }
    server.with(|s| {
        s.remaining = Some(2);
        s.reset_in = 1;
    });
    let http = http();
    let r = Recurly::from_env(&vars(&server.url, RECURLY_KEY), &http)
        .unwrap()
        .unwrap();
    let codes: Vec<String> = (0..4).map(|n| format!("clinic-{n}")).collect();
    let started = std::time::Instant::now();
    let all = r.facts_of(&codes).unwrap();
    assert!(
        all.values()
            .all(|f| f.as_ref().unwrap().state == "inactive")
    );
    // Four requests, none refused (a 429 would have been asked again).
    assert_eq!(server.with(|s| s.requests.len()), 4);
    assert!(started.elapsed() >= Duration::from_millis(500), "it waited");
}

mod from_the_command_line {
    use crate::common::practice::small_org;
    use crate::common::recurly::{FakeRecurly, RECURLY_KEY};
    use crate::common::salesforce::{FakeOrg, TOKEN};
    use crate::common::*;
    use serde_json::{Value, json};

    const ACME: &str = "001000000000001AAA";

    fn offboard(
        org: &FakeOrg,
        recurly: &FakeRecurly,
        key: &str,
        sets: &[&str],
    ) -> std::process::Output {
        let env = TestEnv::new();
        let mut c = env.cs();
        c.env("SF_INSTANCE_URL", &org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .env("RECURLY_API_URL", &recurly.url)
            .env("RECURLY_API_KEY", key)
            .args(["offboard", "--format", "json", "--account", ACME])
            .args([
                "--set",
                "case_id=500000000000001AAA",
                "--set",
                "initials=TL",
            ])
            .args([
                "--set",
                "scenario=non_renewal",
                "--set",
                "contract_end_date=2026-12-31",
            ]);
        for s in sets {
            c.args(["--set", s]);
        }
        c.output().unwrap()
    }

    /// A Recurly where the example account has `past_due` past-due
    /// invoices and a subscription that does not renew.
    fn acme_recurly(past_due: u64) -> FakeRecurly {
        let recurly = FakeRecurly::start();
        recurly.account(
            "acme-family-clinic",
            "active",
            past_due,
            &[("Learning Annual", 80, false)],
        );
        recurly
    }

    fn answers(out: &std::process::Output) -> Value {
        let p: Value = serde_json::from_slice(&out.stdout).unwrap();
        p["answers"].clone()
    }

    /// F6, F3: with --account, the Recurly account whose code the
    /// Salesforce account holds fills past_due_invoices (across two pages),
    /// recurly_status and auto_renewal_disabled; --set wins over them.
    #[test]
    fn f6_f3_offboard_account_reads_its_recurly_facts_and_set_wins() {
        let org = small_org();
        let recurly = acme_recurly(3);
        recurly.with(|s| s.page_cap = Some(2));
        let out = offboard(&org, &recurly, RECURLY_KEY, &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        let a = answers(&out);
        assert_eq!(a["recurly_account_code"], "acme-family-clinic");
        assert_eq!(a["past_due_invoices"], json!(3));
        assert_eq!(a["recurly_status"], "active");
        assert_eq!(a["auto_renewal_disabled"], json!(true));
        assert!(
            stderr(&out).contains("read Recurly account 'acme-family-clinic': 3 answers from Recurly (auto_renewal_disabled, past_due_invoices, recurly_status)."),
            "{}",
            stderr(&out)
        );
        let all = format!("{}{}", stdout(&out), stderr(&out));
        for w in RECURLY_KEY.as_bytes().windows(cs::redact::FRAGMENT) {
            assert!(!all.contains(std::str::from_utf8(w).unwrap()), "{all}");
        }
        let out = offboard(&org, &recurly, RECURLY_KEY, &["past_due_invoices=0"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(answers(&out)["past_due_invoices"], json!(0));
    }

    /// A Recurly account code given with the answers is the account read:
    /// it wins over the org's, for the facts too.
    #[test]
    fn a_code_given_with_the_answers_is_the_account_read() {
        let org = small_org();
        let recurly = acme_recurly(3);
        recurly.account("acme-east", "inactive", 0, &[]);
        let out = offboard(
            &org,
            &recurly,
            RECURLY_KEY,
            &["recurly_account_code=acme-east"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let a = answers(&out);
        assert_eq!(a["recurly_account_code"], "acme-east");
        assert_eq!(a["recurly_status"], "inactive");
        assert_eq!(a["past_due_invoices"], json!(0));
        let out = offboard(
            &org,
            &recurly,
            RECURLY_KEY,
            &["recurly_account_code=nobody"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("no account with the code 'nobody'"),
            "{}",
            stderr(&out)
        );
        assert!(answers(&out).get("recurly_status").is_none());
    }

    /// An account code Recurly does not know: named in a warning, its
    /// answers unknown, the plan made all the same.
    #[test]
    fn an_unknown_code_is_warned_and_its_answers_stay_unknown() {
        let org = small_org();
        let recurly = FakeRecurly::start();
        let out = offboard(&org, &recurly, RECURLY_KEY, &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("Recurly has no account with the code 'acme-family-clinic'"),
            "{}",
            stderr(&out)
        );
        let a = answers(&out);
        assert!(
            a.get("past_due_invoices").is_none() && a.get("recurly_status").is_none(),
            "{a}"
        );
    }

    /// A refused key stops the run (exit 3) naming RECURLY_API_KEY, and no
    /// fragment of it is printed.
    #[test]
    fn a_refused_key_exits_3_naming_the_variable() {
        let org = small_org();
        let recurly = FakeRecurly::start();
        recurly.account("acme-family-clinic", "active", 1, &[]);
        let wrong = "rk-wrong-5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b";
        let out = offboard(&org, &recurly, wrong, &[]);
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            all.contains("Recurly refused the API key in RECURLY_API_KEY"),
            "{all}"
        );
        for w in wrong.as_bytes().windows(cs::redact::FRAGMENT) {
            assert!(!all.contains(std::str::from_utf8(w).unwrap()), "{all}");
        }
    }

    /// `cs org snapshot` keeps the Recurly facts of the accounts' codes,
    /// so that `--org FILE` fills the Recurly answers offline (no key, no
    /// Salesforce); the snapshot holds no fragment of the key.
    #[test]
    fn the_snapshot_carries_the_facts_for_offline_plans() {
        let org = small_org();
        let recurly = acme_recurly(2);
        let env = TestEnv::new();
        let out = env
            .cs()
            .env("SF_INSTANCE_URL", &org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .env("RECURLY_API_URL", &recurly.url)
            .env("RECURLY_API_KEY", RECURLY_KEY)
            .args(["org", "snapshot", ACME, "--out", "snap.json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("the Recurly facts of 1 account code."),
            "{}",
            stderr(&out)
        );
        let text = std::fs::read_to_string(env.path("snap.json")).unwrap();
        let snap: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            snap["recurly"]["acme-family-clinic"]["past_due_invoices"],
            json!(2),
            "{text}"
        );
        for w in RECURLY_KEY.as_bytes().windows(cs::redact::FRAGMENT) {
            assert!(!text.contains(std::str::from_utf8(w).unwrap()));
        }
        let before = recurly.with(|s| s.requests.len());
        let out = env
            .cs()
            .args(["offboard", "--format", "json", "--account", ACME])
            .args(["--org", "snap.json"])
            .args([
                "--set",
                "case_id=500000000000001AAA",
                "--set",
                "initials=TL",
            ])
            .args(["--set", "scenario=non_renewal"])
            .args(["--set", "contract_end_date=2026-12-31"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let a = answers(&out);
        assert_eq!(a["past_due_invoices"], json!(2));
        assert_eq!(a["recurly_status"], "active");
        assert_eq!(a["auto_renewal_disabled"], json!(true));
        assert_eq!(recurly.with(|s| s.requests.len()), before, "offline");

        // Taken without a key: no facts, and the plan says nothing of Recurly.
        let out = env
            .cs()
            .env("SF_INSTANCE_URL", &org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .args(["org", "snapshot", ACME, "--out", "plain.json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).contains("no Recurly facts (RECURLY_API_KEY is not set)"));
        let plain: Value =
            serde_json::from_str(&std::fs::read_to_string(env.path("plain.json")).unwrap())
                .unwrap();
        assert!(plain.get("recurly").is_none());
    }
}

/// E1: an account past due in Recurly proposes the past-due trigger in
/// `cs escalate --account`: taken when no trigger is given, and a warning
/// of the plan when the triggers given leave it out; none without
/// past-due invoices.
#[test]
fn e1_an_account_past_due_in_recurly_proposes_the_trigger() {
    use crate::common::practice::small_org;
    use crate::common::salesforce::TOKEN;
    use crate::common::*;
    let org = small_org();
    let env = TestEnv::new();
    std::fs::write(
        env.path("rest.yaml"),
        "reason: Pricing Issues\nsecondary_reasons: [Too expensive]\n\
         description: \"11/20/26_MM: Customer called about the invoices\"\n\
         directives: \"11/20/26_MM: Offer a payment plan\"\n",
    )
    .unwrap();
    let escalate = |recurly: &FakeRecurly, extra: &[&str]| {
        let out = env
            .cs()
            .env("SF_INSTANCE_URL", &org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .env("RECURLY_API_URL", &recurly.url)
            .env("RECURLY_API_KEY", RECURLY_KEY)
            .args(["escalate", "--account", "001000000000001AAA"])
            .args(["--answers", "rest.yaml", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let past_due = FakeRecurly::start();
    past_due.account(
        "acme-family-clinic",
        "active",
        2,
        &[("Learning Annual", 80, true)],
    );
    let plan = escalate(&past_due, &[]);
    assert_eq!(plan["answers"]["past_due_invoices"], 2);
    assert_eq!(plan["answers"]["triggers"], serde_json::json!(["past_due"]));
    let warned = |plan: &serde_json::Value| {
        plan["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("'Account past due' is proposed (past_due_invoices > 0) but not among the answers; add past_due to triggers"))
    };
    assert!(!warned(&plan), "{}", plan["warnings"]);
    assert!(
        plan["warnings"].as_array().unwrap().iter().any(|w| w
            .as_str()
            .unwrap()
            .contains("'Account past due' is proposed (past_due_invoices > 0) and was taken, as no answer was given")),
        "{}",
        plan["warnings"]
    );
    let plan = escalate(&past_due, &["--set", "triggers=[upset]"]);
    assert_eq!(plan["answers"]["triggers"], serde_json::json!(["upset"]));
    assert!(warned(&plan), "{}", plan["warnings"]);

    // Nothing past due: no proposal, so the trigger must be given.
    let paid = FakeRecurly::start();
    paid.account(
        "acme-family-clinic",
        "active",
        0,
        &[("Learning Annual", 80, true)],
    );
    let plan = escalate(&paid, &["--set", "triggers=[upset]"]);
    assert_eq!(plan["answers"]["past_due_invoices"], 0);
    assert!(!warned(&plan), "{}", plan["warnings"]);
}

/// T4: `cs transition --account` with a Recurly: the checklist says what
/// the account pays for, to compare with the users in the system; none
/// without a Recurly.
#[test]
fn t4_the_transition_checklist_shows_what_the_account_pays_for() {
    use crate::common::practice::small_org;
    use crate::common::salesforce::TOKEN;
    use crate::common::*;
    let org = small_org();
    let recurly = FakeRecurly::start();
    recurly.account(
        "acme-family-clinic",
        "active",
        0,
        &[
            ("Learning Annual", 80, true),
            ("Compliance Annual", 75, true),
        ],
    );
    let env = TestEnv::new();
    let transition = |with_recurly: bool| {
        let mut c = env.cs();
        c.env("SF_INSTANCE_URL", &org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .args([
                "transition",
                "--format",
                "json",
                "--account",
                "001000000000001AAA",
            ])
            .args(["--set", "to_csm=Jordan Lee", "--set", "reason=leave"])
            .args(["--set", "users_paid=80"]);
        if with_recurly {
            c.env("RECURLY_API_URL", &recurly.url)
                .env("RECURLY_API_KEY", RECURLY_KEY);
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let plan = transition(true);
    assert_eq!(
        plan["answers"]["subscriptions"],
        "80 × Learning Annual; 75 × Compliance Annual"
    );
    let t4 = checklist(&plan, "T4");
    assert!(
        t4.contains(&"Recurly: Acme Family Clinic pays for 80 × Learning Annual; 75 × Compliance Annual. Compare with the users in the system (80 users paid for) and note any discrepancy on the checklist."),
        "{t4:?}"
    );
    let without = transition(false);
    let t4 = checklist(&without, "T4");
    assert!(t4.iter().all(|t| !t.starts_with("Recurly")), "{t4:?}");
}

/// The batches with `--org`: every row's Recurly facts, read for the whole
/// chunk together and within Recurly's rate limit (F3, F6, T4).
mod batches {
    use crate::common::practice::{recurly_code, seed_account, small_org};
    use crate::common::recurly::{FakeRecurly, RECURLY_KEY};
    use crate::common::salesforce::{FakeOrg, TOKEN};
    use crate::common::*;

    fn run(
        env: &TestEnv,
        org: &FakeOrg,
        recurly: &FakeRecurly,
        args: &[&str],
    ) -> std::process::Output {
        env.cs()
            .env("SF_INSTANCE_URL", &org.url)
            .env("SF_ACCESS_TOKEN", TOKEN)
            .env("RECURLY_API_URL", &recurly.url)
            .env("RECURLY_API_KEY", RECURLY_KEY)
            .args(args)
            .output()
            .unwrap()
    }

    fn read(env: &TestEnv, name: &str) -> String {
        std::fs::read_to_string(env.path("out").join(name)).unwrap()
    }

    /// The cells of column `name` of a CSV, by the first column.
    fn column(text: &str, name: &str) -> Vec<(String, String)> {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let c = r.headers().unwrap().iter().position(|h| h == name).unwrap();
        r.records()
            .map(|x| {
                let x = x.unwrap();
                (x[0].to_string(), x[c].to_string())
            })
            .collect()
    }

    /// F6, F3: `cs offboard batch --org` fills each row's past-due
    /// invoices, Recurly status and auto-renewal from Recurly, the CSV's
    /// own cells winning; one unknown code is warned and its row stays
    /// unknown (not rejected).
    #[test]
    fn f6_f3_offboard_batch_org_fills_every_row_from_recurly() {
        let env = TestEnv::new();
        let org = small_org();
        seed_account(&org, 2, "Bayview Dental");
        seed_account(&org, 3, "Cedar Pediatrics");
        seed_account(&org, 4, "Dover Clinic");
        let recurly = FakeRecurly::start();
        recurly.account(
            &recurly_code("Acme Family Clinic"),
            "active",
            2,
            &[("Learning Annual", 80, false)],
        );
        // The code the CSV gives for Dover, not the org's.
        recurly.account("acme-east", "inactive", 1, &[]);
        recurly.account(
            &recurly_code("Bayview Dental"),
            "inactive",
            0,
            &[("Learning Annual", 25, true)],
        );
        std::fs::write(
            env.path("accounts.csv"),
            "account_id,case_id,initials,scenario,past_due_invoices,recurly_account_code\n\
             001000000000001AAA,00001234,TL,unresponsive_past_due,,\n\
             001000000000002AAA,00001235,TL,cancellation,,\n\
             001000000000003AAA,00001236,TL,cancellation,5,\n\
             001000000000004AAA,00001237,TL,cancellation,,acme-east\n",
        )
        .unwrap();
        let out = run(
            &env,
            &org,
            &recurly,
            &[
                "--today",
                "2026-11-20",
                "offboard",
                "batch",
                "accounts.csv",
                "--org",
                "--out",
                "out",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("4 accounts read from"),
            "{}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("Recurly has no account with the code 'cedar-pediatrics'"),
            "{}",
            stderr(&out)
        );
        let plans: Vec<serde_json::Value> = read(&env, "plans.jsonl")
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let answer = |i: usize, k: &str| plans[i]["plan"]["answers"][k].clone();
        assert_eq!(answer(0, "past_due_invoices"), 2);
        assert_eq!(answer(0, "recurly_status"), "active");
        assert_eq!(answer(0, "auto_renewal_disabled"), true);
        assert_eq!(answer(1, "recurly_status"), "inactive");
        assert_eq!(answer(1, "auto_renewal_disabled"), false);
        assert_eq!(answer(1, "past_due_invoices"), 0);
        // Recurly does not know Cedar: what the CSV says stays, the rest unknown.
        assert_eq!(answer(2, "past_due_invoices"), 5);
        assert!(answer(2, "recurly_status").is_null());
        assert_eq!(answer(3, "recurly_account_code"), "acme-east");
        assert_eq!(answer(3, "recurly_status"), "inactive");
        assert_eq!(answer(3, "past_due_invoices"), 1);
        let requests = recurly.with(|s| s.requests.clone());
        assert_eq!(
            requests
                .iter()
                .filter(|r| r.starts_with("GET /accounts/code-"))
                .count(),
            4,
            "{requests:?}"
        );
        assert!(
            !requests.iter().any(|r| r.contains("dover-clinic")),
            "{requests:?}"
        );
        assert!(requests.len() <= 4 + 4, "{requests:?}");
    }

    /// T4: `cs transition batch --org` writes what each account pays for
    /// in cs-ops.csv; 300 accounts under a rate limit of 120 requests a
    /// window: cs waits for the reset when the answers say none is left,
    /// is never refused, and reads each account once.
    #[test]
    fn t4_transition_batch_org_reads_recurly_within_its_rate_limit() {
        let env = TestEnv::new();
        let org = small_org();
        let recurly = FakeRecurly::start();
        let mut csv = String::from("account_id,to_csm,reason\n");
        for n in 1..=300usize {
            let name = if n == 1 {
                "Acme Family Clinic".to_string()
            } else {
                format!("Clinic {n}")
            };
            if n > 1 {
                seed_account(&org, n, &name);
            }
            let subs: &[(&str, u64, bool)] = if n % 3 == 0 {
                &[]
            } else {
                &[("Learning Annual", n as u64, true)]
            };
            recurly.account(&recurly_code(&name), "active", (n % 2) as u64, subs);
            csv.push_str(&format!("001{n:012}AAA,Jordan Lee,workload_balancing\n"));
        }
        std::fs::write(env.path("moves.csv"), csv).unwrap();
        recurly.with(|s| {
            s.remaining = Some(120);
            s.reset_in = 2;
        });
        let out = run(
            &env,
            &org,
            &recurly,
            &["transition", "batch", "moves.csv", "--org", "--out", "out"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("Recurly's rate limit is spent: waiting"),
            "{}",
            stderr(&out)
        );
        let subs = column(&read(&env, "cs-ops.csv"), "subscriptions");
        assert_eq!(subs.len(), 300);
        assert_eq!(
            subs[0],
            (
                "001000000000001AAA".to_string(),
                "1 × Learning Annual".to_string()
            )
        );
        assert_eq!(subs[1].1, "2 × Learning Annual");
        assert_eq!(subs[2].1, "", "no active subscription");
        let (refused, requests) = recurly.with(|s| (s.refused, s.requests.clone()));
        assert_eq!(refused, 0, "paced, never refused");
        assert_eq!(
            requests
                .iter()
                .filter(|r| r.starts_with("GET /accounts/code-"))
                .count(),
            300
        );
        // Active subscriptions: 200 accounts have some, read as one list of
        // the site (1 page), not 200 lists.
        assert!(
            requests
                .iter()
                .filter(|r| r.contains("/subscriptions"))
                .count()
                <= 2,
            "{:?}",
            requests
                .iter()
                .filter(|r| r.contains("/subscriptions"))
                .collect::<Vec<_>>()
        );
    }

    /// A limit that resets in an hour stops the batch before it writes
    /// anything, saying when to run it again (exit 3).
    #[test]
    fn a_limit_spent_for_an_hour_stops_the_batch_with_nothing_written() {
        let env = TestEnv::new();
        let org = small_org();
        seed_account(&org, 2, "Bayview Dental");
        let recurly = FakeRecurly::start();
        recurly.account(&recurly_code("Acme Family Clinic"), "active", 1, &[]);
        recurly.account(&recurly_code("Bayview Dental"), "active", 1, &[]);
        recurly.with(|s| {
            s.remaining = Some(1);
            s.reset_in = 3600;
        });
        std::fs::write(
            env.path("moves.csv"),
            "account_id,to_csm,reason\n001000000000001AAA,Jordan Lee,leave\n001000000000002AAA,Jordan Lee,leave\n",
        )
        .unwrap();
        let out = run(
            &env,
            &org,
            &recurly,
            &["transition", "batch", "moves.csv", "--org", "--out", "out"],
        );
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("Recurly's rate limit is spent until ")
                && stderr(&out).contains("Run the command again after "),
            "{}",
            stderr(&out)
        );
        assert_eq!(recurly.with(|s| s.refused), 0, "it stopped before a 429");
        let written: Vec<_> = std::fs::read_dir(env.path("out"))
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(written.is_empty(), "{written:?}");
    }
}
