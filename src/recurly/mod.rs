//! Recurly, read only: the billing facts the SOPs send a person to look up
//! (F6: the past-due invoices and the account's state; F3: whether
//! auto-renewal is off; E1: an account that became past due; T4: what the
//! account pays for). API v3 at version v2021-02-25, as Recurly documents
//! it (recurly.com/developers/api/v2021-02-25):
//!
//! - every request sends `Accept: application/vnd.recurly.v2021-02-25+json`
//!   and HTTP Basic with the API key as the user name and no password;
//! - an account is read by its code as `GET /accounts/code-{code}`;
//! - a list answers `{"object": "list", "has_more", "next", "data"}`, and
//!   the whole list is read by following `next` until `has_more` is false;
//! - an error answers `{"error": {"type", "message"}}`; a refused key is
//!   `unauthorized` (401) or `invalid_api_key` (403), an unknown account
//!   `not_found` (404);
//! - the rate limit is in `X-RateLimit-Limit`, `-Remaining` and `-Reset`
//!   (seconds since the UNIX epoch); over it, 429 `rate_limited`.
//!
//! Credentials: `RECURLY_API_KEY`, and `RECURLY_API_URL` (default
//! `https://v3.recurly.com`; plain http only for loopback). The key is
//! registered with [`crate::redact`] as soon as it is read.

use crate::error::Error;
use crate::redact::Secret;
use crate::salesforce::auth::Env;
use crate::salesforce::http::{CallError, Http, Policy, Reply, check_scheme};
use indexmap::IndexMap;
use reqwest::Url;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::Duration;

/// The API version every request asks for.
pub const API_VERSION: &str = "v2021-02-25";

/// Where Recurly's API is, unless `RECURLY_API_URL` says otherwise.
pub const DEFAULT_URL: &str = "https://v3.recurly.com";

/// The longest cs waits for the rate limit to reset; beyond, it stops and
/// says when to run again.
pub const MAX_RESET_WAIT: Duration = Duration::from_secs(60);

/// Records asked for per page (Recurly's most).
const PAGE: u32 = 200;

/// GETs are resent on these statuses (429 is handled apart: it waits for
/// the reset the answer names).
const POLICY: Policy = Policy {
    retry_statuses: &[500, 502, 503, 504],
    retries: 2,
};

const KEY_HINT: &str = "set RECURLY_API_KEY to a private API key of the site (Recurly: Integrations > API Credentials)";

/// What cs reads of one Recurly account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// The account code it was read by.
    pub code: String,
    /// The account's state as Recurly gives it: `active` or `inactive`.
    pub state: String,
    /// F6: how many of the account's invoices are in state `past_due`.
    pub past_due_invoices: u64,
    /// F3: true when no active subscription renews automatically.
    pub auto_renewal_disabled: bool,
    /// T4: what the account pays for: its active subscriptions.
    pub subscriptions: Vec<Subscription>,
}

/// An active subscription: its plan, quantity and renewal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub plan: String,
    pub quantity: u64,
    pub auto_renew: bool,
}

/// An active subscription as cs keeps it; an error when Recurly's answer
/// gives no whole number of seats (T4 compares them with the users).
fn subscription(s: &Json) -> Result<Subscription, Error> {
    let plan = s["plan"]["name"]
        .as_str()
        .or(s["plan"]["code"].as_str())
        .unwrap_or_default()
        .to_string();
    let quantity = match &s["quantity"] {
        // Recurly's default quantity.
        Json::Null => 1,
        q => q
            .as_u64()
            .filter(|&n| n <= MAX_QUANTITY)
            .ok_or_else(|| {
                Error::remote(format!(
                    "Recurly gave the subscription to '{}' a quantity that is not a whole number of seats ({}).",
                    crate::out::printable(&plan),
                    crate::out::printable(&q.to_string())
                ))
            })?,
    };
    Ok(Subscription {
        plan,
        quantity,
        // Recurly's default: a subscription renews.
        auto_renew: s["auto_renew"].as_bool().unwrap_or(true),
    })
}

/// The most seats cs takes a subscription to have (more is a server's
/// mistake, not a customer).
const MAX_QUANTITY: u64 = 10_000_000;

