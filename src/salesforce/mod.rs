//! The Salesforce REST API as `cs submit` uses it: upserts by External ID,
//! sObject Collections updates, Bulk API 2.0 ingest jobs, SOQL for record
//! types and case numbers. Every call goes through [`Salesforce::call`],
//! which adds the bearer token, renews it once on 401 INVALID_SESSION_ID
//! where the auth source can, and stops the run on 403
//! REQUEST_LIMIT_EXCEEDED. A call whose answer was lost is checked against
//! what Salesforce holds before it is sent again.

pub mod auth;
pub mod bulk;
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

/// A record Salesforce holds now.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub id: Option<String>,
    pub created: bool,
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
            match self.call(Method::PATCH, &url, &[], Body::Json(&payload), true) {
                Ok(r) if r.ok() => {
                    let j = r.json();
                    return Ok(Written {
                        id: j["id"].as_str().map(str::to_string),
                        created: r.status == 201 || j["created"].as_bool() == Some(true),
                    });
                }
                Ok(r) => return Err(Failure::Record(errors(&r))),
                Err(Failure::Unknown(m)) => {
                    if checks >= self.retries {
                        return Err(Failure::Unknown(m));
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
                Err(e) => return Err(e),
            }
        }
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
        if !r.ok() {
            return Err(Failure::Record(errors(&r)));
        }
        Ok(Written {
            id: r.json()["id"].as_str().map(str::to_string),
            created: true,
        })
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
    /// by Id with allOrNone false, one result per record, in order.
    pub fn update_collection(
        &mut self,
        records: &[(&str, &str, &IndexMap<String, Json>)],
    ) -> Result<Vec<Result<Written, String>>, Failure> {
        let url = self
            .url(&["composite", "sobjects"])
            .map_err(Failure::Stop)?;
        let mut results: Vec<Option<Result<Written, String>>> = vec![None; records.len()];
        let mut pending: Vec<usize> = (0..records.len()).collect();
        let mut checks = 0;
        while !pending.is_empty() {
            let body = collection_body(pending.iter().map(|&i| records[i]));
            match self.call(Method::PATCH, &url, &[], Body::Json(&body), true) {
                Ok(r) if r.ok() => {
                    let arr = r.json();
                    for (n, &i) in pending.iter().enumerate() {
                        let item = &arr[n];
                        results[i] = Some(if item["success"].as_bool() == Some(true) {
                            Ok(Written {
                                id: item["id"].as_str().map(str::to_string),
                                created: false,
                            })
                        } else if item.is_null() {
                            Err("Salesforce returned no result for this record".into())
                        } else {
                            Err(error_list(&item["errors"]))
                        });
                    }
                    pending.clear();
                }
                Ok(r) => {
                    let e = errors(&r);
                    for &i in &pending {
                        results[i] = Some(Err(e.clone()));
                    }
                    pending.clear();
                }
                Err(Failure::Unknown(m)) => {
                    if checks >= self.retries {
                        for &i in &pending {
                            results[i] = Some(Err(format!("outcome unknown: {m}")));
                        }
                        return Ok(results.into_iter().map(|r| r.expect("set")).collect());
                    }
                    checks += 1;
                    let held = self.check_ids(records, &pending)?;
                    pending.retain(|i| {
                        if held.contains(i) {
                            results[*i] = Some(Ok(Written {
                                id: Some(records[*i].1.to_string()),
                                created: false,
                            }));
                            false
                        } else {
                            true
                        }
                    });
                    if !pending.is_empty() {
                        self.http
                            .wait(url.path(), checks, None)
                            .map_err(|_| Failure::Stop(Error::interrupted("interrupted.")))?;
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(results
            .into_iter()
            .map(|r| r.expect("every record answered"))
            .collect())
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
    pub fn query(&mut self, soql: &str) -> Result<Vec<Json>, Failure> {
        let mut url = self.url(&["query"]).map_err(Failure::Stop)?;
        let mut query = vec![("q", soql.to_string())];
        let mut out = Vec::new();
        loop {
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
            let j = reply.json();
            out.extend(j["records"].as_array().cloned().unwrap_or_default());
            match j["nextRecordsUrl"].as_str() {
                Some(next) if j["done"] == Json::Bool(false) => {
                    url = self
                        .instance()
                        .map_err(Failure::Stop)?
                        .join(next)
                        .map_err(|e| {
                            Failure::Stop(Error::remote(format!("bad nextRecordsUrl: {e}")))
                        })?;
                    query.clear();
                }
                _ => return Ok(out),
            }
        }
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

    /// The Ids of cases known by their number (`SELECT Id, CaseNumber ...`).
    pub fn case_ids(&mut self, numbers: &[String]) -> Result<HashMap<String, String>, Failure> {
        let mut map = HashMap::new();
        for chunk in numbers.chunks(200) {
            // Case numbers are digits only (checked offline): safe in SOQL.
            let list: Vec<String> = chunk.iter().map(|n| format!("'{n}'")).collect();
            let rows = self.query(&format!(
                "SELECT Id, CaseNumber FROM Case WHERE CaseNumber IN ({})",
                list.join(", ")
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

fn same_value(got: &Json, sent: &Json) -> bool {
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
    let s = if listed.is_empty() {
        let body: String = r.body.chars().take(300).collect();
        format!("HTTP {}: {}", r.status, body.trim())
    } else {
        format!("HTTP {}: {listed}", r.status)
    };
    redact::clean(&s)
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
    redact::clean(&parts.join("; "))
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
            body: r#"[{"message":"Subject: data value too large","errorCode":"STRING_TOO_LONG","fields":["Subject"]}]"#.into(),
        };
        assert_eq!(
            errors(&r),
            "HTTP 400: STRING_TOO_LONG: Subject: data value too large (fields: Subject)"
        );
        assert_eq!(error_code(&r), Some("OTHER"));
    }
}
