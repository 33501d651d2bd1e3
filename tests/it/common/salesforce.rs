//! A Salesforce org and a Slack webhook on 127.0.0.1, for `cs submit`
//! tests: a real HTTP/1.1 server (std only) that answers as the Salesforce
//! REST API documents (upsert 201/200 with `created`, sObject Collections
//! per-record results, error arrays with errorCode, Bulk API 2.0 job
//! states and result CSVs, OAuth token replies) and as Slack webhooks do.
//! Faults are injected per route: a status instead of an answer, a
//! connection dropped after the write was stored, an answer slower than
//! the client's timeout, an expired token.

use serde_json::{Value as Json, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[path = "soql.rs"]
mod soql;

/// Does the request only read (a GET, or a Composite call, which cs sends
/// only with queries)?
pub fn is_read(request: &str) -> bool {
    request.starts_with("GET") || request.ends_with("/composite")
}

#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer this status and body without doing anything.
    Status(u16, &'static str, Option<&'static str>),
    /// Do the work, then close the connection without answering.
    DropAfterStore,
    /// Do the work, then answer after this long.
    Slow(Duration),
    /// Expire the current token and answer 401 INVALID_SESSION_ID.
    ExpireToken,
    /// Do the work, then answer this status and body instead of the real
    /// answer (a proxy that rewrites it, a 201 with no id).
    StoreThenAnswer(u16, &'static str),
    /// Do the work, then answer its JSON array results rotated by one (an
    /// answer whose order does not follow the records).
    ShiftResults,
    /// Do the work, then send the answer's head at once and its body one
    /// byte at a time, this long apart (a server or proxy that drips).
    Drip(Duration),
    /// Answer a query with a full page of this many records and a next
    /// page, each time another (a query without end).
    EndlessPages(usize),
}

struct Rule {
    method: &'static str,
    path_contains: &'static str,
    fault: Fault,
    times: usize,
}

#[derive(Debug, Clone)]
pub struct Rec {
    pub sobject: String,
    pub id: String,
    pub fields: serde_json::Map<String, Json>,
    pub created: String,
    pub modified: String,
}

#[derive(Debug, Clone, Default)]
pub struct Job {
    pub object: String,
    pub state: String,
    pub csv: String,
    pub ok: Vec<(String, bool, Vec<String>)>,
    pub failed: Vec<(String, String, Vec<String>)>,
    pub header: Vec<String>,
    pub polls_left: usize,
}

#[derive(Default)]
pub struct State {
    /// Every record, in creation order.
    pub records: Vec<Rec>,
    /// How often each record (by Id) was written.
    pub writes: HashMap<String, usize>,
    /// Every request: "METHOD /path".
    pub requests: Vec<String>,
    pub valid_tokens: Vec<String>,
    pub issued_tokens: Vec<String>,
    pub logins: usize,
    pub client_id: String,
    pub client_secret: String,
    pub record_types: Vec<(String, String, String, String)>,
    pub case_numbers: HashMap<String, String>,
    pub jobs: Vec<(String, Job)>,
    pub slack_posts: Vec<Json>,
    /// Polls a Bulk API job answers InProgress before JobComplete.
    pub job_polls: usize,
    /// Records a query page holds (0: Salesforce's 2,000).
    pub page_size: usize,
    /// Query results not yet read, by query locator: (records, totalSize).
    pub cursors: HashMap<String, (Vec<Json>, usize)>,
    /// The fields of each object the org describes (objects not listed
    /// take any field).
    pub schema: HashMap<String, Vec<String>>,
    /// GET /sobjects/{object}/describe answers, by object.
    pub describes: HashMap<String, Json>,
    /// Bulk API ingest results in an order other than the upload's.
    pub shuffle_results: bool,
    /// Every SOQL statement asked, with how: "rest" or "bulk".
    pub soql_log: Vec<(&'static str, String)>,
    /// Bulk API 2.0 query jobs: their results as CSV rows (header first).
    pub query_jobs: Vec<(String, Vec<String>)>,
    /// Records per set of query job results (Salesforce's own choice;
    /// 0: what maxRecords asks).
    pub query_set: usize,
    rules: Vec<Rule>,
    counter: usize,
}

pub struct FakeOrg {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

pub const TOKEN: &str = "00DTEST!AR8AQP0jITN80ESEsj5EbaZTFG0RNBaT1cyWk7TrqoDjoNIWQ2ME";
pub const CLIENT_SECRET: &str = "CS-CLIENT-SECRET-5f1b0c9e7a2d4f68b3e1";
/// The Id of the user the test org's tokens belong to.
pub const API_USER: &str = "005000000000099AAA";
pub const WEBHOOK_PATH: &str = "/services/T0001/B0001/XoXoWebhookSecretPart123";

impl FakeOrg {
    pub fn start() -> Self {
        let state = Arc::new(Mutex::new(State {
            valid_tokens: vec![TOKEN.to_string()],
            client_id: "cs-client-id".into(),
            client_secret: CLIENT_SECRET.into(),
            record_types: vec![
                (
                    "Case".into(),
                    "012000000000ESCAAA".into(),
                    "Escalations".into(),
                    "Escalations".into(),
                ),
                (
                    "Case".into(),
                    "012000000000CSMAAA".into(),
                    "Customer Success".into(),
                    "Customer_Success".into(),
                ),
                (
                    "Case".into(),
                    "012000000000CRSAAA".into(),
                    "Course".into(),
                    "Course".into(),
                ),
            ],
            ..Default::default()
        }));
        let url = listen(&state, serve);
        Self { url, state }
    }

    pub fn webhook(&self) -> String {
        format!("{}{WEBHOOK_PATH}", self.url)
    }

    /// Injects `fault` into the next `times` requests whose method is
    /// `method` and whose path contains `path_contains`.
    pub fn fault(
        &self,
        method: &'static str,
        path_contains: &'static str,
        fault: Fault,
        times: usize,
    ) {
        self.state.lock().unwrap().rules.push(Rule {
            method,
            path_contains,
            fault,
            times,
        });
    }

    /// Adds a record (an Account, Opportunity or Case that exists already).
    pub fn seed(&self, sobject: &str, id: &str, fields: Json) {
        let mut s = self.state.lock().unwrap();
        s.records.push(Rec {
            sobject: sobject.into(),
            id: id.into(),
            fields: fields.as_object().cloned().unwrap_or_default(),
            created: "2026-01-01T00:00:00.000+0000".into(),
            modified: "2026-01-01T00:00:00.000+0000".into(),
        });
    }

    /// A person changes a record in the org: its fields, its
    /// SystemModstamp, and who last modified it (a User's Id).
    pub fn edit(&self, id: &str, fields: Json, by: &str) {
        let mut s = self.state.lock().unwrap();
        let stamp = now(&mut s);
        let r = s
            .records
            .iter_mut()
            .find(|r| r.id == id)
            .expect("a record to edit");
        r.fields
            .extend(fields.as_object().cloned().unwrap_or_default());
        r.fields.insert("LastModifiedById".into(), json!(by));
        r.modified = stamp;
    }

    pub fn with<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&self.state.lock().unwrap())
    }

    /// The records of `sobject` whose `field` is `value`.
    pub fn find(&self, sobject: &str, field: &str, value: &str) -> Vec<Rec> {
        self.with(|s| {
            s.records
                .iter()
                .filter(|r| {
                    r.sobject == sobject
                        && r.fields.get(field).and_then(Json::as_str) == Some(value)
                })
                .cloned()
                .collect()
        })
    }

    pub fn writes(&self, id: &str) -> usize {
        self.with(|s| s.writes.get(id).copied().unwrap_or(0))
    }

    pub fn requests(&self) -> Vec<String> {
        self.with(|s| s.requests.clone())
    }
}

/// Listens on 127.0.0.1 (a free port) and answers each connection with
/// `serve(conn, state, base URL)` on a thread of its own; the base URL.
pub fn listen<S: Send + Sync + 'static>(
    state: &Arc<Mutex<S>>,
    serve: fn(TcpStream, &Arc<Mutex<S>>, &str),
) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let st = state.clone();
    let base = url.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let st = st.clone();
            let base = base.clone();
            std::thread::spawn(move || serve(conn, &st, &base));
        }
    });
    url
}

