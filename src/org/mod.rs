//! The readers of the org a plan is for: the org itself, through the REST
//! API (and Bulk API 2.0 for large reads), and a snapshot of it saved by
//! `cs org snapshot`. What to read, and how a read becomes answers, is
//! `crate::answers::org`'s: this module only reads.

pub mod check;

pub use crate::answers::org::*;

use crate::error::Error;
use crate::salesforce::limits::is_id;
use crate::salesforce::{Failure, IN_LIST_MAX, Salesforce, Users, id_key, soql_in};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// An active Salesforce user, as a snapshot keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct User {
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Email", default)]
    pub email: String,
}

impl Live<'_> {
    /// Every active user of the org (one query, its pages followed).
    pub fn active_users(&mut self) -> Result<Vec<User>, Error> {
        let rows = self
            .sf
            .query("SELECT Id, Name, Email FROM User WHERE IsActive = true")
            .map_err(Failure::into_error)?;
        Ok(rows
            .iter()
            .map(|r| {
                let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
                User {
                    id: s("Id"),
                    name: s("Name"),
                    email: s("Email"),
                }
            })
            .collect())
    }
}

/// The org itself, through the REST API (and Bulk API 2.0 for large reads),
/// and the site's Recurly when RECURLY_API_KEY is set.
pub struct Live<'h> {
    pub sf: Salesforce<'h>,
    pub recurly: Option<crate::recurly::Recurly<'h>>,
    pub outreach: Option<crate::outreach::Outreach<'h>>,
}

impl Reader for Live<'_> {
    fn instance(&mut self) -> Result<String, Error> {
        Ok(self
            .sf
            .instance()?
            .as_str()
            .trim_end_matches('/')
            .to_string())
    }

    fn read(&mut self, ids: &[String], reads: &Reads) -> Result<IndexMap<String, Account>, Error> {
        let mut out: IndexMap<String, Account> = IndexMap::new();
        let by_key: IndexMap<&str, &String> = ids.iter().map(|i| (id_key(i), i)).collect();
        let mut fields = vec!["Id".to_string(), "SystemModstamp".to_string()];
        fields.extend(reads.paths.iter().cloned());
        // Many accounts at once go to Bulk API 2.0 query jobs; a few go
        // together in Composite calls (one round trip for five queries).
        let bulk = ids.len() > BULK_READ_MIN;
        let per_query = if bulk { BULK_IN_MAX } else { IN_LIST_MAX };
        for chunk in ids.chunks(per_query) {
            let mut soqls = vec![format!(
                "SELECT {} FROM Account WHERE Id IN ({})",
                fields.join(", "),
                soql_in(chunk)
            )];
            for rel in &reads.related {
                let link = rel.account_field();
                // An Id read is a record a plan may write: its stamp too.
                let stamp = if rel.field == "Id" {
                    ", SystemModstamp"
                } else {
                    ""
                };
                let mut soql = format!(
                    "SELECT {link}, {}{stamp} FROM {} WHERE {link} IN ({})",
                    rel.field,
                    rel.object,
                    soql_in(chunk)
                );
                if let Some(w) = &rel.condition {
                    soql.push_str(&format!(" AND ({w})"));
                }
                if let Some(o) = &rel.order {
                    soql.push_str(&format!(" ORDER BY {o}"));
                }
                soqls.push(soql);
            }
            // What the forms write by an External ID is read live only.
            let keyed: &[(String, String)] = if bulk { &[] } else { &reads.keyed };
            for (object, key) in keyed {
                soqls.push(format!(
                    "SELECT Id, SystemModstamp, LastModifiedBy.Name, AccountId, {key} FROM {object} WHERE AccountId IN ({}) AND {key} != null",
                    soql_in(chunk)
                ));
            }
            let answers = if bulk {
                soqls
                    .iter()
                    .map(|q| self.sf.bulk_query(q))
                    .collect::<Result<Vec<_>, _>>()
            } else {
                self.sf.queries(&soqls)
            }
            .map_err(Failure::into_error)?;
            let mut answers = answers.into_iter();
            for row in answers.next().unwrap_or_default() {
                let Some(asked) = row["Id"].as_str().and_then(|i| by_key.get(id_key(i))) else {
                    continue;
                };
                out.insert(
                    (*asked).clone(),
                    Account {
                        record: row,
                        ..Account::default()
                    },
                );
            }
            let related = reads
                .related
                .iter()
                .map(|rel| (related_key(rel), rel.account_field().to_string(), None));
            let keyed = keyed
                .iter()
                .map(|k| (String::new(), "AccountId".to_string(), Some(k.clone())));
            for ((key, link, keyed), rows) in related.chain(keyed).zip(answers) {
                for row in rows {
                    let Some(asked) = row[&link].as_str().and_then(|i| by_key.get(id_key(i)))
                    else {
                        continue;
                    };
                    if let Some(a) = out.get_mut(*asked) {
                        match &keyed {
                            Some(k) => a.keyed.entry(k.clone()).or_default().push(row),
                            None => a.related.entry(key.clone()).or_default().push(row),
                        }
                    }
                }
            }
        }
        for a in out.values_mut() {
            for rel in &reads.related {
                a.related.entry(related_key(rel)).or_default();
            }
            if !bulk {
                for k in &reads.keyed {
                    a.keyed.entry(k.clone()).or_default();
                }
            }
        }
        Ok(out)
    }

    fn users(&mut self, by: &str, values: &[String]) -> Result<Users, Error> {
        self.sf.users(by, values).map_err(Failure::into_error)
    }

    fn records(&mut self, soql: &str) -> Result<Vec<serde_json::Value>, Error> {
        self.sf
            .query_book(soql, crate::due::BULK_ABOVE)
            .map_err(Failure::into_error)
    }

    fn recurly(&mut self, codes: &[String]) -> Result<Option<RecurlyFacts>, Error> {
        match &self.recurly {
            Some(r) => r.facts_of(codes).map(Some),
            None => Ok(None),
        }
    }

    fn outreach(
        &mut self,
        emails: &[String],
    ) -> Result<Option<crate::answers::org::OutreachFacts>, Error> {
        match &self.outreach {
            Some(o) => o.facts_of(emails).map(Some),
            None => Ok(None),
        }
    }
}

