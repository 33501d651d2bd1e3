//! The Salesforce REST API as `cs submit` uses it: upserts by External ID,
//! sObject Collections updates, Bulk API 2.0 ingest jobs, SOQL for record
//! types and case numbers. Every call goes through [`Salesforce::call`],
//! which adds the bearer token, renews it once on 401 INVALID_SESSION_ID
//! where the auth source can, and stops the run on 403
//! REQUEST_LIMIT_EXCEEDED. A call whose answer was lost is checked against
//! what Salesforce holds before it is sent again.

pub mod auth;
pub mod bulk;
pub mod diff;
pub mod effects;
pub mod http;
pub mod limits;

use crate::error::Error;
use crate::redact;
use auth::{Auth, Session};
use http::{CallError, Http, Policy, Reply, SALESFORCE};
use indexmap::IndexMap;
use reqwest::{Method, Url};
use serde_json::{Value as Json, json};
use std::collections::HashMap;

/// The API version cs speaks unless told otherwise.
pub const DEFAULT_API_VERSION: &str = "66.0";

/// Is `v` an API version as Salesforce writes it (`66.0`)?
pub fn valid_api_version(v: &str) -> bool {
    let mut parts = v.split('.');
    matches!((parts.next(), parts.next(), parts.next()),
        (Some(a), Some(b), None) if !a.is_empty() && !b.is_empty()
            && a.chars().all(|c| c.is_ascii_digit()) && b.chars().all(|c| c.is_ascii_digit()))
}

/// Why a call did not give a result.
#[derive(Debug)]
pub enum Failure {
    /// Salesforce refused this record; the others can go on.
    Record(String),
    /// No answer came back, and checking did not settle what happened.
    Unknown(String),
    /// The run cannot go on (request limit, credentials refused, Ctrl-C).
    Stop(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Stop(e)
    }
}

impl Failure {
    /// The failure as the error a command ends with.
    pub fn into_error(self) -> Error {
        match self {
            Failure::Stop(e) => e,
            Failure::Record(m) | Failure::Unknown(m) => Error::remote(m),
        }
    }
}

/// A record Salesforce holds now.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub id: Option<String>,
    pub created: bool,
}

impl Written {
    /// Does the answer name a record of `sobject` (or no record)?
    pub fn is_of(&self, sobject: &str) -> bool {
        self.id
            .as_deref()
            .is_none_or(|id| limits::is_id_of(sobject, id))
    }
}

/// Takes a well-formed sObject Collections answer apart: the results, the
/// pending records they answer, the answers so far.
type ReadResults<'a> = dyn Fn(&[Json], &[usize], &mut [Option<Answer>]) + 'a;

/// Reads pending records back: those Salesforce holds as sent.
type CheckHeld<'a, 'h> =
    dyn FnMut(&mut Salesforce<'h>, &[usize]) -> Result<Vec<(usize, Written)>, Failure> + 'a;

/// What became of one record of a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Written(Written),
    /// Salesforce refused it (its errors in words).
    Refused(String),
    /// No answer says what happened to it.
    Unknown(String),
}

impl Answer {
    /// One record's write as its answer; a failure that stops the run stays
    /// one.
    pub fn of(result: Result<Written, Failure>) -> Result<Answer, Failure> {
        match result {
            Ok(w) => Ok(Answer::Written(w)),
            Err(Failure::Record(e)) => Ok(Answer::Refused(e)),
            Err(Failure::Unknown(e)) => Ok(Answer::Unknown(e)),
            Err(stop) => Err(stop),
        }
    }
}

/// The record a write answer names: a JSON object with the record's Id, as
/// Salesforce documents for create and upsert. Anything else (an HTML page
/// from a proxy or a login portal, an empty body) is no answer at all.
fn written(r: &Reply) -> Option<Written> {
    let w = written_item(&r.parsed()?)?;
    Some(Written {
        created: w.created || r.status == 201,
        ..w
    })
}

/// The record one result names (a write's answer, or one result of a
/// Collections call): a record Id, and `success` not false.
fn written_item(j: &Json) -> Option<Written> {
    let id = j.get("id")?.as_str().filter(|id| limits::is_id(id))?;
    if j.get("success").is_some_and(|s| s != &Json::Bool(true)) {
        return None;
    }
    Some(Written {
        id: Some(id.to_string()),
        created: j["created"] == Json::Bool(true),
    })
}

/// Is `item` one result of an sObject Collections call: an object with a
/// `success` flag?
fn is_result(item: &Json) -> bool {
    item.get("success").is_some_and(Json::is_boolean)
}

/// Why an answer is not Salesforce's, for the journal and the person.
fn not_salesforce(r: &Reply) -> String {
    format!(
        "the answer is not the one Salesforce documents for this call ({}); is the instance URL the org's own (not a login portal or a proxy)?",
        r.describe()
    )
}

pub enum Body<'a> {
    None,
    Json(&'a Json),
    Csv(&'a str),
}

pub struct Salesforce<'h> {
    http: &'h Http,
    auth: Auth,
    session: Option<Session>,
    version: String,
    retries: u32,
    record_types: HashMap<String, Vec<(String, String, String)>>,
    /// How long cs waits for a Bulk API job.
    pub bulk_wait: std::time::Duration,
}

