//! How `cs due` prints what is due: JSON as the items stand, a CSV for
//! people, a table per CSM for a terminal, an iCalendar file to subscribe
//! to.

use super::{Item, State};
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Serialize;

/// What `cs due --format json` prints (serialized as it stands: the
/// items are not copied into a JSON tree first).
#[derive(Debug, Serialize)]
pub struct Listing<'a> {
    #[serde(serialize_with = "super::ymd")]
    pub on: NaiveDate,
    pub within_business_days: u32,
    pub items: &'a [Item],
    pub records_read: &'a IndexMap<String, usize>,
}

/// The CSV columns of `cs due --format csv`, one row an item.
pub const CSV_COLUMNS: &[&str] = &[
    "account_id",
    "account_name",
    "csm",
    "csm_email",
    "rule",
    "what",
    "due",
    "state",
    "business_days_late",
    "record",
    "object",
    "command",
];

/// The items as a CSV for people (every cell defused).
pub fn csv(items: &[Item]) -> Result<String, crate::error::Error> {
    let mut w = crate::spreadsheet::PeopleCsv::default();
    w.row(CSV_COLUMNS)?;
    for i in items {
        w.row([
            i.account_id.as_str(),
            &i.account_name,
            &i.csm,
            &i.csm_email,
            &i.rule,
            &i.what,
            &i.due.format("%Y-%m-%d").to_string(),
            i.state.name(),
            &i.business_days_late.to_string(),
            &i.record,
            &i.object,
            &i.command,
        ])?;
    }
    w.finish()
}

/// The items for people: per CSM, a line of counts, then a table of what
/// is late (by how many business days), due today and coming.
pub fn text(items: &[Item], on: NaiveDate) -> String {
    let mut out = String::new();
    if items.is_empty() {
        out.push_str(&format!(
            "Nothing is late or due on {}.\n",
            crate::calendar::long_date(on)
        ));
        return out;
    }
    let mut by_csm: IndexMap<(String, String), Vec<&Item>> = IndexMap::new();
    for i in items {
        by_csm
            .entry((i.csm.clone(), i.csm_email.clone()))
            .or_default()
            .push(i);
    }
    for (n, ((csm, email), list)) in by_csm.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let count = |s: State| list.iter().filter(|i| i.state == s).count();
        let who = if email.is_empty() {
            csm.clone()
        } else {
            format!("{csm} <{email}>")
        };
        let who = crate::out::printable(&who).into_owned();
        out.push_str(&format!(
            "{who}: {} late, {} due today, {} coming\n",
            count(State::Late),
            count(State::Today),
            count(State::Upcoming)
        ));
        let mut t = crate::render::table();
        t.set_header(["#", "State", "Due", "Rule", "Account", "What to do"]);
        // The commands go under the table, one a line: a table cell would
        // wrap them, and they are to be copied.
        let mut commands = String::new();
        for (k, i) in list.iter().enumerate() {
            let state = match i.state {
                State::Late => format!(
                    "late {} day{}",
                    i.business_days_late,
                    crate::out::plural(i.business_days_late)
                ),
                s => s.name().to_string(),
            };
            t.add_row([
                (k + 1).to_string(),
                state,
                i.due.format("%Y-%m-%d").to_string(),
                i.rule.clone(),
                crate::out::printable(&i.account_name).into_owned(),
                crate::out::printable(&i.what).into_owned(),
            ]);
            if !i.command.is_empty() {
                commands.push_str(&format!(
                    "  {}. {}\n",
                    k + 1,
                    crate::out::printable(&i.command)
                ));
            }
        }
        out.push_str(&t.to_string());
        out.push('\n');
        out.push_str(&commands);
    }
    out
}

/// The items as an iCalendar file (RFC 5545) a CSM subscribes to: an
/// all-day event on each due day. An event's UID is its rule and record,
/// so the next file moves it rather than adding another; DTSTAMP is the
/// day evaluated.
pub fn ics(items: &[Item], name: &str, on: NaiveDate) -> String {
    use crate::render::ics::{calendar, fold, ics_text};
    use chrono::{TimeZone, Utc};
    use icalendar::{Component, Event, EventLike};
    let mut cal = calendar(name, "cs due");
    let stamp = Utc.from_utc_datetime(&on.and_hms_opt(0, 0, 0).unwrap_or_default());
    for i in items {
        let key = format!("{}|{}|{}", i.rule, i.record, i.duty);
        let uid = crate::digest::sha256_hex(key.as_bytes(), 16);
        let summary = format!("[{}] {}: {}", i.rule, i.account_name, i.what);
        let mut description = i.what.clone();
        if i.state == State::Late {
            description.push_str(&format!(
                "\nLate by {} business day{} on {}.",
                i.business_days_late,
                crate::out::plural(i.business_days_late),
                on.format("%Y-%m-%d")
            ));
        }
        if !i.command.is_empty() {
            description.push_str(&format!("\nCommand: {}", i.command));
        }
        description.push_str(&format!("\nSalesforce record: {}", i.record));
        let mut ev = Event::new();
        ev.uid(&format!("{uid}@cs.medtrainer"))
            .timestamp(stamp)
            .starts(i.due)
            .ends(i.due.succ_opt().unwrap_or(i.due))
            .summary(&ics_text(&summary))
            .description(&ics_text(&description))
            .add_property("TRANSP", "TRANSPARENT");
        cal.push(ev.done());
    }
    fold(&cal.done().to_string())
}
