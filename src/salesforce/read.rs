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
