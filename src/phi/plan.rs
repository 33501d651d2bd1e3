//! The guard over a plan: which of its texts leave for places that may not
//! hold patient data (a Slack message, a customer's email), what the
//! detectors find in them, and the answer each came from; the check as a
//! plan is made and again as it is sent.

use super::{Guard, Kind, masked, plain};

/// Does a record of `plan` link `value` as a Salesforce user?
fn names_a_user(plan: &crate::plan::Plan, value: &str) -> bool {
    plan.records.iter().any(|r| {
        r.links
            .values()
            .any(|l| l.sobject == "User" && l.value.eq_ignore_ascii_case(value))
    })
}

/// The letters and digits of `value`, as ASCII where they have an ASCII
/// form: how one identifier is known again in another text.
fn key_of(value: &str) -> String {
    value
        .chars()
        .map(|c| plain(c).unwrap_or(c))
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every string of a JSON value (a message's Block Kit blocks).
fn strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        serde_json::Value::Object(map) => map.values().for_each(|i| strings(i, out)),
        _ => {}
    }
}

/// The texts of `plan` that leave for a place that may not hold patient
/// data: each Slack message (its text and every string of its blocks) and,
/// with `drafts`, each customer-facing email. (place, text).
fn outbound(plan: &crate::plan::Plan, drafts: bool) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    for m in &plan.messages {
        let place = format!("the Slack message to {}", m.channel);
        let mut texts = vec![m.text.as_str()];
        if let Some(b) = &m.blocks {
            strings(b, &mut texts);
        }
        out.extend(texts.into_iter().map(|t| (place.clone(), t)));
    }
    if drafts {
        for d in plan.drafts.iter().filter(|d| d.customer_facing) {
            let place = format!("the customer email '{}'", d.template);
            out.extend(d.subject.as_deref().map(|t| (place.clone(), t)));
            out.push((place, d.body.as_str()));
        }
    }
    out
}

/// The answers of `plan` as texts: (key, text), a list's items each.
fn answer_texts(plan: &crate::plan::Plan) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    for (key, v) in &plan.answers {
        match v {
            serde_json::Value::String(s) => out.push((key.as_str(), s.as_str())),
            serde_json::Value::Array(items) => out.extend(
                items
                    .iter()
                    .filter_map(serde_json::Value::as_str)
                    .map(|s| (key.as_str(), s)),
            ),
            _ => {}
        }
    }
    out
}

/// The identifiers in the texts of `plan` bound for Slack (and, with
/// `drafts`, customer emails): "key: kind (masked) would go to place",
/// named by the answer it came from where one holds it. Every text is
/// scanned as it will be sent, whichever field or template it came from
/// (a URL too); a person the plan names as a Salesforce user is staff.
fn leaving(guard: &Guard, plan: &crate::plan::Plan, drafts: bool) -> Vec<(String, String)> {
    let answers: Vec<(&str, Vec<(Kind, String)>)> = answer_texts(plan)
        .into_iter()
        .map(|(k, t)| {
            let found = guard
                .scan(t)
                .into_iter()
                .map(|f| (f.kind, key_of(&t[f.start..f.end])))
                .collect();
            (k, found)
        })
        .collect();
    let mut lines: Vec<(String, String)> = Vec::new();
    for (place, text) in outbound(plan, drafts) {
        for f in guard.scan(text) {
            let value = &text[f.start..f.end];
            if matches!(f.kind, Kind::Email | Kind::Phone) && names_a_user(plan, value) {
                continue;
            }
            let key = key_of(value);
            let source = answers
                .iter()
                .find(|(_, found)| found.iter().any(|(k, v)| *k == f.kind && *v == key))
                .map_or("the playbook's text", |(k, _)| k);
            let what = format!("{source}: {} ({})", f.kind.name(), masked(value));
            if !lines.iter().any(|(w, p)| *w == what && *p == place) {
                lines.push((what, place.clone()));
            }
        }
    }
    lines
}

/// Joins "what would go to place" lines of one finding going to several
/// places.
fn joined(lines: Vec<(String, String)>) -> Vec<String> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (what, place) in lines {
        match out.iter_mut().find(|(w, _)| *w == what) {
            Some((_, places)) => places.push(place),
            None => out.push((what, vec![place])),
        }
    }
    out.into_iter()
        .map(|(what, places)| format!("{what} would go to {}", places.join(" and ")))
        .collect()
}

const HINT: &str = "remove the identifier from the answer; pass --allow-phi only if the channel or recipient may receive patient data (a BAA covers it)";

/// What the guard says of a plan as it is made: an identifier in a text
/// bound for a Slack message or a customer-facing draft stops the plan
/// unless `allow` (`--allow-phi`); one in an answer that goes to
/// Salesforce only is a warning.
pub fn check_plan(
    guard: &Guard,
    plan: &crate::plan::Plan,
    allow: bool,
) -> Result<Vec<String>, crate::error::Error> {
    let stops = joined(leaving(guard, plan, true));
    let mut warnings = Vec::new();
    for (key, text) in answer_texts(plan) {
        for found in guard.scan(text) {
            let value = &text[found.start..found.end];
            if matches!(found.kind, Kind::Email | Kind::Phone) && names_a_user(plan, value) {
                continue;
            }
            let what = format!("{key}: {} ({})", found.kind.name(), masked(value));
            let in_record = plan
                .records
                .iter()
                .any(|r| r.fields.values().any(|v| v.to_string().contains(value)));
            if in_record && !stops.iter().any(|s| s.starts_with(&what)) {
                warnings.push(format!(
                    "{what} goes to Salesforce; keep patient data out of account notes unless your org allows it"
                ));
            }
        }
    }
    if allow {
        warnings.extend(stops.into_iter().map(|s| format!("{s} (--allow-phi)")));
        return Ok(warnings);
    }
    if stops.is_empty() {
        return Ok(warnings);
    }
    Err(crate::error::Error::user(format!(
        "the plan would send patient data where it may not go; nothing was written:\n  {}",
        stops.join("\n  ")
    ))
    .with_hint(HINT))
}

/// The guard again as a plan is sent (`cs submit`): a plan is a file that
/// may have been edited since cs made it, so its Slack messages are
/// scanned before anything leaves. `what` names the plan.
pub fn check_sending(
    guard: &Guard,
    plan: &crate::plan::Plan,
    what: &str,
    allow: bool,
) -> Result<Vec<String>, crate::error::Error> {
    let stops = joined(leaving(guard, plan, false));
    if allow || stops.is_empty() {
        return Ok(stops
            .into_iter()
            .map(|s| format!("{what}: {s} (--allow-phi)"))
            .collect());
    }
    Err(crate::error::Error::user(format!(
        "{what} would send patient data where it may not go; nothing was sent:\n  {}",
        stops.join("\n  ")
    ))
    .with_hint(
        "remove the identifier from the plan's message; pass --allow-phi only if the channel may receive patient data (a BAA covers it)",
    ))
}