/// An HTTP/1.1 request as the test servers read it.
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: HashMap<String, String>,
    /// The request target as sent (path and query).
    pub target: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub body: String,
}

/// Reads one request (the test servers answer one per connection).
pub fn read_request(conn: &TcpStream) -> Option<Request> {
    let mut r = BufReader::new(conn.try_clone().ok()?);
    let mut line = String::new();
    r.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    let (path, query) = split_target(&target);
    Some(Request {
        method,
        path,
        query,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// A request target's path and decoded query parameters.
fn split_target(target: &str) -> (String, HashMap<String, String>) {
    let (path, q) = target.split_once('?').unwrap_or((target, ""));
    let query = q
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    (path.to_string(), query)
}

/// Percent-decoding, with `+` as a space (query strings and forms).
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

struct Reply {
    status: u16,
    body: String,
    content_type: &'static str,
    retry_after: Option<&'static str>,
    /// Bulk API 2.0 query results: `Sforce-Locator` ("null" on the last set).
    locator: Option<String>,
}

fn json_reply(status: u16, body: Json) -> Reply {
    Reply {
        status,
        body: body.to_string(),
        content_type: "application/json",
        locator: None,
        retry_after: None,
    }
}

fn write_reply(mut conn: &TcpStream, r: &Reply) {
    let mut head = Vec::new();
    write_head(&mut head, r);
    let _ = conn.write_all(&head);
    let _ = conn.write_all(r.body.as_bytes());
    let _ = conn.flush();
}

/// The status line and headers of `r`.
fn write_head(out: &mut Vec<u8>, r: &Reply) {
    let reason = match r.status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        r.status,
        r.content_type,
        r.body.len()
    );
    if let Some(ra) = r.retry_after {
        head.push_str(&format!("Retry-After: {ra}\r\n"));
    }
    if let Some(l) = &r.locator {
        head.push_str(&format!("Sforce-Locator: {l}\r\n"));
        head.push_str(&format!(
            "Sforce-NumberOfRecords: {}\r\n",
            r.body.lines().count().saturating_sub(1)
        ));
    }
    head.push_str("\r\n");
    out.extend_from_slice(head.as_bytes());
}

/// The system dateTime fields every record has.
fn is_datetime(field: &str) -> bool {
    matches!(field, "SystemModstamp" | "LastModifiedDate" | "CreatedDate")
}

fn content_type_of(body: &str) -> &'static str {
    if body.starts_with('[') || body.starts_with('{') {
        "application/json"
    } else if body.starts_with('<') {
        "text/html; charset=utf-8"
    } else {
        "text/plain"
    }
}

fn serve(conn: TcpStream, st: &Arc<Mutex<State>>, base: &str) {
    let Some(req) = read_request(&conn) else {
        return;
    };
    let fault = {
        let mut s = st.lock().unwrap();
        s.requests.push(format!("{} {}", req.method, req.path));
        let hit = s
            .rules
            .iter_mut()
            .find(|r| r.times > 0 && r.method == req.method && req.path.contains(r.path_contains));
        hit.map(|r| {
            r.times -= 1;
            r.fault.clone()
        })
    };
    match fault {
        Some(Fault::Status(code, body, retry_after)) => {
            let reply = Reply {
                status: code,
                body: body.to_string(),
                content_type: content_type_of(body),
                locator: None,
                retry_after,
            };
            write_reply(&conn, &reply);
        }
        Some(Fault::StoreThenAnswer(code, body)) => {
            let _ = route(&req, st, base);
            write_reply(
                &conn,
                &Reply {
                    status: code,
                    body: body.to_string(),
                    content_type: content_type_of(body),
                    locator: None,
                    retry_after: None,
                },
            );
        }
        Some(Fault::ShiftResults) => {
            let mut reply = route(&req, st, base);
            if let Ok(Json::Array(mut a)) = serde_json::from_str::<Json>(&reply.body) {
                a.rotate_left(1);
                reply.body = Json::Array(a).to_string();
            }
            write_reply(&conn, &reply);
        }
        Some(Fault::ExpireToken) => {
            st.lock().unwrap().valid_tokens.clear();
            write_reply(
                &conn,
                &json_reply(
                    401,
                    json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]),
                ),
            );
        }
        Some(Fault::DropAfterStore) => {
            let _ = route(&req, st, base);
            let _ = conn.shutdown(std::net::Shutdown::Both);
        }
        Some(Fault::Slow(d)) => {
            let reply = route(&req, st, base);
            std::thread::sleep(d);
            write_reply(&conn, &reply);
        }
        Some(Fault::EndlessPages(n)) => write_reply(&conn, &endless_page(st, n)),
        Some(Fault::Drip(gap)) => {
            let mut reply = route(&req, st, base);
            // Long enough to outlast any --timeout a test gives.
            reply.body.push_str(&" ".repeat(120));
            let mut head = Vec::new();
            write_head(&mut head, &reply);
            let mut c = &conn;
            if c.write_all(&head).is_err() {
                return;
            }
            for b in reply.body.bytes() {
                if c.write_all(&[b]).and_then(|_| c.flush()).is_err() {
                    return;
                }
                std::thread::sleep(gap);
            }
        }
        None if req.method == "POST" && req.path == "/services/data/v66.0/composite" => {
            write_reply(&conn, &composite(&req, st, base));
        }
        None => {
            let reply = route(&req, st, base);
            write_reply(&conn, &reply);
        }
    }
}