impl<'h> Salesforce<'h> {
    pub fn new(
        http: &'h Http,
        auth: Auth,
        session: Option<Session>,
        version: &str,
        retries: u32,
    ) -> Self {
        Self {
            http,
            auth,
            session,
            version: version.to_string(),
            retries,
            record_types: HashMap::new(),
            bulk_wait: std::time::Duration::from_secs(1800),
        }
    }

    /// The org's URL (logging in first if needed).
    pub fn instance(&mut self) -> Result<Url, Error> {
        Ok(self.session()?.instance.clone())
    }

    fn session(&mut self) -> Result<&Session, Error> {
        if self.session.is_none() {
            self.session = Some(self.auth.login(self.http)?);
        }
        Ok(self.session.as_ref().expect("logged in above"))
    }

    /// `/services/data/vXX.X/<segments...>` on the instance, each segment
    /// percent-encoded.
    pub fn url(&mut self, segments: &[&str]) -> Result<Url, Error> {
        let mut url = self.instance()?;
        set_api_path(&mut url, &self.version, segments)
            .map_err(|_| Error::user("the Salesforce instance URL cannot take a path."))?;
        Ok(url)
    }

    /// One call, with the token, its renewal on 401 and the stop on 403
    /// REQUEST_LIMIT_EXCEEDED. Any other status comes back as a [`Reply`].
    pub fn call(
        &mut self,
        method: Method,
        url: &Url,
        query: &[(&str, &str)],
        body: Body,
        idempotent: bool,
    ) -> Result<Reply, Failure> {
        let mut renewed = false;
        loop {
            let token = self.session().map_err(Failure::Stop)?.token.clone();
            let label = format!("{method} {}", url.path());
            let policy = Policy {
                retry_statuses: SALESFORCE,
                retries: self.retries,
            };
            let result = self.http.send(&label, idempotent, policy, &|c| {
                let mut r = c
                    .request(method.clone(), url.clone())
                    .bearer_auth(token.expose())
                    .header("Accept", "application/json");
                if !query.is_empty() {
                    r = r.query(query);
                }
                match &body {
                    Body::None => r,
                    Body::Json(j) => r.json(j),
                    Body::Csv(c) => r.header("Content-Type", "text/csv").body(c.to_string()),
                }
            });
            let reply = match result {
                Ok(r) => r,
                Err(CallError::Interrupted) => {
                    return Err(Failure::Stop(Error::interrupted(
                        "interrupted while waiting to retry a Salesforce call.",
                    )));
                }
                Err(CallError::NotSent(m)) => {
                    return Err(Failure::Stop(Error::remote(format!(
                        "cannot reach Salesforce at {}: {m}.",
                        url.host_str().unwrap_or("?")
                    ))));
                }
                Err(CallError::Unknown(m)) => return Err(Failure::Unknown(m)),
                Err(CallError::WaitTooLong(d)) => {
                    return Err(Failure::Stop(
                        Error::remote(format!(
                            "Salesforce asks cs to wait {} before the next call (Retry-After); nothing more was sent.",
                            http::wait_words(d)
                        ))
                        .with_hint(format!("resume after {}", http::after(d))),
                    ));
                }
            };
            let code = error_code(&reply);
            if reply.status == 401 {
                if !renewed && self.auth.renewable() {
                    renewed = true;
                    self.session = None;
                    continue;
                }
                let e = if self.auth.renewable() {
                    Error::remote(format!(
                        "Salesforce refused a freshly issued token ({}).",
                        code.unwrap_or("401")
                    ))
                } else {
                    self.auth
                        .login(self.http)
                        .err()
                        .unwrap_or_else(|| Error::remote("401"))
                };
                return Err(Failure::Stop(e));
            }
            if reply.status == 403 && code == Some("REQUEST_LIMIT_EXCEEDED") {
                return Err(Failure::Stop(
                    Error::remote(format!(
                        "Salesforce's API request limit is used up (REQUEST_LIMIT_EXCEEDED): {}",
                        errors(&reply)
                    ))
                    .with_hint("the limit counts calls over the last 24 hours; resume when calls are available again"),
                ));
            }
            return Ok(reply);
        }
    }

    /// PATCH /sobjects/{sobject}/{field}/{value}: creates or updates the
    /// record whose External ID `field` is `value`.
    pub fn upsert(
        &mut self,
        sobject: &str,
        field: &str,
        value: &str,
        body: &IndexMap<String, Json>,
    ) -> Result<Written, Failure> {
        let url = self
            .url(&["sobjects", sobject, field, value])
            .map_err(Failure::Stop)?;
        let payload = Json::Object(body.clone().into_iter().collect());
        let mut checks = 0;
        loop {
            let lost = match self.call(Method::PATCH, &url, &[], Body::Json(&payload), true) {
                Ok(r) if r.ok() => match written(&r) {
                    Some(w) if w.is_of(sobject) => return Ok(w),
                    _ => not_salesforce(&r),
                },
                Ok(r) => return Err(Failure::Record(errors(&r))),
                Err(Failure::Unknown(m)) => m,
                Err(e) => return Err(e),
            };
            if checks >= self.retries {
                return Err(Failure::Unknown(lost));
            }
            checks += 1;
            // Was it written before the answer was lost?
            if let Some(w) = self.check_external_id(&url, body)? {
                return Ok(w);
            }
            self.http
                .wait(url.path(), checks, None)
                .map_err(|_| Failure::Stop(Error::interrupted("interrupted.")))?;
        }
    }

