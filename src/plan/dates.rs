//! Date arithmetic for schedules: calendar days, and business days
//! (B1: Monday to Friday, less the organization's holidays).

use crate::calendar::Calendar;
use crate::playbook::model::DayKind;
use chrono::{Days, NaiveDate};

/// `anchor` moved by `offset` days of the given kind. With business days, an
/// offset of 0 from a weekend or holiday is the next business day, and each
/// further day is the next business day after the previous one.
pub fn shift(anchor: NaiveDate, offset: i64, kind: DayKind, calendar: &Calendar) -> NaiveDate {
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
            while !calendar.is_business_day(d) && guard < 366 {
                d = step(d, fwd);
                guard += 1;
            }
            for _ in 0..offset.unsigned_abs() {
                d = step(d, fwd);
                let mut guard = 0;
                while !calendar.is_business_day(d) && guard < 366 {
                    d = step(d, fwd);
                    guard += 1;
                }
            }
            d
        }
    }
}