impl Facts {
    /// T4: "12 × Learning Annual; 3 × Compliance Monthly".
    pub fn quantities(&self) -> String {
        self.subscriptions
            .iter()
            .map(|s| format!("{} × {}", s.quantity, s.plan))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A client of one Recurly site.
pub struct Recurly<'h> {
    http: &'h Http,
    base: Url,
    key: Secret,
    /// The rate limit was found spent (`X-RateLimit-Remaining: 0`): the
    /// next request waits for this reset (epoch seconds) first.
    spent: Cell<Option<Option<u64>>>,
    /// The lists of the whole site read so far (`invoices?state=past_due`,
    /// `subscriptions?state=active`), their records by account Id: a
    /// batch reads each at most once.
    site: RefCell<HashMap<String, HashMap<String, Vec<Json>>>>,
}

impl<'h> Recurly<'h> {
    /// The client `RECURLY_API_KEY` and `RECURLY_API_URL` describe, or None
    /// when no key is set (the facts then stay unknown).
    pub fn from_env(env: &dyn Env, http: &'h Http) -> Result<Option<Self>, Error> {
        let Some(key) = env.var("RECURLY_API_KEY") else {
            return Ok(None);
        };
        if key.trim().is_empty() {
            crate::out::warn(
                "RECURLY_API_KEY is set but empty: Recurly is not read, and its answers stay unknown",
            );
            return Ok(None);
        }
        let key = Secret::new(key.trim());
        if key.expose().chars().any(char::is_control) {
            return Err(Error::user(
                "RECURLY_API_KEY holds a line break or another control character; nothing was sent.",
            )
            .with_hint("copy the key again, on one line"));
        }
        let url = env.var("RECURLY_API_URL");
        let text = url.as_deref().unwrap_or(DEFAULT_URL).trim();
        let base = Url::parse(text).map_err(|e| {
            Error::user(format!("RECURLY_API_URL is not a URL ({e})."))
                .with_hint(format!("set RECURLY_API_URL to {DEFAULT_URL}, or unset it"))
        })?;
        check_scheme(&base, "RECURLY_API_URL").map_err(Error::user)?;
        // The key goes as HTTP Basic: a user name or password in the URL
        // would send a second one; a path or query would be dropped.
        if !base.username().is_empty() || base.password().is_some() {
            return Err(Error::user(
                "RECURLY_API_URL holds a user name or password; the key goes only in RECURLY_API_KEY.",
            )
            .with_hint(format!("set RECURLY_API_URL to {DEFAULT_URL}, or unset it")));
        }
        if base.path() != "/" || base.query().is_some() || base.fragment().is_some() {
            return Err(Error::user(format!(
                "RECURLY_API_URL must be the API's address alone, with no path or query ({}).",
                base.path()
            ))
            .with_hint(format!("set RECURLY_API_URL to {DEFAULT_URL}, or unset it")));
        }
        Ok(Some(Self {
            http,
            base,
            key,
            spent: Cell::new(None),
            site: RefCell::new(HashMap::new()),
        }))
    }

    /// The facts of the account whose code is `code`, or None when Recurly
    /// has no such account.
    pub fn facts(&self, code: &str) -> Result<Option<Facts>, Error> {
        let mut all = self.facts_of(&[code.to_string()])?;
        Ok(all.swap_remove(code).flatten())
    }

    /// The facts of each account of `codes`, by code: None for a code
    /// Recurly does not know.
    ///
    /// Recurly reads an account only by its code, one request each (its
    /// `ids` filter takes Recurly's own Ids). The account says whether it
    /// has a past-due invoice and an active subscription, so that only
    /// those lists are read; and a list is read once for the whole site
    /// (its size asked first with `HEAD`, as Recurly counts a list) when
    /// that takes fewer requests than one list per account.
    pub fn facts_of(&self, codes: &[String]) -> Result<IndexMap<String, Option<Facts>>, Error> {
        let mut accounts: IndexMap<String, Option<Json>> = IndexMap::new();
        for code in codes {
            if accounts.contains_key(code) {
                continue;
            }
            let got = match self.get(&format!("/accounts/code-{}", encode(code)))? {
                Got::Found(a) => Some(a),
                Got::NotFound => None,
            };
            accounts.insert(code.clone(), got);
        }
        // A flag the answer lacks is not taken as false.
        let having = |flag: &str| -> Vec<String> {
            accounts
                .values()
                .flatten()
                .filter(|a| a[flag].as_bool() != Some(false))
                .filter_map(|a| a["id"].as_str().map(str::to_string))
                .collect()
        };
        let invoices = self.lists("invoices", "past_due", &having("has_past_due_invoice"))?;
        let subs = self.lists(
            "subscriptions",
            "active",
            &having("has_active_subscription"),
        )?;
        let none = Vec::new();
        accounts
            .into_iter()
            .map(|(code, account)| {
                let facts = account.map(|a| -> Result<Facts, Error> {
                    let id = a["id"].as_str().unwrap_or_default();
                    let subscriptions = subs
                        .get(id)
                        .unwrap_or(&none)
                        .iter()
                        .filter(|s| s["state"].as_str().is_none_or(|st| st == "active"))
                        .map(subscription)
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(Facts {
                        code: code.clone(),
                        state: a["state"].as_str().unwrap_or_default().to_string(),
                        // A state filter the server ignored must not count paid ones.
                        past_due_invoices: invoices
                            .get(id)
                            .unwrap_or(&none)
                            .iter()
                            .filter(|i| i["state"].as_str() == Some("past_due"))
                            .count() as u64,
                        auto_renewal_disabled: !subscriptions.iter().any(|s| s.auto_renew),
                        subscriptions,
                    })
                });
                Ok((code, facts.transpose()?))
            })
            .collect()
    }