/// A full page of `n` records with a next page, another each time.
fn endless_page(st: &Arc<Mutex<State>>, n: usize) -> Reply {
    let mut s = st.lock().unwrap();
    s.counter += 1;
    let records: Vec<Json> = (0..n)
        .map(|i| json!({"attributes": {"type": "Account"}, "Id": format!("001{i:012}AAA"), "Name": "x"}))
        .collect();
    json_reply(
        200,
        json!({"totalSize": 100_000_000, "done": false,
               "nextRecordsUrl": format!("/services/data/v66.0/query/01gEND{:09}-2000", s.counter),
               "records": records}),
    )
}

/// POST /composite, as the REST API Developer Guide's "Send Multiple
/// Requests Using Composite" describes it: up to 25 subrequests, of which
/// at most 5 may be queries (or sObject Collections); each is run as its
/// own request with the caller's session, and the answer holds each one's
/// body, headers, status and referenceId, in order. The whole counts as
/// one call.
fn composite(req: &Request, st: &Arc<Mutex<State>>, base: &str) -> Reply {
    let body: Json = serde_json::from_str(&req.body).unwrap_or(Json::Null);
    let Some(subs) = body["compositeRequest"].as_array() else {
        return json_reply(
            400,
            json!([{"errorCode": "JSON_PARSER_ERROR", "message": "compositeRequest is required"}]),
        );
    };
    let queries = subs
        .iter()
        .filter(|r| {
            let url = r["url"].as_str().unwrap_or("");
            url.contains("/query") || url.contains("/composite/sobjects")
        })
        .count();
    if subs.len() > 25 || queries > 5 {
        return json_reply(
            400,
            json!([{"errorCode": "LIMIT_EXCEEDED",
                    "message": format!("{} subrequests, {queries} of them queries: the limits are 25 and 5", subs.len())}]),
        );
    }
    let mut out = Vec::new();
    for r in subs {
        let (path, query) = split_target(r["url"].as_str().unwrap_or(""));
        let sub = Request {
            method: r["method"].as_str().unwrap_or("GET").to_string(),
            path,
            query,
            target: r["url"].as_str().unwrap_or("").to_string(),
            headers: req.headers.clone(),
            body: if r["body"].is_null() {
                String::new()
            } else {
                r["body"].to_string()
            },
        };
        // A fault injected for the subrequest's own path answers it.
        let fault = {
            let mut s = st.lock().unwrap();
            let hit = s.rules.iter_mut().find(|r| {
                r.times > 0 && r.method == sub.method && sub.path.contains(r.path_contains)
            });
            hit.map(|r| {
                r.times -= 1;
                r.fault.clone()
            })
        };
        let reply = match fault {
            Some(Fault::Status(code, body, _)) => Reply {
                status: code,
                body: body.to_string(),
                content_type: content_type_of(body),
                locator: None,
                retry_after: None,
            },
            Some(Fault::EndlessPages(n)) => endless_page(st, n),
            _ => route(&sub, st, base),
        };
        out.push(json!({
            "body": serde_json::from_str::<Json>(&reply.body).unwrap_or(Json::Null),
            "httpHeaders": {},
            "httpStatusCode": reply.status,
            "referenceId": r["referenceId"],
        }));
    }
    json_reply(200, json!({"compositeResponse": out}))
}