    /// PATCH /composite/sobjects/{sobject}/{field}: creates or updates up to
    /// [`COLLECTION_MAX`] records of one object by their External ID
    /// `field` (sObject Collections upsert, API 46+, allOrNone false). The
    /// results come back in the order of the records, one each (counted);
    /// a call whose answer is lost, or is not Salesforce's, is settled
    /// record by record: each is read back by its External ID, and those
    /// not held as sent go in the next attempt.
    pub fn upsert_collection(
        &mut self,
        sobject: &str,
        field: &str,
        records: &[(&str, &IndexMap<String, Json>)],
    ) -> Result<Vec<Answer>, Failure> {
        let url = self
            .url(&["composite", "sobjects", sobject, field])
            .map_err(Failure::Stop)?;
        let body = |pending: &[usize]| {
            upsert_collection_body(sobject, field, pending.iter().map(|&i| records[i]))
        };
        // In the order of the records, as documented.
        let read = |a: &[Json], pending: &[usize], answers: &mut [Option<Answer>]| {
            for (item, &i) in a.iter().zip(pending) {
                answers[i] = Some(if item["success"] == Json::Bool(true) {
                    match written_item(item) {
                        Some(w) if w.is_of(sobject) => Answer::Written(w),
                        Some(_) => Answer::Unknown(format!(
                            "Salesforce said success but named a record that is not a {sobject}"
                        )),
                        None => {
                            Answer::Unknown("Salesforce said success but gave no record Id".into())
                        }
                    }
                } else {
                    Answer::Refused(error_list(&item["errors"]))
                });
            }
        };
        let mut check = |sf: &mut Self, pending: &[usize]| {
            let mut held = Vec::new();
            for &i in pending {
                let (value, fields) = records[i];
                let one = sf
                    .url(&["sobjects", sobject, field, value])
                    .map_err(Failure::Stop)?;
                if let Some(w) = sf.check_external_id(&one, fields)? {
                    held.push((i, w));
                }
            }
            Ok(held)
        };
        self.collection(&url, records.len(), &body, &read, &mut check)
    }

    /// Sends an sObject Collections call for `n` records (the `body` of the
    /// pending ones) until each has an answer: `read` takes a well-formed
    /// answer (one result per record) apart; a lost or malformed one, or
    /// results that name other records, are settled by `check`, which
    /// reads the records back and returns those Salesforce holds as sent;
    /// the rest go again, up to the retries, then are unknown.
    fn collection(
        &mut self,
        url: &Url,
        n: usize,
        body: &dyn Fn(&[usize]) -> Json,
        read: &ReadResults,
        check: &mut CheckHeld<'_, 'h>,
    ) -> Result<Vec<Answer>, Failure> {
        let mut answers: Vec<Option<Answer>> = vec![None; n];
        let mut pending: Vec<usize> = (0..n).collect();
        let mut checks = 0;
        while !pending.is_empty() {
            let sent = body(&pending);
            let lost = match self.call(Method::PATCH, url, &[], Body::Json(&sent), true) {
                Ok(r) if r.ok() => match r.parsed() {
                    Some(Json::Array(a)) if a.len() == pending.len() && a.iter().all(is_result) => {
                        read(&a, &pending, &mut answers);
                        pending.retain(|i| answers[*i].is_none());
                        if pending.is_empty() {
                            continue;
                        }
                        format!(
                            "Salesforce's results name records other than those sent ({} of {})",
                            pending.len(),
                            a.len()
                        )
                    }
                    Some(Json::Array(a)) => format!(
                        "Salesforce answered {} results for {} records",
                        a.len(),
                        pending.len()
                    ),
                    _ => not_salesforce(&r),
                },
                Ok(r) => {
                    let e = errors(&r);
                    for &i in &pending {
                        answers[i] = Some(Answer::Refused(e.clone()));
                    }
                    break;
                }
                Err(Failure::Unknown(m)) => m,
                Err(e) => return Err(e),
            };
            if checks >= self.retries {
                for &i in &pending {
                    answers[i] = Some(Answer::Unknown(lost.clone()));
                }
                break;
            }
            checks += 1;
            for (i, w) in check(self, &pending)? {
                answers[i] = Some(Answer::Written(w));
            }
            pending.retain(|i| answers[*i].is_none());
            if !pending.is_empty() {
                self.http
                    .wait(url.path(), checks, None)
                    .map_err(|_| Failure::Stop(Error::interrupted("interrupted.")))?;
            }
        }
        Ok(answers
            .into_iter()
            .map(|a| a.unwrap_or_else(|| Answer::Unknown("no answer".into())))
            .collect())
    }

    /// POST /sobjects/{sobject}: creates a record that has no External ID.
    /// Not idempotent: resent only when it never reached Salesforce.
    pub fn create(
        &mut self,
        sobject: &str,
        body: &IndexMap<String, Json>,
    ) -> Result<Written, Failure> {
        let url = self.url(&["sobjects", sobject]).map_err(Failure::Stop)?;
        let payload = Json::Object(body.clone().into_iter().collect());
        let r = self.call(Method::POST, &url, &[], Body::Json(&payload), false)?;
        // A server error may come after the record was saved: with no
        // External ID to read it back by, its outcome is unknown.
        if r.status >= 500 {
            return Err(Failure::Unknown(format!(
                "{}; the record may have been saved before the error: check Salesforce",
                errors(&r)
            )));
        }
        if !r.ok() {
            return Err(Failure::Record(errors(&r)));
        }
        match written(&r).filter(|w| w.is_of(sobject)) {
            Some(w) => Ok(Written { created: true, ..w }),
            None => Err(Failure::Unknown(not_salesforce(&r))),
        }
    }