    /// The `what` (`invoices`, `subscriptions`) in `state` of each account
    /// of `ids`, by account Id: one list per account, or one list of the
    /// whole site when that is fewer requests.
    fn lists(
        &self,
        what: &str,
        state: &str,
        ids: &[String],
    ) -> Result<HashMap<String, Vec<Json>>, Error> {
        let site_list = format!("/{what}?state={state}");
        let pick = |site: &HashMap<String, Vec<Json>>| {
            ids.iter()
                .filter_map(|i| site.get(i).map(|rows| (i.clone(), rows.clone())))
                .collect()
        };
        if let Some(site) = self.site.borrow().get(&site_list) {
            return Ok(pick(site));
        }
        let mut out = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        if ids.len() > 1
            && let Some(total) = self.count(&site_list)?
            && total.div_ceil(u64::from(PAGE)) < ids.len() as u64
        {
            let mut site: HashMap<String, Vec<Json>> = HashMap::new();
            if total > 0 {
                for r in self.list(&format!("{site_list}&limit={PAGE}"))? {
                    if let Some(id) = r["account"]["id"].as_str() {
                        site.entry(id.to_string()).or_default().push(r);
                    }
                }
            }
            let picked = pick(&site);
            self.site.borrow_mut().insert(site_list, site);
            return Ok(picked);
        }
        for id in ids {
            let rows = self.list(&format!(
                "/accounts/{}/{what}?state={state}&limit={PAGE}",
                encode(id)
            ))?;
            out.insert(id.clone(), rows);
        }
        Ok(out)
    }

    /// How many records a list holds, as Recurly counts it (`HEAD`, its
    /// `Recurly-Total-Records`); None when the answer does not say.
    fn count(&self, path: &str) -> Result<Option<u64>, Error> {
        Ok(self.request(reqwest::Method::HEAD, path)?.total_records)
    }

    /// Every record of a list, its pages followed through `next`.
    fn list(&self, first: &str) -> Result<Vec<Json>, Error> {
        let mut out = Vec::new();
        let mut next = Some(first.to_string());
        let mut seen = std::collections::HashSet::new();
        let mut pages = 0;
        while let Some(path) = next.take() {
            pages += 1;
            if pages > 10_000 {
                return Err(Error::remote(format!(
                    "Recurly kept answering more pages of {first}; cs stopped after 10,000."
                )));
            }
            let page = match self.get(&path)? {
                Got::Found(p) => p,
                Got::NotFound => return Ok(out),
            };
            if page["object"].as_str() != Some("list") {
                return Err(Error::remote(format!(
                    "Recurly answered {path} with something other than a list."
                )));
            }
            out.extend(page["data"].as_array().into_iter().flatten().cloned());
            if page["has_more"].as_bool() == Some(true) {
                next = page["next"].as_str().map(str::to_string);
                match &next {
                    None => {
                        return Err(Error::remote(format!(
                            "Recurly said {path} has more pages but gave no `next`."
                        )));
                    }
                    Some(n) if !seen.insert(n.clone()) => {
                        return Err(Error::remote(format!(
                            "Recurly gave the same next page of {first} twice; cs stopped reading it."
                        )));
                    }
                    Some(_) => {}
                }
            }
        }
        Ok(out)
    }

    /// GET a path (or a `next` link, which Recurly gives as a path or a
    /// URL on the same host).
    fn get(&self, path: &str) -> Result<Got, Error> {
        let reply = self.request(reqwest::Method::GET, path)?;
        if reply.status == 404 {
            return Ok(Got::NotFound);
        }
        reply
            .parsed()
            .map(Got::Found)
            .ok_or_else(|| Error::remote(format!("Recurly answered GET {path} with no JSON.")))
    }