/// The org's clock: the time now, as REST answers write it, each stamp
/// unique (the counter as milliseconds), as cs's own clock sees it: an
/// undo holds CreatedDate against the time of the run.
fn now(s: &mut State) -> String {
    s.counter += 1;
    format!(
        "{}.{:03}+0000",
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S"),
        s.counter % 1000
    )
}

fn new_id(s: &mut State, sobject: &str) -> String {
    s.counter += 1;
    // The key prefixes Salesforce gives standard objects' Ids; a custom
    // object's is the org's own.
    let prefix = match sobject {
        "Case" => "500",
        "Account" => "001",
        "Contact" => "003",
        "User" => "005",
        "Opportunity" => "006",
        "Note" => "002",
        "Task" => "00T",
        "CaseComment" => "00a",
        "ContentVersion" => "068",
        _ => "a0X",
    };
    format!("{prefix}{:012}AAA", s.counter)
}

fn not_found() -> Reply {
    json_reply(
        404,
        json!([{"errorCode": "NOT_FOUND", "message": "The requested resource does not exist"}]),
    )
}

fn same_id(a: &str, b: &str) -> bool {
    a == b || (a.len() >= 15 && b.len() >= 15 && a[..15] == b[..15])
}

fn route(req: &Request, st: &Arc<Mutex<State>>, base: &str) -> Reply {
    let mut s = st.lock().unwrap();
    if req.path == "/services/oauth2/token" {
        let form: HashMap<String, String> = req
            .body
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (decode(k), decode(v)))
            .collect();
        let ok = form.get("grant_type").map(String::as_str) == Some("client_credentials")
            && form.get("client_id") == Some(&s.client_id)
            && form.get("client_secret") == Some(&s.client_secret);
        if !ok {
            return json_reply(
                400,
                json!({"error": "invalid_client", "error_description": "invalid client credentials"}),
            );
        }
        s.logins += 1;
        let token = format!("00DTEST!issued-token-{}-{}", s.logins, "Zq8vR2LmN4pW7xY");
        s.valid_tokens = vec![token.clone()];
        s.issued_tokens.push(token.clone());
        return json_reply(
            200,
            json!({"access_token": token, "instance_url": base, "id": format!("{base}/id/00D/005"), "token_type": "Bearer", "issued_at": "1763800000000", "signature": "c2lnbmF0dXJl"}),
        );
    }
    if req.path == WEBHOOK_PATH {
        return match serde_json::from_str::<Json>(&req.body) {
            Ok(j) if j["text"].is_string() => {
                s.slack_posts.push(j);
                Reply {
                    status: 200,
                    body: "ok".into(),
                    content_type: "text/plain",
                    locator: None,
                    retry_after: None,
                }
            }
            _ => Reply {
                status: 400,
                body: "invalid_payload".into(),
                content_type: "text/plain",
                retry_after: None,
                locator: None,
            },
        };
    }
    let Some(rest) = req.path.strip_prefix("/services/data/v66.0/") else {
        return not_found();
    };
    let bearer = req
        .headers
        .get("authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .unwrap_or("");
    if !s.valid_tokens.iter().any(|t| t == bearer) {
        return json_reply(
            401,
            json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]),
        );
    }
    let seg: Vec<String> = rest.split('/').map(decode).collect();
    let seg: Vec<&str> = seg.iter().map(String::as_str).collect();
    let body: Json = serde_json::from_str(&req.body).unwrap_or(Json::Null);
    match (req.method.as_str(), seg.as_slice()) {
        // Resources by Version: the resources, and the identity URL of the
        // user the token belongs to.
        ("GET", [""]) => json_reply(
            200,
            json!({"sobjects": "/services/data/v66.0/sobjects", "query": "/services/data/v66.0/query",
                   "composite": "/services/data/v66.0/composite",
                   "identity": format!("{base}/id/00D000000000001AAA/{API_USER}")}),
        ),
        ("DELETE", ["sobjects", sobject, id]) => {
            match s
                .records
                .iter()
                .position(|r| r.sobject == *sobject && r.id == *id)
            {
                Some(i) => {
                    s.records.remove(i);
                    Reply {
                        status: 204,
                        body: String::new(),
                        content_type: "application/json",
                        locator: None,
                        retry_after: None,
                    }
                }
                None => json_reply(
                    404,
                    json!([{"errorCode": "ENTITY_IS_DELETED", "message": "entity is deleted"}]),
                ),
            }
        }
        ("GET", ["query"]) => query(&mut s, req.query.get("q").map(String::as_str).unwrap_or("")),
        ("POST", ["jobs", "query"]) => query_job(&mut s, &body),
        ("GET", ["jobs", "query", id]) => match s.query_jobs.iter().find(|(i, _)| i == id) {
            Some((_, rows)) => json_reply(
                200,
                json!({"id": id, "operation": "query", "state": "JobComplete", "numberRecordsProcessed": rows.len() - 1}),
            ),
            None => not_found(),
        },
        ("GET", ["jobs", "query", id, "results"]) => query_results(&s, id, &req.query),
        ("GET", ["query", cursor]) => next_page(&mut s, cursor),
        ("GET", ["sobjects", sobject, "describe"]) => match s.describes.get(*sobject) {
            Some(d) => json_reply(200, d.clone()),
            None => json_reply(
                404,
                json!([{"errorCode": "NOT_FOUND", "message": format!("The requested resource does not exist: {sobject}")}]),
            ),
        },
        ("PATCH", ["sobjects", sobject, field, value]) => {
            let Some(obj) = body.as_object() else {
                return json_reply(
                    400,
                    json!([{"errorCode": "JSON_PARSER_ERROR", "message": "no body"}]),
                );
            };
            if obj.contains_key(*field) {
                return json_reply(
                    400,
                    json!([{"errorCode": "INVALID_FIELD", "message": format!("{field} is in the body and the URL")}]),
                );
            }
            match upsert(&mut s, sobject, field, value, obj) {
                Ok((id, created)) => json_reply(
                    if created { 201 } else { 200 },
                    json!({"id": id, "success": true, "errors": [], "created": created}),
                ),
                Err(e) => json_reply(400, json!([e])),
            }
        }
        // sObject Collections upsert (API 46+): up to 200 records of the
        // URI's object, each with its External ID in the body; one
        // UpsertResult each, in order.
        ("PATCH", ["composite", "sobjects", sobject, field]) => {
            let records = body["records"].as_array().cloned().unwrap_or_default();
            if records.is_empty() || records.len() > 200 {
                return json_reply(
                    400,
                    json!([{"errorCode": "INVALID_BATCH_SIZE", "message": "between 1 and 200 records"}]),
                );
            }
            let mut out = Vec::new();
            for rec in records {
                let mut obj = rec.as_object().cloned().unwrap_or_default();
                obj.remove("attributes");
                let value = obj
                    .remove(*field)
                    .and_then(|v| v.as_str().map(str::to_string));
                let result = match (rec["attributes"]["type"].as_str(), value) {
                    (Some(t), _) if t != *sobject => Err(json!({"statusCode": "INVALID_TYPE", "message": "type differs from the URI", "fields": []})),
                    (None, _) => Err(json!({"statusCode": "INVALID_TYPE", "message": "attributes.type is required", "fields": []})),
                    (_, None) => Err(json!({"statusCode": "REQUIRED_FIELD_MISSING", "message": format!("{field} is required"), "fields": [field]})),
                    (_, Some(v)) => upsert(&mut s, sobject, field, &v, &obj).map_err(|e| {
                        json!({"statusCode": e["errorCode"], "message": e["message"], "fields": e.get("fields").cloned().unwrap_or(json!([]))})
                    }),
                };
                out.push(match result {
                    Ok((id, created)) => {
                        json!({"id": id, "success": true, "errors": [], "created": created})
                    }
                    Err(e) => json!({"success": false, "errors": [e]}),
                });
            }
            json_reply(200, Json::Array(out))
        }
        ("GET", ["sobjects", sobject, field, value]) => {
            let Some(r) = s.records.iter().find(|r| {
                r.sobject == *sobject && r.fields.get(*field).and_then(Json::as_str) == Some(value)
            }) else {
                return not_found();
            };
            json_reply(200, record_json(r, req.query.get("fields")))
        }
        ("POST", ["sobjects", sobject]) => {
            let stamp = now(&mut s);
            let id = new_id(&mut s, sobject);
            let mut fields = body.as_object().cloned().unwrap_or_default();
            // Created through the API, by the user the token belongs to.
            fields.insert("CreatedById".into(), json!(API_USER));
            s.records.push(Rec {
                sobject: sobject.to_string(),
                id: id.clone(),
                fields,
                created: stamp.clone(),
                modified: stamp,
            });
            *s.writes.entry(id.clone()).or_default() += 1;
            json_reply(201, json!({"id": id, "success": true, "errors": []}))
        }
        ("PATCH", ["composite", "sobjects"]) => {
            let mut out = Vec::new();
            for rec in body["records"].as_array().cloned().unwrap_or_default() {
                let id = rec["id"].as_str().unwrap_or("").to_string();
                let ty = rec["attributes"]["type"].as_str().unwrap_or("").to_string();
                let mut fields = rec.as_object().cloned().unwrap_or_default();
                fields.remove("attributes");
                fields.remove("id");
                out.push(update(&mut s, &ty, &id, &fields));
            }
            let results: Vec<Json> = out
                .into_iter()
                .map(|r| match r {
                    Ok(id) => json!({"id": id, "success": true, "errors": []}),
                    Err((code, msg)) => json!({"success": false, "errors": [{"statusCode": code, "message": msg, "fields": []}]}),
                })
                .collect();
            json_reply(200, Json::Array(results))
        }
        ("GET", ["composite", "sobjects", sobject]) => {
            let ids: Vec<String> = req
                .query
                .get("ids")
                .map(|v| v.split(',').map(str::to_string).collect())
                .unwrap_or_default();
            let list: Vec<Json> = ids
                .iter()
                .map(|id| {
                    s.records
                        .iter()
                        .find(|r| r.sobject == *sobject && same_id(&r.id, id))
                        .map(|r| record_json(r, req.query.get("fields")))
                        .unwrap_or(Json::Null)
                })
                .collect();
            json_reply(200, Json::Array(list))
        }
        ("POST", ["jobs", "ingest"]) => {
            s.counter += 1;
            let id = format!("750{:012}AAA", s.counter);
            let polls = s.job_polls;
            let job = Job {
                object: body["object"].as_str().unwrap_or("").into(),
                state: "Open".into(),
                polls_left: polls,
                ..Default::default()
            };
            s.jobs.push((id.clone(), job));
            json_reply(
                200,
                json!({"id": id, "operation": "update", "object": body["object"], "state": "Open", "contentType": "CSV", "lineEnding": "LF", "columnDelimiter": "COMMA", "contentUrl": format!("services/data/v66.0/jobs/ingest/{id}/batches")}),
            )
        }
        ("PUT", ["jobs", "ingest", id, "batches"]) => {
            let Some(j) = s.jobs.iter_mut().find(|(i, _)| i == id) else {
                return not_found();
            };
            if j.1.state != "Open" {
                return json_reply(
                    400,
                    json!([{"errorCode": "INVALIDJOBSTATE", "message": "the job is not open"}]),
                );
            }
            j.1.csv.push_str(&req.body);
            Reply {
                status: 201,
                body: String::new(),
                content_type: "text/plain",
                retry_after: None,
                locator: None,
            }
        }
        ("PATCH", ["jobs", "ingest", id]) => {
            let Some(pos) = s.jobs.iter().position(|(i, _)| i == id) else {
                return not_found();
            };
            if body["state"] == "Aborted" && s.jobs[pos].1.state == "Open" {
                s.jobs[pos].1.state = "Aborted".into();
                return json_reply(200, json!({"id": id, "state": "Aborted"}));
            }
            if body["state"] != "UploadComplete" {
                return json_reply(
                    400,
                    json!([{"errorCode": "INVALIDJOBSTATE", "message": "unsupported state change"}]),
                );
            }
            let job = s.jobs[pos].1.clone();
            let mut rdr = csv::Reader::from_reader(job.csv.as_bytes());
            let header: Vec<String> = rdr
                .headers()
                .map(|h| h.iter().map(str::to_string).collect())
                .unwrap_or_default();
            let rows: Vec<Vec<String>> = rdr
                .records()
                .filter_map(Result::ok)
                .map(|r| r.iter().map(str::to_string).collect())
                .collect();
            let mut ok = Vec::new();
            let mut failed = Vec::new();
            for row in rows {
                let id = row.first().cloned().unwrap_or_default();
                let mut fields = serde_json::Map::new();
                for (h, v) in header.iter().zip(&row).skip(1) {
                    if !v.is_empty() {
                        fields.insert(h.clone(), if v == "#N/A" { Json::Null } else { json!(v) });
                    }
                }
                match update(&mut s, &job.object, &id, &fields) {
                    Ok(full) => ok.push((full, false, row)),
                    Err((code, msg)) => {
                        failed.push((String::new(), format!("{code}:{msg}:--"), row))
                    }
                }
            }
            let j = &mut s.jobs[pos].1;
            j.header = header;
            j.ok = ok;
            j.failed = failed;
            j.state = if j.polls_left > 0 {
                "InProgress".into()
            } else {
                "JobComplete".into()
            };
            json_reply(
                200,
                json!({"id": id, "state": "UploadComplete", "object": j.object}),
            )
        }
        ("GET", ["jobs", "ingest", id]) => {
            let Some(j) = s.jobs.iter_mut().find(|(i, _)| i == id) else {
                return not_found();
            };
            let job = &mut j.1;
            let state = job.state.clone();
            if job.state == "InProgress" {
                job.polls_left = job.polls_left.saturating_sub(1);
                if job.polls_left == 0 {
                    job.state = "JobComplete".into();
                }
            }
            json_reply(
                200,
                json!({"id": id, "state": state, "object": job.object, "operation": "update", "numberRecordsProcessed": job.ok.len() + job.failed.len(), "numberRecordsFailed": job.failed.len()}),
            )
        }
        ("GET", ["jobs", "ingest", id, which, ""]) => {
            let Some(j) = s.jobs.iter().find(|(i, _)| i == id) else {
                return not_found();
            };
            let job = &j.1;
            let mut w = csv::Writer::from_writer(Vec::new());
            let (a, b) = if *which == "successfulResults" {
                ("sf__Id", "sf__Created")
            } else {
                ("sf__Id", "sf__Error")
            };
            let mut head = vec![a.to_string(), b.to_string()];
            head.extend(job.header.iter().cloned());
            w.write_record(&head).unwrap();
            let mut rows: Vec<Vec<String>> = if *which == "successfulResults" {
                job.ok
                    .iter()
                    .map(|(id, created, row)| {
                        [vec![id.clone(), created.to_string()], row.clone()].concat()
                    })
                    .collect()
            } else {
                job.failed
                    .iter()
                    .map(|(id, err, row)| [vec![id.clone(), err.clone()], row.clone()].concat())
                    .collect()
            };
            // Salesforce does not keep the file's order in its results.
            if s.shuffle_results {
                rows.reverse();
                let half = rows.len() / 2;
                rows.rotate_left(half);
            }
            for r in rows {
                w.write_record(&r).unwrap();
            }
            Reply {
                status: 200,
                body: String::from_utf8(w.into_inner().unwrap()).unwrap(),
                content_type: "text/csv",
                retry_after: None,
                locator: None,
            }
        }
        _ => not_found(),
    }
}

