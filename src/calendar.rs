//! B1: the organization's business days. Monday to Friday, less holidays:
//! rules that give a holiday's date in any year (a fixed date, observed on
//! the Friday before when it falls on a Saturday and on the Monday after when
//! it falls on a Sunday; or the nth weekday of a month) and one-off dates.
//! The rules are data, playbooks/calendar.yaml (the US federal holidays);
//! an organization replaces the file with its own in `--playbooks DIR`.

use crate::diag::{Diagnostic, Severity};
use crate::error::Error;
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The calendar's file name in a playbook directory; it is not a playbook.
pub const FILE: &str = "calendar.yaml";

/// The built-in calendar.
pub const EMBEDDED: &str = include_str!("../playbooks/calendar.yaml");

/// The built-in calendar as build.rs compiled it (empty if it did not parse).
const COMPILED: &str = include_str!(concat!(env!("OUT_DIR"), "/calendar.json"));

/// A day of the week, written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum Day {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Day {
    pub fn weekday(self) -> Weekday {
        match self {
            Day::Monday => Weekday::Mon,
            Day::Tuesday => Weekday::Tue,
            Day::Wednesday => Weekday::Wed,
            Day::Thursday => Weekday::Thu,
            Day::Friday => Weekday::Fri,
            Day::Saturday => Weekday::Sat,
            Day::Sunday => Weekday::Sun,
        }
    }
}

/// How a holiday's date is found in a year.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    /// 1 to 12.
    pub month: u32,
    /// A fixed day of the month, observed on the nearest weekday when it
    /// falls on a weekend.
    #[serde(default)]
    pub day: Option<u32>,
    /// With `nth`: the nth such weekday of the month.
    #[serde(default)]
    pub weekday: Option<Day>,
    /// 1 to 5 from the start of the month; -1 for the last.
    #[serde(default)]
    pub nth: Option<i32>,
}

/// The organization's calendar file.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Holidays that recur every year.
    #[serde(default)]
    pub holidays: Vec<Rule>,
    /// One-off days off (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub dates: Vec<NaiveDate>,
    /// When the working day ends, as HH:MM in the local time of the
    /// computer running cs: what comes in later is handled the next
    /// business day (E5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub business_hours_end: Option<NaiveTime>,
    /// The holidays' observed days, worked out a year at a time the first
    /// time a day of that year is asked about: `cs due` asks about every
    /// day between each duty's date and today, a plan about a few days.
    #[serde(skip)]
    #[schemars(skip)]
    observed: Observed,
}

/// The years whose holidays [`Calendar::holiday`] keeps worked out.
const CACHED_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// A year's holidays' observed days, each with the index of its rule.
type Year = OnceLock<Vec<(NaiveDate, usize)>>;

/// Each year of [`CACHED_YEARS`], once worked out.
#[derive(Debug, Clone, Default)]
struct Observed(OnceLock<Box<[Year]>>);

impl Observed {
    fn year(&self, year: i32) -> Option<&Year> {
        let i = usize::try_from(year - CACHED_YEARS.start()).ok()?;
        let years = self
            .0
            .get_or_init(|| CACHED_YEARS.map(|_| OnceLock::new()).collect());
        years.get(i)
    }
}

/// The nth `weekday` of a month (1-based; -1 the last).
fn nth_weekday(year: i32, month: u32, weekday: Weekday, nth: i32) -> Option<NaiveDate> {
    if nth > 0 {
        NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(nth).ok()?)
    } else {
        let first_next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        let mut d = first_next.pred_opt()?;
        while d.weekday() != weekday {
            d = d.pred_opt()?;
        }
        Some(d)
    }
}

/// A fixed-date holiday's observed day: Saturday's on the Friday before,
/// Sunday's on the Monday after.
fn observed(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d.pred_opt().unwrap_or(d),
        Weekday::Sun => d.succ_opt().unwrap_or(d),
        _ => d,
    }
}

