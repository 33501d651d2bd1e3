//! `cs due`: every SOP duty that is late, due today or coming, per CSM,
//! from the records the org holds. The duties are the playbooks'
//! (`duties:`, [`crate::playbook::duty`]); this module says what to read
//! of the org for them (one query per object, [`queries`]) and evaluates
//! them on what was read with the organization's calendar (B1,
//! [`evaluate`]). Reading is the caller's (`crate::org`'s readers).

pub mod digest;
mod render;
mod when;

pub use render::*;
pub use when::*;

use crate::calendar::Calendar;
use crate::playbook::duty::Duty;
use crate::salesforce::soql_quote;
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value as Json;

/// Above this many records, an object's book is read by a Bulk API 2.0
/// query job rather than REST pages.
pub const BULK_ABOVE: usize = 2_000;

/// The account field naming its CSM, whose duty a record's duties are.
pub const CSM_FIELD: &str = "Customer_Success_Manager__c";

/// How a duty stands on the day evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Late,
    Today,
    Upcoming,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Late => "late",
            State::Today => "today",
            State::Upcoming => "upcoming",
        }
    }
}

/// One duty of one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub account_id: String,
    pub account_name: String,
    /// The account's CSM (their name; the Id when the org gives no name).
    pub csm: String,
    pub csm_email: String,
    pub rule: String,
    pub what: String,
    #[serde(serialize_with = "ymd")]
    pub due: NaiveDate,
    pub state: State,
    /// The business days from the due date up to the day evaluated (the
    /// due date counted, that day not): 0 unless late.
    pub business_days_late: u32,
    /// The Salesforce Id of the record the duty is about.
    pub record: String,
    pub object: String,
    pub command: String,
    /// Which of the playbooks' duties it is (two duties of one rule on
    /// one record, D2's Day 4 and Day 30, are two events of a calendar).
    #[serde(skip)]
    pub duty: usize,
}

fn ymd<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.format("%Y-%m-%d").to_string())
}

/// The SOQL of each object the duties are about, by object: one query for
/// the whole book. It reads every field a duty of the object reads (its
/// conditions, its dates, its templates' `record.` and `account.`
/// fields) and the account's name and CSM; it keeps the conditions every
/// duty of the object shares (each duty's own are applied to what comes
/// back).
pub fn queries(duties: &[&Duty]) -> IndexMap<String, String> {
    let mut by_object: IndexMap<&str, Vec<&Duty>> = IndexMap::new();
    for d in duties {
        by_object
            .entry(d.object.value.as_str())
            .or_default()
            .push(d);
    }
    by_object
        .into_iter()
        .map(|(object, ds)| (object.to_string(), soql(object, &ds)))
        .collect()
}

fn soql(object: &str, ds: &[&Duty]) -> String {
    let mut fields: Vec<String> = vec!["Id".into()];
    let mut add = |f: String| {
        if !fields.contains(&f) {
            fields.push(f);
        }
    };
    for d in ds {
        // The account's fields: through its lookup, or the record's own
        // when the duty is about accounts (`account_field: Id`).
        let rel = match d.account_path() {
            p if p.is_empty() => String::new(),
            p => format!("{p}."),
        };
        add(d.account_field().to_string());
        for f in [
            "Name".to_string(),
            CSM_FIELD.to_string(),
            format!("{}.Name", csm_path()),
            format!("{}.Email", csm_path()),
        ] {
            add(format!("{rel}{f}"));
        }
        if d.record_type.is_some() {
            add("RecordType.DeveloperName".into());
        }
        for f in d.fields() {
            add(f.to_string());
        }
        for (root, path) in template_fields(d) {
            match root {
                "record" => add(path),
                _ => add(format!("{rel}{path}")),
            }
        }
    }
    let mut wheres: Vec<String> = Vec::new();
    // The conditions every duty of the object shares.
    if let Some(first) = ds.first() {
        for (k, v) in &first.conditions {
            if ds.iter().all(|d| d.conditions.get(k) == Some(v))
                && let Some(c) = soql_condition(k, v)
            {
                wheres.push(c);
            }
        }
    }
    if ds.iter().all(|d| d.record_type.is_some()) {
        let mut types: Vec<String> = ds
            .iter()
            .filter_map(|d| d.record_type.as_ref().map(|r| r.value.clone()))
            .collect();
        types.dedup();
        let list: Vec<String> = types.iter().map(|t| soql_quote(t)).collect();
        wheres.push(format!("RecordType.DeveloperName IN ({})", list.join(", ")));
    }
    let mut q = format!("SELECT {} FROM {object}", fields.join(", "));
    if !wheres.is_empty() {
        q.push_str(" WHERE ");
        q.push_str(&wheres.join(" AND "));
    }
    q
}

