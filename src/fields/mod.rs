//! Field values: turning what a person typed, an answers file held or a
//! `--set` gave into one typed value, with the same rules for every source.

pub mod note;
mod quick;
pub use quick::{Quick, QuickCheck, same};

use crate::churn::Taxonomy;
use crate::playbook::model::{Field, FieldType};
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde_json::Value as Json;

/// A validated answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
    Date(NaiveDate),
    Integer(i64),
    /// US cents.
    Money(i64),
    Bool(bool),
}

impl Value {
    /// The JSON form used in plans, answers files and templates.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Text(s) => Json::String(s.clone()),
            Value::List(v) => Json::Array(v.iter().cloned().map(Json::String).collect()),
            Value::Date(d) => Json::String(d.format("%Y-%m-%d").to_string()),
            Value::Integer(i) => Json::from(*i),
            Value::Money(c) => money_json(*c),
            Value::Bool(b) => Json::Bool(*b),
        }
    }
}

/// Cents as a JSON number with two decimals (`1250.5` for $1,250.50).
pub fn money_json(cents: i64) -> Json {
    serde_json::Number::from_f64(cents as f64 / 100.0)
        .map(Json::Number)
        .unwrap_or(Json::Null)
}

/// `$1,250.50`.
pub fn format_usd(cents: i64) -> String {
    let neg = cents < 0;
    let c = cents.unsigned_abs();
    let dollars = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in dollars.chars().enumerate() {
        if i > 0 && (dollars.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{}${}.{:02}", if neg { "-" } else { "" }, grouped, c % 100)
}

/// What validation may look at besides the raw answer.
pub struct Context<'a> {
    pub today: NaiveDate,
    pub taxonomy: Option<&'a Taxonomy>,
    /// Answers already validated (earlier fields).
    pub answers: &'a IndexMap<String, Value>,
}

/// A validated value and any warnings about it.
pub struct Checked {
    pub value: Value,
    pub warnings: Vec<String>,
}

fn describe(raw: &Json) -> &'static str {
    match raw {
        Json::Null => "nothing",
        Json::Bool(_) => "a yes/no value",
        Json::Number(_) => "a number",
        Json::String(_) => "text",
        Json::Array(_) => "a list",
        Json::Object(_) => "a mapping (in YAML, quote a value that contains ': ')",
    }
}

/// A scalar answer as text: strings as they are, numbers and booleans as written.
fn scalar_text(raw: &Json) -> Result<String, String> {
    match raw {
        Json::String(s) => Ok(s.clone()),
        Json::Number(n) => Ok(n.to_string()),
        Json::Bool(b) => Ok(b.to_string()),
        other => Err(format!("expected a single value, got {}", describe(other))),
    }
}

/// Validates one answer for a field.
pub fn check(field: &Field, raw: &Json, cx: &Context) -> Result<Checked, String> {
    let kind = field.kind.value;
    let mut warnings = Vec::new();
    let value = if kind.is_list() {
        let items: Vec<String> = match raw {
            Json::Array(items) => items.iter().map(scalar_text).collect::<Result<_, _>>()?,
            other => vec![scalar_text(other)?],
        };
        let items: Vec<String> = items
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if let Some(why) = items.iter().find_map(|i| control_problem(i, false)) {
            return Err(why);
        }
        // A list of Ids of one object's records (T6's opportunities).
        let items = match (kind, &field.object) {
            (FieldType::List, Some(object)) => items
                .iter()
                .map(|i| crate::salesforce::limits::answer_id(i, Some(object)))
                .collect::<Result<Vec<_>, _>>()?,
            _ => items,
        };
        let items = match kind {
            FieldType::MultiChoice => items
                .iter()
                .map(|i| choice_key(field, i))
                .collect::<Result<Vec<_>, _>>()?,
            FieldType::ChurnSecondary => check_secondary(field, items, cx)?,
            FieldType::Dates => items
                .iter()
                .map(|i| parse_date(i, cx.today).map(|d| d.format("%Y-%m-%d").to_string()))
                .collect::<Result<Vec<_>, _>>()?,
            _ => items,
        };
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = items.iter().find(|i| !seen.insert(i.to_lowercase())) {
            return Err(format!("'{dup}' is listed twice"));
        }
        let min = field.min_items.unwrap_or(0);
        if items.len() < min {
            return Err(format!(
                "at least {min} {} needed",
                if min == 1 { "entry is" } else { "entries are" }
            ));
        }
        Value::List(items)
    } else {
        let text = scalar_text(raw)?;
        let (scalar, warning) = check_str(field, &text, cx)?;
        warnings.extend(warning);
        scalar.into_value()
    };
    Ok(Checked { value, warnings })
}