impl Rule {
    /// The day the holiday is observed in `year`, if the rule gives one.
    pub fn date_in(&self, year: i32) -> Option<NaiveDate> {
        match (self.day, self.weekday, self.nth) {
            (Some(day), None, None) => NaiveDate::from_ymd_opt(year, self.month, day).map(observed),
            (None, Some(w), Some(n)) => nth_weekday(year, self.month, w.weekday(), n),
            _ => None,
        }
    }

    /// Why the rule gives no date, if it does not.
    fn problem(&self) -> Option<String> {
        let name = &self.name;
        match (self.day, self.weekday, self.nth) {
            _ if !(1..=12).contains(&self.month) => Some(format!(
                "holiday '{name}': month {} is not 1 to 12",
                self.month
            )),
            (Some(_), None, None) if self.date_in(2024).is_none() => Some(format!(
                "holiday '{name}': {}/{} is not a date",
                self.month,
                self.day.unwrap_or(0)
            )),
            (Some(_), None, None) => None,
            (None, Some(_), Some(n)) if n == -1 || (1..=5).contains(&n) => None,
            (None, Some(_), Some(n)) => Some(format!(
                "holiday '{name}': nth {n} must be 1 to 5, or -1 for the last"
            )),
            _ => Some(format!(
                "holiday '{name}' needs either `day`, or `weekday` with `nth`"
            )),
        }
    }
}

impl Calendar {
    /// Parses a calendar file; a problem is a diagnostic at its line.
    pub fn parse(path: &str, text: &str) -> Result<Self, Diagnostic> {
        let c: Calendar = serde_saphyr::from_str(text).map_err(|e| {
            let (loc, msg) = crate::yaml::describe(&e);
            Diagnostic::at(path, loc, Severity::Error, msg)
        })?;
        if let Some(p) = c.holidays.iter().find_map(Rule::problem) {
            return Err(Diagnostic::at(
                path,
                serde_saphyr::Location::UNKNOWN,
                Severity::Error,
                p,
            ));
        }
        Ok(c)
    }

    /// The built-in calendar (a unit test proves the file parses), as
    /// build.rs compiled its YAML to JSON: read in a fraction of the time.
    pub fn built_in() -> Self {
        let compiled = serde_json::from_str::<Calendar>(COMPILED)
            .ok()
            .filter(|c| c.holidays.iter().all(|r| r.problem().is_none()));
        compiled
            .unwrap_or_else(|| Self::parse("playbooks/calendar.yaml", EMBEDDED).unwrap_or_default())
    }

    /// Adds one-off days off (a playbook's own `holidays:`).
    pub fn with_dates(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.dates.extend(dates);
        self
    }

    /// The named holidays observed in `year`, in date order. A holiday of
    /// the next year observed in this one (New Year's Day on a Saturday is
    /// observed on December 31) is included.
    pub fn holidays_in(&self, year: i32) -> Vec<(NaiveDate, &str)> {
        let mut out: Vec<(NaiveDate, &str)> = [year, year + 1]
            .iter()
            .flat_map(|y| {
                self.holidays
                    .iter()
                    .filter_map(move |r| r.date_in(*y).map(|d| (d, r.name.as_str())))
            })
            .filter(|(d, _)| d.year() == year)
            .collect();
        out.sort();
        out
    }

    /// The holiday on `d`, if any.
    pub fn holiday(&self, d: NaiveDate) -> Option<&str> {
        if self.dates.contains(&d) {
            return Some("a day off");
        }
        if let Some(year) = self.observed.year(d.year()) {
            // The rules of the year before, the year and the year after: a
            // New Year's Day on a Saturday is observed on December 31, a
            // December 31 on a Sunday on January 1.
            let days = year.get_or_init(|| {
                [d.year() - 1, d.year(), d.year() + 1]
                    .iter()
                    .flat_map(|y| {
                        self.holidays
                            .iter()
                            .enumerate()
                            .filter_map(move |(i, r)| r.date_in(*y).map(|day| (day, i)))
                    })
                    .filter(|(day, _)| day.year() == d.year())
                    .collect()
            });
            // Earlier years' rules first, each year's in the calendar's
            // order: the first that gives the day names it.
            return days
                .iter()
                .find(|(day, _)| *day == d)
                .map(|&(_, i)| self.holidays[i].name.as_str());
        }
        [d.year(), d.year() + 1].iter().find_map(|y| {
            self.holidays
                .iter()
                .find(|r| r.date_in(*y) == Some(d))
                .map(|r| r.name.as_str())
        })
    }