    /// DELETE /sobjects/{sobject}/{id}: 204 when deleted; a record already
    /// gone (404, ENTITY_IS_DELETED) counts as deleted, so deleting twice
    /// deletes once.
    pub fn delete(&mut self, sobject: &str, id: &str) -> Result<(), Failure> {
        let url = self
            .url(&["sobjects", sobject, id])
            .map_err(Failure::Stop)?;
        let r = self.call(Method::DELETE, &url, &[], Body::None, true)?;
        if r.ok() || r.status == 404 || error_code(&r) == Some("ENTITY_IS_DELETED") {
            return Ok(());
        }
        Err(Failure::Record(errors(&r)))
    }

    /// GET /sobjects/{sobject}/{field}/{value}?fields=Id: the Id of the
    /// record whose External ID `field` is `value`, or `None` (404).
    pub fn id_by_external_id(
        &mut self,
        sobject: &str,
        field: &str,
        value: &str,
    ) -> Result<Option<String>, Failure> {
        let url = self
            .url(&["sobjects", sobject, field, value])
            .map_err(Failure::Stop)?;
        let r = self.call(Method::GET, &url, &[("fields", "Id")], Body::None, true)?;
        if r.status == 404 {
            return Ok(None);
        }
        if !r.ok() {
            return Err(Failure::Record(errors(&r)));
        }
        match r.json()["Id"].as_str() {
            Some(id) if limits::is_id(id) => Ok(Some(id.to_string())),
            _ => Err(Failure::Unknown(format!(
                "the answer to GET {} holds no record Id",
                url.path()
            ))),
        }
    }

