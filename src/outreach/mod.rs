//! Outreach: the sequences the SOPs run their customer emails through
//! (D2, O9, T3) and the owner of an account's prospects (T6). API v2, as
//! Outreach documents it (developers.outreach.io, and the OpenAPI file it
//! serves at api.outreach.io/api/v2/schema/openapi.json):
//!
//! - JSON:API: every request sends `Content-Type` and `Accept`
//!   `application/vnd.api+json` (another type is 415), resources are
//!   `{"data": {"type", "id", "attributes", "relationships"}}`, errors are
//!   `{"errors": [{"id", "title", "detail"}]}`;
//! - a collection holds up to `page[size]` resources (50 by default) and
//!   the next page is the URL in `links.next`, absent on the last page;
//! - filters: `filter[emails]=` (prospects), `filter[email]=` (mailboxes,
//!   users), `filter[name]=` (sequences, accounts), a relationship's Ids
//!   `filter[prospect][id]=1,2,3`; several values are comma-separated;
//! - OAuth 2.0: `Authorization: Bearer` with an access token (valid for two
//!   hours); the refresh-token grant at `/oauth/token` with `client_id`,
//!   `client_secret`, `grant_type=refresh_token` and `refresh_token` gives
//!   a new one. A 401 is answered by one refresh, then the call again;
//! - a fixed limit of 10,000 requests an hour per user, told in
//!   `X-RateLimit-Limit`, `-Remaining` and `-Reset` (epoch seconds); over
//!   it, 429 `rateLimitExceeded`;
//! - `POST /sequenceStates` adds a prospect to a sequence from a mailbox;
//!   Outreach refuses (422) a second state of a prospect active in the
//!   sequence; `POST /sequenceStates/{id}/actions/finish` finishes one.
//!
//! Credentials come from the environment: `OUTREACH_API_URL` (default
//! `https://api.outreach.io`; plain http only for loopback), and either
//! `OUTREACH_ACCESS_TOKEN`, or `OUTREACH_CLIENT_ID`,
//! `OUTREACH_CLIENT_SECRET` and `OUTREACH_REFRESH_TOKEN`. Every secret is
//! registered with [`crate::redact`] as soon as it is read, and no token
//! is ever written to disk.

pub mod effects;
mod facts;

pub use facts::Facts;

use crate::error::Error;
use crate::redact::Secret;
use crate::salesforce::auth::Env;
use crate::salesforce::http::{CallError, Http, Policy, Reply, check_scheme};
use reqwest::Url;
use serde_json::{Value as Json, json};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where Outreach's API is, unless `OUTREACH_API_URL` says otherwise.
pub const DEFAULT_URL: &str = "https://api.outreach.io";

/// JSON:API's media type, which Outreach requires of every request.
pub const MEDIA: &str = "application/vnd.api+json";

/// The longest cs waits for the rate limit to reset; beyond, it stops and
/// says when to resume.
pub const MAX_RESET_WAIT: Duration = Duration::from_secs(60);

/// Resources asked for per page.
pub const PAGE: usize = 100;

/// Values in one filter (`filter[emails]=a,b,...`): the URL stays short.
pub const FILTER_CHUNK: usize = 50;

/// GETs are resent on these statuses; a write never is (it may have been
/// applied): cs reads Outreach back instead.
const READS: Policy = Policy {
    retry_statuses: &[500, 502, 503, 504],
    retries: 2,
};
const WRITES: Policy = Policy {
    retry_statuses: &[],
    retries: 0,
};

const CREDENTIALS_HINT: &str = "set OUTREACH_ACCESS_TOKEN, or OUTREACH_CLIENT_ID, OUTREACH_CLIENT_SECRET and OUTREACH_REFRESH_TOKEN (your Outreach app's OAuth credentials)";