    /// How many weekdays from `from` (counted) to `to` (not counted) are
    /// days off: holidays and the one-off dates. Counted by year, so that
    /// a span of centuries costs no more than its years.
    pub fn days_off_between(&self, from: NaiveDate, to: NaiveDate) -> usize {
        let mut off = std::collections::HashSet::new();
        for y in from.year()..=to.year() {
            for (d, _) in self.holidays_in(y) {
                off.insert(d);
            }
        }
        off.extend(self.dates.iter().copied());
        off.into_iter()
            .filter(|d| *d >= from && *d < to)
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .count()
    }

    /// B1: Monday to Friday and not a holiday.
    pub fn is_business_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && self.holiday(d).is_none()
    }

    /// Why `d` is a day off, for a warning (the holiday's name, or "a
    /// weekend"); None on a business day.
    pub fn day_off(&self, d: NaiveDate) -> Option<&str> {
        if self.is_business_day(d) {
            None
        } else {
            Some(self.holiday(d).unwrap_or("a weekend"))
        }
    }

    /// Is `time` (when known) after the end of the working day?
    pub fn after_hours(&self, time: Option<NaiveTime>) -> bool {
        matches!((time, self.business_hours_end), (Some(t), Some(end)) if t >= end)
    }

    /// `d` if it is a business day, else the next one.
    pub fn on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut d = d;
        // Weekends and holidays never run for more than a few days; the
        // bound only guards against a calendar of every day.
        for _ in 0..366 {
            if self.is_business_day(d) {
                return d;
            }
            d = d.checked_add_days(Days::new(1)).unwrap_or(d);
        }
        d
    }
}

/// Reads an organization's calendar file, or the built-in one.
pub fn load(dir: Option<&std::path::Path>) -> Result<Calendar, Error> {
    let Some(path) = dir.map(|d| d.join(FILE)).filter(|p| p.exists()) else {
        return Ok(Calendar::built_in());
    };
    let text = crate::error::read_file(&path)?;
    let name = path.display().to_string();
    Calendar::parse(&name, &text).map_err(|d| {
        Error::user(format!("the calendar {name} has errors."))
            .with_details(vec![d.render(Some(&text))])
            .with_hint(format!("fix it, then check with: cs playbook lint {name}"))
    })
}

/// How customer-facing text writes a date: "Monday, November 23, 2026" (B1).
pub const LONG_DATE: &str = "%A, %B %-d, %Y";

