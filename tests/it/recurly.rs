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
        let recurly = FakeRecurly::start();
        recurly.account(
            "acme-family-clinic",
            "active",
            3,
            &[("Learning Annual", 80, false)],
        );
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
        let out = offboard(&org, &recurly, RECURLY_KEY, &["past_due_invoices=0"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(answers(&out)["past_due_invoices"], json!(0));
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
}