/// Creates or updates the `sobject` whose External ID `field` is `value`:
/// (Id, created), or the error Salesforce gives.
fn upsert(
    s: &mut State,
    sobject: &str,
    field: &str,
    value: &str,
    obj: &serde_json::Map<String, Json>,
) -> Result<(String, bool), Json> {
    let rt = obj.get("RecordTypeId").and_then(Json::as_str);
    if rt.is_some_and(|rt| {
        !s.record_types
            .iter()
            .any(|(o, id, _, _)| o == sobject && id == rt)
    }) {
        return Err(
            json!({"errorCode": "INVALID_CROSS_REFERENCE_KEY", "message": "Record Type ID: this ID value isn't valid for the user", "fields": ["RecordTypeId"]}),
        );
    }
    if obj
        .get("Subject")
        .and_then(Json::as_str)
        .is_some_and(|v| v.chars().count() > 255)
    {
        return Err(
            json!({"errorCode": "STRING_TOO_LONG", "message": "Subject: data value too large", "fields": ["Subject"]}),
        );
    }
    let stamp = now(s);
    let hit = s.records.iter().position(|r| {
        r.sobject == sobject && r.fields.get(field).and_then(Json::as_str) == Some(value)
    });
    let (id, created) = match hit {
        Some(i) => {
            let r = &mut s.records[i];
            r.fields.extend(obj.clone());
            r.modified = stamp;
            (r.id.clone(), false)
        }
        None => {
            let id = new_id(s, sobject);
            let mut fields = obj.clone();
            fields.insert(field.to_string(), json!(value));
            fields.insert("CreatedById".into(), json!(API_USER));
            s.records.push(Rec {
                sobject: sobject.to_string(),
                id: id.clone(),
                fields,
                created: stamp.clone(),
                modified: stamp,
            });
            (id, true)
        }
    };
    *s.writes.entry(id.clone()).or_default() += 1;
    Ok((id, created))
}

