//! The SOQL the test org answers, as Salesforce does for these forms:
//! `SELECT f, r__r.f FROM Object [WHERE cond AND cond ...] [ORDER BY f [ASC|DESC]] [LIMIT n]`,
//! where a condition is `F IN ('a', 'b')`, `F = value` or `F != value`
//! (value: a quoted string, true, false, null or a number), or `F =
//! LAST_N_DAYS:n` (a date from n days before today through today, today
//! included, as Salesforce's date literal is), optionally in parentheses. Relationship paths (`Owner.Name`, `X__r.Y`) follow the
//! lookup's Id. A field the object's schema lacks is INVALID_FIELD; text
//! that is not of this form is MALFORMED_QUERY.

use super::{Rec, State};
use serde_json::{Value as Json, json};

type Fail = (String, String);

fn malformed(q: &str) -> Fail {
    (
        "MALFORMED_QUERY".into(),
        format!("unexpected token in: {q}"),
    )
}

struct Query {
    fields: Vec<String>,
    object: String,
    conds: Vec<Cond>,
    order: Option<(String, bool)>,
    limit: Option<usize>,
}

enum Cond {
    In(String, Vec<Json>),
    Eq(String, Json, bool),
    /// `F = LAST_N_DAYS:n`.
    LastNDays(String, u64),
}

/// `kw` (any case) at a word boundary in `q`, from `from`.
fn find_kw(q: &str, kw: &str) -> Option<usize> {
    let upper = q.to_ascii_uppercase();
    let pat = format!(" {kw} ");
    upper.find(&pat).map(|i| i + 1)
}

fn parse(q: &str) -> Result<Query, Fail> {
    let q = q.trim();
    let rest = q
        .strip_prefix("SELECT ")
        .or_else(|| q.strip_prefix("select "))
        .ok_or_else(|| malformed(q))?;
    let from = find_kw(rest, "FROM").ok_or_else(|| malformed(q))?;
    let fields: Vec<String> = rest[..from]
        .split(',')
        .map(|f| f.trim().to_string())
        .collect();
    let mut tail = rest[from + 5..].trim().to_string();
    let mut limit = None;
    if let Some(i) = find_kw(&format!(" {tail}"), "LIMIT") {
        let n = tail[i + 5..].trim().parse().map_err(|_| malformed(q))?;
        limit = Some(n);
        tail = tail[..i - 1].trim().to_string();
    }
    let mut order = None;
    if let Some(i) = find_kw(&format!(" {tail}"), "ORDER BY") {
        let o = tail[i + 8..].trim().to_string();
        let (f, desc) = match o.split_once(' ') {
            Some((f, d)) => (f.to_string(), d.eq_ignore_ascii_case("DESC")),
            None => (o, false),
        };
        order = Some((f, desc));
        tail = tail[..i - 1].trim().to_string();
    }
    let (object, cond) = match find_kw(&format!(" {tail}"), "WHERE") {
        Some(i) => (
            tail[..i - 1].trim().to_string(),
            Some(tail[i + 5..].trim().to_string()),
        ),
        None => (tail.trim().to_string(), None),
    };
    if object.is_empty()
        || !object
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        || fields.iter().any(|f| f.is_empty() || f.contains(' '))
    {
        return Err(malformed(q));
    }
    let mut conds = Vec::new();
    if let Some(c) = cond {
        for term in split_and(&c) {
            conds.push(parse_cond(term.trim(), q)?);
        }
    }
    Ok(Query {
        fields,
        object,
        conds,
        order,
        limit,
    })
}

/// The terms of `a AND (b AND c)`, parentheses removed.
fn split_and(c: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in c.split(" AND ") {
        let mut p = part.trim();
        // A parenthesis opened in one term and closed in a later one.
        while p.starts_with('(') && p.matches('(').count() > p.matches(')').count() {
            p = p[1..].trim();
        }
        while p.ends_with(')') && p.matches(')').count() > p.matches('(').count() {
            p = p[..p.len() - 1].trim();
        }
        while let Some(inner) = p.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
            p = inner.trim();
        }
        out.push(p.to_string());
    }
    out
}

