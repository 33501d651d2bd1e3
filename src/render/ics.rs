//! A plan's schedule as an iCalendar file (RFC 5545) that calendars import:
//! one all-day event per step. UIDs and DTSTAMP derive from the plan and the
//! run's date, so the same plan gives the same file and a re-import updates
//! events rather than duplicating them.

use crate::plan::Plan;
use chrono::{NaiveDate, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike, Property};

pub fn schedule_ics(plan: &Plan, name: &str, today: NaiveDate) -> String {
    let mut cal = calendar(name, "cs");
    let stamp = Utc.from_utc_datetime(&today.and_hms_opt(0, 0, 0).unwrap_or_default());
    for (i, step) in plan.schedule.iter().enumerate() {
        let Ok(date) = NaiveDate::parse_from_str(&step.date, "%Y-%m-%d") else {
            continue;
        };
        // Stable across playbook edits, so a re-import updates the same events.
        let key = format!(
            "{}|{}|{}|{}|{}",
            plan.playbook, plan.command, name, i, step.date
        );
        let uid = crate::digest::sha256_hex(key.as_bytes(), 16);
        let mut ev = Event::new();
        ev.uid(&format!("{uid}@cs.medtrainer"))
            .timestamp(stamp)
            // All-day: DTEND is exclusive (RFC 5545 3.6.1), so it is the next day.
            .starts(date)
            .ends(date.succ_opt().unwrap_or(date))
            .summary(&ics_text(&step.action))
            .add_property("TRANSP", "TRANSPARENT");
        let mut description = step.action.clone();
        if let Some(ch) = &step.channel {
            description.push_str(&format!("\nChannel: {ch}"));
        }
        if let Some(rule) = &step.rule {
            description.push_str(&format!("\nSOP rule: {rule}"));
        }
        ev.description(&ics_text(&description));
        cal.push(ev.done());
    }
    fold(&cal.done().to_string())
}

/// An empty calendar named `name`, published by `product` (`cs`, `cs due`).
pub fn calendar(name: &str, product: &str) -> Calendar {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new(
            "PRODID",
            format!("-//MedTrainer Customer Success//{product}//EN"),
        ))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        // One line; the crate escapes the rest.
        .append_property(Property::new("X-WR-CALNAME", calendar_name(name)));
    cal
}

/// A text value as iCalendar takes it: line ends as LF (which the crate
/// escapes as `\n`), no other control character but the tab.
pub fn ics_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' | '\u{2028}' | '\u{2029}' => Some('\n'),
            '\n' | '\t' => Some(c),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// A calendar's name: one line. The crate escapes backslashes, `;` and `,` in
/// it as in any TEXT value, but writes a line break raw, which ends the
/// property for every parser; a line break, U+2028 and U+2029 read as a
/// space.
pub fn calendar_name(name: &str) -> String {
    ics_text(name)
        .chars()
        .map(|c| if matches!(c, '\n' | '\t') { ' ' } else { c })
        .collect()
}

/// The file with every content line folded at 75 octets (RFC 5545 3.1: a
/// CRLF and a space before each continuation, never inside a UTF-8
/// character). The crate's own folding is undone first: it lets some lines
/// reach 76 octets.
pub fn fold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 64);
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let mut width = 0;
        for c in line.chars() {
            let n = c.len_utf8();
            if width + n > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += n;
        }
        out.push_str("\r\n");
    }
    out
}