/// A date as customer-facing text writes it (B1).
pub fn long_date(d: NaiveDate) -> String {
    d.format(LONG_DATE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_built_in_calendar_parses() {
        let c = Calendar::parse("calendar.yaml", EMBEDDED).expect("calendar.yaml parses");
        assert_eq!(
            format!("{:?}", Calendar::built_in()),
            format!("{c:?}"),
            "the compiled calendar is its YAML"
        );
        assert!(!COMPILED.is_empty());
        assert_eq!(c.holidays.len(), 11);
    }

    #[test]
    fn b1_us_federal_holidays_of_2026_as_observed() {
        let c = Calendar::built_in();
        let got: Vec<String> = c
            .holidays_in(2026)
            .iter()
            .map(|(d, _)| d.to_string())
            .collect();
        // Independence Day 2026 is a Saturday: observed Friday July 3.
        assert_eq!(
            got,
            [
                "2026-01-01",
                "2026-01-19",
                "2026-02-16",
                "2026-05-25",
                "2026-06-19",
                "2026-07-03",
                "2026-09-07",
                "2026-10-12",
                "2026-11-11",
                "2026-11-26",
                "2026-12-25"
            ]
        );
    }

    #[test]
    fn b1_saturday_and_sunday_holidays_are_observed_on_friday_and_monday() {
        let c = Calendar::built_in();
        // 2022: New Year's Day on a Saturday is observed on Friday 2021-12-31;
        // Christmas on a Sunday on Monday 2022-12-26.
        assert_eq!(c.holiday(d("2021-12-31")), Some("New Year's Day"));
        assert!(
            c.holidays_in(2021)
                .iter()
                .any(|(x, _)| *x == d("2021-12-31"))
        );
        assert_eq!(c.holiday(d("2022-12-26")), Some("Christmas Day"));
        assert!(c.is_business_day(d("2022-12-23")));
        // 2027: Christmas on a Saturday, observed Friday 2027-12-24.
        assert_eq!(c.holiday(d("2027-12-24")), Some("Christmas Day"));
    }

    /// Every day of the years kept worked out (and a few beyond) is the
    /// holiday the rules give it: this year's, the year before's (a
    /// December 31 on a Sunday is observed on January 1) or the next's (a
    /// January 1 on a Saturday on December 31), the first rule that gives
    /// the day naming it, whichever year was asked about first.
    #[test]
    fn b1_each_day_is_the_holiday_its_rules_give() {
        let mut c = Calendar::built_in();
        c.holidays.push(Rule {
            name: "New Year's Eve".into(),
            month: 12,
            day: Some(31),
            weekday: None,
            nth: None,
        });
        let by_rules = |d: NaiveDate| {
            [d.year() - 1, d.year(), d.year() + 1].iter().find_map(|y| {
                c.holidays
                    .iter()
                    .find(|r| r.date_in(*y) == Some(d))
                    .map(|r| r.name.as_str())
            })
        };
        let mut d = d("1990-01-01");
        let mut seen = 0;
        while d <= NaiveDate::from_ymd_opt(2100, 12, 31).unwrap() {
            assert_eq!(c.holiday(d), by_rules(d), "{d}");
            seen += usize::from(c.holiday(d).is_some());
            d = d + Days::new(1);
        }
        assert!(seen > 111 * 11, "{seen} holidays");
        // 2023-12-31 is a Sunday: New Year's Eve 2023 is observed on
        // 2024-01-01, New Year's Day's own date; the earlier year's names it.
        assert_eq!(c.holiday(self::d("2024-01-01")), Some("New Year's Eve"));
        // 2022-01-01 is a Saturday: New Year's Day 2022 is observed on
        // 2021-12-31, where 2021's New Year's Eve rule also falls (a Friday).
        assert_eq!(c.holiday(self::d("2021-12-31")), Some("New Year's Eve"));
    }

    #[test]
    fn b1_the_next_business_day_skips_weekends_and_holidays() {
        let c = Calendar::built_in();
        assert_eq!(c.on_or_after(d("2026-11-26")), d("2026-11-27")); // Thanksgiving
        assert_eq!(c.on_or_after(d("2026-12-25")), d("2026-12-28")); // Christmas, Friday
        assert_eq!(c.on_or_after(d("2026-12-31")), d("2026-12-31"));
        assert_eq!(c.on_or_after(d("2027-01-01")), d("2027-01-04")); // New Year, Friday
        assert_eq!(c.on_or_after(d("2026-11-21")), d("2026-11-23")); // Saturday
        let extra = Calendar::built_in().with_dates([d("2026-11-27")]);
        assert_eq!(extra.on_or_after(d("2026-11-26")), d("2026-11-30"));
    }

    #[test]
    fn b1_a_broken_rule_is_refused() {
        let e =
            Calendar::parse("c.yaml", "holidays:\n  - {name: X, month: 13, day: 1}\n").unwrap_err();
        assert!(e.message.contains("month 13"), "{}", e.message);
        let e =
            Calendar::parse("c.yaml", "holidays:\n  - {name: X, month: 2, day: 30}\n").unwrap_err();
        assert!(e.message.contains("2/30 is not a date"), "{}", e.message);
        let e = Calendar::parse("c.yaml", "holidays:\n  - {name: X, month: 2}\n").unwrap_err();
        assert!(e.message.contains("needs either"), "{}", e.message);
        let e = Calendar::parse(
            "c.yaml",
            "holidays:\n  - {name: X, month: 2, weekday: Mon, nth: 1}\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
    }
}
