//! Reading the org a plan is for: what the playbooks say lives in
//! Salesforce (a field's `org:`), read for the accounts a run names, from
//! the org itself or from a snapshot of it.
//!
//! Reads are batched: account Ids go in `IN (...)` chunks of
//! [`IN_LIST_MAX`], one query per object per chunk, never one query per
//! account. What is read becomes the default answers of a run: shown at
//! the prompt, and overridden by the answers file and `--set`.

pub mod batch;
pub mod check;

use crate::error::Error;
use crate::playbook::model::FieldType;
use crate::playbook::model::{FormRef, OrgSource, Related};
use crate::salesforce::limits::{is_api_name, is_id};
use crate::salesforce::{Failure, IN_LIST_MAX, Salesforce, Users, id_key, soql_in};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// What playbooks read of each account.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reads {
    /// Field paths on the Account record.
    pub paths: Vec<String>,
    /// Fields of related records.
    pub related: Vec<Related>,
    /// The records of the account that the forms write by an External ID
    /// (object, key field): read with the rest, so that a plan made from
    /// the org knows what the org holds of them (its stale guard) without
    /// another call.
    pub keyed: Vec<(String, String)>,
}

impl Reads {
    /// What the fields of `forms` read (not [`Reads::keyed`], which only
    /// a plan made from the org needs: see [`Reads::with_keyed`]).
    pub fn of<'a>(forms: impl IntoIterator<Item = FormRef<'a>>) -> Self {
        let mut r = Reads::default();
        for form in forms {
            for f in form.fields {
                match &f.org {
                    Some(OrgSource::Path(p)) => {
                        if let Some(path) = account_path(p)
                            && path != "$url"
                            && path != "Id"
                            && !r.paths.iter().any(|x| x == path)
                        {
                            r.paths.push(path.to_string());
                        }
                    }
                    Some(OrgSource::Related(rel)) if !r.related.contains(rel) => {
                        r.related.push(rel.clone())
                    }
                    _ => {}
                }
            }
        }
        r
    }

    /// The account's records `form` writes by an External ID (those with
    /// an `AccountId`), read too.
    pub fn with_keyed(mut self, form: FormRef) -> Self {
        for t in form.records {
            if let Some(x) = &t.external_id
                && t.fields.contains_key("AccountId")
                && is_api_name(&t.sobject)
                && is_api_name(&x.field)
            {
                let k = (t.sobject.clone(), x.field.clone());
                if !self.keyed.contains(&k) {
                    self.keyed.push(k);
                }
            }
        }
        self
    }
}

/// The field path of `Account.PATH`, if `source` is one.
pub fn account_path(source: &str) -> Option<&str> {
    source.strip_prefix("Account.").filter(|p| !p.is_empty())
}

/// Is `path` a field path SOQL takes (`Name`, `Owner.Email`, `X__r.Y__c`)?
pub fn is_field_path(path: &str) -> bool {
    path.split('.').all(crate::salesforce::limits::is_api_name)
}

/// The key of a related read in a snapshot.
pub fn related_key(r: &Related) -> String {
    let mut k = format!("{}.{} by {}", r.object, r.field, r.account_field());
    if let Some(w) = &r.condition {
        k.push_str(&format!(" where {w}"));
    }
    if let Some(o) = &r.order {
        k.push_str(&format!(" order by {o}"));
    }
    k
}

/// One account as read: its record, and its related records by
/// [`related_key`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Account {
    pub record: Json,
    #[serde(default)]
    pub related: IndexMap<String, Vec<Json>>,
    /// The account's records the forms write by an External ID, read
    /// live (not kept in snapshots), by (object, key field).
    #[serde(skip)]
    pub keyed: IndexMap<(String, String), Vec<Json>>,
}

/// What a plan made from the org knows the org holds of the records it
/// may write, read with its answers: each record's SystemModstamp by
/// (object, key field, value), and the (object, key field, account) whose
/// keyed records were all read (a key not among them is not in the org).
#[derive(Debug, Default, Clone)]
pub struct Known {
    pub stamps: std::collections::HashMap<(String, String, String), Option<String>>,
    pub complete: std::collections::HashSet<(String, String, String)>,
}

impl Known {
    /// What `account` (read as `id`) says of the records it holds.
    pub fn of(id: &str, account: &Account, related: &[Related]) -> Self {
        let mut k = Known::default();
        let stamp = |r: &Json| r["SystemModstamp"].as_str().map(str::to_string);
        let mut by_id = |object: &str, r: &Json| {
            if let Some(rid) = r["Id"]
                .as_str()
                .filter(|_| r.get("SystemModstamp").is_some())
            {
                k.stamps.insert(
                    (object.into(), "Id".into(), id_key(rid).to_string()),
                    stamp(r),
                );
            }
        };
        by_id("Account", &account.record);
        for rel in related {
            for r in account.related.get(&related_key(rel)).into_iter().flatten() {
                by_id(&rel.object, r);
            }
        }
        for ((object, key), rows) in &account.keyed {
            for r in rows {
                if let Some(v) = r[key.as_str()].as_str() {
                    k.stamps
                        .insert((object.clone(), key.clone(), v.to_string()), stamp(r));
                }
            }
            k.complete
                .insert((object.clone(), key.clone(), id_key(id).to_string()));
        }
        k
    }
}