/// The CSM's relationship path on the account.
fn csm_path() -> String {
    format!("{}__r", CSM_FIELD.trim_end_matches("__c"))
}

/// `K = V` (or `K IN (...)`) in SOQL, for a value a condition holds.
fn soql_condition(k: &str, v: &Json) -> Option<String> {
    let lit = |v: &Json| -> Option<String> {
        match v {
            Json::Null => Some("null".into()),
            Json::Bool(b) => Some(b.to_string()),
            Json::Number(n) => Some(n.to_string()),
            Json::String(s) => Some(soql_quote(s)),
            _ => None,
        }
    };
    match v {
        Json::Array(items) => {
            let list: Option<Vec<String>> = items.iter().map(lit).collect();
            Some(format!("{k} IN ({})", list?.join(", ")))
        }
        Json::Object(o) => Some(format!("{k} != {}", lit(o.get("not")?)?)),
        v => Some(format!("{k} = {}", lit(v)?)),
    }
}

/// The `record.X` and `account.X` paths the duty's templates read.
pub fn template_fields(d: &Duty) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for t in std::iter::once(&d.text).chain(d.command.as_ref()) {
        for v in crate::template::variables(&t.value, false).unwrap_or_default() {
            for root in ["record", "account"] {
                if let Some(path) = v.strip_prefix(root).and_then(|p| p.strip_prefix('.')) {
                    out.push((root, path.to_string()));
                }
            }
        }
    }
    out
}

/// `s` as one shell word: as it is when it holds only characters no shell
/// reads specially, else in single quotes.
pub fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:@%+,".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The day evaluated and how far ahead to look.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub on: NaiveDate,
    /// Upcoming duties within this many business days after `on`.
    pub within: u32,
}

/// Every duty of `duties` on the records of `records` (by object, as
/// [`queries`] reads them) that is late, due on `window.on`, or due within
/// `window.within` business days after it, sorted by CSM, state, due date
/// and account.
pub fn evaluate(
    duties: &[&Duty],
    records: &IndexMap<String, Vec<Json>>,
    calendar: &Calendar,
    window: Window,
) -> Vec<Item> {
    let horizon = add_business_days(calendar, window.on, window.within);
    let env = crate::template::env();
    let mut out = Vec::new();
    // Records whose date a duty counts from is not a date, by duty: said,
    // never dropped in silence.
    let mut unreadable: IndexMap<(String, String, String), usize> = IndexMap::new();
    // Each duty made ready once: its account path, and its templates
    // compiled and given only the fields they read.
    let csm_rel = csm_path();
    let ready: Vec<Ready> = duties
        .iter()
        .enumerate()
        .map(|(duty, d)| Ready {
            duty,
            d,
            rel: d.account_path(),
            fields: template_fields(d),
            text_t: env.template_from_str(&d.text.value).ok(),
            command_t: d
                .command
                .as_ref()
                .and_then(|c| env.template_from_str(&c.value).ok()),
        })
        .collect();
    let mut by_object: IndexMap<&str, Vec<&Ready>> = IndexMap::new();
    for r in &ready {
        by_object
            .entry(r.d.object.value.as_str())
            .or_default()
            .push(r);
    }
    // Each record once, for every duty of its object: its record type and
    // the fields the conditions name are looked up once.
    for (object, of_object) in by_object {
        for r in records.get(object).into_iter().flatten() {
            let record_type = r
                .get("RecordType")
                .and_then(|t| t.get("DeveloperName"))
                .and_then(Json::as_str);
            let mut seen: Vec<(&str, &Json)> = Vec::new();
            for p in &of_object {
                let (duty, d, rel) = (p.duty, p.d, &p.rel);
                let (fields, text_t, command_t) = (&p.fields, &p.text_t, &p.command_t);
                if !applies(d, r, record_type, &mut seen) {
                    continue;
                }
                let due = match due_date(d, r, calendar, window.on) {
                    Due::On(day) => day,
                    Due::None => continue,
                    Due::Unreadable(field) => {
                        *unreadable
                            .entry((d.rule.value.clone(), d.object.value.clone(), field))
                            .or_insert(0) += 1;
                        continue;
                    }
                };
                let state = if due < window.on {
                    State::Late
                } else if due == window.on {
                    State::Today
                } else if due <= horizon {
                    State::Upcoming
                } else {
                    continue;
                };
                let account = if rel.is_empty() { r } else { &r[rel.as_str()] };
                let csm = &account[csm_rel.as_str()];
                let text = |j: &Json| j.as_str().unwrap_or_default().to_string();
                let ctx = context(fields, r, account, false);
                out.push(Item {
                    account_id: text(&r[d.account_field()]),
                    account_name: text(&account["Name"]),
                    csm: csm["Name"]
                        .as_str()
                        .or(account[CSM_FIELD].as_str())
                        .unwrap_or("(no CSM)")
                        .to_string(),
                    csm_email: text(&csm["Email"]),
                    rule: d.rule.value.clone(),
                    what: rendered(text_t, &d.text.value, &ctx),
                    due,
                    state,
                    business_days_late: if state == State::Late {
                        business_days_between(calendar, due, window.on)
                    } else {
                        0
                    },
                    record: text(&r["Id"]),
                    object: d.object.value.clone(),
                    // A command is copied into a shell: the record's values
                    // in it are quoted as shell words.
                    command: d
                        .command
                        .as_ref()
                        .map(|c| rendered(command_t, &c.value, &context(fields, r, account, true)))
                        .unwrap_or_default(),
                    duty,
                });
            }
        }
    }
    for ((rule, object, field), n) in unreadable {
        crate::out::warn(&format!(
            "{rule}: {n} {object} record{} left out: {field} holds no date cs can read (YYYY-MM-DD, or a date-time as Salesforce writes it)",
            crate::out::plural(n)
        ));
    }
    out.sort_by_cached_key(|i| {
        (
            i.csm.to_lowercase(),
            i.state,
            i.due,
            i.account_name.clone(),
            i.rule.clone(),
        )
    });
    out
}

