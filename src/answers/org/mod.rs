//! Answers read from the org a plan is for: what the playbooks say lives
//! in Salesforce (a field's `org:`), read for the accounts a run names.
//! A source of answers beneath the workflow, beside the answers file and
//! `--set`: it says what to read and how a read becomes answers; the
//! readers themselves (the org, a snapshot of it) are `crate::org`'s, and
//! reach here only through [`Reader`]. It imports no workflow or SOP.
//!
//! Reads are batched: account Ids go in `IN (...)` chunks of
//! [`crate::salesforce::IN_LIST_MAX`], one query per object per chunk, never one query per
//! account. What is read becomes the default answers of a run: shown at
//! the prompt, and overridden by the answers file and `--set`.

pub mod batch;

use crate::error::Error;
use crate::playbook::model::FieldType;
use crate::playbook::model::{FormRef, OrgSource, Related};
use crate::salesforce::limits::is_api_name;
use crate::salesforce::{Users, id_key};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

pub use crate::salesforce::bulk::{BULK_IN_MAX, BULK_READ_MIN};

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
    /// The Recurly facts of the accounts whose codes are `codes`, by code
    /// (None for a code Recurly does not know); None when the reader has
    /// no Recurly (no RECURLY_API_KEY, a snapshot taken without it).
    fn recurly(&mut self, _codes: &[String]) -> Result<Option<RecurlyFacts>, Error> {
        Ok(None)
    }
    /// The Outreach facts of the prospects whose emails are `emails`, by
    /// email (None for an email no prospect has); None when the reader has
    /// no Outreach (no credentials, a snapshot).
    fn outreach(&mut self, _emails: &[String]) -> Result<Option<OutreachFacts>, Error> {
        Ok(None)
    }
    /// Every record of a query of the whole book (`cs due`).
    fn records(&mut self, soql: &str) -> Result<Vec<Json>, Error> {
        Err(Error::user(format!("this reader cannot answer `{soql}`.")))
    }
}

/// Outreach's facts by prospect email: None for an email it does not know.
pub type OutreachFacts = IndexMap<String, Option<crate::outreach::Facts>>;

/// Recurly's facts by account code: None for a code Recurly does not know.
pub type RecurlyFacts = IndexMap<String, Option<crate::recurly::Facts>>;

/// The value at a field path of a record (`Owner.Email`).
pub fn at_path<'j>(record: &'j Json, path: &str) -> &'j Json {
    path.split('.').fold(record, |v, k| &v[k])
}

/// The default answers the org gives `form` for the account `id` (see
/// [`account_id`]), a line saying what was read, and what the org holds
/// of the records a plan may write ([`Known`]). The form must read
/// something from the org (a field with `org:`).
///
/// `code`: the Recurly account code given with the run's answers, which
/// wins over the one the org holds.
pub fn prefill(
    reader: &mut dyn Reader,
    form: FormRef,
    id: &str,
    code: Option<String>,
) -> Result<(IndexMap<String, Json>, String, Known), Error> {
    let id = id.to_string();
    let reads = Reads::of([form]).with_keyed(form);
    let instance = reader.instance()?;
    let got = reader.read(std::slice::from_ref(&id), &reads)?;
    let Some(acct) = got.get(&id) else {
        return Err(Error::user(format!("{instance} has no account {id}."))
            .with_hint("check the Id or link; the Salesforce user cs logs in as must be able to see the account"));
    };
    let mut values = answers(form, &id, acct, &instance);
    let name = acct.record["Name"].as_str().unwrap_or(&id);
    let keys: Vec<&str> = values.keys().map(String::as_str).collect();
    let mut note = format!(
        "read {name} ({id}) from {instance}: {} answer{} from Salesforce ({}); --set and --answers win over them.",
        keys.len(),
        crate::out::plural(keys.len()),
        keys.join(", ")
    );
    if let Some(more) = recurly_answers(reader, form, &mut values, code)? {
        note.push('\n');
        note.push_str(&more);
    }
    if let Some(more) = outreach_answers(reader, form, &mut values)? {
        note.push('\n');
        note.push_str(&more);
    }
    let known = Known::of(&id, acct, &reads.related);
    Ok((values, note, known))
}

