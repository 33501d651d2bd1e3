//! When a duty is due on a record: its start (a date of the record, or
//! the latest N1 note of a notes field) and how the duty counts from it,
//! with the organization's calendar (B1).

use crate::calendar::Calendar;
use crate::playbook::duty::Duty;
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde_json::Value as Json;

/// When the duty of `d` on `r` is due; None when the record lacks the
/// date it counts from.
pub fn due_date(d: &Duty, r: &Json, calendar: &Calendar, on: NaiveDate) -> Due {
    let rule = &d.due;
    let mut unreadable = None;
    let from = rule.from.as_ref().and_then(|f| {
        let v = crate::answers::org::at_path(r, &f.value);
        let got = day_and_time(v);
        if got.is_none() && !v.is_null() && v.as_str() != Some("") {
            unreadable = Some(f.value.clone());
        }
        got
    });
    let last_note = rule.after_note.as_ref().and_then(|f| {
        let text = crate::answers::org::at_path(r, &f.value).as_str()?;
        last_note_date(text, on)
    });
    let (start, time) = match (last_note, from) {
        (Some(n), _) => (n, None),
        (None, Some((d, t))) => (d, t),
        (None, None) => {
            return match unreadable {
                Some(field) => Due::Unreadable(field),
                None => Due::None,
            };
        }
    };
    match due_from(d, calendar, start, time, last_note.is_some()) {
        Some(day) => Due::On(day),
        None => Due::None,
    }
}

/// When a duty is due on a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    On(NaiveDate),
    /// The record lacks the date the duty counts from: no duty.
    None,
    /// The field holds something that is not a date (named).
    Unreadable(String),
}

/// The due day counted from `start` as the duty says.
fn due_from(
    d: &Duty,
    calendar: &Calendar,
    start: NaiveDate,
    time: Option<NaiveTime>,
    after_note: bool,
) -> Option<NaiveDate> {
    let rule = &d.due;
    if rule.call_by {
        return Some(crate::sops::escalation::call_by(start, time, calendar));
    }
    if let Some(w) = &rule.weekday {
        let want = parse_weekday(&w.value)?;
        let mut day = start;
        while day.weekday() != want {
            day = day.succ_opt()?;
        }
        return Some(calendar.on_or_after(day));
    }
    if let Some(n) = rule.days {
        return Some(calendar.on_or_after(start.checked_add_days(chrono::Days::new(n.into()))?));
    }
    // After a note, the next one is due the next business day.
    let n = rule.business_days.unwrap_or(u32::from(after_note));
    Some(add_business_days(calendar, start, n))
}

/// A weekday by its English name (`Wednesday`, any case).
pub fn parse_weekday(s: &str) -> Option<chrono::Weekday> {
    s.trim().parse().ok()
}

/// The date of the latest N1 note of a notes field (one note a line), in
/// whatever order they were written; a note dated after `on` (a typo) is
/// not counted.
fn last_note_date(text: &str, on: NaiveDate) -> Option<NaiveDate> {
    text.lines()
        .filter_map(|l| crate::fields::note::parse(l.trim()).ok())
        .map(|n| n.date)
        .filter(|d| *d <= on)
        .max()
}

/// A date (`2026-11-20`) or a date-time as Salesforce gives it
/// (`2026-11-20T15:00:00.000+0000`, or `Z`): the day and time where cs
/// runs (the calendar's working hours are local).
pub fn day_and_time(v: &Json) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let s = v.as_str()?.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some((d, None));
    }
    let t = chrono::DateTime::parse_from_rfc3339(s)
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .ok()?
        .with_timezone(&chrono::Local);
    Some((t.date_naive(), Some(t.time())))
}

/// `start` moved on by `n` business days (0: `start`, or the next business
/// day when it is a day off).
pub fn add_business_days(calendar: &Calendar, start: NaiveDate, n: u32) -> NaiveDate {
    let mut d = calendar.on_or_after(start);
    for _ in 0..n {
        d = calendar.on_or_after(d.succ_opt().unwrap_or(d));
    }
    d
}

/// The business days from `from` (counted) to `to` (not counted): the
/// weekdays, counted by whole weeks, less the holidays among them.
pub fn business_days_between(calendar: &Calendar, from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let days = (to - from).num_days();
    let weeks = days / 7;
    let mut n = weeks * 5;
    let mut d = from + chrono::Days::new((weeks * 7) as u64);
    while d < to {
        if !matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) {
            n += 1;
        }
        d = d.succ_opt().unwrap_or(to);
    }
    let holidays = calendar.days_off_between(from, to) as i64;
    u32::try_from((n - holidays).max(0)).unwrap_or(u32::MAX)
}