fn value(v: &str, q: &str) -> Result<Json, Fail> {
    let v = v.trim();
    if let Some(s) = v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return Ok(Json::String(s.to_string()));
    }
    match v.to_ascii_lowercase().as_str() {
        "true" => Ok(Json::Bool(true)),
        "false" => Ok(Json::Bool(false)),
        "null" => Ok(Json::Null),
        _ => v.parse::<f64>().map(|n| json!(n)).map_err(|_| malformed(q)),
    }
}

fn parse_cond(t: &str, q: &str) -> Result<Cond, Fail> {
    if let Some(i) = find_kw(&format!(" {t}"), "IN") {
        let field = t[..i - 1].trim().to_string();
        let list = t[i + 2..].trim();
        let inner = list
            .strip_prefix('(')
            .and_then(|l| l.strip_suffix(')'))
            .ok_or_else(|| malformed(q))?;
        let values = inner
            .split(',')
            .map(|v| value(v, q))
            .collect::<Result<_, _>>()?;
        return Ok(Cond::In(field, values));
    }
    if let Some((f, v)) = t.split_once("!=") {
        return Ok(Cond::Eq(f.trim().to_string(), value(v, q)?, false));
    }
    if let Some((f, v)) = t.split_once('=') {
        if let Some(n) = v.trim().strip_prefix("LAST_N_DAYS:") {
            let n = n.parse().map_err(|_| malformed(q))?;
            return Ok(Cond::LastNDays(f.trim().to_string(), n));
        }
        return Ok(Cond::Eq(f.trim().to_string(), value(v, q)?, true));
    }
    Err(malformed(q))
}

/// The field of the schema a path starts with (`X__r.Y` -> `X__c`,
/// `Owner.Name` -> `OwnerId`).
fn first_field(path: &str) -> String {
    let head = path.split('.').next().unwrap_or(path);
    if path.contains('.') {
        match head.strip_suffix("__r") {
            Some(base) => format!("{base}__c"),
            None => format!("{head}Id"),
        }
    } else {
        head.to_string()
    }
}

fn check_fields(s: &State, q: &Query) -> Result<(), Fail> {
    let Some(known) = s.schema.get(&q.object) else {
        return Ok(());
    };
    let mut used: Vec<&str> = q.fields.iter().map(String::as_str).collect();
    for c in &q.conds {
        match c {
            Cond::In(f, _) | Cond::Eq(f, _, _) | Cond::LastNDays(f, _) => used.push(f),
        }
    }
    if let Some((f, _)) = &q.order {
        used.push(f);
    }
    for f in used {
        let first = first_field(f);
        let system = [
            "Id",
            "SystemModstamp",
            "LastModifiedDate",
            "LastModifiedById",
            "CreatedDate",
            "CreatedById",
        ];
        if !known.contains(&first) && !system.contains(&first.as_str()) {
            return Err((
                "INVALID_FIELD".into(),
                format!(
                    "No such column '{}' on entity '{}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
                    f.split('.').next().unwrap_or(f),
                    q.object
                ),
            ));
        }
    }
    Ok(())
}

fn same_id(a: &str, b: &str) -> bool {
    a == b || (a.len() >= 15 && b.len() >= 15 && a[..15] == b[..15])
}

/// The value of `path` on the record with fields `fields`.
/// Records by the first 15 characters of their Id (lookups followed in
/// one step, not a scan).
type Index = std::collections::HashMap<String, usize>;