/// A validated single answer that may borrow from the input or the playbook:
/// batch commands check millions of cells without copying them.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    /// Text as given (text, email, url) or as the playbook spells it (a choice key).
    Str(&'a str),
    Value(Value),
}

impl Scalar<'_> {
    pub fn into_value(self) -> Value {
        match self {
            Scalar::Str(s) => Value::Text(s.to_string()),
            Scalar::Value(v) => v,
        }
    }
}

/// May `bytes` hold a character [`control_problem`] refuses? By bytes
/// (a batch checks millions of cells): a control character is a byte below
/// 0x20, DEL, or C1 (0xC2 0x80..0x9F in UTF-8); the invisible and
/// direction-changing ones begin with 0xE2 or 0xEF. A fold without an early
/// exit: the compiler checks 32 bytes at a time.
pub fn may_hold_control(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |a, &b| {
        a | (b < 0x20) | (b == 0x7f) | (b == 0xc2) | (b == 0xe2) | (b == 0xef)
    })
}

/// Is every byte printable ASCII (a space to `~`)? Then `bytes` are UTF-8
/// and hold nothing [`control_problem`] refuses: a batch row that is
/// (nearly every row a spreadsheet exports) needs no other look at its
/// text. Folded 32 bytes at a time, each a few vector instructions.
pub fn printable_ascii(bytes: &[u8]) -> bool {
    bytes.chunks(32).all(|c| {
        c.iter()
            .fold(0u8, |a, &b| a | u8::from(b.wrapping_sub(0x20) > 0x5e))
            == 0
    })
}

/// Why `text` cannot be an answer, if it holds a control character (C0,
/// DEL, C1: ESC starts the sequences that move a terminal's cursor, write
/// its clipboard or hide a link; CR and the rest break files and
/// calendars). `multiline` text may hold tabs and line ends (LF, CRLF).
pub fn control_problem(text: &str, multiline: bool) -> Option<String> {
    if !may_hold_control(text.as_bytes()) {
        return None;
    }
    // Characters that change what people see without being seen: U+2028
    // and U+2029, line breaks to JavaScript and the calendar readers built
    // on it; the bidirectional overrides, embeddings and isolates, which
    // reorder the text around them (in a Slack header, a case subject); a
    // zero-width space or word joiner, which splits a one-line name.
    for (i, c) in text.chars().enumerate() {
        let what = match c {
            '\u{2028}' => "LINE SEPARATOR",
            '\u{2029}' => "PARAGRAPH SEPARATOR",
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "a bidirectional control",
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' if !multiline => "an invisible character",
            _ => continue,
        };
        let why = if matches!(c, '\u{2028}' | '\u{2029}') {
            format!(
                "which calendars and Slack read as a line break but people do not see; remove it{}",
                if multiline {
                    " (or write a new line)"
                } else {
                    ""
                }
            )
        } else {
            "which changes what people see without being seen; remove it".to_string()
        };
        return Some(format!(
            "the answer holds {what} (U+{:04X}) at character {}, {why}",
            c as u32,
            i + 1
        ));
    }
    let mut chars = text.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_control() {
            continue;
        }
        let line_end = c == '\n' || (c == '\r' && chars.peek().is_some_and(|p| p.1 == '\n'));
        if !multiline && line_end {
            return Some(format!(
                "the answer holds a line break ({}) at character {}; it is one line (a case subject, a Slack header, a calendar name): write it on one line",
                control_name(c),
                i + 1
            ));
        }
        let fine = multiline && !crate::out::is_hostile(c, chars.peek().map(|p| p.1), true);
        if !fine {
            return Some(format!(
                "the answer holds the control character {} at character {}; remove it (a terminal, a spreadsheet or a calendar would act on it)",
                control_name(c),
                i + 1
            ));
        }
    }
    None
}