/// Why a call did not do what it was for.
#[derive(Debug)]
pub enum Failure {
    /// The run must stop here: the credentials, the rate limit spent, a
    /// signal, an answer cs cannot trust. Nothing of this call was done.
    Stop(Error),
    /// Outreach refused the change (what it said), or it failed before
    /// taking it.
    Refused(String),
    /// No answer came back: the change may have been applied.
    Unknown(String),
}

impl Failure {
    pub fn into_error(self) -> Error {
        match self {
            Failure::Stop(e) => e,
            Failure::Refused(m) | Failure::Unknown(m) => Error::remote(m),
        }
    }
}

/// How cs gets its access token.
struct Refresh {
    client_id: String,
    client_secret: Secret,
    refresh_token: Secret,
}

/// A client of one Outreach instance, for one user.
pub struct Outreach<'h> {
    http: &'h Http,
    base: Url,
    token: RefCell<Option<Secret>>,
    refresh: Option<Refresh>,
    /// The rate limit was found spent (`X-RateLimit-Remaining: 0`): the
    /// next request waits for this reset (epoch seconds) first.
    spent: Cell<Option<Option<u64>>>,
    /// The longest cs waits for the rate limit; longer, it stops.
    pub max_wait: Duration,
    /// Requests sent, for a batch's progress and for tests.
    pub requests: Cell<u64>,
}

/// An Outreach resource: its type, Id, attributes and the Ids of the
/// resources its relationships name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resource {
    pub kind: String,
    pub id: String,
    pub attributes: Json,
    pub related: HashMap<String, String>,
}

impl Resource {
    pub fn from_json(v: &Json) -> Option<Self> {
        let id = id_text(&v["id"])?;
        let related = v["relationships"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(k, r)| Some((k.clone(), id_text(&r["data"]["id"])?)))
            .collect();
        Some(Self {
            kind: v["type"].as_str().unwrap_or_default().to_string(),
            id,
            attributes: v["attributes"].clone(),
            related,
        })
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.attributes[name].as_str()
    }

    /// A prospect's emails, trimmed and in lower case.
    pub fn emails(&self) -> impl Iterator<Item = String> + '_ {
        self.attributes["emails"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .map(|e| e.trim().to_lowercase())
    }

    /// Is `email` (in lower case) one of a prospect's emails?
    pub fn has_email(&self, email: &str) -> bool {
        self.emails().any(|e| e == email)
    }
}

