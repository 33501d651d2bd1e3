//! Offline checks of a record before anything is sent: the field limits
//! Salesforce documents for standard fields, well-formed Ids and API names.
//! A record that breaks one would only fail remotely, one call later and
//! half-way through a batch; cs refuses the whole submission up front.

use serde_json::Value as Json;

/// What Salesforce accepts in a field.
#[derive(Debug, Clone, Copy)]
enum Limit {
    /// A text field of at most this many characters.
    Text(usize),
    /// A picklist: one value of at most 255 characters.
    Picklist,
}

/// Known limits of standard fields (Salesforce Object Reference).
const KNOWN: &[(&str, &str, Limit)] = &[
    ("Case", "Subject", Limit::Text(255)),
    ("Case", "Description", Limit::Text(32_000)),
    ("Case", "Status", Limit::Picklist),
    ("Case", "Type", Limit::Picklist),
    ("Case", "Origin", Limit::Picklist),
    ("Case", "Priority", Limit::Picklist),
    ("Case", "Reason", Limit::Picklist),
    ("Account", "Name", Limit::Text(255)),
    ("Account", "Type", Limit::Picklist),
    ("Account", "Industry", Limit::Picklist),
    ("Opportunity", "Name", Limit::Text(120)),
    ("Opportunity", "StageName", Limit::Picklist),
    ("Opportunity", "Type", Limit::Picklist),
];

/// The longest value of any text field (Long Text Area, 131,072 characters).
const LONGEST_TEXT: usize = 131_072;
/// The longest picklist value and the longest External ID value.
const PICKLIST: usize = 255;

/// Is `s` a field or object API name (letters, digits, underscores)?
pub fn is_api_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.contains("___")
}

/// Is `s` a Salesforce record Id (15 or 18 letters and digits)?
pub fn is_id(s: &str) -> bool {
    is_id_bytes(s.as_bytes())
}

/// [`is_id`] of a cell's bytes, for checks of millions of cells: every
/// byte looked at without a branch.
pub fn is_id_bytes(id: &[u8]) -> bool {
    (id.len() == 15 || id.len() == 18)
        && id.iter().fold(true, |ok, &b| {
            ok & (((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10))
        })
}

/// Is `id` a record Id whose key prefix is `prefix` (any, without one)?
/// [`id_problem`]'s answer without its reason, for checks of millions of
/// cells: `prefix` is the object's [`key_prefix`], looked up once.
pub fn id_ok(id: &str, prefix: Option<&str>) -> bool {
    id_bytes_ok(id.as_bytes(), prefix)
}

/// [`id_ok`] of a cell's bytes (a record Id is ASCII).
pub fn id_bytes_ok(id: &[u8], prefix: Option<&str>) -> bool {
    is_id_bytes(id)
        && prefix.is_none_or(|p| id.starts_with(p.as_bytes()))
        && (id.len() == 15 || suffix(&id[..15]) == id[15..])
}

/// The standard objects whose record Ids start with a key prefix (the
/// first three characters) Salesforce fixes; custom objects' prefixes vary
/// by org.
const KEY_PREFIXES: &[(&str, &str)] = &[
    ("Account", "001"),
    ("Note", "002"),
    ("Contact", "003"),
    ("User", "005"),
    ("Opportunity", "006"),
    ("Task", "00T"),
    ("Event", "00U"),
    ("Lead", "00Q"),
    ("CaseComment", "00a"),
    ("Case", "500"),
    ("ContentVersion", "068"),
    ("ContentDocument", "069"),
    ("RecordType", "012"),
];

/// The key prefix of a standard object's record Ids, where Salesforce
/// fixes it.
pub fn key_prefix(sobject: &str) -> Option<&'static str> {
    KEY_PREFIXES
        .iter()
        .find(|(o, _)| *o == sobject)
        .map(|(_, p)| *p)
}

/// The three characters that end an 18-character Id: for each five
/// characters of the 15-character Id, which of them are capital letters,
/// as a letter or digit of `A`-`Z0`-`5` (Salesforce's case-safe Id).
pub fn id_suffix(id15: &str) -> [u8; 3] {
    suffix(id15.as_bytes())
}