    /// GET the record by External ID and compare it with what was sent:
    /// `Some` when Salesforce already holds exactly that.
    fn check_external_id(
        &mut self,
        url: &Url,
        body: &IndexMap<String, Json>,
    ) -> Result<Option<Written>, Failure> {
        let mut names: Vec<&str> = body.keys().map(String::as_str).collect();
        names.extend(["Id", "CreatedDate", "LastModifiedDate"]);
        let fields = names.join(",");
        let reply = match self.call(Method::GET, url, &[("fields", &fields)], Body::None, true) {
            Ok(r) => r,
            Err(Failure::Unknown(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        if !reply.ok() {
            return Ok(None);
        }
        let rec = reply.json();
        if !holds(&rec, body) {
            return Ok(None);
        }
        Ok(Some(Written {
            id: rec["Id"].as_str().map(str::to_string),
            created: rec["CreatedDate"].is_string()
                && rec["CreatedDate"] == rec["LastModifiedDate"],
        }))
    }

    /// PATCH /composite/sobjects: updates up to [`COLLECTION_MAX`] records
    /// by Id with allOrNone false. Each result is matched to its record by
    /// the Id it names (a refusal names none: refusals go, in order, to the
    /// records no result named, when their numbers agree); an answer that
    /// does not add up, or is lost, is settled by reading the records back
    /// by Id.
    pub fn update_collection(
        &mut self,
        records: &[(&str, &str, &IndexMap<String, Json>)],
    ) -> Result<Vec<Answer>, Failure> {
        let url = self
            .url(&["composite", "sobjects"])
            .map_err(Failure::Stop)?;
        let body = |pending: &[usize]| collection_body(pending.iter().map(|&i| records[i]));
        let read = |a: &[Json], pending: &[usize], results: &mut [Option<Answer>]| {
            let mut refusals = Vec::new();
            for item in a {
                let ok = item["success"] == Json::Bool(true);
                let named = item["id"].as_str().and_then(|id| {
                    pending
                        .iter()
                        .copied()
                        .find(|&i| same_id(records[i].1, id) && results[i].is_none())
                        .map(|i| (i, id))
                });
                match named {
                    Some((i, id)) => {
                        results[i] = Some(if ok {
                            Answer::Written(Written {
                                id: Some(id.to_string()),
                                created: false,
                            })
                        } else {
                            Answer::Refused(error_list(&item["errors"]))
                        });
                    }
                    None if !ok && item["id"].as_str().is_none() => {
                        refusals.push(error_list(&item["errors"]))
                    }
                    None => {}
                }
            }
            let unnamed: Vec<usize> = pending
                .iter()
                .copied()
                .filter(|&i| results[i].is_none())
                .collect();
            if unnamed.len() == refusals.len() {
                for (i, e) in unnamed.into_iter().zip(refusals) {
                    results[i] = Some(Answer::Refused(e));
                }
            }
        };
        let mut check = |sf: &mut Self, pending: &[usize]| {
            let held = sf.check_ids(records, pending)?;
            Ok(held
                .into_iter()
                .map(|i| {
                    let w = Written {
                        id: Some(records[i].1.to_string()),
                        created: false,
                    };
                    (i, w)
                })
                .collect())
        };
        self.collection(&url, records.len(), &body, &read, &mut check)
    }

    /// Which of `pending` does Salesforce already hold as sent? GET
    /// /composite/sobjects/{sobject}?ids=...&fields=... per object.
    fn check_ids(
        &mut self,
        records: &[(&str, &str, &IndexMap<String, Json>)],
        pending: &[usize],
    ) -> Result<Vec<usize>, Failure> {
        let mut by_object: IndexMap<&str, Vec<usize>> = IndexMap::new();
        for &i in pending {
            by_object.entry(records[i].0).or_default().push(i);
        }
        let mut held = Vec::new();
        for (sobject, idx) in by_object {
            let ids: Vec<&str> = idx.iter().map(|&i| records[i].1).collect();
            let mut names: Vec<&str> = Vec::new();
            for &i in &idx {
                for k in records[i].2.keys() {
                    if !names.contains(&k.as_str()) {
                        names.push(k);
                    }
                }
            }
            if !names.contains(&"Id") {
                names.push("Id");
            }
            let url = self
                .url(&["composite", "sobjects", sobject])
                .map_err(Failure::Stop)?;
            let (ids, fields) = (ids.join(","), names.join(","));
            let reply = match self.call(
                Method::GET,
                &url,
                &[("ids", &ids), ("fields", &fields)],
                Body::None,
                true,
            ) {
                Ok(r) if r.ok() => r.json(),
                Ok(_) | Err(Failure::Unknown(_)) => continue,
                Err(e) => return Err(e),
            };
            let got = reply.as_array().cloned().unwrap_or_default();
            for &i in &idx {
                let id = records[i].1;
                let found = got
                    .iter()
                    .find(|r| r["Id"].as_str().is_some_and(|x| same_id(x, id)));
                if found.is_some_and(|r| holds(r, records[i].2)) {
                    held.push(i);
                }
            }
        }
        Ok(held)
    }

    /// GET /query, following nextRecordsUrl: every record of a SOQL query.
    /// Each next page must be a `/services/data/` path on the same instance
    /// (never another host: the token goes with it), a page is never asked
    /// for twice, and there are at most [`MAX_PAGES`].
    pub fn query(&mut self, soql: &str) -> Result<Vec<Json>, Failure> {
        let mut out = Vec::new();
        self.query_pages(soql, &mut |page| {
            if out.len() + page.len() > MAX_QUERY_RECORDS {
                return Err(Failure::Stop(Error::remote(format!(
                    "Salesforce's answer to the query `{soql}` holds more than {MAX_QUERY_RECORDS} records; cs stopped reading it."
                ))));
            }
            out.extend(page);
            Ok(())
        })?;
        Ok(out)
    }

    /// [`Salesforce::query`], page by page: `each` takes every page's
    /// records as they arrive, so that a large answer is never all held.
    pub fn query_pages(
        &mut self,
        soql: &str,
        each: &mut dyn FnMut(Vec<Json>) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        let mut url = self.url(&["query"]).map_err(Failure::Stop)?;
        let mut query = vec![("q", soql.to_string())];
        let mut seen = std::collections::HashSet::new();
        let bad_page = |why: String| {
            Failure::Stop(Error::remote(format!(
                "Salesforce's answer to the query `{soql}` {why}; cs stopped reading it."
            )))
        };
        loop {
            if crate::interrupt::requested() {
                return Err(Failure::Stop(Error::interrupted(
                    "interrupted while reading a query's pages.",
                )));
            }
            let q: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let reply = match self.call(Method::GET, &url, &q, Body::None, true) {
                Ok(r) => r,
                Err(Failure::Unknown(m)) => {
                    return Err(Failure::Stop(Error::remote(format!(
                        "a SOQL query got no answer: {m}."
                    ))));
                }
                Err(e) => return Err(e),
            };
            if !reply.ok() {
                return Err(Failure::Stop(Error::remote(format!(
                    "Salesforce refused the query `{soql}`: {}",
                    errors(&reply)
                ))));
            }
            let j = match reply.parsed() {
                Some(j) if j["records"].is_array() => j,
                _ => {
                    return Err(Failure::Stop(
                        Error::remote(format!(
                            "server error: the answer to the query `{soql}` is not Salesforce's query result ({}).",
                            reply.describe()
                        ))
                        .with_hint("check SF_INSTANCE_URL: it must be the org's own URL (https://MyDomain.my.salesforce.com), not a login portal or a proxy"),
                    ));
                }
            };
            let mut j = j;
            let next = match j["nextRecordsUrl"].as_str() {
                Some(next) if j["done"] == Json::Bool(false) => Some(next.to_string()),
                _ => None,
            };
            let records = match j["records"].take() {
                Json::Array(a) => a,
                _ => Vec::new(),
            };
            each(records)?;
            let Some(next) = next else {
                return Ok(());
            };
            let next = next.as_str();
            if !next.starts_with("/services/data/") || next.starts_with("//") {
                return Err(bad_page(format!(
                    "names its next page outside this org's API ({}); cs sends the token only to {}",
                    crate::out::printable(&redact::clean(
                        &next.chars().take(100).collect::<String>()
                    )),
                    url.host_str().unwrap_or("the instance")
                )));
            }
            if !seen.insert(next.to_string()) {
                return Err(bad_page(format!(
                    "names the page {} twice",
                    crate::out::printable(&redact::clean(next))
                )));
            }
            if seen.len() >= MAX_PAGES {
                return Err(bad_page(format!("runs past {MAX_PAGES} pages")));
            }
            let base = self.instance().map_err(Failure::Stop)?;
            let joined = base
                .join(next)
                .map_err(|e| bad_page(format!("has a bad nextRecordsUrl ({e})")))?;
            if joined.origin() != base.origin() {
                return Err(bad_page("names its next page on another host".into()));
            }
            url = joined;
            query.clear();
        }
    }

    /// The user the session belongs to: the identity URL of Resources by
    /// Version (`.../id/ORG/USER`) names the Id, and the User record its
    /// name and username (the identity URL itself is not called: it may be
    /// on another host, and the token goes only to the instance).
    pub fn whoami(&mut self) -> Result<OrgUser, Failure> {
        let url = self.url(&[""]).map_err(Failure::Stop)?;
        let r = self.call(Method::GET, &url, &[], Body::None, true)?;
        let identity = r
            .parsed()
            .and_then(|j| j["identity"].as_str().map(str::to_string))
            .filter(|_| r.ok())
            .ok_or_else(|| {
                Failure::Stop(Error::remote(format!(
                    "the answer to GET {} names no identity URL ({}).",
                    url.path(),
                    r.describe()
                )))
            })?;
        let id = identity
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .filter(|id| limits::is_id(id))
            .map(str::to_string)
            .ok_or_else(|| {
                Failure::Stop(Error::remote(format!(
                    "the identity URL {} names no user Id.",
                    redact::clean(&identity)
                )))
            })?;
        let rows = self.query(&format!(
            "SELECT Id, Name, Username FROM User WHERE Id = {}",
            soql_quote(&id)
        ))?;
        let s = |k: &str| rows.first().and_then(|r| r[k].as_str()).map(str::to_string);
        Ok(OrgUser {
            id,
            name: s("Name"),
            username: s("Username"),
        })
    }

    /// The Id of the active record type `name` (its label or developer
    /// name) of `sobject`, queried once per object and run.
    pub fn record_type_id(&mut self, sobject: &str, name: &str) -> Result<String, Failure> {
        if !self.record_types.contains_key(sobject) {
            if !limits::is_api_name(sobject) {
                return Err(Failure::Stop(Error::user(format!(
                    "'{sobject}' is not a Salesforce object name."
                ))));
            }
            let rows = self.query(&format!(
                "SELECT Id, Name, DeveloperName FROM RecordType WHERE SobjectType = '{sobject}' AND IsActive = true"
            ))?;
            let types = rows
                .iter()
                .map(|r| {
                    let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
                    (s("Id"), s("Name"), s("DeveloperName"))
                })
                .collect();
            self.record_types.insert(sobject.to_string(), types);
        }
        let types = &self.record_types[sobject];
        let hit = types
            .iter()
            .find(|(_, n, d)| n == name || d == name)
            .or_else(|| {
                types
                    .iter()
                    .find(|(_, n, d)| n.eq_ignore_ascii_case(name) || d.eq_ignore_ascii_case(name))
            });
        match hit {
            Some((id, _, _)) => Ok(id.clone()),
            None => {
                let names: Vec<&str> = types.iter().map(|(_, n, _)| n.as_str()).collect();
                Err(Failure::Stop(
                    Error::user(format!(
                        "{sobject} has no active record type named '{name}'{}.",
                        if names.is_empty() {
                            String::new()
                        } else {
                            format!("; it has: {}", names.join(", "))
                        }
                    ))
                    .with_hint("fix record_type in the playbook (or create the record type in Setup > Object Manager)"),
                ))
            }
        }
    }

    /// The active users whose `by` (Name or Email) is one of `values`, by
    /// (by, lowercased value): one query per 200 values.
    pub fn users(&mut self, by: &str, values: &[String]) -> Result<Users, Failure> {
        let mut map = Users::new();
        if !matches!(by, "Name" | "Email") {
            return Ok(map);
        }
        for chunk in values.chunks(IN_LIST_MAX) {
            let rows = self.query(&format!(
                "SELECT Id, Name, Email FROM User WHERE IsActive = true AND {by} IN ({})",
                soql_in(chunk)
            ))?;
            for r in rows {
                let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
                map.entry((by.to_string(), s(by).to_lowercase()))
                    .or_default()
                    .push((s("Id"), s("Name"), s("Email")));
            }
        }
        Ok(map)
    }

    /// Records of `sobject` other than the one whose `key_field` is
    /// `key_value` that hold the `same` values and meet `condition`: an
    /// open record the new one would duplicate. Each as (Id, a name people
    /// use: the case number for a Case).
    pub fn others_open(
        &mut self,
        sobject: &str,
        key_field: &str,
        key_value: &str,
        same: &IndexMap<String, Json>,
        condition: &str,
    ) -> Result<Vec<(String, String)>, Failure> {
        let names = std::iter::once(sobject)
            .chain(std::iter::once(key_field))
            .chain(same.keys().map(String::as_str));
        if let Some(bad) = names.into_iter().find(|n| !limits::is_api_name(n)) {
            return Err(Failure::Record(format!("'{bad}' is not a Salesforce name")));
        }
        let mut soql = format!(
            "SELECT Id, {key_field}{} FROM {sobject} WHERE ",
            if sobject == "Case" {
                ", CaseNumber"
            } else {
                ""
            }
        );
        for (f, v) in same {
            let lit = match v {
                Json::Null => "null".to_string(),
                Json::String(s) => soql_quote(s),
                Json::Bool(b) => b.to_string(),
                other => other.to_string(),
            };
            soql.push_str(&format!("{f} = {lit} AND "));
        }
        soql.push_str(&format!("({condition})"));
        Ok(self
            .query(&soql)?
            .into_iter()
            .filter(|r| r[key_field].as_str() != Some(key_value))
            .map(|r| {
                let id = r["Id"].as_str().unwrap_or_default().to_string();
                let name = r["CaseNumber"]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| id.clone());
                (id, name)
            })
            .collect())
    }

    /// The Id of the contact of `account` whose `by` (Name or Email) is
    /// `value`, when there is exactly one.
    pub fn contact_of(
        &mut self,
        account: &str,
        by: &str,
        value: &str,
    ) -> Result<Option<String>, Failure> {
        if !limits::is_id(account) || !matches!(by, "Name" | "Email") {
            return Ok(None);
        }
        let rows = self.query(&format!(
            "SELECT Id FROM Contact WHERE AccountId = '{account}' AND {by} = {}",
            soql_quote(value)
        ))?;
        Ok(match rows.as_slice() {
            [one] => one["Id"].as_str().map(str::to_string),
            _ => None,
        })
    }

    /// The Ids of cases known by their number (`SELECT Id, CaseNumber ...`).
    pub fn case_ids(&mut self, numbers: &[String]) -> Result<HashMap<String, String>, Failure> {
        let mut map = HashMap::new();
        for chunk in numbers.chunks(IN_LIST_MAX) {
            let rows = self.query(&format!(
                "SELECT Id, CaseNumber FROM Case WHERE CaseNumber IN ({})",
                soql_in(chunk)
            ))?;
            for r in rows {
                if let (Some(id), Some(n)) = (r["Id"].as_str(), r["CaseNumber"].as_str()) {
                    map.insert(n.to_string(), id.to_string());
                }
            }
        }
        Ok(map)
    }
}

/// Sets `url`'s path to `/services/data/v{version}/<segments...>`, each
/// segment percent-encoded, and drops any query.
fn set_api_path(url: &mut Url, version: &str, segments: &[&str]) -> Result<(), ()> {
    let v = format!("v{version}");
    url.path_segments_mut()?
        .clear()
        .extend(["services", "data", v.as_str()])
        .extend(segments);
    url.set_query(None);
    Ok(())
}

/// The REST path of `segments` alone, as the dry run shows it.
pub fn api_path(version: &str, segments: &[&str]) -> String {
    let mut url = Url::parse("https://x.invalid/").expect("static URL");
    // An https URL always takes a path.
    let _ = set_api_path(&mut url, version, segments);
    url.path().to_string()
}

/// Active users by how a plan names them ((Name|Email, lowercased value)),
/// each (Id, name, email).
pub type Users = HashMap<(String, String), Vec<(String, String, String)>>;

/// How a person given as text is looked up among the users: by `Email`
/// when it holds an `@`, else by `Name`.
pub fn named_by(person: &str) -> &'static str {
    if person.contains('@') {
        "Email"
    } else {
        "Name"
    }
}

/// The Salesforce user cs works as, for the journal's audit trail.
pub use crate::engine::journal::Actor as OrgUser;

/// The Id of the one active user in `users` whose `by` (Name or Email) is
/// `value`, or why there is none: no such user, or several (named, with
/// their emails and Ids, so that the person can be named by email).
pub fn user_id(users: &Users, by: &str, value: &str) -> Result<String, String> {
    let how = by.to_lowercase();
    let key = (by.to_string(), value.to_lowercase());
    match users.get(&key).map(Vec::as_slice).unwrap_or_default() {
        [(id, ..)] => Ok(id.clone()),
        [] => Err(format!("no active Salesforce user has the {how} '{value}'")),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|(id, name, email)| format!("{name} <{email}> ({id})"))
                .collect();
            Err(format!(
                "{} active users have the {how} '{value}': {}; name the person by email",
                many.len(),
                list.join(", ")
            ))
        }
    }
}

