//! Reading the org: SOQL queries page by page (only on the instance, never
//! a page twice, records capped), the user the session belongs to, record
//! types, users by name or email, open duplicates, an account's contact,
//! cases by number.

use super::*;

impl Salesforce<'_> {
    /// GET /query, following nextRecordsUrl: every record of a SOQL query.
    /// Each next page must be a `/services/data/` path on the same instance
    /// (never another host: the token goes with it), a page is never asked
    /// for twice, and there are at most [`MAX_PAGES`].
    pub fn query(&mut self, soql: &str) -> Result<Vec<Json>, Failure> {
        if let Some(rows) = self.read_ahead.remove(soql) {
            return Ok(rows);
        }
        self.query_from(soql, None)
    }

    /// Every record of a SOQL query that may be large (a book of records):
    /// the REST query when its first page says it holds at most
    /// `bulk_above` records (its pages followed), else a Bulk API 2.0
    /// query job.
    pub fn query_book(&mut self, soql: &str, bulk_above: usize) -> Result<Vec<Json>, Failure> {
        let url = self.url(&["query"]).map_err(Failure::Stop)?;
        let first = self.page(&url, &[("q", soql.to_string())], soql)?;
        if first["totalSize"].as_u64().unwrap_or(0) > bulk_above as u64 {
            return self.bulk_query(soql);
        }
        self.query_from(soql, Some(first))
    }

    /// [`Salesforce::query`] whose first page may already be here.
    fn query_from(&mut self, soql: &str, first: Option<Json>) -> Result<Vec<Json>, Failure> {
        let mut out = Vec::new();
        self.query_pages(soql, first, &mut |page| {
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

    /// A query's answer page by page (the first one given, or asked):
    /// `each` takes every page's records as they arrive.
    fn query_pages(
        &mut self,
        soql: &str,
        mut first: Option<Json>,
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
            let j = match first.take() {
                Some(j) => j,
                None => self.page(&url, &query, soql)?,
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

    /// One page of a query's answer: the query result, or why not.
    fn page(&mut self, url: &Url, query: &[(&str, String)], soql: &str) -> Result<Json, Failure> {
        let q: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = match self.call(Method::GET, url, &q, Body::None, true) {
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
        Ok(j)
    }

    /// The user the session belongs to: the identity URL of Resources by
    /// Version (`.../id/ORG/USER`) names the Id, and the User record its
    /// name and username (the identity URL itself is not called: it may be
    /// on another host, and the token goes only to the instance).
    pub fn whoami(&mut self) -> Result<OrgUser, Failure> {
        let id = self.discover()?;
        let rows = self.query(&user_soql(&id))?;
        let s = |k: &str| rows.first().and_then(|r| r[k].as_str()).map(str::to_string);
        Ok(OrgUser {
            id,
            name: s("Name"),
            username: s("Username"),
        })
    }

    /// The Id of the user the session belongs to, from Resources by
    /// Version (GET /services/data/vXX.X/): asked once a run.
    pub fn discover(&mut self) -> Result<String, Failure> {
        if let Some(id) = &self.identity {
            return Ok(id.clone());
        }
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
                    crate::out::printable(&redact::clean(&identity))
                )))
            })?;
        self.identity = Some(id.clone());
        Ok(id)
    }

    /// The user the session belongs to, when already discovered.
    pub fn identity(&self) -> Option<&str> {
        self.identity.as_deref()
    }

    /// Runs `soqls` together: Composite calls of up to
    /// [`COMPOSITE_QUERIES`] queries each (one call toward the org's API
    /// limit, one round trip), a lone query as itself; the further pages of
    /// each answer are read as usual. The records of each, in order.
    pub fn queries(&mut self, soqls: &[String]) -> Result<Vec<Vec<Json>>, Failure> {
        let mut out = Vec::with_capacity(soqls.len());
        for chunk in soqls.chunks(COMPOSITE_QUERIES) {
            if let [one] = chunk {
                out.push(self.query(one)?);
                continue;
            }
            for (soql, first) in chunk.iter().zip(self.composite_queries(chunk)?) {
                let first = first.map_err(|e| {
                    Failure::Stop(Error::remote(format!(
                        "Salesforce refused the query `{soql}`: {e}"
                    )))
                })?;
                out.push(self.query_from(soql, Some(first))?);
            }
        }
        Ok(out)
    }

    /// Reads `soqls` ahead, together (see [`Salesforce::queries`]), for
    /// the code that asks for them later: each is then answered without a
    /// call. A query Salesforce refuses here is left to be asked again,
    /// where its error is reported as it always is.
    pub fn prefetch(&mut self, soqls: &[String]) -> Result<(), Failure> {
        let mut todo: Vec<String> = Vec::new();
        for q in soqls {
            if !self.read_ahead.contains_key(q) && !todo.contains(q) {
                todo.push(q.clone());
            }
        }
        for chunk in todo.chunks(COMPOSITE_QUERIES) {
            if chunk.len() == 1 {
                // A lone query costs its call either way: asked when needed.
                continue;
            }
            for (soql, first) in chunk.iter().zip(self.composite_queries(chunk)?) {
                if let Ok(first) = first {
                    let rows = self.query_from(soql, Some(first))?;
                    self.read_ahead.insert(soql.clone(), rows);
                }
            }
        }
        Ok(())
    }

    /// POST /composite with one query subrequest per SOQL (at most
    /// [`COMPOSITE_QUERIES`]): each answer's first page, or Salesforce's
    /// error for it.
    fn composite_queries(
        &mut self,
        soqls: &[String],
    ) -> Result<Vec<Result<Json, String>>, Failure> {
        let url = self.url(&["composite"]).map_err(Failure::Stop)?;
        let query_path = self
            .url(&["query"])
            .map_err(Failure::Stop)?
            .path()
            .to_string();
        let subrequests: Vec<Json> = soqls
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let q: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
                json!({"method": "GET", "url": format!("{query_path}?q={q}"), "referenceId": format!("q{i}")})
            })
            .collect();
        let body = json!({"allOrNone": false, "compositeRequest": subrequests});
        let r = match self.call(Method::POST, &url, &[], Body::Json(&body), true) {
            Ok(r) => r,
            Err(Failure::Unknown(m)) => {
                return Err(Failure::Stop(Error::remote(format!(
                    "a Composite request of {} queries got no answer: {m}.",
                    soqls.len()
                ))));
            }
            Err(e) => return Err(e),
        };
        if !r.ok() {
            return Err(Failure::Stop(Error::remote(format!(
                "Salesforce refused a Composite request of {} queries: {}",
                soqls.len(),
                errors(&r)
            ))));
        }
        let answers = r
            .parsed()
            .and_then(|j| j["compositeResponse"].as_array().cloned());
        let Some(answers) = answers.filter(|a| a.len() == soqls.len()) else {
            return Err(Failure::Stop(
                Error::remote(format!(
                    "server error: the answer to a Composite request is not Salesforce's ({}).",
                    r.describe()
                ))
                .with_hint("check SF_INSTANCE_URL: it must be the org's own URL (https://MyDomain.my.salesforce.com), not a login portal or a proxy"),
            ));
        };
        Ok((0..soqls.len())
            .map(|i| {
                let want = format!("q{i}");
                let a = answers
                    .iter()
                    .find(|a| a["referenceId"].as_str() == Some(want.as_str()));
                match a {
                    Some(a) if a["httpStatusCode"] == 200 && a["body"]["records"].is_array() => {
                        Ok(a["body"].clone())
                    }
                    Some(a) => Err(format!(
                        "HTTP {}: {}",
                        a["httpStatusCode"],
                        error_list(&a["body"])
                    )),
                    None => Err("the Composite answer has no result for it".into()),
                }
            })
            .collect())
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
            let rows = self.query(&record_types_soql(sobject))?;
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
            let rows = self.query(&users_soql(by, chunk))?;
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
        let soql =
            others_open_soql(sobject, key_field, same, condition).map_err(Failure::Record)?;
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
        let Some(soql) = contact_soql(account, by, value) else {
            return Ok(None);
        };
        let rows = self.query(&soql)?;
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