/// A Salesforce Id's shape: 15 or 18 letters and digits.
fn is_id(s: &str) -> bool {
    matches!(s.len(), 15 | 18) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn id15(id: &str) -> String {
    id.chars().take(15).collect()
}

fn get(s: &State, ix: &Index, r: &Rec, path: &str) -> Json {
    let (id, fields) = (r.id.as_str(), &r.fields);
    let mut parts = path.splitn(2, '.');
    let head = parts.next().unwrap_or("");
    match parts.next() {
        None if head == "Id" => json!(id),
        // The system fields every record has, unless the test set them.
        None if head == "SystemModstamp" || head == "LastModifiedDate" => fields
            .get(head)
            .cloned()
            .unwrap_or_else(|| json!(r.modified)),
        None if head == "CreatedDate" => fields
            .get(head)
            .cloned()
            .unwrap_or_else(|| json!(r.created)),
        None => fields.get(head).cloned().unwrap_or(Json::Null),
        Some(rest) => {
            let link = first_field(path);
            let Some(target) = fields.get(&link).and_then(Json::as_str) else {
                return Json::Null;
            };
            if head == "RecordType" {
                return s
                    .record_types
                    .iter()
                    .find(|(_, rid, _, _)| same_id(rid, target))
                    .map(|(_, _, name, dev)| match rest {
                        "Name" => json!(name),
                        "DeveloperName" => json!(dev),
                        _ => Json::Null,
                    })
                    .unwrap_or(Json::Null);
            }
            match ix.get(&id15(target)).map(|&i| &s.records[i]) {
                Some(r) => get(s, ix, r, rest),
                None => Json::Null,
            }
        }
    }
}

fn matches(v: &Json, want: &Json) -> bool {
    match (v, want) {
        (Json::String(a), Json::String(b)) => same_id(a, b) || a.eq_ignore_ascii_case(b),
        (Json::Null, Json::Null) => true,
        (Json::Bool(a), Json::Bool(b)) => a == b,
        (a, b) => a.as_f64().is_some() && a.as_f64() == b.as_f64(),
    }
}

/// Puts `value` at `path` of an answer record, nesting relationships as
/// Salesforce does (`{"Owner": {"attributes": ..., "Name": ...}}`).
fn put(out: &mut serde_json::Map<String, Json>, path: &str, value: Json) {
    match path.split_once('.') {
        None => {
            out.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let entry = out
                .entry(head.to_string())
                .or_insert_with(|| json!({"attributes": {"type": head}}));
            if let Json::Object(m) = entry {
                put(m, rest, value);
            }
        }
    }
}

pub fn run(s: &mut State, text: &str) -> Result<Vec<Json>, Fail> {
    let q = parse(text)?;
    check_fields(s, &q)?;
    let ix: Index = s
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| (id15(&r.id), i))
        .collect();
    // Per condition: its IN list of Ids as a set, made when first needed.
    let in_sets: Vec<std::sync::OnceLock<Option<std::collections::HashSet<String>>>> =
        q.conds.iter().map(|_| std::sync::OnceLock::new()).collect();
    let mut rows: Vec<&Rec> = s
        .records
        .iter()
        .filter(|r| r.sobject == q.object)
        .filter(|r| {
            q.conds.iter().enumerate().all(|(n, c)| match c {
                Cond::In(field, list) => {
                    let v = get(s, &ix, r, field);
                    // Ids by their first 15 characters, as Salesforce
                    // compares them: a set made once per condition.
                    let ids = in_sets[n].get_or_init(|| {
                        list.iter()
                            .all(|w| w.as_str().is_some_and(is_id))
                            .then(|| list.iter().filter_map(Json::as_str).map(id15).collect())
                    });
                    match (v.as_str().filter(|v| is_id(v)), ids) {
                        (Some(text), Some(ids)) => ids.contains(&id15(text)),
                        _ => list.iter().any(|w| matches(&v, w)),
                    }
                }
                Cond::Eq(field, want, eq) => matches(&get(s, &ix, r, field), want) == *eq,
                Cond::LastNDays(field, n) => {
                    let today = chrono::Utc::now().date_naive();
                    get(s, &ix, r, field)
                        .as_str()
                        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                        .is_some_and(|d| {
                            d <= today
                                && today
                                    .checked_sub_days(chrono::Days::new(*n))
                                    .is_some_and(|from| d >= from)
                        })
                }
            })
        })
        .collect();
    if let Some((f, desc)) = &q.order {
        rows.sort_by(|a, b| {
            let (x, y) = (get(s, &ix, a, f), get(s, &ix, b, f));
            let o = x.to_string().cmp(&y.to_string());
            if *desc { o.reverse() } else { o }
        });
    }
    if let Some(n) = q.limit {
        rows.truncate(n);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut m = serde_json::Map::new();
            m.insert(
                "attributes".into(),
                json!({"type": q.object, "url": format!("/services/data/v66.0/sobjects/{}/{}", q.object, r.id)}),
            );
            for field in &q.fields {
                put(&mut m, field, get(s, &ix, r, field));
            }
            Json::Object(m)
        })
        .collect())
}