/// A control character as people name it: `ESC (U+001B)`.
pub fn control_name(c: char) -> String {
    let name = match c {
        '\0' => "NUL ",
        '\u{7}' => "BEL ",
        '\u{8}' => "BS ",
        '\t' => "TAB ",
        '\n' => "LF ",
        '\u{b}' => "VT ",
        '\u{c}' => "FF ",
        '\r' => "CR ",
        '\u{1b}' => "ESC ",
        '\u{7f}' => "DEL ",
        '\u{9b}' => "CSI ",
        '\u{9d}' => "OSC ",
        _ => "",
    };
    format!("{name}(U+{:04X})", c as u32)
}

/// Trims white space, Unicode included (a spreadsheet's no-break space),
/// with a fast path for the usual ASCII edges.
fn trim(s: &str) -> &str {
    let t = s.trim_ascii();
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(a), Some(b)) if *a >= 0x80 || *b >= 0x80 => t.trim(),
        _ => t,
    }
}

/// Validates one answer given as text, for any field that is not a list;
/// the one rule set behind prompts, answers files, --set and batch cells.
/// Returns the value and, for a note dated after today, a warning.
pub fn check_str<'a>(
    field: &'a Field,
    text: &'a str,
    cx: &Context,
) -> Result<(Scalar<'a>, Option<String>), String> {
    let t = trim(text);
    if t.is_empty() {
        return Err("the answer is empty".into());
    }
    // Free text may run over lines (a note says itself that it is one
    // line); nothing else kept as text may hold a control character. The
    // other kinds (numbers, dates, choices, Ids, initials) take only what
    // their own parsers take.
    let kind = field.kind.value;
    if matches!(
        kind,
        FieldType::Text | FieldType::Note | FieldType::Email | FieldType::Url
    ) && let Some(why) = control_problem(
        t,
        (kind == FieldType::Text && field.multiline) || kind == FieldType::Note,
    ) {
        return Err(why);
    }
    let mut warning = None;
    let scalar = match field.kind.value {
        FieldType::Text => Scalar::Str(t),
        FieldType::Note => {
            let n = note::parse(text).map_err(|e| e.to_string())?;
            if n.is_future(cx.today) {
                warning = Some(format!(
                    "{}: the note is dated {}, after today ({})",
                    field.key.value, n.date, cx.today
                ));
            }
            Scalar::Value(Value::Text(n.to_string()))
        }
        FieldType::Date => Scalar::Value(Value::Date(parse_date(t, cx.today)?)),
        FieldType::Integer => {
            let i: i64 = if t.contains(',') {
                t.replace(',', "").parse()
            } else {
                t.parse()
            }
            .map_err(|_| format!("'{t}' is not a whole number"))?;
            check_range(field, i as f64, t)?;
            Scalar::Value(Value::Integer(i))
        }
        FieldType::Money => {
            let c = parse_money(t)?;
            check_range(field, c as f64 / 100.0, &format_usd(c))?;
            Scalar::Value(Value::Money(c))
        }
        FieldType::Email => {
            parse_email(t)?;
            Scalar::Str(t)
        }
        FieldType::Url => {
            parse_url(t)?;
            // A link to a record of `object` (E3: the account's Salesforce
            // link, whose Id the case's lookup takes) must hold its Id.
            if let Some(object) = field.object.as_deref() {
                // E4 posts it as the account's Salesforce link: it must be one.
                if !crate::salesforce::limits::is_salesforce_link(t) {
                    return Err(format!(
                        "'{t}' is not a Salesforce link: give the link to the {object} record in Salesforce (on my.salesforce.com or lightning.force.com)"
                    ));
                }
                match crate::salesforce::limits::id_in(t) {
                    Some(id) => {
                        if let Some(why) = crate::salesforce::limits::id_problem(&id, Some(object))
                        {
                            return Err(why);
                        }
                    }
                    None => {
                        return Err(format!(
                            "'{t}' holds no Salesforce {object} Id: give the link to the {object} record in Salesforce (its address holds the Id)"
                        ));
                    }
                }
            }
            Scalar::Str(t)
        }
        FieldType::SalesforceId => Scalar::Value(Value::Text(
            crate::salesforce::limits::answer_id(t, field.object.as_deref())?,
        )),
        // N1: the same initials a note is signed with.
        FieldType::Initials => {
            if !note::valid_initials(t) {
                return Err(note::NoteError::Initials(t.to_string()).to_string());
            }
            Scalar::Str(t)
        }
        FieldType::Bool => Scalar::Value(Value::Bool(parse_bool(t)?)),
        FieldType::Choice => Scalar::Str(choice_ref(field, t)?),
        FieldType::ChurnReason => {
            let tax = cx
                .taxonomy
                .ok_or("no churn-code taxonomy is loaded (playbooks/churn-codes.yaml)")?;
            let reason = tax.find_reason(t).ok_or_else(|| {
                format!(
                    "'{t}' is not a churn reason; one of: {}",
                    tax.reason_names().join(", ")
                )
            })?;
            Scalar::Value(Value::Text(reason.reason.clone()))
        }
        FieldType::List | FieldType::Dates | FieldType::MultiChoice | FieldType::ChurnSecondary => {
            return Err(format!("{} is a list field", field.key.value));
        }
    };
    Ok((scalar, warning))
}