fn update(
    s: &mut State,
    sobject: &str,
    id: &str,
    fields: &serde_json::Map<String, Json>,
) -> Result<String, (String, String)> {
    if id.len() != 15 && id.len() != 18 {
        return Err(("MALFORMED_ID".into(), format!("malformed id {id}")));
    }
    let stamp = now(s);
    let Some(r) = s
        .records
        .iter_mut()
        .find(|r| r.sobject == sobject && same_id(&r.id, id))
    else {
        return Err(("ENTITY_IS_DELETED".into(), "entity is deleted".into()));
    };
    for (k, v) in fields {
        r.fields.insert(k.clone(), v.clone());
    }
    r.modified = stamp;
    let full = r.id.clone();
    *s.writes.entry(full.clone()).or_default() += 1;
    Ok(full)
}

fn record_json(r: &Rec, fields: Option<&String>) -> Json {
    let mut m = serde_json::Map::new();
    m.insert("attributes".into(), json!({"type": r.sobject, "url": format!("/services/data/v66.0/sobjects/{}/{}", r.sobject, r.id)}));
    let wanted: Option<Vec<&str>> = fields.map(|f| f.split(',').collect());
    let all = wanted.is_none();
    let want = |k: &str| all || wanted.as_ref().is_some_and(|w| w.contains(&k));
    if want("Id") {
        m.insert("Id".into(), json!(r.id));
    }
    if want("CreatedDate") {
        m.insert("CreatedDate".into(), json!(r.created));
    }
    if want("LastModifiedDate") {
        m.insert("LastModifiedDate".into(), json!(r.modified));
    }
    for (k, v) in &r.fields {
        if want(k) {
            m.insert(k.clone(), v.clone());
        }
    }
    Json::Object(m)
}