/// An Id as text: Outreach gives numbers.
fn id_text(v: &Json) -> Option<String> {
    match v {
        Json::Number(n) => Some(n.to_string()),
        Json::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A JSON:API relationship to `kind` `id` (Outreach's Ids are numbers).
pub fn relation(kind: &str, id: &str) -> Json {
    let id = id
        .parse::<u64>()
        .map(Json::from)
        .unwrap_or_else(|_| json!(id));
    json!({"data": {"type": kind, "id": id}})
}

impl<'h> Outreach<'h> {
    /// The client the environment describes, or None when it names no
    /// credentials (Outreach's changes are then printed for a person).
    pub fn from_env(env: &dyn Env, http: &'h Http) -> Result<Option<Self>, Error> {
        let token = env.var("OUTREACH_ACCESS_TOKEN");
        let id = env.var("OUTREACH_CLIENT_ID");
        let secret = env.var("OUTREACH_CLIENT_SECRET");
        let refresh = env.var("OUTREACH_REFRESH_TOKEN");
        for v in [&token, &secret, &refresh].into_iter().flatten() {
            crate::redact::register(v.trim());
        }
        if token.is_none() && id.is_none() && secret.is_none() && refresh.is_none() {
            return Ok(None);
        }
        let refresh = match (id, secret, refresh) {
            (Some(id), Some(secret), Some(refresh)) => Some(Refresh {
                client_id: id.trim().to_string(),
                client_secret: Secret::new(secret.trim()),
                refresh_token: Secret::new(refresh.trim()),
            }),
            (None, None, None) => None,
            (id, secret, refresh) => {
                let missing: Vec<&str> = [
                    ("OUTREACH_CLIENT_ID", id.is_none()),
                    ("OUTREACH_CLIENT_SECRET", secret.is_none()),
                    ("OUTREACH_REFRESH_TOKEN", refresh.is_none()),
                ]
                .into_iter()
                .filter(|(_, m)| *m)
                .map(|(n, _)| n)
                .collect();
                if token.is_none() {
                    return Err(Error::user(format!(
                        "Outreach's refresh-token flow needs {} as well; nothing was sent.",
                        missing.join(" and ")
                    ))
                    .with_hint(CREDENTIALS_HINT));
                }
                crate::out::warn(&format!(
                    "{} not set: cs uses OUTREACH_ACCESS_TOKEN and cannot refresh it when it expires",
                    missing.join(" and ")
                ));
                None
            }
        };
        let token = token.map(|t| Secret::new(t.trim()));
        let all = [
            token.as_ref().map(Secret::expose),
            refresh.as_ref().map(|r| r.client_secret.expose()),
            refresh.as_ref().map(|r| r.refresh_token.expose()),
            refresh.as_ref().map(|r| r.client_id.as_str()),
        ];
        if all
            .into_iter()
            .flatten()
            .any(|v| v.chars().any(char::is_control))
        {
            return Err(Error::user(
                "an OUTREACH_ variable holds a line break or another control character; nothing was sent.",
            )
            .with_hint("copy the credentials again, each on one line"));
        }
        let text = env.var("OUTREACH_API_URL");
        let text = text.as_deref().unwrap_or(DEFAULT_URL).trim();
        let base = Url::parse(text).map_err(|e| {
            Error::user(format!("OUTREACH_API_URL is not a URL ({e}).")).with_hint(format!(
                "set OUTREACH_API_URL to {DEFAULT_URL}, or unset it"
            ))
        })?;
        check_scheme(&base, "OUTREACH_API_URL").map_err(Error::user)?;
        if !base.username().is_empty()
            || base.password().is_some()
            || base.path() != "/"
            || base.query().is_some()
            || base.fragment().is_some()
        {
            return Err(Error::user(
                "OUTREACH_API_URL must be the API's address alone (no user, password, path or query).",
            )
            .with_hint(format!("set OUTREACH_API_URL to {DEFAULT_URL}, or unset it")));
        }
        Ok(Some(Self {
            http,
            base,
            token: RefCell::new(token),
            refresh,
            spent: Cell::new(None),
            max_wait: MAX_RESET_WAIT,
            requests: Cell::new(0),
        }))
    }

    /// A new access token from the refresh-token grant. The answer's
    /// tokens stay in memory.
    fn refresh(&self) -> Result<(), Failure> {
        let Some(r) = &self.refresh else {
            return Err(Failure::Stop(
                Error::remote("Outreach refused the access token in OUTREACH_ACCESS_TOKEN (it expires two hours after it was issued).")
                    .with_hint(CREDENTIALS_HINT),
            ));
        };
        let url = self.url("/oauth/token").map_err(Failure::Stop)?;
        let form = [
            ("client_id", r.client_id.as_str()),
            ("client_secret", r.client_secret.expose()),
            ("grant_type", "refresh_token"),
            ("refresh_token", r.refresh_token.expose()),
        ];
        self.requests.set(self.requests.get() + 1);
        let reply = self
            .http
            .send("POST /oauth/token", true, READS, &|c| {
                c.post(url.clone()).form(&form)
            })
            .map_err(|e| Failure::Stop(call_error("POST /oauth/token", e)))?;
        let token = reply.json()["access_token"]
            .as_str()
            .map(str::to_string)
            .filter(|t| reply.ok() && !t.is_empty());
        let Some(token) = token else {
            // OAuth's own error (RFC 6749, 5.2): `invalid_grant` is the
            // refresh token, `invalid_client` the client id or secret.
            let oauth = reply.json();
            let said = match oauth["error"].as_str() {
                Some(e) => crate::out::printable(&crate::redact::clean(&format!(
                    "HTTP {}: {e}{}",
                    reply.status,
                    oauth["error_description"]
                        .as_str()
                        .map(|d| format!(": {}", d.chars().take(200).collect::<String>()))
                        .unwrap_or_default()
                )))
                .into_owned(),
                None => error_text(&reply),
            };
            return Err(Failure::Stop(
                Error::remote(format!(
                    "Outreach refused to refresh the access token ({said})."
                ))
                .with_hint(format!(
                    "{CREDENTIALS_HINT}; a refresh token lasts 14 days unused"
                )),
            ));
        };
        *self.token.borrow_mut() = Some(Secret::new(token));
        Ok(())
    }

    /// A call to `path` (a path and query under the API, or a `links.next`
    /// URL), within the rate limit: when the last answer said the limit is
    /// spent, cs waits for its reset first (up to `max_wait`); a 429 is
    /// waited for once the same way; a 401 refreshes the token once. The
    /// answer is a success, a 404 or a 422; anything else is a failure.
    pub fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Json>,
    ) -> Result<Reply, Failure> {
        let url = self.url(path).map_err(Failure::Stop)?;
        let read = method == reqwest::Method::GET;
        let label = format!("{method} {}", url.path());
        if self.token.borrow().is_none() {
            self.refresh()?;
        }
        let mut refreshed = false;
        let mut waited = false;
        loop {
            if let Some(reset) = self.spent.take() {
                self.wait_for(reset, &label)?;
            }
            let token = self.token.borrow().clone();
            let token = token.as_ref().map(Secret::expose).unwrap_or_default();
            self.requests.set(self.requests.get() + 1);
            let sent = self
                .http
                .send(&label, read, if read { READS } else { WRITES }, &|c| {
                    let mut r = c
                        .request(method.clone(), url.clone())
                        .bearer_auth(token)
                        .header(reqwest::header::ACCEPT, MEDIA);
                    if let Some(b) = body {
                        r = r
                            .header(reqwest::header::CONTENT_TYPE, MEDIA)
                            .body(b.to_string());
                    }
                    r
                });
            let reply = match sent {
                Ok(r) => r,
                Err(CallError::Unknown(m)) if !read => {
                    return Err(Failure::Unknown(format!(
                        "Outreach did not answer {label} ({m})"
                    )));
                }
                Err(CallError::NotSent(m)) if !read => {
                    return Err(Failure::Refused(format!(
                        "cannot reach Outreach for {label}: {m}"
                    )));
                }
                Err(e) => return Err(Failure::Stop(call_error(&label, e))),
            };
            if reply.rate_remaining == Some(0) {
                self.spent.set(Some(reply.rate_reset));
            }
            match reply.status {
                200..=299 | 404 | 422 => return Ok(reply),
                401 if !refreshed => {
                    refreshed = true;
                    self.refresh()?;
                }
                401 => {
                    return Err(Failure::Stop(
                        Error::remote(format!(
                            "Outreach refused the access token just refreshed ({}).",
                            error_text(&reply)
                        ))
                        .with_hint(CREDENTIALS_HINT),
                    ));
                }
                403 => {
                    return Err(Failure::Stop(
                        Error::remote(format!(
                            "Outreach refused {label} ({}).",
                            error_text(&reply)
                        ))
                        .with_hint("the OAuth app needs the scopes prospects.all, accounts.all, sequences.read, sequenceStates.all, mailboxes.read and users.read"),
                    ));
                }
                429 if !waited => {
                    waited = true;
                    self.spent.set(None);
                    let reset = reply
                        .retry_after
                        .map(|d| now() + d.as_secs())
                        .or(reply.rate_reset);
                    self.wait_for(reset, &label)?;
                }
                429 => return Err(Failure::Stop(rate_limited(reply.rate_reset))),
                s if s >= 500 && !read => {
                    return Err(Failure::Unknown(format!(
                        "Outreach answered {label} with HTTP {s} ({}); the change may have been applied before the error",
                        error_text(&reply)
                    )));
                }
                s if read => {
                    return Err(Failure::Stop(Error::remote(format!(
                        "Outreach answered {label} with HTTP {s}: {}.",
                        error_text(&reply)
                    ))));
                }
                s => {
                    return Err(Failure::Refused(format!(
                        "Outreach answered {label} with HTTP {s}: {}",
                        error_text(&reply)
                    )));
                }
            }
        }
    }

    /// Every resource of a collection, its pages followed through
    /// `links.next`.
    pub fn list(&self, first: &str) -> Result<Vec<Resource>, Failure> {
        let mut out = Vec::new();
        let mut next = Some(first.to_string());
        let mut seen = HashSet::new();
        while let Some(path) = next.take() {
            if !seen.insert(path.clone()) || seen.len() > 10_000 {
                return Err(Failure::Stop(Error::remote(format!(
                    "Outreach kept giving more pages of {}; cs stopped reading it.",
                    first.split('?').next().unwrap_or(first)
                ))));
            }
            let reply = self.call(reqwest::Method::GET, &path, None)?;
            let page = reply.parsed().filter(|p| p["data"].is_array());
            let Some(page) = page.filter(|_| reply.ok()) else {
                return Err(Failure::Stop(Error::remote(format!(
                    "Outreach answered GET {} with {}.",
                    first.split('?').next().unwrap_or(first),
                    reply.describe()
                ))));
            };
            out.extend(
                page["data"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Resource::from_json),
            );
            next = page["links"]["next"].as_str().map(str::to_string);
        }
        Ok(out)
    }

    /// The resources of `collection` whose `filter` is one of `values`
    /// (the caller matches them exactly): `FILTER_CHUNK` values a request,
    /// comma-separated. A value that holds a comma cannot be filtered by
    /// (Outreach would read two values): the whole collection is read once
    /// instead.
    pub fn find(
        &self,
        collection: &str,
        filter: &str,
        values: &[String],
    ) -> Result<Vec<Resource>, Failure> {
        let mut out = Vec::new();
        let (plain, commas): (Vec<&String>, Vec<&String>) =
            values.iter().partition(|v| !v.contains(','));
        for group in plain.chunks(FILTER_CHUNK) {
            let joined = group
                .iter()
                .map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join(",");
            out.extend(self.list(&format!(
                "/api/v2/{collection}?filter[{filter}]={}&page[size]={PAGE}",
                encode(&joined)
            ))?);
        }
        if !commas.is_empty() {
            out.extend(self.list(&format!("/api/v2/{collection}?page[size]={PAGE}"))?);
        }
        Ok(out)
    }

    /// Creates a resource; its Id, or what Outreach said.
    pub fn create(&self, kind: &str, collection: &str, data: Json) -> Result<Created, Failure> {
        let mut body = json!({"data": data});
        body["data"]["type"] = json!(kind);
        let reply = self.call(
            reqwest::Method::POST,
            &format!("/api/v2/{collection}"),
            Some(&body),
        )?;
        outcome(&reply, &format!("POST /api/v2/{collection}"))
    }

    /// Sets `kind` `id`'s owner to the user `owner`.
    pub fn set_owner(
        &self,
        kind: &str,
        collection: &str,
        id: &str,
        owner: &str,
    ) -> Result<Created, Failure> {
        let id_json = id.parse::<u64>().map(Json::from).unwrap_or(json!(id));
        let body = json!({"data": {"type": kind, "id": id_json,
            "relationships": {"owner": relation("user", owner)}}});
        let path = format!("/api/v2/{collection}/{id}");
        let reply = self.call(reqwest::Method::PATCH, &path, Some(&body))?;
        outcome(&reply, &format!("PATCH {path}"))
    }

    /// Finishes the sequence state `id`.
    pub fn finish(&self, id: &str) -> Result<Created, Failure> {
        let path = format!("/api/v2/sequenceStates/{id}/actions/finish");
        let reply = self.call(reqwest::Method::POST, &path, None)?;
        outcome(&reply, &format!("POST {path}"))
    }

    /// Waits for the rate limit's reset when it is near; else stops, saying
    /// when to resume.
    fn wait_for(&self, reset: Option<u64>, label: &str) -> Result<(), Failure> {
        let wait = crate::salesforce::http::until_reset(reset, self.max_wait);
        if wait > self.max_wait {
            return Err(Failure::Stop(rate_limited(reset)));
        }
        crate::out::note(&format!(
            "Outreach's rate limit is spent: waiting {} s for it to reset.",
            wait.as_secs()
        ));
        crate::salesforce::http::sleep_interruptibly(wait)
            .map_err(|e| Failure::Stop(call_error(label, e)))
    }

    /// `path` on the API's host; a `links.next` on another host is refused
    /// (the token goes only where OUTREACH_API_URL says).
    fn url(&self, path: &str) -> Result<Url, Error> {
        crate::salesforce::http::join_on(&self.base, path, "Outreach", "OUTREACH_API_URL")
    }
}

/// A write's answer: the resource made or changed, or a refusal (422 and
/// what Outreach said).
#[derive(Debug)]
pub enum Created {
    Done(Resource),
    Refused(String),
}

fn outcome(reply: &Reply, label: &str) -> Result<Created, Failure> {
    if reply.status == 422 || reply.status == 404 {
        return Ok(Created::Refused(format!(
            "Outreach refused {label} (HTTP {}: {})",
            reply.status,
            error_text(reply)
        )));
    }
    let data = reply.json();
    match Resource::from_json(&data["data"]) {
        Some(r) => Ok(Created::Done(r)),
        // An action answers with the resource; an empty 2xx is done too.
        None if reply.body.trim().is_empty() => Ok(Created::Done(Resource::default())),
        None => Err(Failure::Unknown(format!(
            "Outreach answered {label} with {}; the change may have been applied",
            reply.describe()
        ))),
    }
}

/// `title: detail` of Outreach's first error object, or the answer's
/// shape (a server's text is never printed as it came).
pub fn error_text(reply: &Reply) -> String {
    let e = &reply.json()["errors"][0];
    let detail = e["detail"].as_str().or(e["details"].as_str());
    match (e["title"].as_str().or(e["id"].as_str()), detail) {
        (Some(t), Some(d)) => crate::out::printable(&crate::redact::clean(&format!("{t}: {d}")))
            .chars()
            .take(300)
            .collect(),
        (Some(t), None) => crate::out::printable(&crate::redact::clean(t)).into_owned(),
        _ => reply.describe(),
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn rate_limited(reset: Option<u64>) -> Error {
    let when = crate::salesforce::http::reset_time(reset);
    let msg = match &when {
        Some(t) => format!(
            "Outreach's rate limit (10,000 requests an hour per user) is spent until {t}; cs stopped before the next request."
        ),
        None => "Outreach's rate limit (10,000 requests an hour per user) is spent; cs stopped before the next request.".to_string(),
    };
    Error::remote(msg).with_hint(match when {
        Some(t) => format!("resume after {t}"),
        None => "resume in an hour".into(),
    })
}

fn call_error(label: &str, e: CallError) -> Error {
    match e {
        CallError::Interrupted => Error::interrupted("interrupted."),
        e => Error::remote(format!("Outreach: {label}: {e}.")).with_hint(
            "check OUTREACH_API_URL (the default is https://api.outreach.io) and the network",
        ),
    }
}

/// A query value, percent-encoded (an email holds `+` and `@`).
pub fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