fn suffix(id15: &[u8]) -> [u8; 3] {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    let mut out = [b'A'; 3];
    for (slot, chunk) in out.iter_mut().zip(id15.chunks_exact(5)) {
        let bits = (0..5).fold(0usize, |a, i| {
            a | usize::from(chunk[i].wrapping_sub(b'A') < 26) << i
        });
        *slot = ALPHABET[bits];
    }
    out
}

/// The object whose records' Ids start with `prefix`, where Salesforce
/// fixes it.
fn object_of_prefix(prefix: &str) -> Option<&'static str> {
    KEY_PREFIXES
        .iter()
        .find(|(_, p)| *p == prefix)
        .map(|(o, _)| *o)
}

/// Why `id` (an Id already, not a link) is not a record Id of `sobject`:
/// not 15 or 18 letters and digits; an 18-character Id whose last three
/// characters do not match the first fifteen; or, with `sobject`, an Id of
/// another object's records (its key prefix). Allocates only to say why.
pub fn id_problem(id: &str, sobject: Option<&str>) -> Option<String> {
    if !is_id(id) {
        return Some(format!(
            "'{id}' is not a Salesforce Id (15 or 18 letters and digits, e.g. 001Dn00000A1b2cIAB)"
        ));
    }
    if id.len() == 18 && id_suffix(&id[..15]) != id.as_bytes()[15..] {
        return Some(format!(
            "'{id}' is not a Salesforce Id: its last three characters do not match the first fifteen (a character mistyped, or changed in case?)"
        ));
    }
    if let Some(object) = sobject
        && let Some(prefix) = key_prefix(object)
        && !id.starts_with(prefix)
    {
        let other = object_of_prefix(&id[..3]).map_or(String::new(), |o| {
            format!(" is the Id of a record of {o}: it")
        });
        return Some(format!(
            "'{id}'{other} is not the Id of a record of {object} (those start with {prefix})"
        ));
    }
    None
}

/// The record Id an answer gives, checked as a person's typing is: an Id
/// or a link to the record (reduced to its Id), then [`id_problem`].
pub fn answer_id(text: &str, sobject: Option<&str>) -> Result<String, String> {
    let t = text.trim();
    let Some(id) = id_in(t) else {
        return Err(if t.contains("://") {
            format!(
                "'{t}' is a link, but not to a Salesforce record: give the record's Id or its link in Salesforce"
            )
        } else {
            format!(
                "'{t}' is not a Salesforce Id (15 or 18 letters and digits, e.g. 001Dn00000A1b2cIAB) or a link to the record"
            )
        });
    };
    match id_problem(&id, sobject) {
        Some(why) => Err(why),
        None => Ok(id),
    }
}

/// Is `id` a record Id of `sobject` (its shape, and its key prefix where
/// the object has a fixed one)? An answer naming another object's record
/// is not the answer to a write of this one.
pub fn is_id_of(sobject: &str, id: &str) -> bool {
    is_id(id) && key_prefix(sobject).is_none_or(|p| id.starts_with(p))
}

/// Is `s` a field path (`Name`, `RecordType.DeveloperName`): API names
/// joined by dots, five at most.
pub fn is_field_path(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() <= 5 && parts.iter().all(|p| is_api_name(p))
}