fn query(s: &mut State, q: &str) -> Reply {
    let quoted: Vec<String> = q
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    s.soql_log.push(("rest", q.to_string()));
    let records: Vec<Json> = if q.contains("FROM RecordType") {
        let sobject = quoted.first().cloned().unwrap_or_default();
        s.record_types
            .iter()
            .filter(|(o, ..)| *o == sobject)
            .map(|(_, id, name, dev)| json!({"attributes": {"type": "RecordType"}, "Id": id, "Name": name, "DeveloperName": dev}))
            .collect()
    } else if q.contains("FROM Case WHERE CaseNumber IN") {
        quoted
            .iter()
            .filter_map(|n| {
                s.case_numbers
                    .get(n)
                    .map(|id| json!({"attributes": {"type": "Case"}, "Id": id, "CaseNumber": n}))
            })
            .collect()
    } else {
        match soql::run(s, q) {
            Ok(r) => r,
            Err((code, message)) => {
                return json_reply(400, json!([{"errorCode": code, "message": message}]));
            }
        }
    };
    page(s, records)
}

/// POST /jobs/query: runs the query at once; the job is JobComplete.
fn query_job(s: &mut State, body: &Json) -> Reply {
    let q = body["query"].as_str().unwrap_or("");
    if body["operation"] != "query" {
        return json_reply(
            400,
            json!([{"errorCode": "INVALIDJOB", "message": "operation must be query or queryAll"}]),
        );
    }
    s.soql_log.push(("bulk", q.to_string()));
    let records = match soql::run(s, q) {
        Ok(r) => r,
        Err((code, message)) => {
            return json_reply(400, json!([{"errorCode": code, "message": message}]));
        }
    };
    let fields: Vec<String> = q[7..q.find(" FROM ").unwrap_or(7)]
        .split(',')
        .map(|f| f.trim().to_string())
        .collect();
    let mut rows = vec![
        fields
            .iter()
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(","),
    ];
    for r in &records {
        let cells: Vec<String> = fields
            .iter()
            .map(|f| {
                let v = f.split('.').fold(r, |v, k| &v[k]);
                let text = match v {
                    Json::Null => String::new(),
                    // Bulk API 2.0 query results write a dateTime in UTC
                    // with a Z (2026-11-20T10:00:00.000Z), where REST
                    // answers write +0000.
                    Json::String(t) if is_datetime(f) => match t.strip_suffix("+0000") {
                        Some(utc) => format!("{utc}Z"),
                        None => t.clone(),
                    },
                    Json::String(t) => t.clone(),
                    other => other.to_string(),
                };
                format!("\"{}\"", text.replace('"', "\"\""))
            })
            .collect();
        rows.push(cells.join(","));
    }
    s.counter += 1;
    let id = format!("750{:012}QRY", s.counter);
    s.query_jobs.push((id.clone(), rows));
    json_reply(
        200,
        json!({"id": id, "operation": "query", "object": "", "state": "UploadComplete", "contentType": "CSV", "lineEnding": "LF", "columnDelimiter": "COMMA"}),
    )
}

