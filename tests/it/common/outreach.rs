//! A test Outreach on 127.0.0.1, answering as Outreach's API v2 is
//! documented (developers.outreach.io: "Making requests", "Common
//! patterns", OAuth; and the OpenAPI file it serves at
//! api.outreach.io/api/v2/schema/openapi.json), for the calls cs makes:
//!
//! - JSON:API: a request with a body must say `Content-Type:
//!   application/vnd.api+json` (else 415 `unsupportedMediaType`); answers
//!   are `{"data": ...}` with `type`, `id` (a number), `attributes`,
//!   `relationships` (`{"data": {"type", "id"}}`), `links.self`;
//! - collections: `page[size]` resources a page (50 by default; a smaller
//!   cap can be set to force pages), `links.next` the URL of the next page
//!   (a `page[after]` cursor), absent on the last;
//! - filters: `filter[emails]`, `filter[email]`, `filter[name]`,
//!   `filter[state]`, `filter[prospect][id]`, `filter[account][id]`,
//!   several values comma-separated;
//! - errors: `{"errors": [{"id", "title", "detail"}]}`: 401 for a missing
//!   or expired token, 404 `resourceNotFound`, 422 `validationError` (a
//!   second prospect with an email, a second active state of a prospect in
//!   a sequence, finishing a state that is not active), 429
//!   `rateLimitExceeded`;
//! - OAuth: `POST /oauth/token` with the form fields `client_id`,
//!   `client_secret`, `grant_type=refresh_token` and `refresh_token`
//!   answers `{"access_token", "token_type": "bearer", "expires_in": 7200,
//!   "refresh_token", "scope", "created_at"}`; a bad grant is 400
//!   `{"error": "invalid_grant"}` (RFC 6749, 5.2);
//! - every answer carries `X-RateLimit-Limit`, `-Remaining` and `-Reset`
//!   (epoch seconds); over the limit, 429.
//!
//! Faults: an expired token; a 429 with a reset; a write applied whose
//! answer is lost (the connection closed); 5xx.

use serde_json::{Value as Json, json};
use std::collections::HashMap;
use std::io::Write;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

use super::salesforce::{Request, listen, read_request};

pub const ACCESS_TOKEN: &str = "or-access-3f9a7c21e8b54d06a1c9e2f7b3d8a5c4";
pub const CLIENT_ID: &str = "cs-outreach-app";
pub const CLIENT_SECRET: &str = "or-secret-8e2b6d4f1a9c7e3b5d0f2a8c6e4b1d9f";
pub const REFRESH_TOKEN: &str = "or-refresh-5c1e9a3f7b2d8e6c4a0f9b3d7e1c5a2f";

#[derive(Debug, Clone)]
pub struct Res {
    pub kind: &'static str,
    pub id: u64,
    pub attributes: Json,
    pub related: HashMap<&'static str, u64>,
}

#[derive(Default)]
pub struct State {
    pub next_id: u64,
    pub users: Vec<Res>,
    pub mailboxes: Vec<Res>,
    pub sequences: Vec<Res>,
    pub accounts: Vec<Res>,
    pub prospects: Vec<Res>,
    pub states: Vec<Res>,
    /// The access tokens Outreach takes now.
    pub tokens: Vec<String>,
    /// Token refreshes answered.
    pub refreshes: usize,
    /// The most resources a page holds (None: what page[size] asks).
    pub page_cap: Option<usize>,
    /// The requests a rate-limit window allows (None: no limit).
    pub limit: Option<u64>,
    pub used: u64,
    /// How long a window lasts, in seconds.
    pub window: u64,
    /// A test-sized window: once the limit is spent, it resets
    /// `reset_in` seconds later (whatever `window` says).
    pub refill: bool,
    pub window_end: u64,
    /// Requests refused with 429.
    pub refused: usize,
    /// Faults: the next N writes are applied and their answer lost; the
    /// next N requests answer 503; the next N requests answer 429 (with
    /// `X-RateLimit-Reset` in `reset_in` seconds, no Retry-After).
    pub lose_writes: usize,
    pub fail_5xx: usize,
    /// Each answer is held this long after the request is applied (all of
    /// them, or the writes only).
    pub slow: Option<std::time::Duration>,
    pub slow_writes: Option<std::time::Duration>,
    /// The next N writes answer 503 without being applied.
    pub fail_writes: usize,
    /// The next N sequence states posted find the prospect already added
    /// to the sequence by someone else a moment before (422).
    pub raced_writes: usize,
    pub force_429: usize,
    pub reset_in: u64,
    /// "METHOD target" of each request.
    pub requests: Vec<String>,
    /// The form bodies of token requests, and each request's Authorization.
    pub token_forms: Vec<String>,
    pub authorizations: Vec<String>,
}