/// Is `s` a SOQL condition cs may put inside `WHERE (...)`: field paths,
/// comparisons, quoted strings, numbers, `true`, `false`, `null`, `AND`,
/// `OR`, `NOT`, `LIKE`, `IN` lists and balanced parentheses; nothing that
/// could end the parentheses, start another clause, or a subquery.
pub fn is_condition(s: &str) -> bool {
    const KEYWORDS: [&str; 11] = [
        "AND", "OR", "NOT", "LIKE", "IN", "INCLUDES", "EXCLUDES", "TRUE", "FALSE", "NULL", "TODAY",
    ];
    let b = s.as_bytes();
    let (mut i, mut depth, mut tokens) = (0, 0i32, 0);
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' => i += 1,
            b'(' => {
                depth += 1;
                i += 1;
            }
            b')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
                i += 1;
            }
            b',' => i += 1,
            b'=' | b'<' | b'>' | b'!' => {
                let op_len = if matches!(b.get(i + 1), Some(b'=' | b'>')) {
                    2
                } else {
                    1
                };
                if c == b'!' && b.get(i + 1) != Some(&b'=') {
                    return false;
                }
                i += op_len;
            }
            b'\'' => {
                i += 1;
                loop {
                    match b.get(i) {
                        None => return false,
                        Some(b'\\') => i += 2,
                        Some(b'\'') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            b'0'..=b'9' | b'-' => {
                i += 1;
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic() => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.')
                {
                    i += 1;
                }
                let word = &s[start..i];
                if !KEYWORDS.contains(&word.to_ascii_uppercase().as_str()) && !is_field_path(word) {
                    return false;
                }
                if matches!(
                    word.to_ascii_uppercase().as_str(),
                    "SELECT"
                        | "FROM"
                        | "WHERE"
                        | "LIMIT"
                        | "OFFSET"
                        | "ORDER"
                        | "GROUP"
                        | "HAVING"
                        | "WITH"
                        | "FOR"
                        | "USING"
                        | "TYPEOF"
                ) {
                    return false;
                }
            }
            _ => return false,
        }
        tokens += 1;
    }
    depth == 0 && tokens > 0 && s.len() <= 4_000
}

/// The Id in an account's Salesforce link or the Id itself: the segment of
/// the path that is an Id (Lightning `/lightning/r/Account/ID/view`,
/// Classic `/ID`).
pub fn id_in(text: &str) -> Option<String> {
    let t = text.trim();
    if is_id(t) && t.chars().any(|c| c.is_ascii_digit()) {
        return Some(t.to_string());
    }
    let url = reqwest::Url::parse(t).ok()?;
    let segs: Vec<&str> = url.path_segments()?.collect();
    segs.iter()
        .find(|s| {
            is_id(s)
                && s.chars().take(3).all(|c| c.is_ascii_alphanumeric())
                && s.chars().any(|c| c.is_ascii_digit())
        })
        .map(|s| s.to_string())
}

