//! Date arithmetic for schedules: calendar days, and business days
//! (Monday to Friday, less a playbook's holidays).

use crate::playbook::model::DayKind;
use chrono::{Datelike, Days, NaiveDate, Weekday};

pub fn is_business_day(d: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
}

/// `anchor` moved by `offset` days of the given kind. With business days, an
/// offset of 0 from a weekend or holiday is the next business day, and each
/// further day is the next business day after the previous one.
pub fn shift(anchor: NaiveDate, offset: i64, kind: DayKind, holidays: &[NaiveDate]) -> NaiveDate {
    match kind {
        DayKind::Calendar => if offset >= 0 {
            anchor.checked_add_days(Days::new(offset as u64))
        } else {
            anchor.checked_sub_days(Days::new(offset.unsigned_abs()))
        }
        .unwrap_or(anchor),
        DayKind::Business => {
            let step = |d: NaiveDate, fwd: bool| {
                if fwd { d.succ_opt() } else { d.pred_opt() }.unwrap_or(d)
            };
            let fwd = offset >= 0;
            let mut d = anchor;
            // Start on a business day (forward for offsets >= 0, back otherwise).
            let mut guard = 0;
            while !is_business_day(d, holidays) && guard < 366 {
                d = step(d, fwd);
                guard += 1;
            }
            for _ in 0..offset.unsigned_abs() {
                d = step(d, fwd);
                let mut guard = 0;
                while !is_business_day(d, holidays) && guard < 366 {
                    d = step(d, fwd);
                    guard += 1;
                }
            }
            d
        }
    }
}