/// A duty made ready to evaluate: its templates compiled once.
struct Ready<'d> {
    duty: usize,
    d: &'d Duty,
    rel: String,
    fields: Vec<(&'static str, String)>,
    text_t: Option<minijinja::Template<'d, 'd>>,
    command_t: Option<minijinja::Template<'d, 'd>>,
}

/// A duty's template rendered, trimmed; its text as written when it cannot
/// be (lint refuses what does not compile).
fn rendered(t: &Option<minijinja::Template>, raw: &str, ctx: &minijinja::Value) -> String {
    match t {
        Some(t) => t
            .render(ctx)
            .map_or_else(|_| raw.to_string(), |s| s.trim().to_string()),
        None => raw.to_string(),
    }
}

/// What a duty's templates read of a record and its account, and nothing
/// more: `{"record": {...}, "account": {...}}`.
fn context(
    fields: &[(&'static str, String)],
    r: &Json,
    account: &Json,
    shell: bool,
) -> minijinja::Value {
    let mut ctx = serde_json::Map::new();
    for (root, path) in fields {
        let from = if *root == "record" { r } else { account };
        let mut at = ctx
            .entry(root.to_string())
            .or_insert_with(|| Json::Object(Default::default()));
        let mut parts = path.split('.').peekable();
        while let Some(p) = parts.next() {
            let Json::Object(m) = at else { break };
            if parts.peek().is_none() {
                let v = match crate::answers::org::at_path(from, path) {
                    Json::String(t) if shell => Json::String(shell_word(t)),
                    v => v.clone(),
                };
                m.insert(p.to_string(), v);
                break;
            }
            at = m
                .entry(p.to_string())
                .or_insert_with(|| Json::Object(Default::default()));
        }
    }
    for root in ["record", "account"] {
        ctx.entry(root.to_string())
            .or_insert_with(|| Json::Object(Default::default()));
    }
    minijinja::Value::from(minijinja::value::Serde(Json::Object(ctx)))
}

/// Does `d` apply to the record `r` (its record type and conditions)?
fn applies<'r>(
    d: &'r Duty,
    r: &'r Json,
    record_type: Option<&str>,
    seen: &mut Vec<(&'r str, &'r Json)>,
) -> bool {
    if let Some(rt) = &d.record_type
        && record_type != Some(rt.value.as_str())
    {
        return false;
    }
    d.conditions.iter().all(|(k, want)| {
        let got = match seen.iter().find(|(key, _)| *key == k.as_str()) {
            Some((_, v)) => *v,
            None => {
                let v = crate::answers::org::at_path(r, k);
                seen.push((k.as_str(), v));
                v
            }
        };
        match want {
            Json::Array(any) => any.iter().any(|w| same(got, w)),
            Json::Object(o) => o.get("not").is_some_and(|w| !same(got, w)),
            w => same(got, w),
        }
    })
}

/// A value as the org gives it (REST: typed; Bulk API: all text) against
/// the one a condition names.
fn same(got: &Json, want: &Json) -> bool {
    let word = |b: bool| if b { "true" } else { "false" };
    // Compared without copying: it runs for every duty of every record.
    match (got, want) {
        (Json::String(a), Json::String(b)) => a.eq_ignore_ascii_case(b),
        (Json::Bool(a), Json::Bool(b)) => a == b,
        // An empty checkbox is an unticked one.
        (Json::Null, Json::Bool(false)) => true,
        (Json::Null, Json::Null) => true,
        (Json::Null, Json::String(b)) | (Json::String(b), Json::Null) => b.is_empty(),
        (Json::String(a), Json::Bool(b)) | (Json::Bool(b), Json::String(a)) => {
            a.eq_ignore_ascii_case(word(*b))
        }
        (Json::Number(a), Json::Number(b)) => a.as_f64() == b.as_f64(),
        (Json::String(a), Json::Number(n)) | (Json::Number(n), Json::String(a)) => {
            a.trim().parse::<f64>().ok() == n.as_f64()
        }
        _ => false,
    }
}

/// Whose duties to show: one CSM (by name or email, any case), or all.
#[derive(Debug, Clone, Default)]
pub struct Whose {
    /// The CSM's name or email; None: the whole team.
    pub csm: Option<String>,
}

impl Whose {
    fn takes(&self, item: &Item) -> bool {
        match &self.csm {
            None => true,
            Some(who) => {
                let who = who.trim();
                item.csm.eq_ignore_ascii_case(who) || item.csm_email.eq_ignore_ascii_case(who)
            }
        }
    }
}

/// What `cs due` found: the items, and how many records each object's
/// query read.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub items: Vec<Item>,
    pub read: IndexMap<String, usize>,
}