/// A case's notes, read by its Id or number.
impl crate::fields::note::CaseNotes for Live<'_> {
    fn notes(&mut self, case: &str, field: &str) -> Result<crate::fields::note::Notes, Error> {
        use crate::salesforce::limits::{is_api_name, is_case_number};
        if !is_api_name(field) {
            return Err(Error::user(format!("'{field}' is not a field name.")));
        }
        let by = if is_id(case) {
            "Id"
        } else if is_case_number(case) {
            "CaseNumber"
        } else {
            return Err(Error::user(format!(
                "case_id '{case}' is neither a Salesforce Id nor a case number."
            )));
        };
        let rows = self
            .sf
            .query(&format!(
                "SELECT Id, CaseNumber, {field} FROM Case WHERE {by} = '{case}'"
            ))
            .map_err(Failure::into_error)?;
        let Some(row) = rows.first() else {
            let instance = self.instance()?;
            return Err(Error::user(format!("{instance} has no case {case}."))
                .with_hint("check the case Id or number; the Salesforce user cs logs in as must be able to see the case"));
        };
        Ok(crate::fields::note::Notes::from_text(
            format!("{field} of case {case}"),
            row[field].as_str().unwrap_or_default(),
        ))
    }
}

/// What `cs org snapshot` saves: the org's URL and the accounts as read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Always 1: the format of this file.
    pub cs_org_snapshot: u32,
    pub instance: String,
    /// When it was taken (RFC 3339).
    pub taken: String,
    pub accounts: IndexMap<String, Account>,
    /// The org's active users, for the people a batch names (`to_csm`).
    #[serde(default)]
    pub users: Vec<User>,
    /// Recurly's facts of the accounts, by the Recurly account code their
    /// Salesforce record holds (null: a code Recurly does not know);
    /// absent when the snapshot was taken without RECURLY_API_KEY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurly: Option<RecurlyFacts>,
    /// What the playbooks' duties read (`cs org snapshot --due`): each
    /// query's records, by its SOQL.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub due: IndexMap<String, Vec<serde_json::Value>>,
}

impl Snapshot {
    /// Reads from the org what every workflow playbook of `loaded` reads
    /// of the accounts `ids` (the reference playbooks read nothing), the
    /// Recurly facts of the account codes they hold, and the active users.
    ///
    /// With `due`, also every record the duties read (`cs due --org`).
    pub fn take(
        live: &mut Live,
        ids: &[String],
        loaded: &[crate::playbook::Loaded],
        due: bool,
    ) -> Result<Self, Error> {
        let forms = || loaded.iter().flat_map(|l| l.playbook.all_forms());
        let reads = Reads::of(forms());
        let instance = live.instance()?;
        let accounts = live.read(ids, &reads)?;
        let mut codes: Vec<String> = Vec::new();
        for form in forms().filter(|f| reads_recurly(*f)) {
            for (id, a) in &accounts {
                let values = answers(form, id, a, &instance);
                if let Some(code) = recurly_code(form, &values)
                    && !codes.contains(&code)
                {
                    codes.push(code);
                }
            }
        }
        let recurly = live.recurly(&codes)?;
        let mut books = IndexMap::new();
        if due {
            for soql in crate::due::queries_of(loaded) {
                let rows = live.records(&soql)?;
                books.insert(soql, rows);
            }
        }
        Ok(Snapshot {
            cs_org_snapshot: 1,
            instance,
            taken: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            accounts,
            users: live.active_users()?,
            recurly,
            due: books,
        })
    }