/// The answers Recurly gives the fields of `form` that say `recurly:`, for
/// the account whose code the `account_code` field holds (read from the
/// org with the rest): added to `values`; a line saying what was read, or
/// why nothing was. Nothing when the form reads nothing of Recurly or no
/// Recurly is configured.
fn recurly_answers(
    reader: &mut dyn Reader,
    form: FormRef,
    values: &mut IndexMap<String, Json>,
    given: Option<String>,
) -> Result<Option<String>, Error> {
    if !reads_recurly(form) {
        return Ok(None);
    }
    let Some(code) = given.or_else(|| recurly_code(form, values)) else {
        return Ok(Some(
            "the account has no Recurly account code in Salesforce: its Recurly answers stay unknown.".into(),
        ));
    };
    let facts = match reader
        .recurly(std::slice::from_ref(&code))?
        .map(|mut all| all.swap_remove(&code).flatten())
    {
        None => return Ok(None),
        Some(None) => {
            crate::out::warn(&unknown_code(&code));
            return Ok(None);
        }
        Some(Some(f)) => f,
    };
    let got = recurly_values(form, &facts);
    let keys: Vec<&str> = got.keys().map(String::as_str).collect();
    let line = format!(
        "read Recurly account '{code}': {} answer{} from Recurly ({}).",
        keys.len(),
        crate::out::plural(keys.len()),
        keys.join(", ")
    );
    values.extend(got);
    Ok(Some(line))
}

/// The answers Outreach gives the fields of `form` that say `outreach:`,
/// for the prospect whose email the `prospect_email` field holds (read
/// from the org with the rest): added to `values`; a line saying what was
/// read. Nothing when the form reads nothing of Outreach, the email is not
/// known, or no Outreach is configured.
fn outreach_answers(
    reader: &mut dyn Reader,
    form: FormRef,
    values: &mut IndexMap<String, Json>,
) -> Result<Option<String>, Error> {
    use crate::playbook::model::OutreachFact as F;
    let fact = |f: F| form.fields.iter().filter(move |x| x.outreach == Some(f));
    if fact(F::Replied)
        .chain(fact(F::ActiveSequences))
        .next()
        .is_none()
    {
        return Ok(None);
    }
    let Some(email) = fact(F::ProspectEmail)
        .find_map(|f| values.get(&f.key.value))
        .and_then(Json::as_str)
        .map(str::to_string)
        .filter(|e| !e.trim().is_empty())
    else {
        return Ok(None);
    };
    let facts = match reader
        .outreach(std::slice::from_ref(&email))?
        .map(|mut all| all.swap_remove(&email).flatten())
    {
        None => return Ok(None),
        // No prospect: in no sequence, and no reply.
        Some(None) => crate::outreach::Facts {
            email: email.clone(),
            replied: false,
            active_sequences: Vec::new(),
        },
        Some(Some(f)) => f,
    };
    let mut keys = Vec::new();
    for f in form.fields {
        let v = match f.outreach {
            Some(F::Replied) => Json::from(facts.replied),
            Some(F::ActiveSequences) => Json::from(facts.active_sequences.join("; ")),
            _ => continue,
        };
        if v.as_str() == Some("") {
            continue;
        }
        keys.push(f.key.value.clone());
        values.insert(f.key.value.clone(), v);
    }
    Ok(Some(format!(
        "read Outreach prospect <{email}>: {} answer{} from Outreach ({}).",
        keys.len(),
        crate::out::plural(keys.len()),
        keys.join(", ")
    )))
}

/// The warning for an account code Recurly does not know.
pub fn unknown_code(code: &str) -> String {
    format!(
        "Recurly has no account with the code '{code}' (the Salesforce account's Recurly account code): its Recurly answers stay unknown"
    )
}

/// Does `form` read facts of Recurly (a field saying `recurly:`, beside
/// the account code)?
pub fn reads_recurly(form: FormRef) -> bool {
    use crate::playbook::model::RecurlyFact;
    form.fields
        .iter()
        .any(|f| f.recurly.is_some_and(|r| r != RecurlyFact::AccountCode))
}

/// The Recurly account code among the answers `values` of `form` (its
/// field saying `recurly: account_code`), when there is one.
pub fn recurly_code(form: FormRef, values: &IndexMap<String, Json>) -> Option<String> {
    use crate::playbook::model::RecurlyFact;
    form.fields
        .iter()
        .find(|f| f.recurly == Some(RecurlyFact::AccountCode))
        .and_then(|f| values.get(&f.key.value))
        .and_then(Json::as_str)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
}

/// The answers `facts` give the fields of `form` that say `recurly:`.
pub fn recurly_values(form: FormRef, facts: &crate::recurly::Facts) -> IndexMap<String, Json> {
    use crate::playbook::model::RecurlyFact;
    let mut out = IndexMap::new();
    for f in form.fields {
        let v = match f.recurly {
            Some(RecurlyFact::State) => Json::from(facts.state.clone()),
            Some(RecurlyFact::PastDueInvoices) => Json::from(facts.past_due_invoices),
            Some(RecurlyFact::AutoRenewalDisabled) => Json::from(facts.auto_renewal_disabled),
            Some(RecurlyFact::Subscriptions) => Json::from(facts.quantities()),
            Some(RecurlyFact::AccountCode) | None => continue,
        };
        out.insert(f.key.value.clone(), v);
    }
    out
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
