//! A test Recurly on 127.0.0.1, answering as Recurly's API v3 reference
//! (version v2021-02-25, recurly.com/developers/api/v2021-02-25, and the
//! OpenAPI file of Recurly's own clients) says, for the calls cs makes:
//!
//! - `GET /accounts/code-{code}` (`get_account`): the account, or 404
//!   `{"error": {"type": "not_found", ...}}`;
//! - `GET /accounts/{id}/invoices?state=...` (`list_account_invoices`) and
//!   `GET /accounts/{id}/subscriptions?state=...`
//!   (`list_account_subscriptions`): `{"object": "list", "has_more", "next",
//!   "data"}`, pages of `limit` records (at most 200, default 20; a smaller
//!   cap can be set to force pages), `next` a path with a `cursor`;
//! - `GET /invoices?state=...` and `GET /subscriptions?state=...`
//!   (`list_invoices`, `list_subscriptions`): the same lists for the whole
//!   site, each record naming its account (`account`, an `AccountMini`);
//! - `HEAD` of a list: no body, and `Recurly-Total-Records` counting what
//!   the list holds ("Counting with HEAD");
//! - an account says `has_past_due_invoice` and `has_active_subscription`;
//! - every request needs `Accept: application/vnd.recurly.v2021-02-25+json`
//!   (else 406 `invalid_api_version`) and HTTP Basic with the key as user
//!   name: none is 401 `unauthorized`, another key 403 `invalid_api_key`
//!   (the error catalog puts `invalid_api_key` under Forbidden);
//! - every answer carries `X-RateLimit-Limit`, `-Remaining` and `-Reset`
//!   (epoch seconds); a spent limit is 429 `rate_limited`.

use base64::Engine;
use serde_json::{Value as Json, json};
use std::io::Write;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

pub const RECURLY_KEY: &str = "rk-test-7f3a9c2e5b8d41f6a0c3e9b27d5f1a84";

#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub code: String,
    pub state: String,
}

#[derive(Debug, Clone)]
pub struct Invoice {
    pub account_id: String,
    pub number: u64,
    pub state: String,
}

#[derive(Debug, Clone)]
pub struct Subscription {
    pub account_id: String,
    pub plan: String,
    pub quantity: u64,
    pub auto_renew: bool,
    pub state: String,
}

#[derive(Default)]
pub struct State {
    pub accounts: Vec<Account>,
    pub invoices: Vec<Invoice>,
    pub subscriptions: Vec<Subscription>,
    /// The most records a page holds, whatever `limit` asks (to force pages).
    pub page_cap: Option<usize>,
    /// Requests left before the rate limit is spent (None: never).
    pub remaining: Option<u64>,
    /// When the limit resets, in seconds from now (the header gives it as
    /// epoch seconds); a spent limit refills at the first request after it.
    pub reset_in: u64,
    reset_at: u64,
    /// "GET /path?query" of each request, and the Accept headers sent.
    pub requests: Vec<String>,
    /// How many requests were refused with 429.
    pub refused: usize,
    /// Faults: subscriptions whose quantity is text; list pages that
    /// always have more, the same `next` each time.
    pub text_quantity: bool,
    pub endless: bool,
    pub authorizations: Vec<String>,
}

pub struct FakeRecurly {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

impl FakeRecurly {
    pub fn start() -> Self {
        let state = Arc::new(Mutex::new(State {
            reset_in: 300,
            ..Default::default()
        }));
        let url = listen(&state, serve);
        Self { url, state }
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }

    /// An account with `past_due` past-due invoices (and a paid one), and
    /// its active subscriptions (plan, quantity, auto-renew).
    pub fn account(&self, code: &str, state: &str, past_due: u64, subs: &[(&str, u64, bool)]) {
        self.with(|s| {
            let id = format!("acct{:08}", s.accounts.len() + 1);
            s.accounts.push(Account {
                id: id.clone(),
                code: code.into(),
                state: state.into(),
            });
            let base = s.invoices.len() as u64;
            for n in 0..past_due {
                s.invoices.push(Invoice {
                    account_id: id.clone(),
                    number: 1000 + base + n,
                    state: "past_due".into(),
                });
            }
            s.invoices.push(Invoice {
                account_id: id.clone(),
                number: 1000 + base + past_due,
                state: "paid".into(),
            });
            for (plan, quantity, auto_renew) in subs {
                s.subscriptions.push(Subscription {
                    account_id: id.clone(),
                    plan: plan.to_string(),
                    quantity: *quantity,
                    auto_renew: *auto_renew,
                    state: "active".into(),
                });
            }
        });
    }
}

use super::salesforce::{Request, listen, read_request};

fn error(status: u16, kind: &str, message: &str) -> (u16, Json) {
    (status, json!({"error": {"type": kind, "message": message}}))
}

fn serve(mut conn: TcpStream, st: &Arc<Mutex<State>>, _base: &str) {
    let Some(req) = read_request(&conn) else {
        return;
    };
    let (status, body, reset, remaining, total) = {
        let mut s = st.lock().unwrap();
        s.requests.push(format!("{} {}", req.method, req.target));
        s.authorizations.push(
            req.headers
                .get("authorization")
                .cloned()
                .unwrap_or_default(),
        );
        let t = now();
        if s.reset_at == 0 {
            s.reset_at = t + s.reset_in;
        } else if s.reset_at <= t {
            // A new window: a spent limit is whole again.
            if s.remaining == Some(0) {
                s.remaining = None;
            }
            s.reset_at = t + s.reset_in;
        }
        let spent = s.remaining == Some(0);
        if let Some(r) = s.remaining.as_mut() {
            *r = r.saturating_sub(1);
        }
        let (status, body) = if spent {
            s.refused += 1;
            error(
                429,
                "rate_limited",
                "You have made too many API requests in the last 5 minutes.",
            )
        } else {
            answer(&s, &req)
        };
        // HEAD of a list: its count, and no body.
        let total = (req.method == "HEAD" && status == 200).then(|| {
            format!(
                "Recurly-Total-Records: {}\r\n",
                body["data"].as_array().map_or(0, Vec::len)
            )
        });
        (status, body, s.reset_at, s.remaining.unwrap_or(999), total)
    };
    let body = if total.is_some() {
        String::new()
    } else {
        body.to_string()
    };
    let reason = match status {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        406 => "Not Acceptable",
        429 => "Too Many Requests",
        _ => "Status",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/vnd.recurly.v2021-02-25+json; charset=utf-8\r\nRecurly-Version: recurly.v2021-02-25\r\nX-RateLimit-Limit: 1000\r\nX-RateLimit-Remaining: {remaining}\r\nX-RateLimit-Reset: {reset}\r\n{}Content-Length: {}\r\nConnection: close\r\n\r\n",
        total.unwrap_or_default(),
        body.len()
    );
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(body.as_bytes());
    let _ = conn.flush();
}

fn answer(s: &State, req: &Request) -> (u16, Json) {
    if req.headers.get("accept").map(String::as_str)
        != Some("application/vnd.recurly.v2021-02-25+json")
    {
        return error(
            406,
            "invalid_api_version",
            "That accept header isn't in the format we use to specify an API version.",
        );
    }
    let Some(auth) = req.headers.get("authorization") else {
        return error(401, "unauthorized", "No API key was given.");
    };
    let key = auth
        .strip_prefix("Basic ")
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    if key.as_deref() != Some(&format!("{RECURLY_KEY}:")) {
        return error(403, "invalid_api_key", "The API key provided is invalid.");
    }
    if req.method != "GET" && req.method != "HEAD" {
        return error(400, "bad_request", "cs reads only.");
    }
    let segs: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    let account = |key: &str| {
        s.accounts.iter().find(|a| match key.strip_prefix("code-") {
            Some(code) => a.code == code,
            None => a.id == key,
        })
    };
    match segs.as_slice() {
        ["accounts", key] => match account(key) {
            Some(a) => (
                200,
                json!({"id": a.id, "object": "account", "code": a.code, "state": a.state,
                       "has_past_due_invoice": s.invoices.iter().any(|i| i.account_id == a.id && i.state == "past_due"),
                       "has_active_subscription": s.subscriptions.iter().any(|x| x.account_id == a.id && x.state == "active")}),
            ),
            None => error(
                404,
                "not_found",
                &format!("Couldn't find Account with account_id = {key}"),
            ),
        },
        ["accounts", key, what @ ("invoices" | "subscriptions")] => {
            let Some(a) = account(key) else {
                return error(
                    404,
                    "not_found",
                    &format!("Couldn't find Account with account_id = {key}"),
                );
            };
            list(s, req, what, Some(&a.id))
        }
        [what @ ("invoices" | "subscriptions")] => list(s, req, what, None),
        _ => error(404, "not_found", "The requested resource was not found."),
    }
}

/// A list of invoices or subscriptions, of one account or of the site,
/// paged as Recurly pages (`limit`, `next` with a cursor).
fn list(s: &State, req: &Request, what: &str, of: Option<&str>) -> (u16, Json) {
    let state = req.query.get("state").cloned();
    let mini = |id: &str| {
        let code = s
            .accounts
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.code.clone());
        json!({"object": "account_mini", "id": id, "code": code})
    };
    let rows: Vec<Json> = if what == "invoices" {
        s.invoices
            .iter()
            .filter(|i| of.is_none_or(|a| a == i.account_id))
            .filter(|i| state.as_deref().is_none_or(|st| st == i.state))
            .map(|i| json!({"id": format!("inv{}", i.number), "object": "invoice", "number": i.number.to_string(), "state": i.state, "account": mini(&i.account_id)}))
            .collect()
    } else {
        s.subscriptions
            .iter()
            .filter(|x| of.is_none_or(|a| a == x.account_id))
            .filter(|x| state.as_deref().is_none_or(|st| st == x.state))
            .map(|x| json!({"id": format!("sub-{}", x.plan.to_lowercase().replace(' ', "-")), "object": "subscription",
                             "state": x.state, "quantity": if s.text_quantity { json!(x.quantity.to_string()) } else { json!(x.quantity) }, "auto_renew": x.auto_renew, "account": mini(&x.account_id),
                             "plan": {"object": "plan_mini", "code": x.plan.to_lowercase().replace(' ', "-"), "name": x.plan}}))
            .collect()
    };
    if req.method == "HEAD" {
        return (200, json!({"data": rows}));
    }
    let limit: usize = req
        .query
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(20)
        .clamp(1, 200)
        .min(s.page_cap.unwrap_or(200));
    let from: usize = req
        .query
        .get("cursor")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let page: Vec<Json> = rows.iter().skip(from).take(limit).cloned().collect();
    let has_more = s.endless || from + page.len() < rows.len();
    let next = has_more.then(|| {
        let mut q: Vec<String> = req
            .query
            .iter()
            .filter(|(k, _)| *k != "cursor")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        q.sort();
        q.push(format!("cursor={}", from + page.len()));
        format!("{}?{}", req.path, q.join("&"))
    });
    (
        200,
        json!({"object": "list", "has_more": has_more, "next": next, "data": page}),
    )
}