    /// What the snapshot holds of Recurly, for the line that says it was
    /// written ("; the Recurly facts of 3 account codes"); each code
    /// Recurly did not know is warned.
    pub fn recurly_note(&self) -> String {
        match &self.recurly {
            Some(facts) => {
                let mut known = 0;
                for (code, f) in facts {
                    match f {
                        Some(_) => known += 1,
                        None => crate::out::warn(&unknown_code(code)),
                    }
                }
                format!(
                    "; the Recurly facts of {known} account code{}",
                    crate::out::plural(known)
                )
            }
            None => "; no Recurly facts (RECURLY_API_KEY is not set)".to_string(),
        }
    }

    /// "; 12 records the duties read", when it holds them.
    pub fn due_note(&self) -> String {
        if self.due.is_empty() {
            return String::new();
        }
        let n: usize = self.due.values().map(Vec::len).sum();
        format!("; {n} record{} the duties read", crate::out::plural(n))
    }

    pub fn load(path: &std::path::Path) -> Result<Self, Error> {
        let text = crate::error::read_state_file(path)?;
        let s: Snapshot = serde_json::from_str(&text).map_err(|e| {
            Error::user(format!(
                "{}:{}:{}: not a cs org snapshot: {e}.",
                path.display(),
                e.line(),
                e.column()
            ))
            .with_hint("take one with: cs org snapshot ACCOUNT... --out FILE")
        })?;
        if s.cs_org_snapshot != 1 {
            return Err(Error::user(format!(
                "{}: snapshot format {} is not one this cs reads (1).",
                path.display(),
                s.cs_org_snapshot
            )));
        }
        Ok(s)
    }
}

/// A snapshot answers as the org did when it was taken.
impl Reader for Snapshot {
    fn instance(&mut self) -> Result<String, Error> {
        Ok(self.instance.trim_end_matches('/').to_string())
    }

    fn read(&mut self, ids: &[String], reads: &Reads) -> Result<IndexMap<String, Account>, Error> {
        let mut out = IndexMap::new();
        for id in ids {
            let hit = self.accounts.iter().find(|(k, _)| id_key(k) == id_key(id));
            if let Some((_, a)) = hit {
                for rel in &reads.related {
                    if !a.related.contains_key(&related_key(rel)) {
                        return Err(Error::user(format!(
                            "the snapshot has no {} for account {id}: it was taken for other playbooks.",
                            related_key(rel)
                        ))
                        .with_hint("take it again with: cs org snapshot ACCOUNT... --out FILE"));
                    }
                }
                out.insert(id.clone(), a.clone());
            }
        }
        Ok(out)
    }

    fn users(&mut self, by: &str, values: &[String]) -> Result<Users, Error> {
        let mut map = Users::new();
        for u in &self.users {
            let v = match by {
                "Name" => &u.name,
                "Email" => &u.email,
                _ => continue,
            };
            if values.iter().any(|x| x.eq_ignore_ascii_case(v)) {
                map.entry((by.to_string(), v.to_lowercase()))
                    .or_default()
                    .push((u.id.clone(), u.name.clone(), u.email.clone()));
            }
        }
        Ok(map)
    }

    fn records(&mut self, soql: &str) -> Result<Vec<serde_json::Value>, Error> {
        // Each query is asked once a run: its records are taken, not copied.
        self.due.swap_remove(soql).ok_or_else(|| {
            Error::user(format!(
                "the snapshot holds no records for the duties' query `{soql}`: it was taken without --due, or for other playbooks."
            ))
            .with_hint("take it again with: cs org snapshot --due --out FILE")
        })
    }

    /// The facts the snapshot holds of `codes` (a code it lacks is one
    /// Recurly did not know, or one no account of the snapshot holds).
    fn recurly(&mut self, codes: &[String]) -> Result<Option<RecurlyFacts>, Error> {
        Ok(self.recurly.as_ref().map(|all| {
            codes
                .iter()
                .map(|c| (c.clone(), all.get(c).cloned().flatten()))
                .collect()
        }))
    }
}