/// The User record of the session's user.
pub fn user_soql(id: &str) -> String {
    format!(
        "SELECT Id, Name, Username FROM User WHERE Id = {}",
        soql_quote(id)
    )
}

/// The active users whose `by` (Name or Email) is one of `values`.
pub fn users_soql(by: &str, values: &[String]) -> String {
    format!(
        "SELECT Id, Name, Email FROM User WHERE IsActive = true AND {by} IN ({})",
        soql_in(values)
    )
}

/// The active record types of `sobject` (an API name).
pub fn record_types_soql(sobject: &str) -> String {
    format!(
        "SELECT Id, Name, DeveloperName FROM RecordType WHERE SobjectType = '{sobject}' AND IsActive = true"
    )
}

/// The contacts of `account` whose `by` (Name or Email) is `value`; none
/// when the account is no Id or `by` no such field.
pub fn contact_soql(account: &str, by: &str, value: &str) -> Option<String> {
    (limits::is_id(account) && matches!(by, "Name" | "Email")).then(|| {
        format!(
            "SELECT Id FROM Contact WHERE AccountId = '{account}' AND {by} = {}",
            soql_quote(value)
        )
    })
}

/// The records of `sobject` holding the `same` values and meeting
/// `condition` (checked offline to be one cs may put in SOQL).
pub fn others_open_soql(
    sobject: &str,
    key_field: &str,
    same: &IndexMap<String, Json>,
    condition: &str,
) -> Result<String, String> {
    let names = std::iter::once(sobject)
        .chain(std::iter::once(key_field))
        .chain(same.keys().map(String::as_str));
    if let Some(bad) = names.into_iter().find(|n| !limits::is_api_name(n)) {
        return Err(format!("'{bad}' is not a Salesforce name"));
    }
    if !limits::is_condition(condition) {
        return Err(format!("'{condition}' is not a condition cs puts in SOQL"));
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
    Ok(soql)
}
