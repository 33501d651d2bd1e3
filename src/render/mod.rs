//! Renderers: a plan (and other results) as text for people, JSON for
//! scripts, CSV for spreadsheets.

pub mod ics;

use crate::error::Error;
use crate::plan::Plan;
use crate::spreadsheet::PeopleCsv;
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::Value as Json;

pub fn table() -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    // The terminal's width (comfy-table is built without its own terminal
    // detection), or 120 columns when the output is piped.
    let width = if crate::out::stdout_is_terminal() {
        dialoguer::console::Term::stdout().size().1
    } else {
        120
    };
    t.set_width(width.max(40));
    t
}

/// A playbook's fields as people read them (`cs playbook show`): key,
/// label, type, whether required (or when), the choices and the help.
pub fn fields_table(
    p: &crate::playbook::model::Playbook,
    form: crate::playbook::model::FormRef,
) -> String {
    let fields = form.fields;
    let mut t = table();
    t.set_header(vec!["Key", "Label", "Type", "Required", "Choices", "Help"]);
    for f in fields {
        let required = match (&f.required, &f.required_when) {
            (true, _) => "yes".to_string(),
            (false, Some(w)) => format!("when {}", w.value),
            (false, None) => "no".to_string(),
        };
        let kind = serde_json::to_value(f.kind.value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let choices: Vec<&str> = f.choices.iter().map(|c| c.label.as_str()).collect();
        t.add_row(vec![
            f.key.value.clone(),
            f.label.clone(),
            kind,
            required,
            choices.join(", "),
            f.help.clone().unwrap_or_default(),
        ]);
    }
    let of = if form.name.is_empty() {
        String::new()
    } else {
        format!(", form {}", form.name)
    };
    format!(
        "{} ({}, {}{of}): {} field{}\n{t}\n",
        p.title,
        p.id.value,
        p.source,
        fields.len(),
        crate::out::plural(fields.len())
    )
}

/// A JSON value as a cell: text as is, lists joined with `; `.
pub fn cell(v: &Json) -> String {
    match v {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        Json::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

pub fn json_pretty<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Error::internal(format!("cannot write JSON: {e}")))
}

/// The plan for people.
pub fn plan_text(plan: &Plan) -> String {
    let mut s = format!("{} plan (cs {})\n", plan.playbook, plan.command);
    if !plan.summary.is_empty() {
        s.push_str("\nSummary\n");
        for (k, v) in plan.summary.iter().filter(|(_, v)| !v.is_null()) {
            // A list goes on the lines below its name; a text of several
            // lines keeps them under its first, indented.
            let value = summary_cell(v);
            let value = match value.as_str() {
                "" => " (none)".to_string(),
                list if list.starts_with('\n') => list.to_string(),
                text => format!(" {}", text.replace('\n', "\n    ")),
            };
            s.push_str(&format!("  {k}:{value}\n"));
        }
    }
    for (i, r) in plan.records.iter().enumerate() {
        let op = serde_json::to_value(r.operation)
            .map(|v| cell(&v))
            .unwrap_or_default();
        s.push_str(&format!("\nRecord {}: {} {}", i + 1, op, r.sobject));
        if let Some(rt) = &r.record_type {
            s.push_str(&format!(" (record type {rt})"));
        }
        if let Some(e) = &r.external_id {
            s.push_str(&format!(" [{} = {}]", e.field, e.value));
        }
        s.push('\n');
        let mut t = table();
        t.set_header(vec!["Field", "Value"]);
        for (k, v) in &r.fields {
            t.add_row(vec![k.clone(), cell(v)]);
        }
        // Lookups cs submit fills: what they name, in words.
        for (k, l) in &r.links {
            let named = match l.looked_up() {
                Some(w) => format!("the {w} (looked up when sending)"),
                None => l.value.clone(),
            };
            t.add_row(vec![k.clone(), named]);
        }
        s.push_str(&format!("{t}\n"));
    }
    for m in &plan.messages {
        s.push_str(&format!(
            "\nMessage to {}\n{}\n",
            m.channel,
            indent(&m.text)
        ));
    }
    if !plan.outreach.is_empty() {
        s.push_str("\nOutreach (cs submit makes these changes)\n");
        for o in &plan.outreach {
            s.push_str(&format!(
                "  [{}] {}\n",
                o.rule,
                crate::effect::outreach_label(&o.action)
            ));
        }
    }
    for d in &plan.drafts {
        s.push_str(&format!("\nDraft {} \"{}\"\n", d.kind, d.template));
        if d.default {
            s.push_str(&format!(
                "  (cs's default wording for the SOP's \"{}\"; your organization's text replaces it, W1)\n",
                d.template
            ));
        }
        if let Some(sub) = &d.subject {
            s.push_str(&format!("  Subject: {sub}\n"));
        }
        s.push_str(&format!("{}\n", indent(&d.body)));
    }
    if !plan.schedule.is_empty() {
        s.push_str("\nSchedule\n");
        let mut t = table();
        t.set_header(vec!["Date", "Action", "Channel", "Rule"]);
        for st in &plan.schedule {
            // W1: a date the SOP does not set, cs's default.
            let date = if st.default {
                format!("{} (cs's default)", st.date)
            } else {
                st.date.clone()
            };
            t.add_row(vec![
                date,
                st.action.clone(),
                st.channel.clone().unwrap_or_default(),
                st.rule.clone().unwrap_or_default(),
            ]);
        }
        s.push_str(&format!("{t}\n"));
    }
    if !plan.checklist.is_empty() {
        s.push_str("\nChecklist\n");
        for c in &plan.checklist {
            let status = c
                .status
                .as_deref()
                .map(|x| format!(" ({x})"))
                .unwrap_or_default();
            s.push_str(&format!("  [{}] {}{status}\n", c.rule, c.text));
        }
    }
    if !plan.defaults.is_empty() {
        s.push_str(&format!(
            "\ncs's default wording in use (W1; your organization's replaces it): {}\n",
            plan.defaults.join(", ")
        ));
    }
    for w in &plan.warnings {
        s.push_str(&format!("\nwarning: {w}\n"));
    }
    s
}

/// A summary value for people: lists of titled entries show one title a
/// line, other structures as compact JSON.
fn summary_cell(v: &Json) -> String {
    match v {
        Json::Array(items)
            if items
                .iter()
                .any(|i| i.get("title").or(i.get("module")).is_some()) =>
        {
            items
                .iter()
                .map(|i| {
                    let title = i
                        .get("title")
                        .or(i.get("module"))
                        .map(cell)
                        .unwrap_or_else(|| i.to_string());
                    format!("\n    - {title}")
                })
                .collect()
        }
        Json::Object(_) => v.to_string(),
        other => cell(other),
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plan's records as CSV (for people: see [`crate::spreadsheet`]): a row per record; columns sobject, operation,
/// record_type, external_id, then every field API name in order of appearance.
pub fn plan_csv(plan: &Plan) -> Result<String, Error> {
    let mut names: Vec<&str> = Vec::new();
    for r in &plan.records {
        for k in r.fields.keys() {
            if !names.contains(&k.as_str()) {
                names.push(k);
            }
        }
    }
    let mut w = PeopleCsv::default();
    let mut header = vec!["sobject", "operation", "record_type", "external_id"];
    header.extend(&names);
    w.row(&header)?;
    for r in &plan.records {
        let op = serde_json::to_value(r.operation)
            .map(|v| cell(&v))
            .unwrap_or_default();
        let mut row = vec![
            r.sobject.clone(),
            op,
            r.record_type.clone().unwrap_or_default(),
            r.external_id
                .as_ref()
                .map(|e| e.value.clone())
                .unwrap_or_default(),
        ];
        row.extend(
            names
                .iter()
                .map(|n| r.fields.get(*n).map(cell).unwrap_or_default()),
        );
        w.row(&row)?;
    }
    w.finish()
}

/// The plan's schedule as CSV: date, weekday, action, channel, rule.
pub fn schedule_csv(plan: &Plan) -> Result<String, Error> {
    let mut w = PeopleCsv::default();
    w.row(["date", "weekday", "action", "channel", "rule"])?;
    for s in &plan.schedule {
        let weekday = chrono::NaiveDate::parse_from_str(&s.date, "%Y-%m-%d")
            .map(|d| d.format("%A").to_string())
            .unwrap_or_default();
        w.row([
            s.date.as_str(),
            &weekday,
            &s.action,
            s.channel.as_deref().unwrap_or(""),
            s.rule.as_deref().unwrap_or(""),
        ])?;
    }
    w.finish()
}

/// The churn-code taxonomy (E2) as CSV, one reason a row.
pub fn churn_csv(t: &crate::churn::Taxonomy) -> Result<String, Error> {
    let mut w = PeopleCsv::default();
    w.row(["category", "reason", "description", "secondary_reasons"])?;
    for r in &t.reasons {
        let secondary = match &r.free_text {
            Some(f) => format!("({f}: free text)"),
            None => r.secondary.join("; "),
        };
        w.row([&r.category, &r.reason, &r.description, &secondary])?;
    }
    w.finish()
}

/// The churn-code taxonomy (E2) as a table for people.
pub fn churn_table(t: &crate::churn::Taxonomy) -> String {
    let mut table = self::table();
    table.set_header(vec![
        "Category",
        "Churn reason",
        "Description",
        "Secondary reasons",
    ]);
    for r in &t.reasons {
        let secondary = match &r.free_text {
            Some(f) => format!("{f} (free text)"),
            None => r.secondary.join("\n"),
        };
        table.add_row(vec![
            r.category.clone(),
            r.reason.clone(),
            r.description.clone(),
            secondary,
        ]);
    }
    format!("{table}\n")
}

/// Churn codes found by `cs churn-code show`, for people.
pub fn churn_matches(hits: &[crate::churn::Match]) -> String {
    let mut text = String::new();
    for h in hits {
        let r = h.reason;
        let title = match &h.secondary {
            Some(sec) => format!("{sec} (a secondary reason of {})", r.reason),
            None => format!("{} ({})", r.reason, r.category),
        };
        text.push_str(&format!("{title}\n"));
        text.push_str(&format!(
            "  Escalation/Cancellation Reason: {}\n  Churn Reason: {}\n  Description: {}\n",
            r.category, r.reason, r.description
        ));
        match &r.free_text {
            Some(f) => text.push_str(&format!("  Secondary: {f} (free text)\n")),
            None => text.push_str(&format!(
                "  Secondary reasons: {}\n",
                r.secondary.join(", ")
            )),
        }
        text.push('\n');
    }
    format!("{}\n", text.trim_end_matches('\n'))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn summary_texts_of_several_lines_stay_under_their_name() {
        let plan: crate::plan::Plan = serde_json::from_value(json!({
            "playbook": "transition", "command": "transition",
            "provenance": {"cs_version": "0", "playbook_sha256": "0"},
            "summary": {"reasons": "open opportunities\npending tasks", "subtypes": [],
                        "route": "manual"},
            "answers": {}, "records": [], "messages": [], "drafts": [], "schedule": [],
            "checklist": [], "warnings": []
        }))
        .unwrap();
        let text = super::plan_text(&plan);
        assert!(
            text.contains(
                "  reasons: open opportunities\n    pending tasks\n  subtypes: (none)\n  route: manual\n"
            ),
            "{text}"
        );
    }
}