fn check_range(field: &Field, v: f64, shown: &str) -> Result<(), String> {
    if let Some(min) = field.min
        && v < min
    {
        return Err(format!("{shown} is below the minimum of {min}"));
    }
    if let Some(max) = field.max
        && v > max
    {
        return Err(format!("{shown} is above the maximum of {max}"));
    }
    Ok(())
}

fn check_secondary(field: &Field, items: Vec<String>, cx: &Context) -> Result<Vec<String>, String> {
    let of = field
        .of
        .as_ref()
        .map(|s| s.value.as_str())
        .unwrap_or("reason");
    let tax = cx
        .taxonomy
        .ok_or("no churn-code taxonomy is loaded (playbooks/churn-codes.yaml)")?;
    let Some(Value::Text(reason)) = cx.answers.get(of) else {
        return Err(format!("give the churn reason ('{of}') first"));
    };
    let Some(entry) = tax.find_reason(reason) else {
        return Err(format!("'{reason}' is not a churn reason"));
    };
    if let Some(free) = &entry.free_text {
        return Err(format!(
            "'{}' takes no secondary reasons; give '{free}' instead",
            entry.reason
        ));
    }
    items
        .iter()
        .map(|i| {
            entry
                .secondary
                .iter()
                .find(|s| s.eq_ignore_ascii_case(i))
                .cloned()
                .ok_or_else(|| {
                    format!(
                        "'{i}' is not a secondary reason of {}; one of: {}",
                        entry.reason,
                        entry.secondary.join(", ")
                    )
                })
        })
        .collect()
}

/// A choice by key or label, case-insensitively; the key is stored.
pub fn choice_key(field: &Field, answer: &str) -> Result<String, String> {
    choice_ref(field, answer).map(str::to_string)
}

/// The key of a choice given by key or label, case-insensitively.
pub fn choice_ref<'a>(field: &'a Field, answer: &str) -> Result<&'a str, String> {
    let a = answer.trim();
    field
        .choices
        .iter()
        .find(|c| c.key.value.eq_ignore_ascii_case(a) || c.label.eq_ignore_ascii_case(a))
        .map(|c| c.key.value.as_str())
        .ok_or_else(|| {
            let keys: Vec<&str> = field.choices.iter().map(|c| c.key.value.as_str()).collect();
            format!("'{a}' is not one of: {}", keys.join(", "))
        })
}