/// Where cs reads accounts from.
pub trait Reader {
    /// The org's URL (for account links).
    fn instance(&mut self) -> Result<String, Error>;
    /// Reads `ids` (valid Ids): those found, by the Id asked for.
    fn read(&mut self, ids: &[String], reads: &Reads) -> Result<IndexMap<String, Account>, Error>;
    /// The active users whose `by` (`Name` or `Email`) is one of `values`
    /// (any case), by (by, lowercased value).
    fn users(&mut self, by: &str, values: &[String]) -> Result<Users, Error>;
}

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

pub use crate::salesforce::bulk::{BULK_IN_MAX, BULK_READ_MIN};

/// The org itself, through the REST API (and Bulk API 2.0 for large reads).
pub struct Live<'h> {
    pub sf: Salesforce<'h>,
}

/// The value at a field path of a record (`Owner.Email`).
pub fn at_path<'j>(record: &'j Json, path: &str) -> &'j Json {
    path.split('.').fold(record, |v, k| &v[k])
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
}

impl Snapshot {
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
}

/// The default answers the org gives `form` for the account `id` (see
/// [`account_id`]), a line saying what was read, and what the org holds
/// of the records a plan may write ([`Known`]). The form must read
/// something from the org (a field with `org:`).
pub fn prefill(
    reader: &mut dyn Reader,
    form: FormRef,
    id: &str,
) -> Result<(IndexMap<String, Json>, String, Known), Error> {
    let id = id.to_string();
    let reads = Reads::of([form]).with_keyed(form);
    let instance = reader.instance()?;
    let got = reader.read(std::slice::from_ref(&id), &reads)?;
    let Some(acct) = got.get(&id) else {
        return Err(Error::user(format!("{instance} has no account {id}."))
            .with_hint("check the Id or link; the Salesforce user cs logs in as must be able to see the account"));
    };
    let values = answers(form, &id, acct, &instance);
    let name = acct.record["Name"].as_str().unwrap_or(&id);
    let keys: Vec<&str> = values.keys().map(String::as_str).collect();
    let note = format!(
        "read {name} ({id}) from {instance}: {} answer{} from Salesforce ({}); --set and --answers win over them.",
        keys.len(),
        crate::out::plural(keys.len()),
        keys.join(", ")
    );
    let known = Known::of(&id, acct, &reads.related);
    Ok((values, note, known))
}

/// The account Id `text` gives (an Id or a link), or an error that names
/// it as `what` names where it came from (`--account`).
pub fn account_id(text: &str, what: &str) -> Result<String, Error> {
    id_in(text).ok_or_else(|| {
        Error::user(format!(
            "{what} '{text}' is neither a Salesforce Id nor a link to an account."
        ))
        .with_hint("pass the account's Id (001...) or its Salesforce URL")
    })
}

pub use crate::salesforce::limits::id_in;

/// The answers the org gives the fields of `form` for `account` (`id`).
pub fn answers(
    form: FormRef,
    id: &str,
    account: &Account,
    instance: &str,
) -> IndexMap<String, Json> {
    let mut out = IndexMap::new();
    for f in form.fields {
        let list = matches!(
            f.kind.value,
            FieldType::List | FieldType::MultiChoice | FieldType::ChurnSecondary | FieldType::Dates
        );
        let value = match &f.org {
            Some(OrgSource::Path(p)) => match account_path(p) {
                Some("$url") => Json::String(format!("{instance}/lightning/r/Account/{id}/view")),
                Some(path) => {
                    let v = at_path(&account.record, path).clone();
                    match v {
                        // A multi-select picklist reads as `A;B`.
                        Json::String(s) if list => Json::Array(
                            s.split(';')
                                .map(str::trim)
                                .filter(|x| !x.is_empty())
                                .map(|x| Json::String(x.to_string()))
                                .collect(),
                        ),
                        v => v,
                    }
                }
                None => Json::Null,
            },
            Some(OrgSource::Related(rel)) => {
                let rows = account.related.get(&related_key(rel));
                let values: Vec<Json> = rows
                    .into_iter()
                    .flatten()
                    .map(|r| at_path(r, &rel.field).clone())
                    .filter(|v| !v.is_null())
                    .collect();
                if f.kind.value == FieldType::Integer {
                    // How many there are (open opportunities, pending tasks).
                    Json::from(rows.map_or(0, Vec::len))
                } else if list {
                    if values.is_empty() {
                        Json::Null
                    } else {
                        Json::Array(values)
                    }
                } else {
                    values.into_iter().next().unwrap_or(Json::Null)
                }
            }
            None => continue,
        };
        if !value.is_null() {
            out.insert(f.key.value.clone(), value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_id_is_found_in_its_links() {
        for (text, id) in [
            ("001Dn00000A1b2cIAB", Some("001Dn00000A1b2cIAB")),
            (
                "https://acme.lightning.force.com/lightning/r/Account/001Dn00000A1b2cIAB/view",
                Some("001Dn00000A1b2cIAB"),
            ),
            (
                "https://acme.my.salesforce.com/001Dn00000A1b2c",
                Some("001Dn00000A1b2c"),
            ),
            ("https://acme.my.salesforce.com/lightning/page/home", None),
            ("Acme Family Clinic", None),
        ] {
            assert_eq!(id_in(text).as_deref(), id, "{text}");
        }
    }

    #[test]
    fn field_paths_are_what_soql_takes() {
        assert!(is_field_path("Name"));
        assert!(is_field_path("Primary_Contact__r.Name"));
        assert!(!is_field_path("Name; DELETE"));
        assert!(!is_field_path("Name FROM User"));
        assert!(!is_field_path(""));
    }
}
