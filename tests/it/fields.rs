//! Field parsing rules shared by every source of answers.

use chrono::NaiveDate;
use cs::calendar::Calendar;
use cs::fields::{format_usd, parse_bool, parse_date, parse_email, parse_money, parse_url};
use cs::plan::dates::shift;
use cs::playbook::model::DayKind;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn money_accepts_the_usual_forms() {
    assert_eq!(parse_money("500"), Ok(50_000));
    assert_eq!(parse_money("500.00"), Ok(50_000));
    assert_eq!(parse_money("$1,250.50"), Ok(125_050));
    assert_eq!(parse_money("1250.5"), Ok(125_050));
    assert_eq!(parse_money("$ 499.99"), Ok(49_999));
    for bad in [
        "",
        "12x",
        "1,25",
        "$",
        "1.234",
        "1,2345.00",
        ",100",
        "1e3",
        "--5",
    ] {
        assert!(parse_money(bad).is_err(), "{bad:?} should be refused");
    }
    assert_eq!(format_usd(125_050), "$1,250.50");
    assert_eq!(format_usd(50_000), "$500.00");
    assert_eq!(format_usd(123_456_789), "$1,234,567.89");
}

/// Dates as people type them (#30): US order with or without leading
/// zeros, two- or four-digit years, and ISO; each read as one day.
#[test]
fn dates_are_read_as_people_type_them() {
    let today = d("2026-11-20");
    for (typed, day) in [
        ("2026-01-05", "2026-01-05"),
        ("2026-1-5", "2026-01-05"),
        ("01/05/26", "2026-01-05"),
        ("1/5/26", "2026-01-05"),
        ("12/1/26", "2026-12-01"),
        ("12/01/2026", "2026-12-01"),
        (" 12/01/26 ", "2026-12-01"),
    ] {
        assert_eq!(parse_date(typed, today), Ok(d(day)), "{typed:?}");
    }
    assert_eq!(parse_date("today", today), Ok(today));
    for bad in [
        "02/30/26",
        "2026-02-30",
        "13/01/26",
        "20261105",
        "12/1",
        "12/1/026",
        "26-12-01",
        "12/01-26",
        "next week",
    ] {
        assert!(parse_date(bad, today).is_err(), "{bad:?} should be refused");
    }
    assert_eq!(
        parse_date("02/30/26", today),
        Err("'02/30/26' is not a day of the calendar (month 2, day 30)".into())
    );
}

#[test]
fn bools_emails_urls() {
    assert_eq!(parse_bool("Yes"), Ok(true));
    assert_eq!(parse_bool("n"), Ok(false));
    assert!(parse_bool("maybe").is_err());
    assert!(parse_email("dana.smith+cs@clinic.example.org").is_ok());
    for bad in [
        "dana",
        "dana@",
        "@x.org",
        "dana@x",
        "da na@x.org",
        "dana@x..org",
        "a@b@c.org",
    ] {
        assert!(parse_email(bad).is_err(), "{bad:?} should be refused");
    }
    assert!(parse_url("https://medtrainer.my.salesforce.com/001A").is_ok());
    for bad in ["medtrainer.com", "ftp://x.org", "https://", "https://a b"] {
        assert!(parse_url(bad).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn business_days_skip_weekends_and_holidays() {
    let weekends = Calendar::default();
    let b1 = Calendar::built_in();
    // Friday + 1 business day = Monday.
    assert_eq!(
        shift(d("2026-11-20"), 1, DayKind::Business, &weekends),
        d("2026-11-23")
    );
    // Saturday + 0 = Monday.
    assert_eq!(
        shift(d("2026-11-21"), 0, DayKind::Business, &weekends),
        d("2026-11-23")
    );
    // B1: over Thanksgiving.
    assert_eq!(
        shift(d("2026-11-25"), 1, DayKind::Business, &b1),
        d("2026-11-27")
    );
    // Ten consecutive business days from a Friday end on the second Thursday
    // after, or the Friday when Thanksgiving is one of them.
    assert_eq!(
        shift(d("2026-11-20"), 9, DayKind::Business, &weekends),
        d("2026-12-03")
    );
    assert_eq!(
        shift(d("2026-11-20"), 9, DayKind::Business, &b1),
        d("2026-12-04")
    );
    // Calendar days across a year end.
    assert_eq!(
        shift(d("2026-12-31"), 1, DayKind::Calendar, &b1),
        d("2027-01-01")
    );
    assert_eq!(
        shift(d("2027-01-01"), -1, DayKind::Calendar, &b1),
        d("2026-12-31")
    );
    // B1: back from Monday 2027-01-04 over New Year's Day.
    assert_eq!(
        shift(d("2027-01-04"), -1, DayKind::Business, &weekends),
        d("2027-01-01")
    );
    assert_eq!(
        shift(d("2027-01-04"), -1, DayKind::Business, &b1),
        d("2026-12-31")
    );
}