/// Every duty of the playbooks in `loaded`, evaluated on what `reader`
/// holds: one query per object for the whole book.
pub fn run(
    reader: &mut dyn crate::answers::org::Reader,
    loaded: &[crate::playbook::Loaded],
    calendar: &Calendar,
    window: Window,
    whose: &Whose,
) -> Result<Found, crate::error::Error> {
    let duties = duties_of(loaded);
    let mut records = IndexMap::new();
    let mut read = IndexMap::new();
    for (object, soql) in queries(&duties) {
        let rows = reader.records(&soql)?;
        read.insert(object.clone(), rows.len());
        records.insert(object, rows);
    }
    let all = evaluate(&duties, &records, calendar, window);
    // A CSM named who has no duty and is no user of the org is a typo: a
    // scheduler's `--fail-on late` must not pass on it.
    if let Some(who) = &whose.csm
        && !all.iter().any(|i| whose.takes(i))
    {
        let who = who.trim();
        let by = crate::salesforce::named_by(who);
        if reader.users(by, &[who.to_string()])?.is_empty() {
            return Err(crate::error::Error::user(format!(
                "--csm '{who}' is no CSM of the book and no active user of the org (by {}).",
                by.to_lowercase()
            ))
            .with_hint("name the CSM as Salesforce does, by name or email (cs due --team lists every CSM with a duty)"));
        }
    }
    let items = all.into_iter().filter(|i| whose.takes(i)).collect();
    // The book's records are not freed one by one: cs due ends right
    // after, and freeing 50,000 records took a tenth of its time.
    std::mem::forget(records);
    Ok(Found { items, read })
}

/// Every duty of the playbooks of `loaded`.
fn duties_of(loaded: &[crate::playbook::Loaded]) -> Vec<&Duty> {
    loaded.iter().flat_map(|l| &l.playbook.duties).collect()
}

/// The queries the duties of `loaded` make, for `cs org snapshot --due`.
pub fn queries_of(loaded: &[crate::playbook::Loaded]) -> Vec<String> {
    let duties = duties_of(loaded);
    queries(&duties).into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn business_days_late_count_the_days_strictly_between_the_note_and_today() {
        let cal = Calendar::built_in();
        // Last note Monday 2026-11-16, evaluated Friday: due Tuesday; Tuesday,
        // Wednesday and Thursday are late.
        let due = add_business_days(&cal, day("2026-11-16"), 1);
        assert_eq!(due, day("2026-11-17"));
        assert_eq!(business_days_between(&cal, due, day("2026-11-20")), 3);
        // Across Thanksgiving (Thursday 2026-11-26): Wednesday's note is due
        // again on Friday.
        assert_eq!(
            add_business_days(&cal, day("2026-11-25"), 1),
            day("2026-11-27")
        );
    }

    #[test]
    fn salesforce_dates_and_date_times_are_read() {
        assert_eq!(
            day_and_time(&Json::from("2026-11-20")),
            Some((day("2026-11-20"), None))
        );
        let (d, t) = day_and_time(&Json::from("2026-11-20T12:00:00.000+0000")).unwrap();
        assert!(t.is_some());
        assert!((d - day("2026-11-20")).num_days().abs() <= 1);
        assert_eq!(day_and_time(&Json::from("soon")), None);
    }
}