/// GET /jobs/query/ID/results: a set of at most maxRecords rows from the
/// locator on, and the locator of the next set ("null" after the last).
fn query_results(s: &State, id: &str, q: &HashMap<String, String>) -> Reply {
    let Some((_, rows)) = s.query_jobs.iter().find(|(i, _)| i == id) else {
        return not_found();
    };
    let max: usize = q
        .get("maxRecords")
        .and_then(|m| m.parse().ok())
        .unwrap_or(usize::MAX);
    let size = if s.query_set == 0 {
        max
    } else {
        s.query_set.min(max)
    };
    let from: usize = q.get("locator").and_then(|l| l.parse().ok()).unwrap_or(0);
    let data = &rows[1..];
    let to = (from + size).min(data.len());
    let mut body = rows[0].clone();
    body.push('\n');
    for r in &data[from.min(to)..to] {
        body.push_str(r);
        body.push('\n');
    }
    Reply {
        status: 200,
        body,
        content_type: "text/csv",
        retry_after: None,
        locator: Some(if to < data.len() {
            to.to_string()
        } else {
            "null".into()
        }),
    }
}

/// The first page of a query's records (State::page_size a page, 2,000
/// unless a test says otherwise), the rest kept behind nextRecordsUrl.
fn page(s: &mut State, mut records: Vec<Json>) -> Reply {
    let total = records.len();
    let size = if s.page_size == 0 { 2000 } else { s.page_size };
    if records.len() <= size {
        return json_reply(
            200,
            json!({"totalSize": total, "done": true, "records": records}),
        );
    }
    let rest = records.split_off(size);
    s.counter += 1;
    let cursor = format!("01g{:012}-{size}", s.counter);
    s.cursors.insert(cursor.clone(), (rest, total));
    json_reply(
        200,
        json!({"totalSize": total, "done": false, "nextRecordsUrl": format!("/services/data/v66.0/query/{cursor}"), "records": records}),
    )
}

/// The next page behind a cursor.
fn next_page(s: &mut State, cursor: &str) -> Reply {
    let Some((rest, total)) = s.cursors.remove(cursor) else {
        return json_reply(
            400,
            json!([{"errorCode": "INVALID_QUERY_LOCATOR", "message": "invalid query locator"}]),
        );
    };
    let mut reply = page(s, rest);
    if let Ok(mut j) = serde_json::from_str::<Json>(&reply.body) {
        j["totalSize"] = json!(total);
        reply.body = j.to_string();
    }
    reply
}