impl State {
    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn list(&self, kind: &str) -> &Vec<Res> {
        match kind {
            "user" => &self.users,
            "mailbox" => &self.mailboxes,
            "sequence" => &self.sequences,
            "account" => &self.accounts,
            "prospect" => &self.prospects,
            _ => &self.states,
        }
    }

    fn list_mut(&mut self, kind: &str) -> &mut Vec<Res> {
        match kind {
            "user" => &mut self.users,
            "mailbox" => &mut self.mailboxes,
            "sequence" => &mut self.sequences,
            "account" => &mut self.accounts,
            "prospect" => &mut self.prospects,
            _ => &mut self.states,
        }
    }

    /// The states of the prospect whose email is `email` in the sequence
    /// named `sequence`, as `state` values.
    pub fn states_of(&self, email: &str, sequence: &str) -> Vec<String> {
        let Some(p) = self.prospect(email) else {
            return Vec::new();
        };
        let seq = self
            .sequences
            .iter()
            .find(|s| s.attributes["name"] == sequence)
            .map(|s| s.id);
        self.states
            .iter()
            .filter(|s| {
                s.related.get("prospect") == Some(&p.id)
                    && s.related.get("sequence").copied() == seq
            })
            .map(|s| {
                s.attributes["state"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    pub fn prospect(&self, email: &str) -> Option<&Res> {
        self.prospects.iter().find(|p| {
            p.attributes["emails"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|e| e.as_str().is_some_and(|e| e.eq_ignore_ascii_case(email)))
        })
    }

    /// The writes made (POST and PATCH, the token's excepted).
    pub fn writes(&self) -> Vec<&String> {
        self.requests
            .iter()
            .filter(|r| {
                (r.starts_with("POST ") || r.starts_with("PATCH ")) && !r.contains("/oauth/")
            })
            .collect()
    }
}

pub struct FakeOutreach {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

impl FakeOutreach {
    /// An Outreach with the practice org's people: Maria Lopez and Jordan
    /// Lee as users with their mailboxes, the SOPs' sequences, and the
    /// account Acme Family Clinic owned by Maria.
    pub fn start() -> Self {
        let state = Arc::new(Mutex::new(State {
            tokens: vec![ACCESS_TOKEN.to_string()],
            window: 3600,
            reset_in: 2,
            ..Default::default()
        }));
        let url = listen(&state, serve);
        let o = Self { url, state };
        for (name, email) in [
            ("Maria Lopez", "maria@medtrainer.test"),
            ("Jordan Lee", "jordan@medtrainer.test"),
        ] {
            let user = o.add("user", json!({"name": name, "email": email}), &[]);
            o.add("mailbox", json!({"email": email}), &[("user", user)]);
        }
        for name in [
            "DCSM Account Onboarding and Adoption",
            "Digital Account Adoption (GameDay) Check-In",
            "Account Transition - Automated",
            "Account Transition - Manual",
        ] {
            o.add("sequence", json!({"name": name, "enabled": true}), &[]);
        }
        let maria = o.with(|s| s.users[0].id);
        o.add(
            "account",
            json!({"name": "Acme Family Clinic"}),
            &[("owner", maria)],
        );
        o
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }

    /// Adds a resource; its Id.
    pub fn add(
        &self,
        kind: &'static str,
        attributes: Json,
        related: &[(&'static str, u64)],
    ) -> u64 {
        self.with(|s| {
            let id = s.id();
            s.list_mut(kind).push(Res {
                kind,
                id,
                attributes,
                related: related.iter().copied().collect(),
            });
            id
        })
    }

    /// The environment cs reads Outreach from, with an access token.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("OUTREACH_API_URL", self.url.clone()),
            ("OUTREACH_ACCESS_TOKEN", ACCESS_TOKEN.to_string()),
        ]
    }

    /// The environment of the refresh-token flow, with an expired token.
    pub fn refresh_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("OUTREACH_API_URL", self.url.clone()),
            (
                "OUTREACH_ACCESS_TOKEN",
                "or-expired-0000000000000000000000".to_string(),
            ),
            ("OUTREACH_CLIENT_ID", CLIENT_ID.to_string()),
            ("OUTREACH_CLIENT_SECRET", CLIENT_SECRET.to_string()),
            ("OUTREACH_REFRESH_TOKEN", REFRESH_TOKEN.to_string()),
        ]
    }
}

fn errors(status: u16, id: &str, title: &str, detail: &str) -> (u16, Json) {
    (
        status,
        json!({"errors": [{"id": id, "title": title, "detail": detail}]}),
    )
}

fn serve(mut conn: TcpStream, st: &Arc<Mutex<State>>, base: &str) {
    let Some(req) = read_request(&conn) else {
        return;
    };
    let (status, body, limit, remaining, reset, lose, hold) = {
        let mut s = st.lock().unwrap();
        s.requests.push(format!("{} {}", req.method, req.target));
        s.authorizations.push(
            req.headers
                .get("authorization")
                .cloned()
                .unwrap_or_default(),
        );
        let t = now();
        if s.window_end <= t {
            s.window_end = t + s.window;
            s.used = 0;
        }
        let over = s.limit.is_some_and(|l| s.used >= l);
        s.used += 1;
        if s.refill && s.limit.is_some_and(|l| s.used >= l) {
            s.window_end = s.window_end.min(t + s.reset_in);
        }
        let (status, body) = if s.force_429 > 0 {
            s.force_429 -= 1;
            s.refused += 1;
            s.window_end = t + s.reset_in;
            s.used = s.limit.unwrap_or(10_000);
            limited(s.window_end)
        } else if over {
            s.refused += 1;
            limited(s.window_end)
        } else if s.fail_writes > 0
            && matches!(req.method.as_str(), "POST" | "PATCH")
            && !req.path.starts_with("/oauth")
        {
            s.fail_writes -= 1;
            (
                503,
                json!({"errors": [{"id": "serviceUnavailable", "title": "Service Unavailable", "detail": "Please try again later."}]}),
            )
        } else if s.fail_5xx > 0 {
            s.fail_5xx -= 1;
            (
                503,
                json!({"errors": [{"id": "serviceUnavailable", "title": "Service Unavailable", "detail": "Please try again later."}]}),
            )
        } else {
            answer(&mut s, &req, base)
        };
        let write =
            matches!(req.method.as_str(), "POST" | "PATCH") && !req.path.starts_with("/oauth");
        let lose = write && (200..300).contains(&status) && s.lose_writes > 0;
        if lose {
            s.lose_writes -= 1;
        }
        let limit = s.limit.unwrap_or(10_000);
        let hold = if write {
            s.slow_writes.or(s.slow)
        } else {
            s.slow
        };
        (
            status,
            body,
            limit,
            limit.saturating_sub(s.used),
            s.window_end,
            lose,
            hold,
        )
    };
    if let Some(d) = hold {
        std::thread::sleep(d);
    }
    if lose {
        // Applied, and the answer is lost: the connection closes.
        let _ = conn.shutdown(std::net::Shutdown::Both);
        return;
    }
    let body = body.to_string();
    let reason = match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let kind = if req.path.starts_with("/oauth") {
        "application/json"
    } else {
        "application/vnd.api+json"
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}; charset=utf-8\r\nX-RateLimit-Limit: {limit}\r\nX-RateLimit-Remaining: {remaining}\r\nX-RateLimit-Reset: {reset}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(body.as_bytes());
    let _ = conn.flush();
}

fn limited(reset: u64) -> (u16, Json) {
    errors(
        429,
        "rateLimitExceeded",
        "Rate Limit Exceeded",
        &format!(
            "You have exceeded your permitted rate limit of 10,000; please try again at {reset}."
        ),
    )
}

fn resource(r: &Res, base: &str) -> Json {
    fn kinds(k: &str) -> &str {
        match k {
            "owner" | "creator" => "user",
            other => other,
        }
    }
    let related: serde_json::Map<String, Json> = r
        .related
        .iter()
        .map(|(k, id)| (k.to_string(), json!({"data": {"type": kinds(k), "id": id}})))
        .collect();
    json!({"type": r.kind, "id": r.id, "attributes": r.attributes, "relationships": related,
           "links": {"self": format!("{base}/api/v2/{}/{}", collection_of(r.kind), r.id)}})
}

fn collection_of(kind: &str) -> &'static str {
    match kind {
        "user" => "users",
        "mailbox" => "mailboxes",
        "sequence" => "sequences",
        "account" => "accounts",
        "prospect" => "prospects",
        _ => "sequenceStates",
    }
}

/// The collection a path names, by its resource type.
fn kind_of(collection: &str) -> Option<&'static str> {
    Some(match collection {
        "users" => "user",
        "mailboxes" => "mailbox",
        "sequences" => "sequence",
        "accounts" => "account",
        "prospects" => "prospect",
        "sequenceStates" => "sequenceState",
        _ => return None,
    })
}

fn answer(s: &mut State, req: &Request, base: &str) -> (u16, Json) {
    if req.path == "/oauth/token" {
        return token(s, req);
    }
    let auth = req
        .headers
        .get("authorization")
        .cloned()
        .unwrap_or_default();
    if !auth
        .strip_prefix("Bearer ")
        .is_some_and(|t| s.tokens.iter().any(|x| x == t))
    {
        return errors(
            401,
            "unauthorized",
            "Unauthorized Request",
            "The access token is missing, invalid or expired.",
        );
    }
    if matches!(req.method.as_str(), "POST" | "PATCH")
        && !req.body.is_empty()
        && req
            .headers
            .get("content-type")
            .map(|c| c.split(';').next().unwrap_or("").trim())
            != Some("application/vnd.api+json")
    {
        return (
            415,
            json!({"errors": [{"id": "unsupportedMediaType", "title": "Unsupported Media Type",
            "details": "Expected Content-Type header to be 'application/vnd.api+json'."}]}),
        );
    }
    let segs: Vec<&str> = req.path.trim_start_matches("/api/v2/").split('/').collect();
    match (req.method.as_str(), segs.as_slice()) {
        ("GET", [collection]) => match kind_of(collection) {
            Some(kind) => list(s, req, kind, base),
            None => not_found(collection),
        },
        ("GET", [collection, id]) => match kind_of(collection)
            .and_then(|k| s.list(k).iter().find(|r| r.id.to_string() == *id))
        {
            Some(r) => (200, json!({"data": resource(r, base)})),
            None => not_found(collection),
        },
        ("POST", [collection]) => match kind_of(collection) {
            Some(kind) => create(s, req, kind, base),
            None => not_found(collection),
        },
        ("PATCH", [collection, id]) => {
            let Some(kind) = kind_of(collection) else {
                return not_found(collection);
            };
            let body: Json = serde_json::from_str(&req.body).unwrap_or(Json::Null);
            let owner = body["data"]["relationships"]["owner"]["data"]["id"].as_u64();
            let Some(r) = s
                .list_mut(kind)
                .iter_mut()
                .find(|r| r.id.to_string() == *id)
            else {
                return not_found(collection);
            };
            if let Some(o) = owner {
                r.related.insert("owner", o);
            }
            let r = r.clone();
            (200, json!({"data": resource(&r, base)}))
        }
        ("POST", ["sequenceStates", id, "actions", "finish"]) => {
            let Some(r) = s.states.iter_mut().find(|r| r.id.to_string() == *id) else {
                return not_found("sequenceStates");
            };
            if r.attributes["state"] != "active" {
                return errors(
                    422,
                    "validationError",
                    "Validation Error",
                    "Sequence state is not active.",
                );
            }
            r.attributes["state"] = json!("finished");
            let r = r.clone();
            (200, json!({"data": resource(&r, base)}))
        }
        _ => not_found(req.path.as_str()),
    }
}

fn not_found(what: &str) -> (u16, Json) {
    errors(
        404,
        "resourceNotFound",
        "Resource Not Found",
        &format!("Could not find '{what}'."),
    )
}

fn token(s: &mut State, req: &Request) -> (u16, Json) {
    s.token_forms.push(req.body.clone());
    let form: HashMap<String, String> = url::form_urlencoded::parse(req.body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |k: &str| form.get(k).map(String::as_str);
    if get("grant_type") != Some("refresh_token")
        || get("client_id") != Some(CLIENT_ID)
        || get("client_secret") != Some(CLIENT_SECRET)
        || get("refresh_token") != Some(REFRESH_TOKEN)
    {
        return (
            400,
            json!({"error": "invalid_grant", "error_description": "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."}),
        );
    }
    s.refreshes += 1;
    let token = format!("or-access-refreshed-{:032}", s.refreshes);
    s.tokens.push(token.clone());
    (
        200,
        json!({"access_token": token, "token_type": "bearer", "expires_in": 7200,
                 "refresh_token": REFRESH_TOKEN, "scope": "prospects.all sequenceStates.all", "created_at": now()}),
    )
}

/// Does `r` pass the request's filters?
fn passes(r: &Res, req: &Request) -> bool {
    req.query.iter().all(|(k, v)| {
        let Some(f) = k.strip_prefix("filter[") else {
            return true;
        };
        let values: Vec<String> = v.split(',').map(|x| x.trim().to_lowercase()).collect();
        match f {
            "emails]" => r.attributes["emails"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Json::as_str)
                .any(|e| values.contains(&e.to_lowercase())),
            "email]" | "name]" | "state]" => {
                let attr = &f[..f.len() - 1];
                r.attributes[attr]
                    .as_str()
                    .is_some_and(|a| values.contains(&a.to_lowercase()))
            }
            "id]" => values.contains(&r.id.to_string()),
            rel => {
                let Some(name) = rel.strip_suffix("][id]") else {
                    return false;
                };
                r.related
                    .iter()
                    .find(|(k, _)| **k == name)
                    .is_some_and(|(_, id)| values.contains(&id.to_string()))
            }
        }
    })
}

fn list(s: &State, req: &Request, kind: &str, base: &str) -> (u16, Json) {
    let rows: Vec<&Res> = s.list(kind).iter().filter(|r| passes(r, req)).collect();
    let size = req
        .query
        .get("page[size]")
        .and_then(|n| n.parse().ok())
        .unwrap_or(50usize)
        .clamp(1, 1000)
        .min(s.page_cap.unwrap_or(1000));
    let from: usize = req
        .query
        .get("page[after]")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let page: Vec<Json> = rows
        .iter()
        .skip(from)
        .take(size)
        .map(|r| resource(r, base))
        .collect();
    let mut links = json!({});
    if from + page.len() < rows.len() {
        let mut q: Vec<String> = req
            .query
            .iter()
            .filter(|(k, _)| *k != "page[after]")
            .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
            .collect();
        q.sort();
        q.push(format!("page%5Bafter%5D={}", from + page.len()));
        links["next"] = json!(format!("{base}{}?{}", req.path, q.join("&")));
    }
    (200, json!({"data": page, "links": links, "meta": {}}))
}

fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn create(s: &mut State, req: &Request, kind: &'static str, base: &str) -> (u16, Json) {
    let body: Json = serde_json::from_str(&req.body).unwrap_or(Json::Null);
    let data = &body["data"];
    if data["type"] != kind {
        return errors(
            422,
            "validationError",
            "Validation Error",
            "The type must match the collection.",
        );
    }
    let mut related: HashMap<&'static str, u64> = HashMap::new();
    for name in ["prospect", "sequence", "mailbox", "account", "owner"] {
        if let Some(id) = data["relationships"][name]["data"]["id"].as_u64() {
            related.insert(name, id);
        }
    }
    let attributes = data["attributes"].clone();
    match kind {
        "prospect" => {
            let emails: Vec<String> = attributes["emails"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| e.as_str().map(str::to_string))
                .collect();
            if emails.iter().any(|e| s.prospect(e).is_some()) {
                return errors(
                    422,
                    "validationError",
                    "Validation Error",
                    "Contacts contact is using an email address that already exists.",
                );
            }
        }
        "sequenceState" => {
            for need in ["prospect", "sequence", "mailbox"] {
                let exists = related
                    .get(need)
                    .is_some_and(|id| s.list(need).iter().any(|r| r.id == *id));
                if !exists {
                    return errors(
                        422,
                        "validationError",
                        "Validation Error",
                        &format!("{need} must exist"),
                    );
                }
            }
            if s.raced_writes > 0 {
                s.raced_writes -= 1;
                let id = s.id();
                s.states.push(Res {
                    kind: "sequenceState",
                    id,
                    attributes: json!({"state": "active", "replyCount": 0, "repliedAt": null}),
                    related: related.clone(),
                });
            }
            let active = s.states.iter().any(|st| {
                st.related.get("prospect") == related.get("prospect")
                    && st.related.get("sequence") == related.get("sequence")
                    && st.attributes["state"] == "active"
            });
            if active {
                return errors(
                    422,
                    "validationError",
                    "Validation Error",
                    "Prospect is already active in this sequence.",
                );
            }
        }
        _ => {}
    }
    let mut attributes = if attributes.is_object() {
        attributes
    } else {
        json!({})
    };
    if kind == "sequenceState" {
        attributes = json!({"state": "active", "replyCount": 0, "repliedAt": null});
    }
    let id = s.id();
    let r = Res {
        kind,
        id,
        attributes,
        related,
    };
    s.list_mut(kind).push(r.clone());
    (201, json!({"data": resource(&r, base)}))
}