    /// A request to a path, within the rate limit: when the last answer
    /// said the limit is spent, cs waits for its reset first (up to
    /// [`MAX_RESET_WAIT`]), so that a batch never runs into 429; a 429
    /// (the limit spent by another client of the site) is waited for
    /// once the same way. The answer is a success or a 404; anything
    /// else is an error.
    fn request(&self, method: reqwest::Method, path: &str) -> Result<Reply, Error> {
        let url = self.url(path)?;
        let label = format!("{method} {}", url.path());
        let mut waited = false;
        loop {
            if let Some(reset) = self.spent.take() {
                self.wait_for(reset, &label)?;
            }
            let reply = self
                .http
                .send(&label, true, POLICY, &|c| {
                    c.request(method.clone(), url.clone())
                        .basic_auth(self.key.expose(), Some(""))
                        .header(
                            reqwest::header::ACCEPT,
                            format!("application/vnd.recurly.{API_VERSION}+json"),
                        )
                })
                .map_err(|e| call_error(&label, e))?;
            if reply.rate_remaining == Some(0) {
                self.spent.set(Some(reply.rate_reset));
            }
            match reply.status {
                200..=299 | 404 => return Ok(reply),
                401 | 403 if key_refused(&reply) => {
                    return Err(Error::remote(format!(
                        "Recurly refused the API key in RECURLY_API_KEY ({}).",
                        error_text(&reply)
                    ))
                    .with_hint(KEY_HINT));
                }
                429 if !waited => {
                    waited = true;
                    self.spent.set(None);
                    self.wait_for(reply.rate_reset, &label)?;
                }
                429 => return Err(rate_limited(reply.rate_reset)),
                _ => {
                    return Err(Error::remote(format!(
                        "Recurly answered {label} with HTTP {}: {}.",
                        reply.status,
                        error_text(&reply)
                    )));
                }
            }
        }
    }

    /// Waits for the rate limit's reset when it is near; else the error
    /// that says when to run again.
    fn wait_for(&self, reset: Option<u64>, label: &str) -> Result<(), Error> {
        let wait = until(reset);
        if wait > MAX_RESET_WAIT {
            return Err(rate_limited(reset));
        }
        crate::out::note(&format!(
            "Recurly's rate limit is spent: waiting {} s for it to reset.",
            wait.as_secs()
        ));
        crate::salesforce::http::sleep_interruptibly(wait).map_err(|e| call_error(label, e))
    }

    /// `path` on the site's API host; a `next` link on another host is
    /// refused (the key goes only where RECURLY_API_URL says).
    fn url(&self, path: &str) -> Result<Url, Error> {
        crate::salesforce::http::join_on(&self.base, path, "Recurly", "RECURLY_API_URL")
    }
}

/// An answer: the record, or Recurly has none.
enum Got {
    Found(Json),
    NotFound,
}

/// Is the reply Recurly's refusal of the key (not of a permission)?
fn key_refused(reply: &Reply) -> bool {
    let t = reply.json()["error"]["type"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    reply.status == 401 || t == "invalid_api_key" || t == "unauthorized"
}

/// `type: message` of an error answer, or its shape.
fn error_text(reply: &Reply) -> String {
    let e = &reply.json()["error"];
    match (e["type"].as_str(), e["message"].as_str()) {
        (Some(t), Some(m)) => crate::redact::clean(&format!("{t}: {m}")),
        _ => reply.describe(),
    }
}

/// How long until `reset` (epoch seconds), at least a second.
fn until(reset: Option<u64>) -> Duration {
    crate::salesforce::http::until_reset(reset, MAX_RESET_WAIT)
}

fn rate_limited(reset: Option<u64>) -> Error {
    let msg = match crate::salesforce::http::reset_time(reset) {
        Some(t) => format!(
            "Recurly's rate limit is spent until {t}; nothing more was read. Run the command again after {t}."
        ),
        None => "Recurly's rate limit is spent; nothing more was read. Run the command again in a few minutes.".to_string(),
    };
    Error::remote(msg)
}

fn call_error(label: &str, e: CallError) -> Error {
    Error::remote(format!("Recurly: {label}: {e}."))
        .with_hint("check RECURLY_API_URL (the default is https://v3.recurly.com) and the network")
}

/// A path segment, percent-encoded (an account code may hold `+` or `@`).
fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