/// A date as people type it: YYYY-MM-DD; M/D/YY or M/D/YYYY with or
/// without leading zeros (US order, as the N1 notes write dates); or
/// `today`. Two-digit years are 20YY.
pub fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("today") {
        return Ok(today);
    }
    let number = |p: &str, widths: &[usize]| -> Option<u32> {
        (widths.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let parts: Vec<&str> = s.split(['/', '-']).collect();
    let ymd = match (s.contains('/'), s.contains('-'), parts.as_slice()) {
        (false, true, [y, m, d]) => number(y, &[4])
            .zip(number(m, &[1, 2]))
            .zip(number(d, &[1, 2]))
            .map(|((y, m), d)| (y as i32, m, d)),
        (true, false, [m, d, y]) => number(m, &[1, 2])
            .zip(number(d, &[1, 2]))
            .zip(number(y, &[2, 4]))
            .map(|((m, d), y)| (if y < 100 { 2000 + y as i32 } else { y as i32 }, m, d)),
        _ => None,
    };
    if let Some((y, m, d)) = ymd {
        return NaiveDate::from_ymd_opt(y, m, d)
            .ok_or_else(|| format!("'{s}' is not a day of the calendar (month {m}, day {d})"));
    }
    Err(format!(
        "'{s}' is not a date; write MM/DD/YY, MM/DD/YYYY or YYYY-MM-DD, e.g. {}",
        today.format("%m/%d/%y")
    ))
}

/// `500`, `500.00`, `$1,250.50`, `1250.5` -> cents.
pub fn parse_money(s: &str) -> Result<i64, String> {
    let bad = || format!("'{s}' is not an amount in USD (e.g. 500, 500.00, $1,250.50)");
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let t = t.strip_prefix('$').unwrap_or(t).trim();
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err(bad());
    }
    if whole.contains(',') {
        let groups: Vec<&str> = whole.split(',').collect();
        if groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(bad());
        }
    }
    let dollars: i64 = whole.replace(',', "").parse().map_err(|_| bad())?;
    let cents: i64 = match frac {
        None => 0,
        Some(f) if (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
            let v: i64 = f.parse().map_err(|_| bad())?;
            if f.len() == 1 { v * 10 } else { v }
        }
        Some(_) => return Err(bad()),
    };
    let total = dollars
        .checked_mul(100)
        .and_then(|d| d.checked_add(cents))
        .ok_or_else(bad)?;
    Ok(if neg { -total } else { total })
}

pub fn parse_bool(s: &str) -> Result<bool, String> {
    let t = s.trim();
    let is = |words: &[&str]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
    if is(&["yes", "y", "true", "1", "on"]) {
        Ok(true)
    } else if is(&["no", "n", "false", "0", "off"]) {
        Ok(false)
    } else {
        Err(format!("'{s}' is not yes or no"))
    }
}

/// A practical address check: one `@`, a local part, a dotted domain, no blanks.
pub fn parse_email(s: &str) -> Result<String, String> {
    let bad = || format!("'{s}' is not an email address (name@example.com)");
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    let ok_domain = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let ok_local = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
    if ok_local && ok_domain && s.len() <= 254 {
        Ok(s.to_string())
    } else {
        Err(bad())
    }
}

/// An https URL: the links cs writes go to Salesforce and customers, and
/// the rule and its message say the same. http is taken only for this
/// machine (127.0.0.1, localhost: a test org), as the Salesforce client does.
pub fn parse_url(s: &str) -> Result<String, String> {
    let loopback = |r: &str| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
        matches!(host, "127.0.0.1" | "localhost" | "[::1]")
    };
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://").filter(|r| loopback(r)))
        .ok_or_else(|| {
            format!("'{s}' is not a secure web address; it must start with https:// (http only for 127.0.0.1 or localhost)")
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || s.chars().any(char::is_whitespace) {
        return Err(format!("'{s}' is not a web address (https://host/path)"));
    }
    Ok(s.to_string())
}
