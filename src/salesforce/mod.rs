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
pub mod read;
mod write;

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
    /// Query results read ahead in Composite calls ([`Salesforce::prefetch`]),
    /// by SOQL: the query that asks for one takes it instead of a call.
    read_ahead: HashMap<String, Vec<Json>>,
    /// The Id of the user the session belongs to, once discovered.
    identity: Option<String>,
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
            read_ahead: HashMap::new(),
            identity: None,
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

/// The most queries one Composite call may carry: Salesforce takes 25
/// subrequests a call, at most 5 of them queries (or sObject Collections).
pub const COMPOSITE_QUERIES: usize = 5;

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
            rate_reset: None,
            rate_remaining: None,
            total_records: None,
            body: r#"[{"message":"Subject: data value too large","errorCode":"STRING_TOO_LONG","fields":["Subject"]}]"#.into(),
        };
        assert_eq!(
            errors(&r),
            "HTTP 400: STRING_TOO_LONG: Subject: data value too large (fields: Subject)"
        );
        assert_eq!(error_code(&r), Some("OTHER"));
    }
}