/// Values in one SOQL `IN (...)` list at most (a query's text stays well
/// under the 100,000-character SOQL limit).
pub const IN_LIST_MAX: usize = 200;

/// The inside of a SOQL `IN (...)` list: the values as string literals.
pub fn soql_in(values: &[String]) -> String {
    values
        .iter()
        .map(|v| soql_quote(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A SOQL string literal: quoted, with `\` and `'` escaped, as the SOQL
/// reference requires.
pub fn soql_quote(v: &str) -> String {
    format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The most pages cs reads of one query (2,000 records a page at most).
pub const MAX_PAGES: usize = 10_000;

/// The most records [`Salesforce::query`] holds of one answer; larger
/// reads go through Bulk API 2.0 query jobs, read set by set.
pub const MAX_QUERY_RECORDS: usize = 250_000;

/// The most records one sObject Collections call takes.
pub const COLLECTION_MAX: usize = 200;

/// The body of PATCH /composite/sobjects for (sobject, Id, fields) records:
/// each with its type and Id, allOrNone false.
pub fn collection_body<'a>(
    records: impl IntoIterator<Item = (&'a str, &'a str, &'a IndexMap<String, Json>)>,
) -> Json {
    let list: Vec<Json> = records
        .into_iter()
        .map(|(sobject, id, fields)| {
            let mut m = serde_json::Map::new();
            m.insert("attributes".into(), json!({ "type": sobject }));
            m.insert("id".into(), json!(id));
            for (k, v) in fields.iter().filter(|(k, _)| *k != "Id") {
                m.insert(k.clone(), v.clone());
            }
            Json::Object(m)
        })
        .collect();
    json!({ "allOrNone": false, "records": list })
}

/// The body of PATCH /composite/sobjects/{sobject}/{field} for (External ID
/// value, fields) records: each with its type and its External ID,
/// allOrNone false.
pub fn upsert_collection_body<'a>(
    sobject: &str,
    field: &str,
    records: impl IntoIterator<Item = (&'a str, &'a IndexMap<String, Json>)>,
) -> Json {
    let list: Vec<Json> = records
        .into_iter()
        .map(|(value, fields)| {
            let mut m = serde_json::Map::new();
            m.insert("attributes".into(), json!({ "type": sobject }));
            m.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
            m.insert(field.to_string(), json!(value));
            Json::Object(m)
        })
        .collect();
    json!({ "allOrNone": false, "records": list })
}

/// The part of an Id that names the record: a 15-character Id is a prefix
/// of its 18-character form.
pub fn id_key(id: &str) -> &str {
    id.get(..15).unwrap_or(id)
}

/// Do two Ids name the same record?
pub fn same_id(a: &str, b: &str) -> bool {
    id_key(a) == id_key(b)
}

/// Does the record `got` hold every value of `sent`?
pub fn holds(got: &Json, sent: &IndexMap<String, Json>) -> bool {
    sent.iter().all(|(k, v)| {
        let g = &got[k.as_str()];
        if k == "Id" || k == "RecordTypeId" {
            return g
                .as_str()
                .zip(v.as_str())
                .is_some_and(|(a, b)| same_id(a, b));
        }
        same_value(g, v)
    })
}

pub fn same_value(got: &Json, sent: &Json) -> bool {
    if got == sent {
        return true;
    }
    let text = |j: &Json| match j {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    let (g, s) = (text(got), text(sent));
    if g == s {
        return true;
    }
    matches!((g.parse::<f64>(), s.parse::<f64>()), (Ok(a), Ok(b)) if a == b)
}

/// The first errorCode of a Salesforce error reply, if any.
pub fn error_code(r: &Reply) -> Option<&'static str> {
    let j = r.json();
    let code = j[0]["errorCode"]
        .as_str()
        .or_else(|| j["errorCode"].as_str())?;
    // Only the codes cs acts on need to outlive the reply.
    ["INVALID_SESSION_ID", "REQUEST_LIMIT_EXCEEDED"]
        .into_iter()
        .find(|c| *c == code)
        .or(Some("OTHER"))
}

/// A Salesforce error reply in words: `CODE: message (fields)`, joined.
pub fn errors(r: &Reply) -> String {
    let j = r.json();
    let listed = match &j {
        Json::Array(_) => error_list(&j),
        Json::Object(o) if o.contains_key("message") => error_list(&Json::Array(vec![j.clone()])),
        _ => String::new(),
    };
    if listed.is_empty() {
        format!("HTTP {} with {}", r.status, r.shape())
    } else {
        format!("HTTP {}: {listed}", r.status)
    }
}

/// `[{statusCode|errorCode, message, fields}]` in words.
pub fn error_list(errors: &Json) -> String {
    let parts: Vec<String> = errors
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|e| {
            let code = e["statusCode"]
                .as_str()
                .or_else(|| e["errorCode"].as_str())
                .unwrap_or("ERROR");
            let msg = e["message"].as_str().unwrap_or("");
            let fields: Vec<&str> = e["fields"]
                .as_array()
                .map(|f| f.iter().filter_map(Json::as_str).collect())
                .unwrap_or_default();
            if fields.is_empty() {
                format!("{code}: {msg}")
            } else {
                format!("{code}: {msg} (fields: {})", fields.join(", "))
            }
        })
        .collect();
    // Server text: secrets hidden, and no escape sequence reaches a
    // terminal or a CI log, piped or not.
    crate::out::printable(&redact::clean(&parts.join("; "))).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_across_salesforce_types() {
        let sent: IndexMap<String, Json> = [
            ("Subject".to_string(), json!("Escalation - Acme")),
            ("Contact_Attempts__c".to_string(), json!("10")),
            ("Id".to_string(), json!("5003000000D8cuI")),
        ]
        .into_iter()
        .collect();
        let got = json!({"Subject": "Escalation - Acme", "Contact_Attempts__c": 10.0, "Id": "5003000000D8cuIAAR"});
        assert!(holds(&got, &sent));
        let other = json!({"Subject": "Escalation - Other", "Contact_Attempts__c": 10, "Id": "5003000000D8cuIAAR"});
        assert!(!holds(&other, &sent));
    }

    #[test]
    fn error_replies_read_as_sentences() {
        let r = Reply {
            status: 400,
            retry_after: None,
            content_type: "application/json".into(),
            locator: None,
            body: r#"[{"message":"Subject: data value too large","errorCode":"STRING_TOO_LONG","fields":["Subject"]}]"#.into(),
        };
        assert_eq!(
            errors(&r),
            "HTTP 400: STRING_TOO_LONG: Subject: data value too large (fields: Subject)"
        );
        assert_eq!(error_code(&r), Some("OTHER"));
    }
}