/// Is `text` a link into a Salesforce org: https on a Salesforce domain
/// (`*.my.salesforce.com`, `*.lightning.force.com`, `*.force.com`,
/// `*.cloudforce.com`), or a loopback address (a practice or test org)?
pub fn is_salesforce_link(text: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(text.trim()) else {
        return false;
    };
    match url.host() {
        Some(url::Host::Domain(host)) => {
            let host = host.to_ascii_lowercase();
            (url.scheme() == "https"
                && ["salesforce.com", "force.com", "cloudforce.com"]
                    .iter()
                    .any(|d| host.ends_with(&format!(".{d}"))))
                || host == "localhost"
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Is `s` a Case number (digits only)? cs looks such a case up by CaseNumber.
pub fn is_case_number(s: &str) -> bool {
    !s.is_empty() && s.len() <= 30 && s.chars().all(|c| c.is_ascii_digit())
}

/// The problems of one record's fields, as sentences naming the field.
pub fn check_fields(sobject: &str, fields: &indexmap::IndexMap<String, Json>) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, value) in fields {
        if !is_api_name(name) {
            problems.push(format!("'{name}' is not a Salesforce field API name"));
            continue;
        }
        let Some(text) = value.as_str() else { continue };
        let chars = text.chars().count();
        let limit = KNOWN
            .iter()
            .find(|(o, f, _)| o.eq_ignore_ascii_case(sobject) && f.eq_ignore_ascii_case(name))
            .map(|(_, _, l)| *l);
        match limit {
            Some(Limit::Text(max)) if chars > max => problems.push(format!(
                "{sobject}.{name} is {chars} characters long; Salesforce takes at most {max}"
            )),
            Some(Limit::Picklist) if chars > PICKLIST => problems.push(format!(
                "{sobject}.{name} is a picklist and its value is {chars} characters long; a picklist value has at most {PICKLIST}"
            )),
            None if chars > LONGEST_TEXT => problems.push(format!(
                "{sobject}.{name} is {chars} characters long; no Salesforce text field takes more than {LONGEST_TEXT}"
            )),
            _ => {}
        }
    }
    problems
}

/// The problems of an External ID value.
pub fn check_external_id(field: &str, value: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if !is_api_name(field) {
        problems.push(format!("'{field}' is not a Salesforce field API name"));
    }
    if value.is_empty() {
        problems.push(format!("the External ID {field} is empty"));
    } else if value.chars().count() > PICKLIST {
        problems.push(format!(
            "the External ID {field} is {} characters long; at most {PICKLIST}",
            value.chars().count()
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    #[test]
    fn conditions_stay_inside_their_parentheses() {
        use super::is_condition;
        for ok in [
            "IsClosed = false",
            "IsClosed = false AND RecordType.DeveloperName = 'Escalations'",
            "(Status != 'Closed' OR Priority IN ('High', 'Urgent')) AND Amount >= 500.5",
            "Name LIKE 'O\\'Brien%'",
        ] {
            assert!(is_condition(ok), "{ok}");
        }
        for bad in [
            "IsClosed = false) OR (Id != null",
            "IsClosed = false) LIMIT 1 --",
            "Id IN (SELECT Id FROM Account)",
            "Name = 'unclosed",
            "IsClosed = false; DELETE",
            "Name = \"x\"",
            "",
        ] {
            assert!(!is_condition(bad), "{bad}");
        }
        assert!(super::is_field_path("RecordType.DeveloperName"));
        assert!(!super::is_field_path("Name FROM User WHERE"));
    }

    use super::*;
    use serde_json::json;

    fn fields(pairs: &[(&str, Json)]) -> indexmap::IndexMap<String, Json> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn case_subject_description_and_picklists_are_held_to_their_limits() {
        let ok = fields(&[
            ("Subject", json!("s".repeat(255))),
            ("Description", json!("d".repeat(32_000))),
            ("Status", json!("p".repeat(255))),
        ]);
        assert!(check_fields("Case", &ok).is_empty());
        let bad = fields(&[
            ("Subject", json!("s".repeat(256))),
            ("Description", json!("d".repeat(32_001))),
            ("Status", json!("p".repeat(256))),
        ]);
        let p = check_fields("Case", &bad);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("Case.Subject is 256 characters long; Salesforce takes at most 255"));
        assert!(p[1].contains("at most 32000"));
        assert!(p[2].contains("picklist"));
    }

    #[test]
    fn ids_case_numbers_and_api_names() {
        assert!(is_id("5003000000D8cuI") && is_id("5003000000D8cuIAAR"));
        assert!(!is_id("5003000000D8cu") && !is_id("500300000-D8cuIAAR"));
        assert!(is_case_number("00001234") && !is_case_number("0000-1234"));
        assert!(is_api_name("CS_Plan_Key__c") && !is_api_name("Bad Name") && !is_api_name("1x"));
        assert!(!check_external_id("CS_Plan_Key__c", "").is_empty());
        assert!(!check_external_id("CS_Plan_Key__c", &"k".repeat(256)).is_empty());
    }

    /// The quick answer is the reasoned one's: an Id is ok exactly when
    /// `id_problem` finds nothing, case-safe suffix and key prefix included.
    #[test]
    fn id_ok_agrees_with_id_problem() {
        let ids = [
            "001000000000001",
            "001000000000001AAA",
            "001000000000001AAB",
            "001Ab0000000001",
            "001Ab0000000001CAA",
            "001Ab0000000001BAA",
            "005000000000002AAA",
            "5003000000D8cuIAAR",
            "5003000000D8cuIAAr",
            "0010000000001",
            "00100000000000-",
            "Maria Moreno",
            "",
        ];
        for id in ids {
            for object in [None, Some("Account"), Some("User")] {
                let prefix = object.and_then(key_prefix);
                assert_eq!(
                    id_ok(id, prefix),
                    id_problem(id, object).is_none(),
                    "{id} as {object:?}"
                );
            }
        }
    }
}
